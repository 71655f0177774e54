/*
 * search_rank.c: the best articles for a corpus search, ranked exactly as
 * FTS5's bm25(10.0, 1.0) ranks them, without its per-row costs.
 *
 * Why not ORDER BY rank. Measured on 100k articles (callgrind and CPU
 * time per query form), FTS5's bm25 spends most of a search reading each
 * matching row's length in tokens: xColumnSize runs a statement on
 * articles_fts_docsize per row (~0.9 us, 25 ms for 28k matches), and
 * ORDER BY rank then copies every row's positions through a sorter.
 *
 * Instead one pass over the matches calls gloss_collect(), an FTS5
 * auxiliary function that records each row's id and its weighted hits
 * per phrase (as bm25 counts them) into a C array bound as a pointer.
 * The lengths come from search_len: every article's token count, packed
 * 512 to a row, so the lengths of 28k matches are ~200 row reads. The
 * score is then bm25's formula with the same operations in the same
 * order (identical doubles), and the best N are kept with a heap. Ties
 * go to the lower id.
 *
 * search_len is derived from articles_fts_docsize (one varint per column)
 * whenever full-text entries are written: at the end of an import and
 * after a migration. A slot it lacks (0) is read from docsize itself.
 */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_int.h"
#include "model/buf.h"

#define LEN_PER_ROW 512 /* lengths per search_len row: 2 KB, one page */

/* What gloss_collect gathers for one query. */
struct collect {
	int started;
	int done;               /* every row is in: stop stepping */
	int nphrase;
	double weight[4];       /* per column, as bm25's arguments */
	int nweight;
	sqlite3_int64 nrow, ntok; /* articles and tokens in the index */
	sqlite3_int64 *hits;    /* [nphrase] rows holding each phrase */
	int *psize;             /* [nphrase] tokens per phrase */
	int64_t *id;            /* [n] matching rows, in FTS5's order */
	double *freq;           /* [n * nphrase] weighted hits per phrase */
	size_t *inst_at;        /* [n + 1] where each row's instances start */
	size_t n, cap;
	st_inst *inst;          /* every row's phrase instances */
	size_t ninst, icap;
	struct topk *top;       /* one phrase, a limit: only the best rows kept */
	int rc;                 /* SQLite error of a failed call */
};

/*
 * A query of one phrase with a limit (gloss search): each row is scored as
 * it comes and only the best limit + TOPK_SLACK are kept, with their
 * instances, instead of arrays of every match (robot*: 45k rows, 2 MB
 * touched, ~1,000 page faults). The score is bm25's idf times a factor of
 * the row alone, and the idf (the number of rows) is known only at the
 * end: the rows are kept by that factor, and topk_done checks that no row
 * left out could tie with the last one kept (else the query is ranked
 * again the whole way).
 */
#define TOPK_SLACK 32

struct best {
	int64_t id;
	double part;            /* bm25's factor of this row */
	st_inst *inst;
	size_t ninst, cap;
};

struct topk {
	struct best *v;         /* a heap: the worst kept at the root */
	size_t n, k;
	store *st;
	struct lenrow *lr;      /* the search_len row being read */
	double avgdl;
	int err;                /* a length could not be read (st->err says) */
};

static int
count_row(const Fts5ExtensionApi *api, Fts5Context *fc, void *arg)
{
	(void)api;
	(void)fc;
	(*(sqlite3_int64 *)arg)++;
	return SQLITE_OK;
}

/* Per query, as bm25 does: corpus size, and the rows holding each
 * phrase (for its IDF). With one phrase those are the matching rows
 * themselves, counted by the pass: no second walk of the index. */
static int
collect_start(const Fts5ExtensionApi *api, Fts5Context *fc, struct collect *c)
{
	int rc;

	c->started = 1;
	c->nphrase = api->xPhraseCount(fc);
	if ((c->hits = calloc((size_t)c->nphrase + 1, sizeof *c->hits)) == NULL ||
	    (c->psize = calloc((size_t)c->nphrase + 1, sizeof *c->psize)) == NULL)
		return SQLITE_NOMEM;
	for (int i = 0; i < c->nphrase; i++)
		c->psize[i] = api->xPhraseSize(fc, i);
	if ((rc = api->xRowCount(fc, &c->nrow)) != SQLITE_OK ||
	    (rc = api->xColumnTotalSize(fc, -1, &c->ntok)) != SQLITE_OK)
		return rc;
	for (int i = 0; c->nphrase > 1 && i < c->nphrase; i++)
		if ((rc = api->xQueryPhrase(fc, i, &c->hits[i], count_row)) != SQLITE_OK)
			return rc;
	return SQLITE_OK;
}

