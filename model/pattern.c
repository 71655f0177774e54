/*
 * pattern.c: dates, times, money, percentages (see pattern.h).
 *
 * Coordinates: rules look at tokens (byte ranges of the text, compared as
 * ASCII) and emit code point ranges from the same tokens. At each token
 * every rule says how far it would reach; the longest reach wins and the
 * scan continues after it, so matches never overlap.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "model/buf.h"
#include "model/pattern.h"

typedef struct ctx {
	const char *s;
	const token *t;
	size_t n;
} ctx;

/* A rule: the token after the match (0: no match) and its confidence. */
typedef size_t (*rule_fn)(const ctx *c, size_t i, double *conf);

static const char *
tp(const ctx *c, size_t i)
{
	return c->s + c->t[i].bstart;
}

static size_t
tl(const ctx *c, size_t i)
{
	return c->t[i].bend - c->t[i].bstart;
}

/* Token i is w, ignoring ASCII case. */
static int
is(const ctx *c, size_t i, const char *w)
{
	return i < c->n && tl(c, i) == strlen(w) && strncasecmp(tp(c, i), w, tl(c, i)) == 0;
}

/* Token i is w exactly. */
static int
is_cs(const ctx *c, size_t i, const char *w)
{
	return i < c->n && tl(c, i) == strlen(w) && memcmp(tp(c, i), w, tl(c, i)) == 0;
}

static int
in_list(const ctx *c, size_t i, const char *const *list, int cs)
{
	for (; *list != NULL; list++)
		if (cs ? is_cs(c, i, *list) : is(c, i, *list))
			return 1;
	return 0;
}

/* Tokens i and i + 1 touch (no white space between). */
static int
adj(const ctx *c, size_t i)
{
	return i + 1 < c->n && c->t[i].bend == c->t[i + 1].bstart;
}

static int
digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* Leading digits of token i (with , and . between digits); their count in bytes. */
static size_t
num_prefix(const ctx *c, size_t i)
{
	const char *p = tp(c, i);
	size_t n = tl(c, i), k = 0;

	while (k < n && (digit(p[k]) || ((p[k] == ',' || p[k] == '.') && k > 0 && k + 1 < n &&
	    digit(p[k - 1]) && digit(p[k + 1]))))
		k++;
	return k;
}

/* Token i is a number: 12, 1,200, 2.5. */
static int
num(const ctx *c, size_t i)
{
	return i < c->n && tl(c, i) > 0 && num_prefix(c, i) == tl(c, i);
}

/* Token i is a whole number in [lo,hi] written with at most digits digits. */
static int
small_int(const ctx *c, size_t i, int lo, int hi, size_t digits)
{
	const char *p;
	int v = 0;

	if (i >= c->n || tl(c, i) == 0 || tl(c, i) > digits)
		return 0;
	p = tp(c, i);
	for (size_t k = 0; k < tl(c, i); k++) {
		if (!digit(p[k]))
			return 0;
		v = v * 10 + (p[k] - '0');
	}
	return v >= lo && v <= hi;
}

/* Token i is digits followed by one of the suffixes (12th, 3pm, 40m). */
static int
num_suffix(const ctx *c, size_t i, const char *const *suf)
{
	size_t k;

	if (i >= c->n || (k = num_prefix(c, i)) == 0 || k == tl(c, i))
		return 0;
	for (; *suf != NULL; suf++)
		if (tl(c, i) - k == strlen(*suf) && strncasecmp(tp(c, i) + k, *suf, tl(c, i) - k) == 0)
			return 1;
	return 0;
}

