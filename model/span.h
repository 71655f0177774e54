/*
 * span.h: annotations over stored text and a position index over them.
 *
 * A span is [start,end) in code points of the stored text (GUIDE §4). Spans
 * may overlap and nest. The spanset answers "which spans touch [a,b)" in
 * O(log n + k) and takes an insert or delete in O(log n), so a key press
 * costs the same with 100k spans as with 10; it holds a span in about 64
 * bytes with its share of the maps, so an article's 150k spans fit in 10 MB.
 */
#ifndef GLOSS_SPAN_H
#define GLOSS_SPAN_H

#include <stddef.h>
#include <stdint.h>

enum span_kind { SPAN_ENTITY, SPAN_HIGHLIGHT };
enum span_status { SPAN_SUGGESTED, SPAN_CONFIRMED, SPAN_REJECTED };
enum span_source { SRC_MANUAL, SRC_IMPORT, SRC_PROPAGATE, SRC_GAZETTEER, SRC_PATTERN, SRC_MODEL };

typedef struct span {
	int64_t id;         /* store row id; 0 when not stored yet */
	size_t start, end;  /* [start,end) in code points */
	const char *label;  /* label name ("PER"); NULL for a highlight without one */
	int kind;           /* enum span_kind */
	int status;         /* enum span_status */
	int source;         /* enum span_source */
	double confidence;  /* 0..1; 1 for manual */
	const char *note;   /* one-line note, NULL if none */
	const char *annotator; /* who made or last changed it, NULL if unknown */
	int64_t created;    /* unix seconds; 0 if unknown */
	int64_t updated;
	char *own;          /* the block holding the strings when this span owns
	                     * them (span_copy); NULL for a view */
} span;

/* Names as stored and exported; *_parse return -1 for an unknown name. */
const char *span_kind_name(int kind);
const char *span_status_name(int status);
const char *span_source_name(int source);
int span_kind_parse(const char *s);
int span_status_parse(const char *s);
int span_source_parse(const char *s);

/*
 * Ownership. A span is a view unless span_copy made it: its strings are
 * borrowed (from a database row, a parsed file, the caller) and own is
 * NULL. span_copy gives dst its own copy of the strings in one block; only
 * such a span needs span_clear, which frees the block (a no-op on a view).
 */
int span_copy(span *dst, const span *src);
void span_clear(span *s);

/* Ordering used everywhere spans are listed: start, then longer first, then id. */
int span_cmp(const span *a, const span *b);

typedef struct spanset spanset;

/*
 * The spanset (model/spanset.c) keeps what the reader shows and acts on:
 * id, range, label, kind, status, source, confidence and note (annotator,
 * created and updated are not kept: they read as NULL and 0). Offsets must
 * be below 2^32 - 1 (a stored text is at most 2 GB). Spans are handed out
 * as views that stay valid until that span is removed or replaced, the set
 * cleared or freed, or spanset_views_release is called (the interface does
 * at the top of each turn of its loop, holding no span then). Asking for
 * one span twice gives the same view; spanset_update changes it in place.
 */
spanset *spanset_new(void);
void spanset_free(spanset *ss);
/* Remove every span (the set stays usable). */
void spanset_clear(spanset *ss);
size_t spanset_count(const spanset *ss);
/* Bytes the set holds (nodes, maps, labels, notes, views): its memory bound. */
size_t spanset_bytes(const spanset *ss);
/* Forget the views handed out so far (their memory goes back). */
void spanset_views_release(const spanset *ss);
/*
 * Copies s (its label and note). A non-zero id is unique in a set: adding a
 * span whose id is already there replaces the old one. Any number of
 * spans with id 0 (not stored yet) may coexist; they cannot be removed or
 * found by id. Spans added in span_cmp order (as the store reads them) go
 * in at the end in O(1) steps. Returns 0, or -1 on allocation failure or
 * an offset past 2^32 - 2.
 */
int spanset_add(spanset *ss, const span *s);
/*
 * Set the label, kind, status, source, confidence and note of the stored
 * span with s's id to s's (copied); its start and end must be s's (move a
 * span by removing and adding it). Returns 0, or -1 (no such span, another
 * range, no memory: the span is unchanged).
 */
int spanset_update(spanset *ss, const span *s);
/* Remove by id; returns 0, or -1 if no such span. */
int spanset_remove(spanset *ss, int64_t id);
/* The stored span with this id, or NULL (change it with spanset_update). */
const span *spanset_get(const spanset *ss, int64_t id);

/*
 * Visit spans overlapping [a,b) (start < b && end > a) in span_cmp order; a
 * zero-length query (a == b) visits spans with start <= a < end. A
 * zero-length span (start == end) is kept but never overlaps anything. Stop
 * early when fn returns non-zero (that span counts as visited); fn may be
 * NULL to just count. Returns the number visited (0 when b < a).
 */
size_t spanset_query(const spanset *ss, size_t a, size_t b,
    int (*fn)(const span *s, void *arg), void *arg);
/* The first span (span_cmp order) whose start is > cp, or >= cp when inclusive. */
const span *spanset_next_start(const spanset *ss, size_t cp, int inclusive);
/* The last span whose start is < cp. */
const span *spanset_prev_start(const spanset *ss, size_t cp);
/* Visit all spans in order; the span fn gets is valid during the call only
 * (a walk over every span makes no views). */
void spanset_each(const spanset *ss, int (*fn)(const span *s, void *arg), void *arg);

#endif
