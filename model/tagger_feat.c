/*
 * tagger_feat.c: what the tagger's features are made of (see tagger_int.h
 * for the other tagger files).
 *
 * An article is viewed as token infos (the word as written and folded, its
 * shape, capitalisation here and elsewhere in the article, the hints other
 * engines gave), sentences, and two memories: the article's confirmed
 * spans (mrec) and the corpus dictionary of words learnt so far (tdict).
 * tg_token_feats turns a token of that view into hashed feature rows.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include "model/buf.h"
#include "model/tagger_int.h"

/* ------------------------------------------------------------------ */
/* Token view: what features are made of */

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

int
tg_apostrophe(ucs4_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x02bc;
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

void
tg_article_free(article *a)
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

dent *
tg_dict_get(tdict *d, uint64_t h)
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

/* Was the word of hash h (folded) learnt mostly outside entities: at
 * least 3 times, and more often than inside one ("president": O 33
 * times, PER 22 in the gold data)? */
int
tg_dict_mostly_o(const tdict *d, uint64_t h)
{
	const dent *e = d ? dict_find(d, h) : NULL;
	unsigned ent = 0;

	if (e == NULL || e->h == 0)
		return 0;
	for (size_t k = 0; k < TAGGER_MAX_LABELS; k++)
		ent += e->ent[k];
	return e->o >= 3 && e->o > ent;
}

/* Count the tokens of sentence [s0,s1) with their gold tags. */
void
tg_dict_count(tdict *d, const article *a, size_t s0, size_t s1, const unsigned char *gold)
{
	for (size_t i = s0; i < s1; i++) {
		dent *e = tg_dict_get(d, a->ti[i].hlw);
		uint16_t *c;

		if (e == NULL)
			return; /* the dictionary is an extra */
		c = gold[i] ? &e->ent[TAG_LABEL(gold[i])] : &e->o;
		if (*c < UINT16_MAX)
			(*c)++;
	}
}

/* The first token starting at or after code point cp. */
size_t
tg_first_token_from(const sug_input *in, size_t cp)
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

/*
 * Where token i ends as part of a name: before a trailing possessive
 * ("Vistula’s" -> "Vistula", "Jones'" -> "Jones"), the rule of the tag
 * unit (text_tag_unit in text_word.c), so the tagger proposes the spans a
 * person would tag and learns from the ones they did tag.
 */
size_t
tg_tok_end(const sug_input *in, size_t i)
{
	const token *k = &in->tok[i];
	const uint8_t *s = (const uint8_t *)in->s + k->bstart, *e = (const uint8_t *)in->s + k->bend, *p = e;
	ucs4_t c[3] = { 0, 0, 0 };
	size_t n = 0;

	while (n < 3 && (p = u8_prev(&c[n], p, s)) != NULL)
		n++;
	/* c[0] is the last code point, c[1] the one before, ... */
	if (n == 3 && (c[0] | 0x20) == 's' && tg_apostrophe(c[1]) && (uc_is_alpha(c[2]) || uc_is_digit(c[2])))
		return k->end - 2;
	if (n >= 2 && tg_apostrophe(c[0]))
		return k->end - 1;
	return k->end;
}

int
tg_confirmed_entity(const span *s)
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

		if (!tg_confirmed_entity(s))
			continue;
		lo = tg_first_token_from(in, s->start);
		for (size_t i = lo; i < a->n && tg_tok_end(in, i) <= s->end; i++) {
			mrec *v = array_grow(a->mem, &cap, a->nmem + 1, sizeof *v);

			if (v == NULL)
				return -1;
			a->mem = v;
			a->mem[a->nmem++] = (mrec){ a->ti[i].hlw, a->sentof[i], s->label, i == lo ? 'B' : 'I' };
		}
	}
	if (a->nmem > 1) /* qsort(NULL, 0, …) is undefined */
		qsort(a->mem, a->nmem, sizeof *a->mem, mrec_cmp);
	return 0;
}

/* Token infos, sentences and article-level word sets of in. */
int
tg_article_build(article *a, const sug_input *in)
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
		tg_article_free(a);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Features */

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
void
tg_token_feats(fbuf *f, const article *a, size_t s0, size_t s1, size_t i)
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

int
tg_fbuf_init(fbuf *f, const tagger *t, size_t n)
{
	f->mask = t->mask;
	f->rows = malloc((n ? n : 1) * MAXFEAT * sizeof *f->rows);
	f->nf = calloc(n ? n : 1, sizeof *f->nf);
	return f->rows && f->nf ? 0 : -1;
}

void
tg_fbuf_free(fbuf *f)
{
	free(f->rows);
	free(f->nf);
}
