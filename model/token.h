/*
 * token.h: word tokens for token-based formats (CoNLL, spaCy tokens).
 *
 * Tokens are the UAX #29 words of the text (libunistring u8_wordbreaks),
 * whitespace dropped, each punctuation character its own token, and split
 * further at every cut point given (span edges), so that a span always
 * starts and ends on token boundaries and never moves on export.
 */
#ifndef GLOSS_TOKEN_H
#define GLOSS_TOKEN_H

#include <stddef.h>

typedef struct token {
	size_t start, end; /* [start,end) in code points */
} token;

/*
 * Tokenise s[0..len) (valid UTF-8). cuts are code point offsets (any order,
 * duplicates allowed) where a token must end/start. Returns the number of
 * tokens and a malloc'd array in *out (caller frees), or (size_t)-1 on
 * allocation failure.
 */
size_t token_split(const char *s, size_t len, const size_t *cuts, size_t ncuts, token **out);

#endif
