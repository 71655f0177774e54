/*
 * fmt_json.c: record walking, checked members, offsets and covered-text
 * checks shared by the JSON-family formats (see fmt_json.h for the
 * coordinate and message contracts).
 */
#include "config.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/fmt_json.h"
#include "model/utf8.h"

int
fmt_json_unit(const fmt_opts *o, int dflt)
{
	if (o != NULL && o->offsets == FMT_OFF_CODEPOINTS)
		return FMT_UNIT_CP;
	if (o != NULL && o->offsets == FMT_OFF_UTF16)
		return FMT_UNIT_U16;
	if (o != NULL && o->offsets == FMT_OFF_GRAPHEMES)
		return FMT_UNIT_GRAPHEME;
	return dflt;
}

void *
fmt_stream_new(size_t sz, const fmt_out *out, const fmt_opts *o, int dflt)
{
	fmt_stream *w = calloc(1, sz);

	if (w == NULL)
		return NULL;
	w->f = out->f;
	w->unit = fmt_json_unit(o, dflt);
	return w;
}

int
fmt_stream_end(fmt_writer *fw)
{
	fmt_stream *w = (fmt_stream *)fw;
	int rc = ferror(w->f) ? -1 : 0;

	free(w);
	return rc;
}

void
fmt_json_skipped(fmt_report *rep, size_t n, const char *one, const char *many)
{
	static const char tail[] = " not imported";
	size_t k, t = sizeof tail - 1;

	if (rep == NULL || n == 0)
		return;
	rep->skipped += n;
	k = rep->what.len;
	if (k >= t && strcmp(fmt_report_what(rep) + k - t, tail) == 0)
		buf_truncate(&rep->what, k - t);
	fmt_report_add(rep, "%s%zu %s%s", rep->what.len ? ", " : "", n, n == 1 ? one : many, tail);
}

int
fmt_json_emit(fmt_emit emit, void *arg, const doc *d, size_t record, doc_err *err)
{
	if (emit(d, arg) == 0)
		return 0;
	doc_err_set(err, record, 0, "stopped");
	return -1;
}

int
fmt_json_as_status(const fmt_opts *o)
{
	if (o != NULL && o->as_status >= SPAN_SUGGESTED && o->as_status <= SPAN_REJECTED)
		return o->as_status;
	return SPAN_CONFIRMED;
}

int
fmt_json_each(const fmt_input *in, const fmt_opts *o, int array, int by_index,
    fmt_json_fn fn, void *arg, doc_err *err)
{
	json_scan sc;
	const char *v = NULL;
	size_t vlen = 0, line, col;
	char msg[160];
	int rc, eof = 0;

	if (o == NULL || o->json_parse == NULL) {
		doc_err_set(err, 1, 0, "no JSON parser (the import driver sets one)");
		return -1;
	}
	json_scan_init(&sc, in->buf, in->len);
	if (array)
		(void)json_scan_array_begin(&sc);
	for (;;) {
		json_scan save = sc;
		fmt_json_rec r;
		json *j;

		rc = json_scan_next(&sc, &v, &vlen, &line, &col, msg, sizeof msg);
		if (o->more != NULL && !eof && json_scan_starved(&sc, rc, v, vlen)) {
			/* the window ended inside this value: keep it, read on */
			const char *nb;
			size_t nl;
			int m = o->more(o->more_arg, save.len - save.pos, &nb, &nl);

			if (m < 0) {
				doc_err_set(err, save.line, 0, "%s", strerror(errno));
				return -1;
			}
			eof = m == 0;
			sc = save;
			json_scan_rebase(&sc, nb, nl);
			continue;
		}
		if (rc != 1)
			break;

		r.line = line;
		r.index = sc.index;
		r.record = by_index ? sc.index : line;
		if ((j = o->json_parse(o->json_ctx, v, vlen, msg, sizeof msg)) == NULL) {
			if (by_index)
				doc_err_set(err, r.record, 0, "%s (element starting on line %zu)", msg, line);
			else
				doc_err_set(err, r.record, col, "%s", msg);
			return -1;
		}
		r.v = j;
		rc = fn(&r, arg, err);
		json_free(j);
		if (rc != 0)
			return -1;
	}
	if (rc < 0) {
		if (by_index)
			doc_err_set(err, sc.index + 1, 0, "%s (line %zu, byte %zu)", msg, line, col);
		else
			doc_err_set(err, line, col, "%s", msg);
		return -1;
	}
	return 0;
}

