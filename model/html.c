/*
 * html.c: readable text out of HTML (html.h), through libxml2's HTML
 * parser, which decodes entities and recovers from tag soup.
 *
 * The walk over the tree appends text to a growing buffer and remembers a
 * pending break (none, line, paragraph) instead of writing it at once, so
 * nested blocks and empty elements never stack blank lines and the text
 * never starts or ends with white space.
 */
#include "config.h"
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include "model/xml_dl.h"
#include "model/html.h"

/* The text being built. */
struct tbuf {
	char *s;
	size_t len, cap;
	int brk;    /* pending break: 0 none, 1 space, 2 line, 3 paragraph */
	int oom;
};

static void
put(struct tbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = realloc(b->s, cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
want_break(struct tbuf *b, int brk)
{
	if (brk > b->brk)
		b->brk = brk;
}

/* Text of a text node: white space collapsed to the pending break. */
static void
put_text(struct tbuf *b, const char *s)
{
	while (*s) {
		size_t n = 0;

		if (isspace((unsigned char)*s)) {
			want_break(b, 1);
			s++;
			continue;
		}
		while (s[n] && !isspace((unsigned char)s[n]))
			n++;
		if (b->len > 0 && b->brk > 0)
			put(b, b->brk == 3 ? "\n\n" : b->brk == 2 ? "\n" : " ", b->brk == 3 ? 2 : 1);
		b->brk = 0;
		put(b, s, n);
		s += n;
	}
}

static int
name_in(const xmlChar *name, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (strcasecmp((const char *)name, names[i]) == 0)
			return 1;
	return 0;
}

/* Elements whose content is never article text. */
static const char *const skipped[] = {
	"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe",
	"object", "embed", "canvas", "form", "button", "select", "textarea", "input", "nav",
	"aside", "footer", "figure", "audio", "video", NULL
};
/* Elements that stand as paragraphs of their own. */
static const char *const blocks[] = {
	"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section",
	"article", "main", "header", "ul", "ol", "dl", "dd", "dt", "table", "tr", "hr",
	"address", "details", "summary", "center", NULL
};

static void
walk(struct tbuf *b, const xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				put_text(b, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			int blk;

			if (name_in(n->name, skipped))
				continue;
			if (strcasecmp((const char *)n->name, "br") == 0) {
				want_break(b, 2);
				continue;
			}
			blk = name_in(n->name, blocks) ? 3 : strcasecmp((const char *)n->name, "li") == 0 ||
			    strcasecmp((const char *)n->name, "td") == 0 ? 2 : 0;
			want_break(b, blk);
			walk(b, n->children);
			want_break(b, blk);
		}
	}
}

/* The text of n's subtree (and its following siblings' when siblings);
 * NULL if out of memory. */
static char *
node_text(const xmlNode *n, int siblings, size_t *len)
{
	struct tbuf b = { NULL, 0, 0, 0, 0 };

	put(&b, "", 0);
	if (n && siblings)
		walk(&b, n);
	else if (n)
		walk(&b, n->children);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	*len = b.len;
	return b.s;
}

/* Parse HTML that is UTF-8 when it is valid UTF-8, else whatever its own
 * <meta charset> says (libxml2 falls back to Latin-1). */
static htmlDocPtr
parse_html(const char *buf, size_t len)
{
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	    HTML_PARSE_NOBLANKS | HTML_PARSE_NOIMPLIED;
	char err[256];

	if (len > INT_MAX || xml_dl_load(err, sizeof err) != 0)
		return NULL;
	return htmlReadMemory(buf, (int)len, NULL,
	    u8_check((const uint8_t *)buf, len) == NULL ? "UTF-8" : NULL, opts);
}

char *
html_fragment_text(const char *buf, size_t len)
{
	htmlDocPtr h;
	char *s;
	size_t n;

	if (len == 0 || (h = parse_html(buf, len)) == NULL)
		return strdup("");
	/* Without implied <html><body>, a fragment may have several roots. */
	s = node_text(h->children, 1, &n);
	xmlFreeDoc(h);
	return s;
}

/* First element named name in the subtree (document order), or NULL. */
static const xmlNode *
find(const xmlNode *n, const char *name)
{
	for (; n; n = n->next) {
		const xmlNode *r;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcasecmp((const char *)n->name, name) == 0)
			return n;
		if ((r = find(n->children, name)) != NULL)
			return r;
	}
	return NULL;
}

/* Characters of text directly inside n's <p> children. */
static size_t
p_weight(const xmlNode *n)
{
	size_t w = 0;

	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcasecmp((const char *)c->name, "p") == 0) {
			xmlChar *t = xmlNodeGetContent(c);

			if (t) {
				w += strlen((const char *)t);
				xmlFree(t);
			}
		}
	return w;
}

/* The element whose <p> children hold the most text ("the densest block"). */
static void
densest(const xmlNode *n, const xmlNode **best, size_t *bw)
{
	for (; n; n = n->next) {
		size_t w;

		if (n->type != XML_ELEMENT_NODE || name_in(n->name, skipped))
			continue;
		if ((w = p_weight(n)) > *bw) {
			*bw = w;
			*best = n;
		}
		densest(n->children, best, bw);
	}
}

