/*
 * fmt_csv.c: CSV export, one row per span (writer only).
 *
 * Header: article_id,ext_id,title,date,start,end,text,label,kind,status,
 * source,confidence,annotator,note. article_id is the store's id (doc.id);
 * start/end are code points of the article text (--offsets utf16 gives
 * UTF-16 units) and text is the covered text. RFC 4180: records end with
 * CRLF; a field holding a comma, a double quote, CR or LF is quoted, with
 * its quotes doubled; empty fields stand for NULL. An article without
 * spans has no rows.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/fmt_json.h"

static void
field(FILE *f, const char *s, size_t n)
{
	size_t i, run = 0;

	if (s == NULL)
		return;
	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			break;
	if (i == n) {
		fwrite(s, 1, n, f);
		return;
	}
	putc('"', f);
	for (i = 0; i < n; i++)
		if (s[i] == '"') {
			fwrite(s + run, 1, i + 1 - run, f);
			putc('"', f);
			run = i + 1;
		}
	fwrite(s + run, 1, n - run, f);
	putc('"', f);
}

static void
sfield(FILE *f, const char *s)
{
	if (s != NULL)
		field(f, s, strlen(s));
	putc(',', f);
}

static fmt_writer *
csv_write_begin(fmt_out *out, const fmt_opts *o)
{
	fmt_stream *w = fmt_stream_new(sizeof *w, out, o, FMT_UNIT_CP);

	if (w == NULL)
		return NULL;
	fputs("article_id,ext_id,title,date,start,end,text,label,kind,status,source,confidence,annotator,note\r\n", w->f);
	return (fmt_writer *)w;
}

static int
csv_write_doc(fmt_writer *fw, const doc *d)
{
	fmt_stream *w = (fmt_stream *)fw;
	FILE *f = w->f;
	text *t;

	if (d->nspans == 0)
		return 0;
	if ((t = text_new(d->text, d->len)) == NULL)
		return -1;
	for (size_t i = 0; i < d->nspans; i++) {
		const span *s = &d->spans[i];
		size_t bs = text_cp_to_byte(t, s->start), be = text_cp_to_byte(t, s->end);

		if (d->id != 0)
			fprintf(f, "%lld", (long long)d->id);
		putc(',', f);
		sfield(f, d->ext_id);
		sfield(f, d->title);
		sfield(f, d->date);
		fprintf(f, "%zu,%zu,", fmt_json_off(t, w->unit, s->start), fmt_json_off(t, w->unit, s->end));
		field(f, text_bytes(t) + bs, be - bs);
		putc(',', f);
		sfield(f, s->label);
		fprintf(f, "%s,%s,%s,", span_kind_name(s->kind),
		    span_status_name(s->status >= 0 ? s->status : SPAN_CONFIRMED), span_source_name(s->source));
		fmt_json_put_double(f, s->confidence);
		putc(',', f);
		sfield(f, s->annotator);
		if (s->note != NULL)
			field(f, s->note, strlen(s->note));
		fputs("\r\n", f);
	}
	text_free(t);
	return ferror(f) ? -1 : 0;
}

const fmt fmt_csv = {
	.name = "csv",
	.exts = ".csv .tsv",
	.multi_file = 0,
	.sniff = NULL,
	.read = NULL,
	.write_begin = csv_write_begin,
	.write_doc = csv_write_doc,
	.write_end = fmt_stream_end,
	.write_report = NULL,
	.takes = FMT_TAKES_OFFSETS,
};
