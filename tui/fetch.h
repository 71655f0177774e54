/*
 * fetch.h: one HTTP(S) GET into memory, for gloss import URL and gloss
 * feeds (libcurl). Only http and https, at most 5 redirects, a timeout and
 * a size limit; errors come back as one readable line, never printed.
 */
#ifndef GLOSS_FETCH_H
#define GLOSS_FETCH_H

#include <stddef.h>

typedef struct fetch_opts {
	long timeout;           /* seconds for the whole transfer */
	size_t max_bytes;       /* larger bodies are refused */
} fetch_opts;

/* The defaults: 30 s, 32 MB; GLOSS_FETCH_TIMEOUT and GLOSS_FETCH_MAX_BYTES
 * override them (the test suite sets them small). */
void fetch_defaults(fetch_opts *o);

/* Is s an http:// or https:// URL? */
int fetch_is_url(const char *s);

/*
 * GET url into *buf (malloc'd, NUL-terminated, *len bytes without the NUL).
 * Returns 0, or -1 with a message in err ("HTTP 404 Not Found", "timed out
 * after 30 s", "larger than 33554432 bytes", "Could not connect to server").
 */
int fetch_url(const char *url, const fetch_opts *o, char **buf, size_t *len, char *err, size_t errsz);

#endif
