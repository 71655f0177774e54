/*
 * cli_gazetteer.c: gloss gazetteer add FILE... | list: the user's term
 * lists for the gazetteer engine, kept in the database (so they travel
 * with it) and read with the built-in lists whenever the engines start.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/gazetteer.h"
#include "tui/cli_int.h"
#include "tui/out.h"

/* Check one file against the scheme and store it under its base name. */
static int
add_file(store *st, const label_scheme *ls, const char *path)
{
	size_t n = 0, skipped = 0;
	char *body = cli_slurp(path, &n), err[512];
	const char *base = strrchr(path, '/');
	gazetteer *g;
	long terms;

	if (body == NULL) {
		out_err("gloss: gazetteer: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if ((g = gazetteer_new()) == NULL) {
		free(body);
		return 1;
	}
	terms = gazetteer_load(g, body, n, path, ls, &skipped, err, sizeof err);
	gazetteer_free(g);
	if (terms < 0) {
		out_err("%s\n", err);
		free(body);
		return 1;
	}
	if (store_gazetteer_put(st, base ? base + 1 : path, body, n, (size_t)terms) != 0) {
		out_err("gloss: gazetteer: %s\n", store_errmsg(st));
		free(body);
		return 1;
	}
	out_printf(stdout, "gazetteer: %s: %ld %s", base ? base + 1 : path, terms,
	    cli_plural((size_t)terms, "term", "terms"));
	if (skipped)
		out_printf(stdout, " (%zu left out: no label of theirs in the scheme)", skipped);
	putchar('\n');
	free(body);
	return 0;
}

static int
list_row(const char *name, const char *body, size_t len, size_t terms, void *arg)
{
	(void)body;
	(void)len;
	(void)arg;
	out_printf(stdout, "%s\t%zu\n", name, terms);
	return 0;
}

static int
cmd_gazetteer(cli_env *env, int argc, char **argv)
{
	char **pos = NULL;
	size_t npos;
	label_scheme ls = { 0 };
	store *st = NULL;
	int rc;

	if ((rc = cli_parse(env, cli_find_cmd("gazetteer"), argc, argv, NULL, &pos, &npos)) != 0)
		goto out;
	rc = 2;
	if (npos == 0 || (strcmp(pos[0], "add") != 0 && strcmp(pos[0], "list") != 0)) {
		cli_usage("gazetteer", "say add FILE... or list");
		goto out;
	}
	if (strcmp(pos[0], "add") == 0 && npos == 1) {
		cli_usage("gazetteer", "add needs a FILE");
		goto out;
	}
	rc = 1;
	if (strcmp(pos[0], "list") == 0) {
		if ((st = cli_open_existing_store(env)) == NULL)
			goto out;
		rc = store_gazetteers_each(st, list_row, NULL) == 0 ? 0 : 1;
		goto out;
	}
	if ((st = cli_open_store(env, NULL)) == NULL)
		goto out;
	if (store_labels_get(st, &ls) != 0) {
		out_err("gloss: gazetteer: %s\n", store_errmsg(st));
		goto out;
	}
	rc = 0;
	for (size_t i = 1; i < npos; i++)
		rc |= add_file(st, &ls, pos[i]);
out:
	label_scheme_clear(&ls);
	if (st)
		store_close(st);
	free(pos);
	return rc == 3 ? 0 : rc;
}

const struct cli_cmd cli_cmd_gazetteer = {
	.name = "gazetteer",
	.synopsis = "gazetteer add FILE... | gazetteer list",
	.brief = "add term lists for the gazetteer engine; list them",
	.help = "add FILE...  check each TERM<TAB>LABEL file and keep it in the database;\n"
	    "             a file of the same name is replaced. A bad line is reported\n"
	    "             as FILE:LINE and nothing of that file is kept. LABEL may\n"
	    "             list alternatives (GPE|LOC): the first the scheme has wins.\n"
	    "list         the lists kept, with their term counts.\n"
	    "The lists built into gloss (countries, capitals, nationalities,\n"
	    "organisations) are always used too; run gloss suggest to apply new ones.\n",
	.run = cmd_gazetteer,
};
