/* Unit tests of lib/runcmd: splitting a command without a shell, running
 * one with input and environment, and the per-minute rate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runcmd.h"
#include "tap.h"

static void test_split(void)
{
	char err[128];
	char **v = runcmd_split("  logger -t 'a b' \"c \\\"d\\\" $X\" e\\ f {ip}  ", err, sizeof err);
	ok(v != NULL, "split");
	if (!v)
		return;
	is_str(v[0], "logger", "word 1");
	is_str(v[1], "-t", "word 2");
	is_str(v[2], "a b", "single quotes");
	is_str(v[3], "c \"d\" $X", "double quotes, escapes, no expansion");
	is_str(v[4], "e f", "backslash-space");
	is_str(v[5], "{ip}", "braces kept for the caller");
	ok(v[6] == NULL, "six words");
	runcmd_free_argv(v);
	ok(runcmd_split("echo 'open", err, sizeof err) == NULL && strstr(err, "unbalanced"),
	   "unbalanced quote");
	ok(runcmd_split("   ", err, sizeof err) == NULL && strstr(err, "empty"), "no words");
	v = runcmd_split("''", err, sizeof err);
	ok(v && v[0] && v[0][0] == '\0' && !v[1], "an empty quoted word is a word");
	runcmd_free_argv(v);
}

static void test_run(void)
{
	char err[128];
	char *argv[] = { "sh", "-c", "read l; test \"$l\" = hello && test \"$LT_X\" = 'a;b'", NULL };
	char *env[] = { "LT_X=a;b", NULL };
	is_int(runcmd_run(argv, env, "hello\n", 6, err, sizeof err), 0, "stdin and environment");
	char *fail[] = { "sh", "-c", "exit 3", NULL };
	is_int(runcmd_run(fail, NULL, "", 0, err, sizeof err), 3, "exit status");
	char *kill[] = { "sh", "-c", "kill -9 $$", NULL };
	is_int(runcmd_run(kill, NULL, "", 0, err, sizeof err), 128 + 9, "killed");
	char *none[] = { "/nonexistent/program", NULL };
	is_int(runcmd_run(none, NULL, "", 0, err, sizeof err), -1, "cannot start");
	/* a child that never reads a large input neither blocks nor kills us */
	size_t n = 1 << 20;
	char *big = calloc(n, 1);
	char *noread[] = { "true", NULL };
	is_int(runcmd_run(noread, NULL, big, n, err, sizeof err), 0, "unread 1 MiB input");
	free(big);
}

static void test_rate(void)
{
	struct runcmd_rate r = { .max = 2, .window_start_ms = -1 };
	ok(runcmd_rate_take(&r, 1000), "1st in the minute");
	ok(runcmd_rate_take(&r, 2000), "2nd in the minute");
	ok(!runcmd_rate_take(&r, 60999), "3rd refused");
	ok(runcmd_rate_take(&r, 61000), "a new minute");
	ok(runcmd_rate_take(&r, 61001), "2nd of the new minute");
	ok(!runcmd_rate_take(&r, 61002), "3rd refused again");
}

int main(void)
{
	test_split();
	test_run();
	test_rate();
	return tap_done();
}
