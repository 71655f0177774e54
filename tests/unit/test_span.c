/* test_span.c: span names, copies, ordering, and the spanset index against a brute-force list. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/span.h"

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(span_kind_name(SPAN_ENTITY), "entity");
	assert_string_equal(span_kind_name(SPAN_HIGHLIGHT), "highlight");
	assert_string_equal(span_status_name(SPAN_SUGGESTED), "suggested");
	assert_string_equal(span_status_name(SPAN_CONFIRMED), "confirmed");
	assert_string_equal(span_status_name(SPAN_REJECTED), "rejected");
	assert_string_equal(span_source_name(SRC_MANUAL), "manual");
	assert_string_equal(span_source_name(SRC_MODEL), "model");
	assert_string_equal(span_kind_name(7), "unknown");
	assert_string_equal(span_status_name(-1), "unknown");

	for (int i = SPAN_ENTITY; i <= SPAN_HIGHLIGHT; i++)
		assert_int_equal(span_kind_parse(span_kind_name(i)), i);
	for (int i = SPAN_SUGGESTED; i <= SPAN_REJECTED; i++)
		assert_int_equal(span_status_parse(span_status_name(i)), i);
	for (int i = SRC_MANUAL; i <= SRC_MODEL; i++)
		assert_int_equal(span_source_parse(span_source_name(i)), i);
	assert_int_equal(span_source_parse("gazetteer"), SRC_GAZETTEER);
	assert_int_equal(span_source_parse("pattern"), SRC_PATTERN);
	assert_int_equal(span_source_parse("propagate"), SRC_PROPAGATE);
	assert_int_equal(span_source_parse("import"), SRC_IMPORT);
	assert_int_equal(span_kind_parse("Entity"), -1);
	assert_int_equal(span_status_parse(""), -1);
	assert_int_equal(span_source_parse(NULL), -1);
}

static void
test_copy(void **state)
{
	span a = { 0 }, b;

	(void)state;
	a.id = 9;
	a.start = 3;
	a.end = 8;
	a.label = "PER";
	a.note = "check spelling";
	a.annotator = NULL;
	a.confidence = 0.5;
	assert_int_equal(span_copy(&b, &a), 0);
	assert_ptr_not_equal(b.label, a.label);
	assert_string_equal(b.label, "PER");
	assert_string_equal(b.note, "check spelling");
	assert_null(b.annotator);
	assert_int_equal(b.id, 9);
	assert_int_equal(b.end, 8);
	span_clear(&b);
	assert_null(b.label);
	assert_null(b.note);
	span_clear(&b); /* twice is harmless */
}

static void
test_cmp(void **state)
{
	span a = { 0 }, b = { 0 };

	(void)state;
	a.start = 1; a.end = 5; b.start = 2; b.end = 3;
	assert_true(span_cmp(&a, &b) < 0);
	assert_true(span_cmp(&b, &a) > 0);
	b.start = 1; b.end = 9; /* longer first */
	assert_true(span_cmp(&b, &a) < 0);
	b.end = 5; a.id = 2; b.id = 1;
	assert_true(span_cmp(&b, &a) < 0);
	b.id = 2;
	assert_int_equal(span_cmp(&a, &b), 0);
}

/* ---- brute force model ---- */

typedef struct {
	span *v;
	size_t n;
} list;

static uint64_t rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static int
overlaps(const span *s, size_t a, size_t b)
{
	if (s->end <= s->start)
		return 0;
	if (a == b)
		return s->start <= a && a < s->end;
	return s->start < b && s->end > a;
}

static int
qcmp(const void *x, const void *y)
{
	return span_cmp(x, y);
}

struct collect {
	const span **v;
	size_t n, stop_after;
};

static int
collect_fn(const span *s, void *arg)
{
	struct collect *c = arg;

	c->v[c->n++] = s;
	return c->stop_after && c->n >= c->stop_after;
}

