/*
 * test_import.c: the import driver with txt files: the seed article,
 * directory walks in name order (dot files skipped), a file with invalid
 * UTF-8 refused by line:byte while the rest of the batch imports, --lossy,
 * re-import as a no-op, CRLF and BOM, stdin, progress totals.
 */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "db/import.h"
#include "db/store_int.h"

static char *
data_path(const char *rel)
{
	const char *src = getenv("srcdir");
	char *p;

	if (src == NULL)
		src = ".";
	p = malloc(strlen(src) + strlen(rel) + 32);
	sprintf(p, "%s/tests/data/import/%s", src, rel);
	return p;
}

struct probs {
	char lines[8][512];
	size_t n;
	size_t done, total, calls;
};

static void
on_problem(void *arg, const char *line)
{
	struct probs *p = arg;

	if (p->n < 8)
		snprintf(p->lines[p->n], sizeof p->lines[0], "%s", line);
	p->n++;
}

static void
on_progress(void *arg, size_t done, size_t total)
{
	struct probs *p = arg;

	assert_true(done <= total || total == 0);
	p->done = done;
	p->total = total;
	p->calls++;
}

static import_opts
opts(struct probs *p, int lossy)
{
	import_opts o;

	memset(&o, 0, sizeof o);
	memset(p, 0, sizeof *p);
	o.fo.as_status = SPAN_CONFIRMED;
	o.fo.lossy = lossy;
	o.problem = on_problem;
	o.progress = on_progress;
	o.arg = p;
	return o;
}

static store *
open_mem(void)
{
	char err[256];
	store *st = NULL;

	assert_int_equal(store_open(":memory:", &st, err, sizeof err), 0);
	return st;
}

static int
import1(store *st, const char *path, struct probs *p, int lossy, import_stats *s)
{
	import_opts o = opts(p, lossy);
	char buf[4096], *paths[1] = { buf };

	assert_true(strlen(path) < sizeof buf);
	strcpy(buf, path);
	return import_paths(st, paths, 1, &o, s);
}

