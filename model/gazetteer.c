/*
 * gazetteer.c: Aho–Corasick over case-folded NFC text (see gazetteer.h).
 *
 * Coordinates: the text is walked in bytes and in code points at once;
 * matches leave in both. The automaton runs over a "folded stream": the
 * text cut into units (an ASCII character, or a code point with the
 * combining marks after it, or one white space character), each unit
 * replaced by its case-folded NFC form, runs of white space by one space.
 * Terms are folded by the same function, so the two always agree.
 *
 * Speed: an ASCII character followed by another ASCII byte is its own unit
 * and needs no libunistring call (a table maps upper to lower case and to
 * the automaton's byte class); other units go through u8_casefold, with
 * single code points (curly quotes, dashes, accented letters) answered
 * from a small cache. The DFA has a full row of transitions per state over
 * the byte classes that occur in terms, so each byte costs one table load.
 * A match can only end where a unit ends; a ring of the last 256 folded
 * bytes remembers where each unit started, in bytes and code points.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include "model/gazetteer.h"

enum {
	T_WORD_FIRST = 1, /* the term starts with a letter, digit or mark */
	T_WORD_LAST = 2,  /* ... ends with one */
	T_ACRONYM = 4     /* capitals only, at most 4 letters: match as written */
};

struct term {
	char *orig;           /* as written, trimmed, NUL-terminated */
	size_t origlen;
	unsigned char *fold;  /* folded stream of the term */
	unsigned flen;
	unsigned label;
	unsigned flags;       /* T_* */
};

#define ROW_MASK 0x7fffffffu
#define HAS_OUT 0x80000000u

struct gazetteer {
	struct term *t;
	size_t nt, capt;
	size_t *hash;          /* open addressing over folded terms: index + 1, 0 empty */
	size_t hcap;
	char *labels[GAZ_LABEL_MAX];
	unsigned nlabels;
	/* the automaton, NULL before gazetteer_build */
	unsigned char cls[256]; /* byte -> class (upper-case ASCII as lower) */
	unsigned ncls;
	uint32_t *delta;        /* state row offset (state * ncls) | HAS_OUT */
	int32_t *out;           /* per state: the term ending exactly here, or -1 */
	int32_t *dict;          /* per state: next state on the fail chain with a term, or -1 */
	size_t nstates;
};

/* ---- folding --------------------------------------------------------- */

enum { UNIT_MAX = 64, CACHE_N = 512 };

struct fold_cache {
	uint32_t cp[CACHE_N];
	unsigned char n[CACHE_N];
	unsigned char b[CACHE_N][12];
};


static unsigned char ascii_word[128];
static unsigned char ascii_space[128];
static int tables_ready;

