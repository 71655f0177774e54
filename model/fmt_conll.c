/*
 * fmt_conll.c: CoNLL-2003-style columns, read and written.
 *
 * Reading. One token per line; columns are separated by spaces or tabs;
 * the token is the first column and the NER tag the LAST (POS and chunk
 * columns in between are ignored), so 2-, 3- and 4-column files all read.
 * A blank line ends a sentence. A `-DOCSTART-` line starts a new document;
 * a file without any is one document. The text of a document is rebuilt
 * from its tokens: tokens joined by one space, sentences by one "\n", no
 * trailing newline. Since that text is pre-tokenised, the doc's metadata
 * says so (TOKEN_META_WHITESPACE) and the writer then cuts tokens at
 * spaces only: export of an imported file gives back the same token lines.
 *
 * Comments: outside a sentence (before its first token), a line that is
 * "#" alone or starts with "# " or "#<TAB>" is a comment, unless it reads
 * as a token line whose last column is a valid tag ("# O" is the token
 * "#"). Inside a sentence every line is a token line: "#farms O" is a
 * hashtag token wherever it is.
 *
 * Tags: "O", or P-TYPE where P is B, I, L (or E), U (or S). All schemes
 * decode with one rule set that is right for IOB1, IOB2/BIO and
 * BILOU/IOBES alike: B starts an entity; I continues an entity of its type
 * or else starts one (IOB1 starts entities with I; an IOB2 file that does
 * the same, as many do, is read the way conlleval reads it); L (E) ends
 * one, U (S) is a one-token entity. So the auto mode never has to guess.
 * A forced scheme (fo.scheme) makes the reader strict instead: a tag the
 * scheme does not allow is an error naming its line. A malformed tag
 * ("B-", "X-PER", "SOCCER") or a line with one column is always an error,
 * with its line and column. Invalid UTF-8 and NUL bytes are errors.
 *
 * The spaCy "sentence per line" variant, `word|POS|TAG word|POS|TAG ...`,
 * is read when the first token line has no tab and every field of it has a
 * `|` and ends in a valid tag: one sentence per line, token before the
 * first `|`, tag after the last.
 *
 * Writing. Per document a `-DOCSTART- -X- -X- O` line and a blank line,
 * then sentences of `TOKEN TAG` lines (two columns, one space) each
 * followed by a blank line. Tokens come from token_split_mode() with a cut
 * at every span edge, so no span moves. Sentences end at each "\n" of the
 * text, and (prose only, not pre-tokenised text) after . ! ? … attached to
 * a word and followed by white space and a capital, digit or quote; never
 * inside an entity. Tags are IOB2 unless fo.scheme asks for IOB1 or BILOU.
 * Only entity spans that are not rejected are written. CoNLL cannot nest:
 * of overlapping entities the one that starts first (the longest among
 * equal starts) is kept and the others are counted for write_report; so
 * are entities trimmed to whole tokens (an edge in white space) and
 * entities that cover no token. A character Python's split() takes for
 * white space (U+001C-001F, U+00A0, U+2028 ...) inside a token or a label
 * is written as '_', and counted: every Python CoNLL reader (NLTK's
 * ConllCorpusReader, spaCy's converters) would split the line there.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include "model/fmt.h"
#include "model/text.h"
#include "model/token.h"
#include "model/utf8.h"

/* A parsed tag: p is 'O', 'B', 'I', 'L' or 'U' (E and S mapped to L and U). */
typedef struct ctag {
	char p;
	const char *type;  /* points into the input; NULL for O */
	size_t tlen;
} ctag;

static int
tag_parse(const char *s, size_t n, ctag *t)
{
	t->type = NULL;
	t->tlen = 0;
	if (n == 1 && s[0] == 'O') {
		t->p = 'O';
		return 0;
	}
	if (n < 3 || s[1] != '-')
		return -1;
	switch (s[0]) {
	case 'B': case 'I': case 'L': case 'U':
		t->p = s[0];
		break;
	case 'E':
		t->p = 'L';
		break;
	case 'S':
		t->p = 'U';
		break;
	default:
		return -1;
	}
	t->type = s + 2;
	t->tlen = n - 2;
	return 0;
}

