/*
 * store_int.h: what the db/store*.c files share and nothing outside db/
 * may include: the store's state, the statement table and the helpers
 * that prepare, step and report.
 *
 * The store is split by idea: store.c (open, close, schema migrations,
 * action transactions), store_sql.c (every SQL statement and the helpers
 * below), store_span.c (span actions and reads), store_undo.c (the undo
 * log, undo and redo), store_article.c (article queries, status, position,
 * export), store_import.c (bulk import, savepoints, labels an import
 * brings), store_labels.c (label scheme, stats, integrity checks), store_suggest.c
 * (suggestions, engine state, gazetteers, batch runs), store_batch.c (the
 * compact rows of batch suggestions; store_sug.h).
 *
 * Statements are named Q_* and their text lives in store_sql.c; st_q()
 * prepares one on first use and keeps it in st->stmt[]. A new statement
 * is one enum line here and one table line there.
 *
 * Errors: every helper that fails sets st->err (st_seterr) and returns -1
 * (or NULL); a caller only adds context or passes -1 up.
 */
#ifndef GLOSS_STORE_INT_H
#define GLOSS_STORE_INT_H

#include <stdint.h>
#include <time.h>
#include <sqlite3.h>
#include "db/store.h"

enum q {
	Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_SAVEPOINT, Q_RELEASE, Q_ROLLBACK_TO,
	Q_ART_BY_HASH, Q_ART_INSERT, Q_TEXT_INSERT, Q_FTS_INSERT, Q_MAX_ID, Q_LABEL_ENSURE,
	Q_SPAN_INSERT, Q_SPAN_DELETE, Q_SPAN_UPDATE, Q_SPAN_RESTORE, Q_SPAN_APPLY, Q_SPAN_MOVE,
	Q_SPANS_OF, Q_SPANS_IN, Q_SPANS_BRIEF, Q_ART_CHARS,
	Q_SUG_DELETE, Q_ENGINE_GET, Q_ENGINE_PUT, Q_GAZ_PUT, Q_GAZ_LIST, Q_DECIDED_ARTS,
	Q_ACCEPTANCE, Q_META_GET, Q_META_PUT, Q_SUG_TODO, Q_SUG_MARK, Q_PHRASE_ARTS,
	Q_UNDO_CLEAR, Q_UNDO_NEXTGRP, Q_UNDO_SPAN, Q_UNDO_AFTER, Q_UNDO_STATUS,
	Q_UNDO_LAST, Q_UNDO_FIRST, Q_UNDO_CONFLICT, Q_DATA_VERSION, Q_UNDO_ROWS_DESC, Q_UNDO_ROWS_ASC, Q_UNDO_MARK,
	Q_ART_LIST, Q_ART_LIST_ST, Q_ART_COUNT, Q_ART_COUNT_ST, Q_ART_INFO, Q_ART_LOAD, Q_ART_TEXT, Q_ART_META,
	Q_ART_NEXT_UNDONE, Q_ART_FIRST_UNDONE, Q_ART_NEXT, Q_ART_PREV,
	Q_ART_STATUS_GET, Q_ART_STATUS_SET, Q_ART_STATUS_PUT, Q_ART_POSITION,
	Q_EXPORT_ARTS, Q_EXPORT_SPANS_ALL, Q_EXPORT_SPANS_CONF,
	Q_LABELS_GET, Q_LABELS_USED, Q_LABELS_DELETE, Q_LABELS_INSERT, Q_LABELS_MERGE, Q_ANY_SPAN,
	Q_STATS_LABEL, Q_STATS_STATUS, Q_STATS_ANNOTATOR,
	Q_CHECK, Q_CHECK_FTS, Q_CHECK_SPANS, Q_STEP_SPANS, Q_STEP_OP, Q_ART_DATELINE, Q_SPAN_BY_ID,
	Q_SEARCH_FIRST, Q_SEARCH_SNIPPET, Q_SEARCH_COLLECT, Q_SEARCH_ART,
	Q_LEN_GET, Q_LEN_PUT, Q_LEN_DOCSIZE, Q_LEN_ONE, Q_LEN_CLEAR,
	Q_IMPF_START, Q_IMPF_NAMES, Q_IMPF_OPEN, Q_IMPF_DONE, Q_IMPF_STALE, Q_IMPF_FTS_DEL, Q_IMPF_ART_DEL, Q_IMPF_SPAN_DEL, Q_IMPF_LABEL_DEL,
	Q_IMPF_FORGET, Q_SPAN_TAG,
	Q_FEED_ADD, Q_FEED_REMOVE, Q_FEEDS, Q_FEED_DONE, Q_ART_KNOWN, Q_SPAN_SAME,
	Q_BATCH_OF, Q_BATCH_COUNT, Q_BATCH_DELETE, Q_BATCH_PUT, Q_BATCH_NSUG, Q_LABEL_EXISTS, Q_SUG_PROBE, Q_N
};

