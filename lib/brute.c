/*
 * brute: sliding-window attack detection over authentication events
 * (see brute.h).
 *
 * One table holds every key: 'i' + address (or network) for brute force,
 * spraying and success-after-failures; 'u' + user and 's' + service for
 * distributed attacks and success-after-failures by user.  Each key keeps
 * the times of its latest failures (sorted, as many as the threshold
 * needs) and a few distinct values (users of an address, addresses of a
 * user) with the time each was last seen, so every check is a short scan.
 */
#include "brute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "jsonw.h"
#include "ltime.h"
#include "xalloc.h"

#define NS 1000000000LL

struct slot {
	uint64_t h;
	int64_t t;
	char *name;
};

/* A bounded set of distinct names with last-seen times. */
struct dset {
	struct slot *s;
	unsigned n, cap;
};

/*
 * Distinct hashes of one episode (to count users/IPs beyond the list).
 * Bounded by adaptive sampling (Wegman): exact up to HSET_MAX values; past
 * that only hashes whose top `level` bits are zero are kept, and the count
 * is n << level (about 1.6 % error), so one address trying millions of
 * user names cannot grow the set past HSET_MAX entries.
 */
#define HSET_MAX 4096
struct hset {
	uint64_t *h;
	size_t n, cap;            /* cap: power of two or 0 */
	unsigned level;
};

/* FNV-1a's high bits are poorly mixed for short similar names: sample on
 * a finalised hash (splitmix64's mixer). */
static inline bool hset_sampled(uint64_t h, unsigned level)
{
	if (level == 0)
		return true;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return (h >> (64 - level)) == 0;
}

static inline uint64_t hset_count(const struct hset *s)
{
	return (uint64_t)s->n << s->level;
}

struct episode {
	enum brute_type type;
	int64_t start, first, last;
	uint64_t attempts;
	struct dset services, users, ips;   /* first BRUTE_LIST_MAX of each */
	struct hset users_seen, ips_seen, services_seen;
};

struct track {
	int64_t last_seen;
	int64_t *times;           /* sorted ascending, the latest failures */
	unsigned ntimes;
	unsigned tcap;            /* room in times[]: grows to b->ring */
	struct dset distinct;     /* users of an IP / IPs of a user or service */
	struct dset services;     /* services of an IP */
	struct episode *ep[2];    /* [0] brute_force or distributed, [1] spray */
	bool listed;              /* in the open-episode list */
};

struct brute {
	struct brute_opts o;
	unsigned ring;            /* capacity of times[] */
	unsigned dcap;            /* capacity of distinct sets */
	brute_sink sink;
	void *arg;
	struct hmap keys;
	struct track **open;      /* tracks with an open episode */
	size_t nopen, capopen;
	int64_t now;              /* latest event time seen */
	int64_t last_close_check;
	int64_t last_stale;       /* when stale keys were last dropped */
	uint64_t evicted;
	struct buf kb, nb;
};

void brute_opts_default(struct brute_opts *o)
{
	memset(o, 0, sizeof *o);
	o->threshold = 10;
	o->window_ns = 300 * NS;
	o->spray_users = 5;
	o->distributed_ips = 10;
	o->max_keys = 200000;
	o->tolerance_ns = 30 * NS;
}

const char *brute_type_name(enum brute_type t)
{
	switch (t) {
	case BRUTE_FORCE: return "brute_force";
	case BRUTE_SPRAY: return "password_spray";
	case BRUTE_DISTRIBUTED: return "distributed_brute_force";
	case BRUTE_SUCCESS_AFTER: return "success_after_failures";
	}
	return "?";
}

const char *brute_severity(enum brute_type t)
{
	return t == BRUTE_FORCE || t == BRUTE_SPRAY ? "high" : "critical";
}

/* ---- small sets ---- */

static void dset_free(struct dset *d)
{
	for (unsigned i = 0; i < d->n; i++)
		free(d->s[i].name);
	free(d->s);
	memset(d, 0, sizeof *d);
}

