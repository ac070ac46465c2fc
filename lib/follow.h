/*
 * follow: read files as they grow, the way tail -F does.
 *
 * Each file is followed by its path.  When the path comes to name another
 * file, or none (rotation by rename and create), the old file is still
 * read for as long as it is written to, so the lines a daemon writes
 * there between the rename and its reopening (SIGHUP) are not lost: until
 * the new file holds data and the old one has been idle for FOLLOW_LINGER
 * seconds, or for FOLLOW_LINGER_MAX seconds after the rotation at most.
 * Then the new file is read from its start (each file the path named
 * meanwhile is held open, and read in turn).  When the file
 * shrinks below what was read, or the bytes just before that point
 * change (copytruncate, also when the file was written past the old size
 * between two polls), reading starts again at 0.  A path that does not
 * exist yet is tried again at every poll and read from its start when it
 * appears.  Files that exist when they are added are read from their end
 * unless from_start is set.
 *
 * An open descriptor can be followed too (follow_add_fd, for standard
 * input): a regular file as it grows, with no path to watch; a pipe or
 * terminal as data comes, up to its end of file, when it is done.
 *
 * Lines are handed over only when complete: a last line without its
 * newline waits for it (or for the file to be rotated away or the pipe
 * to end, which ends it).  A line over FOLLOW_MAX_LINE is skipped whole
 * and reported.
 *
 * Not for: gzip (input.h reads it: a compressed file does not grow); the
 * library does no waiting of its own: the caller sleeps between polls.
 *
 * Memory: follow_new returns what follow_free frees; the line span given
 * to the callback is valid only during the call.  Descriptors given to
 * follow_add_fd are not closed.
 */
#ifndef LT_FOLLOW_H
#define LT_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"

#define FOLLOW_MAX_LINE ((size_t)64 << 20)
#define FOLLOW_LINGER 1.0        /* seconds a rotated-away file must be idle */
#define FOLLOW_LINGER_MAX 10.0   /* seconds it is read at most after the rotation */

struct follow;

enum follow_event {
	FOLLOW_LINE,        /* line holds a complete line (without its '\n') */
	FOLLOW_TOOLONG,     /* a line over FOLLOW_MAX_LINE was skipped */
	FOLLOW_ROTATED,     /* the old file is done: the new one is read next */
	FOLLOW_TRUNCATED,   /* the file shrank: reading again from its start */
	FOLLOW_ERROR,       /* a read error; line holds a static message */
	FOLLOW_END,         /* a followed pipe ended: no more events for it */
};

/* Called for each event of file number FILE (the order of follow_add). */
typedef void (*follow_cb)(void *arg, int file, enum follow_event ev, struct span line);

struct follow *follow_new(void);
void follow_free(struct follow *f);

/* Follow PATH; returns its number. */
int follow_add(struct follow *f, const char *path, bool from_start);
/* Follow the open descriptor FD, known as NAME; returns its number.  A
 * regular file is read from the descriptor's position when from_start,
 * else from its end; a pipe or terminal is read whole. */
int follow_add_fd(struct follow *f, int fd, const char *name, bool from_start);
const char *follow_path(const struct follow *f, int file);

/* Read what is new in every file; returns how many events were given. */
size_t follow_poll(struct follow *f, follow_cb cb, void *arg);
/* True when every input has ended (only pipes end: files may grow). */
bool follow_done(const struct follow *f);

#endif
