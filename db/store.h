/*
 * store.h: the SQLite store (GUIDE §4). Every SQL statement of gloss lives
 * behind these functions; no sqlite3 type leaks out, so a PostgreSQL store
 * can later sit behind the same interface.
 *
 * Durability contract: each user action (store_span_*, store_undo/redo,
 * status and label changes) is one transaction that also writes its undo
 * record, committed (synchronous=FULL, WAL) before the function returns 0.
 * Functions return 0 on success and -1 on failure with store_errmsg() set;
 * they never print.
 */
#ifndef GLOSS_STORE_H
#define GLOSS_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "model/doc.h"
#include "model/label.h"
#include "model/span.h"
struct text_src; /* model/text.h */

typedef struct store store;

/*
 * Open (creating parent directories and the file if needed) and migrate to
 * the current schema in one transaction. path ":memory:" gives a private
 * in-memory database (tests). On failure returns -1 and writes a message
 * into err (size errsz); *out is NULL.
 */
int store_open(const char *path, store **out, char *err, size_t errsz);
/*
 * store_open, but the look for a damaged database (root and first leaf of
 * every b-tree, ~0.5 ms) waits until just before the first write: for a
 * command or a screen that shows what it reads (a damaged page it reads
 * fails as STORE_FAIL_DAMAGED) and may never write. A write still never
 * reaches a damaged database the probe can see. An upgrade probes at open.
 */
int store_open_late(const char *path, store **out, char *err, size_t errsz);
/*
 * Open an existing database for reading only (gloss check): never writes,
 * never changes its journal mode; only the current schema version.
 */
int store_open_readonly(const char *path, store **out, char *err, size_t errsz);
void store_close(store *st);
const char *store_errmsg(const store *st);
/*
 * What the last failure was about: the data (refused: a bad span, a
 * constraint), the database being busy (another process held the write
 * lock past the timeout: retry), the disk full, the database read-only
 * (file, directory or medium), the file itself (I/O error): stop, or a
 * damaged database (SQLite found a bad page, at open or later): stop, the
 * store writes nothing more and its message says to run `gloss check`.
 * A failed write leaves the database as it was in every case.
 */
enum { STORE_FAIL_DATA, STORE_FAIL_BUSY, STORE_FAIL_FULL, STORE_FAIL_IO, STORE_FAIL_READONLY,
	STORE_FAIL_DAMAGED };
int store_fail_kind(const store *st);
/*
 * Upgrading an old database can take seconds (migration 9 rehashes every
 * article's text): store_open calls fn with rows done and total now and
 * then while it does. Process-wide; NULL for none.
 */
void store_set_migrate_progress(void (*fn)(void *arg, size_t done, size_t total), void *arg);
/*
 * Told when store_open starts upgrading an existing database from schema
 * version `from` to `to` (finished 0: before the first step, so a caller
 * can say so before it blocks) and when it ends (1: upgraded, -1: failed,
 * nothing changed). A new database is not an upgrade. Process-wide; NULL
 * for none. Rebuilding the full-text index reports progress too.
 */
void store_set_migrate_notice(void (*fn)(void *arg, int from, int to, int finished), void *arg);
/*
 * For the interface: while another process (an import) holds the write
 * lock, wait for it as long as it takes instead of failing after the
 * usual five seconds. fn is called before each 5 ms sleep with how long
 * the wait has lasted (so the person is told why nothing is saved yet and
 * keys typed meanwhile can be read); a nonzero return ends the wait and
 * the write fails as busy. fn must not call the store. NULL restores the
 * plain timeout.
 */
void store_set_wait(store *st, int (*fn)(void *arg, unsigned ms), void *arg);
/*
 * A number that changes whenever another connection (another gloss, an
 * import) commits to the database; this connection's own commits leave it
 * alone. Cheap enough to ask on every key.
 */
int store_data_version(store *st, uint64_t *v);
/* The database file's absolute path ("" for an in-memory database). */
const char *store_path(store *st);
int store_schema_version(store *st);
/*
 * What commits cost in pages (store_wal.c; tests and benches): a mark of
 * where the WAL ends now, then store_wal_frames counts the frames written
 * since it and, with fn, names each one's b-tree (table or index) and page
 * number. 0 frames for an in-memory database.
 */
int64_t store_wal_mark(store *st);
int store_wal_frames(store *st, int64_t mark, int (*fn)(const char *name, uint32_t page, void *arg), void *arg);

