/*
 * store_undo.c: the undo log. Every action writes its changes as rows of
 * one group (grp) with before/after JSON snapshots; undo applies the
 * annotator's newest live group backwards, redo their oldest undone one
 * forwards. Several annotators (processes) share one database: a step is
 * applied only when every span it touches is still as the step left it
 * (undo) or found it (redo); otherwise someone else changed it since and
 * the step is refused whole, so nobody's undo removes another's work.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_int.h"

/*
 * The undo group of the open action, allocated on the first change: the
 * seq its first row will get, so every row of group g has seq >= g (the
 * queries by group start there instead of needing an index). A new action
 * drops its annotator's redo stack, so every undone group of theirs is
 * newer than every live one: their last live row and their first undone
 * group are the next undo and redo steps.
 */
int64_t
st_undo_group(store *st)
{
	sqlite3_stmt *s;
	int64_t g = 0;

	if (st->grp)
		return st->grp;
	if ((s = st_q(st, Q_UNDO_CLEAR)) == NULL)
		return 0;
	st_bind_str(s, 1, st->annotator);
	if (st_run(st, s) != 0 || (s = st_q(st, Q_UNDO_NEXTGRP)) == NULL || st_one_int(st, s, &g) != 1)
		return 0;
	return st->grp = g;
}

