/*
 * test_brat.c: the brat reader and writer on brat's own tutorial files,
 * DKPro's discontinuous example, a Unicode fixture (astral, combining,
 * CJK, a span across a newline, notes, A/M/N lines), CRLF text, mismatch
 * messages, malformed input, file names, and a CoNLL -> brat -> CoNLL chain.
 */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/fmt.h"
#include "db/json_sqlite.h"
#include "tests/unit/fmt_testutil.h"

extern const fmt fmt_brat, fmt_conll;

static jsonp *jp;

static int
setup(void **state)
{
	(void)state;
	jp = jsonp_new();
	return jp ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	jsonp_free(jp);
	return 0;
}

static fmt_opts
opts(void)
{
	fmt_opts o;

	memset(&o, 0, sizeof o);
	o.as_status = SPAN_CONFIRMED;
	o.json_parse = jsonp_parse;
	o.json_ctx = jp;
	return o;
}

/* Read tests/data/brat/<base>.txt with <ann>.ann; expect success. */
static void
read_pair(const char *base, const char *ann, docs *ds, fmt_report *rep)
{
	char rel[256], name[256];
	size_t tl, al;
	char *txt, *a;
	fmt_opts o = opts();
	doc_err err;

	snprintf(rel, sizeof rel, "brat/%s.txt", base);
	txt = data_load(rel, &tl);
	snprintf(rel, sizeof rel, "brat/%s.ann", ann);
	a = data_load(rel, &al);
	snprintf(name, sizeof name, "some/dir/%s.txt", base);
	if (read_buf(&fmt_brat, name, txt, tl, a, al, &o, ds, rep, &err) != 0)
		fail_msg("%s.ann:%zu: %s", ann, err.line, err.msg);
	free(txt);
	free(a);
}

static int
str_qcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The T lines of an .ann without their ids ("TYPE RANGES\tTEXT"), sorted, one per line. */
static char *
tlines(const char *ann, size_t len)
{
	char *v[1024], *out = NULL;
	size_t n = 0, outlen = 0;
	const char *p = ann, *end = ann + len;
	FILE *f = open_memstream(&out, &outlen);

	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p)), *tab;
		size_t l = (size_t)((e ? e : end) - p);

		if (l && p[l - 1] == '\r')
			l--;
		if (l && p[0] == 'T' && (tab = memchr(p, '\t', l)) != NULL) {
			assert_true(n < 1024);
			v[n++] = strndup(tab + 1, l - (size_t)(tab + 1 - p));
		}
		p = e ? e + 1 : end;
	}
	qsort(v, n, sizeof *v, str_qcmp);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s\n", v[i]);
		free(v[i]);
	}
	fclose(f);
	return out;
}

static const char *
note_of(const doc *d, size_t start)
{
	for (size_t i = 0; i < d->nspans; i++)
		if (d->spans[i].start == start)
			return d->spans[i].note;
	fail_msg("no span at %zu", start);
	return NULL;
}

/*
 * Import base (with ann), export it, check the .txt is byte for byte the
 * same and the T lines are the same set; import the export and export
 * again: the .ann must not change any more. Returns the first export's .ann.
 * want: the .ann whose T lines the export must have (brat's own form);
 * nback: the spans read back from it.
 */
