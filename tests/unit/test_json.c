/* test_json.c: JSON through SQLite (db/json.c), the tree, the value splitter, string output. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "db/json_sqlite.h"
#include "model/json.h"

static jsonp *P;
static char msg[256];

static json *
parse(const char *s, size_t len)
{
	msg[0] = '\0';
	return jsonp_parse(P, s, len, msg, sizeof msg);
}

static json *
parses(const char *s)
{
	return parse(s, strlen(s));
}

static void
test_nested(void **state)
{
	json *j = parses(" {\"a\": [1, {\"b\": \"x\"}, 2.5, true, false, null],\n \"m\": {\"k\": [1, 2]}, \"n\": -7} ");
	const json *a, *m;
	long long v = 0;

	(void)state;
	assert_non_null(j);
	assert_int_equal(j->type, JSON_OBJECT);
	assert_int_equal(j->n, 3);
	assert_null(j->raw); /* the root keeps no copy */
	a = json_get(j, "a");
	assert_non_null(a);
	assert_int_equal(a->type, JSON_ARRAY);
	assert_int_equal(a->n, 6);
	assert_null(a->raw); /* only objects under the root keep their text */
	assert_int_equal(json_at(a, 0)->type, JSON_INT);
	assert_int_equal(json_at(a, 0)->i, 1);
	assert_int_equal(json_at(a, 1)->type, JSON_OBJECT);
	assert_null(json_at(a, 1)->raw); /* array elements keep none */
	assert_string_equal(json_get_str(json_at(a, 1), "b"), "x");
	assert_int_equal(json_at(a, 2)->type, JSON_REAL);
	assert_true(json_at(a, 2)->d == 2.5);
	assert_int_equal(json_at(a, 3)->type, JSON_TRUE);
	assert_int_equal(json_at(a, 3)->i, 1);
	assert_int_equal(json_at(a, 4)->type, JSON_FALSE);
	assert_int_equal(json_at(a, 5)->type, JSON_NULL);
	assert_null(json_at(a, 6));
	m = json_get(j, "m");
	assert_string_equal(m->raw, "{\"k\":[1,2]}");
	assert_null(json_get(m, "k")->raw);
	assert_int_equal(json_at(json_get(m, "k"), 1)->i, 2);
	assert_true(json_get_int(j, "n", &v));
	assert_int_equal(v, -7);
	assert_false(json_get_int(j, "a", &v));
	assert_false(json_get_int(j, "nope", &v));
	assert_null(json_get_str(j, "n"));
	assert_null(json_get(a, "x")); /* not an object */
	json_free(j);
}

static void
test_escapes_unicode(void **state)
{
	const char *s = "{\"t\":\"q\\\"b\\\\s\\/n\\nt\\tu\\u00e9\\ud83d\\ude00\",\"raw\":\"Zo\xc3\xab \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\"}";
	json *j = parses(s);
	const json *t;

	(void)state;
	assert_non_null(j);
	t = json_get(j, "t");
	assert_string_equal(t->str, "q\"b\\s/n\nt\tu\xc3\xa9\xf0\x9f\x98\x80");
	assert_int_equal(t->len, strlen(t->str));
	assert_string_equal(json_get_str(j, "raw"), "Zo\xc3\xab \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9");
	assert_string_equal(t->key, "t");
	json_free(j);
}

static void
test_numbers(void **state)
{
	json *j = parses("[12.0, 1e400, 123456789012345678901234567890, -0.1, 9007199254740993]");
	long long v;

	(void)state;
	assert_non_null(j);
	assert_int_equal(json_at(j, 0)->type, JSON_REAL);
	/* An integral real counts as an integer for json_get_int. */
	{
		json *o = parses("{\"x\":12.0,\"y\":12.5,\"z\":3.7e51,\"w\":-1e300}");
		assert_true(json_get_int(o, "x", &v));
		assert_int_equal(v, 12);
		assert_false(json_get_int(o, "y", &v));
		assert_false(json_get_int(o, "z", &v)); /* out of range: no cast (fuzz find) */
		assert_false(json_get_int(o, "w", &v));
		json_free(o);
	}
	assert_int_equal(json_at(j, 2)->type, JSON_REAL); /* beyond 64 bits */
	assert_true(json_at(j, 3)->d == -0.1);
	assert_int_equal(json_at(j, 4)->type, JSON_INT);
	assert_int_equal(json_at(j, 4)->i, 9007199254740993LL);
	json_free(j);
}

