/*
 * spanset.c: the position index over one article's spans (model/span.h).
 *
 * Coordinates: code points of the stored text, [start,end). Nothing here
 * looks at the text itself.
 *
 * The set is a treap (a binary search tree balanced by random heap
 * priorities) ordered by span_cmp, then by node number so that spans equal
 * under span_cmp (two unsaved spans with id 0 over the same range) still
 * have a strict order. Every node also keeps the largest end in its
 * subtree, which lets an overlap query skip whole subtrees that end before
 * the query starts. Since the tree is ordered by start, everything right of
 * a node that starts at or after the query's end can be skipped too. That
 * gives O(log n) insert and delete (expected) and queries that touch only
 * the matching spans plus the paths to them, however deeply spans nest.
 * An open-addressing hash map finds a node by store id, so removal by id
 * does not need the span's position. Spans with id 0 (not stored yet) live
 * in the tree but not in the map.
 *
 * Memory: an article may carry 150k spans, so a node is a compact record
 * (56 bytes: 32-bit offsets and links, the label interned once per set,
 * the note (rare) by number in a side table, no annotator or times) kept in chunks of NODE_CHUNK nodes and named by
 * number (1-based; 0 is "none"), not one malloc per span. Callers still
 * get `span`s: a span handed out (by a query, get, next/prev start) is a
 * view made in the view arena, which stays put until the span is removed
 * or replaced, the set cleared or freed, or spanset_views_release; asking
 * for the same span again gives the same view. spanset_each hands out a
 * view valid during the call only, so walking every span costs no memory.
 *
 * Loading: spans arriving in span_cmp order (the store's order) go in at
 * the right end of the tree: a walk down its right spine, no comparisons
 * on the way, the same treap that inserting them one by one would give.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "model/buf.h"
#include "model/span.h"

enum { NODE_SHIFT = 10, NODE_CHUNK = 1 << NODE_SHIFT, VIEW_CHUNK = 256 };

typedef struct node {
	int64_t id;         /* store row id; 0 when not stored yet */
	double confidence;
	uint32_t start, end;
	uint32_t maxend;    /* largest end in this subtree */
	uint32_t l, r;      /* children (node numbers; the free list uses r) */
	uint32_t prio;      /* heap priority (max at the root) */
	uint32_t view;      /* view slot + 1 of its last view (checked before use) */
	uint32_t label;     /* interned label number, 0 for NULL */
	uint32_t note;      /* note number, 0 for NULL */
	signed char kind, status, source;
} node;

struct view {
	span s;
	uint32_t node;      /* whose view this is */
};

/* Views: reached through a pointer so that const queries can make them. */
struct views {
	struct view **chunk;
	size_t nchunk, chunkcap;
	size_t n;           /* slots in use */
	struct view spare;  /* when memory for a slot runs out */
};

struct spanset {
	node **chunk;       /* nodes, NODE_CHUNK per chunk */
	size_t nchunk, chunkcap;
	uint32_t nnodes;    /* node numbers handed out so far */
	uint32_t free;      /* first free node (linked through r), 0 if none */
	uint32_t root, last;/* the root and the last node in order */
	size_t n;           /* spans in the set */
	uint64_t rng;       /* xorshift state for priorities */
	uint32_t *map;      /* id -> node number, open addressing, 0 = empty */
	size_t mapcap;      /* power of two, or 0 */
	size_t mapn;        /* ids in the map */
	char **labels;      /* interned labels; number i is labels[i - 1] */
	size_t nlabels, labelcap;
	uint32_t *lmap;     /* label hash -> label number, 0 = empty */
	size_t lmapcap;
	char **notes;       /* note number i is notes[i - 1] (owned), NULL when free */
	size_t nnotes, notecap;
	uint32_t *nfree;    /* free note numbers */
	size_t nnfree, nfreecap;
	struct views *vw;
};

#define N(ss, i) (&(ss)->chunk[((i) - 1) >> NODE_SHIFT][((i) - 1) & (NODE_CHUNK - 1)])

spanset *
spanset_new(void)
{
	spanset *ss = calloc(1, sizeof *ss);

	if (ss == NULL)
		return NULL;
	if ((ss->vw = calloc(1, sizeof *ss->vw)) == NULL) {
		free(ss);
		return NULL;
	}
	ss->rng = 0x9e3779b97f4a7c15ULL;
	return ss;
}

