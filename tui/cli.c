/*
 * cli.c: the command line of gloss (GUIDE §2): the subcommand table,
 * option parsing, opening the store and --help. Each subcommand lives in
 * its own tui/cli_NAME.c (see cli_int.h); the interface is opened by
 * cli_ui.c.
 *
 * Output contract: data goes to stdout (list, stats, labels, export without
 * -o); summaries, progress bars and problems go to stderr. Problem lines
 * start with the file they are about ("file:line:byte: message"), other
 * errors with "gloss: ". Exit status 0, 1 (bad input or data), 2 (usage).
 */
#include "config.h"
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tui/cli_int.h"
#include "tui/out.h"

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

/*
 * Parse a subcommand's argv[1..]: its options (given as "--name VALUE" or
 * "--name=VALUE"), the global --db and --annotator, and positional
 * arguments (everything after "--" too) into *pos. Returns 0, 2 after a
 * usage error, or 3 after printing the command's help for --help.
 */
int
cli_parse(cli_env *env, const struct cli_cmd *c, int argc, char **argv, const struct opt *opts, char ***pos,
    size_t *npos)
{
	struct opt all[16];
	size_t n = 0, na = 0;
	int i, dashdash = 0;

	for (; opts && na < 13 && opts[na].name; na++)
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
	if (env->db && env->db[0] == '\0')
		return cli_usage(c->name, "--db needs a path");
	*npos = n;
	return 0;
}

/* Index of s in the NULL-terminated words, or -1. */
int
cli_word(const char *s, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	return -1;
}

/* Shared value options of import and export; 0 or a usage error (2). */
int
cli_fmt_values(const char *cmd, const char *offsets, const char *scheme, fmt_opts *fo)
{
	static const char *const offs[] = { "codepoints", "utf16", "graphemes", NULL };
	static const char *const schemes[] = { "iob1", "iob2", "bilou", NULL };
	int k;

	if (offsets) {
		if ((k = cli_word(offsets, offs)) < 0)
			return cli_usage(cmd, "--offsets must be codepoints, utf16 or graphemes, not '%s'", offsets);
		fo->offsets = k == 0 ? FMT_OFF_CODEPOINTS : k == 1 ? FMT_OFF_UTF16 : FMT_OFF_GRAPHEMES;
	}
	if (scheme) {
		if ((k = cli_word(scheme, schemes)) < 0)
			return cli_usage(cmd, "--scheme must be iob1, iob2 or bilou, not '%s'", scheme);
		fo->scheme = k == 0 ? FMT_SCHEME_IOB1 : k == 1 ? FMT_SCHEME_IOB2 : FMT_SCHEME_BILOU;
	}
	return 0;
}

