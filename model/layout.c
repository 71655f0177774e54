/*
 * layout.c: wrapping stored text to a width, lazily.
 *
 * Coordinates. The public rows are in code points of the text; inside, a
 * paragraph (one LF-separated line) is wrapped in byte offsets and rows are
 * converted with text_byte_to_cp() only when handed out. Columns are
 * display cells as text_cluster_display() counts them, tabs expanded here.
 *
 * Wrapping is greedy, one row after another from the paragraph start:
 * - a row holds whole grapheme clusters and ends at the last UAX #14 break
 *   opportunity (u8_possible_linebreaks) that keeps it within the width;
 *   with none, the row is cut before the cluster that does not fit, so a
 *   token longer than the width is cut at grapheme boundaries and a wide
 *   character never straddles the right edge;
 * - spaces and tabs that do not fit hang past the right edge at the end of
 *   the row (they belong to it, are not counted in its cols and draw
 *   nothing), so no row but the first of a paragraph starts with the blank
 *   that caused the break; rows still cover the text with no gap;
 * - a tab advances to the next multiple of 8, but never past the width
 *   (it then fills the row);
 * - a cluster wider than the whole width (a CJK character at width 1) gets a
 *   row of its own, whose cols then exceed the width;
 * - mandatory breaks other than LF (lone CR, VT, FF, NEL, U+2028/2029) are
 *   mere opportunities: those characters draw as placeholders, and the
 *   paragraph is what LF delimits.
 *
 * A paragraph is wrapped incrementally in windows of CHUNK bytes (with LCTX
 * bytes of context each side for the break rules), only as far as a
 * request needs, and kept in a small LRU cache; so the first screen of a
 * 10 MB single-line text wraps a few rows, and a jump to its end wraps it
 * once. Nothing outside the paragraphs asked for is ever looked at, except
 * by memchr/memrchr to find where a paragraph starts and, LOOK bytes at a
 * time as wrapping goes on, where it ends (so a text loaded lazily,
 * text_new_lazy, is read only up to the rows asked for, a line of 10 MB
 * included).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <unilbrk.h>
#include "model/layout.h"

#define NCACHE 64      /* paragraphs kept wrapped: more than a screen shows */
#define CHUNK 16384    /* bytes wrapped per step (grows for pathological rows) */
#define LCTX 256       /* context bytes around a window for the break rules */
#define ROWSTACK 4096  /* row bytes segmented without malloc */
#define LOOK (4 * CHUNK) /* bytes searched for a paragraph's end at a time */

/* One paragraph, wrapped as far as asked. */
typedef struct para {
	size_t ps, pe;      /* the line [ps, pe) in bytes; pe is at its LF or the end */
	size_t *starts;     /* starts[k]: first byte of row k; starts[0] == ps */
	int *cols;          /* cols[k]: cells row k uses (hanging blanks not counted) */
	size_t n, cap;      /* rows known, rows allocated */
	size_t next;        /* first byte not yet in a known row */
	int done;           /* every row is known (next == pe) */
	int open;           /* pe is only how far the search for the LF got
	                       (a long line, read lazily): not an end */
	unsigned long used; /* LRU stamp; 0 when the slot is free */
} para;

struct layout {
	const text *t;         /* the text laid out (not owned) */
	int width;             /* cells per row, >= 1 */
	para cache[NCACHE];    /* recently wrapped paragraphs */
	para *last;            /* the one asked for last (asked again next, mostly) */
	unsigned long tick;    /* LRU clock */
};

static size_t
snap_back(const char *s, size_t b)
{
	return text_u8_boundary(s, b, b, -1);
}

static size_t
snap_fwd(const char *s, size_t len, size_t b)
{
	return text_u8_boundary(s, len, b, 1);
}

/* Cells a tab takes at col: to the next multiple of 8, at most to the
 * right edge, and 1 (a hanging blank) when the row is already full. */
