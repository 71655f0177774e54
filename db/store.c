/*
 * store.c: the SQLite store (GUIDE §4).
 *
 * Coordinates: span offsets are code points of the stored text, exactly as
 * in model/; articles.chars caches the text's length in code points so a
 * span can be checked without reading the text.
 *
 * Layout. articles holds the small per-article columns (what the list pane
 * and `gloss list` scan); texts holds the bodies, so listing 100k articles
 * never reads 200 MB of text. articles_fts indexes title and text through
 * the article_src view (external content: the text is stored once). undo
 * is the action log: one row per change with before/after snapshots as JSON
 * made by SQLite's json_object(), grouped by grp; rows with undone = 1 form
 * the redo stack, which every new action deletes.
 *
 * Transactions. Writes use BEGIN IMMEDIATE so that two processes never
 * deadlock upgrading a read lock; busy_timeout makes the second one wait.
 * Each statement is prepared once, on first use, and kept in st->stmt[].
 */
#include "config.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sqlite3.h>
#include "db/store.h"
#include "model/sha256.h"
#include "model/text.h"

/* Every span as one JSON object: the undo log's snapshot format. */
#define SPAN_JSON \
	"json_object('id',id,'article_id',article_id,'start',start,'end',\"end\"," \
	"'label',label,'kind',kind,'status',status,'source',source," \
	"'confidence',confidence,'note',note,'annotator',annotator," \
	"'created',created,'updated',updated)"
#define J(f) "json_extract(?1,'$." f "')"

enum q {
	Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_SAVEPOINT, Q_RELEASE, Q_ROLLBACK_TO,
	Q_ART_BY_HASH, Q_ART_INSERT, Q_TEXT_INSERT, Q_FTS_INSERT, Q_MAX_ID, Q_LABEL_ENSURE,
	Q_SPAN_INSERT, Q_SPAN_DELETE, Q_SPAN_UPDATE, Q_SPAN_RESTORE, Q_SPAN_APPLY,
	Q_SPANS_OF, Q_ART_CHARS,
	Q_UNDO_CLEAR, Q_UNDO_NEXTGRP, Q_UNDO_SPAN, Q_UNDO_AFTER, Q_UNDO_STATUS,
	Q_UNDO_LAST, Q_UNDO_FIRST, Q_UNDO_ROWS_DESC, Q_UNDO_ROWS_ASC, Q_UNDO_MARK,
	Q_ART_LIST, Q_ART_LIST_ST, Q_ART_COUNT, Q_ART_COUNT_ST, Q_ART_INFO, Q_ART_LOAD,
	Q_ART_NEXT_UNDONE, Q_ART_FIRST_UNDONE, Q_ART_NEXT, Q_ART_PREV,
	Q_ART_STATUS_GET, Q_ART_STATUS_SET, Q_ART_STATUS_PUT, Q_ART_POSITION,
	Q_EXPORT_ARTS, Q_EXPORT_SPANS_ALL, Q_EXPORT_SPANS_CONF,
	Q_LABELS_GET, Q_LABELS_USED, Q_LABELS_DELETE, Q_LABELS_INSERT, Q_LABELS_MERGE, Q_ANY_SPAN,
	Q_STATS_LABEL, Q_STATS_STATUS, Q_STATS_ANNOTATOR,
	Q_CHECK, Q_CHECK_FTS, Q_CHECK_SPANS, Q_STEP_SPANS, Q_SPAN_BY_ID, Q_N
};

#define SPAN_COLS "id, start, \"end\", label, kind, status, source, confidence, note, annotator, created, updated"
#define ART_LIST_COLS \
	"a.id, a.title, a.date, a.status, a.position, " \
	"(SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.kind = 'entity' AND s.status = 'confirmed'), " \
	"(SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.kind = 'entity' AND s.status = 'suggested')"
#define ART_LOAD_COLS \
	"a.id, t.text, a.title, a.date, a.source, a.url, a.meta, a.status, a.ext_id, a.position"

static const char *const sql[Q_N] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_SAVEPOINT] = "SAVEPOINT gloss_sp",
	[Q_RELEASE] = "RELEASE gloss_sp",
	[Q_ROLLBACK_TO] = "ROLLBACK TO gloss_sp",
	[Q_ART_BY_HASH] = "SELECT id FROM articles WHERE hash = ?1",
	[Q_ART_INSERT] =
	    "INSERT INTO articles(hash, ext_id, title, date, source, url, meta, status, position, chars, created, updated) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
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
	    "UPDATE spans SET label = ?2, status = ?3, note = ?4, confidence = ?5, annotator = ?6, updated = ?7 WHERE id = ?1",
	[Q_SPAN_RESTORE] =
	    "INSERT OR REPLACE INTO spans(id, article_id, start, \"end\", label, kind, status, source, confidence, note, annotator, created, updated) "
	    "VALUES (" J("id") ", " J("article_id") ", " J("start") ", " J("end") ", " J("label") ", " J("kind") ", "
	    J("status") ", " J("source") ", " J("confidence") ", " J("note") ", " J("annotator") ", "
	    J("created") ", " J("updated") ")",
	[Q_SPAN_APPLY] =
	    "UPDATE spans SET start = " J("start") ", \"end\" = " J("end") ", label = " J("label") ", kind = " J("kind")
	    ", status = " J("status") ", source = " J("source") ", confidence = " J("confidence") ", note = " J("note")
	    ", annotator = " J("annotator") ", updated = " J("updated") " WHERE id = " J("id"),
	[Q_SPANS_OF] = "SELECT " SPAN_COLS " FROM spans WHERE article_id = ?1 ORDER BY start, \"end\" DESC, id",
	[Q_ART_CHARS] = "SELECT chars FROM articles WHERE id = ?1",
	[Q_UNDO_CLEAR] = "DELETE FROM undo WHERE undone = 1",
	[Q_UNDO_NEXTGRP] = "SELECT coalesce(max(grp), 0) + 1 FROM undo WHERE undone = 0",
	[Q_UNDO_SPAN] =
	    "INSERT INTO undo(grp, article_id, op, span_id, before, after, annotator, time) "
	    "SELECT ?1, article_id, ?2, id, CASE WHEN ?2 <> 'add' THEN " SPAN_JSON " END, "
	    "CASE WHEN ?2 = 'add' THEN " SPAN_JSON " END, ?3, ?4 FROM spans WHERE id = ?5",
	[Q_UNDO_AFTER] = "UPDATE undo SET after = (SELECT " SPAN_JSON " FROM spans WHERE id = ?1) WHERE seq = ?2",
	[Q_UNDO_STATUS] =
	    "INSERT INTO undo(grp, article_id, op, before, after, annotator, time) "
	    "SELECT ?1, id, 'status', json_object('status', status), json_object('status', ?2), ?3, ?4 "
	    "FROM articles WHERE id = ?5",
	[Q_UNDO_LAST] = "SELECT max(grp) FROM undo WHERE undone = 0",
	[Q_UNDO_FIRST] = "SELECT min(grp) FROM undo WHERE undone = 1",
	[Q_UNDO_ROWS_DESC] =
	    "SELECT op, article_id, span_id, before, after FROM undo WHERE undone = 0 AND grp = ?1 ORDER BY seq DESC",
	[Q_UNDO_ROWS_ASC] =
	    "SELECT op, article_id, span_id, before, after FROM undo WHERE undone = 1 AND grp = ?1 ORDER BY seq",
	[Q_UNDO_MARK] = "UPDATE undo SET undone = ?2 WHERE grp = ?1",
	[Q_STEP_SPANS] = "SELECT DISTINCT span_id FROM undo WHERE grp = ?1 AND span_id IS NOT NULL",
	[Q_SPAN_BY_ID] = "SELECT " SPAN_COLS " FROM spans WHERE id = ?1",
	[Q_ART_LIST] = "SELECT " ART_LIST_COLS " FROM articles a ORDER BY a.id LIMIT ?1 OFFSET ?2",
	[Q_ART_LIST_ST] =
	    "SELECT " ART_LIST_COLS " FROM articles a WHERE a.status = ?3 ORDER BY a.id LIMIT ?1 OFFSET ?2",
	[Q_ART_COUNT] = "SELECT count(*) FROM articles",
	[Q_ART_COUNT_ST] = "SELECT count(*) FROM articles WHERE status = ?1",
	[Q_ART_INFO] = "SELECT " ART_LIST_COLS " FROM articles a WHERE a.id = ?1",
	[Q_ART_LOAD] = "SELECT " ART_LOAD_COLS " FROM articles a JOIN texts t ON t.id = a.id WHERE a.id = ?1",
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
	[Q_CHECK] = "PRAGMA integrity_check",
	[Q_CHECK_FTS] = "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)",
	[Q_CHECK_SPANS] =
	    "SELECT s.article_id, s.id, s.start, s.\"end\", length(t.text) FROM spans s "
	    "LEFT JOIN texts t ON t.id = s.article_id "
	    "WHERE t.id IS NULL OR s.\"end\" > length(t.text) OR s.start > s.\"end\" OR s.start < 0 "
	    "ORDER BY s.article_id, s.id",
};

