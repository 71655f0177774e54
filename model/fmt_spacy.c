/*
 * fmt_spacy.c: spaCy / Prodigy JSON Lines (Prodigy's db-out, spaCy's
 * "spans" task format).
 *
 * A record: {"text", "tokens":[{"text","start","end","id","ws"}],
 * "spans":[{"start","end","label","token_start","token_end","text"?}],
 * "answer", "meta", "_input_hash", "_task_hash", ...}. Offsets are code
 * points (Python string indices; --offsets utf16 overrides); token_end is
 * inclusive.
 *
 * Reading. "answer": "accept" (or none) gives spans fmt_opts.as_status,
 * "reject" gives rejected spans (the person said these are wrong), and
 * "ignore" skips the record: the person skipped it, so it holds no
 * decision; it is counted in the report. Every token's "text" and every
 * span's optional "text" is checked against the text it covers, and a
 * mismatch fails the file ('span 12-17 says "Zoë" but the text has
 * "Zoe"'). A span with only token_start/token_end takes its offsets from
 * the tokens; a span with both must cover exactly its tokens (checked
 * when the record has tokens). doc->meta is the record's "meta" object plus "_input_hash"
 * and "_task_hash" when present. Records are numbered by line.
 *
 * Writing. One record per article: text, "meta" (the doc's metadata
 * without the hashes), "_input_hash" (the text has not changed, so it
 * still holds; "_task_hash" is left out since the spans may have), tokens
 * from token_split() cut at every span edge (so token_start/token_end
 * always exist), entity spans that are not rejected, "answer":"accept".
 * An article whose only entity spans are rejected is written with
 * "answer":"reject", so an import/export round trip keeps rejections.
 * Highlights are not written (spaCy has no such thing).
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
#include "model/token.h"
#include "model/utf8.h"

/* --- reading ---------------------------------------------------------- */

struct sp_read {
	const fmt_opts *o;
	fmt_emit emit;
	void *arg;
	fmt_report *rep;
	int unit;
	size_t ignored;
};

/* Token i's code point range, when tokens are usable. */
struct tok {
	size_t start, end;
};

static int
read_tokens(const struct sp_read *rd, const json *toks, const text *t, struct tok **out, size_t *n,
    size_t rec, doc_err *err)
{
	struct tok *v;
	size_t i = 0;

	*out = NULL;
	*n = 0;
	if (toks == NULL || toks->type == JSON_NULL)
		return 0;
	if (toks->type != JSON_ARRAY) {
		doc_err_set(err, rec, 0, "\"tokens\" is not an array");
		return -1;
	}
	if (toks->n == 0)
		return 0;
	if ((v = calloc(toks->n, sizeof *v)) == NULL) {
		doc_err_set(err, rec, 0, "out of memory");
		return -1;
	}
	for (const json *k = toks->child; k; k = k->next, i++) {
		long long fs, fe;
		const json *tx;

		if (k->type != JSON_OBJECT || fmt_json_int(k, "start", &fs, rec, err) != 1
		    || fmt_json_int(k, "end", &fe, rec, err) != 1) {
			doc_err_set(err, rec, 0, "token %zu: needs integer \"start\" and \"end\"", i);
			goto fail;
		}
		if (fmt_json_range(t, rd->unit, fs, fe, &v[i].start, &v[i].end, "token", rec, err) != 0)
			goto fail;
		if ((tx = json_get(k, "text")) != NULL && tx->type == JSON_TEXT
		    && fmt_json_says(t, rd->unit, fs, fe, v[i].start, v[i].end, tx->str, tx->len,
		    "token", rec, err) != 0)
			goto fail;
	}
	*out = v;
	*n = i;
	return 0;
fail:
	free(v);
	return -1;
}

/*
 * A span with offsets and token_start/token_end (Prodigy writes both)
 * must cover exactly those tokens: offsets one character inside a token
 * would make a span without a word in spaCy (Doc.char_span gives None).
 */
