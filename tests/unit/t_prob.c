/*
 * Unit tests of lib/prob: against closed forms (exponential, erf, powers,
 * exact binomial sums) and against direct summation of the probability
 * mass in log space, an independent method, for large counts and far
 * tails.
 */
#include <math.h>
#include <stdio.h>

#include "prob.h"
#include "tap.h"

static int close_rel(double got, double want, double tol, const char *what)
{
	double err = want == 0 ? fabs(got) : fabs(got - want) / fabs(want);
	int r = ok(err <= tol, what);
	if (!r)
		printf("#   got %.17g, want %.17g (rel err %.3g)\n", got, want, err);
	return r;
}

static int close_abs(double got, double want, double tol, const char *what)
{
	int r = ok(fabs(got - want) <= tol, what);
	if (!r)
		printf("#   got %.17g, want %.17g\n", got, want);
	return r;
}

static double logsumexp_add(double acc, double x)
{
	if (acc == -INFINITY)
		return x;
	if (x > acc)
		return x + log1p(exp(acc - x));
	return acc + log1p(exp(x - acc));
}

/* log P(X >= k), Poisson(lambda), by summing the mass from k upwards. */
static double poisson_tail_direct(double k, double lambda)
{
	double acc = -INFINITY;
	for (double i = k; i < k + 20 * sqrt(lambda + k) + 200; i++) {
		double lp = i * log(lambda) - lambda - lgamma(i + 1);
		acc = logsumexp_add(acc, lp);
	}
	return acc;
}

/* log P(X >= k), Binomial(n, p), by summing the mass from k to n. */
static double binom_tail_direct(double k, double n, double p)
{
	double acc = -INFINITY;
	for (double i = k; i <= n; i++) {
		double lp = lgamma(n + 1) - lgamma(i + 1) - lgamma(n - i + 1) + i * log(p) +
			    (n - i) * log1p(-p);
		acc = logsumexp_add(acc, lp);
	}
	return acc;
}

static void test_gamma(void)
{
	double xs[] = { 0.001, 0.5, 2, 7.5, 30 };
	for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) {
		char what[80];
		snprintf(what, sizeof what, "P(1, %g) = 1 - e^-x", xs[i]);
		close_rel(prob_gamma_p(1, xs[i]), -expm1(-xs[i]), 1e-13, what);
		snprintf(what, sizeof what, "log Q(1, %g) = -x", xs[i]);
		close_abs(prob_log_gamma_q(1, xs[i]), -xs[i], 1e-12, what);
		snprintf(what, sizeof what, "P(1/2, %g) = erf(sqrt x)", xs[i]);
		close_rel(prob_gamma_p(0.5, xs[i]), erf(sqrt(xs[i])), 1e-13, what);
		snprintf(what, sizeof what, "Q(1/2, %g) = erfc(sqrt x)", xs[i]);
		close_rel(prob_gamma_q(0.5, xs[i]), erfc(sqrt(xs[i])), 1e-12, what);
	}
	/* far tail of Q(1/2, x): erfc(sqrt(800)) is about 1e-349, below doubles */
	double x = 800, s = sqrt(x);
	double want = -x - log(s) - 0.5 * log(M_PI) + log1p(-1 / (2 * x) + 3 / (4 * x * x));
	close_abs(prob_log_gamma_q(0.5, x), want, 1e-6, "log Q(1/2, 800) below double range");
	/* P + Q = 1 where both are sizeable, large a */
	double a = 1e6, xx = 1e6 + 500;
	close_rel(prob_gamma_p(a, xx) + prob_gamma_q(a, xx), 1, 1e-12, "P + Q = 1 at a = 1e6");
	ok(isnan(prob_gamma_p(-1, 2)), "P(-1, x) is NaN");
	ok(isnan(prob_gamma_p(1, -2)), "P(a, -2) is NaN");
	is_int(prob_gamma_p(3, 0) == 0, 1, "P(a, 0) = 0");
}

