/* test_store_batch.c: suggestions of batch runs kept compactly
 * (store_batch.c): counted in the list, shown once materialized, merged
 * into exports, never over decisions, a rejected place never proposed
 * again, materializing twice changes nothing, and a version-8 database
 * with suggestion spans migrates. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "db/store.h"
#include "db/suggester.h"
#include "tests/unit/store_testutil.h"

#define GAZ (1u << SRC_GAZETTEER)
#define MODEL (1u << SRC_MODEL)

/* The article's suggestions as the list counts them. */
static size_t
counted(store *st, int64_t aid)
{
	store_article a;
	size_t n;

	assert_int_equal(store_article_info(st, aid, &a), 0);
	n = a.suggested;
	store_article_clear(&a);
	return n;
}

struct exp {
	int64_t aid;
	char s[1024];
};

static int
export_cb(const doc *d, int64_t id, void *arg)
{
	struct exp *e = arg;

	if (id == e->aid)
		for (size_t i = 0; i < d->nspans; i++)
			stu_span_str(e->s, sizeof e->s, &d->spans[i]);
	return 0;
}

/* The article's spans as an export with suggestions sees them. */
static const char *
exported(store *st, int64_t aid)
{
	static struct exp e;

	memset(&e, 0, sizeof e);
	e.aid = aid;
	assert_int_equal(store_export_each(st, 1, export_cb, &e), 0);
	return e.s;
}

static void
test_counted_shown_idempotent(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t aid = stu_article(st, "Zoe met Ann in Paris and Rome.", NULL, NULL);
	span sug[] = { stu_span(0, 3, "PER", 0, SRC_GAZETTEER, 0.8), stu_span(15, 20, "LOC", 0, SRC_GAZETTEER, 0.8),
		stu_span(25, 29, "LOC", 0, SRC_MODEL, 0.45) };
	size_t added, made;

	(void)state;
	assert_int_equal(store_suggestions_put_batch(st, aid, GAZ | MODEL, sug, 3, &added), 0);
	assert_int_equal(added, 3);
	/* kept compactly: no spans rows, but counted and exported */
	assert_string_equal(stu_spans(st, aid), "");
	assert_int_equal(counted(st, aid), 3);
	assert_string_equal(exported(st, aid),
	    "0-3:PER:suggested:gazetteer:0.80 15-20:LOC:suggested:gazetteer:0.80 25-29:LOC:suggested:model:0.45");
	/* the interface opens the article: spans rows, the same count */
	assert_int_equal(store_suggestions_materialize(st, aid, &made), 0);
	assert_int_equal(made, 3);
	assert_string_equal(stu_spans(st, aid),
	    "0-3:PER:suggested:gazetteer:0.80 15-20:LOC:suggested:gazetteer:0.80 25-29:LOC:suggested:model:0.45");
	assert_int_equal(counted(st, aid), 3);
	assert_string_equal(exported(st, aid),
	    "0-3:PER:suggested:gazetteer:0.80 15-20:LOC:suggested:gazetteer:0.80 25-29:LOC:suggested:model:0.45");
	/* again: nothing changes */
	assert_int_equal(store_suggestions_materialize(st, aid, &made), 0);
	assert_int_equal(made, 0);
	assert_string_equal(stu_spans(st, aid),
	    "0-3:PER:suggested:gazetteer:0.80 15-20:LOC:suggested:gazetteer:0.80 25-29:LOC:suggested:model:0.45");
	assert_int_equal(counted(st, aid), 3);
	/* the same batch again over materialized rows: left as they are */
	assert_int_equal(store_suggestions_put_batch(st, aid, GAZ | MODEL, sug, 3, &added), 0);
	assert_int_equal(added, 3);
	assert_int_equal(counted(st, aid), 3);
	assert_string_equal(stu_spans(st, aid),
	    "0-3:PER:suggested:gazetteer:0.80 15-20:LOC:suggested:gazetteer:0.80 25-29:LOC:suggested:model:0.45");
	store_close(st);
}

