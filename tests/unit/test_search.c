/*
 * test_search.c: corpus search (db/search.c): bm25 order with titles
 * weighted, snippets with marked matches, FTS5 syntax (phrase, NEAR,
 * prefix, title:), case and accent folding as in-article search, a query
 * FTS5 refuses searched as plain words, the first match in an article,
 * and migration 3 rebuilding an index made by the old tokenizer.
 *
 * The ranking (search_rank.c) is checked against FTS5's own: on a
 * generated corpus, every query form gives the ids, ranks, titles and
 * snippets of SELECT ... ORDER BY rank, the statement it replaced (run
 * here on the store's connection, hence db/store_int.h).
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
#include "db/filter.h"
#include "db/store.h"
#include "db/store_int.h"
#include "model/buf.h"

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

/* --- the ranking against FTS5's ------------------------------------------ */

/* n articles of words drawn from a small vocabulary (a fixed LCG), the
 * first words common and the last rare, so the queries below hit from a
 * few to most articles, with varied counts and lengths. */
static void
add_generated(store *st, unsigned *seed, int n)
{
	static const char *const words[] = {
		"port", "ferry", "strike", "talks", "minister", "Gdańsk", "Małgorzata", "robot", "robots",
		"robotics", "security", "risks", "the", "of", "a", "harbour", "union", "crane", "ships",
		"weather", "rain", "Zoë", "council", "budget", "vote", "delay", "w1", "w2", "w3", "w4", "w5",
		"w6", "w7", "w8", "w9", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
	};
#define PICK(r) words[((r) >> 16) % nw * (((r) >> 4) % nw) / nw]
	const size_t nw = sizeof words / sizeof words[0];
	int64_t id;
	int dup;

	assert_int_equal(store_import_begin(st), 0);
	for (int i = 0; i < n; i++) {
		char title[256] = "", text[4096] = "";
		size_t tn = 0, xn = 0;
		int nt = 2 + (int)(*seed % 5), nx = 5 + (int)((*seed >> 8) % 120);
		doc d;

		for (int j = 0; j < nt; j++) {
			*seed = *seed * 1103515245u + 12345u;
			tn += (size_t)snprintf(title + tn, sizeof title - tn, "%s%s", j ? " " : "", PICK(*seed));
		}
		for (int j = 0; j < nx; j++) {
			*seed = *seed * 1103515245u + 12345u;
			xn += (size_t)snprintf(text + xn, sizeof text - xn, "%s%s%s", j ? " " : "", PICK(*seed),
			    (*seed >> 12) % 9 == 0 ? "." : "");
		}
		doc_init(&d);
		assert_int_equal(doc_set_text(&d, text, xn), 0);
		assert_int_equal(doc_set_str(&d.title, title), 0);
		assert_int_equal(store_import_add(st, &d, &id, &dup), 0);
		doc_clear(&d);
	}
	assert_int_equal(store_import_end(st, 1), 0);
#undef PICK
}

struct rows {
	struct buf b;
	size_t n;
};

static int
put_hit(const store_hit *h, void *arg)
{
	struct rows *r = arg;

	buf_printf(&r->b, "%lld %.17g %s|%s\n", (long long)h->id, h->rank, h->title, h->snippet);
	r->n++;
	return 0;
}

