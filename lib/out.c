#include "out.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

void out_init(struct out *o, int fd)
{
	o->fd = fd;
	o->err = 0;
	o->b = (struct buf)BUF_INIT;
	buf_grow(&o->b, 128 * 1024);
}

void out_flush(struct out *o)
{
	const char *p = o->b.p;
	size_t n = o->b.len;
	while (n > 0 && !o->err) {
		ssize_t w = write(o->fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				/* A non-blocking descriptor (inherited from a parent):
				 * wait until it takes more, as a blocking one would. */
				struct pollfd pfd = { .fd = o->fd, .events = POLLOUT };
				if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
					continue;
			}
			o->err = errno;
			break;
		}
		p += w;
		n -= (size_t)w;
	}
	buf_reset(&o->b);
}

void out_flush_hook(void *arg) { out_flush(arg); }

int out_close(struct out *o)
{
	out_flush(o);
	buf_free(&o->b);
	return o->err;
}
