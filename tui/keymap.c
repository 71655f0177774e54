/*
 * keymap.c: which key does what (GUIDE §3), and the help screen built
 * from the same table (and command.c's), so the help can never disagree
 * with the keys.
 * Keys are characters or curses function keys | UI_FKEY (ui_int.h).
 */
#include "tui/ui_int.h"
#include "tui/keymap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct binding {
	int key;
	int action;
};

static const struct binding defaults[] = {
	{ 'q', ACT_QUIT }, { '?', ACT_HELP }, { ':', ACT_CMD }, { '\t', ACT_TAB },
	{ 'j', ACT_DOWN }, { UI_FKEY | KEY_DOWN, ACT_DOWN },
	{ 'k', ACT_UP }, { UI_FKEY | KEY_UP, ACT_UP },
	{ ' ', ACT_PGDN }, { UI_FKEY | KEY_NPAGE, ACT_PGDN }, { UI_CTRL('f'), ACT_PGDN },
	{ UI_FKEY | KEY_PPAGE, ACT_PGUP }, { UI_CTRL('b'), ACT_PGUP },
	{ 'g', ACT_TOP }, { UI_FKEY | KEY_HOME, ACT_TOP },
	{ 'G', ACT_BOTTOM }, { UI_FKEY | KEY_END, ACT_BOTTOM },
	{ 'h', ACT_LEFT }, { UI_FKEY | KEY_LEFT, ACT_LEFT },
	{ 'l', ACT_RIGHT }, { UI_FKEY | KEY_RIGHT, ACT_RIGHT },
	{ 'w', ACT_WORD_NEXT }, { 'b', ACT_WORD_PREV }, { 'e', ACT_WORD_END },
	{ '0', ACT_LINE_START }, { '$', ACT_LINE_END },
	{ '\r', ACT_ENTER }, { '\n', ACT_ENTER }, { UI_FKEY | KEY_ENTER, ACT_ENTER },
	{ 'J', ACT_NEXT_ART }, { 'K', ACT_PREV_ART },
	{ 'v', ACT_SELECT }, { 27, ACT_ESC },
	{ '1', ACT_TAG }, { '2', ACT_TAG }, { '3', ACT_TAG }, { '4', ACT_TAG }, { '5', ACT_TAG },
	{ '6', ACT_TAG }, { '7', ACT_TAG }, { '8', ACT_TAG }, { '9', ACT_TAG },
	{ 'r', ACT_RELABEL }, { 'd', ACT_DELETE }, { 'H', ACT_HIGHLIGHT }, { 'c', ACT_NOTE },
	{ 'u', ACT_UNDO }, { UI_CTRL('r'), ACT_REDO },
	{ '/', ACT_SEARCH }, { 'n', ACT_SEARCH_NEXT }, { 'N', ACT_SEARCH_PREV },
	{ 'D', ACT_DONE }, { UI_CTRL('l'), ACT_REDRAW },
	{ ']', ACT_SUGG_NEXT }, { '[', ACT_SUGG_PREV }, { 'y', ACT_ACCEPT }, { 'x', ACT_REJECT },
	{ 'Y', ACT_ACCEPT_ALL },
	{ '{', ACT_START_OUT_WORD }, { '}', ACT_START_IN_WORD },
	{ '(', ACT_START_OUT_CHAR }, { ')', ACT_START_IN_CHAR },
	{ '>', ACT_END_OUT_WORD }, { '<', ACT_END_IN_WORD },
	{ '.', ACT_END_OUT_CHAR }, { ',', ACT_END_IN_CHAR },
	{ 'M', ACT_MESSAGES },
};

/*
 * The bindings in force: the defaults, changed by the config file's [keys]
 * (keymap_bind). The help lists these, so it always shows the live keys.
 */
enum { MAX_BINDINGS = 256 };
static struct binding live[MAX_BINDINGS];
static size_t nlive;

static void
live_init(void)
{
	if (nlive == 0) {
		nlive = sizeof(defaults) / sizeof(defaults[0]);
		memcpy(live, defaults, sizeof(defaults));
	}
}

