/*
 * tap.h: the unit tests' TAP output, in the spirit of redis's testhelp.h.
 * A test file includes it once, calls the checks, and ends main() with
 * `return tap_done();`.
 */
#ifndef LT_TAP_H
#define LT_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_fail;

static int tap_ok(int cond, const char *file, int line, const char *what)
{
	tap_n++;
	if (!cond)
		tap_fail++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, what);
	if (!cond)
		printf("#   failed at %s:%d\n", file, line);
	return cond;
}

#define ok(cond, what) tap_ok(!!(cond), __FILE__, __LINE__, what)

#define is_int(got, want, what)                                                    \
	do {                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);           \
		if (!ok(g_ == w_, what))                                            \
			printf("#   got %lld, want %lld\n", g_, w_);              \
	} while (0)

#define is_str(got, want, what)                                                    \
	do {                                                                       \
		const char *g_ = (got), *w_ = (want);                              \
		if (!ok(g_ && w_ && strcmp(g_, w_) == 0, what))                     \
			printf("#   got  '%s'\n#   want '%s'\n", g_ ? g_ : "(null)", w_); \
	} while (0)

static int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_fail != 0;
}

#endif
