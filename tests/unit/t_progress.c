/* Unit tests of lib/progress: the line's text (bytes, percent, rate, time
 * left), its width on narrow terminals, escaping of the name, the tick
 * that decides when to look at the clock, and the 100 ms between lines. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "progress.h"
#include "tap.h"

/* LINE without its leading "\r" and trailing "\033[K", which it must have */
static const char *text(const char *line, size_t len)
{
	static char out[256];
	if (!(len >= 4 && line[0] == '\r' && memcmp(line + len - 3, "\033[K", 3) == 0))
		return "(not framed by CR and erase-to-end)";
	size_t n = len - 4 < sizeof out - 1 ? len - 4 : sizeof out - 1;
	memcpy(out, line + 1, n);
	out[n] = '\0';
	return out;
}

/* columns of UTF-8 text */
static size_t cols(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void test_text(void)
{
	size_t len;
	struct progress *p = progress_new(100);
	progress_file(p, "access.log", 1000000000);
	const char *l = progress_line(p, 250000000, 3000000, 1.0, &len);
	is_int(len, strlen(l), "*len is the line's length");
	is_str(text(l, len), "access.log: 250.0 MB of 1.00 GB (25%), 3.0M records/s, 0:03 left",
	       "bytes of the size, percent, records/s, time left");
	l = progress_line(p, 0, 0, 0.0, &len);
	is_str(text(l, len), "access.log: 0 B of 1.00 GB (0%), 0 records/s, --:-- left",
	       "nothing read yet: no time left to tell");
	l = progress_line(p, 1000000, 12345, 10.0, &len);
	is_str(text(l, len), "access.log: 1.0 MB of 1.00 GB (0%), 1.2k records/s, 2:46:30 left",
	       "hours left");
	l = progress_line(p, 1000, 1, 1.0, &len);
	is_str(text(l, len), "access.log: 1.0 kB of 1.00 GB (0%), 1 records/s, --:-- left",
	       "over 99 hours left is not worth telling");
	l = progress_line(p, 2000000000, 7, 1.0, &len);
	is_str(text(l, len), "access.log: 1.00 GB of 1.00 GB (100%), 7 records/s, 0:00 left",
	       "a file that grew since it was opened is at 100%, not beyond");
	progress_file(p, "a\033]0;x\007.log", 100);
	l = progress_line(p, 50, 5, 1.0, &len);
	is_str(text(l, len), "a\\x1b]0;x\\x07.log: 50 B of 100 B (50%), 5 records/s, 0:01 left",
	       "control characters in the name are escaped");
	progress_free(p);
}

static void test_width(void)
{
	size_t len;
	struct progress *p = progress_new(40);
	progress_file(p, "access.log", 1000000000);
	const char *l = progress_line(p, 250000000, 3000000, 1.0, &len);
	is_str(text(l, len), "access.log: 25%, 3.0M rec/s, 0:03 left",
	       "40 columns: the short form, with the name");
	progress_free(p);

	p = progress_new(34);
	progress_file(p, "a-very-long-file-name.log", 1000000000);
	l = progress_line(p, 250000000, 3000000, 1.0, &len);
	is_str(text(l, len), "a-ve\xe2\x80\xa6: 25%, 3.0M rec/s, 0:03 left",
	       "34 columns: the name is cut");
	ok(cols(text(l, len)) <= 33, "and the line fits in 33 columns");
	progress_free(p);

	p = progress_new(20);
	progress_file(p, "access.log", 1000000000);
	l = progress_line(p, 250000000, 3000000, 1.0, &len);
	ok(cols(text(l, len)) <= 19, "20 columns: the line fits in 19 columns");
	progress_free(p);

	p = progress_new(0);
	progress_file(p, "access.log", 1000000000);
	l = progress_line(p, 250000000, 3000000, 1.0, &len);
	is_str(text(l, len), "access.log: 250.0 MB of 1.00 GB (25%), 3.0M records/s, 0:03 left",
	       "width 0 is taken as 80 columns");
	progress_free(p);
}

static void test_tick(void)
{
	struct progress *p = progress_new(80);
	progress_file(p, "x", 1000);
	int first = 0;
	for (int i = 1; i <= 3 * PROGRESS_LINES && !first; i++)
		if (progress_tick(p, 10))
			first = i;
	is_int(first, PROGRESS_LINES, "short lines: the clock is looked at every PROGRESS_LINES lines");
	ok(progress_tick(p, 2 << 20), "a line over PROGRESS_BYTES: at once");
	ok(!progress_tick(p, 10), "and the count starts again");

	size_t len;
	ok(!progress_poll(p, 1, 1, &len), "no line in the first 100 ms");
	struct timespec ts = { 0, 120 * 1000000 };
	nanosleep(&ts, NULL);
	ok(progress_poll(p, 1, 1, &len) != NULL, "a line after 100 ms");
	ok(!progress_poll(p, 2, 2, &len), "not another at once");
	progress_free(p);
}

int main(void)
{
	test_text();
	test_width();
	test_tick();
	return tap_done();
}
