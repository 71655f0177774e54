/*
 * test_resuggest_sync.c: what a decision costs the disk with suggestions
 * on (issue 12 item 3: one fsync per user action, synchronous=FULL kept).
 * The interface commits the decision, then writes the article's new
 * suggestions as derived data (tui/suggest_ui.c suggest_derived:
 * store_derived around suggester_article). Here the same store calls are
 * made on a real file in WAL mode, under a VFS whose xSync counts: the tag
 * syncs once, the suggestions not at all, and they still never replace a
 * decision made in between (store_suggest's rules).
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
#include "db/store.h"
#include "db/suggester.h"
#include "tests/unit/store_testutil.h"

/* --- a VFS that counts xSync: the real file, its methods but one ------- */

static sqlite3_vfs count_vfs, *real_vfs;
/* a file's methods copied with xSync counting; unix has one table for the
 * database file and another for its journal and WAL */
enum { NIO = 4 };
static sqlite3_io_methods count_io[NIO];
static const sqlite3_io_methods *real_io[NIO];
static size_t nio;
static int syncs;

static int
cnt_sync(sqlite3_file *f, int flags)
{
	for (size_t i = 0; i < nio; i++)
		if (f->pMethods == &count_io[i]) {
			syncs++;
			return real_io[i]->xSync(f, flags);
		}
	return SQLITE_IOERR_FSYNC;
}

static int
cnt_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	size_t i;
	int rc;

	(void)vfs;
	rc = real_vfs->xOpen(real_vfs, name, f, flags, out);
	if (rc != SQLITE_OK || f->pMethods == NULL)
		return rc;
	for (i = 0; i < nio && real_io[i] != f->pMethods; i++)
		;
	if (i == nio) {
		if (nio == NIO)
			return rc; /* not counted: the test's asserts say so */
		real_io[nio] = f->pMethods;
		count_io[nio] = *f->pMethods;
		count_io[nio++].xSync = cnt_sync;
	}
	f->pMethods = &count_io[i];
	return rc;
}

static void
count_install(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	assert_non_null(real_vfs);
	count_vfs = *real_vfs;
	count_vfs.zName = "sync-count";
	count_vfs.xOpen = cnt_open;
	assert_int_equal(sqlite3_vfs_register(&count_vfs, 1), SQLITE_OK);
}

/* "Ann Berg" at 0, 24 and 44. */
static const char text[] = "Ann Berg met Bob. Later Ann Berg left. Then Ann Berg came.";

static void
test_one_sync_per_decision(void **state)
{
	char dir[256], path[300], err[256];
	suggester_opts o = { ENG_PROPAGATE, NULL, NULL, 0 };
	span tag = stu_span(0, 8, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);
	span rej = stu_span(44, 52, "PER", SPAN_REJECTED, SRC_MANUAL, 1);
	span other = stu_span(13, 16, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);
	suggester *sg;
	store *st;
	int64_t aid;
	size_t added;

	(void)state;
	snprintf(dir, sizeof dir, "%s/gloss-sync.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/s.db", dir);
	st = stu_open(path, "tester");
	aid = stu_article(st, text, NULL, NULL);
	assert_int_equal(suggester_new(st, &o, &sg, err, sizeof err), 0);
	assert_true(nio > 0); /* the store's files go through the counter */

	/* the tag: one commit, one sync (synchronous=FULL) */
	syncs = 0;
	assert_int_equal(store_span_add(st, aid, &tag), 0);
	assert_int_equal(syncs, 1);
	/* a decision at the third place, made before the suggestions are */
	syncs = 0;
	assert_int_equal(store_span_add(st, aid, &rej), 0);
	assert_int_equal(syncs, 1);

	/* the suggestions after it: derived data, no sync of their own */
	syncs = 0;
	assert_int_equal(store_derived(st, 1), 0);
	assert_int_equal(suggester_learn(sg, aid, &tag, 1, 0), 0);
	assert_int_equal(suggester_article(sg, aid, &added), 0);
	assert_int_equal(store_derived(st, 0), 0);
	assert_int_equal(syncs, 0);
	assert_int_equal(added, 1);
	assert_string_equal(stu_spans(st, aid), "0-8:PER:confirmed:manual:1.00 24-32:PER:suggested:propagate:0.67 "
	    "44-52:PER:rejected:manual:1.00");

	/* the next user action is FULL again: it syncs, and with it them */
	syncs = 0;
	assert_int_equal(store_span_add(st, aid, &other), 0);
	assert_int_equal(syncs, 1);
	suggester_free(sg);
	store_close(st);
	unlink(path);
	snprintf(path, sizeof path, "%s/s.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/s.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

/*
 * The interface suggests again for the open article after each decision;
 * what only the text decides (gazetteer, pattern, the tagger) is kept
 * from the last time (db/suggester.c), until the tagger learns. Here it
 * learns from the article itself, then a decision is taken back: the
 * place freed gets the trained tagger's suggestion, not the kept nothing
 * of the untrained one.
 */
static void
test_tagger_output_kept_until_it_learns(void **state)
{
	char err[256];
	suggester_opts o = { ENG_MODEL, NULL, NULL, 0 };
	span gold[] = { stu_span(0, 8, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1),
		stu_span(13, 16, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1),
		stu_span(24, 32, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1),
		stu_span(44, 52, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1) };
	suggester *sg;
	store *st = stu_open(":memory:", "tester");
	int64_t aid = stu_article(st, text, NULL, NULL), art;
	size_t added = 99;

	(void)state;
	assert_int_equal(suggester_new(st, &o, &sg, err, sizeof err), 0);
	/* an untrained tagger suggests nothing */
	assert_int_equal(suggester_article(sg, aid, &added), 0);
	assert_int_equal(added, 0);
	for (size_t i = 0; i < sizeof gold / sizeof gold[0]; i++)
		assert_int_equal(store_span_add(st, aid, &gold[i]), 0);
	assert_int_equal(suggester_learn(sg, aid, gold, sizeof gold / sizeof gold[0], 1), 0);
	/* the last Ann Berg taken back: the trained tagger suggests it */
	assert_int_equal(store_undo(st, &art), 0);
	assert_int_equal(suggester_article(sg, aid, &added), 0);
	assert_int_equal(added, 1);
	assert_non_null(strstr(stu_spans(st, aid), "44-52:PER:suggested:model:"));
	suggester_free(sg);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_sync_per_decision),
		cmocka_unit_test(test_tagger_output_kept_until_it_learns),
	};

	count_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
