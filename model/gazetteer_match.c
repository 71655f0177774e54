/*
 * gazetteer_match.c: Aho–Corasick over case-folded NFC text (see gazetteer.h).
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
 * from a small cache. The automaton is a DFA over the byte classes that
 * occur in terms: full rows for the shallow states, children and a fail
 * state for the deep ones (compact(), for the cache).
 * A match can only end where a unit ends; a ring of the last 256 folded
 * bytes remembers where each unit started, in bytes and code points.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include "model/buf.h"
#include "model/gazetteer_int.h"

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

void
gaz_fold_init(void)
{
	if (tables_ready)
		return;
	for (int c = 0; c < 128; c++) {
		ascii_word[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		ascii_space[c] = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
	}
	tables_ready = 1;
}

int
gaz_uc_word(ucs4_t c)
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
	return gaz_uc_word(c);
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
	u->word = gaz_uc_word(c);
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
size_t
gaz_fold_string(const char *s, size_t len, unsigned char *out, size_t cap)
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

void
gaz_automaton_free(gazetteer *g)
{
	free(g->dense);
	free(g->sp);
	free(g->kc);
	free(g->kt);
	free(g->out);
	free(g->dict);
	g->dense = NULL;
	g->sp = NULL;
	g->kc = NULL;
	g->kt = NULL;
	g->out = g->dict = NULL;
	g->nstates = g->ndense = 0;
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
 * The matching tables from the full DFA (delta: state * ncls + class ->
 * state, in trie order). The table is memory-bound: 10k terms make 72k
 * states, 18 MB of rows, and a text inside a term (a fifth of a news
 * corpus built from the terms) walked it one cache miss per byte. Now
 * the first states breadth first (the root and the shallow states, which
 * most bytes visit) keep full rows in DENSE_BYTES; every deeper state
 * keeps its children and its fail state in 16 bytes, in trie order, so
 * the tail of a term is read sequentially.
 */
enum { DENSE_BYTES = 256 * 1024 };

static int
compact(gazetteer *g, const uint32_t *delta, const size_t *bfs, const uint32_t *fail, const size_t *parent,
    const unsigned char *edge)
{
	size_t n = g->nstates, ncls = g->ncls, nd, nkids = 0, k, j;
	uint32_t *rank = malloc(n * sizeof *rank), *nid = malloc(n * sizeof *nid), *nk = calloc(n, sizeof *nk);
	int32_t *no = malloc(n * sizeof *no), *ndict = malloc(n * sizeof *ndict);
	int rc = -1;

	nd = DENSE_BYTES / (ncls * sizeof *g->dense);
	if (nd < 1)
		nd = 1;
	if (nd > n)
		nd = n;
	if (!rank || !nid || !nk || !no || !ndict)
		goto done;
	for (k = 0; k < n; k++)
		rank[bfs[k]] = (uint32_t)k;
	for (k = 0; k < nd; k++)
		nid[bfs[k]] = (uint32_t)k;
	for (j = nd, k = 0; k < n; k++)
		if (rank[k] >= nd)
			nid[k] = (uint32_t)j++;
	for (k = 1; k < n; k++)
		nk[parent[k]]++;
	for (k = 0; k < n; k++)
		if (rank[k] >= nd && nk[k] > 1)
			nkids += nk[k];
	g->ndense = nd;
	g->dense = malloc(nd * ncls * sizeof *g->dense);
	g->sp = calloc(n - nd + 1, sizeof *g->sp);
	g->kc = malloc(nkids + 1);
	g->kt = malloc((nkids + 1) * sizeof *g->kt);
	if (!g->dense || !g->sp || !g->kc || !g->kt)
		goto done;
#define FLAGGED(u) (nid[u] | (g->out[u] >= 0 || g->dict[u] >= 0 ? HAS_OUT : 0))
	for (k = 0; k < nd; k++)
		for (size_t c = 0; c < ncls; c++)
			g->dense[k * ncls + c] = FLAGGED(delta[bfs[k] * ncls + c]);
	/* each deep state's place in kc/kt, in state order */
	for (j = 0, k = 0; k < n; k++)
		if (rank[k] >= nd) {
			struct gaz_sparse *p = &g->sp[nid[k] - nd];

			p->fail = nid[fail[k]];
			p->nk = (uint16_t)nk[k];
			p->first = (uint32_t)j;
			if (nk[k] > 1)
				j += nk[k];
			nk[k] = 0; /* now: children placed */
		}
	for (k = 1; k < n; k++) {
		size_t u = parent[k];
		struct gaz_sparse *p;

		if (rank[u] < nd)
			continue;
		p = &g->sp[nid[u] - nd];
		if (p->nk == 1) {
			p->c0 = g->cls[edge[k]];
			p->t0 = FLAGGED(k);
		} else {
			g->kc[p->first + nk[u]] = g->cls[edge[k]];
			g->kt[p->first + nk[u]++] = FLAGGED(k);
		}
	}
#undef FLAGGED
	for (k = 0; k < n; k++) {
		no[nid[k]] = g->out[k];
		ndict[nid[k]] = g->dict[k] >= 0 ? (int32_t)nid[g->dict[k]] : -1;
	}
	free(g->out);
	free(g->dict);
	g->out = no;
	g->dict = ndict;
	no = ndict = NULL;
	rc = 0;
done:
	free(rank);
	free(nid);
	free(nk);
	free(no);
	free(ndict);
	return rc;
}

