/*
 * anomaly: the detectors of lanomaly (see anomaly.h for what they do).
 *
 * A series (one per source, and one for all sources) holds a ring of
 * open buckets (at most NOPEN, so --lag is at most NOPEN - 2 buckets),
 * the running totals of the hour being filled, a ring of the last 24
 * closed hours and a per-hour-of-day table decayed day by day.  Bucket
 * indexes are event seconds / bucket, hour indexes seconds / 3600; both
 * are floor divisions, so times before 1970 work too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anomaly.h"
#include "hash.h"
#include "jsonw.h"
#include "level.h"
#include "ltime.h"
#include "prob.h"
#include "template.h"
#include "xalloc.h"

#define NOPEN 8
#define TOPK 8
#define HOD_DECAY 0.7
#define JUMP_HOURS 48
#define JUMP_AHEAD 86400
#define SILENCE_SPAN 288

struct top {
	uint64_t id[TOPK];
	uint32_t c[TOPK];
};

struct bucket {
	int64_t idx;
	uint64_t n, e;
	struct top tn, te;
};

struct hslot {
	int64_t hour;
	double n, e, nb, nz;
};

struct hod {
	double n, e, nb;
	int days;
};

/*
 * The same bucket of the day, decayed day by day: what a daily job's
 * burst at 02:00 looks like.  Fed with every bucket, flagged or not, so
 * that what repeats every day becomes expected.
 */
struct bod {
	float n, e, w;
};

/* Consecutive buckets each at least min_ratio x expected. */
struct run {
	double obs, expct;
	int64_t start;
	int len;
	bool reported;
};

struct series {
	int64_t cur;             /* lowest open bucket; INT64_MIN before the first record */
	int64_t maxb;            /* highest bucket holding records */
	int64_t last_t;          /* time of the last record */
	int64_t first_t;         /* time of the first record: learning starts */
	int last_input;
	bool synced;             /* the last record was in step with the global clock */
	bool silent;             /* silence reported since the last record */
	bool all;                /* the all-sources series */
	struct bucket open[NOPEN];
	int64_t hour;            /* the hour of cur */
	uint64_t hn, he;         /* the hour's records and errors */
	int hnb;                 /* buckets of the hour closed */
	double bn, be;           /* the same, without flagged buckets */
	int bnb, bnz;
	bool hflag[2];           /* a bucket of the hour had an error / volume spike */
	double hfloor[2];        /* what the buckets' daily floors added to expected */
	struct run run[2];       /* error, volume */
	struct top htn, hte;
	struct hslot ring[24];
	struct hod hod[24];
	struct bod *bod;         /* bph x 24 slots, owned; NULL before the first record */
};

struct ipstate {
	int64_t hour;
	uint64_t n, e;
	struct top te;           /* paths (or templates) of its errors */
	bool paths;              /* te holds paths */
};

struct fixed_ip {
	uint64_t n, e;
	int64_t first, last;
};

struct text {
	char *p;
	size_t len;
};

/* Which types were flagged, by any source, in a recent bucket or hour. */
struct flag {
	int64_t idx;
	bool f[2];
};

