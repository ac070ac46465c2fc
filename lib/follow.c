#include "follow.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

#define TAIL 32   /* bytes before the read offset kept to tell a rewrite */
#define QUEUE 8   /* files the path named while the old one is read out */

struct gen {
	int fd;
	dev_t dev;
	ino_t ino;
};

struct ffile {
	char *path;             /* or the name of a descriptor */
	int fd;                 /* -1: not open (missing, or rotated away) */
	bool by_fd;             /* follow_add_fd: no path to watch, fd not ours */
	bool pipe;              /* a pipe or terminal: read while readable */
	bool ended;             /* a pipe at its end */
	dev_t dev;
	ino_t ino;
	off_t off;              /* bytes read from fd */
	unsigned char tail[TAIL];   /* the last tail_len bytes before off */
	size_t tail_len;
	bool seen;              /* opened once: a later file is read from its start */
	bool from_start;
	bool skipping;          /* inside a line over the cap */
	bool lingering;         /* the path names another file: reading the old one out */
	double rotated_at, last_data;
	struct gen next[QUEUE]; /* while lingering: the files the path came to name, in order */
	int nnext;
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
		if (f->f[i].fd >= 0 && !f->f[i].by_fd)
			close(f->f[i].fd);
		for (int j = 0; j < f->f[i].nnext; j++)
			close(f->f[i].next[j].fd);
		buf_free(&f->f[i].part);
		free(f->f[i].path);
	}
	free(f->f);
	free(f);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct ffile *add(struct follow *f, const char *path, bool from_start)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 8;
		f->f = xrealloc(f->f, (size_t)f->cap * sizeof *f->f);
	}
	struct ffile *ff = &f->f[f->n++];
	memset(ff, 0, sizeof *ff);
	ff->path = xstrdup(path);
	ff->fd = -1;
	ff->from_start = from_start;
	return ff;
}

/* Remember the bytes before OFF, to tell later whether they changed. */
static void take_tail(struct ffile *ff)
{
	size_t n = ff->off < (off_t)TAIL ? (size_t)ff->off : TAIL;
	ssize_t r = n ? pread(ff->fd, ff->tail, n, ff->off - (off_t)n) : 0;
	ff->tail_len = r == (ssize_t)n ? n : 0;
}

int follow_add(struct follow *f, const char *path, bool from_start)
{
	struct ffile *ff = add(f, path, from_start);
	/* a file that appears later is new: read from its start */
	struct stat st;
	ff->seen = stat(path, &st) != 0;
	return f->n - 1;
}

int follow_add_fd(struct follow *f, int fd, const char *name, bool from_start)
{
	struct ffile *ff = add(f, name, from_start);
	struct stat st;
	ff->by_fd = true;
	ff->fd = fd;
	ff->seen = true;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		ff->pipe = true;
		return f->n - 1;
	}
	off_t pos = lseek(fd, 0, from_start ? SEEK_CUR : SEEK_END);
	ff->off = pos > 0 ? pos : 0;
	take_tail(ff);
	return f->n - 1;
}

bool follow_done(const struct follow *f)
{
	for (int i = 0; i < f->n; i++)
		if (!f->f[i].ended)
			return false;
	return true;
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
	take_tail(ff);
	ff->seen = true;
	return true;
}

/* Keep the last TAIL bytes read. */
static void keep_tail(struct ffile *ff, const char *p, size_t n)
{
	if (n >= TAIL) {
		memcpy(ff->tail, p + n - TAIL, TAIL);
		ff->tail_len = TAIL;
		return;
	}
	size_t keep = ff->tail_len + n > TAIL ? TAIL - n : ff->tail_len;
	memmove(ff->tail, ff->tail + ff->tail_len - keep, keep);
	memcpy(ff->tail + keep, p, n);
	ff->tail_len = keep + n;
}

/*
 * Was the file truncated since it was read (copytruncate)?  It is shorter
 * than what was read, or the bytes just before that point are not those
 * read there: truncated, then written past the old size.
 */
