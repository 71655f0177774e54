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
#include <unigbrk.h>
#include "model/text.h"
#include "model/layout.h"

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
	assert_string_equal(a.title, "Russian President Vladimir Putin will hold talks."); /* after the dateline */
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
	assert_string_equal(a.title, "Russian President Vladimir Putin will hold talks on Wednesday with Syrian interim "
	    "leader Ahmed al-Sharaa, who will be\u2026");
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

	/* 1 MB without a stop: the title still comes out whole-word, short. */
	size_t big = 1 << 20;
	char *huge = malloc(big);
	for (size_t i = 0; i < big; i++)
		huge[i] = i % 6 == 5 ? ' ' : 'w';
	char *title = text_first_sentence(huge, big, 120);
	assert_int_equal(strlen(title), 119); /* 20 words of 5 and their spaces */
	assert_int_equal(title[118], 'w');
	free(title);
	free(huge);
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

/* ---------------------------------------------------------------------- */

/* The cluster starts of s, walking forward with text_grapheme_next. */
static size_t
walk(const text *t, size_t *out, size_t max)
{
	size_t n = 0, cp = 0;
	while (cp < text_len(t) && n < max) {
		out[n++] = cp;
		size_t nx = text_grapheme_next(t, cp);
		assert_true(nx > cp);
		cp = nx;
	}
	assert_int_equal(cp, text_len(t));
	return n;
}

static void
test_graphemes(void **state)
{
	static const struct {
		const char *s;
		size_t n;
		size_t starts[8];
	} cases[] = {
		/* e + U+0301 + U+0302, x */
		{ "e\xcc\x81\xcc\x82x", 2, { 0, 3 } },
		/* man ZWJ woman ZWJ girl, x */
		{ "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7x", 2, { 0, 5 } },
		/* thumbs up + skin tone, x */
		{ "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbdx", 2, { 0, 2 } },
		/* flags US FR, then one lone indicator */
		{ "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9", 3, { 0, 2, 4 } },
		/* Hangul L V T jamo, then a precomposed syllable */
		{ "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8\xea\xb0\x81", 2, { 0, 3 } },
		/* Devanagari ki (ka + vowel sign i) then space */
		{ "\xe0\xa4\x95\xe0\xa4\xbf ", 2, { 0, 2 } },
		/* CR LF is one cluster (only in texts not from article_parse) */
		{ "a\r\nb", 3, { 0, 1, 3 } },
		/* heart + VS16 */
		{ "\xe2\x9d\xa4\xef\xb8\x8f!", 2, { 0, 2 } },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		text *t = T(cases[i].s);
		size_t got[16], n = walk(t, got, 16);
		assert_int_equal(n, cases[i].n);
		for (size_t k = 0; k < n; k++) {
			assert_int_equal(got[k], cases[i].starts[k]);
			/* prev undoes next; start finds the start from inside */
			size_t end = k + 1 < n ? got[k + 1] : text_len(t);
			assert_int_equal(text_grapheme_prev(t, end), got[k]);
			for (size_t c = got[k]; c < end; c++)
				assert_int_equal(text_grapheme_start(t, c), got[k]);
		}
		assert_int_equal(text_grapheme_prev(t, 0), 0);
		assert_int_equal(text_grapheme_next(t, text_len(t)), text_len(t));
		assert_int_equal(text_grapheme_start(t, 999), text_len(t));
		text_free(t);
	}
}

static void
test_graphemes_long(void **state)
{
	/* A run of 200 flags after 1000 'a': pairing counts from the run's
	 * start, and windows far from the start still see it. */
	size_t n = 1000 + 200 * 8, len = 0;
	char *buf = malloc(n + 1);
	(void)state;
	memset(buf, 'a', 1000);
	len = 1000;
	for (int i = 0; i < 200; i++) {
		memcpy(buf + len, "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8", 8);
		len += 8;
	}
	text *t = text_new(buf, len);
	for (size_t cp = 1000; cp < 1400; cp++) {
		size_t want = 1000 + ((cp - 1000) & ~(size_t)1);
		assert_int_equal(text_grapheme_start(t, cp), want);
		assert_int_equal(text_grapheme_next(t, cp), want + 2);
	}
	assert_int_equal(text_grapheme_prev(t, 1400), 1398);
	text_free(t);
	/* One base with 300 combining marks is one cluster. */
	len = 0;
	buf[len++] = 'x';
	for (int i = 0; i < 300; i++) {
		memcpy(buf + len, "\xcc\x81", 2);
		len += 2;
	}
	buf[len++] = 'y';
	t = text_new(buf, len);
	assert_int_equal(text_grapheme_next(t, 0), 301);
	assert_int_equal(text_grapheme_next(t, 150), 301);
	assert_int_equal(text_grapheme_prev(t, 301), 0);
	assert_int_equal(text_grapheme_start(t, 200), 0);
	text_free(t);
	free(buf);
}

