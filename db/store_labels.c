/*
 * store_labels.c: the label scheme (read, replace), statistics and the
 * integrity checks of `gloss check`.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "db/store_int.h"
#include "model/buf.h"

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

		if ((l = array_grow(v, &cap, n + 1, sizeof *l)) == NULL)
			break;
		v = l;
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

/* integrity_check names a damaged b-tree by a page ("Tree N ...", "Page
 * N: ..."): when that page is a table's or an index's root, say which, so
 * the person knows what is damaged. */
static void
name_tree(store *st, const char *msg, char *out, size_t outsz)
{
	static const char db_main[] = "*** in database main ***\n";
	sqlite3_stmt *s;
	long root;

	if (strncmp(msg, db_main, sizeof db_main - 1) == 0)
		msg += sizeof db_main - 1;
	snprintf(out, outsz, "%s", msg);
	if ((sscanf(msg, "Tree %ld ", &root) != 1 && sscanf(msg, "Page %ld", &root) != 1)
	    || sqlite3_prepare_v2(st->db, "SELECT type, name FROM sqlite_schema WHERE rootpage = ?1", -1, &s, NULL)
	    != SQLITE_OK)
		return;
	sqlite3_bind_int64(s, 1, root);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(out, outsz, "%s %s: %s", (const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1), msg);
	sqlite3_finalize(s);
}

/*
 * FTS5's own check is an INSERT, refused by a read-only connection: run it
 * on a page-by-page copy of the database in a temporary file instead.
 * Returns the check's SQLite result code.
 */
static int
fts_check_copy(store *st)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	sqlite3 *copy = NULL;
	sqlite3_backup *b;
	int fd, rc;

	snprintf(path, sizeof path, "%s/gloss-check.XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return SQLITE_CANTOPEN;
	close(fd);
	rc = sqlite3_open_v2(path, &copy, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK && st_search_register(copy) != 0)
		rc = SQLITE_ERROR;
	if (rc == SQLITE_OK && (b = sqlite3_backup_init(copy, "main", st->db, "main")) != NULL) {
		sqlite3_backup_step(b, -1);
		rc = sqlite3_backup_finish(b);
	} else if (rc == SQLITE_OK) {
		rc = sqlite3_errcode(copy);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(copy, "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)", NULL,
		    NULL, NULL);
	sqlite3_close(copy);
	unlink(path);
	return rc;
}

int
store_check_all(store *st, int (*fn)(const char *problem, void *arg), void *arg, size_t *problems)
{
	sqlite3_stmt *s = st_q(st, Q_CHECK);
	char line[1024];
	int rc;

	*problems = 0;
	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);

		if (r != NULL && strcmp(r, "ok") == 0)
			continue;
		(*problems)++;
		name_tree(st, r ? r : "integrity_check failed", line, sizeof line);
		if (fn != NULL && fn(line, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		/* The check itself tripped over the damage: that is a finding too. */
		(*problems)++;
		snprintf(line, sizeof line, "%s", sqlite3_errmsg(st->db));
		if (fn != NULL)
			fn(line, arg);
	}
	sqlite3_reset(s);
	if (*problems)
		return 0;
	/* The full-text index must match the articles it indexes. */
	if (sqlite3_db_readonly(st->db, "main") == 1) {
		rc = fts_check_copy(st);
	} else {
		if ((s = st_q(st, Q_CHECK_FTS)) == NULL)
			return -1;
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if ((rc & 0xff) == SQLITE_CORRUPT) {
		(*problems)++;
		if (fn != NULL)
			fn("the full-text index does not match the articles", arg);
	} else if (rc != SQLITE_OK) {
		st_seterr(st, "full-text index check: %s", sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

static int
first_problem(const char *problem, void *arg)
{
	store *st = arg;

	st_seterr(st, "%s", problem);
	return 1;
}

int
store_check(store *st, int *ok)
{
	size_t n;
	int rc = store_check_all(st, first_problem, st, &n);

	*ok = rc == 0 && n == 0;
	return rc;
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
	return st_done(st, s, rc);
}