static int
same_type(const ctag *a, const ctag *b)
{
	return a->type && b->type && a->tlen == b->tlen && memcmp(a->type, b->type, a->tlen) == 0;
}

static int
is_col_space(char c)
{
	return c == ' ' || c == '\t';
}

/* The next field of p[0..n) at or after *i: [*s, *i). 0 when none is left. */
static int
next_field(const char *p, size_t n, size_t *i, size_t *s)
{
	while (*i < n && is_col_space(p[*i]))
		(*i)++;
	if (*i == n)
		return 0;
	*s = *i;
	while (*i < n && !is_col_space(p[*i]))
		(*i)++;
	return 1;
}

/* Split line p[0..n) into fields; returns the count, first and last field. */
static size_t
fields(const char *p, size_t n, const char **f0, size_t *n0, const char **fl, size_t *nl)
{
	size_t i = 0, k = 0, s;

	while (next_field(p, n, &i, &s)) {
		if (k++ == 0) {
			*f0 = p + s;
			*n0 = i - s;
		}
		*fl = p + s;
		*nl = i - s;
	}
	return k;
}

/* ------------------------------------------------------------------ */
/* Reader */

typedef struct reader {
	const fmt_opts *o;
	fmt_emit emit;
	void *arg;
	doc_err *err;
	doc d;             /* spans collect here; text is set on emit */
	char *text;        /* the rebuilt text of the current document */
	size_t len, cap;   /* bytes */
	size_t cps;        /* code points in text */
	int in_sent;       /* the current sentence has a token */
	int sent_mode;     /* -1 unknown yet, 0 token per line, 1 sentence per line */
	char *lab;         /* NUL-terminated label for spans */
	size_t labcap;
	/* the entity being read */
	int open;
	ctag ent;
	size_t ent_start, ent_end;
	/* the previous tag in this sentence, for the strict checks */
	ctag prev;
	size_t prev_line;
} reader;

static int
grow(char **buf, size_t *cap, size_t need)
{
	char *b = fmt_grow(*buf, cap, need, 1);

	if (b == NULL)
		return -1;
	*buf = b;
	return 0;
}

static int
oom(reader *r, size_t line)
{
	doc_err_set(r->err, line, 0, "out of memory");
	return -1;
}

/* Close the open entity into a span. */
static int
close_entity(reader *r, size_t line)
{
	span s = { 0 };

	if (!r->open)
		return 0;
	r->open = 0;
	if (grow(&r->lab, &r->labcap, r->ent.tlen + 1) != 0)
		return oom(r, line);
	memcpy(r->lab, r->ent.type, r->ent.tlen);
	r->lab[r->ent.tlen] = '\0';
	s.start = r->ent_start;
	s.end = r->ent_end;
	s.label = r->lab;
	s.kind = SPAN_ENTITY;
	s.status = r->o ? r->o->as_status : SPAN_CONFIRMED;
	s.source = SRC_IMPORT;
	s.confidence = 1.0;
	if (doc_add_span(&r->d, &s) != 0)
		return oom(r, line);
	return 0;
}

static const char *
scheme_name(int scheme)
{
	return scheme == FMT_SCHEME_IOB1 ? "IOB1" : scheme == FMT_SCHEME_IOB2 ? "IOB2" : "BILOU";
}

