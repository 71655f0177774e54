/*
 * store_batch.c: the suggestions of batch runs (gloss suggest), kept
 * compactly. One suggest_batch row per article and engine holds all its
 * suggestions as a packed blob, where the interface's suggestions are one
 * spans row each: a spans row costs its six indexes and the count
 * trigger, and the 3M suggestions of a 100k-article run made it 28 times
 * slower than grep. articles.n_suggested counts both (a batch row adds
 * its n), so the list sorts and filters by suggestions as before.
 *
 * Batch suggestions become spans rows (status suggested, as if written
 * one by one) when something needs spans: the interface opening the
 * article (store_suggestions_materialize), or an engine writing spans
 * rows into it (store_suggestions_put). Export reads them merged in
 * (st_batch_merge) without writing. Each time, the rules are applied
 * again against the spans as they are then: a decision or a suggestion
 * stored since wins, a rejected (place, label) stays rejected, labels
 * no longer in the scheme are dropped.
 *
 * The blob: a varint count of labels, each label (varint length, bytes),
 * then per suggestion: varint start, varint length, varint label index,
 * the confidence as 8 bytes (IEEE double, little-endian). The row's n
 * says how many suggestions. A blob that does not decode is skipped
 * (and dropped when materialized): a damaged row never stops an article
 * from opening.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_sug.h"
#include "model/buf.h"

void
st_source_set(unsigned mask, char *set, size_t setsz)
{
	size_t o = 0;

	set[o++] = ',';
	set[o] = '\0';
	for (int s = SRC_MANUAL; s <= SRC_MODEL; s++)
		if ((mask & (1u << s)) && o < setsz)
			o += (size_t)snprintf(set + o, setsz - o, "%s,", span_source_name(s));
}

/* --- the blob ----------------------------------------------------------- */

