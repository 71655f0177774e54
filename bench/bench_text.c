/*
 * bench_text.c: timings of text offsets, segmentation, search and layout on
 * a ~10 MB text. Prints "name: value unit" lines (make bench).
 *
 * Usage: bench_text [FILE]   (default: $BENCH_TEXT, else a built-in mix of
 * English, accented, CJK and Arabic words in ~2 KB paragraphs). The same
 * text is also measured as one single 10 MB paragraph (LFs made spaces).
 */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "model/layout.h"
#include "model/text.h"

/* CPU time of this process: steadier than wall time on a shared machine
 * (nothing here sleeps or waits for I/O once the file is read). */
static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long rs = 88172645463325252UL;

static size_t
rnd(size_t n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (size_t)(rs % n);
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static char *
make_text(size_t want, size_t *len)
{
	static const char *const words[] = {
		"the", "minister", "said", "on", "Tuesday", "that", "Zoë", "Ålborg",
		"talks", "would", "resume", "東京", "القاهرة", "—", "“quoted”", "2.5%",
		"José", "Müller", "markets", "rose", "in", "of", "and", "a",
	};
	char *buf = malloc(want + 64);
	size_t o = 0, para = 0;

	while (o < want) {
		const char *w = words[rnd(sizeof words / sizeof *words)];
		size_t n = strlen(w);
		memcpy(buf + o, w, n);
		o += n;
		para += n + 1;
		if (para > 2000) {
			buf[o++] = '.';
			buf[o++] = '\n';
			buf[o++] = '\n';
			para = 0;
		} else {
			buf[o++] = ' ';
		}
	}
	*len = o;
	return buf;
}

static void
bench_offsets(const text *t)
{
	size_t n = 1000000, sum = 0, ncp = text_len(t), nb = text_len_bytes(t);
	double t0 = now();
	for (size_t i = 0; i < n; i++)
		sum += text_cp_to_byte(t, rnd(ncp));
	double t1 = now();
	for (size_t i = 0; i < n; i++)
		sum += text_byte_to_cp(t, rnd(nb));
	double t2 = now();
	for (size_t i = 0; i < n; i++)
		sum += text_cp_to_utf16(t, rnd(ncp));
	double t3 = now();
	for (size_t i = 0; i < n; i++)
		sum += text_utf16_to_cp(t, text_cp_to_utf16(t, rnd(ncp)));
	double t4 = now();
	printf("cp_to_byte: %.0f ns/op\n", (t1 - t0) / (double)n * 1e9);
	printf("byte_to_cp: %.0f ns/op\n", (t2 - t1) / (double)n * 1e9);
	printf("cp_to_utf16: %.0f ns/op\n", (t3 - t2) / (double)n * 1e9);
	printf("utf16_to_cp(+cp_to_utf16): %.0f ns/op\n", (t4 - t3) / (double)n * 1e9);
	if (sum == 42)
		puts("");
}

static void
bench_segments(const text *t)
{
	size_t n = 100000, sum = 0, ncp = text_len(t), s, e;
	double t0 = now();
	for (size_t i = 0; i < n; i++)
		sum += text_grapheme_next(t, rnd(ncp)) + text_grapheme_prev(t, rnd(ncp));
	double t1 = now();
	for (size_t i = 0; i < n; i++)
		sum += text_word_next(t, rnd(ncp)) + text_word_prev(t, rnd(ncp));
	double t2 = now();
	for (size_t i = 0; i < n / 10; i++) {
		text_sentence_at(t, rnd(ncp), &s, &e);
		sum += s;
	}
	double t3 = now();
	printf("grapheme_next+prev: %.2f us/op\n", (t1 - t0) / (double)n * 1e6);
	printf("word_next+prev: %.2f us/op\n", (t2 - t1) / (double)n * 1e6);
	printf("sentence_at: %.2f us/op\n", (t3 - t2) / (double)(n / 10) * 1e6);
	if (sum == 42)
		puts("");
}

static void
bench_search(const text *t, const char *needle)
{
	size_t at, ml, hits = 0, cp = 0;
	double t0 = now();
	int found = text_search(t, needle, 0, 0, &at, &ml);
	double t1 = now();
	while (text_search(t, needle, cp, 0, &at, &ml) && hits < 100000) {
		hits++;
		cp = at + 1;
	}
	double t2 = now();
	int back = text_search(t, needle, text_len(t), 1, &at, &ml);
	double t3 = now();
	int none = text_search(t, "qqqzzzxxx", 0, 0, &at, &ml);
	double t4 = now();
	printf("search first (builds folded copy): %.1f ms (found %d)\n", (t1 - t0) * 1e3, found);
	printf("search next: %.2f us/op over %zu matches of \"%s\"\n",
	    hits ? (t2 - t1) / (double)hits * 1e6 : 0.0, hits, needle);
	printf("search backward from end: %.3f ms (found %d)\n", (t3 - t2) * 1e3, back);
	printf("search with no match: %.2f ms (found %d)\n", (t4 - t3) * 1e3, none);
}

static void
bench_layout(const text *t, const char *what)
{
	layout *l = layout_new(t, 80);
	layout_row r;
	size_t ncp = text_len(t), n = 2000;
	double t0 = now();
	layout_row_at(l, 0, &r);
	for (int i = 0; i < 60 && layout_row_next(l, &r, &r); i++)
		;
	double t1 = now();
	layout_row_at(l, ncp, &r);
	for (int i = 0; i < 60 && layout_row_prev(l, &r, &r); i++)
		;
	double t2 = now();
	for (size_t i = 0; i < n; i++)
		layout_row_at(l, rnd(ncp), &r);
	double t3 = now();
	size_t mid = ncp / 2;
	layout_row_at(l, mid, &r);
	double t4 = now();
	for (int i = 0; i < 1000; i++) {
		if (!layout_row_next(l, &r, &r))
			break;
		(void)layout_col_of(l, &r, r.start + (r.end - r.start) / 2);
	}
	double t5 = now();
	printf("%s first screen (row_at 0 + 60 rows): %.3f ms\n", what, (t1 - t0) * 1e3);
	printf("%s last screen (row_at end + 60 prev): %.3f ms\n", what, (t2 - t1) * 1e3);
	printf("%s row_at random: %.1f us/op\n", what, (t3 - t2) / (double)n * 1e6);
	printf("%s scroll 1000 rows + col_of: %.1f us/row\n", what, (t5 - t4) / 1000 * 1e6);
	layout_free(l);
}

int
main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : getenv("BENCH_TEXT");
	size_t len;
	char *buf = path ? read_file(path, &len) : make_text(10000000, &len);
	text *t;

	setlocale(LC_ALL, "C.UTF-8");
	if (!buf) {
		fprintf(stderr, "bench_text: cannot read %s\n", path);
		return 1;
	}
	double t0 = now();
	t = text_new(buf, len);
	double t1 = now();
	printf("text: %zu bytes, %zu code points (%s)\n", text_len_bytes(t), text_len(t), path ? path : "built-in");
	printf("text_new: %.1f ms\n", (t1 - t0) * 1e3);
	bench_offsets(t);
	bench_segments(t);
	bench_search(t, "zoe");
	bench_layout(t, "paragraphs");
	text_free(t);

	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\n')
			buf[i] = ' ';
	t = text_new(buf, len);
	bench_layout(t, "one 10 MB line");
	bench_segments(t);
	text_free(t);
	free(buf);
	return 0;
}
