/*
 * fmt_conll.h: the CoNLL writer (fmt_conll_write.c) that the conll format
 * (fmt_conll.c) names. Internal to model/.
 */
#ifndef GLOSS_FMT_CONLL_H
#define GLOSS_FMT_CONLL_H

#include "model/fmt.h"

fmt_writer *conll_write_begin(fmt_out *out, const fmt_opts *o);
int conll_write_doc(fmt_writer *w, const doc *d);
int conll_write_end(fmt_writer *w);
void conll_write_report(fmt_writer *w, fmt_report *rep);

#endif