/*
 * Schema migrations: migrations[v] takes a database from user_version v to
 * v + 1. They run in order, all in one transaction, so a database is never
 * left half migrated. Never edit a released migration; append a new one.
 */
static const char *const migration1[] = {
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID",
	"CREATE TABLE articles("
	" id INTEGER PRIMARY KEY,"
	" hash BLOB NOT NULL UNIQUE,"           /* SHA-256 of the stored text */
	" ext_id TEXT,"
	" title TEXT NOT NULL DEFAULT '',"
	" date TEXT, source TEXT, url TEXT,"
	" meta TEXT,"                           /* JSON object text */
	" status TEXT NOT NULL DEFAULT 'unread' CHECK (status IN ('unread', 'started', 'done')),"
	" position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),"
	" chars INTEGER NOT NULL CHECK (chars >= 0)," /* text length in code points */
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL)",
	"CREATE INDEX articles_status ON articles(status)",
	"CREATE TABLE texts("
	" id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
	" text TEXT NOT NULL)",
	"CREATE TABLE labels("
	" name TEXT PRIMARY KEY,"
	" key INTEGER UNIQUE CHECK (key BETWEEN 1 AND 9),"
	" colour TEXT NOT NULL,"
	" description TEXT NOT NULL DEFAULT '',"
	" ord INTEGER NOT NULL)",
	/* AUTOINCREMENT: a deleted span's id is never reused, so undoing
	 * the delete can put it back under the same id. */
	"CREATE TABLE spans("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	" start INTEGER NOT NULL CHECK (start >= 0),"
	" \"end\" INTEGER NOT NULL CHECK (\"end\" >= start),"
	" label TEXT,"
	" kind TEXT NOT NULL DEFAULT 'entity' CHECK (kind IN ('entity', 'highlight')),"
	" status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('suggested', 'confirmed', 'rejected')),"
	" source TEXT NOT NULL DEFAULT 'manual'"
	"  CHECK (source IN ('manual', 'import', 'propagate', 'gazetteer', 'pattern', 'model')),"
	" confidence REAL NOT NULL DEFAULT 1,"
	" note TEXT,"
	" annotator TEXT,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL)",
	"CREATE INDEX spans_article ON spans(article_id, start)",
	"CREATE TABLE undo("
	" seq INTEGER PRIMARY KEY,"
	" grp INTEGER NOT NULL,"                /* one user action */
	" article_id INTEGER,"
	" op TEXT NOT NULL CHECK (op IN ('add', 'delete', 'update', 'status')),"
	" span_id INTEGER,"
	" before TEXT, after TEXT,"             /* JSON snapshots */
	" undone INTEGER NOT NULL DEFAULT 0,"   /* 1: on the redo stack */
	" annotator TEXT,"
	" time INTEGER NOT NULL)",
	"CREATE INDEX undo_state ON undo(undone, grp)",
	"CREATE VIEW article_src(id, title, text) AS "
	"SELECT a.id, a.title, t.text FROM articles a JOIN texts t ON t.id = a.id",
	"CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content = 'article_src', "
	"content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2')",
	"INSERT INTO meta(key, value) VALUES ('created', strftime('%s', 'now'))",
};

/* 2: an article's spans come out of the index already in span_cmp order
 * (start, longer first, id): no temporary sort when opening an article
 * with 150k spans. It covers what spans_article did. */
static const char *const migration2[] = {
	"CREATE INDEX spans_order ON spans(article_id, start, \"end\" DESC, id)",
	"DROP INDEX spans_article",
};

static const struct migration {
	const char *const *stmts;
	size_t n;
} migrations[] = {
	{ migration1, sizeof migration1 / sizeof migration1[0] },
	{ migration2, sizeof migration2 / sizeof migration2[0] },
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[Q_N]; /* prepared on first use */
	char *annotator;         /* NULL: unknown */
	char err[512];
	int depth;               /* store_action_begin nesting */
	int abort;               /* an inner action asked for rollback */
	int64_t grp;             /* undo group of the open action, 0 = none yet */
	int64_t last_step;       /* group the last store_undo/redo applied, 0 = none */
	int importing;           /* inside store_import_begin/end */
	int savepoints;          /* open store_savepoint levels */
	int64_t fts_from;        /* articles after this id still need indexing */
	char **known;            /* label names seen during this import */
	size_t nknown;
};

static void
seterr(store *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->err, sizeof st->err, fmt, ap);
	va_end(ap);
}

static int
sqlerr(store *st)
{
	seterr(st, "%s", sqlite3_errmsg(st->db));
	return -1;
}

