/*
 * fmt_labelstudio.c: Label Studio tasks (JSON export / import).
 *
 * Input: a JSON array of tasks, one task object (the shape of a single
 * exported annotation file), or tasks one per line. A task:
 *   {"id", "data": {"text", ...}, "meta",
 *    "annotations": [{"result": [...], "was_cancelled", "completed_by"}],
 *    "predictions": [{"result": [...], "score", "model_version"}]}
 * with result items {"type":"labels", "value": {"start","end","text",
 * "labels":[...]}, "score"}. A task without "data" whose own members hold
 * "text" is read as data (Label Studio imports such flat tasks too).
 * Annotation results become spans with fmt_opts.as_status (people made
 * them), prediction results suggested spans whose confidence is the
 * result's score, else the prediction's (0 when neither says); each label
 * of a result is a span. Results of other types, results without
 * character offsets and cancelled annotations are counted in the report.
 * data.title/date/source/url become the doc's fields, "id" its ext_id,
 * "meta" its metadata.
 *
 * Offsets: code points by default. Label Studio's front end counts code
 * points since 2022 (its e2e test web/libs/editor/tests/integration/e2e/
 * ner/emoji.cy.ts asserts offsets "by code points"); exports from older
 * versions counted UTF-16 units, and --offsets utf16 reads those. Every
 * value.text is checked against the text it covers (a line break in the
 * text may appear there as the two characters "\n": the front end's
 * selection code stores newlines so); a mismatch fails the
 * file as 'TASK: span 12-17 says "Zoë" but the text has "Zoe"', with a
 * hint when the other unit would match. RECORD in messages is the task's
 * 1-based index in the file.
 *
 * Output: one JSON array written as it goes (never built in memory): per
 * article {"id" (when ext_id is a number), "data":{"text","title",...},
 * "annotations":[{"result":[...]}] for confirmed entity spans,
 * "predictions":[{"model_version":"gloss","result":[...]}] for suggested
 * ones}, value.text always included, from_name "label" and to_name "text"
 * (Label Studio's named-entity template). Highlights and rejected spans
 * are not written.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/fmt_json.h"
#include "model/label.h"

/* --- reading ---------------------------------------------------------- */

struct ls_read {
	const fmt_opts *o;
	fmt_emit emit;
	void *arg;
	int unit;
	size_t other, nooffsets, cancelled;
	const char *from, *to;   /* the task's first labels result's names */
};

/*
 * A value object's spans, one per label: {"start","end","text","labels"}.
 * "labels" may be a single string (some hand-made or converted files say
 * "labels":"Date"). rs: the confidence of a suggested span.
 */
static int
read_value(struct ls_read *rd, const json *val, const text *t, int status, double rs,
    const char *annotator, doc *d, size_t rec, doc_err *err)
{
	const json *labels, *tx, *one;
	long long fs, fe;
	size_t s, e;

	if (!json_get_int(val, "start", &fs) || !json_get_int(val, "end", &fe)) {
		/* HyperText results give XPaths; nothing here to place them by. */
		rd->nooffsets++;
		return 0;
	}
	if (fmt_json_range(t, rd->unit, fs, fe, &s, &e, "span", rec, err) != 0)
		return -1;
	if ((tx = json_get(val, "text")) != NULL && tx->type == JSON_TEXT
	    && fmt_json_says_esc(t, rd->unit, fs, fe, s, e, tx->str, tx->len, 1, "span", rec, err) != 0)
		return -1;
	labels = json_get(val, "labels");
	if (labels != NULL && labels->type == JSON_TEXT)
		one = labels;
	else if (labels != NULL && labels->type == JSON_ARRAY && labels->n > 0)
		one = labels->child;
	else {
		doc_err_set(err, rec, 0, "span %lld-%lld: %s", fs, fe, labels == NULL ? "no \"labels\""
		    : "\"labels\" is neither a label nor a list of labels");
		return -1;
	}
	for (const json *l = one; l; l = labels->type == JSON_TEXT ? NULL : l->next) {
		span sp;

		if (l->type != JSON_TEXT || l->len == 0 || text_validate(l->str, l->len, NULL) != 0) {
			doc_err_set(err, rec, 0, "span %lld-%lld: a label is not a non-empty UTF-8 string", fs, fe);
			return -1;
		}
		memset(&sp, 0, sizeof sp);
		sp.start = s;
		sp.end = e;
		sp.label = l->str;
		sp.kind = SPAN_ENTITY;
		sp.status = status;
		sp.source = SRC_IMPORT;
		sp.confidence = status == SPAN_SUGGESTED ? (rs < 0 ? 0 : rs > 1 ? 1 : rs) : 1.0;
		sp.annotator = annotator;
		if (doc_add_span(d, &sp) != 0) {
			doc_err_set(err, rec, 0, "out of memory");
			return -1;
		}
	}
	return 0;
}

