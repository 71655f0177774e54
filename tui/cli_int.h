/*
 * cli_int.h: what the tui/cli*.c files share: the subcommand descriptor,
 * option parsing, opening the store, the progress bar on stderr.
 *
 * cli.c holds the command table, parsing and --help; each subcommand lives
 * in tui/cli_NAME.c and exports one `const struct cli_cmd cli_cmd_NAME`
 * (its name, synopsis, one-line brief, --help text and run function).
 * Adding a command: write tui/cli_NAME.c, declare cli_cmd_NAME below, add
 * it to mk/tui.am and one line to the table in cli.c.
 */
#ifndef GLOSS_CLI_INT_H
#define GLOSS_CLI_INT_H

#include <stddef.h>
#include <time.h>
#include "db/store.h"
#include "model/fmt.h"
#include "tui/cli.h"

/* A subcommand: tui/cli_NAME.c defines cli_cmd_NAME. */
struct cli_cmd {
	const char *name;
	const char *synopsis; /* after "gloss [OPTIONS] " */
	const char *brief;    /* one line for gloss --help's command list */
	const char *help;     /* what it does and its options */
	int (*run)(cli_env *env, int argc, char **argv);
};

struct opt {
	const char *name;  /* "--format", "-o" */
	const char **val;  /* an option with a value */
	int *flag;         /* a flag */
};

/*
 * A progress bar drawn on stderr only when it is a terminal and only once
 * the job has run for a second (short jobs print nothing), redrawn at most
 * ten times a second, erased at the end.
 */
struct cli_bar {
	const char *what;  /* "importing" */
	int bytes;         /* units are bytes (else articles) */
	int tty;
	int drawn;
	struct timespec t0;
	double last;
};

extern const struct cli_cmd cli_cmd_import, cli_cmd_export, cli_cmd_list, cli_cmd_stats, cli_cmd_labels,
    cli_cmd_check, cli_cmd_help, cli_cmd_train, cli_cmd_simulate;
/* issue 8: suggestions */
extern const struct cli_cmd cli_cmd_suggest, cli_cmd_gazetteer;
/* issue 13: the corpus reader's commands */
extern const struct cli_cmd cli_cmd_search, cli_cmd_feeds;

/* cli_feeds.c: fetch url and import it as one file (format detected from
 * the URL and the first bytes), adding to *total; a fetch error is printed
 * and counted as a failed file. Returns as import_buffers does (1 also
 * when the fetch failed). */
struct import_opts;
struct import_stats;
int cli_import_url(store *st, const char *url, const struct import_opts *o, struct import_stats *total,
    char **title);

/* cli.c */
const struct cli_cmd *cli_find_cmd(const char *name);
int cli_parse(cli_env *env, const struct cli_cmd *c, int argc, char **argv, const struct opt *opts, char ***pos,
    size_t *npos);
int cli_word(const char *s, const char *const *words);
int cli_fmt_values(const char *cmd, const char *offsets, const char *scheme, fmt_opts *fo);
/* A usage error (2) when --offsets or --scheme was given for format f,
 * which has no use for it; else 0. */
int cli_fmt_takes(const char *cmd, const fmt *f, const char *offsets, const char *scheme);
int cli_plain_args(cli_env *env, const char *name, int argc, char **argv);
store *cli_open_store(const cli_env *env, const char *path);
store *cli_open_existing_store(const cli_env *env);
/*
 * The same, for a search or the interface: the look for a damaged database
 * waits until just before the first write (store_open_late), so the first
 * screen or the results do not pay for it. list, stats, export, import and
 * labels look at open: they promise to notice damage before printing.
 */
store *cli_open_store_late(const cli_env *env, const char *path);
store *cli_open_existing_store_late(const cli_env *env);
/* Read-only, never changing the file (gloss check). */
store *cli_open_readonly_store(const cli_env *env);
void cli_print_problem(void *arg, const char *line);
const char *cli_plural(size_t n, const char *one, const char *many);

/* cli_gold.c: gold files for train and simulate */
typedef struct cli_gold {
	doc *docs;    /* replay documents */
	size_t n;
	size_t per;   /* sentences per document when a file is cut, 0: as read */
} cli_gold;
/* Read files (format NULL: detect) into g; CoNLL files without -DOCSTART-
 * are cut every 20 sentences. Prints problems; 0 or 1. */
int cli_gold_read(const char *cmd, const char *format, char **paths, size_t n, cli_gold *g);
void cli_gold_free(cli_gold *g);
/* A whole file, malloc'd; NULL with errno set. */
char *cli_slurp(const char *path, size_t *n);
/* $GLOSS_STARTER, else the installed starter model's path (not the source tree's). */
const char *cli_starter_default(void);
struct tagger;
/* Load a tagger model file; prints the problem; 0 or 1. */
int cli_load_starter(struct tagger *t, const char *path);
/* Write b[0..n) to path through a temporary file and rename; 0 or -1 (errno). */
int cli_write_file(const char *path, const unsigned char *b, size_t n);
/* An option's number in 1..max into *out (unchanged when s is NULL); 0 or 2 (usage). */
int cli_parse_uint(const char *cmd, const char *opt, const char *s, unsigned long max, unsigned long *out);

struct sug_engine;
/* $GLOSS_GAZETTEERS, else the installed lists' directory. */
const char *cli_gazetteer_dir(void);
/* The gazetteer engine over every *.tsv in dir, label alternatives chosen
 * among labels; NULL after a message when the lists cannot be read. */
struct sug_engine *cli_gazetteer_open(const char *dir, const char *const *labels, size_t nlab);

/* cli_suggest.c: the engines as gloss runs them (built-in gazetteers, the
 * user's, the starter model when the store has no tagger state). */
struct suggester;
int cli_suggester_new(store *st, unsigned engines, struct suggester **out, char *err, size_t errsz);

/* cli_progress.c */
struct cli_upgrade {
	struct cli_bar bar;     /* the steps that report progress */
	const char *path;
	struct timespec t0;
};
void cli_upgrade_notice(void *arg, int from, int to, int finished);
void cli_bar_init(struct cli_bar *b, const char *what, int bytes);
void cli_bar_cb(void *arg, size_t done, size_t total);
void cli_bar_done(struct cli_bar *b);

#endif
