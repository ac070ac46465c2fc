/*
 * jsonw: JSON string escaping with UTF-8 repair.  This is lparse's
 * innermost loop, so it is written for speed:
 *
 *   - Runs of bytes that need nothing (printable ASCII but '"' and '\')
 *     are found 16 bytes at a time with SSE2 where the compiler offers it
 *     (every x86-64), else with a class table, and copied as they are.
 *   - Output goes straight into the caller's buffer through a cursor;
 *     room is reserved for the whole input up front and regrown only when
 *     escapes expand it, so there is no call per run or per byte.
 *   - Escapes come from a table; non-ASCII goes through the UTF-8
 *     validator one sequence at a time.
 */
#include "jsonw.h"

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#include <stdint.h>
#endif

/*
 * The last, short block of a string is loaded whole when those 16 bytes
 * stay inside one memory page (so the load cannot fault); the bytes past
 * the end are ignored.  Sanitizers and valgrind would report that read,
 * so it is left out under ASan/MSan and with -DJSONW_NO_OVERREAD.
 */
#if defined(__SANITIZE_ADDRESS__)
#define JSONW_NO_OVERREAD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define JSONW_NO_OVERREAD 1
#endif
#endif

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

/* The two-character escape of an ASCII byte ("\n"), or 0 for "\u00XX". */
static const char short_esc[128] = {
	['"'] = '"', ['\\'] = '\\', ['\n'] = 'n', ['\t'] = 't', ['\r'] = 'r',
	['\b'] = 'b', ['\f'] = 'f',
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

/* Slack kept at the end of the buffer: while the cursor is at or before
 * lim, one 16-byte block may be stored and, after up to 15 of its bytes,
 * one escape (6 bytes), U+FFFD (3) or sequence (4) written unchecked. */
#define SLACK 32

/*
 * Append the escaped text.  On return at least SLACK - 22 bytes of room
 * remain after b->len (see lim), so jsonw_str can add its closing quote
 * without another check.
 */
static inline void body(struct buf *b, const char *str, size_t n, bool quote)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	/* Most text comes out as long as it went in: reserve that much. */
	if (b->cap - b->len <= n + SLACK + 2)
		buf_grow(b, n + SLACK + 2);
	char *o = b->p + b->len;
	if (quote)
		*o++ = '"';
	char *lim = b->p + b->cap - 1 - SLACK;  /* keep room for the NUL */
	while (s < end) {
		if (o > lim) {
			b->len = (size_t)(o - b->p);
			buf_grow(b, (size_t)(end - s) + 2 * SLACK);
			o = b->p + b->len;
			lim = b->p + b->cap - 1 - SLACK;
		}
#ifdef __SSE2__
		/* Plain runs, 16 bytes at a time: a block is stored whole, then
		 * the cursor advances to its first byte that needs care.  Signed
		 * compare: bytes >= 0x80 are negative, so "< 0x20" catches them. */
		const __m128i sp = _mm_set1_epi8(0x20), dq = _mm_set1_epi8('"'),
			      bs = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7f);
		while (end - s >= 16 && o <= lim) {
			__m128i v = _mm_loadu_si128((const __m128i *)s);
			__m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, sp), _mm_cmpeq_epi8(v, dq)),
						   _mm_or_si128(_mm_cmpeq_epi8(v, bs), _mm_cmpeq_epi8(v, del)));
			unsigned mask = (unsigned)_mm_movemask_epi8(bad);
			_mm_storeu_si128((__m128i *)o, v);
			if (mask) {
				unsigned k = (unsigned)__builtin_ctz(mask);
				s += k;
				o += k;
				goto special;
			}
			s += 16;
			o += 16;
		}
		if (o > lim)
			continue;
#ifndef JSONW_NO_OVERREAD
		if (s < end && ((uintptr_t)s & 4095) <= 4096 - 16) {
			size_t rem = (size_t)(end - s);   /* 1..15 */
			__m128i v = _mm_loadu_si128((const __m128i *)s);
			__m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, sp), _mm_cmpeq_epi8(v, dq)),
						   _mm_or_si128(_mm_cmpeq_epi8(v, bs), _mm_cmpeq_epi8(v, del)));
			unsigned mask = (unsigned)_mm_movemask_epi8(bad) | (~0u << rem);
			unsigned k = (unsigned)__builtin_ctz(mask);
			_mm_storeu_si128((__m128i *)o, v);
			s += k;
			o += k;
			if (s == end)
				break;
			goto special;
		}
#endif
#endif
		{
			/* The tail (or, without SSE2, every run), bounded by the room. */
			size_t m = (size_t)(end - s), room = (size_t)(lim - o) + 16;
			if (m > room)
				m = room;
			const unsigned char *stop = s + m;
			while (s < stop && cls[*s] == 0)
				*o++ = (char)*s++;
			if (s == end || cls[*s] == 0)
				continue;
		}
#ifdef __SSE2__
special:
#endif
		{
			unsigned c = *s;
			if (cls[c] == 1) {
				char e = short_esc[c];
				o[0] = '\\';
				if (e) {
					o[1] = e;
					o += 2;
				} else {
					o[1] = 'u'; o[2] = '0'; o[3] = '0';
					o[4] = hex[c >> 4]; o[5] = hex[c & 15];
					o += 6;
				}
				s++;
				continue;
			}
			size_t v = utf8_valid_len(s, (size_t)(end - s));
			if (v) {
				memcpy(o, s, v);
				o += v;
				s += v;
			} else {
				memcpy(o, "\xEF\xBF\xBD", 3);
				o += 3;
				s += utf8_invalid_len(s, (size_t)(end - s));
			}
		}
	}
	if (quote)
		*o++ = '"';
	b->len = (size_t)(o - b->p);
	b->p[b->len] = '\0';
}

void jsonw_str_body(struct buf *b, const char *s, size_t n)
{
	body(b, s, n, false);
}

void jsonw_str(struct buf *b, const char *s, size_t n)
{
	body(b, s, n, true);
}
