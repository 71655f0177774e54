/*
 * test_store_damage.c: a damaged database is noticed before anything is
 * written to it (issue 10, defect 8).
 *   - a damaged root page (of the undo table, of an index) makes store_open
 *     fail with "database damaged (table undo): run `gloss check`", and the
 *     file is byte for byte what it was (no journal mode change, no write);
 *   - damage deeper in a table is found when a read reaches it: the read
 *     fails as STORE_FAIL_DAMAGED and from then on the store starts no
 *     write, even one that would not touch the damaged page.
 *   - store_open_late (search, the interface) looks only before the first
 *     write: reads of undamaged tables work, the first write is refused
 *     and the file is unchanged.
 * Pages are damaged through the file (the database checkpointed first).
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
#include "model/doc.h"
#include "model/sha256.h"
#include "tests/unit/store_testutil.h"

static char path[64];

/* A database of n articles of about 1 KB each, one span, checkpointed. */
static void
make_db(int n)
{
	store *st;
	char text[1200];

	snprintf(path, sizeof path, "/tmp/gloss-damage-%ld.db", (long)getpid());
	unlink(path);
	st = stu_open(path, "tester");
	for (int i = 0; i < n; i++) {
		int k = snprintf(text, sizeof text, "Article %d. ", i);

		while (k < 1100)
			k += snprintf(text + k, sizeof text - (size_t)k, "Zoe Berg met Acme in Oslo %d. ", i);
		stu_article(st, text, NULL, NULL);
	}
	span s = stu_span(0, 7, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);
	assert_int_equal(store_span_add(st, 1, &s), 0);
	store_close(st);
}

static int64_t
one_text_int(const char *sql, const char *arg)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (arg != NULL)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_close(db);
	return v;
}

static int64_t
one_int(const char *sql)
{
	return one_text_int(sql, NULL);
}

/* Overwrite the start of page pg with 0xff bytes. */
static void
damage(int64_t pg)
{
	int64_t ps = one_int("PRAGMA page_size");
	FILE *f = fopen(path, "r+b");
	static const unsigned char junk[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	assert_non_null(f);
	assert_true(pg > 1);
	assert_int_equal(fseek(f, (long)((pg - 1) * ps), SEEK_SET), 0);
	assert_int_equal(fwrite(junk, 1, sizeof junk, f), sizeof junk);
	assert_int_equal(fclose(f), 0);
}

/* The SHA-256 of the database file, in hex. */
static void
file_sum(char out[65])
{
	FILE *f = fopen(path, "rb");
	sha256_ctx c;
	unsigned char buf[4096], d[32];
	size_t n;

	assert_non_null(f);
	sha256_init(&c);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sha256_update(&c, buf, n);
	fclose(f);
	sha256_final(&c, d);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Damage the root page of the b-tree called name: the open refuses. */
static void
refused_at_open(const char *type, const char *name)
{
	store *st = NULL;
	char err[256], before[65], after[65], want[96];

	make_db(3);
	snprintf(want, sizeof want, "database damaged (%s %s)", type, name);
	damage(one_text_int("SELECT rootpage FROM sqlite_schema WHERE name = ?1", name));
	file_sum(before);
	assert_int_not_equal(store_open(path, &st, err, sizeof err), 0);
	assert_null(st);
	if (strstr(err, want) == NULL || strstr(err, "run `gloss check`") == NULL)
		fail_msg("store_open said \"%s\", want \"%s\" and `gloss check`", err, want);
	file_sum(after);
	assert_string_equal(before, after);
	unlink(path);
}

static void
test_undo_root(void **state)
{
	(void)state;
	refused_at_open("table", "undo");
}

/* An index made by CREATE INDEX (the schema's first one on spans). */
static void
test_index_root(void **state)
{
	char name[64];
	sqlite3 *db;
	sqlite3_stmt *s;

	(void)state;
	make_db(1);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'index' "
	    "AND tbl_name = 'spans' AND sql IS NOT NULL ORDER BY name LIMIT 1", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(name, sizeof name, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	unlink(path);
	refused_at_open("index", name);
}

static void
test_deep_damage_stops_writes(void **state)
{
	store *st = NULL;
	char err[256], before[65], after[65];
	int64_t id, last;
	int hit = 0;

	(void)state;
	make_db(40);
	/* the last leaf of texts: the open's probe reads only the first */
	last = one_int("SELECT max(pageno) FROM dbstat WHERE name = 'texts' AND pagetype = 'leaf'");
	if (last <= 0)
		skip(); /* SQLite built without dbstat */
	damage(last);
	assert_int_equal(store_open(path, &st, err, sizeof err), 0);
	for (id = 1; id <= 40 && !hit; id++) {
		doc d;

		doc_init(&d);
		if (store_article_load(st, id, &d, 0) != 0)
			hit = 1;
		doc_clear(&d);
	}
	assert_true(hit);
	assert_int_equal(store_fail_kind(st), STORE_FAIL_DAMAGED);
	assert_non_null(strstr(store_errmsg(st), "run `gloss check`"));
	file_sum(before);
	/* article 1's text is intact, but the store writes no more */
	span s = stu_span(8, 11, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);
	assert_int_not_equal(store_span_add(st, 1, &s), 0);
	assert_int_equal(store_fail_kind(st), STORE_FAIL_DAMAGED);
	assert_int_not_equal(store_article_set_status(st, 1, "done"), 0);
	store_close(st);
	file_sum(after);
	assert_string_equal(before, after);
	unlink(path);
}

/* store_open_late: the damaged undo root is not read by opening an
 * article, but the first write looks for damage and is refused. */
static void
test_late_probe_before_first_write(void **state)
{
	store *st = NULL;
	char err[256], before[65], after[65];
	doc d;

	(void)state;
	make_db(3);
	damage(one_int("SELECT rootpage FROM sqlite_schema WHERE name = 'undo'"));
	file_sum(before);
	assert_int_equal(store_open_late(path, &st, err, sizeof err), 0);
	doc_init(&d);
	assert_int_equal(store_article_load(st, 1, &d, 0), 0);
	doc_clear(&d);
	span s = stu_span(8, 11, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);
	assert_int_not_equal(store_span_add(st, 1, &s), 0);
	assert_int_equal(store_fail_kind(st), STORE_FAIL_DAMAGED);
	if (strstr(store_errmsg(st), "database damaged (table undo)") == NULL)
		fail_msg("span add said \"%s\"", store_errmsg(st));
	assert_int_not_equal(store_article_set_status(st, 1, "done"), 0);
	assert_int_equal(store_fail_kind(st), STORE_FAIL_DAMAGED);
	store_close(st);
	file_sum(after);
	assert_string_equal(before, after);
	unlink(path);

	/* an intact database: the late probe passes and the write is made */
	make_db(1);
	assert_int_equal(store_open_late(path, &st, err, sizeof err), 0);
	assert_int_equal(store_span_add(st, 1, &s), 0);
	store_close(st);
	assert_int_equal(one_int("SELECT count(*) FROM spans"), 2);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_undo_root),
		cmocka_unit_test(test_index_root),
		cmocka_unit_test(test_deep_damage_stops_writes),
		cmocka_unit_test(test_late_probe_before_first_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
