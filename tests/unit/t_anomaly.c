/*
 * Unit tests of lib/anomaly: small event-time scenarios, each detector
 * firing where it should and staying quiet where it should not, bucket
 * closing with --lag, late records, key limits, the fixed rules, and the
 * finding's JSON.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anomaly.h"
#include "buf.h"
#include "level.h"
#include "tap.h"

#define T0 1794960000 /* 2026-11-18T00:00:00Z */

struct got {
	int n;
	struct anomaly_finding f[64];
	char src[64][32], ip[64][32], tmpl[64][128];
	size_t tmpl_len[64];
};

static void collect(const struct anomaly_finding *f, void *arg)
{
	struct got *g = arg;
	if (g->n == 64)
		return;
	int i = g->n++;
	g->f[i] = *f;
	snprintf(g->src[i], sizeof g->src[i], "%.*s", (int)f->source.len, f->source.p ? f->source.p : "");
	snprintf(g->ip[i], sizeof g->ip[i], "%.*s", (int)f->ip.len, f->ip.p ? f->ip.p : "");
	snprintf(g->tmpl[i], sizeof g->tmpl[i], "%.*s", (int)f->tmpl.len, f->tmpl.p ? f->tmpl.p : "");
	g->tmpl_len[i] = f->tmpl.len;
	/* pointers are valid only during the call */
	g->f[i].source = g->f[i].ip = g->f[i].tmpl = (struct span){ NULL, 0 };
	g->f[i].ntop = 0;
}

static int count_type(const struct got *g, enum anomaly_type t)
{
	int n = 0;
	for (int i = 0; i < g->n; i++)
		n += g->f[i].type == t;
	return n;
}

static uint64_t rng = 88172645463325252ull;
static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static void rec(struct anomaly *a, int64_t t, const char *src, int level, const char *msg)
{
	struct anomaly_rec r;
	memset(&r, 0, sizeof r);
	r.has_time = true;
	r.sec = t;
	r.level = level;
	r.source = span_str(src);
	r.message = span_str(msg);
	anomaly_add(a, &r);
}

static void web(struct anomaly *a, int64_t t, const char *ip, int status)
{
	struct anomaly_rec r;
	memset(&r, 0, sizeof r);
	r.has_time = true;
	r.sec = t;
	r.level = level_from_status(status);
	r.status = status;
	r.source = span_str("web");
	r.ip = span_str(ip);
	r.message = span_str("GET /index.html HTTP/1.1");
	anomaly_add(a, &r);
}

/* SECONDS of steady traffic: N records a minute, error share ERR. */
static void steady(struct anomaly *a, const char *src, int64_t from, int64_t seconds, int n,
		   double err)
{
	for (int64_t m = 0; m < seconds / 60; m++)
		for (int i = 0; i < n; i++) {
			int64_t t = from + m * 60 + i * 60 / n;
			bool e = uniform() < err;
			rec(a, t, src, e ? LV_ERROR : LV_INFO,
			    e ? "upstream timeout after 30 s" : "request served in 12 ms");
		}
}

static struct anomaly_opts opts(void)
{
	struct anomaly_opts o = ANOMALY_OPTS_DEFAULT;
	return o;
}

