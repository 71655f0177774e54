/*
 * fmt_conll_write.c: the CoNLL writer (the reader is fmt_conll.c).
 *
 * Per document a `-DOCSTART- -X- -X- O` line and a blank line,
 * then sentences of `TOKEN TAG` lines (two columns, one space) each
 * followed by a blank line. Tokens come from token_split_mode() with a cut
 * at every span edge, so no span moves. Sentences end at each "\n" of the
 * text, and (prose only, not pre-tokenised text) after . ! ? … attached to
 * a word and followed by white space and a capital, digit or quote; never
 * inside an entity. Tags are IOB2 unless fo.scheme asks for IOB1 or BILOU.
 * Only entity spans that are not rejected are written. CoNLL cannot nest:
 * of overlapping entities the one that starts first (the longest among
 * equal starts) is kept and the others are counted for write_report; so
 * are entities trimmed to whole tokens (an edge in white space) and
 * entities that cover no token. A character Python's split() takes for
 * white space (U+001C-001F, U+00A0, U+2028 ...) inside a token or a label
 * is written as '_', and counted: every Python CoNLL reader (NLTK's
 * ConllCorpusReader, spaCy's converters) would split the line there.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include "model/fmt.h"
#include "model/fmt_conll.h"
#include "model/text.h"
#include "model/token.h"
#include "model/utf8.h"

typedef struct cent {
	size_t start, end;
	const char *label;
} cent;

struct fmt_writer {
	fmt_out *out;
	int scheme;
	size_t overlap, trimmed, empty;  /* entities not written as they were */
	cent *ents;
	size_t entcap;
	size_t *cuts;
	size_t cutcap;
	size_t *tk;                      /* entity index per token, or SIZE_MAX */
	size_t tkcap;
	char *buf;                       /* output not yet written to out->f */
	size_t len, cap;
	size_t wstokens;                 /* tokens written with '_' for white space */
	uint32_t wsfirst;                /* the first such white space character */
	char *wslabels[4];               /* labels written with '_' (the first few) */
	size_t nwslabels;                /* how many distinct ones */
};

/* Output goes through a buffer flushed every 64 KB: few stdio calls,
 * little memory, whatever the document's size. */
enum { OUTBUF = 65536 };

static int
flush_out(fmt_writer *w)
{
	if (w->len > 0 && fwrite(w->buf, 1, w->len, w->out->f) != w->len)
		return -1;
	w->len = 0;
	return 0;
}

static int
put(fmt_writer *w, const char *s, size_t n)
{
	if (w->len + n > OUTBUF && flush_out(w) != 0)
		return -1;
	if (fmt_grow_bytes(&w->buf, &w->cap, w->len + n) != 0)
		return -1;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	return 0;
}

/*
 * Write s[0..n) (a token or a label) with every character Python's split()
 * treats as white space (fmt_py_space: U+001C-001F, U+0085, U+00A0,
 * U+2028 ...) as '_': NLTK and every Python CoNLL reader split lines with
 * it, so a token holding one would read as two columns. Returns the number
 * of characters replaced (the first one in *first), or -1.
 */
static long
put_clean(fmt_writer *w, const char *s, size_t n, uint32_t *first)
{
	size_t at, i = 0;
	long k = 0;

	if (put(w, s, n) != 0)
		return -1;
	at = w->len - n;
	while (i < n) {
		ucs4_t c;
		int m = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);

		if (m <= 0)
			m = 1;
		if (fmt_py_space(c)) {
			if (k++ == 0 && first)
				*first = c;
			/* '_' then the rest moved left over the character's other bytes */
			w->buf[at + i] = '_';
			memmove(w->buf + at + i + 1, w->buf + at + i + (size_t)m, n - i - (size_t)m);
			w->len -= (size_t)m - 1;
			at -= (size_t)m - 1;
		}
		i += (size_t)m;
	}
	return k;
}

/* Remember a label written with '_' for white space (the first few by name). */
static int
note_label(fmt_writer *w, const char *label)
{
	size_t n = w->nwslabels < 4 ? w->nwslabels : 4;

	for (size_t i = 0; i < n; i++)
		if (strcmp(w->wslabels[i], label) == 0)
			return 0;
	if (w->nwslabels < 4 && (w->wslabels[w->nwslabels] = strdup(label)) == NULL)
		return -1;
	w->nwslabels++;
	return 0;
}

/* The tag: prefix, '-', label with white space as '_'. */
static int
put_tag(fmt_writer *w, char p, const char *label)
{
	char pre[2] = { p, '-' };
	long k;

	if (put(w, pre, 2) != 0 || (k = put_clean(w, label, strlen(label), NULL)) < 0)
		return -1;
	if (k > 0 && note_label(w, label) != 0)
		return -1;
	return put(w, "\n", 1);
}

