/*
 * fuzz.h: checks shared by the libFuzzer targets (tests/fuzz/fuzz_*.c).
 * A failed check aborts, which libFuzzer reports as a crash with the input.
 */
#ifndef LT_FUZZ_H
#define LT_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#include "jsonw.h"

#define FUZZ_CHECK(cond)                                                              \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* The bytes are valid UTF-8 and hold no raw control character but '\n'. */
static inline void fuzz_check_clean_utf8(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	for (size_t i = 0; i < n;) {
		FUZZ_CHECK(s[i] >= 0x20 || s[i] == '\n');
		FUZZ_CHECK(s[i] != 0x7f);
		size_t v = utf8_valid_len(s + i, n - i);
		FUZZ_CHECK(v > 0);
		i += v;
	}
}

#endif
