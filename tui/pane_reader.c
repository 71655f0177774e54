/*
 * pane_reader.c: the open article, wrapped, with its spans and the caret.
 *
 * The visible rows (vis[]) are computed from the anchor only when the view
 * scrolls or the width changes; a caret move repaints the rows it touched
 * and asks the layout only about the caret's own paragraph, which the
 * layout has cached. Spans are looked up per visible row and at the caret
 * through the spanset's position index, never by scanning the article's
 * spans, so a key costs the same with 100k spans as with 10.
 */
#include "tui/ui_int.h"
#include "tui/xalloc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void
reader_init(ui *u)
{
	memset(&u->rd, 0, sizeof(u->rd));
	u->rd.goal_col = -1;
}

static size_t
tlen(const reader *r)
{
	return r->t ? text_len(r->t) : 0;
}

/* Write the caret to the store when it moved since the last write. */
void
reader_save_position(ui *u)
{
	reader *r = &u->rd;

	if (!r->id || r->caret == r->saved_pos)
		return;
	if (store_article_set_position(u->st, r->id, r->caret) == 0)
		r->saved_pos = r->caret;
	else
		ui_store_failed(u, "position not saved");
}

void
reader_close(ui *u)
{
	reader *r = &u->rd;

	reader_save_position(u);
	layout_free(r->lay);
	text_free(r->t);
	spanset_free(r->spans);
	free(r->title);
	free(r->date);
	free(r->status);
	free(r->counts);
	r->lay = NULL;
	r->t = NULL;
	r->spans = NULL;
	r->title = r->date = r->status = NULL;
	r->counts = NULL;
	r->id = 0;
	r->nvis = 0;
	r->caret = r->saved_pos = 0;
	r->sel_on = r->drag = 0;
	r->spans_pending = 0;
	r->match_len = 0;
	r->dirty_all = 1;
}

/* Release everything, including what outlives one article. */
static void
reader_free_rows(reader *r)
{
	free(r->vis);
	free(r->dirty);
	free(r->prev);
	free(r->needle);
	r->vis = NULL;
	r->dirty = NULL;
	r->prev = NULL;
	r->needle = NULL;
	r->capvis = 0;
}

static int
text_width(const reader *r)
{
	/* the left margin, and one cell for the caret past a row's end;
	 * at most the width the person set (config width=, :set width=N) */
	int w = r->wd > READER_MARGIN + 1 ? r->wd - READER_MARGIN - 1 : 1;

	return r->max_cols > 0 && r->max_cols < w ? r->max_cols : w;
}

/*
 * When the new view overlaps the old one by whole rows, shift the window's
 * text lines (the terminal can scroll them too) and mark only the rows
 * that came in; otherwise everything is repainted. Rows marked and not
 * drawn yet (several keys handled before a repaint: ui.c typed_ahead)
 * keep their marks as they move.
 */
static void
scroll_reuse(reader *r, const size_t *prev, int prevn, int was_clean)
{
	int k, shift = 0;

	if (was_clean && r->w && prevn == r->h && r->nvis == r->h) {
		if (r->vis[0].start > prev[0]) {
			for (k = 1; k < prevn && !shift; k++)
				if (prev[k] == r->vis[0].start)
					shift = k;
		} else if (r->vis[0].start < prev[0]) {
			for (k = 1; k < r->nvis && !shift; k++)
				if (r->vis[k].start == prev[0])
					shift = -k;
		}
	}
	if (!shift || wsetscrreg(r->w, 1, r->h) == ERR) {
		memset(r->dirty, 0, (size_t)r->h);
		r->dirty_all = 1;
		return;
	}
	scrollok(r->w, TRUE);
	wscrl(r->w, shift);
	scrollok(r->w, FALSE);
	if (shift > 0) {
		memmove(r->dirty, r->dirty + shift, (size_t)(r->h - shift));
		memset(r->dirty + r->h - shift, 1, (size_t)shift);
	} else {
		memmove(r->dirty - shift, r->dirty, (size_t)(r->h + shift));
		memset(r->dirty, 1, (size_t)-shift);
	}
	r->dirty_all = 0;
}

