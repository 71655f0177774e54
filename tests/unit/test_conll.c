/*
 * test_conll.c: the CoNLL reader (IOB1, IOB2, BILOU/IOBES, forced schemes,
 * comments and hashtags, malformed input), real files (wikigold, Broad
 * Twitter Corpus, doccano, spaCy), the writer, and round trips.
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
#include "model/token.h"
#include "tests/unit/fmt_testutil.h"

extern const fmt fmt_conll;

static fmt_opts
opts(int scheme)
{
	fmt_opts o;

	memset(&o, 0, sizeof o);
	o.scheme = scheme;
	o.as_status = SPAN_CONFIRMED;
	return o;
}

/* Read tests/data/conll/name with scheme; expect success. */
static void
read_file(const char *name, int scheme, docs *ds)
{
	char rel[256];
	size_t len;
	char *buf;
	fmt_opts o = opts(scheme);
	fmt_report rep = { 0 };
	doc_err err;

	snprintf(rel, sizeof rel, "conll/%s", name);
	buf = data_load(rel, &len);
	if (read_buf(&fmt_conll, name, buf, len, NULL, 0, &o, ds, &rep, &err) != 0)
		fail_msg("%s:%zu: %s", name, err.line, err.msg);
	free(buf);
	fmt_report_free(&rep);
}

/* Read a string; returns the reader's result, err filled. */
static int
read_str(const char *s, int scheme, docs *ds, doc_err *err)
{
	fmt_opts o = opts(scheme);
	fmt_report rep = { 0 };
	int rc = read_buf(&fmt_conll, "test", s, strlen(s), NULL, 0, &o, ds, &rep, err);

	fmt_report_free(&rep);
	return rc;
}

static void
assert_prefix(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)) != 0)
		fail_msg("\"%.*s\" does not start with \"%s\"", (int)strlen(prefix), s, prefix);
}

static size_t
count_char(const char *s, size_t n, char c)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

static void
test_iob1(void **state)
{
	docs ds = { 0 };

	(void)state;
	read_file("iob1.conll", FMT_SCHEME_AUTO, &ds);
	assert_int_equal(ds.n, 2);
	assert_string_equal(ds.v[0].text, "EU rejects German call to boycott British lamb .\nPeter Blackburn");
	assert_spans(&ds.v[0], "ORG:EU|MISC:German|MISC:British|PER:Peter Blackburn");
	assert_string_equal(ds.v[1].text, "In Paris Berlin and New York .");
	/* B-LOC between two adjacent LOC entities */
	assert_spans(&ds.v[1], "LOC:Paris|LOC:Berlin|LOC:New York");
	assert_string_equal(ds.v[0].meta, TOKEN_META_WHITESPACE);
	assert_int_equal(ds.v[0].spans[0].status, SPAN_CONFIRMED);
	assert_int_equal(ds.v[0].spans[0].source, SRC_IMPORT);
	assert_int_equal(ds.v[0].spans[0].kind, SPAN_ENTITY);
	docs_free(&ds);
	/* forcing IOB1 accepts it; spans identical */
	read_file("iob1.conll", FMT_SCHEME_IOB1, &ds);
	assert_spans(&ds.v[1], "LOC:Paris|LOC:Berlin|LOC:New York");
	docs_free(&ds);
}

static void
test_iob2_comments_hashtags(void **state)
{
	docs ds = { 0 };

	(void)state;
	read_file("iob2.conll", FMT_SCHEME_AUTO, &ds);
	assert_int_equal(ds.n, 1);
	/* "# sent_id" / "# text" / "#" / "# a comment line" before sentences
	 * are comments; "# O" and "#<TAB>O" at a sentence start are tokens */
	assert_string_equal(ds.v[0].text,
	    "Ahmed al-Sharaa met #UN envoys\n# # hashtag tokens Zoë 😀 東京 都\nstray I-start x Paris France");
	/* I- after O starts an entity; I-LOC after B-PER starts another */
	assert_spans(&ds.v[0], "PER:Ahmed al-Sharaa|ORG:#UN|PER:Zoë|LOC:東京 都|ORG:I-start|PER:Paris|LOC:France");
	/* code points, not bytes: 😀 is one */
	assert_string_equal(ds.v[0].spans[3].label, "LOC");
	assert_int_equal(ds.v[0].spans[3].start, 56);
	assert_int_equal(ds.v[0].spans[3].end, 60);
	docs_free(&ds);
}

