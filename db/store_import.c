/*
 * store_import.c: bulk import in short transactions, files that can be
 * taken out again (import_files), and the labels an import brings that
 * the scheme lacks.
 */
#include "config.h"
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "db/store_int.h"
#include "model/content_hash.h"
#include "model/text.h"
#include "model/utf8.h"

/*
 * Articles imported in this transaction get their full-text entries in one
 * INSERT ... SELECT when it commits: FTS5 flushes its pending terms into a
 * new segment at every savepoint, so indexing inside the per-file
 * savepoints would write one tiny segment per file and then merge them all
 * (that doubled the time of an import).
 */
/*
 * The connection's settings while it imports (on), and back to SQLite's
 * defaults (!on). A bigger page cache than SQLite's 2 MB keeps the growing
 * FTS index and b-trees in memory instead of spilling and re-reading
 * pages; 10 MB, not more: a streamed import of any size then stays within
 * 30 MB of memory (issue 12).
 *
 * Checkpoints every 4000 WAL pages instead of 1000. Each commit of a large
 * import rewrites most leaves of the articles' random indexes (hash,
 * title, date) and each checkpoint copied them all into the database
 * again: on 100k articles 2 GB read back from the WAL and written, with
 * an fsync, after nearly every commit. A quarter as many checkpoints copy
 * a page dirtied by four commits once (about 6% of the CPU of a 100k
 * import). The price: the WAL grows to about 16 MB more before it is
 * reused, and a writer that commits between two batches (the interface)
 * may run the checkpoint of up to that much itself. The import's last
 * commit checkpoints as any other write does (store_import_end sets 1000
 * again before it), so it leaves no more behind than before: a checkpoint
 * after a small import would cost the next action a second fsync (the
 * WAL's new header).
 */
static int
import_settings(store *st, int on)
{
	if (on)
		return st_exec(st, "PRAGMA cache_size = -10240") != 0 ||
		    st_exec(st, "PRAGMA wal_autocheckpoint = 4000") != 0 ? -1 : 0;
	st_exec(st, "PRAGMA cache_size = -2000");       /* SQLite's defaults */
	st_exec(st, "PRAGMA wal_autocheckpoint = 1000");
	return 0;
}

int
store_import_begin(store *st)
{
	sqlite3_stmt *s;

	if (st->depth > 0 || st->importing) {
		st_seterr(st, "store: a transaction is already open");
		return -1;
	}
	if (import_settings(st, 1) != 0 || st_run_q(st, Q_BEGIN) != 0) {
		import_settings(st, 0);
		return -1;
	}
	if ((s = st_q(st, Q_MAX_ID)) == NULL || st_one_int(st, s, &st->fts_from) < 0) {
		import_settings(st, 0);
		return st_rollback(st);
	}
	st->importing = 1;
	st->savepoints = 0;
	return 0;
}

/* The batch's full-text entries and search lengths, then the commit. */
static int
import_commit(store *st)
{
	sqlite3_stmt *f = st_q(st, Q_FTS_INSERT);

	if (f == NULL)
		return -1;
	sqlite3_bind_int64(f, 1, st->fts_from);
	if (st_run(st, f) != 0 || st_search_len_sync(st, st->fts_from) != 0 || st_run_q(st, Q_COMMIT) != 0)
		return -1;
	return 0;
}

int
store_import_end(store *st, int commit)
{
	int rc;

	if (!st->importing) {
		st_seterr(st, "store: no import in progress");
		return -1;
	}
	st->importing = 0;
	st->import_file = 0;
	st_forget_labels(st);
	st_exec(st, "PRAGMA wal_autocheckpoint = 1000"); /* import_settings */
	if (!commit)
		rc = st_run_q(st, Q_ROLLBACK);
	else if ((rc = import_commit(st)) != 0)
		st_rollback(st);
	import_settings(st, 0);
	return rc;
}

/*
 * Has the import's transaction ended early? A trigger's RAISE(ROLLBACK)
 * or a full disk can roll it back; every later add would then commit on
 * its own, outside the import, without its full-text entries.
 */
static int
import_lost(store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		return 0;
	st_seterr(st, "the import's transaction was rolled back; nothing more is stored");
	return 1;
}

