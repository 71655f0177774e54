/*
 * search_cache.c: what a text query found, kept while the database is
 * unchanged.
 *
 * A page of the list filtered by text (`:filter text=`, `/`) wants the
 * same ranking four times: the count in the header, the selected
 * article's place, the page's rows and their snippets. Ranked each time,
 * `:filter text=yelverton` on 100k articles cost 179 M instructions
 * (three rankings, two joins of every match with articles and a sort of
 * them); robot* merges its doclist twice per ranking. Kept, a filtered
 * page costs one ranking and scrolling costs none.
 *
 * Kept results are stamped with this connection's change count and
 * PRAGMA data_version (which moves when another connection commits): a
 * result whose stamp differs from the database's now is stale.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_int.h"

struct st_rankcache {
	char *query;
	st_stamp stamp;
	st_ranking r;
};

int
st_stamp_now(store *st, st_stamp *s)
{
	sqlite3_stmt *q = st_q(st, Q_DATA_VERSION);
	int64_t v = 0;

	memset(s, 0, sizeof *s);
	if (q == NULL || st_one_int(st, q, &v) < 0)
		return -1;
	s->version = (uint64_t)v;
	s->changes = sqlite3_total_changes64(st->db);
	s->valid = 1;
	return 0;
}

int
st_stamp_same(const st_stamp *a, const st_stamp *b)
{
	return a->valid && b->valid && a->version == b->version && a->changes == b->changes;
}

static void
rankcache_free(struct st_rankcache *c)
{
	if (c == NULL)
		return;
	free(c->query);
	st_ranking_free(&c->r);
	free(c);
}

const st_ranking *
st_rank_peek(store *st, const char *query)
{
	struct st_rankcache *c = st->rank_cache;
	st_stamp now;

	if (c == NULL || strcmp(c->query, query) != 0 || st_stamp_now(st, &now) != 0 ||
	    !st_stamp_same(&c->stamp, &now))
		return NULL;
	return &c->r;
}

const st_ranking *
st_rank_all(store *st, const char *query, int *refused)
{
	const st_ranking *kept = st_rank_peek(st, query);
	struct st_rankcache *c;

	*refused = 0;
	if (kept != NULL)
		return kept;
	rankcache_free(st->rank_cache);
	st->rank_cache = NULL;
	if ((c = calloc(1, sizeof *c)) == NULL || (c->query = strdup(query)) == NULL) {
		free(c);
		st_seterr(st, "out of memory");
		return NULL;
	}
	/* stamped before ranking: a commit in between makes it stale */
	if (st_stamp_now(st, &c->stamp) != 0 || st_rank(st, query, 0, &c->r, refused) != 0) {
		rankcache_free(c);
		return NULL;
	}
	st->rank_cache = c;
	return &c->r;
}

void
st_rank_cache_free(store *st)
{
	rankcache_free(st->rank_cache);
	st->rank_cache = NULL;
}
