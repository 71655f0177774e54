/*
 * text_sentence.c: where sentences end (text_sentence_at) and the first
 * sentence of a text as a title. Byte offsets inside, code points out.
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

/* ---------------------------------------------------------------------- */
/* Sentences (shared by titles and text_sentence_at) */

static int
is_space_cp(uint32_t c)
{
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	return uc_is_property_white_space(c);
}

/* Sentence terminators; the CJK ones need no space after them. */
static int
is_term(uint32_t c)
{
	switch (c) {
	case '.': case '!': case '?': case 0x2026: case 0x203C: case 0x203D:
	case 0x2047: case 0x2048: case 0x2049: case 0x061F: case 0x06D4:
	case 0x0964: case 0x0965:
		return 1;
	}
	return 0;
}

static int
is_cjk_term(uint32_t c)
{
	return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF61;
}

static int
is_closer(uint32_t c)
{
	switch (c) {
	case '"': case '\'': case ')': case ']': case '}': case 0x2019:
	case 0x201D: case 0x00BB: case 0x203A: case 0x300D: case 0x300F:
	case 0xFF09:
		return 1;
	}
	return 0;
}

static int
is_opener(uint32_t c)
{
	switch (c) {
	case '"': case '\'': case '(': case '[': case 0x2018: case 0x201C:
	case 0x00AB: case 0x2039: case 0x00BF: case 0x00A1: case 0x2014:
	case 0x2013: case '-':
		return 1;
	}
	return 0;
}

/* Can c begin a sentence (after ". ")? Upper- or title-case, caseless
 * letters (CJK, Arabic, ...) and digits can. */
static int
starts_sentence(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	return uc_is_general_category(c, UC_CATEGORY_Lu) ||
	    uc_is_general_category(c, UC_CATEGORY_Lt) ||
	    uc_is_general_category(c, UC_CATEGORY_Lo) ||
	    uc_is_general_category(c, UC_CATEGORY_Nd);
}

static int
is_letter(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	return uc_is_general_category(c, UC_CATEGORY_L);
}

/*
 * Does the '.' at s[i] end an abbreviation rather than a sentence? Single
 * letters ("J. Smith", "U.S. Army") and a short list of titles and months
 * do; everything else ends the sentence when a capital follows.
 */
static int
is_abbrev(const char *s, size_t lo, size_t i)
{
	static const char *const abbr[] = {
		"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Lt",
		"Col", "Sgt", "Capt", "Gov", "Sen", "Rep", "Rev", "Hon", "Mt",
		"No", "vs", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
		"Sep", "Sept", "Oct", "Nov", "Dec", "Fig", "approx", NULL
	};
	size_t j = i, at, nletters = 0;

	while (j > lo && nletters < 8) {
		uint32_t c = utf8_dec_prev(s, lo, j, &at);
		if (!is_letter(c))
			break;
		nletters++;
		j = at;
	}
	if (nletters == 1)
		return 1;
	for (size_t k = 0; abbr[k]; k++)
		if (strlen(abbr[k]) == i - j && memcmp(abbr[k], s + j, i - j) == 0)
			return 1;
	return 0;
}

/* First byte at or after i in s[i..lim) that is not white space. */
size_t
tx_skip_space(const char *s, size_t i, size_t lim)
{
	while (i < lim) {
		size_t n;
		if (!is_space_cp(utf8_dec(s, i, &n)))
			break;
		i += n;
	}
	return i;
}

/* Back from e over white space, not before lo. */
size_t
tx_trim_back(const char *s, size_t lo, size_t e)
{
	while (e > lo) {
		size_t at;
		if (!is_space_cp(utf8_dec_prev(s, lo, e, &at)))
			break;
		e = at;
	}
	return e;
}

/*
 * The sentence starting at s[from] (valid UTF-8, bounded by lim): returns
 * the byte just past its end (terminal punctuation and closing quotes kept,
 * trailing white space not) and sets *next to the first non-space byte
 * after it. A sentence ends at an LF, after CJK terminal punctuation, or
 * after . ! ? … (plus closers) followed by white space and something that
 * can start a sentence (see starts_sentence), unless the '.' ends an
 * abbreviation. A rule of thumb, not UAX #29 (libunistring has none).
 */
