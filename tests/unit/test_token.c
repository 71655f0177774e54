/* test_token.c: word tokens, punctuation, cuts, CJK, emoji, the whitespace mode. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unictype.h>
#include <unistr.h>
#include <uniwbrk.h>
#include "model/token.h"

/*
 * Tokenise s and render the tokens as "a|b|c" from their byte ranges,
 * checking on the way that code point and byte ranges agree.
 */
static char *
toks(const char *s, int mode, const size_t *cuts, size_t ncuts)
{
	static char buf[1024];
	token *t;
	size_t n = token_split_mode(s, strlen(s), mode, cuts, ncuts, &t), o = 0;

	assert_true(n != (size_t)-1);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t cps = 0;

		/* cp offset of bstart = number of non-continuation bytes before it */
		for (size_t b = 0; b < t[i].bstart; b++)
			cps += ((unsigned char)s[b] & 0xC0) != 0x80;
		assert_int_equal(cps, t[i].start);
		for (size_t b = t[i].bstart; b < t[i].bend; b++)
			cps += ((unsigned char)s[b] & 0xC0) != 0x80;
		assert_int_equal(cps, t[i].end);
		assert_true(t[i].start < t[i].end);
		if (i > 0)
			assert_true(t[i - 1].end <= t[i].start);
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%.*s", i ? "|" : "",
		    (int)(t[i].bend - t[i].bstart), s + t[i].bstart);
		assert_true(o < sizeof buf);
	}
	free(t);
	return buf;
}

static void
test_words_and_punct(void **state)
{
	(void)state;
	assert_string_equal(toks("Hello, world!", TOKEN_WORDS, NULL, 0), "Hello|,|world|!");
	assert_string_equal(toks("  spaced\t\tout \n", TOKEN_WORDS, NULL, 0), "spaced|out");
	assert_string_equal(toks("(Reuters) -- he said...", TOKEN_WORDS, NULL, 0),
	    "(|Reuters|)|-|-|he|said|.|.|.");
	assert_string_equal(toks("It rose 2.5% to 1,200.", TOKEN_WORDS, NULL, 0),
	    "It|rose|2.5|%|to|1,200|.");
	assert_string_equal(toks("Don't, the company’s plan", TOKEN_WORDS, NULL, 0),
	    "Don't|,|the|company’s|plan");
	assert_string_equal(toks("#UN @bbc", TOKEN_WORDS, NULL, 0), "#|UN|@|bbc");
	assert_string_equal(toks("“Quoted” — really", TOKEN_WORDS, NULL, 0), "“|Quoted|”|—|really");
	assert_string_equal(toks("", TOKEN_WORDS, NULL, 0), "");
	assert_string_equal(toks(" \n\t ", TOKEN_WORDS, NULL, 0), "");
}

static void
test_hyphens_and_abbrevs(void **state)
{
	(void)state;
	assert_string_equal(toks("Ahmed al-Sharaa sent an e-mail", TOKEN_WORDS, NULL, 0),
	    "Ahmed|al-Sharaa|sent|an|e-mail");
	assert_string_equal(toks("on 1996-12-06 a state-of-the-art plan", TOKEN_WORDS, NULL, 0),
	    "on|1996-12-06|a|state-of-the-art|plan");
	assert_string_equal(toks("well- known -- not - joined", TOKEN_WORDS, NULL, 0),
	    "well|-|known|-|-|not|-|joined");
	assert_string_equal(toks("the U.S. and e.g. Ph.D. holders", TOKEN_WORDS, NULL, 0),
	    "the|U.S.|and|e.g.|Ph.D.|holders");
	assert_string_equal(toks("visit example.com. Then", TOKEN_WORDS, NULL, 0),
	    "visit|example.com|.|Then");
	assert_string_equal(toks("Mr. Smith", TOKEN_WORDS, NULL, 0), "Mr|.|Smith");
	/* U+2010 HYPHEN joins like '-'; an en dash does not */
	assert_string_equal(toks("co‐op 2010–2012", TOKEN_WORDS, NULL, 0), "co‐op|2010|–|2012");
}

