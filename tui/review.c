/*
 * review.c: going through suggested spans (GUIDE §3, §5): `]` and `[` jump
 * to the next or previous suggestion, `y` accepts the one under the caret,
 * `x` rejects it (the store remembers it, so engines do not propose it
 * again; the reader stops drawing it), `Y` accepts every suggestion of the
 * article in one undoable action. Each decision is committed before the
 * screen shows it, like every other annotation action.
 */
#include "model/buf.h"
#include "tui/ui_int.h"

#include <stdlib.h>
#include <string.h>

static int
suggested(const span *s)
{
	return s && s->kind == SPAN_ENTITY && s->status == SPAN_SUGGESTED;
}

struct group {
	size_t start;
	const span *found;
};

static int
in_group(const span *s, void *arg)
{
	struct group *g = arg;

	if (s->start == g->start && suggested(s)) {
		g->found = s;
		return 1;
	}
	return 0;
}

/* The next (dir > 0) or previous suggestion by start, walking the
 * position index from the caret one start position at a time. */
void
review_jump(ui *u, int dir)
{
	spanset *ss = u->rd.spans;
	struct group g = { u->rd.caret, NULL };
	const span *s;

	if (!annotate_need_article(u))
		return;
	while (!g.found) {
		/* the spans passed over are not held: their views need not
		 * pile up (150k of them, 17 MB, before a far suggestion) */
		spanset_views_release(ss);
		s = dir > 0 ? spanset_next_start(ss, g.start, 0) : spanset_prev_start(ss, g.start);
		if (!s)
			break;
		g.start = s->start;
		spanset_query(ss, g.start, g.start, in_group, &g);
	}
	if (!g.found) {
		ui_message(u, dir > 0 ? "no suggestion after the caret" : "no suggestion before the caret");
		return;
	}
	reader_set_caret(u, g.found->start, 0);
}

struct pick {
	const span *best;
};

static int
pick_suggestion(const span *s, void *arg)
{
	struct pick *p = arg;

	if (suggested(s) && (!p->best || s->end - s->start <= p->best->end - p->best->start))
		p->best = s;
	return 0;
}

/* y / x: accept (SPAN_CONFIRMED) or reject (SPAN_REJECTED) the innermost
 * suggestion under the caret. */
void
review_decide(ui *u, int status)
{
	struct pick p = { NULL };
	int64_t id;

	if (!annotate_need_article(u))
		return;
	spanset_query(u->rd.spans, u->rd.caret, u->rd.caret, pick_suggestion, &p);
	if (!p.best) {
		ui_message(u, "no suggestion under the caret (] finds the next)");
		return;
	}
	id = p.best->id;
	if (annotate_update(u, p.best, NULL, status, NULL, 0) != 0)
		return;
	annotate_say(u, status == SPAN_CONFIRMED ? "accepted" : "rejected", spanset_get(u->rd.spans, id));
}

struct all {
	int64_t *ids;
	size_t n, cap;
};

static int
collect(const span *s, void *arg)
{
	struct all *a = arg;

	if (!suggested(s))
		return 0;
	int64_t *v = array_grow(a->ids, &a->cap, a->n + 1, sizeof *v);

	if (!v)
		return 1;
	a->ids = v;
	a->ids[a->n++] = s->id;
	return 0;
}

/* Y: every suggestion of the article confirmed, as one action (one undo). */
void
review_accept_all(ui *u)
{
	struct all a = { NULL, 0, 0 };
	size_t i;
	int ok = 1;

	if (!annotate_need_article(u))
		return;
	spanset_each(u->rd.spans, collect, &a);
	if (a.n == 0) {
		ui_message(u, "no suggestions in this article");
		free(a.ids);
		return;
	}
	if (store_action_begin(u->st) != 0) {
		ui_store_failed(u, "not saved");
		free(a.ids);
		return;
	}
	for (i = 0; i < a.n && ok; i++) {
		span c;

		spanset_views_release(u->rd.spans); /* one view at a time */
		c = *spanset_get(u->rd.spans, a.ids[i]);
		c.status = SPAN_CONFIRMED;
		ok = store_span_update(u->st, &c) == 0;
	}
	if (store_action_end(u->st, ok) != 0 || !ok) {
		ui_store_failed(u, "not saved");
		free(a.ids);
		return;
	}
	for (i = 0; i < a.n; i++) { /* committed: now the screen */
		const span *s;
		span c;

		spanset_views_release(u->rd.spans); /* one view at a time */
		s = spanset_get(u->rd.spans, a.ids[i]);
		c = *s;

		annotate_count(u, s, -1);
		c.status = SPAN_CONFIRMED;
		if (spanset_update(u->rd.spans, &c) != 0) /* no memory: reread */
			ok = 0;
		annotate_count(u, s, +1);
		annotate_changed(u, s->start, s->end);
		sugui_decided(u, s);
	}
	if (!ok) {
		reader_reload_spans(u);
		ui_message(u, "saved, but out of memory: reopen the article");
		free(a.ids);
		return;
	}
	ui_message(u, "saved: %zu suggestions accepted", a.n);
	free(a.ids);
}
