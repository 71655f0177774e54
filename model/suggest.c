/*
 * suggest.c: the shared parts of the suggestion engines: token view,
 * suggestion lists, the corpus-wide memory of decisions and the
 * combination rule (see suggest.h for the contract).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include "model/buf.h"
#include "model/suggest.h"

size_t
sug_tokens(const char *s, size_t len, int mode, token **out)
{
	return token_split_mode(s, len, mode, NULL, 0, out);
}

void
sug_list_init(sug_list *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
	l->lab = NULL;
	l->nlab = l->labcap = 0;
}

/* The list's copy of label: engines pass the same few label strings over
 * and over (often the same pointer), so a short scan beats a malloc. */
static const char *
list_label(sug_list *l, const char *label)
{
	char **v, *c;
	size_t n;

	for (size_t i = 0; i < l->nlab; i++)
		if (l->lab[i] == label || strcmp(l->lab[i], label) == 0)
			return l->lab[i];
	if ((v = array_grow(l->lab, &l->labcap, l->nlab + 1, sizeof *v)) == NULL)
		return NULL;
	l->lab = v;
	n = strlen(label) + 1;
	if ((c = malloc(n)) == NULL)
		return NULL;
	memcpy(c, label, n);
	l->lab[l->nlab++] = c;
	return c;
}

int
sug_list_add(sug_list *l, size_t start, size_t end, const char *label, int source, double conf)
{
	span *s;
	const char *lab;

	if ((s = array_grow(l->v, &l->cap, l->n + 1, sizeof *s)) == NULL)
		return -1;
	l->v = s;
	if ((lab = list_label(l, label ? label : "")) == NULL)
		return -1;
	s = &l->v[l->n];
	memset(s, 0, sizeof *s);
	s->label = lab;
	s->start = start;
	s->end = end;
	s->kind = SPAN_ENTITY;
	s->status = SPAN_SUGGESTED;
	s->source = source;
	s->confidence = conf < 0 ? 0 : conf > 1 ? 1 : conf;
	l->n++;
	return 0;
}

void
sug_list_reset(sug_list *l)
{
	l->n = 0; /* the spans are views: nothing to free */
}

void
sug_list_clear(sug_list *l)
{
	sug_list_reset(l);
	free(l->v);
	for (size_t i = 0; i < l->nlab; i++)
		free(l->lab[i]);
	free(l->lab);
	sug_list_init(l);
}

int
sug_label_allowed(const sug_input *in, const char *label)
{
	if (in->labels == NULL)
		return 1;
	for (size_t i = 0; i < in->nlabels; i++)
		if (strcmp(in->labels[i], label) == 0)
			return 1;
	return 0;
}

sug_engine *
sug_engine_new(const sug_engine *proto, void *self)
{
	sug_engine *e = malloc(sizeof *e);

	if (e == NULL) {
		if (proto->free)
			proto->free(self);
		return NULL;
	}
	*e = *proto;
	e->self = self;
	return e;
}

void
sug_engine_free(sug_engine *e)
{
	if (e == NULL)
		return;
	if (e->free)
		e->free(e->self);
	free(e);
}

/* ------------------------------------------------------------------ */
/* Keys */

/*
 * An ASCII word folds to its lower case (Unicode's case folding maps
 * A-Z only, and NFC leaves ASCII alone): nearly every word of news text,
 * without u8_casefold's ~3k instructions per word (the propagation folds
 * every word of the open article after each decision).
 */
static char *
fold_ascii(const char *s, size_t n, size_t *outn)
{
	char *r = malloc(n + 1);

	if (r == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		r[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
	r[n] = '\0';
	if (outn)
		*outn = n;
	return r;
}

char *
sug_fold(const char *s, size_t n, size_t *outn)
{
	size_t len = 0, i = 0;
	uint8_t *f;
	char *r;

	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	if (i == n)
		return fold_ascii(s, n, outn);
	if ((f = u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFC, NULL, &len)) == NULL)
		return NULL;
	r = realloc(f, len + 1);
	if (r == NULL) {
		free(f);
		return NULL;
	}
	r[len] = '\0';
	if (outn)
		*outn = len;
	return r;
}

char *
sug_key(const char *s, size_t n)
{
	token *tok = NULL;
	size_t nt = token_split_mode(s, n, TOKEN_WORDS, NULL, 0, &tok), k = 0, cap = 0;
	char *key = NULL;

	if (nt == (size_t)-1)
		return NULL;
	for (size_t i = 0; i < nt; i++) {
		size_t fl;
		char *f = sug_fold(s + tok[i].bstart, tok[i].bend - tok[i].bstart, &fl);
		char *nk;

		if (f == NULL || (nk = realloc(key, (cap = k + fl + 2))) == NULL) {
			free(f);
			free(key);
			free(tok);
			return NULL;
		}
		key = nk;
		if (k)
			key[k++] = ' ';
		memcpy(key + k, f, fl);
		k += fl;
		key[k] = '\0';
		free(f);
	}
	(void)cap;
	free(tok);
	return key;
}

/* ------------------------------------------------------------------ */
/* Memory of decisions: open addressing over "key\tlabel" strings. */

typedef struct mem_ent {
	char *k;          /* "key\tlabel", NULL for an empty slot */
	uint64_t h;
	unsigned conf, rej;
} mem_ent;

struct sug_memory {
	mem_ent *v;
	size_t n, cap;    /* cap is a power of two */
};

uint64_t
sug_hash_step(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t
sug_hash_mix(uint64_t h)
{
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return h;
}

uint64_t
sug_hash(const void *p, size_t n, uint64_t seed)
{
	return sug_hash_mix(sug_hash_step(SUG_HASH_INIT ^ seed, p, n));
}

sug_memory *
sug_memory_new(void)
{
	return calloc(1, sizeof(sug_memory));
}

void
sug_memory_free(sug_memory *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].k);
	free(m->v);
	free(m);
}

