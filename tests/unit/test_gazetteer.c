/* test_gazetteer.c: the term automaton — longest match, word boundaries,
 * case and accents, code point offsets, acronyms, file errors by line. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/gazetteer.h"
#include "model/token.h"

static gazetteer *
gaz(const char *file)
{
	gazetteer *g = gazetteer_new();
	char err[256];

	assert_non_null(g);
	assert_true(gazetteer_load(g, file, strlen(file), "t.tsv", NULL, NULL, err, sizeof err) >= 0);
	assert_int_equal(gazetteer_build(g), 0);
	return g;
}

/* Matches of s as "start-end:LABEL:text" joined by spaces (offsets in code points). */
static char *
run(const gazetteer *g, const char *s, int flags)
{
	static char buf[1024];
	gaz_matches m = { 0 };
	size_t o = 0;

	assert_int_equal(gazetteer_match(g, s, strlen(s), flags, &m), 0);
	buf[0] = '\0';
	for (size_t i = 0; i < m.n; i++) {
		const gaz_match *x = &m.v[i];

		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%zu-%zu:%s:%.*s", i ? " " : "",
		    x->start, x->end, gazetteer_label(g, x->label),
		    (int)(x->bend - x->bstart), s + x->bstart);
		assert_true(o < sizeof buf);
	}
	gaz_matches_free(&m);
	return buf;
}

static void
test_longest_wins(void **state)
{
	gazetteer *g = gaz("United States\tLOC\nUnited States of America\tLOC\n"
	    "States\tMISC\nBank of England\tORG\nEngland\tLOC\nNew York\tLOC\nYork City Council\tORG\n");

	(void)state;
	assert_string_equal(run(g, "the United States of America said", 0),
	    "4-28:LOC:United States of America");
	assert_string_equal(run(g, "the United States said", 0), "4-17:LOC:United States");
	assert_string_equal(run(g, "Bank of England and England", 0),
	    "0-15:ORG:Bank of England 20-27:LOC:England");
	/* overlapping, different starts: the longer one wins */
	assert_string_equal(run(g, "New York City Council", 0), "4-21:ORG:York City Council");
	/* GAZ_ALL keeps every match, by start then longer first */
	assert_string_equal(run(g, "United States of America", GAZ_ALL),
	    "0-24:LOC:United States of America 0-13:LOC:United States 7-13:MISC:States");
	gazetteer_free(g);
}

static void
test_word_boundaries(void **state)
{
	gazetteer *g = gaz("Oman\tLOC\nMali\tLOC\nAT&T\tORG\n(UN)\tORG\n");

	(void)state;
	assert_string_equal(run(g, "Romania and Omani Somali", 0), "");
	assert_string_equal(run(g, "Oman, Mali.", 0), "0-4:LOC:Oman 6-10:LOC:Mali");
	assert_string_equal(run(g, "Oman's Mali-based (Mali)", 0),
	    "0-4:LOC:Oman 7-11:LOC:Mali 19-23:LOC:Mali");
	assert_string_equal(run(g, "AT&T AT&Tx at&t", 0), "0-4:ORG:AT&T");
	/* a term edge that is punctuation needs no boundary */
	assert_string_equal(run(g, "x(UN)y", 0), "1-5:ORG:(UN)");
	/* accented letters are word characters too */
	assert_string_equal(run(g, "Omané Mali", 0), "6-10:LOC:Mali");
	gazetteer_free(g);
}

static void
test_case_and_accents(void **state)
{
	gazetteer *g = gaz("Zoë Lefèvre\tPER\nCôte d'Ivoire\tLOC\nStraße\tLOC\nUnited Nations\tORG\n");

	(void)state;
	/* case-folded: any case matches; accents count */
	assert_string_equal(run(g, "ZOË LEFÈVRE met zoë lefèvre", 0),
	    "0-11:PER:ZOË LEFÈVRE 16-27:PER:zoë lefèvre");
	assert_string_equal(run(g, "Zoe Lefevre", 0), "");
	/* decomposed text (e + U+0308) is found, offsets count its code points */
	assert_string_equal(run(g, "Zoe\xcc\x88 Lefe\xcc\x80vre!", 0),
	    "0-13:PER:Zoe\xcc\x88 Lefe\xcc\x80vre");
	/* curly apostrophe, ß folding, runs of white space */
	assert_string_equal(run(g, "in Côte d’Ivoire", 0), "3-16:LOC:Côte d’Ivoire");
	assert_string_equal(run(g, "STRASSE", 0), "0-7:LOC:STRASSE");
	assert_string_equal(run(g, "the United\n  Nations", 0), "4-20:ORG:United\n  Nations");
	/* offsets are code points after non-ASCII text */
	assert_string_equal(run(g, "日本 — united nations", 0), "5-19:ORG:united nations");
	gazetteer_free(g);
}

