/*
 * tspec: points in time, as records carry them and as users write them.
 *
 * struct instant is a point in time with nanoseconds (seconds since the
 * epoch plus a fraction), comparable with tspec_cmp.  tspec_parse reads the
 * value of a --since or --until option, the same way in every program:
 *
 *   2026-11-23T10:15:32.5+01:00   RFC 3339; also Z, no fraction, a space
 *   2026-11-23 10:15:32           instead of the T; without an offset the
 *   2026-11-23T10:15              time is in the local zone (TZ); seconds
 *                                 may be left out
 *   2026-11-23                    a date alone: its midnight, local zone
 *   15m  2h  7d  30s  1w  1h30m   that long before now (journalctl reads
 *   -15m  "15m ago"               --since the same way)
 *   now  today  yesterday         today and yesterday: local midnight
 *
 * tspec_from_rfc3339 is the fast parser for a record's "timestamp" (the
 * form lparse writes, plus Z, no fraction and a space for the T); a
 * timestamp without an offset is read as UTC there, since records are
 * meant to carry one.
 *
 * Nothing here allocates or keeps state; reasons are static strings.
 */
#ifndef LT_TSPEC_H
#define LT_TSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct instant {
	int64_t sec;       /* seconds since 1970-01-01T00:00:00Z */
	uint32_t nsec;     /* 0 .. 999999999 */
};

/* <0, 0, >0 as a is before, at, after b. */
static inline int tspec_cmp(struct instant a, struct instant b)
{
	if (a.sec != b.sec)
		return a.sec < b.sec ? -1 : 1;
	return a.nsec < b.nsec ? -1 : a.nsec > b.nsec;
}

/* The current time (CLOCK_REALTIME). */
struct instant tspec_now(void);

/*
 * Parse a --since/--until value S relative to NOW.  Returns NULL and sets
 * *out, or returns a static reason ("not a time: use RFC 3339, a date, or
 * 15m/2h/7d") and leaves *out alone.
 */
const char *tspec_parse(const char *s, struct instant now, struct instant *out);

/*
 * A length of time, as every option that takes one reads it: numbers with
 * units, summed: "90s", "5m", "1h30m", "1.5h", "250ms", "7d", "2w"; a
 * bare number is seconds.  Nanoseconds into *ns; false when S (N bytes) is
 * not one or is over 290 years (106,000 days).
 */
bool tspec_duration(const char *s, size_t n, int64_t *ns);

/* An RFC 3339 timestamp filling all N bytes; false when it is not one. */
bool tspec_from_rfc3339(const char *p, size_t n, struct instant *out);

#endif
