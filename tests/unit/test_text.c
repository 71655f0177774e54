/* test_text.c: UTF-8 validation, article decoding, offsets, segmentation, display, search. */
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
#include "model/text.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A text from a C string literal (no embedded NULs). */
static text *
T(const char *s)
{
	text *t = text_new(s, strlen(s));
	assert_non_null(t);
	return t;
}

/* ---------------------------------------------------------------------- */

static void
test_validate_table(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		int ok;
		size_t line, col;
		const char *msg;
	} cases[] = {
		{ "", 0, 1, 0, 0, NULL },
		{ "plain ascii\n", 12, 1, 0, 0, NULL },
		{ "caf\xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80", 14, 1, 0, 0, NULL },
		{ "\xef\xbf\xbf\xf4\x8f\xbf\xbf", 7, 1, 0, 0, NULL }, /* U+FFFF, U+10FFFF */
		{ "ab\xff", 3, 0, 1, 3, "invalid UTF-8 byte 0xff" },
		{ "a\nbc\xfe", 5, 0, 2, 3, "invalid UTF-8 byte 0xfe" },
		{ "\xc0\xaf", 2, 0, 1, 1, "overlong encoding" },
		{ "x\xc1\xbf", 3, 0, 1, 2, "overlong encoding" },
		{ "\xe0\x80\xaf", 3, 0, 1, 1, "overlong encoding" },
		{ "\xe0\x9f\xbf", 3, 0, 1, 1, "overlong encoding" },
		{ "\xf0\x80\x80\xaf", 4, 0, 1, 1, "overlong encoding" },
		{ "\xf0\x8f\xbf\xbf", 4, 0, 1, 1, "overlong encoding" },
		{ "ok\n\nx\xed\xa0\x80", 8, 0, 3, 2, "UTF-16 surrogate encoded in UTF-8" },
		{ "\xed\xbf\xbf", 3, 0, 1, 1, "UTF-16 surrogate encoded in UTF-8" },
		{ "\xf4\x90\x80\x80", 4, 0, 1, 1, "code point above U+10FFFF" },
		{ "\xf5\x80\x80\x80", 4, 0, 1, 1, "invalid UTF-8 byte 0xf5" },
		{ "abc\xe2\x82", 5, 0, 1, 4, "truncated sequence at end of input" },
		{ "\xf0\x9f\x98", 3, 0, 1, 1, "truncated sequence at end of input" },
		{ "\xe2\x82" "A", 3, 0, 1, 1, "truncated sequence" },
		{ "\xc3", 1, 0, 1, 1, "truncated sequence at end of input" },
		{ "line\r\nq\x80", 8, 0, 2, 2, "unexpected continuation byte 0x80" },
		{ "\xbf", 1, 0, 1, 1, "unexpected continuation byte 0xbf" },
		{ "nul\0ok", 6, 1, 0, 0, NULL },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		text_err e;
		memset(&e, 0, sizeof e);
		int r = text_validate(cases[i].s, cases[i].len, &e);
		if (cases[i].ok) {
			assert_int_equal(r, 0);
			continue;
		}
		assert_int_equal(r, -1);
		assert_int_equal(e.line, cases[i].line);
		assert_int_equal(e.col, cases[i].col);
		assert_string_equal(e.msg, cases[i].msg);
	}
	/* err may be NULL */
	assert_int_equal(text_validate("\xff", 1, NULL), -1);
}

static void
test_validate_offset(void **state)
{
	text_err e;
	(void)state;
	assert_int_equal(text_validate("a\nb\nccc\xc3\x28", 9, &e), -1);
	assert_int_equal(e.offset, 7);
	assert_int_equal(e.line, 3);
	assert_int_equal(e.col, 4);
	assert_string_equal(e.msg, "truncated sequence");
}

/* ---------------------------------------------------------------------- */

static void
test_article_plain(void **state)
{
	text_article a;
	text_err e;
	const char raw[] = "\xef\xbb\xbfHello world.\r\nSecond line\rkept.\r\n";
	(void)state;
	assert_int_equal(text_article_parse(raw, sizeof raw - 1, 0, &a, &e), 0);
	assert_string_equal(a.body, "Hello world.\nSecond line\rkept.\n");
	assert_int_equal(a.len, strlen(a.body));
	assert_string_equal(a.title, "Hello world.");
	assert_null(a.date);
	assert_null(a.source);
	assert_null(a.url);
	assert_int_equal(a.replaced, 0);
	text_article_clear(&a);
	assert_null(a.body);
}

