/* Unit tests of lib/brute: durations, window edges to the nanosecond,
 * episodes, the bound on keys (and closing of evicted episodes), --ignore
 * and --subnet keys, and the JSON of a finding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brute.h"
#include "json.h"
#include "tap.h"

#define NS 1000000000LL
#define T0 (1795428000LL * NS)     /* 2026-11-23T10:00:00Z */

struct got {
	int n[4], closing[4];
	struct brute_finding last;
	char ip[64];
	struct buf json;
	int64_t window;
};

static void sink(void *arg, const struct brute_finding *f)
{
	struct got *g = arg;
	if (f->closing)
		g->closing[f->type]++;
	else
		g->n[f->type]++;
	g->last = *f;
	snprintf(g->ip, sizeof g->ip, "%s", f->ip ? f->ip : "");
	buf_reset(&g->json);
	brute_format(&g->json, f, g->window);
}

static void reset(struct got *g, const struct brute_opts *o)
{
	buf_free(&g->json);
	memset(g, 0, sizeof *g);
	g->window = o->window_ns;
}

static void fail(struct brute *b, int64_t t, const char *ip, const char *user)
{
	struct brute_event ev = { .t_ns = t, .ip = ip, .ip_is_addr = true, .user = user, .service = "sshd" };
	brute_add(b, &ev);
}

