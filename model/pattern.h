/*
 * pattern.h: dates, times, money and percentages in English news text.
 *
 * The pattern engine proposes DATE, TIME, MONEY and PERCENT spans (the
 * OntoNotes names) and only those the label scheme has: under the CoNLL
 * scheme it proposes nothing. The rules are hand-written over the word
 * tokens of the text (token.h), so a match always starts and ends on token
 * edges:
 *
 *   PERCENT  12%, 3.5 %, 40 percent, 2 per cent, five percent
 *   MONEY    $5, US$1.2 billion, €40m, £3bn, 20 million euros, USD 300,
 *            1,200 yen, 50 cents
 *   TIME     10:30, 10:30 a.m. GMT, 3 p.m., 3pm, noon, midnight
 *   DATE     2024-03-12, 12/03/2024, 12 March 2024, March 12, 2024,
 *            March 2024, Tuesday, yesterday, last week, this year,
 *            in 2019 (a year after in/since/by/until/from/during/before/
 *            after/early/late/mid), the 1990s, Jan. 5
 *
 * A bare "May" or "March" (a verb, a protest) needs a day or a year.
 * Confidence reflects how often each rule is right in news text: a
 * number with a currency symbol or "%" almost always, a weekday or a
 * relative expression less so.
 */
#ifndef GLOSS_PATTERN_H
#define GLOSS_PATTERN_H

#include <stddef.h>
#include "model/suggest.h"
#include "model/token.h"

enum pattern_kind { PAT_DATE, PAT_TIME, PAT_MONEY, PAT_PERCENT, PAT_N };

typedef struct pat_match {
	size_t start, end; /* [start,end) in code points */
	int kind;          /* enum pattern_kind */
	double conf;       /* 0..1 */
} pat_match;

/* "DATE", "TIME", "MONEY", "PERCENT". */
const char *pattern_label(int kind);

/*
 * Find the patterns in s[0..len) given its tokens (token_split over the
 * same text, TOKEN_WORDS). Matches do not overlap and come in text order;
 * *out is realloc'd (start with NULL) and *n set. kinds is a bit mask of
 * (1 << PAT_*) to look for. Returns 0, or -1 on allocation failure.
 */
int pattern_find(const char *s, size_t len, const token *tok, size_t ntok, unsigned kinds,
    pat_match **out, size_t *n);

/* The pattern engine (source SRC_PATTERN): proposes the kinds whose label
 * sug_input.labels has. No state, learns nothing. NULL on no memory. */
sug_engine *pattern_engine_new(void);

#endif