/* An article's list columns (st_article_from_row reads them). */
#define ART_LIST_COLS \
	"a.id, a.title, a.date, a.status, a.position, " \
	"a.n_confirmed, " \
	"a.n_suggested"
struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[Q_N]; /* prepared on first use */
	char *annotator;         /* NULL: unknown */
	char err[512];
	int errcode;             /* SQLite primary code of the last error; 0: gloss's own check */
	int (*wait_fn)(void *arg, unsigned ms); /* told while another process holds the write lock */
	struct timespec wait_start; /* when the current wait began */
	void *wait_arg;
	int depth;               /* store_action_begin nesting */
	int abort;               /* an inner action asked for rollback */
	int64_t grp;             /* undo group of the open action, 0 = none yet */
	int64_t last_step;       /* group the last store_undo/redo applied, 0 = none */
	int importing;           /* inside store_import_begin/end */
	int savepoints;          /* open store_savepoint levels */
	int damaged;             /* SQLite found damage: no more writes (store_damage.c) */
	char damaged_in[160];    /* "table undo" when the open's probe named it */
	int probed;              /* st_probe ran (at open, or before the first write) */
	int64_t fts_from;        /* articles after this id still need indexing */
	int64_t import_file;     /* import_files row of the file being imported, 0: none */
	int file_sp;             /* a savepoint opened in that file (a label scheme came) */
	int file_open;           /* its row says not done (a commit came inside it) */
	char *label_names;       /* the scheme's names as a JSON array for import_files
	                            rows, read once a transaction; NULL: not read
	                            since the last label change or commit */
	char **known;            /* label names seen during this import */
	size_t nknown;
	size_t text_read;        /* bytes read by store_article_load_lazy's sources */
	struct st_rankcache *rank_cache; /* search_cache.c: the last whole ranking */
	struct st_listcache *list_cache; /* filter.c: the last text filter's articles */
	unsigned long rank_again; /* st_rank's best-only pass met a tie at its edge (tests) */
	struct st_sugdiff {      /* store_suggest.c: what the last put changed */
		int known;
		int64_t *gone;
		size_t ngone, capgone;
		span *added;     /* copies (span_clear them) */
		size_t nadded, capadded;
	} sugdiff;
	int (*take)(const span *, void *); /* gloss_span_take's callback, NULL outside */
	void *take_arg;
	int take_stop;           /* take asked to stop: the rest of the scan is skipped */
};

