/*
 * ui.c: the interface's main loop, pane geometry, the status bar and key
 * dispatch. Panes live in pane_*.c, actions on spans in annotate.c, keys in
 * keymap.c, the line editor in prompt.c, cell drawing in draw.c.
 *
 * Geometry: at 120 columns and more, list | reader | annotations; at 80 to
 * 119, a side column (the list or the annotations, whichever was focused
 * last) | reader; below 80, only the focused pane. Tab cycles the panes.
 * The last row is the status bar. Separators are drawn on stdscr between
 * the pane windows, which never overlap.
 */
#include "tui/ui.h"
#include "tui/ui_int.h"
#include "tui/conf.h"
#include "tui/keymap.h"
#include "tui/xalloc.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* IDLE_SAVE_MS: a resting caret is saved after this. POLL_MS: how often
 * changes by other processes are looked for. COUNT_MS: a digit
 * followed by no motion within this is a tag (3w is a count). */
enum { IDLE_SAVE_MS = 800, POLL_MS = 300, COUNT_MS = 450, TYPEAHEAD_MAX = 64 };

/* Every message also goes to the history (:messages), so one too long
 * for the status bar is never lost. */
void
ui_message(ui *u, const char *fmt, ...)
{
	va_list ap;
	char *keep;

	buf_reset(&u->msg);
	va_start(ap, fmt);
	xbuf_vprintf(&u->msg, fmt, ap);
	va_end(ap);
	u->status_dirty = 1;
	if (u->msg.len == 0)
		return;
	keep = xstrdup(buf_str(&u->msg));
	if (u->nhist == UI_HISTORY) {
		free(u->hist[0]);
		memmove(u->hist, u->hist + 1, (UI_HISTORY - 1) * sizeof(*u->hist));
		u->nhist--;
	}
	u->hist[u->nhist++] = keep;
}

/* A passing message (progress): shown, not kept in the history. */
void
ui_progress(ui *u, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&u->msg);
	va_start(ap, fmt);
	xbuf_vprintf(&u->msg, fmt, ap);
	va_end(ap);
	u->status_dirty = 1;
}

/* :messages: the history, newest last, each message in full. */
/*
 * Say that a store write failed ("not saved: ..."), in words for its
 * kind: a lock, a full disk and a read-only file are things the person
 * can act on; anything else is shown as the store reported it.
 */
void
ui_store_failed(ui *u, const char *what)
{
	switch (store_fail_kind(u->st)) {
	case STORE_FAIL_BUSY:
		ui_message(u, "%s: the database is locked by another program; try again", what);
		break;
	case STORE_FAIL_FULL:
		ui_message(u, "%s: the disk is full", what);
		break;
	case STORE_FAIL_READONLY:
		ui_message(u, "%s: the database is read-only", what);
		break;
	case STORE_FAIL_IO:
		ui_message(u, "%s: database error: %s", what, store_errmsg(u->st));
		break;
	case STORE_FAIL_DAMAGED: /* the message says what to do */
		ui_message(u, "%s: %s", what, store_errmsg(u->st));
		break;
	default:
		ui_message(u, "%s: %s", what, store_errmsg(u->st));
	}
}

void
ui_messages_show(ui *u)
{
	pager_entry *e = calloc(u->nhist ? u->nhist : 1, sizeof(*e));
	size_t i;

	if (!e)
		return;
	for (i = 0; i < u->nhist; i++) {
		e[i].left = NULL;
		e[i].right = u->hist[i];
	}
	if (u->nhist == 0) {
		e[0].right = "no messages yet";
	}
	pager_show(u, "Messages, newest last (q closes)", e, u->nhist ? u->nhist : 1, 1);
	free(e);
}

const ui_style *
ui_label_style(const ui *u, const char *name, int suggested)
{
	const label *l = name ? label_by_name(&u->scheme, name) : NULL;
	size_t i;

	if (!l || !u->lab_conf || !u->lab_sugg)
		return &u->style[ST_UNKNOWN_LABEL];
	i = (size_t)(l - u->scheme.v);
	return suggested ? &u->lab_sugg[i] : &u->lab_conf[i];
}

