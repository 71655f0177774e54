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

/* A deep state: most have one child, stored inline. */
struct gaz_sparse {
	uint32_t fail;          /* the fail state */
	uint32_t first;         /* kc/kt[first..first + nk) when nk > 1 */
	uint32_t t0;            /* the child when nk == 1 (state | HAS_OUT) */
	unsigned char c0;       /* its class */
	unsigned char pad;
	uint16_t nk;            /* children (a byte class each: at most 256) */
};

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
	/* states 0..ndense-1 (the shallow ones, breadth first) have full rows
	 * of the DFA: dense[state * ncls + class] = state | HAS_OUT; the others
	 * (in trie order, so a term's tail is contiguous) keep only their
	 * children and fail state (struct gaz_sparse) */
	uint32_t *dense;
	size_t ndense;
	struct gaz_sparse *sp;  /* sp[state - ndense] */
	unsigned char *kc;      /* children of states with several: classes */
	uint32_t *kt;           /* ... and their states | HAS_OUT */
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
