/*
 * cli_import.c: gloss import: read files into the database through the
 * db/import driver, with a progress bar and a summary on stderr.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db/import.h"
#include "tui/cli_int.h"
#include "tui/fetch.h"
#include "tui/out.h"

/* What happened to every record, duplicates included (issue 11: a merge
 * or a skip is never silent). */
static void
import_summary(const import_stats *s)
{
	if (s->articles == 0 && s->duplicates > 0 && s->merged == 0)
		out_err("%zu %s from %zu %s already in the database, nothing imported",
		    s->duplicates, cli_plural(s->duplicates, "article", "articles"), s->files,
		    cli_plural(s->files, "file", "files"));
	else
		out_err("imported %zu %s (%zu %s) from %zu %s; %zu %s skipped", s->articles,
		    cli_plural(s->articles, "article", "articles"), s->spans, cli_plural(s->spans, "span", "spans"), s->files,
		    cli_plural(s->files, "file", "files"), s->duplicates, cli_plural(s->duplicates, "duplicate", "duplicates"));
	if (s->merged)
		out_err("; %zu %s with the text of an article already imported merged into it (%zu %s added)",
		    s->merged, cli_plural(s->merged, "record", "records"), s->merged_spans,
		    cli_plural(s->merged_spans, "span", "spans"));
	if (s->same_spans)
		out_err("; %zu %s already there not added again", s->same_spans,
		    cli_plural(s->same_spans, "span", "spans"));
	if (s->kept)
		out_err("; %zu of the articles %s the text of another, kept apart", s->kept,
		    s->kept == 1 ? "has" : "have");
	if (s->failed)
		out_err("; %zu %s failed", s->failed, cli_plural(s->failed, "file", "files"));
	if (s->ignored)
		out_err("; %zu %s of no known format ignored", s->ignored,
		    cli_plural(s->ignored, "file", "files"));
	fputc('\n', stderr);
	if (s->replaced)
		out_err("replaced %zu invalid %s with U+FFFD\n", s->replaced,
		    cli_plural(s->replaced, "byte", "bytes"));
}

/* Paths as import_paths takes them; http(s) URLs are fetched and
 * imported after them, one by one. The worst result wins. */
