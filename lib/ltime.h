/*
 * ltime: timestamps as logs write them, and as records carry them.
 *
 * A struct ltime is a broken-down time exactly as read from a line: the
 * year may be missing (BSD syslog), the UTC offset may be missing (most
 * application logs), and the fraction keeps the digits the source wrote.
 * ltime_resolve fills what is missing from a struct lzone (the zone to
 * read zone-less times in, and the reference time for year inference);
 * ltime_format writes RFC 3339 as the record format wants it; and
 * ltime_instant turns a resolved time into seconds since the epoch.
 *
 * The parsers take a pointer and a length, never read past it, and return
 * the number of bytes consumed (0 when the text is not such a timestamp).
 * Nothing here allocates; a struct lzone holds a small cache and belongs
 * to its caller (one per input).
 */
#ifndef LT_LTIME_H
#define LT_LTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The scanners' small pieces, shared with stamp.c (inline: per-line path). */
static inline bool ltime_isdig(char c) { return c >= '0' && c <= '9'; }

/* N decimal digits at P into *v; false if one is not a digit. */
static inline bool ltime_digits(const char *p, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		if (!ltime_isdig(p[i]))
			return false;
		x = x * 10 + (p[i] - '0');
	}
	*v = x;
	return true;
}

/* Month from a three-letter abbreviation, any case (1-12); 0 if none. */
static inline int ltime_month3(const char *p)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	for (int i = 0; i < 12; i++)
		if ((p[0] | 0x20) == names[3 * i] && (p[1] | 0x20) == names[3 * i + 1] &&
		    (p[2] | 0x20) == names[3 * i + 2])
			return i + 1;
	return 0;
}

struct ltime {
	int year, mon, day;          /* year 0: not given; mon 1-12 */
	int hour, min, sec;          /* sec 0-60 (leap second kept) */
	uint32_t nsec;               /* fraction, in nanoseconds */
	int ndigits;                 /* digits of fraction written by the source (0-9) */
	int off;                     /* UTC offset in minutes, when has_off */
	bool has_off;
};

struct lzone {
	bool fixed;                  /* true: zone-less times are at offset fixed_off */
	int fixed_off;
	bool live;                   /* the reference is "now" and moves (stdin, pipes) */
	int64_t ref;                 /* reference time (file mtime or now) for the year */
	int ref_year, ref_mon, ref_day, ref_hour, ref_min, ref_sec; /* horizon in this zone */
	int force_year;              /* --year, or 0 */
	int64_t cache_key;           /* local-offset cache: yyyymmddhh -> minutes */
	int cache_off;
};

/*
 * Set up a zone: local (TZ) when fixed is false.  ref is the reference
 * time for year inference (a file's mtime); ref < 0 means "now", read
 * again when a line seems to be in the future (a long-running pipe).
 *
 * Year inference: a time without a year gets the latest year that puts it
 * at or before the reference plus one day.  The day of slack keeps the
 * lines of a host whose clock or zone runs ahead of ours (written into a
 * file whose mtime is a little earlier) in the current year; a December
 * line read in January still goes to the year before.  Feb 29 goes to the
 * latest leap year that fits.
 *
 * Local zone: a wall-clock time that a DST change skips (the spring gap)
 * or repeats (the autumn overlap) gets the offset in force just before
 * the change, as Python's fold=0 does: Europe/Paris 2026-03-29 02:30 is
 * +01:00, and 2026-10-25 02:30 is its first occurrence, +02:00.
 */
void lzone_init(struct lzone *z, bool fixed, int fixed_off, int64_t ref, int force_year);

/* "10/Oct/2000:13:55:36 -0700" (Apache/nginx %t, without the brackets). */
size_t ltime_parse_clf(const char *p, size_t n, struct ltime *t);
/* "Jun  3 16:33:35" (BSD syslog; month in any case; no year), or with
 * the year macOS puts after the day, "Oct 27 2015 09:24:46". */
size_t ltime_parse_bsd(const char *p, size_t n, struct ltime *t);
/* ISO 8601 / RFC 3339: "2026-11-23T10:15:32.123+01:00", space or T,
 * '.' or ',' before the fraction, offset Z, +HH:MM, +HHMM, +HH or none. */
size_t ltime_parse_iso(const char *p, size_t n, struct ltime *t);

/* Fill in a missing year and offset.  Returns false if the date is impossible. */
bool ltime_resolve(struct ltime *t, struct lzone *z);
/* Append RFC 3339 (the time must be resolved). */
void ltime_format(struct buf *b, const struct ltime *t);
/* Seconds since the epoch of a resolved time (fraction not included). */
int64_t ltime_instant(const struct ltime *t);

/* The time at SECS since the epoch, seen at UTC offset OFF minutes. */
void ltime_from_instant(int64_t secs, int off, struct ltime *t);
/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t days_from_civil(int y, int m, int d);
bool ltime_valid_date(int y, int m, int d);

/* Parse an offset "Z", "UTC", "+01:00", "-0530", "+01"; minutes into *off. */
bool ltime_parse_offset(const char *s, int *off);

#endif
