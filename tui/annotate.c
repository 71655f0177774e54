/*
 * annotate.c: the actions that change annotations (GUIDE §3, §4).
 *
 * Each action is committed by one store_* call (one transaction with its
 * undo record) BEFORE the in-memory spanset and the screen change, so what
 * the screen shows as saved is on disk: the status bar then says "saved".
 * The spanset is updated incrementally (one add, remove or in-place change
 * per action); only the rows the span covers are repainted.
 */
#include "tui/ui_int.h"
#include "tui/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Show what an action did: "saved: PER “Zoë Çelik”". */
void
annotate_say(ui *u, const char *what, const span *s)
{
	char cov[160];

	reader_covered(u, s, cov, sizeof(cov), 40);
	ui_message(u, "%s: %s \u201c%s\u201d", what,
	    s->kind == SPAN_HIGHLIGHT ? "highlight" : (s->label ? s->label : "?"), cov);
}

/* After a change to [a, b): repaint those rows, the pane, the counts. */
void
annotate_changed(ui *u, size_t a, size_t b)
{
	reader_touch_range(u, a, b);
	ann_touch(u);
	u->status_dirty = 1;
}

/* Count a span in (delta +1) or out (-1): the annotations pane's label
 * counts and the list's row for the article, without asking the store to
 * count the article's spans again. */
void
annotate_count(ui *u, const span *s, int delta)
{
	ann_count(u, s, delta);
	if (s->kind == SPAN_ENTITY && s->status != SPAN_REJECTED)
		list_adjust(u, u->rd.id, s->status == SPAN_CONFIRMED ? delta : 0,
		    s->status == SPAN_SUGGESTED ? delta : 0);
}

/* The open article's span id goes from the reader: its rows repainted,
 * the counts without it. */
void
annotate_drop(ui *u, int64_t id)
{
	const span *s = u->rd.spans ? spanset_get(u->rd.spans, id) : NULL;

	if (s == NULL)
		return;
	reader_touch_range(u, s->start, s->end);
	annotate_count(u, s, -1);
	spanset_remove(u->rd.spans, id);
}

/* s (as stored, with its id) joins the reader's spans: its rows
 * repainted, the counts with it. 0, or -1 when the set refused it. */
int
annotate_take(ui *u, const span *s)
{
	if (u->rd.spans == NULL || spanset_add(u->rd.spans, s) != 0)
		return -1;
	reader_touch_range(u, s->start, s->end);
	annotate_count(u, s, +1);
	return 0;
}

int
annotate_need_article(ui *u)
{
	if (u->rd.id && u->rd.t)
		return 1;
	ui_message(u, "no article open: Enter on the list opens one");
	return 0;
}

static int
is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == 0xa0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200b);
}

/* The range an action applies to: the selection (trimmed of white space
 * at both ends) or else the word under the caret. Drops the selection. */
static int
target(ui *u, size_t *a, size_t *b, int sentence)
{
	reader *r = &u->rd;

	if (reader_selection(u, a, b)) {
		reader_touch_range(u, *a, *b);
		r->sel_on = 0;
		while (*a < *b && is_space(text_cp_at(r->t, *a)))
			(*a)++;
		while (*b > *a && is_space(text_cp_at(r->t, *b - 1)))
			(*b)--;
		if (*a < *b)
			return 1;
		ui_message(u, "the selection is only white space");
		return 0;
	}
	if (sentence) {
		text_sentence_at(r->t, r->caret, a, b);
		while (*b > *a && is_space(text_cp_at(r->t, *b - 1)))
			(*b)--;
		if (*a < *b)
			return 1;
	} else if (text_tag_unit(r->t, r->caret, a, b))
		return 1;
	ui_message(u, "no word under the caret (v selects)");
	return 0;
}

struct same {
	size_t a, b;
	int kind;
	const span *found;
};

static int
same_range(const span *s, void *arg)
{
	struct same *m = arg;

	if (s->start == m->a && s->end == m->b && s->kind == m->kind) {
		m->found = s;
		return s->status != SPAN_REJECTED; /* prefer a live one */
	}
	return 0;
}

