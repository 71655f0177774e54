/*
 * store_suggest.c: what the suggestion engines keep in the store —
 * suggested spans, engine state, user gazetteers, decided articles,
 * acceptance per engine, and the bookkeeping of resumable batch runs.
 *
 * Suggestions are derived data: writing them is not a user action and
 * leaves no undo record; a person's decisions (confirmed, rejected) are
 * never touched here (store.h says the rule).
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_sug.h"
#include "model/buf.h"

int
st_kept_add(const span *s, void *arg)
{
	kept *k = arg;
	placed *p;

	if (s->kind != SPAN_ENTITY)
		return 0;
	if ((p = array_grow(k->v, &k->cap, k->n + 1, sizeof *p)) == NULL)
		return 1;
	k->v = p;
	p = &k->v[k->n];
	p->start = s->start;
	p->end = s->end;
	p->status = s->status;
	p->source = s->source;
	p->conf = s->confidence;
	p->old = s->status == SPAN_SUGGESTED && s->id != 0 && s->source >= 0 && (k->mask & (1u << s->source));
	p->batch = s->id < 0;
	p->id = s->id;
	p->label = p->own = NULL;
	if ((s->status == SPAN_REJECTED || s->status == SPAN_SUGGESTED) && s->label) {
		if (s->id == 0)
			p->label = s->label;
		else if ((p->label = p->own = strdup(s->label)) == NULL)
			return 1;
	}
	k->n++;
	return 0;
}

void
st_kept_free(kept *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i].own);
	free(k->v);
}

int
st_kept_allows(const kept *k, const span *s)
{
	return st_kept_allows_n(k, k->n, s);
}

int
st_kept_allows_n(const kept *k, size_t n, const span *s)
{
	for (size_t i = 0; i < n; i++) {
		const placed *x = &k->v[i];
		int overlap = x->start < s->end && s->start < x->end;

		if (x->old)
			continue;
		if (x->status == SPAN_REJECTED) {
			if (x->start == s->start && x->end == s->end && x->label && s->label &&
			    strcmp(x->label, s->label) == 0)
				return 0;
		} else if (overlap)
			return 0;
	}
	return 1;
}

static int
placed_cmp(const void *a, const void *b)
{
	const placed *x = a, *y = b;
	int c;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->source != y->source)
		return x->source < y->source ? -1 : 1;
	if ((c = strcmp(x->label ? x->label : "", y->label ? y->label : "")) != 0)
		return c;
	return (x->conf > y->conf) - (x->conf < y->conf);
}

/* Are the old suggestions in k exactly the new ones (k->v[from..])? Then
 * nothing needs writing: reopening an article leaves its rows alone. */
static int
unchanged(kept *k, size_t from)
{
	size_t nold = 0, i, j;

	for (i = 0; i < from; i++)
		if (k->v[i].old)
			nold++;
	if (nold != k->n - from)
		return 0;
	/* old ones to the front of [0, from), then compare sorted */
	for (i = 0, j = 0; i < from; i++)
		if (k->v[i].old) {
			placed t = k->v[j];

			k->v[j++] = k->v[i];
			k->v[i] = t;
		}
	if (nold > 1) { /* qsort(NULL, 0, …) is undefined */
		qsort(k->v, nold, sizeof *k->v, placed_cmp);
		qsort(k->v + from, nold, sizeof *k->v, placed_cmp);
	}
	for (i = 0; i < nold; i++)
		if (placed_cmp(&k->v[i], &k->v[from + i]) != 0)
			return 0;
	return 1;
}

