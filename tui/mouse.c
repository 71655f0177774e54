/*
 * mouse.c: xterm button-event tracking (mode 1002; ncurses asks for SGR
 * 1006 reports where the terminal has them). A click moves the reader's
 * caret, a drag selects, the wheel scrolls; in the list a click selects and
 * a second one opens; in the annotations pane a click selects and a second
 * one jumps to the span. Coordinates come as screen cells and are turned
 * into the pane's own by wmouse_trafo.
 */
#include "tui/ui_int.h"

#include <stdio.h>

void
ui_mouse_on(ui *u)
{
	mmask_t old;

	mouseinterval(0); /* presses and releases as they come: drags */
	if (mousemask(ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION, &old) == 0)
		return;
	/* xterm button-event tracking: motion reported while a button is down. */
	printf("\033[?1002h");
	fflush(stdout);
	u->mouse_on = 1;
}

void
ui_mouse_off(ui *u)
{
	if (!u->mouse_on)
		return;
	printf("\033[?1002l");
	fflush(stdout);
	u->mouse_on = 0;
}

/* A click, drag, release or wheel turn, given to the pane under it. */
static void
mouse_one(ui *u, MEVENT ev)
{
	int y, x, pane;
	WINDOW *ws[PANE_N] = { u->list.w, u->rd.w, u->ann.w };

	for (pane = 0; pane < PANE_N; pane++)
		if (ws[pane] && wenclose(ws[pane], ev.y, ev.x))
			break;
	if (pane == PANE_N)
		return;
	y = ev.y;
	x = ev.x;
	wmouse_trafo(ws[pane], &y, &x, FALSE);
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		long d = (ev.bstate & BUTTON4_PRESSED) ? -3 : 3;

		if (pane == PANE_READER)
			reader_scroll(u, d);
		else if (pane == PANE_LIST)
			list_move(u, d);
		else
			ann_move(u, d);
		return;
	}
	if (pane == PANE_READER) {
		int how = (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) ? 0
		    : (ev.bstate & BUTTON1_RELEASED) ? 2 : 1;

		if (u->focus != PANE_READER)
			ui_focus(u, PANE_READER);
		reader_click(u, y, x, how);
		if (ev.bstate & BUTTON1_CLICKED)
			u->rd.drag = 0;
		return;
	}
	if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
		return;
	if (pane == PANE_LIST) {
		size_t before = u->list.sel;

		list_click(u, y);
		if (u->focus == PANE_LIST && before == u->list.sel)
			ui_open_selected(u);
		else if (u->focus != PANE_LIST)
			ui_focus(u, PANE_LIST);
	} else if (pane == PANE_ANN) {
		if (u->focus != PANE_ANN)
			ui_focus(u, PANE_ANN);
		ann_click(u, y);
	}
}

/*
 * Two or three clicks that reach curses in one read come as one double
 * or triple click, even with mouseinterval(0) (a quick hand on a busy
 * machine or over ssh): each counts as the click it was.
 */
static void
mouse_clicks(ui *u, MEVENT ev)
{
	int n = (ev.bstate & BUTTON1_TRIPLE_CLICKED) ? 3 : (ev.bstate & BUTTON1_DOUBLE_CLICKED) ? 2 : 1;

	if (n > 1)
		ev.bstate = (ev.bstate & ~(mmask_t)(BUTTON1_DOUBLE_CLICKED | BUTTON1_TRIPLE_CLICKED)) | BUTTON1_CLICKED;
	while (n-- > 0)
		mouse_one(u, ev);
}

/*
 * One KEY_MOUSE may stand for several events: when a key follows a press
 * and a release in the same read, curses queues both unmerged and
 * getmouse() hands them out newest first. Take them all and replay them
 * oldest first, or the press of a quick click is lost.
 */
void
ui_mouse_event(ui *u)
{
	MEVENT ev[16];
	int n = 0;

	while (n < (int)(sizeof(ev) / sizeof(ev[0])) && getmouse(&ev[n]) == OK)
		n++;
	if (n)
		u->status_dirty = 1;
	while (n-- > 0)
		mouse_clicks(u, ev[n]);
}