const char *
fmt_json_first(const char *buf, size_t len, size_t max, size_t *n)
{
	json_scan sc;
	const char *v;
	size_t vlen, line, col;
	char msg[8];
	size_t start;

	json_scan_init(&sc, buf, len);
	while (sc.pos < len && strchr(" \t\r\n", buf[sc.pos]) != NULL)
		sc.pos++;
	if (sc.pos >= len || (buf[sc.pos] != '{' && buf[sc.pos] != '['))
		return NULL;
	start = sc.pos;
	/* A cut-off first record (the sniff buffer ends inside it) still counts. */
	if (json_scan_next(&sc, &v, &vlen, &line, &col, msg, sizeof msg) != 1)
		vlen = len - start;
	*n = vlen < max ? vlen : max;
	return buf + start;
}

int
fmt_json_has_key(const char *rec, size_t n, const char *key)
{
	size_t k = strlen(key);

	for (size_t i = 0; i + k + 2 < n; i++) {
		size_t j;

		if (rec[i] != '"' || memcmp(rec + i + 1, key, k) != 0 || rec[i + k + 1] != '"')
			continue;
		for (j = i + k + 2; j < n && (rec[j] == ' ' || rec[j] == '\t' || rec[j] == '\r' || rec[j] == '\n'); j++)
			;
		if (j < n && rec[j] == ':')
			return 1;
	}
	return 0;
}

/* --- members ---------------------------------------------------------- */

static const char *
type_name(int type)
{
	switch (type) {
	case JSON_NULL: return "null";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	case JSON_INT: case JSON_REAL: return "a number";
	case JSON_TEXT: return "a string";
	case JSON_ARRAY: return "an array";
	default: return "an object";
	}
}

int
fmt_json_arr(const json *obj, const char *key, const json **arr, size_t record, doc_err *err)
{
	const json *v = json_get(obj, key);

	*arr = NULL;
	if (v == NULL || v->type == JSON_NULL)
		return 0;
	if (v->type != JSON_ARRAY) {
		doc_err_set(err, record, 0, "\"%s\" is not an array", key);
		return -1;
	}
	*arr = v;
	return 0;
}

int
fmt_json_str(const json *obj, const char *key, char **out, size_t record, doc_err *err)
{
	const json *v = json_get(obj, key);
	text_err te;

	*out = NULL;
	if (v == NULL || v->type == JSON_NULL)
		return 0;
	if (v->type != JSON_TEXT) {
		doc_err_set(err, record, 0, "\"%s\" is %s, not a string", key, type_name(v->type));
		return -1;
	}
	if (text_validate(v->str, v->len, &te) != 0) {
		doc_err_set(err, record, 0, "\"%s\" is not valid UTF-8 (%s at byte %zu)", key, te.msg, te.offset + 1);
		return -1;
	}
	if ((*out = malloc(v->len + 1)) == NULL) {
		doc_err_set(err, record, 0, "out of memory");
		return -1;
	}
	memcpy(*out, v->str, v->len + 1);
	return 0;
}

int
fmt_json_int(const json *obj, const char *key, long long *v, size_t record, doc_err *err)
{
	const json *j = json_get(obj, key);

	if (j == NULL)
		return 0;
	if (json_get_int(obj, key, v))
		return 1;
	doc_err_set(err, record, 0, "\"%s\" is %s, not an integer", key, type_name(j->type));
	return -1;
}

int
fmt_json_id(const json *obj, const char *key, char **out, size_t record, doc_err *err)
{
	const json *j = json_get(obj, key);
	char buf[32];

	*out = NULL;
	if (j == NULL || j->type == JSON_NULL)
		return 0;
	if (j->type == JSON_TEXT)
		return fmt_json_str(obj, key, out, record, err);
	if (j->type != JSON_INT) {
		doc_err_set(err, record, 0, "\"%s\" is %s, not an id", key, type_name(j->type));
		return -1;
	}
	snprintf(buf, sizeof buf, "%lld", j->i);
	if ((*out = strdup(buf)) == NULL) {
		doc_err_set(err, record, 0, "out of memory");
		return -1;
	}
	return 0;
}

