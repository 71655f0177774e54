/*
 * xalloc.h: allocate or die, for the program (tui/) only (like htop's
 * xMalloc/xStrdup). The interface has no sensible way on when a few bytes
 * for a title or a message are not there, and an unchecked NULL would
 * crash later, somewhere else. Everything the person did is already
 * committed to the store, so stopping is safe: xalloc_die restores the
 * terminal, says "gloss: out of memory" and exits with status 1.
 * Library code (model/, db/) never uses these: it returns errors.
 */
#ifndef GLOSS_XALLOC_H
#define GLOSS_XALLOC_H

#include <stddef.h>
#include "model/buf.h"

void xalloc_die(void) __attribute__((noreturn));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* xstrdup that keeps NULL as NULL. */
char *xstrdup_or_null(const char *s);
/* buf_vprintf or die. */
void xbuf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