static void
tables_init(void)
{
	if (tables_ready)
		return;
	for (int c = 0; c < 128; c++) {
		ascii_word[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		ascii_space[c] = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
	}
	tables_ready = 1;
}

static int
uc_word(ucs4_t c)
{
	if (c < 0x80)
		return ascii_word[c];
	return uc_is_alnum(c) || uc_is_general_category(c, UC_CATEGORY_M);
}

static int
uc_space(ucs4_t c)
{
	if (c < 0x80)
		return ascii_space[c];
	return uc_is_property_white_space(c);
}

/* Whether the code point starting at s[i] is a word character (0 at the end). */
static int
word_at(const char *s, size_t len, size_t i)
{
	ucs4_t c;

	if (i >= len)
		return 0;
	if ((unsigned char)s[i] < 0x80)
		return ascii_word[(unsigned char)s[i]];
	u8_mbtouc(&c, (const uint8_t *)s + i, len - i);
	return uc_word(c);
}

typedef struct unit {
	size_t bytes;  /* consumed from the input */
	size_t ncp;    /* code points consumed */
	unsigned char out[UNIT_MAX];
	size_t on;     /* folded bytes in out */
	int word;      /* the unit's first code point is a word character */
	int space;     /* the unit is white space (out is " ") */
} unit;

/* Case-fold + NFC one unit of n bytes at p; never fails: a unit that
 * cannot be folded into UNIT_MAX bytes becomes 0xFF, which no term has. */
static void
fold_bytes(const uint8_t *p, size_t n, unit *u)
{
	uint8_t buf[UNIT_MAX];
	size_t bn = sizeof buf;
	uint8_t *r = u8_casefold(p, n, NULL, UNINORM_NFC, buf, &bn);

	if (r == NULL || bn == 0 || bn > UNIT_MAX) {
		u->out[0] = 0xFF;
		u->on = 1;
	} else {
		memcpy(u->out, r, bn);
		u->on = bn;
	}
	if (r != NULL && r != buf)
		free(r);
}

/*
 * The unit at s[i] (i < len, s[i] not an ASCII byte followed by another
 * ASCII byte, which callers fold inline): a code point and the combining
 * marks after it, folded. fc may be NULL (no cache).
 */
static void
fold_unit(const char *s, size_t len, size_t i, struct fold_cache *fc, unit *u)
{
	const uint8_t *p = (const uint8_t *)s + i;
	ucs4_t c, c2;
	int n = u8_mbtouc(&c, p, len - i);
	size_t j = (size_t)n;

	u->ncp = 1;
	u->space = 0;
	u->word = uc_word(c);
	if (uc_space(c)) {
		u->bytes = j;
		u->out[0] = ' ';
		u->on = 1;
		u->space = 1;
		return;
	}
	/* the combining marks that NFC may merge into c */
	while (i + j < len && u->ncp < 32) {
		int m = u8_mbtouc(&c2, p + j, len - i - j);

		if (c2 < 0x80 || uc_combining_class(c2) == 0)
			break;
		j += (size_t)m;
		u->ncp++;
	}
	u->bytes = j;
	if (u->ncp > 1) {
		fold_bytes(p, j, u);
		return;
	}
	if (c < 0x80) {
		u->out[0] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		u->on = 1;
		return;
	}
	if (c == 0x2018 || c == 0x2019 || c == 0x02BC) {
		u->out[0] = '\'';
		u->on = 1;
		return;
	}
	if (c == 0xFFFD) {
		/* replacement or an invalid byte: never part of a term */
		u->out[0] = 0xFF;
		u->on = 1;
		return;
	}
	if (fc != NULL) {
		size_t k = c % CACHE_N;

		if (fc->cp[k] == c) {
			memcpy(u->out, fc->b[k], fc->n[k]);
			u->on = fc->n[k];
			return;
		}
		fold_bytes(p, j, u);
		if (u->on <= sizeof fc->b[k]) {
			fc->cp[k] = c;
			fc->n[k] = (unsigned char)u->on;
			memcpy(fc->b[k], u->out, u->on);
		}
		return;
	}
	fold_bytes(p, j, u);
}

/*
 * The folded stream of a whole (short) string into out (cap bytes),
 * white space collapsed and trimmed. Returns its length, or cap + 1 when
 * it does not fit.
 */
static size_t
fold_string(const char *s, size_t len, unsigned char *out, size_t cap)
{
	size_t i = 0, o = 0;
	int lastspace = 1; /* drops leading white space */
	unit u;

	while (i < len) {
		fold_unit(s, len, i, NULL, &u);
		i += u.bytes;
		if (u.space) {
			if (lastspace)
				continue;
			lastspace = 1;
		} else
			lastspace = 0;
		if (o + u.on > cap)
			return cap + 1;
		memcpy(out + o, u.out, u.on);
		o += u.on;
	}
	if (o > 0 && out[o - 1] == ' ')
		o--;
	return o;
}

/* ---- terms ----------------------------------------------------------- */

gazetteer *
gazetteer_new(void)
{
	tables_init();
	return calloc(1, sizeof(gazetteer));
}

static void
automaton_free(gazetteer *g)
{
	free(g->delta);
	free(g->out);
	free(g->dict);
	g->delta = NULL;
	g->out = g->dict = NULL;
	g->nstates = 0;
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
	automaton_free(g);
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
	if (uc_word(c))
		fl |= T_WORD_FIRST;
	u8_mbtouc(&c, last, (size_t)(e - last));
	if (uc_word(c) || uc_is_general_category(c, UC_CATEGORY_M))
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
	*flen = fold_string(term, len, f, GAZ_TERM_MAX);
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

/* ---- building -------------------------------------------------------- */

static const gazetteer *sort_g;

static int
cmp_fold(const void *a, const void *b)
{
	const struct term *x = &sort_g->t[*(const size_t *)a], *y = &sort_g->t[*(const size_t *)b];
	size_t n = x->flen < y->flen ? x->flen : y->flen;
	int c = memcmp(x->fold, y->fold, n);

	return c ? c : (x->flen > y->flen) - (x->flen < y->flen);
}

/*
 * Trie from the terms in sorted order (each term shares the path of its
 * longest common prefix with the one before), then breadth-first fail
 * links that complete every row into a DFA. Memory: states × classes × 4.
 */
int
gazetteer_build(gazetteer *g)
{
	size_t *order = NULL, *parent = NULL, *bfs = NULL, *depthn = NULL;
	unsigned char *edge = NULL;
	uint32_t *fail = NULL;
	size_t path[GAZ_TERM_MAX + 1], total = 1, n = 1, ncls;
	int rc = -1;

	automaton_free(g);
	memset(g->cls, 0, sizeof g->cls);
	ncls = 1;
	for (size_t i = 0; i < g->nt; i++) {
		total += g->t[i].flen;
		for (unsigned k = 0; k < g->t[i].flen; k++)
			if (g->cls[g->t[i].fold[k]] == 0)
				g->cls[g->t[i].fold[k]] = (unsigned char)ncls++;
	}
	for (int c = 'A'; c <= 'Z'; c++)
		g->cls[c] = g->cls[c + 32];
	g->ncls = (unsigned)ncls;

	order = malloc((g->nt + 1) * sizeof *order);
	parent = malloc(total * sizeof *parent);
	edge = malloc(total);
	g->out = malloc(total * sizeof *g->out);
	if (!order || !parent || !edge || !g->out)
		goto done;
	for (size_t i = 0; i < g->nt; i++)
		order[i] = i;
	sort_g = g;
	qsort(order, g->nt, sizeof *order, cmp_fold);
	path[0] = 0;
	g->out[0] = -1;
	for (size_t k = 0; k < g->nt; k++) {
		const struct term *t = &g->t[order[k]];
		size_t lcp = 0;

		if (k > 0) {
			const struct term *p = &g->t[order[k - 1]];

			while (lcp < p->flen && lcp < t->flen && p->fold[lcp] == t->fold[lcp])
				lcp++;
		}
		for (size_t d = lcp; d < t->flen; d++) {
			parent[n] = path[d];
			edge[n] = t->fold[d];
			g->out[n] = -1;
			path[d + 1] = n++;
		}
		g->out[path[t->flen]] = (int32_t)order[k];
	}
	g->nstates = n;
	if (n > ROW_MASK / ncls)
		goto done;
	g->delta = malloc(n * ncls * sizeof *g->delta);
	g->dict = malloc(n * sizeof *g->dict);
	fail = malloc(n * sizeof *fail);
	bfs = malloc(n * sizeof *bfs);
	depthn = calloc(GAZ_TERM_MAX + 2, sizeof *depthn);
	if (!g->delta || !g->dict || !fail || !bfs || !depthn)
		goto done;
	memset(g->delta, 0xff, n * ncls * sizeof *g->delta);
	/* depths by counting (nodes are made in depth-first order) */
	{
		unsigned char *dep = malloc(n);
		size_t start[GAZ_TERM_MAX + 2], acc = 0;

		if (dep == NULL)
			goto done;
		dep[0] = 0;
		depthn[0] = 1;
		for (size_t s = 1; s < n; s++) {
			dep[s] = (unsigned char)(dep[parent[s]] + 1);
			depthn[dep[s]]++;
			g->delta[parent[s] * ncls + g->cls[edge[s]]] = (uint32_t)s;
		}
		for (size_t d = 0; d <= GAZ_TERM_MAX + 1; d++) {
			start[d] = acc;
			acc += depthn[d];
		}
		for (size_t s = 0; s < n; s++)
			bfs[start[dep[s]]++] = s;
		free(dep);
	}
	fail[0] = 0;
	g->dict[0] = -1;
	for (size_t k = 0; k < n; k++) {
		size_t u = bfs[k];
		uint32_t *row = g->delta + u * ncls;

		for (size_t c = 0; c < ncls; c++) {
			uint32_t w = row[c];

			if (w != UINT32_MAX) {
				/* a child: its fail state is where the parent's fail goes on c */
				uint32_t f = u == 0 ? 0 : g->delta[fail[u] * ncls + c];

				fail[w] = f;
				g->dict[w] = g->out[f] >= 0 ? (int32_t)f : g->dict[f];
			} else
				row[c] = u == 0 ? 0 : g->delta[fail[u] * ncls + c];
		}
	}
	/* state numbers -> row offsets, flagged when a term ends on the chain */
	for (size_t i = 0; i < n * ncls; i++) {
		uint32_t s = g->delta[i];

		g->delta[i] = (uint32_t)(s * ncls) | (g->out[s] >= 0 || g->dict[s] >= 0 ? HAS_OUT : 0);
	}
	rc = 0;
done:
	if (rc != 0)
		automaton_free(g);
	free(order);
	free(parent);
	free(edge);
	free(fail);
	free(bfs);
	free(depthn);
	return rc;
}

/* ---- matching -------------------------------------------------------- */

void
gaz_matches_free(gaz_matches *m)
{
	free(m->v);
	free(m->cache);
	m->v = NULL;
	m->cache = NULL;
	m->n = m->cap = 0;
}

static int
push(gaz_match **v, size_t *n, size_t *cap, const gaz_match *x)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		gaz_match *nv = realloc(*v, c * sizeof *nv);

		if (nv == NULL)
			return -1;
		*v = nv;
		*cap = c;
	}
	(*v)[(*n)++] = *x;
	return 0;
}

