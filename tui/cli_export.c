/*
 * cli_export.c: gloss export: write the database in a format through the
 * db/export driver; Ctrl-C, SIGTERM and SIGHUP leave nothing behind.
 */
#include "config.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "db/export.h"
#include "tui/cli_int.h"
#include "tui/out.h"

static volatile sig_atomic_t cancelled;

static void
on_sigint(int sig)
{
	(void)sig;
	cancelled = 1;
}

static int
cmd_export(cli_env *env, int argc, char **argv)
{
	const char *format = NULL, *status = NULL, *offsets = NULL, *scheme = NULL, *out = NULL, *config = NULL;
	const struct opt opts[] = {
		{ "--format", &format, NULL }, { "--status", &status, NULL }, { "--offsets", &offsets, NULL },
		{ "--config", &config, NULL },
		{ "--scheme", &scheme, NULL }, { "-o", &out, NULL }, { "--output", &out, NULL },
		{ NULL, NULL, NULL },
	};
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old[3];
	FILE *cf = NULL;
	export_opts o;
	export_stats s;
	struct cli_bar b;
	char **pos;
	size_t npos;
	store *st;
	int rc;

	if ((rc = cli_parse(env, cli_find_cmd("export"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	memset(&o, 0, sizeof o);
	memset(&s, 0, sizeof s);
	rc = 2;
	if (npos > 0) {
		cli_usage("export", "unexpected argument '%s' (write to a file with -o PATH)", pos[0]);
		goto out;
	}
	if (format == NULL) {
		cli_usage("export", "--format is required");
		goto out;
	}
	if ((o.format = fmt_by_name(format)) == NULL || o.format->write_begin == NULL) {
		cli_usage("export", "cannot export format '%s'", format);
		goto out;
	}
	if (status && strcmp(status, "confirmed") != 0 && strcmp(status, "all") != 0) {
		cli_usage("export", "--status must be confirmed or all, not '%s'", status);
		goto out;
	}
	o.all_spans = status && strcmp(status, "all") == 0;
	if (cli_fmt_values("export", offsets, scheme, &o.fo) != 0
	    || cli_fmt_takes("export", o.format, offsets, scheme) != 0)
		goto out;
	if (config != NULL && !(o.format->takes & FMT_TAKES_CONFIG)) {
		cli_usage("export", "--config: %s has no configuration to write (labelstudio has)", format);
		goto out;
	}
	if (o.format->multi_file && (out == NULL || strcmp(out, "-") == 0)) {
		cli_usage("export", "%s writes a directory: give it with -o DIR", format);
		goto out;
	}
	rc = 1;
	if ((st = cli_open_existing_store(env)) == NULL)
		goto out;
	if (config != NULL) {
		cf = strcmp(config, "-") == 0 ? stdout : fopen(config, "w");
		if (cf == NULL) {
			out_err("gloss: export: %s: %s\n", config, strerror(errno));
			store_close(st);
			goto out;
		}
		o.fo.config = cf;
	}
	o.path = out;
	o.cancel = &cancelled;
	cli_bar_init(&b, "exporting", 0);
	o.progress = cli_bar_cb;
	o.arg = &b;
	/* Interrupted, terminated or hung up (ssh gone): the temporary goes. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	rc = export_run(st, &o, &s);
	for (size_t i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (cf != NULL && cf != stdout && (fclose(cf) != 0 || rc != 0)) {
		if (rc == 0)
			snprintf(o.err, sizeof o.err, "%s: %s", config, strerror(errno));
		rc = -1;
		unlink(config);  /* a config for an export that did not happen */
	}
	cli_bar_done(&b);
	if (s.stale)
		out_err("gloss: removed %zu temporary %s left by an interrupted export\n", s.stale,
		    cli_plural(s.stale, "file", "files"));
	if (rc != 0) {
		if (cancelled)
			out_err("gloss: export interrupted; nothing written\n");
		else
			out_err("gloss: export: %s\n", o.err[0] ? o.err : "failed");
		rc = 1;
	} else {
		out_err("exported %zu %s (%zu %s) to %s\n", s.articles, cli_plural(s.articles, "article", "articles"),
		    s.spans, cli_plural(s.spans, "span", "spans"), out && strcmp(out, "-") ? out : "standard output");
		if (s.report.what.len) /* what the format could not hold: never dropped silently */
			out_err("note: %s\n", fmt_report_what(&s.report));
		if (s.unannotated)
			out_err("note: %zu %s nobody annotated (not done, no confirmed span) left out: "
			    "%s would read them as having no entities; --status all writes them too\n",
			    s.unannotated, cli_plural(s.unannotated, "article", "articles"), o.format->name);
	}
	fmt_report_free(&s.report);
	store_close(st);
out:
	free(pos);
	return rc == 3 ? 0 : rc;
}

const struct cli_cmd cli_cmd_export = {
	.name = "export",
	.synopsis = "export --format F [--status confirmed|all]\n"
	    "              [--offsets codepoints|utf16|graphemes] [--scheme iob1|iob2|bilou]\n"
	    "              [--config FILE] [-o PATH]",
	.brief = "write the database in a format other tools read",
	.help = "Write the database in format F to PATH (a directory for brat), or to\n"
	    "standard output when -o is missing or -. The output is written to a\n"
	    "temporary file and renamed into place, so an interrupted export (Ctrl-C,\n"
	    "SIGTERM, SIGHUP) leaves nothing behind; a temporary left by a killed export\n"
	    "is removed by the next one. A device, a FIFO or /dev/stdout is written in\n"
	    "place; a replaced file keeps its permissions; the database's own files and\n"
	    "directories are refused.\n"
	    "\n"
	    "  --format F      txt jsonl spacy doccano conll brat labelstudio csv\n"
	    "  --status S      confirmed (the default): confirmed spans and highlights,\n"
	    "                  labelstudio: suggested spans too, as predictions;\n"
	    "                  and for spacy only articles marked done or with a confirmed\n"
	    "                  span (a note counts the others); all: suggested and\n"
	    "                  rejected spans too, and every article\n"
	    "  --offsets UNIT  codepoints or utf16 (default: the format's own); jsonl spacy\n"
	    "                  doccano labelstudio csv only (elsewhere a usage error);\n"
	    "                  graphemes for doccano projects that count grapheme clusters\n"
	    "  --scheme S      CoNLL tags: iob2 (the default), iob1 or bilou; conll only\n"
	    "  --config FILE   labelstudio: also write the labelling config that matches\n"
	    "                  the export (<View><Labels ...><Text .../></View>) to FILE\n"
	    "  -o PATH         where to write\n",
	.run = cmd_export,
};