static char *
round_trip_as(const char *base, const char *ann, const char *want, size_t nspans, size_t nback,
    size_t skipped, const char *what)
{
	docs a = { 0 }, b = { 0 };
	memfs fs = { 0 }, fs2 = { 0 };
	fmt_report rep = { 0 }, wrep = { 0 };
	fmt_opts o = opts();
	const memfile *t, *an, *an2;
	char rel[256], *orig, *otxt, *x, *y, *res;
	size_t olen, tlen;
	doc_err err;

	read_pair(base, ann, &a, &rep);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.v[0].nspans, nspans);
	assert_int_equal(rep.skipped, skipped);
	if (what)
		assert_string_equal(fmt_report_what(&rep), what);
	assert_string_equal(a.v[0].ext_id, base);
	write_fs(&fmt_brat, a.v, 1, &o, &fs, &wrep);
	assert_int_equal(wrep.skipped, 0);
	snprintf(rel, sizeof rel, "%s.txt", base);
	t = memfs_get(&fs, rel);
	snprintf(rel, sizeof rel, "%s.ann", base);
	an = memfs_get(&fs, rel);
	assert_non_null(t);
	assert_non_null(an);
	snprintf(rel, sizeof rel, "brat/%s.txt", base);
	otxt = data_load(rel, &tlen);
	assert_int_equal(t->len, tlen);
	assert_memory_equal(t->buf, otxt, tlen);
	snprintf(rel, sizeof rel, "brat/%s.ann", want);
	orig = data_load(rel, &olen);
	x = tlines(orig, olen);
	y = tlines(an->buf, an->len);
	assert_string_equal(x, y);
	/* again, from the export */
	snprintf(rel, sizeof rel, "%s.txt", base);
	assert_int_equal(read_buf(&fmt_brat, rel, t->buf, t->len, an->buf, an->len, &o, &b, &rep, &err), 0);
	assert_int_equal(b.v[0].nspans, nback);
	write_fs(&fmt_brat, b.v, 1, &o, &fs2, NULL);
	snprintf(rel, sizeof rel, "%s.ann", base);
	an2 = memfs_get(&fs2, rel);
	assert_non_null(an2);
	assert_int_equal(an->len, an2->len);
	assert_memory_equal(an->buf, an2->buf, an->len);
	res = strndup(an->buf, an->len);
	free(x);
	free(y);
	free(orig);
	free(otxt);
	memfs_free(&fs);
	memfs_free(&fs2);
	docs_free(&a);
	docs_free(&b);
	fmt_report_free(&rep);
	fmt_report_free(&wrep);
	return res;
}

static char *
round_trip(const char *base, const char *ann, size_t nspans, size_t skipped, const char *what)
{
	return round_trip_as(base, ann, ann, nspans, nspans, skipped, what);
}

static void
test_tutorials(void **state)
{
	char *ann;
	docs ds = { 0 };
	fmt_report rep = { 0 };

	(void)state;
	ann = round_trip("060-relation_annotation", "060-relation_annotation", 10, 2,
	    "1 R line, 1 * line not imported: gloss stores entities only");
	free(ann);
	ann = round_trip("080-event-annotation", "080-event-annotation", 21, 4,
	    "4 E lines not imported: gloss stores entities only");
	free(ann);
	/* A4 on T1 kept, A1-A3, A5, A6 on events not */
	ann = round_trip("100-attribute_annotation", "100-attribute_annotation", 26, 15,
	    "10 E lines, 5 #/A/N lines on those not imported: gloss stores entities only");
	assert_non_null(strstr(ann, "\nA4\tIndividual T1\n"));
	assert_int_equal(strncmp(ann, "T1\tPerson 497 505\tSomebody\n", 27), 0);
	free(ann);
	read_pair("100-attribute_annotation", "100-attribute_annotation", &ds, &rep);
	assert_string_equal(ds.v[0].meta, "{\"brat\":{\"T\":{\"T1\":\"Person 497 505\"},\"A\":[\"A4\\tIndividual T1\"]}}");
	docs_free(&ds);
	/* the note on T1 kept, those on E1 and R1 not */
	ann = round_trip("110-note_annotation", "110-note_annotation", 14, 6,
	    "2 R lines, 2 E lines, 2 #/A/N lines on those not imported: gloss stores entities only");
	assert_non_null(strstr(ann, "\n#1\tAnnotatorNotes T1\tShould fictional places be annotated?\n"));
	free(ann);
	read_pair("110-note_annotation", "110-note_annotation", &ds, &rep);
	assert_string_equal(note_of(&ds.v[0], 412), "Should fictional places be annotated?");
	assert_null(note_of(&ds.v[0], 471));
	assert_null(ds.v[0].meta);
	docs_free(&ds);
	fmt_report_free(&rep);
}

