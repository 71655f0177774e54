/*
 * suggest_ui.c: suggestions in the interface (GUIDE §5, issue 8).
 *
 * When an article opens, its text and spans are drawn first; every engine
 * runs over it at the first pause of SUGUI_IDLE_MS after that (a key
 * typed at once is not held up), and its spans are read again with the
 * new suggestions (an article over SUGUI_SYNC_MAX characters keeps what
 * `gloss suggest` stored: a first screen stays fast on 10 MB). The
 * engines (a gazetteer automaton, the tagger's weights: most of gloss's
 * start-up time and memory) are built the first time one is needed, not
 * at start-up, so an interface that only reads never pays for them. When a
 * key decides on an entity (tag, accept, reject, relabel, accept all), the
 * decision is committed and drawn first (the key's answer: one commit, one
 * fsync); the engines learn it, the open article's suggestions are made
 * again and the articles of the corpus that contain the string are queued
 * right after, as soon as no key waits (sugui_idle_ms() is 0 then), and at
 * the latest before the next key is handled, which so never sees
 * suggestions older than a decision. That write is derived data like the
 * propagation's (store_derived: no fsync of its own). The queue is worked off
 * between keys in slices of at most SLICE_MS, each one short transaction,
 * ended early when a key arrives, so a key waits at most one article's
 * work and a commit whatever the corpus size (bench/bench_keys measures
 * it: issue 8 asks for 50 ms on 100k articles). Those commits do not wait
 * for the disk (store_derived): suggestions can be made again, and the
 * next user action's commit syncs them. Only the
 * propagate engine runs there (the others do not change with a decision),
 * and not on articles over SUGUI_SYNC_MAX (one would outlast a slice).
 * Marking an article done (D) lets the tagger train on it and keeps the
 * tagger's state in the store.
 */
#include "tui/ui_int.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "db/suggester.h"
#include "tui/cli_int.h"

enum {
	SUGUI_SYNC_MAX = 256 * 1024, /* code points: larger articles are not suggested on open */
	SLICE_MS = 15,               /* background work between two key reads */
	SUGUI_IDLE_MS = 150          /* the pause after opening before suggesting */
};

struct ui_sug {
	int built;           /* engines asked for once (all/prop set, or failed) */
	int64_t opened;      /* article opened whose suggestions wait for a pause */
	int list_stale;      /* a wave changed counts: refresh the list when idle */
	suggester *all;      /* every engine: the open article */
	suggester *prop;     /* propagate only: the rest of the corpus */
	span *fresh;         /* decisions of the last key, copied */
	size_t nfresh, capfresh;
	int64_t fresh_article;
	int64_t *queue;      /* articles to propagate to */
	size_t nq, qpos, capq;
	size_t wave;         /* articles done since the queue was last empty */
	double wave_t0;      /* when that wave began (ms) */
	int shown;           /* the wave's progress is on the status bar */
};

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

void
sugui_init(ui *u)
{
	const char *env = getenv("GLOSS_SUGGEST");

	if (env && strcmp(env, "off") == 0)
		return; /* GLOSS_SUGGEST=off: no engines in the interface */
	u->sug = calloc(1, sizeof *u->sug);
}

/* The engines, built on first use (see the top); NULL when suggestions
 * are off or could not be set up (said once, in the status bar). */
static struct ui_sug *
engines(ui *u)
{
	struct ui_sug *g = u->sug;
	char err[256];

	if (g == NULL)
		return NULL;
	if (!g->built) {
		g->built = 1;
		if (cli_suggester_new(u->st, ENG_ALL, &g->all, err, sizeof err) != 0 ||
		    cli_suggester_new(u->st, ENG_PROPAGATE, &g->prop, err, sizeof err) != 0) {
			ui_message(u, "no suggestions: %s", err);
			suggester_free(g->all);
			g->all = NULL;
		} else {
			/* articles not open: compact rows, spans when opened */
			suggester_set_batch(g->prop, 1);
			if (suggester_notice(g->all))
				ui_message(u, "%s", suggester_notice(g->all));
		}
	}
	return g->all ? g : NULL;
}

void
sugui_free(ui *u)
{
	struct ui_sug *g = u->sug;

	if (g == NULL)
		return;
	suggester_free(g->all);
	suggester_free(g->prop);
	for (size_t i = 0; i < g->nfresh; i++)
		span_clear(&g->fresh[i]);
	free(g->fresh);
	free(g->queue);
	free(g);
	u->sug = NULL;
}

void
sugui_opening(ui *u, int64_t id)
{
	int64_t chars;

	/* what gloss suggest stored compactly becomes spans the reader shows */
	if (store_suggestions_materialize(u->st, id, NULL) != 0)
		ui_message(u, "suggestions not shown: %s", store_errmsg(u->st));
	if (u->sug == NULL || (u->sug->built && u->sug->all == NULL))
		return;
	if (store_article_chars(u->st, id, &chars) == 0 && chars <= SUGUI_SYNC_MAX)
		u->sug->opened = id;
}

