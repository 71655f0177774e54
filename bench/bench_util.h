/*
 * bench_util.h: what the bench programs share: clocks (wall and CPU, the
 * steadier figure on a shared machine), reading a whole file, dying with
 * a message. Header-only (static functions) so each bench stays one file.
 */
#ifndef GLOSS_BENCH_UTIL_H
#define GLOSS_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static const char *bench_name = "bench"; /* for die(); set in main */

static double
wall(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU seconds of this process (who = RUSAGE_SELF) or of the children
 * waited for (RUSAGE_CHILDREN). */
static double
cpu_of(int who)
{
	struct rusage ru;

	getrusage(who, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	    (double)ru.ru_stime.tv_usec / 1e6;
}

static double
cpu(void)
{
	return cpu_of(RUSAGE_SELF);
}

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "%s: %s: %s\n", bench_name, what, msg);
	exit(1);
}

/* A whole file, NUL-terminated, its length in *len; dies when unreadable. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		die(path, "cannot read");
	if ((buf = malloc((size_t)n + 1)) == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die(path, "cannot read");
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

#endif
