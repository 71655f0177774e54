/*
 * fmt_spacy_v2.c: spaCy v2 JSON training files, read for the spacy format
 * (fmt_spacy.c).
 *
 * spaCy v2 JSON training files (a JSON array of {"id", "paragraphs":
 * [{"raw"?, "sentences": [{"tokens": [{"orth", "ner", ...}]}]}]}, what
 * `spacy convert` wrote before v3) are read too, one article per
 * paragraph: its "raw" text when given (the tokens are found in it in
 * order), else the tokens joined by spaces and sentences by line breaks,
 * marked pre-tokenised (TOKEN_META_WHITESPACE) so that writers cut the
 * same tokens. "ner" tags are BILUO (IOB's B-/I- read alike; "O" and "-"
 * are outside). Records are numbered by document index there. Not
 * written: spaCy v3 reads the JSONL above.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/fmt_json.h"
#include "model/fmt_spacy.h"
#include "model/token.h"
#include "model/utf8.h"

struct v2_read {
	const fmt_opts *o;
	fmt_emit emit;
	void *arg;
};

/* An entity being built from BILUO tags: [start,end) so far. */
struct v2ent {
	const char *label; /* NULL: none open */
	size_t len;
	size_t start, end;
};

static int
v2_close(const struct v2_read *rd, struct v2ent *e, doc *d, size_t rec, doc_err *err)
{
	span sp;
	char *label;
	int rc = 0;

	if (e->label == NULL)
		return 0;
	memset(&sp, 0, sizeof sp);
	sp.start = e->start;
	sp.end = e->end;
	sp.kind = SPAN_ENTITY;
	sp.status = fmt_json_as_status(rd->o);
	sp.source = SRC_IMPORT;
	sp.confidence = 1.0;
	sp.label = label = strndup(e->label, e->len);
	if (label == NULL || doc_add_span(d, &sp) != 0) {
		doc_err_set(err, rec, 0, "out of memory");
		rc = -1;
	}
	free(label);
	e->label = NULL;
	return rc;
}

/* A token's "ner" tag, the token at [s,e): opens, extends or closes *en.
 * An I- or L- tag of another label than the open one starts a new entity
 * (IOB data converted without care), as spaCy's own reader does. */