struct ring {
	size_t cp, b;          /* where the unit of this folded byte starts */
	unsigned char first;   /* this byte is the unit's first */
	unsigned char prevword;/* the unit before it ends in a word character */
};

typedef struct matcher {
	const gazetteer *g;
	const char *s;
	size_t len;
	struct ring ring[256];
	size_t pos;            /* folded bytes fed */
	gaz_match *cand;
	size_t ncand, ccap;
} matcher;

/* A unit ended in state v at byte bend / code point cpend: record the terms
 * that end here and sit at word boundaries. */
static int
emit(matcher *mt, uint32_t v, size_t bend, size_t cpend)
{
	const gazetteer *g = mt->g;
	int32_t st = (int32_t)((v & ROW_MASK) / g->ncls);
	int nextword = -1;

	for (int32_t x = g->out[st] >= 0 ? st : g->dict[st]; x >= 0; x = g->dict[x]) {
		const struct term *t = &g->t[g->out[x]];
		const struct ring *r;
		gaz_match m;

		if (t->flen > mt->pos)
			continue;
		r = &mt->ring[(mt->pos - t->flen) & 255];
		if (!r->first)
			continue;
		if ((t->flags & T_WORD_FIRST) && r->prevword)
			continue;
		if (t->flags & T_WORD_LAST) {
			if (nextword < 0)
				nextword = word_at(mt->s, mt->len, bend);
			if (nextword)
				continue;
		}
		m.start = r->cp;
		m.end = cpend;
		m.bstart = r->b;
		m.bend = bend;
		m.label = t->label;
		m.term = (unsigned)g->out[x];
		m.exact = bend - r->b == t->origlen && memcmp(mt->s + r->b, t->orig, t->origlen) == 0;
		if ((t->flags & T_ACRONYM) && !m.exact)
			continue;
		if (push(&mt->cand, &mt->ncand, &mt->ccap, &m) != 0)
			return -1;
	}
	return 0;
}