static void
test_cuts(void **state)
{
	size_t c1[] = { 2 };              /* "al" | "-Sharaa" inside the joined word */
	size_t c2[] = { 3, 3, 1, 100 };   /* unsorted, duplicate, past the end */
	size_t c3[] = { 5, 6 };           /* cuts in white space change nothing */
	size_t c4[] = { 1 };              /* splits "#UN" after the hash */

	(void)state;
	assert_string_equal(toks("al-Sharaa", TOKEN_WORDS, c1, 1), "al|-Sharaa");
	assert_string_equal(toks("abcdef", TOKEN_WORDS, c2, 4), "a|bc|def");
	assert_string_equal(toks("abcd  efg", TOKEN_WORDS, c3, 2), "abcd|efg");
	assert_string_equal(toks("#UN", TOKEN_WHITESPACE, c4, 1), "#|UN");
	assert_string_equal(toks("U.S.", TOKEN_WORDS, c4, 1), "U|.S.");
	/* several tokens cut at once (filled in place from the back) */
	assert_string_equal(toks("ab cd ef", TOKEN_WORDS, (size_t[]){ 7, 1, 4 }, 3), "a|b|c|d|e|f");
	assert_string_equal(toks("Zoë-Ann ok", TOKEN_WORDS, (size_t[]){ 2, 3, 4, 9 }, 4), "Zo|ë|-|Ann|o|k");
}

static void
test_unicode(void **state)
{
	/* code point offsets: é is one code point, 😀 one, 👍🏽 two, 🇫🇷 two */
	const char *s = "Zoë 😀 👍🏽 🇫🇷 東京都 naïve";
	token *t;
	size_t n = token_split(s, strlen(s), NULL, 0, &t);

	(void)state;
	assert_int_equal(n, 8);
	assert_int_equal(t[0].start, 0);
	assert_int_equal(t[0].end, 3);
	assert_int_equal(t[1].start, 4);   /* 😀 */
	assert_int_equal(t[1].end, 5);
	assert_int_equal(t[2].start, 6);   /* 👍🏽 one token of two code points */
	assert_int_equal(t[2].end, 8);
	assert_int_equal(t[3].start, 9);   /* the flag is one token */
	assert_int_equal(t[3].end, 11);
	free(t);
	assert_string_equal(toks(s, TOKEN_WORDS, NULL, 0), "Zoë|😀|👍🏽|🇫🇷|東|京|都|naïve");
	/* UAX #29 (no dictionary) makes each Han character a word, as
	 * character-level CJK NER data has it; a Katakana run stays whole,
	 * and a cut splits it */
	assert_string_equal(toks("テレビ東京", TOKEN_WORDS, NULL, 0), "テレビ|東|京");
	assert_string_equal(toks("テレビ東京", TOKEN_WORDS, (size_t[]){ 1 }, 1), "テ|レビ|東|京");
	/* a combining mark after a space: UAX #29 glues it to the space; the
	 * space goes, the stray mark stays a token of its own */
	assert_string_equal(toks("a \xcc\x81" "b", TOKEN_WORDS, NULL, 0), "a|\xcc\x81|b");
	/* non-breaking space is white space in words mode, not in whitespace mode */
	assert_string_equal(toks("1\xc2\xa0" "000 x", TOKEN_WORDS, NULL, 0), "1|000|x");
	assert_string_equal(toks("1\xc2\xa0" "000 x", TOKEN_WHITESPACE, NULL, 0), "1\xc2\xa0" "000|x");
}

static void
test_whitespace_mode(void **state)
{
	(void)state;
	assert_string_equal(toks("U.S. officials said . http://t.co/9JKa #farms",
	    TOKEN_WHITESPACE, NULL, 0), "U.S.|officials|said|.|http://t.co/9JKa|#farms");
	assert_string_equal(toks("a\nb\r\nc", TOKEN_WHITESPACE, NULL, 0), "a|b|c");
}

/*
 * The reference: u8_wordbreaks over the whole text, pieces split at white
 * space, rendered like toks().
 */