/* A result item's spans. */
static int
read_result(struct ls_read *rd, const json *res, const text *t, int status, double score,
    const char *annotator, doc *d, size_t rec, doc_err *err)
{
	const json *val;
	const char *type = json_get_str(res, "type");
	double rs = score;

	if (res->type != JSON_OBJECT) {
		doc_err_set(err, rec, 0, "a result is not an object");
		return -1;
	}
	if (type != NULL && strcmp(type, "labels") != 0) {
		rd->other++;
		return 0;
	}
	val = json_get(res, "value");
	if (val == NULL || val->type != JSON_OBJECT) {
		doc_err_set(err, rec, 0, "a result without a \"value\" object");
		return -1;
	}
	if (rd->from == NULL && json_get_str(res, "from_name") != NULL && json_get_str(res, "to_name") != NULL) {
		rd->from = json_get_str(res, "from_name");
		rd->to = json_get_str(res, "to_name");
	}
	if (fmt_json_num(res, "score", &rs, rec, err) < 0)
		return -1;
	return read_value(rd, val, t, status, rs, annotator, d, rec, err);
}

/* completed_by: a name, or {"email": ...}; other shapes (user ids) say nothing useful. */
static const char *
who(const json *a)
{
	const json *c = json_get(a, "completed_by");
	const char *s;

	if (c == NULL)
		return NULL;
	if (c->type == JSON_TEXT)
		s = c->str;
	else
		s = json_get_str(c, "email");
	return s != NULL && text_validate(s, strlen(s), NULL) == 0 ? s : NULL;
}

/* annotations (or the old name completions) / predictions */
static int
read_sets(struct ls_read *rd, const json *sets, const text *t, int predictions, doc *d, size_t rec, doc_err *err)
{
	if (sets == NULL || sets->type == JSON_NULL)
		return 0;
	if (sets->type != JSON_ARRAY) {
		doc_err_set(err, rec, 0, "\"%s\" is not an array", sets->key);
		return -1;
	}
	for (const json *a = sets->child; a; a = a->next) {
		const json *res, *c;
		double score = 0;

		if (a->type != JSON_OBJECT) {
			doc_err_set(err, rec, 0, "an entry of \"%s\" is not an object", sets->key);
			return -1;
		}
		if ((c = json_get(a, "was_cancelled")) != NULL && c->type == JSON_TRUE) {
			rd->cancelled++;
			continue;
		}
		if (predictions && fmt_json_num(a, "score", &score, rec, err) < 0)
			return -1;
		if (fmt_json_arr(a, "result", &res, rec, err) != 0)
			return -1;
		for (const json *r = res ? res->child : NULL; r; r = r->next)
			if (read_result(rd, r, t, predictions ? SPAN_SUGGESTED : fmt_json_as_status(rd->o),
			    score, predictions ? NULL : who(a), d, rec, err) != 0)
				return -1;
	}
	return 0;
}

/* A JSON-MIN result list: an array whose first item is an object with
 * "start" and "labels" (the NER items of label-studio-converter's
 * JSON_MIN export). */
static int
is_min_results(const json *v)
{
	return v->type == JSON_ARRAY && v->child != NULL && v->child->type == JSON_OBJECT
	    && json_get(v->child, "start") != NULL && json_get(v->child, "labels") != NULL;
}

/*
 * JSON-MIN (label-studio-converter, Converter.convert_to_json_min): one
 * flat object per annotation, the data fields at the top level beside
 * "id", "annotator", "annotation_id", "created_at", "updated_at",
 * "lead_time", and each control's results under its from_name (for NER an
 * array of {"start","end","text","labels"}, the value object of the full
 * export). Such results become spans with fmt_opts.as_status.
 */