static void
test_words(void **state)
{
	/* 0         1         2         3
	 * 0123456789012345678901234567890123456 */
	text *t = T("Hello, wor-ld  it's 3.14!\n\n  x \xc3\xa9t\xc3\xa9 --");
	size_t s, e;
	(void)state;
	assert_int_equal(text_word_next(t, 0), 7);   /* Hello -> wor */
	assert_int_equal(text_word_next(t, 3), 7);
	assert_int_equal(text_word_next(t, 5), 7);   /* from ',' */
	assert_int_equal(text_word_next(t, 7), 11);  /* wor -> ld */
	assert_int_equal(text_word_next(t, 11), 15); /* ld -> it's */
	assert_int_equal(text_word_next(t, 15), 20); /* it's -> 3.14 */
	assert_int_equal(text_word_next(t, 20), 29); /* across the blank line -> x */
	assert_int_equal(text_word_next(t, 29), 31); /* x -> été */
	assert_int_equal(text_word_next(t, 31), text_len(t));
	assert_int_equal(text_word_prev(t, 31), 29);
	assert_int_equal(text_word_prev(t, 29), 20);
	assert_int_equal(text_word_prev(t, 22), 20);
	assert_int_equal(text_word_prev(t, 16), 15);
	assert_int_equal(text_word_prev(t, 6), 0);
	assert_int_equal(text_word_prev(t, 0), 0);
	assert_int_equal(text_word_end(t, 0), 4);
	assert_int_equal(text_word_end(t, 4), 9);
	assert_int_equal(text_word_end(t, 15), 18);
	assert_int_equal(text_word_end(t, 20), 23);
	assert_int_equal(text_word_end(t, 23), 29);
	assert_int_equal(text_word_end(t, 33), text_len(t));
	assert_int_equal(text_word_at(t, 2, &s, &e), 1);
	assert_int_equal(s, 0);
	assert_int_equal(e, 5);
	assert_int_equal(text_word_at(t, 17, &s, &e), 1);
	assert_int_equal(s, 15);
	assert_int_equal(e, 19);
	assert_int_equal(text_word_at(t, 21, &s, &e), 1);
	assert_int_equal(s, 20);
	assert_int_equal(e, 24);
	assert_int_equal(text_word_at(t, 32, &s, &e), 1);
	assert_int_equal(s, 31);
	assert_int_equal(e, 34);
	assert_int_equal(text_word_at(t, 5, &s, &e), 0);
	assert_int_equal(text_word_at(t, 13, &s, &e), 0);
	assert_int_equal(text_word_at(t, 25, &s, &e), 0);
	assert_int_equal(text_word_at(t, 36, &s, &e), 0);
	text_free(t);
}

static void
test_words_cjk_long(void **state)
{
	/* Ideographs are words of one character each (UAX #29). */
	text *t = T("\xe6\xbc\xa2\xe5\xad\x97 ab");
	size_t s, e;
	(void)state;
	assert_int_equal(text_word_next(t, 0), 1);
	assert_int_equal(text_word_next(t, 1), 3);
	assert_int_equal(text_word_at(t, 1, &s, &e), 1);
	assert_int_equal(s, 1);
	assert_int_equal(e, 2);
	text_free(t);

	/* A 100 kB line of words: motions stay local and exact. */
	size_t n = 100000;
	char *buf = malloc(n);
	for (size_t i = 0; i < n; i++)
		buf[i] = i % 10 == 9 ? ' ' : 'a' + (char)(i % 7);
	t = text_new(buf, n);
	assert_int_equal(text_word_next(t, 50003), 50010);
	assert_int_equal(text_word_prev(t, 50003), 50000);
	assert_int_equal(text_word_prev(t, 50000), 49990);
	assert_int_equal(text_word_end(t, 50003), 50008);
	assert_int_equal(text_word_end(t, 50008), 50018);
	assert_int_equal(text_word_at(t, 99995, &s, &e), 1);
	assert_int_equal(s, 99990);
	assert_int_equal(e, 99999);
	/* 20 kB of spaces between two words */
	memset(buf + 10, ' ', 20000);
	memcpy(buf, "first", 5);
	text_free(t);
	t = text_new(buf, n);
	assert_int_equal(text_word_next(t, 0), 20010);
	assert_int_equal(text_word_prev(t, 20010), 0);
	text_free(t);
	free(buf);
}

static void
test_sentences_lines(void **state)
{
	/*          0         1         2         3         4
	 *          0123456789012345678901234567890123456789012345678 */
	text *t = T("Dr. Who came. He left!  Then \"Why?\" Ok\n\nLast one");
	size_t s, e;
	(void)state;
	text_sentence_at(t, 0, &s, &e);
	assert_int_equal(s, 0);
	assert_int_equal(e, 13);
	text_sentence_at(t, 13, &s, &e); /* the space after belongs before */
	assert_int_equal(s, 0);
	assert_int_equal(e, 13);
	text_sentence_at(t, 16, &s, &e);
	assert_int_equal(s, 14);
	assert_int_equal(e, 22);
	text_sentence_at(t, 30, &s, &e);
	assert_int_equal(s, 24);
	assert_int_equal(e, 35);
	text_sentence_at(t, 37, &s, &e);
	assert_int_equal(s, 36);
	assert_int_equal(e, 38);
	text_sentence_at(t, 39, &s, &e); /* the blank line */
	assert_int_equal(s, e);
	text_sentence_at(t, 45, &s, &e);
	assert_int_equal(s, 40);
	assert_int_equal(e, 48);
	text_line_at(t, 5, &s, &e);
	assert_int_equal(s, 0);
	assert_int_equal(e, 38);
	text_line_at(t, 38, &s, &e); /* on the LF */
	assert_int_equal(s, 0);
	assert_int_equal(e, 38);
	text_line_at(t, 39, &s, &e);
	assert_int_equal(s, 39);
	assert_int_equal(e, 39);
	text_line_at(t, 48, &s, &e); /* the end */
	assert_int_equal(s, 40);
	assert_int_equal(e, 48);
	text_free(t);
}

/* ---------------------------------------------------------------------- */