/* A forced scheme: does the previous tag allow t (NULL: the sentence ends)? */
static int
check_strict(reader *r, const ctag *t, size_t line, size_t col)
{
	int sc = r->o ? r->o->scheme : FMT_SCHEME_AUTO;
	const ctag *p = &r->prev;
	int cont = r->prev_line && (p->p == 'B' || p->p == 'I') && t && same_type(p, t);

	if (sc == FMT_SCHEME_AUTO)
		return 0;
	if (sc == FMT_SCHEME_BILOU) {
		if (r->prev_line && (p->p == 'B' || p->p == 'I') &&
		    !(t && (t->p == 'I' || t->p == 'L') && same_type(p, t))) {
			doc_err_set(r->err, r->prev_line, 0, "%c-%.*s is not closed by I-/L-%.*s (BILOU)",
			    p->p, (int)p->tlen, p->type, (int)p->tlen, p->type);
			return -1;
		}
		if (t && (t->p == 'I' || t->p == 'L') && !cont) {
			doc_err_set(r->err, line, col, "%c-%.*s does not continue an entity (BILOU)",
			    t->p, (int)t->tlen, t->type);
			return -1;
		}
		return 0;
	}
	if (t == NULL || t->p == 'O')
		return 0;
	if (t->p == 'L' || t->p == 'U') {
		doc_err_set(r->err, line, col, "%c-%.*s is not an %s tag",
		    t->p, (int)t->tlen, t->type, scheme_name(sc));
		return -1;
	}
	if (sc == FMT_SCHEME_IOB2 && t->p == 'I' && !cont) {
		doc_err_set(r->err, line, col, "I-%.*s does not continue an entity (IOB2 starts one with B-%.*s)",
		    (int)t->tlen, t->type, (int)t->tlen, t->type);
		return -1;
	}
	if (sc == FMT_SCHEME_IOB1 && t->p == 'B' && !cont) {
		doc_err_set(r->err, line, col, "B-%.*s does not follow a %.*s entity (IOB1 uses B- only between two)",
		    (int)t->tlen, t->type, (int)t->tlen, t->type);
		return -1;
	}
	return 0;
}

static int
end_sentence(reader *r, size_t line)
{
	if (check_strict(r, NULL, line, 0) != 0)
		return -1;
	r->in_sent = 0;
	r->prev_line = 0;
	return close_entity(r, line);
}

/* Append one token with its tag (col: the tag's column, for messages). */
static int
add_token(reader *r, const char *tok, size_t n, const ctag *t, size_t line, size_t col)
{
	size_t start;

	if (check_strict(r, t, line, col) != 0)
		return -1;
	if (grow(&r->text, &r->cap, r->len + n + 1) != 0)
		return oom(r, line);
	if (r->in_sent || r->len > 0) {
		r->text[r->len++] = r->in_sent ? ' ' : '\n';
		r->cps++;
	}
	start = r->cps;
	memcpy(r->text + r->len, tok, n);
	r->len += n;
	r->cps += utf8_count(tok, n);
	r->in_sent = 1;

	if (t->p == 'O' || t->p == 'B' || t->p == 'U' ||
	    ((t->p == 'I' || t->p == 'L') && !(r->open && same_type(&r->ent, t)))) {
		if (close_entity(r, line) != 0)
			return -1;
		if (t->p != 'O') {
			r->open = 1;
			r->ent = *t;
			r->ent_start = start;
		}
	}
	r->ent_end = r->cps;
	if ((t->p == 'L' || t->p == 'U') && close_entity(r, line) != 0)
		return -1;
	r->prev = *t;
	r->prev_line = line;
	return 0;
}

static int
finish_doc(reader *r, size_t line)
{
	int rc = 0;

	if (end_sentence(r, line) != 0)
		return -1;
	if (r->len > 0) {
		if (doc_set_text(&r->d, r->text, r->len) != 0 ||
		    doc_set_str(&r->d.meta, TOKEN_META_WHITESPACE) != 0)
			return oom(r, line);
		if (r->emit(&r->d, r->arg) != 0) {
			doc_err_set(r->err, line, 0, "import stopped");
			rc = -1;
		}
	}
	doc_clear(&r->d);
	r->len = 0;
	r->cps = 0;
	return rc;
}

static int
bad_tag(reader *r, const char *tag, size_t n, size_t line, size_t col)
{
	doc_err_set(r->err, line, col, "invalid tag \"%.*s\" (expected O, B-, I-, L-/E- or U-/S- and a type)",
	    (int)(n > 40 ? 40 : n), tag);
	return -1;
}