void
spanset_views_release(const spanset *ss)
{
	struct views *vw = ss->vw;

	for (size_t i = 0; i < vw->nchunk; i++)
		free(vw->chunk[i]);
	free(vw->chunk);
	vw->chunk = NULL;
	vw->nchunk = vw->chunkcap = vw->n = 0;
}

/* Free the notes and the chunks. */
static void
free_nodes(spanset *ss)
{
	for (size_t i = 0; i < ss->nnotes; i++)
		free(ss->notes[i]);
	free(ss->notes);
	free(ss->nfree);
	ss->notes = NULL;
	ss->nfree = NULL;
	ss->nnotes = ss->notecap = ss->nnfree = ss->nfreecap = 0;
	for (size_t i = 0; i < ss->nchunk; i++)
		free(ss->chunk[i]);
	free(ss->chunk);
	ss->chunk = NULL;
	ss->nchunk = ss->chunkcap = 0;
	ss->nnodes = ss->free = ss->root = ss->last = 0;
	ss->n = 0;
}

void
spanset_clear(spanset *ss)
{
	spanset_views_release(ss);
	free_nodes(ss);
	if (ss->mapcap != 0)
		memset(ss->map, 0, ss->mapcap * sizeof *ss->map);
	ss->mapn = 0;
}

void
spanset_free(spanset *ss)
{
	if (ss == NULL)
		return;
	spanset_views_release(ss);
	free_nodes(ss);
	free(ss->map);
	for (size_t i = 0; i < ss->nlabels; i++)
		free(ss->labels[i]);
	free(ss->labels);
	free(ss->lmap);
	free(ss->vw);
	free(ss);
}

size_t
spanset_count(const spanset *ss)
{
	return ss->n;
}

size_t
spanset_bytes(const spanset *ss)
{
	size_t b = sizeof *ss + sizeof *ss->vw;

	b += ss->nchunk * NODE_CHUNK * sizeof(node) + ss->chunkcap * sizeof *ss->chunk;
	b += ss->mapcap * sizeof *ss->map + ss->lmapcap * sizeof *ss->lmap;
	b += ss->labelcap * sizeof *ss->labels;
	for (size_t i = 0; i < ss->nlabels; i++)
		b += strlen(ss->labels[i]) + 1;
	b += ss->notecap * sizeof *ss->notes + ss->nfreecap * sizeof *ss->nfree;
	for (size_t i = 0; i < ss->nnotes; i++)
		if (ss->notes[i] != NULL)
			b += strlen(ss->notes[i]) + 1;
	b += ss->vw->nchunk * VIEW_CHUNK * sizeof(struct view) + ss->vw->chunkcap * sizeof *ss->vw->chunk;
	return b;
}

static uint32_t
next_prio(spanset *ss)
{
	uint64_t x = ss->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	ss->rng = x;
	return (uint32_t)(x >> 32);
}

/* ---- labels: each name stored once per set ---- */

static size_t
label_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int
lmap_grow(spanset *ss)
{
	size_t cap = ss->lmapcap ? ss->lmapcap * 2 : 16;
	uint32_t *m = calloc(cap, sizeof *m);

	if (m == NULL)
		return -1;
	for (size_t i = 0; i < ss->nlabels; i++) {
		size_t h = label_hash(ss->labels[i]) & (cap - 1);

		while (m[h] != 0)
			h = (h + 1) & (cap - 1);
		m[h] = (uint32_t)(i + 1);
	}
	free(ss->lmap);
	ss->lmap = m;
	ss->lmapcap = cap;
	return 0;
}

