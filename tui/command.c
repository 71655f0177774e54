/*
 * command.c: the `:` prompt. Words are separated by blanks (no quoting).
 *   :q :quit          quit (everything is already saved)
 *   :help             the key list
 *   :import PATH...   import files or directories (format detected)
 *   :export FORMAT PATH   write the corpus (confirmed spans) in FORMAT
 *   :N                open the article with id N
 * Results and problems go to the status bar; nothing is printed.
 */
#include "tui/ui_int.h"
#include "db/export.h"
#include "db/import.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_WORDS = 64 };

/* Split s in place at blanks; returns the number of words. */
static size_t
split(char *s, char **w, size_t max)
{
	size_t n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(s, " \t", &save); t && n < max; t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	return n;
}

struct problems {
	size_t n;
	char first[256];
	ui *u;            /* for progress in the status bar */
	const char *verb; /* "importing", "exporting" */
	int shown;        /* last percentage drawn, -1 none */
};

/* Progress of a long :import or :export, drawn in the status bar only when
 * the percentage changes (the screen is otherwise frozen while it runs). */
static void
progress(void *arg, size_t done, size_t total)
{
	struct problems *p = arg;
	int pct = total ? (int)(done * 100 / total) : -1;

	if (pct == p->shown || pct < 0)
		return;
	p->shown = pct;
	ui_message(p->u, "%s... %d%%", p->verb, pct);
	ui_paint(p->u);
	doupdate();
}

static void
problem(void *arg, const char *line)
{
	struct problems *p = arg;

	if (p->n++ == 0)
		snprintf(p->first, sizeof(p->first), "%s", line);
}

static void
do_import(ui *u, char **paths, size_t n)
{
	struct problems p = { 0, "", u, "importing", -1 };
	import_opts o;
	import_stats s;
	int rc;

	if (n == 0) {
		ui_message(u, "usage: :import PATH...");
		return;
	}
	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.fo.as_status = SPAN_CONFIRMED;
	o.problem = problem;
	o.progress = progress;
	o.arg = &p;
	ui_message(u, "importing...");
	ui_paint(u);
	doupdate();
	rc = import_paths(u->st, paths, n, &o, &s);
	list_refresh(u);
	if (rc < 0)
		ui_message(u, "import failed: %s", store_errmsg(u->st));
	else if (p.n)
		ui_message(u, "imported %zu articles (%zu duplicates); %zu problems, first: %s",
		    s.articles, s.duplicates, p.n, p.first);
	else
		ui_message(u, "imported %zu articles (%zu spans, %zu duplicates) from %zu files",
		    s.articles, s.spans, s.duplicates, s.files);
}

static void
do_export(ui *u, char **w, size_t n)
{
	static volatile sig_atomic_t never;
	struct problems p = { 0, "", u, "exporting", -1 };
	export_opts o;
	export_stats s;

	if (n != 2) {
		ui_message(u, "usage: :export FORMAT PATH");
		return;
	}
	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	if ((o.format = fmt_by_name(w[0])) == NULL || o.format->write_begin == NULL) {
		ui_message(u, "cannot export format '%s'", w[0]);
		return;
	}
	o.path = w[1];
	o.files_only = 1;
	o.cancel = &never;
	o.progress = progress;
	o.arg = &p;
	reader_save_position(u);
	if (export_run(u->st, &o, &s) != 0) {
		ui_message(u, "export failed: %s", o.err[0] ? o.err : "error");
		return;
	}
	ui_message(u, "exported %zu articles (%zu spans) to %s%s%s", s.articles, s.spans, w[1],
	    s.report.what[0] ? "; note: " : "", s.report.what);
}

static void
do_open(ui *u, const char *num)
{
	char *end;
	long long id = strtoll(num, &end, 10);
	store_article a;

	memset(&a, 0, sizeof(a));
	if (*end || id <= 0 || store_article_info(u->st, (int64_t)id, &a) != 0) {
		ui_message(u, "no article %s", num);
		store_article_clear(&a);
		return;
	}
	store_article_clear(&a);
	if (ui_open(u, (int64_t)id) == 0)
		ui_focus(u, PANE_READER);
}

void
ui_command(ui *u)
{
	char *cmd = NULL;
	char *w[MAX_WORDS];
	size_t n;

	if (!ui_prompt(u, ":", NULL, &cmd))
		return;
	n = split(cmd, w, MAX_WORDS);
	if (n == 0)
		;
	else if (strcmp(w[0], "q") == 0 || strcmp(w[0], "quit") == 0 || strcmp(w[0], "q!") == 0 ||
	    strcmp(w[0], "wq") == 0 || strcmp(w[0], "x") == 0)
		u->quit = 1;
	else if (strcmp(w[0], "help") == 0)
		keymap_help(u);
	else if (strcmp(w[0], "import") == 0)
		do_import(u, w + 1, n - 1);
	else if (strcmp(w[0], "export") == 0)
		do_export(u, w + 1, n - 1);
	else if (strcmp(w[0], "w") == 0)
		ui_message(u, "everything is already saved");
	else if (w[0][0] >= '0' && w[0][0] <= '9')
		do_open(u, w[0]);
	else
		ui_message(u, "unknown command: %s (:q :import :export :N :help)", w[0]);
	free(cmd);
}