static int
cmp_start(const void *a, const void *b)
{
	const gaz_match *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return 0;
}

static int
cmp_longest(const void *a, const void *b)
{
	const gaz_match *x = a, *y = b;
	size_t lx = x->end - x->start, ly = y->end - y->start;

	if (lx != ly)
		return lx > ly ? -1 : 1;
	return cmp_start(a, b);
}

/*
 * Longest wins: cut the candidates (by start) into clusters of mutually
 * reachable overlaps; in each, take the longest, then the longest that
 * overlaps nothing taken, and so on. Clusters are a few matches long.
 */
static int
resolve(gaz_match *c, size_t n, gaz_matches *m)
{
	size_t i = 0;

	if (n > 1) /* qsort(NULL, 0, …) is undefined */
		qsort(c, n, sizeof *c, cmp_start);
	while (i < n) {
		size_t j = i + 1, maxend = c[i].end, first = m->n;

		while (j < n && c[j].start < maxend) {
			if (c[j].end > maxend)
				maxend = c[j].end;
			j++;
		}
		if (j - i > 1)
			qsort(c + i, j - i, sizeof *c, cmp_longest);
		for (size_t k = i; k < j; k++) {
			int clash = 0;

			for (size_t q = first; q < m->n && !clash; q++)
				clash = c[k].start < m->v[q].end && m->v[q].start < c[k].end;
			if (!clash && push(&m->v, &m->n, &m->cap, &c[k]) != 0)
				return -1;
		}
		if (m->n - first > 1)
			qsort(m->v + first, m->n - first, sizeof *m->v, cmp_start);
		i = j;
	}
	return 0;
}

