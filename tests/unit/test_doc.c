/* test_doc.c: doc ownership (deep copies, clear), span sorting, error formatting. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/doc.h"

static void
test_init_clear(void **state)
{
	doc d;

	(void)state;
	memset(&d, 0xab, sizeof d);
	doc_init(&d);
	assert_null(d.text);
	assert_int_equal(d.len, 0);
	assert_null(d.spans);
	assert_int_equal(d.nspans, 0);
	assert_int_equal(d.position, 0);
	doc_clear(&d); /* clearing an empty doc is fine */
	assert_null(d.title);
}

static void
test_text_and_strings(void **state)
{
	doc d;
	char buf[] = "Caf\xc3\xa9 au lait";

	(void)state;
	doc_init(&d);
	assert_int_equal(doc_set_text(&d, buf, 5), 0);
	assert_int_equal(d.len, 5);
	assert_memory_equal(d.text, "Caf\xc3\xa9", 5);
	assert_int_equal(d.text[5], '\0');
	buf[0] = 'X';
	assert_int_equal(d.text[0], 'C'); /* copied */
	assert_int_equal(doc_set_text(&d, "", 0), 0);
	assert_non_null(d.text);
	assert_int_equal(d.len, 0);
	assert_string_equal(d.text, "");

	assert_int_equal(doc_set_str(&d.title, "Harbour reopens"), 0);
	assert_string_equal(d.title, "Harbour reopens");
	/* Setting a field from its own value must not read freed memory. */
	assert_int_equal(doc_set_str(&d.title, d.title + 8), 0);
	assert_string_equal(d.title, "reopens");
	assert_int_equal(doc_set_str(&d.title, NULL), 0);
	assert_null(d.title);
	assert_int_equal(doc_set_str(&d.date, "2024-03-01"), 0);
	assert_int_equal(doc_set_str(&d.source, "wire"), 0);
	assert_int_equal(doc_set_str(&d.url, "https://example.org/a"), 0);
	assert_int_equal(doc_set_str(&d.meta, "{}"), 0);
	assert_int_equal(doc_set_str(&d.status, "done"), 0);
	assert_int_equal(doc_set_str(&d.ext_id, "a1"), 0);
	doc_clear(&d);
	assert_null(d.text);
	assert_null(d.date);
	assert_null(d.ext_id);
}

static void
test_spans(void **state)
{
	doc d;
	char label[8] = "PER";
	span s = { 0 };

	(void)state;
	doc_init(&d);
	/* Enough spans to force the array to grow several times. */
	for (size_t i = 0; i < 100; i++) {
		s.id = (int64_t)(100 - i);
		s.start = (100 - i) / 3;
		s.end = s.start + i % 4 + 1;
		s.label = label;
		s.note = i % 2 ? "note" : NULL;
		assert_int_equal(doc_add_span(&d, &s), 0);
	}
	assert_int_equal(d.nspans, 100);
	assert_true(d.capspans >= 100);
	label[0] = 'X';
	assert_string_equal(d.spans[0].label, "PER"); /* deep copy */
	assert_ptr_not_equal(d.spans[0].label, label);
	assert_null(d.spans[0].note);
	assert_string_equal(d.spans[1].note, "note");
	doc_sort_spans(&d);
	for (size_t i = 1; i < d.nspans; i++)
		assert_true(span_cmp(&d.spans[i - 1], &d.spans[i]) < 0);
	doc_clear(&d);
	assert_int_equal(d.nspans, 0);
	assert_null(d.spans);
	doc_sort_spans(&d); /* empty: nothing to do */
}

static void
test_err(void **state)
{
	doc_err e;
	char longer[400];

	(void)state;
	doc_err_set(&e, 12, 7, "bad offset %d in record %s", 42, "x");
	assert_int_equal(e.line, 12);
	assert_int_equal(e.col, 7);
	assert_string_equal(e.msg, "bad offset 42 in record x");
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	doc_err_set(&e, 1, 0, "%s", longer);
	assert_int_equal(strlen(e.msg), sizeof e.msg - 1); /* truncated, terminated */
	doc_err_set(NULL, 1, 1, "ignored");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_clear),
		cmocka_unit_test(test_text_and_strings),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_err),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
