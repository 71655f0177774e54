/*
 * cli_feeds.c: news from the network. gloss import URL fetches a feed or a
 * page and imports it like a file; gloss feeds keeps a list of feeds in
 * the database and imports the items it has not seen (by GUID or URL,
 * then, as every import, by content hash).
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "db/feeds.h"
#include "db/import.h"
#include "tui/cli_int.h"
#include "tui/fetch.h"
#include "tui/out.h"

/* Add b's counts to a. */
static void
stats_add(import_stats *a, const import_stats *b)
{
	a->files += b->files;
	a->ignored += b->ignored;
	a->articles += b->articles;
	a->duplicates += b->duplicates;
	a->merged += b->merged;
	a->kept += b->kept;
	a->merged_spans += b->merged_spans;
	a->same_spans += b->same_spans;
	a->spans += b->spans;
	a->failed += b->failed;
	a->replaced += b->replaced;
	a->skipped += b->skipped;
	if (!a->stopped[0])
		memcpy(a->stopped, b->stopped, sizeof a->stopped);
}

/* Fetch url and import it; with title, the feed's title too
 * (malloc'd, or NULL when it is not a feed or has none). */
int
cli_import_url(store *st, const char *url, const import_opts *o, import_stats *total, char **title)
{
	fetch_opts fo;
	import_stats s;
	fmt_input in;
	char err[256], *buf;
	size_t len;
	int rc;

	if (title)
		*title = NULL;
	fetch_defaults(&fo);
	if (fetch_url(url, &fo, &buf, &len, err, sizeof err) != 0) {
		out_err("%s: %s\n", url, err);
		total->files++;
		total->failed++;
		return 1;
	}
	in = (fmt_input){ url, buf, len, NULL, 0 };
	memset(&s, 0, sizeof s);
	rc = import_buffers(st, &in, 1, o, &s);
	stats_add(total, &s);
	if (title && rc == 0)
		*title = feed_title(buf, len);
	free(buf);
	return rc;
}

/* --- gloss feeds ---------------------------------------------------------- */

struct update {
	store *st;
	import_opts o;
	import_stats all;
	int failed;
};

static int
update_one(const store_feed *f, void *arg)
{
	struct update *u = arg;
	import_stats before = u->all;
	char result[128], *title;
	size_t fresh, seen;
	int rc = cli_import_url(u->st, f->url, &u->o, &u->all, &title), done;

	if (rc < 0) {
		free(title);
		return 1; /* the store failed: stop */
	}
	fresh = u->all.articles - before.articles;
	seen = u->all.duplicates - before.duplicates;
	if (rc == 0)
		snprintf(result, sizeof result, "%zu new, %zu already here", fresh, seen);
	else
		snprintf(result, sizeof result, "failed");
	u->failed |= rc != 0;
	out_printf(stdout, "%s\t%s\n", f->url, result);
	done = store_feed_done(u->st, f->id, (int64_t)time(NULL), result, title);
	free(title);
	return done != 0;
}

static int
list_one(const store_feed *f, void *arg)
{
	(void)arg;
	out_field(stdout, f->url);
	putchar('\t');
	out_field(stdout, f->title ? f->title : "");
	putchar('\t');
	out_field(stdout, f->result ? f->result : "never updated");
	putchar('\n');
	return 0;
}

static int
cmd_feeds(cli_env *env, int argc, char **argv)
{
	char **pos;
	size_t npos;
	store *st = NULL;
	int rc, changed = 0;
	const char *what;

	if ((rc = cli_parse(env, cli_find_cmd("feeds"), argc, argv, NULL, &pos, &npos)) != 0)
		goto out;
	rc = 2;
	what = npos ? pos[0] : "list";
	if ((strcmp(what, "add") == 0 || strcmp(what, "remove") == 0) && npos != 2) {
		cli_usage("feeds", "%s takes one URL", what);
		goto out;
	}
	if ((strcmp(what, "update") == 0 || strcmp(what, "list") == 0) && npos > 1) {
		cli_usage("feeds", "unexpected argument '%s'", pos[1]);
		goto out;
	}
	if (strcmp(what, "add") == 0 && !fetch_is_url(pos[1])) {
		cli_usage("feeds", "'%s' is not an http:// or https:// URL", pos[1]);
		goto out;
	}
	rc = 1;
	if (strcmp(what, "add") == 0) {
		if ((st = cli_open_store(env, NULL)) == NULL)
			goto out;
		if (store_feed_add(st, pos[1], &changed) != 0)
			out_err("gloss: feeds: %s\n", store_errmsg(st));
		else {
			out_err(changed ? "following %s (gloss feeds update imports its items)\n" :
			    "%s is already followed\n", pos[1]);
			rc = 0;
		}
	} else if (strcmp(what, "remove") == 0) {
		if ((st = cli_open_existing_store(env)) == NULL)
			goto out;
		if (store_feed_remove(st, pos[1], &changed) != 0)
			out_err("gloss: feeds: %s\n", store_errmsg(st));
		else if (!changed)
			out_err("gloss: feeds: %s is not followed\n", pos[1]);
		else
			rc = 0;
	} else if (strcmp(what, "update") == 0) {
		struct update u;

		if ((st = cli_open_existing_store(env)) == NULL)
			goto out;
		memset(&u, 0, sizeof u);
		u.st = st;
		u.o.fo.as_status = SPAN_CONFIRMED;
		u.o.duplicates = STORE_DUP_SKIP;
		u.o.skip_known = 1;
		u.o.problem = cli_print_problem;
		if (store_feeds_each(st, update_one, &u) != 0 || u.all.stopped[0])
			out_err("gloss: feeds: %s\n", u.all.stopped[0] ? u.all.stopped : store_errmsg(st));
		else
			rc = u.failed ? 1 : 0;
		out_err("%zu new %s from %zu %s\n", u.all.articles, cli_plural(u.all.articles, "article", "articles"),
		    u.all.files, cli_plural(u.all.files, "feed", "feeds"));
	} else if (strcmp(what, "list") == 0) {
		if ((st = cli_open_existing_store(env)) == NULL)
			goto out;
		if (store_feeds_each(st, list_one, NULL) != 0)
			out_err("gloss: feeds: %s\n", store_errmsg(st));
		else
			rc = 0;
	} else {
		rc = cli_usage("feeds", "unknown action '%s' (add, remove, update, list)", what);
	}
	store_close(st);
out:
	free(pos);
	return rc == 3 ? 0 : rc;
}

const struct cli_cmd cli_cmd_feeds = {
	.name = "feeds",
	.synopsis = "feeds [list] | feeds add URL | feeds remove URL | feeds update",
	.brief = "follow news feeds: add, remove, list them; update imports new items",
	.help = "Keep a list of RSS or Atom feeds in the database and import their new items.\n"
	    "\n"
	    "  add URL         follow the feed at URL (http or https)\n"
	    "  remove URL      stop following it (its articles stay)\n"
	    "  update          fetch every feed and import the items not yet in the\n"
	    "                  database: known by their GUID or link, then by their text;\n"
	    "                  prints one line per feed: URL, what it brought\n"
	    "  list            (the default) one line per feed: URL, the feed's title\n"
	    "                  (empty until its first update), its last update\n"
	    "\n"
	    "Fetching gives up after 30 s or 32 MB (GLOSS_FETCH_TIMEOUT seconds and\n"
	    "GLOSS_FETCH_MAX_BYTES change that); a feed that fails is reported and the\n"
	    "others are updated; the exit status is then 1.\n",
	.run = cmd_feeds,
};
