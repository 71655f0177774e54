/*
 * import.c: the import driver (GUIDE §2).
 *
 * First every path is expanded into a list of inputs (import_inputs.c:
 * directories walked, brat .txt/.ann pairs found, sizes summed for the
 * progress total). Then the inputs are read one by one and handed to their format's reader,
 * whose docs go straight into the store: a format whose reader streams
 * (FMT_STREAMS: the JSON family, CoNLL) gets a window of about 4 MB and
 * asks for more through fmt_opts.more (stream_more), the others get the
 * whole file. A transaction holds about BATCH_TARGET of work (many small
 * files, or a part of a large one), so the WAL stays small and another
 * gloss waits for the lock at most about that long. Each file has its own
 * import_files row, which its articles carry: a file that fails is taken
 * out again (undo_file), what this transaction holds of it and the parts
 * committed before, so it leaves nothing behind and the import goes on. A
 * file whose import was killed is taken out by the next import (undo_stale).
 *
 * Problems are reported as "file:line:byte: message" (line and byte from
 * the reader, 1-based; ":byte" left out when the reader does not know it).
 */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "db/feeds.h"
#include "db/import.h"
#include "db/import_int.h"
#include "db/json_sqlite.h"
#include "model/buf.h"

/* Commit the batch after this many bytes or seconds of storing records,
 * also in the middle of a file: indexing the batch for full-text search
 * at its commit takes about as long again, so another gloss that wants to
 * write waits at most about 0.1 s. */
#define BATCH_BYTES (64u << 20)
#define BATCH_SECONDS 0.04
/* What a transaction should take at most, all told (issue 10): the time
 * for records is adapted to it, within BATCH_MIN..BATCH_SECONDS. Batches
 * are timed in CPU time, so that a busy machine does not make them tiny
 * (each commit costs the full-text index a segment): on an idle one a
 * transaction then takes about BATCH_TARGET plus its fsync. */
#define BATCH_TARGET 0.07
#define BATCH_MIN 0.01
#define BATCH_CLOCK CLOCK_PROCESS_CPUTIME_ID
/* Bytes of a streamed file read at a time. */
#define STREAM_CHUNK ((size_t)4 << 20)
/* Articles a failed file's clean-up takes out per statement. */
#define UNDO_STEP 500

struct run {
	store *st;
	const import_opts *o;
	fmt_opts fo;          /* o->fo plus the JSON parser */
	jsonp *json;
	import_stats *stats;
	size_t done, total;   /* bytes, for progress */
	char *buf, *auxbuf;   /* reused read buffers */
	size_t bufcap, auxcap;
	size_t batch_bytes;
	double batch_seconds; /* BATCH_SECONDS, or import_opts.batch_ms */
	struct timespec batch_start;
	size_t file_docs;     /* docs of the current file stored in this batch */
	int64_t split;        /* a file that failed after parts of it were committed */
	import_stats pending; /* files imported in the batch not yet committed */
	int store_failed;     /* the store itself failed: stop */
	/* per file */
	size_t articles, dups, spans, ndoc, merged, kept, mspans, same;
	span *tmp;            /* span copies with --as applied */
	size_t ntmp;
	/* the file being streamed (stream_more) */
	int fd, eof;
	size_t win;           /* bytes of it in buf */
	size_t streamed;      /* bytes of it read so far */
	char emsg[512];       /* why emit stopped the reader */
};

static void
problem(struct run *r, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void
problem(struct run *r, const char *format, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, format);
	vsnprintf(line, sizeof line, format, ap);
	va_end(ap);
	if (r->o && r->o->problem)
		r->o->problem(r->o->arg, line);
}

/*
 * The store itself failed (disk full, I/O error, damage): the import stops
 * and says why once (import_stats.stopped); the batch in progress is lost,
 * what was committed before stays. Returns 1 (stop the reader).
 */
static int
stop(struct run *r)
{
	if (!r->store_failed)
		snprintf(r->stats->stopped, sizeof r->stats->stopped, "%s", store_errmsg(r->st));
	r->store_failed = 1;
	return 1;
}

/* A batch was committed: its files now count. */
static void
count_committed(struct run *r)
{
	import_stats *p = &r->pending, *s = r->stats;

	s->articles += p->articles;
	s->duplicates += p->duplicates;
	s->merged += p->merged;
	s->kept += p->kept;
	s->merged_spans += p->merged_spans;
	s->same_spans += p->same_spans;
	s->spans += p->spans;
	s->replaced += p->replaced;
	s->skipped += p->skipped;
	memset(p, 0, sizeof *p);
}

