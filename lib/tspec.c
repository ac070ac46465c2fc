/*
 * tspec: --since/--until values and record timestamps as instants.
 * See tspec.h.
 */
#include "tspec.h"

#include <string.h>
#include <time.h>

#include "ltime.h"

struct instant tspec_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (struct instant){ (int64_t)ts.tv_sec, (uint32_t)ts.tv_nsec };
}

bool tspec_from_rfc3339(const char *p, size_t n, struct instant *out)
{
	struct ltime t;
	if (ltime_parse_iso(p, n, &t) != n || n == 0)
		return false;
	if (!t.has_off)
		t.off = 0;
	out->sec = ltime_instant(&t);
	out->nsec = t.nsec;
	return true;
}

/* Local midnight of the day D days after the local date of NOW. */
static struct instant local_midnight(struct instant now, int d)
{
	time_t s = (time_t)now.sec;
	struct tm tm;
	localtime_r(&s, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += d;
	tm.tm_isdst = -1;
	return (struct instant){ (int64_t)mktime(&tm), 0 };
}

bool tspec_duration(const char *s, size_t n, int64_t *ns)
{
	const int64_t max = (int64_t)106000 * 86400 * 1000000000;   /* 290 years: int64 ns */
	int64_t total = 0;
	size_t i = 0;
	if (n == 0)
		return false;
	while (i < n) {
		int64_t whole = 0, frac = 0, scale = 1;
		size_t d = i, digits = 0;
		for (; i < n && s[i] >= '0' && s[i] <= '9' && whole <= 4000000000; i++, digits++)
			whole = whole * 10 + (s[i] - '0');
		if (i < n && s[i] == '.')
			for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
				if (scale < 1000000000)
					frac = frac * 10 + (s[i] - '0'), scale *= 10;
		if (!digits || (i < n && s[i] >= '0' && s[i] <= '9'))
			return false;
		int64_t unit = 1000000000;
		if (i == n) {
			if (d != 0)       /* a bare number only as the whole value */
				return false;
		} else if (n - i >= 2 && s[i] == 'm' && s[i + 1] == 's') {
			unit = 1000000, i += 2;
		} else {
			switch (s[i++]) {
			case 's': break;
			case 'm': unit *= 60; break;
			case 'h': unit *= 3600; break;
			case 'd': unit *= 86400; break;
			case 'w': unit *= 7 * 86400; break;
			default: return false;
			}
		}
		if (whole > max / unit)
			return false;
		int64_t add = whole * unit + (int64_t)((double)frac / (double)scale * (double)unit + 0.5);
		if (add > max - total)
			return false;
		total += add;
	}
	*ns = total;
	return true;
}

static const char *const bad = "not a time: use RFC 3339, a date, or 15m/2h/7d before now";

const char *tspec_parse(const char *s, struct instant now, struct instant *out)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	while (n && *s == ' ') {
		s++;
		n--;
	}
	if (n == 0)
		return bad;
	if (n == 3 && memcmp(s, "now", 3) == 0) {
		*out = now;
		return NULL;
	}
	if (n == 5 && memcmp(s, "today", 5) == 0) {
		*out = local_midnight(now, 0);
		return NULL;
	}
	if (n == 9 && memcmp(s, "yesterday", 9) == 0) {
		*out = local_midnight(now, -1);
		return NULL;
	}
	if (n == 8 && memcmp(s, "tomorrow", 8) == 0) {
		*out = local_midnight(now, 1);
		return NULL;
	}
	/* relative: "15m", "-15m", "15m ago" */
	{
		const char *r = s;
		size_t rn = n;
		if (rn > 4 && memcmp(r + rn - 4, " ago", 4) == 0)
			rn -= 4;
		if (rn && *r == '-') {
			r++;
			rn--;
		}
		int64_t ns;
		if (rn && r[rn - 1] >= 'a' && r[rn - 1] <= 'z' && tspec_duration(r, rn, &ns)) {
			int64_t sec = now.sec - ns / 1000000000;
			int64_t nsec = (int64_t)now.nsec - ns % 1000000000;
			if (nsec < 0)
				nsec += 1000000000, sec--;
			*out = (struct instant){ sec, (uint32_t)nsec };
			return NULL;
		}
	}
	/* absolute: a date, a date and time, with or without an offset */
	struct ltime t;
	char tmp[64];
	if (n >= sizeof tmp - 4)
		return bad;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	size_t len = n;
	if (len == 10) {                      /* 2026-11-23 */
		memcpy(tmp + len, "T00:00:00", 10);
		len += 9;
	} else if (len >= 16 && (len == 16 || tmp[16] != ':') && tmp[13] == ':') {
		/* 2026-11-23T10:15 with no seconds (and maybe an offset) */
		memmove(tmp + 19, tmp + 16, len - 16 + 1);
		memcpy(tmp + 16, ":00", 3);
		len += 3;
	}
	if (ltime_parse_iso(tmp, len, &t) != len)
		return bad;
	if (!t.has_off) {
		struct lzone z;
		lzone_init(&z, false, 0, now.sec, 0);
		if (!ltime_resolve(&t, &z))
			return bad;
	}
	out->sec = ltime_instant(&t);
	out->nsec = t.nsec;
	return NULL;
}
