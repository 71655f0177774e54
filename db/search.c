/*
 * search.c: full-text search over the corpus (store.h, "search").
 *
 * The index. articles_fts (schema 3) tokenizes with "gloss": FTS5's own
 * unicode61 splits words, then every word with a non-ASCII byte is folded
 * with text_fold(), the function in-article search uses. So "malgorzata"
 * finds "Małgorzata" both in the list and in the reader, the query goes
 * through the same tokenizer, and word offsets stay those of the stored
 * text, so snippets and highlights show the text as it is. The tokenizer
 * must be registered on every connection before the table is touched
 * (store_open does it): the sqlite3 shell cannot query articles_fts.
 *
 * Queries use FTS5 syntax (phrases, NEAR, prefix *, column filters such as
 * title:). A query FTS5 refuses is retried once as a plain list of words
 * (each quoted), so "U.S." or "O'Neil" still search instead of failing.
 * Ranking: bm25 with a title match worth ten text matches (schema 3 sets
 * the table's default rank).
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_int.h"
#include "model/text.h"
#include "model/utf8.h"

/* Snippet markers: control characters never found in stored titles'
 * snippets' words, turned into highlights by the caller. */
#define MARK_ON "\x02"
#define MARK_OFF "\x03"

/* --- the "gloss" tokenizer ------------------------------------------------ */

struct fold_tok {
	fts5_tokenizer base;    /* unicode61's methods */
	Fts5Tokenizer *inner;   /* a unicode61 instance */
};

struct fold_ctx {
	void *ctx;
	int (*token)(void *, int, const char *, int, int, int);
};