/* The default database path per GUIDE §2 (malloc'd); NULL if no HOME. */
char *store_default_path(void);

/* Who annotates (stored on spans and undo records). Copied. */
void store_set_annotator(store *st, const char *name);

/* --- articles -------------------------------------------------------- */

/*
 * One article's list row. Like a span (model/span.h), it is a view unless
 * store_article_copy or store_article_info made it: the rows handed to a
 * store_articles_each callback borrow their strings from the database
 * row (valid during the call); an owned copy keeps them in one block
 * (own) that store_article_clear frees.
 */
typedef struct store_article {
	int64_t id;
	const char *title;
	const char *date;   /* NULL if none */
	const char *status; /* "unread", "started", "done" */
	size_t confirmed;   /* confirmed entity spans */
	size_t suggested;   /* suggested entity spans */
	size_t position;    /* reading position, code points */
	char *own;          /* the strings' block when owned; NULL for a view */
} store_article;
/* dst (uninitialised) gets its own copy of src; -1 when out of memory. */
int store_article_copy(store_article *dst, const store_article *src);
void store_article_clear(store_article *a);

/* Status filter NULL = all. Visits in id order from offset, at most limit
 * (0 = no limit); fn non-zero stops. fn may call any store function except
 * store_articles_each itself. */
int store_articles_each(store *st, const char *status, size_t offset, size_t limit,
    int (*fn)(const store_article *a, void *arg), void *arg);
int store_article_count(store *st, const char *status, size_t *n);
/* One article's list info. */
int store_article_info(store *st, int64_t id, store_article *out);
/* Text, metadata, status and position into d (initialised with doc_init;
 * its old contents are freed); spans too when with_spans (span_cmp order). */
int store_article_load(store *st, int64_t id, doc *d, int with_spans);
/* Only the text, d->chars and the spans (no metadata, status NULL). */
int store_article_text(store *st, int64_t id, doc *d);
/*
 * Opening an article for reading without reading its text: d gets what
 * store_article_load gives but no spans and d->text NULL, d->len the
 * text's length in bytes, d->chars its code points; *src reads the text
 * from the store a slice at a time (SQLite incremental blob I/O, each read
 * its own short read transaction, so nothing stays open between keys).
 * Hand src to text_new_lazy, which reads only what is asked for, or close
 * it: src->close(src->arg). The source fails (the text reads as NULs from
 * there) if the article is gone.
 */
int store_article_load_lazy(store *st, int64_t id, doc *d, struct text_src *src);
/* Bytes of article text the sources above have read (tests guard that
 * opening a long article reads only its first screen). */
size_t store_text_bytes_read(const store *st);
/* The next article after id (in id order, wrapping) whose status is not
 * done; *next = 0 when every article is done. */
int store_article_next_undone(store *st, int64_t id, int64_t *next);
/* Neighbour in id order (dir +1 / -1); *out = 0 at either end. */
int store_article_neighbour(store *st, int64_t id, int dir, int64_t *out);
/* Mark done/started/unread: an undoable action. */
int store_article_set_status(store *st, int64_t id, const char *status);
/* Reading position: saved, not undoable. Also moves unread -> started. */
int store_article_set_position(store *st, int64_t id, size_t pos);

/* --- import / export --------------------------------------------------- */

/*
 * Bulk import: begin opens one large transaction, end commits (commit != 0)
 * or rolls back; the new articles enter the full-text index at the commit.
 * add stores the doc and its spans (status < 0 stored as confirmed: the
 * driver applies --as before; source, annotator and times as given,
 * annotator defaulting to the store's); a doc without a title gets its first sentence. A span label the
 * scheme lacks is added to it (no key). *dup is set and *id is the existing
 * article (nothing stored) when identical text (XXH3-128) is already in the
 * store. A doc whose text is not valid UTF-8 or whose spans lie outside
 * the text is refused (-1) and leaves no trace: add uses its own savepoint
 * unless the caller holds one (store_savepoint: one per file).
 */
int store_import_begin(store *st);
int store_import_add(store *st, const doc *d, int64_t *id, int *dup);
/*
 * The same, choosing what a doc whose text is already stored does
 * (*dup set): STORE_DUP_SKIP stores nothing (store_import_add);
 * STORE_DUP_MERGE adds its spans to that article, except spans it already
 * has (same start, end, kind and label), counted in *same, the others in
 * *added; STORE_DUP_KEEP stores it as an article of its own (its hash
 * column is then the XXH3 of the text, a NUL and a number, so that
 * lookups by text still find the first). *id is the article either way.
 */