static void
test_bilou_iobes(void **state)
{
	docs ds = { 0 }, ds2 = { 0 };

	(void)state;
	read_file("bilou.conll", FMT_SCHEME_AUTO, &ds);   /* CRLF line ends */
	assert_int_equal(ds.n, 1);
	assert_string_equal(ds.v[0].text, "The New York Times reported Obama Biden\nBarack Obama said");
	assert_spans(&ds.v[0], "LOC:New York Times|PER:Obama|PER:Biden|PER:Barack Obama");
	read_file("iobes.conll", FMT_SCHEME_BILOU, &ds2);
	assert_int_equal(ds2.n, 1);
	assert_string_equal(ds2.v[0].text, ds.v[0].text);
	assert_spans(&ds2.v[0], "LOC:New York Times|PER:Obama|PER:Biden|PER:Barack Obama");
	docs_free(&ds);
	docs_free(&ds2);
}

static void
assert_read_fails(const char *s, int scheme, size_t line, size_t col, const char *msg)
{
	docs ds = { 0 };
	doc_err err;

	assert_int_equal(read_str(s, scheme, &ds, &err), -1);
	assert_int_equal(ds.n, 0);
	if (err.line != line)
		fail_msg("line %zu, not %zu: %s", err.line, line, err.msg);
	if (col)
		assert_int_equal(err.col, col);
	if (strstr(err.msg, msg) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, msg);
	docs_free(&ds);
}

static void
test_forced_schemes(void **state)
{
	size_t len;
	char *iob1 = data_load("conll/iob1.conll", &len);
	char *bilou = data_load("conll/bilou.conll", &len);
	char *iob2 = data_load("conll/iob2.conll", &len);

	(void)state;
	assert_read_fails(iob1, FMT_SCHEME_IOB2, 3, 13, "I-ORG does not continue an entity");
	assert_read_fails(bilou, FMT_SCHEME_IOB2, 4, 11, "L-LOC is not an IOB2 tag");
	assert_read_fails(bilou, FMT_SCHEME_IOB1, 2, 9, "B-LOC does not follow a LOC entity");
	assert_read_fails(iob2, FMT_SCHEME_IOB2, 22, 9, "I-ORG does not continue");
	assert_read_fails("a B-PER\nb O\n", FMT_SCHEME_BILOU, 1, 0, "B-PER is not closed");
	assert_read_fails("a B-PER\n\n", FMT_SCHEME_BILOU, 1, 0, "B-PER is not closed");
	assert_read_fails("a O\nb I-PER\n", FMT_SCHEME_BILOU, 2, 3, "I-PER does not continue");
	assert_read_fails("a O\nb\tL-PER\n", FMT_SCHEME_IOB1, 2, 3, "L-PER is not an IOB1 tag");
	assert_read_fails("a B-PER\nb O\nc B-PER\n", FMT_SCHEME_IOB1, 1, 3, "B-PER does not follow a PER entity");
	free(iob1);
	free(bilou);
	free(iob2);
}

static void
test_malformed(void **state)
{
	size_t len;
	char *inv = data_load("conll/doccano_labeling.invalid.conll", &len);

	(void)state;
	assert_read_fails("a B-\n", FMT_SCHEME_AUTO, 1, 3, "invalid tag \"B-\"");
	assert_read_fails("a O\nb X-PER\n", FMT_SCHEME_AUTO, 2, 3, "invalid tag \"X-PER\"");
	assert_read_fails("a O\nlonely\n", FMT_SCHEME_AUTO, 2, 1, "one column \"lonely\"");
	assert_read_fails("a O\n\xff O\n", FMT_SCHEME_AUTO, 2, 1, "invalid UTF-8 byte 0xff");
	assert_read_fails("a O\nb\tO\n#\t# sent\n", FMT_SCHEME_AUTO, 3, 5, "invalid tag \"sent\"");
	{
		static const char nul[] = "a O\nb\0 O\n";
		docs ds = { 0 };
		fmt_opts o = opts(FMT_SCHEME_AUTO);
		fmt_report rep = { 0 };
		doc_err err;

		assert_int_equal(read_buf(&fmt_conll, "t", nul, sizeof nul - 1, NULL, 0, &o, &ds, &rep, &err), -1);
		assert_int_equal(err.line, 2);
		assert_int_equal(err.col, 2);
		assert_string_equal(err.msg, "NUL byte");
		fmt_report_free(&rep);
	}
	/* doccano's own invalid file: "SOCCERO SOCCERO SOCCERO" has no valid tag */
	assert_read_fails(inv, FMT_SCHEME_AUTO, 1, 17, "invalid tag \"SOCCERO\"");
	free(inv);
}