static void
test_dkpro_discontinuous(void **state)
{
	docs ds = { 0 };
	fmt_report rep = { 0 };
	char *ann;

	(void)state;
	read_pair("document0d", "document0d", &ds, &rep);
	assert_int_equal(ds.v[0].nspans, 5);   /* "is n" is two spans */
	assert_spans(&ds.v[0], "Token:This|Token:is|Token:n|Token:other test|Token:.");
	assert_string_equal(ds.v[0].meta, "{\"brat\":{\"T\":{\"T2\":\"Token 5 7;9 10\"}}}");
	docs_free(&ds);
	ann = round_trip("document0d", "document0d", 5, 4, "4 E lines not imported: gloss stores entities only");
	assert_string_equal(ann, "T1\tToken 0 4\tThis\nT2\tToken 5 7;9 10\tis n\nT3\tToken 11 21\tother test\n"
	    "T4\tToken 21 22\t.\n");
	free(ann);
	/* DKPro's reference file annotates the same text without the discontinuity */
	read_pair("document0d", "document0d-ref", &ds, &rep);
	assert_int_equal(ds.v[0].nspans, 5);
	assert_int_equal(rep.skipped, 5);
	assert_null(ds.v[0].meta);
	docs_free(&ds);
	fmt_report_free(&rep);
}

static const char unicode_ann[] =
    "T1\tPER 0 11\tZoë Saldaña\n"
    "T2\tMeeting 12 15\tmet\n"
    "T3\tLOC 26 28\t東京\n"
    "T4\tORG 44 64\te\xcc\x81" "cole Polytechnique\n"
    "T5\tLOC 68 73;74 80\tParis France\n"   /* across a line break: split, as brat does */
    "T6\tPER 88 93;106 115\tAhmed al-Sharaa\n"
    "T7\tORG 120 128\t𝒜𝒷 Corp.\n"
    "#1\tAnnotatorNotes T1\tcheck the tilde\n"
    "#2\tAnnotatorNotes T6\tone person, two fragments\n"
    "A1\tFamous T1\n"
    "M1\tNegated T6\n"
    "N1\tReference T3 Wikidata:Q1490\tTokyo\n";

static void
test_unicode(void **state)
{
	docs ds = { 0 };
	fmt_report rep = { 0 };
	char *ann;

	(void)state;
	read_pair("unicode", "unicode", &ds, &rep);
	assert_int_equal(rep.skipped, 5);
	assert_string_equal(fmt_report_what(&rep),
	    "1 R line, 1 E line, 1 * line, 2 #/A/N lines on those not imported: gloss stores entities only");
	assert_spans(&ds.v[0], "PER:Zoë Saldaña|Meeting:met|LOC:東京|ORG:e\xcc\x81" "cole Polytechnique|"
	    "LOC:Paris\nFrance|PER:Ahmed|PER:al-Sharaa|ORG:𝒜𝒷 Corp.");
	assert_string_equal(note_of(&ds.v[0], 0), "check the tilde");
	assert_string_equal(note_of(&ds.v[0], 88), "one person, two fragments");
	assert_string_equal(note_of(&ds.v[0], 106), "one person, two fragments");
	assert_null(note_of(&ds.v[0], 12));
	assert_string_equal(ds.v[0].meta, "{\"brat\":{\"T\":{\"T1\":\"PER 0 11\",\"T2\":\"LOC 26 28\","
	    "\"T5\":\"PER 88 93;106 115\"},\"A\":[\"A1\\tFamous T1\",\"M1\\tNegated T5\"],"
	    "\"N\":[\"N1\\tReference T2 Wikidata:Q1490\\tTokyo\"]}}");
	for (size_t i = 0; i < ds.v[0].nspans; i++) {
		assert_int_equal(ds.v[0].spans[i].status, SPAN_CONFIRMED);
		assert_int_equal(ds.v[0].spans[i].source, SRC_IMPORT);
	}
	docs_free(&ds);
	ann = round_trip_as("unicode", "unicode", "unicode-out", 8, 9, 5, NULL);
	assert_string_equal(ann, unicode_ann);
	free(ann);
	fmt_report_free(&rep);
}