enum { STORE_DUP_MERGE, STORE_DUP_SKIP, STORE_DUP_KEEP };
int store_import_add_dup(store *st, const doc *d, int mode, int64_t *id, int *dup, size_t *added,
    size_t *same);
int store_import_end(store *st, int commit);
/* A label scheme read with the data (jsonl): taken whole by a store
 * without spans, else merged (missing labels added). */
int store_import_labels(store *st, const label_scheme *ls);
/* Nested savepoint inside an import transaction; end releases it, after
 * rolling back to it when commit is 0. */
int store_savepoint(store *st);
int store_savepoint_end(store *st, int commit);
/*
 * One file of an import, which may span several commits. begin adds its
 * import_files row (path, this process); the articles it adds, and spans
 * it merges into older articles, carry the row's id. store_import_next
 * commits what is done so far (the file's part too, its row then saying
 * not done), lets a writer waiting for the lock in, and goes on in a new
 * transaction. end(ok) marks the file done (a row is added done: a file
 * begun and ended in one transaction costs no update); end(!ok) gives the
 * row's id in *split: store_import_file_undo
 * then takes out what the file stored, committed or not. (No savepoint per
 * file: its sub-journal copied every page each file touched, a fifth of
 * the CPU of importing small files. A label scheme the file brings opens
 * one, which end(!ok) rolls back: only that restores a replaced scheme.)
 * Returns 0 or -1.
 */
int store_import_file_begin(store *st, const char *path);
int store_import_next(store *st);
int store_import_file_end(store *st, int ok, int64_t *split);
/*
 * Take out up to max articles that import_files row id stored (its full-
 * text entries with them); once none is left, the spans it merged into
 * other articles, the labels it added that nothing uses, and the row.
 * *more is 1 while articles remain. Inside the import's transaction.
 */
int store_import_file_undo(store *st, int64_t id, size_t max, int *more);
/* Files whose import stopped without finishing (the process was killed,
 * or failed while taking the file out): up to max row ids in ids. */
int store_import_stale(store *st, int64_t *ids, size_t max, size_t *n);

/* Stream articles with their spans in id order. all_spans: 0 = confirmed
 * spans only (plus highlights), 1 = all. fn non-zero stops. */
int store_export_each(store *st, int all_spans,
    int (*fn)(const doc *d, int64_t id, void *arg), void *arg);

/* --- spans (each call is one durable, undoable action) ----------------- */

/* Load one article's spans (all statuses) in span_cmp order. */
int store_spans_each(store *st, int64_t article_id,
    int (*fn)(const span *s, void *arg), void *arg);
/* The same for the spans that overlap [start, end) (code points) only. */
int store_spans_in(store *st, int64_t article_id, size_t start, size_t end,
    int (*fn)(const span *s, void *arg), void *arg);
/* The same without annotator, created and updated (NULL, 0): what the
 * interface's spanset keeps, read with fewer columns from inside SQLite's
 * scan; fn must not call the store. */
int store_spans_each_brief(store *st, int64_t article_id,
    int (*fn)(const span *s, void *arg), void *arg);
/* Insert s; sets s->id. */
int store_span_add(store *st, int64_t article_id, span *s);
int store_span_delete(store *st, int64_t span_id);
/* Write label, status, note, confidence of s (by s->id). */
int store_span_update(store *st, const span *s);
/* Move span span_id's edges to [start, end): refused (-1) when start >=
 * end or end is past the text. */
int store_span_move(store *st, int64_t span_id, size_t start, size_t end);

/*
 * Group several span calls into one transaction and one undo step (accept
 * all, import into an open article). Calls nest; the outermost end commits
 * (commit != 0) or rolls back.
 */
int store_action_begin(store *st);
int store_action_end(store *st, int commit);

/*
 * Undo / redo this annotator's latest action (any article; the annotator
 * of store_set_annotator: another annotator's actions are never touched).
 * *article gets the article it touched (0 if none left to undo). Returns
 * 0 when done, 1 (nothing changed, *article set) when a span the step
 * touches was changed by someone else since, -1 on error. A new action
 * drops its annotator's redo stack. Both survive restarts.
 */
int store_undo(store *st, int64_t *article);
int store_redo(store *st, int64_t *article);
/*
 * After store_undo/store_redo: visit each span the step touched, as it is
 * now (gone = 1 when the step removed it; then only s->id, start, end,
 * label and kind are set, as it was before the step), so a
 * caller that keeps spans in memory applies the step without reloading
 * the article. Strings are valid during the call. fn non-zero stops.
 */
