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

/* "15m", "2h", "1h30m", "7d", "30s", "1w"; seconds into *secs. */
static bool parse_relative(const char *s, size_t n, int64_t *secs)
{
	int64_t total = 0;
	size_t i = 0;
	if (n == 0)
		return false;
	while (i < n) {
		int64_t v = 0;
		size_t d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (v > 1000000000)
				return false;
			v = v * 10 + (s[i] - '0');
			i++;
		}
		if (i == d || i == n)
			return false;
		int64_t unit;
		switch (s[i++]) {
		case 's': unit = 1; break;
		case 'm': unit = 60; break;
		case 'h': unit = 3600; break;
		case 'd': unit = 86400; break;
		case 'w': unit = 7 * 86400; break;
		default: return false;
		}
		total += v * unit;
		if (total > (int64_t)1 << 45)   /* a million years is enough */
			return false;
	}
	*secs = total;
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
		int64_t secs;
		if (parse_relative(r, rn, &secs)) {
			*out = (struct instant){ now.sec - secs, now.nsec };
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
