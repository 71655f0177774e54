/*
 * test_jsonfmt.c: the JSON-family formats (jsonl, spacy, doccano,
 * labelstudio) and the CSV writer: every real fixture in tests/data/json
 * imports with the counts checked independently (python3 json over the
 * same files) and comes back identical through its own writer; offsets
 * with astral, combining and CJK text in both units; mismatch messages;
 * gloss jsonl's lossless round trip.
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
#include "db/json_sqlite.h"
#include "model/fmt.h"
#include "model/fmt_json.h"
#include "model/label.h"
#include "tests/unit/fmt_testutil.h"

static jsonp *P;

static fmt_opts
opts(int offsets)
{
	return test_opts(offsets);
}

static int
read_with(const char *fname, const char *name, const char *buf, size_t len, const fmt_opts *o,
    docs *out, fmt_report *rep, doc_err *err)
{
	const fmt *f = fmt_by_name(fname);

	assert_non_null(f);
	assert_non_null(f->read);
	return read_buf(f, name, buf, len, NULL, 0, o, out, rep, err);
}

static char *
slurp(const char *file, size_t *len)
{
	char rel[512];

	snprintf(rel, sizeof rel, "json/%s", file);
	return data_load(rel, len);
}

/* Write ds with fname's writer into memory. */
static char *
write_with(const char *fname, const docs *ds, const fmt_opts *o, size_t *len)
{
	return write_mem(fmt_by_name(fname), ds->v, ds->n, o, len, NULL);
}

static size_t
count_spans(const docs *ds)
{
	size_t n = 0;

	for (size_t i = 0; i < ds->n; i++)
		n += ds->v[i].nspans;
	return n;
}

static int
span_order(const void *x, const void *y)
{
	const span *a = x, *b = y;
	int c;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	if ((c = strcmp(a->label ? a->label : "", b->label ? b->label : "")) != 0)
		return c;
	return a->status - b->status;
}

/* Same texts, and per doc the same spans (range, label, kind, status). */
static void
assert_same(const docs *a, const docs *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		doc *x = &a->v[i], *y = &b->v[i];

		assert_int_equal(x->len, y->len);
		assert_memory_equal(x->text, y->text, x->len);
		assert_int_equal(x->nspans, y->nspans);
		if (x->nspans > 1) {
			qsort(x->spans, x->nspans, sizeof *x->spans, span_order);
			qsort(y->spans, y->nspans, sizeof *y->spans, span_order);
		}
		for (size_t k = 0; k < x->nspans; k++) {
			assert_int_equal(x->spans[k].start, y->spans[k].start);
			assert_int_equal(x->spans[k].end, y->spans[k].end);
			if (x->spans[k].label == NULL)
				assert_null(y->spans[k].label);
			else
				assert_string_equal(x->spans[k].label, y->spans[k].label);
			assert_int_equal(x->spans[k].kind, y->spans[k].kind);
			assert_int_equal(x->spans[k].status, y->spans[k].status);
		}
	}
}

/* --- every fixture ------------------------------------------------------- */

struct fixture {
	const char *file, *format;
	size_t docs, spans, skipped;
};

/* Counts from python3's json module over the same files: records, spans
 * (Prodigy: without the records answered "ignore", which are skipped). */
static const struct fixture fixtures[] = {
	{ "annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl", "spacy", 372, 303, 1 },
	{ "ner_tweets_test_annotated.jsonl", "spacy", 519, 242, 4 },
	{ "spacy_v2_ner-sent-per-line.json", "spacy", 1, 7, 0 },
	{ "spacy_v2_ner-token-per-line-conll2003.json", "spacy", 1, 7, 0 },
	{ "spacy_v2_ner-token-per-line-with-pos.json", "spacy", 1, 7, 0 },
	{ "spacy_v2_ner-token-per-line.json", "spacy", 1, 7, 0 },
	{ "doccano_export_relation_extraction_example.jsonl", "doccano", 1, 4, 3 },
	{ "doccano_export_sequence_labeling_example.jsonl", "doccano", 3, 4, 0 },
	{ "doccano_import_sequence_labeling_example_columns.jsonl", "doccano", 3, 3, 0 },
	{ "doccano_tests_sequence_labeling_example_overlapping.jsonl", "doccano", 1, 2, 0 },
	{ "multileg_133386_en.jsonl", "doccano", 11, 13, 0 },
	{ "multileg_216087_en.jsonl", "doccano", 174, 130, 0 },
	{ "multileg_228262_en.jsonl", "doccano", 205, 508, 0 },
	{ "multileg_243341_en.jsonl", "doccano", 43, 74, 0 },
	{ "multileg_244056_en.jsonl", "doccano", 14, 23, 0 },
	{ "multileg_254781_en.jsonl", "doccano", 124, 359, 0 },
	{ "multileg_264516_en.jsonl", "doccano", 11, 19, 0 },
	{ "multileg_264898_en.jsonl", "doccano", 16, 35, 0 },
	{ "multileg_264939_en.jsonl", "doccano", 23, 38, 0 },
	{ "multileg_66624_en.jsonl", "doccano", 35, 30, 0 },
	{ "named_entity_tasks.json", "labelstudio", 1, 1, 0 },
	{ "named_entity_annotations_1.json", "labelstudio", 1, 1, 0 },
};

/* Problems found while streaming in small windows are the ones found
 * reading the whole input, at the same line and byte. */
static void
test_stream_errors(void **state)
{
	static const struct { const char *format, *in; } bad[] = {
		{ "jsonl", "{\"text\": \"Zoë met Anna.\"}\n{\"text\": \"Vienna\"}\n  {\"text\": \"cut\n{\"text\": \"x\"}\n" },
		{ "jsonl", "{\"text\": \"Zoë met Anna.\"}\n\n{\"text\": \"Vienna\", \"spans\": [{\"start\": 0, \"end\": 99, "
		    "\"label\": \"LOC\"}]}\n" },
		{ "doccano", "[\n {\"text\": \"Zoë met Anna.\", \"label\": []}\n {\"text\": \"Vienna\"}\n]\n" },
		{ "doccano", "[\n {\"text\": \"Zoë met Anna.\", \"label\": []},\n {\"text\": 7}\n]\n" },
		{ "labelstudio", "[{\"data\": {\"text\": \"Zoë\"}, \"annotations\": []},\n {\"data\": {\"text\": \"A\"}}, 12x]" },
		{ "spacy", "[{\"text\": \"Zoë met Anna.\"},\n{\"text\": \"Vienna\"}\n] trailing" },
		/* on a line that began windows earlier: the column still counts from its start */
		{ "doccano", "[{\"text\": \"Zoë\", \"label\": []}, {\"text\": \"b\", \"label\": []} {\"text\": \"c\"}]" },
	};
	fmt_opts o = opts(FMT_OFF_DEFAULT);

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		for (size_t step = 1; step < 64; step *= 2)
			assert_trickle_same(fmt_by_name(bad[i].format), "bad", bad[i].in, strlen(bad[i].in), &o, step,
			    step);
}

