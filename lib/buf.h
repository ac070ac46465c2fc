/*
 * buf: a growable byte buffer (in the spirit of git's strbuf).
 *
 * Invariants: p is NULL when cap is 0; otherwise p[len] is a NUL byte, so
 * buf.p can be used as a C string when the content holds no NUL.  The
 * buffer owns p; buf_free releases it, buf_reset keeps the memory.
 * Initialise with BUF_INIT or zero it.
 */
#ifndef LT_BUF_H
#define LT_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *p;
	size_t len, cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Make room for at least n more bytes (plus the terminating NUL). */
void buf_grow(struct buf *b, size_t n);
void buf_free(struct buf *b);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append the decimal form of v. */
void buf_add_int(struct buf *b, long long v);

static inline void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

static inline void buf_add(struct buf *b, const void *s, size_t n)
{
	if (b->cap - b->len <= n)
		buf_grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void buf_addc(struct buf *b, char c)
{
	if (b->cap - b->len <= 1)
		buf_grow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

static inline void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

#endif
