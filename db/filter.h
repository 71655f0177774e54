/*
 * filter.h: which articles a list shows and in what order (`:filter`,
 * `:sort`, `gloss list FILTER...`).
 *
 * A filter is written as space-separated KEY=VALUE words; a value with
 * spaces is quoted ("..." or '...'):
 *   status=unread|started|done   label=NAME (a confirmed entity of it)
 *   date=2026-01..2026-03 (inclusive; either end may be left out; one
 *   date or prefix alone matches it) source=NAME   has=notes|highlights|
 *   suggestions|spans   text=QUERY (full-text, as gloss search)
 * A sort is KEY [desc] with KEY one of id date title status confirmed
 * suggested (rank, best first, when there is a text query and no sort).
 */
#ifndef GLOSS_FILTER_H
#define GLOSS_FILTER_H

#include <stddef.h>
#include "db/store.h"

enum store_has {
	HAS_NOTES = 1, HAS_HIGHLIGHTS = 2, HAS_SUGGESTIONS = 4, HAS_SPANS = 8
};

enum store_sort {
	SORT_DEFAULT, SORT_ID, SORT_DATE, SORT_TITLE, SORT_STATUS, SORT_CONFIRMED, SORT_SUGGESTED
};

typedef struct store_filter {
	char *status;           /* NULL: any */
	char *label;
	char *date_from;        /* inclusive, NULL: open */
	char *date_to;          /* inclusive prefix ("2026-03" takes all of March) */
	char *source;
	char *text;             /* FTS5 query */
	int has;                /* enum store_has bits: all must hold */
	int sort;               /* enum store_sort */
	int desc;
} store_filter;

/* Empty filter (all articles, id order). */
void store_filter_init(store_filter *f);
void store_filter_clear(store_filter *f);
/* A deep copy of src into dst; 0 or -1 (dst then empty). */
int store_filter_copy(store_filter *dst, const store_filter *src);
/* Replace the text query (NULL or "" drops it); 0 or -1. */
int store_filter_set_text(store_filter *f, const char *q);
/* 1 when the filter keeps every article. */
int store_filter_empty(const store_filter *f);

/*
 * Parse spec into f (its old conditions are replaced; the sort is kept).
 * An empty spec clears the conditions. Returns 0, or -1 with a message in
 * err naming the word that is wrong (f is then unchanged).
 */
int store_filter_parse(store_filter *f, const char *spec, char *err, size_t errsz);
/* Parse "KEY [desc]" into f's sort; -1 with err on a bad key. */
int store_sort_parse(store_filter *f, const char *spec, char *err, size_t errsz);
/* The conditions and sort as the parser reads them, e.g.
 * "status=unread label=ORG sort=date desc" ("" for none). */
void store_filter_describe(const store_filter *f, char *buf, size_t bufsz);

/* Visit the matching articles in the filter's order from offset, at most
 * limit (0 = no limit), as store_articles_each does. */
int store_articles_filtered(store *st, const store_filter *f, size_t offset, size_t limit,
    int (*fn)(const store_article *a, void *arg), void *arg);
/* How many articles match. */
int store_articles_filtered_count(store *st, const store_filter *f, size_t *n);
/* The position of article id in the filtered order: 0 with *index set,
 * 1 when the filter hides it, -1 on error. */
int store_articles_filtered_index(store *st, const store_filter *f, int64_t id, size_t *index);

#endif
