/*
 * input: one reader for stdin, plain files and gzip streams, line by line.
 *
 * Gzip is recognised by its magic bytes, not by the name, and may have
 * several members (as `cat a.gz b.gz` makes) and zero bytes after the
 * last (as tape and block tools pad; gzip -d ignores them too).  Lines may be of any length
 * up to a cap (input_set_max_line, default 1 GiB); a longer line is not
 * split: it is skipped whole and reported as INPUT_TOOLONG.
 *
 * Ownership: input_open returns a reader that input_close frees.  The span
 * given by input_getline borrows the reader's buffer and is valid until the
 * next input_getline or input_close.  The line excludes its '\n'; a '\r'
 * before it is kept (parsers decide).
 *
 * Waiting: before the reader blocks on a pipe or terminal, it calls the
 * wait hook (if set), so a program can flush its output and never hold
 * records back while its input is idle.
 */
#ifndef LT_INPUT_H
#define LT_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "span.h"

struct input;

enum input_status {
	INPUT_ERROR = -1,   /* read or gzip error: see input_error() */
	INPUT_EOF = 0,
	INPUT_LINE = 1,     /* *line holds the next line */
	INPUT_TOOLONG = 2,  /* a line over the cap was skipped; *line is empty */
};

/*
 * Open PATH ("-" is stdin).  On failure returns NULL and writes a short
 * reason ("No such file or directory", "is a directory") into err.
 */
struct input *input_open(const char *path, char *err, size_t errlen);
/* Wrap an open descriptor; name is used in messages.  The reader does not close fd. */
struct input *input_fdopen(int fd, const char *name);
void input_close(struct input *in);

int input_getline(struct input *in, struct span *line);

void input_set_max_line(struct input *in, size_t max);
void input_set_wait_hook(struct input *in, void (*hook)(void *), void *arg);

/* The name for messages: the path, or "(stdin)". */
const char *input_name(const struct input *in);
/* 1-based number of the line last returned (0 before the first). */
uint64_t input_lineno(const struct input *in);
/* Bytes of (decompressed) text consumed so far, newlines included. */
uint64_t input_bytes(const struct input *in);
bool input_is_gzip(const struct input *in);
/* Whether the regular file at PATH starts with the gzip magic (false when
 * it is not there, cannot be read, or is not a regular file). */
bool input_file_is_gzip(const char *path);
/* The reason for the last INPUT_ERROR. */
const char *input_error(const struct input *in);
/* Modification time of a regular file, or -1 (stdin, pipes). */
int64_t input_mtime(const struct input *in);
/* Bytes a regular file held past the read position when it was opened
 * (its size, but for a redirected stdin read in part), or -1 (pipes). */
int64_t input_size(const struct input *in);
/* Bytes of the file consumed so far (read and not waiting in a buffer):
 * compressed bytes for gzip, so that with input_size it tells how far
 * through the file the reader is. */
uint64_t input_raw_bytes(const struct input *in);

#endif