static void
test_malformed(void **state)
{
	static const char *const bad[] = {
		/* (none of these is JSON5 either, which SQLite >= 3.42 accepts) */
		"", "{", "{\"a\":}", "{\"a\" 1}", "nul", "{\"a\":1}}", "{\"a\":01}", "[1 2]", "{\"a\":1,,}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json *j = parses(bad[i]);

		if (j != NULL)
			fail_msg("accepted malformed JSON: %s", bad[i]);
		assert_non_null(strstr(msg, "malformed JSON"));
	}
	/* The parser stays usable after errors. */
	json *j = parses("{\"ok\":true}");
	assert_non_null(j);
	assert_int_equal(json_get(j, "ok")->type, JSON_TRUE);
	json_free(j);
}

static void
test_deep(void **state)
{
	size_t n = 10000;
	char *s = malloc(2 * n + 1);
	json *j;
	const json *c;
	size_t depth = 0;

	(void)state;
	memset(s, '[', n);
	memset(s + n, ']', n);
	j = parse(s, 2 * n);
	assert_null(j);
	assert_non_null(strstr(msg, "malformed JSON"));
	/* 1000 levels are fine and come back whole. */
	n = 1000;
	memset(s, '[', n);
	memset(s + n, ']', n);
	j = parse(s, 2 * n);
	assert_non_null(j);
	for (c = j; c != NULL; c = c->child)
		depth++;
	assert_int_equal(depth, n);
	json_free(j);
	free(s);
}

static void
test_nul(void **state)
{
	static const char in[] = "{\"a\":\"x\"}\0{\"b\":1}";
	json *j;

	(void)state;
	j = parse(in, sizeof in - 1);
	assert_null(j);
	assert_string_equal(msg, "NUL byte in JSON at byte 10");
	j = parses("{\"a\":\"x\\u0000y\"}");
	assert_null(j);
	assert_non_null(strstr(msg, "\\u0000"));
	/* An escaped backslash before u0000 is just text. */
	j = parses("[\"\\\\u0000\"]");
	assert_non_null(j);
	assert_string_equal(json_at(j, 0)->str, "\\u0000");
	json_free(j);
}

static void
test_huge_string(void **state)
{
	size_t n = 8 * 1024 * 1024;
	char *s = malloc(n + 16);
	json *j;

	(void)state;
	memcpy(s, "{\"t\":\"", 6);
	memset(s + 6, 'a', n);
	memcpy(s + 6 + n, "\"}", 2);
	j = parse(s, n + 8);
	assert_non_null(j);
	assert_int_equal(json_get(j, "t")->len, n);
	assert_int_equal(json_get_str(j, "t")[n - 1], 'a');
	json_free(j);
	free(s);
}

static void
test_big_array(void **state)
{
	size_t n = 200000;
	size_t cap = n * 24 + 16, o = 0;
	char *s = malloc(cap);
	json *j;
	const json *c;
	size_t i = 0;

	(void)state;
	s[o++] = '[';
	for (size_t k = 0; k < n; k++)
		o += (size_t)snprintf(s + o, cap - o, "%s{\"s\":%zu}", k ? "," : "", k);
	s[o++] = ']';
	j = parse(s, o);
	assert_non_null(j);
	assert_int_equal(j->n, n);
	for (c = j->child; c; c = c->next, i++)
		if (json_get(c, "s")->i != (long long)i)
			fail_msg("element %zu out of order", i);
	assert_int_equal(i, n);
	json_free(j);
	free(s);
}

/* json_write_str into a memory stream. */
static char *
written(const char *s, size_t len)
{
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	assert_int_equal(json_write_str(f, s, len), 0);
	fclose(f);
	return buf;
}

static void
test_write_str(void **state)
{
	char *w;
	json *j;
	static const char tricky[] = "a\"b\\c\n\r\t\x01\x1f\x7f/\xe2\x80\xa8\xe2\x80\xa9\xe2\x82\xac\xf0\x9f\x98\x80";

	(void)state;
	w = written(tricky, sizeof tricky - 1);
	assert_string_equal(w, "\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f\\u007f/\\u2028\\u2029\xe2\x82\xac\xf0\x9f\x98\x80\"");
	/* SQLite reads it back to the same bytes. */
	j = parses(w);
	assert_non_null(j);
	assert_int_equal(j->len, sizeof tricky - 1);
	assert_memory_equal(j->str, tricky, sizeof tricky - 1);
	json_free(j);
	free(w);
	w = written("", 0);
	assert_string_equal(w, "\"\"");
	free(w);
}

