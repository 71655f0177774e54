/*
 * gazetteer.h: term lists matched with one multi-pattern automaton.
 *
 * Terms and text are compared case-folded and NFC-normalised (libunistring
 * u8_casefold with UNINORM_NFC), with every run of white space read as one
 * space and the typographic apostrophes U+2018, U+2019 and U+02BC read as
 * "'": "Côte d’Ivoire" finds "CÔTE D'IVOIRE" and the same with its accent
 * written decomposed, but not "Cote d'Ivoire" (accents count). A match
 * must sit at word boundaries: a term edge that is a letter, digit or mark
 * must not touch another one in the text ("Oman" is not found in "Romania"
 * nor in "Omani"). Where matches overlap, the longest wins (then the one
 * further left); "United States of America" beats "United States".
 *
 * One exception to case-blindness: a term written in capitals with at most
 * four letters (an acronym: "UN", "EU", "NATO", "WHO") matches only as
 * written, so "us", "who" and "un-" in running text are not taken for one.
 *
 * Coordinates: text comes in as UTF-8 bytes, matches go out in code points
 * of that text (GUIDE §4). The automaton is a full DFA over byte classes
 * built once (gazetteer_build); matching is read-only on the gazetteer, so
 * several threads may match with one gazetteer at once, each with its own
 * gaz_matches.
 */
#ifndef GLOSS_GAZETTEER_H
#define GLOSS_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>
#include "model/label.h"
#include "model/suggest.h"
#include "model/token.h"

typedef struct gazetteer gazetteer;

typedef struct gaz_match {
	size_t start, end; /* [start,end) in code points of the text */
	size_t bstart, bend; /* the same in bytes (for model/ callers) */
	unsigned label;    /* index for gazetteer_label() */
	unsigned term;     /* index of the term (gazetteer_term()) */
	int exact;         /* 1: the text has the term exactly as written */
} gaz_match;

/* A growable result buffer, reused across calls to avoid a malloc per
 * article; zero it before first use, gaz_matches_free when done. */
typedef struct gaz_matches {
	gaz_match *v;
	size_t n, cap;
	void *cache;       /* folding cache of the caller's thread; NULL at first */
} gaz_matches;

void gaz_matches_free(gaz_matches *m);

enum {
	GAZ_ALL = 1 /* gazetteer_match: every match at word boundaries, overlaps kept */
};

/* Limits: a term folds to at most GAZ_TERM_MAX bytes; at most GAZ_LABEL_MAX labels. */
enum { GAZ_TERM_MAX = 255, GAZ_LABEL_MAX = 32 };

gazetteer *gazetteer_new(void);
void gazetteer_free(gazetteer *g);

/*
 * Add one term with its label (both copied). A term added again (equal
 * once folded) takes the later label. Returns 0; -1 with a message in err
 * (size errsz) when the term is empty once folded, folds to more than
 * GAZ_TERM_MAX bytes, is not valid UTF-8, or the label would be the
 * GAZ_LABEL_MAX+1st; -1 on allocation failure. Terms added after
 * gazetteer_build are matched after the next build.
 */
int gazetteer_add(gazetteer *g, const char *term, size_t len, const char *lab, char *err, size_t errsz);

/*
 * Add every line of a TERM<TAB>LABEL file held in buf[0..len). Blank
 * lines and lines starting with '#' are skipped; CRLF is accepted; the
 * term is trimmed. LABEL may list alternatives separated by '|'
 * ("LOC|GPE"): with a scheme ls, the first alternative the scheme has is
 * taken and a line whose alternatives it has none of is skipped (counted
 * in *skipped, which may be NULL); without one (NULL) the first is taken.
 * The file is checked whole before anything is added: on the first bad
 * line (no TAB, empty term or label, invalid UTF-8, a term too long)
 * returns -1 with err = "NAME:LINE: what is wrong" and the gazetteer is
 * unchanged. Returns the number of terms added.
 */
long gazetteer_load(gazetteer *g, const char *buf, size_t len, const char *name,
    const label_scheme *ls, size_t *skipped, char *err, size_t errsz);

/* Compile the automaton from the terms added so far. 0, or -1 on allocation failure. */
int gazetteer_build(gazetteer *g);

size_t gazetteer_count(const gazetteer *g);    /* distinct terms */
size_t gazetteer_nlabels(const gazetteer *g);
const char *gazetteer_label(const gazetteer *g, unsigned li);
/* The label's index, or -1 when no term has it. */
int gazetteer_label_index(const gazetteer *g, const char *name);
/* The term as it was written when added (trimmed), NUL-terminated. */
const char *gazetteer_term(const gazetteer *g, unsigned term);

/*
 * Find the terms in s[0..len) (UTF-8; invalid bytes never match). m->n is
 * reset; matches are appended in order of start (then longer first).
 * flags 0: longest wins among overlapping matches; GAZ_ALL: every match.
 * Before the first gazetteer_build nothing matches. Returns 0, or -1 on
 * allocation failure.
 */
int gazetteer_match(const gazetteer *g, const char *s, size_t len, int flags, gaz_matches *m);

/*
 * Tagger features: for each of ntok tokens (from token_split over the same
 * text), bit L of begin[i] is set when a match of label L starts at token
 * i, and of inside[i] when token i is in such a match but not its first
 * token. Matches not on token edges still mark the tokens they overlap.
 * begin and inside have ntok entries, overwritten.
 */
void gazetteer_token_features(const gaz_matches *m, const token *tok, size_t ntok,
    uint32_t *begin, uint32_t *inside);

/*
 * The gazetteer engine (source SRC_GAZETTEER): the longest matches whose
 * label sug_input.labels has, with confidence GAZ_CONF_EXACT when the text
 * has the term as written, GAZ_CONF_CAPS when it is in capitals (a
 * dateline), GAZ_CONF_FOLDED when its case differs otherwise. It
 * owns g (built) and frees it. Not thread-safe (one result buffer); NULL
 * on no memory (g is then still the caller's).
 */
#define GAZ_CONF_EXACT 0.8
#define GAZ_CONF_CAPS 0.6
#define GAZ_CONF_FOLDED 0.35
sug_engine *gazetteer_engine_new(gazetteer *g);

#endif