static int
v2_tag(const struct v2_read *rd, const char *tag, struct v2ent *en, size_t s, size_t e,
    doc *d, size_t rec, doc_err *err)
{
	size_t n = strlen(tag);
	const char *lab = tag + 2;

	if (n == 0 || strcmp(tag, "O") == 0 || strcmp(tag, "-") == 0)
		return v2_close(rd, en, d, rec, err);
	if (n < 3 || tag[1] != '-' || strchr("BILU", tag[0]) == NULL) {
		doc_err_set(err, rec, 0, "unknown \"ner\" tag \"%.40s\"", tag);
		return -1;
	}
	n -= 2;
	if (text_validate(lab, n, NULL) != 0) {
		doc_err_set(err, rec, 0, "a \"ner\" tag is not valid UTF-8");
		return -1;
	}
	if (tag[0] == 'B' || tag[0] == 'U' || en->label == NULL || en->len != n
	    || memcmp(en->label, lab, n) != 0) {
		if (v2_close(rd, en, d, rec, err) != 0)
			return -1;
		en->label = lab;
		en->len = n;
		en->start = s;
	}
	en->end = e;
	if (tag[0] == 'L' || tag[0] == 'U')
		return v2_close(rd, en, d, rec, err);
	return 0;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The text of a paragraph without "raw": tokens and separators. */
struct v2text {
	char *buf;
	size_t len, cap;
};

static int
v2_put(struct v2text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		char *b;

		while (cap < t->len + n + 1)
			cap *= 2;
		if ((b = realloc(t->buf, cap)) == NULL)
			return -1;
		t->buf = b;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	return 0;
}

/* One paragraph: one article. */
static int
v2_paragraph(struct v2_read *rd, const json *par, const char *id, size_t npar, size_t pi,
    size_t rec, doc_err *err)
{
	const json *sents = json_get(par, "sentences"), *raw = json_get(par, "raw");
	struct v2ent en = { NULL, 0, 0, 0 };
	struct v2text tx = { NULL, 0, 0 };
	size_t pos = 0, cp = 0;
	char num[64];
	int rc = -1, first = 1;
	doc d;

	doc_init(&d);
	if (par->type != JSON_OBJECT || sents == NULL || sents->type != JSON_ARRAY) {
		doc_err_set(err, rec, 0, "a paragraph without a \"sentences\" array");
		return -1;
	}
	if (raw != NULL && raw->type != JSON_TEXT)
		raw = NULL;
	if (raw != NULL && text_validate(raw->str, raw->len, NULL) != 0) {
		doc_err_set(err, rec, 0, "\"raw\" is not valid UTF-8");
		return -1;
	}
	for (const json *st = sents->child; st; st = st->next) {
		const json *toks = json_get(st, "tokens");

		if (toks == NULL || toks->type != JSON_ARRAY) {
			doc_err_set(err, rec, 0, "a sentence without a \"tokens\" array");
			goto out;
		}
		for (const json *t = toks->child; t; t = t->next) {
			const char *orth = json_get_str(t, "orth"), *tag = json_get_str(t, "ner");
			size_t n, s;

			if (orth == NULL || (n = strlen(orth)) == 0 || text_validate(orth, n, NULL) != 0) {
				doc_err_set(err, rec, 0, "a token without a non-empty UTF-8 \"orth\"");
				goto out;
			}
			if (raw != NULL) {
				if (!is_space(orth[0]))
					for (; pos < raw->len && is_space(raw->str[pos]); pos++)
						cp++;
				if (raw->len - pos < n || memcmp(raw->str + pos, orth, n) != 0) {
					doc_err_set(err, rec, 0, "token \"%.40s\" is not in \"raw\" at byte %zu",
					    orth, pos + 1);
					goto out;
				}
				pos += n;
			} else {
				if (!first) {
					if (v2_put(&tx, t == toks->child ? "\n" : " ", 1) != 0)
						goto nomem;
					cp++;
				}
				if (v2_put(&tx, orth, n) != 0)
					goto nomem;
			}
			first = 0;
			s = cp;
			cp += utf8_count(orth, n);
			if (v2_tag(rd, tag ? tag : "O", &en, s, cp, &d, rec, err) != 0)
				goto out;
		}
		/* Entities end with their sentence. */
		if (v2_close(rd, &en, &d, rec, err) != 0)
			goto out;
	}
	if (raw != NULL) {
		if (doc_set_text(&d, raw->str, raw->len) != 0)
			goto nomem;
	} else if (doc_set_text(&d, tx.buf ? tx.buf : "", tx.len) != 0
	    || doc_set_str(&d.meta, TOKEN_META_WHITESPACE) != 0)
		goto nomem;
	if (id != NULL) {
		if (npar > 1)
			snprintf(num, sizeof num, "%.40s.%zu", id, pi + 1);
		else
			snprintf(num, sizeof num, "%.40s", id);
		if (doc_set_str(&d.ext_id, num) != 0)
			goto nomem;
	}
	if (fmt_json_emit(rd->emit, rd->arg, &d, rec, err) != 0)
		goto out;
	rc = 0;
	goto out;
nomem:
	doc_err_set(err, rec, 0, "out of memory");
out:
	free(tx.buf);
	doc_clear(&d);
	return rc;
}

static int
v2_record(const fmt_json_rec *r, void *arg, doc_err *err)
{
	struct v2_read *rd = arg;
	const json *pars = json_get(r->v, "paragraphs");
	char *id = NULL;
	size_t i = 0;
	int rc = 0;

	if (r->v->type != JSON_OBJECT || pars == NULL || pars->type != JSON_ARRAY) {
		doc_err_set(err, r->record, 0, "a document without a \"paragraphs\" array");
		return -1;
	}
	if (fmt_json_id(r->v, "id", &id, r->record, err) != 0)
		return -1;
	for (const json *p = pars->child; p && rc == 0; p = p->next, i++)
		rc = v2_paragraph(rd, p, id, pars->n, i, r->record, err);
	free(id);
	return rc;
}

/* A spaCy v2 training file: a JSON array whose documents have "paragraphs". */
int
spacy_is_v2(const char *buf, size_t len)
{
	size_t n;
	const char *r = fmt_json_first(buf, len, 65536, &n);

	return r != NULL && r[0] == '[' && fmt_json_has_key(r, n, "paragraphs");
}

int
spacy_v2_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg, doc_err *err)
{
	struct v2_read rd = { o, emit, arg };

	return fmt_json_each(in, o, 1, 1, v2_record, &rd, err);
}