static void
reference(const char *s, char *out, size_t outsz)
{
	size_t len = strlen(s), o = 0, i = 0, start = 0;
	char *brk = malloc(len + 1);
	int open = 0;

	u8_wordbreaks((const uint8_t *)s, len, brk);
	out[0] = '\0';
	while (i <= len) {
		ucs4_t uc = 0;
		int n = 1, white = 1;

		if (i < len) {
			n = u8_mbtouc(&uc, (const uint8_t *)s + i, len - i);
			white = uc_is_property_white_space(uc);
		}
		if (open && (i == len || brk[i] || white)) {
			o += (size_t)snprintf(out + o, outsz - o, "%s%.*s", o ? "|" : "", (int)(i - start), s + start);
			open = 0;
		}
		if (i < len && !white && !open) {
			open = 1;
			start = i;
		}
		i += (size_t)n;
	}
	free(brk);
}

/* The ASCII fast path and the chunking agree with libunistring on random text. */
static void
test_uax29_differential(void **state)
{
	static const char *const atoms[] = {
		"a", "b", "Z", "0", "7", ":", ".", "'", ",", ";", "_", "-", "!", "\"", "(", "/", "#",
		" ", " ", "\t", "\n", "é", "東", "😀", "\xcc\x81", "\xc2\xa0", "\xe2\x80\xaf",
		"\xe2\x80\x8d", "🇫", "🇷", "’", "٣", "ー", "カ",
	};
	unsigned long x = 12345;
	char s[256], want[1024];

	(void)state;
	for (int round = 0; round < 5000; round++) {
		size_t n = 0, k;
		int ascii = round % 2 == 0;

		x = x * 6364136223846793005UL + 1442695040888963407UL;
		k = 1 + (x >> 33) % 24;
		for (size_t i = 0; i < k; i++) {
			const char *a;

			x = x * 6364136223846793005UL + 1442695040888963407UL;
			a = atoms[(x >> 33) % (ascii ? 21 : sizeof atoms / sizeof atoms[0])];
			/* A mark or ZWJ right after white space: libunistring joins it
			 * to the next word when it sees the whole text, though UAX #29
			 * (WB4) gives it to the space; gloss keeps it a token of its own. */
			if ((a[0] == '\xcc' || !strcmp(a, "\xe2\x80\x8d")) && (n == 0 ||
			    uc_is_property_white_space((ucs4_t)(unsigned char)s[n - 1]) ||
			    (n >= 2 && !memcmp(s + n - 2, "\xc2\xa0", 2)) ||
			    (n >= 3 && !memcmp(s + n - 3, "\xe2\x80\xaf", 3))))
				continue;
			memcpy(s + n, a, strlen(a));
			n += strlen(a);
		}
		s[n] = '\0';
		reference(s, want, sizeof want);
		if (strcmp(toks(s, TOKEN_UAX29, NULL, 0), want) != 0)
			fail_msg("\"%s\": got \"%s\", libunistring says \"%s\"", s,
			    toks(s, TOKEN_UAX29, NULL, 0), want);
	}
}

static void
test_meta(void **state)
{
	(void)state;
	assert_int_equal(token_mode_of_meta(NULL), TOKEN_WORDS);
	assert_int_equal(token_mode_of_meta("{}"), TOKEN_WORDS);
	assert_int_equal(token_mode_of_meta(TOKEN_META_WHITESPACE), TOKEN_WHITESPACE);
	assert_int_equal(token_mode_of_meta("{\"a\":1, \"tokenized\" : \"whitespace\"}"), TOKEN_WHITESPACE);
	assert_int_equal(token_mode_of_meta("{\"tokenized\":\"words\"}"), TOKEN_WORDS);
	/* inside another string value, escaped: not the key */
	assert_int_equal(token_mode_of_meta("{\"note\":\"\\\"tokenized\\\":\\\"whitespace\\\"\"}"), TOKEN_WORDS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_punct),
		cmocka_unit_test(test_hyphens_and_abbrevs),
		cmocka_unit_test(test_cuts),
		cmocka_unit_test(test_unicode),
		cmocka_unit_test(test_whitespace_mode),
		cmocka_unit_test(test_uax29_differential),
		cmocka_unit_test(test_meta),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