static int
read_min(struct ls_read *rd, const json *task, const text *t, doc *d, size_t rec, doc_err *err)
{
	const char *by = json_get_str(task, "annotator");

	if (by != NULL && text_validate(by, strlen(by), NULL) != 0)
		by = NULL;
	for (const json *m = task->child; m; m = m->next) {
		if (!is_min_results(m))
			continue;
		if (rd->from == NULL)
			rd->from = m->key;
		for (const json *v = m->child; v; v = v->next) {
			if (v->type != JSON_OBJECT) {
				doc_err_set(err, rec, 0, "an item of \"%s\" is not an object", m->key);
				return -1;
			}
			if (read_value(rd, v, t, fmt_json_as_status(rd->o), 0, by, d, rec, err) != 0)
				return -1;
		}
	}
	return 0;
}

/* The data member holding the text: "text", else the only string member
 * other than the article fields (a labelling config may say value="$body"). */
static const char *
data_key(const json *data)
{
	const char *key = NULL;

	if (json_get(data, "text") != NULL)
		return "text";
	for (const json *c = data->child; c; c = c->next) {
		if (c->type != JSON_TEXT || strcmp(c->key, "title") == 0 || strcmp(c->key, "date") == 0
		    || strcmp(c->key, "source") == 0 || strcmp(c->key, "url") == 0)
			continue;
		if (key != NULL)
			return "text";
		key = c->key;
	}
	return key ? key : "text";
}

/* The task's control names and data key in d->meta ("labelstudio"), when
 * not Label Studio's named-entity template's ("label", "text", "text"),
 * so the export writes them back. */
static int
keep_names(const struct ls_read *rd, const char *dkey, doc *d, size_t rec, doc_err *err)
{
	const char *from = rd->from ? rd->from : "label", *to = rd->to ? rd->to : "text";
	const char *key[1] = { "labelstudio" };
	char *val[1], *base;
	size_t sz = 0;
	FILE *f;

	if (strcmp(from, "label") == 0 && strcmp(to, "text") == 0 && strcmp(dkey, "text") == 0)
		return 0;
	val[0] = NULL;
	if ((f = open_memstream(&val[0], &sz)) == NULL)
		goto nomem;
	putc('{', f);
	fmt_json_put_str(f, "from_name", from);
	putc(',', f);
	fmt_json_put_str(f, "to_name", to);
	putc(',', f);
	fmt_json_put_str(f, "data", dkey);
	putc('}', f);
	if (fclose(f) != 0)
		goto nomem;
	base = d->meta;
	d->meta = fmt_json_obj_add(base, key, (const char *const *)val, 1);
	free(base);
	free(val[0]);
	if (d->meta == NULL)
		goto nomem;
	return 0;
nomem:
	free(val[0]);
	doc_err_set(err, rec, 0, "out of memory");
	return -1;
}

static int
ls_record(const fmt_json_rec *r, void *arg, doc_err *err)
{
	struct ls_read *rd = arg;
	const json *task = r->v, *data, *meta, *ann;
	const char *dkey;
	size_t rec = r->record;
	text *t = NULL;
	int rc = -1;
	doc d;

	if (task->type != JSON_OBJECT) {
		doc_err_set(err, rec, 0, "a task is not a JSON object");
		return -1;
	}
	data = json_get(task, "data");
	if (data == NULL && json_get(task, "text") != NULL)
		data = task;
	if (data == NULL || data->type != JSON_OBJECT) {
		doc_err_set(err, rec, 0, "a task without a \"data\" object");
		return -1;
	}
	rd->from = rd->to = NULL;
	dkey = data_key(data);
	doc_init(&d);
	if (fmt_json_doc_text(&d, data, dkey, &t, rec, err) != 0
	    || fmt_json_id(task, "id", &d.ext_id, rec, err) != 0)
		goto out;
	/* Optional article fields; other types are left alone (not ours). */
	if ((json_get_str(data, "title") && fmt_json_str(data, "title", &d.title, rec, err))
	    || (json_get_str(data, "date") && fmt_json_str(data, "date", &d.date, rec, err))
	    || (json_get_str(data, "source") && fmt_json_str(data, "source", &d.source, rec, err))
	    || (json_get_str(data, "url") && fmt_json_str(data, "url", &d.url, rec, err)))
		goto out;
	if ((meta = json_get(task, "meta")) != NULL && meta->type == JSON_OBJECT && meta->n > 0
	    && fmt_json_meta(&d, meta, rec, err) != 0)
		goto out;
	ann = json_get(task, "annotations");
	if (ann == NULL)
		ann = json_get(task, "completions");
	if (read_sets(rd, ann, t, 0, &d, rec, err) != 0
	    || read_sets(rd, json_get(task, "predictions"), t, 1, &d, rec, err) != 0)
		goto out;
	if (data == task && ann == NULL && json_get(task, "predictions") == NULL
	    && read_min(rd, task, t, &d, rec, err) != 0)
		goto out;
	if (keep_names(rd, dkey, &d, rec, err) != 0)
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
ls_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg, fmt_report *rep, doc_err *err)
{
	struct ls_read rd = { o, emit, arg, fmt_json_unit(o, FMT_UNIT_CP), 0, 0, 0, NULL, NULL };
	int rc = fmt_json_each(in, o, 1, 1, ls_record, &rd, err);

	fmt_json_skipped(rep, rd.other, "result of another type than labels", "results of other types than labels");
	fmt_json_skipped(rep, rd.nooffsets, "result without character offsets", "results without character offsets");
	fmt_json_skipped(rep, rd.cancelled, "cancelled annotation", "cancelled annotations");
	return rc;
}

