/*
 * cli_stats.c: gloss stats: spans per label, articles by status, spans per
 * annotator, and how often each suggestion engine's proposals are accepted.
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

/* Acceptance rate = accepted / (accepted + rejected): how often a person
 * agreed with the engine when deciding on its suggestion. */
static int
acceptance_row(const char *source, int64_t open, int64_t acc, int64_t rej, void *arg)
{
	int *header = arg;
	char rate[16] = "-";

	if (!*header) {
		puts("suggestions accepted per engine:");
		*header = 1;
	}
	if (acc + rej > 0)
		snprintf(rate, sizeof rate, "%.0f%%", 100.0 * (double)acc / (double)(acc + rej));
	out_printf(stdout, "  %-10s %6lld accepted %6lld rejected %6lld open %5s\n", source, (long long)acc,
	    (long long)rej, (long long)open, rate);
	return 0;
}

static int
cmd_stats(cli_env *env, int argc, char **argv)
{
	struct stats_out o = { NULL };
	store *st;
	int rc, header = 0;

	if ((rc = cli_plain_args(env, "stats", argc, argv)) != 0)
		return rc == 3 ? 0 : rc;
	if ((st = cli_open_existing_store(env)) == NULL)
		return 1;
	rc = store_stats_each(st, stats_row, &o);
	if (rc != 0)
		out_err("gloss: stats: %s\n", store_errmsg(st));
	else if (o.group == NULL || strcmp(o.group, "annotator") != 0)
		puts("confirmed spans per annotator:\n  (none)");
	if (rc == 0 && (rc = store_acceptance_each(st, acceptance_row, &header)) != 0)
		out_err("gloss: stats: %s\n", store_errmsg(st));
	store_close(st);
	return rc ? 1 : 0;
}

const struct cli_cmd cli_cmd_stats = {
	.name = "stats",
	.synopsis = "stats",
	.brief = "confirmed spans per label, articles by status, spans per annotator",
	.help = "Print confirmed entity spans per label, articles by status, confirmed\n"
	    "spans per annotator, and per suggestion engine how many of its suggestions\n"
	    "were accepted, rejected and are still open, with the acceptance rate\n"
	    "(accepted / decided).\n",
	.run = cmd_stats,
};
