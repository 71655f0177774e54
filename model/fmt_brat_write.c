/*
 * fmt_brat_write.c: the brat writer (the reader is fmt_brat.c).
 *
 * Per document NAME.txt (the text, byte for byte) and NAME.ann
 * through fmt_out.open/close. For an article from the store NAME is its
 * id (4 digits or more), '-' and a slug of its title (letters and digits
 * of any script, other runs as one '-', at most 40 bytes): "0007-talks-
 * in-Geneva"; for a doc straight from a reader, its ext_id made safe for
 * a file name (anything but letters, digits, non-ASCII UTF-8, '.', '-',
 * '_' becomes '_'; at most 100 bytes; no leading dot), or a zero-padded
 * sequence number; a repeated name gets "-2", "-3". At the end,
 * annotation.conf (every entity type written or in the label scheme,
 * overlaps allowed, the attributes of the A lines written) and
 * visual.conf (label colours) make the directory a brat collection. Entity spans that are not
 * rejected become T lines T1, T2... in span order, with their covered text
 * and white space in labels as '_'; a span across a line break or tab is
 * written as fragments split there (split_frags), as brat would make it; fragments the
 * metadata records as one discontinuous annotation are joined again when
 * all are still there with their label. Notes become AnnotatorNotes; A and
 * N lines from the metadata follow with their T ids renumbered, and those
 * whose annotation is gone are counted for write_report. The metadata is
 * read with fmt_opts.json_parse; without it, A/N lines are not written
 * (and counted).
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include "model/buf.h"
#include "model/fmt.h"
#include "model/fmt_brat.h"
#include "model/json.h"
#include "model/label.h"
#include "model/text.h"

/* A set of strings (open addressing). */
struct strset {
	char **v;
	size_t n, cap;
};

typedef struct wspan {
	const span *s;
	size_t tnum;             /* T number written, 0 if none yet */
	size_t group;            /* index+1 of its tmap entry when joined, else 0 */
	int skip;                /* a later fragment of a joined annotation */
} wspan;

typedef struct tentry {      /* one member of the metadata's "T" map */
	const char *id;
	char *label;             /* NUL-terminated copy (owned) */
	bfrag *frags;
	size_t nfrag;
	size_t tnum;             /* new T number, 0 if gone */
	size_t *members;         /* wspan indices of the fragments, when joined */
} tentry;

struct fmt_writer {
	fmt_out *out;
	const fmt_opts *o;
	size_t seq;              /* documents written */
	struct strset names;      /* file names used */
	struct strset labels;     /* entity types written (for annotation.conf) */
	struct strset attrs;      /* attributes written: "NAME" or "NAME\tVALUE" */
	wspan *v;
	size_t vcap;
	size_t dropped;          /* A/N lines whose annotation is gone */
	size_t badspans;         /* entity spans past the text */
	size_t nometa;           /* docs whose brat metadata could not be read */
	size_t nsplit;           /* spans written as fragments split at line breaks */
	size_t wslabel;          /* T lines whose label had white space ('_' there) */
	bfrag *seg;              /* scratch: fragments after splitting */
	size_t segcap;
};

static uint64_t
name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Add name to the set; returns 1 if added, 0 if present, -1 on failure. */
static int
strset_add(struct strset *ss, const char *name)
{
	size_t i;

	if (2 * (ss->n + 1) > ss->cap) {
		size_t cap = ss->cap ? 2 * ss->cap : 256;
		char **n = calloc(cap, sizeof *n);

		if (n == NULL)
			return -1;
		for (size_t k = 0; k < ss->cap; k++)
			if (ss->v[k]) {
				for (i = name_hash(ss->v[k]) & (cap - 1); n[i]; i = (i + 1) & (cap - 1))
					;
				n[i] = ss->v[k];
			}
		free(ss->v);
		ss->v = n;
		ss->cap = cap;
	}
	for (i = name_hash(name) & (ss->cap - 1); ss->v[i]; i = (i + 1) & (ss->cap - 1))
		if (strcmp(ss->v[i], name) == 0)
			return 0;
	if ((ss->v[i] = strdup(name)) == NULL)
		return -1;
	ss->n++;
	return 1;
}

