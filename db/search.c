/*
 * search.c: full-text search over the corpus (store.h, "search").
 *
 * The index. articles_fts (schema 3) tokenizes with "gloss" (fts_token.c):
 * FTS5's own unicode61 splits words, then every word with a non-ASCII byte
 * is folded with text_fold(), the function in-article search uses. So "malgorzata"
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
#include "model/buf.h"
#include "model/text.h"
#include "model/utf8.h"

/* Snippet markers: control characters never found in stored titles'
 * snippets' words, turned into highlights by the caller. */
#define MARK_ON "\x02"
#define MARK_OFF "\x03"

/* The connection's FTS5 API (NULL if it has none). */
static fts5_api *
fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api && api->iVersion >= 2 ? api : NULL;
}

int
st_search_register(sqlite3 *db)
{
	fts5_tokenizer tok;
	fts5_api *api = fts5_api_of(db);

	st_fold_tokenizer(&tok);

	if (api == NULL || api->xCreateTokenizer(api, "gloss", api, &tok, NULL) != SQLITE_OK)
		return -1;
	return st_rank_register(api) == SQLITE_OK ? 0 : -1;
}

struct tokens {
	struct st_tok *v;
	int n, cap;
};

static int
add_token(void *p, int flags, const char *tok, int n, int start, int end)
{
	struct tokens *t = p;

	(void)tok;
	(void)n;
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (t->n == t->cap) {
		int cap = t->cap ? 2 * t->cap : 256;
		struct st_tok *v = realloc(t->v, (size_t)cap * sizeof *v);

		if (v == NULL)
			return SQLITE_NOMEM;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = (struct st_tok){ start, end };
	return SQLITE_OK;
}

int
st_gloss_tokens(sqlite3 *db, const char *s, int len, struct st_tok **out, int *n)
{
	fts5_api *api = fts5_api_of(db);
	fts5_tokenizer tk;
	Fts5Tokenizer *inst = NULL;
	struct tokens t = { NULL, 0, 0 };
	void *ctx = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (api == NULL || api->xFindTokenizer(api, "gloss", &ctx, &tk) != SQLITE_OK ||
	    tk.xCreate(ctx, NULL, 0, &inst) != SQLITE_OK)
		return -1;
	rc = tk.xTokenize(inst, &t, FTS5_TOKENIZE_AUX, s, len, add_token);
	tk.xDelete(inst);
	if (rc != SQLITE_OK) {
		free(t.v);
		return -1;
	}
	*out = t.v;
	*n = t.n;
	return 0;
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

/* st_rank, and once more with the query's words quoted when FTS5
 * refuses it (as run_query does). */
static int
rank_or_words(store *st, const char *query, size_t limit, st_ranking *r)
{
	char *alt;
	int refused, rc;

	if (st_rank(st, query, limit, r, &refused) == 0)
		return 0;
	if (!refused || (alt = quote_words(query)) == NULL)
		return -1;
	rc = st_rank(st, alt, limit, r, &refused);
	free(alt);
	return rc;
}

/*
 * Article id's title and the snippet of its ranked row (ntoken tokens)
 * into *title (valid until s is reset) and snip; 1 when the article is
 * gone, 0, -1.
 */
static int
hit_snippet(store *st, sqlite3_stmt *s, const st_ranking *r, size_t row, int64_t id, int ntoken,
    const char **title, struct buf *snip)
{
	struct st_tok *tok = NULL;
	const char *body;
	int step, len, ntok, rc = 0;

	sqlite3_bind_int64(s, 1, id);
	if ((step = sqlite3_step(s)) != SQLITE_ROW)
		return st_done(st, s, step) != 0 ? -1 : 1;
	*title = sqlite3_column_text(s, 0) ? (const char *)sqlite3_column_text(s, 0) : "";
	body = (const char *)sqlite3_column_text(s, 1);
	len = sqlite3_column_bytes(s, 1);
	buf_reset(snip);
	if (body == NULL || st_gloss_tokens(st->db, body, len, &tok, &ntok) != 0 ||
	    st_snippet(body, len, tok, ntok, r, row, ntoken, snip) != 0 || buf_str(snip) == NULL) {
		st_seterr(st, "search: out of memory");
		rc = -1;
	}
	free(tok);
	return rc;
}

/*
 * Rank first (search_rank.c), then read the title and text of the
 * articles shown only and make their snippets from the instances the
 * ranking recorded (search_snippet.c): SQLite computes a query's result
 * columns before its ORDER BY ... LIMIT, so one statement would make a
 * snippet for every match, and FTS5's snippet() needs the query set up
 * again for each row.
 */
int
store_search(store *st, const char *query, size_t limit, int (*fn)(const store_hit *h, void *arg), void *arg)
{
	sqlite3_stmt *s;
	st_ranking r;
	struct buf snip = { 0 };
	int rc = -1;

	if (rank_or_words(st, query, limit, &r) != 0)
		goto out;
	if ((s = st_q(st, Q_SEARCH_ART)) == NULL)
		goto out;
	rc = 0;
	for (size_t i = 0; i < r.n && rc == 0; i++) {
		const char *title;
		int got = hit_snippet(st, s, &r, r.hit[i].row, r.hit[i].id, 12, &title, &snip);

		if (got < 0) {
			rc = -1;
		} else if (got == 0) {
			store_hit hit = { r.hit[i].id, title, buf_str(&snip), r.hit[i].rank };

			if (fn(&hit, arg) != 0)
				rc = 1;
		}
		sqlite3_reset(s);
	}
	rc = rc < 0 ? -1 : 0;
out:
	buf_free(&snip);
	st_ranking_free(&r);
	return rc;
}

int
store_search_snippets(store *st, const char *query, const int64_t *ids, size_t n, char **out)
{
	sqlite3_stmt *s;
	const st_ranking *kept;
	st_ranking r;
	struct buf snip = { 0 };
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	if (n == 0)
		return 0;
	memset(&r, 0, sizeof r);
	/* The list ranked this query for its page (search_cache.c): its
	 * instances give the snippets. Else, without a prefix, FTS5 finds one
	 * row's snippet at once, cheaper than a pass over all matches (20
	 * rows of a word in 28k articles: 1 ms against 9); a prefix query set
	 * up per row would merge its whole doclist each time. */
	if ((kept = st_rank_peek(st, query)) == NULL) {
		if (strchr(query, '*') == NULL) {
			for (size_t i = 0; i < n && rc == 0; i++)
				rc = store_search_snippet(st, ids[i], query, &out[i]);
			goto done;
		}
		if (rank_or_words(st, query, 0, &r) != 0)
			return -1;
		kept = &r;
	}
	if ((s = st_q(st, Q_SEARCH_ART)) == NULL) {
		st_ranking_free(&r);
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *title;
		size_t j = 0;

		while (j < kept->n && kept->hit[j].id != ids[i])
			j++;
		if (j < kept->n && (rc = hit_snippet(st, s, kept, kept->hit[j].row, ids[i], 10, &title, &snip)) == 0)
			out[i] = strdup(buf_str(&snip));
		sqlite3_reset(s);
		if (rc > 0)
			rc = 0;
		if (rc == 0 && out[i] == NULL && (out[i] = strdup("")) == NULL)
			rc = -1;
	}
	buf_free(&snip);
	st_ranking_free(&r);
done:
	if (rc != 0)
		for (size_t i = 0; i < n; i++) {
			free(out[i]);
			out[i] = NULL;
		}
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
