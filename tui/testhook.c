/*
 * testhook.c: every key the interface reads goes through ui_get_key(), so
 * the tmux tests can know which input gloss has finished with.
 *
 * Only when GLOSS_TEST_KEYS is set in the environment: before each wait
 * for input (the screen for everything read so far is drawn by then), the
 * interface reports, as the terminal's working directory (OSC 7, which
 * tmux shows as #{pane_path}),
 *
 *     gloss-test keys=K sync=S size=WxH paints=P cpu=NS
 *
 * K counts keys (and mouse events) read, S the sync sequences read (below),
 * W x H is the terminal size the layout on screen was made for, P the
 * repaints of the main loop (caret motions typed ahead share one: ui.c
 * typed_ahead), NS the process's CPU time when it was written (the bench
 * reads the first screen's cost from it: polling the process's CPU once
 * the report shows would bill the spans loaded after the text, for up to
 * a poll's length, to the first screen). The report travels in
 * the same byte stream as the screen, so when tmux shows it, tmux has also
 * parsed every cell drawn before it: there is no race between "processed"
 * and "visible" (a counter in a file would have one). OSC 7 rather than the
 * title, which tests/e2e/ui_hostile.sh watches for leaked sequences.
 *
 * A test that sends keys then TESTHOOK_SYNC_SEQ waits for S to grow: the
 * keys before it were handled, in whatever mode (list, prompt, help),
 * however many curses keys tmux's key names turn into. The sync sequence
 * is swallowed here and never reaches the key handlers. Work a key leaves
 * for the next pause (an opened article's suggestions: hook.hold) is part
 * of handling it: a sync read meanwhile counts once that work is done,
 * while K and the screen (the first screen, for the bench) show at once.
 *
 * Keys read while an action waited for another program's write lock are
 * counted when read (a test learns that the keyboard did not freeze) and
 * handled later, when ui_get_key gives them back (wait.c).
 *
 * GLOSS_TEST_KEYS=pause: one sync is one pause. Work that waits for a
 * pause (a digit's tag, the suggestions of an opened article or of a
 * decision) waits for the next sync instead of a timeout, and that sync is
 * reported once the work is done; so a test sees the screen and the
 * database between a tag and its suggestions (tests/e2e/ui_resuggest.sh).
 *
 * Without GLOSS_TEST_KEYS nothing is written, the sequence is not defined
 * and ui_read_term() is wget_wch().
 */
#include "tui/ui_int.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A private key sequence no terminal sends; tests/e2e/lib.sh sends it. */
#define TESTHOOK_SYNC_SEQ "\033[9999~"
#define TESTHOOK_SYNC_KEY (KEY_MAX + 77)

void
testhook_init(ui *u)
{
	const char *v = getenv("GLOSS_TEST_KEYS");

	u->hook.on = v && *v;
	u->hook.pause = v && strcmp(v, "pause") == 0;
	u->hook.keys = u->hook.syncs = 0;
	u->hook.shown_keys = u->hook.shown_syncs = (unsigned long)-1;
	u->hook.shown_cols = u->hook.shown_lines = -1;
	if (!u->hook.on)
		return;
	define_key(TESTHOOK_SYNC_SEQ, TESTHOOK_SYNC_KEY);
	/* curses stops a doupdate() half way when input is pending; then the
	 * report would claim a screen that was not drawn. */
	typeahead(-1);
}

/* Say what was handled, if it changed since it was last said. */
static void
publish(ui *u)
{
	struct testhook *h = &u->hook;
	struct timespec cpu;

	if (h->quiet)
		return;
	if (h->keys == h->shown_keys && h->syncs == h->shown_syncs && h->cols == h->shown_cols &&
	    h->lines == h->shown_lines)
		return;
	h->shown_keys = h->keys;
	h->shown_syncs = h->syncs;
	h->shown_cols = h->cols;
	h->shown_lines = h->lines;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	printf("\033]7;gloss-test keys=%lu sync=%lu size=%dx%d paints=%lu cpu=%lld\033\\", h->keys, h->syncs, h->cols,
	    h->lines, h->paints, (long long)cpu.tv_sec * 1000000000LL + cpu.tv_nsec);
	fflush(stdout);
}

/*
 * The bench marks an article's first screen by K: the text is drawn, the
 * spans load next (and the suggestions at the next pause), and a sync is
 * counted only after those. Only for an article a key opened: at start-up
 * the tests' wait_ready waits for the first report, and a restored
 * article's spans are part of that first screen.
 */
void
testhook_drawn(ui *u)
{
	if (u->hook.on && u->hook.keys > 0)
		publish(u);
}

/*
 * A key typed ahead, before the screen for the keys before it is drawn
 * (tui/ui.c handles a burst of caret motions with one repaint): read
 * without waiting and kept, so ui_get_key gives it back; quietly, for
 * what the tests would be told (keys handled and drawn) is not true yet.
 * A sync read here is counted and reported after the next repaint.
 */
int
ui_peek_key(ui *u, int *key)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	wint_t ch;
	int rc, delay;

	if (!ui_kept_peek(u, &ch, &rc)) {
		if (poll(&p, 1, 0) <= 0)
			return 0; /* (bytes curses read ahead are not seen: no harm) */
		delay = wgetdelay(u->in);
		wtimeout(u->in, 0);
		u->hook.quiet = 1;
		rc = ui_read_term(u, u->in, &ch);
		u->hook.quiet = 0;
		wtimeout(u->in, delay);
		if (rc == ERR)
			return 0;
		ui_kept_push(u, rc, ch);
	}
	*key = rc == KEY_CODE_YES ? (int)(UI_FKEY | ch) : (int)ch;
	return 1;
}

int
ui_get_key(ui *u, WINDOW *w, wint_t *ch)
{
	int rc;

	if (ui_kept_pop(u, ch, &rc))
		return rc; /* counted when it was read */
	return ui_read_term(u, w, ch);
}

int
ui_read_term(ui *u, WINDOW *w, wint_t *ch)
{
	int rc;

	if (!u->hook.on)
		return wget_wch(w, ch);
	for (;;) {
		if (!u->hook.hold) {
			u->hook.syncs += u->hook.held;
			u->hook.held = 0;
		}
		publish(u);
		rc = wget_wch(w, ch);
		if (rc == KEY_CODE_YES && *ch == TESTHOOK_SYNC_KEY) {
			if (u->hook.pause && (u->hook.hold || u->hook.sync_is_pause)) {
				u->hook.syncs++; /* one sync, one pause: reported */
				return ERR;      /* after the pause's work */
			}
			if (u->hook.hold || u->hook.sync_is_pause) {
				u->hook.held++; /* counted once the waiting work is done */
				if (u->hook.sync_is_pause)
					return ERR; /* the sync is the pause */
				continue;
			}
			u->hook.syncs++;
			continue;
		}
		if (rc != ERR && !(rc == KEY_CODE_YES && *ch == KEY_RESIZE))
			u->hook.keys++;
		return rc;
	}
}
