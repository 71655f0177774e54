/*
 * propagate.c: dictionary of decided entity strings, matched over word
 * tokens (see propagate.h). The dictionary is an open-addressing table
 * keyed by the folded token sequence joined with single spaces; matching
 * hashes the article's folded tokens incrementally, so an article costs
 * O(tokens x longest entry) hash probes and no string building.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/propagate.h"

typedef struct plabel {
	char *label;
	unsigned conf, rej;
} plabel;

typedef struct pent {
	char *key;        /* folded tokens joined by ' '; NULL: empty slot */
	size_t klen;
	uint64_t h;
	unsigned ntok;    /* tokens in key */
	unsigned caps;    /* confirmations written with an upper-case letter */
	plabel *lab;
	size_t nlab;
} pent;

struct propagate {
	pent *v;
	size_t n, cap;    /* cap: power of two */
	unsigned maxtok;  /* longest key in tokens */
	struct folds {    /* the words of text id, folded (propagate_suggest) */
		uint64_t id;
		size_t len, ntok;
		char **ft;
		size_t *fl;
	} fold;
};

enum { PROP_MAXTOK = 12 }; /* longer strings are not propagated */

propagate *
propagate_new(void)
{
	return calloc(1, sizeof(propagate));
}

static void
pent_clear(pent *e)
{
	for (size_t j = 0; j < e->nlab; j++)
		free(e->lab[j].label);
	free(e->lab);
	free(e->key);
	memset(e, 0, sizeof *e);
}

