/*
 * test_propagate.c: the propagation engine and the shared rules of
 * model/suggest.c (combination, rejections).
 */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include "model/propagate.h"
#include "model/suggest.h"

/* An article with its tokens, for building sug_input. */
typedef struct art {
	const char *s;
	token *tok;
	size_t ntok;
	sug_input in;
} art;

static void
art_init_mode(art *a, const char *s, int mode)
{
	memset(a, 0, sizeof *a);
	a->s = s;
	a->ntok = sug_tokens(s, strlen(s), mode, &a->tok);
	assert_true(a->ntok != (size_t)-1);
	a->in.s = s;
	a->in.len = strlen(s);
	a->in.ncp = 0;
	for (const char *p = s; *p; p++)
		a->in.ncp += ((unsigned char)*p & 0xc0) != 0x80;
	a->in.tok = a->tok;
	a->in.ntok = a->ntok;
}

static void
art_init(art *a, const char *s)
{
	art_init_mode(a, s, TOKEN_WORDS);
}

static void
art_free(art *a)
{
	free(a->tok);
}

/* Code point offset of the n-th (0-based) occurrence of needle in s. */
static size_t
cp_of(const char *s, const char *needle, int n)
{
	const char *p = s;
	size_t cp = 0;

	for (;;) {
		const char *q = strstr(p, needle);

		assert_non_null(q);
		if (n-- == 0) {
			for (const char *r = s; r < q; r++)
				cp += ((unsigned char)*r & 0xc0) != 0x80;
			return cp;
		}
		p = q + 1;
	}
}

static size_t
cp_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Index of the suggestion starting at cp, or -1. */
static int
find_at(const sug_list *l, size_t cp)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].start == cp)
			return (int)i;
	return -1;
}

static void
add(propagate *p, const char *s, const char *what, const char *label, int status)
{
	const char *q = strstr(s, what);

	assert_non_null(q);
	assert_int_equal(propagate_add(p, s, (size_t)(q - s), (size_t)(q - s) + strlen(what), label, status), 0);
}

/* A confirmed name is proposed elsewhere in any case and normal form, at
 * word boundaries only. */
static void
test_case_nfc_boundaries(void **state)
{
	/* "Zoë" composed in the first, decomposed (e + U+0308) in the third */
	const char *s = "Zo\xc3\xab Lef\xc3\xa8vre spoke. ZO\xc3\x8b LEF\xc3\x88VRE left. "
	    "Zoe\xcc\x88 Lefe\xcc\x80vre again. Zo\xc3\xab Lef\xc3\xa8vres is not her.";
	propagate *p = propagate_new();
	sug_list l;
	art a;
	int i;

	(void)state;
	add(p, s, "Zo\xc3\xab Lef\xc3\xa8vre", "PER", SPAN_CONFIRMED);
	art_init(&a, s);
	sug_list_init(&l);
	assert_int_equal(propagate_suggest(p, &a.in, &l), 0);
	assert_int_equal(l.n, 3); /* not "Lefèvres" */
	i = find_at(&l, cp_of(s, "ZO", 0));
	assert_true(i >= 0);
	assert_string_equal(l.v[i].label, "PER");
	assert_int_equal(l.v[i].source, SRC_PROPAGATE);
	assert_int_equal(l.v[i].status, SPAN_SUGGESTED);
	assert_int_equal(l.v[i].end - l.v[i].start, cp_len("ZO\xc3\x8b LEF\xc3\x88VRE"));
	assert_true(find_at(&l, cp_of(s, "Zoe\xcc\x88", 0)) >= 0);
	assert_int_equal(find_at(&l, cp_of(s, "Zo\xc3\xab Lef\xc3\xa8vres", 0)), -1);
	sug_list_clear(&l);
	art_free(&a);
	propagate_free(p);
}

