/*
 * merge: interleave the records of several inputs by timestamp (lparse -m).
 *
 * Each source is an open input and its ingest; merge_run reads them all
 * and writes their records to one buffer in time order: a k-way merge
 * that assumes each input is in order on its own.  Small disorder within
 * an input is tolerated (its records keep their own order); a record
 * without a timestamp keeps the time of the record before it in its
 * input, so it stays next to it.  Ties go to the input added first.
 *
 * Records are compared by the instant of their "timestamp", read back
 * from the record as rec_open wrote it (RFC 3339, first key).
 *
 * Memory: merge_new returns what merge_free frees; the inputs and
 * ingests stay the caller's (merge_free closes neither).  The library
 * does not print: problems go to the caller's callback.
 */
#ifndef LT_MERGE_H
#define LT_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest.h"
#include "input.h"
#include "out.h"

struct merge;

/* A problem on input SRC: INPUT_TOOLONG (line skipped) or INPUT_ERROR. */
typedef void (*merge_diag)(void *arg, int src, int status);

struct merge *merge_new(void);
void merge_free(struct merge *m);
/* Add a source; returns its number. */
int merge_add(struct merge *m, struct input *in, struct ingest *ing);
/* Read every source to its end, writing the records to O in time order. */
void merge_run(struct merge *m, struct out *o, merge_diag diag, void *arg);

/* The instant of a record's leading "timestamp" (seconds, nanoseconds). */
bool merge_key(const char *rec, size_t len, int64_t *sec, uint32_t *nsec);

#endif
