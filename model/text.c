/*
 * text.c: stored article text, its offsets, segmentation and display.
 *
 * Coordinates. The public functions count Unicode code points (cp) into the
 * stored text; everything static here works in byte offsets into the UTF-8
 * buffer and converts at the edge with text_cp_to_byte()/text_byte_to_cp().
 * UTF-16 code units appear only in text_cp_to_utf16()/text_utf16_to_cp().
 *
 * A `text` always holds valid UTF-8: text_new() replaces each byte of an
 * ill-formed sequence by U+FFFD, so the fast decoders below (which trust
 * lead bytes) can never run off the buffer. Every CK code points a
 * checkpoint records the byte and UTF-16 offsets, so cp -> byte is a table
 * lookup plus at most CK-1 steps and byte -> cp a binary search plus as
 * many. Pure ASCII texts keep no table at all (all three offsets agree).
 *
 * Segmentation (graphemes, words) runs libunistring over a bounded window
 * around the position asked for, never over the whole text: a 10 MB text
 * may be one line. Searching builds a folded copy of the text on first use.
 * Lines (LF-separated) and sentences are found by scanning bytes.
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
/* The text object and its offset index */

/* How many bytes of m (only top bits set) have their top bit set. */
static inline size_t
count_high(uint64_t m)
{
	return (size_t)(((m >> 7) * 0x0101010101010101ULL) >> 56);
}

/* The stored count was short (a damaged store): make room for the worst
 * case, one byte per code point. */
static int
grow(text *t)
{
	size_t n = t->len / CK + 1;
	uint32_t *b = realloc(t->ck_byte, n * sizeof *b), *u;

	if (b == NULL)
		return -1;
	t->ck_byte = b;
	if ((u = realloc(t->ck_u16, n * sizeof *u)) == NULL)
		return -1;
	t->ck_u16 = u;
	t->nck = n;
	return 0;
}

/*
 * Extend the checkpoint index from where it stopped until checkpoint
 * want_k is recorded and one past byte want_b is known (or the text ends):
 * count code points and UTF-16 units, recording a checkpoint at every
 * CK-th code point. Eight bytes go at once while no checkpoint can fall
 * among them: continuation bytes (10xxxxxx) and 4-byte leads (11110xxx,
 * two UTF-16 units) are counted with bit masks. Opening an article thus
 * scans only as far as the screen asks, not all of a 10 MB text.
 */
static void
index_upto(text *t, size_t want_k, size_t want_b)
{
	const unsigned char *s = (const unsigned char *)t->s;
	size_t len = t->len, i = t->fr_b, cp = t->ck_done << CK_SHIFT, u16 = t->fr_u16;

	if (t->ck_done >= t->nck)
		return;
	while (i < len) {
		unsigned char c;
		size_t r = cp & (CK - 1);
		if (i + 8 > t->loaded)
			tx_need(t, i + 8); /* a lazy text: read on as the scan goes */
		if (i + 8 <= len && r >= 1 && r + 8 <= CK) {
			uint64_t w = utf8_load8(s + i);
			if ((w & UTF8_HIGH8) == 0) {
				cp += 8;
				u16 += 8;
			} else {
				size_t cont = count_high(w & ~(w << 1) & UTF8_HIGH8);
				size_t four = count_high(w & (w << 1) & (w << 2) & (w << 3) & UTF8_HIGH8);
				cp += 8 - cont;
				u16 += 8 - cont + four;
			}
			i += 8;
			continue;
		}
		c = s[i];
		if (!utf8_is_cont(c)) {
			if (r == 0) {
				size_t k = cp >> CK_SHIFT;
				if (k >= t->nck && grow(t) != 0)
					break; /* out of memory: the text ends here */
				if (k > want_k && i > want_b)
					break; /* resume here next time */
				t->ck_byte[k] = (uint32_t)i;
				t->ck_u16[k] = (uint32_t)u16;
				t->ck_done = k + 1;
			}
			cp++;
			u16 += c >= 0xF0 ? 2 : 1;
		}
		i++;
	}
	t->scanned += i - t->fr_b;
	t->fr_b = i;
	t->fr_u16 = u16;
	if (i < len && t->ck_done < t->nck)
		return;
	/* The end: one more checkpoint if it falls on one; a wrong code
	 * point count (a damaged store) is corrected, never trusted. */
	if ((cp & (CK - 1)) == 0 && (cp >> CK_SHIFT) < t->nck) {
		t->ck_byte[cp >> CK_SHIFT] = (uint32_t)len;
		t->ck_u16[cp >> CK_SHIFT] = (uint32_t)u16;
		t->ck_done = (cp >> CK_SHIFT) + 1;
	}
	if (i >= len) {
		t->ncp = cp;
		t->nu16 = u16;
	} else { /* out of memory growing: the text ends at the frontier */
		t->ncp = cp;
		t->nu16 = u16;
		t->len = i;
	}
	t->nck = t->ck_done;
}