/* Query both and compare: same spans, same order. */
static void
check_query(spanset *ss, const list *l, size_t a, size_t b, size_t stop_after)
{
	span *want = malloc((l->n + 1) * sizeof *want);
	const span **got = malloc((l->n + 1) * sizeof *got);
	struct collect c = { got, 0, stop_after };
	size_t nw = 0, visited;

	for (size_t i = 0; i < l->n; i++)
		if (overlaps(&l->v[i], a, b))
			want[nw++] = l->v[i];
	qsort(want, nw, sizeof *want, qcmp);
	if (stop_after && nw > stop_after)
		nw = stop_after;
	visited = spanset_query(ss, a, b, collect_fn, &c);
	assert_int_equal(visited, c.n);
	assert_int_equal(c.n, nw);
	for (size_t i = 0; i < nw; i++) {
		assert_int_equal(got[i]->id, want[i].id);
		assert_int_equal(got[i]->start, want[i].start);
		assert_int_equal(got[i]->end, want[i].end);
	}
	free(want);
	free(got);
}

static void
check_jumps(spanset *ss, const list *l, size_t cp)
{
	const span *best_next = NULL, *best_inc = NULL, *best_prev = NULL;
	const span *g;

	for (size_t i = 0; i < l->n; i++) {
		const span *s = &l->v[i];

		if (s->start > cp && (!best_next || span_cmp(s, best_next) < 0))
			best_next = s;
		if (s->start >= cp && (!best_inc || span_cmp(s, best_inc) < 0))
			best_inc = s;
		if (s->start < cp && (!best_prev || span_cmp(s, best_prev) > 0))
			best_prev = s;
	}
	g = spanset_next_start(ss, cp, 0);
	assert_true((g == NULL) == (best_next == NULL));
	if (g)
		assert_int_equal(g->id, best_next->id);
	g = spanset_next_start(ss, cp, 1);
	assert_true((g == NULL) == (best_inc == NULL));
	if (g)
		assert_int_equal(g->id, best_inc->id);
	g = spanset_prev_start(ss, cp);
	assert_true((g == NULL) == (best_prev == NULL));
	if (g)
		assert_int_equal(g->id, best_prev->id);
}

/* each's span lives for the call only: keep a copy of the last one. */
struct each_prev {
	span last;
	size_t n;
};

static int
each_fn(const span *s, void *arg)
{
	struct each_prev *p = arg;

	if (p->n++ > 0)
		assert_true(span_cmp(&p->last, s) < 0);
	p->last = *s;
	return 0;
}

/*
 * Thousands of random inserts, deletes and queries, checked step by step
 * against a plain array. Small coordinates make nesting and exact
 * duplicates of ranges common; some spans have zero length.
 */
static void
random_ops(size_t space, size_t maxlen, unsigned steps)
{
	spanset *ss = spanset_new();
	list l = { calloc(steps + 1, sizeof(span)), 0 };
	int64_t next_id = 1;
	struct each_prev prev = { { 0 }, 0 };

	assert_non_null(ss);
	for (unsigned step = 0; step < steps; step++) {
		unsigned op = rnd(10);

		if (op < 5 || l.n == 0) {
			span s = { 0 };

			s.id = next_id++;
			s.start = rnd((unsigned)space);
			s.end = s.start + (rnd(8) == 0 ? 0 : rnd((unsigned)maxlen) + 1);
			s.label = rnd(2) ? "PER" : "ORG";
			assert_int_equal(spanset_add(ss, &s), 0);
			l.v[l.n++] = s; /* label points at a literal: nothing to free */
		} else if (op < 7) {
			size_t i = rnd((unsigned)l.n);

			assert_int_equal(spanset_remove(ss, l.v[i].id), 0);
			assert_int_equal(spanset_remove(ss, l.v[i].id), -1);
			assert_null(spanset_get(ss, l.v[i].id));
			l.v[i] = l.v[--l.n];
		} else {
			size_t a = rnd((unsigned)(space + maxlen)), b = a;

			if (rnd(3) != 0)
				b = a + rnd((unsigned)maxlen * 2);
			check_query(ss, &l, a, b, rnd(4) == 0 ? rnd(3) + 1 : 0);
			check_jumps(ss, &l, a);
		}
		assert_int_equal(spanset_count(ss), l.n);
		if (l.n > 0) {
			size_t i = rnd((unsigned)l.n);
			const span *g = spanset_get(ss, l.v[i].id);

			assert_non_null(g);
			assert_int_equal(g->start, l.v[i].start);
			assert_int_equal(g->end, l.v[i].end);
			assert_ptr_not_equal(g->label, l.v[i].label);
			assert_string_equal(g->label, l.v[i].label);
		}
	}
	spanset_each(ss, each_fn, &prev);
	assert_int_equal(prev.n, l.n);
	/* Full sweep of every point and a few wide ranges at the end. */
	for (size_t a = 0; a < space + maxlen + 2; a++)
		check_query(ss, &l, a, a, 0);
	check_query(ss, &l, 0, space + maxlen + 1, 0);
	free(l.v);
	spanset_free(ss);
}