static void
test_rules_hold(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t aid = stu_article(st, "Zoe met Ann in Paris and Rome.", NULL, NULL);
	span conf = stu_span(0, 3, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);
	span rej = stu_span(15, 20, "ORG", SPAN_REJECTED, SRC_GAZETTEER, 0.8);
	span sug[] = {
		stu_span(0, 3, "LOC", 0, SRC_MODEL, 0.9),       /* on a confirmed span: dropped */
		stu_span(8, 11, "PER", 0, SRC_GAZETTEER, 0.7),
		stu_span(15, 20, "ORG", 0, SRC_GAZETTEER, 0.8), /* rejected before: dropped */
		stu_span(25, 29, "LOC", 0, SRC_GAZETTEER, 0.8),
		stu_span(25, 29, "PER", 0, SRC_MODEL, 0.5),     /* same place as the one before: dropped */
	};
	size_t added, made;

	(void)state;
	assert_int_equal(store_span_add(st, aid, &conf), 0);
	assert_int_equal(store_span_add(st, aid, &rej), 0);
	assert_int_equal(store_suggestions_put_batch(st, aid, GAZ | MODEL, sug, 5, &added), 0);
	assert_int_equal(added, 2);
	assert_int_equal(counted(st, aid), 2);
	assert_string_equal(exported(st, aid),
	    "0-3:PER:confirmed:manual:1.00 8-11:PER:suggested:gazetteer:0.70 15-20:ORG:rejected:gazetteer:0.80 "
	    "25-29:LOC:suggested:gazetteer:0.80");
	/* a decision made after the batch, without opening the article: it wins */
	{
		span later = stu_span(25, 29, "ORG", SPAN_CONFIRMED, SRC_MANUAL, 1);

		assert_int_equal(store_span_add(st, aid, &later), 0);
	}
	assert_string_equal(exported(st, aid),
	    "0-3:PER:confirmed:manual:1.00 8-11:PER:suggested:gazetteer:0.70 15-20:ORG:rejected:gazetteer:0.80 "
	    "25-29:ORG:confirmed:manual:1.00");
	assert_int_equal(store_suggestions_materialize(st, aid, &made), 0);
	assert_int_equal(made, 1);
	assert_int_equal(counted(st, aid), 1);
	assert_string_equal(stu_spans(st, aid),
	    "0-3:PER:confirmed:manual:1.00 8-11:PER:suggested:gazetteer:0.70 15-20:ORG:rejected:gazetteer:0.80 "
	    "25-29:ORG:confirmed:manual:1.00");
	/* the person rejects the materialized suggestion; the next batch run
	 * does not propose it again */
	{
		span r;

		stu_first_suggested(st, aid, &r);
		assert_int_equal(r.start, 8);
		r.status = SPAN_REJECTED;
		assert_int_equal(store_span_update(st, &r), 0);
		span_clear(&r);
	}
	assert_int_equal(store_suggestions_put_batch(st, aid, GAZ | MODEL, sug, 5, &added), 0);
	assert_int_equal(added, 0);
	assert_int_equal(counted(st, aid), 0);
	assert_int_equal(store_suggestions_materialize(st, aid, &made), 0);
	assert_int_equal(made, 0);
	assert_string_equal(stu_spans(st, aid),
	    "0-3:PER:confirmed:manual:1.00 8-11:PER:rejected:gazetteer:0.70 15-20:ORG:rejected:gazetteer:0.80 "
	    "25-29:ORG:confirmed:manual:1.00");
	store_close(st);
}

