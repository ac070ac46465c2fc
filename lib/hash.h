/*
 * hash: a stable hash and a hash map keyed by byte strings.
 *
 * hash_bytes is 64-bit FNV-1a: documented and stable across versions and
 * machines, so it can partition records (lfilter --shard) the same way
 * everywhere.  Do not change it.
 *
 * struct hmap maps byte-string keys to fixed-size values, with open
 * addressing and linear probing; hmap_del keeps probe chains intact
 * (backward shift), so a bounded table can evict entries forever.
 *
 * Ownership: the map copies each key and owns it with its value (one
 * allocation per entry).  A value pointer returned by hmap_get/hmap_put
 * stays valid until that entry is deleted or the map is freed (entries
 * do not move when the table grows).  Keys given in are only read.
 */
#ifndef LT_HASH_H
#define LT_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

uint64_t hash_bytes(const void *p, size_t n);

struct hmap_entry;

struct hmap {
	struct hmap_entry **slots;
	size_t cap;      /* a power of two, or 0 */
	size_t count;
	size_t vsize;    /* bytes of each value */
};

/* An empty map whose values are VSIZE bytes (zeroed when created). */
void hmap_init(struct hmap *m, size_t vsize);
void hmap_free(struct hmap *m);

/* The value for KEY, or NULL. */
void *hmap_get(const struct hmap *m, const void *key, size_t klen);
/* The value for KEY, created (zeroed) if absent; *created says which. */
void *hmap_put(struct hmap *m, const void *key, size_t klen, bool *created);
/* Remove KEY; returns whether it was there. */
bool hmap_del(struct hmap *m, const void *key, size_t klen);

/* The key of a value pointer handed out by this map. */
const char *hmap_key(const void *val, size_t *klen);

/*
 * Iteration: size_t i = 0; void *v; while ((v = hmap_next(m, &i))) ...
 * Deleting the entry just returned is allowed when followed by i-- (the
 * backward shift may move a later entry into the freed slot).
 */
void *hmap_next(const struct hmap *m, size_t *i);

/*
 * Empty the map, calling FN on each value (hmap_key works on it) just
 * before its entry is freed, so a caller moving every entry elsewhere
 * never holds two copies of the whole map.  FN must not use the map.
 */
void hmap_drain(struct hmap *m, void (*fn)(void *val, void *arg), void *arg);

#endif
