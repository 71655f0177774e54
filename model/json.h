/*
 * json.h: a read-only JSON tree for the format readers, and helpers for
 * writing JSON text.
 *
 * model/ does not parse JSON itself: db/json.c builds this tree from
 * SQLite's json_tree() (GUIDE: use SQLite's JSON1, not a hand parser) and
 * hands readers a json_parse_fn. Writers only need json_write_str().
 */
#ifndef GLOSS_JSON_H
#define GLOSS_JSON_H

#include <stddef.h>
#include <stdio.h>

enum json_type { JSON_NULL, JSON_TRUE, JSON_FALSE, JSON_INT, JSON_REAL, JSON_TEXT, JSON_ARRAY, JSON_OBJECT };

typedef struct json json;
struct json {
	int type;          /* enum json_type */
	char *key;         /* member name when the parent is an object, else NULL */
	char *str;         /* JSON_TEXT value (decoded UTF-8); NULL otherwise */
	size_t len;        /* bytes in str */
	long long i;       /* JSON_INT value (also set for TRUE=1/FALSE=0) */
	double d;          /* JSON_REAL value (also set for INT) */
	char *raw;         /* the value's JSON text (minified), for keeping as
	                      metadata: set for objects that are members of the
	                      root object ("meta"), NULL elsewhere, so that big
	                      arrays are never rendered or copied twice */
	json *child;       /* first element or member */
	json *next;        /* next sibling */
	size_t n;          /* number of children */
};

/* Parse text (len bytes). Returns NULL and fills msg on malformed JSON. */
typedef json *(*json_parse_fn)(void *ctx, const char *text, size_t len, char *msg, size_t msgsz);
void json_free(json *j);

/* Member of an object by name, or NULL. */
const json *json_get(const json *obj, const char *key);
/* Element i of an array, or NULL. */
const json *json_at(const json *arr, size_t i);
/* Convenience: the member as text/int (NULL / 0 and *ok = 0 when absent or of another type). */
const char *json_get_str(const json *obj, const char *key);
int json_get_int(const json *obj, const char *key, long long *v);

/*
 * Write s[0..len) as a JSON string literal: quoted; ", \ and control
 * characters below 0x20 (and DEL) escaped (\n \t ... or \u00XX);
 * U+2028/U+2029 escaped too (JavaScript readers choke on them raw); all
 * other UTF-8 written as is. Returns 0, or -1 on a write error.
 */
int json_write_str(FILE *f, const char *s, size_t len);

/*
 * Building a tree (for parsers such as db/json.c). Every node and string
 * of one tree comes from an arena that the root owns, so json_free(root)
 * is O(chunks) and never recursive.
 */
typedef struct json_builder json_builder;
json_builder *json_builder_new(void);
/* A new node, appended as the last child of parent (NULL: the root, once).
 * All fields zero. NULL on allocation failure. */
json *json_builder_add(json_builder *b, json *parent);
/* A NUL-terminated copy of s[0..len) in the arena. */
char *json_builder_str(json_builder *b, const char *s, size_t len);
/* The same for member names, shared between nodes with the same name
 * (treat as read-only). */
char *json_builder_key(json_builder *b, const char *s, size_t len);
/* Hand over the tree: returns the root (free with json_free); b is gone.
 * Returns NULL (and frees everything) if no root was added. */
json *json_builder_finish(json_builder *b);
/* Abandon a tree being built. */
void json_builder_free(json_builder *b);

/*
 * Splitting a file into JSON values without parsing them, so that each
 * record can be parsed (and reported) on its own: JSON Lines, a value
 * pretty-printed over several lines, or the elements of one big top-level
 * array. The scanner only tracks strings, escapes and bracket depth;
 * SQLite judges the rest.
 */
typedef struct json_scan {
	const char *buf;  /* the input */
	size_t len;
	size_t pos;       /* next byte to look at */
	size_t line;      /* 1-based line of pos */
	size_t col_base;  /* byte offset where that line starts */
	int in_array;     /* json_scan_array_begin() found the opening [ */
	size_t index;     /* values returned so far */
	size_t fail_at;   /* where the last problem was found (== len: the
	                     input ended first; more of it may complete it) */
} json_scan;

void json_scan_init(json_scan *sc, const char *buf, size_t len);
/*
 * The next value: *v, *vlen its bytes, *line its first line (1-based).
 * Returns 1 for a value, 0 at the end of input (or of the array), -1 on
 * a problem (msg filled, *line and *col say where): unterminated string or value,
 * unbalanced brackets, a NUL byte, the escape \u0000 (SQLite would cut
 * the string there), or (in an array) a missing comma.
 */
int json_scan_next(json_scan *sc, const char **v, size_t *vlen, size_t *line, size_t *col,
    char *msg, size_t msgsz);
/* If the input (after white space and a UTF-8 BOM) starts with '[', step
 * into it: json_scan_next then returns its elements. Returns 1 if so. */
int json_scan_array_begin(json_scan *sc);
/*
 * Streaming: did the json_scan_next call that returned rc (and *v, vlen)
 * stop at the end of the buffer, so that more input may change its answer?
 */
int json_scan_starved(const json_scan *sc, int rc, const char *v, size_t vlen);
/* Streaming: the scanner continues in buf[0..len), which begins with the
 * bytes from sc->pos of the old buffer on (lines and columns go on). */
void json_scan_rebase(json_scan *sc, const char *buf, size_t len);

#endif
