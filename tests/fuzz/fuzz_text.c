/*
 * fuzz_text.c: libFuzzer target for article decoding, offsets, segmentation
 * and layout (model/text.h, model/layout.h).
 *
 * Input: byte 0 chooses lossy decoding (bit 0) and the wrap width (the rest,
 * 1..128); the remaining bytes are a raw txt file. The decoded body then goes
 * through every text_* motion and conversion and a full layout walk forward
 * and back. Besides crashes, the properties the headers promise are checked
 * and a violation aborts: offsets in range, conversions that round-trip,
 * motions that make progress (a motion that does not is a caret stuck in an
 * endless loop), rows that tile the text in order.
 */
#include "config.h"
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include "model/text.h"
#include "model/layout.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 8192 /* some checks are O(n) per code point */
/* Positions whose lookups are checked, per walk: each costs a scan of its
 * line or row, so checking every one made a run O(n * line) (151 runs a
 * CPU second); the walks themselves still visit every cluster and row. */
#define SAMPLES 32

static void
broken(int line, const char *what, size_t cp)
{
	fprintf(stderr, "fuzz_text.c:%d: %s (at code point %zu)\n", line, what, cp);
	abort();
}

#define CHECK(cond, cp) do { if (!(cond)) broken(__LINE__, #cond, (cp)); } while (0)

/* No line break in code points [s, e): one memchr over their bytes. */
static int
no_newline(const text *t, size_t s, size_t e)
{
	size_t bs = text_cp_to_byte(t, s), be = text_cp_to_byte(t, e);

	return memchr(text_bytes(t) + bs, '\n', be - bs) == NULL;
}

static void
check_offsets(const text *t, const char *body, size_t len)
{
	size_t n = text_len(t), cp = 0, stride = 1 + n / (2 * SAMPLES);
	const uint8_t *p = (const uint8_t *)body;

	CHECK(text_len_bytes(t) == len, 0);
	CHECK(n == u8_mbsnlen(p, len), 0);
	CHECK(memcmp(text_bytes(t), body, len) == 0 && text_bytes(t)[len] == '\0', 0);
	for (size_t b = 0; b < len; cp++) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, p + b, len - b);

		if (cp % stride == 0 || len - b < 16) {
			CHECK(text_cp_to_byte(t, cp) == b, cp);
			CHECK(text_byte_to_cp(t, b) == cp, cp);
			CHECK(text_cp_at(t, cp) == uc, cp);
			CHECK(text_utf16_to_cp(t, text_cp_to_utf16(t, cp)) == cp, cp);
		}
		b += (size_t)k;
	}
	CHECK(cp == n, n);
	CHECK(text_cp_to_byte(t, n) == len, n);
	CHECK(text_cp_to_byte(t, n + 5) == len, n); /* clamped */
	CHECK(text_cp_at(t, n) == 0, n);
	CHECK(text_utf16_to_cp(t, text_cp_to_utf16(t, n) + 1) == (size_t)-1, n);
}

/* Cluster starts found by check_motions' walk (and n at the end), for
 * check_layout: one walk of the text, not one per check. */
static size_t bounds[MAX_INPUT + 2];
static size_t nbounds;

static void
check_motions(const text *t)
{
	size_t n = text_len(t), cp, steps, stride = 1 + n / SAMPLES;

	/* Graphemes forward, and each step undone by prev/start. */
	nbounds = 0;
	for (cp = 0, steps = 0; cp < n; steps++) {
		size_t nx = text_grapheme_next(t, cp), s, e;
		uint32_t draw[TEXT_DRAW_MAX];
		size_t ndraw = 0, b;

		CHECK(nx > cp && nx <= n, cp);
		bounds[nbounds++] = cp;
		/* Every lookup below costs a scan from a checkpoint or a line
		 * start: only a sample of about SAMPLES positions is checked, so
		 * that a run stays fast enough to fuzz (issue 10: >= 1,000 runs a
		 * second). The walk itself covers every cluster. */
		if (steps % stride != 0) {
			cp = nx;
			continue;
		}
		CHECK(text_grapheme_prev(t, nx) == cp, cp);
		CHECK(text_grapheme_start(t, nx - 1) == cp, cp);
		CHECK(text_grapheme_start(t, cp) == cp, cp);
		b = text_cp_to_byte(t, cp);
		(void)text_cluster_display(text_bytes(t) + b, text_cp_to_byte(t, nx) - b, draw, &ndraw);
		CHECK(ndraw <= TEXT_DRAW_MAX, cp);
		if (text_word_at(t, cp, &s, &e))
			CHECK(s <= cp && cp < e && e <= n, cp);
		text_line_at(t, cp, &s, &e);
		CHECK(s <= cp && cp <= e && e <= n, cp);
		CHECK(no_newline(t, s, e), cp);
		/* A sentence leaves out the white space around it (so it need not
		 * hold cp) but never leaves cp's line. Finding it scans from the
		 * line's start: every fourth sample. */
		if ((steps / stride) % 4 == 0) {
			size_t ls = s, le = e;

			text_sentence_at(t, cp, &s, &e);
			CHECK(ls <= s && s <= e && e <= le, cp);
		}
		CHECK(text_word_end(t, cp) <= n, cp);
		cp = nx;
	}
	bounds[nbounds++] = n;
	CHECK(text_grapheme_next(t, n) == n, n);
	CHECK(text_grapheme_prev(t, 0) == 0, 0);

	/* `w` from the top and `b` from the bottom never go backwards (or
	 * forwards); staying put is allowed only when there is no word left. */
	for (cp = 0, steps = 0; cp < n; steps++) {
		size_t nx = text_word_next(t, cp);

		CHECK(nx >= cp && nx <= n, cp);
		CHECK(steps <= n, cp);
		if (nx == cp)
			break;
		cp = nx;
	}
	for (cp = n, steps = 0; cp > 0; steps++) {
		size_t pv = text_word_prev(t, cp);

		CHECK(pv <= cp, cp);
		CHECK(steps <= n, cp);
		if (pv == cp)
			break;
		cp = pv;
	}
}