int
store_savepoint(store *st)
{
	if (st->importing && import_lost(st))
		return -1;
	if (st_run_q(st, Q_SAVEPOINT) != 0)
		return -1;
	st->savepoints++;
	return 0;
}

/*
 * Close the newest savepoint, keeping its changes (ok) or undoing them.
 * Either statement can fail: a SQLITE_FULL or a RAISE(ROLLBACK) may have
 * rolled back the whole transaction, savepoint included. That is an
 * error, never ignored (what the caller did is then not stored); when
 * !ok the message of the failure that made the caller undo is kept.
 */
static int
savepoint_close(store *st, int ok)
{
	char keep[sizeof st->err];
	int code = st->errcode, rc = 0;

	memcpy(keep, st->err, sizeof keep);
	if (!ok) {
		st_forget_labels(st);
		rc = st_run_q(st, Q_ROLLBACK_TO);
	}
	if (st_run_q(st, Q_RELEASE) != 0)
		rc = -1;
	if (!ok) {
		memcpy(st->err, keep, sizeof keep);
		st->errcode = code;
	}
	return rc;
}

int
store_savepoint_end(store *st, int commit)
{
	if (st->savepoints == 0) {
		st_seterr(st, "store: no savepoint open");
		return -1;
	}
	st->savepoints--;
	return savepoint_close(st, commit);
}

/* The scheme may change (a label added or taken out, or another process
 * between two transactions): import_files rows read it again. */
static void
forget_names(store *st)
{
	free(st->label_names);
	st->label_names = NULL;
}

/* Colours given to labels an import brings that the scheme lacks. */
static const char *const new_colours[] = { "cyan", "yellow", "bright-red", "bright-blue", "bright-green",
	"bright-magenta", "bright-cyan", "bright-yellow" };

/*
 * Make sure label name exists in the scheme (an imported file may use
 * labels the scheme lacks; they are added without a key). The names seen
 * in this import are remembered so the common case costs no statement.
 */
static int
label_ensure(store *st, const char *name)
{
	sqlite3_stmt *s;
	char **v;

	for (size_t i = 0; i < st->nknown; i++)
		if (strcmp(st->known[i], name) == 0)
			return 0;
	if ((s = st_q(st, Q_LABEL_ENSURE)) == NULL)
		return -1;
	st_bind_str(s, 1, name);
	st_bind_str(s, 2, new_colours[st->nknown % (sizeof new_colours / sizeof new_colours[0])]);
	forget_names(st);
	if (st_run(st, s) != 0)
		return -1;
	if (st->nknown < 256 && (v = realloc(st->known, (st->nknown + 1) * sizeof *v)) != NULL) {
		st->known = v;
		if ((v[st->nknown] = strdup(name)) != NULL)
			st->nknown++;
	}
	return 0;
}

/* The doc's article row, text and FTS entry; the id in *id. */
static int
article_insert(store *st, const doc *d, const uint8_t *hash, int64_t chars, int64_t *id)
{
	sqlite3_stmt *a = st_q(st, Q_ART_INSERT), *t;
	char *title = NULL;
	const char *ti = d->title;
	int rc = -1;

	if (a == NULL)
		return -1;
	if (ti == NULL || *ti == '\0')
		ti = title = text_title(d->text, d->len, 120);
	sqlite3_bind_blob(a, 1, hash, CONTENT_HASH_LEN, SQLITE_STATIC);
	st_bind_str(a, 2, d->ext_id);
	st_bind_str(a, 3, ti ? ti : "");
	st_bind_str(a, 4, d->date);
	st_bind_str(a, 5, d->source);
	st_bind_str(a, 6, d->url);
	st_bind_str(a, 7, d->meta);
	st_bind_str(a, 8, st_status_valid(d->status) ? d->status : "unread");
	sqlite3_bind_int64(a, 9, (int64_t)d->position <= chars ? (int64_t)d->position : chars);
	sqlite3_bind_int64(a, 10, chars);
	sqlite3_bind_int64(a, 11, st_now());
	if (st->import_file)
		sqlite3_bind_int64(a, 12, st->import_file);
	else
		sqlite3_bind_null(a, 12);
	if (st_run(st, a) != 0)
		goto out;
	*id = sqlite3_last_insert_rowid(st->db);
	if ((!d->meta || !strstr(d->meta, "\"dateline\"")) && st_dateline_meta(st, *id, d->text, d->len) != 0)
		goto out;
	if ((t = st_q(st, Q_TEXT_INSERT)) == NULL)
		goto out;
	sqlite3_bind_int64(t, 1, *id);
	sqlite3_bind_text64(t, 2, d->text ? d->text : "", d->len, SQLITE_STATIC, SQLITE_UTF8);
	rc = st_run(st, t);
out:
	free(title);
	return rc;
}