static void
test_random_sparse(void **state)
{
	(void)state;
	random_ops(5000, 40, 6000);
}

static void
test_random_dense(void **state)
{
	(void)state;
	random_ops(60, 30, 6000);
}

static void
test_random_tiny(void **state)
{
	(void)state;
	random_ops(4, 3, 3000);
}

/* Russian dolls: span i is [i, 2000-i); every point query sees all outer ones. */
static void
test_nested(void **state)
{
	spanset *ss = spanset_new();
	span s = { 0 };
	const span *g;

	(void)state;
	for (size_t i = 0; i < 1000; i++) {
		s.id = (int64_t)i + 1;
		s.start = i;
		s.end = 2000 - i;
		assert_int_equal(spanset_add(ss, &s), 0);
	}
	assert_int_equal(spanset_query(ss, 0, 0, NULL, NULL), 1);
	assert_int_equal(spanset_query(ss, 999, 999, NULL, NULL), 1000);
	assert_int_equal(spanset_query(ss, 1000, 1000, NULL, NULL), 1000);
	assert_int_equal(spanset_query(ss, 1999, 1999, NULL, NULL), 1);
	assert_int_equal(spanset_query(ss, 2000, 2000, NULL, NULL), 0);
	assert_int_equal(spanset_query(ss, 1500, 1600, NULL, NULL), 500);
	g = spanset_next_start(ss, 10, 1);
	assert_int_equal(g->id, 11);
	g = spanset_next_start(ss, 10, 0);
	assert_int_equal(g->id, 12);
	g = spanset_prev_start(ss, 10);
	assert_int_equal(g->id, 10);
	assert_null(spanset_prev_start(ss, 0));
	assert_null(spanset_next_start(ss, 999, 0));
	spanset_free(ss);
}

static void
test_zero_length(void **state)
{
	spanset *ss = spanset_new();
	span s = { 0 };

	(void)state;
	s.id = 1; s.start = 5; s.end = 5;
	assert_int_equal(spanset_add(ss, &s), 0);
	assert_int_equal(spanset_count(ss), 1);
	assert_int_equal(spanset_query(ss, 5, 5, NULL, NULL), 0);
	assert_int_equal(spanset_query(ss, 0, 10, NULL, NULL), 0);
	assert_non_null(spanset_get(ss, 1));
	/* Still a start to jump to. */
	assert_int_equal(spanset_next_start(ss, 0, 0)->id, 1);
	s.id = 2; s.start = 5; s.end = 6;
	assert_int_equal(spanset_add(ss, &s), 0);
	assert_int_equal(spanset_query(ss, 5, 5, NULL, NULL), 1);
	assert_int_equal(spanset_query(ss, 6, 6, NULL, NULL), 0);
	assert_int_equal(spanset_query(ss, 4, 5, NULL, NULL), 0);
	assert_int_equal(spanset_query(ss, 5, 6, NULL, NULL), 1);
	assert_int_equal(spanset_query(ss, 6, 4, NULL, NULL), 0); /* reversed */
	assert_int_equal(spanset_query(ss, SIZE_MAX, SIZE_MAX, NULL, NULL), 0);
	assert_int_equal(spanset_remove(ss, 1), 0);
	assert_int_equal(spanset_count(ss), 1);
	spanset_free(ss);
}

