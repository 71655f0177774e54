/*
 * store.c: the SQLite store (GUIDE §4): open, close, the schema and its
 * migrations, and the transaction around each user action. The other
 * db/store_*.c files hold the rest (see store_int.h).
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
 * made by SQLite (a span: json_array(), store_sql.c SPAN_JSON; an article's
 * status: json_object()), grouped by grp; rows with undone = 1 form
 * the redo stack. Both belong to the annotator who acted: a new action
 * drops only its annotator's redo stack, undo takes only their steps.
 *
 * Transactions. Writes use BEGIN IMMEDIATE so that two processes never
 * deadlock upgrading a read lock; busy_timeout makes the second one wait.
 * Each statement is prepared once, on first use, and kept in st->stmt[].
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sqlite3.h>
#include "db/store_int.h"

/*
 * Schema migrations: migrations[v] takes a database from user_version v to
 * v + 1. They run in order, all in one transaction, so a database is never
 * left half migrated. Never edit a released migration; append a new one.
 * A statement made by ADD_COLUMN runs only when the column is missing (a
 * migration may meet a database that has it: run_step), so it can run again.
 */
#define ADD_COLUMN(table, col, def) "+" table " " col "\nALTER TABLE " table " ADD COLUMN " col " " def
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

/* 3: the full-text index folds words as in-article search does (the
 * "gloss" tokenizer, search.c: "malgorzata" finds "Małgorzata"), and a
 * title match ranks as ten text matches. */
static const char *const migration3[] = {
	"DROP TABLE articles_fts",
	"CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content = 'article_src', "
	"content_rowid = 'id', tokenize = 'gloss')",
	"INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)')",
	ST_FTS_REBUILD,
};

/* 4: what the suggestion engines keep (issue 8). engine_state: a named
 * blob per engine (the tagger's weights); gazetteers: user term lists as
 * added, re-read at start; suggest_done: which articles a batch run
 * (gloss suggest) has done, so an interrupted run resumes. spans_decided
 * finds the articles with decisions without scanning every suggestion
 * (partial: inserting suggestions does not touch it). */
static const char *const migration4[] = {
	"CREATE TABLE IF NOT EXISTS engine_state(name TEXT PRIMARY KEY, data BLOB NOT NULL, updated INTEGER NOT NULL)",
	"CREATE TABLE IF NOT EXISTS gazetteers("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" body TEXT NOT NULL,"
	" terms INTEGER NOT NULL,"
	" added INTEGER NOT NULL)",
	"CREATE TABLE IF NOT EXISTS suggest_done("
	" article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
	" run INTEGER NOT NULL)",
	"CREATE INDEX IF NOT EXISTS spans_decided ON spans(article_id) WHERE status <> 'suggested'",
};

/* 5: the list's counts are columns kept by triggers, so filtering and
 * sorting 100k articles by them reads one table (no count per article),
 * indexes for the list's sort keys and partial indexes on spans for the
 * conditions that look at them. */
#define ENTITY(r, st) "(" r ".kind = 'entity' AND " r ".status = '" st "')"
static const char *const migration5[] = {
	"ALTER TABLE articles ADD COLUMN n_confirmed INTEGER NOT NULL DEFAULT 0",
	"ALTER TABLE articles ADD COLUMN n_suggested INTEGER NOT NULL DEFAULT 0",
	"UPDATE articles SET "
	"n_confirmed = (SELECT count(*) FROM spans s WHERE s.article_id = articles.id AND " ENTITY("s", "confirmed") "), "
	"n_suggested = (SELECT count(*) FROM spans s WHERE s.article_id = articles.id AND " ENTITY("s", "suggested") ")",
	"CREATE TRIGGER spans_count_insert AFTER INSERT ON spans "
	"WHEN NEW.kind = 'entity' AND NEW.status IN ('confirmed', 'suggested') BEGIN "
	"UPDATE articles SET n_confirmed = n_confirmed + " ENTITY("NEW", "confirmed") ", "
	"n_suggested = n_suggested + " ENTITY("NEW", "suggested") " WHERE id = NEW.article_id; END",
	"CREATE TRIGGER spans_count_delete AFTER DELETE ON spans "
	"WHEN OLD.kind = 'entity' AND OLD.status IN ('confirmed', 'suggested') BEGIN "
	"UPDATE articles SET n_confirmed = n_confirmed - " ENTITY("OLD", "confirmed") ", "
	"n_suggested = n_suggested - " ENTITY("OLD", "suggested") " WHERE id = OLD.article_id; END",
	"CREATE TRIGGER spans_count_update AFTER UPDATE OF kind, status, article_id ON spans BEGIN "
	"UPDATE articles SET n_confirmed = n_confirmed - " ENTITY("OLD", "confirmed") ", "
	"n_suggested = n_suggested - " ENTITY("OLD", "suggested") " WHERE id = OLD.article_id; "
	"UPDATE articles SET n_confirmed = n_confirmed + " ENTITY("NEW", "confirmed") ", "
	"n_suggested = n_suggested + " ENTITY("NEW", "suggested") " WHERE id = NEW.article_id; END",
	"CREATE INDEX articles_date ON articles(date)",
	"CREATE INDEX articles_title ON articles(title)",
	"CREATE INDEX articles_source ON articles(source)",
	"CREATE INDEX articles_confirmed ON articles(n_confirmed)",
	"CREATE INDEX articles_suggested ON articles(n_suggested)",
	/* label=, has=notes, has=highlights: the few articles that qualify. */
	"CREATE INDEX spans_label ON spans(label, article_id) WHERE kind = 'entity' AND status = 'confirmed'",
	"CREATE INDEX spans_noted ON spans(article_id) WHERE note IS NOT NULL AND note <> ''",
	"CREATE INDEX spans_highlight ON spans(article_id) WHERE kind = 'highlight'",
};
#undef ENTITY

