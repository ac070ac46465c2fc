/*
 * ingest: turning the lines of one input into records (lparse's engine).
 *
 * An ingest holds what one input needs between lines: the sticky format
 * detector, the time zone and year reference, a pending multi-line record
 * (a Python record waiting to see whether a traceback follows), and the
 * counts lparse --stats prints.  It does no I/O: lines come in as spans,
 * records go out appended to a struct buf.
 *
 * Accounting: every line fed is either a record's first line (records),
 * joined to the record before it (joined), or skipped (skipped, counted by
 * the caller through ingest_skip).  lines == records + joined + skipped.
 *
 * Ownership: ingest_new copies what it keeps of the options; ingest_free
 * releases everything.  The caller's struct buf is only appended to.
 */
#ifndef LT_INGEST_H
#define LT_INGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "format.h"
#include "ltime.h"
#include "template.h"

struct ingest_opts {
	const struct format *forced;   /* -F, or NULL to detect */
	const char *source;            /* the record "source" label */
	bool tz_fixed;                 /* zone-less times at tz_off, else local (TZ) */
	int tz_off;
	int64_t ref_time;              /* year reference: file mtime, or -1: now (see lzone_init) */
	int year;                      /* --year, or 0 */
	bool line_numbers;             /* -n: "line" */
	bool raw;                      /* --raw: "raw" */
	struct tpl_miner *templates;   /* --templates: "template", "template_id"
	                                  mined over "message"; not owned; NULL: off */
};

struct ingest_count {
	const char *format;
	uint64_t n;
};

struct ingest {
	uint64_t lines, records, joined, skipped, bytes;
	struct ingest_count formats[16];   /* records per "format" value */
	int nformats;
	/* private */
	struct ingest_opts opt;
	char *source;
	struct detector det;
	struct lzone zone;
	struct entry entry;
	const struct format *pend_fmt;     /* NULL: nothing pending */
	int pend_state;
	uint64_t pend_line;
	struct buf pend_head, pend_join, pend_raw;
};

struct ingest *ingest_new(const struct ingest_opts *opt);
void ingest_free(struct ingest *ing);

/* One input line (without '\n'), its line number; records go to OUT. */
void ingest_line(struct ingest *ing, struct span line, uint64_t lineno, struct buf *out);
/* A line that was not read whole (too long): counted, nothing written. */
void ingest_skip(struct ingest *ing);
/* Write out a pending multi-line record (at end of input, or before waiting). */
void ingest_flush(struct ingest *ing, struct buf *out);

#endif
