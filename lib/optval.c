/*
 * optval: numeric option values.  See optval.h.
 */
#include "optval.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "tspec.h"

uint64_t optval_count(const char *name, const char *v, uint64_t min, uint64_t max)
{
	char *end;
	errno = 0;
	unsigned long long n = *v >= '0' && *v <= '9' ? strtoull(v, &end, 10) : 0;
	if (*v < '0' || *v > '9' || *end || errno || n < min || n > max)
		diag_usage("%s: '%s' is not a number from %llu to %llu", name, v,
			   (unsigned long long)min, (unsigned long long)max);
	return n;
}

double optval_real(const char *name, const char *v, double min, double max)
{
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end || !(d >= min && d <= max))
		diag_usage("%s: '%s' is not a number from %g to %g", name, v, min, max);
	return d;
}

int64_t optval_duration(const char *name, const char *v, int64_t min_ns, int64_t max_ns)
{
	int64_t ns;
	if (!tspec_duration(v, strlen(v), &ns))
		diag_usage("%s: '%s' is not a duration (30s, 5m, 1h30m, 1d)", name, v);
	if (ns < min_ns || ns > max_ns)
		diag_usage("%s: '%s' is not a duration from %.9gs to %.9gs", name, v,
			   (double)min_ns / 1e9, (double)max_ns / 1e9);
	return ns;
}