/*
 * Write a changed copy of a stored span, then apply it in memory. c is a
 * view: old's strings or the new ones; the spanset's span gets its own
 * copy only after the store said yes.
 */
int
annotate_update(ui *u, const span *old, const char *lname, int status, const char *note, int set_note)
{
	span c = *old;
	const span *m;

	c.own = NULL;
	if (lname)
		c.label = lname;
	if (status >= 0)
		c.status = status;
	if (set_note)
		c.note = note && *note ? note : NULL;
	if (store_span_update(u->st, &c) != 0) {
		ui_store_failed(u, "not saved");
		return -1;
	}
	/* Before the strings c may share with m are freed below. */
	sugui_decided(u, &c);
	m = spanset_get(u->rd.spans, c.id);
	if (m) {
		annotate_count(u, m, -1);
		/* copies c's strings before letting go of m's (c may share them) */
		if (spanset_update(u->rd.spans, &c) != 0) {
			annotate_count(u, m, +1);
			ui_message(u, "saved, but out of memory: reopen the article");
			return -1;
		}
		annotate_count(u, m, +1); /* m is the same view, now changed */
	}
	annotate_changed(u, old->start, old->end);
	return 0;
}

const span *
annotate_target_span(ui *u, int entities_only)
{
	const span *s;

	if (u->focus == PANE_ANN && u->ann.sel_id && u->rd.spans &&
	    (s = spanset_get(u->rd.spans, u->ann.sel_id)) != NULL && s->status != SPAN_REJECTED &&
	    (!entities_only || s->kind == SPAN_ENTITY))
		return s;
	return reader_innermost(u, u->rd.caret, entities_only);
}

/* Add a new span (manual, confirmed) over [a, b). */
static const span *
add(ui *u, size_t a, size_t b, int kind, const char *lname)
{
	span s;

	memset(&s, 0, sizeof(s));
	s.start = a;
	s.end = b;
	s.kind = kind;
	s.label = lname;
	s.status = SPAN_CONFIRMED;
	s.source = SRC_MANUAL;
	s.confidence = 1;
	if (store_span_add(u->st, u->rd.id, &s) != 0) {
		ui_store_failed(u, "not saved");
		return NULL;
	}
	if (spanset_add(u->rd.spans, &s) != 0) {
		ui_message(u, "saved, but out of memory: reopen the article");
		return NULL;
	}
	annotate_changed(u, a, b);
	annotate_count(u, &s, +1);
	sugui_decided(u, &s);
	return spanset_get(u->rd.spans, s.id);
}

/* After tagging, the caret goes to the next word (a run of entities
 * needs no moves) and the span stays the one edge keys adjust. */
static void
move_on(ui *u, int64_t id, size_t end)
{
	reader *r = &u->rd;

	if (end > 0 && end <= text_len(r->t))
		reader_set_caret(u, text_word_next(r->t, end - 1), 0);
	u->last_span = id;
}

/* 1-9: tag the selection or the word under the caret. A span already on
 * exactly that range (a suggestion, another label) is changed instead. */
void
annotate_tag(ui *u, int key)
{
	const label *l = label_by_key(&u->scheme, key);
	struct same m;
	const span *s;

	if (!annotate_need_article(u))
		return;
	if (!l) {
		ui_message(u, "no label on key %d (gloss labels)", key);
		return;
	}
	memset(&m, 0, sizeof(m));
	if (!target(u, &m.a, &m.b, 0))
		return;
	m.kind = SPAN_ENTITY;
	spanset_query(u->rd.spans, m.a, m.b, same_range, &m);
	if (m.found) {
		int64_t id = m.found->id;

		if (m.found->status == SPAN_CONFIRMED && m.found->label && strcmp(m.found->label, l->name) == 0)
			annotate_say(u, "already", m.found);
		else if (annotate_update(u, m.found, l->name, SPAN_CONFIRMED, NULL, 0) == 0)
			annotate_say(u, "saved", spanset_get(u->rd.spans, id));
		else
			return;
		move_on(u, id, m.b);
		return;
	}
	if ((s = add(u, m.a, m.b, SPAN_ENTITY, l->name)) != NULL) {
		annotate_say(u, "saved", s);
		move_on(u, s->id, m.b);
	}
}

