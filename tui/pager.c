/*
 * pager.c: a full-screen, scrollable view of two-column entries (the help,
 * the message history). The left column (keys) is as wide as its widest
 * entry, at most a third of the screen; the right column wraps at spaces,
 * so nothing is cut at any size (a word wider than the column is split by
 * grapheme clusters). Rows are laid out again for each screen size.
 *
 * at_end starts the view at the last entries (the message history).
 * Keys: j Down, k Up scroll by a row; Space PgDn f, PgUp b by a page; g G
 * Home End to the ends; anything else closes the view.
 */
#include "model/buf.h"
#include "tui/ui_int.h"

#include <stdlib.h>
#include <string.h>

/* One screen row: a piece of an entry. */
struct prow {
	const char *left;   /* the entry's left text on its first row, else NULL */
	const char *s;      /* right text of this row */
	size_t n;           /* its bytes */
	int heading;        /* a section heading (drawn in the header style) */
};

struct rows {
	struct prow *v;
	size_t n, cap;
};

static int
push(struct rows *r, const char *left, const char *s, size_t n, int heading)
{
	struct prow *v = array_grow(r->v, &r->cap, r->n + 1, sizeof *v);

	if (!v)
		return -1;
	r->v = v;
	r->v[r->n++] = (struct prow){ left, s, n, heading };
	return 0;
}

/* Bytes of s[0..n) that fit in width cells, cut after a space when one
 * is there (greedy wrapping); at least one cluster. */
static size_t
fit(const char *s, size_t n, int width)
{
	size_t i = 0, last_space = 0;
	int used = 0;

	while (i < n) {
		size_t cl = text_u8_grapheme_next(s, n, i) - i;
		int cw = draw_str_width(s + i, cl);

		if (cl == 0)
			cl = 1;
		if (used + cw > width)
			break;
		used += cw;
		i += cl;
		if (s[i - 1] == ' ')
			last_space = i;
	}
	if (i >= n)
		return n;
	if (last_space > 0)
		return last_space;
	return i > 0 ? i : text_u8_grapheme_next(s, n, 0);
}

/* Lay the entries out for a left column of lw cells and a right one of rw. */
static int
layout_rows(struct rows *r, const pager_entry *e, size_t ne, int lw, int rw)
{
	size_t i;

	r->n = 0;
	for (i = 0; i < ne; i++) {
		const char *s = e[i].right ? e[i].right : "";
		size_t n = strlen(s);
		const char *left = e[i].left ? e[i].left : "";

		if (e[i].heading || n == 0) {
			if (push(r, left, "", 0, e[i].heading) != 0)
				return -1;
			continue;
		}
		/* keys wider than their column get a row of their own */
		if (draw_str_width(left, strlen(left)) > lw) {
			if (push(r, left, "", 0, 0) != 0)
				return -1;
			left = NULL;
		}
		while (n > 0) {
			size_t k = fit(s, n, rw);

			if (push(r, left, s, k, 0) != 0)
				return -1;
			left = NULL;
			s += k;
			n -= k;
			while (n > 0 && *s == ' ') {
				s++;
				n--;
			}
		}
	}
	return 0;
}

/* Width of the left column: the widest entry, at most cols / 3; none
 * when no entry has a left text. */
static int
left_width(const pager_entry *e, size_t ne, int cols)
{
	int w = 0, cap = cols / 3;
	size_t i;

	for (i = 0; i < ne; i++)
		if (!e[i].heading && e[i].left) {
			int lw = draw_str_width(e[i].left, strlen(e[i].left));

			if (lw > w)
				w = lw;
		}
	return w < cap ? w : cap;
}

void
pager_show(ui *u, const char *title, const pager_entry *e, size_t ne, int at_end)
{
	struct rows r = { NULL, 0, 0 };
	size_t top = 0;
	int lines = -1, cols = -1;
	WINDOW *w = NULL;

	for (;;) {
		wint_t ch;
		int rc, y, lw, rows;
		size_t maxtop;
		char pos[64];

		if (LINES != lines || COLS != cols) {
			lines = LINES;
			cols = COLS;
			if (w)
				delwin(w);
			w = newwin(lines, cols, 0, 0);
			if (!w || lines < 2 || cols < 4)
				break;
			keypad(w, TRUE);
			lw = left_width(e, ne, cols);
			if (layout_rows(&r, e, ne, lw, cols - lw - 3 > 4 ? cols - lw - 3 : 4) != 0)
				break;
			if (at_end)
				top = r.n;
		}
		lw = left_width(e, ne, cols);
		rows = lines - 1;
		maxtop = r.n > (size_t)rows ? r.n - (size_t)rows : 0;
		if (top > maxtop)
			top = maxtop;
		werase(w);
		draw_blank(w, 0, 0, cols, u->style[ST_HEADER_FOCUS]);
		snprintf(pos, sizeof(pos), " %zu-%zu/%zu ", r.n ? top + 1 : 0,
		    top + (size_t)rows < r.n ? top + (size_t)rows : r.n, r.n);
		{
			int pw = draw_str_width(pos, strlen(pos));

			if (pw + 10 > cols)
				pw = 0;
			draw_str(w, 0, 1, cols - pw - 1, title, u->style[ST_HEADER_FOCUS]);
			if (pw)
				draw_str(w, 0, cols - pw, pw, pos, u->style[ST_HEADER_FOCUS]);
		}
		for (y = 0; y < rows && top + (size_t)y < r.n; y++) {
			const struct prow *p = &r.v[top + (size_t)y];

			if (p->heading) {
				draw_str(w, y + 1, 0, cols, p->left, u->style[ST_HEADER]);
				continue;
			}
			if (p->left && !p->n)
				draw_str(w, y + 1, 1, cols - 1, p->left, u->style[ST_HEADER]);
			else if (p->left)
				draw_str(w, y + 1, 1, lw, p->left, u->style[ST_HEADER]);
			draw_strn(w, y + 1, lw + 2, cols - lw - 2, p->s, p->n, u->style[ST_TEXT]);
		}
		wnoutrefresh(w);
		doupdate();
		rc = ui_get_key(u, w, &ch);
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		if ((rc == KEY_CODE_YES && ch == KEY_DOWN) || (rc == OK && ch == 'j'))
			top = top < maxtop ? top + 1 : top;
		else if ((rc == KEY_CODE_YES && ch == KEY_UP) || (rc == OK && ch == 'k'))
			top = top ? top - 1 : 0;
		else if ((rc == KEY_CODE_YES && ch == KEY_NPAGE) || (rc == OK && (ch == ' ' || ch == 'f')))
			top = top + (size_t)(rows > 1 ? rows - 1 : 1) < maxtop ? top + (size_t)(rows > 1 ? rows - 1 : 1) : maxtop;
		else if ((rc == KEY_CODE_YES && ch == KEY_PPAGE) || (rc == OK && ch == 'b'))
			top = top > (size_t)(rows > 1 ? rows - 1 : 1) ? top - (size_t)(rows > 1 ? rows - 1 : 1) : 0;
		else if ((rc == KEY_CODE_YES && ch == KEY_HOME) || (rc == OK && ch == 'g'))
			top = 0;
		else if ((rc == KEY_CODE_YES && ch == KEY_END) || (rc == OK && ch == 'G'))
			top = maxtop;
		else
			break;
	}
	free(r.v);
	if (w)
		delwin(w);
	ui_reflow(u);
}