/* The number of label s (NULL: 0), adding it when new; -1 when out of memory. */
static int
intern(spanset *ss, const char *s, uint32_t *out)
{
	size_t h;
	char **v;

	*out = 0;
	if (s == NULL)
		return 0;
	if ((ss->nlabels + 1) * 2 > ss->lmapcap && lmap_grow(ss) != 0)
		return -1;
	for (h = label_hash(s) & (ss->lmapcap - 1); ss->lmap[h] != 0; h = (h + 1) & (ss->lmapcap - 1))
		if (strcmp(ss->labels[ss->lmap[h] - 1], s) == 0) {
			*out = ss->lmap[h];
			return 0;
		}
	if (ss->nlabels >= UINT32_MAX - 1 ||
	    (v = array_grow(ss->labels, &ss->labelcap, ss->nlabels + 1, sizeof *v)) == NULL)
		return -1;
	ss->labels = v;
	if ((v[ss->nlabels] = strdup(s)) == NULL)
		return -1;
	ss->lmap[h] = (uint32_t)++ss->nlabels;
	*out = ss->lmap[h];
	return 0;
}

/* ---- notes: few spans have one, so they live beside the nodes ---- */

/* A number for a copy of s (NULL: 0); -1 when out of memory. */
static int
note_put(spanset *ss, const char *s, uint32_t *out)
{
	char *c;

	*out = 0;
	if (s == NULL)
		return 0;
	if ((c = strdup(s)) == NULL)
		return -1;
	if (ss->nnfree > 0) {
		*out = ss->nfree[--ss->nnfree];
	} else {
		char **v = ss->nnotes < UINT32_MAX - 1 ?
		    array_grow(ss->notes, &ss->notecap, ss->nnotes + 1, sizeof *v) : NULL;

		if (v == NULL) {
			free(c);
			return -1;
		}
		ss->notes = v;
		*out = (uint32_t)++ss->nnotes;
	}
	ss->notes[*out - 1] = c;
	return 0;
}

/* Let go of note number k (0: none). Its number is kept for reuse; if
 * the free list cannot grow, the number is simply not reused. */
static void
note_drop(spanset *ss, uint32_t k)
{
	uint32_t *v;

	if (k == 0)
		return;
	free(ss->notes[k - 1]);
	ss->notes[k - 1] = NULL;
	if ((v = array_grow(ss->nfree, &ss->nfreecap, ss->nnfree + 1, sizeof *v)) != NULL) {
		ss->nfree = v;
		ss->nfree[ss->nnfree++] = k;
	}
}

/* ---- views ---- */

static void
fill(const spanset *ss, const node *x, span *s)
{
	memset(s, 0, sizeof *s);
	s->id = x->id;
	s->start = x->start;
	s->end = x->end;
	s->label = x->label ? ss->labels[x->label - 1] : NULL;
	s->kind = x->kind;
	s->status = x->status;
	s->source = x->source;
	s->confidence = x->confidence;
	s->note = x->note ? ss->notes[x->note - 1] : NULL;
}

static struct view *
vslot(const struct views *vw, size_t k)
{
	return &vw->chunk[k / VIEW_CHUNK][k % VIEW_CHUNK];
}

/* Node i's current view, if one was made and is still there. */
static struct view *
view_of(const spanset *ss, uint32_t i)
{
	const node *x = N(ss, i);
	struct view *v;

	if (x->view == 0 || x->view > ss->vw->n)
		return NULL;
	v = vslot(ss->vw, x->view - 1);
	return v->node == i ? v : NULL;
}

/* A view of node i: the one made before, or a new slot. */
static const span *
view(const spanset *ss, uint32_t i)
{
	struct views *vw = ss->vw;
	struct view *v = view_of(ss, i);
	node *x = N(ss, i);

	if (v != NULL)
		return &v->s;
	if (vw->n == vw->nchunk * VIEW_CHUNK) {
		struct view **c = array_grow(vw->chunk, &vw->chunkcap, vw->nchunk + 1, sizeof *c);

		if (c != NULL)
			vw->chunk = c;
		if (c == NULL || (c[vw->nchunk] = malloc(VIEW_CHUNK * sizeof **c)) == NULL) {
			/* No memory: one shared slot, still a valid span. */
			fill(ss, x, &vw->spare.s);
			return &vw->spare.s;
		}
		vw->nchunk++;
	}
	v = vslot(vw, vw->n++);
	v->node = i;
	x->view = (uint32_t)vw->n;
	fill(ss, x, &v->s);
	return &v->s;
}

/* ---- the tree (node numbers) ---- */

/* Total order of nodes: span_cmp, then node number. */
static int
node_cmp(const spanset *ss, uint32_t a, uint32_t b)
{
	const node *x = N(ss, a), *y = N(ss, b);

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1; /* longer first */
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return a < b ? -1 : a > b;
}

