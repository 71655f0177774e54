/*
 * suggest.h: what suggestion engines share (GUIDE §5, issue 8).
 *
 * An engine looks at one article and proposes entity spans. It is given
 * the article text, its word tokens and the spans a person already decided
 * on (confirmed or rejected), and appends suggestions to a sug_list: spans
 * with status SPAN_SUGGESTED, kind SPAN_ENTITY, its source (SRC_PROPAGATE,
 * SRC_GAZETTEER, SRC_PATTERN, SRC_MODEL), a confidence in [0,1] and a
 * malloc'd label, offsets in code points of the text. Engines may propose
 * overlapping or conflicting spans; sug_combine() then keeps one
 * suggestion per place and applies the rules of issue 8:
 *
 *   - a suggestion never replaces a confirmed or rejected span: anything
 *     overlapping a confirmed span is dropped;
 *   - a rejected (text, label) is not proposed again at that place (same
 *     start, end and label as a rejected span);
 *   - repeated rejections of a string with a label lower that string's
 *     confidence everywhere (sug_memory keeps the counts);
 *   - per engine a minimum confidence (most false positives are confident
 *     wrong labels, so each engine has its own threshold) and a weight.
 *
 * Who does what. model/propagate.[ch] (dictionary of confirmed strings),
 * model/tagger.[ch] (online averaged perceptron), model/gazetteer.[ch]
 * (term lists, one automaton) and model/pattern.[ch] (dates, money, ...)
 * each provide a sug_engine. model/ holds no SQL: db/ stores the spans and
 * the engines' state through the byte buffers of save/load below, and
 * rebuilds propagate's dictionary by feeding it the stored confirmed and
 * rejected spans (sug_engine.learn with no tokens needed beyond the text).
 *
 * Offsets: code points everywhere in this API (tokens carry byte offsets
 * too, for engines that work on the UTF-8 bytes).
 */
#ifndef GLOSS_SUGGEST_H
#define GLOSS_SUGGEST_H

#include <stddef.h>
#include <stdint.h>
#include "model/span.h"
#include "model/token.h"

/* ------------------------------------------------------------------ */
/* Token view */

/*
 * The word tokens engines work on: token_split_mode() of the whole text
 * with no cuts (TOKEN_WORDS for prose; TOKEN_WHITESPACE for pre-tokenised
 * text such as CoNLL imports, see token_mode_of_meta()). Returns the
 * count and a malloc'd array in *out, (size_t)-1 on allocation failure.
 */
size_t sug_tokens(const char *s, size_t len, int mode, token **out);

/* ------------------------------------------------------------------ */
/* Input and output of an engine */

typedef struct sug_input {
	const char *s;            /* article text, valid UTF-8 */
	size_t len;               /* bytes */
	size_t ncp;               /* code points */
	const token *tok;         /* word tokens (sug_tokens) */
	size_t ntok;
	const span *known;        /* confirmed and rejected spans of this
	                             article (suggested ones are ignored) */
	size_t nknown;
	/* Labels the scheme has; engines propose no other. NULL: any. */
	const char *const *labels;
	size_t nlabels;
	/*
	 * Hints: spans other engines found (e.g. gazetteer matches) that an
	 * engine may use as evidence, not as output. The tagger turns them
	 * into features ("a gazetteer says LOC starts here"). Status and
	 * confidence are the producer's; may be NULL.
	 */
	const span *hints;
	size_t nhints;
	/*
	 * For suggest: propose only spans inside [want_start, want_end) (code
	 * points; the rest of the text is context). want_end == 0: all.
	 */
	size_t want_start, want_end;
	/*
	 * For learn only: [done_start, done_end) in code points is the part of
	 * the text whose entities are all decided (every word in it that is
	 * not inside a confirmed span is not an entity), so a sequence
	 * learner can train on the sentences inside it. done_end == 0: none.
	 */
	size_t done_start, done_end;
	/*
	 * Who the text is, for an engine that keeps work on it between calls
	 * (the propagation keeps its words folded): equal ids mean equal text
	 * and words. 0: unknown, keep nothing.
	 */
	uint64_t text_id;
} sug_input;

/*
 * A growable list of suggestions. Its spans are views whose labels point
 * into the list's own table of label strings (one copy per distinct
 * label, kept until sug_list_clear), so adding a suggestion allocates
 * nothing once the list has grown: a batch run reuses one list for every
 * article. A list of all zeros is an empty list (as sug_list_init).
 */
typedef struct sug_list {
	span *v;
	size_t n, cap;
	char **lab;
	size_t nlab, labcap;
} sug_list;

void sug_list_init(sug_list *l);
/* Append [start,end) label (interned: valid until sug_list_clear) with source and confidence (clamped to
 * [0,1]), status SPAN_SUGGESTED, kind SPAN_ENTITY. 0, or -1 on no memory. */
int sug_list_add(sug_list *l, size_t start, size_t end, const char *label, int source, double conf);
/* Empty the list (its label table stays); it stays usable. */
void sug_list_reset(sug_list *l);
void sug_list_clear(sug_list *l); /* frees everything */

/* Byte offset in in->s of code point cp (clamped to in->len), found from
 * the nearest token at or before it: O(log ntok + token length). */