/* fuzz_spacy's input: a record whose parsed form has an element without
 * a member name where keep_record walks members. Read without a crash:
 * records, or an error that names its line. */
static void
test_spacy_keyless(void **state)
{
	size_t len;
	char *buf = slurp("fuzz-spacy-keyless.jsonl", &len);
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	fmt_report rep = { 0 };
	docs ds = { 0 };
	doc_err err = { 0 };
	int rc;

	(void)state;
	rc = read_with("spacy", "keyless", buf, len, &o, &ds, &rep, &err);
	assert_true(rc == 0 || (rc == -1 && err.line > 0 && err.msg[0] != '\0'));
	docs_free(&ds);
	fmt_report_free(&rep);
	free(buf);
}

static void
test_fixtures(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		const struct fixture *fx = &fixtures[i];
		fmt_opts o = opts(FMT_OFF_DEFAULT);
		docs a = { 0 }, b = { 0 };
		fmt_report rep = { 0 };
		doc_err err;
		size_t len, olen;
		char *buf = slurp(fx->file, &len), *out;
		const fmt *det = fmt_detect(fx->file, buf, len);

		if (det == NULL || strcmp(det->name, fx->format) != 0)
			fail_msg("%s detected as %s", fx->file, det ? det->name : "nothing");
		if (read_with(fx->format, fx->file, buf, len, &o, &a, &rep, &err) != 0)
			fail_msg("%s:%zu: %s", fx->file, err.line, err.msg);
		if (a.n != fx->docs || count_spans(&a) != fx->spans || rep.skipped != fx->skipped)
			fail_msg("%s: %zu docs, %zu spans, %zu skipped", fx->file, a.n, count_spans(&a), rep.skipped);
		/* Streamed in small windows (as a large file is): the same. A
		 * spaCy v2 file is told apart by its whole first element. */
		for (size_t step = len > 20000 ? 81 : 1; step < 10000; step *= 9)
			assert_trickle_same(fmt_by_name(fx->format), fx->file, buf, len, &o,
			    strstr(fx->file, "spacy_v2") ? len : step, step);
		/* Back out through the same format and in again: identical. */
		out = write_with(fx->format, &a, &o, &olen);
		if (read_with(fx->format, "out", out, olen, &o, &b, &rep, &err) != 0)
			fail_msg("%s re-read:%zu: %s", fx->file, err.line, err.msg);
		assert_int_equal(rep.skipped, 0);
		assert_same(&a, &b);
		docs_free(&b);
		/* And through gloss jsonl, which keeps everything. */
		free(out);
		out = write_with("jsonl", &a, &o, &olen);
		assert_int_equal(read_with("jsonl", "out", out, olen, &o, &b, &rep, &err), 0);
		assert_same(&a, &b);
		for (size_t k = 0; k < a.n; k++) {
			if (a.v[k].meta == NULL)
				assert_null(b.v[k].meta);
			else
				assert_string_equal(a.v[k].meta, b.v[k].meta);
		}
		docs_free(&a);
		docs_free(&b);
		free(out);
		free(buf);
		fmt_report_free(&rep);
	}
}

/* Values seen in the files themselves. */
static void
test_fixture_values(void **state)
{
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;
	size_t len;
	char *buf;

	(void)state;
	buf = slurp("annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl", &len);
	assert_int_equal(read_with("spacy", "h", buf, len, &o, &a, &rep, &err), 0);
	assert_string_equal(a.v[0].text, "Uber\xe2\x80\x99s Lesson: Silicon Valley\xe2\x80\x99s Start-Up Machine Needs Fixing");
	/* the record's meta, its own "_" members and its tokens, for the writer */
	assert_string_equal(a.v[0].meta, "{\"source\":\"The New York Times\",\"_input_hash\":1886699658,\"_task_hash\":-1952856502,"
	    "\"_session_id\":null,\"_view_id\":\"ner_manual\",\"spacy_tokens\":[[0,4],[4,6],[7,13],[13,14],[15,22],[23,29],"
	    "[29,31],[32,37],[37,38],[38,40],[41,48],[49,54],[55,61]]}");
	assert_int_equal(a.v[0].nspans, 2);
	assert_int_equal(a.v[0].spans[1].start, 15);
	assert_int_equal(a.v[0].spans[1].end, 29);
	assert_string_equal(a.v[0].spans[1].label, "LOCATION");
	assert_int_equal(a.v[0].spans[1].status, SPAN_CONFIRMED);
	assert_int_equal(a.v[0].spans[1].source, SRC_IMPORT);
	assert_string_equal(fmt_report_what(&rep), "1 record answered \"ignore\" not imported");
	docs_free(&a);
	free(buf);

	buf = slurp("named_entity_tasks.json", &len);
	assert_int_equal(read_with("labelstudio", "t", buf, len, &o, &a, &rep, &err), 0);
	assert_int_equal(a.v[0].spans[0].start, 343);
	assert_int_equal(a.v[0].spans[0].end, 354);
	assert_string_equal(a.v[0].spans[0].label, "Date");
	assert_int_equal(a.v[0].spans[0].status, SPAN_SUGGESTED);
	docs_free(&a);
	free(buf);

	buf = slurp("named_entity_annotations_1.json", &len);
	assert_int_equal(read_with("labelstudio", "a", buf, len, &o, &a, &rep, &err), 0);
	assert_int_equal(a.v[0].spans[0].status, SPAN_CONFIRMED);
	assert_string_equal(a.v[0].ext_id, "1");
	docs_free(&a);
	free(buf);

	buf = slurp("doccano_export_relation_extraction_example.jsonl", &len);
	assert_int_equal(read_with("doccano", "r", buf, len, &o, &a, &rep, &err), 0);
	assert_string_equal(fmt_report_what(&rep), "3 relations not imported");
	assert_int_equal(a.v[0].spans[1].start, 22);
	assert_int_equal(a.v[0].spans[1].end, 39);
	assert_string_equal(a.v[0].spans[1].label, "DATE");
	docs_free(&a);
	free(buf);
	fmt_report_free(&rep);
}

