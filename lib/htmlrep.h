/*
 * htmlrep: lstat's report as one self-contained HTML page (lstat --html).
 *
 * What it is for: turning the JSON report (as report_write writes it with
 * REPORT_JSON) into a page that opens anywhere without a network: inline
 * CSS and SVG charts, no script, no font, no external reference, and a
 * Content-Security-Policy that forbids scripts and remote loads, so even
 * a mistake here cannot let a log run code in the reader's browser.
 * Sections: the period and totals, the timeline of records and errors,
 * level and status distributions, top sources, IPs and paths, error
 * patterns and messages, response-time percentiles, the --by tables, and
 * the security section (findings by type as an SVG bar chart coloured by
 * severity, severities, attacking IPs with their types, targeted paths,
 * brute-force sources and users, anomalies) when the report has one.
 *
 * Every string from the report (so from logs) is HTML-escaped: & < > " '
 * become entities, control characters and invalid UTF-8 become U+FFFD.
 *
 * What it is not for: counting (stats) or deciding what the report holds
 * (report); it renders whatever sections the JSON has.
 *
 * Memory: the page is appended to the caller's buffer; nothing is kept.
 */
#ifndef LT_HTMLREP_H
#define LT_HTMLREP_H

#include <stddef.h>

#include "buf.h"
#include "span.h"

/* Append the page for REPORT (one JSON object); TITLE is shown escaped.
 * Returns NULL, or the reason REPORT is not a JSON object. */
const char *htmlrep_write(struct buf *out, struct span report, const char *title);

/* Append s[0..n) HTML-escaped (text and attribute values). */
void htmlrep_escape(struct buf *out, const char *s, size_t n);

#endif
