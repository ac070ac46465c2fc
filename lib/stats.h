/*
 * stats: the aggregations behind lstat's report, fed one record at a time,
 * mergeable across processes.
 *
 * A struct stats counts records (levels, records without a timestamp, the
 * period), and keeps the report's tables: sources, errors by source and
 * level, top error messages, error templates (mined with lib/template
 * unless the record carries a "template"), HTTP status codes, response
 * times (lib/qsketch, 1% relative error), paths, paths answered with 5xx,
 * client IPs with errors and bytes, a timeline in fixed buckets, and any
 * --by groupings, and the security section (struct stats_sec) when the
 * input carries findings or "threats" annotations.  Every count is exact;
 * each keyed table is exact up to max_keys keys and then a Space-Saving
 * sketch with a reported bound (lib/topk).
 *
 * Map-reduce: stats_write_partial writes the whole state as one JSON line;
 * stats_load_partial folds such a line into another struct stats.  Loading
 * the partials of N chunks gives the state of one pass (exact tables and
 * counts equal; sketched tables within the merged bound).
 *
 * What counts as an error: a record whose level is ERROR or CRITICAL.
 * For client IPs, a request answered with status >= 400 (or, without a
 * status, an error level).  HTTP sections use records with a "status".
 *
 * What counts as a finding (the security section): a line with a string
 * "type", a "severity" of low, medium, high or critical, and no "format"
 * (every record lparse writes has one; lthreat, lbrute and lanomaly
 * findings have none).  Which program wrote it is told by its keys:
 * lthreat's have "rule" (or are multi_threat_source), lbrute's
 * "attempts", lanomaly's "observed" or "expected".  Closing updates
 * (lbrute's "episode":"end", lthreat's multi_threat_source with
 * "final":true) repeat a finding already counted: they are counted apart.
 * Each element of a record's "threats" array (lthreat --annotate) is one
 * threat, with the record's "ip", "path" and "timestamp".
 *
 * Not for: rendering (lib/report) or reading input (lib/ndjson).
 *
 * Ownership: stats_new returns a state that stats_free releases; the
 * records given to stats_add are only read.  Strings a table keeps are
 * copied.
 */
#ifndef LT_STATS_H
#define LT_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "json.h"
#include "qsketch.h"
#include "template.h"
#include "topk.h"
#include "tspec.h"

/* Sections (bits). */
enum {
	ST_SUMMARY = 1 << 0,
	ST_SOURCES = 1 << 1,
	ST_ERRORS = 1 << 2,
	ST_HTTP = 1 << 3,
	ST_IPS = 1 << 4,
	ST_TIMELINE = 1 << 5,
	ST_BY = 1 << 6,
	ST_SECURITY = 1 << 7,
	ST_ALL = (1 << 8) - 1,
};

/* Name of one section bit ("summary", ...); section from a name, or 0. */
const char *stats_section_name(unsigned bit);
unsigned stats_section(const char *name, size_t n);

#define STATS_MAX_BY 16
#define STATS_MAX_BY_FIELDS 8

struct stats_by {
	int nfields;
	char *fields[STATS_MAX_BY_FIELDS];   /* owned */
	struct topk t;                       /* key: values joined by 0x1f */
};

struct stats_opts {
	unsigned sections;       /* what to count */
	size_t max_keys;         /* per table */
	int64_t bucket;          /* timeline bucket, seconds (> 0) */
};

/* The value separator in --by keys, and the marker of a missing field. */
#define STATS_SEP '\x1f'
#define STATS_MISSING '\x1e'

#define STATS_STATUS_MAX 1000

/* Severities of findings, in increasing order; SEC_OTHER for another word
 * in a "threats" element. */
enum { SEC_LOW, SEC_MEDIUM, SEC_HIGH, SEC_CRITICAL, SEC_OTHER, SEC_NSEV };
const char *stats_sev_name(int sev);

/* Findings and threat annotations (the security section). */
struct stats_sec {
	uint64_t threats;         /* counted: finding records + annotation elements */
	uint64_t finding_recs;    /* finding records (closing updates apart) */
	uint64_t annotated;       /* records with a non-empty "threats" array */
	uint64_t updates;         /* closing updates, not counted again */
	uint64_t threat_recs;     /* of the finding records: lthreat's */
	uint64_t brute;           /* lbrute's */
	uint64_t anomalies;       /* lanomaly's */
	uint64_t sev[SEC_NSEV];
	int64_t first, last;      /* ms, TOPK_NO_TIME when no finding had a time */
	struct topk types;        /* "type\x1fseverity": count, first/last */
	struct topk ips;          /* attacking address: count */
	struct topk ip_types;     /* "ip\x1ftype": count */
	struct topk paths;        /* targeted path without the query: count */
	struct topk brute_ips;    /* lbrute source address: count, err = successes */
	struct topk brute_users;  /* lbrute user: count, err = successes */
	struct topk anomaly;      /* lanomaly type: count, first/last */
};

struct stats {
	struct stats_opts opt;
	uint64_t total;
	uint64_t no_ts;
	uint64_t levels[5];
	uint64_t level_other;                 /* missing or not a level name */
	bool has_period;
	struct instant first, last;
	struct buf first_s, last_s;           /* the timestamps as written */

	struct topk sources;                  /* count, err */
	uint64_t errors;                      /* ERROR + CRITICAL */
	struct topk err_by;                   /* "source\x1fLEVEL" */
	struct topk top_errors;               /* message: count, first/last */
	struct topk patterns;                 /* template: count, first/last, example, label */
	bool patterns_by_text;                /* keys are texts (after stats_finish) */
	struct tpl_miner *miner;

	uint64_t http;                        /* records with a status */
	uint64_t status[STATS_STATUS_MAX];    /* status codes 0-999 */
	uint64_t status_other;                /* outside 0-999 */
	struct qsketch rt;                    /* response_time, seconds */
	struct topk paths;                    /* count, err (5xx) */
	struct topk paths_5xx;

	struct topk ips;                      /* count, err, bytes */
	struct topk timeline;                 /* key: bucket start, 8 bytes big-endian */

	int nby;
	struct stats_by by[STATS_MAX_BY];

	struct stats_sec sec;

	uint64_t partials;                    /* partial states loaded */
	/* private scratch */
	struct buf s1, s2, s3, key, s4, s5;
};

struct stats *stats_new(const struct stats_opts *opt);
void stats_free(struct stats *s);

/*
 * Add a --by grouping over the comma-separated fields in SPEC ("status",
 * "hostname,process").  Returns NULL, or a static reason it was refused.
 */
const char *stats_add_by(struct stats *s, const char *spec);

/* Count one record. */
void stats_add(struct stats *s, const struct json_obj *rec);

/* Settle the state before reading it (templates keyed by their final
 * text).  Idempotent; stats_add must not follow. */
void stats_finish(struct stats *s);

/* The state as one JSON line (with '\n'); calls stats_finish. */
void stats_write_partial(struct stats *s, struct buf *b);

/*
 * Fold one line written by stats_write_partial into S (which must have
 * been finished, or be fresh).  The first partial loaded into a fresh
 * state sets its bucket and --by groupings; later ones must agree.
 * Returns NULL, or a static reason the line was refused.
 */
const char *stats_load_partial(struct stats *s, const struct json_obj *rec);

/* Bucket start of a table key of s->timeline. */
int64_t stats_bucket_start(const char *key);

/* A --bucket value: 30s, 5m, 1h, 1d, or plain seconds; false if invalid. */
bool stats_parse_duration(const char *s, int64_t *secs);

#endif