/* Undo and redo are each annotator's own: their steps found by index. */
static const char *const migration6[] = {
	"CREATE INDEX IF NOT EXISTS undo_owner ON undo(annotator, undone, grp)",
};

/* 7: the feeds gloss follows, and lookups of feed items already stored
 * by GUID (ext_id) or URL. */
static const char *const migration7[] = {
	"CREATE TABLE feeds("
	" id INTEGER PRIMARY KEY,"
	" url TEXT NOT NULL UNIQUE,"
	" title TEXT,"
	" added INTEGER NOT NULL,"
	" fetched INTEGER,"
	" result TEXT)",
	"CREATE INDEX articles_ext_id ON articles(ext_id) WHERE ext_id IS NOT NULL",
	"CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL",
};

/* 8: wire stories were titled by their dateline ("GDAŃSK, February 3."):
 * titles derived from the text (equal to its first sentence) become the
 * first sentence after the dateline, which goes into the meta; the
 * full-text index follows. store_dateline.c has the functions. */
static const char *const migration8[] = {
	"UPDATE articles SET title = gloss_title(t.text), meta = json_set(CASE WHEN json_valid(meta) AND "
	"json_type(meta) = 'object' THEN meta ELSE '{}' END, '$.dateline', json(gloss_dateline(t.text))) "
	"FROM texts t WHERE t.id = articles.id AND gloss_dateline(t.text) IS NOT NULL "
	"AND articles.title = gloss_first_sentence(t.text)",
	ST_FTS_REBUILD,
};

/* 9: articles are keyed by XXH3-128 of their text instead of SHA-256
 * (store_hash.c); kept duplicates keep distinct keys. Only 32-byte keys
 * are rewritten, so running it twice changes nothing. */
static const char *const migration9[] = {
	"UPDATE articles SET hash = gloss_rehash(articles.hash, t.text, (SELECT count(*) FROM articles)) "
	"FROM texts t WHERE t.id = articles.id AND length(articles.hash) = 32",
};

/*
 * 10: one tag action writes as few pages as it must (issue 12). Before it
 * an added span wrote eleven: the span, four span indexes, the undo row
 * and two undo indexes, the article's counts and two count indexes,
 * sqlite_sequence. Now:
 * - the counts stay in the article's row and indexed (sorting 100k
 *   articles by a count without its index takes ~80 ms, over the list's
 *   50 ms), but the triggers change one count column at a time, so an
 *   action writes only the index of the count it changes, and an update
 *   that changes no count (a relabel, a note) leaves the row alone;
 * - n_rejected beside them answers "which articles have decisions"
 *   (Q_DECIDED_ARTS), so spans_decided goes;
 * - the undo log needs no index a new step writes: a group's number is
 *   the seq of its first row (rows of group g have seq >= g, found from
 *   the log's end, where undo and redo work), the last live step is found
 *   walking back from the end, and only the redo stack is indexed
 *   (undo_redo, partial: a new step's rows are not in it).
 * What remains per added span: spans, spans_order (an article's spans in
 * order), spans_label (the label= filter), undo, articles and
 * articles_confirmed (the count and its sort), sqlite_sequence (span ids
 * are never reused: undo puts a deleted span back under its id).
 */
