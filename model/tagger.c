/*
 * tagger.c: averaged structured perceptron with hashed features, BIO
 * tags and Viterbi decoding (see tagger.h).
 *
 * Tags: 0 is O; label k has B = 1 + 2k and I = 2 + 2k. A feature's row is
 * its hash masked to the table; its weight for tag g sits at row + g, so
 * the weights of one feature are adjacent (one or two cache lines per
 * feature and token). Transitions are features too: "previous tag p" is a
 * row whose weights give p -> g; the sentence start is p = START.
 */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include "model/tagger.h"

enum {
	MAXTAGS = 1 + 2 * TAGGER_MAX_LABELS,
	START = 255,        /* "previous tag" at a sentence start */
	MAXFEAT = 48,       /* features per token */
	MAXSENT = 256,      /* longer sentences are cut into pieces */
	DECAY_TAB = 4096    /* decay^k tabulated below this */
};

/*
 * The corpus dictionary: for each word (folded) the tokens learnt so far,
 * counted by label (inside an entity of label k) and as O. It gives the
 * tagger at once what its word weights learn only slowly ("this word was
 * ORG 3 times out of 3"). A sentence's features are made before its own
 * tokens are counted, so training never sees its answer in them.
 */
typedef struct dent {
	uint64_t h;         /* 0: empty slot */
	uint16_t o;
	uint16_t ent[TAGGER_MAX_LABELS];
} dent;

typedef struct tdict {
	dent *v;
	size_t n, cap;
} tdict;

struct tagger {
	unsigned bits;
	size_t mask;
	float *w;           /* current weights */
	float *ema;         /* exponential moving average of w (lazy) */
	uint32_t *last;     /* step at which ema[i] was last brought up to date */
	float *avg;         /* ema brought up to date and bias-corrected; decoding uses it */
	int dirty;          /* avg is stale */
	uint32_t step;      /* training steps so far (sentences x passes) */
	unsigned passes;
	double window, decay;
	float *dtab;        /* decay^k, k < DECAY_TAB */
	char *labels[TAGGER_MAX_LABELS];
	size_t nlab;
	tdict dict;
	/* replay memory: a reservoir sample of sentences learnt so far */
	struct memsent **mem;
	size_t nmem, seen;
	unsigned replay;    /* past sentences replayed per new sentence */
	uint64_t rng;
};

/* A sentence kept for replay: its features and gold tags. */
typedef struct memsent {
	size_t n;
	unsigned char *gold;
	unsigned *nf;
	uint32_t *rows;     /* MAXFEAT per token */
} memsent;

enum { MEM_MAX = 3000 }; /* sentences kept for replay */

/* ------------------------------------------------------------------ */
/* Life cycle */

static int
set_window(tagger *t, double window)
{
	float *d = t->dtab ? t->dtab : malloc(DECAY_TAB * sizeof *d);

	if (d == NULL)
		return -1;
	t->window = window > 1 ? window : 100;
	t->decay = 1.0 - 1.0 / t->window;
	for (size_t k = 0; k < DECAY_TAB; k++)
		d[k] = (float)pow(t->decay, (double)k);
	t->dtab = d;
	return 0;
}

tagger *
tagger_new(const tagger_opts *o)
{
	tagger *t = calloc(1, sizeof *t);
	size_t n;

	if (t == NULL)
		return NULL;
	t->bits = o && o->bits >= 16 && o->bits <= 26 ? o->bits : 20;
	n = (size_t)1 << t->bits;
	t->mask = n - 1;
	t->passes = o && o->passes ? o->passes : 1;
	t->replay = o && o->replay ? o->replay : 2;
	t->rng = 0x2545f4914f6cdd1dULL;
	t->w = calloc(n, sizeof *t->w);
	t->ema = calloc(n, sizeof *t->ema);
	t->avg = calloc(n, sizeof *t->avg);
	t->last = calloc(n, sizeof *t->last);
	if (t->w == NULL || t->ema == NULL || t->avg == NULL || t->last == NULL ||
	    set_window(t, o ? o->window : 0) != 0) {
		tagger_free(t);
		return NULL;
	}
	return t;
}

void
tagger_free(tagger *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nlab; i++)
		free(t->labels[i]);
	for (size_t i = 0; i < t->nmem; i++)
		free(t->mem[i]);
	free(t->dict.v);
	free(t->mem);
	free(t->w);
	free(t->ema);
	free(t->avg);
	free(t->last);
	free(t->dtab);
	free(t);
}

void
tagger_set_opts(tagger *t, unsigned passes, double window, unsigned replay)
{
	t->replay = replay;
	if (passes)
		t->passes = passes;
	if (window > 0)
		set_window(t, window);
	t->dirty = 1;
}

size_t
tagger_nlabels(const tagger *t)
{
	return t->nlab;
}

const char *
tagger_label(const tagger *t, size_t i)
{
	return i < t->nlab ? t->labels[i] : NULL;
}

static int
label_index(tagger *t, const char *label, int add)
{
	for (size_t i = 0; i < t->nlab; i++)
		if (strcmp(t->labels[i], label) == 0)
			return (int)i;
	if (!add || t->nlab == TAGGER_MAX_LABELS)
		return -1;
	if ((t->labels[t->nlab] = strdup(label)) == NULL)
		return -1;
	return (int)t->nlab++;
}

static double
decay_pow(const tagger *t, uint32_t k)
{
	return k < DECAY_TAB ? t->dtab[k] : pow(t->decay, (double)k);
}

/* Bring avg up to date: the moving average as of now, bias-corrected
 * (an average that started at zero is divided by its total weight). */
static void
refresh(tagger *t)
{
	double corr = 1.0 - pow(t->decay, (double)t->step);
	float inv = corr > 1e-9 ? (float)(1.0 / corr) : 1.0f;

	if (!t->dirty)
		return;
	for (size_t i = 0; i <= t->mask; i++) {
		float w = t->w[i], e = t->ema[i];

		if (e == w && w == 0.0f) {
			t->avg[i] = 0.0f;
			continue;
		}
		e = w + (e - w) * (float)decay_pow(t, t->step - t->last[i]);
		t->avg[i] = e * inv;
	}
	t->dirty = 0;
}

