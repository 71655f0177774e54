/*
 * stats.c: annotation sessions (stats.h) as SQL over the undo log and the
 * spans: one action is one undo group; a window function gives each action
 * the gap since the same annotator's previous one.
 */
#include "config.h"
#include <sqlite3.h>
#include "db/stats.h"
#include "db/store_int.h"

/* Every action (undo group still done) with its annotator, article, time
 * and the gap since that annotator's previous action; ?1 = idle seconds.
 * "active" is the part of the gap that counts. */
#define ACTIONS \
	"WITH a AS (SELECT grp, min(time) AS t, coalesce(annotator, '(unknown)') AS who, " \
	" max(article_id) AS art FROM undo WHERE undone = 0 GROUP BY grp), " \
	"g AS (SELECT who, art, t, t - lag(t) OVER (PARTITION BY who ORDER BY t, grp) AS gap FROM a), " \
	"v AS (SELECT who, art, t, CASE WHEN gap <= ?1 THEN gap ELSE 0 END AS active FROM g) "

static const char sessions_sql[] = ACTIONS
    "SELECT v.who, v.art, ar.title, sum(v.active), count(*) FROM v LEFT JOIN articles ar ON ar.id = v.art "
    "WHERE v.art IS NOT NULL GROUP BY v.who, v.art ORDER BY 4 DESC, 1, 2";

static const char days_sql[] = ACTIONS
    ", d AS (SELECT who, date(t, 'unixepoch') AS day, sum(active) AS active FROM v GROUP BY 1, 2), "
    "c AS (SELECT coalesce(annotator, '(unknown)') AS who, date(updated, 'unixepoch') AS day, count(*) AS n "
    " FROM spans WHERE kind = 'entity' AND status = 'confirmed' AND source <> 'import' GROUP BY 1, 2) "
    "SELECT coalesce(d.who, c.who), coalesce(d.day, c.day), coalesce(c.n, 0), coalesce(d.active, 0) "
    "FROM d FULL JOIN c ON c.who = d.who AND c.day = d.day ORDER BY 1, 2";

static sqlite3_stmt *
prepare(store *st, const char *sql, int64_t idle)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		st_sqlerr(st);
		return NULL;
	}
	sqlite3_bind_int64(s, 1, idle);
	return s;
}

int
store_sessions_each(store *st, int64_t idle,
    int (*fn)(const char *annotator, int64_t article, const char *title, int64_t active, int64_t actions, void *arg),
    void *arg)
{
	sqlite3_stmt *s = prepare(st, sessions_sql, idle);
	int rc;

	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *title = (const char *)sqlite3_column_text(s, 2);

		if (fn((const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1), title ? title : "",
		    sqlite3_column_int64(s, 3), sqlite3_column_int64(s, 4), arg) != 0)
			break;
	}
	return st_finalize(st, s, rc);
}

int
store_days_each(store *st, int64_t idle,
    int (*fn)(const char *annotator, const char *day, int64_t confirmed, int64_t active, void *arg), void *arg)
{
	sqlite3_stmt *s = prepare(st, days_sql, idle);
	int rc;

	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
		    sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3), arg) != 0)
			break;
	return st_finalize(st, s, rc);
}