/* Is there a span like sp (range, kind, label) in article aid? 1, 0, or -1. */
static int
span_same(store *st, int64_t aid, const span *sp)
{
	sqlite3_stmt *s = st_q(st, Q_SPAN_SAME);
	int64_t yes = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, aid);
	sqlite3_bind_int64(s, 2, (int64_t)sp->start);
	sqlite3_bind_int64(s, 3, (int64_t)sp->end);
	st_bind_str(s, 4, span_kind_name(sp->kind));
	st_bind_str(s, 5, sp->label);
	return st_one_int(st, s, &yes) < 0 ? -1 : yes != 0;
}

/* A key no article has for a kept duplicate: content_hash_kept(text, k)
 * for k = 1, 2... */
static int
kept_hash(store *st, const doc *d, uint8_t *hash)
{
	for (unsigned long k = 1; k < 1000000; k++) {
		sqlite3_stmt *s = st_q(st, Q_ART_BY_HASH);
		int64_t other;
		int rc;

		if (s == NULL)
			return -1;
		content_hash_kept(d->text ? d->text : "", d->len, k, hash);
		sqlite3_bind_blob(s, 1, hash, CONTENT_HASH_LEN, SQLITE_STATIC);
		if ((rc = st_one_int(st, s, &other)) < 0)
			return -1;
		if (rc == 0)
			return 0;
	}
	st_seterr(st, "too many copies of one text");
	return -1;
}

/* Statement i with ?1 = id and, when n > 0, ?2 = n. */
static int
run_id(store *st, enum q i, int64_t id, int64_t n)
{
	sqlite3_stmt *s = st_q(st, i);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (n > 0)
		sqlite3_bind_int64(s, 2, n);
	return st_run(st, s);
}

/* A span merged into an older article belongs to the file being
 * imported: taken out with it if the file fails. */
static int
tag_span(store *st, int64_t sid)
{
	return run_id(st, Q_SPAN_TAG, sid, st->import_file);
}

int
store_import_add(store *st, const doc *d, int64_t *id, int *dup)
{
	size_t added, same;

	return store_import_add_dup(st, d, STORE_DUP_SKIP, id, dup, &added, &same);
}

int
store_import_add_dup(store *st, const doc *d, int mode, int64_t *id, int *dup, size_t *added, size_t *same)
{
	uint8_t hash[CONTENT_HASH_LEN];
	sqlite3_stmt *s;
	int64_t chars, t = st_now(), sid;
	text_err te;
	int rc, merge = 0, alone;

	*dup = 0;
	*id = 0;
	*added = *same = 0;
	if (!st->importing) {
		st_seterr(st, "store: store_import_begin first");
		return -1;
	}
	if (import_lost(st))
		return -1;
	/* A reader that checked the text counted it (doc.chars): not twice. */
	if (d->chars > 0 && d->chars <= d->len) {
		chars = (int64_t)d->chars;
	} else {
		if (d->len > 0 && text_validate(d->text, d->len, &te) != 0) {
			st_seterr(st, "text is not valid UTF-8 at line %zu, byte %zu", te.line, te.col);
			return -1;
		}
		chars = (int64_t)utf8_count(d->text, d->len);
	}
	for (size_t i = 0; i < d->nspans; i++)
		if (st_span_check(st, &d->spans[i], chars) != 0)
			return -1;
	content_hash(d->text ? d->text : "", d->len, hash);
	if ((s = st_q(st, Q_ART_BY_HASH)) == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, hash, CONTENT_HASH_LEN, SQLITE_STATIC);
	if ((rc = st_one_int(st, s, id)) < 0)
		return -1;
	if (rc == 1) {
		*dup = 1;
		if (mode == STORE_DUP_SKIP || (mode == STORE_DUP_MERGE && d->nspans == 0)) {
			*same = d->nspans;
			return 0;
		}
		merge = mode == STORE_DUP_MERGE;
		if (!merge && kept_hash(st, d, hash) != 0)
			return -1;
	}
	/* Inside a caller's savepoint, or a file (which is taken out whole
	 * when it fails), the caller undoes a failure. */
	alone = st->savepoints == 0 && st->import_file == 0;
	if (alone && st_run_q(st, Q_SAVEPOINT) != 0)
		return -1;
	rc = merge ? 0 : article_insert(st, d, hash, chars, id);
	for (size_t i = 0; rc == 0 && i < d->nspans; i++) {
		const span *sp = &d->spans[i];
		int k = merge ? span_same(st, *id, sp) : 0;

		if (k < 0)
			rc = -1;
		else if (k > 0)
			(*same)++;
		else if (sp->label && label_ensure(st, sp->label) != 0)
			rc = -1;
		else if ((rc = st_span_insert(st, *id, sp, t, &sid)) == 0 && merge && st->import_file)
			rc = tag_span(st, sid);
		if (rc == 0 && k == 0)
			(*added)++;
	}
	if (alone && savepoint_close(st, rc == 0) != 0)
		rc = -1;
	if (rc != 0)
		*id = 0;
	return rc;
}

