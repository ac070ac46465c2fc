/*
 * Fuzz target: JSON string writing.  Any bytes in, a quoted JSON string
 * of clean UTF-8 out, with valid input bytes kept as they were.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b = BUF_INIT;
	jsonw_str(&b, (const char *)data, size);
	FUZZ_CHECK(b.len >= 2 && b.p[0] == '"' && b.p[b.len - 1] == '"');
	fuzz_check_clean_utf8(b.p, b.len);
	/* No unescaped quote inside. */
	for (size_t i = 1; i + 1 < b.len; i++) {
		if (b.p[i] == '\\')
			i++;
		else
			FUZZ_CHECK(b.p[i] != '"');
	}
	buf_free(&b);
	return 0;
}