/* Add delta to weight i, first bringing its moving average up to now. */
static void
update(tagger *t, size_t i, float delta)
{
	uint32_t k = t->step - t->last[i];

	if (k) {
		t->ema[i] = t->w[i] + (t->ema[i] - t->w[i]) * (float)decay_pow(t, k);
		t->last[i] = t->step;
	}
	t->w[i] += delta;
	/* this step's contribution to the average */
	t->ema[i] += (float)(1.0 - t->decay) * delta;
}

/* ------------------------------------------------------------------ */
/* Token view: what features are made of */

typedef struct tinfo {
	const char *w;      /* as written */
	size_t wn;
	char *lw;           /* case-folded (points into the article's fold buffer) */
	size_t lwn;
	uint64_t hlw;       /* hash of lw */
	char shape[16];     /* X x d and punctuation, runs of more than 2 cut */
	char sshape[8];     /* runs collapsed to one */
	unsigned cap : 1;   /* starts with an upper-case letter */
	unsigned lower : 1; /* written all in lower case, has a letter */
	unsigned first : 1; /* first token of its sentence */
	unsigned lowelse : 1; /* cap, and written in lower case elsewhere */
	unsigned capelse : 1; /* capitalised inside a sentence elsewhere */
	int hint[4];        /* hint tags here: (hint index << 1) | inside; -1 none */
} tinfo;

/* A small hash multiset of 64-bit keys (article-level word sets). */
typedef struct hset {
	uint64_t *k;
	unsigned *c;
	size_t cap;
} hset;

static int
hset_init(hset *h, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2)
		cap *= 2;
	h->k = calloc(cap, sizeof *h->k);
	h->c = calloc(cap, sizeof *h->c);
	h->cap = cap;
	return h->k && h->c ? 0 : -1;
}

static void
hset_free(hset *h)
{
	free(h->k);
	free(h->c);
}

static unsigned *
hset_slot(const hset *h, uint64_t k)
{
	k |= 1; /* 0 marks an empty slot */
	for (size_t i = k & (h->cap - 1);; i = (i + 1) & (h->cap - 1))
		if (h->k[i] == k || h->k[i] == 0) {
			h->k[i] = k;
			return &h->c[i];
		}
}

static unsigned
hset_count(const hset *h, uint64_t k)
{
	k |= 1;
	for (size_t i = k & (h->cap - 1); h->k[i]; i = (i + 1) & (h->cap - 1))
		if (h->k[i] == k)
			return h->c[i];
	return 0;
}

static char
shape_class(ucs4_t c)
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return 'X';
		if (c >= 'a' && c <= 'z')
			return 'x';
		if (c >= '0' && c <= '9')
			return 'd';
		return (char)c;
	}
	if (uc_is_upper(c))
		return 'X';
	if (uc_is_alpha(c))
		return 'x';
	if (uc_is_digit(c))
		return 'd';
	return 'o';
}

static void
make_shape(tinfo *ti)
{
	size_t n = 0, m = 0, run = 0;
	char prev = 0;
	int letter = 0, upper = 0;

	for (size_t b = 0; b < ti->wn;) {
		ucs4_t c;
		int l = u8_mbtouc(&c, (const uint8_t *)ti->w + b, ti->wn - b);
		char k = shape_class(c);

		b += (size_t)(l > 0 ? l : 1);
		letter |= k == 'X' || k == 'x';
		upper |= k == 'X';
		run = k == prev ? run + 1 : 1;
		if (run <= 2 && n < sizeof ti->shape - 1)
			ti->shape[n++] = k;
		if (run == 1 && m < sizeof ti->sshape - 1)
			ti->sshape[m++] = k;
		prev = k;
	}
	ti->shape[n] = ti->sshape[m] = '\0';
	ti->lower = letter && !upper;
	/* first letter (after # or @) upper case */
	for (size_t i = 0; i < n; i++)
		if (ti->shape[i] == 'X' || ti->shape[i] == 'x' || ti->shape[i] == 'd') {
			ti->cap = ti->shape[i] == 'X';
			break;
		}
}

/* Is there a sentence break between tokens i and i+1? */
static int
sent_break(const sug_input *in, const tinfo *ti, size_t i)
{
	const token *a = &in->tok[i], *b = &in->tok[i + 1];

	if (memchr(in->s + a->bend, '\n', b->bstart - a->bend))
		return 1;
	if (ti[i].wn == 1 && strchr(".!?", ti[i].w[0]) && b->bstart > a->bend)
		return ti[i + 1].cap || ti[i + 1].sshape[0] == 'd' || ti[i + 1].w[0] == '"';
	return 0;
}

/* A token inside a confirmed span of the article: the document's memory
 * of how its words were labelled ("Cliddesden" was B-LOC in line 3). */
typedef struct mrec {
	uint64_t h;         /* hash of the folded token */
	size_t sent;        /* its sentence */
	const char *label;
	char bi;            /* 'B' or 'I' */
} mrec;

typedef struct article {
	const tdict *dict;  /* the tagger's corpus dictionary */
	tinfo *ti;
	size_t n;
	mrec *mem;          /* sorted by h */
	size_t nmem;
	size_t *sentof;     /* sentence index of each token */
	char *fold;         /* all folded tokens, NUL-separated */
	size_t *sent;       /* sentence starts, then n */
	size_t nsent;
	const sug_input *in;
} article;

static void
article_free(article *a)
{
	free(a->mem);
	free(a->sentof);
	free(a->ti);
	free(a->fold);
	free(a->sent);
}

