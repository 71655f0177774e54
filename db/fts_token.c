/*
 * fts_token.c: the "gloss" FTS5 tokenizer (articles_fts, schema 3; what it
 * is for is in search.c's header). FTS5's unicode61 with remove_diacritics
 * 2 splits the text into words and lower-cases them; a word with a
 * non-ASCII byte is then folded with text_fold(), the fold of in-article
 * search. Offsets are bytes of the text given, as FTS5 wants.
 *
 * The fast path. unicode61 takes every ASCII byte that is not a letter or
 * a digit for a separator (gloss gives it no tokenchars or separators), and
 * no byte of a UTF-8 sequence is ASCII: so what lies between two such
 * separators is split the same whether unicode61 reads it alone or inside
 * the whole text. Runs of ASCII letters and digits (nearly every word of
 * news text) are lower-cased here and handed to FTS5 directly; a run with
 * a non-ASCII byte goes, up to the next ASCII separator, to unicode61 and
 * the fold, its offsets moved. Indexing a 10k-article import spent a sixth
 * of its instructions in unicode61 and the per-word wrapper before.
 * "slow 1" in the tokenizer's arguments turns the fast path off: the unit
 * test (test_fts_token) compares both on random text.
 */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_int.h"
#include "model/text.h"
#include "model/utf8.h"

struct fold_tok {
	fts5_tokenizer base;    /* unicode61's methods */
	Fts5Tokenizer *inner;   /* a unicode61 instance */
	int slow;               /* no fast path ("slow 1") */
};

struct fold_ctx {
	void *ctx;
	int (*token)(void *, int, const char *, int, int, int);
	int shift;              /* where the text unicode61 reads begins */
};

static int
fold_create(void *api, const char **argv, int argc, Fts5Tokenizer **out)
{
	static const char *const args[] = { "remove_diacritics", "2" };
	fts5_api *a = api;
	struct fold_tok *t;
	void *uctx = NULL;
	int rc, slow = 0;

	for (int i = 0; i < argc; i += 2) {
		if (i + 1 >= argc || strcmp(argv[i], "slow") != 0)
			return SQLITE_ERROR;
		slow = strcmp(argv[i + 1], "0") != 0;
	}
	if ((t = calloc(1, sizeof *t)) == NULL)
		return SQLITE_NOMEM;
	t->slow = slow;
	if ((rc = a->xFindTokenizer(a, "unicode61", &uctx, &t->base)) == SQLITE_OK)
		rc = t->base.xCreate(uctx, (const char **)(uintptr_t)args, 2, &t->inner);
	if (rc != SQLITE_OK) {
		free(t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void
fold_delete(Fts5Tokenizer *p)
{
	struct fold_tok *t = (struct fold_tok *)p;

	if (t) {
		t->base.xDelete(t->inner);
		free(t);
	}
}

/* unicode61 has lower-cased the word and dropped what marks it could;
 * an ASCII word is final, any other is folded. */
static int
fold_token(void *p, int flags, const char *tok, int n, int start, int end)
{
	struct fold_ctx *c = p;
	size_t flen;
	char *f;
	int rc, i = 0;

	start += c->shift;
	end += c->shift;
	/* eight bytes at a time: nearly every word is ASCII */
	for (; i + 8 <= n; i += 8)
		if (utf8_load8((const unsigned char *)tok + i) & UTF8_HIGH8)
			goto fold;
	for (; i < n; i++)
		if ((unsigned char)tok[i] >= 0x80)
			goto fold;
	return c->token(c->ctx, flags, tok, n, start, end);
fold:
	if ((f = text_fold(tok, (size_t)n, &flen)) == NULL)
		return SQLITE_NOMEM;
	rc = flen == 0 ? SQLITE_OK : c->token(c->ctx, flags, f, (int)flen, start, end);
	free(f);
	return rc;
}

/* What a byte is to the fast path: an ASCII separator (0), a lower-case
 * letter or digit (1), an upper-case letter (2), not ASCII (4). */
#define SEP16 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
#define HIGH16 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4
static const unsigned char byte_class[256] = {
	SEP16, SEP16, SEP16,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,     /* 0-9 */
	0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,     /* @ A-O */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,     /* P-Z */
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,     /* ` a-o */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,     /* p-z */
	HIGH16, HIGH16, HIGH16, HIGH16, HIGH16, HIGH16, HIGH16, HIGH16,
};

/* The ASCII word s[0..n), lower-cased, to FTS5. */
static int
ascii_word(struct fold_ctx *c, const char *s, int n, int start, unsigned upper)
{
	char small[64], *w = small;
	int rc;

	if (!upper)
		return c->token(c->ctx, 0, s, n, start, start + n);
	if ((size_t)n > sizeof small && (w = malloc((size_t)n)) == NULL)
		return SQLITE_NOMEM;
	for (int i = 0; i < n; i++)
		w[i] = (char)(s[i] | (byte_class[(unsigned char)s[i]] == 2 ? 0x20 : 0));
	rc = c->token(c->ctx, 0, w, n, start, start + n);
	if (w != small)
		free(w);
	return rc;
}

static int
fold_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *s, int n,
    int (*token)(void *, int, const char *, int, int, int))
{
	struct fold_tok *t = (struct fold_tok *)p;
	struct fold_ctx c = { ctx, token, 0 };
	const unsigned char *u = (const unsigned char *)s;
	int i = 0, rc = SQLITE_OK;

	if (t->slow)
		return t->base.xTokenize(t->inner, &c, flags, s, n, fold_token);
	while (rc == SQLITE_OK) {
		unsigned k = 0, seen = 0;
		int b;

		while (i < n && byte_class[u[i]] == 0)
			i++;
		if (i >= n)
			break;
		for (b = i; i < n && ((k = byte_class[u[i]]) & 3); i++)
			seen |= k;
		if (i < n && k == 4) {
			while (i < n && byte_class[u[i]] != 0)
				i++;
			c.shift = b;
			rc = t->base.xTokenize(t->inner, &c, flags, s + b, i - b, fold_token);
		} else {
			rc = ascii_word(&c, s + b, i - b, b, seen & 2);
		}
	}
	return rc;
}

void
st_fold_tokenizer(fts5_tokenizer *tok)
{
	tok->xCreate = fold_create;
	tok->xDelete = fold_delete;
	tok->xTokenize = fold_tokenize;
}
