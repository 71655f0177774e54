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
	a->touched = 1;
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
	a->touched = 1;
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
	a->touched = 1;
}

void
ann_touch(ui *u)
{
	u->ann.touched = 1;
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
	u->ann.touched = 1;
}

static void
draw_counts(ui *u)
{
	ann_pane *a = &u->ann;
	size_t n = u->scheme.n, i, *c = u->rd.counts;
	char buf[1024];
	size_t len = 0;

	buf[0] = 0;
	draw_blank(a->w, 1, 0, a->wd, u->style[ST_DIM]);
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

/* FNV-1a over s, folded into h. */
static uint64_t
mix(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (h ^ 0xff) * 0x100000001b3ULL;
}

/* What row y would show for span s (NULL: nothing, or the empty line). */
static struct ann_row
row_key(const span *s, int selected, int empty)
{
	struct ann_row r = { empty ? -1 : 0, 0, 0, 0 };

	if (s == NULL)
		return r;
	r.id = s->id;
	r.start = s->start;
	r.end = s->end;
	r.look = mix(0xcbf29ce484222325ULL, s->label);
	r.look = mix(r.look, s->note && *s->note ? "n" : "");
	r.look = r.look * 31 + (uint64_t)(s->kind * 64 + s->status * 8 + s->source) * 2 + (selected != 0);
	return r;
}

static int
row_same(const struct ann_row *x, const struct ann_row *y)
{
	return x->id == y->id && x->start == y->start && x->end == y->end && x->look == y->look;
}

/*
 * The entry rows changed from shown to want by one row inserted or removed
 * at i (a span tagged or deleted above the bottom): shift the window's rows
 * below with winsdelln instead of drawing them again. Only when the entry
 * rows end at the window's bottom, where winsdelln stops.
 */
static void
shift_rows(ann_pane *a, const struct ann_row *want, int n)
{
	struct ann_row *sh = a->shown;
	int i = 0, j, ins = 1, del = 1;

	if (ANN_HEAD + n != getmaxy(a->w))
		return;
	while (i < n && row_same(&want[i], &sh[i]))
		i++;
	if (i >= n - 1)
		return;
	for (j = i; j < n - 1 && (ins || del); j++) {
		ins = ins && row_same(&want[j + 1], &sh[j]);
		del = del && row_same(&want[j], &sh[j + 1]);
	}
	if (!ins && !del)
		return;
	wmove(a->w, ANN_HEAD + i, 0);
	winsdelln(a->w, ins ? 1 : -1);
	if (ins) {
		memmove(sh + i + 1, sh + i, (size_t)(n - 1 - i) * sizeof *sh);
		sh[i].id = -2;
	} else {
		memmove(sh + i, sh + i + 1, (size_t)(n - 1 - i) * sizeof *sh);
		sh[n - 1].id = -2;
	}
}

/*
 * Repaint the pane: all of it when dirty; when only touched, the header
 * and the entry rows whose span or look changed (a tag changes one row
 * and the counts, not the pane: htop's Panel.c draws only the old and the
 * new selected row).
 */
void
ann_draw(ui *u)
{
	ann_pane *a = &u->ann;
	ui_style hs = u->style[u->focus == PANE_ANN ? ST_HEADER_FOCUS : ST_HEADER];
	struct ann_row want[ANN_ROWS];
	const span *t, *sel, *row[ANN_ROWS];
	char head[64];
	int y, n = a->h < ANN_ROWS ? a->h : ANN_ROWS;

	if (!a->w || (!a->dirty && !a->touched))
		return;
	if (a->dirty) {
		werase(a->w);
		for (y = 0; y < ANN_ROWS; y++)
			a->shown[y].id = -2;
	}
	snprintf(head, sizeof(head), " Annotations %zu", u->rd.spans ? spanset_count(u->rd.spans) : (size_t)0);
	draw_blank(a->w, 0, 0, a->wd, hs);
	draw_str(a->w, 0, 0, a->wd, head, hs);
	draw_counts(u);
	sel = resolve(u, a->sel_id, a->sel_start);
	t = resolve(u, a->top_id, a->top_start);
	if (sel && !a->sel_id)
		remember(&a->sel_id, &a->sel_start, sel);
	for (y = 0; y < n; y++) {
		row[y] = t;
		want[y] = row_key(t, t && t == sel, !sel && y == 0);
		if (t)
			t = step(u->rd.spans, t, +1);
	}
	if (!a->dirty)
		shift_rows(a, want, n);
	for (y = 0; y < a->h; y++) {
		const span *s = y < n ? row[y] : t;

		if (y >= n && t) /* past what is remembered: drawn every time */
			t = step(u->rd.spans, t, +1);
		else if (y < n && row_same(&want[y], &a->shown[y]))
			continue;
		if (s)
			draw_entry(u, y + ANN_HEAD, s, s == sel);
		else {
			wmove(a->w, y + ANN_HEAD, 0);
			wclrtoeol(a->w);
		}
		if (y < n)
			a->shown[y] = want[y];
	}
	if (!sel)
		draw_str(a->w, ANN_HEAD, 1, a->wd - 1,
		    u->rd.id ? "No annotations yet: 1-9 tags the word under the caret" : "No article open",
		    u->style[ST_DIM]);
	wnoutrefresh(a->w);
	a->dirty = a->touched = 0;
}
