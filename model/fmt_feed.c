/*
 * fmt_feed.c: news feeds (RSS 2.0, RSS 1.0/RDF, Atom) and saved HTML pages
 * as input, parsed with libxml2. Readers only.
 *
 * Feeds: each item or entry is one doc. Title, link (url), guid or id
 * (ext_id), date (pubDate, dc:date, published, updated; as YYYY-MM-DD) and
 * the feed's own title (source). The text is the item's full content
 * (content:encoded, Atom content) when the feed carries it, else its
 * description or summary, turned from HTML into paragraphs (html.h);
 * an item with neither gets its title as text, so it can still be read.
 * A feed that is not well-formed XML is refused at the line and column
 * libxml2 reports. External entities and DTDs are never loaded.
 *
 * HTML: one page is one doc (html_page_read).
 */
#include "config.h"
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "model/xml_dl.h"
#include "model/fmt.h"
#include "model/html.h"

/* The first bytes name the root: <rss, <feed or <rdf:RDF after the XML
 * declaration, comments and white space. */
static int
feed_sniff(const char *buf, size_t len)
{
	size_t n = len < 2048 ? len : 2048;
	const char *p = buf, *e = buf + n;

	while (p < e) {
		const char *lt = memchr(p, '<', (size_t)(e - p));

		if (lt == NULL || lt + 1 >= e)
			return 0;
		p = lt + 1;
		if (*p == '?' || *p == '!')
			continue;
		return (e - p >= 3 && strncmp(p, "rss", 3) == 0) || (e - p >= 4 && strncmp(p, "feed", 4) == 0) ||
		    (e - p >= 7 && strncmp(p, "rdf:RDF", 7) == 0);
	}
	return 0;
}

static int
html_sniff(const char *buf, size_t len)
{
	size_t n = len < 1024 ? len : 1024;

	for (size_t i = 0; i + 5 <= n; i++)
		if (buf[i] == '<' && (strncasecmp(buf + i, "<html", 5) == 0 ||
		    (i + 14 <= n && strncasecmp(buf + i, "<!doctype html", 14) == 0)))
			return 1;
	return 0;
}

static int
is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *
child(const xmlNode *n, const char *name)
{
	for (n = n->children; n; n = n->next)
		if (is(n, name))
			return n;
	return NULL;
}

/* The text content of n, malloc'd (NULL if n is NULL or empty). */
static char *
content(const xmlNode *n)
{
	xmlChar *c;
	char *s = NULL;
	size_t a = 0, b;

	if (n == NULL || (c = xmlNodeGetContent(n)) == NULL)
		return NULL;
	b = strlen((const char *)c);
	while (a < b && isspace(c[a]))
		a++;
	while (b > a && isspace(c[b - 1]))
		b--;
	if (b > a && (s = malloc(b - a + 1)) != NULL) {
		memcpy(s, c + a, b - a);
		s[b - a] = '\0';
	}
	xmlFree(c);
	return s;
}

/* An item's body: Atom type="xhtml" content is markup in the feed; html,
 * RSS descriptions and content:encoded are escaped HTML; text is text. */
