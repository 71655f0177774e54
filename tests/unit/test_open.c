/*
 * test_open.c: opening an article costs one screen, not one article
 * (issue 12): the first screen of a 10 MB article reads a small part of
 * its text from the store, and what is read later (the end, a search)
 * is exactly the stored text, at the same code point offsets.
 */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>
#include "db/store.h"
#include "model/layout.h"
#include "model/text.h"
#include "tests/unit/store_testutil.h"

/* A 10 MB wire story: short paragraphs, some non-ASCII. */
static char *
big_text(size_t *len)
{
	static const char *const para[] = {
		"SAN YELVERTON \xe2\x80\x94 Silverline Insurance PLC endorsed a revised review on Sunday.\n\n",
		"Zo\xc3\xab Lef\xc3\xa8vre said the \xe6\x97\xa5\xe6\x9c\xac deal would close in March.\n",
		"Westfield Robotics Inc. endorsed the joint strike on Wednesday, citing risks.\n\n",
	};
	size_t cap = 10u << 20, n = 0;
	char *s = malloc(cap + 1);

	assert_non_null(s);
	for (size_t k = 0; n + 200 < cap; k++) {
		size_t l = strlen(para[k % 3]);
		memcpy(s + n, para[k % 3], l);
		n += l;
	}
	memcpy(s + n, "The end: Quillfeather.", 22);
	n += 22;
	s[n] = '\0';
	*len = n;
	return s;
}

static void
test_first_screen_reads_little(void **state)
{
	size_t n, read0;
	char *big = big_text(&n);
	store *st = stu_open(":memory:", NULL);
	int64_t id = stu_article(st, big, "Big", NULL);
	text *ref = text_new(big, n), *t;
	text_src src;
	layout *l;
	layout_row row;
	size_t at, ml, rat, rml;
	doc d;

	(void)state;
	assert_non_null(ref);
	doc_init(&d);
	read0 = store_text_bytes_read(st);
	assert_int_equal(store_article_load_lazy(st, id, &d, &src), 0);
	assert_null(d.text);
	assert_int_equal(d.len, n);
	assert_int_equal(d.chars, text_len(ref));
	assert_string_equal(d.title, "Big");
	assert_int_equal(store_text_bytes_read(st), read0); /* nothing yet */
	t = text_new_lazy(d.len, d.chars, &src);
	assert_non_null(t);
	doc_clear(&d);

	/* the first screen as the reader draws it: 50 rows of 160 cells,
	 * cluster by cluster */
	l = layout_new(t, 160);
	assert_non_null(l);
	layout_row_at(l, 0, &row);
	for (int r = 0; r < 50; r++) {
		const char *s = text_bytes_upto(t, text_cp_to_byte(t, row.end));
		for (size_t cp = row.start; cp < row.end; cp = text_grapheme_next(t, cp))
			assert_int_equal(s[text_cp_to_byte(t, cp)], big[text_cp_to_byte(ref, cp)]);
		assert_true(layout_row_next(l, &row, &row));
	}
	assert_int_equal(text_len(t), text_len(ref));
	assert_true(store_text_bytes_read(st) - read0 < (1u << 20));

	/* G: the last row, then a search from the end; each byte read once */
	layout_row_at(l, text_len(t), &row);
	assert_int_equal(row.end, text_len(ref));
	assert_int_equal(store_text_bytes_read(st) - read0, n);
	assert_int_equal(text_search(t, "quillfeather", text_len(t), 1, &at, &ml),
	    text_search(ref, "quillfeather", text_len(ref), 1, &rat, &rml));
	assert_int_equal(at, rat);
	assert_int_equal(at, text_len(ref) - 13); /* "Quillfeather." */
	assert_memory_equal(text_bytes(t), big, n + 1);
	assert_false(text_load_failed(t));
	layout_free(l);
	text_free(t);

	/* an article that is not there: an error, nothing to close */
	assert_int_not_equal(store_article_load_lazy(st, id + 1, &d, &src), 0);
	doc_clear(&d);
	text_free(ref);
	store_close(st);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_screen_reads_little),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
