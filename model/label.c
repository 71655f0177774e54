/*
 * label.c: label scheme files (see label.h for the format).
 *
 * Parsing is strict and line-numbered, so that a person editing a scheme
 * by hand is told exactly which line is wrong and why. Lines end at LF; a
 * CR before it is dropped. Fields are separated by spaces or tabs.
 */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>
#include "model/buf.h"
#include "model/label.h"
#include "model/vis.h"

#define LABEL_NAME_MAX 64 /* bytes */

const char label_default_scheme[] =
    "# gloss label scheme: CoNLL-2003 entity types (the default).\n"
    "# KEY NAME COLOUR DESCRIPTION\n"
    "1 PER red Person: real or fictional people, by name\n"
    "2 ORG blue Organisation: companies, agencies, institutions, teams\n"
    "3 LOC green Location: places, countries, cities, regions, landmarks\n"
    "4 MISC magenta Miscellaneous: events, nationalities, products, works\n";

static const char *const colours[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

int
label_colour_index(const char *colour)
{
	int bright = 0;

	if (colour == NULL)
		return -1;
	if (strncasecmp(colour, "bright-", 7) == 0) {
		bright = 8;
		colour += 7;
	}
	for (int i = 0; i < 8; i++)
		if (strcasecmp(colour, colours[i]) == 0)
			return i + bright;
	return -1;
}

void
label_scheme_clear(label_scheme *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		free(ls->v[i].name);
		free(ls->v[i].colour);
		free(ls->v[i].description);
	}
	free(ls->v);
	ls->v = NULL;
	ls->n = 0;
}

const label *
label_by_key(const label_scheme *ls, int key)
{
	if (key <= 0)
		return NULL;
	for (size_t i = 0; i < ls->n; i++)
		if (ls->v[i].key == key)
			return &ls->v[i];
	return NULL;
}

const label *
label_by_name(const label_scheme *ls, const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < ls->n; i++)
		if (strcmp(ls->v[i].name, name) == 0)
			return &ls->v[i];
	return NULL;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Next field of line [*p, e): returns its start and sets *n; NULL if none. */
static const char *
next_field(const char **p, const char *e, size_t *n)
{
	const char *s = *p, *f;

	while (s < e && is_blank(*s))
		s++;
	if (s == e)
		return NULL;
	f = s;
	while (s < e && !is_blank(*s))
		s++;
	*n = (size_t)(s - f);
	*p = s;
	return f;
}

