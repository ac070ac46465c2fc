/*
 * follow: read files as they grow, the way tail -F does.
 *
 * Each file is followed by its path: when the path comes to name another
 * file (rotation by rename and create), what is left of the old file is
 * read to its end first, then the new file from its start; when the file
 * shrinks below what was read (copytruncate), reading starts again at 0;
 * (a file truncated and then written past the old size between two polls
 * cannot be told from one that grew: tail -F has the same blind spot);
 * a path that does not exist yet is tried again at every poll and read
 * from its start when it appears.  Files that exist when they are added
 * are read from their end unless from_start is set.
 *
 * Lines are handed over only when complete: a last line without its
 * newline waits for it (or for the file to be rotated away, which ends
 * it).  A line over FOLLOW_MAX_LINE is skipped whole and reported.
 *
 * Not for: gzip or pipes (input.h reads those); the library does no
 * waiting of its own: the caller sleeps between polls.
 *
 * Memory: follow_new returns what follow_free frees; the line span given
 * to the callback is valid only during the call.
 */
#ifndef LT_FOLLOW_H
#define LT_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"

#define FOLLOW_MAX_LINE ((size_t)64 << 20)

struct follow;

enum follow_event {
	FOLLOW_LINE,        /* line holds a complete line (without its '\n') */
	FOLLOW_TOOLONG,     /* a line over FOLLOW_MAX_LINE was skipped */
	FOLLOW_ROTATED,     /* the path now names another file */
	FOLLOW_TRUNCATED,   /* the file shrank: reading again from its start */
	FOLLOW_ERROR,       /* a read error; line holds a static message */
};

/* Called for each event of file number FILE (the order of follow_add). */
typedef void (*follow_cb)(void *arg, int file, enum follow_event ev, struct span line);

struct follow *follow_new(void);
void follow_free(struct follow *f);

/* Follow PATH; returns its number. */
int follow_add(struct follow *f, const char *path, bool from_start);
const char *follow_path(const struct follow *f, int file);

/* Read what is new in every file; returns how many events were given. */
size_t follow_poll(struct follow *f, follow_cb cb, void *arg);

#endif
