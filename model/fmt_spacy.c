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
 * when the record has tokens). doc->meta keeps what a Prodigy dataset
 * needs to come back whole (keep_record): the record's "meta" members,
 * its other members ("_input_hash", "_task_hash", "_view_id", ...), its
 * tokens and its spans' own members ("text", "source", "rank", ...).
 * Records are numbered by line.
 *
 * Writing. One record per article: text, "meta" (the record's meta, plus
 * the article's id, title, date, source and url it lacks), the record's
 * own members, the tokens it came with when every span still starts and
 * ends on one (else tokens from token_split() cut at every span edge, so
 * token_start/token_end always exist, and a note counts such articles),
 * entity spans that are not rejected with their own members, and
 * "answer":"accept". An article whose only entity spans are rejected is
 * written with "answer":"reject", so an import/export round trip keeps
 * rejections. Highlights are not written (spaCy has no such thing). The
 * export driver leaves out articles nobody annotated (FMT_UNANNOTATED_OUT).
 *
 * spaCy v2 JSON training files are read by fmt_spacy_v2.c.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/fmt_json.h"
#include "model/fmt_spacy.h"
#include "model/token.h"


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

/* sep, then the member c as "key":value. */
static void
put_member(FILE *f, const char *sep, const json *c)
{
	fputs(sep, f);
	json_write_str(f, c->key, strlen(c->key));
	putc(':', f);
	fmt_json_put_value(f, c);
}

/* v as JSON text (malloc'd), or NULL when out of memory. */
static char *
json_text(const json *v)
{
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	if (f == NULL)
		return NULL;
	fmt_json_put_value(f, v);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Is key one of the NULL-terminated names? */
static int
in_list(const char *key, const char *const *names)
{
	if (key == NULL)
		return 1;  /* not a member (an array's element): nothing to keep */
	for (size_t i = 0; names[i]; i++)
		if (strcmp(key, names[i]) == 0)
			return 1;
	return 0;
}

/* Record members gloss reads itself; any other is kept (keep_record). */
static int
is_ours(const char *key)
{
	static const char *const ours[] = { "text", "tokens", "spans", "answer", "meta", NULL };

	return in_list(key, ours);
}

/* Span members gloss reads itself; others (source, rank, input_hash...) are kept. */
static int
is_span_ours(const char *key)
{
	static const char *const ours[] = { "start", "end", "label", "token_start", "token_end", NULL };

	return in_list(key, ours);
}

/* "START-END-LABEL", the key of a span's kept members (malloc'd). */
static char *
span_key(size_t a, size_t b, const char *label)
{
	size_t n = strlen(label) + 48;
	char *k = malloc(n);

	if (k != NULL)
		snprintf(k, n, "%zu-%zu-%s", a, b, label);
	return k;
}

/* A growing list of "key":value pairs for fmt_json_obj_add. */
struct kv {
	const char *k[16];
	char *v[16];
	size_t n;
};

/*
 * Close the memstream f that fills *buf; when it holds a value (end is
 * its closing bracket, NULL: nothing was written), move *buf into kv as
 * key. -1 when out of memory.
 */
static int
kv_take(struct kv *kv, FILE *f, const char *end, const char *key, char **buf)
{
	if (end)
		fputs(end, f);
	if (fclose(f) != 0)
		return -1;
	if (end) {
		kv->k[kv->n] = key;
		kv->v[kv->n++] = *buf;
		*buf = NULL;
	}
	return 0;
}

/*
 * What a Prodigy dataset needs to come back whole, kept in doc->meta:
 * the record's "meta" members; its own top-level members that gloss does
 * not read ("_input_hash", "_task_hash", "_view_id", "_timestamp",
 * "_annotator_id", "_session_id"...: the ones starting with "_" as
 * members, the others under "spacy_record"); its tokens as [[start,end],
 * ...] code points under "spacy_tokens"; and the members of its spans
 * gloss does not read, under "spacy_spans" keyed "START-END-LABEL". The
 * writer puts each back where it came from.
 */
static int
keep_record(const json *v, const struct tok *tk, size_t ntk, doc *d, size_t rec, doc_err *err)
{
	const json *m = json_get(v, "meta"), *spans = json_get(v, "spans");
	char *under = NULL, *extra = NULL, *base, *toks = NULL;
	struct kv kv = { { NULL }, { NULL }, 0 };
	size_t sz = 0;
	FILE *f;
	int rc = -1, any = 0;

	if (m != NULL && m->type != JSON_NULL && m->type != JSON_OBJECT) {
		doc_err_set(err, rec, 0, "\"meta\" is not an object");
		return -1;
	}
	if (m != NULL && m->type == JSON_OBJECT && fmt_json_meta(d, m, rec, err) != 0)
		return -1;
	/* "_" members, then the other unknown ones in one object */
	if ((f = open_memstream(&under, &sz)) == NULL)
		goto nomem;
	for (const json *c = v->child; c; c = c->next) {
		if (is_ours(c->key))
			continue;
		if (c->key[0] == '_') {
			if (kv.n == 12)
				continue;  /* far more than Prodigy writes (6): not kept */
			kv.k[kv.n] = c->key;
			if ((kv.v[kv.n++] = json_text(c)) == NULL)
				goto nomem_f;
			continue;
		}
		put_member(f, any++ ? "," : "{", c);
	}
	if (kv_take(&kv, f, any ? "}" : NULL, "spacy_record", &under) != 0)
		goto nomem;
	/* the spans' own members */
	any = 0;
	if ((f = open_memstream(&extra, &sz)) == NULL)
		goto nomem;
	for (const json *sp = spans && spans->type == JSON_ARRAY ? spans->child : NULL; sp; sp = sp->next) {
		int n = 0;
		long long a, b;
		const char *l = json_get_str(sp, "label");

		if (sp->type != JSON_OBJECT || !json_get_int(sp, "start", &a) || !json_get_int(sp, "end", &b) || l == NULL)
			continue;
		for (const json *c = sp->child; c; c = c->next) {
			if (is_span_ours(c->key))
				continue;
			if (n++ == 0) {
				char *key = span_key((size_t)a, (size_t)b, l);

				if (key == NULL)
					goto nomem_f;
				fputs(any++ ? "," : "{", f);
				json_write_str(f, key, strlen(key));
				putc(':', f);
				free(key);
			}
			put_member(f, n == 1 ? "{" : ",", c);
		}
		if (n)
			putc('}', f);
	}
	if (kv_take(&kv, f, any ? "}" : NULL, "spacy_spans", &extra) != 0)
		goto nomem;
	if (ntk > 0) {
		if ((f = open_memstream(&toks, &sz)) == NULL)
			goto nomem;
		for (size_t i = 0; i < ntk; i++)
			fprintf(f, "%s[%zu,%zu]", i ? "," : "[", tk[i].start, tk[i].end);
		if (kv_take(&kv, f, "]", "spacy_tokens", &toks) != 0)
			goto nomem;
	}
	if (kv.n == 0)
		rc = 0;
	else {
		base = d->meta;
		d->meta = fmt_json_obj_add(base, kv.k, (const char *const *)kv.v, kv.n);
		free(base);
		if (d->meta == NULL)
			goto nomem;
		rc = 0;
	}
	goto out;
nomem_f:
	fclose(f);
nomem:
	doc_err_set(err, rec, 0, "out of memory");
out:
	for (size_t i = 0; i < kv.n; i++)
		free(kv.v[i]);
	free(under);
	free(extra);
	free(toks);
	return rc;
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
	    || keep_record(v, tk, ntk, &d, rec, err) != 0)
		goto out;
	if (fmt_json_arr(v, "spans", &spans, rec, err) != 0)
		goto out;
	for (const json *s = spans ? spans->child : NULL; s; s = s->next)
		if (read_span(rd, s, t, tk, ntk, status, &d, rec, err) != 0)
			goto out;
	if (fmt_json_emit(rd->emit, rd->arg, &d, rec, err) != 0)
		goto out;
	rc = 0;
out:
	free(tk);
	text_free(t);
	doc_clear(&d);
	return rc;
}

/* Prodigy JSONL (or a JSON array of such tasks), or a v2 training file. */
static int
sp_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg, fmt_report *rep, doc_err *err)
{
	struct sp_read rd = { o, emit, arg, rep, fmt_json_unit(o, FMT_UNIT_CP), 0 };
	int rc;

	if (spacy_is_v2(in->buf, in->len))
		rc = spacy_v2_read(in, o, emit, arg, err);
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
	size_t retok;   /* articles whose imported tokens no longer fit their spans */
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

static int is_out(const span *s, int reject);
static size_t tok_from(const token *tk, size_t n, size_t cp);

/* Members of the doc's metadata that are not the record's "meta". */
static int
is_kept(const char *key)
{
	return key[0] == '_' || strcmp(key, "spacy_record") == 0 || strcmp(key, "spacy_spans") == 0
	    || strcmp(key, "spacy_tokens") == 0;
}

/*
 * "meta" and the record's own members from the doc's metadata (see
 * keep_record): the "meta" object holds the metadata's other members plus
 * the article's id, title (unless it is the text's beginning), date,
 * source and url when it lacks them; "_"
 * members and those of "spacy_record" go back to the top level. m is the
 * parsed metadata or NULL; without a parser the metadata goes out as
 * "meta" unchanged.
 */
static void
write_meta(struct sp_writer *w, const doc *d, const json *m)
{
	FILE *f = w->s.f;
	static const char *const keys[] = { "id", "title", "date", "source", "url" };
	const char *vals[] = { d->ext_id, d->title, d->date, d->source, d->url };
	const json *rec;
	int first = 1;

	if (m == NULL && d->meta != NULL) {
		const char *p = d->meta + strspn(d->meta, " \t\r\n");

		if (*p == '{')
			fprintf(f, ",\"meta\":%s", d->meta);
		return;
	}
	for (const json *c = m ? m->child : NULL; c; c = c->next) {
		if (is_kept(c->key))
			continue;
		put_member(f, first ? ",\"meta\":{" : ",", c);
		first = 0;
	}
	/* A title that is only the text's first words (what gloss makes up
	 * when there is none) says nothing. */
	if (vals[1] != NULL && d->text != NULL && strncmp(d->text, vals[1], strlen(vals[1])) == 0)
		vals[1] = NULL;
	for (size_t i = 0; i < 5; i++) {
		if (vals[i] == NULL || (m != NULL && json_get(m, keys[i]) != NULL))
			continue;
		fputs(first ? ",\"meta\":{" : ",", f);
		first = 0;
		fmt_json_put_str(f, keys[i], vals[i]);
	}
	if (!first)
		putc('}', f);
	for (const json *c = m && m->type == JSON_OBJECT ? m->child : NULL; c; c = c->next) {
		if (c->key == NULL || c->key[0] != '_')
			continue;
		put_member(f, ",", c);
	}
	if (m != NULL && (rec = json_get(m, "spacy_record")) != NULL && rec->type == JSON_OBJECT)
		for (const json *c = rec->child; c; c = c->next) {
			if (is_ours(c->key))
				continue;
			put_member(f, ",", c);
		}
}

/*
 * The tokens the article came with (metadata "spacy_tokens"), when they
 * still fit: inside the text, in order, and every span written starts
 * and ends on a token edge. Returns their number with *out set, or 0 to
 * cut tokens afresh.
 */
static size_t
kept_tokens(const json *m, const doc *d, const text *t, int reject, token **out)
{
	const json *a = m ? json_get(m, "spacy_tokens") : NULL;
	size_t n = 0, prev = 0, ncp = text_len(t);
	token *tk;

	*out = NULL;
	if (a == NULL || a->type != JSON_ARRAY || a->n == 0 || (tk = calloc(a->n, sizeof *tk)) == NULL)
		return 0;
	for (const json *p = a->child; p; p = p->next, n++) {
		long long s, e;

		if (p->type != JSON_ARRAY || p->n != 2 || p->child->type != JSON_INT || p->child->next->type != JSON_INT)
			goto no;
		s = p->child->i;
		e = p->child->next->i;
		if (s < (long long)prev || e <= s || (unsigned long long)e > ncp)
			goto no;
		tk[n].start = (size_t)s;
		tk[n].end = (size_t)e;
		tk[n].bstart = text_cp_to_byte(t, tk[n].start);
		tk[n].bend = text_cp_to_byte(t, tk[n].end);
		prev = tk[n].end;
	}
	for (size_t i = 0; i < d->nspans; i++) {
		const span *sp = &d->spans[i];
		size_t k;

		if (!is_out(sp, reject))
			continue;
		k = tok_from(tk, n, sp->start);
		if (k == n || tk[k].start != sp->start)
			goto no;
		k = tok_from(tk, n, sp->end);
		if (k == 0 || tk[k - 1].end != sp->end)
			goto no;
	}
	*out = tk;
	return n;
no:
	free(tk);
	return 0;
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

/* A span's kept members (metadata "spacy_spans"), after its label. */
static void
write_span_extras(FILE *f, const json *extras, size_t a, size_t b, const char *label)
{
	const json *x;
	char *key;

	if (extras == NULL || (key = span_key(a, b, label)) == NULL)
		return;
	x = json_get(extras, key);
	free(key);
	if (x == NULL || x->type != JSON_OBJECT)
		return;
	for (const json *c = x->child; c; c = c->next) {
		if (is_span_ours(c->key))
			continue;
		put_member(f, ",", c);
	}
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
	json *m = NULL;
	const json *extras;
	char msg[64];
	int reject, first = 1, rc = -1;

	for (size_t i = 0; i < d->nspans; i++) {
		npos += (size_t)is_out(&d->spans[i], 0);
		nneg += (size_t)is_out(&d->spans[i], 1);
	}
	reject = npos == 0 && nneg > 0;
	if (!reject)
		w->dropped += nneg;
	if ((t = text_new(s, d->len)) == NULL)
		return -1;
	if (d->meta != NULL && w->parse != NULL
	    && (m = w->parse(w->ctx, d->meta, strlen(d->meta), msg, sizeof msg)) != NULL && m->type != JSON_OBJECT) {
		json_free(m);
		m = NULL;
	}
	extras = m ? json_get(m, "spacy_spans") : NULL;
	if ((ntk = kept_tokens(m, d, t, reject, &tk)) == 0) {
		if (m != NULL && json_get(m, "spacy_tokens") != NULL)
			w->retok++;
		if ((cuts = malloc((d->nspans * 2 + 1) * sizeof *cuts)) == NULL)
			goto out;
		for (size_t i = 0; i < d->nspans; i++)
			if (is_out(&d->spans[i], reject)) {
				cuts[ncut++] = d->spans[i].start;
				cuts[ncut++] = d->spans[i].end;
			}
		ntk = token_split_mode(s, d->len, token_mode_of_meta(d->meta), cuts, ncut, &tk);
		free(cuts);
		if (ntk == (size_t)-1) {
			tk = NULL;
			goto out;
		}
	}
	fputs("{\"text\":", f);
	json_write_str(f, s, d->len);
	write_meta(w, d, m);
	fputs(",\"tokens\":[", f);
	for (size_t i = 0; i < ntk; i++) {
		fprintf(f, "%s{\"text\":", i ? "," : "");
		json_write_str(f, s + tk[i].bstart, tk[i].bend - tk[i].bstart);
		fprintf(f, ",\"start\":%zu,\"end\":%zu,\"id\":%zu,\"ws\":%s}",
		    fmt_json_off(t, w->s.unit, tk[i].start), fmt_json_off(t, w->s.unit, tk[i].end), i,
		    tk[i].bend < d->len && s[tk[i].bend] == ' ' ? "true" : "false");
	}
	fputs("],\"spans\":[", f);
	for (size_t i = 0; i < d->nspans; i++) {
		const span *sp = &d->spans[i];
		size_t a, b, fs, fe;

		if (!is_out(sp, reject))
			continue;
		fs = fmt_json_off(t, w->s.unit, sp->start);
		fe = fmt_json_off(t, w->s.unit, sp->end);
		fprintf(f, "%s{\"start\":%zu,\"end\":%zu,", first ? "" : ",", fs, fe);
		first = 0;
		/* Tokens inside the span: cut at its edges (or kept, and then
		 * checked to line up), so they line up unless an edge sits in
		 * white space. */
		a = tok_from(tk, ntk, sp->start);
		b = tok_from(tk, ntk, sp->end);
		if (a < b && tk[b - 1].end <= sp->end)
			fprintf(f, "\"token_start\":%zu,\"token_end\":%zu,", a, b - 1);
		fmt_json_put_str(f, "label", sp->label);
		write_span_extras(f, extras, fs, fe, sp->label);
		putc('}', f);
	}
	fprintf(f, "],\"answer\":\"%s\"}\n", reject ? "reject" : "accept");
	rc = ferror(f) ? -1 : 0;
out:
	free(tk);
	text_free(t);
	json_free(m);
	return rc;
}

static void
sp_write_report(fmt_writer *fw, fmt_report *rep)
{
	struct sp_writer *w = (struct sp_writer *)fw;

	if (w->dropped > 0) {
		rep->skipped += w->dropped;
		fmt_report_add(rep, "%s%zu rejected span%s beside accepted ones not written", rep->what.len ? "; " : "",
		    w->dropped, w->dropped == 1 ? "" : "s");
	}
	if (w->retok > 0)
		fmt_report_add(rep, "%s%zu article%s tokenised again: spans no longer on the tokens they came with",
		    rep->what.len ? "; " : "", w->retok, w->retok == 1 ? "" : "s");
	w->dropped = w->retok = 0;
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
	.takes = FMT_TAKES_OFFSETS | FMT_UNANNOTATED_OUT | FMT_STREAMS,
};
