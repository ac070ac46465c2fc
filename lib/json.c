/*
 * json: the validating scanner (one pass, no recursion, no tree) and the
 * lookups and decoders on its spans.  See json.h.
 */
#include "json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "entry.h"   /* json_number_valid */
#include "jsonw.h"   /* utf8_valid_len */
#include "xalloc.h"

static const char *const type_names[] = {
	"none", "null", "false", "true", "number", "string", "array", "object",
};

const char *json_type_name(enum json_type t)
{
	if ((unsigned)t >= sizeof type_names / sizeof type_names[0])
		return "none";
	return type_names[t];
}

static inline bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline const char *skip_ws(const char *p, const char *end)
{
	while (p < end && is_ws(*p))
		p++;
	return p;
}

static inline int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The first byte at or after p that needs a look in a string: '"', '\\',
 * a control character, or a byte >= 0x80; end if none.
 */
static inline const char *string_stop(const char *p, const char *end)
{
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(0x20);
	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* signed compare: bytes >= 0x80 are negative, so they stop too */
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote),
						      _mm_cmpeq_epi8(x, bslash)),
					 _mm_cmplt_epi8(x, space));
		int bits = _mm_movemask_epi8(m);
		if (bits)
			return p + __builtin_ctz((unsigned)bits);
		p += 16;
	}
#endif
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
			return p;
		p++;
	}
	return end;
}

/*
 * Validate a string whose opening quote is just before p.  Returns the
 * byte after the closing quote, or NULL with *err set.  *escaped is set
 * when the string holds a backslash.
 */
static inline __attribute__((always_inline)) const char *scan_string(const char *p, const char *end, unsigned flags, bool *escaped,
			       const char **err)
{
	for (;;) {
		p = string_stop(p, end);
		if (p >= end) {
			*err = "unterminated string";
			return NULL;
		}
		unsigned char c = (unsigned char)*p;
		if (c == '"')
			return p + 1;
		if (c == '\\') {
			*escaped = true;
			if (end - p < 2) {
				*err = "unterminated string";
				return NULL;
			}
			switch (p[1]) {
			case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
				p += 2;
				break;
			case 'u':
				if (end - p < 6 || hexval(p[2]) < 0 || hexval(p[3]) < 0 || hexval(p[4]) < 0 ||
				    hexval(p[5]) < 0) {
					*err = "invalid escape";
					return NULL;
				}
				p += 6;
				break;
			default:
				*err = "invalid escape";
				return NULL;
			}
		} else if (c < 0x20) {
			*err = "control character in string";
			return NULL;
		} else if (flags & JSON_UTF8) {
			size_t k = utf8_valid_len((const unsigned char *)p, (size_t)(end - p));
			if (!k) {
				*err = "invalid UTF-8";
				return NULL;
			}
			p += k;
		} else {
			p++;
		}
	}
}

