/*
 * text_int.h: the text object's layout and the helpers model/text*.c
 * share; nothing outside those files includes it.
 *
 * text.c: the object, its offset index, lines, words, display;
 * text_grapheme.c: grapheme clusters; text_sentence.c: sentences and
 * titles; text_header.c: the txt seed and mail headers; text_fold.c: the
 * folded copy and text_search; utf8.c: the codec.
 */
#ifndef GLOSS_TEXT_INT_H
#define GLOSS_TEXT_INT_H

#include <stddef.h>
#include <stdint.h>
#include "model/text.h"
#include "model/utf8.h"

#define CK_SHIFT 6
#define CK ((size_t)1 << CK_SHIFT) /* code points between checkpoints */

/* The folded copy of a text that text_search() scans (see fold_build). */
typedef struct fold {
	char *s;    /* folded UTF-8, NUL-terminated */
	size_t len; /* bytes in s */
	size_t *ck; /* ck[k]: offset in s where the fold of code point k*CK starts */
} fold;

struct text {
	char *s;        /* the stored text, valid UTF-8, NUL-terminated */
	size_t len;     /* bytes in s (not counting the NUL) */
	size_t ncp;     /* code points in s */
	size_t nu16;    /* UTF-16 code units s would take (once ck_done == nck) */
	size_t nck;     /* entries in ck_byte/ck_u16 (ncp / CK + 1), 0 if ASCII */
	/* 32 bits: a text is under 4 GiB (text_wrap refuses more; SQLite
	 * stores at most 1 GB), and the index of a 10 MB article is then
	 * 1.25 MB, not 2.5. */
	uint32_t *ck_byte; /* ck_byte[k]: byte offset of code point k*CK */
	uint32_t *ck_u16; /* ck_u16[k]: UTF-16 offset of code point k*CK */
	/* The index is filled lazily, front to back (tx_index_upto): entries
	 * [0, ck_done) are valid and the scan resumes at the checkpoint
	 * ck_done, byte fr_b, UTF-16 unit fr_u16. */
	size_t ck_done, fr_b, fr_u16;
	size_t scanned; /* bytes the index scan has read (text_scanned) */
	/* A lazily loaded text (text_new_lazy): s has room for all len bytes
	 * from the start (never moves), [0, loaded) are read from src, the
	 * rest is zero until tx_need asks for it. loaded == len otherwise. */
	size_t loaded;
	text_src src;
	int load_failed; /* src failed: the rest of the text reads as NULs */
	struct text_cache *cache; /* what a const text fills in lazily */
};

/*
 * Caches built on first use through a const text (building them changes
 * nothing visible). text_new allocates them with the text (struct
 * text_box), so t->cache is writable without casting const away; self is
 * the same text, writable, for the lazily built offset index.
 */
struct text_cache {
	fold *fold;     /* search copy, built by text_search, or NULL */
	struct text *self;
	/* The last offset conversion: code point memo_cp is at byte memo_b.
	 * Callers move a few code points at a time (a caret, a cluster, a
	 * row), so the next conversion starts here rather than at its
	 * checkpoint, up to 63 code points back (text.c). */
	size_t memo_cp, memo_b;
	/* The grapheme breaks text_grapheme_next last segmented: gb_brk[i]
	 * for byte gb_ws + i, i < gb_we - gb_ws, with context enough for any
	 * byte from gb_b0 on (gb_we 0: none; text_grapheme.c). */
	char *gb_brk;
	size_t gb_cap, gb_ws, gb_we, gb_b0;
};
struct text_box {
	struct text t;  /* first: a text * is the box's address */
	struct text_cache cache;
};

/* Bytes a position conversion loads past the byte it returns or gets, so
 * the bounded windows read around a position (graphemes, words: a few
 * hundred bytes) need no check of their own. */
#define TX_SLACK 1024

/* text.c */
void tx_load(const text *t, size_t b);
/* Make [0, b) of a lazy text readable (b clamped to len); cheap when it is. */
static inline void
tx_need(const text *t, size_t b)
{
	if (b > t->loaded && t->loaded < t->len)
		tx_load(t, b);
}
/* tab: uint32_t[n] when wide is 0 (a text's index), else size_t[n]. */
size_t tx_ck_search(const void *tab, int wide, size_t n, size_t v);
void tx_line_clip(const char *s, size_t len, size_t b, size_t maxd, size_t *ls, size_t *le);
/* text_sentence.c */
size_t tx_skip_space(const char *s, size_t i, size_t lim);
size_t tx_trim_back(const char *s, size_t lo, size_t e);
/* text_fold.c */
void tx_fold_free(fold *f);

/* The last grapheme boundary before byte b (text_grapheme.c). */
size_t tx_grapheme_prev_byte(const text *t, size_t b);

#endif