/* r then a digit: relabel the innermost entity under the caret. */
void
annotate_relabel(ui *u, int key)
{
	const label *l = label_by_key(&u->scheme, key);
	const span *s;
	int64_t id;

	if (!annotate_need_article(u))
		return;
	if (!l) {
		ui_message(u, "no label on key %d", key);
		return;
	}
	if ((s = annotate_target_span(u, 1)) == NULL) {
		ui_message(u, "no entity under the caret");
		return;
	}
	id = s->id;
	if (annotate_update(u, s, l->name, SPAN_CONFIRMED, NULL, 0) == 0)
		annotate_say(u, "saved", spanset_get(u->rd.spans, id));
}

/* d: delete the innermost span (entity or highlight) under the caret. */
void
annotate_delete(ui *u)
{
	const span *s;
	span c;

	if (!annotate_need_article(u))
		return;
	if ((s = annotate_target_span(u, 0)) == NULL) {
		ui_message(u, "no annotation under the caret");
		return;
	}
	if (span_copy(&c, s) != 0)
		return;
	if (store_span_delete(u->st, c.id) != 0) {
		ui_store_failed(u, "not deleted");
		span_clear(&c);
		return;
	}
	annotate_count(u, &c, -1);
	spanset_remove(u->rd.spans, c.id);
	annotate_changed(u, c.start, c.end);
	annotate_say(u, "deleted", &c);
	span_clear(&c);
}

/* H: a reading highlight over the selection, or the caret's sentence. */
void
annotate_highlight(ui *u)
{
	struct same m;
	const span *s;

	if (!annotate_need_article(u))
		return;
	memset(&m, 0, sizeof(m));
	if (!target(u, &m.a, &m.b, 1))
		return;
	m.kind = SPAN_HIGHLIGHT;
	spanset_query(u->rd.spans, m.a, m.b, same_range, &m);
	if (m.found && m.found->status != SPAN_REJECTED) {
		annotate_say(u, "already", m.found);
		return;
	}
	if ((s = add(u, m.a, m.b, SPAN_HIGHLIGHT, NULL)) != NULL)
		annotate_say(u, "saved", s);
}

/* c: edit the note of the innermost span under the caret. */
void
annotate_note(ui *u)
{
	const span *s;
	char *note = NULL;
	int64_t id;

	if (!annotate_need_article(u))
		return;
	if ((s = annotate_target_span(u, 0)) == NULL) {
		ui_message(u, "no annotation under the caret to attach a note to");
		return;
	}
	id = s->id;
	if (!ui_prompt(u, "note: ", s->note, &note))
		return;
	s = spanset_get(u->rd.spans, id); /* the prompt may have repainted */
	if (s && annotate_update(u, s, NULL, -1, note, 1) == 0)
		ui_message(u, *note ? "saved: note \u270e %s" : "saved: note removed%s", note);
	free(note);
}

struct step {
	ui *u;
	int redo;
	int apply;    /* apply to the spanset (else only describe) */
	size_t spans; /* spans the step touched */
	char what[256]; /* the first one, e.g. "tag ORG “Nordlys Shipping”" */
	char op[16];    /* what the step did: add, delete, update, status */
};

/* Say what one span of the step was: a tag or a delete (undoing a tag
 * removes the span, redoing a delete too), or a change. */
