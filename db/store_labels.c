/*
 * store_labels.c: the label scheme (read, replace), statistics and the
 * integrity checks of `gloss check`.
 */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_int.h"

int
store_labels_get(store *st, label_scheme *out)
{
	sqlite3_stmt *s = st_q(st, Q_LABELS_GET);
	size_t n = 0, cap = 0;
	label *v = NULL;
	int rc;

	out->v = NULL;
	out->n = 0;
	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		label *l;

		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((l = realloc(v, cap * sizeof *l)) == NULL)
				break;
			v = l;
		}
		l = &v[n++];
		l->name = st_col_str(s, 0);
		l->key = sqlite3_column_type(s, 1) == SQLITE_NULL ? 0 : sqlite3_column_int(s, 1);
		l->colour = st_col_str(s, 2);
		l->description = st_col_str(s, 3);
		if (l->name == NULL || l->colour == NULL || l->description == NULL)
			break;
	}
	sqlite3_reset(s);
	out->v = v;
	out->n = n;
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_ROW)
			st_seterr(st, "out of memory");
		else
			st_sqlerr(st);
		label_scheme_clear(out);
		return -1;
	}
	return 0;
}

/* Parameters 1-4 of the label statements: name, key (NULL: none), colour,
 * description. */
void
st_bind_label(sqlite3_stmt *s, const label *l)
{
	st_bind_str(s, 1, l->name);
	if (l->key >= 1 && l->key <= 9)
		sqlite3_bind_int(s, 2, l->key);
	else
		sqlite3_bind_null(s, 2);
	st_bind_str(s, 3, l->colour ? l->colour : "white");
	st_bind_str(s, 4, l->description ? l->description : "");
}

int
st_labels_write(store *st, const label_scheme *ls)
{
	sqlite3_stmt *s;

	if (st_run_q(st, Q_LABELS_DELETE) != 0 || (s = st_q(st, Q_LABELS_INSERT)) == NULL)
		return -1;
	for (size_t i = 0; i < ls->n; i++) {
		const label *l = &ls->v[i];

		st_bind_label(s, l);
		sqlite3_bind_int64(s, 5, (int64_t)i + 1);
		if (st_run(st, s) != 0)
			return -1;
	}
	return 0;
}

int
store_labels_set(store *st, const label_scheme *ls, size_t *in_use, char **dropped)
{
	sqlite3_stmt *s;
	int rc;

	*in_use = 0;
	*dropped = NULL;
	if (st->depth > 0 || st->importing) {
		st_seterr(st, "store: a transaction is already open");
		return -1;
	}
	if (st_run_q(st, Q_BEGIN) != 0)
		return -1;
	if ((s = st_q(st, Q_LABELS_USED)) == NULL)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		if (name && label_by_name(ls, name) == NULL) {
			*in_use = (size_t)sqlite3_column_int64(s, 1);
			*dropped = strdup(name);
			st_seterr(st, "cannot drop label %s: %zu spans use it", name, *in_use);
			sqlite3_reset(s);
			goto fail;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		st_sqlerr(st);
		goto fail;
	}
	if (st_labels_write(st, ls) != 0 || st_run_q(st, Q_COMMIT) != 0)
		goto fail;
	return 0;
fail:
	return st_rollback(st);
}

int
store_stats_each(store *st, int (*fn)(const char *group, const char *key, int64_t n, void *arg), void *arg)
{
	static const struct {
		enum q q;
		const char *group;
	} groups[] = {
		{ Q_STATS_LABEL, "label" }, { Q_STATS_STATUS, "status" }, { Q_STATS_ANNOTATOR, "annotator" },
	};

	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		sqlite3_stmt *s = st_q(st, groups[g].q);
		int rc, stop = 0;

		if (s == NULL)
			return -1;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const char *k = (const char *)sqlite3_column_text(s, 0);

			if (fn(groups[g].group, k ? k : "", sqlite3_column_int64(s, 1), arg) != 0) {
				stop = 1;
				break;
			}
		}
		if (!stop && rc != SQLITE_DONE) {
			st_sqlerr(st);
			sqlite3_reset(s);
			return -1;
		}
		sqlite3_reset(s);
		if (stop)
			break;
	}
	return 0;
}

int
store_check(store *st, int *ok)
{
	sqlite3_stmt *s = st_q(st, Q_CHECK);
	int rc;

	*ok = 0;
	if (s == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);

		*ok = r && strcmp(r, "ok") == 0;
		if (!*ok)
			st_seterr(st, "%s", r ? r : "integrity_check failed");
	} else {
		st_sqlerr(st);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return -1;
	if (!*ok)
		return 0;
	/* The full-text index must match the articles it indexes. */
	if ((s = st_q(st, Q_CHECK_FTS)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if ((rc & 0xff) == SQLITE_CORRUPT) {
		*ok = 0;
		st_seterr(st, "the full-text index does not match the articles");
	} else if (rc != SQLITE_DONE) {
		return st_sqlerr(st);
	}
	return 0;
}

int
store_check_spans(store *st, int (*fn)(int64_t article, int64_t span, int64_t start, int64_t end, int64_t len,
    void *arg), void *arg, size_t *bad)
{
	sqlite3_stmt *s = st_q(st, Q_CHECK_SPANS);
	int rc;

	*bad = 0;
	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		(*bad)++;
		if (fn && fn(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
		    sqlite3_column_int64(s, 3),
		    sqlite3_column_type(s, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 4), arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		st_sqlerr(st);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}
