/*
 * suggester.c: the engines over stored articles (see suggester.h).
 *
 * Coordinates: spans leave and enter the store in code points; the
 * engines get the article's UTF-8 text with its tokens (both offsets).
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db/suggester.h"
#include "model/content_hash.h"
#include "model/gazetteer.h"
#include "model/pattern.h"
#include "model/propagate.h"
#include "model/suggest.h"
#include "model/tagger.h"
#include "model/buf.h"
#include "model/utf8.h"

static const struct {
	const char *name;
	unsigned bit;
} engine_names[] = {
	{ "propagate", ENG_PROPAGATE }, { "gazetteer", ENG_GAZETTEER },
	{ "pattern", ENG_PATTERN }, { "model", ENG_MODEL },
};
#define NENGINES (sizeof engine_names / sizeof engine_names[0])

int
suggester_parse_engines(const char *list, unsigned *mask, char *bad, size_t badsz)
{
	const char *p = list;

	*mask = 0;
	while (*p) {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < NENGINES; i++)
			if (strlen(engine_names[i].name) == n && strncmp(engine_names[i].name, p, n) == 0)
				break;
		if (i == NENGINES) {
			snprintf(bad, badsz, "%.*s", (int)n, p);
			return -1;
		}
		*mask |= engine_names[i].bit;
		p += n + (p[n] == ',');
	}
	if (*mask == 0) {
		snprintf(bad, badsz, "%s", list);
		return -1;
	}
	return 0;
}

void
suggester_engine_names(unsigned mask, char *buf, size_t bufsz)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NENGINES; i++)
		if ((mask & engine_names[i].bit) && o < bufsz)
			o += (size_t)snprintf(buf + o, bufsz - o, "%s%s", o ? "," : "", engine_names[i].name);
}

/* Which text something was made from: an article's text never changes,
 * but a failed import's ids are used again, for other texts. */
typedef struct text_key {
	int64_t aid;
	size_t len;
	uint8_t hash[CONTENT_HASH_LEN];
} text_key;

static void
text_key_of(text_key *k, int64_t aid, const char *s, size_t len)
{
	k->aid = aid;
	k->len = len;
	content_hash(s, len, k->hash);
}

static int
text_key_same(const text_key *a, const text_key *b)
{
	return a->aid != 0 && a->aid == b->aid && a->len == b->len && memcmp(a->hash, b->hash, sizeof a->hash) == 0;
}

struct suggester {
	store *st;
	unsigned engines;
	sug_engine *gaz, *pat, *prop, *model; /* NULL when not wanted */
	sug_memory *mem;
	size_t ndecided;     /* decisions in mem: none, and combine skips it */
	char **labels;       /* the scheme's label names */
	size_t nlabels;
	const sug_rule *rules;
	size_t nrules;
	unsigned srcmask;    /* 1 << SRC_* of the engines */
	int batch;           /* store compactly (suggester_set_batch) */
	const char *notice;  /* something the user should hear of, or NULL */
	sug_list cand, out, hints;
	span *view;          /* cand as it is stored when combining changes nothing */
	size_t capview;
	token *tok;          /* the words of the text tok_of (aid 0: none) */
	size_t ntok;
	text_key tok_of;
	unsigned model_gen;  /* times the tagger learned */
	struct text_only {   /* run_engines' output that only the text decides */
		text_key of;     /* aid 0: none kept */
		unsigned gen;    /* model_gen it was made with */
		sug_list hints, pre, post; /* hints; cand before the propagation, after it */
	} kept;
};

/* One article as the engines see it. */
typedef struct art {
	doc d;
	text_key key;
	sug_input in;
	span *known;
	size_t nknown;
} art;

static void
art_free(suggester *sg, art *a)
{
	(void)sg;
	free(a->known);
	doc_clear(&a->d);
}

enum {
	ART_TOKENS = 1, /* its words */
	ART_KNOWN = 2,  /* its decided spans */
	ART_META = 4    /* its metadata (how its words split) */
};