static int
fold_create(void *api, const char **argv, int argc, Fts5Tokenizer **out)
{
	static const char *const args[] = { "remove_diacritics", "2" };
	fts5_api *a = api;
	struct fold_tok *t = calloc(1, sizeof *t);
	void *uctx = NULL;
	int rc;

	(void)argv;
	(void)argc;
	if (t == NULL)
		return SQLITE_NOMEM;
	if ((rc = a->xFindTokenizer(a, "unicode61", &uctx, &t->base)) == SQLITE_OK)
		rc = t->base.xCreate(uctx, (const char **)(uintptr_t)args, 2, &t->inner);
	if (rc != SQLITE_OK) {
		free(t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void
fold_delete(Fts5Tokenizer *p)
{
	struct fold_tok *t = (struct fold_tok *)p;

	if (t) {
		t->base.xDelete(t->inner);
		free(t);
	}
}

/* unicode61 has lower-cased the word and dropped what marks it could;
 * an ASCII word is final, any other is folded. */
static int
fold_token(void *p, int flags, const char *tok, int n, int start, int end)
{
	struct fold_ctx *c = p;
	size_t flen;
	char *f;
	int rc, i = 0;

	/* eight bytes at a time: nearly every word of an import is ASCII */
	for (; i + 8 <= n; i += 8)
		if (utf8_load8((const unsigned char *)tok + i) & UTF8_HIGH8)
			goto fold;
	for (; i < n; i++)
		if ((unsigned char)tok[i] >= 0x80)
			goto fold;
	return c->token(c->ctx, flags, tok, n, start, end);
fold:
	if ((f = text_fold(tok, (size_t)n, &flen)) == NULL)
		return SQLITE_NOMEM;
	rc = flen == 0 ? SQLITE_OK : c->token(c->ctx, flags, f, (int)flen, start, end);
	free(f);
	return rc;
}

static int
fold_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *s, int n,
    int (*token)(void *, int, const char *, int, int, int))
{
	struct fold_tok *t = (struct fold_tok *)p;
	struct fold_ctx c = { ctx, token };

	return t->base.xTokenize(t->inner, &c, flags, s, n, fold_token);
}

static void wanted_fn(sqlite3_context *ctx, int nv, sqlite3_value **v);

int
st_search_register(sqlite3 *db)
{
	static fts5_tokenizer tok = { fold_create, fold_delete, fold_tokenize };
	fts5_api *api = NULL;
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	if (api == NULL || api->iVersion < 2)
		return -1;
	if (api->xCreateTokenizer(api, "gloss", api, &tok, NULL) != SQLITE_OK || st_rank_register(api) != SQLITE_OK)
		return -1;
	return sqlite3_create_function(db, "gloss_wanted", 2, SQLITE_UTF8, NULL, wanted_fn, NULL,
	    NULL) == SQLITE_OK ? 0 : -1;
}

/* --- rebuilding --------------------------------------------------------------- */

/*
 * What FTS5's 'rebuild' does (empty the index, index every row of
 * article_src), in batches of 1000 articles so that an upgrade can say
 * how far it is: 'rebuild' is one statement that runs 23 s on 100k
 * articles without a word.
 */
int
st_fts_rebuild(store *st)
{
	sqlite3_stmt *next = NULL, *ins = NULL, *count = NULL;
	int64_t total = 0, done = 0, last = INT64_MIN, hi;
	int rc = -1;

	if (st_exec(st, "INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')") != 0)
		return -1;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM articles", -1, &count, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT coalesce((SELECT id FROM articles WHERE id > ?1 ORDER BY id "
	    "LIMIT 1 OFFSET 999), (SELECT max(id) FROM articles WHERE id > ?1))", -1, &next, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "INSERT INTO articles_fts(rowid, title, text) "
	    "SELECT id, title, text FROM article_src WHERE id > ?1 AND id <= ?2", -1, &ins, NULL) != SQLITE_OK) {
		st_sqlerr(st);
		goto out;
	}
	if (st_one_int(st, count, &total) < 0)
		goto out;
	for (;;) {
		int r;

		sqlite3_bind_int64(next, 1, last);
		if ((r = sqlite3_step(next)) != SQLITE_ROW || sqlite3_column_type(next, 0) == SQLITE_NULL) {
			if (st_done(st, next, r) == 0)
				rc = 0;
			break;
		}
		hi = sqlite3_column_int64(next, 0);
		sqlite3_reset(next);
		sqlite3_bind_int64(ins, 1, last);
		sqlite3_bind_int64(ins, 2, hi);
		if (st_run(st, ins) != 0)
			break;
		done += sqlite3_changes(st->db);
		st_migrate_progress((size_t)done, (size_t)total);
		last = hi;
	}
out:
	sqlite3_finalize(count);
	sqlite3_finalize(next);
	sqlite3_finalize(ins);
	return rc;
}

/* --- queries ----------------------------------------------------------------- */

/* The query as quoted words: "a" "b" (an FTS5 string is "..." with "" for
 * a quote). malloc'd; NULL if out of memory. */
static char *
quote_words(const char *q)
{
	size_t n = strlen(q), o = 0;
	char *out = malloc(3 * n + 3);
	int in = 0;

	if (out == NULL)
		return NULL;
	for (; *q; q++) {
		if (*q == ' ' || *q == '\t' || *q == '\n') {
			if (in)
				out[o++] = '"';
			in = 0;
			continue;
		}
		if (!in) {
			if (o)
				out[o++] = ' ';
			out[o++] = '"';
			in = 1;
		}
		if (*q == '"')
			out[o++] = '"';
		out[o++] = *q;
	}
	if (in)
		out[o++] = '"';
	out[o] = '\0';
	return out;
}

/* Is the last error FTS5 refusing the query (a plain SQLITE_ERROR: syntax,
 * unknown column, unterminated string) rather than the database failing? */
static int
query_error(store *st)
{
	return sqlite3_errcode(st->db) == SQLITE_ERROR;
}

/*
 * Step s (query bound at 1) through fn; on an FTS5 syntax error before the
 * first row, rebind the quoted words and start again. Returns 0, -1.
 */
