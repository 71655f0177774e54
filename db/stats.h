/*
 * stats.h: annotation sessions, computed from the times the store records
 * with every action (the undo log: one row per change, its time in unix
 * seconds, its annotator), so nothing is lost when gloss is killed.
 *
 * Active time: the actions of one annotator in time order; the gap before
 * an action counts as time spent on that action's article when it is at
 * most `idle` seconds (a longer gap is a pause, not counted). The first
 * action of a session therefore counts nothing.
 */
#ifndef GLOSS_STATS_H
#define GLOSS_STATS_H

#include <stdint.h>
#include "db/store.h"

enum { STATS_IDLE = 120 }; /* seconds: the default idle gap */

/* Per annotator and article: active seconds and actions, most time first.
 * Strings valid during fn; fn non-zero stops. */
int store_sessions_each(store *st, int64_t idle,
    int (*fn)(const char *annotator, int64_t article, const char *title, int64_t active, int64_t actions, void *arg),
    void *arg);

/* Per annotator and day (YYYY-MM-DD, UTC): entity spans confirmed that day
 * by hand or by accepting a suggestion (not imported ones), and active
 * seconds; by annotator then day. */
int store_days_each(store *st, int64_t idle,
    int (*fn)(const char *annotator, const char *day, int64_t confirmed, int64_t active, void *arg), void *arg);

#endif
