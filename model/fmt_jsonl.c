/*
 * fmt_jsonl.c: gloss's own JSON Lines, lossless.
 *
 * One JSON object per article:
 *   {"ext_id","title","date","source","url","status","position","meta",
 *    "text","spans":[{"start","end","label","kind","status","source",
 *    "confidence","note","annotator","created","updated"}]}
 * where absent members mean NULL / 0, offsets (start, end, position) are
 * code points of text, "meta" is the
 * doc's metadata object as JSON (or a string when the metadata is not an
 * object, so that nothing is lost), and a span without "status" takes
 * fmt_opts.as_status. An export with --offsets utf16 counts UTF-16 code
 * units and says so in every record ("offsets":"utf16", first member), so
 * the reader, which honours that member, never shifts a span; an --offsets
 * that contradicts it is an error. The export's first line may be the
 * label scheme:
 *   {"gloss":"labels","labels":[{"key","name","colour","description"}]}
 * which the reader hands to fmt_opts.on_labels.
 *
 * The reader also takes plain article lines such as the corpus
 * generator's {"id","title","date","text"}: "id" (string or integer)
 * becomes ext_id when there is no "ext_id". Text is kept exactly as given
 * (offsets count it), after a UTF-8 check.
 *
 * Export then import reproduces every field above; a meta object comes
 * back minified by SQLite, which is how gloss stores what it reads.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/fmt_json.h"
#include "model/label.h"

/* --- reading ---------------------------------------------------------- */

struct jl_read {
	const fmt_opts *o;
	fmt_emit emit;
	void *arg;
	int unit;
};

