/* test_store_suggest.c: suggestions in the store never replace decisions;
 * engine state, gazetteers, acceptance per engine, resumable runs. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "db/store.h"
#include "tests/unit/store_testutil.h"

static void
test_never_replaces_decisions(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t aid = stu_article(st, "Zoe met Ann in Paris and Rome.", NULL, NULL);
	span conf = stu_span(0, 3, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);
	span rej = stu_span(15, 20, "ORG", SPAN_REJECTED, SRC_GAZETTEER, 0.8);
	span sug[] = {
		stu_span(0, 3, "LOC", 0, SRC_MODEL, 0.9),       /* on a confirmed span: dropped */
		stu_span(8, 11, "PER", 0, SRC_PROPAGATE, 0.7),
		stu_span(15, 20, "ORG", 0, SRC_GAZETTEER, 0.8), /* rejected before: dropped */
		stu_span(15, 20, "LOC", 0, SRC_GAZETTEER, 0.8), /* another label: kept */
		stu_span(25, 29, "LOC", 0, SRC_GAZETTEER, 0.8),
		stu_span(25, 29, "PER", 0, SRC_MODEL, 0.5),     /* same place as the one before: dropped */
	};
	size_t added;

	(void)state;
	assert_int_equal(store_span_add(st, aid, &conf), 0);
	assert_int_equal(store_span_add(st, aid, &rej), 0);
	assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER | 1u << SRC_MODEL | 1u << SRC_PROPAGATE,
	    sug, 6, &added), 0);
	assert_int_equal(added, 3);
	assert_string_equal(stu_spans(st, aid),
	    "0-3:PER:confirmed:manual:1.00 8-11:PER:suggested:propagate:0.70 15-20:ORG:rejected:gazetteer:0.80 "
	    "15-20:LOC:suggested:gazetteer:0.80 25-29:LOC:suggested:gazetteer:0.80");
	/* a new gazetteer pass replaces the gazetteer's suggestions only */
	assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, sug + 4, 1, &added), 0);
	assert_int_equal(added, 1);
	assert_string_equal(stu_spans(st, aid),
	    "0-3:PER:confirmed:manual:1.00 8-11:PER:suggested:propagate:0.70 "
	    "15-20:ORG:rejected:gazetteer:0.80 25-29:LOC:suggested:gazetteer:0.80");
	/* suggestions are not undo steps: undo takes back the rejection span's add */
	{
		int64_t art;

		assert_int_equal(store_undo(st, &art), 0);
		assert_int_equal(art, aid);
		assert_string_equal(stu_spans(st, aid),
		    "0-3:PER:confirmed:manual:1.00 8-11:PER:suggested:propagate:0.70 "
		    "25-29:LOC:suggested:gazetteer:0.80");
	}
	/* a span outside the text is refused and the whole put rolled back */
	{
		span bad = stu_span(20, 99, "LOC", 0, SRC_GAZETTEER, 0.5);

		assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, &bad, 1, &added), -1);
		assert_string_equal(stu_spans(st, aid),
		    "0-3:PER:confirmed:manual:1.00 8-11:PER:suggested:propagate:0.70 "
		    "25-29:LOC:suggested:gazetteer:0.80");
	}
	store_close(st);
}

static int
max_id(const span *s, void *arg)
{
	int64_t *m = arg;

	if (s->id > *m)
		*m = s->id;
	return 0;
}

static void
test_same_suggestions_not_rewritten(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t aid = stu_article(st, "Zoe met Ann in Paris and Rome.", NULL, NULL), m1 = 0, m2 = 0;
	span sug[] = { stu_span(0, 3, "PER", 0, SRC_GAZETTEER, 0.8),
		stu_span(25, 29, "LOC", 0, SRC_GAZETTEER, 0.8) };
	size_t added;

	(void)state;
	assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, sug, 2, &added), 0);
	assert_int_equal(added, 2);
	assert_int_equal(store_spans_each(st, aid, max_id, &m1), 0);
	/* the same again (in another order): the rows stay as they are */
	{
		span rev[] = { sug[1], sug[0] };

		assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, rev, 2, &added), 0);
	}
	assert_int_equal(added, 2);
	assert_int_equal(store_spans_each(st, aid, max_id, &m2), 0);
	assert_int_equal(m1, m2);
	/* a changed confidence is written */
	sug[1].confidence = 0.6;
	assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, sug, 2, &added), 0);
	m2 = 0;
	assert_int_equal(store_spans_each(st, aid, max_id, &m2), 0);
	assert_true(m2 > m1);
	assert_string_equal(stu_spans(st, aid), "0-3:PER:suggested:gazetteer:0.80 25-29:LOC:suggested:gazetteer:0.60");
	store_close(st);
}