/* Phrase i's instances in the row fc is on: their weights (as bm25 adds
 * them) into *f, themselves appended to c->inst. */
static int
phrase_hits(const Fts5ExtensionApi *api, Fts5Context *fc, struct collect *c, int i, double *f)
{
	Fts5PhraseIter it;
	int col, off, rc;

	if ((rc = api->xPhraseFirst(fc, i, &it, &col, &off)) != SQLITE_OK)
		return rc;
	for (; col >= 0; api->xPhraseNext(fc, &it, &col, &off)) {
		*f += col < c->nweight ? c->weight[col] : 1.0;
		if (c->ninst == c->icap) {
			size_t cap = c->icap ? 2 * c->icap : 4096;
			st_inst *v = realloc(c->inst, cap * sizeof *v);

			if (v == NULL)
				return SQLITE_NOMEM;
			c->inst = v;
			c->icap = cap;
		}
		c->inst[c->ninst++] = (st_inst){ i, col, off };
	}
	return SQLITE_OK;
}

/*
 * Append the row fc is on: its id, weighted hits per phrase, and its
 * phrase instances (snippets are made from them). bm25 adds the weight
 * of each instance's column (xInst); walking each phrase's positions
 * visits the same instances, cheaper.
 */
static int
add_row(const Fts5ExtensionApi *api, Fts5Context *fc, struct collect *c)
{
	double *f;

	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 1024;
		int64_t *id = realloc(c->id, cap * sizeof *id);
		size_t *at = id ? realloc(c->inst_at, (cap + 1) * sizeof *at) : NULL;
		double *fr = at ? realloc(c->freq, cap * (size_t)(c->nphrase > 0 ? c->nphrase : 1) * sizeof *fr) : NULL;

		if (id)
			c->id = id;
		if (at)
			c->inst_at = at;
		if (fr == NULL)
			return SQLITE_NOMEM;
		c->freq = fr;
		c->cap = cap;
	}
	f = c->freq + c->n * (size_t)c->nphrase;
	memset(f, 0, (size_t)c->nphrase * sizeof *f);
	c->inst_at[c->n] = c->ninst;
	for (int i = 0; i < c->nphrase; i++) {
		int rc = phrase_hits(api, fc, c, i, &f[i]);

		if (rc != SQLITE_OK)
			return rc;
	}
	c->id[c->n] = api->xRowid(fc);
	c->inst_at[++c->n] = c->ninst;
	return SQLITE_OK;
}

static int length_of(store *st, struct lenrow *r, int64_t id, uint32_t *len);

/* a below b: a lower factor, or the same and a higher id. */
static int
best_below(const struct best *a, const struct best *b)
{
	return a->part < b->part || (a->part == b->part && a->id > b->id);
}

