/*
 * import_inputs.c: which files an import reads, and reading them whole.
 *
 * Every path given is expanded into a list of inputs before anything is
 * read: directories walked recursively (entries in byte order of their
 * names, dot files skipped, a directory seen twice through links walked
 * once), brat .txt/.ann pairs found, sizes summed for the progress total.
 */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "db/import.h"
#include "db/import_int.h"
#include "model/buf.h"

int
import_has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* path with its last n bytes replaced by suf (malloc'd). */
static char *
swap_suffix(const char *path, size_t n, const char *suf)
{
	size_t keep = strlen(path) - n;
	char *p = malloc(keep + strlen(suf) + 1);

	if (p) {
		memcpy(p, path, keep);
		strcpy(p + keep, suf);
	}
	return p;
}

static int
is_file(const char *path, off_t *size)
{
	struct stat sb;

	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return 0;
	if (size)
		*size = sb.st_size;
	return 1;
}

static int
push(struct inputs *in, const char *path, const char *aux, const fmt *f, off_t size, const char *why)
{
	struct input *e;

	if ((e = array_grow(in->v, &in->cap, in->n + 1, sizeof *e)) == NULL)
		return -1;
	in->v = e;
	e = &in->v[in->n];
	memset(e, 0, sizeof *e);
	e->path = strdup(path);
	e->aux = aux ? strdup(aux) : NULL;
	e->problem = why ? strdup(why) : NULL;
	e->f = f;
	e->size = size;
	if (e->path == NULL || (aux && e->aux == NULL) || (why && e->problem == NULL)) {
		free(e->path);
		free(e->aux);
		free(e->problem);
		return -1;
	}
	in->n++;
	return 0;
}

/*
 * Add the regular file path. With format auto or brat, a .txt with a .ann
 * beside it is a brat pair; a .ann is imported through its .txt: in a
 * directory walk (in_dir) the .txt's own entry does that, so the .ann adds
 * nothing.
 */
static int
add_file(struct inputs *in, const char *path, off_t size, const fmt *given, int in_dir)
{
	const fmt *brat = fmt_by_name("brat");
	int pairs = given == NULL || given == brat;
	off_t other;
	char *sib;
	int rc;

	if (pairs && import_has_suffix(path, ".txt")) {
		if ((sib = swap_suffix(path, 4, ".ann")) == NULL)
			return -1;
		rc = is_file(sib, &other) ? push(in, path, sib, brat, size + other, NULL)
		    : push(in, path, NULL, given ? given : fmt_by_name("txt"), size, NULL);
		free(sib);
		return rc;
	}
	if (pairs && import_has_suffix(path, ".ann")) {
		if ((sib = swap_suffix(path, 4, ".txt")) == NULL)
			return -1;
		if (is_file(sib, &other))
			rc = in_dir ? 0 : push(in, sib, path, brat, size + other, NULL);
		else
			rc = push(in, path, NULL, NULL, 0, "no .txt file beside this .ann file");
		free(sib);
		return rc;
	}
	return push(in, path, NULL, given, size, NULL);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directories on the current walk, to refuse symlink loops. */
struct walk_stack {
	dev_t dev[64];
	ino_t ino[64];
	int n;
};

static int
walk(struct inputs *in, const char *dir, const fmt *given, struct walk_stack *ws)
{
	struct dirent *de;
	struct stat sb;
	char **names = NULL;
	size_t n = 0, cap = 0;
	DIR *d;
	int rc = 0;

	if (stat(dir, &sb) != 0)
		return push(in, dir, NULL, NULL, 0, strerror(errno));
	for (int i = 0; i < ws->n; i++)
		if (ws->dev[i] == sb.st_dev && ws->ino[i] == sb.st_ino)
			return push(in, dir, NULL, NULL, 0, "directory loop (symbolic link), not followed");
	if (ws->n == (int)(sizeof ws->dev / sizeof ws->dev[0]))
		return push(in, dir, NULL, NULL, 0, "directories nested too deep");
	if ((d = opendir(dir)) == NULL)
		return push(in, dir, NULL, NULL, 0, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char **v = array_grow(names, &cap, n + 1, sizeof *v);

		if (v == NULL) {
			rc = -1;
			break;
		}
		names = v;
		if ((names[n] = malloc(strlen(dir) + strlen(de->d_name) + 2)) == NULL) {
			rc = -1;
			break;
		}
		sprintf(names[n], "%s%s%s", dir, import_has_suffix(dir, "/") ? "" : "/", de->d_name);
		n++;
	}
	closedir(d);
	if (rc == 0 && n > 0) /* names is NULL in an empty directory */
		qsort(names, n, sizeof *names, name_cmp);
	ws->dev[ws->n] = sb.st_dev;
	ws->ino[ws->n] = sb.st_ino;
	ws->n++;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (stat(names[i], &sb) != 0)
			rc = push(in, names[i], NULL, NULL, 0, strerror(errno));
		else if (S_ISDIR(sb.st_mode))
			rc = walk(in, names[i], given, ws);
		else if (S_ISREG(sb.st_mode) && given == NULL && !fmt_ext_known(names[i]))
			in->ignored++; /* a README or LICENSE beside the articles */
		else if (S_ISREG(sb.st_mode))
			rc = add_file(in, names[i], sb.st_size, given, 1);
	}
	ws->n--;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
import_collect(struct inputs *in, char *const *paths, size_t npaths, const fmt *given)
{
	struct walk_stack ws;
	struct stat sb;

	ws.n = 0;
	for (size_t i = 0; i < npaths; i++) {
		int rc;

		if (strcmp(paths[i], "-") == 0)
			rc = push(in, "-", NULL, given, 0, NULL);
		else if (stat(paths[i], &sb) != 0)
			rc = push(in, paths[i], NULL, NULL, 0, strerror(errno));
		else if (S_ISDIR(sb.st_mode))
			rc = walk(in, paths[i], given, &ws);
		else if (S_ISREG(sb.st_mode))
			rc = add_file(in, paths[i], sb.st_size, given, 0);
		else
			rc = push(in, paths[i], NULL, NULL, 0, "not a regular file or directory");
		if (rc != 0)
			return -1;
	}
	return 0;
}

void
import_inputs_free(struct inputs *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free(in->v[i].path);
		free(in->v[i].aux);
		free(in->v[i].problem);
	}
	free(in->v);
}

/* Read all of fd into *buf (grown as needed, NUL-terminated). */
static int
slurp(int fd, char **buf, size_t *cap, size_t *len)
{
	size_t n = 0;
	ssize_t got;

	for (;;) {
		if (*cap - n < 65536 + 1) {
			size_t c = *cap ? *cap * 2 : 1 << 20;
			char *b;

			while (c - n < 65536 + 1)
				c *= 2;
			if ((b = realloc(*buf, c)) == NULL) {
				errno = ENOMEM;
				return -1;
			}
			*buf = b;
			*cap = c;
		}
		got = read(fd, *buf + n, *cap - n - 1);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	(*buf)[n] = '\0';
	*len = n;
	return 0;
}


int
import_open(const char *path)
{
	return strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
}

int
import_read_path(const char *path, char **buf, size_t *cap, size_t *len)
{
	int fd, rc, e;

	if (strcmp(path, "-") == 0)
		return slurp(0, buf, cap, len);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	rc = slurp(fd, buf, cap, len);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