/* Record op ("add", "delete", "update") on span id; *seq gets the row. */
int
st_undo_span(store *st, const char *op, int64_t id, int64_t *seq)
{
	int64_t g = st_undo_group(st);
	sqlite3_stmt *s;

	if (g == 0 || (s = st_q(st, Q_UNDO_SPAN)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, g);
	st_bind_str(s, 2, op);
	st_bind_str(s, 3, st->annotator);
	sqlite3_bind_int64(s, 4, st_now());
	sqlite3_bind_int64(s, 5, id);
	if (st_run(st, s) != 0)
		return -1;
	if (sqlite3_changes(st->db) != 1) {
		st_seterr(st, "no span %lld", (long long)id);
		return -1;
	}
	if (seq)
		*seq = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* Put the JSON snapshot j back: re-insert (same id) or overwrite. */
static int
span_put(store *st, enum q which, const char *j)
{
	sqlite3_stmt *s = st_q(st, which);

	if (s == NULL)
		return -1;
	if (j == NULL) {
		st_seterr(st, "undo log: missing snapshot");
		return -1;
	}
	sqlite3_bind_text(s, 1, j, -1, SQLITE_STATIC);
	return st_run(st, s);
}

static int
span_remove(store *st, int64_t id)
{
	sqlite3_stmt *s = st_q(st, Q_SPAN_DELETE);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return st_run(st, s);
}

/* Set an article's status from a {"status": ...} snapshot. */
static int
status_put(store *st, int64_t aid, const char *j)
{
	sqlite3_stmt *s = st_q(st, Q_ART_STATUS_PUT);

	if (s == NULL)
		return -1;
	if (j == NULL) {
		st_seterr(st, "undo log: missing snapshot");
		return -1;
	}
	sqlite3_bind_int64(s, 1, aid);
	sqlite3_bind_text(s, 2, j, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, st_now());
	return st_run(st, s);
}

/*
 * Apply one logged change backwards (undo) or forwards (redo). Undoing a
 * delete re-inserts the snapshot under its old id; a span that has since
 * gone (say, a suggestion an engine replaced) makes an update a no-op.
 */
static int
undo_apply(store *st, const char *op, int64_t aid, int64_t span_id, const char *before, const char *after,
    int undo)
{
	if (strcmp(op, "add") == 0)
		return undo ? span_remove(st, span_id) : span_put(st, Q_SPAN_RESTORE, after);
	if (strcmp(op, "delete") == 0)
		return undo ? span_put(st, Q_SPAN_RESTORE, before) : span_remove(st, span_id);
	if (strcmp(op, "update") == 0)
		return span_put(st, Q_SPAN_APPLY, undo ? before : after);
	if (strcmp(op, "status") == 0)
		return status_put(st, aid, undo ? before : after);
	st_seterr(st, "undo log: unknown operation %s", op);
	return -1;
}

/* Undo (undo = 1) the newest live group, or redo the oldest undone one. */
static int
undo_step(store *st, int undo, int64_t *article)
{
	sqlite3_stmt *s, *rows, *mark;
	int64_t g = 0, aid = 0;
	int rc;

	*article = 0;
	if (st->depth > 0 || st->importing) {
		st_seterr(st, "store: cannot undo inside an action");
		return -1;
	}
	if (st_run_q(st, Q_BEGIN) != 0)
		return -1;
	if ((s = st_q(st, undo ? Q_UNDO_LAST : Q_UNDO_FIRST)) == NULL)
		goto fail;
	st_bind_str(s, 1, st->annotator);
	if ((rc = st_one_int(st, s, &g)) < 0)
		goto fail;
	if (rc == 0) { /* nothing to undo or redo */
		if (st_run_q(st, Q_COMMIT) != 0)
			goto fail;
		return 0;
	}
	if ((s = st_q(st, Q_UNDO_CONFLICT)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, g);
	sqlite3_bind_int(s, 2, undo);
	if ((rc = st_one_int(st, s, &aid)) < 0)
		goto fail;
	if (rc == 1) { /* changed by someone else since: leave it all as it is */
		if (st_run_q(st, Q_COMMIT) != 0)
			goto fail;
		*article = aid;
		st->last_step = 0;
		return 1;
	}
	aid = 0;
	if ((rows = st_q(st, undo ? Q_UNDO_ROWS_DESC : Q_UNDO_ROWS_ASC)) == NULL)
		goto fail;
	sqlite3_bind_int64(rows, 1, g);
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		const char *op = (const char *)sqlite3_column_text(rows, 0);
		int64_t a = sqlite3_column_int64(rows, 1);

		if (aid == 0 || !undo)
			aid = a;
		if (undo_apply(st, op ? op : "", a, sqlite3_column_int64(rows, 2),
		    (const char *)sqlite3_column_text(rows, 3), (const char *)sqlite3_column_text(rows, 4), undo) != 0) {
			sqlite3_reset(rows);
			goto fail;
		}
	}
	if (rc != SQLITE_DONE) {
		st_sqlerr(st);
		sqlite3_reset(rows);
		goto fail;
	}
	sqlite3_reset(rows);
	if ((mark = st_q(st, Q_UNDO_MARK)) == NULL)
		goto fail;
	sqlite3_bind_int64(mark, 1, g);
	sqlite3_bind_int(mark, 2, undo);
	if (st_run(st, mark) != 0 || st_run_q(st, Q_COMMIT) != 0)
		goto fail;
	*article = aid;
	st->last_step = g;
	return 0;
fail:
	return st_rollback(st);
}

/*
 * The spans the last undo or redo step touched, as they are now, so that a
 * caller keeping one article's spans in memory can apply the step without
 * reading them all again (one query per span of the step).
 */
int
store_last_step_spans(store *st, int (*fn)(const span *s, int gone, void *arg), void *arg)
{
	sqlite3_stmt *ids, *one;
	int rc, stop = 0;

	if (st->last_step == 0)
		return 0;
	if ((ids = st_q(st, Q_STEP_SPANS)) == NULL || (one = st_q(st, Q_SPAN_BY_ID)) == NULL)
		return -1;
	sqlite3_bind_int64(ids, 1, st->last_step);
	while (!stop && (rc = sqlite3_step(ids)) == SQLITE_ROW) {
		span sp;

		memset(&sp, 0, sizeof sp);
		sp.id = sqlite3_column_int64(ids, 0);
		sqlite3_bind_int64(one, 1, sp.id);
		rc = sqlite3_step(one);
		if (rc == SQLITE_ROW) {
			st_span_from_row(one, 0, &sp);
			stop = fn(&sp, 0, arg);
		} else if (rc == SQLITE_DONE) {
			/* gone: what it was, so the caller can say what went */
			sp.start = (size_t)sqlite3_column_int64(ids, 1);
			sp.end = (size_t)sqlite3_column_int64(ids, 2);
			sp.label = (const char *)sqlite3_column_text(ids, 3);
			sp.kind = span_kind_parse((const char *)sqlite3_column_text(ids, 4));
			stop = fn(&sp, 1, arg);
		} else {
			st_sqlerr(st);
			sqlite3_reset(one);
			sqlite3_reset(ids);
			return -1;
		}
		sqlite3_reset(one);
	}
	rc = stop || rc == SQLITE_DONE ? 0 : (st_sqlerr(st), -1);
	sqlite3_reset(ids);
	return rc;
}

/* What the last step undone or redone did: "add", "delete", "update"
 * (a span), "status" (an article), into buf; "" when unknown. */
int
store_last_step_op(store *st, char *buf, size_t size)
{
	sqlite3_stmt *s;
	int rc;

	buf[0] = 0;
	if (st->last_step == 0 || size == 0)
		return 0;
	if ((s = st_q(st, Q_STEP_OP)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->last_step);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
	return st_done(st, s, rc);
}

int
store_undo(store *st, int64_t *article)
{
	return undo_step(st, 1, article);
}

int
store_redo(store *st, int64_t *article)
{
	return undo_step(st, 0, article);
}
