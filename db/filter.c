/*
 * filter.c: filtered and sorted article lists (filter.h).
 *
 * A filter becomes one SELECT over articles with a WHERE clause of the
 * conditions it has and every value bound as a parameter (never spliced
 * into the SQL). The statement is prepared per call: its shape changes
 * with the filter, and preparing costs far less than a page of rows.
 * Counts come from articles.n_confirmed/n_suggested (schema 4), so no
 * condition or sort needs to count spans per article.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/filter.h"
#include "db/store_int.h"
#include "model/buf.h"

void
store_filter_init(store_filter *f)
{
	memset(f, 0, sizeof *f);
}

static void
conds_clear(store_filter *f)
{
	free(f->status);
	free(f->label);
	free(f->date_from);
	free(f->date_to);
	free(f->source);
	free(f->text);
	f->status = f->label = f->date_from = f->date_to = f->source = f->text = NULL;
	f->has = 0;
}

void
store_filter_clear(store_filter *f)
{
	conds_clear(f);
	store_filter_init(f);
}

/* strdup of s, or NULL for NULL; *bad set when memory ran out. */
static char *
dup_or_null(const char *s, int *bad)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*bad = 1;
	return d;
}

int
store_filter_copy(store_filter *dst, const store_filter *src)
{
	int bad = 0;

	*dst = *src;
	dst->status = dup_or_null(src->status, &bad);
	dst->label = dup_or_null(src->label, &bad);
	dst->date_from = dup_or_null(src->date_from, &bad);
	dst->date_to = dup_or_null(src->date_to, &bad);
	dst->source = dup_or_null(src->source, &bad);
	dst->text = dup_or_null(src->text, &bad);
	if (bad)
		store_filter_clear(dst);
	return bad ? -1 : 0;
}

int
store_filter_set_text(store_filter *f, const char *q)
{
	int bad = 0;

	free(f->text);
	f->text = q && *q ? dup_or_null(q, &bad) : NULL;
	return bad ? -1 : 0;
}

int
store_filter_empty(const store_filter *f)
{
	return !f->status && !f->label && !f->date_from && !f->date_to && !f->source && !f->text && !f->has;
}

/* --- parsing ------------------------------------------------------------------- */

static const char *const has_words[] = { "notes", "highlights", "suggestions", "spans", NULL };
static const char *const sort_words[] = { "", "id", "date", "title", "status", "confirmed", "suggested", NULL };

static int
word_in(const char *s, size_t n, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strlen(words[i]) == n && strncmp(s, words[i], n) == 0)
			return i;
	return -1;
}

static char *
dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/*
 * The next KEY=VALUE word of *p: key and value (value unquoted, malloc'd).
 * Returns 1, 0 at the end, -1 with err.
 */
