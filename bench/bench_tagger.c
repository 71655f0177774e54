/*
 * bench_tagger.c: how fast the tagger learns and tags (issue 8: learn at
 * >= 50k tokens/s, tag at >= 200k tokens/s on one core), on the shipped
 * gold data (assets/gold). Prints "name: value unit" lines (make bench).
 *
 * Usage: bench_tagger                  the timings
 *        bench_tagger --show MODEL FILE...
 *            what the tagger MODEL (e.g. assets/models/starter.tagger),
 *            with the shipped gazetteer lists as hints, proposes on txt
 *            articles: one "LABEL confidence [text]" line per suggestion.
 *            A look at unseen news text, not a timing.
 */
#include "config.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "model/fmt.h"
#include "model/gazetteer.h"
#include "model/pattern.h"
#include "model/simulate.h"
#include "model/tagger.h"
#include "model/text.h"
#include "bench/bench_util.h"

typedef struct docs {
	doc *v;
	size_t n;
} docs;

static int
emit(const doc *d, void *arg)
{
	docs *ds = arg;

	return sim_split(d, 20, &ds->v, &ds->n); /* documents of at most 20 sentences */
}

static void
read_gold(const char *path, docs *ds)
{
	size_t len;
	char *buf = slurp(path, &len);
	fmt_input in = { path, buf, len, NULL, 0 };
	fmt_opts fo = { 0 };
	fmt_report rep = { 0 };
	doc_err err = { 0 };

	fo.as_status = SPAN_CONFIRMED;
	if (fmt_by_name("conll")->read(&in, &fo, emit, ds, &rep, &err) != 0) {
		fprintf(stderr, "%s:%zu: %s\n", path, err.line, err.msg);
		exit(1);
	}
	fmt_report_free(&rep);
	free(buf);
}

/* The input for a whole doc; *tok is the caller's to free. */
static sug_input
input_of(const doc *d, token **tok)
{
	sug_input in = { 0 };

	in.s = d->text;
	in.len = d->len;
	in.ntok = sug_tokens(d->text, d->len, token_mode_of_meta(d->meta), tok);
	in.tok = *tok;
	for (size_t i = 0; i < d->len; i++)
		in.ncp += ((unsigned char)d->text[i] & 0xc0) != 0x80;
	in.known = d->spans;
	in.nknown = d->nspans;
	in.done_end = in.ncp;
	return in;
}

static int
timings(void)
{
	docs ds = { 0 };
	tagger_opts o = { 0 };
	tagger *t;
	size_t ntok = 0, nsug = 0;
	double t0, learn, tag;
	sug_list l;

	read_gold(GLOSS_SRCDIR "/assets/gold/btc_section_g.conll", &ds);
	read_gold(GLOSS_SRCDIR "/assets/gold/wikigold.conll", &ds);
	o.passes = 1;
	o.replay = 0;
	/* replay off: a learning step is one decode and one update per
	 * sentence, what "learns at N tokens/s" means */
	if ((t = tagger_new(&o)) == NULL)
		return 1;
	tagger_set_opts(t, 1, 0, 0);
	t0 = cpu();
	for (size_t d = 0; d < ds.n; d++) {
		token *tok;
		sug_input in = input_of(&ds.v[d], &tok);

		ntok += in.ntok;
		tagger_learn(t, &in);
		free(tok);
	}
	learn = cpu() - t0;
	sug_list_init(&l);
	t0 = cpu();
	for (size_t d = 0; d < ds.n; d++) {
		token *tok;
		sug_input in = input_of(&ds.v[d], &tok);

		in.known = NULL;
		in.nknown = 0;
		sug_list_reset(&l);
		tagger_suggest(t, &in, &l);
		nsug += l.n;
		free(tok);
	}
	tag = cpu() - t0;
	printf("tagger_learn: %.0f tokens/s (%zu tokens, one pass; target >= 50000)\n", (double)ntok / learn, ntok);
	printf("tagger_tag: %.0f tokens/s (%zu tokens, %zu suggestions; target >= 200000)\n", (double)ntok / tag, ntok, nsug);
	sug_list_clear(&l);
	tagger_free(t);
	for (size_t d = 0; d < ds.n; d++)
		doc_clear(&ds.v[d]);
	free(ds.v);
	return 0;
}

