/*
 * auth: recognising authentication failures and successes in log records.
 *
 * What it is for: given the fields of one record (message, and process,
 * pid, hostname when the syslog header gave them; ip, user, method, path,
 * status for access logs), decide whether it reports a failed or a
 * successful login, for which service, from which address and for which
 * user.  A built-in rule set (auth_builtin_text, in the ltools rule-file
 * format of rules.h) covers sshd, dropbear, PAM, su/sudo, FTP, mail, web
 * servers, web applications, databases and VPNs; more rules can be added
 * from files.  HTTP access records are recognised from their fields: a 401
 * response to a request that carried a user, and POSTs to login endpoints.
 *
 * Rules: the id is SERVICE.NAME (the service reported is the part before
 * the first '.'); the type is one of
 *   auth_failure  a failed attempt
 *   auth_success  a successful login
 *   auth_pending  a failure whose address comes on a later line of the
 *                 same connection (sshd "Too many authentication failures")
 *   auth_conn     no event, but tells the connection's address (and
 *                 releases a pending failure)
 *   auth_ignore   a line that must not count (the PAM line that duplicates
 *                 sshd's own line for the same attempt; a public key that
 *                 was merely offered); ends rule matching for the record
 * and the named groups "ip" (an address or a host name) and "user" are
 * read ("ip2", "user2" as alternatives); a "service" group, when it takes
 * part in the match, names the service instead of the id (PAM lines name
 * theirs: pam_unix(dovecot:auth)).  When a rule's service is "pam" and
 * the line names none, the record's process is the service.  A connection is the record's hostname, process and pid (taken
 * from a bare "host prog[pid]: " prefix of the message when the record
 * has no syslog fields), plus the text of a "conn" group when a rule has
 * one (mongodb's [connN]).  Connections are remembered in a bounded table.
 *
 * Parsed records: a line that lparse read into fields (an Apache or nginx
 * error log, logfmt) no longer has in its message the text that named
 * the address ("[client 1.2.3.4]", ", client: 1.2.3.4", remote_addr=).
 * Built-in rules for those formats name the record format they read and
 * the record fields that give the address and the user when the pattern
 * captures none (the error logs' ip or remote, Grafana's remote_addr and
 * uname); the caller passes the record's format and a way to read fields.
 *
 * What it is not for: counting, windows and findings (brute.h), reading
 * records (the caller), or printing.
 *
 * Ownership: auth_new returns a recogniser that auth_free frees.  An
 * auth_event owns its text (copied, bounded: AUTH_IP_MAX / AUTH_USER_MAX
 * bytes, a longer user is cut at a UTF-8 boundary); its rule string is
 * owned by the recogniser and lives until auth_free.  Spans in
 * struct auth_in are only read during auth_recognise.
 */
#ifndef LT_AUTH_H
#define LT_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "span.h"

#define AUTH_IP_MAX 256
#define AUTH_USER_MAX 128
#define AUTH_SERVICE_MAX 32

enum auth_kind {
	AUTH_NONE = 0,
	AUTH_FAILURE = 1,
	AUTH_SUCCESS = 2,
};

/* The fields of one record that recognition reads (absent: p == NULL). */
struct auth_in {
	struct span message, process, hostname;
	struct span ip, user, method, path;
	struct span format;       /* the record's "format" (lparse's format name) */
	long long pid;            /* -1 when absent */
	int status;               /* HTTP status, or -1 */
	/* Any other string field by name (NULL: none): absent is p == NULL;
	 * the span need only stay valid until the next call. */
	struct span (*field)(void *arg, const char *name);
	void *field_arg;
};

#define AUTH_IN_INIT { .pid = -1, .status = -1 }

struct auth_event {
	enum auth_kind kind;
	char service[AUTH_SERVICE_MAX]; /* "sshd", "dovecot", "http", ... */
	const char *rule;         /* id of the rule that matched */
	char ip[AUTH_IP_MAX];     /* normalised address, or host name; "" if none */
	bool ip_is_addr;          /* ip is an IPv4/IPv6 address (not a host name) */
	char user[AUTH_USER_MAX]; /* "" if none */
};

struct auth;

/* A recogniser with the built-in rules (and default login paths). */
struct auth *auth_new(void);
void auth_free(struct auth *a);

/*
 * Add the rules of FILE (rule-file format); they are tried before the
 * built-in ones, on every record.  Returns the number added, or -1 with
 * "FILE:LINE: what" in err.
 */
int auth_add_rules(struct auth *a, const char *path, char *err, size_t errlen);

/* Replace the login endpoints (exact paths or path suffixes, "/login"). */
void auth_clear_login_paths(struct auth *a);
void auth_add_login_path(struct auth *a, const char *path);
size_t auth_login_path_count(const struct auth *a);
const char *auth_login_path(const struct auth *a, size_t i);

/* Bound on remembered connections (default 65536). */
void auth_set_max_conns(struct auth *a, size_t max);

/*
 * Recognise one record.  Returns the number of events written to ev
 * (0, 1, or 2 when a line both releases a pending failure and reports
 * its own event); ev must have room for 2.
 */
int auth_recognise(struct auth *a, const struct auth_in *in, struct auth_event ev[2]);

/* Number of built-in rules (all of them load into every recogniser). */
size_t auth_builtin_count(void);

/* The rules in use, for --list-rules: count, then id/type/pattern/desc. */
size_t auth_rule_count(const struct auth *a);
void auth_rule_info(const struct auth *a, size_t i, const char **id, const char **type,
		    const char **pattern, const char **desc);

/* Rule matches abandoned at the PCRE2 match/depth limit. */
uint64_t auth_limit_hits(const struct auth *a);

/*
 * Normalise an address as written in a log into out (size >= AUTH_IP_MAX):
 * brackets and a trailing port are dropped, "::ffff:a.b.c.d" becomes
 * "a.b.c.d", IPv6 is written in RFC 5952 form; a host name is kept
 * (lower-cased).  Returns 1 for an address, 2 for a host name, 0 when the
 * text is neither.
 */
int auth_norm_ip(const char *p, size_t n, char *out);

const char *auth_kind_name(enum auth_kind k);

#endif
