/*
 * ui_int.h: state shared by the interface's files (ui.c and the panes);
 * not part of ui.h.
 *
 * Coordinates. Text positions are code points of the open article's stored
 * text (the caret, the selection, spans). Screen positions are curses cells
 * relative to a pane's window. A reader row index i means vis[i], the i-th
 * visible wrapped row; window line i + 1 (line 0 is the pane header).
 *
 * Steps, as in neomutt: reflow (pane geometry from the terminal size) ->
 * recalc (layout width, visible rows) -> repaint (only dirty rows and panes,
 * wnoutrefresh per pane, one doupdate per key).
 *
 * The repaint flags. Anything that changes what a pane shows sets its flag;
 * only the pane's draw function clears it, after drawing (ui_paint calls
 * them all once per turn of ui_run's loop, before reading the next key).
 *   list.stale      the cached page of rows no longer matches the store
 *                   (import, status change, another process's commit:
 *                   list_refresh, notice_others); page_load re-reads it
 *                   and clears it. Implies list.dirty.
 *   list.dirty      repaint the list pane (selection moved, rows changed);
 *                   cleared by list_draw.
 *   list.row_dirty  repaint one article's row only (a span action changed
 *                   its counts: list_adjust); cleared by list_draw.
 *   rd.dirty[i]     repaint visible row i only (caret moved off/onto it, a
 *                   span on it changed: reader_touch_range); cleared per
 *                   row by reader_draw (reader_paint.c); moves with its
 *                   row when the view scrolls before a repaint.
 *   rd.dirty_all    repaint the whole reader and its header (article
 *                   opened, scrolled by more than the window, resized,
 *                   C-l); cleared by reader_draw, or turned into
 *                   rd.dirty[] for the new rows when a small scroll can
 *                   shift the rows still on screen (pane_reader.c).
 *   rd.spans_pending the article's text is shown but its spans are not
 *                   read yet: set by reader_open, cleared by
 *                   reader_load_spans, which ui_run calls right after the
 *                   first screen (text first, GUIDE §10).
 *   ann.dirty       repaint the whole annotations pane (article opened,
 *                   resized, focus); cleared by ann_draw.
 *   ann.touched     spans added, removed or changed, selection moved:
 *                   ann_draw repaints the header and only the entry rows
 *                   whose span or look differ from what they show (a row
 *                   inserted or removed shifts the rest with winsdelln);
 *                   cleared by ann_draw.
 *   status_dirty    repaint the status bar (message, caret position,
 *                   counts); cleared by status_draw.
 * Nothing else clears a flag, so a change is never lost between keys.
 */
#ifndef GLOSS_UI_INT_H
#define GLOSS_UI_INT_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stddef.h>
#include <stdint.h>
#include "db/filter.h"
#include "db/store.h"
#include "model/buf.h"
#include "model/label.h"
#include "model/layout.h"
#include "model/span.h"
#include "model/text.h"

enum ui_pane { PANE_LIST, PANE_READER, PANE_ANN, PANE_N };
enum { UI_HISTORY = 64 }; /* messages kept for :messages */

/* A key: a character (Unicode scalar) or a curses function key | UI_FKEY. */
#define UI_FKEY 0x1000000
#define UI_CTRL(c) ((c) & 0x1f)

/* How a kind of cell looks: attributes and a colour pair (0 = default). */
typedef struct ui_style {
	attr_t a;
	short pair;
} ui_style;

enum ui_style_id {
	ST_TEXT, ST_CARET, ST_SELECT, ST_MATCH, ST_HIGHLIGHT, ST_HEADER,
	ST_HEADER_FOCUS, ST_STATUS, ST_LISTSEL, ST_DIM, ST_UNKNOWN_LABEL, ST_N
};

/* The article list: a window onto the store's articles as the filter
 * keeps and orders them (id order by default). Only the visible page is
 * ever loaded. With a text query each entry takes two lines: the title
 * and a snippet of the text with the matched words highlighted. */
