/*
 * conf.c: the config file (conf.h), parsed by inih; this file only
 * says what each entry means. The installed inih does not pass line
 * numbers to the handler, so lines are counted by the reader that feeds
 * it (ini_parse_stream with an fgets that counts).
 */
#include "config.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ini.h>
#include "model/label.h"
#include "tui/conf.h"
#include "tui/ui_int.h"
#include "tui/keymap.h"

struct parse {
	gloss_config *c;
	FILE *f;
	size_t line;
	int oom;
};

static void
problem(struct parse *p, const char *fmt, ...)
{
	char msg[512], full[1024];
	char **v;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(full, sizeof full, "%s:%zu: %s", p->c->path, p->line, msg);
	if ((v = realloc(p->c->problems, (p->c->nproblems + 1) * sizeof *v)) == NULL ||
	    (v[p->c->nproblems] = strdup(full)) == NULL) {
		if (v)
			p->c->problems = v;
		p->oom = 1;
		return;
	}
	p->c->problems = v;
	p->c->nproblems++;
}

static char *
line_reader(char *str, int num, void *stream)
{
	struct parse *p = stream;
	char *r = fgets(str, num, p->f);

	if (r)
		p->line++;
	return r;
}

/* A key as the config writes it: one character (UTF-8), Ctrl-X, or a name. */
static int
key_parse(const char *s, int *key)
{
	static const struct {
		const char *name;
		int key;
	} named[] = {
		{ "Space", ' ' }, { "Tab", '\t' }, { "Enter", '\r' }, { "Esc", 27 },
		{ "Up", UI_FKEY | KEY_UP }, { "Down", UI_FKEY | KEY_DOWN }, { "Left", UI_FKEY | KEY_LEFT },
		{ "Right", UI_FKEY | KEY_RIGHT }, { "PgUp", UI_FKEY | KEY_PPAGE }, { "PgDn", UI_FKEY | KEY_NPAGE },
		{ "Home", UI_FKEY | KEY_HOME }, { "End", UI_FKEY | KEY_END },
	};
	wchar_t wc;
	int n;

	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcasecmp(s, named[i].name) == 0) {
			*key = named[i].key;
			return 0;
		}
	if (strncasecmp(s, "Ctrl-", 5) == 0 && s[5] && !s[6] &&
	    ((s[5] >= 'a' && s[5] <= 'z') || (s[5] >= 'A' && s[5] <= 'Z'))) {
		*key = UI_CTRL(s[5]);
		return 0;
	}
	n = mbtowc(&wc, s, strlen(s));
	if (n > 0 && s[n] == '\0' && wc > ' ' && wc != 0x7f && !(wc >= '1' && wc <= '9')) {
		*key = (int)wc;
		return 0;
	}
	return -1;
}

static void
bind_keys(struct parse *p, const char *name, const char *value)
{
	int action = keymap_action_named(name), keys[16];
	size_t n = 0;
	char *copy = strdup(value), *save = NULL, *w;

	if (copy == NULL) {
		p->oom = 1;
		return;
	}
	if (action == ACT_NONE) {
		problem(p, "[keys] %s: no such action (quit, accept, page-down ...: assets/config.example "
		    "and the man page list them)", name);
		free(copy);
		return;
	}
	for (w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (n == sizeof keys / sizeof keys[0] || key_parse(w, &keys[n]) != 0) {
			problem(p, "[keys] %s: '%s' is not a key (a character, Ctrl-X, Space, Tab, Enter, Esc, "
			    "Up, Down, Left, Right, PgUp, PgDn, Home, End; digits are label keys)", name, w);
			free(copy);
			return;
		}
		n++;
	}
	free(copy);
	if (n == 0)
		problem(p, "[keys] %s: give at least one key", name);
	else
		keymap_bind(action, keys, n);
}

/* "FG" or "FG on BG" with label colour names (label.h) or "default". */
static int
colour_ok(const char *s)
{
	return strcmp(s, "default") == 0 || label_colour_index(s) >= 0;
}

static void
add_colour(struct parse *p, const char *name, const char *value)
{
	char fg[64], bg[64] = "";
	config_colour *v;
	int n = sscanf(value, "%63s on %63s", fg, bg);

	if (n < 1 || !colour_ok(fg) || (bg[0] && !colour_ok(bg))) {
		problem(p, "[colours] %s: '%s' is not COLOUR or COLOUR on COLOUR (black red green yellow blue "
		    "magenta cyan white, bright-..., default)", name, value);
		return;
	}
	if ((v = realloc(p->c->colours, (p->c->ncolours + 1) * sizeof *v)) == NULL) {
		p->oom = 1;
		return;
	}
	p->c->colours = v;
	v += p->c->ncolours;
	v->name = strdup(name);
	v->fg = strdup(fg);
	v->bg = bg[0] ? strdup(bg) : NULL;
	if (!v->name || !v->fg || (bg[0] && !v->bg))
		p->oom = 1;
	p->c->ncolours++;
}

