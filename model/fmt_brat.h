/*
 * fmt_brat.h: what the brat reader (fmt_brat.c) and writer
 * (fmt_brat_write.c) share. Internal to model/.
 */
#ifndef GLOSS_FMT_BRAT_H
#define GLOSS_FMT_BRAT_H

#include <stddef.h>
#include "model/fmt.h"

/* A fragment of a T annotation: code points [s,e). */
typedef struct bfrag {
	size_t s, e;
} bfrag;

/* Parse a decimal size_t at *p (advancing it); -1 if none or too big. */
int brat_num(const char **p, const char *end, size_t *v);

fmt_writer *brat_write_begin(fmt_out *out, const fmt_opts *o);
int brat_write_doc(fmt_writer *w, const doc *d);
int brat_write_end(fmt_writer *w);
void brat_write_report(fmt_writer *w, fmt_report *rep);

#endif