/*
 * A scheme that came with the imported data (gloss jsonl): a store without
 * any span takes it whole, so export + import gives the same database;
 * otherwise only the labels it lacks are added (keeping a key when free).
 */
int
store_import_labels(store *st, const label_scheme *ls)
{
	sqlite3_stmt *s;
	int64_t any = 0;

	if (!st->importing) {
		st_seterr(st, "store: store_import_begin first");
		return -1;
	}
	/* Taking a file out cannot restore a scheme it replaced: from here
	 * to its end (or next commit) the file has a savepoint. */
	if (st->import_file && !st->file_sp) {
		if (store_savepoint(st) != 0)
			return -1;
		st->file_sp = 1;
	}
	st_forget_labels(st);
	if ((s = st_q(st, Q_ANY_SPAN)) == NULL || st_one_int(st, s, &any) < 0)
		return -1;
	if (!any)
		return st_labels_write(st, ls);
	if ((s = st_q(st, Q_LABELS_MERGE)) == NULL)
		return -1;
	for (size_t i = 0; i < ls->n; i++) {
		const label *l = &ls->v[i];

		st_bind_label(s, l);
		if (st_run(st, s) != 0)
			return -1;
	}
	return 0;
}

/* Forget the labels known to exist: a rollback may have removed some. */
void
st_forget_labels(store *st)
{
	forget_names(st);
	for (size_t i = 0; i < st->nknown; i++)
		free(st->known[i]);
	st->nknown = 0;
}

/* --- a file across several commits ------------------------------------- */

int
store_import_file_begin(store *st, const char *path)
{
	sqlite3_stmt *s;

	if (!st->importing) {
		st_seterr(st, "store: store_import_begin first");
		return -1;
	}
	if (import_lost(st))
		return -1;
	/* the labels before the file (taking it out removes those it added),
	 * read once for all the files of a transaction that add none */
	if (st->label_names == NULL) {
		int rc;

		if ((s = st_q(st, Q_IMPF_NAMES)) == NULL)
			return -1;
		if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const unsigned char *v = sqlite3_column_text(s, 0);

			st->label_names = strdup(v ? (const char *)v : "[]");
		}
		if (st_done(st, s, rc) != 0) {
			forget_names(st);
			return -1;
		}
		if (st->label_names == NULL) {
			st_seterr(st, "out of memory");
			return -1;
		}
	}
	if ((s = st_q(st, Q_IMPF_START)) == NULL)
		return -1;
	st_bind_str(s, 1, path);
	sqlite3_bind_int64(s, 2, (int64_t)getpid());
	sqlite3_bind_int64(s, 3, st_now());
	st_bind_str(s, 4, st->label_names);
	if (st_run(st, s) != 0)
		return -1;
	st->import_file = sqlite3_last_insert_rowid(st->db);
	st->file_sp = st->file_open = 0;
	return 0;
}