static void
test_exact_and_acronyms(void **state)
{
	gazetteer *g = gaz("US\tLOC\nWHO\tORG\nNATO\tORG\nParis\tLOC\n");
	gaz_matches m = { 0 };
	const char *s = "us and who; the US, WHO and Nato; paris Paris";

	(void)state;
	assert_string_equal(run(g, s, 0), "16-18:LOC:US 20-23:ORG:WHO 34-39:LOC:paris 40-45:LOC:Paris");
	assert_int_equal(gazetteer_match(g, s, strlen(s), 0, &m), 0);
	assert_int_equal(m.n, 4);
	assert_int_equal(m.v[0].start, 16);
	assert_int_equal(m.v[1].start, 20);
	assert_int_equal(m.v[2].start, 34); /* paris: found, not exact */
	assert_int_equal(m.v[2].exact, 0);
	assert_int_equal(m.v[3].exact, 1);
	gaz_matches_free(&m);
	gazetteer_free(g);
}

static void
test_file_errors(void **state)
{
	gazetteer *g = gazetteer_new();
	char err[256];
	const char *bad_tab = "# comment\nParis\tLOC\n\nLondon LOC\n";
	const char *bad_label = "Paris\tLOC\r\nRome\t\r\n";
	const char *bad_utf8 = "Paris\tLOC\nR\xffme\tLOC\n";
	const char *empty = "Paris\tLOC\nOslo\tLOC\n   \tLOC\n";

	(void)state;
	assert_int_equal(gazetteer_load(g, bad_tab, strlen(bad_tab), "a.tsv", NULL, NULL, err, sizeof err), -1);
	assert_string_equal(err, "a.tsv:4: no TAB between term and label");
	assert_int_equal(gazetteer_load(g, bad_label, strlen(bad_label), "b.tsv", NULL, NULL, err, sizeof err), -1);
	assert_string_equal(err, "b.tsv:2: empty label");
	assert_int_equal(gazetteer_load(g, bad_utf8, strlen(bad_utf8), "c.tsv", NULL, NULL, err, sizeof err), -1);
	assert_string_equal(err, "c.tsv:2: term is not valid UTF-8");
	assert_int_equal(gazetteer_load(g, empty, strlen(empty), "d.tsv", NULL, NULL, err, sizeof err), -1);
	assert_string_equal(err, "d.tsv:3: empty term");
	/* a refused file adds nothing */
	assert_int_equal(gazetteer_count(g), 0);
	gazetteer_free(g);
}

static void
test_label_alternatives(void **state)
{
	gazetteer *g = gazetteer_new();
	label_scheme ls = { 0 };
	size_t line, skipped = 0;
	char err[256];
	const char *f = "France\tLOC|GPE\nFrench\tMISC|NORP\nEuro\tCUR\n";
	const char *scheme = "1 GPE green x\n2 NORP red y\n";

	(void)state;
	assert_int_equal(label_scheme_parse(scheme, strlen(scheme), &ls, &line, err, sizeof err), 0);
	assert_int_equal(gazetteer_load(g, f, strlen(f), "f", &ls, &skipped, err, sizeof err), 2);
	assert_int_equal(skipped, 1);
	assert_int_equal(gazetteer_build(g), 0);
	assert_string_equal(run(g, "French France", 0), "0-6:NORP:French 7-13:GPE:France");
	label_scheme_clear(&ls);
	gazetteer_free(g);
}

static void
test_same_term_later_label(void **state)
{
	gazetteer *g = gaz("Jordan\tPER\njordan\tLOC\n");

	(void)state;
	assert_int_equal(gazetteer_count(g), 1);
	assert_string_equal(run(g, "Jordan", 0), "0-6:LOC:Jordan");
	gazetteer_free(g);
}

