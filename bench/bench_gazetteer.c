/*
 * bench_gazetteer.c: the gazetteer engine against grep (GUIDE §10, issue 8).
 *
 * A 10k-term gazetteer (gen_corpus.py gazetteer) over the gen_corpus.py
 * corpus (BENCH_N articles, default 100000, made once as
 * bench/c<N>.jsonl; BENCH_CORPUS=FILE and BENCH_GAZ=DIR use existing
 * ones). The corpus is imported into a store first (not timed; BENCH_DB=FILE
 * copies a database that already holds it, made by `gloss import`). Then,
 * in the same run and on the same text:
 *
 *   grep: grep -F -o -f gazetteer.txt over the articles' text (one file),
 *         its matches counted by wc -l (grep stops early when its output
 *         is /dev/null, so it must really write them);
 *   gloss: what `gloss suggest --engine gazetteer` does: each article read
 *         from the store, matched (case-folded NFC, word boundaries,
 *         longest match), its suggestions written to the database in
 *         short transactions (at most 200 articles or 100 ms each).
 *
 * Target: gloss within 2x of grep (wall clock). Also printed: matching
 * alone over the same text in memory, and the rate of suggestions written.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "db/import.h"
#include "db/json_sqlite.h"
#include "db/store.h"
#include "db/suggester.h"
#include "model/gazetteer.h"
#include "bench/bench_util.h"

/* Make a file with a gen_corpus.py command unless it is there. */
static void
make_once(const char *path, const char *gen, const char *args)
{
	char cmd[1024];

	if (access(path, R_OK) == 0)
		return;
	if (gen == NULL || access(gen, R_OK) != 0) {
		printf("gazetteer: skipped (no gen_corpus.py: set GEN_CORPUS)\n");
		exit(0);
	}
	snprintf(cmd, sizeof cmd, "python3 '%s' %s", gen, args);
	if (system(cmd) != 0)
		die(cmd, "failed");
}

