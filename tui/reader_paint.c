/*
 * reader_paint.c: drawing the reader's visible rows. Only rows marked
 * dirty are drawn (a caret move marks two); each row asks the spanset for
 * the spans that touch it (O(log n + k)) and draws every grapheme cluster
 * as one cell through draw_cluster(), tabs expanded, so nothing from the
 * article reaches the terminal raw.
 */
#include "tui/ui_int.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

enum { ROW_SPANS_MAX = 64 };

struct rowspans {
	const span *v[ROW_SPANS_MAX];
	size_t n;
};

static int
collect(const span *s, void *arg)
{
	struct rowspans *rs = arg;

	if (s->status == SPAN_REJECTED)
		return 0;
	if (rs->n < ROW_SPANS_MAX)
		rs->v[rs->n++] = s;
	return rs->n == ROW_SPANS_MAX;
}

static int
shorter(const span *a, const span *b)
{
	return !b || a->end - a->start <= b->end - b->start;
}

/*
 * How the cell of the cluster at cp looks: the innermost confirmed entity
 * gives the label colour (its first cell bold, so touching spans stay
 * apart; underlined where an outer entity covers it too, so nesting
 * shows), else the innermost suggestion is underlined in its colour, else
 * a highlight its own colour; selection and caret reverse on top.
 */
static ui_style
cell_style(ui *u, const struct rowspans *rs, size_t cp, int in_sel)
{
	reader *r = &u->rd;
	const span *ent = NULL, *sug = NULL, *hl = NULL;
	ui_style st = u->style[ST_TEXT];
	size_t i, nent = 0;

	for (i = 0; i < rs->n; i++) {
		const span *s = rs->v[i];

		if (cp < s->start || cp >= s->end)
			continue;
		if (s->kind == SPAN_HIGHLIGHT) {
			if (shorter(s, hl))
				hl = s;
		} else if (s->status == SPAN_CONFIRMED) {
			nent++;
			if (shorter(s, ent))
				ent = s;
		} else if (shorter(s, sug))
			sug = s;
	}
	if (hl)
		st = u->style[ST_HIGHLIGHT];
	if (sug) {
		ui_style ss = *ui_label_style(u, sug->label, 1);

		if (hl)
			st.a |= A_UNDERLINE;
		else
			st = ss;
	}
	if (ent) {
		st = *ui_label_style(u, ent->label, 0);
		if (ent->start == cp && u->colour)
			st.a |= A_BOLD; /* without colour, bold is part of a label's look */
		if (nent > 1)
			st.a |= A_UNDERLINE; /* nested: an outer span covers it too */
		if (hl)
			st.a |= A_ITALIC;
	}
	if (r->match_len && cp >= r->match_at && cp < r->match_at + r->match_len)
		st = u->style[ST_MATCH];
	/* The caret's cluster is part of the selection (reader_selection
	 * includes it), so it stays reversed there and is told apart by an
	 * underline; elsewhere the caret is the reversed cell. */
	if (in_sel)
		st.a |= A_REVERSE | (cp == r->caret ? A_UNDERLINE : 0);
	else if (cp == r->caret)
		st.a ^= A_REVERSE;
	return st;
}

/* Lower *next to b when b is past cp. */
static void
bound(size_t *next, size_t cp, size_t b)
{
	if (b > cp && b < *next)
		*next = b;
}

/*
 * The first code point after cp whose cell may look different from cp's:
 * cell_style depends only on which spans, selection, match and caret
 * cover a cell and on a span starting there, so between these edges a
 * row's cells share one style (asked once, not per cell).
 */
static size_t
style_until(ui *u, const struct rowspans *rs, size_t cp, int has_sel, size_t sa, size_t sb)
{
	reader *r = &u->rd;
	size_t next = SIZE_MAX, i;

	for (i = 0; i < rs->n; i++) {
		bound(&next, cp, rs->v[i]->start);
		bound(&next, cp, rs->v[i]->start + 1); /* the bold first cell */
		bound(&next, cp, rs->v[i]->end);
	}
	bound(&next, cp, r->caret);
	bound(&next, cp, r->caret + 1);
	if (has_sel) {
		bound(&next, cp, sa);
		bound(&next, cp, sb);
	}
	if (r->match_len) {
		bound(&next, cp, r->match_at);
		bound(&next, cp, r->match_at + r->match_len);
	}
	return next;
}

/* Cells of printable ASCII gathered for one mvwadd_wchnstr. */
struct cellrun {
	cchar_t c[64];
	int n, x; /* cells gathered, the column of the first */
};

static void
run_flush(WINDOW *w, int y, struct cellrun *run)
{
	if (run->n > 0)
		mvwadd_wchnstr(w, y, run->x, run->c, run->n);
	run->n = 0;
}

/*
 * One row of the article. The row starts at a grapheme cluster boundary,
 * so its clusters come from segmenting its own bytes once (as the layout
 * does), not from a text_grapheme_next per cluster: that was a third of
 * the instructions of drawing a first screen. Runs of printable ASCII
 * (one byte, one cell, nothing to combine) go to curses a run at a time:
 * wadd_wch per cell was ~470 instructions a cell.
 */