fmt_writer *
conll_write_begin(fmt_out *out, const fmt_opts *o)
{
	fmt_writer *w = calloc(1, sizeof *w);

	if (w == NULL)
		return NULL;
	w->out = out;
	w->scheme = o ? o->scheme : FMT_SCHEME_AUTO;
	if (w->scheme == FMT_SCHEME_AUTO)
		w->scheme = FMT_SCHEME_IOB2;
	return w;
}

static int
cent_cmp(const void *a, const void *b)
{
	const cent *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return strcmp(x->label, y->label);
}

/* The entities to write, sorted, overlaps removed; their count. */
static size_t
collect_entities(fmt_writer *w, const doc *d, size_t textcps)
{
	size_t n = 0, k = 0;
	cent *v = fmt_grow(w->ents, &w->entcap, d->nspans, sizeof *w->ents);

	if (v == NULL)
		return (size_t)-1;
	w->ents = v;
	for (size_t i = 0; i < d->nspans; i++) {
		const span *s = &d->spans[i];

		if (s->kind != SPAN_ENTITY || s->status == SPAN_REJECTED)
			continue;
		if (s->label == NULL || s->label[0] == '\0' || s->start >= s->end || s->end > textcps) {
			w->empty++;
			continue;
		}
		w->ents[n++] = (cent){ s->start, s->end, s->label };
	}
	if (n > 1)
		qsort(w->ents, n, sizeof *w->ents, cent_cmp);
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && w->ents[i].start < w->ents[k - 1].end) {
			w->overlap++;
			continue;
		}
		w->ents[k++] = w->ents[i];
	}
	return k;
}

/* . ! ? … as a whole token */
static int
is_terminal(const char *s, const token *t)
{
	size_t n = t->bend - t->bstart;
	const char *p = s + t->bstart;

	return (n == 1 && (*p == '.' || *p == '!' || *p == '?')) ||
	    (n == 3 && memcmp(p, "\xE2\x80\xA6", 3) == 0);
}

/* a closing quote or bracket as a whole token */
static int
is_closer(const char *s, const token *t)
{
	size_t n = t->bend - t->bstart;
	const char *p = s + t->bstart;

	return (n == 1 && (*p == '"' || *p == '\'' || *p == ')' || *p == ']')) ||
	    (n == 3 && (memcmp(p, "\xE2\x80\x9D", 3) == 0 || memcmp(p, "\xE2\x80\x99", 3) == 0));
}

/* Can a sentence start with this token: capital, digit, opening quote? */
static int
is_opener(const char *s, const token *t)
{
	ucs4_t uc;

	u8_mbtouc(&uc, (const uint8_t *)s + t->bstart, t->bend - t->bstart);
	return uc_is_upper(uc) || uc_is_digit(uc) || uc == '"' || uc == '\'' || uc == '(' ||
	    uc == 0x201C || uc == 0x2018;
}

/* Does a prose sentence end after token i (of n)? */
static int
sentence_end(const char *s, const token *t, size_t i, size_t n)
{
	if (i + 1 >= n || t[i].bend == t[i + 1].bstart || !is_opener(s, &t[i + 1]))
		return 0;
	if (i >= 1 && is_terminal(s, &t[i]) && t[i - 1].bend == t[i].bstart)
		return 1;
	return i >= 2 && is_closer(s, &t[i]) && t[i - 1].bend == t[i].bstart &&
	    is_terminal(s, &t[i - 1]) && t[i - 2].bend == t[i - 1].bstart;
}

static int
has_newline(const char *s, size_t a, size_t b)
{
	return b > a && memchr(s + a, '\n', b - a) != NULL;
}

/* The tag letter of token i, inside entity e (first/last known). */
static char
tag_letter(const fmt_writer *w, const cent *ents, const size_t *tk, size_t i, size_t n,
    int sent_start)
{
	size_t e = tk[i];
	int first = i == 0 || sent_start || tk[i - 1] != e;
	int last = i + 1 == n || tk[i + 1] != e;

	if (w->scheme == FMT_SCHEME_BILOU)
		return first && last ? 'U' : first ? 'B' : last ? 'L' : 'I';
	if (w->scheme == FMT_SCHEME_IOB1)
		return first && !sent_start && i > 0 && tk[i - 1] != SIZE_MAX &&
		    strcmp(ents[tk[i - 1]].label, ents[e].label) == 0 ? 'B' : 'I';
	return first ? 'B' : 'I';
}