static void
test_crlf(void **state)
{
	docs ds = { 0 };
	fmt_report rep = { 0 };
	char *ann;

	(void)state;
	read_pair("crlf", "crlf", &ds, &rep);
	/* the text is kept as it is: brat counts the CR */
	assert_string_equal(ds.v[0].text, "Line one Zoë\r\nLine two Paris\r\n");
	assert_int_equal(ds.v[0].spans[1].start, 23);
	docs_free(&ds);
	ann = round_trip("crlf", "crlf", 2, 0, NULL);
	assert_string_equal(ann, "T1\tPER 9 12\tZoë\nT2\tLOC 23 28\tParis\n");
	free(ann);
	fmt_report_free(&rep);
}

static void
assert_ann_fails(const char *txt, const char *ann, size_t line, const char *msg)
{
	docs ds = { 0 };
	fmt_report rep = { 0 };
	fmt_opts o = opts();
	doc_err err;

	assert_int_equal(read_buf(&fmt_brat, "x.txt", txt, strlen(txt), ann, strlen(ann), &o, &ds, &rep, &err), -1);
	assert_int_equal(ds.n, 0);
	if (err.line != line || strcmp(err.msg, msg) != 0)
		fail_msg("got %zu: %s\nwant %zu: %s", err.line, err.msg, line, msg);
	fmt_report_free(&rep);
}

static void
test_mismatch(void **state)
{
	(void)state;
	assert_ann_fails("Zoë is here", "T1\tPER 0 3\tZoe\n", 1,
	    "span 0-3 says \"Zoe\" but the text has \"Zoë\"");
	assert_ann_fails("Zoë is here", "T1\tPER 0 3\tZoë\nT2\tLOC 4 6\tiz\n", 2,
	    "span 4-6 says \"iz\" but the text has \"is\"");
	assert_ann_fails("😀 Zoë is here", "T1\tPER 3 6\tZoë\n", 1,
	    "span 3-6 says \"Zoë\" but the text has \"oë \" (it would match as UTF-16 offsets)");
	assert_ann_fails("é Zoë x", "T1\tPER 3 7\tZoë\n", 1,
	    "span 3-7 says \"Zoë\" but the text has \"oë x\" (it would match as byte offsets)");
	assert_ann_fails("Zoë is here", "T1\tPER 0 2;4 6\tab cd\n", 1,
	    "span 0-2;4-6 says \"ab cd\" but the text has \"Zo is\"");
	assert_ann_fails("Paris\nFrance", "T1\tLOC 0 12\tParis\tFrance\n", 1,
	    "span 0-12 says \"Paris\\tFrance\" but the text has \"Paris\\nFrance\"");
}

