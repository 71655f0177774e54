/* test_label.c: scheme parsing, errors with line numbers, formatting round trips, shipped files. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/label.h"

static int
parse(const char *s, label_scheme *ls, size_t *line, char *msg, size_t msgsz)
{
	return label_scheme_parse(s, strlen(s), ls, line, msg, msgsz);
}

static void
test_default(void **state)
{
	label_scheme ls;
	size_t line = 99;
	char msg[128] = "";
	const label *l;

	(void)state;
	assert_int_equal(parse(label_default_scheme, &ls, &line, msg, sizeof msg), 0);
	assert_int_equal(ls.n, 4);
	assert_string_equal(ls.v[0].name, "PER");
	assert_string_equal(ls.v[0].colour, "red");
	assert_int_equal(ls.v[0].key, 1);
	assert_string_equal(ls.v[1].name, "ORG");
	assert_string_equal(ls.v[1].colour, "blue");
	assert_string_equal(ls.v[2].name, "LOC");
	assert_string_equal(ls.v[2].colour, "green");
	assert_string_equal(ls.v[3].name, "MISC");
	assert_string_equal(ls.v[3].colour, "magenta");
	assert_true(strlen(ls.v[3].description) > 0);
	l = label_by_key(&ls, 3);
	assert_non_null(l);
	assert_string_equal(l->name, "LOC");
	assert_null(label_by_key(&ls, 5));
	assert_null(label_by_key(&ls, 0));
	l = label_by_name(&ls, "ORG");
	assert_non_null(l);
	assert_int_equal(l->key, 2);
	assert_null(label_by_name(&ls, "org"));
	assert_null(label_by_name(&ls, NULL));
	label_scheme_clear(&ls);
	assert_int_equal(ls.n, 0);
	assert_null(ls.v);
}

static void
test_syntax(void **state)
{
	const char *s =
	    "# comment\n"
	    "\n"
	    "   \t\n"
	    "  # indented comment\n"
	    "1\tPERSON   bright-red   A person,  with  spaces kept   \r\n"
	    "- NORP Cyan\n"
	    "9 ÉVÉNEMENT yellow événement\n"
	    "2 x white";
	label_scheme ls;
	size_t line;
	char msg[128];

	(void)state;
	assert_int_equal(parse(s, &ls, &line, msg, sizeof msg), 0);
	assert_int_equal(ls.n, 4);
	assert_int_equal(ls.v[0].key, 1);
	assert_string_equal(ls.v[0].name, "PERSON");
	assert_string_equal(ls.v[0].colour, "bright-red");
	assert_string_equal(ls.v[0].description, "A person,  with  spaces kept");
	assert_int_equal(ls.v[1].key, 0);
	assert_string_equal(ls.v[1].colour, "cyan");
	assert_string_equal(ls.v[1].description, "");
	assert_string_equal(ls.v[2].name, "ÉVÉNEMENT");
	assert_int_equal(ls.v[3].key, 2);
	assert_string_equal(ls.v[3].name, "x");
	assert_null(label_by_key(&ls, 0)); /* "no key" is not a key */
	label_scheme_clear(&ls);
}

/* Each bad scheme fails on the expected line with a message naming the problem. */
static void
test_errors(void **state)
{
	static const struct {
		const char *text;
		size_t line;
		const char *needle;
	} cases[] = {
		{ "1 PER red\n2 ORG purple\n", 2, "unknown colour" },
		{ "1 PER red\n2 ORG bright-\n", 2, "unknown colour" },
		{ "1 PER red\n# c\n2 PER blue\n", 3, "duplicate label name" },
		{ "1 PER red\n1 ORG blue\n", 2, "key 1" },
		{ "1 PER\n", 1, "missing colour" },
		{ "\n\n1\n", 3, "missing label name" },
		{ "0 PER red\n", 1, "bad key" },
		{ "10 PER red\n", 1, "bad key" },
		{ "a PER red\n", 1, "bad key" },
		{ "1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA red\n", 1, "64" },
		{ "1 \xff\xfe red\n", 1, "UTF-8" },
		{ "1 PER red caf\xc3\n", 1, "UTF-8" },
		{ "# only comments\n\n", 0, "no labels" },
		{ "", 0, "no labels" },
		{ "1 PER red\n2 ORG averyveryveryverylongcolourname-that-goes-on\n", 2, "unknown colour" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		label_scheme ls = { (label *)1, 5 };
		size_t line = 1234;
		char msg[128] = "";

		if (parse(cases[i].text, &ls, &line, msg, sizeof msg) == 0)
			fail_msg("case %zu parsed", i);
		if (line != cases[i].line || strstr(msg, cases[i].needle) == NULL)
			fail_msg("case %zu: line %zu msg '%s'", i, line, msg);
		assert_int_equal(ls.n, 0);
		assert_null(ls.v);
	}
}

static void
test_nul_and_null_outputs(void **state)
{
	static const char s[] = "1 PER red\n2 O\0G blue\n";
	label_scheme ls;
	size_t line;

	(void)state;
	assert_int_equal(label_scheme_parse(s, sizeof s - 1, &ls, &line, NULL, 0), -1);
	assert_int_equal(line, 2);
	/* line and msg are optional */
	assert_int_equal(label_scheme_parse("x", 1, &ls, NULL, NULL, 0), -1);
	/* Only len bytes are read: the text need not be NUL-terminated. */
	assert_int_equal(label_scheme_parse("1 PER red\n2 ORG blue", 9, &ls, &line, NULL, 0), 0);
	assert_int_equal(ls.n, 1);
	label_scheme_clear(&ls);
}

static void
test_colours(void **state)
{
	(void)state;
	assert_int_equal(label_colour_index("black"), 0);
	assert_int_equal(label_colour_index("red"), 1);
	assert_int_equal(label_colour_index("green"), 2);
	assert_int_equal(label_colour_index("yellow"), 3);
	assert_int_equal(label_colour_index("blue"), 4);
	assert_int_equal(label_colour_index("magenta"), 5);
	assert_int_equal(label_colour_index("cyan"), 6);
	assert_int_equal(label_colour_index("white"), 7);
	assert_int_equal(label_colour_index("bright-black"), 8);
	assert_int_equal(label_colour_index("bright-white"), 15);
	assert_int_equal(label_colour_index("BLUE"), 4);
	assert_int_equal(label_colour_index("bright-"), -1);
	assert_int_equal(label_colour_index("brightred"), -1);
	assert_int_equal(label_colour_index("orange"), -1);
	assert_int_equal(label_colour_index(""), -1);
	assert_int_equal(label_colour_index(NULL), -1);
}

static void
assert_same(const label_scheme *a, const label_scheme *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_int_equal(a->v[i].key, b->v[i].key);
		assert_string_equal(a->v[i].name, b->v[i].name);
		assert_string_equal(a->v[i].colour, b->v[i].colour);
		assert_string_equal(a->v[i].description, b->v[i].description);
	}
}