typedef struct list_pane {
	WINDOW *w;
	int h, wd;              /* content rows (below the header) and columns */
	size_t count;           /* articles in the store */
	size_t sel;             /* selected article, index in id order */
	size_t top;             /* index of the first visible row */
	store_article *rows;    /* cached page: articles [rows_off, rows_off+nrows) */
	size_t nrows, caprows;
	size_t rows_off;
	int stale;              /* page must be reloaded before drawing */
	int dirty;              /* must be repainted */
	int64_t row_dirty;      /* only this article's row changed (its counts): 0 none */
	store_filter filter;    /* which articles, in what order (:filter, :sort, /) */
	size_t total;           /* articles in the store (count: those the filter keeps) */
	char **snips;           /* with a text query: each loaded row's snippet */
} list_pane;

/* The open article: its text, lazy layout, spans and caret. */
typedef struct reader {
	WINDOW *w;
	int h, wd;              /* text rows (below the header) and window columns */
	int64_t id;             /* open article, 0 if none */
	char *title, *date, *status;
	text *t;
	layout *lay;
	spanset *spans;         /* every span of the article, by position */
	int spans_pending;      /* the spans are read after the first screen */
	size_t caret;           /* code point, always a grapheme start or text_len */
	int goal_col;           /* column j/k aim for; -1: take the caret's */
	size_t anchor;          /* the top row is the row holding this code point:
	                           survives resizes; moved only by scrolling */
	layout_row *vis;        /* visible rows, vis[0] is the top one */
	int nvis, capvis;
	unsigned char *dirty;   /* per visible row: repaint it */
	size_t *prev;           /* scratch: row starts before the last refill */
	int dirty_all;          /* repaint the whole pane (and the header) */
	int sel_on;             /* a selection is being made */
	size_t sel_from;        /* where it started (the caret is the other end) */
	size_t match_at, match_len; /* last search match, shown until the caret moves */
	char *needle;           /* last search */
	size_t saved_pos;       /* reading position last written to the store */
	int drag;               /* mouse button 1 is down */
	size_t drag_from;
	int max_cols;           /* text width the person set, 0: the pane's */
	size_t *counts;         /* confirmed entities per scheme label; then
	                           [n] other labels, [n+1] highlights, [n+2] suggested */
} reader;

/* The annotations pane: the open article's spans in text order. Entries are
 * found through the spanset's position index, never by scanning. */
enum { ANN_ROWS = 256 };  /* entry rows whose drawing is remembered */
/* What one entry row shows (ann_draw repaints a row only when it differs). */
struct ann_row {
	int64_t id;             /* the span; 0: blank; -1: the "no annotations" line; -2: unknown */
	size_t start, end;
	uint64_t look;          /* label, kind, status, source, note mark, selected */
};
typedef struct ann_pane {
	WINDOW *w;
	int h, wd;
	int64_t sel_id;         /* selected span, 0 if none */
	size_t sel_start;       /* its start, to recover when it is deleted */
	int64_t top_id;         /* first visible span */
	size_t top_start;
	int dirty;              /* repaint the whole pane */
	int touched;            /* entries or counts may have changed: repaint the rows that differ */
	struct ann_row shown[ANN_ROWS]; /* as drawn, row by row */
} ann_pane;

/* What the tests are told has been handled (testhook.c). */
struct testhook {
	int on;                 /* GLOSS_TEST_KEYS is set */
	unsigned long keys;     /* keys and mouse events read */
	unsigned long syncs;    /* sync sequences read */
	int cols, lines;        /* terminal size the panes were laid out for */
	unsigned long shown_keys, shown_syncs; /* as last published */
	int shown_cols, shown_lines;
	int sync_is_pause;      /* a sync read returns ERR, as a pause would:
	                           a digit waiting to be a tag or a count
	                           becomes the tag before the sync is reported */
	int hold;               /* work waits for a pause (an opened article's
	                           suggestions): syncs read meanwhile are held */
	unsigned long held;     /* syncs held, counted once hold is over */
	int pause;              /* GLOSS_TEST_KEYS=pause: held work waits for a sync */
	unsigned long paints;   /* repaints of the main loop (ui_run) */
	int quiet;              /* reading keys typed ahead, before the screen
	                           for the keys before them is drawn: say nothing */
};

