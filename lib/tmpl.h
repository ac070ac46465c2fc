/*
 * tmpl: line templates over records, as in lfilter --print
 * '{timestamp} {level} {source}: {message}'.
 *
 * What it is for: compiling a template once and rendering it per record.
 * {FIELD} is replaced by the field (a dotted path, as json_obj_path reads
 * it); "{{" and "}}" are literal braces.  A missing field, or null, is
 * empty.  Strings are decoded and shown with control characters, C1
 * controls, bidirectional overrides and invalid UTF-8 escaped (human.h),
 * so a line is always safe on a terminal and holds exactly one newline;
 * numbers, booleans, arrays and objects are written as their JSON text,
 * escaped the same way.
 *
 * What it is not for: JSON output (use jsonw) or logic (no conditions,
 * no filters: that is lfilter's and jq's work).
 *
 * Memory: tmpl_new copies the template; tmpl_free frees it.  Rendering
 * appends to the caller's buffer and uses the caller's scratch buffer.
 */
#ifndef LT_TMPL_H
#define LT_TMPL_H

#include <stddef.h>

#include "buf.h"
#include "json.h"

struct tmpl;

/* NULL with a reason in err (unclosed '{', empty or stray '}') when the
 * template is not valid. */
struct tmpl *tmpl_new(const char *text, char *err, size_t errlen);
void tmpl_free(struct tmpl *t);
/* Append the template rendered for REC (no newline). */
void tmpl_render(const struct tmpl *t, const struct json_obj *rec, struct buf *out,
		 struct buf *scratch);
/* Append one field's value as a template shows it; false when absent. */
bool tmpl_field(const struct json_obj *rec, const char *path, size_t plen, struct buf *out,
		struct buf *scratch);

#endif
