/*
 * anomaly: lanomaly's detectors and the baselines they compare against.
 *
 * Records go in one at a time (anomaly_add) with their event time; the
 * detectors keep per-source and per-IP state and report findings through
 * a callback as soon as they are known:
 *
 *   error_spike    ERROR+CRITICAL in a bucket (and in its hour) against
 *                  records x the source's error ratio (trailing 24 h, or
 *                  the same hour of day once several days are known)
 *   volume_spike   records in a bucket (and hour) against the mean for
 *                  that hour of day, or the trailing 24 h
 *   silence        a source that logged regularly, quiet for at least
 *                  `silence` seconds while >= `silence_expected` records
 *                  were expected
 *   new_template   the first WARNING-or-worse record of a template never
 *                  seen before, after the learning period (`learn`
 *                  seconds from the first record of the record's source)
 *   suspicious_ip  an IP with >= ip_min records in an hour whose error
 *                  ratio is >= max(ip_min_ratio, ip_rel x overall) and
 *                  unlikely under a binomial tail
 *
 * A spike is flagged when observed >= min_ratio x expected, observed -
 * expected >= min_excess and the Poisson tail P(X >= observed) <= max_p.
 * Flagged buckets and hours stay out of the baseline.  The mean of the
 * same bucket of earlier days, when it is itself spike-sized against the
 * expectation, becomes the expectation (a daily job's burst); that table
 * learns from every bucket, so what repeats daily becomes expected.
 *
 * Time: buckets close when event time passes their end plus `lag`.  Each
 * source has its own clock (so files of different sources read one after
 * the other still work), and the largest time seen is the global clock,
 * which closes the buckets of the sources that are in step with it and
 * decides silence.  The "all sources" series runs on the global clock and
 * is evaluated only when there are two or more sources, one bucket later
 * than the sources, and is not reported where a source already was.
 *
 * ANOMALY_FIXED is the seed's rule set instead: an hour (all sources)
 * with more than fixed_errors errors, an IP with more than
 * fixed_ip_requests records and an error rate above fixed_ip_rate, over
 * the whole input; findings come at anomaly_finish.
 *
 * "Error" for an IP: an HTTP status >= 400 when the record has one, else
 * level ERROR or worse.  For error_spike: level ERROR or worse.
 *
 * Not for: reading records (ndjson.h) or printing; nothing here writes
 * anywhere but the caller's buffers and callback.
 *
 * Memory: anomaly_new returns a detector that anomaly_free releases.
 * A source costs about 4 KB plus 12 bytes per bucket of the day.
 * Sources and IPs are kept up to max_keys each; records of keys beyond
 * that are counted in the stats and left out.  A finding passed to the
 * callback, and every pointer in it, is valid only during the call.
 * Spans in a struct anomaly_rec are only read during anomaly_add.
 */
#ifndef LT_ANOMALY_H
#define LT_ANOMALY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "span.h"

enum anomaly_mode { ANOMALY_BASELINE, ANOMALY_FIXED };

enum anomaly_type {
	AN_ERROR_SPIKE,
	AN_VOLUME_SPIKE,
	AN_SILENCE,
	AN_NEW_TEMPLATE,
	AN_SUSPICIOUS_IP,
	AN_NTYPES
};

enum anomaly_severity { AN_LOW, AN_MEDIUM, AN_HIGH, AN_CRITICAL };

struct anomaly_opts {
	enum anomaly_mode mode;
	int64_t bucket;          /* seconds, 60 or more, dividing 3600 (else 300) */
	int64_t lag;             /* seconds; at most 6 buckets */
	double min_ratio;        /* 3 */
	double min_excess;       /* 5 */
	double max_p;            /* 1e-6 */
	int64_t silence;         /* seconds, 300 */
	double silence_expected; /* 12 */
	int64_t learn;           /* seconds of templates learnt before new_template, 86400 */
	size_t max_keys;         /* sources, IPs, templates each */
	uint64_t ip_min;         /* 20 */
	double ip_min_ratio;     /* 0.5 */
	double ip_rel;           /* 5 */
	uint64_t fixed_errors;   /* 100 */
	uint64_t fixed_ip_requests; /* 100 */
	double fixed_ip_rate;    /* 0.5 */
	unsigned types;          /* bit (1 << AN_*) per detector to run; 0: all */
};

