/*
 * test_filter.c: filtered and sorted article lists (db/filter.c): the
 * filter and sort parsers and their errors, each condition, combinations
 * with a text query, sorts, the counts the triggers of schema 4 keep
 * through span actions and undo, and an article's index in a filter.
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
#include "db/filter.h"
#include "db/store.h"
#include "tests/unit/store_testutil.h"

static const struct {
	const char *title, *date, *source, *text;
} arts[] = {
	{ "Bravo", "2026-01-15", "TASS", "Moscow talks with Gazprom officials." },
	{ "Alpha", "2026-03-31", "Reuters", "Gazprom raises prices in Berlin." },
	{ "Delta", "2026-04-01", "TASS", "Weather in Kazan." },
	{ "Charlie", NULL, "AP", "Undated story about Berlin." },
};

static store *
corpus(void)
{
	store *st = NULL;
	int64_t id;
	int dup;

	st = stu_open(":memory:", "t");
	assert_int_equal(store_import_begin(st), 0);
	for (size_t i = 0; i < sizeof arts / sizeof arts[0]; i++) {
		doc d;

		doc_init(&d);
		assert_int_equal(doc_set_text(&d, arts[i].text, strlen(arts[i].text)), 0);
		assert_int_equal(doc_set_str(&d.title, arts[i].title), 0);
		assert_int_equal(doc_set_str(&d.date, arts[i].date), 0);
		assert_int_equal(doc_set_str(&d.source, arts[i].source), 0);
		assert_int_equal(store_import_add(st, &d, &id, &dup), 0);
		doc_clear(&d);
	}
	assert_int_equal(store_import_end(st, 1), 0);
	return st;
}

static int
row(const store_article *a, void *arg)
{
	char *buf = arg;
	size_t n = strlen(buf);

	snprintf(buf + n, 256 - n, "%s%lld:%zu/%zu", n ? " " : "", (long long)a->id, a->confirmed, a->suggested);
	return 0;
}

/* The ids (and counts) the filter spec and sort give, e.g. "2:0/0 1:1/0". */
static char *
list(store *st, const char *spec, const char *sort)
{
	static char buf[256];
	char err[256];
	store_filter f;
	size_t n;

	store_filter_init(&f);
	buf[0] = '\0';
	assert_int_equal(store_filter_parse(&f, spec, err, sizeof err), 0);
	if (sort)
		assert_int_equal(store_sort_parse(&f, sort, err, sizeof err), 0);
	assert_int_equal(store_articles_filtered(st, &f, 0, 0, row, buf), 0);
	assert_int_equal(store_articles_filtered_count(st, &f, &n), 0);
	/* the count agrees with the rows */
	{
		size_t words = buf[0] ? 1 : 0;

		for (char *p = buf; *p; p++)
			words += *p == ' ';
		assert_int_equal(words, n);
	}
	store_filter_clear(&f);
	return buf;
}

static void
test_conditions(void **state)
{
	store *st = corpus();
	span s;

	(void)state;
	assert_string_equal(list(st, "", NULL), "1:0/0 2:0/0 3:0/0 4:0/0");
	assert_string_equal(list(st, "source=TASS", NULL), "1:0/0 3:0/0");
	assert_string_equal(list(st, "date=2026-01..2026-03", NULL), "1:0/0 2:0/0");
	assert_string_equal(list(st, "date=2026-04", NULL), "3:0/0");
	assert_string_equal(list(st, "date=2026-02..", NULL), "2:0/0 3:0/0");
	assert_string_equal(list(st, "date=..2026-01", NULL), "1:0/0");
	/* best match first: the shorter text */
	assert_string_equal(list(st, "text=berlin", NULL), "4:0/0 2:0/0");
	assert_string_equal(list(st, "text=berlin", "id"), "2:0/0 4:0/0");
	assert_string_equal(list(st, "text=gazprom source=TASS", NULL), "1:0/0");
	assert_string_equal(list(st, "text='\"raises prices\"'", NULL), "2:0/0");

	s = stu_span(0, 6, "LOC", SPAN_CONFIRMED, SRC_MANUAL, 1);
	assert_int_equal(store_span_add(st, 1, &s), 0);
	s = stu_span(18, 25, "ORG", SPAN_SUGGESTED, SRC_MANUAL, 1);
	assert_int_equal(store_span_add(st, 1, &s), 0);
	s = stu_span(0, 7, "ORG", SPAN_CONFIRMED, SRC_MANUAL, 1);
	s.note = "check the spelling";
	assert_int_equal(store_span_add(st, 2, &s), 0);
	assert_string_equal(list(st, "label=ORG", NULL), "2:1/0");
	assert_string_equal(list(st, "label=LOC status=unread", NULL), "1:1/1");
	assert_string_equal(list(st, "has=notes", NULL), "2:1/0");
	assert_string_equal(list(st, "has=suggestions", NULL), "1:1/1");
	assert_string_equal(list(st, "has=spans has=suggestions", NULL), "1:1/1");
	assert_int_equal(store_article_set_status(st, 3, "done"), 0);
	assert_string_equal(list(st, "status=done", NULL), "3:0/0");
	store_close(st);
}

