/*
 * simulate.h: replay gold data as an annotator would (GUIDE §5, issue 8).
 *
 * Documents in the order given; within a document, sentence by sentence
 * (a sentence is a line of the doc's text, as the CoNLL reader builds it):
 * the engines suggest for the sentence, the suggestions are scored against
 * the sentence's gold spans (exact start, end and label), then the wrong
 * suggestions are rejected and the gold spans confirmed, and every engine
 * learns from those decisions at once (the tagger from the sentence); the
 * tagger learns from the whole document again after its last sentence. A sentence's
 * gold is never looked at before its suggestions are scored: the engines
 * see only the text and the spans confirmed before it.
 *
 * Labels: the replayed project's scheme is the set of labels in the gold
 * data (a person annotating it would have configured those labels); no
 * engine proposes other labels.
 */
#ifndef GLOSS_SIMULATE_H
#define GLOSS_SIMULATE_H

#include <stddef.h>
#include "model/doc.h"
#include "model/suggest.h"

enum { SIM_MAX_ENGINES = 4, SIM_TENTHS = 10 };

/* Precision/recall counts. */
typedef struct sim_count {
	size_t tp, fp, fn;
} sim_count;

double sim_precision(const sim_count *c);
double sim_recall(const sim_count *c);
double sim_f1(const sim_count *c);

typedef struct sim_result {
	size_t ndocs, nsents, ngold;
	size_t nengines;
	const char *engine[SIM_MAX_ENGINES]; /* names, as given */
	sim_count each[SIM_MAX_ENGINES];     /* each engine alone (its threshold applied) */
	sim_count all;                       /* combined */
	sim_count tenth[SIM_TENTHS];         /* combined, per tenth of the documents */
	size_t near;  /* gold entities with a suggestion over them of the wrong extent or label */
} sim_result;

/*
 * Split docs into replay documents: a doc as given, or, when per > 0,
 * every `per` sentences (lines) of it as one document (CoNLL files
 * without -DOCSTART- are one doc: split with per = 20). The pieces are
 * appended to *out (grown with realloc; *nout counts them); spans are
 * moved along with their lines. 0 or -1 on no memory.
 */
int sim_split(const doc *d, size_t per, doc **out, size_t *nout);

/* The labels of the gold entities in docs, each once, in order of first
 * appearance (the replayed scheme): a malloc'd array of borrowed names,
 * NULL on no memory. */
const char **sim_labels(const doc *docs, size_t ndocs, size_t *n);

/*
 * Replay docs through engines[0..n) (their state is changed: they learn).
 * rules as for sug_combine (NULL: sug_default_rules). Fills *res.
 * 0 or -1 on no memory.
 */
int sim_run(const doc *docs, size_t ndocs, sug_engine **engines, size_t n,
    const sug_rule *rules, size_t nrules, sim_result *res);

/*
 * Train a tagger engine e on docs, each doc learnt as a whole (every
 * sentence is complete gold), `epochs` times in the given order. The
 * engines hint[0..nh) (propagate, gazetteer) give the tagger its hints as
 * they would in a replay: computed once, line by line, each line before
 * its gold is learnt (propagate learns as it goes). For `gloss train`.
 * 0 or -1.
 */
int sim_train(const doc *docs, size_t ndocs, sug_engine **hint, size_t nh, sug_engine *e, unsigned epochs);

#endif