/* doccano's own test file has a record without text: the file fails there. */
static void
test_doccano_missing_text(void **state)
{
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;
	size_t len;
	char *buf = slurp("doccano_tests_sequence_labeling_example.jsonl", &len);

	(void)state;
	assert_int_equal(read_with("doccano", "x", buf, len, &o, &a, &rep, &err), -1);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg, "no \"text\"");
	assert_int_equal(a.n, 2); /* the driver rolls these back */
	assert_string_equal(a.v[0].meta, "{\"wikiPageID\":1}");
	docs_free(&a);
	free(buf);
	fmt_report_free(&rep);
}

/* The other shapes each tool writes. */
static void
test_shapes(void **state)
{
	static const char cats[] = "{\"text\":\"good\",\"label\":[\"positive\",\"short\"]}\n"
	    "{\"text\":\"old doccano\",\"entities\":[[0,3,\"X\"]],\"id\":12}\n";
	static const char arr[] = " [{\"text\":\"array of\",\"label\":[]},\n{\"text\":\"records\",\"label\":[[0,7,\"X\"]]}]\n";
	static const char ls[] = "{\"id\":7,\"data\":{\"text\":\"Zoe met Bob.\",\"title\":\"T\",\"date\":\"2024-01-02\"},"
	    "\"meta\":{\"batch\":3},"
	    "\"completions\":[{\"result\":[{\"type\":\"labels\",\"value\":{\"start\":0,\"end\":3,\"labels\":[\"PER\",\"X\"]}},"
	    "{\"type\":\"choices\",\"value\":{\"choices\":[\"a\"]}},{\"type\":\"relation\",\"from_id\":\"a\"}],"
	    "\"completed_by\":{\"email\":\"ann@example.org\"}},"
	    "{\"was_cancelled\":true,\"result\":[{\"type\":\"labels\",\"value\":{\"start\":8,\"end\":11,\"labels\":[\"PER\"]}}]}],"
	    "\"predictions\":[{\"score\":0.25,\"result\":[{\"type\":\"labels\",\"value\":{\"start\":8,\"end\":11,"
	    "\"text\":\"Bob\",\"labels\":[\"PER\"]},\"score\":0.75},{\"type\":\"labels\",\"value\":{\"start\":\"/p[1]\","
	    "\"end\":\"/p[1]\",\"labels\":[\"PER\"]}}]}]}\n"
	    "{\"text\":\"flat task\"}\n";
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;
	size_t len;
	char *out;

	(void)state;
	assert_int_equal(read_with("doccano", "c", cats, sizeof cats - 1, &o, &a, &rep, &err), 0);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.v[0].nspans, 0);
	assert_string_equal(fmt_report_what(&rep), "2 document categories not imported");
	assert_int_equal(a.v[1].nspans, 1);
	assert_string_equal(a.v[1].ext_id, "12");
	docs_free(&a);
	assert_int_equal(read_with("doccano", "a", arr, sizeof arr - 1, &o, &a, &rep, &err), 0);
	assert_int_equal(a.n, 2);
	assert_string_equal(a.v[1].spans[0].label, "X");
	docs_free(&a);

	assert_int_equal(read_with("labelstudio", "l", ls, sizeof ls - 1, &o, &a, &rep, &err), 0);
	assert_int_equal(a.n, 2);
	assert_string_equal(a.v[0].ext_id, "7");
	assert_string_equal(a.v[0].title, "T");
	assert_string_equal(a.v[0].date, "2024-01-02");
	assert_string_equal(a.v[0].meta, "{\"batch\":3}");
	assert_int_equal(a.v[0].nspans, 3);
	assert_string_equal(a.v[0].spans[0].label, "PER");
	assert_string_equal(a.v[0].spans[1].label, "X");
	assert_string_equal(a.v[0].spans[0].annotator, "ann@example.org");
	assert_int_equal(a.v[0].spans[2].status, SPAN_SUGGESTED);
	assert_true(a.v[0].spans[2].confidence == 0.75);
	assert_int_equal(rep.skipped, 4);
	assert_string_equal(fmt_report_what(&rep), "2 results of other types than labels, "
	    "1 result without character offsets, 1 cancelled annotation not imported");
	assert_string_equal(a.v[1].text, "flat task");
	/* Written back: id, data fields, annotations and predictions with scores. */
	out = write_with("labelstudio", &a, &o, &len);
	assert_memory_equal(out, "[\n{\"id\":7,\"data\":{\"text\":\"Zoe met Bob.\",\"title\":\"T\",\"date\":\"2024-01-02\"},"
	    "\"meta\":{\"batch\":3},\"annotations\":[{\"result\":[{\"id\":\"g1\",\"from_name\":\"label\","
	    "\"to_name\":\"text\",\"type\":\"labels\",\"value\":{\"start\":0,\"end\":3,\"text\":\"Zoe\",\"labels\":[\"PER\"]}},", 236);
	assert_non_null(strstr(out, "\"predictions\":[{\"model_version\":\"gloss\",\"result\":[{\"id\":\"g3\",\"from_name\":\"label\","
	    "\"to_name\":\"text\",\"type\":\"labels\",\"value\":{\"start\":8,\"end\":11,\"text\":\"Bob\",\"labels\":[\"PER\"]},"
	    "\"score\":0.75}]}]}"));
	assert_non_null(strstr(out, "{\"data\":{\"text\":\"flat task\"},\"annotations\":[],\"predictions\":[]}\n]\n"));
	free(out);
	docs_free(&a);
	/* An empty export is still a JSON array. */
	out = write_with("labelstudio", &a, &o, &len);
	assert_string_equal(out, "[]\n");
	free(out);
	fmt_report_free(&rep);
}

