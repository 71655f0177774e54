/*
 * stats_report.h: the statistics as plain text, for gloss stats and the
 * interface's :stats view (the same lines in both).
 */
#ifndef GLOSS_STATS_REPORT_H
#define GLOSS_STATS_REPORT_H

#include <stdio.h>
#include "db/store.h"

/* Write the report to f; 0, or -1 with store_errmsg(st) set. */
int stats_report(store *st, FILE *f);

#endif
