/*
 * cli_list.c: gloss list: one tab-separated line per article.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db/filter.h"
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

/* The filter words (and --status) as one filter spec; malloc'd. */
static char *
filter_spec(const char *status, char **pos, size_t npos)
{
	size_t n = status ? strlen(status) + 8 : 1;
	char *spec;

	for (size_t i = 0; i < npos; i++)
		n += strlen(pos[i]) + 3;
	if ((spec = malloc(n)) == NULL)
		return NULL;
	spec[0] = '\0';
	if (status)
		snprintf(spec, n, "status=%s", status);
	/* One argument is one KEY=VALUE: a value the shell kept whole may
	 * hold spaces, so quote it again for the filter parser. */
	for (size_t i = 0; i < npos; i++) {
		const char *eq = strchr(pos[i], '=');
		size_t len = strlen(spec);

		if (eq && strchr(eq, ' ') && eq[1] != '"' && eq[1] != '\'' && !strchr(eq, '"'))
			snprintf(spec + len, n - len, "%s%.*s\"%s\"", len ? " " : "", (int)(eq + 1 - pos[i]), pos[i], eq + 1);
		else
			snprintf(spec + len, n - len, "%s%s", len ? " " : "", pos[i]);
	}
	return spec;
}

static int
cmd_list(cli_env *env, int argc, char **argv)
{
	const char *status = NULL, *sort = NULL;
	const struct opt opts[] = { { "--status", &status, NULL }, { "--sort", &sort, NULL }, { NULL, NULL, NULL } };
	store_filter f;
	char **pos, *spec = NULL, err[256];
	size_t npos;
	store *st;
	int rc;

	store_filter_init(&f);
	if ((rc = cli_parse(env, cli_find_cmd("list"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	rc = 2;
	if ((spec = filter_spec(status, pos, npos)) == NULL)
		goto out;
	if (store_filter_parse(&f, spec, err, sizeof err) != 0 ||
	    (sort && store_sort_parse(&f, sort, err, sizeof err) != 0)) {
		cli_usage("list", "%s", err);
		goto out;
	}
	rc = 1;
	if ((st = cli_open_existing_store(env)) == NULL)
		goto out;
	if (store_articles_filtered(st, &f, 0, 0, list_row, stdout) != 0)
		out_err("gloss: list: %s\n", store_errmsg(st));
	else if (fflush(stdout) != 0 || ferror(stdout))
		out_err("gloss: list: %s\n", strerror(errno));
	else
		rc = 0;
	store_close(st);
out:
	store_filter_clear(&f);
	free(spec);
	free(pos);
	return rc == 3 ? 0 : rc;
}

const struct cli_cmd cli_cmd_list = {
	.name = "list",
	.synopsis = "list [--status unread|started|done] [--sort KEY[ desc]] [FILTER...]",
	.brief = "one line per article: id, status, confirmed, suggested, date, title",
	.help = "Print one line per article, tab-separated: id, status, confirmed entity\n"
	    "spans, suggested entity spans, date, title. Control characters in a title\n"
	    "are shown as visible symbols, so each article stays on one line.\n"
	    "\n"
	    "\n"
	    "  --status S      only articles with this status (as status=S)\n"
	    "  --sort KEY      order by id (the default), date, title, status, confirmed\n"
	    "                  or suggested; 'KEY desc' reverses it\n"
	    "\n"
	    "FILTER words, all of which must hold (the interface's :filter takes the same):\n"
	    "  status=unread|started|done     label=NAME (has a confirmed NAME entity)\n"
	    "  date=2026-01..2026-03 (inclusive; a prefix takes a whole month or year;\n"
	    "  either end may be left out)    source=NAME\n"
	    "  has=notes|highlights|suggestions|spans\n"
	    "  text=QUERY (full-text, as gloss search; best match first unless --sort)\n",
	.run = cmd_list,
};
