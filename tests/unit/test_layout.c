/* test_layout.c: wrapping rows: breaks, widths, tabs, coverage, walking, columns, big paragraphs. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>
#include "model/layout.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Rows as "start-end:cols" separated by spaces, walking with row_next. */
static char *
rows_str(layout *l, char *buf, size_t n)
{
	layout_row r;
	size_t o = 0;
	layout_row_at(l, 0, &r);
	for (;;) {
		o += (size_t)snprintf(buf + o, n - o, "%s%zu-%zu:%d", o ? " " : "", r.start, r.end, r.cols);
		if (!layout_row_next(l, &r, &r))
			break;
	}
	return buf;
}

static void
test_wrap_table(void **state)
{
	static const struct {
		const char *s;
		int width;
		const char *rows;
	} cases[] = {
		{ "", 10, "0-0:0" },
		{ "hello", 10, "0-5:5" },
		{ "hello world", 11, "0-11:11" },
		/* the space that does not fit hangs on the first row */
		{ "hello world", 5, "0-6:5 6-11:5" },
		{ "hello world", 8, "0-6:6 6-11:5" },
		{ "hello   world", 5, "0-8:5 8-13:5" },
		{ "aaa bbb ccc", 7, "0-8:7 8-11:3" },
		/* a token longer than the width is cut */
		{ "abcdefghij", 4, "0-4:4 4-8:4 8-10:2" },
		/* width 1 */
		{ "ab c", 1, "0-1:1 1-3:1 3-4:1" },
		/* empty lines: one empty row each; the LF belongs to no row */
		{ "a\n\nb\n", 5, "0-1:1 2-2:0 3-4:1 5-5:0" },
		/* a wide character never straddles the edge */
		{ "ab\xe6\xbc\xa2\xe5\xad\x97", 3, "0-2:2 2-3:2 3-4:2" },
		{ "\xe6\xbc\xa2\xe5\xad\x97", 1, "0-1:2 1-2:2" },
		/* no break inside a cluster: e + U+0301 */
		{ "abce\xcc\x81" "f", 4, "0-5:4 5-6:1" },
		/* ZWJ family emoji drawn in 2 cells */
		{ "ab\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9 cd", 5, "0-6:5 6-8:2" },
		/* tabs expand to multiples of 8, at most to the edge */
		{ "a\tb", 20, "0-3:9" },
		{ "a\tb\tc", 12, "0-4:12 4-5:1" },
		{ "\tx", 4, "0-1:4 1-2:1" },
		/* "!" may not start a row: break before the word */
		{ "aaa bb !", 6, "0-4:4 4-8:4" },
		/* controls: one cell each (placeholders) */
		{ "a\x1b[1mb", 3, "0-3:3 3-6:3" },
		/* zero-width format characters take no cells */
		{ "ab\xe2\x80\xaeq", 3, "0-4:3" },
	};
	char buf[512];
	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		text *t = text_new(cases[i].s, strlen(cases[i].s));
		layout *l = layout_new(t, cases[i].width);
		assert_string_equal(rows_str(l, buf, sizeof buf), cases[i].rows);
		layout_free(l);
		text_free(t);
	}
}

static void
test_url(void **state)
{
	const char *s = "see https://example.com/a/very/long/path?query=1&x=2 ok";
	text *t = text_new(s, strlen(s));
	layout *l = layout_new(t, 12);
	layout_row r;
	int n = 0;
	(void)state;
	layout_row_at(l, 0, &r);
	assert_int_equal(r.start, 0);
	assert_int_equal(r.end, 12); /* UAX #14 allows a break after "//" */
	do {
		assert_true(r.cols <= 12);
		n++;
	} while (layout_row_next(l, &r, &r));
	assert_int_equal(r.end, strlen(s));
	assert_true(n >= 5);
	layout_free(l);
	text_free(t);
}

