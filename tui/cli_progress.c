/*
 * cli_progress.c: the progress bar import and export draw on stderr, and
 * what opening a database says while it is upgraded.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "tui/cli_int.h"

static double
since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

void
cli_bar_init(struct cli_bar *b, const char *what, int bytes)
{
	memset(b, 0, sizeof *b);
	b->what = what;
	b->bytes = bytes;
	b->tty = isatty(2);
	clock_gettime(CLOCK_MONOTONIC, &b->t0);
}

void
cli_bar_cb(void *arg, size_t done, size_t total)
{
	struct cli_bar *b = arg;
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

void
cli_bar_done(struct cli_bar *b)
{
	if (b->drawn)
		fprintf(stderr, "\r%*s\r", 79, "");
}

/*
 * store_set_migrate_notice's hook: an upgrade can rebuild the full-text
 * index (23 s on 100k articles), so say so before it starts. On a
 * terminal one line, then the bar (cli_bar_cb) over it, erased at the
 * end; elsewhere (a log) one line at the start and one at the end.
 */
void
cli_upgrade_notice(void *arg, int from, int to, int finished)
{
	struct cli_upgrade *u = arg;

	if (finished == 0) {
		clock_gettime(CLOCK_MONOTONIC, &u->t0);
		if (u->bar.tty)
			fputs("upgrading the database (once; a large one takes a while)...", stderr);
		else
			fprintf(stderr, "gloss: upgrading the database %s from schema %d to %d\n", u->path, from, to);
		fflush(stderr);
		return;
	}
	if (u->bar.tty)
		fprintf(stderr, "\r%*s\r", 79, "");
	else if (finished > 0)
		fprintf(stderr, "gloss: database upgraded in %.1f s\n", since(&u->t0));
	else
		fputs("gloss: the upgrade failed; the database is as it was\n", stderr);
	u->bar.drawn = 0;
}