int
conll_write_doc(fmt_writer *w, const doc *d)
{
	static const char head[] = "-DOCSTART- -X- -X- O\n\n";
	const char *s = d->text ? d->text : "";
	size_t len = d->text ? d->len : 0;
	size_t textcps = utf8_count(s, len), ne, nt, e = 0, covered = 0, trimmed = SIZE_MAX;
	int mode = token_mode_of_meta(d->meta);
	token *t = NULL;
	void *v;

	w->len = 0;
	if (put(w, head, sizeof head - 1) != 0)
		return -1;
	if ((ne = collect_entities(w, d, textcps)) == (size_t)-1 ||
	    (v = fmt_grow(w->cuts, &w->cutcap, 2 * ne + 1, sizeof *w->cuts)) == NULL)
		return -1;
	w->cuts = v;
	for (size_t i = 0; i < ne; i++) {
		w->cuts[2 * i] = w->ents[i].start;
		w->cuts[2 * i + 1] = w->ents[i].end;
	}
	if ((nt = token_split_mode(s, len, mode, w->cuts, 2 * ne, &t)) == (size_t)-1)
		return -1;
	if ((v = fmt_grow(w->tk, &w->tkcap, nt + 1, sizeof *w->tk)) == NULL) {
		free(t);
		return -1;
	}
	w->tk = v;
	/* Which entity each token is in (an entity's tokens are contiguous:
	 * cuts at its edges); entities trimmed to tokens, or with none. */
	for (size_t i = 0; i < nt; i++) {
		int first, last;

		while (e < ne && w->ents[e].end <= t[i].start)
			e++;
		if (!(e < ne && w->ents[e].start <= t[i].start && t[i].end <= w->ents[e].end)) {
			w->tk[i] = SIZE_MAX;
			continue;
		}
		w->tk[i] = e;
		first = i == 0 || w->tk[i - 1] != e;
		last = i + 1 == nt || t[i + 1].start >= w->ents[e].end;
		if (first)
			covered++;
		if (((first && t[i].start != w->ents[e].start) ||
		    (last && t[i].end != w->ents[e].end)) && trimmed != e) {
			w->trimmed++;
			trimmed = e;
		}
	}
	w->empty += ne - covered;
	/* sentences and token lines */
	for (size_t i = 0; i < nt; i++) {
		int sent_start;
		uint32_t first = 0;
		long k;

		if (i == 0)
			sent_start = 1;
		else if (w->tk[i] != SIZE_MAX && w->tk[i - 1] == w->tk[i])
			sent_start = 0;  /* never inside an entity */
		else
			sent_start = has_newline(s, t[i - 1].bend, t[i].bstart) ||
			    (mode == TOKEN_WORDS && sentence_end(s, t, i - 1, nt));
		if (sent_start && i > 0 && put(w, "\n", 1) != 0)
			goto fail;
		if ((k = put_clean(w, s + t[i].bstart, t[i].bend - t[i].bstart, &first)) < 0 || put(w, " ", 1) != 0)
			goto fail;
		if (k > 0 && w->wstokens++ == 0)
			w->wsfirst = first;
		if (w->tk[i] == SIZE_MAX) {
			if (put(w, "O\n", 2) != 0)
				goto fail;
		} else if (put_tag(w, tag_letter(w, w->ents, w->tk, i, nt, sent_start),
		    w->ents[w->tk[i]].label) != 0)
			goto fail;
	}
	if (nt > 0 && put(w, "\n", 1) != 0)
		goto fail;
	free(t);
	return flush_out(w);
fail:
	free(t);
	return -1;
}

/* Tell the caller what was not written as it was (counts so far). */
void
conll_write_report(fmt_writer *w, fmt_report *rep)
{
	size_t n = w->overlap + w->trimmed + w->empty;

	if (rep == NULL)
		return;
	rep->skipped += n;
	if (n > 0)
		fmt_report_add(rep, "%sCoNLL: %zu overlapping, %zu trimmed to whole tokens, %zu empty or out-of-range entities",
		    rep->what.len ? "; " : "", w->overlap, w->trimmed, w->empty);
	if (w->wstokens > 0)
		fmt_report_add(rep,
		    "%s%zu token%s held white space (first U+%04X) that CoNLL readers split columns on: written with '_' there",
		    rep->what.len ? "; " : "", w->wstokens, w->wstokens == 1 ? "" : "s", (unsigned)w->wsfirst);
	if (w->nwslabels > 0) {
		fmt_report_add(rep, "%s%zu label%s with white space written with '_' (",
		    rep->what.len ? "; " : "", w->nwslabels, w->nwslabels == 1 ? "" : "s");
		for (size_t i = 0; i < w->nwslabels && i < 4; i++) {
			char q[48];
			size_t qo = 0;

			fmt_quote_add(q, sizeof q, &qo, w->wslabels[i], strlen(w->wslabels[i]), 40);
			fmt_report_add(rep, "%s\"%s\"", i ? ", " : "", q);
		}
		fmt_report_add(rep, "%s)", w->nwslabels > 4 ? ", ..." : "");
	}
	w->overlap = w->trimmed = w->empty = w->wstokens = 0;
	for (size_t i = 0; i < w->nwslabels && i < 4; i++)
		free(w->wslabels[i]);
	w->nwslabels = 0;
}

int
conll_write_end(fmt_writer *w)
{
	int rc = 0;

	if (w == NULL)
		return -1;
	if (w->out && w->out->f && (fflush(w->out->f) != 0 || ferror(w->out->f)))
		rc = -1;
	free(w->ents);
	free(w->cuts);
	free(w->tk);
	free(w->buf);
	for (size_t i = 0; i < w->nwslabels && i < 4; i++)
		free(w->wslabels[i]);
	free(w);
	return rc;
}