static void
strset_free(struct strset *ss)
{
	for (size_t i = 0; i < ss->cap; i++)
		free(ss->v[i]);
	free(ss->v);
	memset(ss, 0, sizeof *ss);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The set's strings in byte order (malloc'd array of borrowed pointers). */
static char **
strset_sorted(const struct strset *ss)
{
	char **v = malloc((ss->n + 1) * sizeof *v);
	size_t k = 0;

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < ss->cap; i++)
		if (ss->v[i])
			v[k++] = ss->v[i];
	qsort(v, k, sizeof *v, str_cmp);
	v[k] = NULL;
	return v;
}

/* A title made short and plain for a file name: runs of '_' (what
 * doc_name made of spaces and punctuation) become one '-', none at the
 * ends; letters and digits (any script) stay. */
static void
slug(char *s)
{
	size_t o = 0;

	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '_' || s[i] == '.') {
			if (o > 0 && s[o - 1] != '-')
				s[o++] = '-';
			continue;
		}
		s[o++] = s[i];
	}
	while (o > 0 && s[o - 1] == '-')
		o--;
	s[o] = '\0';
}

/* NAME for a doc (see the header comment), unique in this export. */
static int
doc_name(fmt_writer *w, const doc *d, char *out, size_t outsz)
{
	char base[112];
	const char *x = d->ext_id ? d->ext_id : "";
	size_t len, n, pre = 0;
	int utf8;

	/* From the store: its id, then a slug of its title (or of ext_id). */
	if (d->id > 0) {
		pre = (size_t)snprintf(base, sizeof base, "%04lld-", (long long)d->id);
		if (d->title != NULL && d->title[0] != '\0')
			x = d->title;
	}
	len = strlen(x);
	n = len < (pre ? 40 : 100) ? len : (pre ? 40 : 100);
	utf8 = u8_check((const uint8_t *)x, len) == NULL;

	while (utf8 && n > 0 && n < len && ((unsigned char)x[n] & 0xC0) == 0x80)
		n--;  /* do not cut a character */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)x[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || (c == '.' && i > 0) || (c >= 0x80 && utf8);

		base[pre + i] = ok ? (char)c : '_';
	}
	base[pre + n] = '\0';
	if (pre && n > 0) {
		char *dash;

		slug(base + pre);
		/* cut inside a word: end at the word before */
		if (n < len && (dash = strrchr(base + pre, '-')) != NULL && dash > base + pre + 10)
			*dash = '\0';
	}
	if (pre + n == 0)
		snprintf(base, sizeof base, "%04zu", w->seq);
	else if (pre && base[pre] == '\0')
		base[pre - 1] = '\0';  /* "0007": no slug left */
	snprintf(out, outsz, "%s", base);
	for (size_t k = 2;; k++) {
		int rc = strset_add(&w->names, out);

		if (rc < 0)
			return -1;
		if (rc > 0)
			return 0;
		snprintf(out, outsz, "%s-%zu", base, k);
	}
}

fmt_writer *
brat_write_begin(fmt_out *out, const fmt_opts *o)
{
	fmt_writer *w;

	if (out == NULL || out->open == NULL || out->close == NULL)
		return NULL;
	if ((w = calloc(1, sizeof *w)) == NULL)
		return NULL;
	w->out = out;
	w->o = o;
	return w;
}

static int
wspan_cmp(const void *x, const void *y)
{
	const span *a = ((const wspan *)x)->s, *b = ((const wspan *)y)->s;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1;
	return strcmp(a->label, b->label);
}

/* An unused span with this label and range, as an index, or SIZE_MAX. */
static size_t
find_span(const fmt_writer *w, size_t n, const char *lab, size_t s, size_t e)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->v[mid].s->start < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && w->v[lo].s->start == s; lo++)
		if (w->v[lo].s->end == e && !w->v[lo].skip && w->v[lo].group == 0 &&
		    strcmp(w->v[lo].s->label, lab) == 0)
			return lo;
	return SIZE_MAX;
}