/* The label most often confirmed wins; rejections lower the confidence. */
static void
test_majority_and_rejections(void **state)
{
	const char *s = "Jordan won. Jordan lost. Jordan drew.";
	propagate *p = propagate_new();
	sug_list l;
	art a;
	double c0, c1;

	(void)state;
	add(p, s, "Jordan", "LOC", SPAN_CONFIRMED);
	add(p, s, "Jordan", "PER", SPAN_CONFIRMED);
	add(p, s, "Jordan", "PER", SPAN_CONFIRMED);
	art_init(&a, s);
	sug_list_init(&l);
	assert_int_equal(propagate_suggest(p, &a.in, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].label, "PER");
	c0 = l.v[0].confidence;
	add(p, s, "Jordan", "PER", SPAN_REJECTED);
	sug_list_reset(&l);
	assert_int_equal(propagate_suggest(p, &a.in, &l), 0);
	c1 = l.v[0].confidence;
	assert_true(c1 < c0);
	/* the scheme without PER: the next label is proposed */
	{
		const char *labels[] = { "LOC", "ORG" };

		a.in.labels = labels;
		a.in.nlabels = 2;
		sug_list_reset(&l);
		assert_int_equal(propagate_suggest(p, &a.in, &l), 0);
		assert_string_equal(l.v[0].label, "LOC");
	}
	sug_list_clear(&l);
	art_free(&a);
	propagate_free(p);
}

/* A capitalised name met in lower case is proposed with less confidence;
 * a hashtag finds its name (pre-tokenised text, where "#Apple" is one
 * token). */
static void
test_lower_case_and_hashtag(void **state)
{
	const char *s = "Apple rose . I ate an apple . Shares of #Apple fell .";
	propagate *p = propagate_new();
	sug_list l;
	art a;
	int up, low, tag;

	(void)state;
	add(p, s, "Apple", "ORG", SPAN_CONFIRMED);
	art_init_mode(&a, s, TOKEN_WHITESPACE);
	sug_list_init(&l);
	assert_int_equal(propagate_suggest(p, &a.in, &l), 0);
	up = find_at(&l, 0);
	low = find_at(&l, cp_of(s, "apple", 0));
	tag = find_at(&l, cp_of(s, "#Apple", 0));
	assert_true(up >= 0 && low >= 0 && tag >= 0);
	assert_true(l.v[low].confidence < l.v[up].confidence / 2);
	assert_int_equal(l.v[tag].end - l.v[tag].start, 6);
	sug_list_clear(&l);
	art_free(&a);
	propagate_free(p);
}

/* Save and load give the same dictionary; bad data is refused. */
static void
test_save_load(void **state)
{
	const char *s = "Kofi Annan met Ban Ki-moon. Kofi Annan left.";
	propagate *p = propagate_new(), *q = propagate_new();
	unsigned char *buf;
	size_t n;
	sug_list a1, a2;
	art a;

	(void)state;
	add(p, s, "Kofi Annan", "PER", SPAN_CONFIRMED);
	add(p, s, "Ban Ki-moon", "PER", SPAN_CONFIRMED);
	add(p, s, "Ban Ki-moon", "ORG", SPAN_REJECTED);
	assert_int_equal(propagate_save(p, &buf, &n), 0);
	assert_int_equal(propagate_load(q, buf, n), 0);
	assert_int_equal(propagate_count(q), 2);
	art_init(&a, s);
	sug_list_init(&a1);
	sug_list_init(&a2);
	assert_int_equal(propagate_suggest(p, &a.in, &a1), 0);
	assert_int_equal(propagate_suggest(q, &a.in, &a2), 0);
	assert_int_equal(a1.n, a2.n);
	for (size_t i = 0; i < a1.n; i++) {
		assert_int_equal(a1.v[i].start, a2.v[i].start);
		assert_string_equal(a1.v[i].label, a2.v[i].label);
		assert_true(a1.v[i].confidence == a2.v[i].confidence);
	}
	assert_int_equal(propagate_load(q, buf, n - 3), -1);
	assert_int_equal(propagate_load(q, (const unsigned char *)"junk", 4), -1);
	free(buf);
	sug_list_clear(&a1);
	sug_list_clear(&a2);
	art_free(&a);
	propagate_free(p);
	propagate_free(q);
}

/* sug_combine: one suggestion per place, decided spans win, a rejected
 * (text, label) is not proposed again there, repeated rejections lower a
 * string's confidence everywhere. */