static void test_poisson(void)
{
	/* 1 - e^-1 sum_{i<10} 1/i! */
	close_rel(prob_poisson_sf(10, 1), 1.1142547833872067e-07, 1e-10, "P(X >= 10 | 1)");
	close_rel(prob_poisson_sf(1, 3), -expm1(-3), 1e-14, "P(X >= 1 | 3) = 1 - e^-3");
	is_int(prob_poisson_sf(0, 5) == 1, 1, "P(X >= 0) = 1");
	is_int(prob_poisson_sf(-3, 5) == 1, 1, "P(X >= -3) = 1");
	is_int(prob_poisson_log_sf(5, 0) == -INFINITY, 1, "P(X >= 5 | 0) = 0");
	ok(isnan(prob_poisson_sf(5, -1)), "negative rate is NaN");
	close_rel(prob_poisson_sf(2.5, 1), prob_poisson_sf(3, 1), 1e-15, "k rounds up");

	struct { double k, lambda; } cases[] = {
		{ 15, 5 }, { 30, 10 }, { 100, 10 }, { 200, 1 }, { 1200, 1000 },
		{ 2000, 1000 }, { 10100, 10000 }, { 1010000, 1e6 }, { 60, 0.4 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char what[96];
		double got = prob_poisson_log_sf(cases[i].k, cases[i].lambda);
		double want = poisson_tail_direct(cases[i].k, cases[i].lambda);
		snprintf(what, sizeof what, "log P(X >= %g | %g) = %.6g (direct sum)", cases[i].k,
			 cases[i].lambda, want);
		close_rel(got, want, 1e-9, what);
	}
	/* cdf and sf are complements */
	for (double k = 0; k <= 40; k += 8)
		close_rel(exp(prob_poisson_log_cdf(k, 20)) + prob_poisson_sf(k + 1, 20), 1, 1e-13,
			  "P(X <= k) + P(X >= k + 1) = 1 at lambda 20");
	is_int(prob_poisson_log_cdf(-1, 3) == -INFINITY, 1, "P(X <= -1) = 0");
}

static void test_beta(void)
{
	double xs[] = { 0.01, 0.3, 0.5, 0.9 };
	for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) {
		double x = xs[i];
		char what[80];
		snprintf(what, sizeof what, "I_%g(3, 1) = x^3", x);
		close_rel(prob_beta_i(x, 3, 1), x * x * x, 1e-13, what);
		snprintf(what, sizeof what, "I_%g(1, 4) = 1 - (1-x)^4", x);
		close_rel(prob_beta_i(x, 1, 4), 1 - pow(1 - x, 4), 1e-13, what);
		snprintf(what, sizeof what, "I_%g(a, b) + I_1-x(b, a) = 1", x);
		close_rel(prob_beta_i(x, 7.5, 2.25) + prob_beta_i(1 - x, 2.25, 7.5), 1, 1e-13, what);
	}
	close_rel(prob_beta_i(0.5, 40, 40), 0.5, 1e-12, "I_1/2(a, a) = 1/2");
	close_abs(prob_log_beta_ic(0.3, 5, 9), log1p(-prob_beta_i(0.3, 5, 9)), 1e-13,
		  "log(1 - I) is the complement");
	ok(isnan(prob_beta_i(1.5, 1, 1)), "x > 1 is NaN");
	ok(isnan(prob_beta_i(0.5, 0, 1)), "a = 0 is NaN");
}

static void test_binom(void)
{
	/* sum_{i=15}^{20} C(20, i) / 2^20 = 21700 / 1048576 */
	close_rel(prob_binom_sf(15, 20, 0.5), 21700.0 / 1048576, 1e-13, "P(X >= 15 | 20, 1/2)");
	close_rel(prob_binom_sf(20, 20, 0.5), 1.0 / 1048576, 1e-12, "P(X >= 20 | 20, 1/2)");
	close_rel(prob_binom_sf(1, 10, 0.1), 1 - pow(0.9, 10), 1e-13, "P(X >= 1) = 1 - q^n");
	is_int(prob_binom_sf(0, 10, 0.1) == 1, 1, "P(X >= 0) = 1");
	is_int(prob_binom_log_sf(11, 10, 0.1) == -INFINITY, 1, "P(X > n) = 0");
	is_int(prob_binom_log_sf(3, 10, 0) == -INFINITY, 1, "p = 0");
	is_int(prob_binom_sf(3, 10, 1) == 1, 1, "p = 1");
	ok(isnan(prob_binom_sf(3, 10, 1.5)), "p > 1 is NaN");

	struct { double k, n, p; } cases[] = {
		{ 30, 40, 0.05 }, { 200, 10000, 0.01 }, { 900, 1000, 0.5 }, { 20, 20, 0.02 },
		{ 5100, 100000, 0.05 }, { 60, 100, 0.5 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char what[96];
		double got = prob_binom_log_sf(cases[i].k, cases[i].n, cases[i].p);
		double want = binom_tail_direct(cases[i].k, cases[i].n, cases[i].p);
		snprintf(what, sizeof what, "log P(X >= %g | %g, %g) = %.6g (direct sum)", cases[i].k,
			 cases[i].n, cases[i].p, want);
		close_rel(got, want, 1e-9, what);
	}
}

static void test_fmt(void)
{
	char s[32];
	is_str(prob_log_fmt(log(0.0123), s, sizeof s), "0.0123", "fmt 0.0123");
	is_str(prob_log_fmt(log(4.56e-7), s, sizeof s), "4.56e-07", "fmt 4.56e-07");
	is_str(prob_log_fmt(log(3.2) - 412 * M_LN10, s, sizeof s), "3.2e-412", "fmt below doubles");
	is_str(prob_log_fmt(log(9.999) - 800 * M_LN10, s, sizeof s), "1e-799", "fmt rounds up");
	is_str(prob_log_fmt(-INFINITY, s, sizeof s), "0", "fmt zero");
	is_str(prob_log_fmt(0, s, sizeof s), "1", "fmt one");
	is_str(prob_log_fmt(NAN, s, sizeof s), "null", "fmt NaN");
}

int main(void)
{
	test_gamma();
	test_poisson();
	test_beta();
	test_binom();
	test_fmt();
	return tap_done();
}
