/*
 * cli_train.c: gloss train: the tagger trained on gold files, written as
 * a starter model (averaged weights only).
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/pattern.h"
#include "model/propagate.h"
#include "model/simulate.h"
#include "model/tagger.h"
#include "tui/cli_int.h"
#include "tui/out.h"

static int
cmd_train(cli_env *env, int argc, char **argv)
{
	const char *vals[3] = { NULL };
	const struct opt opts[] = {
		{ "--format", &vals[0], NULL }, { "--epochs", &vals[1], NULL }, { "-o", &vals[2], NULL },
		{ "--output", &vals[2], NULL }, { NULL, NULL, NULL },
	};
	char **pos = NULL;
	size_t npos, nsent = 0;
	unsigned long epochs = 4;
	cli_gold g = { 0 };
	sug_engine *e = NULL, *hint[3] = { NULL, NULL, NULL };
	const char **labels = NULL;
	size_t nlab;
	unsigned char *buf = NULL;
	size_t n;
	int rc;

	if ((rc = cli_parse(env, cli_find_cmd("train"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	rc = 2;
	if (cli_parse_uint("train", "--epochs", vals[1], 100, &epochs) != 0)
		goto out;
	if (npos == 0) {
		cli_usage("train", "no GOLD file to train on");
		goto out;
	}
	if (vals[2] == NULL) {
		cli_usage("train", "no -o FILE to write the model to");
		goto out;
	}
	rc = 1;
	if (cli_gold_read("train", vals[0], pos, npos, &g) != 0)
		goto out;
	for (size_t i = 0; i < g.n; i++)
		for (size_t b = 0; b <= g.docs[i].len; b++)
			nsent += b == g.docs[i].len || g.docs[i].text[b] == '\n';
	if ((e = tagger_engine_new(NULL)) == NULL)
		goto oom;
	/* one pass per document and epoch; average over the last quarter */
	tagger_set_opts(tagger_of_engine(e), 1, (double)(nsent * epochs) / 4 + 1, 0);
	if ((labels = sim_labels(g.docs, g.n, &nlab)) == NULL || (hint[0] = propagate_engine_new()) == NULL)
		goto oom;
	if ((hint[1] = cli_gazetteer_open(cli_gazetteer_dir(), labels, nlab)) == NULL)
		goto out;
	if ((hint[2] = pattern_engine_new()) == NULL)
		goto oom;
	if (sim_train(g.docs, g.n, hint, 3, e, (unsigned)epochs) != 0 ||
	    tagger_save(tagger_of_engine(e), 1, &buf, &n) != 0)
		goto oom;
	if (cli_write_file(vals[2], buf, n) != 0) {
		out_err("%s: %s\n", vals[2], strerror(errno));
		goto out;
	}
	out_err("train: %zu documents, %zu sentences, %lu epochs; wrote %s (%zu bytes)\n",
	    g.n, nsent, epochs, vals[2], n);
	rc = 0;
	goto out;
oom:
	out_err("gloss: train: out of memory\n");
out:
	free(buf);
	sug_engine_free(e);
	sug_engine_free(hint[0]);
	sug_engine_free(hint[1]);
	sug_engine_free(hint[2]);
	free(labels);
	cli_gold_free(&g);
	free(pos);
	return rc == 3 ? 0 : rc;
}


const struct cli_cmd cli_cmd_train = {
	.name = "train",
	.synopsis = "train [--format F] [--epochs N] GOLD... -o FILE",
	.brief = "train the tagger on gold files (the starter model)",
	.help = "Train the tagger (the \"model\" engine) on gold files and write it to FILE\n"
	    "(a starter model: averaged weights only). CoNLL files without -DOCSTART-\n"
	    "are cut into documents of 20 sentences, as simulate does.\n"
	    "  --format F   format of the gold files (default: detect; conll)\n"
	    "  --epochs N   passes over the data (default 4)\n"
	    "  -o FILE      where to write the model (written whole, then renamed)\n",
	.run = cmd_train,
};
