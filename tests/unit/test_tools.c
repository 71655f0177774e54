/*
 * test_tools.c: files shaped like what the other tools really write
 * (tests/data/tools/README says which tool and which source each follows):
 * gloss reads them as those tools mean them, and writes what they can open.
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
#include "tests/unit/fmt_testutil.h"

/* Read tests/data/tools/FILE (or the literal buf when file is NULL) with fname. */
static int
read_tool(const char *fname, const char *file, const char *buf, const fmt_opts *o, docs *ds,
    fmt_report *rep, doc_err *err)
{
	char rel[256];
	char *data = NULL;
	size_t len;
	int rc;

	fmt_report_free(rep);
	memset(rep, 0, sizeof *rep);
	memset(err, 0, sizeof *err);
	if (file != NULL) {
		snprintf(rel, sizeof rel, "tools/%s", file);
		data = data_load(rel, &len);
		buf = data;
	} else
		len = strlen(buf);
	rc = read_buf(fmt_by_name(fname), file ? file : "t", buf, len, NULL, 0, o, ds, rep, err);
	free(data);
	return rc;
}

/* --- Label Studio --------------------------------------------------------- */

/* value.text with a line break written as "\n" (two characters) is the
 * covered text; a real mismatch still fails, its message showing what
 * cannot be seen. */
static void
test_ls_newline(void **state)
{
	fmt_opts o = test_opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;

	(void)state;
	assert_int_equal(read_tool("labelstudio", "ls_newline.json", NULL, &o, &a, &rep, &err), 0);
	assert_int_equal(a.n, 1);
	assert_spans(&a.v[0], "LOC:in\nGeneva|MISC:Friday.\r\nZo\xc3\xab Ball");
	docs_free(&a);
	/* A no-break space where value.text has a space: both shown apart. */
	assert_int_equal(read_tool("labelstudio", NULL, "[{\"data\":{\"text\":\"Paris\xc2\xa0" "France\"},"
	    "\"annotations\":[{\"result\":[{\"type\":\"labels\",\"value\":{\"start\":0,\"end\":12,"
	    "\"text\":\"Paris France\",\"labels\":[\"LOC\"]}}]}]}]", &o, &a, &rep, &err), -1);
	assert_string_equal(err.msg, "span 0-12 says \"Paris France\" but the text has \"Paris<U+00A0>France\"");
	docs_free(&a);
	/* A real backslash-n where the text has none is not a line break. */
	assert_int_equal(read_tool("labelstudio", NULL, "[{\"data\":{\"text\":\"a\\nb\"},"
	    "\"annotations\":[{\"result\":[{\"type\":\"labels\",\"value\":{\"start\":0,\"end\":3,"
	    "\"text\":\"a\\\\\\\\nb\",\"labels\":[\"X\"]}}]}]}]", &o, &a, &rep, &err), -1);
	assert_string_equal(err.msg, "span 0-3 says \"a\\\\\\\\nb\" but the text has \"a\\nb\"");
	docs_free(&a);
	/* Zero-width and bidi characters are named. */
	assert_int_equal(read_tool("labelstudio", NULL, "[{\"data\":{\"text\":\"ab\xe2\x80\x8b\xe2\x80\xae\"},"
	    "\"annotations\":[{\"result\":[{\"type\":\"labels\",\"value\":{\"start\":0,\"end\":4,"
	    "\"text\":\"ab\",\"labels\":[\"X\"]}}]}]}]", &o, &a, &rep, &err), -1);
	assert_string_equal(err.msg, "span 0-4 says \"ab\" but the text has \"ab<U+200B><U+202E>\"");
	docs_free(&a);
	fmt_report_free(&rep);
}

/* JSON-MIN rows: the results under their from_name become spans, with
 * the row's annotator; "labels" given as a single string is a label. */
static void
test_ls_min(void **state)
{
	fmt_opts o = test_opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;

	(void)state;
	assert_int_equal(read_tool("labelstudio", "ls_min.json", NULL, &o, &a, &rep, &err), 0);
	assert_int_equal(a.n, 3);
	assert_spans(&a.v[0], "LOC:Geneva|DATE:Friday");
	assert_spans(&a.v[1], "PER:Zo\xc3\xab Ball|MISC:Angela Merkel\nin Berlin");
	assert_string_equal(a.v[1].spans[0].annotator, "alice@example.org");
	assert_int_equal(a.v[2].nspans, 0);
	docs_free(&a);
	assert_ptr_equal(fmt_detect("x.json", "[{\"text\":\"a\",\"id\":1,\"annotation_id\":3,\"lead_time\":2.5}]", 55),
	    fmt_by_name("labelstudio"));
	/* "labels":"Date" */
	assert_int_equal(read_tool("labelstudio", NULL, "[{\"data\":{\"text\":\"On Friday\"},\"annotations\":"
	    "[{\"result\":[{\"type\":\"labels\",\"value\":{\"start\":3,\"end\":9,\"labels\":\"Date\"}}]}]}]",
	    &o, &a, &rep, &err), 0);
	assert_spans(&a.v[0], "Date:Friday");
	docs_free(&a);
	assert_int_equal(read_tool("labelstudio", NULL, "[{\"data\":{\"text\":\"On Friday\"},\"annotations\":"
	    "[{\"result\":[{\"type\":\"labels\",\"value\":{\"start\":3,\"end\":9,\"labels\":{}}}]}]}]",
	    &o, &a, &rep, &err), -1);
	assert_string_equal(err.msg, "span 3-9: \"labels\" is neither a label nor a list of labels");
	docs_free(&a);
	fmt_report_free(&rep);
}

