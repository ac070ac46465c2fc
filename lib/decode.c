/*
 * decode: the transformations of decode.h.  Every step writes at most as
 * many bytes as it reads, so each reserves the input length once and
 * writes straight into the output buffer.
 */
#include "decode.h"

#include <stdint.h>
#include <string.h>

/* Reserve room for n bytes at the end of b; returns where to write. */
static unsigned char *reserve(struct buf *b, size_t n)
{
	if (b->cap - b->len <= n)
		buf_grow(b, n);
	return (unsigned char *)b->p + b->len;
}

static void commit(struct buf *b, unsigned char *end)
{
	b->len = (size_t)(end - (unsigned char *)b->p);
	b->p[b->len] = '\0';
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* UTF-8 of a code point (not a surrogate, at most U+10FFFF); returns bytes written. */
static size_t put_utf8(unsigned char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

bool decode_log_escapes(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *o = reserve(out, n);
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '\\' || i + 1 >= n) {
			*o++ = p[i];
			continue;
		}
		unsigned char c = p[i + 1], r;
		int h, l;
		switch (c) {
		case '"': r = '"'; break;
		case '\\': r = '\\'; break;
		case 'n': r = '\n'; break;
		case 'r': r = '\r'; break;
		case 't': r = '\t'; break;
		case 'b': r = '\b'; break;
		case 'v': r = '\v'; break;
		case 'x':
			if (i + 3 < n && (h = hexval(p[i + 2])) >= 0 && (l = hexval(p[i + 3])) >= 0) {
				*o++ = (unsigned char)(h << 4 | l);
				i += 3;
				changed = true;
				continue;
			}
			/* fall through */
		default:
			*o++ = p[i];
			continue;
		}
		*o++ = r;
		i++;
		changed = true;
	}
	commit(out, o);
	return changed;
}

bool decode_url(struct buf *out, const char *s, size_t n, bool plus)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *o = reserve(out, n);
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c == '+' && plus) {
			*o++ = ' ';
			changed = true;
			continue;
		}
		if (c != '%') {
			*o++ = c;
			continue;
		}
		if (i + 5 < n && (p[i + 1] == 'u' || p[i + 1] == 'U')) {
			int h0 = hexval(p[i + 2]), h1 = hexval(p[i + 3]);
			int h2 = hexval(p[i + 4]), h3 = hexval(p[i + 5]);
			if ((h0 | h1 | h2 | h3) >= 0) {
				uint32_t cp = (uint32_t)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
				if (cp < 0xd800 || cp > 0xdfff) {
					o += put_utf8(o, cp);
					i += 5;
					changed = true;
					continue;
				}
			}
		}
		int h, l;
		if (i + 2 < n && (h = hexval(p[i + 1])) >= 0 && (l = hexval(p[i + 2])) >= 0) {
			*o++ = (unsigned char)(h << 4 | l);
			i += 2;
			changed = true;
			continue;
		}
		*o++ = c;
	}
	commit(out, o);
	return changed;
}

static const struct {
	const char *name;
	char c;
} entities[] = {
	{ "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "quot", '"' }, { "apos", '\'' },
	{ "nbsp", ' ' }, { "tab", '\t' }, { "newline", '\n' }, { "colon", ':' },
	{ "sol", '/' }, { "bsol", '\\' }, { "lpar", '(' }, { "rpar", ')' }, { "semi", ';' },
	{ "equals", '=' }, { "grave", '`' }, { "lcub", '{' }, { "rcub", '}' },
	{ "lsqb", '[' }, { "rsqb", ']' }, { "excl", '!' }, { "num", '#' }, { "dollar", '$' },
	{ "percnt", '%' }, { "period", '.' }, { "comma", ',' }, { "plus", '+' },
	{ "quest", '?' }, { "verbar", '|' }, { "vert", '|' }, { "ast", '*' },
	{ "lowbar", '_' }, { "hyphen", '-' }, { "dash", '-' }, { "commat", '@' },
};

