/*
 * keymap.c: which key does what (GUIDE §3), and the help screen built
 * from the same table, so the help can never disagree with the keys.
 * Keys are characters or curses function keys | UI_FKEY (ui_int.h).
 */
#include "tui/ui_int.h"
#include "tui/keymap.h"

#include <stdio.h>
#include <string.h>

struct binding {
	int key;
	int action;
};

static const struct binding bindings[] = {
	{ 'q', ACT_QUIT }, { '?', ACT_HELP }, { ':', ACT_CMD }, { '\t', ACT_TAB },
	{ 'j', ACT_DOWN }, { UI_FKEY | KEY_DOWN, ACT_DOWN },
	{ 'k', ACT_UP }, { UI_FKEY | KEY_UP, ACT_UP },
	{ ' ', ACT_PGDN }, { UI_FKEY | KEY_NPAGE, ACT_PGDN }, { UI_CTRL('f'), ACT_PGDN },
	{ UI_FKEY | KEY_PPAGE, ACT_PGUP }, { UI_CTRL('b'), ACT_PGUP },
	{ 'g', ACT_TOP }, { UI_FKEY | KEY_HOME, ACT_TOP },
	{ 'G', ACT_BOTTOM }, { UI_FKEY | KEY_END, ACT_BOTTOM },
	{ 'h', ACT_LEFT }, { UI_FKEY | KEY_LEFT, ACT_LEFT },
	{ 'l', ACT_RIGHT }, { UI_FKEY | KEY_RIGHT, ACT_RIGHT },
	{ 'w', ACT_WORD_NEXT }, { 'b', ACT_WORD_PREV }, { 'e', ACT_WORD_END },
	{ '0', ACT_LINE_START }, { '$', ACT_LINE_END },
	{ '\r', ACT_ENTER }, { '\n', ACT_ENTER }, { UI_FKEY | KEY_ENTER, ACT_ENTER },
	{ 'J', ACT_NEXT_ART }, { 'K', ACT_PREV_ART },
	{ 'v', ACT_SELECT }, { 27, ACT_ESC },
	{ '1', ACT_TAG }, { '2', ACT_TAG }, { '3', ACT_TAG }, { '4', ACT_TAG }, { '5', ACT_TAG },
	{ '6', ACT_TAG }, { '7', ACT_TAG }, { '8', ACT_TAG }, { '9', ACT_TAG },
	{ 'r', ACT_RELABEL }, { 'd', ACT_DELETE }, { 'H', ACT_HIGHLIGHT }, { 'c', ACT_NOTE },
	{ 'u', ACT_UNDO }, { UI_CTRL('r'), ACT_REDO },
	{ '/', ACT_SEARCH }, { 'n', ACT_SEARCH_NEXT }, { 'N', ACT_SEARCH_PREV },
	{ 'D', ACT_DONE }, { UI_CTRL('l'), ACT_REDRAW },
	{ ']', ACT_SUGG_NEXT }, { '[', ACT_SUGG_PREV }, { 'y', ACT_ACCEPT }, { 'x', ACT_REJECT },
	{ 'Y', ACT_ACCEPT_ALL },
};

/* Help lines, in the order shown; an action's keys are listed before it. */
static const struct {
	int action;
	const char *what;
} help[] = {
	{ ACT_QUIT, "quit (everything is already saved)" },
	{ ACT_HELP, "this help" },
	{ ACT_CMD, "command: :q  :import PATH  :export FORMAT PATH" },
	{ ACT_TAB, "next pane (list, reader, annotations)" },
	{ ACT_DOWN, "next line (list: next article)" },
	{ ACT_UP, "previous line (list: previous article)" },
	{ ACT_PGDN, "page down" },
	{ ACT_PGUP, "page up" },
	{ ACT_TOP, "top" },
	{ ACT_BOTTOM, "bottom" },
	{ ACT_LEFT, "caret left by a character" },
	{ ACT_RIGHT, "caret right by a character" },
	{ ACT_WORD_NEXT, "next word" },
	{ ACT_WORD_PREV, "previous word" },
	{ ACT_WORD_END, "end of word" },
	{ ACT_LINE_START, "start of the line" },
	{ ACT_LINE_END, "end of the line" },
	{ ACT_ENTER, "list: open the article; annotations: go to the span" },
	{ ACT_NEXT_ART, "next article" },
	{ ACT_PREV_ART, "previous article" },
	{ ACT_SEARCH, "search in the article (ignores case and accents)" },
	{ ACT_SEARCH_NEXT, "next match" },
	{ ACT_SEARCH_PREV, "previous match" },
	{ ACT_SELECT, "start or drop a selection; caret moves extend it" },
	{ ACT_ESC, "drop the selection" },
	{ ACT_TAG, "tag the selection or the word under the caret with label N" },
	{ ACT_RELABEL, "relabel the span under the caret (then a digit)" },
	{ ACT_DELETE, "delete the span under the caret" },
	{ ACT_HIGHLIGHT, "highlight the selection (or the sentence)" },
	{ ACT_NOTE, "attach or edit a note on the span under the caret" },
	{ ACT_SUGG_NEXT, "next suggestion" },
	{ ACT_SUGG_PREV, "previous suggestion" },
	{ ACT_ACCEPT, "accept the suggestion under the caret" },
	{ ACT_REJECT, "reject the suggestion under the caret" },
	{ ACT_ACCEPT_ALL, "accept every suggestion in this article" },
	{ ACT_UNDO, "undo (survives a restart)" },
	{ ACT_REDO, "redo" },
	{ ACT_DONE, "mark the article done and open the next one not done" },
	{ ACT_REDRAW, "redraw the screen" },
};