int
gazetteer_match(const gazetteer *g, const char *s, size_t len, int flags, gaz_matches *m)
{
	struct fold_cache *fc = m->cache;
	matcher mt;
	const uint32_t *delta = g->delta;
	const unsigned char *cls = g->cls;
	uint32_t v = 0;
	size_t i = 0, cp = 0;
	int prevword = 0, lastspace = 0, rc = 0;

	m->n = 0;
	if (delta == NULL || len == 0)
		return 0;
	if (fc == NULL) {
		if ((fc = malloc(sizeof *fc)) == NULL)
			return -1;
		memset(fc->cp, 0xff, sizeof fc->cp);
		m->cache = fc;
	}
	mt.g = g;
	mt.s = s;
	mt.len = len;
	mt.pos = 0;
	mt.cand = NULL;
	mt.ncand = mt.ccap = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80 && (i + 1 == len || (unsigned char)s[i + 1] < 0x80)) {
			struct ring *r;

			if (ascii_space[c]) {
				if (lastspace) {
					i++;
					cp++;
					continue;
				}
				lastspace = 1;
				c = ' ';
			} else
				lastspace = 0;
			r = &mt.ring[mt.pos++ & 255];
			r->cp = cp;
			r->b = i;
			r->first = 1;
			r->prevword = (unsigned char)prevword;
			prevword = ascii_word[c];
			v = delta[(v & ROW_MASK) + cls[c]];
			i++;
			cp++;
			if ((v & HAS_OUT) && emit(&mt, v, i, cp) != 0)
				goto oom;
		} else {
			unit u;

			fold_unit(s, len, i, fc, &u);
			if (u.space && lastspace) {
				i += u.bytes;
				cp += u.ncp;
				continue;
			}
			lastspace = u.space;
			for (size_t k = 0; k < u.on; k++) {
				struct ring *r = &mt.ring[mt.pos++ & 255];

				r->cp = cp;
				r->b = i;
				r->first = k == 0;
				r->prevword = (unsigned char)prevword;
				v = delta[(v & ROW_MASK) + cls[u.out[k]]];
			}
			prevword = u.word;
			i += u.bytes;
			cp += u.ncp;
			if ((v & HAS_OUT) && emit(&mt, v, i, cp) != 0)
				goto oom;
		}
	}
	if (flags & GAZ_ALL) {
		qsort(mt.cand, mt.ncand, sizeof *mt.cand, cmp_start);
		for (size_t k = 0; k < mt.ncand; k++)
			if (push(&m->v, &m->n, &m->cap, &mt.cand[k]) != 0)
				goto oom;
	} else if (resolve(mt.cand, mt.ncand, m) != 0)
		goto oom;
	free(mt.cand);
	return rc;