static void test_error_spike(void)
{
	struct got g = { 0 };
	struct anomaly_opts o = opts();
	o.types = 1u << AN_ERROR_SPIKE;
	struct anomaly *a = anomaly_new(&o, collect, &g);
	steady(a, "api", T0, 3 * 3600, 20, 0.02);
	is_int(g.n, 0, "three steady hours: no error_spike");
	/* 40 extra errors in the bucket 03:00-03:05 */
	int64_t s = T0 + 3 * 3600;
	for (int i = 0; i < 40; i++)
		rec(a, s + i * 7, "api", LV_ERROR, "database connection reset by peer");
	steady(a, "api", s, 300, 20, 0.02);
	is_int(g.n, 0, "not reported before the bucket closes");
	rec(a, s + 300 + 59, "api", LV_INFO, "request served in 12 ms");
	is_int(g.n, 0, "not reported before end + lag");
	rec(a, s + 300 + 60, "api", LV_INFO, "request served in 12 ms");
	is_int(g.n, 1, "reported when event time passes end + lag");
	if (g.n == 1) {
		struct anomaly_finding *f = &g.f[0];
		is_int(f->type, AN_ERROR_SPIKE, "type error_spike");
		is_str(g.src[0], "api", "source api");
		is_int(f->start, s, "start is the bucket's start");
		is_int(f->end - f->start, 300, "a 5 min window");
		ok(f->observed >= 40, "observed counts the burst");
		ok(f->expected > 0.5 && f->expected < 5, "expected is records x 2%");
		ok(f->ratio >= 10, "ratio >= 10");
		ok(f->log_p < log(1e-6), "p-value <= 1e-6");
		ok(f->severity >= AN_HIGH, "severity high or worse");
		ok(strstr(f->reason, "source api: ") && strstr(f->reason, "errors in 5 min, expected"),
		   "reason in plain words");
	}
	steady(a, "api", s + 420, 3600, 20, 0.02);
	is_int(g.n, 1, "the next hour is quiet again (flagged bucket kept out of the baseline)");
	anomaly_free(a);

	/* one bogus far-future time does not move the clock */
	memset(&g, 0, sizeof g);
	a = anomaly_new(&o, collect, &g);
	steady(a, "api", T0, 3 * 3600, 20, 0.02);
	rec(a, 4102444800, "api", LV_ERROR, "year 2100");
	for (int i = 0; i < 40; i++)
		rec(a, s + i * 7, "api", LV_ERROR, "database connection reset by peer");
	steady(a, "api", s, 600, 20, 0.02);
	is_int(g.n, 1, "a lone time far ahead is ignored: the spike is still found");
	struct anomaly_stats st;
	anomaly_stats(a, &st);
	is_int((int)st.late, 1, "and counted");
	/* two in a row are a real jump */
	rec(a, s + 3 * 86400, "api", LV_INFO, "back after three days");
	rec(a, s + 3 * 86400 + 1, "api", LV_INFO, "back after three days");
	rec(a, s + 700, "api", LV_INFO, "now behind");
	anomaly_stats(a, &st);
	is_int((int)st.late, 3, "a confirmed jump moves the clock");
	anomaly_free(a);
}

static void test_run(void)
{
	struct got g = { 0 };
	struct anomaly_opts o = opts();
	o.types = 1u << AN_ERROR_SPIKE;
	struct anomaly *a = anomaly_new(&o, collect, &g);
	/* 20 a minute, every 50th an error: 2 errors a bucket */
	int k = 0;
	for (int64_t m = 0; m < 6 * 60; m++) {
		for (int i = 0; i < 20; i++) {
			bool e = ++k % 50 == 0;
			rec(a, T0 + m * 60 + i * 3, "api", e ? LV_ERROR : LV_INFO,
			    e ? "upstream timeout after 30 s" : "request served in 12 ms");
		}
		/* 04:00-04:20: 6 more errors a bucket, no bucket a spike alone */
		if (m >= 240 && m < 260 && m % 5 < 3)
			for (int i = 0; i < 2; i++)
				rec(a, T0 + m * 60 + 31 + i, "api", LV_ERROR, "upstream timeout after 30 s");
	}
	anomaly_finish(a);
	is_int(g.n, 1, "a moderate spike over 15 min is found as a run");
	if (g.n == 1) {
		is_int(g.f[0].start, T0 + 4 * 3600, "from the run's first bucket");
		ok(g.f[0].window >= 600 && g.f[0].window <= 1200, "over 10 to 20 minutes");
		ok(g.f[0].observed / g.f[0].expected >= 3, "at least 3x");
	}
	anomaly_free(a);
}

