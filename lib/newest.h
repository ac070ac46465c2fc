/*
 * newest: keep the N most recent records of a stream (lfilter --last N).
 *
 * Records are offered with their timestamp; the structure keeps a copy of
 * the N with the latest timestamps (a min-heap, O(log N) per record, memory
 * proportional to the N kept lines) and gives them back newest first.  Of
 * records with the same timestamp, the one offered later counts as newer.
 *
 * Not for: records without a timestamp (the caller drops and counts them).
 *
 * Ownership: newest_new returns a structure that newest_free frees, with
 * every line copy in it.  Lines given to newest_add are copied; the spans
 * handed to the newest_drain callback are valid during the call only.
 */
#ifndef LT_NEWEST_H
#define LT_NEWEST_H

#include <stddef.h>

#include "span.h"
#include "tspec.h"

struct newest;

/* Keep at most N records (N >= 1). */
struct newest *newest_new(size_t n);
void newest_free(struct newest *k);

void newest_add(struct newest *k, struct instant t, struct span line);
size_t newest_count(const struct newest *k);

/* Call CB for each kept line, newest first, and empty the structure. */
void newest_drain(struct newest *k, void (*cb)(struct span line, void *arg), void *arg);

#endif