static void
prop_reset(propagate *p)
{
	for (size_t i = 0; i < p->cap; i++)
		if (p->v[i].key)
			pent_clear(&p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
	p->maxtok = 0;
}

static void
folds_free(char **ft, size_t *fl, size_t ntok)
{
	for (size_t i = 0; ft != NULL && i < ntok; i++)
		free(ft[i]);
	free(ft);
	free(fl);
}

void
propagate_free(propagate *p)
{
	if (p == NULL)
		return;
	prop_reset(p);
	folds_free(p->fold.ft, p->fold.fl, p->fold.ntok);
	free(p);
}

size_t
propagate_count(const propagate *p)
{
	return p->n;
}

static pent *
prop_slot(const propagate *p, const char *key, size_t klen, uint64_t h)
{
	for (size_t i = h & (p->cap - 1);; i = (i + 1) & (p->cap - 1)) {
		pent *e = &p->v[i];

		if (e->key == NULL || (e->h == h && e->klen == klen && memcmp(e->key, key, klen) == 0))
			return e;
	}
}

static int
prop_grow(propagate *p)
{
	size_t nc = p->cap ? p->cap * 2 : 256, oc = p->cap;
	pent *v = calloc(nc, sizeof *v), *old = p->v;

	if (v == NULL)
		return -1;
	p->v = v;
	p->cap = nc;
	for (size_t i = 0; i < oc; i++)
		if (old[i].key)
			*prop_slot(p, old[i].key, old[i].klen, old[i].h) = old[i];
	free(old);
	return 0;
}

/*
 * A hashtag is its word: "#Pistorius" and "Pistorius" share an entry, so
 * a name confirmed in one form is proposed in the other (news posts and
 * tweets write both). Returns how many bytes to skip: 1 for a '#' before
 * something, else 0.
 */
static size_t
hash_skip(const char *s, size_t n)
{
	return n > 1 && s[0] == '#' ? 1 : 0;
}

static unsigned
key_tokens(const char *key)
{
	unsigned nt = 1;

	for (; *key; key++)
		nt += *key == ' ';
	return nt;
}

/* The entry for key (created when missing); NULL on no memory. */
static pent *
prop_get(propagate *p, const char *key, size_t klen)
{
	uint64_t h = sug_hash_mix(sug_hash_step(SUG_HASH_INIT, key, klen));
	pent *e;

	if ((p->n + 1) * 2 > p->cap && prop_grow(p) != 0)
		return NULL;
	e = prop_slot(p, key, klen, h);
	if (e->key)
		return e;
	if ((e->key = malloc(klen + 1)) == NULL)
		return NULL;
	memcpy(e->key, key, klen);
	e->key[klen] = '\0';
	e->klen = klen;
	e->h = h;
	e->ntok = key_tokens(e->key);
	if (e->ntok > p->maxtok)
		p->maxtok = e->ntok;
	p->n++;
	return e;
}

static plabel *
pent_label(pent *e, const char *label)
{
	plabel *v;

	for (size_t j = 0; j < e->nlab; j++)
		if (strcmp(e->lab[j].label, label) == 0)
			return &e->lab[j];
	if ((v = realloc(e->lab, (e->nlab + 1) * sizeof *v)) == NULL)
		return NULL;
	e->lab = v;
	v = &e->lab[e->nlab];
	if ((v->label = strdup(label)) == NULL)
		return NULL;
	v->conf = v->rej = 0;
	e->nlab++;
	return v;
}

static int
has_upper(const char *s, size_t n, const char *folded, size_t fn)
{
	return fn != n || memcmp(s, folded, n) != 0;
}

int
propagate_add(propagate *p, const char *s, size_t bstart, size_t bend, const char *label, int status)
{
	char *key, *f;
	size_t fn = 0;
	pent *e;
	plabel *l;

	if ((status != SPAN_CONFIRMED && status != SPAN_REJECTED) || label == NULL || bend <= bstart)
		return 0;
	if ((key = sug_key(s + bstart, bend - bstart)) == NULL)
		return 0;
	if (key[0] == '\0' || key_tokens(key) > PROP_MAXTOK) {
		free(key);
		return 0;
	}
	e = prop_get(p, key + hash_skip(key, strlen(key)), strlen(key) - hash_skip(key, strlen(key)));
	free(key);
	if (e == NULL)
		return -1;
	if ((l = pent_label(e, label)) == NULL)
		return -1;
	if (status == SPAN_REJECTED) {
		l->rej++;
		return 0;
	}
	l->conf++;
	if ((f = sug_fold(s + bstart, bend - bstart, &fn)) == NULL)
		return -1;
	e->caps += (unsigned)has_upper(s + bstart, bend - bstart, f, fn);
	free(f);
	return 0;
}

/* Does key equal the folded tokens ft[i..i+n) joined by spaces? */
static int
key_is(const pent *e, char *const *ft, const size_t *fl, size_t i, size_t n)
{
	size_t k = 0;

	for (size_t t = i; t < i + n; t++) {
		if (t > i) {
			if (k >= e->klen || e->key[k] != ' ')
				return 0;
			k++;
		}
		if (k + fl[t] > e->klen || memcmp(e->key + k, ft[t], fl[t]) != 0)
			return 0;
		k += fl[t];
	}
	return k == e->klen;
}

/* The label to propose for e (NULL if none) and its confidence. */
static const char *
pent_choose(const pent *e, const sug_input *in, double *conf)
{
	const plabel *best = NULL;
	unsigned total = 0;

	for (size_t j = 0; j < e->nlab; j++) {
		total += e->lab[j].conf;
		if (e->lab[j].conf > 0 && sug_label_allowed(in, e->lab[j].label) &&
		    (best == NULL || e->lab[j].conf > best->conf))
			best = &e->lab[j];
	}
	if (best == NULL)
		return NULL;
	*conf = (best->conf + 1.0) / (total + best->rej + 2.0);
	return best->label;
}

/* Is there a line break between tokens a and b? (entities stay in a line) */
static int
line_between(const sug_input *in, size_t a, size_t b)
{
	return memchr(in->s + in->tok[a].bend, '\n', in->tok[b].bstart - in->tok[a].bend) != NULL;
}

/* Every word of in folded (and past a leading '#'), into *ft and *fl. */
static int
fold_words(const sug_input *in, char ***ftp, size_t **flp)
{
	char **ft = calloc(in->ntok, sizeof *ft);
	size_t *fl = calloc(in->ntok, sizeof *fl);

	*ftp = ft;
	*flp = fl;
	if (ft == NULL || fl == NULL)
		return -1;
	for (size_t i = 0; i < in->ntok; i++) {
		size_t k;

		if ((ft[i] = sug_fold(in->s + in->tok[i].bstart, in->tok[i].bend - in->tok[i].bstart, &fl[i])) == NULL)
			return -1;
		if ((k = hash_skip(ft[i], fl[i])) > 0) {
			memmove(ft[i], ft[i] + k, fl[i] - k + 1);
			fl[i] -= k;
		}
	}
	return 0;
}

/*
 * The folded words of in: those kept for its text (in->text_id), else
 * folded now and, with a text id, kept in place of the last. *owned: the
 * caller frees them (folds_free).
 */
static int
words_of(propagate *p, const sug_input *in, char ***ft, size_t **fl, int *owned)
{
	struct folds *f = &p->fold;

	*owned = 0;
	if (in->text_id != 0 && f->id == in->text_id && f->len == in->len && f->ntok == in->ntok) {
		*ft = f->ft;
		*fl = f->fl;
		return 0;
	}
	if (fold_words(in, ft, fl) != 0) {
		folds_free(*ft, *fl, in->ntok);
		return -1;
	}
	if (in->text_id == 0) {
		*owned = 1;
		return 0;
	}
	folds_free(f->ft, f->fl, f->ntok);
	*f = (struct folds){ in->text_id, in->len, in->ntok, *ft, *fl };
	return 0;
}

int
propagate_suggest(propagate *p, const sug_input *in, sug_list *out)
{
	char **ft;
	size_t *fl;
	int rc = 0, owned;

	if (p->n == 0 || in->ntok == 0)
		return 0;
	if (words_of(p, in, &ft, &fl, &owned) != 0)
		return -1;
	for (size_t i = 0; i < in->ntok;) {
		uint64_t h = SUG_HASH_INIT;

		if (in->tok[i].start < in->want_start || (in->want_end && in->tok[i].end > in->want_end)) {
			i++;
			continue;
		}
		const pent *best = NULL;
		size_t blen = 0;

		for (size_t n = 1; n <= p->maxtok && i + n <= in->ntok; n++) {
			const pent *e;

			if (in->want_end && in->tok[i + n - 1].end > in->want_end)
				break;
			if (n > 1) {
				if (line_between(in, i + n - 2, i + n - 1))
					break;
				h = sug_hash_step(h, " ", 1);
			}
			h = sug_hash_step(h, ft[i + n - 1], fl[i + n - 1]);
			e = NULL;
			{
				uint64_t m = sug_hash_mix(h);

				for (size_t j = m & (p->cap - 1); p->v[j].key; j = (j + 1) & (p->cap - 1))
					if (p->v[j].h == m && key_is(&p->v[j], ft, fl, i, n)) {
						e = &p->v[j];
						break;
					}
			}
			if (e) {
				double c;

				if (pent_choose(e, in, &c)) {
					best = e;
					blen = n;
				}
			}
		}
		if (best) {
			double conf;
			const char *label = pent_choose(best, in, &conf);
			int lower = 1;

			for (size_t t = i; t < i + blen && lower; t++)
				lower = !has_upper(in->s + in->tok[t].bstart, in->tok[t].bend - in->tok[t].bstart, ft[t], fl[t]);
			if (lower && best->caps > 0)
				conf *= 0.3;
			if (sug_list_add(out, in->tok[i].start, in->tok[i + blen - 1].end, label, SRC_PROPAGATE, conf) != 0) {
				rc = -1;
				goto out;
			}
			i += blen;
		} else
			i++;
	}
out:
	if (owned)
		folds_free(ft, fl, in->ntok);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Serialisation: "gloss-propagate 1\n" then "key\tcaps\tlabel\tconf\trej\n". */

int
propagate_save(const propagate *p, unsigned char **buf, size_t *n)
{
	char *b = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&b, &len);

	if (f == NULL)
		return -1;
	fputs("gloss-propagate 1\n", f);
	for (size_t i = 0; i < p->cap; i++) {
		const pent *e = &p->v[i];

		for (size_t j = 0; e->key && j < e->nlab; j++)
			fprintf(f, "%s\t%u\t%s\t%u\t%u\n", e->key, e->caps, e->lab[j].label, e->lab[j].conf, e->lab[j].rej);
	}
	if (fclose(f) != 0) {
		free(b);
		return -1;
	}
	*buf = (unsigned char *)b;
	*n = len;
	return 0;
}

int
propagate_load(propagate *p, const unsigned char *buf, size_t n)
{
	const char *s = (const char *)buf, *end = s + n, *nl;
	static const char magic[] = "gloss-propagate 1\n";

	if (n < sizeof magic - 1 || memcmp(s, magic, sizeof magic - 1) != 0)
		return -1;
	prop_reset(p);
	for (s += sizeof magic - 1; s < end; s = nl + 1) {
		const char *f[5];
		size_t fl[5], k = 0;
		const char *q = s;
		char lab[256], num[3][24];
		unsigned v[3];
		pent *e;
		plabel *l;

		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			return -1;
		for (f[0] = q; q <= nl && k < 5; q++)
			if (q == nl || *q == '\t') {
				fl[k] = (size_t)(q - f[k]);
				if (++k < 5)
					f[k] = q + 1;
			}
		if (k != 5 || q != nl + 1 || fl[0] == 0 || fl[2] == 0 || fl[2] >= sizeof lab)
			return -1;
		for (int j = 0; j < 3; j++) {
			size_t idx = j == 0 ? 1 : (size_t)j + 2;
			char *ep;

			if (fl[idx] == 0 || fl[idx] >= sizeof num[j])
				return -1;
			memcpy(num[j], f[idx], fl[idx]);
			num[j][fl[idx]] = '\0';
			v[j] = (unsigned)strtoul(num[j], &ep, 10);
			if (*ep)
				return -1;
		}
		memcpy(lab, f[2], fl[2]);
		lab[fl[2]] = '\0';
		if ((e = prop_get(p, f[0], fl[0])) == NULL || (l = pent_label(e, lab)) == NULL)
			return -1;
		e->caps = v[0];
		l->conf += v[1];
		l->rej += v[2];
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Engine */

static int
eng_suggest(void *self, const sug_input *in, sug_list *out)
{
	return propagate_suggest(self, in, out);
}

static int
eng_learn(void *self, const sug_input *in, const span *fresh, size_t nfresh)
{
	for (size_t i = 0; i < nfresh; i++) {
		const span *s = &fresh[i];

		if (s->kind != SPAN_ENTITY || s->label == NULL)
			continue;
		if (propagate_add(self, in->s, sug_cp_to_byte(in, s->start), sug_cp_to_byte(in, s->end), s->label, s->status) != 0)
			return -1;
	}
	return 0;
}

static int
eng_save(void *self, unsigned char **buf, size_t *n)
{
	return propagate_save(self, buf, n);
}

static int
eng_load(void *self, const unsigned char *buf, size_t n)
{
	return propagate_load(self, buf, n);
}

static void
eng_free(void *self)
{
	propagate_free(self);
}

static const sug_engine propagate_proto = {
	.name = "propagate", .source = SRC_PROPAGATE, .suggest = eng_suggest, .learn = eng_learn,
	.save = eng_save, .load = eng_load, .free = eng_free,
};

sug_engine *
propagate_engine_new(void)
{
	propagate *p = propagate_new();

	return p ? sug_engine_new(&propagate_proto, p) : NULL;
}
