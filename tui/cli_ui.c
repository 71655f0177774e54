/*
 * cli_ui.c: opening the interface on the database or on the demo corpus
 * built into gloss.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "db/import.h"
#include "tui/cli_int.h"
#include "tui/demo.h"
#include "tui/out.h"
#include "tui/ui.h"

static int
run_ui(store *st)
{
	char err[512] = "";
	int rc = ui_run(st, err, sizeof err);

	if (rc != 0 && err[0])
		out_err("gloss: %s\n", err);
	store_close(st);
	return rc;
}

int
cli_interface(cli_env *env)
{
	store *st = cli_open_store(env, NULL);

	return st ? run_ui(st) : 1;
}

/* $XDG_CACHE_HOME/gloss/demo.db, else ~/.cache/gloss/demo.db (malloc'd). */
static char *
demo_path(void)
{
	const char *base = getenv("XDG_CACHE_HOME"), *rest = "/gloss/demo.db";
	char *p;
	size_t n;

	if (base == NULL || base[0] != '/') {
		if ((base = getenv("HOME")) == NULL || *base == '\0')
			return NULL;
		rest = "/.cache/gloss/demo.db";
	}
	n = strlen(base) + strlen(rest) + 1;
	if ((p = malloc(n)) != NULL)
		snprintf(p, n, "%s%s", base, rest);
	return p;
}

/*
 * The demo database is refreshed from the corpus built into the binary on
 * every start: articles already there are duplicates by content hash, so
 * the annotations made in an earlier demo session stay.
 */
int
cli_demo(cli_env *env)
{
	fmt_input in[64];
	import_opts o;
	import_stats s;
	char *path = demo_path();
	size_t n = 0;
	store *st;

	if (path == NULL) {
		fputs("gloss: no place for the demo database: set XDG_CACHE_HOME or HOME\n", stderr);
		return 1;
	}
	st = cli_open_store(env, path);
	free(path);
	if (st == NULL)
		return 1;
	for (; n < sizeof in / sizeof in[0] && demo_files[n].name; n++)
		in[n] = (fmt_input){ demo_files[n].name, demo_files[n].bytes, demo_files[n].len, NULL, 0 };
	memset(&o, 0, sizeof o);
	o.format = fmt_by_name("txt");
	o.fo.as_status = SPAN_CONFIRMED;
	o.problem = cli_print_problem;
	if (import_buffers(st, in, n, &o, &s) != 0) {
		out_err("gloss: demo corpus: %s\n", store_errmsg(st));
		store_close(st);
		return 1;
	}
	return run_ui(st);
}