static int
tab_cells(int col, int width)
{
	int w = 8 - col % 8;
	if (col < width && col + w > width)
		w = width - col;
	return w;
}

/* Cells of the cluster s[i..nx), not a tab. */
static int
cluster_cells(const char *s, size_t i, size_t nx)
{
	unsigned char c = (unsigned char)s[i];
	if (nx == i + 1 && c < 0x80)
		return 1; /* printable ASCII, or a control's placeholder */
	return text_cluster_display(s + i, nx - i, NULL, NULL);
}

/*
 * One row from rs, within the window s[cs..we) whose breaks are gb[] and
 * lb[] (indexed from cs). Positions from lim on are not trusted (their
 * break rules need text beyond the window) unless lim == pe. Sets *end and
 * *cols and returns 1, or returns 0 when the row reaches lim first.
 */
static int
row_scan(const char *s, size_t cs, size_t we, size_t lim, size_t pe,
    const char *gb, const char *lb, size_t rs, int width, size_t *end, int *cols)
{
	size_t i = rs, brk = 0; /* brk: last break opportunity > rs, 0 if none */
	size_t hbrk = 0;        /* brk when blanks began to hang */
	int col = 0, brk_col = 0, hbrk_col = 0, hang = 0, after_bk = 0;

	while (i < lim) {
		size_t nx = i + 1;
		unsigned char c = (unsigned char)s[i];
		int sp, w;

		while (nx < we && !gb[nx - cs])
			nx++;
		if (nx > lim && lim < pe)
			return 0;
		if (i > rs && (after_bk || lb[i - cs] == UC_BREAK_POSSIBLE ||
		    lb[i - cs] == UC_BREAK_HYPHENATION)) {
			brk = i;
			brk_col = col;
		}
		after_bk = lb[i - cs] == UC_BREAK_MANDATORY;
		sp = (c == ' ' || c == '\t') && nx == i + 1;
		if (hang) {
			if (sp) {
				i = nx;
				continue;
			}
			/* Break after the blanks; where that is not allowed
			 * ("word !"), before the word that led up to them. */
			*end = brk == 0 && hbrk > rs ? hbrk : i;
			*cols = brk == 0 && hbrk > rs ? hbrk_col : col;
			return 1;
		}
		w = c == '\t' ? tab_cells(col, width) : cluster_cells(s, i, nx);
		if (col + w > width && i > rs) {
			if (sp) {
				hang = 1;
				hbrk = brk;
				hbrk_col = brk_col;
				brk = 0;
				i = nx;
				continue;
			}
			*end = brk > rs ? brk : i;
			*cols = brk > rs ? brk_col : col;
			return 1;
		}
		col += w;
		i = nx;
	}
	if (lim < pe)
		return 0;
	*end = pe;
	*cols = col;
	return 1;
}

static int
para_push(para *p, size_t start, int cols)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		size_t *st = realloc(p->starts, cap * sizeof *st);
		int *co;
		if (!st)
			return -1;
		p->starts = st;
		if (!(co = realloc(p->cols, cap * sizeof *co)))
			return -1;
		p->cols = co;
		p->cap = cap;
	}
	p->starts[p->n] = start;
	p->cols[p->n] = cols;
	p->n++;
	return 0;
}

/*
 * Wrap the next window of p (at least one row). A window that cannot hold
 * a single row (a run of zero-width clusters, say) is doubled until it
 * does, so every step makes progress. Returns -1 when out of memory.
 */
/* Search p's line on for its LF up to byte want (p->open). */
static void
para_reach(const text *t, para *p, size_t want)
{
	size_t e = text_lf_upto(t, p->pe, want);

	p->open = e == want && e < text_len_bytes(t);
	p->pe = e;
}

