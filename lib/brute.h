/*
 * brute: sliding-window detection of brute force, password spraying,
 * distributed attacks and logins that succeed after failures.
 *
 * What it is for: the caller feeds authentication events in event-time
 * order (struct brute_event, from auth.h's recognition) and receives
 * findings through a callback, at the moment a threshold is crossed, and
 * a closing update when an attack episode ends (quiet for a window, or at
 * brute_finish).  Time is the events' own time, so old logs replay as
 * they happened; events out of order by up to the tolerance are placed
 * where they belong, later ones are counted at the current time.
 *
 * Event times are clamped to +-2^62 ns (years 1824 to 2116 pass as they
 * are; lbrute clamps record times past that range before).
 *
 * Windows are half-open: an event at time t sees the failures in
 * (t - window, t].  Ten failures in 4m59s are "ten within 5m"; if the
 * tenth comes exactly 5m after the first, the first has left the window.
 *
 * What it is not for: recognising events (auth.h), reading records, or
 * writing anything but the JSON text of a finding into a caller's buffer.
 *
 * Memory: state per address, per user and per service, bounded by
 * max_keys in all (least recently seen dropped first; an open episode is
 * closed, with its update, before its key is dropped).  Keys quiet for a
 * window hold nothing that can count again; once there are many, they
 * are dropped every ten windows of event time.  brute_new returns
 * a detector that brute_free frees.  A struct brute_finding passed to the
 * callback, and every string in it, is valid only during the callback.
 * Event strings are copied as needed; the caller's may go away after
 * brute_add returns.
 */
#ifndef LT_BRUTE_H
#define LT_BRUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ipaddr.h"

enum brute_type {
	BRUTE_FORCE,             /* brute_force, high */
	BRUTE_SPRAY,             /* password_spray, high */
	BRUTE_DISTRIBUTED,       /* distributed_brute_force, critical */
	BRUTE_SUCCESS_AFTER,     /* success_after_failures, critical */
};

struct brute_opts {
	unsigned threshold;          /* failures per IP (default 10) */
	int64_t window_ns;           /* default 5 minutes */
	unsigned spray_users;        /* distinct users per IP (default 5) */
	unsigned distributed_ips;    /* distinct IPs per user or service (default 10) */
	int v4_prefix, v6_prefix;    /* aggregate addresses by network; 0: off */
	size_t max_keys;             /* bound on tracked keys (default 1000000) */
	int64_t tolerance_ns;        /* accepted disorder (default 30 s) */
	const struct ipnet *ignore;  /* never reported (borrowed) */
	size_t nignore;
};

void brute_opts_default(struct brute_opts *o);

struct brute_event {
	int64_t t_ns;                /* event time, ns since the epoch */
	bool success;                /* else a failure */
	const char *ip;              /* "" or NULL: none */
	bool ip_is_addr;             /* ip parses as an address */
	const char *user;            /* "" or NULL: none */
	const char *service;
};

#define BRUTE_LIST_MAX 10

struct brute_finding {
	enum brute_type type;
	bool closing;                /* the update at the end of an episode */
	int64_t t_ns;                /* when it was found (event time) */
	const char *ip;              /* brute_force, password_spray, success_after_failures */
	const char *user;            /* distributed (user), success_after_failures */
	const char *service;         /* distributed (when by service), success_after_failures */
	uint64_t attempts;           /* failures: in the window at the crossing; total when closing */
	int64_t first_ns, last_ns;   /* first and last failure of the episode */
	/* distinct values, the first BRUTE_LIST_MAX of them, and how many there were */
	const char *services[BRUTE_LIST_MAX];
	size_t nservices, services_total;
	const char *users[BRUTE_LIST_MAX];
	size_t nusers, users_total;
	const char *ips[BRUTE_LIST_MAX];
	size_t nips, ips_total;
	const char *by;              /* success_after_failures: "ip" or "user" */
};

typedef void (*brute_sink)(void *arg, const struct brute_finding *f);

struct brute;

struct brute *brute_new(const struct brute_opts *o, brute_sink sink, void *arg);
void brute_free(struct brute *b);

/* Feed one event.  Findings are passed to the sink before it returns. */
void brute_add(struct brute *b, const struct brute_event *ev);

/* End of input: close every open episode (closing updates). */
void brute_finish(struct brute *b);

/* Keys currently tracked, and keys dropped to stay within max_keys. */
size_t brute_keys(const struct brute *b);
uint64_t brute_evicted(const struct brute *b);

const char *brute_type_name(enum brute_type t);
const char *brute_severity(enum brute_type t);

/* Append the finding as one JSON object (no newline). */
void brute_format(struct buf *out, const struct brute_finding *f, int64_t window_ns);

/* Append an instant as RFC 3339 UTC ("2026-11-23T10:15:32Z", with a
 * fraction when it has one). */
void brute_format_time(struct buf *out, int64_t t_ns);

/* Append a duration as the options write it: "5m", "90s", "1h30m". */
void brute_format_duration(struct buf *out, int64_t ns);

#endif
