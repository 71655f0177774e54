/*
 * pane_ann.c: the open article's spans in text order (span_cmp), with
 * per-label counts. The pane keeps the selected and the top span by id and
 * start and walks to neighbours through the spanset's position index, so
 * drawing and moving cost O(rows * log n), however many spans there are.
 * Rejected suggestions are remembered by the store but not listed.
 */
#include "tui/ui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ANN_HEAD = 2 }; /* header rows: title, counts */

struct near {
	const span *s;     /* the span we stand on */
	int seen;
	const span *before, *after;
};

static int
same_start(const span *v, void *arg)
{
	struct near *n = arg;

	if (v->start != n->s->start)
		return 0;
	if (v->id == n->s->id) {
		n->seen = 1;
		return 0;
	}
	if (n->seen) {
		n->after = v;
		return 1;
	}
	n->before = v;
	return 0;
}

/* The span after (dir > 0) or before s in span_cmp order, rejected or not. */
static const span *
step_any(spanset *ss, const span *s, int dir)
{
	struct near n = { s, 0, NULL, NULL };

	spanset_query(ss, s->start, s->start, same_start, &n);
	if (dir > 0)
		return n.after ? n.after : spanset_next_start(ss, s->start, 0);
	return n.before ? n.before : spanset_prev_start(ss, s->start);
}

static const span *
step(spanset *ss, const span *s, int dir)
{
	do
		s = step_any(ss, s, dir);
	while (s && s->status == SPAN_REJECTED);
	return s;
}

/* The first listed span at or after cp (or the last one before it). */
static const span *
first_from(spanset *ss, size_t cp)
{
	const span *s = spanset_next_start(ss, cp, 1);

	if (s && s->status == SPAN_REJECTED)
		s = step(ss, s, +1);
	if (!s) {
		s = spanset_prev_start(ss, cp);
		if (s && s->status == SPAN_REJECTED)
			s = step(ss, s, -1);
	}
	return s;
}

/* Find a remembered span again (it may have been deleted meanwhile). */
static const span *
resolve(ui *u, int64_t id, size_t start)
{
	spanset *ss = u->rd.spans;
	const span *s;

	if (!ss)
		return NULL;
	s = id ? spanset_get(ss, id) : NULL;
	if (s && s->status != SPAN_REJECTED)
		return s;
	return first_from(ss, start);
}

static void
remember(int64_t *id, size_t *start, const span *s)
{
	*id = s ? s->id : 0;
	*start = s ? s->start : 0;
}

/* Start the list at the span under or after the caret. */
void
ann_reset(ui *u)
{
	ann_pane *a = &u->ann;
	const span *s = u->rd.spans ? first_from(u->rd.spans, u->rd.caret) : NULL;

	const span *t = s;
	int i;

	remember(&a->sel_id, &a->sel_start, s);
	for (i = 0; t && i < a->h / 2; i++) { /* the spans before it in view too */
		const span *p = step(u->rd.spans, t, -1);

		if (!p)
			break;
		t = p;
	}
	remember(&a->top_id, &a->top_start, t);
	a->dirty = 1;
}

void
ann_resize(ui *u, WINDOW *w, int h, int wd)
{
	u->ann.w = w;
	u->ann.h = h - (ANN_HEAD - 1);
	u->ann.wd = wd;
	u->ann.dirty = 1;
}

/* Keep the selection among the visible rows. */
static void
follow(ui *u, int dir)
{
	ann_pane *a = &u->ann;
	spanset *ss = u->rd.spans;
	const span *sel = resolve(u, a->sel_id, a->sel_start);
	const span *t = resolve(u, a->top_id, a->top_start);
	int i;

	if (!sel || !t) {
		remember(&a->top_id, &a->top_start, sel);
		return;
	}
	for (i = 0; t && i < a->h; i++, t = step(ss, t, +1))
		if (t == sel)
			return;
	if (dir < 0 || a->h <= 0) {
		remember(&a->top_id, &a->top_start, sel);
		return;
	}
	t = sel;
	for (i = 1; i < a->h; i++) {
		const span *p = step(ss, t, -1);

		if (!p)
			break;
		t = p;
	}
	remember(&a->top_id, &a->top_start, t);
}

