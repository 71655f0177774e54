/*
 * stats_report.c: the statistics report (stats_report.h). Sections:
 * confirmed entity spans per label as bars, articles by status with a
 * progress bar, confirmed spans per annotator, acceptance per suggestion
 * engine, and annotation sessions (db/stats.h): per annotator and per day
 * the active time, entities confirmed and entities per active hour, then
 * the time spent per article. Data strings go through out_printf, so they
 * reach the terminal visible-safe.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db/stats.h"
#include "tui/out.h"
#include "tui/stats_report.h"

enum { BAR = 40, TOP_ARTICLES = 10 };

struct row {
	char key[64];
	int64_t n;
};

struct rows {
	const char *group;
	struct row v[64];
	size_t n;
};

static int
collect(const char *group, const char *key, int64_t n, void *arg)
{
	struct rows *r = arg;

	if (strcmp(group, r->group) == 0 && r->n < sizeof r->v / sizeof r->v[0]) {
		snprintf(r->v[r->n].key, sizeof r->v[r->n].key, "%s", key);
		r->v[r->n++].n = n;
	}
	return 0;
}

static void
bar(FILE *f, int64_t n, int64_t max, int width)
{
	int w = max > 0 ? (int)((n * width + max - 1) / max) : 0;

	for (int i = 0; i < w; i++)
		putc('#', f);
}

/* seconds as H:MM:SS */
static void
put_time(FILE *f, int64_t s)
{
	fprintf(f, "%lld:%02lld:%02lld", (long long)(s / 3600), (long long)(s / 60 % 60), (long long)(s % 60));
}

static void
put_rate(FILE *f, int64_t n, int64_t active)
{
	if (active > 0)
		fprintf(f, "%8.1f/h", (double)n * 3600.0 / (double)active);
	else
		fputs("       -/h", f);
}

static int
group_rows(store *st, const char *group, struct rows *r)
{
	memset(r, 0, sizeof *r);
	r->group = group;
	return store_stats_each(st, collect, r);
}

static int
acceptance_row(const char *source, int64_t open, int64_t acc, int64_t rej, void *arg)
{
	FILE *f = arg;
	char rate[16] = "-";

	if (acc + rej > 0)
		snprintf(rate, sizeof rate, "%.0f%%", 100.0 * (double)acc / (double)(acc + rej));
	out_printf(f, "  %-10s %6lld accepted %6lld rejected %6lld open %5s\n", source, (long long)acc,
	    (long long)rej, (long long)open, rate);
	return 0;
}

struct who {
	char name[64];
	int64_t confirmed, active;
};

struct days {
	FILE *f;
	struct who v[64];
	size_t n;
};

static int
day_row(const char *annotator, const char *day, int64_t confirmed, int64_t active, void *arg)
{
	struct days *d = arg;
	size_t i;

	out_printf(d->f, "  %s  %-12s ", day ? day : "?", annotator ? annotator : "(unknown)");
	put_time(d->f, active);
	fprintf(d->f, " %6lld confirmed", (long long)confirmed);
	put_rate(d->f, confirmed, active);
	putc('\n', d->f);
	for (i = 0; i < d->n && strcmp(d->v[i].name, annotator ? annotator : "") != 0; i++)
		;
	if (i == d->n && d->n < sizeof d->v / sizeof d->v[0])
		snprintf(d->v[d->n++].name, sizeof d->v[0].name, "%s", annotator ? annotator : "");
	if (i < d->n) {
		d->v[i].confirmed += confirmed;
		d->v[i].active += active;
	}
	return 0;
}

struct arts {
	FILE *f;
	size_t n;
	int64_t total;
};

static int
article_row(const char *annotator, int64_t article, const char *title, int64_t active, int64_t actions, void *arg)
{
	struct arts *a = arg;

	a->total += active;
	if (a->n++ >= TOP_ARTICLES)
		return 0;
	fputs("  ", a->f);
	put_time(a->f, active);
	out_printf(a->f, " %5lld actions  %-12s #%lld ", (long long)actions, annotator, (long long)article);
	out_field(a->f, title);
	putc('\n', a->f);
	return 0;
}

int
stats_report(store *st, FILE *f)
{
	struct rows r;
	struct days d;
	struct arts a;
	int64_t max = 0, total = 0, done = 0, started = 0;

	if (group_rows(st, "label", &r) != 0)
		return -1;
	fputs("confirmed entity spans per label:\n", f);
	for (size_t i = 0; i < r.n; i++)
		max = r.v[i].n > max ? r.v[i].n : max;
	for (size_t i = 0; i < r.n; i++) {
		out_printf(f, "  %-16s %8lld", r.v[i].key, (long long)r.v[i].n);
		if (r.v[i].n > 0)
			putc(' ', f);
		bar(f, r.v[i].n, max, BAR);
		putc('\n', f);
	}

	if (group_rows(st, "status", &r) != 0)
		return -1;
	fputs("articles by status:\n", f);
	for (size_t i = 0; i < r.n; i++) {
		out_printf(f, "  %-16s %8lld\n", r.v[i].key, (long long)r.v[i].n);
		total += r.v[i].n;
		if (strcmp(r.v[i].key, "done") == 0)
			done = r.v[i].n;
		else if (strcmp(r.v[i].key, "started") == 0)
			started = r.v[i].n;
	}
	/* [####++++........] done, started, unread */
	{
		int wd = total ? (int)(done * BAR / total) : 0, ws = total ? (int)(started * BAR / total) : 0;

		fputs("  [", f);
		for (int i = 0; i < BAR; i++)
			putc(i < wd ? '#' : i < wd + ws ? '+' : '.', f);
		fprintf(f, "] %lld%% done, %lld%% started\n", (long long)(total ? done * 100 / total : 0),
		    (long long)(total ? started * 100 / total : 0));
	}

	if (group_rows(st, "annotator", &r) != 0)
		return -1;
	fputs("confirmed spans per annotator:\n", f);
	for (size_t i = 0; i < r.n; i++)
		out_printf(f, "  %-16s %8lld\n", r.v[i].key, (long long)r.v[i].n);
	if (r.n == 0)
		fputs("  (none)\n", f);

	fputs("suggestions accepted per engine:\n", f);
	if (store_acceptance_each(st, acceptance_row, f) != 0)
		return -1;

	fprintf(f, "annotation sessions (active time; pauses over %d minutes not counted):\n", STATS_IDLE / 60);
	fputs(" per day:\n", f);
	memset(&d, 0, sizeof d);
	d.f = f;
	if (store_days_each(st, STATS_IDLE, day_row, &d) != 0)
		return -1;
	fputs(" per annotator:\n", f);
	for (size_t i = 0; i < d.n; i++) {
		out_printf(f, "  %-24s ", d.v[i].name);
		put_time(f, d.v[i].active);
		fprintf(f, " %6lld confirmed", (long long)d.v[i].confirmed);
		put_rate(f, d.v[i].confirmed, d.v[i].active);
		putc('\n', f);
	}
	if (d.n == 0)
		fputs("  (none)\n", f);
	fprintf(f, " time per article (longest first, at most %d):\n", TOP_ARTICLES);
	memset(&a, 0, sizeof a);
	a.f = f;
	if (store_sessions_each(st, STATS_IDLE, article_row, &a) != 0)
		return -1;
	if (a.n == 0)
		fputs("  (none)\n", f);
	return ferror(f) ? -1 : 0;
}