int
sugui_idle_ms(const ui *u)
{
	if (u->sug == NULL)
		return -1;
	if (u->sug->nfresh) /* decisions: suggest again once no key waits */
		return 0;
	return u->sug->opened ? SUGUI_IDLE_MS : -1;
}

/* Suggestions are derived data: made again whenever lost, so their commit
 * does not wait for the disk; the next user action's commit syncs it.
 * Of the whole article, or (end > 0) around [start, end) only. */
static int
suggest_derived(ui *u, int64_t id, size_t start, size_t end)
{
	int rc;

	if (store_derived(u->st, 1) != 0)
		return -1;
	rc = end > 0 ? suggester_article_near(u->sug->all, id, start, end, NULL) :
	    suggester_article(u->sug->all, id, NULL);
	if (store_derived(u->st, 0) != 0)
		rc = -1;
	return rc;
}

/*
 * The open article's suggestions after the decisions of the last key: of
 * all of it, or, over SUGUI_SYNC_MAX, around the decisions only (the
 * engines over all of a 10 MB article: 5.5 s, and the next key waited).
 * Decisions spread over a long article leave what is stored, as opening
 * it does.
 */
static int
suggest_after(ui *u)
{
	struct ui_sug *g = u->sug;
	size_t lo = (size_t)-1, hi = 0;

	if (text_len(u->rd.t) <= SUGUI_SYNC_MAX)
		return suggest_derived(u, u->rd.id, 0, 0);
	for (size_t i = 0; i < g->nfresh; i++) {
		lo = g->fresh[i].start < lo ? g->fresh[i].start : lo;
		hi = g->fresh[i].end > hi ? g->fresh[i].end : hi;
	}
	if (hi <= lo || hi - lo > SUGUI_SYNC_MAX / 8)
		return 0;
	return suggest_derived(u, u->rd.id, lo, hi);
}

/*
 * The open article's spans after its suggestions were written: the rows
 * the store deleted and inserted (store_suggestions_changes), or all of
 * them read again when that is not known. Reading all again after each
 * decision cost 60-75 ms with 150k spans.
 */
static void
apply_changes(ui *u)
{
	reader *r = &u->rd;
	const int64_t *gone;
	const span *added;
	size_t ngone, nadded;

	if (!r->spans || r->spans_pending || store_suggestions_changes(u->st, &gone, &ngone, &added, &nadded) != 0) {
		reader_reload_spans(u);
		return;
	}
	for (size_t i = 0; i < ngone; i++)
		annotate_drop(u, gone[i]);
	for (size_t i = 0; i < nadded; i++)
		annotate_take(u, &added[i]);
	if (ngone || nadded)
		ann_touch(u);
}

void
sugui_idle(ui *u)
{
	int64_t id = u->sug ? u->sug->opened : 0;

	if (u->sug && u->sug->nfresh) {
		sugui_flush(u);
		return;
	}
	if (id == 0)
		return;
	u->sug->opened = 0;
	if (id != u->rd.id || engines(u) == NULL)
		return;
	if (suggest_derived(u, id, 0, 0) != 0) {
		ui_message(u, "suggestions not made: %s", store_errmsg(u->st));
		reader_reload_spans(u);
	} else
		apply_changes(u);
	list_refresh_row(u, id);
}

void
sugui_decided(ui *u, const span *s)
{
	struct ui_sug *g = u->sug;

	if (g == NULL || (g->built && g->all == NULL) || s->kind != SPAN_ENTITY || s->status == SPAN_SUGGESTED)
		return;
	if (g->nfresh == g->capfresh) {
		size_t cap = g->capfresh ? 2 * g->capfresh : 8;
		span *v = realloc(g->fresh, cap * sizeof *v);

		if (v == NULL)
			return;
		g->fresh = v;
		g->capfresh = cap;
	}
	if (span_copy(&g->fresh[g->nfresh], s) == 0) {
		g->nfresh++;
		g->fresh_article = u->rd.id;
	}
}

/* Queue the articles (other than the open one) whose text has [a,b). */
static void
queue_phrase(ui *u, size_t a, size_t b)
{
	struct ui_sug *g = u->sug;
	size_t ba = text_cp_to_byte(u->rd.t, a), bb = text_cp_to_byte(u->rd.t, b), n;
	char *phrase = strndup(text_bytes_upto(u->rd.t, bb) + ba, bb - ba);
	int64_t *ids;

	if (phrase == NULL)
		return;
	if (store_articles_with_phrase(u->st, phrase, &ids, &n) != 0) {
		free(phrase);
		return;
	}
	free(phrase);
	if (g->qpos == g->nq) {
		g->qpos = g->nq = 0;
		g->wave_t0 = now_ms();
	}
	if (g->nq + n > g->capq) {
		size_t cap = g->nq + n + 64;
		int64_t *v = realloc(g->queue, cap * sizeof *v);

		if (v == NULL) {
			free(ids);
			return;
		}
		g->queue = v;
		g->capq = cap;
	}
	for (size_t i = 0; i < n; i++)
		if (ids[i] != u->rd.id)
			g->queue[g->nq++] = ids[i];
	free(ids);
}

