#include "stamp.h"


/* "HH:MM:SS[.frac]" at p; bytes used or 0. */
static size_t clock_frac(const char *p, size_t n, struct ltime *t)
{
	if (n < 8 || p[2] != ':' || p[5] != ':' || !ltime_digits(p, 2, &t->hour) ||
	    !ltime_digits(p + 3, 2, &t->min) || !ltime_digits(p + 6, 2, &t->sec))
		return 0;
	if (t->hour > 23 || t->min > 59 || t->sec > 60)
		return 0;
	size_t i = 8;
	t->nsec = 0;
	t->ndigits = 0;
	if (i + 1 < n && (p[i] == '.' || p[i] == ',') && ltime_isdig(p[i + 1])) {
		uint32_t v = 0;
		int nd = 0;
		for (i++; i < n && ltime_isdig(p[i]); i++)
			if (nd < 9) {
				v = v * 10 + (uint32_t)(p[i] - '0');
				nd++;
			}
		for (int k = nd; k < 9; k++)
			v *= 10;
		t->nsec = v;
		t->ndigits = nd;
	}
	return i;
}

size_t stamp_parse_slash(const char *p, size_t n, struct ltime *t)
{
	memset(t, 0, sizeof *t);
	size_t i;
	if (n >= 19 && p[4] == '/' && p[7] == '/' && ltime_digits(p, 4, &t->year)) {
		i = 5;
	} else if (n >= 17 && p[2] == '/' && p[5] == '/' && ltime_digits(p, 2, &t->year)) {
		t->year += 2000;
		i = 3;
	} else {
		return 0;
	}
	if (!ltime_digits(p + i, 2, &t->mon) || !ltime_digits(p + i + 3, 2, &t->day) ||
	    (p[i + 5] != ' ' && p[i + 5] != 'T') || t->year == 0 ||
	    !ltime_valid_date(t->year, t->mon, t->day))
		return 0;
	i += 6;
	size_t c = clock_frac(p + i, n - i, t);
	return c ? i + c : 0;
}

size_t stamp_parse_ctime(const char *p, size_t n, struct ltime *t)
{
	memset(t, 0, sizeof *t);
	size_t i = 0;
	/* an optional weekday "Sun " */
	if (n >= 4 && p[3] == ' ' && !ltime_month3(p) && ((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z'))
		i = 4;
	if (n - i < 20 || p[i + 3] != ' ' || !(t->mon = ltime_month3(p + i)))
		return 0;
	i += 4;
	if (p[i] == ' ')
		i++;
	if (!ltime_isdig(p[i]))
		return 0;
	t->day = p[i++] - '0';
	if (ltime_isdig(p[i]))
		t->day = t->day * 10 + (p[i++] - '0');
	if (i >= n || p[i++] != ' ')
		return 0;
	size_t c = clock_frac(p + i, n - i, t);
	if (!c)
		return 0;
	i += c;
	if (i + 5 > n || p[i] != ' ' || !ltime_digits(p + i + 1, 4, &t->year) || t->year == 0 ||
	    !ltime_valid_date(t->year, t->mon, t->day))
		return 0;
	return i + 5;
}

size_t stamp_parse_epoch(const char *p, size_t n, int scale, struct ltime *t)
{
	size_t i = 0;
	int64_t whole = 0;
	while (i < n && ltime_isdig(p[i]) && i < 19)
		whole = whole * 10 + (p[i++] - '0');
	if (i == 0 || (i < n && ltime_isdig(p[i])))
		return 0;
	/* the fraction of a unit, kept as nanoseconds below */
	uint64_t frac = 0, fscale = 1;
	if (i + 1 < n && p[i] == '.' && ltime_isdig(p[i + 1])) {
		for (i++; i < n && ltime_isdig(p[i]); i++)
			if (fscale < 1000000000) {
				frac = frac * 10 + (uint64_t)(p[i] - '0');
				fscale *= 10;
			}
	}
	int64_t unit = 1;
	for (int k = 0; k < scale; k++)
		unit *= 10;
	int64_t secs = whole / unit;
	uint64_t ns = (uint64_t)(whole % unit) * (1000000000 / (uint64_t)unit);
	ns += frac * (1000000000 / (uint64_t)unit) / fscale;
	if (secs > 253402300799LL)   /* past 9999-12-31 */
		return 0;
	ltime_from_instant(secs, 0, t);
	t->nsec = (uint32_t)ns;
	/* digits of fraction: those of the unit, plus the ones written */
	int nd = scale;
	for (uint64_t f = fscale; f > 1; f /= 10)
		nd++;
	t->ndigits = nd > 9 ? 9 : nd;
	return i;
}

size_t stamp_parse(const char *p, size_t n, struct ltime *t)
{
	size_t u;
	if (n < 8)
		return 0;
	if (ltime_isdig(p[0])) {
		if ((u = ltime_parse_iso(p, n, t)) || (u = stamp_parse_slash(p, n, t)) ||
		    (u = ltime_parse_clf(p, n, t)))
			return u;
		/* epoch: 10 digits (seconds) or 13 (milliseconds), alone as a word */
		size_t d = 0;
		while (d < n && ltime_isdig(p[d]))
			d++;
		/* compact "20260327 11:34:21[.frac]" (Robot Framework's syslog) */
		if (d == 8 && n >= 17 && p[8] == ' ') {
			memset(t, 0, sizeof *t);
			ltime_digits(p, 4, &t->year);
			ltime_digits(p + 4, 2, &t->mon);
			ltime_digits(p + 6, 2, &t->day);
			size_t c;
			if (t->year && ltime_valid_date(t->year, t->mon, t->day) &&
			    (c = clock_frac(p + 9, n - 9, t)))
				return 9 + c;
			return 0;
		}
		if (d != 10 && d != 13)
			return 0;
		u = stamp_parse_epoch(p, n, d == 13 ? 3 : 0, t);
		if (u && (u == n || p[u] == ' ' || p[u] == '\t' || p[u] == ']' || p[u] == ':'))
			return u;
		return 0;
	}
	if ((u = ltime_parse_bsd(p, n, t)) || (u = stamp_parse_ctime(p, n, t)))
		return u;
	return 0;
}
