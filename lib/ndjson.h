/*
 * ndjson: reading records, one JSON object a line, from files, stdin and
 * gzip streams (through input.h).
 *
 * What it is for: the record loop of every consumer program.  Each call to
 * ndjson_next gives the next record as a validated, indexed struct
 * json_obj whose text is the line exactly as it came in (without its
 * '\n'; a '\r' before it is kept, it is JSON whitespace), so a filter
 * can write kept records through byte for byte.
 *
 * Lines that are not one JSON object are returned as NDJSON_BAD with a
 * reason (ndjson_reason) and counted; the caller prints
 *   prog: FILE:LINE: not a JSON object (REASON)
 * with diag_line(ndjson_name(r), ndjson_lineno(r), ...), and decides
 * whether that is fatal (--strict).  Empty lines and lines of only
 * whitespace are skipped silently and counted as blank.
 *
 * What it is not for: parsing raw logs (lparse), or JSON spread over
 * several lines.
 *
 * Ownership: ndjson_open returns a reader that ndjson_close frees.  The
 * record given by ndjson_next (and every span in it) borrows the reader's
 * buffers and is valid until the next ndjson_next or ndjson_close.
 */
#ifndef LT_NDJSON_H
#define LT_NDJSON_H

#include <stdbool.h>
#include <stdint.h>

#include "json.h"
#include "span.h"
#include "tspec.h"

struct ndjson;

enum ndjson_status {
	NDJSON_ERROR = -1,   /* read or gzip error: see ndjson_error(); stop */
	NDJSON_EOF = 0,
	NDJSON_RECORD = 1,   /* *rec is the next record */
	NDJSON_BAD = 2,      /* a line that is not a JSON object: ndjson_reason() */
	NDJSON_TOOLONG = 3,  /* a line over the input cap was skipped whole */
};

/* Open PATH ("-" is stdin).  NULL on failure, with the reason in err. */
struct ndjson *ndjson_open(const char *path, char *err, size_t errlen);
void ndjson_close(struct ndjson *r);

/* Flags for json_obj_parse (JSON_UTF8 to reject invalid UTF-8); default 0. */
void ndjson_set_flags(struct ndjson *r, unsigned flags);
/* Called before the reader blocks on input (see input_set_wait_hook). */
void ndjson_set_wait_hook(struct ndjson *r, void (*hook)(void *), void *arg);

int ndjson_next(struct ndjson *r, const struct json_obj **rec);

/* The reason of the last NDJSON_BAD ("unterminated string", ...). */
const char *ndjson_reason(const struct ndjson *r);
/* The reason of the last NDJSON_ERROR. */
const char *ndjson_error(const struct ndjson *r);
/* The input's name for messages ("(stdin)" for stdin). */
const char *ndjson_name(const struct ndjson *r);
/* 1-based number of the line last returned. */
uint64_t ndjson_lineno(const struct ndjson *r);

struct ndjson_counts {
	uint64_t lines;      /* every line read, including the ones below */
	uint64_t records;    /* NDJSON_RECORD */
	uint64_t bad;        /* NDJSON_BAD */
	uint64_t blank;      /* skipped empty lines */
	uint64_t toolong;    /* NDJSON_TOOLONG */
	uint64_t bytes;      /* bytes of (decompressed) text read */
};
void ndjson_counts(const struct ndjson *r, struct ndjson_counts *c);

/*
 * The record's "timestamp" as an instant (nanoseconds kept).  False when
 * the record has no timestamp, it is not a string, or not RFC 3339 (see
 * tspec_from_rfc3339).
 */
bool ndjson_timestamp(const struct json_obj *rec, struct instant *t);

#endif
