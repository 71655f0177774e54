/*
 * command.c: the `:` prompt. Words are separated by blanks (no quoting).
 * The commands are in the table commands[] below, which the help lists
 * too (command_help); :N opens the article with id N.
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
	ui_progress(p->u, "%s... %d%%", p->verb, pct);
	ui_paint(p->u);
	doupdate();
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
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
	ui_progress(u, "importing...");
	ui_paint(u);
	doupdate();
	rc = import_paths(u->st, paths, n, &o, &s);
	list_refresh(u);
	if (rc < 0)
		ui_message(u, "import stopped: %s; %zu articles committed before are kept",
		    s.stopped[0] ? s.stopped : store_errmsg(u->st), s.articles);
	else if (p.n)
		ui_message(u, "%zu %s (imported %zu %s, %zu %s)%s: %s", p.n, plural(p.n, "problem", "problems"),
		    s.articles, plural(s.articles, "article", "articles"), s.duplicates,
		    plural(s.duplicates, "duplicate", "duplicates"), p.n > 1 ? ", first" : "", p.first);
	else
		ui_message(u, "imported %zu %s (%zu %s, %zu %s) from %zu %s", s.articles,
		    plural(s.articles, "article", "articles"), s.spans, plural(s.spans, "span", "spans"),
		    s.duplicates, plural(s.duplicates, "duplicate", "duplicates"), s.files,
		    plural(s.files, "file", "files"));
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
		fmt_report_free(&s.report);
		return;
	}
	if (s.unannotated)
		ui_message(u, "exported %zu articles (%zu spans), %zu unannotated left out, to %s%s%s",
		    s.articles, s.spans, s.unannotated, w[1],
		    s.report.what.len ? "; note: " : "", fmt_report_what(&s.report));
	else
		ui_message(u, "exported %zu articles (%zu spans) to %s%s%s", s.articles, s.spans, w[1],
		    s.report.what.len ? "; note: " : "", fmt_report_what(&s.report));
	fmt_report_free(&s.report);
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

static void
do_quit(ui *u, char **w, size_t n)
{
	(void)w;
	(void)n;
	u->quit = 1;
}

static void
do_help(ui *u, char **w, size_t n)
{
	(void)w;
	(void)n;
	keymap_help(u);
}

static void
do_messages(ui *u, char **w, size_t n)
{
	(void)w;
	(void)n;
	ui_messages_show(u);
}

static void
do_stats(ui *u, char **w, size_t n)
{
	(void)w;
	(void)n;
	stats_show(u);
}

/* :set width=N: text at most N columns wide (0: the pane's width). */
static void
do_set(ui *u, char **w, size_t n)
{
	char *end;
	long v;

	if (n != 1 || strncmp(w[0], "width=", 6) != 0) {
		ui_message(u, "set: width=N is the setting there is");
		return;
	}
	v = strtol(w[0] + 6, &end, 10);
	if (end == w[0] + 6 || *end || v < 0 || v > 10000) {
		ui_message(u, "set: width=%s is not a number of columns (0: the pane's width)", w[0] + 6);
		return;
	}
	reader_set_max_width(u, (int)v);
	ui_message(u, v ? "text width %ld columns" : "text as wide as the pane", v);
}

static void
do_write(ui *u, char **w, size_t n)
{
	(void)w;
	(void)n;
	ui_message(u, "everything is already saved");
}

/* :filter and :sort take the rest of the line: the words split() made
 * are joined back with single spaces. */
static void
rest_of_line(char **w, size_t n, char *buf, size_t bufsz)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && len + 1 < bufsz; i++) {
		int m = snprintf(buf + len, bufsz - len, "%s%s", i ? " " : "", w[i]);

		if (m < 0)
			break;
		len += (size_t)m;
	}
}

static void
do_filter(ui *u, char **w, size_t n)
{
	char spec[1024];

	rest_of_line(w, n, spec, sizeof(spec));
	list_set_filter(u, spec);
}

static void
do_sort(ui *u, char **w, size_t n)
{
	char spec[256];

	rest_of_line(w, n, spec, sizeof(spec));
	if (n == 0)
		snprintf(spec, sizeof(spec), "id");
	list_set_sort(u, spec);
}

/* The commands, in the order the help lists them. */
static const struct command {
	const char *name;   /* and the names after | */
	const char *args;
	const char *what;
	void (*fn)(ui *u, char **w, size_t n);
} commands[] = {
	{ "import", " PATH...", "import files or directories (format detected)", do_import },
	{ "export", " FORMAT PATH", "write the corpus (confirmed spans) in FORMAT", do_export },
	{ "filter", " [status=S label=L date=A..B source=S has=notes text=Q]",
	  "show only the articles that match all (none: all articles)", do_filter },
	{ "sort", " id|date|title|status|confirmed|suggested [desc]", "order the list", do_sort },
	{ "set", " width=N", "text at most N columns wide (0: the pane's width)", do_set },
	{ "stats", "", "statistics: labels, progress, annotators, engines, session times", do_stats },
	{ "messages", "", "the last messages of the status bar, in full", do_messages },
	{ "help", "", "this help", do_help },
	{ "q|quit|q!|wq|x", "", "quit (everything is already saved)", do_quit },
	{ "w", "", "nothing to do: everything is already saved", do_write },
};

/* Is word one of the |-separated names? */
static int
named(const char *names, const char *word)
{
	size_t n = strlen(word);

	for (;;) {
		const char *bar = strchr(names, '|');
		size_t len = bar ? (size_t)(bar - names) : strlen(names);

		if (len == n && strncmp(names, word, n) == 0)
			return 1;
		if (!bar)
			return 0;
		names = bar + 1;
	}
}

/* Help entries for the : commands (":import PATH...", what it does);
 * the strings live in buf. Returns the entries written. */
size_t
command_help(pager_entry *out, size_t max, char *buf, size_t bufsz)
{
	size_t i, k = 0, used = 0;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]) && k + 1 < max; i++) {
		size_t len = strcspn(commands[i].name, "|");
		int m = snprintf(buf + used, bufsz - used, ":%.*s%s", (int)len, commands[i].name, commands[i].args);

		if (m < 0 || (size_t)m >= bufsz - used)
			break;
		out[k].left = buf + used;
		out[k].right = commands[i].what;
		out[k].heading = 0;
		k++;
		used += (size_t)m + 1;
	}
	if (k < max) {
		out[k].left = ":N";
		out[k].right = "open the article with id N";
		out[k].heading = 0;
		k++;
	}
	return k;
}

void
ui_command(ui *u)
{
	char *cmd = NULL;
	char *w[MAX_WORDS];
	size_t n, i;

	if (!ui_prompt(u, ":", NULL, &cmd))
		return;
	n = split(cmd, w, MAX_WORDS);
	if (n == 0) {
		free(cmd);
		return;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (named(commands[i].name, w[0])) {
			commands[i].fn(u, w + 1, n - 1);
			break;
		}
	if (i < sizeof(commands) / sizeof(commands[0]))
		;
	else if (w[0][0] >= '0' && w[0][0] <= '9')
		do_open(u, w[0]);
	else
		ui_message(u, "unknown command: %s (:help lists them)", w[0]);
	free(cmd);
}