static int
check_tokens(const struct sp_read *rd, const json *s, const text *t, const struct tok *tk, size_t ntk,
    long long fs, long long fe, const span *sp, size_t rec, doc_err *err)
{
	long long ts, te;
	int a, b;

	if (ntk == 0)
		return 0;
	if ((a = fmt_json_int(s, "token_start", &ts, rec, err)) < 0 || (b = fmt_json_int(s, "token_end", &te, rec, err)) < 0)
		return -1;
	if (a == 0 || b == 0)
		return 0;
	if (ts < 0 || te < ts || (unsigned long long)te >= ntk) {
		doc_err_set(err, rec, 0, "span %lld-%lld: tokens %lld-%lld: no such tokens (%zu tokens)", fs, fe, ts, te, ntk);
		return -1;
	}
	if (tk[ts].start != sp->start || tk[te].end != sp->end) {
		char q[80];
		size_t o = 0, bs = text_cp_to_byte(t, tk[ts].start), be = text_cp_to_byte(t, tk[te].end);

		fmt_quote_add(q, sizeof q, &o, text_bytes(t) + bs, be - bs, 60);
		doc_err_set(err, rec, 0, "span %lld-%lld: its tokens %lld-%lld cover %zu-%zu (\"%s\"), not the same text",
		    fs, fe, ts, te, fmt_json_off(t, rd->unit, tk[ts].start), fmt_json_off(t, rd->unit, tk[te].end), q);
		return -1;
	}
	return 0;
}

static int
read_span(const struct sp_read *rd, const json *s, const text *t, const struct tok *tk, size_t ntk,
    int status, doc *d, size_t rec, doc_err *err)
{
	span sp;
	char *label = NULL;
	long long fs, fe, ts, te;
	const json *tx;
	double score = 1.0;
	int have;

	memset(&sp, 0, sizeof sp);
	if (s->type != JSON_OBJECT) {
		doc_err_set(err, rec, 0, "a span is not an object");
		return -1;
	}
	have = json_get(s, "start") != NULL && json_get(s, "end") != NULL;
	if (have) {
		if (fmt_json_int(s, "start", &fs, rec, err) != 1 || fmt_json_int(s, "end", &fe, rec, err) != 1)
			return -1;
		if (fmt_json_range(t, rd->unit, fs, fe, &sp.start, &sp.end, "span", rec, err) != 0)
			return -1;
		if (check_tokens(rd, s, t, tk, ntk, fs, fe, &sp, rec, err) != 0)
			return -1;
	} else if (fmt_json_int(s, "token_start", &ts, rec, err) == 1
	    && fmt_json_int(s, "token_end", &te, rec, err) == 1) {
		if (ts < 0 || te < ts || (unsigned long long)te >= ntk) {
			doc_err_set(err, rec, 0, "span tokens %lld-%lld: no such tokens (%zu tokens)", ts, te, ntk);
			return -1;
		}
		sp.start = tk[ts].start;
		sp.end = tk[te].end;
		fs = (long long)fmt_json_off(t, rd->unit, sp.start);
		fe = (long long)fmt_json_off(t, rd->unit, sp.end);
	} else {
		doc_err_set(err, rec, 0, "span without \"start\" and \"end\"");
		return -1;
	}
	if ((tx = json_get(s, "text")) != NULL && tx->type == JSON_TEXT
	    && fmt_json_says(t, rd->unit, fs, fe, sp.start, sp.end, tx->str, tx->len, "span", rec, err) != 0)
		return -1;
	if (fmt_json_num(s, "score", &score, rec, err) < 0)
		return -1;
	if (fmt_json_str(s, "label", &label, rec, err) != 0)
		return -1;
	sp.label = label; /* a view: doc_add_span copies */
	if (sp.label == NULL || sp.label[0] == '\0') {
		doc_err_set(err, rec, 0, "span %lld-%lld without a label", fs, fe);
		free(label);
		return -1;
	}
	sp.kind = SPAN_ENTITY;
	sp.status = status;
	sp.source = SRC_IMPORT;
	/* Scores outside 0..1 (some recipes write raw model scores) are clamped. */
	sp.confidence = score < 0 ? 0 : score > 1 ? 1 : score;
	if (doc_add_span(d, &sp) != 0) {
		doc_err_set(err, rec, 0, "out of memory");
		free(label);
		return -1;
	}
	free(label);
	return 0;
}