/* Each suggestion's row id as "start-end=id ", in start order. */
static int
ids_of(const span *s, void *arg)
{
	char *b = arg;
	size_t n = strlen(b);

	snprintf(b + n, 256 - n, "%zu-%zu=%lld ", s->start, s->end, (long long)s->id);
	return 0;
}

/* A re-suggestion that changes some suggestions writes only those: the
 * others keep their rows (ids), a gone one is deleted, a new one added,
 * decisions untouched. */
static void
test_changed_suggestions_only(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t aid = stu_article(st, "Zoe met Ann in Paris and Rome.", NULL, NULL);
	span sug[] = { stu_span(0, 3, "PER", 0, SRC_GAZETTEER, 0.8), stu_span(8, 11, "PER", 0, SRC_GAZETTEER, 0.8),
		stu_span(15, 20, "LOC", 0, SRC_GAZETTEER, 0.8) };
	span next[] = { sug[0], sug[2], stu_span(25, 29, "LOC", 0, SRC_GAZETTEER, 0.7) };
	span conf = stu_span(8, 11, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);
	char before[256] = "", after[256] = "";

	(void)state;
	assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, sug, 3, NULL), 0);
	assert_int_equal(store_spans_each(st, aid, ids_of, before), 0);
	/* Ann confirmed by hand (its suggestion stays until re-suggested) */
	assert_int_equal(store_span_add(st, aid, &conf), 0);
	assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, next, 3, NULL), 0);
	assert_string_equal(stu_spans(st, aid),
	    "0-3:PER:suggested:gazetteer:0.80 8-11:PER:confirmed:manual:1.00 15-20:LOC:suggested:gazetteer:0.80 "
	    "25-29:LOC:suggested:gazetteer:0.70");
	assert_int_equal(store_spans_each(st, aid, ids_of, after), 0);
	{
		long long z0, z1, p0, p1, a0, m, r;

		assert_int_equal(sscanf(before, "0-3=%lld 8-11=%lld 15-20=%lld", &z0, &a0, &p0), 3);
		assert_int_equal(sscanf(after, "0-3=%lld 8-11=%lld 15-20=%lld 25-29=%lld", &z1, &m, &p1, &r), 4);
		assert_int_equal(z0, z1); /* unchanged: the same rows */
		assert_int_equal(p0, p1);
		assert_true(m > a0 && r > m); /* the confirmed span, then the new suggestion */
		/* and the store says so: Ann's row gone, Rome's added */
		{
			const int64_t *gone;
			const span *added;
			size_t ngone, nadded;

			assert_int_equal(store_suggestions_changes(st, &gone, &ngone, &added, &nadded), 0);
			assert_int_equal(ngone, 1);
			assert_int_equal(gone[0], a0);
			assert_int_equal(nadded, 1);
			assert_int_equal(added[0].id, r);
			assert_int_equal(added[0].start, 25);
			assert_string_equal(added[0].label, "LOC");
		}
		/* the same again: nothing changed, and that is known */
		assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, next, 3, NULL), 0);
		{
			const int64_t *gone;
			const span *added;
			size_t ngone = 9, nadded = 9;

			assert_int_equal(store_suggestions_changes(st, &gone, &ngone, &added, &nadded), 0);
			assert_int_equal(ngone + nadded, 0);
			/* rows of a batch run turned into spans rows first: not known */
			span met = stu_span(4, 7, "ORG", 0, SRC_MODEL, 0.5);

			assert_int_equal(store_suggestions_put_batch(st, aid, 1u << SRC_MODEL, &met, 1, NULL), 0);
			assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, next, 3, NULL), 0);
			assert_int_equal(store_suggestions_changes(st, &gone, &ngone, &added, &nadded), -1);
		}
	}
	store_close(st);
}

