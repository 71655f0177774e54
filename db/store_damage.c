/*
 * store_damage.c: a damaged database is noticed before gloss writes to it.
 *
 * A full PRAGMA quick_check reads every page: 1.8 s on a 433 MB database
 * of 100,000 articles, where `gloss list` takes 1.1 s and `gloss stats`
 * 0.16 s, so it is `gloss check`'s job, not every command's. What every
 * opening does instead (store_open, before the first write) is read the
 * root page and the first leaf of every table and index: a few pages per
 * b-tree, a few milliseconds whatever the size. Damage found later, in a
 * page a command reads or writes, comes back from SQLite as SQLITE_CORRUPT
 * or SQLITE_NOTADB: st_sqlerr marks the store damaged and from then on it
 * starts no write (st_write_refused). store_open_late leaves the probe
 * for just before the first write (st_write_refused runs it then): the
 * probe prepares and steps one statement per b-tree, ~2.5 M instructions
 * or ~0.5 ms, which a search or the interface's first screen need not pay
 * before it shows what it read (a damaged page it reads fails as above).
 * Either way the message is one line
 * that says what to do: "database damaged (table undo): run `gloss check`".
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "db/store_int.h"

/* The probe of one b-tree: the first row of the table, or of the table
 * through the index (with a partial index's own condition, without which
 * SQLite may not use it). Names are identifiers, which SQL cannot bind:
 * they come from sqlite_schema and are quoted with %w; the WHERE is the
 * index's own text from there. sqlite3_free() it. */
static char *
probe_sql(const char *type, const char *tbl, const char *name, const char *sql)
{
	const char *where = NULL;

	if (strcmp(type, "table") == 0)
		return sqlite3_mprintf("SELECT 1 FROM \"%w\" NOT INDEXED LIMIT 1", tbl);
	if (sql != NULL) /* NULL: the index of a UNIQUE or PRIMARY KEY */
		for (const char *p = sql; *p && where == NULL; p++)
			if (strncasecmp(p, " WHERE ", 7) == 0)
				where = p + 7;
	return sqlite3_mprintf("SELECT 1 FROM \"%w\" INDEXED BY \"%w\" %s%s LIMIT 1", tbl, name,
	    where ? "WHERE " : "", where ? where : "");
}

int
st_probe(store *st)
{
	sqlite3_stmt *list = NULL;
	int rc, found = 0;

	if (sqlite3_prepare_v2(st->db,
	    "SELECT type, tbl_name, name, sql FROM sqlite_schema "
	    "WHERE type IN ('table', 'index') AND rootpage > 0 ORDER BY rootpage", -1, &list, NULL) != SQLITE_OK)
		return st_sqlerr(st);
	while (!found && (rc = sqlite3_step(list)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(list, 0);
		const char *tbl = (const char *)sqlite3_column_text(list, 1);
		const char *name = (const char *)sqlite3_column_text(list, 2);
		const char *sql = (const char *)sqlite3_column_text(list, 3);
		sqlite3_stmt *s = NULL;
		char *q;
		int prc;

		if (type == NULL || tbl == NULL || name == NULL)
			continue;
		if ((q = probe_sql(type, tbl, name, sql)) == NULL)
			break;
		prc = sqlite3_prepare_v2(st->db, q, -1, &s, NULL);
		if (prc == SQLITE_OK)
			while ((prc = sqlite3_step(s)) == SQLITE_ROW)
				;
		sqlite3_free(q);
		prc &= 0xff;
		if (prc == SQLITE_CORRUPT || prc == SQLITE_NOTADB) {
			snprintf(st->damaged_in, sizeof st->damaged_in, "%s %s", type, name);
			found = 1;
		}
		sqlite3_finalize(s);
	}
	if (!found && rc != SQLITE_DONE) {
		rc &= 0xff;
		if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) /* the schema itself */
			snprintf(st->damaged_in, sizeof st->damaged_in, "table sqlite_schema");
		else {
			st_sqlerr(st);
			sqlite3_finalize(list);
			return -1;
		}
		found = 1;
	}
	sqlite3_finalize(list);
	st->probed = 1;
	if (!found)
		return 0;
	st->damaged = 1;
	st_damaged_msg(st);
	return -1;
}

void
st_damaged_msg(store *st)
{
	if (st->damaged_in[0])
		st_seterr(st, "database damaged (%s): run `gloss check`", st->damaged_in);
	else
		st_seterr(st, "database damaged: run `gloss check`");
	st->errcode = SQLITE_CORRUPT;
}

int
st_write_refused(store *st)
{
	if (!st->damaged && !st->probed && st_probe(st) != 0 && !st->damaged)
		return 1; /* the probe itself failed (err set): no write either */
	if (!st->damaged)
		return 0;
	st_damaged_msg(st);
	return 1;
}
