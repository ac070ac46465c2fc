/* Unit tests of lib/qsketch: quantiles within 1% relative error of the
 * exact ones, exact merges, negatives and zero, bounded memory. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "qsketch.h"
#include "tap.h"

static uint64_t rng = 88172645463325252ULL;
static double urand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The exact quantile with the sketch's rank convention. */
static double exact(const double *v, size_t n, double q)
{
	return v[(size_t)floor(q * (double)(n - 1))];
}

static double worst_error(const struct qsketch *s, double *v, size_t n)
{
	static const double qs[] = { 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999 };
	qsort(v, n, sizeof *v, cmp);
	double worst = 0;
	for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) {
		double e = exact(v, n, qs[k]), g = qsk_quantile(s, qs[k]);
		double rel = e == 0 ? fabs(g) : fabs(g - e) / fabs(e);
		if (rel > worst)
			worst = rel;
	}
	return worst;
}

int main(void)
{
	struct qsketch s, a, b;
	qsk_init(&s);
	is_int(s.count, 0, "empty sketch");
	ok(qsk_quantile(&s, 0.5) == 0, "quantile of empty sketch is 0");

	/* Bucket representatives are within 1% of every value in the bucket. */
	double worst = 0;
	for (int k = 0; k < 100000; k++) {
		double x = exp((urand() - 0.5) * 40);
		double r = qsk_value(qsk_index(x));
		if (fabs(r - x) / x > worst)
			worst = fabs(r - x) / x;
	}
	ok(worst <= QSK_ALPHA * (1 + 1e-9), "bucket representative within alpha of its values");

	/* Response times: log-normal, 200k values, sketch vs exact; halves merged. */
	enum { N = 200000 };
	double *v = malloc(N * sizeof *v);
	qsk_init(&a);
	qsk_init(&b);
	double sum = 0;
	for (int k = 0; k < N; k++) {
		double u1 = urand() + 1e-12, u2 = urand();
		double z = sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
		v[k] = exp(-3 + 1.5 * z);
		sum += v[k];
		qsk_add(&s, v[k]);
		qsk_add(k < N / 3 ? &a : &b, v[k]);
	}
	is_int(s.count, N, "count is exact");
	ok(fabs(s.sum - sum) < 1e-6 * sum, "sum is exact");
	qsk_merge(&a, &b);
	int same = 1;
	for (double q = 0; q <= 1.0; q += 0.001)
		if (qsk_quantile(&a, q) != qsk_quantile(&s, q))
			same = 0;
	ok(same, "merged halves give the same quantiles as one pass");
	ok(a.min == s.min && a.max == s.max && a.count == s.count, "merge keeps min, max, count");
	double w = worst_error(&s, v, N);
	ok(w <= 0.01, "quantiles within 1% relative error (log-normal)");
	if (w > 0.01)
		printf("#   worst relative error %g\n", w);
	ok(qsk_quantile(&s, 0) == s.min && qsk_quantile(&s, 1) == s.max, "q=0 and q=1 are min and max");
	qsk_free(&a);
	qsk_free(&b);
	qsk_free(&s);

	/* Mixed signs and zeros. */
	qsk_init(&s);
	size_t n = 0;
	for (int k = 0; k < 30000; k++) {
		double x = k % 3 == 0 ? 0 : (urand() - 0.5) * 2000;
		v[n++] = x;
		qsk_add(&s, x);
	}
	w = worst_error(&s, v, n);
	ok(w <= 0.01, "negative, zero and positive values within 1%");
	is_int(s.zero, 10000, "zeros counted apart");
	qsk_free(&s);

	/* Non-finite values are rejected; extreme ranges collapse, bounded. */
	qsk_init(&s);
	qsk_add(&s, NAN);
	qsk_add(&s, INFINITY);
	is_int(s.rejected, 2, "NaN and infinity rejected");
	is_int(s.count, 0, "rejected values are not counted");
	for (int e = -300; e <= 300; e++)
		qsk_add(&s, pow(10, e));
	ok(s.collapsed, "600 orders of magnitude collapse the lowest buckets");
	ok(s.pos.n <= QSK_MAX_BUCKETS, "bucket count stays bounded");
	ok(fabs(qsk_quantile(&s, 0.99) - 1e294) / 1e294 <= 0.01 ||
	   fabs(qsk_quantile(&s, 0.99) - 1e295) / 1e295 <= 0.01, "high quantiles stay accurate after a collapse");
	qsk_free(&s);

	/* Serialisation round trip through the bucket loader. */
	qsk_init(&s);
	for (int k = 1; k <= 1000; k++)
		qsk_add(&s, k * 0.001);
	struct buf j = BUF_INIT;
	qsk_write_json(&j, &s);
	ok(strstr(j.p, "\"count\":1000,") != NULL, "JSON has the count");
	struct qsketch r;
	qsk_init(&r);
	for (int32_t k = 0; k < s.pos.n; k++)
		qsk_load_bucket(&r, 1, s.pos.off + k, s.pos.c[k]);
	r.count = s.count, r.min = s.min, r.max = s.max, r.sum = s.sum;
	ok(qsk_quantile(&r, 0.9) == qsk_quantile(&s, 0.9), "loaded buckets give the same p90");
	buf_free(&j);
	qsk_free(&r);
	qsk_free(&s);
	free(v);
	return tap_done();
}