static int
wrap_step(const text *t, const char *s, para *p, int width)
{
	size_t rs = p->next, chunk = CHUNK;

	if (p->ps == p->pe) { /* an empty line is one empty row */
		p->done = 1;
		return para_push(p, p->ps, 0);
	}
	for (;;) {
		size_t cs, we, lim, added = 0, end;
		char *gb, *lb;
		int cols;

		/* an open line is searched on past the window and its context,
		 * so the window never ends at what is not the line's end */
		if (p->open && p->pe - rs < chunk + 2 * LCTX)
			para_reach(t, p, rs + 2 * chunk + 2 * LCTX);
		cs = rs - p->ps > LCTX ? snap_back(s, rs - LCTX) : p->ps;
		we = p->pe - rs > chunk ? snap_fwd(s, p->pe, rs + chunk) : p->pe;
		lim = we == p->pe ? p->pe : we - LCTX;
		gb = malloc(we - cs);
		lb = malloc(we - cs);
		if (!gb || !lb) {
			free(gb);
			free(lb);
			return -1;
		}
		text_u8_grapheme_breaks(s + cs, we - cs, gb);
		u8_possible_linebreaks((const uint8_t *)s + cs, we - cs, "UTF-8", lb);
		while (row_scan(s, cs, we, lim, p->pe, gb, lb, rs, width, &end, &cols)) {
			if (para_push(p, rs, cols) < 0) {
				free(gb);
				free(lb);
				return -1;
			}
			added++;
			rs = end;
			if (rs >= p->pe) {
				p->done = 1;
				break;
			}
		}
		free(gb);
		free(lb);
		if (added) {
			p->next = rs;
			return 0;
		}
		chunk *= 2;
	}
}

static void
para_clear(para *p)
{
	free(p->starts);
	free(p->cols);
	memset(p, 0, sizeof *p);
}

/* Does cached paragraph c hold byte b? */
static int
para_holds(layout *l, para *c, size_t b)
{
	if (!c->used || c->ps > b)
		return 0;
	if (c->open && b > c->pe)
		para_reach(l->t, c, b + 1); /* is b still on that line? */
	return b <= c->pe;
}

/*
 * The cached paragraph holding byte b, wrapped at least up to b. The
 * cache holds more paragraphs than a screen shows (short paragraphs and
 * empty lines are one each), so walking a screen back and forth wraps
 * each once; the paragraph asked for last is looked at first.
 */
static para *
para_get(layout *l, size_t b)
{
	const char *s = text_bytes_upto(l->t, b);
	para *p = NULL, *victim = &l->cache[0];

	if (l->last && para_holds(l, l->last, b))
		p = l->last;
	for (int i = 0; i < NCACHE && !p; i++) {
		para *c = &l->cache[i];
		if (para_holds(l, c, b))
			p = c;
		else if (c->used < victim->used)
			victim = c;
	}
	if (!p) {
		const char *nl;
		p = victim;
		para_clear(p);
		nl = b ? memrchr(s, '\n', b) : NULL;
		p->ps = nl ? (size_t)(nl - s) + 1 : 0;
		/* the end is looked for as far as wrapping needs it: a lazy
		 * text is not read to the end of a 10 MB line */
		p->pe = b;
		para_reach(l->t, p, b + LOOK);
		p->next = p->ps;
	}
	p->used = ++l->tick;
	l->last = p;
	while (!p->done && p->next <= b)
		if (wrap_step(l->t, s, p, l->width) < 0)
			return NULL;
	return p;
}

layout *
layout_new(const text *t, int width)
{
	layout *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->t = t;
	l->width = width < 1 ? 1 : width;
	return l;
}

void
layout_free(layout *l)
{
	if (!l)
		return;
	for (int i = 0; i < NCACHE; i++)
		para_clear(&l->cache[i]);
	free(l);
}

void
layout_set_width(layout *l, int width)
{
	if (width < 1)
		width = 1;
	if (width == l->width)
		return;
	l->width = width;
	for (int i = 0; i < NCACHE; i++)
		para_clear(&l->cache[i]);
}

int
layout_width(const layout *l)
{
	return l->width;
}