static void
test_article_seed(void **state)
{
	text_article a;
	const char raw[] = "  date 2026-01-28 MOSCOW, January 28. /TASS/. Russian President "
	    "Vladimir Putin will hold talks.\n\nMore text.\n";
	(void)state;
	assert_int_equal(text_article_parse(raw, sizeof raw - 1, 0, &a, NULL), 0);
	assert_string_equal(a.date, "2026-01-28");
	assert_true(strncmp(a.body, "MOSCOW, January 28.", 19) == 0);
	assert_string_equal(a.title, "MOSCOW, January 28. /TASS/.");
	text_article_clear(&a);

	/* Not a date: the text stays the body. */
	const char raw2[] = "date 2026-1-28 body";
	assert_int_equal(text_article_parse(raw2, sizeof raw2 - 1, 0, &a, NULL), 0);
	assert_null(a.date);
	assert_string_equal(a.body, raw2);
	text_article_clear(&a);

	/* Header alone on its line: the LF after it goes too. */
	const char raw3[] = "date 2025-12-31\nBody here.";
	assert_int_equal(text_article_parse(raw3, sizeof raw3 - 1, 0, &a, NULL), 0);
	assert_string_equal(a.date, "2025-12-31");
	assert_string_equal(a.body, "Body here.");
	text_article_clear(&a);
}

static void
test_article_seed_file(void **state)
{
	const char *dir = getenv("srcdir");
	char path[4096];
	FILE *f;
	char *buf;
	long n;
	text_article a;
	(void)state;
	snprintf(path, sizeof path, "%s/tests/data/text/000_c1304e6a4ac36b08.txt", dir ? dir : ".");
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	assert_int_equal(text_validate(buf, (size_t)n, NULL), 0);
	assert_int_equal(text_article_parse(buf, (size_t)n, 0, &a, NULL), 0);
	assert_string_equal(a.date, "2026-01-28");
	assert_true(strncmp(a.body, "MOSCOW, January 28. /TASS/. Russian President", 45) == 0);
	assert_string_equal(a.title, "MOSCOW, January 28. /TASS/.");
	assert_null(a.source);
	/* body = raw minus " date 2026-01-28 " */
	assert_int_equal(a.len, (size_t)n - 17);
	text_article_clear(&a);
	free(buf);
}

static void
test_article_mail(void **state)
{
	text_article a;
	const char raw[] = "title: The Headline\r\nDate: 5 May 2024\r\nSOURCE: Wire\r\n"
	    "X-Other: ignored\r\nURL: https://example.org/a\r\n\r\nBody starts. Here.\r\n";
	(void)state;
	assert_int_equal(text_article_parse(raw, sizeof raw - 1, 0, &a, NULL), 0);
	assert_string_equal(a.title, "The Headline");
	assert_string_equal(a.date, "5 May 2024");
	assert_string_equal(a.source, "Wire");
	assert_string_equal(a.url, "https://example.org/a");
	assert_string_equal(a.body, "Body starts. Here.\n");
	text_article_clear(&a);

	/* Without a Title: the first sentence; folded continuation line. */
	const char raw2[] = "Date: 2024-05-05\nSource: A\n  B\n\nFirst  sentence\there!  Next one.";
	assert_int_equal(text_article_parse(raw2, sizeof raw2 - 1, 0, &a, NULL), 0);
	assert_string_equal(a.title, "First sentence here!");
	assert_string_equal(a.source, "A B");
	assert_string_equal(a.date, "2024-05-05");
	assert_string_equal(a.body, "First  sentence\there!  Next one.");
	text_article_clear(&a);

	/* The first line is not a known key: no header at all. */
	const char raw3[] = "Author: me\n\nText.";
	assert_int_equal(text_article_parse(raw3, sizeof raw3 - 1, 0, &a, NULL), 0);
	assert_string_equal(a.body, raw3);
	assert_null(a.date);
	text_article_clear(&a);

	/* A header without a blank line ends at the first non-header line. */
	const char raw4[] = "Title: T\nThe body line.";
	assert_int_equal(text_article_parse(raw4, sizeof raw4 - 1, 0, &a, NULL), 0);
	assert_string_equal(a.title, "T");
	assert_string_equal(a.body, "The body line.");
	text_article_clear(&a);
}