/* A `word|POS|TAG` field: the token before the first |, the tag after the last. */
static int
split_bar(const char *f, size_t n, size_t *tn, const char **tag, size_t *tagn)
{
	const char *a = memchr(f, '|', n), *b = NULL;

	if (a == NULL)
		return -1;
	for (const char *q = f + n; q > f; q--)
		if (q[-1] == '|') {
			b = q;
			break;
		}
	*tn = (size_t)(a - f);
	*tag = b;
	*tagn = (size_t)(f + n - b);
	return 0;
}

/* Is this line a sentence in the word|POS|TAG variant? */
static int
looks_sent_per_line(const char *p, size_t n)
{
	size_t i = 0, k = 0, s;

	if (memchr(p, '\t', n))
		return 0;
	while (next_field(p, n, &i, &s)) {
		size_t tn, tagn;
		const char *tag;
		ctag t;

		if (split_bar(p + s, i - s, &tn, &tag, &tagn) != 0 || tag_parse(tag, tagn, &t) != 0)
			return 0;
		k++;
	}
	return k > 0;
}

static int
read_sent_line(reader *r, const char *p, size_t n, size_t line)
{
	size_t i = 0, s;

	while (next_field(p, n, &i, &s)) {
		size_t tn, tagn;
		const char *tag;
		ctag t;

		if (split_bar(p + s, i - s, &tn, &tag, &tagn) != 0) {
			doc_err_set(r->err, line, s + 1, "field \"%.*s\" has no |TAG", (int)(i - s > 40 ? 40 : i - s), p + s);
			return -1;
		}
		if (tag_parse(tag, tagn, &t) != 0)
			return bad_tag(r, tag, tagn, line, (size_t)(tag - p) + 1);
		if (tn == 0) {
			doc_err_set(r->err, line, s + 1, "empty token");
			return -1;
		}
		if (add_token(r, p + s, tn, &t, line, (size_t)(tag - p) + 1) != 0)
			return -1;
	}
	return end_sentence(r, line);
}

static int
read_line(reader *r, const char *p, size_t n, size_t line)
{
	const char *f0 = NULL, *fl = NULL;
	size_t n0 = 0, nl = 0, k = fields(p, n, &f0, &n0, &fl, &nl);
	ctag t;
	int tag_ok;

	if (k == 0)
		return end_sentence(r, line);
	if (n0 == 10 && memcmp(f0, "-DOCSTART-", 10) == 0)
		return finish_doc(r, line);
	tag_ok = k >= 2 && tag_parse(fl, nl, &t) == 0;
	if (!r->in_sent && p[0] == '#' && (n == 1 || is_col_space(p[1])) && !tag_ok)
		return 0;
	if (r->sent_mode < 0)
		r->sent_mode = looks_sent_per_line(p, n);
	if (r->sent_mode)
		return read_sent_line(r, p, n, line);
	if (k < 2) {
		doc_err_set(r->err, line, 1, "one column \"%.*s\": expected TOKEN [columns...] TAG",
		    (int)(n0 > 40 ? 40 : n0), f0);
		return -1;
	}
	if (!tag_ok)
		return bad_tag(r, fl, nl, line, (size_t)(fl - p) + 1);
	return add_token(r, f0, n0, &t, line, (size_t)(fl - p) + 1);
}

static int
conll_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg,
    fmt_report *rep, doc_err *err)
{
	reader r;
	const char *buf = in->buf, *end, *nul;
	size_t line = 0, len = in->len;
	text_err te;
	int rc = 0;

	(void)rep;
	memset(&r, 0, sizeof r);
	r.o = o;
	r.emit = emit;
	r.arg = arg;
	r.err = err;
	r.sent_mode = -1;
	doc_init(&r.d);
	if (buf == NULL)
		len = 0;
	if (text_validate(buf, len, &te) != 0) {
		doc_err_set(err, te.line, te.col, "%s", te.msg);
		return -1;
	}
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	end = buf + len;
	while (buf < end && rc == 0) {
		const char *e = memchr(buf, '\n', (size_t)(end - buf));
		size_t n = (size_t)((e ? e : end) - buf);

		line++;
		if (n > 0 && buf[n - 1] == '\r')
			n--;
		if ((nul = memchr(buf, '\0', n)) != NULL) {
			doc_err_set(err, line, (size_t)(nul - buf) + 1, "NUL byte");
			rc = -1;
			break;
		}
		rc = read_line(&r, buf, n, line);
		buf = e ? e + 1 : end;
	}
	if (rc == 0)
		rc = finish_doc(&r, line);
	doc_clear(&r.d);
	free(r.text);
	free(r.lab);
	return rc;
}

