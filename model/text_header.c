/*
 * text_header.c: decoding a raw txt file into a stored article: the seed
 * header ("date YYYY-MM-DD" first line) and mail-style headers.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <unistr.h>
#include <unictype.h>
#include <unicase.h>
#include <uninorm.h>
#include <unigbrk.h>
#include <uniwbrk.h>
#include "model/text_int.h"

/* ---------------------------------------------------------------------- */
/* Articles */

enum { H_TITLE, H_DATE, H_SOURCE, H_URL, H_OTHER };

/*
 * Is line s[0..n) a mail-style header line `Name: value`? Returns H_* for
 * the name (case-insensitive) and sets *val to where the value starts, or
 * -1 when the line does not have that shape.
 */
static int
hdr_key(const char *s, size_t n, size_t *val)
{
	static const char *const keys[] = { "title", "date", "source", "url" };
	size_t k = 0;

	while (k < n && (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z') ||
	    (s[k] >= '0' && s[k] <= '9') || s[k] == '-' || s[k] == '_'))
		k++;
	if (k == 0 || k >= n || s[k] != ':')
		return -1;
	*val = k + 1;
	for (int i = 0; i < 4; i++)
		if (strlen(keys[i]) == k && strncasecmp(keys[i], s, k) == 0)
			return i;
	return H_OTHER;
}

/* A copy of s[a..b) with surrounding white space trimmed. */
static char *
dup_trim(const char *s, size_t a, size_t b)
{
	char *r;
	a = tx_skip_space(s, a, b);
	b = tx_trim_back(s, a, b);
	if (!(r = malloc(b - a + 1)))
		return NULL;
	memcpy(r, s + a, b - a);
	r[b - a] = '\0';
	return r;
}

/* Is s[a..a+10) a YYYY-MM-DD date? */
static int
is_iso_date(const char *s, size_t a, size_t len)
{
	static const char shape[] = "dddd-dd-dd";
	if (len - a < 10)
		return 0;
	for (size_t i = 0; i < 10; i++) {
		char c = s[a + i];
		if (shape[i] == 'd' ? !(c >= '0' && c <= '9') : c != '-')
			return 0;
	}
	return 1;
}

/*
 * The mail-style header of d[0..n): lines `Name: value` until the first
 * blank line (consumed) or the first line of another shape (kept as the
 * body's first line). A line starting with a blank continues the previous
 * value. Only called when the first line names a known key. Returns where
 * the body starts.
 */
static size_t
parse_mail(const char *d, size_t n, char *vals[4])
{
	size_t i = 0;
	int last = -1;

	while (i < n) {
		const char *nl = memchr(d + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - d) : n, v;
		size_t next = nl ? e + 1 : n;
		int key;

		if (tx_skip_space(d, i, e) == e)
			return next; /* the blank line ends the header */
		if ((d[i] == ' ' || d[i] == '\t') && last >= 0) {
			if (last < H_OTHER && vals[last]) {
				char *more = dup_trim(d, i, e);
				size_t a = strlen(vals[last]), b = more ? strlen(more) : 0;
				char *cat = more ? realloc(vals[last], a + b + 2) : NULL;
				if (cat) {
					cat[a] = ' ';
					memcpy(cat + a + 1, more, b + 1);
					vals[last] = cat;
				}
				free(more);
			}
			i = next;
			continue;
		}
		key = hdr_key(d + i, e - i, &v);
		if (key < 0)
			return i;
		if (key < H_OTHER && !vals[key])
			vals[key] = dup_trim(d, i + v, e);
		last = key;
		i = next;
	}
	return n;
}

int
text_article_parse(const char *raw, size_t len, int flags, text_article *out, text_err *err)
{
	char *d, *vals[4] = { NULL, NULL, NULL, NULL };
	size_t n, nbad = 0, body = 0, v;

	memset(out, 0, sizeof *out);
	if (!raw)
		len = 0;
	if (utf8_scan(raw, len, 1, err)) {
		if (!(flags & TEXT_LOSSY))
			return -1;
		nbad = utf8_scan(raw, len, 0, NULL);
	}
	if (!(d = utf8_decode_copy(raw, len, nbad, 1, 1, &n))) {
		if (err) {
			memset(err, 0, sizeof *err);
			snprintf(err->msg, sizeof err->msg, "out of memory");
		}
		return -1;
	}

	/* Mail style: the very first line names one of the known keys. */
	{
		const char *nl = memchr(d, '\n', n);
		int key = hdr_key(d, nl ? (size_t)(nl - d) : n, &v);
		if (key >= 0 && key < H_OTHER) {
			body = parse_mail(d, n, vals);
		} else {
			/* Seed style: blanks, `date YYYY-MM-DD`, blanks. */
			size_t a = tx_skip_space(d, 0, n);
			if (n - a > 5 && memcmp(d + a, "date", 4) == 0 &&
			    (d[a + 4] == ' ' || d[a + 4] == '\t')) {
				size_t b = a + 4;
				while (b < n && (d[b] == ' ' || d[b] == '\t'))
					b++;
				if (is_iso_date(d, b, n) && (b + 10 == n ||
				    d[b + 10] == ' ' || d[b + 10] == '\t' || d[b + 10] == '\n')) {
					vals[H_DATE] = dup_trim(d, b, b + 10);
					body = b + 10;
					while (body < n && (d[body] == ' ' || d[body] == '\t'))
						body++;
					if (body < n && d[body] == '\n')
						body++;
				}
			}
		}
	}

	memmove(d, d + body, n - body + 1);
	out->len = n - body;
	out->body = d;
	out->date = vals[H_DATE];
	out->source = vals[H_SOURCE];
	out->url = vals[H_URL];
	out->replaced = nbad;
	if (vals[H_TITLE] && vals[H_TITLE][0] != '\0') {
		out->title = vals[H_TITLE];
	} else {
		free(vals[H_TITLE]);
		out->title = text_title(d, out->len, 120);
	}
	if (!out->title) {
		text_article_clear(out);
		if (err) {
			memset(err, 0, sizeof *err);
			snprintf(err->msg, sizeof err->msg, "out of memory");
		}
		return -1;
	}
	return 0;
}

void
text_article_clear(text_article *a)
{
	if (!a)
		return;
	free(a->body);
	free(a->title);
	free(a->date);
	free(a->source);
	free(a->url);
	memset(a, 0, sizeof *a);
}