/* Make the index valid up to checkpoint k and past byte b (const-safe:
 * the index is a cache, see struct text_cache). */
static void
tx_index(const text *t, size_t k, size_t b)
{
	if (t->ck_byte && t->ck_done < t->nck && (k >= t->ck_done || b >= t->fr_b))
		index_upto(t->cache->self, k, b);
}

/* A text over s (malloc'd, NUL-terminated, valid UTF-8), which it owns
 * from now on. ncp is its code point count, or 0 if not known (then it is
 * counted now); given, nothing is scanned until a position is asked for.
 * With src, s is all zero and src fills it in as it is asked for. */
static text *
text_wrap(char *s, size_t len, size_t ncp, const text_src *src)
{
	struct text_box *box;
	text *t;

	if (len >= UINT32_MAX || (box = calloc(1, sizeof *box)) == NULL)
		return NULL; /* (the index is 32-bit: struct text) */
	t = &box->t;
	t->cache = &box->cache;
	t->cache->self = t;
	t->s = s;
	t->len = len;
	t->ncp = ncp;
	t->loaded = src ? 0 : len;
	if (src)
		t->src = *src;
	if (ncp == len) { /* ASCII (valid UTF-8): offsets agree, no table */
		t->nu16 = len;
		return t;
	}
	/* Unknown count: size the tables for the worst case (one byte per
	 * code point), fill them in one pass, drop them if the text is ASCII. */
	t->nck = (ncp ? ncp : len) / CK + 1;
	t->ck_byte = malloc(t->nck * sizeof *t->ck_byte);
	t->ck_u16 = malloc(t->nck * sizeof *t->ck_u16);
	if (!t->ck_byte || !t->ck_u16) {
		free(t->ck_byte);
		free(t->ck_u16);
		free(box);
		return NULL;
	}
	if (ncp == 0) {
		index_upto(t, SIZE_MAX, SIZE_MAX);
		if (t->ncp == t->len) {
			free(t->ck_byte);
			free(t->ck_u16);
			t->ck_byte = t->ck_u16 = NULL;
			t->nck = t->ck_done = 0;
		}
	}
	return t;
}

text *
text_new(const char *s, size_t len)
{
	size_t nbad, n;
	char *c;
	text *t;

	if (!s)
		len = 0;
	nbad = utf8_scan(s, len, 0, NULL);
	if ((c = utf8_decode_copy(s, len, nbad, 0, 0, &n)) == NULL)
		return NULL;
	if (n == 0)
		return text_wrap(c, 0, 0, NULL);
	/* the ASCII shortcut of text_wrap needs a count; 0 makes it count */
	if ((t = text_wrap(c, n, 0, NULL)) == NULL)
		free(c);
	return t;
}

text *
text_new_trusted(char *s, size_t len, size_t ncp)
{
	if (ncp > len)
		ncp = 0; /* impossible for UTF-8: count it */
	return text_wrap(s, len, ncp, NULL);
}

/* calloc: the kernel hands a large buffer out as zero pages, so the
 * bytes never read cost no memory. */
text *
text_new_lazy(size_t len, size_t ncp, const text_src *src)
{
	char *s;
	text *t;

	if (len == SIZE_MAX || (s = calloc(1, len + 1)) == NULL)
		return NULL;
	if (ncp > len)
		ncp = 0;
	if ((t = text_wrap(s, len, ncp, src)) == NULL)
		free(s);
	return t;
}