int
main(void)
{
	const char *gen = getenv("GEN_CORPUS"), *ns = getenv("BENCH_N"), *corpus_env = getenv("BENCH_CORPUS");
	const char *gaz_env = getenv("BENCH_GAZ"), *db_env = getenv("BENCH_DB");
	long n = ns ? atol(ns) : 100000;
	char dir[] = "/tmp/gloss-bench-gaz.XXXXXX", corpus[512], gazdir[512], path[1024], cmd[2048], err[512];
	char *buf, *tsv;
	size_t len, tsvlen, added = 0, nids, total = 0, nmatch = 0;
	int64_t *ids;
	double w0, c0, wi, wgrep, cgrep, wgloss, cgloss, wmatch, cmatch;
	import_opts o;
	import_stats stats;
	fmt_input in;
	store *st;
	suggester *sg;
	suggester_opts so = { ENG_GAZETTEER, NULL, NULL, 0 };
	gazetteer *g;
	gaz_matches m = { 0 };
	FILE *f;

	bench_name = "bench_gazetteer";
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", "failed");
	if (corpus_env)
		snprintf(corpus, sizeof corpus, "%s", corpus_env);
	else {
		snprintf(corpus, sizeof corpus, "bench/c%ld.jsonl", n);
		snprintf(cmd, sizeof cmd, "corpus -n %ld --jsonl %s.tmp && mv %s.tmp %s", n, corpus, corpus, corpus);
		make_once(corpus, gen, cmd);
	}
	if (gaz_env)
		snprintf(gazdir, sizeof gazdir, "%s", gaz_env);
	else {
		snprintf(gazdir, sizeof gazdir, "bench/gaz");
		make_once("bench/gaz/gazetteer.tsv", gen, "gazetteer bench/gaz");
	}

	/* the corpus into a store (not timed) */
	snprintf(path, sizeof path, "%s/g.db", dir);
	w0 = wall();
	if (db_env) {
		snprintf(cmd, sizeof cmd, "cp '%s' '%s'", db_env, path);
		if (system(cmd) != 0)
			die(cmd, "failed");
	}
	if (store_open(path, &st, err, sizeof err) != 0)
		die(path, err);
	if (db_env == NULL) {
		buf = slurp(corpus, &len);
		in = (fmt_input){ corpus, buf, len, NULL, 0 };
		memset(&o, 0, sizeof o);
		o.format = fmt_by_name("jsonl");
		o.fo.as_status = SPAN_CONFIRMED;
		if (import_buffers(st, &in, 1, &o, &stats) != 0)
			die("import", store_errmsg(st));
		free(buf);
	}
	wi = wall() - w0;

	/* the same text as one file for grep */
	snprintf(path, sizeof path, "%s/texts.txt", dir);
	if ((f = fopen(path, "w")) == NULL)
		die(path, "cannot write");
	if (store_suggest_todo(st, 0, &ids, &nids) != 0) /* run 0 has done nothing: every article */
		die("ids", store_errmsg(st));
	for (size_t i = 0; i < nids; i++) {
		doc d;

		doc_init(&d);
		if (store_article_load(st, ids[i], &d, 0) != 0)
			die("load", store_errmsg(st));
		fwrite(d.text, 1, d.len, f);
		fputc('\n', f);
		total += d.len;
		doc_clear(&d);
	}
	fclose(f);

	/* grep */
	snprintf(cmd, sizeof cmd, "grep -F -o -f '%s/gazetteer.txt' '%s/texts.txt' | wc -l > '%s/grep.n'", gazdir, dir,
	    dir);
	w0 = wall();
	c0 = cpu_of(RUSAGE_CHILDREN);
	if (system(cmd) != 0)
		die(cmd, "failed");
	wgrep = wall() - w0;
	cgrep = cpu_of(RUSAGE_CHILDREN) - c0;

	/* gloss: the user gazetteer, then gloss suggest --engine gazetteer */
	snprintf(path, sizeof path, "%s/gazetteer.tsv", gazdir);
	tsv = slurp(path, &tsvlen);
	if (store_gazetteer_put(st, "bench.tsv", tsv, tsvlen, 10000) != 0)
		die("gazetteer", store_errmsg(st));
	w0 = wall();
	c0 = cpu();
	if (suggester_new(st, &so, &sg, err, sizeof err) != 0 || store_bulk(st, 1) != 0 || store_derived(st, 1) != 0)
		die("suggester", err);
	suggester_set_batch(sg, 1);
	for (size_t i = 0; i < nids; ) {
		double t0 = wall();
		size_t k = 0, a;

		if (store_action_begin(st) != 0)
			die("begin", store_errmsg(st));
		for (; i < nids && k < 200 && wall() - t0 < 0.1; i++, k++) {
			if (suggester_article(sg, ids[i], &a) != 0)
				die("suggest", store_errmsg(st));
			added += a;
		}
		if (store_action_end(st, 1) != 0)
			die("commit", store_errmsg(st));
	}
	wgloss = wall() - w0;
	cgloss = cpu() - c0;
	suggester_free(sg);

	/* matching alone, in memory, over the same text */
	if ((g = gazetteer_new()) == NULL || gazetteer_load(g, tsv, tsvlen, "bench.tsv", NULL, NULL, err, sizeof err) < 0 ||
	    gazetteer_build(g) != 0)
		die("gazetteer", err);
	snprintf(path, sizeof path, "%s/texts.txt", dir);
	buf = slurp(path, &len);
	w0 = wall();
	c0 = cpu();
	for (char *p = buf, *e = buf + len; p < e; ) {
		char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(e - p);

		if (gazetteer_match(g, p, l, 0, &m) != 0)
			die("match", "out of memory");
		nmatch += m.n;
		p += l + 1;
	}
	wmatch = wall() - w0;
	cmatch = cpu() - c0;
	gaz_matches_free(&m);
	gazetteer_free(g);
	free(buf);
	free(tsv);
	free(ids);

	snprintf(path, sizeof path, "%s/grep.n", dir);
	buf = slurp(path, &len);
	printf("gazetteer_corpus: %zu articles, %.1f MB of text, 10000 terms (import %.1f s, not timed)\n", nids,
	    (double)total / 1e6, wi);
	printf("gazetteer_grep_F_o: %.2f s wall, %.2f s cpu (%ld matches, no word boundaries, case-sensitive)\n",
	    wgrep, cgrep, atol(buf));
	printf("gazetteer_gloss_suggest: %.2f s wall, %.2f s cpu (%zu suggestions written, %.0f/s)\n", wgloss, cgloss,
	    added, (double)added / wgloss);
	printf("gazetteer_match_only: %.2f s wall, %.2f s cpu (%.0f MB/s cpu, %zu matches)\n", wmatch, cmatch,
	    (double)total / 1e6 / cmatch, nmatch);
	printf("gazetteer_ratio: %.2f wall, %.2f cpu (gloss suggest / grep; target <= 2)\n", wgloss / wgrep,
	    cgloss / cgrep);
	free(buf);
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
