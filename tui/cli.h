/*
 * cli.h: the command line of gloss (GUIDE §2).
 *
 * main.c reads the global options into a cli_env and hands the rest to
 * cli_run (a subcommand), cli_demo or cli_interface. Every function returns
 * the process exit status: 0 success, 1 bad input or a data error (one line
 * per problem on stderr, "file:line:byte: message"), 2 a usage error (with
 * a one-line hint to --help).
 */
#ifndef GLOSS_CLI_H
#define GLOSS_CLI_H

#include <stdio.h>

typedef struct cli_env {
	const char *db;        /* --db PATH; NULL: store_default_path() */
	const char *annotator; /* --annotator NAME; NULL: $USER */
} cli_env;

/* Is name a subcommand (including "help")? */
int cli_is_command(const char *name);
/* Run subcommand argv[0] with its arguments. */
int cli_run(cli_env *env, int argc, char **argv);
/* Open the database (or the demo database, filled from the corpus built
 * into gloss) in the interface. */
int cli_interface(cli_env *env);
int cli_demo(cli_env *env);

/* The whole --help text; the version line. */
void cli_help(FILE *f);
void cli_version(FILE *f);
/* Report a usage error ("gloss: what" then the hint); returns 2. */
int cli_usage(const char *cmd, const char *format, ...) __attribute__((format(printf, 2, 3)));

#endif
