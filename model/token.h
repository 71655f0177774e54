/*
 * token.h: word tokens for token-based formats (CoNLL, spaCy tokens).
 *
 * Tokens are the UAX #29 words of the text (libunistring u8_wordbreaks),
 * whitespace dropped, each punctuation character its own token, and split
 * further at every cut point given (span edges), so that a span always
 * starts and ends on token boundaries and never moves on export.
 *
 * Two refinements keep common news tokens whole, as CoNLL-2003 has them:
 * words joined by a hyphen ("al-Sharaa", "e-mail", "1996-12-06") are one
 * token, and a dotted abbreviation takes its final dot ("U.S.", "e.g.").
 * A cut inside such a token still splits it. UAX #29 already keeps "2.5",
 * "don't" and "company's" together, and an emoji sequence or flag is one
 * token.
 *
 * Text rebuilt from tokens that were given (CoNLL import joins tokens with
 * single spaces) must be tokenised back into exactly those tokens, or a
 * round trip would change them ("U.S." would stay, but a token such as
 * "http://t.co/x" would not). Such a doc says so in its metadata with the
 * member "tokenized":"whitespace" (TOKEN_META_WHITESPACE); writers then use
 * TOKEN_WHITESPACE, which cuts only at ASCII white space (and at cuts).
 */
#ifndef GLOSS_TOKEN_H
#define GLOSS_TOKEN_H

#include <stddef.h>

typedef struct token {
	size_t start, end;   /* [start,end) in code points */
	size_t bstart, bend; /* the same in bytes of the input (for model/ writers) */
} token;

enum token_mode {
	TOKEN_WORDS,      /* UAX #29 words as described above */
	TOKEN_WHITESPACE, /* runs of anything but ASCII white space */
	TOKEN_UAX29       /* bare UAX #29 segments, white space dropped (no joins) */
};

/* Metadata of a doc whose text is pre-tokenised, joined by single spaces. */
#define TOKEN_META_WHITESPACE "{\"tokenized\":\"whitespace\"}"

/*
 * Tokenise s[0..len) (valid UTF-8). cuts are code point offsets (any order,
 * duplicates allowed) where a token must end/start. Returns the number of
 * tokens and a malloc'd array in *out (caller frees), or (size_t)-1 on
 * allocation failure. Tokens never contain white space; a cut that falls
 * in white space or outside the text changes nothing.
 */
size_t token_split(const char *s, size_t len, const size_t *cuts, size_t ncuts, token **out);
/* The same with a mode (enum token_mode). */
size_t token_split_mode(const char *s, size_t len, int mode, const size_t *cuts, size_t ncuts, token **out);

/*
 * The mode a doc's metadata asks for: TOKEN_WHITESPACE when the JSON object
 * text meta has the top-level-looking member "tokenized":"whitespace"
 * (spaces around the colon allowed), else TOKEN_WORDS. NULL is TOKEN_WORDS.
 */
int token_mode_of_meta(const char *meta);

#endif
