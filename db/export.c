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
 *
 * What sits at the target decides how it is written (target_check): a
 * character device or a FIFO (/dev/null, a terminal, a named pipe) and
 * anything under /dev or /proc (/dev/stdout) is written in place as a
 * stream, never replaced; a regular file is replaced keeping its
 * permissions (and owner, as root), through a symlink the file it points
 * to; the database in use with its -wal/-shm/-journal, a directory, a
 * block device, a socket and a dangling symlink are refused.
 *
 * A temporary is held under flock(2) while it is written, so the next
 * export to the same place knows one that nobody holds is left over from
 * a killed export and removes it (remove_stale).
 */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

/*
 * Is name "." + base + "." + six mkstemp characters, the temporary an
 * export to DIR/base makes?
 */
static int
is_our_temp(const char *name, const char *base)
{
	size_t n = strlen(base);

	if (name[0] != '.' || strncmp(name + 1, base, n) != 0 || name[n + 1] != '.' || strlen(name + n + 2) != 6)
		return 0;
	for (const char *p = name + n + 2; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

/*
 * Remove the temporaries of earlier exports to path that were killed
 * before they could clean up (SIGKILL, power loss): ".BASE.XXXXXX" files
 * and directories that no running export holds locked. Returns how many.
 */
static size_t
remove_stale(const char *path)
{
	char *dir, *base;
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	if (split_path(path, &dir, &base) != 0)
		return 0;
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			struct stat sb;
			int fd;

			if (!is_our_temp(e->d_name, base) || fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0
			    || !(S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
				continue;
			if ((fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
				continue;
			if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
				if (S_ISDIR(sb.st_mode)) {
					char *p = malloc(strlen(dir) + strlen(e->d_name) + 2);

					if (p != NULL) {
						sprintf(p, "%s/%s", dir, e->d_name);
						remove_tmpdir(p);
						n += access(p, F_OK) != 0;
						free(p);
					}
				} else if (unlinkat(dirfd(d), e->d_name, 0) == 0) {
					n++;
				}
			}
			close(fd);
		}
		closedir(d);
	}
	free(dir);
	free(base);
	return n;
}

/* Hold a lock on what we are writing (see remove_stale); fd is kept open. */
static int
hold(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* How the target is written. */
struct target {
	char *path;      /* what is written in place or renamed over (malloc'd) */
	int stream;      /* write in place (device, FIFO, /dev/stdout): no temporary */
	int exists;      /* a regular file is there: keep its mode and owner */
	struct stat sb;  /* of that file */
};

/* Is the (absolute) name one of the database's files? */
static int
is_db_file(const char *db, const char *abs, const struct stat *sb)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char name[4096];
	struct stat d;

	if (db == NULL || db[0] == '\0')
		return 0;
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(name, sizeof name, "%s%s", db, suffix[i]);
		if (abs != NULL && strcmp(abs, name) == 0)
			return 1;
		if (sb != NULL && stat(name, &d) == 0 && d.st_dev == sb->st_dev && d.st_ino == sb->st_ino)
			return 1;
	}
	return 0;
}

/* dir made absolute and canonical, then "/base" (malloc'd); NULL if dir is not there. */
static char *
absolute(const char *path)
{
	char *dir, *base, *rdir, *abs = NULL;

	if (split_path(path, &dir, &base) != 0)
		return NULL;
	if ((rdir = realpath(dir, NULL)) != NULL && (abs = malloc(strlen(rdir) + strlen(base) + 2)) != NULL)
		sprintf(abs, "%s/%s", strcmp(rdir, "/") ? rdir : "", base);
	free(rdir);
	free(dir);
	free(base);
	return abs;
}

/* Decide how path is written for a one-file format; 0, or -1 with o->err. */
static int
target_check(store *st, export_opts *o, struct target *t)
{
	const char *path = o->path;
	struct stat lsb;

	memset(t, 0, sizeof *t);
	if (lstat(path, &lsb) != 0) {
		if (errno != ENOENT) {
			snprintf(o->err, sizeof o->err, "%s: %s", path, strerror(errno));
			return -1;
		}
		if ((t->path = absolute(path)) == NULL) {
			snprintf(o->err, sizeof o->err, "%s: cannot create a temporary file beside it: %s", path,
			    strerror(errno));
			return -1;
		}
		if (is_db_file(store_path(st), t->path, NULL))
			goto is_db;
		return 0;
	}
	if (stat(path, &t->sb) != 0) {
		snprintf(o->err, sizeof o->err, "%s: a symbolic link to nothing (%s); not followed", path,
		    strerror(errno));
		return -1;
	}
	if (is_db_file(store_path(st), NULL, &t->sb))
		goto is_db;
	if (S_ISCHR(t->sb.st_mode) || S_ISFIFO(t->sb.st_mode) || strncmp(path, "/dev/", 5) == 0
	    || strncmp(path, "/proc/", 6) == 0) {
		if (o->files_only) {
			snprintf(o->err, sizeof o->err, "%s is not a regular file", path);
			return -1;
		}
		t->stream = 1;
		return (t->path = strdup(path)) ? 0 : -1;
	}
	if (S_ISDIR(t->sb.st_mode)) {
		snprintf(o->err, sizeof o->err, "%s is a directory", path);
		return -1;
	}
	if (!S_ISREG(t->sb.st_mode)) {
		snprintf(o->err, sizeof o->err, "%s is not a regular file, a device or a FIFO", path);
		return -1;
	}
	t->exists = 1;
	/* Through a symlink, the file it points to is replaced; the link stays. */
	t->path = S_ISLNK(lsb.st_mode) ? realpath(path, NULL) : strdup(path);
	if (t->path == NULL) {
		snprintf(o->err, sizeof o->err, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
is_db:
	snprintf(o->err, sizeof o->err, "%s is the database being exported (or one of its files); "
	    "choose another path", path);
	free(t->path);
	t->path = NULL;
	return -1;
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

/* Did someone annotate d: marked done, or a confirmed entity span? */
static int
annotated(const doc *d)
{
	if (d->status != NULL && strcmp(d->status, "done") == 0)
		return 1;
	for (size_t i = 0; i < d->nspans; i++)
		if (d->spans[i].kind == SPAN_ENTITY && d->spans[i].status == SPAN_CONFIRMED)
			return 1;
	return 0;
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
	if ((r->f->takes & FMT_UNANNOTATED_OUT) && !r->o->all_spans && !annotated(d)) {
		r->stats->unannotated++;
		return 0;
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
	/* Suggestions go where the format has a place for them (predictions). */
	rc = store_export_each(st, o->all_spans || (r->f->takes & FMT_SUGGESTED_OUT), each, r);
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

/* A device, FIFO or /dev/stdout: written in place, as it goes. */
static int
to_stream(store *st, struct run *r, fmt_opts *fo, const char *path)
{
	fmt_out out = { NULL, NULL, NULL, r };
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC), rc = -1;

	if (fd < 0 || (out.f = fdopen(fd, "w")) == NULL) {
		snprintf(r->o->err, sizeof r->o->err, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (stream(st, r, &out, fo) == 0) {
		if (fflush(out.f) != 0)
			snprintf(r->o->err, sizeof r->o->err, "%s: %s", path, strerror(errno));
		else
			rc = 0;
	}
	if (fclose(out.f) != 0 && rc == 0) {
		snprintf(r->o->err, sizeof r->o->err, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

static int
to_file(store *st, struct run *r, fmt_opts *fo)
{
	export_opts *o = r->o;
	struct target t;
	char *tmp = NULL;
	fmt_out out = { NULL, NULL, NULL, r };
	int fd, lock = -1, rc = -1;
	off_t at;

	if (target_check(st, o, &t) != 0)
		return -1;
	if (t.stream) {
		rc = to_stream(st, r, fo, t.path);
		free(t.path);
		return rc;
	}
	r->stats->stale = remove_stale(t.path);
	if ((tmp = temp_name(t.path)) == NULL) {
		snprintf(o->err, sizeof o->err, "out of memory");
		goto out;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(o->err, sizeof o->err, "%s: cannot create a temporary file beside it: %s",
		    o->path, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	lock = hold(tmp);
	/* A replaced file keeps its permissions, and its owner when we may. */
	(void)fchmod(fd, t.exists ? t.sb.st_mode & 07777 : create_mode(0666));
	if (t.exists && geteuid() == 0)
		(void)fchown(fd, t.sb.st_uid, t.sb.st_gid);
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
	if (rename(tmp, t.path) != 0) {
		snprintf(o->err, sizeof o->err, "%s: %s", o->path, strerror(errno));
		goto out;
	}
	sync_dir_of(t.path);
	rc = 0;
out:
	if (out.f != NULL)
		fclose(out.f);
	if (rc != 0 && tmp != NULL)
		(void)unlink(tmp);
	if (lock >= 0)
		close(lock);
	free(tmp);
	free(t.path);
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
	int lock = -1, rc = -1;

	if (!free_target(o->path)) {
		snprintf(o->err, sizeof o->err, "%s exists and is not an empty directory; "
		    "%s export writes a new directory", o->path, r->f->name);
		return -1;
	}
	if ((r->tmpdir = temp_name(o->path)) == NULL) {
		snprintf(o->err, sizeof o->err, "out of memory");
		return -1;
	}
	r->stats->stale = remove_stale(o->path);
	if (mkdtemp(r->tmpdir) == NULL) {
		snprintf(o->err, sizeof o->err, "%s: cannot create a temporary directory beside it: %s",
		    o->path, strerror(errno));
		free(r->tmpdir);
		r->tmpdir = NULL;
		return -1;
	}
	(void)chmod(r->tmpdir, create_mode(0777));
	lock = hold(r->tmpdir);
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
	if (lock >= 0)
		close(lock);
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
	if ((o->path == NULL || strcmp(o->path, "-") == 0) && o->files_only) {
		snprintf(o->err, sizeof o->err, "give a file to write");
		rc = -1;
	} else if (o->path == NULL || strcmp(o->path, "-") == 0)
		rc = to_stdout(st, &r, &fo);
	else if (r.f->multi_file)
		rc = to_dir(st, &r, &fo);
	else
		rc = to_file(st, &r, &fo);
	jsonp_free(jp);
	label_scheme_clear(&ls);
	if (stats == &dummy)
		fmt_report_free(&dummy.report);
	return rc;
}