/* What the statement search_rank.c replaced gives for q. */
static char *
fts5_says(store *st, const char *q, size_t limit)
{
	sqlite3_stmt *s;
	struct buf b = { 0 };

	assert_int_equal(sqlite3_prepare_v2(st->db,
	    "SELECT rowid, rank, title, snippet(articles_fts, 1, char(2), char(3), '…', 12) "
	    "FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rank LIMIT ?2", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, q, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, limit ? (int64_t)limit : -1);
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_printf(&b, "%lld %.17g %s|%s\n", (long long)sqlite3_column_int64(s, 0), sqlite3_column_double(s, 1),
		    (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
	return b.s ? b.s : strdup("");
}

static const char *const forms[] = {
	"port", "the", "malgorzata", "\"security risks\"", "robot*", "rob*", "robot* port", "port OR zoe",
	"ferry NOT strike", "NEAR(port talks, 3)", "title:strike", "title:port ferry", "^port",
	"{title}: robot*", "\"the port\" OR rain", "zzz", "x9", "vote", "w*", "zoe OR delay OR budget",
};

/* Every form, all rows and the first 5 and 40, as FTS5 ranks and shows
 * them (with a limit, a one-phrase query keeps only its best rows). */
static void
same_as_fts5(store *st)
{
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		for (size_t limit = 0; limit <= 40; limit = limit ? limit * 5 + 15 : 5) {
			struct rows r = { { 0 }, 0 };
			char *want = fts5_says(st, forms[i], limit);

			assert_int_equal(store_search(st, forms[i], limit, put_hit, &r), 0);
			if (strcmp(want, r.b.s ? r.b.s : "") != 0)
				fail_msg("%s (limit %zu):\nwant %s\ngot  %s", forms[i], limit, want, r.b.s ? r.b.s : "");
			free(want);
			buf_free(&r.b);
		}
	}
}

static int
put_article(const store_article *a, void *arg)
{
	buf_printf(arg, "%lld ", (long long)a->id);
	return 0;
}

/* The list's text= filter, best first, is FTS5's order too (rank, then
 * id), and its count and an article's place in it agree; with status=
 * (status not NULL) too, which filter.c checks one by one for a few
 * matches and through a bitmap for many: both ways are seen. */
static void
filter_as_fts5(store *st, const char *status)
{
	size_t few = 0, many = 0;

	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		sqlite3_stmt *s;
		struct buf want = { 0 }, got = { 0 };
		store_filter f;
		size_t n = 0, at = 99, rows = 0, all = 0;
		int64_t third = 0;

		assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1",
		    -1, &s, NULL), SQLITE_OK);
		sqlite3_bind_text(s, 1, forms[i], -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			all = (size_t)sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		few += all > 0 && all <= 1024;
		many += all > 1024;
		assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 "
		    "AND (?2 IS NULL OR rowid IN (SELECT id FROM articles WHERE status = ?2)) ORDER BY rank, rowid", -1,
		    &s, NULL), SQLITE_OK);
		sqlite3_bind_text(s, 1, forms[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC);
		for (; sqlite3_step(s) == SQLITE_ROW; rows++) {
			buf_printf(&want, "%lld ", (long long)sqlite3_column_int64(s, 0));
			if (rows == 2)
				third = sqlite3_column_int64(s, 0);
		}
		sqlite3_finalize(s);
		store_filter_init(&f);
		f.text = (char *)(uintptr_t)forms[i];
		f.status = (char *)(uintptr_t)status;
		assert_int_equal(store_articles_filtered(st, &f, 0, 0, put_article, &got), 0);
		if (strcmp(want.s ? want.s : "", got.s ? got.s : "") != 0)
			fail_msg("text=%s:\nwant %s\ngot  %s", forms[i], want.s ? want.s : "", got.s ? got.s : "");
		assert_int_equal(store_articles_filtered_count(st, &f, &n), 0);
		assert_int_equal(n, rows);
		if (third) {
			assert_int_equal(store_articles_filtered_index(st, &f, third, &at), 0);
			assert_int_equal(at, 2);
		}
		buf_free(&want);
		buf_free(&got);
	}
	assert_true(few > 0 && many > 0);
}

/* The list's snippets of a page of articles, made in one pass, are
 * FTS5's snippet() of each (store_search_snippet); an article the query
 * does not match gets "". Both with the ranking the list's count kept
 * (kept = 1) and without one. */
static void
snippets_as_fts5(store *st, int kept)
{
	int64_t ids[40];
	char *got[40];

	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		for (size_t k = 0; k < 40; k++)
			ids[k] = (int64_t)(k * 27 + i) % 1100 + 1;
		if (kept) {
			store_filter f;
			size_t n;

			store_filter_init(&f);
			f.text = (char *)(uintptr_t)forms[i];
			assert_int_equal(store_articles_filtered_count(st, &f, &n), 0);
			assert_non_null(st_rank_peek(st, forms[i]));
		} else {
			assert_int_equal(sqlite3_exec(st->db, "UPDATE articles SET position = position WHERE id = 1",
			    NULL, NULL, NULL), SQLITE_OK);
			assert_null(st_rank_peek(st, forms[i]));
		}
		assert_int_equal(store_search_snippets(st, forms[i], ids, 40, got), 0);
		for (size_t k = 0; k < 40; k++) {
			char *want = NULL;

			assert_int_equal(store_search_snippet(st, ids[k], forms[i], &want), 0);
			if (strcmp(want, got[k]) != 0)
				fail_msg("%s, article %lld:\nwant %s\ngot  %s", forms[i], (long long)ids[k], want, got[k]);
			free(want);
			free(got[k]);
		}
	}
}