#define ENTITY(r, st) "(" r ".kind = 'entity' AND " r ".status = '" st "')"
/* The count of status st of row r's article, one column at a time: an
 * action writes only the count index of the status it changes. */
#define COUNT1(r, col, st, sign) \
	"UPDATE articles SET " col " = " col " " sign " 1 WHERE id = " r ".article_id AND " ENTITY(r, st) "; "
#define COUNTS(r, sign) \
	COUNT1(r, "n_confirmed", "confirmed", sign) COUNT1(r, "n_suggested", "suggested", sign) \
	COUNT1(r, "n_rejected", "rejected", sign)
static const char *const migration10[] = {
	ADD_COLUMN("articles", "n_rejected", "INTEGER NOT NULL DEFAULT 0"),
	"UPDATE articles SET n_rejected = (SELECT count(*) FROM spans s WHERE s.article_id = articles.id AND "
	ENTITY("s", "rejected") ") WHERE id IN (SELECT article_id FROM spans WHERE status = 'rejected')",
	"DROP TRIGGER IF EXISTS spans_count_insert",
	"DROP TRIGGER IF EXISTS spans_count_delete",
	"DROP TRIGGER IF EXISTS spans_count_update",
	"CREATE TRIGGER spans_count_insert AFTER INSERT ON spans WHEN NEW.kind = 'entity' BEGIN "
	COUNTS("NEW", "+") "END",
	"CREATE TRIGGER spans_count_delete AFTER DELETE ON spans WHEN OLD.kind = 'entity' BEGIN "
	COUNTS("OLD", "-") "END",
	"CREATE TRIGGER spans_count_update AFTER UPDATE OF kind, status, article_id ON spans "
	"WHEN (OLD.kind = 'entity' OR NEW.kind = 'entity') AND (OLD.kind IS NOT NEW.kind "
	"OR OLD.status IS NOT NEW.status OR OLD.article_id IS NOT NEW.article_id) BEGIN "
	COUNTS("OLD", "-") COUNTS("NEW", "+") "END",
	"DROP INDEX IF EXISTS spans_decided",
	"DROP INDEX IF EXISTS undo_state",
	"DROP INDEX IF EXISTS undo_owner",
	"CREATE INDEX IF NOT EXISTS undo_redo ON undo(annotator, grp) WHERE undone = 1",
};
#undef COUNTS
#undef COUNT1
#undef ENTITY

/* 11: suggestions of batch runs (gloss suggest) as one compact row per
 * article and engine instead of a spans row each (store_batch.c): no
 * index but the key, no trigger; articles.n_suggested counts them. */
static const char *const migration11[] = {
	"CREATE TABLE IF NOT EXISTS suggest_batch("
	" article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	" source TEXT NOT NULL,"
	" n INTEGER NOT NULL CHECK (n >= 0),"
	" data BLOB NOT NULL,"
	" PRIMARY KEY (article_id, source)) WITHOUT ROWID",
};

/* 12: every article's length in tokens, 512 to a row (search_rank.c):
 * ranking a search reads a few rows instead of one docsize lookup per
 * match. migrate() fills it. */
static const char *const migration12[] = {
	"CREATE TABLE IF NOT EXISTS search_len(chunk INTEGER PRIMARY KEY, len BLOB NOT NULL)",
};

/* 13: undo snapshots as JSON arrays (store_sql.c SPAN_JSON), not objects
 * with a key per field: an undo row of ~110 bytes instead of ~230, so a
 * tag fills a new undo page half as often. Objects left are turned into
 * arrays (idempotent: arrays are left alone). */
#define ARRAY_OF(c) \
	"CASE WHEN json_valid(" c ") AND json_type(" c ") = 'object' THEN json_array(" \
	"json_extract(" c ", '$.id'), json_extract(" c ", '$.article_id'), json_extract(" c ", '$.start'), " \
	"json_extract(" c ", '$.end'), json_extract(" c ", '$.label'), json_extract(" c ", '$.kind'), " \
	"json_extract(" c ", '$.status'), json_extract(" c ", '$.source'), json_extract(" c ", '$.confidence'), " \
	"json_extract(" c ", '$.note'), json_extract(" c ", '$.annotator'), json_extract(" c ", '$.created'), " \
	"json_extract(" c ", '$.updated')) ELSE " c " END"
