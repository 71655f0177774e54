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
#include "model/text.h"

#define CK_SHIFT 6
#define CK ((size_t)1 << CK_SHIFT) /* code points between checkpoints */

/* The folded copy of a text that text_search() scans (see fold_build). */
typedef struct fold {
	char *s;    /* folded UTF-8, NUL-terminated */
	size_t len; /* bytes in s */
	size_t *ck; /* ck[k]: offset in s where the fold of code point k*CK starts */
} fold;

struct text {
	char *s;        /* the stored text, valid UTF-8, NUL-terminated */
	size_t len;     /* bytes in s (not counting the NUL) */
	size_t ncp;     /* code points in s */
	size_t nu16;    /* UTF-16 code units s would take */
	size_t nck;     /* entries in ck_byte/ck_u16 (ncp / CK + 1), 0 if ASCII */
	size_t *ck_byte; /* ck_byte[k]: byte offset of code point k*CK */
	size_t *ck_u16; /* ck_u16[k]: UTF-16 offset of code point k*CK */
	fold *fold;     /* search copy, built lazily by text_search, or NULL */
};

/* ---------------------------------------------------------------------- */
/* UTF-8 primitives */

/* Bytes in the sequence led by c, trusting that the text is valid. */
static inline size_t
lead_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static inline int
is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Decode the code point at s[i] of valid UTF-8; *n gets its length. */
static inline uint32_t
dec(const char *str, size_t i, size_t *n)
{
	const unsigned char *s = (const unsigned char *)str + i;
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		*n = 2;
		return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if (s[0] < 0xF0) {
		*n = 3;
		return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	*n = 4;
	return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
	    ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Decode s[i..n) of possibly invalid UTF-8: an ill-formed byte reads as
 * U+FFFD of length 1, so callers always make progress. */
static uint32_t
dec_safe(const char *s, size_t i, size_t n, size_t *len)
{
	ucs4_t c;
	int l = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);
	*len = l > 0 ? (size_t)l : 1;
	return c;
}

/* The code point that ends just before s[i] (i > lo), starting at *at. */
static uint32_t
dec_prev(const char *s, size_t lo, size_t i, size_t *at)
{
	size_t j = i - 1, n;
	while (j > lo && is_cont((unsigned char)s[j]))
		j--;
	*at = j;
	return dec(s, j, &n);
}

/* Encode c (a scalar value) into out; returns the bytes written (1..4). */
static size_t
enc(uint32_t c, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (c < 0x80) {
		o[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (unsigned char)(0xC0 | (c >> 6));
		o[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (c >> 12));
		o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (c >> 18));
	o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

/* Move b back to the lead byte of the code point that contains it. */
static size_t
snap_back(const char *s, size_t b)
{
	while (b > 0 && is_cont((unsigned char)s[b]))
		b--;
	return b;
}

/* Move b forward to the next lead byte (or len). */
static size_t
snap_fwd(const char *s, size_t len, size_t b)
{
	while (b < len && is_cont((unsigned char)s[b]))
		b++;
	return b;
}

/*
 * Length of the well-formed UTF-8 sequence at s[i] (1..4), or 0 when the
 * sequence there is ill-formed, with why set to a short reason. Follows
 * Table 3-7 of the Unicode standard: which second bytes are allowed depends
 * on the lead, which is how overlongs (C0, C1, E0 80..9F, F0 80..8F),
 * surrogates (ED A0..BF) and values above U+10FFFF (F4 90.., F5..FF) are
 * told apart from a merely truncated sequence.
 */
static size_t
seq_check(const unsigned char *s, size_t n, size_t i, char *why, size_t whyn)
{
	unsigned c = s[i], lo = 0x80, hi = 0xBF;
	size_t need;

	if (c < 0x80)
		return 1;
	if (c < 0xC0) {
		snprintf(why, whyn, "unexpected continuation byte 0x%02x", c);
		return 0;
	}
	if (c < 0xC2) {
		snprintf(why, whyn, "overlong encoding");
		return 0;
	}
	if (c < 0xE0) {
		need = 1;
	} else if (c < 0xF0) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c < 0xF5) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		snprintf(why, whyn, "invalid UTF-8 byte 0x%02x", c);
		return 0;
	}
	for (size_t k = 1; k <= need; k++) {
		unsigned d;
		if (i + k >= n) {
			snprintf(why, whyn, "truncated sequence at end of input");
			return 0;
		}
		d = s[i + k];
		if (d < 0x80 || d > 0xBF) {
			snprintf(why, whyn, "truncated sequence");
			return 0;
		}
		if (k == 1 && d < lo) {
			snprintf(why, whyn, "overlong encoding");
			return 0;
		}
		if (k == 1 && d > hi) {
			snprintf(why, whyn, c == 0xED ? "UTF-16 surrogate encoded in UTF-8" :
			    "code point above U+10FFFF");
			return 0;
		}
	}
	return need + 1;
}

/*
 * Scan s[0..len) and return the number of bad bytes: each byte that starts
 * an ill-formed sequence counts one, and so does each continuation byte
 * left stray after it (so E2 82 41 has two bad bytes). With stop set, stop
 * at the first and fill *err; line and col count from 1, LF ends a line.
 */
#define HIGH8 0x8080808080808080ULL /* the top bit of each of 8 bytes */

/* Eight bytes at s as one word (any alignment). */
static inline uint64_t
load8(const unsigned char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return w;
}

static size_t
scan_utf8(const char *str, size_t len, int stop, text_err *err)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, bad = 0;
	char why[sizeof err->msg];

	while (i < len) {
		size_t n;
		if (s[i] < 0x80) {
			/* ASCII goes eight bytes at a time */
			while (i + 8 <= len && (load8(s + i) & HIGH8) == 0)
				i += 8;
			while (i < len && s[i] < 0x80)
				i++;
			continue;
		}
		n = seq_check(s, len, i, why, sizeof why);
		if (n) {
			i += n;
			continue;
		}
		if (stop) {
			if (err) {
				/* lines are counted only once there is an error */
				size_t line = 1, lstart = 0;
				const unsigned char *p = s, *e = s + i;
				while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
					line++;
					lstart = (size_t)(++p - s);
				}
				err->line = line;
				err->col = i - lstart + 1;
				err->offset = i;
				memcpy(err->msg, why, sizeof err->msg);
			}
			return 1;
		}
		bad++;
		i++;
	}
	return bad;
}

