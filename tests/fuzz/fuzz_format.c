/*
 * Fuzz target: each lparse format parser alone (lib/format.h), on one
 * line, then its join() on the same line.  fuzz_lparse goes through the
 * detector, where a parser only sees the lines the ones before it
 * refused; here every parser sees every line.  A parser that accepts a
 * line leaves a format name, at most ENTRY_MAX_FIELDS fields, string
 * values inside the line or the entry's scratch, number values that are
 * valid JSON numbers, and a record that rec_open writes as clean UTF-8.
 */
#include <stdint.h>
#include <string.h>

#include "format.h"
#include "fuzz.h"
#include "rec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct entry e;

static bool inside(struct span s, const char *p, size_t n)
{
	return s.len == 0 || (s.p >= p && s.p + s.len <= p + n);
}

static bool in_line_or_scratch(struct span s, const char *line, size_t n)
{
	return inside(s, line, n) || inside(s, e.scratch, sizeof e.scratch);
}

static bool pri_name(const char *key)
{
	return strcmp(key, "facility") == 0 || strcmp(key, "severity") == 0;
}

/* a short lowercase name: "kern", "local7", "emerg" */
static bool word(struct span s)
{
	if (s.len == 0 || s.len > 8)
		return false;
	for (size_t i = 0; i < s.len; i++)
		if (!((s.p[i] >= 'a' && s.p[i] <= 'z') || (s.p[i] >= '0' && s.p[i] <= '9')))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);
	memcpy(p, data, size);
	struct span line = span_make(p, size);
	struct lzone z;
	lzone_init(&z, true, 0, 1763900000, 0);
	struct buf b = BUF_INIT;
	for (const struct format *const *f = format_table; *f; f++) {
		entry_clear(&e);
		if ((*f)->parse(line, &e)) {
			FUZZ_CHECK(e.format != NULL);
			FUZZ_CHECK(e.nfields >= 0 && e.nfields <= ENTRY_MAX_FIELDS);
			FUZZ_CHECK(e.scratch_used <= sizeof e.scratch);
			if (e.has_message)
				FUZZ_CHECK(in_line_or_scratch(e.message, p, size));
			for (int i = 0; i < e.nfields; i++) {
				struct field *fl = &e.fields[i];
				FUZZ_CHECK(fl->key != NULL);
				/* ... or the parser's own constant: "0" for a "-" size,
				 * a PRI's facility and severity names */
				FUZZ_CHECK(in_line_or_scratch(fl->val, p, size) ||
					   (fl->type == FIELD_NUM && span_eq(fl->val, "0")) ||
					   (pri_name(fl->key) && word(fl->val)));
				if (fl->type == FIELD_NUM)
					FUZZ_CHECK(json_number_valid(fl->val.p, fl->val.len));
			}
			buf_reset(&b);
			rec_open(&b, &e, span_make("fuzz", 4), &z);
			rec_close(&b);
			fuzz_check_clean_utf8(b.p, b.len);
			FUZZ_CHECK(b.p[0] == '{' && b.p[b.len - 2] == '}' && b.p[b.len - 1] == '\n');
		}
		if ((*f)->join) {
			int state = 0;
			(void)(*f)->join(line, &state);
			(void)(*f)->join(line, &state);
		}
	}
	buf_free(&b);
	free(p);
	return 0;
}
