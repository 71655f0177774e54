/*
 * test_undo_step.c: store_last_step_spans, which lets the interface apply
 * an undo or redo to its in-memory spans without reloading the article:
 * each step reports exactly the spans it touched, as they are now.
 */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "db/store.h"

/* What a step reported, as "id:label:start-end" or "id:gone", joined. */
struct seen {
	char buf[256];
};

static int
note(const span *s, int gone, void *arg)
{
	struct seen *v = arg;
	size_t n = strlen(v->buf);

	if (gone)
		snprintf(v->buf + n, sizeof v->buf - n, "%s%lld:gone", n ? " " : "", (long long)s->id);
	else
		snprintf(v->buf + n, sizeof v->buf - n, "%s%lld:%s:%zu-%zu", n ? " " : "", (long long)s->id,
		    s->label ? s->label : "-", s->start, s->end);
	return 0;
}

static const char *
step(store *st)
{
	static struct seen v;

	v.buf[0] = 0;
	assert_int_equal(store_last_step_spans(st, note, &v), 0);
	return v.buf;
}

static void
test_steps(void **state)
{
	char err[256];
	store *st = NULL;
	doc d;
	int64_t id, art;
	int dup;
	span a, b;

	(void)state;
	assert_int_equal(store_open(":memory:", &st, err, sizeof err), 0);
	assert_string_equal(step(st), ""); /* no step yet: nothing */
	doc_init(&d);
	assert_int_equal(doc_set_text(&d, "Zoë Lefèvre met Rémi.", strlen("Zoë Lefèvre met Rémi.")), 0);
	assert_int_equal(store_import_begin(st), 0);
	assert_int_equal(store_import_add(st, &d, &id, &dup), 0);
	assert_int_equal(store_import_end(st, 1), 0);
	doc_clear(&d);

	memset(&a, 0, sizeof a);
	a.start = 0, a.end = 3, a.label = "PER", a.kind = SPAN_ENTITY, a.status = SPAN_CONFIRMED;
	b = a;
	b.start = 16, b.end = 20;
	assert_int_equal(store_span_add(st, id, &a), 0);
	assert_int_equal(store_span_add(st, id, &b), 0);
	b.label = "ORG";
	assert_int_equal(store_span_update(st, &b), 0);
	assert_int_equal(store_span_delete(st, a.id), 0);

	char want[64];
	assert_int_equal(store_undo(st, &art), 0); /* the delete: a is back */
	assert_int_equal(art, id);
	snprintf(want, sizeof want, "%lld:PER:0-3", (long long)a.id);
	assert_string_equal(step(st), want);
	assert_int_equal(store_undo(st, &art), 0); /* the relabel: b is PER again */
	snprintf(want, sizeof want, "%lld:PER:16-20", (long long)b.id);
	assert_string_equal(step(st), want);
	assert_int_equal(store_undo(st, &art), 0); /* the add of b: gone */
	snprintf(want, sizeof want, "%lld:gone", (long long)b.id);
	assert_string_equal(step(st), want);
	assert_int_equal(store_redo(st, &art), 0); /* b again */
	snprintf(want, sizeof want, "%lld:PER:16-20", (long long)b.id);
	assert_string_equal(step(st), want);

	/* A grouped action reports each of its spans once. */
	assert_int_equal(store_action_begin(st), 0);
	a.id = 0, a.start = 4, a.end = 11, a.label = "PER";
	assert_int_equal(store_span_add(st, id, &a), 0);
	a.label = "LOC";
	assert_int_equal(store_span_update(st, &a), 0);
	assert_int_equal(store_action_end(st, 1), 0);
	assert_int_equal(store_undo(st, &art), 0);
	snprintf(want, sizeof want, "%lld:gone", (long long)a.id);
	assert_string_equal(step(st), want);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
