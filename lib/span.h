/*
 * span: a borrowed view of bytes (pointer + length), the currency of the
 * zero-copy parsers.  A span never owns its bytes; it is valid as long as
 * the buffer it points into (usually the current input line).
 */
#ifndef LT_SPAN_H
#define LT_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct span {
	const char *p;
	size_t len;
};

#define SPAN_NULL ((struct span){ NULL, 0 })

static inline struct span span_make(const char *p, size_t len)
{
	return (struct span){ p, len };
}

static inline struct span span_str(const char *s)
{
	return (struct span){ s, strlen(s) };
}

static inline bool span_eq(struct span s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len == n && memcmp(s.p, lit, n) == 0;
}

static inline bool span_starts(struct span s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len >= n && memcmp(s.p, lit, n) == 0;
}

/* Strip a trailing '\r' (CRLF files). */
static inline struct span span_chomp(struct span v)
{
	if (v.len && v.p[v.len - 1] == '\r')
		v.len--;
	return v;
}

#endif
