#include "ltime.h"

#include <string.h>
#include <time.h>

bool ltime_valid_date(int y, int m, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && y != 0) {
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		return leap;
	}
	return true;
}

static bool valid_clock(const struct ltime *t)
{
	return t->hour <= 23 && t->min <= 59 && t->sec <= 60;
}

/* Optional fraction at p: '.' or ',' then digits. Returns bytes consumed. */
static size_t parse_frac(const char *p, size_t n, struct ltime *t)
{
	t->nsec = 0;
	t->ndigits = 0;
	if (n < 2 || (p[0] != '.' && p[0] != ',') || !ltime_isdig(p[1]))
		return 0;
	size_t i = 1;
	uint32_t v = 0;
	int nd = 0;
	for (; i < n && ltime_isdig(p[i]); i++) {
		if (nd < 9) {
			v = v * 10 + (uint32_t)(p[i] - '0');
			nd++;
		}
	}
	t->ndigits = nd;
	for (int k = nd; k < 9; k++)
		v *= 10;
	t->nsec = v;
	return i;
}

static size_t parse_off(const char *p, size_t n, struct ltime *t)
{
	t->has_off = false;
	if (n >= 1 && (p[0] == 'Z' || p[0] == 'z')) {
		t->has_off = true;
		t->off = 0;
		return 1;
	}
	if (n < 3 || (p[0] != '+' && p[0] != '-'))
		return 0;
	int h, m = 0;
	if (!ltime_digits(p + 1, 2, &h))
		return 0;
	size_t used = 3;
	if (n >= 6 && p[3] == ':' && ltime_digits(p + 4, 2, &m))
		used = 6;
	else if (n >= 5 && ltime_digits(p + 3, 2, &m))
		used = 5;
	if (h > 23 || m > 59)
		return 0;
	t->has_off = true;
	t->off = (p[0] == '-' ? -1 : 1) * (h * 60 + m);
	return used;
}

bool ltime_parse_offset(const char *s, int *off)
{
	if (strcmp(s, "UTC") == 0 || strcmp(s, "GMT") == 0) {
		*off = 0;
		return true;
	}
	struct ltime t;
	size_t n = strlen(s);
	if (n == 0 || parse_off(s, n, &t) != n)
		return false;
	*off = t.off;
	return true;
}

size_t ltime_parse_clf(const char *p, size_t n, struct ltime *t)
{
	/* 10/Oct/2000:13:55:36 -0700, or "10/Oct/2000 13:55:36" (Python's http.server) */
	if (n < 20 || p[2] != '/' || p[6] != '/' || (p[11] != ':' && p[11] != ' ') || p[14] != ':' || p[17] != ':')
		return 0;
	memset(t, 0, sizeof *t);
	if (!ltime_digits(p, 2, &t->day) || !(t->mon = ltime_month3(p + 3)) || !ltime_digits(p + 7, 4, &t->year) ||
	    !ltime_digits(p + 12, 2, &t->hour) || !ltime_digits(p + 15, 2, &t->min) || !ltime_digits(p + 18, 2, &t->sec))
		return 0;
	size_t i = 20;
	i += parse_frac(p + i, n - i, t);
	if (i + 1 < n && p[i] == ' ') {
		size_t o = parse_off(p + i + 1, n - i - 1, t);
		if (o)
			i += 1 + o;
	}
	if (!ltime_valid_date(t->year, t->mon, t->day) || !valid_clock(t))
		return 0;
	return i;
}

size_t ltime_parse_bsd(const char *p, size_t n, struct ltime *t)
{
	/* Jun 13 16:33:35 or Jun  3 16:33:35 or Jun 3 16:33:35 */
	if (n < 14 || p[3] != ' ')
		return 0;
	memset(t, 0, sizeof *t);
	if (!(t->mon = ltime_month3(p)))
		return 0;
	size_t i = 4;
	if (p[i] == ' ')
		i++;
	if (!ltime_isdig(p[i]))
		return 0;
	t->day = p[i++] - '0';
	if (i < n && ltime_isdig(p[i]))
		t->day = t->day * 10 + (p[i++] - '0');
	/* macOS writes a year after the day: "Oct 27 2015 09:24:46" */
	if (i + 14 <= n && p[i] == ' ' && p[i + 5] == ' ' && p[i + 8] == ':' &&
	    ltime_digits(p + i + 1, 4, &t->year)) {
		if (t->year == 0)
			return 0;
		i += 5;
	}
	if (i + 9 > n || p[i] != ' ' || p[i + 3] != ':' || p[i + 6] != ':')
		return 0;
	if (!ltime_digits(p + i + 1, 2, &t->hour) || !ltime_digits(p + i + 4, 2, &t->min) ||
	    !ltime_digits(p + i + 7, 2, &t->sec))
		return 0;
	i += 9;
	i += parse_frac(p + i, n - i, t);
	if (!ltime_valid_date(t->year, t->mon, t->day) || !valid_clock(t))
		return 0;
	return i;
}

size_t ltime_parse_iso(const char *p, size_t n, struct ltime *t)
{
	/* 2026-11-23T10:15:32[.frac][zone] */
	if (n < 19 || p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != ' ' && p[10] != 't') ||
	    p[13] != ':' || p[16] != ':')
		return 0;
	memset(t, 0, sizeof *t);
	if (!ltime_digits(p, 4, &t->year) || !ltime_digits(p + 5, 2, &t->mon) || !ltime_digits(p + 8, 2, &t->day) ||
	    !ltime_digits(p + 11, 2, &t->hour) || !ltime_digits(p + 14, 2, &t->min) || !ltime_digits(p + 17, 2, &t->sec))
		return 0;
	size_t i = 19;
	i += parse_frac(p + i, n - i, t);
	i += parse_off(p + i, n - i, t);
	if (t->year == 0 || !ltime_valid_date(t->year, t->mon, t->day) || !valid_clock(t))
		return 0;
	return i;
}

