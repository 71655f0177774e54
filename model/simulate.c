/*
 * simulate.c: the replay of gold data behind `gloss simulate` and the
 * training loop behind `gloss train` (see simulate.h).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "model/buf.h"
#include "model/simulate.h"

double
sim_precision(const sim_count *c)
{
	return c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0;
}

double
sim_recall(const sim_count *c)
{
	return c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0;
}

double
sim_f1(const sim_count *c)
{
	double p = sim_precision(c), r = sim_recall(c);

	return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static size_t
cp_count(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Append a doc of text s[0..n) with d's spans inside [cp0, cp1), shifted. */
static int
split_piece(const doc *d, const char *s, size_t n, size_t cp0, size_t cp1, doc **out, size_t *nout)
{
	doc *v = realloc(*out, (*nout + 1) * sizeof *v), *p;

	if (v == NULL)
		return -1;
	*out = v;
	p = &v[*nout];
	doc_init(p);
	if (doc_set_text(p, s, n) != 0 || doc_set_str(&p->meta, d->meta) != 0 ||
	    doc_set_str(&p->title, d->title) != 0) {
		doc_clear(p);
		return -1;
	}
	(*nout)++;
	for (size_t i = 0; i < d->nspans; i++) {
		span sp = d->spans[i];

		if (sp.start < cp0 || sp.end > cp1)
			continue;
		sp.start -= cp0;
		sp.end -= cp0;
		sp.id = 0;
		if (doc_add_span(p, &sp) != 0)
			return -1;
	}
	return 0;
}

int
sim_split(const doc *d, size_t per, doc **out, size_t *nout)
{
	size_t b0 = 0, cp0 = 0, lines = 0, cp = 0;

	if (per == 0)
		return split_piece(d, d->text, d->len, 0, cp_count(d->text, d->len), out, nout);
	for (size_t b = 0; b <= d->len; b++) {
		int end = b == d->len;

		if (!end && d->text[b] != '\n') {
			cp += ((unsigned char)d->text[b] & 0xc0) != 0x80;
			continue;
		}
		if (++lines == per || end) {
			if (b > b0 && split_piece(d, d->text + b0, b - b0, cp0, cp, out, nout) != 0)
				return -1;
			lines = 0;
			b0 = b + 1;
			cp0 = cp + 1;
		}
		cp++; /* the LF */
	}
	return 0;
}

/* ------------------------------------------------------------------ */

typedef struct spans {
	span *v;
	size_t n, cap;
} spans;

/* Append a shallow copy (labels are borrowed from the gold docs). */
static int
spans_push(spans *l, const span *s)
{
	span *v = array_grow(l->v, &l->cap, l->n + 1, sizeof *v);

	if (v == NULL)
		return -1;
	l->v = v;
	l->v[l->n++] = *s;
	return 0;
}

const char **
sim_labels(const doc *docs, size_t ndocs, size_t *n)
{
	const char **v = NULL;

	*n = 0;
	for (size_t d = 0; d < ndocs; d++)
		for (size_t i = 0; i < docs[d].nspans; i++) {
			const char *l = docs[d].spans[i].label;
			size_t k = 0;
			const char **nv;

			if (l == NULL)
				continue;
			while (k < *n && strcmp(v[k], l) != 0)
				k++;
			if (k < *n)
				continue;
			if ((nv = realloc(v, (*n + 1) * sizeof *v)) == NULL) {
				free(v);
				return NULL;
			}
			v = nv;
			v[(*n)++] = l;
		}
	return v ? v : calloc(1, sizeof *v);
}

static int
is_gold(const span *s)
{
	return s->kind == SPAN_ENTITY && s->status != SPAN_REJECTED && s->label != NULL;
}

static int
in_gold(const span *s, const span *const *g, size_t ng)
{
	for (size_t j = 0; j < ng; j++)
		if (g[j]->start == s->start && g[j]->end == s->end && strcmp(g[j]->label, s->label) == 0)
			return 1;
	return 0;
}

/* Score suggestions sug against the gold spans g[0..ng) (one sentence). */
static void
score(const sug_list *sug, const span *const *g, size_t ng, sim_count *c)
{
	size_t tp = 0;

	for (size_t i = 0; i < sug->n; i++)
		tp += (size_t)in_gold(&sug->v[i], g, ng);
	c->tp += tp;
	c->fp += sug->n - tp;
	c->fn += ng - tp;
}

