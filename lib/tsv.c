/*
 * tsv: escaped cells.  See tsv.h.
 */
#include "tsv.h"

#include "jsonw.h"   /* utf8_valid_len, utf8_invalid_len */

void tsv_cell(struct buf *b, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)p, *end = s + n;
	buf_grow(b, n);
	while (s < end) {
		const unsigned char *run = s;
		while (s < end && *s >= 0x20 && *s < 0x7f && *s != '\\')
			s++;
		if (s > run)
			buf_add(b, run, (size_t)(s - run));
		if (s >= end)
			break;
		unsigned char c = *s;
		if (c >= 0x80) {
			size_t k = utf8_valid_len(s, (size_t)(end - s));
			if (k) {
				buf_add(b, s, k);
				s += k;
			} else {
				buf_add(b, "\xef\xbf\xbd", 3);
				s += utf8_invalid_len(s, (size_t)(end - s));
			}
			continue;
		}
		s++;
		switch (c) {
		case '\t': buf_add(b, "\\t", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		default: {
			char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
			buf_add(b, e, 4);
		}
		}
	}
}

void tsv_value(struct buf *b, struct json_val v, struct buf *scratch)
{
	if (v.type == JSON_NONE)
		return;
	struct span s = v.type == JSON_STRING ? json_str(v, scratch) : v.raw;
	tsv_cell(b, s.p, s.len);
}