#define ANOMALY_OPTS_DEFAULT                                                         \
	{ ANOMALY_BASELINE, 300, 60, 3, 5, 1e-6, 300, 12, 86400, 100000, 20, 0.5, 5, \
	  100, 100, 0.5, 0 }

/* One record, as the program read it.  Empty spans mean "absent". */
struct anomaly_rec {
	bool has_time;
	int64_t sec;             /* event time, seconds since the epoch */
	int level;               /* enum level; LV_NONE counts as INFO */
	int status;              /* HTTP status, 0 when none */
	struct span source;
	struct span ip;
	struct span path;        /* an access log's path (suspicious_ip shows them) */
	struct span message;
	struct span tmpl;        /* a "template" the record carries, if any */
	bool has_tmpl_id;
	uint64_t tmpl_id;        /* its "template_id" */
};

#define ANOMALY_TOP 3

struct anomaly_top {
	const char *text;        /* template text (NULL: not known) */
	size_t len;
	uint64_t id;
	uint64_t count;          /* at most this many (a sketch may overcount) */
};

struct anomaly_finding {
	enum anomaly_type type;
	enum anomaly_severity severity;
	int64_t start, end;      /* seconds since the epoch */
	int64_t window;          /* bucket length in seconds, 0 for none */
	struct span source;      /* p NULL: all sources, or not relevant */
	struct span ip;
	struct span tmpl;
	uint64_t tmpl_id;
	int level;               /* new_template: the record's level */
	double observed, expected, ratio;
	double log_p;            /* natural log of the p-value; NAN: none */
	uint64_t records;        /* suspicious_ip: the IP's records */
	struct anomaly_top top[ANOMALY_TOP];
	int ntop;
	bool top_paths;          /* top holds paths ("paths"), not templates */
	char reason[320];
};

typedef void (*anomaly_emit_fn)(const struct anomaly_finding *f, void *arg);

struct anomaly_stats {
	uint64_t records;        /* given to anomaly_add */
	uint64_t untimed;        /* without a time: used for nothing */
	uint64_t late;           /* for a bucket already closed, or a lone time
				    more than a day ahead of the clock */
	uint64_t dropped_keys;   /* an address, template, source or hour not
				    tracked (over max_keys): once a record and kind */
	uint64_t sources, ips;   /* keys held now */
	uint64_t templates;      /* templates known */
	uint64_t findings[AN_NTYPES];
};

struct anomaly;

struct anomaly *anomaly_new(const struct anomaly_opts *o, anomaly_emit_fn emit, void *arg);
void anomaly_free(struct anomaly *a);

void anomaly_add(struct anomaly *a, const struct anomaly_rec *r);

/*
 * The input being read ended: its sources do not count as silent from now
 * on (the end of a file is not an outage) until they log again.
 */
void anomaly_input_end(struct anomaly *a);

/*
 * While learning is on, records build the baselines and the known
 * templates but nothing is reported (--baseline FILE).  Turning it off
 * also ends the template learning period.
 */
void anomaly_set_learning(struct anomaly *a, bool on);

/* End of all input: evaluate the buckets still open (fixed mode: report). */
void anomaly_finish(struct anomaly *a);

void anomaly_stats(const struct anomaly *a, struct anomaly_stats *st);

const char *anomaly_type_name(enum anomaly_type t);
const char *anomaly_severity_name(enum anomaly_severity s);
/* -1 when NAME is not a type. */
int anomaly_type_from_name(const char *name, size_t n);

/* Append the finding as one NDJSON line (with its '\n'). */
void anomaly_finding_json(struct buf *b, const struct anomaly_finding *f);

#endif
