/*
 * jsonw: writing JSON text, safely, whatever bytes came in.
 *
 * jsonw_str appends a quoted JSON string: bytes that are not valid UTF-8
 * (overlong forms, surrogates, truncated sequences, bytes over U+10FFFF)
 * become U+FFFD, one per maximal invalid subpart as Unicode recommends;
 * control characters and DEL are escaped (\n, \t, \u001b, ...), so the
 * output is valid UTF-8 JSON and safe to print on a terminal.  It scans
 * whole runs of plain ASCII at once.
 *
 * Keys are the caller's business (rec.h writes the record keys).
 * Nothing here allocates beyond growing the caller's buffer.
 */
#ifndef LT_JSONW_H
#define LT_JSONW_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

void jsonw_str(struct buf *b, const char *s, size_t n);
/* Append s with the escaping of jsonw_str but without the quotes. */
void jsonw_str_body(struct buf *b, const char *s, size_t n);

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if it is not valid. */
size_t utf8_valid_len(const unsigned char *s, size_t n);
/* Number of bytes of invalid input to replace with one U+FFFD (>= 1). */
size_t utf8_invalid_len(const unsigned char *s, size_t n);

#endif
