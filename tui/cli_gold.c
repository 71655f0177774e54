/*
 * cli_gold.c: what gloss train and gloss simulate share: reading gold
 * files into replay documents (model/ takes buffers, so files are read
 * here), the tagger model file, and number options.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include "model/gazetteer.h"
#include "model/label.h"
#include "model/simulate.h"
#include "model/tagger.h"
#include "tui/cli_int.h"
#include "tui/out.h"

enum { DOC_SENTENCES = 20 }; /* a document, when a CoNLL file has no -DOCSTART- */

char *
cli_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	size_t cap = 0, len = 0, r;

	if (f == NULL)
		return NULL;
	do {
		if (len == cap) {
			char *nb = realloc(b, cap = cap ? cap * 2 : 65536);

			if (nb == NULL) {
				free(b);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			b = nb;
		}
		r = fread(b + len, 1, cap - len, f);
		len += r;
	} while (r > 0);
	if (ferror(f)) {
		free(b);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*n = len;
	return b;
}

static int
gold_emit(const doc *d, void *arg)
{
	cli_gold *g = arg;

	return sim_split(d, g->per, &g->docs, &g->n);
}

void
cli_gold_free(cli_gold *g)
{
	for (size_t i = 0; i < g->n; i++)
		doc_clear(&g->docs[i]);
	free(g->docs);
	memset(g, 0, sizeof *g);
}

/* Read the gold files into g; prints problems, returns 0 or 1. */
int
cli_gold_read(const char *cmd, const char *format, char **paths, size_t n, cli_gold *g)
{
	memset(g, 0, sizeof *g);
	for (size_t i = 0; i < n; i++) {
		size_t len = 0;
		char *buf = cli_slurp(paths[i], &len);
		const fmt *f;
		fmt_opts fo = { 0 };
		fmt_input in = { 0 };
		fmt_report rep = { 0 };
		doc_err err = { 0 };

		if (buf == NULL) {
			out_err("%s: %s\n", paths[i], strerror(errno));
			return 1;
		}
		f = format ? fmt_by_name(format) : fmt_detect(paths[i], buf, len);
		if (f == NULL || f->read == NULL) {
			out_err("%s: %s: unknown format (try --format conll)\n", paths[i], cmd);
			free(buf);
			return 1;
		}
		fo.as_status = SPAN_CONFIRMED;
		in.name = paths[i];
		in.buf = buf;
		in.len = len;
		g->per = strcmp(f->name, "conll") == 0 && memmem(buf, len, "-DOCSTART-", 10) == NULL ? DOC_SENTENCES : 0;
		if (f->read(&in, &fo, gold_emit, g, &rep, &err) != 0) {
			out_err("%s:%zu: %s\n", paths[i], err.line, err.msg);
			fmt_report_free(&rep);
			free(buf);
			return 1;
		}
		fmt_report_free(&rep);
		free(buf);
	}
	return 0;
}

/* Where the starter model is when --starter is not given. */
const char *
cli_starter_default(void)
{
	const char *e = getenv("GLOSS_STARTER");

	/* The installed model, else the source tree's, so that the README's
	 * `./gloss --demo` from a fresh build suggests from the first article.
	 * The tests say GLOSS_STARTER=none (tests/e2e/lib.sh). */
	if (e && *e)
		return e;
	if (access(PKGDATADIR "/models/starter.tagger", R_OK) != 0 &&
	    access(SRCDATADIR "/models/starter.tagger", R_OK) == 0)
		return SRCDATADIR "/models/starter.tagger";
	return PKGDATADIR "/models/starter.tagger";
}

int
cli_load_starter(tagger *t, const char *path)
{
	size_t n = 0;
	unsigned char *b = (unsigned char *)cli_slurp(path, &n);

	if (b == NULL) {
		out_err("%s: %s\n", path, strerror(errno));
		return 1;
	}
	if (tagger_load(t, b, n) != 0) {
		out_err("%s: not a gloss tagger model\n", path);
		free(b);
		return 1;
	}
	free(b);
	return 0;
}

int
cli_write_file(const char *path, const unsigned char *b, size_t n)
{
	size_t pl = strlen(path);
	char *tmp = malloc(pl + 8);
	FILE *f;
	int ok;

	if (tmp == NULL)
		return -1;
	snprintf(tmp, pl + 8, "%s.tmp", path);
	if ((f = fopen(tmp, "wb")) == NULL) {
		free(tmp);
		return -1;
	}
	ok = fwrite(b, 1, n, f) == n;
	ok &= fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok &= fclose(f) == 0;
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

int
cli_parse_uint(const char *cmd, const char *opt, const char *s, unsigned long max, unsigned long *out)
{
	char *e;

	if (s == NULL)
		return 0;
	errno = 0;
	*out = strtoul(s, &e, 10);
	if (*s == '\0' || *e || errno || *out == 0 || *out > max)
		return cli_usage(cmd, "%s needs a number from 1 to %lu, not '%s'", opt, max, s);
	return 0;
}


/* Where the gazetteer lists are: $GLOSS_GAZETTEERS, else the installed ones. */
const char *
cli_gazetteer_dir(void)
{
	const char *e = getenv("GLOSS_GAZETTEERS");

	if (e && *e)
		return e;
	/* run from the build tree: the lists in the sources */
	if (access(PKGDATADIR "/gazetteers", R_OK) != 0 && access(GLOSS_SRCDIR "/assets/gazetteers", R_OK) == 0)
		return GLOSS_SRCDIR "/assets/gazetteers";
	return PKGDATADIR "/gazetteers";
}

/*
 * The gazetteer engine over every *.tsv in dir, with label alternatives
 * chosen for the replayed labels. NULL (after a message) when the lists
 * cannot be read.
 */
sug_engine *
cli_gazetteer_open(const char *dir, const char *const *labels, size_t nlab)
{
	label *lv = calloc(nlab ? nlab : 1, sizeof *lv);
	label_scheme ls = { lv, nlab };
	gazetteer *g = gazetteer_new();
	DIR *d = opendir(dir);
	struct dirent *de;
	sug_engine *e = NULL;
	char err[256];

	if (lv == NULL || g == NULL || d == NULL) {
		out_err("gloss: no gazetteer lists in %s\n", dir);
		goto out;
	}
	for (size_t i = 0; i < nlab; i++)
		lv[i].name = (char *)(uintptr_t)labels[i];
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name), n;
		char path[4096], *buf;

		if (nl < 5 || strcmp(de->d_name + nl - 4, ".tsv") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if ((buf = cli_slurp(path, &n)) == NULL)
			continue;
		if (gazetteer_load(g, buf, n, path, &ls, NULL, err, sizeof err) < 0)
			out_err("%s\n", err);
		free(buf);
	}
	if (gazetteer_build(g) == 0 && (e = gazetteer_engine_new(g)) != NULL)
		g = NULL;
out:
	if (d)
		closedir(d);
	gazetteer_free(g);
	free(lv);
	return e;
}