/* Suggestions made again in a range (a decision in a long article) leave
 * those outside it, which new ones may not overlap. */
static void
test_put_range(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t aid = stu_article(st, "Zoe met Ann in Paris and Rome.", NULL, NULL);
	span sug[] = { stu_span(0, 3, "PER", 0, SRC_GAZETTEER, 0.8), stu_span(8, 11, "PER", 0, SRC_GAZETTEER, 0.8),
		stu_span(25, 29, "LOC", 0, SRC_GAZETTEER, 0.8) };
	span paris = stu_span(15, 20, "LOC", 0, SRC_GAZETTEER, 0.8), across = stu_span(2, 9, "ORG", 0, SRC_GAZETTEER, 0.8);
	char before[256] = "", after[256] = "";
	size_t added = 99;

	(void)state;
	assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, sug, 3, NULL), 0);
	assert_int_equal(store_spans_each(st, aid, ids_of, before), 0);
	assert_int_equal(store_suggestions_put_range(st, aid, 1u << SRC_GAZETTEER, 15, 30, &paris, 1, &added), 0);
	assert_int_equal(added, 1);
	assert_string_equal(stu_spans(st, aid), "0-3:PER:suggested:gazetteer:0.80 8-11:PER:suggested:gazetteer:0.80 "
	    "15-20:LOC:suggested:gazetteer:0.80");
	assert_int_equal(store_spans_each(st, aid, ids_of, after), 0);
	assert_int_equal(strncmp(before, after, strlen("0-3=1 8-11=2 ")), 0); /* the rows outside: the same */
	/* one that overlaps a suggestion across the range's edge: refused */
	assert_int_equal(store_suggestions_put_range(st, aid, 1u << SRC_GAZETTEER, 0, 10, &across, 1, &added), 0);
	assert_int_equal(added, 0);
	assert_string_equal(stu_spans(st, aid), "8-11:PER:suggested:gazetteer:0.80 15-20:LOC:suggested:gazetteer:0.80");
	/* one outside the range: not stored */
	assert_int_equal(store_suggestions_put_range(st, aid, 1u << SRC_GAZETTEER, 0, 10, &sug[2], 1, &added), 0);
	assert_int_equal(added, 0);
	assert_string_equal(stu_spans(st, aid), "8-11:PER:suggested:gazetteer:0.80 15-20:LOC:suggested:gazetteer:0.80");
	assert_int_equal(store_suggestions_put_range(st, aid, 1u << SRC_GAZETTEER, 5, 5, &across, 1, &added), -1);
	store_close(st);
}

