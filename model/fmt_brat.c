/*
 * fmt_brat.c: brat standoff, a .txt and a .ann per document.
 *
 * Coordinates. brat offsets are code points of the .txt exactly as it is
 * (Python string indices). The reader keeps the .txt unchanged, so its
 * offsets stay valid: no BOM removal and no CRLF -> LF (a CR counts as a
 * character, as it does for brat). The text must be valid UTF-8 without
 * NUL bytes. Errors in the .ann carry its line number and set
 * doc_err.in_aux, so the caller names the .ann; errors in the .txt say
 * "in the .txt" and carry that file's line. A .ann may start with a BOM.
 *
 * Reading (fmt_input.buf = the .txt, aux = the .ann, NULL for none):
 * - T lines `T1<TAB>TYPE START END[;START END...]<TAB>TEXT` become entity
 *   spans labelled TYPE, one per fragment (a discontinuous annotation is
 *   several spans). TEXT is checked against the .txt: fragments joined by
 *   one space, a newline (CR or LF) in the text matching a space (brat
 *   writes them so). A mismatch is an error "span 12-17 says "Zoë" but the
 *   text has "Zoe"", which adds when the offsets would match counted as
 *   UTF-16 code units or as bytes. A T line without TEXT is not checked.
 * - `#` lines `#1<TAB>AnnotatorNotes T1<TAB>NOTE` give T1's spans their
 *   note (several notes on one annotation are joined with "; ").
 * - A (and old-style M) lines `A1<TAB>NAME T1 [VALUE]` and N lines
 *   `N1<TAB>Reference T1 DB:ID<TAB>TEXT` on T annotations are kept verbatim
 *   in doc->meta: {"brat":{"T":{...},"A":[...],"N":[...]}}, where "T" maps
 *   the original id of every discontinuous or referenced annotation to
 *   "TYPE START END[;START END...]", so the writer can join fragments again
 *   and point A/N lines at the new ids.
 * - R, E and * lines (relations, events, equivalences), and notes or
 *   attributes on them, are counted in fmt_report, not imported. Event
 *   triggers are T lines and are imported like any other T annotation.
 * - A reference to a T id that no line defines, a duplicate id, a bad
 *   range, or a line of no known kind is an error naming the line.
 * ext_id is the input's file name without directories and extension.
 *
 * Writing: see fmt_brat_write.c.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include "model/fmt.h"
#include "model/fmt_brat.h"
#include "model/json.h"
#include "model/text.h"

/* An annotation, as read. Pointers go into the .ann. */
typedef struct bent {
	const char *id;          /* "T3" */
	size_t idlen;
	const char *type;
	size_t typelen;
	const char *ranges;      /* "5 7;9 10" */
	size_t rangeslen;
	size_t frag0, nfrag;     /* into the fragment array */
	char *note;              /* malloc'd, or NULL */
	int keep;                /* recorded in the metadata */
	size_t line;
} bent;

/* A line kept or resolved at the end: #, A, N. */
typedef struct bref {
	char kind;               /* '#', 'A', 'N' */
	const char *line;        /* the whole line */
	size_t len;
	const char *ref;         /* the referenced id */
	size_t reflen;
	const char *note;        /* '#': the note text */
	size_t notelen;
	size_t lineno;
} bref;

struct idkey {
	const char *id;
	size_t len;
	size_t idx;              /* into ents */
};

typedef struct breader {
	const fmt_input *in;
	doc_err *err;
	text *t;
	bent *ents;
	size_t nents, entcap;
	bfrag *frags;
	size_t nfrags, fragcap;
	bref *refs;
	size_t nrefs, refcap;
	struct idkey *byid;      /* the entities' ids, sorted */
	size_t nr, ne, nstar, nother; /* R, E, * lines; #/A/N on them */
} breader;

static int
oom(doc_err *err, size_t line)
{
	doc_err_set(err, line, 0, "out of memory");
	return -1;
}


