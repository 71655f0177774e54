/*
 * draw.c: putting text into curses cells, and the styles cells are drawn in.
 *
 * Every character that comes from an article, a title or a label reaches
 * the terminal through draw_cluster(): one grapheme cluster becomes one
 * cchar_t (its base plus combining marks), as text_cluster_display() says
 * to draw it, so control characters show as placeholders and multi-code-point
 * emoji take the two cells terminals give them. Nothing here writes raw bytes.
 */
#include "tui/ui_int.h"

#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <wchar.h>

/*
 * Draw the cluster s[0..n) at (y, x) unless it would cross maxx (the first
 * column it may not use). Returns the cells it takes (0 for nothing drawn).
 * A tab is one blank here; callers that lay out rows expand it.
 */
int
draw_cluster(WINDOW *w, int y, int x, int maxx, const char *s, size_t n, ui_style st)
{
	uint32_t cps[TEXT_DRAW_MAX];
	size_t ncp = 0;
	int width = text_cluster_display(s, n, cps, &ncp);
	wchar_t wc[CCHARW_MAX + 1];
	cchar_t cc;
	size_t i;

	if (n > 0 && (s[0] == '\t' || s[0] == '\n')) {
		cps[0] = ' ';
		ncp = 1;
		width = 1;
	}
	if (width <= 0 || ncp == 0)
		return 0;
	if (x + width > maxx)
		return 0;
	for (i = 0; i < ncp && i < CCHARW_MAX; i++)
		wc[i] = (wchar_t)cps[i];
	wc[i] = 0;
	if (setcchar(&cc, wc, st.a, st.pair, NULL) == ERR)
		return 0;
	mvwadd_wch(w, y, x, &cc);
	return width;
}

/* One cluster's length in bytes at s (end is s + n). */
static size_t
cluster_len(const char *s, size_t n)
{
	/* Not libunistring's u8_grapheme_next: it compares code points in pairs
	 * and splits flags and ZWJ emoji sequences (GUIDE §7 column shift). */
	size_t b = n ? text_u8_grapheme_next(s, n, 0) : 0;

	return b > 0 ? b : (n > 0 ? 1 : 0);
}

/*
 * Draw s[0..n) (UTF-8) from (y, x), clipped to width cells; line ends and
 * tabs become blanks. Returns the cells used.
 */
int
draw_strn(WINDOW *w, int y, int x, int width, const char *s, size_t n, ui_style st)
{
	size_t i = 0;
	int used = 0;

	while (i < n && used < width) {
		size_t cl = cluster_len(s + i, n - i);
		int cw = draw_cluster(w, y, x + used, x + width, s + i, cl, st);

		if (cw == 0 && text_cluster_display(s + i, cl, NULL, NULL) > 0)
			break; /* did not fit */
		used += cw;
		i += cl;
	}
	return used;
}

int
draw_str(WINDOW *w, int y, int x, int width, const char *s, ui_style st)
{
	return s ? draw_strn(w, y, x, width, s, strlen(s), st) : 0;
}

/* Cells s[0..n) takes when drawn by draw_strn. */
int
draw_str_width(const char *s, size_t n)
{
	size_t i = 0;
	int used = 0;

	while (i < n) {
		size_t cl = cluster_len(s + i, n - i);
		int cw = (s[i] == '\t' || s[i] == '\n') ? 1 : text_cluster_display(s + i, cl, NULL, NULL);

		if (cw > 0)
			used += cw;
		i += cl;
	}
	return used;
}

/*
 * Draw s in width cells; when it is wider, keep its first third and its
 * end with "…" between, since the end of a message often says what
 * matters (file:line:byte, the reason). Returns the cells used.
 */
int
draw_fitted(WINDOW *w, int y, int x, int width, const char *s, ui_style st)
{
	size_t n = strlen(s), i = 0;
	int total = draw_str_width(s, n), head, tail, used;

	if (total <= width || width < 8)
		return draw_strn(w, y, x, width, s, n, st);
	head = width / 3;
	tail = width - head - 1;
	used = draw_strn(w, y, x, head, s, n, st);
	used += draw_str(w, y, x + used, 1, "\u2026", st);
	/* the shortest suffix that still fits in tail cells */
	while (i < n && total > tail) {
		size_t cl = cluster_len(s + i, n - i);

		total -= draw_str_width(s + i, cl);
		i += cl;
	}
	return used + draw_strn(w, y, x + used, tail, s + i, n - i, st);
}

/* s in at most width cells: whole, or its start and "…" when wider. */
int
draw_clipped(WINDOW *w, int y, int x, int width, const char *s, ui_style st)
{
	size_t n = strlen(s);
	int used;

	if (width <= 0)
		return 0;
	if (draw_str_width(s, n) <= width)
		return draw_strn(w, y, x, width, s, n, st);
	used = draw_strn(w, y, x, width - 1, s, n, st);
	return used + draw_str(w, y, x + used, 1, "\u2026", st);
}