enum { LOAD_MIN = 64 * 1024 };

/*
 * Read a lazy text on to byte b at least: a chunk, or as much again as is
 * loaded (so a front-to-back walk reads O(log n) times). When the source
 * fails, the rest of the text stays zero (NULs, valid UTF-8), a code point
 * cut at the frontier included, and nothing is read again.
 */
void
tx_load(const text *ct, size_t b)
{
	text *t = ct->cache->self;
	size_t step, want;

	if (b > t->len)
		b = t->len;
	if (b <= t->loaded)
		return;
	step = t->src.chunk ? t->src.chunk : t->loaded > LOAD_MIN ? t->loaded : LOAD_MIN;
	want = t->len - t->loaded > step ? t->loaded + step : t->len;
	if (want < b)
		want = b;
	if (t->src.read(t->src.arg, t->loaded, t->s + t->loaded, want - t->loaded) == 0) {
		t->loaded = want;
		return;
	}
	want = t->loaded ? utf8_snap_back(t->s, t->loaded - 1) : 0;
	if (want + utf8_lead_len((unsigned char)t->s[want]) > t->loaded)
		t->loaded = want; /* a code point cut in two */
	memset(t->s + t->loaded, 0, t->len - t->loaded);
	t->loaded = t->len;
	t->load_failed = 1;
}

size_t
text_scanned(const text *t)
{
	return t->scanned;
}

size_t
text_loaded(const text *t)
{
	return t->loaded;
}

int
text_load_failed(const text *t)
{
	return t->load_failed;
}

void
text_free(text *t)
{
	if (!t)
		return;
	tx_fold_free(t->cache->fold);
	free(t->cache->gb_brk);
	if (t->src.close)
		t->src.close(t->src.arg);
	free(t->ck_byte);
	free(t->ck_u16);
	free(t->s);
	free(t);
}

const char *
text_bytes(const text *t)
{
	tx_need(t, t->len);
	return t->s;
}

const char *
text_bytes_upto(const text *t, size_t b)
{
	tx_need(t, b);
	return t->s;
}

size_t
text_len_bytes(const text *t)
{
	return t->len;
}

size_t
text_len(const text *t)
{
	return t->ncp;
}

/* Byte of code point cp, walking from the checkpoint before it or from
 * the last conversion when that is nearer (forward or back, within the
 * same checkpoint's block, so never more than CK - 1 code points). */
size_t
text_cp_to_byte(const text *t, size_t cp)
{
	struct text_cache *c = t->cache;
	size_t b, k = cp >> CK_SHIFT, at;

	if (cp >= t->ncp) {
		tx_need(t, t->len); /* callers read back from the end */
		return t->len;
	}
	if (!t->ck_byte) {
		tx_need(t, cp + TX_SLACK);
		return cp;
	}
	tx_index(t, k, 0);
	if (k >= t->ck_done)
		return t->len; /* past a wrongly stored count */
	at = k << CK_SHIFT;
	b = t->ck_byte[k];
	tx_need(t, b + 4 * CK + TX_SLACK);
	if (c->memo_cp >> CK_SHIFT == k && c->memo_b < t->len) {
		if (c->memo_cp <= cp) {
			at = c->memo_cp;
			b = c->memo_b;
		} else if (c->memo_cp - cp < cp - at) { /* nearer going back */
			for (at = c->memo_cp, b = c->memo_b; at > cp; at--)
				b = utf8_snap_back(t->s, b - 1);
		}
	}
	for (; at < cp && b < t->len; at++)
		b += utf8_lead_len((unsigned char)t->s[b]);
	if (b >= t->len)
		return t->len;
	c->memo_cp = cp;
	c->memo_b = b;
	return b;
}