static void test_all_sources(void)
{
	struct got g = { 0 };
	struct anomaly_opts o = opts();
	o.types = 1u << AN_ERROR_SPIKE;
	struct anomaly *a = anomaly_new(&o, collect, &g);
	const char *src[] = { "a", "b", "c", "d", "e" };
	int k = 0;
	for (int64_t m = 0; m < 4 * 60; m++)
		for (int i = 0; i < 20; i++)
			for (int j = 0; j < 5; j++) {
				bool e = ++k % 50 == 0;
				int64_t t = T0 + m * 60 + i * 3;
				rec(a, t, src[j], e ? LV_ERROR : LV_INFO, e ? "timeout" : "served");
				/* 03:00-03:05: 5 more errors in each source */
				if (m >= 180 && m < 185 && i == 0)
					rec(a, t + 1, src[j], LV_ERROR, "timeout");
			}
	anomaly_finish(a);
	is_int(g.n, 1, "a spike spread over five sources is found in their sum");
	if (g.n == 1) {
		is_str(g.src[0], "", "reported for all sources");
		is_int(g.f[0].start, T0 + 3 * 3600, "in its bucket");
		ok(strstr(g.f[0].reason, "all sources: ") == g.f[0].reason, "reason says all sources");
	}
	anomaly_free(a);
}

static void test_volume_and_small(void)
{
	struct got g = { 0 };
	struct anomaly_opts o = opts();
	o.types = 1u << AN_VOLUME_SPIKE;
	struct anomaly *a = anomaly_new(&o, collect, &g);
	steady(a, "web", T0, 22 * 3600, 10, 0);
	is_int(g.n, 0, "22 steady hours: no volume_spike");
	/* 1.5x for an hour: not a spike */
	steady(a, "web", T0 + 22 * 3600, 3600, 15, 0);
	is_int(g.n, 0, "a 1.5x hour is not a spike");
	/* 6x for 10 minutes */
	steady(a, "web", T0 + 23 * 3600, 600, 60, 0);
	steady(a, "web", T0 + 23 * 3600 + 600, 1200, 10, 0);
	ok(count_type(&g, AN_VOLUME_SPIKE) >= 1, "a 6x burst is a volume_spike");
	anomaly_free(a);

	/* a baseline needs 20 hours before volume is judged */
	memset(&g, 0, sizeof g);
	a = anomaly_new(&o, collect, &g);
	steady(a, "web", T0, 2 * 3600, 2, 0);
	steady(a, "web", T0 + 2 * 3600, 3600, 20, 0);
	is_int(g.n, 0, "no volume verdict in the first hours (the morning ramp)");
	anomaly_free(a);
}

static void test_daily_burst(void)
{
	struct got g = { 0 };
	struct anomaly_opts o = opts();
	o.types = 1u << AN_VOLUME_SPIKE | 1u << AN_ERROR_SPIKE;
	struct anomaly *a = anomaly_new(&o, collect, &g);
	int day1 = 0, later = 0;
	for (int d = 0; d < 5; d++) {
		int64_t day = T0 + d * 86400;
		int before = g.n;
		steady(a, "cron", day, 2 * 3600, 10, 0.01);
		/* a daily job: 200 records, 20 of them errors, at 02:00 */
		for (int i = 0; i < 200; i++)
			rec(a, day + 2 * 3600 + i, "cron", i % 10 ? LV_INFO : LV_ERROR, "backup step done");
		steady(a, "cron", day + 2 * 3600, 22 * 3600, 10, 0.01);
		if (d == 0)
			day1 = g.n - before;
		else
			later += g.n - before;
	}
	ok(day1 >= 1, "a daily burst is a spike the first day");
	is_int(later, 0, "and expected once a day has shown it");
	anomaly_free(a);
}