static void
test_engine_state_and_gazetteers(void **state)
{
	store *st = stu_open(":memory:", "tester");
	unsigned char *buf;
	size_t n;
	const unsigned char blob[] = { 0, 1, 2, 0xff, 0 };

	(void)state;
	assert_int_equal(store_engine_state_get(st, "model", &buf, &n), 0);
	assert_null(buf);
	assert_int_equal(store_engine_state_put(st, "model", blob, sizeof blob), 0);
	assert_int_equal(store_engine_state_put(st, "model", blob, 4), 0);
	assert_int_equal(store_engine_state_get(st, "model", &buf, &n), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(buf, blob, 4);
	free(buf);
	store_close(st);
}

struct gl {
	char s[256];
	size_t o;
};

static int
gaz_cb(const char *name, const char *body, size_t len, size_t terms, void *arg)
{
	struct gl *g = arg;

	g->o += (size_t)snprintf(g->s + g->o, sizeof g->s - g->o, "[%s %zu %.*s]", name, terms, (int)len, body);
	return 0;
}

static void
test_gazetteers(void **state)
{
	store *st = stu_open(":memory:", "tester");
	struct gl g = { "", 0 };

	(void)state;
	assert_int_equal(store_gazetteer_put(st, "a.tsv", "X\tLOC\n", 6, 1), 0);
	assert_int_equal(store_gazetteer_put(st, "b.tsv", "Y\tORG\n", 6, 1), 0);
	assert_int_equal(store_gazetteer_put(st, "a.tsv", "Z\tPER\nW\tPER\n", 12, 2), 0);
	assert_int_equal(store_gazetteers_each(st, gaz_cb, &g), 0);
	assert_string_equal(g.s, "[a.tsv 2 Z\tPER\nW\tPER\n][b.tsv 1 Y\tORG\n]");
	store_close(st);
}

static void
test_acceptance_and_decided(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t a1 = stu_article(st, "one two three four", NULL, NULL);
	int64_t a2 = stu_article(st, "five six", NULL, NULL);
	span sug[] = { stu_span(0, 3, "X", 0, SRC_GAZETTEER, .5),
		stu_span(4, 7, "X", 0, SRC_GAZETTEER, .5),
		stu_span(8, 13, "Y", 0, SRC_MODEL, .5) };
	span s;
	int64_t *ids;
	size_t n;

	(void)state;
	assert_int_equal(store_suggestions_put(st, a1, 1u << SRC_GAZETTEER | 1u << SRC_MODEL, sug, 3, NULL), 0);
	assert_int_equal(store_suggestions_put(st, a2, 1u << SRC_GAZETTEER, sug, 1, NULL), 0);
	assert_int_equal(store_decided_articles(st, &ids, &n), 0);
	assert_int_equal(n, 0);
	free(ids);
	/* accept the first gazetteer suggestion of a1, reject the model's */
	stu_first_suggested(st, a1, &s);
	s.status = SPAN_CONFIRMED;
	assert_int_equal(store_span_update(st, &s), 0);
	span_clear(&s);
	stu_first_suggested(st, a2, &s);
	s.status = SPAN_REJECTED;
	assert_int_equal(store_span_update(st, &s), 0);
	span_clear(&s);
	assert_string_equal(stu_acceptance(st), "[gazetteer 1 1 1][model 1 0 0]");
	assert_int_equal(store_decided_articles(st, &ids, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], a1);
	assert_int_equal(ids[1], a2);
	free(ids);
	store_close(st);
}

static void
test_resumable_runs(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t a1 = stu_article(st, "a", NULL, NULL), a2 = stu_article(st, "b", NULL, NULL);
	int64_t a3 = stu_article(st, "c", NULL, NULL), run, run2;
	int64_t *ids;
	size_t n;
	int resumed;

	(void)state;
	assert_int_equal(store_suggest_run_start(st, "gazetteer,pattern", 0, &run, &resumed), 0);
	assert_int_equal(resumed, 0);
	assert_int_equal(store_suggest_mark(st, run, a1), 0);
	/* interrupted: the same engines resume, skipping a1 */
	assert_int_equal(store_suggest_run_start(st, "gazetteer,pattern", 0, &run2, &resumed), 0);
	assert_int_equal(resumed, 1);
	assert_int_equal(run2, run);
	assert_int_equal(store_suggest_todo(st, run, &ids, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], a2);
	assert_int_equal(ids[1], a3);
	free(ids);
	assert_int_equal(store_suggest_run_end(st, run), 0);
	/* finished: a new run does everything again */
	assert_int_equal(store_suggest_run_start(st, "gazetteer,pattern", 0, &run2, &resumed), 0);
	assert_int_equal(resumed, 0);
	assert_int_equal(run2, run + 1);
	assert_int_equal(store_suggest_todo(st, run2, &ids, &n), 0);
	assert_int_equal(n, 3);
	free(ids);
	/* other engines, or restart: a new run too */
	assert_int_equal(store_suggest_run_start(st, "model", 0, &run, &resumed), 0);
	assert_int_equal(resumed, 0);
	assert_int_equal(run, run2 + 1);
	assert_int_equal(store_suggest_run_start(st, "model", 1, &run2, &resumed), 0);
	assert_int_equal(resumed, 0);
	assert_int_equal(run2, run + 1);
	store_close(st);
}

static void
test_phrase_candidates(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t a1 = stu_article(st, "Zoë Lefèvre spoke.", NULL, NULL);
	int64_t a2 = stu_article(st, "Nobody spoke.", NULL, NULL);
	int64_t a3 = stu_article(st, "ZOË LEFÈVRE again; \"quoted\"", NULL, NULL);
	int64_t *ids;
	size_t n;

	(void)state;
	(void)a2;
	assert_int_equal(store_articles_with_phrase(st, "zoë lefèvre", &ids, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], a1);
	assert_int_equal(ids[1], a3);
	free(ids);
	/* quotes in the phrase cannot break the query */
	assert_int_equal(store_articles_with_phrase(st, "\"quoted", &ids, &n), 0);
	assert_int_equal(n, 1);
	free(ids);
	store_close(st);
}

/* Suggestions that overlap one already taken are dropped, whether they
 * come sorted by start (only the last one taken is looked at) or not. */
static void
test_overlaps_sorted_or_not(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t aid = stu_article(st, "Zoe met Ann in Paris and Rome.", NULL, NULL);
	span sorted[] = {
		stu_span(0, 7, "PER", 0, SRC_GAZETTEER, 0.9),
		stu_span(4, 11, "LOC", 0, SRC_GAZETTEER, 0.9),  /* overlaps 0-7: dropped */
		stu_span(8, 11, "PER", 0, SRC_GAZETTEER, 0.9),
		stu_span(8, 14, "ORG", 0, SRC_GAZETTEER, 0.9),  /* overlaps 8-11: dropped */
		stu_span(15, 20, "LOC", 0, SRC_GAZETTEER, 0.9),
		stu_span(15, 29, "ORG", 0, SRC_GAZETTEER, 0.9), /* same start: dropped */
		stu_span(25, 29, "LOC", 0, SRC_GAZETTEER, 0.9),
	};
	span unsorted[] = {
		stu_span(10, 20, "LOC", 0, SRC_GAZETTEER, 0.9),
		stu_span(0, 5, "PER", 0, SRC_GAZETTEER, 0.9),
		stu_span(12, 15, "ORG", 0, SRC_GAZETTEER, 0.9), /* overlaps 10-20, not 0-5: dropped */
		stu_span(25, 29, "LOC", 0, SRC_GAZETTEER, 0.9),
	};
	size_t added;

	(void)state;
	assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, sorted, 7, &added), 0);
	assert_int_equal(added, 4);
	assert_string_equal(stu_spans(st, aid),
	    "0-7:PER:suggested:gazetteer:0.90 8-11:PER:suggested:gazetteer:0.90 "
	    "15-20:LOC:suggested:gazetteer:0.90 25-29:LOC:suggested:gazetteer:0.90");
	assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_GAZETTEER, unsorted, 4, &added), 0);
	assert_int_equal(added, 3);
	assert_string_equal(stu_spans(st, aid),
	    "0-5:PER:suggested:gazetteer:0.90 10-20:LOC:suggested:gazetteer:0.90 "
	    "25-29:LOC:suggested:gazetteer:0.90");
	store_close(st);
}

