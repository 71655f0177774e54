/*
 * utf8.c: the UTF-8 codec of model/: validation (text_validate), decoding
 * raw input into stored form, encoding, and the code point counter.
 * Contracts for invalid input are in utf8.h.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include "model/utf8.h"

size_t
utf8_count(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, cont = 0;

	/* continuation bytes (10xxxxxx) eight at a time, as index_build does */
	for (; i + 8 <= len; i += 8) {
		uint64_t w = utf8_load8(u + i);

		cont += (size_t)((((w & ~(w << 1) & UTF8_HIGH8) >> 7) * 0x0101010101010101ULL) >> 56);
	}
	for (; i < len; i++)
		if (utf8_is_cont(u[i]))
			cont++;
	return len - cont;
}

/* Decode s[i..n) of possibly invalid UTF-8: an ill-formed byte reads as
 * U+FFFD of length 1, so callers always make progress. */
uint32_t
utf8_dec_safe(const char *s, size_t i, size_t n, size_t *len)
{
	ucs4_t c;
	int l = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);
	*len = l > 0 ? (size_t)l : 1;
	return c;
}

/* The code point that ends just before s[i] (i > lo), starting at *at. */
uint32_t
utf8_dec_prev(const char *s, size_t lo, size_t i, size_t *at)
{
	size_t j = i - 1, n;
	while (j > lo && utf8_is_cont((unsigned char)s[j]))
		j--;
	*at = j;
	return utf8_dec(s, j, &n);
}

/* Encode c (a scalar value) into out; returns the bytes written (1..4). */
size_t
utf8_enc(uint32_t c, char *out)
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
size_t
utf8_snap_back(const char *s, size_t b)
{
	while (b > 0 && utf8_is_cont((unsigned char)s[b]))
		b--;
	return b;
}

/* Move b forward to the next lead byte (or len). */
size_t
utf8_snap_fwd(const char *s, size_t len, size_t b)
{
	while (b < len && utf8_is_cont((unsigned char)s[b]))
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
size_t
utf8_scan(const char *str, size_t len, int stop, text_err *err)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, bad = 0;
	char why[TEXT_ERR_MSG];

	while (i < len) {
		size_t n;
		if (s[i] < 0x80) {
			/* ASCII goes eight bytes at a time */
			while (i + 8 <= len && (utf8_load8(s + i) & UTF8_HIGH8) == 0)
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
	return utf8_scan(s, len, 1, err) ? -1 : 0;
}

/*
 * Copy s[0..len) into a new NUL-terminated buffer, dropping a leading BOM
 * (when drop_bom), turning CRLF into LF (when crlf) and each bad byte into
 * U+FFFD (nbad from scan_utf8 sizes the buffer). *outlen gets the length.
 */
char *
utf8_decode_copy(const char *str, size_t len, size_t nbad, int drop_bom, int crlf, size_t *outlen)
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
			o += utf8_enc(0xFFFD, o);
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