static void
fix(spanset *ss, uint32_t t)
{
	node *x = N(ss, t);
	uint32_t m = x->end;

	if (x->l != 0 && N(ss, x->l)->maxend > m)
		m = N(ss, x->l)->maxend;
	if (x->r != 0 && N(ss, x->r)->maxend > m)
		m = N(ss, x->r)->maxend;
	x->maxend = m;
}

static uint32_t
rot_right(spanset *ss, uint32_t t)
{
	uint32_t l = N(ss, t)->l;

	N(ss, t)->l = N(ss, l)->r;
	N(ss, l)->r = t;
	fix(ss, t);
	fix(ss, l);
	return l;
}

static uint32_t
rot_left(spanset *ss, uint32_t t)
{
	uint32_t r = N(ss, t)->r;

	N(ss, t)->r = N(ss, r)->l;
	N(ss, r)->l = t;
	fix(ss, t);
	fix(ss, r);
	return r;
}

static uint32_t
tree_insert(spanset *ss, uint32_t t, uint32_t x)
{
	node *n;

	if (t == 0)
		return x;
	n = N(ss, t);
	if (node_cmp(ss, x, t) < 0) {
		n->l = tree_insert(ss, n->l, x);
		if (N(ss, n->l)->prio > n->prio)
			return rot_right(ss, t);
	} else {
		n->r = tree_insert(ss, n->r, x);
		if (N(ss, n->r)->prio > n->prio)
			return rot_left(ss, t);
	}
	fix(ss, t);
	return t;
}

/*
 * x orders after every node: it goes down the right spine past the nodes
 * of higher priority (each gains x in its subtree) and takes the rest of
 * the spine as its left subtree. No comparisons, O(spine) steps.
 */
static void
tree_append(spanset *ss, uint32_t x)
{
	node *n = N(ss, x);
	uint32_t parent = 0, t = ss->root;

	while (t != 0 && N(ss, t)->prio >= n->prio) {
		node *p = N(ss, t);

		if (p->maxend < n->end)
			p->maxend = n->end;
		parent = t;
		t = p->r;
	}
	n->l = t;
	n->r = 0;
	fix(ss, x);
	if (parent != 0)
		N(ss, parent)->r = x;
	else
		ss->root = x;
}

/* Join two treaps where every node of a orders before every node of b. */
static uint32_t
tree_merge(spanset *ss, uint32_t a, uint32_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	if (N(ss, a)->prio > N(ss, b)->prio) {
		N(ss, a)->r = tree_merge(ss, N(ss, a)->r, b);
		fix(ss, a);
		return a;
	}
	N(ss, b)->l = tree_merge(ss, a, N(ss, b)->l);
	fix(ss, b);
	return b;
}

/* Unlink x (which is in the tree) and return the new subtree root. */
static uint32_t
tree_unlink(spanset *ss, uint32_t t, uint32_t x)
{
	node *n;

	if (t == x)
		return tree_merge(ss, N(ss, t)->l, N(ss, t)->r);
	n = N(ss, t);
	if (node_cmp(ss, x, t) < 0)
		n->l = tree_unlink(ss, n->l, x);
	else
		n->r = tree_unlink(ss, n->r, x);
	fix(ss, t);
	return t;
}

/* ---- id map ---- */

static size_t
id_hash(int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h ^ (h >> 29));
}

/* The slot holding id, or the empty slot where it would go. */
static size_t
map_slot(const spanset *ss, int64_t id)
{
	size_t mask = ss->mapcap - 1, i = id_hash(id) & mask;

	while (ss->map[i] != 0 && N(ss, ss->map[i])->id != id)
		i = (i + 1) & mask;
	return i;
}

static uint32_t
map_get(const spanset *ss, int64_t id)
{
	if (ss->mapcap == 0 || id == 0)
		return 0;
	return ss->map[map_slot(ss, id)];
}

