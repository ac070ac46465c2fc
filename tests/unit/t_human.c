/* Unit tests of lib/human: option values, the colour decision, escaping
 * of log strings for a terminal, truncation, aligned tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "human.h"
#include "tap.h"

static void test_args(void)
{
	enum human_color c;
	enum human_format f;
	ok(human_color_arg("always", &c) && c == HUMAN_COLOR_ALWAYS, "--color=always");
	ok(human_color_arg("never", &c) && c == HUMAN_COLOR_NEVER, "--color=never");
	ok(human_color_arg("auto", &c) && c == HUMAN_COLOR_AUTO, "--color=auto");
	ok(!human_color_arg("blue", &c), "--color=blue refused");
	ok(human_format_arg("text", &f) && f == HUMAN_FORMAT_TEXT, "--format text");
	ok(human_format_arg("json", &f) && f == HUMAN_FORMAT_JSON, "--format json");
	ok(!human_format_arg("xml", &f), "--format xml refused");
}

static void test_color(void)
{
	/* a file is not a terminal */
	FILE *tmp = tmpfile();
	int fd = fileno(tmp);
	setenv("TERM", "xterm", 1);
	unsetenv("NO_COLOR");
	ok(!human_use_color(HUMAN_COLOR_AUTO, fd), "auto: no colour on a file");
	ok(human_use_color(HUMAN_COLOR_ALWAYS, fd), "always: colour on a file");
	setenv("NO_COLOR", "1", 1);
	ok(human_use_color(HUMAN_COLOR_ALWAYS, fd), "always beats NO_COLOR");
	ok(!human_use_color(HUMAN_COLOR_NEVER, fd), "never");
	ok(!human_use_text(HUMAN_FORMAT_AUTO, fd), "auto: NDJSON on a file");
	ok(human_use_text(HUMAN_FORMAT_TEXT, fd), "text when told");
	fclose(tmp);
	is_str(human_sev_sgr("critical"), "1;31", "critical is bold red");
	is_str(human_sev_sgr("nonsense"), "", "unknown severity has no colour");
}

static void test_escape(void)
{
	struct buf b = BUF_INIT;
	size_t w = human_str(&b, "a\033[2Jb\x7f", 7);
	is_str(b.p, "a\\x1b[2Jb\\x7f", "ESC and DEL escaped");
	is_int((int)w, 13, "width of the escaped text");
	buf_reset(&b);
	human_str(&b, "\xff\xc3\xa9\xc2", 4);
	is_str(b.p, "\\xff\xc3\xa9\\xc2", "invalid UTF-8 escaped, valid kept");
	buf_reset(&b);
	w = human_str(&b, "x\xe2\x80\xaey\xc2\x9b", 7);
	is_str(b.p, "x\\u{202e}y\\u{009b}", "bidi override and C1 CSI escaped");
	buf_reset(&b);
	w = human_str(&b, "h\xc3\xa9llo", 6);
	is_int((int)w, 5, "width counts code points");
	buf_reset(&b);
	w = human_str_max(&b, "abcdefgh", 8, 5);
	is_str(b.p, "abcd\xe2\x80\xa6", "cut with an ellipsis");
	is_int((int)w, 5, "cut width is the maximum");
	buf_reset(&b);
	w = human_str_max(&b, "abcde", 5, 5);
	is_str(b.p, "abcde", "exact fit is not cut");
	buf_reset(&b);
	human_str(&b, "a\0b", 3);
	is_str(b.p, "a\\x00b", "NUL escaped");
	buf_free(&b);
}

static void test_table(void)
{
	static const char *const head[] = { "type", "count" };
	struct human_table *t = human_table_new(2, head, "lr");
	human_table_cell(t, NULL, "sqli", 4);
	human_table_cellf(t, NULL, "%d", 12);
	human_table_cell(t, "31", "path_traversal", 14);
	human_table_cellf(t, NULL, "%d", 3);
	is_int((int)human_table_rows(t), 2, "two rows");
	struct buf b = BUF_INIT;
	human_table_render(t, &b, false);
	is_str(b.p,
	       "type            count\n"
	       "sqli               12\n"
	       "path_traversal      3\n", "aligned, right-aligned numbers");
	buf_reset(&b);
	human_table_render(t, &b, true);
	ok(strstr(b.p, "\033[31mpath_traversal\033[0m") != NULL, "cell colour");
	ok(strstr(b.p, "\033[1mtype\033[0m") != NULL, "bold header");
	buf_free(&b);
	human_table_free(t);
}

int main(void)
{
	test_args();
	test_color();
	test_escape();
	test_table();
	return tap_done();
}