/* Note NAME seen at T; the least recently seen is replaced when full
 * (evict == true) or the name is dropped (evict == false). */
static void dset_touch(struct dset *d, unsigned cap, const char *name, int64_t t, bool evict)
{
	uint64_t h = hash_bytes(name, strlen(name));
	for (unsigned i = 0; i < d->n; i++) {
		if (d->s[i].h == h && strcmp(d->s[i].name, name) == 0) {
			if (t > d->s[i].t)
				d->s[i].t = t;
			return;
		}
	}
	if (d->n < cap) {
		if (d->n == d->cap) {
			d->cap = d->cap ? 2 * d->cap : 4;
			if (d->cap > cap)
				d->cap = cap;
			d->s = xrealloc(d->s, d->cap * sizeof *d->s);
		}
		d->s[d->n++] = (struct slot){ h, t, xstrdup(name) };
		return;
	}
	if (!evict || cap == 0)
		return;
	unsigned old = 0;
	for (unsigned i = 1; i < d->n; i++)
		if (d->s[i].t < d->s[old].t)
			old = i;
	if (d->s[old].t > t)
		return;
	free(d->s[old].name);
	d->s[old] = (struct slot){ h, t, xstrdup(name) };
}

/* Members seen in (from, to]. */
static unsigned dset_count(const struct dset *d, int64_t from, int64_t to)
{
	unsigned c = 0;
	for (unsigned i = 0; i < d->n; i++)
		if (d->s[i].t > from && d->s[i].t <= to)
			c++;
	return c;
}

static void hset_insert(struct hset *s, uint64_t h)
{
	size_t j = h & (s->cap - 1);
	while (s->h[j])
		j = (j + 1) & (s->cap - 1);
	s->h[j] = h;
	s->n++;
}

/* Rebuild with room for twice what is kept, keeping the sampled hashes. */
static void hset_rebuild(struct hset *s, size_t ncap)
{
	uint64_t *old = s->h;
	size_t ocap = s->cap;
	s->h = xcalloc(ncap, sizeof *s->h);
	s->cap = ncap;
	s->n = 0;
	for (size_t i = 0; i < ocap; i++)
		if (old[i] && hset_sampled(old[i], s->level))
			hset_insert(s, old[i]);
	free(old);
}

/* Add H; true when it was not there (always false for unsampled hashes). */
static bool hset_add(struct hset *s, uint64_t h)
{
	if (h == 0)
		h = 1;
	if (!hset_sampled(h, s->level))
		return false;
	if (s->cap) {
		for (size_t j = h & (s->cap - 1); s->h[j]; j = (j + 1) & (s->cap - 1))
			if (s->h[j] == h)
				return false;
	}
	if (s->n + 1 > HSET_MAX) {
		s->level++;
		hset_rebuild(s, s->cap);
		if (!hset_sampled(h, s->level))
			return true;  /* new, but not kept at the new level */
	}
	if (2 * (s->n + 1) > s->cap)
		hset_rebuild(s, s->cap ? 2 * s->cap : 16);
	hset_insert(s, h);
	return true;
}

/* ---- episodes ---- */

static void ep_note(struct episode *e, struct dset *d, struct hset *seen, const char *v)
{
	if (!v || !*v)
		return;
	if (hset_add(seen, hash_bytes(v, strlen(v))))
		dset_touch(d, BRUTE_LIST_MAX, v, 0, false);
	(void)e;
}

static void ep_free(struct episode *e)
{
	if (!e)
		return;
	dset_free(&e->services);
	dset_free(&e->users);
	dset_free(&e->ips);
	free(e->users_seen.h);
	free(e->ips_seen.h);
	free(e->services_seen.h);
	free(e);
}

