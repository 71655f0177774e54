/*
 * bench_conll.c: the brat and CoNLL readers and writers on ~1 MB of news
 * text with 4,000 entities (issue 4: exporting it to CoNLL must take less
 * than 50 ms). Prints "name: value unit" lines (make bench).
 *
 * Usage: bench_conll [BASE]   reads BASE.txt and BASE.ann (default:
 * $BENCH_BRAT, else bench/b1m in the current directory, generated on first
 * use with `python3 $GEN_CORPUS brat bench/b1m --bytes 1000000
 * --max-ents 4000`). Each timing is the best of several runs.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "model/fmt.h"

extern const fmt fmt_brat, fmt_conll;

enum { RUNS = 11 };

static double
clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall time, and this process's CPU time (steadier when the machine is busy). */
typedef struct lap {
	double wall, cpu;
} lap;

static lap
now(void)
{
	return (lap){ clock_s(CLOCK_MONOTONIC), clock_s(CLOCK_PROCESS_CPUTIME_ID) };
}

/* Keep the best wall and CPU times of t0..now in *best. */
static void
best_of(lap *best, lap t0)
{
	lap t = now();

	if (t.wall - t0.wall < best->wall)
		best->wall = t.wall - t0.wall;
	if (t.cpu - t0.cpu < best->cpu)
		best->cpu = t.cpu - t0.cpu;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/* Keep a copy of the first doc a reader emits. */
static int
keep(const doc *d, void *arg)
{
	doc *k = arg;

	if (k->text != NULL)
		return 0;
	if (doc_set_text(k, d->text, d->len) != 0 || doc_set_str(&k->meta, d->meta) != 0)
		return -1;
	for (size_t i = 0; i < d->nspans; i++)
		if (doc_add_span(k, &d->spans[i]) != 0)
			return -1;
	return 0;
}

static int
discard(const doc *d, void *arg)
{
	(void)d;
	(void)arg;
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

static void
result(const char *what, lap t, size_t bytes)
{
	printf("%s: %.2f ms\n", what, t.wall * 1e3);
	printf("%s: %.1f MB/s\n", what, (double)bytes / 1e6 / t.wall);
	printf("%s cpu: %.2f ms\n", what, t.cpu * 1e3);
}

/* Best time of RUNS reads of in with f. */
static lap
time_read(const fmt *f, const fmt_input *in)
{
	lap best = { 1e9, 1e9 };
	fmt_opts o;

	memset(&o, 0, sizeof o);
	o.as_status = SPAN_CONFIRMED;
	for (int r = 0; r < RUNS; r++) {
		fmt_report rep;
		doc_err err;
		lap t0 = now();

		memset(&rep, 0, sizeof rep);
		if (f->read(in, &o, discard, NULL, &rep, &err) != 0) {
			fprintf(stderr, "bench_conll: %s read: %zu: %s\n", f->name, err.line, err.msg);
			exit(1);
		}
		fmt_report_free(&rep);
		best_of(&best, t0);
	}
	return best;
}

/* Best time of RUNS writes of d with f (to /dev/null, or into *out). */
static lap
time_write(const fmt *f, const doc *d, int scheme, char **out, size_t *outlen)
{
	lap best = { 1e9, 1e9 };
	fmt_opts o;

	memset(&o, 0, sizeof o);
	o.scheme = scheme;
	for (int r = 0; r < RUNS; r++) {
		fmt_out fo;
		fmt_writer *w;
		lap t0;

		memset(&fo, 0, sizeof fo);
		fo.open = null_open;
		fo.close = null_close;
		fo.f = out && r == RUNS - 1 ? open_memstream(out, outlen) : fopen("/dev/null", "w");
		t0 = now();
		if (fo.f == NULL || (w = f->write_begin(&fo, &o)) == NULL || f->write_doc(w, d) != 0 ||
		    f->write_end(w) != 0) {
			fprintf(stderr, "bench_conll: %s write failed\n", f->name);
			exit(1);
		}
		best_of(&best, t0);
		fclose(fo.f);
	}
	return best;
}

int
main(int argc, char **argv)
{
	const char *base = argc > 1 ? argv[1] : getenv("BENCH_BRAT");
	char tp[4096], ap[4096];
	fmt_input in;
	char *tbuf = NULL, *abuf = NULL; /* in.buf and in.aux, owned */
	doc d;
	fmt_opts o;
	fmt_report rep;
	doc_err err;
	char *conll = NULL;
	size_t conlllen = 0;
	struct stat st;

	if (base == NULL) {
		const char *gen = getenv("GEN_CORPUS");

		base = "bench/b1m";
		if (stat("bench/b1m.ann", &st) != 0) {
			char cmd[8192];

			if (gen == NULL || stat(gen, &st) != 0) {
				printf("bench_conll: skipped (no BENCH_BRAT and no gen_corpus.py at GEN_CORPUS)\n");
				return 0;
			}
			snprintf(cmd, sizeof cmd, "python3 '%s' brat bench/b1m --bytes 1000000 --max-ents 4000 >/dev/null 2>&1", gen);
			if (system(cmd) != 0) {
				printf("bench_conll: skipped (gen_corpus.py failed)\n");
				return 0;
			}
		}
	}
	snprintf(tp, sizeof tp, "%s.txt", base);
	snprintf(ap, sizeof ap, "%s.ann", base);
	memset(&in, 0, sizeof in);
	in.name = tp;
	if ((in.buf = tbuf = slurp(tp, &in.len)) == NULL || (in.aux = abuf = slurp(ap, &in.auxlen)) == NULL) {
		fprintf(stderr, "bench_conll: cannot read %s / %s\n", tp, ap);
		return 1;
	}

	/* brat in */
	doc_init(&d);
	memset(&o, 0, sizeof o);
	memset(&rep, 0, sizeof rep);
	o.as_status = SPAN_CONFIRMED;
	if (fmt_brat.read(&in, &o, keep, &d, &rep, &err) != 0) {
		fprintf(stderr, "bench_conll: %s:%zu: %s\n", ap, err.line, err.msg);
		return 1;
	}
	fmt_report_free(&rep);
	printf("input: %zu bytes of text, %zu entities\n", d.len, d.nspans);
	result("brat read (.txt+.ann)", time_read(&fmt_brat, &in), in.len + in.auxlen);

	/* CoNLL out, the number issue 4 asks for, then CoNLL in */
	result("conll write iob2", time_write(&fmt_conll, &d, FMT_SCHEME_IOB2, &conll, &conlllen), d.len);
	result("conll write bilou", time_write(&fmt_conll, &d, FMT_SCHEME_BILOU, NULL, NULL), d.len);
	{
		fmt_input ci;

		memset(&ci, 0, sizeof ci);
		ci.name = "conll";
		ci.buf = conll;
		ci.len = conlllen;
		printf("conll output: %zu bytes\n", conlllen);
		result("conll read", time_read(&fmt_conll, &ci), conlllen);
	}
	result("brat write (.txt+.ann)", time_write(&fmt_brat, &d, 0, NULL, NULL), d.len);
	free(conll);
	free(tbuf);
	free(abuf);
	doc_clear(&d);
	return 0;
}
