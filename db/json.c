/*
 * json.c: JSON text -> model/json.h tree, parsed by SQLite's JSON1.
 *
 * One private ":memory:" connection per jsonp holds a prepared json_tree()
 * query. json_tree() yields one row per value in document order (pre-order)
 * with its id and its parent's id, which is exactly the order
 * json_builder_add() wants.
 *
 * Input contract: any bytes. A NUL byte is refused before SQLite sees the
 * text (SQLite would stop reading there and could accept a prefix); the
 * escape \u0000 is refused too (SQLite 3.40 cuts the decoded string at
 * it). SQLite limits nesting to 2000 levels and reports deeper input as
 * malformed, so nothing here recurses on input depth. Strings are not
 * checked for UTF-8 validity here (readers check what they keep); lone
 * surrogate escapes come out as invalid UTF-8, which those checks catch.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/json_sqlite.h"

struct jsonp {
	sqlite3 *db;
	sqlite3_stmt *tree;
	sqlite3_stmt *errpos; /* json_error_position() (SQLite >= 3.42), or NULL */
	json **byid;          /* node of each json_tree id seen in this parse */
	size_t capid;
	size_t maxid;         /* byid[0..maxid] may be set */
};

/*
 * For objects that are members of the root the value column gives their
 * text (kept as json->raw: readers keep such a "meta" object whole); for
 * everything else nothing is rendered or copied, so a record with a huge
 * token array costs no second copy of it.
 */
static const char tree_sql[] =
    "SELECT id, parent, type, atom, key,"
    " CASE WHEN parent = 0 AND type = 'object' THEN value END"
    " FROM json_tree(?1)";

