/*
 * qsketch: a mergeable quantile sketch with a relative-error guarantee
 * (in the manner of DDSketch, Masson et al., VLDB 2019).
 *
 * Each value x > 0 falls in bucket i = ceil(log_g(x)) with
 * g = (1 + a) / (1 - a); the bucket's representative 2 g^i / (g + 1) is
 * within a relative error a of every value in it.  So a quantile read
 * from the sketch is within a relative error a of the exact quantile of
 * the values added (rank q*(n-1), lower value), as long as no buckets were
 * collapsed.  Negative values use a mirrored set of buckets; zero (and
 * |x| below QSK_MIN) its own counter.  a is QSK_ALPHA, 1%.
 *
 * Count, min, max and sum are kept exactly.  Two sketches merge by adding
 * bucket counts, and the merge is exact: merging the sketches of two
 * halves gives the sketch of the whole.
 *
 * Memory is bounded: at most QSK_MAX_BUCKETS buckets per sign (about
 * 16 KiB each); past that, the lowest buckets are collapsed into one and
 * `collapsed` says so (with 1% buckets this needs values spanning more
 * than 35 orders of magnitude).  NaN and infinities are not added; they
 * are counted in `rejected`.
 *
 * Not for: exact quantiles, or values that need absolute rather than
 * relative precision near zero.
 *
 * Ownership: a struct qsketch owns its bucket arrays; qsk_init sets one up
 * empty, qsk_free releases them.
 */
#ifndef LT_QSKETCH_H
#define LT_QSKETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

#define QSK_ALPHA 0.01
#define QSK_MAX_BUCKETS 4096
#define QSK_MIN 1e-9

struct qsk_store {
	uint64_t *c;        /* counts of buckets off .. off + n - 1 */
	int32_t off;
	int32_t n;
};

struct qsketch {
	uint64_t count;     /* values added (rejected ones excluded) */
	uint64_t zero;      /* values with |x| < QSK_MIN */
	uint64_t rejected;  /* NaN and infinities */
	double min, max, sum;
	bool collapsed;     /* some buckets were merged: low quantiles coarser */
	struct qsk_store pos, neg;
};

void qsk_init(struct qsketch *s);
void qsk_free(struct qsketch *s);

void qsk_add(struct qsketch *s, double x);
/* Add every value of FROM into S. */
void qsk_merge(struct qsketch *s, const struct qsketch *from);
/* The q-quantile (0 <= q <= 1) of the values added; 0 when empty. */
double qsk_quantile(const struct qsketch *s, double q);

/* The bucket index of x > 0, and the representative value of a bucket. */
int32_t qsk_index(double x);
double qsk_value(int32_t i);

/*
 * Serialisation for lstat --partial: a JSON object
 * {"count":n,"zero":n,"min":x,"max":x,"sum":x,"pos":[off,c0,c1,...],"neg":[...]}
 * qsk_load_bucket adds COUNT to bucket I of the positive (sign > 0) or
 * negative store; the reader of the JSON drives it.
 */
void qsk_write_json(struct buf *b, const struct qsketch *s);
void qsk_load_bucket(struct qsketch *s, int sign, int32_t i, uint64_t count);

#endif
