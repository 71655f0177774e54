/*
 * gazetteer_int.h: the gazetteer's insides, shared by gazetteer.c (terms,
 * list loading), gazetteer_match.c (folding, the automaton, matching).
 * Not for use outside those files.
 */
#ifndef GLOSS_GAZETTEER_INT_H
#define GLOSS_GAZETTEER_INT_H

#include <unitypes.h>
#include "model/gazetteer.h"

enum {
	T_WORD_FIRST = 1, /* the term starts with a letter, digit or mark */
	T_WORD_LAST = 2,  /* ... ends with one */
	T_ACRONYM = 4     /* capitals only, at most 4 letters: match as written */
};

struct term {
	char *orig;           /* as written, trimmed, NUL-terminated */
	size_t origlen;
	unsigned char *fold;  /* folded stream of the term */
	unsigned flen;
	unsigned label;
	unsigned flags;       /* T_* */
};

#define ROW_MASK 0x7fffffffu
#define HAS_OUT 0x80000000u

struct gazetteer {
	struct term *t;
	size_t nt, capt;
	size_t *hash;          /* open addressing over folded terms: index + 1, 0 empty */
	size_t hcap;
	char *labels[GAZ_LABEL_MAX];
	unsigned nlabels;
	/* the automaton, NULL before gazetteer_build */
	unsigned char cls[256]; /* byte -> class (upper-case ASCII as lower) */
	unsigned ncls;
	uint32_t *delta;        /* state row offset (state * ncls) | HAS_OUT */
	int32_t *out;           /* per state: the term ending exactly here, or -1 */
	int32_t *dict;          /* per state: next state on the fail chain with a term, or -1 */
	size_t nstates;
};

/* gazetteer_match.c */
void gaz_fold_init(void);
int gaz_uc_word(ucs4_t c);
size_t gaz_fold_string(const char *s, size_t len, unsigned char *out, size_t cap);
void gaz_automaton_free(gazetteer *g);

#endif