/* Keys read while an action waited for another program's write lock
 * (wait.c), given back by ui_get_key in the order they were typed. */
struct ui_kept {
	int rc;                 /* wget_wch's result: OK or KEY_CODE_YES */
	wint_t ch;
};

struct ui_wait {
	struct ui_kept *k;      /* k[head..n): kept keys not yet handled */
	size_t head, n, cap;
	struct buf line;        /* "waiting for the import… 1.2 s" */
	int shown;              /* line is on the status bar (over ui.msg) */
	unsigned shown_ms;      /* the wait's length it shows */
	size_t shown_kept;      /* the kept keys it counts */
};

typedef struct ui {
	store *st;
	label_scheme scheme;
	ui_style style[ST_N];
	ui_style *lab_conf;     /* per scheme label: confirmed entity cells */
	ui_style *lab_sugg;     /* per scheme label: suggested entity cells */
	int colour;             /* colours in use (not NO_COLOR, terminal has them) */
	int focus;              /* enum ui_pane */
	int side;               /* PANE_LIST or PANE_ANN: left column at 80-119 */
	int visible[PANE_N];    /* which panes the current geometry shows */
	WINDOW *wstatus;
	WINDOW *in;             /* 1x1 pad keys are read from (never repainted) */
	SCREEN *scr;
	list_pane list;
	reader rd;
	ann_pane ann;
	struct buf msg;         /* status bar message (UTF-8), "" for none: never cut */
	uint64_t data_version;  /* store_data_version when we last looked */
	char *hist[UI_HISTORY];         /* the last messages, oldest first (:messages) */
	size_t nhist;
	int status_dirty;
	int pending;            /* a key waiting for its argument ('r'), or 0 */
	int count;              /* a digit typed before a motion (3w), or 0:
	                           a tag until the next key shows otherwise */
	int64_t saved_article;  /* the session as last written (session.c) */
	int saved_pane;
	int64_t last_span;      /* the span just tagged or adjusted: edge keys
	                           act on it until another key; 0 none */
	int quit;
	int mouse_on;
	struct testhook hook;
	struct ui_wait wait;    /* waiting for another program's write (wait.c) */
	struct ui_sug *sug;     /* suggestions: engines and propagation queue (suggest_ui.c) */
} ui;