static void test_silence(void)
{
	struct got g = { 0 };
	struct anomaly_opts o = opts();
	o.types = 1u << AN_SILENCE;
	struct anomaly *a = anomaly_new(&o, collect, &g);
	/* two sources for a day, then db stops while api goes on */
	for (int64_t m = 0; m < 24 * 60; m++)
		for (int i = 0; i < 6; i++) {
			rec(a, T0 + m * 60 + i * 10, "api", LV_INFO, "request served");
			rec(a, T0 + m * 60 + i * 10 + 5, "db", LV_INFO, "checkpoint complete");
		}
	is_int(g.n, 0, "a regular day: no silence");
	int64_t s = T0 + 86400;
	for (int64_t m = 0; m < 40; m++)
		for (int i = 0; i < 6; i++)
			rec(a, s + m * 60 + i * 10, "api", LV_INFO, "request served");
	is_int(g.n, 1, "db quiet while api logs: one silence");
	if (g.n == 1) {
		is_str(g.src[0], "db", "the silent source");
		ok(g.f[0].end - g.f[0].start >= 300, "at least --silence long");
		ok(g.f[0].expected >= 12, "at least 12 records expected");
		ok(g.f[0].start < s, "start is db's last record");
	}
	anomaly_input_end(a);
	anomaly_finish(a);
	is_int(g.n, 1, "the end of the input is not an outage");
	anomaly_free(a);

	/* a source that logs in office hours only */
	memset(&g, 0, sizeof g);
	a = anomaly_new(&o, collect, &g);
	for (int64_t m = 0; m < 3 * 24 * 60; m++) {
		int64_t t = T0 + m * 60;
		int hour = (int)(m / 60 % 24), day = (int)(m / 1440);
		rec(a, t, "api", LV_INFO, "request served");
		if (hour >= 8 && hour < 18 && !(day == 2 && hour == 12 && m % 60 < 40))
			for (int i = 0; i < 6; i++)
				rec(a, t + i * 10 + 3, "office", LV_INFO, "form submitted");
	}
	is_int(g.n, 1, "office hours: quiet evenings are not silence, a stop at noon is");
	if (g.n == 1) {
		is_str(g.src[0], "office", "the office source");
		ok(g.f[0].start >= T0 + 2 * 86400 + 12 * 3600 - 60 &&
		   g.f[0].start < T0 + 2 * 86400 + 12 * 3600, "at noon on the third day");
	}
	anomaly_free(a);

	/* a source whose input ended is not silent while another input goes on */
	memset(&g, 0, sizeof g);
	a = anomaly_new(&o, collect, &g);
	for (int64_t m = 0; m < 24 * 60; m++)
		for (int i = 0; i < 6; i++)
			rec(a, T0 + m * 60 + i * 10, "db", LV_INFO, "checkpoint complete");
	anomaly_input_end(a);
	for (int64_t m = 0; m < 36 * 60; m++)
		rec(a, T0 + m * 60, "api", LV_INFO, "request served");
	is_int(g.n, 0, "files read one after the other: no silence");
	anomaly_free(a);
}

static void test_new_template(void)
{
	struct got g = { 0 };
	struct anomaly_opts o = opts();
	o.types = 1u << AN_NEW_TEMPLATE;
	o.learn = 3600;
	struct anomaly *a = anomaly_new(&o, collect, &g);
	rec(a, T0, "app", LV_ERROR, "job 17 failed: exit status 3");
	rec(a, T0 + 10, "app", LV_INFO, "job 18 finished in 4 s");
	rec(a, T0 + 600, "app", LV_WARNING, "disk almost full on /dev/sda1");
	is_int(g.n, 0, "nothing during the learning period");
	rec(a, T0 + 4000, "app", LV_ERROR, "job 99 failed: exit status 1");
	is_int(g.n, 0, "a known template is not new");
	rec(a, T0 + 4100, "app", LV_INFO, "cache warmed with 300 entries");
	is_int(g.n, 0, "a new INFO template is not reported");
	rec(a, T0 + 4200, "app", LV_CRITICAL, "checksum mismatch in segment 0x3fa2: expected 12 got 13");
	is_int(g.n, 1, "a new CRITICAL template is reported");
	if (g.n == 1) {
		is_str(g.tmpl[0], "checksum mismatch in segment <HEX>: expected <NUM> got <NUM>",
		       "its template");
		is_int(g.f[0].level, LV_CRITICAL, "its level");
		is_int(g.f[0].severity, AN_HIGH, "CRITICAL: high");
		is_int(g.f[0].start, T0 + 4200, "at the record's time");
	}
	rec(a, T0 + 4300, "app", LV_CRITICAL, "checksum mismatch in segment 0x11: expected 2 got 9");
	is_int(g.n, 1, "reported once");
	/* a source that appears later learns for its own first hour */
	rec(a, T0 + 5000, "mail", LV_ERROR, "relay denied for sender bob");
	is_int(g.n, 1, "a new source's first templates are learnt");
	rec(a, T0 + 5000 + 3700, "mail", LV_ERROR, "mailbox quota exceeded for 7 users");
	is_int(g.n, 2, "and reported after its learning period");
	anomaly_free(a);

	/* a record's own template_id wins over mining */
	memset(&g, 0, sizeof g);
	a = anomaly_new(&o, collect, &g);
	struct anomaly_rec r;
	memset(&r, 0, sizeof r);
	r.has_time = true;
	r.level = LV_ERROR;
	r.source = span_str("x");
	r.has_tmpl_id = true;
	r.tmpl_id = 42;
	r.tmpl = span_str("given <*>");
	r.sec = T0;
	anomaly_add(a, &r);
	r.sec = T0 + 7200;
	r.message = span_str("entirely different words here");
	anomaly_add(a, &r);
	is_int(g.n, 0, "template_id 42 known from learning");
	r.tmpl_id = 43;
	anomaly_add(a, &r);
	is_int(g.n, 1, "template_id 43 is new");
	static char longt[5000];
	memset(longt, 'w', sizeof longt - 1);
	r.tmpl_id = 44;
	r.tmpl = span_str(longt);
	anomaly_add(a, &r);
	is_int(g.n, 2, "template_id 44 is new");
	is_int(g.tmpl_len[1], 512, "a template is kept to 512 bytes");
	ok(g.f[1].tmpl_id == 44, "its id");
	anomaly_free(a);

	/* learning from a baseline */
	memset(&g, 0, sizeof g);
	o.learn = 0;
	a = anomaly_new(&o, collect, &g);
	anomaly_set_learning(a, true);
	rec(a, T0, "app", LV_ERROR, "job 17 failed: exit status 3");
	anomaly_set_learning(a, false);
	rec(a, T0 + 10, "app", LV_ERROR, "job 21 failed: exit status 4");
	is_int(g.n, 0, "known from the baseline");
	rec(a, T0 + 20, "app", LV_ERROR, "broker connection lost to mq-1");
	is_int(g.n, 1, "new after the baseline");
	anomaly_free(a);
}