int
fmt_json_num(const json *obj, const char *key, double *v, size_t record, doc_err *err)
{
	const json *j = json_get(obj, key);

	if (j == NULL || j->type == JSON_NULL)
		return 0;
	if (j->type != JSON_INT && j->type != JSON_REAL) {
		doc_err_set(err, record, 0, "\"%s\" is %s, not a number", key, type_name(j->type));
		return -1;
	}
	*v = j->d;
	return 1;
}

/*
 * A text for offset conversions over s, already checked valid: a plain
 * copy whose offset index is built only as far as a span asks (most
 * records of a large import have none), not text_new's second check and
 * whole index.
 */
static text *
text_over(const char *s, size_t len)
{
	char *c = malloc(len + 1);
	text *t;

	if (c == NULL)
		return NULL;
	memcpy(c, s, len);
	c[len] = '\0';
	if ((t = text_new_trusted(c, len, len ? utf8_count(c, len) : 0)) == NULL)
		free(c);
	return t;
}

int
fmt_json_doc_text(doc *d, const json *obj, const char *key, text **t, size_t record, doc_err *err)
{
	const json *v = json_get(obj, key);
	text_err te;

	*t = NULL;
	if (v == NULL || v->type != JSON_TEXT) {
		if (v == NULL)
			doc_err_set(err, record, 0, "no \"%s\"", key);
		else
			doc_err_set(err, record, 0, "\"%s\" is %s, not a string", key, type_name(v->type));
		return -1;
	}
	if (text_validate(v->str, v->len, &te) != 0) {
		doc_err_set(err, record, 0, "\"%s\" is not valid UTF-8 (%s at byte %zu)", key, te.msg, te.offset + 1);
		return -1;
	}
	if (doc_set_text(d, v->str, v->len) != 0 || (*t = text_over(v->str, v->len)) == NULL) {
		doc_err_set(err, record, 0, "out of memory");
		return -1;
	}
	d->chars = text_len(*t); /* checked and counted: the store need not again */
	return 0;
}

int
fmt_json_meta(doc *d, const json *m, size_t record, doc_err *err)
{
	char *buf = NULL;
	size_t sz = 0;
	FILE *f;
	text_err te;

	if (m->raw != NULL)
		buf = strdup(m->raw);
	else if ((f = open_memstream(&buf, &sz)) != NULL) {
		fmt_json_put_value(f, m);
		if (fclose(f) != 0) {
			free(buf);
			buf = NULL;
		}
	}
	if (buf == NULL) {
		doc_err_set(err, record, 0, "out of memory");
		return -1;
	}
	if (text_validate(buf, strlen(buf), &te) != 0) {
		doc_err_set(err, record, 0, "\"%s\" is not valid UTF-8 (%s)", m->key ? m->key : "meta", te.msg);
		free(buf);
		return -1;
	}
	free(d->meta);
	d->meta = buf;
	return 0;
}

/* --- offsets ------------------------------------------------------------ */

/* Grapheme clusters (UAX #29) that start before cp: a cluster index. */
static size_t
cp_to_grapheme(const text *t, size_t cp)
{
	size_t g = 0;

	for (size_t at = 0; at < cp; at = text_grapheme_next(t, at))
		g++;
	return g;
}

/* Grapheme index g as a code point offset, or (size_t)-1 past the end. */
static size_t
grapheme_to_cp(const text *t, size_t g)
{
	size_t at = 0, n = text_len(t);

	for (; g > 0; g--) {
		if (at >= n)
			return (size_t)-1;
		at = text_grapheme_next(t, at);
	}
	return at;
}

size_t
fmt_json_off(const text *t, int unit, size_t cp)
{
	if (unit == FMT_UNIT_GRAPHEME)
		return cp_to_grapheme(t, cp);
	return unit == FMT_UNIT_U16 ? text_cp_to_utf16(t, cp) : cp;
}

