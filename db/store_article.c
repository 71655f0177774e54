/*
 * store_article.c: article queries (list, count, info, load, neighbours),
 * status (undoable) and reading position (not undoable), and the export
 * walk over every article with its spans.
 */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_sug.h"
#include "model/text.h"

void
store_article_clear(store_article *a)
{
	free(a->own);
	memset(a, 0, sizeof *a);
}

int
store_article_copy(store_article *dst, const store_article *src)
{
	size_t nt = strlen(src->title) + 1, nd = src->date ? strlen(src->date) + 1 : 0,
	    ns = src->status ? strlen(src->status) + 1 : 0;
	char *o = malloc(nt + nd + ns);

	*dst = *src;
	dst->own = o;
	if (o == NULL) {
		dst->title = "";
		dst->date = dst->status = NULL;
		return -1;
	}
	dst->title = memcpy(o, src->title, nt);
	dst->date = src->date ? memcpy(o + nt, src->date, nd) : NULL;
	dst->status = src->status ? memcpy(o + nt + nd, src->status, ns) : NULL;
	return 0;
}

/* Row of ART_LIST_COLS -> a (strings point into the row). */
void
st_article_from_row(sqlite3_stmt *s, store_article *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->title = (const char *)sqlite3_column_text(s, 1);
	a->date = (const char *)sqlite3_column_text(s, 2);
	a->status = (const char *)sqlite3_column_text(s, 3);
	a->own = NULL;
	a->position = (size_t)sqlite3_column_int64(s, 4);
	a->confirmed = (size_t)sqlite3_column_int64(s, 5);
	a->suggested = (size_t)sqlite3_column_int64(s, 6);
	if (a->title == NULL)
		a->title = "";
}

int
store_articles_each(store *st, const char *status, size_t offset, size_t limit,
    int (*fn)(const store_article *a, void *arg), void *arg)
{
	sqlite3_stmt *s = st_q(st, status ? Q_ART_LIST_ST : Q_ART_LIST);
	store_article a;
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, limit ? (int64_t)limit : -1);
	sqlite3_bind_int64(s, 2, (int64_t)offset);
	if (status)
		st_bind_str(s, 3, status);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		st_article_from_row(s, &a);
		if (fn(&a, arg) != 0)
			break;
	}
	return st_done(st, s, rc);
}

int
store_article_count(store *st, const char *status, size_t *n)
{
	sqlite3_stmt *s = st_q(st, status ? Q_ART_COUNT_ST : Q_ART_COUNT);
	int64_t v = 0;

	if (s == NULL)
		return -1;
	if (status)
		st_bind_str(s, 1, status);
	if (st_one_int(st, s, &v) < 0)
		return -1;
	*n = (size_t)v;
	return 0;
}

/* Bind id to s and step it to its one row; when there is none, s is reset
 * and st->err says "no article" (or the SQL error). */
static int
article_row(store *st, sqlite3_stmt *s, int64_t id)
{
	int rc;

	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		st_seterr(st, "no article %lld", (long long)id);
	else
		st_sqlerr(st);
	sqlite3_reset(s);
	return -1;
}

int
store_article_info(store *st, int64_t id, store_article *out)
{
	sqlite3_stmt *s = st_q(st, Q_ART_INFO);
	store_article a;
	int rc;

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return -1;
	if (article_row(st, s, id) != 0)
		return -1;
	st_article_from_row(s, &a);
	rc = store_article_copy(out, &a);
	sqlite3_reset(s);
	if (rc != 0) {
		store_article_clear(out);
		st_seterr(st, "out of memory");
		return -1;
	}
	return 0;
}

static int
add_span_cb(const span *s, void *arg)
{
	return doc_add_span(arg, s) != 0;
}

/*
 * Row of ART_LOAD_COLS -> d, and its spans through spans (bound and
 * stepped here) when not NULL.
 */
int
st_doc_from_row(store *st, sqlite3_stmt *s, doc *d, sqlite3_stmt *spans)
{
	const void *body = sqlite3_column_text(s, 1);
	int ok;

	doc_clear(d);
	ok = doc_set_text(d, body ? body : "", (size_t)sqlite3_column_bytes(s, 1)) == 0;
	d->title = st_col_str(s, 2);
	d->date = st_col_str(s, 3);
	d->source = st_col_str(s, 4);
	d->url = st_col_str(s, 5);
	d->meta = st_col_str(s, 6);
	d->status = st_col_str(s, 7);
	d->ext_id = st_col_str(s, 8);
	d->position = (size_t)sqlite3_column_int64(s, 9);
	d->chars = (size_t)sqlite3_column_int64(s, 10);
	if (!ok || d->status == NULL) {
		st_seterr(st, "out of memory");
		return -1;
	}
	if (spans) {
		sqlite3_bind_int64(spans, 1, sqlite3_column_int64(s, 0));
		if ((ok = st_spans_visit(st, spans, add_span_cb, d)) != 0) {
			if (ok > 0) /* add_span_cb stops only when out of memory */
				st_seterr(st, "out of memory");
			return -1;
		}
	}
	return 0;
}