static int
fold_token(const char *s, size_t n, char **buf, size_t *len, size_t *cap, size_t *off, size_t *outn)
{
	size_t fl = 0;
	uint8_t *f = NULL;
	const char *src = s;
	int ascii = 1;

	for (size_t i = 0; i < n; i++)
		ascii &= (unsigned char)s[i] < 0x80;
	if (!ascii) {
		if ((f = u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFC, NULL, &fl)) == NULL)
			return -1;
		src = (const char *)f;
		n = fl;
	}
	if (*len + n + 1 > *cap) {
		size_t nc = (*cap ? *cap : 256);
		char *b;

		while (nc < *len + n + 1)
			nc *= 2;
		if ((b = realloc(*buf, nc)) == NULL) {
			free(f);
			return -1;
		}
		*buf = b;
		*cap = nc;
	}
	*off = *len;
	for (size_t i = 0; i < n; i++) {
		char c = src[i];

		(*buf)[*len + i] = ascii && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
	}
	(*buf)[*len + n] = '\0';
	*len += n + 1;
	*outn = n;
	free(f);
	return 0;
}

static dent *
dict_find(const tdict *d, uint64_t h)
{
	h |= 1;
	if (d->cap == 0)
		return NULL;
	for (size_t i = h & (d->cap - 1);; i = (i + 1) & (d->cap - 1))
		if (d->v[i].h == h || d->v[i].h == 0)
			return &d->v[i];
}

static dent *
dict_get(tdict *d, uint64_t h)
{
	dent *e;

	if ((d->n + 1) * 2 > d->cap) {
		size_t nc = d->cap ? d->cap * 2 : 1024, oc = d->cap;
		dent *old = d->v, *v = calloc(nc, sizeof *v);

		if (v == NULL)
			return NULL;
		d->v = v;
		d->cap = nc;
		for (size_t i = 0; i < oc; i++)
			if (old[i].h)
				*dict_find(d, old[i].h) = old[i];
		free(old);
	}
	e = dict_find(d, h);
	if (e->h == 0) {
		e->h = h | 1;
		d->n++;
	}
	return e;
}

/* Count the tokens of sentence [s0,s1) with their gold tags. */
static void
dict_count(tdict *d, const article *a, size_t s0, size_t s1, const unsigned char *gold)
{
	for (size_t i = s0; i < s1; i++) {
		dent *e = dict_get(d, a->ti[i].hlw);
		uint16_t *c;

		if (e == NULL)
			return; /* the dictionary is an extra */
		c = gold[i] ? &e->ent[(gold[i] - 1) / 2] : &e->o;
		if (*c < UINT16_MAX)
			(*c)++;
	}
}

