/*
 * store_testutil.h: set-up shared by the store tests (test_store,
 * test_store_fault, test_store_suggest, test_undo_owner, test_stats,
 * test_filter): open a store, import an article, make a span. Each helper
 * fails the running cmocka test when the store refuses.
 */
#ifndef GLOSS_STORE_TESTUTIL_H
#define GLOSS_STORE_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include "db/store.h"

/* Open path (":memory:" for a private one) acting as annotator who
 * (NULL: none set). */
store *stu_open(const char *path, const char *who);

/* Import text as one article with an optional title; *dup (if not NULL)
 * says whether it was already there. Returns the article's id. */
int64_t stu_article(store *st, const char *text, const char *title, int *dup);

/* An entity span [start, end) with label lab, as a view (lab not copied). */
span stu_span(size_t start, size_t end, const char *lab, int status, int source,
    double confidence);

/* The suggestion tests' views: one span as "start-end:LABEL:status:source:conf"
 * appended to *out (size outsz, space-separated); article aid's stored
 * spans that way (a static buffer); its first suggested span copied into
 * *out (span_clear it); acceptance per engine as "[source open acc rej]...". */
void stu_span_str(char *out, size_t outsz, const span *s);
const char *stu_spans(store *st, int64_t aid);
void stu_first_suggested(store *st, int64_t aid, span *out);
const char *stu_acceptance(store *st);

#endif
