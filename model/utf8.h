/*
 * utf8.h: the UTF-8 codec model/ shares (GUIDE §4). Offsets here are bytes:
 * these helpers are for model/ only; everything leaving model/ counts code
 * points.
 *
 * Two kinds of input. The fast helpers (utf8_lead_len, utf8_dec,
 * utf8_count, utf8_dec_prev, utf8_snap_*) trust that the bytes are valid
 * UTF-8, as every stored text is; on invalid input they return wrong
 * values but never read past a lead byte's sequence. utf8_dec_safe,
 * utf8_scan and utf8_decode_copy accept anything.
 */
#ifndef GLOSS_UTF8_H
#define GLOSS_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "model/text.h"

/* Bytes in the sequence led by c, trusting that the text is valid. */
static inline size_t
utf8_lead_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static inline int
utf8_is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Decode the code point at s[i] of valid UTF-8; *n gets its length. */
static inline uint32_t
utf8_dec(const char *str, size_t i, size_t *n)
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

#define UTF8_HIGH8 0x8080808080808080ULL /* the top bit of each of 8 bytes */

/* Eight bytes at s as one word (any alignment). */
static inline uint64_t
utf8_load8(const unsigned char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return w;
}

/* Code points in valid UTF-8 s[0..len): the bytes that are not
 * continuation bytes. The one counter of model/ and db/. */
size_t utf8_count(const char *s, size_t len);
uint32_t utf8_dec_safe(const char *s, size_t i, size_t n, size_t *len);
uint32_t utf8_dec_prev(const char *s, size_t lo, size_t i, size_t *at);
size_t utf8_enc(uint32_t c, char *out);
size_t utf8_snap_back(const char *s, size_t b);
size_t utf8_snap_fwd(const char *s, size_t len, size_t b);
size_t utf8_scan(const char *str, size_t len, int stop, text_err *err);
char *utf8_decode_copy(const char *str, size_t len, size_t nbad, int drop_bom, int crlf, size_t *outlen);

#endif
