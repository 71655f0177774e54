/* test_pattern.c: dates, times, money and percentages; the engine follows the scheme. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/pattern.h"
#include "model/suggest.h"
#include "model/token.h"

/* Byte offset of code point cp in s. */
static size_t
cp_byte(const char *s, size_t cp)
{
	size_t b = 0;

	for (; s[b] != '\0'; b++)
		if (((unsigned char)s[b] & 0xC0) != 0x80 && cp-- == 0)
			break;
	return b;
}

/* Matches of s as "LABEL:text" joined by " | ". */
static char *
run(const char *s)
{
	static char buf[1024];
	token *tok;
	size_t ntok = token_split(s, strlen(s), NULL, 0, &tok), n = 0, o = 0;
	pat_match *m = NULL;

	assert_int_equal(pattern_find(s, strlen(s), tok, ntok, 0xF, &m, &n), 0);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t b = cp_byte(s, m[i].start), e = cp_byte(s, m[i].end);

		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s:%.*s", i ? " | " : "",
		    pattern_label(m[i].kind), (int)(e - b), s + b);
		assert_true(m[i].conf > 0 && m[i].conf <= 1);
	}
	free(m);
	free(tok);
	return buf;
}

static void
test_percent(void **state)
{
	(void)state;
	assert_string_equal(run("up 12% and 3.5 % or 40 percent, 2 per cent, five percent"),
	    "PERCENT:12% | PERCENT:3.5 % | PERCENT:40 percent | PERCENT:2 per cent | PERCENT:five percent");
	assert_string_equal(run("rates rose 0.25 percentage points"), "PERCENT:0.25 percentage points");
	assert_string_equal(run("12 people"), "");
}

static void
test_money(void **state)
{
	(void)state;
	assert_string_equal(run("$5 and US$1.2 billion, €40m, £3bn"),
	    "MONEY:$5 | MONEY:US$1.2 billion | MONEY:€40m | MONEY:£3bn");
	assert_string_equal(run("20 million euros, USD 300, 1,200 yen, 50 cents"),
	    "MONEY:20 million euros | MONEY:USD 300 | MONEY:1,200 yen | MONEY:50 cents");
	assert_string_equal(run("the $ sign and 20 million people"), "");
}

static void
test_time(void **state)
{
	(void)state;
	assert_string_equal(run("at 10:30 a.m. GMT, 3 p.m. and 3pm, noon; 17:05"),
	    "TIME:10:30 a.m. GMT | TIME:3 p.m. | TIME:3pm | TIME:noon | TIME:17:05");
	assert_string_equal(run("won 2:1 and 25:61"), "");
}

static void
test_date(void **state)
{
	(void)state;
	assert_string_equal(run("on 2024-03-12 and 12/03/2024"), "DATE:2024-03-12 | DATE:12/03/2024");
	assert_string_equal(run("12 March 2024, March 12, 2024, the 3rd June, in July"),
	    "DATE:12 March 2024 | DATE:March 12, 2024 | DATE:3rd June | DATE:July");
	assert_string_equal(run("Tuesday, March 12 was cold"), "DATE:Tuesday, March 12");
	assert_string_equal(run("You May go. They march. March 2023 was hot"), "DATE:March 2023");
	assert_string_equal(run("yesterday, last week, earlier this year"),
	    "DATE:yesterday | DATE:last week | DATE:earlier this year");
	assert_string_equal(run("in 2019, since 1990, the 1990s; 2019 people; Jan. 5"),
	    "DATE:2019 | DATE:1990 | DATE:1990s | DATE:Jan. 5");
}

static void
test_engine_follows_scheme(void **state)
{
	const char *s = "On Tuesday prices rose 5% to $20.";
	token *tok;
	size_t ntok = token_split(s, strlen(s), NULL, 0, &tok);
	const char *conll[] = { "PER", "ORG", "LOC", "MISC" };
	const char *onto[] = { "PERSON", "DATE", "MONEY" };
	sug_input in = { .s = s, .len = strlen(s), .ncp = strlen(s), .tok = tok, .ntok = ntok };
	sug_engine *e = pattern_engine_new();
	sug_list l;

	(void)state;
	sug_list_init(&l);
	in.labels = conll;
	in.nlabels = 4;
	assert_int_equal(e->suggest(e->self, &in, &l), 0);
	assert_int_equal(l.n, 0);
	in.labels = onto;
	in.nlabels = 3;
	assert_int_equal(e->suggest(e->self, &in, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].label, "DATE");
	assert_int_equal(l.v[0].start, 3);
	assert_int_equal(l.v[0].source, SRC_PATTERN);
	assert_int_equal(l.v[0].status, SPAN_SUGGESTED);
	assert_string_equal(l.v[1].label, "MONEY");
	assert_int_equal(l.v[1].start, 29);
	assert_int_equal(l.v[1].end, 32);
	sug_list_clear(&l);
	sug_engine_free(e);
	free(tok);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_engine_follows_scheme),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
