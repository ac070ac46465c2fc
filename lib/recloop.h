/*
 * recloop: the record loop every consumer program shares (lfilter, lstat,
 * lthreat, lbrute, lanomaly), so all of them treat their input the same way.
 *
 * recloop_file opens PATH ("-" is stdin) with ndjson.h, hands each record
 * to the caller's function, and reports the rest uniformly:
 *   - a line that is not a JSON object:
 *       prog: FILE:LINE: not a JSON object (REASON)
 *     for the first RECLOOP_BAD_SHOWN of each input, then one line
 *       prog: FILE: N lines were not JSON objects (the first 20 shown)
 *     It is skipped; with .strict reading stops at the first one, and with
 *     .strict or .bad_fails the status becomes 2.
 *   - a line over the input cap: named, skipped, status 2;
 *   - an input that cannot be opened or read: named, status 2.
 *
 * Ownership: the loop owns nothing between calls; the record handed to
 * .record borrows the reader's buffers and is valid only during the call.
 * .counts accumulates every input's ndjson_counts over the calls.
 */
#ifndef LT_RECLOOP_H
#define LT_RECLOOP_H

#include <stdbool.h>

#include "json.h"
#include "ndjson.h"

#define RECLOOP_BAD_SHOWN 20

struct recloop {
	/* The record; return false to stop reading (a --limit reached). */
	bool (*record)(void *ctx, const struct json_obj *rec, struct ndjson *nd);
	void *ctx;
	void (*wait_hook)(void *arg);  /* before blocking on input: flush output */
	void *wait_arg;
	bool strict;      /* a bad line stops reading, status 2 */
	bool bad_fails;   /* a bad line makes the status 2; reading goes on */
	bool stopped;     /* set when .record returned false, or strict stopped */
	struct ndjson_counts counts;
};

/* Read PATH through l->record.  Returns 0, or 2 after an error reported. */
int recloop_file(struct recloop *l, const char *path);

#endif
