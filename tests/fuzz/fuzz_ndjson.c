/*
 * Fuzz target: the NDJSON reader end to end (lib/ndjson.h over lib/input.h),
 * reading the input as a file through a memfd: plain text, or gzip when
 * the input starts with the gzip magic (so the block reader, multi-member
 * gzip and corrupt streams are fuzzed too).  fuzz_json covers the scanner
 * on one buffer; here lines, '\r', blank lines, a missing final newline
 * and the line cap go through the real reader.  Every line is counted
 * once: lines = records + bad + blank + toolong, and records are objects.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "ndjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", 0);
	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(write(fd, data, size) == (ssize_t)size);
	char path[64], err[256];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct ndjson *r = ndjson_open(path, err, sizeof err);
	FUZZ_CHECK(r != NULL);
	ndjson_set_flags(r, size & 1 ? JSON_UTF8 : 0);
	const struct json_obj *rec;
	int st;
	uint64_t recs = 0, bad = 0, toolong = 0;
	while ((st = ndjson_next(r, &rec)) != NDJSON_EOF && st != NDJSON_ERROR) {
		if (st == NDJSON_RECORD) {
			recs++;
			FUZZ_CHECK(rec->text.len >= 2 && json_validate(rec->text, 0) == NULL);
			struct instant t;
			(void)ndjson_timestamp(rec, &t);
		} else if (st == NDJSON_BAD) {
			bad++;
			FUZZ_CHECK(ndjson_reason(r) != NULL);
		} else {
			FUZZ_CHECK(st == NDJSON_TOOLONG);
			toolong++;
		}
		FUZZ_CHECK(ndjson_lineno(r) >= recs + bad + toolong);
	}
	if (st == NDJSON_ERROR)
		FUZZ_CHECK(ndjson_error(r) != NULL);
	struct ndjson_counts c;
	ndjson_counts(r, &c);
	FUZZ_CHECK(c.records == recs && c.bad == bad && c.toolong == toolong);
	FUZZ_CHECK(c.lines == c.records + c.bad + c.blank + c.toolong);
	ndjson_close(r);
	close(fd);
	return 0;
}
