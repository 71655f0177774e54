/*
 * store_hash.c: articles are keyed by content_hash (XXH3-128) of their
 * text. Databases of version 8 and before keyed them by SHA-256;
 * migration 9 rehashes them through gloss_rehash(), registered here on
 * every read-write connection, and reports its progress to the hook set
 * by store_set_migrate_progress (a large database takes seconds).
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_int.h"
#include "model/content_hash.h"
#include "model/sha256.h"

/* A kept duplicate's old key was sha256(text NUL k) with the smallest
 * free k: more than this many copies of one text is not looked for. */
enum { KEPT_MAX = 10000 };

static void (*progress_fn)(void *arg, size_t done, size_t total);
static void *progress_arg;
static size_t progress_done;

void
store_set_migrate_progress(void (*fn)(void *arg, size_t done, size_t total), void *arg)
{
	progress_fn = fn;
	progress_arg = arg;
}

/* Report a migration step's progress to the hook (search.c's index
 * rebuild). */
void
st_migrate_progress(size_t done, size_t total)
{
	if (progress_fn)
		progress_fn(progress_arg, done, total);
}

/*
 * gloss_rehash(hash, text, total): the XXH3 key of an article whose key is
 * hash. A 16-byte hash is already one. A SHA-256 of the text becomes the
 * text's content_hash; a kept duplicate's sha256(text NUL k) becomes
 * content_hash_kept(text, k), so each article keeps its own key. A hash
 * that is neither (written by hand) is mixed into a key of its own, still
 * distinct from every other article's.
 */
static void
fn_rehash(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const void *old = sqlite3_value_blob(argv[0]);
	size_t oldlen = (size_t)sqlite3_value_bytes(argv[0]);
	const char *t = (const char *)sqlite3_value_text(argv[1]);
	size_t n = t ? (size_t)sqlite3_value_bytes(argv[1]) : 0;
	uint8_t out[CONTENT_HASH_LEN], d[SHA256_LEN];
	sha256_ctx text, c;
	unsigned long k;

	(void)argc;
	if (progress_fn && (++progress_done % 256 == 0 || progress_done == (size_t)sqlite3_value_int64(argv[2])))
		progress_fn(progress_arg, progress_done, (size_t)sqlite3_value_int64(argv[2]));
	if (oldlen != SHA256_LEN) {
		sqlite3_result_value(cx, argv[0]);
		return;
	}
	sha256_init(&text);
	sha256_update(&text, t ? t : "", n);
	for (k = 0; k <= KEPT_MAX; k++) {
		char suf[24];

		c = text;
		if (k > 0)
			sha256_update(&c, suf, (size_t)snprintf(suf, sizeof suf, "%c%lu", 0, k));
		sha256_final(&c, d);
		if (memcmp(d, old, SHA256_LEN) == 0)
			break;
	}
	if (k <= KEPT_MAX) {
		content_hash_kept(t ? t : "", n, k, out);
	} else {
		uint8_t mix[8 + SHA256_LEN];

		memcpy(mix, "\0sha256:", 8);
		memcpy(mix + 8, old, SHA256_LEN);
		content_hash(mix, sizeof mix, out);
	}
	sqlite3_result_blob(cx, out, CONTENT_HASH_LEN, SQLITE_TRANSIENT);
}

int
st_hash_register(sqlite3 *db)
{
	progress_done = 0;
	return sqlite3_create_function(db, "gloss_rehash", 3, SQLITE_UTF8, NULL, fn_rehash, NULL, NULL)
	    == SQLITE_OK ? 0 : -1;
}
