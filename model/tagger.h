/*
 * tagger.h: the online sequence tagger ("model" engine, GUIDE §5).
 *
 * A structured perceptron over BILOU tags (begin, inside, last, unit)
 * with first-order transitions and Viterbi decoding (I-X and L-X only
 * after B-X or I-X; a sentence never ends inside an entity). Features of a token: the
 * word as written and case-folded, its shape, prefixes and suffixes, the
 * words and shapes around it, whether it is capitalised at the start of a
 * sentence, whether its lower-case form occurs in lower case elsewhere in
 * the article or capitalised inside a sentence elsewhere, and the hints
 * other engines pass in (sug_input.hints: "a gazetteer says B-LOC here").
 * Features are hashed into a fixed table: a feature's weights for all tags
 * sit side by side from its hashed row, so memory is fixed whatever the
 * vocabulary and labels can be added as they appear (at most
 * TAGGER_MAX_LABELS).
 *
 * Averaging. The perceptron decodes with averaged weights, but averaged
 * over the recent updates, not the whole history: each weight's average
 * is an exponential moving average over training steps with a window of
 * `window` steps (kept lazily: a weight's average is brought up to date
 * only when it changes). A whole-history average lags behind when the
 * tagger adapts to a person's labels; a short window forgets the starter.
 *
 * Online learning. Each learn trains on the new sentences `passes` times,
 * and after each one replays `replay` sentences drawn from a reservoir
 * sample of all sentences learnt so far (so a correction does not undo
 * what earlier documents taught). A corpus dictionary counts how each
 * word was labelled so far ("ORG 3 times, O never"), a feature that is
 * there at once, while word weights move only on mistakes; the article's
 * own confirmed spans in other sentences are features too (document
 * memory). A sentence's features never include its own answer.
 *
 * Confidence of a proposed entity: the least marginal probability of its
 * tokens' tags (forward-backward over the averaged scores), calibrated by
 * tagger_calibrate.
 *
 * Not thread-safe: one tagger serves one thread at a time (suggest
 * refreshes the averaged weights after learning).
 */
#ifndef GLOSS_TAGGER_H
#define GLOSS_TAGGER_H

#include <stdint.h>
#include "model/suggest.h"

enum { TAGGER_MAX_LABELS = 32 };

typedef struct tagger tagger;

typedef struct tagger_opts {
	unsigned bits;      /* log2 of the weight table size (16..26); 0: 20 */
	unsigned passes;    /* passes over the sentences per learn; 0: 1 */
	double window;      /* averaging window in training steps; 0: 100 */
	unsigned replay;    /* past sentences replayed after each new one; 0: 2 */
} tagger_opts;

/* opts may be NULL (defaults). NULL on no memory. */
tagger *tagger_new(const tagger_opts *opts);
void tagger_free(tagger *t);
/* Change passes, window (0: unchanged) and replay of a tagger (e.g. after
 * loading a starter). */
void tagger_set_opts(tagger *t, unsigned passes, double window, unsigned replay);

/*
 * Train on the sentences of in that lie inside [in->done_start,
 * in->done_end), with in->known's confirmed entity spans as the answer
 * (every other token is O), `passes` times. Labels not seen before are
 * added. 0, or -1 on no memory.
 */
int tagger_learn(tagger *t, const sug_input *in);
/* Tag in (only sentences overlapping the want range) and append entities. */
int tagger_suggest(tagger *t, const sug_input *in, sug_list *out);
/* The confidence shown for an entity whose least tag marginal is m: the
 * share of such suggestions that were right in replays (monotone, never
 * above m). */
double tagger_calibrate(double m);

/* Labels the tagger knows. */
size_t tagger_nlabels(const tagger *t);
const char *tagger_label(const tagger *t, size_t i);

/*
 * Serialise the full state (weights, averages, step count, labels) into a
 * malloc'd buffer; compact=1 keeps the averaged weights and the corpus
 * dictionary (a starter model: smaller, and learning goes on from them).
 * Load replaces the state and checks the buffer (bad data: -1, the tagger unchanged).
 */
int tagger_save(tagger *t, int compact, unsigned char **buf, size_t *n);
int tagger_load(tagger *t, const unsigned char *buf, size_t n);

/* The engine for the registry (owns the tagger; opts may be NULL). */
sug_engine *tagger_engine_new(const tagger_opts *opts);
/* The tagger inside such an engine. */
tagger *tagger_of_engine(sug_engine *e);

#endif