/* The first token starting at or after code point cp. */
static size_t
first_token_from(const sug_input *in, size_t cp)
{
	size_t lo = 0, hi = in->ntok;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (in->tok[mid].start < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
confirmed_entity(const span *s)
{
	return s->kind == SPAN_ENTITY && s->status == SPAN_CONFIRMED && s->label != NULL && s->end > s->start;
}

static int
mrec_cmp(const void *x, const void *y)
{
	const mrec *a = x, *b = y;

	return a->h < b->h ? -1 : a->h > b->h;
}

/* The tokens of in's confirmed entity spans, for the memory features. */
static int
doc_memory(article *a, const sug_input *in)
{
	size_t cap = 0;

	if ((a->sentof = malloc(a->n * sizeof *a->sentof)) == NULL)
		return -1;
	for (size_t k = 0; k < a->nsent; k++)
		for (size_t i = a->sent[k]; i < a->sent[k + 1]; i++)
			a->sentof[i] = k;
	for (size_t k = 0; k < in->nknown; k++) {
		const span *s = &in->known[k];
		size_t lo;

		if (!confirmed_entity(s))
			continue;
		lo = first_token_from(in, s->start);
		for (size_t i = lo; i < a->n && in->tok[i].end <= s->end; i++) {
			if (a->nmem == cap) {
				mrec *v = realloc(a->mem, (cap = cap ? cap * 2 : 64) * sizeof *v);

				if (v == NULL)
					return -1;
				a->mem = v;
			}
			a->mem[a->nmem++] = (mrec){ a->ti[i].hlw, a->sentof[i], s->label, i == lo ? 'B' : 'I' };
		}
	}
	if (a->nmem > 1) /* qsort(NULL, 0, …) is undefined */
		qsort(a->mem, a->nmem, sizeof *a->mem, mrec_cmp);
	return 0;
}

/* Token infos, sentences and article-level word sets of in. */
static int
article_build(article *a, const sug_input *in)
{
	size_t flen = 0, fcap = 0, *off = NULL;
	hset lowset = { 0 }, capset = { 0 };
	int rc = -1;

	memset(a, 0, sizeof *a);
	a->in = in;
	a->n = in->ntok;
	if (a->n == 0)
		return 0;
	a->ti = calloc(a->n, sizeof *a->ti);
	a->sent = malloc((a->n + 1) * sizeof *a->sent);
	off = malloc(a->n * sizeof *off);
	if (a->ti == NULL || a->sent == NULL || off == NULL)
		goto out;
	for (size_t i = 0; i < a->n; i++) {
		tinfo *ti = &a->ti[i];

		ti->w = in->s + in->tok[i].bstart;
		ti->wn = in->tok[i].bend - in->tok[i].bstart;
		if (fold_token(ti->w, ti->wn, &a->fold, &flen, &fcap, &off[i], &ti->lwn) != 0)
			goto out;
		make_shape(ti);
		ti->hint[0] = ti->hint[1] = ti->hint[2] = ti->hint[3] = -1;
	}
	for (size_t i = 0; i < a->n; i++) {
		a->ti[i].lw = a->fold + off[i];
		a->ti[i].hlw = sug_hash(a->ti[i].lw, a->ti[i].lwn, 0);
	}
	a->sent[a->nsent++] = 0;
	a->ti[0].first = 1;
	for (size_t i = 0; i + 1 < a->n; i++)
		if (sent_break(in, a->ti, i) || i + 1 - a->sent[a->nsent - 1] >= MAXSENT) {
			a->sent[a->nsent++] = i + 1;
			a->ti[i + 1].first = 1;
		}
	a->sent[a->nsent] = a->n;
	if (doc_memory(a, in) != 0 || hset_init(&lowset, a->n) != 0 || hset_init(&capset, a->n) != 0)
		goto out;
	for (size_t i = 0; i < a->n; i++) {
		const tinfo *ti = &a->ti[i];

		if (ti->lower)
			(*hset_slot(&lowset, ti->hlw))++;
		else if (ti->cap && !ti->first)
			(*hset_slot(&capset, ti->hlw))++;
	}
	for (size_t i = 0; i < a->n; i++) {
		tinfo *ti = &a->ti[i];

		if (!ti->cap)
			continue;
		ti->lowelse = hset_count(&lowset, ti->hlw) > 0;
		ti->capelse = hset_count(&capset, ti->hlw) > (unsigned)!ti->first;
	}
	/* hints: each token remembers up to four hint spans over it */
	for (size_t h = 0; h < in->nhints; h++) {
		const span *hs = &in->hints[h];
		size_t lo = 0, hi = a->n;

		if (hs->label == NULL || hs->end <= hs->start)
			continue;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (in->tok[mid].end <= hs->start)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < a->n && in->tok[i].start < hs->end; i++)
			for (int k = 0; k < 4; k++)
				if (a->ti[i].hint[k] < 0) {
					a->ti[i].hint[k] = (int)(h << 1) | (i != lo);
					break;
				}
	}
	rc = 0;
out:
	hset_free(&lowset);
	hset_free(&capset);
	free(off);
	if (rc)
		article_free(a);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Features */

typedef struct fbuf {
	uint32_t *rows;     /* MAXFEAT per token */
	unsigned *nf;
	size_t mask;
} fbuf;

static void
feat(fbuf *f, size_t i, char kind, const char *a, size_t an, const char *b, size_t bn)
{
	static const unsigned char sep = 0xff;
	uint64_t h = SUG_HASH_INIT ^ (unsigned char)kind;

	if (f->nf[i] >= MAXFEAT)
		return;
	h = sug_hash_step(h, a, an);
	h = sug_hash_step(h, &sep, 1);
	h = sug_hash_mix(sug_hash_step(h, b, bn));
	f->rows[i * MAXFEAT + f->nf[i]++] = (uint32_t)(h & f->mask);
}

static void
feats1(fbuf *f, size_t i, char kind, const char *a)
{
	feat(f, i, kind, a, strlen(a), NULL, 0);
}

/* Byte length of the first k code points of s[0..n). */
static size_t
cp_prefix(const char *s, size_t n, size_t k)
{
	size_t b = 0;

	while (b < n && k--) {
		b++;
		while (b < n && ((unsigned char)s[b] & 0xc0) == 0x80)
			b++;
	}
	return b;
}

static size_t
cp_suffix(const char *s, size_t n, size_t k)
{
	size_t b = n;

	while (b > 0 && k--) {
		b--;
		while (b > 0 && ((unsigned char)s[b] & 0xc0) == 0x80)
			b--;
	}
	return n - b;
}

/* Features of token i of sentence [s0,s1) in a. */
static void
token_feats(fbuf *f, const article *a, size_t s0, size_t s1, size_t i)
{
	const tinfo *t = &a->ti[i], *p = i > s0 ? &a->ti[i - 1] : NULL, *n = i + 1 < s1 ? &a->ti[i + 1] : NULL;
	const tinfo *pp = i > s0 + 1 ? &a->ti[i - 2] : NULL, *nn = i + 2 < s1 ? &a->ti[i + 2] : NULL;
	const char *lw = t->lw;
	size_t ln = t->lwn;

	f->nf[i] = 0;
	feats1(f, i, 'b', "");
	feat(f, i, 'w', lw, ln, NULL, 0);
	feat(f, i, 'W', t->w, t->wn, NULL, 0);
	feats1(f, i, 's', t->shape);
	feats1(f, i, 'S', t->sshape);
	if (ln > 1 && (lw[0] == '#' || lw[0] == '@')) {
		feat(f, i, 'w', lw + 1, ln - 1, NULL, 0);
		feat(f, i, '#', lw, 1, NULL, 0);
	}
	for (size_t k = 1; k <= 4; k++) {
		size_t pb = cp_prefix(lw, ln, k), sb = cp_suffix(lw, ln, k);

		if (k <= 3)
			feat(f, i, (char)('0' + k), lw, pb, NULL, 0);
		feat(f, i, (char)('4' + k), lw + ln - sb, sb, NULL, 0);
		if (pb == ln)
			break;
	}
	feat(f, i, 'p', p ? p->lw : "<s>", p ? p->lwn : 3, NULL, 0);
	feat(f, i, 'n', n ? n->lw : "</s>", n ? n->lwn : 4, NULL, 0);
	feat(f, i, 'q', pp ? pp->lw : "<s>", pp ? pp->lwn : 3, NULL, 0);
	feat(f, i, 'o', nn ? nn->lw : "</s>", nn ? nn->lwn : 4, NULL, 0);
	feats1(f, i, 'P', p ? p->sshape : "<s>");
	feats1(f, i, 'N', n ? n->sshape : "</s>");
	feat(f, i, 'B', p ? p->lw : "<s>", p ? p->lwn : 3, lw, ln);
	feat(f, i, 'C', lw, ln, n ? n->lw : "</s>", n ? n->lwn : 4);
	feat(f, i, 'D', p ? p->sshape : "<s>", strlen(p ? p->sshape : "<s>"), t->sshape, strlen(t->sshape));
	feat(f, i, 'E', t->sshape, strlen(t->sshape), n ? n->sshape : "</s>", strlen(n ? n->sshape : "</s>"));
	if (t->cap) {
		feats1(f, i, 'F', t->first ? "first" : "mid");
		if (t->lowelse)
			feats1(f, i, 'L', t->first ? "f" : "m");
		if (t->capelse)
			feats1(f, i, 'K', t->first ? "f" : "m");
		if (!t->lowelse && !t->capelse)
			feats1(f, i, 'U', t->first ? "f" : "m");
	}
	if (a->dict && a->dict->n) {
		const dent *e = dict_find(a->dict, t->hlw);

		if (e && e->h) {
			size_t best = 0;

			for (size_t k = 1; k < TAGGER_MAX_LABELS; k++)
				if (e->ent[k] > e->ent[best])
					best = k;
			if (e->ent[best] == 0)
				feats1(f, i, 'Z', "O");
			else {
				char b[2] = { e->o == 0 ? 'a' : e->ent[best] > e->o ? 'm' : 's', (char)('A' + best) };

				feat(f, i, 'Z', b, 2, NULL, 0);
				feat(f, i, 'Y', &b[1], 1, NULL, 0);
			}
		}
	}
	if (a->nmem) {
		size_t lo = 0, hi = a->nmem, got = 0;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (a->mem[mid].h < t->hlw)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* only other sentences: a sentence's own spans are its answer */
		for (; lo < a->nmem && a->mem[lo].h == t->hlw && got < 3; lo++)
			if (a->mem[lo].sent != a->sentof[i]) {
				feat(f, i, 'M', &a->mem[lo].bi, 1, a->mem[lo].label, strlen(a->mem[lo].label));
				got++;
			}
	}
	for (int k = 0; k < 4 && t->hint[k] >= 0; k++) {
		const span *h = &a->in->hints[t->hint[k] >> 1];
		char bi = (t->hint[k] & 1) ? 'I' : 'B';
		char src[2] = { (char)('0' + h->source), bi };

		feat(f, i, 'h', src, 2, h->label, strlen(h->label));
		feat(f, i, 'H', &src[1], 1, h->label, strlen(h->label));
	}
}

/* ------------------------------------------------------------------ */
/* Decoding */

static int
tag_ok(size_t prev, size_t g)
{
	/* I-k (even, > 0) only after B-k or I-k */
	if (g == 0 || (g & 1))
		return 1;
	return prev != START && prev != 0 && (prev + 1) / 2 == g / 2;
}

/* Row of the transition feature "previous tag p". */
static uint32_t
trans_row(const tagger *t, size_t p)
{
	uint64_t h = (p + 1) * 0x9e3779b97f4a7c15ULL;

	h ^= h >> 31;
	return (uint32_t)(h & t->mask);
}

/* Emission scores em[k*nt + g] and transitions tr[(p)*nt + g], p = nt is the start. */
static void
scores(const tagger *t, const float *W, const fbuf *f, size_t s0, size_t s1, size_t nt, float *em, float *tr)
{
	for (size_t i = s0; i < s1; i++) {
		float *e = &em[(i - s0) * nt];
		const uint32_t *r = &f->rows[i * MAXFEAT];

		memset(e, 0, nt * sizeof *e);
		for (unsigned k = 0; k < f->nf[i]; k++)
			for (size_t g = 0; g < nt; g++)
				e[g] += W[(r[k] + g) & t->mask];
	}
	for (size_t p = 0; p <= nt; p++) {
		uint32_t r = trans_row(t, p == nt ? START : p);

		for (size_t g = 0; g < nt; g++)
			tr[p * nt + g] = tag_ok(p == nt ? START : p, g) ? W[(r + g) & t->mask] : -INFINITY;
	}
}

/* Viterbi over n tokens; tags into out[0..n). */
static void
viterbi(size_t n, size_t nt, const float *em, const float *tr, float *dp, unsigned char *bp, unsigned char *out)
{
	for (size_t g = 0; g < nt; g++)
		dp[g] = tr[nt * nt + g] + em[g];
	for (size_t i = 1; i < n; i++)
		for (size_t g = 0; g < nt; g++) {
			float best = -INFINITY;
			size_t arg = 0;

			for (size_t p = 0; p < nt; p++) {
				float v = dp[(i - 1) * nt + p] + tr[p * nt + g];

				if (v > best) {
					best = v;
					arg = p;
				}
			}
			dp[i * nt + g] = best + em[i * nt + g];
			bp[i * nt + g] = (unsigned char)arg;
		}
	{
		size_t g = 0;

		for (size_t k = 1; k < nt; k++)
			if (dp[(n - 1) * nt + k] > dp[(n - 1) * nt + g])
				g = k;
		for (size_t i = n; i-- > 0;) {
			out[i] = (unsigned char)g;
			if (i)
				g = bp[i * nt + g];
		}
	}
}

static double
lse(const double *v, size_t n)
{
	double m = -INFINITY, s = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i] > m)
			m = v[i];
	if (m == -INFINITY)
		return m;
	for (size_t i = 0; i < n; i++)
		s += exp(v[i] - m);
	return m + log(s);
}