static void
best_sift_down(struct best *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, w = i;
		struct best t;

		if (l < n && best_below(&h[l], &h[w]))
			w = l;
		if (l + 1 < n && best_below(&h[l + 1], &h[w]))
			w = l + 1;
		if (w == i)
			return;
		t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

/* Score the row fc is on and keep it if it is among the best so far. */
static int
add_best(const Fts5ExtensionApi *api, Fts5Context *fc, void *arg)
{
	const double k1 = 1.2, b = 0.75;
	struct collect *c = arg;
	struct topk *t = c->top;
	struct best x = { api->xRowid(fc), 0.0, NULL, 0, 0 }, *slot;
	double f = 0.0, D;
	uint32_t len;
	int rc;
	size_t at;

	/* the row's instances: c->inst is scratch here */
	c->ninst = 0;
	if ((rc = phrase_hits(api, fc, c, 0, &f)) != SQLITE_OK)
		return rc;
	c->n++;
	if (length_of(t->st, t->lr, x.id, &len) != 0) {
		t->err = 1;
		return SQLITE_ERROR;
	}
	D = (double)len;
	/* as score() computes it */
	x.part = (f * (k1 + 1.0)) / (f + k1 * (1 - b + b * D / t->avgdl));
	if (t->n < t->k) {
		at = t->n++;
	} else {
		if (!best_below(&t->v[0], &x))
			return SQLITE_OK;
		at = 0;
	}
	slot = &t->v[at];
	if (slot->cap < c->ninst) {
		st_inst *v = realloc(slot->inst, c->ninst * sizeof *v);

		if (v == NULL)
			return SQLITE_NOMEM;
		slot->inst = v;
		slot->cap = c->ninst;
	}
	memcpy(slot->inst, c->inst, c->ninst * sizeof *c->inst);
	slot->ninst = c->ninst;
	slot->id = x.id;
	slot->part = x.part;
	if (at == 0 && t->n == t->k) {
		best_sift_down(t->v, t->n, 0);
	} else {
		/* sift up: the worst to the root */
		while (at > 0 && best_below(&t->v[at], &t->v[(at - 1) / 2])) {
			struct best tmp = t->v[at];

			t->v[at] = t->v[(at - 1) / 2];
			t->v[(at - 1) / 2] = tmp;
			at = (at - 1) / 2;
		}
	}
	return SQLITE_OK;
}

static int
add_phrase_row(const Fts5ExtensionApi *api, Fts5Context *fc, void *arg)
{
	return add_row(api, fc, arg);
}

/*
 * gloss_collect(articles_fts, collector, weight...): called on the first
 * matching row. A query of one phrase matches the rows holding it: they
 * are walked here through xQueryPhrase, without a round through the
 * statement per row, and the collector says it is done. Otherwise each
 * row calls it.
 *
 * Also for a prefix phrase, although FTS5 (3.40) then merges the
 * prefix's doclist twice (at the MATCH cursor's setup and again for
 * xQueryPhrase, ~16M instructions each for robot*, 45k rows): letting
 * the statement deliver the rows instead costs more. Measured on 100k
 * articles: robot* 76M -> 84M instructions, 10.5 -> 11.6 ms CPU (the
 * WHERE-clause form that never returns a row: 11.7 ms); an aggregate
 * over the rows is refused by SQLite (an auxiliary function needs a
 * plain result column or WHERE term).
 */
static void
collect_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nv, sqlite3_value **v)
{
	struct collect *c = nv > 0 ? sqlite3_value_pointer(v[0], "gloss_collect") : NULL;
	int rc = SQLITE_OK;

	if (c == NULL) {
		sqlite3_result_error(ctx, "gloss_collect: no collector", -1);
		return;
	}
	if (!c->started) {
		c->nweight = nv - 1 < 4 ? nv - 1 : 4;
		for (int i = 0; i < c->nweight; i++)
			c->weight[i] = sqlite3_value_double(v[1 + i]);
		if ((rc = collect_start(api, fc, c)) != SQLITE_OK)
			goto fail;
		if (c->nphrase == 1) {
			c->done = 1;
			if (c->top != NULL)
				c->top->avgdl = (double)c->ntok / (double)c->nrow;
			rc = api->xQueryPhrase(fc, 0, c, c->top ? add_best : add_phrase_row);
			goto out;
		}
		if (c->top != NULL) /* not this way: every row, as usual */
			c->top = NULL;
	}
	rc = add_row(api, fc, c);
out:
	if (rc == SQLITE_OK) {
		sqlite3_result_null(ctx);
		return;
	}
fail:
	c->rc = rc;
	sqlite3_result_error_code(ctx, rc);
}

int
st_rank_register(fts5_api *api)
{
	return api->xCreateFunction(api, "gloss_collect", NULL, collect_fn, NULL);
}

/* --- lengths -------------------------------------------------------------- */

/* Tokens in a docsize record: one SQLite varint per column. */
static uint32_t
docsize_total(const unsigned char *p, int n)
{
	uint32_t total = 0;
	int i = 0;

	while (i < n) {
		uint32_t v = 0;
		unsigned char b;

		do {
			b = p[i++];
			v = (v << 7) | (b & 0x7f);
		} while ((b & 0x80) && i < n);
		total += v;
	}
	return total;
}