static const char *const number_words[] = { "one", "two", "three", "four", "five", "six",
	"seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty", "thirty",
	"forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "half", NULL };
static const char *const scales[] = { "million", "billion", "trillion", "bn", "mn", "tn", NULL };
static const char *const scale_suffixes[] = { "m", "bn", "mn", "tn", "k", "b", NULL };
static const char *const currency_symbols[] = { "$", "€", "£", "¥", "₹", "₩", "₽", NULL };
static const char *const currency_codes[] = { "USD", "EUR", "GBP", "JPY", "CNY", "CHF",
	"CAD", "AUD", "INR", "RUB", NULL };
static const char *const currency_words[] = { "dollar", "dollars", "euro", "euros", "pound",
	"pounds", "yen", "yuan", "renminbi", "cent", "cents", "pence", "rupee", "rupees", "franc",
	"francs", "peso", "pesos", "rouble", "roubles", "ruble", "rubles", "won", "rand", "naira",
	"shekels", "lira", "krona", "kronor", "kroner", "zloty", NULL };
static const char *const months[] = { "January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December", NULL };
static const char *const month_abbrevs[] = { "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
	"Sep", "Sept", "Oct", "Nov", "Dec", NULL };
static const char *const weekdays[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
	"Friday", "Saturday", "Sunday", NULL };
static const char *const ordinal_suffixes[] = { "st", "nd", "rd", "th", NULL };
static const char *const ampm[] = { "a.m.", "p.m.", "am", "pm", "a.m", "p.m", NULL };
static const char *const ampm_suffixes[] = { "am", "pm", NULL };
static const char *const zones[] = { "GMT", "UTC", "BST", "CET", "CEST", "EST", "EDT", "PST",
	"PDT", "ET", "PT", "local", NULL };
static const char *const year_preps[] = { "in", "since", "by", "until", "till", "from",
	"during", "before", "after", "early", "late", "mid", "through", "throughout", NULL };
static const char *const rel_heads[] = { "last", "next", "this", "past", "coming", NULL };
static const char *const rel_units[] = { "week", "month", "year", "weekend", "spring",
	"summer", "autumn", "fall", "winter", "decade", "century", "quarter", NULL };
static const char *const rel_days[] = { "yesterday", "today", "tomorrow", NULL };

static int
number(const ctx *c, size_t i)
{
	return num(c, i) || in_list(c, i, number_words, 0);
}

/* After a number: an optional scale word ("million"). */
static size_t
scale(const ctx *c, size_t k)
{
	return in_list(c, k, scales, 0) ? k + 1 : k;
}

static int
year(const ctx *c, size_t i)
{
	return small_int(c, i, 1000, 2199, 4) && tl(c, i) == 4;
}

/* ---- rules ----------------------------------------------------------- */

static size_t
r_percent(const ctx *c, size_t i, double *conf)
{
	if (!number(c, i))
		return 0;
	*conf = 0.95;
	if (is(c, i + 1, "%") || is(c, i + 1, "percent") || is(c, i + 1, "pct"))
		return i + 2;
	if (is(c, i + 1, "per") && is(c, i + 2, "cent"))
		return i + 3;
	if (is(c, i + 1, "percentage") && (is(c, i + 2, "point") || is(c, i + 2, "points")))
		return i + 3;
	return 0;
}

static size_t
r_money(const ctx *c, size_t i, double *conf)
{
	size_t j = i, k;

	/* US$, C$, HK$: capitals touching the symbol */
	if (is_cs(c, i, "US") || is_cs(c, i, "C") || is_cs(c, i, "A") || is_cs(c, i, "HK") ||
	    is_cs(c, i, "NZ") || is_cs(c, i, "S"))
		if (adj(c, i) && is(c, i + 1, "$"))
			j = i + 1;
	if (in_list(c, j, currency_symbols, 1)) {
		*conf = 0.92;
		if (number(c, j + 1))
			return scale(c, j + 2);
		if (num_suffix(c, j + 1, scale_suffixes))
			return j + 2;
		return 0;
	}
	if (in_list(c, i, currency_codes, 1) && (num(c, i + 1) || num_suffix(c, i + 1, scale_suffixes))) {
		*conf = 0.85;
		return num(c, i + 1) ? scale(c, i + 2) : i + 2;
	}
	if (!number(c, i) && !num_suffix(c, i, scale_suffixes))
		return 0;
	k = num(c, i) || !num_suffix(c, i, scale_suffixes) ? scale(c, i + 1) : i + 1;
	if (in_list(c, k, currency_words, 0) || in_list(c, k, currency_codes, 1)) {
		*conf = 0.85;
		return k + 1;
	}
	return 0;
}

/* a.m./p.m. and a time zone after a time ending at k. */
static size_t
time_tail(const ctx *c, size_t k)
{
	if (in_list(c, k, ampm, 0))
		k++;
	if (in_list(c, k, zones, 1))
		k++;
	return k;
}

static size_t
r_time(const ctx *c, size_t i, double *conf)
{
	*conf = 0.85;
	if (small_int(c, i, 0, 24, 2) && adj(c, i) && is(c, i + 1, ":") && adj(c, i + 1) &&
	    small_int(c, i + 2, 0, 59, 2) && tl(c, i + 2) == 2)
		return time_tail(c, i + 3);
	if (small_int(c, i, 1, 12, 2) && in_list(c, i + 1, ampm, 0))
		return time_tail(c, i + 1);
	if (num_suffix(c, i, ampm_suffixes) && num_prefix(c, i) <= 2)
		return time_tail(c, i + 1);
	if (is(c, i, "noon") || is(c, i, "midnight")) {
		*conf = 0.7;
		return i + 1;
	}
	return 0;
}

static int
day(const ctx *c, size_t i)
{
	return small_int(c, i, 1, 31, 2) ||
	    (num_suffix(c, i, ordinal_suffixes) && num_prefix(c, i) <= 2);
}

/* A month name at i, its abbreviation with an optional touching dot; the token after it. */
static size_t
month_at(const ctx *c, size_t i, int *bare_ok)
{
	*bare_ok = 0;
	if (in_list(c, i, months, 1)) {
		*bare_ok = !is_cs(c, i, "May") && !is_cs(c, i, "March");
		return i + 1;
	}
	if (in_list(c, i, month_abbrevs, 1))
		return adj(c, i) && is(c, i + 1, ".") ? i + 2 : i + 1;
	return 0;
}

/* Month-led dates: March 12, 2024 / March 12 / March 2024 / March. */
static size_t
month_date(const ctx *c, size_t i, double *conf)
{
	int bare_ok;
	size_t k = month_at(c, i, &bare_ok);

	if (k == 0)
		return 0;
	*conf = 0.9;
	if (day(c, k)) {
		k++;
		if (is(c, k, ",") && year(c, k + 1))
			return k + 2;
		return year(c, k) ? k + 1 : k;
	}
	if (year(c, k))
		return k + 1;
	*conf = 0.6;
	return bare_ok ? k : 0;
}

static size_t
r_date(const ctx *c, size_t i, double *conf)
{
	const char *p = tp(c, i);
	size_t n = tl(c, i), k;
	int bare_ok;

	/* 2024-03-12 (one token: hyphenated words stay together) */
	if (n == 10 && p[4] == '-' && p[7] == '-' && digit(p[0]) && digit(p[3]) && digit(p[5]) &&
	    digit(p[6]) && digit(p[8]) && digit(p[9])) {
		*conf = 0.95;
		return i + 1;
	}
	/* 12/03/2024 */
	if (small_int(c, i, 1, 31, 2) && adj(c, i) && is(c, i + 1, "/") && adj(c, i + 1) &&
	    small_int(c, i + 2, 1, 31, 2) && adj(c, i + 2) && is(c, i + 3, "/") && adj(c, i + 3) &&
	    (year(c, i + 4) || small_int(c, i + 4, 0, 99, 2))) {
		*conf = 0.85;
		return i + 5;
	}
	/* 12 March 2024, 12th March */
	if (day(c, i) && (k = month_at(c, i + 1, &bare_ok)) != 0) {
		*conf = 0.9;
		return year(c, k) ? k + 1 : k;
	}
	if ((k = month_date(c, i, conf)) != 0)
		return k;
	/* Tuesday, Tuesday, March 12 */
	if (in_list(c, i, weekdays, 1)) {
		double mc;

		*conf = 0.75;
		if (is(c, i + 1, ",") && (k = month_date(c, i + 2, &mc)) != 0 && k > i + 3)
			return k;
		return i + 1;
	}
	if (in_list(c, i, rel_days, 0)) {
		*conf = 0.6;
		return i + 1;
	}
	if ((is(c, i, "earlier") || is(c, i, "later")) && is(c, i + 1, "this") &&
	    in_list(c, i + 2, rel_units, 0)) {
		*conf = 0.65;
		return i + 3;
	}
	if (in_list(c, i, rel_heads, 0) && in_list(c, i + 1, rel_units, 0)) {
		*conf = 0.6;
		return i + 2;
	}
	/* 1990s */
	if (n == 5 && p[4] == 's' && digit(p[0]) && digit(p[1]) &&
	    digit(p[2]) && p[3] == '0') {
		*conf = 0.8;
		return i + 1;
	}
	/* in 2019 */
	if (i > 0 && year(c, i) && in_list(c, i - 1, year_preps, 0)) {
		*conf = 0.75;
		return i + 1;
	}
	return 0;
}

static const rule_fn rules[PAT_N] = {
	[PAT_DATE] = r_date, [PAT_TIME] = r_time, [PAT_MONEY] = r_money, [PAT_PERCENT] = r_percent,
};

const char *
pattern_label(int kind)
{
	static const char *const names[PAT_N] = { "DATE", "TIME", "MONEY", "PERCENT" };

	return kind >= 0 && kind < PAT_N ? names[kind] : NULL;
}

int
pattern_find(const char *s, size_t len, const token *tok, size_t ntok, unsigned kinds,
    pat_match **out, size_t *n)
{
	ctx c = { s, tok, ntok };
	size_t cap = 0, i = 0;

	(void)len;
	*n = 0;
	while (i < ntok) {
		size_t best = 0;
		int kind = -1;
		double conf = 0;

		for (int k = 0; k < PAT_N; k++) {
			double cf = 0;
			size_t e;

			if (!(kinds & (1u << k)))
				continue;
			e = rules[k](&c, i, &cf);
			if (e > best) {
				best = e;
				kind = k;
				conf = cf;
			}
		}
		if (kind < 0) {
			i++;
			continue;
		}
		pat_match *v = array_grow(*out, &cap, *n + 1, sizeof *v);

		if (v == NULL)
			return -1;
		*out = v;
		(*out)[(*n)++] = (pat_match){ tok[i].start, tok[best - 1].end, kind, conf };
		i = best;
	}
	return 0;
}

/* ---- the engine ------------------------------------------------------ */

static int
engine_suggest(void *self, const sug_input *in, sug_list *out)
{
	pat_match *m = NULL;
	size_t n = 0;
	unsigned kinds = 0;
	int rc = 0;

	(void)self;
	for (int k = 0; k < PAT_N; k++)
		if (sug_label_allowed(in, pattern_label(k)))
			kinds |= 1u << k;
	if (kinds == 0)
		return 0;
	if (pattern_find(in->s, in->len, in->tok, in->ntok, kinds, &m, &n) != 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = sug_list_add(out, m[i].start, m[i].end, pattern_label(m[i].kind), SRC_PATTERN, m[i].conf);
	free(m);
	return rc;
}

static const sug_engine pattern_proto = {
	.name = "pattern", .source = SRC_PATTERN, .suggest = engine_suggest,
};

sug_engine *
pattern_engine_new(void)
{
	return sug_engine_new(&pattern_proto, NULL);
}