static void
test_combine_rules(void **state)
{
	const char *s = "Paris Hilton visited Paris and Lyon and Nice.";
	sug_list cand, out;
	span known[2];
	sug_memory *mem = sug_memory_new();
	const sug_rule rules[] = { { SRC_PROPAGATE, 0.3, 1.0 }, { SRC_MODEL, 0.5, 1.0 } };
	sug_rule rules2[1];
	size_t paris2 = cp_of(s, "Paris", 1), lyon = cp_of(s, "Lyon", 0), nice = cp_of(s, "Nice", 0);
	art a;

	(void)state;
	art_init(&a, s);
	sug_list_init(&cand);
	sug_list_init(&out);
	/* overlapping candidates: the better score wins */
	sug_list_add(&cand, 0, 12, "PER", SRC_MODEL, 0.9);
	sug_list_add(&cand, 0, 5, "LOC", SRC_PROPAGATE, 0.6);
	/* below the model's threshold */
	sug_list_add(&cand, paris2, paris2 + 5, "LOC", SRC_MODEL, 0.4);
	/* over a confirmed span */
	sug_list_add(&cand, lyon, lyon + 4, "ORG", SRC_MODEL, 0.99);
	/* rejected there with this label; another label is fine */
	sug_list_add(&cand, nice, nice + 4, "PER", SRC_MODEL, 0.99);
	memset(known, 0, sizeof known);
	known[0] = (span){ .start = lyon, .end = lyon + 4, .label = "LOC", .kind = SPAN_ENTITY, .status = SPAN_CONFIRMED };
	known[1] = (span){ .start = nice, .end = nice + 4, .label = "PER", .kind = SPAN_ENTITY, .status = SPAN_REJECTED };
	a.in.known = known;
	a.in.nknown = 2;
	assert_int_equal(sug_combine(&a.in, &cand, rules, 2, mem, &out), 0);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].start, 0);
	assert_int_equal(out.v[0].end, 12);
	assert_string_equal(out.v[0].label, "PER");
	/* cand untouched */
	assert_int_equal(cand.n, 5);
	assert_true(cand.v[0].confidence == 0.9);

	/* "Nice" as LOC passes; rejected twice elsewhere it falls under the threshold */
	sug_list_reset(&cand);
	sug_list_reset(&out);
	a.in.nknown = 0;
	sug_list_add(&cand, nice, nice + 4, "LOC", SRC_MODEL, 0.9);
	rules2[0].source = SRC_MODEL;
	rules2[0].min_conf = 0.3;
	rules2[0].weight = 1;
	assert_int_equal(sug_combine(&a.in, &cand, rules2, 1, mem, &out), 0);
	assert_int_equal(out.n, 1);
	assert_int_equal(sug_memory_add(mem, "Nice", 0, 4, "LOC", SPAN_REJECTED), 0);
	sug_list_reset(&out);
	assert_int_equal(sug_combine(&a.in, &cand, rules2, 1, mem, &out), 0);
	assert_int_equal(out.n, 1);
	assert_true(out.v[0].confidence < 0.5 && out.v[0].confidence > 0.4);
	assert_int_equal(sug_memory_add(mem, "NICE", 0, 4, "LOC", SPAN_REJECTED), 0);
	assert_int_equal(sug_memory_rejected(mem, "nice", "LOC"), 2);
	sug_list_reset(&out);
	assert_int_equal(sug_combine(&a.in, &cand, rules2, 1, mem, &out), 0);
	assert_int_equal(out.n, 0);
	sug_list_clear(&cand);
	sug_list_clear(&out);
	sug_memory_free(mem);
	art_free(&a);
}

/* The engine wrapper learns from fresh decisions only. */
static void
test_engine_learn(void **state)
{
	const char *s = "Ada Lovelace wrote. Later Ada Lovelace died.";
	sug_engine *e = propagate_engine_new();
	span fresh = { .start = 0, .end = 12, .label = "PER", .kind = SPAN_ENTITY, .status = SPAN_CONFIRMED };
	sug_list l;
	art a;

	(void)state;
	assert_non_null(e);
	art_init(&a, s);
	a.in.known = &fresh;
	a.in.nknown = 1;
	assert_int_equal(e->learn(e->self, &a.in, &fresh, 1), 0);
	sug_list_init(&l);
	assert_int_equal(e->suggest(e->self, &a.in, &l), 0);
	assert_int_equal(l.n, 2); /* combine, not the engine, drops the confirmed one */
	assert_int_equal(l.v[1].start, cp_of(s, "Ada", 1));
	/* want range: only the second sentence */
	a.in.want_start = cp_of(s, "Later", 0);
	sug_list_reset(&l);
	assert_int_equal(e->suggest(e->self, &a.in, &l), 0);
	assert_int_equal(l.n, 1);
	sug_list_clear(&l);
	art_free(&a);
	sug_engine_free(e);
}

