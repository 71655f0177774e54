/*
 * text.h: stored article text and its offsets.
 *
 * Coordinates. Everything that leaves model/ counts Unicode code points into
 * the stored text (what Python's str indices and SQLite's substr() count).
 * Byte offsets into the UTF-8 buffer are used only inside model/ for
 * libunistring calls. A `text` keeps a checkpoint table so that code point
 * <-> byte conversion is O(1) one way and O(log n) the other, on any size
 * (built lazily, front to back, for text_new_trusted and text_new_lazy,
 * which also reads the text itself front to back, as far as asked).
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
#define TEXT_ERR_MSG 96
typedef struct text_err {
	size_t line;   /* 1-based line number (LF counted) */
	size_t col;    /* 1-based byte column within that line */
	size_t offset; /* 0-based byte offset in the whole input */
	char msg[TEXT_ERR_MSG]; /* what is wrong, e.g. "invalid UTF-8 byte 0xff" */
} text_err;

/*
 * Check that s[0..len) is valid UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF, no truncated sequence). Returns 0 if valid; otherwise -1
 * and fills *err (if not NULL) with the position of the first byte of the
 * first bad sequence and one of: "invalid UTF-8 byte 0xNN" (F5..FF),
 * "unexpected continuation byte 0xNN", "overlong encoding", "UTF-16
 * surrogate encoded in UTF-8", "code point above U+10FFFF", "truncated
 * sequence" or "truncated sequence at end of input".
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
 * raw input) unless TEXT_LOSSY, which replaces each bad byte with U+FFFD
 * (each byte of an ill-formed sequence, and each stray continuation byte,
 * counts one in replaced).
 * Header details: seed style may be preceded by white space and the date
 * may stand alone on its line (that LF goes too). Mail style only when the
 * very first line is `Title:`, `Date:`, `Source:` or `URL:` (any case);
 * other `Name: value` lines in the header are skipped, a line starting with
 * a blank continues the previous value, and a line that is not `Name:
 * value` ends the header without a blank line (it starts the body). Values
 * are trimmed; the date is kept as written. Nothing else in the body
 * changes (no NFC; control characters and a lone CR stay).
 * On success *out owns its strings; free them with text_article_clear().
 */
int text_article_parse(const char *raw, size_t len, int flags, text_article *out, text_err *err);
void text_article_clear(text_article *a);

/* The first sentence of s (whitespace collapsed), at most maxcp code points,
 * cut at a grapheme boundary, at the last space if one is in the final
 * third; nothing appended. The sentence ends at an LF too (a headline). */
char *text_first_sentence(const char *s, size_t len, size_t maxcp);

/*
 * The dateline that opens wire copy (text_dateline.c): a place in capitals
 * then a date, an agency or both ("GDAŃSK, February 3.", "MOSCOW, January
 * 28. /TASS/.", "PARIS, Feb. 5 (Reuters) —", "LONDON (AP) -"). Returns 1
 * and sets *body to the byte where the story starts (after the dateline
 * and its separator) and, when not NULL, *place and *agency (malloc'd; the
 * agency NULL when there is none); 0 when s does not start with one; -1
 * out of memory.
 */
int text_dateline(const char *s, size_t len, size_t *body, char **place, char **agency);
/* An article's title from its text: the first sentence after any
 * dateline, at most maxcp code points, cut at a word boundary with "…". */
char *text_title(const char *s, size_t len, size_t maxcp);

/* Immutable stored text with an offset index. */
typedef struct text text;

/* Copies s (should be valid UTF-8; each bad byte is stored as U+FFFD, so
 * a text is always valid). Returns NULL on allocation failure, and for a
 * text of 4 GiB or more (its offset index is 32-bit; every text_new_*). */
text *text_new(const char *s, size_t len);
/*
 * A text over stored text that was validated when it was imported (`gloss
 * check` re-checks it): s must be malloc'd, NUL-terminated, valid UTF-8;
 * on success the text owns it (no copy), on failure (NULL) the caller
 * still does. ncp is its length in code points as stored, or 0 if not
 * known (then it is counted now). With ncp given nothing is scanned here:
 * the offset index is built front to back as far as positions are asked
 * for, so the first screen of a 10 MB article reads only what it shows.
 */
