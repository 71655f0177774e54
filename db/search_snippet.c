/*
 * search_snippet.c: a search hit's snippet, as FTS5's
 * snippet(articles_fts, 1, MARK_ON, MARK_OFF, '…', N) makes it, from the
 * text and the instances the ranking pass recorded.
 *
 * Why not snippet(). It needs a query positioned on the row: "MATCH ?
 * AND rowid = ?" sets the whole query up again for each hit, and a
 * prefix query merges every matching term's doclist each time (1.5 ms
 * for robot* on 100k articles, 30 ms for twenty hits; a phrase 0.25 ms
 * a hit). Here the text is read by id and tokenized once.
 *
 * The choice of the fragment follows SQLite's ext/fts5/fts5_aux.c (3.40)
 * step for step, so the output is the same (test_search compares them):
 * every instance in the text starts a window of N tokens scored 1000 per
 * phrase seen in it and 1 per repeat, the window is centred on what it
 * holds, and a window from the sentence start before the instance gets
 * 100 more (120 at the text's start); the best wins, the first of equals.
 * Instances overlapping each other are marked as one.
 */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "db/store_int.h"
#include "model/buf.h"

#define SNIP_COL 1      /* the text column */
#define SNIP_ELLIPSIS "\u2026"

/* The row's instances of column SNIP_COL in FTS5's xInst order (by
 * position, then phrase). */
static int
inst_cmp(const void *a, const void *b)
{
	const st_inst *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return (x->phrase > y->phrase) - (x->phrase < y->phrase);
}

/* Score the window [pos, pos + nt); *adj: where a window centred on its
 * instances starts. */
static int
window_score(const st_inst *v, size_t n, const int *psize, char *seen, int nphrase, int pos, int nt, int ndoc,
    int *adj)
{
	int64_t end = (int64_t)pos + nt;
	int first = -1, last = 0, sc = 0;

	memset(seen, 0, (size_t)nphrase);
	for (size_t i = 0; i < n; i++)
		if (v[i].off >= pos && v[i].off < end) {
			sc += seen[v[i].phrase] ? 1 : 1000;
			seen[v[i].phrase] = 1;
			if (first < 0)
				first = v[i].off;
			last = v[i].off + psize[v[i].phrase];
		}
	if (adj) {
		int64_t a = first - (nt - (last - first)) / 2;

		if (a + nt > ndoc)
			a = ndoc - nt;
		if (a < 0)
			a = 0;
		*adj = (int)a;
	}
	return sc;
}

/* Overlapping instances as one run of tokens [start, end]. */
struct runs {
	const st_inst *v;
	size_t n, i;
	const int *psize;
	int start, end;         /* -1: no more */
};

static void
runs_next(struct runs *r)
{
	r->start = r->end = -1;
	for (; r->i < r->n; r->i++) {
		int e = r->v[r->i].off - 1 + r->psize[r->v[r->i].phrase];

		if (r->start < 0) {
			r->start = r->v[r->i].off;
			r->end = e;
		} else if (r->v[r->i].off <= r->end) {
			if (e > r->end)
				r->end = e;
		} else {
			break;
		}
	}
}

/* Sentence starts: token 0, and each token after white space after a
 * '.' or ':'. */
static int *
sentences(const char *text, const struct st_tok *tok, int ntok, int *n)
{
	int *first = malloc(((size_t)ntok + 1) * sizeof *first);

	*n = 0;
	if (first == NULL)
		return NULL;
	for (int t = 0; t < ntok; t++) {
		int i;
		char c = 0;

		if (t == 0) {
			first[(*n)++] = 0;
			continue;
		}
		for (i = tok[t].start - 1; i >= 0; i--) {
			c = text[i];
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
				break;
		}
		if (i != tok[t].start - 1 && (c == '.' || c == ':'))
			first[(*n)++] = t;
	}
	return first;
}

int
st_snippet(const char *text, int len, const struct st_tok *tok, int ntok, const st_ranking *r, size_t row, int nt,
    struct buf *out)
{
	size_t n = 0, all = r->inst_at[row + 1] - r->inst_at[row];
	st_inst *v = malloc((all ? all : 1) * sizeof *v);
	char *seen = malloc((size_t)r->nphrase + 1);
	int *first = NULL, nfirst = 0, best = 0, start = 0, range_end, off = 0;
	struct runs it;

	if (v == NULL || seen == NULL || (first = sentences(text, tok, ntok, &nfirst)) == NULL) {
		free(v);
		free(seen);
		return -1;
	}
	for (size_t i = 0; i < all; i++)
		if (r->inst[r->inst_at[row] + i].col == SNIP_COL && r->inst[r->inst_at[row] + i].off <= ntok)
			v[n++] = r->inst[r->inst_at[row] + i];
	qsort(v, n, sizeof *v, inst_cmp);
	for (size_t i = 0; i < n; i++) {
		int adj, sc = window_score(v, n, r->psize, seen, r->nphrase, v[i].off, nt, ntok, &adj), j;

		if (sc > best) {
			best = sc;
			start = adj;
		}
		if (nfirst == 0 || ntok <= nt)
			continue;
		for (j = 0; j < nfirst - 1; j++)
			if (first[j + 1] > v[i].off)
				break;
		if (first[j] < v[i].off) {
			sc = window_score(v, n, r->psize, seen, r->nphrase, first[j], nt, ntok, NULL) +
			    (first[j] == 0 ? 120 : 100);
			if (sc > best) {
				best = sc;
				start = first[j];
			}
		}
	}
	/* The fragment, its runs marked. */
	range_end = start + nt - 1;
	if (start > 0)
		buf_puts(out, SNIP_ELLIPSIS);
	it = (struct runs){ v, n, 0, r->psize, -1, -1 };
	runs_next(&it);
	while (it.start >= 0 && it.start < start)
		runs_next(&it);
	for (int t = start; t < ntok && t <= range_end; t++) {
		if (start && t == start)
			off = tok[t].start;
		if (t == it.start) {
			buf_append(out, text + off, (size_t)(tok[t].start - off));
			buf_append(out, (const char[]){ STORE_MARK_ON }, 1);
			off = tok[t].start;
		}
		if (t == it.end) {
			if (it.start < start)
				buf_append(out, (const char[]){ STORE_MARK_ON }, 1);
			buf_append(out, text + off, (size_t)(tok[t].end - off));
			buf_append(out, (const char[]){ STORE_MARK_OFF }, 1);
			off = tok[t].end;
			runs_next(&it);
		}
		if (t == range_end) {
			buf_append(out, text + off, (size_t)(tok[t].end - off));
			off = tok[t].end;
			if (t >= it.start && t < it.end)
				buf_append(out, (const char[]){ STORE_MARK_OFF }, 1);
		}
	}
	if (range_end >= ntok - 1)
		buf_append(out, text + off, (size_t)(len - off));
	else
		buf_puts(out, SNIP_ELLIPSIS);
	free(first);
	free(seen);
	free(v);
	return 0;
}