static int
run_query(store *st, sqlite3_stmt *s, const char *query, int (*row)(store *st, sqlite3_stmt *s, void *arg),
    void *arg)
{
	char *alt = NULL;
	int rc, rows = 0;

	for (;;) {
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			rows++;
			if (row(st, s, arg) != 0)
				break;
		}
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			break;
		if (rows > 0 || alt != NULL || !query_error(st) || (alt = quote_words(query)) == NULL) {
			st_seterr(st, "search: %s", sqlite3_errmsg(st->db));
			sqlite3_reset(s);
			free(alt);
			return -1;
		}
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, alt, -1, SQLITE_TRANSIENT);
	}
	sqlite3_reset(s);
	free(alt);
	return 0;
}

/* gloss_wanted(ids, rowid): is rowid one of the sorted ids bound as a
 * pointer? It filters Q_SEARCH_ROWS before snippet() runs. */
struct wanted {
	const st_ranked *by_id; /* sorted by id */
	size_t n;
};

static void
wanted_fn(sqlite3_context *ctx, int nv, sqlite3_value **v)
{
	const struct wanted *w = sqlite3_value_pointer(v[0], "gloss_wanted");
	int64_t id = sqlite3_value_int64(v[1]);
	size_t lo = 0, hi = w ? w->n : 0;

	(void)nv;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->by_id[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	sqlite3_result_int(ctx, lo < (w ? w->n : 0) && w->by_id[lo].id == id);
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t x = ((const st_ranked *)a)->id, y = ((const st_ranked *)b)->id;

	return x < y ? -1 : x > y;
}

/* The title and snippet of each ranked article, in rank order. */
struct shown {
	char *title, *snippet;
};

/*
 * Title and snippet of the n ranked articles into sh. Few articles for a
 * query without a prefix: one indexed lookup each (FTS5 finds a word's
 * entry for one row at once). Otherwise one walk over the matches
 * between the lowest and highest id, snippets made only for those
 * wanted: FTS5 merges a prefix's whole doclist at every lookup (1.5 ms
 * for robot* on 100k articles), so twenty lookups would cost 30 ms.
 */
static int
fill_rows(store *st, const char *query, const st_ranked *hit, size_t n, struct shown *sh)
{
	sqlite3_stmt *s;
	st_ranked *by_id;
	struct wanted w;
	int rc;

	if (n <= 32 && strchr(query, '*') == NULL) {
		if ((s = st_q(st, Q_SEARCH_ROW)) == NULL)
			return -1;
		st_bind_str(s, 1, query);
		for (size_t i = 0; i < n; i++) {
			sqlite3_bind_int64(s, 2, hit[i].id);
			if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
				sh[i].title = st_col_str(s, 0);
				sh[i].snippet = st_col_str(s, 1);
			}
			if (st_done(st, s, rc) != 0)
				return -1;
		}
		return 0;
	}
	if ((s = st_q(st, Q_SEARCH_ROWS)) == NULL)
		return -1;
	if ((by_id = malloc(n * sizeof *by_id)) == NULL) {
		st_seterr(st, "out of memory");
		return -1;
	}
	/* by_id[i].rank: the article's place in hit[] */
	for (size_t i = 0; i < n; i++)
		by_id[i] = (st_ranked){ hit[i].id, (double)i };
	qsort(by_id, n, sizeof *by_id, id_cmp);
	w = (struct wanted){ by_id, n };
	st_bind_str(s, 1, query);
	sqlite3_bind_int64(s, 2, by_id[0].id);
	sqlite3_bind_int64(s, 3, by_id[n - 1].id);
	sqlite3_bind_pointer(s, 4, &w, "gloss_wanted", NULL);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		st_ranked key = { sqlite3_column_int64(s, 0), 0 };
		const st_ranked *at = bsearch(&key, by_id, n, sizeof *by_id, id_cmp);

		if (at != NULL && sh[(size_t)at->rank].title == NULL) {
			sh[(size_t)at->rank].title = st_col_str(s, 1);
			sh[(size_t)at->rank].snippet = st_col_str(s, 2);
		}
	}
	free(by_id);
	return st_done(st, s, rc);
}

