/*
 * feeds.h: the news feeds gloss follows (gloss feeds), and what the feed
 * import asks the store: is an item already here by its GUID or URL.
 */
#ifndef GLOSS_FEEDS_H
#define GLOSS_FEEDS_H

#include <stdint.h>
#include "db/store.h"

typedef struct store_feed {
	int64_t id;
	const char *url;
	const char *title;      /* the feed's own title once fetched, or NULL */
	int64_t added;          /* unix seconds */
	int64_t fetched;        /* last update, 0 if never */
	const char *result;     /* what the last update said, or NULL */
} store_feed;

/* Follow url; *added 0 when it was already followed. */
int store_feed_add(store *st, const char *url, int *added);
/* Stop following url; *removed 0 when it was not followed. */
int store_feed_remove(store *st, const char *url, int *removed);
/* Every feed in the order added. Strings valid during fn; fn non-zero
 * stops; fn may call other store functions. */
int store_feeds_each(store *st, int (*fn)(const store_feed *f, void *arg), void *arg);
/* Record an update of feed id: when, a one-line result, and the feed's
 * title (NULL: keep the one known). */
int store_feed_done(store *st, int64_t id, int64_t when, const char *result, const char *title);
/* *known = 1 when an article with this ext_id (a feed item's GUID) or
 * this URL is stored (either may be NULL). */
int store_article_known(store *st, const char *ext_id, const char *url, int *known);

#endif