static void
test_article_invalid(void **state)
{
	text_article a;
	text_err e;
	const char raw[] = "\xef\xbb\xbfok\r\nline two \xc3\x28 and \xff\xfe end\xe2\x82";
	(void)state;
	memset(&a, 0x5a, sizeof a);
	assert_int_equal(text_article_parse(raw, sizeof raw - 1, 0, &a, &e), -1);
	assert_null(a.body);
	/* counted in the raw input: the BOM and the CR count as bytes */
	assert_int_equal(e.line, 2);
	assert_int_equal(e.col, 10);
	assert_int_equal(e.offset, 16);
	assert_string_equal(e.msg, "truncated sequence");

	assert_int_equal(text_article_parse(raw, sizeof raw - 1, TEXT_LOSSY, &a, &e), 0);
	assert_int_equal(a.replaced, 5);
	assert_string_equal(a.body, "ok\nline two \xef\xbf\xbd( and \xef\xbf\xbd\xef\xbf\xbd end"
	    "\xef\xbf\xbd\xef\xbf\xbd");
	assert_int_equal(text_validate(a.body, a.len, NULL), 0);
	text_article_clear(&a);

	/* Nothing else is normalised: controls and decomposed marks stay. */
	const char raw2[] = "a\x1b[31mb e\xcc\x81";
	assert_int_equal(text_article_parse(raw2, sizeof raw2 - 1, 0, &a, &e), 0);
	assert_string_equal(a.body, raw2);
	text_article_clear(&a);
}

