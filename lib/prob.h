/*
 * prob: tail probabilities of the Poisson and binomial distributions, for
 * deciding whether a count is surprising (lanomaly's detectors).
 *
 * They are computed through the regularized incomplete gamma and beta
 * functions, in log space, so they stay accurate for large counts (a
 * million events) and far into the tail (1e-300 and below, where a plain
 * double would underflow to 0): use the prob_log* forms when the value
 * may be that small, and prob_log10_fmt to print one.
 *
 *   P(X >= k), X ~ Poisson(lambda)   = P(k, lambda)        (lower gamma)
 *   P(X <= k), X ~ Poisson(lambda)   = Q(k + 1, lambda)    (upper gamma)
 *   P(X >= k), X ~ Binomial(n, p)    = I_p(k, n - k + 1)   (beta)
 *
 * Accuracy: about 1e-13 relative for the values, 1e-12 absolute for the
 * logarithms, over the ranges the tests cover (a, b up to 1e7).
 *
 * Not for: quantiles, other distributions, random numbers.  Nothing here
 * allocates or keeps state.  Arguments outside the domain (negative rate,
 * p outside [0, 1], x < 0) give NaN.
 */
#ifndef LT_PROB_H
#define LT_PROB_H

#include <stddef.h>

/* log P(a, x) and log Q(a, x) = log(1 - P(a, x)); a > 0, x >= 0. */
double prob_log_gamma_p(double a, double x);
double prob_log_gamma_q(double a, double x);
/* P(a, x) and Q(a, x), the regularized incomplete gamma functions. */
double prob_gamma_p(double a, double x);
double prob_gamma_q(double a, double x);

/* log I_x(a, b) and log(1 - I_x(a, b)); a, b > 0, 0 <= x <= 1. */
double prob_log_beta_i(double x, double a, double b);
double prob_log_beta_ic(double x, double a, double b);
/* I_x(a, b), the regularized incomplete beta function. */
double prob_beta_i(double x, double a, double b);

/* log P(X >= k) and P(X >= k) for X ~ Poisson(lambda).  k <= 0 gives 1. */
double prob_poisson_log_sf(double k, double lambda);
double prob_poisson_sf(double k, double lambda);
/* log P(X <= k) for X ~ Poisson(lambda).  k < 0 gives -inf. */
double prob_poisson_log_cdf(double k, double lambda);

/* log P(X >= k) and P(X >= k) for X ~ Binomial(n, p). */
double prob_binom_log_sf(double k, double n, double p);
double prob_binom_sf(double k, double n, double p);

/*
 * Write exp(LOGP) as a decimal number with 3 significant digits into s
 * (at least 16 bytes): "0.0123", "4.56e-07", and also "3.2e-412" where a
 * double would underflow.  -inf gives "0".  Returns s.
 */
char *prob_log_fmt(double logp, char *s, size_t n);

#endif