/*
 * Never leave empty rows at the bottom while text above exists: the row to
 * show on top so that the row holding cp is on screen and, when fewer than
 * h rows follow it, the pane is filled from above (a reopened article
 * whose position is near its end still fills the pane). The anchor itself
 * is left to the caller: a resize shows this top but keeps the anchor, so
 * coming back to the old size restores the old view.
 */
static size_t
top_for(reader *r, size_t cp)
{
	layout_row row, p;
	int below = 1, i;

	if (!r->lay || r->h <= 0)
		return cp;
	layout_row_at(r->lay, cp, &row);
	for (p = row; below < r->h; below++) {
		layout_row nx;

		if (!layout_row_next(r->lay, &p, &nx))
			break;
		p = nx;
	}
	if (below >= r->h)
		return cp;
	for (i = below; i < r->h; i++) {
		if (!layout_row_prev(r->lay, &row, &p))
			break;
		row = p;
	}
	return row.start;
}

/* How many rows below row the row starting at start is, when that is
 * fewer than max (a scroll by less than a screen); 0 otherwise. */
static int
rows_down_to(reader *r, layout_row row, size_t start, int max)
{
	layout_row nx;
	int k;

	for (k = 1; k < max && layout_row_next(r->lay, &row, &nx); k++) {
		row = nx;
		if (row.start >= start)
			return row.start == start ? k : 0;
	}
	return 0;
}

/* Recompute vis[] so that the top row is the one holding cp. */
static void
fill_from(reader *r, size_t cp)
{
	layout_row row, nx;
	int i = 0, prevn = r->nvis, was_clean = !r->dirty_all;

	r->nvis = 0;
	r->dirty_all = 1;
	if (!r->lay || r->h <= 0)
		return;
	if (r->capvis < r->h) {
		layout_row *v = realloc(r->vis, (size_t)r->h * sizeof(*v));
		unsigned char *d = realloc(r->dirty, (size_t)r->h);
		size_t *p = realloc(r->prev, (size_t)r->h * sizeof(*p));

		if (v)
			r->vis = v;
		if (d)
			r->dirty = d;
		if (p)
			r->prev = p;
		if (!v || !d || !p)
			return;
		r->capvis = r->h;
		prevn = 0;
	}
	for (i = 0; i < prevn && i < r->h; i++)
		r->prev[i] = r->vis[i].start;
	prevn = i;
	i = 0;
	layout_row_at(r->lay, cp, &row);
	/* Rows still on screen are kept: only the ones scrolled in are asked
	 * of the layout. */
	if (was_clean && prevn > 1 && row.start > r->prev[0] && row.start <= r->prev[prevn - 1]) {
		int k = 1;

		while (k < prevn && r->prev[k] < row.start)
			k++;
		if (k < prevn && r->prev[k] == row.start) {
			memmove(r->vis, r->vis + k, (size_t)(prevn - k) * sizeof(*r->vis));
			i = prevn - k;
			row = r->vis[i - 1];
			if (i < r->h && layout_row_next(r->lay, &row, &nx))
				row = nx;
			else
				goto done;
		}
	} else if (was_clean && prevn == r->h && row.start < r->prev[0]) {
		/* Scrolled up by a few rows (k on the top row): the rows
		 * above the old top are new, the rest move down. */
		int k = rows_down_to(r, row, r->prev[0], r->h);

		if (k > 0) {
			memmove(r->vis + k, r->vis, (size_t)(prevn - k) * sizeof(*r->vis));
			for (i = 0; i < k; i++) {
				r->vis[i] = row;
				if (layout_row_next(r->lay, &row, &nx))
					row = nx;
			}
			i = prevn;
			goto done;
		}
	}
	while (i < r->h) {
		r->vis[i++] = row;
		if (!layout_row_next(r->lay, &row, &nx))
			break;
		row = nx;
	}
done:
	r->nvis = i;
	scroll_reuse(r, r->prev, prevn, was_clean);
}

