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

/*
 * UAX #29 word break classes of ASCII characters (WordBreakProperty.txt):
 * the only ones the rules below need. Everything else is Other, with a
 * break on both sides.
 */
enum { WB_OTHER, WB_AL, WB_NU, WB_MIDLETTER, WB_MIDNUMLET, WB_MIDNUM, WB_EXTNUMLET };

static const unsigned char wb_ascii[128] = {
	['0'] = WB_NU, ['1'] = WB_NU, ['2'] = WB_NU, ['3'] = WB_NU, ['4'] = WB_NU,
	['5'] = WB_NU, ['6'] = WB_NU, ['7'] = WB_NU, ['8'] = WB_NU, ['9'] = WB_NU,
	['A'] = WB_AL, ['B'] = WB_AL, ['C'] = WB_AL, ['D'] = WB_AL, ['E'] = WB_AL,
	['F'] = WB_AL, ['G'] = WB_AL, ['H'] = WB_AL, ['I'] = WB_AL, ['J'] = WB_AL,
	['K'] = WB_AL, ['L'] = WB_AL, ['M'] = WB_AL, ['N'] = WB_AL, ['O'] = WB_AL,
	['P'] = WB_AL, ['Q'] = WB_AL, ['R'] = WB_AL, ['S'] = WB_AL, ['T'] = WB_AL,
	['U'] = WB_AL, ['V'] = WB_AL, ['W'] = WB_AL, ['X'] = WB_AL, ['Y'] = WB_AL,
	['Z'] = WB_AL,
	['a'] = WB_AL, ['b'] = WB_AL, ['c'] = WB_AL, ['d'] = WB_AL, ['e'] = WB_AL,
	['f'] = WB_AL, ['g'] = WB_AL, ['h'] = WB_AL, ['i'] = WB_AL, ['j'] = WB_AL,
	['k'] = WB_AL, ['l'] = WB_AL, ['m'] = WB_AL, ['n'] = WB_AL, ['o'] = WB_AL,
	['p'] = WB_AL, ['q'] = WB_AL, ['r'] = WB_AL, ['s'] = WB_AL, ['t'] = WB_AL,
	['u'] = WB_AL, ['v'] = WB_AL, ['w'] = WB_AL, ['x'] = WB_AL, ['y'] = WB_AL,
	['z'] = WB_AL,
	[':'] = WB_MIDLETTER,
	['.'] = WB_MIDNUMLET, ['\''] = WB_MIDNUMLET,  /* '\'' is Single_Quote: the same here */
	[','] = WB_MIDNUM, [';'] = WB_MIDNUM,
	['_'] = WB_EXTNUMLET,
};

static int
wb_class(uint8_t c)
{
	return c < 128 ? wb_ascii[c] : WB_OTHER;
}

/*
 * Is there no word break between c[k-1] and c[k] of the ASCII chunk
 * c[0..n) (no white space in it)? Rules WB5-WB13b of UAX #29; the others
 * concern characters that are not ASCII or white space.
 */
static int
wb_joined(const uint8_t *c, size_t n, size_t k)
{
	int p = wb_class(c[k - 1]), x = wb_class(c[k]);
	int pp = k >= 2 ? wb_class(c[k - 2]) : WB_OTHER;
	int nx = k + 1 < n ? wb_class(c[k + 1]) : WB_OTHER;

	if ((p == WB_AL || p == WB_NU) && (x == WB_AL || x == WB_NU))
		return 1;                                       /* WB5, WB8-10 */
	if ((p == WB_AL || p == WB_NU || p == WB_EXTNUMLET) && x == WB_EXTNUMLET)
		return 1;                                       /* WB13a */
	if (p == WB_EXTNUMLET && (x == WB_AL || x == WB_NU))
		return 1;                                       /* WB13b */
	if (p == WB_AL && (x == WB_MIDLETTER || x == WB_MIDNUMLET) && nx == WB_AL)
		return 1;                                       /* WB6 */
	if (pp == WB_AL && (p == WB_MIDLETTER || p == WB_MIDNUMLET) && x == WB_AL)
		return 1;                                       /* WB7 */
	if (p == WB_NU && (x == WB_MIDNUM || x == WB_MIDNUMLET) && nx == WB_NU)
		return 1;                                       /* WB12 */
	if (pp == WB_NU && (p == WB_MIDNUM || p == WB_MIDNUMLET) && x == WB_NU)
		return 1;                                       /* WB11 */
	return 0;
}

/* Pieces of an ASCII chunk s[a..b) starting at code point cp. */
static int
pieces_ascii(const uint8_t *s, size_t a, size_t b, size_t cp, tokv *tv)
{
	size_t start = a;
	int an = wb_class(s[a]) == WB_AL || wb_class(s[a]) == WB_NU;
	unsigned char fl = an ? PF_ALNUM | PF_FIRST : 0;

	for (size_t k = a + 1; k < b; k++) {
		an = wb_class(s[k]) == WB_AL || wb_class(s[k]) == WB_NU;
		if (!wb_joined(s + a, b - a, k - a)) {
			if (tokv_push(tv, cp + (start - a), cp + (k - a), start, k, fl) != 0)
				return -1;
			start = k;
			fl = an ? PF_ALNUM | PF_FIRST : 0;
		} else if (an)
			fl |= PF_ALNUM;
	}
	return tokv_push(tv, cp + (start - a), cp + (b - a), start, b, fl);
}

