/*
 * export.c: the export driver (export.h). Articles stream out of the store
 * one at a time (store_export_each) into the format's writer, so memory
 * does not grow with the corpus.
 *
 * Nothing half-written ever sits at the target: a single file is written
 * to ".NAME.XXXXXX" in the target's directory, flushed, fsync'd and
 * renamed over the target; brat's pairs go into a temporary directory
 * ".NAME.XXXXXX" renamed into place at the end. On an error or a cancel
 * (the flag a SIGINT handler sets, checked between articles) the
 * temporary file or directory is removed and the target is untouched.
 */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "db/export.h"
#include "db/json_sqlite.h"
#include "model/label.h"

struct run {
	export_opts *o;
	export_stats *stats;
	const fmt *f;
	fmt_writer *w;
	size_t total;
	char *tmpdir;    /* brat: the temporary directory */
	int failed;      /* a write failed (errno kept in err) */
	int cancelled;
	int err;
};

/* Permissions a plain create would give (mkstemp/mkdtemp use 0600/0700). */
static mode_t
create_mode(mode_t base)
{
	mode_t m = umask(0);

	umask(m);
	return base & ~m;
}

/* dir and base of path, malloc'd. */
static int
split_path(const char *path, char **dir, char **base)
{
	char *a = strdup(path), *b = strdup(path);

	*dir = *base = NULL;
	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		return -1;
	}
	*dir = strdup(dirname(a));
	*base = strdup(basename(b));
	free(a);
	free(b);
	if (*dir == NULL || *base == NULL) {
		free(*dir);
		free(*base);
		return -1;
	}
	return 0;
}

/* DIR/.BASE.XXXXXX */
static char *
temp_name(const char *path)
{
	char *dir, *base, *t;
	size_t n;

	if (split_path(path, &dir, &base) != 0)
		return NULL;
	n = strlen(dir) + strlen(base) + 16;
	if ((t = malloc(n)) != NULL)
		snprintf(t, n, "%s/.%s.XXXXXX", dir, base);
	free(dir);
	free(base);
	return t;
}

/* Make a rename durable: fsync the directory holding path. */
static void
sync_dir_of(const char *path)
{
	char *dir, *base;
	int fd;

	if (split_path(path, &dir, &base) != 0)
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
	free(base);
}

/* Remove our temporary directory and the flat files the writer made. */
static void
remove_tmpdir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			(void)unlinkat(dirfd(d), e->d_name, 0);
		}
		closedir(d);
	}
	(void)rmdir(dir);
}