/* One search_len row being read or rewritten. */
struct lenrow {
	int64_t chunk;          /* -1: none */
	unsigned char b[LEN_PER_ROW * 4];
};

static int
lenrow_load(store *st, struct lenrow *r, int64_t chunk)
{
	sqlite3_stmt *s = st_q(st, Q_LEN_GET);
	int rc;

	memset(r->b, 0, sizeof r->b);
	r->chunk = chunk;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, chunk);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int n = sqlite3_column_bytes(s, 0);
		const void *p = sqlite3_column_blob(s, 0);

		if (p != NULL)
			memcpy(r->b, p, (size_t)n < sizeof r->b ? (size_t)n : sizeof r->b);
	}
	return st_done(st, s, rc);
}

static uint32_t
lenrow_at(const struct lenrow *r, int64_t id)
{
	const unsigned char *p = r->b + 4 * (id % LEN_PER_ROW);

	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int
lenrow_save(store *st, const struct lenrow *r)
{
	sqlite3_stmt *s = st_q(st, Q_LEN_PUT);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, r->chunk);
	sqlite3_bind_blob(s, 2, r->b, (int)sizeof r->b, SQLITE_STATIC);
	return st_run(st, s);
}

int
st_search_len_sync(store *st, int64_t after)
{
	sqlite3_stmt *s = st_q(st, Q_LEN_DOCSIZE);
	struct lenrow *r = malloc(sizeof *r);
	int rc, out = 0;

	if (s == NULL || r == NULL) {
		free(r);
		return s == NULL ? -1 : (st_seterr(st, "out of memory"), -1);
	}
	r->chunk = -1;
	sqlite3_bind_int64(s, 1, after);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		uint32_t n = docsize_total(sqlite3_column_blob(s, 1), sqlite3_column_bytes(s, 1));
		unsigned char *p;

		if (id < 0)
			continue;
		if (id / LEN_PER_ROW != r->chunk &&
		    ((r->chunk >= 0 && lenrow_save(st, r) != 0) || lenrow_load(st, r, id / LEN_PER_ROW) != 0)) {
			out = -1;
			break;
		}
		p = r->b + 4 * (id % LEN_PER_ROW);
		p[0] = (unsigned char)n;
		p[1] = (unsigned char)(n >> 8);
		p[2] = (unsigned char)(n >> 16);
		p[3] = (unsigned char)(n >> 24);
	}
	if (out == 0 && st_done(st, s, rc) != 0)
		out = -1;
	sqlite3_reset(s);
	if (out == 0 && r->chunk >= 0 && lenrow_save(st, r) != 0)
		out = -1;
	free(r);
	return out;
}