static void
test_rank_as_fts5(void **state)
{
	store *st;
	char err[256];
	unsigned seed = 7;
	struct rows r = { { 0 }, 0 };

	(void)state;
	assert_int_equal(store_open(":memory:", &st, err, sizeof err), 0);
	/* Two imports: the lengths of the second are added to the first's. */
	add_generated(st, &seed, 700);
	add_generated(st, &seed, 400);
	assert_int_equal(store_search(st, "port", 0, put_hit, &r), 0);
	assert_true(r.n > 300);
	assert_true(strstr(r.b.s, "\x02port\x03") != NULL); /* snippets still marked */
	buf_free(&r.b);
	same_as_fts5(st);
	filter_as_fts5(st, NULL);
	/* every third article done: status=done and status=unread */
	assert_int_equal(sqlite3_exec(st->db, "UPDATE articles SET status = 'done' WHERE id % 3 = 0", NULL, NULL, NULL),
	    SQLITE_OK);
	filter_as_fts5(st, "done");
	filter_as_fts5(st, "unread");
	snippets_as_fts5(st, 1);
	snippets_as_fts5(st, 0);
	/* Lengths search_len lacks are read from FTS5's docsize. */
	assert_int_equal(sqlite3_exec(st->db, "DELETE FROM search_len WHERE chunk = 1", NULL, NULL, NULL), SQLITE_OK);
	same_as_fts5(st);
	store_close(st);
}

/* Schema 12 adds search_len: a version-11 database gets it filled. */
static void
test_upgrade_to_search_len(void **state)
{
	char dir[] = "/tmp/gloss-test-search.XXXXXX", path[256], err[256];
	unsigned seed = 3;
	sqlite3 *db;
	store *st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(store_open(path, &st, err, sizeof err), 0);
	add_generated(st, &seed, 600);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE search_len; PRAGMA user_version = 11", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &st, err, sizeof err), 0);
	assert_int_equal(store_schema_version(st), 14);
	{
		sqlite3_stmt *s;

		assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT count(*) FROM search_len", -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(s, 0), 2); /* ids 1..600: 512 to a row */
		sqlite3_finalize(s);
	}
	same_as_fts5(st);
	store_close(st);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
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
	assert_int_equal(store_schema_version(st), 14);
	assert_string_equal(search(st, "malgorzata", 0).ids, "1");
	store_close(st);
	unlink(path);
	snprintf(path, sizeof path, "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

/*
 * A one-phrase query with a limit keeps only its best rows as it goes
 * (search_rank.c add_best); when rows tie at the edge of what it kept it
 * ranks again the whole way. Both as FTS5 ranks them.
 */
static void
test_best_rows_kept(void **state)
{
	char err[256];
	store *st;
	unsigned long again;

	(void)state;
	assert_int_equal(store_open(":memory:", &st, err, sizeof err), 0);
	assert_int_equal(store_import_begin(st), 0);
	for (int i = 0; i < 160; i++) {
		char text[2048];
		size_t n = 0;
		int64_t id;
		int dup;
		doc d;

		/* 80 of one score, then 80 of as many scores, in no order */
		if (i < 80)
			n = (size_t)snprintf(text, sizeof text, "delta n%d", 100 + i);
		else
			for (int k = 0; k <= (i - 80) * 37 % 80 && n + 32 < sizeof text; k++)
				n += (size_t)snprintf(text + n, sizeof text - n, "%sepsilon%s w%d", k ? " " : "", k % 3 ? "" : " x",
				    i);
		doc_init(&d);
		assert_int_equal(doc_set_text(&d, text, n), 0);
		assert_int_equal(store_import_add(st, &d, &id, &dup), 0);
		doc_clear(&d);
	}
	assert_int_equal(store_import_end(st, 1), 0);
	for (int q = 0; q < 2; q++) {
		const char *query = q ? "epsilon" : "delta";

		for (size_t limit = 1; limit <= 60; limit *= 3) {
			struct rows r = { { 0 }, 0 };
			char *want = fts5_says(st, query, limit);

			again = st->rank_again;
			assert_int_equal(store_search(st, query, limit, put_hit, &r), 0);
			if (strcmp(want, r.b.s ? r.b.s : "") != 0)
				fail_msg("%s (limit %zu):\nwant %s\ngot  %s", query, limit, want, r.b.s ? r.b.s : "");
			assert_int_equal(r.n, limit);
			/* the 80 ties rank again; the 80 scores need not */
			assert_int_equal(st->rank_again - again, q ? 0 : 1);
			free(want);
			buf_free(&r.b);
		}
	}
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank_and_snippet), cmocka_unit_test(test_folding),
		cmocka_unit_test(test_syntax), cmocka_unit_test(test_first_match),
		cmocka_unit_test(test_migration), cmocka_unit_test(test_rank_as_fts5), cmocka_unit_test(test_best_rows_kept),
		cmocka_unit_test(test_upgrade_to_search_len),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