static void
step_say(struct step *st, const span *before, const span *after)
{
	char cov[160];
	const span *s = after ? after : before;
	const char *verb;

	if (st->spans != 1)
		return;
	if (before && after)
		verb = before->label && after->label && strcmp(before->label, after->label) != 0 ? "relabel"
		    : before->start != after->start || before->end != after->end ? "edges of"
		    : before->status != after->status ? "decision on" : "change to";
	else if (strcmp(st->op, "add") == 0)
		verb = "tag";
	else if (strcmp(st->op, "delete") == 0)
		verb = "delete";
	else if (strcmp(st->op, "update") == 0)
		verb = "change to"; /* in an article not loaded before: no old state */
	else
		verb = (after != NULL) == (st->redo != 0) ? "tag" : "delete";
	reader_covered(st->u, s, cov, sizeof(cov), 40);
	snprintf(st->what, sizeof(st->what), "%s %s \u201c%s\u201d", verb,
	    s->kind == SPAN_HIGHLIGHT ? "highlight" : (s->label ? s->label : "?"), cov);
}

/* Apply one span of an undo/redo step to the open article's spanset. */
static int
apply_step(const span *s, int gone, void *arg)
{
	struct step *st = arg;
	ui *u = st->u;
	const span *old = st->apply && u->rd.spans ? spanset_get(u->rd.spans, s->id) : NULL;
	span before;
	int have = old && span_copy(&before, old) == 0;

	st->spans++;
	/* a span the step removed comes with what it was (label, range) */
	step_say(st, have ? &before : gone ? s : NULL, gone ? NULL : s);
	if (have)
		span_clear(&before);
	if (!st->apply)
		return 0;
	if (old)
		annotate_drop(u, s->id);
	if (!gone)
		annotate_take(u, s);
	return 0;
}

/* u / Ctrl-R. The store knows which article the step touched; another
 * article is opened first; in the open one only the spans of the step
 * change (no reload and no recount, whatever the number of spans). The
 * status bar says what was undone and where: "undone: tag ORG “Nordlys
 * Shipping” (article 3)". */
void
annotate_undo(ui *u, int redo)
{
	struct step st;
	int64_t art = 0;
	int rc, other;

	memset(&st, 0, sizeof(st));
	st.u = u;
	st.redo = redo;
	rc = redo ? store_redo(u->st, &art) : store_undo(u->st, &art);
	if (rc < 0) {
		ui_store_failed(u, redo ? "redo failed" : "undo failed");
		return;
	}
	if (rc == 1) {
		ui_message(u, "not %s: someone else changed that since (article %lld); nothing changed",
		    redo ? "redone" : "undone", (long long)art);
		return;
	}
	if (art == 0) {
		ui_message(u, redo ? "nothing to redo" : "nothing to undo");
		return;
	}
	other = art != u->rd.id;
	if (other) {
		list_refresh(u);
		ui_open(u, art);
	}
	st.apply = !other;
	store_last_step_op(u->st, st.op, sizeof(st.op));
	if (store_last_step_spans(u->st, apply_step, &st) != 0)
		ui_message(u, "%s", store_errmsg(u->st));
	if (st.spans == 0) {
		list_refresh(u); /* an article status changed */
		snprintf(st.what, sizeof(st.what), "the article's status");
	} else if (st.spans > 1)
		snprintf(st.what, sizeof(st.what), "%zu spans at once", st.spans);
	ann_touch(u);
	u->list.dirty = 1;
	u->status_dirty = 1;
	if (other) {
		char t[96];
		size_t n = 0, cps = 0;
		const char *ti = u->rd.title ? u->rd.title : "untitled";

		/* the title's start: the message must not hide what was undone */
		while (ti[n] && n < sizeof(t) - 4 && (cps < 24 || ((unsigned char)ti[n] & 0xc0) == 0x80))
			cps += ((unsigned char)ti[n++] & 0xc0) != 0x80;
		memcpy(t, ti, n);
		memcpy(t + n, ti[n] ? "\u2026" : "", ti[n] ? 4 : 1);
		ui_message(u, "%s: %s (opened article %lld, %s)", redo ? "redone" : "undone", st.what,
		    (long long)art, t);
	} else
		ui_message(u, "%s: %s (article %lld)", redo ? "redone" : "undone", st.what, (long long)art);
}