/* A number starting at p (RFC 8259 grammar); the byte after it, or NULL. */
static const char *scan_number(const char *p, const char *end)
{
	if (p < end && *p == '-')
		p++;
	if (p >= end)
		return NULL;
	if (*p == '0') {
		p++;
	} else if (*p >= '1' && *p <= '9') {
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	} else {
		return NULL;
	}
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return NULL;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return NULL;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

static __attribute__((noinline)) void grow_members(struct json_obj *o)
{
	o->cap = o->cap ? o->cap * 2 : 32;
	o->m = xrealloc(o->m, o->cap * sizeof *o->m);
}

static inline void add_member(struct json_obj *o, struct span key, bool escaped)
{
	if (o->n == o->cap)
		grow_members(o);
	struct json_member *m = &o->m[o->n++];
	m->key = key;
	m->key_escaped = escaped;
	m->val.type = JSON_NONE;
	m->val.raw = SPAN_NULL;
}

/*
 * The scanner.  An explicit stack holds the open containers ('{' or '['),
 * so nesting costs no C stack.  With o set (and an object at the top), the
 * top-level members are recorded as they are met.
 */
static inline __attribute__((always_inline)) const char *scan(struct span text, unsigned flags,
							     struct json_obj *o)
{
	char stack[JSON_MAX_DEPTH];
	int depth = 0;
	const char *p = text.p, *end = text.p + text.len;
	const char *err = NULL;
	const char *vstart = NULL;   /* start of the current top-level member value */
	enum json_type vtype = JSON_NONE;

	p = skip_ws(p, end);
	if (p >= end)
		return "empty line";
	if (!(flags & JSON_ANY) && *p != '{')
		return "not an object";

value:
	if (p >= end)
		return "unexpected end";
	if (depth == 1 && o) {
		vstart = p;
	}
	switch (*p) {
	case '{':
		if (depth == JSON_MAX_DEPTH)
			return "too deeply nested";
		stack[depth++] = '{';
		vtype = JSON_OBJECT;
		p = skip_ws(p + 1, end);
		if (p < end && *p == '}') {
			p++;
			depth--;
			goto after_value;
		}
		goto key;
	case '[':
		if (depth == JSON_MAX_DEPTH)
			return "too deeply nested";
		stack[depth++] = '[';
		vtype = JSON_ARRAY;
		p = skip_ws(p + 1, end);
		if (p < end && *p == ']') {
			p++;
			depth--;
			goto after_value;
		}
		goto value;
	case '"': {
		bool esc = false;
		vtype = JSON_STRING;
		p = scan_string(p + 1, end, flags, &esc, &err);
		if (!p)
			return err;
		goto after_value;
	}
	case 't':
		vtype = JSON_TRUE;
		if (end - p < 4 || memcmp(p, "true", 4) != 0)
			return "unexpected character";
		p += 4;
		goto after_value;
	case 'f':
		vtype = JSON_FALSE;
		if (end - p < 5 || memcmp(p, "false", 5) != 0)
			return "unexpected character";
		p += 5;
		goto after_value;
	case 'n':
		vtype = JSON_NULL;
		if (end - p < 4 || memcmp(p, "null", 4) != 0)
			return "unexpected character";
		p += 4;
		goto after_value;
	default:
		if (*p == '-' || (*p >= '0' && *p <= '9')) {
			vtype = JSON_NUMBER;
			p = scan_number(p, end);
			if (!p)
				return "invalid number";
			goto after_value;
		}
		if ((unsigned char)*p >= 0x80)
			return "invalid byte outside a string";
		return "unexpected character";
	}

key:
	/* p is at a member's key (whitespace skipped) inside an object */
	if (p >= end)
		return "unexpected end";
	if (*p != '"')
		return "expected a key";
	{
		bool esc = false;
		const char *k = p + 1;
		p = scan_string(k, end, flags, &esc, &err);
		if (!p)
			return err;
		if (depth == 1 && o)
			add_member(o, span_make(k, (size_t)(p - 1 - k)), esc);
	}
	p = skip_ws(p, end);
	if (p >= end || *p != ':')
		return p >= end ? "unexpected end" : "expected ':'";
	p = skip_ws(p + 1, end);
	goto value;

after_value:
	/* a value (scalar, or a container just closed) ends at p */
	if (depth == 1 && o && o->n && vstart) {
		struct json_member *m = &o->m[o->n - 1];
		if (m->val.type == JSON_NONE) {
			m->val.type = vtype;
			m->val.raw = span_make(vstart, (size_t)(p - vstart));
		}
	}
	if (depth == 0) {
		p = skip_ws(p, end);
		return p == end ? NULL : "trailing characters";
	}
	p = skip_ws(p, end);
	if (p >= end)
		return "unexpected end";
	if (stack[depth - 1] == '{') {
		if (*p == ',') {
			p = skip_ws(p + 1, end);
			goto key;
		}
		if (*p == '}') {
			p++;
			depth--;
			vtype = JSON_OBJECT;
			goto after_value;
		}
		return "expected ',' or '}'";
	}
	if (*p == ',') {
		p = skip_ws(p + 1, end);
		goto value;
	}
	if (*p == ']') {
		p++;
		depth--;
		vtype = JSON_ARRAY;
		goto after_value;
	}
	return "expected ',' or ']'";
}

const char *json_validate(struct span text, unsigned flags)
{
	return scan(text, flags, NULL);
}

void json_obj_free(struct json_obj *o)
{
	free(o->m);
	o->m = NULL;
	o->n = o->cap = 0;
}

const char *json_obj_parse(struct json_obj *o, struct span line, unsigned flags)
{
	o->text = line;
	o->n = 0;
	/* two copies of the scanner, each with its flags known at compile time */
	const char *err = flags & JSON_UTF8 ? scan(line, JSON_UTF8, o) : scan(line, 0, o);
	if (err)
		o->n = 0;
	return err;
}

/* Whether raw key bytes (escaped or not) spell KEY. */
static bool key_eq(struct span raw, bool escaped, const char *key, size_t klen)
{
	if (!escaped)
		return raw.len == klen && memcmp(raw.p, key, klen) == 0;
	if (raw.len < klen)   /* an escape never makes a key longer */
		return false;
	struct buf b = BUF_INIT;
	json_unescape(&b, raw.p, raw.len);
	bool eq = b.len == klen && memcmp(b.p ? b.p : "", key, klen) == 0;
	buf_free(&b);
	return eq;
}

bool json_obj_get(const struct json_obj *o, const char *key, size_t klen, struct json_val *v)
{
	for (size_t i = o->n; i-- > 0;) {
		const struct json_member *m = &o->m[i];
		if (key_eq(m->key, m->key_escaped, key, klen)) {
			*v = m->val;
			return true;
		}
	}
	return false;
}

/* ---- walking validated text without validating again ---- */

/* The byte after the closing quote of a string whose body starts at p. */
static const char *skip_string(const char *p, const char *end, bool *escaped)
{
	for (;;) {
		p = string_stop(p, end);
		if (p >= end)
			return end;
		if (*p == '"')
			return p + 1;
		if (*p == '\\') {
			*escaped = true;
			p += 2;
			if (p > end)
				return end;
		} else {
			p++;
		}
	}
}

/* Skip one value at p; returns the byte after it and sets *type. */
static const char *skip_value(const char *p, const char *end, enum json_type *type)
{
	if (p >= end) {
		*type = JSON_NONE;
		return end;
	}
	bool esc;
	switch (*p) {
	case '"':
		*type = JSON_STRING;
		return skip_string(p + 1, end, &esc);
	case '{':
	case '[': {
		*type = *p == '{' ? JSON_OBJECT : JSON_ARRAY;
		size_t depth = 0;
		while (p < end) {
			char c = *p++;
			if (c == '"')
				p = skip_string(p, end, &esc);
			else if (c == '{' || c == '[')
				depth++;
			else if ((c == '}' || c == ']') && --depth == 0)
				return p;
		}
		return end;
	}
	case 't': *type = JSON_TRUE; break;
	case 'f': *type = JSON_FALSE; break;
	case 'n': *type = JSON_NULL; break;
	default: *type = JSON_NUMBER; break;
	}
	while (p < end && *p != ',' && *p != '}' && *p != ']' && !is_ws(*p))
		p++;
	return p;
}

void json_iter_init(struct json_iter *it, struct span obj)
{
	const char *p = obj.p, *end = obj.p + obj.len;
	p = skip_ws(p, end);
	if (p < end && *p == '{')
		p++;
	else
		p = end;
	it->p = p;
	it->end = end;
}

/* The value at P (a member's or an element's), then past a ',': the iterators' step. */
static bool take_value(struct json_iter *it, const char *p, struct json_val *v)
{
	const char *vs = p, *end = it->end;
	p = skip_value(p, end, &v->type);
	v->raw = span_make(vs, (size_t)(p - vs));
	p = skip_ws(p, end);
	if (p < end && *p == ',')
		p++;
	it->p = p;
	return v->type != JSON_NONE;
}

static bool iter_next(struct json_iter *it, struct span *key, bool *kesc, struct json_val *v)
{
	const char *p = skip_ws(it->p, it->end), *end = it->end;
	if (p >= end || *p != '"') {
		it->p = end;
		return false;
	}
	*kesc = false;
	const char *k = p + 1;
	p = skip_string(k, end, kesc);
	*key = span_make(k, p > k ? (size_t)(p - 1 - k) : 0);
	p = skip_ws(p, end);
	if (p >= end || *p != ':') {
		it->p = end;
		return false;
	}
	return take_value(it, skip_ws(p + 1, end), v);
}

bool json_iter_next(struct json_iter *it, struct span *key, struct json_val *v)
{
	bool esc;
	return iter_next(it, key, &esc, v);
}

void json_array_init(struct json_iter *it, struct span arr)
{
	const char *p = arr.p, *end = arr.p + arr.len;
	p = skip_ws(p, end);
	it->p = p < end && *p == '[' ? p + 1 : end;
	it->end = end;
}

bool json_array_next(struct json_iter *it, struct json_val *v)
{
	const char *p = skip_ws(it->p, it->end), *end = it->end;
	if (p >= end || *p == ']') {
		it->p = end;
		return false;
	}
	return take_value(it, p, v);
}

bool json_get(struct span obj, const char *key, size_t klen, struct json_val *v)
{
	struct json_iter it;
	struct span k;
	struct json_val val;
	bool esc, found = false;
	json_iter_init(&it, obj);
	while (iter_next(&it, &k, &esc, &val)) {
		if (key_eq(k, esc, key, klen)) {
			*v = val;
			found = true;
		}
	}
	return found;
}

bool json_path(struct span obj, const char *path, size_t plen, struct json_val *v)
{
	if (json_get(obj, path, plen, v))
		return true;
	for (size_t i = plen; i-- > 0;) {
		if (path[i] != '.')
			continue;
		struct json_val sub;
		if (json_get(obj, path, i, &sub) && sub.type == JSON_OBJECT &&
		    json_path(sub.raw, path + i + 1, plen - i - 1, v))
			return true;
	}
	return false;
}

bool json_obj_path(const struct json_obj *o, const char *path, size_t plen, struct json_val *v)
{
	if (json_obj_get(o, path, plen, v))
		return true;
	for (size_t i = plen; i-- > 0;) {
		if (path[i] != '.')
			continue;
		struct json_val sub;
		if (json_obj_get(o, path, i, &sub) && sub.type == JSON_OBJECT &&
		    json_path(sub.raw, path + i + 1, plen - i - 1, v))
			return true;
	}
	return false;
}

/* ---- decoding ---- */

static void add_utf8(struct buf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_add(b, u, n);
}

/* The 4 hex digits at p, or -1. */
static long hex4(const char *p, const char *end)
{
	if (end - p < 4)
		return -1;
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

void json_unescape(struct buf *b, const char *p, size_t n)
{
	const char *end = p + n;
	buf_grow(b, n);
	while (p < end) {
		const char *q = memchr(p, '\\', (size_t)(end - p));
		if (!q) {
			buf_add(b, p, (size_t)(end - p));
			return;
		}
		buf_add(b, p, (size_t)(q - p));
		p = q + 1;
		if (p >= end) {
			buf_addc(b, '\\');
			return;
		}
		char c = *p++;
		switch (c) {
		case 'b': buf_addc(b, '\b'); break;
		case 'f': buf_addc(b, '\f'); break;
		case 'n': buf_addc(b, '\n'); break;
		case 'r': buf_addc(b, '\r'); break;
		case 't': buf_addc(b, '\t'); break;
		case 'u': {
			long cp = hex4(p, end);
			if (cp < 0) {
				buf_adds(b, "\\u");
				break;
			}
			p += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				long lo = -1;
				if (end - p >= 6 && p[0] == '\\' && p[1] == 'u')
					lo = hex4(p + 2, end);
				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					p += 6;
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				} else {
					cp = 0xFFFD;
				}
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				cp = 0xFFFD;
			}
			add_utf8(b, (unsigned)cp);
			break;
		}
		default: /* '"', '\\', '/', and anything unvalidated */
			buf_addc(b, c);
			break;
		}
	}
}

