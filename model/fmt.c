/* fmt.c: the registry of formats; each lives in its own fmt_*.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "model/fmt.h"

extern const fmt fmt_txt, fmt_jsonl, fmt_spacy, fmt_doccano, fmt_conll,
    fmt_brat, fmt_labelstudio, fmt_csv;

static const fmt *const all[] = {
	&fmt_txt, &fmt_jsonl, &fmt_spacy, &fmt_doccano, &fmt_conll,
	&fmt_brat, &fmt_labelstudio, &fmt_csv, NULL
};

const fmt *const *
fmt_all(void)
{
	return all;
}

const fmt *
fmt_by_name(const char *name)
{
	for (size_t i = 0; all[i]; i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}

/* Does the space-separated list exts contain ext (with its dot)? */
static int
ext_in(const char *exts, const char *ext, size_t n)
{
	const char *p = exts;
	while (p && *p) {
		const char *e = strchr(p, ' ');
		size_t m = e ? (size_t)(e - p) : strlen(p);
		if (m == n && strncasecmp(p, ext, n) == 0)
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

int
fmt_ext_known(const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *slash = strrchr(name, '/');

	if (dot == NULL || (slash && dot < slash))
		return 0;
	for (size_t i = 0; all[i]; i++)
		if (all[i]->exts && ext_in(all[i]->exts, dot, strlen(dot)))
			return 1;
	return 0;
}

/*
 * The extension decides when exactly one format claims it; otherwise (.json,
 * .jsonl are shared by several) the first bytes decide among the formats
 * that claim the extension, then among all.
 */
const fmt *
fmt_detect(const char *name, const char *buf, size_t len)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	const char *slash = name ? strrchr(name, '/') : NULL;
	const fmt *only = NULL;
	size_t claim = 0;

	if (dot && (!slash || dot > slash)) {
		size_t n = strlen(dot);
		for (size_t i = 0; all[i]; i++)
			if (all[i]->exts && ext_in(all[i]->exts, dot, n)) {
				claim++;
				if (!only)
					only = all[i];
				if (all[i]->sniff && buf && all[i]->sniff(buf, len))
					return all[i];
			}
		if (claim == 1)
			return only;
	}
	for (size_t i = 0; all[i]; i++)
		if (all[i]->sniff && buf && all[i]->sniff(buf, len))
			return all[i];
	return claim ? only : NULL;
}

void *
fmt_grow(void *v, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap : 64;

	if (n <= *cap && v != NULL)
		return v;
	while (c < n) {
		if (c > SIZE_MAX / 2)
			return NULL;
		c *= 2;
	}
	if (c > SIZE_MAX / size || (v = realloc(v, c * size)) == NULL)
		return NULL;
	*cap = c;
	return v;
}