/*
 * What gloss stores it must export and read back (GUIDE §6): a text with
 * a NUL byte or a label no scheme can hold is refused at the door, for
 * every format. 0, or -1 with msg.
 */
static int
doc_refused(const doc *d, size_t n, char *msg, size_t msgsz)
{
	const char *nul = memchr(d->text, '\0', d->len);
	char why[128];

	if (nul != NULL) {
		snprintf(msg, msgsz, "article %zu: the text holds a NUL byte (U+0000) at byte %zu, which gloss does not keep",
		    n, (size_t)(nul - d->text));
		return -1;
	}
	for (size_t i = 0; i < d->nspans; i++)
		if (d->spans[i].label != NULL
		    && label_name_check(d->spans[i].label, strlen(d->spans[i].label), why, sizeof why) != 0) {
			snprintf(msg, msgsz, "article %zu: span %zu: %s", n, i + 1, why);
			return -1;
		}
	return 0;
}

static int next_batch(struct run *r);
static int batch_due(struct run *r);

/*
 * The reader's callback: store one doc. Spans the format gave no status
 * (status < 0) take --as; the doc is the reader's, so those go through a
 * shallow copy of the span array.
 */
static int
emit(const doc *d, void *arg)
{
	struct run *r = arg;
	doc copy;
	const doc *use = d;
	int64_t id;
	size_t added, same;
	int dup;

	r->ndoc++;
	if (doc_refused(d, r->ndoc, r->emsg, sizeof r->emsg) != 0)
		return 1;
	for (size_t i = 0; i < d->nspans; i++) {
		if (d->spans[i].status >= 0)
			continue;
		if (r->ntmp < d->nspans) {
			span *t = realloc(r->tmp, d->nspans * sizeof *t);

			if (t == NULL) {
				snprintf(r->emsg, sizeof r->emsg, "out of memory");
				return 1;
			}
			r->tmp = t;
			r->ntmp = d->nspans;
		}
		memcpy(r->tmp, d->spans, d->nspans * sizeof *r->tmp);
		for (size_t j = i; j < d->nspans; j++)
			if (r->tmp[j].status < 0)
				r->tmp[j].status = r->fo.as_status;
		copy = *d;
		copy.spans = r->tmp;
		use = &copy;
		break;
	}
	/* A long file is committed in parts too (its first doc of a batch
	 * always goes in, so each commit makes progress). */
	if (r->file_docs > 0 && batch_due(r) && next_batch(r) != 0)
		return 1;
	r->file_docs++;
	if (r->o->skip_known && (d->ext_id || d->url)) {
		int known;

		if (store_article_known(r->st, d->ext_id, d->url, &known) != 0)
			return stop(r);
		if (known) {
			r->dups++;
			return 0;
		}
	}
	if (store_import_add_dup(r->st, use, r->o->duplicates, &id, &dup, &added, &same) != 0) {
		if (store_fail_kind(r->st) != STORE_FAIL_DATA)
			return stop(r);
		snprintf(r->emsg, sizeof r->emsg, "article %zu: %s", r->ndoc, store_errmsg(r->st));
		return 1;
	}
	r->same += same;
	if (dup && r->o->duplicates == STORE_DUP_KEEP) {
		r->kept++;
		r->articles++;
		r->spans += added;
	} else if (dup && added > 0) {
		r->merged++;
		r->mspans += added;
	} else if (dup) {
		r->dups++;
	} else {
		r->articles++;
		r->spans += added;
	}
	return 0;
}

/* A jsonl label record: the store adds what its scheme lacks. */
static int
on_labels(const label_scheme *ls, void *arg)
{
	struct run *r = arg;

	if (ls == NULL)
		return 0;
	if (store_import_labels(r->st, ls) != 0) {
		snprintf(r->emsg, sizeof r->emsg, "label scheme: %s", store_errmsg(r->st));
		return 1;
	}
	return 0;
}

