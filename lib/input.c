#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "xalloc.h"

#define READ_CHUNK (256u * 1024)
#define ZBUF_SIZE (64u * 1024)

struct input {
	int fd;
	bool own_fd;
	bool is_pipe;       /* may block: call the wait hook first */
	bool eof;           /* no more text will come */
	bool started;       /* the first bytes were examined for gzip magic */
	bool gzip;
	bool failed;
	char *name;
	int64_t mtime;
	int64_t size;       /* of a regular file when opened, else -1 */
	uint64_t raw_bytes; /* read from fd: compressed bytes for gzip */

	char *data;         /* text: [start, end) is unread */
	size_t cap, start, end;
	size_t max_line;

	z_stream z;
	unsigned char *zbuf;
	size_t zcap;
	bool zeof;          /* the compressed stream hit end of file */
	bool zmember_done;  /* the last member ended cleanly */
	bool zpadding;      /* in zero bytes after the last member */

	uint64_t lineno, bytes;
	void (*hook)(void *);
	void *hook_arg;
	char err[160];
};

static struct input *input_new(int fd, const char *name)
{
	struct input *in = xcalloc(1, sizeof *in);
	in->fd = fd;
	in->name = xstrdup(name);
	in->cap = READ_CHUNK;
	in->data = xmalloc(in->cap + 1);
	in->max_line = (size_t)1 << 30;
	in->mtime = -1;
	in->size = -1;
	struct stat st;
	if (fstat(fd, &st) == 0) {
		if (S_ISREG(st.st_mode)) {
			in->mtime = (int64_t)st.st_mtime;
			off_t pos = lseek(fd, 0, SEEK_CUR);
			in->size = (int64_t)st.st_size - (pos > 0 ? (int64_t)pos : 0);
		} else
			in->is_pipe = true;
	}
	return in;
}

struct input *input_fdopen(int fd, const char *name)
{
	return input_new(fd, name);
}

struct input *input_open(const char *path, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0)
		return input_new(STDIN_FILENO, "(stdin)");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "is a directory");
		close(fd);
		return NULL;
	}
	struct input *in = input_new(fd, path);
	in->own_fd = true;
	return in;
}

void input_close(struct input *in)
{
	if (!in)
		return;
	if (in->gzip)
		inflateEnd(&in->z);
	if (in->own_fd)
		close(in->fd);
	free(in->zbuf);
	free(in->data);
	free(in->name);
	free(in);
}

void input_set_max_line(struct input *in, size_t max) { in->max_line = max; }

void input_set_wait_hook(struct input *in, void (*hook)(void *), void *arg)
{
	in->hook = hook;
	in->hook_arg = arg;
}

const char *input_name(const struct input *in) { return in->name; }
uint64_t input_lineno(const struct input *in) { return in->lineno; }
uint64_t input_bytes(const struct input *in) { return in->bytes; }
bool input_is_gzip(const struct input *in) { return in->gzip; }
const char *input_error(const struct input *in) { return in->err; }
int64_t input_mtime(const struct input *in) { return in->mtime; }
int64_t input_size(const struct input *in) { return in->size; }
uint64_t input_raw_bytes(const struct input *in)
{
	/* read, less what waits in a buffer: compressed for gzip, text otherwise */
	uint64_t waiting = in->gzip ? in->z.avail_in : in->end - in->start;
	return in->raw_bytes > waiting ? in->raw_bytes - waiting : 0;
}

bool input_file_is_gzip(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	unsigned char m[2];
	struct stat st;
	bool gz = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && pread(fd, m, 2, 0) == 2 &&
		  m[0] == 0x1f && m[1] == 0x8b;
	close(fd);
	return gz;
}

static int fail(struct input *in, const char *what)
{
	snprintf(in->err, sizeof in->err, "%s", what);
	in->failed = true;
	in->eof = true;
	return -1;
}

/* read(2) that calls the wait hook first when it would block. */
static ssize_t raw_read(struct input *in, void *p, size_t n)
{
	if (in->is_pipe && in->hook) {
		struct pollfd pfd = { .fd = in->fd, .events = POLLIN };
		if (poll(&pfd, 1, 0) == 0)
			in->hook(in->hook_arg);
	}
	for (;;) {
		ssize_t r = read(in->fd, p, n);
		if (r > 0)
			in->raw_bytes += (uint64_t)r;
		if (r >= 0 || errno != EINTR)
			return r;
	}
}

/* Switch to gzip mode, taking the n bytes already read as compressed input. */
static int start_gzip(struct input *in, size_t n)
{
	in->gzip = true;
	/* The first read may hold more than ZBUF_SIZE compressed bytes. */
	in->zcap = n > ZBUF_SIZE ? n : ZBUF_SIZE;
	in->zbuf = xmalloc(in->zcap);
	memcpy(in->zbuf, in->data + in->end, n);
	memset(&in->z, 0, sizeof in->z);
	if (inflateInit2(&in->z, 15 + 16) != Z_OK)
		return fail(in, "cannot initialise zlib");
	in->z.next_in = in->zbuf;
	in->z.avail_in = (uInt)n;
	return 0;
}