static int
on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	gloss_config *c = p->c;

	if (strcmp(section, "keys") == 0) {
		bind_keys(p, name, value);
	} else if (strcmp(section, "colours") == 0 || strcmp(section, "colors") == 0) {
		add_colour(p, name, value);
	} else if (strcmp(section, "general") == 0 && strcmp(name, "annotator") == 0) {
		free(c->annotator);
		if ((c->annotator = strdup(value)) == NULL)
			p->oom = 1;
	} else if (strcmp(section, "general") == 0 && strcmp(name, "labels") == 0) {
		free(c->labels);
		if ((c->labels = strdup(value)) == NULL)
			p->oom = 1;
	} else if (strcmp(section, "general") == 0 && strcmp(name, "width") == 0) {
		char *end;
		long w;

		errno = 0;
		w = strtol(value, &end, 10);
		if (errno || end == value || *end || w < 0 || w > 10000)
			problem(p, "[general] width: '%s' is not a number of columns (0: as wide as the pane)", value);
		else
			c->width = (int)w;
	} else if (strcmp(section, "general") == 0) {
		problem(p, "[general] %s: unknown setting (annotator, width, labels)", name);
	} else if (strcmp(section, "suggest") == 0 && strcmp(name, "gazetteer") == 0) {
		char **v = realloc(c->gazetteers, (c->ngazetteers + 1) * sizeof *v);

		if (v == NULL || (v[c->ngazetteers] = strdup(value)) == NULL)
			p->oom = 1;
		else
			c->ngazetteers++;
		if (v)
			c->gazetteers = v;
	} else if (strcmp(section, "suggest") == 0) {
		problem(p, "[suggest] %s: unknown setting (gazetteer)", name);
	} else {
		problem(p, "[%s]: unknown section (general, keys, colours, suggest)", section);
	}
	return 1;
}

int
config_load(gloss_config *c, const char *path)
{
	struct parse p = { c, NULL, 0, 0 };
	int rc;

	memset(c, 0, sizeof *c);
	if ((c->path = strdup(path)) == NULL)
		return -1;
	if ((p.f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT) {
			p.line = 0;
			problem(&p, "cannot read: %s", strerror(errno));
		} else {
			free(c->path);
			c->path = NULL;
		}
		return p.oom ? -1 : 0;
	}
	rc = ini_parse_stream(line_reader, &p, on_entry, &p);
	fclose(p.f);
	if (rc > 0) {
		p.line = (size_t)rc;
		problem(&p, "not KEY = VALUE, a [section] or a # comment");
	}
	return p.oom ? -1 : 0;
}

void
config_clear(gloss_config *c)
{
	free(c->path);
	free(c->annotator);
	free(c->labels);
	for (size_t i = 0; i < c->ncolours; i++) {
		free(c->colours[i].name);
		free(c->colours[i].fg);
		free(c->colours[i].bg);
	}
	free(c->colours);
	for (size_t i = 0; i < c->ngazetteers; i++)
		free(c->gazetteers[i]);
	free(c->gazetteers);
	for (size_t i = 0; i < c->nproblems; i++)
		free(c->problems[i]);
	free(c->problems);
	memset(c, 0, sizeof *c);
}

char *
config_xdg_path(const char *var, const char *home_rest, const char *rest)
{
	const char *base = getenv(var);
	char *p;
	size_t n;

	if (base == NULL || base[0] != '/') {
		if ((base = getenv("HOME")) == NULL || *base == '\0')
			return NULL;
		rest = home_rest;
	}
	n = strlen(base) + strlen(rest) + 1;
	if ((p = malloc(n)) != NULL)
		snprintf(p, n, "%s%s", base, rest);
	return p;
}

char *
config_default_path(void)
{
	return config_xdg_path("XDG_CONFIG_HOME", "/.config/gloss/config", "/gloss/config");
}

static gloss_config the_config;
static int loaded;

const gloss_config *
config_get(void)
{
	return &the_config;
}

const gloss_config *
config_load_default(void)
{
	char *path;

	if (loaded)
		return &the_config;
	loaded = 1;
	if ((path = config_default_path()) != NULL) {
		config_load(&the_config, path);
		free(path);
	}
	return &the_config;
}

/* --- the interface ----------------------------------------------------------- */

enum { CFG_PAIR0 = 8 }; /* colour pairs 8..15: the interface colours set here */

void
config_apply_scheme(ui *u)
{
	const gloss_config *c = config_get();

	for (size_t i = 0; i < c->ncolours; i++)
		for (size_t k = 0; k < u->scheme.n; k++)
			if (strcmp(u->scheme.v[k].name, c->colours[i].name) == 0) {
				char *s = strdup(c->colours[i].fg);

				if (s) {
					free(u->scheme.v[k].colour);
					u->scheme.v[k].colour = s;
				}
			}
}

static short
curses_colour(const char *name)
{
	int i = strcmp(name, "default") == 0 ? -1 : label_colour_index(name);

	if (i >= 8 && COLORS < 16)
		i -= 8;
	return (short)i;
}

void
config_apply_styles(ui *u)
{
	static const struct {
		const char *name;
		int style;
	} styles[] = {
		{ "highlight", ST_HIGHLIGHT }, { "match", ST_MATCH }, { "header", ST_HEADER },
		{ "header-focus", ST_HEADER_FOCUS }, { "status", ST_STATUS }, { "selection", ST_LISTSEL },
	};
	const gloss_config *c = config_get();
	short pair = CFG_PAIR0;

	if (!u->colour)
		return;
	for (size_t i = 0; i < c->ncolours; i++)
		for (size_t k = 0; k < sizeof styles / sizeof styles[0]; k++)
			if (strcmp(styles[k].name, c->colours[i].name) == 0 && pair < 16 && pair < COLOR_PAIRS) {
				init_pair(pair, curses_colour(c->colours[i].fg),
				    c->colours[i].bg ? curses_colour(c->colours[i].bg) : -1);
				u->style[styles[k].style].pair = pair++;
				/* the colour replaces reverse video, which would swap it */
				u->style[styles[k].style].a &= ~(attr_t)A_REVERSE;
			}
}

void
config_apply(ui *u)
{
	const gloss_config *c = config_get();

	if (c->width > 0)
		reader_set_max_width(u, c->width);
	for (size_t i = 0; i < c->nproblems; i++)
		ui_message(u, "%s", c->problems[i]);
	if (c->nproblems > 1)
		ui_message(u, "%s (and %zu more problems in the config file: :messages)", c->problems[0],
		    c->nproblems - 1);
}
