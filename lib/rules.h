/*
 * rules: detection rules in the ltools rule-file format, compiled with
 * PCRE2 JIT under match and depth limits.
 *
 * What it is for: loading rule files (lthreat --rules, lbrute's patterns)
 * and built-in rule tables written in the same format, and running one
 * rule's pattern over a byte string, safely, whatever the bytes.  Named
 * groups of the last match can be read back (lbrute uses "ip" and "user").
 *
 * What it is not for: deciding which fields of a record to scan, decoding
 * them, or reporting findings; that belongs to the caller (lib/threat.c,
 * lbrute).  Nothing here prints or exits.
 *
 * The format (documented for users in lthreat(1)): one rule per line,
 * six fields separated by single TABs:
 *
 *     id  type  severity  fields  pattern  description
 *
 *   id        [A-Za-z0-9_.:-]+, unique within a ruleset
 *   type      [a-z0-9_]+ (e.g. sql_injection, ssh_failed_login)
 *   severity  low, medium, high or critical
 *   fields    comma-separated record field names ([a-z0-9_.]+), or "*"
 *             for every field the caller scans
 *   pattern   a PCRE2 pattern (bytes, no UTF mode; write "(?i)" for
 *             caseless); it cannot contain a TAB byte: write \t
 *   description  free text to the end of the line (may be empty, may hold TABs)
 *
 * Empty lines, lines of only blanks and lines whose first non-blank byte
 * is '#' are ignored; a trailing '\r' is dropped.  A bad line stops the
 * load with an error "FILE:LINE: what" (FILE as the caller named it) and
 * leaves the rules loaded before it in the set.
 *
 * Safety: every pattern is compiled once, JIT-compiled when the platform
 * has JIT (falling back to the interpreter otherwise), and matched with a
 * match limit and a depth limit (rules_set_limits; defaults
 * RULES_MATCH_LIMIT and RULES_DEPTH_LIMIT) and a bounded JIT stack, so a
 * subject built to make a pattern backtrack ends in RULES_LIMIT, never in
 * a runaway.  Matches that hit a limit are counted (rules_limit_hits).
 *
 * Ownership: rules_new returns a set that rules_free frees, with every
 * compiled pattern and string in it.  The struct rule pointers from
 * rules_at and the strings in them are owned by the set and stay valid
 * until rules_free (loading more rules does not move them).  Spans from
 * rules_match / rules_group borrow the caller's subject.
 *
 * Threads: a set holds one PCRE2 match-data block used by every match,
 * so a set is for one thread at a time.
 */
#ifndef LT_RULES_H
#define LT_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "span.h"

enum rsev {
	RSEV_LOW,
	RSEV_MEDIUM,
	RSEV_HIGH,
	RSEV_CRITICAL,
};

#define RULES_MATCH_LIMIT 100000u  /* PCRE2 match limit (backtracking steps) */
#define RULES_DEPTH_LIMIT 2000u    /* PCRE2 depth limit (nested backtracking) */

struct rule {
	const char *id;
	const char *type;
	enum rsev severity;
	const char *fields;     /* as written: "path,referer" or "*" */
	const char *pattern;
	const char *desc;
	const char *origin;     /* "FILE:LINE" where the rule was defined */
	void *re;               /* the compiled pattern (pcre2_code *), opaque */
	uint32_t ncaptures;
};

struct ruleset;

/* An empty set. */
struct ruleset *rules_new(void);
void rules_free(struct ruleset *rs);

/*
 * Load the rules of file PATH ("-" is not special).  Returns the number of
 * rules added, or -1 with "PATH:LINE: what" (or "PATH: reason" when the
 * file cannot be read) in err.
 */
int rules_load_file(struct ruleset *rs, const char *path, char *err, size_t errlen);

/*
 * Load rules from TEXT (LEN bytes, lines as in a file); NAME stands for
 * the file in origins and messages (e.g. "builtin").  Returns as
 * rules_load_file.
 */
int rules_load_text(struct ruleset *rs, const char *name, const char *text, size_t len,
		    char *err, size_t errlen);

/* Number of rules, and rule I (0 <= I < count), in load order. */
size_t rules_count(const struct ruleset *rs);
const struct rule *rules_at(const struct ruleset *rs, size_t i);
/* The rule with this id, or NULL. */
const struct rule *rules_find(const struct ruleset *rs, const char *id);

/*
 * Whether rule R applies to field NAME (LEN bytes): true when its fields
 * list is "*" or names it exactly.
 */
bool rules_has_field(const struct rule *r, const char *name, size_t len);

/* Replace the match and depth limits of later matches (0 keeps a value). */
void rules_set_limits(struct ruleset *rs, uint32_t match_limit, uint32_t depth_limit);

enum rules_result {
	RULES_NOMATCH = 0,
	RULES_MATCH = 1,
	RULES_LIMIT = -1,      /* a match or depth limit was hit: treated as no match */
};

/*
 * Run rule I of the set over S (N bytes; NULs allowed).  On RULES_MATCH,
 * *whole (may be NULL) is the matched part of S, and rules_group reads
 * named groups until the next rules_match on this set.
 */
enum rules_result rules_match(struct ruleset *rs, size_t i, const char *s, size_t n,
			      struct span *whole);

/*
 * After a RULES_MATCH of rule I over S: the text of the named group NAME.
 * Returns false when the rule has no such group or it did not take part
 * in the match.
 */
bool rules_group(const struct ruleset *rs, size_t i, const char *s, const char *name,
		 struct span *out);

/* Matches that ended in RULES_LIMIT since the set was made. */
uint64_t rules_limit_hits(const struct ruleset *rs);

/* "low" .. "critical"; and back (returns -1 for an unknown name). */
const char *rules_sev_name(enum rsev s);
int rules_sev_parse(const char *p, size_t n);

#endif
