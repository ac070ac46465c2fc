/*
 * optval: reading the values of numeric command-line options, the same way
 * and with the same messages in every program.
 *
 * Each function returns the value of option NAME (as the user wrote it,
 * "--top") given as V, or calls diag_usage (one line, a pointer to --help,
 * exit 2) when V is not one or is out of [MIN, MAX].
 *
 * Nothing here allocates or keeps state.
 */
#ifndef LT_OPTVAL_H
#define LT_OPTVAL_H

#include <stdint.h>

/* A whole number in decimal digits: "10", not "-1", "1e3" or "10x". */
uint64_t optval_count(const char *name, const char *v, uint64_t min, uint64_t max);
/* A decimal number, "0.5", "3", "1e-6". */
double optval_real(const char *name, const char *v, double min, double max);
/* A length of time as tspec_duration reads it ("90s", "1h30m"), in nanoseconds. */
int64_t optval_duration(const char *name, const char *v, int64_t min_ns, int64_t max_ns);

#define OPTVAL_SEC INT64_C(1000000000)

#endif