/* Does the .txt (bytes [bs,be) per fragment, joined by ' ') read as want? */
static int
covered_equal(const char *txt, const size_t *bs, const size_t *be, size_t n,
    const char *want, size_t wantlen)
{
	size_t k = 0;

	for (size_t f = 0; f < n; f++) {
		if (f > 0 && (k >= wantlen || want[k++] != ' '))
			return 0;
		for (size_t b = bs[f]; b < be[f]; b++, k++) {
			char c = txt[b] == '\n' || txt[b] == '\r' ? ' ' : txt[b];

			if (k >= wantlen || want[k] != c)
				return 0;
		}
	}
	return k == wantlen;
}

/* Are the fragments, read as units (1: UTF-16, 2: bytes), the text want? */
static int
matches_as(const breader *r, const bent *e, int units, const char *want, size_t wantlen)
{
	const char *txt = text_bytes(r->t);
	size_t len = text_len_bytes(r->t);
	size_t bs[16], be[16];

	if (e->nfrag > 16)
		return 0;
	for (size_t f = 0; f < e->nfrag; f++) {
		const bfrag *g = &r->frags[e->frag0 + f];

		if (units == 1) {
			size_t a = text_utf16_to_cp(r->t, g->s), b = text_utf16_to_cp(r->t, g->e);

			if (a == (size_t)-1 || b == (size_t)-1 || a > b)
				return 0;
			bs[f] = text_cp_to_byte(r->t, a);
			be[f] = text_cp_to_byte(r->t, b);
		} else {
			if (g->e > len || g->s > g->e ||
			    ((unsigned char)txt[g->s] & 0xC0) == 0x80 ||
			    (g->e < len && ((unsigned char)txt[g->e] & 0xC0) == 0x80))
				return 0;
			bs[f] = g->s;
			be[f] = g->e;
		}
	}
	return covered_equal(txt, bs, be, e->nfrag, want, wantlen);
}

/* Check a T annotation's text against the .txt; error message as promised. */
static int
check_text(breader *r, const bent *e, const char *want, size_t wantlen)
{
	const char *txt = text_bytes(r->t);
	size_t bs[16], be[16], o = 0, q = 0;
	char where[96], has[80], says[80];
	const char *hint = "";

	if (e->nfrag > 16)
		return 0;  /* not checked; 16 fragments is far beyond real use */
	for (size_t f = 0; f < e->nfrag; f++) {
		bs[f] = text_cp_to_byte(r->t, r->frags[e->frag0 + f].s);
		be[f] = text_cp_to_byte(r->t, r->frags[e->frag0 + f].e);
	}
	if (covered_equal(txt, bs, be, e->nfrag, want, wantlen))
		return 0;
	if (matches_as(r, e, 1, want, wantlen))
		hint = " (it would match as UTF-16 offsets)";
	else if (matches_as(r, e, 2, want, wantlen))
		hint = " (it would match as byte offsets)";
	where[0] = '\0';
	for (size_t f = 0; f < e->nfrag && o < sizeof where; f++)
		o += (size_t)snprintf(where + o, sizeof where - o, "%s%zu-%zu",
		    f ? ";" : "", r->frags[e->frag0 + f].s, r->frags[e->frag0 + f].e);
	has[0] = '\0';
	for (size_t f = 0; f < e->nfrag; f++) {
		if (f)
			fmt_quote_add(has, sizeof has, &q, " ", 1, 60);
		fmt_quote_add(has, sizeof has, &q, txt + bs[f], be[f] - bs[f], 60);
	}
	q = 0;
	says[0] = '\0';
	fmt_quote_add(says, sizeof says, &q, want, wantlen, 60);
	doc_err_set(r->err, e->line, 0, "span %s says \"%s\" but the text has \"%s\"%s",
	    where, says, has, hint);
	return -1;
}

