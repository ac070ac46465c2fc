/*
 * runcmd: run a command for a record, as lfilter --exec does.
 *
 * What it is for: splitting a command line into words without a shell
 * (runcmd_split), running a program with some bytes on its standard input
 * and extra environment variables, and waiting for it (runcmd_run).  The
 * input goes through an anonymous file (memfd), never a pipe, so a child
 * that does not read it neither blocks us nor raises SIGPIPE here.
 * Standard output and error are the caller's.
 *
 * What it is not for: a shell.  runcmd_split knows whitespace, single
 * quotes (literal) and double quotes (backslash escapes ", \ and $);
 * nothing is expanded.  A caller that wants a shell runs "/bin/sh -c".
 * Rate limiting is the caller's (runcmd_rate helps).
 *
 * Memory: runcmd_split returns a NULL-terminated vector that
 * runcmd_free_argv frees; runcmd_run copies nothing it keeps.
 */
#ifndef LT_RUNCMD_H
#define LT_RUNCMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Words of CMD, or NULL with a reason in err (unbalanced quote, no words). */
char **runcmd_split(const char *cmd, char *err, size_t errlen);
void runcmd_free_argv(char **argv);

/*
 * Run argv[0] (looked up in PATH) with argv, the environment plus ENV
 * ("NAME=value" strings, NULL-terminated; may be NULL), standard input
 * holding IN[0..n).  Waits for it.  Returns its exit status (0-255),
 * 128 + the signal when it was killed, or -1 when it could not be started
 * (the reason in err).
 */
int runcmd_run(char *const argv[], char *const env[], const char *in, size_t n, char *err,
	       size_t errlen);

/* A fixed one-minute window: at most max runs in each. */
struct runcmd_rate {
	uint64_t max;
	uint64_t used;
	int64_t window_start_ms;   /* -1: not started */
};
/* True when a run is allowed now (and counts it). */
bool runcmd_rate_take(struct runcmd_rate *r, int64_t now_ms);
int64_t runcmd_now_ms(void);

#endif
