/*
 * bench_corpus.c: the corpus reader's speed targets (GUIDE §10, issue 13).
 *
 * A database of N articles (BENCH_N, default 100000) of gen_corpus.py with
 * titles, dates and five sources is made once as bench/corpus<N>.db. Then:
 * 1. gloss search --limit 20 QUERY, the whole process (target: 10 ms),
 *    median of 7 runs, wall and CPU, for a word in 6.9k and one in 28k
 *    articles, a phrase, a prefix, and a word in one article (what
 *    starting gloss and opening the store cost);
 * 2. a filtered and sorted list's first screen: the count for the header
 *    and the first 50 rows (target: 50 ms), median of 7, per filter.
 * Prints "name: value unit" lines. `bench_corpus search` measures 1 only.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "db/filter.h"
#include "db/store.h"
#include "bench/bench_util.h"

enum { RUNS = 7 };

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v)
{
	qsort(v, RUNS, sizeof *v, dcmp);
	return v[RUNS / 2];
}

/* Make the database once: gen_corpus.py JSONL, given titles, dates and
 * sources as gloss's own jsonl, imported by the gloss binary. */
static void
make_db(const char *db, long n)
{
	const char *gen = getenv("GEN_CORPUS");
	char cmd[2048];

	if (access(db, R_OK) == 0)
		return;
	if (gen == NULL || access(gen, R_OK) != 0)
		die("GEN_CORPUS", "gen_corpus.py not found");
	snprintf(cmd, sizeof cmd,
	    "python3 '%s' corpus -n %ld --jsonl /dev/stdout | python3 -c '"
	    "import json, sys\n"
	    "src = [\"TASS\", \"Reuters\", \"AP\", \"AFP\", \"PAP\"]\n"
	    "for i, l in enumerate(sys.stdin):\n"
	    "    d = json.loads(l)\n"
	    "    print(json.dumps({\"title\": d[\"title\"], \"date\": d[\"date\"], \"source\": src[i %% 5],"
	    " \"text\": d[\"text\"], \"spans\": []}, ensure_ascii=False))\n"
	    "' >bench/corpus%ld.jsonl && ./gloss --db '%s' import --format jsonl bench/corpus%ld.jsonl 2>/dev/null"
	    " && rm -f bench/corpus%ld.jsonl",
	    gen, n, n, db, n, n);
	if (system(cmd) != 0)
		die(db, "could not build the database");
}

/* gloss search --limit 20 query, its own CPU time (wait4: not a shell's)
 * and wall time in ms. */
static void
run_search(const char *db, const char *query, double *w, double *c)
{
	char *const argv[] = { "./gloss", "--db", (char *)(uintptr_t)db, "search", "--limit", "20",
		(char *)(uintptr_t)query, NULL };
	struct rusage ru;
	double t0 = wall();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		die("fork", query);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("search", query);
	*w = (wall() - t0) * 1e3;
	*c = ((double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
}

static void
bench_search(const char *db, const char *query)
{
	double w[RUNS], c[RUNS];

	for (int i = 0; i < RUNS; i++)
		run_search(db, query, &w[i], &c[i]);
	printf("search %s: median %.1f ms wall, %.1f ms cpu (target 10 ms)\n", query, median(w), median(c));
}

static int
count_row(const store_article *a, void *arg)
{
	(void)a;
	(*(int *)arg)++;
	return 0;
}

/* Each run on a store opened afresh: what a text filter found is kept
 * by the store while the database is unchanged (search_cache.c), and
 * opening a filtered view is the first time. */
static void
bench_filter(const char *db, const char *spec, const char *sort)
{
	double w[RUNS], c[RUNS];
	store_filter f;
	char err[256];
	size_t n = 0;

	store_filter_init(&f);
	if (store_filter_parse(&f, spec, err, sizeof err) != 0 || (sort && store_sort_parse(&f, sort, err, sizeof err) != 0))
		die(spec, err);
	for (int i = 0; i < RUNS; i++) {
		store *st;
		double t0, c0;
		int rows = 0;

		if (store_open(db, &st, err, sizeof err) != 0)
			die(db, err);
		t0 = wall();
		c0 = cpu();
		if (store_articles_filtered_count(st, &f, &n) != 0 ||
		    store_articles_filtered(st, &f, 0, 50, count_row, &rows) != 0)
			die(spec, store_errmsg(st));
		w[i] = (wall() - t0) * 1e3;
		c[i] = (cpu() - c0) * 1e3;
		store_close(st);
	}
	printf("first screen [%s]%s%s: %zu articles, median %.1f ms wall, %.1f ms cpu (target 50 ms)\n", spec,
	    sort ? " sort " : "", sort ? sort : "", n, median(w), median(c));
	store_filter_clear(&f);
}

int
main(int argc, char **argv)
{
	const char *ns = getenv("BENCH_N");
	long n = ns ? strtol(ns, NULL, 10) : 100000;
	char db[256];

	bench_name = "bench_corpus";
	(void)slurp; /* bench_util.h: not needed here */
	snprintf(db, sizeof db, "bench/corpus%ld.db", n);
	make_db(db, n);
	bench_search(db, "bluewater");
	bench_search(db, "yelverton");
	bench_search(db, "\"security risks\"");
	bench_search(db, "robot*");
	bench_search(db, "1067");
	if (argc > 1 && strcmp(argv[1], "search") == 0)
		return 0;
	bench_filter(db, "", NULL);
	bench_filter(db, "status=unread", "title");
	bench_filter(db, "", "date desc");
	bench_filter(db, "date=2017-01..2017-03", NULL);
	bench_filter(db, "source=TASS date=2018", "title desc");
	bench_filter(db, "text=yelverton", NULL);
	bench_filter(db, "text=yelverton status=unread", "date");
	bench_filter(db, "text=robot*", NULL);
	bench_filter(db, "text=robot* source=TASS", NULL);
	bench_filter(db, "", "confirmed desc");
	return 0;
}