/* T1<TAB>TYPE S E[;S E]...[<TAB>TEXT] */
static int
read_t(breader *r, const char *p, size_t n, size_t line)
{
	const char *end = p + n, *tab = memchr(p, '\t', n), *mid, *midend, *q, *sp;
	bent *e;
	void *v;
	size_t ncp = text_len(r->t);

	if (tab == NULL || tab == p + 1) {
		doc_err_set(r->err, line, 1, "T line without an id and a tab");
		return -1;
	}
	mid = tab + 1;
	midend = memchr(mid, '\t', (size_t)(end - mid));
	if (midend == NULL)
		midend = end;
	sp = memchr(mid, ' ', (size_t)(midend - mid));
	if (sp == NULL || sp == mid) {
		doc_err_set(r->err, line, (size_t)(mid - p) + 1, "T line needs TYPE START END");
		return -1;
	}
	if ((v = fmt_grow(r->ents, &r->entcap, r->nents + 1, sizeof *r->ents)) == NULL)
		return oom(r->err, line);
	r->ents = v;
	e = &r->ents[r->nents];
	memset(e, 0, sizeof *e);
	e->id = p;
	e->idlen = (size_t)(tab - p);
	e->type = mid;
	e->typelen = (size_t)(sp - mid);
	e->ranges = sp + 1;
	e->rangeslen = (size_t)(midend - sp - 1);
	e->frag0 = r->nfrags;
	e->line = line;
	q = sp + 1;
	for (;;) {
		bfrag g;

		if (brat_num(&q, midend, &g.s) != 0 || q == midend || *q++ != ' ' ||
		    brat_num(&q, midend, &g.e) != 0 || (q < midend && *q != ';')) {
			doc_err_set(r->err, line, (size_t)(sp - p) + 2,
			    "bad range \"%.*s\": expected START END[;START END...]",
			    (int)(e->rangeslen > 40 ? 40 : e->rangeslen), e->ranges);
			return -1;
		}
		if (g.s > g.e) {
			doc_err_set(r->err, line, 0, "span %zu-%zu ends before it starts", g.s, g.e);
			return -1;
		}
		if (g.e > ncp) {
			doc_err_set(r->err, line, 0, "span %zu-%zu is past the end of the text (%zu characters)",
			    g.s, g.e, ncp);
			return -1;
		}
		if ((v = fmt_grow(r->frags, &r->fragcap, r->nfrags + 1, sizeof *r->frags)) == NULL)
			return oom(r->err, line);
		r->frags = v;
		r->frags[r->nfrags++] = g;
		e->nfrag++;
		if (q == midend)
			break;
		q++;  /* ';' */
	}
	r->nents++;
	if (e->nfrag > 1)
		e->keep = 1;
	if (midend < end)
		return check_text(r, e, midend + 1, (size_t)(end - midend - 1));
	return 0;
}

/* #, A, M, N lines: remember them; the reference is resolved at the end. */
static int
read_ref(breader *r, char kind, const char *p, size_t n, size_t line)
{
	const char *end = p + n, *tab = memchr(p, '\t', n), *a, *b, *c;
	bref *x;
	void *v;

	if (tab == NULL) {
		doc_err_set(r->err, line, 1, "%c line without a tab", kind);
		return -1;
	}
	a = tab + 1;                                   /* NAME / AnnotatorNotes */
	b = memchr(a, ' ', (size_t)(end - a));
	if (b == NULL) {
		doc_err_set(r->err, line, (size_t)(a - p) + 1, "%c line without a reference", kind);
		return -1;
	}
	b++;
	for (c = b; c < end && *c != ' ' && *c != '\t'; c++)
		;
	if (c == b) {
		doc_err_set(r->err, line, (size_t)(b - p) + 1, "%c line without a reference", kind);
		return -1;
	}
	if ((v = fmt_grow(r->refs, &r->refcap, r->nrefs + 1, sizeof *r->refs)) == NULL)
		return oom(r->err, line);
	r->refs = v;
	x = &r->refs[r->nrefs++];
	memset(x, 0, sizeof *x);
	x->kind = kind == 'M' ? 'A' : kind;
	x->line = p;
	x->len = n;
	x->ref = b;
	x->reflen = (size_t)(c - b);
	x->lineno = line;
	if (kind == '#') {
		const char *t = memchr(c, '\t', (size_t)(end - c));

		x->note = t ? t + 1 : end;
		x->notelen = (size_t)(end - x->note);
	}
	return 0;
}

