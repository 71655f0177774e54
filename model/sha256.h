/*
 * sha256.h: SHA-256 (FIPS 180-4) over a byte buffer. The store keys
 * articles by the hash of their stored text, so identical content is found
 * with one index lookup however long the text.
 */
#ifndef GLOSS_SHA256_H
#define GLOSS_SHA256_H

#include <stddef.h>
#include <stdint.h>

enum { SHA256_LEN = 32 };

typedef struct sha256_ctx {
	uint32_t h[8];      /* chaining state */
	uint64_t bytes;     /* message length so far */
	uint8_t buf[64];    /* partial block */
	size_t nbuf;        /* bytes in buf */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *p, size_t n);
void sha256_final(sha256_ctx *c, uint8_t out[SHA256_LEN]);
/* One call: the digest of p[0..n). */
void sha256(const void *p, size_t n, uint8_t out[SHA256_LEN]);

#endif