/* sug_fold's ASCII path gives what u8_casefold gives: every ASCII byte,
 * and random ASCII words; others go through u8_casefold. */
static void
test_fold_ascii_as_unicode(void **state)
{
	char w[64];
	unsigned seed = 11;

	(void)state;
	for (int k = 0; k < 2000; k++) {
		size_t n = k < 127 ? 1 : 1 + (size_t)(rand_r(&seed) % 40), fl = 99, ul = 0;
		char *f;
		uint8_t *u;

		for (size_t i = 0; i < n; i++)
			w[i] = (char)(k < 127 ? k + 1 : 1 + rand_r(&seed) % 127);
		f = sug_fold(w, n, &fl);
		u = u8_casefold((const uint8_t *)w, n, NULL, UNINORM_NFC, NULL, &ul);
		assert_non_null(f);
		assert_non_null(u);
		assert_int_equal(fl, ul);
		assert_memory_equal(f, u, ul);
		assert_int_equal(f[fl], '\0');
		free(f);
		free(u);
	}
	{
		size_t fl;
		char *f = sug_fold("\xc5\x81\xc3\x93" "D\xc5\xb9 Stra\xc3\x9f" "e", 15, &fl);

		assert_string_equal(f, "\xc5\x82\xc3\xb3" "d\xc5\xba strasse");
		free(f);
	}
}

/* What propagate_suggest proposes in s, as "start-end:LABEL ...". */
static char *
proposed(propagate *p, const char *s, uint64_t text_id)
{
	static char buf[512];
	sug_list l;
	art a;
	size_t n = 0;

	art_init(&a, s);
	a.in.text_id = text_id;
	sug_list_init(&l);
	assert_int_equal(propagate_suggest(p, &a.in, &l), 0);
	buf[0] = '\0';
	for (size_t i = 0; i < l.n; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%zu-%zu:%s ", l.v[i].start, l.v[i].end, l.v[i].label);
	sug_list_clear(&l);
	art_free(&a);
	return buf;
}

/* The words of a text with an id are folded once and kept for the next
 * call on that text; another id, or none, is folded afresh. */
static void
test_folded_words_kept(void **state)
{
	const char *s = "\xc5\x81\xc3\xb3" "d\xc5\xba is big. Near \xc5\x81\xc3\xb3" "d\xc5\xba, ZO\xc3\x8b lives.";
	const char *t = "Zo\xc3\xab went to \xc5\x81\xc3\xb3" "d\xc5\xba and zo\xc3\xab came back.";
	propagate *p = propagate_new();
	char a0[512], b0[512];

	(void)state;
	add(p, s, "\xc5\x81\xc3\xb3" "d\xc5\xba", "LOC", SPAN_CONFIRMED);
	add(p, t, "Zo\xc3\xab", "PER", SPAN_CONFIRMED);
	snprintf(a0, sizeof a0, "%s", proposed(p, s, 0));
	snprintf(b0, sizeof b0, "%s", proposed(p, t, 0));
	assert_string_not_equal(a0, b0);
	assert_string_equal(proposed(p, s, 7), a0);      /* folded, kept */
	assert_string_equal(proposed(p, s, 7), a0);      /* kept ones */
	assert_string_equal(proposed(p, t, 8), b0);      /* another text */
	assert_string_equal(proposed(p, s, 7), a0);
	assert_string_equal(proposed(p, t, 0), b0);      /* none: not kept */
	assert_string_equal(proposed(p, s, 7), a0);
	propagate_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_nfc_boundaries),
		cmocka_unit_test(test_fold_ascii_as_unicode),
		cmocka_unit_test(test_folded_words_kept),
		cmocka_unit_test(test_majority_and_rejections),
		cmocka_unit_test(test_lower_case_and_hashtag),
		cmocka_unit_test(test_save_load),
		cmocka_unit_test(test_combine_rules),
		cmocka_unit_test(test_engine_learn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
