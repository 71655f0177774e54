/*
 * pane_list.c: the article list. Rows are articles in id order; row i of
 * the store is "index i". Only the visible page is loaded (one bounded
 * store_articles_each per page change), so the list opens at once with any
 * number of articles.
 */
#include "tui/ui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
rows_clear(list_pane *l)
{
	size_t i;

	for (i = 0; i < l->nrows; i++)
		store_article_clear(&l->rows[i]);
	l->nrows = 0;
}

static int
row_copy(const store_article *a, void *arg)
{
	list_pane *l = arg;
	store_article *r;

	if (l->nrows == l->caprows) {
		size_t cap = l->caprows ? 2 * l->caprows : 64;
		store_article *v = realloc(l->rows, cap * sizeof(*v));

		if (!v)
			return 1;
		l->rows = v;
		l->caprows = cap;
	}
	r = &l->rows[l->nrows];
	if (store_article_copy(r, a) != 0)
		return 1;
	l->nrows++;
	return 0;
}

/* Make sure the rows [top, top+h) are loaded. */
static void
page_load(ui *u)
{
	list_pane *l = &u->list;
	size_t want = l->h > 0 ? (size_t)l->h : 1;

	if (!l->stale && l->rows_off == l->top && l->nrows >= want)
		return;
	if (!l->stale && l->rows_off == l->top && l->rows_off + l->nrows >= l->count)
		return;
	rows_clear(l);
	l->rows_off = l->top;
	store_articles_each(u->st, NULL, l->top, want, row_copy, l);
	l->stale = 0;
}

/* Re-read the article count and the page (after imports, status changes,
 * tags): the page is reloaded lazily, on the next draw. */
void
list_refresh(ui *u)
{
	list_pane *l = &u->list;
	size_t n = 0;

	if (store_article_count(u->st, NULL, &n) == 0)
		l->count = n;
	if (l->count == 0)
		l->sel = 0;
	else if (l->sel >= l->count)
		l->sel = l->count - 1;
	l->stale = 1;
	l->dirty = 1;
}

void
list_init(ui *u)
{
	memset(&u->list, 0, sizeof(u->list));
	list_refresh(u);
}

void
list_free(ui *u)
{
	rows_clear(&u->list);
	free(u->list.rows);
	u->list.rows = NULL;
	u->list.caprows = 0;
}

/* Keep the selection on screen. */
static void
follow(list_pane *l)
{
	size_t h = l->h > 0 ? (size_t)l->h : 1;

	if (l->sel < l->top)
		l->top = l->sel;
	else if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	if (l->count > h && l->top > l->count - h)
		l->top = l->count - h;
	if (l->count <= h)
		l->top = 0;
}

void
list_resize(ui *u, WINDOW *w, int h, int wd)
{
	list_pane *l = &u->list;

	l->w = w;
	l->h = h;
	l->wd = wd;
	follow(l);
	l->dirty = 1;
}

void
list_move(ui *u, long delta)
{
	list_pane *l = &u->list;

	if (l->count == 0)
		return;
	if (delta < 0 && (size_t)-delta > l->sel)
		l->sel = 0;
	else if (delta > 0 && l->sel + (size_t)delta >= l->count)
		l->sel = l->count - 1;
	else
		l->sel = (size_t)((long)l->sel + delta);
	follow(l);
	l->dirty = 1;
}

void
list_home(ui *u, int end)
{
	list_pane *l = &u->list;

	l->sel = end && l->count ? l->count - 1 : 0;
	follow(l);
	l->dirty = 1;
}

int64_t
list_selected_id(ui *u)
{
	list_pane *l = &u->list;

	page_load(u);
	if (l->sel < l->rows_off || l->sel >= l->rows_off + l->nrows)
		return 0;
	return l->rows[l->sel - l->rows_off].id;
}

static int
find_id(const store_article *a, void *arg)
{
	int64_t *want = arg;

	if (a->id == want[0]) {
		want[1] = 1;
		return 1;
	}
	want[2]++;
	return 0;
}

/* Move the selection onto article id: looked for on the loaded page first,
 * then in a bounded stretch of the store after it; left alone otherwise. */