static void
drop_windows(ui *u)
{
	WINDOW **w[] = { &u->list.w, &u->rd.w, &u->ann.w, &u->wstatus };
	size_t i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (*w[i]) {
			delwin(*w[i]);
			*w[i] = NULL;
		}
}

static WINDOW *
pane_window(int h, int w, int x)
{
	return h > 0 && w > 0 ? newwin(h, w, 0, x) : NULL;
}

static int
clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Reflow: lay the panes out for the terminal's size, then let each pane
 * recalc (the reader keeps its caret and its top row's anchor). */
void
ui_reflow(ui *u)
{
	int rows = LINES, cols = COLS, bh = rows - 1;
	int lw = 0, aw = 0, rx = 0, rw = cols, ax = 0;
	int narrow = cols < 80;
	WINDOW *wl = NULL, *wr = NULL, *wa = NULL;

	drop_windows(u);
	u->hook.cols = cols;
	u->hook.lines = rows;
	werase(stdscr);
	memset(u->visible, 0, sizeof(u->visible));
	if (bh < 2)
		bh = rows > 1 ? rows - 1 : 0;
	if (narrow) {
		u->visible[u->focus] = 1;
	} else if (cols >= 120) {
		lw = clampi(cols / 5, 24, 40);
		aw = clampi(cols / 4, 30, 44);
		rx = lw + 1;
		rw = cols - lw - aw - 2;
		ax = rx + rw + 1;
		u->visible[PANE_LIST] = u->visible[PANE_READER] = u->visible[PANE_ANN] = 1;
	} else {
		int sw = clampi(cols * 3 / 10, 26, 36);

		if (u->side == PANE_ANN) {
			aw = sw;
			u->visible[PANE_ANN] = 1;
		} else {
			lw = sw;
			u->visible[PANE_LIST] = 1;
		}
		rx = sw + 1;
		rw = cols - sw - 1;
		u->visible[PANE_READER] = 1;
	}
	if (u->visible[PANE_LIST])
		wl = pane_window(bh, narrow ? cols : lw, 0);
	if (u->visible[PANE_READER])
		wr = pane_window(bh, rw, rx);
	if (u->visible[PANE_ANN])
		wa = pane_window(bh, narrow ? cols : aw, narrow ? 0 : (cols >= 120 ? ax : 0));
	if (!narrow && bh > 0) {
		mvwvline_set(stdscr, 0, rx - 1, WACS_VLINE, bh);
		if (cols >= 120)
			mvwvline_set(stdscr, 0, ax - 1, WACS_VLINE, bh);
	}
	list_resize(u, wl, bh - 1, narrow ? cols : lw);
	reader_resize(u, wr, bh - 1, rw);
	ann_resize(u, wa, bh - 1, narrow ? cols : (aw ? aw : clampi(cols / 4, 30, 44)));
	u->wstatus = newwin(1, cols, rows - 1, 0);
	if (u->wstatus)
		leaveok(u->wstatus, FALSE);
	wnoutrefresh(stdscr);
	u->status_dirty = 1;
}

/* Move the focus; geometry changes when the focused pane was hidden. */
void
ui_focus(ui *u, int pane)
{
	int old = u->focus;

	u->focus = pane;
	if (pane != PANE_READER)
		u->side = pane;
	if (!u->visible[pane] || COLS < 80)
		ui_reflow(u);
	if (old == PANE_LIST || pane == PANE_LIST)
		u->list.dirty = 1;
	if (old == PANE_READER || pane == PANE_READER)
		u->rd.dirty_all = 1;
	if (old == PANE_ANN || pane == PANE_ANN) {
		u->ann.dirty = 1;
		if (pane == PANE_ANN && !u->ann.sel_id)
			ann_reset(u);
	}
	u->status_dirty = 1;
	if (!u->rd.spans_pending) /* an article opening: after its first screen */
		session_save(u);
}

/* Open article id. Where the session is (session_save) is written once
 * its first screen is drawn (ui_run), with the rest of the opening's
 * writes: a session's first write looks for damage first (~1.4 M
 * instructions, store_open_late), which the first screen need not wait for. */
int
ui_open(ui *u, int64_t id)
{
	if (reader_load(u, id) != 0)
		return -1;
	list_select_id(u, id);
	u->ann.dirty = 1;
	return 0;
}

/* Repaint what changed, pane by pane; the caller calls doupdate(). */
void
ui_paint(ui *u)
{
	list_draw(u);
	reader_draw(u);
	ann_draw(u);
	ui_status_draw(u);
}

/* ---- keys ------------------------------------------------------------ */

static int
read_key(ui *u, int wait_ms, int *key)
{
	wint_t ch;
	int rc;

	wtimeout(u->in, wait_ms);
	rc = ui_get_key(u, u->in, &ch);
	if (rc == ERR)
		return -1;
	*key = rc == KEY_CODE_YES ? (int)(UI_FKEY | ch) : (int)ch;
	return 0;
}

/* A burst of resize events is one reflow: swallow the rest, give back the
 * first other key (read here with wget_wch, not ui_get_key: it is counted
 * when it is read again). */
static void
drain_resize(ui *u)
{
	wint_t ch;
	int rc;

	wtimeout(u->in, 0);
	while ((rc = wget_wch(u->in, &ch)) != ERR) {
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		if (rc == KEY_CODE_YES)
			ungetch((int)ch);
		else
			unget_wch((wchar_t)ch);
		break;
	}
}

static void
neighbour(ui *u, int dir)
{
	int64_t next = 0;

	if (!u->rd.id) {
		list_move(u, dir);
		next = list_selected_id(u);
	} else if (store_article_neighbour(u->st, u->rd.id, dir, &next) != 0) {
		ui_message(u, "%s", store_errmsg(u->st));
		return;
	}
	if (!next) {
		ui_message(u, dir > 0 ? "this is the last article" : "this is the first article");
		return;
	}
	ui_open(u, next);
}

/* After opening an article from a corpus search: the caret on the first
 * match in the text, and n goes on with the matched word. */
static void
caret_on_match(ui *u, int64_t id)
{
	size_t cp;
	char *word = NULL;

	if (store_search_first(u->st, id, u->list.filter.text, &cp, &word) != 1) {
		free(word);
		return;
	}
	free(u->rd.needle);
	u->rd.needle = word;
	reader_set_caret(u, cp, 0);
	reader_search(u, word, 0);
}

/* Enter in the list: open the selected article and read it. */
void
ui_open_selected(ui *u)
{
	int64_t id = list_selected_id(u);

	if (!id)
		return;
	if (id != u->rd.id && ui_open(u, id) != 0)
		return;
	ui_focus(u, PANE_READER);
	if (u->list.filter.text)
		caret_on_match(u, id);
}

static void
search(ui *u, int backward)
{
	char *needle = NULL;

	if (!u->rd.t) {
		ui_message(u, "no article open");
		return;
	}
	if (!ui_prompt(u, backward ? "?" : "/", NULL, &needle))
		return;
	if (*needle) {
		free(u->rd.needle);
		u->rd.needle = needle;
	} else
		free(needle);
	reader_search(u, u->rd.needle, backward);
}

static void
toggle_selection(ui *u)
{
	reader *r = &u->rd;

	if (!r->t)
		return;
	if (r->sel_on) {
		size_t a, b;

		if (reader_selection(u, &a, &b))
			reader_touch_range(u, a, b);
		r->sel_on = 0;
	} else {
		r->sel_on = 1;
		r->sel_from = r->caret;
		reader_touch_range(u, r->caret, r->caret);
	}
	u->status_dirty = 1;
}

/* Motions and paging, by pane. */
static void
motion(ui *u, int act)
{
	reader *r = &u->rd;
	long page = r->h > 1 ? r->h - 1 : 1;

	if (u->focus == PANE_LIST) {
		long lp = u->list.h > 1 ? u->list.h - 1 : 1;

		switch (act) {
		case ACT_DOWN: list_move(u, 1); break;
		case ACT_UP: list_move(u, -1); break;
		case ACT_PGDN: list_move(u, lp); break;
		case ACT_PGUP: list_move(u, -lp); break;
		case ACT_TOP: list_home(u, 0); break;
		case ACT_BOTTOM: list_home(u, 1); break;
		default: break;
		}
		u->status_dirty = 1;
		return;
	}
	if (u->focus == PANE_ANN) {
		long ap = u->ann.h > 1 ? u->ann.h - 1 : 1;

		switch (act) {
		case ACT_DOWN: ann_move(u, 1); break;
		case ACT_UP: ann_move(u, -1); break;
		case ACT_PGDN: ann_move(u, ap); break;
		case ACT_PGUP: ann_move(u, -ap); break;
		case ACT_TOP: ann_home(u, 0); break;
		case ACT_BOTTOM: ann_home(u, 1); break;
		default: break;
		}
		return;
	}
	if (!r->t)
		return;
	switch (act) {
	case ACT_DOWN: reader_row_move(u, 1); break;
	case ACT_UP: reader_row_move(u, -1); break;
	case ACT_PGDN: reader_page(u, 1); break;
	case ACT_PGUP: reader_page(u, -1); break;
	case ACT_TOP: reader_home(u, 0); break;
	case ACT_BOTTOM: reader_home(u, 1); break;
	case ACT_LEFT: reader_set_caret(u, text_grapheme_prev(r->t, r->caret), 0); break;
	case ACT_RIGHT:
		if (r->caret < text_len(r->t))
			reader_set_caret(u, text_grapheme_next(r->t, r->caret), 0);
		break;
	case ACT_WORD_NEXT: reader_set_caret(u, text_word_next(r->t, r->caret), 0); break;
	case ACT_WORD_PREV: reader_set_caret(u, text_word_prev(r->t, r->caret), 0); break;
	case ACT_WORD_END: reader_set_caret(u, text_word_end(r->t, r->caret), 0); break;
	case ACT_LINE_START: reader_line_edge(u, 0); break;
	case ACT_LINE_END: reader_line_edge(u, 1); break;
	default: break;
	}
	(void)page;
}

/* Actions that only make sense in the reader (or on its article). In
 * the annotations pane the span keys act on the selected entry. */
static int
reader_only(ui *u, int act)
{
	if (u->focus == PANE_READER)
		return 1;
	if (u->rd.t && (act == ACT_UNDO || act == ACT_REDO || act == ACT_DONE))
		return 1;
	if (u->focus == PANE_ANN && u->ann.sel_id &&
	    (act == ACT_RELABEL || act == ACT_DELETE || act == ACT_NOTE || act == ACT_ACCEPT ||
	    act == ACT_REJECT || act == ACT_ACCEPT_ALL || (act >= ACT_START_OUT_WORD && act <= ACT_END_IN_CHAR)))
		return 1;
	return 0;
}

/* A key that cannot act in the focused pane says why. */
static void
not_here(ui *u, int key)
{
	char k[16];

	if (key > ' ' && key < 127)
		snprintf(k, sizeof(k), "%c", key);
	else
		snprintf(k, sizeof(k), "that key");
	if (!u->rd.t)
		ui_message(u, "%s acts on an open article: Enter on the list opens one", k);
	else if (u->focus == PANE_ANN && !u->ann.sel_id)
		ui_message(u, "%s: no annotation selected here; Tab goes to the reader", k);
	else
		ui_message(u, "%s works in the reader: Tab goes there", k);
}

static int
is_motion(int act)
{
	return act == ACT_DOWN || act == ACT_UP || act == ACT_LEFT || act == ACT_RIGHT ||
	    act == ACT_WORD_NEXT || act == ACT_WORD_PREV || act == ACT_WORD_END;
}

/* A digit: label N in the reader, unless a motion follows (3w): then it
 * was a count. The tag waits for the next key or a short pause. */
static void
count_done(ui *u)
{
	int d = u->count;

	if (!d)
		return;
	u->count = 0;
	u->status_dirty = 1;
	if (u->focus == PANE_ANN && u->ann.sel_id)
		annotate_relabel(u, d);
	else if (u->focus == PANE_READER)
		annotate_tag(u, d);
	else
		not_here(u, '0' + d);
}

/* The span keys on the entry selected in the annotations pane: y and x
 * decide at the span's start, the others find the entry themselves. */
static void
on_entry(ui *u, int act)
{
	const span *s = annotate_target_span(u, 0);

	if (u->focus == PANE_ANN && s && (act == ACT_ACCEPT || act == ACT_REJECT))
		reader_set_caret(u, s->start, 0);
}

static void
dispatch(ui *u, int key)
{
	int act;

	act = keymap_action(key);
	if (u->count) {
		int n = u->count;

		if (is_motion(act)) {
			u->count = 0;
			u->status_dirty = 1;
			while (n-- > 0)
				motion(u, act);
			u->last_span = 0;
			return;
		}
		count_done(u);
	}
	if (act < ACT_START_OUT_WORD || act > ACT_END_IN_CHAR)
		u->last_span = 0;
	if (act == ACT_TAG && u->pending != 'r') {
		u->count = key - '0';
		u->status_dirty = 1;
		return;
	}
	if (u->pending == 'r') {
		u->pending = 0;
		u->status_dirty = 1;
		if (key >= '1' && key <= '9')
			annotate_relabel(u, key - '0');
		else
			ui_message(u, "relabel: cancelled (r then a digit)");
		return;
	}
	act = keymap_action(key);
	switch (act) {
	case ACT_NONE:
		break;
	case ACT_QUIT: u->quit = 1; break;
	case ACT_HELP: keymap_help(u); break;
	case ACT_CMD: ui_command(u); break;
	case ACT_TAB:
		ui_focus(u, (u->focus + 1) % PANE_N);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		ui_reflow(u);
		break;
	case ACT_ENTER:
		if (u->focus == PANE_LIST)
			ui_open_selected(u);
		else if (u->focus == PANE_ANN)
			ann_enter(u);
		break;
	case ACT_NEXT_ART: neighbour(u, 1); break;
	case ACT_PREV_ART: neighbour(u, -1); break;
	case ACT_MESSAGES: ui_messages_show(u); break;
	case ACT_SEARCH:
		if (u->focus == PANE_LIST) { /* the list searches the corpus */
			list_search(u);
			break;
		}
		/* fall through */
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		/* a search is in the open article, from any pane */
		if (!u->rd.t) {
			not_here(u, key);
			break;
		}
		if (u->focus != PANE_READER)
			ui_focus(u, PANE_READER);
		if (act == ACT_SEARCH)
			search(u, 0);
		else
			reader_search(u, u->rd.needle, act == ACT_SEARCH_PREV);
		break;
	default:
		if (act >= ACT_DOWN && act <= ACT_LINE_END) {
			motion(u, act);
			break;
		}
		if (!reader_only(u, act)) {
			if (act != ACT_ESC)
				not_here(u, key);
			break;
		}
		on_entry(u, act);
		switch (act) {
		case ACT_SELECT: toggle_selection(u); break;
		case ACT_ESC:
			if (u->rd.sel_on)
				toggle_selection(u);
			break;
		case ACT_TAG: annotate_tag(u, key - '0'); break;
		case ACT_RELABEL:
			u->pending = 'r';
			ui_message(u, "relabel: press the label's digit");
			break;
		case ACT_DELETE: annotate_delete(u); break;
		case ACT_HIGHLIGHT: annotate_highlight(u); break;
		case ACT_NOTE: annotate_note(u); break;
		case ACT_UNDO: annotate_undo(u, 0); break;
		case ACT_REDO: annotate_undo(u, 1); break;
		case ACT_DONE: annotate_done(u); break;
		case ACT_SUGG_NEXT: review_jump(u, +1); break;
		case ACT_SUGG_PREV: review_jump(u, -1); break;
		case ACT_ACCEPT: review_decide(u, SPAN_CONFIRMED); break;
		case ACT_REJECT: review_decide(u, SPAN_REJECTED); break;
		case ACT_ACCEPT_ALL: review_accept_all(u); break;
		case ACT_START_OUT_WORD: annotate_edge(u, 0, -1, 1); break;
		case ACT_START_IN_WORD: annotate_edge(u, 0, +1, 1); break;
		case ACT_START_OUT_CHAR: annotate_edge(u, 0, -1, 0); break;
		case ACT_START_IN_CHAR: annotate_edge(u, 0, +1, 0); break;
		case ACT_END_OUT_WORD: annotate_edge(u, 1, +1, 1); break;
		case ACT_END_IN_WORD: annotate_edge(u, 1, -1, 1); break;
		case ACT_END_OUT_CHAR: annotate_edge(u, 1, +1, 0); break;
		case ACT_END_IN_CHAR: annotate_edge(u, 1, -1, 0); break;
		default: break;
		}
	}
}

/* ---- the loop ----------------------------------------------------------- */

/* newterm accepts TERM=dumb and then draws nothing: a full-screen
 * interface needs cursor addressing (terminfo cup). */
static int
can_address(void)
{
	char *cup = tigetstr("cup");

	return cup != NULL && cup != (char *)-1;
}

static int
setup(ui *u, store *st, char *err, size_t errsz)
{
	memset(u, 0, sizeof(*u));
	u->st = st;
	if (store_labels_get(st, &u->scheme) != 0) {
		size_t line;
		char msg[128];

		if (label_scheme_parse(label_default_scheme, strlen(label_default_scheme), &u->scheme, &line,
		    msg, sizeof(msg)) != 0) {
			snprintf(err, errsz, "no label scheme: %s", store_errmsg(st));
			return -1;
		}
	}
	setlocale(LC_ALL, "");
	config_load_default();
	config_apply_scheme(u);
	if ((u->scr = newterm(NULL, stdout, stdin)) == NULL) {
		snprintf(err, errsz, "cannot set up the terminal (TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
		label_scheme_clear(&u->scheme);
		return -1;
	}
	if (!can_address()) {
		endwin();
		delscreen(u->scr);
		snprintf(err, errsz, "the terminal (TERM=%s) cannot move the cursor; gloss needs one that can "
		    "(e.g. TERM=xterm-256color)", getenv("TERM") ? getenv("TERM") : "");
		label_scheme_clear(&u->scheme);
		return -1;
	}
	/* ncurses 6 flushes after every cursor move until the first
	 * endwin(): one write(2) per changed line. Suspended before anything
	 * is drawn, the first doupdate() resumes and each one is one write. */
	endwin();
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	curs_set(0);
	u->in = newpad(1, 1);
	keypad(u->in, TRUE);
	/* Home and End as tmux, screen and rxvt send them, whatever TERM says. */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[7~", KEY_HOME);
	define_key("\033[8~", KEY_END);
	define_key("\033[H", KEY_HOME);
	define_key("\033[F", KEY_END);
	testhook_init(u);
	/* From here on every write may wait for an import (wait.c): the
	 * session restored below already writes. */
	store_set_wait(st, ui_wait_cb, u);
	draw_styles_init(u);
	ui_mouse_on(u);
	u->focus = PANE_LIST;
	u->side = PANE_LIST;
	reader_init(u);
	list_init(u);
	config_apply(u);
	u->ann.dirty = 1;
	ui_reflow(u);
	sugui_init(u);
	session_restore(u);
	return 0;
}

static void
teardown(ui *u)
{
	sugui_free(u);
	reader_free(u); /* saves the position: may still wait for the lock */
	store_set_wait(u->st, NULL, NULL);
	ui_wait_free(u);
	list_free(u);
	drop_windows(u);
	if (u->in)
		delwin(u->in);
	ui_mouse_off(u);
	endwin();
	delscreen(u->scr);
	draw_styles_free(u);
	label_scheme_clear(&u->scheme);
	while (u->nhist > 0)
		free(u->hist[--u->nhist]);
	buf_free(&u->msg);
}

/*
 * Another process (another annotator, an import) committed since we last
 * looked: show what the database holds now, so that no answer comes from
 * a stale copy (a digit on a span someone else deleted tags it again).
 * Asked before every key and on an idle tick.
 */
static void
notice_others(ui *u)
{
	uint64_t v;

	if (store_data_version(u->st, &v) != 0 || v == u->data_version)
		return;
	u->data_version = v;
	list_refresh(u);
	if (u->rd.id && !u->rd.spans_pending) {
		/* gloss suggest may have stored the open article's suggestions
		 * compactly: spans again before they are read */
		if (store_suggestions_materialize(u->st, u->rd.id, NULL) != 0)
			ui_message(u, "suggestions not shown: %s", store_errmsg(u->st));
		reader_reload_spans(u);
	}
}

/*
 * Caret motions typed ahead (j held over a slow link, a paste) are handled
 * before the screen is drawn again: one repaint for the burst, not one per
 * key that the terminal would show for an instant (what curses' typeahead
 * was for; the test hook turns that off). Not while an article's first
 * screen or a pause's work waits, and at most TYPEAHEAD_MAX keys between
 * repaints; any other key is drawn for as before.
 */
static int
typed_ahead(ui *u, int *n)
{
	int key;

	if (u->focus != PANE_READER || u->rd.spans_pending || u->count || u->pending || *n >= TYPEAHEAD_MAX ||
	    sugui_idle_ms(u) >= 0 || !ui_peek_key(u, &key) || !is_motion(keymap_action(key)))
		return 0;
	++*n;
	return 1;
}

int
ui_run(store *st, char *err, size_t errsz)
{
	ui u;
	int ahead = 0;

	if (setup(&u, st, err, errsz) != 0)
		return 1;
	(void)store_data_version(st, &u.data_version);
	while (!u.quit) {
		int key;
		int unsaved, busy, idle_ms, wait_ms;

		if (u.rd.spans) /* no span is held from one turn to the next */
			spanset_views_release(u.rd.spans);
		ui_wait_over(&u);
		unsaved = u.rd.id && u.rd.caret != u.rd.saved_pos;
		busy = sugui_busy(&u);
		if (!typed_ahead(&u, &ahead)) {
			ui_paint(&u);
			doupdate();
			ahead = 0;
			u.hook.paints++;
		}
		if (u.rd.spans_pending) { /* the text is on screen: now the
		                          * spans (the engines wait for a pause) */
			testhook_drawn(&u);
			sugui_opening(&u, u.rd.id);
			reader_load_spans(&u);
			session_save(&u);
			continue;
		}
		idle_ms = sugui_idle_ms(&u);
		u.hook.sync_is_pause = u.count != 0;
		/* the work a pause starts is still the last key's: the tests
		 * hear that the key was handled once it is done */
		u.hook.hold = idle_ms >= 0;
		wait_ms = u.count ? COUNT_MS : u.hook.hold ? idle_ms : busy ? 0 : unsaved ? IDLE_SAVE_MS : POLL_MS;
		if (u.hook.pause && (u.count || u.hook.hold))
			wait_ms = -1; /* GLOSS_TEST_KEYS=pause: the pause is a sync */
		if (read_key(&u, wait_ms, &key) != 0) {
			if (u.count) { /* a digit alone: the tag, drawn before */
				count_done(&u); /* its suggestions are made */
				continue;
			}
			if (unsaved && !busy && !u.hook.hold) /* the caret stopped (not */
				reader_save_position(&u); /* a 0 ms pause after a tag) */
			notice_others(&u);
			if (u.hook.hold)
				sugui_idle(&u); /* the opened article's suggestions */
			else
				sugui_slice(&u); /* no key waiting: propagate a little */
			continue;
		}
		notice_others(&u);
		if (key == (UI_FKEY | KEY_RESIZE)) {
			drain_resize(&u);
			ui_reflow(&u);
			continue;
		}
		/* the last key's decisions are learnt before the next key */
		sugui_flush(&u);
		if (key == (UI_FKEY | KEY_MOUSE)) {
			count_done(&u);
			ui_mouse_event(&u);
			continue;
		}
		if (u.msg.len) {
			buf_reset(&u.msg);
			u.status_dirty = 1;
		}
		dispatch(&u, key);
	}
	teardown(&u);
	return 0;
}