/* Keep the load at most 3/4: probes stay short, 4 bytes an entry. */
static int
map_grow(spanset *ss)
{
	size_t cap = ss->mapcap ? ss->mapcap * 2 : 64;
	uint32_t *old = ss->map;
	size_t oldcap = ss->mapcap;

	if ((ss->map = calloc(cap, sizeof *ss->map)) == NULL) {
		ss->map = old;
		return -1;
	}
	ss->mapcap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i] != 0)
			ss->map[map_slot(ss, N(ss, old[i])->id)] = old[i];
	free(old);
	return 0;
}

static int
map_put(spanset *ss, uint32_t x)
{
	if ((ss->mapn + 1) * 4 > ss->mapcap * 3 && map_grow(ss) != 0)
		return -1;
	ss->map[map_slot(ss, N(ss, x)->id)] = x;
	ss->mapn++;
	return 0;
}

/* Backward-shift deletion: no tombstones, so lookups never degrade. */
static void
map_del(spanset *ss, int64_t id)
{
	size_t mask = ss->mapcap - 1, i = map_slot(ss, id), j = i;

	if (ss->map[i] == 0)
		return;
	ss->map[i] = 0;
	ss->mapn--;
	for (;;) {
		size_t k;

		j = (j + 1) & mask;
		if (ss->map[j] == 0)
			return;
		k = id_hash(N(ss, ss->map[j])->id) & mask;
		/* Move j back into the hole at i unless its home k lies in (i, j]. */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		ss->map[i] = ss->map[j];
		ss->map[j] = 0;
		i = j;
	}
}

/* ---- node numbers ---- */

/* A zeroed node: from the free list, else the next number. 0 when out of memory. */
static uint32_t
node_alloc(spanset *ss)
{
	uint32_t i = ss->free;

	if (i != 0) {
		ss->free = N(ss, i)->r;
	} else {
		if (ss->nnodes >= UINT32_MAX - 1)
			return 0;
		if (ss->nnodes == ss->nchunk * NODE_CHUNK) {
			node **c = array_grow(ss->chunk, &ss->chunkcap, ss->nchunk + 1, sizeof *c);

			if (c == NULL)
				return 0;
			ss->chunk = c;
			if ((c[ss->nchunk] = malloc(NODE_CHUNK * sizeof **c)) == NULL)
				return 0;
			ss->nchunk++;
		}
		i = ++ss->nnodes;
	}
	memset(N(ss, i), 0, sizeof(node));
	return i;
}

static void
node_release(spanset *ss, uint32_t i)
{
	node *x = N(ss, i);

	note_drop(ss, x->note);
	memset(x, 0, sizeof *x);
	x->r = ss->free;
	ss->free = i;
}

/* The last node in order (the bottom of the right spine). */
static uint32_t
rightmost(const spanset *ss)
{
	uint32_t t = ss->root;

	while (t != 0 && N(ss, t)->r != 0)
		t = N(ss, t)->r;
	return t;
}

/* ---- public ---- */

static void
drop_node(spanset *ss, uint32_t x)
{
	if (N(ss, x)->id != 0)
		map_del(ss, N(ss, x)->id);
	ss->root = tree_unlink(ss, ss->root, x);
	ss->n--;
	node_release(ss, x);
	if (x == ss->last)
		ss->last = rightmost(ss);
}

/* Copy what the set keeps of s into node x (its note copied first: s's
 * note may be x's own). */
static int
set_fields(spanset *ss, node *x, const span *s)
{
	uint32_t lab, note;

	if (intern(ss, s->label, &lab) != 0 || note_put(ss, s->note, &note) != 0)
		return -1;
	note_drop(ss, x->note);
	x->note = note;
	x->label = lab;
	x->kind = (signed char)s->kind;
	x->status = (signed char)s->status;
	x->source = (signed char)s->source;
	x->confidence = s->confidence;
	return 0;
}

int
spanset_add(spanset *ss, const span *s)
{
	uint32_t x, old;
	node *n;

	if (s->start > UINT32_MAX - 1 || s->end > UINT32_MAX - 1 || (x = node_alloc(ss)) == 0)
		return -1;
	n = N(ss, x);
	if (set_fields(ss, n, s) != 0) {
		node_release(ss, x);
		return -1;
	}
	n->id = s->id;
	n->start = (uint32_t)s->start;
	n->end = n->maxend = (uint32_t)s->end;
	n->prio = next_prio(ss);
	if (s->id != 0) {
		if ((old = map_get(ss, s->id)) != 0)
			drop_node(ss, old);
		if (map_put(ss, x) != 0) {
			node_release(ss, x);
			return -1;
		}
	}
	if (ss->last == 0 || node_cmp(ss, x, ss->last) > 0) {
		tree_append(ss, x);
		ss->last = x;
	} else
		ss->root = tree_insert(ss, ss->root, x);
	ss->n++;
	return 0;
}

