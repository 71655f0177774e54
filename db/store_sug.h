/*
 * store_sug.h: what store_suggest.c and store_batch.c share (db/ only):
 * the spans of an article as they constrain new suggestions, and the
 * compact rows of batch suggestions (suggest_batch).
 */
#ifndef GLOSS_STORE_SUG_H
#define GLOSS_STORE_SUG_H

#include "db/store_int.h"

/* One entity span of an article as it constrains suggestions. */
typedef struct placed {
	size_t start, end;
	int status, source;
	double conf;
	int old;     /* a suggestion of the engines being replaced */
	int batch;   /* kept in suggest_batch, not in spans */
	int64_t id;  /* its spans row (0: new, < 0: a batch row) */
	const char *label; /* kept for rejected spans and suggestions */
	char *own;   /* the copy of label, when it is one */
} placed;

typedef struct kept {
	placed *v;
	size_t n, cap;
	unsigned mask; /* 1 << SRC_* of the engines being replaced */
} kept;

/* Add s to k (a span callback: 1 when out of memory). A batch
 * suggestion comes with id < 0; a new one (id 0) lends its label, which
 * must outlive k. */
int st_kept_add(const span *s, void *k);
void st_kept_free(kept *k);
/* May s stand beside the spans in k (old suggestions do not count)? */
int st_kept_allows(const kept *k, const span *s);
/* The same against k's first n spans only. */
int st_kept_allows_n(const kept *k, size_t n, const span *s);

/* Visit article aid's batch suggestions (id -1, status suggested, kind
 * entity; strings valid during the call); fn non-zero stops (returns 1).
 * Only labels the scheme still has. *nin (may be NULL): the rows' count
 * of suggestions for the sources in mask (all of them, shown or not).
 * 0, 1 or -1. */
int st_batch_each(store *st, int64_t aid, unsigned mask, int64_t *nin,
    int (*fn)(const span *s, void *arg), void *arg);
/* Replace the batch rows of the sources in srcmask (old suggestions in
 * all, as st_batch_each counted them) by v[0..n) (already checked against
 * the rules), keeping articles.n_suggested right. */
int st_batch_replace(store *st, int64_t aid, unsigned srcmask, int64_t old, const placed *v, size_t n);
/* Turn article aid's batch rows into spans rows (inside the caller's
 * transaction); *made (may be NULL): spans written. */
int st_batch_materialize(store *st, int64_t aid, size_t *made);

/* Add article aid's batch suggestions that may stand beside d's spans
 * to d (id 0; export): nothing is written. */
int st_batch_merge(store *st, int64_t aid, doc *d);
/* ",gazetteer,pattern," for the sources in mask (SQL instr sets). */
void st_source_set(unsigned mask, char *set, size_t setsz);

#endif
