/*
 * import_int.h: what the import driver (import.c) and the part that finds
 * and reads its input files (import_inputs.c) share.
 */
#ifndef GLOSS_IMPORT_INT_H
#define GLOSS_IMPORT_INT_H

#include <stddef.h>
#include <sys/types.h>
#include "model/fmt.h"

/* One thing to import: a file (or stdin), with a brat .ann beside it. */
struct input {
	char *path;       /* "-" for stdin */
	char *aux;        /* brat .ann path, or NULL */
	const fmt *f;     /* decided format, NULL: detect from the bytes */
	off_t size;       /* bytes (both files) */
	char *problem;    /* set: not importable, report this */
};

struct inputs {
	struct input *v;
	size_t n, cap;
	size_t ignored;   /* files in walked directories no format claims */
};

/* Every path expanded into in: directories walked recursively (entries in
 * byte order of their names, dot files skipped), brat .txt/.ann pairs
 * found, formats decided where the name or given says; a path that
 * cannot be imported is kept with its problem. 0, or -1 out of memory. */
int import_collect(struct inputs *in, char *const *paths, size_t npaths, const fmt *given);
void import_inputs_free(struct inputs *in);
int import_has_suffix(const char *s, const char *suf);
/* path opened for reading ("-": standard input), or -1 (errno set). */
int import_open(const char *path);
/* All of path ("-": standard input) into *buf (grown as needed,
 * NUL-terminated), its length in *len; 0, or -1 with errno set. */
int import_read_path(const char *path, char **buf, size_t *cap, size_t *len);

#endif