struct span json_str(struct json_val v, struct buf *scratch)
{
	if (v.type != JSON_STRING || v.raw.len < 2)
		return SPAN_NULL;
	const char *body = v.raw.p + 1;
	size_t n = v.raw.len - 2;
	if (!memchr(body, '\\', n))
		return span_make(body, n);
	buf_reset(scratch);
	json_unescape(scratch, body, n);
	return span_make(scratch->p, scratch->len);
}

/* Plain digits with an optional '-', up to 18 of them: exact int64. */
static bool fast_int(struct span s, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (s.len && s.p[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == s.len || s.len - i > 18)
		return false;
	int64_t v = 0;
	for (; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
		v = v * 10 + (s.p[i] - '0');
	}
	*out = neg ? -v : v;
	return true;
}

static bool slow_num(struct span s, double *d)
{
	char tmp[128];
	struct buf b = BUF_INIT;
	const char *z;
	if (s.len < sizeof tmp) {
		memcpy(tmp, s.p, s.len);
		tmp[s.len] = '\0';
		z = tmp;
	} else {
		buf_add(&b, s.p, s.len);
		z = b.p;
	}
	char *e;
	*d = strtod(z, &e);
	bool ok = *e == '\0';
	buf_free(&b);
	return ok;
}

bool json_num(struct json_val v, double *d)
{
	if (v.type != JSON_NUMBER || !json_number_valid(v.raw.p, v.raw.len))
		return false;
	int64_t i;
	if (fast_int(v.raw, &i)) {
		*d = (double)i;
		return true;
	}
	return slow_num(v.raw, d);
}

bool json_int(struct json_val v, int64_t *i)
{
	if (v.type != JSON_NUMBER || !json_number_valid(v.raw.p, v.raw.len))
		return false;
	if (fast_int(v.raw, i))
		return true;
	bool plain = !memchr(v.raw.p, '.', v.raw.len) && !memchr(v.raw.p, 'e', v.raw.len) &&
		     !memchr(v.raw.p, 'E', v.raw.len);
	if (plain) {
		/* 19 digits or more: exact, or out of range */
		char tmp[24];
		if (v.raw.len > 20)
			return false;
		memcpy(tmp, v.raw.p, v.raw.len);
		tmp[v.raw.len] = '\0';
		errno = 0;
		long long ll = strtoll(tmp, NULL, 10);
		if (errno)
			return false;
		*i = ll;
		return true;
	}
	double d;
	if (!slow_num(v.raw, &d) || d != floor(d) || d < -9223372036854775808.0 ||
	    d >= 9223372036854775808.0)
		return false;
	*i = (int64_t)d;
	return true;
}

bool json_bool(struct json_val v, bool *b)
{
	if (v.type == JSON_TRUE || v.type == JSON_FALSE) {
		*b = v.type == JSON_TRUE;
		return true;
	}
	return false;
}
