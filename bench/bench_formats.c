/*
 * bench_formats.c: every format's writer, and the JSON family's readers,
 * on ~1 MB of news text with 4,000 entities cut into articles of ~2 KB
 * (the shape of a real export). Prints "name: value unit" lines (make
 * bench): MB/s counts article text, so formats compare on the same input
 * whatever their output size.
 *
 * Usage: bench_formats [BASE]   the text and entities come from BASE.txt
 * and BASE.ann (default: $BENCH_BRAT, else bench/b1m, generated on first
 * use with `python3 $GEN_CORPUS brat bench/b1m --bytes 1000000
 * --max-ents 4000`, as bench_conll does). Each timing is the best of
 * several runs.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "db/json_sqlite.h"
#include "model/fmt.h"

enum { RUNS = 5 };

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0
	    && (buf = malloc((size_t)n + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

struct corpus {
	doc *v;
	size_t n, cap;
	size_t bytes, spans;
};

/* The one big doc brat gives, cut at blank lines into ~2 KB articles
 * (spans move with their article; one crossing a cut is dropped). */
static int
split(const doc *d, void *arg)
{
	struct corpus *c = arg;
	size_t a = 0, acp = 0, k = 0;

	while (a < d->len) {
		size_t b = a + 2000 < d->len ? a + 2000 : d->len, bcp;
		const char *p;
		doc *x;

		if (b < d->len && (p = strstr(d->text + b, "\n\n")) != NULL)
			b = (size_t)(p - d->text) + 2;
		else
			b = d->len;
		bcp = acp;
		for (size_t i = a; i < b; i++)
			bcp += ((unsigned char)d->text[i] & 0xC0) != 0x80;
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 64;
			if ((c->v = realloc(c->v, c->cap * sizeof *c->v)) == NULL)
				return -1;
		}
		x = &c->v[c->n++];
		doc_init(x);
		if (doc_set_text(x, d->text + a, b - a) != 0)
			return -1;
		for (; k < d->nspans && d->spans[k].start < bcp; k++) {
			span s = d->spans[k];

			if (s.start < acp || s.end > bcp)
				continue;
			s.start -= acp;
			s.end -= acp;
			if (doc_add_span(x, &s) != 0)
				return -1;
			c->spans++;
		}
		c->bytes += b - a;
		a = b;
		acp = bcp;
	}
	return 0;
}

static FILE *
null_open(void *arg, const char *name)
{
	(void)arg;
	(void)name;
	return fopen("/dev/null", "w");
}

static int
null_close(void *arg, FILE *f)
{
	(void)arg;
	return fclose(f);
}

static int
discard(const doc *d, void *arg)
{
	size_t *n = arg;

	*n += d->nspans;
	return 0;
}

static fmt_opts
opts(jsonp *jp)
{
	fmt_opts o;

	memset(&o, 0, sizeof o);
	o.as_status = SPAN_CONFIRMED;
	o.json_parse = jsonp_parse;
	o.json_ctx = jp;
	return o;
}

/* Best of RUNS writes of the corpus with f; the last run's output in *out
 * (single-file formats). */
static double
time_write(const fmt *f, const struct corpus *c, jsonp *jp, char **out, size_t *outlen)
{
	double best = 1e9;
	fmt_opts o = opts(jp);

	for (int r = 0; r < RUNS; r++) {
		fmt_out fo;
		fmt_writer *w;
		double t0, t;
		int last = r == RUNS - 1 && !f->multi_file;

		memset(&fo, 0, sizeof fo);
		fo.open = null_open;
		fo.close = null_close;
		if (last)
			fo.f = open_memstream(out, outlen);
		else
			fo.f = fopen("/dev/null", "w");
		if (fo.f == NULL || (w = f->write_begin(&fo, &o)) == NULL) {
			fprintf(stderr, "bench_formats: %s: cannot start\n", f->name);
			exit(1);
		}
		t0 = now();
		for (size_t i = 0; i < c->n; i++)
			if (f->write_doc(w, &c->v[i]) != 0) {
				fprintf(stderr, "bench_formats: %s: write failed\n", f->name);
				exit(1);
			}
		if (f->write_end(w) != 0 || fflush(fo.f) != 0) {
			fprintf(stderr, "bench_formats: %s: write failed\n", f->name);
			exit(1);
		}
		t = now() - t0;
		fclose(fo.f);
		if (t < best)
			best = t;
	}
	return best;
}