static void
test_engines_replace_their_own(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t aid = stu_article(st, "Zoe met Ann in Paris and Rome.", NULL, NULL);
	span gaz[] = { stu_span(0, 3, "PER", 0, SRC_GAZETTEER, 0.8), stu_span(15, 20, "LOC", 0, SRC_GAZETTEER, 0.8) };
	span mod[] = { stu_span(8, 11, "PER", 0, SRC_MODEL, 0.6), stu_span(15, 20, "ORG", 0, SRC_MODEL, 0.6) };
	span prop = stu_span(25, 29, "LOC", 0, SRC_PROPAGATE, 0.7);
	size_t added;

	(void)state;
	assert_int_equal(store_suggestions_put_batch(st, aid, GAZ, gaz, 2, &added), 0);
	/* the model's batch keeps the gazetteer's: one suggestion per place */
	assert_int_equal(store_suggestions_put_batch(st, aid, MODEL, mod, 2, &added), 0);
	assert_int_equal(added, 1);
	assert_int_equal(counted(st, aid), 3);
	/* the gazetteer again, with less: its own are replaced */
	assert_int_equal(store_suggestions_put_batch(st, aid, GAZ, gaz, 1, &added), 0);
	assert_int_equal(counted(st, aid), 2);
	assert_string_equal(exported(st, aid), "0-3:PER:suggested:gazetteer:0.80 8-11:PER:suggested:model:0.60");
	/* an engine writing spans rows (the interface) sees them all */
	assert_int_equal(store_suggestions_put(st, aid, 1u << SRC_PROPAGATE, &prop, 1, &added), 0);
	assert_int_equal(counted(st, aid), 3);
	assert_string_equal(stu_spans(st, aid),
	    "0-3:PER:suggested:gazetteer:0.80 8-11:PER:suggested:model:0.60 25-29:LOC:suggested:propagate:0.70");
	/* a batch over spans rows of its engine replaces them */
	assert_int_equal(store_suggestions_put_batch(st, aid, GAZ, gaz + 1, 1, &added), 0);
	assert_int_equal(counted(st, aid), 3);
	assert_string_equal(stu_spans(st, aid), "8-11:PER:suggested:model:0.60 25-29:LOC:suggested:propagate:0.70");
	assert_string_equal(exported(st, aid),
	    "8-11:PER:suggested:model:0.60 15-20:LOC:suggested:gazetteer:0.80 25-29:LOC:suggested:propagate:0.70");
	store_close(st);
}

static void
test_acceptance_and_labels(void **state)
{
	store *st = stu_open(":memory:", "tester");
	int64_t a1 = stu_article(st, "one two three four", NULL, NULL);
	int64_t a2 = stu_article(st, "five six", NULL, NULL);
	span sug[] = { stu_span(0, 3, "PER", 0, SRC_GAZETTEER, .5), stu_span(4, 7, "ORG", 0, SRC_GAZETTEER, .5) };
	label_scheme ls = { 0 };
	size_t in_use, line, made;
	char *dropped = NULL, msg[128];

	(void)state;
	assert_int_equal(store_suggestions_put_batch(st, a1, GAZ, sug, 2, NULL), 0);
	assert_int_equal(store_suggestions_put_batch(st, a2, GAZ, sug, 1, NULL), 0);
	assert_string_equal(stu_acceptance(st), "[gazetteer 3 0 0]");
	/* ORG leaves the scheme: its batch suggestion is not shown nor made */
	assert_int_equal(label_scheme_parse("1 PER red Person\n", 17, &ls, &line, msg, sizeof msg), 0);
	assert_int_equal(store_labels_set(st, &ls, &in_use, &dropped), 0);
	label_scheme_clear(&ls);
	free(dropped);
	assert_string_equal(exported(st, a1), "0-3:PER:suggested:gazetteer:0.50");
	assert_int_equal(store_suggestions_materialize(st, a1, &made), 0);
	assert_int_equal(made, 1);
	assert_int_equal(counted(st, a1), 1);
	store_close(st);
}

/* A database of schema 10 (made by this gloss, then taken back) with
 * suggestion spans opens as 11: the spans stay, counts too, and a batch
 * run takes its engine's spans over. A damaged batch row is skipped. */
