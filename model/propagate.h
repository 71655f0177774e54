/*
 * propagate.h: the propagation engine (GUIDE §5). Every confirmed entity
 * string is proposed wherever else it occurs, with the label most often
 * chosen for it.
 *
 * Strings are compared as sequences of word tokens, each NFC-normalised
 * and case-folded (sug_key), so a match always starts and ends at word
 * boundaries and "ZOË LEFÈVRE" finds "Zoë Lefèvre". The dictionary is
 * rebuilt from confirmed and rejected spans (learn), or saved and loaded
 * as a byte buffer.
 *
 * Confidence of a proposal: (n + 1) / (total + rejected + 2), where n is
 * how often the label was confirmed for the string, total all its
 * confirmations and rejected how often that label was rejected for it; a
 * string always written with capitals that occurs in lower case here is
 * scaled by 0.3 ("Apple" does not make every "apple" a company).
 */
#ifndef GLOSS_PROPAGATE_H
#define GLOSS_PROPAGATE_H

#include "model/suggest.h"

typedef struct propagate propagate;

propagate *propagate_new(void);
void propagate_free(propagate *p);

/* Count one decision on s[bstart..bend) (bytes) with label; status is
 * SPAN_CONFIRMED or SPAN_REJECTED (others ignored). 0 or -1 (no memory). */
int propagate_add(propagate *p, const char *s, size_t bstart, size_t bend, const char *label, int status);
/* Distinct strings in the dictionary. */
size_t propagate_count(const propagate *p);
/* Append proposals for the article in `in` to out (leftmost-longest matches). */
int propagate_suggest(propagate *p, const sug_input *in, sug_list *out);

/* Serialise / restore (replaces the dictionary): 0 or -1 (bad data or no memory). */
int propagate_save(const propagate *p, unsigned char **buf, size_t *n);
int propagate_load(propagate *p, const unsigned char *buf, size_t n);

/* The engine for the registry (owns a new propagate). */
sug_engine *propagate_engine_new(void);

#endif