/* Drop suggestions outside [a,b): an engine may propose for more of the
 * text than it was asked for (want_* is a hint), but only the sentence
 * being annotated is scored. */
static void
keep_inside(sug_list *l, size_t a, size_t b)
{
	size_t k = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].start >= a && l->v[i].end <= b)
			l->v[k++] = l->v[i];
		else
			span_clear(&l->v[i]);
	l->n = k;
}

/* The tokens and line ranges (code points) of a doc. */
typedef struct docview {
	token *tok;
	size_t ntok, ncp;
	size_t *line;   /* line k is [line[2k], line[2k+1]) */
	size_t nline;
} docview;

static int
docview_build(docview *v, const doc *d)
{
	size_t cp = 0, ls = 0;

	memset(v, 0, sizeof *v);
	v->ntok = sug_tokens(d->text, d->len, token_mode_of_meta(d->meta), &v->tok);
	if (v->ntok == (size_t)-1) {
		v->tok = NULL;
		v->ntok = 0;
		return -1;
	}
	if ((v->line = malloc((d->len + 2) * 2 * sizeof *v->line)) == NULL)
		return -1;
	for (size_t b = 0; b <= d->len; b++) {
		if (b == d->len || d->text[b] == '\n') {
			v->line[2 * v->nline] = ls;
			v->line[2 * v->nline + 1] = cp;
			v->nline++;
			ls = cp + 1;
			cp += b < d->len;
			continue;
		}
		cp += ((unsigned char)d->text[b] & 0xc0) != 0x80;
	}
	v->ncp = cp;
	return 0;
}

static void
docview_free(docview *v)
{
	free(v->tok);
	free(v->line);
	memset(v, 0, sizeof *v);
}

