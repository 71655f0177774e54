/*
 * buf.c: the growable string of buf.h. Capacity doubles, so n appends of
 * any sizes cost O(total length); a failed append changes nothing.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/buf.h"

int
buf_reserve(struct buf *b, size_t n)
{
	size_t need, cap;
	char *s;

	if (n > (size_t)-1 - b->len - 1)
		return -1;
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	for (cap = b->cap ? b->cap : 64; cap < need; cap = cap > (size_t)-1 / 2 ? need : cap * 2)
		;
	if ((s = realloc(b->s, cap)) == NULL)
		return -1;
	if (b->s == NULL)
		s[0] = '\0';
	b->s = s;
	b->cap = cap;
	return 0;
}

int
buf_append(struct buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return -1;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

/* Format once into the room there is; if it did not fit, grow to the
 * exact size vsnprintf reported and format again. */
int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	if (buf_reserve(b, 0) != 0)
		return -1;
	va_copy(again, ap);
	n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	if (n < 0) {
		b->s[b->len] = '\0';
		va_end(again);
		return -1;
	}
	if ((size_t)n >= b->cap - b->len) {
		if (buf_reserve(b, (size_t)n) != 0) {
			b->s[b->len] = '\0';
			va_end(again);
			return -1;
		}
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, again);
	}
	va_end(again);
	b->len += (size_t)n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *
buf_str(const struct buf *b)
{
	return b->s ? b->s : "";
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->s[len] = '\0';
	}
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void *
array_grow(void *v, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap;
	void *nv;

	if (need <= c && v != NULL)
		return v;
	if (elem == 0 || need > SIZE_MAX / elem)
		return NULL;
	for (c = c ? c : 16; c < need; c = c > SIZE_MAX / 2 ? need : c * 2)
		;
	if (c > SIZE_MAX / elem)
		c = need;
	if ((nv = realloc(v, c * elem)) == NULL)
		return NULL;
	*cap = c;
	return nv;
}