int
cli_fmt_takes(const char *cmd, const fmt *f, const char *offsets, const char *scheme)
{
	if (offsets && !(f->takes & FMT_TAKES_OFFSETS))
		return cli_usage(cmd, "--offsets means nothing for %s (%s)", f->name,
		    f->takes & FMT_TAKES_SCHEME ? "it counts tokens, not characters" : "it has no choice of offset unit");
	if (offsets && strcmp(offsets, "graphemes") == 0 && !(f->takes & FMT_TAKES_GRAPHEMES))
		return cli_usage(cmd, "--offsets graphemes is for doccano only (%s counts code points or UTF-16 units)",
		    f->name);
	if (scheme && !(f->takes & FMT_TAKES_SCHEME))
		return cli_usage(cmd, "--scheme means nothing for %s (only conll has tag schemes)", f->name);
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
 * the interface create a database. must_exist 2 opens it read-only (check).
 * late: the look for damage waits for the first write (store_open_late).
 */
static store *
open_db(const cli_env *env, const char *path, int must_exist, int late)
{
	char err[512], *def = NULL;
	struct cli_upgrade up;
	struct stat sb;
	store *st = NULL;

	if (path == NULL && (path = env->db) == NULL && (path = def = store_default_path()) == NULL) {
		fputs("gloss: no database: set --db, GLOSS_DB or HOME\n", stderr);
		return NULL;
	}
	if (must_exist && stat(path, &sb) != 0 && errno == ENOENT)
		out_err("gloss: there is no database at %s (gloss import creates one)\n", path);
	else {
		/* an old database's upgrade can take a while: said at once,
		 * and a bar after 1 s */
		cli_bar_init(&up.bar, "upgrading the database", 0);
		up.path = path;
		store_set_migrate_progress(cli_bar_cb, &up.bar);
		store_set_migrate_notice(cli_upgrade_notice, &up);
		if ((must_exist == 2 ? store_open_readonly(path, &st, err, sizeof err)
		    : late ? store_open_late(path, &st, err, sizeof err)
		    : store_open(path, &st, err, sizeof err)) != 0) {
			out_err("gloss: cannot open database %s: %s\n", path, err);
			st = NULL;
		}
		store_set_migrate_progress(NULL, NULL);
		store_set_migrate_notice(NULL, NULL);
		cli_bar_done(&up.bar);
	}
	free(def);
	if (st)
		store_set_annotator(st, default_annotator(env));
	return st;
}

store *
cli_open_store(const cli_env *env, const char *path)
{
	return open_db(env, path, 0, 0);
}

store *
cli_open_store_late(const cli_env *env, const char *path)
{
	return open_db(env, path, 0, 1);
}

store *
cli_open_existing_store(const cli_env *env)
{
	return open_db(env, NULL, 1, 0);
}

store *
cli_open_existing_store_late(const cli_env *env)
{
	return open_db(env, NULL, 1, 1);
}

store *
cli_open_readonly_store(const cli_env *env)
{
	return open_db(env, NULL, 2, 0);
}

void
cli_print_problem(void *arg, const char *line)
{
	(void)arg;
	out_err("%s\n", line);
}

const char *
cli_plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* A few words from a simple command: no options but the global ones. */
int
cli_plain_args(cli_env *env, const char *name, int argc, char **argv)
{
	char **pos;
	size_t npos;
	int rc = cli_parse(env, cli_find_cmd(name), argc, argv, NULL, &pos, &npos);

	if (rc == 0 && npos > 0)
		rc = cli_usage(name, "unexpected argument '%s'", pos[0]);
	free(pos);
	return rc;
}

/* --- help ----------------------------------------------------------------------- */

static int
cmd_help(cli_env *env, int argc, char **argv)
{
	const struct cli_cmd *c;

	(void)env;
	if (argc < 2) {
		cli_help(stdout);
		return 0;
	}
	if (argc > 2)
		return cli_usage("help", "give one command");
	if ((c = cli_find_cmd(argv[1])) == NULL)
		return cli_usage(NULL, "unknown command '%s'", argv[1]);
	if (c->run == cmd_help) {
		cli_help(stdout);
		return 0;
	}
	printf("Usage: gloss [OPTIONS] %s\n\n%s", c->synopsis, c->help);
	return 0;
}

const struct cli_cmd cli_cmd_help = {
	.name = "help",
	.synopsis = "help [COMMAND]",
	.brief = "this text, or one command's",
	.help = "Print the help of gloss, or of one command (as COMMAND --help does).\n",
	.run = cmd_help,
};

/*
 * The subcommands, in the order --help lists them. A command lives in its
 * own tui/cli_NAME.c, which defines cli_cmd_NAME (declared in cli_int.h);
 * adding one is that file, its line in mk/tui.am and a line here.
 */
static const struct cli_cmd *const cmds[] = {
	&cli_cmd_import, &cli_cmd_export, &cli_cmd_list, &cli_cmd_stats, &cli_cmd_labels, &cli_cmd_check,
	&cli_cmd_train, &cli_cmd_simulate, &cli_cmd_help,
	&cli_cmd_search, &cli_cmd_feeds,
	&cli_cmd_suggest, &cli_cmd_gazetteer,
};

const struct cli_cmd *
cli_find_cmd(const char *name)
{
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(cmds[i]->name, name) == 0)
			return cmds[i];
	return NULL;
}

int
cli_is_command(const char *name)
{
	return cli_find_cmd(name) != NULL;
}

int
cli_run(cli_env *env, int argc, char **argv)
{
	return cli_find_cmd(argv[0])->run(env, argc, argv);
}

void
cli_help(FILE *f)
{
	fputs("Usage: gloss [OPTIONS]                 read and annotate in the interface\n", f);
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		fprintf(f, "       gloss [OPTIONS] %s\n", cmds[i]->synopsis);
	fputs("\n"
	    "gloss imports news articles into an SQLite database, shows them in a\n"
	    "keyboard-driven interface, records highlights, notes and entity spans, and\n"
	    "exports them as labelled data. Offsets are Unicode code points of the stored\n"
	    "text. Each command explains itself: gloss help COMMAND or gloss COMMAND --help.\n"
	    "\n"
	    "Commands:\n", f);
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		fprintf(f, "  %-8s %s\n", cmds[i]->name, cmds[i]->brief);
	fputs("\n"
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