static void fill_lists(struct brute_finding *f, const struct episode *e)
{
	f->nservices = e->services.n;
	for (unsigned i = 0; i < e->services.n; i++)
		f->services[i] = e->services.s[i].name;
	f->services_total = hset_count(&e->services_seen);
	f->nusers = e->users.n;
	for (unsigned i = 0; i < e->users.n; i++)
		f->users[i] = e->users.s[i].name;
	f->users_total = hset_count(&e->users_seen);
	f->nips = e->ips.n;
	for (unsigned i = 0; i < e->ips.n; i++)
		f->ips[i] = e->ips.s[i].name;
	f->ips_total = hset_count(&e->ips_seen);
}

/* The finding of an episode of the key (KEY without its kind byte). */
static void ep_emit(struct brute *b, const struct episode *e, const char *kind_key, bool closing, int64_t t)
{
	struct brute_finding f;
	memset(&f, 0, sizeof f);
	f.type = e->type;
	f.closing = closing;
	f.t_ns = t;
	f.attempts = e->attempts;
	f.first_ns = e->first;
	f.last_ns = e->last;
	const char *k = kind_key + 1;
	if (kind_key[0] == 'i')
		f.ip = k;
	else if (kind_key[0] == 'u')
		f.user = k;
	else
		f.service = k;
	fill_lists(&f, e);
	b->sink(b->arg, &f);
}

static void list_open(struct brute *b, struct track *tr)
{
	if (tr->listed)
		return;
	if (b->nopen == b->capopen) {
		b->capopen = b->capopen ? 2 * b->capopen : 64;
		b->open = xrealloc(b->open, b->capopen * sizeof *b->open);
	}
	b->open[b->nopen++] = tr;
	tr->listed = true;
}

static const char *track_key(const struct track *tr)
{
	size_t kl;
	return hmap_key(tr, &kl);
}

/* Close the episodes of TR quiet since before LIMIT (all when force). */
static void close_episodes(struct brute *b, struct track *tr, int64_t limit, bool force)
{
	for (int i = 0; i < 2; i++) {
		struct episode *e = tr->ep[i];
		if (!e || (!force && e->last > limit))
			continue;
		ep_emit(b, e, track_key(tr), true, force ? (b->now > e->last ? b->now : e->last) : e->last + b->o.window_ns);
		ep_free(e);
		tr->ep[i] = NULL;
	}
}

static void sweep_open(struct brute *b, bool force)
{
	int64_t limit = b->now - b->o.window_ns;
	size_t j = 0;
	for (size_t i = 0; i < b->nopen; i++) {
		struct track *tr = b->open[i];
		close_episodes(b, tr, limit, force);
		if (tr->ep[0] || tr->ep[1])
			b->open[j++] = tr;
		else
			tr->listed = false;
	}
	b->nopen = j;
}

/* ---- keys ---- */

static void track_clear(struct track *tr)
{
	free(tr->times);
	dset_free(&tr->distinct);
	dset_free(&tr->services);
	ep_free(tr->ep[0]);
	ep_free(tr->ep[1]);
}

static void unlist(struct brute *b, struct track *tr)
{
	for (size_t i = 0; i < b->nopen; i++) {
		if (b->open[i] == tr) {
			b->open[i] = b->open[--b->nopen];
			break;
		}
	}
	tr->listed = false;
}

static void drop_track(struct brute *b, struct track *tr)
{
	close_episodes(b, tr, 0, true);
	if (tr->listed)
		unlist(b, tr);
	track_clear(tr);
	size_t kl;
	const char *k = hmap_key(tr, &kl);
	hmap_del(&b->keys, k, kl);
	b->evicted++;
}

/* Stay within max_keys: drop stale keys, then the least recently seen half. */
/* Drop keys quiet for a window with no open episode: nothing they hold
 * can count any more, so this loses nothing. */
static void drop_stale(struct brute *b)
{
	int64_t stale = b->now - b->o.window_ns;
	size_t i = 0;
	struct track *tr;
	while ((tr = hmap_next(&b->keys, &i))) {
		if (tr->last_seen <= stale && !tr->ep[0] && !tr->ep[1]) {
			drop_track(b, tr);
			i--;
		}
	}
}

