/*
 * content_hash.h: the key the store finds duplicate articles by, a 128-bit
 * XXH3 hash of the stored text. Not cryptographic: nobody gains from
 * forging a collision in their own database, and at 128 bits an accidental
 * one among a billion articles is ~1e-21 likely. It replaced SHA-256
 * (version 8 and earlier, migration 9 rehashes), which cost a fifth of an
 * import's instructions.
 */
#ifndef GLOSS_CONTENT_HASH_H
#define GLOSS_CONTENT_HASH_H

#include <stddef.h>
#include <stdint.h>

enum { CONTENT_HASH_LEN = 16 };

/* The hash of p[0..n) in canonical (big-endian) byte order. */
void content_hash(const void *p, size_t n, uint8_t out[CONTENT_HASH_LEN]);

/* The hash of p[0..n) followed by NUL and the decimal k: the key of the
 * k-th article kept apart from another of the same text (--duplicates
 * keep). k = 0 is content_hash itself. */
void content_hash_kept(const void *p, size_t n, unsigned long k, uint8_t out[CONTENT_HASH_LEN]);

#endif