/* Pieces of a chunk s[a..b) with non-ASCII characters: libunistring's
 * UAX #29 breaks (brk has room for b - a). */
static int
pieces_unicode(const uint8_t *s, size_t a, size_t b, size_t cp, char *brk, tokv *tv)
{
	size_t i = a, pb = a, pc = cp;
	unsigned char fl = 0;

	u8_wordbreaks(s + a, b - a, brk);
	while (i < b) {
		ucs4_t uc;
		int n = decode(s, i, b, &uc), an = is_alnum(uc);

		if (i > a && brk[i - a]) {
			if (tokv_push(tv, pc, cp, pb, i, fl) != 0)
				return -1;
			pb = i;
			pc = cp;
			fl = 0;
		}
		if (i == pb)
			fl = an ? PF_ALNUM | PF_FIRST : 0;
		else if (an)
			fl |= PF_ALNUM;
		i += (size_t)n;
		cp++;
	}
	return tokv_push(tv, pc, cp, pb, b, fl);
}

/*
 * UAX #29 segments with white space removed. The rules never join across
 * white space, so each chunk between white space is segmented on its own:
 * pure ASCII chunks, most of news text, by the rules above, the others by
 * libunistring. That equals segmenting the whole text at once (a test
 * checks it against u8_wordbreaks), except for a combining mark right
 * after white space: UAX #29 (WB4) gives it to the space, libunistring on a
 * whole text to the word after it; here it is a token of its own.
 */
static int
pieces_words(const uint8_t *s, size_t len, tokv *tv)
{
	char *brk = NULL;
	size_t i = 0, cp = 0, brkcap = 0;
	int rc = 0;

	while (i < len && rc == 0) {
		size_t j = i, ncp = 0;
		int ascii = 1;

		if (s[i] < 0x80) {
			if (is_ascii_space(s[i])) {
				i++;
				cp++;
				continue;
			}
		} else {
			ucs4_t uc;
			int n = decode(s, i, len, &uc);

			if (is_white(uc)) {
				i += (size_t)n;
				cp++;
				continue;
			}
		}
		while (j < len) {
			if (s[j] < 0x80) {
				if (is_ascii_space(s[j]))
					break;
				j++;
			} else {
				ucs4_t uc;
				int n = decode(s, j, len, &uc);

				if (is_white(uc))
					break;
				ascii = 0;
				j += (size_t)n;
			}
			ncp++;
		}
		if (ascii)
			rc = pieces_ascii(s, i, j, cp, tv);
		else {
			if (j - i > brkcap) {
				char *b = realloc(brk, j - i);

				if (b == NULL) {
					rc = -1;
					break;
				}
				brk = b;
				brkcap = j - i;
			}
			rc = pieces_unicode(s, i, j, cp, brk, tv);
		}
		cp += ncp;
		i = j;
	}
	free(brk);
	return rc;
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

/*
 * Split every token at the cuts strictly inside it, in place: count the
 * new tokens, grow the array once, then fill it from the back (a token's
 * pieces land at or after its own slot, over tokens already moved).
 */
static int
apply_cuts(const uint8_t *s, tokv *tv, const size_t *cuts, size_t ncuts)
{
	size_t *c, nc = 0, extra = 0, ci = 0, w;

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
		while (ci < nc && c[ci] <= tv->v[k].start)
			ci++;
		for (; ci < nc && c[ci] < tv->v[k].end; ci++)
			extra++;
	}
	if (extra > 0) {
		size_t cap = tv->n + extra;
		token *v;

		if (cap > tv->cap) {
			if (cap > SIZE_MAX / sizeof *v || (v = realloc(tv->v, cap * sizeof *v)) == NULL) {
				free(c);
				return -1;
			}
			tv->v = v;  /* the flags are not needed any more */
		}
		w = cap;
		ci = nc;  /* cuts[0..ci) are < the end of token k */
		for (size_t k = tv->n; k-- > 0; ) {
			token t = tv->v[k];
			size_t hi, lo, b = t.bstart, cp = t.start, at;

			while (ci > 0 && c[ci - 1] >= t.end)
				ci--;
			hi = ci;
			while (ci > 0 && c[ci - 1] > t.start)
				ci--;
			lo = ci;
			at = w - (hi - lo) - 1;
			w = at;
			for (size_t j = lo; j < hi; j++) {
				size_t b0 = b, cp0 = cp;

				while (cp < c[j]) {
					b++;
					while (b < t.bend && (s[b] & 0xC0) == 0x80)
						b++;
					cp++;
				}
				tv->v[at++] = (token){ cp0, cp, b0, b };
			}
			tv->v[at] = (token){ cp, t.end, b, t.bend };
		}
		tv->n += extra;
	}
	free(c);
	return 0;
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
	/* news text has a token every 5-6 bytes: one allocation, mostly */
	tv.cap = len / 5 + 64;
	tv.v = malloc(tv.cap * sizeof *tv.v);
	tv.fl = malloc(tv.cap);
	if (tv.v == NULL || tv.fl == NULL) {
		free(tv.v);
		free(tv.fl);
		return (size_t)-1;
	}
	if (mode == TOKEN_WHITESPACE)
		rc = pieces_whitespace(s, len, &tv);
	else {
		rc = pieces_words(s, len, &tv);
		if (rc == 0 && mode == TOKEN_WORDS)
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
