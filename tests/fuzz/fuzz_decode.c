/*
 * Fuzz target: lthreat's decoder (lib/decode.h).  Any bytes in: no step
 * crashes or reads out of bounds, and no step writes more bytes than it
 * reads (decode.h's promise, which bounds lthreat's memory).  The full
 * decoding is idempotent in length: decoding its own output never grows.
 */
#include <stdint.h>
#include <string.h>

#include "decode.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy of exactly SIZE bytes, so ASan catches over-reads. */
	char *p = malloc(size ? size : 1);
	memcpy(p, data, size);
	struct buf b = BUF_INIT;

	decode_log_escapes(&b, p, size);
	FUZZ_CHECK(b.len <= size);
	buf_reset(&b);
	decode_url(&b, p, size, size & 1);
	FUZZ_CHECK(b.len <= size);
	buf_reset(&b);
	decode_html(&b, p, size);
	FUZZ_CHECK(b.len <= size);
	buf_reset(&b);
	decode_fold_utf8(&b, p, size);
	FUZZ_CHECK(b.len <= size);
	decode_strip_nul(&b);
	FUZZ_CHECK(memchr(b.p ? b.p : "", 0, b.len) == NULL);
	decode_lower(b.p, b.len);
	for (size_t i = 0; i < b.len; i++)
		FUZZ_CHECK(b.p[i] < 'A' || b.p[i] > 'Z');
	buf_reset(&b);
	decode_sql(&b, p, size);
	FUZZ_CHECK(b.len <= size);
	buf_reset(&b);
	decode_path(&b, p, size);
	FUZZ_CHECK(b.len <= size + 1);
	buf_reset(&b);
	decode_cmdline(&b, p, size);
	FUZZ_CHECK(b.len <= size);

	struct decoder d = DECODER_INIT;
	struct buf out = BUF_INIT, again = BUF_INIT;
	for (int k = 0; k < 2; k++) {
		enum decode_kind kind = k ? DECODE_TEXT : DECODE_TARGET;
		unsigned bits = decode_value(&d, kind, p, size, &out);
		FUZZ_CHECK(out.len <= size);
		if (!bits)
			FUZZ_CHECK(out.len == size && (size == 0 || memcmp(out.p, p, size) == 0));
		for (size_t i = 0; i < out.len; i++)
			FUZZ_CHECK(out.p[i] != 0 && (out.p[i] < 'A' || out.p[i] > 'Z'));
		char *copy = malloc(out.len ? out.len : 1);
		memcpy(copy, out.p ? out.p : "", out.len);
		size_t n = out.len;
		decode_value(&d, kind, copy, n, &again);
		FUZZ_CHECK(again.len <= n);
		free(copy);
	}
	decode_free(&d);
	buf_free(&out);
	buf_free(&again);
	buf_free(&b);
	free(p);
	return 0;
}
