/*
 * cli_list.c: gloss list: one tab-separated line per article.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/cli_int.h"
#include "tui/out.h"

static int
list_row(const store_article *a, void *arg)
{
	FILE *f = arg;

	fprintf(f, "%lld\t%s\t%zu\t%zu\t", (long long)a->id, a->status, a->confirmed, a->suggested);
	out_field(f, a->date ? a->date : "");
	putc('\t', f);
	out_field(f, a->title ? a->title : "");
	putc('\n', f);
	return ferror(f) != 0;
}

static int
cmd_list(cli_env *env, int argc, char **argv)
{
	static const char *const statuses[] = { "unread", "started", "done", NULL };
	const char *status = NULL;
	const struct opt opts[] = { { "--status", &status, NULL }, { NULL, NULL, NULL } };
	char **pos;
	size_t npos;
	store *st;
	int rc;

	if ((rc = cli_parse(env, cli_find_cmd("list"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	rc = 2;
	if (npos > 0) {
		cli_usage("list", "unexpected argument '%s'", pos[0]);
		goto out;
	}
	if (status && cli_word(status, statuses) < 0) {
		cli_usage("list", "--status must be unread, started or done, not '%s'", status);
		goto out;
	}
	rc = 1;
	if ((st = cli_open_existing_store(env)) == NULL)
		goto out;
	if (store_articles_each(st, status, 0, 0, list_row, stdout) != 0)
		out_err("gloss: list: %s\n", store_errmsg(st));
	else if (fflush(stdout) != 0 || ferror(stdout))
		out_err("gloss: list: %s\n", strerror(errno));
	else
		rc = 0;
	store_close(st);
out:
	free(pos);
	return rc == 3 ? 0 : rc;
}

const struct cli_cmd cli_cmd_list = {
	.name = "list",
	.synopsis = "list [--status unread|started|done]",
	.brief = "one line per article: id, status, confirmed, suggested, date, title",
	.help = "Print one line per article, tab-separated: id, status, confirmed entity\n"
	    "spans, suggested entity spans, date, title. Control characters in a title\n"
	    "are shown as visible symbols, so each article stays on one line.\n"
	    "\n"
	    "  --status S      only articles with this status\n",
	.run = cmd_list,
};
