/*
 * prob: Poisson and binomial tails through the regularized incomplete
 * gamma and beta functions (series and Lentz continued fractions, as in
 * Numerical Recipes 6.2 and 6.4), kept in log space throughout.
 */
#include <math.h>
#include <stdio.h>

#include "prob.h"

#define EPS 1e-16
#define TINY 1e-300
#define LN_SQRT_2PI 0.91893853320467274178

/* x - log(1 + x), accurate also for small x. */
static double x_minus_log1p(double x)
{
	if (fabs(x) >= 0.25)
		return x - log1p(x);
	double term = x, sum = 0;
	for (int k = 2; k < 200; k++) {
		term *= -x;
		double t = term / k;
		sum += t;
		if (fabs(t) < EPS * fabs(sum))
			break;
	}
	/* sum = -(x^2/2) + x^3/3 - ... = log(1 + x) - x */
	return -sum;
}

/* lgamma(a) - Stirling's approximation without the correction (a >= 10). */
static double stirling_err(double a)
{
	double a2 = a * a;
	return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - 1.0 / (1680 * a2)) / a2) / a2) / a;
}

/*
 * a log(x) - x - lgamma(a), the log of the prefactor of P(a, x) and Q(a, x).
 * For large a the two big terms are brought together analytically so that
 * their cancellation loses nothing.
 */
static double gamma_log_front(double a, double x)
{
	if (a < 10)
		return a * log(x) - x - lgamma(a);
	double u = (x - a) / a;
	return -a * x_minus_log1p(u) + 0.5 * log(a) - LN_SQRT_2PI - stirling_err(a);
}

static long max_iter(double scale)
{
	return 1000 + (long)(50 * sqrt(scale));
}

/* sum of the series of P(a, x) without its prefactor (x < a + 1). */
static double gamma_series(double a, double x)
{
	double ap = a, del = 1 / a, sum = del;
	long n = max_iter(a);
	for (long i = 0; i < n; i++) {
		ap += 1;
		del *= x / ap;
		sum += del;
		if (fabs(del) < fabs(sum) * EPS)
			break;
	}
	return sum;
}

/* the continued fraction of Q(a, x) without its prefactor (x >= a + 1). */
static double gamma_cf(double a, double x)
{
	double b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
	long n = max_iter(x);
	for (long i = 1; i <= n; i++) {
		double an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (fabs(d) < TINY)
			d = TINY;
		c = b + an / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < EPS)
			break;
	}
	return h;
}

double prob_log_gamma_p(double a, double x)
{
	if (!(a > 0) || !(x >= 0))
		return NAN;
	if (x == 0)
		return -INFINITY;
	if (isinf(x))
		return 0;
	if (x < a + 1)
		return gamma_log_front(a, x) + log(gamma_series(a, x));
	return log1p(-exp(gamma_log_front(a, x) + log(gamma_cf(a, x))));
}

double prob_log_gamma_q(double a, double x)
{
	if (!(a > 0) || !(x >= 0))
		return NAN;
	if (x == 0)
		return 0;
	if (isinf(x))
		return -INFINITY;
	if (x < a + 1)
		return log1p(-exp(gamma_log_front(a, x) + log(gamma_series(a, x))));
	return gamma_log_front(a, x) + log(gamma_cf(a, x));
}

double prob_gamma_p(double a, double x)
{
	return exp(prob_log_gamma_p(a, x));
}

double prob_gamma_q(double a, double x)
{
	return exp(prob_log_gamma_q(a, x));
}

/* The continued fraction of I_x(a, b) (x < (a + 1) / (a + b + 2)). */
static double beta_cf(double x, double a, double b)
{
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;
	if (fabs(d) < TINY)
		d = TINY;
	d = 1 / d;
	double h = d;
	long n = max_iter(a > b ? a : b);
	for (long m = 1; m <= n; m++) {
		long m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < EPS)
			break;
	}
	return h;
}

/* log of x^a (1-x)^b / (a B(a, b)) times the continued fraction. */
static double beta_log_direct(double x, double a, double b)
{
	double lbeta = lgamma(a) + lgamma(b) - lgamma(a + b);
	return a * log(x) + b * log1p(-x) - lbeta - log(a) + log(beta_cf(x, a, b));
}

static int beta_bad(double x, double a, double b)
{
	return !(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1);
}

double prob_log_beta_i(double x, double a, double b)
{
	if (beta_bad(x, a, b))
		return NAN;
	if (x == 0)
		return -INFINITY;
	if (x == 1)
		return 0;
	if (x < (a + 1) / (a + b + 2))
		return beta_log_direct(x, a, b);
	return log1p(-exp(beta_log_direct(1 - x, b, a)));
}

double prob_log_beta_ic(double x, double a, double b)
{
	if (beta_bad(x, a, b))
		return NAN;
	if (x == 0)
		return 0;
	if (x == 1)
		return -INFINITY;
	if (x < (a + 1) / (a + b + 2))
		return log1p(-exp(beta_log_direct(x, a, b)));
	return beta_log_direct(1 - x, b, a);
}

double prob_beta_i(double x, double a, double b)
{
	return exp(prob_log_beta_i(x, a, b));
}

double prob_poisson_log_sf(double k, double lambda)
{
	if (!(lambda >= 0) || isnan(k))
		return NAN;
	k = ceil(k);
	if (k <= 0)
		return 0;
	if (lambda == 0)
		return -INFINITY;
	return prob_log_gamma_p(k, lambda);
}

double prob_poisson_sf(double k, double lambda)
{
	return exp(prob_poisson_log_sf(k, lambda));
}

double prob_poisson_log_cdf(double k, double lambda)
{
	if (!(lambda >= 0) || isnan(k))
		return NAN;
	k = floor(k);
	if (k < 0)
		return -INFINITY;
	if (lambda == 0)
		return 0;
	return prob_log_gamma_q(k + 1, lambda);
}

double prob_binom_log_sf(double k, double n, double p)
{
	if (!(p >= 0 && p <= 1) || !(n >= 0) || isnan(k))
		return NAN;
	k = ceil(k);
	n = floor(n);
	if (k <= 0)
		return 0;
	if (k > n || p == 0)
		return -INFINITY;
	if (p == 1)
		return 0;
	return prob_log_beta_i(p, k, n - k + 1);
}

double prob_binom_sf(double k, double n, double p)
{
	return exp(prob_binom_log_sf(k, n, p));
}

char *prob_log_fmt(double logp, char *s, size_t n)
{
	if (isnan(logp)) {
		snprintf(s, n, "null");
		return s;
	}
	if (logp > 0)
		logp = 0;
	if (logp == -INFINITY) {
		snprintf(s, n, "0");
		return s;
	}
	if (logp > -690) {  /* exp() is a normal double down to about 1e-300 */
		snprintf(s, n, "%.3g", exp(logp));
		return s;
	}
	double l10 = logp / M_LN10;
	double e = floor(l10);
	double m = pow(10, l10 - e);
	if (m >= 9.995) {
		m /= 10;
		e += 1;
	}
	snprintf(s, n, "%.3ge%.0f", m, e);
	return s;
}
