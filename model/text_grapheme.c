/*
 * text_grapheme.c: grapheme cluster boundaries of a text (the caret's
 * unit), from libunistring over a window around the position asked for.
 * A walk from cluster to cluster (text_grapheme_next again and again)
 * answers from the window the last step segmented.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unictype.h>
#include "model/text_int.h"

enum { GB_NEXT, GB_PREV, GB_START };

size_t
text_u8_boundary(const char *s, size_t len, size_t b, int dir)
{
	if (b > len)
		b = len;
	return dir < 0 ? utf8_snap_back(s, b) : utf8_snap_fwd(s, len, b);
}

/*
 * u8_grapheme_breaks costs ~20 ns a byte, mostly property lookups that
 * ASCII does not need: two ASCII characters always have a boundary between
 * them except CR LF (GB3-GB5, GB999). So only runs of non-ASCII bytes go
 * to libunistring, together with the ASCII character before the run (a
 * base its marks attach to) and the one after it (a Prepend character
 * does not break before it). A boundary inside such a window depends on
 * nothing before the window: an ASCII character is neither Extend, ZWJ,
 * Extended_Pictographic nor a regional indicator, so it ends the contexts
 * of GB9-GB13.
 */
void
text_u8_grapheme_breaks(const char *str, size_t n, char *p)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		size_t a, e, end;
		char keep;

		if (s[i] < 0x80) {
			p[i] = i == 0 || !(s[i] == '\n' && s[i - 1] == '\r');
			i++;
			continue;
		}
		a = i > 0 ? i - 1 : 0;
		for (e = i; e < n && s[e] >= 0x80; e++)
			;
		end = e < n ? e + 1 : n;
		keep = a < i ? p[a] : 1;
		u8_grapheme_breaks(s + a, end - a, p + a);
		p[a] = keep;
		i = end;
	}
}

/*
 * Grapheme cluster boundaries near byte b of s[0..len) (b a code point
 * boundary). u8_grapheme_next only compares neighbouring code points, which
 * splits flags and ZWJ sequences wrongly, so the boundaries come from
 * u8_grapheme_breaks over a window. Breaks depend only on what precedes
 * them, so the window needs left context: it starts 128+ bytes back (and
 * before any regional-indicator run, whose pairing counts from its start;
 * runs longer than 4096 indicators may pair wrongly). Its start counts as
 * a boundary only at 0 or after an LF, otherwise the window grows. Returns
 * the first boundary > b (GB_NEXT), the last < b (GB_PREV) or the last
 * <= b (GB_START). keep (GB_NEXT only, may be NULL) is given the window's
 * breaks, for text_grapheme_next to answer the next questions from.
 */
static void
gb_keep(struct text_cache *keep, const char *brk, size_t ws, size_t we, size_t b)
{
	if (we - ws > keep->gb_cap) {
		char *nb = realloc(keep->gb_brk, we - ws);

		if (nb == NULL) {
			keep->gb_we = 0; /* nothing kept */
			return;
		}
		keep->gb_brk = nb;
		keep->gb_cap = we - ws;
	}
	memcpy(keep->gb_brk, brk, we - ws);
	keep->gb_ws = ws;
	keep->gb_we = we;
	keep->gb_b0 = b;
}