static char *
dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void
say(char *msg, size_t msgsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
say(char *msg, size_t msgsz, const char *fmt, ...)
{
	va_list ap;

	if (msg == NULL || msgsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, msgsz, fmt, ap);
	va_end(ap);
}

int
label_name_check(const char *name, size_t n, char *msg, size_t msgsz)
{
	const uint8_t *p = (const uint8_t *)name, *e = p + n;

	if (n == 0) {
		say(msg, msgsz, "empty label name");
		return -1;
	}
	if (n > LABEL_NAME_MAX) {
		say(msg, msgsz, "label name longer than %d bytes", LABEL_NAME_MAX);
		return -1;
	}
	if (u8_check(p, n) != NULL) {
		say(msg, msgsz, "label name is not valid UTF-8");
		return -1;
	}
	while (p < e) {
		ucs4_t c;

		p += u8_mbtouc(&c, p, (size_t)(e - p));
		if (c == ' ' || vis_hidden(c)) {
			say(msg, msgsz, "label name holds %s U+%04X", c == ' ' ? "a space" : "a control character",
			    (unsigned int)c);
			return -1;
		}
	}
	return 0;
}

/*
 * Parse one non-comment line [p, e) into *l. Returns 0, or -1 with msg
 * filled. Checks against the labels already in ls for duplicates.
 */
static int
parse_line(const char *p, const char *e, const label_scheme *ls, label *l,
    char *msg, size_t msgsz)
{
	const char *f, *name, *col;
	size_t n, namen, coln;
	char cbuf[32];

	memset(l, 0, sizeof *l);
	f = next_field(&p, e, &n);
	if (n == 1 && *f == '-')
		l->key = 0;
	else if (n == 1 && *f >= '1' && *f <= '9')
		l->key = *f - '0';
	else {
		say(msg, msgsz, "bad key '%.*s': want 1-9 or -", (int)(n > 16 ? 16 : n), f);
		return -1;
	}
	if ((name = next_field(&p, e, &namen)) == NULL) {
		say(msg, msgsz, "missing label name and colour");
		return -1;
	}
	if (label_name_check(name, namen, msg, msgsz) != 0)
		return -1;
	if ((col = next_field(&p, e, &coln)) == NULL) {
		say(msg, msgsz, "missing colour for label '%.*s'", (int)namen, name);
		return -1;
	}
	if (coln >= sizeof cbuf) {
		say(msg, msgsz, "unknown colour '%.*s...'", 16, col);
		return -1;
	}
	memcpy(cbuf, col, coln);
	cbuf[coln] = '\0';
	if (label_colour_index(cbuf) < 0) {
		say(msg, msgsz, "unknown colour '%s' (want red green yellow blue "
		    "magenta cyan white black, optionally bright-)", cbuf);
		return -1;
	}
	for (size_t i = 0; i < ls->n; i++) {
		if (strlen(ls->v[i].name) == namen &&
		    memcmp(ls->v[i].name, name, namen) == 0) {
			say(msg, msgsz, "duplicate label name '%.*s'", (int)namen, name);
			return -1;
		}
		if (l->key != 0 && ls->v[i].key == l->key) {
			say(msg, msgsz, "key %d already used by label '%s'",
			    l->key, ls->v[i].name);
			return -1;
		}
	}
	/* The description is the rest of the line, trimmed at both ends. */
	while (p < e && is_blank(*p))
		p++;
	while (e > p && is_blank(e[-1]))
		e--;
	if (u8_check((const uint8_t *)p, (size_t)(e - p)) != NULL) {
		say(msg, msgsz, "description is not valid UTF-8");
		return -1;
	}
	for (size_t i = 0; i < coln; i++)
		cbuf[i] = (char)(cbuf[i] >= 'A' && cbuf[i] <= 'Z' ? cbuf[i] + 32 : cbuf[i]);
	l->name = dupn(name, namen);
	l->colour = dupn(cbuf, coln);
	l->description = dupn(p, (size_t)(e - p));
	if (!l->name || !l->colour || !l->description) {
		free(l->name);
		free(l->colour);
		free(l->description);
		say(msg, msgsz, "out of memory");
		return -1;
	}
	return 0;
}

/*
 * *out is overwritten (whatever it held is not freed); on failure it is
 * left empty. A file with no labels at all is an error reported at line 0
 * (the file as a whole). NUL bytes are refused.
 */
int
label_scheme_parse(const char *s, size_t len, label_scheme *out, size_t *line,
    char *msg, size_t msgsz)
{
	label_scheme ls = { NULL, 0 };
	size_t cap = 0, ln = 0;
	const char *p = s, *end = s + len;

	if (line != NULL)
		*line = 0;
	out->v = NULL;
	out->n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e, *q;
		label *v;
		const char *next = nl ? nl + 1 : end;
		size_t n = (size_t)((nl ? nl : end) - p);

		ln++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		e = p + n;
		if (memchr(p, '\0', n) != NULL) {
			say(msg, msgsz, "NUL byte in line");
			goto fail;
		}
		for (q = p; q < e && is_blank(*q); q++)
			;
		if (q == e || *q == '#') {
			p = next;
			continue;
		}
		if ((v = array_grow(ls.v, &cap, ls.n + 1, sizeof *v)) == NULL) {
			say(msg, msgsz, "out of memory");
			goto fail;
		}
		ls.v = v;
		if (parse_line(q, e, &ls, &ls.v[ls.n], msg, msgsz) != 0)
			goto fail;
		ls.n++;
		p = next;
	}
	if (ls.n == 0) {
		ln = 0;
		say(msg, msgsz, "no labels in scheme");
		goto fail;
	}
	*out = ls;
	return 0;
fail:
	if (line != NULL)
		*line = ln;
	label_scheme_clear(&ls);
	return -1;
}

/*
 * Control characters (a newline in a description set by code, say) become
 * spaces so that the output always parses back into the same scheme.
 */
static int
buf_add_field(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		char c = (unsigned char)*s < 0x20 && *s != '\t' ? ' ' : *s;

		if (buf_append(b, &c, 1) != 0)
			return -1;
	}
	return 0;
}

char *
label_scheme_format(const label_scheme *ls)
{
	static const char head[] =
	    "# gloss label scheme: KEY NAME COLOUR DESCRIPTION\n"
	    "# KEY is 1-9 or - for none; COLOUR is red green yellow blue magenta\n"
	    "# cyan white black, optionally prefixed bright-.\n";
	struct buf b = BUF_INIT;

	if (buf_append(&b, head, sizeof head - 1) != 0)
		goto fail;
	for (size_t i = 0; i < ls->n; i++) {
		const label *l = &ls->v[i];
		char key[3] = { l->key >= 1 && l->key <= 9 ? (char)('0' + l->key) : '-', ' ', 0 };

		if (buf_append(&b, key, 2) != 0 || buf_add_field(&b, l->name) != 0 ||
		    buf_append(&b, " ", 1) != 0 || buf_add_field(&b, l->colour) != 0)
			goto fail;
		if (l->description != NULL && l->description[0] != '\0' &&
		    (buf_append(&b, " ", 1) != 0 || buf_add_field(&b, l->description) != 0))
			goto fail;
		if (buf_append(&b, "\n", 1) != 0)
			goto fail;
	}
	return b.s;
fail:
	free(b.s);
	return NULL;
}