/* store_sql.c: statements, stepping, binding, errors. */
void st_seterr(store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int st_sqlerr(store *st);
sqlite3_stmt *st_q(store *st, enum q i);
int st_done(store *st, sqlite3_stmt *s, int rc);
int st_run(store *st, sqlite3_stmt *s);
int st_run_q(store *st, enum q i);
int st_one_int(store *st, sqlite3_stmt *s, int64_t *v);
void st_bind_str(sqlite3_stmt *s, int i, const char *v);
char *st_col_str(sqlite3_stmt *s, int i);
int64_t st_now(void);
int st_exec(store *st, const char *s);
/* Finalize a statement prepared for one call; rc is the last step's
 * result: anything but DONE or ROW sets the error and returns -1. */
int st_finalize(store *st, sqlite3_stmt *s, int rc);
int st_rollback(store *st);
/* store_damage.c: probe every b-tree's first pages (0, or -1 with the
 * damage in err); the one-line message; 1 (err set) when a write must not
 * start because the database is damaged. */
int st_probe(store *st);
void st_damaged_msg(store *st);
int st_write_refused(store *st);

/* store.c */
int st_action_done(store *st, int rc);

/* store_undo.c */
int64_t st_undo_group(store *st);
int st_undo_span(store *st, const char *op, int64_t id, int64_t *seq);

/* store_span.c */
int st_span_check(store *st, const span *s, int64_t chars);
int st_span_insert(store *st, int64_t aid, const span *s, int64_t t, int64_t *id);
int st_span_from_row(sqlite3_stmt *s, int c, span *sp);
int st_spans_visit(store *st, sqlite3_stmt *s, int (*fn)(const span *, void *), void *arg);
int st_span_take_register(store *st);

/* store_article.c */
void st_article_from_row(sqlite3_stmt *s, store_article *a);
int st_doc_from_row(store *st, sqlite3_stmt *s, doc *d, sqlite3_stmt *spans);
int st_status_valid(const char *s);

/* store_import.c */
void st_forget_labels(store *st);

/* search.c: the "gloss" FTS5 tokenizer and functions, registered on each
 * connection. */
int st_search_register(sqlite3 *db);
/* fts_token.c: the "gloss" tokenizer's methods. */
void st_fold_tokenizer(fts5_tokenizer *tok);
/* search_rank.c: the best limit (0: all) articles for an FTS5 query, best
 * first (bm25, title weight 10; ties: lower id first) in r->hit, with
 * every matching row's phrase instances; 0, or -1 with the error set and
 * *refused = 1 when FTS5 refused the query. st_search_len_sync brings
 * search_len up to date for the articles after id `after` (0: all). */
typedef struct st_inst {
	int phrase, col, off;   /* off: token offset in column col */
} st_inst;
typedef struct st_ranked {
	int64_t id;
	double rank;
	size_t row;             /* its instances: inst[inst_at[row] .. inst_at[row + 1]] */
} st_ranked;
typedef struct st_ranking {
	st_ranked *hit;
	size_t n;
	int nphrase;
	int *psize;             /* [nphrase] tokens per phrase */
	st_inst *inst;
	size_t *inst_at;
} st_ranking;
int st_rank(store *st, const char *query, size_t limit, st_ranking *r, int *refused);
void st_ranking_free(st_ranking *r);
/* search_cache.c: results kept while the database is unchanged. A stamp
 * is this connection's change count and PRAGMA data_version (another
 * connection's commits); st_rank_all is st_rank(limit 0) kept by the
 * store until the stamp moves or another query is ranked; st_rank_peek
 * gives it only when kept. */
typedef struct st_stamp {
	uint64_t version;
	int64_t changes;
	int valid;
} st_stamp;
int st_stamp_now(store *st, st_stamp *s);
int st_stamp_same(const st_stamp *a, const st_stamp *b);
const st_ranking *st_rank_all(store *st, const char *query, int *refused);
const st_ranking *st_rank_peek(store *st, const char *query);
void st_rank_cache_free(store *st);
/* filter.c */
void st_list_cache_free(store *st);
/* store_suggest.c */
void st_sugdiff_free(store *st);
/* search_snippet.c: what FTS5's snippet(articles_fts, 1, MARK_ON,
 * MARK_OFF, '…', nt) gives for a row of r, from its text and instances
 * (tok: the text's tokens as the index has them, st_gloss_tokens). */
struct buf;
struct st_tok {
	int start, end;         /* bytes */
};
int st_snippet(const char *text, int len, const struct st_tok *tok, int ntok, const st_ranking *r, size_t row,
    int nt, struct buf *out);
/* search.c: the tokens of s through the "gloss" tokenizer (malloc'd). */
int st_gloss_tokens(sqlite3 *db, const char *s, int len, struct st_tok **out, int *n);
int st_search_len_sync(store *st, int64_t after);
/* search.c: the full-text index rebuilt from article_src in batches,
 * reporting progress (st_migrate_progress); what a migration's
 * ST_FTS_REBUILD step runs. */
#define ST_FTS_REBUILD "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"
int st_fts_rebuild(store *st);
/* store_hash.c: tell store_set_migrate_progress's hook. */
void st_migrate_progress(size_t done, size_t total);
struct fts5_api;
int st_rank_register(struct fts5_api *api);
/* store_dateline.c: SQL functions for migration 8; an article's dateline
 * into its meta. */
int st_dateline_register(sqlite3 *db);
int st_dateline_meta(store *st, int64_t id, const char *body, size_t len);

/* store_hash.c: gloss_rehash() for migration 9. */
int st_hash_register(sqlite3 *db);

/* store_labels.c */
int st_labels_write(store *st, const label_scheme *ls);
void st_bind_label(sqlite3_stmt *s, const label *l);

#endif