static int
next_word(const char **p, const char **key, size_t *klen, char **val, char *err, size_t errsz)
{
	const char *s = *p, *eq, *v;
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return 0;
	*key = s;
	while (*s && *s != '=' && *s != ' ' && *s != '\t')
		s++;
	eq = s;
	*klen = (size_t)(eq - *key);
	if (*eq != '=') {
		snprintf(err, errsz, "'%.*s' is not KEY=VALUE (keys: status label date source has text)",
		    (int)*klen, *key);
		return -1;
	}
	v = eq + 1;
	if (*v == '"' || *v == '\'') {
		char q = *v++;
		const char *e = strchr(v, q);

		if (e == NULL) {
			snprintf(err, errsz, "%.*s: the quote %c is not closed", (int)*klen, *key, q);
			return -1;
		}
		n = (size_t)(e - v);
		s = e + 1;
	} else {
		while (v[n] && v[n] != ' ' && v[n] != '\t')
			n++;
		s = v + n;
	}
	if (n == 0) {
		snprintf(err, errsz, "%.*s= needs a value", (int)*klen, *key);
		return -1;
	}
	if ((*val = dupn(v, n)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	*p = s;
	return 1;
}

/* "A..B", "A..", "..B" or "A" (= A..A) into from and to. */
static int
parse_dates(store_filter *f, const char *v, char *err, size_t errsz)
{
	const char *dots = strstr(v, "..");

	if (dots == NULL) {
		f->date_from = strdup(v);
		f->date_to = strdup(v);
	} else {
		if (dots > v)
			f->date_from = dupn(v, (size_t)(dots - v));
		if (dots[2])
			f->date_to = strdup(dots + 2);
		if (dots == v && dots[2] == '\0') {
			snprintf(err, errsz, "date=..: give a start, an end or both (2026-01..2026-03)");
			return -1;
		}
	}
	return 0;
}

int
store_filter_parse(store_filter *f, const char *spec, char *err, size_t errsz)
{
	store_filter n;
	const char *p = spec ? spec : "", *key;
	size_t klen;
	char *val;
	int rc;

	store_filter_init(&n);
	while ((rc = next_word(&p, &key, &klen, &val, err, errsz)) == 1) {
		int k = word_in(key, klen, (const char *const[]){ "status", "label", "date", "source", "has", "text", NULL });
		char **slot = k == 0 ? &n.status : k == 1 ? &n.label : k == 3 ? &n.source : k == 5 ? &n.text : NULL;

		if (k < 0) {
			snprintf(err, errsz, "unknown filter '%.*s' (status label date source has text)", (int)klen, key);
			rc = -1;
		} else if (k == 0 && word_in(val, strlen(val), (const char *const[]){ "unread", "started", "done", NULL }) < 0) {
			snprintf(err, errsz, "status=%s: unread, started or done", val);
			rc = -1;
		} else if (k == 2) {
			free(n.date_from);
			free(n.date_to);
			n.date_from = n.date_to = NULL;
			rc = parse_dates(&n, val, err, errsz);
		} else if (k == 4) {
			int h = word_in(val, strlen(val), has_words);

			if (h < 0) {
				snprintf(err, errsz, "has=%s: notes, highlights, suggestions or spans", val);
				rc = -1;
			} else {
				n.has |= 1 << h;
			}
		}
		if (slot && rc != -1) {
			free(*slot);
			*slot = val;
			val = NULL;
		}
		free(val);
		if (rc == -1)
			break;
	}
	if (rc < 0) {
		conds_clear(&n);
		return -1;
	}
	conds_clear(f);
	n.sort = f->sort;
	n.desc = f->desc;
	*f = n;
	return 0;
}

int
store_sort_parse(store_filter *f, const char *spec, char *err, size_t errsz)
{
	const char *p = spec, *w;
	size_t n;
	int k, desc = 0;

	while (*p == ' ')
		p++;
	w = p;
	while (*p && *p != ' ')
		p++;
	n = (size_t)(p - w);
	if (n == 0 || (k = word_in(w, n, sort_words)) <= 0) {
		snprintf(err, errsz, "sort by id, date, title, status, confirmed or suggested, not '%.*s'", (int)n, w);
		return -1;
	}
	while (*p == ' ')
		p++;
	if (strncmp(p, "desc", 4) == 0 && (p[4] == '\0' || p[4] == ' '))
		desc = 1, p += 4;
	else if (strncmp(p, "asc", 3) == 0 && (p[3] == '\0' || p[3] == ' '))
		p += 3;
	while (*p == ' ')
		p++;
	if (*p) {
		snprintf(err, errsz, "after the sort key only desc or asc, not '%s'", p);
		return -1;
	}
	f->sort = k;
	f->desc = desc;
	return 0;
}

/* Append to buf (bufsz) at *len, quoting v when it holds a space. */
static void
put_cond(char *buf, size_t bufsz, size_t *len, const char *key, const char *v)
{
	const char *q = strchr(v, ' ') ? (strchr(v, '"') ? "'" : "\"") : "";
	int n;

	if (*len >= bufsz)
		return;
	n = snprintf(buf + *len, bufsz - *len, "%s%s=%s%s%s", *len ? " " : "", key, q, v, q);
	if (n > 0)
		*len += (size_t)n;
	if (*len >= bufsz)
		*len = bufsz - 1;
}

void
store_filter_describe(const store_filter *f, char *buf, size_t bufsz)
{
	size_t len = 0;
	char d[128];

	if (bufsz == 0)
		return;
	buf[0] = '\0';
	if (f->status)
		put_cond(buf, bufsz, &len, "status", f->status);
	if (f->label)
		put_cond(buf, bufsz, &len, "label", f->label);
	if (f->date_from || f->date_to) {
		if (f->date_from && f->date_to && strcmp(f->date_from, f->date_to) == 0)
			snprintf(d, sizeof d, "%s", f->date_from);
		else
			snprintf(d, sizeof d, "%s..%s", f->date_from ? f->date_from : "", f->date_to ? f->date_to : "");
		put_cond(buf, bufsz, &len, "date", d);
	}
	if (f->source)
		put_cond(buf, bufsz, &len, "source", f->source);
	for (int i = 0; has_words[i]; i++)
		if (f->has & (1 << i))
			put_cond(buf, bufsz, &len, "has", has_words[i]);
	if (f->text)
		put_cond(buf, bufsz, &len, "text", f->text);
	if (f->sort > SORT_ID || (f->sort == SORT_ID && f->desc)) {
		snprintf(d, sizeof d, "%s%s", sort_words[f->sort], f->desc ? " desc" : "");
		put_cond(buf, bufsz, &len, "sort", d);
	}
}

/* --- queries ------------------------------------------------------------------- */

struct sql {
	char s[2048];
	size_t len;
	const char *bind[8];    /* text parameters ?1.. in order */
	int nbind;
	char upper[256];        /* the date range's end, made inclusive */
};

static void
add(struct sql *q, const char *s)
{
	size_t n = strlen(s);

	if (q->len + n < sizeof q->s) {
		memcpy(q->s + q->len, s, n + 1);
		q->len += n;
	}
}

/* " AND cond" with one bound value standing for each ? in cond. */
static void
cond(struct sql *q, const char *c, const char *v)
{
	add(q, " AND ");
	add(q, c);
	if (v)
		q->bind[q->nbind++] = v;
}

/*
 * SELECT what FROM articles a [JOIN the text query's matches] WHERE the
 * conditions [ORDER BY the sort]. Parameters are numbered in bind order.
 */
static void
build(struct sql *q, const store_filter *f, const char *what, int order)
{
	static const char *const cols[] = {
		"a.id", "a.id", "a.date", "a.title", "a.status", "a.n_confirmed", "a.n_suggested"
	};
	static const char *const has_sql[] = {
		"a.id IN (SELECT article_id FROM spans WHERE note IS NOT NULL AND note <> '')",
		"a.id IN (SELECT article_id FROM spans WHERE kind = 'highlight')",
		"a.n_suggested > 0",
		"a.n_confirmed > 0",
	};

	/* A page in a sort key's order walks that key's index and stops after
	 * a screenful; without stats SQLite would rather take a condition's
	 * index and sort every match (status=unread: all of them). The unary
	 * + keeps the conditions off their indexes when listing in order. */
	int by_sort = order && !f->text && f->sort > SORT_ID;

	memset(q, 0, sizeof *q);
	/* The text query runs once, first (CROSS JOIN keeps that order):
	 * evaluated per article it would rerun the whole match each time. */
	if (f->text) {
		add(q, "WITH m(id) AS MATERIALIZED (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) ");
		add(q, "SELECT ");
		add(q, what);
		add(q, " FROM m CROSS JOIN articles a ON a.id = m.id");
		q->bind[q->nbind++] = f->text;
	} else {
		add(q, "SELECT ");
		add(q, what);
		add(q, " FROM articles a");
	}
	add(q, " WHERE 1");
	if (f->status)
		cond(q, by_sort ? "+a.status = ?" : "a.status = ?", f->status);
	if (f->label)
		cond(q, "a.id IN (SELECT article_id FROM spans WHERE label = ? "
		    "AND kind = 'entity' AND status = 'confirmed')", f->label);
	if (f->date_from)
		cond(q, by_sort && f->sort != SORT_DATE ? "+a.date >= ?" : "a.date >= ?", f->date_from);
	/* "2026-03" ends after every "2026-03-..." date: compare with
	 * "2026-03\x7f", which keeps the date index usable. */
	if (f->date_to) {
		snprintf(q->upper, sizeof q->upper, "%s\x7f", f->date_to);
		cond(q, by_sort && f->sort != SORT_DATE ? "+a.date <= ?" : "a.date <= ?", q->upper);
	}
	if (f->source)
		cond(q, by_sort ? "+a.source = ?" : "a.source = ?", f->source);
	for (int i = 0; i < 4; i++)
		if (f->has & (1 << i))
			cond(q, has_sql[i], NULL);
	if (!order)
		return;
	add(q, " ORDER BY ");
	add(q, cols[f->sort]);
	if (f->desc)
		add(q, " DESC");
	if (f->sort > SORT_ID)
		add(q, f->desc ? ", a.id DESC" : ", a.id");
}

static sqlite3_stmt *
prepare(store *st, const struct sql *q)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, q->s, -1, &s, NULL) != SQLITE_OK) {
		st_sqlerr(st);
		return NULL;
	}
	for (int i = 0; i < q->nbind; i++)
		st_bind_str(s, i + 1, q->bind[i]);
	return s;
}

