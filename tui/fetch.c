/*
 * fetch.c: HTTP(S) GET into memory with libcurl (fetch.h).
 *
 * The body grows in a buffer that the write callback refuses to take past
 * max_bytes (servers may send no Content-Length); CURLOPT_MAXFILESIZE
 * stops early when they do. curl_global_init runs once, on first use.
 *
 * libcurl is opened with dlopen on the first fetch, not linked: it brings
 * some twenty libraries (TLS, Kerberos, LDAP ...) whose loading and
 * relocation every gloss start would pay, gloss search's 10 ms included.
 * configure still checks for it (pkg-config libcurl), and the headers
 * give the types.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dlfcn.h>
#include <curl/curl.h>
#include "tui/fetch.h"

struct body {
	char *buf;
	size_t len, cap, max;
	int too_big;
};

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct body *b = arg;
	size_t add = size * n;

	if (b->len + add > b->max) {
		b->too_big = 1;
		return 0;
	}
	if (b->len + add + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		char *nb;

		while (cap < b->len + add + 1)
			cap *= 2;
		if ((nb = realloc(b->buf, cap)) == NULL)
			return 0;
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, p, add);
	b->len += add;
	b->buf[b->len] = '\0';
	return add;
}

static long
env_num(const char *name, long def)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return def;
	n = strtol(v, &end, 10);
	return *end == '\0' && n > 0 ? n : def;
}

void
fetch_defaults(fetch_opts *o)
{
	o->timeout = env_num("GLOSS_FETCH_TIMEOUT", 30);
	o->max_bytes = (size_t)env_num("GLOSS_FETCH_MAX_BYTES", 32L << 20);
}

int
fetch_is_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

/* The libcurl functions fetch uses, found on first use. */
static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
} lc;

static int
load_curl(char *err, size_t errsz)
{
	void *h;

	if (lc.easy_init)
		return 0;
	if ((h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(err, errsz, "cannot load libcurl (apt-get install libcurl4): %s", dlerror());
		return -1;
	}
	/* POSIX: a function pointer round-trips through dlsym's void *. */
	*(void **)&lc.global_init = dlsym(h, "curl_global_init");
	*(void **)&lc.easy_setopt = dlsym(h, "curl_easy_setopt");
	*(void **)&lc.easy_perform = dlsym(h, "curl_easy_perform");
	*(void **)&lc.easy_getinfo = dlsym(h, "curl_easy_getinfo");
	*(void **)&lc.easy_cleanup = dlsym(h, "curl_easy_cleanup");
	*(void **)&lc.easy_strerror = dlsym(h, "curl_easy_strerror");
	*(void **)&lc.easy_init = dlsym(h, "curl_easy_init");
	if (!lc.global_init || !lc.easy_setopt || !lc.easy_perform || !lc.easy_getinfo || !lc.easy_cleanup ||
	    !lc.easy_strerror || !lc.easy_init) {
		lc.easy_init = NULL;
		snprintf(err, errsz, "libcurl lacks a function gloss needs");
		return -1;
	}
	return 0;
}

int
fetch_url(const char *url, const fetch_opts *o, char **buf, size_t *len, char *err, size_t errsz)
{
	static int inited;
	struct body b = { NULL, 0, 0, o->max_bytes, 0 };
	char cerr[CURL_ERROR_SIZE] = "";
	CURL *c;
	CURLcode rc;
	long status = 0;

	*buf = NULL;
	*len = 0;
	if (load_curl(err, errsz) != 0)
		return -1;
	if (!inited && lc.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errsz, "cannot start libcurl");
		return -1;
	}
	inited = 1;
	if ((c = lc.easy_init()) == NULL) {
		snprintf(err, errsz, "cannot start libcurl");
		return -1;
	}
	lc.easy_setopt(c, CURLOPT_URL, url);
	lc.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	lc.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	lc.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	lc.easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	lc.easy_setopt(c, CURLOPT_TIMEOUT, o->timeout);
	lc.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->timeout < 10 ? o->timeout : 10L);
	lc.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
	lc.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	lc.easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	lc.easy_setopt(c, CURLOPT_USERAGENT, "gloss/" PACKAGE_VERSION);
	lc.easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	lc.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	lc.easy_setopt(c, CURLOPT_WRITEDATA, &b);
	rc = lc.easy_perform(c);
	lc.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	lc.easy_cleanup(c);
	if (b.too_big || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(err, errsz, "larger than %zu bytes", o->max_bytes);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(err, errsz, "timed out after %ld s", o->timeout);
	else if (rc != CURLE_OK)
		snprintf(err, errsz, "%s", cerr[0] ? cerr : lc.easy_strerror(rc));
	else if (status >= 400)
		snprintf(err, errsz, "HTTP %ld", status);
	else {
		if (b.buf == NULL && (b.buf = calloc(1, 1)) == NULL) {
			snprintf(err, errsz, "out of memory");
			return -1;
		}
		*buf = b.buf;
		*len = b.len;
		return 0;
	}
	free(b.buf);
	return -1;
}