/*
 * A writer waiting for the lock (the interface, trying every 5 ms while an
 * import runs) gets it in this gap: BEGIN IMMEDIATE right after COMMIT
 * would take the lock again before it looks.
 */
static void
let_waiters_in(void)
{
	struct timespec ts = { 0, 8 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

int
store_import_next(store *st)
{
	sqlite3_stmt *s;

	if (!st->importing) {
		st_seterr(st, "store: no import in progress");
		return -1;
	}
	if (st->file_sp) {
		st->file_sp = 0;
		if (store_savepoint_end(st, 1) != 0)
			goto fail;
	}
	/* The file's row is added done (most files end in the transaction
	 * they began in: one UPDATE less each); committed in the middle of
	 * its file it must say not done, for store_import_stale. */
	if (st->import_file && !st->file_open) {
		if (run_id(st, Q_IMPF_OPEN, st->import_file, 0) != 0)
			goto fail;
		st->file_open = 1;
	}
	if (import_lost(st) || import_commit(st) != 0)
		goto fail;
	let_waiters_in();
	forget_names(st); /* another process may change the scheme meanwhile */
	if (st_run_q(st, Q_BEGIN) != 0)
		goto fail;
	if ((s = st_q(st, Q_MAX_ID)) == NULL || st_one_int(st, s, &st->fts_from) < 0)
		goto fail;
	return 0;
fail:
	/* the import is over: what was committed stays */
	if (!sqlite3_get_autocommit(st->db))
		(void)st_rollback(st);
	st->importing = 0;
	st->savepoints = 0;
	st_forget_labels(st);
	import_settings(st, 0);
	return -1;
}

int
store_import_file_end(store *st, int ok, int64_t *split)
{
	int64_t id = st->import_file;
	int sp = st->file_sp, open = st->file_open, rc = 0;

	*split = 0;
	st->import_file = 0;
	st->file_sp = st->file_open = 0;
	if (ok) {
		if (!open || run_id(st, Q_IMPF_DONE, id, 0) == 0) {
			if (!sp || store_savepoint_end(st, 1) == 0)
				return 0;
			sp = 0; /* closed, or gone with the transaction */
		}
		rc = -1;
	}
	/* What the file stored (in this transaction or committed before) is
	 * taken out by store_import_file_undo. */
	if (sp && store_savepoint_end(st, 0) != 0)
		rc = -1;
	*split = id;
	return rc;
}

int
store_import_file_undo(store *st, int64_t id, size_t max, int *more)
{
	sqlite3_stmt *s;

	*more = 0;
	if (!st->importing) {
		st_seterr(st, "store: store_import_begin first");
		return -1;
	}
	if ((s = st_q(st, Q_IMPF_FTS_DEL)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	sqlite3_bind_int64(s, 3, st->fts_from);
	if (st_run(st, s) != 0 || run_id(st, Q_IMPF_ART_DEL, id, (int64_t)max) != 0)
		return -1;
	if (sqlite3_changes(st->db) > 0) {
		sqlite3_stmt *m = st_q(st, Q_MAX_ID);
		int64_t top;

		/* new articles may take the ids freed at the top: index them */
		if (m == NULL || st_one_int(st, m, &top) < 0)
			return -1;
		if (top < st->fts_from)
			st->fts_from = top;
		*more = 1;
		return 0;
	}
	st_forget_labels(st);
	if (run_id(st, Q_IMPF_SPAN_DEL, id, 0) != 0 || run_id(st, Q_IMPF_LABEL_DEL, id, 0) != 0 ||
	    run_id(st, Q_IMPF_FORGET, id, 0) != 0)
		return -1;
	return 0;
}

/* Is the process that started an import gone? This one counts as gone:
 * it runs one import at a time, so a row of its own is left over. */
static int
gone(int64_t pid)
{
	if (pid <= 0 || pid > INT32_MAX || pid == (int64_t)getpid())
		return 1;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

int
store_import_stale(store *st, int64_t *ids, size_t max, size_t *n)
{
	sqlite3_stmt *s = st_q(st, Q_IMPF_STALE);
	int rc;

	*n = 0;
	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (*n < max && gone(sqlite3_column_int64(s, 1)))
			ids[(*n)++] = sqlite3_column_int64(s, 0);
	return st_done(st, s, rc);
}
