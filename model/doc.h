/*
 * doc.h: one article as format readers produce and writers consume it.
 *
 * Readers and writers in model/fmt_*.c move streams of docs between files
 * and memory; db/ drivers move them between memory and the store. Offsets
 * in a doc are always code points of doc->text (converted at the format's
 * edge when it counts UTF-16 or tokens).
 */
#ifndef GLOSS_DOC_H
#define GLOSS_DOC_H

#include <stddef.h>
#include <stdint.h>
#include "model/span.h"

typedef struct doc {
	char *text;      /* stored text, valid UTF-8 */
	size_t len;      /* bytes */
	char *title;     /* NULL if none */
	char *date;      /* NULL if none */
	char *source;    /* NULL if none */
	char *url;       /* NULL if none */
	char *meta;      /* JSON object text of anything else worth keeping, or NULL */
	char *status;    /* "unread", "started", "done"; NULL = unread */
	char *ext_id;    /* id the source file gave the document, or NULL */
	size_t position; /* reading position (code points) */
	size_t chars;    /* code points in text, counted by whoever made the doc
	                    (the store, or a reader that checked the text is
	                    valid UTF-8: the store then trusts both), else 0;
	                    doc_set_text resets it */
	span *spans;     /* entities and highlights, any order */
	size_t nspans;
	size_t capspans;
	int64_t id;      /* store article id when the doc comes from the store
	                    (export sets it; CSV writes it), else 0; readers
	                    leave it 0 */
} doc;

void doc_init(doc *d);
void doc_clear(doc *d); /* frees everything and re-inits */
/* Set text (copied); returns -1 on allocation failure. */
int doc_set_text(doc *d, const char *s, size_t len);
/* Append a copy of s; returns -1 on allocation failure. */
int doc_add_span(doc *d, const span *s);
/* Sort spans by span_cmp. */
void doc_sort_spans(doc *d);
/* Replace *field with a copy of s (NULL allowed). */
int doc_set_str(char **field, const char *s);

/*
 * Errors from readers: where and what. Readers return -1 and fill this;
 * the caller prints "file:line: msg" (line is the record's line, 1-based).
 */
typedef struct doc_err {
	size_t line;     /* 1-based line (or record) in the input */
	size_t col;      /* 1-based byte column, 0 if not known */
	int in_aux;      /* the problem is in the input's aux file (brat: the .ann) */
	char msg[256];
} doc_err;

void doc_err_set(doc_err *e, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
