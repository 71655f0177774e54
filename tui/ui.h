/*
 * ui.h: the curses interface.
 */
#ifndef GLOSS_UI_H
#define GLOSS_UI_H

#include "db/store.h"

/* Run the interface on an open store until the person quits. Returns the
 * exit status (0, or 1 when the terminal could not be set up, with a
 * message in err). */
int ui_run(store *st, char *err, size_t errsz);

#endif
