/*
 * json.c: the read-only JSON tree readers walk, the arena it lives in, a
 * splitter that finds where each JSON value of a file begins and ends, and
 * JSON string output for writers.
 *
 * Parsing proper is SQLite's (db/json.c feeds json_tree() rows into a
 * json_builder); nothing here decides whether JSON is valid beyond what the
 * splitter needs to find a value's end. Strings in the tree are UTF-8 as
 * SQLite decoded them (not validated here: readers check what they keep).
 */
#include "config.h"
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/buf.h"
#include "model/json.h"
#include "model/utf8.h"

/* --- arena ------------------------------------------------------------ */

enum { CHUNK_SIZE = 64 * 1024 };

struct chunk {
	struct chunk *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

/* The root node sits right after the chunk list that owns the tree, so
 * json_free(root) finds its arena. */
struct json_root {
	struct chunk *chunks;
	json node;
};

struct open_node {
	json *node;
	json *last; /* last child so far */
};

enum { KEY_CACHE = 16 };

struct json_builder {
	struct chunk *chunks;
	struct json_root *root;
	struct open_node *path; /* the root ... the last node added */
	size_t depth, cap;
	char *keys[KEY_CACHE];  /* member names seen lately (records repeat them) */
	size_t keylen[KEY_CACHE];
	size_t nextkey;
};

static void
chunks_free(struct chunk *c)
{
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
}

/* n bytes aligned to a (a power of two), from the current chunk or a new
 * one (a request larger than a chunk gets a chunk of its own, kept behind
 * the current one so the current one keeps filling). */
static void *
arena_alloc(struct chunk **head, size_t n, size_t a)
{
	struct chunk *c = *head;
	size_t at = c != NULL ? (c->used + a - 1) & ~(a - 1) : 0;

	if (n == 0)
		n = 1;
	if (c == NULL || at > c->cap || c->cap - at < n) {
		size_t cap = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;

		if (cap > SIZE_MAX - sizeof *c)
			return NULL;
		if ((c = malloc(sizeof *c + cap)) == NULL)
			return NULL;
		c->used = 0;
		c->cap = cap;
		if (*head != NULL && cap != CHUNK_SIZE) {
			c->next = (*head)->next;
			(*head)->next = c;
		} else {
			c->next = *head;
			*head = c;
		}
		at = 0;
	}
	c->used = at + n;
	return c->data + at;
}

json_builder *
json_builder_new(void)
{
	return calloc(1, sizeof(json_builder));
}

void
json_builder_free(json_builder *b)
{
	if (b == NULL)
		return;
	chunks_free(b->chunks);
	if (b->root != NULL)
		free(b->root);
	free(b->path);
	free(b);
}

/*
 * Children are appended in pre-order (as json_tree yields rows), so the
 * parent of a new node is always on the path from the root to the last
 * node added: pop back to it and append after its last child. That keeps
 * appends O(1) without a "last child" field in every node.
 */
json *
json_builder_add(json_builder *b, json *parent)
{
	json *n;
	struct open_node *p;

	if (parent == NULL) {
		if (b->root != NULL)
			return NULL;
		if ((b->root = calloc(1, sizeof *b->root)) == NULL)
			return NULL;
		n = &b->root->node;
		b->depth = 0;
	} else {
		while (b->depth > 0 && b->path[b->depth - 1].node != parent)
			b->depth--;
		if (b->depth == 0)
			return NULL; /* not pre-order */
		if ((n = arena_alloc(&b->chunks, sizeof *n, alignof(json))) == NULL)
			return NULL;
		memset(n, 0, sizeof *n);
		if (b->path[b->depth - 1].last != NULL)
			b->path[b->depth - 1].last->next = n;
		else
			parent->child = n;
		b->path[b->depth - 1].last = n;
		parent->n++;
	}
	if ((p = array_grow(b->path, &b->cap, b->depth + 1, sizeof *p)) == NULL)
		return NULL;
	b->path = p;
	b->path[b->depth].node = n;
	b->path[b->depth].last = NULL;
	b->depth++;
	return n;
}

char *
json_builder_str(json_builder *b, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX || (p = arena_alloc(&b->chunks, len + 1, 1)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Member names repeat in every element of an array of objects: keep one
 * copy of each of the last few names. */
char *
json_builder_key(json_builder *b, const char *s, size_t len)
{
	char *k;

	for (size_t i = 0; i < KEY_CACHE; i++)
		if (b->keys[i] != NULL && b->keylen[i] == len && memcmp(b->keys[i], s, len) == 0)
			return b->keys[i];
	if ((k = json_builder_str(b, s, len)) == NULL)
		return NULL;
	b->keys[b->nextkey] = k;
	b->keylen[b->nextkey] = len;
	b->nextkey = (b->nextkey + 1) % KEY_CACHE;
	return k;
}

json *
json_builder_finish(json_builder *b)
{
	json *root = NULL;

	if (b->root != NULL) {
		b->root->chunks = b->chunks;
		root = &b->root->node;
		b->root = NULL;
		b->chunks = NULL;
	}
	json_builder_free(b);
	return root;
}

void
json_free(json *j)
{
	struct json_root *r;

	if (j == NULL)
		return;
	r = (struct json_root *)((char *)j - offsetof(struct json_root, node));
	chunks_free(r->chunks);
	free(r);
}

/* --- lookups ---------------------------------------------------------- */

const json *
json_get(const json *obj, const char *key)
{
	if (obj == NULL || obj->type != JSON_OBJECT)
		return NULL;
	for (const json *c = obj->child; c; c = c->next)
		if (c->key != NULL && strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

const json *
json_at(const json *arr, size_t i)
{
	if (arr == NULL || arr->type != JSON_ARRAY || i >= arr->n)
		return NULL;
	for (const json *c = arr->child; c; c = c->next)
		if (i-- == 0)
			return c;
	return NULL;
}

const char *
json_get_str(const json *obj, const char *key)
{
	const json *v = json_get(obj, key);

	return v != NULL && v->type == JSON_TEXT ? v->str : NULL;
}

/* An integer member; a real with an integral value in range counts too
 * (some tools write 12.0). Returns 1 if *v was set, else 0. */
int
json_get_int(const json *obj, const char *key, long long *v)
{
	const json *j = json_get(obj, key);

	if (j == NULL)
		return 0;
	if (j->type == JSON_INT) {
		*v = j->i;
		return 1;
	}
	if (j->type == JSON_REAL && j->d >= -9.2e18 && j->d <= 9.2e18
	    && j->d == (double)(long long)j->d) {
		*v = (long long)j->d;
		return 1;
	}
	return 0;
}

/* --- writing ---------------------------------------------------------- */

/* 1 for bytes that need an escape; U+2028/9 are handled apart. */
static const unsigned char needs_escape[256] = {
	1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
	0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
	0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,
	0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,
	0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
	0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
	0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
	0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
};

/* Runs of bytes that need nothing are written with one fwrite each; 0xE2
 * is only "special" as the lead byte of U+2028/U+2029. */
int
json_write_str(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	char esc[8];

	if (putc('"', f) == EOF)
		return -1;
	while (i < len) {
		unsigned char c = p[i];
		const char *e = NULL;
		size_t skip = 1;

		if (!needs_escape[c]) {
			i++;
			continue;
		}
		if (c == 0xE2) {
			if (i + 2 < len && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
				e = p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
				skip = 3;
			} else {
				i++;
				continue;
			}
		}
		if (i > run && fwrite(p + run, 1, i - run, f) != i - run)
			return -1;
		if (e == NULL) {
			switch (c) {
			case '"': e = "\\\""; break;
			case '\\': e = "\\\\"; break;
			case '\n': e = "\\n"; break;
			case '\t': e = "\\t"; break;
			case '\r': e = "\\r"; break;
			case '\b': e = "\\b"; break;
			case '\f': e = "\\f"; break;
			default:
				snprintf(esc, sizeof esc, "\\u%04x", c);
				e = esc;
			}
		}
		if (fputs(e, f) == EOF)
			return -1;
		i += skip;
		run = i;
	}
	if (i > run && fwrite(p + run, 1, i - run, f) != i - run)
		return -1;
	return putc('"', f) == EOF ? -1 : 0;
}

/* --- splitting a file into values -------------------------------------- */

void
json_scan_init(json_scan *sc, const char *buf, size_t len)
{
	memset(sc, 0, sizeof *sc);
	sc->buf = buf;
	sc->len = len;
	sc->line = 1;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		sc->pos = sc->col_base = 3;
}

static void
skip_space(json_scan *sc)
{
	while (sc->pos < sc->len) {
		char c = sc->buf[sc->pos];

		if (c == '\n') {
			sc->line++;
			sc->col_base = sc->pos + 1;
		} else if (c != ' ' && c != '\t' && c != '\r')
			break;
		sc->pos++;
	}
}

static int
scan_fail(json_scan *sc, size_t at, size_t *line, size_t *col, char *msg, size_t msgsz, const char *what)
{
	sc->fail_at = at;
	*line = sc->line;
	*col = at - sc->col_base + 1;
	snprintf(msg, msgsz, "%s", what);
	return -1;
}

/*
 * Step over the string whose opening quote is at sc->pos. A raw newline
 * ends the search (JSON strings cannot hold one, and in JSON Lines it
 * means the record is cut), so one bad line cannot swallow the file.
 */
/* Does word w hold a byte that can end a run of plain string bytes
 * ('"', '\\', LF or NUL)? May say yes wrongly only after one that does. */
static inline int
string_stop8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\'), lf = w ^ (ones * '\n');

	return (((q - ones) & ~q) | ((bs - ones) & ~bs) | ((lf - ones) & ~lf) | ((w - ones) & ~w)) & UTF8_HIGH8
	    ? 1 : 0;
}

static int
scan_string(json_scan *sc, size_t *line, size_t *col, char *msg, size_t msgsz)
{
	size_t i = sc->pos + 1;
	const char *b = sc->buf;

	while (i < sc->len) {
		char c;

		/* plain bytes eight at a time: most of a news text */
		while (i + 8 <= sc->len && !string_stop8(utf8_load8((const unsigned char *)b + i)))
			i += 8;
		if (i >= sc->len)
			break;
		c = b[i];

		if (c == '"') {
			sc->pos = i + 1;
			return 0;
		}
		if (c == '\\') {
			if (i + 5 < sc->len && memcmp(b + i + 1, "u0000", 5) == 0)
				return scan_fail(sc, i, line, col, msg, msgsz,
				    "the escape \\u0000 (a NUL character) is not supported in strings");
			if (i + 1 < sc->len && (b[i + 1] == '\n' || b[i + 1] == '\0'))
				break;
			i += 2;
			continue;
		}
		if (c == '\n')
			return scan_fail(sc, i, line, col, msg, msgsz, "unterminated string (a line break inside a string)");
		if (c == '\0')
			return scan_fail(sc, i, line, col, msg, msgsz, "NUL byte in the input");
		i++;
	}
	if (i < sc->len && sc->buf[i] == '\0')
		return scan_fail(sc, i, line, col, msg, msgsz, "NUL byte in the input");
	return scan_fail(sc, i < sc->len ? i : sc->len, line, col, msg, msgsz, "unterminated string");
}

/* Step over one value starting at sc->pos (not white space). */
static int
scan_value(json_scan *sc, size_t *line, size_t *col, char *msg, size_t msgsz)
{
	const char *b = sc->buf;
	char c = b[sc->pos];
	size_t depth = 0;

	if (c == '"')
		return scan_string(sc, line, col, msg, msgsz);
	if (c != '{' && c != '[') {
		size_t i = sc->pos;

		while (i < sc->len && strchr(" \t\r\n,:[]{}\"", b[i]) == NULL && b[i] != '\0')
			i++;
		if (i == sc->pos) {
			char m[64];

			if (c == '\0')
				return scan_fail(sc, i, line, col, msg, msgsz, "NUL byte in the input");
			snprintf(m, sizeof m, "unexpected '%c'", c);
			return scan_fail(sc, i, line, col, msg, msgsz, m);
		}
		sc->pos = i;
		return 0;
	}
	while (sc->pos < sc->len) {
		c = b[sc->pos];
		switch (c) {
		case '"':
			if (scan_string(sc, line, col, msg, msgsz) != 0)
				return -1;
			continue;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (--depth == 0) {
				sc->pos++;
				return 0;
			}
			break;
		case '\n':
			sc->line++;
			sc->col_base = sc->pos + 1;
			break;
		case '\0':
			return scan_fail(sc, sc->pos, line, col, msg, msgsz, "NUL byte in the input");
		}
		sc->pos++;
	}
	return scan_fail(sc, sc->pos, line, col, msg, msgsz, "unexpected end of input (unbalanced brackets)");
}

int
json_scan_array_begin(json_scan *sc)
{
	skip_space(sc);
	if (sc->pos < sc->len && sc->buf[sc->pos] == '[') {
		sc->pos++;
		sc->in_array = 1;
		return 1;
	}
	return 0;
}

int
json_scan_next(json_scan *sc, const char **v, size_t *vlen, size_t *line, size_t *col,
    char *msg, size_t msgsz)
{
	size_t start, l, cb;

	skip_space(sc);
	if (sc->in_array == 2) { /* after the closing ] */
		if (sc->pos < sc->len)
			return scan_fail(sc, sc->pos, line, col, msg, msgsz, "text after the closing ]");
		return 0;
	}
	if (sc->in_array) {
		if (sc->pos >= sc->len)
			return scan_fail(sc, sc->pos, line, col, msg, msgsz, "unexpected end of input (no closing ])");
		if (sc->buf[sc->pos] == ']' && sc->index == 0) {
			sc->pos++;
			sc->in_array = 2;
			return json_scan_next(sc, v, vlen, line, col, msg, msgsz);
		}
		if (sc->index > 0) {
			if (sc->buf[sc->pos] == ']') {
				sc->pos++;
				sc->in_array = 2;
				return json_scan_next(sc, v, vlen, line, col, msg, msgsz);
			}
			if (sc->buf[sc->pos] != ',')
				return scan_fail(sc, sc->pos, line, col, msg, msgsz, "expected , or ] after an array element");
			sc->pos++;
			skip_space(sc);
			if (sc->pos >= sc->len)
				return scan_fail(sc, sc->pos, line, col, msg, msgsz, "unexpected end of input (no closing ])");
		}
	} else if (sc->pos >= sc->len)
		return 0;
	start = sc->pos;
	l = sc->line;
	cb = sc->col_base;
	if (scan_value(sc, line, col, msg, msgsz) != 0)
		return -1;
	*v = sc->buf + start;
	*vlen = sc->pos - start;
	*line = l;
	*col = start - cb + 1;
	sc->index++;
	return 1;
}

int
json_scan_starved(const json_scan *sc, int rc, const char *v, size_t vlen)
{
	if (rc == 0)
		return 1;
	if (rc < 0)
		return sc->fail_at >= sc->len;
	/* a number or literal may go on; a string, object or array closed */
	return v + vlen == sc->buf + sc->len && *v != '"' && *v != '{' && *v != '[';
}

/* col_base may pass below zero (a line that began before the new
 * buffer): unsigned arithmetic keeps pos - col_base right. */
void
json_scan_rebase(json_scan *sc, const char *buf, size_t len)
{
	sc->col_base -= sc->pos;
	sc->pos = 0;
	sc->buf = buf;
	sc->len = len;
}