static void evict(struct brute *b)
{
	drop_stale(b);
	size_t i = 0;
	struct track *tr;
	if (b->keys.count < b->o.max_keys * 3 / 4 + 1)
		return;
	/* find the median last_seen by sampling, drop what is older */
	int64_t sample[257];
	size_t ns = 0, step = b->keys.count / 256 + 1, k = 0;
	i = 0;
	while ((tr = hmap_next(&b->keys, &i)) && ns < 257)
		if (k++ % step == 0)
			sample[ns++] = tr->last_seen;
	for (size_t a = 1; a < ns; a++)
		for (size_t c = a; c > 0 && sample[c - 1] > sample[c]; c--) {
			int64_t x = sample[c];
			sample[c] = sample[c - 1];
			sample[c - 1] = x;
		}
	int64_t cut = ns ? sample[ns / 2] : b->now;
	i = 0;
	while ((tr = hmap_next(&b->keys, &i)) && b->keys.count > b->o.max_keys / 2) {
		if (tr->last_seen <= cut) {
			drop_track(b, tr);
			i--;
		}
	}
}

static struct track *get_track(struct brute *b, char kind, const char *name)
{
	buf_reset(&b->kb);
	buf_addc(&b->kb, kind);
	buf_adds(&b->kb, name);
	struct track *tr = hmap_get(&b->keys, b->kb.p, b->kb.len + 1);
	if (tr)
		return tr;
	if (b->keys.count >= b->o.max_keys)
		evict(b);
	bool created;
	/* the key includes its NUL, so hmap_key gives a C string */
	tr = hmap_put(&b->keys, b->kb.p, b->kb.len + 1, &created);
	return tr;
}

static void times_add(struct brute *b, struct track *tr, int64_t t)
{
	/* grown as needed: most keys fail a few times, -t may be large */
	if (tr->ntimes == tr->tcap && tr->tcap < b->ring) {
		tr->tcap = tr->tcap ? (tr->tcap < b->ring / 2 ? tr->tcap * 2 : b->ring) : 4;
		if (tr->tcap > b->ring)
			tr->tcap = b->ring;
		tr->times = xrealloc(tr->times, tr->tcap * sizeof *tr->times);
	}
	if (tr->ntimes == b->ring) {
		if (t <= tr->times[0])
			return;
		memmove(tr->times, tr->times + 1, (b->ring - 1) * sizeof *tr->times);
		tr->ntimes--;
	}
	unsigned i = tr->ntimes;
	while (i > 0 && tr->times[i - 1] > t) {
		tr->times[i] = tr->times[i - 1];
		i--;
	}
	tr->times[i] = t;
	tr->ntimes++;
}

/* Failures in (t - window, t]; and the earliest of them. */
static unsigned times_in(const struct brute *b, const struct track *tr, int64_t t, int64_t *first)
{
	unsigned c = 0;
	int64_t from = t - b->o.window_ns;
	*first = t;
	for (unsigned i = 0; i < tr->ntimes; i++) {
		if (tr->times[i] > from && tr->times[i] <= t) {
			if (c == 0)
				*first = tr->times[i];
			c++;
		}
	}
	return c;
}

struct brute *brute_new(const struct brute_opts *o, brute_sink sink, void *arg)
{
	struct brute *b = xcalloc(1, sizeof *b);
	b->o = *o;
	if (b->o.threshold < 1)
		b->o.threshold = 1;
	if (b->o.max_keys < 16)
		b->o.max_keys = 16;
	b->ring = b->o.threshold;
	if (b->ring < b->o.spray_users)
		b->ring = b->o.spray_users;
	b->dcap = b->o.spray_users > b->o.distributed_ips ? b->o.spray_users : b->o.distributed_ips;
	if (b->dcap < 2 * BRUTE_LIST_MAX)
		b->dcap = 2 * BRUTE_LIST_MAX;
	b->sink = sink;
	b->arg = arg;
	b->now = 0;               /* before any event: the epoch */
	hmap_init(&b->keys, sizeof(struct track));
	return b;
}

