/*
 * test_undo_owner.c: undo and redo belong to the annotator who acted
 * (issue 10, defect 1). Two stores on one database file play two
 * interfaces (--annotator a and b): one's undo never removes or changes
 * the other's work, a new action drops only its own redo stack, and a
 * step whose span someone else changed since is refused whole (1).
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
#include "db/store.h"
#include "tests/unit/store_testutil.h"

static char path[256];

static span
tag(store *st, int64_t art, size_t start, size_t end, const char *name)
{
	span s;

	memset(&s, 0, sizeof s);
	s.start = start, s.end = end, s.label = name, s.kind = SPAN_ENTITY, s.status = SPAN_CONFIRMED;
	assert_int_equal(store_span_add(st, art, &s), 0);
	return s;
}

/* The label of span id as the store has it now, or "gone". */
static const char *
label_of(store *st, int64_t art, int64_t id)
{
	static char out[32];
	doc d;

	doc_init(&d);
	assert_int_equal(store_article_load(st, art, &d, 1), 0);
	snprintf(out, sizeof out, "gone");
	for (size_t i = 0; i < d.nspans; i++)
		if (d.spans[i].id == id)
			snprintf(out, sizeof out, "%s", d.spans[i].label ? d.spans[i].label : "-");
	doc_clear(&d);
	return out;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "%s/gloss-undo-owner-%d.db", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
	    (int)getpid());
	return 0;
}

static int
teardown(void **state)
{
	char p[300];

	(void)state;
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	return 0;
}

/* The scene: A tags in article 2, B tags GDAŃSK in article 1, A
 * presses u. */
static void
test_undo_is_mine(void **state)
{
	store *a = stu_open(path, "a"), *b = stu_open(path, "b");
	int64_t one = stu_article(a, "GDAŃSK, 3 May. Port workers met.", NULL, NULL);
	int64_t two = stu_article(a, "Oslo is cold.", NULL, NULL), art;
	span sa = tag(a, two, 0, 4, "LOC"), sb = tag(b, one, 0, 6, "LOC");

	(void)state;
	assert_int_equal(store_undo(a, &art), 0);
	assert_int_equal(art, two);
	assert_string_equal(label_of(a, two, sa.id), "gone");
	assert_string_equal(label_of(a, one, sb.id), "LOC"); /* B's work stays */
	assert_int_equal(store_undo(a, &art), 0);
	assert_int_equal(art, 0); /* A has nothing more; B's action is not A's */
	assert_string_equal(label_of(b, one, sb.id), "LOC");

	/* B's new action leaves A's redo stack alone. */
	tag(b, one, 8, 13, "MISC");
	assert_int_equal(store_redo(a, &art), 0);
	assert_int_equal(art, two);
	assert_string_equal(label_of(a, two, sa.id), "LOC");
	/* B's undo takes B's latest (the MISC tag), then GDAŃSK, nothing of A's. */
	assert_int_equal(store_undo(b, &art), 0);
	assert_int_equal(store_undo(b, &art), 0);
	assert_int_equal(art, one);
	assert_string_equal(label_of(b, one, sb.id), "gone");
	assert_int_equal(store_undo(b, &art), 0);
	assert_int_equal(art, 0);
	assert_string_equal(label_of(b, two, sa.id), "LOC");
	store_close(a);
	store_close(b);
}

/* A step whose span someone else changed since is refused, nothing done. */
static void
test_changed_since(void **state)
{
	store *a = stu_open(path, "a"), *b = stu_open(path, "b");
	int64_t art = stu_article(a, "Zoe Berg visited Oslo.", NULL, NULL), got;
	span x = tag(a, art, 0, 8, "PER"), y;

	(void)state;
	/* B relabels A's span; A's undo of the add would remove B's decision. */
	x.label = "ORG";
	assert_int_equal(store_span_update(b, &x), 0);
	assert_int_equal(store_undo(a, &got), 1);
	assert_int_equal(got, art);
	assert_string_equal(label_of(a, art, x.id), "ORG");
	/* B deletes it: A's undo still refuses (the span is not as A left it). */
	assert_int_equal(store_span_delete(b, x.id), 0);
	assert_int_equal(store_undo(a, &got), 1);
	assert_string_equal(label_of(a, art, x.id), "gone");
	/* B's own undo works: B's delete, then B's relabel. */
	assert_int_equal(store_undo(b, &got), 0);
	assert_string_equal(label_of(b, art, x.id), "ORG");
	assert_int_equal(store_undo(b, &got), 0);
	assert_string_equal(label_of(b, art, x.id), "PER");
	/* Now the span is as A left it again: A's undo goes through. */
	assert_int_equal(store_undo(a, &got), 0);
	assert_string_equal(label_of(a, art, x.id), "gone");

	/* Redo: A tags and undoes; B cannot bring the id back, but a relabel
	 * after A's redo by B then blocks A's next undo only. */
	y = tag(a, art, 17, 21, "LOC");
	assert_int_equal(store_undo(a, &got), 0);
	assert_int_equal(store_redo(a, &got), 0);
	assert_string_equal(label_of(a, art, y.id), "LOC");
	store_close(a);
	store_close(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_undo_is_mine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_since, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
