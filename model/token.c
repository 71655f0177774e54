/*
 * token.c: word tokens for the token-based formats (see token.h).
 *
 * Coordinates: the input is a UTF-8 buffer; tokens come out in code points
 * and, alongside, in bytes of that buffer. Cuts come in as code points.
 *
 * Three passes: pieces (UAX #29 word segments with white space removed, or
 * runs of non-white space), merges (hyphenated words, dotted
 * abbreviations), cuts. Each pass is linear; the only per-character work
 * is one decode and one or two property lookups, so a megabyte takes a few
 * milliseconds.
 */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include <uniwbrk.h>
#include "model/token.h"

/* Growable token array with a flag byte per token (see piece flags). */
typedef struct tokv {
	token *v;
	unsigned char *fl;
	size_t n, cap;
} tokv;

enum {
	PF_ALNUM = 1,  /* the piece contains a letter or digit */
	PF_FIRST = 2   /* the piece starts with a letter or digit */
};

static int
tokv_push(tokv *tv, size_t start, size_t end, size_t bstart, size_t bend, unsigned char fl)
{
	if (tv->n == tv->cap) {
		size_t cap = tv->cap ? tv->cap * 2 : 64;
		token *v;
		unsigned char *f;

		if (cap > SIZE_MAX / sizeof *v)
			return -1;
		if ((v = realloc(tv->v, cap * sizeof *v)) == NULL)
			return -1;
		tv->v = v;
		if ((f = realloc(tv->fl, cap)) == NULL)
			return -1;
		tv->fl = f;
		tv->cap = cap;
	}
	tv->v[tv->n] = (token){ start, end, bstart, bend };
	tv->fl[tv->n] = fl;
	tv->n++;
	return 0;
}

static int
is_ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int
is_alnum(ucs4_t uc)
{
	if (uc < 0x80)
		return (uc >= '0' && uc <= '9') || ((uc | 0x20) >= 'a' && (uc | 0x20) <= 'z');
	return uc_is_alnum(uc);
}

static int
is_white(ucs4_t uc)
{
	if (uc < 0x80)
		return is_ascii_space((unsigned char)uc);
	return uc_is_property_white_space(uc);
}

/* Decode one code point at s[i] (i < len); returns its length in bytes. */
static int
decode(const uint8_t *s, size_t i, size_t len, ucs4_t *uc)
{
	if (s[i] < 0x80) {
		*uc = s[i];
		return 1;
	}
	return u8_mbtouc(uc, s + i, len - i);
}

/* UAX #29 segments, each split further at white space it contains (a
 * combining mark after a space makes one segment of both). */
static int
pieces_words(const uint8_t *s, size_t len, tokv *tv)
{
	char *brk = malloc(len);
	size_t i = 0, cp = 0, pb = 0, pc = 0;
	int open = 0;
	unsigned char fl = 0;

	if (brk == NULL)
		return -1;
	u8_wordbreaks(s, len, brk);
	while (i < len) {
		ucs4_t uc;
		int n = decode(s, i, len, &uc);

		if (open && (brk[i] || is_white(uc))) {
			if (tokv_push(tv, pc, cp, pb, i, fl) != 0)
				goto fail;
			open = 0;
		}
		if (!is_white(uc)) {
			int an = is_alnum(uc);

			if (!open) {
				open = 1;
				pb = i;
				pc = cp;
				fl = an ? PF_ALNUM | PF_FIRST : 0;
			} else if (an)
				fl |= PF_ALNUM;
		}
		i += (size_t)n;
		cp++;
	}
	if (open && tokv_push(tv, pc, cp, pb, len, fl) != 0)
		goto fail;
	free(brk);
	return 0;
fail:
	free(brk);
	return -1;
}

/* Runs of anything but ASCII white space. */
static int
pieces_whitespace(const uint8_t *s, size_t len, tokv *tv)
{
	size_t i = 0, cp = 0;

	while (i < len) {
		size_t pb, pc;

		for (; i < len && is_ascii_space(s[i]); i++)
			cp++;
		if (i == len)
			break;
		pb = i;
		pc = cp;
		for (; i < len && !is_ascii_space(s[i]); i++)
			if ((s[i] & 0xC0) != 0x80)
				cp++;
		if (tokv_push(tv, pc, cp, pb, i, 0) != 0)
			return -1;
	}
	return 0;
}

/* Is the piece a lone hyphen (U+002D, U+2010, U+2011)? */
static int
is_hyphen(const uint8_t *s, const token *t)
{
	size_t n = t->bend - t->bstart;
	const uint8_t *p = s + t->bstart;

	return (n == 1 && p[0] == '-') ||
	    (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x90 || p[2] == 0x91));
}

/*
 * "U.S", "e.g", "Ph.D": at least two parts of one to three letters joined
 * by dots. Such a word followed directly by a dot is an abbreviation, and
 * the dot belongs to it; a longer part ("example.com") is not.
 */
