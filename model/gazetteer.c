/*
 * gazetteer.c: the term list (see gazetteer.h): adding terms, loading a
 * list file, looking terms and labels up. Folding, the automaton and
 * matching are in gazetteer_match.c; the suggestion engine and the
 * tagger's token features in gazetteer_engine.c.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include "model/gazetteer_int.h"

/* ---- terms ----------------------------------------------------------- */

gazetteer *
gazetteer_new(void)
{
	gaz_fold_init();
	return calloc(1, sizeof(gazetteer));
}

void
gazetteer_free(gazetteer *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->nt; i++) {
		free(g->t[i].orig);
		free(g->t[i].fold);
	}
	free(g->t);
	free(g->hash);
	for (unsigned i = 0; i < g->nlabels; i++)
		free(g->labels[i]);
	gaz_automaton_free(g);
	free(g);
}

static size_t
hash_bytes(const unsigned char *p, size_t n)
{
	size_t h = 1469598103934665603u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}

/* Slot for a folded term: holds its index + 1, or 0 where it would go. */
static size_t *
hash_slot(const gazetteer *g, const unsigned char *f, size_t n)
{
	size_t k = hash_bytes(f, n) & (g->hcap - 1);

	for (;; k = (k + 1) & (g->hcap - 1)) {
		size_t x = g->hash[k];

		if (x == 0)
			return &g->hash[k];
		if (g->t[x - 1].flen == n && memcmp(g->t[x - 1].fold, f, n) == 0)
			return &g->hash[k];
	}
}

static int
hash_grow(gazetteer *g)
{
	size_t ncap = g->hcap ? g->hcap * 2 : 1024;
	size_t *old = g->hash, ocap = g->hcap;

	if ((g->hash = calloc(ncap, sizeof *g->hash)) == NULL) {
		g->hash = old;
		return -1;
	}
	g->hcap = ncap;
	for (size_t i = 0; i < ocap; i++)
		if (old[i] != 0)
			*hash_slot(g, g->t[old[i] - 1].fold, g->t[old[i] - 1].flen) = old[i];
	free(old);
	return 0;
}

static int
label_intern(gazetteer *g, const char *name, size_t n, unsigned *out)
{
	for (unsigned i = 0; i < g->nlabels; i++)
		if (strlen(g->labels[i]) == n && memcmp(g->labels[i], name, n) == 0) {
			*out = i;
			return 0;
		}
	if (g->nlabels == GAZ_LABEL_MAX)
		return -2;
	if ((g->labels[g->nlabels] = strndup(name, n)) == NULL)
		return -1;
	*out = g->nlabels++;
	return 0;
}

/* T_ACRONYM: no lower-case letter and 1..4 letters ("UN", "NATO", "U.S."). */
static unsigned
term_flags(const char *s, size_t len)
{
	unsigned fl = 0, letters = 0, lower = 0;
	const uint8_t *p = (const uint8_t *)s, *e = p + len, *last = p;
	ucs4_t c;

	for (const uint8_t *q = p; q < e; ) {
		int n = u8_mbtouc(&c, q, (size_t)(e - q));

		if (uc_is_alpha(c)) {
			letters++;
			lower += uc_is_lower(c) || !uc_is_upper(c);
		}
		last = q;
		q += n;
	}
	u8_mbtouc(&c, p, len);
	if (gaz_uc_word(c))
		fl |= T_WORD_FIRST;
	u8_mbtouc(&c, last, (size_t)(e - last));
	if (gaz_uc_word(c) || uc_is_general_category(c, UC_CATEGORY_M))
		fl |= T_WORD_LAST;
	if (letters >= 1 && letters <= 4 && lower == 0)
		fl |= T_ACRONYM;
	return fl;
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' ||
	    (*s)[*len - 1] == '\r' || (*s)[*len - 1] == '\n'))
		(*len)--;
}

/* Check a term; fold it into f (GAZ_TERM_MAX + 1 bytes). 0 or -1 with err. */
static int
term_check(const char *term, size_t len, unsigned char *f, size_t *flen, char *err, size_t errsz)
{
	if (u8_check((const uint8_t *)term, len) != NULL) {
		snprintf(err, errsz, "term is not valid UTF-8");
		return -1;
	}
	*flen = gaz_fold_string(term, len, f, GAZ_TERM_MAX);
	if (*flen == 0) {
		snprintf(err, errsz, "empty term");
		return -1;
	}
	if (*flen > GAZ_TERM_MAX) {
		snprintf(err, errsz, "term longer than %d bytes once folded", GAZ_TERM_MAX);
		return -1;
	}
	return 0;
}

