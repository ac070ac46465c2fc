#include "hash.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct hmap_entry {
	uint64_t h;
	uint32_t klen;
	uint32_t koff;   /* where the key starts in data */
	/* value (vsize bytes, max-aligned), then the key bytes */
	_Alignas(16) unsigned char data[];
};

#define VOFF offsetof(struct hmap_entry, data)

uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static inline size_t vround(size_t v) { return (v + 15) & ~(size_t)15; }

void hmap_init(struct hmap *m, size_t vsize)
{
	memset(m, 0, sizeof *m);
	m->vsize = vsize;
}

void hmap_free(struct hmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i]);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}

static inline bool same(const struct hmap_entry *e, uint64_t h,
			const void *key, size_t klen)
{
	return e->h == h && e->klen == klen && memcmp(e->data + e->koff, key, klen) == 0;
}

static size_t find(const struct hmap *m, uint64_t h, const void *key, size_t klen)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct hmap_entry *e = m->slots[i];
		if (!e || same(e, h, key, klen))
			return i;
	}
}

void *hmap_get(const struct hmap *m, const void *key, size_t klen)
{
	if (!m->cap)
		return NULL;
	struct hmap_entry *e = m->slots[find(m, hash_bytes(key, klen), key, klen)];
	return e ? e->data : NULL;
}

static void grow(struct hmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 16;
	struct hmap_entry **old = m->slots;
	size_t ocap = m->cap;
	m->slots = xcalloc(ncap, sizeof *m->slots);
	m->cap = ncap;
	for (size_t i = 0; i < ocap; i++) {
		struct hmap_entry *e = old[i];
		if (!e)
			continue;
		size_t j = e->h & (ncap - 1);
		while (m->slots[j])
			j = (j + 1) & (ncap - 1);
		m->slots[j] = e;
	}
	free(old);
}

void *hmap_put(struct hmap *m, const void *key, size_t klen, bool *created)
{
	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	uint64_t h = hash_bytes(key, klen);
	size_t i = find(m, h, key, klen);
	if (m->slots[i]) {
		if (created)
			*created = false;
		return m->slots[i]->data;
	}
	size_t vs = vround(m->vsize);
	struct hmap_entry *e = xmalloc(VOFF + vs + klen + 1);
	e->h = h;
	e->klen = (uint32_t)klen;
	e->koff = (uint32_t)vs;
	memset(e->data, 0, vs);
	memcpy(e->data + vs, key, klen);
	e->data[vs + klen] = '\0';
	m->slots[i] = e;
	m->count++;
	if (created)
		*created = true;
	return e->data;
}

bool hmap_del(struct hmap *m, const void *key, size_t klen)
{
	if (!m->cap)
		return false;
	size_t mask = m->cap - 1;
	size_t i = find(m, hash_bytes(key, klen), key, klen);
	if (!m->slots[i])
		return false;
	free(m->slots[i]);
	m->slots[i] = NULL;
	m->count--;
	/* Backward shift: move later entries of the chain into the hole. */
	for (size_t j = (i + 1) & mask; m->slots[j]; j = (j + 1) & mask) {
		size_t home = m->slots[j]->h & mask;
		/* Entry at j may move to i if its home is not in (i, j]. */
		bool between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!between) {
			m->slots[i] = m->slots[j];
			m->slots[j] = NULL;
			i = j;
		}
	}
	return true;
}

const char *hmap_key(const void *val, size_t *klen)
{
	const struct hmap_entry *e =
		(const struct hmap_entry *)((const unsigned char *)val - VOFF);
	if (klen)
		*klen = e->klen;
	return (const char *)e->data + e->koff;
}

void *hmap_next(const struct hmap *m, size_t *i)
{
	for (; *i < m->cap; (*i)++)
		if (m->slots[*i])
			return m->slots[(*i)++]->data;
	return NULL;
}

void hmap_drain(struct hmap *m, void (*fn)(void *val, void *arg), void *arg)
{
	for (size_t i = 0; i < m->cap; i++) {
		struct hmap_entry *e = m->slots[i];
		if (!e)
			continue;
		m->slots[i] = NULL;
		fn(e->data, arg);
		free(e);
	}
	hmap_free(m);
}
