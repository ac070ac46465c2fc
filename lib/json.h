/*
 * json: a validating, zero-copy JSON scanner for records (one object a line).
 *
 * What it is for: checking that a line is exactly one JSON object (RFC 8259,
 * strict), and then finding fields in it by name or dotted path without
 * building a tree.  Values come back as a struct json_val: the value's type
 * and its raw bytes (a span into the line); they are decoded only when asked
 * (json_str, json_num, json_int, json_bool).
 *
 * What it is not for: building, editing or writing JSON (see jsonw.h), or
 * reading a stream of concatenated documents (see ndjson.h, one per line).
 *
 * Conformance (tests/unit/t_json.c runs the whole JSONTestSuite):
 *   - every y_ file is accepted by json_validate, every n_ file rejected;
 *   - nesting deeper than JSON_MAX_DEPTH is rejected ("too deeply nested");
 *   - numbers of any size are accepted (they are kept as text; json_num
 *     gives +-HUGE_VAL for 1e999, json_int refuses what does not fit);
 *   - invalid UTF-8 inside strings is ACCEPTED by default, as jq does:
 *     log records come from everywhere, a filter passes records through
 *     byte for byte, and dropping a record for one bad byte in a user agent
 *     would hide it.  JSON_UTF8 makes such bytes an error.  Bytes >= 0x80
 *     outside strings are always an error.  A UTF-8 BOM is an error.
 *   - \u escapes of lone or invalid surrogates are accepted (the grammar
 *     allows them) and decode to U+FFFD.
 *
 * Duplicate keys: the lookups return the LAST occurrence, as jq and most
 * parsers do.  Keys are compared after decoding, so "st\u0061tus" is
 * found as status.
 *
 * Memory: nothing here allocates except json_obj's member array (owned by
 * the struct json_obj, freed by json_obj_free) and the caller's struct buf
 * in json_str.  Every span and struct json_val points into the text that
 * was scanned and is valid as long as that text is (for ndjson records,
 * until the next ndjson_next call).  Functions that take a value or object
 * span expect text that json_validate accepted; on other text they return
 * "not found" or garbage spans but never read out of bounds or crash.
 */
#ifndef LT_JSON_H
#define LT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "span.h"

/* Maximum nesting of arrays and objects (the record itself is level 1). */
#define JSON_MAX_DEPTH 512

enum json_type {
	JSON_NONE = 0,    /* not found / not a value */
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/* Flags for json_validate. */
enum {
	JSON_ANY = 1,     /* accept any value at the top, not only an object */
	JSON_UTF8 = 2,    /* reject strings holding invalid UTF-8 */
};

struct json_val {
	enum json_type type;
	/* The value's bytes: a string with its quotes, a whole object with its
	 * braces, a number as written. */
	struct span raw;
};

/* "null", "false", ... "object"; "none" for JSON_NONE. */
const char *json_type_name(enum json_type t);

/*
 * Check that TEXT is exactly one JSON object (or, with JSON_ANY, one JSON
 * value), with only JSON whitespace around it.  Returns NULL when it is,
 * else a short static reason for messages: "empty line", "not an object",
 * "unterminated string", "invalid escape", "control character in string",
 * "invalid number", "expected ':'", "trailing characters", "too deeply
 * nested", "invalid UTF-8", "unexpected end", "unexpected character".
 */
const char *json_validate(struct span text, unsigned flags);

/* ---- records: validate once, then look fields up by name ---- */

struct json_member {
	struct span key;          /* raw key bytes between the quotes */
	struct json_val val;
	bool key_escaped;         /* key holds a backslash: compare decoded */
};

/*
 * A validated object line and the index of its top-level members, built
 * in the same single pass as validation.  Reuse one struct for every line
 * (json_obj_parse resets it); free it once with json_obj_free.
 */
struct json_obj {
	struct span text;         /* the line as given */
	struct json_member *m;    /* top-level members in order; owned */
	size_t n, cap;
};

#define JSON_OBJ_INIT { { NULL, 0 }, NULL, 0, 0 }

void json_obj_free(struct json_obj *o);

/*
 * Validate LINE as one JSON object (flags as json_validate; JSON_ANY is
 * ignored) and index its top-level members.  Returns NULL when valid, else
 * the reason (and o->n is 0).
 */
const char *json_obj_parse(struct json_obj *o, struct span line, unsigned flags);

/* The top-level member KEY (KLEN bytes, compared after unescaping). */
bool json_obj_get(const struct json_obj *o, const char *key, size_t klen, struct json_val *v);

/*
 * A field by dotted path: the top-level key PATH itself first (lparse
 * writes flat keys such as "sd.origin.ip"), then PATH split at dots into
 * nested object lookups ("a.b" is member b of object a).  When the path
 * has several dots every split is tried, longest first component first
 * ("a.b.c": "a.b"->"c" before "a"->"b.c"), so flat keys with dots also
 * work inside nested objects.
 */
bool json_obj_path(const struct json_obj *o, const char *path, size_t plen, struct json_val *v);

/* ---- the same lookups on any object value (e.g. a nested one) ---- */

/*
 * Member KEY of the object OBJ (the raw text of a validated object, braces
 * included).  Walks the members, skipping values structurally without
 * decoding them; strings are skipped 16 bytes at a time (SSE2).
 */
bool json_get(struct span obj, const char *key, size_t klen, struct json_val *v);
bool json_path(struct span obj, const char *path, size_t plen, struct json_val *v);

/* Iterate an object's members: struct json_iter it; json_iter_init(&it, obj);
 * while (json_iter_next(&it, &key, &val)) ... (key raw, between the quotes). */
struct json_iter {
	const char *p, *end;
};
void json_iter_init(struct json_iter *it, struct span obj);
bool json_iter_next(struct json_iter *it, struct span *key, struct json_val *v);
/* Iterate an array's elements the same way: json_array_init(&it, arr);
 * while (json_array_next(&it, &val)) ... */
void json_array_init(struct json_iter *it, struct span arr);
bool json_array_next(struct json_iter *it, struct json_val *v);

/* ---- decoding values ---- */

/*
 * The text of a string value.  When the string has no backslash the
 * result is a span straight into the input (no copy; invalid UTF-8 bytes,
 * if any, are returned as they are).  Otherwise the escapes are decoded
 * into SCRATCH (reset first) and the result points into SCRATCH, valid
 * until it is next changed: \uXXXX pairs become UTF-8, lone or invalid
 * surrogates become U+FFFD, \u0000 becomes a NUL byte.  Returns SPAN_NULL
 * (p == NULL) when v is not a string.
 */
struct span json_str(struct json_val v, struct buf *scratch);

/* Decode a raw string body (between the quotes) into b (appending). */
void json_unescape(struct buf *b, const char *p, size_t n);

/* A number value as a double (strtod semantics: 1e999 is HUGE_VAL). */
bool json_num(struct json_val v, double *d);
/* A number value that is an integer within int64 range ("12", "-3",
 * also "1e3" and "2.0"); false otherwise. */
bool json_int(struct json_val v, int64_t *i);
bool json_bool(struct json_val v, bool *b);

static inline bool json_is_null(struct json_val v)
{
	return v.type == JSON_NULL;
}

/* True for string, number, true, false and null values. */
static inline bool json_is_scalar(struct json_val v)
{
	return v.type >= JSON_NULL && v.type <= JSON_STRING;
}

#endif
