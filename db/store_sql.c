/*
 * store_sql.c: every SQL statement of the store, prepared once on first
 * use, and the small helpers that step, bind and report errors.
 *
 * Undo snapshots are JSON arrays made by SQLite's json_array() (SPAN_JSON)
 * and read back with json_extract() (J): the log never depends on C struct
 * layout.
 */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "db/store_int.h"

/* Every span as one JSON array, its fields in the order below: the undo
 * log's snapshot format (schema 13; before it, objects with these keys,
 * which migration 13 turns into arrays). An array is ~90 bytes where the
 * object was ~200: more undo rows per page, fewer pages per action. */
#define SPAN_JSON \
	"json_array(id,article_id,start,\"end\",label,kind,status,source,confidence,note,annotator,created,updated)"
/* Field i of the snapshot x (?1 when not given). */
#define JX(x, i) "json_extract(" x ",'$[" #i "]')"
#define J(i) JX("?1", i)
/* Fields: 0 id, 1 article_id, 2 start, 3 end, 4 label, 5 kind, 6 status,
 * 7 source, 8 confidence, 9 note, 10 annotator, 11 created, 12 updated. */
#define SPAN_COLS "id, start, \"end\", label, kind, status, source, confidence, note, annotator, created, updated"
#define ART_LOAD_COLS \
	"a.id, t.text, a.title, a.date, a.source, a.url, a.meta, a.status, a.ext_id, a.position, a.chars"