static void
test_token_features(void **state)
{
	gazetteer *g = gaz("New York\tLOC\nYork\tPER\n");
	const char *s = "in New York now";
	gaz_matches m = { 0 };
	token *tok;
	size_t n = token_split(s, strlen(s), NULL, 0, &tok);
	uint32_t b[8], in[8];
	int loc = gazetteer_label_index(g, "LOC"), per = gazetteer_label_index(g, "PER");

	(void)state;
	assert_int_equal(n, 4);
	assert_int_equal(gazetteer_match(g, s, strlen(s), GAZ_ALL, &m), 0);
	gazetteer_token_features(&m, tok, n, b, in);
	assert_int_equal(b[0], 0);
	assert_int_equal(b[1], 1u << loc);
	assert_int_equal(in[2], 1u << loc);
	assert_int_equal(b[2], 1u << per);
	assert_int_equal(b[3] | in[3], 0);
	free(tok);
	gaz_matches_free(&m);
	gazetteer_free(g);
}

static void
test_many_terms(void **state)
{
	/* enough terms that states share prefixes and fail links cross */
	gazetteer *g = gazetteer_new();
	char term[32], err[128], text[64];

	(void)state;
	for (int i = 0; i < 3000; i++) {
		snprintf(term, sizeof term, "term%d x", i);
		assert_int_equal(gazetteer_add(g, term, strlen(term), i % 2 ? "A" : "B", err, sizeof err), 0);
	}
	/* deep states keep only children and a fail state (compact(), past
	 * the first states breadth first): fail links between deep states */
	assert_int_equal(gazetteer_add(g, "north river bank company", 24, "ORG", err, sizeof err), 0);
	assert_int_equal(gazetteer_add(g, "river bay", 9, "LOC", err, sizeof err), 0);
	assert_int_equal(gazetteer_add(g, "north river banner", 18, "MISC", err, sizeof err), 0);
	assert_int_equal(gazetteer_add(g, "bank company limited", 20, "ORG", err, sizeof err), 0);
	assert_int_equal(gazetteer_build(g), 0);
	snprintf(text, sizeof text, "a term2999 x, term12 x; term1 y");
	assert_string_equal(run(g, text, 0), "2-12:A:term2999 x 14-22:B:term12 x");
	assert_string_equal(run(g, "the north river bay", 0), "10-19:LOC:river bay");
	assert_string_equal(run(g, "north river banner", 0), "0-18:MISC:north river banner");
	assert_string_equal(run(g, "north river bank company limited", GAZ_ALL),
	    "0-24:ORG:north river bank company 12-32:ORG:bank company limited");
	assert_string_equal(run(g, "north river bank company limite term7 x", 0),
	    "0-24:ORG:north river bank company 32-39:A:term7 x");
	gazetteer_free(g);
}

static void
test_engine(void **state)
{
	gazetteer *g = gaz("Turkey\tGPE|LOC\nAnkara\tGPE|LOC\nKurdish\tNORP|MISC\n");
	sug_engine *e = gazetteer_engine_new(g);
	const char *s = "Ankara said turkey and Kurdish. TURKEY";
	const char *labels[] = { "LOC", "PER" };
	sug_input in = { .s = s, .len = strlen(s), .ncp = strlen(s), .labels = labels, .nlabels = 2 };
	sug_list l;

	(void)state;
	assert_non_null(e);
	sug_list_init(&l);
	assert_int_equal(e->suggest(e->self, &in, &l), 0);
	/* the file was loaded without a scheme: GPE taken, which this one lacks */
	assert_int_equal(l.n, 0);
	labels[0] = "GPE";
	assert_int_equal(e->suggest(e->self, &in, &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].source, SRC_GAZETTEER);
	assert_true(l.v[0].confidence == GAZ_CONF_EXACT);
	assert_int_equal(l.v[1].start, 12);
	assert_true(l.v[1].confidence == GAZ_CONF_FOLDED);
	assert_int_equal(l.v[2].start, 32);
	assert_true(l.v[2].confidence == GAZ_CONF_CAPS);
	sug_list_clear(&l);
	sug_engine_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_longest_wins),
		cmocka_unit_test(test_word_boundaries),
		cmocka_unit_test(test_case_and_accents),
		cmocka_unit_test(test_exact_and_acronyms),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_label_alternatives),
		cmocka_unit_test(test_same_term_later_label),
		cmocka_unit_test(test_token_features),
		cmocka_unit_test(test_many_terms),
		cmocka_unit_test(test_engine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
