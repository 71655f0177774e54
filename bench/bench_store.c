/*
 * bench_store.c: the store's speed targets (GUIDE §10).
 *
 * 1. One annotation action (span add, update, delete, undo, status) on a
 *    database file with synchronous=FULL: median and 99th percentile in µs
 *    (target: 200 µs).
 * 2. Import rate: N articles of gen_corpus.py JSONL (N from BENCH_N, default
 *    10000; the file is made once as bench/c<N>.jsonl). Three runs over the
 *    same parsed documents: the reader alone, a baseline that does what the
 *    sqlite3 shell's .import does (one transaction, one prepared INSERT per
 *    row into a plain table whose trigger feeds an FTS5 table), and gloss's
 *    import driver. Target: gloss within 1.3x of the baseline.
 *
 * Prints "name: value unit" lines; wall-clock and CPU seconds both, since
 * CPU time is the steadier figure on a shared machine.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "db/import.h"
#include "db/json_sqlite.h"
#include "db/store.h"
#include "bench/bench_util.h"

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
report(const char *name, double *us, size_t n)
{
	qsort(us, n, sizeof *us, dcmp);
	printf("%s: median %.0f us, p99 %.0f us\n", name, us[n / 2], us[n * 99 / 100]);
}

/* --- 1. action latency ---------------------------------------------------- */

/* The floor under any durable commit: one 4 KB write and fdatasync. */
static void
bench_fsync(const char *dir)
{
	enum { N = 200 };
	static double us[N];
	char path[512], block[4096];
	FILE *f;
	int fd;

	snprintf(path, sizeof path, "%s/fsync", dir);
	memset(block, 'x', sizeof block);
	if ((f = fopen(path, "wb")) == NULL)
		die(path, "cannot create");
	fd = fileno(f);
	for (int i = 0; i < N; i++) {
		double t0 = wall();

		if (pwrite(fd, block, sizeof block, (off_t)i * 4096) != (ssize_t)sizeof block || fdatasync(fd) != 0)
			die(path, "write failed");
		us[i] = (wall() - t0) * 1e6;
	}
	fclose(f);
	report("fdatasync_4k", us, N);
}

static void
bench_actions(const char *dir)
{
	enum { N = 500 };
	static double us[N];
	char path[512], err[256], text[2100];
	int64_t aid, art, ids[N];
	store *st;
	doc d;
	int dup;

	snprintf(path, sizeof path, "%s/actions.db", dir);
	if (store_open(path, &st, err, sizeof err) != 0)
		die(path, err);
	store_set_annotator(st, "bench");
	for (size_t i = 0; i < sizeof text - 1; i++)
		text[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 26);
	text[sizeof text - 1] = '\0';
	doc_init(&d);
	doc_set_text(&d, text, strlen(text));
	if (store_import_begin(st) != 0 || store_import_add(st, &d, &aid, &dup) != 0 || store_import_end(st, 1) != 0)
		die("import", store_errmsg(st));
	doc_clear(&d);

	for (int i = 0; i < N; i++) {
		span s = { 0 };
		double t0;

		s.start = (size_t)i;
		s.end = (size_t)i + 5;
		s.label = "PER";
		s.status = SPAN_CONFIRMED;
		s.confidence = 1;
		t0 = wall();
		if (store_span_add(st, aid, &s) != 0)
			die("span_add", store_errmsg(st));
		us[i] = (wall() - t0) * 1e6;
		ids[i] = s.id;
	}
	report("action_span_add", us, N);
	for (int i = 0; i < N; i++) {
		span s = { 0 };
		double t0;

		s.id = ids[i];
		s.label = "ORG";
		s.status = SPAN_CONFIRMED;
		s.confidence = 1;
		t0 = wall();
		if (store_span_update(st, &s) != 0)
			die("span_update", store_errmsg(st));
		us[i] = (wall() - t0) * 1e6;
	}
	report("action_span_update", us, N);
	for (int i = 0; i < N; i++) {
		double t0 = wall();

		if (store_undo(st, &art) != 0)
			die("undo", store_errmsg(st));
		us[i] = (wall() - t0) * 1e6;
	}
	report("action_undo", us, N);
	for (int i = 0; i < N; i++) {
		double t0 = wall();

		if (store_article_set_status(st, aid, i % 2 ? "done" : "started") != 0)
			die("set_status", store_errmsg(st));
		us[i] = (wall() - t0) * 1e6;
	}
	report("action_set_status", us, N);
	store_close(st);
}

/* --- 1b. pages per tag action ---------------------------------------------- */

/* A corpus big enough that every table and index has many pages (so one
 * action's pages do not share a page by accident): NART articles of ~600
 * characters, each with three suggestions, and some history. */
enum { NART = 3000 };