/* A task's control names and data key come back on export (the project's
 * labelling config names them: <Labels name="ner" toName="doc">, <Text
 * name="doc" value="$body">). */
static void
test_ls_names(void **state)
{
	fmt_opts o = test_opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;
	size_t len;
	char *out;

	(void)state;
	assert_int_equal(read_tool("labelstudio", NULL, "[{\"id\":5,\"data\":{\"body\":\"On Friday\"},\"meta\":{\"k\":1},"
	    "\"annotations\":[{\"result\":[{\"from_name\":\"ner\",\"to_name\":\"doc\",\"type\":\"labels\","
	    "\"value\":{\"start\":3,\"end\":9,\"text\":\"Friday\",\"labels\":[\"DATE\"]}}]}]}]", &o, &a, &rep, &err), 0);
	assert_string_equal(a.v[0].text, "On Friday");
	out = write_mem(fmt_by_name("labelstudio"), a.v, 1, &o, &len, NULL);
	assert_non_null(strstr(out, "\"data\":{\"body\":\"On Friday\"}"));
	assert_non_null(strstr(out, "\"meta\":{\"k\":1},"));
	assert_non_null(strstr(out, "\"from_name\":\"ner\",\"to_name\":\"doc\",\"type\":\"labels\""));
	free(out);
	docs_free(&a);
	fmt_report_free(&rep);
}

/* --- spaCy / Prodigy ------------------------------------------------------ */

/* Offsets and token_start/token_end must agree: a span one character
 * inside its first token is refused, naming what the tokens cover. */
static void
test_prodigy_tokens(void **state)
{
	static const char shifted[] = "{\"text\":\"Angela Merkel met Macron.\",\"tokens\":["
	    "{\"text\":\"Angela\",\"start\":0,\"end\":6,\"id\":0,\"ws\":true},"
	    "{\"text\":\"Merkel\",\"start\":7,\"end\":13,\"id\":1,\"ws\":true},"
	    "{\"text\":\"met\",\"start\":14,\"end\":17,\"id\":2,\"ws\":true}],"
	    "\"spans\":[{\"start\":1,\"end\":13,\"token_start\":0,\"token_end\":1,\"label\":\"PERSON\"}],"
	    "\"_view_id\":\"ner_manual\",\"answer\":\"accept\"}\n";
	fmt_opts o = test_opts(FMT_OFF_DEFAULT);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;

	(void)state;
	assert_int_equal(read_tool("spacy", "prodigy_ner_manual.jsonl", NULL, &o, &a, &rep, &err), 0);
	assert_int_equal(a.n, 3);
	assert_spans(&a.v[0], "PERSON:Angela Merkel|PERSON:Emmanuel Macron|GPE:Berlin");
	docs_free(&a);
	assert_int_equal(read_tool("spacy", NULL, shifted, &o, &a, &rep, &err), -1);
	assert_int_equal(err.line, 1);
	assert_string_equal(err.msg, "span 1-13: its tokens 0-1 cover 0-13 (\"Angela Merkel\"), not the same text");
	docs_free(&a);
	fmt_report_free(&rep);
}

/* --- CoNLL ---------------------------------------------------------------- */

/* One doc with text and one span [s,e) labelled label. */
static void
doc1(doc *d, const char *textv, size_t s, size_t e, const char *label)
{
	span sp;

	doc_init(d);
	assert_int_equal(doc_set_text(d, textv, strlen(textv)), 0);
	memset(&sp, 0, sizeof sp);
	sp.start = s;
	sp.end = e;
	sp.label = label;
	sp.kind = SPAN_ENTITY;
	sp.status = SPAN_CONFIRMED;
	sp.confidence = 1;
	assert_int_equal(doc_add_span(d, &sp), 0);
}

/*
 * NLTK's ConllCorpusReader (nltk/corpus/reader/conll.py) splits each line
 * with Python's str.split(), which also splits at U+001C-001F, U+0085,
 * U+00A0, U+2028...: a token holding one gave "Inconsistent number of
 * columns". They are written as '_' and the note says so; so is white
 * space in a label.
 */
