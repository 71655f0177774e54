/*
 * fmt_conll.c: CoNLL-2003-style columns, read and written.
 *
 * Reading. One token per line; columns are separated by spaces or tabs;
 * the token is the first column and the NER tag the LAST (POS and chunk
 * columns in between are ignored), so 2-, 3- and 4-column files all read.
 * fmt_opts.tokcol/tagcol (--columns) choose other columns, and a file in
 * the Universal NER layout (is_uner: "# sent_id" comments, ID TOKEN TAG
 * columns) is read from columns 2 and 3, which the report says.
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
 * Writing: fmt_conll_write.c.
 */
#include "config.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include "model/fmt.h"
#include "model/fmt_conll.h"
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

/* Field k (1-based) of p[0..n) in *f, *fn; 0 when the line has fewer. */
static int
field_at(const char *p, size_t n, size_t k, const char **f, size_t *fn)
{
	size_t i = 0, s;

	while (next_field(p, n, &i, &s))
		if (--k == 0) {
			*f = p + s;
			*fn = i - s;
			return 1;
		}
	return 0;
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
	size_t tokcol, tagcol; /* 1-based columns of token and tag; 0: first, last */
	char *lab;         /* NUL-terminated label for spans */
	size_t labcap;
	/* the entity being read */
	int open;
	ctag ent;
	size_t ent_start, ent_end;
	/* the previous tag in this sentence, for the strict checks */
	ctag prev;
	size_t prev_line;
	/* the types of ent and prev, copied when the input window moves */
	char *ent_type, *prev_type;
	size_t ent_cap, prev_cap;
} reader;

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
	if (fmt_grow_bytes(&r->lab, &r->labcap, r->ent.tlen + 1) != 0)
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
	if (fmt_grow_bytes(&r->text, &r->cap, r->len + n + 1) != 0)
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
	if (r->tokcol > 0 && k >= 2 && !field_at(p, n, r->tokcol, &f0, &n0))
		k = 1;
	if (r->tagcol > 0 && k >= 2 && !field_at(p, n, r->tagcol, &fl, &nl))
		k = 1;
	tag_ok = k >= 2 && tag_parse(fl, nl, &t) == 0;
	if (!r->in_sent && p[0] == '#' && (n == 1 || is_col_space(p[1])) && !tag_ok)
		return 0;
	if (r->sent_mode < 0)
		r->sent_mode = looks_sent_per_line(p, n);
	if (r->sent_mode)
		return read_sent_line(r, p, n, line);
	if (k < 2 && r->tagcol > 0) {
		doc_err_set(r->err, line, 1, "fewer than %zu columns (token in column %zu, tag in column %zu)",
		    r->tokcol > r->tagcol ? r->tokcol : r->tagcol, r->tokcol, r->tagcol);
		return -1;
	}
	if (k < 2) {
		doc_err_set(r->err, line, 1, "one column \"%.*s\": expected TOKEN [columns...] TAG",
		    (int)(n0 > 40 ? 40 : n0), f0);
		return -1;
	}
	if (!tag_ok)
		return bad_tag(r, fl, nl, line, (size_t)(fl - p) + 1);
	return add_token(r, f0, n0, &t, line, (size_t)(fl - p) + 1);
}

/* 1 when s[0..n) is all ASCII digits: the buffer is a window of the
 * file, not a string, so strspn could run past its end. */
static int
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * The Universal NER layout (UNER's .iob2 files): "# sent_id = ..." and
 * "# text = ..." comments, then "ID<TAB>TOKEN<TAB>TAG<TAB>-<TAB>-" lines:
 * the tag is column 3, not the last. 1 when buf starts so.
 */
static int
is_uner(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	int sent_id = 0;

	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p)), *f;
		size_t n = (size_t)((e ? e : end) - p), fn;
		ctag t;

		if (n >= 9 && memcmp(p, "# sent_id", 9) == 0)
			sent_id = 1;
		else if (n > 0 && p[0] != '#' && p[0] != '\r') {
			if (!sent_id || !field_at(p, n, 1, &f, &fn) || !all_digits(f, fn)
			    || !field_at(p, n, 3, &f, &fn) || tag_parse(f, fn, &t) != 0)
				return 0;
			return 1;
		}
		p = e ? e + 1 : end;
	}
	return 0;
}