/* v as a varint at c (room for 10 bytes); the bytes written. */
static size_t
varint_at(char *c, uint64_t v)
{
	size_t n = 0;

	do {
		c[n++] = (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v);
	return n;
}

static int
put_varint(struct buf *b, uint64_t v)
{
	char c[10];

	return buf_append(b, c, varint_at(c, v));
}

static int
get_varint(const unsigned char **p, const unsigned char *e, uint64_t *v)
{
	*v = 0;
	for (unsigned shift = 0; *p < e && shift < 64; shift += 7) {
		unsigned char c = *(*p)++;

		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return 0;
	}
	return -1;
}

/* Encode the suggestions of v[0..n) whose source is src. */
static int
encode(const placed *v, size_t n, int src, struct buf *b, size_t *count)
{
	const char *labels[64];
	size_t nl = 0, used = 0;
	struct buf recs = BUF_INIT;
	char c[4096]; /* records gathered here, appended a chunk at a time */
	int rc = -1;

	*count = 0;
	buf_reset(b);
	for (size_t i = 0; i < n; i++) {
		size_t l;
		uint64_t bits;
		double conf = v[i].conf;
		const char *lab = v[i].label ? v[i].label : "";

		if (v[i].source != src)
			continue;
		/* the labels of a suggestion list are shared strings: the
		 * pointer usually matches, strcmp only for a new one */
		for (l = 0; l < nl && labels[l] != lab; l++)
			;
		if (l == nl)
			for (l = 0; l < nl && strcmp(labels[l], lab) != 0; l++)
				;
		if (l == nl) {
			if (nl == sizeof labels / sizeof labels[0])
				goto out; /* the caller writes spans rows instead */
			labels[nl++] = lab;
		}
		if (sizeof c - used < 38) { /* three varints and the confidence */
			if (buf_append(&recs, c, used) != 0)
				goto out;
			used = 0;
		}
		memcpy(&bits, &conf, sizeof bits);
		used += varint_at(c + used, v[i].start);
		used += varint_at(c + used, v[i].end - v[i].start);
		used += varint_at(c + used, l);
		for (int k = 0; k < 8; k++)
			c[used++] = (char)(bits >> (8 * k));
		(*count)++;
	}
	if (used > 0 && buf_append(&recs, c, used) != 0)
		goto out;
	if (put_varint(b, nl) != 0)
		goto out;
	for (size_t l = 0; l < nl; l++)
		if (put_varint(b, strlen(labels[l])) != 0 || buf_append(b, labels[l], strlen(labels[l])) != 0)
			goto out;
	rc = buf_append(b, recs.s ? recs.s : "", recs.len);
out:
	buf_free(&recs);
	return rc;
}

/* Does the scheme have label name? */
static int
label_known(store *st, const char *name, int *yes)
{
	sqlite3_stmt *s = st_q(st, Q_LABEL_EXISTS);
	int64_t one;
	int rc;

	if (s == NULL)
		return -1;
	st_bind_str(s, 1, name);
	if ((rc = st_one_int(st, s, &one)) < 0)
		return -1;
	*yes = rc == 1;
	return 0;
}

/* Visit the n suggestions of one row's blob; -2 when it does not decode. */
static int
decode(store *st, const unsigned char *p, size_t len, int source, int64_t n,
    int (*fn)(const span *s, void *arg), void *arg)
{
	const unsigned char *e = p + len;
	char *names = malloc(len + 1), *o = names;
	char *labels[64];
	int known[64];
	uint64_t nl, v;
	int rc = -2;

	if (names == NULL) {
		st_seterr(st, "out of memory");
		return -1;
	}
	if (get_varint(&p, e, &nl) != 0 || nl > 64)
		goto out;
	for (uint64_t l = 0; l < nl; l++) {
		if (get_varint(&p, e, &v) != 0 || v > (uint64_t)(e - p))
			goto out;
		memcpy(o, p, (size_t)v);
		o[v] = '\0';
		labels[l] = o;
		o += v + 1;
		p += v;
		if (label_known(st, labels[l], &known[l]) != 0) {
			rc = -1;
			goto out;
		}
	}
	for (int64_t i = 0; i < n; i++) {
		uint64_t start, width, l, bits = 0;
		double conf;
		span s;

		if (get_varint(&p, e, &start) != 0 || get_varint(&p, e, &width) != 0 || get_varint(&p, e, &l) != 0 ||
		    l >= nl || e - p < 8 || start > SIZE_MAX / 2 || width > SIZE_MAX / 2)
			goto out;
		for (int k = 0; k < 8; k++)
			bits |= (uint64_t)p[k] << (8 * k);
		p += 8;
		memcpy(&conf, &bits, sizeof conf);
		if (!known[l])
			continue;
		memset(&s, 0, sizeof s);
		s.id = -1;
		s.start = (size_t)start;
		s.end = (size_t)(start + width);
		s.label = labels[l];
		s.kind = SPAN_ENTITY;
		s.status = SPAN_SUGGESTED;
		s.source = source;
		s.confidence = conf;
		if (fn(&s, arg) != 0) {
			rc = 1;
			goto out;
		}
	}
	rc = 0;
out:
	free(names);
	return rc;
}

int
st_batch_each(store *st, int64_t aid, unsigned mask, int64_t *nin, int (*fn)(const span *s, void *arg), void *arg)
{
	sqlite3_stmt *s = st_q(st, Q_BATCH_OF);
	int rc, r = 0;

	if (nin)
		*nin = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, aid);
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int src = span_source_parse((const char *)sqlite3_column_text(s, 0));
		const unsigned char *p = sqlite3_column_blob(s, 2);
		size_t len = (size_t)sqlite3_column_bytes(s, 2);

		if (nin && src >= 0 && (mask & (1u << src)))
			*nin += sqlite3_column_int64(s, 1);
		if (src < 0 || p == NULL)
			continue;
		if ((r = decode(st, p, len, src, sqlite3_column_int64(s, 1), fn, arg)) == -2)
			r = 0; /* damaged: skipped */
	}
	if (r != 0) {
		sqlite3_reset(s);
		return r;
	}
	return st_done(st, s, rc);
}

/* The total n of article aid's batch rows of the sources in set, and
 * how many rows. */
/* Every source, as a set for Q_BATCH_COUNT and friends. */
#define ALL_SOURCES ",manual,import,propagate,gazetteer,pattern,model,"

static int
batch_count(store *st, int64_t aid, const char *set, int64_t *n, int64_t *rows)
{
	sqlite3_stmt *s = st_q(st, Q_BATCH_COUNT);
	int rc;

	*n = *rows = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, aid);
	sqlite3_bind_text(s, 2, set, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(s, 0);
		*rows = sqlite3_column_int64(s, 1);
	}
	return st_done(st, s, rc);
}

/* Drop article aid's batch rows of the sources in set (n suggestions in
 * all: none, no rows) and count add suggestions instead of them. */
