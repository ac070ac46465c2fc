/*
 * fmtkit: small pieces the newer format parsers share (fmt_errorlog.c,
 * fmt_alb.c, fmt_json.c, fmt_logfmt.c, ...): splitting a request line,
 * taking the port off a client address, reading a level word with the
 * spellings applications use, and copying a key into an entry's scratch.
 * Everything borrows the line, as entry.h says; nothing allocates.
 */
#ifndef LT_FMTKIT_H
#define LT_FMTKIT_H

#include <stdbool.h>

#include "entry.h"

/* "GET /a b HTTP/1.1": method is the first word, protocol the last when it
 * is HTTP/x, path what lies between (spaces and all).  Adds method, path
 * and protocol; false (nothing added) when the request has no space. */
bool fk_request(struct entry *e, struct span req);

/* "1.2.3.4:5678" -> "1.2.3.4"; "[::1]:80" -> "::1"; an IPv6 address with
 * nine groups loses the last (the port); anything else is kept. */
struct span fk_strip_port(struct span a);

/* A level word in any case, also "trace1".."trace8" (Apache), "warn",
 * single letters only when LETTERS is set (D I W E F C).  LV_NONE if none. */
int fk_level(struct span w, bool letters);

/* A NUL-terminated copy of K in the entry's scratch (for built keys);
 * PREFIX, if not NULL, is put in front with a dot.  NULL when full. */
const char *fk_key(struct entry *e, const char *prefix, struct span k);

/* Add V as a number when it is one, else as a string. */
void fk_value(struct entry *e, const char *key, struct span v);

#endif