size_t sug_cp_to_byte(const sug_input *in, size_t cp);

/* 1 if label is in in->labels (or in->labels is NULL). */
int sug_label_allowed(const sug_input *in, const char *label);

/* ------------------------------------------------------------------ */
/* Engines */

typedef struct sug_engine sug_engine;
struct sug_engine {
	const char *name;  /* "propagate", "gazetteer", "pattern", "model" */
	int source;        /* enum span_source of what it proposes */
	void *self;        /* the engine's own state */
	/* Append suggestions for in to out. 0, or -1 on no memory. */
	int (*suggest)(void *self, const sug_input *in, sug_list *out);
	/*
	 * Learn from decisions. fresh[0..nfresh) are the decisions made since
	 * the engine last learnt from this article (counted once each: give
	 * each decision once); in->known holds all the article's confirmed
	 * and rejected spans, the fresh ones included; in->done_* says which
	 * part is completely annotated; in->hints are the hints as they were
	 * when the suggestions were made, so a learner never sees evidence
	 * derived from the answer. To rebuild state from the store, call it
	 * per article with fresh = known = the stored decisions. learn may be
	 * NULL (the engine does not learn). 0, or -1 on no memory.
	 */
	int (*learn)(void *self, const sug_input *in, const span *fresh, size_t nfresh);
	/* Serialise the state to a malloc'd buffer (*buf, *n) / read it back
	 * (replaces the state). NULL when the engine has no state to keep. */
	int (*save)(void *self, unsigned char **buf, size_t *n);
	int (*load)(void *self, const unsigned char *buf, size_t n);
	void (*free)(void *self);
};

/* A malloc'd copy of the engine's constant proto (name, source, methods)
 * that owns self. On no memory proto->free(self) is called and NULL
 * returned, so a constructor is `self ? sug_engine_new(&proto, self) : NULL`. */
sug_engine *sug_engine_new(const sug_engine *proto, void *self);

/* sug_engine.free(self) then the struct itself; NULL is fine. */
void sug_engine_free(sug_engine *e);

/* ------------------------------------------------------------------ */
/* Memory of decisions across the corpus (for the rejection rule) */

/*
 * Strings compared as propagate compares them: case-folded, NFC, tokens
 * joined by one space. Counts how often a (string, label) was confirmed
 * and rejected anywhere. Built from stored spans at start-up, updated as
 * the person decides.
 */
typedef struct sug_memory sug_memory;

sug_memory *sug_memory_new(void);
void sug_memory_free(sug_memory *m);
/* Record a decision on s[bstart..bend) (bytes). status is
 * SPAN_CONFIRMED or SPAN_REJECTED (others ignored). 0 or -1. */
int sug_memory_add(sug_memory *m, const char *s, size_t bstart, size_t bend, const char *label, int status);
/* Times (key, label) was rejected / confirmed; key from sug_key(). */
unsigned sug_memory_rejected(const sug_memory *m, const char *key, const char *label);
unsigned sug_memory_confirmed(const sug_memory *m, const char *key, const char *label);
/*
 * The comparison key of s[0..n) (bytes): NFC, case-folded, tokens
 * (TOKEN_WORDS) joined by single spaces. malloc'd, NULL on no memory or
 * when the string holds no token.
 */
char *sug_key(const char *s, size_t n);
/* s[0..n) NFC-normalised and case-folded (u8_casefold), malloc'd and
 * NUL-terminated, its length in *outn (may be NULL). NULL on no memory. */
char *sug_fold(const char *s, size_t n, size_t *outn);
/* A 64-bit hash of n bytes (FNV-1a with a final mix), for hashed tables:
 * sug_hash(p, n, seed) == sug_hash_mix(sug_hash_step(SUG_HASH_INIT ^ seed, p, n)),
 * so a key made of pieces can be hashed piece by piece. */
#define SUG_HASH_INIT 1469598103934665603ULL
uint64_t sug_hash(const void *p, size_t n, uint64_t seed);
uint64_t sug_hash_step(uint64_t h, const void *p, size_t n);
uint64_t sug_hash_mix(uint64_t h);

/* ------------------------------------------------------------------ */
/* Combination */

typedef struct sug_rule {
	int source;        /* enum span_source this rule is for */
	double min_conf;   /* drop suggestions below this confidence */
	double weight;     /* score = confidence * weight when choosing */
} sug_rule;

/*
 * One suggestion per place. From cand (any order, any overlaps) keep, in
 * order of falling score, each span that overlaps no confirmed span of
 * in->known, is not a rejected (start,end,label) of in->known, passes its
 * engine's threshold (rules with no entry for a source: kept, weight 1),
 * and overlaps no span kept before. When mem is given, each rejection of
 * the span's (key, label) beyond confirmations scales its confidence by
 * 1/2 before the threshold is applied. The kept spans are appended to out
 * (copied, in text order); cand is left as it was. 0 or -1 on no memory.
 */
int sug_combine(const sug_input *in, const sug_list *cand,
    const sug_rule *rules, size_t nrules, const sug_memory *mem, sug_list *out);

/* The rules gloss uses unless told otherwise (measured with simulate). */
const sug_rule *sug_default_rules(size_t *n);

#endif
