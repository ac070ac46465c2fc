/*
 * out: buffered output to a file descriptor, with the error handling a
 * Unix filter needs.
 *
 * Records are appended to out->b (a struct buf the caller writes into with
 * buf_add and friends), then out_commit() writes the buffer once it holds
 * 64 KiB, in one write(2).  out_flush() writes everything; it is safe to
 * call from an input wait hook, and a filter whose input can idle (a pipe,
 * `tail -f`) sets out_flush_hook as that hook, so records never wait in
 * the buffer while the program waits for input.  A non-blocking output
 * descriptor is waited on (poll) rather than treated as failed.
 *
 * Errors: a failed write is remembered (o->err holds its errno, 0 when
 * none; out_close returns it) and later output is discarded.  EPIPE is reported as an error like
 * any other; with the default SIGPIPE disposition the process ends quietly
 * before that, which is what `prog | head` wants.
 */
#ifndef LT_OUT_H
#define LT_OUT_H

#include <stdbool.h>

#include "buf.h"

struct out {
	int fd;
	int err;
	struct buf b;
};

void out_init(struct out *o, int fd);
void out_flush(struct out *o);
/* Write out the buffer if it is over the threshold. */
static inline void out_commit(struct out *o)
{
	if (o->b.len >= 64 * 1024)
		out_flush(o);
}
/* Wait hook for input_set_wait_hook: arg is a struct out *. */
void out_flush_hook(void *arg);
/* Flush and free; returns 0 or the errno of the first failed write. */
int out_close(struct out *o);

#endif