/* The last checkpoint k with tab[k] <= v (tab is non-decreasing, tab[0]=0). */
size_t
tx_ck_search(const void *tab, int wide, size_t n, size_t v)
{
	size_t lo = 0, hi = n; /* answer in [lo, hi) */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		size_t at = wide ? ((const size_t *)tab)[mid] : ((const uint32_t *)tab)[mid];
		if (at <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Code point at byte, from the last conversion when byte lies after it in
 * the same checkpoint's block (no search then), else from the checkpoint
 * before byte. */
size_t
text_byte_to_cp(const text *t, size_t byte)
{
	struct text_cache *c = t->cache;
	size_t k, cp, b;

	if (byte >= t->len)
		return t->ncp;
	tx_need(t, byte + TX_SLACK);
	byte = utf8_snap_back(t->s, byte);
	if (!t->ck_byte)
		return byte;
	tx_index(t, 0, byte);
	if (t->ck_done == 0)
		return 0;
	k = c->memo_cp >> CK_SHIFT;
	if (c->memo_b <= byte && k < t->ck_done && (k + 1 >= t->ck_done || t->ck_byte[k + 1] > byte)) {
		cp = c->memo_cp;
		b = c->memo_b;
	} else {
		k = tx_ck_search(t->ck_byte, 0, t->ck_done, byte);
		cp = k << CK_SHIFT;
		b = t->ck_byte[k];
	}
	for (; b < byte; b += utf8_lead_len((unsigned char)t->s[b]))
		cp++;
	if (cp >= t->ncp)
		return t->ncp;
	c->memo_cp = cp;
	c->memo_b = b;
	return cp;
}

uint32_t
text_cp_at(const text *t, size_t cp)
{
	size_t n, b;
	if (cp >= t->ncp || (b = text_cp_to_byte(t, cp)) >= t->len)
		return 0;
	return utf8_dec(t->s, b, &n);
}

size_t
text_cp_to_utf16(const text *t, size_t cp)
{
	size_t k, u, b;

	tx_index(t, SIZE_MAX, SIZE_MAX); /* nu16 needs the whole text */
	if (cp >= t->ncp)
		return t->nu16;
	if (!t->ck_byte)
		return cp;
	k = cp >> CK_SHIFT;
	u = t->ck_u16[k];
	b = t->ck_byte[k];
	for (size_t r = cp & (CK - 1); r > 0; r--) {
		size_t n = utf8_lead_len((unsigned char)t->s[b]);
		u += n == 4 ? 2 : 1;
		b += n;
	}
	return u;
}

size_t
text_utf16_to_cp(const text *t, size_t u16)
{
	size_t k, u, b, cp;

	tx_index(t, SIZE_MAX, SIZE_MAX);
	if (u16 > t->nu16)
		return (size_t)-1;
	if (!t->ck_byte)
		return u16;
	k = tx_ck_search(t->ck_u16, 0, t->nck, u16);
	cp = k << CK_SHIFT;
	u = t->ck_u16[k];
	b = t->ck_byte[k];
	while (u < u16) {
		size_t n = utf8_lead_len((unsigned char)t->s[b]);
		u += n == 4 ? 2 : 1;
		b += n;
		cp++;
	}
	return u == u16 ? cp : (size_t)-1;
}

/* ---------------------------------------------------------------------- */
/* Lines */

size_t
text_lf_upto(const text *t, size_t b, size_t lim)
{
	if (lim > t->len)
		lim = t->len;
	while (b < lim) {
		const char *p;
		size_t e;

		tx_need(t, b + 1); /* a chunk at a time: the line may be long */
		e = t->loaded < lim ? t->loaded : lim;
		if ((p = memchr(t->s + b, '\n', e - b)) != NULL)
			return (size_t)(p - t->s);
		b = e;
	}
	return lim;
}

size_t
text_lf_from(const text *t, size_t b)
{
	return text_lf_upto(t, b, SIZE_MAX);
}

/* The line [*ls, *le) (bytes, le at the LF or len) holding byte b. */
static void
line_bounds(const text *t, size_t b, size_t *ls, size_t *le)
{
	const char *p;
	if (b > t->len)
		b = t->len;
	tx_need(t, b);
	p = b ? memrchr(t->s, '\n', b) : NULL;
	*ls = p ? (size_t)(p - t->s) + 1 : 0;
	*le = text_lf_from(t, b);
}

/*
 * The line around byte b as line_bounds() gives it, but looking at most
 * maxd bytes each way, so a 10 MB line costs no more than a short one.
 * A bound is a real line end when it is 0 or len or next to an LF.
 */
void
tx_line_clip(const char *s, size_t len, size_t b, size_t maxd, size_t *ls, size_t *le)
{
	size_t lo = b > maxd ? utf8_snap_back(s, b - maxd) : 0;
	size_t hi = len - b > maxd ? utf8_snap_fwd(s, len, b + maxd) : len;
	const char *p = b > lo ? memrchr(s + lo, '\n', b - lo) : NULL;
	*ls = p ? (size_t)(p - s) + 1 : lo;
	p = memchr(s + b, '\n', hi - b);
	*le = p ? (size_t)(p - s) : hi;
}

void
text_line_at(const text *t, size_t cp, size_t *start, size_t *end)
{
	size_t ls, le;
	line_bounds(t, text_cp_to_byte(t, cp), &ls, &le);
	*start = text_byte_to_cp(t, ls);
	*end = text_byte_to_cp(t, le);
}

/* ---------------------------------------------------------------------- */
/* Words */

/*
 * Word segments come from u8_wordbreaks (UAX #29) over a window of one
 * line: WIN bytes of interest plus CTX bytes of context on each side,
 * because a line may be megabytes long. Segment starts are trusted when
 * they have that context (or sit at the line start); a segment whose end
 * falls at an artificial window edge is cut there, so a single "word"
 * longer than WIN bytes is treated as several. A segment is a word when it
 * holds a letter or a digit.
 */
#define WIN 128
#define CTX 32

typedef struct wwin {
	size_t cs, we;     /* window [cs, we) in bytes, inside one line */
	char *brk;         /* brk[k]: a word boundary before s[cs + k] */
	char stack[WIN + 4 * CTX];
} wwin;

static int
wwin_fill(const text *t, size_t cs, size_t we, wwin *w)
{
	w->cs = cs;
	w->we = we;
	w->brk = we - cs <= sizeof w->stack ? w->stack : malloc(we - cs);
	if (!w->brk)
		return -1;
	u8_wordbreaks((const uint8_t *)t->s + cs, we - cs, w->brk);
	return 0;
}

static void
wwin_done(wwin *w)
{
	if (w->brk != w->stack)
		free(w->brk);
}

/* Is there a segment boundary at x (cs <= x <= we)? */
static int
wwin_bound(const wwin *w, size_t x)
{
	return x == w->cs || x == w->we || w->brk[x - w->cs];
}

/* The segment end after start x. */
static size_t
wwin_end(const wwin *w, size_t x)
{
	for (x++; x < w->we; x++)
		if (w->brk[x - w->cs])
			return x;
	return w->we;
}

static int
is_wordish(const char *s, size_t a, size_t e)
{
	while (a < e) {
		size_t n;
		uint32_t c = utf8_dec(s, a, &n);
		if (c < 0x80) {
			if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
				return 1;
		} else if (uc_is_general_category(c, UC_CATEGORY_L) ||
		    uc_is_general_category(c, UC_CATEGORY_N)) {
			return 1;
		}
		a += n;
	}
	return 0;
}

/* The first segment [*x, *y) starting at or after byte from (a word if
 * want_word); 0 if none before the end of the text. */
static int
seg_fwd(const text *t, size_t from, int want_word, size_t *x, size_t *y)
{
	const char *s = t->s;
	size_t len = t->len;

	while (from < len) {
		wwin w;
		size_t ls, le, cs, lim, p;

		tx_need(t, from + 2 * (WIN + CTX));
		if (s[from] == '\n') {
			from++;
			continue;
		}
		tx_line_clip(s, len, from, WIN + CTX, &ls, &le);
		cs = from - ls > CTX ? utf8_snap_back(s, from - CTX) : ls;
		lim = le == len || s[le] == '\n' ? le : le - CTX;
		if (wwin_fill(t, cs, le, &w) < 0)
			return 0;
		for (p = from; p < lim; p++) {
			if (utf8_is_cont((unsigned char)s[p]) || !wwin_bound(&w, p))
				continue;
			*y = wwin_end(&w, p);
			if (!want_word || is_wordish(s, p, *y)) {
				*x = p;
				wwin_done(&w);
				return 1;
			}
			p = *y - 1;
		}
		wwin_done(&w);
		from = lim;
	}
	return 0;
}

/* The last segment [*x, *y) starting before byte upto (a word if
 * want_word); 0 if none. */
static int
seg_back(const text *t, size_t upto, int want_word, size_t *x, size_t *y)
{
	const char *s = t->s;
	size_t len = t->len;

	if (upto > len)
		upto = len;
	while (upto > 0) {
		wwin w;
		size_t ls, le, from, cs, we, p;

		tx_need(t, upto + 2 * (WIN + CTX));
		if (s[upto - 1] == '\n') {
			upto--;
			continue;
		}
		tx_line_clip(s, len, upto - 1, WIN + CTX, &ls, &le);
		from = upto - ls > WIN ? utf8_snap_back(s, upto - WIN) : ls;
		cs = from - ls > CTX ? utf8_snap_back(s, from - CTX) : ls;
		we = le - upto > CTX ? utf8_snap_fwd(s, le, upto + CTX) : le;
		if (wwin_fill(t, cs, we, &w) < 0)
			return 0;
		for (p = upto; p-- > from;) {
			if (utf8_is_cont((unsigned char)s[p]) || !wwin_bound(&w, p))
				continue;
			*y = wwin_end(&w, p);
			if (!want_word || is_wordish(s, p, *y)) {
				*x = p;
				wwin_done(&w);
				return 1;
			}
		}
		wwin_done(&w);
		upto = from;
	}
	return 0;
}

size_t
text_word_next(const text *t, size_t cp)
{
	size_t x, y;

	if (cp >= t->ncp || !seg_fwd(t, text_cp_to_byte(t, cp) + 1, 1, &x, &y))
		return t->ncp;
	return text_byte_to_cp(t, x);
}

size_t
text_word_prev(const text *t, size_t cp)
{
	size_t x, y;

	if (cp == 0 || !seg_back(t, text_cp_to_byte(t, cp), 1, &x, &y))
		return 0;
	return text_byte_to_cp(t, x);
}

size_t
text_word_end(const text *t, size_t cp)
{
	size_t b, x, y;

	if (cp >= t->ncp)
		return t->ncp;
	b = text_cp_to_byte(t, cp);
	if (seg_back(t, b + 1, 0, &x, &y) && b < y && is_wordish(t->s, x, y)) {
		size_t last = tx_grapheme_prev_byte(t, y);
		if (last > b)
			return text_byte_to_cp(t, last);
	}
	if (!seg_fwd(t, b + 1, 1, &x, &y))
		return t->ncp;
	return text_byte_to_cp(t, tx_grapheme_prev_byte(t, y));
}

int
text_word_at(const text *t, size_t cp, size_t *start, size_t *end)
{
	size_t b, x, y;

	*start = *end = cp;
	if (cp >= t->ncp)
		return 0;
	b = text_cp_to_byte(t, cp);
	if (!seg_back(t, b + 1, 0, &x, &y) || b >= y || !is_wordish(t->s, x, y))
		return 0;
	*start = text_byte_to_cp(t, x);
	*end = text_byte_to_cp(t, y);
	return 1;
}

/* ---------------------------------------------------------------------- */
/* Sentences in a text */

/* ---------------------------------------------------------------------- */
/* Display */

static int
cp_width(uint32_t c)
{
	return wcwidth((wchar_t)c);
}

/* Format and separator characters: never drawn raw (bidi overrides could
 * reorder the screen), zero cells unless wcwidth gives them cells. */
static int
is_format(uint32_t c)
{
	return uc_is_general_category(c, UC_CATEGORY_Cf) ||
	    uc_is_general_category(c, UC_CATEGORY_Zl) ||
	    uc_is_general_category(c, UC_CATEGORY_Zp);
}

/*
 * Per GUIDE §7. What is drawn, in order:
 * - an emoji cluster of several code points (led by an Extended_Pictographic
 *   code point or a regional indicator, or holding U+FE0F or the keycap
 *   U+20E3) draws its first code point only, in max(1, wcwidth) cells: ZWJ
 *   sequences, skin tones and VS16 would otherwise be summed to 4+ cells
 *   that terminals draw in 2, and a flag shows as its first indicator (1
 *   cell, as wcwidth, ncursesw and tmux all count it);
 * - TAB draws ' ' (1 cell here; layout expands it), LF draws nothing;
 * - other C0 controls draw the Control Pictures U+2400+c (ESC as U+241B,
 *   BEL as U+2407), DEL draws U+2421, C1 controls U+0080..U+009F draw U+FFFD;
 * - format characters (Cf, Zl, Zp) with wcwidth <= 0 (ZWSP, ZWJ, ZWNJ, bidi
 *   embeddings, overrides and isolates, U+2028/U+2029, U+FEFF) draw nothing
 *   in 0 cells; those wcwidth gives cells (U+00AD soft hyphen: 1) are drawn
 *   as themselves, as wcwidth is what ncursesw and the terminal go by;
 * - code points wcwidth rejects (unassigned, noncharacters) draw U+FFFD;
 * - a combining mark with nothing to sit on draws on U+25CC (dotted circle);
 * - anything else draws itself, followed by its combining marks.
 * In out[], a code point with wcwidth > 0 starts a new cell (a spacing
 * mark such as U+093F) and the zero-width ones
 * combine with the cell before; out[0] always starts a cell. The result
 * is the total of cells. Marks beyond TEXT_DRAW_MAX are dropped.
 */
int
text_cluster_display(const char *str, size_t n, uint32_t *out, size_t *outn)
{
	uint32_t tmp[TEXT_DRAW_MAX];
	size_t k = 0, i, l0, m;
	uint32_t c0;
	int w = 0, cell = 0;

	if (!out)
		out = tmp;
	if (outn)
		*outn = 0;
	if (n == 0)
		return 0;
	if (n == 1 && (unsigned char)str[0] >= 0x20 && (unsigned char)str[0] < 0x7F) {
		out[0] = (unsigned char)str[0];
		if (outn)
			*outn = 1;
		return 1;
	}
	c0 = utf8_dec_safe(str, 0, n, &l0);
	if (l0 < n) {
		int emoji = uc_is_property_extended_pictographic(c0);
		for (i = l0; i < n && !emoji; i += m) {
			uint32_t c = utf8_dec_safe(str, i, n, &m);
			emoji = c == 0xFE0F || c == 0x20E3;
		}
		if (emoji || uc_is_property_regional_indicator(c0)) {
			int cw = cp_width(c0);
			out[0] = c0;
			if (outn)
				*outn = 1;
			return cw > 0 ? cw : 1;
		}
	}

	if (c0 == '\t') {
		out[k++] = ' ';
		w = cell = 1;
	} else if (c0 == '\n') {
		/* nothing */
	} else if (c0 < 0x20) {
		out[k++] = 0x2400 + c0;
		w = cell = 1;
	} else if (c0 == 0x7F) {
		out[k++] = 0x2421;
		w = cell = 1;
	} else if (c0 >= 0x80 && c0 < 0xA0) {
		out[k++] = 0xFFFD;
		w = cell = 1;
	} else {
		int cw = cp_width(c0);
		if (cw > 0) {
			out[k++] = c0;
			w = cw;
			cell = 1;
		} else if (is_format(c0)) {
			/* nothing */
		} else if (cw == 0) {
			out[k++] = 0x25CC;
			out[k++] = c0;
			w = cell = 1;
		} else {
			out[k++] = 0xFFFD;
			w = cell = 1;
		}
	}
	for (i = l0; i < n && k < TEXT_DRAW_MAX; i += m) {
		uint32_t c = utf8_dec_safe(str, i, n, &m);
		int cw;
		if (c < 0xA0 || is_format(c))
			continue;
		cw = cp_width(c);
		if (cw > 0) {
			out[k++] = c;
			w += cw;
			cell = 1;
		} else if (cw == 0) {
			if (!cell) {
				out[k++] = 0x25CC;
				w += 1;
				cell = 1;
				if (k == TEXT_DRAW_MAX)
					break;
			}
			out[k++] = c;
		}
	}
	if (outn)
		*outn = k;
	return w;
}