int
text_validate(const char *s, size_t len, text_err *err)
{
	return scan_utf8(s, len, 1, err) ? -1 : 0;
}

/*
 * Copy s[0..len) into a new NUL-terminated buffer, dropping a leading BOM
 * (when drop_bom), turning CRLF into LF (when crlf) and each bad byte into
 * U+FFFD (nbad from scan_utf8 sizes the buffer). *outlen gets the length.
 */
static char *
decode_copy(const char *str, size_t len, size_t nbad, int drop_bom, int crlf, size_t *outlen)
{
	const unsigned char *s = (const unsigned char *)str;
	char *out = malloc(len + 2 * nbad + 1), *o = out;
	size_t i = 0;
	char why[8];

	if (!out)
		return NULL;
	if (drop_bom && len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3;
	if (nbad == 0) {
		/* valid: copy runs, dropping the CR of each CRLF */
		while (i < len) {
			const unsigned char *cr = crlf ? memchr(s + i, '\r', len - i) : NULL;
			size_t e = cr ? (size_t)(cr - s) : len;
			memcpy(o, s + i, e - i);
			o += e - i;
			i = e;
			if (cr) {
				if (!(i + 1 < len && s[i + 1] == '\n'))
					*o++ = '\r';
				i++;
			}
		}
	}
	while (i < len) {
		size_t n;
		if (s[i] < 0x80) {
			if (!(crlf && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
				*o++ = (char)s[i];
			i++;
			continue;
		}
		n = seq_check(s, len, i, why, sizeof why);
		if (n == 0) {
			o += enc(0xFFFD, o);
			i++;
			continue;
		}
		memcpy(o, s + i, n);
		o += n;
		i += n;
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

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
		uint32_t c = dec_prev(s, lo, j, &at);
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
static size_t
skip_space(const char *s, size_t i, size_t lim)
{
	while (i < lim) {
		size_t n;
		if (!is_space_cp(dec(s, i, &n)))
			break;
		i += n;
	}
	return i;
}

/* Back from e over white space, not before lo. */
static size_t
trim_back(const char *s, size_t lo, size_t e)
{
	while (e > lo) {
		size_t at;
		if (!is_space_cp(dec_prev(s, lo, e, &at)))
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
		uint32_t c = dec(s, i, &n), d;
		size_t j, k, m;
		int cjk;

		if (c == '\n') {
			*next = skip_space(s, i, lim);
			return trim_back(s, from, i);
		}
		if (!is_term(c) && !is_cjk_term(c)) {
			i += n;
			continue;
		}
		cjk = is_cjk_term(c);
		j = i + n;
		while (j < lim) {
			d = dec(s, j, &m);
			if (!is_term(d) && !is_cjk_term(d) && !is_closer(d))
				break;
			cjk |= is_cjk_term(d);
			j += m;
		}
		if (cjk || j == lim) {
			*next = skip_space(s, j, lim);
			return j;
		}
		d = dec(s, j, &m);
		if (!is_space_cp(d)) {
			i = j;
			continue;
		}
		k = skip_space(s, j, lim);
		if (memchr(s + j, '\n', k - j) != NULL) {
			*next = k;
			return j;
		}
		while (k < lim && is_opener(d = dec(s, k, &m)))
			k += m;
		if (k == lim || starts_sentence(dec(s, k, &m))) {
			if (!(c == '.' && j == i + 1 && is_abbrev(s, from, i))) {
				*next = skip_space(s, j, lim);
				return j;
			}
		}
		i = j;
	}
	*next = lim;
	return trim_back(s, from, lim);
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
	if (len && scan_utf8(in, len, 1, NULL)) {
		size_t nbad = scan_utf8(in, len, 0, NULL);
		if (!(own = decode_copy(in, len, nbad, 0, 0, &len)))
			return NULL;
		s = own;
	}
	from = skip_space(s, 0, len);
	/* Only the start matters: a 10 MB body without a full stop is not
	 * collapsed and segmented whole (runs of blanks longer than this
	 * bound may give a shorter title). */
	lim = maxcp < (SIZE_MAX - len - 1024) / 8 && from + maxcp * 8 + 1024 < len ?
	    snap_fwd(s, len, from + maxcp * 8 + 1024) : len;
	end = sent_end(s, from, lim, &next);
	out = malloc(end - from + 1);
	if (!out) {
		free(own);
		return NULL;
	}
	for (i = from; i < end;) {
		size_t n;
		uint32_t c = dec(s, i, &n);
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
	for (i = 0; i < o; i += lead_len((unsigned char)out[i])) {
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

/* ---------------------------------------------------------------------- */
/* Articles */

enum { H_TITLE, H_DATE, H_SOURCE, H_URL, H_OTHER };

/*
 * Is line s[0..n) a mail-style header line `Name: value`? Returns H_* for
 * the name (case-insensitive) and sets *val to where the value starts, or
 * -1 when the line does not have that shape.
 */
static int
hdr_key(const char *s, size_t n, size_t *val)
{
	static const char *const keys[] = { "title", "date", "source", "url" };
	size_t k = 0;

	while (k < n && (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z') ||
	    (s[k] >= '0' && s[k] <= '9') || s[k] == '-' || s[k] == '_'))
		k++;
	if (k == 0 || k >= n || s[k] != ':')
		return -1;
	*val = k + 1;
	for (int i = 0; i < 4; i++)
		if (strlen(keys[i]) == k && strncasecmp(keys[i], s, k) == 0)
			return i;
	return H_OTHER;
}

/* A copy of s[a..b) with surrounding white space trimmed. */
static char *
dup_trim(const char *s, size_t a, size_t b)
{
	char *r;
	a = skip_space(s, a, b);
	b = trim_back(s, a, b);
	if (!(r = malloc(b - a + 1)))
		return NULL;
	memcpy(r, s + a, b - a);
	r[b - a] = '\0';
	return r;
}

/* Is s[a..a+10) a YYYY-MM-DD date? */
static int
is_iso_date(const char *s, size_t a, size_t len)
{
	static const char shape[] = "dddd-dd-dd";
	if (len - a < 10)
		return 0;
	for (int i = 0; i < 10; i++) {
		char c = s[a + i];
		if (shape[i] == 'd' ? !(c >= '0' && c <= '9') : c != '-')
			return 0;
	}
	return 1;
}

/*
 * The mail-style header of d[0..n): lines `Name: value` until the first
 * blank line (consumed) or the first line of another shape (kept as the
 * body's first line). A line starting with a blank continues the previous
 * value. Only called when the first line names a known key. Returns where
 * the body starts.
 */
static size_t
parse_mail(const char *d, size_t n, char *vals[4])
{
	size_t i = 0;
	int last = -1;

	while (i < n) {
		const char *nl = memchr(d + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - d) : n, v;
		size_t next = nl ? e + 1 : n;
		int key;

		if (skip_space(d, i, e) == e)
			return next; /* the blank line ends the header */
		if ((d[i] == ' ' || d[i] == '\t') && last >= 0) {
			if (last < H_OTHER && vals[last]) {
				char *more = dup_trim(d, i, e);
				size_t a = strlen(vals[last]), b = more ? strlen(more) : 0;
				char *cat = more ? realloc(vals[last], a + b + 2) : NULL;
				if (cat) {
					cat[a] = ' ';
					memcpy(cat + a + 1, more, b + 1);
					vals[last] = cat;
				}
				free(more);
			}
			i = next;
			continue;
		}
		key = hdr_key(d + i, e - i, &v);
		if (key < 0)
			return i;
		if (key < H_OTHER && !vals[key])
			vals[key] = dup_trim(d, i + v, e);
		last = key;
		i = next;
	}
	return n;
}

int
text_article_parse(const char *raw, size_t len, int flags, text_article *out, text_err *err)
{
	char *d, *vals[4] = { NULL, NULL, NULL, NULL };
	size_t n, nbad = 0, body = 0, v;

	memset(out, 0, sizeof *out);
	if (!raw)
		len = 0;
	if (scan_utf8(raw, len, 1, err)) {
		if (!(flags & TEXT_LOSSY))
			return -1;
		nbad = scan_utf8(raw, len, 0, NULL);
	}
	if (!(d = decode_copy(raw, len, nbad, 1, 1, &n))) {
		if (err) {
			memset(err, 0, sizeof *err);
			snprintf(err->msg, sizeof err->msg, "out of memory");
		}
		return -1;
	}

	/* Mail style: the very first line names one of the known keys. */
	{
		const char *nl = memchr(d, '\n', n);
		int key = hdr_key(d, nl ? (size_t)(nl - d) : n, &v);
		if (key >= 0 && key < H_OTHER) {
			body = parse_mail(d, n, vals);
		} else {
			/* Seed style: blanks, `date YYYY-MM-DD`, blanks. */
			size_t a = skip_space(d, 0, n);
			if (n - a > 5 && memcmp(d + a, "date", 4) == 0 &&
			    (d[a + 4] == ' ' || d[a + 4] == '\t')) {
				size_t b = a + 4;
				while (b < n && (d[b] == ' ' || d[b] == '\t'))
					b++;
				if (is_iso_date(d, b, n) && (b + 10 == n ||
				    d[b + 10] == ' ' || d[b + 10] == '\t' || d[b + 10] == '\n')) {
					vals[H_DATE] = dup_trim(d, b, b + 10);
					body = b + 10;
					while (body < n && (d[body] == ' ' || d[body] == '\t'))
						body++;
					if (body < n && d[body] == '\n')
						body++;
				}
			}
		}
	}

	memmove(d, d + body, n - body + 1);
	out->len = n - body;
	out->body = d;
	out->date = vals[H_DATE];
	out->source = vals[H_SOURCE];
	out->url = vals[H_URL];
	out->replaced = nbad;
	if (vals[H_TITLE] && vals[H_TITLE][0] != '\0') {
		out->title = vals[H_TITLE];
	} else {
		free(vals[H_TITLE]);
		out->title = text_first_sentence(d, out->len, 120);
	}
	if (!out->title) {
		text_article_clear(out);
		if (err) {
			memset(err, 0, sizeof *err);
			snprintf(err->msg, sizeof err->msg, "out of memory");
		}
		return -1;
	}
	return 0;
}

void
text_article_clear(text_article *a)
{
	if (!a)
		return;
	free(a->body);
	free(a->title);
	free(a->date);
	free(a->source);
	free(a->url);
	memset(a, 0, sizeof *a);
}

/* ---------------------------------------------------------------------- */
/* The text object and its offset index */

/* How many bytes of m (only top bits set) have their top bit set. */
static inline size_t
count_high(uint64_t m)
{
	return (size_t)(((m >> 7) * 0x0101010101010101ULL) >> 56);
}

/*
 * One pass over the stored bytes: count code points and UTF-16 units and
 * record a checkpoint at every CK-th code point. Eight bytes go at once
 * while no checkpoint can fall among them: continuation bytes (10xxxxxx)
 * and 4-byte leads (11110xxx, two UTF-16 units) are counted with bit masks.
 */
static void
index_build(text *t)
{
	const unsigned char *s = (const unsigned char *)t->s;
	size_t len = t->len, i = 0, cp = 0, u16 = 0;

	while (i < len) {
		unsigned char c;
		size_t r = cp & (CK - 1);
		if (i + 8 <= len && r >= 1 && r + 8 <= CK) {
			uint64_t w = load8(s + i);
			if ((w & HIGH8) == 0) {
				cp += 8;
				u16 += 8;
			} else {
				size_t cont = count_high(w & ~(w << 1) & HIGH8);
				size_t four = count_high(w & (w << 1) & (w << 2) & (w << 3) & HIGH8);
				cp += 8 - cont;
				u16 += 8 - cont + four;
			}
			i += 8;
			continue;
		}
		c = s[i++];
		if (is_cont(c))
			continue;
		if (r == 0) {
			t->ck_byte[cp >> CK_SHIFT] = i - 1;
			t->ck_u16[cp >> CK_SHIFT] = u16;
		}
		cp++;
		u16 += c >= 0xF0 ? 2 : 1;
	}
	if ((cp & (CK - 1)) == 0) {
		t->ck_byte[cp >> CK_SHIFT] = len;
		t->ck_u16[cp >> CK_SHIFT] = u16;
	}
	t->ncp = cp;
	t->nu16 = u16;
}

text *
text_new(const char *s, size_t len)
{
	text *t = calloc(1, sizeof *t);
	size_t nbad;

	if (!t)
		return NULL;
	if (!s)
		len = 0;
	nbad = scan_utf8(s, len, 0, NULL);
	t->s = decode_copy(s, len, nbad, 0, 0, &t->len);
	if (!t->s) {
		free(t);
		return NULL;
	}
	/* Size the tables for the worst case (one byte per code point), fill
	 * them in one pass, then drop them if the text is ASCII. */
	t->nck = t->len / CK + 1;
	t->ck_byte = malloc(t->nck * sizeof *t->ck_byte);
	t->ck_u16 = malloc(t->nck * sizeof *t->ck_u16);
	if (!t->ck_byte || !t->ck_u16) {
		text_free(t);
		return NULL;
	}
	index_build(t);
	t->nck = t->ncp / CK + 1;
	if (t->ncp == t->len) { /* ASCII: offsets agree, no table */
		free(t->ck_byte);
		free(t->ck_u16);
		t->ck_byte = t->ck_u16 = NULL;
		t->nck = 0;
	}
	return t;
}

static void
fold_free(fold *f)
{
	if (f) {
		free(f->s);
		free(f->ck);
		free(f);
	}
}

void
text_free(text *t)
{
	if (!t)
		return;
	fold_free(t->fold);
	free(t->ck_byte);
	free(t->ck_u16);
	free(t->s);
	free(t);
}

const char *
text_bytes(const text *t)
{
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

size_t
text_cp_to_byte(const text *t, size_t cp)
{
	size_t b;

	if (cp >= t->ncp)
		return t->len;
	if (!t->ck_byte)
		return cp;
	b = t->ck_byte[cp >> CK_SHIFT];
	for (size_t r = cp & (CK - 1); r > 0; r--)
		b += lead_len((unsigned char)t->s[b]);
	return b;
}

/* The last checkpoint k with tab[k] <= v (tab is non-decreasing, tab[0]=0). */
static size_t
ck_search(const size_t *tab, size_t n, size_t v)
{
	size_t lo = 0, hi = n; /* answer in [lo, hi) */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tab[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t
text_byte_to_cp(const text *t, size_t byte)
{
	size_t k, cp, b;

	if (byte >= t->len)
		return t->ncp;
	byte = snap_back(t->s, byte);
	if (!t->ck_byte)
		return byte;
	k = ck_search(t->ck_byte, t->nck, byte);
	cp = k << CK_SHIFT;
	for (b = t->ck_byte[k]; b < byte; b += lead_len((unsigned char)t->s[b]))
		cp++;
	return cp;
}

uint32_t
text_cp_at(const text *t, size_t cp)
{
	size_t n;
	if (cp >= t->ncp)
		return 0;
	return dec(t->s, text_cp_to_byte(t, cp), &n);
}

size_t
text_cp_to_utf16(const text *t, size_t cp)
{
	size_t k, u, b;

	if (cp >= t->ncp)
		return t->nu16;
	if (!t->ck_byte)
		return cp;
	k = cp >> CK_SHIFT;
	u = t->ck_u16[k];
	b = t->ck_byte[k];
	for (size_t r = cp & (CK - 1); r > 0; r--) {
		size_t n = lead_len((unsigned char)t->s[b]);
		u += n == 4 ? 2 : 1;
		b += n;
	}
	return u;
}

size_t
text_utf16_to_cp(const text *t, size_t u16)
{
	size_t k, u, b, cp;

	if (u16 > t->nu16)
		return (size_t)-1;
	if (!t->ck_byte)
		return u16;
	k = ck_search(t->ck_u16, t->nck, u16);
	cp = k << CK_SHIFT;
	u = t->ck_u16[k];
	b = t->ck_byte[k];
	while (u < u16) {
		size_t n = lead_len((unsigned char)t->s[b]);
		u += n == 4 ? 2 : 1;
		b += n;
		cp++;
	}
	return u == u16 ? cp : (size_t)-1;
}

/* ---------------------------------------------------------------------- */
/* Lines */

/* The line [*ls, *le) (bytes, le at the LF or len) holding byte b. */
static void
line_bounds(const char *s, size_t len, size_t b, size_t *ls, size_t *le)
{
	const char *p;
	if (b > len)
		b = len;
	p = b ? memrchr(s, '\n', b) : NULL;
	*ls = p ? (size_t)(p - s) + 1 : 0;
	p = memchr(s + b, '\n', len - b);
	*le = p ? (size_t)(p - s) : len;
}

/*
 * The line around byte b as line_bounds() gives it, but looking at most
 * maxd bytes each way, so a 10 MB line costs no more than a short one.
 * A bound is a real line end when it is 0 or len or next to an LF.
 */
static void
line_clip(const char *s, size_t len, size_t b, size_t maxd, size_t *ls, size_t *le)
{
	size_t lo = b > maxd ? snap_back(s, b - maxd) : 0;
	size_t hi = len - b > maxd ? snap_fwd(s, len, b + maxd) : len;
	const char *p = b > lo ? memrchr(s + lo, '\n', b - lo) : NULL;
	*ls = p ? (size_t)(p - s) + 1 : lo;
	p = memchr(s + b, '\n', hi - b);
	*le = p ? (size_t)(p - s) : hi;
}

void
text_line_at(const text *t, size_t cp, size_t *start, size_t *end)
{
	size_t ls, le;
	line_bounds(t->s, t->len, text_cp_to_byte(t, cp), &ls, &le);
	*start = text_byte_to_cp(t, ls);
	*end = text_byte_to_cp(t, le);
}

/* ---------------------------------------------------------------------- */
/* Grapheme clusters */

size_t
text_u8_boundary(const char *s, size_t len, size_t b, int dir)
{
	if (b > len)
		b = len;
	return dir < 0 ? snap_back(s, b) : snap_fwd(s, len, b);
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
 * <= b (GB_START).
 */
enum { GB_NEXT, GB_PREV, GB_START };

static size_t
gb_find(const char *s, size_t len, size_t b, int mode)
{
	size_t back = 128, fwd = 128;
	char stack[1024], *brk;

	if (b > len)
		b = len;
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
		size_t ws = b > back ? snap_back(s, b - back) : 0;
		size_t we = len - b > fwd ? snap_fwd(s, len, b + fwd) : len;
		size_t at, x, res = (size_t)-1;
		int trusted;

		for (int k = 0; k < 4096 && ws > 0; k++) {
			uint32_t c = dec_prev(s, 0, ws, &at);
			if (!uc_is_property_regional_indicator(c))
				break;
			ws = at;
		}
		trusted = ws == 0 || s[ws - 1] == '\n';
		brk = we - ws <= sizeof stack ? stack : malloc(we - ws);
		if (!brk)
			return mode == GB_NEXT ? snap_fwd(s, len, b + 1) : b;
		text_u8_grapheme_breaks(s + ws, we - ws, brk);
		if (mode == GB_NEXT) {
			for (x = b + 1; x < we; x++)
				if (brk[x - ws]) {
					res = x;
					break;
				}
			if (res == (size_t)-1 && we == len)
				res = len;
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
	return gb_find(s, len, text_u8_boundary(s, len, b, -1), GB_NEXT);
}

size_t
text_grapheme_next(const text *t, size_t cp)
{
	if (cp >= t->ncp)
		return t->ncp;
	return text_byte_to_cp(t, gb_find(t->s, t->len, text_cp_to_byte(t, cp), GB_NEXT));
}

size_t
text_grapheme_prev(const text *t, size_t cp)
{
	if (cp == 0)
		return 0;
	return text_byte_to_cp(t, gb_find(t->s, t->len, text_cp_to_byte(t, cp), GB_PREV));
}

size_t
text_grapheme_start(const text *t, size_t cp)
{
	if (cp >= t->ncp)
		return t->ncp;
	return text_byte_to_cp(t, gb_find(t->s, t->len, text_cp_to_byte(t, cp), GB_START));
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
		uint32_t c = dec(s, a, &n);
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

		if (s[from] == '\n') {
			from++;
			continue;
		}
		line_clip(s, len, from, WIN + CTX, &ls, &le);
		cs = from - ls > CTX ? snap_back(s, from - CTX) : ls;
		lim = le == len || s[le] == '\n' ? le : le - CTX;
		if (wwin_fill(t, cs, le, &w) < 0)
			return 0;
		for (p = from; p < lim; p++) {
			if (is_cont((unsigned char)s[p]) || !wwin_bound(&w, p))
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

		if (s[upto - 1] == '\n') {
			upto--;
			continue;
		}
		line_clip(s, len, upto - 1, WIN + CTX, &ls, &le);
		from = upto - ls > WIN ? snap_back(s, upto - WIN) : ls;
		cs = from - ls > CTX ? snap_back(s, from - CTX) : ls;
		we = le - upto > CTX ? snap_fwd(s, le, upto + CTX) : le;
		if (wwin_fill(t, cs, we, &w) < 0)
			return 0;
		for (p = upto; p-- > from;) {
			if (is_cont((unsigned char)s[p]) || !wwin_bound(&w, p))
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
		size_t last = gb_find(t->s, t->len, y, GB_PREV);
		if (last > b)
			return text_byte_to_cp(t, last);
	}
	if (!seg_fwd(t, b + 1, 1, &x, &y))
		return t->ncp;
	return text_byte_to_cp(t, gb_find(t->s, t->len, y, GB_PREV));
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

	line_clip(s, t->len, b, SENT_WIN, &ls, &le);
	lim = le;
	a = skip_space(s, ls, lim);
	for (;;) {
		e = sent_end(s, a, lim, &next);
		if (b < next || next >= lim)
			break;
		a = next;
	}
	*start = text_byte_to_cp(t, a);
	*end = text_byte_to_cp(t, e);
}

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
	c0 = dec_safe(str, 0, n, &l0);
	if (l0 < n) {
		int emoji = uc_is_property_extended_pictographic(c0);
		for (i = l0; i < n && !emoji; i += m) {
			uint32_t c = dec_safe(str, i, n, &m);
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
		uint32_t c = dec_safe(str, i, n, &m);
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
static size_t
fold_cp(uint32_t c, uint32_t *out, size_t max, int depth)
{
	ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];
	int tag, n;
	size_t k = 0;

	if (max == 0)
		return 0;
	if (c < 0x80) {
		out[0] = c >= 'A' && c <= 'Z' ? c + 32 : c;
		return 1;
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
	c = dec(s, b, n);
	k = fold_cp(c, f, FOLD_MAX, 0);
	for (size_t i = 0; i < k; i++)
		bytes += enc(f[i], tmp);
	return bytes;
}

/* Fold s[0..len) (valid UTF-8) into a new string; *outlen its length.
 * With ck not NULL, ck[k] gets the output offset of code point k*CK. */
static char *
fold_str(const char *s, size_t len, size_t *outlen, size_t *ck)
{
	size_t cap = len + len / 8 + 16, o = 0, cp = 0, i = 0;
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
			size_t n, k = fold_cp(dec(s, i, &n), f, FOLD_MAX, 0);
			for (size_t j = 0; j < k; j++)
				o += enc(f[j], out + o);
			i += n;
		}
	}
	if (ck && (cp & (CK - 1)) == 0)
		ck[cp >> CK_SHIFT] = o;
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* The folded copy of t, built on first use. text_search takes a const
 * text, but the copy is a cache: building it changes nothing visible. */
static const fold *
fold_get(const text *ct)
{
	text *t = (text *)ct;
	fold *f;

	if (t->fold)
		return t->fold;
	if (!(f = calloc(1, sizeof *f)))
		return NULL;
	f->ck = malloc((t->ncp / CK + 1) * sizeof *f->ck);
	if (!f->ck || !(f->s = fold_str(t->s, t->len, &f->len, f->ck))) {
		fold_free(f);
		return NULL;
	}
	t->fold = f;
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
	size_t k = ck_search(f->ck, t->ncp / CK + 1, fo);
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
		size_t l = strlen(needle), nbad = scan_utf8(needle, l, 0, NULL);
		char *valid = decode_copy(needle, l, nbad, 0, 0, &l);
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