/* Step s to the end; SQLITE_DONE or an error (st->err set). */
static int
finish(store *st, sqlite3_stmt *s, int rc)
{
	if (rc != SQLITE_ROW && rc != SQLITE_DONE && sqlite3_errcode(st->db) == SQLITE_ERROR &&
	    strstr(sqlite3_sql(s), "MATCH")) {
		st_seterr(st, "text=: %s", sqlite3_errmsg(st->db));
		sqlite3_finalize(s);
		return -1;
	}
	return st_finalize(st, s, rc);
}

/*
 * A text filter in its default order, best first: the articles of its
 * ranking (search_cache.c: bm25 as gloss search ranks, kept while the
 * database is unchanged) that pass the filter's other conditions, kept
 * with the same stamp. The count in the header, the selected row's place
 * and every page read it: one ranking per filter, none per scroll. (A
 * JSON array of the ids joined with articles and sorted by rank cost
 * three rankings and two sorts of every match per page: 179 M
 * instructions for a word in 6.9k of 100k articles.)
 */
struct st_listcache {
	char *key;              /* the text, the conditions' SQL and values */
	st_stamp stamp;
	int64_t *id;
	size_t n;
};

void
st_list_cache_free(store *st)
{
	struct st_listcache *c = st->list_cache;

	if (c != NULL) {
		free(c->key);
		free(c->id);
		free(c);
	}
	st->list_cache = NULL;
}

