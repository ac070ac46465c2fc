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
 *   I, [2024-06-26T17:00:04.497736 #126554]  INFO -- : msg     (Ruby's Logger)
 *   [2017-11-09T02:12:24Z ERROR main] msg        (words after the time in its
 *                                                 brackets: the level among them)
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

/*
 * The words after the time inside its brackets: the first level word
 * among them goes to *lv.  False when the first word is a zone ("+0100",
 * "UTC", "PDT"): a time this parser would read without it.
 */
static bool bracket_words(struct span w, int *lv)
{
	size_t i = 0;
	bool first = true;
	while (i < w.len) {
		while (i < w.len && w.p[i] == ' ')
			i++;
		size_t b = i;
		while (i < w.len && w.p[i] != ' ')
			i++;
		if (i == b)
			break;
		struct span word = span_make(w.p + b, i - b);
		int l = fk_level(word, false);
		if (first && l == LV_NONE) {
			if (word.p[0] == '+' || word.p[0] == '-')
				return false;
			bool upper = word.len >= 3 && word.len <= 5;
			for (size_t k = 0; upper && k < word.len; k++)
				upper = word.p[k] >= 'A' && word.p[k] <= 'Z';
			if (upper)
				return false;
		}
		first = false;
		if (l != LV_NONE && *lv == LV_NONE)
			*lv = l;
	}
	return true;
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
	/* CUPS: "E [08/Jun/2013:11:28:58 -0700] msg", Ruby's Logger:
	 * "I, [2024-06-26T17:00:04.497736 #126554]  INFO -- : msg", the
	 * level as a letter */
	if (c0 >= 'A' && c0 <= 'Z' && (line.p[1] == ' ' || (line.p[1] == ',' && line.p[2] == ' '))) {
		size_t b = line.p[1] == ' ' ? 2 : 3;
		if (line.p[b] != '[' || (letter = fk_level(span_make(line.p, 1), true)) == LV_NONE)
			return false;
		i = b;
		c0 = '[';
	}
	if (c0 == '[')
		i++;
	size_t u = stamp_parse(line.p + i, line.len - i, &e->ts);
	if (!u)
		return false;
	i += u;
	int inner = LV_NONE;
	if (c0 == '[') {
		if (i < line.len && line.p[i] == ' ') {
			/* "[TS LEVEL target] msg" (Rust's env_logger), "[TS thread
			 * LEVEL logger] msg", "[TS #pid]": words up to the ']' */
			const char *q = memchr(line.p + i, ']', line.len - i);
			if (!q || !bracket_words(span_make(line.p + i, (size_t)(q - line.p - i)), &inner))
				return false;
			i = (size_t)(q - line.p);
		}
		if (i >= line.len || line.p[i] != ']')
			return false;
		i++;
	}
	/* the stamp must end at a separator */
	if (i < line.len && !sep(line.p[i]) && line.p[i] != '[')
		return false;
	e->format = "generic";
	e->has_ts = true;
	e->level = inner != LV_NONE ? inner : letter;
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
	.fallback = true,   /* any line with a time: not sticky (format.h) */
};