void
ann_move(ui *u, long delta)
{
	ann_pane *a = &u->ann;
	const span *s = resolve(u, a->sel_id, a->sel_start);
	long i;

	if (!s)
		return;
	for (i = 0; i < (delta < 0 ? -delta : delta); i++) {
		const span *n = step(u->rd.spans, s, delta < 0 ? -1 : +1);

		if (!n)
			break;
		s = n;
	}
	remember(&a->sel_id, &a->sel_start, s);
	follow(u, delta < 0 ? -1 : +1);
	a->dirty = 1;
}

void
ann_home(ui *u, int end)
{
	ann_pane *a = &u->ann;
	spanset *ss = u->rd.spans;
	const span *s;

	if (!ss)
		return;
	s = end ? spanset_prev_start(ss, (size_t)-1) : spanset_next_start(ss, 0, 1);
	if (s && s->status == SPAN_REJECTED)
		s = step(ss, s, end ? -1 : +1);
	remember(&a->sel_id, &a->sel_start, s);
	follow(u, end ? +1 : -1);
	a->dirty = 1;
}

/* Enter: put the reader's caret on the selected span and focus the reader. */
void
ann_enter(ui *u)
{
	const span *s = resolve(u, u->ann.sel_id, u->ann.sel_start);

	if (!s)
		return;
	reader_set_caret(u, s->start, 0);
	ui_focus(u, PANE_READER); /* so the span keys act there at once */
}

/* A click on row y of the pane selects that entry; a click on the
 * selected entry puts the reader's caret on it. */
void
ann_click(ui *u, int y)
{
	ann_pane *a = &u->ann;
	const span *t = resolve(u, a->top_id, a->top_start);
	int i;

	if (y < ANN_HEAD)
		return;
	for (i = ANN_HEAD; t && i < y; i++)
		t = step(u->rd.spans, t, +1);
	if (!t)
		return;
	if (t->id == a->sel_id) {
		ann_enter(u);
		return;
	}
	remember(&a->sel_id, &a->sel_start, t);
	a->dirty = 1;
}

/* Per-label counts, kept up to date by every change (never recounted by
 * scanning): counts[i] confirmed entities of scheme label i, then other
 * labels, highlights, suggestions. */
void
ann_recount(ui *u)
{
	free(u->rd.counts);
	u->rd.counts = calloc(u->scheme.n + 3, sizeof(size_t));
	u->ann.dirty = 1;
}

void
ann_count(ui *u, const span *s, int delta)
{
	size_t *c = u->rd.counts, n = u->scheme.n, i;
	const label *l;

	if (!c || s->status == SPAN_REJECTED)
		return;
	if (s->kind == SPAN_HIGHLIGHT)
		i = n + 1;
	else if (s->status == SPAN_SUGGESTED)
		i = n + 2;
	else if (s->label && (l = label_by_name(&u->scheme, s->label)) != NULL)
		i = (size_t)(l - u->scheme.v);
	else
		i = n;
	if (delta < 0 && c[i] == 0)
		return;
	c[i] = (size_t)((long)c[i] + delta);
	u->ann.dirty = 1;
}

static void
draw_counts(ui *u)
{
	ann_pane *a = &u->ann;
	size_t n = u->scheme.n, i, *c = u->rd.counts;
	char buf[1024];
	size_t len = 0;

	buf[0] = 0;
	for (i = 0; c && i < n + 3; i++) {
		const char *name = i < n ? u->scheme.v[i].name
		    : i == n ? "other" : i == n + 1 ? "highlight" : "suggested";
		int k;

		if (i >= n && c[i] == 0)
			continue;
		if (i < n && u->scheme.v[i].key)
			k = snprintf(buf + len, sizeof(buf) - len, "%s%d:%s %zu", len ? "  " : " ",
			    u->scheme.v[i].key, name, c[i]);
		else
			k = snprintf(buf + len, sizeof(buf) - len, "%s%s %zu", len ? "  " : " ", name, c[i]);
		if (k < 0 || (size_t)k >= sizeof(buf) - len)
			break;
		len += (size_t)k;
	}
	draw_str(a->w, 1, 0, a->wd, buf, u->style[ST_DIM]);
}

