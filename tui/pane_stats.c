/*
 * pane_stats.c: the :stats view: the report gloss stats prints
 * (stats_report.c), shown in the pager, one line per entry, its section
 * titles as headings. It is computed when opened, from the store.
 */
#include "model/buf.h"
#include "tui/ui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/stats_report.h"

void
stats_show(ui *u)
{
	char *buf = NULL, *p;
	size_t len = 0, n = 0, cap = 64;
	pager_entry *e, *ne;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (f == NULL) {
		ui_message(u, "stats: out of memory");
		return;
	}
	rc = stats_report(u->st, f);
	if (fclose(f) != 0 || rc != 0 || buf == NULL) {
		ui_message(u, "stats: %s", rc ? store_errmsg(u->st) : "out of memory");
		free(buf);
		return;
	}
	if ((e = calloc(cap, sizeof(*e))) == NULL) {
		free(buf);
		return;
	}
	for (p = buf; *p; ) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		if ((ne = array_grow(e, &cap, n + 1, sizeof *ne)) == NULL)
			break;
		e = ne;
		/* Section titles start in the first column; a row keeps its
		 * indent as the left column so the figures line up. */
		e[n].heading = *p != ' ';
		e[n].left = e[n].heading ? p : "";
		e[n].right = e[n].heading ? "" : p + strspn(p, " ");
		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	pager_show(u, "Statistics (q closes)", e, n, 0);
	free(e);
	free(buf);
}
