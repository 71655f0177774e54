/*
 * suggester.h: the suggestion engines run over stored articles (GUIDE §5).
 *
 * A suggester owns one set of engines (model/): gazetteer (the built-in
 * lists plus the user's, read from the store, filtered by the scheme),
 * pattern, propagate (rebuilt from every stored decision) and model (the
 * tagger: its state from the store, else the starter bytes given). For
 * an article it runs them, keeps one suggestion per place (sug_combine
 * with the default rules and the memory of decisions) and replaces the
 * article's suggestions from those engines in the store — never touching
 * a confirmed or rejected span (store_suggestions_put).
 *
 * Order inside one article: gazetteer and pattern first; their matches go
 * to the tagger as hints (features), never as answers.
 *
 * One suggester serves one thread with one store connection.
 */
#ifndef GLOSS_SUGGESTER_H
#define GLOSS_SUGGESTER_H

#include <stddef.h>
#include <stdint.h>
#include "db/store.h"

enum {
	ENG_PROPAGATE = 1,
	ENG_GAZETTEER = 2,
	ENG_PATTERN = 4,
	ENG_MODEL = 8,
	ENG_ALL = 15
};

/* "propagate,gazetteer,pattern,model" (any subset, any order) into a mask
 * of ENG_*; -1 with the bad word copied into bad (size badsz). */
int suggester_parse_engines(const char *list, unsigned *mask, char *bad, size_t badsz);
/* The mask back as a list in the canonical order, into buf. */
void suggester_engine_names(unsigned mask, char *buf, size_t bufsz);

/* A gazetteer shipped with gloss (built into the binary). */
typedef struct sug_text {
	const char *name;
	const char *text;
	size_t len;
} sug_text;

typedef struct suggester_opts {
	unsigned engines;          /* ENG_* */
	const sug_text *builtin;   /* built-in gazetteers, NULL-named end; may be NULL */
	const unsigned char *starter; /* tagger starter model (used when the store has no state) */
	size_t starter_len;
} suggester_opts;

typedef struct suggester suggester;

/* Build the engines (reads the store: scheme, gazetteers, decisions,
 * tagger state). 0, or -1 with a message in err. */
int suggester_new(store *st, const suggester_opts *o, suggester **out, char *err, size_t errsz);
void suggester_free(suggester *sg);

/*
 * Suggest for article aid and store the result (one short transaction,
 * or the caller's when one is open). *added (may be NULL): suggestions
 * stored. 0, or -1 with store_errmsg set.
 */
int suggester_article(suggester *sg, int64_t aid, size_t *added);
/* The same around [start, end) (code points) of a long article: only the
 * suggestions of a window a few thousand characters about it are made
 * again (see suggester.c). */
int suggester_article_near(suggester *sg, int64_t aid, size_t start, size_t end, size_t *added);

/*
 * Decisions just made in article aid (fresh: spans as now stored, with
 * status confirmed or rejected): the engines that learn take them in,
 * and the memory of rejections too. done != 0 when the whole article is
 * decided (marked done): the tagger then trains on it. 0 or -1.
 */
int suggester_learn(suggester *sg, int64_t aid, const span *fresh, size_t nfresh, int done);

/* on != 0: suggester_article stores as a batch run does
 * (store_suggestions_put_batch: compact rows, for gloss suggest). */
void suggester_set_batch(suggester *sg, int on);

/* A note for the user from building the engines (e.g. the tagger's
 * saved state could not be read and the starter is used), or NULL. */
const char *suggester_notice(const suggester *sg);

/* Keep what the engines learnt (the tagger's state) in the store. */
int suggester_save(suggester *sg);

#endif