/* Config names of the actions ([keys] ACTION = KEY...). */
static const struct {
	const char *name;
	int action;
} action_names[] = {
	{ "quit", ACT_QUIT }, { "help", ACT_HELP }, { "command", ACT_CMD }, { "next-pane", ACT_TAB },
	{ "down", ACT_DOWN }, { "up", ACT_UP }, { "page-down", ACT_PGDN }, { "page-up", ACT_PGUP },
	{ "top", ACT_TOP }, { "bottom", ACT_BOTTOM }, { "left", ACT_LEFT }, { "right", ACT_RIGHT },
	{ "word-next", ACT_WORD_NEXT }, { "word-prev", ACT_WORD_PREV }, { "word-end", ACT_WORD_END },
	{ "line-start", ACT_LINE_START }, { "line-end", ACT_LINE_END }, { "open", ACT_ENTER },
	{ "next-article", ACT_NEXT_ART }, { "prev-article", ACT_PREV_ART }, { "select", ACT_SELECT },
	{ "cancel", ACT_ESC }, { "relabel", ACT_RELABEL }, { "delete", ACT_DELETE },
	{ "highlight", ACT_HIGHLIGHT }, { "note", ACT_NOTE }, { "undo", ACT_UNDO }, { "redo", ACT_REDO },
	{ "search", ACT_SEARCH }, { "search-next", ACT_SEARCH_NEXT }, { "search-prev", ACT_SEARCH_PREV },
	{ "done", ACT_DONE }, { "redraw", ACT_REDRAW }, { "suggestion-next", ACT_SUGG_NEXT },
	{ "suggestion-prev", ACT_SUGG_PREV }, { "accept", ACT_ACCEPT }, { "reject", ACT_REJECT },
	{ "accept-all", ACT_ACCEPT_ALL }, { "messages", ACT_MESSAGES },
	{ "start-out-word", ACT_START_OUT_WORD }, { "start-in-word", ACT_START_IN_WORD },
	{ "start-out-char", ACT_START_OUT_CHAR }, { "start-in-char", ACT_START_IN_CHAR },
	{ "end-out-word", ACT_END_OUT_WORD }, { "end-in-word", ACT_END_IN_WORD },
	{ "end-out-char", ACT_END_OUT_CHAR }, { "end-in-char", ACT_END_IN_CHAR },
};

int
keymap_action_named(const char *name)
{
	for (size_t i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++)
		if (strcmp(action_names[i].name, name) == 0)
			return action_names[i].action;
	return ACT_NONE;
}

/* Bind keys[0..n) to action: the action's old keys go, and each key is
 * taken from whatever action had it. The digits stay label keys. */
int
keymap_bind(int action, const int *keys, size_t n)
{
	size_t i, o;

	live_init();
	for (i = o = 0; i < nlive; i++) {
		int drop = live[i].action == action;

		for (size_t k = 0; k < n && !drop; k++)
			drop = live[i].key == keys[k];
		if (!drop)
			live[o++] = live[i];
	}
	nlive = o;
	for (i = 0; i < n && nlive < MAX_BINDINGS; i++)
		live[nlive++] = (struct binding){ keys[i], action };
	return i == n ? 0 : -1;
}

/* Help lines, in the order shown; an action's keys are listed before it. */
static const struct {
	int action;
	const char *what;
} help[] = {
	{ ACT_QUIT, "quit (everything is already saved)" },
	{ ACT_HELP, "this help" },
	{ ACT_CMD, "command prompt (the commands are listed below)" },
	{ ACT_TAB, "next pane (list, reader, annotations)" },
	{ ACT_DOWN, "next line (list: next article)" },
	{ ACT_UP, "previous line (list: previous article)" },
	{ ACT_PGDN, "page down" },
	{ ACT_PGUP, "page up" },
	{ ACT_TOP, "top" },
	{ ACT_BOTTOM, "bottom" },
	{ ACT_LEFT, "caret left by a character" },
	{ ACT_RIGHT, "caret right by a character" },
	{ ACT_WORD_NEXT, "next word" },
	{ ACT_WORD_PREV, "previous word" },
	{ ACT_WORD_END, "end of word" },
	{ ACT_LINE_START, "start of the line" },
	{ ACT_LINE_END, "end of the line" },
	{ ACT_ENTER, "list: open the article; annotations: go to the span" },
	{ ACT_NEXT_ART, "next article" },
	{ ACT_PREV_ART, "previous article" },
	{ ACT_SEARCH, "search in the article; in the list: search the corpus (ignores case and accents)" },
	{ ACT_SEARCH_NEXT, "next match" },
	{ ACT_SEARCH_PREV, "previous match" },
	{ ACT_SELECT, "start or drop a selection; caret moves extend it" },
	{ ACT_ESC, "drop the selection" },
	{ ACT_TAG, "tag the selection or the word under the caret with label N (a possessive "
	  "'s and punctuation left out; in Chinese, Japanese, Thai... the run of one script), "
	  "then go to the next word; before a motion, a count: 3w 2e 5j" },
	{ ACT_START_OUT_WORD, "span just tagged (or under the caret): start a word earlier" },
	{ ACT_START_IN_WORD, "span: start a word later" },
	{ ACT_START_OUT_CHAR, "span: start a character earlier" },
	{ ACT_START_IN_CHAR, "span: start a character later" },
	{ ACT_END_OUT_WORD, "span: end a word later" },
	{ ACT_END_IN_WORD, "span: end a word earlier" },
	{ ACT_END_OUT_CHAR, "span: end a character later" },
	{ ACT_END_IN_CHAR, "span: end a character earlier" },
	{ ACT_RELABEL, "relabel the span under the caret (then a digit)" },
	{ ACT_DELETE, "delete the span under the caret" },
	{ ACT_HIGHLIGHT, "highlight the selection (or the sentence)" },
	{ ACT_NOTE, "attach or edit a note on the span under the caret" },
	{ ACT_SUGG_NEXT, "next suggestion" },
	{ ACT_SUGG_PREV, "previous suggestion" },
	{ ACT_ACCEPT, "accept the suggestion under the caret" },
	{ ACT_REJECT, "reject the suggestion under the caret" },
	{ ACT_ACCEPT_ALL, "accept every suggestion in this article" },
	{ ACT_UNDO, "undo (survives a restart)" },
	{ ACT_REDO, "redo" },
	{ ACT_DONE, "mark the article done and open the next one not done" },
	{ ACT_REDRAW, "redraw the screen" },
	{ ACT_MESSAGES, "the last messages in full (also :messages)" },
};