static void test_suspicious_ip(void)
{
	struct got g = { 0 };
	struct anomaly_opts o = opts();
	o.types = 1u << AN_SUSPICIOUS_IP;
	struct anomaly *a = anomaly_new(&o, collect, &g);
	for (int i = 0; i < 3600; i++) {
		char ip[32];
		snprintf(ip, sizeof ip, "10.0.%d.%d", i % 7, i % 50);
		web(a, T0 + i, ip, uniform() < 0.03 ? 404 : 200);
		if (i % 100 == 0)    /* 36 records, 35 of them errors */
			web(a, T0 + i, "203.0.113.9", i ? 401 : 200);
		if (i % 300 == 0)    /* 12 records, all errors: too few */
			web(a, T0 + i, "203.0.113.10", 404);
		if (i % 20 == 0)     /* 180 records, 10% errors: busy but fine */
			web(a, T0 + i, "198.51.100.7", i % 200 ? 200 : 500);
	}
	is_int(g.n, 0, "nothing before the hour closes");
	web(a, T0 + 3600 + 61, "10.0.0.1", 200);
	is_int(g.n, 1, "one suspicious IP when the hour closes");
	if (g.n == 1) {
		is_str(g.ip[0], "203.0.113.9", "the right one");
		is_int((int)g.f[0].records, 36, "its records");
		is_int((int)g.f[0].observed, 35, "its errors");
		ok(g.f[0].log_p < log(1e-6), "binomial tail <= 1e-6");
		ok(strstr(g.f[0].reason, "35 of 36 records were errors"), "reason");
	}
	anomaly_finish(a);
	is_int(g.n, 1, "finish adds nothing");
	anomaly_free(a);
}

static void test_fixed(void)
{
	struct got g = { 0 };
	struct anomaly_opts o = opts();
	o.mode = ANOMALY_FIXED;
	struct anomaly *a = anomaly_new(&o, collect, &g);
	for (int i = 0; i < 101; i++)
		rec(a, T0 + i, "api", LV_ERROR, "boom");
	for (int i = 0; i < 100; i++)
		rec(a, T0 + 3600 + i, "api", LV_ERROR, "boom");
	for (int i = 0; i < 101; i++)
		web(a, T0 + 7200 + i, "192.0.2.1", i < 52 ? 404 : 200);
	for (int i = 0; i < 100; i++)
		web(a, T0 + 7200 + i, "192.0.2.2", 500);
	is_int(g.n, 0, "fixed mode reports at the end");
	anomaly_finish(a);
	is_int(count_type(&g, AN_ERROR_SPIKE), 1, "an hour with 101 errors, not one with 100");
	is_int(count_type(&g, AN_SUSPICIOUS_IP), 1, "an IP with 101 requests and 51% errors");
	if (g.n == 2) {
		is_int(g.f[0].start, T0, "the hour");
		is_int(g.f[0].severity, AN_HIGH, "error_spike is high");
		is_str(g.ip[1], "192.0.2.1", "the IP");
		is_int(g.f[1].severity, AN_MEDIUM, "suspicious_ip is medium");
	}
	anomaly_free(a);
}

