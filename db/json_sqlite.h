/*
 * json_sqlite.h: parse JSON into a model/json.h tree with SQLite's JSON1
 * (json_tree), through a private in-memory connection.
 */
#ifndef GLOSS_JSON_SQLITE_H
#define GLOSS_JSON_SQLITE_H

#include "model/json.h"

typedef struct jsonp jsonp;
jsonp *jsonp_new(void);
void jsonp_free(jsonp *p);
/* A json_parse_fn: ctx is a jsonp*. */
json *jsonp_parse(void *ctx, const char *text, size_t len, char *msg, size_t msgsz);

#endif
