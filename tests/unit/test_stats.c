/*
 * test_stats.c: annotation sessions from the times the store records with
 * each action (db/stats.c), with a fixed clock (GLOSS_TEST_NOW): active
 * time per annotator and article with pauses over the idle gap left out,
 * entities confirmed per day by hand or by accepting, imported ones not.
 */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "db/stats.h"
#include "db/store.h"
#include "tests/unit/store_testutil.h"

static void
at(long t)
{
	char v[32];

	snprintf(v, sizeof v, "%ld", t);
	setenv("GLOSS_TEST_NOW", v, 1);
}

static void
add(store *st, const char *who, long t, int64_t art, size_t a)
{
	span s = stu_span(a, a + 2, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);

	store_set_annotator(st, who);
	at(t);
	assert_int_equal(store_span_add(st, art, &s), 0);
}

static int
session(const char *who, int64_t art, const char *title, int64_t active, int64_t actions, void *arg)
{
	char *buf = arg;
	size_t n = strlen(buf);

	(void)title;
	snprintf(buf + n, 512 - n, "%s%s/%lld:%lld/%lld", n ? " " : "", who, (long long)art, (long long)active,
	    (long long)actions);
	return 0;
}

static int
day(const char *who, const char *d, int64_t confirmed, int64_t active, void *arg)
{
	char *buf = arg;
	size_t n = strlen(buf);

	snprintf(buf + n, 512 - n, "%s%s@%s:%lld/%lld", n ? " " : "", who, d, (long long)confirmed, (long long)active);
	return 0;
}

static void
test_sessions(void **state)
{
	char buf[512] = "";
	store *st = NULL;
	int64_t a1, a2, undo_art;
	span s;

	(void)state;
	at(500);
	st = stu_open(":memory:", NULL);
	a1 = stu_article(st, "Anna met Bert in Oslo on Monday.", NULL, NULL);
	a2 = stu_article(st, "Carl and Dora left Rome.", NULL, NULL);
	/* An imported suggestion, accepted later by ann. */
	s = stu_span(9, 13, "PER", SPAN_SUGGESTED, SRC_GAZETTEER, 1);
	store_set_annotator(st, NULL);
	assert_int_equal(store_span_add(st, a2, &s), 0); /* at 500: before ann's day */

	add(st, "ann", 1000, a1, 0);    /* first action: counts nothing */
	add(st, "bob", 1010, a1, 14);   /* bob's own clock */
	add(st, "ann", 1030, a1, 9);    /* +30 on a1 */
	add(st, "bob", 1050, a1, 17);   /* +40 on a1 */
	store_set_annotator(st, "ann");
	at(1090);
	s.status = SPAN_CONFIRMED;      /* accept: +60 on a2 */
	assert_int_equal(store_span_update(st, &s), 0);
	add(st, "ann", 1500, a2, 0);    /* a pause of 410 s: not counted */
	add(st, "ann", 1560, a2, 18);   /* +60 on a2 */
	add(st, "ann", 87000, a2, 5);   /* the next day, after a pause */
	add(st, "ann", 87100, a2, 20);  /* +100 */

	assert_int_equal(store_sessions_each(st, STATS_IDLE, session, buf), 0);
	/* the suggestion itself was an action of nobody in particular */
	assert_string_equal(buf, "ann/2:220/5 bob/1:40/2 ann/1:30/2 (unknown)/2:0/1");

	buf[0] = '\0';
	assert_int_equal(store_days_each(st, STATS_IDLE, day, buf), 0);
	assert_string_equal(buf, "(unknown)@1970-01-01:0/0 ann@1970-01-01:5/150 ann@1970-01-02:2/100 bob@1970-01-01:2/40");

	/* An undone action is not work done. */
	store_set_annotator(st, "ann");
	at(87200);
	assert_int_equal(store_undo(st, &undo_art), 0);
	buf[0] = '\0';
	assert_int_equal(store_sessions_each(st, STATS_IDLE, session, buf), 0);
	assert_string_equal(buf, "ann/2:120/4 bob/1:40/2 ann/1:30/2 (unknown)/2:0/1");

	/* A longer idle limit counts the pause. */
	buf[0] = '\0';
	assert_int_equal(store_sessions_each(st, 600, session, buf), 0);
	assert_string_equal(buf, "ann/2:530/4 bob/1:40/2 ann/1:30/2 (unknown)/2:0/1");
	store_close(st);
	unsetenv("GLOSS_TEST_NOW");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sessions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
