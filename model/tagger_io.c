/*
 * tagger_io.c: tagger_save and tagger_load, the tagger's full state (to
 * go on learning) or compact state (averaged weights only, to ship) as
 * bytes; see tagger_int.h for the other tagger files.
 */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/buf.h"
#include "model/tagger_int.h"

/* ------------------------------------------------------------------ */
/* Serialisation (little-endian):
 *   "GLTG" u32 version=2, u32 bits, u32 step, u32 passes, f64 window,
 *   u32 nlab, nlab x (u32 len, bytes), u32 compact, u32 count,
 *   count x (u32 index, f32 w[, f32 ema unless compact]),
 *   u32 ndict, ndict x (u32 hash lo, u32 hash hi, u32 O count, nlab x u32
 *   label counts): the corpus dictionary.
 * Compact files hold the averaged weights (as w and ema alike) and the
 * dictionary: a starter that knows "Tuesday" was O 40 times says so at
 * once (replays: F1 +0.006 btc_section_g, +0.001 wikigold). */

/* Version 2: BILOU tags. Version 1 was BIO: its weights sit at other
 * tags' slots, so it is refused rather than misread. */
enum { TAGGER_FORMAT = 2 };

typedef struct wbuf {
	unsigned char *b;
	size_t n, cap;
	int err;
} wbuf;

static void
put(wbuf *w, const void *p, size_t n)
{
	unsigned char *b;

	if (w->err)
		return;
	if ((b = array_grow(w->b, &w->cap, w->n + n, 1)) == NULL) {
		w->err = 1;
		return;
	}
	w->b = b;
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

	tg_refresh(t);
	for (size_t i = 0; i <= t->mask; i++)
		count += compact ? t->avg[i] != 0.0f : (t->w[i] != 0.0f || t->ema[i] != 0.0f);
	put(&w, "GLTG", 4);
	put_u32(&w, TAGGER_FORMAT);
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
			put_f32(&w, t->w[i] + (t->ema[i] - t->w[i]) * (float)tg_decay_pow(t, t->step - t->last[i]));
		}
	}
	/* the corpus dictionary: u32 n, n x (u32 h lo, u32 h hi, u32 o, nlab x
	 * u32 counts) */
	put_u32(&w, (uint32_t)t->dict.n);
	for (size_t i = 0; i < t->dict.cap; i++) {
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
	if (get_u32(&r) != TAGGER_FORMAT)
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
		if ((h & 1) == 0 || (e = tg_dict_get(&nt->dict, h)) == NULL) {
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