/* spaCy v2 training files: tokens and BILUO tags into text and spans. */
static void
test_spacy_v2(void **state)
{
	static const char raw[] = "[{\"id\":3,\"paragraphs\":[{\"raw\":\"Hi  Zo\xc3\xab!\\nBye New York\",\"sentences\":["
	    "{\"tokens\":[{\"orth\":\"Hi\",\"ner\":\"O\"},{\"orth\":\"Zo\xc3\xab\",\"ner\":\"U-PER\"},{\"orth\":\"!\",\"ner\":\"-\"}]},"
	    "{\"tokens\":[{\"orth\":\"Bye\",\"ner\":\"O\"},{\"orth\":\"New\",\"ner\":\"B-LOC\"},{\"orth\":\"York\",\"ner\":\"I-LOC\"}]}]},"
	    "{\"sentences\":[{\"tokens\":[{\"orth\":\"A\",\"ner\":\"I-ORG\"},{\"orth\":\"B\",\"ner\":\"I-ORG\"},{\"orth\":\"C\",\"ner\":\"I-PER\"}]}]}]}]";
	static const char badtag[] = "[{\"paragraphs\":[{\"sentences\":[{\"tokens\":[{\"orth\":\"x\",\"ner\":\"X-PER\"}]}]}]}]";
	static const char notraw[] = "[{\"paragraphs\":[{\"raw\":\"abc\",\"sentences\":[{\"tokens\":[{\"orth\":\"abd\",\"ner\":\"O\"}]}]}]}]";
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;
	size_t len;
	char *buf = slurp("spacy_v2_ner-token-per-line.json", &len);

	(void)state;
	assert_int_equal(read_with("spacy", "v2", buf, len, &o, &a, &rep, &err), 0);
	assert_memory_equal(a.v[0].text, "When Sebastian Thrun started working on self - driving cars at Google in 2007 , few", 83);
	assert_non_null(strstr(a.v[0].text, "seriously .\n\xe2\x80\x9c\nI can tell you"));
	assert_string_equal(a.v[0].meta, "{\"tokenized\":\"whitespace\"}");
	assert_string_equal(a.v[0].ext_id, "0");
	assert_spans(&a.v[0], "PERSON:Sebastian Thrun|ORG:Google|DATE:2007|NORP:American|PERSON:Thrun|ORG:Recode|DATE:earlier this week");
	docs_free(&a);
	free(buf);

	assert_int_equal(read_with("spacy", "r", raw, sizeof raw - 1, &o, &a, &rep, &err), 0);
	assert_int_equal(a.n, 2);
	assert_string_equal(a.v[0].text, "Hi  Zo\xc3\xab!\nBye New York");
	assert_null(a.v[0].meta); /* raw text: not pre-tokenised */
	assert_string_equal(a.v[0].ext_id, "3.1");
	assert_spans(&a.v[0], "PER:Zo\xc3\xab|LOC:New York");
	assert_int_equal(a.v[0].spans[0].start, 4);
	assert_int_equal(a.v[0].spans[0].end, 7);
	assert_string_equal(a.v[1].text, "A B C");
	assert_spans(&a.v[1], "ORG:A B|PER:C");
	docs_free(&a);
	assert_int_equal(read_with("spacy", "b", badtag, sizeof badtag - 1, &o, &a, &rep, &err), -1);
	assert_int_equal(err.line, 1);
	assert_string_equal(err.msg, "unknown \"ner\" tag \"X-PER\"");
	assert_int_equal(read_with("spacy", "n", notraw, sizeof notraw - 1, &o, &a, &rep, &err), -1);
	assert_string_equal(err.msg, "token \"abd\" is not in \"raw\" at byte 1");
	docs_free(&a);
	fmt_report_free(&rep);
}

/* --- offsets: astral, combining, CJK ------------------------------------- */

/* "😀 Zoë said 東京 👩‍👩‍👧 ok" with ë as e + U+0308. */
static const char uni[] = "\xf0\x9f\x98\x80 Zoe\xcc\x88 said \xe6\x9d\xb1\xe4\xba\xac "
    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 ok";

static void
uni_doc(docs *ds)
{
	/* code points: 😀=0 ' '=1 Z=2 o=3 e=4 ̈=5 ' '=6 said=7-10 ' '=11 東=12 京=13
	 * ' '=14 family=15-19 ' '=20 ok=21-22 */
	static const struct { size_t s, e; const char *l; } sp[] = {
		{ 2, 6, "PER" }, { 12, 14, "LOC" }, { 15, 20, "MISC" }, { 21, 23, "ORG" }, { 0, 1, "MISC" },
	};
	doc d;

	doc_init(&d);
	assert_int_equal(doc_set_text(&d, uni, sizeof uni - 1), 0);
	for (size_t i = 0; i < sizeof sp / sizeof sp[0]; i++) {
		span s;

		memset(&s, 0, sizeof s);
		s.start = sp[i].s;
		s.end = sp[i].e;
		s.label = sp[i].l;
		s.kind = SPAN_ENTITY;
		s.status = SPAN_CONFIRMED;
		s.source = SRC_MANUAL;
		s.confidence = 1;
		assert_int_equal(doc_add_span(&d, &s), 0);
	}
	docs_emit(&d, ds);
	doc_clear(&d);
}

static void
test_unicode_roundtrip(void **state)
{
	static const char *const names[] = { "jsonl", "spacy", "doccano", "labelstudio" };
	static const int units[] = { FMT_OFF_CODEPOINTS, FMT_OFF_UTF16, FMT_OFF_DEFAULT };

	(void)state;
	for (size_t i = 0; i < 4; i++)
		for (size_t u = 0; u < 3; u++) {
			fmt_opts o = opts(units[u]);
			docs a = { 0 }, b = { 0 };
			fmt_report rep = { 0 };
			doc_err err;
			size_t len;
			char *out;

			uni_doc(&a);
			out = write_with(names[i], &a, &o, &len);
			if (read_with(names[i], "u", out, len, &o, &b, &rep, &err) != 0)
				fail_msg("%s unit %d: %zu: %s\n%s", names[i], units[u], err.line, err.msg, out);
			assert_same(&a, &b);
			free(out);
			docs_free(&a);
			docs_free(&b);
			fmt_report_free(&rep);
		}
}

/* The numbers each unit gives, written out. */
static void
test_unicode_offsets(void **state)
{
	fmt_opts o;
	docs a = { 0 };
	size_t len;
	char *out;

	(void)state;
	uni_doc(&a);
	o = opts(FMT_OFF_DEFAULT); /* doccano: UTF-16 */
	out = write_with("doccano", &a, &o, &len);
	assert_non_null(strstr(out, "\"label\":[[3,7,\"PER\"],[13,15,\"LOC\"],[16,24,\"MISC\"],[25,27,\"ORG\"],[0,2,\"MISC\"]]"));
	free(out);
	o = opts(FMT_OFF_CODEPOINTS);
	out = write_with("doccano", &a, &o, &len);
	assert_non_null(strstr(out, "\"label\":[[2,6,\"PER\"],[12,14,\"LOC\"],[15,20,\"MISC\"],[21,23,\"ORG\"],[0,1,\"MISC\"]]"));
	free(out);
	o = opts(FMT_OFF_DEFAULT); /* labelstudio: code points, with the covered text */
	out = write_with("labelstudio", &a, &o, &len);
	assert_non_null(strstr(out, "\"value\":{\"start\":2,\"end\":6,\"text\":\"Zoe\xcc\x88\",\"labels\":[\"PER\"]}"));
	assert_non_null(strstr(out, "\"value\":{\"start\":15,\"end\":20,\"text\":\"\xf0\x9f\x91\xa9\xe2\x80\x8d"));
	free(out);
	o = opts(FMT_OFF_DEFAULT); /* spacy: code points, tokens cut at span edges */
	out = write_with("spacy", &a, &o, &len);
	assert_non_null(strstr(out, "{\"start\":2,\"end\":6,\"token_start\":1,\"token_end\":1,\"label\":\"PER\"}"));
	assert_non_null(strstr(out, "{\"text\":\"Zoe\xcc\x88\",\"start\":2,\"end\":6,\"id\":1,\"ws\":true}"));
	assert_non_null(strstr(out, "\"answer\":\"accept\""));
	free(out);
	docs_free(&a);
}

