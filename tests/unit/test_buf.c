/*
 * test_buf.c: model/buf.c, the growable string: nothing is cut short,
 * long formatted strings grow the buffer exactly, reset keeps it usable.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/buf.h"

static void
test_empty(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_string_equal(buf_str(&b), "");
	buf_reset(&b);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

/* Many appends across several doublings: every byte kept, in order. */
static void
test_append_grows(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(b.len, 3000);
	assert_int_equal(strlen(buf_str(&b)), 3000);
	for (size_t i = 0; i < 3000; i += 3)
		assert_memory_equal(b.s + i, "abc", 3);
	buf_free(&b);
}

/* A formatted string far longer than the first allocation (64 bytes, the
 * old fixed message buffers were 256 and 512) comes out whole. */
static void
test_printf_long(void **state)
{
	struct buf b = BUF_INIT;
	char *big = malloc(5001);

	(void)state;
	assert_non_null(big);
	memset(big, 'x', 5000);
	big[5000] = '\0';
	assert_int_equal(buf_printf(&b, "<%s|%d>", big, 42), 0);
	assert_int_equal(b.len, 5000 + 5);
	assert_memory_equal(b.s + 5001, "|42>", 4);
	assert_int_equal(buf_printf(&b, " and %s", "more"), 0);
	assert_string_equal(buf_str(&b) + 5005, " and more");
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%zu", (size_t)7), 0);
	assert_string_equal(buf_str(&b), "7");
	free(big);
	buf_free(&b);
}

/* array_grow: pushes one at a time keep every element, capacity only
 * doubles (so n pushes cost O(n) copies), and room already there is a
 * no-op. */
static void
test_array_grow(void **state)
{
	int *v = NULL, *nv;
	size_t n = 0, cap = 0, grows = 0;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		size_t old = cap;

		nv = array_grow(v, &cap, n + 1, sizeof *nv);
		assert_non_null(nv);
		if (cap != old) {
			grows++;
			assert_true(old == 0 || cap == 2 * old);
		}
		v = nv;
		v[n++] = i;
	}
	assert_true(cap >= 1000 && cap < 2000);
	assert_true(grows <= 7); /* 16, 32, ..., 1024 */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	assert_ptr_equal(array_grow(v, &cap, 10, sizeof *v), v);
	/* A jump past double goes straight to what is needed. */
	nv = array_grow(v, &cap, 5000, sizeof *v);
	assert_non_null(nv);
	v = nv;
	assert_true(cap >= 5000);
	assert_int_equal(v[999], 999);
	free(v);
}

/* A size that overflows need * elem is refused before realloc sees it,
 * and the array and its capacity stay as they were. */
static void
test_array_grow_overflow(void **state)
{
	char *v = NULL;
	size_t cap = 0;

	(void)state;
	v = array_grow(v, &cap, 4, 1);
	assert_non_null(v);
	assert_int_equal(cap, 16);
	assert_null(array_grow(v, &cap, SIZE_MAX / 8 + 1, 8));
	assert_int_equal(cap, 16);
	assert_null(array_grow(v, &cap, SIZE_MAX, 2));
	assert_null(array_grow(v, &cap, 17, 0));
	assert_int_equal(cap, 16);
	v[15] = 'x'; /* still ours, still 16 bytes */
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_append_grows),
		cmocka_unit_test(test_printf_long),
		cmocka_unit_test(test_array_grow),
		cmocka_unit_test(test_array_grow_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
