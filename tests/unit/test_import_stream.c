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
#include <unistd.h>
#include <cmocka.h>
#include "db/import.h"

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
		fputs(k == DOCCANO ? "\", \"label\": [[0, 6, \"ORG\"]]}"
		    : k == LABELSTUDIO ? "\"}, \"annotations\": [{\"result\": [{\"value\": {\"start\": 0, \"end\": 6, "
		    "\"labels\": [\"ORG\"]}, \"from_name\": \"label\", \"to_name\": \"text\", \"type\": \"labels\"}]}]}"
		    : k == SPACY ? "\", \"spans\": [{\"start\": 0, \"end\": 6, \"label\": \"ORG\"}], \"answer\": \"accept\"}"
		    : "\", \"spans\": [{\"start\": 0, \"end\": 6, \"label\": \"ORG\"}]}", f);
		if (k == JSONL)
			fputs("\n", f);
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

static int
run_import(const char *path, int k, struct probs *p, import_stats *stats)
{
	char dbp[128], err[256];
	store *st = NULL;
	import_opts o;
	char *paths[1];
	int rc;

	memset(&o, 0, sizeof o);
	memset(p, 0, sizeof *p);
	o.format = fmt_by_name(fmt_names[k]);
	o.fo.as_status = SPAN_CONFIRMED;
	o.problem = on_problem;
	o.arg = p;
	snprintf(dbp, sizeof dbp, "%s/t.db", dir);
	assert_int_equal(store_open(dbp, &st, err, sizeof err), 0);
	paths[0] = (char *)(uintptr_t)path;
	rc = import_paths(st, paths, 1, &o, stats);
	store_close(st);
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
	};
	const char *tmp = getenv("TMPDIR");
	char cmd[96];
	int rc;

	snprintf(dir, sizeof dir, "%s/gloss-stream.XXXXXX", tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
