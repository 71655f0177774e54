/*
 * fmt.h: the format registry. Each format (GUIDE §6) is a reader that turns
 * an input buffer into a stream of docs and a writer that turns a stream of
 * docs into files. No SQL and no file system walking here: db/ drivers read
 * files, find brat pairs, and give writers their output streams.
 */
#ifndef GLOSS_FMT_H
#define GLOSS_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "model/buf.h"
#include "model/doc.h"
#include "model/json.h"

struct label_scheme; /* model/label.h */

enum fmt_offsets { FMT_OFF_DEFAULT, FMT_OFF_CODEPOINTS, FMT_OFF_UTF16, FMT_OFF_GRAPHEMES };
enum fmt_scheme { FMT_SCHEME_AUTO, FMT_SCHEME_IOB1, FMT_SCHEME_IOB2, FMT_SCHEME_BILOU };

typedef struct fmt_opts {
	int offsets;            /* enum fmt_offsets */
	int scheme;             /* enum fmt_scheme (conll) */
	size_t tokcol, tagcol;  /* conll: 1-based token and tag columns; 0: first and last */
	int as_status;          /* span_status given to spans the format has no status for */
	int lossy;              /* txt: replace invalid UTF-8 */
	json_parse_fn json_parse; /* set by the driver for JSON formats */
	void *json_ctx;
	/*
	 * The label scheme travels with gloss's own jsonl (a first record
	 * {"gloss":"labels","labels":[...]}). Export: the driver sets labels
	 * (NULL: no such record). Import: the reader calls on_labels with the
	 * scheme it read (NULL: ignored), before the docs that follow it; a
	 * non-zero return stops the read with an error.
	 */
	const struct label_scheme *labels;
	int (*on_labels)(const struct label_scheme *ls, void *arg);
	void *labels_arg;
	/* Export: where a writer that has one writes the matching tool
	 * configuration (Label Studio's labelling config); NULL: none. */
	FILE *config;
	/*
	 * Import of a file read as a stream (readers of a fmt with
	 * FMT_STREAMS): fmt_input.buf then holds a window of the input, not
	 * all of it. more(more_arg, keep, &buf, &len) keeps the window's last
	 * keep bytes (a record not yet complete), moved to its start, appends
	 * what follows in the input and sets buf and len to the new window. It
	 * returns 1 when bytes were added, 0 at the end of the input, -1 on a
	 * read error (errno). Pointers into the old window are invalid after
	 * it. NULL: buf holds the whole input.
	 */
	int (*more)(void *more_arg, size_t keep, const char **buf, size_t *len);
	void *more_arg;
} fmt_opts;

/* One input: a file's bytes; for brat, the .txt in buf and the .ann in aux. */
typedef struct fmt_input {
	const char *name;       /* for messages */
	const char *buf;
	size_t len;
	const char *aux;        /* brat .ann (may be NULL: no annotations) */
	size_t auxlen;
} fmt_input;

/* Reader callback: d is the reader's; copy what you keep. Non-zero stops. */
typedef int (*fmt_emit)(const doc *d, void *arg);

/* A reader's report of things it did not import (brat R/E lines ...). */
typedef struct fmt_report {
	size_t skipped;          /* records/lines counted but not imported */
	size_t replaced;         /* invalid bytes replaced by U+FFFD (txt --lossy) */
	/* e.g. "3 R lines, 1 E line not imported (relations/events)"; grows,
	 * never cut: the note is the user's only sign of what was left out.
	 * A zeroed report is empty; fmt_report_free gives the memory back. */
	struct buf what;
} fmt_report;

/* Append a printf-formatted piece to rep->what; 0, or -1 out of memory
 * (the note is then left as it was). */