/* Article aid's length, and whether it has spans rows, batch rows. */
static int
probe(store *st, int64_t aid, int64_t *chars, int *spans, int *batch)
{
	sqlite3_stmt *s = st_q(st, Q_SUG_PROBE);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, aid);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*chars = sqlite3_column_int64(s, 0);
		*spans = sqlite3_column_int(s, 1);
		*batch = sqlite3_column_int(s, 2);
	} else if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		st_seterr(st, "no article %lld", (long long)aid);
		return -1;
	}
	return st_done(st, s, rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

static void
sugdiff_reset(store *st)
{
	struct st_sugdiff *d = &st->sugdiff;

	for (size_t i = 0; i < d->nadded; i++)
		span_clear(&d->added[i]);
	d->ngone = d->nadded = 0;
	d->known = 0;
}

void
st_sugdiff_free(store *st)
{
	sugdiff_reset(st);
	free(st->sugdiff.gone);
	free(st->sugdiff.added);
	memset(&st->sugdiff, 0, sizeof st->sugdiff);
}

int
store_suggestions_changes(store *st, const int64_t **gone, size_t *ngone, const span **added, size_t *nadded)
{
	const struct st_sugdiff *d = &st->sugdiff;

	if (!d->known)
		return -1;
	*gone = d->gone;
	*ngone = d->ngone;
	*added = d->added;
	*nadded = d->nadded;
	return 0;
}

/* Note a deleted row (s == NULL: id) or an inserted span; 0 or -1 (then
 * the changes are not known). */
static int
sugdiff_note(store *st, int64_t id, const span *s)
{
	struct st_sugdiff *d = &st->sugdiff;

	if (s == NULL) {
		int64_t *v = array_grow(d->gone, &d->capgone, d->ngone + 1, sizeof *v);

		if (v == NULL) {
			d->known = 0;
			return -1;
		}
		d->gone = v;
		d->gone[d->ngone++] = id;
		return 0;
	} else {
		span *v = array_grow(d->added, &d->capadded, d->nadded + 1, sizeof *v);

		if (v != NULL)
			d->added = v;
		if (v == NULL || span_copy(&v[d->nadded], s) != 0) {
			d->known = 0;
			return -1;
		}
		d->added[d->nadded++].id = id;
		return 0;
	}
}

static int
placed_ptr_cmp(const void *a, const void *b)
{
	return placed_cmp(*(const placed *const *)a, *(const placed *const *)b);
}

/*
 * Make the old suggestion rows of k (old) the new ones (k->v[from..]):
 * delete the old ones that are not new, insert the new ones that are not
 * old. A decision changes a few suggestions of an article; rewriting
 * them all (delete every row, insert every row) wrote each row and its
 * three indexes again: ~100 rows per tag on a 10 KB article.
 */
static int
replace_rows(store *st, int64_t aid, kept *k, size_t from, int64_t t)
{
	size_t nold = 0, nnew = k->n - from, i = 0, j = 0;
	placed **o = malloc((from + nnew + 1) * sizeof *o), **w;
	sqlite3_stmt *del = st_q(st, Q_SPAN_DELETE);
	int rc = 0;

	if (o == NULL || del == NULL) {
		if (o == NULL)
			st_seterr(st, "out of memory");
		free(o);
		return -1;
	}
	for (size_t x = 0; x < from; x++)
		if (k->v[x].old && !k->v[x].batch)
			o[nold++] = &k->v[x];
	w = o + nold;
	for (size_t x = 0; x < nnew; x++)
		w[x] = &k->v[from + x];
	qsort(o, nold, sizeof *o, placed_ptr_cmp);
	qsort(w, nnew, sizeof *w, placed_ptr_cmp);
	while (rc == 0 && (i < nold || j < nnew)) {
		int c = i == nold ? 1 : j == nnew ? -1 : placed_cmp(o[i], w[j]);

		if (c < 0) { /* old, gone */
			sqlite3_bind_int64(del, 1, o[i]->id);
			if ((rc = st_run(st, del)) == 0)
				sugdiff_note(st, o[i]->id, NULL);
			i++;
		} else if (c > 0) { /* new */
			span s;
			int64_t id;

			memset(&s, 0, sizeof s);
			s.start = w[j]->start;
			s.end = w[j]->end;
			s.label = w[j]->label;
			s.kind = SPAN_ENTITY;
			s.status = SPAN_SUGGESTED;
			s.source = w[j]->source;
			s.confidence = w[j]->conf;
			j++;
			if ((rc = st_span_insert(st, aid, &s, t, &id)) == 0)
				sugdiff_note(st, id, &s);
		} else {
			i++;
			j++;
		}
	}
	free(o);
	return rc;
}

/*
 * Replace the suggestions of the engines in srcmask: as spans rows, or
 * (batch) as the article's compact batch rows (store_batch.c). Both see
 * every suggestion already there, stored either way: spans rows first
 * turn the article's batch rows into spans, a batch keeps the spans rows
 * of other engines and drops those of its own.
 */
static int
put(store *st, int64_t aid, unsigned srcmask, const span *v, size_t n, size_t *added, int batch, size_t ws,
    size_t we)
{
	sqlite3_stmt *del, *sp;
	char set[96];
	kept k = { NULL, 0, 0, srcmask };
	int64_t chars = 0, t = batch ? 0 : st_now(), old = 0;
	size_t from, made = 0;
	int rc = -1, rows = 0, has_spans = 1, has_batch = 1, sorted = 1;

	if (added)
		*added = 0;
	sugdiff_reset(st);
	if (store_action_begin(st) != 0)
		return -1;
	if (!batch && st_batch_materialize(st, aid, &made) != 0)
		goto done;
	/* rows turned into spans rows are changes too, not noted */
	st->sugdiff.known = !batch && made == 0;
	/* one probe says what there is to read (a first batch run: nothing) */
	/* a range reads the spans that overlap it: those farther away can
	 * neither be replaced nor be in the way */
	if (probe(st, aid, &chars, &has_spans, &has_batch) != 0 ||
	    (sp = st_q(st, we > 0 ? Q_SPANS_IN : Q_SPANS_OF)) == NULL)
		goto done;
	sqlite3_bind_int64(sp, 1, aid);
	if (we > 0) {
		sqlite3_bind_int64(sp, 2, (int64_t)ws);
		sqlite3_bind_int64(sp, 3, (int64_t)we);
	}
	rc = has_spans ? st_spans_visit(st, sp, st_kept_add, &k) : 0;
	if (rc == 0 && batch && has_batch)
		rc = st_batch_each(st, aid, srcmask, &old, st_kept_add, &k);
	if (rc != 0) {
		if (rc > 0)
			st_seterr(st, "out of memory");
		rc = -1;
		goto done;
	}
	rc = -1;
	/* a range (we > 0): the suggestions outside it are not replaced */
	for (size_t i = 0; we > 0 && i < k.n; i++)
		if (k.v[i].old && (k.v[i].start < ws || k.v[i].end > we))
			k.v[i].old = 0;
	/*
	 * The new suggestions that may stand, appended to k (id 0: not old).
	 * Those accepted never overlap; while v comes sorted by start their
	 * ends grow too, so of them only the last one accepted can overlap
	 * the next: checking all of them made a long article quadratic.
	 */
	from = k.n;
	if (n > 0) { /* room for all at once, not one by one */
		placed *grown = array_grow(k.v, &k.cap, k.n + n, sizeof *k.v);

		if (grown == NULL) {
			st_seterr(st, "out of memory");
			goto done;
		}
		k.v = grown;
	}
	for (size_t i = 0; i < n; i++) {
		span s = v[i];
		int ok;

		s.id = 0;
		s.status = SPAN_SUGGESTED;
		s.kind = SPAN_ENTITY;
		if (we > 0 && (s.start < ws || s.end > we))
			continue;
		if (sorted && i > 0 && v[i].start < v[i - 1].start)
			sorted = 0;
		if (sorted) {
			const placed *x = k.n > from ? &k.v[k.n - 1] : NULL;

			ok = st_kept_allows_n(&k, from, &s) && !(x && x->start < s.end && s.start < x->end);
		} else
			ok = st_kept_allows(&k, &s);
		if (!ok)
			continue;
		if (st_span_check(st, &s, chars) != 0)
			goto done;
		if (st_kept_add(&s, &k) != 0) {
			st_seterr(st, "out of memory");
			goto done;
		}
	}
	if (added)
		*added = k.n - from;
	for (size_t i = 0; i < from; i++)
		rows |= k.v[i].old && !k.v[i].batch;
	if (unchanged(&k, from)) {
		rc = 0;
		goto done;
	}
	if (!batch) {
		rc = replace_rows(st, aid, &k, from, t);
		goto done;
	}
	if (rows) {
		st_source_set(srcmask, set, sizeof set);
		if ((del = st_q(st, Q_SUG_DELETE)) == NULL)
			goto done;
		sqlite3_bind_int64(del, 1, aid);
		sqlite3_bind_text(del, 2, set, -1, SQLITE_TRANSIENT);
		if (st_run(st, del) != 0)
			goto done;
	}
	rc = st_batch_replace(st, aid, srcmask, old, k.v + from, k.n - from);
done:
	st_kept_free(&k);
	if ((rc = st_action_done(st, rc)) != 0)
		sugdiff_reset(st);
	return rc;
}

int
store_suggestions_put(store *st, int64_t aid, unsigned srcmask, const span *v, size_t n, size_t *added)
{
	return put(st, aid, srcmask, v, n, added, 0, 0, 0);
}

int
store_suggestions_put_range(store *st, int64_t aid, unsigned srcmask, size_t start, size_t end, const span *v,
    size_t n, size_t *added)
{
	if (end <= start) {
		st_seterr(st, "suggestions: empty range %zu-%zu", start, end);
		return -1;
	}
	return put(st, aid, srcmask, v, n, added, 0, start, end);
}

int
store_suggestions_put_batch(store *st, int64_t aid, unsigned srcmask, const span *v, size_t n, size_t *added)
{
	return put(st, aid, srcmask, v, n, added, 1, 0, 0);
}

int
store_bulk(store *st, int on)
{
	/* 64 MB: the spans table's indexes of a large corpus stay in memory
	 * between the short transactions of a batch */
	/* and the file mapped: pages read without a copy through the kernel */
	return st_exec(st, on ? "PRAGMA cache_size = -65536" : "PRAGMA cache_size = -2000") != 0 ||
	    st_exec(st, on ? "PRAGMA mmap_size = 1073741824" : "PRAGMA mmap_size = 0") != 0 ? -1 : 0;
}

int
store_derived(store *st, int on)
{
	return st_exec(st, on ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL");
}

int
store_article_chars(store *st, int64_t id, int64_t *chars)
{
	sqlite3_stmt *s = st_q(st, Q_ART_CHARS);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = st_one_int(st, s, chars)) == 0)
		st_seterr(st, "no article %lld", (long long)id);
	return rc == 1 ? 0 : -1;
}