static void
test_surrogate_error(void **state)
{
	static const char in[] = "{\"text\":\"\xf0\x9f\x98\x80 x\",\"label\":[[1,3,\"X\"]]}\n";
	static const char past[] = "{\"text\":\"ab\",\"label\":[[0,1,\"X\"]]}\n{\"text\":\"ab\",\"label\":[[1,3,\"X\"]]}\n";
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;

	(void)state;
	assert_int_equal(read_with("doccano", "s", in, sizeof in - 1, &o, &a, &rep, &err), -1);
	assert_int_equal(err.line, 1);
	assert_string_equal(err.msg, "span 1-3: offset 1 falls inside a surrogate pair (UTF-16 code units)"
	    " (if the file counts code points: use --offsets codepoints)");
	docs_free(&a);
	o = opts(FMT_OFF_CODEPOINTS);
	assert_int_equal(read_with("doccano", "s", in, sizeof in - 1, &o, &a, &rep, &err), 0);
	assert_int_equal(a.v[0].spans[0].start, 1);
	docs_free(&a);
	assert_int_equal(read_with("doccano", "p", past, sizeof past - 1, &o, &a, &rep, &err), -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg, "span 1-3: past the end of the text (2 code points)");
	docs_free(&a);
	fmt_report_free(&rep);
}

/* --- mismatch messages ---------------------------------------------------- */

static void
test_ls_mismatch(void **state)
{
	static const char plain[] = "[{\"data\":{\"text\":\"ok\"}},\n"
	    "{\"data\":{\"text\":\"Meet Zoe today, Zo\xc3\xab.\"},\"annotations\":[{\"result\":[{\"type\":\"labels\","
	    "\"value\":{\"start\":5,\"end\":8,\"text\":\"Zo\xc3\xab\",\"labels\":[\"PER\"]}}]}]}]";
	static const char emoji[] = "[{\"data\":{\"text\":\"\xf0\x9f\x98\x80 Zo\xc3\xab said\"},\"annotations\":[{\"result\":"
	    "[{\"type\":\"labels\",\"value\":{\"start\":3,\"end\":6,\"text\":\"Zo\xc3\xab\",\"labels\":[\"PER\"]}}]}]}]";
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;

	(void)state;
	assert_int_equal(read_with("labelstudio", "t.json", plain, sizeof plain - 1, &o, &a, &rep, &err), -1);
	assert_int_equal(err.line, 2); /* the task's index */
	assert_string_equal(err.msg, "span 5-8 says \"Zo\xc3\xab\" but the text has \"Zoe\"");
	docs_free(&a);
	assert_int_equal(read_with("labelstudio", "e.json", emoji, sizeof emoji - 1, &o, &a, &rep, &err), -1);
	assert_int_equal(err.line, 1);
	assert_string_equal(err.msg, "span 3-6 says \"Zo\xc3\xab\" but the text has \"o\xc3\xab \""
	    " (the offsets match if counted in UTF-16 code units: use --offsets utf16)");
	docs_free(&a);
	o = opts(FMT_OFF_UTF16);
	assert_int_equal(read_with("labelstudio", "e.json", emoji, sizeof emoji - 1, &o, &a, &rep, &err), 0);
	assert_int_equal(a.v[0].spans[0].start, 2);
	assert_int_equal(a.v[0].spans[0].end, 5);
	docs_free(&a);
	fmt_report_free(&rep);
}

static void
test_spacy_checks(void **state)
{
	static const char tok[] = "{\"text\":\"Zoe left\",\"tokens\":[{\"text\":\"Zo\xc3\xab\",\"start\":0,\"end\":3,\"id\":0}],\"spans\":[]}\n";
	static const char sp[] = "{\"text\":\"a\"}\n{\"text\":\"\xf0\x9f\x98\x80 Zoe left\",\"spans\":[{\"start\":3,\"end\":6,\"text\":\"Zoe\",\"label\":\"PER\"}]}\n";
	static const char rej[] = "{\"text\":\"Zoe left\",\"spans\":[{\"start\":0,\"end\":3,\"label\":\"PER\"}],\"answer\":\"reject\"}\n";
	static const char toks_only[] = "{\"text\":\"Zoe Ball left\",\"tokens\":[{\"text\":\"Zoe\",\"start\":0,\"end\":3,\"id\":0},"
	    "{\"text\":\"Ball\",\"start\":4,\"end\":8,\"id\":1}],\"spans\":[{\"token_start\":0,\"token_end\":1,\"label\":\"PER\"}]}";
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;
	size_t len;
	char *out;

	(void)state;
	assert_int_equal(read_with("spacy", "t", tok, sizeof tok - 1, &o, &a, &rep, &err), -1);
	assert_string_equal(err.msg, "token 0-3 says \"Zo\xc3\xab\" but the text has \"Zoe\"");
	docs_free(&a);
	assert_int_equal(read_with("spacy", "s", sp, sizeof sp - 1, &o, &a, &rep, &err), -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg, "span 3-6 says \"Zoe\" but the text has \"oe \""
	    " (the offsets match if counted in UTF-16 code units: use --offsets utf16)");
	docs_free(&a);
	/* A rejected answer keeps its spans as rejected, and goes back out as such. */
	assert_int_equal(read_with("spacy", "r", rej, sizeof rej - 1, &o, &a, &rep, &err), 0);
	assert_int_equal(a.v[0].spans[0].status, SPAN_REJECTED);
	out = write_with("spacy", &a, &o, &len);
	assert_non_null(strstr(out, "\"answer\":\"reject\""));
	free(out);
	docs_free(&a);
	assert_int_equal(read_with("spacy", "k", toks_only, sizeof toks_only - 1, &o, &a, &rep, &err), 0);
	assert_int_equal(a.v[0].spans[0].start, 0);
	assert_int_equal(a.v[0].spans[0].end, 8);
	/* A rejected span beside accepted ones cannot be said in one record: reported. */
	{
		span s = a.v[0].spans[0];

		s.end = 3;
		s.status = SPAN_REJECTED;
		assert_int_equal(doc_add_span(&a.v[0], &s), 0);
		fmt_report_free(&rep);
		memset(&rep, 0, sizeof rep);
		out = write_mem(fmt_by_name("spacy"), a.v, a.n, &o, &len, &rep);
		assert_int_equal(rep.skipped, 1);
		assert_string_equal(fmt_report_what(&rep), "1 rejected span beside accepted ones not written");
		assert_non_null(strstr(out, "\"spans\":[{\"start\":0,\"end\":8,\"token_start\":0,\"token_end\":1,"
		    "\"label\":\"PER\"}],\"answer\":\"accept\"}"));
		free(out);
	}
	docs_free(&a);
	fmt_report_free(&rep);
}