static char *
body_text(const xmlNode *n)
{
	xmlChar *type;
	char *raw, *s;
	int xhtml, text;

	if (n == NULL)
		return NULL;
	type = xmlGetProp(n, (const xmlChar *)"type");
	xhtml = type && strcmp((const char *)type, "xhtml") == 0;
	text = type && strcmp((const char *)type, "text") == 0;
	xmlFree(type);
	if (xhtml) {
		xmlBufferPtr buf = xmlBufferCreate();

		s = NULL;
		if (buf) {
			for (const xmlNode *c = n->children; c; c = c->next)
				xmlNodeDump(buf, n->doc, (xmlNodePtr)(uintptr_t)c, 0, 0);
			s = html_fragment_text((const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
			xmlBufferFree(buf);
		}
		return s;
	}
	if ((raw = content(n)) == NULL)
		return NULL;
	if (text)
		return raw;
	s = html_fragment_text(raw, strlen(raw));
	free(raw);
	return s;
}

/* An Atom entry's link: rel="alternate" or no rel. */
static char *
atom_link(const xmlNode *e)
{
	for (const xmlNode *n = e->children; n; n = n->next) {
		xmlChar *rel, *href;
		char *s = NULL;

		if (!is(n, "link"))
			continue;
		rel = xmlGetProp(n, (const xmlChar *)"rel");
		if ((rel == NULL || strcmp((const char *)rel, "alternate") == 0) &&
		    (href = xmlGetProp(n, (const xmlChar *)"href")) != NULL) {
			s = strdup((const char *)href);
			xmlFree(href);
		}
		xmlFree(rel);
		if (s)
			return s;
	}
	return NULL;
}

/* The first of the named children that has text. */
static char *
first_of(const xmlNode *item, const char *const *names, int html)
{
	for (size_t i = 0; names[i]; i++) {
		const xmlNode *n = child(item, names[i]);
		char *s = html ? body_text(n) : content(n);

		if (s && *s)
			return s;
		free(s);
	}
	return NULL;
}

/* One item or entry into d; 0, -1 out of memory. */
static int
item_doc(const xmlNode *item, int atom, const char *source, doc *d)
{
	static const char *const bodies[] = { "encoded", "content", "description", "summary", NULL };
	static const char *const dates[] = { "pubDate", "date", "published", "updated", NULL };
	static const char *const ids[] = { "guid", "id", NULL };
	char *date, iso[11], *text;

	d->title = first_of(item, (const char *const[]){ "title", NULL }, 1);
	d->url = atom ? atom_link(item) : content(child(item, "link"));
	d->ext_id = first_of(item, ids, 0);
	if ((date = first_of(item, dates, 0)) != NULL && html_date_iso(date, iso) == 0)
		doc_set_str(&d->date, iso);
	free(date);
	if (source && doc_set_str(&d->source, source) != 0)
		return -1;
	if ((text = first_of(item, bodies, 1)) == NULL && d->title)
		text = strdup(d->title);
	if (text == NULL)
		return 0;
	d->text = text;
	d->len = strlen(text);
	return 0;
}

/*
 * Parse a feed: the document, whether it is Atom, and its channel (the
 * Atom root, or RSS's <channel>). NULL with err set when it is not
 * well-formed XML or not a feed.
 */
static xmlDocPtr
feed_parse(const char *buf, size_t len, int *atom, const xmlNode **chan, doc_err *err)
{
	xmlParserCtxtPtr ctx;
	xmlDocPtr x;
	const xmlNode *root;
	char why[256];

	if (xml_dl_load(why, sizeof why) != 0) {
		doc_err_set(err, 1, 0, "%s", why);
		return NULL;
	}
	if (len > INT_MAX || (ctx = xmlNewParserCtxt()) == NULL) {
		doc_err_set(err, 1, 0, "feed too large");
		return NULL;
	}
	x = xmlCtxtReadMemory(ctx, buf, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (x == NULL) {
		const xmlError *e = xmlCtxtGetLastError(ctx);
		char msg[200] = "not well-formed XML";

		if (e && e->message) {
			snprintf(msg, sizeof msg, "%s", e->message);
			msg[strcspn(msg, "\n")] = '\0';
		}
		doc_err_set(err, e && e->line > 0 ? (size_t)e->line : 1, e && e->int2 > 0 ? (size_t)e->int2 : 0,
		    "feed: %s", msg);
		xmlFreeParserCtxt(ctx);
		return NULL;
	}
	xmlFreeParserCtxt(ctx);
	root = xmlDocGetRootElement(x);
	*atom = root && is(root, "feed");
	*chan = root == NULL ? NULL : *atom ? root : child(root, "channel");
	if (*chan == NULL) {
		xmlFreeDoc(x);
		doc_err_set(err, 1, 0, "not an RSS or Atom feed");
		return NULL;
	}
	return x;
}

char *
feed_title(const char *buf, size_t len)
{
	const xmlNode *chan;
	doc_err err;
	xmlDocPtr x;
	char *t;
	int atom;

	if (!feed_sniff(buf, len) || (x = feed_parse(buf, len, &atom, &chan, &err)) == NULL)
		return NULL;
	t = first_of(chan, (const char *const[]){ "title", NULL }, 1);
	xmlFreeDoc(x);
	return t;
}

static int
feed_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg, fmt_report *rep, doc_err *err)
{
	xmlDocPtr x;
	const xmlNode *root, *chan, *n;
	char *source;
	int atom, rc = 0;
	size_t empty = 0;

	(void)o;
	if ((x = feed_parse(in->buf, in->len, &atom, &chan, err)) == NULL)
		return -1;
	root = xmlDocGetRootElement(x);
	source = first_of(chan, (const char *const[]){ "title", NULL }, 1);
	/* RSS 1.0 keeps its items beside the channel, 2.0 inside it. */
	for (n = is(root, "RDF") ? root->children : chan->children; n && rc == 0; n = n->next) {
		doc d;

		if (!is(n, atom ? "entry" : "item"))
			continue;
		doc_init(&d);
		if (item_doc(n, atom, source, &d) != 0) {
			doc_err_set(err, (size_t)xmlGetLineNo(n), 0, "out of memory");
			rc = -1;
		} else if (d.text == NULL) {
			empty++;
		} else if (emit(&d, arg) != 0) {
			doc_err_set(err, (size_t)xmlGetLineNo(n), 0, "import stopped");
			rc = -1;
		}
		doc_clear(&d);
	}
	free(source);
	xmlFreeDoc(x);
	if (empty && rep) {
		rep->skipped += empty;
		fmt_report_add(rep, "%zu item%s without title or text", empty, empty == 1 ? "" : "s");
	}
	return rc;
}

static int
html_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg, fmt_report *rep, doc_err *err)
{
	doc d;
	int rc;

	(void)o;
	(void)rep;
	doc_init(&d);
	if (html_page_read(in->buf, in->len, &d, err) != 0) {
		doc_clear(&d);
		return -1;
	}
	rc = emit(&d, arg);
	doc_clear(&d);
	if (rc != 0) {
		doc_err_set(err, 1, 0, "import stopped");
		return -1;
	}
	return 0;
}

const fmt fmt_feed = {
	.name = "feed",
	.exts = ".rss .atom .xml",
	.sniff = feed_sniff,
	.read = feed_read,
};

const fmt fmt_html = {
	.name = "html",
	.exts = ".html .htm .xhtml",
	.sniff = html_sniff,
	.read = html_read,
};
