/*
 * fmt_testutil.h: helpers shared by the format tests (test_conll, test_brat):
 * collect what a reader emits, run a writer into memory, load test data.
 */
#ifndef GLOSS_FMT_TESTUTIL_H
#define GLOSS_FMT_TESTUTIL_H

#include <stddef.h>
#include "model/fmt.h"

/* Options for a test read or write: offsets, confirmed spans, and a JSON
 * parser (made on first use, freed at exit) as the import driver sets. */
fmt_opts test_opts(int offsets);

/* Docs a reader emitted, deep copies. */
typedef struct docs {
	doc *v;
	size_t n, cap;
} docs;

/* A fmt_emit that appends a deep copy of d to the docs at arg. */
int docs_emit(const doc *d, void *arg);
void docs_free(docs *ds);

/* $srcdir/tests/data/rel, NUL-terminated (len without the NUL); aborts the test if missing. */
char *data_load(const char *rel, size_t *len);

/*
 * The doc's entity spans as "LABEL:covered text|..." in span_cmp order
 * (malloc'd). Checks on the way that every span lies inside the text.
 */
char *spans_str(const doc *d);

/* Fail the test unless spans_str(d) is want. */
void assert_spans(const doc *d, const char *want);

/* Read buf with format f into ds; returns the reader's result. */
int read_buf(const fmt *f, const char *name, const char *buf, size_t len,
    const char *aux, size_t auxlen, const fmt_opts *o, docs *ds, fmt_report *rep, doc_err *err);

/*
 * Read buf with format f as the import driver streams a large file: a
 * first window of first bytes (the driver's is 4 MB: format sniffing sees
 * that much), then through fmt_opts.more, step bytes at a time. Each window is a new
 * allocation and the old one is scribbled over and freed, so a reader
 * that keeps a pointer into an old window reads garbage (and ASan says
 * so). Then fail unless the docs equal those of reading buf whole, or
 * when that fails, unless the same problem is reported at the same line
 * and column.
 */
void assert_trickle_same(const fmt *f, const char *name, const char *buf, size_t len, const fmt_opts *o,
    size_t first, size_t step);

/* Write ds[0..n) with single-file format f into a malloc'd buffer (*len bytes). */
char *write_mem(const fmt *f, const doc *v, size_t n, const fmt_opts *o, size_t *len, fmt_report *rep);

/* Files a multi-file writer (brat) opened, kept in memory. */
typedef struct memfile {
	char *name;
	char *buf;
	size_t len;
	FILE *f;        /* open stream, NULL once closed */
} memfile;

typedef struct memfs {
	memfile *v[4096];
	size_t n;
} memfs;

/* fmt_out.open / fmt_out.close over a memfs (arg). */
FILE *memfs_open(void *arg, const char *name);
int memfs_close(void *arg, FILE *f);
/* The closed file of that name, or NULL. */
const memfile *memfs_get(const memfs *fs, const char *name);
void memfs_free(memfs *fs);

/* Write v[0..n) with multi-file format f into fs. */
void write_fs(const fmt *f, const doc *v, size_t n, const fmt_opts *o, memfs *fs, fmt_report *rep);

#endif