/*
 * Rank first (search_rank.c), then fetch titles and snippets for the
 * articles shown only: SQLite computes a query's result columns before
 * its ORDER BY ... LIMIT, so one statement would make a snippet for
 * every match.
 */
int
store_search(store *st, const char *query, size_t limit, int (*fn)(const store_hit *h, void *arg), void *arg)
{
	st_ranked *hit = NULL;
	struct shown *sh = NULL;
	char *alt = NULL;
	const char *q = query;
	size_t n = 0;
	int refused, rc = -1;

	if (st_rank(st, q, limit, &hit, &n, &refused) != 0) {
		if (!refused || (alt = quote_words(query)) == NULL || st_rank(st, alt, limit, &hit, &n, &refused) != 0)
			goto out;
		q = alt;
	}
	if (n > 0 && (sh = calloc(n, sizeof *sh)) == NULL) {
		st_seterr(st, "out of memory");
		goto out;
	}
	if (n > 0 && fill_rows(st, q, hit, n, sh) != 0)
		goto out;
	rc = 0;
	for (size_t i = 0; i < n; i++) {
		store_hit h = { hit[i].id, sh[i].title ? sh[i].title : "", sh[i].snippet ? sh[i].snippet : "",
			hit[i].rank };

		if (fn(&h, arg) != 0)
			break;
	}
out:
	for (size_t i = 0; sh && i < n; i++) {
		free(sh[i].title);
		free(sh[i].snippet);
	}
	free(sh);
	free(hit);
	free(alt);
	return rc;
}

struct first {
	size_t cp;      /* code points before the first match */
	char *word;     /* its text */
	int found;
};

/* The text with its matches marked: count code points up to the first
 * mark and copy the marked word. */
static int
first_row(store *st, sqlite3_stmt *s, void *arg)
{
	struct first *f = arg;
	const char *t = (const char *)sqlite3_column_text(s, 0), *on, *off;
	size_t cp = 0;

	(void)st;
	if (t == NULL || (on = strstr(t, MARK_ON)) == NULL || (off = strstr(on, MARK_OFF)) == NULL)
		return 1;
	for (const char *p = t; p < on; p++)
		cp += ((unsigned char)*p & 0xc0) != 0x80;
	f->cp = cp;
	f->found = 1;
	if ((f->word = malloc((size_t)(off - on))) != NULL) {
		memcpy(f->word, on + 1, (size_t)(off - on - 1));
		f->word[off - on - 1] = '\0';
	}
	return 1;
}

int
store_search_first(store *st, int64_t id, const char *query, size_t *cp, char **word)
{
	sqlite3_stmt *s = st_q(st, Q_SEARCH_FIRST);
	struct first f = { 0, NULL, 0 };

	*word = NULL;
	if (s == NULL)
		return -1;
	st_bind_str(s, 1, query);
	sqlite3_bind_int64(s, 2, id);
	if (run_query(st, s, query, first_row, &f) != 0)
		return -1;
	*cp = f.cp;
	*word = f.word;
	return f.found;
}

static int
snippet_row(store *st, sqlite3_stmt *s, void *arg)
{
	const char *t = (const char *)sqlite3_column_text(s, 0);

	(void)st;
	*(char **)arg = strdup(t ? t : "");
	return 1;
}

int
store_search_snippet(store *st, int64_t id, const char *query, char **out)
{
	sqlite3_stmt *s = st_q(st, Q_SEARCH_SNIPPET);

	*out = NULL;
	if (s == NULL)
		return -1;
	st_bind_str(s, 1, query);
	sqlite3_bind_int64(s, 2, id);
	if (run_query(st, s, query, snippet_row, out) != 0)
		return -1;
	if (*out == NULL && (*out = strdup("")) == NULL)
		return -1;
	return 0;
}
