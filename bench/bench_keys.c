/*
 * bench_keys.c: how long a key waits while a propagation over the corpus
 * runs (issue 8 item 3: "a key must be answered within 50 ms").
 *
 * The interface (./gloss, engines on) runs in a pseudo-terminal with
 * GLOSS_TEST_KEYS=1, so it reports "gloss-test keys=K" in its output
 * once the screen for key K is drawn (tui/testhook.c). The bench opens the
 * first article with BENCH_WORD (default Smith, a surname in a third of
 * the gen_corpus.py corpus's articles) from a corpus search (/WORD
 * Enter filters, Enter opens with the caret on it), waits for the opened
 * article's own suggestions (the test hook's sync is held until they are
 * made), tags the word (1: PER), which queues every article containing it
 * for propagation, then sends BENCH_KEYS caret moves (default 400, l and
 * h in turn) one every BENCH_KEY_MS (default 25) and times each from the
 * write to the pty to the report of its screen. The propagation must
 * still be running when the last key is answered; the bench says how far
 * it got (articles with propagated suggestions / articles with the word).
 *
 * Database: BENCH_DB=FILE (copied; e.g. made by `gloss import` of the
 * 100k corpus), else the gen_corpus.py corpus (BENCH_N articles, default
 * 100000, bench/c<N>.jsonl as bench_gazetteer makes it, or BENCH_CORPUS)
 * imported with ./gloss (not timed).
 */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sqlite3.h>
#include "bench/bench_util.h"

static int master = -1;
static char out[1 << 16]; /* the tail of gloss's output */
static size_t nout;
static unsigned long keys_seen, syncs_seen;
static int reported;      /* a key report was seen */

/* Read what gloss wrote (waiting up to ms), noting the last key report. */
static void
pump(int ms)
{
	struct pollfd p = { master, POLLIN, 0 };
	char buf[8192];
	ssize_t n;

	if (poll(&p, 1, ms) <= 0)
		return;
	if ((n = read(master, buf, sizeof buf)) <= 0)
		return;
	if (nout + (size_t)n > sizeof out) { /* keep the last half */
		memmove(out, out + sizeof out / 2, sizeof out / 2);
		nout = sizeof out / 2;
	}
	if (getenv("BENCH_KEYS_LOG")) {
		FILE *f = fopen(getenv("BENCH_KEYS_LOG"), "a");

		if (f) {
			fwrite(buf, 1, (size_t)n, f);
			fclose(f);
		}
	}
	memcpy(out + nout, buf, (size_t)n);
	nout += (size_t)n;
	for (size_t i = 0; i + 20 < nout; i++) {
		const char *k = "gloss-test keys=";

		if (out[i] == 'g' && memcmp(out + i, k, strlen(k)) == 0) {
			unsigned long v = strtoul(out + i + strlen(k), NULL, 10);

			const char *sy = memmem(out + i, nout - i, " sync=", 6);

			if (v > keys_seen)
				keys_seen = v;
			if (sy && (size_t)(sy - (out + i)) < 40 && strtoul(sy + 6, NULL, 10) > syncs_seen)
				syncs_seen = strtoul(sy + 6, NULL, 10);
			reported = 1;
			out[i] = '.'; /* counted */
		}
	}

}

static void
send(const char *s)
{
	size_t n = strlen(s);

	if (write(master, s, n) != (ssize_t)n)
		die("pty", "write failed");
}

/* Wait (up to 60 s) until gloss has answered key number k. */
static void
wait_keys(unsigned long k)
{
	double t0 = wall();

	while (keys_seen < k) {
		if (wall() - t0 > 60)
			die("interface", "no answer within 60 s");
		pump(50);
	}
}

/* Articles that got propagated suggestions so far (rows or compact). */
static long sql_long(const char *db, const char *q, const char *arg);