static void
test_malformed(void **state)
{
	static const char txt[] = "Zoë is here";
	docs ds = { 0 };
	fmt_report rep = { 0 };
	fmt_opts o = opts();
	doc_err err;

	(void)state;
	assert_ann_fails(txt, "T1\tPER 0\tZ\n", 1, "bad range \"0\": expected START END[;START END...]");
	assert_ann_fails(txt, "T1\tPER 0 3;\tZoë\n", 1, "bad range \"0 3;\": expected START END[;START END...]");
	assert_ann_fails(txt, "T1\tPER 5 3\tx\n", 1, "span 5-3 ends before it starts");
	assert_ann_fails(txt, "\nT1\tPER 0 99\tx\n", 2, "span 0-99 is past the end of the text (11 characters)");
	assert_ann_fails(txt, "T1\tPER 0 3\tZoë\nT1\tLOC 4 6\tis\n", 2, "duplicate id T1");
	assert_ann_fails(txt, "#1\tAnnotatorNotes T9\tx\n", 1, "T9 is not defined by any T line");
	assert_ann_fails(txt, "T1\tPER 0 3\tZoë\nA1\tFamous\n", 2, "A line without a reference");
	assert_ann_fails(txt, "X1\tfoo\n", 1, "not a brat annotation line (T, #, A, M, N, R, E or *)");
	assert_ann_fails(txt, "T1 PER 0 3 Zoë\n", 1, "T line without an id and a tab");
	assert_ann_fails(txt, "T1\tPER\tZoë\n", 1, "T line needs TYPE START END");
	assert_ann_fails(txt, "T1\tPER 0 3\tZoë\nT2\tX 0 1\t\xff\n", 2, "invalid UTF-8 byte 0xff");
	assert_ann_fails("ok\nZo\xff", "", 2, "in the .txt: invalid UTF-8 byte 0xff");
	assert_int_equal(read_buf(&fmt_brat, "x", "a\n\0b", 4, NULL, 0, &o, &ds, &rep, &err), -1);
	assert_string_equal(err.msg, "in the .txt: NUL byte");
	assert_int_equal(err.line, 2);
	assert_int_equal(read_buf(&fmt_brat, "x", "ab", 2, "T1\tX 0 1\ta\n\0", 12, &o, &ds, &rep, &err), -1);
	assert_string_equal(err.msg, "NUL byte");
	assert_int_equal(err.line, 2);
	/* no .ann at all: the text alone; a T line without text is not checked */
	assert_int_equal(read_buf(&fmt_brat, "x", txt, strlen(txt), NULL, 0, &o, &ds, &rep, &err), 0);
	assert_int_equal(read_buf(&fmt_brat, "x", txt, strlen(txt), "T1\tPER 0 3\n", 11, &o, &ds, &rep, &err), 0);
	assert_int_equal(ds.n, 2);
	assert_int_equal(ds.v[0].nspans, 0);
	assert_int_equal(ds.v[1].nspans, 1);
	docs_free(&ds);
	fmt_report_free(&rep);
}

static void
add(doc *d, size_t s, size_t e, const char *label, int kind, int status, const char *note)
{
	span x = { 0 };

	x.start = s;
	x.end = e;
	x.label = label;
	x.kind = kind;
	x.status = status;
	x.note = note;
	x.confidence = 1;
	assert_int_equal(doc_add_span(d, &x), 0);
}

/* An attribute name longer than any fixed buffer reaches annotation.conf
 * whole, with its value (fuzz_brat once read past a cut one). */
static void
test_writer_long_attr(void **state)
{
	char name[301], meta[600], want[700];
	doc d;
	memfs fs = { 0 };
	fmt_report rep = { 0 };
	fmt_opts o = opts();
	const memfile *m;

	(void)state;
	memset(name, 'a', 300);
	name[300] = '\0';
	snprintf(meta, sizeof meta, "{\"brat\":{\"T\":{\"T1\":\"PER 0 3\"},\"A\":[\"A1\\t%s T1 High\"]}}", name);
	doc_init(&d);
	assert_int_equal(doc_set_text(&d, "Ann Lee met\nBob", 15), 0);
	assert_int_equal(doc_set_str(&d.ext_id, "x"), 0);
	assert_int_equal(doc_set_str(&d.meta, meta), 0);
	add(&d, 0, 3, "PER", SPAN_ENTITY, SPAN_CONFIRMED, NULL);
	write_fs(&fmt_brat, &d, 1, &o, &fs, &rep);
	m = memfs_get(&fs, "annotation.conf");
	assert_non_null(m);
	snprintf(want, sizeof want, "[attributes]\n\n%s\tArg:<ENTITY>, Value:High\n", name);
	assert_non_null(strstr(m->buf, want));
	memfs_free(&fs);
	doc_clear(&d);
	fmt_report_free(&rep);
}