int store_last_step_spans(store *st, int (*fn)(const span *s, int gone, void *arg), void *arg);
/* What that step did: "add", "delete", "update" or "status" into buf
 * ("" when unknown). */
int store_last_step_op(store *st, char *buf, size_t size);

/* --- suggestions (db/store_suggest.c) ---------------------------------- */

/*
 * Suggestions are derived data, not user actions: writing them records no
 * undo step. They never replace a decision: store_suggestions_put first
 * removes the article's suggested entity spans whose source is in srcmask
 * (bits 1 << SRC_*), then inserts each span of v[0..n) unless it overlaps
 * a confirmed entity span or a suggestion still there (one per place), or
 * a rejected span has the same start, end and label. Inside a
 * store_action_begin/end it joins that transaction (batches), else it is
 * its own. When the result equals what is stored, nothing is written (an
 * article opened again keeps its rows). *added (may be NULL): the
 * suggestions of those engines now stored.
 */
int store_suggestions_put(store *st, int64_t article_id, unsigned srcmask,
    const span *v, size_t n, size_t *added);
/*
 * What the last store_suggestions_put or _put_range of this connection
 * changed in the spans table: the ids of the rows it deleted and the
 * spans it inserted (with their ids), valid until the next put; -1 when
 * that is not known (a put failed, or the article's batch rows were
 * turned into spans rows first). A put inside a caller's transaction
 * that is later rolled back leaves changes that never happened: ask only
 * after a put that committed. The interface updates its spans with them
 * instead of reading all of an article's spans again.
 */
int store_suggestions_changes(store *st, const int64_t **gone, size_t *ngone, const span **added, size_t *nadded);
/* The same inside [start, end) of the article only (code points): the
 * suggestions outside stay, and new ones may not overlap them. v holds
 * spans inside the range. */
int store_suggestions_put_range(store *st, int64_t article_id, unsigned srcmask, size_t start, size_t end,
    const span *v, size_t n, size_t *added);

/*
 * The same rules, stored compactly for a batch run (gloss suggest): one
 * row per article and engine instead of a spans row per suggestion
 * (store_batch.c). The article's count of suggestions includes them;
 * they become spans rows when store_suggestions_materialize or
 * store_suggestions_put touches the article, and export reads them.
 */
int store_suggestions_put_batch(store *st, int64_t article_id, unsigned srcmask,
    const span *v, size_t n, size_t *added);
/* Turn article id's batch suggestions into spans rows (the interface,
 * before it shows the article; nothing to do is cheap), applying the
 * rules against the spans as they are now. *made (may be NULL): spans
 * written. Idempotent. */
int store_suggestions_materialize(store *st, int64_t article_id, size_t *made);

/* Bulk writing (gloss suggest over a corpus): a large page cache (on) or
 * SQLite's default again (off). 0 or -1. */
int store_bulk(store *st, int on);

/*
 * Writing derived data only (suggestions: they can be made again): on,
 * commits do not wait for the disk (synchronous = NORMAL; with the WAL a
 * crash may lose the last of them, never corrupts, and the next user
 * action's commit syncs them too); off, every commit is durable again.
 * Outside a transaction. 0 or -1.
 */
int store_derived(store *st, int on);

/* The length of article id's text in code points. */
int store_article_chars(store *st, int64_t id, int64_t *chars);

/* Engine state (a tagger's weights...): a named blob, replaced whole.
 * get sets *buf (malloc'd) and *n, or *buf = NULL when there is none. */
int store_engine_state_get(store *st, const char *name, unsigned char **buf, size_t *n);
int store_engine_state_put(store *st, const char *name, const unsigned char *buf, size_t n);

/* User gazetteers: the file text kept under its name (a name added again
 * is replaced), read back in the order first added. */
int store_gazetteer_put(store *st, const char *name, const char *body, size_t len, size_t terms);
int store_gazetteers_each(store *st,
    int (*fn)(const char *name, const char *body, size_t len, size_t terms, void *arg), void *arg);

/* Articles with at least one confirmed or rejected entity span, in id
 * order (engines rebuild what they learnt from them). */
int store_decided_articles(store *st, int64_t **ids, size_t *n);

/* Acceptance per engine: for each source that proposed entity spans, how
 * many are still suggested, were accepted (confirmed) and rejected. */
