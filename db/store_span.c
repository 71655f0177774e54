/*
 * store_span.c: span actions (add, delete, update: each one undoable
 * transaction) and reading an article's spans in span_cmp order.
 */
#include "config.h"
#include <stdint.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_int.h"

/* Is s a span that can be stored on a text of chars code points? */
int
st_span_check(store *st, const span *s, int64_t chars)
{
	if (s->start > s->end || (int64_t)s->end > chars) {
		st_seterr(st, "span %zu-%zu lies outside the text (%lld code points)", s->start, s->end,
		    (long long)chars);
		return -1;
	}
	if (s->kind < SPAN_ENTITY || s->kind > SPAN_HIGHLIGHT || s->source < SRC_MANUAL || s->source > SRC_MODEL ||
	    s->status > SPAN_REJECTED) {
		st_seterr(st, "span %zu-%zu: bad kind, status or source", s->start, s->end);
		return -1;
	}
	return 0;
}

/* Insert s into article aid; status < 0 means confirmed. Sets *id. */
int
st_span_insert(store *st, int64_t aid, const span *s, int64_t t, int64_t *id)
{
	sqlite3_stmt *q1 = st_q(st, Q_SPAN_INSERT);
	int status = s->status < 0 ? SPAN_CONFIRMED : s->status;

	if (q1 == NULL)
		return -1;
	sqlite3_bind_int64(q1, 1, aid);
	sqlite3_bind_int64(q1, 2, (int64_t)s->start);
	sqlite3_bind_int64(q1, 3, (int64_t)s->end);
	st_bind_str(q1, 4, s->label);
	st_bind_str(q1, 5, span_kind_name(s->kind));
	st_bind_str(q1, 6, span_status_name(status));
	st_bind_str(q1, 7, span_source_name(s->source));
	sqlite3_bind_double(q1, 8, s->confidence);
	st_bind_str(q1, 9, s->note);
	st_bind_str(q1, 10, s->annotator ? s->annotator : st->annotator);
	sqlite3_bind_int64(q1, 11, s->created ? s->created : t);
	sqlite3_bind_int64(q1, 12, s->updated ? s->updated : t);
	if (st_run(st, q1) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_span_add(store *st, int64_t article_id, span *s)
{
	int64_t chars, id, t = st_now();
	int rc = -1;

	if (store_action_begin(st) != 0)
		return -1;
	if (store_article_chars(st, article_id, &chars) == 0 && st_span_check(st, s, chars) == 0 &&
	    st_span_insert(st, article_id, s, t, &id) == 0 && st_undo_span(st, "add", id, NULL) == 0) {
		s->id = id;
		if (!s->created)
			s->created = t;
		if (!s->updated)
			s->updated = t;
		rc = 0;
	}
	return st_action_done(st, rc);
}

int
store_span_delete(store *st, int64_t span_id)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (store_action_begin(st) != 0)
		return -1;
	if (st_undo_span(st, "delete", span_id, NULL) == 0 && (s = st_q(st, Q_SPAN_DELETE)) != NULL) {
		sqlite3_bind_int64(s, 1, span_id);
		rc = st_run(st, s);
	}
	return st_action_done(st, rc);
}

int
store_span_update(store *st, const span *sp)
{
	sqlite3_stmt *s, *a;
	int64_t seq;
	int rc = -1;

	if (store_action_begin(st) != 0)
		return -1;
	if (sp->status < 0 || sp->status > SPAN_REJECTED) {
		st_seterr(st, "span %lld: bad status", (long long)sp->id);
	} else if (st_undo_span(st, "update", sp->id, &seq) == 0 && (s = st_q(st, Q_SPAN_UPDATE)) != NULL) {
		sqlite3_bind_int64(s, 1, sp->id);
		st_bind_str(s, 2, sp->label);
		st_bind_str(s, 3, span_status_name(sp->status));
		st_bind_str(s, 4, sp->note);
		sqlite3_bind_double(s, 5, sp->confidence);
		st_bind_str(s, 6, st->annotator ? st->annotator : sp->annotator);
		sqlite3_bind_int64(s, 7, st_now());
		if (st_run(st, s) == 0 && (a = st_q(st, Q_UNDO_AFTER)) != NULL) {
			sqlite3_bind_int64(a, 1, sp->id);
			sqlite3_bind_int64(a, 2, seq);
			rc = st_run(st, a);
		}
	}
	return st_action_done(st, rc);
}

/*
 * The enum columns hold only the names their CHECK allows, so the first
 * byte tells them apart (source: also the second, for propagate/pattern
 * and manual/model); anything else goes the slow way.
 */
static int
kind_of(const char *v)
{
	return v && v[0] == 'e' ? SPAN_ENTITY : v && v[0] == 'h' ? SPAN_HIGHLIGHT : span_kind_parse(v);
}

static int
status_of(const char *v)
{
	if (v == NULL)
		return -1;
	switch (v[0]) {
	case 'c': return SPAN_CONFIRMED;
	case 's': return SPAN_SUGGESTED;
	case 'r': return SPAN_REJECTED;
	}
	return span_status_parse(v);
}

static int
source_of(const char *v)
{
	if (v == NULL)
		return -1;
	switch (v[0]) {
	case 'i': return SRC_IMPORT;
	case 'g': return SRC_GAZETTEER;
	case 'p': return v[1] == 'r' ? SRC_PROPAGATE : SRC_PATTERN;
	case 'm': return v[1] == 'a' ? SRC_MANUAL : SRC_MODEL;
	}
	return span_source_parse(v);
}

/* Fill sp from a row of SPAN_COLS starting at column c. */
int
st_span_from_row(sqlite3_stmt *s, int c, span *sp)
{
	memset(sp, 0, sizeof *sp);
	sp->id = sqlite3_column_int64(s, c);
	sp->start = (size_t)sqlite3_column_int64(s, c + 1);
	sp->end = (size_t)sqlite3_column_int64(s, c + 2);
	sp->kind = kind_of((const char *)sqlite3_column_text(s, c + 4));
	sp->status = status_of((const char *)sqlite3_column_text(s, c + 5));
	sp->source = source_of((const char *)sqlite3_column_text(s, c + 6));
	sp->confidence = sqlite3_column_double(s, c + 7);
	sp->created = sqlite3_column_int64(s, c + 10);
	sp->updated = sqlite3_column_int64(s, c + 11);
	/* The strings point into the row: valid until the next step. */
	sp->label = (const char *)sqlite3_column_text(s, c + 3);
	sp->note = (const char *)sqlite3_column_text(s, c + 8);
	sp->annotator = (const char *)sqlite3_column_text(s, c + 9);
	return 0;
}

/*
 * Visit the spans of the article bound to s (?1). Returns 0 after the last,
 * 1 when fn stopped the walk, -1 on error.
 */
int
st_spans_visit(store *st, sqlite3_stmt *s, int (*fn)(const span *, void *), void *arg)
{
	int rc;
	span sp;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		st_span_from_row(s, 0, &sp);
		if (fn(&sp, arg) != 0) {
			sqlite3_reset(s);
			return 1;
		}
	}
	return st_done(st, s, rc);
}

