/*
 * Unit tests of lib/tsv: cells that never break a table.
 */
#include <string.h>

#include "tap.h"
#include "tsv.h"

static const char *cell(const char *s, size_t n)
{
	static struct buf b;
	buf_reset(&b);
	tsv_cell(&b, s, n);
	return b.p ? b.p : "";
}

static const char *val(enum json_type t, const char *raw)
{
	static struct buf b, scratch;
	buf_reset(&b);
	tsv_value(&b, (struct json_val){ t, span_str(raw) }, &scratch);
	return b.p ? b.p : "";
}

int main(void)
{
	is_str(cell("plain text", 10), "plain text", "plain text as is");
	is_str(cell("a\tb\nc\rd\\e", 9), "a\\tb\\nc\\rd\\\\e", "TAB, LF, CR, backslash escaped");
	is_str(cell("\x1b[31m\x7f", 6), "\\x1b[31m\\x7f", "ESC and DEL as \\xHH");
	is_str(cell("a\0b", 3), "a\\x00b", "NUL as \\x00");
	is_str(cell("caf\xc3\xa9", 5), "caf\xc3\xa9", "valid UTF-8 kept");
	is_str(cell("\xff" "x\xc3", 3), "\xef\xbf\xbdx\xef\xbf\xbd", "invalid UTF-8 -> U+FFFD");
	is_str(cell("", 0), "", "empty cell");
	is_str(val(JSON_STRING, "\"a\\tb\\u00e9\""), "a\\tb\xc3\xa9", "string decoded then escaped");
	is_str(val(JSON_NUMBER, "1.5e3"), "1.5e3", "number as written");
	is_str(val(JSON_TRUE, "true"), "true", "true");
	is_str(val(JSON_NULL, "null"), "null", "null");
	is_str(val(JSON_OBJECT, "{\"a\":[1,2]}"), "{\"a\":[1,2]}", "object as JSON text");
	is_str(val(JSON_NONE, ""), "", "missing: empty");
	return tap_done();
}