static void
test_spacy_meta_out(void **state)
{
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;
	size_t len, olen;
	char *buf = slurp("annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl", &len), *out;

	(void)state;
	assert_int_equal(read_with("spacy", "h", buf, len, &o, &a, &rep, &err), 0);
	a.n = 1;
	out = write_with("spacy", &a, &o, &olen);
	a.n = 372;
	assert_non_null(strstr(out, ",\"meta\":{\"source\":\"The New York Times\"},\"_input_hash\":1886699658,"
	    "\"_task_hash\":-1952856502,\"_session_id\":null,\"_view_id\":\"ner_manual\",\"tokens\":"));
	assert_non_null(strstr(out, "{\"start\":0,\"end\":4,\"token_start\":0,\"token_end\":0,\"label\":\"ORG\"}"));
	assert_non_null(strstr(out, "{\"start\":15,\"end\":29,\"token_start\":"));
	free(out);
	/* Nested metadata goes back out whole (arrays, objects, every scalar). */
	free(a.v[0].meta);
	a.v[0].meta = strdup("{\"a\":[1,{\"b\":\"x\\u00e9\"},-2.5e-07],\"o\":{\"p\":[true,false,null]},"
	    "\"_input_hash\":5,\"_task_hash\":6,\"s\":\"q\\\"\"}");
	a.n = 1;
	out = write_with("spacy", &a, &o, &olen);
	a.n = 372;
	assert_non_null(strstr(out, ",\"meta\":{\"a\":[1,{\"b\":\"x\xc3\xa9\"},-2.5e-07],\"o\":{\"p\":[true,false,null]},"
	    "\"s\":\"q\\\"\"},\"_input_hash\":5,\"_task_hash\":6,"));
	free(out);
	docs_free(&a);
	free(buf);
	fmt_report_free(&rep);
}

static void
test_malformed_lines(void **state)
{
	static const char in[] = "{\"text\":\"a\"}\n{\"text\" \"b\"}\n{\"text\":\"c\"}\n";
	static const char bad8[] = "{\"text\":\"\\ud83d x\"}\n";
	static const char notobj[] = "[1,2]\n";
	static const char badmeta[] = "{\"text\":\"a\",\"meta\":{\"k\":[\"\xff\"]}}\n";
	static const char badspans[] = "{\"text\":\"a\",\"spans\":{\"start\":0}}\n";
	static const char *const names[] = { "jsonl", "spacy", "doccano" };
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(read_with(names[i], "m", in, sizeof in - 1, &o, &a, &rep, &err), -1);
		assert_int_equal(err.line, 2);
		assert_memory_equal(err.msg, "malformed JSON", 14);
		assert_int_equal(a.n, 1);
		docs_free(&a);
		assert_int_equal(read_with(names[i], "m", bad8, sizeof bad8 - 1, &o, &a, &rep, &err), -1);
		assert_non_null(strstr(err.msg, "\"text\" is not valid UTF-8"));
		docs_free(&a);
		assert_int_equal(read_with(names[i], "m", notobj, sizeof notobj - 1, &o, &a, &rep, &err), -1);
		assert_string_equal(err.msg, "expected a JSON object");
		docs_free(&a);
		assert_int_equal(read_with(names[i], "m", badmeta, sizeof badmeta - 1, &o, &a, &rep, &err), -1);
		assert_non_null(strstr(err.msg, "\"meta\" is not valid UTF-8"));
		docs_free(&a);
		if (i < 2) { /* jsonl, spacy: "spans" must be an array when given */
			assert_int_equal(read_with(names[i], "m", badspans, sizeof badspans - 1, &o, &a, &rep, &err), -1);
			assert_string_equal(err.msg, "\"spans\" is not an array");
			docs_free(&a);
		}
	}
	/* Without a parser a JSON reader says so instead of crashing. */
	o.json_parse = NULL;
	assert_int_equal(read_with("jsonl", "m", in, sizeof in - 1, &o, &a, &rep, &err), -1);
	assert_non_null(strstr(err.msg, "no JSON parser"));
	assert_int_equal(read_with("labelstudio", "m", "", 0, &o, &a, &rep, &err), -1);
	fmt_report_free(&rep);
}

/* --- gloss jsonl: lossless ------------------------------------------------ */

static label_scheme got;

static int
on_labels(const struct label_scheme *ls, void *arg)
{
	(void)arg;
	got.n = ls->n;
	got.v = calloc(ls->n, sizeof *got.v);
	for (size_t i = 0; i < ls->n; i++) {
		got.v[i].key = ls->v[i].key;
		got.v[i].name = strdup(ls->v[i].name);
		got.v[i].colour = strdup(ls->v[i].colour);
		got.v[i].description = strdup(ls->v[i].description);
	}
	return 0;
}

