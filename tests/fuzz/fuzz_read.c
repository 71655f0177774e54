/*
 * fuzz_read.c: libFuzzer target for the format readers (GUIDE §8).
 *
 * Built once per format with -DFUZZ_FORMAT="conll" (fuzz_conll, ...); built
 * without it, the first input byte picks the reader. The input is one file's
 * bytes; for brat it is split at the first NUL byte into the .txt and the
 * .ann. Each input is read twice: with default options and with the other
 * offset unit / tag scheme / lossy decoding, so both paths get fuzzed.
 *
 * Beyond "does not crash", every document a reader emits must keep the
 * contract of doc.h: valid UTF-8 text, spans inside it with start <= end,
 * enum fields in range. A broken contract aborts, which libFuzzer reports
 * as a crash with the input that caused it. Emitted documents are also fed
 * to the same format's writer (output to /dev/null).
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include "model/fmt.h"
#include "db/json_sqlite.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static jsonp *json_ctx; /* one SQLite connection for the whole run */

/* Report a broken contract the way libFuzzer notices: abort. */
static void
broken(const char *what, const doc *d)
{
	fprintf(stderr, "fuzz_read: %s (doc text %zu bytes, %zu spans)\n",
	    what, d->len, d->nspans);
	abort();
}

/* Writer output is not kept: every stream, brat's per-article ones too, is /dev/null. */
static FILE *
mem_open(void *arg, const char *name)
{
	(void)arg;
	(void)name;
	return fopen("/dev/null", "w");
}

static int
mem_close(void *arg, FILE *f)
{
	(void)arg;
	return fclose(f);
}

struct run {
	const fmt *f;
	fmt_writer *w;   /* NULL when the format has no writer */
	fmt_out out;
	size_t docs;
};

static int
check_doc(const doc *d, void *arg)
{
	struct run *r = arg;
	size_t ncp;

	if (d->text == NULL && d->len != 0)
		broken("NULL text with a length", d);
	if (d->len > 0 && u8_check((const uint8_t *)d->text, d->len) != NULL)
		broken("text is not valid UTF-8", d);
	ncp = d->len > 0 ? u8_mbsnlen((const uint8_t *)d->text, d->len) : 0;
	if (d->nspans > 0 && d->spans == NULL)
		broken("spans missing", d);
	for (size_t i = 0; i < d->nspans; i++) {
		const span *s = &d->spans[i];

		if (s->start > s->end)
			broken("span start after its end", d);
		if (s->end > ncp)
			broken("span ends past the text", d);
		if (s->kind < SPAN_ENTITY || s->kind > SPAN_HIGHLIGHT)
			broken("span kind out of range", d);
		if (s->status < SPAN_SUGGESTED || s->status > SPAN_REJECTED)
			broken("span status out of range", d);
		if (s->source < SRC_MANUAL || s->source > SRC_MODEL)
			broken("span source out of range", d);
		if (s->kind == SPAN_ENTITY && s->label == NULL)
			broken("entity without a label", d);
		if (!(s->confidence >= 0.0 && s->confidence <= 1.0))
			broken("confidence outside 0..1", d);
	}
	if (d->position > ncp)
		broken("reading position past the text", d);
	if (r->w != NULL && r->f->write_doc != NULL)
		(void)r->f->write_doc(r->w, d);
	r->docs++;
	return 0;
}

static void
read_once(const fmt *f, const fmt_input *in, const fmt_opts *o)
{
	struct run r;
	fmt_report rep;
	doc_err err;

	memset(&r, 0, sizeof r);
	memset(&rep, 0, sizeof rep);
	memset(&err, 0, sizeof err);
	r.f = f;
	r.out.open = mem_open;
	r.out.close = mem_close;
	if (f->write_begin != NULL && f->write_end != NULL) {
		r.out.f = fopen("/dev/null", "w");
		if (r.out.f != NULL)
			r.w = f->write_begin(&r.out, o);
	}
	if (f->read(in, o, check_doc, &r, &rep, &err) != 0) {
		/* A failure must say something a person can act on. */
		if (err.msg[0] == '\0') {
			fprintf(stderr, "fuzz_read: %s reader failed without a message\n", f->name);
			abort();
		}
		if (memchr(err.msg, '\0', sizeof err.msg) == NULL)
			abort();
	}
	if (r.w != NULL) {
		if (f->write_report != NULL)
			f->write_report(r.w, &rep);
		(void)f->write_end(r.w);
	}
	if (r.out.f != NULL)
		fclose(r.out.f);
	fmt_report_free(&rep);
}

/* The readers that exist (read != NULL), in registry order. */
static const fmt *
pick(const uint8_t **data, size_t *size)
{
#ifdef FUZZ_FORMAT
	(void)data;
	(void)size;
	return fmt_by_name(FUZZ_FORMAT);
#else
	const fmt *const *all = fmt_all();
	size_t n = 0, k;

	for (size_t i = 0; all[i]; i++)
		n += all[i]->read != NULL;
	if (n == 0 || *size == 0)
		return NULL;
	k = (*data)[0] % n;
	(*data)++;
	(*size)--;
	for (size_t i = 0; all[i]; i++)
		if (all[i]->read != NULL && k-- == 0)
			return all[i];
	return NULL;
#endif
}

/* A format whose reader has not landed has nothing to fuzz: say so and stop. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
#ifdef FUZZ_FORMAT
	const fmt *f = fmt_by_name(FUZZ_FORMAT);

	if (f == NULL || f->read == NULL) {
		fprintf(stderr, "fuzz_%s: no reader in the registry; nothing to fuzz\n", FUZZ_FORMAT);
		exit(0);
	}
#endif
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const fmt *f = pick(&data, &size);
	char *buf;
	fmt_input in;
	fmt_opts o;
	const char *nul;

	if (f == NULL || f->read == NULL)
		return 0;
	if (json_ctx == NULL && (json_ctx = jsonp_new()) == NULL)
		abort();
	/* A private copy, so a reader that reads past len trips ASan. */
	if ((buf = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	memset(&in, 0, sizeof in);
	in.name = "fuzz-input";
	in.buf = buf;
	in.len = size;
	if (strcmp(f->name, "brat") == 0 && (nul = memchr(buf, '\0', size)) != NULL) {
		in.len = (size_t)(nul - buf);
		in.aux = nul + 1;
		in.auxlen = size - in.len - 1;
	}
	if (f->sniff != NULL)
		(void)f->sniff(in.buf, in.len);
	(void)fmt_detect("fuzz-input.json", in.buf, in.len);

	memset(&o, 0, sizeof o);
	o.as_status = SPAN_CONFIRMED;
	o.json_parse = jsonp_parse;
	o.json_ctx = json_ctx;
	read_once(f, &in, &o);

	o.offsets = FMT_OFF_UTF16;
	o.scheme = FMT_SCHEME_IOB1;
	o.as_status = SPAN_SUGGESTED;
	o.lossy = 1;
	read_once(f, &in, &o);
	if (strcmp(f->name, "conll") == 0) {
		o.scheme = FMT_SCHEME_BILOU;
		read_once(f, &in, &o);
	}
	free(buf);
	return 0;
}