void
layout_row_at(layout *l, size_t cp, layout_row *row)
{
	size_t b = text_cp_to_byte(l->t, cp), lo = 0, hi, end;
	para *p = para_get(l, b);

	if (!p) { /* out of memory: an empty row at cp */
		row->start = row->end = cp < text_len(l->t) ? cp : text_len(l->t);
		row->cols = 0;
		return;
	}
	hi = p->n;
	while (hi - lo > 1) { /* the last row starting at or before b */
		size_t mid = lo + (hi - lo) / 2;
		if (p->starts[mid] <= b)
			lo = mid;
		else
			hi = mid;
	}
	end = lo + 1 < p->n ? p->starts[lo + 1] : p->next;
	row->start = text_byte_to_cp(l->t, p->starts[lo]);
	row->end = text_byte_to_cp(l->t, end);
	row->cols = p->cols[lo];
}

int
layout_row_next(layout *l, const layout_row *r, layout_row *next)
{
	size_t b = text_cp_to_byte(l->t, r->end);
	const char *s = text_bytes_upto(l->t, b + 1);

	if (b >= text_len_bytes(l->t))
		return 0;
	/* At the LF: the next paragraph; else the row starting at r->end. */
	layout_row_at(l, s[b] == '\n' ? r->end + 1 : r->end, next);
	return 1;
}

int
layout_row_prev(layout *l, const layout_row *r, layout_row *prev)
{
	if (r->start == 0)
		return 0;
	/* The code point before the row is in the row before it, or is the
	 * LF that ends the previous paragraph (whose last row it gives). */
	layout_row_at(l, r->start - 1, prev);
	return 1;
}

/*
 * Walk the clusters of row r up to code point cp (col_of) or up to the
 * cluster covering column col (cp_at_col). The row starts at a cluster
 * boundary, so segmenting the row on its own is exact.
 */
static size_t
row_walk(layout *l, const layout_row *r, size_t cp, int col, int *colp)
{
	size_t bs = text_cp_to_byte(l->t, r->start), be = text_cp_to_byte(l->t, r->end);
	const char *s = text_bytes_upto(l->t, be);
	size_t bc = cp < r->end ? text_cp_to_byte(l->t, cp) : be, i = bs;
	char stack[ROWSTACK], *gb = be - bs <= sizeof stack ? stack : malloc(be - bs);
	int c = 0;

	if (gb)
		text_u8_grapheme_breaks(s + bs, be - bs, gb);
	while (i < bc) {
		size_t nx = snap_fwd(s, be, i + 1);
		int w;
		while (gb && nx < be && !gb[nx - bs])
			nx = snap_fwd(s, be, nx + 1);
		if (nx > bc)
			break; /* cp is inside this cluster */
		w = s[i] == '\t' ? tab_cells(c, l->width) : cluster_cells(s, i, nx);
		if (col >= 0 && col < c + w)
			break;
		c += w;
		i = nx;
	}
	if (gb != stack)
		free(gb);
	*colp = c;
	return text_byte_to_cp(l->t, i);
}

int
layout_col_of(layout *l, const layout_row *r, size_t cp)
{
	int col;
	row_walk(l, r, cp < r->start ? r->start : cp, -1, &col);
	return col;
}

size_t
layout_cp_at_col(layout *l, const layout_row *r, int col)
{
	int c;
	if (col < 0)
		col = 0;
	return row_walk(l, r, r->end, col, &c);
}

size_t
layout_wrap(const char *s, size_t len, int width, size_t *starts, size_t maxrows)
{
	para p;
	size_t n;

	memset(&p, 0, sizeof p);
	p.pe = len;
	while (!p.done)
		if (wrap_step(NULL, s, &p, width < 1 ? 1 : width) < 0)
			break;
	for (size_t k = 0; k < p.n && k < maxrows; k++)
		starts[k] = p.starts[k];
	n = p.n;
	para_clear(&p);
	return n;
}
