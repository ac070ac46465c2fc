/*
 * threat: web attack detection on access-log records (lthreat's engine),
 * and the per-source aggregation behind its multi_threat_source findings
 * and --summary.
 *
 * What it is for: given the text fields of one record (path with its
 * query, referer, user agent, user, message, raw line) and its status,
 * say which attack types it shows, by which rule, in which field and on
 * which decoded text.  The rules are lib/rules.h rules: the built-in set
 * (threat_load_builtin, compiled into the program) and rule files.
 *
 * How a value is scanned (lthreat(1) documents it for users):
 *   - fast path: a value with none of the bytes an attack needs (a
 *     per-field set: quotes, < > ( ) ; | $ ` \ { } %, "..", "&#", control
 *     and non-ASCII bytes, ...) is only given to the "plain" rules (the
 *     built-in rules whose attacks need none of those bytes: scanner user
 *     agents, sensitive files and paths, system files, a few others; and
 *     every rule from a file), on its raw text.  The built-in plain rules
 *     of a field are first tried as one caseless alternation, and that
 *     verdict is cached per value (a direct-mapped table checked against
 *     a copy of the value), so a repeated user agent or path costs one
 *     lookup;
 *   - otherwise it is decoded (decode_value) and each rule runs on the
 *     decoded form its type calls for (sql_injection: decode_sql's form;
 *     path_traversal and sensitive_file: decode_path's form;
 *     command_injection: decode_cmdline's form; others: the decoded
 *     text), then on the raw text when decoding changed more than
 *     letter case (rules from files: always on both);
 *   - a record's message is scanned only when it has no path (for access
 *     logs the message repeats the request line);
 *   - a value longer than THREAT_SCAN_MAX bytes is scanned as two values,
 *     its first and its last THREAT_SCAN_MAX / 2 bytes, so the work and
 *     memory per value stay bounded (a 100 MB line costs what a 64 KiB one
 *     does); a payload only in the middle is missed, and the record is
 *     counted (threat_truncated, "truncated" in the summary).
 * Each type is reported once per record: the first rule of that type to
 * match (fields in the order above, rules in load order) wins.
 *
 * What it is not for: reading or writing records (cmd/lthreat.c does), or
 * deciding what an alert is worth beyond the rule's severity and the 404
 * rule (a scanner or sensitive_file hit on a 404 is low).
 *
 * Ownership: threat_new/threat_free and threat_track_new/threat_track_free
 * pair up.  Hits returned by threat_scan (and the match spans in them)
 * are owned by the engine and valid until the next threat_scan.  Strings
 * given to threat_track_add are copied.  An engine or tracker is for one
 * thread.
 */
#ifndef LT_THREAT_H
#define LT_THREAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "rules.h"
#include "span.h"

/* The record fields scanned, in scanning order. */
enum threat_field {
	TF_PATH,
	TF_REFERER,
	TF_USER_AGENT,
	TF_USER,
	TF_MESSAGE,
	TF_RAW,
	TF_COUNT
};

/* "path", "referer", "user_agent", "user", "message", "raw". */
const char *threat_field_name(int f);

/* Longest match text kept in a hit, in bytes (cut at a UTF-8 boundary). */
#define THREAT_MATCH_MAX 120
/* Longest value scanned whole; a longer one is scanned as its head and
 * tail, THREAT_SCAN_MAX / 2 bytes each.  Browsers and servers stop near
 * 8 KiB for a request line (Apache's LimitRequestLine, nginx's header
 * buffers), so a real request is never cut. */
#define THREAT_SCAN_MAX 65536
/* Most distinct types a ruleset may use (they are bits in a mask). */
#define THREAT_MAX_TYPES 64

/* What to scan: each field is SPAN_NULL (p == NULL) when absent. */
struct threat_record {
	struct span field[TF_COUNT];
	int status;               /* HTTP status, or -1 */
};

struct threat_hit {
	const struct rule *rule;
	int type;                 /* type index (threat_type_name) */
	enum rsev severity;       /* the rule's, lowered for 404 probes */
	enum threat_field field;
	unsigned decoded;         /* DECODE_* bits of the field's decoding */
	struct span match;        /* the matched (decoded) text, at most THREAT_MATCH_MAX */
};

struct threat;

struct threat *threat_new(void);
void threat_free(struct threat *t);

/* Add the built-in rules; returns their number, or -1 with err set. */
int threat_load_builtin(struct threat *t, char *err, size_t errlen);
/* Add the rules of a file; returns their number, or -1 with "FILE:LINE: what". */
int threat_load_file(struct threat *t, const char *path, char *err, size_t errlen);

size_t threat_rule_count(const struct threat *t);
/* Append every rule in the rule-file format (what --list-rules prints). */
void threat_list_rules(const struct threat *t, struct buf *b);

/* Number of types, and the name of type I. */
int threat_type_count(const struct threat *t);
const char *threat_type_name(const struct threat *t, int i);

/*
 * Scan one record.  Returns the number of hits (one per type that
 * matched) and points *hits at them.
 */
size_t threat_scan(struct threat *t, const struct threat_record *r, const struct threat_hit **hits);

/* Rule runs that ended at a PCRE2 limit (counted, treated as no match). */
uint64_t threat_limit_hits(const struct threat *t);
/* Records scanned with a value over THREAT_SCAN_MAX (only its head and
 * tail examined). */
uint64_t threat_truncated(const struct threat *t);

/* ---- per-source aggregation ---- */

/* What the tracker knows about one source address. */
struct threat_src {
	uint64_t count;           /* findings from this address */
	uint64_t types;           /* bit i: type i was seen */
	char first[40], last[40]; /* timestamps of the first and last finding ("" if none) */
	bool crossed;             /* went over the --multi threshold */
	struct threat_src *prev, *next;   /* recency list (private) */
};

struct threat_track;

/*
 * A tracker for engine T (for type names), keeping at most MAX_IPS
 * addresses (the least recently seen is dropped beyond that) and
 * reporting an address once its findings exceed MULTI.
 */
struct threat_track *threat_track_new(const struct threat *t, size_t max_ips, unsigned multi);
void threat_track_free(struct threat_track *k);

/*
 * Account one scanned record: its source address IP (may be empty), its
 * timestamp TS (may be empty), its path PATH (may be empty; the query is
 * dropped for the top-paths table) and its hits.  Returns the address's
 * state when this record made it cross the threshold, else NULL.
 */
const struct threat_src *threat_track_add(struct threat_track *k, struct span ip, struct span ts,
					  struct span path, const struct threat_hit *hits,
					  size_t n);

/*
 * Iterate the addresses that crossed the threshold and are still held:
 * size_t i = 0; while ((s = threat_track_next_crossed(k, &i, &ip))) ...
 */
const struct threat_src *threat_track_next_crossed(const struct threat_track *k, size_t *i,
						   struct span *ip);

/* Append a JSON array of the type names in MASK. */
void threat_track_types_json(const struct threat_track *k, uint64_t mask, struct buf *b);

/* The end-of-input summary as a JSON object (one line); cmd/lthreat.c writes the text one. */
void threat_track_summary_json(const struct threat_track *k, size_t top, struct buf *b);

#endif