/* A label scheme record: checked like a scheme file (label.h). */
static int
read_labels(const struct jl_read *rd, const json *v, size_t rec, doc_err *err)
{
	const json *arr = json_get(v, "labels");
	label_scheme ls = { NULL, 0 };
	char why[128];
	int rc = -1;

	if (arr == NULL || arr->type != JSON_ARRAY) {
		doc_err_set(err, rec, 0, "label scheme without a \"labels\" array");
		return -1;
	}
	if (arr->n == 0) {
		doc_err_set(err, rec, 0, "label scheme without any label");
		return -1;
	}
	if ((ls.v = calloc(arr->n, sizeof *ls.v)) == NULL) {
		doc_err_set(err, rec, 0, "out of memory");
		return -1;
	}
	for (const json *l = arr->child; l; l = l->next) {
		label *lb = &ls.v[ls.n];
		long long key = 0;

		if (l->type != JSON_OBJECT) {
			doc_err_set(err, rec, 0, "label %zu is not an object", ls.n + 1);
			goto out;
		}
		ls.n++;
		if (fmt_json_int(l, "key", &key, rec, err) < 0 || fmt_json_str(l, "name", &lb->name, rec, err)
		    || fmt_json_str(l, "colour", &lb->colour, rec, err)
		    || fmt_json_str(l, "description", &lb->description, rec, err))
			goto out;
		if (key < 0 || key > 9) {
			doc_err_set(err, rec, 0, "label %zu: key %lld is not 0-9", ls.n, key);
			goto out;
		}
		lb->key = (int)key;
		if (lb->name == NULL) {
			doc_err_set(err, rec, 0, "label %zu: no name", ls.n);
			goto out;
		}
		if (label_name_check(lb->name, strlen(lb->name), why, sizeof why) != 0) {
			doc_err_set(err, rec, 0, "label %zu: %s", ls.n, why);
			goto out;
		}
		if (lb->colour == NULL && (lb->colour = strdup("white")) == NULL)
			goto nomem;
		if (label_colour_index(lb->colour) < 0) {
			doc_err_set(err, rec, 0, "label %s: unknown colour \"%s\"", lb->name, lb->colour);
			goto out;
		}
		if (lb->description == NULL && (lb->description = strdup("")) == NULL)
			goto nomem;
		for (size_t i = 0; i + 1 < ls.n; i++)
			if (strcmp(ls.v[i].name, lb->name) == 0 || (key != 0 && ls.v[i].key == key)) {
				doc_err_set(err, rec, 0, "label %s: duplicate name or key", lb->name);
				goto out;
			}
	}
	if (rd->o->on_labels != NULL && rd->o->on_labels(&ls, rd->o->labels_arg) != 0) {
		doc_err_set(err, rec, 0, "label scheme refused");
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	doc_err_set(err, rec, 0, "out of memory");
out:
	label_scheme_clear(&ls);
	return rc;
}

/* A name member parsed by parse(), or dflt when absent. */
static int
read_enum(const json *s, const char *key, int (*parse)(const char *), int dflt, int *out,
    size_t rec, doc_err *err)
{
	const json *v = json_get(s, key);

	*out = dflt;
	if (v == NULL || v->type == JSON_NULL)
		return 0;
	if (v->type != JSON_TEXT || (*out = parse(v->str)) < 0) {
		doc_err_set(err, rec, 0, "span: unknown %s %s%s%s", key,
		    v->type == JSON_TEXT ? "\"" : "", v->type == JSON_TEXT ? v->str : "(not a string)",
		    v->type == JSON_TEXT ? "\"" : "");
		return -1;
	}
	return 0;
}

static int
read_span(const struct jl_read *rd, const json *s, const text *t, doc *d, size_t rec, doc_err *err)
{
	span sp;
	char *lab = NULL, *note = NULL, *annotator = NULL;
	long long fs, fe, created = 0, updated = 0;
	double conf = 1.0;
	int rc = -1;

	memset(&sp, 0, sizeof sp);
	if (s->type != JSON_OBJECT) {
		doc_err_set(err, rec, 0, "a span is not an object");
		return -1;
	}
	if (json_get(s, "start") == NULL || json_get(s, "end") == NULL) {
		doc_err_set(err, rec, 0, "span without \"start\" and \"end\"");
		return -1;
	}
	if (fmt_json_int(s, "start", &fs, rec, err) != 1 || fmt_json_int(s, "end", &fe, rec, err) != 1)
		return -1;
	if (fmt_json_range(t, rd->unit, fs, fe, &sp.start, &sp.end, "span", rec, err) != 0)
		return -1;
	if (read_enum(s, "kind", span_kind_parse, SPAN_ENTITY, &sp.kind, rec, err)
	    || read_enum(s, "status", span_status_parse, fmt_json_as_status(rd->o), &sp.status, rec, err)
	    || read_enum(s, "source", span_source_parse, SRC_IMPORT, &sp.source, rec, err))
		return -1;
	if (fmt_json_num(s, "confidence", &conf, rec, err) < 0
	    || fmt_json_int(s, "created", &created, rec, err) < 0
	    || fmt_json_int(s, "updated", &updated, rec, err) < 0)
		return -1;
	if (!(conf >= 0.0 && conf <= 1.0)) {
		doc_err_set(err, rec, 0, "span %lld-%lld: confidence %g is outside 0..1", fs, fe, conf);
		return -1;
	}
	sp.confidence = conf;
	sp.created = created;
	sp.updated = updated;
	if (fmt_json_str(s, "label", &lab, rec, err) || fmt_json_str(s, "note", &note, rec, err)
	    || fmt_json_str(s, "annotator", &annotator, rec, err))
		goto out;
	sp.label = lab; /* a view: doc_add_span copies */
	sp.note = note;
	sp.annotator = annotator;
	if (sp.kind == SPAN_ENTITY && sp.label == NULL) {
		doc_err_set(err, rec, 0, "span %lld-%lld: an entity without a label", fs, fe);
		goto out;
	}
	if (doc_add_span(d, &sp) != 0) {
		doc_err_set(err, rec, 0, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(lab);
	free(note);
	free(annotator);
	return rc;
}

/*
 * The unit of a record: its "offsets" member ("utf16" or "codepoints",
 * written by an export with --offsets utf16), else the reader's. An
 * --offsets given that says otherwise is an error, never a silent shift.
 */
static int
record_unit(const struct jl_read *rd, const json *v, int *unit, size_t rec, doc_err *err)
{
	const json *m = json_get(v, "offsets");
	int u;

	*unit = rd->unit;
	if (m == NULL || m->type == JSON_NULL)
		return 0;
	if (m->type != JSON_TEXT || (strcmp(m->str, "utf16") != 0 && strcmp(m->str, "codepoints") != 0)) {
		doc_err_set(err, rec, 0, "\"offsets\" must be \"utf16\" or \"codepoints\"");
		return -1;
	}
	u = strcmp(m->str, "utf16") == 0 ? FMT_UNIT_U16 : FMT_UNIT_CP;
	if (rd->o != NULL && rd->o->offsets != FMT_OFF_DEFAULT && u != rd->unit) {
		doc_err_set(err, rec, 0, "the record counts offsets in %s, not as --offsets says",
		    u == FMT_UNIT_U16 ? "UTF-16 code units" : "code points");
		return -1;
	}
	*unit = u;
	return 0;
}

static int
jl_record(const fmt_json_rec *r, void *arg, doc_err *err)
{
	struct jl_read own = *(const struct jl_read *)arg;
	const struct jl_read *rd = &own;
	const json *v = r->v, *spans, *meta;
	size_t rec = r->record;
	const char *g;
	text *t = NULL;
	long long pos = 0;
	doc d;
	int rc = -1;

	if (v->type != JSON_OBJECT) {
		doc_err_set(err, rec, 0, "expected a JSON object");
		return -1;
	}
	if ((g = json_get_str(v, "gloss")) != NULL) {
		if (strcmp(g, "labels") == 0)
			return read_labels(rd, v, rec, err);
		doc_err_set(err, rec, 0, "unknown gloss record \"%s\"", g);
		return -1;
	}
	if (record_unit(rd, v, &own.unit, rec, err) != 0)
		return -1;
	doc_init(&d);
	if (fmt_json_doc_text(&d, v, "text", &t, rec, err) != 0
	    || fmt_json_str(v, "title", &d.title, rec, err) || fmt_json_str(v, "date", &d.date, rec, err)
	    || fmt_json_str(v, "source", &d.source, rec, err) || fmt_json_str(v, "url", &d.url, rec, err)
	    || fmt_json_str(v, "status", &d.status, rec, err)
	    || fmt_json_id(v, json_get(v, "ext_id") ? "ext_id" : "id", &d.ext_id, rec, err)
	    || fmt_json_int(v, "position", &pos, rec, err) < 0)
		goto out;
	if (d.status != NULL && strcmp(d.status, "unread") != 0 && strcmp(d.status, "started") != 0
	    && strcmp(d.status, "done") != 0) {
		doc_err_set(err, rec, 0, "unknown article status \"%s\"", d.status);
		goto out;
	}
	if (pos != 0) {
		size_t e;

		if (fmt_json_range(t, rd->unit, pos, pos, &d.position, &e, "position", rec, err) != 0)
			goto out;
	}
	if ((meta = json_get(v, "meta")) != NULL && meta->type != JSON_NULL) {
		if (meta->type == JSON_OBJECT) {
			if (fmt_json_meta(&d, meta, rec, err) != 0)
				goto out;
		} else if (meta->type == JSON_TEXT) {
			if (fmt_json_str(v, "meta", &d.meta, rec, err))
				goto out;
		} else {
			doc_err_set(err, rec, 0, "\"meta\" is neither an object nor a string");
			goto out;
		}
	}
	if (fmt_json_arr(v, "spans", &spans, rec, err) != 0)
		goto out;
	for (const json *s = spans ? spans->child : NULL; s; s = s->next)
		if (read_span(rd, s, t, &d, rec, err) != 0)
			goto out;
	if (fmt_json_emit(rd->emit, rd->arg, &d, rec, err) != 0)
		goto out;
	rc = 0;
out:
	text_free(t);
	doc_clear(&d);
	return rc;
}

static int
jl_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg, fmt_report *rep, doc_err *err)
{
	struct jl_read rd = { o, emit, arg, fmt_json_unit(o, FMT_UNIT_CP) };

	(void)rep;
	return fmt_json_each(in, o, 0, 0, jl_record, &rd, err);
}

/* A gloss jsonl file: the label header, spans carrying "kind", or plain
 * article lines (text without any other tool's annotation members). */
static int
jl_sniff(const char *buf, size_t len)
{
	/* Members that mark another tool's records. */
	static const char *const others[] = {
		"label", "entities", "column_label", "tokens", "answer", "_input_hash", "data", NULL
	};
	size_t n;
	const char *r = fmt_json_first(buf, len, 65536, &n);

	if (r == NULL || r[0] != '{')
		return 0;
	if (fmt_json_has_key(r, n, "gloss"))
		return 1;
	if (fmt_json_has_key(r, n, "spans"))
		return fmt_json_has_key(r, n, "kind") && !fmt_json_has_key(r, n, "tokens");
	if (!fmt_json_has_key(r, n, "text"))
		return 0;
	for (size_t i = 0; others[i]; i++)
		if (fmt_json_has_key(r, n, others[i]))
			return 0;
	return 1;
}

/* --- writing ---------------------------------------------------------- */

static void
put_opt(FILE *f, const char *key, const char *s)
{
	if (s == NULL)
		return;
	fmt_json_put_str(f, key, s);
	putc(',', f);
}

/* Is s a JSON object's text (so it can go out as one)? A cheap check of
 * the brackets; metadata comes from readers that parsed it. */
static int
looks_object(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
		n--;
	return n >= 2 && s[0] == '{' && s[n - 1] == '}';
}

static void
write_labels(FILE *f, const label_scheme *ls)
{
	fputs("{\"gloss\":\"labels\",\"labels\":[", f);
	for (size_t i = 0; i < ls->n; i++) {
		const label *l = &ls->v[i];

		fprintf(f, "%s{\"key\":%d,", i ? "," : "", l->key);
		fmt_json_put_str(f, "name", l->name);
		putc(',', f);
		fmt_json_put_str(f, "colour", l->colour);
		putc(',', f);
		fmt_json_put_str(f, "description", l->description ? l->description : "");
		putc('}', f);
	}
	fputs("]}\n", f);
}

static fmt_writer *
jl_write_begin(fmt_out *out, const fmt_opts *o)
{
	fmt_stream *w = fmt_stream_new(sizeof *w, out, o, FMT_UNIT_CP);

	if (w == NULL)
		return NULL;
	if (o->labels != NULL && o->labels->n > 0)
		write_labels(w->f, o->labels);
	return (fmt_writer *)w;
}

static int
jl_write_doc(fmt_writer *fw, const doc *d)
{
	fmt_stream *w = (fmt_stream *)fw;
	FILE *f = w->f;
	text *t = NULL;

	if (w->unit != FMT_UNIT_CP && (t = text_new(d->text, d->len)) == NULL)
		return -1;
	putc('{', f);
	if (w->unit == FMT_UNIT_U16)
		fputs("\"offsets\":\"utf16\",", f);
	put_opt(f, "ext_id", d->ext_id);
	put_opt(f, "title", d->title);
	put_opt(f, "date", d->date);
	put_opt(f, "source", d->source);
	put_opt(f, "url", d->url);
	put_opt(f, "status", d->status);
	if (d->position != 0)
		fprintf(f, "\"position\":%zu,", t ? fmt_json_off(t, w->unit, d->position) : d->position);
	if (d->meta != NULL) {
		if (looks_object(d->meta))
			fprintf(f, "\"meta\":%s,", d->meta);
		else
			put_opt(f, "meta", d->meta);
	}
	fputs("\"text\":", f);
	json_write_str(f, d->text ? d->text : "", d->len);
	fputs(",\"spans\":[", f);
	for (size_t i = 0; i < d->nspans; i++) {
		const span *s = &d->spans[i];
		int status = s->status >= 0 ? s->status : SPAN_CONFIRMED;

		fprintf(f, "%s{\"start\":%zu,\"end\":%zu,", i ? "," : "",
		    t ? fmt_json_off(t, w->unit, s->start) : s->start,
		    t ? fmt_json_off(t, w->unit, s->end) : s->end);
		put_opt(f, "label", s->label);
		fprintf(f, "\"kind\":\"%s\",\"status\":\"%s\",\"source\":\"%s\",\"confidence\":",
		    span_kind_name(s->kind), span_status_name(status), span_source_name(s->source));
		fmt_json_put_double(f, s->confidence);
		if (s->note != NULL) {
			putc(',', f);
			fmt_json_put_str(f, "note", s->note);
		}
		if (s->annotator != NULL) {
			putc(',', f);
			fmt_json_put_str(f, "annotator", s->annotator);
		}
		if (s->created != 0)
			fprintf(f, ",\"created\":%lld", (long long)s->created);
		if (s->updated != 0)
			fprintf(f, ",\"updated\":%lld", (long long)s->updated);
		putc('}', f);
	}
	fputs("]}\n", f);
	text_free(t);
	return ferror(f) ? -1 : 0;
}

const fmt fmt_jsonl = {
	.name = "jsonl",
	.exts = ".jsonl .ndjson",
	.multi_file = 0,
	.sniff = jl_sniff,
	.read = jl_read,
	.write_begin = jl_write_begin,
	.write_doc = jl_write_doc,
	.write_end = fmt_stream_end,
	.write_report = NULL,
	.takes = FMT_TAKES_OFFSETS | FMT_STREAMS,
};
