/* test_tag_unit.c: text_tag_unit, the unit 1-9 tag (possessives and
 * punctuation left out; runs of one script in no-space scripts). */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/text.h"

/* The unit at the n-th code point of s, as a string ("" for none). */
static char *
unit(const char *s, size_t cp)
{
	static char buf[256];
	text *t = text_new(s, strlen(s));
	size_t a, b, ba, bb;

	assert_non_null(t);
	buf[0] = 0;
	if (text_tag_unit(t, cp, &a, &b)) {
		ba = text_cp_to_byte(t, a);
		bb = text_cp_to_byte(t, b);
		snprintf(buf, sizeof(buf), "%.*s", (int)(bb - ba), s + ba);
	} else
		assert_true(a == b);
	text_free(t);
	return buf;
}

static void
test_possessive(void **state)
{
	(void)state;
	assert_string_equal(unit("includes Dvořák’s Ninth", 10), "Dvořák");
	assert_string_equal(unit("includes Dvořák’s Ninth", 9), "Dvořák");
	assert_string_equal(unit("for Sibelius’s Violin", 6), "Sibelius");
	assert_string_equal(unit("in Tokyo's Suntory Hall", 4), "Tokyo");
	assert_string_equal(unit("the Philharmonic’s first", 6), "Philharmonic");
	assert_string_equal(unit("TOKYO'S hall", 0), "TOKYO");
	assert_string_equal(unit("the Dockworkers’ union", 6), "Dockworkers");
	assert_string_equal(unit("James' book", 2), "James");
	/* an apostrophe inside a name stays; so does a word that is only s */
	assert_string_equal(unit("Mr O’Brien said", 4), "O’Brien");
	assert_string_equal(unit("it's", 0), "it");
	assert_string_equal(unit("say 's'", 5), "s");
}

static void
test_punctuation(void **state)
{
	(void)state;
	assert_string_equal(unit("(Unsuk Chin),", 1), "Unsuk");
	assert_string_equal(unit("(Unsuk Chin),", 8), "Chin");
	assert_string_equal(unit("the U.S. said", 5), "U.S");
	assert_string_equal(unit("in Tokyo, Osaka", 3), "Tokyo");
	assert_string_equal(unit("a , b", 2), "");
	assert_string_equal(unit("Zoe\xcc\x88 left", 1), "Zoe\xcc\x88"); /* a mark at the end stays */
}

static void
test_no_space_scripts(void **state)
{
	(void)state;
	/* 田中恵子さんは東京へ: Han run, then Hiragana, then Han */
	assert_string_equal(unit("田中恵子さんは東京へ行った。", 0), "田中恵子");
	assert_string_equal(unit("田中恵子さんは東京へ行った。", 2), "田中恵子");
	assert_string_equal(unit("田中恵子さんは東京へ行った。", 4), "さんは");
	assert_string_equal(unit("田中恵子さんは東京へ行った。", 7), "東京");
	/* punctuation and spaces end a run; Katakana with the long mark */
	assert_string_equal(unit("「コーヒー」を", 1), "コーヒー");
	assert_string_equal(unit("佐々木さん", 1), "佐々木");
	assert_string_equal(unit("北京 上海", 3), "上海");
	/* Hangul has spaces: UAX #29 words */
	assert_string_equal(unit("작곡가 진은숙 (Unsuk Chin)", 5), "진은숙");
	assert_string_equal(unit("作曲家진은숙", 0), "作曲家");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_possessive),
		cmocka_unit_test(test_punctuation),
		cmocka_unit_test(test_no_space_scripts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
