/*
 * test_spanload.c: the interface's spans are the stored ones. The reader
 * loads an article's spans with store_spans_each_brief into a spanset
 * (compact nodes, interned labels) and then keeps that set in step with
 * each action, undo and redo without reloading; an import merge makes it
 * reload. After each, the set must hold exactly what the store holds:
 * ids, ranges, labels, kind, status, source, confidence, note, in order.
 * What the store holds is read with SQL of the test's own (names parsed
 * the slow, exact way), not through the store's row decoding.
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
#include "model/buf.h"
#include "tests/unit/store_testutil.h"

/* A list of owned span copies. */
struct list {
	span *v;
	size_t n, cap;
};

static int
collect(const span *s, void *arg)
{
	struct list *l = arg;
	span *v = array_grow(l->v, &l->cap, l->n + 1, sizeof *v);

	assert_non_null(v);
	l->v = v;
	assert_int_equal(span_copy(&l->v[l->n++], s), 0);
	return 0;
}

static void
list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		span_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static char dbpath[64];

/* A store in a file of its own, so the test can read it with plain SQL. */
static store *
open_file(void)
{
	int fd;

	strcpy(dbpath, "/tmp/gloss-spanload-XXXXXX");
	assert_true((fd = mkstemp(dbpath)) >= 0);
	close(fd);
	unlink(dbpath);
	return stu_open(dbpath, "tester");
}

static void
close_file(store *st)
{
	char p[80];

	store_close(st);
	unlink(dbpath);
	snprintf(p, sizeof p, "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", dbpath);
	unlink(p);
}