int
spanset_update(spanset *ss, const span *s)
{
	uint32_t x = map_get(ss, s->id);
	struct view *v;

	if (x == 0 || N(ss, x)->start != s->start || N(ss, x)->end != s->end)
		return -1;
	if (set_fields(ss, N(ss, x), s) != 0)
		return -1;
	if ((v = view_of(ss, x)) != NULL) /* its holders see the change */
		fill(ss, N(ss, x), &v->s);
	return 0;
}

int
spanset_remove(spanset *ss, int64_t id)
{
	uint32_t x = map_get(ss, id);

	if (x == 0)
		return -1;
	drop_node(ss, x);
	return 0;
}

const span *
spanset_get(const spanset *ss, int64_t id)
{
	uint32_t x = map_get(ss, id);

	return x ? view(ss, x) : NULL;
}

struct query {
	size_t a, b;       /* half-open query range, b > a */
	int (*fn)(const span *, void *);
	void *arg;
	size_t visited;
	int stop;
};

/*
 * In-order walk pruned two ways: a subtree whose maxend <= a holds nothing
 * that reaches the query; a node starting at or after b ends the walk to
 * its right (and its ancestors on the right check the same for themselves).
 * Returns non-zero once a node at or past b was seen, so callers stop.
 */
static int
query_walk(const spanset *ss, uint32_t t, struct query *q)
{
	while (t != 0 && !q->stop && N(ss, t)->maxend > q->a) {
		const node *x = N(ss, t);

		if (query_walk(ss, x->l, q) || q->stop)
			return 1;
		if (x->start >= q->b)
			return 1;
		if (x->end > q->a && x->end > x->start) {
			q->visited++;
			if (q->fn != NULL && q->fn(view(ss, t), q->arg) != 0) {
				q->stop = 1;
				return 1;
			}
		}
		t = x->r; /* tail call by hand: keeps the stack to the tree depth */
	}
	return 0;
}

size_t
spanset_query(const spanset *ss, size_t a, size_t b,
    int (*fn)(const span *s, void *arg), void *arg)
{
	struct query q = { a, b, fn, arg, 0, 0 };

	if (b < a)
		return 0;
	if (b == a) {
		/* A point: spans with start <= a < end, i.e. overlapping [a,a+1). */
		if (a == SIZE_MAX)
			return 0;
		q.b = a + 1;
	}
	query_walk(ss, ss->root, &q);
	return q.visited;
}

const span *
spanset_next_start(const spanset *ss, size_t cp, int inclusive)
{
	uint32_t t = ss->root, best = 0;

	while (t != 0) {
		const node *x = N(ss, t);

		if (x->start > cp || (inclusive && x->start == cp)) {
			best = t;
			t = x->l;
		} else
			t = x->r;
	}
	return best ? view(ss, best) : NULL;
}

const span *
spanset_prev_start(const spanset *ss, size_t cp)
{
	uint32_t t = ss->root, best = 0;

	while (t != 0) {
		const node *x = N(ss, t);

		if (x->start < cp) {
			best = t;
			t = x->r;
		} else
			t = x->l;
	}
	return best ? view(ss, best) : NULL;
}

/* In-order walk; returns non-zero when fn asked to stop. */
static int
each_walk(const spanset *ss, uint32_t t, int (*fn)(const span *, void *), void *arg)
{
	span s;

	while (t != 0) {
		const node *x = N(ss, t);

		if (each_walk(ss, x->l, fn, arg))
			return 1;
		fill(ss, x, &s);
		if (fn(&s, arg) != 0)
			return 1;
		t = x->r;
	}
	return 0;
}

void
spanset_each(const spanset *ss, int (*fn)(const span *s, void *arg), void *arg)
{
	each_walk(ss, ss->root, fn, arg);
}