/* A named entity at p (after '&'), up to its ';'; returns bytes consumed or 0. */
static size_t named_entity(const unsigned char *p, size_t n, unsigned char *c)
{
	size_t k = 0;
	while (k < n && k < 8 && ((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'z'))
		k++;
	if (k == 0 || k >= n || p[k] != ';')
		return 0;
	for (size_t e = 0; e < sizeof entities / sizeof entities[0]; e++) {
		const char *nm = entities[e].name;
		if (strlen(nm) != k)
			continue;
		size_t j = 0;
		while (j < k && (p[j] | 0x20) == (unsigned char)nm[j])
			j++;
		if (j == k) {
			*c = (unsigned char)entities[e].c;
			return k + 1;
		}
	}
	return 0;
}

bool decode_html(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *o = reserve(out, n);
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '&' || i + 2 >= n) {
			*o++ = p[i];
			continue;
		}
		if (p[i + 1] != '#') {
			unsigned char c;
			size_t k = named_entity(p + i + 1, n - i - 1, &c);
			if (k) {
				*o++ = c;
				i += k;
				changed = true;
			} else {
				*o++ = p[i];
			}
			continue;
		}
		size_t j = i + 2;
		bool hex = false;
		if (p[j] == 'x' || p[j] == 'X') {
			hex = true;
			j++;
		}
		size_t d0 = j;
		uint32_t cp = 0;
		for (; j < n; j++) {
			int v = hex ? hexval(p[j]) : (p[j] >= '0' && p[j] <= '9' ? p[j] - '0' : -1);
			if (v < 0)
				break;
			if (cp <= 0x10ffff)
				cp = cp * (hex ? 16 : 10) + (uint32_t)v;
		}
		if (j == d0) {
			*o++ = p[i];
			continue;
		}
		if (j < n && p[j] == ';')
			j++;
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			cp = 0xfffd;
		o += put_utf8(o, cp);
		i = j - 1;
		changed = true;
	}
	commit(out, o);
	return changed;
}

bool decode_fold_utf8(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *o = reserve(out, n);
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c < 0x80) {
			*o++ = c;
			continue;
		}
		if ((c == 0xc0 || c == 0xc1) && i + 1 < n) {
			/* overlong 2-byte form; IIS also took a bad continuation byte */
			*o++ = (unsigned char)(((c & 0x1f) << 6 | (p[i + 1] & 0x3f)) & 0x7f);
			i += 1;
			changed = true;
			continue;
		}
		if (c == 0xe0 && i + 2 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x81 &&
		    (p[i + 2] & 0xc0) == 0x80) {
			*o++ = (unsigned char)((p[i + 1] & 0x3f) << 6 | (p[i + 2] & 0x3f));
			i += 2;
			changed = true;
			continue;
		}
		if (c == 0xf0 && i + 3 < n && p[i + 1] == 0x80 && p[i + 2] >= 0x80 &&
		    p[i + 2] <= 0x81 && (p[i + 3] & 0xc0) == 0x80) {
			*o++ = (unsigned char)((p[i + 2] & 0x3f) << 6 | (p[i + 3] & 0x3f));
			i += 3;
			changed = true;
			continue;
		}
		if (c == 0xef && i + 2 < n && (p[i + 2] & 0xc0) == 0x80 &&
		    (p[i + 1] == 0xbc || (p[i + 1] == 0xbd && p[i + 2] <= 0x9e))) {
			uint32_t cp = 0xff00 + (uint32_t)(p[i + 1] - 0xbc) * 64 + (p[i + 2] & 0x3f);
			if (cp >= 0xff01) {
				*o++ = (unsigned char)(cp - 0xfee0);
				i += 2;
				changed = true;
				continue;
			}
		}
		if (c == 0xe3 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0x80) {
			*o++ = ' ';
			i += 2;
			changed = true;
			continue;
		}
		*o++ = c;
	}
	commit(out, o);
	return changed;
}

