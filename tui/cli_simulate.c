/*
 * cli_simulate.c: gloss simulate: replay gold files through the engines
 * (model/simulate.c) and print how a person would have fared.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "model/pattern.h"
#include "model/propagate.h"
#include "model/simulate.h"
#include "model/tagger.h"
#include "tui/cli_int.h"
#include "tui/out.h"

/* Engines by name, in the order simulate runs them (the tagger last: the
 * others' suggestions are its hints). */
static const char *const engine_names[] = { "propagate", "gazetteer", "pattern", "model", NULL };

static void
put_row(const char *name, const sim_count *c)
{
	printf("%-10s %6.3f %6.3f %6.3f  (%zu right, %zu wrong, %zu missed)\n", name,
	    sim_precision(c), sim_recall(c), sim_f1(c), c->tp, c->fp, c->fn);
}

static int
cmd_simulate(cli_env *env, int argc, char **argv)
{
	const char *vals[6] = { NULL };
	const struct opt opts[] = {
		{ "--engine", &vals[0], NULL }, { "--format", &vals[1], NULL }, { "--starter", &vals[2], NULL },
		{ "--passes", &vals[3], NULL }, { "--window", &vals[4], NULL }, { "--replay", &vals[5], NULL },
		{ NULL, NULL, NULL },
	};
	char **pos = NULL;
	size_t npos, neng = 0;
	unsigned long passes = 1, window = 100, replay = 2;
	const char *starter;
	cli_gold g = { 0 };
	sug_engine *eng[SIM_MAX_ENGINES] = { NULL };
	sim_result r;
	int rc, want[4] = { 1, 1, 1, 1 };
	const char **labels = NULL;
	size_t nlab = 0;

	if ((rc = cli_parse(env, cli_find_cmd("simulate"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	rc = 2;
	if (cli_parse_uint("simulate", "--passes", vals[3], 50, &passes) != 0 ||
	    cli_parse_uint("simulate", "--window", vals[4], 100000000, &window) != 0 ||
	    (vals[5] && strcmp(vals[5], "0") != 0 && cli_parse_uint("simulate", "--replay", vals[5], 100, &replay) != 0))
		goto out;
	if (vals[0]) {
		char *list = strdup(vals[0]), *save = NULL;

		if (list == NULL)
			goto out;
		memset(want, 0, sizeof want);
		for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
			int k = cli_word(w, engine_names);

			if (k < 0) {
				cli_usage("simulate", "unknown engine '%s' (propagate, gazetteer, pattern, model)", w);
				free(list);
				goto out;
			}
			want[k] = 1;
		}
		free(list);
	}
	if (npos == 0) {
		cli_usage("simulate", "no GOLD file to replay");
		goto out;
	}
	rc = 1;
	if (cli_gold_read("simulate", vals[1], pos, npos, &g) != 0)
		goto out;
	if ((labels = sim_labels(g.docs, g.n, &nlab)) == NULL)
		goto oom;
	starter = vals[2] ? vals[2] : cli_starter_default();
	for (int k = 0; engine_names[k]; k++) {
		if (!want[k])
			continue;
		switch (k) {
		case 0:
			eng[neng] = propagate_engine_new();
			break;
		case 1:
			/* without lists the replay goes on, unless asked for them */
			if ((eng[neng] = cli_gazetteer_open(cli_gazetteer_dir(), labels, nlab)) == NULL) {
				if (vals[0])
					goto out;
				continue;
			}
			break;
		case 2:
			eng[neng] = pattern_engine_new();
			break;
		default:
			eng[neng] = tagger_engine_new(NULL);
			break;
		}
		if (eng[neng++] == NULL)
			goto oom;
		if (k == 3) {
			tagger *t = tagger_of_engine(eng[neng - 1]);

			/* the default starter may not be installed: then start empty */
			if (!vals[2] && strcmp(starter, "none") != 0 && access(starter, R_OK) != 0) {
				out_err("gloss: simulate: no starter model at %s; the tagger starts empty\n", starter);
				starter = "none";
			}
			if (strcmp(starter, "none") != 0 && cli_load_starter(t, starter) != 0)
				goto out;
			tagger_set_opts(t, (unsigned)passes, (double)window, (unsigned)replay);
		}
	}
	if (sim_run(g.docs, g.n, eng, neng, NULL, 0, &r) != 0)
		goto oom;
	printf("replayed %zu documents, %zu sentences, %zu gold entities; starter model: %s\n",
	    r.ndocs, r.nsents, r.ngold, want[3] ? starter : "-");
	printf("%-10s %6s %6s %6s\n", "engine", "P", "R", "F1");
	for (size_t e = 0; e < r.nengines; e++)
		put_row(r.engine[e], &r.each[e]);
	put_row("combined", &r.all);
	printf("learning curve (combined F1 per tenth of the documents):");
	for (int k = 0; k < SIM_TENTHS; k++)
		printf(" %.3f", sim_f1(&r.tenth[k]));
	printf("\naccepted with one key: %.1f%% of gold entities (suggested exactly)\n",
	    r.ngold ? 100.0 * (double)r.all.tp / (double)r.ngold : 0.0);
	printf("near misses: %.1f%% of gold entities had a suggestion of the wrong extent or label\n",
	    r.ngold ? 100.0 * (double)r.near / (double)r.ngold : 0.0);
	printf("wrong suggestions to reject: %.1f per 100 gold entities\n",
	    r.ngold ? 100.0 * (double)r.all.fp / (double)r.ngold : 0.0);
	printf("simulate: P=%.3f R=%.3f F1=%.3f\n", sim_precision(&r.all), sim_recall(&r.all), sim_f1(&r.all));
	rc = 0;
	goto out;
oom:
	out_err("gloss: simulate: out of memory\n");
out:
	for (size_t e = 0; e < neng; e++)
		sug_engine_free(eng[e]);
	cli_gold_free(&g);
	free(labels);
	free(pos);
	return rc == 3 ? 0 : rc;
}

const struct cli_cmd cli_cmd_simulate = {
	.name = "simulate",
	.synopsis = "simulate [--engine E,...] [--format F] [--starter FILE|none] GOLD...",
	.brief = "replay gold files and measure the suggestions",
	.help = "Replay gold files as a person annotating them with gloss would: per\n"
	    "document, sentence by sentence, the engines suggest, the suggestions are\n"
	    "scored against the sentence's gold (exact span and label), then the gold\n"
	    "spans are confirmed and the engines learn (propagation at once, the\n"
	    "tagger after each document). Prints precision, recall and F1 per engine\n"
	    "and combined, the learning curve (F1 per tenth of the documents), the\n"
	    "share of gold entities accepted with one key and the wrong suggestions\n"
	    "per 100 gold entities; the last line is `simulate: P=... R=... F1=...`.\n"
	    "  --engine E,...   engines to use, of propagate, gazetteer, pattern,\n"
	    "                   model (default: all)\n"
	    "  --format F       format of the gold files (default: detect; conll)\n"
	    "  --starter FILE   tagger to start from, or none (default: $GLOSS_STARTER,\n"
	    "                   else the installed starter model, else none)\n"
	    "  --passes N       tagger passes per learning step (default 1)\n"
	    "  --window N       tagger averaging window in steps (default 100)\n"
	    "  --replay N       past sentences the tagger replays per new one (default 2)\n",
	.run = cmd_simulate,
};
