/*
 * fmt_doccano.c: doccano sequence-labelling JSONL.
 *
 * Reading takes both shapes doccano exports:
 *   {"text", "label": [[start, end, "LABEL"], ...]}
 *   {"text", "entities": [{"id","label","start_offset","end_offset"}],
 *    "relations": [...]}
 * plus the column names of doccano's own import example ("column_data",
 * "column_label") and old exports whose "entities" are triples. Records
 * may span lines (doccano's relation example is pretty-printed) and a
 * top-level array of records is accepted. "id" becomes ext_id, "meta" the
 * doc's metadata. Relations are counted in the report, not imported.
 * Document-level categories (a "label" array of strings, text
 * classification) are counted likewise.
 *
 * Offsets are UTF-16 code units by default: doccano's annotation front end
 * is JavaScript and stores string indices as such (doccano issue #2290);
 * --offsets codepoints overrides; --offsets graphemes reads and writes
 * extended grapheme clusters, which projects set to "count grapheme
 * clusters as one character" store. doccano carries no covered text, so an
 * offset past the end or inside a surrogate pair is an error naming the
 * record's line; nothing is moved. Spans take fmt_opts.as_status.
 *
 * Writing: {"text", "label": [[s,e,"L"]], "meta"} per article, entity
 * spans that are not rejected, in UTF-16 units unless --offsets
 * codepoints. Highlights are not written.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/fmt_json.h"

/* --- reading ---------------------------------------------------------- */

struct dc_read {
	const fmt_opts *o;
	fmt_emit emit;
	void *arg;
	int unit;
	size_t relations, categories;
};

static int
add_span(const struct dc_read *rd, const text *t, long long fs, long long fe, const json *lab,
    doc *d, size_t rec, doc_err *err)
{
	span sp;
	int rc;

	memset(&sp, 0, sizeof sp);
	if (lab == NULL || lab->type != JSON_TEXT || lab->len == 0) {
		doc_err_set(err, rec, 0, "span %lld-%lld: no label", fs, fe);
		return -1;
	}
	if (fmt_json_range(t, rd->unit, fs, fe, &sp.start, &sp.end, "span", rec, err) != 0)
		return -1;
	if (text_validate(lab->str, lab->len, NULL) != 0) {
		doc_err_set(err, rec, 0, "span %lld-%lld: label is not valid UTF-8", fs, fe);
		return -1;
	}
	sp.label = lab->str; /* doc_add_span copies it */
	sp.kind = SPAN_ENTITY;
	sp.status = fmt_json_as_status(rd->o);
	sp.source = SRC_IMPORT;
	sp.confidence = 1.0;
	if ((rc = doc_add_span(d, &sp)) != 0)
		doc_err_set(err, rec, 0, "out of memory");
	return rc;
}

/* [start, end, "LABEL"] */
static int
read_triple(struct dc_read *rd, const json *e, const text *t, doc *d, size_t rec, doc_err *err)
{
	const json *a = json_at(e, 0), *b = json_at(e, 1);

	if (e->n != 3 || a == NULL || b == NULL || a->type != JSON_INT || b->type != JSON_INT) {
		doc_err_set(err, rec, 0, "a label is not [start, end, \"LABEL\"]");
		return -1;
	}
	return add_span(rd, t, a->i, b->i, json_at(e, 2), d, rec, err);
}

/* A "label"/"entities" array: triples, entity objects, or (text
 * classification) category names, which are only counted. */
static int
read_labels(struct dc_read *rd, const json *arr, const text *t, doc *d, size_t rec, doc_err *err)
{
	if (arr->type != JSON_ARRAY) {
		doc_err_set(err, rec, 0, "\"%s\" is not an array", arr->key);
		return -1;
	}
	for (const json *e = arr->child; e; e = e->next) {
		long long fs, fe;

		if (e->type == JSON_ARRAY) {
			if (read_triple(rd, e, t, d, rec, err) != 0)
				return -1;
		} else if (e->type == JSON_OBJECT) {
			if (fmt_json_int(e, "start_offset", &fs, rec, err) != 1
			    || fmt_json_int(e, "end_offset", &fe, rec, err) != 1) {
				doc_err_set(err, rec, 0, "an entity without integer \"start_offset\" and \"end_offset\"");
				return -1;
			}
			if (add_span(rd, t, fs, fe, json_get(e, "label"), d, rec, err) != 0)
				return -1;
		} else if (e->type == JSON_TEXT)
			rd->categories++;
		else {
			doc_err_set(err, rec, 0, "a label is neither [start, end, \"LABEL\"] nor an entity");
			return -1;
		}
	}
	return 0;
}

static const json *
member(const json *v, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		const json *m = json_get(v, names[i]);

		if (m != NULL)
			return m;
	}
	return NULL;
}