static int
has_conds(const store_filter *f)
{
	return f->status || f->label || f->date_from || f->date_to || f->source || f->has;
}

/* Keep the ranked articles that pass the conditions of q, asking for
 * each by id. */
static int
keep_passing_each(store *st, const struct sql *q, const st_ranking *r, struct st_listcache *c)
{
	struct sql one = *q;
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	add(&one, " AND a.id = ?97");
	if ((s = prepare(st, &one)) == NULL)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		sqlite3_bind_int64(s, 97, r->hit[i].id);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW)
			c->id[c->n++] = r->hit[i].id;
		else if (rc != SQLITE_DONE)
			break;
		sqlite3_reset(s);
		rc = SQLITE_DONE;
	}
	return finish(st, s, rc);
}

/*
 * The same for many matches: the articles that pass the conditions, by
 * their indexes, into a bitmap over the ranking's ids, then the ranking
 * walked in order. Asked one by one, robot*'s 45,570 matches with
 * source=TASS cost 154 ms.
 */
static int
keep_passing(store *st, const struct sql *q, const st_ranking *r, struct st_listcache *c)
{
	sqlite3_stmt *s;
	unsigned char *pass;
	int64_t top = 0;
	int rc;

	for (size_t i = 0; i < r->n; i++)
		if (r->hit[i].id > top)
			top = r->hit[i].id;
	/* few matches, or ids so sparse that the bitmap would be large */
	if (r->n <= 1024 || (uint64_t)top / 8 > ((uint64_t)64 << 20))
		return keep_passing_each(st, q, r, c);
	if (top < 0 || (pass = calloc((size_t)top / 8 + 1, 1)) == NULL) {
		st_seterr(st, "out of memory");
		return -1;
	}
	if ((s = prepare(st, q)) == NULL) {
		free(pass);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);

		if (id >= 0 && id <= top)
			pass[id / 8] |= (unsigned char)(1u << (id % 8));
	}
	if ((rc = finish(st, s, rc)) == 0)
		for (size_t i = 0; i < r->n; i++) {
			int64_t id = r->hit[i].id;

			if (id >= 0 && (pass[id / 8] & (1u << (id % 8))))
				c->id[c->n++] = id;
		}
	free(pass);
	return rc;
}

static const struct st_listcache *
ranked_list(store *st, const store_filter *f)
{
	struct st_listcache *c = st->list_cache;
	const st_ranking *r;
	store_filter g = *f;
	struct sql q;
	struct buf key = { 0 };
	st_stamp now;
	int refused;

	g.text = NULL;
	build(&q, &g, "a.id", 0);
	buf_printf(&key, "%s\n%s", f->text, q.s);
	for (int i = 0; i < q.nbind; i++)
		buf_printf(&key, "\n%s", q.bind[i]);
	if (buf_str(&key) == NULL) {
		st_seterr(st, "out of memory");
		return NULL;
	}
	if (c != NULL && strcmp(c->key, key.s) == 0 && st_stamp_now(st, &now) == 0 &&
	    st_stamp_same(&c->stamp, &now)) {
		buf_free(&key);
		return c;
	}
	st_list_cache_free(st);
	if ((c = calloc(1, sizeof *c)) == NULL) {
		buf_free(&key);
		st_seterr(st, "out of memory");
		return NULL;
	}
	c->key = key.s;
	if (st_stamp_now(st, &c->stamp) != 0)
		goto fail;
	if ((r = st_rank_all(st, f->text, &refused)) == NULL) {
		char msg[sizeof st->err];

		snprintf(msg, sizeof msg, "%s", strncmp(st->err, "search: ", 8) == 0 ? st->err + 8 : st->err);
		st_seterr(st, "text=: %s", msg);
		goto fail;
	}
	if ((c->id = malloc((r->n ? r->n : 1) * sizeof *c->id)) == NULL) {
		st_seterr(st, "out of memory");
		goto fail;
	}
	if (has_conds(f)) {
		if (keep_passing(st, &q, r, c) != 0)
			goto fail;
	} else {
		for (size_t i = 0; i < r->n; i++)
			c->id[i] = r->hit[i].id;
		c->n = r->n;
	}
	st->list_cache = c;
	return c;
fail:
	free(c->key);
	free(c->id);
	free(c);
	return NULL;
}

