/*
 * fmt_spacy.h: the spaCy v2 training-file reader (fmt_spacy_v2.c) that the
 * spacy format (fmt_spacy.c) hands such files to. Internal to model/.
 */
#ifndef GLOSS_FMT_SPACY_H
#define GLOSS_FMT_SPACY_H

#include <stddef.h>
#include "model/fmt.h"

/* A spaCy v2 training file: a JSON array whose documents have "paragraphs". */
int spacy_is_v2(const char *buf, size_t len);
/* Read one: an article per paragraph (see fmt_spacy_v2.c). */
int spacy_v2_read(const fmt_input *in, const fmt_opts *o, fmt_emit emit, void *arg, doc_err *err);

#endif
