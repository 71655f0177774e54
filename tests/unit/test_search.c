/*
 * test_search.c: corpus search (db/search.c): bm25 order with titles
 * weighted, snippets with marked matches, FTS5 syntax (phrase, NEAR,
 * prefix, title:), case and accent folding as in-article search, a query
 * FTS5 refuses searched as plain words, the first match in an article,
 * and migration 3 rebuilding an index made by the old tokenizer.
 */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "db/store.h"

static const struct {
	const char *title, *text;
} arts[] = {
	{ "Port talks", "GDAŃSK – Małgorzata Nowak opened the port talks on Monday. The port is busy." },
	{ "Ferry strike", "TALLINN – The ferry strike ended. Zoë Saldaña watched the ferry leave port." },
	{ "Gdańsk harbour news", "A short item about ships and cranes." },
	{ "Weather", "Rain over Søren's farm; the farmer said the rain would stop." },
};

static store *
open_corpus(const char *path)
{
	char err[256];
	store *st = NULL;
	int64_t id;
	int dup;

	assert_int_equal(store_open(path, &st, err, sizeof err), 0);
	assert_int_equal(store_import_begin(st), 0);
	for (size_t i = 0; i < sizeof arts / sizeof arts[0]; i++) {
		doc d;

		doc_init(&d);
		assert_int_equal(doc_set_text(&d, arts[i].text, strlen(arts[i].text)), 0);
		assert_int_equal(doc_set_str(&d.title, arts[i].title), 0);
		assert_int_equal(store_import_add(st, &d, &id, &dup), 0);
		doc_clear(&d);
	}
	assert_int_equal(store_import_end(st, 1), 0);
	return st;
}

struct res {
	char ids[64];       /* "1 3 2" */
	char snippet[512];  /* the first hit's, marks as [ ] */
	size_t n;
};

static int
collect(const store_hit *h, void *arg)
{
	struct res *r = arg;
	size_t len = strlen(r->ids);

	snprintf(r->ids + len, sizeof r->ids - len, "%s%lld", len ? " " : "", (long long)h->id);
	if (r->n++ == 0) {
		size_t o = 0;

		for (const char *p = h->snippet; *p && o + 2 < sizeof r->snippet; p++)
			r->snippet[o++] = *p == STORE_MARK_ON ? '[' : *p == STORE_MARK_OFF ? ']' : *p;
		r->snippet[o] = '\0';
	}
	return 0;
}

static struct res
search(store *st, const char *q, size_t limit)
{
	struct res r;

	memset(&r, 0, sizeof r);
	assert_int_equal(store_search(st, q, limit, collect, &r), 0);
	return r;
}

static void
test_rank_and_snippet(void **state)
{
	store *st = open_corpus(":memory:");
	struct res r;

	(void)state;
	/* "port": twice in 1, once in 2; bm25 puts 1 first. */
	r = search(st, "port", 0);
	assert_string_equal(r.ids, "1 2");
	assert_non_null(strstr(r.snippet, "[port] talks"));
	/* A title match outranks text matches: 3 has gdansk in its title. */
	r = search(st, "gdansk", 0);
	assert_string_equal(r.ids, "3 1");
	r = search(st, "port", 1);
	assert_string_equal(r.ids, "1");
	store_close(st);
}

static void
test_folding(void **state)
{
	store *st = open_corpus(":memory:");
	struct res r;

	(void)state;
	assert_string_equal(search(st, "GDANSK", 0).ids, "3 1");
	assert_string_equal(search(st, "zoe saldana", 0).ids, "2");
	r = search(st, "Zoë", 0);
	assert_string_equal(r.ids, "2");
	/* The snippet shows the stored text, accents and all. */
	assert_non_null(strstr(r.snippet, "[Zoë] Saldaña"));
	/* Letters without a decomposition fold as in-article search does. */
	assert_string_equal(search(st, "Małgorzata", 0).ids, "1");
	assert_string_equal(search(st, "søren", 0).ids, "4");
	store_close(st);
}