/* Parse "TYPE S E;S E" into a tentry; -1 if malformed. */
static int
tentry_parse(tentry *t, const char *id, const char *val)
{
	const char *sp = strchr(val, ' '), *q, *end = val + strlen(val);

	memset(t, 0, sizeof *t);
	t->id = id;
	if (sp == NULL || (t->label = strndup(val, (size_t)(sp - val))) == NULL)
		return -1;
	for (q = sp + 1; q < end; ) {
		bfrag g;
		bfrag *f;

		if (brat_num(&q, end, &g.s) != 0 || q == end || *q++ != ' ' ||
		    brat_num(&q, end, &g.e) != 0 || (q < end && *q != ';'))
			return -1;
		if ((f = realloc(t->frags, (t->nfrag + 1) * sizeof *f)) == NULL)
			return -1;
		t->frags = f;
		t->frags[t->nfrag++] = g;
		if (q < end)
			q++;
	}
	return t->nfrag > 0 ? 0 : -1;
}

static void
tmap_free(tentry *tm, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(tm[i].label);
		free(tm[i].frags);
		free(tm[i].members);
	}
	free(tm);
}

/*
 * fr[0..n) cut as brat's own editor cuts a new span (server/src/
 * annotator.py, __create_span): at every LF and TAB, each piece stripped
 * of white space (Python's), empty pieces dropped; brat compares a T
 * line's text with the .txt strictly, so a span across a line break is
 * only readable so. CR counts as white space here (CRLF texts). Spans
 * without LF, CR or TAB stay as they are. Pieces go to w->seg; returns
 * their number (n unchanged when nothing is left, as brat keeps such a
 * span), or (size_t)-1 if out of memory.
 */
static size_t
split_frags(fmt_writer *w, const text *t, const bfrag *fr, size_t n)
{
	size_t k = 0, brk = 0;
	void *v;

	for (size_t i = 0; i < n && !brk; i++)
		for (size_t c = fr[i].s; c < fr[i].e && !brk; c++)
			brk = text_cp_at(t, c) == '\n' || text_cp_at(t, c) == '\t' || text_cp_at(t, c) == '\r';
	for (size_t i = 0; i < n && brk; i++) {
		size_t a = fr[i].s;

		while (a < fr[i].e) {
			size_t b = a, e;

			while (b < fr[i].e && text_cp_at(t, b) != '\n' && text_cp_at(t, b) != '\t')
				b++;
			e = b;
			while (a < e && (fmt_py_space(text_cp_at(t, a)) || text_cp_at(t, a) == '\r'))
				a++;
			while (e > a && (fmt_py_space(text_cp_at(t, e - 1)) || text_cp_at(t, e - 1) == '\r'))
				e--;
			if (a < e) {
				if ((v = fmt_grow(w->seg, &w->segcap, k + 1, sizeof *w->seg)) == NULL)
					return (size_t)-1;
				w->seg = v;
				w->seg[k++] = (bfrag){ a, e };
			}
			a = b + 1;
		}
	}
	if (k == 0) {
		if ((v = fmt_grow(w->seg, &w->segcap, n, sizeof *w->seg)) == NULL)
			return (size_t)-1;
		w->seg = v;
		memcpy(w->seg, fr, n * sizeof *fr);
		return n;
	}
	return k;
}

/* Write the covered text of fragments, joined by spaces (brat's
 * DISCONT_SEP); line breaks inside a fragment (one of only white space)
 * as spaces. */
static void
put_covered(FILE *f, const text *t, const bfrag *g, size_t n)
{
	const char *s = text_bytes(t);

	for (size_t k = 0; k < n; k++) {
		size_t a = text_cp_to_byte(t, g[k].s), b = text_cp_to_byte(t, g[k].e);

		if (k)
			fputc(' ', f);
		for (size_t i = a; i < b; i++)
			fputc(s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], f);
	}
}

/* A label or note on one line: white space (label) or newlines/tabs (note) as given. */
static void
put_clean(FILE *f, const char *s, int is_label)
{
	for (; *s; s++) {
		char c = *s;

		if (c == '\n' || c == '\r' || c == '\t' || (is_label && (c == ' ' || c == '\v' || c == '\f')))
			c = is_label ? '_' : ' ';
		fputc(c, f);
	}
}

/* label as brat's type: white space as '_' (put_clean), malloc'd. */
static char *
brat_type(const char *lab)
{
	char *t = strdup(lab);

	for (char *p = t; p && *p; p++)
		if (strchr(" \t\n\r\v\f", *p) != NULL)
			*p = '_';
	return t;
}