text *text_new_trusted(char *s, size_t len, size_t ncp);
/*
 * Where a lazily loaded text gets its bytes: read copies bytes [off,
 * off + n) of the stored text into dst and returns 0, or -1 (then the rest
 * of the text reads as NULs: never a crash, never a wrong length); close
 * (may be NULL) is called once, by text_free. chunk: the least read at
 * once (0: 64 KiB, growing with what is loaded, so that reading a text
 * front to back takes O(log n) reads); tests set 1.
 */
typedef struct text_src {
	int (*read)(void *arg, size_t off, char *dst, size_t n);
	void (*close)(void *arg);
	void *arg;
	size_t chunk;
} text_src;
/*
 * A text of len bytes and ncp code points (as stored, validated at import)
 * that reads its bytes from src front to back, only as far as they are
 * asked for: opening a 10 MB article reads what its first screen shows.
 * Positions and everything else behave as for text_new_trusted; reading
 * the whole text (text_bytes, search, UTF-16, the end of the text) loads
 * it all. ncp 0 (not known) loads and counts it all now. On success the
 * text owns src (closes it); on failure (NULL) the caller still does.
 */
text *text_new_lazy(size_t len, size_t ncp, const text_src *src);
/* Bytes the offset index has scanned so far (tests guard the above). */
size_t text_scanned(const text *t);
/* Bytes read from a lazy text's source so far (len for other texts). */
size_t text_loaded(const text *t);
/* Did a lazy text's source fail (the rest reads as NULs)? */
int text_load_failed(const text *t);
void text_free(text *t);

/* NUL-terminated UTF-8; loads all of a lazy text (see text_bytes_upto). */
const char *text_bytes(const text *t);
/* The same buffer with at least its bytes [0, b) loaded (clamped to the
 * length): model/ and the reader read a window of a lazy text with it. */
const char *text_bytes_upto(const text *t, size_t b);
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

/*
 * Words: vi-like motions over UAX #29 words that contain a letter or digit
 * (punctuation is skipped; each CJK ideograph is a word). They cross lines.
 * With no word to go to, `w` and `e` give text_len and `b` gives 0. Words
 * are found in a window of a few hundred bytes around cp, so a "word" of
 * more than ~128 bytes without a UAX #29 break counts as several.
 */
size_t text_word_next(const text *t, size_t cp); /* `w`: start of next word */
size_t text_word_prev(const text *t, size_t cp); /* `b`: start of this or previous word */
size_t text_word_end(const text *t, size_t cp);  /* `e`: last cluster of this or next word */
/* The word containing cp as [*start,*end); returns 0 if cp is not in a word. */
int text_word_at(const text *t, size_t cp, size_t *start, size_t *end);
/*
 * The unit one key tags at cp (text_word.c): the word at cp without a
 * trailing possessive ('s, ’s, ') or punctuation at either end; in scripts
 * written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer,
 * Myanmar) the run of cp's script around cp, up to punctuation, a space or
 * a change of script. Returns 0 (and an empty range) when cp is in none.
 */
int text_tag_unit(const text *t, size_t cp, size_t *start, size_t *end);

/* Sentence containing cp as [*start,*end) (libunistring has no sentence
 * breaker; this uses terminal punctuation + space + capital, UAX #29-ish,
 * with initials and common abbreviations like "Mr." not ending one). An LF
 * always ends a sentence. The range leaves out surrounding white space, so
 * cp in the gap after a sentence gives that sentence; a blank line gives
 * an empty range. */
void text_sentence_at(const text *t, size_t cp, size_t *start, size_t *end);

/* Line (between LFs) containing cp as [*start,*end), end excludes the LF. */
/* (model/ only) The byte of the first LF at or after byte b, or the
 * length; reads a lazy text on only as far as that LF. */
size_t text_lf_from(const text *t, size_t b);
/* The same looking only at [b, lim): lim when there is no LF there. */
size_t text_lf_upto(const text *t, size_t b, size_t lim);
void text_line_at(const text *t, size_t cp, size_t *start, size_t *end);

