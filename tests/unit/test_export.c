/*
 * test_export.c: the export driver. gloss jsonl exported from one store and
 * imported into an empty one reproduces every article, span, highlight,
 * note, status and the label scheme; an interrupted or failing export
 * leaves nothing at the target (and keeps what was there); a multi-file
 * format (brat's shape) goes to a new directory or not at all.
 */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "db/export.h"
#include "db/import.h"
#include "db/store.h"
#include "model/label.h"

static char dir[256];

static void
path_in(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", dir, name);
}

/* Entries of dir, "." and ".." aside. */
static size_t
entries(const char *d)
{
	DIR *dd = opendir(d);
	struct dirent *e;
	size_t n = 0;

	if (dd == NULL)
		return 0;
	while ((e = readdir(dd)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(dd);
	return n;
}

static void
add_span(doc *d, size_t s, size_t e, const char *lab, int kind, int status, int source,
    double conf, const char *note, const char *annotator, int64_t created)
{
	span sp;

	memset(&sp, 0, sizeof sp);
	sp.start = s;
	sp.end = e;
	sp.label = lab;
	sp.kind = kind;
	sp.status = status;
	sp.source = source;
	sp.confidence = conf;
	sp.note = note;
	sp.annotator = annotator;
	sp.created = created;
	sp.updated = created ? created + 60 : 0;
	assert_int_equal(doc_add_span(d, &sp), 0);
}

/* A store like the demo one: a scheme of our own, three articles with
 * every kind of span, statuses and reading positions. */
static store *
make_store(void)
{
	static const char scheme[] = "1 PER red People\n2 ORG blue Organisations\n3 LOC green Places\n"
	    "- EVENT bright-magenta Things that happen\n";
	char err[256], m[128];
	label_scheme ls;
	size_t line, in_use;
	char *dropped = NULL;
	store *st;
	int64_t id;
	int dup;
	doc d;

	assert_int_equal(store_open(":memory:", &st, err, sizeof err), 0);
	store_set_annotator(st, "tester");
	assert_int_equal(label_scheme_parse(scheme, sizeof scheme - 1, &ls, &line, m, sizeof m), 0);
	assert_int_equal(store_labels_set(st, &ls, &in_use, &dropped), 0);
	label_scheme_clear(&ls);
	assert_int_equal(store_import_begin(st), 0);

	doc_init(&d);
	doc_set_text(&d, "HAMBURG, March 3 \xe2\x80\x94 Zo\xc3\xab M\xc3\xbcller of Acme AG met \xf0\x9f\x98\x80 "
	    "officials in \xe6\x9d\xb1\xe4\xba\xac.\nThe talks ended.", 91);
	doc_set_str(&d.title, "Talks in Tokyo");
	doc_set_str(&d.date, "2024-03-03");
	doc_set_str(&d.source, "Wire");
	doc_set_str(&d.url, "https://example.org/1");
	doc_set_str(&d.meta, "{\"brat\":{\"A\":[\"A1\\tNegated T1\"]}}");
	doc_set_str(&d.status, "started");
	doc_set_str(&d.ext_id, "w-1");
	d.position = 17;
	add_span(&d, 0, 7, "LOC", SPAN_ENTITY, SPAN_CONFIRMED, SRC_MANUAL, 1, NULL, "ann1", 1700000000);
	add_span(&d, 19, 29, "PER", SPAN_ENTITY, SPAN_CONFIRMED, SRC_PROPAGATE, 1, "checked", "ann2", 1700000100);
	add_span(&d, 33, 40, "ORG", SPAN_ENTITY, SPAN_SUGGESTED, SRC_MODEL, 0.37, NULL, NULL, 0);
	add_span(&d, 60, 62, "LOC", SPAN_ENTITY, SPAN_REJECTED, SRC_GAZETTEER, 0.9, NULL, "ann1", 1700000200);
	add_span(&d, 19, 62, NULL, SPAN_HIGHLIGHT, SPAN_CONFIRMED, SRC_MANUAL, 1, "worth keeping,\n\"quoted\"", "ann1", 1700000300);
	add_span(&d, 64, 79, "EVENT", SPAN_ENTITY, SPAN_CONFIRMED, SRC_MANUAL, 1, NULL, NULL, 0);
	assert_int_equal(store_import_add(st, &d, &id, &dup), 0);
	doc_clear(&d);

	doc_init(&d);
	doc_set_text(&d, "A plain second article with no spans at all.", 44);
	doc_set_str(&d.status, "done");
	assert_int_equal(store_import_add(st, &d, &id, &dup), 0);
	doc_clear(&d);

	doc_init(&d);
	doc_set_text(&d, "Third: \"Acme\" and Acme again.", 29);
	doc_set_str(&d.meta, "{\"tokenized\":\"whitespace\"}");
	add_span(&d, 8, 12, "ORG", SPAN_ENTITY, SPAN_CONFIRMED, SRC_IMPORT, 1, NULL, NULL, 0);
	add_span(&d, 18, 22, "ORG", SPAN_ENTITY, SPAN_SUGGESTED, SRC_PROPAGATE, 0.5, NULL, NULL, 0);
	assert_int_equal(store_import_add(st, &d, &id, &dup), 0);
	doc_clear(&d);
	assert_int_equal(store_import_end(st, 1), 0);
	return st;
}

typedef struct docs {
	doc v[8];
	size_t n;
} docs;

static int
grab(const doc *d, int64_t id, void *arg)
{
	docs *ds = arg;
	doc *c = &ds->v[ds->n++];

	(void)id;
	doc_init(c);
	doc_set_text(c, d->text, d->len);
	doc_set_str(&c->title, d->title);
	doc_set_str(&c->date, d->date);
	doc_set_str(&c->source, d->source);
	doc_set_str(&c->url, d->url);
	doc_set_str(&c->meta, d->meta);
	doc_set_str(&c->status, d->status);
	doc_set_str(&c->ext_id, d->ext_id);
	c->position = d->position;
	for (size_t i = 0; i < d->nspans; i++)
		doc_add_span(c, &d->spans[i]);
	return ds->n == 8;
}

static void
docs_clear(docs *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		doc_clear(&ds->v[i]);
	ds->n = 0;
}

#define SAME_STR(a, b) do { if ((a) == NULL) assert_null(b); else assert_string_equal((a), (b)); } while (0)

static void
assert_same_store(store *a, store *b)
{
	docs x = { .n = 0 }, y = { .n = 0 };
	label_scheme la, lb;

	assert_int_equal(store_export_each(a, 1, grab, &x), 0);
	assert_int_equal(store_export_each(b, 1, grab, &y), 0);
	assert_int_equal(x.n, 3);
	assert_int_equal(x.n, y.n);
	for (size_t k = 0; k < x.n; k++) {
		doc *p = &x.v[k], *q = &y.v[k];

		assert_int_equal(p->len, q->len);
		assert_memory_equal(p->text, q->text, p->len);
		SAME_STR(p->title, q->title);
		SAME_STR(p->date, q->date);
		SAME_STR(p->source, q->source);
		SAME_STR(p->url, q->url);
		SAME_STR(p->meta, q->meta);
		SAME_STR(p->status, q->status);
		SAME_STR(p->ext_id, q->ext_id);
		assert_int_equal(p->position, q->position);
		assert_int_equal(p->nspans, q->nspans);
		for (size_t i = 0; i < p->nspans; i++) {
			span *s = &p->spans[i], *t = &q->spans[i];

			assert_int_equal(s->start, t->start);
			assert_int_equal(s->end, t->end);
			SAME_STR(s->label, t->label);
			SAME_STR(s->note, t->note);
			SAME_STR(s->annotator, t->annotator);
			assert_int_equal(s->kind, t->kind);
			assert_int_equal(s->status, t->status);
			assert_int_equal(s->source, t->source);
			assert_true(s->confidence == t->confidence);
			assert_int_equal(s->created, t->created);
			assert_int_equal(s->updated, t->updated);
		}
	}
	/* The fixture really has what the claim is about. */
	assert_int_equal(x.v[0].nspans, 6);
	assert_int_equal(x.v[0].spans[1].kind, SPAN_HIGHLIGHT);
	assert_string_equal(x.v[1].status, "done");
	docs_clear(&x);
	docs_clear(&y);
	assert_int_equal(store_labels_get(a, &la), 0);
	assert_int_equal(store_labels_get(b, &lb), 0);
	assert_int_equal(la.n, 4);
	assert_int_equal(la.n, lb.n);
	for (size_t i = 0; i < la.n; i++) {
		assert_string_equal(la.v[i].name, lb.v[i].name);
		assert_int_equal(la.v[i].key, lb.v[i].key);
		assert_string_equal(la.v[i].colour, lb.v[i].colour);
		assert_string_equal(la.v[i].description, lb.v[i].description);
	}
	label_scheme_clear(&la);
	label_scheme_clear(&lb);
}

static void
problem(void *arg, const char *line)
{
	(void)arg;
	fail_msg("import problem: %s", line);
}

static void
test_jsonl_lossless(void **state)
{
	store *a = make_store(), *b;
	char target[512], err[256];
	char *paths[1] = { target };
	export_opts eo;
	export_stats es;
	import_opts io;
	import_stats is;

	(void)state;
	path_in(target, sizeof target, "all.jsonl");
	memset(&eo, 0, sizeof eo);
	eo.format = fmt_by_name("jsonl");
	eo.all_spans = 1;
	eo.path = target;
	if (export_run(a, &eo, &es) != 0)
		fail_msg("export: %s", eo.err);
	assert_int_equal(es.articles, 3);
	assert_int_equal(es.spans, 8);
	assert_true(es.bytes > 500);
	assert_int_equal(entries(dir), 1); /* no temporary left beside it */

	assert_int_equal(store_open(":memory:", &b, err, sizeof err), 0);
	memset(&io, 0, sizeof io);
	io.fo.as_status = SPAN_CONFIRMED;
	io.problem = problem;
	assert_int_equal(import_paths(b, paths, 1, &io, &is), 0);
	assert_int_equal(is.articles, 3);
	assert_int_equal(is.spans, 8);
	assert_same_store(a, b);
	store_close(b);
	unlink(target);

	/* The default export (confirmed + highlights) has just those. */
	eo.all_spans = 0;
	assert_int_equal(export_run(a, &eo, &es), 0);
	assert_int_equal(es.spans, 5);
	unlink(target);
	store_close(a);
}

/* Every writer runs through the driver and leaves one file. */
static void
test_all_formats(void **state)
{
	store *a = make_store();
	const fmt *const *all = fmt_all();
	char target[512];
	export_opts eo;
	export_stats es;

	(void)state;
	for (size_t i = 0; all[i]; i++) {
		if (all[i]->write_begin == NULL || all[i]->multi_file)
			continue;
		snprintf(target, sizeof target, "%s/out.%s", dir, all[i]->name);
		memset(&eo, 0, sizeof eo);
		eo.format = all[i];
		eo.all_spans = 1;
		eo.path = target;
		if (export_run(a, &eo, &es) != 0)
			fail_msg("%s: %s", all[i]->name, eo.err);
		assert_int_equal(es.articles, 3);
		fmt_report_free(&es.report);
		assert_int_equal(entries(dir), 1);
		unlink(target);
	}
	store_close(a);
}

static volatile sig_atomic_t stop;

static void
stop_after_two(void *arg, size_t done, size_t total)
{
	(void)arg;
	assert_int_equal(total, 3);
	if (done == 2)
		stop = 1;
}

static void
test_cancel(void **state)
{
	store *a = make_store();
	char target[512];
	export_opts eo;
	export_stats es;
	FILE *f;
	char buf[16];

	(void)state;
	path_in(target, sizeof target, "c.jsonl");
	memset(&eo, 0, sizeof eo);
	eo.format = fmt_by_name("jsonl");
	eo.path = target;
	eo.cancel = &stop;
	stop = 1;
	assert_int_equal(export_run(a, &eo, &es), -1);
	assert_string_equal(eo.err, "export interrupted; nothing written");
	assert_int_equal(entries(dir), 0);
	/* Interrupted half-way, over an existing file: the old file stays. */
	f = fopen(target, "w");
	fputs("old\n", f);
	fclose(f);
	stop = 0;
	eo.progress = stop_after_two;
	assert_int_equal(export_run(a, &eo, &es), -1);
	assert_int_equal(es.articles, 2);
	assert_int_equal(entries(dir), 1);
	f = fopen(target, "r");
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "old\n");
	unlink(target);
	/* Nowhere to write: an error naming the path, nothing created. */
	eo.progress = NULL;
	stop = 0;
	snprintf(target, sizeof target, "%s/no/such/dir/x.jsonl", dir);
	assert_int_equal(export_run(a, &eo, &es), -1);
	assert_non_null(strstr(eo.err, "cannot create a temporary file beside it"));
	/* A format without a writer. */
	eo.format = NULL;
	assert_int_equal(export_run(a, &eo, &es), -1);
	assert_int_equal(entries(dir), 0);
	store_close(a);
}

/* A multi-file format shaped like brat: one ".txt" per article. */
static fmt_out *fake_out;

static fmt_writer *
fake_begin(fmt_out *out, const fmt_opts *o)
{
	(void)o;
	fake_out = out;
	return (fmt_writer *)out;
}

static int
fake_doc(fmt_writer *w, const doc *d)
{
	char name[32];
	FILE *f;

	(void)w;
	snprintf(name, sizeof name, "%04lld.txt", (long long)d->id);
	if ((f = fake_out->open(fake_out->arg, name)) == NULL)
		return -1;
	fwrite(d->text, 1, d->len, f);
	return fake_out->close(fake_out->arg, f);
}

static int
fake_end(fmt_writer *w)
{
	(void)w;
	return 0;
}

static const fmt fake_brat = { "fakebrat", NULL, 1, NULL, NULL, fake_begin, fake_doc, fake_end, NULL, 0 };

static void
test_multi_file(void **state)
{
	store *a = make_store();
	char target[512], p[600];
	export_opts eo;
	export_stats es;
	FILE *f;

	(void)state;
	path_in(target, sizeof target, "bratdir");
	memset(&eo, 0, sizeof eo);
	eo.format = &fake_brat;
	eo.path = target;
	assert_int_equal(export_run(a, &eo, &es), 0);
	assert_int_equal(entries(target), 3);
	assert_int_equal(entries(dir), 1);
	snprintf(p, sizeof p, "%s/0002.txt", target);
	assert_int_equal(access(p, R_OK), 0);
	assert_int_equal(es.bytes, 91 + 44 + 29);
	/* A directory with files in it is refused, and kept. */
	assert_int_equal(export_run(a, &eo, &es), -1);
	assert_non_null(strstr(eo.err, "exists and is not an empty directory"));
	assert_int_equal(entries(target), 3);
	assert_int_equal(entries(dir), 1);
	/* An empty directory is replaced; an interrupted run leaves nothing. */
	for (int i = 1; i <= 3; i++) {
		snprintf(p, sizeof p, "%s/%04d.txt", target, i);
		unlink(p);
	}
	stop = 0;
	eo.cancel = &stop;
	eo.progress = stop_after_two;
	assert_int_equal(export_run(a, &eo, &es), -1);
	assert_int_equal(entries(dir), 1);
	assert_int_equal(entries(target), 0);
	eo.progress = NULL;
	stop = 0;
	assert_int_equal(export_run(a, &eo, &es), 0);
	assert_int_equal(entries(target), 3);
	/* A plain file in the way is refused too. */
	path_in(p, sizeof p, "afile");
	f = fopen(p, "w");
	fclose(f);
	eo.path = p;
	assert_int_equal(export_run(a, &eo, &es), -1);
	unlink(p);
	/* To stdout: refused (a directory of files cannot go there). */
	eo.path = "-";
	assert_int_equal(export_run(a, &eo, &es), -1);
	assert_non_null(strstr(eo.err, "-o DIR"));
	for (int i = 1; i <= 3; i++) {
		snprintf(p, sizeof p, "%s/%04d.txt", target, i);
		unlink(p);
	}
	rmdir(target);
	store_close(a);
}

static int
setup(void **state)
{
	const char *t = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof dir, "%s/gloss-export-XXXXXX", t ? t : "/tmp");
	return mkdtemp(dir) == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonl_lossless),
		cmocka_unit_test(test_all_formats),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_multi_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