int
store_engine_state_get(store *st, const char *name, unsigned char **buf, size_t *n)
{
	sqlite3_stmt *s = st_q(st, Q_ENGINE_GET);
	int rc;

	*buf = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	st_bind_str(s, 1, name);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int len = sqlite3_column_bytes(s, 0);
		const void *p = sqlite3_column_blob(s, 0);

		if ((*buf = malloc(len > 0 ? (size_t)len : 1)) == NULL) {
			sqlite3_reset(s);
			st_seterr(st, "out of memory");
			return -1;
		}
		if (len > 0)
			memcpy(*buf, p, (size_t)len);
		*n = (size_t)len;
		rc = sqlite3_step(s);
	}
	if (st_done(st, s, rc == SQLITE_ROW ? SQLITE_ERROR : rc) != 0) {
		free(*buf);
		*buf = NULL;
		return -1;
	}
	return 0;
}

int
store_engine_state_put(store *st, const char *name, const unsigned char *buf, size_t n)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (store_action_begin(st) != 0)
		return -1;
	if ((s = st_q(st, Q_ENGINE_PUT)) != NULL) {
		st_bind_str(s, 1, name);
		sqlite3_bind_blob64(s, 2, n ? buf : (const void *)"", n, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, st_now());
		rc = st_run(st, s);
	}
	return st_action_done(st, rc);
}

