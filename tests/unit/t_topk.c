/* Unit tests of lib/topk: exact counts under the key bound, Space-Saving
 * bounds past it (every reported count brackets the truth, heavy hitters
 * kept), and merges (exact when nothing was evicted). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"
#include "topk.h"

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A Zipf-like key in [0, n): small keys are much more frequent. */
static unsigned zipf(unsigned n)
{
	double u = (double)(next() >> 11) / 9007199254740992.0;
	unsigned k = (unsigned)((double)n * u * u * u * u);
	return k < n ? k : n - 1;
}

static int key(char *b, unsigned k)
{
	return snprintf(b, 32, "key-%u", k);
}

/* Check every item against the true counts; returns the number of bad ones. */
static int check_bounds(const struct topk *t, const uint64_t *truth)
{
	int bad = 0;
	size_t i = 0;
	struct topk_item *it;
	while ((it = hmap_next(&t->map, &i))) {
		unsigned k = (unsigned)atoi(topk_key(it, NULL) + 4);
		if (it->count < truth[k] || it->count - it->over > truth[k])
			bad++;
	}
	return bad;
}

int main(void)
{
	struct topk t;
	char kb[32];
	enum { K = 5000, N = 300000 };
	uint64_t *truth = calloc(K, sizeof *truth);

	/* Exact: fewer keys than the bound. */
	topk_init(&t, K);
	for (int n = 0; n < N; n++) {
		unsigned k = zipf(K);
		truth[k]++;
		struct topk_item *it = topk_add(&t, kb, (size_t)key(kb, k), 1);
		it->bytes += 10;
	}
	ok(topk_exact(&t), "no eviction below the bound");
	is_int(t.total, N, "total is exact");
	int bad = 0;
	for (unsigned k = 0; k < K; k++) {
		struct topk_item *it = hmap_get(&t.map, kb, (size_t)key(kb, k));
		if ((it ? it->count : 0) != truth[k] || (it && it->bytes != truth[k] * 10))
			bad++;
	}
	is_int(bad, 0, "every count and side sum exact");

	struct topk_item *top[10];
	size_t m = topk_top(&t, 10, top);
	is_int(m, 10, "top 10 returned");
	int sorted = 1;
	for (size_t i = 1; i < m; i++)
		if (top[i - 1]->count < top[i]->count)
			sorted = 0;
	ok(sorted, "top is sorted by count");
	is_str(topk_key(top[0], NULL), "key-0", "most frequent key first");

	/* The same stream split in two tables, merged: identical to one pass. */
	struct topk a, b;
	topk_init(&a, K);
	topk_init(&b, K);
	rng = 0x2545F4914F6CDD1DULL;
	for (int n = 0; n < N; n++) {
		unsigned k = zipf(K);
		topk_add(n % 3 ? &a : &b, kb, (size_t)key(kb, k), 1);
	}
	topk_merge(&a, &b);
	ok(topk_exact(&a), "merge of exact tables is exact");
	bad = 0;
	for (unsigned k = 0; k < K; k++) {
		struct topk_item *x = hmap_get(&a.map, kb, (size_t)key(kb, k));
		struct topk_item *y = hmap_get(&t.map, kb, (size_t)key(kb, k));
		if ((x ? x->count : 0) != (y ? y->count : 0))
			bad++;
	}
	is_int(bad, 0, "merged counts equal the one-pass counts");
	is_int(a.total, N, "merged total");
	topk_free(&a);
	topk_free(&b);

	/* Bounded: 200 keys for a 5000-key stream. */
	struct topk s;
	topk_init(&s, 200);
	rng = 0x2545F4914F6CDD1DULL;
	for (int n = 0; n < N; n++)
		topk_add(&s, kb, (size_t)key(kb, zipf(K)), 1);
	ok(!topk_exact(&s), "the sketch evicted");
	ok(topk_size(&s) <= 200, "never more keys than the bound");
	is_int(s.total, N, "total stays exact");
	is_int(check_bounds(&s, truth), 0, "count - over <= truth <= count for every key");
	ok(s.base <= 2 * (uint64_t)N / 200 + 1, "error bound within 2N/max_keys");
	bad = 0;
	for (unsigned k = 0; k < K; k++)
		if (truth[k] > s.base && !hmap_get(&s.map, kb, (size_t)key(kb, k)))
			bad++;
	is_int(bad, 0, "every key counted more than the bound is kept");
	m = topk_top(&s, 10, top);
	struct topk_item *etop[10];
	topk_top(&t, 10, etop);
	int same = 1;
	for (size_t i = 0; i < m; i++)
		if (strcmp(topk_key(top[i], NULL), topk_key(etop[i], NULL)))
			same = 0;
	ok(same, "the sketch's top 10 is the exact top 10 on a skewed stream");

	/* Merging two sketches keeps the bounds. */
	struct topk s1, s2;
	topk_init(&s1, 150);
	topk_init(&s2, 150);
	rng = 0x2545F4914F6CDD1DULL;
	for (int n = 0; n < N; n++)
		topk_add(n & 1 ? &s1 : &s2, kb, (size_t)key(kb, zipf(K)), 1);
	topk_merge(&s1, &s2);
	ok(topk_size(&s1) <= 150, "merged sketch stays bounded");
	is_int(s1.total, N, "merged sketch total exact");
	is_int(check_bounds(&s1, truth), 0, "merged sketch counts bracket the truth");
	topk_free(&s1);
	topk_free(&s2);
	topk_free(&s);

	/* Strings, times, a bound of one, ties by key. */
	struct topk u;
	topk_init(&u, 1);
	struct topk_item *it = topk_add(&u, "a", 1, 3);
	topk_set_str(&it->example, "first message", 13);
	topk_seen(it, 5000);
	topk_seen(it, 1000);
	ok(it->first == 1000 && it->last == 5000, "first and last seen");
	it = topk_add(&u, "b", 1, 1);
	is_int(topk_size(&u), 1, "bound of one keeps one key");
	is_int(it->count, 4, "a new key after an eviction starts at the bound");
	is_int(it->over, 3, "and says by how much it may be over");
	topk_free(&u);

	topk_init(&u, 10);
	topk_add(&u, "zz", 2, 2);
	topk_add(&u, "aa", 2, 2);
	topk_add(&u, "mm", 2, 5);
	m = topk_top(&u, 0, top);
	ok(m == 3 && !strcmp(topk_key(top[1], NULL), "aa") && !strcmp(topk_key(top[2], NULL), "zz"),
	   "ties ordered by key");
	topk_free(&u);

	/* Re-keying by label: equal labels merge, strings move, totals kept. */
	topk_init(&u, 10);
	const char *ids[] = { "i1", "i2", "i3", "i4" };
	const char *labels[] = { "user <*> failed", "disk full", "user <*> failed", NULL };
	for (int i = 0; i < 4; i++) {
		it = topk_add(&u, ids[i], 2, (uint64_t)(i + 1));
		it->err = 1;
		topk_seen(it, 1000 * (i + 1));
		if (labels[i])
			topk_set_str(&it->label, labels[i], strlen(labels[i]));
		if (i != 2)
			topk_set_str(&it->example, ids[i], 2);
	}
	u.base = 7;
	u.evictions = 3;
	topk_rekey_by_label(&u);
	is_int(topk_size(&u), 3, "rekey: two equal labels became one key");
	it = hmap_get(&u.map, "user <*> failed", 15);
	ok(it && it->count == 4 && it->err == 2 && it->first == 1000 && it->last == 3000,
	   "rekey: counts, sums and times of merged items add");
	ok(it && it->example && !strcmp(it->example, "i1") && !strcmp(it->label, "user <*> failed"),
	   "rekey: label and first example kept");
	it = hmap_get(&u.map, "", 0);
	ok(it && it->count == 4 && it->example && !strcmp(it->example, "i4"),
	   "rekey: an item without a label is keyed by the empty string");
	ok(u.total == 10 && u.base == 7 && u.evictions == 3 && u.max_keys == 10,
	   "rekey: total, bound, evictions and max_keys kept");
	topk_free(&u);

	/* The key bytes are bounded: long keys make the table approximate
	 * sooner, short ones never meet the byte bound first. */
	topk_init(&u, 100);
	char big[1000];
	size_t held_max = 0, bytes_max = 0;
	for (int i = 0; i < 1000; i++) {
		memset(big, 'a' + i % 26, sizeof big);
		snprintf(big, 16, "%d-", i);
		topk_add(&u, big, sizeof big, 1);
		if (topk_size(&u) > held_max)
			held_max = topk_size(&u);
		if (u.kbytes > bytes_max)
			bytes_max = u.kbytes;
	}
	ok(bytes_max <= 100 * TOPK_KEY_BYTES, "key bytes never exceed max_keys * TOPK_KEY_BYTES");
	ok(held_max <= 100 * TOPK_KEY_BYTES / sizeof big + 1 && !topk_exact(&u),
	   "1000-byte keys: fewer keys held, and the table says it is approximate");
	is_int(u.total, 1000, "the total stays exact");
	topk_free(&u);
	topk_init(&u, 100);
	for (int i = 0; i < 100; i++) {
		int kl = snprintf(big, sizeof big, "%0200d", i);
		topk_add(&u, big, (size_t)kl, 1);
	}
	ok(topk_exact(&u) && topk_size(&u) == 100, "200-byte keys up to max_keys: still exact");
	topk_free(&u);
	topk_init(&u, 1);
	topk_add(&u, "k", 1, 1);
	big[0] = 'x';
	memset(big + 1, 0xa9, sizeof big - 1);   /* a continuation byte everywhere */
	memcpy(big + TOPK_STR_MAX - 1, "\xc3\xa9", 2);
	it = topk_add(&u, "k", 1, 1);
	topk_set_str(&it->example, big, sizeof big);
	ok(strlen(it->example) == TOPK_STR_MAX - 1, "an example is cut to TOPK_STR_MAX, at a UTF-8 boundary");
	topk_free(&u);

	topk_free(&t);
	free(truth);
	return tap_done();
}