void
draw_blank(WINDOW *w, int y, int x, int width, ui_style st)
{
	cchar_t cc;
	wchar_t sp[2] = { L' ', 0 };

	if (width <= 0)
		return;
	setcchar(&cc, sp, st.a, st.pair, NULL);
	mvwhline_set(w, y, x, &cc, width);
}

/* Colour pairs: 1..ST_N for fixed styles, then two per label. */
enum { PAIR_HL = 1, PAIR_HEADER, PAIR_STATUS, PAIR_MATCH, PAIR_LABEL0 = 16 };

/* A curses colour number for a scheme colour, dropping "bright" on
 * terminals with 8 colours (A_BOLD stands in). */
static short
colour_number(const char *name, int *bright)
{
	int c = label_colour_index(name);

	*bright = 0;
	if (c < 0)
		return COLOR_WHITE;
	if (c >= 8) {
		if (COLORS >= 16)
			return (short)c;
		*bright = 1;
		return (short)(c - 8);
	}
	return (short)c;
}

/*
 * Decide how every kind of cell looks. With NO_COLOR (or a terminal
 * without colours) only attributes are used: entities bold, suggestions
 * underlined, highlights in standout, the selection reversed.
 */
void
draw_styles_init(ui *u)
{
	const char *nc = getenv("NO_COLOR");
	size_t i, n = u->scheme.n;

	u->colour = !(nc && *nc) && has_colors();
	if (u->colour) {
		start_color();
		use_default_colors();
	}
	memset(u->style, 0, sizeof(u->style));
	free(u->lab_conf);
	free(u->lab_sugg);
	u->lab_conf = calloc(n + 1, sizeof(*u->lab_conf));
	u->lab_sugg = calloc(n + 1, sizeof(*u->lab_sugg));
	u->style[ST_CARET].a = A_REVERSE;
	u->style[ST_SELECT].a = A_REVERSE;
	u->style[ST_HEADER].a = A_BOLD;
	u->style[ST_HEADER_FOCUS].a = A_BOLD | A_REVERSE;
	u->style[ST_STATUS].a = A_REVERSE;
	u->style[ST_LISTSEL].a = A_REVERSE;
	u->style[ST_DIM].a = A_DIM;
	u->style[ST_UNKNOWN_LABEL].a = A_BOLD | A_UNDERLINE;
	if (!u->colour) {
		/* Labels stay apart without colour: each gets its own mix of
		 * attributes (the reader header's legend shows which); reverse
		 * is the caret's and the selection's. */
		static const attr_t mix[] = {
			A_BOLD | A_UNDERLINE, A_ITALIC | A_UNDERLINE, A_BOLD | A_ITALIC,
			A_BOLD | A_ITALIC | A_UNDERLINE, A_DIM | A_UNDERLINE, A_DIM | A_ITALIC,
			A_BOLD, A_ITALIC, A_DIM | A_BOLD | A_UNDERLINE,
		};

		u->style[ST_HIGHLIGHT].a = A_DIM;
		u->style[ST_MATCH].a = A_UNDERLINE | A_BOLD;
		for (i = 0; i < n && u->lab_conf && u->lab_sugg; i++) {
			u->lab_conf[i].a = mix[i % (sizeof(mix) / sizeof(mix[0]))];
			u->lab_sugg[i].a = A_UNDERLINE;
		}
		return;
	}
	init_pair(PAIR_HL, COLOR_BLACK, COLORS >= 256 ? 229 : COLOR_YELLOW);
	init_pair(PAIR_MATCH, COLOR_BLACK, COLOR_CYAN);
	u->style[ST_HIGHLIGHT].pair = PAIR_HL;
	u->style[ST_MATCH].pair = PAIR_MATCH;
	u->style[ST_MATCH].a = A_BOLD;
	for (i = 0; i < n && u->lab_conf && u->lab_sugg; i++) {
		int bright;
		short c = colour_number(u->scheme.v[i].colour, &bright);
		short pc = (short)(PAIR_LABEL0 + 2 * i), ps = (short)(pc + 1);

		if (ps >= COLOR_PAIRS)
			break;
		init_pair(pc, c == COLOR_BLACK ? COLOR_WHITE : COLOR_BLACK, c);
		init_pair(ps, c, -1);
		u->lab_conf[i].pair = pc;
		u->lab_conf[i].a = bright ? A_BOLD : 0;
		u->lab_sugg[i].pair = ps;
		u->lab_sugg[i].a = A_UNDERLINE | (bright ? A_BOLD : 0);
	}
	config_apply_styles(u);
}

void
draw_styles_free(ui *u)
{
	free(u->lab_conf);
	free(u->lab_sugg);
	u->lab_conf = u->lab_sugg = NULL;
}
