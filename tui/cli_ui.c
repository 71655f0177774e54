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
#include "tui/conf.h"
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

/* The config file's labels = FILE: the scheme of a database that has no
 * articles yet (problems go to the interface's messages). */
static void
config_labels(store *st, const char *path)
{
	size_t n = 0, len, line, in_use;
	char msg[256], *dropped = NULL, *buf;
	label_scheme ls;
	FILE *f;

	if (store_article_count(st, NULL, &n) != 0 || n > 0 || (f = fopen(path, "rb")) == NULL)
		return;
	buf = malloc(1 << 16);
	len = buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
	fclose(f);
	if (buf && label_scheme_parse(buf, len, &ls, &line, msg, sizeof msg) == 0) {
		store_labels_set(st, &ls, &in_use, &dropped);
		label_scheme_clear(&ls);
	}
	free(dropped);
	free(buf);
}

int
cli_interface(cli_env *env)
{
	const gloss_config *c = config_load_default();
	store *st;

	if (env->annotator == NULL && c->annotator)
		env->annotator = c->annotator;
	if ((st = cli_open_store_late(env, NULL)) == NULL)
		return 1;
	if (c->labels)
		config_labels(st, c->labels);
	return run_ui(st);
}

/* $XDG_CACHE_HOME/gloss/demo.db, else ~/.cache/gloss/demo.db (malloc'd). */
static char *
demo_path(void)
{
	return config_xdg_path("XDG_CACHE_HOME", "/.cache/gloss/demo.db", "/gloss/demo.db");
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
