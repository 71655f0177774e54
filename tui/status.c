/*
 * status.c: the status bar, the interface's last line. It is drawn only
 * when status_dirty says something it shows changed (a message, the
 * caret, the selection, the focus), as one line in its own window.
 */
#include "tui/ui_int.h"
#include "tui/xalloc.h"

#include <stdio.h>
#include <string.h>

/* The status bar: a message (or, while an action waits for another
 * program's write lock, that: wait.c), or the spans under the caret; on the
 * right the caret's offset ("cp 123/4567") so people and tests can see it. */
void
ui_status_draw(ui *u)
{
	WINDOW *w = u->wstatus;
	ui_style st = u->style[ST_STATUS];
	char right[96], left[1024];
	struct buf line = BUF_INIT; /* " " and the message, however long */
	const char *shown = left;
	const struct buf *msg = u->wait.shown ? &u->wait.line : &u->msg;
	int cols, rw;

	if (!w || !u->status_dirty)
		return;
	cols = getmaxx(w);
	right[0] = 0;
	if (u->focus == PANE_LIST)
		snprintf(right, sizeof(right), " article %zu/%zu ", u->list.count ? u->list.sel + 1 : 0, u->list.count);
	else if (u->rd.t) {
		size_t a, b;
		int n = snprintf(right, sizeof(right), " %s", u->pending == 'r' ? "r- " : "");

		if (u->count)
			n += snprintf(right + n, sizeof(right) - (size_t)n, "%d- ", u->count);

		if (reader_selection(u, &a, &b))
			n += snprintf(right + n, sizeof(right) - (size_t)n, "sel %zu ", b - a);
		snprintf(right + n, sizeof(right) - (size_t)n, "cp %zu/%zu ", u->rd.caret, text_len(u->rd.t));
	}
	if (msg->len) { /* fitted with an ellipsis by draw_fitted, never cut blind */
		if (buf_printf(&line, " %s", buf_str(msg)) != 0)
			xalloc_die();
		shown = buf_str(&line);
	} else if (u->rd.t && u->focus == PANE_READER) {
		left[0] = ' ';
		reader_describe_caret(u, left + 1, sizeof(left) - 1);
	} else if (!store_filter_empty(&u->list.filter)) {
		char d[64], f[512];

		list_describe(u, d, sizeof(d));
		store_filter_describe(&u->list.filter, f, sizeof(f));
		snprintf(left, sizeof(left), " filter: %s  (%s)", f, d);
	} else
		snprintf(left, sizeof(left), " ? help  q quit");
	rw = draw_str_width(right, strlen(right));
	draw_blank(w, 0, 0, cols, st);
	if (rw > cols)
		rw = 0;
	draw_fitted(w, 0, 0, cols - rw, shown, st);
	buf_free(&line);
	if (rw)
		draw_str(w, 0, cols - rw, rw, right, st);
	wnoutrefresh(w);
	u->status_dirty = 0;
}