static void
test_columns(void **state)
{
	/* a \t 漢 e+U+0301 b */
	const char *s = "a\t\xe6\xbc\xa2" "e\xcc\x81" "b";
	text *t = text_new(s, strlen(s));
	layout *l = layout_new(t, 40);
	layout_row r;
	(void)state;
	layout_row_at(l, 3, &r);
	assert_int_equal(r.start, 0);
	assert_int_equal(r.end, 6);
	assert_int_equal(r.cols, 12);
	assert_int_equal(layout_col_of(l, &r, 0), 0);
	assert_int_equal(layout_col_of(l, &r, 1), 1);
	assert_int_equal(layout_col_of(l, &r, 2), 8);
	assert_int_equal(layout_col_of(l, &r, 3), 10);
	assert_int_equal(layout_col_of(l, &r, 4), 10); /* inside e+mark */
	assert_int_equal(layout_col_of(l, &r, 5), 11);
	assert_int_equal(layout_col_of(l, &r, 6), 12);
	assert_int_equal(layout_cp_at_col(l, &r, 0), 0);
	assert_int_equal(layout_cp_at_col(l, &r, 1), 1);
	assert_int_equal(layout_cp_at_col(l, &r, 7), 1);
	assert_int_equal(layout_cp_at_col(l, &r, 8), 2);
	assert_int_equal(layout_cp_at_col(l, &r, 9), 2);
	assert_int_equal(layout_cp_at_col(l, &r, 10), 3);
	assert_int_equal(layout_cp_at_col(l, &r, 11), 5);
	assert_int_equal(layout_cp_at_col(l, &r, 12), 6);
	assert_int_equal(layout_cp_at_col(l, &r, 99), 6);
	assert_int_equal(layout_cp_at_col(l, &r, -3), 0);
	/* changing the width re-wraps */
	layout_set_width(l, 9);
	assert_int_equal(layout_width(l), 9);
	layout_row_at(l, 3, &r);
	assert_int_equal(r.start, 2);
	layout_free(l);
	text_free(t);
}

/* Tiny deterministic PRNG. */
static uint32_t
rnd(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return *st;
}

/* Every invariant of a layout over the whole text, walking both ways. */
static void
check_cover(const text *t, layout *l)
{
	size_t n = 0, cap = 1024, len = text_len(t);
	layout_row *rows = malloc(cap * sizeof *rows), r;
	const char *s = text_bytes(t);
	int w = layout_width(l);

	layout_row_at(l, 0, &r);
	assert_int_equal(r.start, 0);
	for (;;) {
		if (n == cap)
			rows = realloc(rows, (cap *= 2) * sizeof *rows);
		rows[n++] = r;
		assert_true(r.start <= r.end);
		/* never inside a cluster */
		assert_int_equal(text_grapheme_start(t, r.start), r.start);
		/* (a row may end at the LF of a CR LF cluster: only a raw
		 * text_new text has those, article_parse turns them into LF) */
		if (s[text_cp_to_byte(t, r.end)] != '\n')
			assert_int_equal(text_grapheme_start(t, r.end), r.end);
		/* within the width unless one cluster wider than it (and
		 * blanks hanging after it) */
		if (r.cols > w) {
			size_t e = r.end;
			while (e > r.start && (text_cp_at(t, e - 1) == ' ' || text_cp_at(t, e - 1) == '\t'))
				e--;
			assert_int_equal(text_grapheme_next(t, r.start), e);
		}
		if (!layout_row_next(l, &r, &r))
			break;
		/* no gap, no overlap: the next row starts where this ends, or
		 * after the LF that ends it */
		size_t pe = rows[n - 1].end, b = text_cp_to_byte(t, pe);
		if (s[b] == '\n')
			assert_int_equal(r.start, pe + 1);
		else
			assert_int_equal(r.start, pe);
		assert_true(r.start != pe || r.end > r.start);
	}
	assert_int_equal(rows[n - 1].end, len);
	/* walking back gives the same rows */
	for (size_t k = n - 1; k > 0; k--) {
		layout_row p;
		assert_int_equal(layout_row_prev(l, &rows[k], &p), 1);
		assert_int_equal(p.start, rows[k - 1].start);
		assert_int_equal(p.end, rows[k - 1].end);
		assert_int_equal(p.cols, rows[k - 1].cols);
	}
	assert_int_equal(layout_row_prev(l, &rows[0], &r), 0);
	/* row_at finds each code point's row */
	for (size_t k = 0; k < n; k++)
		for (size_t cp = rows[k].start; cp < rows[k].end; cp++) {
			layout_row_at(l, cp, &r);
			assert_int_equal(r.start, rows[k].start);
			assert_int_equal(r.end, rows[k].end);
		}
	layout_row_at(l, len, &r);
	assert_int_equal(r.end, len);
	free(rows);
}

