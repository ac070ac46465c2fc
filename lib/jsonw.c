#include "jsonw.h"

/* 0: copy as is; 1: needs an escape; 2: start of a multi-byte sequence or invalid. */
static const unsigned char cls[256] = {
	1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
	0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
	0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,
	0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,
	2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2, 2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
	2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2, 2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
	2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2, 2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
	2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2, 2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
};

size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	if (c < 0xE0)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
		return 0;
	if (c < 0xF0) {
		if (c == 0xE0 && s[1] < 0xA0)   /* overlong */
			return 0;
		if (c == 0xED && s[1] >= 0xA0)  /* surrogate */
			return 0;
		return 3;
	}
	if (n < 4 || (s[3] & 0xC0) != 0x80)
		return 0;
	if (c == 0xF0 && s[1] < 0x90)       /* overlong */
		return 0;
	if (c == 0xF4 && s[1] >= 0x90)      /* over U+10FFFF */
		return 0;
	return 4;
}

size_t utf8_invalid_len(const unsigned char *s, size_t n)
{
	/* A maximal subpart: a lead byte followed by the continuation bytes
	 * that could still have led to a valid sequence. */
	unsigned c = s[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0) lo = 0xA0;
		if (c == 0xED) hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0) lo = 0x90;
		if (c == 0xF4) hi = 0x8F;
	} else
		return 1;
	size_t i = 1;
	if (i < n && s[i] >= lo && s[i] <= hi) {
		for (i = 2; i < need && i < n && (s[i] & 0xC0) == 0x80; i++)
			;
	}
	return i;
}

void jsonw_str_body(struct buf *b, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	buf_grow(b, n + 2);
	while (i < n) {
		size_t j = i;
		while (j < n && cls[s[j]] == 0)
			j++;
		if (j > i) {
			buf_add(b, s + i, j - i);
			i = j;
			if (i == n)
				break;
		}
		unsigned c = s[i];
		if (cls[c] == 1) {
			char e[6] = { '\\', 0 };
			size_t k = 2;
			switch (c) {
			case '"': e[1] = '"'; break;
			case '\\': e[1] = '\\'; break;
			case '\n': e[1] = 'n'; break;
			case '\t': e[1] = 't'; break;
			case '\r': e[1] = 'r'; break;
			case '\b': e[1] = 'b'; break;
			case '\f': e[1] = 'f'; break;
			default:
				e[1] = 'u'; e[2] = '0'; e[3] = '0';
				e[4] = hex[c >> 4]; e[5] = hex[c & 15];
				k = 6;
			}
			buf_add(b, e, k);
			i++;
			continue;
		}
		size_t v = utf8_valid_len(s + i, n - i);
		if (v) {
			buf_add(b, s + i, v);
			i += v;
		} else {
			buf_add(b, "\xEF\xBF\xBD", 3);
			i += utf8_invalid_len(s + i, n - i);
		}
	}
}

void jsonw_str(struct buf *b, const char *s, size_t n)
{
	buf_addc(b, '"');
	jsonw_str_body(b, s, n);
	buf_addc(b, '"');
}