int
store_gazetteer_put(store *st, const char *name, const char *body, size_t len, size_t terms)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (store_action_begin(st) != 0)
		return -1;
	if ((s = st_q(st, Q_GAZ_PUT)) != NULL) {
		st_bind_str(s, 1, name);
		sqlite3_bind_text64(s, 2, body, len, SQLITE_STATIC, SQLITE_UTF8);
		sqlite3_bind_int64(s, 3, (int64_t)terms);
		sqlite3_bind_int64(s, 4, st_now());
		rc = st_run(st, s);
	}
	return st_action_done(st, rc);
}

int
store_gazetteers_each(store *st,
    int (*fn)(const char *name, const char *body, size_t len, size_t terms, void *arg), void *arg)
{
	sqlite3_stmt *s = st_q(st, Q_GAZ_LIST);
	int rc;

	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		const char *body = (const char *)sqlite3_column_text(s, 1);
		size_t len = (size_t)sqlite3_column_bytes(s, 1);

		if (fn(name ? name : "", body ? body : "", len, (size_t)sqlite3_column_int64(s, 2), arg) != 0)
			break;
	}
	return st_done(st, s, rc);
}

/* Every first column of s (bound by the caller) as an id array. */
static int
ids_of(store *st, sqlite3_stmt *s, int64_t **ids, size_t *n)
{
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t *v = array_grow(*ids, &cap, *n + 1, sizeof *v);

		if (v == NULL) {
			sqlite3_reset(s);
			free(*ids);
			*ids = NULL;
			*n = 0;
			st_seterr(st, "out of memory");
			return -1;
		}
		*ids = v;
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	if (st_done(st, s, rc) != 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int
store_decided_articles(store *st, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = st_q(st, Q_DECIDED_ARTS);

	*ids = NULL;
	*n = 0;
	return s ? ids_of(st, s, ids, n) : -1;
}

int
store_acceptance_each(store *st, int (*fn)(const char *source, int64_t suggested,
    int64_t accepted, int64_t rejected, void *arg), void *arg)
{
	sqlite3_stmt *s = st_q(st, Q_ACCEPTANCE);
	int rc;

	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1),
		    sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3), arg) != 0)
			break;
	return st_done(st, s, rc);
}