/* The record's "meta" object with the Prodigy hashes added. */
static int
read_meta(const json *v, doc *d, size_t rec, doc_err *err)
{
	const json *m = json_get(v, "meta");
	static const char *const keys[] = { "_input_hash", "_task_hash" };
	char vals[2][32];
	const char *pv[2] = { NULL, NULL };
	char *base;

	if (m != NULL && m->type != JSON_NULL && m->type != JSON_OBJECT) {
		doc_err_set(err, rec, 0, "\"meta\" is not an object");
		return -1;
	}
	for (size_t i = 0; i < 2; i++) {
		const json *h = json_get(v, keys[i]);

		if (h != NULL && h->type == JSON_INT) {
			snprintf(vals[i], sizeof vals[i], "%lld", h->i);
			pv[i] = vals[i];
		}
	}
	if ((m == NULL || m->type == JSON_NULL) && pv[0] == NULL && pv[1] == NULL)
		return 0;
	if (m != NULL && m->type == JSON_OBJECT && fmt_json_meta(d, m, rec, err) != 0)
		return -1;
	base = d->meta;
	d->meta = fmt_json_obj_add(base, keys, pv, 2);
	free(base);
	if (d->meta == NULL) {
		doc_err_set(err, rec, 0, "out of memory");
		return -1;
	}
	return 0;
}

static int
sp_record(const fmt_json_rec *r, void *arg, doc_err *err)
{
	struct sp_read *rd = arg;
	const json *v = r->v, *spans;
	size_t rec = r->record, ntk = 0;
	const char *answer;
	struct tok *tk = NULL;
	text *t = NULL;
	int status = fmt_json_as_status(rd->o), rc = -1;
	doc d;

	if (v->type != JSON_OBJECT) {
		doc_err_set(err, rec, 0, "expected a JSON object");
		return -1;
	}
	answer = json_get_str(v, "answer");
	if (answer != NULL && strcmp(answer, "ignore") == 0) {
		rd->ignored++;
		return 0;
	}
	if (answer != NULL && strcmp(answer, "reject") == 0)
		status = SPAN_REJECTED;
	else if (answer != NULL && strcmp(answer, "accept") != 0) {
		doc_err_set(err, rec, 0, "unknown answer \"%s\"", answer);
		return -1;
	}
	doc_init(&d);
	if (fmt_json_doc_text(&d, v, "text", &t, rec, err) != 0
	    || read_tokens(rd, json_get(v, "tokens"), t, &tk, &ntk, rec, err) != 0
	    || read_meta(v, &d, rec, err) != 0)
		goto out;
	if ((spans = json_get(v, "spans")) != NULL && spans->type != JSON_NULL) {
		if (spans->type != JSON_ARRAY) {
			doc_err_set(err, rec, 0, "\"spans\" is not an array");
			goto out;
		}
		for (const json *s = spans->child; s; s = s->next)
			if (read_span(rd, s, t, tk, ntk, status, &d, rec, err) != 0)
				goto out;
	}
	if (fmt_json_emit(rd->emit, rd->arg, &d, rec, err) != 0)
		goto out;
	rc = 0;
out:
	free(tk);
	text_free(t);
	doc_clear(&d);
	return rc;
}

/* --- spaCy v2 JSON training files ---------------------------------------- */

/* An entity being built from BILUO tags: [start,end) so far. */
struct v2ent {
	const char *label; /* NULL: none open */
	size_t len;
	size_t start, end;
};