static int
batch_drop(store *st, int64_t aid, const char *set, int64_t n, int64_t add)
{
	sqlite3_stmt *s;

	if (n > 0) {
		if ((s = st_q(st, Q_BATCH_DELETE)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, aid);
		sqlite3_bind_text(s, 2, set, -1, SQLITE_TRANSIENT);
		if (st_run(st, s) != 0)
			return -1;
	}
	if (add - n != 0) {
		if ((s = st_q(st, Q_BATCH_NSUG)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, aid);
		sqlite3_bind_int64(s, 2, add - n);
		return st_run(st, s);
	}
	return 0;
}

int
st_batch_replace(store *st, int64_t aid, unsigned srcmask, int64_t old, const placed *v, size_t n)
{
	struct buf b = BUF_INIT;
	char set[96];
	int rc = -1;

	st_source_set(srcmask, set, sizeof set);
	if (batch_drop(st, aid, set, old, (int64_t)n) != 0)
		return -1;
	for (int src = SRC_MANUAL; src <= SRC_MODEL; src++) {
		sqlite3_stmt *s;
		size_t count;

		if (!(srcmask & (1u << src)))
			continue;
		if (encode(v, n, src, &b, &count) != 0) {
			st_seterr(st, "out of memory (or over 64 labels)");
			goto out;
		}
		if (count == 0)
			continue;
		if ((s = st_q(st, Q_BATCH_PUT)) == NULL)
			goto out;
		sqlite3_bind_int64(s, 1, aid);
		st_bind_str(s, 2, span_source_name(src));
		sqlite3_bind_int64(s, 3, (int64_t)count);
		sqlite3_bind_blob64(s, 4, b.s, b.len, SQLITE_STATIC);
		if (st_run(st, s) != 0)
			goto out;
	}
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/* Article aid's spans rows (constraints) into k, then its batch
 * suggestions that may stand beside them into e (labels copied). */
static int
gather(store *st, int64_t aid, kept *k, kept *e)
{
	sqlite3_stmt *sp = st_q(st, Q_SPANS_OF);
	int rc;

	if (sp == NULL)
		return -1;
	sqlite3_bind_int64(sp, 1, aid);
	if ((rc = st_spans_visit(st, sp, st_kept_add, k)) == 0)
		rc = st_batch_each(st, aid, 0, NULL, st_kept_add, e);
	if (rc > 0)
		st_seterr(st, "out of memory");
	return rc == 0 ? 0 : -1;
}

/* Batch suggestion p as a span (label borrowed). */
static span
as_span(const placed *p)
{
	span s;

	memset(&s, 0, sizeof s);
	s.start = p->start;
	s.end = p->end;
	s.label = p->label;
	s.kind = SPAN_ENTITY;
	s.status = SPAN_SUGGESTED;
	s.source = p->source;
	s.confidence = p->conf;
	return s;
}

int
st_batch_materialize(store *st, int64_t aid, size_t *made)
{
	kept k = { NULL, 0, 0, 0 }, e = { NULL, 0, 0, 0 };
	int64_t n, rows, chars, t = st_now(), id;
	const char *all = ALL_SOURCES;
	int rc = -1;

	if (made)
		*made = 0;
	if (batch_count(st, aid, all, &n, &rows) != 0)
		return -1;
	if (rows == 0)
		return 0;
	if (gather(st, aid, &k, &e) != 0 || store_article_chars(st, aid, &chars) != 0)
		goto out;
	for (size_t i = 0; i < e.n; i++) {
		span s = as_span(&e.v[i]);

		if ((int64_t)s.end > chars || s.start >= s.end || !st_kept_allows(&k, &s))
			continue;
		if (st_span_insert(st, aid, &s, t, &id) != 0)
			goto out;
		s.id = id;
		if (st_kept_add(&s, &k) != 0) {
			st_seterr(st, "out of memory");
			goto out;
		}
		if (made)
			(*made)++;
	}
	rc = batch_drop(st, aid, all, n, 0);
out:
	st_kept_free(&k);
	st_kept_free(&e);
	return rc;
}

int
store_suggestions_materialize(store *st, int64_t aid, size_t *made)
{
	int64_t n, rows;

	if (made)
		*made = 0;
	/* Asked each time an article opens: without batch rows, no write
	 * transaction (it would wait for an import's lock, and take the
	 * store's look for damage before a first write). */
	if (batch_count(st, aid, ALL_SOURCES, &n, &rows) != 0)
		return -1;
	if (rows == 0)
		return 0;
	if (store_action_begin(st) != 0)
		return -1;
	return st_action_done(st, st_batch_materialize(st, aid, made));
}

int
st_batch_merge(store *st, int64_t aid, doc *d)
{
	kept k = { NULL, 0, 0, 0 }, e = { NULL, 0, 0, 0 };
	size_t before = d->nspans;
	int rc = -1;

	for (size_t i = 0; i < d->nspans; i++)
		if (st_kept_add(&d->spans[i], &k) != 0)
			goto oom;
	if ((rc = st_batch_each(st, aid, 0, NULL, st_kept_add, &e)) != 0) {
		if (rc > 0)
			goto oom;
		goto out;
	}
	rc = -1;
	for (size_t i = 0; i < e.n; i++) {
		span s = as_span(&e.v[i]);

		if ((size_t)s.end > d->chars || s.start >= s.end || !st_kept_allows(&k, &s))
			continue;
		if (doc_add_span(d, &s) != 0 || st_kept_add(&s, &k) != 0)
			goto oom;
	}
	if (d->nspans != before)
		doc_sort_spans(d);
	rc = 0;
	goto out;
oom:
	st_seterr(st, "out of memory");
out:
	st_kept_free(&k);
	st_kept_free(&e);
	return rc;
}
