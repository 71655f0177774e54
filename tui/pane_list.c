/*
 * pane_list.c: the article list. Entries are the articles the filter keeps
 * (db/filter.h), in its order; entry i is "index i". Only the visible page
 * is loaded (one bounded store_articles_filtered per page change), so the
 * list opens at once with any number of articles. With a text query (/ or
 * text=) an entry is two lines, title and snippet, and the page's snippets
 * are read with it.
 */
#include "tui/ui_int.h"
#include "tui/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
rows_clear(list_pane *l)
{
	size_t i;

	for (i = 0; i < l->nrows; i++) {
		store_article_clear(&l->rows[i]);
		if (l->snips) {
			free(l->snips[i]);
			l->snips[i] = NULL;
		}
	}
	l->nrows = 0;
}

/* Screen lines per entry. */
static int
per_entry(const list_pane *l)
{
	return l->filter.text ? 2 : 1;
}

/* Entries that fit on screen (at least one). */
static size_t
visible(const list_pane *l)
{
	int n = l->h / per_entry(l);

	return n > 0 ? (size_t)n : 1;
}

static int
row_copy(const store_article *a, void *arg)
{
	list_pane *l = arg;
	store_article *r;

	if (l->nrows == l->caprows) {
		size_t cap = l->caprows ? 2 * l->caprows : 64;
		store_article *v = realloc(l->rows, cap * sizeof(*v));
		char **sn;

		if (!v)
			return 1;
		l->rows = v;
		if ((sn = realloc(l->snips, cap * sizeof(*sn))) == NULL)
			return 1;
		memset(sn + l->caprows, 0, (cap - l->caprows) * sizeof(*sn));
		l->snips = sn;
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
	size_t want = visible(l), i;

	if (!l->stale && l->rows_off == l->top && l->nrows >= want)
		return;
	if (!l->stale && l->rows_off == l->top && l->rows_off + l->nrows >= l->count)
		return;
	rows_clear(l);
	l->rows_off = l->top;
	if (store_articles_filtered(u->st, &l->filter, l->top, want, row_copy, l) != 0)
		ui_message(u, "list: %s", store_errmsg(u->st));
	/* The page's snippets in one pass (a prefix query set up per row
	 * merges its whole doclist each time). */
	if (l->filter.text && l->nrows > 0) {
		int64_t *ids = xmalloc(l->nrows * sizeof *ids);

		for (i = 0; i < l->nrows; i++)
			ids[i] = l->rows[i].id;
		if (store_search_snippets(u->st, l->filter.text, ids, l->nrows, l->snips) != 0)
			ui_message(u, "list: %s", store_errmsg(u->st));
		free(ids);
	}
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
		l->total = n;
	if (store_filter_empty(&l->filter))
		l->count = l->total;
	else if (store_articles_filtered_count(u->st, &l->filter, &n) == 0)
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
	free(u->list.snips);
	u->list.rows = NULL;
	u->list.snips = NULL;
	u->list.caprows = 0;
	store_filter_clear(&u->list.filter);
}

/* Keep the selection on screen. */
static void
follow(list_pane *l)
{
	size_t h = visible(l);

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

/* Move the selection onto article id: looked for on the loaded page first,
 * then its place in the filtered order is asked for; left alone when the
 * filter hides it. */
void
list_select_id(ui *u, int64_t id)
{
	list_pane *l = &u->list;
	size_t i;

	for (i = 0; i < l->nrows && !l->stale; i++)
		if (l->rows[i].id == id) {
			l->sel = l->rows_off + i;
			follow(l);
			l->dirty = 1;
			return;
		}
	if (store_articles_filtered_index(u->st, &l->filter, id, &i) == 0) {
		l->sel = i;
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
			/* one row, not the pane: a tag changes one article's counts */
			if (l->row_dirty && l->row_dirty != id)
				l->dirty = 1;
			l->row_dirty = id;
		}
}

/* Re-read the counts of article id's row (if loaded) from the store: one
 * query where list_refresh re-runs the filter (36 ms on 100k articles with
 * a text filter). The order and the filter are not looked at again. */
void
list_refresh_row(ui *u, int64_t id)
{
	list_pane *l = &u->list;

	for (size_t i = 0; i < l->nrows; i++)
		if (l->rows[i].id == id) {
			store_article a;

			if (store_article_info(u->st, id, &a) != 0)
				return;
			l->rows[i].confirmed = a.confirmed;
			l->rows[i].suggested = a.suggested;
			store_article_clear(&a);
			l->dirty = 1;
		}
}

void
list_click(ui *u, int y)
{
	list_pane *l = &u->list;
	size_t i = l->top + (size_t)((y - 1) / per_entry(l));

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

/* A snippet line: the matched words (between the store's marks) in the
 * match style, line breaks as spaces. */
static void
draw_snippet(ui *u, int y, const char *s, int selected)
{
	list_pane *l = &u->list;
	ui_style dim = selected ? u->style[ST_LISTSEL] : u->style[ST_DIM], st = dim;
	int x = 2, blank = 1;

	draw_blank(l->w, y, 0, l->wd, dim);
	while (*s && x < l->wd) {
		size_t n = strcspn(s, "\x02\x03\n\t ");

		if (n > 0) {
			x += draw_strn(l->w, y, x, l->wd - x, s, n, st);
			blank = 0;
		}
		s += n;
		if (*s == STORE_MARK_ON)
			st = u->style[ST_MATCH];
		else if (*s == STORE_MARK_OFF)
			st = dim;
		else if (*s && !blank) {
			x += draw_str(l->w, y, x, 1, " ", st);
			blank = 1;
		}
		if (*s)
			s++;
	}
}

/* n with thousands separated by commas ("3,410"). */
static void
thousands(size_t n, char *buf, size_t bufsz)
{
	char d[32];
	size_t len = (size_t)snprintf(d, sizeof(d), "%zu", n), o = 0, i;

	for (i = 0; i < len && o + 2 < bufsz; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = d[i];
	}
	buf[o] = '\0';
}

void
list_describe(ui *u, char *buf, size_t bufsz)
{
	char c[32], t[32];

	thousands(u->list.count, c, sizeof(c));
	thousands(u->list.total, t, sizeof(t));
	if (store_filter_empty(&u->list.filter))
		snprintf(buf, bufsz, "%s article%s", t, u->list.total == 1 ? "" : "s");
	else
		snprintf(buf, bufsz, "%s of %s article%s", c, t, u->list.total == 1 ? "" : "s");
}

/* Repaint only article id's row (when it is on screen). */
static void
draw_one(ui *u, int64_t id)
{
	list_pane *l = &u->list;
	int y, per = per_entry(l);

	l->row_dirty = 0;
	for (y = 0; y + per <= l->h || (y == 0 && l->h > 0); y += per) {
		size_t i = l->top + (size_t)(y / per);

		if (i < l->rows_off || i >= l->rows_off + l->nrows)
			break;
		if (l->rows[i - l->rows_off].id == id) {
			draw_row(u, y + 1, &l->rows[i - l->rows_off], i == l->sel);
			wnoutrefresh(l->w);
		}
	}
}

void
list_draw(ui *u)
{
	list_pane *l = &u->list;
	char head[96], d[64];
	int y, x, per = per_entry(l);

	if (!l->w || (!l->dirty && !l->row_dirty))
		return;
	if (!l->dirty && !l->stale) {
		draw_one(u, l->row_dirty);
		return;
	}
	l->row_dirty = 0;
	page_load(u);
	werase(l->w);
	/* "Articles 3,410", or with a filter "12 of 3,410 articles" */
	list_describe(u, d, sizeof(d));
	if (store_filter_empty(&l->filter)) {
		thousands(l->total, d, sizeof(d));
		snprintf(head, sizeof(head), " Articles %s", d);
	} else
		snprintf(head, sizeof(head), " %s", d);
	x = u->focus == PANE_LIST ? ST_HEADER_FOCUS : ST_HEADER;
	draw_blank(l->w, 0, 0, l->wd, u->style[x]);
	draw_str(l->w, 0, 0, l->wd, head, u->style[x]);
	for (y = 0; y + per <= l->h || (y == 0 && l->h > 0); y += per) {
		size_t i = l->top + (size_t)(y / per);

		if (i < l->rows_off || i >= l->rows_off + l->nrows)
			break;
		draw_row(u, y + 1, &l->rows[i - l->rows_off], i == l->sel);
		if (per == 2 && y + 1 < l->h && l->snips && l->snips[i - l->rows_off])
			draw_snippet(u, y + 2, l->snips[i - l->rows_off], i == l->sel);
	}
	if (l->count == 0)
		draw_str(l->w, 1, 1, l->wd - 1, l->total ? "No article matches (:filter clears the filter)" :
		    "No articles: gloss import PATH", u->style[ST_DIM]);
	wnoutrefresh(l->w);
	l->dirty = 0;
}

/* After the filter or sort changed: recount, keep the selected article
 * selected when it is still shown, else go to the top. */
static void
refilter(ui *u, int64_t keep)
{
	list_pane *l = &u->list;

	rows_clear(l);
	l->sel = l->top = 0;
	list_refresh(u);
	if (keep)
		list_select_id(u, keep);
	follow(l);
	u->status_dirty = 1;
}

/* Make nf the list's filter (taken over) unless its text query does not
 * parse; old filter freed on success, nf on failure. */
static int
apply(ui *u, store_filter *nf, const char *what)
{
	list_pane *l = &u->list;
	int64_t keep = list_selected_id(u);
	char d[64];
	size_t n;

	if (nf->text && store_articles_filtered_count(u->st, nf, &n) != 0) {
		ui_message(u, "%s: %s", what, store_errmsg(u->st));
		store_filter_clear(nf);
		return -1;
	}
	store_filter_clear(&l->filter);
	l->filter = *nf;
	refilter(u, keep);
	list_describe(u, d, sizeof(d));
	ui_message(u, "%s%s", store_filter_empty(&l->filter) ? "no filter: " : "", d);
	return 0;
}

int
list_set_filter(ui *u, const char *spec)
{
	store_filter nf;
	char err[256];

	store_filter_init(&nf);
	nf.sort = u->list.filter.sort;
	nf.desc = u->list.filter.desc;
	if (store_filter_parse(&nf, spec, err, sizeof(err)) != 0) {
		ui_message(u, "filter: %s", err);
		return -1;
	}
	return apply(u, &nf, "filter");
}

int
list_set_sort(ui *u, const char *spec)
{
	char err[256];
	int64_t keep = list_selected_id(u);

	if (store_sort_parse(&u->list.filter, spec, err, sizeof(err)) != 0) {
		ui_message(u, "sort: %s", err);
		return -1;
	}
	refilter(u, keep);
	ui_message(u, "sorted by %s", spec);
	return 0;
}

/* / in the list: a text query over the corpus, kept with the other filter
 * words (an empty query drops it). */
void
list_search(ui *u)
{
	store_filter nf;
	char *q = NULL;

	if (!ui_prompt(u, "search the corpus: ", u->list.filter.text, &q))
		return;
	if (store_filter_copy(&nf, &u->list.filter) != 0 || store_filter_set_text(&nf, q) != 0) {
		store_filter_clear(&nf);
		ui_message(u, "search: out of memory");
	} else
		apply(u, &nf, "search");
	free(q);
}