static void
test_syntax(void **state)
{
	store *st = open_corpus(":memory:");

	(void)state;
	assert_string_equal(search(st, "\"ferry strike\"", 0).ids, "2");
	assert_string_equal(search(st, "\"strike ferry\"", 0).ids, "");
	assert_string_equal(search(st, "NEAR(ferry leave, 2)", 0).ids, "2");
	assert_string_equal(search(st, "NEAR(monday busy, 1)", 0).ids, "");
	assert_string_equal(search(st, "cran*", 0).ids, "3");
	assert_string_equal(search(st, "title:port", 0).ids, "1");
	assert_string_equal(search(st, "ferry NOT zoe", 0).ids, "");
	assert_string_equal(search(st, "rain OR cranes", 0).ids, "4 3");
	/* FTS5 refuses these; they are searched as plain words. */
	assert_string_equal(search(st, "Søren's", 0).ids, "4");
	assert_string_equal(search(st, "\"port", 0).ids, "1 2");
	assert_string_equal(search(st, "nosuchcol:x", 0).ids, "");
	store_close(st);
}

static void
test_first_match(void **state)
{
	store *st = open_corpus(":memory:");
	size_t cp = 99;
	char *w = NULL;

	(void)state;
	assert_int_equal(store_search_first(st, 1, "malgorzata", &cp, &w), 1);
	assert_int_equal(cp, 9); /* "GDAŃSK – " is 9 code points */
	assert_string_equal(w, "Małgorzata");
	free(w);
	/* Only in the title: no place in the text. */
	assert_int_equal(store_search_first(st, 3, "gdansk", &cp, &w), 0);
	assert_null(w);
	store_close(st);
}

/* A database whose index the old tokenizer built (schema 2) is rebuilt by
 * migration 3, so folding works on articles imported before it. */
static void
test_migration(void **state)
{
	char dir[] = "/tmp/gloss-test-search.XXXXXX", path[256];
	sqlite3 *db;
	store *st;
	char err[256];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	st = open_corpus(path);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	/* The raw handle has no "gloss" tokenizer: edit the schema text. */
	assert_int_equal(sqlite3_exec(db,
	    "PRAGMA writable_schema = ON;"
	    "UPDATE sqlite_schema SET sql = replace(sql, 'tokenize = ''gloss''', "
	    "'tokenize = ''unicode61 remove_diacritics 2''') WHERE name = 'articles_fts';",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');"
	    /* and undo migration 4 */
	    "DROP TRIGGER spans_count_insert; DROP TRIGGER spans_count_delete;"
	    "DROP TRIGGER spans_count_update; DROP INDEX articles_date; DROP INDEX articles_title;"
	    "DROP INDEX articles_source; DROP INDEX articles_confirmed; DROP INDEX articles_suggested;"
	    "DROP INDEX undo_redo;"
	    "DROP INDEX spans_label; DROP INDEX spans_noted; DROP INDEX spans_highlight;"
	    /* and 6 */
	    "DROP TABLE feeds; DROP INDEX articles_ext_id; DROP INDEX articles_url;"
	    "ALTER TABLE articles DROP COLUMN n_confirmed; ALTER TABLE articles DROP COLUMN n_suggested;"
	    "ALTER TABLE articles DROP COLUMN n_rejected;" /* and 10 */
	    "PRAGMA user_version = 2;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &st, err, sizeof err), 0);
	assert_int_equal(store_schema_version(st), 11);
	assert_string_equal(search(st, "malgorzata", 0).ids, "1");
	store_close(st);
	unlink(path);
	snprintf(path, sizeof path, "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank_and_snippet), cmocka_unit_test(test_folding),
		cmocka_unit_test(test_syntax), cmocka_unit_test(test_first_match),
		cmocka_unit_test(test_migration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