/* t->type, if it points into the window [w, wend), copied to *own. */
static int
type_keep(ctag *t, const char *w, const char *wend, char **own, size_t *cap)
{
	if (t->type == NULL || t->type < w || t->type >= wend)
		return 0;
	if (fmt_grow_bytes(own, cap, t->tlen + 1) != 0)
		return -1;
	memcpy(*own, t->type, t->tlen);
	t->type = *own;
	return 0;
}

/*
 * Streaming: the window [w, wend) ends in the unfinished line *buf; read
 * on (fmt_opts.more). The open entity and the previous tag keep their
 * types, which pointed into the old window. 1: more input, 0: the end,
 * -1: an error (reported).
 */
static int
read_more(reader *r, const char **w, const char **buf, const char **end, size_t line)
{
	const char *nb;
	size_t nl;
	int m;

	if (type_keep(&r->ent, *w, *end, &r->ent_type, &r->ent_cap) != 0
	    || type_keep(&r->prev, *w, *end, &r->prev_type, &r->prev_cap) != 0)
		return oom(r, line);
	if ((m = r->o->more(r->o->more_arg, (size_t)(*end - *buf), &nb, &nl)) < 0) {
		doc_err_set(r->err, line, 0, "%s", strerror(errno));
		return -1;
	}
	*w = *buf = nb;
	*end = nb + nl;
	return m;
}

static int
conll_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg,
    fmt_report *rep, doc_err *err)
{
	reader r;
	const char *buf = in->buf, *end, *nul, *w;
	size_t line = 0, len = in->len;
	text_err te;
	int rc = 0, eof = o == NULL || o->more == NULL;

	memset(&r, 0, sizeof r);
	r.o = o;
	r.emit = emit;
	r.arg = arg;
	r.err = err;
	r.sent_mode = -1;
	doc_init(&r.d);
	if (buf == NULL) {
		buf = "";
		len = 0;
	}
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	end = buf + len;
	w = buf;
	/* Which columns: --columns, else UNER's layout when it is one, else
	 * first and last. A choice gloss made itself is said in the report. */
	if (o != NULL && o->tagcol > 0) {
		r.tokcol = o->tokcol;
		r.tagcol = o->tagcol;
	} else if (is_uner(buf, len)) {
		r.tokcol = 2;
		r.tagcol = 3;
		if (rep != NULL)
			fmt_report_add(rep, "read as Universal NER (# sent_id comments, "
			    "ID TOKEN TAG columns): token from column 2, tag from column 3; --columns chooses others");
	}
	while (rc == 0) {
		const char *e = buf < end ? memchr(buf, '\n', (size_t)(end - buf)) : NULL;
		size_t n;

		if (e == NULL && !eof) { /* a window of a stream ends here */
			if ((rc = read_more(&r, &w, &buf, &end, line + 1)) < 0)
				break;
			eof = rc == 0;
			rc = 0;
			continue;
		}
		if (buf >= end)
			break;
		n = (size_t)((e ? e : end) - buf);
		line++;
		/* checked line by line, so a stream is checked as it comes */
		if (text_validate(buf, n, &te) != 0) {
			doc_err_set(err, line, te.col, "%s", te.msg);
			rc = -1;
			break;
		}
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
	free(r.ent_type);
	free(r.prev_type);
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

const fmt fmt_conll = {
	"conll", ".conll .iob .iob2 .bio .bilou .conll03", 0,
	conll_sniff, conll_read,
	conll_write_begin, conll_write_doc, conll_write_end,
	conll_write_report, FMT_TAKES_SCHEME | FMT_TAKES_COLUMNS | FMT_STREAMS
};