static void
test_cluster_display(void **state)
{
	static const struct {
		const char *s;
		int w;
		size_t n;
		uint32_t out[4];
	} cases[] = {
		{ "a", 1, 1, { 'a' } },
		{ "\xe6\xbc\xa2", 2, 1, { 0x6F22 } },
		{ "e\xcc\x81", 1, 2, { 'e', 0x301 } },
		{ "\x1b", 1, 1, { 0x241B } },
		{ "\x07", 1, 1, { 0x2407 } },
		{ "\x00", 1, 1, { 0x2400 } },
		{ "\r", 1, 1, { 0x240D } },
		{ "\x7f", 1, 1, { 0x2421 } },
		{ "\xc2\x9b", 1, 1, { 0xFFFD } }, /* C1 CSI */
		{ "\t", 1, 1, { ' ' } },
		{ "\n", 0, 0, { 0 } },
		{ "\xe2\x80\xae", 0, 0, { 0 } }, /* RLO */
		{ "\xe2\x81\xa6", 0, 0, { 0 } }, /* LRI */
		{ "\xe2\x80\x8b", 0, 0, { 0 } }, /* ZWSP */
		{ "\xe2\x80\xa8", 0, 0, { 0 } }, /* LINE SEPARATOR */
		{ "\xef\xbb\xbf", 0, 0, { 0 } }, /* ZWNBSP */
		{ "\xc2\xad", 1, 1, { 0xAD } },   /* soft hyphen: wcwidth says 1 */
		{ "\xcd\xb8", 1, 1, { 0xFFFD } }, /* unassigned U+0378 */
		{ "\xcc\x81", 1, 2, { 0x25CC, 0x301 } }, /* lone mark */
		/* family ZWJ sequence: first code point only */
		{ "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7", 2, 1, { 0x1F468 } },
		{ "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", 2, 1, { 0x1F44D } }, /* skin tone */
		{ "\xe2\x9d\xa4\xef\xb8\x8f", 1, 1, { 0x2764 } },         /* VS16 */
		{ "1\xef\xb8\x8f\xe2\x83\xa3", 1, 1, { '1' } },           /* keycap */
		{ "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8", 1, 1, { 0x1F1FA } }, /* flag */
		{ "\xf0\x9f\x87\xba", 1, 1, { 0x1F1FA } }, /* lone indicator */
		{ "\xe0\xa4\x95\xe0\xa4\xbf", 2, 2, { 0x915, 0x93F } }, /* spacing mark */
		{ "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", 2, 3, { 0x1100, 0x1161, 0x11A8 } },
		{ "\xd8\xb9", 1, 1, { 0x639 } }, /* Arabic ain */
		{ "a\xe2\x80\x8d", 1, 1, { 'a' } }, /* trailing ZWJ dropped */
		{ "\xff", 1, 1, { 0xFFFD } }, /* bad input does not crash */
	};
	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		uint32_t out[TEXT_DRAW_MAX];
		size_t n = 99, len = strlen(cases[i].s);
		if (len == 0)
			len = 1; /* the NUL case */
		assert_int_equal(text_cluster_display(cases[i].s, len, out, &n), cases[i].w);
		assert_int_equal(n, cases[i].n);
		for (size_t k = 0; k < n; k++)
			assert_int_equal(out[k], cases[i].out[k]);
		assert_int_equal(text_cluster_display(cases[i].s, len, NULL, NULL), cases[i].w);
	}
	/* Zalgo: output is capped, never overflows. */
	{
		char z[1 + 40 * 2];
		uint32_t out[TEXT_DRAW_MAX];
		size_t n;
		z[0] = 'o';
		for (int i = 0; i < 40; i++)
			memcpy(z + 1 + 2 * i, "\xcc\x81", 2);
		assert_int_equal(text_cluster_display(z, sizeof z, out, &n), 1);
		assert_int_equal(n, TEXT_DRAW_MAX);
	}
}

/* ---------------------------------------------------------------------- */

