/*
 * scan: the small cursor the format parsers share.
 *
 * A struct scan walks a line left to right; every function checks the
 * bounds and leaves the cursor where the next field begins.  Nothing is
 * copied: tokens come back as spans into the line.
 */
#ifndef LT_SCAN_H
#define LT_SCAN_H

#include <stdbool.h>

#include "span.h"

struct scan {
	const char *p, *end;
};

static inline struct scan scan_make(struct span line)
{
	return (struct scan){ line.p, line.p + line.len };
}

static inline size_t scan_left(const struct scan *s) { return (size_t)(s->end - s->p); }
static inline bool scan_done(const struct scan *s) { return s->p >= s->end; }

static inline bool scan_char(struct scan *s, char c)
{
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return true;
	}
	return false;
}

static inline void scan_spaces(struct scan *s)
{
	while (s->p < s->end && *s->p == ' ')
		s->p++;
}

/* The run of bytes up to the next space (or the end); may be empty. */
static inline struct span scan_token(struct scan *s)
{
	const char *b = s->p;
	while (s->p < s->end && *s->p != ' ')
		s->p++;
	return span_make(b, (size_t)(s->p - b));
}

/* Up to (not including) C; false, cursor unmoved, when C does not occur. */
static inline bool scan_until(struct scan *s, char c, struct span *out)
{
	if (s->p >= s->end)
		return false;
	const char *q = memchr(s->p, c, (size_t)(s->end - s->p));
	if (!q)
		return false;
	*out = span_make(s->p, (size_t)(q - s->p));
	s->p = q + 1;
	return true;
}

/*
 * To the next '"' not escaped by a backslash: the cursor stops on it, or at
 * the end when there is none.  *esc tells whether a backslash was seen.
 */
static inline void scan_to_quote(struct scan *s, bool *esc)
{
	*esc = false;
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\' && s->p + 1 < s->end) {
			*esc = true;
			s->p++;
		}
		s->p++;
	}
}

/* The rest of the line. */
static inline struct span scan_rest(struct scan *s)
{
	struct span r = span_make(s->p, (size_t)(s->end - s->p));
	s->p = s->end;
	return r;
}

static inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

static inline bool span_all_digits(struct span v)
{
	if (v.len == 0)
		return false;
	for (size_t i = 0; i < v.len; i++)
		if (!is_digit(v.p[i]))
			return false;
	return true;
}

#endif