/* "-DOCSTART-", or the first lines are TOKEN ... TAG lines (or word|POS|TAG). */
static int
conll_sniff(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	int seen = 0;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end && seen < 3) {
		const char *e = memchr(p, '\n', (size_t)(end - p)), *f0, *fl;
		size_t n = (size_t)((e ? e : end) - p), n0, nl, k;
		ctag t;

		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (e == NULL && seen > 0)
			break;  /* a cut-off last line proves nothing */
		k = fields(p, n, &f0, &n0, &fl, &nl);
		if (k > 0) {
			if (n0 == 10 && memcmp(f0, "-DOCSTART-", 10) == 0)
				return 1;
			if (!(p[0] == '#' && (n == 1 || is_col_space(p[1])))) {
				if (looks_sent_per_line(p, n))
					return 1;
				if (k < 2 || k > 10 || tag_parse(fl, nl, &t) != 0)
					return 0;
				seen++;
			}
		}
		p = e ? e + 1 : end;
	}
	return seen > 0;
}

/* ------------------------------------------------------------------ */
/* Writer */

typedef struct cent {
	size_t start, end;
	const char *label;
} cent;

struct fmt_writer {
	fmt_out *out;
	int scheme;
	size_t overlap, trimmed, empty;  /* entities not written as they were */
	cent *ents;
	size_t entcap;
	size_t *cuts;
	size_t cutcap;
	size_t *tk;                      /* entity index per token, or SIZE_MAX */
	size_t tkcap;
	char *buf;                       /* output not yet written to out->f */
	size_t len, cap;
	size_t wstokens;                 /* tokens written with '_' for white space */
	uint32_t wsfirst;                /* the first such white space character */
	char *wslabels[4];               /* labels written with '_' (the first few) */
	size_t nwslabels;                /* how many distinct ones */
};

/* Output goes through a buffer flushed every 64 KB: few stdio calls,
 * little memory, whatever the document's size. */
enum { OUTBUF = 65536 };

static int
flush_out(fmt_writer *w)
{
	if (w->len > 0 && fwrite(w->buf, 1, w->len, w->out->f) != w->len)
		return -1;
	w->len = 0;
	return 0;
}

static int
put(fmt_writer *w, const char *s, size_t n)
{
	if (w->len + n > OUTBUF && flush_out(w) != 0)
		return -1;
	if (grow(&w->buf, &w->cap, w->len + n) != 0)
		return -1;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	return 0;
}

/*
 * Write s[0..n) (a token or a label) with every character Python's split()
 * treats as white space (fmt_py_space: U+001C-001F, U+0085, U+00A0,
 * U+2028 ...) as '_': NLTK and every Python CoNLL reader split lines with
 * it, so a token holding one would read as two columns. Returns the number
 * of characters replaced (the first one in *first), or -1.
 */
static long
put_clean(fmt_writer *w, const char *s, size_t n, uint32_t *first)
{
	size_t at, i = 0;
	long k = 0;

	if (put(w, s, n) != 0)
		return -1;
	at = w->len - n;
	while (i < n) {
		ucs4_t c;
		int m = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);

		if (m <= 0)
			m = 1;
		if (fmt_py_space(c)) {
			if (k++ == 0 && first)
				*first = c;
			/* '_' then the rest moved left over the character's other bytes */
			w->buf[at + i] = '_';
			memmove(w->buf + at + i + 1, w->buf + at + i + (size_t)m, n - i - (size_t)m);
			w->len -= (size_t)m - 1;
			at -= (size_t)m - 1;
		}
		i += (size_t)m;
	}
	return k;
}