int
store_spans_each(store *st, int64_t article_id, int (*fn)(const span *s, void *arg), void *arg)
{
	sqlite3_stmt *s = st_q(st, Q_SPANS_OF);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, article_id);
	return st_spans_visit(st, s, fn, arg) < 0 ? -1 : 0;
}

int
store_spans_in(store *st, int64_t article_id, size_t start, size_t end, int (*fn)(const span *s, void *arg),
    void *arg)
{
	sqlite3_stmt *s = st_q(st, Q_SPANS_IN);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, article_id);
	sqlite3_bind_int64(s, 2, (int64_t)start);
	sqlite3_bind_int64(s, 3, (int64_t)end);
	return st_spans_visit(st, s, fn, arg) < 0 ? -1 : 0;
}

/*
 * gloss_span_take(id, start, end, label, kind, status, source, confidence,
 * note): hands one row to the store's take callback, inside SQLite's scan.
 * Reading 150k rows the usual way costs a sqlite3_step, a result row and
 * nine sqlite3_column_* calls (each taking the API's checks) per span;
 * from inside the WHERE clause the values come as they are. Returns 0, so
 * the statement's count(*) stays 0 and nothing is aggregated.
 */
static void
fn_take(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	store *st = sqlite3_user_data(cx);
	span sp;

	sqlite3_result_int(cx, 0);
	if (argc != 9 || st->take == NULL || st->take_stop)
		return;
	memset(&sp, 0, sizeof sp);
	sp.id = sqlite3_value_int64(v[0]);
	sp.start = (size_t)sqlite3_value_int64(v[1]);
	sp.end = (size_t)sqlite3_value_int64(v[2]);
	sp.label = (const char *)sqlite3_value_text(v[3]);
	sp.kind = kind_of((const char *)sqlite3_value_text(v[4]));
	sp.status = status_of((const char *)sqlite3_value_text(v[5]));
	sp.source = source_of((const char *)sqlite3_value_text(v[6]));
	sp.confidence = sqlite3_value_double(v[7]);
	sp.note = (const char *)sqlite3_value_text(v[8]);
	if (st->take(&sp, st->take_arg) != 0)
		st->take_stop = 1;
}

