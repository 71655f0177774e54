/*
 * out.c: visible-safe printing for the command line (out.h).
 */
#include "config.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/vis.h"
#include "tui/out.h"

/* Format, make visible, write. */
static void
vout(FILE *f, int flags, const char *format, va_list ap)
{
	char small[1024], *raw = small, *safe;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof small, format, ap);
	if (n >= 0 && (size_t)n >= sizeof small && (raw = malloc((size_t)n + 1)) != NULL)
		vsnprintf(raw, (size_t)n + 1, format, again);
	va_end(again);
	if (n < 0 || raw == NULL)
		return;
	if ((safe = vis_dup(raw, (size_t)n, flags)) != NULL) {
		fputs(safe, f);
		free(safe);
	}
	if (raw != small)
		free(raw);
}

void
out_err(const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	vout(stderr, VIS_NL, format, ap);
	va_end(ap);
}

void
out_printf(FILE *f, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	vout(f, VIS_NL | VIS_TAB, format, ap);
	va_end(ap);
}

void
out_field(FILE *f, const char *s)
{
	char *safe = vis_dup(s, strlen(s), VIS_FIELD);

	if (safe != NULL) {
		fputs(safe, f);
		free(safe);
	}
}

int
out_finish(int rc)
{
	int before = ferror(stdout) != 0, bad = before;

	errno = 0;
	if (fflush(stdout) != 0)
		bad = 1;
	if (fclose(stdout) != 0)
		bad = 1;
	if (!bad)
		return rc;
	/* A command that failed on a write error it saw has said so already. */
	if (!(before && rc != 0))
		out_err("gloss: cannot write standard output: %s\n", errno ? strerror(errno) : "write error");
	return rc == 0 ? 1 : rc;
}