/* v (in unit) as a code point offset, or (size_t)-1. */
static size_t
to_cp(const text *t, int unit, long long v)
{
	if (v < 0)
		return (size_t)-1;
	if (unit == FMT_UNIT_U16)
		return text_utf16_to_cp(t, (size_t)v);
	if (unit == FMT_UNIT_GRAPHEME)
		return grapheme_to_cp(t, (size_t)v);
	return (unsigned long long)v <= text_len(t) ? (size_t)v : (size_t)-1;
}

static const char *
unit_name(int unit)
{
	return unit == FMT_UNIT_U16 ? "UTF-16 code units" : unit == FMT_UNIT_GRAPHEME ? "grapheme clusters"
	    : "code points";
}

int
fmt_json_range(const text *t, int unit, long long fs, long long fe, size_t *s, size_t *e,
    const char *what, size_t record, doc_err *err)
{
	size_t n = fmt_json_off(t, unit, text_len(t));

	if (fs < 0 || fe < 0) {
		doc_err_set(err, record, 0, "%s %lld-%lld: negative offset", what, fs, fe);
		return -1;
	}
	if (fs > fe) {
		doc_err_set(err, record, 0, "%s %lld-%lld: start after end", what, fs, fe);
		return -1;
	}
	if ((unsigned long long)fe > n) {
		/* Code points read from a file that counts UTF-16 run past the end. */
		int fits = unit == FMT_UNIT_CP && (unsigned long long)fe <= text_cp_to_utf16(t, text_len(t));

		doc_err_set(err, record, 0, "%s %lld-%lld: past the end of the text (%zu %s)%s",
		    what, fs, fe, n, unit_name(unit),
		    fits ? " (they fit if counted in UTF-16 code units: use --offsets utf16)" : "");
		return -1;
	}
	*s = to_cp(t, unit, fs);
	*e = to_cp(t, unit, fe);
	if (*s == (size_t)-1 || *e == (size_t)-1) {
		doc_err_set(err, record, 0, "%s %lld-%lld: offset %lld falls inside a surrogate pair (%s)%s",
		    what, fs, fe, *s == (size_t)-1 ? fs : fe, unit_name(unit),
		    " (if the file counts code points: use --offsets codepoints)");
		return -1;
	}
	return 0;
}

/* s[0..n) for a message, invisibles made visible (fmt_quote_add). */
static void
quote(char *out, size_t outsz, const char *s, size_t n)
{
	size_t o = 0;

	fmt_quote_add(out, outsz, &o, s, n, outsz > 8 ? outsz - 8 : 0);
}

/*
 * Is the covered text b[0..bn) what says[0..n) claims? With esc, a line
 * break in the text may appear in says as the two characters '\\' 'n' (or
 * '\\' 'r'), as Label Studio's front end stores them.
 */
static int
covers(const char *b, size_t bn, const char *says, size_t n, int esc)
{
	size_t i = 0, k = 0;

	if (!esc)
		return bn == n && memcmp(b, says, n) == 0;
	while (i < bn && k < n) {
		if ((b[i] == '\n' || b[i] == '\r') && says[k] == '\\' && k + 1 < n
		    && (says[k + 1] == 'n' || says[k + 1] == 'r')) {
			i++;
			k += 2;
		} else if (b[i] == says[k]) {
			i++;
			k++;
		} else
			return 0;
	}
	return i == bn && k == n;
}

int
fmt_json_says(const text *t, int unit, long long fs, long long fe, size_t s, size_t e,
    const char *says, size_t n, const char *what, size_t record, doc_err *err)
{
	return fmt_json_says_esc(t, unit, fs, fe, s, e, says, n, 0, what, record, err);
}