static void
test_search(void **state)
{
	/*          0         1         2          3
	 *          0123456789012345678901234 5678 901234 */
	text *t = T("Zo\xc3\xab met zoe and ZOE\xcc\x88 in Z\xc3\x9cRICH, \xe2\x80\x9cZo\xc3\xab\xe2\x80\x9d.");
	size_t at, n;
	(void)state;
	assert_int_equal(text_search(t, "zoe", 0, 0, &at, &n), 1);
	assert_int_equal(at, 0);
	assert_int_equal(n, 3);
	assert_int_equal(text_search(t, "zoe", 1, 0, &at, &n), 1);
	assert_int_equal(at, 8);
	assert_int_equal(n, 3);
	assert_int_equal(text_search(t, "ZOE", 9, 0, &at, &n), 1);
	assert_int_equal(at, 16); /* decomposed: the mark is part of the match */
	assert_int_equal(n, 4);
	assert_int_equal(text_search(t, "zurich", 0, 0, &at, &n), 1);
	assert_int_equal(at, 24);
	assert_int_equal(n, 6);
	assert_int_equal(text_search(t, "Zo\xc3\xab", 17, 0, &at, &n), 1);
	assert_int_equal(at, 33);
	assert_int_equal(n, 3);
	assert_int_equal(text_search(t, "zoe", 34, 0, &at, &n), 0);
	/* backward: last match starting before cp */
	assert_int_equal(text_search(t, "zoe", 36, 1, &at, &n), 1);
	assert_int_equal(at, 33);
	assert_int_equal(text_search(t, "zoe", 33, 1, &at, &n), 1);
	assert_int_equal(at, 16);
	assert_int_equal(text_search(t, "zoe", 8, 1, &at, &n), 1);
	assert_int_equal(at, 0);
	assert_int_equal(text_search(t, "zoe", 0, 1, &at, &n), 0);
	/* nothing to find */
	assert_int_equal(text_search(t, "", 0, 0, &at, &n), 0);
	assert_int_equal(text_search(t, "\xcc\x88", 0, 0, &at, &n), 0);
	assert_int_equal(text_search(t, "xyz", 0, 0, &at, &n), 0);
	assert_int_equal(text_search(t, "zoe zoe zoe zoe zoe zoe zoe zoe zoe zoe zoe", 0, 0, &at, &n), 0);
	text_free(t);

	/* ASCII text, Greek final sigma, Kelvin sign, ligature. */
	t = T("the END. \xce\x9f\xce\x94\xce\xa5\xce\xa3\xce\xa3\xce\x95\xce\xa5\xce\xa3 "
	      "5 \xe2\x84\xaa \xef\xac\x81le");
	assert_int_equal(text_search(t, "end", 0, 0, &at, &n), 1);
	assert_int_equal(at, 4);
	assert_int_equal(text_search(t, "\xce\xbf\xce\xb4\xcf\x85\xcf\x83\xcf\x83\xce\xb5\xcf\x85\xcf\x82", 0, 0, &at, &n), 1);
	assert_int_equal(at, 9);
	assert_int_equal(n, 8);
	assert_int_equal(text_search(t, "5 k", 0, 0, &at, &n), 1);
	assert_int_equal(at, 18);
	assert_int_equal(n, 3);
	assert_int_equal(text_search(t, "file", 0, 0, &at, &n), 1);
	assert_int_equal(at, 22);
	assert_int_equal(n, 3);
	text_free(t);
}

/* Latin letters without a decomposition fold to ASCII (the table in
 * text_fold.c), in-article and in the full-text index alike. */
static void
test_search_latin(void **state)
{
	/*           0          1          2 */
	text *t = T("Małgorzata, Søren, Straße, Æbeltoft, Đorđe.");
	size_t at, n;
	(void)state;
	assert_int_equal(text_search(t, "malgorzata", 0, 0, &at, &n), 1);
	assert_int_equal(at, 0);
	assert_int_equal(n, 10);
	assert_int_equal(text_search(t, "SOREN", 0, 0, &at, &n), 1);
	assert_int_equal(at, 12);
	assert_int_equal(text_search(t, "strasse", 0, 0, &at, &n), 1);
	assert_int_equal(at, 19);
	assert_int_equal(n, 6);
	assert_int_equal(text_search(t, "aebeltoft", 0, 0, &at, &n), 1);
	assert_int_equal(text_search(t, "dorde", 0, 0, &at, &n), 1);
	text_free(t);
}

/* A fold may be longer than its text (U+FDFA folds to 18 code points):
 * the buffer grows past its first size and every copy comes out whole. */
static void
test_fold_grows(void **state)
{
	char s[300 * 3];
	size_t n1, n;
	char *one = text_fold("\xef\xb7\xba", 3, &n1), *all;
	(void)state;
	assert_non_null(one);
	assert_true(n1 > 3);
	for (size_t i = 0; i < 300; i++)
		memcpy(s + 3 * i, "\xef\xb7\xba", 3);
	assert_non_null(all = text_fold(s, sizeof s, &n));
	assert_int_equal(n, 300 * n1);
	for (size_t i = 0; i < 300; i++)
		assert_memory_equal(all + i * n1, one, n1);
	assert_int_equal(all[n], '\0');
	free(one);
	free(all);
}

static void
test_search_long(void **state)
{
	/* Matches far apart in a 1 MB text with non-ASCII filler. */
	size_t n = 1 << 20, at, ml;
	char *buf = malloc(n);
	(void)state;
	for (size_t i = 0; i + 1 < n; i += 2)
		memcpy(buf + i, "\xc3\xa9", 2);
	memcpy(buf + 1000, "Needle", 6);
	memcpy(buf + 700000, "NEEDLE", 6);
	text *t = text_new(buf, n);
	assert_int_equal(text_search(t, "needle", 0, 0, &at, &ml), 1);
	assert_int_equal(at, 500);
	assert_int_equal(ml, 6);
	assert_int_equal(text_search(t, "needle", 501, 0, &at, &ml), 1);
	assert_int_equal(at, 506 + (700000 - 1006) / 2);
	assert_int_equal(text_search(t, "needle", text_len(t), 1, &at, &ml), 1);
	assert_int_equal(text_cp_to_byte(t, at), 700000);
	assert_int_equal(text_search(t, "needle", at, 1, &at, &ml), 1);
	assert_int_equal(at, 500);
	assert_int_equal(text_search(t, "\xc3\xa9" "x", 0, 0, &at, &ml), 0);
	assert_int_equal(text_search(t, "E" "needle", 0, 0, &at, &ml), 1);
	assert_int_equal(at, 499);
	assert_int_equal(ml, 7);
	text_free(t);
	free(buf);
}