/* Rows offset.. of the ranked list, a statement per article by id. */
static int
ranked_page(store *st, const store_filter *f, size_t offset, size_t limit,
    int (*fn)(const store_article *a, void *arg), void *arg)
{
	const struct st_listcache *c = ranked_list(st, f);
	sqlite3_stmt *s;
	store_article a;
	int64_t *ids;
	size_t n;
	int rc = SQLITE_DONE;

	if (c == NULL)
		return -1;
	n = offset < c->n ? c->n - offset : 0;
	if (limit && n > limit)
		n = limit;
	/* a copy: fn may use the store, which may drop the kept list */
	if ((ids = malloc((n ? n : 1) * sizeof *ids)) == NULL) {
		st_seterr(st, "out of memory");
		return -1;
	}
	if (n)
		memcpy(ids, c->id + offset, n * sizeof *ids);
	if (sqlite3_prepare_v2(st->db, "SELECT " ART_LIST_COLS " FROM articles a WHERE a.id = ?1", -1, &s,
	    NULL) != SQLITE_OK) {
		free(ids);
		st_sqlerr(st);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 1, ids[i]);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			st_article_from_row(s, &a);
			if (fn(&a, arg) != 0) {
				rc = SQLITE_DONE;
				break;
			}
		} else if (rc != SQLITE_DONE)
			break;
		sqlite3_reset(s);
		rc = SQLITE_DONE;
	}
	free(ids);
	return st_finalize(st, s, rc);
}

int
store_articles_filtered(store *st, const store_filter *f, size_t offset, size_t limit,
    int (*fn)(const store_article *a, void *arg), void *arg)
{
	struct sql q;
	sqlite3_stmt *s;
	store_article a;
	int rc;

	if (f->text && f->sort == SORT_DEFAULT)
		return ranked_page(st, f, offset, limit, fn, arg);
	build(&q, f, ART_LIST_COLS, 1);
	add(&q, " LIMIT ?99 OFFSET ?98");
	if ((s = prepare(st, &q)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 99, limit ? (int64_t)limit : -1);
	sqlite3_bind_int64(s, 98, (int64_t)offset);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		st_article_from_row(s, &a);
		if (fn(&a, arg) != 0)
			break;
	}
	return finish(st, s, rc);
}

int
store_articles_filtered_count(store *st, const store_filter *f, size_t *n)
{
	const struct st_listcache *c;
	struct sql q;
	sqlite3_stmt *s;
	int rc;

	*n = 0;
	if (f->text && f->sort == SORT_DEFAULT) {
		if ((c = ranked_list(st, f)) == NULL)
			return -1;
		*n = c->n;
		return 0;
	}
	build(&q, f, "count(*)", 0);
	if ((s = prepare(st, &q)) == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(s, 0);
	return finish(st, s, rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

int
store_articles_filtered_index(store *st, const store_filter *f, int64_t id, size_t *index)
{
	const struct st_listcache *c;
	struct sql q;
	sqlite3_stmt *s;
	size_t i = 0;
	int rc, found = 0;

	if (f->text && f->sort == SORT_DEFAULT) {
		if ((c = ranked_list(st, f)) == NULL)
			return -1;
		while (i < c->n && c->id[i] != id)
			i++;
		if (i == c->n)
			return 1;
		*index = i;
		return 0;
	}
	build(&q, f, "a.id", 1);
	if ((s = prepare(st, &q)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_column_int64(s, 0) == id) {
			*index = i;
			found = 1;
			break;
		}
		i++;
	}
	rc = finish(st, s, rc == SQLITE_ROW ? SQLITE_DONE : rc);
	if (rc != 0)
		return -1;
	return found ? 0 : 1;
}