void brute_free(struct brute *b)
{
	if (!b)
		return;
	size_t i = 0;
	struct track *tr;
	while ((tr = hmap_next(&b->keys, &i)))
		track_clear(tr);
	hmap_free(&b->keys);
	free(b->open);
	buf_free(&b->kb);
	buf_free(&b->nb);
	free(b);
}

size_t brute_keys(const struct brute *b)
{
	return b->keys.count;
}

uint64_t brute_evicted(const struct brute *b)
{
	return b->evicted;
}

static bool ignored(const struct brute *b, const struct brute_event *ev)
{
	if (!b->o.nignore || !ev->ip_is_addr)
		return false;
	struct ipaddr a;
	if (!ipaddr_parse(ev->ip, strlen(ev->ip), &a))
		return false;
	for (size_t i = 0; i < b->o.nignore; i++)
		if (ipaddr_in_net(&a, &b->o.ignore[i]))
			return true;
	return false;
}

/* The address key: the address, or its network with --subnet. */
static const char *ip_key(struct brute *b, const struct brute_event *ev)
{
	struct ipaddr a;
	if (!ev->ip_is_addr || (!b->o.v4_prefix && !b->o.v6_prefix) ||
	    !ipaddr_parse(ev->ip, strlen(ev->ip), &a))
		return ev->ip;
	int p = a.v4 ? b->o.v4_prefix : b->o.v6_prefix;
	if (!p)
		return ev->ip;
	ipaddr_mask(&a, p);
	buf_reset(&b->nb);
	ipaddr_format(&b->nb, &a);
	buf_printf(&b->nb, "/%d", p);
	return b->nb.p;
}

static struct episode *ep_open(struct brute *b, struct track *tr, int slot, enum brute_type type,
			       int64_t t, int64_t first, uint64_t attempts)
{
	struct episode *e = xcalloc(1, sizeof *e);
	e->type = type;
	e->start = t;
	e->first = first;
	e->last = t;
	e->attempts = attempts;
	tr->ep[slot] = e;
	list_open(b, tr);
	return e;
}

/* Fill a new episode's lists from the key's recent distinct values. */
static void ep_seed(struct brute *b, struct track *tr, struct episode *e, char kind, int64_t t)
{
	int64_t from = t - b->o.window_ns;
	for (unsigned i = 0; i < tr->distinct.n; i++) {
		const struct slot *s = &tr->distinct.s[i];
		if (s->t <= from || s->t > t)
			continue;
		if (kind == 'i')
			ep_note(e, &e->users, &e->users_seen, s->name);
		else
			ep_note(e, &e->ips, &e->ips_seen, s->name);
	}
	for (unsigned i = 0; i < tr->services.n; i++) {
		const struct slot *s = &tr->services.s[i];
		if (s->t > from && s->t <= t)
			ep_note(e, &e->services, &e->services_seen, s->name);
	}
}

static void failure_ip(struct brute *b, const struct brute_event *ev, const char *key, int64_t t)
{
	struct track *tr = get_track(b, 'i', key);
	tr->last_seen = t > tr->last_seen ? t : tr->last_seen;
	times_add(b, tr, t);
	bool has_user = ev->user && *ev->user;
	if (has_user)
		dset_touch(&tr->distinct, b->dcap, ev->user, t, true);
	if (ev->service && *ev->service)
		dset_touch(&tr->services, BRUTE_LIST_MAX, ev->service, t, true);
	for (int i = 0; i < 2; i++) {
		struct episode *e = tr->ep[i];
		if (!e)
			continue;
		e->attempts++;
		if (t > e->last)
			e->last = t;
		if (t < e->first)
			e->first = t;
		ep_note(e, &e->users, &e->users_seen, ev->user);
		ep_note(e, &e->services, &e->services_seen, ev->service);
	}
	/* a late event completes the window that ends now */
	int64_t now = b->now, first;
	unsigned n = times_in(b, tr, now, &first);
	if (!tr->ep[0] && n >= b->o.threshold) {
		struct episode *e = ep_open(b, tr, 0, BRUTE_FORCE, now, first, n);
		ep_seed(b, tr, e, 'i', now);
		ep_emit(b, e, track_key(tr), false, now);
	}
	if (!tr->ep[1] && has_user && b->o.spray_users &&
	    dset_count(&tr->distinct, now - b->o.window_ns, now) >= b->o.spray_users) {
		struct episode *e = ep_open(b, tr, 1, BRUTE_SPRAY, now, first, n);
		ep_seed(b, tr, e, 'i', now);
		ep_emit(b, e, track_key(tr), false, now);
	}
}