static int
stop_at_two(const span *s, void *arg)
{
	int *n = arg;

	(void)s;
	return ++*n == 2;
}

static void
test_early_stop(void **state)
{
	spanset *ss = spanset_new();
	span s = { 0 };
	int n = 0;

	(void)state;
	for (int i = 0; i < 10; i++) {
		s.id = i + 1;
		s.start = (size_t)i;
		s.end = (size_t)i + 5;
		assert_int_equal(spanset_add(ss, &s), 0);
	}
	assert_int_equal(spanset_query(ss, 0, 100, stop_at_two, &n), 2);
	assert_int_equal(n, 2);
	spanset_free(ss);
}

/* Same id twice replaces; id 0 spans coexist and only go with the set. */
static void
test_ids(void **state)
{
	spanset *ss = spanset_new();
	span s = { 0 };

	(void)state;
	s.id = 7; s.start = 1; s.end = 4; s.label = "PER";
	assert_int_equal(spanset_add(ss, &s), 0);
	s.start = 10; s.end = 12; s.label = "LOC";
	assert_int_equal(spanset_add(ss, &s), 0);
	assert_int_equal(spanset_count(ss), 1);
	assert_string_equal(spanset_get(ss, 7)->label, "LOC");
	assert_int_equal(spanset_query(ss, 1, 4, NULL, NULL), 0);
	s.id = 0;
	assert_int_equal(spanset_add(ss, &s), 0);
	assert_int_equal(spanset_add(ss, &s), 0);
	assert_int_equal(spanset_count(ss), 3);
	assert_null(spanset_get(ss, 0));
	assert_int_equal(spanset_remove(ss, 0), -1);
	assert_int_equal(spanset_query(ss, 11, 11, NULL, NULL), 3);
	spanset_clear(ss);
	assert_int_equal(spanset_count(ss), 0);
	assert_null(spanset_get(ss, 7));
	s.id = 7;
	assert_int_equal(spanset_add(ss, &s), 0);
	assert_int_equal(spanset_count(ss), 1);
	spanset_free(ss);
}

/* 100k spans added in order (the worst case for an unbalanced tree), then removed. */
static void
test_large_sorted(void **state)
{
	spanset *ss = spanset_new();
	span s = { 0 };

	(void)state;
	for (size_t i = 0; i < 100000; i++) {
		s.id = (int64_t)i + 1;
		s.start = i * 3;
		s.end = i * 3 + 2 + (i % 7 == 0 ? 20 : 0);
		assert_int_equal(spanset_add(ss, &s), 0);
	}
	assert_int_equal(spanset_count(ss), 100000);
	/* 150000 is inside [150000,150002) and the long [149982,150004). */
	assert_int_equal(spanset_query(ss, 150000, 150000, NULL, NULL), 2);
	assert_int_equal(spanset_query(ss, 150001, 150001, NULL, NULL), 2);
	assert_int_equal(spanset_query(ss, 150002, 150002, NULL, NULL), 1);
	assert_int_equal(spanset_query(ss, 150003, 150003, NULL, NULL), 2);
	for (size_t i = 0; i < 100000; i += 2)
		assert_int_equal(spanset_remove(ss, (int64_t)i + 1), 0);
	assert_int_equal(spanset_count(ss), 50000);
	assert_int_equal(spanset_query(ss, 150000, 150001, NULL, NULL), 0);
	assert_int_equal(spanset_next_start(ss, 150000, 1)->id, 50002);
	spanset_free(ss);
}

static int
count_each(const span *s, void *arg)
{
	(void)s;
	++*(size_t *)arg;
	return 0;
}

/*
 * The memory bound behind opening an article with 150k spans in 20 MB
 * (bench: peak RSS): a span costs at most 68 bytes in the set (a 56-byte
 * node, its share of the id map, the labels once). Views handed out come
 * on top until spanset_views_release, which gives them back; a walk with
 * spanset_each makes none.
 */
