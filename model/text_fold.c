/*
 * text_fold.c: searching. A folded copy of the text (compatibility
 * decomposed, marks dropped, case folded) is built on the first search,
 * with checkpoints mapping folded offsets back to code points.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <unistr.h>
#include <unictype.h>
#include <unicase.h>
#include <uninorm.h>
#include <unigbrk.h>
#include <uniwbrk.h>
#include "model/text_int.h"

void
tx_fold_free(fold *f)
{
	if (f) {
		free(f->s);
		free(f->ck);
		free(f);
	}
}

/* ---------------------------------------------------------------------- */
/* Search */

#define FOLD_MAX 32 /* code points one code point may fold to (kept) */

/*
 * Fold one code point for matching: compatibility decomposition (NFKD,
 * recursively, so "é" -> "e" + U+0301, "ﬁ" -> "fi", full-width letters ->
 * ASCII, Hangul syllables -> jamo), nonspacing and enclosing marks (Mn, Me)
 * dropped, then simple case folding as lower(upper(c)) so that final sigma,
 * long s and the Kelvin sign fold with their plain letters. Writes at most
 * max code points to out and returns how many.
 */
/*
 * Latin letters that have no decomposition but that readers take for a
 * plain letter ("malgorzata" finds "Małgorzata", "soren" "Søren"): their
 * ASCII spelling, lower case; NULL for any other code point.
 */
