/* fmt_testutil.c: see fmt_testutil.h. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistr.h>
#include "db/json_sqlite.h"
#include "tests/unit/fmt_testutil.h"

int
docs_emit(const doc *d, void *arg)
{
	docs *ds = arg;
	doc *c;

	if (ds->n == ds->cap) {
		ds->cap = ds->cap ? ds->cap * 2 : 8;
		ds->v = realloc(ds->v, ds->cap * sizeof *ds->v);
		assert_non_null(ds->v);
	}
	c = &ds->v[ds->n++];
	doc_init(c);
	assert_int_equal(doc_set_text(c, d->text ? d->text : "", d->text ? d->len : 0), 0);
	assert_int_equal(doc_set_str(&c->title, d->title), 0);
	assert_int_equal(doc_set_str(&c->date, d->date), 0);
	assert_int_equal(doc_set_str(&c->source, d->source), 0);
	assert_int_equal(doc_set_str(&c->url, d->url), 0);
	assert_int_equal(doc_set_str(&c->meta, d->meta), 0);
	assert_int_equal(doc_set_str(&c->status, d->status), 0);
	assert_int_equal(doc_set_str(&c->ext_id, d->ext_id), 0);
	c->position = d->position;
	for (size_t i = 0; i < d->nspans; i++)
		assert_int_equal(doc_add_span(c, &d->spans[i]), 0);
	return 0;
}

void
docs_free(docs *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		doc_clear(&ds->v[i]);
	free(ds->v);
	memset(ds, 0, sizeof *ds);
}

char *
data_load(const char *rel, size_t *len)
{
	const char *dir = getenv("srcdir");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof path, "%s/tests/data/%s", dir ? dir : ".", rel);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int
span_qcmp(const void *a, const void *b)
{
	return span_cmp(a, b);
}

char *
spans_str(const doc *d)
{
	span *v = malloc((d->nspans + 1) * sizeof *v);
	char *out = NULL;
	size_t outlen = 0, ncp = u8_mbsnlen((const uint8_t *)d->text, d->len);
	FILE *f = open_memstream(&out, &outlen);

	assert_non_null(v);
	assert_non_null(f);
	if (d->nspans > 0) { /* a doc without spans may have none allocated */
		memcpy(v, d->spans, d->nspans * sizeof *v);
		qsort(v, d->nspans, sizeof *v, span_qcmp);
	}
	for (size_t i = 0, k = 0; i < d->nspans; i++) {
		const uint8_t *p = (const uint8_t *)d->text, *a, *b;

		if (v[i].kind != SPAN_ENTITY)
			continue;
		assert_true(v[i].start <= v[i].end);
		assert_true(v[i].end <= ncp);
		a = p;
		for (size_t c = 0; c < v[i].start; c++)
			a += u8_mblen(a, (size_t)(p + d->len - a));
		b = a;
		for (size_t c = v[i].start; c < v[i].end; c++)
			b += u8_mblen(b, (size_t)(p + d->len - b));
		fprintf(f, "%s%s:%.*s", k++ ? "|" : "", v[i].label ? v[i].label : "",
		    (int)(b - a), (const char *)a);
	}
	fclose(f);
	free(v);
	return out;
}

void
assert_spans(const doc *d, const char *want)
{
	char *s = spans_str(d);

	assert_string_equal(s, want);
	free(s);
}

int
read_buf(const fmt *f, const char *name, const char *buf, size_t len,
    const char *aux, size_t auxlen, const fmt_opts *o, docs *ds, fmt_report *rep, doc_err *err)
{
	fmt_input in = { 0 };

	in.name = name;
	in.buf = buf;
	in.len = len;
	in.aux = aux;
	in.auxlen = auxlen;
	fmt_report_free(rep);
	memset(rep, 0, sizeof *rep);
	memset(err, 0, sizeof *err);
	return f->read(&in, o, docs_emit, ds, rep, err);
}

/* begin, every doc, the report, end: all must succeed */
static void
run_writer(const fmt *f, fmt_out *fo, const doc *v, size_t n, const fmt_opts *o, fmt_report *rep)
{
	fmt_writer *w = f->write_begin(fo, o);

	assert_non_null(w);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(f->write_doc(w, &v[i]), 0);
	if (rep != NULL && f->write_report != NULL)
		f->write_report(w, rep);
	assert_int_equal(f->write_end(w), 0);
}

char *
write_mem(const fmt *f, const doc *v, size_t n, const fmt_opts *o, size_t *len, fmt_report *rep)
{
	char *out = NULL;
	fmt_out fo = { 0 };

	fo.f = open_memstream(&out, len);
	assert_non_null(fo.f);
	run_writer(f, &fo, v, n, o, rep);
	assert_int_equal(fclose(fo.f), 0);
	return out;
}

FILE *
memfs_open(void *arg, const char *name)
{
	memfs *fs = arg;
	memfile *m;

	assert_true(fs->n < sizeof fs->v / sizeof fs->v[0]);
	m = calloc(1, sizeof *m);
	assert_non_null(m);
	m->name = strdup(name);
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
	fs->v[fs->n++] = m;
	return m->f;
}

