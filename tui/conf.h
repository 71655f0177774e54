/*
 * conf.h: the config file, $XDG_CONFIG_HOME/gloss/config (else
 * ~/.config/gloss/config), INI syntax read with inih:
 *
 *   [general]  annotator = NAME      width = N (text columns, 0: the pane's)
 *              labels = FILE (the scheme a database without articles takes)
 *   [keys]     ACTION = KEY [KEY...]   e.g.  accept = a   quit = Q Ctrl-Q
 *   [colours]  LABEL = COLOUR          e.g.  PER = bright-red
 *              highlight | match | header | status = FG [on BG]
 *   [suggest]  gazetteer = FILE   (repeatable) a TERM<TAB>LABEL list the
 *              gazetteer engine reads besides the built-in and stored ones
 *
 * A problem names the file, the line and what is wrong; the rest of the
 * file still applies and gloss starts (the bad entry keeps its default).
 */
#ifndef GLOSS_CONF_H
#define GLOSS_CONF_H

#include <stddef.h>

typedef struct config_colour {
	char *name;             /* a label, or highlight/match/header/status */
	char *fg, *bg;          /* colour names; bg NULL: default */
} config_colour;

typedef struct gloss_config {
	char *path;             /* the file read, or NULL when there was none */
	char *annotator;
	char *labels;           /* a label scheme file */
	int width;
	config_colour *colours;
	size_t ncolours;
	char **gazetteers;      /* [suggest] gazetteer = FILE, in order */
	size_t ngazetteers;
	char **problems;        /* "FILE:LINE: what is wrong" */
	size_t nproblems;
} gloss_config;

/* $var + rest when var holds an absolute path, else $HOME + home_rest
 * (XDG base directories); malloc'd, NULL without HOME. */
char *config_xdg_path(const char *var, const char *home_rest, const char *rest);
/* The default path (malloc'd), NULL without HOME. */
char *config_default_path(void);
/* Read path (a missing file is no problem) into c and bind its [keys].
 * Returns 0, also when it had problems (c->problems); -1 out of memory. */
int config_load(gloss_config *c, const char *path);
void config_clear(gloss_config *c);
/* The config the program loaded (an empty one until config_load_default). */
const gloss_config *config_get(void);
/* Load the default path into config_get()'s config, once. */
const gloss_config *config_load_default(void);

#endif