/*
 * Display of one grapheme cluster s[0..n) (bytes), per GUIDE §7: width from
 * wcwidth(); a multi-code-point emoji cluster is drawn as its first code
 * point (2 cells); control characters (C0 except TAB/LF, DEL, C1) get a
 * visible placeholder. Returns the cells the cluster occupies (tab: 1 here,
 * the caller expands it). When out is not NULL, writes into out[0..*outn)
 * the code points to draw (at most TEXT_DRAW_MAX).
 *
 * Drawing out[]: a code point with wcwidth > 0 starts a new cell, one with
 * wcwidth 0 combines with the cell before (so out[0] plus the zero-width
 * ones after it make one cchar_t). Nearly always out[0] is the only
 * spacing code point; a cluster with a spacing mark (Devanagari "ki" =
 * U+0915 U+093F, 2 cells) has two and needs two cchar_t, as wcwidth and
 * the terminal give the mark a cell of its own. Emoji clusters (ZWJ
 * sequences, skin tones, VS16, keycaps, flags) draw out[0] alone, in
 * max(1, wcwidth(out[0])) cells (a flag: its first indicator, 1 cell).
 * Placeholders: C0 c -> U+2400+c
 * (ESC U+241B, BEL U+2407, NUL U+2400), DEL -> U+2421, C1 -> U+FFFD, TAB ->
 * ' '. Format characters with wcwidth <= 0 (ZWSP, ZWJ, bidi embeddings,
 * overrides and isolates, U+2028/2029, U+FEFF) draw nothing in 0 cells, so
 * they never reach the terminal; code points wcwidth rejects (unassigned)
 * draw U+FFFD; a combining mark with no base draws on U+25CC. U+00AD is
 * drawn as itself in 1 cell, as wcwidth says. An LF draws nothing (0).
 * s need not be valid UTF-8 (bad bytes draw U+FFFD).
 */
enum { TEXT_DRAW_MAX = 8 };
int text_cluster_display(const char *s, size_t n, uint32_t *out, size_t *outn);

/*
 * Search folding: case-insensitive and accent-insensitive (NFKD, drop
 * nonspacing/enclosing marks, simple case folding as lower(upper(c))): "zoe"
 * finds "Zoë" composed or decomposed and "ZOE"; "ﬁ" matches "fi".
 * text_search finds the first match of needle starting at or after cp (or
 * the last one starting before cp when backward) and returns its start in
 * code points via *at and its length via *mlen, extended to the end of the
 * grapheme cluster it ends in (so a trailing combining mark is covered);
 * returns 0 if none or if the needle folds to nothing. The first call
 * builds a folded copy of the text (about its size) kept until text_free;
 * later calls are a memmem over it.
 */
int text_search(const text *t, const char *needle, size_t cp, int backward, size_t *at, size_t *mlen);
/* s[0..len) (valid UTF-8) folded as text_search folds, in a new string
 * (malloc'd, NUL-terminated, *outlen bytes); NULL if out of memory. The
 * full-text index folds its words with it, so corpus search and
 * in-article search agree on what matches. */
char *text_fold(const char *s, size_t len, size_t *outlen);

/* Offsets in UTF-16 code units <-> code points, for formats that count so. */
size_t text_cp_to_utf16(const text *t, size_t cp);
/* Returns (size_t)-1 if u16 falls inside a surrogate pair or past the end. */
size_t text_utf16_to_cp(const text *t, size_t u16);

/*
 * Byte-level helpers for code that walks UTF-8 buffers: layout and
 * tokenisers in model/, and drawing of short strings (titles, labels).
 * Positions in a text still cross module boundaries as code points.
 */
/* b (clamped to len) moved back (dir < 0) or forward (dir > 0) to the
 * nearest code point boundary of s[0..len). */
size_t text_u8_boundary(const char *s, size_t len, size_t b, int dir);
/* libunistring's u8_grapheme_breaks (p[i] = 1 where a cluster starts at
 * s[i], p[0] = 1), several times faster on mostly-ASCII text. */
void text_u8_grapheme_breaks(const char *s, size_t n, char *p);
/* The byte where the cluster holding s[b] ends (len at the end). Unlike
 * libunistring's u8_grapheme_next, which compares code points pairwise and
 * so splits flags and ZWJ emoji sequences, this applies all of UAX #29. */
size_t text_u8_grapheme_next(const char *s, size_t len, size_t b);

#endif