static void
draw_row(ui *u, int i)
{
	reader *r = &u->rd;
	const layout_row *row = &r->vis[i];
	size_t bs = text_cp_to_byte(r->t, row->start), be = text_cp_to_byte(r->t, row->end);
	/* (a row on screen was laid out: its bytes are loaded) */
	const char *s = text_bytes_upto(r->t, be);
	char stack[1024], *gb = be - bs <= sizeof stack ? stack : malloc(be - bs);
	struct rowspans rs;
	struct cellrun run;
	size_t cp = row->start, sa = 0, sb = 0, b = bs, restyle = cp;
	ui_style st = u->style[ST_TEXT];
	int y = i + 1, x = READER_MARGIN, maxx = r->wd;
	int has_sel = reader_selection(u, &sa, &sb);

	draw_blank(r->w, y, 0, READER_MARGIN, u->style[ST_TEXT]);
	rs.n = 0;
	if (row->end > row->start)
		spanset_query(r->spans, row->start, row->end, collect, &rs);
	if (gb)
		text_u8_grapheme_breaks(s + bs, be - bs, gb);
	run.n = 0;
	while (b < be) {
		size_t nb = b + 1, nx = cp + 1;
		unsigned char c = (unsigned char)s[b];

		if (cp >= restyle) {
			st = cell_style(u, &rs, cp, has_sel && cp >= sa && cp < sb);
			restyle = style_until(u, &rs, cp, has_sel, sa, sb);
		}

		/* the cluster's end; without gb (no memory) each code point */
		for (; nb < be && (((unsigned char)s[nb] & 0xc0) == 0x80 || (gb && !gb[nb - bs])); nb++)
			if (((unsigned char)s[nb] & 0xc0) != 0x80)
				nx++;
		if (nb == b + 1 && c >= 0x20 && c < 0x7f && x < maxx) {
			wchar_t wc[2] = { (wchar_t)c, 0 };

			if (run.n == (int)(sizeof run.c / sizeof run.c[0]))
				run_flush(r->w, y, &run);
			if (run.n == 0)
				run.x = x;
			if (setcchar(&run.c[run.n], wc, st.a, st.pair, NULL) != ERR)
				run.n++;
			x++;
			cp = nx;
			b = nb;
			continue;
		}
		run_flush(r->w, y, &run);
		if (c == '\t') {
			int n = 8 - (x - READER_MARGIN) % 8;

			if (x + n > maxx)
				n = maxx - x;
			draw_blank(r->w, y, x, n, st);
			x += n;
		} else {
			x += draw_cluster(r->w, y, x, maxx, s + b, nb - b, st);
		}
		cp = nx;
		b = nb;
	}
	run_flush(r->w, y, &run);
	if (gb != stack)
		free(gb);
	if (x < maxx) {
		ui_style end = u->style[ST_TEXT];

		if (r->caret == row->end && reader_vis_index(r, r->caret) == i)
			end = u->style[ST_CARET];
		else if (has_sel && row->end >= sa && row->end < sb)
			end = u->style[ST_SELECT];
		draw_blank(r->w, y, x, 1, end);
		if (x + 1 < maxx) {
			wmove(r->w, y, x + 1);
			wclrtoeol(r->w);
		}
	}
}

/*
 * Which digit is which label, "1 PER 2 ORG 3 LOC 4 MISC", each name in
 * its label's style (so it also says how each label looks, with or
 * without colour), right-aligned to end at column right. Long names are
 * shortened to fit in at most width cells. Returns the cells used.
 */
static int
draw_legend(ui *u, ui_style hs, int right, int width)
{
	reader *r = &u->rd;
	int cap, total = 0, x;
	size_t i;

	for (cap = 12; cap >= 1; cap--) {
		total = 0;
		for (i = 0; i < u->scheme.n; i++) {
			const label *l = &u->scheme.v[i];
			int nw = draw_str_width(l->name, strlen(l->name));

			if (l->key)
				total += 3 + (nw < cap ? nw : cap);
		}
		if (total <= width)
			break;
	}
	if (total == 0 || total > width)
		return 0;
	x = right - total;
	for (i = 0; i < u->scheme.n; i++) {
		const label *l = &u->scheme.v[i];
		char d[4];

		if (!l->key)
			continue;
		snprintf(d, sizeof(d), " %d", l->key);
		x += draw_str(r->w, 0, x, 2, d, hs);
		x++;
		x += draw_clipped(r->w, 0, x, cap, l->name, u->lab_conf ? u->lab_conf[i] : u->style[ST_HEADER]);
	}
	return total;
}

static void
draw_header(ui *u)
{
	reader *r = &u->rd;
	ui_style st = u->style[u->focus == PANE_READER ? ST_HEADER_FOCUS : ST_HEADER];
	int dw = 0;

	draw_blank(r->w, 0, 0, r->wd, st);
	if (r->date && r->wd > 30) {
		dw = draw_str_width(r->date, strlen(r->date)) + 1;
		draw_str(r->w, 0, r->wd - dw, dw, r->date, st);
	}
	if (COLS >= 60)
		dw += draw_legend(u, st, r->wd - dw - 1, r->wd - dw - 14) + 1;
	draw_str(r->w, 0, 1, r->wd - dw - 2, r->id ? (r->title ? r->title : "(untitled)")
	    : "No article open: Enter on the list opens one", st);
}

void
reader_draw(ui *u)
{
	reader *r = &u->rd;
	int i, any = r->dirty_all;

	if (!r->w)
		return;
	if (r->dirty_all) {
		werase(r->w);
		draw_header(u);
	}
	for (i = 0; i < r->nvis && r->t; i++)
		if (r->dirty_all || r->dirty[i]) {
			draw_row(u, i);
			r->dirty[i] = 0;
			any = 1;
		}
	if (any)
		wnoutrefresh(r->w);
	r->dirty_all = 0;
}
