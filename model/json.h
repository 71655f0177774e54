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
	char *raw;         /* the value's JSON text (objects/arrays), for keeping as metadata */
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

/* Write s[0..len) as a JSON string literal (quoted, escaped, UTF-8 kept). */
int json_write_str(FILE *f, const char *s, size_t len);

#endif
