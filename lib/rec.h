/*
 * rec: writing records in the format of man/ltools.7.
 *
 * rec_open writes an entry's keys in the contract's order, leaving the
 * object open so the caller can append multi-line fields (traceback),
 * "line" and "raw" with rec_str / rec_int, then close it with rec_close,
 * which ends the line.  All text goes through jsonw, so the output is
 * valid UTF-8 JSON whatever the input bytes were.
 */
#ifndef LT_REC_H
#define LT_REC_H

#include <stdint.h>

#include "buf.h"
#include "entry.h"

struct lzone;

/*
 * Begin a record for E with source label SOURCE.  The timestamp is
 * resolved in ZONE (year, offset); an impossible date leaves it out.
 * The level is E's, else the keyword level of the message, else INFO.
 */
void rec_open(struct buf *b, struct entry *e, struct span source, struct lzone *zone);
void rec_str(struct buf *b, const char *key, const char *s, size_t n);
void rec_int(struct buf *b, const char *key, long long v);
static inline void rec_close(struct buf *b)
{
	buf_add(b, "}\n", 2);
}

#endif
