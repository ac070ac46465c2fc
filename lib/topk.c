#include "topk.h"

#include <stdint.h>

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void topk_init(struct topk *t, size_t max_keys)
{
	memset(t, 0, sizeof *t);
	hmap_init(&t->map, sizeof(struct topk_item));
	t->max_keys = max_keys ? max_keys : 1;
	t->max_kbytes = t->max_keys > SIZE_MAX / TOPK_KEY_BYTES ? SIZE_MAX
							       : t->max_keys * TOPK_KEY_BYTES;
}

static void item_release(struct topk_item *it)
{
	free(it->example);
	free(it->label);
	it->example = it->label = NULL;
}

void topk_free(struct topk *t)
{
	size_t i = 0;
	struct topk_item *it;
	while ((it = hmap_next(&t->map, &i)))
		item_release(it);
	hmap_free(&t->map);
	t->kbytes = 0;
}

const char *topk_key(const struct topk_item *it, size_t *klen)
{
	return hmap_key(it, klen);
}

void topk_set_str(char **dst, const char *s, size_t n)
{
	free(*dst);
	if (n > TOPK_STR_MAX) {   /* cut at a UTF-8 boundary */
		n = TOPK_STR_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	*dst = xstrndup(s, n);
}

void topk_seen(struct topk_item *it, int64_t ms)
{
	if (ms == TOPK_NO_TIME)
		return;
	if (it->first == TOPK_NO_TIME || ms < it->first)
		it->first = ms;
	if (it->last == TOPK_NO_TIME || ms > it->last)
		it->last = ms;
}

/* Quickselect: the k-th smallest (0-based) of v[0..n-1]; v is reordered.
 * Three-way partition, so runs of equal counts cost nothing extra. */
static uint64_t kth(uint64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n;      /* the answer is in v[lo..hi) */
	uint64_t seed = n * 0x9e3779b97f4a7c15ULL + k;
	while (hi - lo > 1) {
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		uint64_t p = v[lo + seed % (hi - lo)];
		size_t lt = lo, i = lo, gt = hi;   /* [lo,lt) < p, [lt,i) == p, [gt,hi) > p */
		while (i < gt) {
			uint64_t x = v[i];
			if (x < p) {
				v[i++] = v[lt];
				v[lt++] = x;
			} else if (x > p) {
				v[i] = v[--gt];
				v[gt] = x;
			} else {
				i++;
			}
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return p;
	}
	return v[k];
}

/* Evict keys with the lowest counts until at most KEEP remain. */
static void prune(struct topk *t, size_t keep)
{
	size_t n = t->map.count;
	if (n <= keep)
		return;
	uint64_t *c = xmalloc(n * sizeof *c);
	size_t i = 0, m = 0;
	struct topk_item *it;
	while ((it = hmap_next(&t->map, &i)))
		c[m++] = it->count;
	/* Everything at or below the (n - keep)-th smallest count goes. */
	uint64_t thr = kth(c, m, n - keep - 1);
	free(c);
	i = 0;
	while ((it = hmap_next(&t->map, &i))) {
		if (it->count > thr)
			continue;
		if (it->count > t->base)
			t->base = it->count;
		item_release(it);
		size_t kl;
		const char *k = hmap_key(it, &kl);
		t->kbytes -= kl;
		hmap_del(&t->map, k, kl);
		t->evictions++;
		i--;
	}
}

static struct topk_item *slot(struct topk *t, const void *key, size_t klen, bool *created)
{
	struct topk_item *it = hmap_get(&t->map, key, klen);
	if (it) {
		*created = false;
		return it;
	}
	if (t->map.count >= t->max_keys)
		prune(t, t->max_keys / 2);
	/* The key bytes too: halve again until the new key fits (a key
	 * longer than the whole budget empties the table, and is kept). */
	while (t->map.count && t->kbytes + klen > t->max_kbytes)
		prune(t, t->map.count / 2);
	it = hmap_put(&t->map, key, klen, created);
	t->kbytes += klen;
	it->count = it->over = t->base;
	it->first = it->last = TOPK_NO_TIME;
	return it;
}

struct topk_item *topk_add(struct topk *t, const void *key, size_t klen, uint64_t n)
{
	bool created;
	struct topk_item *it = slot(t, key, klen, &created);
	it->count += n;
	t->total += n;
	return it;
}

static void fold(struct topk_item *it, const struct topk_item *src)
{
	it->count += src->count;
	it->over += src->over;
	it->err += src->err;
	it->bytes += src->bytes;
	topk_seen(it, src->first);
	topk_seen(it, src->last);
	if (!it->example && src->example)
		it->example = xstrdup(src->example);
	if (!it->label && src->label)
		it->label = xstrdup(src->label);
}

struct topk_item *topk_put_item(struct topk *t, const void *key, size_t klen,
				const struct topk_item *src)
{
	bool created;
	struct topk_item *it = slot(t, key, klen, &created);
	fold(it, src);
	t->total += src->count;
	return it;
}

void topk_merge(struct topk *t, const struct topk *from)
{
	size_t i = 0;
	struct topk_item *it;
	/* Keys absent from FROM may have been evicted there: charge its base. */
	if (from->base) {
		while ((it = hmap_next(&t->map, &i))) {
			size_t kl;
			const char *k = hmap_key(it, &kl);
			if (!hmap_get(&from->map, k, kl)) {
				it->count += from->base;
				it->over += from->base;
			}
		}
	}
	uint64_t mybase = t->base, total = t->total;
	/* New keys are charged our base by slot(); bound the table after. */
	size_t saved = t->max_keys, savedb = t->max_kbytes;
	t->max_keys = t->max_kbytes = (size_t)-1;
	i = 0;
	const struct topk_item *f;
	while ((f = hmap_next(&from->map, &i))) {
		size_t kl;
		const char *k = hmap_key(f, &kl);
		topk_put_item(t, k, kl, f);
	}
	t->max_keys = saved;
	t->max_kbytes = savedb;
	t->base = mybase + from->base;
	t->total = total + from->total;
	t->evictions += from->evictions;
	prune(t, t->max_keys);
	while (t->kbytes > t->max_kbytes)
		prune(t, t->map.count / 2);
}

/* hmap_drain callback of topk_rekey_by_label: move one item into DST. */
static void move_by_label(void *val, void *arg)
{
	struct topk_item *it = val;
	struct topk *dst = arg;
	const char *l = it->label ? it->label : "";
	bool created;
	size_t ll = strlen(l);
	struct topk_item *d = hmap_put(&dst->map, l, ll, &created);
	if (created) {
		dst->kbytes += ll;
		*d = *it;            /* the strings move with it */
		return;
	}
	char *ex = it->example;
	it->example = NULL;
	fold(d, it);             /* counts, sums, times; the label is equal */
	if (!d->example) {
		d->example = ex;
		ex = NULL;
	}
	free(ex);
	item_release(it);
}

void topk_rekey_by_label(struct topk *t)
{
	struct topk nt = *t;
	hmap_init(&nt.map, sizeof(struct topk_item));
	nt.kbytes = 0;
	hmap_drain(&t->map, move_by_label, &nt);
	*t = nt;
}

static int by_count(const void *a, const void *b)
{
	const struct topk_item *x = *(const struct topk_item *const *)a;
	const struct topk_item *y = *(const struct topk_item *const *)b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	size_t xl, yl;
	const char *xk = hmap_key(x, &xl), *yk = hmap_key(y, &yl);
	int c = memcmp(xk, yk, xl < yl ? xl : yl);
	if (c)
		return c;
	return xl < yl ? -1 : xl > yl;
}

size_t topk_top(const struct topk *t, size_t k, struct topk_item **out)
{
	size_t n = t->map.count;
	if (n == 0)
		return 0;
	struct topk_item **all = xmalloc(n * sizeof *all);
	size_t i = 0, m = 0;
	struct topk_item *it;
	while ((it = hmap_next(&t->map, &i)))
		all[m++] = it;
	qsort(all, m, sizeof *all, by_count);
	if (k == 0 || k > m)
		k = m;
	memcpy(out, all, k * sizeof *out);
	free(all);
	return k;
}
