/*
 * text_dateline.c: the dateline that opens wire copy, and a title that
 * skips it.
 *
 * Wire stories start "GDAŃSK, February 3. ...", "MOSCOW, January 28.
 * /TASS/. ...", "PARIS, Feb. 5 (Reuters) — ..." or "LONDON (AP) - ...":
 * a place in capitals, then a date, an agency or both. Taking the first
 * sentence as the title gave every story of a corpus the dateline as its
 * title. The dateline is recognised only with a date or an agency after
 * the capitals, so a sentence that starts with an acronym ("NATO said")
 * is not one.
 */
#include "model/text.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.",
	"Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
	"Sep", "Sept", "Oct", "Nov", "Dec",
};

static uint32_t
cp_at(const char *s, size_t len, size_t i, size_t *n)
{
	ucs4_t c;
	int k = u8_mbtouc(&c, (const uint8_t *)s + i, len - i);

	*n = k > 0 ? (size_t)k : 1;
	return c;
}

static size_t
skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* The place: capital letters, with blanks, hyphens, dots or apostrophes
 * between them; at least two letters and no lower-case one. */
static size_t
place_end(const char *s, size_t len, size_t i)
{
	size_t n, letters = 0, end = i;

	while (i < len) {
		uint32_t c = cp_at(s, len, i, &n);

		if (uc_is_property_uppercase(c) || (uc_is_general_category(c, UC_CATEGORY_L) &&
		    !uc_is_property_lowercase(c) && c > 0x7f))
			letters++, end = i + n;
		else if (uc_is_general_category(c, UC_CATEGORY_M))
			end = i + n;
		else if (!(c == ' ' || c == '-' || c == '.' || c == '\'' || c == 0x2019))
			break;
		i += n;
	}
	return letters >= 2 ? end : 0;
}

/* ", Month D." or ", Mon. D" (and ", YYYY"): the end, or 0. */
static size_t
date_end(const char *s, size_t len, size_t i)
{
	size_t k, d;

	if (i >= len || s[i] != ',')
		return 0;
	i = skip_blanks(s, len, i + 1);
	for (k = 0; k < sizeof(months) / sizeof(months[0]); k++) {
		size_t m = strlen(months[k]);

		if (len - i > m && memcmp(s + i, months[k], m) == 0 && (s[i + m] == ' ' || s[i + m] == '\t'))
			break;
	}
	if (k == sizeof(months) / sizeof(months[0]))
		return 0;
	i = skip_blanks(s, len, i + strlen(months[k]));
	for (d = i; d < len && d - i < 2 && s[d] >= '0' && s[d] <= '9'; d++)
		;
	if (d == i)
		return 0;
	i = d;
	if (i + 6 <= len && s[i] == ',' && s[i + 1] == ' ' && s[i + 2] >= '1' && s[i + 2] <= '2')
		i += 6; /* ", 2026" */
	if (i < len && s[i] == '.')
		i++;
	return i;
}

/* "/AGENCY/" or "(AGENCY)": sets the agency's bytes, returns the end. */
static size_t
agency_end(const char *s, size_t len, size_t i, size_t *a, size_t *b)
{
	char close;
	size_t j;

	if (i >= len || (s[i] != '/' && s[i] != '('))
		return 0;
	close = s[i] == '/' ? '/' : ')';
	for (j = i + 1; j < len && j - i < 48 && s[j] != close && s[j] != '\n'; j++)
		;
	if (j >= len || s[j] != close || j == i + 1)
		return 0;
	*a = i + 1;
	*b = j;
	return j + 1;
}

static char *
dup_range(const char *s, size_t a, size_t b)
{
	char *r = malloc(b - a + 1);

	if (r) {
		memcpy(r, s + a, b - a);
		r[b - a] = 0;
	}
	return r;
}

int
text_dateline(const char *s, size_t len, size_t *body, char **place, char **agency)
{
	size_t i = skip_blanks(s, len, 0), pe, e, aa = 0, ab = 0, n;
	int dated = 0, sourced = 0;

	*body = 0;
	if (place)
		*place = NULL;
	if (agency)
		*agency = NULL;
	if ((pe = place_end(s, len, i)) == 0)
		return 0;
	e = pe;
	if ((n = date_end(s, len, e)) != 0) {
		e = n;
		dated = 1;
	}
	n = agency_end(s, len, skip_blanks(s, len, e), &aa, &ab);
	if (n) {
		e = n;
		sourced = 1;
	}
	if (!dated && !sourced)
		return 0;
	/* what separates it from the story: ". " "—" "–" "-" ":" and blanks */
	for (;;) {
		size_t k = skip_blanks(s, len, e);

		if (k < len && (s[k] == '.' || s[k] == ':' || s[k] == '-'))
			e = k + 1;
		else if (len - k >= 3 && (memcmp(s + k, "\u2014", 3) == 0 || memcmp(s + k, "\u2013", 3) == 0))
			e = k + 3;
		else {
			e = k;
			break;
		}
	}
	if (e < len && s[e] != '\n' && e > 0 && s[e - 1] != ' ' && s[e - 1] != '\t' && s[e - 1] != '.' &&
	    s[e - 1] != '-' && s[e - 1] != ':' && (unsigned char)s[e - 1] < 0x80)
		return 0; /* "PARIS,Feb" glued to a word: not a dateline */
	*body = e;
	if (place && (*place = dup_range(s, i, pe)) == NULL)
		return -1;
	if (agency && sourced && (*agency = dup_range(s, aa, ab)) == NULL) {
		if (place) {
			free(*place);
			*place = NULL;
		}
		return -1;
	}
	return 1;
}

char *
text_title(const char *s, size_t len, size_t maxcp)
{
	size_t body = 0;
	char *t, *full, *r;
	size_t tn;

	if (maxcp < 2)
		maxcp = 2;
	if (text_dateline(s, len, &body, NULL, NULL) != 1 || body >= len)
		body = 0;
	t = text_first_sentence(s + body, len - body, maxcp - 1);
	if (!t || !*t) {
		free(t);
		return text_first_sentence(s, len, maxcp); /* a dateline and nothing after it */
	}
	full = text_first_sentence(s + body, len - body, maxcp * 4); /* longer? */
	tn = strlen(t);
	if (!full || strlen(full) <= tn) {
		free(full);
		return t;
	}
	free(full);
	/* cut: end at a word boundary with an ellipsis */
	r = realloc(t, tn + 4);
	if (!r)
		return t;
	while (tn > 0 && r[tn - 1] == ' ')
		tn--;
	memcpy(r + tn, "\u2026", 4);
	return r;
}