static int
v2_close(const struct sp_read *rd, struct v2ent *e, doc *d, size_t rec, doc_err *err)
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
v2_tag(const struct sp_read *rd, const char *tag, struct v2ent *en, size_t s, size_t e,
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
v2_paragraph(struct sp_read *rd, const json *par, const char *id, size_t npar, size_t pi,
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
	struct sp_read *rd = arg;
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
static int
is_v2(const char *buf, size_t len)
{
	size_t n;
	const char *r = fmt_json_first(buf, len, 65536, &n);

	return r != NULL && r[0] == '[' && fmt_json_has_key(r, n, "paragraphs");
}

/* Prodigy JSONL (or a JSON array of such tasks), or a v2 training file. */
static int
sp_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg, fmt_report *rep, doc_err *err)
{
	struct sp_read rd = { o, emit, arg, rep, fmt_json_unit(o, FMT_UNIT_CP), 0 };
	int rc;

	if (is_v2(in->buf, in->len))
		rc = fmt_json_each(in, o, 1, 1, v2_record, &rd, err);
	else
		rc = fmt_json_each(in, o, 1, 0, sp_record, &rd, err);

	fmt_json_skipped(rep, rd.ignored, "record answered \"ignore\"", "records answered \"ignore\"");
	return rc;
}

static int
sp_sniff(const char *buf, size_t len)
{
	size_t n;
	const char *r = fmt_json_first(buf, len, 65536, &n);

	if (r == NULL)
		return 0;
	if (r[0] == '[')
		return fmt_json_has_key(r, n, "paragraphs");
	return fmt_json_has_key(r, n, "tokens") || fmt_json_has_key(r, n, "answer")
	    || fmt_json_has_key(r, n, "_input_hash")
	    || (fmt_json_has_key(r, n, "spans") && !fmt_json_has_key(r, n, "kind"));
}

/* --- writing ---------------------------------------------------------- */

struct sp_writer {
	fmt_stream s;    /* first: the stream and the offset unit */
	json_parse_fn parse;
	void *ctx;
	size_t dropped; /* rejected spans left out of accepted records */
};

static fmt_writer *
sp_write_begin(fmt_out *out, const fmt_opts *o)
{
	struct sp_writer *w = fmt_stream_new(sizeof *w, out, o, FMT_UNIT_CP);

	if (w == NULL)
		return NULL;
	w->parse = o->json_parse;
	w->ctx = o->json_ctx;
	return (fmt_writer *)w;
}

/*
 * "meta" and "_input_hash" from the doc's metadata: with a JSON parser the
 * hashes move back to the top level; without one the metadata object goes
 * out as "meta" unchanged.
 */
static void
write_meta(struct sp_writer *w, const doc *d)
{
	FILE *f = w->s.f;
	json *m = NULL;
	const json *h = NULL;
	char msg[64];
	int first = 1;

	if (d->meta == NULL)
		return;
	if (w->parse != NULL)
		m = w->parse(w->ctx, d->meta, strlen(d->meta), msg, sizeof msg);
	if (m == NULL || m->type != JSON_OBJECT) {
		const char *p = d->meta;

		while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '{')
			fprintf(f, ",\"meta\":%s", d->meta);
		json_free(m);
		return;
	}
	fputs(",\"meta\":{", f);
	for (const json *c = m->child; c; c = c->next) {
		if (strcmp(c->key, "_input_hash") == 0) {
			h = c;
			continue;
		}
		if (strcmp(c->key, "_task_hash") == 0)
			continue;
		if (!first)
			putc(',', f);
		first = 0;
		json_write_str(f, c->key, strlen(c->key));
		putc(':', f);
		fmt_json_put_value(f, c);
	}
	putc('}', f);
	if (h != NULL && h->type == JSON_INT)
		fprintf(f, ",\"_input_hash\":%lld", h->i);
	json_free(m);
}

static int
is_out(const span *s, int reject)
{
	if (s->kind != SPAN_ENTITY || s->label == NULL)
		return 0;
	return reject ? s->status == SPAN_REJECTED : s->status != SPAN_REJECTED;
}

