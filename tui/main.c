/*
 * main.c: gloss's entry point. Reads the global options (GUIDE §2) up to the
 * first word that is not one, then runs that subcommand, or the interface
 * when there is none. Global options may also follow the subcommand; each
 * subcommand's own options are parsed in cli.c.
 */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include "tui/cli.h"
#include "tui/out.h"

/* Value of option name at argv[*i] ("--name VALUE" or "--name=VALUE"). */
static int
value(int argc, char **argv, int *i, const char *name, const char **out)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '='))
		return 0;
	if (a[n] == '=') {
		*out = a + n + 1;
		return 1;
	}
	if (*i + 1 >= argc)
		return -1;
	*out = argv[++*i];
	return 1;
}

static int
run(int argc, char **argv)
{
	cli_env env = { NULL, NULL };
	int demo = 0, i;

	setlocale(LC_ALL, "");
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int r;

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || strcmp(a, "-") == 0)
			break;
		if ((r = value(argc, argv, &i, "--db", &env.db)) != 0 ||
		    (r = value(argc, argv, &i, "--annotator", &env.annotator)) != 0) {
			if (r < 0)
				return cli_usage(NULL, "option %s needs a value", a);
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_help(stdout);
			return 0;
		}
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			cli_version(stdout);
			return 0;
		}
		if (strcmp(a, "--demo") == 0) {
			demo = 1;
			continue;
		}
		return cli_usage(NULL, "unknown option '%s'", a);
	}
	/* SQLite would open "" as a temporary database, deleted at exit. */
	if (env.db && env.db[0] == '\0')
		return cli_usage(NULL, "--db needs a path");
	if (i < argc) {
		if (!cli_is_command(argv[i]))
			return cli_usage(NULL, "unknown command '%s'", argv[i]);
		if (demo)
			return cli_usage(NULL, "--demo opens the interface; it takes no command");
		return cli_run(&env, argc - i, argv + i);
	}
	return demo ? cli_demo(&env) : cli_interface(&env);
}

/* Every command's output is checked at the end: a full disk or a closed
 * pipe on standard output is an error (exit status 1), never silent. */
int
main(int argc, char **argv)
{
	return out_finish(run(argc, argv));
}