static size_t
sent_end(const char *s, size_t from, size_t lim, size_t *next)
{
	size_t i = from, n;

	while (i < lim) {
		uint32_t c = utf8_dec(s, i, &n), d;
		size_t j, k, m;
		int cjk;

		if (c == '\n') {
			*next = tx_skip_space(s, i, lim);
			return tx_trim_back(s, from, i);
		}
		if (!is_term(c) && !is_cjk_term(c)) {
			i += n;
			continue;
		}
		cjk = is_cjk_term(c);
		j = i + n;
		while (j < lim) {
			d = utf8_dec(s, j, &m);
			if (!is_term(d) && !is_cjk_term(d) && !is_closer(d))
				break;
			cjk |= is_cjk_term(d);
			j += m;
		}
		if (cjk || j == lim) {
			*next = tx_skip_space(s, j, lim);
			return j;
		}
		d = utf8_dec(s, j, &m);
		if (!is_space_cp(d)) {
			i = j;
			continue;
		}
		k = tx_skip_space(s, j, lim);
		if (memchr(s + j, '\n', k - j) != NULL) {
			*next = k;
			return j;
		}
		while (k < lim && is_opener(d = utf8_dec(s, k, &m)))
			k += m;
		if (k == lim || starts_sentence(utf8_dec(s, k, &m))) {
			if (!(c == '.' && j == i + 1 && is_abbrev(s, from, i))) {
				*next = tx_skip_space(s, j, lim);
				return j;
			}
		}
		i = j;
	}
	*next = lim;
	return tx_trim_back(s, from, lim);
}

/*
 * The first sentence of s: white space runs become one space, and the
 * result is cut to at most maxcp code points at a grapheme boundary,
 * preferring the last space in the final third so words stay whole.
 * Nothing is appended. Invalid UTF-8 is first made valid (U+FFFD).
 */
char *
text_first_sentence(const char *in, size_t len, size_t maxcp)
{
	char *own = NULL, *out, *brk;
	const char *s = in;
	size_t from, end, next, lim, o = 0, ncp = 0, cut = 0, lastsp = 0, i;
	int sp = 0;

	if (!in)
		len = 0;
	if (len && utf8_scan(in, len, 1, NULL)) {
		size_t nbad = utf8_scan(in, len, 0, NULL);
		if (!(own = utf8_decode_copy(in, len, nbad, 0, 0, &len)))
			return NULL;
		s = own;
	}
	from = tx_skip_space(s, 0, len);
	/* Only the start matters: a 10 MB body without a full stop is not
	 * collapsed and segmented whole (runs of blanks longer than this
	 * bound may give a shorter title). */
	lim = maxcp < (SIZE_MAX - len - 1024) / 8 && from + maxcp * 8 + 1024 < len ?
	    utf8_snap_fwd(s, len, from + maxcp * 8 + 1024) : len;
	end = sent_end(s, from, lim, &next);
	out = malloc(end - from + 1);
	if (!out) {
		free(own);
		return NULL;
	}
	for (i = from; i < end;) {
		size_t n;
		uint32_t c = utf8_dec(s, i, &n);
		if (is_space_cp(c)) {
			sp = 1;
			i += n;
			continue;
		}
		if (sp)
			out[o++] = ' ';
		sp = 0;
		memcpy(out + o, s + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
	free(own);

	/* Cut at the last grapheme boundary within maxcp code points. */
	brk = malloc(o + 1);
	if (!brk)
		return out;
	text_u8_grapheme_breaks(out, o, brk);
	for (i = 0; i < o; i += utf8_lead_len((unsigned char)out[i])) {
		if (brk[i]) {
			if (ncp > maxcp)
				break;
			cut = i;
			if (out[i] == ' ')
				lastsp = i;
		}
		ncp++;
	}
	if (i >= o && ncp <= maxcp)
		cut = o;
	else if (lastsp && lastsp * 3 >= cut * 2)
		cut = lastsp;
	free(brk);
	while (cut > 0 && out[cut - 1] == ' ')
		cut--;
	out[cut] = '\0';
	return out;
}

#define SENT_WIN 4096 /* bytes scanned each side of cp on a huge line */

/*
 * Sentences never cross an LF. The range excludes white space around the
 * sentence, so cp in the gap after a sentence gives that sentence, and a
 * blank line gives an empty range at its end.
 */
void
text_sentence_at(const text *t, size_t cp, size_t *start, size_t *end)
{
	const char *s = t->s;
	size_t b = text_cp_to_byte(t, cp), ls, le, a, e, next, lim;

	tx_need(t, b + SENT_WIN + 8);
	tx_line_clip(s, t->len, b, SENT_WIN, &ls, &le);
	lim = le;
	a = tx_skip_space(s, ls, lim);
	for (;;) {
		e = sent_end(s, a, lim, &next);
		if (b < next || next >= lim)
			break;
		a = next;
	}
	*start = text_byte_to_cp(t, a);
	*end = text_byte_to_cp(t, e);
}
