/* Unit tests of lib/out: buffering, the commit threshold, write errors
 * remembered and later output discarded, and non-blocking descriptors. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "out.h"
#include "tap.h"

/* Bytes readable from fd right now (fd must be non-blocking). */
static size_t drain(int fd)
{
	char tmp[65536];
	size_t total = 0;
	ssize_t r;
	while ((r = read(fd, tmp, sizeof tmp)) > 0)
		total += (size_t)r;
	return total;
}

static void test_buffering(void)
{
	int fds[2];
	if (pipe(fds) != 0)
		exit(99);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
	struct out o;
	out_init(&o, fds[1]);
	buf_add(&o.b, "small\n", 6);
	out_commit(&o);
	is_int(drain(fds[0]), 0, "a small record stays in the buffer after out_commit");
	out_flush(&o);
	is_int(drain(fds[0]), 6, "out_flush writes it");
	for (int i = 0; i < 1000; i++) {
		buf_add(&o.b, "0123456789012345678901234567890123456789012345678901234567890123456789\n", 71);
		out_commit(&o);
	}
	size_t got = drain(fds[0]);
	ok(got >= 64 * 1024 && got < 71000, "out_commit writes once 64 KiB are buffered");
	is_int(o.b.len, 71000 - got, "and keeps the rest");
	is_int(out_close(&o), 0, "out_close: no error");
	is_int(drain(fds[0]), 71000 - got, "out_close flushes the rest");
	close(fds[0]);
	close(fds[1]);
}

static void test_errors(void)
{
	int fd = open("/dev/full", O_WRONLY);
	if (fd < 0) {
		printf("ok %d # skip /dev/full not available\n", ++tap_n);
		return;
	}
	struct out o;
	out_init(&o, fd);
	buf_add(&o.b, "x\n", 2);
	out_flush(&o);
	is_int(o.err, ENOSPC, "a failed write is remembered (ENOSPC on /dev/full)");
	buf_add(&o.b, "y\n", 2);
	out_flush(&o);
	is_int(o.b.len, 0, "later output is discarded");
	is_int(out_close(&o), ENOSPC, "out_close returns the first error");
	close(fd);

	/* EPIPE with SIGPIPE ignored. */
	int fds[2];
	if (pipe(fds) != 0)
		exit(99);
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	out_init(&o, fds[1]);
	buf_add(&o.b, "z\n", 2);
	is_int(out_close(&o), EPIPE, "a closed pipe is EPIPE when SIGPIPE is ignored");
	signal(SIGPIPE, SIG_DFL);
	close(fds[1]);
}

static void test_nonblocking(void)
{
	int fds[2];
	if (pipe(fds) != 0)
		exit(99);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	enum { TOTAL = 1 << 20 };
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		/* A slow reader: the writer's pipe fills up many times. */
		close(fds[1]);
		char tmp[4096];
		size_t total = 0;
		ssize_t r;
		usleep(50000);
		while ((r = read(fds[0], tmp, sizeof tmp)) > 0)
			total += (size_t)r;
		_exit(total == TOTAL ? 0 : 1);
	}
	close(fds[0]);
	struct out o;
	out_init(&o, fds[1]);
	char block[1024];
	memset(block, 'n', sizeof block);
	for (int i = 0; i < TOTAL / 1024; i++) {
		buf_add(&o.b, block, sizeof block);
		out_commit(&o);
	}
	is_int(out_close(&o), 0, "a non-blocking pipe that fills up is waited on, not an error");
	close(fds[1]);
	int st;
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "and the reader got every byte");
}

int main(void)
{
	test_buffering();
	test_errors();
	test_nonblocking();
	return tap_done();
}
