/*
 * tsv: writing record fields as tab-separated values, for awk and cut.
 *
 * One cell per field, cells joined by TAB, a line per record.  Inside a
 * cell, TAB, newline, CR and backslash are written as \t, \n, \r and \\,
 * other control characters and DEL as \xHH, and bytes that are not valid
 * UTF-8 as U+FFFD, so a cell never breaks the table or drives a terminal.
 * A missing field is an empty cell; strings are decoded; numbers, true,
 * false and null are written as in the JSON; arrays and objects as their
 * JSON text.
 *
 * Not for: CSV quoting, or reading TSV back.  Nothing here allocates
 * beyond growing the caller's buffers.
 */
#ifndef LT_TSV_H
#define LT_TSV_H

#include <stddef.h>

#include "buf.h"
#include "json.h"

/* Append the bytes P..P+N as one escaped cell. */
void tsv_cell(struct buf *b, const char *p, size_t n);
/* Append value V (JSON_NONE: nothing) as one cell; SCRATCH decodes strings. */
void tsv_value(struct buf *b, struct json_val v, struct buf *scratch);

#endif
