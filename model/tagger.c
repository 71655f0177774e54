/*
 * tagger.c: averaged structured perceptron with hashed features, BIO
 * tags and Viterbi decoding (see tagger.h).
 *
 * Tags: BILOU, see tagger_int.h. A feature's row is
 * its hash masked to the table; its weight for tag g sits at row + g, so
 * the weights of one feature are adjacent (one or two cache lines per
 * feature and token). Transitions are features too: "previous tag p" is a
 * row whose weights give p -> g; the sentence start is p = START.
 *
 * Here: the object, the weights and their moving average, decoding,
 * learning (with replay), tagging and the sug_engine glue. Token infos and
 * features live in tagger_feat.c, save/load in tagger_io.c; what they
 * share is in tagger_int.h.
 */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/tagger_int.h"

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

double
tg_decay_pow(const tagger *t, uint32_t k)
{
	return k < DECAY_TAB ? t->dtab[k] : pow(t->decay, (double)k);
}

/* Bring avg up to date: the moving average as of now, bias-corrected
 * (an average that started at zero is divided by its total weight). */
void
tg_refresh(tagger *t)
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
		e = w + (e - w) * (float)tg_decay_pow(t, t->step - t->last[i]);
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
		t->ema[i] = t->w[i] + (t->ema[i] - t->w[i]) * (float)tg_decay_pow(t, k);
		t->last[i] = t->step;
	}
	t->w[i] += delta;
	/* this step's contribution to the average */
	t->ema[i] += (float)(1.0 - t->decay) * delta;
}

/* ------------------------------------------------------------------ */
/* Decoding */

/* Tags that leave an entity open: B and I must be followed by I or L. */
static int
tag_open(size_t g)
{
	return g != 0 && g != START && (TAG_POS(g) == TAG_B || TAG_POS(g) == TAG_I);
}

static int
tag_ok(size_t prev, size_t g)
{
	/* I-k and L-k only after B-k or I-k; O, B, U only where nothing is open */
	if (g != 0 && (TAG_POS(g) == TAG_I || TAG_POS(g) == TAG_L))
		return tag_open(prev) && TAG_LABEL(prev) == TAG_LABEL(g);
	return !tag_open(prev);
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

		/* a sentence ends with no entity open */
		for (size_t k = 1; k < nt; k++)
			if (!tag_open(k) && dp[(n - 1) * nt + k] > dp[(n - 1) * nt + g])
				g = k;
		for (size_t i = n; i-- > 0;) {
			out[i] = (unsigned char)g;
			if (i)
				g = bp[i * nt + g];
		}
	}
}

/*
 * Perceptron scores are not log-probabilities; divided by TEMPERATURE
 * they give marginals that spread over (0,1) instead of sitting at 1, so
 * a confidence threshold can sort good suggestions from bad (measured
 * with gloss simulate, BILOU tags: 3 gave F1 0.731 on btc_section_g and
 * 0.670 on wikigold, 4.5 0.733/0.673, 6 0.736/0.676, 8 0.733/0.677).
 */
#define TEMPERATURE 6.0

/*
 * Even so a marginal is no probability of being right: in replays of both
 * gold sets a suggestion at 0.6 was right 28-47% of the time, at 0.9
 * 50-59%, at 0.99 71-80%, at 0.999 and above 92-93%. The confidence
 * shown is that accuracy, fitted as a + b log10(1 / (1 - marginal)),
 * never above the marginal nor CAL_MAX (the person decides the rest).
 */
#define CAL_A 0.30
#define CAL_B 0.20
#define CAL_MAX 0.97

/*
 * Marginal probability of tag path[i] at each i: forward-backward in
 * probability space, each step scaled to sum 1 (so nothing under- or
 * overflows), with the exponentials of the transitions taken once per
 * sentence and of the emissions once per token: nt^2 multiply-adds per
 * token instead of nt^2 exp/log.
 */