/* Load article aid: its text, and what (ART_*) asks for. */
static int
art_load(suggester *sg, int64_t aid, unsigned what, art *a)
{
	int tokens = (what & ART_TOKENS) != 0, rc;

	memset(a, 0, sizeof *a);
	doc_init(&a->d);
	/* without tokens nothing looks at the metadata (a batch gazetteer
	 * run); learning from fresh decisions needs no other decision */
	if (what & (ART_TOKENS | ART_META))
		rc = store_article_load(sg->st, aid, &a->d, (what & ART_KNOWN) != 0);
	else
		rc = store_article_text(sg->st, aid, &a->d);
	if (rc != 0)
		return -1;
	if ((a->known = malloc((a->d.nspans + 1) * sizeof *a->known)) == NULL)
		return -1;
	for (size_t i = 0; i < a->d.nspans; i++) {
		const span *s = &a->d.spans[i];

		if (s->kind == SPAN_ENTITY && s->status != SPAN_SUGGESTED)
			a->known[a->nknown++] = *s;
	}
	a->in.s = a->d.text ? a->d.text : "";
	a->in.len = a->d.len;
	a->in.ncp = utf8_count(a->in.s, a->in.len);
	a->in.known = a->known;
	a->in.nknown = a->nknown;
	a->in.labels = (const char *const *)sg->labels;
	a->in.nlabels = sg->nlabels;
	/* a batch run sees most articles once, but the propagation's
	 * learning reads the open one after each decision (XXH3 over the
	 * 213 MB of 100k articles: ~10 ms) */
	if (tokens || !sg->batch) {
		uint64_t id = 0;

		text_key_of(&a->key, aid, a->in.s, a->in.len);
		for (int i = 0; i < 8; i++)
			id = id << 8 | a->key.hash[i];
		a->in.text_id = id ? id : 1;
	}
	/* the same text's words as last time (the interface learns and
	 * suggests again after each decision) */
	if (tokens && !text_key_same(&sg->tok_of, &a->key)) {
		size_t n;

		free(sg->tok);
		sg->tok = NULL;
		sg->tok_of.aid = 0;
		n = sug_tokens(a->in.s, a->in.len, token_mode_of_meta(a->d.meta), &sg->tok);
		if (n == (size_t)-1)
			return -1;
		sg->ntok = n;
		sg->tok_of = a->key;
	}
	if (tokens) {
		a->in.tok = sg->tok;
		a->in.ntok = sg->ntok;
	}
	return 0;
}

/* The gazetteer: built-in lists, then the user's from the store (later wins). */
struct gaz_load {
	gazetteer *g;
	const label_scheme *ls;
	char *err;
	size_t errsz;
	int failed;
};

static int
gaz_user(const char *name, const char *body, size_t len, size_t terms, void *arg)
{
	struct gaz_load *gl = arg;

	(void)terms;
	if (gazetteer_load(gl->g, body, len, name, gl->ls, NULL, gl->err, gl->errsz) < 0) {
		gl->failed = 1;
		return 1;
	}
	return 0;
}

static int
build_gazetteer(suggester *sg, const suggester_opts *o, const label_scheme *ls, char *err, size_t errsz)
{
	gazetteer *g = gazetteer_new();
	struct gaz_load gl = { g, ls, err, errsz, 0 };

	if (g == NULL)
		goto oom;
	for (const sug_text *t = o->builtin; t && t->name; t++)
		if (gazetteer_load(g, t->text, t->len, t->name, ls, NULL, err, errsz) < 0)
			goto fail;
	if (store_gazetteers_each(sg->st, gaz_user, &gl) != 0) {
		snprintf(err, errsz, "%s", store_errmsg(sg->st));
		goto fail;
	}
	if (gl.failed)
		goto fail;
	if (gazetteer_build(g) != 0 || (sg->gaz = gazetteer_engine_new(g)) == NULL)
		goto oom;
	return 0;
oom:
	snprintf(err, errsz, "out of memory");
fail:
	gazetteer_free(g);
	return -1;
}

