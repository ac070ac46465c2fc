/* Unit tests of lib/hash: the stable hash and the map, including deletion
 * under collisions (backward shift) checked against a plain array. */
#include <stdio.h>
#include <stdlib.h>

#include "hash.h"
#include "tap.h"

struct drained {
	uint64_t n, sum, bad;
};

static void drain_one(void *val, void *arg)
{
	struct drained *d = arg;
	uint64_t v = *(uint64_t *)val;
	size_t kl;
	const char *k = hmap_key(val, &kl);
	char want[32];
	int wl = snprintf(want, sizeof want, "d%llu", (unsigned long long)v);
	if ((size_t)wl != kl || memcmp(k, want, kl) != 0 || k[kl] != '\0')
		d->bad++;
	d->n++;
	d->sum += v;
}

int main(void)
{
	/* FNV-1a 64 reference values: the hash must never change. */
	is_int(hash_bytes("", 0) == 0xcbf29ce484222325ULL, 1, "fnv1a64 of empty string");
	is_int(hash_bytes("a", 1) == 0xaf63dc4c8601ec8cULL, 1, "fnv1a64 of \"a\"");
	is_int(hash_bytes("foobar", 6) == 0x85944171f73967e8ULL, 1, "fnv1a64 of \"foobar\"");

	struct hmap m;
	hmap_init(&m, sizeof(long));
	ok(hmap_get(&m, "x", 1) == NULL, "empty map has no keys");
	enum { N = 5000 };
	char key[32];
	for (long i = 0; i < N; i++) {
		int n = snprintf(key, sizeof key, "k%ld", i);
		bool created;
		long *v = hmap_put(&m, key, (size_t)n, &created);
		if (!created)
			break;
		*v = i;
	}
	is_int(m.count, N, "all keys inserted");
	int bad = 0;
	for (long i = 0; i < N; i++) {
		int n = snprintf(key, sizeof key, "k%ld", i);
		long *v = hmap_get(&m, key, (size_t)n);
		if (!v || *v != i)
			bad++;
		size_t kl;
		if (v && (memcmp(hmap_key(v, &kl), key, (size_t)n) != 0 || kl != (size_t)n))
			bad++;
	}
	is_int(bad, 0, "every key maps to its value and back");
	for (long i = 0; i < N; i += 2) {
		int n = snprintf(key, sizeof key, "k%ld", i);
		hmap_del(&m, key, (size_t)n);
	}
	bad = 0;
	for (long i = 0; i < N; i++) {
		int n = snprintf(key, sizeof key, "k%ld", i);
		long *v = hmap_get(&m, key, (size_t)n);
		if ((i % 2 == 0) != (v == NULL) || (v && *v != i))
			bad++;
	}
	is_int(bad, 0, "deleting half keeps every other key reachable");
	size_t it = 0, seen = 0;
	void *v;
	while ((v = hmap_next(&m, &it)))
		seen++;
	is_int(seen, N / 2, "iteration visits each live entry once");
	/* Delete during iteration. */
	it = 0;
	while ((v = hmap_next(&m, &it))) {
		size_t kl;
		const char *k = hmap_key(v, &kl);
		char tmp[32];
		memcpy(tmp, k, kl);
		hmap_del(&m, tmp, kl);
		it--;
	}
	is_int(m.count, 0, "deleting while iterating empties the map");
	hmap_free(&m);

	/* Drain: every value once, with its key, and the map empty after. */
	hmap_init(&m, sizeof(uint64_t));
	for (uint64_t i = 0; i < 1000; i++) {
		char k[32];
		int kl = snprintf(k, sizeof k, "d%llu", (unsigned long long)i);
		*(uint64_t *)hmap_put(&m, k, (size_t)kl, NULL) = i;
	}
	struct drained d = { 0, 0, 0 };
	hmap_drain(&m, drain_one, &d);
	ok(d.n == 1000 && d.sum == 999 * 1000 / 2 && d.bad == 0,
	   "drain visits every value once, with its own key");
	ok(m.count == 0 && m.cap == 0 && m.slots == NULL, "drain leaves an empty map");
	ok(hmap_get(&m, "d1", 2) == NULL, "a drained map finds nothing");
	hmap_free(&m);
	return tap_done();
}