/* Remember a label written with '_' for white space (the first few by name). */
static int
note_label(fmt_writer *w, const char *label)
{
	size_t n = w->nwslabels < 4 ? w->nwslabels : 4;

	for (size_t i = 0; i < n; i++)
		if (strcmp(w->wslabels[i], label) == 0)
			return 0;
	if (w->nwslabels < 4 && (w->wslabels[w->nwslabels] = strdup(label)) == NULL)
		return -1;
	w->nwslabels++;
	return 0;
}

/* The tag: prefix, '-', label with white space as '_'. */
static int
put_tag(fmt_writer *w, char p, const char *label)
{
	char pre[2] = { p, '-' };
	long k;

	if (put(w, pre, 2) != 0 || (k = put_clean(w, label, strlen(label), NULL)) < 0)
		return -1;
	if (k > 0 && note_label(w, label) != 0)
		return -1;
	return put(w, "\n", 1);
}

static fmt_writer *
conll_write_begin(fmt_out *out, const fmt_opts *o)
{
	fmt_writer *w = calloc(1, sizeof *w);

	if (w == NULL)
		return NULL;
	w->out = out;
	w->scheme = o ? o->scheme : FMT_SCHEME_AUTO;
	if (w->scheme == FMT_SCHEME_AUTO)
		w->scheme = FMT_SCHEME_IOB2;
	return w;
}

static int
cent_cmp(const void *a, const void *b)
{
	const cent *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return strcmp(x->label, y->label);
}

/* The entities to write, sorted, overlaps removed; their count. */
static size_t
collect_entities(fmt_writer *w, const doc *d, size_t textcps)
{
	size_t n = 0, k = 0;
	cent *v = fmt_grow(w->ents, &w->entcap, d->nspans, sizeof *w->ents);

	if (v == NULL)
		return (size_t)-1;
	w->ents = v;
	for (size_t i = 0; i < d->nspans; i++) {
		const span *s = &d->spans[i];

		if (s->kind != SPAN_ENTITY || s->status == SPAN_REJECTED)
			continue;
		if (s->label == NULL || s->label[0] == '\0' || s->start >= s->end || s->end > textcps) {
			w->empty++;
			continue;
		}
		w->ents[n++] = (cent){ s->start, s->end, s->label };
	}
	if (n > 1)
		qsort(w->ents, n, sizeof *w->ents, cent_cmp);
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && w->ents[i].start < w->ents[k - 1].end) {
			w->overlap++;
			continue;
		}
		w->ents[k++] = w->ents[i];
	}
	return k;
}

/* . ! ? … as a whole token */
static int
is_terminal(const char *s, const token *t)
{
	size_t n = t->bend - t->bstart;
	const char *p = s + t->bstart;

	return (n == 1 && (*p == '.' || *p == '!' || *p == '?')) ||
	    (n == 3 && memcmp(p, "\xE2\x80\xA6", 3) == 0);
}

/* a closing quote or bracket as a whole token */
static int
is_closer(const char *s, const token *t)
{
	size_t n = t->bend - t->bstart;
	const char *p = s + t->bstart;

	return (n == 1 && (*p == '"' || *p == '\'' || *p == ')' || *p == ']')) ||
	    (n == 3 && (memcmp(p, "\xE2\x80\x9D", 3) == 0 || memcmp(p, "\xE2\x80\x99", 3) == 0));
}

/* Can a sentence start with this token: capital, digit, opening quote? */
static int
is_opener(const char *s, const token *t)
{
	ucs4_t uc;

	u8_mbtouc(&uc, (const uint8_t *)s + t->bstart, t->bend - t->bstart);
	return uc_is_upper(uc) || uc_is_digit(uc) || uc == '"' || uc == '\'' || uc == '(' ||
	    uc == 0x201C || uc == 0x2018;
}