static void
test_jsonl_lossless(void **state)
{
	static const char scheme[] = "1 PER red People\n2 ORG bright-blue Organisations, \"quoted\"\n- MISC white\n";
	label_scheme ls;
	size_t line, len;
	char m[128], *out, *out2;
	docs a = { 0 }, b = { 0 };
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	fmt_report rep = { 0 };
	doc_err err;
	doc d;
	span s;

	(void)state;
	assert_int_equal(label_scheme_parse(scheme, sizeof scheme - 1, &ls, &line, m, sizeof m), 0);
	doc_init(&d);
	assert_int_equal(doc_set_text(&d, uni, sizeof uni - 1), 0);
	doc_set_str(&d.title, "T\xc3\xadtulo \"1\"");
	doc_set_str(&d.date, "2024-03-01");
	doc_set_str(&d.source, "wire");
	doc_set_str(&d.url, "https://example.org/a?b=1&c=\xe2\x80\xa8");
	doc_set_str(&d.meta, "{\"brat\":{\"A\":[\"A1\\tNeg T1\"]},\"n\":1.5}");
	doc_set_str(&d.status, "started");
	doc_set_str(&d.ext_id, "wire-0001");
	d.position = 12;
	memset(&s, 0, sizeof s);
	s.start = 2; s.end = 6; s.label = "PER"; s.kind = SPAN_ENTITY; s.status = SPAN_CONFIRMED;
	s.source = SRC_MANUAL; s.confidence = 1; s.annotator = "ann"; s.created = 1700000000; s.updated = 1700000100;
	doc_add_span(&d, &s);
	memset(&s, 0, sizeof s);
	s.start = 0; s.end = 11; s.kind = SPAN_HIGHLIGHT; s.status = SPAN_CONFIRMED; s.source = SRC_MANUAL;
	s.confidence = 1; s.note = "line\nbreak, \"quote\" \\ tab\t";
	doc_add_span(&d, &s);
	memset(&s, 0, sizeof s);
	s.start = 12; s.end = 14; s.label = "LOC"; s.kind = SPAN_ENTITY; s.status = SPAN_REJECTED;
	s.source = SRC_GAZETTEER; s.confidence = 0.123456789012345678;
	doc_add_span(&d, &s);
	memset(&s, 0, sizeof s);
	s.start = 15; s.end = 20; s.label = "MISC"; s.kind = SPAN_ENTITY; s.status = SPAN_SUGGESTED;
	s.source = SRC_MODEL; s.confidence = 0.1;
	doc_add_span(&d, &s);
	docs_emit(&d, &a);
	doc_clear(&d);
	/* A second doc: nothing but text, metadata that is not an object. */
	doc_init(&d);
	doc_set_text(&d, "", 0);
	doc_set_str(&d.meta, "not json");
	docs_emit(&d, &a);
	doc_clear(&d);

	o.labels = &ls;
	out = write_with("jsonl", &a, &o, &len);
	{
		static const char head[] = "{\"gloss\":\"labels\",\"labels\":[{\"key\":1,\"name\":\"PER\","
		    "\"colour\":\"red\",\"description\":\"People\"},";

		assert_memory_equal(out, head, sizeof head - 1);
	}
	o.labels = NULL;
	o.on_labels = on_labels;
	assert_int_equal(read_with("jsonl", "l", out, len, &o, &b, &rep, &err), 0);
	assert_int_equal(b.n, 2);
	/* The scheme. */
	assert_int_equal(got.n, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(got.v[i].key, ls.v[i].key);
		assert_string_equal(got.v[i].name, ls.v[i].name);
		assert_string_equal(got.v[i].colour, ls.v[i].colour);
		assert_string_equal(got.v[i].description, ls.v[i].description);
	}
	label_scheme_clear(&got);
	/* Every field of every doc and span. */
	for (size_t k = 0; k < 2; k++) {
		doc *x = &a.v[k], *y = &b.v[k];

		assert_int_equal(x->len, y->len);
		assert_memory_equal(x->text, y->text, x->len);
#define SAME(f) do { if (x->f == NULL) assert_null(y->f); else assert_string_equal(x->f, y->f); } while (0)
		SAME(title); SAME(date); SAME(source); SAME(url); SAME(meta); SAME(status); SAME(ext_id);
		assert_int_equal(x->position, y->position);
		assert_int_equal(x->nspans, y->nspans);
		for (size_t i = 0; i < x->nspans; i++) {
			span *p = &x->spans[i], *q = &y->spans[i];

			assert_int_equal(p->start, q->start);
			assert_int_equal(p->end, q->end);
			if (p->label == NULL) assert_null(q->label); else assert_string_equal(p->label, q->label);
			if (p->note == NULL) assert_null(q->note); else assert_string_equal(p->note, q->note);
			if (p->annotator == NULL) assert_null(q->annotator); else assert_string_equal(p->annotator, q->annotator);
			assert_int_equal(p->kind, q->kind);
			assert_int_equal(p->status, q->status);
			assert_int_equal(p->source, q->source);
			assert_true(p->confidence == q->confidence);
			assert_int_equal(p->created, q->created);
			assert_int_equal(p->updated, q->updated);
		}
#undef SAME
	}
	/* And the same bytes a second time round. */
	o.labels = &ls;
	out2 = write_with("jsonl", &b, &o, &len);
	assert_string_equal(out, out2);
	/* UTF-16 units both ways give the same docs too. */
	free(out2);
	docs_free(&b);
	o = opts(FMT_OFF_UTF16);
	out2 = write_with("jsonl", &a, &o, &len);
	assert_non_null(strstr(out2, "\"position\":13,"));
	assert_int_equal(read_with("jsonl", "l", out2, len, &o, &b, &rep, &err), 0);
	assert_same(&a, &b);
	assert_int_equal(b.v[0].position, 12);
	free(out2);
	free(out);
	docs_free(&a);
	docs_free(&b);
	label_scheme_clear(&ls);
	fmt_report_free(&rep);
}

static void
test_jsonl_plain_lines(void **state)
{
	static const char in[] = "{\"id\":\"a000001\",\"title\":\"T\",\"date\":\"2024-06-01\",\"text\":\"Body.\"}\n"
	    "{\"id\":7,\"text\":\"x\"}\n{\"ext_id\":\"e\",\"id\":9,\"text\":\"y\",\"spans\":[{\"start\":0,\"end\":1,\"label\":\"L\"}]}\n";
	static const char bad[] = "{\"text\":\"x\",\"spans\":[{\"start\":0,\"end\":1,\"label\":\"L\",\"status\":\"maybe\"}]}\n";
	static const char nolab[] = "{\"text\":\"x\",\"spans\":[{\"start\":0,\"end\":1}]}\n";
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;

	(void)state;
	assert_int_equal(read_with("jsonl", "c", in, sizeof in - 1, &o, &a, &rep, &err), 0);
	assert_int_equal(a.n, 3);
	assert_string_equal(a.v[0].ext_id, "a000001");
	assert_string_equal(a.v[0].title, "T");
	assert_string_equal(a.v[0].date, "2024-06-01");
	assert_string_equal(a.v[1].ext_id, "7");
	assert_string_equal(a.v[2].ext_id, "e");
	assert_int_equal(a.v[2].spans[0].status, SPAN_CONFIRMED); /* as_status */
	assert_int_equal(a.v[2].spans[0].source, SRC_IMPORT);
	assert_true(fmt_detect("corpus.jsonl", in, sizeof in - 1) == fmt_by_name("jsonl"));
	docs_free(&a);
	o.as_status = SPAN_SUGGESTED;
	assert_int_equal(read_with("jsonl", "c", in, sizeof in - 1, &o, &a, &rep, &err), 0);
	assert_int_equal(a.v[2].spans[0].status, SPAN_SUGGESTED);
	docs_free(&a);
	assert_int_equal(read_with("jsonl", "b", bad, sizeof bad - 1, &o, &a, &rep, &err), -1);
	assert_string_equal(err.msg, "span: unknown status \"maybe\"");
	assert_int_equal(read_with("jsonl", "b", nolab, sizeof nolab - 1, &o, &a, &rep, &err), -1);
	assert_string_equal(err.msg, "span 0-1: an entity without a label");
	docs_free(&a);
	fmt_report_free(&rep);
}

