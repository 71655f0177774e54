/*
 * text.h: stored article text and its offsets.
 *
 * Coordinates. Everything that leaves model/ counts Unicode code points into
 * the stored text (what Python's str indices and SQLite's substr() count).
 * Byte offsets into the UTF-8 buffer are used only inside model/ for
 * libunistring calls. A `text` keeps a checkpoint table so that code point
 * <-> byte conversion is O(1) one way and O(log n) the other, on any size.
 *
 * Stored text is valid UTF-8 with LF line ends and no BOM; nothing else is
 * normalised (no NFC, control characters kept). Decoding raw files into that
 * form (and the seed / mail headers) is text_article_parse()'s job.
 */
#ifndef GLOSS_TEXT_H
#define GLOSS_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Where the first invalid UTF-8 sequence of an input is. */
typedef struct text_err {
	size_t line;   /* 1-based line number (LF counted) */
	size_t col;    /* 1-based byte column within that line */
	size_t offset; /* 0-based byte offset in the whole input */
	char msg[96];  /* what is wrong, e.g. "invalid UTF-8 byte 0xff" */
} text_err;

/*
 * Check that s[0..len) is valid UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF, no truncated sequence). Returns 0 if valid; otherwise -1
 * and fills *err (if not NULL) with the position of the first bad byte.
 */
int text_validate(const char *s, size_t len, text_err *err);

/* A decoded article: the stored body plus what its header said. */
typedef struct text_article {
	char *body;      /* stored text: valid UTF-8, LF ends, NUL-terminated */
	size_t len;      /* bytes in body */
	char *title;     /* header title, or first sentence (<= 120 cp); never NULL */
	char *date;      /* YYYY-MM-DD or as given, NULL if none */
	char *source;    /* mail-style Source:, NULL if none */
	char *url;       /* mail-style URL:, NULL if none */
	size_t replaced; /* bad bytes replaced by U+FFFD (lossy mode only) */
} text_article;

enum { TEXT_LOSSY = 1 }; /* flags for text_article_parse */

/*
 * Decode a raw txt file into an article per GUIDE §4: drop a BOM, CRLF -> LF,
 * take a seed-style (`date YYYY-MM-DD ` then the body on the same line) or a
 * mail-style header (Title:/Date:/Source:/URL: lines up to the first blank
 * line). Invalid UTF-8 fails with -1 and *err set (line/col counted in the
 * raw input) unless TEXT_LOSSY, which replaces each bad byte with U+FFFD.
 * On success *out owns its strings; free them with text_article_clear().
 */
int text_article_parse(const char *raw, size_t len, int flags, text_article *out, text_err *err);
void text_article_clear(text_article *a);

/* The first sentence of s (whitespace collapsed), at most maxcp code points. */
char *text_first_sentence(const char *s, size_t len, size_t maxcp);

/* Immutable stored text with an offset index. */
typedef struct text text;

/* Copies s (must be valid UTF-8). Returns NULL on allocation failure. */
text *text_new(const char *s, size_t len);
void text_free(text *t);

const char *text_bytes(const text *t); /* NUL-terminated UTF-8 */
size_t text_len_bytes(const text *t);
size_t text_len(const text *t); /* in code points */

/* Code point offset <-> byte offset. cp is clamped to [0, text_len]. */
size_t text_cp_to_byte(const text *t, size_t cp);
/* byte must be a code point boundary (else the boundary before it is used). */
size_t text_byte_to_cp(const text *t, size_t byte);
/* The code point at cp (0 at the end). */
uint32_t text_cp_at(const text *t, size_t cp);

/*
 * Boundaries, all in code points. Graphemes follow UAX #29 extended grapheme
 * clusters (libunistring). Results are clamped to [0, text_len].
 */
size_t text_grapheme_next(const text *t, size_t cp); /* start of next cluster */
size_t text_grapheme_prev(const text *t, size_t cp); /* start of cluster before cp */
size_t text_grapheme_start(const text *t, size_t cp); /* start of cluster containing cp */

/* Words: vi-like motions over UAX #29 words that contain a letter or digit. */
size_t text_word_next(const text *t, size_t cp); /* `w`: start of next word */
size_t text_word_prev(const text *t, size_t cp); /* `b`: start of this or previous word */
size_t text_word_end(const text *t, size_t cp);  /* `e`: last cluster of this or next word */
/* The word containing cp as [*start,*end); returns 0 if cp is not in a word. */
int text_word_at(const text *t, size_t cp, size_t *start, size_t *end);

/* Sentence containing cp as [*start,*end) (libunistring has no sentence
 * breaker; this uses terminal punctuation + space + capital, UAX #29-ish). */
void text_sentence_at(const text *t, size_t cp, size_t *start, size_t *end);

/* Line (between LFs) containing cp as [*start,*end), end excludes the LF. */
void text_line_at(const text *t, size_t cp, size_t *start, size_t *end);

/*
 * Display of one grapheme cluster s[0..n) (bytes), per GUIDE §7: width from
 * wcwidth(); a multi-code-point emoji cluster is drawn as its first code
 * point (2 cells); control characters (C0 except TAB/LF, DEL, C1) get a
 * visible placeholder. Returns the cells the cluster occupies (tab: 1 here,
 * the caller expands it). When out is not NULL, writes into out[0..*outn)
 * the code points to draw (at most TEXT_DRAW_MAX).
 */
enum { TEXT_DRAW_MAX = 8 };
int text_cluster_display(const char *s, size_t n, uint32_t *out, size_t *outn);

/*
 * Search folding: case-insensitive and accent-insensitive (NFD, drop
 * combining marks, case-fold). text_search finds the first match of needle
 * at or after cp (or before cp when backward) and returns its start in code
 * points via *at and its length via *mlen; returns 0 if none.
 */
int text_search(const text *t, const char *needle, size_t cp, int backward, size_t *at, size_t *mlen);

/* Offsets in UTF-16 code units <-> code points, for formats that count so. */
size_t text_cp_to_utf16(const text *t, size_t cp);
/* Returns (size_t)-1 if u16 falls inside a surrogate pair or past the end. */
size_t text_utf16_to_cp(const text *t, size_t u16);

#endif
