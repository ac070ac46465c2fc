/*
 * fmt_logfmt: key=value lines (Heroku's logfmt; logrus's and go-kit's
 * text output).
 *
 *   time="2021-09-15T21:17:10.220731Z" level=error msg="pod not found" pod=x status=Pending
 *
 * time/ts/timestamp/@timestamp/t give the timestamp, level/lvl/severity
 * the level, msg/message the message; every other pair is a field under
 * its key (numbers typed as numbers).  A key alone (no '=') is skipped.
 * A line is logfmt when its first word is key=value and it has at least
 * two pairs; quoted values may hold spaces and \" escapes.  A value in
 * single quotes (Linux audit's msg='...') is not logfmt.
 */
#include "fmtkit.h"
#include "format.h"
#include "scan.h"
#include "stamp.h"

static bool key_char(char c)
{
	return c > ' ' && c != '=' && c != '"' && (unsigned char)c < 0x7f;
}

static const char *const ts_keys[] = { "time", "ts", "timestamp", "@timestamp", "t", NULL };
static const char *const lv_keys[] = { "level", "lvl", "severity", "loglevel", NULL };
static const char *const msg_keys[] = { "msg", "message", NULL };
static const char *const reserved[] = { "source", "format", "line", "raw", "template",
					"template_id", NULL };

static bool in(struct span k, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (span_eq(k, list[i]))
			return true;
	return false;
}

/* A quoted value: its body (unescaped into scratch when it has \). */
static bool quoted(struct scan *s, struct entry *e, struct span *v)
{
	const char *b = ++s->p;
	bool esc;
	scan_to_quote(s, &esc);
	if (s->p >= s->end)
		return false;
	*v = span_make(b, (size_t)(s->p - b));
	s->p++;
	if (esc) {
		char *o = entry_scratch(e, v->len);
		if (!o)
			return false;
		size_t n = 0;
		for (size_t i = 0; i < v->len; i++) {
			char c = v->p[i];
			if (c == '\\' && i + 1 < v->len) {
				c = v->p[++i];
				c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
			}
			o[n++] = c;
		}
		*v = span_make(o, n);
	}
	return true;
}

static bool logfmt_parse(struct span line, struct entry *e)
{
	line = span_chomp(line);
	if (line.len < 7 || !key_char(line.p[0]))
		return false;
	/* first word: key=value */
	size_t i = 0;
	while (i < line.len && key_char(line.p[i]))
		i++;
	if (i == 0 || i >= line.len || line.p[i] != '=')
		return false;
	struct scan s = scan_make(line);
	int pairs = 0;
	bool ts_done = false, lv_done = false, msg_done = false;
	e->format = "logfmt";
	while (!scan_done(&s)) {
		scan_spaces(&s);
		const char *kb = s.p;
		while (!scan_done(&s) && key_char(*s.p))
			s.p++;
		struct span k = span_make(kb, (size_t)(s.p - kb)), v = SPAN_NULL;
		if (!k.len)
			return false;
		if (!scan_char(&s, '=')) {
			if (!scan_done(&s) && *s.p != ' ')
				return false;
			continue;   /* a bare key */
		}
		if (!scan_done(&s) && *s.p == '"') {
			if (!quoted(&s, e, &v))
				return false;
		} else if (!scan_done(&s) && *s.p == '\'') {
			return false;   /* audit's msg='...': not logfmt */
		} else {
			const char *vb = s.p;
			while (!scan_done(&s) && *s.p != ' ')
				s.p++;
			v = span_make(vb, (size_t)(s.p - vb));
		}
		if (!scan_done(&s) && *s.p != ' ')
			return false;
		pairs++;
		if (!ts_done && in(k, ts_keys)) {
			size_t u = stamp_parse(v.p, v.len, &e->ts);
			if (u == v.len && u) {
				e->has_ts = ts_done = true;
				continue;
			}
		}
		if (!lv_done && in(k, lv_keys)) {
			int lv = fk_level(v, true);
			if (lv != LV_NONE) {
				e->level = lv;
				lv_done = true;
				continue;
			}
		}
		if (!msg_done && in(k, msg_keys)) {
			entry_message(e, v);
			msg_done = true;
			continue;
		}
		const char *key = fk_key(e, in(k, reserved) || in(k, msg_keys) || span_eq(k, "level") ||
					    span_eq(k, "timestamp") ? "logfmt" : NULL, k);
		if (key)
			fk_value(e, key, v);
	}
	return pairs >= 2;
}

const struct format fmt_logfmt = {
	.name = "logfmt",
	.writes = "logfmt",
	.desc = "logfmt: key=value pairs (time, level, msg mapped)",
	.parse = logfmt_parse,
};