static double
time_read(const fmt *f, const char *buf, size_t len, jsonp *jp, size_t *spans)
{
	double best = 1e9;
	fmt_opts o = opts(jp);
	fmt_input in = { f->name, buf, len, NULL, 0 };

	for (int r = 0; r < RUNS; r++) {
		fmt_report rep;
		doc_err err;
		double t0 = now(), t;

		memset(&rep, 0, sizeof rep);
		*spans = 0;
		if (f->read(&in, &o, discard, spans, &rep, &err) != 0) {
			fprintf(stderr, "bench_formats: %s read: %zu: %s\n", f->name, err.line, err.msg);
			exit(1);
		}
		fmt_report_free(&rep);
		if ((t = now() - t0) < best)
			best = t;
	}
	return best;
}

int
main(int argc, char **argv)
{
	const char *base = argc > 1 ? argv[1] : getenv("BENCH_BRAT");
	const fmt *brat = fmt_by_name("brat"), *const *all = fmt_all();
	char tp[4096], ap[4096];
	struct corpus c = { 0 };
	fmt_input in;
	char *tbuf = NULL, *abuf = NULL; /* in.buf and in.aux, owned */
	fmt_opts o;
	fmt_report rep;
	doc_err err;
	struct stat st;
	jsonp *jp = jsonp_new();

	if (base == NULL) {
		const char *gen = getenv("GEN_CORPUS");

		base = "bench/b1m";
		if (stat("bench/b1m.ann", &st) != 0) {
			char cmd[8192];

			if (gen == NULL || stat(gen, &st) != 0) {
				printf("bench_formats: skipped (no BENCH_BRAT and no gen_corpus.py at GEN_CORPUS)\n");
				return 0;
			}
			snprintf(cmd, sizeof cmd, "python3 '%s' brat bench/b1m --bytes 1000000 --max-ents 4000 >/dev/null", gen);
			if (system(cmd) != 0) {
				printf("bench_formats: skipped (gen_corpus.py failed)\n");
				return 0;
			}
		}
	}
	if (brat == NULL || brat->read == NULL || jp == NULL) {
		printf("bench_formats: skipped (no brat reader)\n");
		return 0;
	}
	snprintf(tp, sizeof tp, "%s.txt", base);
	snprintf(ap, sizeof ap, "%s.ann", base);
	memset(&in, 0, sizeof in);
	in.name = tp;
	if ((in.buf = tbuf = slurp(tp, &in.len)) == NULL || (in.aux = abuf = slurp(ap, &in.auxlen)) == NULL) {
		fprintf(stderr, "bench_formats: cannot read %s / %s\n", tp, ap);
		return 1;
	}
	o = opts(jp);
	memset(&rep, 0, sizeof rep);
	if (brat->read(&in, &o, split, &c, &rep, &err) != 0) {
		fprintf(stderr, "bench_formats: %s:%zu: %s\n", ap, err.line, err.msg);
		return 1;
	}
	fmt_report_free(&rep);
	printf("corpus: %.2f MB of text\ncorpus: %zu articles\ncorpus: %zu entities\n",
	    (double)c.bytes / 1e6, c.n, c.spans);
	for (size_t i = 0; all[i]; i++) {
		const fmt *f = all[i];
		char *out = NULL;
		size_t outlen = 0, spans = 0;
		double t;

		if (f->write_begin == NULL || f->write_doc == NULL)
			continue;
		t = time_write(f, &c, jp, &out, &outlen);
		printf("export_%s: %.2f ms\nexport_%s: %.1f MB/s\n", f->name, t * 1e3, f->name,
		    (double)c.bytes / 1e6 / t);
		if (out != NULL)
			printf("export_%s: %.2f MB output\n", f->name, (double)outlen / 1e6);
		/* Read back what the JSON family wrote (other readers have their own benches). */
		if (out != NULL && f->read != NULL && strstr(" jsonl spacy doccano labelstudio ", f->name) != NULL) {
			t = time_read(f, out, outlen, jp, &spans);
			printf("import_%s: %.2f ms\nimport_%s: %.1f MB/s\n", f->name, t * 1e3, f->name,
			    (double)c.bytes / 1e6 / t);
		}
		free(out);
	}
	for (size_t i = 0; i < c.n; i++)
		doc_clear(&c.v[i]);
	free(c.v);
	free(tbuf);
	free(abuf);
	jsonp_free(jp);
	return 0;
}