void
sugui_flush(ui *u)
{
	struct ui_sug *g = u->sug;
	int ok = 1, learn;

	if (g == NULL || g->nfresh == 0)
		return;
	/* Engines built only now read every decision from the store, these
	 * included: learning them again would count them twice. */
	learn = g->built;
	if (engines(u) && g->fresh_article == u->rd.id && u->rd.t) {
		ok = (!learn || (suggester_learn(g->all, u->rd.id, g->fresh, g->nfresh, 0) == 0 &&
		    suggester_learn(g->prop, u->rd.id, g->fresh, g->nfresh, 0) == 0)) &&
		    suggest_after(u) == 0;
		if (ok) {
			g->opened = 0; /* made just now */
			apply_changes(u);
			list_refresh_row(u, u->rd.id);
			for (size_t i = 0; i < g->nfresh; i++)
				queue_phrase(u, g->fresh[i].start, g->fresh[i].end);
		} else
			ui_message(u, "suggestions not updated: %s", store_errmsg(u->st));
	}
	for (size_t i = 0; i < g->nfresh; i++)
		span_clear(&g->fresh[i]);
	g->nfresh = 0;
}

void
sugui_done(ui *u, int64_t id)
{
	struct ui_sug *g = engines(u);

	if (g == NULL)
		return;
	/* learn from the whole article, then keep what the tagger knows */
	if (suggester_learn(g->all, id, NULL, 0, 1) != 0 || suggester_save(g->all) != 0)
		ui_message(u, "the tagger did not learn: %s", store_errmsg(u->st));
}

int
sugui_busy(const ui *u)
{
	return u->sug && ((u->sug->prop && u->sug->qpos < u->sug->nq) || u->sug->list_stale);
}

/* Has a key arrived (bytes on the terminal, or keys kept while waiting for
 * a lock)? Slices run only after a read found none, so curses holds none. */
static int
key_waiting(const ui *u)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

	return u->wait.head < u->wait.n || poll(&p, 1, 0) > 0;
}

/*
 * A wave changed suggestion counts only. Unless the list's filter or sort
 * reads them, which articles are listed and in what order is unchanged,
 * so the cached page's rows just take their counts again: the full
 * refresh re-runs the filter (a text query ranks every match, 40-70 ms on
 * 100k articles) and a key typed meanwhile would wait for it.
 */
static void
wave_refresh(ui *u)
{
	const store_filter *f = &u->list.filter;

	if ((f->has & (HAS_SUGGESTIONS | HAS_SPANS)) || f->sort == SORT_SUGGESTED) {
		list_refresh(u);
		return;
	}
	for (size_t i = 0; i < u->list.nrows; i++)
		list_refresh_row(u, u->list.rows[i].id);
}

void
sugui_slice(ui *u)
{
	struct ui_sug *g = u->sug;
	double t0 = now_ms();
	int ok = 1;

	if (!sugui_busy(u))
		return;
	if (g->qpos == g->nq) { /* the wave is over: its counts, unless a key waits */
		if (!key_waiting(u)) {
			g->list_stale = 0;
			wave_refresh(u);
		}
		return;
	}
	if (store_derived(u->st, 1) != 0 || store_action_begin(u->st) != 0) {
		store_derived(u->st, 0);
		return;
	}
	do {
		int64_t id = g->queue[g->qpos++], chars;

		/* a huge article would hold a key up: gloss suggest does those */
		ok = store_article_chars(u->st, id, &chars) == 0;
		if (ok && chars <= SUGUI_SYNC_MAX)
			ok = suggester_article(g->prop, id, NULL) == 0;
		g->wave++;
	} while (ok && g->qpos < g->nq && now_ms() - t0 < SLICE_MS && !key_waiting(u));
	if (store_action_end(u->st, ok) != 0 || !ok) {
		ui_message(u, "propagation stopped: %s", store_errmsg(u->st));
		g->qpos = g->nq;
	}
	store_derived(u->st, 0);
	/* a wave shows itself only when it takes long enough to be noticed */
	if (g->qpos < g->nq) {
		if (now_ms() - g->wave_t0 > 1000) {
			ui_progress(u, "propagating: %zu/%zu articles", g->wave, g->wave + (g->nq - g->qpos));
			g->shown = 1;
		}
		return;
	}
	if (g->shown)
		ui_message(u, "propagated to %zu %s", g->wave, g->wave == 1 ? "article" : "articles");
	g->wave = 0;
	g->shown = 0;
	g->qpos = g->nq = 0;
	g->list_stale = 1;
}