void
list_select_id(ui *u, int64_t id)
{
	list_pane *l = &u->list;
	int64_t want[3] = { id, 0, 0 };
	size_t i, from;

	for (i = 0; i < l->nrows && !l->stale; i++)
		if (l->rows[i].id == id) {
			l->sel = l->rows_off + i;
			follow(l);
			l->dirty = 1;
			return;
		}
	from = l->sel > 64 ? l->sel - 64 : 0;
	store_articles_each(u->st, NULL, from, 4096, find_id, want);
	if (!want[1]) {
		want[2] = 0;
		store_articles_each(u->st, NULL, 0, 4096, find_id, want);
		from = 0;
	}
	if (want[1]) {
		l->sel = from + (size_t)want[2];
		follow(l);
		l->dirty = 1;
	}
}

/* Change the counts shown for article id if its row is loaded (the
 * interface's own span actions: no recount by the store). */
void
list_adjust(ui *u, int64_t id, long dconf, long dsugg)
{
	list_pane *l = &u->list;
	size_t i;

	for (i = 0; i < l->nrows; i++)
		if (l->rows[i].id == id) {
			store_article *a = &l->rows[i];

			if (dconf < 0 && a->confirmed < (size_t)-dconf)
				a->confirmed = 0;
			else
				a->confirmed = (size_t)((long)a->confirmed + dconf);
			if (dsugg < 0 && a->suggested < (size_t)-dsugg)
				a->suggested = 0;
			else
				a->suggested = (size_t)((long)a->suggested + dsugg);
			l->dirty = 1;
		}
}

void
list_click(ui *u, int y)
{
	list_pane *l = &u->list;
	size_t i = l->top + (size_t)(y - 1);

	if (y < 1 || i >= l->count)
		return;
	l->sel = i;
	l->dirty = 1;
}

static const char *
status_mark(const char *status)
{
	if (status && strcmp(status, "done") == 0)
		return "\u2713"; /* check mark */
	if (status && strcmp(status, "started") == 0)
		return "\u203a"; /* single right angle quote */
	return "\u2022";         /* bullet: unread */
}

/* One article row: status mark, [date,] title, confirmed/suggested counts. */
static void
draw_row(ui *u, int y, const store_article *a, int selected)
{
	list_pane *l = &u->list;
	ui_style st = selected ? u->style[ST_LISTSEL] : u->style[ST_TEXT];
	char counts[48];
	int x = 0, cw, right;

	draw_blank(l->w, y, 0, l->wd, st);
	x += draw_str(l->w, y, x, l->wd, status_mark(a->status), st);
	x++;
	if (a->date && l->wd >= 50) {
		x += draw_str(l->w, y, x, 10, a->date, st);
		x++;
	}
	snprintf(counts, sizeof(counts), " %zu/%zu", a->confirmed, a->suggested);
	cw = (int)strlen(counts);
	right = l->wd - cw;
	if (right < x + 4) {
		right = l->wd;
		cw = 0;
	}
	if (a->status && strcmp(a->status, "unread") == 0)
		st.a |= A_BOLD;
	draw_str(l->w, y, x, right - x, a->title ? a->title : "", st);
	st.a &= ~(attr_t)A_BOLD;
	if (cw)
		draw_str(l->w, y, right, cw, counts, st);
}

void
list_draw(ui *u)
{
	list_pane *l = &u->list;
	char head[96];
	int y, x;

	if (!l->w || !l->dirty)
		return;
	page_load(u);
	werase(l->w);
	snprintf(head, sizeof(head), " Articles %zu", l->count);
	x = u->focus == PANE_LIST ? ST_HEADER_FOCUS : ST_HEADER;
	draw_blank(l->w, 0, 0, l->wd, u->style[x]);
	draw_str(l->w, 0, 0, l->wd, head, u->style[x]);
	for (y = 0; y < l->h; y++) {
		size_t i = l->top + (size_t)y;

		if (i < l->rows_off || i >= l->rows_off + l->nrows)
			break;
		draw_row(u, y + 1, &l->rows[i - l->rows_off], i == l->sel);
	}
	if (l->count == 0)
		draw_str(l->w, 1, 1, l->wd - 1, "No articles: gloss import PATH", u->style[ST_DIM]);
	wnoutrefresh(l->w);
	l->dirty = 0;
}
