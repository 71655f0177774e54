/*
 * buf.h: a growable byte string, always NUL-terminated (like vis's
 * buffer.c or neomutt's struct Buffer). For text whose length is not
 * known in advance: messages, reports, assembled output. Nothing is ever
 * cut short: an append either fits entirely or fails with -1 (out of
 * memory), leaving the buffer as it was.
 *
 * A zeroed struct buf (BUF_INIT) is an empty string; buf_str() of it is
 * "". (No typedef: "buf" stays free as a variable name.)
 */
#ifndef GLOSS_BUF_H
#define GLOSS_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *s;     /* the bytes and a NUL; NULL until something is added */
	size_t len;  /* bytes before the NUL */
	size_t cap;  /* bytes allocated at s */
};

#define BUF_INIT { NULL, 0, 0 }

/* Make room for n more bytes (and the NUL); 0, or -1 out of memory. */
int buf_reserve(struct buf *b, size_t n);
int buf_append(struct buf *b, const char *s, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The string so far ("" when empty); valid until the next change. */
const char *buf_str(const struct buf *b);
/* Empty it, keeping the memory; buf_free gives the memory back. */
void buf_reset(struct buf *b);
/* Keep the first len bytes (no-op if it has fewer). */
void buf_truncate(struct buf *b, size_t len);
void buf_free(struct buf *b);

/*
 * The growable array beside the string: one place that doubles capacity
 * and checks the multiplications, instead of a loop per module. Returns
 * v grown to hold at least need elements of elem bytes and sets *cap
 * (a NULL v gets at least 16), or v itself if it already has room; NULL when need * elem
 * overflows or memory runs out, with v and *cap untouched. Returning the
 * pointer (not taking a void **) keeps callers' typed pointers honest:
 *	T *nv = array_grow(a->v, &a->cap, a->n + 1, sizeof *nv);
 *	if (nv == NULL) return -1;
 *	a->v = nv;
 */
void *array_grow(void *v, size_t *cap, size_t need, size_t elem);

#endif