static int
dc_record(const fmt_json_rec *r, void *arg, doc_err *err)
{
	static const char *const text_keys[] = { "text", "column_data", NULL };
	static const char *const label_keys[] = { "label", "entities", "column_label", NULL };
	struct dc_read *rd = arg;
	const json *v = r->v, *tx, *labs, *rel, *meta;
	size_t rec = r->record;
	text *t = NULL;
	int rc = -1;
	doc d;

	if (v->type != JSON_OBJECT) {
		doc_err_set(err, rec, 0, "expected a JSON object");
		return -1;
	}
	doc_init(&d);
	tx = member(v, text_keys);
	if (fmt_json_doc_text(&d, v, tx ? tx->key : "text", &t, rec, err) != 0
	    || fmt_json_id(v, "id", &d.ext_id, rec, err) != 0)
		goto out;
	if ((meta = json_get(v, "meta")) != NULL && meta->type == JSON_OBJECT
	    && fmt_json_meta(&d, meta, rec, err) != 0)
		goto out;
	/* Both "label" and "entities" can be present (intent detection). */
	for (size_t i = 0; label_keys[i]; i++)
		if ((labs = json_get(v, label_keys[i])) != NULL && labs->type != JSON_NULL
		    && read_labels(rd, labs, t, &d, rec, err) != 0)
			goto out;
	if ((rel = json_get(v, "relations")) != NULL && rel->type == JSON_ARRAY)
		rd->relations += rel->n;
	if (fmt_json_emit(rd->emit, rd->arg, &d, rec, err) != 0)
		goto out;
	rc = 0;
out:
	text_free(t);
	doc_clear(&d);
	return rc;
}

static int
dc_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg, fmt_report *rep, doc_err *err)
{
	struct dc_read rd = { o, emit, arg, fmt_json_unit(o, FMT_UNIT_U16), 0, 0 };
	int rc = fmt_json_each(in, o, 1, 0, dc_record, &rd, err);

	fmt_json_skipped(rep, rd.relations, "relation", "relations");
	fmt_json_skipped(rep, rd.categories, "document category", "document categories");
	return rc;
}

static int
dc_sniff(const char *buf, size_t len)
{
	size_t n;
	const char *r = fmt_json_first(buf, len, 65536, &n);

	if (r == NULL || r[0] != '{' || fmt_json_has_key(r, n, "tokens") || fmt_json_has_key(r, n, "spans"))
		return 0;
	return fmt_json_has_key(r, n, "label") || fmt_json_has_key(r, n, "entities")
	    || fmt_json_has_key(r, n, "column_label");
}

/* --- writing ---------------------------------------------------------- */

static fmt_writer *
dc_write_begin(fmt_out *out, const fmt_opts *o)
{
	fmt_stream *w = fmt_stream_new(sizeof *w, out, o, FMT_UNIT_U16);

	if (w == NULL)
		return NULL;
	return (fmt_writer *)w;
}

static int
dc_write_doc(fmt_writer *fw, const doc *d)
{
	fmt_stream *w = (fmt_stream *)fw;
	FILE *f = w->f;
	text *t = NULL;
	int first = 1;

	if (w->unit != FMT_UNIT_CP && (t = text_new(d->text, d->len)) == NULL)
		return -1;
	fputs("{\"text\":", f);
	json_write_str(f, d->text ? d->text : "", d->len);
	fputs(",\"label\":[", f);
	for (size_t i = 0; i < d->nspans; i++) {
		const span *s = &d->spans[i];

		if (s->kind != SPAN_ENTITY || s->label == NULL || s->status == SPAN_REJECTED)
			continue;
		fprintf(f, "%s[%zu,%zu,", first ? "" : ",",
		    t ? fmt_json_off(t, w->unit, s->start) : s->start,
		    t ? fmt_json_off(t, w->unit, s->end) : s->end);
		json_write_str(f, s->label, strlen(s->label));
		putc(']', f);
		first = 0;
	}
	putc(']', f);
	if (d->meta != NULL && d->meta[strspn(d->meta, " \t\r\n")] == '{')
		fprintf(f, ",\"meta\":%s", d->meta);
	fputs("}\n", f);
	text_free(t);
	return ferror(f) ? -1 : 0;
}

const fmt fmt_doccano = {
	.name = "doccano",
	.exts = ".jsonl",
	.multi_file = 0,
	.sniff = dc_sniff,
	.read = dc_read,
	.write_begin = dc_write_begin,
	.write_doc = dc_write_doc,
	.write_end = fmt_stream_end,
	.write_report = NULL,
	.takes = FMT_TAKES_OFFSETS | FMT_TAKES_GRAPHEMES | FMT_STREAMS,
};