struct anomaly {
	struct anomaly_opts o;
	anomaly_emit_fn emit;
	void *arg;
	int64_t bph;             /* buckets per hour */
	bool have_w;
	int64_t w;               /* the global clock: the latest time seen */
	int64_t wtick;           /* the global bucket last ticked */
	int64_t iptick;          /* the hour IPs were last swept to */
	int input;
	bool have_cand;
	int64_t cand;            /* a time far ahead of the clock, awaiting a second */
	bool learning, learn_done, have_first;
	int64_t first_t;
	struct hmap sources;     /* name -> struct series */
	size_t max_sources;
	struct series all;
	struct flag fl5[64], flh[16];
	struct hmap ips;         /* address text -> struct ipstate */
	struct hslot ipring[24];
	struct hmap known;       /* template id -> (1 byte) */
	struct hmap texts;       /* template id -> struct text */
	struct tpl_miner *miner;
	struct hmap fhours;      /* fixed mode: hour -> struct fixed_ip (n, e) */
	struct hmap fips;        /* fixed mode: ip -> struct fixed_ip */
	struct anomaly_stats st;
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static size_t mod(int64_t a, int64_t m)
{
	int64_t r = a % m;
	return (size_t)(r < 0 ? r + m : r);
}

static bool want(const struct anomaly *a, enum anomaly_type t)
{
	return a->o.types == 0 || (a->o.types & (1u << t));
}

/* ---- names and output ---- */

static const char *type_names[AN_NTYPES] = {
	"error_spike", "volume_spike", "silence", "new_template", "suspicious_ip",
};

const char *anomaly_type_name(enum anomaly_type t)
{
	return (unsigned)t < AN_NTYPES ? type_names[t] : "?";
}

int anomaly_type_from_name(const char *name, size_t n)
{
	for (int i = 0; i < AN_NTYPES; i++)
		if (strlen(type_names[i]) == n && memcmp(type_names[i], name, n) == 0)
			return i;
	return -1;
}

const char *anomaly_severity_name(enum anomaly_severity s)
{
	static const char *names[] = { "low", "medium", "high", "critical" };
	return (unsigned)s <= AN_CRITICAL ? names[s] : "?";
}

static void put_time(struct buf *b, const char *key, int64_t sec)
{
	struct ltime t;
	ltime_from_instant(sec, 0, &t);
	t.ndigits = 0;
	t.nsec = 0;
	t.off = 0;
	t.has_off = true;
	buf_printf(b, ",\"%s\":\"", key);
	ltime_format(b, &t);
	buf_addc(b, '"');
}

static void put_num(struct buf *b, const char *key, double v)
{
	if (isfinite(v))
		buf_printf(b, ",\"%s\":%.6g", key, v);
}

static void put_window(struct buf *b, int64_t w)
{
	if (w <= 0)
		return;
	if (w % 3600 == 0)
		buf_printf(b, ",\"window\":\"%lldh\"", (long long)(w / 3600));
	else if (w % 60 == 0)
		buf_printf(b, ",\"window\":\"%lldm\"", (long long)(w / 60));
	else
		buf_printf(b, ",\"window\":\"%llds\"", (long long)w);
}

void anomaly_finding_json(struct buf *b, const struct anomaly_finding *f)
{
	char hex[17], p[32];
	buf_printf(b, "{\"type\":\"%s\",\"severity\":\"%s\"", anomaly_type_name(f->type),
		   anomaly_severity_name(f->severity));
	put_time(b, "timestamp", f->start);
	put_time(b, "start", f->start);
	put_time(b, "end", f->end);
	put_window(b, f->window);
	if (f->source.p) {
		buf_adds(b, ",\"source\":");
		jsonw_str(b, f->source.p, f->source.len);
	}
	if (f->ip.p) {
		buf_adds(b, ",\"ip\":");
		jsonw_str(b, f->ip.p, f->ip.len);
	}
	if (f->tmpl.p) {
		buf_adds(b, ",\"template\":");
		jsonw_str(b, f->tmpl.p, f->tmpl.len);
		tpl_id_hex(f->tmpl_id, hex);
		buf_printf(b, ",\"template_id\":\"%s\"", hex);
	}
	if (f->type == AN_NEW_TEMPLATE && level_name(f->level))
		buf_printf(b, ",\"level\":\"%s\"", level_name(f->level));
	put_num(b, "observed", f->observed);
	put_num(b, "expected", f->expected);
	put_num(b, "ratio", f->ratio);
	if (!isnan(f->log_p))
		buf_printf(b, ",\"p_value\":%s", prob_log_fmt(f->log_p, p, sizeof p));
	if (f->type == AN_SUSPICIOUS_IP)
		buf_printf(b, ",\"records\":%llu", (unsigned long long)f->records);
	if (f->ntop > 0 && f->top_paths) {
		buf_adds(b, ",\"paths\":[");
		for (int i = 0; i < f->ntop; i++) {
			buf_adds(b, i ? ",{\"path\":" : "{\"path\":");
			if (f->top[i].text)
				jsonw_str(b, f->top[i].text, f->top[i].len);
			else
				buf_adds(b, "null");
			buf_printf(b, ",\"count\":%llu}", (unsigned long long)f->top[i].count);
		}
		buf_addc(b, ']');
	} else if (f->ntop > 0) {
		buf_adds(b, ",\"templates\":[");
		for (int i = 0; i < f->ntop; i++) {
			buf_adds(b, i ? ",{\"template\":" : "{\"template\":");
			if (f->top[i].text)
				jsonw_str(b, f->top[i].text, f->top[i].len);
			else
				buf_adds(b, "null");
			tpl_id_hex(f->top[i].id, hex);
			buf_printf(b, ",\"template_id\":\"%s\",\"count\":%llu}", hex,
				   (unsigned long long)f->top[i].count);
		}
		buf_addc(b, ']');
	}
	buf_adds(b, ",\"reason\":");
	jsonw_str(b, f->reason, strlen(f->reason));
	buf_adds(b, "}\n");
}

/* ---- small helpers for findings ---- */

static void emit(struct anomaly *a, struct anomaly_finding *f)
{
	if (a->learning)
		return;
	a->st.findings[f->type]++;
	a->emit(f, a->arg);
}

static void init_finding(struct anomaly_finding *f, enum anomaly_type t)
{
	memset(f, 0, sizeof *f);
	f->type = t;
	f->log_p = NAN;
	f->ratio = NAN;
	f->level = LV_NONE;
}

/* "12", "0.4", "1.2" for reasons */
static const char *num_str(double v, char *s, size_t n)
{
	if (v >= 9.95)
		snprintf(s, n, "%.0f", v);
	else
		snprintf(s, n, "%.2g", v);
	return s;
}

static const char *dur_str(int64_t sec, char *s, size_t n)
{
	if (sec < 120)
		snprintf(s, n, "%lld s", (long long)sec);
	else if (sec < 7200)
		snprintf(s, n, "%lld min", (long long)(sec / 60));
	else
		snprintf(s, n, "%.1f h", sec / 3600.0);
	return s;
}

static enum anomaly_severity severity_by_ratio(double r)
{
	return r >= 20 ? AN_CRITICAL : r >= 10 ? AN_HIGH : r >= 5 ? AN_MEDIUM : AN_LOW;
}

static void top_add(struct top *t, uint64_t id, uint32_t k)
{
	int min = 0;
	for (int i = 0; i < TOPK; i++) {
		if (t->c[i] && t->id[i] == id) {
			t->c[i] += k;
			return;
		}
		if (t->c[i] < t->c[min])
			min = i;
	}
	/* Space-Saving: the newcomer takes the smallest slot and its count */
	t->id[min] = id;
	t->c[min] += k;
}

static void top_merge(struct top *into, const struct top *from)
{
	for (int i = 0; i < TOPK; i++)
		if (from->c[i])
			top_add(into, from->id[i], from->c[i]);
}

static void fill_top(struct anomaly *a, struct anomaly_finding *f, const struct top *t)
{
	bool used[TOPK] = { false };
	f->ntop = 0;
	for (int k = 0; k < ANOMALY_TOP; k++) {
		int best = -1;
		for (int i = 0; i < TOPK; i++)
			if (t->c[i] && !used[i] && (best < 0 || t->c[i] > t->c[best]))
				best = i;
		if (best < 0)
			break;
		used[best] = true;
		struct anomaly_top *at = &f->top[f->ntop++];
		at->id = t->id[best];
		at->count = t->c[best];
		struct text *tx = hmap_get(&a->texts, &at->id, sizeof at->id);
		at->text = tx ? tx->p : NULL;
		at->len = tx ? tx->len : 0;
	}
}

/* ---- baselines ---- */

static size_t hod_of(int64_t hour)
{
	return mod(hour, 24);
}

/* Sums over the closed hours [hour - 24, hour - 1] of a ring. */
static void ring_sum(const struct hslot *ring, int64_t hour, struct hslot *sum)
{
	memset(sum, 0, sizeof *sum);
	for (int i = 0; i < 24; i++) {
		const struct hslot *h = &ring[i];
		if (h->hour >= hour - 24 && h->hour < hour && h->nb > 0) {
			sum->n += h->n;
			sum->e += h->e;
			sum->nb += h->nb;
			sum->nz += h->nz;
		}
	}
}

/*
 * The error ratio expected in HOUR, or false while there is no baseline:
 * the trailing 24 hours', or once several days are known the same hour of
 * day's, shrunk toward the trailing ratio by RATIO_PRIOR pseudo-records so
 * that a few unlucky days do not make a baseline.
 */
#define RATIO_PRIOR 1000.0
static bool base_ratio(const struct anomaly *a, const struct series *s, int64_t hour, double *r)
{
	const struct hod *h = &s->hod[hod_of(hour)];
	struct hslot sum;
	ring_sum(s->ring, hour, &sum);
	bool ring_ok = sum.nb >= a->bph && sum.n >= 20;
	double r24 = (sum.e + 0.5) / (sum.n + 1);
	if (h->days >= 3 && (ring_ok || h->n >= 100)) {
		*r = ring_ok ? (h->e + RATIO_PRIOR * r24) / (h->n + RATIO_PRIOR)
			     : (h->e + 0.5) / (h->n + 1);
		return true;
	}
	*r = r24;
	return ring_ok;
}

/*
 * The mean records per bucket expected in HOUR: the same hour of day's
 * once two days are known, else the trailing 24 hours' once at least 20
 * of them are (a shorter mean would take the morning ramp for a spike).
 * With one day of that hour known, the cautious one of the two: the
 * higher for spikes, the lower (LOW) for silence, so a source that stops
 * every evening is not reported silent on its second evening.  For
 * silence an hour of the day never seen expects nothing.
 */
static bool base_mean(const struct anomaly *a, const struct series *s, int64_t hour, double *m,
		      bool low)
{
	const struct hod *h = &s->hod[hod_of(hour)];
	bool hod_ok = h->nb >= a->bph / 2.0;
	if (low && !(h->days >= 1 && hod_ok))
		return false;
	if (h->days >= 2 && hod_ok) {
		*m = h->n / h->nb;
		return true;
	}
	struct hslot sum;
	ring_sum(s->ring, hour, &sum);
	if (sum.nb < 20 * a->bph || sum.n < 20)
		return false;
	*m = sum.n / sum.nb;
	if (h->days == 1 && hod_ok) {
		double one = h->n / h->nb;
		if (low ? one < *m : one > *m)
			*m = one;
	}
	return true;
}

/* ---- spikes ---- */

static struct flag *flag_slot(struct anomaly *a, bool hourly, int64_t idx)
{
	return hourly ? &a->flh[mod(idx, 16)] : &a->fl5[mod(idx, 64)];
}

static void flag_mark(struct anomaly *a, bool hourly, int64_t idx, int kind)
{
	struct flag *f = flag_slot(a, hourly, idx);
	if (f->idx != idx) {
		f->idx = idx;
		f->f[0] = f->f[1] = false;
	}
	f->f[kind] = true;
}

static bool flag_get(struct anomaly *a, bool hourly, int64_t idx, int kind)
{
	struct flag *f = flag_slot(a, hourly, idx);
	return f->idx == idx && f->f[kind];
}

static void prefix(char *s, size_t n, struct span name)
{
	if (name.p)
		snprintf(s, n, "source %.*s", (int)(name.len > 80 ? 80 : name.len), name.p);
	else
		snprintf(s, n, "all sources");
}

/* Test one window; report and return true when it is a spike. */
static bool spike(struct anomaly *a, struct span name, enum anomaly_type type, int64_t start,
		  int64_t len, double obs, double expct, const struct top *t)
{
	if (expct <= 0 || obs < a->o.min_ratio * expct || obs - expct < a->o.min_excess)
		return false;
	double lp = prob_poisson_log_sf(obs, expct);
	if (!(lp <= log(a->o.max_p)))
		return false;
	struct anomaly_finding f;
	init_finding(&f, type);
	f.start = start;
	f.end = start + len;
	f.window = len;
	f.source = name;
	f.observed = obs;
	f.expected = expct;
	f.ratio = obs / expct;
	f.log_p = lp;
	f.severity = severity_by_ratio(f.ratio);
	fill_top(a, &f, t);
	char who[100], o[32], e[32], d[32], x[32];
	prefix(who, sizeof who, name);
	snprintf(f.reason, sizeof f.reason, "%s: %s %s in %s, expected %s (%sx)", who,
		 num_str(obs, o, sizeof o), type == AN_ERROR_SPIKE ? "errors" : "records",
		 dur_str(len, d, sizeof d), num_str(expct, e, sizeof e),
		 num_str(f.ratio, x, sizeof x));
	emit(a, &f);
	return true;
}

static void close_hour(struct anomaly *a, struct series *s, struct span name)
{
	int64_t hour = s->hour;
	bool fe = false, fv = false;
	double r, m;
	bool eval = !s->all || a->st.sources >= 2;
	bool se = s->all && flag_get(a, true, hour, 0);
	bool sv = s->all && flag_get(a, true, hour, 1);
	if (eval && s->hn > 0 && want(a, AN_ERROR_SPIKE) && !s->hflag[0] && !se &&
	    base_ratio(a, s, hour, &r))
		fe = spike(a, name, AN_ERROR_SPIKE, hour * 3600, 3600, (double)s->he,
			   (double)s->hn * r + s->hfloor[0], &s->hte);
	if (eval && s->hn > 0 && want(a, AN_VOLUME_SPIKE) && !s->hflag[1] && !sv &&
	    base_mean(a, s, hour, &m, false))
		fv = spike(a, name, AN_VOLUME_SPIKE, hour * 3600, 3600, (double)s->hn,
			   m * s->hnb + s->hfloor[1], &s->htn);
	if (!s->all) {
		if (fe)
			flag_mark(a, true, hour, 0);
		if (fv)
			flag_mark(a, true, hour, 1);
	}
	struct hslot *slot = &s->ring[hod_of(hour)];
	memset(slot, 0, sizeof *slot);
	slot->hour = hour;
	if (!fe && !fv && s->bnb > 0) {
		slot->n = s->bn;
		slot->e = s->be;
		slot->nb = s->bnb;
		slot->nz = s->bnz;
		if (s->bnb >= a->bph / 2) {
			struct hod *h = &s->hod[hod_of(hour)];
			h->n = h->n * HOD_DECAY + s->bn;
			h->e = h->e * HOD_DECAY + s->be;
			h->nb = h->nb * HOD_DECAY + s->bnb;
			h->days++;
		}
	}
	s->hn = s->he = 0;
	s->hfloor[0] = s->hfloor[1] = 0;
	s->hnb = s->bnb = s->bnz = 0;
	s->bn = s->be = 0;
	s->hflag[0] = s->hflag[1] = false;
	memset(&s->htn, 0, sizeof s->htn);
	memset(&s->hte, 0, sizeof s->hte);
	s->hour = hour + 1;
}

/*
 * Judge bucket B of S for spikes of KIND (0 errors, 1 records): the bucket
 * alone, then the run of elevated buckets it extends.  True when flagged.
 */
static bool judge(struct anomaly *a, struct series *s, struct span name, int kind, int64_t b,
		  double obs, double expct, const struct top *t)
{
	enum anomaly_type type = kind ? AN_VOLUME_SPIKE : AN_ERROR_SPIKE;
	struct run *r = &s->run[kind];
	if (spike(a, name, type, b * a->o.bucket, a->o.bucket, obs, expct, t)) {
		memset(r, 0, sizeof *r);
		return true;
	}
	if (!(expct > 0 && obs >= a->o.min_ratio * expct) || r->len >= a->bph) {
		memset(r, 0, sizeof *r);
		if (!(expct > 0 && obs >= a->o.min_ratio * expct))
			return false;
	}
	if (r->len == 0)
		r->start = b;
	r->obs += obs;
	r->expct += expct;
	r->len++;
	if (r->len < 2 || r->reported)
		return false;
	if (!spike(a, name, type, r->start * a->o.bucket, r->len * a->o.bucket, r->obs, r->expct, t))
		return false;
	r->reported = true;
	return true;
}

/*
 * Whether the same bucket of the day's mean DAILY, against the baseline's
 * expectation X, is a pattern of its own: as far above X as a spike would
 * be.  Only then does it raise the expectation; below that, one day's
 * count is noise, and taking the larger of the two would bias every
 * expectation upward.
 */
static bool usual(const struct anomaly *a, double daily, double x)
{
	return daily >= a->o.min_ratio * x && daily - x >= a->o.min_excess;
}

static void close_bucket(struct anomaly *a, struct series *s, struct span name)
{
	int64_t b = s->cur;
	struct bucket *bk = &s->open[mod(b, NOPEN)];
	bool has = bk->idx == b;
	uint64_t n = has ? bk->n : 0, e = has ? bk->e : 0;
	int64_t hour = s->hour;
	bool fe = false, fv = false;
	double r, m;
	bool eval = !s->all || a->st.sources >= 2;
	struct bod *d = &s->bod[mod(b, 24 * a->bph)];
	bool daily = d->w >= 0.95f;  /* this bucket of the day seen before */
	if (eval && want(a, AN_ERROR_SPIKE) && !(s->all && flag_get(a, false, b, 0)) &&
	    base_ratio(a, s, hour, &r)) {
		double x = (double)n * r;
		if (daily && usual(a, d->e / d->w, x)) {
			s->hfloor[0] += d->e / d->w - x;
			x = d->e / d->w;
		}
		fe = judge(a, s, name, 0, b, (double)e, x, &bk->te);
	}
	if (eval && want(a, AN_VOLUME_SPIKE) && !(s->all && flag_get(a, false, b, 1)) &&
	    base_mean(a, s, hour, &m, false)) {
		if (daily && usual(a, d->n / d->w, m)) {
			s->hfloor[1] += d->n / d->w - m;
			m = d->n / d->w;
		}
		fv = judge(a, s, name, 1, b, (double)n, m, &bk->tn);
	}
	if (!(n == 0 && s->silent)) {
		d->n = d->n * (float)HOD_DECAY + (float)n;
		d->e = d->e * (float)HOD_DECAY + (float)e;
		d->w = d->w * (float)HOD_DECAY + 1;
	}
	if (!s->all) {  /* what the all-sources series should not repeat */
		if (fe) {
			flag_mark(a, false, b, 0);
			flag_mark(a, true, hour, 0);
		}
		if (fv) {
			flag_mark(a, false, b, 1);
			flag_mark(a, true, hour, 1);
		}
	}
	s->hn += n;
	s->he += e;
	s->hnb++;
	if (has) {
		top_merge(&s->htn, &bk->tn);
		top_merge(&s->hte, &bk->te);
	}
	s->hflag[0] |= fe;
	s->hflag[1] |= fv;
	if (!fe && !fv && !(n == 0 && s->silent)) {
		s->bn += (double)n;
		s->be += (double)e;
		s->bnb++;
		s->bnz += n > 0;
	}
	memset(bk, 0, sizeof *bk);
	bk->idx = INT64_MIN;
	s->cur = b + 1;
	if (floor_div(s->cur, a->bph) != hour)
		close_hour(a, s, name);
}

/* Close the buckets of S before bucket TARGET. */
static void advance(struct anomaly *a, struct series *s, struct span name, int64_t target)
{
	if (s->cur == INT64_MIN)
		return;
	while (s->cur < target) {
		int64_t bph = a->bph;
		if (s->cur > s->maxb && mod(s->cur, bph) == 0 &&
		    target - s->cur > JUMP_HOURS * bph) {
			/* a long gap with nothing open: skip to the hour of target */
			s->cur = floor_div(target, bph) * bph;
			s->hour = floor_div(s->cur, bph);
			continue;
		}
		close_bucket(a, s, name);
	}
}

static void series_init(struct series *s, int64_t b, int64_t bph)
{
	memset(s, 0, sizeof *s);
	s->bod = xcalloc((size_t)(24 * bph), sizeof *s->bod);
	s->cur = b;
	s->maxb = b;
	s->hour = floor_div(b, bph);
	for (int i = 0; i < NOPEN; i++)
		s->open[i].idx = INT64_MIN;
	for (int i = 0; i < 24; i++)
		s->ring[i].hour = INT64_MIN;
}

static void series_add(struct anomaly *a, struct series *s, struct span name, int64_t t,
		       bool err, uint64_t tid)
{
	int64_t b = floor_div(t, a->o.bucket);
	if (s->cur == INT64_MIN) {
		bool all = s->all;
		int64_t first = s->first_t;
		series_init(s, b, a->bph);
		s->all = all;
		s->first_t = first;
	}
	advance(a, s, name, floor_div(t - a->o.lag, a->o.bucket));
	if (b < s->cur) {
		if (!s->all)
			a->st.late++;
		return;
	}
	if (b >= s->cur + NOPEN)
		advance(a, s, name, b - NOPEN + 1);
	struct bucket *bk = &s->open[mod(b, NOPEN)];
	if (bk->idx != b) {
		memset(bk, 0, sizeof *bk);
		bk->idx = b;
	}
	bk->n++;
	bk->e += err;
	if (tid) {
		top_add(&bk->tn, tid, 1);
		if (err)
			top_add(&bk->te, tid, 1);
	}
	if (b > s->maxb)
		s->maxb = b;
}

/* ---- silence ---- */

static void silence_check(struct anomaly *a, struct series *s, struct span name)
{
	if (s->silent || !s->synced || s->last_input != a->input || s->cur == INT64_MIN)
		return;
	int64_t gap = a->w - s->last_t;
	if (gap < a->o.silence)
		return;
	/* a source that logs regularly: in half the buckets of the hours it
	 * logged in, over the last 24 (a daily job's burst is not regular) */
	double nb = 0, nz = 0;
	int64_t lh = floor_div(s->last_t, 3600);
	for (int i = 0; i < 24; i++) {
		const struct hslot *h = &s->ring[i];
		if (h->hour >= lh - 24 && h->hour < lh && h->n > 0) {
			nb += h->nb;
			nz += h->nz;
		}
	}
	if (nb < a->bph || nz < 0.5 * nb)
		return;
	/*
	 * The records expected in the gap, bucket by bucket: the hour's mean,
	 * or the same bucket of the day's when lower (the quiet minutes after
	 * a daily job's burst).  Looked at up to SILENCE_SPAN buckets back.
	 */
	double expct = 0;
	int64_t t = s->last_t, hour = INT64_MIN;
	double m = 0;
	bool have = false;
	for (int i = 0; t < a->w && i < SILENCE_SPAN; i++) {
		int64_t b = floor_div(t, a->o.bucket);
		int64_t end = (b + 1) * a->o.bucket;
		if (end > a->w)
			end = a->w;
		if (floor_div(t, 3600) != hour) {
			hour = floor_div(t, 3600);
			have = base_mean(a, s, hour, &m, true);
		}
		if (have) {
			double x = m;
			const struct bod *d = &s->bod[mod(b, 24 * a->bph)];
			if (d->w >= 0.95f && d->n / d->w < x)
				x = d->n / d->w;
			expct += x / (double)a->o.bucket * (double)(end - t);
		}
		t = end;
	}
	if (expct < a->o.silence_expected)
		return;
	s->silent = true;
	struct anomaly_finding f;
	init_finding(&f, AN_SILENCE);
	f.severity = expct >= 100 ? AN_HIGH : AN_MEDIUM;
	f.start = s->last_t;
	f.end = a->w;
	f.source = name;
	f.observed = 0;
	f.expected = expct;
	f.ratio = 0;
	f.log_p = -expct;
	char who[100], e[32], d[32];
	prefix(who, sizeof who, name);
	snprintf(f.reason, sizeof f.reason, "%s: no records for %s, expected %s", who,
		 dur_str(gap, d, sizeof d), num_str(expct, e, sizeof e));
	emit(a, &f);
}

/* ---- suspicious IPs ---- */

static void text_set(struct anomaly *a, uint64_t id, const char *p, size_t n);

static bool ip_error(const struct anomaly_rec *r)
{
	return r->status > 0 ? r->status >= 400 : r->level >= LV_ERROR;
}

static void ip_eval(struct anomaly *a, struct span ip, struct ipstate *st)
{
	if (st->n < a->o.ip_min || !want(a, AN_SUSPICIOUS_IP))
		return;
	double n = 0, e = 0;
	for (int i = 0; i < 24; i++) {
		struct hslot *h = &a->ipring[i];
		if (h->hour > st->hour - 24 && h->hour <= st->hour) {
			n += h->n;
			e += h->e;
		}
	}
	double p0 = (e + 0.5) / (n + 1);
	double obs = (double)st->e / (double)st->n;
	double thr = a->o.ip_rel * p0;
	if (thr < a->o.ip_min_ratio)
		thr = a->o.ip_min_ratio;
	if (obs < thr)
		return;
	double lp = prob_binom_log_sf((double)st->e, (double)st->n, p0);
	if (!(lp <= log(a->o.max_p)))
		return;
	struct hslot *h = &a->ipring[hod_of(st->hour)];
	if (h->hour == st->hour) {  /* keep it out of the baseline */
		h->n -= (double)st->n;
		h->e -= (double)st->e;
	}
	struct anomaly_finding f;
	init_finding(&f, AN_SUSPICIOUS_IP);
	f.severity = obs >= 0.9 && st->n >= 100 ? AN_HIGH : AN_MEDIUM;
	f.start = st->hour * 3600;
	f.end = f.start + 3600;
	f.window = 3600;
	f.ip = ip;
	f.observed = (double)st->e;
	f.expected = (double)st->n * p0;
	f.ratio = f.observed / f.expected;
	f.log_p = lp;
	f.records = st->n;
	fill_top(a, &f, &st->te);
	f.top_paths = st->paths;
	snprintf(f.reason, sizeof f.reason,
		 "ip %.*s: %llu of %llu records were errors (%.0f%%) in 1 h, overall %.1f%%",
		 (int)(ip.len > 64 ? 64 : ip.len), ip.p, (unsigned long long)st->e,
		 (unsigned long long)st->n, 100 * obs, 100 * p0);
	emit(a, &f);
}

static void ip_sweep(struct anomaly *a, int64_t hour)
{
	size_t i = 0;
	struct ipstate *st;
	while ((st = hmap_next(&a->ips, &i))) {
		if (st->hour >= hour)
			continue;
		size_t klen;
		const char *k = hmap_key(st, &klen);
		ip_eval(a, span_make(k, klen), st);
		hmap_del(&a->ips, k, klen);
		i--;
	}
}

static void ip_add(struct anomaly *a, const struct anomaly_rec *r, uint64_t tid)
{
	int64_t hour = floor_div(r->sec, 3600);
	bool err = ip_error(r);
	struct hslot *h = &a->ipring[hod_of(hour)];
	if (h->hour < hour) {
		memset(h, 0, sizeof *h);
		h->hour = hour;
	}
	if (h->hour == hour) {
		h->n++;
		h->e += err;
	}
	struct ipstate *st = hmap_get(&a->ips, r->ip.p, r->ip.len);
	if (!st) {
		if (a->ips.count >= a->o.max_keys) {
			a->st.dropped_keys++;
			return;
		}
		st = hmap_put(&a->ips, r->ip.p, r->ip.len, NULL);
		st->hour = hour;
	} else if (hour > st->hour) {
		ip_eval(a, r->ip, st);
		memset(st, 0, sizeof *st);
		st->hour = hour;
	} else if (hour < st->hour) {
		a->st.late++;
		return;
	}
	st->n++;
	st->e += err;
	if (r->path.len)
		st->paths = true;
	if (err && r->path.len) {
		/* ids of paths live beside template ids in a->texts */
		uint64_t pid = hash_bytes(r->path.p, r->path.len) ^ 0x9e3779b97f4a7c15ull;
		if (!hmap_get(&a->texts, &pid, sizeof pid))
			text_set(a, pid, r->path.p, r->path.len);
		top_add(&st->te, pid, 1);
	} else if (err && tid && !st->paths) {
		top_add(&st->te, tid, 1);
	}
}

/* ---- templates ---- */

/* Template texts are kept to this many bytes (findings show them cut). */
#define TEXT_MAX 512

static void text_set(struct anomaly *a, uint64_t id, const char *p, size_t n)
{
	if (n > TEXT_MAX)
		n = TEXT_MAX;
	struct text *t = hmap_get(&a->texts, &id, sizeof id);
	if (!t) {
		if (a->texts.count >= a->o.max_keys)
			return;
		t = hmap_put(&a->texts, &id, sizeof id, NULL);
	} else if (t->len == n && memcmp(t->p, p, n) == 0) {
		return;
	}
	free(t->p);
	t->p = xstrndup(p, n);
	t->len = n;
}

/* The record's template id (0: none), its text noted in a->texts. */
static uint64_t template_of(struct anomaly *a, const struct anomaly_rec *r)
{
	uint64_t id = 0;
	if (r->has_tmpl_id || r->tmpl.len) {
		id = r->has_tmpl_id ? r->tmpl_id : hash_bytes(r->tmpl.p, r->tmpl.len);
		if (r->tmpl.len)
			text_set(a, id, r->tmpl.p, r->tmpl.len);
	} else if (r->message.len) {
		if (!a->miner) {
			struct tpl_opts to = TPL_OPTS_DEFAULT;
			to.max_templates = a->o.max_keys;
			a->miner = tpl_new(&to);
		}
		struct tpl_match m;
		tpl_add(a->miner, r->message.p, r->message.len, &m);
		id = m.id;
		if (m.changed || !hmap_get(&a->texts, &id, sizeof id))
			text_set(a, id, m.text, m.len);
	}
	return id ? id : 1;  /* 0 means "none" in the tops */
}

/* FIRST: when the record's source was first seen (its learning period). */
static void new_template(struct anomaly *a, const struct anomaly_rec *r, uint64_t id,
			 int64_t first)
{
	if (hmap_get(&a->known, &id, sizeof id))
		return;
	if (a->known.count >= a->o.max_keys) {
		a->st.dropped_keys++;
		return;
	}
	hmap_put(&a->known, &id, sizeof id, NULL);
	bool learning = a->learning || (!a->learn_done && r->sec < first + a->o.learn);
	if (learning || r->level < LV_WARNING)
		return;
	struct anomaly_finding f;
	init_finding(&f, AN_NEW_TEMPLATE);
	f.severity = r->level >= LV_CRITICAL ? AN_HIGH : r->level >= LV_ERROR ? AN_MEDIUM : AN_LOW;
	f.start = f.end = r->sec;
	f.source = r->source.len ? r->source : span_make("-", 1);
	struct text *t = hmap_get(&a->texts, &id, sizeof id);
	f.tmpl = t ? span_make(t->p, t->len) : span_make("", 0);
	f.tmpl_id = id;
	f.level = r->level;
	f.observed = 1;
	f.expected = 0;
	char who[100];
	prefix(who, sizeof who, f.source);
	snprintf(f.reason, sizeof f.reason, "%s: first %s of a new template: %.*s", who,
		 level_name(r->level), (int)(f.tmpl.len > 160 ? 160 : f.tmpl.len), f.tmpl.p);
	emit(a, &f);
}

/* ---- fixed mode (the seed's rules) ---- */

static void fixed_add(struct anomaly *a, const struct anomaly_rec *r)
{
	int64_t hour = floor_div(r->sec, 3600);
	if (r->level >= LV_ERROR) {
		struct fixed_ip *h = hmap_get(&a->fhours, &hour, sizeof hour);
		if (!h && a->fhours.count < a->o.max_keys)
			h = hmap_put(&a->fhours, &hour, sizeof hour, NULL);
		if (h)
			h->e++;
		else
			a->st.dropped_keys++;
	}
	if (!r->ip.len)
		return;
	struct fixed_ip *ip = hmap_get(&a->fips, r->ip.p, r->ip.len);
	if (!ip) {
		if (a->fips.count >= a->o.max_keys) {
			a->st.dropped_keys++;
			return;
		}
		ip = hmap_put(&a->fips, r->ip.p, r->ip.len, NULL);
		ip->first = ip->last = r->sec;
	}
	ip->n++;
	ip->e += ip_error(r);
	if (r->sec < ip->first)
		ip->first = r->sec;
	if (r->sec > ip->last)
		ip->last = r->sec;
}

static int cmp_hours(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

static int cmp_ips(const void *x, const void *y)
{
	const struct fixed_ip *a = *(const struct fixed_ip *const *)x;
	const struct fixed_ip *b = *(const struct fixed_ip *const *)y;
	return a->n > b->n ? -1 : a->n < b->n;
}

static void fixed_finish(struct anomaly *a)
{
	size_t i = 0, n = 0;
	void *v;
	int64_t *hours = xcalloc(a->fhours.count + 1, sizeof *hours);
	while ((v = hmap_next(&a->fhours, &i))) {
		const struct fixed_ip *h = v;
		if (h->e > a->o.fixed_errors && want(a, AN_ERROR_SPIKE)) {
			size_t kl;
			memcpy(&hours[n++], hmap_key(v, &kl), sizeof *hours);
		}
	}
	qsort(hours, n, sizeof *hours, cmp_hours);
	for (size_t k = 0; k < n; k++) {
		const struct fixed_ip *h = hmap_get(&a->fhours, &hours[k], sizeof *hours);
		struct anomaly_finding f;
		init_finding(&f, AN_ERROR_SPIKE);
		f.severity = AN_HIGH;
		f.start = hours[k] * 3600;
		f.end = f.start + 3600;
		f.window = 3600;
		f.observed = (double)h->e;
		f.expected = (double)a->o.fixed_errors;
		snprintf(f.reason, sizeof f.reason, "all sources: %llu errors in 1 h (more than %llu)",
			 (unsigned long long)h->e, (unsigned long long)a->o.fixed_errors);
		emit(a, &f);
	}
	free(hours);

	const struct fixed_ip **ips = xcalloc(a->fips.count + 1, sizeof *ips);
	n = i = 0;
	while ((v = hmap_next(&a->fips, &i))) {
		const struct fixed_ip *ip = v;
		if (ip->n > a->o.fixed_ip_requests && want(a, AN_SUSPICIOUS_IP) &&
		    (double)ip->e / (double)ip->n > a->o.fixed_ip_rate)
			ips[n++] = ip;
	}
	qsort(ips, n, sizeof *ips, cmp_ips);
	for (size_t k = 0; k < n; k++) {
		struct anomaly_finding f;
		size_t kl;
		const char *key = hmap_key(ips[k], &kl);
		init_finding(&f, AN_SUSPICIOUS_IP);
		f.severity = AN_MEDIUM;
		f.start = ips[k]->first;
		f.end = ips[k]->last;
		f.ip = span_make(key, kl);
		f.observed = (double)ips[k]->e;
		f.records = ips[k]->n;
		double rate = (double)ips[k]->e / (double)ips[k]->n;
		snprintf(f.reason, sizeof f.reason,
			 "ip %.*s: %llu records, %.0f%% errors (more than %llu and %.0f%%)",
			 (int)(kl > 64 ? 64 : kl), key, (unsigned long long)ips[k]->n, 100 * rate,
			 (unsigned long long)a->o.fixed_ip_requests, 100 * a->o.fixed_ip_rate);
		emit(a, &f);
	}
	free(ips);
}

/* ---- the detector ---- */

struct anomaly *anomaly_new(const struct anomaly_opts *o, anomaly_emit_fn fn, void *arg)
{
	struct anomaly *a = xcalloc(1, sizeof *a);
	a->o = *o;
	if (a->o.bucket < 60 || 3600 % a->o.bucket != 0)
		a->o.bucket = 300;
	if (a->o.lag < 0)
		a->o.lag = 0;
	if (a->o.lag > (NOPEN - 2) * a->o.bucket)
		a->o.lag = (NOPEN - 2) * a->o.bucket;
	if (a->o.max_keys == 0)
		a->o.max_keys = 1;
	a->emit = fn;
	a->arg = arg;
	a->bph = 3600 / a->o.bucket;
	a->max_sources = a->o.max_keys / 10 > 16 ? a->o.max_keys / 10 : 16;
	a->all.cur = INT64_MIN;
	a->all.all = true;
	for (int i = 0; i < 24; i++)
		a->ipring[i].hour = INT64_MIN;
	for (int i = 0; i < 64; i++)
		a->fl5[i].idx = INT64_MIN;
	for (int i = 0; i < 16; i++)
		a->flh[i].idx = INT64_MIN;
	hmap_init(&a->sources, sizeof(struct series));
	hmap_init(&a->ips, sizeof(struct ipstate));
	hmap_init(&a->known, 1);
	hmap_init(&a->texts, sizeof(struct text));
	hmap_init(&a->fhours, sizeof(struct fixed_ip));
	hmap_init(&a->fips, sizeof(struct fixed_ip));
	return a;
}

void anomaly_free(struct anomaly *a)
{
	if (!a)
		return;
	size_t i = 0;
	struct text *t;
	while ((t = hmap_next(&a->texts, &i)))
		free(t->p);
	hmap_free(&a->texts);
	i = 0;
	struct series *s;
	while ((s = hmap_next(&a->sources, &i)))
		free(s->bod);
	free(a->all.bod);
	hmap_free(&a->sources);
	hmap_free(&a->ips);
	hmap_free(&a->known);
	hmap_free(&a->fhours);
	hmap_free(&a->fips);
	if (a->miner)
		tpl_free(a->miner);
	free(a);
}

static struct span key_span(const void *v)
{
	size_t n;
	const char *k = hmap_key(v, &n);
	return span_make(k, n);
}

/* The global clock moved into a new bucket: close what it closes. */
static void tick(struct anomaly *a)
{
	int64_t gb = floor_div(a->w - a->o.lag, a->o.bucket);
	if (gb <= a->wtick)
		return;
	a->wtick = gb;
	size_t i = 0;
	struct series *s;
	while ((s = hmap_next(&a->sources, &i))) {
		struct span name = key_span(s);
		if (s->synced && s->last_input == a->input)
			advance(a, s, name, gb);
		if (want(a, AN_SILENCE))
			silence_check(a, s, name);
	}
	advance(a, &a->all, SPAN_NULL, gb - 1);
	int64_t ih = floor_div(a->w - a->o.lag, 3600);
	if (ih > a->iptick) {
		a->iptick = ih;
		ip_sweep(a, ih);
	}
}

void anomaly_add(struct anomaly *a, const struct anomaly_rec *r)
{
	a->st.records++;
	if (!r->has_time) {
		a->st.untimed++;
		return;
	}
	if (a->o.mode == ANOMALY_FIXED) {
		fixed_add(a, r);
		return;
	}
	if (a->have_w && r->sec > a->w + JUMP_AHEAD) {
		/*
		 * A jump of more than a day: believed when a second record
		 * confirms it, so one bogus timestamp cannot move the clock
		 * past everything and blind the detectors.
		 */
		if (!a->have_cand || r->sec < a->cand - 3600 || r->sec > a->cand + 3600) {
			a->have_cand = true;
			a->cand = r->sec;
			a->st.late++;
			return;
		}
	}
	a->have_cand = false;
	if (!a->have_first) {
		a->have_first = true;
		a->first_t = r->sec;
	}
	if (!a->have_w || r->sec > a->w) {
		if (!a->have_w) {
			a->wtick = floor_div(r->sec - a->o.lag, a->o.bucket);
			a->iptick = floor_div(r->sec - a->o.lag, 3600);
		}
		a->have_w = true;
		a->w = r->sec;
		tick(a);
	}
	bool err = r->level >= LV_ERROR;
	bool spikes = want(a, AN_ERROR_SPIKE) || want(a, AN_VOLUME_SPIKE) || want(a, AN_SILENCE);
	struct span src = r->source.len ? r->source : span_make("-", 1);
	struct series *s = hmap_get(&a->sources, src.p, src.len);
	if (!s) {
		if (a->sources.count >= a->max_sources) {
			a->st.dropped_keys++;
		} else {
			s = hmap_put(&a->sources, src.p, src.len, NULL);
			s->cur = INT64_MIN;
			s->first_t = r->sec;
			a->st.sources = a->sources.count;
		}
	}
	uint64_t tid = 0;
	if (r->message.len || r->tmpl.len || r->has_tmpl_id)
		tid = template_of(a, r);
	if (tid && want(a, AN_NEW_TEMPLATE))
		new_template(a, r, tid, s ? s->first_t : a->first_t);
	if (r->ip.len && want(a, AN_SUSPICIOUS_IP))
		ip_add(a, r, tid);
	if (!spikes)
		return;
	if (s) {
		src = key_span(s);
		s->synced = r->sec >= a->w - a->o.lag - a->o.bucket;
		series_add(a, s, src, r->sec, err, tid);
		if (r->sec >= s->last_t || s->last_input != a->input) {
			s->last_t = r->sec;
			s->last_input = a->input;
		}
		s->silent = false;
	}
	series_add(a, &a->all, SPAN_NULL, r->sec, err, tid);
}

void anomaly_input_end(struct anomaly *a)
{
	a->input++;
}

void anomaly_set_learning(struct anomaly *a, bool on)
{
	a->learning = on;
	if (!on)
		a->learn_done = true;
}

/* The end of the input: close the open buckets and the partial hour. */
static void series_finish(struct anomaly *a, struct series *s, struct span name)
{
	if (s->cur == INT64_MIN)
		return;
	if (s->maxb >= s->cur)
		advance(a, s, name, s->maxb + 1);
	if (s->hnb > 0)
		close_hour(a, s, name);
}

void anomaly_finish(struct anomaly *a)
{
	if (a->o.mode == ANOMALY_FIXED) {
		fixed_finish(a);
		return;
	}
	size_t i = 0;
	struct series *s;
	while ((s = hmap_next(&a->sources, &i)))
		series_finish(a, s, key_span(s));
	series_finish(a, &a->all, SPAN_NULL);
	ip_sweep(a, INT64_MAX);
}

void anomaly_stats(const struct anomaly *a, struct anomaly_stats *st)
{
	*st = a->st;
	st->sources = a->sources.count;
	st->ips = a->ips.count + a->fips.count;
	st->templates = a->known.count;
}
