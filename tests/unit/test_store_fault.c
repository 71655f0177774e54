/*
 * test_store_fault.c: the failure half of the store's promise (GUIDE §4):
 * every write path, made to fail, leaves spans, the undo log, articles,
 * texts and labels exactly as they were, reports what kind of failure it
 * was (store_fail_kind), and the store works again once the fault is gone.
 *
 * Faults, on a real database file (WAL, synchronous=FULL as in use):
 *   - a trigger that RAISE(ABORT)s on the table a step writes (a refused
 *     statement half-way through an action: STORE_FAIL_DATA);
 *   - a VFS shim under SQLite whose writes fail with SQLITE_FULL or
 *     SQLITE_READONLY (the commit itself fails: STORE_FAIL_FULL/_READONLY);
 *   - a second connection holding the write lock (STORE_FAIL_BUSY, after
 *     the store's five-second busy timeout: one case only);
 *   - a trigger that RAISE(ROLLBACK)s during an import, ending the import's
 *     transaction under the store's feet.
 * The state is read through a second connection, so it is what is on disk.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "db/feeds.h"
#include "db/import.h"
#include "db/store.h"
#include "model/content_hash.h"
#include "model/sha256.h"
#include "tests/unit/store_testutil.h"

/* --- a VFS shim whose writes fail on demand --------------------------- */

static sqlite3_vfs shim_vfs, *real_vfs;
static int fail_writes; /* 0: pass through; else the SQLite code to fail with */

typedef struct shim_file {
	sqlite3_file base;
	sqlite3_file *real; /* allocated right after this struct */
} shim_file;

#define REAL(f) (((shim_file *)(f))->real)

static int
sh_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int
sh_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}

static int
sh_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	if (fail_writes)
		return fail_writes;
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}

static int
sh_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int
sh_sync(sqlite3_file *f, int flags)
{
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int
sh_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int
sh_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}

static int
sh_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int
sh_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int
sh_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int
sh_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int
sh_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int
sh_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}

static int
sh_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}

static void
sh_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int
sh_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static const sqlite3_io_methods shim_io = {
	2, sh_close, sh_read, sh_write, sh_truncate, sh_sync, sh_size, sh_lock, sh_unlock, sh_reserved,
	sh_control, sh_sector, sh_device, sh_shm_map, sh_shm_lock, sh_shm_barrier, sh_shm_unmap, NULL, NULL,
};

static int
sh_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	shim_file *s = (shim_file *)f;
	int rc;

	(void)vfs;
	s->real = (sqlite3_file *)(s + 1);
	rc = real_vfs->xOpen(real_vfs, name, s->real, flags, out);
	s->base.pMethods = rc == SQLITE_OK && s->real->pMethods ? &shim_io : NULL;
	return rc;
}