int
fmt_json_says_esc(const text *t, int unit, long long fs, long long fe, size_t s, size_t e,
    const char *says, size_t n, int esc, const char *what, size_t record, doc_err *err)
{
	const char *b = text_bytes(t);
	size_t bs = text_cp_to_byte(t, s), be = text_cp_to_byte(t, e);
	char q1[80], q2[80];
	const char *hint = "";
	int other = unit == FMT_UNIT_U16 ? FMT_UNIT_CP : FMT_UNIT_U16;
	size_t os, oe;

	if (covers(b + bs, be - bs, says, n, esc))
		return 0;
	os = to_cp(t, other, fs);
	oe = to_cp(t, other, fe);
	if (os != (size_t)-1 && oe != (size_t)-1 && os <= oe) {
		size_t obs = text_cp_to_byte(t, os), obe = text_cp_to_byte(t, oe);

		if (covers(b + obs, obe - obs, says, n, esc))
			hint = other == FMT_UNIT_U16
			    ? " (the offsets match if counted in UTF-16 code units: use --offsets utf16)"
			    : " (the offsets match if counted in code points: use --offsets codepoints)";
	}
	quote(q1, sizeof q1, says, n);
	quote(q2, sizeof q2, b + bs, be - bs);
	doc_err_set(err, record, 0, "%s %lld-%lld says \"%s\" but the text has \"%s\"%s",
	    what, fs, fe, q1, q2, hint);
	return -1;
}

/* --- writing ------------------------------------------------------------ */

/* Built by hand rather than through a memory stream: it runs per record. */
char *
fmt_json_obj_add(const char *base, const char *const *keys, const char *const *values, size_t n)
{
	size_t bl = 0, cap = 3, o;
	int empty = 1;
	char *buf;

	if (base != NULL) {
		base += strspn(base, " \t\r\n");
		bl = strlen(base);
		while (bl > 0 && strchr(" \t\r\n", base[bl - 1]) != NULL)
			bl--;
		if (bl < 2 || base[0] != '{' || base[bl - 1] != '}')
			return NULL;
		for (size_t i = 1; i + 1 < bl; i++)
			if (strchr(" \t\r\n", base[i]) == NULL) {
				empty = 0;
				break;
			}
		cap += bl;
	}
	/* Keys are plain names given by the caller: quoted, not escaped. */
	for (size_t i = 0; i < n; i++)
		if (values[i] != NULL)
			cap += strlen(keys[i]) + strlen(values[i]) + 4;
	if ((buf = malloc(cap)) == NULL)
		return NULL;
	if (base != NULL) {
		memcpy(buf, base, bl - 1);
		o = bl - 1;
	} else {
		buf[0] = '{';
		o = 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (values[i] == NULL)
			continue;
		o += (size_t)sprintf(buf + o, "%s\"%s\":%s", empty ? "" : ",", keys[i], values[i]);
		empty = 0;
	}
	buf[o++] = '}';
	buf[o] = '\0';
	return buf;
}

void
fmt_json_put_str(FILE *f, const char *key, const char *s)
{
	json_write_str(f, key, strlen(key));
	putc(':', f);
	if (s == NULL)
		fputs("null", f);
	else
		json_write_str(f, s, strlen(s));
}

void
fmt_json_put_double(FILE *f, double x)
{
	char buf[40];

	if (x != x || x - x != 0) { /* NaN, infinities: JSON has none */
		fputs("null", f);
		return;
	}
	snprintf(buf, sizeof buf, "%.15g", x);
	if (strtod(buf, NULL) != x)
		snprintf(buf, sizeof buf, "%.17g", x);
	fputs(buf, f);
}

void
fmt_json_put_value(FILE *f, const json *v)
{
	switch (v->type) {
	case JSON_NULL: fputs("null", f); break;
	case JSON_TRUE: fputs("true", f); break;
	case JSON_FALSE: fputs("false", f); break;
	case JSON_INT: fprintf(f, "%lld", v->i); break;
	case JSON_REAL: fmt_json_put_double(f, v->d); break;
	case JSON_TEXT: json_write_str(f, v->str, v->len); break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		if (v->raw != NULL) {
			fputs(v->raw, f);
			break;
		}
		/* Rebuilt from the tree: depth is bounded by SQLite's 2000 levels. */
		putc(v->type == JSON_ARRAY ? '[' : '{', f);
		for (const json *c = v->child; c; c = c->next) {
			if (c != v->child)
				putc(',', f);
			if (v->type == JSON_OBJECT) {
				json_write_str(f, c->key ? c->key : "", c->key ? strlen(c->key) : 0);
				putc(':', f);
			}
			fmt_json_put_value(f, c);
		}
		putc(v->type == JSON_ARRAY ? ']' : '}', f);
		break;
	}
}