int
sim_run(const doc *docs, size_t ndocs, sug_engine **eng, size_t n,
    const sug_rule *rules, size_t nrules, sim_result *res)
{
	size_t nlab;
	const char **labels = sim_labels(docs, ndocs, &nlab);
	sug_list cand[SIM_MAX_ENGINES], all, pick, dochints, rejected;
	sug_memory *mem = sug_memory_new();
	spans known = { 0 }, hints = { 0 };
	const span **g = NULL;
	docview v = { 0 };
	int rc = -1;

	memset(res, 0, sizeof *res);
	sug_list_init(&rejected);
	if (labels == NULL || mem == NULL || n > SIM_MAX_ENGINES)
		goto out0;
	if (rules == NULL)
		rules = sug_default_rules(&nrules);
	res->nengines = n;
	for (size_t e = 0; e < n; e++) {
		res->engine[e] = eng[e]->name;
		sug_list_init(&cand[e]);
	}
	sug_list_init(&all);
	sug_list_init(&pick);
	sug_list_init(&dochints);
	for (size_t d = 0; d < ndocs; d++) {
		const doc *D = &docs[d];
		sug_input in = { 0 };
		size_t tenth = d * SIM_TENTHS / ndocs, ng;
		const span **ng_v;

		docview_free(&v);
		if (docview_build(&v, D) != 0 || (ng_v = realloc(g, (D->nspans + 1) * sizeof *g)) == NULL)
			goto out;
		g = ng_v;
		known.n = 0;
		sug_list_reset(&dochints);
		sug_list_reset(&rejected);
		in.s = D->text;
		in.len = D->len;
		in.ncp = v.ncp;
		in.tok = v.tok;
		in.ntok = v.ntok;
		in.labels = labels;
		in.nlabels = nlab;
		res->ndocs++;
		for (size_t k = 0; k < v.nline; k++) {
			size_t ls = v.line[2 * k], le = v.line[2 * k + 1];

			if (le == ls)
				continue;
			res->nsents++;
			/* the sentence's gold, kept aside until it is scored */
			ng = 0;
			for (size_t i = 0; i < D->nspans; i++)
				if (is_gold(&D->spans[i]) && D->spans[i].start >= ls && D->spans[i].end <= le)
					g[ng++] = &D->spans[i];
			res->ngold += ng;
			in.known = known.v;
			in.nknown = known.n;
			in.want_start = ls;
			in.want_end = le;
			in.hints = NULL;
			in.nhints = 0;
			/* engines other than the tagger first: their output is the tagger's hints */
			hints.n = 0;
			sug_list_reset(&all);
			for (int model = 0; model < 2; model++)
				for (size_t e = 0; e < n; e++) {
					if ((eng[e]->source == SRC_MODEL) != model)
						continue;
					sug_list_reset(&cand[e]);
					/* the others see every label: a DATE match is evidence for
					 * the tagger even where the scheme has no DATE; combine
					 * keeps the scheme's labels */
					in.labels = model ? labels : NULL;
					in.nlabels = model ? nlab : 0;
					if (model) {
						in.hints = hints.v;
						in.nhints = hints.n;
					}
					if (eng[e]->suggest(eng[e]->self, &in, &cand[e]) != 0)
						goto out;
					keep_inside(&cand[e], ls, le);
					for (size_t i = 0; i < cand[e].n; i++) {
						if (sug_list_add(&all, cand[e].v[i].start, cand[e].v[i].end, cand[e].v[i].label,
						        cand[e].v[i].source, cand[e].v[i].confidence) != 0)
							goto out;
						if (!model && (spans_push(&hints, &all.v[all.n - 1]) != 0))
							goto out;
					}
				}
			/* hints borrow labels from `all`, reset per sentence: the doc keeps copies */
			for (size_t i = 0; i < hints.n; i++)
				if (sug_list_add(&dochints, hints.v[i].start, hints.v[i].end, hints.v[i].label,
				        hints.v[i].source, hints.v[i].confidence) != 0)
					goto out;
			in.labels = labels;
			in.nlabels = nlab;
			for (size_t e = 0; e < n; e++) {
				sug_list_reset(&pick);
				if (sug_combine(&in, &cand[e], rules, nrules, NULL, &pick) != 0)
					goto out;
				score(&pick, g, ng, &res->each[e]);
			}
			sug_list_reset(&pick);
			if (sug_combine(&in, &all, rules, nrules, mem, &pick) != 0)
				goto out;
			score(&pick, g, ng, &res->all);

			score(&pick, g, ng, &res->tenth[tenth]);
			for (size_t j = 0; j < ng; j++) {
				int exact = 0, over = 0;

				for (size_t i = 0; i < pick.n; i++) {
					const span *s = &pick.v[i];

					if (s->start < g[j]->end && s->end > g[j]->start) {
						over = 1;
						exact |= s->start == g[j]->start && s->end == g[j]->end &&
						    strcmp(s->label, g[j]->label) == 0;
					}
				}
				res->near += (size_t)(over && !exact);
			}
			/* now the person rejects the wrong suggestions (x) and
			 * confirms the sentence's gold */
			{
				size_t k0 = known.n, r0 = rejected.n;

				for (size_t i = 0; i < pick.n; i++)
					if (!in_gold(&pick.v[i], g, ng) &&
					    sug_list_add(&rejected, pick.v[i].start, pick.v[i].end, pick.v[i].label,
					        pick.v[i].source, pick.v[i].confidence) != 0)
						goto out;
				for (size_t i = r0; i < rejected.n; i++) {
					span c = rejected.v[i];

					c.status = SPAN_REJECTED;
					if (spans_push(&known, &c) != 0 ||
					    sug_memory_add(mem, D->text, sug_cp_to_byte(&in, c.start), sug_cp_to_byte(&in, c.end),
					        c.label, SPAN_REJECTED) != 0)
						goto out;
				}
				for (size_t j = 0; j < ng; j++) {
					span c = *g[j];

					c.status = SPAN_CONFIRMED;
					if (spans_push(&known, &c) != 0 ||
					    sug_memory_add(mem, D->text, sug_cp_to_byte(&in, c.start), sug_cp_to_byte(&in, c.end),
					        c.label, SPAN_CONFIRMED) != 0)
						goto out;
				}
				in.known = known.v;
				in.nknown = known.n;
				in.done_start = ls;
				in.done_end = le;
				for (size_t e = 0; e < n; e++)
					if (eng[e]->learn && eng[e]->learn(eng[e]->self, &in, known.v + k0, known.n - k0) != 0)
						goto out;
			}
		}
		/* end of the document: the tagger learns from all of it again,
		 * with the hints it was given when suggesting */
		in.known = known.v;
		in.nknown = known.n;
		in.done_start = 0;
		in.done_end = v.ncp;
		in.hints = dochints.v;
		in.nhints = dochints.n;
		for (size_t e = 0; e < n; e++)
			if (eng[e]->learn && eng[e]->source == SRC_MODEL &&
			    eng[e]->learn(eng[e]->self, &in, known.v, known.n) != 0)
				goto out;
	}
	rc = 0;
out:
	for (size_t e = 0; e < n; e++)
		sug_list_clear(&cand[e]);
	sug_list_clear(&all);
	sug_list_clear(&pick);
	sug_list_clear(&dochints);
out0:
	sug_list_clear(&rejected);
	sug_memory_free(mem);
	docview_free(&v);
	free(known.v);
	free(hints.v);
	free(g);
	free(labels);
	return rc;
}