/* Does a prose sentence end after token i (of n)? */
static int
sentence_end(const char *s, const token *t, size_t i, size_t n)
{
	if (i + 1 >= n || t[i].bend == t[i + 1].bstart || !is_opener(s, &t[i + 1]))
		return 0;
	if (i >= 1 && is_terminal(s, &t[i]) && t[i - 1].bend == t[i].bstart)
		return 1;
	return i >= 2 && is_closer(s, &t[i]) && t[i - 1].bend == t[i].bstart &&
	    is_terminal(s, &t[i - 1]) && t[i - 2].bend == t[i - 1].bstart;
}

static int
has_newline(const char *s, size_t a, size_t b)
{
	return b > a && memchr(s + a, '\n', b - a) != NULL;
}

/* The tag letter of token i, inside entity e (first/last known). */
static char
tag_letter(const fmt_writer *w, const cent *ents, const size_t *tk, size_t i, size_t n,
    int sent_start)
{
	size_t e = tk[i];
	int first = i == 0 || sent_start || tk[i - 1] != e;
	int last = i + 1 == n || tk[i + 1] != e;

	if (w->scheme == FMT_SCHEME_BILOU)
		return first && last ? 'U' : first ? 'B' : last ? 'L' : 'I';
	if (w->scheme == FMT_SCHEME_IOB1)
		return first && !sent_start && i > 0 && tk[i - 1] != SIZE_MAX &&
		    strcmp(ents[tk[i - 1]].label, ents[e].label) == 0 ? 'B' : 'I';
	return first ? 'B' : 'I';
}

static int
conll_write_doc(fmt_writer *w, const doc *d)
{
	static const char head[] = "-DOCSTART- -X- -X- O\n\n";
	const char *s = d->text ? d->text : "";
	size_t len = d->text ? d->len : 0;
	size_t textcps = utf8_count(s, len), ne, nt, e = 0, covered = 0, trimmed = SIZE_MAX;
	int mode = token_mode_of_meta(d->meta);
	token *t = NULL;
	void *v;

	w->len = 0;
	if (put(w, head, sizeof head - 1) != 0)
		return -1;
	if ((ne = collect_entities(w, d, textcps)) == (size_t)-1 ||
	    (v = fmt_grow(w->cuts, &w->cutcap, 2 * ne + 1, sizeof *w->cuts)) == NULL)
		return -1;
	w->cuts = v;
	for (size_t i = 0; i < ne; i++) {
		w->cuts[2 * i] = w->ents[i].start;
		w->cuts[2 * i + 1] = w->ents[i].end;
	}
	if ((nt = token_split_mode(s, len, mode, w->cuts, 2 * ne, &t)) == (size_t)-1)
		return -1;
	if ((v = fmt_grow(w->tk, &w->tkcap, nt + 1, sizeof *w->tk)) == NULL) {
		free(t);
		return -1;
	}
	w->tk = v;
	/* Which entity each token is in (an entity's tokens are contiguous:
	 * cuts at its edges); entities trimmed to tokens, or with none. */
	for (size_t i = 0; i < nt; i++) {
		int first, last;

		while (e < ne && w->ents[e].end <= t[i].start)
			e++;
		if (!(e < ne && w->ents[e].start <= t[i].start && t[i].end <= w->ents[e].end)) {
			w->tk[i] = SIZE_MAX;
			continue;
		}
		w->tk[i] = e;
		first = i == 0 || w->tk[i - 1] != e;
		last = i + 1 == nt || t[i + 1].start >= w->ents[e].end;
		if (first)
			covered++;
		if (((first && t[i].start != w->ents[e].start) ||
		    (last && t[i].end != w->ents[e].end)) && trimmed != e) {
			w->trimmed++;
			trimmed = e;
		}
	}
	w->empty += ne - covered;
	/* sentences and token lines */
	for (size_t i = 0; i < nt; i++) {
		int sent_start;
		uint32_t first = 0;
		long k;

		if (i == 0)
			sent_start = 1;
		else if (w->tk[i] != SIZE_MAX && w->tk[i - 1] == w->tk[i])
			sent_start = 0;  /* never inside an entity */
		else
			sent_start = has_newline(s, t[i - 1].bend, t[i].bstart) ||
			    (mode == TOKEN_WORDS && sentence_end(s, t, i - 1, nt));
		if (sent_start && i > 0 && put(w, "\n", 1) != 0)
			goto fail;
		if ((k = put_clean(w, s + t[i].bstart, t[i].bend - t[i].bstart, &first)) < 0 || put(w, " ", 1) != 0)
			goto fail;
		if (k > 0 && w->wstokens++ == 0)
			w->wsfirst = first;
		if (w->tk[i] == SIZE_MAX) {
			if (put(w, "O\n", 2) != 0)
				goto fail;
		} else if (put_tag(w, tag_letter(w, w->ents, w->tk, i, nt, sent_start),
		    w->ents[w->tk[i]].label) != 0)
			goto fail;
	}
	if (nt > 0 && put(w, "\n", 1) != 0)
		goto fail;
	free(t);
	return flush_out(w);
fail:
	free(t);
	return -1;
}