static void
test_doccano_and_spacy(void **state)
{
	docs ds = { 0 }, a = { 0 }, b = { 0 }, c = { 0 }, e = { 0 };
	const char *want = "PERSON:Sebastian Thrun|ORG:Google|DATE:2007|NORP:American|"
	    "PERSON:Thrun|ORG:Recode|DATE:earlier this week";

	(void)state;
	read_file("doccano_example.conll", FMT_SCHEME_AUTO, &ds);
	assert_int_equal(ds.n, 1);
	assert_string_equal(ds.v[0].text, "JAPAN GET\nNadim Ladki");
	assert_spans(&ds.v[0], "LOC:JAPAN|PER:Nadim Ladki");
	docs_free(&ds);
	/* two blank lines at the end are fine */
	read_file("doccano_labeling.trailing.conll", FMT_SCHEME_AUTO, &ds);
	assert_int_equal(ds.n, 1);
	assert_int_equal(count_char(ds.v[0].text, ds.v[0].len, '\n'), 0);
	assert_spans(&ds.v[0], "LOC:JAPAN|PER:CHINA");
	docs_free(&ds);

	/* spaCy's examples: the same two sentences in four layouts */
	read_file("spacy_ner-token-per-line.iob", FMT_SCHEME_AUTO, &a);
	read_file("spacy_ner-token-per-line-with-pos.iob", FMT_SCHEME_AUTO, &b);
	read_file("spacy_ner-token-per-line-conll2003.iob", FMT_SCHEME_AUTO, &c);
	read_file("spacy_ner-sent-per-line.iob", FMT_SCHEME_AUTO, &e);
	assert_int_equal(a.n, 1);
	assert_int_equal(b.n, 1);
	assert_int_equal(c.n, 1);
	assert_int_equal(e.n, 1);
	/* no blank line between the sentences in the token-per-line files */
	assert_int_equal(count_char(a.v[0].text, a.v[0].len, '\n'), 0);
	assert_string_equal(a.v[0].text, b.v[0].text);
	assert_int_equal(count_char(c.v[0].text, c.v[0].len, '\n'), 1);
	assert_string_equal(c.v[0].text, e.v[0].text);
	assert_int_equal(count_char(c.v[0].text, c.v[0].len, ' ') + 2, 66);
	assert_spans(&a.v[0], want);
	assert_spans(&b.v[0], want);
	assert_spans(&c.v[0], want);
	assert_spans(&e.v[0], want);
	assert_non_null(strstr(e.v[0].text, "“ I can tell you"));
	docs_free(&a);
	docs_free(&b);
	docs_free(&c);
	docs_free(&e);
}

/* Tokens starting with '#' in a pre-tokenised text. */
static size_t
count_hash_tokens(const doc *d)
{
	token *t;
	size_t n = token_split_mode(d->text, d->len, TOKEN_WHITESPACE, NULL, 0, &t), k = 0;

	for (size_t i = 0; i < n; i++)
		k += d->text[t[i].bstart] == '#';
	free(t);
	return k;
}