static char *
mem_join(const char *key, const char *label, size_t *n)
{
	size_t a = strlen(key), b = strlen(label);
	char *k = malloc(a + b + 2);

	if (k == NULL)
		return NULL;
	memcpy(k, key, a);
	k[a] = '\t';
	memcpy(k + a + 1, label, b + 1);
	*n = a + b + 1;
	return k;
}

static mem_ent *
mem_find(const sug_memory *m, const char *k, size_t kn, uint64_t h)
{
	if (m->cap == 0)
		return NULL;
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		mem_ent *e = &m->v[i];

		if (e->k == NULL || (e->h == h && strncmp(e->k, k, kn + 1) == 0))
			return e;
	}
}

static int
mem_grow(sug_memory *m)
{
	size_t nc = m->cap ? m->cap * 2 : 64;
	mem_ent *v = calloc(nc, sizeof *v), *old = m->v;
	size_t oc = m->cap;

	if (v == NULL)
		return -1;
	m->v = v;
	m->cap = nc;
	for (size_t i = 0; i < oc; i++)
		if (old[i].k) {
			size_t j = old[i].h & (nc - 1);

			while (v[j].k)
				j = (j + 1) & (nc - 1);
			v[j] = old[i];
		}
	free(old);
	return 0;
}

int
sug_memory_add(sug_memory *m, const char *s, size_t bstart, size_t bend, const char *label, int status)
{
	char *key, *k;
	size_t kn;
	uint64_t h;
	mem_ent *e;

	if (status != SPAN_CONFIRMED && status != SPAN_REJECTED)
		return 0;
	if (bend <= bstart || label == NULL)
		return 0;
	if ((key = sug_key(s + bstart, bend - bstart)) == NULL)
		return 0; /* no token: nothing to remember */
	k = mem_join(key, label, &kn);
	free(key);
	if (k == NULL)
		return -1;
	if ((m->n + 1) * 2 > m->cap && mem_grow(m) != 0) {
		free(k);
		return -1;
	}
	h = sug_hash(k, kn, 0);
	e = mem_find(m, k, kn, h);
	if (e->k == NULL) {
		e->k = k;
		e->h = h;
		m->n++;
	} else
		free(k);
	if (status == SPAN_CONFIRMED)
		e->conf++;
	else
		e->rej++;
	return 0;
}

static const mem_ent *
mem_lookup(const sug_memory *m, const char *key, const char *label)
{
	size_t kn;
	char *k;
	const mem_ent *e;

	if (m == NULL || m->n == 0 || key == NULL || (k = mem_join(key, label, &kn)) == NULL)
		return NULL;
	e = mem_find(m, k, kn, sug_hash(k, kn, 0));
	free(k);
	return e && e->k ? e : NULL;
}

unsigned
sug_memory_rejected(const sug_memory *m, const char *key, const char *label)
{
	const mem_ent *e = mem_lookup(m, key, label);

	return e ? e->rej : 0;
}

unsigned
sug_memory_confirmed(const sug_memory *m, const char *key, const char *label)
{
	const mem_ent *e = mem_lookup(m, key, label);

	return e ? e->conf : 0;
}

/* ------------------------------------------------------------------ */
/* Combination */

/*
 * The model's confidence is calibrated (tagger_calibrate: 0.38 is a
 * marginal of 0.6, its threshold before); propagation's weight 0.7 lets a
 * sure model win over a string confirmed once. Replays (combined F1,
 * btc_section_g / wikigold): 0.741/0.678; threshold 0.45: 0.735/0.678;
 * weight 1.0: 0.739/0.678.
 */