/* Remember an entity type for annotation.conf. */
static int
note_label(fmt_writer *w, const char *lab)
{
	char *t = brat_type(lab);
	int rc = t && strset_add(&w->labels, t) >= 0 ? 0 : -1;

	free(t);
	return rc;
}

/* Remember the attribute of an A (or M) line "A1<TAB>NAME T3[ VALUE]". */
static int
note_attr(fmt_writer *w, const char *line)
{
	const char *tab = strchr(line, '\t'), *sp, *val;
	struct buf b = BUF_INIT;
	int rc;

	if (tab == NULL || (sp = strchr(tab + 1, ' ')) == NULL)
		return 0;
	val = strchr(sp + 1, ' ');
	/* whole, however long: a cut name would lose its TAB (write_confs) */
	rc = buf_printf(&b, "%.*s\t%s", (int)(sp - tab - 1), tab + 1, val ? val + 1 : "") != 0 ||
	    strset_add(&w->attrs, buf_str(&b)) < 0 ? -1 : 0;
	buf_free(&b);
	return rc;
}

/* An A or N line with its T reference renumbered through tm; 0 if the
 * reference is gone (not written). */
static int
put_ref_line(FILE *f, const char *line, const tentry *tm, size_t ntm)
{
	const char *tab = strchr(line, '\t'), *a, *b;

	if (tab == NULL || (a = strchr(tab + 1, ' ')) == NULL)
		return 0;
	a++;
	for (b = a; *b && *b != ' ' && *b != '\t'; b++)
		;
	for (size_t i = 0; i < ntm; i++)
		if (strlen(tm[i].id) == (size_t)(b - a) && memcmp(tm[i].id, a, (size_t)(b - a)) == 0) {
			if (tm[i].tnum == 0)
				return 0;
			fprintf(f, "%.*sT%zu%s\n", (int)(a - line), line, tm[i].tnum, b);
			return 1;
		}
	return 0;
}

static int
close_stream(fmt_writer *w, FILE *f, int ok)
{
	int e = ferror(f);

	return w->out->close(w->out->arg, f) != 0 || e || !ok ? -1 : 0;
}

