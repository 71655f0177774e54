/*
 * label.h: label schemes.
 *
 * A scheme file has one label per line: `KEY NAME COLOUR DESCRIPTION...`,
 * whitespace-separated, where KEY is the digit 1-9 that applies it (or `-`
 * for no key), COLOUR a curses colour name (red green yellow blue magenta
 * cyan white black, optionally prefixed `bright-`), and the description the
 * rest of the line. `#` starts a comment line; blank lines are ignored.
 */
#ifndef GLOSS_LABEL_H
#define GLOSS_LABEL_H

#include <stddef.h>

typedef struct label {
	int key;           /* 1..9, or 0 for none */
	char *name;        /* "PER" */
	char *colour;      /* "red", "bright-blue" */
	char *description; /* may be "" */
} label;

typedef struct label_scheme {
	label *v;
	size_t n;
} label_scheme;

/*
 * Parse a scheme from s[0..len). Returns 0, or -1 with *line set to the
 * 1-based line of the problem and msg (size msgsz) saying what is wrong:
 * unknown colour, duplicate name or key, missing field, bad key, a name
 * over 64 bytes or not UTF-8 or holding a control character. A file without any label fails with *line 0.
 * Names are case-sensitive; colours are not (stored in lower case). *out
 * is overwritten, not freed first; on failure it is left empty.
 */
int label_scheme_parse(const char *s, size_t len, label_scheme *out, size_t *line, char *msg, size_t msgsz);
/*
 * Can name be a label? Every way a label enters gloss (a scheme file, a
 * jsonl label record, a span of any imported format) asks this, so what
 * gloss accepts it can print, export and read back: 1 to 64 bytes of
 * valid UTF-8 with no white space, no control character and no character
 * that hides or reorders text (vis_hidden). Returns 0, or -1 with msg
 * (size msgsz) saying why not.
 */
int label_name_check(const char *name, size_t n, char *msg, size_t msgsz);
/* Serialise in the file format (a header comment then one line per label). */
char *label_scheme_format(const label_scheme *ls);
void label_scheme_clear(label_scheme *ls);
const label *label_by_key(const label_scheme *ls, int key);
const label *label_by_name(const label_scheme *ls, const char *name);
/* 0..7 curses colour number for a colour name, +8 when bright; -1 if unknown. */
int label_colour_index(const char *colour);

/* The built-in default scheme (conll: 1 PER, 2 ORG, 3 LOC, 4 MISC) as file text. */
extern const char label_default_scheme[];

#endif
