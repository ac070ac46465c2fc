/*
 * entry: one parsed log entry, as a format parser leaves it.
 *
 * An entry is a set of views into the input line: the parser fills it
 * without copying or allocating, and rec_write turns it into a record.
 * Every span borrows the line and is valid only until the next line is
 * read.  Format fields keep the order the parser added them in; the
 * common keys (timestamp, level, source, format, message) are written
 * first in the order man/ltools.7 gives.
 */
#ifndef LT_ENTRY_H
#define LT_ENTRY_H

#include <stdbool.h>

#include "level.h"
#include "ltime.h"
#include "span.h"

#define ENTRY_MAX_FIELDS 64

enum field_type {
	FIELD_STR,      /* written as a JSON string (repaired, escaped) */
	FIELD_NUM,      /* a valid JSON number, written as is */
	FIELD_LIT,      /* true or false, written as is */
};

struct field {
	const char *key;        /* a static string, or one that outlives the entry */
	struct span val;
	enum field_type type;
};

struct entry {
	const char *format;     /* record "format" value, e.g. "combined" */
	struct ltime ts;
	bool has_ts;
	int level;              /* LV_NONE: derived from the message, else INFO */
	struct span message;
	bool has_message;
	int nfields;
	int dropped;            /* fields beyond ENTRY_MAX_FIELDS or the scratch space */
	struct field fields[ENTRY_MAX_FIELDS];
	size_t scratch_used;    /* bytes of scratch handed out for this entry */
	char scratch[8192];     /* built keys and unescaped values (entry_scratch) */
};

static inline void entry_clear(struct entry *e)
{
	e->format = NULL;
	e->has_ts = false;
	e->level = LV_NONE;
	e->message = SPAN_NULL;
	e->has_message = false;
	e->nfields = 0;
	e->dropped = 0;
	e->scratch_used = 0;
}

/* N bytes of scratch that live as long as the entry, or NULL when full. */
static inline char *entry_scratch(struct entry *e, size_t n)
{
	if (sizeof e->scratch - e->scratch_used < n) {
		e->dropped++;
		return NULL;
	}
	char *p = e->scratch + e->scratch_used;
	e->scratch_used += n;
	return p;
}

static inline void entry_add(struct entry *e, const char *key, struct span v, enum field_type t)
{
	if (e->nfields == ENTRY_MAX_FIELDS) {
		e->dropped++;
		return;
	}
	e->fields[e->nfields++] = (struct field){ key, v, t };
}

static inline void entry_str(struct entry *e, const char *key, struct span v)
{
	entry_add(e, key, v, FIELD_STR);
}

/* Add a number field if v is a valid JSON number; returns whether it was added. */
bool entry_num(struct entry *e, const char *key, struct span v);

static inline void entry_message(struct entry *e, struct span m)
{
	e->message = m;
	e->has_message = true;
}

/* True when s is a JSON number (RFC 8259 grammar). */
bool json_number_valid(const char *s, size_t n);

#endif
