/*
 * wait.c: while another program (an import) holds the database's write
 * lock, the action that needs it waits (store_set_wait) for as long as it
 * takes: an action is on disk before the screen says "saved", and one that
 * would succeed a moment later must not fail as "locked".
 *
 * The keyboard does not freeze meanwhile. Every 5 ms of the wait the keys
 * typed are read and kept, in order; once the action is saved, ui_get_key
 * gives the kept keys back before reading the terminal again, so each is
 * handled once, after the action typed before it, as if the wait had not
 * happened. Meanwhile the status bar says what the interface waits for
 * and how many keys it keeps; the message under it (an earlier "saved")
 * comes back when the wait ends.
 */
#include "tui/ui_int.h"
#include "tui/xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "model/buf.h"

/* A short wait (an import's commit) is not worth a message: the message
 * and the reading of keys start after this long. */
enum { WAIT_QUIET_MS = 50, WAIT_REDRAW_MS = 100 };

/* Read every key the terminal has now, without waiting, into the queue. */
static void
keep_typed(ui *u)
{
	int delay = wgetdelay(u->in), pause = u->hook.sync_is_pause;
	wint_t ch;
	int rc;

	u->hook.sync_is_pause = 0; /* a sync is not a pause here: keep reading */
	wtimeout(u->in, 0);
	while ((rc = ui_read_term(u, u->in, &ch)) != ERR)
		ui_kept_push(u, rc, ch);
	wtimeout(u->in, delay);
	u->hook.sync_is_pause = pause;
}

int
ui_wait_cb(void *arg, unsigned ms)
{
	ui *u = arg;
	struct ui_wait *w = &u->wait;
	size_t kept;

	if (ms < WAIT_QUIET_MS)
		return 0;
	kept = w->n - w->head;
	if (!w->shown || ms >= w->shown_ms + WAIT_REDRAW_MS || kept != w->shown_kept) {
		/* drawn before the keys are read: when the tests hear that a key
		 * was read, this line is on the screen */
		buf_reset(&w->line);
		if (buf_printf(&w->line, "waiting for the import\u2026 %.1f s", (double)ms / 1000.0) != 0 ||
		    (kept > 0 && buf_printf(&w->line, " (%zu key%s kept for after)", kept, kept == 1 ? "" : "s") != 0))
			xalloc_die();
		w->shown = 1;
		w->shown_ms = ms;
		w->shown_kept = kept;
		u->status_dirty = 1;
		ui_status_draw(u);
		doupdate();
	}
	keep_typed(u);
	return 0;
}

void
ui_kept_push(ui *u, int rc, wint_t ch)
{
	struct ui_wait *w = &u->wait;
	struct ui_kept *k = array_grow(w->k, &w->cap, w->n + 1, sizeof(*k));

	if (k == NULL)
		xalloc_die();
	w->k = k;
	w->k[w->n].rc = rc;
	w->k[w->n].ch = ch;
	w->n++;
}

/* The next key ui_kept_pop would give, left where it is (1), or 0. */
int
ui_kept_peek(const ui *u, wint_t *ch, int *rc)
{
	const struct ui_wait *w = &u->wait;

	if (w->head == w->n)
		return 0;
	*rc = w->k[w->head].rc;
	*ch = w->k[w->head].ch;
	return 1;
}

int
ui_kept_pop(ui *u, wint_t *ch, int *rc)
{
	struct ui_wait *w = &u->wait;

	if (!ui_kept_peek(u, ch, rc))
		return 0;
	if (++w->head == w->n)
		w->head = w->n = 0;
	return 1;
}

void
ui_wait_over(ui *u)
{
	struct ui_wait *w = &u->wait;

	if (!w->shown)
		return;
	w->shown = 0;
	u->status_dirty = 1;
}

void
ui_wait_free(ui *u)
{
	free(u->wait.k);
	buf_free(&u->wait.line);
	memset(&u->wait, 0, sizeof(u->wait));
}