static void
tag_corpus(store *st)
{
	char text[640];
	doc d;
	int dup;

	if (store_import_begin(st) != 0)
		die("import", store_errmsg(st));
	for (int a = 0; a < NART; a++) {
		int64_t aid;

		for (size_t i = 0; i < sizeof text - 1; i++)
			text[i] = i % 7 == 6 ? ' ' : (char)('a' + (i * 7 + (size_t)a) % 26);
		snprintf(text + 600, sizeof text - 600, " %d", a); /* each text its own */
		doc_init(&d);
		doc_set_text(&d, text, strlen(text));
		for (int k = 0; k < 3; k++) {
			span s = { 0 };

			s.start = (size_t)k * 70;
			s.end = s.start + 6;
			s.label = k ? "ORG" : "PER";
			s.status = SPAN_SUGGESTED;
			s.source = SRC_MODEL;
			s.confidence = 0.5;
			if (doc_add_span(&d, &s) != 0)
				die("doc_add_span", "out of memory");
		}
		if (store_import_add(st, &d, &aid, &dup) != 0)
			die("import", store_errmsg(st));
		doc_clear(&d);
	}
	if (store_import_end(st, 1) != 0)
		die("import", store_errmsg(st));
}

struct pages {
	char names[512];
	size_t len;
};

static int
page_name(const char *name, uint32_t page, void *arg)
{
	struct pages *p = arg;
	int n = snprintf(p->names + p->len, sizeof p->names - p->len, "%s%s:%u", p->len ? " " : "", name, page);

	if (n > 0 && (size_t)n < sizeof p->names - p->len)
		p->len += (size_t)n;
	return 0;
}

/*
 * Frames one tag action (a confirmed span added by hand, as the 1-9 keys
 * do) appends to the WAL, on a corpus of NART articles in the middle
 * article, and the b-trees they belong to (first action after a warm-up);
 * then accept (update) and delete. CPU per action in µs beside it.
 */
static void
bench_tag_pages(const char *dir)
{
	enum { N = 200 };
	char path[512], err[256];
	static int64_t ids[N];
	int64_t aid = NART / 2, mark;
	int frames[3] = { 0 }, worst[3] = { 0 };
	double c[3];
	struct pages pg;
	store *st;

	snprintf(path, sizeof path, "%s/tag.db", dir);
	if (store_open(path, &st, err, sizeof err) != 0)
		die(path, err);
	store_set_annotator(st, "bench");
	tag_corpus(st);
	for (int op = 0; op < 3; op++) {
		double c0 = cpu();

		for (int i = 0; i < N; i++) {
			span s = { 0 };
			int rc, f;

			mark = store_wal_mark(st);
			s.id = ids[i];
			s.start = 210 + (size_t)i;
			s.end = s.start + 4;
			s.label = op == 1 ? "ORG" : "PER";
			s.status = SPAN_CONFIRMED;
			s.source = SRC_MANUAL;
			s.confidence = 1;
			rc = op == 0 ? store_span_add(st, aid, &s) : op == 1 ? store_span_update(st, &s) :
			    store_span_delete(st, ids[i]);
			if (rc != 0)
				die("tag", store_errmsg(st));
			ids[i] = s.id;
			f = store_wal_frames(st, mark, NULL, NULL);
			frames[op] += f;
			if (f > worst[op])
				worst[op] = f;
			if (i == N / 2) {
				memset(&pg, 0, sizeof pg);
				c[op] = cpu();
				store_wal_frames(st, mark, page_name, &pg);
				c0 += cpu() - c[op];
				printf("tag_pages_%s: %s\n", op == 0 ? "add" : op == 1 ? "update" : "delete", pg.names);
			}
		}
		c[op] = (cpu() - c0) * 1e6 / N;
	}
	printf("tag_frames: add %.2f (max %d), update %.2f (max %d), delete %.2f (max %d) per action (target 3)\n",
	    (double)frames[0] / N, worst[0], (double)frames[1] / N, worst[1], (double)frames[2] / N, worst[2]);
	printf("tag_cpu: add %.0f us, update %.0f us, delete %.0f us per action, with the fsync's system time\n",
	    c[0], c[1], c[2]);
	store_close(st);
}

/* --- 2. import rate -------------------------------------------------------- */

struct docs {
	doc *v;
	size_t n, cap;
};

static int
keep(const doc *d, void *arg)
{
	struct docs *ds = arg;
	doc *c;

	if (ds->n == ds->cap) {
		ds->cap = ds->cap ? ds->cap * 2 : 1024;
		if ((ds->v = realloc(ds->v, ds->cap * sizeof *ds->v)) == NULL)
			return 1;
	}
	c = &ds->v[ds->n++];
	doc_init(c);
	doc_set_text(c, d->text, d->len);
	doc_set_str(&c->title, d->title);
	doc_set_str(&c->date, d->date);
	doc_set_str(&c->ext_id, d->ext_id);
	return 0;
}

static int
drop(const doc *d, void *arg)
{
	(void)d;
	(*(size_t *)arg)++;
	return 0;
}

static void
sql(sqlite3 *db, const char *s)
{
	char *msg = NULL;

	if (sqlite3_exec(db, s, NULL, NULL, &msg) != SQLITE_OK)
		die(s, msg ? msg : "?");
}

