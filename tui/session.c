/*
 * session.c: restart where the person left off. The open article and the
 * focused pane are kept in the database (meta "ui.session" = "ID PANE",
 * written when either changes, so a crash loses nothing); the caret comes
 * back with the article's own reading position.
 */
#include "tui/ui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const pane_names[PANE_N] = { "list", "reader", "annotations" };
static const char session_key[] = "ui.session";

void
session_save(ui *u)
{
	char v[64];

	if (!u->rd.id || (u->rd.id == u->saved_article && u->focus == u->saved_pane))
		return;
	snprintf(v, sizeof(v), "%lld %s", (long long)u->rd.id, pane_names[u->focus]);
	if (store_meta_set(u->st, session_key, v) == 0) {
		u->saved_article = u->rd.id;
		u->saved_pane = u->focus;
	}
}

void
session_restore(ui *u)
{
	char *v = NULL, pane[16];
	long long id;
	store_article a;
	int p;

	if (store_meta_get(u->st, session_key, &v) != 0 || !v)
		return;
	memset(&a, 0, sizeof(a));
	if (sscanf(v, "%lld %15s", &id, pane) == 2 && id > 0 && store_article_info(u->st, (int64_t)id, &a) == 0 &&
	    ui_open(u, (int64_t)id) == 0) {
		for (p = 0; p < PANE_N; p++)
			if (strcmp(pane, pane_names[p]) == 0)
				ui_focus(u, p);
		u->saved_article = u->rd.id;
		u->saved_pane = u->focus;
	}
	store_article_clear(&a);
	free(v);
}