static void
test_migration_from_10(void **state)
{
	char dir[] = "/tmp/gloss-batch.XXXXXX", path[64];
	store *st;
	sqlite3 *db;
	int64_t aid;
	span sug[] = { stu_span(0, 3, "PER", 0, SRC_GAZETTEER, 0.8), stu_span(8, 11, "PER", 0, SRC_MODEL, 0.6) };
	size_t added, made;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/v8.db", dir);
	st = stu_open(path, "tester");
	aid = stu_article(st, "Zoe met Ann in Paris and Rome.", NULL, NULL);
	assert_int_equal(store_suggestions_put(st, aid, GAZ | MODEL, sug, 2, NULL), 0);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE suggest_batch; PRAGMA user_version = 10", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);

	st = stu_open(path, "tester");
	assert_true(store_schema_version(st) >= 11);
	assert_int_equal(counted(st, aid), 2);
	assert_string_equal(stu_spans(st, aid), "0-3:PER:suggested:gazetteer:0.80 8-11:PER:suggested:model:0.60");
	sug[0].start = 15;
	sug[0].end = 20;
	assert_int_equal(store_suggestions_put_batch(st, aid, GAZ, sug, 1, &added), 0);
	assert_int_equal(added, 1);
	assert_int_equal(counted(st, aid), 2);
	assert_string_equal(stu_spans(st, aid), "8-11:PER:suggested:model:0.60");
	assert_string_equal(exported(st, aid), "8-11:PER:suggested:model:0.60 15-20:PER:suggested:gazetteer:0.80");
	store_close(st);

	/* damaged: skipped when read, dropped (and uncounted) when made */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE suggest_batch SET data = x'05ff'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	st = stu_open(path, "tester");
	assert_string_equal(exported(st, aid), "8-11:PER:suggested:model:0.60");
	assert_int_equal(store_suggestions_materialize(st, aid, &made), 0);
	assert_int_equal(made, 0);
	assert_int_equal(counted(st, aid), 1);
	store_close(st);
	{
		char p[96];

		snprintf(p, sizeof p, "%s-wal", path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", path);
		unlink(p);
	}
	unlink(path);
	rmdir(dir);
}

/* gloss suggest --engine gazetteer before any decision skips combining
 * (suggester.c, gazetteer_only): what it stores is what combining gives. */
static void
test_gazetteer_alone_as_combined(void **state)
{
	static const char list[] = "Bank of England\tORG\nEngland\tLOC\nParis\tLOC\n";
	store *st = stu_open(":memory:", "tester");
	int64_t a1 = stu_article(st, "The Bank of England met in paris and PARIS, with England.", NULL, NULL);
	int64_t a2 = stu_article(st, "Nothing.", NULL, NULL);
	suggester_opts o = { ENG_GAZETTEER, NULL, NULL, 0 };
	span d = stu_span(0, 7, "PER", SPAN_CONFIRMED, SRC_MANUAL, 1);
	char err[256], first[1024];
	suggester *sg;

	(void)state;
	assert_int_equal(store_gazetteer_put(st, "t.tsv", list, sizeof list - 1, 3), 0);
	for (int k = 0; k < 2; k++) {
		if (k == 1) /* a decision somewhere: now the engines' output is combined */
			assert_int_equal(store_span_add(st, a2, &d), 0);
		assert_int_equal(suggester_new(st, &o, &sg, err, sizeof err), 0);
		suggester_set_batch(sg, 1);
		assert_int_equal(suggester_article(sg, a1, NULL), 0);
		suggester_free(sg);
		if (k == 0)
			snprintf(first, sizeof first, "%s", exported(st, a1));
	}
	assert_string_equal(first, "4-19:ORG:suggested:gazetteer:0.80 27-32:LOC:suggested:gazetteer:0.35 "
	    "37-42:LOC:suggested:gazetteer:0.60 49-56:LOC:suggested:gazetteer:0.80");
	assert_string_equal(exported(st, a1), first);
	store_close(st);
}

/* A long article's batch (records past one encoding chunk, two labels)
 * comes back whole and in place when materialized. */
static void
test_long_batch(void **state)
{
	enum { N = 1000 };
	char text[2 * N + 1];
	span *sug = calloc(N, sizeof *sug);
	store *st = stu_open(":memory:", "tester");
	int64_t aid;
	size_t added, made;
	doc d;

	(void)state;
	assert_non_null(sug);
	for (int i = 0; i < N; i++) {
		text[2 * i] = 'x';
		text[2 * i + 1] = ' ';
		sug[i] = stu_span((size_t)(2 * i), (size_t)(2 * i + 1), i % 3 ? "PER" : "LOC", 0, SRC_GAZETTEER,
		    (double)i / N);
	}
	text[2 * N] = '\0';
	aid = stu_article(st, text, NULL, NULL);
	assert_int_equal(store_suggestions_put_batch(st, aid, 1u << SRC_GAZETTEER, sug, N, &added), 0);
	assert_int_equal(added, N);
	assert_int_equal(store_suggestions_materialize(st, aid, &made), 0);
	assert_int_equal(made, N);
	doc_init(&d);
	assert_int_equal(store_article_load(st, aid, &d, 1), 0);
	assert_int_equal(d.nspans, N);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(d.spans[i].start, 2 * i);
		assert_int_equal(d.spans[i].end, 2 * i + 1);
		assert_string_equal(d.spans[i].label, i % 3 ? "PER" : "LOC");
		assert_true(d.spans[i].confidence == (double)i / N);
	}
	doc_clear(&d);
	free(sug);
	store_close(st);
}

