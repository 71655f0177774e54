/*
 * prompt.c: a one-line editor on the status row (search, commands, notes).
 *
 * The line is UTF-8; the cursor is a byte offset that always sits on a
 * grapheme boundary. Any Unicode input is accepted (get_wch); the screen
 * position comes from display widths, so wide characters and combining
 * marks edit as the person sees them. Backspace deletes a whole grapheme.
 * Keys: Left Right Home End (Ctrl-A Ctrl-E), Backspace, Delete, Ctrl-U,
 * Enter accepts, Esc cancels.
 */
#include "tui/ui_int.h"

#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>

typedef struct line {
	char *s;
	size_t len, cap;
	size_t cur; /* byte offset of the cursor */
} line;

static int
line_reserve(line *l, size_t more)
{
	if (l->len + more + 1 > l->cap) {
		size_t cap = (l->len + more + 1) * 2;
		char *s = realloc(l->s, cap);

		if (!s)
			return -1;
		l->s = s;
		l->cap = cap;
	}
	return 0;
}

/* UTF-8 of one scalar value; 0 for a surrogate or beyond U+10FFFF. */
static size_t
utf8_encode(uint32_t c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c >= 0xd800 && c <= 0xdfff)
		return 0;
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	if (c <= 0x10ffff) {
		o[0] = (char)(0xf0 | (c >> 18));
		o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[3] = (char)(0x80 | (c & 0x3f));
		return 4;
	}
	return 0;
}

static void
line_insert(line *l, uint32_t c)
{
	char buf[4];
	size_t n = utf8_encode(c, buf);
	const uint8_t *p, *q;

	if (n == 0 || line_reserve(l, n) != 0)
		return;
	memmove(l->s + l->cur + n, l->s + l->cur, l->len - l->cur + 1);
	memcpy(l->s + l->cur, buf, n);
	l->len += n;
	/* A combining mark joins the cluster before it: put the cursor after
	 * the cluster that now holds the inserted character. */
	p = (const uint8_t *)l->s;
	q = p + l->cur;
	if (l->cur > 0)
		q = u8_grapheme_prev(q, p);
	while (q && q < p + l->cur + n && q < p + l->len)
		q = p + text_u8_grapheme_next(l->s, l->len, (size_t)(q - p));
	l->cur = q ? (size_t)(q - p) : l->cur + n;
}

static size_t
grapheme_next(const line *l, size_t at)
{
	return at < l->len ? text_u8_grapheme_next(l->s, l->len, at) : l->len;
}

static size_t
grapheme_prev(const line *l, size_t at)
{
	const uint8_t *p = (const uint8_t *)l->s;
	const uint8_t *q = at > 0 ? u8_grapheme_prev(p + at, p) : NULL;

	return q ? (size_t)(q - p) : 0;
}

static void
line_delete(line *l, size_t a, size_t b)
{
	if (b <= a || b > l->len)
		return;
	memmove(l->s + a, l->s + b, l->len - b + 1);
	l->len -= b - a;
	if (l->cur > a)
		l->cur = l->cur >= b ? l->cur - (b - a) : a;
}

/* Draw "label text" with the cursor in view; returns the cursor's column. */
static int
line_draw(ui *u, const char *what, const line *l)
{
	WINDOW *w = u->wstatus;
	ui_style st = u->style[ST_TEXT];
	int cols = getmaxx(w), lw, avail, x;
	size_t from = 0;

	draw_blank(w, 0, 0, cols, st);
	lw = draw_str(w, 0, 0, cols, what, u->style[ST_HEADER]);
	avail = cols - lw - 1;
	if (avail < 1)
		return cols - 1;
	/* Scroll horizontally: start where the text up to the cursor fits. */
	while (from < l->cur && draw_str_width(l->s + from, l->cur - from) > avail)
		from = grapheme_next(l, from);
	x = lw + draw_str_width(l->s + from, l->cur - from);
	draw_strn(w, 0, lw, avail, l->s + from, l->len - from, st);
	return x;
}

/*
 * Read a line on the status row. Returns 1 with *out (malloc'd UTF-8) when
 * Enter accepts it, 0 when Esc cancels (or on allocation failure).
 */
int
ui_prompt(ui *u, const char *what, const char *init, char **out)
{
	line l = { NULL, 0, 0, 0 };
	int done = 0;

	*out = NULL;
	if (line_reserve(&l, init ? strlen(init) : 0) != 0)
		return 0;
	l.s[0] = 0;
	if (init) {
		memcpy(l.s, init, strlen(init) + 1);
		l.len = l.cur = strlen(init);
	}
	curs_set(1);
	while (!done) {
		wint_t ch;
		int rc, x;

		ui_paint(u);
		x = line_draw(u, what, &l);
		wmove(u->wstatus, 0, x);
		wnoutrefresh(u->wstatus);
		doupdate();
		wtimeout(u->in, -1);
		rc = ui_get_key(u, u->in, &ch);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES) {
			switch (ch) {
			case KEY_RESIZE: ui_reflow(u); break;
			case KEY_LEFT: l.cur = grapheme_prev(&l, l.cur); break;
			case KEY_RIGHT: l.cur = grapheme_next(&l, l.cur); break;
			case KEY_HOME: l.cur = 0; break;
			case KEY_END: l.cur = l.len; break;
			case KEY_BACKSPACE: line_delete(&l, grapheme_prev(&l, l.cur), l.cur); break;
			case KEY_DC: line_delete(&l, l.cur, grapheme_next(&l, l.cur)); break;
			case KEY_ENTER: done = 1; break;
			default: break;
			}
			continue;
		}
		switch (ch) {
		case 27: done = -1; break;
		case '\r': case '\n': done = 1; break;
		case 127: case 8: line_delete(&l, grapheme_prev(&l, l.cur), l.cur); break;
		case 1: l.cur = 0; break;
		case 5: l.cur = l.len; break;
		case 21: line_delete(&l, 0, l.cur); break;
		default:
			if (ch >= 32 && ch != 127 && !(ch >= 0x80 && ch < 0xa0))
				line_insert(&l, (uint32_t)ch);
		}
	}
	curs_set(0);
	u->status_dirty = 1;
	if (done < 0) {
		free(l.s);
		return 0;
	}
	*out = l.s;
	return 1;
}