/* The ASCII fast path gives exactly libunistring's grapheme breaks. */
static void
test_u8_helpers(void **state)
{
	static const char *const pool[] = {
		"a", " ", "\r", "\n", "\r\n", "e\xcc\x81", "\xcc\x81", "\xf0\x9f\x87\xba",
		"\xe2\x80\x8d", "\xf0\x9f\x91\xa8", "\xf0\x9f\x8f\xbd", "\xd8\x80", "1",
		"\xe1\x84\x80", "\xe1\x85\xa1", "\xea\xb0\x81", "\xe0\xa4\xbf", "\xef\xb8\x8f",
	};
	uint32_t st = 4242;
	char buf[600], want[600], got[600];
	(void)state;
	for (int round = 0; round < 500; round++) {
		size_t len = 0, parts = 1 + rnd(&st) % 60;
		for (size_t i = 0; i < parts; i++) {
			const char *p = pool[rnd(&st) % NELEM(pool)];
			memcpy(buf + len, p, strlen(p));
			len += strlen(p);
		}
		u8_grapheme_breaks((const uint8_t *)buf, len, want);
		memset(got, 7, sizeof got);
		text_u8_grapheme_breaks(buf, len, got);
		assert_memory_equal(got, want, len);
	}
	/* whole clusters, unlike u8_grapheme_next */
	{
		const char *f = "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9!";
		size_t fl = strlen(f);
		assert_int_equal(text_u8_grapheme_next(f, fl, 0), 8);
		assert_int_equal(text_u8_grapheme_next(f, fl, 5), 8);
		assert_int_equal(text_u8_grapheme_next(f, fl, 8), 19);
		assert_int_equal(text_u8_grapheme_next(f, fl, 19), 20);
		assert_int_equal(text_u8_grapheme_next(f, fl, 20), 20);
	}
	/* boundaries */
	assert_int_equal(text_u8_boundary("a\xc3\xa9z", 4, 2, -1), 1);
	assert_int_equal(text_u8_boundary("a\xc3\xa9z", 4, 2, 1), 3);
	assert_int_equal(text_u8_boundary("a\xc3\xa9z", 4, 1, 1), 1);
	assert_int_equal(text_u8_boundary("a\xc3\xa9z", 4, 9, -1), 4);
}

/*
 * text_new_trusted over a 10 MB stored text: positions near the start (a
 * first screen) scan a small prefix, not the whole text; positions
 * anywhere agree with a text_new of the same bytes; a wrong stored count
 * is survived.
 */
/* Fill buf (room for len + 1) with copies of unit, NUL-terminated; the
 * bytes filled. */
static size_t
fill_units(char *buf, size_t len, const char *unit)
{
	size_t ul = strlen(unit), n = 0;

	while (n + ul <= len) {
		memcpy(buf + n, unit, ul);
		n += ul;
	}
	buf[n] = '\0';
	return n;
}

static void
test_trusted_lazy(void **state)
{
	static const char unit[] = "Zo\xc3\xab caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 plain words.\n";
	size_t len = 10u << 20, n = 0, ncp;
	char *buf = malloc(len + 1), *copy;
	text *ref, *t;

	(void)state;
	assert_non_null(buf);
	n = fill_units(buf, len, unit);
	ref = text_new(buf, n);
	assert_non_null(ref);
	ncp = text_len(ref);
	copy = malloc(n + 1);
	assert_non_null(copy);
	memcpy(copy, buf, n + 1);
	t = text_new_trusted(copy, n, ncp);
	assert_non_null(t);
	assert_ptr_equal(text_bytes(t), copy); /* no copy made */
	assert_int_equal(text_scanned(t), 0);
	assert_int_equal(text_len(t), ncp);
	/* a first screen: a few thousand code points and their bytes */
	for (size_t cp = 0; cp < 4000; cp += 7)
		assert_int_equal(text_cp_to_byte(t, cp), text_cp_to_byte(ref, cp));
	for (size_t b = 0; b < 8000; b += 5)
		assert_int_equal(text_byte_to_cp(t, b), text_byte_to_cp(ref, b));
	assert_int_equal(text_grapheme_next(t, 3), text_grapheme_next(ref, 3));
	assert_true(text_scanned(t) < (1u << 20));
	/* then anywhere, backwards and forwards, and UTF-16 (needs it all) */
	for (size_t cp = ncp; cp > 64; cp -= ncp / 37)
		assert_int_equal(text_cp_to_byte(t, cp), text_cp_to_byte(ref, cp));
	for (size_t b = 1; b < n; b += n / 41)
		assert_int_equal(text_byte_to_cp(t, b), text_byte_to_cp(ref, b));
	assert_int_equal(text_cp_to_utf16(t, ncp - 5), text_cp_to_utf16(ref, ncp - 5));
	assert_int_equal(text_utf16_to_cp(t, 1001), text_utf16_to_cp(ref, 1001));
	assert_true(text_scanned(t) <= n);
	text_free(t);

	/* a stored count that is wrong either way: no crash, offsets in range */
	for (int k = 0; k < 2; k++) {
		size_t bad = k ? ncp + 1000 : ncp / 2;
		copy = malloc(n + 1);
		assert_non_null(copy);
		memcpy(copy, buf, n + 1);
		t = text_new_trusted(copy, n, bad);
		assert_non_null(t);
		assert_true(text_cp_to_byte(t, bad - 1) <= n);
		assert_true(text_byte_to_cp(t, n - 1) <= text_len(t));
		assert_true(text_cp_to_utf16(t, text_len(t)) > 0);
		text_free(t);
	}
	/* ASCII with its count: no index at all */
	copy = strdup("plain ascii");
	t = text_new_trusted(copy, 11, 11);
	assert_int_equal(text_cp_to_byte(t, 6), 6);
	assert_int_equal(text_scanned(t), 0);
	text_free(t);
	text_free(ref);
	free(buf);
}

/* A text_src over memory that counts what it hands out and can fail
 * after a given number of bytes. */
