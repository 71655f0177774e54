/*
 * cli_labels.c: gloss labels: print the label scheme or replace it.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/cli_int.h"
#include "tui/out.h"

/* Read all of path (malloc'd, NUL-terminated); NULL with errno set. */
static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *b;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (cap - n < 4096) {
			if ((b = realloc(buf, cap = cap ? cap * 2 : 8192)) == NULL) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int
cmd_labels(cli_env *env, int argc, char **argv)
{
	const char *set = NULL;
	const struct opt opts[] = { { "--set", &set, NULL }, { NULL, NULL, NULL } };
	label_scheme ls = { NULL, 0 };
	char **pos, *text = NULL, msg[256], *dropped = NULL, *out;
	size_t npos, len, line, in_use;
	store *st = NULL;
	int rc;

	if ((rc = cli_parse(env, cli_find_cmd("labels"), argc, argv, opts, &pos, &npos)) != 0)
		goto out;
	if (npos > 0) {
		rc = cli_usage("labels", "unexpected argument '%s' (replace the scheme with --set FILE)", pos[0]);
		goto out;
	}
	rc = 1;
	if (set) {
		if ((text = read_all(set, &len)) == NULL) {
			out_err("%s: %s\n", set, strerror(errno));
			goto out;
		}
		if (label_scheme_parse(text, len, &ls, &line, msg, sizeof msg) != 0) {
			if (line)
				out_err("%s:%zu: %s\n", set, line, msg);
			else
				out_err("%s: %s\n", set, msg);
			goto out;
		}
	}
	if ((st = cli_open_store(env, NULL)) == NULL)
		goto out;
	if (set) {
		if (store_labels_set(st, &ls, &in_use, &dropped) != 0) {
			if (dropped)
				out_err("gloss: cannot drop label %s: %zu %s it\n", dropped, in_use,
				    in_use == 1 ? "span uses" : "spans use");
			else
				out_err("gloss: labels: %s\n", store_errmsg(st));
			goto out;
		}
		out_err("label scheme set: %zu %s\n", ls.n, cli_plural(ls.n, "label", "labels"));
		rc = 0;
		goto out;
	}
	if (store_labels_get(st, &ls) != 0) {
		out_err("gloss: labels: %s\n", store_errmsg(st));
		goto out;
	}
	if ((out = label_scheme_format(&ls)) == NULL) {
		fputs("gloss: out of memory\n", stderr);
		goto out;
	}
	out_printf(stdout, "%s", out);
	free(out);
	rc = 0;
out:
	label_scheme_clear(&ls);
	free(dropped);
	free(text);
	free(pos);
	store_close(st);
	return rc == 3 ? 0 : rc;
}

const struct cli_cmd cli_cmd_labels = {
	.name = "labels",
	.synopsis = "labels [--set FILE]",
	.brief = "print or replace (--set FILE) the label scheme",
	.help = "Print the label scheme in its file format: one label per line,\n"
	    "KEY NAME COLOUR DESCRIPTION..., where KEY is the digit 1-9 that applies it\n"
	    "(or - for none) and COLOUR one of black red green yellow blue magenta cyan\n"
	    "white, optionally prefixed bright-. Lines starting with # are comments.\n"
	    "\n"
	    "  --set FILE      replace the scheme with FILE's; refused (exit status 1) when\n"
	    "                  a label that spans still use would be dropped\n",
	.run = cmd_labels,
};