/* Article aid's spans as the database holds them, in span_cmp order. */
static void
stored(int64_t aid, struct list *l)
{
	sqlite3 *db;
	sqlite3_stmt *q;

	assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id, start, \"end\", label, kind, status, source, "
	    "confidence, note FROM spans WHERE article_id = ?1 ORDER BY start, \"end\" DESC, id", -1, &q, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(q, 1, aid);
	while (sqlite3_step(q) == SQLITE_ROW) {
		span s;

		memset(&s, 0, sizeof s);
		s.id = sqlite3_column_int64(q, 0);
		s.start = (size_t)sqlite3_column_int64(q, 1);
		s.end = (size_t)sqlite3_column_int64(q, 2);
		s.label = (const char *)sqlite3_column_text(q, 3);
		s.kind = span_kind_parse((const char *)sqlite3_column_text(q, 4));
		s.status = span_status_parse((const char *)sqlite3_column_text(q, 5));
		s.source = span_source_parse((const char *)sqlite3_column_text(q, 6));
		s.confidence = sqlite3_column_double(q, 7);
		s.note = (const char *)sqlite3_column_text(q, 8);
		collect(&s, l);
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* The set holds what the store holds for article aid, in the same order. */
static void
check_same(store *st, int64_t aid, const spanset *ss)
{
	struct list want = { 0 }, got = { 0 };

	(void)st;
	stored(aid, &want);
	spanset_each(ss, collect, &got);
	assert_int_equal(got.n, want.n);
	assert_int_equal(spanset_count(ss), want.n);
	for (size_t i = 0; i < want.n; i++) {
		const span *w = &want.v[i], *g = &got.v[i];
		const span *byid = spanset_get(ss, w->id);

		assert_int_equal(g->id, w->id);
		assert_int_equal(g->start, w->start);
		assert_int_equal(g->end, w->end);
		same_str(g->label, w->label);
		assert_int_equal(g->kind, w->kind);
		assert_int_equal(g->status, w->status);
		assert_int_equal(g->source, w->source);
		assert_true(g->confidence == w->confidence);
		same_str(g->note, w->note);
		assert_non_null(byid);
		assert_int_equal(byid->start, w->start);
		assert_int_equal(byid->status, w->status);
		same_str(byid->label, w->label);
	}
	list_free(&want);
	list_free(&got);
}

static int
load_cb(const span *s, void *arg)
{
	return spanset_add(arg, s) != 0;
}

static spanset *
load(store *st, int64_t aid)
{
	spanset *ss = spanset_new();

	assert_non_null(ss);
	assert_int_equal(store_spans_each_brief(st, aid, load_cb, ss), 0);
	return ss;
}

static const char *const labels[] = { "PER", "ORG", "LOC", "Ünïcode label", NULL };

/* Article text of n code points, with spans of every kind, status and
 * source, nested and overlapping, added out of order. */
static int64_t
article_with_spans(store *st, size_t n, size_t nspans)
{
	char *text = malloc(n + 1);
	doc d;
	int64_t id;
	int dup;

	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		text[i] = (char)(i % 7 == 6 ? ' ' : 'a' + (int)(i % 26));
	text[n] = 0;
	doc_init(&d);
	assert_int_equal(doc_set_text(&d, text, n), 0);
	for (size_t k = 0; k < nspans; k++) {
		size_t start = (k * 7919) % (n - 40), len = k % 11 == 0 ? 30 : 1 + k % 9;
		span s = stu_span(start, start + len, labels[k % 5], (int)(k % 3), (int)(k % 6), 0.01 * (double)(k % 97));

		if (k % 13 == 0) {
			s.kind = SPAN_HIGHLIGHT;
			s.label = NULL;
		}
		if (k % 17 == 0)
			s.note = k % 2 ? "a note" : "";
		assert_int_equal(doc_add_span(&d, &s), 0);
	}
	assert_int_equal(store_import_begin(st), 0);
	assert_int_equal(store_import_add(st, &d, &id, &dup), 0);
	assert_int_equal(store_import_end(st, 1), 0);
	doc_clear(&d);
	free(text);
	return id;
}

static int
stop_at_ten(const span *s, void *arg)
{
	(void)s;
	return ++*(int *)arg == 10;
}

static void
test_load_equals_store(void **state)
{
	store *st = open_file();
	int64_t aid = article_with_spans(st, 5000, 3000), other = article_with_spans(st, 800, 50);
	spanset *ss;
	int n;

	(void)state;
	ss = load(st, aid);
	assert_int_equal(spanset_count(ss), 3000);
	check_same(st, aid, ss);
	spanset_free(ss);
	ss = load(st, other); /* another article's spans only */
	check_same(st, other, ss);
	spanset_free(ss);
	n = 0; /* fn stops the walk: no more calls after it said so */
	assert_int_equal(store_spans_each_brief(st, aid, stop_at_ten, &n), 0);
	assert_int_equal(n, 10);
	close_file(st);
}

/* Apply an undo/redo step as the interface does (tui/annotate.c apply_step). */
static int
apply(const span *s, int gone, void *arg)
{
	spanset *ss = arg;

	spanset_remove(ss, s->id);
	if (!gone)
		assert_int_equal(spanset_add(ss, s), 0);
	return 0;
}

static void
undo_redo(store *st, spanset *ss, int redo)
{
	int64_t art;

	assert_int_equal(redo ? store_redo(st, &art) : store_undo(st, &art), 0);
	assert_int_equal(store_last_step_spans(st, apply, ss), 0);
}

/* Edit as the interface does: the store first, then the set in place. */
static void
test_actions_undo_redo(void **state)
{
	store *st = open_file();
	int64_t aid = article_with_spans(st, 3000, 500);
	spanset *ss = load(st, aid);
	span a = stu_span(100, 120, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1), c;
	const span *v;

	(void)state;
	/* add */
	assert_int_equal(store_span_add(st, aid, &a), 0);
	assert_int_equal(spanset_add(ss, &a), 0);
	check_same(st, aid, ss);
	/* relabel and a note (annotate_update); the view held sees it */
	v = spanset_get(ss, a.id);
	c = *v;
	c.label = "ORG";
	c.note = "checked";
	assert_int_equal(store_span_update(st, &c), 0);
	assert_int_equal(spanset_update(ss, &c), 0);
	same_str(v->label, "ORG");
	same_str(v->note, "checked");
	check_same(st, aid, ss);
	/* accept a suggestion (review_decide) */
	v = spanset_next_start(ss, 0, 1);
	while (v && v->status != SPAN_SUGGESTED)
		v = spanset_next_start(ss, v->start, 0);
	assert_non_null(v);
	c = *v;
	c.status = SPAN_CONFIRMED;
	assert_int_equal(store_span_update(st, &c), 0);
	assert_int_equal(spanset_update(ss, &c), 0);
	check_same(st, aid, ss);
	/* move an edge (annotate_edge: out and back in) */
	assert_int_equal(store_span_move(st, a.id, 90, 125), 0);
	assert_int_equal(span_copy(&c, spanset_get(ss, a.id)), 0);
	assert_int_equal(spanset_remove(ss, a.id), 0);
	c.start = 90;
	c.end = 125;
	assert_int_equal(spanset_add(ss, &c), 0);
	span_clear(&c);
	check_same(st, aid, ss);
	/* delete */
	v = spanset_next_start(ss, 1000, 1);
	assert_non_null(v);
	assert_int_equal(store_span_delete(st, v->id), 0);
	assert_int_equal(spanset_remove(ss, v->id), 0);
	check_same(st, aid, ss);
	/* undo all five, redo three, undo one: each step applied in place */
	for (int i = 0; i < 5; i++) {
		undo_redo(st, ss, 0);
		check_same(st, aid, ss);
	}
	for (int i = 0; i < 3; i++) {
		undo_redo(st, ss, 1);
		check_same(st, aid, ss);
	}
	undo_redo(st, ss, 0);
	check_same(st, aid, ss);
	spanset_free(ss);
	close_file(st);
}

/* An import merging new spans into the open article: the reader reloads. */
static void
test_import_merge(void **state)
{
	store *st = open_file();
	int64_t aid = article_with_spans(st, 2000, 300), id;
	spanset *ss = load(st, aid);
	struct list before = { 0 };
	size_t added = 0, same = 0;
	char *text;
	doc d;
	int dup;

	(void)state;
	assert_int_equal(store_spans_each(st, aid, collect, &before), 0);
	/* the same text again with spans of its own, some already there */
	doc_init(&d);
	text = malloc(2001);
	assert_non_null(text);
	for (size_t i = 0; i < 2000; i++)
		text[i] = (char)(i % 7 == 6 ? ' ' : 'a' + (int)(i % 26));
	assert_int_equal(doc_set_text(&d, text, 2000), 0);
	free(text);
	for (size_t k = 0; k < 40; k++) {
		span s = stu_span(k * 37, k * 37 + 5, "MISC", SPAN_SUGGESTED, SRC_MODEL, 0.5);

		assert_int_equal(doc_add_span(&d, &s), 0);
	}
	assert_int_equal(doc_add_span(&d, &before.v[0]), 0); /* one it has */
	assert_int_equal(store_import_begin(st), 0);
	assert_int_equal(store_import_add_dup(st, &d, STORE_DUP_MERGE, &id, &dup, &added, &same), 0);
	assert_int_equal(store_import_end(st, 1), 0);
	doc_clear(&d);
	assert_int_equal(id, aid);
	assert_int_equal(added, 40);
	spanset_free(ss);
	ss = load(st, aid);
	assert_int_equal(spanset_count(ss), before.n + 40);
	check_same(st, aid, ss);
	list_free(&before);
	spanset_free(ss);
	close_file(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_equals_store),
		cmocka_unit_test(test_actions_undo_redo),
		cmocka_unit_test(test_import_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
