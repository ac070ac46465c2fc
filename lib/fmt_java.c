/*
 * fmt_java: Java logging layouts (log4j, log4j2, logback, Spring Boot).
 *
 *   2015-05-22 16:10:00,123 [Worker-5] INFO  com.example.Task - msg    (log4j %d [%t] %p %c - %m)
 *   2026-11-23 10:15:32.123 [main] ERROR c.e.App - msg                  (logback default, with %d)
 *   16:10:00.123 [main] INFO com.example.App - msg                      (logback, time only)
 *   2026-11-23 10:15:32,123 ERROR c.e.App [main] msg                    (log4j2 %d %p %c{1.} [%t] %m)
 *   2026-11-23T10:15:32.123+01:00  INFO 1234 --- [main] o.s.b.App : msg  (Spring Boot)
 *   2025-01-24T07:00:30,139 INFO [main   ] FarmApplication  : msg
 *
 * After the time come, in any order, a level word (required), a thread in
 * brackets, a logger name, a pid and "---"; then " - " or " : " or a
 * space, then the message.  A line must have a thread or a " - "/" : "
 * separator to be taken as Java (Python's "TS LEVEL name msg" is not).
 * A time without a date gives no timestamp.
 *
 * Fields: thread, logger, pid.  Continuation lines join into stacktrace:
 * the exception line right after the record, "\tat ...", "Caused by: ...",
 * "Suppressed: ...", "\t... N more" and other indented lines.
 */
#include "fmtkit.h"
#include "format.h"
#include "scan.h"
#include "stamp.h"

static bool time_only(struct scan *s)
{
	/* HH:MM:SS.mmm */
	if (scan_left(s) < 12 || s->p[2] != ':' || s->p[5] != ':' || (s->p[8] != '.' && s->p[8] != ','))
		return false;
	for (int i = 0; i < 12; i++)
		if (i != 2 && i != 5 && i != 8 && !is_digit(s->p[i]))
			return false;
	s->p += 12;
	while (!scan_done(s) && is_digit(*s->p))
		s->p++;
	return true;
}

static bool logger_like(struct span w)
{
	if (!w.len || !((w.p[0] >= 'a' && w.p[0] <= 'z') || (w.p[0] >= 'A' && w.p[0] <= 'Z')))
		return false;
	for (size_t i = 0; i < w.len; i++) {
		char c = w.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' ||
		      c == '_' || c == '$' || c == '-'))
			return false;
	}
	return true;
}

static bool java_parse(struct span line, struct entry *e)
{
	line = span_chomp(line);
	if (line.len < 20 || !is_digit(line.p[0]))
		return false;
	struct scan s = scan_make(line);
	size_t u = ltime_parse_iso(line.p, line.len, &e->ts);
	if (u) {
		s.p += u;
		e->has_ts = true;
	} else if (!time_only(&s)) {
		return false;
	}
	if (!scan_char(&s, ' '))
		return false;
	struct span thread = SPAN_NULL, logger = SPAN_NULL, pid = SPAN_NULL;
	int lv = LV_NONE;
	bool sep = false;
	for (int item = 0; item < 6 && !sep; item++) {
		scan_spaces(&s);
		if (scan_done(&s))
			break;
		if (*s.p == '[') {
			if (thread.p)
				break;
			struct scan t = s;
			t.p++;
			if (!scan_until(&t, ']', &thread))
				return false;
			while (thread.len && thread.p[thread.len - 1] == ' ')
				thread.len--;
			while (thread.len && thread.p[0] == ' ') {   /* Spring Boot pads left */
				thread.p++;
				thread.len--;
			}
			s = t;
			continue;
		}
		struct scan t = s;
		struct span w = scan_token(&t);
		if (lv == LV_NONE && (lv = fk_level(w, false)) != LV_NONE) {
			s = t;
			continue;
		}
		if (span_eq(w, "---")) {
			s = t;
			continue;
		}
		if (!pid.p && lv != LV_NONE && !logger.p && span_all_digits(w)) {
			pid = w;
			s = t;
			continue;
		}
		if ((span_eq(w, "-") || span_eq(w, ":")) && lv != LV_NONE) {
			s = t;
			sep = true;
			break;
		}
		if (!logger.p && lv != LV_NONE && logger_like(w)) {
			/* "Logger:" also ends the header */
			logger = w;
			s = t;
			if (logger.len > 1 && logger.p[logger.len - 1] == ':') {
				logger.len--;
				sep = true;
			}
			continue;
		}
		break;
	}
	if (lv == LV_NONE || (!thread.p && !sep) || (!logger.p && !sep && !thread.p))
		return false;
	/* "TS LEVEL [name] msg" is Python's bracketed layout, and log4j's
	 * "%d %p [%c] %m" alike: no logger, no separator; leave it to python. */
	if (!logger.p && !sep && !pid.p)
		return false;
	e->format = "java";
	e->level = lv;
	scan_spaces(&s);
	entry_message(e, scan_rest(&s));
	if (thread.p)
		entry_str(e, "thread", thread);
	if (logger.p)
		entry_str(e, "logger", logger);
	if (pid.p)
		entry_num(e, "pid", pid);
	return true;
}

/* "java.lang.IllegalStateException: msg", "com.x.MyError", "Exception in thread ..." */
static bool exception_line(struct span l)
{
	if (span_starts(l, "Exception in thread "))
		return true;
	size_t i = 0;
	bool dot = false;
	while (i < l.len && l.p[i] != ':' && l.p[i] != ' ') {
		char c = l.p[i];
		if (c == '.')
			dot = true;
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
			   c == '$'))
			return false;
		i++;
	}
	if (!dot || (i < l.len && l.p[i] != ':'))
		return false;
	struct span name = span_make(l.p, i);
	static const char *const ends[] = { "Exception", "Error", "Throwable", NULL };
	for (int k = 0; ends[k]; k++) {
		size_t n = strlen(ends[k]);
		if (name.len >= n && memcmp(name.p + name.len - n, ends[k], n) == 0)
			return true;
	}
	return false;
}

static bool java_join(struct span l, int *state)
{
	l = span_chomp(l);
	if (l.len == 0)
		return false;
	if (l.p[0] == '\t' || (l.p[0] == ' ' && l.len > 4 && (span_starts(l, "    at ") ||
							  span_starts(l, "    ...") || *state)) ||
	    span_starts(l, "Caused by: ") || span_starts(l, "Suppressed: ")) {
		*state = 1;
		return true;
	}
	if (exception_line(l)) {
		*state = 1;
		return true;
	}
	return false;
}

const struct format fmt_java = {
	.name = "java",
	.writes = "java",
	.desc = "Java log4j/logback/Spring Boot layouts, and stack traces",
	.parse = java_parse,
	.join = java_join,
	.join_key = "stacktrace",
};