static int
id_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c ? c : (an > bn) - (an < bn);
}

static int
idkey_cmp(const void *x, const void *y)
{
	const struct idkey *a = x, *b = y;

	return id_cmp(a->id, a->len, b->id, b->len);
}

/* The entity with this id, or NULL. */
static bent *
find_id(breader *r, const char *id, size_t len)
{
	size_t lo = 0, hi = r->nents;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = id_cmp(r->byid[mid].id, r->byid[mid].len, id, len);

		if (c == 0)
			return &r->ents[r->byid[mid].idx];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Index the ids; a duplicate is an error at its later line. */
static int
index_ids(breader *r)
{
	if (r->nents == 0)
		return 0;
	if ((r->byid = malloc(r->nents * sizeof *r->byid)) == NULL)
		return oom(r->err, 0);
	for (size_t i = 0; i < r->nents; i++)
		r->byid[i] = (struct idkey){ r->ents[i].id, r->ents[i].idlen, i };
	qsort(r->byid, r->nents, sizeof *r->byid, idkey_cmp);
	for (size_t i = 1; i < r->nents; i++) {
		const bent *a = &r->ents[r->byid[i - 1].idx], *b = &r->ents[r->byid[i].idx];

		if (idkey_cmp(&r->byid[i - 1], &r->byid[i]) == 0) {
			doc_err_set(r->err, a->line > b->line ? a->line : b->line, 1,
			    "duplicate id %.*s", (int)a->idlen, a->id);
			return -1;
		}
	}
	return 0;
}

/* Notes to their T annotations; A/N lines marked for the metadata. */
static int
resolve_refs(breader *r)
{
	for (size_t i = 0; i < r->nrefs; i++) {
		bref *x = &r->refs[i];
		bent *e;

		if (x->ref[0] != 'T') {
			r->nother++;
			continue;
		}
		if ((e = find_id(r, x->ref, x->reflen)) == NULL) {
			doc_err_set(r->err, x->lineno, 0, "%.*s is not defined by any T line",
			    (int)(x->reflen > 40 ? 40 : x->reflen), x->ref);
			return -1;
		}
		if (x->kind == '#') {
			size_t old = e->note ? strlen(e->note) : 0;
			char *s = realloc(e->note, old + (old ? 2 : 0) + x->notelen + 1);

			if (s == NULL)
				return oom(r->err, x->lineno);
			if (old)
				memcpy(s + old, "; ", 2), old += 2;
			memcpy(s + old, x->note, x->notelen);
			s[old + x->notelen] = '\0';
			e->note = s;
		} else
			e->keep = 1;
	}
	return 0;
}

/* {"brat":{"T":{...},"A":[...],"N":[...]}}, or NULL when nothing to keep. */
static char *
build_meta(const breader *r)
{
	char *out = NULL;
	size_t outlen = 0, nk = 0, na = 0, nn = 0;
	FILE *f;

	for (size_t i = 0; i < r->nents; i++)
		if (r->ents[i].keep)
			nk++;
	for (size_t i = 0; i < r->nrefs; i++)
		if (r->refs[i].ref[0] == 'T') {
			na += r->refs[i].kind == 'A';
			nn += r->refs[i].kind == 'N';
		}
	if (nk + na + nn == 0)
		return NULL;
	if ((f = open_memstream(&out, &outlen)) == NULL)
		return NULL;
	fputs("{\"brat\":{\"T\":{", f);
	for (size_t i = 0, k = 0; i < r->nents; i++) {
		const bent *e = &r->ents[i];

		if (!e->keep)
			continue;
		if (k++)
			fputc(',', f);
		json_write_str(f, e->id, e->idlen);
		fputc(':', f);
		/* "TYPE RANGES": the part between the tabs */
		json_write_str(f, e->type, (size_t)(e->ranges + e->rangeslen - e->type));
	}
	fputc('}', f);
	for (int pass = 0; pass < 2; pass++) {
		char kind = pass ? 'N' : 'A';
		size_t k = 0;

		if ((pass ? nn : na) == 0)
			continue;
		fprintf(f, ",\"%c\":[", kind);
		for (size_t i = 0; i < r->nrefs; i++) {
			const bref *x = &r->refs[i];

			if (x->kind != kind || x->ref[0] != 'T')
				continue;
			if (k++)
				fputc(',', f);
			json_write_str(f, x->line, x->len);
		}
		fputc(']', f);
	}
	fputs("}}", f);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* "path/to/060-relation.txt" -> "060-relation" */
static char *
base_name(const char *name)
{
	const char *b, *dot;
	char *s;

	if (name == NULL)
		return NULL;
	b = strrchr(name, '/');
	b = b ? b + 1 : name;
	dot = strrchr(b, '.');
	if (dot == NULL || dot == b)
		dot = b + strlen(b);
	if (dot == b || (s = malloc((size_t)(dot - b) + 1)) == NULL)
		return NULL;
	memcpy(s, b, (size_t)(dot - b));
	s[dot - b] = '\0';
	return s;
}

/* "2 R lines, 1 E line not imported: gloss stores entities only" */
static void
report(const breader *r, fmt_report *rep)
{
	static const char *const what[] = { "R line", "E line", "* line", "#/A/N line on those",
		"R lines", "E lines", "* lines", "#/A/N lines on those" };
	size_t cnt[] = { r->nr, r->ne, r->nstar, r->nother }, o = 0;

	if (rep == NULL || cnt[0] + cnt[1] + cnt[2] + cnt[3] == 0)
		return;
	for (size_t i = 0; i < 4; i++) {
		if (cnt[i] == 0)
			continue;
		rep->skipped += cnt[i];
		fmt_report_add(rep, "%s%zu %s", o++ ? ", " : "", cnt[i], what[cnt[i] > 1 ? i + 4 : i]);
	}
	fmt_report_add(rep, " not imported: gloss stores entities only");
}

static void
reader_free(breader *r)
{
	for (size_t i = 0; i < r->nents; i++)
		free(r->ents[i].note);
	free(r->ents);
	free(r->frags);
	free(r->refs);
	free(r->byid);
	text_free(r->t);
}

static int
brat_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg,
    fmt_report *rep, doc_err *err)
{
	breader r;
	text_err te;
	const char *p, *end, *nul;
	size_t line = 0;
	doc d;
	int rc = -1;

	memset(&r, 0, sizeof r);
	r.in = in;
	r.err = err;
	if (err != NULL)
		err->in_aux = 0;
	doc_init(&d);
	if (text_validate(in->buf ? in->buf : "", in->buf ? in->len : 0, &te) != 0) {
		doc_err_set(err, te.line, te.col, "in the .txt: %s", te.msg);
		return -1;
	}
	if (in->len > 0 && (nul = memchr(in->buf, '\0', in->len)) != NULL) {
		size_t l = 1;

		for (const char *q = in->buf; q < nul; q++)
			l += *q == '\n';
		doc_err_set(err, l, 0, "in the .txt: NUL byte");
		return -1;
	}
	/* From here on, problems are in the .ann. */
	if (err != NULL)
		err->in_aux = 1;
	if (in->aux != NULL && text_validate(in->aux, in->auxlen, &te) != 0) {
		doc_err_set(err, te.line, te.col, "%s", te.msg);
		return -1;
	}
	if ((r.t = text_new(in->buf ? in->buf : "", in->buf ? in->len : 0)) == NULL)
		return oom(err, 0);
	p = in->aux ? in->aux : "";
	end = p + (in->aux ? in->auxlen : 0);
	/* A BOM (editors on Windows write one) is no annotation; CRLF is
	 * accepted below. The .txt's BOM is text: brat counts it. */
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((e ? e : end) - p);
		int bad = 0;

		line++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if ((nul = memchr(p, '\0', n)) != NULL) {
			doc_err_set(err, line, (size_t)(nul - p) + 1, "NUL byte");
			goto out;
		}
		if (n == 0)
			;
		else if (p[0] == 'T')
			bad = read_t(&r, p, n, line);
		else if (p[0] == '#' || p[0] == 'A' || p[0] == 'M' || p[0] == 'N')
			bad = read_ref(&r, p[0], p, n, line);
		else if (p[0] == 'R')
			r.nr++;
		else if (p[0] == 'E')
			r.ne++;
		else if (p[0] == '*')
			r.nstar++;
		else {
			doc_err_set(err, line, 1, "not a brat annotation line (T, #, A, M, N, R, E or *)");
			goto out;
		}
		if (bad)
			goto out;
		p = e ? e + 1 : end;
	}
	if (index_ids(&r) != 0 || resolve_refs(&r) != 0)
		goto out;
	if (doc_set_text(&d, text_bytes(r.t), text_len_bytes(r.t)) != 0)
		goto nomem;
	d.ext_id = base_name(in->name);
	d.meta = build_meta(&r);
	for (size_t i = 0; i < r.nents; i++) {
		const bent *e = &r.ents[i];
		char *label = malloc(e->typelen + 1);

		if (label == NULL)
			goto nomem;
		memcpy(label, e->type, e->typelen);
		label[e->typelen] = '\0';
		for (size_t f = 0; f < e->nfrag; f++) {
			span s = { 0 };

			s.start = r.frags[e->frag0 + f].s;
			s.end = r.frags[e->frag0 + f].e;
			s.label = label;
			s.kind = SPAN_ENTITY;
			s.status = o ? o->as_status : SPAN_CONFIRMED;
			s.source = SRC_IMPORT;
			s.confidence = 1.0;
			s.note = e->note;
			if (doc_add_span(&d, &s) != 0) {
				free(label);
				goto nomem;
			}
		}
		free(label);
	}
	if (err != NULL)
		err->in_aux = 0;
	if (emit(&d, arg) != 0) {
		doc_err_set(err, line, 0, "import stopped");
		goto out;
	}
	report(&r, rep);
	rc = 0;
	goto out;
nomem:
	oom(err, line);
out:
	doc_clear(&d);
	reader_free(&r);
	return rc;
}

/* A .ann begins with an annotation id and a tab: "T1\t", "#1\t", "R1\t", "*\t". */
static int
brat_sniff(const char *buf, size_t len)
{
	size_t i = 1;

	if (len < 2 || strchr("TRENAM#*", buf[0]) == NULL || buf[0] == '\0')
		return 0;
	while (i < len && buf[i] >= '0' && buf[i] <= '9')
		i++;
	if (i == 1 && buf[0] != '*')
		return 0;
	return i < len && buf[i] == '\t';
}

int
brat_num(const char **p, const char *end, size_t *v)
{
	const char *q = *p;
	size_t x = 0;

	if (q == end || *q < '0' || *q > '9')
		return -1;
	for (; q < end && *q >= '0' && *q <= '9'; q++) {
		if (x > (SIZE_MAX - 9) / 10)
			return -1;
		x = x * 10 + (size_t)(*q - '0');
	}
	*p = q;
	*v = x;
	return 0;
}


const fmt fmt_brat = {
	"brat", ".ann", 1,
	brat_sniff, brat_read,
	brat_write_begin, brat_write_doc, brat_write_end,
	brat_write_report, 0
};
