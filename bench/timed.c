/*
 * timed.c: run a command, print "CPU_ms wall_ms maxrss_KiB exit" for it.
 *
 * Why not Python's os.fork or posix_spawn: the kernel bills the parent's
 * address space to the child. A forked child pays for copying and tearing
 * down Python's ~10 MB (about 1 ms of CPU for /bin/true), and the peak
 * RSS rusage reports is the largest of the old and the new image, so
 * every command looked like at least 10 MB. This process is small: the
 * figures are the command's own, give or take ~1 MB of RSS.
 *
 *   timed OUT CMD [ARG...]   (stdout and stderr of CMD go to /dev/null)
 */
#include "config.h"
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct rusage ru;
	double t0, cpu;
	FILE *out;
	pid_t pid;
	int st, code;

	if (argc < 3) {
		fprintf(stderr, "usage: timed OUT CMD [ARG...]\n");
		return 2;
	}
	t0 = now_ms();
	if ((pid = fork()) < 0) {
		perror("timed: fork");
		return 1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("timed: wait4");
		return 1;
	}
	cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if ((out = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	fprintf(out, "%.3f %.1f %ld %d\n", cpu, now_ms() - t0, ru.ru_maxrss, code);
	return fclose(out) == 0 ? 0 : 1;
}