static void
test_counts_follow_actions(void **state)
{
	store *st = corpus();
	span s = stu_span(0, 6, "LOC", SPAN_SUGGESTED, SRC_MANUAL, 1);
	int64_t art;

	(void)state;
	assert_int_equal(store_span_add(st, 1, &s), 0);
	assert_string_equal(list(st, "status=unread source=TASS date=2026-01", NULL), "1:0/1");
	s.status = SPAN_CONFIRMED; /* accept */
	assert_int_equal(store_span_update(st, &s), 0);
	assert_string_equal(list(st, "source=TASS date=2026-01", NULL), "1:1/0");
	assert_int_equal(store_undo(st, &art), 0);
	assert_string_equal(list(st, "source=TASS date=2026-01", NULL), "1:0/1");
	assert_int_equal(store_redo(st, &art), 0);
	assert_int_equal(store_span_delete(st, s.id), 0);
	assert_string_equal(list(st, "source=TASS date=2026-01", NULL), "1:0/0");
	assert_int_equal(store_undo(st, &art), 0);
	assert_string_equal(list(st, "source=TASS date=2026-01", NULL), "1:1/0");
	store_close(st);
}

static void
test_sort(void **state)
{
	store *st = corpus();
	span s = stu_span(0, 6, "LOC", SPAN_CONFIRMED, SRC_MANUAL, 1);

	(void)state;
	assert_string_equal(list(st, "", "title"), "2:0/0 1:0/0 4:0/0 3:0/0");
	assert_string_equal(list(st, "", "title desc"), "3:0/0 4:0/0 1:0/0 2:0/0");
	assert_string_equal(list(st, "", "date"), "4:0/0 1:0/0 2:0/0 3:0/0");
	assert_string_equal(list(st, "", "id desc"), "4:0/0 3:0/0 2:0/0 1:0/0");
	assert_int_equal(store_span_add(st, 3, &s), 0);
	assert_string_equal(list(st, "", "confirmed desc"), "3:1/0 4:0/0 2:0/0 1:0/0");
	assert_int_equal(store_article_set_status(st, 2, "done"), 0);
	assert_string_equal(list(st, "", "status"), "2:0/0 1:0/0 3:1/0 4:0/0");
	/* A text query without a sort: best match first. */
	assert_string_equal(list(st, "text='gazprom OR berlin'", "id"), "1:0/0 2:0/0 4:0/0");
	store_close(st);
}

static void
test_parse(void **state)
{
	store_filter f;
	char err[256], d[256];

	(void)state;
	store_filter_init(&f);
	assert_int_equal(store_filter_parse(&f, "status=unread label=ORG date=2026-01..2026-03 source=TASS "
	    "has=notes text=\"port talks\"", err, sizeof err), 0);
	assert_int_equal(store_sort_parse(&f, "date desc", err, sizeof err), 0);
	store_filter_describe(&f, d, sizeof d);
	assert_string_equal(d, "status=unread label=ORG date=2026-01..2026-03 source=TASS has=notes "
	    "text=\"port talks\" sort=\"date desc\"");
	/* Errors leave the filter as it was. */
	assert_int_equal(store_filter_parse(&f, "status=unread colour=red", err, sizeof err), -1);
	assert_string_equal(err, "unknown filter 'colour' (status label date source has text)");
	assert_int_equal(store_filter_parse(&f, "status=new", err, sizeof err), -1);
	assert_string_equal(err, "status=new: unread, started or done");
	assert_int_equal(store_filter_parse(&f, "has=cats", err, sizeof err), -1);
	assert_int_equal(store_filter_parse(&f, "text=\"open", err, sizeof err), -1);
	assert_string_equal(err, "text: the quote \" is not closed");
	assert_int_equal(store_filter_parse(&f, "ORG", err, sizeof err), -1);
	assert_int_equal(store_filter_parse(&f, "label=", err, sizeof err), -1);
	assert_int_equal(store_sort_parse(&f, "colour", err, sizeof err), -1);
	assert_int_equal(store_sort_parse(&f, "date sideways", err, sizeof err), -1);
	assert_string_equal(f.label, "ORG");
	assert_int_equal(f.sort, SORT_DATE);
	/* An empty spec clears the conditions and keeps the sort. */
	assert_int_equal(store_filter_parse(&f, "  ", err, sizeof err), 0);
	assert_true(store_filter_empty(&f));
	assert_int_equal(f.sort, SORT_DATE);
	store_filter_clear(&f);
}