static int
add_label_n(gazetteer *g, const char *term, size_t len, const char *lab, size_t lablen,
    char *err, size_t errsz)
{
	unsigned char f[GAZ_TERM_MAX + 1];
	size_t flen, *slot;
	unsigned li;
	int r;
	struct term *t;

	trim(&term, &len);
	if (term_check(term, len, f, &flen, err, errsz) != 0)
		return -1;
	if ((r = label_intern(g, lab, lablen, &li)) != 0) {
		snprintf(err, errsz, r == -2 ? "more than %d labels" : "out of memory", GAZ_LABEL_MAX);
		return -1;
	}
	if (g->hcap == 0 || (g->nt + 1) * 2 > g->hcap)
		if (hash_grow(g) != 0)
			goto oom;
	slot = hash_slot(g, f, flen);
	if (*slot != 0) {
		/* the same term again: the later label and spelling win */
		char *o = strndup(term, len);

		t = &g->t[*slot - 1];
		if (o == NULL)
			goto oom;
		free(t->orig);
		t->orig = o;
		t->origlen = len;
		t->label = li;
		t->flags = term_flags(term, len);
		return 0;
	}
	if (g->nt == g->capt) {
		size_t cap = g->capt ? g->capt * 2 : 256;
		struct term *v = realloc(g->t, cap * sizeof *v);

		if (v == NULL)
			goto oom;
		g->t = v;
		g->capt = cap;
	}
	t = &g->t[g->nt];
	t->orig = strndup(term, len);
	t->fold = malloc(flen);
	if (t->orig == NULL || t->fold == NULL) {
		free(t->orig);
		free(t->fold);
		goto oom;
	}
	memcpy(t->fold, f, flen);
	t->origlen = len;
	t->flen = (unsigned)flen;
	t->label = li;
	t->flags = term_flags(term, len);
	*slot = ++g->nt;
	return 0;
oom:
	snprintf(err, errsz, "out of memory");
	return -1;
}

int
gazetteer_add(gazetteer *g, const char *term, size_t len, const char *lab, char *err, size_t errsz)
{
	if (lab == NULL || *lab == '\0') {
		snprintf(err, errsz, "empty label");
		return -1;
	}
	return add_label_n(g, term, len, lab, strlen(lab), err, errsz);
}

/* One line of a file, split: term and the label chosen among alternatives. */
typedef struct gline {
	const char *term, *label;
	size_t tlen, llen;
	int skip; /* no alternative in the scheme */
} gline;

/* Pick the first alternative of lab[0..n) ("LOC|GPE") that ls has. */
static int
pick_label(const char *lab, size_t n, const label_scheme *ls, const char **out, size_t *olen)
{
	const char *p = lab, *e = lab + n;

	while (p <= e) {
		const char *bar = memchr(p, '|', (size_t)(e - p));
		size_t k = (size_t)((bar ? bar : e) - p);

		if (k > 0) {
			int has = ls == NULL;

			for (size_t i = 0; !has && i < ls->n; i++)
				has = strlen(ls->v[i].name) == k && memcmp(ls->v[i].name, p, k) == 0;
			if (has) {
				*out = p;
				*olen = k;
				return 1;
			}
		}
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	return 0;
}

static int
parse_line(const char *p, size_t n, const label_scheme *ls, gline *gl, char *msg, size_t msgsz)
{
	const char *tab = memchr(p, '\t', n);
	unsigned char f[GAZ_TERM_MAX + 1];
	size_t flen;

	memset(gl, 0, sizeof *gl);
	if (tab == NULL) {
		snprintf(msg, msgsz, "no TAB between term and label");
		return -1;
	}
	gl->term = p;
	gl->tlen = (size_t)(tab - p);
	trim(&gl->term, &gl->tlen);
	gl->label = tab + 1;
	gl->llen = (size_t)(p + n - gl->label);
	trim(&gl->label, &gl->llen);
	if (term_check(gl->term, gl->tlen, f, &flen, msg, msgsz) != 0)
		return -1;
	if (gl->llen == 0 || memchr(gl->label, '\t', gl->llen) || memchr(gl->label, ' ', gl->llen)) {
		snprintf(msg, msgsz, gl->llen == 0 ? "empty label" : "label with white space");
		return -1;
	}
	if (u8_check((const uint8_t *)gl->label, gl->llen) != NULL) {
		snprintf(msg, msgsz, "label is not valid UTF-8");
		return -1;
	}
	if (!pick_label(gl->label, gl->llen, ls, &gl->label, &gl->llen))
		gl->skip = 1;
	return 0;
}

long
gazetteer_load(gazetteer *g, const char *buf, size_t len, const char *name,
    const label_scheme *ls, size_t *skipped, char *err, size_t errsz)
{
	char msg[160];
	long added = 0;
	size_t nskip = 0;

	/* two passes: check every line, then add, so a bad file adds nothing */
	for (int pass = 0; pass < 2; pass++) {
		size_t line = 0, i = 0;

		while (i < len) {
			const char *p = buf + i, *nl = memchr(p, '\n', len - i);
			size_t n = nl ? (size_t)(nl - p) : len - i;
			gline gl;

			i += n + (nl != NULL);
			line++;
			if (n > 0 && p[n - 1] == '\r')
				n--;
			if (n == 0 || p[0] == '#')
				continue;
			if (parse_line(p, n, ls, &gl, msg, sizeof msg) != 0) {
				snprintf(err, errsz, "%s:%zu: %s", name, line, msg);
				return -1;
			}
			if (pass == 0)
				continue;
			if (gl.skip) {
				nskip++;
				continue;
			}
			if (add_label_n(g, gl.term, gl.tlen, gl.label, gl.llen, msg, sizeof msg) != 0) {
				snprintf(err, errsz, "%s:%zu: %s", name, line, msg);
				return -1;
			}
			added++;
		}
	}
	if (skipped != NULL)
		*skipped = nskip;
	return added;
}

size_t gazetteer_count(const gazetteer *g) { return g->nt; }
size_t gazetteer_nlabels(const gazetteer *g) { return g->nlabels; }

const char *
gazetteer_label(const gazetteer *g, unsigned li)
{
	return li < g->nlabels ? g->labels[li] : NULL;
}

int
gazetteer_label_index(const gazetteer *g, const char *name)
{
	for (unsigned i = 0; i < g->nlabels; i++)
		if (strcmp(g->labels[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
gazetteer_term(const gazetteer *g, unsigned term)
{
	return term < g->nt ? g->t[term].orig : NULL;
}