static const char *const sql[Q_N] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_SAVEPOINT] = "SAVEPOINT gloss_sp",
	[Q_RELEASE] = "RELEASE gloss_sp",
	[Q_ROLLBACK_TO] = "ROLLBACK TO gloss_sp",
	[Q_ART_BY_HASH] = "SELECT id FROM articles WHERE hash = ?1",
	[Q_ART_INSERT] =
	    "INSERT INTO articles(hash, ext_id, title, date, source, url, meta, status, position, chars, created, updated, "
	    "import_file) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
	/* a file imported across several commits (store_import_file_*) */
	[Q_IMPF_START] = "INSERT INTO import_files(path, pid, started, labels, done) VALUES (?1, ?2, ?3, ?4, 1)",
	[Q_IMPF_NAMES] = "SELECT json_group_array(name) FROM labels",
	[Q_IMPF_OPEN] = "UPDATE import_files SET done = 0 WHERE id = ?1",
	[Q_IMPF_DONE] = "UPDATE import_files SET done = 1 WHERE id = ?1",
	[Q_IMPF_STALE] = "SELECT id, pid FROM import_files WHERE done = 0",
	[Q_IMPF_FTS_DEL] = "INSERT INTO articles_fts(articles_fts, rowid, title, text) SELECT 'delete', id, title, text "
	    "FROM article_src WHERE id IN (SELECT id FROM articles WHERE import_file = ?1 ORDER BY id LIMIT ?2) "
	    "AND id <= ?3",
	[Q_IMPF_ART_DEL] = "DELETE FROM articles WHERE id IN "
	    "(SELECT id FROM articles WHERE import_file = ?1 ORDER BY id LIMIT ?2)",
	[Q_IMPF_SPAN_DEL] = "DELETE FROM spans WHERE import_file = ?1",
	[Q_IMPF_LABEL_DEL] = "DELETE FROM labels WHERE name NOT IN (SELECT value FROM json_each("
	    "(SELECT labels FROM import_files WHERE id = ?1))) "
	    "AND name NOT IN (SELECT label FROM spans WHERE label IS NOT NULL)",
	[Q_IMPF_FORGET] = "DELETE FROM import_files WHERE id = ?1",
	[Q_SPAN_TAG] = "UPDATE spans SET import_file = ?2 WHERE id = ?1",
	[Q_TEXT_INSERT] = "INSERT INTO texts(id, text) VALUES (?1, ?2)",
	[Q_FTS_INSERT] =
	    "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM article_src WHERE id > ?1",
	[Q_MAX_ID] = "SELECT coalesce(max(id), 0) FROM articles",
	[Q_LABEL_ENSURE] =
	    "INSERT OR IGNORE INTO labels(name, key, colour, description, ord) "
	    "SELECT ?1, NULL, ?2, '', coalesce(max(ord), 0) + 1 FROM labels",
	[Q_SPAN_INSERT] =
	    "INSERT INTO spans(article_id, start, \"end\", label, kind, status, source, confidence, note, annotator, created, updated) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[Q_SPAN_DELETE] = "DELETE FROM spans WHERE id = ?1",
	[Q_SPAN_UPDATE] =
	    "UPDATE spans SET label = ?2, status = ?3, note = ?4, confidence = ?5, annotator = coalesce(?6, annotator), "
	    "updated = ?7 WHERE id = ?1",
	[Q_SPAN_RESTORE] =
	    "INSERT OR REPLACE INTO spans(id, article_id, start, \"end\", label, kind, status, source, confidence, note, annotator, created, updated) "
	    "VALUES (" J(0) ", " J(1) ", " J(2) ", " J(3) ", " J(4) ", " J(5) ", " J(6) ", " J(7) ", " J(8) ", "
	    J(9) ", " J(10) ", " J(11) ", " J(12) ")",
	[Q_SPAN_APPLY] =
	    "UPDATE spans SET start = " J(2) ", \"end\" = " J(3) ", label = " J(4) ", kind = " J(5)
	    ", status = " J(6) ", source = " J(7) ", confidence = " J(8) ", note = " J(9)
	    ", annotator = " J(10) ", updated = " J(12) " WHERE id = " J(0),
	[Q_SPANS_OF] = "SELECT " SPAN_COLS " FROM spans WHERE article_id = ?1 ORDER BY start, \"end\" DESC, id",
	/* spans_order holds "end": the range is read from the index */
	[Q_SPANS_IN] = "SELECT " SPAN_COLS " FROM spans WHERE article_id = ?1 AND start < ?3 AND \"end\" > ?2 "
	    "ORDER BY start, \"end\" DESC, id",
	/* what the interface keeps of a span (store_spans_each_brief) */
	[Q_SPANS_BRIEF] = "SELECT count(*) FROM spans WHERE article_id = ?1 AND "
	    "gloss_span_take(id, start, \"end\", label, kind, status, source, confidence, note)",
	[Q_ART_CHARS] = "SELECT chars FROM articles WHERE id = ?1",
	[Q_SPAN_MOVE] =
	    "UPDATE spans SET start = ?2, \"end\" = ?3, annotator = ?4, updated = ?5 WHERE id = ?1 AND ?2 < ?3 "
	    "AND ?3 <= (SELECT chars FROM articles WHERE id = spans.article_id)",
	[Q_SUG_DELETE] =
	    "DELETE FROM spans WHERE article_id = ?1 AND status = 'suggested' AND kind = 'entity' "
	    "AND instr(?2, ',' || source || ',') > 0",
	[Q_ENGINE_GET] = "SELECT data FROM engine_state WHERE name = ?1",
	[Q_ENGINE_PUT] =
	    "INSERT INTO engine_state(name, data, updated) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT(name) DO UPDATE SET data = excluded.data, updated = excluded.updated",
	[Q_GAZ_PUT] =
	    "INSERT INTO gazetteers(name, body, terms, added) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT(name) DO UPDATE SET body = excluded.body, terms = excluded.terms, added = excluded.added",
	[Q_GAZ_LIST] = "SELECT name, body, terms FROM gazetteers ORDER BY id",
	[Q_DECIDED_ARTS] = "SELECT id FROM articles WHERE n_confirmed > 0 OR n_rejected > 0 ORDER BY id",
	/* batch suggestions (suggest_batch) are all still open */
	[Q_ACCEPTANCE] =
	    "SELECT source, sum(o), sum(a), sum(r) FROM ("
	    "SELECT source, status = 'suggested' o, status = 'confirmed' a, status = 'rejected' r "
	    "FROM spans WHERE kind = 'entity' AND source IN ('propagate', 'gazetteer', 'pattern', 'model') "
	    "UNION ALL SELECT source, n, 0, 0 FROM suggest_batch) GROUP BY source ORDER BY source",
	[Q_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[Q_META_PUT] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
	[Q_SUG_TODO] =
	    "SELECT a.id FROM articles a WHERE NOT EXISTS "
	    "(SELECT 1 FROM suggest_done d WHERE d.article_id = a.id AND d.run = ?1) ORDER BY a.id",
	[Q_SUG_MARK] = "INSERT OR REPLACE INTO suggest_done(article_id, run) VALUES (?1, ?2)",
	[Q_BATCH_OF] = "SELECT source, n, data FROM suggest_batch WHERE article_id = ?1",
	[Q_BATCH_COUNT] =
	    "SELECT coalesce(sum(n), 0), count(*) FROM suggest_batch WHERE article_id = ?1 "
	    "AND instr(?2, ',' || source || ',') > 0",
	[Q_BATCH_DELETE] = "DELETE FROM suggest_batch WHERE article_id = ?1 AND instr(?2, ',' || source || ',') > 0",
	[Q_BATCH_PUT] = "INSERT OR REPLACE INTO suggest_batch(article_id, source, n, data) VALUES (?1, ?2, ?3, ?4)",
	[Q_BATCH_NSUG] = "UPDATE articles SET n_suggested = n_suggested + ?2 WHERE id = ?1",
	[Q_LABEL_EXISTS] = "SELECT 1 FROM labels WHERE name = ?1",
	[Q_SUG_PROBE] =
	    "SELECT a.chars, EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id), "
	    "EXISTS (SELECT 1 FROM suggest_batch b WHERE b.article_id = a.id) FROM articles a WHERE a.id = ?1",
	[Q_PHRASE_ARTS] = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rowid",
	/* Undo history is the annotator's own (?1): their redo stack (indexed:
	 * undo_redo), their last step (walking back from the log's end). A
	 * group's number is the seq of its first row, so a group's rows are
	 * found from there (seq >= ?1) without an index a new step must write. */
	[Q_UNDO_CLEAR] = "DELETE FROM undo WHERE annotator IS ?1 AND undone = 1",
	[Q_UNDO_NEXTGRP] = "SELECT coalesce(max(seq), 0) + 1 FROM undo",
	[Q_UNDO_SPAN] =
	    "INSERT INTO undo(grp, article_id, op, span_id, before, after, annotator, time) "
	    "SELECT ?1, article_id, ?2, id, CASE WHEN ?2 <> 'add' THEN " SPAN_JSON " END, "
	    "CASE WHEN ?2 = 'add' THEN " SPAN_JSON " END, ?3, ?4 FROM spans WHERE id = ?5",
	[Q_UNDO_AFTER] = "UPDATE undo SET after = (SELECT " SPAN_JSON " FROM spans WHERE id = ?1) WHERE seq = ?2",
	[Q_UNDO_STATUS] =
	    "INSERT INTO undo(grp, article_id, op, before, after, annotator, time) "
	    "SELECT ?1, id, 'status', json_object('status', status), json_object('status', ?2), ?3, ?4 "
	    "FROM articles WHERE id = ?5",
	[Q_UNDO_LAST] = "SELECT grp FROM undo WHERE annotator IS ?1 AND undone = 0 ORDER BY seq DESC LIMIT 1",
	[Q_UNDO_FIRST] = "SELECT min(grp) FROM undo WHERE annotator IS ?1 AND undone = 1",
	/* A row of step ?1 whose span (or article status) is no longer what the
	 * step left (undo, ?2 = 1: the last row's after) or found (redo: the
	 * first row's before): someone else changed it since. Its article. */
	[Q_UNDO_CONFLICT] =
	    "SELECT u.article_id FROM undo u WHERE u.seq >= ?1 AND u.grp = ?1 AND u.undone = 1 - ?2 "
	    "AND u.seq = (SELECT CASE WHEN ?2 THEN max(v.seq) ELSE min(v.seq) END FROM undo v "
	    " WHERE v.seq >= ?1 AND v.grp = ?1 AND v.undone = 1 - ?2 AND (v.span_id = u.span_id "
	    " OR (u.span_id IS NULL AND v.span_id IS NULL AND v.article_id = u.article_id))) "
	    "AND (coalesce(CASE WHEN u.op = 'status' "
	    " THEN (SELECT json_object('status', status) FROM articles WHERE id = u.article_id) "
	    " ELSE (SELECT " SPAN_JSON " FROM spans WHERE id = u.span_id) END, '') "
	    "IS NOT coalesce(CASE WHEN ?2 THEN u.after ELSE u.before END, '') "
	    /* or it would bring back a span someone has made again meanwhile */
	    "OR (CASE WHEN ?2 THEN u.op = 'delete' ELSE u.op = 'add' END AND EXISTS (SELECT 1 FROM spans x "
	    " WHERE x.article_id = u.article_id AND x.id <> u.span_id "
	    " AND x.start = " JX("CASE WHEN ?2 THEN u.before ELSE u.after END", 2)
	    " AND x.\"end\" = " JX("CASE WHEN ?2 THEN u.before ELSE u.after END", 3)
	    " AND x.kind = " JX("CASE WHEN ?2 THEN u.before ELSE u.after END", 5)
	    " AND x.label IS " JX("CASE WHEN ?2 THEN u.before ELSE u.after END", 4) "))) LIMIT 1",
	[Q_UNDO_ROWS_DESC] =
	    "SELECT op, article_id, span_id, before, after FROM undo WHERE seq >= ?1 AND grp = ?1 AND undone = 0 "
	    "ORDER BY seq DESC",
	[Q_UNDO_ROWS_ASC] =
	    "SELECT op, article_id, span_id, before, after FROM undo WHERE seq >= ?1 AND grp = ?1 AND undone = 1 "
	    "ORDER BY seq",
	[Q_DATA_VERSION] = "PRAGMA data_version",
	[Q_UNDO_MARK] = "UPDATE undo SET undone = ?2 WHERE seq >= ?1 AND grp = ?1 AND undone = 1 - ?2",
	/* each span of a step, with what it was (for a span the step removed) */
	[Q_STEP_SPANS] = "SELECT span_id, " JX("coalesce(before, after)", 2) ", " JX("coalesce(before, after)", 3) ", "
	    JX("coalesce(before, after)", 4) ", " JX("coalesce(before, after)", 5) " "
	    "FROM undo WHERE seq >= ?1 AND grp = ?1 AND span_id IS NOT NULL GROUP BY span_id ORDER BY min(seq)",
	[Q_ART_DATELINE] = "UPDATE articles SET meta = json_set(CASE WHEN json_valid(meta) AND json_type(meta) = 'object' "
	    "THEN meta ELSE '{}' END, '$.dateline', json(?2)) WHERE id = ?1",
	[Q_STEP_OP] = "SELECT op FROM undo WHERE seq >= ?1 AND grp = ?1 ORDER BY seq LIMIT 1",
	[Q_SPAN_BY_ID] = "SELECT " SPAN_COLS " FROM spans WHERE id = ?1",
	[Q_SPAN_SAME] = "SELECT EXISTS (SELECT 1 FROM spans WHERE article_id = ?1 AND start = ?2 AND \"end\" = ?3 "
	    "AND kind = ?4 AND label IS ?5)",
	[Q_ART_LIST] = "SELECT " ART_LIST_COLS " FROM articles a ORDER BY a.id LIMIT ?1 OFFSET ?2",
	[Q_ART_LIST_ST] =
	    "SELECT " ART_LIST_COLS " FROM articles a WHERE a.status = ?3 ORDER BY a.id LIMIT ?1 OFFSET ?2",
	[Q_ART_COUNT] = "SELECT count(*) FROM articles",
	[Q_ART_COUNT_ST] = "SELECT count(*) FROM articles WHERE status = ?1",
	[Q_ART_INFO] = "SELECT " ART_LIST_COLS " FROM articles a WHERE a.id = ?1",
	[Q_ART_LOAD] = "SELECT " ART_LOAD_COLS " FROM articles a JOIN texts t ON t.id = a.id WHERE a.id = ?1",
	[Q_ART_TEXT] = "SELECT a.id, t.text, a.chars, EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id) "
	    "FROM articles a JOIN texts t ON t.id = a.id WHERE a.id = ?1",
	/* ART_LOAD_COLS without the text (store_article_load_lazy reads it) */
	[Q_ART_META] = "SELECT a.id, NULL, a.title, a.date, a.source, a.url, a.meta, a.status, a.ext_id, "
	    "a.position, a.chars FROM articles a WHERE a.id = ?1",
	[Q_ART_NEXT_UNDONE] = "SELECT id FROM articles WHERE id > ?1 AND status <> 'done' ORDER BY id LIMIT 1",
	[Q_ART_FIRST_UNDONE] = "SELECT id FROM articles WHERE id <= ?1 AND status <> 'done' ORDER BY id LIMIT 1",
	[Q_ART_NEXT] = "SELECT id FROM articles WHERE id > ?1 ORDER BY id LIMIT 1",
	[Q_ART_PREV] = "SELECT id FROM articles WHERE id < ?1 ORDER BY id DESC LIMIT 1",
	[Q_ART_STATUS_GET] = "SELECT status FROM articles WHERE id = ?1",
	[Q_ART_STATUS_SET] = "UPDATE articles SET status = ?2, updated = ?3 WHERE id = ?1",
	[Q_ART_STATUS_PUT] = "UPDATE articles SET status = json_extract(?2, '$.status'), updated = ?3 WHERE id = ?1",
	[Q_ART_POSITION] =
	    "UPDATE articles SET position = ?2, "
	    "status = CASE WHEN status = 'unread' THEN 'started' ELSE status END WHERE id = ?1",
	[Q_EXPORT_ARTS] = "SELECT " ART_LOAD_COLS " FROM articles a JOIN texts t ON t.id = a.id ORDER BY a.id",
	[Q_EXPORT_SPANS_ALL] =
	    "SELECT " SPAN_COLS " FROM spans WHERE article_id = ?1 ORDER BY start, \"end\" DESC, id",
	[Q_EXPORT_SPANS_CONF] =
	    "SELECT " SPAN_COLS " FROM spans WHERE article_id = ?1 AND (status = 'confirmed' OR kind = 'highlight') "
	    "ORDER BY start, \"end\" DESC, id",
	[Q_LABELS_GET] = "SELECT name, key, colour, description FROM labels ORDER BY ord, name",
	[Q_LABELS_USED] =
	    "SELECT label, count(*) FROM spans WHERE label IS NOT NULL GROUP BY label ORDER BY label",
	[Q_LABELS_DELETE] = "DELETE FROM labels",
	[Q_LABELS_INSERT] = "INSERT INTO labels(name, key, colour, description, ord) VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_LABELS_MERGE] =
	    "INSERT OR IGNORE INTO labels(name, key, colour, description, ord) "
	    "SELECT ?1, CASE WHEN ?2 IS NULL OR EXISTS (SELECT 1 FROM labels WHERE key = ?2) THEN NULL ELSE ?2 END, "
	    "?3, ?4, coalesce(max(ord), 0) + 1 FROM labels",
	[Q_ANY_SPAN] = "SELECT EXISTS (SELECT 1 FROM spans)",
	[Q_STATS_LABEL] =
	    "WITH c(label, n) AS (SELECT label, count(*) FROM spans "
	    "WHERE kind = 'entity' AND status = 'confirmed' AND label IS NOT NULL GROUP BY label) "
	    "SELECT name, coalesce((SELECT n FROM c WHERE c.label = labels.name), 0), ord FROM labels "
	    "UNION ALL SELECT label, n, 9e18 FROM c WHERE label NOT IN (SELECT name FROM labels) ORDER BY 3, 1",
	[Q_STATS_STATUS] =
	    "WITH s(st, o) AS (VALUES ('unread', 1), ('started', 2), ('done', 3)) "
	    "SELECT st, (SELECT count(*) FROM articles WHERE status = s.st) FROM s ORDER BY o",
	[Q_STATS_ANNOTATOR] =
	    "SELECT coalesce(annotator, '(unknown)'), count(*) FROM spans WHERE status = 'confirmed' "
	    "GROUP BY 1 ORDER BY 2 DESC, 1",
	[Q_FEED_ADD] = "INSERT OR IGNORE INTO feeds(url, added) VALUES (?1, ?2)",
	[Q_FEED_REMOVE] = "DELETE FROM feeds WHERE url = ?1",
	[Q_FEEDS] = "SELECT id, url, title, added, fetched, result FROM feeds ORDER BY id",
	[Q_FEED_DONE] = "UPDATE feeds SET fetched = ?2, result = ?3, title = coalesce(?4, title) WHERE id = ?1",
	[Q_ART_KNOWN] =
	    "SELECT EXISTS (SELECT 1 FROM articles WHERE ext_id = ?1) OR EXISTS (SELECT 1 FROM articles WHERE url = ?2)",
	[Q_SEARCH_SNIPPET] =
	    "SELECT snippet(articles_fts, 1, char(2), char(3), '\u2026', 10) FROM articles_fts "
	    "WHERE articles_fts MATCH ?1 AND rowid = ?2",
	/* search_rank.c: the weights are those of migration 3's rank. */
	[Q_SEARCH_COLLECT] =
	    "SELECT gloss_collect(articles_fts, ?2, 10.0, 1.0) FROM articles_fts WHERE articles_fts MATCH ?1",
	[Q_SEARCH_ART] = "SELECT a.title, t.text FROM articles a JOIN texts t ON t.id = a.id WHERE a.id = ?1",
	[Q_LEN_GET] = "SELECT len FROM search_len WHERE chunk = ?1",
	[Q_LEN_PUT] = "INSERT OR REPLACE INTO search_len(chunk, len) VALUES (?1, ?2)",
	[Q_LEN_DOCSIZE] = "SELECT id, sz FROM articles_fts_docsize WHERE id > ?1 ORDER BY id",
	[Q_LEN_ONE] = "SELECT sz FROM articles_fts_docsize WHERE id = ?1",
	[Q_LEN_CLEAR] = "DELETE FROM search_len",
	[Q_SEARCH_FIRST] =
	    "SELECT highlight(articles_fts, 1, char(2), char(3)) FROM articles_fts "
	    "WHERE articles_fts MATCH ?1 AND rowid = ?2",
	[Q_CHECK] = "PRAGMA integrity_check",
	[Q_CHECK_FTS] = "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)",
	[Q_CHECK_SPANS] =
	    "SELECT s.article_id, s.id, s.start, s.\"end\", length(t.text) FROM spans s "
	    "LEFT JOIN texts t ON t.id = s.article_id "
	    "WHERE t.id IS NULL OR s.\"end\" > length(t.text) OR s.start > s.\"end\" OR s.start < 0 "
	    "ORDER BY s.article_id, s.id",
};

