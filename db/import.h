/*
 * import.h: the import driver. Walks paths (files, directories recursively
 * in name order, "-" for stdin), picks each file's format (given, or
 * fmt_detect), runs the reader and stores the docs in short transactions
 * (a large file in several): a file that fails leaves no trace, its parts
 * already committed are taken out again, and an import killed half-way
 * through a file is cleaned up by the next one.
 */
#ifndef GLOSS_IMPORT_H
#define GLOSS_IMPORT_H

#include <stddef.h>
#include "db/store.h"
#include "model/fmt.h"

typedef struct import_stats {
	size_t files;      /* files read */
	size_t ignored;    /* files in walked directories no format claims (README, LICENSE) */
	size_t articles;   /* articles stored */
	size_t duplicates; /* records whose text is stored, bringing nothing new */
	size_t merged;     /* records whose new spans went to the article of the same text */
	size_t kept;       /* of the articles, those stored apart from one of the same text */
	size_t merged_spans; /* spans the merged records added */
	size_t same_spans; /* spans of duplicate or merged records already there */
	size_t spans;      /* spans stored */
	size_t failed;     /* files refused */
	size_t replaced;   /* bytes replaced by U+FFFD (--lossy) */
	size_t skipped;    /* records the formats could not import (brat R/E ...) */
	char stopped[256]; /* why the store stopped the import (disk full ...), or "" */
} import_stats;

typedef struct import_opts {
	const fmt *format;   /* NULL: detect per file */
	fmt_opts fo;         /* offsets, scheme, as_status, lossy */
	int duplicates;      /* STORE_DUP_MERGE (0, the default), _SKIP or _KEEP */
	int skip_known;      /* a doc whose ext_id (a feed item's GUID) or URL is
	                        already stored is a duplicate (feeds: new items only) */
	/* Called with one line per problem ("file:line:byte: message"). */
	void (*problem)(void *arg, const char *line);
	/* Progress: done and total bytes; total 0 if unknown. */
	void (*progress)(void *arg, size_t done, size_t total);
	void *arg;
	unsigned batch_ms;   /* 0: commit about every 50 ms of work (tests: less) */
} import_opts;

/* Returns 0 when every file imported, 1 when some failed (reported through
 * problem), -1 when the store failed (disk full, I/O: stats->stopped says
 * why; the batch in progress is rolled back). The counts in stats are of
 * what was committed. */
int import_paths(store *st, char *const *paths, size_t npaths, const import_opts *o, import_stats *stats);

/* The same for inputs already in memory (the embedded demo corpus): each
 * is one file; format o->format, else brat when aux is set, else detected. */
int import_buffers(store *st, const fmt_input *inputs, size_t n, const import_opts *o, import_stats *stats);

#endif
