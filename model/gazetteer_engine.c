/*
 * gazetteer_engine.c: the gazetteer as a suggestion source: matches as
 * suggestions (sug_engine) and as the tagger's per-token hints.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include "model/gazetteer.h"

void
gazetteer_token_features(const gaz_matches *m, const token *tok, size_t ntok,
    uint32_t *begin, uint32_t *inside)
{
	size_t t = 0;

	memset(begin, 0, ntok * sizeof *begin);
	memset(inside, 0, ntok * sizeof *inside);
	for (size_t k = 0; k < m->n; k++) {
		const gaz_match *x = &m->v[k];
		uint32_t bit = (uint32_t)1 << x->label;
		int first = 1;

		/* matches come by start: the first token that could overlap only moves on */
		while (t < ntok && tok[t].end <= x->start)
			t++;
		for (size_t q = t; q < ntok && tok[q].start < x->end; q++) {
			if (first)
				begin[q] |= bit;
			else
				inside[q] |= bit;
			first = 0;
		}
	}
}

/* ---- the engine ------------------------------------------------------ */

struct gaz_engine {
	gazetteer *g;
	gaz_matches m;
};

/* s[0..n) has no lower-case letter (a headline, a dateline: "AMMAN"). */
static int
no_lower(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *e = p + n;
	ucs4_t c;

	while (p < e) {
		int k = u8_mbtouc(&c, p, (size_t)(e - p));

		if (c < 0x80 ? (c >= 'a' && c <= 'z') : uc_is_lower(c))
			return 0;
		p += k;
	}
	return 1;
}

/*
 * Confidence: a match written as in the list is usually right, one in
 * capitals (a dateline) nearly as often; one in lower case ("turkey",
 * "chad") much less often, so it is proposed low and the combination's
 * threshold decides.
 */
static int
gaz_engine_suggest(void *self, const sug_input *in, sug_list *out)
{
	struct gaz_engine *ge = self;
	/* whether the scheme has label i, asked once per call (a list has a
	 * few labels, an article tens of matches): 0 unknown, 1 yes, 2 no */
	unsigned char allowed[64] = { 0 };

	if (gazetteer_match(ge->g, in->s, in->len, 0, &ge->m) != 0)
		return -1;
	for (size_t i = 0; i < ge->m.n; i++) {
		const gaz_match *x = &ge->m.v[i];
		const char *lab = gazetteer_label(ge->g, x->label);

		if (x->label < sizeof allowed) {
			if (allowed[x->label] == 0)
				allowed[x->label] = sug_label_allowed(in, lab) ? 1 : 2;
			if (allowed[x->label] == 2)
				continue;
		} else if (!sug_label_allowed(in, lab))
			continue;
		if (sug_list_add(out, x->start, x->end, lab, SRC_GAZETTEER, x->exact ? GAZ_CONF_EXACT :
		    no_lower(in->s + x->bstart, x->bend - x->bstart) ? GAZ_CONF_CAPS : GAZ_CONF_FOLDED) != 0)
			return -1;
	}
	return 0;
}

static void
gaz_engine_free(void *self)
{
	struct gaz_engine *ge = self;

	gazetteer_free(ge->g);
	gaz_matches_free(&ge->m);
	free(ge);
}

static const sug_engine gaz_proto = {
	.name = "gazetteer", .source = SRC_GAZETTEER, .suggest = gaz_engine_suggest,
	.free = gaz_engine_free,
};

sug_engine *
gazetteer_engine_new(gazetteer *g)
{
	struct gaz_engine *ge = calloc(1, sizeof *ge);

	if (ge == NULL)
		return NULL;
	ge->g = g;
	return sug_engine_new(&gaz_proto, ge);
}