int
st_span_take_register(store *st)
{
	/* DIRECTONLY: never from a trigger or view a database file brings */
	return sqlite3_create_function(st->db, "gloss_span_take", 9, SQLITE_UTF8 | SQLITE_DIRECTONLY, st, fn_take,
	    NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/*
 * The spans of an article as the interface keeps them (model/span.h's
 * spanset): 9 of the 12 columns (no annotator or times, which nothing on
 * screen shows), handed to fn from inside the scan (gloss_span_take) in
 * the order of the spans_order index, i.e. span_cmp order. An article may
 * have 150k spans; this is most of opening it.
 */
int
store_spans_each_brief(store *st, int64_t article_id, int (*fn)(const span *s, void *arg), void *arg)
{
	sqlite3_stmt *s = st_q(st, Q_SPANS_BRIEF);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, article_id);
	st->take = fn;
	st->take_arg = arg;
	st->take_stop = 0;
	rc = sqlite3_step(s);
	st->take = NULL;
	st->take_arg = NULL;
	return st_done(st, s, rc) < 0 ? -1 : 0;
}

/* Move a span's edges to [start, end) (adjusting without deleting it):
 * one undoable action; refused when empty or past the text's end. */
int
store_span_move(store *st, int64_t span_id, size_t start, size_t end)
{
	sqlite3_stmt *s, *a;
	int64_t seq;
	int rc = -1;

	if (store_action_begin(st) != 0)
		return -1;
	if (st_undo_span(st, "update", span_id, &seq) == 0 && (s = st_q(st, Q_SPAN_MOVE)) != NULL) {
		sqlite3_bind_int64(s, 1, span_id);
		sqlite3_bind_int64(s, 2, (int64_t)start);
		sqlite3_bind_int64(s, 3, (int64_t)end);
		st_bind_str(s, 4, st->annotator);
		sqlite3_bind_int64(s, 5, st_now());
		if (st_run(st, s) != 0)
			;
		else if (sqlite3_changes(st->db) != 1)
			st_seterr(st, "span %lld: %zu-%zu is empty or outside the text", (long long)span_id, start, end);
		else if ((a = st_q(st, Q_UNDO_AFTER)) != NULL) {
			sqlite3_bind_int64(a, 1, span_id);
			sqlite3_bind_int64(a, 2, seq);
			rc = st_run(st, a);
		}
	}
	return st_action_done(st, rc);
}