static void test_hostile_time(void)
{
	struct got g = { 0 };
	struct anomaly_opts o = opts();
	o.max_keys = 20;
	struct anomaly *a = anomaly_new(&o, collect, &g);
	steady(a, "api", T0, 2 * 3600, 5, 0.1);
	rec(a, 4102444800, "api", LV_ERROR, "year 2100");
	rec(a, 0, "api", LV_ERROR, "1970");
	rec(a, -86400 * 365, "api", LV_ERROR, "1969");
	rec(a, T0 + 7300, "api", LV_ERROR, "back again");
	char name[32];
	for (int i = 0; i < 500; i++) {
		snprintf(name, sizeof name, "s%d", i);
		rec(a, 4102444800 + i, name, LV_INFO, name);
	}
	anomaly_finish(a);
	struct anomaly_stats st;
	anomaly_stats(a, &st);
	ok(st.late >= 2, "records far behind the clock are late");
	ok(st.sources <= 20, "sources held within the limit");
	ok(st.dropped_keys > 0, "and the others counted");
	is_int((int)st.records, 2 * 60 * 5 + 4 + 500, "every record counted");
	anomaly_free(a);

	struct anomaly_rec r;
	memset(&r, 0, sizeof r);
	a = anomaly_new(&o, collect, &g);
	anomaly_add(a, &r);
	anomaly_stats(a, &st);
	is_int((int)st.untimed, 1, "a record without a time is counted and skipped");
	anomaly_free(a);
}

static void test_json(void)
{
	struct anomaly_finding f;
	memset(&f, 0, sizeof f);
	f.type = AN_ERROR_SPIKE;
	f.severity = AN_CRITICAL;
	f.start = T0;
	f.end = T0 + 300;
	f.window = 300;
	f.source = span_str("api\n");
	f.observed = 240;
	f.expected = 12;
	f.ratio = 20;
	f.log_p = log(3.2) - 412 * M_LN10;
	f.ntop = 1;
	f.top[0] = (struct anomaly_top){ "db <*> reset", 12, 255, 200 };
	snprintf(f.reason, sizeof f.reason, "source api: 240 errors in 5 min, expected 12 (20x)");
	struct buf b = BUF_INIT;
	anomaly_finding_json(&b, &f);
	is_str(b.p,
	       "{\"type\":\"error_spike\",\"severity\":\"critical\",\"timestamp\":\"2026-11-18T00:00:00Z\","
	       "\"start\":\"2026-11-18T00:00:00Z\",\"end\":\"2026-11-18T00:05:00Z\",\"window\":\"5m\","
	       "\"source\":\"api\\n\",\"observed\":240,\"expected\":12,\"ratio\":20,\"p_value\":3.2e-412,"
	       "\"templates\":[{\"template\":\"db <*> reset\",\"template_id\":\"00000000000000ff\","
	       "\"count\":200}],\"reason\":\"source api: 240 errors in 5 min, expected 12 (20x)\"}\n",
	       "finding JSON, keys in order, p-value below doubles");
	buf_free(&b);
	is_int(anomaly_type_from_name("silence", 7), AN_SILENCE, "type by name");
	is_int(anomaly_type_from_name("silenc", 6), -1, "unknown type name");
	is_str(anomaly_severity_name(AN_LOW), "low", "severity name");
}

int main(void)
{
	test_error_spike();
	test_run();
	test_all_sources();
	test_volume_and_small();
	test_daily_burst();
	test_silence();
	test_new_template();
	test_suspicious_ip();
	test_fixed();
	test_hostile_time();
	test_json();
	return tap_done();
}
