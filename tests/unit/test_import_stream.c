/*
 * test_import_stream.c: files of every format read as a stream (JSONL,
 * doccano, Label Studio and spaCy JSON arrays, CoNLL) are imported record
 * by record, not read whole: importing a generated 32 MB file keeps the
 * process's peak memory (VmHWM, reset before each) well under the file's
 * size, and a bad record deep in the file is reported at its line in the
 * whole file, with nothing of the file stored. Its own program: VmHWM is
 * the peak of the process.
 */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "db/import.h"
#include "db/store_int.h"

/* AddressSanitizer keeps freed memory in quarantine (256 MB by default)
 * and allocates shadow memory: the high-water mark says nothing about the
 * import there, so the memory bound is checked in the plain build only
 * (.ci/run runs both). */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static char dir[64];

/* Peak resident memory of this process in KiB (0 if unknown). */
static long
vm_hwm_kib(void)
{
	char line[256];
	long kib = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* The formats read as streams, and how a generated file is laid out. */
enum { JSONL, DOCCANO, LABELSTUDIO, SPACY, CONLL };
static const char *const fmt_names[] = { "jsonl", "doccano", "labelstudio", "spacy", "conll" };
static const char *const fmt_exts[] = { "jsonl", "json", "json", "json", "conll" };
static const char *jsonl_label = "ORG"; /* the label of gen's JSONL spans */

/*
 * A file of n articles of about size bytes each in format k (JSON arrays
 * one record per line); article bad (1-based, 0 = none) is broken. The
 * line the broken article's problem is on goes to *bad_line.
 */
static void
gen(const char *path, int k, size_t n, size_t size, size_t bad, size_t *bad_line)
{
	static const char *w[] = { "council", "Vienna", "river", "said", "the", "minister", "Zoë", "tour" };
	FILE *f = fopen(path, "w");
	size_t line = 1;

	assert_non_null(f);
	if (k != JSONL && k != CONLL) {
		fputs("[\n", f);
		line++;
	}
	for (size_t i = 1; i <= n; i++) {
		size_t len = 0;

		if (k == CONLL) {
			fprintf(f, "-DOCSTART- -X- O O\n\nReport B-ORG\n%zu O\n", i);
			line += 4;
			for (size_t j = 0; len < size; j++) {
				const char *tag = j % 13 == 1 ? "B-LOC" : "O";

				if (i == bad && j == 50) {
					tag = "X-LOC";
					*bad_line = line;
				}
				len += (size_t)fprintf(f, "%s %s\n", w[(i * 7 + j * 3) % 8], tag) - 2;
				line++;
				if (j % 13 == 12) {
					fputs(". O\n\n", f);
					line += 2;
				}
			}
			fputs("\n", f);
			line++;
			continue;
		}
		if (i > 1 && k != JSONL)
			fputs(",\n", f);
		if (i == bad) {
			*bad_line = line++;
			fputs(k == JSONL ? "{\"text\": \"unterminated\n" : "{\"text\": \"unterminated", f);
			continue;
		}
		len += (size_t)fprintf(f, k == LABELSTUDIO ? "{\"data\": {\"text\": \"Report %zu." : "{\"text\": \"Report %zu.", i);
		for (size_t j = 0; len < size; j++)
			len += (size_t)fprintf(f, " %s%s", w[(i * 7 + j * 3) % 8], j % 13 == 12 ? "." : "");
		/* one span over "Report" */
		if (k == JSONL)
			fprintf(f, "\", \"spans\": [{\"start\": 0, \"end\": 6, \"label\": \"%s\"}]}\n", jsonl_label);
		else
			fputs(k == DOCCANO ? "\", \"label\": [[0, 6, \"ORG\"]]}"
			    : k == LABELSTUDIO ? "\"}, \"annotations\": [{\"result\": [{\"value\": {\"start\": 0, \"end\": 6, "
			    "\"labels\": [\"ORG\"]}, \"from_name\": \"label\", \"to_name\": \"text\", \"type\": \"labels\"}]}]}"
			    : "\", \"spans\": [{\"start\": 0, \"end\": 6, \"label\": \"ORG\"}], \"answer\": \"accept\"}", f);
		line++;
	}
	if (k != JSONL && k != CONLL)
		fputs("\n]\n", f);
	assert_int_equal(fclose(f), 0);
}

struct probs {
	char first[512];
	size_t n;
};

static void
on_problem(void *arg, const char *line)
{
	struct probs *p = arg;

	if (p->n++ == 0)
		snprintf(p->first, sizeof p->first, "%s", line);
}

static int import_into(const char *db, const char *path, const fmt *f, unsigned batch_ms, struct probs *p,
    import_stats *stats);

static int
run_import(const char *path, int k, struct probs *p, import_stats *stats)
{
	char dbp[128];
	int rc;

	snprintf(dbp, sizeof dbp, "%s/t.db", dir);
	rc = import_into(dbp, path, fmt_by_name(fmt_names[k]), 0, p, stats);
	unlink(dbp);
	return rc;
}

/* Forget the peak so far (Linux >= 4.0); 0 if it cannot. */
static int
hwm_reset(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	int ok;

	if (f == NULL)
		return 0;
	ok = fputs("5", f) >= 0;
	return fclose(f) == 0 && ok;
}

/*
 * A generated 32 MB file of format k imports with the peak memory growing
 * by well under its size: reading it whole would add all of it (and the
 * doubling buffer more).
 */
static void
stream_memory(int k)
{
	char path[128];
	struct probs p;
	import_stats stats;
	long before, after;
	size_t bl = 0;

	snprintf(path, sizeof path, "%s/big.%s", dir, fmt_exts[k]);
	gen(path, k, 1280, 25000, 0, &bl); /* ~32 MB */
	if (!hwm_reset())
		print_message("cannot reset VmHWM: the bound is from the program's start\n");
	before = vm_hwm_kib();
	assert_int_equal(run_import(path, k, &p, &stats), 0);
	after = vm_hwm_kib();
	assert_int_equal(stats.articles, 1280);
	assert_true(stats.spans >= 1280);
	unlink(path);
#ifdef UNDER_ASAN
	return; /* cmocka's TAP skip reads as a failure: the import was checked above */
#endif
	if (after == 0)
		return; /* no /proc */
	print_message("%s: VmHWM %ld KiB before, %ld KiB after importing 32 MB\n", fmt_names[k], before, after);
	assert_true(after - before < 20 * 1024);
}

/* A broken article near the end of an 8 MB file: reported at its line in
 * the whole file, nothing of the file stored. */
static void
stream_error_line(int k)
{
	char path[128], want[160];
	struct probs p;
	import_stats stats;
	size_t bl = 0;

	snprintf(path, sizeof path, "%s/bad.%s", dir, fmt_exts[k]);
	gen(path, k, 400, 20000, 390, &bl); /* the bad article is past the first chunks */
	assert_int_equal(run_import(path, k, &p, &stats), 1);
	assert_int_equal(stats.articles, 0); /* the file is refused whole */
	/* Label Studio numbers tasks, and says the line beside */
	if (k == LABELSTUDIO)
		snprintf(want, sizeof want, "bad.json:390: unterminated string (a line break inside a string) "
		    "(line %zu, byte 24)", bl);
	else
		snprintf(want, sizeof want, "bad.%s:%zu:", fmt_exts[k], bl);
	if (strstr(p.first, want) == NULL)
		fail_msg("%s: \"%s\" does not say \"%s\"", fmt_names[k], p.first, want);
	unlink(path);
}


/* --- one large file, several commits (issue 10, defect 4) ------------- */

/* Import path (format f; NULL: detected) into the database at db,
 * committing every batch_ms (0: as gloss does). */
static int
import_into(const char *db, const char *path, const fmt *f, unsigned batch_ms, struct probs *p,
    import_stats *stats)
{
	char err[256];
	store *st = NULL;
	import_opts o;
	char *paths[1];
	int rc;

	memset(&o, 0, sizeof o);
	memset(p, 0, sizeof *p);
	o.format = f;
	o.fo.as_status = SPAN_CONFIRMED;
	o.problem = on_problem;
	o.arg = p;
	o.batch_ms = batch_ms;
	if (store_open(db, &st, err, sizeof err) != 0)
		fail_msg("open %s: %s", db, err);
	paths[0] = (char *)(uintptr_t)path;
	rc = import_paths(st, paths, 1, &o, stats);
	store_close(st);
	return rc;
}

/* A busy handler that looks every millisecond, for up to 10 s: it finds
 * the gap between two of the import's commits. */
static int
busy_1ms(void *arg, int n)
{
	struct timespec ts = { 0, 1000 * 1000 };

	(void)arg;
	if (n > 10000)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

static sqlite3 *
raw_open(const char *db)
{
	sqlite3 *r = NULL;

	assert_int_equal(sqlite3_open_v2(db, &r, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_handler(r, busy_1ms, NULL);
	return r;
}

static long long
raw_int(sqlite3 *r, const char *sql)
{
	sqlite3_stmt *s;
	long long v = -1;

	if (sqlite3_prepare_v2(r, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(r));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static char *
raw_text(sqlite3 *r, const char *sql)
{
	sqlite3_stmt *s;
	char *v;

	if (sqlite3_prepare_v2(r, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(r));
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = strdup(sqlite3_column_text(s, 0) ? (const char *)sqlite3_column_text(s, 0) : "");
	sqlite3_finalize(s);
	assert_non_null(v);
	return v;
}

static void
db_create(const char *db)
{
	char err[256];
	store *st = NULL;

	if (store_open(db, &st, err, sizeof err) != 0)
		fail_msg("open %s: %s", db, err);
	store_close(st);
}

/* gloss check's verdict on db (full-text index included). */
static int
db_ok(const char *db)
{
	char err[256];
	store *st = NULL;
	int ok = 0;

	if (store_open(db, &st, err, sizeof err) != 0)
		fail_msg("open %s: %s", db, err);
	assert_int_equal(store_check(st, &ok), 0);
	store_close(st);
	return ok;
}

/*
 * WAL frames an open connection's checkpoints have not copied into db yet:
 * the wal-index (db-shm) header's mxFrame less nBackfill
 * (sqlite.org/walformat.html: bytes 16 and 96, native byte order).
 */
static long
wal_left(const char *db)
{
	char path[160];
	unsigned char h[100];
	uint32_t mx, back;
	FILE *f;

	snprintf(path, sizeof path, "%s-shm", db);
	assert_non_null(f = fopen(path, "rb"));
	assert_int_equal(fread(h, 1, sizeof h, f), sizeof h);
	fclose(f);
	memcpy(&mx, h + 16, 4);
	memcpy(&back, h + 96, 4);
	return (long)mx - (long)back;
}

/* Run the import of path into db in a child process; its pid. */
static pid_t
import_child(const char *db, const char *path, unsigned batch_ms)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct probs p;
		import_stats stats;

		if (import_into(db, path, NULL, batch_ms, &p, &stats) == 0)
			_exit(0);
		fprintf(stderr, "import failed: %s %s\n", p.first, stats.stopped);
		_exit(1);
	}
	return pid;
}

/*
 * While one large file is imported, another connection writes (as the
 * interface does for a tag) between the import's commits: the file is
 * not one transaction. Its writes land while the file's import_files
 * row is not done and part of its articles are committed.
 */
static void
test_writer_between_batches(void **state)
{
	char db[128], path[128];
	sqlite3 *r;
	pid_t pid;
	int status, mid = 0, writes = 0;

	(void)state;
	snprintf(db, sizeof db, "%s/b.db", dir);
	snprintf(path, sizeof path, "%s/long.jsonl", dir);
	gen(path, JSONL, 3000, 3000, 0, &(size_t){ 0 });
	db_create(db);
	pid = import_child(db, path, 20);
	r = raw_open(db);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		sqlite3_stmt *ins;
		long long before, open;

		if (sqlite3_exec(r, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			fail_msg("BEGIN IMMEDIATE waited in vain: %s", sqlite3_errmsg(r));
		before = raw_int(r, "SELECT count(*) FROM articles");
		open = raw_int(r, "SELECT count(*) FROM import_files WHERE done = 0");
		if (sqlite3_prepare_v2(r, "INSERT INTO meta(key, value) VALUES ('probe ' || ?1, ?2)", -1, &ins, NULL)
		    != SQLITE_OK)
			fail_msg("prepare: %s", sqlite3_errmsg(r));
		sqlite3_bind_int(ins, 1, writes);
		sqlite3_bind_int64(ins, 2, before);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			sqlite3_finalize(ins);
			fail_msg("a write between batches failed: %s", sqlite3_errmsg(r));
		}
		sqlite3_finalize(ins);
		if (sqlite3_exec(r, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			fail_msg("a write between batches failed: %s", sqlite3_errmsg(r));
		writes++;
		if (open > 0 && before > 0 && before < 3000)
			mid++; /* the file is half stored: we wrote in the middle of it */
		nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL); /* a person does not type faster */
	}
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	print_message("%d writes, %d of them while the file was half imported\n", writes, mid);
	assert_true(mid >= 2);
	assert_int_equal(raw_int(r, "SELECT count(*) FROM articles"), 3000);
	assert_int_equal(raw_int(r, "SELECT count(*) FROM import_files WHERE done = 0"), 0);
	sqlite3_close(r);
	unlink(path);
}

/* Articles, spans, labels and the full-text index, as one string. */
static char *
db_state(sqlite3 *r)
{
	return raw_text(r, "SELECT (SELECT group_concat(id || ':' || hex(hash), ' ') FROM articles) || ' | ' || "
	    "ifnull((SELECT group_concat(article_id || ':' || start || '-' || \"end\" || ':' || label, ' ') FROM "
	    "(SELECT * FROM spans ORDER BY id)), '') || ' | ' || (SELECT group_concat(name, ' ') FROM labels) || ' | ' || "
	    "(SELECT count(*) FROM articles_fts_docsize) || ' | ' || "
	    "(SELECT count(*) FROM import_files WHERE done = 0) || ' | ' || "
	    "(SELECT group_concat(n_confirmed, ' ') FROM articles)");
}

/*
 * A file that fails near its end, after many commits of its first parts,
 * leaves nothing: not its articles, not the spans it merged into articles
 * already there, not the label it brought, not its full-text entries.
 */
static void
test_failed_file_leaves_nothing(void **state)
{
	char db[128], path[128], *before, *after;
	struct probs p;
	import_stats stats;
	sqlite3 *r;
	size_t bl = 0;

	(void)state;
	snprintf(db, sizeof db, "%s/f.db", dir);
	snprintf(path, sizeof path, "%s/first.jsonl", dir);
	gen(path, JSONL, 5, 3000, 0, &bl); /* records 1-5, spans ORG */
	assert_int_equal(import_into(db, path, NULL, 0, &p, &stats), 0);
	assert_int_equal(stats.articles, 5);
	r = raw_open(db);
	before = db_state(r);
	snprintf(path, sizeof path, "%s/bad.jsonl", dir);
	jsonl_label = "NEWLAB"; /* merged into 1-5: new spans, a new label */
	gen(path, JSONL, 2000, 3000, 1990, &bl);
	jsonl_label = "ORG";
	assert_int_equal(import_into(db, path, NULL, 2, &p, &stats), 1);
	assert_non_null(strstr(p.first, "bad.jsonl:1990:"));
	assert_int_equal(stats.articles, 0);
	assert_int_equal(stats.merged, 0);
	assert_int_equal(stats.failed, 1);
	after = db_state(r);
	assert_string_equal(before, after);
	assert_int_equal(raw_int(r, "SELECT count(*) FROM import_files"), 1); /* first.jsonl's */
	assert_true(db_ok(db));
	free(before);
	free(after);
	sqlite3_close(r);
	unlink(path);
}

/*
 * An import killed (SIGKILL) in the middle of a large file leaves a
 * database that checks clean, holding the parts committed so far; the
 * next import of the same file takes those out first and stores every
 * article once, and its summary counts them all.
 */
static void
test_killed_then_again(void **state)
{
	char db[128], path[128];
	struct probs p;
	import_stats stats;
	sqlite3 *r;
	pid_t pid;
	int status;
	long long n = 0;

	(void)state;
	snprintf(db, sizeof db, "%s/k.db", dir);
	snprintf(path, sizeof path, "%s/long.jsonl", dir);
	gen(path, JSONL, 3000, 3000, 0, &(size_t){ 0 });
	db_create(db);
	r = raw_open(db);
	pid = import_child(db, path, 20);
	for (int i = 0; i < 20000 && (n = raw_int(r, "SELECT count(*) FROM articles")) < 100; i++)
		nanosleep(&(struct timespec){ 0, 500 * 1000 }, NULL);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFSIGNALED(status))
		fail_msg("the import ended before it was killed (%lld articles seen)", n);
	n = raw_int(r, "SELECT count(*) FROM articles");
	print_message("killed with %lld of 3000 articles committed\n", n);
	assert_true(n > 0 && n < 3000);
	assert_int_equal(raw_int(r, "SELECT count(*) FROM import_files WHERE done = 0"), 1);
	assert_true(db_ok(db));
	assert_int_equal(import_into(db, path, NULL, 0, &p, &stats), 0);
	assert_int_equal(stats.articles, 3000);
	assert_int_equal(stats.duplicates, 0);
	assert_int_equal(raw_int(r, "SELECT count(*) FROM articles"), 3000);
	assert_int_equal(raw_int(r, "SELECT count(*) FROM import_files WHERE done = 0"), 0);
	assert_int_equal(raw_int(r, "SELECT count(*) FROM articles_fts_docsize"), 3000);
	assert_true(db_ok(db));
	sqlite3_close(r);
	unlink(path);
}

/* Write text to dir/name. */
static void
put(const char *sub, const char *name, const char *text)
{
	char path[192];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static int
count_hit(const store_hit *h, void *arg)
{
	(void)h;
	(*(size_t *)arg)++;
	return 0;
}

/* The label scheme whole, and how many articles gloss search finds. */
static char *
scheme_and_hits(sqlite3 *r, const char *db, const char *query)
{
	char err[256], *v, *out;
	store *st = NULL;
	size_t n = 0;

	if (store_open(db, &st, err, sizeof err) != 0)
		fail_msg("open %s: %s", db, err);
	assert_int_equal(store_search(st, query, 0, count_hit, &n), 0);
	store_close(st);
	v = raw_text(r, "SELECT group_concat(name || ':' || ifnull(key, '-') || ':' || colour || ':' || ord, ' ') "
	    "FROM (SELECT * FROM labels ORDER BY name)");
	assert_non_null(out = malloc(strlen(v) + 32));
	sprintf(out, "%s | %zu", v, n);
	free(v);
	return out;
}

/*
 * Files that fail inside one transaction (no commit in between) are taken
 * out without a savepoint: the database ends as if only the good files
 * were imported (same ids, hashes, spans, counts, full-text entries), and
 * a label scheme a failed file replaced is the old one again.
 */
static void
test_failed_files_one_batch(void **state)
{
	static const char *const good = "{\"text\": \"Anna met the council in Vienna.\"}\n"
	    "{\"text\": \"The river rose in Graz.\"}\n";
	static const char *const scheme = "{\"gloss\":\"labels\",\"labels\":[{\"key\":1,\"name\":\"XPER\","
	    "\"colour\":\"red\",\"description\":\"\"}]}\n"
	    "{\"text\": \"Zoë toured Linz.\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"XPER\"}]}\n"
	    "{\"text\": \"unterminated\n";
	static const char *const newlab = "{\"text\": \"Otto flew to Salzburg.\", \"spans\": [{\"start\": 0, \"end\": 4, "
	    "\"label\": \"NEWL\"}]}\n{\"text\": \"Otto again.\"}\n{\"text\": 7}\n";
	char db[128], ref[128], sub[160], *want, *got, *ws, *gs;
	struct probs p;
	import_stats stats;
	sqlite3 *r, *rr;

	(void)state;
	snprintf(sub, sizeof sub, "%s/batch", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	put("batch", "a.jsonl", good);
	put("batch", "b.jsonl", scheme);
	put("batch", "c.txt", "Title: Late\n\nMaria wrote from Bregenz.\n");
	put("batch", "d.jsonl", newlab);
	snprintf(db, sizeof db, "%s/one.db", dir);
	snprintf(ref, sizeof ref, "%s/oneref.db", dir);
	for (int i = 0; i < 2; i++) {
		char first[192];

		snprintf(first, sizeof first, "%s/first.jsonl", dir);
		put("", "first.jsonl", "{\"text\": \"Erin wrote from Lyon.\"}\n");
		assert_int_equal(import_into(i ? ref : db, first, NULL, 0, &p, &stats), 0);
	}
	/* everything in one transaction (batches of a minute) */
	assert_int_equal(import_into(db, sub, NULL, 60000, &p, &stats), 1);
	assert_int_equal(stats.articles, 3);
	assert_int_equal(stats.failed, 2);
	assert_int_equal(p.n, 2);
	snprintf(sub, sizeof sub, "%s/batch/b.jsonl", dir);
	unlink(sub);
	snprintf(sub, sizeof sub, "%s/batch/d.jsonl", dir);
	unlink(sub);
	snprintf(sub, sizeof sub, "%s/batch", dir);
	assert_int_equal(import_into(ref, sub, NULL, 60000, &p, &stats), 0);
	assert_int_equal(stats.articles, 3);
	r = raw_open(db);
	rr = raw_open(ref);
	want = db_state(rr);
	got = db_state(r);
	assert_string_equal(got, want);
	assert_non_null(strstr(got, " |  | ")); /* no spans, and the state not NULL */
	ws = scheme_and_hits(rr, ref, "otto OR zoe OR linz");
	gs = scheme_and_hits(r, db, "otto OR zoe OR linz");
	assert_string_equal(gs, ws);
	assert_non_null(strstr(gs, " | 0"));
	free(ws);
	free(gs);
	ws = scheme_and_hits(rr, ref, "bregenz OR graz");
	gs = scheme_and_hits(r, db, "bregenz OR graz");
	assert_string_equal(gs, ws);
	assert_non_null(strstr(gs, " | 2"));
	assert_int_equal(raw_int(r, "SELECT count(*) FROM import_files"), 3); /* first, a, c */
	assert_true(db_ok(db));
	free(ws);
	free(gs);
	free(want);
	free(got);
	sqlite3_close(r);
	sqlite3_close(rr);
}

/*
 * The labels a file's row remembers are those before the file, even when
 * a file before it in the same transaction changed the scheme (they are
 * read once a transaction until a label changes): a label scheme merged
 * by a good file stays when the next file fails and is taken out.
 */
static void
test_failed_file_after_scheme(void **state)
{
	char db[128], sub[160], first[160];
	struct probs p;
	import_stats stats;
	sqlite3 *r;

	(void)state;
	snprintf(sub, sizeof sub, "%s/scheme", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	put("scheme", "a.jsonl", "{\"gloss\":\"labels\",\"labels\":[{\"name\":\"EXTRA\","
	    "\"colour\":\"cyan\",\"description\":\"\"}]}\n{\"text\": \"Una wrote.\"}\n");
	put("scheme", "b.jsonl", "{\"text\": \"Ivo wrote.\"}\n{\"text\": 7}\n");
	snprintf(db, sizeof db, "%s/sch.db", dir);
	snprintf(first, sizeof first, "%s/sch.jsonl", dir);
	gen(first, JSONL, 1, 200, 0, &(size_t){ 0 }); /* one article with a span: the scheme is merged */
	assert_int_equal(import_into(db, first, NULL, 0, &p, &stats), 0);
	assert_int_equal(import_into(db, sub, NULL, 60000, &p, &stats), 1);
	assert_int_equal(stats.articles, 1);
	assert_int_equal(stats.failed, 1);
	r = raw_open(db);
	assert_int_equal(raw_int(r, "SELECT count(*) FROM labels WHERE name = 'EXTRA'"), 1);
	assert_int_equal(raw_int(r, "SELECT count(*) FROM articles"), 2);
	assert_true(db_ok(db));
	sqlite3_close(r);
}

/*
 * An import checkpoints less often than SQLite's default while it runs
 * (store_import.c import_settings) and gives the connection its defaults
 * back before its last commit, which then checkpoints as any write does:
 * what it leaves in the WAL for others is below the default's 1000 pages.
 */
static void
test_import_settings_back(void **state)
{
	char db[128], path[128], err[256];
	import_stats stats;
	import_opts o;
	char *paths[1] = { path };
	store *st = NULL;
	sqlite3 *r;

	(void)state;
	snprintf(db, sizeof db, "%s/w.db", dir);
	snprintf(path, sizeof path, "%s/w.jsonl", dir);
	gen(path, JSONL, 1500, 3000, 0, &(size_t){ 0 });
	db_create(db);
	r = raw_open(db); /* keeps the WAL when the store closes */
	assert_int_equal(raw_int(r, "SELECT count(*) FROM articles"), 0);
	memset(&o, 0, sizeof o);
	o.fo.as_status = SPAN_CONFIRMED;
	if (store_open(db, &st, err, sizeof err) != 0)
		fail_msg("open %s: %s", db, err);
	assert_int_equal(import_paths(st, paths, 1, &o, &stats), 0);
	assert_int_equal(stats.articles, 1500);
	assert_int_equal(raw_int(st->db, "PRAGMA wal_autocheckpoint"), 1000);
	assert_int_equal(raw_int(st->db, "PRAGMA cache_size"), -2000);
	store_close(st);
	assert_true(wal_left(db) < 1000);
	sqlite3_close(r);
	unlink(path);
}

static void test_memory_jsonl(void **state) { (void)state; stream_memory(JSONL); }
static void test_memory_doccano(void **state) { (void)state; stream_memory(DOCCANO); }
static void test_memory_labelstudio(void **state) { (void)state; stream_memory(LABELSTUDIO); }
static void test_memory_spacy(void **state) { (void)state; stream_memory(SPACY); }
static void test_memory_conll(void **state) { (void)state; stream_memory(CONLL); }
static void test_error_jsonl(void **state) { (void)state; stream_error_line(JSONL); }
static void test_error_doccano(void **state) { (void)state; stream_error_line(DOCCANO); }
static void test_error_labelstudio(void **state) { (void)state; stream_error_line(LABELSTUDIO); }
static void test_error_spacy(void **state) { (void)state; stream_error_line(SPACY); }
static void test_error_conll(void **state) { (void)state; stream_error_line(CONLL); }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_jsonl),
		cmocka_unit_test(test_memory_doccano),
		cmocka_unit_test(test_memory_labelstudio),
		cmocka_unit_test(test_memory_spacy),
		cmocka_unit_test(test_memory_conll),
		cmocka_unit_test(test_error_jsonl),
		cmocka_unit_test(test_error_doccano),
		cmocka_unit_test(test_error_labelstudio),
		cmocka_unit_test(test_error_spacy),
		cmocka_unit_test(test_error_conll),
		cmocka_unit_test(test_writer_between_batches),
		cmocka_unit_test(test_failed_file_leaves_nothing),
		cmocka_unit_test(test_killed_then_again),
		cmocka_unit_test(test_failed_files_one_batch),
		cmocka_unit_test(test_import_settings_back),
		cmocka_unit_test(test_failed_file_after_scheme),
	};
	const char *tmp = getenv("TMPDIR");
	char cmd[96];
	int rc;

	snprintf(dir, sizeof dir, "%s/gloss-stream.XXXXXX", tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		return 1;
	if (getenv("GLOSS_TEST_FILTER")) /* one test by hand: GLOSS_TEST_FILTER=test_killed* */
		cmocka_set_test_filter(getenv("GLOSS_TEST_FILTER"));
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