/* The cached statement i, reset and unbound; NULL (err set) on failure. */
static sqlite3_stmt *
q(store *st, enum q i)
{
	sqlite3_stmt *s = st->stmt[i];

	if (s == NULL) {
		if (sqlite3_prepare_v3(st->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
			sqlerr(st);
			return NULL;
		}
		st->stmt[i] = s;
	} else if (sqlite3_stmt_busy(s)) {
		seterr(st, "store: statement already in use (re-entered from a callback)");
		return NULL;
	}
	return s;
}

/* Step s to completion and reset it. */
static int
run(store *st, sqlite3_stmt *s)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		sqlerr(st);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

static int
run_q(store *st, enum q i)
{
	sqlite3_stmt *s = q(st, i);

	return s ? run(st, s) : -1;
}

/* Step s for one integer: 1 with *v set, 0 if no row (or NULL), -1 on error. */
static int
one_int(store *st, sqlite3_stmt *s, int64_t *v)
{
	int rc = sqlite3_step(s), got = 0;

	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(s, 0) != SQLITE_NULL) {
			*v = sqlite3_column_int64(s, 0);
			got = 1;
		}
	} else if (rc != SQLITE_DONE) {
		sqlerr(st);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return got;
}

static void
bind_str(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static char *
col_str(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

static int64_t
now(void)
{
	return (int64_t)time(NULL);
}

/* mkdir -p of path's parent directories (0700: databases are personal). */
static int
make_parents(const char *path, char *err, size_t errsz)
{
	char *p = strdup(path), *s;

	if (p == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errsz, "cannot create %s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

static int
exec(store *st, const char *s)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, s, NULL, NULL, &msg) != SQLITE_OK) {
		seterr(st, "%s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Roll the open transaction back, keeping the message of what failed. */
static int
rollback(store *st)
{
	char keep[sizeof st->err];

	memcpy(keep, st->err, sizeof keep);
	run_q(st, Q_ROLLBACK);
	memcpy(st->err, keep, sizeof keep);
	return -1;
}

static int
user_version(store *st, int *v)
{
	sqlite3_stmt *s;
	int64_t n = 0;
	int rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return sqlerr(st);
	rc = one_int(st, s, &n);
	sqlite3_finalize(s);
	*v = (int)n;
	return rc < 0 ? -1 : 0;
}

static int labels_write(store *st, const label_scheme *ls);
static void bind_label(sqlite3_stmt *s, const label *l);

/*
 * Bring the schema to SCHEMA_VERSION. The version is read again inside the
 * write transaction, so two processes opening a new database at once do not
 * both migrate it.
 */
static int
migrate(store *st)
{
	char set[64];
	int v;

	if (user_version(st, &v) != 0)
		return -1;
	if (v == SCHEMA_VERSION)
		return 0;
	if (v > SCHEMA_VERSION) {
		seterr(st, "database schema version %d is newer than this gloss understands (%d)", v, SCHEMA_VERSION);
		return -1;
	}
	if (run_q(st, Q_BEGIN) != 0)
		return -1;
	if (user_version(st, &v) != 0)
		goto fail;
	for (int from = v; from < SCHEMA_VERSION; from++) {
		for (size_t i = 0; i < migrations[from].n; i++)
			if (exec(st, migrations[from].stmts[i]) != 0)
				goto fail;
		if (from == 0) {
			label_scheme ls = { 0 };
			size_t line;
			char msg[128];
			int rc;

			if (label_scheme_parse(label_default_scheme, strlen(label_default_scheme), &ls, &line, msg,
			    sizeof msg) != 0) {
				seterr(st, "built-in label scheme, line %zu: %s", line, msg);
				goto fail;
			}
			rc = labels_write(st, &ls);
			label_scheme_clear(&ls);
			if (rc != 0)
				goto fail;
		}
	}
	snprintf(set, sizeof set, "PRAGMA user_version = %d", SCHEMA_VERSION);
	if (exec(st, set) != 0 || run_q(st, Q_COMMIT) != 0)
		goto fail;
	return 0;
fail:
	return rollback(st);
}

int
store_open(const char *path, store **out, char *err, size_t errsz)
{
	store *st;
	int mem = strcmp(path, ":memory:") == 0;

	*out = NULL;
	if (!mem && make_parents(path, err, errsz) != 0)
		return -1;
	if ((st = calloc(1, sizeof *st)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s", st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if (exec(st, "PRAGMA foreign_keys = ON") != 0 ||
	    (!mem && exec(st, "PRAGMA journal_mode = WAL") != 0) ||
	    exec(st, "PRAGMA synchronous = FULL") != 0 ||
	    migrate(st) != 0) {
		snprintf(err, errsz, "%s", st->err);
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

/* Forget the labels known to exist: a rollback may have removed some. */
static void
forget_labels(store *st)
{
	for (size_t i = 0; i < st->nknown; i++)
		free(st->known[i]);
	st->nknown = 0;
}

void
store_close(store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < Q_N; i++)
		sqlite3_finalize(st->stmt[i]);
	forget_labels(st);
	free(st->known);
	sqlite3_close(st->db);
	free(st->annotator);
	free(st);
}

const char *
store_errmsg(const store *st)
{
	return st->err;
}

int
store_schema_version(store *st)
{
	int v;

	return user_version(st, &v) == 0 ? v : -1;
}

/* GUIDE §2: $GLOSS_DB, else $XDG_DATA_HOME/gloss/gloss.db, else ~/.local/share/gloss/gloss.db. */
char *
store_default_path(void)
{
	const char *e = getenv("GLOSS_DB"), *base, *rest;
	char *p;
	size_t n;

	if (e && *e)
		return strdup(e);
	if ((base = getenv("XDG_DATA_HOME")) && base[0] == '/')
		rest = "/gloss/gloss.db";
	else if ((base = getenv("HOME")) && *base)
		rest = "/.local/share/gloss/gloss.db";
	else
		return NULL;
	n = strlen(base) + strlen(rest) + 1;
	if ((p = malloc(n)) != NULL)
		snprintf(p, n, "%s%s", base, rest);
	return p;
}

void
store_set_annotator(store *st, const char *name)
{
	free(st->annotator);
	st->annotator = name && *name ? strdup(name) : NULL;
}

/* --- transactions and the undo log ------------------------------------ */

int
store_action_begin(store *st)
{
	if (st->importing) {
		seterr(st, "store: an import is in progress");
		return -1;
	}
	if (st->depth++ > 0)
		return 0;
	if (run_q(st, Q_BEGIN) != 0) {
		st->depth = 0;
		return -1;
	}
	st->grp = 0;
	st->abort = 0;
	return 0;
}

int
store_action_end(store *st, int commit)
{
	if (st->depth == 0) {
		seterr(st, "store: no action to end");
		return -1;
	}
	if (!commit)
		st->abort = 1;
	if (--st->depth > 0)
		return 0;
	st->grp = 0;
	if (st->abort) {
		if (!commit)
			return run_q(st, Q_ROLLBACK);
		if (!st->err[0])
			seterr(st, "store: action rolled back");
		return rollback(st);
	}
	if (run_q(st, Q_COMMIT) != 0)
		return rollback(st);
	return 0;
}

/* Finish a single-call action: commit when rc is 0, else roll back. */
static int
action_done(store *st, int rc)
{
	if (store_action_end(st, rc == 0) != 0)
		return -1;
	return rc;
}

/*
 * The undo group of the open action, allocated on the first change. A new
 * action drops the redo stack, so every undone group is newer than every
 * live one and max/min over each half find the next undo/redo step.
 */
static int64_t
undo_group(store *st)
{
	sqlite3_stmt *s;
	int64_t g = 0;

	if (st->grp)
		return st->grp;
	if (run_q(st, Q_UNDO_CLEAR) != 0 || (s = q(st, Q_UNDO_NEXTGRP)) == NULL || one_int(st, s, &g) != 1)
		return 0;
	return st->grp = g;
}

/* Record op ("add", "delete", "update") on span id; *seq gets the row. */
static int
undo_span(store *st, const char *op, int64_t id, int64_t *seq)
{
	int64_t g = undo_group(st);
	sqlite3_stmt *s;

	if (g == 0 || (s = q(st, Q_UNDO_SPAN)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, g);
	bind_str(s, 2, op);
	bind_str(s, 3, st->annotator);
	sqlite3_bind_int64(s, 4, now());
	sqlite3_bind_int64(s, 5, id);
	if (run(st, s) != 0)
		return -1;
	if (sqlite3_changes(st->db) != 1) {
		seterr(st, "no span %lld", (long long)id);
		return -1;
	}
	if (seq)
		*seq = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* --- spans --------------------------------------------------------------- */

/* Is s a span that can be stored on a text of chars code points? */
static int
span_check(store *st, const span *s, int64_t chars)
{
	if (s->start > s->end || (int64_t)s->end > chars) {
		seterr(st, "span %zu-%zu lies outside the text (%lld code points)", s->start, s->end,
		    (long long)chars);
		return -1;
	}
	if (s->kind < SPAN_ENTITY || s->kind > SPAN_HIGHLIGHT || s->source < SRC_MANUAL || s->source > SRC_MODEL ||
	    s->status > SPAN_REJECTED) {
		seterr(st, "span %zu-%zu: bad kind, status or source", s->start, s->end);
		return -1;
	}
	return 0;
}

/* Insert s into article aid; status < 0 means confirmed. Sets *id. */
static int
span_insert(store *st, int64_t aid, const span *s, int64_t t, int64_t *id)
{
	sqlite3_stmt *q1 = q(st, Q_SPAN_INSERT);
	int status = s->status < 0 ? SPAN_CONFIRMED : s->status;

	if (q1 == NULL)
		return -1;
	sqlite3_bind_int64(q1, 1, aid);
	sqlite3_bind_int64(q1, 2, (int64_t)s->start);
	sqlite3_bind_int64(q1, 3, (int64_t)s->end);
	bind_str(q1, 4, s->label);
	bind_str(q1, 5, span_kind_name(s->kind));
	bind_str(q1, 6, span_status_name(status));
	bind_str(q1, 7, span_source_name(s->source));
	sqlite3_bind_double(q1, 8, s->confidence);
	bind_str(q1, 9, s->note);
	bind_str(q1, 10, s->annotator ? s->annotator : st->annotator);
	sqlite3_bind_int64(q1, 11, s->created ? s->created : t);
	sqlite3_bind_int64(q1, 12, s->updated ? s->updated : t);
	if (run(st, q1) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int
article_chars(store *st, int64_t aid, int64_t *chars)
{
	sqlite3_stmt *s = q(st, Q_ART_CHARS);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, aid);
	if ((rc = one_int(st, s, chars)) == 0)
		seterr(st, "no article %lld", (long long)aid);
	return rc == 1 ? 0 : -1;
}

int
store_span_add(store *st, int64_t article_id, span *s)
{
	int64_t chars, id, t = now();
	int rc = -1;

	if (store_action_begin(st) != 0)
		return -1;
	if (article_chars(st, article_id, &chars) == 0 && span_check(st, s, chars) == 0 &&
	    span_insert(st, article_id, s, t, &id) == 0 && undo_span(st, "add", id, NULL) == 0) {
		s->id = id;
		if (!s->created)
			s->created = t;
		if (!s->updated)
			s->updated = t;
		rc = 0;
	}
	return action_done(st, rc);
}

int
store_span_delete(store *st, int64_t span_id)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (store_action_begin(st) != 0)
		return -1;
	if (undo_span(st, "delete", span_id, NULL) == 0 && (s = q(st, Q_SPAN_DELETE)) != NULL) {
		sqlite3_bind_int64(s, 1, span_id);
		rc = run(st, s);
	}
	return action_done(st, rc);
}

int
store_span_update(store *st, const span *sp)
{
	sqlite3_stmt *s, *a;
	int64_t seq;
	int rc = -1;

	if (store_action_begin(st) != 0)
		return -1;
	if (sp->status < 0 || sp->status > SPAN_REJECTED) {
		seterr(st, "span %lld: bad status", (long long)sp->id);
	} else if (undo_span(st, "update", sp->id, &seq) == 0 && (s = q(st, Q_SPAN_UPDATE)) != NULL) {
		sqlite3_bind_int64(s, 1, sp->id);
		bind_str(s, 2, sp->label);
		bind_str(s, 3, span_status_name(sp->status));
		bind_str(s, 4, sp->note);
		sqlite3_bind_double(s, 5, sp->confidence);
		bind_str(s, 6, st->annotator ? st->annotator : sp->annotator);
		sqlite3_bind_int64(s, 7, now());
		if (run(st, s) == 0 && (a = q(st, Q_UNDO_AFTER)) != NULL) {
			sqlite3_bind_int64(a, 1, sp->id);
			sqlite3_bind_int64(a, 2, seq);
			rc = run(st, a);
		}
	}
	return action_done(st, rc);
}

/* Fill sp from a row of SPAN_COLS starting at column c. */
static int
span_from_row(sqlite3_stmt *s, int c, span *sp)
{
	memset(sp, 0, sizeof *sp);
	sp->id = sqlite3_column_int64(s, c);
	sp->start = (size_t)sqlite3_column_int64(s, c + 1);
	sp->end = (size_t)sqlite3_column_int64(s, c + 2);
	sp->kind = span_kind_parse((const char *)sqlite3_column_text(s, c + 4));
	sp->status = span_status_parse((const char *)sqlite3_column_text(s, c + 5));
	sp->source = span_source_parse((const char *)sqlite3_column_text(s, c + 6));
	sp->confidence = sqlite3_column_double(s, c + 7);
	sp->created = sqlite3_column_int64(s, c + 10);
	sp->updated = sqlite3_column_int64(s, c + 11);
	/* The strings point into the row: valid until the next step. */
	sp->label = (char *)sqlite3_column_text(s, c + 3);
	sp->note = (char *)sqlite3_column_text(s, c + 8);
	sp->annotator = (char *)sqlite3_column_text(s, c + 9);
	return 0;
}

/*
 * Visit the spans of the article bound to s (?1). Returns 0 after the last,
 * 1 when fn stopped the walk, -1 on error.
 */
static int
spans_visit(store *st, sqlite3_stmt *s, int (*fn)(const span *, void *), void *arg)
{
	int rc;
	span sp;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		span_from_row(s, 0, &sp);
		if (fn(&sp, arg) != 0) {
			sqlite3_reset(s);
			return 1;
		}
	}
	if (rc != SQLITE_DONE) {
		sqlerr(st);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

int
store_spans_each(store *st, int64_t article_id, int (*fn)(const span *s, void *arg), void *arg)
{
	sqlite3_stmt *s = q(st, Q_SPANS_OF);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, article_id);
	return spans_visit(st, s, fn, arg) < 0 ? -1 : 0;
}

/* --- undo / redo ----------------------------------------------------------- */

/* Put the JSON snapshot j back: re-insert (same id) or overwrite. */
static int
span_put(store *st, enum q which, const char *j)
{
	sqlite3_stmt *s = q(st, which);

	if (s == NULL)
		return -1;
	if (j == NULL) {
		seterr(st, "undo log: missing snapshot");
		return -1;
	}
	sqlite3_bind_text(s, 1, j, -1, SQLITE_STATIC);
	return run(st, s);
}

static int
span_remove(store *st, int64_t id)
{
	sqlite3_stmt *s = q(st, Q_SPAN_DELETE);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return run(st, s);
}

/* Set an article's status from a {"status": ...} snapshot. */
static int
status_put(store *st, int64_t aid, const char *j)
{
	sqlite3_stmt *s = q(st, Q_ART_STATUS_PUT);

	if (s == NULL)
		return -1;
	if (j == NULL) {
		seterr(st, "undo log: missing snapshot");
		return -1;
	}
	sqlite3_bind_int64(s, 1, aid);
	sqlite3_bind_text(s, 2, j, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now());
	return run(st, s);
}

/*
 * Apply one logged change backwards (undo) or forwards (redo). Undoing a
 * delete re-inserts the snapshot under its old id; a span that has since
 * gone (say, a suggestion an engine replaced) makes an update a no-op.
 */
static int
undo_apply(store *st, const char *op, int64_t aid, int64_t span_id, const char *before, const char *after,
    int undo)
{
	if (strcmp(op, "add") == 0)
		return undo ? span_remove(st, span_id) : span_put(st, Q_SPAN_RESTORE, after);
	if (strcmp(op, "delete") == 0)
		return undo ? span_put(st, Q_SPAN_RESTORE, before) : span_remove(st, span_id);
	if (strcmp(op, "update") == 0)
		return span_put(st, Q_SPAN_APPLY, undo ? before : after);
	if (strcmp(op, "status") == 0)
		return status_put(st, aid, undo ? before : after);
	seterr(st, "undo log: unknown operation %s", op);
	return -1;
}

/* Undo (undo = 1) the newest live group, or redo the oldest undone one. */
static int
undo_step(store *st, int undo, int64_t *article)
{
	sqlite3_stmt *s, *rows, *mark;
	int64_t g = 0, aid = 0;
	int rc;

	*article = 0;
	if (st->depth > 0 || st->importing) {
		seterr(st, "store: cannot undo inside an action");
		return -1;
	}
	if (run_q(st, Q_BEGIN) != 0)
		return -1;
	if ((s = q(st, undo ? Q_UNDO_LAST : Q_UNDO_FIRST)) == NULL || (rc = one_int(st, s, &g)) < 0)
		goto fail;
	if (rc == 0) { /* nothing to undo or redo */
		if (run_q(st, Q_COMMIT) != 0)
			goto fail;
		return 0;
	}
	if ((rows = q(st, undo ? Q_UNDO_ROWS_DESC : Q_UNDO_ROWS_ASC)) == NULL)
		goto fail;
	sqlite3_bind_int64(rows, 1, g);
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		const char *op = (const char *)sqlite3_column_text(rows, 0);
		int64_t a = sqlite3_column_int64(rows, 1);

		if (aid == 0 || !undo)
			aid = a;
		if (undo_apply(st, op ? op : "", a, sqlite3_column_int64(rows, 2),
		    (const char *)sqlite3_column_text(rows, 3), (const char *)sqlite3_column_text(rows, 4), undo) != 0) {
			sqlite3_reset(rows);
			goto fail;
		}
	}
	if (rc != SQLITE_DONE) {
		sqlerr(st);
		sqlite3_reset(rows);
		goto fail;
	}
	sqlite3_reset(rows);
	if ((mark = q(st, Q_UNDO_MARK)) == NULL)
		goto fail;
	sqlite3_bind_int64(mark, 1, g);
	sqlite3_bind_int(mark, 2, undo);
	if (run(st, mark) != 0 || run_q(st, Q_COMMIT) != 0)
		goto fail;
	*article = aid;
	st->last_step = g;
	return 0;
fail:
	return rollback(st);
}

/*
 * The spans the last undo or redo step touched, as they are now, so that a
 * caller keeping one article's spans in memory can apply the step without
 * reading them all again (one query per span of the step).
 */
int
store_last_step_spans(store *st, int (*fn)(const span *s, int gone, void *arg), void *arg)
{
	sqlite3_stmt *ids, *one;
	int rc, stop = 0;

	if (st->last_step == 0)
		return 0;
	if ((ids = q(st, Q_STEP_SPANS)) == NULL || (one = q(st, Q_SPAN_BY_ID)) == NULL)
		return -1;
	sqlite3_bind_int64(ids, 1, st->last_step);
	while (!stop && (rc = sqlite3_step(ids)) == SQLITE_ROW) {
		span sp;

		memset(&sp, 0, sizeof sp);
		sp.id = sqlite3_column_int64(ids, 0);
		sqlite3_bind_int64(one, 1, sp.id);
		rc = sqlite3_step(one);
		if (rc == SQLITE_ROW) {
			span_from_row(one, 0, &sp);
			stop = fn(&sp, 0, arg);
		} else if (rc == SQLITE_DONE) {
			stop = fn(&sp, 1, arg);
		} else {
			sqlerr(st);
			sqlite3_reset(one);
			sqlite3_reset(ids);
			return -1;
		}
		sqlite3_reset(one);
	}
	rc = stop || rc == SQLITE_DONE ? 0 : (sqlerr(st), -1);
	sqlite3_reset(ids);
	return rc;
}

int
store_undo(store *st, int64_t *article)
{
	return undo_step(st, 1, article);
}

int
store_redo(store *st, int64_t *article)
{
	return undo_step(st, 0, article);
}

/* --- articles ------------------------------------------------------------ */

void
store_article_clear(store_article *a)
{
	free(a->title);
	free(a->date);
	free(a->status);
	memset(a, 0, sizeof *a);
}

/* Row of ART_LIST_COLS -> a (strings point into the row). */
static void
article_from_row(sqlite3_stmt *s, store_article *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->title = (char *)sqlite3_column_text(s, 1);
	a->date = (char *)sqlite3_column_text(s, 2);
	a->status = (char *)sqlite3_column_text(s, 3);
	a->position = (size_t)sqlite3_column_int64(s, 4);
	a->confirmed = (size_t)sqlite3_column_int64(s, 5);
	a->suggested = (size_t)sqlite3_column_int64(s, 6);
	if (a->title == NULL)
		a->title = "";
}

int
store_articles_each(store *st, const char *status, size_t offset, size_t limit,
    int (*fn)(const store_article *a, void *arg), void *arg)
{
	sqlite3_stmt *s = q(st, status ? Q_ART_LIST_ST : Q_ART_LIST);
	store_article a;
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, limit ? (int64_t)limit : -1);
	sqlite3_bind_int64(s, 2, (int64_t)offset);
	if (status)
		bind_str(s, 3, status);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		article_from_row(s, &a);
		if (fn(&a, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlerr(st);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

int
store_article_count(store *st, const char *status, size_t *n)
{
	sqlite3_stmt *s = q(st, status ? Q_ART_COUNT_ST : Q_ART_COUNT);
	int64_t v = 0;

	if (s == NULL)
		return -1;
	if (status)
		bind_str(s, 1, status);
	if (one_int(st, s, &v) < 0)
		return -1;
	*n = (size_t)v;
	return 0;
}

int
store_article_info(store *st, int64_t id, store_article *out)
{
	sqlite3_stmt *s = q(st, Q_ART_INFO);
	store_article a;
	int rc;

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			seterr(st, "no article %lld", (long long)id);
		else
			sqlerr(st);
		sqlite3_reset(s);
		return -1;
	}
	article_from_row(s, &a);
	*out = a;
	out->title = strdup(a.title);
	out->date = a.date ? strdup(a.date) : NULL;
	out->status = a.status ? strdup(a.status) : NULL;
	sqlite3_reset(s);
	if (out->title == NULL || out->status == NULL || (a.date && out->date == NULL)) {
		store_article_clear(out);
		seterr(st, "out of memory");
		return -1;
	}
	return 0;
}

static int
add_span_cb(const span *s, void *arg)
{
	return doc_add_span(arg, s) != 0;
}

/*
 * Row of ART_LOAD_COLS -> d, and its spans through spans (bound and
 * stepped here) when not NULL.
 */
static int
doc_from_row(store *st, sqlite3_stmt *s, doc *d, sqlite3_stmt *spans)
{
	const void *body = sqlite3_column_text(s, 1);
	int ok;

	doc_clear(d);
	ok = doc_set_text(d, body ? body : "", (size_t)sqlite3_column_bytes(s, 1)) == 0;
	d->title = col_str(s, 2);
	d->date = col_str(s, 3);
	d->source = col_str(s, 4);
	d->url = col_str(s, 5);
	d->meta = col_str(s, 6);
	d->status = col_str(s, 7);
	d->ext_id = col_str(s, 8);
	d->position = (size_t)sqlite3_column_int64(s, 9);
	if (!ok || d->status == NULL) {
		seterr(st, "out of memory");
		return -1;
	}
	if (spans) {
		sqlite3_bind_int64(spans, 1, sqlite3_column_int64(s, 0));
		if ((ok = spans_visit(st, spans, add_span_cb, d)) != 0) {
			if (ok > 0) /* add_span_cb stops only when out of memory */
				seterr(st, "out of memory");
			return -1;
		}
	}
	return 0;
}

int
store_article_load(store *st, int64_t id, doc *d, int with_spans)
{
	sqlite3_stmt *s = q(st, Q_ART_LOAD), *sp = NULL;
	int rc;

	if (s == NULL || (with_spans && (sp = q(st, Q_SPANS_OF)) == NULL))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			seterr(st, "no article %lld", (long long)id);
		else
			sqlerr(st);
		sqlite3_reset(s);
		return -1;
	}
	rc = doc_from_row(st, s, d, sp);
	sqlite3_reset(s);
	return rc;
}

/* Run s (bound: ?1 = id) for one id; 0 when there is none. */
static int
id_query(store *st, enum q which, int64_t id, int64_t *out)
{
	sqlite3_stmt *s = q(st, which);
	int rc;

	*out = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = one_int(st, s, out);
	return rc < 0 ? -1 : rc;
}

int
store_article_next_undone(store *st, int64_t id, int64_t *next)
{
	int rc = id_query(st, Q_ART_NEXT_UNDONE, id, next);

	if (rc == 0)
		rc = id_query(st, Q_ART_FIRST_UNDONE, id, next);
	return rc < 0 ? -1 : 0;
}

int
store_article_neighbour(store *st, int64_t id, int dir, int64_t *out)
{
	return id_query(st, dir < 0 ? Q_ART_PREV : Q_ART_NEXT, id, out) < 0 ? -1 : 0;
}

static int
status_valid(const char *s)
{
	return s && (strcmp(s, "unread") == 0 || strcmp(s, "started") == 0 || strcmp(s, "done") == 0);
}

int
store_article_set_status(store *st, int64_t id, const char *status)
{
	sqlite3_stmt *s;
	char *old = NULL;
	int rc = -1;

	if (!status_valid(status)) {
		seterr(st, "bad article status %s", status ? status : "(null)");
		return -1;
	}
	if (store_action_begin(st) != 0)
		return -1;
	if ((s = q(st, Q_ART_STATUS_GET)) == NULL)
		return action_done(st, -1);
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		old = col_str(s, 0);
	else
		seterr(st, "no article %lld", (long long)id);
	sqlite3_reset(s);
	if (old && strcmp(old, status) == 0) {
		rc = 0; /* nothing changes: no undo step */
	} else if (old) {
		int64_t g = undo_group(st);
		sqlite3_stmt *u = g ? q(st, Q_UNDO_STATUS) : NULL, *w;

		if (u) {
			sqlite3_bind_int64(u, 1, g);
			bind_str(u, 2, status);
			bind_str(u, 3, st->annotator);
			sqlite3_bind_int64(u, 4, now());
			sqlite3_bind_int64(u, 5, id);
			if (run(st, u) == 0 && (w = q(st, Q_ART_STATUS_SET)) != NULL) {
				sqlite3_bind_int64(w, 1, id);
				bind_str(w, 2, status);
				sqlite3_bind_int64(w, 3, now());
				rc = run(st, w);
			}
		}
	}
	free(old);
	return action_done(st, rc);
}

int
store_article_set_position(store *st, int64_t id, size_t pos)
{
	sqlite3_stmt *s = q(st, Q_ART_POSITION);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (int64_t)pos);
	if (run(st, s) != 0)
		return -1;
	if (sqlite3_changes(st->db) != 1) {
		seterr(st, "no article %lld", (long long)id);
		return -1;
	}
	return 0;
}

/* --- import / export ------------------------------------------------------ */

/*
 * Articles imported in this transaction get their full-text entries in one
 * INSERT ... SELECT when it commits: FTS5 flushes its pending terms into a
 * new segment at every savepoint, so indexing inside the per-file
 * savepoints would write one tiny segment per file and then merge them all
 * (that doubled the time of an import).
 */
int
store_import_begin(store *st)
{
	sqlite3_stmt *s;

	if (st->depth > 0 || st->importing) {
		seterr(st, "store: a transaction is already open");
		return -1;
	}
	/* A bigger page cache keeps the growing FTS index and b-trees in
	 * memory instead of spilling and re-reading pages (about 1.3x faster). */
	if (exec(st, "PRAGMA cache_size = -65536") != 0 || run_q(st, Q_BEGIN) != 0)
		return -1;
	if ((s = q(st, Q_MAX_ID)) == NULL || one_int(st, s, &st->fts_from) < 0)
		return rollback(st);
	st->importing = 1;
	st->savepoints = 0;
	return 0;
}

int
store_import_end(store *st, int commit)
{
	sqlite3_stmt *f;
	int rc;

	if (!st->importing) {
		seterr(st, "store: no import in progress");
		return -1;
	}
	st->importing = 0;
	forget_labels(st);
	if (!commit) {
		rc = run_q(st, Q_ROLLBACK);
	} else if ((f = q(st, Q_FTS_INSERT)) == NULL) {
		rc = rollback(st);
	} else {
		sqlite3_bind_int64(f, 1, st->fts_from);
		if ((rc = run(st, f)) != 0 || (rc = run_q(st, Q_COMMIT)) != 0)
			rollback(st);
	}
	exec(st, "PRAGMA cache_size = -2000"); /* SQLite's default */
	return rc;
}

int
store_savepoint(store *st)
{
	if (run_q(st, Q_SAVEPOINT) != 0)
		return -1;
	st->savepoints++;
	return 0;
}

int
store_savepoint_end(store *st, int commit)
{
	if (st->savepoints == 0) {
		seterr(st, "store: no savepoint open");
		return -1;
	}
	st->savepoints--;
	if (!commit) {
		forget_labels(st);
		if (run_q(st, Q_ROLLBACK_TO) != 0)
			return -1;
	}
	return run_q(st, Q_RELEASE);
}

/* Colours given to labels an import brings that the scheme lacks. */
static const char *const new_colours[] = { "cyan", "yellow", "bright-red", "bright-blue", "bright-green",
	"bright-magenta", "bright-cyan", "bright-yellow" };

/*
 * Make sure label name exists in the scheme (an imported file may use
 * labels the scheme lacks; they are added without a key). The names seen
 * in this import are remembered so the common case costs no statement.
 */
static int
label_ensure(store *st, const char *name)
{
	sqlite3_stmt *s;
	char **v;

	for (size_t i = 0; i < st->nknown; i++)
		if (strcmp(st->known[i], name) == 0)
			return 0;
	if ((s = q(st, Q_LABEL_ENSURE)) == NULL)
		return -1;
	bind_str(s, 1, name);
	bind_str(s, 2, new_colours[st->nknown % (sizeof new_colours / sizeof new_colours[0])]);
	if (run(st, s) != 0)
		return -1;
	if (st->nknown < 256 && (v = realloc(st->known, (st->nknown + 1) * sizeof *v)) != NULL) {
		st->known = v;
		if ((v[st->nknown] = strdup(name)) != NULL)
			st->nknown++;
	}
	return 0;
}

/* Code points in valid UTF-8: every byte that is not a continuation byte. */
static int64_t
utf8_count(const char *s, size_t len)
{
	int64_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* The doc's article row, text and FTS entry; the id in *id. */
static int
article_insert(store *st, const doc *d, const uint8_t *hash, int64_t chars, int64_t *id)
{
	sqlite3_stmt *a = q(st, Q_ART_INSERT), *t;
	char *title = NULL;
	const char *ti = d->title;
	int rc = -1;

	if (a == NULL)
		return -1;
	if (ti == NULL || *ti == '\0')
		ti = title = text_first_sentence(d->text, d->len, 120);
	sqlite3_bind_blob(a, 1, hash, SHA256_LEN, SQLITE_STATIC);
	bind_str(a, 2, d->ext_id);
	bind_str(a, 3, ti ? ti : "");
	bind_str(a, 4, d->date);
	bind_str(a, 5, d->source);
	bind_str(a, 6, d->url);
	bind_str(a, 7, d->meta);
	bind_str(a, 8, status_valid(d->status) ? d->status : "unread");
	sqlite3_bind_int64(a, 9, (int64_t)d->position <= chars ? (int64_t)d->position : chars);
	sqlite3_bind_int64(a, 10, chars);
	sqlite3_bind_int64(a, 11, now());
	if (run(st, a) != 0)
		goto out;
	*id = sqlite3_last_insert_rowid(st->db);
	if ((t = q(st, Q_TEXT_INSERT)) == NULL)
		goto out;
	sqlite3_bind_int64(t, 1, *id);
	sqlite3_bind_text64(t, 2, d->text ? d->text : "", d->len, SQLITE_STATIC, SQLITE_UTF8);
	rc = run(st, t);
out:
	free(title);
	return rc;
}

int
store_import_add(store *st, const doc *d, int64_t *id, int *dup)
{
	uint8_t hash[SHA256_LEN];
	sqlite3_stmt *s;
	int64_t chars, t = now(), sid;
	text_err te;
	int rc;

	*dup = 0;
	*id = 0;
	if (!st->importing) {
		seterr(st, "store: store_import_begin first");
		return -1;
	}
	if (d->len > 0 && text_validate(d->text, d->len, &te) != 0) {
		seterr(st, "text is not valid UTF-8 at line %zu, byte %zu", te.line, te.col);
		return -1;
	}
	chars = utf8_count(d->text, d->len);
	for (size_t i = 0; i < d->nspans; i++)
		if (span_check(st, &d->spans[i], chars) != 0)
			return -1;
	sha256(d->text ? d->text : "", d->len, hash);
	if ((s = q(st, Q_ART_BY_HASH)) == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, hash, SHA256_LEN, SQLITE_STATIC);
	if ((rc = one_int(st, s, id)) != 0) {
		*dup = rc == 1;
		return rc == 1 ? 0 : -1;
	}
	/* Inside a caller's savepoint (a file), the caller undoes a failure. */
	if (st->savepoints == 0 && run_q(st, Q_SAVEPOINT) != 0)
		return -1;
	rc = article_insert(st, d, hash, chars, id);
	for (size_t i = 0; rc == 0 && i < d->nspans; i++) {
		const span *sp = &d->spans[i];

		if (sp->label && label_ensure(st, sp->label) != 0)
			rc = -1;
		else
			rc = span_insert(st, *id, sp, t, &sid);
	}
	if (st->savepoints == 0) {
		if (rc != 0) {
			forget_labels(st);
			run_q(st, Q_ROLLBACK_TO);
		}
		run_q(st, Q_RELEASE);
	}
	if (rc != 0)
		*id = 0;
	return rc;
}

/*
 * A scheme that came with the imported data (gloss jsonl): a store without
 * any span takes it whole, so export + import gives the same database;
 * otherwise only the labels it lacks are added (keeping a key when free).
 */
int
store_import_labels(store *st, const label_scheme *ls)
{
	sqlite3_stmt *s;
	int64_t any = 0;

	if (!st->importing) {
		seterr(st, "store: store_import_begin first");
		return -1;
	}
	forget_labels(st);
	if ((s = q(st, Q_ANY_SPAN)) == NULL || one_int(st, s, &any) < 0)
		return -1;
	if (!any)
		return labels_write(st, ls);
	if ((s = q(st, Q_LABELS_MERGE)) == NULL)
		return -1;
	for (size_t i = 0; i < ls->n; i++) {
		const label *l = &ls->v[i];

		bind_label(s, l);
		if (run(st, s) != 0)
			return -1;
	}
	return 0;
}

int
store_export_each(store *st, int all_spans, int (*fn)(const doc *d, int64_t id, void *arg), void *arg)
{
	sqlite3_stmt *s = q(st, Q_EXPORT_ARTS), *sp = q(st, all_spans ? Q_EXPORT_SPANS_ALL : Q_EXPORT_SPANS_CONF);
	doc d;
	int rc, ret = 0;

	if (s == NULL || sp == NULL)
		return -1;
	doc_init(&d);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (doc_from_row(st, s, &d, sp) != 0) {
			ret = -1;
			break;
		}
		if (fn(&d, sqlite3_column_int64(s, 0), arg) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = sqlerr(st);
	sqlite3_reset(s);
	doc_clear(&d);
	return ret;
}

/* --- labels ---------------------------------------------------------------- */

int
store_labels_get(store *st, label_scheme *out)
{
	sqlite3_stmt *s = q(st, Q_LABELS_GET);
	size_t n = 0, cap = 0;
	label *v = NULL;
	int rc;

	out->v = NULL;
	out->n = 0;
	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		label *l;

		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((l = realloc(v, cap * sizeof *l)) == NULL)
				break;
			v = l;
		}
		l = &v[n++];
		l->name = col_str(s, 0);
		l->key = sqlite3_column_type(s, 1) == SQLITE_NULL ? 0 : sqlite3_column_int(s, 1);
		l->colour = col_str(s, 2);
		l->description = col_str(s, 3);
		if (l->name == NULL || l->colour == NULL || l->description == NULL)
			break;
	}
	sqlite3_reset(s);
	out->v = v;
	out->n = n;
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_ROW)
			seterr(st, "out of memory");
		else
			sqlerr(st);
		label_scheme_clear(out);
		return -1;
	}
	return 0;
}

/* Parameters 1-4 of the label statements: name, key (NULL: none), colour,
 * description. */
static void
bind_label(sqlite3_stmt *s, const label *l)
{
	bind_str(s, 1, l->name);
	if (l->key >= 1 && l->key <= 9)
		sqlite3_bind_int(s, 2, l->key);
	else
		sqlite3_bind_null(s, 2);
	bind_str(s, 3, l->colour ? l->colour : "white");
	bind_str(s, 4, l->description ? l->description : "");
}

static int
labels_write(store *st, const label_scheme *ls)
{
	sqlite3_stmt *s;

	if (run_q(st, Q_LABELS_DELETE) != 0 || (s = q(st, Q_LABELS_INSERT)) == NULL)
		return -1;
	for (size_t i = 0; i < ls->n; i++) {
		const label *l = &ls->v[i];

		bind_label(s, l);
		sqlite3_bind_int64(s, 5, (int64_t)i + 1);
		if (run(st, s) != 0)
			return -1;
	}
	return 0;
}

int
store_labels_set(store *st, const label_scheme *ls, size_t *in_use, char **dropped)
{
	sqlite3_stmt *s;
	int rc;

	*in_use = 0;
	*dropped = NULL;
	if (st->depth > 0 || st->importing) {
		seterr(st, "store: a transaction is already open");
		return -1;
	}
	if (run_q(st, Q_BEGIN) != 0)
		return -1;
	if ((s = q(st, Q_LABELS_USED)) == NULL)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		if (name && label_by_name(ls, name) == NULL) {
			*in_use = (size_t)sqlite3_column_int64(s, 1);
			*dropped = strdup(name);
			seterr(st, "cannot drop label %s: %zu spans use it", name, *in_use);
			sqlite3_reset(s);
			goto fail;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		sqlerr(st);
		goto fail;
	}
	if (labels_write(st, ls) != 0 || run_q(st, Q_COMMIT) != 0)
		goto fail;
	return 0;
fail:
	return rollback(st);
}

/* --- stats and checks ------------------------------------------------------ */

int
store_stats_each(store *st, int (*fn)(const char *group, const char *key, int64_t n, void *arg), void *arg)
{
	static const struct {
		enum q q;
		const char *group;
	} groups[] = {
		{ Q_STATS_LABEL, "label" }, { Q_STATS_STATUS, "status" }, { Q_STATS_ANNOTATOR, "annotator" },
	};

	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		sqlite3_stmt *s = q(st, groups[g].q);
		int rc, stop = 0;

		if (s == NULL)
			return -1;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const char *k = (const char *)sqlite3_column_text(s, 0);

			if (fn(groups[g].group, k ? k : "", sqlite3_column_int64(s, 1), arg) != 0) {
				stop = 1;
				break;
			}
		}
		if (!stop && rc != SQLITE_DONE) {
			sqlerr(st);
			sqlite3_reset(s);
			return -1;
		}
		sqlite3_reset(s);
		if (stop)
			break;
	}
	return 0;
}

int
store_check(store *st, int *ok)
{
	sqlite3_stmt *s = q(st, Q_CHECK);
	int rc;

	*ok = 0;
	if (s == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);

		*ok = r && strcmp(r, "ok") == 0;
		if (!*ok)
			seterr(st, "%s", r ? r : "integrity_check failed");
	} else {
		sqlerr(st);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return -1;
	if (!*ok)
		return 0;
	/* The full-text index must match the articles it indexes. */
	if ((s = q(st, Q_CHECK_FTS)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if ((rc & 0xff) == SQLITE_CORRUPT) {
		*ok = 0;
		seterr(st, "the full-text index does not match the articles");
	} else if (rc != SQLITE_DONE) {
		return sqlerr(st);
	}
	return 0;
}

int
store_check_spans(store *st, int (*fn)(int64_t article, int64_t span, int64_t start, int64_t end, int64_t len,
    void *arg), void *arg, size_t *bad)
{
	sqlite3_stmt *s = q(st, Q_CHECK_SPANS);
	int rc;

	*bad = 0;
	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		(*bad)++;
		if (fn && fn(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
		    sqlite3_column_int64(s, 3),
		    sqlite3_column_type(s, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 4), arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlerr(st);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}
