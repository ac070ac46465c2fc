/*
 * format: the table of log formats and the per-input detector.
 *
 * Each format lives in its own fmt_*.c and exports one struct format.
 * A parser reads one line into a struct entry (see entry.h) and returns
 * whether the line is of its format; it must reject what it does not
 * understand rather than invent fields.  A format that allows
 * continuation lines (Python tracebacks) provides join(), asked about
 * each following line with a state that starts at 0 for every record.
 *
 * Detection is per input and sticky: the format that matched last is
 * tried first, then the others in table order, then "raw".  A fallback
 * format (generic, raw) is never the sticky choice, so a line it takes
 * does not hide the next lines from the formats that know them better.
 */
#ifndef LT_FORMAT_H
#define LT_FORMAT_H

#include <stdbool.h>

#include "entry.h"

struct format {
	const char *name;       /* the name -F takes */
	const char *writes;     /* the "format" values its records carry */
	const char *desc;
	bool (*parse)(struct span line, struct entry *e);
	bool (*join)(struct span line, int *state);   /* NULL: single-line format */
	const char *join_key;   /* the field joined lines go into */
	bool fallback;          /* takes what the others leave: never the sticky choice */
};

extern const struct format fmt_access, fmt_syslog, fmt_rfc5424, fmt_python, fmt_raw;
/* issue 8: fmt_json.c, fmt_errorlog.c, fmt_alb.c, fmt_glog.c, fmt_java.c,
 * fmt_logfmt.c, fmt_generic.c */
extern const struct format fmt_json, fmt_apache_error, fmt_nginx_error, fmt_alb, fmt_elb,
	fmt_glog, fmt_golog, fmt_java, fmt_logfmt, fmt_generic;

/* The formats in detection order, NULL-terminated (raw is last). */
extern const struct format *const format_table[];

/*
 * Formats defined at run time (custom.h: -p, --formats), tried before the
 * table in the order registered.  Register before parsing starts.
 */
#define FORMAT_EXTRA_MAX 16
bool format_register(const struct format *f);
/* The I-th registered format, NULL past the last. */
const struct format *format_registered(int i);

/* A format by its name or by one of the names it writes; NULL if unknown. */
const struct format *format_find(const char *name);

struct detector {
	const struct format *forced;  /* -F: only this one, else raw */
	const struct format *last;    /* sticky choice */
};

/* Parse LINE into E with the detector's rules; never fails (raw at worst). */
const struct format *format_parse(struct detector *d, struct span line, struct entry *e);

#endif