/* Is cp shown on row i (or on a later row of the same start)? */
static int
row_holds(const reader *r, int i, size_t cp)
{
	const layout_row *v = &r->vis[i];
	uint32_t c;

	if (cp < v->start)
		return 0;
	if (i + 1 < r->nvis)
		return cp < r->vis[i + 1].start;
	if (cp < v->end || cp == v->start)
		return 1;
	if (cp > v->end)
		return 0;
	c = text_cp_at(r->t, cp); /* cp == end: the LF or the text's end is ours */
	return c == '\n' || cp >= tlen(r);
}

/* The visible row showing cp, or -1. */
int
reader_vis_index(const reader *r, size_t cp)
{
	int lo = 0, hi = r->nvis - 1;

	if (r->nvis == 0 || cp < r->vis[0].start)
		return -1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (r->vis[mid].start <= cp)
			lo = mid;
		else
			hi = mid - 1;
	}
	return row_holds(r, lo, cp) ? lo : -1;
}

/* Mark the visible rows that show any of [a, b] for repainting. */
void
reader_touch_range(ui *u, size_t a, size_t b)
{
	reader *r = &u->rd;
	int i;

	for (i = 0; i < r->nvis; i++) {
		size_t s = r->vis[i].start;
		size_t e = i + 1 < r->nvis ? r->vis[i + 1].start : r->vis[i].end + 1;

		if (s <= b && e > a)
			r->dirty[i] = 1;
	}
}

/*
 * Scroll so the caret is on screen. A caret above the view goes to the
 * top row, below it to the bottom row, unless ctx > 0 asks for that many
 * rows of context above it (jumps). set_anchor records the view as the
 * person's choice (resizes keep it); a resize that must scroll does not.
 */
static void
follow(reader *r, int ctx, int set_anchor)
{
	layout_row cr, p;
	int i, back;

	if (!r->lay)
		return;
	if (r->nvis == 0)
		fill_from(r, r->anchor);
	if (r->nvis == 0 || reader_vis_index(r, r->caret) >= 0)
		return;
	layout_row_at(r->lay, r->caret, &cr);
	if (ctx <= 0 && cr.start > r->vis[0].start) {
		/* Just below the view (j on the last row): the new top is a
		 * row already on screen, found by walking on from the last
		 * one, not by walking back a screen from the caret. */
		int k = r->nvis == r->h ? rows_down_to(r, r->vis[r->nvis - 1], cr.start, r->nvis) : 0;

		if (k > 0) {
			fill_from(r, r->vis[k].start);
			if (set_anchor)
				r->anchor = r->vis[0].start;
			return;
		}
	}
	if (ctx > 0)
		back = ctx < r->h ? ctx : r->h - 1;
	else
		back = cr.start < r->vis[0].start ? 0 : r->h - 1;
	for (i = 0; i < back; i++) {
		if (!layout_row_prev(r->lay, &cr, &p))
			break;
		cr = p;
	}
	fill_from(r, cr.start);
	if (set_anchor)
		r->anchor = cr.start;
}

void
reader_resize(ui *u, WINDOW *w, int h, int wd)
{
	reader *r = &u->rd;
	int old_tw = text_width(r);

	r->w = w;
	r->h = h > 0 ? h : 0;
	r->wd = wd > 0 ? wd : 0;
	r->dirty_all = 1;
	if (w)
		idlok(w, TRUE); /* let curses scroll the terminal when the view scrolls */
	if (r->lay && text_width(r) != old_tw)
		layout_set_width(r->lay, text_width(r));
	fill_from(r, top_for(r, r->anchor));
	follow(r, 0, 0);
}

/* :set width=N and the config's width: text rows at most n columns
 * (0: as wide as the pane); the top row and the caret stay. */
void
reader_set_max_width(ui *u, int n)
{
	reader *r = &u->rd;
	int old_tw = text_width(r);

	r->max_cols = n;
	if (r->lay && text_width(r) != old_tw) {
		layout_set_width(r->lay, text_width(r));
		reader_resize(u, r->w, r->h, r->wd);
	}
	r->dirty_all = 1;
}

/* Spans stream from the store straight into the spanset (no copy in a doc). */
static int
load_span(const span *s, void *arg)
{
	ui *u = arg;

	if (spanset_add(u->rd.spans, s) != 0)
		return 1;
	ann_count(u, s, +1);
	return 0;
}