/*
 * The last run is kept in meta as "suggest.run" = "RUN FINISHED ENGINES"
 * (FINISHED 0 or 1): one row, so starting or ending a run is one write.
 * run_read parses it (v may be NULL: no run yet, *id 0, finished);
 * returns the engines part.
 */
static const char *
run_read(const char *v, long long *id, int *fin)
{
	int off = 0;

	*id = 0;
	*fin = 1;
	if (v == NULL || sscanf(v, "%lld %d %n", id, fin, &off) < 2 || off == 0) {
		*id = 0;
		*fin = 1;
		return "";
	}
	return v + off;
}

int
store_suggest_run_start(store *st, const char *engines, int restart, int64_t *run, int *resumed)
{
	char *v = NULL, buf[256];
	long long id;
	int fin, rc = -1;

	*resumed = 0;
	if (store_action_begin(st) != 0)
		return -1;
	if (store_meta_get(st, "suggest.run", &v) != 0)
		goto done;
	if (strcmp(run_read(v, &id, &fin), engines) == 0 && !restart && !fin) {
		*run = id;
		*resumed = 1;
		rc = 0;
		goto done;
	}
	*run = id + 1;
	snprintf(buf, sizeof buf, "%lld 0 %s", (long long)*run, engines);
	rc = store_meta_set(st, "suggest.run", buf);
done:
	free(v);
	return st_action_done(st, rc);
}

int
store_suggest_todo(store *st, int64_t run, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = st_q(st, Q_SUG_TODO);

	*ids = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, run);
	return ids_of(st, s, ids, n);
}

int
store_suggest_mark(store *st, int64_t run, int64_t aid)
{
	sqlite3_stmt *s = st_q(st, Q_SUG_MARK);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, aid);
	sqlite3_bind_int64(s, 2, run);
	return st_run(st, s);
}

int
store_suggest_run_end(store *st, int64_t run)
{
	char *v = NULL, buf[256];
	long long id;
	int fin, rc = -1;

	if (store_action_begin(st) != 0)
		return -1;
	if (store_meta_get(st, "suggest.run", &v) == 0) {
		const char *eng = run_read(v, &id, &fin);

		rc = 0;
		if (id == run && id != 0) {
			snprintf(buf, sizeof buf, "%lld 1 %s", id, eng);
			rc = store_meta_set(st, "suggest.run", buf);
		}
	}
	free(v);
	return st_action_done(st, rc);
}

int
store_articles_with_phrase(store *st, const char *phrase, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = st_q(st, Q_PHRASE_ARTS);
	size_t len = strlen(phrase), o = 0;
	char *q = malloc(2 * len + 3);
	int rc;

	*ids = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	if (q == NULL) {
		st_seterr(st, "out of memory");
		return -1;
	}
	/* an FTS5 phrase: the string in double quotes, inner quotes doubled */
	q[o++] = '"';
	for (size_t i = 0; i < len; i++) {
		if (phrase[i] == '"')
			q[o++] = '"';
		q[o++] = phrase[i];
	}
	q[o++] = '"';
	q[o] = '\0';
	sqlite3_bind_text(s, 1, q, -1, SQLITE_TRANSIENT);
	rc = ids_of(st, s, ids, n);
	free(q);
	return rc;
}