static void
check_search(const text *t, const char *body, size_t len, unsigned seed)
{
	size_t n = text_len(t), at = 0, mlen = 0, from, to;
	char needle[64];

	if (n == 0)
		return;
	/* A needle cut from the text itself, on grapheme boundaries. */
	from = text_grapheme_start(t, seed % n);
	to = from;
	for (int i = 0; i < 1 + (int)(seed % 3) && to < n; i++)
		to = text_grapheme_next(t, to);
	if (text_cp_to_byte(t, to) - text_cp_to_byte(t, from) >= sizeof needle)
		return;
	memcpy(needle, body + text_cp_to_byte(t, from), text_cp_to_byte(t, to) - text_cp_to_byte(t, from));
	needle[text_cp_to_byte(t, to) - text_cp_to_byte(t, from)] = '\0';
	(void)len;
	if (text_search(t, needle, 0, 0, &at, &mlen))
		CHECK(at + mlen <= n, at);
	if (text_search(t, needle, n, 1, &at, &mlen))
		CHECK(at + mlen <= n, at);
	(void)text_search(t, "", 0, 0, &at, &mlen);
}

/* Cells of the cluster bounds[i]. */
static int
cluster_cells(const text *t, size_t i)
{
	size_t b = text_cp_to_byte(t, bounds[i]);
	size_t e = text_cp_to_byte(t, bounds[i + 1]);

	return text_cluster_display(text_bytes(t) + b, e - b, NULL, NULL);
}

/* The index of cluster start cp in bounds: rows start and end at one,
 * except that a row ends at its paragraph's LF even when a CR before it
 * makes the two one cluster (the paragraph is what LF delimits). */
static size_t
bound_index(const text *t, size_t cp)
{
	size_t lo = 0, hi = nbounds;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (bounds[mid] <= cp)
			lo = mid;
		else
			hi = mid;
	}
	CHECK(bounds[lo] == cp || text_cp_at(t, cp) == '\n', cp);
	return lo;
}

/*
 * Walk every row forward: rows tile each line, in order, and start and end
 * at cluster boundaries. The lookups that cost a walk of a row (columns,
 * the row at a code point, the row before) are checked on a sample of
 * about SAMPLES rows and SAMPLES clusters: at width 1 every cluster is a
 * row, and checking them all made a run O(n * row).
 */
static size_t row_start[MAX_INPUT + 2];