/* The sqlite3 shell's .import: one transaction, a prepared INSERT per row. */
static void
baseline(const char *path, const struct docs *ds)
{
	sqlite3 *db;
	sqlite3_stmt *s;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	sql(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	    "CREATE TABLE a(ext_id TEXT, title TEXT, date TEXT, text TEXT);"
	    "CREATE VIRTUAL TABLE f USING fts5(title, text, content = 'a', content_rowid = 'rowid');"
	    "CREATE TRIGGER a_ai AFTER INSERT ON a BEGIN "
	    "INSERT INTO f(rowid, title, text) VALUES (new.rowid, new.title, new.text); END;"
	    "BEGIN");
	if (sqlite3_prepare_v2(db, "INSERT INTO a VALUES (?1, ?2, ?3, ?4)", -1, &s, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(db));
	for (size_t i = 0; i < ds->n; i++) {
		const doc *d = &ds->v[i];

		sqlite3_bind_text(s, 1, d->ext_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, d->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, d->date, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, d->text, (int)d->len, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			die("insert", sqlite3_errmsg(db));
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	sql(db, "COMMIT");
	sqlite3_close(db);
}

static void
bench_import(const char *dir)
{
	const char *gen = getenv("GEN_CORPUS"), *ns = getenv("BENCH_N");
	const fmt *jsonl = fmt_by_name("jsonl");
	long n = ns ? atol(ns) : 10000;
	char corpus[256], cmd[1024], path[512], err[256];
	struct docs ds = { 0 };
	fmt_input in;
	fmt_opts fo;
	fmt_report rep;
	doc_err derr;
	size_t len, count = 0;
	double w0, c0, wb, cb, wg, cg, wp, cp;
	import_opts o;
	import_stats stats;
	jsonp *jp = jsonp_new();
	store *st;
	char *buf;

	snprintf(corpus, sizeof corpus, "bench/c%ld.jsonl", n);
	if (access(corpus, R_OK) != 0) {
		if (gen == NULL || access(gen, R_OK) != 0) {
			printf("import: skipped (no gen_corpus.py: set GEN_CORPUS)\n");
			return;
		}
		snprintf(cmd, sizeof cmd, "python3 '%s' corpus -n %ld --jsonl %s.tmp && mv %s.tmp %s", gen, n, corpus,
		    corpus, corpus);
		if (system(cmd) != 0)
			die(cmd, "failed");
	}
	buf = slurp(corpus, &len);
	in = (fmt_input){ corpus, buf, len, NULL, 0 };
	memset(&fo, 0, sizeof fo);
	fo.json_parse = jsonp_parse;
	fo.json_ctx = jp;
	fo.as_status = SPAN_CONFIRMED;

	/* The reader alone. */
	memset(&rep, 0, sizeof rep);
	w0 = wall();
	c0 = cpu();
	if (jsonl->read(&in, &fo, drop, &count, &rep, &derr) != 0)
		die(corpus, derr.msg);
	wp = wall() - w0;
	cp = cpu() - c0;
	if (jsonl->read(&in, &fo, keep, &ds, &rep, &derr) != 0)
		die(corpus, derr.msg);
	fmt_report_free(&rep);

	snprintf(path, sizeof path, "%s/baseline.db", dir);
	w0 = wall();
	c0 = cpu();
	baseline(path, &ds);
	wb = wall() - w0;
	cb = cpu() - c0;

	snprintf(path, sizeof path, "%s/gloss.db", dir);
	if (store_open(path, &st, err, sizeof err) != 0)
		die(path, err);
	memset(&o, 0, sizeof o);
	o.format = jsonl;
	o.fo.as_status = SPAN_CONFIRMED;
	w0 = wall();
	c0 = cpu();
	if (import_buffers(st, &in, 1, &o, &stats) != 0 || stats.articles != ds.n)
		die("import", store_errmsg(st));
	wg = wall() - w0;
	cg = cpu() - c0;
	store_close(st);

	printf("import_articles: %zu\n", ds.n);
	printf("import_reader_only: %.0f articles/s (wall %.2f s, cpu %.2f s)\n", (double)ds.n / wp, wp, cp);
	printf("import_sqlite_baseline: %.0f articles/s (wall %.2f s, cpu %.2f s)\n", (double)ds.n / wb, wb, cb);
	printf("import_gloss_jsonl: %.0f articles/s (wall %.2f s, cpu %.2f s)\n", (double)ds.n / wg, wg, cg);
	/* The shell parses its input too: compare with baseline + reader. */
	printf("import_ratio: %.2f wall, %.2f cpu (gloss / (baseline + reader); target <= 1.3)\n", wg / (wb + wp),
	    cg / (cb + cp));
	for (size_t i = 0; i < ds.n; i++)
		doc_clear(&ds.v[i]);
	free(ds.v);
	free(buf);
	jsonp_free(jp);
}

/* "bench_store tag": only the pages and CPU of a tag action. */
int
main(int argc, char **argv)
{
	char dir[] = "/tmp/gloss-bench-store.XXXXXX", cmd[64];
	int tag_only = argc > 1 && strcmp(argv[1], "tag") == 0;

	bench_name = "bench_store";
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", "failed");
	if (!tag_only) {
		bench_fsync(dir);
		bench_actions(dir);
	}
	bench_tag_pages(dir);
	if (!tag_only)
		bench_import(dir);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
