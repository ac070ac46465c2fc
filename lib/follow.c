#include "follow.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

struct ffile {
	char *path;
	int fd;                 /* -1: not open (missing, or rotated away) */
	dev_t dev;
	ino_t ino;
	off_t off;              /* bytes read from fd */
	bool seen;              /* opened once: a later file is read from its start */
	bool from_start;
	bool skipping;          /* inside a line over the cap */
	struct buf part;        /* a line not yet complete */
};

struct follow {
	struct ffile *f;
	int n, cap;
	char rd[65536];
};

struct follow *follow_new(void)
{
	return xcalloc(1, sizeof(struct follow));
}

void follow_free(struct follow *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->n; i++) {
		if (f->f[i].fd >= 0)
			close(f->f[i].fd);
		buf_free(&f->f[i].part);
		free(f->f[i].path);
	}
	free(f->f);
	free(f);
}

int follow_add(struct follow *f, const char *path, bool from_start)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 8;
		f->f = xrealloc(f->f, (size_t)f->cap * sizeof *f->f);
	}
	struct ffile *ff = &f->f[f->n];
	memset(ff, 0, sizeof *ff);
	ff->path = xstrdup(path);
	ff->fd = -1;
	ff->from_start = from_start;
	/* a file that appears later is new: read from its start */
	struct stat st;
	ff->seen = stat(path, &st) != 0;
	return f->n++;
}

const char *follow_path(const struct follow *f, int file)
{
	return f->f[file].path;
}

static bool try_open(struct ffile *ff)
{
	int fd = open(ff->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return false;
	}
	ff->fd = fd;
	ff->dev = st.st_dev;
	ff->ino = st.st_ino;
	ff->off = 0;
	/* a file there from the start is read from its end, unless asked */
	if (!ff->seen && !ff->from_start) {
		ff->off = st.st_size;
		lseek(fd, st.st_size, SEEK_SET);
	}
	ff->seen = true;
	return true;
}

/* Hand over the complete lines of DATA; keep the rest in part. */
static size_t feed(struct ffile *ff, int i, const char *p, size_t n, follow_cb cb, void *arg)
{
	size_t events = 0;
	while (n) {
		const char *nl = memchr(p, '\n', n);
		size_t len = nl ? (size_t)(nl - p) : n;
		if (ff->skipping) {
			if (nl)
				ff->skipping = false;
		} else if (ff->part.len + len > FOLLOW_MAX_LINE) {
			buf_reset(&ff->part);
			ff->skipping = !nl;
			cb(arg, i, FOLLOW_TOOLONG, SPAN_NULL);
			events++;
		} else if (nl && !ff->part.len) {
			cb(arg, i, FOLLOW_LINE, span_make(p, len));
			events++;
		} else {
			buf_add(&ff->part, p, len);
			if (nl) {
				cb(arg, i, FOLLOW_LINE, span_make(ff->part.p, ff->part.len));
				buf_reset(&ff->part);
				events++;
			}
		}
		if (!nl)
			break;
		p = nl + 1;
		n -= len + 1;
	}
	return events;
}

/* Read FF to its current end. */
static size_t drain(struct ffile *ff, int i, char *rd, size_t rdlen, follow_cb cb, void *arg)
{
	size_t events = 0;
	for (;;) {
		ssize_t r = read(ff->fd, rd, rdlen);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			if (errno != EAGAIN) {
				cb(arg, i, FOLLOW_ERROR, span_str(strerror(errno)));
				events++;
			}
			break;
		}
		if (r == 0)
			break;
		ff->off += r;
		events += feed(ff, i, rd, (size_t)r, cb, arg);
	}
	return events;
}

/* The partial line of a file that will not grow any more is complete. */
static size_t end_part(struct ffile *ff, int i, follow_cb cb, void *arg)
{
	size_t events = 0;
	if (ff->part.len) {
		cb(arg, i, FOLLOW_LINE, span_make(ff->part.p, ff->part.len));
		events++;
	}
	buf_reset(&ff->part);
	ff->skipping = false;
	return events;
}

size_t follow_poll(struct follow *f, follow_cb cb, void *arg)
{
	size_t events = 0;
	for (int i = 0; i < f->n; i++) {
		struct ffile *ff = &f->f[i];
		if (ff->fd < 0 && !try_open(ff))
			continue;
		events += drain(ff, i, f->rd, sizeof f->rd, cb, arg);
		struct stat st;
		if (stat(ff->path, &st) != 0 || st.st_dev != ff->dev || st.st_ino != ff->ino) {
			/* rotated: the old file was read to its end above */
			events += drain(ff, i, f->rd, sizeof f->rd, cb, arg);
			events += end_part(ff, i, cb, arg);
			close(ff->fd);
			ff->fd = -1;
			cb(arg, i, FOLLOW_ROTATED, SPAN_NULL);
			events++;
			if (try_open(ff))
				events += drain(ff, i, f->rd, sizeof f->rd, cb, arg);
			continue;
		}
		if (st.st_size < ff->off) {
			/* copytruncate: what is there now is new */
			buf_reset(&ff->part);
			ff->skipping = false;
			lseek(ff->fd, 0, SEEK_SET);
			ff->off = 0;
			cb(arg, i, FOLLOW_TRUNCATED, SPAN_NULL);
			events++;
			events += drain(ff, i, f->rd, sizeof f->rd, cb, arg);
		}
	}
	return events;
}