/* The value of attribute attr of the first <tag> whose attribute key is
 * val (e.g. <meta property="og:title" content=...>); malloc'd or NULL. */
static char *
meta_value(const xmlNode *n, const char *tag, const char *key, const char *val, const char *attr)
{
	for (; n; n = n->next) {
		char *r;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcasecmp((const char *)n->name, tag) == 0) {
			xmlChar *k = xmlGetProp(n, (const xmlChar *)key);
			int hit = k && (val == NULL || strcasecmp((const char *)k, val) == 0);

			xmlFree(k);
			if (hit) {
				xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);

				if (v) {
					r = strdup((const char *)v);
					xmlFree(v);
					return r;
				}
			}
		}
		if ((r = meta_value(n->children, tag, key, val, attr)) != NULL)
			return r;
	}
	return NULL;
}

/* A meta value under property= or name= (sites use both). */
static char *
og(const xmlNode *root, const char *prop)
{
	char *v = meta_value(root, "meta", "property", prop, "content");

	return v ? v : meta_value(root, "meta", "name", prop, "content");
}

/* Collapse the white space of a short one-line field in place; NULL when
 * nothing is left. Takes s over. */
static char *
one_line(char *s)
{
	size_t i = 0, o = 0;
	int sp = 0;

	if (s == NULL)
		return NULL;
	for (; s[i]; i++) {
		if (isspace((unsigned char)s[i])) {
			sp = o > 0;
			continue;
		}
		if (sp)
			s[o++] = ' ';
		sp = 0;
		s[o++] = s[i];
	}
	s[o] = '\0';
	if (o == 0) {
		free(s);
		return NULL;
	}
	return s;
}

int
html_page_read(const char *buf, size_t len, doc *d, doc_err *err)
{
	htmlDocPtr h;
	const xmlNode *root, *main = NULL;
	char *s, *date, iso[11], why[256];
	size_t n, bw = 0;

	if (xml_dl_load(why, sizeof why) != 0) {
		doc_err_set(err, 1, 0, "%s", why);
		return -1;
	}
	h = parse_html(buf, len);
	if (h == NULL || (root = xmlDocGetRootElement(h)) == NULL) {
		if (h)
			xmlFreeDoc(h);
		doc_err_set(err, 1, 0, "not an HTML page");
		return -1;
	}
	if ((main = find(root, "article")) == NULL && (main = find(root, "main")) == NULL) {
		densest(root, &main, &bw);
		if (main == NULL && (main = find(root, "body")) == NULL)
			main = root;
	}
	if ((s = node_text(main, 0, &n)) == NULL || n == 0) {
		free(s);
		xmlFreeDoc(h);
		doc_err_set(err, 1, 0, "no text in the page");
		return -1;
	}
	free(d->text);
	d->text = s;
	d->len = n;
	if ((s = one_line(og(root, "og:title"))) == NULL) {
		const xmlNode *t = find(root, "title");
		xmlChar *c = t ? xmlNodeGetContent(t) : NULL;

		s = one_line(c ? strdup((const char *)c) : NULL);
		xmlFree(c);
	}
	free(d->title);
	d->title = s;
	if ((date = og(root, "article:published_time")) == NULL)
		date = meta_value(root, "time", "datetime", NULL, "datetime");
	if (date && html_date_iso(date, iso) == 0)
		doc_set_str(&d->date, iso);
	free(date);
	free(d->source);
	d->source = one_line(og(root, "og:site_name"));
	if ((s = one_line(og(root, "og:url"))) == NULL)
		s = one_line(meta_value(root, "link", "rel", "canonical", "href"));
	free(d->url);
	d->url = s;
	xmlFreeDoc(h);
	return 0;
}

/* --- dates ----------------------------------------------------------------- */

static int
digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int
put_iso(int y, int m, int dd, char out[11])
{
	if (y < 1000 || y > 9999 || m < 1 || m > 12 || dd < 1 || dd > 31)
		return -1;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, dd);
	return 0;
}

int
html_date_iso(const char *s, char out[11])
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	int y, m, dd;

	while (isspace((unsigned char)*s))
		s++;
	if (digits(s, 4, &y) == 0 && s[4] == '-' && digits(s + 5, 2, &m) == 0 && s[7] == '-' &&
	    digits(s + 8, 2, &dd) == 0)
		return put_iso(y, m, dd, out);
	/* RFC 822: [Day, ] DD Mon YYYY ... */
	if (isalpha((unsigned char)*s)) {
		while (*s && *s != ',')
			s++;
		if (*s++ != ',')
			return -1;
		while (isspace((unsigned char)*s))
			s++;
	}
	for (dd = 0; isdigit((unsigned char)*s) && dd < 100; s++)
		dd = dd * 10 + (*s - '0');
	while (isspace((unsigned char)*s))
		s++;
	for (m = 0; m < 12; m++)
		if (strncasecmp(s, months + 3 * m, 3) == 0)
			break;
	if (m == 12)
		return -1;
	s += 3;
	while (*s && !isspace((unsigned char)*s))
		s++; /* "January" */
	while (isspace((unsigned char)*s))
		s++;
	if (digits(s, 4, &y) != 0) {
		if (digits(s, 2, &y) != 0)
			return -1;
		y += y < 50 ? 2000 : 1900;
	}
	return put_iso(y, m + 1, dd, out);
}