static void
write_file(const char *path, const char *bytes, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static char *
tmp_dir(void)
{
	char tmpl[] = "/tmp/gloss-test-import.XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return strdup(tmpl);
}

static void
rm_dir(char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

static void
test_seed(void **state)
{
	char *path = data_path("seed/000_c1304e6a4ac36b08.txt");
	import_stats s;
	struct probs p;
	store *st = open_mem();
	doc d;

	(void)state;
	assert_int_equal(import1(st, path, &p, 0, &s), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(s.files, 1);
	assert_int_equal(s.articles, 1);
	assert_int_equal(s.failed, 0);
	assert_int_equal(p.done, p.total);
	assert_true(p.total > 1000);
	doc_init(&d);
	assert_int_equal(store_article_load(st, 1, &d, 1), 0);
	assert_string_equal(d.date, "2026-01-28");
	assert_memory_equal(d.text, "MOSCOW, January 28.", 19);
	assert_non_null(d.title);
	assert_true(strncmp(d.title, "Russian President", 17) == 0); /* the title skips the dateline */
	doc_clear(&d);

	/* The same content again: a no-op, reported as a duplicate. */
	assert_int_equal(import1(st, path, &p, 0, &s), 0);
	assert_int_equal(s.articles, 0);
	assert_int_equal(s.duplicates, 1);
	{
		size_t n;
		assert_int_equal(store_article_count(st, NULL, &n), 0);
		assert_int_equal(n, 1);
	}
	store_close(st);
	free(path);
}

struct titles {
	char buf[1024];
};

static int
title_cb(const store_article *a, void *arg)
{
	struct titles *t = arg;
	size_t n = strlen(t->buf);

	snprintf(t->buf + n, sizeof t->buf - n, "%s|", a->title);
	return 0;
}

static void
test_walk_order(void **state)
{
	char *path = data_path("tree");
	struct titles t;
	import_stats s;
	struct probs p;
	store *st = open_mem();
	doc d;

	(void)state;
	assert_int_equal(import1(st, path, &p, 0, &s), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(s.files, 6);
	assert_int_equal(s.articles, 6);
	memset(&t, 0, sizeof t);
	assert_int_equal(store_articles_each(st, NULL, 0, 0, title_cb, &t), 0);
	assert_string_equal(t.buf,
	    "Alpha article.|Beta one.|Beta two.|Gamma article.|Mail style header|A BOM comes first.|");

	/* Mail header with CRLF: metadata out of the body, LF only. */
	doc_init(&d);
	assert_int_equal(store_article_load(st, 5, &d, 0), 0);
	assert_string_equal(d.date, "2025-03-04");
	assert_string_equal(d.source, "Wire");
	assert_string_equal(d.url, "https://example.org/x");
	assert_string_equal(d.text, "Body after the header, with CRLF line ends.\nSecond line.\n");
	/* BOM dropped, seed header read. */
	assert_int_equal(store_article_load(st, 6, &d, 0), 0);
	assert_string_equal(d.date, "2024-12-31");
	assert_string_equal(d.text, "PARIS, Dec 31. A BOM comes first.\n");
	doc_clear(&d);

	/* Again: everything is a duplicate. */
	assert_int_equal(import1(st, path, &p, 0, &s), 0);
	assert_int_equal(s.articles, 0);
	assert_int_equal(s.duplicates, 6);
	store_close(st);
	free(path);
}

static void
test_bad_utf8_batch(void **state)
{
	static const char bad[] = "Good first line.\nbad \xff byte here\n";
	char *dir = tmp_dir(), path[512], *paths[4];
	import_opts o;
	import_stats s;
	struct probs p;
	store *st = open_mem();
	size_t n;

	(void)state;
	snprintf(path, sizeof path, "%s/1-good.txt", dir);
	write_file(path, "One good article.\n", 18);
	snprintf(path, sizeof path, "%s/2-bad.txt", dir);
	write_file(path, bad, sizeof bad - 1);
	snprintf(path, sizeof path, "%s/3-good.txt", dir);
	write_file(path, "Another good one.\n", 18);

	assert_int_equal(import1(st, dir, &p, 0, &s), 1);
	assert_int_equal(p.n, 1);
	snprintf(path, sizeof path, "%s/2-bad.txt:2:5: ", dir);
	assert_true(strncmp(p.lines[0], path, strlen(path)) == 0);
	assert_non_null(strstr(p.lines[0], "UTF-8"));
	assert_int_equal(s.articles, 2);
	assert_int_equal(s.failed, 1);
	assert_int_equal(store_article_count(st, NULL, &n), 0);
	assert_int_equal(n, 2);

	/* --lossy takes it, counting the replaced byte. */
	assert_int_equal(import1(st, dir, &p, 1, &s), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(s.articles, 1);
	assert_int_equal(s.duplicates, 2);
	assert_int_equal(s.replaced, 1);
	{
		doc d;

		doc_init(&d);
		assert_int_equal(store_article_load(st, 3, &d, 0), 0);
		assert_non_null(strstr(d.text, "bad \xef\xbf\xbd byte"));
		doc_clear(&d);
	}

	/* A missing path is a problem too; the rest still imports. */
	snprintf(path, sizeof path, "%s/nope.txt", dir);
	paths[0] = path;
	paths[1] = dir;
	o = opts(&p, 0);
	assert_int_equal(import_paths(st, paths, 2, &o, &s), 1);
	assert_int_equal(p.n, 2);
	assert_non_null(strstr(p.lines[0], "nope.txt: No such file"));
	assert_int_equal(s.duplicates, 2);
	assert_int_equal(s.failed, 2);
	store_close(st);
	rm_dir(dir);
}

static void
test_stdin(void **state)
{
	char *dir = tmp_dir(), path[512];
	import_stats s;
	struct probs p;
	store *st = open_mem();
	int fd, saved;
	doc d;

	(void)state;
	snprintf(path, sizeof path, "%s/in.txt", dir);
	write_file(path, "Title: From stdin\n\nPiped body.\n", 31);
	assert_true((fd = open(path, O_RDONLY)) >= 0);
	saved = dup(0);
	assert_int_equal(dup2(fd, 0), 0);
	close(fd);
	assert_int_equal(import1(st, "-", &p, 0, &s), 0);
	dup2(saved, 0);
	close(saved);
	assert_int_equal(s.articles, 1);
	doc_init(&d);
	assert_int_equal(store_article_load(st, 1, &d, 0), 0);
	assert_string_equal(d.title, "From stdin");
	assert_string_equal(d.text, "Piped body.\n");
	doc_clear(&d);
	store_close(st);
	rm_dir(dir);
}

static void
test_buffers(void **state)
{
	fmt_input in[2] = {
		{ "one.txt", "date 2020-01-02 First buffer.", 29, NULL, 0 },
		{ "two.txt", "Second \xc3 buffer.", 16, NULL, 0 },
	};
	import_opts o;
	import_stats s;
	struct probs p;
	store *st = open_mem();

	(void)state;
	o = opts(&p, 0);
	assert_int_equal(import_buffers(st, in, 2, &o, &s), 1);
	assert_int_equal(s.articles, 1);
	assert_int_equal(s.failed, 1);
	assert_int_equal(p.n, 1);
	assert_true(strncmp(p.lines[0], "two.txt:1:8: ", 13) == 0);
	assert_int_equal(p.done, p.total);
	/* Again: a no-op. */
	o = opts(&p, 0);
	assert_int_equal(import_buffers(st, in, 1, &o, &s), 0);
	assert_int_equal(s.articles, 0);
	assert_int_equal(s.duplicates, 1);
	store_close(st);
}

static void
test_ann_without_txt(void **state)
{
	char *dir = tmp_dir(), path[512];
	import_stats s;
	struct probs p;
	store *st = open_mem();

	(void)state;
	snprintf(path, sizeof path, "%s/lonely.ann", dir);
	write_file(path, "T1\tPER 0 3\tAnn\n", 15);
	assert_int_equal(import1(st, dir, &p, 0, &s), 1);
	assert_int_equal(p.n, 1);
	assert_non_null(strstr(p.lines[0], "lonely.ann: no .txt file"));
	assert_int_equal(s.failed, 1);
	store_close(st);
	rm_dir(dir);
}

/* A txt file without text is no article; a note says so. */
static void
test_empty(void **state)
{
	char *dir = tmp_dir(), path[512];
	import_stats s;
	struct probs p;
	store *st = open_mem();

	(void)state;
	snprintf(path, sizeof path, "%s/empty.txt", dir);
	write_file(path, "", 0);
	snprintf(path, sizeof path, "%s/header-only.txt", dir);
	write_file(path, "Title: Nothing\n\n \n", 18);
	assert_int_equal(import1(st, dir, &p, 0, &s), 0);
	assert_int_equal(s.files, 2);
	assert_int_equal(s.articles, 0);
	assert_int_equal(s.skipped, 2);
	assert_int_equal(p.n, 2);
	assert_non_null(strstr(p.lines[0], "empty.txt: note: no text"));
	store_close(st);
	rm_dir(dir);
}

/* An empty directory imports nothing and is no error. (It once passed
 * qsort a NULL array: undefined even for zero elements; the sanitizer
 * build catches that.) */
static void
test_empty_dir(void **state)
{
	char *dir = tmp_dir();
	import_stats s;
	struct probs p;
	store *st = open_mem();

	(void)state;
	assert_int_equal(import1(st, dir, &p, 0, &s), 0);
	assert_int_equal(s.files, 0);
	assert_int_equal(s.articles, 0);
	assert_int_equal(p.n, 0);
	store_close(st);
	rm_dir(dir);
}

/* A .txt with a .ann beside it is one brat input; the .ann is not imported on its own. */
static void
test_brat_pair(void **state)
{
	static const char ann[] = "T1\tPER 0 9\tAnna Berg\nT2\tLOC 18 22\tOslo\nR1\tvisits Arg1:T1 Arg2:T2\n";
	char *dir = tmp_dir(), path[512];
	import_stats s;
	struct probs p;
	store *st = open_mem();
	doc d;

	(void)state;
	snprintf(path, sizeof path, "%s/x.txt", dir);
	write_file(path, "Anna Berg visited Oslo.\n", 24);
	snprintf(path, sizeof path, "%s/x.ann", dir);
	write_file(path, ann, sizeof ann - 1);
	snprintf(path, sizeof path, "%s/y.txt", dir);
	write_file(path, "Plain text.\n", 12);
	assert_int_equal(import1(st, dir, &p, 0, &s), 0);
	assert_int_equal(s.files, 2);
	assert_int_equal(s.articles, 2);
	assert_int_equal(s.spans, 2);
	assert_int_equal(s.skipped, 1);    /* the R line, */
	assert_int_equal(p.n, 1);          /* reported as a note */
	assert_non_null(strstr(p.lines[0], "x.txt: note: "));
	doc_init(&d);
	assert_int_equal(store_article_load(st, 1, &d, 1), 0);
	assert_int_equal(d.nspans, 2);
	assert_string_equal(d.spans[1].label, "LOC");
	assert_int_equal(d.spans[1].start, 18);
	assert_int_equal(d.spans[1].source, SRC_IMPORT);
	doc_clear(&d);
	/* Naming the .ann imports the pair (here: already there). */
	assert_int_equal(import1(st, path, &p, 0, &s), 0);
	snprintf(path, sizeof path, "%s/x.ann", dir);
	assert_int_equal(import1(st, path, &p, 0, &s), 0);
	assert_int_equal(s.duplicates, 1);
	store_close(st);
	rm_dir(dir);
}

/*
 * brat problems name the file they are in: line 3 of the .ann, not of the
 * .txt. A .ann saved with a BOM and CRLF (Windows editors) imports.
 */
static void
test_brat_where(void **state)
{
	static const char ann[] = "T1\tPER 0 9\tAnna Berg\nT2\tLOC 18 22\tOslo\nT3\tLOC 18 22\tOlso\n";
	static const char bom[] = "\xEF\xBB\xBFT1\tPER 0 9\tAnna Berg\r\nT2\tLOC 18 22\tOslo\r\n";
	char *dir = tmp_dir(), path[512], want[600];
	import_stats s;
	struct probs p;
	store *st = open_mem();

	(void)state;
	snprintf(path, sizeof path, "%s/a.txt", dir);
	write_file(path, "Anna Berg visited Oslo.\n", 24);
	snprintf(path, sizeof path, "%s/a.ann", dir);
	write_file(path, ann, sizeof ann - 1);
	assert_int_equal(import1(st, dir, &p, 0, &s), 1);
	assert_int_equal(p.n, 1);
	snprintf(want, sizeof want, "%s/a.ann:3: span 18-22 says \"Olso\" but the text has \"Oslo\"", dir);
	assert_string_equal(p.lines[0], want);
	/* a problem in the .txt names the .txt */
	snprintf(path, sizeof path, "%s/a.txt", dir);
	write_file(path, "Anna Berg \xff visited Oslo.\n", 26);
	assert_int_equal(import1(st, dir, &p, 0, &s), 1);
	snprintf(want, sizeof want, "%s/a.txt:1:", dir);
	assert_memory_equal(p.lines[0], want, strlen(want));
	/* BOM and CRLF in the .ann */
	write_file(path, "Anna Berg visited Oslo.\n", 24);
	snprintf(path, sizeof path, "%s/a.ann", dir);
	write_file(path, bom, sizeof bom - 1);
	assert_int_equal(import1(st, dir, &p, 0, &s), 0);
	assert_int_equal(s.spans, 2);
	store_close(st);
	rm_dir(dir);
}

/* Import tests/data/tools/file with --duplicates mode. */
static int
import_tool(store *st, const char *file, int mode, struct probs *p, import_stats *s)
{
	import_opts o = opts(p, 0);
	const char *src = getenv("srcdir");
	char path[1024], *paths[1] = { path };

	snprintf(path, sizeof path, "%s/tests/data/tools/%s", src ? src : ".", file);
	o.duplicates = mode;
	return import_paths(st, paths, 1, &o, s);
}

/* How many spans article id has, and how many of them are rejected. */
static size_t
spans_of(store *st, int64_t id, size_t *rejected)
{
	doc d;
	size_t n;

	doc_init(&d);
	assert_int_equal(store_article_load(st, id, &d, 1), 0);
	n = d.nspans;
	*rejected = 0;
	for (size_t i = 0; i < n; i++)
		*rejected += d.spans[i].status == SPAN_REJECTED;
	doc_clear(&d);
	return n;
}

/*
 * Records with the same text (Prodigy's binary ner.teach answers, one per
 * span; doccano with a sentence labelled twice) merge into one article by
 * default, a span given twice stored once; skip and keep do what they say.
 */
static void
test_duplicates(void **state)
{
	import_stats s;
	struct probs p;
	store *st = open_mem();
	size_t rej;

	(void)state;
	assert_int_equal(import_tool(st, "prodigy_ner_teach.jsonl", STORE_DUP_MERGE, &p, &s), 0);
	assert_int_equal(s.articles, 1);
	assert_int_equal(s.spans, 1);
	assert_int_equal(s.merged, 3);
	assert_int_equal(s.merged_spans, 3);
	assert_int_equal(spans_of(st, 1, &rej), 4);
	assert_int_equal(rej, 1);             /* GPE accepted, PERSON rejected on Berlin */
	/* again: nothing new, every span already there */
	assert_int_equal(import_tool(st, "prodigy_ner_teach.jsonl", STORE_DUP_MERGE, &p, &s), 0);
	assert_int_equal(s.articles, 0);
	assert_int_equal(s.duplicates, 4);
	assert_int_equal(s.same_spans, 4);
	assert_int_equal(spans_of(st, 1, &rej), 4);
	/* doccano: one span in both records is stored once */
	assert_int_equal(import_tool(st, "doccano_twice.jsonl", STORE_DUP_MERGE, &p, &s), 0);
	assert_int_equal(s.articles, 1);
	assert_int_equal(s.merged, 1);
	assert_int_equal(s.merged_spans, 1);
	assert_int_equal(s.same_spans, 1);
	assert_int_equal(spans_of(st, 2, &rej), 3);
	store_close(st);

	st = open_mem();
	assert_int_equal(import_tool(st, "doccano_twice.jsonl", STORE_DUP_SKIP, &p, &s), 0);
	assert_int_equal(s.articles, 1);
	assert_int_equal(s.duplicates, 1);
	assert_int_equal(s.same_spans, 2);
	assert_int_equal(spans_of(st, 1, &rej), 2);
	store_close(st);

	st = open_mem();
	assert_int_equal(import_tool(st, "prodigy_ner_teach.jsonl", STORE_DUP_KEEP, &p, &s), 0);
	assert_int_equal(s.articles, 4);
	assert_int_equal(s.kept, 3);
	assert_int_equal(spans_of(st, 4, &rej), 1);
	assert_int_equal(rej, 1);
	/* the text still finds the first as its duplicate */
	assert_int_equal(import_tool(st, "prodigy_ner_teach.jsonl", STORE_DUP_SKIP, &p, &s), 0);
	assert_int_equal(s.duplicates, 4);
	store_close(st);
}

/*
 * Readers that check a text count its code points (doc.chars) and the
 * store keeps that count instead of checking and counting again: the
 * stored count is the text's length for txt (BOM, CRLF, headers, marks,
 * emoji) and JSON records (escapes, surrogate pairs), and a bad record is
 * still refused.
 */
static void
test_chars_counted(void **state)
{
	static const char jl[] = "{\"text\": \"Zo\\u00eb and \\ud83d\\ude00 in K\\u00f8ge\"}\n"
	    "{\"text\": \"\xe4\xb8\xad\xe6\x96\x87, e\xcc\x81t\xc3\xa9, \xf0\x9f\x87\xab\xf0\x9f\x87\xb7\"}\n"
	    "{\"text\": \"plain ASCII\"}\n";
	static const char tx[] = "\xef\xbb\xbfTitle: Caf\xc3\xa9\r\nDate: 2024-05-01\r\n\r\n"
	    "Ma\xc5\x82gorzata wrote \xe2\x80\x9cyes\xe2\x80\x9d \xf0\x9f\x98\x80.\r\nLine two.\r\n";
	static const char seed[] = "date 2026-01-28 MOSCOW \xe2\x80\x94 \xc3\x89t\xc3\xa9 news.\n";
	struct probs p;
	import_stats s;
	char *dir = tmp_dir(), path[512];
	store *st = open_mem();
	sqlite3_stmt *q;

	(void)state;
	snprintf(path, sizeof path, "%s/a.jsonl", dir);
	write_file(path, jl, sizeof jl - 1);
	snprintf(path, sizeof path, "%s/b.txt", dir);
	write_file(path, tx, sizeof tx - 1);
	snprintf(path, sizeof path, "%s/c.txt", dir);
	write_file(path, seed, sizeof seed - 1);
	assert_int_equal(import1(st, dir, &p, 0, &s), 0);
	assert_int_equal(s.articles, 5);
	assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT count(*), sum(a.chars = length(t.text)), sum(a.chars) "
	    "FROM articles a JOIN texts t ON t.id = a.id", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(q, 0), 5);
	assert_int_equal(sqlite3_column_int64(q, 1), 5);
	assert_int_equal(sqlite3_column_int64(q, 2), 17 + 12 + 11 + 36 + 19);
	sqlite3_finalize(q);
	store_close(st);
	rm_dir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_walk_order),
		cmocka_unit_test(test_bad_utf8_batch),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_buffers),
		cmocka_unit_test(test_ann_without_txt),
		cmocka_unit_test(test_brat_pair),
		cmocka_unit_test(test_brat_where),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_empty_dir),
		cmocka_unit_test(test_chars_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