/* Refill the compressed buffer; returns bytes read, 0 at end of file, -1 on error. */
static ssize_t zfill(struct input *in)
{
	if (in->zeof)
		return 0;
	ssize_t r = raw_read(in, in->zbuf, in->zcap);
	if (r < 0)
		return fail(in, strerror(errno));
	if (r == 0)
		in->zeof = true;
	in->z.next_in = in->zbuf;
	in->z.avail_in = (uInt)r;
	return r;
}

/* Decompress into data[end..cap). Returns bytes produced, 0 at clean end, -1 on error. */
static ssize_t gz_read(struct input *in)
{
	size_t room = in->cap - in->end;
	for (;;) {
		if (in->z.avail_in == 0) {
			ssize_t r = zfill(in);
			if (r < 0)
				return -1;
			if (r == 0) {
				if (in->zmember_done)
					return 0;
				return fail(in, "truncated gzip data (unexpected end of file)");
			}
		}
		if (in->zmember_done) {
			/*
			 * Another member follows, or zero bytes to the end (the
			 * padding of tape and block tools, which gzip -d also
			 * ignores); anything else is garbage.
			 */
			if (in->zpadding || in->z.next_in[0] == 0) {
				in->zpadding = true;
				while (in->z.avail_in && in->z.next_in[0] == 0) {
					in->z.next_in++;
					in->z.avail_in--;
				}
				if (in->z.avail_in == 0)
					continue;   /* more zeros, or the clean end */
			}
			if (in->zpadding || in->z.next_in[0] != 0x1f) {
				in->eof = true;
				return fail(in, "trailing garbage after gzip data");
			}
			inflateReset(&in->z);
			in->zmember_done = false;
		}
		in->z.next_out = (unsigned char *)in->data + in->end;
		in->z.avail_out = (uInt)room;
		int rc = inflate(&in->z, Z_NO_FLUSH);
		size_t got = room - in->z.avail_out;
		if (rc == Z_STREAM_END)
			in->zmember_done = true;
		else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_MEM_ERROR) {
			char msg[120];
			snprintf(msg, sizeof msg, "corrupt gzip data (%s)",
				 in->z.msg ? in->z.msg : "invalid stream");
			if (got)   /* deliver what decoded before the error first */
				return (ssize_t)got;
			return fail(in, msg);
		}
		if (got)
			return (ssize_t)got;
	}
}

/* Append more text at data[end]; false at end of input or on error. */
static bool fill(struct input *in)
{
	if (in->eof)
		return false;
	if (in->end == in->cap) {
		in->cap *= 2;
		in->data = xrealloc(in->data, in->cap + 1);
	}
	ssize_t r;
	if (in->gzip) {
		r = gz_read(in);
	} else {
		r = raw_read(in, in->data + in->end, in->cap - in->end);
		if (r < 0) {
			fail(in, strerror(errno));
			return false;
		}
		if (!in->started) {
			/* Collect two bytes to look for the gzip magic. */
			while (r == 1) {
				ssize_t r2 = raw_read(in, in->data + in->end + 1, in->cap - in->end - 1);
				if (r2 <= 0)
					break;
				r += r2;
			}
			in->started = true;
			if (r >= 2 && (unsigned char)in->data[in->end] == 0x1f &&
			    (unsigned char)in->data[in->end + 1] == 0x8b) {
				if (start_gzip(in, (size_t)r) < 0)
					return false;
				return fill(in);
			}
		}
	}
	if (r <= 0) {
		in->eof = true;
		return false;
	}
	in->end += (size_t)r;
	return true;
}

int input_getline(struct input *in, struct span *line)
{
	bool skipping = false;
	size_t scanned = 0;   /* bytes of [start,end) known to hold no '\n' */
	for (;;) {
		char *s = in->data + in->start;
		size_t avail = in->end - in->start;
		char *nl = memchr(s + scanned, '\n', avail - scanned);
		if (nl) {
			size_t n = (size_t)(nl - s);
			in->start += n + 1;
			in->bytes += n + 1;
			in->lineno++;
			if (skipping || n > in->max_line) {
				*line = SPAN_NULL;
				return INPUT_TOOLONG;
			}
			*line = span_make(s, n);
			return INPUT_LINE;
		}
		scanned = avail;
		if (avail > in->max_line) {
			/* Drop what we have of the over-long line and keep skipping. */
			in->bytes += avail;
			in->start = in->end = 0;
			scanned = 0;
			skipping = true;
		} else if (in->start > 0) {
			memmove(in->data, s, avail);
			in->start = 0;
			in->end = avail;
		}
		if (!fill(in)) {
			avail = in->end - in->start;
			if (avail == 0 && !skipping)
				return in->failed ? INPUT_ERROR : INPUT_EOF;
			/* A last line without '\n'. */
			s = in->data + in->start;
			in->start = in->end;
			in->bytes += avail;
			in->lineno++;
			if (skipping || avail > in->max_line) {
				*line = SPAN_NULL;
				return INPUT_TOOLONG;
			}
			*line = span_make(s, avail);
			return INPUT_LINE;
		}
	}
}