oom:
	free(mt.cand);
	return -1;
}

void
gazetteer_token_features(const gaz_matches *m, const token *tok, size_t ntok,
    uint32_t *begin, uint32_t *inside)
{
	size_t t = 0;

	memset(begin, 0, ntok * sizeof *begin);
	memset(inside, 0, ntok * sizeof *inside);
	for (size_t k = 0; k < m->n; k++) {
		const gaz_match *x = &m->v[k];
		uint32_t bit = (uint32_t)1 << x->label;
		int first = 1;

		/* matches come by start: the first token that could overlap only moves on */
		while (t < ntok && tok[t].end <= x->start)
			t++;
		for (size_t q = t; q < ntok && tok[q].start < x->end; q++) {
			if (first)
				begin[q] |= bit;
			else
				inside[q] |= bit;
			first = 0;
		}
	}
}

/* ---- the engine ------------------------------------------------------ */

struct gaz_engine {
	gazetteer *g;
	gaz_matches m;
};

/* s[0..n) has no lower-case letter (a headline, a dateline: "AMMAN"). */
static int
no_lower(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *e = p + n;
	ucs4_t c;

	while (p < e) {
		int k = u8_mbtouc(&c, p, (size_t)(e - p));

		if (c < 0x80 ? (c >= 'a' && c <= 'z') : uc_is_lower(c))
			return 0;
		p += k;
	}
	return 1;
}

/*
 * Confidence: a match written as in the list is usually right, one in
 * capitals (a dateline) nearly as often; one in lower case ("turkey",
 * "chad") much less often, so it is proposed low and the combination's
 * threshold decides.
 */
static int
gaz_engine_suggest(void *self, const sug_input *in, sug_list *out)
{
	struct gaz_engine *ge = self;

	if (gazetteer_match(ge->g, in->s, in->len, 0, &ge->m) != 0)
		return -1;
	for (size_t i = 0; i < ge->m.n; i++) {
		const gaz_match *x = &ge->m.v[i];
		const char *lab = gazetteer_label(ge->g, x->label);

		if (!sug_label_allowed(in, lab))
			continue;
		if (sug_list_add(out, x->start, x->end, lab, SRC_GAZETTEER, x->exact ? GAZ_CONF_EXACT :
		    no_lower(in->s + x->bstart, x->bend - x->bstart) ? GAZ_CONF_CAPS : GAZ_CONF_FOLDED) != 0)
			return -1;
	}
	return 0;
}

static void
gaz_engine_free(void *self)
{
	struct gaz_engine *ge = self;

	gazetteer_free(ge->g);
	gaz_matches_free(&ge->m);
	free(ge);
}

static const sug_engine gaz_proto = {
	.name = "gazetteer", .source = SRC_GAZETTEER, .suggest = gaz_engine_suggest,
	.free = gaz_engine_free,
};

sug_engine *
gazetteer_engine_new(gazetteer *g)
{
	struct gaz_engine *ge = calloc(1, sizeof *ge);

	if (ge == NULL)
		return NULL;
	ge->g = g;
	return sug_engine_new(&gaz_proto, ge);
}
