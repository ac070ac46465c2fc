/*
 * fmt_generic: the fallback before raw, for lines no named format takes
 * that begin with a recognisable timestamp (see stamp.h: ISO 8601,
 * YYYY/MM/DD, YY/MM/DD, DD/Mon/YYYY:HH:MM:SS, Mon DD HH:MM:SS, ctime,
 * epoch seconds), maybe in brackets, then an optional level word,
 * bracketed ("[WARN]") or padded ("WARN  ", "WARN:", "WARN |").
 *
 *   2012-07-02 10:22:40,672:DEBUG:foo bar baz
 *   [2026-11-23 10:15:32] [warning] disk almost full
 *   1700000000.123 ERROR oops
 *   E [08/Jun/2013:11:28:58 -0700] msg           (CUPS: the level as a letter)
 *
 * The rest is the message.  No fields of its own.
 */
#include "fmtkit.h"
#include "format.h"
#include "scan.h"
#include "stamp.h"

static bool sep(char c)
{
	return c == ' ' || c == ':' || c == '|' || c == '-' || c == ',' || c == '\t';
}

static bool generic_parse(struct span line, struct entry *e)
{
	line = span_chomp(line);
	if (line.len < 9)
		return false;
	char c0 = line.p[0];
	if (!(is_digit(c0) || c0 == '[' || (c0 >= 'A' && c0 <= 'Z') || (c0 >= 'a' && c0 <= 'z')))
		return false;
	int letter = LV_NONE;
	size_t i = 0;
	/* CUPS: "E [08/Jun/2013:11:28:58 -0700] msg", the level as a letter */
	if (c0 >= 'A' && c0 <= 'Z' && line.p[1] == ' ' && line.p[2] == '[') {
		if ((letter = fk_level(span_make(line.p, 1), true)) == LV_NONE)
			return false;
		i = 2;
		c0 = '[';
	}
	if (c0 == '[')
		i++;
	size_t u = stamp_parse(line.p + i, line.len - i, &e->ts);
	if (!u)
		return false;
	i += u;
	if (c0 == '[') {
		if (i >= line.len || line.p[i] != ']')
			return false;
		i++;
	}
	/* the stamp must end at a separator */
	if (i < line.len && !sep(line.p[i]) && line.p[i] != '[')
		return false;
	e->format = "generic";
	e->has_ts = true;
	e->level = letter;
	while (i < line.len && sep(line.p[i]))
		i++;
	/* an optional level word */
	if (i < line.len) {
		size_t b = i, end;
		bool br = line.p[i] == '[';
		if (br)
			b++;
		end = b;
		while (end < line.len && !sep(line.p[end]) && line.p[end] != ']')
			end++;
		bool ok = br ? end < line.len && line.p[end] == ']' : end == line.len || sep(line.p[end]);
		int lv = ok ? fk_level(span_make(line.p + b, end - b), false) : LV_NONE;
		if (lv != LV_NONE) {
			e->level = lv;
			i = end + (br ? 1 : 0);
			while (i < line.len && sep(line.p[i]))
				i++;
		}
	}
	entry_message(e, span_make(line.p + i, line.len - i));
	return true;
}

const struct format fmt_generic = {
	.name = "generic",
	.writes = "generic",
	.desc = "any line that begins with a timestamp, and an optional level word",
	.parse = generic_parse,
};