/* Marginal probability of tag path[i] at each i (forward-backward). */
/*
 * Perceptron scores are not log-probabilities; divided by TEMPERATURE
 * they give marginals that spread over (0,1) instead of sitting at 1, so
 * a confidence threshold can sort good suggestions from bad (measured
 * with gloss simulate).
 */
#define TEMPERATURE 3.0

static void
marginals(size_t n, size_t nt, const float *em, const float *tr, const unsigned char *path, double *fw, double *bw, double *out)
{
	double tmp[MAXTAGS], k = 1.0 / TEMPERATURE;

	for (size_t g = 0; g < nt; g++)
		fw[g] = k * ((double)tr[nt * nt + g] + em[g]);
	for (size_t i = 1; i < n; i++)
		for (size_t g = 0; g < nt; g++) {
			for (size_t p = 0; p < nt; p++)
				tmp[p] = fw[(i - 1) * nt + p] + k * tr[p * nt + g];
			fw[i * nt + g] = lse(tmp, nt) + k * em[i * nt + g];
		}
	for (size_t g = 0; g < nt; g++)
		bw[(n - 1) * nt + g] = 0;
	for (size_t i = n - 1; i-- > 0;)
		for (size_t p = 0; p < nt; p++) {
			for (size_t g = 0; g < nt; g++)
				tmp[g] = k * (tr[p * nt + g] + em[(i + 1) * nt + g]) + bw[(i + 1) * nt + g];
			bw[i * nt + p] = lse(tmp, nt);
		}
	{
		double z = lse(&fw[(n - 1) * nt], nt);

		for (size_t i = 0; i < n; i++)
			out[i] = exp(fw[i * nt + path[i]] + bw[i * nt + path[i]] - z);
	}
}

/* Scratch space for one sentence. */
typedef struct scratch {
	float *em, *tr, *dp;
	unsigned char *bp, *path, *gold;
	double *fw, *bw, *marg;
} scratch;