int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int64_t ltime_instant(const struct ltime *t)
{
	return days_from_civil(t->year, t->mon, t->day) * 86400 + t->hour * 3600 + t->min * 60 +
	       t->sec - (int64_t)t->off * 60;
}

/* The reference plus a day of slack, broken down in the zone. */
static void set_horizon(struct lzone *z)
{
	struct tm tm;
	time_t r = (time_t)(z->ref + 86400);
	if (z->fixed) {
		r += (time_t)z->fixed_off * 60;
		gmtime_r(&r, &tm);
	} else {
		localtime_r(&r, &tm);
	}
	z->ref_year = tm.tm_year + 1900;
	z->ref_mon = tm.tm_mon + 1;
	z->ref_day = tm.tm_mday;
	z->ref_hour = tm.tm_hour;
	z->ref_min = tm.tm_min;
	z->ref_sec = tm.tm_sec;
}

void lzone_init(struct lzone *z, bool fixed, int fixed_off, int64_t ref, int force_year)
{
	memset(z, 0, sizeof *z);
	z->fixed = fixed;
	z->fixed_off = fixed_off;
	z->live = ref < 0;
	z->ref = ref < 0 ? (int64_t)time(NULL) : ref;
	z->force_year = force_year;
	z->cache_key = -1;
	set_horizon(z);
}

/* UTC offset in minutes of the local zone at an instant. */
static int offset_at(int64_t secs)
{
	struct tm tm;
	time_t s = (time_t)secs;
	if (!localtime_r(&s, &tm))
		return 0;
	return (int)(tm.tm_gmtoff / 60);
}

/*
 * UTC offset of the local zone at a local wall-clock time.  The offsets a
 * day before and after are the candidates; one that maps the wall clock
 * back onto itself is valid.  Both valid: an overlap; neither: a gap; in
 * both cases the earlier offset wins (see lzone_init).  Cached per hour,
 * as DST changes fall on the hour.
 */
static int local_offset(struct lzone *z, const struct ltime *t)
{
	int64_t key = (((int64_t)t->year * 100 + t->mon) * 100 + t->day) * 100 + t->hour;
	if (key == z->cache_key)
		return z->cache_off;
	int64_t wall = days_from_civil(t->year, t->mon, t->day) * 86400 + t->hour * 3600;
	int before = offset_at(wall - 86400), after = offset_at(wall + 86400);
	int off = before;
	if (before != after && offset_at(wall - (int64_t)before * 60) != before &&
	    offset_at(wall - (int64_t)after * 60) == after)
		off = after;
	z->cache_key = key;
	z->cache_off = off;
	return off;
}

static int cmp_md(const struct ltime *t, const struct lzone *z)
{
	int a[5] = { t->mon, t->day, t->hour, t->min, t->sec };
	int b[5] = { z->ref_mon, z->ref_day, z->ref_hour, z->ref_min, z->ref_sec };
	for (int i = 0; i < 5; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

bool ltime_resolve(struct ltime *t, struct lzone *z)
{
	if (t->year == 0) {
		if (z->force_year)
			t->year = z->force_year;
		else {
			/* The latest year that puts the time at or before the horizon. */
			if (z->live && cmp_md(t, z) > 0) {
				/* Maybe just later than when the pipe was opened. */
				int64_t now = (int64_t)time(NULL);
				if (now > z->ref) {
					z->ref = now;
					set_horizon(z);
				}
			}
			t->year = z->ref_year - (cmp_md(t, z) > 0);
			for (int k = 0; k < 8 && !ltime_valid_date(t->year, t->mon, t->day); k++)
				t->year--;
		}
		if (!ltime_valid_date(t->year, t->mon, t->day))
			return false;
	}
	if (!t->has_off) {
		t->off = z->fixed ? z->fixed_off : local_offset(z, t);
		t->has_off = true;
	}
	return true;
}

static char *put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

void ltime_format(struct buf *b, const struct ltime *t)
{
	char s[40], *p = s;
	int y = t->year;
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	p = put2(p, y / 100);
	p = put2(p, y % 100);
	*p++ = '-';
	p = put2(p, t->mon);
	*p++ = '-';
	p = put2(p, t->day);
	*p++ = 'T';
	p = put2(p, t->hour);
	*p++ = ':';
	p = put2(p, t->min);
	*p++ = ':';
	p = put2(p, t->sec);
	if (t->ndigits > 0) {
		*p++ = '.';
		uint32_t v = t->nsec;
		char d[9];
		for (int i = 8; i >= 0; i--) {
			d[i] = (char)('0' + v % 10);
			v /= 10;
		}
		memcpy(p, d, (size_t)t->ndigits);
		p += t->ndigits;
	}
	if (t->off == 0) {
		*p++ = 'Z';
	} else {
		int o = t->off < 0 ? -t->off : t->off;
		*p++ = t->off < 0 ? '-' : '+';
		p = put2(p, o / 60);
		*p++ = ':';
		p = put2(p, o % 60);
	}
	buf_add(b, s, (size_t)(p - s));
}

void ltime_from_instant(int64_t secs, int off, struct ltime *t)
{
	memset(t, 0, sizeof *t);
	int64_t s = secs + (int64_t)off * 60;
	int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
	int64_t rem = s - days * 86400;
	civil_from_days(days, &t->year, &t->mon, &t->day);
	t->hour = (int)(rem / 3600);
	t->min = (int)(rem / 60 % 60);
	t->sec = (int)(rem % 60);
	t->off = off;
	t->has_off = true;
}