/* The shipped gazetteer lists, labels as the starter's (CoNLL) scheme. */
static gazetteer *
shipped_gazetteer(void)
{
	static const char *const names[] = { "PER", "ORG", "LOC", "MISC" };
	label lv[4];
	label_scheme ls = { lv, 4 };
	gazetteer *g = gazetteer_new();
	const char *dir = GLOSS_SRCDIR "/assets/gazetteers";
	DIR *d = opendir(dir);
	struct dirent *de;
	char err[256];

	memset(lv, 0, sizeof lv);
	for (int i = 0; i < 4; i++)
		lv[i].name = (char *)(uintptr_t)names[i];
	while (d && (de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name), n;
		char path[4096], *buf;

		if (nl < 5 || strcmp(de->d_name + nl - 4, ".tsv") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		buf = slurp(path, &n);
		gazetteer_load(g, buf, n, path, &ls, NULL, err, sizeof err);
		free(buf);
	}
	if (d)
		closedir(d);
	gazetteer_build(g);
	return g;
}

static int
show(const char *model, char **files, int n)
{
	size_t len;
	unsigned char *buf = (unsigned char *)slurp(model, &len);
	tagger *t = tagger_new(NULL);
	gazetteer *g = shipped_gazetteer();
	gaz_matches m = { 0 };
	sug_engine *pe = pattern_engine_new();

	if (buf == NULL || t == NULL || tagger_load(t, buf, len) != 0) {
		fprintf(stderr, "bench_tagger: %s: not a tagger model\n", model);
		return 1;
	}
	free(buf);
	for (int f = 0; f < n; f++) {
		char *raw = slurp(files[f], &len);
		text_article a;
		token *tok = NULL;
		sug_input in = { 0 };
		sug_list l, pat;
		span *hints;

		if (raw == NULL || text_article_parse(raw, len, TEXT_LOSSY, &a, NULL) != 0) {
			fprintf(stderr, "bench_tagger: cannot read %s\n", files[f]);
			free(raw);
			continue;
		}
		in.s = a.body;
		in.len = a.len;
		in.ntok = sug_tokens(a.body, a.len, TOKEN_WORDS, &tok);
		in.tok = tok;
		for (size_t i = 0; i < a.len; i++)
			in.ncp += ((unsigned char)a.body[i] & 0xc0) != 0x80;
		gazetteer_match(g, a.body, a.len, 0, &m);
		/* hints as simulate gives them: gazetteer matches and patterns */
		sug_list_init(&pat);
		pe->suggest(pe->self, &in, &pat);
		hints = calloc(m.n + pat.n + 1, sizeof *hints);
		for (size_t i = 0; i < m.n; i++) {
			hints[i].start = m.v[i].start;
			hints[i].end = m.v[i].end;
			hints[i].label = gazetteer_label(g, m.v[i].label);
			hints[i].source = SRC_GAZETTEER;
		}
		for (size_t i = 0; i < pat.n; i++)
			hints[m.n + i] = pat.v[i];
		in.hints = hints;
		in.nhints = m.n + pat.n;
		sug_list_init(&l);
		tagger_suggest(t, &in, &l);
		printf("== %s: %zu suggestions\n", files[f], l.n);
		for (size_t i = 0; i < l.n; i++) {
			size_t bs = sug_cp_to_byte(&in, l.v[i].start), be = sug_cp_to_byte(&in, l.v[i].end);

			printf("%-5s %.2f [%.*s]\n", l.v[i].label, l.v[i].confidence, (int)(be - bs), a.body + bs);
		}
		sug_list_clear(&l);
		sug_list_clear(&pat);
		free(hints);
		free(tok);
		text_article_clear(&a);
		free(raw);
	}
	gaz_matches_free(&m);
	sug_engine_free(pe);
	gazetteer_free(g);
	tagger_free(t);
	return 0;
}

int
main(int argc, char **argv)
{
	bench_name = "bench_tagger";
	(void)wall; /* bench_util.h: CPU time is the figure here */
	if (argc >= 3 && strcmp(argv[1], "--show") == 0)
		return show(argv[2], argv + 3, argc - 3);
	return timings();
}
