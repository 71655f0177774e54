/*
 * store_wal.c: which pages a commit wrote. A WAL database appends one
 * frame (a 24-byte header and the page) per page a transaction changed;
 * durability costs what the WAL grows by, so counting frames and naming
 * the b-tree each page belongs to (dbstat) says what one action costs and
 * where. For tests and benches (store.h: store_wal_mark/store_wal_frames);
 * nothing in the interface depends on it.
 *
 * File format (sqlite.org/fileformat2.html#walformat): a 32-byte header
 * (page size at byte 8, salts at 16 and 20), then frames; a frame header
 * holds the page number (bytes 0-3) and the salts (8-15) of the WAL's
 * current generation. All big-endian. A checkpoint may restart the WAL
 * from its start with new salts: a mark remembers the salt, so frames
 * written after a restart are counted from the header.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db/store_int.h"

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Open the WAL file and read its header; NULL when there is none. */
static FILE *
wal_open(store *st, unsigned char hdr[32])
{
	const char *db = sqlite3_db_filename(st->db, "main");
	char *path;
	FILE *f;
	size_t n;

	if (db == NULL || *db == '\0')
		return NULL;
	n = strlen(db) + 5;
	if ((path = malloc(n)) == NULL)
		return NULL;
	snprintf(path, n, "%s-wal", db);
	f = fopen(path, "rb");
	free(path);
	if (f != NULL && fread(hdr, 1, 32, f) != 32) {
		fclose(f);
		f = NULL;
	}
	return f;
}

/* Page number -> b-tree name, from one walk over dbstat. */
struct pagemap {
	uint32_t *pg;
	char **name;
	size_t n;
};

static void
pagemap_load(store *st, struct pagemap *m)
{
	sqlite3_stmt *s;
	size_t cap = 0;

	memset(m, 0, sizeof *m);
	if (sqlite3_prepare_v2(st->db, "SELECT pageno, name FROM dbstat", -1, &s, NULL) != SQLITE_OK)
		return; /* no dbstat in this SQLite: frames stay unnamed */
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (m->n == cap) {
			size_t c = cap ? cap * 2 : 256;
			uint32_t *pg = realloc(m->pg, c * sizeof *pg);
			char **name;

			if (pg == NULL)
				break;
			m->pg = pg;
			if ((name = realloc(m->name, c * sizeof *name)) == NULL)
				break;
			m->name = name;
			cap = c;
		}
		m->pg[m->n] = (uint32_t)sqlite3_column_int64(s, 0);
		m->name[m->n] = st_col_str(s, 1);
		m->n++;
	}
	sqlite3_finalize(s);
}

static const char *
pagemap_name(const struct pagemap *m, uint32_t pg)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->pg[i] == pg && m->name[i])
			return m->name[i];
	return pg == 1 ? "sqlite_schema" : "(free)";
}

static void
pagemap_free(struct pagemap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->name[i]);
	free(m->name);
	free(m->pg);
}

/*
 * Visit the frames of the WAL's current generation from byte off (the
 * file is not truncated when the WAL restarts: older frames beyond carry
 * other salts). Returns the offset after the last; *n counts them.
 */
static long
frames_walk(FILE *f, const unsigned char hdr[32], long off, int *n, const struct pagemap *m,
    int (*fn)(const char *name, uint32_t page, void *arg), void *arg)
{
	uint32_t psize = be32(hdr + 8);
	unsigned char fh[24];

	if (psize == 1)
		psize = 65536;
	while (fseek(f, off, SEEK_SET) == 0 && fread(fh, 1, sizeof fh, f) == sizeof fh &&
	    memcmp(fh + 8, hdr + 16, 8) == 0) {
		(*n)++;
		off += 24 + (long)psize;
		if (fn && fn(pagemap_name(m, be32(fh)), be32(fh), arg) != 0)
			break;
	}
	return off;
}

int64_t
store_wal_mark(store *st)
{
	unsigned char hdr[32];
	FILE *f = wal_open(st, hdr);
	long end;
	int n = 0;

	if (f == NULL)
		return 0;
	end = frames_walk(f, hdr, 32, &n, NULL, NULL, NULL);
	fclose(f);
	/* The salt beside the offset: a restarted WAL starts again at 32. */
	return (int64_t)((uint64_t)be32(hdr + 16) << 32 | (uint32_t)end);
}

int
store_wal_frames(store *st, int64_t mark, int (*fn)(const char *name, uint32_t page, void *arg), void *arg)
{
	unsigned char hdr[32];
	FILE *f = wal_open(st, hdr);
	struct pagemap m;
	long off;
	int n = 0;

	if (f == NULL)
		return 0;
	off = (uint32_t)((uint64_t)mark >> 32) == be32(hdr + 16) && (uint32_t)mark >= 32 ? (long)(uint32_t)mark : 32;
	memset(&m, 0, sizeof m);
	if (fn)
		pagemap_load(st, &m);
	frames_walk(f, hdr, off, &n, &m, fn, arg);
	fclose(f);
	pagemap_free(&m);
	return n;
}