static void
test_format_roundtrip(void **state)
{
	const char *s = "1 PER red Person\n- NORP bright-cyan\n3 LOC green Place,\tor area\n";
	label_scheme a, b;
	size_t line;
	char *out, *out2;

	(void)state;
	assert_int_equal(parse(s, &a, &line, NULL, 0), 0);
	out = label_scheme_format(&a);
	assert_non_null(out);
	assert_true(out[0] == '#');
	assert_non_null(strstr(out, "\n- NORP bright-cyan\n"));
	assert_int_equal(parse(out, &b, &line, NULL, 0), 0);
	assert_same(&a, &b);
	out2 = label_scheme_format(&b);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	label_scheme_clear(&b);

	/* A description set by code with a newline still formats to one line. */
	free(a.v[0].description);
	a.v[0].description = strdup("two\nlines");
	out = label_scheme_format(&a);
	assert_int_equal(parse(out, &b, &line, NULL, 0), 0);
	assert_int_equal(b.n, 3);
	assert_string_equal(b.v[0].description, "two lines");
	free(out);
	label_scheme_clear(&b);
	label_scheme_clear(&a);
}

static char *
slurp(const char *rel, size_t *len)
{
	const char *dir = getenv("srcdir");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", rel);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void
test_shipped_conll(void **state)
{
	size_t len, line;
	char msg[128] = "", *buf = slurp("assets/labels/conll.labels", &len);
	label_scheme ls, def;

	(void)state;
	if (label_scheme_parse(buf, len, &ls, &line, msg, sizeof msg) != 0)
		fail_msg("conll.labels:%zu: %s", line, msg);
	assert_int_equal(parse(label_default_scheme, &def, &line, NULL, 0), 0);
	/* The shipped file and the built-in default are the same scheme. */
	assert_same(&ls, &def);
	label_scheme_clear(&ls);
	label_scheme_clear(&def);
	free(buf);
}

static void
test_shipped_ontonotes(void **state)
{
	static const char *const names[] = {
		"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT",
		"WORK_OF_ART", "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY",
		"QUANTITY", "ORDINAL", "CARDINAL"
	};
	size_t len, line, keyed = 0;
	char msg[128] = "", *buf = slurp("assets/labels/ontonotes.labels", &len);
	label_scheme ls;

	(void)state;
	if (label_scheme_parse(buf, len, &ls, &line, msg, sizeof msg) != 0)
		fail_msg("ontonotes.labels:%zu: %s", line, msg);
	assert_int_equal(ls.n, 18);
	for (size_t i = 0; i < 18; i++)
		assert_non_null(label_by_name(&ls, names[i]));
	for (int k = 1; k <= 9; k++)
		assert_non_null(label_by_key(&ls, k));
	for (size_t i = 0; i < ls.n; i++)
		keyed += ls.v[i].key != 0;
	assert_int_equal(keyed, 9);
	assert_int_equal(label_by_name(&ls, "PERSON")->key, 1);
	assert_int_equal(label_by_name(&ls, "ORG")->key, 2);
	assert_int_equal(label_by_name(&ls, "FAC")->key, 0);
	label_scheme_clear(&ls);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul_and_null_outputs),
		cmocka_unit_test(test_colours),
		cmocka_unit_test(test_format_roundtrip),
		cmocka_unit_test(test_shipped_conll),
		cmocka_unit_test(test_shipped_ontonotes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