/* brat asks for one stream per file name ("0001.ann"). */
static FILE *
out_open(void *arg, const char *name)
{
	struct run *r = arg;
	char *p;
	size_t n;
	int fd;
	FILE *f;

	if (r->tmpdir == NULL || name[0] == '\0' || name[0] == '.' || strchr(name, '/') != NULL) {
		r->err = EINVAL;
		return NULL;
	}
	n = strlen(r->tmpdir) + strlen(name) + 2;
	if ((p = malloc(n)) == NULL) {
		r->err = ENOMEM;
		return NULL;
	}
	snprintf(p, n, "%s/%s", r->tmpdir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	free(p);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		r->err = errno;
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

static int
out_close(void *arg, FILE *f)
{
	struct run *r = arg;
	off_t at;
	int rc = 0;

	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		rc = -1;
	if ((at = ftello(f)) > 0)
		r->stats->bytes += (size_t)at;
	if (fclose(f) != 0)
		rc = -1;
	if (rc != 0)
		r->err = errno;
	return rc;
}

static int
each(const doc *d, int64_t id, void *arg)
{
	struct run *r = arg;
	doc copy;

	if (r->o->cancel != NULL && *r->o->cancel) {
		r->cancelled = 1;
		return 1;
	}
	copy = *d; /* shallow: the writer only reads it */
	copy.id = id;
	if (r->f->write_doc(r->w, &copy) != 0) {
		r->failed = 1;
		r->err = errno;
		return 1;
	}
	r->stats->articles++;
	r->stats->spans += d->nspans;
	if (r->o->progress != NULL)
		r->o->progress(r->o->arg, r->stats->articles, r->total);
	return 0;
}

/* Run the writer over every article into out; 0, or -1 with o->err. */
static int
stream(store *st, struct run *r, fmt_out *out, fmt_opts *fo)
{
	export_opts *o = r->o;
	int rc;

	if ((r->w = r->f->write_begin(out, fo)) == NULL) {
		snprintf(o->err, sizeof o->err, "%s: cannot start the writer", r->f->name);
		return -1;
	}
	rc = store_export_each(st, o->all_spans, each, r);
	if (r->f->write_report != NULL)
		r->f->write_report(r->w, &r->stats->report);
	if (r->f->write_end(r->w) != 0 && !r->failed) {
		r->failed = 1;
		r->err = errno;
	}
	r->w = NULL;
	if (rc != 0) {
		snprintf(o->err, sizeof o->err, "%s", store_errmsg(st));
		return -1;
	}
	if (r->cancelled) {
		snprintf(o->err, sizeof o->err, "export interrupted; nothing written");
		return -1;
	}
	if (r->failed) {
		snprintf(o->err, sizeof o->err, "write error: %s",
		    r->err ? strerror(r->err) : "the writer failed");
		return -1;
	}
	return 0;
}

static int
to_stdout(store *st, struct run *r, fmt_opts *fo)
{
	fmt_out out = { stdout, NULL, NULL, r };
	off_t before = ftello(stdout), after;

	if (r->f->multi_file) {
		snprintf(r->o->err, sizeof r->o->err, "%s writes a directory of files: give one with -o DIR", r->f->name);
		return -1;
	}
	if (stream(st, r, &out, fo) != 0)
		return -1;
	if (fflush(stdout) != 0) {
		snprintf(r->o->err, sizeof r->o->err, "stdout: %s", strerror(errno));
		return -1;
	}
	if (before >= 0 && (after = ftello(stdout)) > before)
		r->stats->bytes = (size_t)(after - before);
	return 0;
}

static int
to_file(store *st, struct run *r, fmt_opts *fo)
{
	export_opts *o = r->o;
	char *tmp = temp_name(o->path);
	fmt_out out = { NULL, NULL, NULL, r };
	int fd, rc = -1;
	off_t at;

	if (tmp == NULL) {
		snprintf(o->err, sizeof o->err, "out of memory");
		return -1;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(o->err, sizeof o->err, "%s: cannot create a temporary file beside it: %s",
		    o->path, strerror(errno));
		free(tmp);
		return -1;
	}
	(void)fchmod(fd, create_mode(0666));
	if ((out.f = fdopen(fd, "w")) == NULL) {
		snprintf(o->err, sizeof o->err, "%s: %s", tmp, strerror(errno));
		close(fd);
		goto out;
	}
	if (stream(st, r, &out, fo) != 0)
		goto out;
	if (fflush(out.f) != 0 || fsync(fd) != 0) {
		snprintf(o->err, sizeof o->err, "%s: %s", o->path, strerror(errno));
		goto out;
	}
	if ((at = ftello(out.f)) > 0)
		r->stats->bytes = (size_t)at;
	if (fclose(out.f) != 0) {
		out.f = NULL;
		snprintf(o->err, sizeof o->err, "%s: %s", o->path, strerror(errno));
		goto out;
	}
	out.f = NULL;
	if (o->cancel != NULL && *o->cancel) {
		snprintf(o->err, sizeof o->err, "export interrupted; nothing written");
		goto out;
	}
	if (rename(tmp, o->path) != 0) {
		snprintf(o->err, sizeof o->err, "%s: %s", o->path, strerror(errno));
		goto out;
	}
	sync_dir_of(o->path);
	rc = 0;
out:
	if (out.f != NULL)
		fclose(out.f);
	if (rc != 0)
		(void)unlink(tmp);
	free(tmp);
	return rc;
}

/* Is path absent, or an empty directory (so a rename can take its place)? */
static int
free_target(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	int empty = 1;

	if (lstat(path, &sb) != 0)
		return errno == ENOENT;
	if (!S_ISDIR(sb.st_mode) || (d = opendir(path)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

static int
to_dir(store *st, struct run *r, fmt_opts *fo)
{
	export_opts *o = r->o;
	fmt_out out = { NULL, out_open, out_close, r };
	int rc = -1;

	if (!free_target(o->path)) {
		snprintf(o->err, sizeof o->err, "%s exists and is not an empty directory; "
		    "%s export writes a new directory", o->path, r->f->name);
		return -1;
	}
	if ((r->tmpdir = temp_name(o->path)) == NULL) {
		snprintf(o->err, sizeof o->err, "out of memory");
		return -1;
	}
	if (mkdtemp(r->tmpdir) == NULL) {
		snprintf(o->err, sizeof o->err, "%s: cannot create a temporary directory beside it: %s",
		    o->path, strerror(errno));
		free(r->tmpdir);
		r->tmpdir = NULL;
		return -1;
	}
	(void)chmod(r->tmpdir, create_mode(0777));
	if (stream(st, r, &out, fo) != 0)
		goto out;
	sync_dir_of(r->tmpdir);
	if (o->cancel != NULL && *o->cancel) {
		snprintf(o->err, sizeof o->err, "export interrupted; nothing written");
		goto out;
	}
	/* rename(2) replaces an empty directory and refuses a full one. */
	if (rename(r->tmpdir, o->path) != 0) {
		snprintf(o->err, sizeof o->err, "%s: %s", o->path, strerror(errno));
		goto out;
	}
	sync_dir_of(o->path);
	rc = 0;
out:
	if (rc != 0)
		remove_tmpdir(r->tmpdir);
	free(r->tmpdir);
	r->tmpdir = NULL;
	return rc;
}

int
export_run(store *st, export_opts *o, export_stats *stats)
{
	export_stats dummy;
	struct run r;
	fmt_opts fo;
	label_scheme ls = { NULL, 0 };
	jsonp *jp;
	int rc;

	if (stats == NULL)
		stats = &dummy;
	memset(stats, 0, sizeof *stats);
	o->err[0] = '\0';
	if (o->format == NULL || o->format->write_begin == NULL || o->format->write_doc == NULL
	    || o->format->write_end == NULL) {
		snprintf(o->err, sizeof o->err, "%s: gloss cannot write this format",
		    o->format ? o->format->name : "(none)");
		return -1;
	}
	memset(&r, 0, sizeof r);
	r.o = o;
	r.stats = stats;
	r.f = o->format;
	if (store_article_count(st, NULL, &r.total) != 0 || store_labels_get(st, &ls) != 0) {
		snprintf(o->err, sizeof o->err, "%s", store_errmsg(st));
		return -1;
	}
	/* Writers that rearrange metadata (spacy) parse it with SQLite too. */
	if ((jp = jsonp_new()) == NULL) {
		label_scheme_clear(&ls);
		snprintf(o->err, sizeof o->err, "out of memory");
		return -1;
	}
	fo = o->fo;
	fo.labels = &ls;
	fo.json_parse = jsonp_parse;
	fo.json_ctx = jp;
	if (o->path == NULL || strcmp(o->path, "-") == 0)
		rc = to_stdout(st, &r, &fo);
	else if (r.f->multi_file)
		rc = to_dir(st, &r, &fo);
	else
		rc = to_file(st, &r, &fo);
	jsonp_free(jp);
	label_scheme_clear(&ls);
	return rc;
}
