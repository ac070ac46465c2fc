/*
 * xalloc: allocation that never returns NULL.
 *
 * The one place in lib/ allowed to end the process: when memory runs out,
 * xalloc prints "PROG: out of memory" and exits with status 2.  Everything
 * else in lib/ returns errors to its caller.
 *
 * Memory rule for all of lib/: whoever allocates with a _new or _open call
 * frees it with the matching _free or _close; a pointer returned as a view
 * (struct span, const char *) is borrowed and stays valid only as long as
 * the function that produced it documents.
 */
#ifndef LT_XALLOC_H
#define LT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Program name used in the out-of-memory message (set once by main). */
void xalloc_set_progname(const char *name);

#endif