/* First token with start >= cp (tokens are in order). */
static size_t
tok_from(const token *tk, size_t n, size_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tk[mid].start < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
sp_write_doc(fmt_writer *fw, const doc *d)
{
	struct sp_writer *w = (struct sp_writer *)fw;
	FILE *f = w->s.f;
	const char *s = d->text ? d->text : "";
	size_t npos = 0, nneg = 0, ncut = 0, ntk;
	size_t *cuts = NULL;
	token *tk = NULL;
	text *t = NULL;
	int reject, first = 1;

	for (size_t i = 0; i < d->nspans; i++) {
		if (is_out(&d->spans[i], 0))
			npos++;
		if (is_out(&d->spans[i], 1))
			nneg++;
	}
	reject = npos == 0 && nneg > 0;
	if (!reject)
		w->dropped += nneg;
	if ((cuts = malloc((d->nspans * 2 + 1) * sizeof *cuts)) == NULL)
		return -1;
	for (size_t i = 0; i < d->nspans; i++)
		if (is_out(&d->spans[i], reject)) {
			cuts[ncut++] = d->spans[i].start;
			cuts[ncut++] = d->spans[i].end;
		}
	ntk = token_split_mode(s, d->len, token_mode_of_meta(d->meta), cuts, ncut, &tk);
	free(cuts);
	if (ntk == (size_t)-1 || (w->s.unit == FMT_UNIT_U16 && (t = text_new(s, d->len)) == NULL)) {
		free(tk);
		return -1;
	}
	fputs("{\"text\":", f);
	json_write_str(f, s, d->len);
	write_meta(w, d);
	fputs(",\"tokens\":[", f);
	for (size_t i = 0; i < ntk; i++) {
		fprintf(f, "%s{\"text\":", i ? "," : "");
		json_write_str(f, s + tk[i].bstart, tk[i].bend - tk[i].bstart);
		fprintf(f, ",\"start\":%zu,\"end\":%zu,\"id\":%zu,\"ws\":%s}",
		    t ? fmt_json_off(t, w->s.unit, tk[i].start) : tk[i].start,
		    t ? fmt_json_off(t, w->s.unit, tk[i].end) : tk[i].end, i,
		    tk[i].bend < d->len && s[tk[i].bend] == ' ' ? "true" : "false");
	}
	fputs("],\"spans\":[", f);
	for (size_t i = 0; i < d->nspans; i++) {
		const span *sp = &d->spans[i];
		size_t a, b;

		if (!is_out(sp, reject))
			continue;
		fprintf(f, "%s{\"start\":%zu,\"end\":%zu,", first ? "" : ",",
		    t ? fmt_json_off(t, w->s.unit, sp->start) : sp->start,
		    t ? fmt_json_off(t, w->s.unit, sp->end) : sp->end);
		first = 0;
		/* Tokens inside the span: cut at its edges, so they line up
		 * unless an edge sits in white space. */
		a = tok_from(tk, ntk, sp->start);
		b = tok_from(tk, ntk, sp->end);
		if (a < b && tk[b - 1].end <= sp->end)
			fprintf(f, "\"token_start\":%zu,\"token_end\":%zu,", a, b - 1);
		fmt_json_put_str(f, "label", sp->label);
		putc('}', f);
	}
	fprintf(f, "],\"answer\":\"%s\"}\n", reject ? "reject" : "accept");
	free(tk);
	text_free(t);
	return ferror(f) ? -1 : 0;
}

static void
sp_write_report(fmt_writer *fw, fmt_report *rep)
{
	struct sp_writer *w = (struct sp_writer *)fw;
	size_t n = strlen(rep->what);

	if (w->dropped == 0)
		return;
	rep->skipped += w->dropped;
	snprintf(rep->what + n, sizeof rep->what - n,
	    "%s%zu rejected span%s beside accepted ones not written", n ? "; " : "",
	    w->dropped, w->dropped == 1 ? "" : "s");
	w->dropped = 0;
}

const fmt fmt_spacy = {
	.name = "spacy",
	.exts = ".jsonl .json",
	.multi_file = 0,
	.sniff = sp_sniff,
	.read = sp_read,
	.write_begin = sp_write_begin,
	.write_doc = sp_write_doc,
	.write_end = fmt_stream_end,
	.write_report = sp_write_report,
	.takes = FMT_TAKES_OFFSETS | FMT_UNANNOTATED_OUT,
};
