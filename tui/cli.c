/*
 * cli.c: the subcommands of gloss (GUIDE §2): import, export, list, stats,
 * labels, check, help; and opening the interface on the database or on the
 * demo corpus.
 *
 * Output contract: data goes to stdout (list, stats, labels, export without
 * -o); summaries, progress bars and problems go to stderr. Problem lines
 * start with the file they are about ("file:line:byte: message"), other
 * errors with "gloss: ". Exit status 0, 1 (bad input or data), 2 (usage).
 */
#include "config.h"
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "db/export.h"
#include "db/import.h"
#include "db/store.h"
#include "tui/cli.h"
#include "tui/demo.h"
#include "tui/out.h"
#include "tui/ui.h"

struct cmd {
	const char *name;
	const char *synopsis; /* after "gloss [OPTIONS] " */
	const char *help;     /* what it does and its options */
	int (*run)(cli_env *env, int argc, char **argv);
};

static const struct cmd *find_cmd(const char *name);

void
cli_version(FILE *f)
{
	fprintf(f, "gloss %s\n", PACKAGE_VERSION);
}

int
cli_usage(const char *cmd, const char *format, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, format);
	vsnprintf(msg, sizeof msg, format, ap);
	va_end(ap);
	if (cmd)
		out_err("gloss: %s: %s\nTry 'gloss %s --help' for more information.\n", cmd, msg, cmd);
	else
		out_err("gloss: %s\nTry 'gloss --help' for more information.\n", msg);
	return 2;
}

/* The formats that can be read (want_read) or written, space-separated. */
static void
put_formats(FILE *f, int want_read)
{
	const fmt *const *all = fmt_all();
	const char *sep = "";

	for (size_t i = 0; all[i]; i++)
		if (want_read ? all[i]->read != NULL : all[i]->write_begin != NULL) {
			fprintf(f, "%s%s", sep, all[i]->name);
			sep = " ";
		}
}

/* --- option parsing ------------------------------------------------------- */

struct opt {
	const char *name;  /* "--format", "-o" */
	const char **val;  /* an option with a value */
	int *flag;         /* a flag */
};

/*
 * Parse a subcommand's argv[1..]: its options (given as "--name VALUE" or
 * "--name=VALUE"), the global --db and --annotator, and positional
 * arguments (everything after "--" too) into *pos. Returns 0, 2 after a
 * usage error, or 3 after printing the command's help for --help.
 */