struct memsrc {
	const char *s;
	size_t len, given, fail_after;
	int closed;
};

static int
memsrc_read(void *arg, size_t off, char *dst, size_t n)
{
	struct memsrc *m = arg;

	assert_true(off <= m->len && n <= m->len - off);
	assert_int_equal(off, m->given); /* front to back, no byte twice */
	if (off + n > m->fail_after) {
		memset(dst, 0xe6, n); /* garbage a failed read may leave */
		return -1;
	}
	memcpy(dst, m->s + off, n);
	m->given += n;
	return 0;
}

static void
memsrc_close(void *arg)
{
	((struct memsrc *)arg)->closed++;
}

static text *
lazy(struct memsrc *m, const char *s, size_t len, size_t ncp, size_t chunk)
{
	text_src src = { memsrc_read, memsrc_close, m, chunk };
	text *t;

	memset(m, 0, sizeof *m);
	m->s = s;
	m->len = len;
	m->fail_after = SIZE_MAX;
	t = text_new_lazy(len, ncp, &src);
	assert_non_null(t);
	return t;
}

/* Position functions as three numbers each, to compare a lazy text with
 * the same text in memory. */
static void
pr_cp(const text *t, size_t p, size_t o[3])
{
	o[0] = text_cp_at(t, p);
	o[1] = text_byte_to_cp(t, p);
	o[2] = text_grapheme_next(t, p);
}

static void
pr_graph(const text *t, size_t p, size_t o[3])
{
	o[0] = text_grapheme_start(t, p);
	o[1] = text_grapheme_prev(t, p + 1);
	o[2] = 0;
}

static void
pr_word_next(const text *t, size_t p, size_t o[3])
{
	o[0] = text_word_next(t, p);
	o[1] = o[2] = 0;
}

static void
pr_word_end(const text *t, size_t p, size_t o[3])
{
	o[0] = text_word_end(t, p);
	o[1] = text_word_prev(t, p);
	o[2] = 0;
}

static void
pr_word_at(const text *t, size_t p, size_t o[3])
{
	o[0] = (size_t)text_word_at(t, p, &o[1], &o[2]);
}

static void
pr_tag_unit(const text *t, size_t p, size_t o[3])
{
	o[0] = (size_t)text_tag_unit(t, p, &o[1], &o[2]);
}

static void
pr_sentence(const text *t, size_t p, size_t o[3])
{
	o[0] = 0;
	text_sentence_at(t, p, &o[1], &o[2]);
}

static void
pr_line(const text *t, size_t p, size_t o[3])
{
	o[0] = 0;
	text_line_at(t, p, &o[1], &o[2]);
}

static void (*const probes[])(const text *, size_t, size_t *) = {
	pr_cp, pr_graph, pr_word_next, pr_word_end, pr_word_at, pr_tag_unit, pr_sentence, pr_line,
};

/*
 * Every position function of a lazy text that reads one byte at a time
 * (chunk 1: a read past what was asked for finds NULs) agrees with the
 * same text in memory, each from a fresh text (nothing loaded before);
 * and a wrapped screen is the same. A function that reads past what it
 * asks tx_need for fails here.
 */