int
memfs_close(void *arg, FILE *f)
{
	memfs *fs = arg;

	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i]->f == f) {
			fs->v[i]->f = NULL;
			return fclose(f);
		}
	fail_msg("closing a stream memfs did not open");
	return -1;
}

const memfile *
memfs_get(const memfs *fs, const char *name)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i]->name, name) == 0) {
			assert_null(fs->v[i]->f);
			return fs->v[i];
		}
	return NULL;
}

void
memfs_free(memfs *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		if (fs->v[i]->f)
			fclose(fs->v[i]->f);
		free(fs->v[i]->name);
		free(fs->v[i]->buf);
		free(fs->v[i]);
	}
	fs->n = 0;
}

void
write_fs(const fmt *f, const doc *v, size_t n, const fmt_opts *o, memfs *fs, fmt_report *rep)
{
	fmt_out fo = { 0 };

	fo.open = memfs_open;
	fo.close = memfs_close;
	fo.arg = fs;
	run_writer(f, &fo, v, n, o, rep);
}

static jsonp *test_parser;

static void
test_parser_free(void)
{
	jsonp_free(test_parser);
	test_parser = NULL;
}

fmt_opts
test_opts(int offsets)
{
	fmt_opts o;

	if (test_parser == NULL) {
		test_parser = jsonp_new();
		atexit(test_parser_free);
	}
	memset(&o, 0, sizeof o);
	o.offsets = offsets;
	o.as_status = SPAN_CONFIRMED;
	o.json_parse = jsonp_parse;
	o.json_ctx = test_parser;
	return o;
}

struct trickle {
	const char *src;  /* the whole input */
	size_t len, at;   /* bytes of it, bytes handed out */
	size_t step;
	char *win;        /* the current window */
	size_t n;
};

static int
trickle_more(void *arg, size_t keep, const char **buf, size_t *len)
{
	struct trickle *t = arg;
	size_t add = t->len - t->at < t->step ? t->len - t->at : t->step;
	char *w;

	assert_true(keep <= t->n);
	w = malloc(keep + add + 1);
	assert_non_null(w);
	memcpy(w, t->win + t->n - keep, keep);
	memcpy(w + keep, t->src + t->at, add);
	w[keep + add] = '\0';
	memset(t->win, '#', t->n);
	free(t->win);
	t->win = w;
	t->n = keep + add;
	t->at += add;
	*buf = w;
	*len = t->n;
	return add > 0;
}

/* Two doc lists hold the same articles and spans. */
static void
assert_docs_same(const docs *a, const docs *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		char *sa = spans_str(&a->v[i]), *sb = spans_str(&b->v[i]);

		assert_int_equal(a->v[i].len, b->v[i].len);
		assert_memory_equal(a->v[i].text, b->v[i].text, a->v[i].len);
		assert_string_equal(sa, sb);
		free(sa);
		free(sb);
	}
}

void
assert_trickle_same(const fmt *f, const char *name, const char *buf, size_t len, const fmt_opts *o,
    size_t first, size_t step)
{
	struct trickle t = { buf, len, 0, step, NULL, 0 };
	docs whole = { 0 }, streamed = { 0 };
	fmt_report rep = { 0 };
	fmt_opts so = *o;
	doc_err err, serr;
	fmt_input in = { 0 };
	int rc, src;

	rc = read_buf(f, name, buf, len, NULL, 0, o, &whole, &rep, &err);
	assert_true(f->takes & FMT_STREAMS);
	so.more = trickle_more;
	so.more_arg = &t;
	t.n = len < first ? len : first;
	t.win = malloc(t.n + 1);
	assert_non_null(t.win);
	memcpy(t.win, buf, t.n);
	t.win[t.n] = '\0';
	t.at = t.n;
	in.name = name;
	in.buf = t.win;
	in.len = t.n;
	fmt_report_free(&rep);
	memset(&rep, 0, sizeof rep);
	memset(&serr, 0, sizeof serr);
	src = f->read(&in, &so, docs_emit, &streamed, &rep, &serr);
	if (src != rc)
		fail_msg("%s in windows of %zu: %d, whole %d (line %zu: %s)", name, step, src, rc, serr.line,
		    serr.msg);
	if (rc != 0) { /* the same problem at the same place */
		if (serr.line != err.line || serr.col != err.col || strcmp(serr.msg, err.msg) != 0)
			fail_msg("%s in windows of %zu: %zu:%zu: %s; whole %zu:%zu: %s", name, step, serr.line,
			    serr.col, serr.msg, err.line, err.col, err.msg);
	} else {
		assert_int_equal(t.at, len); /* read to the end */
		assert_docs_same(&whole, &streamed);
	}
	free(t.win);
	fmt_report_free(&rep);
	docs_free(&whole);
	docs_free(&streamed);
}