static int
is_dotted_abbrev(const uint8_t *s, const token *t)
{
	size_t i = t->bstart, part = 0, parts = 1;

	while (i < t->bend) {
		ucs4_t uc;
		int n = decode(s, i, t->bend, &uc);

		if (uc == '.') {
			if (part == 0)
				return 0;
			parts++;
			part = 0;
		} else if (uc_is_alpha(uc)) {
			if (++part > 3)
				return 0;
		} else
			return 0;
		i += (size_t)n;
	}
	return parts >= 2 && part > 0;
}

/* Join hyphenated words and give dotted abbreviations their final dot. */
static void
merge_pieces(const uint8_t *s, tokv *tv)
{
	token *v = tv->v;
	size_t w = 0, r = 0, n = tv->n;

	while (r < n) {
		token t = v[r];
		unsigned char fl = tv->fl[r];

		r++;
		while ((fl & PF_ALNUM) && r + 1 < n && v[r].bstart == t.bend &&
		    is_hyphen(s, &v[r]) && v[r + 1].bstart == v[r].bend &&
		    (tv->fl[r + 1] & PF_FIRST)) {
			t.end = v[r + 1].end;
			t.bend = v[r + 1].bend;
			fl = tv->fl[r + 1];
			r += 2;
		}
		if ((fl & PF_ALNUM) && r < n && v[r].bstart == t.bend &&
		    v[r].bend == v[r].bstart + 1 && s[v[r].bstart] == '.' &&
		    is_dotted_abbrev(s, &t)) {
			t.end = v[r].end;
			t.bend = v[r].bend;
			r++;
		}
		v[w] = t;
		tv->fl[w] = fl;
		w++;
	}
	tv->n = w;
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Split every token at the cuts strictly inside it. */
static int
apply_cuts(const uint8_t *s, tokv *tv, const size_t *cuts, size_t ncuts)
{
	size_t *c, nc = 0, ci = 0;
	tokv out = { NULL, NULL, 0, 0 };

	if (ncuts == 0 || tv->n == 0)
		return 0;
	if ((c = malloc(ncuts * sizeof *c)) == NULL)
		return -1;
	memcpy(c, cuts, ncuts * sizeof *c);
	qsort(c, ncuts, sizeof *c, size_cmp);
	for (size_t i = 0; i < ncuts; i++)
		if (nc == 0 || c[nc - 1] != c[i])
			c[nc++] = c[i];
	for (size_t k = 0; k < tv->n; k++) {
		token t = tv->v[k];
		size_t b = t.bstart, cp = t.start;

		while (ci < nc && c[ci] <= t.start)
			ci++;
		while (ci < nc && c[ci] < t.end) {
			size_t b0 = b, cp0 = cp;

			while (cp < c[ci]) {
				b++;
				while (b < t.bend && (s[b] & 0xC0) == 0x80)
					b++;
				cp++;
			}
			if (tokv_push(&out, cp0, cp, b0, b, 0) != 0)
				goto fail;
			ci++;
		}
		if (tokv_push(&out, cp, t.end, b, t.bend, 0) != 0)
			goto fail;
	}
	free(c);
	free(tv->v);
	free(tv->fl);
	*tv = out;
	return 0;
fail:
	free(c);
	free(out.v);
	free(out.fl);
	return -1;
}

size_t
token_split_mode(const char *str, size_t len, int mode, const size_t *cuts, size_t ncuts, token **out)
{
	const uint8_t *s = (const uint8_t *)str;
	tokv tv = { NULL, NULL, 0, 0 };
	int rc;

	*out = NULL;
	if (len == 0)
		return 0;
	if (mode == TOKEN_WHITESPACE)
		rc = pieces_whitespace(s, len, &tv);
	else {
		rc = pieces_words(s, len, &tv);
		if (rc == 0)
			merge_pieces(s, &tv);
	}
	if (rc == 0)
		rc = apply_cuts(s, &tv, cuts, ncuts);
	free(tv.fl);
	if (rc != 0) {
		free(tv.v);
		return (size_t)-1;
	}
	*out = tv.v;
	return tv.n;
}

size_t
token_split(const char *s, size_t len, const size_t *cuts, size_t ncuts, token **out)
{
	return token_split_mode(s, len, TOKEN_WORDS, cuts, ncuts, out);
}

/*
 * Not a JSON parser: a marker test. The key must be a real key (its quote
 * not escaped, so not inside another string) followed by the value.
 */
int
token_mode_of_meta(const char *meta)
{
	static const char key[] = "\"tokenized\"";
	const char *p = meta;

	while (p != NULL && (p = strstr(p, key)) != NULL) {
		const char *q = p + sizeof key - 1;

		if (p == meta || p[-1] != '\\') {
			while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
				q++;
			if (*q == ':') {
				q++;
				while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
					q++;
				if (strncmp(q, "\"whitespace\"", 12) == 0)
					return TOKEN_WHITESPACE;
			}
		}
		p = q;
	}
	return TOKEN_WORDS;
}