static void
test_first_sentence(void **state)
{
	static const struct {
		const char *in;
		size_t max;
		const char *out;
	} cases[] = {
		{ "", 120, "" },
		{ "   \n\n  ", 120, "" },
		{ "\n\n  Headline without stop\nBody. More.", 120, "Headline without stop" },
		{ "Mr. Smith went to Washington. Then home.", 120, "Mr. Smith went to Washington." },
		{ "The U.S. Army said so. Yes.", 120, "The U.S. Army said so." },
		{ "He said \"stop.\" Then left.", 120, "He said \"stop.\"" },
		{ "Prices rose 2.5 percent. Then fell.", 120, "Prices rose 2.5 percent." },
		{ "It ended... after all. Yes", 120, "It ended... after all." },
		{ "wait. lowercase goes on. Up", 120, "wait. lowercase goes on." },
		{ "\xe4\xbb\x8a\xe6\x97\xa5\xe3\x80\x82\xe6\x98\x8e\xe6\x97\xa5", 120,
		  "\xe4\xbb\x8a\xe6\x97\xa5\xe3\x80\x82" },
		{ "abcdefghij klmnop", 10, "abcdefghij" },
		{ "one two three four five six", 10, "one two" },
		{ "one two three four five six", 12, "one two thre" },
		{ "abcdefghijklmnop", 5, "abcde" },
		/* never split a cluster: e + U+0301 at the limit */
		{ "abce\xcc\x81z", 4, "abc" },
		{ "abce\xcc\x81z", 5, "abce\xcc\x81" },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		char *s = text_first_sentence(cases[i].in, strlen(cases[i].in), cases[i].max);
		assert_non_null(s);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void
test_title_limit(void **state)
{
	text_article a;
	char raw[400];
	size_t ncp = 0;
	(void)state;
	/* 150 x "é" with no stop: the title keeps at most 120 code points. */
	for (int i = 0; i < 150; i++)
		memcpy(raw + 2 * i, "\xc3\xa9", 2);
	assert_int_equal(text_article_parse(raw, 300, 0, &a, NULL), 0);
	for (const char *p = a.title; *p; p++)
		ncp += ((unsigned char)*p & 0xC0) != 0x80;
	assert_int_equal(ncp, 120);
	text_article_clear(&a);
}

/* ---------------------------------------------------------------------- */

static void
test_offsets_basic(void **state)
{
	/* a é 漢 😀 b */
	const char s[] = "a\xc3\xa9\xe6\xbc\xa2\xf0\x9f\x98\x80" "b";
	text *t = T(s);
	static const size_t bytes[] = { 0, 1, 3, 6, 10, 11 };
	static const size_t u16[] = { 0, 1, 2, 3, 5, 6 };
	(void)state;
	assert_int_equal(text_len(t), 5);
	assert_int_equal(text_len_bytes(t), 11);
	assert_string_equal(text_bytes(t), s);
	for (size_t cp = 0; cp <= 5; cp++) {
		assert_int_equal(text_cp_to_byte(t, cp), bytes[cp]);
		assert_int_equal(text_byte_to_cp(t, bytes[cp]), cp);
		assert_int_equal(text_cp_to_utf16(t, cp), u16[cp]);
		assert_int_equal(text_utf16_to_cp(t, u16[cp]), cp);
	}
	/* inside a code point: the boundary before */
	assert_int_equal(text_byte_to_cp(t, 2), 1);
	assert_int_equal(text_byte_to_cp(t, 8), 3);
	assert_int_equal(text_byte_to_cp(t, 99), 5);
	assert_int_equal(text_cp_to_byte(t, 99), 11);
	/* inside the surrogate pair of U+1F600, or past the end */
	assert_int_equal(text_utf16_to_cp(t, 4), (size_t)-1);
	assert_int_equal(text_utf16_to_cp(t, 7), (size_t)-1);
	assert_int_equal(text_cp_to_utf16(t, 99), 6);
	assert_int_equal(text_cp_at(t, 0), 'a');
	assert_int_equal(text_cp_at(t, 1), 0xE9);
	assert_int_equal(text_cp_at(t, 2), 0x6F22);
	assert_int_equal(text_cp_at(t, 3), 0x1F600);
	assert_int_equal(text_cp_at(t, 5), 0);
	text_free(t);

	/* empty and ASCII-only */
	t = text_new("", 0);
	assert_int_equal(text_len(t), 0);
	assert_int_equal(text_cp_to_byte(t, 3), 0);
	assert_int_equal(text_utf16_to_cp(t, 0), 0);
	assert_int_equal(text_utf16_to_cp(t, 1), (size_t)-1);
	text_free(t);
	t = T("hello");
	assert_int_equal(text_cp_to_byte(t, 3), 3);
	assert_int_equal(text_byte_to_cp(t, 4), 4);
	assert_int_equal(text_cp_to_utf16(t, 5), 5);
	text_free(t);
	text_free(NULL);
}

static void
test_text_new_invalid(void **state)
{
	text *t = text_new("a\xff" "b\xe2\x82", 5);
	(void)state;
	assert_non_null(t);
	assert_string_equal(text_bytes(t), "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd");
	assert_int_equal(text_len(t), 5);
	text_free(t);
}

/* Tiny deterministic PRNG so the test is reproducible. */
static uint32_t
rnd(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return *st;
}

static void
test_offsets_random(void **state)
{
	static const uint32_t pool[] = {
		'a', 'Z', ' ', '\n', 0xE9, 0x301, 0x6F22, 0x1F600, 0x10FFFD, 0x5D0, 0x200D, 0xFFFD
	};
	uint32_t st = 12345;
	(void)state;
	for (int round = 0; round < 20; round++) {
		size_t ncp = rnd(&st) % 3000, len = 0, u = 0;
		char *buf = malloc(ncp * 4 + 1);
		size_t *boff = malloc((ncp + 1) * sizeof *boff);
		size_t *uoff = malloc((ncp + 1) * sizeof *uoff);
		text *t;
		for (size_t i = 0; i < ncp; i++) {
			uint32_t c = pool[rnd(&st) % NELEM(pool)];
			boff[i] = len;
			uoff[i] = u;
			u += c > 0xFFFF ? 2 : 1;
			if (c < 0x80) {
				buf[len++] = (char)c;
			} else if (c < 0x800) {
				buf[len++] = (char)(0xC0 | (c >> 6));
				buf[len++] = (char)(0x80 | (c & 0x3F));
			} else if (c < 0x10000) {
				buf[len++] = (char)(0xE0 | (c >> 12));
				buf[len++] = (char)(0x80 | ((c >> 6) & 0x3F));
				buf[len++] = (char)(0x80 | (c & 0x3F));
			} else {
				buf[len++] = (char)(0xF0 | (c >> 18));
				buf[len++] = (char)(0x80 | ((c >> 12) & 0x3F));
				buf[len++] = (char)(0x80 | ((c >> 6) & 0x3F));
				buf[len++] = (char)(0x80 | (c & 0x3F));
			}
		}
		boff[ncp] = len;
		uoff[ncp] = u;
		t = text_new(buf, len);
		assert_non_null(t);
		assert_int_equal(text_len(t), ncp);
		for (size_t cp = 0; cp <= ncp; cp++) {
			assert_int_equal(text_cp_to_byte(t, cp), boff[cp]);
			assert_int_equal(text_byte_to_cp(t, boff[cp]), cp);
			assert_int_equal(text_cp_to_utf16(t, cp), uoff[cp]);
			assert_int_equal(text_utf16_to_cp(t, uoff[cp]), cp);
			if (cp < ncp && boff[cp + 1] - boff[cp] == 4)
				assert_int_equal(text_utf16_to_cp(t, uoff[cp] + 1), (size_t)-1);
			if (cp < ncp && boff[cp + 1] - boff[cp] > 1)
				assert_int_equal(text_byte_to_cp(t, boff[cp] + 1), cp);
		}
		text_free(t);
		free(buf);
		free(boff);
		free(uoff);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate_table),
		cmocka_unit_test(test_validate_offset),
		cmocka_unit_test(test_article_plain),
		cmocka_unit_test(test_article_seed),
		cmocka_unit_test(test_article_seed_file),
		cmocka_unit_test(test_article_mail),
		cmocka_unit_test(test_article_invalid),
		cmocka_unit_test(test_first_sentence),
		cmocka_unit_test(test_title_limit),
		cmocka_unit_test(test_offsets_basic),
		cmocka_unit_test(test_text_new_invalid),
		cmocka_unit_test(test_offsets_random),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