jsonp *
jsonp_new(void)
{
	jsonp *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	/* Private to one jsonp, used by one thread at a time: no mutexes. */
	if (sqlite3_open_v2(":memory:", &p->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK
	    || sqlite3_prepare_v3(p->db, tree_sql, -1, SQLITE_PREPARE_PERSISTENT, &p->tree, NULL) != SQLITE_OK) {
		jsonp_free(p);
		return NULL;
	}
	/* Only newer SQLite can say where JSON goes wrong; older ones just
	 * fail to prepare this, and messages say "malformed JSON". */
	if (sqlite3_prepare_v3(p->db, "SELECT json_error_position(?1)", -1,
	    SQLITE_PREPARE_PERSISTENT, &p->errpos, NULL) != SQLITE_OK)
		p->errpos = NULL;
	return p;
}

void
jsonp_free(jsonp *p)
{
	if (p == NULL)
		return;
	sqlite3_finalize(p->tree);
	sqlite3_finalize(p->errpos);
	sqlite3_close(p->db);
	free(p->byid);
	free(p);
}

static void
set_msg(char *msg, size_t msgsz, const char *s)
{
	if (msg != NULL && msgsz > 0)
		snprintf(msg, msgsz, "%s", s);
}

/* "malformed JSON", with "at byte N" when SQLite can tell. */
static void
malformed(jsonp *p, const char *text, size_t len, char *msg, size_t msgsz)
{
	long long at = 0;

	if (p->errpos != NULL) {
		sqlite3_bind_text(p->errpos, 1, text, (int)len, SQLITE_STATIC);
		if (sqlite3_step(p->errpos) == SQLITE_ROW)
			at = sqlite3_column_int64(p->errpos, 0);
		sqlite3_reset(p->errpos);
		sqlite3_clear_bindings(p->errpos);
	}
	if (at > 0 && msg != NULL && msgsz > 0)
		snprintf(msg, msgsz, "malformed JSON at byte %lld", at);
	else
		set_msg(msg, msgsz, "malformed JSON");
}

/* Map a json_tree id to its node; ids grow with position in the text. */
static int
remember(jsonp *p, long long id, json *n)
{
	if (id < 0 || (unsigned long long)id >= SIZE_MAX / sizeof(json *) / 2)
		return -1;
	if ((size_t)id >= p->capid) {
		size_t cap = p->capid ? p->capid : 64;
		json **v;

		while (cap <= (size_t)id)
			cap *= 2;
		if ((v = realloc(p->byid, cap * sizeof *v)) == NULL)
			return -1;
		memset(v + p->capid, 0, (cap - p->capid) * sizeof *v);
		p->byid = v;
		p->capid = cap;
	}
	p->byid[id] = n;
	if ((size_t)id > p->maxid)
		p->maxid = (size_t)id;
	return 0;
}

/* Drop this parse's pointers so a later parse cannot reach freed nodes. */
static void
forget(jsonp *p)
{
	if (p->capid > 0)
		memset(p->byid, 0, (p->maxid + 1) * sizeof *p->byid);
	p->maxid = 0;
}

/* json_tree's type names differ in their first two letters. */
static int
type_of(const char *t)
{
	switch (t[0]) {
	case 'o': return JSON_OBJECT;
	case 'a': return JSON_ARRAY;
	case 't': return t[1] == 'e' ? JSON_TEXT : JSON_TRUE;
	case 'i': return JSON_INT;
	case 'r': return JSON_REAL;
	case 'f': return JSON_FALSE;
	case 'n': return JSON_NULL;
	default: return -1;
	}
}

/*
 * Fill n from the current row. Text columns are read with
 * sqlite3_column_blob: the bytes as they are, without the NUL terminator
 * column_text would add (a reallocation per value); lengths come from
 * sqlite3_column_bytes and the copies are terminated by the builder.
 */
static int
fill(json_builder *b, sqlite3_stmt *st, json *n)
{
	const char *t = sqlite3_column_blob(st, 2);

	n->type = t != NULL && sqlite3_column_bytes(st, 2) >= 2 ? type_of(t) : -1;
	if (n->type < 0)
		return -1;
	switch (n->type) {
	case JSON_TEXT: {
		const char *s = sqlite3_column_blob(st, 3);
		size_t len = (size_t)sqlite3_column_bytes(st, 3);

		if ((n->str = json_builder_str(b, s ? s : "", s ? len : 0)) == NULL)
			return -1;
		n->len = s ? len : 0;
		break;
	}
	case JSON_INT:
		/* An integer beyond 64 bits comes back as a real. */
		if (sqlite3_column_type(st, 3) == SQLITE_FLOAT) {
			n->type = JSON_REAL;
			n->d = sqlite3_column_double(st, 3);
		} else {
			n->i = sqlite3_column_int64(st, 3);
			n->d = (double)n->i;
		}
		break;
	case JSON_REAL:
		n->d = sqlite3_column_double(st, 3);
		break;
	case JSON_TRUE:
		n->i = 1;
		n->d = 1;
		break;
	case JSON_OBJECT:
	case JSON_ARRAY:
		if (sqlite3_column_type(st, 5) == SQLITE_TEXT) {
			const char *s = sqlite3_column_blob(st, 5);

			if ((n->raw = json_builder_str(b, s, (size_t)sqlite3_column_bytes(st, 5))) == NULL)
				return -1;
		}
		break;
	}
	if (sqlite3_column_type(st, 4) == SQLITE_TEXT) {
		const char *k = sqlite3_column_blob(st, 4);

		if ((n->key = json_builder_key(b, k ? k : "", k ? (size_t)sqlite3_column_bytes(st, 4) : 0)) == NULL)
			return -1;
	}
	return 0;
}

json *
jsonp_parse(void *ctx, const char *text, size_t len, char *msg, size_t msgsz)
{
	jsonp *p = ctx;
	json_builder *b;
	sqlite3_stmt *st;
	const char *nul;
	int rc;

	if (p == NULL) {
		set_msg(msg, msgsz, "no JSON parser");
		return NULL;
	}
	if ((nul = memchr(text, '\0', len)) != NULL) {
		if (msg != NULL && msgsz > 0)
			snprintf(msg, msgsz, "NUL byte in JSON at byte %zu", (size_t)(nul - text) + 1);
		return NULL;
	}
	/* after a backslash, the escaped character is not an escape itself */
	for (const char *q = text, *end = text + len; q < end && (q = memchr(q, '\\', (size_t)(end - q))) != NULL;
	    q += 2)
		if (end - q >= 6 && memcmp(q, "\\u0000", 6) == 0) {
			set_msg(msg, msgsz, "the escape \\u0000 (a NUL character) is not supported in strings");
			return NULL;
		}
	if (len > 0x7fffffff) {
		set_msg(msg, msgsz, "JSON value over 2 GB");
		return NULL;
	}
	if ((b = json_builder_new()) == NULL) {
		set_msg(msg, msgsz, "out of memory");
		return NULL;
	}
	st = p->tree;
	sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json *parent = NULL, *n;

		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			long long pid = sqlite3_column_int64(st, 1);

			if (pid < 0 || (size_t)pid >= p->capid || (parent = p->byid[pid]) == NULL)
				break;
		}
		if ((n = json_builder_add(b, parent)) == NULL || fill(b, st, n) != 0
		    || ((n->type == JSON_OBJECT || n->type == JSON_ARRAY)
		    && remember(p, sqlite3_column_int64(st, 0), n) != 0)) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_NOMEM)
			set_msg(msg, msgsz, "out of memory");
		else if (rc == SQLITE_ROW)
			set_msg(msg, msgsz, "JSON tree out of order");
		else
			malformed(p, text, len, msg, msgsz);
		forget(p);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		json_builder_free(b);
		return NULL;
	}
	forget(p);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return json_builder_finish(b);
}
