/* fmt_spacy.c: placeholder until the spacy reader and writer land. */
#include "model/fmt.h"

const fmt fmt_spacy = { "spacy", NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL };
