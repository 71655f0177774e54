/*
 * vis.c: visible-safe text for terminals (vis.h).
 *
 * The input may be anything (a file name is bytes, not UTF-8); the output
 * is valid UTF-8 holding no control or invisible format character except
 * the LF / TAB a caller asked to keep.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include "model/vis.h"

int
vis_hidden(unsigned int c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || (c >= 0x200b && c <= 0x200f)
	    || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069)
	    || c == 0xfeff;
}

struct sink {
	char *out;
	size_t sz;
	size_t n;    /* bytes the whole result needs */
	int full;    /* stop writing: a piece did not fit */
};

/* Append a whole piece, or nothing once one did not fit. */
static void
put(struct sink *k, const char *p, size_t n)
{
	if (!k->full && k->out != NULL && k->n + n < k->sz)
		memcpy(k->out + k->n, p, n);
	else
		k->full = 1;
	k->n += n;
}

size_t
vis_str(const char *s, size_t len, int flags, char *out, size_t outsz)
{
	const uint8_t *p = (const uint8_t *)s, *e = p + len;
	struct sink k = { out, outsz, 0, 0 };
	char buf[16];
	size_t kept = 0;

	while (p < e) {
		ucs4_t c;
		int n = u8_mbtouc(&c, p, (size_t)(e - p));

		if (c == 0xfffd && !(n == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] == 0xbd)) {
			snprintf(buf, sizeof buf, "\\x%02X", p[0]); /* one bad byte at a time */
			put(&k, buf, 4);
			p++;
			continue;
		}
		if ((c == '\n' && (flags & VIS_NL)) || (c == '\t' && (flags & VIS_TAB))) {
			put(&k, (const char *)p, 1);
		} else if ((flags & VIS_FIELD) && (c == '\t' || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)) {
			put(&k, " ", 1);
		} else if (c < 0x20 || c == 0x7f) {
			unsigned int pic = c == 0x7f ? 0x2421 : 0x2400 + c;

			buf[0] = (char)0xe2;
			buf[1] = (char)(0x80 | ((pic >> 6) & 0x3f));
			buf[2] = (char)(0x80 | (pic & 0x3f));
			put(&k, buf, 3);
		} else if (vis_hidden(c)) {
			put(&k, buf, (size_t)snprintf(buf, sizeof buf, "<U+%04X>", (unsigned int)c));
		} else {
			put(&k, (const char *)p, (size_t)n);
		}
		p += n;
		if (!k.full)
			kept = k.n;
	}
	if (out != NULL && outsz > 0)
		out[k.full ? kept : k.n] = '\0';
	return k.n;
}

char *
vis_dup(const char *s, size_t len, int flags)
{
	size_t n = vis_str(s, len, flags, NULL, 0);
	char *d = malloc(n + 1);

	if (d != NULL)
		vis_str(s, len, flags, d, n + 1);
	return d;
}
