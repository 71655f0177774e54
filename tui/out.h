/*
 * out.h: what the command line prints. Every message or datum that can
 * hold text from data (titles, label names, file names, arguments) goes
 * through these, so it reaches the terminal visible-safe (model/vis.h);
 * out_finish checks that standard output really took what was written.
 */
#ifndef GLOSS_OUT_H
#define GLOSS_OUT_H

#include <stdio.h>

/* printf to stderr, the whole message made visible-safe (LF kept). */
void out_err(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* printf to f, made visible-safe (LF and TAB kept). */
void out_printf(FILE *f, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* s as one tab-separated field of one line (TAB, CR, LF become spaces). */
void out_field(FILE *f, const char *s);
/*
 * Flush and close standard output at the end of a command: a write error
 * (disk full, closed pipe) is reported once on stderr and turns an exit
 * status of 0 into 1. Returns the status to exit with.
 */
int out_finish(int rc);

#endif