static void failure_user(struct brute *b, const struct brute_event *ev, const char *key, char kind, int64_t t)
{
	struct track *tr = get_track(b, kind, kind == 'u' ? ev->user : ev->service);
	tr->last_seen = t > tr->last_seen ? t : tr->last_seen;
	times_add(b, tr, t);
	if (!key || !*key)
		return;
	dset_touch(&tr->distinct, b->dcap, key, t, true);
	if (ev->service && *ev->service)
		dset_touch(&tr->services, BRUTE_LIST_MAX, ev->service, t, true);
	struct episode *e = tr->ep[0];
	if (e) {
		e->attempts++;
		if (t > e->last)
			e->last = t;
		if (t < e->first)
			e->first = t;
		ep_note(e, &e->ips, &e->ips_seen, key);
		ep_note(e, &e->services, &e->services_seen, ev->service);
		return;
	}
	int64_t now = b->now;
	if (b->o.distributed_ips && dset_count(&tr->distinct, now - b->o.window_ns, now) >= b->o.distributed_ips) {
		int64_t first;
		unsigned n = times_in(b, tr, now, &first);
		e = ep_open(b, tr, 0, BRUTE_DISTRIBUTED, now, first, n);
		ep_seed(b, tr, e, 'u', now);
		if (kind == 'u')
			ep_note(e, &e->users, &e->users_seen, ev->user);
		ep_emit(b, e, track_key(tr), false, now);
	}
}

static void success(struct brute *b, const struct brute_event *ev, const char *key, int64_t t)
{
	struct brute_finding f;
	memset(&f, 0, sizeof f);
	f.type = BRUTE_SUCCESS_AFTER;
	f.t_ns = t;
	f.ip = key && *key ? key : NULL;
	f.user = ev->user && *ev->user ? ev->user : NULL;
	f.service = ev->service;
	int64_t first = t;
	unsigned n = 0, nip = 0;
	struct track *tr = NULL;
	if (f.ip) {
		buf_reset(&b->kb);
		buf_addc(&b->kb, 'i');
		buf_adds(&b->kb, key);
		tr = hmap_get(&b->keys, b->kb.p, b->kb.len + 1);
		if (tr && (nip = n = times_in(b, tr, t, &first)) >= b->o.threshold)
			f.by = "ip";
	}
	/* by user: the user's account was attacked, and this address took
	 * part (a user's usual login from a clean address is no finding) */
	if (!f.by && f.user && nip > 0) {
		buf_reset(&b->kb);
		buf_addc(&b->kb, 'u');
		buf_adds(&b->kb, ev->user);
		tr = hmap_get(&b->keys, b->kb.p, b->kb.len + 1);
		if (tr && (n = times_in(b, tr, t, &first)) >= b->o.threshold)
			f.by = "user";
	}
	if (!f.by)
		return;
	/* an open episode knows more than the window's last failures */
	struct episode *e = tr->ep[0];
	if (e && e->attempts > n) {
		n = (unsigned)e->attempts;
		first = e->first;
	}
	f.attempts = n;
	f.first_ns = first;
	f.last_ns = t;
	/* lists: the failing users (by ip) or addresses (by user) in the window */
	int64_t from = t - b->o.window_ns;
	for (unsigned i = 0; i < tr->distinct.n; i++) {
		const struct slot *s = &tr->distinct.s[i];
		if (s->t <= from || s->t > t)
			continue;
		if (f.by[0] == 'i') {
			if (f.nusers < BRUTE_LIST_MAX)
				f.users[f.nusers++] = s->name;
			f.users_total++;
		} else {
			if (f.nips < BRUTE_LIST_MAX)
				f.ips[f.nips++] = s->name;
			f.ips_total++;
		}
	}
	for (unsigned i = 0; i < tr->services.n; i++) {
		const struct slot *s = &tr->services.s[i];
		if (s->t > from && s->t <= t && f.nservices < BRUTE_LIST_MAX) {
			f.services[f.nservices++] = s->name;
			f.services_total++;
		}
	}
	b->sink(b->arg, &f);
}