/* Register the shim as the default VFS (before any store is opened). */
static void
shim_install(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	assert_non_null(real_vfs);
	shim_vfs = *real_vfs;
	shim_vfs.zName = "fault-shim";
	shim_vfs.szOsFile = (int)sizeof(shim_file) + real_vfs->szOsFile;
	shim_vfs.xOpen = sh_open;
	assert_int_equal(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
}

/* --- fixture: a file database with one article, one span ----------------- */

static char dir[256], dbpath[300];
static store *st;
static sqlite3 *raw;     /* a second connection: what is on disk */
static int64_t aid, sid; /* the article and its span */

static const char scheme[] = "1 PER red Person\n2 ORG blue Organisation\n3 LOC green Place\n";

static int
setup(void **state)
{
	span s = stu_span(0, 5, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);

	(void)state;
	snprintf(dir, sizeof dir, "%s/gloss-fault.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(dbpath, sizeof dbpath, "%s/f.db", dir);
	st = stu_open(dbpath, "tester");
	aid = stu_article(st, "Alice met Bob in Paris on Monday.", NULL, NULL);
	assert_int_equal(store_span_add(st, aid, &s), 0);
	sid = s.id;
	assert_int_equal(sqlite3_open_v2(dbpath, &raw, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(raw, 5000);
	return 0;
}

static int
teardown(void **state)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char p[400];

	(void)state;
	fail_writes = 0;
	sqlite3_close(raw);
	store_close(st);
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", dbpath, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}

/* The first column of sql's one row, read from disk (malloc'd). */
static char *
raw_text(const char *sql)
{
	sqlite3_stmt *s;
	char *out;

	assert_int_equal(sqlite3_prepare_v2(raw, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	out = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	assert_non_null(out);
	return out;
}

/* Everything a write may touch, as one string read from disk. */
static char *
disk_state(void)
{
	static const char q[] =
	    "SELECT group_concat(x, char(10)) FROM ("
	    "SELECT 'span ' || id || ' ' || article_id || ' ' || start || '-' || \"end\" || ' ' || "
	    "coalesce(label, '-') || ' ' || status || ' ' || coalesce(note, '-') || ' ' || updated AS x, 1 AS k, id AS o "
	    "FROM spans "
	    "UNION ALL SELECT 'undo ' || seq || ' ' || grp || ' ' || op || ' ' || coalesce(span_id, '-') || ' ' || undone || "
	    "' ' || coalesce(before, '-') || ' ' || coalesce(after, '-'), 2, seq FROM undo "
	    "UNION ALL SELECT 'article ' || id || ' ' || status || ' ' || position || ' ' || title || ' ' || updated || ' ' || "
	    "coalesce(meta, '-') || ' ' || n_confirmed || ' ' || n_suggested, 3, id "
	    "FROM articles "
	    "UNION ALL SELECT 'text ' || id || ' ' || length(text), 4, id FROM texts "
	    "UNION ALL SELECT 'label ' || name || ' ' || coalesce(key, '-') || ' ' || colour || ' ' || ord, 5, ord "
	    "FROM labels "
	    "UNION ALL SELECT 'fts ' || count(*), 6, 0 FROM articles_fts_docsize "
	    "UNION ALL SELECT 'meta ' || key || ' ' || coalesce(value, '-'), 7, 0 FROM meta "
	    "UNION ALL SELECT 'engine ' || name || ' ' || hex(data) || ' ' || updated, 8, 0 FROM engine_state "
	    "UNION ALL SELECT 'gaz ' || id || ' ' || name || ' ' || body || ' ' || terms, 9, id FROM gazetteers "
	    "UNION ALL SELECT 'done ' || article_id || ' ' || run, 10, article_id FROM suggest_done "
	    "UNION ALL SELECT 'feed ' || id || ' ' || url || ' ' || coalesce(fetched, '-') || ' ' || "
	    "coalesce(result, '-'), 11, id FROM feeds "
	    "UNION ALL SELECT 'import ' || id || ' ' || path || ' ' || done, 12, id FROM import_files "
	    "UNION ALL SELECT 'batch ' || article_id || ' ' || source || ' ' || n || ' ' || hex(data), 12, article_id "
	    "FROM suggest_batch "
	    "UNION ALL SELECT 'counts ' || id || ' ' || n_confirmed || ' ' || n_suggested, 13, id FROM articles "
	    "ORDER BY 2, 3)";

	return raw_text(q);
}

static void
raw_exec(const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(raw, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* A trigger named fault: "BEFORE INSERT ON spans" etc. raises ABORT. */
static void
fault_on(const char *when)
{
	char sql[512];

	snprintf(sql, sizeof sql,
	    "CREATE TRIGGER fault %s BEGIN SELECT RAISE(ABORT, 'injected fault'); END", when);
	raw_exec(sql);
}

static void
fault_off(void)
{
	raw_exec("DROP TRIGGER IF EXISTS fault");
}

/* --- the write paths ------------------------------------------------------ */

static int
act_span_add(void)
{
	span s = stu_span(10, 13, "LOC", SPAN_CONFIRMED, SRC_MANUAL, 1);

	return store_span_add(st, aid, &s);
}

static int
act_span_delete(void)
{
	return store_span_delete(st, sid);
}

static int
act_span_update(void)
{
	span s = stu_span(0, 5, "ORG", SPAN_CONFIRMED, SRC_MANUAL, 1);

	s.id = sid;
	s.note = "a note";
	return store_span_update(st, &s);
}

static int
act_status(void)
{
	return store_article_set_status(st, aid, "done");
}

static int
act_position(void)
{
	return store_article_set_position(st, aid, 7);
}

static int
act_undo(void)
{
	int64_t a;

	return store_undo(st, &a);
}

static int
act_redo(void)
{
	int64_t a;

	return store_redo(st, &a);
}

static int
act_import_add(void)
{
	doc d;
	int64_t id;
	int dup, rc;
	span s = stu_span(0, 3, "NEWLABEL", SPAN_CONFIRMED, SRC_MANUAL, 1);

	doc_init(&d);
	assert_int_equal(doc_set_text(&d, "Carol left.", 11), 0);
	assert_int_equal(doc_add_span(&d, &s), 0);
	if (store_import_begin(st) != 0)
		return -1;
	rc = store_import_add(st, &d, &id, &dup);
	doc_clear(&d);
	if (store_import_end(st, 1) != 0)
		rc = -1;
	return rc;
}

static int
act_labels_set(void)
{
	label_scheme ls;
	size_t line, in_use;
	char msg[128], *dropped = NULL;
	int rc;

	assert_int_equal(label_scheme_parse(scheme, strlen(scheme), &ls, &line, msg, sizeof msg), 0);
	rc = store_labels_set(st, &ls, &in_use, &dropped);
	label_scheme_clear(&ls);
	free(dropped);
	return rc;
}

static int
act_span_move(void)
{
	return store_span_move(st, sid, 1, 4);
}

static int
act_import_dup(void)
{
	doc d;
	int64_t id;
	size_t added, same;
	int dup, rc;
	span s = stu_span(10, 13, "LOC", SPAN_CONFIRMED, SRC_MANUAL, 1);

	doc_init(&d);
	assert_int_equal(doc_set_text(&d, "Alice met Bob in Paris on Monday.", 33), 0);
	assert_int_equal(doc_add_span(&d, &s), 0);
	if (store_import_begin(st) != 0)
		return -1;
	rc = store_import_add_dup(st, &d, STORE_DUP_MERGE, &id, &dup, &added, &same);
	doc_clear(&d);
	if (store_import_end(st, 1) != 0)
		rc = -1;
	return rc;
}

static int
act_import_labels(void)
{
	static const char more[] = "1 PER red Person\n5 EVENT yellow Event\n";
	label_scheme ls;
	size_t line;
	char msg[128];
	int rc;

	assert_int_equal(label_scheme_parse(more, strlen(more), &ls, &line, msg, sizeof msg), 0);
	if (store_import_begin(st) != 0) {
		label_scheme_clear(&ls);
		return -1;
	}
	rc = store_import_labels(st, &ls);
	label_scheme_clear(&ls);
	if (store_import_end(st, rc == 0) != 0)
		rc = -1;
	return rc;
}

/* Suggestions replace the engine's earlier ones: a delete, then inserts. */
static void
pre_suggestion(void)
{
	span s = stu_span(10, 13, "LOC", SPAN_SUGGESTED, SRC_MANUAL, 0.5);

	assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_MANUAL, &s, 1, NULL), 0);
}

static int
act_suggestions_put(void)
{
	span s = stu_span(26, 32, "ORG", SPAN_SUGGESTED, SRC_MANUAL, 0.7);

	return store_suggestions_put(st, aid, 1u << SRC_MANUAL, &s, 1, NULL);
}

/* A batch suggestion kept compactly beside a suggestion row. */
static void
pre_batch(void)
{
	span s = stu_span(17, 22, "LOC", SPAN_SUGGESTED, SRC_GAZETTEER, 0.8);

	pre_suggestion();
	assert_int_equal(store_suggestions_put_batch(st, aid, 1u << SRC_GAZETTEER, &s, 1, NULL), 0);
}

/* A batch run replaces both: a row deleted, a batch row replaced, the count. */
static int
act_suggestions_batch(void)
{
	span s[] = { stu_span(10, 13, "ORG", SPAN_SUGGESTED, SRC_GAZETTEER, 0.7),
		stu_span(26, 32, "ORG", SPAN_SUGGESTED, SRC_MANUAL, 0.7) };

	return store_suggestions_put_batch(st, aid, 1u << SRC_MANUAL | 1u << SRC_GAZETTEER, s, 2, NULL);
}

/* The interface opens the article: the batch row becomes a spans row. */
static int
act_materialize(void)
{
	return store_suggestions_materialize(st, aid, NULL);
}

static int
act_engine_state(void)
{
	static const unsigned char blob[] = { 1, 2, 3, 4 };

	return store_engine_state_put(st, "tagger", blob, sizeof blob);
}

static int
act_gazetteer(void)
{
	static const char body[] = "Paris\tLOC\nBob\tPER\n";

	return store_gazetteer_put(st, "places", body, sizeof body - 1, 2);
}

static int
act_meta_set(void)
{
	return store_meta_set(st, "test.key", "a value");
}

static int
act_run_start(void)
{
	int64_t run;
	int resumed;

	return store_suggest_run_start(st, "tagger", 1, &run, &resumed);
}

static void
pre_run(void)
{
	assert_int_equal(act_run_start(), 0);
}

static int
act_run_mark(void)
{
	return store_suggest_mark(st, 1, aid);
}

static int
act_run_end(void)
{
	return store_suggest_run_end(st, 1);
}

static int
act_feed_add(void)
{
	int added;

	return store_feed_add(st, "https://example.org/feed.xml", &added);
}

static void
pre_feed(void)
{
	assert_int_equal(act_feed_add(), 0);
}

static int
act_feed_remove(void)
{
	int removed;

	return store_feed_remove(st, "https://example.org/feed.xml", &removed);
}

static int
act_feed_done(void)
{
	return store_feed_done(st, 1, 1700000000, "3 new", "Baltic Wire");
}

/* Another annotator's step sits on top: undo must take tester's own. */
static void
pre_other_owner(void)
{
	span s = stu_span(17, 22, "LOC", SPAN_CONFIRMED, SRC_MANUAL, 1);

	store_set_annotator(st, "other");
	assert_int_equal(store_span_add(st, aid, &s), 0);
	store_set_annotator(st, "tester");
}

/* One write path and the triggers that make each of its steps fail. */
/* A file whose import stopped after a first part of it was committed:
 * its import_files row not done, one article of it stored. */
static void
pre_stale_file(void)
{
	doc d;
	int64_t id, split;
	int dup;

	doc_init(&d);
	assert_int_equal(doc_set_text(&d, "Erin wrote from Lyon.", 21), 0);
	assert_int_equal(store_import_begin(st), 0);
	assert_int_equal(store_import_file_begin(st, "half.jsonl"), 0);
	assert_int_equal(store_import_add(st, &d, &id, &dup), 0);
	assert_int_equal(store_import_next(st), 0);
	assert_int_equal(store_import_file_end(st, 0, &split), 0);
	assert_true(split > 0);
	assert_int_equal(store_import_end(st, 1), 0);
	doc_clear(&d);
}

/* The next import takes such a file out again. */
static int
act_import_undo(void)
{
	int64_t ids[4];
	size_t n;
	int more = 1, rc;

	if (store_import_begin(st) != 0)
		return -1;
	rc = store_import_stale(st, ids, 4, &n);
	if (rc == 0 && n != 1)
		fail_msg("%zu stale files, want 1", n);
	while (rc == 0 && more)
		rc = store_import_file_undo(st, ids[0], 1, &more);
	if (store_import_end(st, rc == 0) != 0)
		rc = -1;
	return rc;
}

struct path {
	const char *name;
	int (*act)(void);
	int undo_first;           /* undo once before (for redo) */
	const char *triggers[5];  /* NULL-terminated */
	void (*pre)(void);        /* more set-up (NULL: none) */
};

static const struct path paths[] = {
	{ "span add", act_span_add, 0, { "BEFORE INSERT ON spans", "BEFORE INSERT ON undo", NULL }, NULL },
	{ "span delete", act_span_delete, 0, { "BEFORE DELETE ON spans", "BEFORE INSERT ON undo", NULL }, NULL },
	{ "span update", act_span_update, 0, { "BEFORE UPDATE ON spans", "BEFORE UPDATE ON undo", NULL }, NULL },
	{ "status", act_status, 0, { "BEFORE UPDATE ON articles", "BEFORE INSERT ON undo", NULL }, NULL },
	{ "position", act_position, 0, { "BEFORE UPDATE ON articles", NULL }, NULL },
	{ "undo", act_undo, 0, { "BEFORE DELETE ON spans", "BEFORE UPDATE ON undo", NULL }, NULL },
	{ "redo", act_redo, 1, { "BEFORE INSERT ON spans", "BEFORE UPDATE ON undo", NULL }, NULL },
	{ "import add", act_import_add, 0,
	    { "BEFORE INSERT ON texts", "BEFORE INSERT ON labels", "BEFORE INSERT ON search_len", NULL }, NULL },
	{ "labels set", act_labels_set, 0, { "BEFORE INSERT ON labels", "BEFORE DELETE ON labels", NULL }, NULL },
	{ "span move", act_span_move, 0,
	    { "BEFORE INSERT ON undo", "BEFORE UPDATE ON spans", "BEFORE UPDATE ON undo", NULL }, NULL },
	{ "import merge", act_import_dup, 0, { "BEFORE INSERT ON spans", NULL }, NULL },
	{ "import labels", act_import_labels, 0, { "BEFORE INSERT ON labels", NULL }, NULL },
	{ "suggestions put", act_suggestions_put, 0, { "BEFORE DELETE ON spans", "BEFORE INSERT ON spans", NULL },
	    pre_suggestion },
	{ "suggestions batch", act_suggestions_batch, 0,
	    { "BEFORE DELETE ON spans", "BEFORE DELETE ON suggest_batch", "BEFORE INSERT ON suggest_batch",
	    "BEFORE UPDATE ON articles" }, pre_batch },
	{ "materialize", act_materialize, 0,
	    { "BEFORE INSERT ON spans", "BEFORE DELETE ON suggest_batch", "BEFORE UPDATE ON articles", NULL },
	    pre_batch },
	{ "engine state", act_engine_state, 0, { "BEFORE INSERT ON engine_state", NULL }, NULL },
	{ "gazetteer", act_gazetteer, 0, { "BEFORE INSERT ON gazetteers", NULL }, NULL },
	{ "meta set", act_meta_set, 0, { "BEFORE INSERT ON meta", NULL }, NULL },
	{ "suggest run start", act_run_start, 0, { "BEFORE INSERT ON meta", NULL }, NULL },
	{ "suggest mark", act_run_mark, 0, { "BEFORE INSERT ON suggest_done", NULL }, pre_run },
	{ "suggest run end", act_run_end, 0, { "BEFORE INSERT ON meta", NULL }, pre_run },
	{ "feed add", act_feed_add, 0, { "BEFORE INSERT ON feeds", NULL }, NULL },
	{ "feed remove", act_feed_remove, 0, { "BEFORE DELETE ON feeds", NULL }, pre_feed },
	{ "feed done", act_feed_done, 0, { "BEFORE UPDATE ON feeds", NULL }, pre_feed },
	{ "import file undo", act_import_undo, 0,
	    { "BEFORE DELETE ON articles", "BEFORE DELETE ON import_files", "BEFORE DELETE ON texts", NULL },
	    pre_stale_file },
	{ "undo, two owners", act_undo, 0, { "BEFORE DELETE ON spans", "BEFORE UPDATE ON undo", NULL },
	    pre_other_owner },
};

/* The action failed with kind, changed nothing on disk, and works after. */
static void
expect_clean_failure(const struct path *p, int rc, int kind, const char *before, const char *why)
{
	char *after = disk_state();

	if (rc == 0)
		fail_msg("%s (%s): succeeded\n%s\n---\n%s", p->name, why, before, after);
	if (store_fail_kind(st) != kind)
		fail_msg("%s (%s): failure kind %d, want %d (%s)", p->name, why, store_fail_kind(st), kind,
		    store_errmsg(st));
	if (strcmp(before, after) != 0)
		fail_msg("%s (%s): the database changed:\n--- before\n%s\n--- after\n%s", p->name, why, before,
		    after);
	free(after);
}

/* Setup for path p: fresh fixture, undone once when redo is tested. */
static char *
prepare(const struct path *p)
{
	if (p->pre)
		p->pre();
	if (p->undo_first)
		assert_int_equal(act_undo(), 0);
	return disk_state();
}

static void
test_abort_every_step(void **state)
{
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		const struct path *p = &paths[i];

		for (size_t k = 0; p->triggers[k]; k++) {
			char *before;
			int rc;

			teardown(state);
			setup(state);
			before = prepare(p);
			fault_on(p->triggers[k]);
			rc = p->act();
			expect_clean_failure(p, rc, STORE_FAIL_DATA, before, p->triggers[k]);
			if (strstr(store_errmsg(st), "injected fault") == NULL)
				fail_msg("%s (%s): message %s", p->name, p->triggers[k], store_errmsg(st));
			fault_off();
			if (p->act() != 0)
				fail_msg("%s after the fault: %s", p->name, store_errmsg(st));
			free(before);
		}
	}
}

/* The write reaches the disk only at COMMIT: make that fail. */
static void
commit_fails(void **state, int code, int kind)
{
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		const struct path *p = &paths[i];
		char *before;
		int rc;

		teardown(state);
		setup(state);
		before = prepare(p);
		fail_writes = code;
		rc = p->act();
		fail_writes = 0;
		expect_clean_failure(p, rc, kind, before, code == SQLITE_FULL ? "disk full" : "read-only");
		if (p->act() != 0)
			fail_msg("%s after the fault: %s", p->name, store_errmsg(st));
		free(before);
	}
}

static void
test_disk_full(void **state)
{
	commit_fails(state, SQLITE_FULL, STORE_FAIL_FULL);
}

static void
test_read_only(void **state)
{
	commit_fails(state, SQLITE_READONLY, STORE_FAIL_READONLY);
}

/* Another connection holds the write lock past the store's timeout. */
static void
test_busy(void **state)
{
	char *before = disk_state();

	(void)state;
	raw_exec("BEGIN IMMEDIATE");
	expect_clean_failure(&paths[0], act_span_add(), STORE_FAIL_BUSY, before, "locked");
	raw_exec("COMMIT");
	assert_int_equal(act_span_add(), 0);
	free(before);
}

/*
 * A RAISE(ROLLBACK) ends the whole import transaction, savepoint and all.
 * The store must notice (ROLLBACK TO fails) and refuse the rest of the
 * import, not let each later article commit on its own without its
 * full-text entry.
 */
static void
test_import_rolled_back(void **state)
{
	static const char *const texts[] = { "First good story.", "A bad story.", "Second good story." };
	char *before = disk_state(), *after;
	int64_t id;
	int dup, ok, rcs[3];
	doc d;

	(void)state;
	raw_exec("CREATE TRIGGER fault BEFORE INSERT ON texts WHEN NEW.text LIKE '%bad%' "
	    "BEGIN SELECT RAISE(ROLLBACK, 'injected rollback'); END");
	assert_int_equal(store_import_begin(st), 0);
	for (size_t i = 0; i < 3; i++) {
		doc_init(&d);
		assert_int_equal(doc_set_text(&d, texts[i], strlen(texts[i])), 0);
		rcs[i] = store_import_add(st, &d, &id, &dup);
		doc_clear(&d);
	}
	assert_int_equal(rcs[0], 0);
	assert_int_not_equal(rcs[1], 0);
	assert_int_not_equal(rcs[2], 0);
	assert_int_not_equal(store_import_end(st, 1), 0);
	after = disk_state();
	assert_string_equal(before, after);
	assert_int_equal(store_check(st, &ok), 0);
	assert_true(ok);
	free(before);
	free(after);
}

/* import_buffers: one record of a batch fails; the others are stored. */
static void
test_import_batch(void **state)
{
	static const char good1[] = "Dana wrote to Eve.", bad[] = "A bad record.", good2[] = "Frank saw Gina.";
	fmt_input in[3] = {
		{ "good1.txt", good1, sizeof good1 - 1, NULL, 0 },
		{ "bad.txt", bad, sizeof bad - 1, NULL, 0 },
		{ "good2.txt", good2, sizeof good2 - 1, NULL, 0 },
	};
	import_opts o;
	import_stats s;
	size_t n = 0;
	int ok;

	(void)state;
	raw_exec("CREATE TRIGGER fault BEFORE INSERT ON texts WHEN NEW.text LIKE '%bad%' "
	    "BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
	memset(&o, 0, sizeof o);
	o.fo.as_status = SPAN_CONFIRMED;
	assert_int_not_equal(import_buffers(st, in, 3, &o, &s), 0);
	assert_int_equal(s.articles, 2);
	assert_int_equal(s.failed, 1);
	assert_int_equal(store_article_count(st, NULL, &n), 0);
	assert_int_equal(n, 3); /* the fixture's and the two good ones */
	assert_int_equal(store_check(st, &ok), 0);
	assert_true(ok);
}

static int
raw_int(const char *sql)
{
	sqlite3_stmt *s;
	int v;

	assert_int_equal(sqlite3_prepare_v2(raw, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/*
 * Open the database at user_version from: made to fail first by a trigger
 * on `when`, then by a full disk, the database stays as it was at version
 * from; the next open migrates it. Returns the state before.
 */
static char *
migration_faults(int from, const char *when)
{
	char err[256], *before, *after;

	before = disk_state();
	for (int k = 0; k < 2; k++) {
		if (k == 0)
			fault_on(when);
		else
			fail_writes = SQLITE_FULL;
		err[0] = '\0';
		if (store_open(dbpath, &st, err, sizeof err) == 0)
			fail_msg("migration (%s): opened", k ? "disk full" : "trigger");
		fail_writes = 0;
		st = NULL;
		if (k == 0 && strstr(err, "injected fault") == NULL)
			fail_msg("migration: message %s", err);
		fault_off();
		after = disk_state();
		if (strcmp(before, after) != 0)
			fail_msg("migration (%s): the database changed:\n%s\n---\n%s", k ? "disk full" : "trigger",
			    before, after);
		free(after);
		assert_int_equal(raw_int("PRAGMA user_version"), from);
	}
	if (store_open(dbpath, &st, err, sizeof err) != 0)
		fail_msg("migration after the faults: %s", err);
	assert_true(raw_int("PRAGMA user_version") > from);
	return before;
}

/*
 * Migration 8 (dateline titles) rewrites article rows and the full-text
 * index when an old database is opened: made to fail, the database stays
 * at version 7 with its old titles, and the next open migrates it.
 */
static void
test_dateline_migration(void **state)
{
	char *before, *after;

	(void)state;
	stu_article(st, "LONDON (AP) - British rail strike ended on Friday. Trains ran again.", NULL, NULL);
	store_close(st);
	st = NULL;
	/* the title a version 7 gloss gave it: the dateline's sentence */
	raw_exec("UPDATE articles SET title = 'LONDON (AP) - British rail strike ended on Friday.', meta = NULL "
	    "WHERE id = (SELECT max(id) FROM articles)");
	raw_exec("PRAGMA user_version = 7");
	before = migration_faults(7, "BEFORE UPDATE ON articles");
	after = disk_state();
	assert_string_not_equal(before, after); /* the title lost its dateline */
	free(before);
	free(after);
}


/* The article rows' keys, as hex, in id order. */
static char *
hashes(void)
{
	return raw_text("SELECT group_concat(id || ':' || hex(hash), ' ') FROM (SELECT id, hash FROM articles ORDER BY id)");
}

/* Set article id's key to blob h of n bytes, as an older gloss wrote it. */
static void
set_hash(int64_t id, const uint8_t *h, size_t n)
{
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(raw, "UPDATE articles SET hash = ?1 WHERE id = ?2", -1, &s, NULL),
	    SQLITE_OK);
	sqlite3_bind_blob(s, 1, h, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

/* Is article id's key the blob h? */
static int
hash_is(int64_t id, const uint8_t *h)
{
	sqlite3_stmt *s;
	int yes;

	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT hash = ?1 FROM articles WHERE id = ?2", -1, &s, NULL),
	    SQLITE_OK);
	sqlite3_bind_blob(s, 1, h, CONTENT_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	yes = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return yes;
}

static void
count_rows(void *arg, size_t done, size_t total)
{
	(void)total;
	*(size_t *)arg = done;
}

/*
 * Migration 9 rekeys articles from SHA-256 to XXH3-128. A version 8
 * database (SHA-256 keys, one kept duplicate keyed by sha256(text NUL 1))
 * fails to migrate under a trigger and a full disk without any change;
 * then it migrates, every key is the new one of its text, and importing
 * a text it holds is still found to be a duplicate.
 */
static void
test_hash_migration(void **state)
{
	static const char other[] = "Carol phoned Dave from Oslo.";
	const char *text = "Alice met Bob in Paris on Monday.";
	uint8_t old[SHA256_LEN], want[CONTENT_HASH_LEN];
	char err[256], kept[64], *before, *after, *keys;
	int64_t a2, a3, id;
	size_t added, same, rows = 0;
	sha256_ctx c;
	doc d;
	int dup;

	(void)state;
	a2 = stu_article(st, other, NULL, NULL);
	doc_init(&d);
	assert_int_equal(doc_set_text(&d, text, strlen(text)), 0);
	assert_int_equal(store_import_begin(st), 0);
	assert_int_equal(store_import_add_dup(st, &d, STORE_DUP_KEEP, &a3, &dup, &added, &same), 0);
	assert_int_equal(store_import_end(st, 1), 0);
	assert_true(dup);
	store_close(st);
	st = NULL;
	/* the keys a version 8 gloss gave them */
	sha256(text, strlen(text), old);
	set_hash(aid, old, sizeof old);
	sha256(other, strlen(other), old);
	set_hash(a2, old, sizeof old);
	memcpy(kept, text, strlen(text));
	memcpy(kept + strlen(text), "\0" "1", 2);
	sha256_init(&c);
	sha256_update(&c, kept, strlen(text) + 2);
	sha256_final(&c, old);
	set_hash(a3, old, sizeof old);
	raw_exec("PRAGMA user_version = 8");
	before = disk_state();
	keys = hashes();
	for (int k = 0; k < 2; k++) {
		if (k == 0)
			fault_on("BEFORE UPDATE ON articles");
		else
			fail_writes = SQLITE_FULL;
		if (store_open(dbpath, &st, err, sizeof err) == 0)
			fail_msg("migration (%s): opened", k ? "disk full" : "trigger");
		fail_writes = 0;
		st = NULL;
		fault_off();
		after = disk_state();
		assert_string_equal(before, after);
		free(after);
		after = hashes();
		assert_string_equal(keys, after);
		free(after);
		assert_int_equal(raw_int("PRAGMA user_version"), 8);
	}
	store_set_migrate_progress(count_rows, &rows);
	if (store_open(dbpath, &st, err, sizeof err) != 0)
		fail_msg("migration after the faults: %s", err);
	store_set_migrate_progress(NULL, NULL);
	assert_true(raw_int("PRAGMA user_version") >= 9);
	assert_int_equal(raw_int("SELECT count(*) FROM articles WHERE length(hash) != 16"), 0);
	content_hash(text, strlen(text), want);
	assert_true(hash_is(aid, want));
	content_hash(other, strlen(other), want);
	assert_true(hash_is(a2, want));
	content_hash_kept(text, strlen(text), 1, want);
	assert_true(hash_is(a3, want));
	/* duplicates of the old articles are still found */
	assert_int_equal(stu_article(st, other, NULL, &dup), a2);
	assert_true(dup);
	assert_int_equal(stu_article(st, text, NULL, &dup), aid);
	assert_true(dup);
	assert_int_equal(raw_int("SELECT count(*) FROM articles"), 3);
	/* and a third copy kept apart takes the next free key */
	assert_int_equal(store_import_begin(st), 0);
	assert_int_equal(store_import_add_dup(st, &d, STORE_DUP_KEEP, &id, &dup, &added, &same), 0);
	assert_int_equal(store_import_end(st, 1), 0);
	assert_true(dup && id > a3);
	content_hash_kept(text, strlen(text), 2, want);
	assert_true(hash_is(id, want));
	doc_clear(&d);
	free(before);
	free(keys);
	assert_int_equal(rows, 3); /* told of every row at the end */
}

/*
 * Migration 10 (lean commits) adds articles.n_rejected, counted from the
 * spans, and swaps indexes and triggers: made to fail, a version 9
 * database stays as it was; then the count is right and kept in step.
 */
static void
test_lean_migration(void **state)
{
	span r = stu_span(10, 13, "PER", SPAN_REJECTED, SRC_MODEL, 0.5);
	char *before;

	(void)state;
	assert_int_equal(store_span_add(st, aid, &r), 0);
	store_close(st);
	st = NULL;
	/* back to version 9: no n_rejected, its indexes, no undo_redo */
	raw_exec("DROP TRIGGER spans_count_insert; DROP TRIGGER spans_count_delete; DROP TRIGGER spans_count_update;"
	    "DROP INDEX undo_redo; ALTER TABLE articles DROP COLUMN n_rejected;"
	    "CREATE INDEX undo_state ON undo(undone, grp);"
	    "CREATE INDEX undo_owner ON undo(annotator, undone, grp);"
	    "CREATE INDEX spans_decided ON spans(article_id) WHERE status <> 'suggested';"
	    "PRAGMA user_version = 9");
	before = migration_faults(9, "BEFORE UPDATE ON articles");
	free(before);
	assert_int_equal(raw_int("SELECT n_rejected FROM articles WHERE id = (SELECT article_id FROM spans "
	    "WHERE status = 'rejected')"), 1);
	assert_int_equal(raw_int("SELECT count(*) FROM sqlite_schema WHERE name IN ('undo_state', 'undo_owner', "
	    "'spans_decided')"), 0);
	/* the new triggers keep it */
	assert_int_equal(store_span_delete(st, r.id), 0);
	assert_int_equal(raw_int("SELECT sum(n_rejected) FROM articles"), 0);
}

/*
 * Migration 13 turns undo snapshots from JSON objects into arrays. A
 * version 12 log (objects) made to fail stays as it was; then every
 * snapshot is an array and undo, redo and undo again work on the old steps.
 */
static void
test_snapshot_migration(void **state)
{
	span s = stu_span(10, 13, "LOC", SPAN_CONFIRMED, SRC_MANUAL, 1);
	char *before, *spans0, *spans1;
	int64_t a;

	(void)state;
	spans0 = raw_text("SELECT group_concat(id || label || start, ' ') FROM spans");
	assert_int_equal(store_span_add(st, aid, &s), 0);
	s.label = "ORG";
	assert_int_equal(store_span_update(st, &s), 0);
	assert_int_equal(store_span_delete(st, sid), 0);
	spans1 = raw_text("SELECT group_concat(id || label || start, ' ') FROM spans");
	store_close(st);
	st = NULL;
	/* the snapshots as a version 12 gloss wrote them */
#define OBJ(c) "CASE WHEN " c " IS NULL THEN NULL ELSE json_object('id', " c "->>0, 'article_id', " c "->>1, " \
	"'start', " c "->>2, 'end', " c "->>3, 'label', " c "->>4, 'kind', " c "->>5, 'status', " c "->>6, " \
	"'source', " c "->>7, 'confidence', " c "->>8, 'note', " c "->>9, 'annotator', " c "->>10, " \
	"'created', " c "->>11, 'updated', " c "->>12) END"
	raw_exec("UPDATE undo SET before = " OBJ("before") ", after = " OBJ("after") " WHERE op <> 'status';"
	    "PRAGMA user_version = 12");
#undef OBJ
	assert_int_equal(raw_int("SELECT count(*) FROM undo WHERE json_type(coalesce(before, after)) = 'object'"), 4);
	before = migration_faults(12, "BEFORE UPDATE ON undo");
	free(before);
	store_set_annotator(st, "tester");
	assert_int_equal(raw_int("SELECT count(*) FROM undo WHERE op <> 'status' AND "
	    "json_type(coalesce(before, after)) <> 'array'"), 0);
	/* the old steps still undo (conflict checks compare snapshots) */
	assert_int_equal(store_undo(st, &a), 0); /* the delete */
	assert_int_equal(store_undo(st, &a), 0); /* the relabel */
	assert_int_equal(store_undo(st, &a), 0); /* the add */
	before = raw_text("SELECT group_concat(id || label || start, ' ') FROM spans");
	assert_string_equal(before, spans0);
	free(before);
	assert_int_equal(store_redo(st, &a), 0);
	assert_int_equal(store_redo(st, &a), 0);
	assert_int_equal(store_redo(st, &a), 0);
	before = raw_text("SELECT group_concat(id || label || start, ' ') FROM spans");
	assert_string_equal(before, spans1);
	free(before);
	free(spans0);
	free(spans1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_abort_every_step, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disk_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_rolled_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dateline_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lean_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
	};

	shim_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