bool decode_strip_nul(struct buf *b)
{
	char *z = b->len ? memchr(b->p, '\0', b->len) : NULL;
	if (!z)
		return false;
	size_t w = (size_t)(z - b->p);
	for (size_t r = w; r < b->len; r++)
		if (b->p[r] != '\0')
			b->p[w++] = b->p[r];
	b->len = w;
	b->p[w] = '\0';
	return true;
}

bool decode_lower(char *p, size_t n)
{
	bool changed = false;
	for (size_t i = 0; i < n; i++)
		if (p[i] >= 'A' && p[i] <= 'Z') {
			p[i] = (char)(p[i] | 0x20);
			changed = true;
		}
	return changed;
}

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0xa0;
}

void decode_sql(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *start = reserve(out, n), *o = start;
	bool space = false;     /* the last byte written is a space */
	for (size_t i = 0; i < n; i++) {
		bool blank = false;
		if (p[i] == '/' && i + 1 < n && p[i + 1] == '*') {
			if (i + 2 < n && p[i + 2] == '!') {
				i += 2;   /* MySQL version comment: keep the content */
				while (i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '9')
					i++;
			} else {
				const unsigned char *e = NULL;
				for (size_t j = i + 2; j + 1 < n; j++)
					if (p[j] == '*' && p[j + 1] == '/') {
						e = p + j;
						break;
					}
				i = e ? (size_t)(e - p) + 1 : n;
			}
			blank = true;
		} else if (p[i] == '*' && i + 1 < n && p[i + 1] == '/') {
			i++;
			blank = true;
		} else if (is_ws(p[i])) {
			blank = true;
		}
		if (blank) {
			if (!space)
				*o++ = ' ';
			space = true;
		} else {
			*o++ = p[i];
			space = false;
		}
	}
	commit(out, o);
}

void decode_path(struct buf *out, const char *s, size_t n)
{
	reserve(out, n + 1);
	size_t root = out->len;
	if (n && (s[0] == '/' || s[0] == '\\'))
		buf_addc(out, '/'), root++;
	size_t depth = 0, i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '/' && s[j] != '\\')
			j++;
		size_t len = j - i;
		const char *seg = s + i;
		i = j + 1;
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if ((len == 2 && seg[0] == '.' && seg[1] == '.') ||
		    (len > 2 && seg[0] == '.' && seg[1] == '.' && seg[2] == ';')) {
			if (depth > 0) {
				size_t k = out->len;
				while (k > root && out->p[k - 1] != '/')
					k--;
				out->len = k > root ? k - 1 : root;
				out->p[out->len] = '\0';
				depth--;
				continue;
			}
			seg = "..";
			len = 2;
		} else {
			depth++;
		}
		if (out->len > root)
			buf_addc(out, '/');
		buf_add(out, seg, len);
	}
	if (n && (s[n - 1] == '/' || s[n - 1] == '\\') && out->len > root)
		buf_addc(out, '/');
	if (out->p)
		out->p[out->len] = '\0';
}

static bool is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == '/';
}

void decode_cmdline(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char *start = reserve(out, n), *o = start;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		bool inword = o > start && is_word(o[-1]);
		if (c == '\\' || c == '"' || c == '\'' || c == '^')
			continue;
		if (c == '$' && i + 1 < n) {
			unsigned char d = p[i + 1];
			if (strchr("*@?!-_$#", d) && d != '\0') {   /* special parameters */
				i++;
				continue;
			}
			if (d == '(' && i + 2 < n && p[i + 2] == ')') {
				i += 2;
				continue;
			}
			if (d == '{' && inword) {         /* ${x} inside a word */
				size_t j = i + 2;
				while (j < n && j < i + 20 && p[j] != '}' && p[j] != ' ')
					j++;
				if (j < n && p[j] == '}') {
					i = j;
					continue;
				}
			}
			if (inword && ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z'))) {
				size_t j = i + 1;   /* $var glued to a word: empty */
				while (j < n && ((p[j] | 0x20) >= 'a' && (p[j] | 0x20) <= 'z'))
					j++;
				i = j - 1;
				continue;
			}
		}
		if (c == '`' && i + 1 < n && p[i + 1] == '`') {
			i++;
			continue;
		}
		if ((c == '<' || c == '>') && i + 2 < n && p[i + 1] == '(' && p[i + 2] == ')') {
			i += 2;
			continue;
		}
		if (is_ws(c)) {   /* a line break is a command separator: keep one */
			bool nl = c == '\n' || c == '\r';
			if (o > start && (o[-1] == ' ' || o[-1] == '\n')) {
				if (nl)
					o[-1] = '\n';
			} else {
				*o++ = nl ? '\n' : ' ';
			}
			continue;
		}
		*o++ = c;
	}
	commit(out, o);
}