static const char *
status_glyph(int status)
{
	return status == SPAN_CONFIRMED ? "\u2713" : status == SPAN_SUGGESTED ? "?" : "\u2717";
}

/* The label column: as wide as the widest label name (custom schemes
 * have PERSONNE, ORGANISATION, 人名), at most a third of the pane. */
static int
label_width(ui *u)
{
	int w = 3, cap = u->ann.wd / 3;
	size_t i;

	for (i = 0; i < u->scheme.n; i++) {
		const char *n = u->scheme.v[i].name;
		int k = draw_str_width(n, strlen(n));

		if (k > w)
			w = k;
	}
	if (cap < 3)
		cap = 3;
	return w < cap ? w : cap;
}

/* One entry: label, covered text, then status, source and a note mark. */
static void
draw_entry(ui *u, int y, const span *s, int selected)
{
	ann_pane *a = &u->ann;
	ui_style st = selected ? u->style[ST_LISTSEL] : u->style[ST_TEXT];
	ui_style ls = s->kind == SPAN_HIGHLIGHT ? u->style[ST_HIGHLIGHT]
	    : *ui_label_style(u, s->label, s->status == SPAN_SUGGESTED);
	char right[64], cov[256];
	int rw, x, lw = label_width(u);

	snprintf(right, sizeof(right), " %s %s%s", status_glyph(s->status),
	    a->wd >= 36 ? span_source_name(s->source) : "",
	    s->note && *s->note ? " \u270e" : "  ");
	rw = draw_str_width(right, strlen(right));
	draw_blank(a->w, y, 0, a->wd, st);
	if (selected)
		ls.a |= A_REVERSE;
	/* the whole name, or visibly shortened, and always a blank after it */
	draw_clipped(a->w, y, 1, lw, s->kind == SPAN_HIGHLIGHT ? "HL" : (s->label ? s->label : "?"), ls);
	x = lw + 2;
	reader_covered(u, s, cov, sizeof(cov), 60);
	if (a->wd - rw - x > 2)
		draw_str(a->w, y, x, a->wd - rw - x, cov, st);
	if (a->wd - rw > x)
		draw_str(a->w, y, a->wd - rw, rw, right, st);
}

void
ann_draw(ui *u)
{
	ann_pane *a = &u->ann;
	ui_style hs = u->style[u->focus == PANE_ANN ? ST_HEADER_FOCUS : ST_HEADER];
	const span *t, *sel;
	char head[64];
	int y;

	if (!a->w || !a->dirty)
		return;
	werase(a->w);
	snprintf(head, sizeof(head), " Annotations %zu", u->rd.spans ? spanset_count(u->rd.spans) : (size_t)0);
	draw_blank(a->w, 0, 0, a->wd, hs);
	draw_str(a->w, 0, 0, a->wd, head, hs);
	draw_counts(u);
	sel = resolve(u, a->sel_id, a->sel_start);
	t = resolve(u, a->top_id, a->top_start);
	if (sel && !a->sel_id)
		remember(&a->sel_id, &a->sel_start, sel);
	for (y = 0; t && y < a->h; y++, t = step(u->rd.spans, t, +1))
		draw_entry(u, y + ANN_HEAD, t, t == sel);
	if (!sel)
		draw_str(a->w, ANN_HEAD, 1, a->wd - 1,
		    u->rd.id ? "No annotations yet: 1-9 tags the word under the caret" : "No article open",
		    u->style[ST_DIM]);
	wnoutrefresh(a->w);
	a->dirty = 0;
}