/* Article id's length in tokens: from search_len, else docsize. */
static int
length_of(store *st, struct lenrow *r, int64_t id, uint32_t *len)
{
	sqlite3_stmt *s;
	int rc;

	*len = 0;
	if (id >= 0) {
		if (id / LEN_PER_ROW != r->chunk && lenrow_load(st, r, id / LEN_PER_ROW) != 0)
			return -1;
		if ((*len = lenrow_at(r, id)) != 0)
			return 0;
	}
	if ((s = st_q(st, Q_LEN_ONE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*len = docsize_total(sqlite3_column_blob(s, 0), sqlite3_column_bytes(s, 0));
	return st_done(st, s, rc);
}

/* --- ranking -------------------------------------------------------------- */

/* a before b: lower rank (better), then lower id. */
static int
better(const st_ranked *a, const st_ranked *b)
{
	return a->rank < b->rank || (a->rank == b->rank && a->id < b->id);
}

static int
ranked_cmp(const void *a, const void *b)
{
	return better(a, b) ? -1 : better(b, a);
}

/* Keep the best k in heap h (worst at the root). */
static void
heap_offer(st_ranked *h, size_t *n, size_t k, st_ranked x)
{
	size_t i;

	if (*n == k) {
		if (!better(&x, &h[0]))
			return;
		/* replace the root and sift down */
		i = 0;
		for (;;) {
			size_t l = 2 * i + 1, w = i;
			const st_ranked *pw = &x;

			if (l < k && better(pw, &h[l]))
				w = l, pw = &h[l];
			if (l + 1 < k && better(pw, &h[l + 1]))
				w = l + 1;
			if (w == i)
				break;
			h[i] = h[w];
			i = w;
		}
		h[i] = x;
		return;
	}
	i = (*n)++;
	while (i > 0 && better(&h[(i - 1) / 2], &x)) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = x;
}

static void
collect_free(struct collect *c)
{
	free(c->hits);
	free(c->psize);
	free(c->id);
	free(c->freq);
	free(c->inst_at);
	free(c->inst);
}

void
st_ranking_free(st_ranking *r)
{
	free(r->hit);
	free(r->psize);
	free(r->inst);
	free(r->inst_at);
	memset(r, 0, sizeof *r);
}

/* bm25 (SQLite's ext/fts5/fts5_aux.c) over the collected rows. */
static int
score(store *st, struct collect *c, size_t limit, st_ranked **out, size_t *nout)
{
	const double k1 = 1.2, b = 0.75;
	size_t k = limit && limit < c->n ? limit : c->n, n = 0;
	st_ranked *h = malloc((k ? k : 1) * sizeof *h);
	double *idf = malloc(((size_t)c->nphrase + 1) * sizeof *idf), avgdl;
	struct lenrow *r = malloc(sizeof *r);

	if (h == NULL || idf == NULL || r == NULL) {
		st_seterr(st, "out of memory");
		goto fail;
	}
	r->chunk = -1;
	if (c->nphrase == 1)
		c->hits[0] = (sqlite3_int64)c->n;
	avgdl = (double)c->ntok / (double)c->nrow;
	for (int i = 0; i < c->nphrase; i++) {
		idf[i] = log(((double)(c->nrow - c->hits[i]) + 0.5) / ((double)c->hits[i] + 0.5));
		if (idf[i] <= 0.0)
			idf[i] = 1e-6;
	}
	for (size_t j = 0; j < c->n; j++) {
		const double *f = c->freq + j * (size_t)c->nphrase;
		double sc = 0.0, D;
		uint32_t len;

		if (length_of(st, r, c->id[j], &len) != 0)
			goto fail;
		D = (double)len;
		for (int i = 0; i < c->nphrase; i++)
			sc += idf[i] * ((f[i] * (k1 + 1.0)) / (f[i] + k1 * (1 - b + b * D / avgdl)));
		if (k == c->n) /* all of them: sorted below */
			h[n++] = (st_ranked){ c->id[j], -1.0 * sc, j };
		else
			heap_offer(h, &n, k, (st_ranked){ c->id[j], -1.0 * sc, j });
	}
	qsort(h, n, sizeof *h, ranked_cmp);
	free(idf);
	free(r);
	*out = h;
	*nout = n;
	return 0;
fail:
	free(h);
	free(idf);
	free(r);
	return -1;
}

/*
 * The best rows kept by add_best, best first, as a ranking of at most
 * limit; 1 when a row left out might tie with the last one kept (then the
 * query is ranked again without a limit on what is kept), -1 on error.
 */
static int
topk_done(store *st, struct collect *c, size_t limit, st_ranking *r)
{
	const struct topk *t = c->top;
	size_t m = t->n < limit ? t->n : limit, total = 0;
	st_ranked *h = malloc((t->n ? t->n : 1) * sizeof *h);
	double idf;

	if (h == NULL) {
		st_seterr(st, "out of memory");
		return -1;
	}
	c->hits[0] = (sqlite3_int64)c->n;
	idf = log(((double)(c->nrow - c->hits[0]) + 0.5) / ((double)c->hits[0] + 0.5));
	if (idf <= 0.0)
		idf = 1e-6;
	for (size_t i = 0; i < t->n; i++) {
		double sc = 0.0;

		sc += idf * t->v[i].part;
		h[i] = (st_ranked){ t->v[i].id, -1.0 * sc, i };
	}
	qsort(h, t->n, sizeof *h, ranked_cmp);
	if (c->n > t->n && m > 0) {
		/* a row left out scores at most the worst kept (the root) */
		double sc = 0.0;

		sc += idf * t->v[0].part;
		if (!(-1.0 * sc > h[m - 1].rank)) {
			free(h);
			return 1;
		}
	}
	for (size_t j = 0; j < m; j++)
		total += t->v[h[j].row].ninst;
	r->inst = malloc((total ? total : 1) * sizeof *r->inst);
	r->inst_at = malloc((m + 1) * sizeof *r->inst_at);
	if (r->inst == NULL || r->inst_at == NULL) {
		free(h);
		st_ranking_free(r);
		st_seterr(st, "out of memory");
		return -1;
	}
	total = 0;
	for (size_t j = 0; j < m; j++) {
		const struct best *b = &t->v[h[j].row];

		r->inst_at[j] = total;
		memcpy(r->inst + total, b->inst, b->ninst * sizeof *b->inst);
		total += b->ninst;
		h[j].row = j;
	}
	r->inst_at[m] = total;
	r->hit = h;
	r->n = m;
	r->nphrase = c->nphrase;
	r->psize = c->psize;
	c->psize = NULL;
	return 0;
}

static void
topk_free(struct topk *t)
{
	for (size_t i = 0; t->v != NULL && i < t->k; i++)
		free(t->v[i].inst);
	free(t->v);
	free(t->lr);
	memset(t, 0, sizeof *t);
}

/* One pass of the collect statement s over query into c: 0, or -1 with
 * the error set (*refused: FTS5 refused the query). */
static int
collect_pass(store *st, sqlite3_stmt *s, const char *query, struct collect *c, int *refused)
{
	int rc;

	st_bind_str(s, 1, query);
	sqlite3_bind_pointer(s, 2, c, "gloss_collect", NULL);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && !c->done)
		;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	/* FTS5 refusing the query (syntax, unknown column) is a plain
	 * SQLITE_ERROR before any row; anything else is the store's, and a
	 * length that could not be read has said what went wrong. */
	*refused = c->n == 0 && c->rc == SQLITE_OK && (rc & 0xff) == SQLITE_ERROR;
	if (!(c->top && c->top->err))
		st_seterr(st, "search: %s", sqlite3_errmsg(st->db));
	sqlite3_reset(s);
	return -1;
}

int
st_rank(store *st, const char *query, size_t limit, st_ranking *r, int *refused)
{
	sqlite3_stmt *s = st_q(st, Q_SEARCH_COLLECT);
	struct collect c;
	struct topk top;
	int ret = 0;

	memset(r, 0, sizeof *r);
	*refused = 0;
	if (s == NULL)
		return -1;
	memset(&c, 0, sizeof c);
	memset(&top, 0, sizeof top);
	if (limit > 0) {
		top.k = limit + TOPK_SLACK;
		top.st = st;
		if ((top.v = calloc(top.k, sizeof *top.v)) == NULL || (top.lr = malloc(sizeof *top.lr)) == NULL) {
			topk_free(&top);
			st_seterr(st, "out of memory");
			return -1;
		}
		top.lr->chunk = -1;
		c.top = &top;
	}
	if (collect_pass(st, s, query, &c, refused) != 0) {
		collect_free(&c);
		topk_free(&top);
		return -1;
	}
	if (c.top != NULL) {
		ret = c.n > 0 ? topk_done(st, &c, limit, r) : 0;
		sqlite3_reset(s);
		collect_free(&c);
		topk_free(&top);
		if (ret != 1)
			return ret;
		/* a tie at the edge of what was kept: every row, as usual */
		st->rank_again++;
		memset(&c, 0, sizeof c);
		ret = 0;
		if (collect_pass(st, s, query, &c, refused) != 0) {
			collect_free(&c);
			return -1;
		}
	}
	topk_free(&top);
	/* Reset after scoring: a one-phrase statement still holds its read
	 * transaction, so the ~200 length reads share it instead of each
	 * taking and dropping the WAL read lock (system calls per read). */
	if (c.n > 0 && (ret = score(st, &c, limit, &r->hit, &r->n)) == 0) {
		/* the instances go to the caller with the hits */
		r->nphrase = c.nphrase;
		r->psize = c.psize;
		r->inst = c.inst;
		r->inst_at = c.inst_at;
		c.psize = NULL;
		c.inst = NULL;
		c.inst_at = NULL;
	}
	sqlite3_reset(s);
	collect_free(&c);
	return ret;
}