int store_acceptance_each(store *st, int (*fn)(const char *source, int64_t suggested,
    int64_t accepted, int64_t rejected, void *arg), void *arg);

/*
 * Resumable batch runs (gloss suggest). run_start looks at the last run:
 * with the same engines, unfinished and restart == 0 it is resumed
 * (*resumed = 1), else a new run begins. todo lists the articles (id
 * order, malloc'd) the run has not done yet; mark records one as done
 * (inside the batch's transaction); run_end marks the run finished.
 */
int store_suggest_run_start(store *st, const char *engines, int restart, int64_t *run, int *resumed);
int store_suggest_todo(store *st, int64_t run, int64_t **ids, size_t *n);
int store_suggest_mark(store *st, int64_t run, int64_t article_id);
int store_suggest_run_end(store *st, int64_t run);

/* Articles whose text contains phrase (full-text index, a phrase query;
 * candidates: the caller still checks word boundaries), in id order. */
int store_articles_with_phrase(store *st, const char *phrase, int64_t **ids, size_t *n);

/* --- named values (meta table): e.g. where the interface was left ---- */

/* *value is malloc'd, NULL when key has none. */
int store_meta_get(store *st, const char *key, char **value);
int store_meta_set(store *st, const char *key, const char *value);

/* --- labels ------------------------------------------------------------ */

int store_labels_get(store *st, label_scheme *out);
/*
 * Replace the scheme. Refuses (returns -1, *in_use = spans affected, and
 * *dropped = the first label name dropped, malloc'd) when a label that
 * spans still use would disappear.
 */
int store_labels_set(store *st, const label_scheme *ls, size_t *in_use, char **dropped);

/* --- search (search.c) ------------------------------------------------- */

/* One search result. Strings are valid during the callback. */
typedef struct store_hit {
	int64_t id;
	const char *title;
	const char *snippet;  /* a few words of the text around the matches; each match is
	                         between STORE_MARK_ON and STORE_MARK_OFF */
	double rank;          /* bm25: lower is better */
} store_hit;
#define STORE_MARK_ON '\x02'
#define STORE_MARK_OFF '\x03'

/*
 * Articles matching query (FTS5 syntax: words, "phrases", NEAR(a b, 5),
 * prefix*, title:word; case and accents ignored as in text_search), best
 * first, at most limit (0 = all). A query FTS5 refuses is searched as its
 * plain words. fn non-zero stops.
 */
int store_search(store *st, const char *query, size_t limit, int (*fn)(const store_hit *h, void *arg), void *arg);
/*
 * Where query first matches article id's text: 1 with the code point in
 * *cp and the matched text in *word (malloc'd), 0 when it matches only in
 * the title or not at all, -1 on error.
 */
int store_search_first(store *st, int64_t id, const char *query, size_t *cp, char **word);

/* The snippet of article id's text for query (marked as in store_hit),
 * malloc'd in *out ("" when only the title matches); 0 or -1. */
int store_search_snippet(store *st, int64_t id, const char *query, char **out);
/* The same for the articles ids[0..n) (the list's page) in one pass over
 * the matches: a prefix query's snippet() merges its whole doclist for
 * each article. out[i] malloc'd ("" when the article does not match or
 * only its title does); 0, or -1 with every out[i] NULL. */
int store_search_snippets(store *st, const char *query, const int64_t *ids, size_t n, char **out);

/* --- stats ------------------------------------------------------------- */

/* Rows of (group, key, count): group "label", "status" or "annotator". */
int store_stats_each(store *st, int (*fn)(const char *group, const char *key, int64_t n, void *arg), void *arg);

/* PRAGMA integrity_check and the full-text index's own check; *ok = 1 when
 * both say ok (else store_errmsg has the first complaint). */
int store_check(store *st, int *ok);
/*
 * Every problem integrity_check finds, in any table or index (named), then
 * the full-text index's check (on a temporary copy when the database is
 * open read-only, as that check writes). fn gets each problem; *problems
 * counts them. -1 only when the check could not run.
 */
int store_check_all(store *st, int (*fn)(const char *problem, void *arg), void *arg, size_t *problems);
/* Visit every span that does not lie within its article's text (len = the
 * text's length in code points, -1 when the text is missing); *bad counts
 * them. fn may be NULL; fn non-zero stops. */
int store_check_spans(store *st, int (*fn)(int64_t article, int64_t span, int64_t start, int64_t end,
    int64_t len, void *arg), void *arg, size_t *bad);

#endif
