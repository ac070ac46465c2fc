/*
 * fmt_python: Python logging's usual layouts.
 *
 *   2026-11-23 10:15:32,123 ERROR app.db message     (asctime levelname name)
 *   2026-11-23 10:15:32,123 - app.db - ERROR - message   (the cookbook's)
 *   [2026-11-23 10:15:32,123] ERROR in app: message  (Flask)
 *   ERROR:app.db:message                              (basicConfig's default)
 *
 * Field: module (the logger name).  A following traceback joins the
 * record: "Traceback (most recent call last):", its indented lines, the
 * exception line, and chained "During handling ..." sections.
 */
#include "format.h"
#include "scan.h"

static bool py_level(struct span w, struct entry *e)
{
	static const char *const names[] = { "DEBUG", "INFO", "WARNING", "WARN", "ERROR",
					     "CRITICAL", "FATAL", "NOTSET", NULL };
	for (int i = 0; names[i]; i++)
		if (span_eq(w, names[i])) {
			e->level = i == 7 ? LV_NONE : level_from_word(w.p, w.len);
			return true;
		}
	return false;
}

static bool timestamp(struct scan *s, struct entry *e)
{
	size_t used = ltime_parse_iso(s->p, scan_left(s), &e->ts);
	if (!used || s->p[10] != ' ')
		return false;
	s->p += used;
	e->has_ts = true;
	return true;
}

static bool python_parse(struct span line, struct entry *e)
{
	line = span_chomp(line);
	struct scan s = scan_make(line);
	struct span lv, mod;
	e->format = "python";
	if (line.len && is_digit(line.p[0])) {
		if (!timestamp(&s, e) || !scan_char(&s, ' '))
			return false;
		if (scan_char(&s, '-')) {
			/* "- name - LEVEL - msg" */
			if (!scan_char(&s, ' '))
				return false;
			mod = scan_token(&s);
			if (!scan_char(&s, ' ') || !scan_char(&s, '-') || !scan_char(&s, ' '))
				return false;
			lv = scan_token(&s);
			if (!py_level(lv, e) || !scan_char(&s, ' ') || !scan_char(&s, '-'))
				return false;
		} else {
			lv = scan_token(&s);
			if (!py_level(lv, e) || !scan_char(&s, ' '))
				return false;
			scan_spaces(&s);  /* "%(levelname)-8s" pads the level */
			mod = scan_token(&s);
		}
	} else if (scan_char(&s, '[')) {
		/* Flask: "[TS] LEVEL in module: msg" */
		if (!timestamp(&s, e) || !scan_char(&s, ']') || !scan_char(&s, ' '))
			return false;
		lv = scan_token(&s);
		if (!py_level(lv, e) || !scan_char(&s, ' '))
			return false;
		if (!span_eq(scan_token(&s), "in") || !scan_char(&s, ' ') || !scan_until(&s, ':', &mod))
			return false;
	} else {
		/* "LEVEL:name:msg" */
		if (!scan_until(&s, ':', &lv) || !py_level(lv, e) || !scan_until(&s, ':', &mod))
			return false;
		if (mod.len == 0 || memchr(mod.p, ' ', mod.len))
			return false;
	}
	/* "[%(name)s]" layouts: the logger name without its brackets */
	if (mod.len > 2 && mod.p[0] == '[' && mod.p[mod.len - 1] == ']') {
		mod.p++;
		mod.len -= 2;
	}
	if (mod.len == 0)
		return false;
	scan_spaces(&s);
	entry_message(e, scan_rest(&s));
	entry_str(e, "module", mod);
	return true;
}

static bool starts(struct span l, const char *lit) { return span_starts(l, lit); }

/* "ValueError: bad", "KeyboardInterrupt", "requests.exceptions.HTTPError: 500" */
static bool exception_line(struct span l)
{
	if (l.len == 0 || !((l.p[0] >= 'A' && l.p[0] <= 'Z') || (l.p[0] >= 'a' && l.p[0] <= 'z') ||
			    l.p[0] == '_'))
		return false;
	for (size_t i = 0; i < l.len; i++) {
		char c = l.p[i];
		if (c == ':')
			return true;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_' ||
		      c == '.'))
			return false;
	}
	return true;
}

enum { PY_START, PY_TRACE, PY_AFTER };

static bool python_join(struct span l, int *state)
{
	l = span_chomp(l);
	if (starts(l, "Traceback (most recent call last):")) {
		*state = PY_TRACE;
		return true;
	}
	if (*state == PY_START)
		return false;
	if (l.len == 0)
		return true;  /* blank lines between chained sections; the state stays */
	if (l.p[0] == ' ' || l.p[0] == '\t' ||
	    starts(l, "During handling of the above exception") ||
	    starts(l, "The above exception was the direct cause")) {
		*state = PY_TRACE;
		return true;
	}
	if (*state == PY_TRACE && exception_line(l)) {
		/* Not if it is the next record ("ERROR:app:msg"). */
		struct entry *e = &(struct entry){ 0 };
		entry_clear(e);
		if (python_parse(l, e))
			return false;
		*state = PY_AFTER;
		return true;
	}
	return false;
}

const struct format fmt_python = {
	.name = "python",
	.writes = "python",
	.desc = "Python logging: asctime levelname name message, and tracebacks",
	.parse = python_parse,
	.join = python_join,
	.join_key = "traceback",
};
