/*
 * test_sha256.c: known-answer tests for model/sha256.c, the hash that
 * recognises an article already in the store. Vectors from NIST FIPS
 * 180-2, appendix B ("abc", the 448-bit message, a million 'a') plus the
 * empty message; each is also fed in uneven pieces, so the buffering of
 * partial blocks is checked, and at the padding boundaries (55, 56, 64
 * bytes), against digests computed with sha256sum.
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/sha256.h"

static void
hex(const uint8_t *d, char *out)
{
	for (size_t i = 0; i < SHA256_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Hash p[0..n) at once and in pieces of `piece` bytes; both must be want. */
static void
check(const void *p, size_t n, size_t piece, const char *want)
{
	uint8_t d[SHA256_LEN];
	char h[2 * SHA256_LEN + 1];
	sha256_ctx c;

	sha256(p, n, d);
	hex(d, h);
	assert_string_equal(h, want);
	sha256_init(&c);
	for (size_t i = 0; i < n; i += piece)
		sha256_update(&c, (const char *)p + i, n - i < piece ? n - i : piece);
	sha256_final(&c, d);
	hex(d, h);
	assert_string_equal(h, want);
}

static void
test_nist_short(void **state)
{
	(void)state;
	check("", 0, 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check("abc", 3, 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, 7,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_nist_million_a(void **state)
{
	char *m = malloc(1000000);

	(void)state;
	assert_non_null(m);
	memset(m, 'a', 1000000);
	check(m, 1000000, 997, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(m);
}

/* Messages whose padding needs one more block (56 bytes) or not (55), and a
 * whole block (64): where off-by-one errors in the padding live. */
static void
test_padding_boundaries(void **state)
{
	char m[64];

	(void)state;
	memset(m, 'a', sizeof m);
	check(m, 55, 13, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	check(m, 56, 13, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	check(m, 64, 13, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nist_short),
		cmocka_unit_test(test_nist_million_a),
		cmocka_unit_test(test_padding_boundaries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
