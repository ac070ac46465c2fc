#include "fmtkit.h"

#include <string.h>

bool fk_request(struct entry *e, struct span req)
{
	const char *sp = memchr(req.p, ' ', req.len);
	if (!req.len || !sp || sp == req.p)
		return false;
	struct span m = span_make(req.p, (size_t)(sp - req.p));
	struct span rest = span_make(sp + 1, req.len - m.len - 1);
	struct span proto = SPAN_NULL;
	for (size_t i = rest.len; i > 0; i--)
		if (rest.p[i - 1] == ' ') {
			struct span last = span_make(rest.p + i, rest.len - i);
			if (span_starts(last, "HTTP/")) {
				proto = last;
				rest.len = i - 1;
			}
			break;
		}
	if (!rest.len)
		return false;
	entry_str(e, "method", m);
	entry_str(e, "path", rest);
	if (proto.p)
		entry_str(e, "protocol", proto);
	return true;
}

struct span fk_strip_port(struct span a)
{
	if (a.len > 2 && a.p[0] == '[') {
		const char *q = memchr(a.p, ']', a.len);
		if (q)
			return span_make(a.p + 1, (size_t)(q - a.p - 1));
	}
	int colons = 0;
	bool dot = false;
	size_t last = 0;
	for (size_t i = 0; i < a.len; i++) {
		if (a.p[i] == ':') {
			colons++;
			last = i;
		} else if (a.p[i] == '.') {
			dot = true;
		}
	}
	if ((colons == 1 && dot) || colons == 8)
		a.len = last;
	return a;
}

int fk_level(struct span w, bool letters)
{
	if (w.len == 1 && letters) {
		switch (w.p[0] | 0x20) {
		case 't': case 'v': case 'd': return LV_DEBUG;
		case 'i': return LV_INFO;
		case 'w': return LV_WARNING;
		case 'e': return LV_ERROR;
		case 'f': case 'c': return LV_CRITICAL;
		default: return LV_NONE;
		}
	}
	if (w.len == 6 && strncmp(w.p, "trace", 5) == 0 && w.p[5] >= '1' && w.p[5] <= '8')
		return LV_DEBUG;
	if (w.len == 0 || w.len > 12)
		return LV_NONE;
	return level_from_word(w.p, w.len);
}

const char *fk_key(struct entry *e, const char *prefix, struct span k)
{
	size_t pl = prefix ? strlen(prefix) + 1 : 0;
	char *p = entry_scratch(e, pl + k.len + 1);
	if (!p)
		return NULL;
	if (prefix) {
		memcpy(p, prefix, pl - 1);
		p[pl - 1] = '.';
	}
	/* keys are written unescaped (rec.c): keep them plain printable ASCII */
	for (size_t i = 0; i < k.len; i++) {
		unsigned char c = (unsigned char)k.p[i];
		p[pl + i] = c < 0x20 || c >= 0x7f || c == '"' || c == '\\' ? '_' : (char)c;
	}
	p[pl + k.len] = '\0';
	return p;
}

void fk_value(struct entry *e, const char *key, struct span v)
{
	if (!entry_num(e, key, v))
		entry_str(e, key, v);
}