static void
test_writer(void **state)
{
	const char *ids[] = { "a/b c", "..hidden", "Zoë", NULL, NULL, "same", "same" };
	const char *want[] = { "a_b_c", "_.hidden", "Zoë", "0004", "0005", "same", "same-2" };
	doc v[7];
	memfs fs = { 0 };
	fmt_report rep = { 0 };
	fmt_opts o = opts();
	const memfile *m;

	(void)state;
	for (size_t i = 0; i < 7; i++) {
		doc_init(&v[i]);
		assert_int_equal(doc_set_text(&v[i], "Ann Lee met\nBob", 15), 0);
		assert_int_equal(doc_set_str(&v[i].ext_id, ids[i]), 0);
	}
	/* doc 0: one fragment of a recorded discontinuous annotation is gone, so
	 * the other is written alone and the attribute on it is dropped */
	assert_int_equal(doc_set_str(&v[0].meta, "{\"brat\":{\"T\":{\"T5\":\"PER 0 3;12 15\",\"T6\":\"PER 4 7\"},"
	    "\"A\":[\"A1\\tFamous T5\",\"A2\\tShy T6\"]}}"), 0);
	add(&v[0], 0, 3, "PER", SPAN_ENTITY, SPAN_CONFIRMED, NULL);
	add(&v[0], 4, 7, "PER", SPAN_ENTITY, SPAN_CONFIRMED, "line one\nline two\tend");
	add(&v[0], 8, 11, "Two words", SPAN_ENTITY, SPAN_SUGGESTED, NULL);
	add(&v[0], 0, 7, NULL, SPAN_HIGHLIGHT, SPAN_CONFIRMED, NULL);
	add(&v[0], 12, 15, "PER", SPAN_ENTITY, SPAN_REJECTED, NULL);
	add(&v[0], 4, 99, "PER", SPAN_ENTITY, SPAN_CONFIRMED, NULL);
	add(&v[0], 7, 13, "X", SPAN_ENTITY, SPAN_CONFIRMED, NULL);  /* across the newline: split */
	write_fs(&fmt_brat, v, 7, &o, &fs, &rep);
	assert_int_equal(fs.n, 16);
	/* brat opens the export: every type written, attributes, overlaps allowed */
	m = memfs_get(&fs, "annotation.conf");
	assert_non_null(m);
	assert_non_null(strstr(m->buf, "[entities]\nPER\nTwo_words\nX\n"));
	assert_non_null(strstr(m->buf, "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"));
	assert_non_null(strstr(m->buf, "[attributes]\n\nShy\tArg:<ENTITY>\n"));
	assert_non_null(memfs_get(&fs, "visual.conf"));
	for (size_t i = 0; i < 7; i++) {
		char name[64];

		snprintf(name, sizeof name, "%s.txt", want[i]);
		m = memfs_get(&fs, name);
		if (m == NULL)
			fail_msg("no %s", name);
		assert_int_equal(m->len, 15);
		snprintf(name, sizeof name, "%s.ann", want[i]);
		assert_non_null(memfs_get(&fs, name));
	}
	m = memfs_get(&fs, "a_b_c.ann");
	assert_int_equal(m->len, strlen("T1\tPER 0 3\tAnn\nT2\tPER 4 7\tLee\nT3\tX 8 11;12 13\tmet B\nT4\tTwo_words 8 11\tmet\n"
	    "#1\tAnnotatorNotes T2\tline one line two end\nA2\tShy T2\n"));
	assert_memory_equal(m->buf, "T1\tPER 0 3\tAnn\nT2\tPER 4 7\tLee\nT3\tX 8 11;12 13\tmet B\nT4\tTwo_words 8 11\tmet\n"
	    "#1\tAnnotatorNotes T2\tline one line two end\nA2\tShy T2\n", m->len);
	assert_int_equal(rep.skipped, 2);
	assert_non_null(strstr(fmt_report_what(&rep), "brat: 1 A/N lines whose annotation is gone (not written); 1 spans past the text (not written)"));
	assert_non_null(strstr(fmt_report_what(&rep), "; 1 spans across a line break written as fragments split there, as brat does"));
	assert_non_null(strstr(fmt_report_what(&rep), "; 1 T lines whose label has white space, written with '_' there"));
	memfs_free(&fs);

	/* without a JSON parser the metadata cannot be read: said so */
	o.json_parse = NULL;
	fmt_report_free(&rep);
	memset(&rep, 0, sizeof rep);
	write_fs(&fmt_brat, v, 1, &o, &fs, &rep);
	assert_int_equal(rep.skipped, 2);
	assert_non_null(strstr(fmt_report_what(&rep), "1 articles with unreadable metadata"));
	memfs_free(&fs);
	for (size_t i = 0; i < 7; i++)
		doc_clear(&v[i]);
	fmt_report_free(&rep);
}

