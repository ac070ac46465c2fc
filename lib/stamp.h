/*
 * stamp: the timestamps the newer formats and the generic fallback read,
 * on top of ltime's three (ISO 8601, CLF, BSD syslog).
 *
 * stamp_parse recognises, at the start of a text: ISO 8601 with 'T' or a
 * space and '.' or ',' fractions; YYYY/MM/DD and YY/MM/DD with a time;
 * DD/Mon/YYYY:HH:MM:SS (CLF); "Mon DD HH:MM:SS" (BSD); ctime
 * "Sun Nov 23 10:15:32[.frac] 2026" (Apache error logs); the compact
 * "20260327 11:34:21[.frac]" (Robot Framework); and epoch
 * seconds (10 digits) or milliseconds (13 digits), with a fraction.
 * Like ltime's parsers it never reads past N and returns the bytes used
 * (0 when the text does not begin with a timestamp).  Nothing allocates.
 */
#ifndef LT_STAMP_H
#define LT_STAMP_H

#include <stddef.h>
#include <stdint.h>

#include "ltime.h"

/* Any of the layouts above. */
size_t stamp_parse(const char *p, size_t n, struct ltime *t);
/* "2026/11/23 10:15:32[.frac]" or, with YY, "26/11/23 10:15:32". */
size_t stamp_parse_slash(const char *p, size_t n, struct ltime *t);
/* "Sun Nov 23 10:15:32[.frac] 2026" (weekday optional). */
size_t stamp_parse_ctime(const char *p, size_t n, struct ltime *t);
/*
 * Epoch time as digits with an optional fraction, in units of 10^-SCALE
 * seconds (0: seconds, 3: milliseconds, 6: microseconds, 9: nanoseconds).
 * The result is at UTC (has_off, off 0).  Returns the bytes used.
 */
size_t stamp_parse_epoch(const char *p, size_t n, int scale, struct ltime *t);

#endif