static void
test_conll_py_space(void **state)
{
	/* "Zoë<FS>Ball met Bob" pre-tokenised (spaces only), the span on Bob */
	fmt_opts o = test_opts(FMT_OFF_DEFAULT);
	fmt_report rep = { 0 };
	size_t len;
	doc d;
	char *out;

	(void)state;
	doc1(&d, "Zo\xc3\xab\x1c" "Ball met\xc2\xa0" "Bob\xe2\x80\xa8" "Li", 9, 19, "Given\tname");
	assert_int_equal(doc_set_str(&d.meta, "{\"tokenized\":\"whitespace\"}"), 0);
	out = write_mem(fmt_by_name("conll"), &d, 1, &o, &len, &rep);
	assert_string_equal(out, "-DOCSTART- -X- -X- O\n\nZo\xc3\xab_Ball O\nmet_Bob_Li B-Given_name\n\n");
	assert_non_null(strstr(fmt_report_what(&rep), "2 tokens held white space (first U+001C) that CoNLL readers split columns on:"
	    " written with '_' there"));
	assert_non_null(strstr(fmt_report_what(&rep), "1 label with white space written with '_' (\"Given\\tname\")"));
	free(out);
	doc_clear(&d);
	fmt_report_free(&rep);
}

/* --- doccano ------------------------------------------------------------------ */

/* Grapheme offsets (doccano's "count grapheme clusters as one character"):
 * read and written with --offsets graphemes; read as code points they
 * land elsewhere, which no check can see (doccano carries no covered text). */
static void
test_doccano_graphemes(void **state)
{
	fmt_opts o = test_opts(FMT_OFF_GRAPHEMES);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;
	size_t len;
	char *s, *out;

	(void)state;
	assert_int_equal(read_tool("doccano", "doccano_graphemes.jsonl", NULL, &o, &a, &rep, &err), 0);
	assert_spans(&a.v[0], "PER:Zoe\xcc\x81|LOC:Paris|DATE:today");
	out = write_mem(fmt_by_name("doccano"), a.v, 1, &o, &len, NULL);
	assert_non_null(strstr(out, "[[0,3,\"PER\"],[14,19,\"LOC\"],[22,27,\"DATE\"]]"));
	free(out);
	docs_free(&a);
	o = test_opts(FMT_OFF_CODEPOINTS);
	assert_int_equal(read_tool("doccano", "doccano_graphemes.jsonl", NULL, &o, &a, &rep, &err), 0);
	s = spans_str(&a.v[0]);
	assert_string_not_equal(s, "PER:Zoe\xcc\x81|LOC:Paris|DATE:today");
	free(s);
	docs_free(&a);
	fmt_report_free(&rep);
}

/* --- gloss jsonl ------------------------------------------------------------ */

/* An export in UTF-16 units says so in every record; import honours it,
 * and an --offsets that contradicts it fails instead of shifting spans. */
static void
test_jsonl_unit(void **state)
{
	fmt_opts o = test_opts(FMT_OFF_UTF16);
	docs a = { 0 };
	fmt_report rep = { 0 };
	doc_err err;
	size_t len;
	doc d;
	char *out;

	(void)state;
	doc1(&d, "\xf0\x9f\x98\x80 Zo\xc3\xab left", 2, 5, "PER");
	out = write_mem(fmt_by_name("jsonl"), &d, 1, &o, &len, NULL);
	assert_non_null(strstr(out, "{\"offsets\":\"utf16\","));
	assert_non_null(strstr(out, "\"start\":3,\"end\":6"));
	o = test_opts(FMT_OFF_DEFAULT);
	assert_int_equal(read_tool("jsonl", NULL, out, &o, &a, &rep, &err), 0);
	assert_spans(&a.v[0], "PER:Zo\xc3\xab");
	assert_int_equal(a.v[0].spans[0].start, 2);
	docs_free(&a);
	o = test_opts(FMT_OFF_CODEPOINTS);
	assert_int_equal(read_tool("jsonl", NULL, out, &o, &a, &rep, &err), -1);
	assert_string_equal(err.msg, "the record counts offsets in UTF-16 code units, not as --offsets says");
	docs_free(&a);
	free(out);
	/* the default export says nothing: code points */
	o = test_opts(FMT_OFF_DEFAULT);
	out = write_mem(fmt_by_name("jsonl"), &d, 1, &o, &len, NULL);
	assert_null(strstr(out, "offsets"));
	free(out);
	doc_clear(&d);
	fmt_report_free(&rep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ls_newline),
		cmocka_unit_test(test_ls_min),
		cmocka_unit_test(test_ls_names),
		cmocka_unit_test(test_prodigy_tokens),
		cmocka_unit_test(test_conll_py_space),
		cmocka_unit_test(test_jsonl_unit),
		cmocka_unit_test(test_doccano_graphemes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