/* Tell the caller what was not written as it was (counts so far). */
static void
conll_write_report(fmt_writer *w, fmt_report *rep)
{
	size_t n = w->overlap + w->trimmed + w->empty, o;

	if (rep == NULL)
		return;
	rep->skipped += n;
	o = strlen(rep->what);
	if (n > 0)
		o += (size_t)snprintf(rep->what + o, sizeof rep->what - o,
		    "%sCoNLL: %zu overlapping, %zu trimmed to whole tokens, %zu empty or out-of-range entities",
		    o ? "; " : "", w->overlap, w->trimmed, w->empty);
	if (w->wstokens > 0 && o < sizeof rep->what)
		o += (size_t)snprintf(rep->what + o, sizeof rep->what - o,
		    "%s%zu token%s held white space (first U+%04X) that CoNLL readers split columns on: written with '_' there",
		    o ? "; " : "", w->wstokens, w->wstokens == 1 ? "" : "s", (unsigned)w->wsfirst);
	if (w->nwslabels > 0 && o < sizeof rep->what) {
		o += (size_t)snprintf(rep->what + o, sizeof rep->what - o, "%s%zu label%s with white space written with '_' (",
		    o ? "; " : "", w->nwslabels, w->nwslabels == 1 ? "" : "s");
		for (size_t i = 0; i < w->nwslabels && i < 4 && o < sizeof rep->what; i++) {
			char q[48];
			size_t qo = 0;

			fmt_quote_add(q, sizeof q, &qo, w->wslabels[i], strlen(w->wslabels[i]), 40);
			o += (size_t)snprintf(rep->what + o, sizeof rep->what - o, "%s\"%s\"", i ? ", " : "", q);
		}
		if (o < sizeof rep->what)
			snprintf(rep->what + o, sizeof rep->what - o, "%s)", w->nwslabels > 4 ? ", ..." : "");
	}
	w->overlap = w->trimmed = w->empty = w->wstokens = 0;
	for (size_t i = 0; i < w->nwslabels && i < 4; i++)
		free(w->wslabels[i]);
	w->nwslabels = 0;
}

static int
conll_write_end(fmt_writer *w)
{
	int rc = 0;

	if (w == NULL)
		return -1;
	if (w->out && w->out->f && (fflush(w->out->f) != 0 || ferror(w->out->f)))
		rc = -1;
	free(w->ents);
	free(w->cuts);
	free(w->tk);
	free(w->buf);
	for (size_t i = 0; i < w->nwslabels && i < 4; i++)
		free(w->wslabels[i]);
	free(w);
	return rc;
}

const fmt fmt_conll = {
	"conll", ".conll .iob .iob2 .bio .bilou .conll03", 0,
	conll_sniff, conll_read,
	conll_write_begin, conll_write_doc, conll_write_end,
	conll_write_report, FMT_TAKES_SCHEME
};
