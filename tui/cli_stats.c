/*
 * cli_stats.c: gloss stats: spans per label, articles by status, spans per
 * annotator.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/cli_int.h"
#include "tui/out.h"

struct stats_out {
	const char *group; /* the section being printed */
};

static int
stats_row(const char *group, const char *key, int64_t n, void *arg)
{
	struct stats_out *o = arg;

	if (o->group == NULL || strcmp(o->group, group) != 0) {
		o->group = group;
		if (strcmp(group, "label") == 0)
			puts("confirmed entity spans per label:");
		else if (strcmp(group, "status") == 0)
			puts("articles by status:");
		else
			puts("confirmed spans per annotator:");
	}
	out_printf(stdout, "  %-16s %8lld\n", key, (long long)n);
	return 0;
}

static int
cmd_stats(cli_env *env, int argc, char **argv)
{
	struct stats_out o = { NULL };
	store *st;
	int rc;

	if ((rc = cli_plain_args(env, "stats", argc, argv)) != 0)
		return rc == 3 ? 0 : rc;
	if ((st = cli_open_existing_store(env)) == NULL)
		return 1;
	rc = store_stats_each(st, stats_row, &o);
	if (rc != 0)
		out_err("gloss: stats: %s\n", store_errmsg(st));
	else if (o.group == NULL || strcmp(o.group, "annotator") != 0)
		puts("confirmed spans per annotator:\n  (none)");
	store_close(st);
	return rc ? 1 : 0;
}

const struct cli_cmd cli_cmd_stats = {
	.name = "stats",
	.synopsis = "stats",
	.brief = "confirmed spans per label, articles by status, spans per annotator",
	.help = "Print confirmed entity spans per label, articles by status and confirmed\n"
	    "spans per annotator.\n",
	.run = cmd_stats,
};
