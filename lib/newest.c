/*
 * newest: a min-heap of the latest records.  See newest.h.
 */
#include "newest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct item {
	struct instant t;
	uint64_t seq;
	char *p;
	size_t len, cap;
};

struct newest {
	struct item *h;
	size_t n, max;
	uint64_t seq;
};

/* a is older than b */
static bool older(const struct item *a, const struct item *b)
{
	int c = tspec_cmp(a->t, b->t);
	return c < 0 || (c == 0 && a->seq < b->seq);
}

static void swap(struct item *a, struct item *b)
{
	struct item t = *a;
	*a = *b;
	*b = t;
}

static void sift_down(struct item *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && older(&h[l], &h[m]))
			m = l;
		if (r < n && older(&h[r], &h[m]))
			m = r;
		if (m == i)
			return;
		swap(&h[i], &h[m]);
		i = m;
	}
}

static void sift_up(struct item *h, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!older(&h[i], &h[p]))
			return;
		swap(&h[i], &h[p]);
		i = p;
	}
}

struct newest *newest_new(size_t n)
{
	struct newest *k = xcalloc(1, sizeof *k);
	k->max = n ? n : 1;
	return k;
}

void newest_free(struct newest *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->n; i++)
		free(k->h[i].p);
	free(k->h);
	free(k);
}

static void set_line(struct item *it, struct span line)
{
	if (it->cap < line.len + 1) {
		it->cap = line.len + 1;
		it->p = xrealloc(it->p, it->cap);
	}
	memcpy(it->p, line.p, line.len);
	it->len = line.len;
}

void newest_add(struct newest *k, struct instant t, struct span line)
{
	struct item cand = { t, k->seq++, NULL, 0, 0 };
	if (k->n < k->max) {
		if (k->n % 1024 == 0)
			k->h = xrealloc(k->h, (k->n + 1024 < k->max ? k->n + 1024 : k->max) * sizeof *k->h);
		struct item *it = &k->h[k->n];
		*it = cand;
		set_line(it, line);
		sift_up(k->h, k->n++);
		return;
	}
	if (!older(&k->h[0], &cand))
		return;
	/* replace the oldest, reusing its memory */
	k->h[0].t = cand.t;
	k->h[0].seq = cand.seq;
	set_line(&k->h[0], line);
	sift_down(k->h, k->n, 0);
}

size_t newest_count(const struct newest *k)
{
	return k->n;
}

void newest_drain(struct newest *k, void (*cb)(struct span line, void *arg), void *arg)
{
	/* heap sort in place: pop the oldest to the end, so the array ends
	 * up newest first */
	size_t n = k->n;
	while (n > 1) {
		swap(&k->h[0], &k->h[n - 1]);
		n--;
		sift_down(k->h, n, 0);
	}
	for (size_t i = 0; i < k->n; i++) {
		cb(span_make(k->h[i].p, k->h[i].len), arg);
		free(k->h[i].p);
	}
	k->n = 0;
}