static int
ls_sniff(const char *buf, size_t len)
{
	size_t n;
	/* Exports put "data" after the annotations, which can be long. */
	const char *r = fmt_json_first(buf, len, 1 << 20, &n);
	int results;

	if (r == NULL)
		return 0;
	results = fmt_json_has_key(r, n, "annotations") || fmt_json_has_key(r, n, "predictions")
	    || fmt_json_has_key(r, n, "completions");
	/* JSON-MIN: flat rows with the annotation's own members */
	results = results || (fmt_json_has_key(r, n, "annotation_id") && fmt_json_has_key(r, n, "lead_time"));
	if (r[0] == '[')
		return results || fmt_json_has_key(r, n, "data");
	return results && (fmt_json_has_key(r, n, "data") || fmt_json_has_key(r, n, "annotation_id"));
}

/* --- writing ---------------------------------------------------------- */

/* Control names and data key of one article (see keep_names). */
struct ls_names {
	char from[64], to[64], data[64];
};

struct ls_writer {
	fmt_stream s;    /* first: the stream and the offset unit */
	size_t docs;
	json_parse_fn parse;
	void *ctx;
	FILE *config;                /* labelling config to write at the end, or NULL */
	const struct label_scheme *labels;
	struct ls_names seen[8];     /* distinct names written (for the config) */
	size_t nseen;
	char **used;                 /* labels written that the scheme lacks */
	size_t nused, capused;
};

static fmt_writer *
ls_write_begin(fmt_out *out, const fmt_opts *o)
{
	struct ls_writer *w = fmt_stream_new(sizeof *w, out, o, FMT_UNIT_CP);

	if (w == NULL)
		return NULL;
	w->parse = o->json_parse;
	w->ctx = o->json_ctx;
	w->config = o->config;
	w->labels = o->labels;
	fputs("[", w->s.f);
	return (fmt_writer *)w;
}

/* A name from the metadata, or dflt (names too long to be real are too). */
static void
name_of(const json *ls, const char *key, const char *dflt, char *out, size_t outsz)
{
	const char *v = ls ? json_get_str(ls, key) : NULL;

	snprintf(out, outsz, "%s", v != NULL && v[0] != '\0' && strlen(v) < outsz ? v : dflt);
}

/* Remember names and labels for the config (first few names; every label). */
static int
note_written(struct ls_writer *w, const struct ls_names *nm, const doc *d)
{
	size_t i;

	for (i = 0; i < w->nseen; i++)
		if (memcmp(&w->seen[i], nm, sizeof *nm) == 0)
			break;
	if (i == w->nseen && w->nseen < 8)
		w->seen[w->nseen++] = *nm;
	if (w->config == NULL)
		return 0;
	for (size_t k = 0; k < d->nspans; k++) {
		const char *l = d->spans[k].label;
		size_t j;
		void *v;

		if (l == NULL || d->spans[k].kind != SPAN_ENTITY || (w->labels && label_by_name(w->labels, l)))
			continue;
		for (j = 0; j < w->nused && strcmp(w->used[j], l) != 0; j++)
			;
		if (j < w->nused)
			continue;
		if ((v = fmt_grow(w->used, &w->capused, w->nused + 1, sizeof *w->used)) == NULL)
			return -1;
		w->used = v;
		if ((w->used[w->nused] = strdup(l)) == NULL)
			return -1;
		w->nused++;
	}
	return 0;
}

