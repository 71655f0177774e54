/* demo.h: the demo corpus and the gazetteers embedded at build time (assets/embed.sh). */
#ifndef GLOSS_DEMO_H
#define GLOSS_DEMO_H
#include <stddef.h>
struct demo_file {
	const char *name;  /* file name, e.g. "01-harbour.txt" */
	const char *bytes; /* file contents, NUL-terminated */
	size_t len;
};
extern const struct demo_file demo_files[]; /* ends with a NULL name */
/* the assets/gazetteers lists, the same way (gazetteer_data.c) */
extern const struct demo_file gazetteer_files[];
#endif
