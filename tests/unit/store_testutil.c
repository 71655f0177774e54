/* store_testutil.c: see store_testutil.h. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/store_testutil.h"

store *
stu_open(const char *path, const char *who)
{
	char err[256];
	store *st = NULL;

	assert_int_equal(store_open(path, &st, err, sizeof err), 0);
	if (who)
		store_set_annotator(st, who);
	return st;
}

int64_t
stu_article(store *st, const char *text, const char *title, int *dup)
{
	doc d;
	int64_t id;
	int dd;

	doc_init(&d);
	assert_int_equal(doc_set_text(&d, text, strlen(text)), 0);
	if (title)
		assert_int_equal(doc_set_str(&d.title, title), 0);
	assert_int_equal(store_import_begin(st), 0);
	assert_int_equal(store_import_add(st, &d, &id, &dd), 0);
	assert_int_equal(store_import_end(st, 1), 0);
	doc_clear(&d);
	if (dup)
		*dup = dd;
	return id;
}

span
stu_span(size_t start, size_t end, const char *lab, int status, int source,
    double confidence)
{
	span s;

	memset(&s, 0, sizeof s);
	s.start = start;
	s.end = end;
	s.label = lab;
	s.kind = SPAN_ENTITY;
	s.status = status;
	s.source = source;
	s.confidence = confidence;
	return s;
}

void
stu_span_str(char *out, size_t outsz, const span *s)
{
	size_t o = strlen(out);

	snprintf(out + o, outsz - o, "%s%zu-%zu:%s:%s:%s:%.2f", o ? " " : "", s->start, s->end,
	    s->label ? s->label : "", span_status_name(s->status), span_source_name(s->source), s->confidence);
}

static char spans_buf[2048];

static int
spans_cb(const span *s, void *arg)
{
	(void)arg;
	stu_span_str(spans_buf, sizeof spans_buf, s);
	return 0;
}

const char *
stu_spans(store *st, int64_t aid)
{
	spans_buf[0] = '\0';
	assert_int_equal(store_spans_each(st, aid, spans_cb, NULL), 0);
	return spans_buf;
}

static int
first_cb(const span *s, void *arg)
{
	span *out = arg;

	if (out->id == 0 && s->status == SPAN_SUGGESTED)
		assert_int_equal(span_copy(out, s), 0);
	return 0;
}

void
stu_first_suggested(store *st, int64_t aid, span *out)
{
	memset(out, 0, sizeof *out);
	assert_int_equal(store_spans_each(st, aid, first_cb, out), 0);
	assert_int_not_equal(out->id, 0);
}

static int
acc_cb(const char *src, int64_t sug, int64_t acc, int64_t rej, void *arg)
{
	char *b = arg;
	size_t o = strlen(b);

	snprintf(b + o, 512 - o, "[%s %lld %lld %lld]", src, (long long)sug, (long long)acc, (long long)rej);
	return 0;
}

const char *
stu_acceptance(store *st)
{
	static char b[512];

	b[0] = '\0';
	assert_int_equal(store_acceptance_each(st, acc_cb, b), 0);
	return b;
}