int
store_article_load(store *st, int64_t id, doc *d, int with_spans)
{
	sqlite3_stmt *s = st_q(st, Q_ART_LOAD), *sp = NULL;
	int rc;

	if (s == NULL || (with_spans && (sp = st_q(st, Q_SPANS_OF)) == NULL))
		return -1;
	if (article_row(st, s, id) != 0)
		return -1;
	rc = st_doc_from_row(st, s, d, sp);
	sqlite3_reset(s);
	return rc;
}

/*
 * Only the text, its length and the spans: a batch run over a corpus
 * needs nothing else, and copying title, url, meta... of every article
 * cost more than matching some of them.
 */
int
store_article_text(store *st, int64_t id, doc *d)
{
	sqlite3_stmt *s = st_q(st, Q_ART_TEXT), *sp = st_q(st, Q_SPANS_OF);
	const void *body;
	int rc, has_spans;

	if (s == NULL || sp == NULL || article_row(st, s, id) != 0)
		return -1;
	doc_clear(d);
	body = sqlite3_column_text(s, 1);
	if (doc_set_text(d, body ? body : "", (size_t)sqlite3_column_bytes(s, 1)) != 0) {
		sqlite3_reset(s);
		st_seterr(st, "out of memory");
		return -1;
	}
	d->chars = (size_t)sqlite3_column_int64(s, 2);
	has_spans = sqlite3_column_int(s, 3);
	sqlite3_reset(s);
	if (!has_spans) /* most articles of a first batch run: no second query */
		return 0;
	sqlite3_bind_int64(sp, 1, id);
	if ((rc = st_spans_visit(st, sp, add_span_cb, d)) != 0) {
		if (rc > 0)
			st_seterr(st, "out of memory");
		return -1;
	}
	return 0;
}

/* Bytes per sqlite3_blob_read: the overflow pages it reads pass through
 * SQLite's page cache, which is emptied after each slice, so the cache
 * never holds a second copy of more than this much of the text. */
#define TEXT_SLICE (256 * 1024)

/* A text_src over texts.text of one article. */
struct text_reader {
	store *st;
	int64_t id;
	size_t len; /* bytes, as the store said at opening */
};

/* text_src.read: one blob handle per read, closed at once, so no read
 * transaction outlives it (a long one would hide other processes'
 * commits and block checkpoints). */
static int
text_reader_read(void *arg, size_t off, char *dst, size_t n)
{
	struct text_reader *tr = arg;
	sqlite3_blob *b = NULL;
	int rc;

	if (off > tr->len || n > tr->len - off)
		return -1;
	rc = sqlite3_blob_open(tr->st->db, "main", "texts", "text", tr->id, 0, &b);
	if (rc == SQLITE_OK && (size_t)sqlite3_blob_bytes(b) != tr->len)
		rc = SQLITE_CORRUPT; /* not the text we opened */
	while (rc == SQLITE_OK && n > 0) {
		int k = n > TEXT_SLICE ? TEXT_SLICE : (int)n;

		rc = sqlite3_blob_read(b, dst, k, (int)off);
		dst += k;
		off += (size_t)k;
		n -= (size_t)k;
		tr->st->text_read += (size_t)k;
		sqlite3_db_release_memory(tr->st->db);
	}
	if (rc != SQLITE_OK)
		st_seterr(tr->st, "article %lld: text not readable: %s", (long long)tr->id, sqlite3_errstr(rc));
	sqlite3_blob_close(b);
	return rc == SQLITE_OK ? 0 : -1;
}

static void
text_reader_close(void *arg)
{
	free(arg);
}