static void
test_real_files(void **state)
{
	docs ds = { 0 };
	size_t spans = 0, toks = 0, sents = 0;

	(void)state;
	/* counts checked independently with awk (an entity starts at B-/U-/S-,
	 * or at an I- that does not continue its type) and in MANIFEST.txt */
	read_file("wikigold.conll", FMT_SCHEME_AUTO, &ds);
	assert_int_equal(ds.n, 145);
	for (size_t i = 0; i < ds.n; i++) {
		spans += ds.v[i].nspans;
		toks += count_char(ds.v[i].text, ds.v[i].len, ' ') + count_char(ds.v[i].text, ds.v[i].len, '\n') + 1;
		sents += count_char(ds.v[i].text, ds.v[i].len, '\n') + 1;
	}
	assert_int_equal(spans, 3558);
	assert_int_equal(toks, 39007);
	assert_int_equal(sents, 1696);
	assert_prefix(ds.v[0].text, "010 is the tenth album from Japanese Punk Techno band The Mad Capsule Markets .\n");
	docs_free(&ds);

	read_file("wikigold.conll", FMT_SCHEME_IOB1, &ds);   /* wikigold is IOB1 through and through */
	assert_int_equal(ds.n, 145);
	docs_free(&ds);

	read_file("btc_section_g.conll", FMT_SCHEME_AUTO, &ds);
	assert_int_equal(ds.n, 1);   /* no -DOCSTART-: the whole file */
	assert_int_equal(ds.v[0].nspans, 4685);
	assert_int_equal(count_char(ds.v[0].text, ds.v[0].len, '\n') + 1, 2138);
	assert_int_equal(count_hash_tokens(&ds.v[0]), 661);
	assert_prefix(ds.v[0].text, "Millions of family-run #farms hold the key to global #hunger reveals #UN report . http://t.co/9JKaxcMKJ0\n");
	{
		char *s = spans_str(&ds.v[0]);

		assert_prefix(s, "ORG:#UN|PER:Reeva Steenkamp|PER:#Pistorius|");
		free(s);
	}
	docs_free(&ds);
	read_file("btc_section_g.conll", FMT_SCHEME_IOB2, &ds);  /* strictly IOB2 */
	assert_int_equal(ds.v[0].nspans, 4685);
	docs_free(&ds);
}

static size_t
cpat(const char *s, const char *sub)
{
	const char *p = strstr(s, sub);
	size_t k = 0;

	assert_non_null(p);
	for (const char *q = s; q < p; q++)
		k += ((unsigned char)*q & 0xC0) != 0x80;
	return k;
}

static void
add(doc *d, const char *sub, size_t ncp, const char *label, int kind, int status)
{
	span s = { 0 };

	s.start = cpat(d->text, sub);
	s.end = s.start + ncp;
	s.label = label;
	s.kind = kind;
	s.status = status;
	s.source = SRC_MANUAL;
	s.confidence = 1;
	assert_int_equal(doc_add_span(d, &s), 0);
}

/* A prose article as the store would hand it to the writer. */
static void
prose_doc(doc *d)
{
	static const char text[] = "Zoë Müller met Ahmed al-Sharaa in Paris. He said 2.5% of U.S. aid "
	    "went to New\nYork City.\n\nBye Paris Berlin";

	doc_init(d);
	assert_int_equal(doc_set_text(d, text, sizeof text - 1), 0);
	add(d, "Zoë", 10, "PER", SPAN_ENTITY, SPAN_CONFIRMED);
	add(d, "Sharaa", 6, "PER", SPAN_ENTITY, SPAN_CONFIRMED);
	add(d, "Paris.", 5, "LOC", SPAN_ENTITY, SPAN_CONFIRMED);
	add(d, "Paris.", 3, "LOC", SPAN_ENTITY, SPAN_CONFIRMED);      /* nested: dropped */
	add(d, "U.S.", 4, "ORG", SPAN_ENTITY, SPAN_CONFIRMED);
	add(d, "New\nYork", 13, "LOC", SPAN_ENTITY, SPAN_CONFIRMED); /* crosses a newline */
	add(d, "He said", 7, NULL, SPAN_HIGHLIGHT, SPAN_CONFIRMED);  /* not an entity */
	add(d, "Ahmed", 5, "PER", SPAN_ENTITY, SPAN_REJECTED);       /* rejected */
	add(d, "Paris Berlin", 5, "LOC", SPAN_ENTITY, SPAN_SUGGESTED);
	add(d, "Berlin", 6, "LOC", SPAN_ENTITY, SPAN_SUGGESTED);
}