static void
test_index(void **state)
{
	store *st = corpus();
	store_filter f;
	char err[256];
	size_t i = 99;

	(void)state;
	store_filter_init(&f);
	assert_int_equal(store_filter_parse(&f, "source=TASS", err, sizeof err), 0);
	assert_int_equal(store_sort_parse(&f, "id desc", err, sizeof err), 0);
	assert_int_equal(store_articles_filtered_index(st, &f, 1, &i), 0);
	assert_int_equal(i, 1);
	assert_int_equal(store_articles_filtered_index(st, &f, 2, &i), 1);
	store_filter_clear(&f);
	store_close(st);
}

/* The ids of rows offset.. (limit, 0: all) of the filter in its default
 * order, and the place of id in it (-1: not there). */
static char *
page(store *st, const char *spec, size_t offset, size_t limit, int64_t id, long *at)
{
	static char buf[256];
	char err[256];
	store_filter f;
	size_t i = 0;
	int rc;

	store_filter_init(&f);
	buf[0] = '\0';
	assert_int_equal(store_filter_parse(&f, spec, err, sizeof err), 0);
	assert_int_equal(store_articles_filtered(st, &f, offset, limit, row, buf), 0);
	rc = store_articles_filtered_index(st, &f, id, &i);
	assert_true(rc == 0 || rc == 1);
	*at = rc == 0 ? (long)i : -1;
	store_filter_clear(&f);
	return buf;
}

static size_t
count(store *st, const char *spec)
{
	char err[256];
	store_filter f;
	size_t n = 99;

	store_filter_init(&f);
	assert_int_equal(store_filter_parse(&f, spec, err, sizeof err), 0);
	assert_int_equal(store_articles_filtered_count(st, &f, &n), 0);
	store_filter_clear(&f);
	return n;
}

/*
 * A text filter's ranked list is kept between the count, the index and
 * the pages (filter.c, search_cache.c) while the database is unchanged:
 * a change by this connection or by another process shows at once.
 */
static void
test_ranked_list_kept(void **state)
{
	char path[] = "/tmp/gloss-test-filter-XXXXXX";
	store *st, *other;
	char err[256];
	long at;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	unlink(path);
	st = stu_open(path, "t");
	for (size_t i = 0; i < sizeof arts / sizeof arts[0]; i++)
		stu_article(st, arts[i].text, arts[i].title, NULL);
	assert_int_equal(count(st, "text=berlin"), 2);
	assert_string_equal(page(st, "text=berlin", 0, 0, 2, &at), "4:0/0 2:0/0");
	assert_int_equal(at, 1);
	/* pages of the kept list */
	assert_string_equal(page(st, "text=berlin", 1, 1, 4, &at), "2:0/0");
	assert_int_equal(at, 0);
	assert_string_equal(page(st, "text=berlin", 2, 5, 3, &at), "");
	assert_int_equal(at, -1);
	/* another condition with the same text: not the kept list */
	assert_int_equal(store_article_set_status(st, 4, "done"), 0);
	assert_string_equal(page(st, "text=berlin status=unread", 0, 0, 4, &at), "2:0/0");
	assert_int_equal(at, -1);
	assert_int_equal(count(st, "text=berlin status=unread"), 1);
	/* this connection imports a better match: first, counted */
	assert_int_equal(stu_article(st, "Berlin.", "Echo", NULL), 5);
	assert_int_equal(count(st, "text=berlin"), 3);
	assert_string_equal(page(st, "text=berlin", 0, 0, 2, &at), "5:0/0 4:0/0 2:0/0");
	assert_int_equal(at, 2);
	/* another process marks one done and imports one: seen at once */
	assert_int_equal(store_open(path, &other, err, sizeof err), 0);
	assert_int_equal(store_article_set_status(other, 2, "done"), 0);
	assert_int_equal(count(st, "text=berlin status=unread"), 1);
	assert_string_equal(page(st, "text=berlin status=unread", 0, 0, 5, &at), "5:0/0");
	assert_int_equal(stu_article(other, "Berlin, Berlin, Berlin.", "Foxtrot", NULL), 6);
	assert_int_equal(count(st, "text=berlin"), 4);
	assert_string_equal(page(st, "text=berlin", 0, 1, 6, &at), "6:0/0");
	assert_int_equal(at, 0);
	store_close(other);
	store_close(st);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conditions), cmocka_unit_test(test_counts_follow_actions),
		cmocka_unit_test(test_sort), cmocka_unit_test(test_parse), cmocka_unit_test(test_index),
		cmocka_unit_test(test_ranked_list_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
