/*
 * test_feed.c: news feeds and saved pages as input (model/fmt_feed.c,
 * model/html.c): RSS 2.0 and Atom items, HTML main text, entities decoded,
 * scripts and styles never in the text, dates as YYYY-MM-DD, errors.
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
#include "model/html.h"
#include "tests/unit/fmt_testutil.h"

static void
read_file(const char *fmtname, const char *rel, docs *ds)
{
	fmt_report rep = { 0 };
	doc_err err = { 0 };
	size_t len;
	char *buf = data_load(rel, &len);

	assert_ptr_equal(fmt_detect(rel, buf, len), fmt_by_name(fmtname));
	assert_int_equal(read_buf(fmt_by_name(fmtname), rel, buf, len, NULL, 0, NULL, ds, &rep, &err), 0);
	free(buf);
	fmt_report_free(&rep);
}

static void
test_rss(void **state)
{
	docs ds = { 0 };

	(void)state;
	read_file("feed", "feeds/rss.xml", &ds);
	assert_int_equal(ds.n, 2);
	assert_string_equal(ds.v[0].title, "Małgorzata Nowak opens the Gdańsk port talks");
	assert_string_equal(ds.v[0].url, "http://example.org/news/1");
	assert_string_equal(ds.v[0].ext_id, "bw-0001");
	assert_string_equal(ds.v[0].date, "2026-01-05");
	assert_string_equal(ds.v[0].source, "Baltic Wire");
	/* content:encoded wins over the description; entities decoded. */
	assert_string_equal(ds.v[0].text,
	    "GDAŃSK \u2013 Małgorzata Nowak, head of the port authority, opened talks with Baltic "
	    "Shipping & Co on Monday.\n\n\u201cWe are ready,\u201d she said. It\u2019s a start.");
	/* An escaped-HTML description: tags gone, &ndash; decoded. */
	assert_string_equal(ds.v[1].text, "TALLINN \u2013 The ferry strike ended after three days.");
	assert_string_equal(ds.v[1].date, "2026-01-06");
	docs_free(&ds);
}

static void
test_atom(void **state)
{
	docs ds = { 0 };

	(void)state;
	read_file("feed", "feeds/atom.xml", &ds);
	assert_int_equal(ds.n, 2);
	assert_string_equal(ds.v[0].title, "Øresund bridge toll cut & new timetable");
	assert_string_equal(ds.v[0].url, "http://example.org/nordic/toll");
	assert_string_equal(ds.v[0].date, "2026-02-09");
	assert_string_equal(ds.v[0].source, "Nordic Desk");
	assert_string_equal(ds.v[0].text,
	    "COPENHAGEN \u2013 The Øresund bridge toll falls in March.\n\nSøren Kierkegaard Plads hosts the ceremony.");
	/* type="text" is text: the decoded < > stay. */
	assert_string_equal(ds.v[1].text, "A summary in plain text <not a tag>.");
	assert_string_equal(ds.v[1].ext_id, "urn:nordic:2");
	docs_free(&ds);
}

static void
test_page(void **state)
{
	docs ds = { 0 };

	(void)state;
	read_file("html", "feeds/page.html", &ds);
	assert_int_equal(ds.n, 1);
	assert_string_equal(ds.v[0].title, "Port talks resume in Gdańsk");
	assert_string_equal(ds.v[0].date, "2026-03-02");
	assert_string_equal(ds.v[0].source, "Example News");
	assert_string_equal(ds.v[0].url, "http://example.org/port-talks");
	assert_string_equal(ds.v[0].text,
	    "Port talks resume\n\nGDAŃSK \u2013 Talks between the port authority and AT&T resumed on Monday, "
	    "officials said.\n\n\u201cWe expect an agreement,\u201d said Jan Kowalski.\nHe declined to give a "
	    "date.\n\nThe next round is in April.");
	assert_null(strstr(ds.v[0].text, "SECRET"));
	docs_free(&ds);
}

static void
test_densest(void **state)
{
	docs ds = { 0 };

	(void)state;
	read_file("html", "feeds/dense.html", &ds);
	assert_int_equal(ds.n, 1);
	assert_string_equal(ds.v[0].title, "Dense block test");
	assert_string_equal(ds.v[0].date, "2026-01-20");
	assert_string_equal(ds.v[0].text, "First paragraph of the real story, long enough to win.\n\n"
	    "Second paragraph of the real story with more words.");
	docs_free(&ds);
}

static void
test_errors(void **state)
{
	static const char broken[] = "<?xml version=\"1.0\"?>\n<rss><channel>\n<item><title>x</titel></item>";
	static const char xxe[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	    "<rss><channel><item><title>t</title><description>a&x;b</description></item></channel></rss>";
	docs ds = { 0 };
	fmt_report rep = { 0 };
	doc_err err = { 0 };
	const fmt *f = fmt_by_name("feed");

	(void)state;
	assert_int_equal(read_buf(f, "b.xml", broken, sizeof broken - 1, NULL, 0, NULL, &ds, &rep, &err), -1);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "feed:"));
	assert_int_equal(ds.n, 0);
	/* An external entity is never loaded. */
	if (read_buf(f, "x.xml", xxe, sizeof xxe - 1, NULL, 0, NULL, &ds, &rep, &err) == 0) {
		assert_int_equal(ds.n, 1);
		assert_null(strstr(ds.v[0].text, "root:"));
	}
	docs_free(&ds);
	assert_int_equal(read_buf(fmt_by_name("html"), "e.html", "<html><body><script>x</script></body></html>", 44,
	    NULL, 0, NULL, &ds, &rep, &err), -1);
	assert_string_equal(err.msg, "no text in the page");
	docs_free(&ds);
	fmt_report_free(&rep);
}

static void
test_dates(void **state)
{
	char d[11];

	(void)state;
	assert_int_equal(html_date_iso("Mon, 05 Jan 2026 10:00:00 +0000", d), 0);
	assert_string_equal(d, "2026-01-05");
	assert_int_equal(html_date_iso("5 March 2026", d), 0);
	assert_string_equal(d, "2026-03-05");
	assert_int_equal(html_date_iso("2026-12-31T23:59:59Z", d), 0);
	assert_string_equal(d, "2026-12-31");
	assert_int_equal(html_date_iso("Tue, 6 Jan 26 08:30 GMT", d), 0);
	assert_string_equal(d, "2026-01-06");
	assert_int_equal(html_date_iso("yesterday", d), -1);
	assert_int_equal(html_date_iso("2026-13-01", d), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rss), cmocka_unit_test(test_atom), cmocka_unit_test(test_page),
		cmocka_unit_test(test_densest), cmocka_unit_test(test_errors), cmocka_unit_test(test_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
