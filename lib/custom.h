/*
 * custom: formats the user defines with a PCRE2 pattern (lparse -p, and
 * the entries of a formats file).
 *
 * Named groups map to the record: "timestamp" (read with the format's
 * time layout, else any layout stamp.h knows), "level" (a level word or
 * letter), "message"; any other name becomes a field, a number when its
 * text is a JSON number.  A group that did not take part is no field.
 *
 * Time layouts are strftime-like: %Y %y %m %d %e %H %M %S %b (month name)
 * %f (a fraction of any length) %s (epoch seconds, with a fraction) %z
 * (Z, +HH:MM, +HHMM) %% and literal text; a space matches any run of
 * spaces.
 *
 * A formats file holds entries of three lines ('#' starts a comment):
 *   format NAME
 *   pattern REGEX
 *   time-format LAYOUT        (optional)
 *
 * The formats defined are kept in this module (at most CUSTOM_MAX) until
 * custom_free_all: they are set up once at start, before any parsing, and
 * only read afterwards.  Errors come back as text for the caller to print.
 */
#ifndef LT_CUSTOM_H
#define LT_CUSTOM_H

#include <stdbool.h>
#include <stddef.h>

#include "format.h"

#define CUSTOM_MAX 16

/* Define a format; NULL and a message in err on a bad pattern or layout. */
const struct format *custom_define(const char *name, const char *pattern, const char *timefmt,
				   char *err, size_t errlen);
/* Define the formats of a file; false and a message ("FILE:LINE: ...") on error. */
bool custom_load(const char *path, char *err, size_t errlen);
void custom_free_all(void);

/* Read TEXT with LAYOUT; the bytes used, 0 if it does not fit. */
size_t custom_strptime(const char *layout, const char *p, size_t n, struct ltime *t);

#endif