int
keymap_action(int key)
{
	size_t i;

	for (i = 0; i < sizeof(bindings) / sizeof(bindings[0]); i++)
		if (bindings[i].key == key)
			return bindings[i].action;
	return ACT_NONE;
}

/* How a key is written in the help. */
static void
keyname_of(int key, char *buf, size_t size)
{
	static const struct {
		int key;
		const char *name;
	} names[] = {
		{ UI_FKEY | KEY_DOWN, "\u2193" }, { UI_FKEY | KEY_UP, "\u2191" },
		{ UI_FKEY | KEY_LEFT, "\u2190" }, { UI_FKEY | KEY_RIGHT, "\u2192" },
		{ UI_FKEY | KEY_NPAGE, "PgDn" }, { UI_FKEY | KEY_PPAGE, "PgUp" },
		{ UI_FKEY | KEY_HOME, "Home" }, { UI_FKEY | KEY_END, "End" },
		{ UI_FKEY | KEY_ENTER, "" }, { '\n', "" }, { '\r', "Enter" },
		{ '\t', "Tab" }, { ' ', "Space" }, { 27, "Esc" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].key == key) {
			snprintf(buf, size, "%s", names[i].name);
			return;
		}
	if (key > 0 && key < 32)
		snprintf(buf, size, "Ctrl-%c", key + '@');
	else if (key >= '1' && key <= '9')
		snprintf(buf, size, key == '1' ? "1-9" : "");
	else
		snprintf(buf, size, "%c", key);
}

/* The keys of one action, space-separated. */
static void
keys_of(int action, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(bindings) / sizeof(bindings[0]); i++) {
		char k[32];
		int n;

		if (bindings[i].action != action)
			continue;
		keyname_of(bindings[i].key, k, sizeof(k));
		if (!k[0])
			continue;
		n = snprintf(buf + len, size - len, "%s%s", len ? " " : "", k);
		if (n < 0 || (size_t)n >= size - len)
			return;
		len += (size_t)n;
	}
}

/* One help line: keys padded to a column by display width, then text. */
static void
help_line(ui *u, WINDOW *w, int y, int x, int width, const char *keys, const char *what)
{
	int kw = draw_str(w, y, x, width, keys, u->style[ST_HEADER]);

	if (kw < 17)
		kw = 17;
	if (width > kw + 1)
		draw_str(w, y, x + kw + 1, width - kw - 1, what, u->style[ST_TEXT]);
}

/*
 * A full-screen list of the keys and of the scheme's labels, in two
 * columns when wide. j, Down, Space and PgDn scroll a long list, k, Up and
 * PgUp back; any other key closes it.
 */
void
keymap_help(ui *u)
{
	size_t nh = sizeof(help) / sizeof(help[0]), n = nh + u->scheme.n, top = 0, i;
	int ncol = COLS >= 100 ? 2 : 1, colw = COLS / ncol, rows = LINES - 2;
	WINDOW *w = newwin(LINES, COLS, 0, 0);

	if (!w || rows < 1) {
		if (w)
			delwin(w);
		return;
	}
	keypad(w, TRUE);
	for (;;) {
		wint_t ch;
		int rc, c, y;

		werase(w);
		draw_blank(w, 0, 0, COLS, u->style[ST_HEADER_FOCUS]);
		draw_str(w, 0, 1, COLS - 1, "gloss keys (Space more, any other key closes this)",
		    u->style[ST_HEADER_FOCUS]);
		for (c = 0, i = top; c < ncol; c++)
			for (y = 0; y < rows && i < n; y++, i++) {
				char k[96], what[256];

				if (i < nh) {
					keys_of(help[i].action, k, sizeof(k));
					snprintf(what, sizeof(what), "%s", help[i].what);
				} else {
					const label *l = &u->scheme.v[i - nh];

					snprintf(k, sizeof(k), "label %c", l->key ? '0' + l->key : '-');
					snprintf(what, sizeof(what), "%s: %s", l->name, l->description);
				}
				help_line(u, w, y + 2, c * colw + 1, colw - 2, k, what);
			}
		wnoutrefresh(w);
		doupdate();
		rc = ui_get_key(u, w, &ch);
		if (rc == KEY_CODE_YES && (ch == KEY_DOWN || ch == KEY_NPAGE)) {
			if (top + (size_t)(rows * ncol) < n)
				top += ch == KEY_DOWN ? 1 : (size_t)rows;
		} else if (rc == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_PPAGE)) {
			top = ch == KEY_UP ? (top ? top - 1 : 0) : (top > (size_t)rows ? top - (size_t)rows : 0);
		} else if (rc == OK && (ch == ' ' || ch == 'j')) {
			if (top + (size_t)(rows * ncol) < n)
				top += ch == 'j' ? 1 : (size_t)rows;
		} else if (rc == OK && ch == 'k') {
			top = top ? top - 1 : 0;
		} else
			break;
	}
	delwin(w);
	ui_reflow(u);
}