/* The result items for spans of one status. */
static void
write_results(FILE *f, const doc *d, const text *t, int unit, int status, const struct ls_names *nm)
{
	size_t k = 0;

	for (size_t i = 0; i < d->nspans; i++) {
		const span *s = &d->spans[i];
		int st = s->status >= 0 ? s->status : SPAN_CONFIRMED;
		size_t bs, be;

		if (s->kind != SPAN_ENTITY || s->label == NULL || st != status)
			continue;
		bs = text_cp_to_byte(t, s->start);
		be = text_cp_to_byte(t, s->end);
		fprintf(f, "%s{\"id\":\"g%zu\",", k ? "," : "", i + 1);
		fmt_json_put_str(f, "from_name", nm->from);
		putc(',', f);
		fmt_json_put_str(f, "to_name", nm->to);
		fprintf(f, ",\"type\":\"labels\",\"value\":{\"start\":%zu,\"end\":%zu,\"text\":",
		    fmt_json_off(t, unit, s->start), fmt_json_off(t, unit, s->end));
		json_write_str(f, text_bytes(t) + bs, be - bs);
		fputs(",\"labels\":[", f);
		json_write_str(f, s->label, strlen(s->label));
		fputs("]}", f);
		if (status == SPAN_SUGGESTED && s->confidence > 0) {
			fputs(",\"score\":", f);
			fmt_json_put_double(f, s->confidence);
		}
		putc('}', f);
		k++;
	}
}

static int
has_status(const doc *d, int status)
{
	for (size_t i = 0; i < d->nspans; i++) {
		const span *s = &d->spans[i];

		if (s->kind == SPAN_ENTITY && s->label != NULL
		    && (s->status >= 0 ? s->status : SPAN_CONFIRMED) == status)
			return 1;
	}
	return 0;
}

/* "meta": the metadata without the names gloss keeps for itself. */
static void
write_meta(FILE *f, const doc *d, const json *m)
{
	int first = 1;

	if (m == NULL) {
		if (d->meta != NULL && d->meta[strspn(d->meta, " \t\r\n")] == '{')
			fprintf(f, ",\"meta\":%s", d->meta);
		return;
	}
	for (const json *c = m->child; c; c = c->next) {
		if (strcmp(c->key, "labelstudio") == 0)
			continue;
		fputs(first ? ",\"meta\":{" : ",", f);
		first = 0;
		json_write_str(f, c->key, strlen(c->key));
		putc(':', f);
		fmt_json_put_value(f, c);
	}
	if (!first)
		putc('}', f);
}

