/*
 * span.c: span names, copies, ordering, and the spanset position index.
 *
 * Coordinates: code points of the stored text, [start,end). Nothing here
 * looks at the text itself.
 *
 * The spanset is a treap (a binary search tree balanced by random heap
 * priorities) ordered by span_cmp, then by insertion sequence so that spans
 * equal under span_cmp (two unsaved spans with id 0 over the same range)
 * still have a strict order. Every node also keeps the largest end in its
 * subtree, which lets an overlap query skip whole subtrees that end before
 * the query starts. Since the tree is ordered by start, everything right of
 * a node that starts at or after the query's end can be skipped too. That
 * gives O(log n) insert and delete (expected) and queries that touch only
 * the matching spans plus the paths to them, however deeply spans nest.
 *
 * A separate open-addressing hash map finds a node by store id, so removal
 * by id does not need the span's position. Spans with id 0 (not stored yet)
 * live in the tree but not in the map.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "model/span.h"

static const char *const kind_names[] = { "entity", "highlight" };
static const char *const status_names[] = { "suggested", "confirmed", "rejected" };
static const char *const source_names[] = {
	"manual", "import", "propagate", "gazetteer", "pattern", "model"
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Look a name up in a table of n; -1 if absent (or s is NULL). */
static int
name_index(const char *const *names, size_t n, const char *s)
{
	if (s == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/* An out-of-range value gets "unknown" rather than a wild read. */
static const char *
index_name(const char *const *names, size_t n, int v)
{
	if (v < 0 || (size_t)v >= n)
		return "unknown";
	return names[v];
}

const char *
span_kind_name(int kind)
{
	return index_name(kind_names, NELEM(kind_names), kind);
}

const char *
span_status_name(int status)
{
	return index_name(status_names, NELEM(status_names), status);
}

const char *
span_source_name(int source)
{
	return index_name(source_names, NELEM(source_names), source);
}

int
span_kind_parse(const char *s)
{
	return name_index(kind_names, NELEM(kind_names), s);
}

int
span_status_parse(const char *s)
{
	return name_index(status_names, NELEM(status_names), s);
}

int
span_source_parse(const char *s)
{
	return name_index(source_names, NELEM(source_names), s);
}

/* Copy string s (NULL stays NULL) to *o, advancing *o past it. */
static const char *
put_str(const char *s, char **o)
{
	char *d = *o;
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	memcpy(d, s, n);
	*o = d + n;
	return d;
}

/*
 * dst is treated as uninitialised (its old strings are not freed). Its
 * strings go into one block that dst owns (dst->own). On failure dst holds
 * no strings, so span_clear(dst) is still safe.
 */
int
span_copy(span *dst, const span *src)
{
	size_t n = 0;
	char *o;

	*dst = *src;
	dst->own = NULL;
	n += src->label ? strlen(src->label) + 1 : 0;
	n += src->note ? strlen(src->note) + 1 : 0;
	n += src->annotator ? strlen(src->annotator) + 1 : 0;
	if (n == 0) /* nothing to own */
		return 0;
	if ((o = malloc(n)) == NULL) {
		dst->label = dst->note = dst->annotator = NULL;
		return -1;
	}
	dst->own = o;
	dst->label = put_str(src->label, &o);
	dst->note = put_str(src->note, &o);
	dst->annotator = put_str(src->annotator, &o);
	return 0;
}

void
span_clear(span *s)
{
	free(s->own);
	s->own = NULL;
	s->label = s->note = s->annotator = NULL;
}

int
span_cmp(const span *a, const span *b)
{
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1; /* longer first */
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

/* ---- spanset ---------------------------------------------------------- */

typedef struct node {
	span s;            /* the stored copy */
	struct node *l, *r;
	size_t maxend;     /* largest s.end in this subtree */
	uint64_t seq;      /* insertion number: the last tie-breaker */
	uint32_t prio;     /* heap priority (max at the root) */
} node;

struct spanset {
	node *root;
	size_t n;
	uint64_t seq;      /* next insertion number */
	uint64_t rng;      /* xorshift state for priorities */
	node **map;        /* id -> node, open addressing, NULL = empty */
	size_t mapcap;     /* power of two, or 0 */
	size_t mapn;       /* ids in the map */
};

spanset *
spanset_new(void)
{
	spanset *ss = calloc(1, sizeof *ss);

	if (ss != NULL)
		ss->rng = 0x9e3779b97f4a7c15ULL;
	return ss;
}

/* Free without recursion, so even a degenerate tree cannot blow the stack. */
static void
free_nodes(node *root)
{
	node *t;

	/* Rotate left children up until the tree is a right-leaning list. */
	while (root != NULL) {
		if (root->l != NULL) {
			t = root->l;
			root->l = t->r;
			t->r = root;
			root = t;
		} else {
			t = root->r;
			span_clear(&root->s);
			free(root);
			root = t;
		}
	}
}

void
spanset_clear(spanset *ss)
{
	free_nodes(ss->root);
	ss->root = NULL;
	ss->n = 0;
	if (ss->mapcap != 0)
		memset(ss->map, 0, ss->mapcap * sizeof *ss->map);
	ss->mapn = 0;
}

void
spanset_free(spanset *ss)
{
	if (ss == NULL)
		return;
	free_nodes(ss->root);
	free(ss->map);
	free(ss);
}

size_t
spanset_count(const spanset *ss)
{
	return ss->n;
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

/* Total order of nodes: span_cmp, then insertion sequence. */
static int
node_cmp(const node *a, const node *b)
{
	int c = span_cmp(&a->s, &b->s);

	if (c != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void
fix(node *t)
{
	size_t m = t->s.end;

	if (t->l != NULL && t->l->maxend > m)
		m = t->l->maxend;
	if (t->r != NULL && t->r->maxend > m)
		m = t->r->maxend;
	t->maxend = m;
}

static node *
rot_right(node *t)
{
	node *l = t->l;

	t->l = l->r;
	l->r = t;
	fix(t);
	fix(l);
	return l;
}

static node *
rot_left(node *t)
{
	node *r = t->r;

	t->r = r->l;
	r->l = t;
	fix(t);
	fix(r);
	return r;
}

static node *
tree_insert(node *t, node *x)
{
	if (t == NULL)
		return x;
	if (node_cmp(x, t) < 0) {
		t->l = tree_insert(t->l, x);
		if (t->l->prio > t->prio)
			return rot_right(t);
	} else {
		t->r = tree_insert(t->r, x);
		if (t->r->prio > t->prio)
			return rot_left(t);
	}
	fix(t);
	return t;
}

/* Join two treaps where every node of a orders before every node of b. */
static node *
tree_merge(node *a, node *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	if (a->prio > b->prio) {
		a->r = tree_merge(a->r, b);
		fix(a);
		return a;
	}
	b->l = tree_merge(a, b->l);
	fix(b);
	return b;
}

/* Unlink x (which is in the tree) and return the new subtree root. */
static node *
tree_unlink(node *t, node *x)
{
	if (t == x)
		return tree_merge(t->l, t->r);
	if (node_cmp(x, t) < 0)
		t->l = tree_unlink(t->l, x);
	else
		t->r = tree_unlink(t->r, x);
	fix(t);
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

	while (ss->map[i] != NULL && ss->map[i]->s.id != id)
		i = (i + 1) & mask;
	return i;
}

static node *
map_get(const spanset *ss, int64_t id)
{
	if (ss->mapcap == 0 || id == 0)
		return NULL;
	return ss->map[map_slot(ss, id)];
}

/* Keep the load at most 1/2 so probes stay short. */
static int
map_grow(spanset *ss)
{
	size_t cap = ss->mapcap ? ss->mapcap * 2 : 64;
	node **old = ss->map;
	size_t oldcap = ss->mapcap;

	if ((ss->map = calloc(cap, sizeof *ss->map)) == NULL) {
		ss->map = old;
		return -1;
	}
	ss->mapcap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i] != NULL)
			ss->map[map_slot(ss, old[i]->s.id)] = old[i];
	free(old);
	return 0;
}

static int
map_put(spanset *ss, node *x)
{
	if ((ss->mapn + 1) * 2 > ss->mapcap && map_grow(ss) != 0)
		return -1;
	ss->map[map_slot(ss, x->s.id)] = x;
	ss->mapn++;
	return 0;
}

/* Backward-shift deletion: no tombstones, so lookups never degrade. */
static void
map_del(spanset *ss, int64_t id)
{
	size_t mask = ss->mapcap - 1, i = map_slot(ss, id), j = i;

	if (ss->map[i] == NULL)
		return;
	ss->map[i] = NULL;
	ss->mapn--;
	for (;;) {
		size_t k;

		j = (j + 1) & mask;
		if (ss->map[j] == NULL)
			return;
		k = id_hash(ss->map[j]->s.id) & mask;
		/* Move j back into the hole at i unless its home k lies in (i, j]. */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		ss->map[i] = ss->map[j];
		ss->map[j] = NULL;
		i = j;
	}
}

/* ---- public ---- */

static void
drop_node(spanset *ss, node *x)
{
	if (x->s.id != 0)
		map_del(ss, x->s.id);
	ss->root = tree_unlink(ss->root, x);
	ss->n--;
	span_clear(&x->s);
	free(x);
}

int
spanset_add(spanset *ss, const span *s)
{
	node *x = calloc(1, sizeof *x), *old;

	if (x == NULL)
		return -1;
	if (span_copy(&x->s, s) != 0) {
		free(x);
		return -1;
	}
	x->maxend = x->s.end;
	x->seq = ss->seq++;
	x->prio = next_prio(ss);
	if (s->id != 0) {
		if ((old = map_get(ss, s->id)) != NULL)
			drop_node(ss, old);
		if (map_put(ss, x) != 0) {
			span_clear(&x->s);
			free(x);
			return -1;
		}
	}
	ss->root = tree_insert(ss->root, x);
	ss->n++;
	return 0;
}

int
spanset_remove(spanset *ss, int64_t id)
{
	node *x = map_get(ss, id);

	if (x == NULL)
		return -1;
	drop_node(ss, x);
	return 0;
}

span *
spanset_get(spanset *ss, int64_t id)
{
	node *x = map_get(ss, id);

	return x ? &x->s : NULL;
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
query_walk(const node *t, struct query *q)
{
	while (t != NULL && !q->stop && t->maxend > q->a) {
		if (query_walk(t->l, q) || q->stop)
			return 1;
		if (t->s.start >= q->b)
			return 1;
		if (t->s.end > q->a && t->s.end > t->s.start) {
			q->visited++;
			if (q->fn != NULL && q->fn(&t->s, q->arg) != 0) {
				q->stop = 1;
				return 1;
			}
		}
		t = t->r; /* tail call by hand: keeps the stack to the tree depth */
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
	query_walk(ss->root, &q);
	return q.visited;
}

const span *
spanset_next_start(const spanset *ss, size_t cp, int inclusive)
{
	const node *t = ss->root, *best = NULL;

	while (t != NULL) {
		if (t->s.start > cp || (inclusive && t->s.start == cp)) {
			best = t;
			t = t->l;
		} else
			t = t->r;
	}
	return best ? &best->s : NULL;
}

const span *
spanset_prev_start(const spanset *ss, size_t cp)
{
	const node *t = ss->root, *best = NULL;

	while (t != NULL) {
		if (t->s.start < cp) {
			best = t;
			t = t->r;
		} else
			t = t->l;
	}
	return best ? &best->s : NULL;
}

/* In-order walk; returns non-zero when fn asked to stop. */
static int
each_walk(const node *t, int (*fn)(const span *, void *), void *arg)
{
	while (t != NULL) {
		if (each_walk(t->l, fn, arg))
			return 1;
		if (fn(&t->s, arg) != 0)
			return 1;
		t = t->r;
	}
	return 0;
}

void
spanset_each(const spanset *ss, int (*fn)(const span *s, void *arg), void *arg)
{
	each_walk(ss->root, fn, arg);
}