static long
reached(const char *db)
{
	return sql_long(db, "SELECT count(*) FROM (SELECT article_id FROM spans WHERE source = 'propagate' "
	    "UNION SELECT article_id FROM suggest_batch WHERE source = 'propagate')", NULL);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One number from db (read-only); arg, when not NULL, is bound as ?1. */
static long
sql_long(const char *db, const char *q, const char *arg)
{
	sqlite3 *c = NULL;
	sqlite3_stmt *s = NULL;
	long v = -1;

	if (sqlite3_open_v2(db, &c, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(c, q, -1, &s, NULL) == SQLITE_OK) {
		if (arg != NULL)
			sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			v = (long)sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	sqlite3_close(c);
	return v;
}

int
main(void)
{
	const char *dbenv = getenv("BENCH_DB"), *word = getenv("BENCH_WORD"), *corpus_env = getenv("BENCH_CORPUS");
	const char *ns = getenv("BENCH_N"), *ks = getenv("BENCH_KEYS"), *ms = getenv("BENCH_KEY_MS");
	int nkeys = ks ? atoi(ks) : 400, gap = ms ? atoi(ms) : 25;
	char dir[] = "/tmp/gloss-bench-keys.XXXXXX", db[512], cmd[2048], corpus[512];
	double *lat, tag, t0, ttag, tkeys, tprop, topen;
	long atkeys;
	unsigned long k;
	long cand, done;
	struct winsize ws = { 40, 120, 0, 0 };
	pid_t pid;
	int over = 0, status;

	bench_name = "bench_keys";
	(void)slurp; /* bench_util.h: not needed here */
	(void)cpu;
	if (word == NULL)
		word = "Smith";
	if (nkeys < 1 || gap < 1 || (lat = calloc((size_t)nkeys, sizeof *lat)) == NULL)
		die("BENCH_KEYS/BENCH_KEY_MS", "bad value");
	if (access("./gloss", X_OK) != 0)
		die("./gloss", "not built");
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", "failed");
	snprintf(db, sizeof db, "%s/k.db", dir);
	if (dbenv)
		snprintf(cmd, sizeof cmd, "cp '%s' '%s'", dbenv, db);
	else {
		if (corpus_env)
			snprintf(corpus, sizeof corpus, "%s", corpus_env);
		else
			snprintf(corpus, sizeof corpus, "bench/c%ld.jsonl", ns ? atol(ns) : 100000L);
		if (access(corpus, R_OK) != 0) {
			printf("keys: skipped (no %s: run bench_gazetteer first or set BENCH_DB)\n", corpus);
			return 0;
		}
		snprintf(cmd, sizeof cmd, "./gloss --db '%s' import '%s' >/dev/null", db, corpus);
	}
	if (system(cmd) != 0)
		die(cmd, "failed");

	if ((pid = forkpty(&master, NULL, NULL, &ws)) < 0)
		die("forkpty", strerror(errno));
	if (pid == 0) {
		setenv("GLOSS_TEST_KEYS", "1", 1);
		setenv("TERM", "xterm-256color", 1);
		unsetenv("GLOSS_SUGGEST");
		execl("./gloss", "gloss", "--db", db, (char *)NULL);
		_exit(127);
	}
	fcntl(master, F_SETFL, O_NONBLOCK);
	while (!reported) /* keys=0: the first screen is up */
		pump(100);
	/* the corpus search, the first article with the word, the tag */
	snprintf(cmd, sizeof cmd, "/%s\r", word);
	send(cmd);
	k = strlen(word) + 2;
	wait_keys(k);
	t0 = wall();
	send("\r"); /* the first: the list is filtered; this one opens */
	wait_keys(++k);
	/* the test hook holds a sync until the opened article's suggestions
	 * are made (the engines are built then, on first use) */
	send("\033[9999~");
	while (syncs_seen < 1) {
		if (wall() - t0 > 60)
			die("interface", "no sync within 60 s");
		pump(50);
	}
	topen = wall() - t0;
	/* a lone digit waits 450 ms for a motion (3w); ] right after it tags
	 * at once, then jumps (learning and queueing run after that screen) */
	t0 = ttag = wall();
	send("1]");
	k += 2;
	wait_keys(k);
	tag = wall() - t0;

	for (int i = 0; i < nkeys; i++) {
		double t1 = wall() + gap / 1e3;

		t0 = wall();
		send(i % 2 ? "h" : "l");
		wait_keys(++k);
		lat[i] = wall() - t0;
		if (lat[i] > 0.05)
			over++;
		while (wall() < t1)
			pump((int)((t1 - wall()) * 1e3) + 1);
	}
	/* was it still running? its articles, until they stop growing */
	tkeys = wall() - ttag;
	done = atkeys = reached(db);
	for (long last = -2, now = atkeys; now != last && wall() - ttag < 600; ) {
		double t1 = wall() + 1;

		last = now;
		while (wall() < t1)
			pump(100);
		now = reached(db);
		done = now;
	}
	tprop = wall() - ttag - 1;
	send("q");
	while (waitpid(pid, &status, WNOHANG) == 0)
		pump(50);
	close(master);

	if (sql_long(db, "SELECT count(*) FROM spans WHERE status = 'confirmed'", NULL) != 1)
		die("interface", "the word was not tagged");
	cand = sql_long(db, "SELECT count(*) FROM texts WHERE instr(text, ?1) > 0", word);
	qsort(lat, (size_t)nkeys, sizeof *lat, cmp_double);
	printf("keys_open: %.1f ms (Enter to the article with its suggestions; the engines are built then)\n",
	    topen * 1e3);
	printf("keys_tag: %.1f ms (1 ] on \"%s\": the tag on screen; learning and queueing follow before the "
	    "next key)\n", tag * 1e3, word);
	printf("keys_during_propagation: %d keys, one every %d ms: median %.1f ms, p95 %.1f ms, max %.1f ms, "
	    "%d over 50 ms (target: none)\n", nkeys, gap, lat[nkeys / 2] * 1e3, lat[nkeys * 95 / 100] * 1e3,
	    lat[nkeys - 1] * 1e3, over);
	printf("keys_propagation: %ld of %ld articles with \"%s\" reached when the keys ended, %ld in all, "
	    "%.1f s after the tag (the keys: its first %.1f s)%s\n", atkeys, cand, word, done, tprop, tkeys,
	    atkeys < done ? "" : "; it had ENDED BEFORE THE KEYS (more keys or a commoner word)");
	free(lat);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 && over == 0 ? 0 : 1;
}