/* Open article id: text, layout, spans; restores the reading position. */
int
reader_load(ui *u, int64_t id)
{
	reader *r = &u->rd;
	text_src src;
	doc d;
	size_t n;

	doc_init(&d);
	if (store_article_load_lazy(u->st, id, &d, &src) != 0) {
		ui_message(u, "cannot open article %lld: %s", (long long)id, store_errmsg(u->st));
		doc_clear(&d);
		return -1;
	}
	reader_close(u);
	/* The stored text was validated at import: it is read from the store
	 * straight into the text's buffer (one copy), front to back and only
	 * as far as asked for, and indexed as far as read; so the first
	 * screen of a 10 MB article reads and indexes what it shows. */
	if ((r->t = text_new_lazy(d.len, d.chars, &src)) == NULL)
		src.close(src.arg);
	r->spans = spanset_new();
	if (!r->t || !r->spans) {
		ui_message(u, "out of memory opening article %lld", (long long)id);
		doc_clear(&d);
		reader_close(u);
		return -1;
	}
	r->lay = layout_new(r->t, text_width(r));
	r->id = id;
	r->title = xstrdup_or_null(d.title);
	r->date = xstrdup_or_null(d.date);
	r->status = xstrdup(d.status ? d.status : "unread");
	n = tlen(r);
	r->caret = d.position < n ? text_grapheme_start(r->t, d.position) : n;
	r->saved_pos = d.position;
	r->goal_col = -1;
	doc_clear(&d);
	ann_recount(u);
	r->spans_pending = 1; /* after the first screen: reader_load_spans */
	/* Show the reading position on the top row; near the end, a full
	 * pane (top_for). Filled from the caret's row first: when that fills
	 * the pane it is the top, and the rows are not walked twice. */
	if (r->lay) {
		layout_row row;

		layout_row_at(r->lay, r->caret, &row);
		r->anchor = row.start;
		fill_from(r, r->anchor);
		if (r->nvis < r->h) {
			r->anchor = top_for(r, row.start);
			fill_from(r, r->anchor);
		}
	} else
		fill_from(r, r->anchor);
	u->status_dirty = 1;
	return 0;
}

/*
 * An unread article becomes started once its first screen is shown: the
 * write (and the store's look for damage before a session's first write,
 * store_open_late) comes after the text is on screen, not before it.
 */
static void
mark_started(ui *u)
{
	reader *r = &u->rd;

	if (!r->id || !r->status || strcmp(r->status, "unread") != 0)
		return;
	if (store_article_set_position(u->st, r->id, r->caret) == 0) {
		r->saved_pos = r->caret;
		free(r->status);
		r->status = xstrdup("started");
	} else if (store_fail_kind(u->st) == STORE_FAIL_DAMAGED)
		ui_store_failed(u, "not marked started"); /* says `gloss check` */
	u->list.stale = u->list.dirty = 1;
	u->status_dirty = 1;
}

/*
 * The second half of opening an article, run once its text is on screen:
 * the article marked started, then the spans, streamed from the store into
 * the spanset. A long article with many spans thus shows its text first.
 */
void
reader_load_spans(ui *u)
{
	reader *r = &u->rd;

	r->spans_pending = 0;
	mark_started(u);
	if (!r->id || !r->spans)
		return;
	if (store_spans_each_brief(u->st, r->id, load_span, u) != 0)
		ui_store_failed(u, "annotations not all loaded");
	r->dirty_all = 1;
	ann_reset(u);
	u->status_dirty = 1;
}

void
reader_reload_spans(ui *u)
{
	reader *r = &u->rd;
	spanset *fresh;

	if (!r->id || !r->spans || (fresh = spanset_new()) == NULL)
		return;
	spanset_free(r->spans);
	r->spans = fresh;
	ann_recount(u);
	reader_load_spans(u);
}

/*
 * Move the caret to cp (clamped). keep_goal keeps the column j/k aim for.
 * Repaints only the rows the move touched, unless the view scrolls.
 */