/* The state after class c from state v (| HAS_OUT when terms end there). */
static inline uint32_t
step(const gazetteer *g, uint32_t v, unsigned c)
{
	uint32_t s = v & ROW_MASK;

	while (s >= g->ndense) {
		const struct gaz_sparse *p = &g->sp[s - g->ndense];

		if (p->nk == 1) {
			if (p->c0 == c)
				return p->t0;
		} else
			for (uint32_t k = p->first, e = p->first + p->nk; k < e; k++)
				if (g->kc[k] == c)
					return g->kt[k];
		s = p->fail;
	}
	return g->dense[s * g->ncls + c];
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
	uint32_t *fail = NULL, *delta = NULL;
	size_t path[GAZ_TERM_MAX + 1], total = 1, n = 1, ncls;
	int rc = -1;

	gaz_automaton_free(g);
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
	delta = malloc(n * ncls * sizeof *delta);
	g->dict = malloc(n * sizeof *g->dict);
	fail = malloc(n * sizeof *fail);
	bfs = malloc(n * sizeof *bfs);
	depthn = calloc(GAZ_TERM_MAX + 2, sizeof *depthn);
	if (!delta || !g->dict || !fail || !bfs || !depthn)
		goto done;
	memset(delta, 0xff, n * ncls * sizeof *delta);
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
			delta[parent[s] * ncls + g->cls[edge[s]]] = (uint32_t)s;
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
		uint32_t *row = delta + u * ncls;

		for (size_t c = 0; c < ncls; c++) {
			uint32_t w = row[c];

			if (w != UINT32_MAX) {
				/* a child: its fail state is where the parent's fail goes on c */
				uint32_t f = u == 0 ? 0 : delta[fail[u] * ncls + c];

				fail[w] = f;
				g->dict[w] = g->out[f] >= 0 ? (int32_t)f : g->dict[f];
			} else
				row[c] = u == 0 ? 0 : delta[fail[u] * ncls + c];
		}
	}
	if (compact(g, delta, bfs, fail, parent, edge) != 0)
		goto done;
	rc = 0;
done:
	if (rc != 0)
		gaz_automaton_free(g);
	free(order);
	free(parent);
	free(edge);
	free(fail);
	free(delta);
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
	gaz_match *nv = array_grow(*v, cap, *n + 1, sizeof *nv);

	if (nv == NULL)
		return -1;
	*v = nv;
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

static int
is_exact(const char *s, const gaz_match *m, const struct term *t)
{
	return m->bend - m->bstart == t->origlen && memcmp(s + m->bstart, t->orig, t->origlen) == 0;
}

/* A unit ended in state v at byte bend / code point cpend: record the terms
 * that end here and sit at word boundaries. */
static int
emit(matcher *mt, uint32_t v, size_t bend, size_t cpend)
{
	const gazetteer *g = mt->g;
	int32_t st = (int32_t)(v & ROW_MASK);
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
		/* exact: known now for acronyms (only as written), for the
		 * others once the longest have won */
		m.exact = (t->flags & T_ACRONYM) ? is_exact(mt->s, &m, t) : -1;
		if (m.exact == 0)
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

/* Sort v[0..n) by cmp: an insertion sort, as candidates come nearly in
 * start order (found where they end; only the few ending at one place
 * come out of order), where qsort's merge sort cost 5% of gloss suggest. */
static void
isort(gaz_match *v, size_t n, int (*cmp)(const void *, const void *))
{
	for (size_t i = 1; i < n; i++) {
		gaz_match x = v[i];
		size_t j = i;

		for (; j > 0 && cmp(&v[j - 1], &x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
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

	isort(c, n, cmp_start);
	while (i < n) {
		size_t j = i + 1, maxend = c[i].end, first = m->n;

		while (j < n && c[j].start < maxend) {
			if (c[j].end > maxend)
				maxend = c[j].end;
			j++;
		}
		isort(c + i, j - i, cmp_longest);
		for (size_t k = i; k < j; k++) {
			int clash = 0;

			for (size_t q = first; q < m->n && !clash; q++)
				clash = c[k].start < m->v[q].end && m->v[q].start < c[k].end;
			if (!clash && push(&m->v, &m->n, &m->cap, &c[k]) != 0)
				return -1;
		}
		isort(m->v + first, m->n - first, cmp_start);
		i = j;
	}
	return 0;
}

int
gazetteer_match(const gazetteer *g, const char *s, size_t len, int flags, gaz_matches *m)
{
	struct fold_cache *fc = m->cache;
	matcher mt;
	const unsigned char *cls = g->cls;
	uint32_t v = 0;
	size_t i = 0, cp = 0;
	int prevword = 0, lastspace = 0, rc = 0;

	m->n = 0;
	if (g->dense == NULL || len == 0)
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
			v = step(g, v, cls[c]);
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
				v = step(g, v, cls[u.out[k]]);
			}
			prevword = u.word;
			i += u.bytes;
			cp += u.ncp;
			if ((v & HAS_OUT) && emit(&mt, v, i, cp) != 0)
				goto oom;
		}
	}
	if (flags & GAZ_ALL) {
		isort(mt.cand, mt.ncand, cmp_start);
		for (size_t k = 0; k < mt.ncand; k++)
			if (push(&m->v, &m->n, &m->cap, &mt.cand[k]) != 0)
				goto oom;
	} else if (resolve(mt.cand, mt.ncand, m) != 0)
		goto oom;
	for (size_t k = 0; k < m->n; k++)
		if (m->v[k].exact < 0)
			m->v[k].exact = is_exact(s, &m->v[k], &g->t[m->v[k].term]);
	free(mt.cand);
	return rc;
oom:
	free(mt.cand);
	return -1;
}