static void
marginals(size_t n, size_t nt, const float *em, const float *tr, const unsigned char *path, double *fw, double *bw,
    double *ex, double *out)
{
	double k = 1.0 / TEMPERATURE, *et = ex + n * nt;

	for (size_t p = 0; p <= nt; p++)
		for (size_t g = 0; g < nt; g++)
			et[p * nt + g] = tr[p * nt + g] == -INFINITY ? 0 : exp(k * tr[p * nt + g]);
	for (size_t i = 0; i < n; i++) {
		float m = -INFINITY;

		for (size_t g = 0; g < nt; g++)
			if (em[i * nt + g] > m)
				m = em[i * nt + g];
		for (size_t g = 0; g < nt; g++)
			ex[i * nt + g] = exp(k * ((double)em[i * nt + g] - m));
	}
	for (size_t i = 0; i < n; i++) {
		double sum = 0;

		for (size_t g = 0; g < nt; g++) {
			double v = 0;

			if (i == 0)
				v = et[nt * nt + g];
			else
				for (size_t p = 0; p < nt; p++)
					v += fw[(i - 1) * nt + p] * et[p * nt + g];
			fw[i * nt + g] = v * ex[i * nt + g];
			sum += fw[i * nt + g];
		}
		for (size_t g = 0; g < nt; g++)
			fw[i * nt + g] = sum > 0 ? fw[i * nt + g] / sum : 0;
	}
	for (size_t i = n; i-- > 0;) {
		double sum = 0;

		for (size_t p = 0; p < nt; p++) {
			double v = 0;

			if (i == n - 1)
				v = tag_open(p) ? 0 : 1;
			else
				for (size_t g = 0; g < nt; g++)
					v += et[p * nt + g] * ex[(i + 1) * nt + g] * bw[(i + 1) * nt + g];
			bw[i * nt + p] = v;
			sum += v;
		}
		for (size_t p = 0; p < nt; p++)
			bw[i * nt + p] = sum > 0 ? bw[i * nt + p] / sum : 0;
	}
	for (size_t i = 0; i < n; i++) {
		double z = 0;

		for (size_t g = 0; g < nt; g++)
			z += fw[i * nt + g] * bw[i * nt + g];
		out[i] = z > 0 ? fw[i * nt + path[i]] * bw[i * nt + path[i]] / z : 0;
	}
}


/* Scratch space for one sentence. */
typedef struct scratch {
	float *em, *tr, *dp;
	unsigned char *bp, *path, *gold;
	double *fw, *bw, *ex, *marg;
} scratch;

/* Scratch for sentences of up to MAXSENT tokens and nt tags. */
static int
scratch_init(scratch *s, size_t nt)
{
	size_t n = MAXSENT;

	s->em = malloc(n * nt * sizeof *s->em);
	s->tr = malloc((nt + 1) * nt * sizeof *s->tr);
	s->dp = malloc(n * nt * sizeof *s->dp);
	s->bp = malloc(n * nt);
	s->path = malloc(n);
	s->gold = malloc(n);
	s->fw = malloc(n * nt * sizeof *s->fw);
	s->bw = malloc(n * nt * sizeof *s->bw);
	s->ex = malloc((n + nt + 1) * nt * sizeof *s->ex);
	s->marg = malloc(n * sizeof *s->marg);
	return s->em && s->tr && s->dp && s->bp && s->path && s->gold && s->fw && s->bw && s->ex && s->marg ? 0 : -1;
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
	free(s->ex);
	free(s->marg);
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

		if (!tg_confirmed_entity(s))
			continue;
		lo = tg_first_token_from(in, s->start);
		for (i = lo; i < in->ntok && tg_tok_end(in, i) <= s->end; i++)
			clash |= gold[i] != 0;
		if (i == lo || clash || (li = label_index(t, s->label, 1)) < 0)
			continue;
		for (size_t j = lo; j < i; j++)
			gold[j] = (unsigned char)TAG_OF((size_t)li, i - lo == 1 ? TAG_U : j == lo ? TAG_B : j + 1 == i ? TAG_L : TAG_I);
	}
}