static int
ls_write_doc(fmt_writer *fw, const doc *d)
{
	struct ls_writer *w = (struct ls_writer *)fw;
	FILE *f = w->s.f;
	text *t = text_new(d->text, d->len);
	json *m = NULL;
	struct ls_names nm;
	char msg[64];
	int rc;

	if (t == NULL)
		return -1;
	if (d->meta != NULL && w->parse != NULL
	    && (m = w->parse(w->ctx, d->meta, strlen(d->meta), msg, sizeof msg)) != NULL && m->type != JSON_OBJECT) {
		json_free(m);
		m = NULL;
	}
	name_of(m ? json_get(m, "labelstudio") : NULL, "from_name", "label", nm.from, sizeof nm.from);
	name_of(m ? json_get(m, "labelstudio") : NULL, "to_name", "text", nm.to, sizeof nm.to);
	name_of(m ? json_get(m, "labelstudio") : NULL, "data", "text", nm.data, sizeof nm.data);
	fputs(w->docs++ ? ",\n{" : "\n{", f);
	if (d->ext_id != NULL && d->ext_id[0] != '\0' && strspn(d->ext_id, "0123456789") == strlen(d->ext_id)
	    && strlen(d->ext_id) < 19)
		fprintf(f, "\"id\":%s,", d->ext_id);
	fputs("\"data\":{", f);
	json_write_str(f, nm.data, strlen(nm.data));
	putc(':', f);
	json_write_str(f, text_bytes(t), text_len_bytes(t));
	if (d->title) { putc(',', f); fmt_json_put_str(f, "title", d->title); }
	if (d->date) { putc(',', f); fmt_json_put_str(f, "date", d->date); }
	if (d->source) { putc(',', f); fmt_json_put_str(f, "source", d->source); }
	if (d->url) { putc(',', f); fmt_json_put_str(f, "url", d->url); }
	putc('}', f);
	write_meta(f, d, m);
	fputs(",\"annotations\":[", f);
	if (has_status(d, SPAN_CONFIRMED)) {
		fputs("{\"result\":[", f);
		write_results(f, d, t, w->s.unit, SPAN_CONFIRMED, &nm);
		fputs("]}", f);
	}
	fputs("],\"predictions\":[", f);
	if (has_status(d, SPAN_SUGGESTED)) {
		fputs("{\"model_version\":\"gloss\",\"result\":[", f);
		write_results(f, d, t, w->s.unit, SPAN_SUGGESTED, &nm);
		fputs("]}", f);
	}
	fputs("]}", f);
	rc = note_written(w, &nm, d);
	text_free(t);
	json_free(m);
	return rc != 0 || ferror(f) ? -1 : 0;
}

/* s for an XML attribute value. */
static void
xml_attr(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: putc(*s, f);
		}
}

/* One <Label> per label, with its colour when the scheme has one. */
static void
config_labels(FILE *f, const struct ls_writer *w)
{
	for (size_t i = 0; w->labels && i < w->labels->n; i++) {
		const char *hex = fmt_colour_hex(w->labels->v[i].colour);

		fputs("    <Label value=\"", f);
		xml_attr(f, w->labels->v[i].name);
		if (hex)
			fprintf(f, "\" background=\"%s", hex);
		fputs("\"/>\n", f);
	}
	for (size_t i = 0; i < w->nused; i++) {
		fputs("    <Label value=\"", f);
		xml_attr(f, w->used[i]);
		fputs("\"/>\n", f);
	}
}

/*
 * The labelling config that matches the export: for the names written
 * (Label Studio's named-entity template's unless imported tasks had
 * others), <Labels name=FROM toName=TO> with the labels, and
 * <Text name=TO value="$DATA">.
 */
static void
write_config(const struct ls_writer *w)
{
	FILE *f = w->config;
	struct ls_names dflt = { "label", "text", "text" };
	const struct ls_names *nm = w->nseen ? w->seen : &dflt;
	size_t n = w->nseen ? w->nseen : 1;

	fputs("<View>\n", f);
	for (size_t i = 0; i < n; i++) {
		fputs("  <Labels name=\"", f);
		xml_attr(f, nm[i].from);
		fputs("\" toName=\"", f);
		xml_attr(f, nm[i].to);
		fputs("\">\n", f);
		config_labels(f, w);
		fputs("  </Labels>\n  <Text name=\"", f);
		xml_attr(f, nm[i].to);
		fputs("\" value=\"$", f);
		xml_attr(f, nm[i].data);
		fputs("\"/>\n", f);
	}
	fputs("</View>\n", f);
}

static int
ls_write_end(fmt_writer *fw)
{
	struct ls_writer *w = (struct ls_writer *)fw;
	int rc = 0;

	fputs(w->docs ? "\n]\n" : "]\n", w->s.f);
	if (w->config != NULL) {
		write_config(w);
		rc = ferror(w->config) ? -1 : 0;
	}
	for (size_t i = 0; i < w->nused; i++)
		free(w->used[i]);
	free(w->used);
	return fmt_stream_end(fw) != 0 || rc != 0 ? -1 : 0;
}

const fmt fmt_labelstudio = {
	.name = "labelstudio",
	.exts = ".json",
	.multi_file = 0,
	.sniff = ls_sniff,
	.read = ls_read,
	.write_begin = ls_write_begin,
	.write_doc = ls_write_doc,
	.write_end = ls_write_end,
	.write_report = NULL,
	.takes = FMT_TAKES_OFFSETS | FMT_SUGGESTED_OUT | FMT_TAKES_CONFIG | FMT_STREAMS,
};
