/*
 * span.c: span names, copies and ordering (the spanset is model/spanset.c).
 *
 * Coordinates: code points of the stored text, [start,end). Nothing here
 * looks at the text itself.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "model/span.h"

static const char *const kind_names[] = { "entity", "highlight" };
static const char *const status_names[] = { "suggested", "confirmed", "rejected" };
static const char *const source_names[] = {
	"manual", "import", "propagate", "gazetteer", "pattern", "model"
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Look a name up in a table of n; -1 if absent (or s is NULL). */
static int
name_index(const char *const *names, size_t n, const char *s)
{
	if (s == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) /* first byte first: one strcmp per parse */
		if (names[i][0] == s[0] && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/* An out-of-range value gets "unknown" rather than a wild read. */
static const char *
index_name(const char *const *names, size_t n, int v)
{
	if (v < 0 || (size_t)v >= n)
		return "unknown";
	return names[v];
}

const char *
span_kind_name(int kind)
{
	return index_name(kind_names, NELEM(kind_names), kind);
}

const char *
span_status_name(int status)
{
	return index_name(status_names, NELEM(status_names), status);
}

const char *
span_source_name(int source)
{
	return index_name(source_names, NELEM(source_names), source);
}

int
span_kind_parse(const char *s)
{
	return name_index(kind_names, NELEM(kind_names), s);
}

int
span_status_parse(const char *s)
{
	return name_index(status_names, NELEM(status_names), s);
}

int
span_source_parse(const char *s)
{
	return name_index(source_names, NELEM(source_names), s);
}

/* Copy string s (NULL stays NULL) to *o, advancing *o past it. */
static const char *
put_str(const char *s, char **o)
{
	char *d = *o;
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	memcpy(d, s, n);
	*o = d + n;
	return d;
}

/*
 * dst is treated as uninitialised (its old strings are not freed). Its
 * strings go into one block that dst owns (dst->own). On failure dst holds
 * no strings, so span_clear(dst) is still safe.
 */
int
span_copy(span *dst, const span *src)
{
	size_t n = 0;
	char *o;

	*dst = *src;
	dst->own = NULL;
	n += src->label ? strlen(src->label) + 1 : 0;
	n += src->note ? strlen(src->note) + 1 : 0;
	n += src->annotator ? strlen(src->annotator) + 1 : 0;
	if (n == 0) /* nothing to own */
		return 0;
	if ((o = malloc(n)) == NULL) {
		dst->label = dst->note = dst->annotator = NULL;
		return -1;
	}
	dst->own = o;
	dst->label = put_str(src->label, &o);
	dst->note = put_str(src->note, &o);
	dst->annotator = put_str(src->annotator, &o);
	return 0;
}

void
span_clear(span *s)
{
	free(s->own);
	s->own = NULL;
	s->label = s->note = s->annotator = NULL;
}

int
span_cmp(const span *a, const span *b)
{
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1; /* longer first */
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}