static void
test_lazy_agrees(void **state)
{
	static const char *const units[] = {
		"Zo\xc3\xab caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 Mr. Smith said so. Then left.\n",
		"plain ascii words, and a sentence. Another one here!\n\n",
		"e\xcc\x81\xcc\x81\xcc\x81 \xf0\x9f\x87\xab\xf0\x9f\x87\xb7 long-line-without-breaks-",
	};
	size_t len = 0, cap = 300000;
	char *buf = malloc(cap + 1);
	text *ref;

	(void)state;
	assert_non_null(buf);
	for (size_t k = 0, i = 0; len + 8000 < cap; k = (k * 7 + 3) % 11, i++) {
		const char *u = units[k % NELEM(units)];
		memcpy(buf + len, u, strlen(u));
		len += strlen(u);
		/* now and then a paragraph longer than any slack */
		for (size_t j = 0; i % 37 == 5 && j < 150; j++, len += 28)
			memcpy(buf + len, "Lorem ipsum dolor sit amet, ", 28);
		for (size_t j = 0; i % 41 == 9 && j < 300; j++, len += 9)
			memcpy(buf + len, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 9);
	}
	buf[len] = '\0';
	/* every position of the first 6000 bytes or so: a read past the slack
	 * shows at few of them (where the index has read least ahead) */
	{
		size_t small = 6000;

		while ((buf[small] & 0xc0) == 0x80)
			small++;
		ref = text_new(buf, small);
		assert_non_null(ref);
		for (size_t p = 0; p <= text_len(ref); p++)
			for (size_t k = 0; k < NELEM(probes); k++) {
				size_t got[3], want[3];
				struct memsrc m;
				text *t = lazy(&m, buf, small, text_len(ref), 1);

				probes[k](t, p, got);
				probes[k](ref, p, want);
				assert_memory_equal(got, want, sizeof got);
				text_free(t);
			}
		text_free(ref);
	}
	ref = text_new(buf, len);
	assert_non_null(ref);
	/* p and the last code point before a checkpoint (the index has read
	 * least past it) */
	for (size_t q = 0, p = 0; p < text_len(ref); q++, p = q % 2 ? p | 63 : p + 1 + text_len(ref) / 23 + p % 97) {
		size_t n = text_len(ref);
		struct memsrc m;
		text *t;
		layout *l, *rl;
		layout_row row, rrow;

		t = lazy(&m, buf, len, n, 1);
		assert_int_equal(text_cp_to_byte(t, p), text_cp_to_byte(ref, p));
		assert_true(m.given < len || p > n / 2);
		text_free(t);
		assert_int_equal(m.closed, 1);
		for (size_t k = 0; k < NELEM(probes); k++) {
			size_t got[3], want[3];

			t = lazy(&m, buf, len, n, 1);
			probes[k](t, p, got);
			probes[k](ref, p, want);
			assert_memory_equal(got, want, sizeof got);
			text_free(t);
		}
		/* 150 rows from p at width 37: past a long paragraph's end */
		t = lazy(&m, buf, len, n, 1);
		l = layout_new(t, 37);
		rl = layout_new(ref, 37);
		assert_non_null(l);
		assert_non_null(rl);
		layout_row_at(l, p, &row);
		layout_row_at(rl, p, &rrow);
		for (int k = 0; k < 150; k++) {
			assert_int_equal(row.start, rrow.start);
			assert_int_equal(row.end, rrow.end);
			assert_int_equal(row.cols, rrow.cols);
			assert_int_equal(layout_col_of(l, &row, row.end), layout_col_of(rl, &rrow, rrow.end));
			if (!layout_row_next(rl, &rrow, &rrow)) {
				assert_false(layout_row_next(l, &row, &row));
				break;
			}
			assert_true(layout_row_next(l, &row, &row));
		}
		layout_free(l);
		layout_free(rl);
		text_free(t);
	}
	/* the end of the text, a search and UTF-16 read it all */
	{
		struct memsrc m;
		text *t = lazy(&m, buf, len, text_len(ref), 0);
		size_t at, ml, rat, rml;

		assert_int_equal(text_cp_to_byte(t, text_len(t)), len);
		assert_int_equal(m.given, len);
		text_free(t);
		t = lazy(&m, buf, len, text_len(ref), 0);
		assert_int_equal(text_search(t, "ZOE", text_len(ref) / 2, 1, &at, &ml),
		    text_search(ref, "ZOE", text_len(ref) / 2, 1, &rat, &rml));
		assert_int_equal(at, rat);
		assert_int_equal(text_cp_to_utf16(t, text_len(ref) - 3), text_cp_to_utf16(ref, text_len(ref) - 3));
		assert_memory_equal(text_bytes(t), buf, len + 1);
		text_free(t);
	}
	text_free(ref);
	free(buf);
}

/*
 * The first screen of a 10 MB lazy text reads a small part of it, ASCII
 * or not; a source that fails leaves a text that still answers (NULs from
 * there on, a cut code point dropped), never one that crashes.
 */
static void
test_lazy_first_screen(void **state)
{
	static const char *const units[] = {
		"Zo\xc3\xab caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 plain words.\n",
		"Plain ASCII words in a short paragraph of a wire story.\n",
	};
	size_t len = 10u << 20;
	char *buf = malloc(len + 1);

	(void)state;
	assert_non_null(buf);
	for (size_t k = 0; k < NELEM(units); k++) {
		size_t n, ncp, cp;
		struct memsrc m;
		layout *l;
		layout_row row;
		text *ref, *t;

		n = fill_units(buf, len, units[k]);
		ref = text_new(buf, n);
		assert_non_null(ref);
		ncp = text_len(ref);
		t = lazy(&m, buf, n, ncp, 0);
		assert_int_equal(m.given, 0); /* nothing read until asked */
		l = layout_new(t, 160);
		assert_non_null(l);
		layout_row_at(l, 0, &row);
		for (int r = 0; r < 50; r++) { /* a 160x50 screen, cluster by cluster */
			for (cp = row.start; cp < row.end; cp = text_grapheme_next(t, cp))
				assert_int_equal(text_cp_at(t, cp), text_cp_at(ref, cp));
			assert_true(layout_row_next(l, &row, &row));
		}
		assert_int_equal(text_len(t), ncp);
		assert_true(m.given < (1u << 20));
		assert_true(text_loaded(t) == m.given);
		layout_free(l);
		text_free(t);

		/* the source fails half way: offsets stay in range, no crash */
		t = lazy(&m, buf, n, ncp, 0);
		m.fail_after = n / 2 + 1;
		assert_int_equal(text_cp_to_byte(t, 10), text_cp_to_byte(ref, 10));
		assert_false(text_load_failed(t));
		assert_true(text_cp_to_byte(t, ncp - 1) <= n);
		assert_true(text_load_failed(t));
		assert_true(text_byte_to_cp(t, n - 1) <= text_len(t));
		assert_true(text_grapheme_prev(t, text_len(t)) < text_len(t));
		assert_int_equal(text_validate(text_bytes(t), n, NULL), 0);
		text_free(t);
		text_free(ref);
	}
	free(buf);
}

/*
 * Offsets in any order of asking: text.c starts a conversion from the last
 * one when that is nearer than the checkpoint, forward and back; every
 * answer must still be the one a walk from the start gives.
 */
