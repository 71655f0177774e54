/*
 * vis.h: text from data made safe to print on a terminal.
 *
 * Anything gloss prints that came from data (titles, label names, file
 * names, a word on the command line) goes through vis_str first, so no
 * byte of it can act on the terminal: C0 and C1 controls, ESC, DEL, the
 * CSI introducer U+009B, bidirectional overrides and isolates, and
 * zero-width characters all become visible. The interface draws the same
 * characters with the same pictures (text.h); files written by export are
 * never filtered.
 */
#ifndef GLOSS_VIS_H
#define GLOSS_VIS_H

#include <stddef.h>

enum {
	VIS_NL = 1,     /* keep LF as it is (a message's line ends) */
	VIS_TAB = 2,    /* keep TAB as it is */
	VIS_FIELD = 4,  /* TAB, CR, LF, U+2028, U+2029 become one space (one field of one line) */
};

/*
 * Append the visible form of s[0..len) to out (at most outsz bytes,
 * NUL-terminated, cut only between whole replacements). Returns the length
 * the full result needs (like snprintf), so a caller can size a buffer.
 *   C0 control c (other than kept ones) -> U+2400+c (ESC: U+241B)
 *   DEL                                   -> U+2421
 *   C1 control, format characters that hide or reorder text (U+061C,
 *   U+200B..U+200F, U+202A..U+202E, U+2060..U+2064, U+2066..U+2069,
 *   U+FEFF)                               -> "<U+XXXX>"
 *   a byte that is not part of valid UTF-8 -> "\xNN"
 */
size_t vis_str(const char *s, size_t len, int flags, char *out, size_t outsz);

/* vis_str into a malloc'd string; NULL when out of memory. */
char *vis_dup(const char *s, size_t len, int flags);

/* Is this code point one vis_str shows as an escape or picture? */
int vis_hidden(unsigned int c);

#endif
