/*
 * reader_spans.c: the spans under the reader's caret (innermost, every one
 * for the status bar) and the text a span covers. Spans are found through
 * the spanset's position index, never by scanning the article's spans, so
 * this costs the same with 100k spans as with 10.
 */
#include "tui/ui_int.h"

#include <stdio.h>
#include <string.h>

struct pick {
	const span *best;
	int entities_only;
};

static int
pick_inner(const span *s, void *arg)
{
	struct pick *p = arg;

	if (s->status == SPAN_REJECTED || (p->entities_only && s->kind != SPAN_ENTITY))
		return 0;
	if (!p->best || s->end - s->start <= p->best->end - p->best->start)
		p->best = s;
	return 0;
}

/* The innermost (shortest) span under cp that is not rejected. */
const span *
reader_innermost(ui *u, size_t cp, int entities_only)
{
	struct pick p = { NULL, entities_only };

	if (!u->rd.spans)
		return NULL;
	spanset_query(u->rd.spans, cp, cp, pick_inner, &p);
	return p.best;
}

/* The text a span covers, at most maxcp code points ("…" when cut). */
void
reader_covered(ui *u, const span *s, char *buf, size_t bufsz, size_t maxcp)
{
	reader *r = &u->rd;
	size_t end = s->end, a, b, n, i;
	int cut = 0;

	buf[0] = 0;
	if (!r->t || bufsz < 8)
		return;
	if (end > text_len(r->t))
		end = text_len(r->t);
	if (end - s->start > maxcp) {
		end = text_grapheme_start(r->t, s->start + maxcp);
		cut = 1;
	}
	a = text_cp_to_byte(r->t, s->start);
	b = text_cp_to_byte(r->t, end);
	n = b - a;
	if (n > bufsz - 4)
		n = bufsz - 4;
	while (n > 0 && ((unsigned char)text_bytes_upto(r->t, b + 1)[a + n] & 0xc0) == 0x80)
		n--; /* do not cut a code point */
	memcpy(buf, text_bytes_upto(r->t, b + 1) + a, n);
	for (i = 0; i < n; i++)
		if (buf[i] == '\n')
			buf[i] = ' ';
	if (cut)
		memcpy(buf + n, "\u2026", 4); /* includes the NUL */
	else
		buf[n] = 0;
}

struct describe {
	ui *u;
	char *buf;
	size_t size, len;
};

static int
describe_one(const span *s, void *arg)
{
	struct describe *d = arg;
	char cov[160], who[48] = "";
	int n;

	if (s->status == SPAN_REJECTED)
		return 0;
	reader_covered(d->u, s, cov, sizeof(cov), 24);
	/* a suggestion says who proposed it and how sure it is */
	if (s->status == SPAN_SUGGESTED)
		snprintf(who, sizeof(who), " %s %.0f%%", span_source_name(s->source), 100 * s->confidence);
	n = snprintf(d->buf + d->len, d->size - d->len, "%s%s%s \u201c%s\u201d%s%s",
	    d->len ? "  " : "",
	    s->kind == SPAN_HIGHLIGHT ? "highlight" : (s->label ? s->label : "?"),
	    s->status == SPAN_SUGGESTED ? "?" : "", cov, who,
	    s->note && *s->note ? " \u270e" : "");
	if (n < 0 || (size_t)n >= d->size - d->len)
		return 1;
	d->len += (size_t)n;
	return 0;
}

/* Every span under the caret, outermost first, for the status bar. */
void
reader_describe_caret(ui *u, char *buf, size_t bufsz)
{
	struct describe d = { u, buf, bufsz, 0 };

	buf[0] = 0;
	if (u->rd.spans && bufsz > 0)
		spanset_query(u->rd.spans, u->rd.caret, u->rd.caret, describe_one, &d);
}
