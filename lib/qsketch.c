#include "qsketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* g = (1 + a) / (1 - a), and its natural log, log(1.01 / 0.99). */
#define GAMMA ((1.0 + QSK_ALPHA) / (1.0 - QSK_ALPHA))
#define LN_GAMMA 0.020000666706669435

void qsk_init(struct qsketch *s)
{
	memset(s, 0, sizeof *s);
}

void qsk_free(struct qsketch *s)
{
	free(s->pos.c);
	free(s->neg.c);
	memset(s, 0, sizeof *s);
}

int32_t qsk_index(double x)
{
	double v = ceil(log(x) / LN_GAMMA);
	if (v > 1e9)
		v = 1e9;
	if (v < -1e9)
		v = -1e9;
	return (int32_t)v;
}

double qsk_value(int32_t i)
{
	return 2.0 * exp((double)i * LN_GAMMA) / (GAMMA + 1.0);
}

/* Make room for bucket i in st, collapsing the lowest buckets when the
 * span would exceed QSK_MAX_BUCKETS; returns the slot to count into. */
static uint64_t *slot(struct qsketch *s, struct qsk_store *st, int32_t i)
{
	if (st->n == 0) {
		st->n = 64;
		st->c = xcalloc((size_t)st->n, sizeof *st->c);
		st->off = i - st->n / 2;
	}
	if (i >= st->off && i < st->off + st->n)
		return &st->c[i - st->off];

	int64_t lo = i < st->off ? i : st->off;
	int64_t hi = i >= st->off + st->n ? i : (int64_t)st->off + st->n - 1;
	int64_t span = hi - lo + 1;
	int64_t newn = 2 * (int64_t)st->n > span + 16 ? 2 * (int64_t)st->n : span + 16;
	if (newn > QSK_MAX_BUCKETS)
		newn = QSK_MAX_BUCKETS;
	int64_t nlo;
	if (span > QSK_MAX_BUCKETS) {
		s->collapsed = true;   /* keep the top buckets, fold the rest */
		nlo = hi - QSK_MAX_BUCKETS + 1;
	} else if (i < st->off) {
		nlo = hi - newn + 1;
	} else {
		nlo = lo;
	}
	uint64_t *nc = xcalloc((size_t)newn, sizeof *nc);
	for (int32_t k = 0; k < st->n; k++) {
		int64_t idx = (int64_t)st->off + k;
		if (idx < nlo)
			idx = nlo;
		nc[idx - nlo] += st->c[k];
	}
	free(st->c);
	st->c = nc;
	st->off = (int32_t)nlo;
	st->n = (int32_t)newn;
	return i < st->off ? &st->c[0] : &st->c[i - st->off];
}

static void add_n(struct qsketch *s, double x, uint64_t n)
{
	if (x >= QSK_MIN)
		*slot(s, &s->pos, qsk_index(x)) += n;
	else if (x <= -QSK_MIN)
		*slot(s, &s->neg, qsk_index(-x)) += n;
	else
		s->zero += n;
}

void qsk_add(struct qsketch *s, double x)
{
	if (!isfinite(x)) {
		s->rejected++;
		return;
	}
	if (s->count == 0 || x < s->min)
		s->min = x;
	if (s->count == 0 || x > s->max)
		s->max = x;
	s->count++;
	s->sum += x;
	add_n(s, x, 1);
}

void qsk_load_bucket(struct qsketch *s, int sign, int32_t i, uint64_t count)
{
	if (count)
		*slot(s, sign > 0 ? &s->pos : &s->neg, i) += count;
}

static void merge_store(struct qsketch *s, const struct qsk_store *src, int sign)
{
	for (int32_t k = 0; k < src->n; k++)
		if (src->c[k])
			qsk_load_bucket(s, sign, src->off + k, src->c[k]);
}

void qsk_merge(struct qsketch *s, const struct qsketch *f)
{
	if (f->count == 0) {
		s->rejected += f->rejected;
		return;
	}
	if (s->count == 0 || f->min < s->min)
		s->min = f->min;
	if (s->count == 0 || f->max > s->max)
		s->max = f->max;
	s->count += f->count;
	s->zero += f->zero;
	s->rejected += f->rejected;
	s->sum += f->sum;
	s->collapsed |= f->collapsed;
	merge_store(s, &f->pos, 1);
	merge_store(s, &f->neg, -1);
}

static double clamp(const struct qsketch *s, double v)
{
	return v < s->min ? s->min : v > s->max ? s->max : v;
}

double qsk_quantile(const struct qsketch *s, double q)
{
	if (s->count == 0)
		return 0;
	if (q <= 0)
		return s->min;
	if (q >= 1)
		return s->max;
	double rank = q * (double)(s->count - 1);
	uint64_t seen = 0;
	/* Negatives, from the largest magnitude down. */
	for (int32_t k = s->neg.n - 1; k >= 0; k--) {
		seen += s->neg.c[k];
		if ((double)seen > rank)
			return clamp(s, -qsk_value(s->neg.off + k));
	}
	seen += s->zero;
	if ((double)seen > rank)
		return clamp(s, 0);
	for (int32_t k = 0; k < s->pos.n; k++) {
		seen += s->pos.c[k];
		if ((double)seen > rank)
			return clamp(s, qsk_value(s->pos.off + k));
	}
	return s->max;
}

static void write_store(struct buf *b, const struct qsk_store *st)
{
	int32_t lo = 0, hi = st->n - 1;
	while (lo <= hi && !st->c[lo])
		lo++;
	while (hi >= lo && !st->c[hi])
		hi--;
	buf_addc(b, '[');
	if (lo <= hi) {
		buf_add_int(b, (long long)st->off + lo);
		for (int32_t k = lo; k <= hi; k++) {
			buf_addc(b, ',');
			buf_add_int(b, (long long)st->c[k]);
		}
	}
	buf_addc(b, ']');
}

void qsk_write_json(struct buf *b, const struct qsketch *s)
{
	buf_printf(b, "{\"count\":%llu,\"zero\":%llu,\"rejected\":%llu,\"min\":%.17g,"
		   "\"max\":%.17g,\"sum\":%.17g,\"collapsed\":%s,\"pos\":",
		   (unsigned long long)s->count, (unsigned long long)s->zero,
		   (unsigned long long)s->rejected, s->count ? s->min : 0.0,
		   s->count ? s->max : 0.0, s->sum, s->collapsed ? "true" : "false");
	write_store(b, &s->pos);
	buf_adds(b, ",\"neg\":");
	write_store(b, &s->neg);
	buf_addc(b, '}');
}
