/*
 * fmt_glog: Google's glog, Kubernetes' klog, and Go's standard log.
 *
 *   I20210131 14:48:54.411655 15520 main.c++:9] Hello world!     (glog)
 *   I0505 17:59:40.692994   28133 klog.go:70] hello from klog      (klog)
 *   2009/11/10 23:00:00 message                                     (golog)
 *   2009/11/10 23:00:00.123456 main.go:12: message                  (golog)
 *
 * glog and klog: the letter is the level (I W E F), the number after the
 * time a thread id (field thread), then caller ("file:line").  klog has
 * no year.  Go's log writes no level; lparse finds it in the message,
 * and takes "file.go:N: " (Lshortfile/Llongfile) as caller.
 */
#include "fmtkit.h"
#include "format.h"
#include "scan.h"
#include "stamp.h"

static bool two(const char *p, int *v)
{
	if (!is_digit(p[0]) || !is_digit(p[1]))
		return false;
	*v = (p[0] - '0') * 10 + (p[1] - '0');
	return true;
}

static bool glog_parse(struct span line, struct entry *e)
{
	line = span_chomp(line);
	if (line.len < 22)
		return false;
	int lv;
	switch (line.p[0]) {
	case 'I': lv = LV_INFO; break;
	case 'W': lv = LV_WARNING; break;
	case 'E': lv = LV_ERROR; break;
	case 'F': lv = LV_CRITICAL; break;
	default: return false;
	}
	const char *p = line.p + 1, *end = line.p + line.len;
	struct ltime *t = &e->ts;
	memset(t, 0, sizeof *t);
	int yy, cc;
	bool klog = p[4] == ' ';
	if (!klog) {
		if (end - p < 9 || p[8] != ' ' || !two(p, &cc) || !two(p + 2, &yy))
			return false;
		t->year = cc * 100 + yy;
		p += 4;
	}
	if (!two(p, &t->mon) || !two(p + 2, &t->day) || p[4] != ' ' || t->year < 0 ||
	    (!klog && t->year == 0) || !ltime_valid_date(t->year, t->mon, t->day))
		return false;
	p += 5;
	/* the clock, via the ISO parser's sibling for HH:MM:SS.frac */
	struct ltime c;
	char buf[40] = "2000/01/01 ";
	size_t n = (size_t)(end - p) < 20 ? (size_t)(end - p) : 20;
	memcpy(buf + 11, p, n);
	size_t u = stamp_parse_slash(buf, 11 + n, &c);
	if (u <= 11)
		return false;
	t->hour = c.hour;
	t->min = c.min;
	t->sec = c.sec;
	t->nsec = c.nsec;
	t->ndigits = c.ndigits;
	p += u - 11;
	struct scan s = { p, end };
	if (!scan_char(&s, ' '))
		return false;
	scan_spaces(&s);
	struct span tid = scan_token(&s), caller;
	if (!span_all_digits(tid) || !scan_char(&s, ' ') || !scan_until(&s, ']', &caller) ||
	    !caller.len || memchr(caller.p, ' ', caller.len))
		return false;
	e->format = klog ? "klog" : "glog";
	e->has_ts = true;
	e->level = lv;
	scan_char(&s, ' ');
	entry_message(e, scan_rest(&s));
	entry_num(e, "thread", tid);
	entry_str(e, "caller", caller);
	return true;
}

const struct format fmt_glog = {
	.name = "glog",
	.writes = "glog klog",
	.desc = "glog and klog: Lmmdd hh:mm:ss.uuuuuu thread file:line] msg",
	.parse = glog_parse,
};

static bool golog_parse(struct span line, struct entry *e)
{
	line = span_chomp(line);
	if (line.len < 21 || line.p[4] != '/' || line.p[19] == '[')
		return false;
	size_t u = stamp_parse_slash(line.p, line.len, &e->ts);
	if (u != 19 && u != 23 && u != 26)    /* Ltime, Lmicroseconds */
		return false;
	if (u >= line.len || line.p[u] != ' ' || line.p[10] != ' ')
		return false;
	struct scan s = { line.p + u + 1, line.p + line.len };
	/* "[INFO]" after the time is a level: that is generic's layout */
	if (!scan_done(&s) && *s.p == '[')
		return false;
	e->format = "golog";
	e->has_ts = true;
	struct scan t = s;
	struct span tok = scan_token(&t);
	if (tok.len > 4 && tok.p[tok.len - 1] == ':') {
		const char *go = NULL;
		for (size_t i = 0; i + 4 <= tok.len; i++)
			if (memcmp(tok.p + i, ".go:", 4) == 0)
				go = tok.p + i;
		if (go) {
			entry_str(e, "caller", span_make(tok.p, tok.len - 1));
			scan_char(&t, ' ');
			s = t;
		}
	}
	entry_message(e, scan_rest(&s));
	return true;
}

const struct format fmt_golog = {
	.name = "golog",
	.writes = "golog",
	.desc = "Go's log package: yyyy/mm/dd hh:mm:ss[.us] [file.go:N: ]msg",
	.parse = golog_parse,
};
