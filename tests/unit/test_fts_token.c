/*
 * test_fts_token.c: the "gloss" FTS5 tokenizer's fast path (ASCII words
 * lower-cased by gloss, the rest through unicode61 and text_fold) gives
 * the same tokens, flags and byte offsets as unicode61 + fold over the
 * whole text ("slow 1"), on fixed cases and on random text mixing ASCII,
 * accented and other scripts, marks, punctuation and invalid bytes.
 */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "db/store_int.h"
#include "model/buf.h"

static sqlite3 *db;
static fts5_tokenizer tk;
static Fts5Tokenizer *fast, *slow;

static int
setup(void **state)
{
	static const char *const slow_args[] = { "slow", "1" };
	fts5_api *api = NULL;
	sqlite3_stmt *s;
	void *ctx = NULL;

	(void)state;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK || st_search_register(db) != 0)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	if (api == NULL || api->xFindTokenizer(api, "gloss", &ctx, &tk) != SQLITE_OK)
		return -1;
	if (tk.xCreate(ctx, NULL, 0, &fast) != SQLITE_OK ||
	    tk.xCreate(ctx, (const char **)(uintptr_t)slow_args, 2, &slow) != SQLITE_OK)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tk.xDelete(fast);
	tk.xDelete(slow);
	sqlite3_close(db);
	return 0;
}

/* Each token as "text@start-end/flags;" */
static int
collect(void *arg, int flags, const char *tok, int n, int start, int end)
{
	buf_printf(arg, "%.*s@%d-%d/%d;", n, tok, start, end, flags);
	return SQLITE_OK;
}

static char *
tokens(Fts5Tokenizer *t, int flags, const char *s, size_t n)
{
	struct buf b = { 0 };

	assert_int_equal(tk.xTokenize(t, &b, flags, s, (int)n, collect), SQLITE_OK);
	return b.s ? b.s : strdup("");
}

static void
same(const char *s, size_t n, const char *want)
{
	char *f = tokens(fast, FTS5_TOKENIZE_DOCUMENT, s, n), *w = tokens(slow, FTS5_TOKENIZE_DOCUMENT, s, n);

	if (strcmp(f, w) != 0)
		fail_msg("text \"%.*s\"\nfast %s\nslow %s", (int)n, s, f, w);
	if (want && strcmp(f, want) != 0)
		fail_msg("text \"%.*s\"\ngot  %s\nwant %s", (int)n, s, f, want);
	free(f);
	free(w);
	f = tokens(fast, FTS5_TOKENIZE_QUERY, s, n);
	w = tokens(slow, FTS5_TOKENIZE_QUERY, s, n);
	assert_string_equal(f, w);
	free(f);
	free(w);
}

static void
test_fixed(void **state)
{
	static const char *const mixed = "e\xcc\x81t\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80ok";
	static const char *const long_word = "Supercalifragilisticexpialidocious-Antidisestablishmentarianism"
	    "AndThenSomeMoreLettersToPassSixtyFour";

	(void)state;
	same("Małgorzata met the UN", strlen("Małgorzata met the UN"), "malgorzata@0-11/0;met@12-15/0;the@16-19/0;un@20-22/0;");
	same("ÉCOLE—Straße, 3.5%", strlen("ÉCOLE—Straße, 3.5%"), "ecole@0-6/0;strasse@9-16/0;3@18-19/0;5@20-21/0;");
	same("", 0, "");
	same("  ...  ", 7, "");
	same("x", 1, "x@0-1/0;");
	same("ABC", 3, "abc@0-3/0;");
	same("naïve café's Zoë", strlen("naïve café's Zoë"), NULL);
	same(long_word, strlen(long_word), NULL);
	same(mixed, strlen(mixed), NULL);
	same("bad\x80 \xc3 byte\xff", sizeof "bad\x80 \xc3 byte\xff" - 1, NULL);
	same("a\0b", 3, "a@0-1/0;b@2-3/0;");
}

/* Random text from pieces a news article has, and some it should not. */
static void
test_random(void **state)
{
	static const char *const piece[] = { "a", "Z", "q", "Report", "IBM", "x9", "0", "42", " ", "  ", "\n", ".", ",",
		"-", "'", "\"", "(", "_", "é", "É", "ł", "Ł", "ß", "ø", "İ", "ı", "ǅ", "\xcc\x81", "—", "“", "”", "€",
		"\xc2\xa0", "中", "文", "ж", "Ж", "ά", "😀", "\xef\xbc\xa1", "\x80", "\xc3", "\xff", "Ω", "ﬁ", "Ⅻ", "①" };
	size_t np = sizeof piece / sizeof piece[0];
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 4000; round++) {
		char s[400];
		size_t n = 0;
		int k;

		seed = seed * 1103515245u + 12345u;
		k = (int)(seed >> 16) % 40;
		for (int j = 0; j < k; j++) {
			const char *p;
			size_t l;

			seed = seed * 1103515245u + 12345u;
			/* ASCII letters most of the time, as in news text */
			p = (seed >> 16) % 3 == 0 ? piece[(seed >> 8) % np] : piece[(seed >> 8) % 8];
			l = strlen(p);
			if (n + l >= sizeof s)
				break;
			memcpy(s + n, p, l);
			n += l;
		}
		same(s, n, NULL);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