static const char *
latin_ascii(uint32_t c)
{
	static const struct {
		uint32_t c;
		const char *s;
	} tab[] = {
		{ 0x00C6, "ae" }, { 0x00D0, "d" }, { 0x00D8, "o" }, { 0x00DE, "th" }, { 0x00DF, "ss" },
		{ 0x00E6, "ae" }, { 0x00F0, "d" }, { 0x00F8, "o" }, { 0x00FE, "th" }, { 0x0110, "d" },
		{ 0x0111, "d" }, { 0x0126, "h" }, { 0x0127, "h" }, { 0x0131, "i" }, { 0x0138, "k" },
		{ 0x013F, "l" }, { 0x0140, "l" }, { 0x0141, "l" }, { 0x0142, "l" }, { 0x014A, "ng" },
		{ 0x014B, "ng" }, { 0x0152, "oe" }, { 0x0153, "oe" }, { 0x0166, "t" }, { 0x0167, "t" },
		{ 0x0180, "b" }, { 0x0192, "f" }, { 0x01E4, "g" }, { 0x01E5, "g" }, { 0x0237, "j" },
		{ 0x1E9E, "ss" },
	};
	size_t lo = 0, hi = sizeof tab / sizeof tab[0];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (tab[mid].c == c)
			return tab[mid].s;
		if (tab[mid].c < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static size_t
fold_cp(uint32_t c, uint32_t *out, size_t max, int depth)
{
	const char *ascii;
	ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];
	int tag, n;
	size_t k = 0;

	if (max == 0)
		return 0;
	if (c < 0x80) {
		out[0] = c >= 'A' && c <= 'Z' ? c + 32 : c;
		return 1;
	}
	if ((ascii = latin_ascii(c)) != NULL) {
		for (; k < max && ascii[k]; k++)
			out[k] = (uint32_t)(unsigned char)ascii[k];
		return k;
	}
	if (uc_is_general_category(c, UC_CATEGORY_Mn) ||
	    uc_is_general_category(c, UC_CATEGORY_Me))
		return 0;
	n = depth < 4 ? uc_decomposition(c, &tag, d) : -1;
	if (n > 0) {
		for (int i = 0; i < n; i++)
			k += fold_cp(d[i], out + k, max - k, depth + 1);
		return k;
	}
	out[0] = uc_tolower(uc_toupper(c));
	return 1;
}

/* Bytes the fold of the code point at s[b] takes; *n gets its length. */
static size_t
fold_bytes(const char *s, size_t b, size_t *n)
{
	uint32_t f[FOLD_MAX], c;
	size_t k, bytes = 0;
	char tmp[4];

	if ((unsigned char)s[b] < 0x80) {
		*n = 1;
		return 1;
	}
	c = utf8_dec(s, b, n);
	k = fold_cp(c, f, FOLD_MAX, 0);
	for (size_t i = 0; i < k; i++)
		bytes += utf8_enc(f[i], tmp);
	return bytes;
}

/* Fold s[0..len) (valid UTF-8) into a new string; *outlen its length.
 * With ck not NULL, ck[k] gets the output offset of code point k*CK. */
static char *
fold_str(const char *s, size_t len, size_t *outlen, size_t *ck)
{
	/* room for one code point's longest fold past the text's length: a
	 * short word (the search tokenizer folds word by word) then never
	 * grows the buffer (three reallocs a word before) */
	size_t cap = len + len / 8 + 4 * FOLD_MAX + 16, o = 0, cp = 0, i = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (ck && (cp & (CK - 1)) == 0)
			ck[cp >> CK_SHIFT] = o;
		cp++;
		if (o + 4 * FOLD_MAX + 1 > cap) {
			char *bigger = realloc(out, cap * 2);
			if (!bigger) {
				free(out);
				return NULL;
			}
			out = bigger;
			cap *= 2;
		}
		if (c < 0x80) {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
		} else {
			uint32_t f[FOLD_MAX];
			size_t n, k = fold_cp(utf8_dec(s, i, &n), f, FOLD_MAX, 0);
			for (size_t j = 0; j < k; j++)
				o += utf8_enc(f[j], out + o);
			i += n;
		}
	}
	if (ck && (cp & (CK - 1)) == 0)
		ck[cp >> CK_SHIFT] = o;
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* The folded copy of t, built on first use (a cache: see text_int.h). */
static const fold *
fold_get(const text *t)
{
	fold *f;

	if (t->cache->fold)
		return t->cache->fold;
	tx_need(t, t->len); /* the search copy is of the whole text */
	if (!(f = calloc(1, sizeof *f)))
		return NULL;
	f->ck = malloc((t->ncp / CK + 1) * sizeof *f->ck);
	if (!f->ck || !(f->s = fold_str(t->s, t->len, &f->len, f->ck))) {
		tx_fold_free(f);
		return NULL;
	}
	t->cache->fold = f;
	return f;
}

/* Offset in the folded copy where the fold of code point cp starts. */
static size_t
fold_off(const text *t, const fold *f, size_t cp)
{
	size_t off, b, n;

	if (cp >= t->ncp)
		return f->len;
	off = f->ck[cp >> CK_SHIFT];
	b = text_cp_to_byte(t, cp & ~(CK - 1));
	for (size_t r = cp & (CK - 1); r > 0; r--) {
		off += fold_bytes(t->s, b, &n);
		b += n;
	}
	return off;
}

/* The code point whose fold covers folded offset fo (< f->len). */
static size_t
fold_cp_at(const text *t, const fold *f, size_t fo)
{
	size_t k = tx_ck_search(f->ck, 1, t->ncp / CK + 1, fo);
	size_t cp = k << CK_SHIFT, off = f->ck[k], b = text_cp_to_byte(t, cp), n;

	while (cp < t->ncp) {
		size_t l = fold_bytes(t->s, b, &n);
		if (off + l > fo)
			return cp;
		off += l;
		b += n;
		cp++;
	}
	return t->ncp;
}

/*
 * Matching runs memmem over the folded copy (see fold_cp); a match maps
 * back to the code points whose folds it covers, and its end moves to the
 * next grapheme boundary, so "zoe" matching "Zoe" + U+0308 covers the mark.
 * Forward finds the first match starting at or after cp, backward the last
 * starting before cp. A needle that folds to nothing matches nothing.
 */
int
text_search(const text *t, const char *needle, size_t cp, int backward, size_t *at, size_t *mlen)
{
	const fold *f;
	char *nf;
	size_t nlen, fo, mb = (size_t)-1, start, end;

	if (!needle || !*needle || !(f = fold_get(t)))
		return 0;
	{
		size_t l = strlen(needle), nbad = utf8_scan(needle, l, 0, NULL);
		char *valid = utf8_decode_copy(needle, l, nbad, 0, 0, &l);
		if (!valid)
			return 0;
		nf = fold_str(valid, l, &nlen, NULL);
		free(valid);
	}
	if (!nf || nlen == 0 || nlen > f->len) {
		free(nf);
		return 0;
	}
	fo = fold_off(t, f, cp);
	if (!backward) {
		const char *p = memmem(f->s + fo, f->len - fo, nf, nlen);
		if (p)
			mb = (size_t)(p - f->s);
	} else {
		size_t hi = fo; /* matches must start before hi */
		while (hi > 0 && mb == (size_t)-1) {
			size_t lo = hi > 65536 ? hi - 65536 : 0;
			size_t lim = hi + nlen - 1 < f->len ? hi + nlen - 1 : f->len;
			const char *p;
			size_t pos = lo;
			while (pos < lim && (p = memmem(f->s + pos, lim - pos, nf, nlen)) != NULL &&
			    (size_t)(p - f->s) < hi) {
				mb = (size_t)(p - f->s);
				pos = mb + 1;
			}
			hi = lo;
		}
	}
	if (mb == (size_t)-1) {
		free(nf);
		return 0;
	}
	start = fold_cp_at(t, f, mb);
	end = fold_cp_at(t, f, mb + nlen - 1) + 1;
	free(nf);
	if (end < t->ncp && text_grapheme_start(t, end) != end)
		end = text_grapheme_next(t, end);
	*at = start;
	*mlen = end - start;
	return 1;
}

char *
text_fold(const char *s, size_t len, size_t *outlen)
{
	return fold_str(s, len, outlen, NULL);
}