void decode_free(struct decoder *d)
{
	buf_free(&d->a);
	buf_free(&d->b);
	buf_free(&d->c);
	buf_free(&d->e);
}

static void swap_buf(struct buf *x, struct buf *y)
{
	struct buf t = *x;
	*x = *y;
	*y = t;
}

/* Up to DECODE_URL_ROUNDS rounds of %-decoding of s into dst (appended). */
static unsigned url_rounds(struct decoder *d, struct buf *dst, const char *s, size_t n, bool plus)
{
	struct buf *t1 = &d->c, *t2 = &d->e;
	buf_reset(t1);
	if (!decode_url(t1, s, n, plus)) {
		buf_add(dst, s, n);
		return 0;
	}
	unsigned f = DECODE_URL;
	if (plus && memchr(s, '+', n))
		f |= DECODE_PLUS;
	for (int r = 1; r < DECODE_URL_ROUNDS; r++) {
		buf_reset(t2);
		if (!decode_url(t2, t1->p, t1->len, false))
			break;
		f |= DECODE_MULTI;
		swap_buf(t1, t2);
	}
	buf_add(dst, t1->p, t1->len);
	return f;
}

/* The query: each parameter's name and value decoded apart, joined again. */
static unsigned query_rounds(struct decoder *d, struct buf *dst, const char *q, size_t n)
{
	unsigned f = 0;
	size_t i = 0;
	for (;;) {
		const char *amp = memchr(q + i, '&', n - i);
		size_t end = amp ? (size_t)(amp - q) : n;
		const char *eq = memchr(q + i, '=', end - i);
		if (eq) {
			size_t e = (size_t)(eq - q);
			f |= url_rounds(d, dst, q + i, e - i, true);
			buf_addc(dst, '=');
			f |= url_rounds(d, dst, q + e + 1, end - e - 1, true);
		} else {
			f |= url_rounds(d, dst, q + i, end - i, true);
		}
		if (!amp)
			break;
		buf_addc(dst, '&');
		i = end + 1;
	}
	return f;
}

unsigned decode_value(struct decoder *d, enum decode_kind kind, const char *s, size_t n,
		      struct buf *out)
{
	unsigned f = 0;
	buf_reset(&d->a);
	if (decode_log_escapes(&d->a, s, n))
		f |= DECODE_LOGESC;
	buf_reset(&d->b);
	const char *t = d->a.p ? d->a.p : "";
	size_t tn = d->a.len;
	const char *q = kind == DECODE_TARGET ? memchr(t, '?', tn) : NULL;
	if (q) {
		size_t pl = (size_t)(q - t);
		f |= url_rounds(d, &d->b, t, pl, false);
		buf_addc(&d->b, '?');
		f |= query_rounds(d, &d->b, q + 1, tn - pl - 1);
	} else {
		f |= url_rounds(d, &d->b, t, tn, false);
	}
	buf_reset(&d->a);
	if (decode_html(&d->a, d->b.p ? d->b.p : "", d->b.len))
		f |= DECODE_HTML;
	buf_reset(out);
	if (decode_fold_utf8(out, d->a.p ? d->a.p : "", d->a.len))
		f |= DECODE_UTF8;
	if (decode_strip_nul(out))
		f |= DECODE_NUL;
	if (decode_lower(out->p, out->len))
		f |= DECODE_CASE;
	return f;
}
