/*
 * export.h: the export driver. Streams articles from the store through a
 * format writer into a temporary file (or directory, for brat) beside the
 * target and renames it into place, so an interrupted export never leaves a
 * partial file. Memory does not grow with the corpus.
 */
#ifndef GLOSS_EXPORT_H
#define GLOSS_EXPORT_H

#include <signal.h>
#include <stddef.h>
#include "db/store.h"
#include "model/fmt.h"

typedef struct export_opts {
	const fmt *format;
	fmt_opts fo;          /* offsets, scheme */
	int all_spans;        /* 0: confirmed only (+highlights), 1: all */
	const char *path;     /* target file (directory for brat); "-" or NULL = stdout */
	int files_only;       /* refuse stdout, devices, FIFOs (the interface owns the terminal) */
	/* Set asynchronously (SIGINT handler) to abandon the export. */
	volatile sig_atomic_t *cancel;
	void (*progress)(void *arg, size_t done, size_t total); /* articles */
	void *arg;
	char err[512];        /* filled on failure */
} export_opts;

typedef struct export_stats {
	size_t articles;
	size_t spans;         /* spans handed to the writer */
	size_t bytes;         /* bytes written (0 when writing to a pipe) */
	size_t stale;         /* temporaries of killed exports to the same place removed */
	size_t unannotated;   /* articles left out: not done, no confirmed span
	                         (formats with FMT_UNANNOTATED_OUT, without all_spans) */
	fmt_report report;    /* what the writer left out (CoNLL overlaps ...) */
} export_stats;

/*
 * Returns 0, or -1 with o->err set (nothing left at the target on failure).
 * A single-file target is replaced atomically (temporary ".NAME.XXXXXX"
 * beside it, fsync, rename). A multi-file format (brat) writes a temporary
 * directory and renames it to the target, which must not exist or be an
 * empty directory: gloss never deletes a directory's files to make room.
 * A character device, a FIFO or a path under /dev or /proc is written in
 * place as a stream; a replaced file keeps its mode (and owner, as root);
 * the database's own files, directories and dangling symlinks are refused.
 * "-" / NULL writes to stdout as it goes (brat cannot). The label scheme
 * goes to the writer (jsonl records it).
 */
int export_run(store *st, export_opts *o, export_stats *stats);

#endif