static void
caret_to(ui *u, size_t cp, int keep_goal, int ctx)
{
	reader *r = &u->rd;
	size_t old = r->caret;

	if (!r->t)
		return;
	if (cp > tlen(r))
		cp = tlen(r);
	r->caret = cp;
	if (!keep_goal)
		r->goal_col = -1;
	follow(r, ctx, 1); /* may scroll; then repaint what the move touched */
	if (r->match_len) {
		reader_touch_range(u, r->match_at, r->match_at + r->match_len);
		r->match_len = 0;
	}
	if (r->sel_on)
		reader_touch_range(u, old < cp ? old : cp, old < cp ? cp : old);
	reader_touch_range(u, old, old);
	reader_touch_range(u, cp, cp);
	u->status_dirty = 1;
}

void
reader_set_caret(ui *u, size_t cp, int keep_goal)
{
	caret_to(u, cp, keep_goal, 0);
}

/* The code point j/k land on in row: the cluster under the goal column,
 * but never past the last cluster of a non-empty row. */
static size_t
cp_in_row(reader *r, const layout_row *row, int col)
{
	size_t cp = layout_cp_at_col(r->lay, row, col);

	if (row->end > row->start && cp >= row->end)
		cp = text_grapheme_prev(r->t, row->end);
	return cp;
}

/* Move *row by n rows (down when n > 0); returns the rows moved. */
static long
walk(reader *r, layout_row *row, long n)
{
	layout_row nx;
	long i;

	for (i = 0; i < (n < 0 ? -n : n); i++) {
		if (!(n > 0 ? layout_row_next(r->lay, row, &nx) : layout_row_prev(r->lay, row, &nx)))
			break;
		*row = nx;
	}
	return i;
}

static void
set_goal(reader *r)
{
	layout_row cur;

	if (r->goal_col >= 0)
		return;
	layout_row_at(r->lay, r->caret, &cur);
	r->goal_col = layout_col_of(r->lay, &cur, r->caret);
}

void
reader_row_move(ui *u, long rows)
{
	reader *r = &u->rd;
	layout_row cur;

	if (!r->lay)
		return;
	set_goal(r);
	layout_row_at(r->lay, r->caret, &cur);
	walk(r, &cur, rows);
	caret_to(u, cp_in_row(r, &cur, r->goal_col), 1, 0);
}

/* Show the view from the row holding cp (the person's choice of view) and
 * pull the caret onto the screen if it fell off. */
static void
view_at(ui *u, size_t cp)
{
	reader *r = &u->rd;

	r->anchor = top_for(r, cp);
	fill_from(r, r->anchor);
	set_goal(r);
	if (r->nvis > 0 && reader_vis_index(r, r->caret) < 0) {
		const layout_row *to = r->caret < r->vis[0].start ? &r->vis[0] : &r->vis[r->nvis - 1];

		caret_to(u, cp_in_row(r, to, r->goal_col), 1, 0);
	}
	u->status_dirty = 1;
}

/* Space / PgDn (dir > 0), PgUp (dir < 0): a screen less one row. */
void
reader_page(ui *u, int dir)
{
	reader *r = &u->rd;
	layout_row row;

	if (!r->lay || r->nvis == 0)
		return;
	set_goal(r);
	row = r->vis[dir > 0 ? r->nvis - 1 : 0];
	if (dir > 0 && walk(r, &row, 1) == 0) { /* the end is on screen */
		caret_to(u, cp_in_row(r, &row, r->goal_col), 1, 0);
		return;
	}
	if (dir > 0) {
		view_at(u, r->vis[r->nvis - 1].start);
		return;
	}
	if (walk(r, &row, -(long)(r->h > 1 ? r->h - 1 : 1)) == 0) {
		caret_to(u, 0, 0, 0);
		return;
	}
	view_at(u, row.start);
}

/* Scroll the view by rows (the wheel), pulling the caret along if it
 * would leave the screen. */
void
reader_scroll(ui *u, long rows)
{
	reader *r = &u->rd;
	layout_row top;

	if (!r->lay || r->nvis == 0 || (rows > 0 && r->nvis < r->h))
		return; /* scrolling down stops once the end is on screen */
	top = r->vis[0];
	walk(r, &top, rows);
	view_at(u, top.start);
}