static const char *const migration13[] = {
	"UPDATE undo SET before = " ARRAY_OF("before") ", after = " ARRAY_OF("after") " WHERE op <> 'status' "
	"AND (json_type(before) = 'object' OR json_type(after) = 'object')",
};
#undef ARRAY_OF

/* 14: a large file is imported in several commits (store_import.c): each
 * file has an import_files row, done once all of it is stored; its
 * articles, and the spans it merged into older ones, carry its id, so a
 * file that fails (or whose import was killed) can be taken out again. */
static const char *const migration14[] = {
	"CREATE TABLE IF NOT EXISTS import_files("
	" id INTEGER PRIMARY KEY,"
	" path TEXT NOT NULL,"
	" pid INTEGER NOT NULL,"                /* the importing process */
	" started INTEGER NOT NULL,"
	" labels TEXT,"                         /* label names before it, JSON */
	" done INTEGER NOT NULL DEFAULT 0)",
	ADD_COLUMN("articles", "import_file", "INTEGER"),
	ADD_COLUMN("spans", "import_file", "INTEGER"),
	"CREATE INDEX IF NOT EXISTS articles_import_file ON articles(import_file) WHERE import_file IS NOT NULL",
	"CREATE INDEX IF NOT EXISTS spans_import_file ON spans(import_file) WHERE import_file IS NOT NULL",
};

