/*
 * tagger_int.h: the tagger's layout and the helpers model/tagger*.c
 * share; nothing outside those files includes it.
 *
 * tagger.c: the object, perceptron weights and their moving average,
 * Viterbi decoding and marginals, learning (with replay), tagging and the
 * sug_engine glue; tagger_feat.c: token infos, the article's and the
 * corpus's memory (tdict), feature extraction and hashing; tagger_io.c:
 * tagger_save/tagger_load of full and compact state.
 */
#ifndef GLOSS_TAGGER_INT_H
#define GLOSS_TAGGER_INT_H

#include <stddef.h>
#include <stdint.h>
#include "model/tagger.h"


enum {
	TPL = 4,            /* tags per label: B I L U */
	MAXTAGS = 1 + TPL * TAGGER_MAX_LABELS,
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

/* Token view: what features are made of. */
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

/* Hashed feature rows of a run of tokens: MAXFEAT per token. */
typedef struct fbuf {
	uint32_t *rows;     /* MAXFEAT per token */
	unsigned *nf;
	size_t mask;
} fbuf;

/*
 * Tags (BILOU): 0 is O; label k has B = 1 + 4k (first of several tokens),
 * I = 2 + 4k (inside), L = 3 + 4k (last), U = 4 + 4k (a one-token entity).
 * Separate first, last and single tags let the weights learn what starts
 * and ends a name, which BIO folds into "not I".
 */
enum { TAG_B, TAG_I, TAG_L, TAG_U };
#define TAG_OF(k, pos) (1 + TPL * (k) + (pos))
#define TAG_LABEL(g) (((size_t)(g) - 1) / TPL)
#define TAG_POS(g) (((size_t)(g) - 1) % TPL)

/* tagger.c */
double tg_decay_pow(const tagger *t, uint32_t k);
void tg_refresh(tagger *t);

/* tagger_feat.c */
int tg_article_build(article *a, const sug_input *in);
void tg_article_free(article *a);
dent *tg_dict_get(tdict *d, uint64_t h);
int tg_dict_mostly_o(const tdict *d, uint64_t h);
void tg_dict_count(tdict *d, const article *a, size_t s0, size_t s1, const unsigned char *gold);
size_t tg_first_token_from(const sug_input *in, size_t cp);
int tg_confirmed_entity(const span *s);
size_t tg_tok_end(const sug_input *in, size_t i);
int tg_apostrophe(uint32_t c);
int tg_fbuf_init(fbuf *f, const tagger *t, size_t n);
void tg_fbuf_free(fbuf *f);
void tg_token_feats(fbuf *f, const article *a, size_t s0, size_t s1, size_t i);

#endif
