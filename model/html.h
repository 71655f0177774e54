/*
 * html.h: the readable text of web pages and feed items, parsed with
 * libxml2 (never by hand).
 *
 * Text is UTF-8 with entities decoded; block elements (p, h1..h6, li, div,
 * blockquote, ...) become paragraphs separated by a blank line, <br> a line
 * break, runs of white space inside a block one space. Scripts, styles,
 * navigation, forms and other non-text elements never reach the text.
 */
#ifndef GLOSS_HTML_H
#define GLOSS_HTML_H

#include <stddef.h>
#include "model/doc.h"

/*
 * A saved article page into d (initialised by the caller): the main text
 * (<article>, else <main>, else the element whose <p> children hold the
 * most text, else <body>), the title (og:title, else <title>), the date
 * (article:published_time, else the first <time datetime>, as YYYY-MM-DD),
 * the source (og:site_name) and the URL (og:url, else the canonical link).
 * Returns 0, or -1 with err set when the page holds no text (or memory
 * runs out).
 */
int html_page_read(const char *buf, size_t len, doc *d, doc_err *err);

/* The text of an HTML fragment (a feed item's description or content),
 * malloc'd and NUL-terminated, "" when it has none; NULL if out of memory. */
char *html_fragment_text(const char *buf, size_t len);

/*
 * A date as feeds and pages write it (RFC 822 "Mon, 05 Jan 2026 10:00:00
 * +0000", ISO 8601 "2026-01-05T10:00:00Z" or "2026-01-05") as "YYYY-MM-DD"
 * into out (11 bytes); 0, or -1 when s is no such date.
 */
int html_date_iso(const char *s, char out[11]);

#endif