static const struct migration {
	const char *const *stmts;
	size_t n;
} migrations[] = {
	{ migration1, sizeof migration1 / sizeof migration1[0] },
	{ migration2, sizeof migration2 / sizeof migration2[0] },
	{ migration3, sizeof migration3 / sizeof migration3[0] },
	{ migration4, sizeof migration4 / sizeof migration4[0] },
	{ migration5, sizeof migration5 / sizeof migration5[0] },
	{ migration6, sizeof migration6 / sizeof migration6[0] },
	{ migration7, sizeof migration7 / sizeof migration7[0] },
	{ migration8, sizeof migration8 / sizeof migration8[0] },
	{ migration9, sizeof migration9 / sizeof migration9[0] },
	{ migration10, sizeof migration10 / sizeof migration10[0] },
	{ migration11, sizeof migration11 / sizeof migration11[0] },
	{ migration12, sizeof migration12 / sizeof migration12[0] },
	{ migration13, sizeof migration13 / sizeof migration13[0] },
	{ migration14, sizeof migration14 / sizeof migration14[0] },
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

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
user_version(store *st, int *v)
{
	sqlite3_stmt *s;
	int64_t n = 0;
	int rc;

	*v = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return st_sqlerr(st);
	rc = st_one_int(st, s, &n);
	sqlite3_finalize(s);
	*v = (int)n;
	return rc < 0 ? -1 : 0;
}

/* -1 with the error set when the file's schema is newer than ours. */
static int
too_new(store *st)
{
	int v;

	if (user_version(st, &v) != 0)
		return -1;
	if (v > SCHEMA_VERSION) {
		st_seterr(st, "database schema version %d is newer than this gloss understands (%d); "
		    "nothing was changed", v, SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

/* Run one migration statement; an ADD_COLUMN one only when the column
 * ("+table column\n" before the SQL) is not there yet. */
static int
run_step(store *st, const char *sql)
{
	char table[64], col[64];
	sqlite3_stmt *s;
	int has, rc;

	if (strcmp(sql, ST_FTS_REBUILD) == 0)
		return st_fts_rebuild(st); /* the same, with progress */
	if (sql[0] != '+')
		return st_exec(st, sql);
	if (sscanf(sql + 1, "%63s %63s", table, col) != 2 || (sql = strchr(sql, '\n')) == NULL) {
		st_seterr(st, "bad migration step");
		return -1;
	}
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", -1, &s,
	    NULL) != SQLITE_OK)
		return st_sqlerr(st);
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, col, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	has = rc == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
	if (st_finalize(st, s, rc) != 0)
		return -1;
	return has ? 0 : st_exec(st, sql + 1);
}

/*
 * Bring the schema to SCHEMA_VERSION. The version is read again inside the
 * write transaction, so two processes opening a new database at once do not
 * both migrate it.
 */
static void (*notice_fn)(void *arg, int from, int to, int finished);
static void *notice_arg;

void
store_set_migrate_notice(void (*fn)(void *arg, int from, int to, int finished), void *arg)
{
	notice_fn = fn;
	notice_arg = arg;
}

static int
migrate(store *st)
{
	char set[64];
	int v, told = 0;

	if (user_version(st, &v) != 0)
		return -1;
	if (v == SCHEMA_VERSION)
		return 0;
	if (v > SCHEMA_VERSION) {
		st_seterr(st, "database schema version %d is newer than this gloss understands (%d)", v, SCHEMA_VERSION);
		return -1;
	}
	if (st_run_q(st, Q_BEGIN) != 0)
		return -1;
	if (user_version(st, &v) != 0)
		goto fail;
	if (v > 0 && v < SCHEMA_VERSION && notice_fn) {
		notice_fn(notice_arg, v, SCHEMA_VERSION, 0);
		told = 1;
	}
	for (int from = v; from < SCHEMA_VERSION; from++) {
		for (size_t i = 0; i < migrations[from].n; i++)
			if (run_step(st, migrations[from].stmts[i]) != 0)
				goto fail;
		if (from == 0) {
			label_scheme ls = { 0 };
			size_t line;
			char msg[128];
			int rc;

			if (label_scheme_parse(label_default_scheme, strlen(label_default_scheme), &ls, &line, msg,
			    sizeof msg) != 0) {
				st_seterr(st, "built-in label scheme, line %zu: %s", line, msg);
				goto fail;
			}
			rc = st_labels_write(st, &ls);
			label_scheme_clear(&ls);
			if (rc != 0)
				goto fail;
		}
	}
	/* Any migration may have rebuilt the full-text index. */
	if (st_run_q(st, Q_LEN_CLEAR) != 0 || st_search_len_sync(st, 0) != 0)
		goto fail;
	snprintf(set, sizeof set, "PRAGMA user_version = %d", SCHEMA_VERSION);
	if (st_exec(st, set) != 0 || st_run_q(st, Q_COMMIT) != 0)
		goto fail;
	if (told)
		notice_fn(notice_arg, v, SCHEMA_VERSION, 1);
	return 0;
fail:
	st_rollback(st);
	if (told)
		notice_fn(notice_arg, v, SCHEMA_VERSION, -1);
	return -1;
}

/* store_open and store_open_late: probe says when to look for damage. */
static int
open_store(const char *path, int probe, store **out, char *err, size_t errsz)
{
	store *st;
	int mem = strcmp(path, ":memory:") == 0;

	*out = NULL;
	if (path[0] == '\0') { /* SQLite: a temporary database, lost at close */
		snprintf(err, errsz, "no database path");
		return -1;
	}
	if (!mem && make_parents(path, err, errsz) != 0)
		return -1;
	if ((st = calloc(1, sizeof *st)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	/* gloss has one thread: no per-call mutex (1.6% of an import) */
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL)
	    != SQLITE_OK) {
		snprintf(err, errsz, "%s", st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if (st_search_register(st->db) != 0 || st_dateline_register(st->db) != 0 ||
	    st_hash_register(st->db) != 0 || st_span_take_register(st) != 0) {
		snprintf(err, errsz, "cannot register the SQL functions");
		store_close(st);
		return -1;
	}
	/* A database from a newer gloss, or a damaged one, is refused before
	 * anything changes (not even its journal mode). */
	if (too_new(st) != 0 || (probe && st_probe(st) != 0) || st_exec(st, "PRAGMA foreign_keys = ON") != 0 ||
	    (!mem && st_exec(st, "PRAGMA journal_mode = WAL") != 0) ||
	    st_exec(st, "PRAGMA synchronous = FULL") != 0 ||
	    migrate(st) != 0) {
		snprintf(err, errsz, "%s", st->err);
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

int
store_open(const char *path, store **out, char *err, size_t errsz)
{
	return open_store(path, 1, out, err, errsz);
}

int
store_open_late(const char *path, store **out, char *err, size_t errsz)
{
	return open_store(path, 0, out, err, errsz);
}

/* "file:" URI of path, with the characters a URI gives meaning escaped. */
static char *
file_uri(const char *path, const char *query)
{
	size_t n = strlen(path);
	char *u = malloc(5 + 3 * n + strlen(query) + 2), *o = u;

	if (u == NULL)
		return NULL;
	o += sprintf(o, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
			o += sprintf(o, "%%%02X", *p);
		else
			*o++ = (char)*p;
	sprintf(o, "?%s", query);
	return u;
}

/*
 * Open for reading only: no file is created or changed, the journal mode
 * stays, no migration runs (a database of another schema version is
 * refused). A WAL database whose -shm file this user may not create (a
 * read-only directory) is opened immutable: nobody can be writing it
 * through the WAL then without that directory being writable to them too.
 */
int
store_open_readonly(const char *path, store **out, char *err, size_t errsz)
{
	const char *const modes[] = { "mode=ro", "immutable=1" };
	store *st;
	int v = -1;

	*out = NULL;
	if ((st = calloc(1, sizeof *st)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < 2 && v < 0; i++) {
		char *uri = file_uri(path, modes[i]);

		if (uri == NULL) {
			snprintf(err, errsz, "out of memory");
			store_close(st);
			return -1;
		}
		sqlite3_close(st->db);
		st->db = NULL;
		if (sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK) {
			sqlite3_extended_result_codes(st->db, 1);
			sqlite3_busy_timeout(st->db, 5000);
			if (st_search_register(st->db) != 0 || st_span_take_register(st) != 0 ||
			    user_version(st, &v) != 0)
				v = -1;
		} else {
			st_seterr(st, "%s", st->db ? sqlite3_errmsg(st->db) : "out of memory");
		}
		free(uri);
	}
	st->probed = 1; /* nothing is written through it: check reads all */
	if (v != SCHEMA_VERSION) {
		if (v >= 0)
			st_seterr(st, "database schema version %d, this gloss reads %d%s", v, SCHEMA_VERSION,
			    v < SCHEMA_VERSION ? " (open it once where it can be written to upgrade it)" : "");
		snprintf(err, errsz, "%s", st->err);
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void
store_close(store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < Q_N; i++)
		sqlite3_finalize(st->stmt[i]);
	st_forget_labels(st);
	free(st->known);
	st_rank_cache_free(st);
	st_list_cache_free(st);
	st_sugdiff_free(st);
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
store_fail_kind(const store *st)
{
	switch (st->errcode) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_FAIL_BUSY;
	case SQLITE_FULL:
		return STORE_FAIL_FULL;
	case SQLITE_READONLY:
		return STORE_FAIL_READONLY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return STORE_FAIL_DAMAGED;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_NOMEM:
	case SQLITE_PROTOCOL:
		return STORE_FAIL_IO;
	default:
		return STORE_FAIL_DATA;
	}
}

/* SQLite's busy handler for store_set_wait: n is how many times it has
 * been called for this lock (0 the first time). The caller is told before
 * each 5 ms sleep how long the wait has lasted, and may end it. */
static int
wait_busy(void *arg, int n)
{
	store *st = arg;
	struct timespec ts = { 0, 5 * 1000 * 1000 }, now;
	double ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (n == 0)
		st->wait_start = now;
	ms = (double)(now.tv_sec - st->wait_start.tv_sec) * 1000.0 +
	    (double)(now.tv_nsec - st->wait_start.tv_nsec) / 1e6;
	if (st->wait_fn(st->wait_arg, ms < 0 ? 0 : (unsigned)ms) != 0)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

void
store_set_wait(store *st, int (*fn)(void *arg, unsigned ms), void *arg)
{
	st->wait_fn = fn;
	st->wait_arg = arg;
	if (fn != NULL)
		sqlite3_busy_handler(st->db, wait_busy, st);
	else
		sqlite3_busy_timeout(st->db, 5000);
}

int
store_data_version(store *st, uint64_t *v)
{
	sqlite3_stmt *s = st_q(st, Q_DATA_VERSION);
	int64_t n = 0;

	if (s == NULL || st_one_int(st, s, &n) < 0)
		return -1;
	*v = (uint64_t)n;
	return 0;
}

const char *
store_path(store *st)
{
	const char *p = sqlite3_db_filename(st->db, "main");

	return p ? p : "";
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

int
store_action_begin(store *st)
{
	if (st->importing) {
		st_seterr(st, "store: an import is in progress");
		return -1;
	}
	if (st->depth++ > 0)
		return 0;
	if (st_run_q(st, Q_BEGIN) != 0) {
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
		st_seterr(st, "store: no action to end");
		return -1;
	}
	if (!commit)
		st->abort = 1;
	if (--st->depth > 0)
		return 0;
	st->grp = 0;
	if (st->abort) {
		if (!commit)
			return st_run_q(st, Q_ROLLBACK);
		if (!st->err[0])
			st_seterr(st, "store: action rolled back");
		return st_rollback(st);
	}
	if (st_run_q(st, Q_COMMIT) != 0)
		return st_rollback(st);
	return 0;
}

/* Finish a single-call action: commit when rc is 0, else roll back. */
int
st_action_done(store *st, int rc)
{
	if (store_action_end(st, rc == 0) != 0)
		return -1;
	return rc;
}
