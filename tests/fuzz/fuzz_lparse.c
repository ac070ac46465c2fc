/*
 * Fuzz target: lparse's whole line path (format detection, every parser,
 * multi-line joining, record writing).  The input is split into lines;
 * the output must be one clean UTF-8 JSON object per line, and every line
 * must be accounted for.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ingest_opts o = {
		.source = "fuzz",
		.ref_time = 1763900000,
		.line_numbers = true,
		.raw = size & 1,
		.tz_fixed = (size & 2) != 0,
		.tz_off = 60,
	};
	struct ingest *ing = ingest_new(&o);
	struct buf out = BUF_INIT;
	const char *p = (const char *)data, *end = p + size;
	uint64_t lineno = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		ingest_line(ing, span_make(p, n), ++lineno, &out);
		p += n + (nl != NULL);
	}
	ingest_flush(ing, &out);
	FUZZ_CHECK(ing->lines == lineno);
	FUZZ_CHECK(ing->lines == ing->records + ing->joined + ing->skipped);
	fuzz_check_clean_utf8(out.p ? out.p : "", out.len);
	/* One object per line. */
	uint64_t nrec = 0;
	for (size_t i = 0; i < out.len; i++)
		if (out.p[i] == '\n') {
			FUZZ_CHECK(out.p[i - 1] == '}');
			nrec++;
		}
	FUZZ_CHECK(nrec == ing->records);
	buf_free(&out);
	ingest_free(ing);
	return 0;
}