static void
test_offsets_any_order(void **state)
{
	static const char *const pieces[] = { "a", "\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x98\x80", " ", "\n" };
	size_t ref[2000], nb = 0, ncp = 0;
	char buf[8100];
	unsigned r = 12345;
	text *t;

	(void)state;
	while (ncp < 1999) {
		const char *p;

		r = r * 1103515245u + 12345u;
		p = pieces[(r >> 16) % 6];
		ref[ncp++] = nb;
		memcpy(buf + nb, p, strlen(p));
		nb += strlen(p);
	}
	ref[ncp] = nb;
	t = text_new(buf, nb);
	assert_non_null(t);
	assert_int_equal(text_len(t), ncp);
	for (int i = 0; i < 20000; i++) {
		size_t cp, b;

		r = r * 1103515245u + 12345u;
		/* mostly near the last question (both ways), sometimes anywhere */
		cp = (r >> 16) % 4 == 0 ? (r >> 8) % (ncp + 1) : (size_t)i % (ncp + 1);
		if ((r >> 20) % 2)
			cp = ncp - cp;
		assert_int_equal(text_cp_to_byte(t, cp), ref[cp]);
		b = ref[cp] + (r >> 24) % 3; /* maybe inside the code point */
		if (b > nb)
			b = nb;
		{
			size_t want = cp;

			while (want < ncp && ref[want + 1] <= b)
				want++;
			if (b >= nb)
				want = ncp;
			assert_int_equal(text_byte_to_cp(t, b), want);
		}
	}
	text_free(t);
}

/* text_grapheme_next answers a walk from the window it segmented last:
 * the same boundaries as a fresh search (text_u8_grapheme_next), whatever
 * the clusters (combining marks, ZWJ emoji, flags) and after jumps. */
static void
test_grapheme_walk_window(void **state)
{
	static const char *const pieces[] = { "a", "e\xcc\x81", "\xf0\x9f\x87\xb3\xf0\x9f\x87\xb4",
		"\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", " ", "\n", "\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7",
		"\xf0\x9f\x87\xa9", "\r\n" };
	char buf[20000];
	size_t nb = 0;
	unsigned r = 777;
	text *t;

	(void)state;
	while (nb < sizeof buf - 32) {
		const char *p;

		r = r * 1103515245u + 12345u;
		p = pieces[(r >> 16) % 9];
		memcpy(buf + nb, p, strlen(p));
		nb += strlen(p);
	}
	t = text_new(buf, nb);
	assert_non_null(t);
	for (int round = 0; round < 3; round++) {
		size_t cp = 0, steps = 0;

		r = r * 1103515245u + 12345u;
		if (round > 0) /* start somewhere: a boundary found afresh */
			cp = text_grapheme_start(t, (r >> 8) % text_len(t));
		while (cp < text_len(t)) {
			size_t b = text_cp_to_byte(t, cp), nx = text_grapheme_next(t, cp);

			assert_int_equal(text_cp_to_byte(t, nx), text_u8_grapheme_next(buf, nb, b));
			cp = nx;
			if (++steps % 97 == 0) /* a look elsewhere between steps */
				(void)text_grapheme_next(t, (cp * 7) % text_len(t));
		}
	}
	text_free(t);
}

/*
 * A 10 MB article that is one line (no LF): its first screen still reads
 * a small part of it (the layout looks for the line's end only as far as
 * it wraps), and its rows, at the start, in the middle and at the end,
 * are those of wrapping the whole line at once (layout_wrap).
 */
static void
test_lazy_one_line(void **state)
{
	static const char unit[] = "Zo\xc3\xab caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 one long line, no end. ";
	size_t len = 10u << 20, n = 0, nrows, k;
	char *buf = malloc(len + 1);
	size_t *starts;
	struct memsrc m;
	layout *l;
	layout_row row;
	text *ref, *t;

	(void)state;
	assert_non_null(buf);
	n = fill_units(buf, len, unit);
	ref = text_new(buf, n);
	assert_non_null(ref);
	starts = malloc((n / 40 + 2) * sizeof *starts);
	assert_non_null(starts);
	nrows = layout_wrap(buf, n, 160, starts, n / 40 + 2);
	assert_true(nrows > 1000 && nrows < n / 40);
	t = lazy(&m, buf, n, text_len(ref), 0);
	l = layout_new(t, 160);
	assert_non_null(l);
	layout_row_at(l, 0, &row);
	for (k = 0; k < 50; k++) {
		assert_int_equal(row.start, text_byte_to_cp(ref, starts[k]));
		assert_int_equal(row.end, text_byte_to_cp(ref, starts[k + 1]));
		assert_true(layout_row_next(l, &row, &row));
	}
	assert_true(m.given < (1u << 20));
	/* the middle, then the end: the same rows as wrapping it all */
	for (k = nrows / 2; k < nrows; k = k < nrows - 1 ? nrows - 1 : nrows) {
		layout_row_at(l, text_byte_to_cp(ref, starts[k]) + 1, &row);
		assert_int_equal(row.start, text_byte_to_cp(ref, starts[k]));
		assert_int_equal(row.end, k + 1 < nrows ? text_byte_to_cp(ref, starts[k + 1]) : text_len(ref));
	}
	assert_int_equal(m.given, n);
	layout_free(l);
	text_free(t);
	text_free(ref);
	free(starts);
	free(buf);
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
		cmocka_unit_test(test_graphemes),
		cmocka_unit_test(test_graphemes_long),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_words_cjk_long),
		cmocka_unit_test(test_sentences_lines),
		cmocka_unit_test(test_cluster_display),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_latin),
		cmocka_unit_test(test_fold_grows),
		cmocka_unit_test(test_search_long),
		cmocka_unit_test(test_u8_helpers),
		cmocka_unit_test(test_trusted_lazy),
		cmocka_unit_test(test_lazy_agrees),
		cmocka_unit_test(test_lazy_first_screen),
		cmocka_unit_test(test_lazy_one_line),
		cmocka_unit_test(test_offsets_any_order),
		cmocka_unit_test(test_grapheme_walk_window),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
