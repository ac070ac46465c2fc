/*
 * report: rendering a struct stats as lstat prints it.
 *
 * Three forms of the same report:
 *   - text: for people; aligned tables, thousands separators, bar charts
 *     for the distributions and the timeline, optional ANSI colour.  Every
 *     string that came from a log (sources, messages, paths, IPs, field
 *     values) is printed with control characters and invalid UTF-8 shown
 *     as \xNN escapes and bidirectional overrides as \u{202e} (as
 *     lib/human does), so no log line can drive the terminal.
 *   - json: one JSON document on one line with the keys of the report
 *     (period, summary, errors, performance, top_ips, timeline, by,
 *     sketch), documented in lstat(1).
 *   - tsv: one table per section; each row starts with the section name,
 *     and each table with a header row starting with '#'.  Tabs, newlines
 *     and backslashes in values are written \t, \n and \\.
 *
 * Not for: counting (lib/stats), deciding whether to use colour (the
 * program looks at the terminal and NO_COLOR and says so in the options).
 *
 * Ownership: the report is appended to the caller's struct buf; nothing
 * is kept.  report_write calls stats_finish on S.
 */
#ifndef LT_REPORT_H
#define LT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "stats.h"

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_TSV,
};

struct report_opts {
	enum report_format format;
	unsigned sections;     /* ST_* bits to print */
	size_t top;            /* rows per table */
	bool color;            /* ANSI colour in text */
	bool utf8;             /* bars with block characters, ellipsis */
};

void report_write(struct buf *b, struct stats *s, const struct report_opts *o);

/* Append v with thousands separators: 1234567 -> "1,234,567". */
void report_thousands(struct buf *b, unsigned long long v);

/*
 * Append s for a terminal: control characters, DEL and invalid UTF-8 as
 * \xNN (and \n, \t, \\ as such), bidirectional overrides and isolates
 * as \u{HHHH}, at most MAXW characters (0: no limit),
 * cut with an ellipsis.  Returns the number of characters written.
 */
size_t report_escape(struct buf *b, const char *s, size_t n, size_t maxw, bool utf8);

#endif