int
store_article_load_lazy(store *st, int64_t id, doc *d, text_src *src)
{
	sqlite3_stmt *s = st_q(st, Q_ART_META);
	struct text_reader *tr;
	sqlite3_blob *b = NULL;
	int rc;

	memset(src, 0, sizeof *src);
	if (s == NULL || article_row(st, s, id) != 0)
		return -1;
	rc = st_doc_from_row(st, s, d, NULL);
	sqlite3_reset(s);
	if (rc != 0)
		return -1;
	free(d->text);
	d->text = NULL;
	/* the length comes from the record header: no text is read */
	if ((rc = sqlite3_blob_open(st->db, "main", "texts", "text", id, 0, &b)) != SQLITE_OK) {
		sqlite3_blob_close(b);
		st_seterr(st, "article %lld: no text: %s", (long long)id, sqlite3_errstr(rc));
		return -1;
	}
	d->len = (size_t)sqlite3_blob_bytes(b);
	sqlite3_blob_close(b);
	if ((tr = malloc(sizeof *tr)) == NULL) {
		st_seterr(st, "out of memory");
		return -1;
	}
	tr->st = st;
	tr->id = id;
	tr->len = d->len;
	src->read = text_reader_read;
	src->close = text_reader_close;
	src->arg = tr;
	return 0;
}

size_t
store_text_bytes_read(const store *st)
{
	return st->text_read;
}

/* Run s (bound: ?1 = id) for one id; 0 when there is none. */
static int
id_query(store *st, enum q which, int64_t id, int64_t *out)
{
	sqlite3_stmt *s = st_q(st, which);
	int rc;

	*out = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = st_one_int(st, s, out);
	return rc < 0 ? -1 : rc;
}

int
store_article_next_undone(store *st, int64_t id, int64_t *next)
{
	int rc = id_query(st, Q_ART_NEXT_UNDONE, id, next);

	if (rc == 0)
		rc = id_query(st, Q_ART_FIRST_UNDONE, id, next);
	return rc < 0 ? -1 : 0;
}

int
store_article_neighbour(store *st, int64_t id, int dir, int64_t *out)
{
	return id_query(st, dir < 0 ? Q_ART_PREV : Q_ART_NEXT, id, out) < 0 ? -1 : 0;
}

int
st_status_valid(const char *s)
{
	return s && (strcmp(s, "unread") == 0 || strcmp(s, "started") == 0 || strcmp(s, "done") == 0);
}

int
store_article_set_status(store *st, int64_t id, const char *status)
{
	sqlite3_stmt *s;
	char *old = NULL;
	int rc = -1;

	if (!st_status_valid(status)) {
		st_seterr(st, "bad article status %s", status ? status : "(null)");
		return -1;
	}
	if (store_action_begin(st) != 0)
		return -1;
	if ((s = st_q(st, Q_ART_STATUS_GET)) == NULL)
		return st_action_done(st, -1);
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		old = st_col_str(s, 0);
	else
		st_seterr(st, "no article %lld", (long long)id);
	sqlite3_reset(s);
	if (old && strcmp(old, status) == 0) {
		rc = 0; /* nothing changes: no undo step */
	} else if (old) {
		int64_t g = st_undo_group(st);
		sqlite3_stmt *u = g ? st_q(st, Q_UNDO_STATUS) : NULL, *w;

		if (u) {
			sqlite3_bind_int64(u, 1, g);
			st_bind_str(u, 2, status);
			st_bind_str(u, 3, st->annotator);
			sqlite3_bind_int64(u, 4, st_now());
			sqlite3_bind_int64(u, 5, id);
			if (st_run(st, u) == 0 && (w = st_q(st, Q_ART_STATUS_SET)) != NULL) {
				sqlite3_bind_int64(w, 1, id);
				st_bind_str(w, 2, status);
				sqlite3_bind_int64(w, 3, st_now());
				rc = st_run(st, w);
			}
		}
	}
	free(old);
	return st_action_done(st, rc);
}

int
store_article_set_position(store *st, int64_t id, size_t pos)
{
	sqlite3_stmt *s = st_q(st, Q_ART_POSITION);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (int64_t)pos);
	if (st_run(st, s) != 0)
		return -1;
	if (sqlite3_changes(st->db) != 1) {
		st_seterr(st, "no article %lld", (long long)id);
		return -1;
	}
	return 0;
}

int
store_export_each(store *st, int all_spans, int (*fn)(const doc *d, int64_t id, void *arg), void *arg)
{
	sqlite3_stmt *s = st_q(st, Q_EXPORT_ARTS), *sp = st_q(st, all_spans ? Q_EXPORT_SPANS_ALL : Q_EXPORT_SPANS_CONF);
	doc d;
	int rc, ret = 0;

	if (s == NULL || sp == NULL)
		return -1;
	doc_init(&d);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (st_doc_from_row(st, s, &d, sp) != 0 ||
		    (all_spans && st_batch_merge(st, sqlite3_column_int64(s, 0), &d) != 0)) {
			ret = -1;
			break;
		}
		if (fn(&d, sqlite3_column_int64(s, 0), arg) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = st_sqlerr(st);
	sqlite3_reset(s);
	doc_clear(&d);
	return ret;
}