/* The hints the engines in hint[0..nh) give for each line of doc D, each
 * line before its gold is learnt (as in the replay), appended to out. */
static int
doc_hints(const doc *D, const docview *v, const char *const *labels, size_t nlab,
    sug_engine **hint, size_t nh, sug_list *out)
{
	sug_list c;
	spans known = { 0 };
	sug_input in = { 0 };
	int rc = -1;

	sug_list_init(&c);
	in.s = D->text;
	in.len = D->len;
	in.ncp = v->ncp;
	in.tok = v->tok;
	in.ntok = v->ntok;
	/* every label, as in the replay (see sim_run) */
	(void)labels;
	(void)nlab;
	for (size_t k = 0; k < v->nline; k++) {
		size_t ls = v->line[2 * k], le = v->line[2 * k + 1], k0 = known.n;

		in.known = known.v;
		in.nknown = known.n;
		in.want_start = ls;
		in.want_end = le;
		for (size_t e = 0; e < nh; e++) {
			sug_list_reset(&c);
			if (hint[e]->suggest(hint[e]->self, &in, &c) != 0)
				goto out;
			keep_inside(&c, ls, le);
			for (size_t i = 0; i < c.n; i++)
				if (sug_list_add(out, c.v[i].start, c.v[i].end, c.v[i].label, c.v[i].source,
				        c.v[i].confidence) != 0)
					goto out;
		}
		for (size_t i = 0; i < D->nspans; i++)
			if (is_gold(&D->spans[i]) && D->spans[i].start >= ls && D->spans[i].end <= le &&
			    spans_push(&known, &D->spans[i]) != 0)
				goto out;
		in.known = known.v;
		in.nknown = known.n;
		in.done_start = ls;
		in.done_end = le;
		for (size_t e = 0; e < nh; e++)
			if (hint[e]->learn && hint[e]->learn(hint[e]->self, &in, known.v + k0, known.n - k0) != 0)
				goto out;
	}
	rc = 0;
out:
	sug_list_clear(&c);
	free(known.v);
	return rc;
}

int
sim_train(const doc *docs, size_t ndocs, sug_engine **hint, size_t nh, sug_engine *e, unsigned epochs)
{
	sug_list *hints = calloc(ndocs ? ndocs : 1, sizeof *hints);
	size_t nlab;
	const char **labels = sim_labels(docs, ndocs, &nlab);
	docview v = { 0 };
	int rc = -1;

	if (hints == NULL || labels == NULL)
		goto out;
	for (size_t d = 0; d < ndocs; d++) {
		sug_list_init(&hints[d]);
		docview_free(&v);
		if (docview_build(&v, &docs[d]) != 0 || doc_hints(&docs[d], &v, labels, nlab, hint, nh, &hints[d]) != 0)
			goto out;
	}
	for (unsigned ep = 0; ep < epochs; ep++)
		for (size_t d = 0; d < ndocs; d++) {
			sug_input in = { 0 };

			docview_free(&v);
			if (docview_build(&v, &docs[d]) != 0)
				goto out;
			in.s = docs[d].text;
			in.len = docs[d].len;
			in.ncp = v.ncp;
			in.tok = v.tok;
			in.ntok = v.ntok;
			in.known = docs[d].spans;
			in.nknown = docs[d].nspans;
			in.hints = hints[d].v;
			in.nhints = hints[d].n;
			in.done_end = v.ncp;
			if (e->learn && e->learn(e->self, &in, docs[d].spans, docs[d].nspans) != 0)
				goto out;
		}
	rc = 0;
out:
	docview_free(&v);
	for (size_t d = 0; hints && d < ndocs; d++)
		sug_list_clear(&hints[d]);
	free(hints);
	free(labels);
	return rc;
}