static bool rewritten(struct ffile *ff)
{
	struct stat st;
	if (fstat(ff->fd, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	if (st.st_size < ff->off)
		return true;
	if (!ff->tail_len)
		return false;
	unsigned char b[TAIL];
	ssize_t r = pread(ff->fd, b, ff->tail_len, ff->off - (off_t)ff->tail_len);
	return r != (ssize_t)ff->tail_len || memcmp(b, ff->tail, ff->tail_len) != 0;
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

/* Read FF to its current end (a pipe: while it has data). */
static size_t drain(struct ffile *ff, int i, char *rd, size_t rdlen, follow_cb cb, void *arg)
{
	size_t events = 0;
	for (;;) {
		if (ff->pipe) {
			struct pollfd p = { .fd = ff->fd, .events = POLLIN };
			if (poll(&p, 1, 0) <= 0)
				break;
		}
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
		if (r == 0) {
			if (ff->pipe)
				ff->ended = true;
			break;
		}
		ff->off += r;
		if (!ff->pipe)
			keep_tail(ff, rd, (size_t)r);
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

/*
 * While the old file is read out, hold each file the path comes to name,
 * so that one rotated away in turn before the old one is done is not
 * missed.
 */
static void capture(struct ffile *ff)
{
	struct stat st;
	if (ff->nnext == QUEUE || stat(ff->path, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	if (st.st_dev == ff->dev && st.st_ino == ff->ino)
		return;
	for (int j = 0; j < ff->nnext; j++)
		if (st.st_dev == ff->next[j].dev && st.st_ino == ff->next[j].ino)
			return;
	int fd = open(ff->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return;
	}
	ff->next[ff->nnext++] = (struct gen){ fd, st.st_dev, st.st_ino };
}

/* Has the writer moved on: does the file after the old one hold data? */
static bool next_written(const struct ffile *ff)
{
	struct stat st;
	return ff->nnext && fstat(ff->next[0].fd, &st) == 0 && st.st_size > 0;
}

/* The old file is read out: on to the next one, from its start. */
static size_t switch_file(struct ffile *ff, int i, char *rd, size_t rdlen, follow_cb cb, void *arg)
{
	size_t events = end_part(ff, i, cb, arg);
	close(ff->fd);
	ff->fd = -1;
	ff->lingering = false;
	ff->tail_len = 0;
	ff->off = 0;
	cb(arg, i, FOLLOW_ROTATED, SPAN_NULL);
	events++;
	if (ff->nnext) {
		ff->fd = ff->next[0].fd;
		ff->dev = ff->next[0].dev;
		ff->ino = ff->next[0].ino;
		memmove(ff->next, ff->next + 1, (size_t)--ff->nnext * sizeof *ff->next);
		ff->seen = true;
	} else if (!try_open(ff)) {
		return events;
	}
	return events + drain(ff, i, rd, rdlen, cb, arg);
}

size_t follow_poll(struct follow *f, follow_cb cb, void *arg)
{
	size_t events = 0;
	for (int i = 0; i < f->n; i++) {
		struct ffile *ff = &f->f[i];
		if (ff->ended)
			continue;
		if (ff->pipe) {
			events += drain(ff, i, f->rd, sizeof f->rd, cb, arg);
			if (ff->ended) {
				events += end_part(ff, i, cb, arg);
				cb(arg, i, FOLLOW_END, SPAN_NULL);
				events++;
			}
			continue;
		}
		if (ff->fd < 0 && !try_open(ff))
			continue;
		if (ff->lingering) {
			/* rotated away: read on while it is written to */
			struct stat st;
			if (!ff->nnext && stat(ff->path, &st) == 0 && st.st_dev == ff->dev &&
			    st.st_ino == ff->ino) {
				ff->lingering = false;   /* renamed back: the same file */
				continue;
			}
			capture(ff);
			off_t before = ff->off;
			events += drain(ff, i, f->rd, sizeof f->rd, cb, arg);
			double t = now();
			if (ff->off != before)
				ff->last_data = t;
			if (t - ff->rotated_at < FOLLOW_LINGER_MAX &&
			    (t - ff->last_data < FOLLOW_LINGER || !next_written(ff)))
				continue;
			events += switch_file(ff, i, f->rd, sizeof f->rd, cb, arg);
			if (ff->fd < 0 || !ff->nnext)
				continue;
			/* the file now read was rotated away too: read it out in turn */
			ff->lingering = true;
			ff->rotated_at = ff->last_data = now();
			continue;
		}
		if (rewritten(ff)) {
			/* copytruncate: what is there now is new */
			buf_reset(&ff->part);
			ff->skipping = false;
			lseek(ff->fd, 0, SEEK_SET);
			ff->off = 0;
			ff->tail_len = 0;
			cb(arg, i, FOLLOW_TRUNCATED, SPAN_NULL);
			events++;
		}
		events += drain(ff, i, f->rd, sizeof f->rd, cb, arg);
		if (ff->by_fd)
			continue;
		struct stat st;
		if (stat(ff->path, &st) != 0 || st.st_dev != ff->dev || st.st_ino != ff->ino) {
			/* rotated: read the old file out first (see follow.h) */
			ff->lingering = true;
			ff->rotated_at = ff->last_data = now();
			capture(ff);
		}
	}
	return events;
}
