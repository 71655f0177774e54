/*
 * fmt_txt.c: plain text articles (GUIDE §4, §6).
 *
 * Reading: one file is one article; text_article_parse() decodes it (BOM,
 * CRLF, seed-style or mail-style header) and the header becomes the doc's
 * title/date/source/url. Invalid UTF-8 is an error at the line and byte
 * column of the first bad sequence, counted in the raw file; with
 * fmt_opts.lossy each bad byte becomes U+FFFD and fmt_report.replaced says
 * how many.
 *
 * Writing: the body text of each doc, nothing else (no header, no spans).
 * Several docs in one stream are separated by a line holding only a form
 * feed ("\f\n"), the old convention for page breaks; a body that does not
 * end in a newline gets one, so every article starts on its own line.
 *
 * A file without text (empty or white space only) gives no doc; the report
 * says so.
 *
 * sniff always says no: txt is the fallback for files no other format
 * claims, chosen by the .txt extension or by the import driver.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include "model/fmt.h"
#include "model/text.h"
#include "model/utf8.h"

static int
txt_sniff(const char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return 0;
}

static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
			return 0;
	return 1;
}

static int
txt_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg, fmt_report *rep, doc_err *err)
{
	text_article a;
	text_err te;
	doc d;
	int rc;

	if (text_article_parse(in->buf, in->len, o && o->lossy ? TEXT_LOSSY : 0, &a, &te) != 0) {
		doc_err_set(err, te.line, te.col, "%s", te.msg);
		return -1;
	}
	/* A file with no text (empty, or only white space and a header) is
	 * not an article: say so instead of storing an empty one. */
	if (blank(a.body, a.len)) {
		text_article_clear(&a);
		if (rep) {
			rep->skipped++;
			fmt_report_add(rep, "no text in the file, nothing imported");
		}
		return 0;
	}
	/* The doc takes the article's strings over; doc_clear frees them. */
	doc_init(&d);
	d.text = a.body;
	d.len = a.len;
	d.chars = utf8_count(a.body, a.len); /* checked by the parse */
	d.title = a.title;
	d.date = a.date;
	d.source = a.source;
	d.url = a.url;
	if (rep)
		rep->replaced += a.replaced;
	rc = emit(&d, arg);
	doc_clear(&d);
	if (rc != 0) {
		doc_err_set(err, 1, 0, "import stopped");
		return -1;
	}
	return 0;
}

struct fmt_writer {
	FILE *f;
	size_t n; /* docs written */
};

static fmt_writer *
txt_write_begin(fmt_out *out, const fmt_opts *o)
{
	fmt_writer *w = calloc(1, sizeof *w);

	(void)o;
	if (w)
		w->f = out->f;
	return w;
}

static int
txt_write_doc(fmt_writer *w, const doc *d)
{
	if (w->n++ > 0 && fputs("\f\n", w->f) == EOF)
		return -1;
	if (d->len > 0 && fwrite(d->text, 1, d->len, w->f) != d->len)
		return -1;
	if ((d->len == 0 || d->text[d->len - 1] != '\n') && putc('\n', w->f) == EOF)
		return -1;
	return 0;
}

static int
txt_write_end(fmt_writer *w)
{
	int rc = ferror(w->f) ? -1 : 0;

	free(w);
	return rc;
}

const fmt fmt_txt = {
	.name = "txt",
	.exts = ".txt",
	.multi_file = 0,
	.sniff = txt_sniff,
	.read = txt_read,
	.write_begin = txt_write_begin,
	.write_doc = txt_write_doc,
	.write_end = txt_write_end,
};