static const char prose_iob2[] =
    "-DOCSTART- -X- -X- O\n\n"
    "Zoë B-PER\nMüller I-PER\nmet O\nAhmed O\nal- O\nSharaa B-PER\nin O\nParis B-LOC\n. O\n\n"
    "He O\nsaid O\n2.5 O\n% O\nof O\nU.S. B-ORG\naid O\nwent O\nto O\nNew B-LOC\nYork I-LOC\nCity I-LOC\n. O\n\n"
    "Bye O\nParis B-LOC\nBerlin B-LOC\n\n";

static void
test_writer(void **state)
{
	doc d;
	docs back = { 0 };
	size_t len;
	fmt_report rep = { 0 };
	fmt_opts o = opts(FMT_SCHEME_AUTO);
	char *out;
	doc_err err;

	(void)state;
	prose_doc(&d);
	out = write_mem(&fmt_conll, &d, 1, &o, &len, &rep);
	assert_string_equal(out, prose_iob2);
	assert_int_equal(len, strlen(prose_iob2));
	assert_int_equal(rep.skipped, 1);
	assert_non_null(strstr(fmt_report_what(&rep), "1 overlapping"));
	/* read back: same spans over the same tokens */
	assert_int_equal(read_str(out, FMT_SCHEME_IOB2, &back, &err), 0);
	assert_int_equal(back.n, 1);
	assert_string_equal(back.v[0].text, "Zoë Müller met Ahmed al- Sharaa in Paris .\n"
	    "He said 2.5 % of U.S. aid went to New York City .\nBye Paris Berlin");
	assert_spans(&back.v[0], "PER:Zoë Müller|PER:Sharaa|LOC:Paris|ORG:U.S.|LOC:New York City|LOC:Paris|LOC:Berlin");
	docs_free(&back);
	free(out);

	o.scheme = FMT_SCHEME_IOB1;
	out = write_mem(&fmt_conll, &d, 1, &o, &len, NULL);
	assert_non_null(strstr(out, "\nZoë I-PER\nMüller I-PER\n"));
	assert_non_null(strstr(out, "\nSharaa I-PER\n"));
	assert_non_null(strstr(out, "\nBye O\nParis I-LOC\nBerlin B-LOC\n"));
	assert_int_equal(read_str(out, FMT_SCHEME_IOB1, &back, &err), 0);
	assert_spans(&back.v[0], "PER:Zoë Müller|PER:Sharaa|LOC:Paris|ORG:U.S.|LOC:New York City|LOC:Paris|LOC:Berlin");
	docs_free(&back);
	free(out);

	o.scheme = FMT_SCHEME_BILOU;
	out = write_mem(&fmt_conll, &d, 1, &o, &len, NULL);
	assert_non_null(strstr(out, "\nZoë B-PER\nMüller L-PER\n"));
	assert_non_null(strstr(out, "\nSharaa U-PER\n"));
	assert_non_null(strstr(out, "\nNew B-LOC\nYork I-LOC\nCity L-LOC\n"));
	assert_non_null(strstr(out, "\nParis U-LOC\nBerlin U-LOC\n"));
	assert_int_equal(read_str(out, FMT_SCHEME_BILOU, &back, &err), 0);
	assert_spans(&back.v[0], "PER:Zoë Müller|PER:Sharaa|LOC:Paris|ORG:U.S.|LOC:New York City|LOC:Paris|LOC:Berlin");
	docs_free(&back);
	free(out);
	doc_clear(&d);
	fmt_report_free(&rep);
}

