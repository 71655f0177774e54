/*
 * cli_search.c: gloss search: full-text search over the corpus, one line
 * (or JSON object) per article, best first.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/json.h"
#include "tui/cli_int.h"
#include "tui/out.h"

/* The snippet with its matches between [ and ], its line breaks and runs
 * of white space as one space, as one field. */
static void
put_snippet(FILE *f, const char *s)
{
	size_t n = strlen(s), o = 0;
	char *c = malloc(n + 1);

	if (c == NULL)
		return;
	for (; *s; s++) {
		int sp = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';

		if (sp && o > 0 && c[o - 1] == ' ')
			continue;
		c[o++] = sp ? ' ' : *s == STORE_MARK_ON ? '[' : *s == STORE_MARK_OFF ? ']' : *s;
	}
	c[o] = '\0';
	out_field(f, c);
	free(c);
}

static int
plain_row(const store_hit *h, void *arg)
{
	FILE *f = arg;

	fprintf(f, "%lld\t", (long long)h->id);
	out_field(f, h->title);
	putc('\t', f);
	put_snippet(f, h->snippet);
	putc('\n', f);
	return ferror(f) != 0;
}

/*
 * {"id":1,"title":"...","snippet":"...","matches":[[s,e],...],"rank":-1.5}
 * with the snippet unmarked and matches as code point ranges in it.
 */
static int
json_row(const store_hit *h, void *arg)
{
	FILE *f = arg;
	const char *p;
	size_t cp = 0, n = 0, len = strlen(h->snippet);
	char *plain = malloc(len + 1);
	const char *sep = "";

	if (plain == NULL)
		return 1;
	fprintf(f, "{\"id\":%lld,\"title\":", (long long)h->id);
	json_write_str(f, h->title, strlen(h->title));
	fputs(",\"matches\":[", f);
	for (p = h->snippet; *p; p++) {
		if (*p == STORE_MARK_ON || *p == STORE_MARK_OFF) {
			fprintf(f, *p == STORE_MARK_ON ? "%s[%zu," : "%s%zu]", *p == STORE_MARK_ON ? sep : "", cp);
			sep = ",";
			continue;
		}
		plain[n++] = *p;
		cp += ((unsigned char)*p & 0xc0) != 0x80;
	}
	plain[n] = '\0';
	fputs("],\"snippet\":", f);
	json_write_str(f, plain, n);
	fprintf(f, ",\"rank\":%.6g}\n", h->rank);
	free(plain);
	return ferror(f) != 0;
}

static int
cmd_search(cli_env *env, int argc, char **argv)
{
	const char *limit_s = NULL;
	int as_json = 0;
	const struct opt opts[] = { { "--limit", &limit_s, NULL }, { "--json", NULL, &as_json }, { NULL, NULL, NULL } };
	char **pos, *end, *query = NULL;
	size_t npos, limit = 20, qlen = 0;
	store *st;
	int rc;

	if ((rc = cli_parse(env, cli_find_cmd("search"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	rc = 2;
	if (npos == 0) {
		cli_usage("search", "give a query");
		goto out;
	}
	if (limit_s) {
		unsigned long long v;

		errno = 0;
		v = strtoull(limit_s, &end, 10);
		if (errno || end == limit_s || *end || limit_s[0] == '-') {
			cli_usage("search", "--limit must be a number (0: all), not '%s'", limit_s);
			goto out;
		}
		limit = (size_t)v;
	}
	/* Several words form one query, as if quoted by the shell together. */
	for (size_t i = 0; i < npos; i++)
		qlen += strlen(pos[i]) + 1;
	if ((query = malloc(qlen)) == NULL)
		goto out;
	qlen = 0;
	for (size_t i = 0; i < npos; i++) {
		size_t n = strlen(pos[i]);

		memcpy(query + qlen, pos[i], n);
		qlen += n;
		query[qlen++] = i + 1 < npos ? ' ' : '\0';
	}
	rc = 1;
	if ((st = cli_open_existing_store_late(env)) == NULL)
		goto out;
	if (store_search(st, query, limit, as_json ? json_row : plain_row, stdout) != 0)
		out_err("gloss: %s\n", store_errmsg(st));
	else
		rc = 0;
	store_close(st);
out:
	free(query);
	free(pos);
	return rc == 3 ? 0 : rc;
}

const struct cli_cmd cli_cmd_search = {
	.name = "search",
	.synopsis = "search [--limit N] [--json] QUERY",
	.brief = "full-text search: id, title, snippet, best match first",
	.help = "Search the titles and texts of all articles and print the best matches\n"
	    "first (bm25; a match in the title counts as ten in the text; equal ranks\n"
	    "by id), one line per article, tab-separated: id, title, and a snippet of\n"
	    "the text with each matched word between [ and ]. Case and accents are\n"
	    "ignored the way the reader's / does (malgorzata finds Małgorzata, soren\n"
	    "finds Søren).\n"
	    "\n"
	    "QUERY uses SQLite FTS5 syntax: words (all must occur), \"a phrase\",\n"
	    "a OR b, a NOT b, NEAR(a b, 5), prefix*, title:word. A query FTS5 cannot\n"
	    "read is searched as its plain words.\n"
	    "\n"
	    "  --limit N       at most N articles (default 20; 0: all)\n"
	    "  --json          one JSON object per line: id, title, snippet (unmarked),\n"
	    "                  matches (code point ranges in the snippet), rank\n",
	.run = cmd_search,
};