int main(void)
{
	struct buf d = BUF_INIT;
	brute_format_duration(&d, 5400 * NS);
	is_str(d.p, "1h30m", "duration written back");
	buf_reset(&d);
	brute_format_time(&d, T0 + 250000000);
	is_str(d.p, "2026-11-23T10:00:00.250Z", "time with milliseconds");
	buf_free(&d);

	struct brute_opts o;
	brute_opts_default(&o);
	struct got g;
	memset(&g, 0, sizeof g);
	reset(&g, &o);

	/* 10 failures spanning exactly window - 1 ns: found */
	struct brute *b = brute_new(&o, sink, &g);
	for (int i = 0; i < 9; i++)
		fail(b, T0 + i * NS, "192.0.2.1", "root");
	is_int(g.n[BRUTE_FORCE], 0, "9 failures: nothing yet");
	fail(b, T0 + o.window_ns - 1, "192.0.2.1", "root");
	is_int(g.n[BRUTE_FORCE], 1, "the 10th within window - 1ns: brute_force");
	is_int(g.last.attempts, 10, "attempts at the crossing");
	ok(g.last.first_ns == T0, "first_attempt");
	is_str(g.ip, "192.0.2.1", "the address");
	ok(json_validate(span_make(g.json.p, g.json.len), 0) == NULL, "the finding is one JSON object");
	ok(strstr(g.json.p, "\"episode\":\"start\"") && strstr(g.json.p, "\"window\":\"5m\""), "episode start, window 5m");
	for (int i = 0; i < 5; i++)
		fail(b, T0 + o.window_ns + i * NS, "192.0.2.1", "root");
	is_int(g.n[BRUTE_FORCE], 1, "more failures: the same episode");
	fail(b, T0 + 3 * o.window_ns, "198.51.100.1", "x");   /* time passes */
	is_int(g.closing[BRUTE_FORCE], 1, "a quiet window closes the episode");
	is_int(g.last.attempts, 15, "closing update: the total");
	ok(g.last.last_ns == T0 + o.window_ns + 4 * NS, "closing update: last_attempt");
	brute_free(b);

	/* exactly one window apart: not together */
	reset(&g, &o);
	b = brute_new(&o, sink, &g);
	for (int i = 0; i < 9; i++)
		fail(b, T0 + i * NS, "192.0.2.1", "root");
	fail(b, T0 + o.window_ns, "192.0.2.1", "root");
	is_int(g.n[BRUTE_FORCE], 0, "the 10th exactly one window after the first: not within");
	brute_finish(b);
	brute_free(b);

	/* brute_finish closes what is open */
	reset(&g, &o);
	b = brute_new(&o, sink, &g);
	for (int i = 0; i < 12; i++)
		fail(b, T0 + i * NS, "2001:db8::1", "u");
	brute_finish(b);
	is_int(g.closing[BRUTE_FORCE], 1, "end of input closes the episode");
	is_int(g.last.attempts, 12, "with its total");
	brute_free(b);

	/* spraying and distributed */
	reset(&g, &o);
	b = brute_new(&o, sink, &g);
	const char *users[] = { "a", "b", "c", "d", "e" };
	for (int i = 0; i < 5; i++)
		fail(b, T0 + i * NS, "192.0.2.50", users[i]);
	is_int(g.n[BRUTE_SPRAY], 1, "5 users from one address: password_spray");
	is_int(g.last.users_total, 5, "with the 5 users");
	char ip[32];
	for (int i = 0; i < 10; i++) {
		snprintf(ip, sizeof ip, "198.51.100.%d", i + 1);
		fail(b, T0 + i * NS, ip, "admin");
	}
	is_int(g.n[BRUTE_DISTRIBUTED], 1, "one user from 10 addresses: distributed_brute_force");
	is_int(g.last.ips_total, 10, "with the 10 addresses");
	ok(g.last.user && strcmp(g.last.user, "admin") == 0, "for the user");
	brute_free(b);

	/* success after failures */
	reset(&g, &o);
	b = brute_new(&o, sink, &g);
	for (int i = 0; i < 10; i++)
		fail(b, T0 + i * NS, "203.0.113.1", "root");
	struct brute_event ok_ev = { .t_ns = T0 + 20 * NS, .success = true, .ip = "203.0.113.1",
				     .ip_is_addr = true, .user = "root", .service = "sshd" };
	brute_add(b, &ok_ev);
	is_int(g.n[BRUTE_SUCCESS_AFTER], 1, "success after 10 failures: success_after_failures");
	ok(strstr(g.json.p, "\"severity\":\"critical\"") && strstr(g.json.p, "\"by\":\"ip\""), "critical, by ip");
	brute_free(b);

	/* --ignore and --subnet */
	struct ipnet nets[1];
	ok(ipaddr_parse_net("203.0.113.0/24", 14, &nets[0]), "parse a network");
	o.ignore = nets;
	o.nignore = 1;
	o.v6_prefix = 64;
	reset(&g, &o);
	b = brute_new(&o, sink, &g);
	for (int i = 0; i < 20; i++)
		fail(b, T0 + i * NS, "203.0.113.1", "root");
	is_int(g.n[BRUTE_FORCE], 0, "an ignored network is never reported");
	for (int i = 0; i < 10; i++) {
		snprintf(ip, sizeof ip, "2001:db8:0:7::%x", i + 1);
		fail(b, T0 + 30 * NS, ip, "root");
	}
	is_int(g.n[BRUTE_FORCE], 1, "a /64 counts as one attacker");
	is_str(g.ip, "2001:db8:0:7::/64", "named by its network");
	brute_free(b);
	o.ignore = NULL;
	o.nignore = 0;
	o.v6_prefix = 0;

	/* bounded keys: an open episode is closed before its key goes */
	o.max_keys = 100;
	reset(&g, &o);
	b = brute_new(&o, sink, &g);
	for (int i = 0; i < 10; i++)
		fail(b, T0, "192.0.2.99", "root");
	is_int(g.n[BRUTE_FORCE], 1, "an episode is open");
	for (int i = 0; i < 100000; i++) {
		snprintf(ip, sizeof ip, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
		fail(b, T0 + 1 + (i / 1000) * NS, ip, NULL);
		if (brute_keys(b) > 101)
			break;
	}
	ok(brute_keys(b) <= 101, "keys stay within max_keys");
	ok(brute_evicted(b) > 0, "keys were evicted");
	is_int(g.closing[BRUTE_FORCE], 1, "the evicted episode got its closing update");
	brute_free(b);

	/* stale keys go without any bound being reached */
	o.max_keys = 1000000;
	reset(&g, &o);
	b = brute_new(&o, sink, &g);
	for (int i = 0; i < 10000; i++) {
		snprintf(ip, sizeof ip, "10.1.%d.%d", (i >> 8) & 255, i & 255);
		fail(b, T0, ip, NULL);
	}
	size_t before = brute_keys(b);
	fail(b, T0 + 11 * o.window_ns, "192.0.2.1", NULL);
	ok(before > 10000 && brute_keys(b) < 10, "keys quiet for a window are dropped as time goes on");
	brute_free(b);

	/* One address trying 200000 user names: the distinct count stays
	 * within a few percent while the set behind it stays bounded. */
	reset(&g, &o);
	b = brute_new(&o, sink, &g);
	char user[32];
	for (int i = 0; i < 200000; i++) {
		snprintf(user, sizeof user, "user%d", i);
		fail(b, T0 + (int64_t)i * 1000, "192.0.2.99", user);
	}
	brute_finish(b);
	ok(g.last.users_total > 190000 && g.last.users_total < 210000,
	   "200000 distinct users counted within 5% by the bounded set");
	if (g.last.users_total <= 190000 || g.last.users_total >= 210000)
		printf("#   users_total %llu\n", (unsigned long long)g.last.users_total);
	brute_free(b);
	reset(&g, &o);
	b = brute_new(&o, sink, &g);
	for (int i = 0; i < 3000; i++) {
		snprintf(user, sizeof user, "user%d", i);
		fail(b, T0 + (int64_t)i * 1000, "192.0.2.98", user);
	}
	brute_finish(b);
	is_int(g.last.users_total, 3000, "below the bound the distinct count is exact");
	brute_free(b);
	free(g.json.p);
	return tap_done();
}