void
reader_home(ui *u, int end)
{
	reader *r = &u->rd;
	layout_row row;

	if (!r->lay)
		return;
	if (!end) {
		r->anchor = 0;
		fill_from(r, 0);
		caret_to(u, 0, 0, 0);
		return;
	}
	layout_row_at(r->lay, tlen(r), &row);
	caret_to(u, row.start, 0, 0);
}

static int
is_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0xa0 || c == 0x3000;
}

/* `0` and `$`: the first or last cluster of the caret's visual row. */
void
reader_line_edge(ui *u, int end)
{
	reader *r = &u->rd;
	layout_row row;
	size_t cp;

	if (!r->lay)
		return;
	layout_row_at(r->lay, r->caret, &row);
	if (!end) {
		caret_to(u, row.start, 0, 0);
		return;
	}
	/* A wrapped row ends with the space it broke at: `$` goes to the
	 * last visible character, not that space. */
	cp = row.end > row.start ? text_grapheme_prev(r->t, row.end) : row.start;
	while (cp > row.start && is_blank(text_cp_at(r->t, cp)))
		cp = text_grapheme_prev(r->t, cp);
	caret_to(u, cp, 0, 0);
	r->goal_col = INT_MAX;
}

/* `/`, `n`, `N`: case- and accent-insensitive, wrapping around the text. */
void
reader_search(ui *u, const char *needle, int backward)
{
	reader *r = &u->rd;
	size_t from, at = 0, mlen = 0;
	int found, wrapped = 0;

	if (!r->t)
		return;
	if (!needle || !*needle) {
		ui_message(u, "no previous search");
		return;
	}
	/* A new search looks from the caret itself (a match at the caret,
	 * e.g. the text's first word, is found without wrapping); n after a
	 * match looks past that match. */
	from = r->caret;
	if (!backward && r->match_len && r->match_at == r->caret && r->caret < tlen(r))
		from = text_grapheme_next(r->t, r->caret);
	found = text_search(r->t, needle, from, backward, &at, &mlen);
	if (!found) {
		found = text_search(r->t, needle, backward ? tlen(r) : 0, backward, &at, &mlen);
		wrapped = found;
	}
	if (!found) {
		ui_message(u, "not found: %s", needle);
		return;
	}
	caret_to(u, at, 0, r->h / 3);
	r->match_at = at;
	r->match_len = mlen;
	reader_touch_range(u, at, at + mlen);
	if (wrapped)
		ui_message(u, backward ? "search wrapped to the bottom" : "search wrapped to the top");
}

/* A mouse event on the reader's window: how 0 press, 1 drag, 2 release. */
void
reader_click(ui *u, int y, int x, int how)
{
	reader *r = &u->rd;
	int i = y - 1;
	size_t cp;

	if (!r->lay || r->nvis == 0)
		return;
	if (i < 0)
		i = 0;
	if (i >= r->nvis)
		i = r->nvis - 1;
	cp = cp_in_row(r, &r->vis[i], x < READER_MARGIN ? 0 : x - READER_MARGIN);
	if (how == 0) {
		size_t a, b;

		if (r->sel_on && reader_selection(u, &a, &b))
			reader_touch_range(u, a, b);
		r->sel_on = 0;
		r->drag = 1;
		r->drag_from = cp;
		caret_to(u, cp, 0, 0);
		return;
	}
	if (!r->drag)
		return;
	if (cp != r->drag_from && !r->sel_on) {
		r->sel_on = 1;
		r->sel_from = r->drag_from;
	}
	caret_to(u, cp, 0, 0);
	if (how == 2)
		r->drag = 0;
}

/* The selection as [*a, *b), inclusive of the caret's cluster. */
int
reader_selection(ui *u, size_t *a, size_t *b)
{
	reader *r = &u->rd;
	size_t lo, hi;

	if (!r->sel_on || !r->t)
		return 0;
	lo = r->sel_from < r->caret ? r->sel_from : r->caret;
	hi = r->sel_from < r->caret ? r->caret : r->sel_from;
	*a = lo;
	*b = hi < tlen(r) ? text_grapheme_next(r->t, hi) : hi;
	return *b > *a;
}

void
reader_free(ui *u)
{
	reader_close(u);
	reader_free_rows(&u->rd);
}