static int
scratch_init(scratch *s)
{
	size_t n = MAXSENT, nt = MAXTAGS;

	s->em = malloc(n * nt * sizeof *s->em);
	s->tr = malloc((nt + 1) * nt * sizeof *s->tr);
	s->dp = malloc(n * nt * sizeof *s->dp);
	s->bp = malloc(n * nt);
	s->path = malloc(n);
	s->gold = malloc(n);
	s->fw = malloc(n * nt * sizeof *s->fw);
	s->bw = malloc(n * nt * sizeof *s->bw);
	s->marg = malloc(n * sizeof *s->marg);
	return s->em && s->tr && s->dp && s->bp && s->path && s->gold && s->fw && s->bw && s->marg ? 0 : -1;
}

static void
scratch_free(scratch *s)
{
	free(s->em);
	free(s->tr);
	free(s->dp);
	free(s->bp);
	free(s->path);
	free(s->gold);
	free(s->fw);
	free(s->bw);
	free(s->marg);
}

static int
fbuf_init(fbuf *f, const tagger *t, size_t n)
{
	f->mask = t->mask;
	f->rows = malloc((n ? n : 1) * MAXFEAT * sizeof *f->rows);
	f->nf = calloc(n ? n : 1, sizeof *f->nf);
	return f->rows && f->nf ? 0 : -1;
}

static void
fbuf_free(fbuf *f)
{
	free(f->rows);
	free(f->nf);
}

/* ------------------------------------------------------------------ */
/* Learning */

/* Gold tags of all tokens from in's confirmed entity spans (labels added
 * as needed); tokens outside them are O. */
static void
gold_tags(tagger *t, const sug_input *in, unsigned char *gold)
{
	memset(gold, 0, in->ntok);
	for (size_t k = 0; k < in->nknown; k++) {
		const span *s = &in->known[k];
		size_t lo, i;
		int li, clash = 0;

		if (!confirmed_entity(s))
			continue;
		lo = first_token_from(in, s->start);
		for (i = lo; i < in->ntok && in->tok[i].end <= s->end; i++)
			clash |= gold[i] != 0;
		if (i == lo || clash || (li = label_index(t, s->label, 1)) < 0)
			continue;
		for (size_t j = lo; j < i; j++)
			gold[j] = (unsigned char)(j == lo ? 1 + 2 * li : 2 + 2 * li);
	}
}

/* One perceptron step on sentence [s0,s1): decode with the current
 * weights, move them toward gold where the path differs. */
static void
train_sentence(tagger *t, const fbuf *f, size_t s0, size_t s1, const unsigned char *gold, scratch *sc)
{
	size_t n = s1 - s0, nt = 1 + 2 * t->nlab;
	int same = 1;

	scores(t, t->w, f, s0, s1, nt, sc->em, sc->tr);
	viterbi(n, nt, sc->em, sc->tr, sc->dp, sc->bp, sc->path);
	for (size_t i = 0; i < n && same; i++)
		same = sc->path[i] == gold[s0 + i];
	if (!same)
		for (size_t i = 0; i < n; i++) {
			size_t g = gold[s0 + i], p = sc->path[i];
			size_t gp = i ? gold[s0 + i - 1] : START, pp = i ? sc->path[i - 1] : START;

			if (g != p) {
				const uint32_t *r = &f->rows[(s0 + i) * MAXFEAT];

				for (unsigned k = 0; k < f->nf[s0 + i]; k++) {
					update(t, (r[k] + g) & t->mask, 1.0f);
					update(t, (r[k] + p) & t->mask, -1.0f);
				}
			}
			if (g != p || gp != pp) {
				update(t, (trans_row(t, gp) + g) & t->mask, 1.0f);
				update(t, (trans_row(t, pp) + p) & t->mask, -1.0f);
			}
		}
	t->step++;
}

static uint64_t
rnd(tagger *t)
{
	t->rng ^= t->rng << 13;
	t->rng ^= t->rng >> 7;
	t->rng ^= t->rng << 17;
	return t->rng;
}

/* Keep sentence [s0,s1) for replay: a reservoir sample of all sentences
 * learnt, so replay draws from the whole history at fixed memory. */
static void
remember(tagger *t, const fbuf *f, size_t s0, size_t s1, const unsigned char *gold)
{
	size_t n = s1 - s0, slot;
	memsent *m;

	if (t->replay == 0)
		return;
	t->seen++;
	if (t->mem == NULL && (t->mem = calloc(MEM_MAX, sizeof *t->mem)) == NULL)
		return;
	if (t->nmem < MEM_MAX)
		slot = t->nmem;
	else if ((slot = (size_t)(rnd(t) % t->seen)) >= MEM_MAX)
		return;
	m = malloc(sizeof *m + n * MAXFEAT * sizeof *m->rows + n * sizeof *m->nf + n);
	if (m == NULL)
		return; /* replay is an extra; learning goes on without it */
	m->n = n;
	m->rows = (uint32_t *)(m + 1);
	m->nf = (unsigned *)(m->rows + n * MAXFEAT);
	m->gold = (unsigned char *)(m->nf + n);
	memcpy(m->rows, f->rows + s0 * MAXFEAT, n * MAXFEAT * sizeof *m->rows);
	memcpy(m->nf, f->nf + s0, n * sizeof *m->nf);
	memcpy(m->gold, gold + s0, n);
	if (slot == t->nmem)
		t->nmem++;
	else
		free(t->mem[slot]);
	t->mem[slot] = m;
}

static void
replay_one(tagger *t, scratch *sc)
{
	const memsent *m = t->mem[rnd(t) % t->nmem];
	fbuf f = { (uint32_t *)m->rows, (unsigned *)m->nf, t->mask };

	train_sentence(t, &f, 0, m->n, m->gold, sc);
}