static int
parse(cli_env *env, const struct cmd *c, int argc, char **argv, const struct opt *opts, char ***pos,
    size_t *npos)
{
	struct opt all[16];
	size_t n = 0, na = 0;
	int i, dashdash = 0;

	for (; opts && opts[na].name && na < 13; na++)
		all[na] = opts[na];
	all[na++] = (struct opt){ "--db", &env->db, NULL };
	all[na++] = (struct opt){ "--annotator", &env->annotator, NULL };
	all[na].name = NULL;
	*npos = 0;
	if ((*pos = calloc((size_t)argc + 1, sizeof **pos)) == NULL) {
		fputs("gloss: out of memory\n", stderr);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *eq;
		size_t len;
		int found = 0;

		if (dashdash || a[0] != '-' || strcmp(a, "-") == 0) {
			(*pos)[n++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = 1;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			printf("Usage: gloss [OPTIONS] %s\n\n%s", c->synopsis, c->help);
			return 3;
		}
		eq = strchr(a, '=');
		len = eq && a[1] == '-' ? (size_t)(eq - a) : strlen(a);
		for (size_t k = 0; all[k].name && !found; k++) {
			if (strlen(all[k].name) != len || strncmp(all[k].name, a, len) != 0)
				continue;
			found = 1;
			if (all[k].flag) {
				if (a[len] == '=')
					return cli_usage(c->name, "option %s takes no value", all[k].name);
				*all[k].flag = 1;
			} else if (a[len] == '=') {
				*all[k].val = a + len + 1;
			} else if (i + 1 < argc) {
				*all[k].val = argv[++i];
			} else {
				return cli_usage(c->name, "option %s needs a value", all[k].name);
			}
		}
		if (!found)
			return cli_usage(c->name, "unknown option '%s'", a);
	}
	*npos = n;
	return 0;
}

/* Index of s in the NULL-terminated words, or -1. */
static int
word(const char *s, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	return -1;
}

/* Shared value options of import and export; 0 or a usage error (2). */
static int
fmt_values(const char *cmd, const char *offsets, const char *scheme, fmt_opts *fo)
{
	static const char *const offs[] = { "codepoints", "utf16", NULL };
	static const char *const schemes[] = { "iob1", "iob2", "bilou", NULL };
	int k;

	if (offsets) {
		if ((k = word(offsets, offs)) < 0)
			return cli_usage(cmd, "--offsets must be codepoints or utf16, not '%s'", offsets);
		fo->offsets = k == 0 ? FMT_OFF_CODEPOINTS : FMT_OFF_UTF16;
	}
	if (scheme) {
		if ((k = word(scheme, schemes)) < 0)
			return cli_usage(cmd, "--scheme must be iob1, iob2 or bilou, not '%s'", scheme);
		fo->scheme = k == 0 ? FMT_SCHEME_IOB1 : k == 1 ? FMT_SCHEME_IOB2 : FMT_SCHEME_BILOU;
	}
	return 0;
}

/* --- the store ------------------------------------------------------------ */

static const char *
default_annotator(const cli_env *env)
{
	const char *u = env->annotator ? env->annotator : getenv("USER");
	struct passwd *pw;

	if (u && *u)
		return u;
	/* $USER is unset under cron, some sudo and container setups; the
	 * account name is still known. */
	pw = env->annotator ? NULL : getpwuid(getuid());
	return pw && pw->pw_name && *pw->pw_name ? pw->pw_name : NULL;
}

/*
 * Open the database at path (NULL: the default); NULL after reporting.
 * must_exist is for commands that only read (list, stats, export, check,
 * search): a mistyped --db must not create folders and an empty database
 * and then report an empty corpus as if all were well. Only import and
 * the interface create a database.
 */
static store *
open_db(const cli_env *env, const char *path, int must_exist)
{
	char err[512], *def = NULL;
	struct stat sb;
	store *st = NULL;

	if (path == NULL && (path = env->db) == NULL && (path = def = store_default_path()) == NULL) {
		fputs("gloss: no database: set --db, GLOSS_DB or HOME\n", stderr);
		return NULL;
	}
	if (must_exist && stat(path, &sb) != 0 && errno == ENOENT)
		out_err("gloss: there is no database at %s (gloss import creates one)\n", path);
	else if (store_open(path, &st, err, sizeof err) != 0) {
		out_err("gloss: cannot open database %s: %s\n", path, err);
		st = NULL;
	}
	free(def);
	if (st)
		store_set_annotator(st, default_annotator(env));
	return st;
}

static store *
open_store(const cli_env *env, const char *path)
{
	return open_db(env, path, 0);
}

static store *
open_existing_store(const cli_env *env)
{
	return open_db(env, NULL, 1);
}

/* --- progress on stderr ----------------------------------------------------- */

/*
 * A progress bar drawn on stderr only when it is a terminal and only once
 * the job has run for a second (short jobs print nothing), redrawn at most
 * ten times a second, erased at the end.
 */
struct bar {
	const char *what;  /* "importing" */
	int bytes;         /* units are bytes (else articles) */
	int tty;
	int drawn;
	struct timespec t0;
	double last;
};

static double
since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
bar_init(struct bar *b, const char *what, int bytes)
{
	memset(b, 0, sizeof *b);
	b->what = what;
	b->bytes = bytes;
	b->tty = isatty(2);
	clock_gettime(CLOCK_MONOTONIC, &b->t0);
}

static void
bar_cb(void *arg, size_t done, size_t total)
{
	struct bar *b = arg;
	double t;
	char fill[31];
	int pct, n;

	if (!b->tty || (t = since(&b->t0)) < 1.0 || (b->drawn && t - b->last < 0.1 && done < total))
		return;
	b->last = t;
	b->drawn = 1;
	pct = total ? (int)(100.0 * (double)done / (double)total) : 0;
	n = total ? (int)(30.0 * (double)done / (double)total) : 0;
	memset(fill, '#', (size_t)n);
	memset(fill + n, '.', (size_t)(30 - n));
	fill[30] = '\0';
	if (b->bytes)
		fprintf(stderr, "\r%s %3d%% [%s] %.1f/%.1f MB ", b->what, pct, fill, (double)done / 1e6,
		    (double)total / 1e6);
	else
		fprintf(stderr, "\r%s %3d%% [%s] %zu/%zu ", b->what, pct, fill, done, total);
	fflush(stderr);
}

static void
bar_done(struct bar *b)
{
	if (b->drawn)
		fprintf(stderr, "\r%*s\r", 79, "");
}

/* --- import ----------------------------------------------------------------- */

static void
print_problem(void *arg, const char *line)
{
	(void)arg;
	out_err("%s\n", line);
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void
import_summary(const import_stats *s)
{
	if (s->articles == 0 && s->duplicates > 0)
		out_err("%zu %s from %zu %s already in the database, nothing imported",
		    s->duplicates, plural(s->duplicates, "article", "articles"), s->files,
		    plural(s->files, "file", "files"));
	else
		out_err("imported %zu %s (%zu %s) from %zu %s; %zu %s skipped", s->articles,
		    plural(s->articles, "article", "articles"), s->spans, plural(s->spans, "span", "spans"), s->files,
		    plural(s->files, "file", "files"), s->duplicates, plural(s->duplicates, "duplicate", "duplicates"));
	if (s->failed)
		out_err("; %zu %s failed", s->failed, plural(s->failed, "file", "files"));
	if (s->ignored)
		out_err("; %zu %s of no known format ignored", s->ignored,
		    plural(s->ignored, "file", "files"));
	fputc('\n', stderr);
	if (s->replaced)
		out_err("replaced %zu invalid %s with U+FFFD\n", s->replaced,
		    plural(s->replaced, "byte", "bytes"));
}

static int
cmd_import(cli_env *env, int argc, char **argv)
{
	const char *format = NULL, *as = NULL, *offsets = NULL, *scheme = NULL;
	int lossy = 0, rc;
	const struct opt opts[] = {
		{ "--format", &format, NULL }, { "--as", &as, NULL }, { "--lossy", NULL, &lossy },
		{ "--offsets", &offsets, NULL }, { "--scheme", &scheme, NULL }, { NULL, NULL, NULL },
	};
	import_opts o;
	import_stats s;
	struct bar b;
	char **pos;
	size_t npos;
	store *st;

	if ((rc = parse(env, find_cmd("import"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	memset(&o, 0, sizeof o);
	o.fo.as_status = SPAN_CONFIRMED;
	o.fo.lossy = lossy;
	rc = 2;
	if (npos == 0) {
		cli_usage("import", "no PATH to import");
		goto out;
	}
	if (format && strcmp(format, "auto") != 0) {
		if ((o.format = fmt_by_name(format)) == NULL || o.format->read == NULL) {
			cli_usage("import", "cannot import format '%s' (see the list in gloss import --help)", format);
			goto out;
		}
	}
	if (as) {
		if (strcmp(as, "confirmed") != 0 && strcmp(as, "suggested") != 0) {
			cli_usage("import", "--as must be confirmed or suggested, not '%s'", as);
			goto out;
		}
		o.fo.as_status = span_status_parse(as);
	}
	if (fmt_values("import", offsets, scheme, &o.fo) != 0)
		goto out;
	rc = 1;
	if ((st = open_store(env, NULL)) == NULL)
		goto out;
	bar_init(&b, "importing", 1);
	o.problem = print_problem;
	o.progress = bar_cb;
	o.arg = &b;
	rc = import_paths(st, pos, npos, &o, &s);
	bar_done(&b);
	if (rc < 0)
		out_err("gloss: import: %s\n", store_errmsg(st));
	import_summary(&s);
	store_close(st);
	rc = rc == 0 ? 0 : 1;
out:
	free(pos);
	return rc == 3 ? 0 : rc;
}

/* --- export ------------------------------------------------------------------ */

static volatile sig_atomic_t cancelled;

static void
on_sigint(int sig)
{
	(void)sig;
	cancelled = 1;
}

static int
cmd_export(cli_env *env, int argc, char **argv)
{
	const char *format = NULL, *status = NULL, *offsets = NULL, *scheme = NULL, *out = NULL;
	const struct opt opts[] = {
		{ "--format", &format, NULL }, { "--status", &status, NULL }, { "--offsets", &offsets, NULL },
		{ "--scheme", &scheme, NULL }, { "-o", &out, NULL }, { "--output", &out, NULL },
		{ NULL, NULL, NULL },
	};
	struct sigaction sa, old;
	export_opts o;
	export_stats s;
	struct bar b;
	char **pos;
	size_t npos;
	store *st;
	int rc;

	if ((rc = parse(env, find_cmd("export"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	memset(&o, 0, sizeof o);
	memset(&s, 0, sizeof s);
	rc = 2;
	if (npos > 0) {
		cli_usage("export", "unexpected argument '%s' (write to a file with -o PATH)", pos[0]);
		goto out;
	}
	if (format == NULL) {
		cli_usage("export", "--format is required");
		goto out;
	}
	if ((o.format = fmt_by_name(format)) == NULL || o.format->write_begin == NULL) {
		cli_usage("export", "cannot export format '%s'", format);
		goto out;
	}
	if (status && strcmp(status, "confirmed") != 0 && strcmp(status, "all") != 0) {
		cli_usage("export", "--status must be confirmed or all, not '%s'", status);
		goto out;
	}
	o.all_spans = status && strcmp(status, "all") == 0;
	if (fmt_values("export", offsets, scheme, &o.fo) != 0)
		goto out;
	if (o.format->multi_file && (out == NULL || strcmp(out, "-") == 0)) {
		cli_usage("export", "%s writes a directory: give it with -o DIR", format);
		goto out;
	}
	rc = 1;
	if ((st = open_existing_store(env)) == NULL)
		goto out;
	o.path = out;
	o.cancel = &cancelled;
	bar_init(&b, "exporting", 0);
	o.progress = bar_cb;
	o.arg = &b;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	rc = export_run(st, &o, &s);
	sigaction(SIGINT, &old, NULL);
	bar_done(&b);
	if (rc != 0) {
		if (cancelled)
			out_err("gloss: export interrupted; nothing written\n");
		else
			out_err("gloss: export: %s\n", o.err[0] ? o.err : "failed");
		rc = 1;
	} else {
		out_err("exported %zu %s (%zu %s) to %s\n", s.articles, plural(s.articles, "article", "articles"),
		    s.spans, plural(s.spans, "span", "spans"), out && strcmp(out, "-") ? out : "standard output");
		if (s.report.what[0]) /* what the format could not hold: never dropped silently */
			out_err("note: %s\n", s.report.what);
	}
	store_close(st);
out:
	free(pos);
	return rc == 3 ? 0 : rc;
}

/* --- list --------------------------------------------------------------------- */

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

	if ((rc = parse(env, find_cmd("list"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	rc = 2;
	if (npos > 0) {
		cli_usage("list", "unexpected argument '%s'", pos[0]);
		goto out;
	}
	if (status && word(status, statuses) < 0) {
		cli_usage("list", "--status must be unread, started or done, not '%s'", status);
		goto out;
	}
	rc = 1;
	if ((st = open_existing_store(env)) == NULL)
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

/* --- stats -------------------------------------------------------------------- */

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

/* A few words from a simple command: no options but the global ones. */
static int
plain_args(cli_env *env, const char *name, int argc, char **argv)
{
	char **pos;
	size_t npos;
	int rc = parse(env, find_cmd(name), argc, argv, NULL, &pos, &npos);

	if (rc == 0 && npos > 0)
		rc = cli_usage(name, "unexpected argument '%s'", pos[0]);
	free(pos);
	return rc;
}

static int
cmd_stats(cli_env *env, int argc, char **argv)
{
	struct stats_out o = { NULL };
	store *st;
	int rc;

	if ((rc = plain_args(env, "stats", argc, argv)) != 0)
		return rc == 3 ? 0 : rc;
	if ((st = open_existing_store(env)) == NULL)
		return 1;
	rc = store_stats_each(st, stats_row, &o);
	if (rc != 0)
		out_err("gloss: stats: %s\n", store_errmsg(st));
	else if (o.group == NULL || strcmp(o.group, "annotator") != 0)
		puts("confirmed spans per annotator:\n  (none)");
	store_close(st);
	return rc ? 1 : 0;
}

/* --- labels ------------------------------------------------------------------- */

/* Read all of path (malloc'd, NUL-terminated); NULL with errno set. */
static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *b;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (cap - n < 4096) {
			if ((b = realloc(buf, cap = cap ? cap * 2 : 8192)) == NULL) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int
cmd_labels(cli_env *env, int argc, char **argv)
{
	const char *set = NULL;
	const struct opt opts[] = { { "--set", &set, NULL }, { NULL, NULL, NULL } };
	label_scheme ls = { NULL, 0 };
	char **pos, *text = NULL, msg[256], *dropped = NULL, *out;
	size_t npos, len, line, in_use;
	store *st = NULL;
	int rc;

	if ((rc = parse(env, find_cmd("labels"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	if (npos > 0) {
		rc = cli_usage("labels", "unexpected argument '%s' (replace the scheme with --set FILE)", pos[0]);
		goto out;
	}
	rc = 1;
	if (set) {
		if ((text = read_all(set, &len)) == NULL) {
			out_err("%s: %s\n", set, strerror(errno));
			goto out;
		}
		if (label_scheme_parse(text, len, &ls, &line, msg, sizeof msg) != 0) {
			if (line)
				out_err("%s:%zu: %s\n", set, line, msg);
			else
				out_err("%s: %s\n", set, msg);
			goto out;
		}
	}
	if ((st = open_store(env, NULL)) == NULL)
		goto out;
	if (set) {
		if (store_labels_set(st, &ls, &in_use, &dropped) != 0) {
			if (dropped)
				out_err("gloss: cannot drop label %s: %zu %s it\n", dropped, in_use,
				    in_use == 1 ? "span uses" : "spans use");
			else
				out_err("gloss: labels: %s\n", store_errmsg(st));
			goto out;
		}
		out_err("label scheme set: %zu %s\n", ls.n, plural(ls.n, "label", "labels"));
		rc = 0;
		goto out;
	}
	if (store_labels_get(st, &ls) != 0) {
		out_err("gloss: labels: %s\n", store_errmsg(st));
		goto out;
	}
	if ((out = label_scheme_format(&ls)) == NULL) {
		fputs("gloss: out of memory\n", stderr);
		goto out;
	}
	out_printf(stdout, "%s", out);
	free(out);
	rc = 0;
out:
	label_scheme_clear(&ls);
	free(dropped);
	free(text);
	free(pos);
	store_close(st);
	return rc == 3 ? 0 : rc;
}

/* --- check -------------------------------------------------------------------- */

static int
bad_span(int64_t article, int64_t span_id, int64_t start, int64_t end, int64_t len, void *arg)
{
	(void)arg;
	if (len < 0)
		out_err("article %lld: span %lld [%lld,%lld): the article has no text\n", (long long)article,
		    (long long)span_id, (long long)start, (long long)end);
	else
		out_err("article %lld: span %lld [%lld,%lld) lies outside the text (%lld code points)\n",
		    (long long)article, (long long)span_id, (long long)start, (long long)end, (long long)len);
	return 0;
}

static int
cmd_check(cli_env *env, int argc, char **argv)
{
	size_t bad = 0, articles = 0;
	store *st;
	int rc, ok = 0;

	if ((rc = plain_args(env, "check", argc, argv)) != 0)
		return rc == 3 ? 0 : rc;
	if ((st = open_existing_store(env)) == NULL)
		return 1;
	rc = 1;
	if (store_check(st, &ok) != 0)
		out_err("gloss: check: %s\n", store_errmsg(st));
	else if (!ok)
		out_err("gloss: check: database file damaged: %s\n", store_errmsg(st));
	else if (store_check_spans(st, bad_span, NULL, &bad) != 0)
		out_err("gloss: check: %s\n", store_errmsg(st));
	else if (bad == 0 && store_article_count(st, NULL, &articles) == 0) {
		printf("ok: %zu %s checked\n", articles, plural(articles, "article", "articles"));
		rc = 0;
	}
	store_close(st);
	return rc;
}

/* --- help ----------------------------------------------------------------------- */

static int
cmd_help(cli_env *env, int argc, char **argv)
{
	const struct cmd *c;

	(void)env;
	if (argc < 2) {
		cli_help(stdout);
		return 0;
	}
	if (argc > 2)
		return cli_usage("help", "give one command");
	if ((c = find_cmd(argv[1])) == NULL)
		return cli_usage(NULL, "unknown command '%s'", argv[1]);
	if (c->run == cmd_help) {
		cli_help(stdout);
		return 0;
	}
	printf("Usage: gloss [OPTIONS] %s\n\n%s", c->synopsis, c->help);
	return 0;
}

static const struct cmd cmds[] = {
	{ "import",
	  "import [--format F] [--as confirmed|suggested] [--lossy]\n"
	  "                              [--offsets codepoints|utf16] [--scheme iob1|iob2|bilou] PATH...",
	  "Read files into the database. PATH is a file, a directory (walked\n"
	  "recursively, files in name order; dot files, and with --format auto files\n"
	  "whose extension no format claims, are skipped) or - for standard input.\n"
	  "\n"
	  "  --format F      auto (the default: from the file name's extension and first\n"
	  "                  bytes; txt when nothing else fits) or one of the formats below\n"
	  "  --as STATUS     status of imported spans for formats that carry none:\n"
	  "                  confirmed (the default) or suggested\n"
	  "  --lossy         replace invalid UTF-8 with U+FFFD instead of refusing the file\n"
	  "  --offsets UNIT  what offsets in the input count: codepoints or utf16 (default:\n"
	  "                  the format's own: doccano counts utf16, the others codepoints)\n"
	  "  --scheme S      CoNLL tags: iob1, iob2 or bilou (default: detected)\n"
	  "\n"
	  "Formats: txt jsonl spacy doccano conll brat labelstudio feed html (feed: RSS\n"
	  "and Atom, one article per item; html: a saved page's main text). A .txt file\n"
	  "with a .ann file beside it is read as brat. Identical text already in the database\n"
	  "is skipped. A file that fails leaves nothing behind: its problem is printed\n"
	  "as FILE:LINE:BYTE: message, the other files are imported, and the exit\n"
	  "status is 1. A summary goes to standard error.\n",
	  cmd_import },
	{ "export",
	  "export --format F [--status confirmed|all] [--offsets codepoints|utf16]\n"
	  "                              [--scheme iob1|iob2|bilou] [-o PATH]",
	  "Write the database in format F to PATH (a directory for brat), or to\n"
	  "standard output when -o is missing or -. The output is written to a\n"
	  "temporary file and renamed into place, so an interrupted export (Ctrl-C)\n"
	  "leaves nothing behind.\n"
	  "\n"
	  "  --format F      txt jsonl spacy doccano conll brat labelstudio csv\n"
	  "  --status S      confirmed (the default): confirmed spans and highlights;\n"
	  "                  all: suggested and rejected spans too\n"
	  "  --offsets UNIT  codepoints or utf16 (default: the format's own)\n"
	  "  --scheme S      CoNLL tags: iob2 (the default), iob1 or bilou\n"
	  "  -o PATH         where to write\n",
	  cmd_export },
	{ "list", "list [--status unread|started|done]",
	  "Print one line per article, tab-separated: id, status, confirmed entity\n"
	  "spans, suggested entity spans, date, title. Control characters in a title\n"
	  "are shown as visible symbols, so each article stays on one line.\n"
	  "\n"
	  "  --status S      only articles with this status\n",
	  cmd_list },
	{ "stats", "stats",
	  "Print confirmed entity spans per label, articles by status and confirmed\n"
	  "spans per annotator.\n",
	  cmd_stats },
	{ "labels", "labels [--set FILE]",
	  "Print the label scheme in its file format: one label per line,\n"
	  "KEY NAME COLOUR DESCRIPTION..., where KEY is the digit 1-9 that applies it\n"
	  "(or - for none) and COLOUR one of black red green yellow blue magenta cyan\n"
	  "white, optionally prefixed bright-. Lines starting with # are comments.\n"
	  "\n"
	  "  --set FILE      replace the scheme with FILE's; refused (exit status 1) when\n"
	  "                  a label that spans still use would be dropped\n",
	  cmd_labels },
	{ "check", "check",
	  "Check the database file (SQLite's integrity check) and that every span\n"
	  "lies within its article's text. Prints \"ok\" or one line per problem on\n"
	  "standard error (exit status 1).\n",
	  cmd_check },
	{ "help", "help [COMMAND]",
	  "Print the help of gloss, or of one command (as COMMAND --help does).\n",
	  cmd_help },
};

static const struct cmd *
find_cmd(const char *name)
{
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

int
cli_is_command(const char *name)
{
	return find_cmd(name) != NULL;
}

int
cli_run(cli_env *env, int argc, char **argv)
{
	return find_cmd(argv[0])->run(env, argc, argv);
}

void
cli_help(FILE *f)
{
	fputs("Usage: gloss [OPTIONS]                 read and annotate in the interface\n", f);
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		fprintf(f, "       gloss [OPTIONS] %s\n", cmds[i].synopsis);
	fputs("\n"
	    "gloss imports news articles into an SQLite database, shows them in a\n"
	    "keyboard-driven interface, records highlights, notes and entity spans, and\n"
	    "exports them as labelled data. Offsets are Unicode code points of the stored\n"
	    "text. Each command explains itself: gloss help COMMAND or gloss COMMAND --help.\n"
	    "\n"
	    "Commands:\n"
	    "  import   read files into the database\n"
	    "  export   write the database in a format other tools read\n"
	    "  list     one line per article: id, status, confirmed, suggested, date, title\n"
	    "  stats    confirmed spans per label, articles by status, spans per annotator\n"
	    "  labels   print or replace (--set FILE) the label scheme\n"
	    "  check    check the database and every span's offsets\n"
	    "  help     this text, or one command's\n"
	    "\n"
	    "Options:\n"
	    "  --db PATH         the database (default $GLOSS_DB, else\n"
	    "                    $XDG_DATA_HOME/gloss/gloss.db, else ~/.local/share/gloss/gloss.db;\n"
	    "                    only import and the interface create a missing one)\n"
	    "  --annotator NAME  name recorded on annotations (default $USER, else\n"
	    "                    the account name)\n"
	    "  --demo            open a demo database ($XDG_CACHE_HOME/gloss/demo.db, else\n"
	    "                    ~/.cache/gloss/demo.db) filled with the corpus built into gloss\n"
	    "  --help            print this help\n"
	    "  --version         print the version\n"
	    "\n"
	    "Formats: import ", f);
	put_formats(f, 1);
	fputs("; export ", f);
	put_formats(f, 0);
	fputs(".\n"
	    "\n"
	    "Environment:\n"
	    "  GLOSS_DB        the default database\n"
	    "  XDG_DATA_HOME   where the default database lives (gloss/gloss.db)\n"
	    "  XDG_CACHE_HOME  where the demo database lives (gloss/demo.db)\n"
	    "  USER            the default annotator name (else the account name)\n"
	    "  NO_COLOR        when set, the interface uses no colours\n"
	    "\n"
	    "Exit status: 0 success; 1 bad input or a data error, with one line per\n"
	    "problem on standard error naming FILE:LINE:BYTE; 2 a usage error.\n", f);
}

/* --- the interface -------------------------------------------------------------- */

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
	store *st = open_store(env, NULL);

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
	st = open_store(env, path);
	free(path);
	if (st == NULL)
		return 1;
	for (; demo_files[n].name && n < sizeof in / sizeof in[0]; n++)
		in[n] = (fmt_input){ demo_files[n].name, demo_files[n].bytes, demo_files[n].len, NULL, 0 };
	memset(&o, 0, sizeof o);
	o.format = fmt_by_name("txt");
	o.fo.as_status = SPAN_CONFIRMED;
	o.problem = print_problem;
	if (import_buffers(st, in, n, &o, &s) != 0) {
		out_err("gloss: demo corpus: %s\n", store_errmsg(st));
		store_close(st);
		return 1;
	}
	return run_ui(st);
}
