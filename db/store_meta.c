/*
 * store_meta.c: small named values kept in the database (the meta table),
 * e.g. where the interface was left. Not undoable; each write is its own
 * transaction when none is open.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_int.h"

int
store_meta_get(store *st, const char *key, char **value)
{
	sqlite3_stmt *s = st_q(st, Q_META_GET);
	int rc;

	*value = NULL;
	if (s == NULL)
		return -1;
	st_bind_str(s, 1, key);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		*value = strdup((const char *)sqlite3_column_text(s, 0));
	return st_done(st, s, rc);
}

int
store_meta_set(store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = st_q(st, Q_META_PUT);

	if (s == NULL)
		return -1;
	st_bind_str(s, 1, key);
	st_bind_str(s, 2, value);
	return st_run(st, s);
}
