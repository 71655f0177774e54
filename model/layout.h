/*
 * layout.h: wrapping stored text to a width, lazily.
 *
 * A row is a run of whole grapheme clusters [start,end) in code points that
 * fits in the width. Rows never cross an LF (the LF belongs to no row) and
 * break at UAX #14 line-break opportunities; a token wider than the width
 * is cut at grapheme boundaries. An empty line is one row with start==end.
 *
 * Only the paragraphs (LF-separated lines) that are asked for are wrapped,
 * and a few recently wrapped ones are cached, so opening, scrolling and
 * moving the caret in a 10 MB article never re-lay out the whole text.
 * Columns are display cells per text_cluster_display(); tabs expand to the
 * next multiple of 8 within the row (never past the width: a tab near the
 * edge fills the row).
 *
 * Blanks at a break: spaces and tabs that do not fit hang past the right
 * edge at the end of their row (they belong to it but are not counted in
 * cols and draw nothing), so the next row starts with the next word. A
 * wide character never straddles the edge; a single cluster wider than the
 * whole width (CJK at width 1) gets a row of its own with cols > width.
 */
#ifndef GLOSS_LAYOUT_H
#define GLOSS_LAYOUT_H

#include <stddef.h>
#include "model/text.h"

typedef struct layout layout;

typedef struct layout_row {
	size_t start; /* first code point of the row */
	size_t end;   /* one past the last code point (before any LF) */
	int cols;     /* cells used (<= width but for one over-wide cluster) */
} layout_row;

/* t must outlive the layout. width >= 1. */
layout *layout_new(const text *t, int width);
void layout_free(layout *l);
/* Changing the width drops the cache; rows are recomputed on demand. */
void layout_set_width(layout *l, int width);
int layout_width(const layout *l);

/* The row that holds cp (cp == text_len gives the last row). */
void layout_row_at(layout *l, size_t cp, layout_row *row);
/* The row after / before r; return 0 when there is none. */
int layout_row_next(layout *l, const layout_row *r, layout_row *next);
int layout_row_prev(layout *l, const layout_row *r, layout_row *prev);

/* Display column where cp starts within row r (cp in [r->start, r->end]);
 * cp inside a cluster gives the cluster's column. Hanging blanks get
 * columns >= width: callers clamp the caret to width - 1. */
int layout_col_of(layout *l, const layout_row *r, size_t cp);
/* The cluster start in r whose cells cover col (or r->end past the end). */
size_t layout_cp_at_col(layout *l, const layout_row *r, int col);

/*
 * Pure wrapping of one paragraph s[0..len) (bytes, valid UTF-8, no LF) to
 * width: stores row starts as byte offsets into starts[] (the first is 0) and
 * returns their count; at most maxrows are stored, the count is complete.
 */
size_t layout_wrap(const char *s, size_t len, int width, size_t *starts, size_t maxrows);

#endif
