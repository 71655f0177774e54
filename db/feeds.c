/*
 * feeds.c: the feeds table (schema 6) and the lookup feed imports use to
 * take only new items (feeds.h).
 */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <sqlite3.h>
#include "db/feeds.h"
#include "db/store_int.h"
#include "model/buf.h"

int
store_feed_add(store *st, const char *url, int *added)
{
	sqlite3_stmt *s = st_q(st, Q_FEED_ADD);

	if (s == NULL)
		return -1;
	st_bind_str(s, 1, url);
	sqlite3_bind_int64(s, 2, st_now());
	if (st_run(st, s) != 0)
		return -1;
	*added = sqlite3_changes(st->db) > 0;
	return 0;
}

int
store_feed_remove(store *st, const char *url, int *removed)
{
	sqlite3_stmt *s = st_q(st, Q_FEED_REMOVE);

	if (s == NULL)
		return -1;
	st_bind_str(s, 1, url);
	if (st_run(st, s) != 0)
		return -1;
	*removed = sqlite3_changes(st->db) > 0;
	return 0;
}

int
store_feeds_each(store *st, int (*fn)(const store_feed *f, void *arg), void *arg)
{
	sqlite3_stmt *s = st_q(st, Q_FEEDS);
	store_feed *v = NULL;
	size_t n = 0, cap = 0;
	int rc, out = 0;

	if (s == NULL)
		return -1;
	/* Read them all first: fn updates the feeds table as it goes. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_feed *f;

		if ((f = array_grow(v, &cap, n + 1, sizeof *f)) == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		v = f;
		f = &v[n++];
		f->id = sqlite3_column_int64(s, 0);
		f->url = st_col_str(s, 1);
		f->title = st_col_str(s, 2);
		f->added = sqlite3_column_int64(s, 3);
		f->fetched = sqlite3_column_int64(s, 4);
		f->result = st_col_str(s, 5);
	}
	if (rc != SQLITE_DONE) {
		st_sqlerr(st);
		out = -1;
	}
	sqlite3_reset(s);
	for (size_t i = 0; i < n; i++) {
		if (out == 0 && fn(&v[i], arg) != 0)
			out = 1;
		free((char *)(uintptr_t)v[i].url);
		free((char *)(uintptr_t)v[i].title);
		free((char *)(uintptr_t)v[i].result);
	}
	free(v);
	return out < 0 ? -1 : 0;
}

int
store_feed_done(store *st, int64_t id, int64_t when, const char *result, const char *title)
{
	sqlite3_stmt *s = st_q(st, Q_FEED_DONE);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, when);
	st_bind_str(s, 3, result);
	st_bind_str(s, 4, title);
	return st_run(st, s);
}

int
store_article_known(store *st, const char *ext_id, const char *url, int *known)
{
	sqlite3_stmt *s = st_q(st, Q_ART_KNOWN);
	int64_t v = 0;

	*known = 0;
	if (s == NULL)
		return -1;
	st_bind_str(s, 1, ext_id);
	st_bind_str(s, 2, url);
	if (st_one_int(st, s, &v) < 0)
		return -1;
	*known = v != 0;
	return 0;
}