static int
waited(void *arg, unsigned ms)
{
	(void)ms;
	(*(int *)arg)++;
	return 1; /* give up at once: the test only counts */
}

/* Opening an article asks for its batch rows to become spans rows; with
 * none there is nothing to write, so it does not wait for another
 * process's write lock (an import) nor take one. */
static void
test_materialize_nothing_no_lock(void **state)
{
	char dir[] = "/tmp/gloss-test-batch.XXXXXX", path[256];
	span sug = stu_span(0, 3, "PER", 0, SRC_GAZETTEER, 0.8);
	sqlite3 *other;
	store *st;
	int64_t a1, a2;
	size_t made = 9;
	int waits = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/b.db", dir);
	st = stu_open(path, "tester");
	a1 = stu_article(st, "Zoe met Ann in Paris.", NULL, NULL);
	a2 = stu_article(st, "Ann met Zoe in Rome.", NULL, NULL);
	assert_int_equal(store_suggestions_put_batch(st, a2, 1u << SRC_GAZETTEER, &sug, 1, NULL), 0);
	store_set_wait(st, waited, &waits);
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_suggestions_materialize(st, a1, &made), 0);
	assert_int_equal(made, 0);
	assert_int_equal(waits, 0);
	/* with batch rows it must write: it waits (and here gives up) */
	assert_int_not_equal(store_suggestions_materialize(st, a2, &made), 0);
	assert_true(waits > 0);
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	store_set_wait(st, NULL, NULL);
	assert_int_equal(store_suggestions_materialize(st, a2, &made), 0);
	assert_int_equal(made, 1);
	store_close(st);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counted_shown_idempotent),
		cmocka_unit_test(test_rules_hold),
		cmocka_unit_test(test_engines_replace_their_own),
		cmocka_unit_test(test_acceptance_and_labels),
		cmocka_unit_test(test_migration_from_10),
		cmocka_unit_test(test_gazetteer_alone_as_combined),
		cmocka_unit_test(test_long_batch),
		cmocka_unit_test(test_materialize_nothing_no_lock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
