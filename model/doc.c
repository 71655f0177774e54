/*
 * doc.c: one article in memory, as format readers produce it.
 *
 * A doc owns every string and span it points to; doc_clear frees them all.
 * Offsets are code points of doc->text (see doc.h).
 */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/doc.h"

void
doc_init(doc *d)
{
	memset(d, 0, sizeof *d);
}

void
doc_clear(doc *d)
{
	free(d->text);
	free(d->title);
	free(d->date);
	free(d->source);
	free(d->url);
	free(d->meta);
	free(d->status);
	free(d->ext_id);
	for (size_t i = 0; i < d->nspans; i++)
		span_clear(&d->spans[i]);
	free(d->spans);
	doc_init(d);
}

/* The copy is NUL-terminated, so text can also be used as a C string. */
int
doc_set_text(doc *d, const char *s, size_t len)
{
	char *t = malloc(len + 1);

	if (t == NULL)
		return -1;
	if (len > 0)
		memcpy(t, s, len);
	t[len] = '\0';
	free(d->text);
	d->text = t;
	d->len = len;
	d->chars = 0; /* not known for this text */
	return 0;
}

int
doc_add_span(doc *d, const span *s)
{
	if (d->nspans == d->capspans) {
		size_t cap = d->capspans ? d->capspans * 2 : 8;
		span *v;

		if (cap > SIZE_MAX / sizeof *v)
			return -1;
		if ((v = realloc(d->spans, cap * sizeof *v)) == NULL)
			return -1;
		d->spans = v;
		d->capspans = cap;
	}
	if (span_copy(&d->spans[d->nspans], s) != 0)
		return -1;
	d->nspans++;
	return 0;
}

static int
span_qcmp(const void *a, const void *b)
{
	return span_cmp(a, b);
}

void
doc_sort_spans(doc *d)
{
	if (d->nspans > 1)
		qsort(d->spans, d->nspans, sizeof *d->spans, span_qcmp);
}

/* Copy first, then free: s may point into the old *field. */
int
doc_set_str(char **field, const char *s)
{
	char *c = NULL;

	if (s != NULL && (c = strdup(s)) == NULL)
		return -1;
	free(*field);
	*field = c;
	return 0;
}

void
doc_err_set(doc_err *e, size_t line, size_t col, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	e->line = line;
	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}
