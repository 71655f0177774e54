/* store_testutil.c: see store_testutil.h. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
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