static void
test_writer_edges(void **state)
{
	doc d;
	size_t len;
	fmt_report rep = { 0 };
	fmt_opts o = opts(FMT_SCHEME_AUTO);
	char *out;

	(void)state;
	doc_init(&d);
	assert_int_equal(doc_set_text(&d, "a  bc d", 7), 0);
	add(&d, " bc", 4, "Two words", SPAN_ENTITY, SPAN_CONFIRMED);  /* edges in white space: trimmed */
	add(&d, "  ", 1, "X", SPAN_ENTITY, SPAN_CONFIRMED);            /* nothing but a space: empty */
	d.spans[1].start = d.spans[1].end = 0;                         /* and zero-length */
	add(&d, "c d", 3, "Y", SPAN_ENTITY, SPAN_CONFIRMED);
	d.spans[2].end = 99;                                           /* past the text */
	out = write_mem(&fmt_conll, &d, 1, &o, &len, &rep);
	assert_string_equal(out, "-DOCSTART- -X- -X- O\n\na O\nbc B-Two_words\nd O\n\n");
	assert_int_equal(rep.skipped, 3);
	assert_non_null(strstr(fmt_report_what(&rep), "1 trimmed"));
	assert_non_null(strstr(fmt_report_what(&rep), "2 empty"));
	free(out);
	doc_clear(&d);

	/* an empty doc: only the header */
	doc_init(&d);
	out = write_mem(&fmt_conll, &d, 1, &o, &len, NULL);
	assert_string_equal(out, "-DOCSTART- -X- -X- O\n\n");
	free(out);
	doc_clear(&d);
	fmt_report_free(&rep);
}

/* Columns 1 and last of the token lines, blank lines collapsed, -DOCSTART- dropped. */
static char *
token_tag_lines(const char *s)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	int blank = 1;

	while (*s) {
		const char *e = strchr(s, '\n'), *f0, *fl;
		size_t len = e ? (size_t)(e - s) : strlen(s);
		size_t l0 = 0, ll = 0;

		if (len && s[len - 1] == '\r')
			len--;
		f0 = s;
		while (f0 < s + len && (*f0 == ' ' || *f0 == '\t'))
			f0++;
		if (f0 == s + len) {
			blank = 1;
		} else if (strncmp(f0, "-DOCSTART-", 10) != 0) {
			if (blank && ftell(f) > 0)
				fputc('\n', f);
			while (f0 + l0 < s + len && f0[l0] != ' ' && f0[l0] != '\t')
				l0++;
			fl = s + len;
			while (fl > f0 && fl[-1] != ' ' && fl[-1] != '\t') {
				fl--;
				ll++;
			}
			fprintf(f, "%.*s %.*s\n", (int)l0, f0, (int)ll, fl);
			blank = 0;
		}
		s = e ? e + 1 : s + len;
	}
	fclose(f);
	return out;
}

/* read -> write -> read keeps text and spans; write -> read -> write keeps bytes;
 * and the written token/tag columns are the input's when the scheme is. */
static void
round_trip(const char *name, int scheme, int same_lines)
{
	docs a = { 0 }, b = { 0 }, c = { 0 };
	size_t len1, len2, len0;
	fmt_opts o = opts(scheme);
	char *w1, *w2, *orig;
	char rel[256];
	doc_err err;

	read_file(name, FMT_SCHEME_AUTO, &a);
	w1 = write_mem(&fmt_conll, a.v, a.n, &o, &len1, NULL);
	assert_int_equal(read_str(w1, scheme, &b, &err), 0);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		char *sa = spans_str(&a.v[i]), *sb = spans_str(&b.v[i]);

		assert_string_equal(a.v[i].text, b.v[i].text);
		assert_int_equal(a.v[i].nspans, b.v[i].nspans);
		assert_string_equal(sa, sb);
		for (size_t k = 0; k < a.v[i].nspans; k++) {
			assert_int_equal(a.v[i].spans[k].start, b.v[i].spans[k].start);
			assert_int_equal(a.v[i].spans[k].end, b.v[i].spans[k].end);
		}
		free(sa);
		free(sb);
	}
	w2 = write_mem(&fmt_conll, b.v, b.n, &o, &len2, NULL);
	assert_int_equal(len1, len2);
	assert_memory_equal(w1, w2, len1);
	if (same_lines) {
		char *x, *y;

		snprintf(rel, sizeof rel, "conll/%s", name);
		orig = data_load(rel, &len0);
		x = token_tag_lines(orig);
		y = token_tag_lines(w1);
		assert_string_equal(x, y);
		free(x);
		free(y);
		free(orig);
	}
	(void)c;
	free(w1);
	free(w2);
	docs_free(&a);
	docs_free(&b);
}

