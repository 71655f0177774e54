/* test_dateline.c: wire-copy datelines and titles that skip them. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/text.h"

/* "place|agency|story start" for s, or "-" when it has no dateline. */
static const char *
dl(const char *s)
{
	static char buf[256];
	size_t body;
	char *p = NULL, *a = NULL;
	int rc = text_dateline(s, strlen(s), &body, &p, &a);

	if (rc != 1)
		snprintf(buf, sizeof(buf), "-");
	else
		snprintf(buf, sizeof(buf), "%s|%s|%.12s", p, a ? a : "", s + body);
	free(p);
	free(a);
	return buf;
}

static void
test_datelines(void **state)
{
	(void)state;
	assert_string_equal(dl("GDAŃSK, February 3. The container terminal"), "GDAŃSK||The containe");
	assert_string_equal(dl("MOSCOW, January 28. /TASS/. Russian officials said"), "MOSCOW|TASS|Russian offi");
	assert_string_equal(dl("PARIS, Feb. 5 (Reuters) \u2014 French farmers"), "PARIS|Reuters|French farme");
	assert_string_equal(dl("LONDON (AP) - Britain's"), "LONDON|AP|Britain's");
	assert_string_equal(dl("NEW YORK, Sept. 12, 2026 (AFP) \u2013 Stocks"), "NEW YORK|AFP|Stocks");
	assert_string_equal(dl("ST. PETERSBURG, Mar 3 \u2014 Ice"), "ST. PETERSBURG||Ice");
	assert_string_equal(dl("  SÃO PAULO (Reuters): Brazil"), "SÃO PAULO|Reuters|Brazil");
	/* not datelines */
	assert_string_equal(dl("NATO said on Friday that"), "-");
	assert_string_equal(dl("The Vienna Philharmonic will tour"), "-");
	assert_string_equal(dl("OSLO is cold."), "-");
	assert_string_equal(dl("Paris, February 3. lower-case place"), "-");
	assert_string_equal(dl("A, February 3. one letter"), "-");
}

static void
test_titles(void **state)
{
	const char *l = "GDAŃSK, February 3. The container terminal at the mouth of the Vistula reopened "
	    "on Tuesday after a three-week closure caused by ice damage to two of its cranes, the port "
	    "authority said. More text.";
	char *t;

	(void)state;
	{
		const char *v = "VIENNA, February 27. The Vienna Philharmonic will tour Japan. More.";

		t = text_title(v, strlen(v), 120);
	}
	assert_string_equal(t, "The Vienna Philharmonic will tour Japan.");
	free(t);
	t = text_title(l, strlen(l), 120);
	/* at most 120 code points, cut at a word boundary, with … */
	assert_string_equal(t, "The container terminal at the mouth of the Vistula reopened on Tuesday after a "
	    "three-week closure caused by ice damage\u2026");
	free(t);
	t = text_title("A plain first sentence. Then more.", 34, 120);
	assert_string_equal(t, "A plain first sentence.");
	free(t);
	t = text_title("LONDON (AP) -", 13, 120); /* nothing after the dateline */
	assert_string_equal(t, "LONDON (AP) -");
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_datelines),
		cmocka_unit_test(test_titles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