/* D: done, then the next article that is not done. */
void
annotate_done(ui *u)
{
	int64_t next = 0, id = u->rd.id;

	if (!annotate_need_article(u))
		return;
	if (store_article_set_status(u->st, id, "done") != 0) {
		ui_store_failed(u, "not saved");
		return;
	}
	free(u->rd.status);
	u->rd.status = xstrdup("done");
	list_refresh(u);
	sugui_done(u, id);
	if (store_article_next_undone(u->st, id, &next) != 0 || next == 0) {
		ui_message(u, "saved: done; every article is done");
		return;
	}
	ui_open(u, next);
	ui_message(u, "saved: done; opened the next article not done");
}

/* The new edge for annotate_edge, or (size_t)-1 when it cannot move. */
static size_t
new_edge(const text *t, size_t a, size_t b, int which, int dir, int word)
{
	size_t n = text_len(t), e;

	if (which == 0 && dir < 0) /* start earlier */
		return a == 0 ? (size_t)-1 : word ? text_word_prev(t, a) : text_grapheme_prev(t, a);
	if (which == 0) { /* start later */
		e = word ? text_word_next(t, a) : text_grapheme_next(t, a);
		return e < b ? e : (size_t)-1;
	}
	if (dir > 0) { /* end later */
		if (b >= n)
			return (size_t)-1;
		return word ? text_grapheme_next(t, text_word_end(t, b)) : text_grapheme_next(t, b);
	}
	/* end earlier: by a word, to the end of the word before the last one */
	if (!word)
		e = text_grapheme_prev(t, b);
	else {
		size_t last = text_word_prev(t, b), prev = text_word_prev(t, last);

		e = prev < last && prev >= a ? text_grapheme_next(t, text_word_end(t, prev)) : a;
	}
	return e > a ? e : (size_t)-1;
}

/* Move a span of the spanset to [a, b): out and back in, so the
 * position index stays right. */
static int
reposition(spanset *ss, const span *s, size_t a, size_t b)
{
	span c;
	int rc;

	if (span_copy(&c, s) != 0)
		return -1;
	spanset_remove(ss, c.id);
	c.start = a;
	c.end = b;
	rc = spanset_add(ss, &c);
	span_clear(&c);
	return rc;
}

void
annotate_edge(ui *u, int which, int dir, int word)
{
	reader *r = &u->rd;
	const span *s = NULL;
	size_t a, b, e;
	int64_t id;
	int moved_on;

	if (!annotate_need_article(u))
		return;
	if (u->last_span)
		s = spanset_get(r->spans, u->last_span);
	moved_on = s != NULL; /* the caret went past the span just tagged */
	if (!s && (s = annotate_target_span(u, 0)) == NULL) {
		ui_message(u, "no annotation under the caret to adjust");
		return;
	}
	id = s->id;
	a = s->start;
	b = s->end;
	if ((e = new_edge(r->t, a, b, which, dir, word)) == (size_t)-1) {
		annotate_say(u, "cannot move that edge", s);
		u->last_span = moved_on ? id : 0;
		return;
	}
	if (which == 0)
		a = e;
	else
		b = e;
	if (store_span_move(u->st, id, a, b) != 0) {
		ui_message(u, "not saved: %s", store_errmsg(u->st));
		return;
	}
	reader_touch_range(u, s->start, s->end);
	if (reposition(r->spans, s, a, b) != 0) {
		ui_message(u, "saved, but out of memory: reopen the article");
		return;
	}
	annotate_changed(u, a, b);
	s = spanset_get(r->spans, id);
	annotate_say(u, "saved", s);
	if (moved_on && which == 1)
		move_on(u, id, b);
	else if (!moved_on && (r->caret < a || r->caret >= b))
		reader_set_caret(u, which == 0 ? a : text_grapheme_prev(r->t, b), 0);
	u->last_span = moved_on ? id : 0;
}