static void
test_scan_lines(void **state)
{
	static const char in[] = "\xef\xbb\xbf{\"a\":1}\n\n  {\n \"b\": \"} ]\"\n}\n[1,2] 7\n";
	json_scan sc;
	const char *v;
	size_t vl, line, col;
	char m[128];

	(void)state;
	json_scan_init(&sc, in, sizeof in - 1);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 1);
	assert_int_equal(line, 1);
	assert_int_equal(vl, 7);
	assert_memory_equal(v, "{\"a\":1}", 7);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 1);
	assert_int_equal(line, 3);
	assert_int_equal(col, 3);
	assert_memory_equal(v, "{\n \"b\": \"} ]\"\n}", vl);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 1);
	assert_int_equal(line, 6);
	assert_memory_equal(v, "[1,2]", vl);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 1);
	assert_int_equal(col, 7);
	assert_memory_equal(v, "7", vl);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 0);
}

static void
test_scan_errors(void **state)
{
	json_scan sc;
	const char *v;
	size_t vl, line, col;
	char m[128];
	static const char nul[] = "{\"a\":1}\n{\"b\":\0}";

	(void)state;
	/* A string cut by a line break fails on that line, not at the end of the file. */
	json_scan_init(&sc, "{\"a\":1}\n{\"b\":\"oops}\n{\"c\":2}\n", 28);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 1);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), -1);
	assert_int_equal(line, 2);
	assert_int_equal(col, 12);
	assert_non_null(strstr(m, "unterminated string"));
	json_scan_init(&sc, "{\"a\":[1,2}\n", 11);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), -1);
	assert_non_null(strstr(m, "unexpected end of input"));
	json_scan_init(&sc, nul, sizeof nul - 1);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 1);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), -1);
	assert_int_equal(line, 2);
	assert_int_equal(col, 6);
	assert_string_equal(m, "NUL byte in the input");
	json_scan_init(&sc, "}", 1);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), -1);
	assert_string_equal(m, "unexpected '}'");
}

static void
test_scan_array(void **state)
{
	static const char in[] = " [ {\"a\":1} ,\n {\"b\":[\"]\"]} ]\n";
	json_scan sc;
	const char *v;
	size_t vl, line, col;
	char m[128];

	(void)state;
	json_scan_init(&sc, in, sizeof in - 1);
	assert_true(json_scan_array_begin(&sc));
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 1);
	assert_memory_equal(v, "{\"a\":1}", vl);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 1);
	assert_int_equal(line, 2);
	assert_memory_equal(v, "{\"b\":[\"]\"]}", vl);
	assert_int_equal(sc.index, 2);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 0);
	/* Empty array, missing comma, text after the end. */
	json_scan_init(&sc, "[ ]", 3);
	assert_true(json_scan_array_begin(&sc));
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 0);
	json_scan_init(&sc, "[{} {}]", 7);
	assert_true(json_scan_array_begin(&sc));
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 1);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), -1);
	assert_string_equal(m, "expected , or ] after an array element");
	json_scan_init(&sc, "[{}] x", 6);
	assert_true(json_scan_array_begin(&sc));
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), 1);
	assert_int_equal(json_scan_next(&sc, &v, &vl, &line, &col, m, sizeof m), -1);
	assert_string_equal(m, "text after the closing ]");
	json_scan_init(&sc, "{\"a\":1}", 7);
	assert_false(json_scan_array_begin(&sc));
}

static void
test_builder_order(void **state)
{
	json_builder *b = json_builder_new();
	json *root, *a, *x;

	(void)state;
	root = json_builder_add(b, NULL);
	root->type = JSON_ARRAY;
	a = json_builder_add(b, root);
	a->type = JSON_ARRAY;
	x = json_builder_add(b, a);
	x->type = JSON_INT;
	/* Back up to the root: fine (pre-order); a second root: refused. */
	assert_non_null(json_builder_add(b, root));
	assert_null(json_builder_add(b, NULL));
	/* a is no longer on the path: refused. */
	assert_null(json_builder_add(b, a));
	root = json_builder_finish(b);
	assert_int_equal(root->n, 2);
	assert_int_equal(root->child->n, 1);
	json_free(root);
	json_free(NULL);
	json_builder_free(json_builder_new());
}

static int
setup(void **state)
{
	(void)state;
	P = jsonp_new();
	return P == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	jsonp_free(P);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_escapes_unicode),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_huge_string),
		cmocka_unit_test(test_big_array),
		cmocka_unit_test(test_write_str),
		cmocka_unit_test(test_scan_lines),
		cmocka_unit_test(test_scan_errors),
		cmocka_unit_test(test_scan_array),
		cmocka_unit_test(test_builder_order),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
