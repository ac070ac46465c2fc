/*
 * Unit tests of lib/tspec: --since/--until values and record timestamps.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "tspec.h"

static struct instant at(const char *s, struct instant now)
{
	struct instant t = { -1, 0 };
	const char *why = tspec_parse(s, now, &t);
	if (why)
		printf("# %s: %s\n", s, why);
	return t;
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	/* 2026-11-23T10:15:32.5Z */
	struct instant now = { 1795428932, 500000000 };
	struct instant t;

	ok(tspec_from_rfc3339("2026-11-23T10:15:32Z", 20, &t) && t.sec == 1795428932 && t.nsec == 0,
	   "RFC 3339 with Z");
	ok(tspec_from_rfc3339("2026-11-23T11:15:32.123+01:00", 29, &t) && t.sec == 1795428932 &&
	   t.nsec == 123000000, "offset and milliseconds");
	ok(tspec_from_rfc3339("2026-11-23 10:15:32.123456789Z", 30, &t) && t.nsec == 123456789,
	   "space for T, nanoseconds");
	ok(tspec_from_rfc3339("2026-11-23T10:15:32", 19, &t) && t.sec == 1795428932,
	   "no offset: read as UTC");
	ok(!tspec_from_rfc3339("2026-11-23T10:15:32Zjunk", 24, &t), "trailing junk refused");
	ok(!tspec_from_rfc3339("2026-02-30T10:15:32Z", 20, &t), "impossible date refused");
	ok(!tspec_from_rfc3339("", 0, &t), "empty refused");
	ok(!tspec_from_rfc3339("yesterday", 9, &t), "words refused");

	is_int(at("2026-11-23T10:15:32Z", now).sec, 1795428932, "--since RFC 3339");
	is_int(at("2026-11-23T11:15:32+01:00", now).sec, 1795428932, "--since with an offset");
	is_int(at("2026-11-23 10:15:32", now).sec, 1795428932, "--since with a space, local zone (UTC)");
	is_int(at("2026-11-23T10:15", now).sec, 1795428900, "--since without seconds");
	is_int(at("2026-11-23T10:15Z", now).sec, 1795428900, "--since without seconds, with Z");
	is_int(at("2026-11-23", now).sec, 1795392000, "a date alone: midnight");
	struct instant r = at("15m", now);
	ok(r.sec == now.sec - 900 && r.nsec == now.nsec, "15m before now");
	is_int(at("2h", now).sec, now.sec - 7200, "2h");
	is_int(at("7d", now).sec, now.sec - 7 * 86400, "7d");
	is_int(at("30s", now).sec, now.sec - 30, "30s");
	is_int(at("1w", now).sec, now.sec - 7 * 86400, "1w");
	is_int(at("1h30m", now).sec, now.sec - 5400, "1h30m");
	is_int(at("-15m", now).sec, now.sec - 900, "-15m");
	is_int(at("15m ago", now).sec, now.sec - 900, "15m ago");
	is_int(at("now", now).sec, now.sec, "now");
	is_int(at("today", now).sec, 1795392000, "today: local midnight");
	is_int(at("yesterday", now).sec, 1795392000 - 86400, "yesterday");

	const char *bad[] = { "", "15", "m", "15x", "2026-13-01", "2026-11-23T25:00:00",
			      "tomorrowish", "15m30", "2026-11-23T10:15:32+1:00x", "99999999999d",
			      "999999999w999999999w999999999w999999999w999999999w999999999w"
			      "999999999w999999999w999999999w999999999w999999999w999999999w" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		t.sec = 42;
		char what[80];
		snprintf(what, sizeof what, "'%s' is refused, *out untouched", bad[i]);
		ok(tspec_parse(bad[i], now, &t) != NULL && t.sec == 42, what);
	}

	static const struct { const char *s; int64_t ns; } dur[] = {
		{ "90", 90000000000 }, { "90s", 90000000000 }, { "5m", 300000000000 },
		{ "1h30m", 5400000000000 }, { "1.5h", 5400000000000 }, { "250ms", 250000000 },
		{ "2d", 172800000000000 }, { "1w", 604800000000000 }, { "0.000000001s", 1 },
		{ "1m30s", 90000000000 },
	};
	for (size_t i = 0; i < sizeof dur / sizeof dur[0]; i++) {
		int64_t ns = -1;
		char what[80];
		snprintf(what, sizeof what, "duration '%s'", dur[i].s);
		ok(tspec_duration(dur[i].s, strlen(dur[i].s), &ns) && ns == dur[i].ns, what);
	}
	const char *baddur[] = { "", "s", "5x", "1h30", "-5m", "1..5s", "5m 3s", "101y", "106001d", "100000d100000d",
				 "99999999999999999999s", ".s" };
	for (size_t i = 0; i < sizeof baddur / sizeof baddur[0]; i++) {
		int64_t ns = -1;
		char what[80];
		snprintf(what, sizeof what, "duration '%s' refused", baddur[i]);
		ok(!tspec_duration(baddur[i], strlen(baddur[i]), &ns) && ns == -1, what);
	}

	setenv("TZ", "Europe/Paris", 1);
	tzset();
	is_int(at("2026-11-23", now).sec, 1795392000 - 3600, "a date alone in TZ=Europe/Paris");
	is_int(at("2026-07-01 12:00:00", now).sec, 1782907200 - 7200, "summer time in Europe/Paris");

	struct instant a = { 10, 5 }, b = { 10, 6 }, c = { 11, 0 };
	ok(tspec_cmp(a, b) < 0 && tspec_cmp(b, a) > 0 && tspec_cmp(a, a) == 0 && tspec_cmp(b, c) < 0,
	   "tspec_cmp orders by seconds then nanoseconds");
	struct instant n2 = tspec_now();
	ok(n2.sec > 1700000000 && n2.nsec < 1000000000, "tspec_now is plausible");
	return tap_done();
}