static void
test_cover_random(void **state)
{
	static const char *const pool[] = {
		"a", "b", "word", " ", " ", "  ", "\t", "\n", "\n\n", "-", "!", ",",
		"\xe6\xbc\xa2", "\xc3\xa9", "e\xcc\x81", "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8",
		"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", "\xd8\xb9\xd8\xb1\xd8\xa8", "\x1b",
		"\xe2\x80\x8b", "\xe1\x84\x80\xe1\x85\xa1", "https://x.org/a/b",
		"\xe0\xa4\x95\xe0\xa4\xbf", "\xc2\xad", "\r",
	};
	uint32_t st = 777;
	(void)state;
	for (int round = 0; round < 60; round++) {
		char buf[4096];
		size_t len = 0, parts = rnd(&st) % 300;
		for (size_t i = 0; i < parts; i++) {
			const char *p = pool[rnd(&st) % NELEM(pool)];
			size_t m = strlen(p);
			if (len + m >= sizeof buf)
				break;
			memcpy(buf + len, p, m);
			len += m;
		}
		text *t = text_new(buf, len);
		int w = 1 + (int)(rnd(&st) % 30);
		layout *l = layout_new(t, w);
		check_cover(t, l);
		layout_set_width(l, w + 7);
		check_cover(t, l);
		layout_free(l);
		text_free(t);
	}
}

/*
 * A 600 kB paragraph is wrapped in several windows; each row must be what
 * wrapping from that row's start alone gives (the windows change nothing).
 */
static void
test_big_paragraph(void **state)
{
	size_t n = 600000, len = 0;
	char *buf = malloc(n + 16);
	uint32_t st = 99;
	static const char *const words[] = { "lorem", "ipsum", "\xc3\xa9t\xc3\xa9", "\xe6\xbc\xa2\xe5\xad\x97", "x", "supercalifragilistic" };
	(void)state;
	while (len < n) {
		const char *w = words[rnd(&st) % NELEM(words)];
		memcpy(buf + len, w, strlen(w));
		len += strlen(w);
		buf[len++] = ' ';
	}
	text *t = text_new(buf, len);
	layout *l = layout_new(t, 37);
	layout_row r;
	size_t rows = 0, starts[4];

	/* the last row first: wraps everything once */
	layout_row_at(l, text_len(t), &r);
	assert_int_equal(r.end, text_len(t));
	layout_row_at(l, 0, &r);
	do {
		size_t bs = text_cp_to_byte(t, r.start), be = text_cp_to_byte(t, r.end);
		size_t m = len - bs < 400 ? len - bs : 400;
		size_t k = layout_wrap(buf + bs, m, 37, starts, 4);
		if (be < len) {
			assert_true(k >= 2);
			assert_int_equal(starts[1], be - bs);
		}
		rows++;
	} while (layout_row_next(l, &r, &r));
	assert_int_equal(r.end, text_len(t));
	assert_true(rows > 600000 / 37);
	/* layout_wrap counts every row even when it stores few */
	assert_int_equal(layout_wrap(buf, len, 37, starts, 4), rows);
	assert_int_equal(starts[0], 0);
	layout_free(l);
	text_free(t);
	free(buf);
}