/* ui.c */
void ui_message(ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_progress(ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Draw the status bar (when status_dirty) without asking the store. */
void ui_status_draw(ui *u);
/* A store write failed: say what and why (lock, disk full, read-only...). */
void ui_store_failed(ui *u, const char *what);
void ui_messages_show(ui *u);
void ui_reflow(ui *u);
void ui_paint(ui *u);
void ui_focus(ui *u, int pane);
/* Open article id in the reader (saving the old one's position). */
int ui_open(ui *u, int64_t id);
void ui_open_selected(ui *u);
/* Read a line at the bottom row; 1 and a malloc'd *out when accepted. */
int ui_prompt(ui *u, const char *what, const char *init, char **out);
const ui_style *ui_label_style(const ui *u, const char *label, int suggested);

/* draw.c: text into cells, never raw. */
int draw_cluster(WINDOW *w, int y, int x, int maxx, const char *s, size_t n, ui_style st);
int draw_str(WINDOW *w, int y, int x, int width, const char *s, ui_style st);
int draw_strn(WINDOW *w, int y, int x, int width, const char *s, size_t n, ui_style st);
int draw_str_width(const char *s, size_t n);
int draw_fitted(WINDOW *w, int y, int x, int width, const char *s, ui_style st);
int draw_clipped(WINDOW *w, int y, int x, int width, const char *s, ui_style st);
void draw_blank(WINDOW *w, int y, int x, int width, ui_style st);
void draw_styles_init(ui *u);
void draw_styles_free(ui *u);

/* pane_list.c */
void list_init(ui *u);
void list_free(ui *u);
void list_resize(ui *u, WINDOW *w, int h, int wd);
void list_draw(ui *u);
void list_move(ui *u, long delta);
void list_home(ui *u, int end);
int64_t list_selected_id(ui *u);
void list_select_id(ui *u, int64_t id);
void list_click(ui *u, int y);
void list_adjust(ui *u, int64_t id, long dconf, long dsugg);
void list_refresh_row(ui *u, int64_t id);
void list_refresh(ui *u);
/* :filter SPEC, :sort SPEC, / in the list (a text query); 0 or -1 after
 * saying what is wrong in the status bar. */
int list_set_filter(ui *u, const char *spec);
int list_set_sort(ui *u, const char *spec);
void list_search(ui *u);
/* "12 of 3,410 articles" (or "3,410 articles") into buf. */
void list_describe(ui *u, char *buf, size_t bufsz);

/* pane_reader.c (painting in reader_paint.c, spans in reader_spans.c) */
enum { READER_MARGIN = 1 }; /* blank cells left of the text */
int reader_vis_index(const reader *r, size_t cp);
void reader_init(ui *u);
void reader_close(ui *u);
void reader_free(ui *u);
int reader_load(ui *u, int64_t id);
void reader_load_spans(ui *u);
/* Read the open article's spans again (another process changed them). */
void reader_reload_spans(ui *u);
void reader_resize(ui *u, WINDOW *w, int h, int wd);
void reader_set_max_width(ui *u, int n);
void reader_draw(ui *u);
void reader_save_position(ui *u);
void reader_set_caret(ui *u, size_t cp, int keep_goal);
void reader_row_move(ui *u, long rows);
void reader_page(ui *u, int dir);
void reader_home(ui *u, int end);
void reader_line_edge(ui *u, int end);
void reader_scroll(ui *u, long rows);
void reader_search(ui *u, const char *needle, int backward);
void reader_click(ui *u, int y, int x, int how);
void reader_touch_range(ui *u, size_t a, size_t b);
int reader_selection(ui *u, size_t *a, size_t *b);
const span *reader_innermost(ui *u, size_t cp, int entities_only);
void reader_describe_caret(ui *u, char *buf, size_t bufsz);
void reader_covered(ui *u, const span *s, char *buf, size_t bufsz, size_t maxcp);

/* pane_ann.c */
void ann_reset(ui *u);
void ann_resize(ui *u, WINDOW *w, int h, int wd);
void ann_draw(ui *u);
void ann_move(ui *u, long delta);
void ann_home(ui *u, int end);
void ann_enter(ui *u);
void ann_click(ui *u, int y);
void ann_count(ui *u, const span *s, int delta);
void ann_recount(ui *u);
void ann_touch(ui *u);

/* annotate.c: actions that change spans; each is committed before shown. */
void annotate_tag(ui *u, int key);
void annotate_relabel(ui *u, int key);
void annotate_delete(ui *u);
void annotate_highlight(ui *u);
void annotate_note(ui *u);
void annotate_undo(ui *u, int redo);
void annotate_done(ui *u);
/* { } ( ) < > , . : move the start (which 0) or end (1) of the span just
 * tagged, or else the innermost one under the caret, by a word (unit 1)
 * or a grapheme (0), outwards (dir -1 for the start, +1 for the end) or
 * inwards. */
void annotate_edge(ui *u, int which, int dir, int word);
/* The span key actions aim at: the entry selected in the annotations
 * pane when it has the focus, else the innermost under the caret. */
const span *annotate_target_span(ui *u, int entities_only);
/* Helpers shared with review.c. */
void annotate_say(ui *u, const char *what, const span *s);
void annotate_changed(ui *u, size_t a, size_t b);
void annotate_count(ui *u, const span *s, int delta);
void annotate_drop(ui *u, int64_t id);
int annotate_take(ui *u, const span *s);
int annotate_need_article(ui *u);
int annotate_update(ui *u, const span *old, const char *lname, int status, const char *note, int set_note);

/* review.c: suggestions — ] [ jump, y accept, x reject, Y accept all */
void review_jump(ui *u, int dir);
void review_decide(ui *u, int status);
void review_accept_all(ui *u);

/* suggest_ui.c: engines in the interface, built on first use. opening:
 * once an article's text is on screen, before its spans load (the engines
 * run at the next pause: idle_ms is how long to wait for one, -1 when
 * nothing waits; idle runs them); decided: after a decision on s is committed (learning waits
 * for flush, after the key); done: article marked done; busy/slice: the
 * corpus propagation worked off between keys. */
void sugui_init(ui *u);
void sugui_free(ui *u);
void sugui_opening(ui *u, int64_t id);
int sugui_idle_ms(const ui *u);
void sugui_idle(ui *u);
void sugui_decided(ui *u, const span *s);
void sugui_flush(ui *u);
void sugui_done(ui *u, int64_t id);
int sugui_busy(const ui *u);
void sugui_slice(ui *u);
/* mouse.c */
void ui_mouse_on(ui *u);
void ui_mouse_off(ui *u);
void ui_mouse_event(ui *u);

/* command.c: the `:` prompt */
void ui_command(ui *u);

/* testhook.c: every key is read through ui_get_key (wget_wch's result):
 * a key kept while waiting for the lock first, else one from the terminal
 * (ui_read_term, which counts it for the tests). */
void testhook_init(ui *u);
/* The first screen of an opened article is drawn, its spans (and
 * suggestions) still to come: say so (keys), not the sync. */
void testhook_drawn(ui *u);
int ui_read_term(ui *u, WINDOW *w, wint_t *ch);

/* wait.c: while another program holds the write lock. ui_wait_cb is the
 * store's wait callback (store_set_wait): it says so on the status bar and
 * keeps the keys typed; ui_kept_pop gives one back (1) or says there is
 * none (0); ui_wait_over takes the waiting line away once the wait ended. */
int ui_wait_cb(void *arg, unsigned ms);
int ui_kept_pop(ui *u, wint_t *ch, int *rc);
/* Keep one more key read from the terminal, to be given back in order;
 * ui_kept_peek: the key ui_kept_pop would give, left in the queue. */
void ui_kept_push(ui *u, int rc, wint_t ch);
int ui_kept_peek(const ui *u, wint_t *ch, int *rc);
/* testhook.c: the next key when one was typed ahead (1), read without
 * waiting and kept for ui_get_key; the tests hear nothing of it. */
int ui_peek_key(ui *u, int *key);
void ui_wait_over(ui *u);
void ui_wait_free(ui *u);
int ui_get_key(ui *u, WINDOW *w, wint_t *ch);

/* keymap.c */
int keymap_action(int key);
/* The action a config name stands for ("accept", "page-down"); ACT_NONE
 * for none. */
int keymap_action_named(const char *name);
/* Bind the keys to action instead of its defaults ([keys] in the config
 * file); -1 when the table is full. */
int keymap_bind(int action, const int *keys, size_t n);
void keymap_help(ui *u);

/* pager.c: a full-screen scrollable list of entries (help, messages). */
typedef struct pager_entry {
	const char *left;   /* keys, a command, a time; or a heading's text */
	const char *right;  /* what it does; wrapped to the screen */
	int heading;        /* a section heading: left alone, in bold */
} pager_entry;
void pager_show(ui *u, const char *title, const pager_entry *e, size_t ne, int at_end);

/* conf.c: the config file applied to the interface: keys are bound when
 * it is read; here the label and interface colours (after
 * draw_styles_init), the text width, and its problems as messages. */
void config_apply_scheme(ui *u);
void config_apply_styles(ui *u);
void config_apply(ui *u);

/* pane_stats.c: the :stats view */
void stats_show(ui *u);

/* session.c: the open article and pane, kept for the next start */
void session_save(ui *u);
void session_restore(ui *u);

/* command.c: help entries for the : commands, strings kept in buf */
size_t command_help(pager_entry *out, size_t max, char *buf, size_t bufsz);

#endif
