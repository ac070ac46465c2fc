/*
 * progress: the status line lparse --progress keeps on a terminal while
 * it reads files: the file, bytes read of its size and the percentage,
 * records per second, and the time left.
 *
 * What it is for: deciding when a line is due and what it says.  The
 * program writes it (to stderr, with write(2)): this module does no I/O.
 * A line starts with "\r" and ends with "\033[K" (erase to the end of the
 * line) and has no newline, so each one overwrites the one before and is
 * never wider than the terminal; PROGRESS_ERASE removes it, which the
 * program writes at the end and before any message of its own, so the
 * terminal keeps only what would be there without --progress.
 *
 * Cost: progress_tick is an inline count per line; the clock is read
 * every PROGRESS_LINES lines or PROGRESS_BYTES bytes, and a line is due
 * at most every 100 ms (the first 100 ms after progress_new: a run that
 * short shows nothing).
 *
 * Bytes are those of the file as stored: for gzip, compressed bytes read
 * of the compressed size (input_raw_bytes, input_size), so the fraction
 * and the time left hold without knowing the size decompressed.
 *
 * What it is not for: deciding whether to show progress (stderr a
 * terminal, a size known, not -f: the program decides), or input of
 * unknown size.
 *
 * Memory: progress_new returns what progress_free frees; progress_file
 * copies the name; the text progress_poll and progress_line return is the
 * object's, valid until its next call.
 */
#ifndef LT_PROGRESS_H
#define LT_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROGRESS_LINES 1024
#define PROGRESS_BYTES ((uint64_t)1 << 20)
#define PROGRESS_ERASE "\r\033[K"

struct progress {
	/* private; public only so that progress_tick can be inline */
	unsigned lines;
	uint64_t bytes;
};

/* A progress line at most WIDTH columns (the terminal's; 0: 80). */
struct progress *progress_new(size_t width);
void progress_free(struct progress *p);

/* A new file, NAME, of TOTAL bytes: its clock and counts start now. */
void progress_file(struct progress *p, const char *name, uint64_t total);

/* One line of LEN bytes read; true when it is time to look at the clock
 * (then call progress_poll). */
static inline bool progress_tick(struct progress *p, size_t len)
{
	p->bytes += len + 1;
	if (++p->lines < PROGRESS_LINES && p->bytes < PROGRESS_BYTES)
		return false;
	p->lines = 0;
	p->bytes = 0;
	return true;
}

/* The line to draw now for DONE bytes and RECORDS of the current file,
 * or NULL when the last was drawn less than 100 ms ago; *len its bytes. */
const char *progress_poll(struct progress *p, uint64_t done, uint64_t records, size_t *len);

/* The line for DONE bytes and RECORDS after SECONDS on the current file
 * (what progress_poll draws; apart for tests). */
const char *progress_line(struct progress *p, uint64_t done, uint64_t records, double seconds,
			  size_t *len);

#endif