static void
test_memory_bound(void **state)
{
	enum { NSPANS = 150000 };
	static const char *const labs[] = { "PER", "ORG", "LOC", "MISC" };
	spanset *ss = spanset_new();
	span s = { 0 };
	size_t loaded, n = 0;

	(void)state;
	for (size_t i = 0; i < NSPANS; i++) {
		s.id = (int64_t)i + 1;
		s.start = i * 60;
		s.end = s.start + 3 + i % 20;
		s.label = labs[i % 4];
		s.status = (int)(i % 3);
		s.note = i % 100 == 0 ? "seen" : NULL;
		assert_int_equal(spanset_add(ss, &s), 0);
	}
	loaded = spanset_bytes(ss);
	assert_true(loaded <= (size_t)68 * NSPANS);
	spanset_each(ss, count_each, &n);
	assert_int_equal(n, NSPANS);
	assert_int_equal(spanset_bytes(ss), loaded);
	assert_int_equal(spanset_query(ss, 0, SIZE_MAX - 1, NULL, NULL), NSPANS); /* no fn: no views */
	assert_int_equal(spanset_bytes(ss), loaded);
	assert_int_equal(spanset_query(ss, 0, 6000, count_each, &n), 100);
	assert_true(spanset_bytes(ss) > loaded);
	spanset_views_release(ss);
	assert_int_equal(spanset_bytes(ss), loaded);
	spanset_free(ss);
}

/* A view stays the same pointer for one span, and follows spanset_update. */
static void
test_views(void **state)
{
	spanset *ss = spanset_new();
	span s = { 0 }, c;
	const span *a, *b;

	(void)state;
	s.id = 1; s.start = 0; s.end = 5; s.label = "PER"; s.confidence = 0.25;
	assert_int_equal(spanset_add(ss, &s), 0);
	s.id = 2; s.start = 2; s.end = 3; s.label = "ORG";
	assert_int_equal(spanset_add(ss, &s), 0);
	a = spanset_get(ss, 1);
	b = spanset_next_start(ss, 0, 1);
	assert_ptr_equal(a, b);
	assert_null(a->annotator);
	c = *a;
	c.label = "LOC";
	c.note = "n";
	c.status = SPAN_REJECTED;
	assert_int_equal(spanset_update(ss, &c), 0);
	assert_string_equal(a->label, "LOC");
	assert_string_equal(a->note, "n");
	assert_int_equal(a->status, SPAN_REJECTED);
	assert_true(a->confidence == 0.25);
	c.end = 6; /* a move is a remove and an add */
	assert_int_equal(spanset_update(ss, &c), -1);
	c.id = 9;
	c.end = 5;
	assert_int_equal(spanset_update(ss, &c), -1);
	spanset_views_release(ss);
	a = spanset_get(ss, 2);
	assert_string_equal(a->label, "ORG");
	assert_null(a->note);
	/* notes come and go (their numbers are reused) */
	s.id = 3; s.start = 7; s.end = 9; s.note = "first";
	assert_int_equal(spanset_add(ss, &s), 0);
	assert_int_equal(spanset_remove(ss, 3), 0);
	s.id = 4; s.note = "second";
	assert_int_equal(spanset_add(ss, &s), 0);
	s.id = 5; s.note = "third";
	assert_int_equal(spanset_add(ss, &s), 0);
	assert_string_equal(spanset_get(ss, 4)->note, "second");
	assert_string_equal(spanset_get(ss, 5)->note, "third");
	assert_string_equal(spanset_get(ss, 1)->note, "n");
	c = *spanset_get(ss, 4); /* c.note is the set's own: copied before it goes */
	assert_int_equal(spanset_update(ss, &c), 0);
	assert_string_equal(spanset_get(ss, 4)->note, "second");
	c.note = NULL;
	assert_int_equal(spanset_update(ss, &c), 0);
	assert_null(spanset_get(ss, 4)->note);
	spanset_free(ss);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_random_sparse),
		cmocka_unit_test(test_random_dense),
		cmocka_unit_test(test_random_tiny),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_zero_length),
		cmocka_unit_test(test_early_stop),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_large_sorted),
		cmocka_unit_test(test_memory_bound),
		cmocka_unit_test(test_views),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
