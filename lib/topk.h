/*
 * topk: counting by key, exact up to a bound on the number of keys, and a
 * Space-Saving top-k sketch past it (Metwally et al., ICDT 2005, with
 * evictions done in batches).
 *
 * While a table holds at most max_keys distinct keys, every count is
 * exact.  When a new key arrives at a full table, the half of the keys
 * with the lowest counts is evicted, and `base` becomes the largest count
 * ever evicted.  A key inserted after that starts at base + n and records
 * `over` = base: its count is an upper bound of its true count, and the
 * true count is at least count - over.  A key whose true count exceeds
 * base is never missing from the table, so the heavy hitters survive;
 * `base` is the error bound a report prints, and it is at most about
 * 2 * total / max_keys.
 *
 * The key bytes are bounded too, at TOPK_KEY_BYTES a key on average
 * (max_kbytes, set by topk_init): a new key that would go over evicts the
 * lowest half again, so keys longer than that on average make a table
 * approximate with fewer keys, and memory never grows with key length.
 * So a table holds at most about max_keys * (130 + TOPK_KEY_BYTES) bytes,
 * plus its strings (at most 2 * TOPK_STR_MAX an item).
 *
 * Each item also carries side sums (err, bytes) and a first/last time,
 * which are exact while the key has never been evicted and count only the
 * key's current life after that; and up to two owned strings (an example,
 * a label) that the table frees with the item, each cut to TOPK_STR_MAX
 * bytes (at a UTF-8 boundary) by topk_set_str.
 *
 * Tables merge (topk_merge) with the Space-Saving merge rule: a key absent
 * from one side is charged that side's base, so the merged counts stay
 * upper bounds and the merged bound is the sum of the two.  Two tables
 * that never evicted merge exactly.
 *
 * Not for: small fixed domains (use an array), or keys whose side sums
 * must stay exact under eviction.
 *
 * Ownership: the table copies keys, owns its items and their strings;
 * an item pointer is valid until the next topk_add, topk_merge or
 * topk_free on its table.
 */
#ifndef LT_TOPK_H
#define LT_TOPK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hash.h"

#define TOPK_NO_TIME INT64_MIN
/* Key bytes a table may hold per key of max_keys, on average. */
#define TOPK_KEY_BYTES 256
/* Longest example or label kept, in bytes. */
#define TOPK_STR_MAX 512

struct topk_item {
	uint64_t count;       /* estimated count: exact when over == 0 */
	uint64_t over;        /* the count may exceed the truth by at most this */
	uint64_t err;         /* a side count (errors among the records) */
	uint64_t bytes;       /* a side sum (bytes sent) */
	int64_t first, last;  /* times in ms since the epoch, or TOPK_NO_TIME */
	char *example;        /* owned; NULL when unset */
	char *label;          /* owned; NULL when unset */
};

struct topk {
	struct hmap map;      /* key -> struct topk_item */
	size_t max_keys;
	uint64_t total;       /* sum of all counts added: exact */
	uint64_t base;        /* largest evicted count: the error bound */
	uint64_t evictions;   /* keys evicted so far */
	size_t kbytes;        /* bytes of the keys held */
	size_t max_kbytes;    /* bound on kbytes (max_keys * TOPK_KEY_BYTES) */
};

/* An empty table bounded to MAX_KEYS keys (at least 1). */
void topk_init(struct topk *t, size_t max_keys);
void topk_free(struct topk *t);

/* Count key N more times; returns its item for the caller's side sums. */
struct topk_item *topk_add(struct topk *t, const void *key, size_t klen, uint64_t n);
/* Fold an item of another table (or a loaded one) in under KEY: counts,
 * over, side sums and times add; strings are copied when unset here. */
struct topk_item *topk_put_item(struct topk *t, const void *key, size_t klen,
				const struct topk_item *it);
/* Add every key of FROM into T (see the merge rule above). */
void topk_merge(struct topk *t, const struct topk *from);
/*
 * Re-key every item by its label ("" when unset); items with equal labels
 * become one (counts, over, side sums and times add; the example of one
 * of them stays).  Strings move rather than being copied, and each old entry
 * is freed as it goes, so this needs no second copy of the table.
 * total, base and evictions are kept.
 */
void topk_rekey_by_label(struct topk *t);

/* The key of an item of this table. */
const char *topk_key(const struct topk_item *it, size_t *klen);
/* Whether every count in the table is exact. */
static inline bool topk_exact(const struct topk *t)
{
	return t->base == 0;
}
/* The number of keys held. */
static inline size_t topk_size(const struct topk *t)
{
	return t->map.count;
}

/*
 * The K items with the largest counts (ties by key, bytewise), into OUT
 * (room for K pointers); returns how many.  K = 0 means all, with OUT of
 * topk_size() entries.
 */
size_t topk_top(const struct topk *t, size_t k, struct topk_item **out);

/* Record a time (ms) in an item's first/last. */
void topk_seen(struct topk_item *it, int64_t ms);
/* Set an owned string (example or label) from bytes, replacing any. */
void topk_set_str(char **dst, const char *s, size_t n);

#endif
