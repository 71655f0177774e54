/*
 * text_word.c: the unit that one key tags (1-9 on the word under the
 * caret), built on the UAX #29 words of text.c.
 *
 * A UAX #29 word keeps a possessive and inner punctuation ("Dvořák’s",
 * "Tokyo's"), which is right for motions but not for an entity: the tag
 * unit leaves out a trailing 's / ’s / ' and punctuation at either end.
 * Scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao,
 * Khmer, Myanmar) have no usable word breaks (UAX #29 makes each
 * ideograph a word), so there the unit is the run of one script around
 * the caret, up to punctuation, a space or a change of script: 田中恵子
 * in 田中恵子さん is one unit, さん the next.
 */
#include "model/text.h"

#include <unictype.h>

static int
apostrophe(uint32_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x02bc;
}

static int
letter_or_digit(uint32_t c)
{
	return uc_is_general_category(c, UC_CATEGORY_L) || uc_is_general_category(c, UC_CATEGORY_N);
}

/* Marks that continue a run of a no-space script whatever their script
 * property says (iteration marks, the prolonged sound mark). */
static int
run_mark(uint32_t c)
{
	return c == 0x3005 || c == 0x30fc || c == 0x309d || c == 0x309e || c == 0x30fd || c == 0x30fe ||
	    uc_is_general_category(c, UC_CATEGORY_M);
}

/* The script of c when it is one written without spaces, else NULL. */
static const uc_script_t *
nospace_script(uint32_t c)
{
	static const char *const names[] = { "Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar" };
	const uc_script_t *s = uc_script(c);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (s == uc_script_byname(names[i]))
			return s;
	return NULL;
}

/* Does c continue a run of script sc? */
static int
in_run(uint32_t c, const uc_script_t *sc)
{
	return uc_script(c) == sc || run_mark(c);
}

int
text_tag_unit(const text *t, size_t cp, size_t *start, size_t *end)
{
	size_t n = text_len(t), a, b;
	const uc_script_t *sc;
	uint32_t c;

	*start = *end = cp;
	if (cp >= n)
		return 0;
	c = text_cp_at(t, cp);
	if ((sc = nospace_script(c)) != NULL) {
		for (a = cp; a > 0 && in_run(text_cp_at(t, a - 1), sc); a--)
			;
		for (b = cp + 1; b < n && in_run(text_cp_at(t, b), sc); b++)
			;
		while (a < b && run_mark(text_cp_at(t, a)))
			a++; /* a run does not start with a mark */
		*start = a;
		*end = text_grapheme_start(t, b) < b && b < n ? text_grapheme_next(t, b) : b;
		return a < b;
	}
	if (!text_word_at(t, cp, &a, &b))
		return 0;
	/* a trailing possessive: 's ’s 'S, or a lone apostrophe after an s */
	if (b - a > 2 && (text_cp_at(t, b - 1) | 0x20) == 's' && apostrophe(text_cp_at(t, b - 2)) &&
	    letter_or_digit(text_cp_at(t, b - 3)))
		b -= 2;
	else if (b - a > 1 && apostrophe(text_cp_at(t, b - 1)))
		b--;
	while (a < b && !letter_or_digit(text_cp_at(t, a)))
		a++;
	while (b > a && !letter_or_digit(text_cp_at(t, b - 1)) &&
	    !uc_is_general_category(text_cp_at(t, b - 1), UC_CATEGORY_M))
		b--;
	if (a >= b)
		return 0;
	*start = a;
	*end = b;
	return 1;
}