static void
test_sniff(void **state)
{
	(void)state;
	assert_true(fmt_brat.sniff("T1\tPER 0 3\tZoë\n", 15));
	assert_true(fmt_brat.sniff("#1\tAnnotatorNotes T1\tx\n", 23));
	assert_true(fmt_brat.sniff("*\tAlias T1 T2\n", 14));
	assert_false(fmt_brat.sniff("T\tx", 3));
	assert_false(fmt_brat.sniff("The news\n", 9));
	assert_false(fmt_brat.sniff("EU B-ORG\n", 9));
	assert_false(fmt_brat.sniff("", 0));
	assert_ptr_equal(fmt_detect("x/y.ann", "T1\tPER 0 3\tZoë\n", 15), &fmt_brat);
}

/* CoNLL -> brat -> CoNLL: the same text and spans at the end. */
static void
chain(const char *name)
{
	docs a = { 0 }, b = { 0 }, c = { 0 };
	memfs fs = { 0 };
	fmt_opts o = opts();
	fmt_report rep = { 0 };
	doc_err err;
	char rel[256], *buf, *out;
	size_t len;

	snprintf(rel, sizeof rel, "conll/%s", name);
	buf = data_load(rel, &len);
	assert_int_equal(read_buf(&fmt_conll, name, buf, len, NULL, 0, &o, &a, &rep, &err), 0);
	write_fs(&fmt_brat, a.v, a.n, &o, &fs, NULL);
	assert_int_equal(fs.n, 2 * a.n + 2);  /* and annotation.conf, visual.conf */
	for (size_t i = 0; i < 2 * a.n; i += 2) {
		const memfile *t = fs.v[i], *an = fs.v[i + 1];

		assert_int_equal(read_buf(&fmt_brat, t->name, t->buf, t->len, an->buf, an->len, &o, &b, &rep, &err), 0);
	}
	assert_int_equal(b.n, a.n);
	out = write_mem(&fmt_conll, b.v, b.n, &o, &len, NULL);
	assert_int_equal(read_buf(&fmt_conll, "chain", out, len, NULL, 0, &o, &c, &rep, &err), 0);
	assert_int_equal(c.n, a.n);
	for (size_t i = 0; i < a.n; i++) {
		char *x = spans_str(&a.v[i]), *y = spans_str(&c.v[i]);

		assert_string_equal(a.v[i].text, b.v[i].text);
		assert_string_equal(a.v[i].text, c.v[i].text);
		assert_string_equal(x, y);
		assert_int_equal(a.v[i].nspans, c.v[i].nspans);
		free(x);
		free(y);
	}
	free(out);
	free(buf);
	memfs_free(&fs);
	docs_free(&a);
	docs_free(&b);
	docs_free(&c);
	fmt_report_free(&rep);
}

static void
test_chain(void **state)
{
	(void)state;
	chain("iob1.conll");
	chain("bilou.conll");
	chain("spacy_ner-token-per-line-conll2003.iob");
	chain("doccano_example.conll");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tutorials),
		cmocka_unit_test(test_dkpro_discontinuous),
		cmocka_unit_test(test_unicode),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_mismatch),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_writer_long_attr),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_chain),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