int
keymap_action(int key)
{
	size_t i;

	live_init();
	for (i = 0; i < nlive; i++)
		if (live[i].key == key)
			return live[i].action;
	return ACT_NONE;
}

/* How a key is written in the help. */
static void
keyname_of(int key, char *buf, size_t size)
{
	static const struct {
		int key;
		const char *name;
	} names[] = {
		{ UI_FKEY | KEY_DOWN, "\u2193" }, { UI_FKEY | KEY_UP, "\u2191" },
		{ UI_FKEY | KEY_LEFT, "\u2190" }, { UI_FKEY | KEY_RIGHT, "\u2192" },
		{ UI_FKEY | KEY_NPAGE, "PgDn" }, { UI_FKEY | KEY_PPAGE, "PgUp" },
		{ UI_FKEY | KEY_HOME, "Home" }, { UI_FKEY | KEY_END, "End" },
		{ UI_FKEY | KEY_ENTER, "" }, { '\n', "" }, { '\r', "Enter" },
		{ '\t', "Tab" }, { ' ', "Space" }, { 27, "Esc" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].key == key) {
			snprintf(buf, size, "%s", names[i].name);
			return;
		}
	if (key > 0 && key < 32)
		snprintf(buf, size, "Ctrl-%c", key + '@');
	else if (key >= '1' && key <= '9')
		snprintf(buf, size, key == '1' ? "1-9" : "");
	else
		snprintf(buf, size, "%c", key);
}

/* The keys of one action, space-separated. */
static void
keys_of(int action, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = 0;
	live_init();
	for (i = 0; i < nlive; i++) {
		char k[32];
		int n;

		if (live[i].action != action)
			continue;
		keyname_of(live[i].key, k, sizeof(k));
		if (!k[0])
			continue;
		n = snprintf(buf + len, size - len, "%s%s", len ? " " : "", k);
		if (n < 0 || (size_t)n >= size - len)
			return;
		len += (size_t)n;
	}
}

/* Mouse actions (mouse.c), listed in the help. */
static const pager_entry mouse_help[] = {
	{ "click", "reader: move the caret there; list: select, again to open; "
	  "annotations: select, again to go to the span", 0 },
	{ "drag", "select text in the reader", 0 },
	{ "wheel", "scroll the pane under the pointer", 0 },
};

/*
 * The help: every key from the tables above, the mouse, the : commands and
 * the scheme's labels, in a pager that wraps and scrolls at any size.
 */
void
keymap_help(ui *u)
{
	size_t nh = sizeof(help) / sizeof(help[0]), nm = sizeof(mouse_help) / sizeof(mouse_help[0]);
	size_t max = nh + nm + u->scheme.n + 32, n = 0, i;
	pager_entry *e = calloc(max, sizeof(*e));
	char (*keys)[96] = calloc(nh + u->scheme.n, sizeof(*keys));
	char (*what)[320] = calloc(u->scheme.n ? u->scheme.n : 1, sizeof(*what));
	char cmdbuf[512];

	if (!e || !keys || !what)
		goto out;
	e[n++] = (pager_entry){ "Keys", NULL, 1 };
	for (i = 0; i < nh; i++) {
		keys_of(help[i].action, keys[i], sizeof(keys[i]));
		e[n++] = (pager_entry){ keys[i], help[i].what, 0 };
	}
	e[n++] = (pager_entry){ "Labels (the digit tags with it)", NULL, 1 };
	for (i = 0; i < u->scheme.n; i++) {
		const label *l = &u->scheme.v[i];

		snprintf(keys[nh + i], sizeof(keys[0]), "%c %s", l->key ? '0' + l->key : '-', l->name);
		snprintf(what[i], sizeof(what[0]), "%s", l->description ? l->description : "");
		e[n++] = (pager_entry){ keys[nh + i], what[i], 0 };
	}
	e[n++] = (pager_entry){ "Mouse", NULL, 1 };
	for (i = 0; i < nm; i++)
		e[n++] = mouse_help[i];
	e[n++] = (pager_entry){ "Commands (after :)", NULL, 1 };
	n += command_help(e + n, max - n, cmdbuf, sizeof(cmdbuf));
	pager_show(u, "Help (j k Space; q closes)", e, n, 0);
out:
	free(e);
	free(keys);
	free(what);
}