static void
test_round_trips(void **state)
{
	(void)state;
	round_trip("wikigold.conll", FMT_SCHEME_IOB1, 1);
	round_trip("wikigold.conll", FMT_SCHEME_IOB2, 0);
	round_trip("wikigold.conll", FMT_SCHEME_BILOU, 0);
	round_trip("btc_section_g.conll", FMT_SCHEME_IOB2, 1);
	round_trip("iob1.conll", FMT_SCHEME_IOB1, 1);
	round_trip("iob2.conll", FMT_SCHEME_IOB2, 0);   /* its I-start is lenient input */
	round_trip("bilou.conll", FMT_SCHEME_BILOU, 1);
	round_trip("spacy_ner-token-per-line-conll2003.iob", FMT_SCHEME_IOB2, 1);
	round_trip("doccano_example.conll", FMT_SCHEME_IOB2, 1);
}

/* Streamed in small windows (as a large file is), every file reads the
 * same: entities, tags and errors that straddle two windows included. */
static void
test_stream_windows(void **state)
{
	static const char *const files[] = { "conll/iob1.conll", "conll/bilou.conll", "conll/wikigold.conll",
		"tools/tag_middle.conll", "tools/uner_en.iob2" };
	fmt_opts o = opts(FMT_SCHEME_AUTO);

	(void)state;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		size_t len;
		char *buf = data_load(files[i], &len);

		for (size_t step = len > 20000 ? 81 : 1; step < 10000; step *= 9)
			assert_trickle_same(&fmt_conll, files[i], buf, len, &o,
			    strstr(files[i], "uner") ? len : step, step); /* UNER is told by its first lines */
		free(buf);
	}
}

/* A UNER-like start whose ID field runs to the end of the buffer: the
 * buffer is exactly the file (no NUL after it), so a string function
 * there reads past it (ASan in the sanitizer build; found by fuzz_conll). */
static void
test_uner_id_at_end(void **state)
{
	static const char text[] = "# sent_id = 1\n12";
	char *buf = malloc(sizeof text - 1);
	fmt_opts o = opts(FMT_SCHEME_AUTO);
	fmt_report rep = { 0 };
	docs ds = { 0 };
	doc_err err;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, text, sizeof text - 1);
	read_buf(&fmt_conll, "id-at-end", buf, sizeof text - 1, NULL, 0, &o, &ds, &rep, &err);
	assert_null(strstr(fmt_report_what(&rep), "Universal NER"));
	free(buf);
	docs_free(&ds);
	fmt_report_free(&rep);
}

static void
test_sniff(void **state)
{
	size_t len;
	char *w = data_load("conll/wikigold.conll", &len);
	char *b = data_load("conll/btc_section_g.conll", &len);

	(void)state;
	assert_true(fmt_conll.sniff(w, 4096));
	assert_true(fmt_conll.sniff(b, 4096));
	assert_true(fmt_conll.sniff("When|WRB|O Sebastian|NNP|B-PERSON\n", 34));
	assert_true(fmt_conll.sniff("# comment\nx\tO\ny B-PER\n", 22));
	assert_false(fmt_conll.sniff("Hello there.\nThis is prose.\n", 28));
	assert_false(fmt_conll.sniff("{\"text\": \"x\"}\n", 14));
	assert_false(fmt_conll.sniff("T1\tPER 0 5\tHello\n", 17));
	assert_false(fmt_conll.sniff("", 0));
	assert_ptr_equal(fmt_detect("x.conll", "a O\n", 4), &fmt_conll);
	assert_ptr_equal(fmt_detect("x.iob", "", 0), &fmt_conll);
	assert_ptr_equal(fmt_detect("noext", w, 4096), &fmt_conll);
	free(w);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iob1),
		cmocka_unit_test(test_iob2_comments_hashtags),
		cmocka_unit_test(test_bilou_iobes),
		cmocka_unit_test(test_forced_schemes),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_doccano_and_spacy),
		cmocka_unit_test(test_real_files),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_writer_edges),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_stream_windows),
		cmocka_unit_test(test_uner_id_at_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
