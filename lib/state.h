/*
 * state: what lparse --state remembers between runs, so that a cron job
 * reads only what is new in each file.
 *
 * Each entry names a file's content, not its path: the device and inode,
 * and a fingerprint (a hash of its first STATE_FP_MAX bytes of content,
 * decompressed when the file is gzip, and how many bytes it covers); and
 * how many bytes of content were read.  A file is known when an entry's
 * fingerprint matches the start of its content, so the same log found
 * under another name after rotation, or compressed by logrotate, is still
 * known; a file read whole is skipped.  The path is kept for people.
 *
 * The file is text, one entry a line ("dev ino offset fplen fphex path",
 * tab-separated, after a "# lparse state 1" line), written to a temporary
 * file in the same directory and renamed over the old one, so a crash
 * leaves the old state or the new, never half of one.
 *
 * Memory: state_open returns what state_close frees.  The library does
 * not print: errors come back as an errno value.
 */
#ifndef LT_STATE_H
#define LT_STATE_H

#include <stdbool.h>
#include <stdint.h>

#define STATE_FP_MAX 1024

struct state;

/* Load PATH (a missing file is an empty state); NULL with *err on failure. */
struct state *state_open(const char *path, int *err);
/* Write the state atomically; returns 0 or an errno value. */
int state_save(struct state *s);
void state_close(struct state *s);

/*
 * Look FILE up: returns how many bytes of its content were read before
 * (0 for a new file) and remembers the file as the current one.  Returns
 * -1 (and *err) when the file cannot be read for its fingerprint.
 */
int64_t state_begin(struct state *s, const char *file, int *err);
/* The current file has been read to OFFSET bytes of content. */
void state_end(struct state *s, uint64_t offset);

#endif
