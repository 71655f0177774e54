/*
 * store_dateline.c: wire-copy datelines in the store. An imported
 * article's dateline (place, agency; text_dateline) goes into its meta
 * as {"dateline": {"place": ..., "agency": ...}}, and migration 8 gives
 * existing databases titles from the first sentence after the dateline,
 * through the SQL functions registered here:
 *   gloss_title(text)          text_title(text, 120)
 *   gloss_first_sentence(text) the old rule (first sentence, 120)
 *   gloss_dateline(text)       {"place":..,"agency":..} or NULL
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_int.h"
#include "model/text.h"

/* Only an article's start can hold its dateline and first sentence. */
enum { HEAD_BYTES = 4096 };

static void
fn_title(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	size_t n = s ? (size_t)sqlite3_value_bytes(argv[0]) : 0;
	char *t;

	(void)argc;
	if (n > HEAD_BYTES)
		n = HEAD_BYTES;
	t = sqlite3_user_data(cx) ? text_first_sentence(s ? s : "", n, 120) : text_title(s ? s : "", n, 120);
	if (!t) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	sqlite3_result_text(cx, t, -1, free);
}

/* s as a JSON string: quotes, backslashes and controls escaped. */
static void
json_string(sqlite3_str *o, const char *s)
{
	sqlite3_str_appendchar(o, 1, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sqlite3_str_appendf(o, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			sqlite3_str_appendf(o, "\\u%04x", (unsigned char)*s);
		else
			sqlite3_str_appendchar(o, 1, *s);
	}
	sqlite3_str_appendchar(o, 1, '"');
}

/* The dateline of s[0..n) as a JSON object (malloc'd), NULL if none. */
static char *
dateline_json(const char *s, size_t n)
{
	char *place = NULL, *agency = NULL, *j = NULL;
	size_t body;

	if (text_dateline(s, n > HEAD_BYTES ? HEAD_BYTES : n, &body, &place, &agency) == 1) {
		sqlite3_str *o = sqlite3_str_new(NULL);

		sqlite3_str_appendall(o, "{\"place\":");
		json_string(o, place);
		if (agency) {
			sqlite3_str_appendall(o, ",\"agency\":");
			json_string(o, agency);
		}
		sqlite3_str_appendall(o, "}");
		j = sqlite3_str_finish(o);
	}
	free(place);
	free(agency);
	return j;
}

static void
fn_dateline(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char *j;

	(void)argc;
	if (!s || (j = dateline_json(s, (size_t)sqlite3_value_bytes(argv[0]))) == NULL) {
		sqlite3_result_null(cx);
		return;
	}
	sqlite3_result_text(cx, j, -1, sqlite3_free);
}

int
st_dateline_register(sqlite3 *db)
{
	static int old_rule = 1;
	int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC;

	if (sqlite3_create_function(db, "gloss_title", 1, f, NULL, fn_title, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "gloss_first_sentence", 1, f, &old_rule, fn_title, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "gloss_dateline", 1, f, NULL, fn_dateline, NULL, NULL) != SQLITE_OK)
		return -1;
	return 0;
}

int
st_dateline_meta(store *st, int64_t id, const char *body, size_t len)
{
	sqlite3_stmt *s;
	char *j;
	int rc;

	if (!body || (j = dateline_json(body, len)) == NULL)
		return 0;
	if ((s = st_q(st, Q_ART_DATELINE)) == NULL) {
		sqlite3_free(j);
		return -1;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, j, -1, sqlite3_free);
	rc = st_run(st, s);
	return rc;
}