/* Propagate and the memory of decisions, from every decided article. */
static int
rebuild_decisions(suggester *sg)
{
	int64_t *ids;
	size_t n;
	int rc = 0;

	if (store_decided_articles(sg->st, &ids, &n) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		art a;

		if ((rc = art_load(sg, ids[i], ART_KNOWN | (sg->prop != NULL ? ART_TOKENS : 0), &a)) == 0) {
			for (size_t k = 0; k < a.nknown && rc == 0; k++)
				rc = sug_memory_add(sg->mem, a.in.s, sug_cp_to_byte(&a.in, a.known[k].start),
				    sug_cp_to_byte(&a.in, a.known[k].end), a.known[k].label, a.known[k].status);
			sg->ndecided += a.nknown;
			if (rc == 0 && sg->prop)
				rc = sg->prop->learn(sg->prop->self, &a.in, a.known, a.nknown);
		}
		art_free(sg, &a);
	}
	free(ids);
	return rc;
}

static int
build_model(suggester *sg, const suggester_opts *o, char *err, size_t errsz)
{
	unsigned char *buf;
	size_t n;
	int rc = 0;

	if ((sg->model = tagger_engine_new(NULL)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (store_engine_state_get(sg->st, "model", &buf, &n) != 0) {
		snprintf(err, errsz, "%s", store_errmsg(sg->st));
		return -1;
	}
	if (buf != NULL && sg->model->load(sg->model->self, buf, n) != 0) {
		/*
		 * A state saved by an older gloss (another tag set) or damaged:
		 * start again from the starter rather than lose every engine.
		 * What the tagger learnt there is gone; the decisions are not,
		 * and the next save replaces the unreadable state.
		 */
		sug_engine_free(sg->model);
		if ((sg->model = tagger_engine_new(NULL)) == NULL) {
			free(buf);
			snprintf(err, errsz, "out of memory");
			return -1;
		}
		sg->notice = "the tagger's saved state is from another gloss version: "
		    "it starts again from the starter model";
		free(buf);
		buf = NULL;
	}
	if (buf == NULL && o->starter != NULL)
		rc = sg->model->load(sg->model->self, o->starter, o->starter_len);
	free(buf);
	if (rc != 0)
		snprintf(err, errsz, "the starter model cannot be read");
	return rc;
}

int
suggester_new(store *st, const suggester_opts *o, suggester **out, char *err, size_t errsz)
{
	suggester *sg = calloc(1, sizeof *sg);
	label_scheme ls = { 0 };

	*out = NULL;
	if (sg == NULL || (sg->mem = sug_memory_new()) == NULL) {
		free(sg);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	sg->st = st;
	sg->engines = o->engines;
	sg->rules = sug_default_rules(&sg->nrules);
	sug_list_init(&sg->cand);
	sug_list_init(&sg->out);
	sug_list_init(&sg->hints);
	if (store_labels_get(st, &ls) != 0) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		goto fail;
	}
	if ((sg->labels = calloc(ls.n + 1, sizeof *sg->labels)) == NULL)
		goto oom;
	for (size_t i = 0; i < ls.n; i++)
		if ((sg->labels[sg->nlabels++] = strdup(ls.v[i].name)) == NULL)
			goto oom;
	if ((o->engines & ENG_GAZETTEER) && build_gazetteer(sg, o, &ls, err, errsz) != 0)
		goto fail;
	if ((o->engines & ENG_PATTERN) && (sg->pat = pattern_engine_new()) == NULL)
		goto oom;
	if ((o->engines & ENG_PROPAGATE) && (sg->prop = propagate_engine_new()) == NULL)
		goto oom;
	if ((o->engines & ENG_MODEL) && build_model(sg, o, err, errsz) != 0)
		goto fail;
	{
		const sug_engine *all[] = { sg->gaz, sg->pat, sg->prop, sg->model };

		for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
			if (all[i])
				sg->srcmask |= 1u << all[i]->source;
	}
	if (rebuild_decisions(sg) != 0) {
		snprintf(err, errsz, "reading decisions: %s", store_errmsg(st));
		goto fail;
	}
	label_scheme_clear(&ls);
	*out = sg;
	return 0;
oom:
	snprintf(err, errsz, "out of memory");
fail:
	label_scheme_clear(&ls);
	suggester_free(sg);
	return -1;
}

void
suggester_free(suggester *sg)
{
	if (sg == NULL)
		return;
	sug_engine_free(sg->gaz);
	sug_engine_free(sg->pat);
	sug_engine_free(sg->prop);
	sug_engine_free(sg->model);
	sug_memory_free(sg->mem);
	for (size_t i = 0; i < sg->nlabels; i++)
		free(sg->labels[i]);
	free(sg->labels);
	sug_list_clear(&sg->cand);
	sug_list_clear(&sg->out);
	sug_list_clear(&sg->hints);
	sug_list_clear(&sg->kept.hints);
	sug_list_clear(&sg->kept.pre);
	sug_list_clear(&sg->kept.post);
	free(sg->view);
	free(sg->tok);
	free(sg);
}

static int
list_append(sug_list *to, const sug_list *from, size_t i, size_t j)
{
	for (; i < j; i++) {
		const span *x = &from->v[i];

		if (sug_list_add(to, x->start, x->end, x->label, x->source, x->confidence) != 0)
			return -1;
	}
	return 0;
}

/*
 * Keep what the engines that read only the text (gazetteer, pattern, the
 * tagger until it learns again) found in article aid. The interface
 * suggests again for the open article after each decision, and only the
 * propagation's answer can have changed: the tagger over a 10 KB article
 * is 30 M instructions, per tag. Not in batch runs (each article once).
 */
static int
keep_text_only(suggester *sg, const text_key *of, size_t npre, size_t nprop)
{
	struct text_only *k = &sg->kept;

	k->of.aid = 0;
	sug_list_reset(&k->hints);
	sug_list_reset(&k->pre);
	sug_list_reset(&k->post);
	if (list_append(&k->hints, &sg->hints, 0, sg->hints.n) != 0 || list_append(&k->pre, &sg->cand, 0, npre) != 0 ||
	    list_append(&k->post, &sg->cand, nprop, sg->cand.n) != 0)
		return -1;
	k->of = *of;
	k->gen = sg->model_gen;
	return 0;
}

/* Gazetteer and pattern into sg->cand (the gazetteer's also into hints),
 * then the propagation and the tagger, for the text of a. */
static int
run_engines(suggester *sg, const art *a)
{
	const sug_input *in0 = &a->in;
	sug_input in = *in0;
	const struct text_only *k = &sg->kept;
	int reuse = text_key_same(&k->of, &a->key) && k->gen == sg->model_gen;
	size_t npre, nprop;

	sug_list_reset(&sg->cand);
	sug_list_reset(&sg->hints);
	if (reuse) {
		if (list_append(&sg->hints, &k->hints, 0, k->hints.n) != 0 ||
		    list_append(&sg->cand, &k->pre, 0, k->pre.n) != 0)
			return -1;
	} else if (sg->gaz && sg->model == NULL) {
		/* the hints are the tagger's: without it, no copy (gloss
		 * suggest --engine gazetteer over a corpus: 3M matches) */
		if (sg->gaz->suggest(sg->gaz->self, &in, &sg->cand) != 0)
			return -1;
	} else if (sg->gaz) {
		if (sg->gaz->suggest(sg->gaz->self, &in, &sg->hints) != 0)
			return -1;
		if (list_append(&sg->cand, &sg->hints, 0, sg->hints.n) != 0)
			return -1;
	}
	in.hints = sg->hints.v;
	in.nhints = sg->hints.n;
	if (!reuse && sg->pat && sg->pat->suggest(sg->pat->self, &in, &sg->cand) != 0)
		return -1;
	npre = sg->cand.n;
	if (sg->prop && sg->prop->suggest(sg->prop->self, &in, &sg->cand) != 0)
		return -1;
	nprop = sg->cand.n;
	if (reuse)
		return list_append(&sg->cand, &k->post, 0, k->post.n);
	if (sg->model && sg->model->suggest(sg->model->self, &in, &sg->cand) != 0)
		return -1;
	return sg->batch ? 0 : keep_text_only(sg, &a->key, npre, nprop);
}

/*
 * The gazetteer alone, before any decision: its matches are one per place
 * already (longest wins), no memory of decisions applies and the store
 * checks each against the article's spans, so combining would only drop
 * those under the gazetteer's threshold. That, without copying 3M
 * matches of a corpus (gloss suggest --engine gazetteer), into sg->view
 * (views of sg->cand). The count, or -1.
 */
static size_t
gazetteer_only(suggester *sg)
{
	double min = 0;
	size_t n = 0;
	span *v;

	for (size_t i = 0; i < sg->nrules; i++)
		if (sg->rules[i].source == SRC_GAZETTEER)
			min = sg->rules[i].min_conf;
	if ((v = array_grow(sg->view, &sg->capview, sg->cand.n + 1, sizeof *v)) == NULL)
		return (size_t)-1;
	sg->view = v;
	for (size_t i = 0; i < sg->cand.n; i++) {
		const span *c = &sg->cand.v[i];

		if (c->end > c->start && c->label && c->confidence >= min) {
			v[n] = *c;
			v[n++].own = NULL; /* a view: cand keeps the strings */
		}
	}
	return n;
}

int
suggester_article(suggester *sg, int64_t aid, size_t *added)
{
	art a;
	int rc = -1;

	if (added)
		*added = 0;
	if (art_load(sg, aid, ART_KNOWN | ((sg->engines & ~(unsigned)ENG_GAZETTEER) != 0 ? ART_TOKENS : 0), &a) != 0)
		goto done;
	if (run_engines(sg, &a) != 0)
		goto done;
	if (sg->engines == ENG_GAZETTEER && sg->ndecided == 0) {
		size_t n;

		if ((n = gazetteer_only(sg)) == (size_t)-1)
			goto done;
		rc = (sg->batch ? store_suggestions_put_batch : store_suggestions_put)(sg->st, aid, sg->srcmask,
		    sg->view, n, added);
		goto done;
	}
	sug_list_reset(&sg->out);
	if (sug_combine(&a.in, &sg->cand, sg->rules, sg->nrules, sg->ndecided ? sg->mem : NULL, &sg->out) != 0)
		goto done;
	rc = (sg->batch ? store_suggestions_put_batch : store_suggestions_put)(sg->st, aid, sg->srcmask, sg->out.v,
	    sg->out.n, added);
done:
	art_free(sg, &a);
	return rc;
}

/* Decided entity spans inside [ws, we), copied, their offsets from ws. */
struct known {
	span *v;
	size_t n, cap, ws, we;
	int oom;
};

static int
known_add(const span *s, void *arg)
{
	struct known *k = arg;
	span *v;

	if (s->kind != SPAN_ENTITY || s->status == SPAN_SUGGESTED || s->start < k->ws || s->end > k->we)
		return 0;
	if ((v = array_grow(k->v, &k->cap, k->n + 1, sizeof *v)) == NULL)
		return k->oom = 1;
	k->v = v;
	if (span_copy(&v[k->n], s) != 0)
		return k->oom = 1;
	v[k->n].start -= k->ws;
	v[k->n++].end -= k->ws;
	return 0;
}

/*
 * Suggest again around [start, end) of article aid (code points): the
 * engines see the text from the start of the line NEAR code points
 * before it to the end of the line NEAR after it (at most NEAR more each
 * way), and only the suggestions inside that window are replaced. For a
 * decision in a long article: over all of a 10 MB article the engines
 * took 5.5 s, and the next key waited for them.
 */
int
suggester_article_near(suggester *sg, int64_t aid, size_t start, size_t end, size_t *added)
{
	enum { NEAR = 4096 };
	art a, w;
	struct known kn = { NULL, 0, 0, 0, 0, 0 };
	size_t ws, we, bws, bwe, n;
	token *tok = NULL;
	int rc = -1;

	if (added)
		*added = 0;
	memset(&w, 0, sizeof w);
	if (art_load(sg, aid, ART_META, &a) != 0)
		goto done;
	end = end < a.in.ncp ? end : a.in.ncp;
	start = start < end ? start : end;
	ws = start > NEAR ? start - NEAR : 0;
	we = a.in.ncp - end > NEAR ? end + NEAR : a.in.ncp;
	bws = sug_cp_to_byte(&a.in, ws);
	bwe = sug_cp_to_byte(&a.in, we);
	for (n = 0; bws > 0 && a.in.s[bws - 1] != '\n' && n < NEAR; n++, ws--)
		bws = utf8_snap_back(a.in.s, bws - 1);
	for (n = 0; bwe < a.in.len && a.in.s[bwe] != '\n' && n < NEAR; n++, we++)
		bwe = utf8_snap_fwd(a.in.s, a.in.len, bwe + 1);
	w.in = a.in;
	w.in.text_id = 0; /* a window: not the text */
	w.in.s = a.in.s + bws;
	w.in.len = bwe - bws;
	w.in.ncp = we - ws;
	/* the decisions inside the window, read by their place only */
	kn.ws = ws;
	kn.we = we;
	if (store_spans_in(sg->st, aid, ws, we, known_add, &kn) != 0 || kn.oom)
		goto done;
	w.in.known = kn.v;
	w.in.nknown = kn.n;
	if ((n = sug_tokens(w.in.s, w.in.len, token_mode_of_meta(a.d.meta), &tok)) == (size_t)-1)
		goto done;
	w.in.tok = tok;
	w.in.ntok = n;
	/* w.key is no article's: nothing of the window is kept as the text's */
	if (run_engines(sg, &w) != 0)
		goto done;
	sug_list_reset(&sg->out);
	if (sug_combine(&w.in, &sg->cand, sg->rules, sg->nrules, sg->ndecided ? sg->mem : NULL, &sg->out) != 0)
		goto done;
	for (size_t i = 0; i < sg->out.n; i++) {
		sg->out.v[i].start += ws;
		sg->out.v[i].end += ws;
	}
	rc = store_suggestions_put_range(sg->st, aid, sg->srcmask, ws, we, sg->out.v, sg->out.n, added);
done:
	free(tok);
	for (size_t i = 0; i < kn.n; i++)
		span_clear(&kn.v[i]);
	free(kn.v);
	art_free(sg, &a);
	return rc;
}

int
suggester_learn(suggester *sg, int64_t aid, const span *fresh, size_t nfresh, int done)
{
	art a;
	int rc = -1;

	if (art_load(sg, aid, ART_TOKENS | (sg->model && done ? ART_KNOWN : 0), &a) != 0)
		goto out;
	for (size_t k = 0; k < nfresh; k++)
		if (fresh[k].kind == SPAN_ENTITY && fresh[k].label &&
		    sug_memory_add(sg->mem, a.in.s, sug_cp_to_byte(&a.in, fresh[k].start),
		    sug_cp_to_byte(&a.in, fresh[k].end), fresh[k].label, fresh[k].status) != 0)
			goto out;
	sg->ndecided += nfresh;
	if (sg->prop && sg->prop->learn(sg->prop->self, &a.in, fresh, nfresh) != 0)
		goto out;
	if (sg->model && done) {
		/* the tagger trains on whole decided text only, with the hints it would have had */
		if (run_engines(sg, &a) != 0)
			goto out;
		a.in.hints = sg->hints.v;
		a.in.nhints = sg->hints.n;
		a.in.done_start = 0;
		a.in.done_end = a.in.ncp;
		if (sg->model->learn(sg->model->self, &a.in, fresh, nfresh) != 0)
			goto out;
		sg->model_gen++; /* what it suggests may change everywhere */
	}
	rc = 0;
out:
	art_free(sg, &a);
	return rc;
}

void
suggester_set_batch(suggester *sg, int on)
{
	sg->batch = on;
}

const char *
suggester_notice(const suggester *sg)
{
	return sg->notice;
}

int
suggester_save(suggester *sg)
{
	unsigned char *buf = NULL;
	size_t n = 0;
	int rc;

	if (sg->model == NULL || sg->model->save == NULL)
		return 0;
	if (sg->model->save(sg->model->self, &buf, &n) != 0)
		return -1;
	rc = store_engine_state_put(sg->st, "model", buf, n);
	free(buf);
	return rc;
}