static void
check_layout(const text *t, int width)
{
	size_t n = text_len(t), rows = 0, cap = n + 2, sampled = 0, stride = 1 + n / SAMPLES;
	layout *l = layout_new(t, width);
	layout_row r, nx;

	if (l == NULL)
		return;
	CHECK(layout_width(l) == width, 0);
	layout_row_at(l, 0, &r);
	CHECK(r.start == 0, 0);
	for (;;) {
		size_t prevcol = 0, ri;
		int row_sampled = rows % stride == 0;

		CHECK(rows < cap, r.start);
		row_start[rows++] = r.start;
		CHECK(r.start <= r.end && r.end <= n, r.start);
		CHECK(r.cols >= 0, r.start);
		CHECK(no_newline(t, r.start, r.end), r.start);
		ri = bound_index(t, r.start);
		CHECK(bounds[ri] == r.start, r.start);
		(void)bound_index(t, r.end);
		/* Wider than the pane only when its first cluster alone does not fit. */
		CHECK(r.cols <= width || r.start == r.end || cluster_cells(t, ri) > width, r.start);
		for (size_t i = ri; bounds[i] < r.end; i++) {
			size_t cp = bounds[i];
			layout_row at;
			int col;
			size_t back_cp;

			if (!(cp == r.start && row_sampled) && ++sampled % stride != 0)
				continue;
			col = layout_col_of(l, &r, cp);
			CHECK(col >= (int)prevcol, cp);
			/* Only blanks (or what draws nothing) hang past the row's cells. */
			if (col > r.cols)
				CHECK(text_cp_at(t, cp) == ' ' || text_cp_at(t, cp) == '\t' ||
				    cluster_cells(t, i) == 0, cp);
			prevcol = (size_t)col;
			back_cp = layout_cp_at_col(l, &r, col);
			CHECK(back_cp >= r.start && back_cp <= r.end, cp);
			if (cp == r.start || (sampled & 3) == 0) {
				layout_row_at(l, cp, &at);
				CHECK(at.start == r.start && at.end == r.end, cp);
			}
		}
		if (row_sampled) {
			CHECK(layout_col_of(l, &r, r.end) >= r.cols, r.end);
			/* The row before this one is the one the walk just left. */
			if (rows > 1) {
				CHECK(layout_row_prev(l, &r, &nx), r.start);
				CHECK(nx.start == row_start[rows - 2], r.start);
			} else
				CHECK(!layout_row_prev(l, &r, &nx), r.start);
		}
		if (!layout_row_next(l, &r, &nx))
			break;
		CHECK(nx.start > r.start && nx.start >= r.end, r.start);
		r = nx;
	}
	CHECK(r.end == n, r.end);
	/* Back from the last row, and the previous of the first. */
	if (rows > 1) {
		CHECK(layout_row_prev(l, &r, &nx), r.start);
		CHECK(nx.start == row_start[rows - 2], r.start);
	}
	layout_row_at(l, 0, &r);
	CHECK(!layout_row_prev(l, &r, &nx), 0);

	/* A new width drops the cache; the end must still be reachable. */
	layout_set_width(l, width == 1 ? 80 : 1);
	layout_row_at(l, n, &r);
	CHECK(r.end == n, n);
	layout_free(l);
}

static void
check_wrap(const char *s, size_t len, int width)
{
	size_t starts[256], k;
	const char *lf = memchr(s, '\n', len);

	if (lf != NULL)
		len = (size_t)(lf - s);
	k = layout_wrap(s, len, width, starts, 256);
	CHECK(k >= 1, 0);
	CHECK(starts[0] == 0, 0);
	for (size_t i = 1; i < k && i < 256; i++)
		CHECK(starts[i] > starts[i - 1] && starts[i] < len, i);
}

/* Widths come from wcwidth(), so use the UTF-8 locale gloss itself runs in. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	text_article a;
	text_err err;
	text *t;
	int flags, width;
	const char *raw;
	size_t len;

	if (size < 1 || size > MAX_INPUT)
		return 0;
	flags = data[0] & 1 ? TEXT_LOSSY : 0;
	width = 1 + (data[0] >> 1);
	raw = (const char *)data + 1;
	len = size - 1;

	memset(&err, 0, sizeof err);
	if (text_article_parse(raw, len, flags, &a, &err) != 0) {
		/* Only strict mode may fail, and only on invalid UTF-8 that it locates. */
		CHECK(flags == 0, 0);
		CHECK(err.offset < len && err.line >= 1 && err.col >= 1, err.offset);
		CHECK(text_validate(raw, len, NULL) != 0, err.offset);
		CHECK(text_article_parse(raw, len, TEXT_LOSSY, &a, &err) == 0, 0);
	} else if (flags == 0)
		CHECK(text_validate(raw, len, NULL) == 0, 0);
	CHECK(a.body != NULL && a.body[a.len] == '\0', 0);
	CHECK(u8_check((const uint8_t *)a.body, a.len) == NULL, 0);
	CHECK(a.title != NULL && u8_check((const uint8_t *)a.title, strlen(a.title)) == NULL, 0);

	if ((t = text_new(a.body, a.len)) != NULL) {
		check_offsets(t, a.body, a.len);
		check_motions(t);
		check_search(t, a.body, a.len, data[0]);
		check_layout(t, width);
		text_free(t);
	}
	check_wrap(a.body, a.len, width);
	text_article_clear(&a);
	return 0;
}