static int
import_args(store *st, char **pos, size_t npos, const import_opts *o, import_stats *s)
{
	char **urls = calloc(npos + 1, sizeof *urls);
	size_t np = 0, nu = 0;
	int rc = 0, r;

	memset(s, 0, sizeof *s);
	if (urls == NULL) {
		snprintf(s->stopped, sizeof s->stopped, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < npos; i++) {
		if (fetch_is_url(pos[i]))
			urls[nu++] = pos[i];
		else
			pos[np++] = pos[i];
	}
	if (np > 0)
		rc = import_paths(st, pos, np, o, s);
	for (size_t i = 0; i < nu && rc >= 0; i++)
		if ((r = cli_import_url(st, urls[i], o, s, NULL)) != 0)
			rc = r < 0 ? -1 : 1;
	free(urls);
	return rc;
}

static int
cmd_import(cli_env *env, int argc, char **argv)
{
	const char *format = NULL, *as = NULL, *offsets = NULL, *scheme = NULL, *dups = NULL, *columns = NULL;
	int lossy = 0, rc;
	const struct opt opts[] = {
		{ "--format", &format, NULL }, { "--as", &as, NULL }, { "--lossy", NULL, &lossy },
		{ "--duplicates", &dups, NULL }, { "--columns", &columns, NULL },
		{ "--offsets", &offsets, NULL }, { "--scheme", &scheme, NULL }, { NULL, NULL, NULL },
	};
	import_opts o;
	import_stats s;
	struct cli_bar b;
	char **pos;
	size_t npos;
	store *st;

	if ((rc = cli_parse(env, cli_find_cmd("import"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	memset(&o, 0, sizeof o);
	o.fo.as_status = SPAN_CONFIRMED;
	o.fo.lossy = lossy;
	rc = 2;
	if (npos == 0) {
		cli_usage("import", "no PATH to import");
		goto out;
	}
	if (format && strcmp(format, "auto") != 0) {
		if ((o.format = fmt_by_name(format)) == NULL || o.format->read == NULL) {
			cli_usage("import", "cannot import format '%s' (see the list in gloss import --help)", format);
			goto out;
		}
	}
	if (as) {
		if (strcmp(as, "confirmed") != 0 && strcmp(as, "suggested") != 0) {
			cli_usage("import", "--as must be confirmed or suggested, not '%s'", as);
			goto out;
		}
		o.fo.as_status = span_status_parse(as);
	}
	if (dups) {
		static const char *const modes[] = { "merge", "skip", "keep" };
		size_t k;

		for (k = 0; k < 3 && strcmp(dups, modes[k]) != 0; k++)
			;
		if (k == 3) {
			cli_usage("import", "--duplicates must be merge, skip or keep, not '%s'", dups);
			goto out;
		}
		o.duplicates = k == 0 ? STORE_DUP_MERGE : k == 1 ? STORE_DUP_SKIP : STORE_DUP_KEEP;
	}
	if (columns) {
		unsigned tc, gc;
		char end;

		if (sscanf(columns, "%u,%u%c", &tc, &gc, &end) != 2 || tc == 0 || gc == 0 || tc == gc || tc > 99
		    || gc > 99) {
			cli_usage("import", "--columns must be TOKEN,TAG column numbers such as 2,3, not '%s'", columns);
			goto out;
		}
		o.fo.tokcol = tc;
		o.fo.tagcol = gc;
		if (o.format != NULL && !(o.format->takes & FMT_TAKES_COLUMNS)) {
			cli_usage("import", "--columns means nothing for %s (conll only)", o.format->name);
			goto out;
		}
	}
	if (cli_fmt_values("import", offsets, scheme, &o.fo) != 0
	    || (o.format && cli_fmt_takes("import", o.format, offsets, scheme) != 0))
		goto out;
	rc = 1;
	if ((st = cli_open_store(env, NULL)) == NULL)
		goto out;
	cli_bar_init(&b, "importing", 1);
	o.problem = cli_print_problem;
	o.progress = cli_bar_cb;
	o.arg = &b;
	rc = import_args(st, pos, npos, &o, &s);
	cli_bar_done(&b);
	if (rc < 0)
		out_err("gloss: import stopped: %s; the database keeps what was committed before\n",
		    s.stopped[0] ? s.stopped : store_errmsg(st));
	import_summary(&s);
	store_close(st);
	rc = rc == 0 ? 0 : 1;
out:
	free(pos);
	return rc == 3 ? 0 : rc;
}

const struct cli_cmd cli_cmd_import = {
	.name = "import",
	.synopsis = "import [--format F] [--as confirmed|suggested] [--lossy]\n"
	    "              [--duplicates merge|skip|keep] [--columns TOKEN,TAG]\n"
	    "              [--offsets codepoints|utf16|graphemes] [--scheme iob1|iob2|bilou]\n"
	    "              PATH...",
	.brief = "read files into the database",
	.help = "Read files into the database. PATH is a file, a directory (walked\n"
	    "recursively, files in name order; dot files, and with --format auto files\n"
	    "whose extension no format claims, are skipped), - for standard input, or\n"
	    "an http:// or https:// URL of a feed or a page, fetched (30 s and 32 MB at\n"
	    "most; GLOSS_FETCH_TIMEOUT, GLOSS_FETCH_MAX_BYTES) and imported as a file.\n"
	    "\n"
	    "  --format F      auto (the default: from the file name's extension and first\n"
	    "                  bytes; txt when nothing else fits) or one of the formats below\n"
	    "  --as STATUS     status of imported spans for formats that carry none:\n"
	    "                  confirmed (the default) or suggested\n"
	    "  --lossy         replace invalid UTF-8 with U+FFFD instead of refusing the file\n"
	    "  --duplicates M  a record whose text is already in the database (a Prodigy\n"
	    "                  dataset repeats the text once per span): merge (the default)\n"
	    "                  adds its spans to that article, a span already there once;\n"
	    "                  skip leaves it out; keep stores it as an article of its own\n"
	    "  --offsets UNIT  what offsets in the input count: codepoints or utf16 (default:\n"
	    "                  the format's own: doccano utf16, the others codepoints), for\n"
	    "                  jsonl spacy doccano labelstudio only; graphemes: doccano\n"
	    "                  projects that count grapheme clusters as one character\n"
	    "  --scheme S      CoNLL tags: iob1, iob2 or bilou (default: detected)\n"
	    "  --columns T,G   CoNLL: the token is column T and the tag column G (1-based;\n"
	    "                  default: first and last, or 2,3 for Universal NER files)\n"
	    "\n"
	    "Formats: txt jsonl spacy doccano conll brat labelstudio feed html (feed: RSS\n"
	    "and Atom, one article per item; html: a saved page's main text). A .txt file\n"
	    "with a .ann file beside it is read as brat. A file that fails leaves nothing\n"
	    "behind: its problem is printed as FILE:LINE:BYTE: message, the other files\n"
	    "are imported, and the exit status is 1. A summary goes to standard error,\n"
	    "saying also what became of records whose text was already there. An option\n"
	    "the given format has no use for is a usage error; for a detected format a\n"
	    "note says it was ignored.\n",
	.run = cmd_import,
};