static void
test_detect(void **state)
{
	static const struct { const char *name, *buf, *want; } cases[] = {
		{ "x.jsonl", "{\"gloss\":\"labels\",\"labels\":[]}\n", "jsonl" },
		{ "x.jsonl", "{\"text\":\"a\",\"spans\":[{\"start\":0,\"end\":1,\"kind\":\"entity\"}]}", "jsonl" },
		{ "x.jsonl", "{\"text\":\"a\",\"spans\":[{\"start\":0,\"end\":1,\"label\":\"X\"}]}", "spacy" },
		{ "x.jsonl", "{\"text\":\"a\",\"answer\":\"accept\"}", "spacy" },
		{ "x.jsonl", "{\"text\": \"a\", \"label\" : [[0,1,\"X\"]]}", "doccano" },
		{ "x.json", "[{\"data\":{\"text\":\"a\"}}]", "labelstudio" },
		{ "noext", "  [\n {\"data\": {\"text\": \"a\"}, \"predictions\": []}]", "labelstudio" },
		{ "noext", "{\"annotations\":[],\"data\":{\"text\":\"a\"}}", "labelstudio" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const fmt *f = fmt_detect(cases[i].name, cases[i].buf, strlen(cases[i].buf));

		if (f == NULL || strcmp(f->name, cases[i].want) != 0)
			fail_msg("case %zu: %s, want %s", i, f ? f->name : "none", cases[i].want);
	}
}

/* --- CSV ------------------------------------------------------------------ */

static void
test_csv(void **state)
{
	fmt_opts o = opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	size_t len;
	char *out;
	doc d;
	span s;

	(void)state;
	doc_init(&d);
	doc_set_text(&d, "\xf0\x9f\x98\x80 Smith, \"Jr\" said\nhi", 24);
	doc_set_str(&d.title, "A, \"B\"");
	doc_set_str(&d.ext_id, "e1");
	memset(&s, 0, sizeof s);
	s.start = 2; s.end = 13; s.label = "PER"; s.kind = SPAN_ENTITY; s.status = SPAN_CONFIRMED;
	s.source = SRC_MANUAL; s.confidence = 0.5; s.annotator = "ann"; s.note = "two\r\nlines";
	doc_add_span(&d, &s);
	memset(&s, 0, sizeof s);
	s.start = 17; s.end = 21; s.kind = SPAN_HIGHLIGHT; s.status = SPAN_CONFIRMED; s.source = SRC_MANUAL;
	s.confidence = 1;
	doc_add_span(&d, &s);
	docs_emit(&d, &a);
	a.v[0].id = 42; /* docs_emit leaves ids out */
	doc_clear(&d);
	doc_init(&d);
	doc_set_text(&d, "no spans", 8);
	docs_emit(&d, &a);
	doc_clear(&d);
	out = write_with("csv", &a, &o, &len);
	assert_string_equal(out,
	    "article_id,ext_id,title,date,start,end,text,label,kind,status,source,confidence,annotator,note\r\n"
	    "42,e1,\"A, \"\"B\"\"\",,2,13,\"Smith, \"\"Jr\"\"\",PER,entity,confirmed,manual,0.5,ann,\"two\r\nlines\"\r\n"
	    "42,e1,\"A, \"\"B\"\"\",,17,21,\"d\nhi\",,highlight,confirmed,manual,1,,\r\n");
	free(out);
	o = opts(FMT_OFF_UTF16);
	out = write_with("csv", &a, &o, &len);
	assert_non_null(strstr(out, ",,3,14,"));
	free(out);
	docs_free(&a);
}

static int
setup(void **state)
{
	(void)state;
	P = jsonp_new();
	return P == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	jsonp_free(P);
	return 0;
}

/* A report longer than the 256 bytes it once had is kept whole: the note
 * is the only place the user learns what was left out. */
static void
test_report_long(void **state)
{
	char many[3][120], want[1024];
	fmt_report rep = { 0 };
	size_t o = 0;

	(void)state;
	for (int i = 0; i < 3; i++) {
		memset(many[i], 'a' + i, sizeof many[i] - 1);
		many[i][sizeof many[i] - 1] = '\0';
		fmt_json_skipped(&rep, 2, "one", many[i]);
		o += (size_t)snprintf(want + o, sizeof want - o, "%s2 %s", i ? ", " : "", many[i]);
	}
	snprintf(want + o, sizeof want - o, " not imported");
	assert_true(strlen(want) > 256);
	assert_string_equal(fmt_report_what(&rep), want);
	assert_int_equal(rep.skipped, 6);
	assert_int_equal(fmt_report_add(&rep, "; %s", many[0]), 0);
	assert_int_equal(strlen(fmt_report_what(&rep)), strlen(want) + 2 + strlen(many[0]));
	fmt_report_free(&rep);
	assert_string_equal(fmt_report_what(&rep), "");
	fmt_report_free(&rep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_stream_errors),
		cmocka_unit_test(test_fixture_values),
		cmocka_unit_test(test_doccano_missing_text),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_spacy_v2),
		cmocka_unit_test(test_unicode_roundtrip),
		cmocka_unit_test(test_unicode_offsets),
		cmocka_unit_test(test_surrogate_error),
		cmocka_unit_test(test_ls_mismatch),
		cmocka_unit_test(test_spacy_checks),
		cmocka_unit_test(test_spacy_meta_out),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_jsonl_lossless),
		cmocka_unit_test(test_jsonl_plain_lines),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_report_long),
		cmocka_unit_test(test_spacy_keyless),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