static const sug_rule default_rules[] = {
	{ SRC_PROPAGATE, 0.30, 0.70 },
	{ SRC_GAZETTEER, 0.30, 0.90 },
	{ SRC_PATTERN, 0.30, 1.00 },
	{ SRC_MODEL, 0.38, 1.00 },
};

const sug_rule *
sug_default_rules(size_t *n)
{
	*n = sizeof default_rules / sizeof default_rules[0];
	return default_rules;
}

static const sug_rule *
rule_for(const sug_rule *rules, size_t n, int source)
{
	for (size_t i = 0; i < n; i++)
		if (rules[i].source == source)
			return &rules[i];
	return NULL;
}

typedef struct scored {
	size_t i;        /* index into cand */
	size_t start, end;
	double conf;     /* after the rejection penalty */
	double score;
} scored;

static int
scored_cmp(const void *a, const void *b)
{
	const scored *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Text order of kept suggestions: start, then longer first. */
static int
kept_cmp(const void *a, const void *b)
{
	const scored *x = *(const scored *const *)a, *y = *(const scored *const *)b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

size_t
sug_cp_to_byte(const sug_input *in, size_t cp)
{
	size_t lo = 0, hi = in->ntok, b = 0, c = 0;

	/* last token starting at or before cp */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (in->tok[mid].start <= cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0) {
		b = in->tok[lo - 1].bstart;
		c = in->tok[lo - 1].start;
	}
	while (c < cp && b < in->len) {
		unsigned char u = (unsigned char)in->s[b];

		b += u < 0x80 ? 1 : u < 0xe0 ? 2 : u < 0xf0 ? 3 : 4;
		c++;
	}
	return b < in->len ? b : in->len;
}

/* Does [s,e) overlap one of the spans kept so far? (kept is short: linear) */
static int
overlaps_any(const sug_list *cand, scored *const *kept, size_t nk, size_t s, size_t e)
{
	for (size_t i = 0; i < nk; i++) {
		const span *k = &cand->v[kept[i]->i];

		if (k->start < e && k->end > s)
			return 1;
	}
	return 0;
}

int
sug_combine(const sug_input *in, const sug_list *cand,
    const sug_rule *rules, size_t nrules, const sug_memory *mem, sug_list *out)
{
	scored *sc = NULL;
	scored **kept = NULL;
	size_t ns = 0, nk = 0;
	int rc = -1;

	if (cand->n == 0)
		return 0;
	if ((sc = malloc(cand->n * sizeof *sc)) == NULL || (kept = malloc(cand->n * sizeof *kept)) == NULL)
		goto out;
	for (size_t i = 0; i < cand->n; i++) {
		const span *c = &cand->v[i];
		const sug_rule *r = rule_for(rules, nrules, c->source);
		double conf = c->confidence, w = r ? r->weight : 1;
		int drop = c->end <= c->start || c->label == NULL || !sug_label_allowed(in, c->label);

		for (size_t j = 0; j < in->nknown && !drop; j++) {
			const span *k = &in->known[j];

			if (k->kind != SPAN_ENTITY)
				continue;
			if (k->status == SPAN_CONFIRMED && k->start < c->end && k->end > c->start)
				drop = 1;
			if (k->status == SPAN_REJECTED && k->start == c->start && k->end == c->end &&
			    k->label && strcmp(k->label, c->label) == 0)
				drop = 1;
		}
		if (drop)
			continue;
		if (mem) {
			size_t bs = sug_cp_to_byte(in, c->start), be = sug_cp_to_byte(in, c->end);
			char *key = sug_key(in->s + bs, be - bs);
			unsigned rj = sug_memory_rejected(mem, key, c->label);
			unsigned cf = sug_memory_confirmed(mem, key, c->label);

			free(key);
			for (unsigned k = cf; k < rj; k++)
				conf *= 0.5;
		}
		if (r && conf < r->min_conf)
			continue;
		sc[ns].i = i;
		sc[ns].start = c->start;
		sc[ns].end = c->end;
		sc[ns].conf = conf;
		sc[ns].score = conf * w;
		ns++;
	}
	qsort(sc, ns, sizeof *sc, scored_cmp);
	for (size_t i = 0; i < ns; i++) {
		const span *c = &cand->v[sc[i].i];

		if (!overlaps_any(cand, kept, nk, c->start, c->end))
			kept[nk++] = &sc[i];
	}
	qsort(kept, nk, sizeof *kept, kept_cmp);
	rc = 0;
	for (size_t i = 0; i < nk && rc == 0; i++) {
		const span *c = &cand->v[kept[i]->i];

		rc = sug_list_add(out, c->start, c->end, c->label, c->source, kept[i]->conf);
	}
out:
	free(sc);
	free(kept);
	return rc;
}
