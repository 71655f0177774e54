/*
 * cli_suggest.c: gloss suggest: run the suggestion engines over the corpus
 * (or the articles named) and store their suggestions. Also builds the
 * engines as gloss runs them everywhere (the interface too): the built-in
 * gazetteers, the user's, the starter model when the store has no tagger.
 *
 * Safe beside an open interface: work is committed in short transactions
 * (at most ~100 ms or 200 articles each), so the interface's own writes
 * wait at most that long. Resumable: a run interrupted (Ctrl-C, a crash)
 * continues where it stopped when started again with the same engines.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "db/suggester.h"
#include "tui/cli_int.h"
#include "tui/conf.h"
#include "tui/demo.h"
#include "tui/out.h"

int
cli_suggester_new(store *st, unsigned engines, suggester **out, char *err, size_t errsz)
{
	enum { MAXLISTS = 64 };
	sug_text builtin[MAXLISTS + 1];
	char *conf[MAXLISTS] = { NULL };
	suggester_opts o = { engines, builtin, NULL, 0 };
	const gloss_config *c = config_load_default();
	unsigned char *starter = NULL;
	size_t n = 0, k = 0, nconf = 0;
	int rc = -1;

	for (const struct demo_file *f = gazetteer_files; f->name && k < MAXLISTS; f++)
		builtin[k++] = (sug_text){ f->name, f->bytes, f->len };
	/* the config file's [suggest] gazetteer = FILE lists, after the built-in ones */
	for (size_t i = 0; i < c->ngazetteers && k < MAXLISTS; i++) {
		size_t len;

		if ((conf[nconf] = cli_slurp(c->gazetteers[i], &len)) == NULL) {
			snprintf(err, errsz, "%s: %s", c->gazetteers[i], strerror(errno));
			goto out;
		}
		builtin[k++] = (sug_text){ c->gazetteers[i], conf[nconf++], len };
	}
	builtin[k] = (sug_text){ NULL, NULL, 0 };
	/* the starter model is optional: without one the tagger starts empty */
	if ((engines & ENG_MODEL) && (starter = (unsigned char *)cli_slurp(cli_starter_default(), &n)) != NULL) {
		o.starter = starter;
		o.starter_len = n;
	}
	rc = suggester_new(st, &o, out, err, errsz);
	free(starter);
out:
	for (size_t i = 0; i < nconf; i++)
		free(conf[i]);
	return rc;
}

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Suggest for ids[0..n) in short transactions; marks each done in run (0: no run). */
static int
suggest_all(store *st, suggester *sg, const int64_t *ids, size_t n, int64_t run, size_t *added)
{
	struct cli_bar bar;
	size_t i = 0;

	*added = 0;
	if ((n > 200 && store_bulk(st, 1) != 0) || store_derived(st, 1) != 0)
		return -1;
	cli_bar_init(&bar, "suggesting", 0);
	while (i < n) {
		double t0 = now_ms();
		size_t in_batch = 0;
		int ok = 1;

		if (store_action_begin(st) != 0)
			return -1;
		while (i < n && ok && in_batch < 200 && now_ms() - t0 < 100) {
			size_t a;

			ok = suggester_article(sg, ids[i], &a) == 0 && (run == 0 || store_suggest_mark(st, run, ids[i]) == 0);
			*added += a;
			i++;
			in_batch++;
		}
		if (store_action_end(st, ok) != 0 || !ok)
			return -1;
		cli_bar_cb(&bar, i, n);
	}
	cli_bar_done(&bar);
	if (store_derived(st, 0) != 0)
		return -1;
	return n > 200 ? store_bulk(st, 0) : 0;
}

static int
cmd_suggest(cli_env *env, int argc, char **argv)
{
	const char *engines = NULL;
	int restart = 0, resumed = 0, rc;
	const struct opt opts[] = {
		{ "--engine", &engines, NULL }, { "--restart", NULL, &restart }, { NULL, NULL, NULL },
	};
	char **pos = NULL, bad[64], names[64], err[512];
	size_t npos, n = 0, added = 0;
	unsigned mask = ENG_ALL;
	int64_t *ids = NULL, run = 0;
	suggester *sg = NULL;
	store *st = NULL;

	if ((rc = cli_parse(env, cli_find_cmd("suggest"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	rc = 2;
	if (engines && suggester_parse_engines(engines, &mask, bad, sizeof bad) != 0) {
		cli_usage("suggest", "unknown engine '%s' (propagate, gazetteer, pattern, model)", bad);
		goto out;
	}
	if (npos > 0 && (ids = calloc(npos, sizeof *ids)) == NULL)
		goto out;
	for (size_t i = 0; i < npos; i++) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(pos[i], &end, 10);
		if (errno || *end || end == pos[i] || v <= 0) {
			cli_usage("suggest", "'%s' is not an article id", pos[i]);
			goto out;
		}
		ids[n++] = v;
	}
	rc = 1;
	if ((st = cli_open_existing_store(env)) == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		store_article a;

		if (store_article_info(st, ids[i], &a) != 0) {
			out_err("gloss: suggest: no article %lld\n", (long long)ids[i]);
			goto out;
		}
		store_article_clear(&a);
	}
	if (cli_suggester_new(st, mask, &sg, err, sizeof err) != 0) {
		out_err("gloss: suggest: %s\n", err);
		goto out;
	}
	if (suggester_notice(sg))
		out_err("gloss: suggest: %s\n", suggester_notice(sg));
	suggester_set_batch(sg, 1);
	suggester_engine_names(mask, names, sizeof names);
	if (n == 0) {
		if (store_suggest_run_start(st, names, restart, &run, &resumed) != 0 ||
		    store_suggest_todo(st, run, &ids, &n) != 0)
			goto fail;
		if (resumed)
			fprintf(stderr, "gloss: suggest: resuming (%zu %s left)\n", n, cli_plural(n, "article", "articles"));
	}
	if (suggest_all(st, sg, ids, n, run, &added) != 0 || (run && store_suggest_run_end(st, run) != 0))
		goto fail;
	printf("suggest: %zu %s, %zu %s (%s)\n", n, cli_plural(n, "article", "articles"), added,
	    cli_plural(added, "suggestion", "suggestions"), names);
	rc = 0;
	goto out;
fail:
	out_err("gloss: suggest: %s\n", store_errmsg(st));
out:
	suggester_free(sg);
	if (st)
		store_close(st);
	free(ids);
	free(pos);
	return rc == 3 ? 0 : rc;
}

const struct cli_cmd cli_cmd_suggest = {
	.name = "suggest",
	.synopsis = "suggest [--engine E,...] [--restart] [ARTICLE-ID...]",
	.brief = "run the suggestion engines over the corpus (or some articles)",
	.help = "Run the suggestion engines over every article (or the ids given) and store\n"
	    "their suggestions, one per place. Suggestions never replace a confirmed or\n"
	    "rejected span, and a rejected (place, label) is not proposed again.\n"
	    "  --engine E,...  propagate, gazetteer, pattern, model (default: all)\n"
	    "  --restart       start over instead of resuming an interrupted run\n"
	    "A run over the corpus commits in short transactions, so it is safe while\n"
	    "the interface is open, and an interrupted run resumes where it stopped.\n",
	.run = cmd_suggest,
};
