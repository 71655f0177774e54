/*
 * content_hash.c: XXH3-128 from libxxhash (see content_hash.h).
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>
#include "model/content_hash.h"

void
content_hash(const void *p, size_t n, uint8_t out[CONTENT_HASH_LEN])
{
	XXH128_canonical_t c;

	XXH128_canonicalFromHash(&c, XXH3_128bits(n ? p : "", n));
	memcpy(out, c.digest, CONTENT_HASH_LEN);
}

/* Streamed, so a long text is not copied to append the suffix. The
 * state lives on the stack (XXH_STATIC_LINKING_ONLY shows its layout). */
void
content_hash_kept(const void *p, size_t n, unsigned long k, uint8_t out[CONTENT_HASH_LEN])
{
	XXH3_state_t s;
	XXH128_canonical_t c;
	char suf[24];
	int m;

	if (k == 0) {
		content_hash(p, n, out);
		return;
	}
	m = snprintf(suf, sizeof suf, "%c%lu", 0, k);
	XXH3_INITSTATE(&s);
	XXH3_128bits_reset(&s);
	XXH3_128bits_update(&s, n ? p : "", n);
	XXH3_128bits_update(&s, suf, (size_t)m);
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(&s));
	memcpy(out, c.digest, CONTENT_HASH_LEN);
}
