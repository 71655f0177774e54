/* fmt.c: the registry of formats; each lives in its own fmt_*.c. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unictype.h>
#include <unistr.h>
#include "model/buf.h"
#include "model/fmt.h"
#include "model/label.h"

extern const fmt fmt_txt, fmt_jsonl, fmt_spacy, fmt_doccano, fmt_conll,
    fmt_brat, fmt_labelstudio, fmt_csv, fmt_feed, fmt_html;

static const fmt *const all[] = {
	&fmt_txt, &fmt_jsonl, &fmt_spacy, &fmt_doccano, &fmt_conll,
	&fmt_brat, &fmt_labelstudio, &fmt_csv, &fmt_feed, &fmt_html, NULL
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
	return array_grow(v, cap, n, size);
}

int
fmt_py_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0
	    || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
	    || c == 0x202F || c == 0x205F || c == 0x3000;
}

int
fmt_grow_bytes(char **buf, size_t *cap, size_t need)
{
	char *b = fmt_grow(*buf, cap, need, 1);

	if (b == NULL)
		return -1;
	*buf = b;
	return 0;
}

/* Is c invisible, or easily mistaken for another, in a message? */
static int
hidden(ucs4_t c)
{
	if (c == ' ')
		return 0;
	return uc_is_general_category(c, UC_CATEGORY_Cc) || uc_is_general_category(c, UC_CATEGORY_Cf)
	    || uc_is_general_category(c, UC_CATEGORY_Z) || uc_is_general_category(c, UC_CATEGORY_Cn)
	    || uc_is_general_category(c, UC_CATEGORY_Co) || uc_is_general_category(c, UC_CATEGORY_Cs);
}

void
fmt_quote_add(char *out, size_t outsz, size_t *o, const char *s, size_t n, size_t max)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0;

	if (outsz == 0)
		return;
	if (max > outsz - 1)
		max = outsz - 1;
	while (i < n) {
		char piece[16];
		size_t m;
		ucs4_t c;
		int k = u8_mbtoucr(&c, u + i, n - i);

		if (k < 0) {
			snprintf(piece, sizeof piece, "<0x%02X>", u[i]);
			k = 1;
		} else if (c == '\\' || c == '\n' || c == '\r' || c == '\t') {
			snprintf(piece, sizeof piece, "\\%c", c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
		} else if (hidden(c)) {
			snprintf(piece, sizeof piece, "<U+%04X>", (unsigned)c);
		} else {
			memcpy(piece, s + i, (size_t)k);
			piece[k] = '\0';
		}
		m = strlen(piece);
		if (*o + m > max || *o + m + 4 > outsz) {
			if (*o + 4 <= outsz) {
				memcpy(out + *o, "...", 3);
				*o += 3;
			}
			break;
		}
		memcpy(out + *o, piece, m);
		*o += m;
		i += (size_t)k;
	}
	out[*o < outsz ? *o : outsz - 1] = '\0';
}

const char *
fmt_colour_hex(const char *colour)
{
	static const char *const hex[16] = {
		"#c0c0c0", "#ff9090", "#90e090", "#f0e070", "#90b0ff", "#f0a0f0", "#90f0f0", "#f0f0f0",
		"#a0a0a0", "#ff5050", "#50e050", "#ffff50", "#6090ff", "#ff60ff", "#50ffff", "#ffffff",
	};
	int k = colour ? label_colour_index(colour) : -1;

	return k >= 0 && k < 16 ? hex[k] : NULL;
}

int
fmt_report_add(fmt_report *rep, const char *format, ...)
{
	va_list ap;
	int rc;

	va_start(ap, format);
	rc = buf_vprintf(&rep->what, format, ap);
	va_end(ap);
	return rc;
}

const char *
fmt_report_what(const fmt_report *rep)
{
	return buf_str(&rep->what);
}

void
fmt_report_free(fmt_report *rep)
{
	buf_free(&rep->what);
}