/* Times are kept well inside int64 so that t - window never overflows. */
#define T_MAX ((int64_t)1 << 62)

void brute_add(struct brute *b, const struct brute_event *ev)
{
	if (ignored(b, ev))
		return;
	int64_t t = ev->t_ns;
	if (t > T_MAX)
		t = T_MAX;
	else if (t < -T_MAX)
		t = -T_MAX;
	if (t > b->now)
		b->now = t;
	else if (t < b->now - b->o.tolerance_ns)
		t = b->now;             /* too late to place: counted now */
	if (b->now - b->last_close_check >= NS || b->now < b->last_close_check) {
		sweep_open(b, false);
		b->last_close_check = b->now;
	}
	/* stale keys go every ten windows of event time, once there are many */
	if (b->keys.count > 4096 && b->now - b->last_stale >= 10 * b->o.window_ns) {
		drop_stale(b);
		b->last_stale = b->now;
	}
	const char *ipk = ev->ip && *ev->ip ? ip_key(b, ev) : NULL;
	if (ev->success) {
		success(b, ev, ipk, t);
		return;
	}
	/* copy the key: ip_key's buffer is reused below */
	char *kcopy = ipk ? xstrdup(ipk) : NULL;
	if (kcopy)
		failure_ip(b, ev, kcopy, t);
	if (ev->user && *ev->user)
		failure_user(b, ev, kcopy, 'u', t);
	else if (ev->service && *ev->service)
		failure_user(b, ev, kcopy, 's', t);
	free(kcopy);
}

void brute_finish(struct brute *b)
{
	sweep_open(b, true);
}

/* ---- writing ---- */

void brute_format_time(struct buf *out, int64_t t_ns)
{
	int64_t s = t_ns / NS, ns = t_ns % NS;
	if (ns < 0) {
		ns += NS;
		s--;
	}
	struct ltime lt;
	ltime_from_instant(s, 0, &lt);
	lt.nsec = (uint32_t)ns;
	lt.ndigits = ns == 0 ? 0 : ns % 1000000 == 0 ? 3 : ns % 1000 == 0 ? 6 : 9;
	ltime_format(out, &lt);
}

