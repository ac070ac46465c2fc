/*
 * match: the record tests of lfilter, compiled once and run per record.
 *
 * What it is for: the conditions a user writes on the command line,
 *   text       -q TEXT (substring), -e RE (PCRE2, JIT), searched in the
 *              fields given by --in (default "message"; "*" is every
 *              top-level string field), -i for case-insensitive
 *   level      -l ERROR, -l ERROR,CRITICAL, -l '>=WARNING', '<=INFO', '>', '<'
 *   source     -s NAME (several: any of them)
 *   where      -w EXPR: FIELD=V, FIELD!=V, FIELD<V, <=, >, >=, FIELD~RE,
 *              FIELD!~RE, has:FIELD, !has:FIELD (FIELD may be a dotted path)
 *   ip         --ip CIDR on the "ip" field (several: any of them)
 * all combined with AND.  match_record answers for one record.
 *
 * Semantics of -w (also in lfilter(1)):
 *   - a test on a field the record does not have is false (only !has: is
 *     true), whatever the operator, so `-w ip!=10.0.0.1` keeps only
 *     records that have an ip;
 *   - when the value (a JSON number, or a string that is wholly a number)
 *     and V both read as numbers, =, !=, <, <=, >, >= compare numerically
 *     (status>=500, response_time>1.5, status=503);
 *   - otherwise they compare bytes: a string's decoded text, or the raw
 *     JSON text of true, false, null, arrays and objects, against V
 *     (method=POST, bot=true, timestamp>=2026-11-23);
 *   - ~ and !~ match the decoded string (or raw text) with PCRE2 in UTF
 *     mode; invalid UTF-8 in records never makes a match fail with an
 *     error.  Regexes run under a match limit; a record that hits it does
 *     not match and is counted (match_limit_hits).
 * Text tests (-q) fold case for ASCII letters only; -e -i uses PCRE2's
 * caseless mode.
 *
 * What it is not for: time windows, sharding and output (lfilter does
 * those with tspec.h, hash.h and tsv.h).
 *
 * Ownership: match_new returns a matcher that match_free frees; it copies
 * every string given to it.  A matcher holds scratch buffers, so it is for
 * one thread at a time.  Errors are written into the caller's buffer as
 * one line without the program name.
 */
#ifndef LT_MATCH_H
#define LT_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"

struct match;

struct match *match_new(void);
void match_free(struct match *m);

/* Conditions.  Each returns false with a reason in err when the argument
 * is malformed (a bad level, expression or CIDR). */
void match_add_grep(struct match *m, const char *text);
void match_add_regex(struct match *m, const char *re);
void match_add_in(struct match *m, const char *field);
void match_set_icase(struct match *m, bool icase);
bool match_add_level(struct match *m, const char *spec, char *err, size_t errlen);
void match_add_source(struct match *m, const char *name);
bool match_add_where(struct match *m, const char *expr, char *err, size_t errlen);
bool match_add_ip(struct match *m, const char *cidr, char *err, size_t errlen);

/* Compile the regexes (with the final -i).  Call once, after the adds and
 * before match_record; false with the PCRE2 message in err. */
bool match_finish(struct match *m, char *err, size_t errlen);

/* Whether REC passes every condition (true when there are none). */
bool match_record(struct match *m, const struct json_obj *rec);

/* Whether there is any condition at all. */
bool match_any(const struct match *m);

/* Regex matches that hit the match limit (counted as no match). */
uint64_t match_limit_hits(const struct match *m);

#endif