int
brat_write_doc(fmt_writer *w, const doc *d)
{
	char name[128], file[140];
	text *t = NULL;
	FILE *f;
	json *meta = NULL;
	const json *brat = NULL, *jt, *ja, *jn;
	tentry *tm = NULL;
	size_t ntm = 0, n = 0, tnum = 0, notes = 0, ncp;
	int rc = -1;
	void *v;

	w->seq++;
	if (doc_name(w, d, name, sizeof name) != 0)
		return -1;
	snprintf(file, sizeof file, "%s.txt", name);
	if ((f = w->out->open(w->out->arg, file)) == NULL)
		return -1;
	if (close_stream(w, f, d->len == 0 || fwrite(d->text, 1, d->len, f) == d->len) != 0)
		return -1;
	if ((t = text_new(d->text ? d->text : "", d->text ? d->len : 0)) == NULL)
		return -1;
	ncp = text_len(t);

	/* the spans to write, in order */
	if ((v = fmt_grow(w->v, &w->vcap, d->nspans + 1, sizeof *w->v)) == NULL)
		goto out;
	w->v = v;
	for (size_t i = 0; i < d->nspans; i++) {
		const span *s = &d->spans[i];

		if (s->kind != SPAN_ENTITY || s->status == SPAN_REJECTED || s->label == NULL ||
		    s->label[0] == '\0')
			continue;
		if (s->start > s->end || s->end > ncp) {
			w->badspans++;
			continue;
		}
		w->v[n++] = (wspan){ s, 0, 0, 0 };
	}
	if (n > 1)
		qsort(w->v, n, sizeof *w->v, wspan_cmp);

	/* the metadata: discontinuous annotations and the A/N lines */
	if (d->meta && strstr(d->meta, "\"brat\"")) {
		char msg[128];

		if (w->o == NULL || w->o->json_parse == NULL ||
		    (meta = w->o->json_parse(w->o->json_ctx, d->meta, strlen(d->meta), msg, sizeof msg)) == NULL)
			w->nometa++;
		else
			brat = json_get(meta, "brat");
	}
	if (brat && (jt = json_get(brat, "T")) != NULL && jt->type == JSON_OBJECT) {
		if ((tm = calloc(jt->n + 1, sizeof *tm)) == NULL)
			goto out;
		for (const json *c = jt->child; c; c = c->next)
			if (c->key && c->type == JSON_TEXT && tentry_parse(&tm[ntm], c->key, c->str) == 0)
				ntm++;
			else {
				free(tm[ntm].label);
				free(tm[ntm].frags);
				memset(&tm[ntm], 0, sizeof tm[ntm]);
			}
	}
	for (size_t i = 0; i < ntm; i++) {
		tentry *e = &tm[i];
		size_t k;

		if (e->nfrag < 2)
			continue;
		if ((e->members = calloc(e->nfrag, sizeof *e->members)) == NULL)
			goto out;
		for (k = 0; k < e->nfrag; k++) {
			e->members[k] = find_span(w, n, e->label, e->frags[k].s, e->frags[k].e);
			if (e->members[k] == SIZE_MAX)
				break;
			w->v[e->members[k]].group = i + 1;   /* claimed, for find_span */
		}
		if (k < e->nfrag) {
			for (size_t j = 0; j < k; j++)
				w->v[e->members[j]].group = 0;
			free(e->members);
			e->members = NULL;
			continue;
		}
		/* the first in span order carries the line; the others are skipped */
		{
			size_t head = e->members[0];

			for (k = 1; k < e->nfrag; k++)
				if (e->members[k] < head)
					head = e->members[k];
			for (k = 0; k < e->nfrag; k++)
				w->v[e->members[k]].skip = e->members[k] != head;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!w->v[i].skip)
			w->v[i].tnum = ++tnum;
	for (size_t i = 0; i < ntm; i++) {
		tentry *e = &tm[i];

		if (e->members) {
			for (size_t k = 0; k < e->nfrag; k++)
				if (!w->v[e->members[k]].skip)
					e->tnum = w->v[e->members[k]].tnum;
		} else if (e->nfrag == 1) {
			size_t k = find_span(w, n, e->label, e->frags[0].s, e->frags[0].e);

			if (k != SIZE_MAX)
				e->tnum = w->v[k].tnum;
		}
	}

	snprintf(file, sizeof file, "%s.ann", name);
	if ((f = w->out->open(w->out->arg, file)) == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const wspan *x = &w->v[i];
		const tentry *g = x->group ? &tm[x->group - 1] : NULL;
		bfrag one = { x->s->start, x->s->end };
		const bfrag *fr = g ? g->frags : &one;
		size_t nf = g ? g->nfrag : 1;

		if (x->skip)
			continue;
		if ((nf = split_frags(w, t, fr, nf)) == (size_t)-1) {
			close_stream(w, f, 0);
			goto out;
		}
		if (nf != (g ? g->nfrag : 1) || memcmp(w->seg, fr, nf * sizeof *fr) != 0)
			w->nsplit++;
		fr = w->seg;
		fprintf(f, "T%zu\t", x->tnum);
		w->wslabel += strpbrk(x->s->label, " \t\n\r\v\f") != NULL;
		put_clean(f, x->s->label, 1);
		if (note_label(w, x->s->label) != 0) {
			close_stream(w, f, 0);
			goto out;
		}
		for (size_t k = 0; k < nf; k++)
			fprintf(f, "%s%zu %zu", k ? ";" : " ", fr[k].s, fr[k].e);
		fputc('\t', f);
		put_covered(f, t, fr, nf);
		fputc('\n', f);
	}
	for (size_t i = 0; i < n; i++)
		if (!w->v[i].skip && w->v[i].s->note && w->v[i].s->note[0]) {
			fprintf(f, "#%zu\tAnnotatorNotes T%zu\t", ++notes, w->v[i].tnum);
			put_clean(f, w->v[i].s->note, 0);
			fputc('\n', f);
		}
	ja = brat ? json_get(brat, "A") : NULL;
	jn = brat ? json_get(brat, "N") : NULL;
	for (int k = 0; k < 2; k++) {
		const json *arr = k ? jn : ja;

		if (arr == NULL || arr->type != JSON_ARRAY)
			continue;
		for (const json *c = arr->child; c; c = c->next) {
			if (c->type != JSON_TEXT || !put_ref_line(f, c->str, tm, ntm))
				w->dropped++;
			else if (k == 0 && note_attr(w, c->str) != 0) {
				close_stream(w, f, 0);
				goto out;
			}
		}
	}
	rc = close_stream(w, f, 1);
out:
	tmap_free(tm, ntm);
	json_free(meta);
	text_free(t);
	return rc;
}

void
brat_write_report(fmt_writer *w, fmt_report *rep)
{
	const size_t cnt[] = { w->dropped, w->badspans, w->nometa, w->nsplit, w->wslabel };
	static const char *const what[] = { "A/N lines whose annotation is gone (not written)",
		"spans past the text (not written)", "articles with unreadable metadata",
		"spans across a line break written as fragments split there, as brat does",
		"T lines whose label has white space, written with '_' there (brat types have none)" };

	if (rep == NULL)
		return;
	rep->skipped += w->dropped + w->badspans + w->nometa;
	for (size_t i = 0; i < sizeof cnt / sizeof cnt[0]; i++)
		if (cnt[i] > 0)
			fmt_report_add(rep, "%s%zu %s", rep->what.len ? "; " : "brat: ", cnt[i], what[i]);
	w->dropped = w->badspans = w->nometa = w->nsplit = w->wslabel = 0;
}

/*
 * annotation.conf and visual.conf, so that brat opens the export: every
 * entity type written or in the label scheme; overlaps of any kind
 * allowed (gloss spans may overlap and nest); the attributes of the A/M
 * lines written (binary, or with the values seen); each label's colour.
 */
static int
write_confs(fmt_writer *w)
{
	const label_scheme *ls = w->o ? w->o->labels : NULL;
	char **types = NULL, **attrs = NULL;
	FILE *f;
	int rc = -1;

	for (size_t i = 0; ls && i < ls->n; i++)
		if (note_label(w, ls->v[i].name) != 0)
			return -1;
	if ((types = strset_sorted(&w->labels)) == NULL || (attrs = strset_sorted(&w->attrs)) == NULL
	    || (f = w->out->open(w->out->arg, "annotation.conf")) == NULL)
		goto out;
	fputs("# brat configuration written by gloss: the entity types of this export.\n\n[entities]\n", f);
	for (size_t i = 0; types[i]; i++)
		fprintf(f, "%s\n", types[i]);
	fputs("\n[relations]\n\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"
	    "\n[events]\n\n[attributes]\n\n", f);
	for (size_t i = 0; attrs[i]; ) {
		size_t n = strcspn(attrs[i], "\t"), j = i;

		fprintf(f, "%.*s\tArg:<ENTITY>", (int)n, attrs[i]);
		for (int first = 1; attrs[j] && strncmp(attrs[j], attrs[i], n + 1) == 0; j++)
			if (attrs[j][n] != '\0' && attrs[j][n + 1] != '\0') {
				fprintf(f, "%s%s", first ? ", Value:" : "|", attrs[j] + n + 1);
				first = 0;
			}
		putc('\n', f);
		i = j;
	}
	if (close_stream(w, f, 1) != 0 || (f = w->out->open(w->out->arg, "visual.conf")) == NULL)
		goto out;
	fputs("# brat display configuration written by gloss: the label colours.\n\n[labels]\n\n[drawing]\n\n", f);
	for (size_t i = 0; ls && i < ls->n; i++) {
		const char *hex = fmt_colour_hex(ls->v[i].colour);
		char *t = brat_type(ls->v[i].name);

		if (hex && t)
			fprintf(f, "%s\tbgColor:%s\n", t, hex);
		free(t);
	}
	rc = close_stream(w, f, 1);
out:
	free(types);
	free(attrs);
	return rc;
}

int
brat_write_end(fmt_writer *w)
{
	int rc;

	if (w == NULL)
		return -1;
	rc = write_confs(w);
	strset_free(&w->names);
	strset_free(&w->labels);
	strset_free(&w->attrs);
	free(w->v);
	free(w->seg);
	free(w);
	return rc;
}

