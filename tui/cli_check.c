/*
 * cli_check.c: gloss check: SQLite's integrity check and span offsets.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include "tui/cli_int.h"
#include "tui/out.h"

static int
bad_span(int64_t article, int64_t span_id, int64_t start, int64_t end, int64_t len, void *arg)
{
	(void)arg;
	if (len < 0)
		out_err("article %lld: span %lld [%lld,%lld): the article has no text\n", (long long)article,
		    (long long)span_id, (long long)start, (long long)end);
	else
		out_err("article %lld: span %lld [%lld,%lld) lies outside the text (%lld code points)\n",
		    (long long)article, (long long)span_id, (long long)start, (long long)end, (long long)len);
	return 0;
}

static int
problem(const char *what, void *arg)
{
	(void)arg;
	out_err("gloss: check: database file damaged: %s\n", what);
	return 0;
}

/* Read-only: a check must work on a database it may not write, and must
 * not change what it examines. */
static int
cmd_check(cli_env *env, int argc, char **argv)
{
	size_t bad = 0, damage = 0, articles = 0;
	store *st;
	int rc;

	if ((rc = cli_plain_args(env, "check", argc, argv)) != 0)
		return rc == 3 ? 0 : rc;
	if ((st = cli_open_readonly_store(env)) == NULL)
		return 1;
	rc = 1;
	if (store_check_all(st, problem, NULL, &damage) != 0)
		out_err("gloss: check: %s\n", store_errmsg(st));
	else if (damage > 0)
		;
	else if (store_check_spans(st, bad_span, NULL, &bad) != 0)
		out_err("gloss: check: %s\n", store_errmsg(st));
	else if (bad == 0 && store_article_count(st, NULL, &articles) == 0) {
		printf("ok: %zu %s checked\n", articles, cli_plural(articles, "article", "articles"));
		rc = 0;
	}
	store_close(st);
	return rc;
}

const struct cli_cmd cli_cmd_check = {
	.name = "check",
	.synopsis = "check",
	.brief = "check the database and every span's offsets",
	.help = "Check the database file (SQLite's integrity check over every table and\n"
	    "index, and the full-text index's own check) and that every span lies\n"
	    "within its article's text. Prints \"ok\" or one line per problem on\n"
	    "standard error (exit status 1). The database is opened read-only and\n"
	    "never changed, so check works on a file it may not write.\n",
	.run = cmd_check,
};