/*
 * Gold tags of sentence [s0,s1) the decoder can produce: an entity cut by
 * the sentence's edge (a break guessed inside "U.S. Army") starts or ends
 * there. An unreachable gold path would be learnt from on every replay,
 * and the weights would grow without end.
 */
static const unsigned char *
reachable_gold(const unsigned char *gold, size_t s0, size_t s1, unsigned char *out)
{
	size_t n = s1 - s0;

	memcpy(out, gold + s0, n);
	if (out[0] && TAG_POS(out[0]) == TAG_I)
		out[0] = (unsigned char)(out[0] - TAG_I + TAG_B);
	else if (out[0] && TAG_POS(out[0]) == TAG_L)
		out[0] = (unsigned char)(out[0] - TAG_L + TAG_U);
	if (out[n - 1] && TAG_POS(out[n - 1]) == TAG_B)
		out[n - 1] = (unsigned char)(out[n - 1] - TAG_B + TAG_U);
	else if (out[n - 1] && TAG_POS(out[n - 1]) == TAG_I)
		out[n - 1] = (unsigned char)(out[n - 1] - TAG_I + TAG_L);
	return out;
}

/* One perceptron step on sentence [s0,s1): decode with the current
 * weights, move them toward gold where the path differs. */
static void
train_sentence(tagger *t, const fbuf *f, size_t s0, size_t s1, const unsigned char *allgold, scratch *sc)
{
	size_t n = s1 - s0, nt = 1 + TPL * t->nlab;
	int same = 1;
	const unsigned char *gold = reachable_gold(allgold, s0, s1, sc->gold);

	scores(t, t->w, f, s0, s1, nt, sc->em, sc->tr);
	viterbi(n, nt, sc->em, sc->tr, sc->dp, sc->bp, sc->path);
	for (size_t i = 0; i < n && same; i++)
		same = sc->path[i] == gold[i];
	if (!same)
		for (size_t i = 0; i < n; i++) {
			size_t g = gold[i], p = sc->path[i];
			size_t gp = i ? gold[i - 1] : START, pp = i ? sc->path[i - 1] : START;

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
	if (tg_article_build(&a, in) != 0)
		return -1;
	if ((gold = malloc(in->ntok)) == NULL || (todo = malloc(a.nsent * sizeof *todo)) == NULL ||
	    tg_fbuf_init(&f, t, a.n) != 0)
		goto out;
	gold_tags(t, in, gold);
	if (scratch_init(&sc, 1 + TPL * t->nlab) != 0)
		goto out;
	a.dict = &t->dict;
	for (size_t k = 0; k < a.nsent; k++) {
		size_t s0 = a.sent[k], s1 = a.sent[k + 1];

		if (in->tok[s0].start < in->done_start || in->tok[s1 - 1].end > in->done_end)
			continue;
		for (size_t i = s0; i < s1; i++)
			tg_token_feats(&f, &a, s0, s1, i);
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
		tg_dict_count(&t->dict, &a, a.sent[todo[j]], a.sent[todo[j] + 1], gold);
	}
	t->dirty = 1;
	rc = 0;
out:
	free(gold);
	free(todo);
	tg_fbuf_free(&f);
	scratch_free(&sc);
	tg_article_free(&a);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Tagging */

double
tagger_calibrate(double m)
{
	double c;

	if (!(m > 0))
		return 0;
	if (m >= 1)
		return CAL_MAX;
	c = CAL_A + CAL_B * log10(1 / (1 - m));
	if (c > m)
		c = m;
	return c < CAL_MAX ? c : CAL_MAX;
}

/*
 * Append the entity of tokens [b,e) with label and conf to out, as a
 * person would tag it: a leading title the corpus mostly saw outside
 * names ("President", "Minister") left out, and a possessive inside it
 * ending a name there ("Tokyo’s Suntory Hall": "Tokyo", "Suntory Hall").
 * Only spans inside [ws,we) are kept.
 */
static int
propose(const article *a, size_t b, size_t e, const char *label, double conf, size_t ws, size_t we, sug_list *out)
{
	const sug_input *in = a->in;

	/* persons only (PER, PERSON), and two words left: "Will Smith" stays
	 * (replays: F1 +0.001 on both sets; all labels: -0.012 on wikigold,
	 * "New York" lost its "New") */
	if (strncmp(label, "PER", 3) == 0)
		while (e - b > 2 && tg_dict_mostly_o(a->dict, a->ti[b].hlw))
			b++;
	for (size_t m = b; m < e; m++) {
		size_t end = tg_tok_end(in, m);

		if (end == in->tok[m].end && m + 1 < e)
			continue;
		if (in->tok[b].start >= ws && end <= we && sug_list_add(out, in->tok[b].start, end, label, SRC_MODEL, conf) != 0)
			return -1;
		b = m + 1;
	}
	return 0;
}

int
tagger_suggest(tagger *t, const sug_input *in, sug_list *out)
{
	article a;
	fbuf f = { 0 };
	scratch sc = { 0 };
	size_t nt = 1 + TPL * t->nlab, ws = in->want_start, we = in->want_end ? in->want_end : in->ncp;
	int allowed[TAGGER_MAX_LABELS], rc = -1;

	if (t->nlab == 0 || in->ntok == 0)
		return 0;
	tg_refresh(t);
	for (size_t k = 0; k < t->nlab; k++)
		allowed[k] = sug_label_allowed(in, t->labels[k]);
	if (tg_article_build(&a, in) != 0)
		return -1;
	a.dict = &t->dict;
	if (tg_fbuf_init(&f, t, a.n) != 0 || scratch_init(&sc, nt) != 0)
		goto out;
	for (size_t k = 0; k < a.nsent; k++) {
		size_t s0 = a.sent[k], s1 = a.sent[k + 1], n = s1 - s0;

		if (in->tok[s1 - 1].end <= ws || in->tok[s0].start >= we)
			continue;
		for (size_t i = s0; i < s1; i++)
			tg_token_feats(&f, &a, s0, s1, i);
		scores(t, t->avg, &f, s0, s1, nt, sc.em, sc.tr);
		viterbi(n, nt, sc.em, sc.tr, sc.dp, sc.bp, sc.path);
		marginals(n, nt, sc.em, sc.tr, sc.path, sc.fw, sc.bw, sc.ex, sc.marg);
		for (size_t i = 0; i < n;) {
			size_t g = sc.path[i], j = i + 1;
			double conf;

			if (g == 0 || (TAG_POS(g) != TAG_B && TAG_POS(g) != TAG_U)) {
				i++;
				continue;
			}
			conf = sc.marg[i];
			while (TAG_POS(g) == TAG_B && j < n && sc.path[j] != 0 && TAG_LABEL(sc.path[j]) == TAG_LABEL(g) &&
			    (TAG_POS(sc.path[j]) == TAG_I || TAG_POS(sc.path[j]) == TAG_L)) {
				if (sc.marg[j] < conf)
					conf = sc.marg[j];
				if (TAG_POS(sc.path[j++]) == TAG_L)
					break;
			}
			/* a label the scheme lacks is decoded (masking it would push
			 * its words into another label) but not proposed */
			if (allowed[TAG_LABEL(g)] &&
			    propose(&a, s0 + i, s0 + j, t->labels[TAG_LABEL(g)], tagger_calibrate(conf), ws, we, out) != 0)
				goto out;
			i = j;
		}
	}
	rc = 0;
out:
	tg_fbuf_free(&f);
	scratch_free(&sc);
	tg_article_free(&a);
	return rc;
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