void
st_seterr(store *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->err, sizeof st->err, fmt, ap);
	va_end(ap);
	st->errcode = 0;
}

int
st_sqlerr(store *st)
{
	int code = sqlite3_errcode(st->db) & 0xff;

	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
		st->damaged = 1; /* nothing more is written to it */
		st_damaged_msg(st);
		return -1;
	}
	st_seterr(st, "%s", sqlite3_errmsg(st->db));
	st->errcode = code;
	return -1;
}

/* The cached statement i, reset and unbound; NULL (err set) on failure. */
sqlite3_stmt *
st_q(store *st, enum q i)
{
	sqlite3_stmt *s = st->stmt[i];

	if (s == NULL) {
		if (sqlite3_prepare_v3(st->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
			st_sqlerr(st);
			return NULL;
		}
		st->stmt[i] = s;
	} else if (sqlite3_stmt_busy(s)) {
		st_seterr(st, "store: statement already in use (re-entered from a callback)");
		return NULL;
	}
	return s;
}

/*
 * Reset s once the caller has stopped stepping it; rc is the last
 * sqlite3_step result (SQLITE_ROW when it broke off early). Every read
 * loop ends this way, so the error is taken before the reset, in one place.
 */
int
st_done(store *st, sqlite3_stmt *s, int rc)
{
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		st_sqlerr(st);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

/* Step s to completion and reset it. A write outside BEGIN/SAVEPOINT (an
 * autocommit UPDATE such as the reading position) is refused here like
 * those are in st_run_q: never on a damaged database, nor before the
 * probe of store_open_late had its look. */
int
st_run(store *st, sqlite3_stmt *s)
{
	int rc;

	if ((st->damaged || !st->probed) && !sqlite3_stmt_readonly(s) && st_write_refused(st)) {
		sqlite3_reset(s);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	return st_done(st, s, rc);
}

int
st_run_q(store *st, enum q i)
{
	sqlite3_stmt *s;

	/* every transaction starts with one of these (autocommit writes: st_run) */
	if ((i == Q_BEGIN || i == Q_SAVEPOINT) && st_write_refused(st))
		return -1;
	s = st_q(st, i);

	return s ? st_run(st, s) : -1;
}

/* Step s for one integer: 1 with *v set, 0 if no row (or NULL), -1 on error. */
int
st_one_int(store *st, sqlite3_stmt *s, int64_t *v)
{
	int rc = sqlite3_step(s), got = 0;

	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(s, 0) != SQLITE_NULL) {
			*v = sqlite3_column_int64(s, 0);
			got = 1;
		}
	} else if (rc != SQLITE_DONE) {
		st_sqlerr(st);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return got;
}

void
st_bind_str(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

char *
st_col_str(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

int
st_finalize(store *st, sqlite3_stmt *s, int rc)
{
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		st_sqlerr(st);
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return 0;
}

/* The time every action is recorded with. GLOSS_TEST_NOW (unix seconds)
 * fixes it, for tests of what is computed from those times (statistics,
 * annotation sessions); nothing else sets it. */
int64_t
st_now(void)
{
	const char *fixed = getenv("GLOSS_TEST_NOW");

	if (fixed && *fixed)
		return (int64_t)strtoll(fixed, NULL, 10);
	return (int64_t)time(NULL);
}

int
st_exec(store *st, const char *s)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, s, NULL, NULL, &msg) != SQLITE_OK) {
		st_seterr(st, "%s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Roll the open transaction back, keeping the message of what failed. */
int
st_rollback(store *st)
{
	char keep[sizeof st->err];
	int code = st->errcode;

	memcpy(keep, st->err, sizeof keep);
	st_run_q(st, Q_ROLLBACK);
	memcpy(st->err, keep, sizeof keep);
	st->errcode = code;
	return -1;
}