int fmt_report_add(fmt_report *rep, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* The note so far, "" when there is none. */
const char *fmt_report_what(const fmt_report *rep);
void fmt_report_free(fmt_report *rep);

/* Where writers put their output. Single-file formats write to f; brat asks
 * open() for one stream per article name ("0001.txt", "0001.ann"), and
 * must close() it. */
typedef struct fmt_out {
	FILE *f;
	FILE *(*open)(void *arg, const char *name);
	int (*close)(void *arg, FILE *f);
	void *arg;
} fmt_out;

typedef struct fmt_writer fmt_writer; /* a format's own state */

typedef struct fmt {
	const char *name;       /* "conll" */
	const char *exts;       /* space-separated extensions, ".conll .iob" */
	int multi_file;         /* writer needs fmt_out.open (brat) */
	/* 1 if buf looks like this format (first bytes), else 0. */
	int (*sniff)(const char *buf, size_t len);
	/* Read docs; returns 0, or -1 with *err (line = record). NULL: no reader. */
	int (*read)(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg, fmt_report *rep, doc_err *err);
	/* Writer: begin, one call per doc, end (end also frees). NULL: no writer. */
	fmt_writer *(*write_begin)(fmt_out *out, const fmt_opts *o);
	int (*write_doc)(fmt_writer *w, const doc *d);
	int (*write_end)(fmt_writer *w);
	/*
	 * What the writer left out so far (CoNLL: overlapping spans it cannot
	 * nest; brat: attributes whose span is gone), added to *rep. Call it
	 * before write_end. NULL: the format writes everything.
	 */
	void (*write_report)(fmt_writer *w, fmt_report *rep);
	/* The fmt_opts it looks at (FMT_TAKES_*): the others mean nothing for
	 * it, and the command line says so instead of ignoring them. */
	unsigned takes;
} fmt;

/*
 * FMT_UNANNOTATED_OUT: the format says an article without spans has no
 * entities (spaCy training reads "spans":[] so), so by default the export
 * leaves out articles nobody annotated (not done, no confirmed span).
 */
/*
 * FMT_SUGGESTED_OUT: the format has a place for suggestions (Label Studio's
 * predictions), so the export hands it suggested spans by default.
 * FMT_TAKES_CONFIG: the writer writes fmt_opts.config.
 * FMT_STREAMS: the reader takes its input window by window through
 * fmt_opts.more, so a large file never sits in memory whole.
 */
enum { FMT_TAKES_OFFSETS = 1, FMT_TAKES_SCHEME = 2, FMT_UNANNOTATED_OUT = 4, FMT_TAKES_GRAPHEMES = 8,
	FMT_SUGGESTED_OUT = 16, FMT_TAKES_CONFIG = 32, FMT_TAKES_COLUMNS = 64, FMT_STREAMS = 128 };

/* The registry: txt, jsonl, spacy, doccano, conll, brat, labelstudio, csv. */
const fmt *fmt_by_name(const char *name);
/* The title of the RSS or Atom feed in buf (<channel><title>, Atom
 * <feed><title>) as text, malloc'd; NULL when buf is not a feed or the
 * feed has no title (fmt_feed.c). */
char *feed_title(const char *buf, size_t len);
/* Guess from the file name's extension, then the first bytes. NULL if unknown. */
const fmt *fmt_detect(const char *name, const char *buf, size_t len);
/* 1 if some format claims the file name's extension. */
int fmt_ext_known(const char *name);
/* NULL-terminated list of all formats. */
const fmt *const *fmt_all(void);

/*
 * For readers and writers: make room for n elements of size bytes in the
 * array v whose capacity is *cap (doubling). Returns the array, moved or
 * not, or NULL on overflow or allocation failure (v is then still valid).
 */
void *fmt_grow(void *v, size_t *cap, size_t n, size_t size);
/* The same for a byte buffer *buf: 0, or -1 with *buf unchanged. */
int fmt_grow_bytes(char **buf, size_t *cap, size_t need);

/*
 * White space as Python's str.split() and str.strip() see it (str.isspace:
 * U+0009-000D, U+001C-001F, U+0020, U+0085, U+00A0, U+1680, U+2000-200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000). brat, spaCy, NLTK and most
 * CoNLL readers are Python and split or strip with it.
 */
int fmt_py_space(uint32_t c);

/* A label colour (model/label.h's names) as "#rrggbb" for tools that
 * colour labels (brat, Label Studio): light enough to read text on. */
const char *fmt_colour_hex(const char *colour);

/*
 * Append s[0..n) to out (size outsz, *o bytes used, kept NUL-terminated)
 * for a one-line message, with what cannot be seen made visible: '\\' as
 * "\\\\", LF, CR, TAB as "\\n", "\\r", "\\t", other controls, format
 * characters (ZWSP, bidi marks, U+FEFF), separators other than U+0020
 * (U+00A0, U+2028...), unassigned and private-use code points as
 * "<U+XXXX>", bytes that are not UTF-8 as "<0xXX>". Two strings that differ
 * never print alike. Cut with "..." at a character boundary once out
 * holds about max bytes (or outsz is near).
 */
void fmt_quote_add(char *out, size_t outsz, size_t *o, const char *s, size_t n, size_t max);

#endif
