/*
 * Fuzz target: the timestamp parsers.  Whatever they accept must be a
 * real date and clock time, must format as RFC 3339 that parses back to
 * the same instant, and must never read past the given length.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "ltime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(struct ltime *t, struct lzone *z)
{
	if (!ltime_resolve(t, z))
		return;
	FUZZ_CHECK(ltime_valid_date(t->year, t->mon, t->day));
	FUZZ_CHECK(t->hour < 24 && t->min < 60 && t->sec <= 60);
	if (t->sec == 60)
		return;   /* a leap second has no instant of its own */
	struct buf b = BUF_INIT;
	ltime_format(&b, t);
	struct ltime u;
	size_t n = ltime_parse_iso(b.p, b.len, &u);
	FUZZ_CHECK(n == b.len);
	FUZZ_CHECK(ltime_instant(&u) == ltime_instant(t));
	FUZZ_CHECK(u.nsec == t->nsec);
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy of exactly SIZE bytes, so ASan catches over-reads. */
	char *p = malloc(size ? size : 1);
	memcpy(p, data, size);
	struct lzone z;
	lzone_init(&z, true, 0, 1763900000, 0);
	struct ltime t;
	size_t n;
	if ((n = ltime_parse_clf(p, size, &t))) {
		FUZZ_CHECK(n <= size);
		roundtrip(&t, &z);
	}
	if ((n = ltime_parse_bsd(p, size, &t))) {
		FUZZ_CHECK(n <= size);
		roundtrip(&t, &z);
	}
	if ((n = ltime_parse_iso(p, size, &t))) {
		FUZZ_CHECK(n <= size);
		roundtrip(&t, &z);
	}
	free(p);
	return 0;
}
