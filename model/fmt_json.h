/*
 * fmt_json.h: what the JSON-family formats (jsonl, spacy, doccano,
 * labelstudio) share: walking a file's JSON records, reading typed members
 * with messages, turning a file's offsets into code points and checking
 * them against the text they claim to cover.
 *
 * Offsets. A file counts in code points or UTF-16 code units (enum
 * fmt_unit); docs always hold code points of doc->text. Conversions go
 * through model/text.h on the doc's own text, so an offset inside a
 * surrogate pair or past the end is refused, never rounded.
 *
 * Messages. Readers return -1 with a doc_err whose line is the record
 * (JSONL: the line the record starts on; a top-level array: the element's
 * 1-based index) and whose msg is the rest of "FILE:RECORD: msg".
 */
#ifndef GLOSS_FMT_JSON_H
#define GLOSS_FMT_JSON_H

#include <stddef.h>
#include <stdio.h>
#include "model/fmt.h"
#include "model/text.h"

/* FMT_UNIT_GRAPHEME: extended grapheme clusters (UAX #29), as doccano
 * counts in projects set to "count grapheme clusters as one character". */
enum fmt_unit { FMT_UNIT_CP, FMT_UNIT_U16, FMT_UNIT_GRAPHEME };

/* The unit o asks for, or dflt (enum fmt_unit) for FMT_OFF_DEFAULT. */
int fmt_json_unit(const fmt_opts *o, int dflt);

/* What every single-stream writer holds: the doccano, jsonl and csv writers
 * are just this; the spacy and labelstudio ones start with it. */
typedef struct fmt_stream {
	FILE *f;
	int unit; /* enum fmt_unit */
} fmt_stream;

/* A zeroed writer of sz bytes (a fmt_stream or a struct that starts with
 * one) on out->f, in the unit o asks for (dflt by default); NULL if no
 * memory. */
void *fmt_stream_new(size_t sz, const fmt_out *out, const fmt_opts *o, int dflt);
/* write_end for writers with nothing left to write: frees w; 0, or -1 when
 * the stream had an error. */
int fmt_stream_end(fmt_writer *w);

/*
 * Count n things of a kind not imported into rep: "N what" joins the list
 * in rep->what, which reads "A, B not imported". one/many: the name for
 * n == 1 and for more. Nothing happens for n == 0 or rep NULL.
 */
void fmt_json_skipped(fmt_report *rep, size_t n, const char *one, const char *many);

/* Hand d to the caller; a non-zero answer stops the read (-1, "stopped"). */
int fmt_json_emit(fmt_emit emit, void *arg, const doc *d, size_t record, doc_err *err);

/* fmt_opts.as_status when it is a span status, else SPAN_CONFIRMED. */
int fmt_json_as_status(const fmt_opts *o);

/* One parsed record of a file. */
typedef struct fmt_json_rec {
	const json *v;  /* the value (any type) */
	size_t line;    /* the line it starts on, 1-based */
	size_t index;   /* its 1-based position among the file's records */
	size_t record;  /* what messages call it: line, or index (by_index) */
} fmt_json_rec;

typedef int (*fmt_json_fn)(const fmt_json_rec *r, void *arg, doc_err *err);

/*
 * Parse the records of in one at a time with o->json_parse and call fn
 * for each: JSON values one after another (JSON Lines, or values that
 * span lines), or, when array is set and the input starts with '[', the
 * elements of that array. by_index numbers records by index in messages.
 * Returns 0, or -1 with *err (fn's own failures pass through).
 */
int fmt_json_each(const fmt_input *in, const fmt_opts *o, int array, int by_index,
    fmt_json_fn fn, void *arg, doc_err *err);

/* First bytes of the first record (up to max), for sniffing: NULL if the
 * input does not start with a JSON object or array. */
const char *fmt_json_first(const char *buf, size_t len, size_t max, size_t *n);
/* Does rec[0..n) contain the member name key ("key" then optional white
 * space then ':')? A heuristic for sniffing only. */
int fmt_json_has_key(const char *rec, size_t n, const char *key);

/*
 * Members, checked. A string member is copied into *out (NULL when the
 * member is absent or null); another type or invalid UTF-8 is an error
 * naming the member. fmt_json_int: absent -> 0 and *v untouched; an
 * integer -> 1; another type -> -1 with err.
 */
int fmt_json_str(const json *obj, const char *key, char **out, size_t record, doc_err *err);
int fmt_json_int(const json *obj, const char *key, long long *v, size_t record, doc_err *err);
/* Integer or string member (ids) as a string in *out; absent -> NULL. */
int fmt_json_id(const json *obj, const char *key, char **out, size_t record, doc_err *err);
/* A number (integer or real) member; absent -> 0. */
int fmt_json_num(const json *obj, const char *key, double *v, size_t record, doc_err *err);
/* An array member in *arr (NULL when absent or null); another type -> -1
 * with err "\"key\" is not an array". */
int fmt_json_arr(const json *obj, const char *key, const json **arr, size_t record, doc_err *err);

/* d->meta = the object m's JSON text (checked to be UTF-8). */
int fmt_json_meta(doc *d, const json *m, size_t record, doc_err *err);

/* Set d->text from the string member key (required, valid UTF-8) and make
 * *t its offset index (text_free it). */
int fmt_json_doc_text(doc *d, const json *obj, const char *key, text **t, size_t record, doc_err *err);

/*
 * A span's offsets fs-fe (in unit) as code points [*s,*e) of t, or -1
 * with err: negative, start after end, past the end, inside a surrogate
 * pair. what names the thing ("span", "token").
 */
int fmt_json_range(const text *t, int unit, long long fs, long long fe, size_t *s, size_t *e,
    const char *what, size_t record, doc_err *err);
/*
 * Check that [s,e) of t is exactly says[0..n); otherwise -1 with the
 * message 'WHAT FS-FE says "..." but the text has "..."', plus a hint when
 * the same offsets counted in the other unit would cover says.
 */
int fmt_json_says(const text *t, int unit, long long fs, long long fe, size_t s, size_t e,
    const char *says, size_t n, const char *what, size_t record, doc_err *err);

/* The same; with esc, a line break in the text may be written in says as
 * the two characters "\\n" (Label Studio stores value.text so). */
int fmt_json_says_esc(const text *t, int unit, long long fs, long long fe, size_t s, size_t e,
    const char *says, size_t n, int esc, const char *what, size_t record, doc_err *err);

/* A code point offset of t in unit. */
size_t fmt_json_off(const text *t, int unit, size_t cp);

/*
 * JSON object text with members added: base (an object's JSON text, or
 * NULL for {}) plus "key":value for each pair (keys are plain names that
 * need no escaping; value is JSON text; NULL values are skipped). Returns
 * malloc'd text, or NULL on allocation failure or if base is not an object.
 */
char *fmt_json_obj_add(const char *base, const char *const *keys, const char *const *values, size_t n);

/* Write "key": then s as a JSON string, or null when s is NULL. */
void fmt_json_put_str(FILE *f, const char *key, const char *s);
/* Write a parsed value back as JSON text: scalars from their values,
 * containers from raw when kept, else rebuilt from their children. */
void fmt_json_put_value(FILE *f, const json *v);
/* Write x as the shortest decimal that reads back as the same double. */
void fmt_json_put_double(FILE *f, double x);

#endif