/* The text-only load of a batch run: text, length, spans, no metadata. */
static void
test_article_text_only(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t aid = stu_article(st, "Zoë met Ann.", "A title", NULL);
	span conf = stu_span(0, 3, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);
	doc d;

	(void)state;
	assert_int_equal(store_span_add(st, aid, &conf), 0);
	doc_init(&d);
	assert_int_equal(store_article_text(st, aid, &d), 0);
	assert_int_equal(d.len, strlen("Zoë met Ann."));
	assert_memory_equal(d.text, "Zoë met Ann.", d.len);
	assert_int_equal(d.chars, 12);
	assert_null(d.title);
	assert_int_equal(d.nspans, 1);
	assert_int_equal(d.spans[0].end, 3);
	assert_string_equal(d.spans[0].label, "PER");
	/* an article without spans: none (they are looked up only when there are some) */
	assert_int_equal(store_article_text(st, stu_article(st, "Plain.", NULL, NULL), &d), 0);
	assert_int_equal(d.nspans, 0);
	assert_int_equal(d.chars, 6);
	assert_int_equal(store_article_text(st, 999, &d), -1);
	doc_clear(&d);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_never_replaces_decisions),
		cmocka_unit_test(test_same_suggestions_not_rewritten),
		cmocka_unit_test(test_changed_suggestions_only),
		cmocka_unit_test(test_put_range),
		cmocka_unit_test(test_engine_state_and_gazetteers),
		cmocka_unit_test(test_gazetteers),
		cmocka_unit_test(test_acceptance_and_decided),
		cmocka_unit_test(test_resumable_runs),
		cmocka_unit_test(test_phrase_candidates),
		cmocka_unit_test(test_overlaps_sorted_or_not),
		cmocka_unit_test(test_article_text_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