static double
elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(BATCH_CLOCK, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Commit what is done so far (the file being read included) and open the
 * next batch. */
static int
next_batch(struct run *r)
{
	double work = elapsed(&r->batch_start), total;

	if (store_import_next(r->st) != 0) {
		stop(r);
		return -1;
	}
	/* The commit (full-text entries, fsync) and a busy machine add to the
	 * time the lock is held: aim the next batch at BATCH_TARGET in all. */
	total = elapsed(&r->batch_start);
	if (!r->o->batch_ms && total > 0 && work > 0) {
		double b = r->batch_seconds * BATCH_TARGET / total;

		r->batch_seconds = b < BATCH_MIN ? BATCH_MIN : b > BATCH_SECONDS ? BATCH_SECONDS : b;
	}
	count_committed(r);
	r->batch_bytes = 0;
	r->file_docs = 0;
	clock_gettime(BATCH_CLOCK, &r->batch_start);
	return 0;
}

static int
batch_due(struct run *r)
{
	return r->batch_bytes >= BATCH_BYTES || elapsed(&r->batch_start) >= r->batch_seconds;
}

/*
 * Take out what file id stored in earlier commits (it failed, or the
 * import that read it was killed), a few hundred articles per statement,
 * committing as batches do. 0, or -1 when the store failed.
 */
static int
undo_file(struct run *r, int64_t id)
{
	int more = 1;

	while (more) {
		if (store_import_file_undo(r->st, id, UNDO_STEP, &more) != 0)
			return stop(r), -1;
		if (batch_due(r) && next_batch(r) != 0)
			return -1;
	}
	return 0;
}

/* Files a killed import left half stored are taken out first, so that
 * importing them again stores each article once. */
static int
undo_stale(struct run *r)
{
	int64_t ids[64];
	size_t n;

	if (store_import_stale(r->st, ids, sizeof ids / sizeof ids[0], &n) != 0)
		return stop(r), -1;
	for (size_t i = 0; i < n; i++)
		if (undo_file(r, ids[i]) != 0)
			return -1;
	return 0;
}

static int
io_error(doc_err *err)
{
	doc_err_set(err, 0, 0, "%s", strerror(errno));
	return -1;
}

/*
 * Read from fd until r->buf holds want bytes (grown as needed) or the
 * file ends (*eof). *n is what it holds; r->buf stays NUL-terminated.
 */
static int
fill(int fd, struct run *r, size_t *n, size_t want, int *eof)
{
	while (*n < want && !*eof) {
		ssize_t got;

		if (r->bufcap < want + 1) {
			char *b = realloc(r->buf, want + 1);

			if (b == NULL) {
				errno = ENOMEM;
				return -1;
			}
			r->buf = b;
			r->bufcap = want + 1;
		}
		got = read(fd, r->buf + *n, want - *n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			*eof = 1;
		*n += (size_t)got;
	}
	r->buf[*n] = '\0';
	return 0;
}

/* The rest of fd after the first chunk in->buf (r->buf): all of it. */
static int
slurp_rest(int fd, struct run *r, fmt_input *in)
{
	size_t n = in->len;
	int eof = 0;

	while (!eof)
		if (fill(fd, r, &n, n < STREAM_CHUNK ? STREAM_CHUNK : n * 2, &eof) != 0)
			return -1;
	in->buf = r->buf;
	in->len = n;
	return 0;
}

/*
 * fmt_opts.more for a file read as a stream: keep the window's last keep
 * bytes, read at least STREAM_CHUNK more after them. Memory stays at a
 * chunk plus the longest record, whatever the file's size.
 */
static int
stream_more(void *arg, size_t keep, const char **buf, size_t *len)
{
	struct run *r = arg;
	size_t before;

	if (keep > r->win)
		keep = r->win;
	memmove(r->buf, r->buf + r->win - keep, keep);
	r->win = before = keep;
	if (!r->eof && fill(r->fd, r, &r->win, keep + STREAM_CHUNK, &r->eof) != 0)
		return -1;
	r->streamed += r->win - before;
	*buf = r->buf;
	*len = r->win;
	if (r->o->progress && r->total > 0)
		r->o->progress(r->o->arg, r->done + r->streamed, r->total);
	return r->win > before ? 1 : 0;
}

/*
 * Import one input in its own savepoint. Returns 0, 1 when the input was
 * refused (reported; nothing of it stored), -1 when the store failed.
 */
static int
import_one(struct run *r, const char *name, const fmt *f, const char *buf, size_t len, const char *aux,
    size_t auxlen, const char *auxname, int fd)
{
	fmt_input in = { name, buf, len, aux, auxlen };
	char auxbuf[1024];
	fmt_opts fo;
	fmt_report rep;
	doc_err err;
	int64_t split;
	int rc;

	if (f == NULL && (f = fmt_detect(strcmp(name, "-") ? name : NULL, buf, len)) == NULL)
		f = fmt_by_name("txt");
	if (f == NULL || f->read == NULL) {
		/* Label Studio's CSV and TSV exports carry these columns. */
		if (f != NULL && strcmp(f->name, "csv") == 0 && memmem(buf, len < 4096 ? len : 4096, "annotation_id", 13))
			problem(r, "%s: a Label Studio CSV/TSV export cannot be imported: export the project as JSON"
			    " or JSON-MIN", name);
		else
			problem(r, "%s: %s files cannot be imported (export only)", name, f ? f->name : "?");
		return 1;
	}
	if (r->json == NULL && (r->json = jsonp_new()) == NULL) {
		snprintf(r->stats->stopped, sizeof r->stats->stopped, "out of memory");
		r->store_failed = 1;
		return -1;
	}
	r->fo.json_parse = jsonp_parse;
	r->fo.json_ctx = r->json;
	r->fo.on_labels = on_labels;
	r->fo.labels_arg = r;
	memset(&rep, 0, sizeof rep);
	memset(&err, 0, sizeof err);
	r->articles = r->dups = r->spans = r->ndoc = r->merged = r->kept = r->mspans = r->same = 0;
	r->emsg[0] = '\0';
	r->file_docs = 0;
	if (store_import_file_begin(r->st, name) != 0) {
		stop(r);
		return -1;
	}
	fo = r->fo;
	if (fo.offsets == FMT_OFF_GRAPHEMES && !(f->takes & FMT_TAKES_GRAPHEMES))
		fo.offsets = FMT_OFF_DEFAULT; /* noted below */
	if (fd >= 0 && (f->takes & FMT_STREAMS)) {
		fo.more = stream_more;
		fo.more_arg = r;
		r->fd = fd;
		r->win = len;
		r->eof = 0;
		r->streamed = len;
		rc = f->read(&in, &fo, emit, r, &rep, &err);
		len = r->streamed;
	} else if (fd >= 0 && slurp_rest(fd, r, &in) != 0) {
		rc = io_error(&err);
	} else {
		rc = f->read(&in, &fo, emit, r, &rep, &err);
		len = in.len;
	}
	if (rc != 0 && r->store_failed) {
		if (store_import_file_end(r->st, 0, &split) == 0 || split)
			r->split = split; /* run_end tries to take its parts out */
		fmt_report_free(&rep);
		return -1;
	}
	if (rc != 0) {
		const char *msg = r->emsg[0] ? r->emsg : err.msg;

		/* Name the file the problem is in (brat: the .ann beside name). */
		if (err.in_aux && !r->emsg[0]) {
			if (auxname == NULL && import_has_suffix(name, ".txt"))
				snprintf(auxbuf, sizeof auxbuf, "%.*s.ann", (int)(strlen(name) - 4), name);
			else
				snprintf(auxbuf, sizeof auxbuf, "%s", auxname ? auxname : "(annotations)");
			name = auxbuf;
		}

		if (store_import_file_end(r->st, 0, &split) != 0 || (split && undo_file(r, split) != 0)) {
			r->split = split;
			stop(r);
			fmt_report_free(&rep);
			return -1;
		}
		if (err.line && err.col)
			problem(r, "%s:%zu:%zu: %s", name, err.line, err.col, msg);
		else if (err.line)
			problem(r, "%s:%zu: %s", name, err.line, msg);
		else
			problem(r, "%s: %s", name, msg);
		fmt_report_free(&rep);
		return 1;
	}
	if (store_import_file_end(r->st, 1, &split) != 0) {
		r->split = split;
		stop(r);
		fmt_report_free(&rep);
		return -1;
	}
	r->pending.articles += r->articles;
	r->pending.duplicates += r->dups;
	r->pending.merged += r->merged;
	r->pending.kept += r->kept;
	r->pending.merged_spans += r->mspans;
	r->pending.same_spans += r->same;
	r->pending.spans += r->spans;
	r->pending.replaced += rep.replaced;
	r->pending.skipped += rep.skipped;
	if ((r->fo.offsets != FMT_OFF_DEFAULT && !(f->takes & FMT_TAKES_OFFSETS))
	    || (r->fo.offsets == FMT_OFF_GRAPHEMES && !(f->takes & FMT_TAKES_GRAPHEMES))
	    || (r->fo.scheme != FMT_SCHEME_AUTO && !(f->takes & FMT_TAKES_SCHEME))
	    || (r->fo.tagcol > 0 && !(f->takes & FMT_TAKES_COLUMNS)))
		problem(r, "%s: note: read as %s, which has no use for --%s: ignored", name, f->name,
		    r->fo.scheme != FMT_SCHEME_AUTO && !(f->takes & FMT_TAKES_SCHEME) ? "scheme"
		    : r->fo.tagcol > 0 && !(f->takes & FMT_TAKES_COLUMNS) ? "columns" : "offsets");
	if (rep.what.len)
		problem(r, "%s: note: %s", name, fmt_report_what(&rep));
	else if (r->ndoc == 0)
		problem(r, "%s: note: no articles in the file (%s), nothing imported", name, f->name);
	fmt_report_free(&rep);
	r->batch_bytes += len + auxlen;
	if (batch_due(r) && next_batch(r) != 0)
		return -1;
	return 0;
}

static int
run_begin(struct run *r, store *st, const import_opts *o, import_stats *stats)
{
	memset(r, 0, sizeof *r);
	memset(stats, 0, sizeof *stats);
	r->st = st;
	r->o = o;
	r->fo = o->fo;
	r->stats = stats;
	r->batch_seconds = o->batch_ms ? (double)o->batch_ms / 1000.0 : BATCH_SECONDS;
	clock_gettime(BATCH_CLOCK, &r->batch_start);
	if (store_import_begin(st) != 0)
		return -1;
	if (undo_stale(r) != 0) {
		(void)store_import_end(st, 0);
		return -1;
	}
	return 0;
}

static int
run_end(struct run *r, int failed)
{
	int rc = 0;

	if (store_import_end(r->st, !r->store_failed) != 0) {
		if (!r->store_failed)
			stop(r);
		rc = -1;
	} else if (r->store_failed) {
		rc = -1;
	} else {
		count_committed(r);
	}
	/* The store failed in a file whose first parts were committed: try to
	 * take them out now (the next import does it otherwise). */
	if (r->split && store_import_begin(r->st) == 0) {
		r->store_failed = 0;
		if (undo_file(r, r->split) != 0 || store_import_end(r->st, 1) != 0)
			(void)store_import_end(r->st, 0);
	}
	jsonp_free(r->json);
	free(r->buf);
	free(r->auxbuf);
	free(r->tmp);
	return rc < 0 ? -1 : failed ? 1 : 0;
}

static void
progress(struct run *r)
{
	if (r->o->progress)
		r->o->progress(r->o->arg, r->done, r->total);
}

int
import_paths(store *st, char *const *paths, size_t npaths, const import_opts *o, import_stats *stats)
{
	struct inputs in = { 0 };
	struct run r;
	int failed = 0;

	if (run_begin(&r, st, o, stats) != 0)
		return -1;
	if (import_collect(&in, paths, npaths, o->format) != 0) {
		problem(&r, "out of memory");
		r.store_failed = 1;
	}
	stats->ignored = in.ignored;
	for (size_t i = 0; i < in.n; i++)
		r.total += (size_t)in.v[i].size;
	progress(&r);
	clock_gettime(BATCH_CLOCK, &r.batch_start); /* walking took time, not the batch */
	for (size_t i = 0; i < in.n && !r.store_failed; i++) {
		struct input *e = &in.v[i];
		size_t len = 0, auxlen = 0;
		int rc, fd = -1, eof = 0;

		if (e->problem) {
			problem(&r, "%s: %s", e->path, e->problem);
			stats->failed++;
			failed = 1;
			continue;
		}
		/* The first chunk tells the format; import_one reads the rest
		 * (streaming formats) or all of it. */
		if ((fd = import_open(e->path)) < 0 || fill(fd, &r, &len, STREAM_CHUNK, &eof) != 0 ||
		    (e->aux && import_read_path(e->aux, &r.auxbuf, &r.auxcap, &auxlen) != 0)) {
			problem(&r, "%s: %s", e->path, strerror(errno));
			if (fd > 0)
				close(fd);
			stats->failed++;
			failed = 1;
			continue;
		}
		stats->files++;
		rc = import_one(&r, strcmp(e->path, "-") ? e->path : "<stdin>", e->f, r.buf, len,
		    e->aux ? r.auxbuf : NULL, auxlen, e->aux, eof ? -1 : fd);
		if (fd > 0)
			close(fd);
		if (rc != 0) {
			stats->failed++;
			failed = 1;
		}
		r.done += (size_t)e->size;
		progress(&r);
	}
	import_inputs_free(&in);
	return run_end(&r, failed);
}

int
import_buffers(store *st, const fmt_input *inputs, size_t n, const import_opts *o, import_stats *stats)
{
	struct run r;
	int failed = 0;

	if (run_begin(&r, st, o, stats) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		r.total += inputs[i].len + inputs[i].auxlen;
	for (size_t i = 0; i < n && !r.store_failed; i++) {
		const fmt_input *e = &inputs[i];
		const fmt *f = o->format ? o->format : e->aux ? fmt_by_name("brat") : NULL;

		stats->files++;
		if (import_one(&r, e->name, f, e->buf, e->len, e->aux, e->auxlen, NULL, -1) != 0) {
			stats->failed++;
			failed = 1;
		}
		r.done += e->len + e->auxlen;
		progress(&r);
	}
	return run_end(&r, failed);
}