static size_t
gb_find(const text *t, const char *s, size_t len, size_t b, int mode, struct text_cache *keep)
{
	size_t back = 128, fwd = 128;
	char stack[1024], *brk;

	if (b > len)
		b = len;
	if (t)
		tx_need(t, b + 8);
	if (mode == GB_NEXT) {
		if (b >= len)
			return len;
		/* Two ASCII code points always have a boundary between them
		 * (except CR LF): the common case needs no window. */
		if ((unsigned char)s[b] < 0x80 && s[b] != '\r' &&
		    (b + 1 == len || (unsigned char)s[b + 1] < 0x80))
			return b + 1;
	} else {
		if (mode == GB_START && b == len)
			return len;
		if (b == 0)
			return 0;
		if (mode == GB_START && (unsigned char)s[b] < 0x80 &&
		    (unsigned char)s[b - 1] < 0x80 && !(s[b - 1] == '\r' && s[b] == '\n'))
			return b;
		if (mode == GB_PREV && (unsigned char)s[b - 1] < 0x80 &&
		    (b == 1 || ((unsigned char)s[b - 2] < 0x80 &&
		    !(s[b - 2] == '\r' && s[b - 1] == '\n'))))
			return b - 1;
	}
	for (;;) {
		size_t ws, we, at, x, res = (size_t)-1;
		int trusted;

		if (t) /* the window grows past the slack only on odd text */
			tx_need(t, b + fwd + 8);
		ws = b > back ? utf8_snap_back(s, b - back) : 0;
		we = len - b > fwd ? utf8_snap_fwd(s, len, b + fwd) : len;

		for (int k = 0; k < 4096 && ws > 0; k++) {
			uint32_t c = utf8_dec_prev(s, 0, ws, &at);
			if (!uc_is_property_regional_indicator(c))
				break;
			ws = at;
		}
		trusted = ws == 0 || s[ws - 1] == '\n';
		brk = we - ws <= sizeof stack ? stack : malloc(we - ws);
		if (!brk)
			return mode == GB_NEXT ? utf8_snap_fwd(s, len, b + 1) : b;
		text_u8_grapheme_breaks(s + ws, we - ws, brk);
		if (mode == GB_NEXT) {
			for (x = b + 1; x < we; x++)
				if (brk[x - ws]) {
					res = x;
					break;
				}
			if (res == (size_t)-1 && we == len)
				res = len;
			if (keep != NULL)
				gb_keep(keep, brk, ws, we, b);
		} else {
			x = mode == GB_START ? b : b - 1;
			for (; x > ws; x--)
				if (brk[x - ws]) {
					res = x;
					break;
				}
			if (res == (size_t)-1 && trusted)
				res = ws;
		}
		if (brk != stack)
			free(brk);
		if (res != (size_t)-1)
			return res;
		if (mode == GB_NEXT)
			fwd *= 2;
		else
			back *= 2;
	}
}

size_t
text_u8_grapheme_next(const char *s, size_t len, size_t b)
{
	if (b >= len)
		return len;
	return gb_find(NULL, s, len, text_u8_boundary(s, len, b, -1), GB_NEXT, NULL);
}

size_t
text_grapheme_next(const text *t, size_t cp)
{
	struct text_cache *c = t->cache;
	size_t b;

	if (cp >= t->ncp)
		return t->ncp;
	b = text_cp_to_byte(t, cp);
	/* A walk from cluster to cluster: the window the last step segmented
	 * holds the next boundary too, with as much context before it. */
	if (c->gb_b0 <= b && b < c->gb_we) {
		for (size_t x = b + 1; x < c->gb_we; x++)
			if (c->gb_brk[x - c->gb_ws])
				return text_byte_to_cp(t, x);
		if (c->gb_we == t->len)
			return t->ncp;
	}
	return text_byte_to_cp(t, gb_find(t, t->s, t->len, b, GB_NEXT, c));
}

size_t
text_grapheme_prev(const text *t, size_t cp)
{
	if (cp == 0)
		return 0;
	return text_byte_to_cp(t, gb_find(t, t->s, t->len, text_cp_to_byte(t, cp), GB_PREV, NULL));
}

size_t
text_grapheme_start(const text *t, size_t cp)
{
	if (cp >= t->ncp)
		return t->ncp;
	return text_byte_to_cp(t, gb_find(t, t->s, t->len, text_cp_to_byte(t, cp), GB_START, NULL));
}

size_t
tx_grapheme_prev_byte(const text *t, size_t b)
{
	return gb_find(t, t->s, t->len, b, GB_PREV, NULL);
}
