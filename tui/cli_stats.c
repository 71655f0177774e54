/*
 * cli_stats.c: gloss stats: the report of tui/stats_report.c on stdout.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/cli_int.h"
#include "tui/out.h"
#include "tui/stats_report.h"

static int
cmd_stats(cli_env *env, int argc, char **argv)
{
	store *st;
	int rc;

	if ((rc = cli_plain_args(env, "stats", argc, argv)) != 0)
		return rc == 3 ? 0 : rc;
	if ((st = cli_open_existing_store(env)) == NULL)
		return 1;
	rc = stats_report(st, stdout);
	if (rc != 0)
		out_err("gloss: stats: %s\n", store_errmsg(st));
	store_close(st);
	return rc ? 1 : 0;
}

const struct cli_cmd cli_cmd_stats = {
	.name = "stats",
	.synopsis = "stats",
	.brief = "spans per label, progress, annotators, engines, annotation sessions",
	.help = "Print confirmed entity spans per label (with bars), articles by status\n"
	    "(with a progress bar: # done, + started, . unread), confirmed spans per\n"
	    "annotator, per suggestion engine how many of its suggestions were\n"
	    "accepted, rejected and are still open with the acceptance rate (accepted /\n"
	    "decided), and annotation sessions: per day and per annotator the active\n"
	    "time (H:MM:SS; a pause of over 2 minutes between two actions is not\n"
	    "counted), the entities confirmed (by hand or by accepting a suggestion)\n"
	    "and entities per active hour; then the articles that took the most time.\n"
	    "Times are those the database recorded with each action.\n",
	.run = cmd_stats,
};