int
tagger_learn(tagger *t, const sug_input *in)
{
	article a;
	fbuf f = { 0 };
	scratch sc = { 0 };
	unsigned char *gold = NULL;
	size_t *todo = NULL, ntodo = 0, nold = t->nmem;
	int rc = -1;

	if (in->ntok == 0 || in->done_end <= in->done_start)
		return 0;
	if (article_build(&a, in) != 0)
		return -1;
	if ((gold = malloc(in->ntok)) == NULL || (todo = malloc(a.nsent * sizeof *todo)) == NULL ||
	    fbuf_init(&f, t, a.n) != 0 || scratch_init(&sc) != 0)
		goto out;
	gold_tags(t, in, gold);
	a.dict = &t->dict;
	for (size_t k = 0; k < a.nsent; k++) {
		size_t s0 = a.sent[k], s1 = a.sent[k + 1];

		if (in->tok[s0].start < in->done_start || in->tok[s1 - 1].end > in->done_end)
			continue;
		for (size_t i = s0; i < s1; i++)
			token_feats(&f, &a, s0, s1, i);
		todo[ntodo++] = k;
	}
	for (unsigned pass = 0; pass < t->passes; pass++)
		for (size_t j = 0; j < ntodo; j++) {
			size_t k = todo[pass & 1 ? ntodo - 1 - j : j];

			train_sentence(t, &f, a.sent[k], a.sent[k + 1], gold, &sc);
			for (unsigned r = 0; r < t->replay && nold > 0; r++)
				replay_one(t, &sc);
		}
	for (size_t j = 0; j < ntodo; j++) {
		remember(t, &f, a.sent[todo[j]], a.sent[todo[j] + 1], gold);
		dict_count(&t->dict, &a, a.sent[todo[j]], a.sent[todo[j] + 1], gold);
	}
	t->dirty = 1;
	rc = 0;
out:
	free(gold);
	free(todo);
	fbuf_free(&f);
	scratch_free(&sc);
	article_free(&a);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Tagging */

int
tagger_suggest(tagger *t, const sug_input *in, sug_list *out)
{
	article a;
	fbuf f = { 0 };
	scratch sc = { 0 };
	size_t nt = 1 + 2 * t->nlab, ws = in->want_start, we = in->want_end ? in->want_end : in->ncp;
	int allowed[TAGGER_MAX_LABELS], rc = -1;

	if (t->nlab == 0 || in->ntok == 0)
		return 0;
	refresh(t);
	for (size_t k = 0; k < t->nlab; k++)
		allowed[k] = sug_label_allowed(in, t->labels[k]);
	if (article_build(&a, in) != 0)
		return -1;
	a.dict = &t->dict;
	if (fbuf_init(&f, t, a.n) != 0 || scratch_init(&sc) != 0)
		goto out;
	for (size_t k = 0; k < a.nsent; k++) {
		size_t s0 = a.sent[k], s1 = a.sent[k + 1], n = s1 - s0;

		if (in->tok[s1 - 1].end <= ws || in->tok[s0].start >= we)
			continue;
		for (size_t i = s0; i < s1; i++)
			token_feats(&f, &a, s0, s1, i);
		scores(t, t->avg, &f, s0, s1, nt, sc.em, sc.tr);
		viterbi(n, nt, sc.em, sc.tr, sc.dp, sc.bp, sc.path);
		marginals(n, nt, sc.em, sc.tr, sc.path, sc.fw, sc.bw, sc.marg);
		for (size_t i = 0; i < n;) {
			size_t g = sc.path[i], j = i + 1;
			double conf;

			if (g == 0 || !(g & 1)) {
				i++;
				continue;
			}
			conf = sc.marg[i];
			while (j < n && sc.path[j] == g + 1) {
				if (sc.marg[j] < conf)
					conf = sc.marg[j];
				j++;
			}
			/* a label the scheme lacks is decoded (masking it would push
			 * its words into another label) but not proposed */
			if (allowed[(g - 1) / 2] && in->tok[s0 + i].start >= ws && in->tok[s0 + j - 1].end <= we &&
			    sug_list_add(out, in->tok[s0 + i].start, in->tok[s0 + j - 1].end,
			        t->labels[(g - 1) / 2], SRC_MODEL, conf) != 0)
				goto out;
			i = j;
		}
	}
	rc = 0;
out:
	fbuf_free(&f);
	scratch_free(&sc);
	article_free(&a);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Serialisation (little-endian):
 *   "GLTG" u32 version=1, u32 bits, u32 step, u32 passes, f64 window,
 *   u32 nlab, nlab x (u32 len, bytes), u32 compact, u32 count,
 *   count x (u32 index, f32 w[, f32 ema unless compact]),
 *   u32 ndict, ndict x (u32 hash lo, u32 hash hi, u32 O count, nlab x u32
 *   label counts): the corpus dictionary, empty in compact files.
 * Compact files hold the averaged weights only, as w and ema alike. */

typedef struct wbuf {
	unsigned char *b;
	size_t n, cap;
	int err;
} wbuf;

static void
put(wbuf *w, const void *p, size_t n)
{
	if (w->err)
		return;
	if (w->n + n > w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 4096;
		unsigned char *b;

		while (nc < w->n + n)
			nc *= 2;
		if ((b = realloc(w->b, nc)) == NULL) {
			w->err = 1;
			return;
		}
		w->b = b;
		w->cap = nc;
	}
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

static void
put_u32(wbuf *w, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24) };

	put(w, b, 4);
}

static void
put_f32(wbuf *w, float f)
{
	uint32_t v;

	memcpy(&v, &f, 4);
	put_u32(w, v);
}

typedef struct rbuf {
	const unsigned char *b;
	size_t n, at;
	int err;
} rbuf;

static uint32_t
get_u32(rbuf *r)
{
	const unsigned char *p = r->b + r->at;

	if (r->err || r->n - r->at < 4) {
		r->err = 1;
		return 0;
	}
	r->at += 4;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float
get_f32(rbuf *r)
{
	uint32_t v = get_u32(r);
	float f;

	memcpy(&f, &v, 4);
	return f;
}

int
tagger_save(tagger *t, int compact, unsigned char **buf, size_t *n)
{
	wbuf w = { 0 };
	size_t count = 0;
	uint64_t wb;

	refresh(t);
	for (size_t i = 0; i <= t->mask; i++)
		count += compact ? t->avg[i] != 0.0f : (t->w[i] != 0.0f || t->ema[i] != 0.0f);
	put(&w, "GLTG", 4);
	put_u32(&w, 1);
	put_u32(&w, t->bits);
	put_u32(&w, t->step);
	put_u32(&w, t->passes);
	memcpy(&wb, &t->window, 8);
	put_u32(&w, (uint32_t)wb);
	put_u32(&w, (uint32_t)(wb >> 32));
	put_u32(&w, (uint32_t)t->nlab);
	for (size_t i = 0; i < t->nlab; i++) {
		put_u32(&w, (uint32_t)strlen(t->labels[i]));
		put(&w, t->labels[i], strlen(t->labels[i]));
	}
	put_u32(&w, (uint32_t)!!compact);
	put_u32(&w, (uint32_t)count);
	for (size_t i = 0; i <= t->mask; i++) {
		if (compact ? t->avg[i] == 0.0f : (t->w[i] == 0.0f && t->ema[i] == 0.0f))
			continue;
		put_u32(&w, (uint32_t)i);
		if (compact)
			put_f32(&w, t->avg[i]);
		else {
			/* the average as of now, so last[] need not be stored */
			put_f32(&w, t->w[i]);
			put_f32(&w, t->w[i] + (t->ema[i] - t->w[i]) * (float)decay_pow(t, t->step - t->last[i]));
		}
	}
	/* the corpus dictionary (full state only): u32 n, n x (u32 h lo, u32 h
	 * hi, u32 o, nlab x u32 counts) */
	put_u32(&w, compact ? 0 : (uint32_t)t->dict.n);
	for (size_t i = 0; !compact && i < t->dict.cap; i++) {
		const dent *e = &t->dict.v[i];

		if (e->h == 0)
			continue;
		put_u32(&w, (uint32_t)e->h);
		put_u32(&w, (uint32_t)(e->h >> 32));
		put_u32(&w, e->o);
		for (size_t k = 0; k < t->nlab; k++)
			put_u32(&w, e->ent[k]);
	}
	if (w.err) {
		free(w.b);
		return -1;
	}
	*buf = w.b;
	*n = w.n;
	return 0;
}

int
tagger_load(tagger *t, const unsigned char *buf, size_t n)
{
	rbuf r = { buf, n, 0, 0 };
	tagger_opts o = { 0 };
	tagger *nt;
	uint32_t step, nlab, compact, count;
	uint64_t wb;
	double window;

	if (n < 8 || memcmp(buf, "GLTG", 4) != 0)
		return -1;
	r.at = 4;
	if (get_u32(&r) != 1)
		return -1;
	o.bits = get_u32(&r);
	step = get_u32(&r);
	o.passes = get_u32(&r);
	wb = get_u32(&r);
	wb |= (uint64_t)get_u32(&r) << 32;
	memcpy(&window, &wb, 8);
	o.window = window >= 1 && window < 1e12 ? window : 0;
	nlab = get_u32(&r);
	if (r.err || o.bits < 16 || o.bits > 26 || nlab > TAGGER_MAX_LABELS || (nt = tagger_new(&o)) == NULL)
		return -1;
	nt->step = step;
	for (uint32_t i = 0; i < nlab && !r.err; i++) {
		uint32_t l = get_u32(&r);

		if (r.err || l == 0 || l > 1024 || r.n - r.at < l || memchr(r.b + r.at, '\0', l) ||
		    (nt->labels[i] = strndup((const char *)r.b + r.at, l)) == NULL) {
			r.err = 1;
			break;
		}
		nt->nlab++;
		r.at += l;
	}
	compact = get_u32(&r);
	count = get_u32(&r);
	if (!r.err && (compact > 1 || count > nt->mask + 1 || (r.n - r.at) / (compact ? 8 : 12) < count))
		r.err = 1;
	for (uint32_t k = 0; k < count && !r.err; k++) {
		uint32_t i = get_u32(&r);
		float w = get_f32(&r), e = compact ? w : get_f32(&r);

		if (i > nt->mask || !isfinite(w) || !isfinite(e)) {
			r.err = 1;
			break;
		}
		nt->w[i] = w;
		nt->ema[i] = e;
		nt->last[i] = step;
	}
	count = get_u32(&r);
	if (!r.err && (r.n - r.at) / (12 + 4 * nt->nlab) < count)
		r.err = 1;
	for (uint32_t k = 0; k < count && !r.err; k++) {
		uint64_t h = get_u32(&r);
		dent *e;

		h |= (uint64_t)get_u32(&r) << 32;
		if ((h & 1) == 0 || (e = dict_get(&nt->dict, h)) == NULL) {
			r.err = 1;
			break;
		}
		e->o = (uint16_t)get_u32(&r);
		for (size_t l = 0; l < nt->nlab; l++)
			e->ent[l] = (uint16_t)get_u32(&r);
	}
	if (r.err || r.at != r.n) {
		tagger_free(nt);
		return -1;
	}
	nt->dirty = 1;
	/* swap the new state in, keeping the caller's pointer */
	{
		tagger tmp = *t;

		*t = *nt;
		*nt = tmp;
		tagger_free(nt);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Engine */

static int
eng_suggest(void *self, const sug_input *in, sug_list *out)
{
	return tagger_suggest(self, in, out);
}

static int
eng_learn(void *self, const sug_input *in, const span *fresh, size_t nfresh)
{
	(void)fresh;
	(void)nfresh;
	return tagger_learn(self, in);
}

static int
eng_save(void *self, unsigned char **buf, size_t *n)
{
	return tagger_save(self, 0, buf, n);
}

static int
eng_load(void *self, const unsigned char *buf, size_t n)
{
	return tagger_load(self, buf, n);
}

static void
eng_free(void *self)
{
	tagger_free(self);
}

static const sug_engine tagger_proto = {
	.name = "model", .source = SRC_MODEL, .suggest = eng_suggest, .learn = eng_learn,
	.save = eng_save, .load = eng_load, .free = eng_free,
};

sug_engine *
tagger_engine_new(const tagger_opts *opts)
{
	tagger *t = tagger_new(opts);

	return t ? sug_engine_new(&tagger_proto, t) : NULL;
}

tagger *
tagger_of_engine(sug_engine *e)
{
	return e && e->suggest == eng_suggest ? e->self : NULL;
}