void brute_format_duration(struct buf *out, int64_t ns)
{
	int64_t s = ns / NS;
	if (ns % NS) {
		buf_printf(out, "%.3gs", (double)ns / NS);
		return;
	}
	if (s == 0) {
		buf_adds(out, "0s");
		return;
	}
	static const struct { int64_t n; char c; } u[] = {
		{ 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' } };
	for (int i = 0; i < 4; i++) {
		if (s >= u[i].n) {
			buf_printf(out, "%lld%c", (long long)(s / u[i].n), u[i].c);
			s %= u[i].n;
		}
	}
}

/* ,"k": */
static void jkey(struct buf *o, const char *k)
{
	buf_addc(o, ',');
	buf_addc(o, '"');
	buf_adds(o, k);
	buf_adds(o, "\":");
}

static void str_list(struct buf *o, const char *key, const char *const *v, size_t n)
{
	jkey(o, key);
	buf_addc(o, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(o, ',');
		jsonw_str(o, v[i], strlen(v[i]));
	}
	buf_addc(o, ']');
}

static void key_str(struct buf *o, const char *key, const char *v)
{
	jkey(o, key);
	jsonw_str(o, v, strlen(v));
}

static void reason(struct buf *o, const struct brute_finding *f, int64_t window_ns)
{
	struct buf r = BUF_INIT, w = BUF_INIT;
	brute_format_duration(&w, window_ns);
	const char *svc = f->nservices ? f->services[0] : f->service ? f->service : "";
	switch (f->type) {
	case BRUTE_FORCE:
		if (f->closing)
			buf_printf(&r, "%s: attack ended after %llu failed logins", f->ip, (unsigned long long)f->attempts);
		else
			buf_printf(&r, "%s: %llu failed logins within %s", f->ip, (unsigned long long)f->attempts, w.p);
		break;
	case BRUTE_SPRAY:
		buf_printf(&r, "%s: %zu distinct users tried%s%s", f->ip, f->users_total,
			   f->closing ? " in all" : " within ", f->closing ? "" : w.p);
		break;
	case BRUTE_DISTRIBUTED:
		buf_printf(&r, "%s %s: failed logins from %zu addresses%s%s", f->user ? "user" : "service",
			   f->user ? f->user : f->service, f->ips_total,
			   f->closing ? " in all" : " within ", f->closing ? "" : w.p);
		break;
	case BRUTE_SUCCESS_AFTER:
		buf_printf(&r, "successful %s login%s%s from %s after %llu failed logins %s", svc,
			   f->user ? " of " : "", f->user ? f->user : "", f->ip ? f->ip : "?",
			   (unsigned long long)f->attempts,
			   f->by[0] == 'i' ? "from this address" : "for this user");
		break;
	}
	key_str(o, "reason", r.p ? r.p : "");
	buf_free(&r);
	buf_free(&w);
}

void brute_format(struct buf *o, const struct brute_finding *f, int64_t window_ns)
{
	buf_adds(o, "{\"type\":\"");
	buf_adds(o, brute_type_name(f->type));
	buf_adds(o, "\",\"severity\":\"");
	buf_adds(o, brute_severity(f->type));
	buf_adds(o, "\",\"timestamp\":\"");
	brute_format_time(o, f->t_ns);
	buf_addc(o, '"');
	if (f->type != BRUTE_SUCCESS_AFTER)
		key_str(o, "episode", f->closing ? "end" : "start");
	if (f->ip)
		key_str(o, "ip", f->ip);
	if (f->user)
		key_str(o, "user", f->user);
	if (f->service && (f->type == BRUTE_SUCCESS_AFTER || !f->user))
		key_str(o, "service", f->service);
	if (f->by)
		key_str(o, "by", f->by);
	jkey(o, "attempts");
	buf_add_int(o, (long long)f->attempts);
	jkey(o, "window");
	buf_addc(o, '"');
	brute_format_duration(o, window_ns);
	buf_addc(o, '"');
	jkey(o, "first_attempt");
	buf_addc(o, '"');
	brute_format_time(o, f->first_ns);
	buf_addc(o, '"');
	if (f->closing || f->type == BRUTE_SUCCESS_AFTER) {
		jkey(o, f->type == BRUTE_SUCCESS_AFTER ? "success" : "last_attempt");
		buf_addc(o, '"');
		brute_format_time(o, f->last_ns);
		buf_addc(o, '"');
	}
	str_list(o, "services", f->services, f->nservices);
	if (f->type != BRUTE_DISTRIBUTED || f->nusers) {
		str_list(o, "users", f->users, f->nusers);
		jkey(o, "user_count");
		buf_add_int(o, (long long)f->users_total);
	}
	if (f->type == BRUTE_DISTRIBUTED || f->nips) {
		str_list(o, "ips", f->ips, f->nips);
		jkey(o, "ip_count");
		buf_add_int(o, (long long)f->ips_total);
	}
	reason(o, f, window_ns);
	buf_addc(o, '}');
}