/* Many paragraphs: the cache holds a few; walking far and back agrees. */
static void
test_many_paragraphs(void **state)
{
	size_t len = 0;
	char *buf = malloc(200000);
	(void)state;
	for (int p = 0; p < 400; p++) {
		len += (size_t)sprintf(buf + len, "Paragraph %d has some words in it to wrap over rows.\n", p);
		if (p % 7 == 0)
			buf[len++] = '\n';
	}
	text *t = text_new(buf, len);
	layout *l = layout_new(t, 20);
	check_cover(t, l);
	layout_free(l);
	text_free(t);
	free(buf);
}

static void
assert_row_eq(const layout_row *a, const layout_row *b)
{
	assert_int_equal(a->start, b->start);
	assert_int_equal(a->end, b->end);
	assert_int_equal(a->cols, b->cols);
}

/*
 * The paragraph cache (and the last paragraph looked at first) gives the
 * rows a fresh layout gives, whatever the order of the questions: random
 * rows asked of one long-lived layout over more paragraphs than it caches,
 * the rows after and before them, and widths changed on the way.
 */
static void
test_cache_agrees(void **state)
{
	static const char *const pool[] = {
		"word", "a", " ", " ", "\n", "\n", "\n\n", "\t", "\xe6\xbc\xa2\xe5\xad\x97",
		"e\xcc\x81", "https://example.org/long/path", "alpha beta gamma delta ",
	};
	uint32_t st = 4242;
	char *buf = malloc(60000);
	size_t len = 0;
	(void)state;
	while (len < 50000) {
		const char *p = pool[rnd(&st) % NELEM(pool)];
		memcpy(buf + len, p, strlen(p));
		len += strlen(p);
	}
	text *t = text_new(buf, len);
	size_t n = text_len(t);
	int w = 17;
	layout *l = layout_new(t, w);
	for (int q = 0; q < 3000; q++) {
		layout_row a, b, an, bn;
		layout *fresh;
		size_t cp = rnd(&st) % (n + 1);
		int k = (int)(rnd(&st) % 8);

		if (q % 500 == 499) { /* another width, then maybe back */
			w = 5 + (int)(rnd(&st) % 40);
			layout_set_width(l, w);
		}
		fresh = layout_new(t, w);
		layout_row_at(l, cp, &a);
		layout_row_at(fresh, cp, &b);
		assert_row_eq(&a, &b);
		/* walk a few rows down or up from there, as j and k do */
		for (int i = 0; i < k; i++) {
			int ra = q % 2 ? layout_row_next(l, &a, &an) : layout_row_prev(l, &a, &an);
			layout_free(fresh);
			fresh = layout_new(t, w);
			int rb = q % 2 ? layout_row_next(fresh, &b, &bn) : layout_row_prev(fresh, &b, &bn);
			assert_int_equal(ra, rb);
			if (!ra)
				break;
			assert_row_eq(&an, &bn);
			a = an;
			b = bn;
		}
		layout_free(fresh);
	}
	layout_free(l);
	text_free(t);
	free(buf);
}

static void
test_layout_wrap_pure(void **state)
{
	size_t starts[8];
	(void)state;
	assert_int_equal(layout_wrap("hello world", 11, 5, starts, 8), 2);
	assert_int_equal(starts[0], 0);
	assert_int_equal(starts[1], 6);
	assert_int_equal(layout_wrap("", 0, 5, starts, 8), 1);
	assert_int_equal(starts[0], 0);
	/* bytes, not code points */
	assert_int_equal(layout_wrap("\xc3\xa9\xc3\xa9\xc3\xa9", 6, 2, starts, 8), 2);
	assert_int_equal(starts[1], 4);
	assert_int_equal(layout_wrap("abcdef", 6, 0, starts, 8), 6); /* width < 1 is 1 */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_table),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_cover_random),
		cmocka_unit_test(test_big_paragraph),
		cmocka_unit_test(test_many_paragraphs),
		cmocka_unit_test(test_cache_agrees),
		cmocka_unit_test(test_layout_wrap_pure),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
