/* Unit tests of lib/jsonw: every escape, UTF-8 repair per maximal subpart,
 * valid sequences kept, and random input checked against a plain
 * byte-at-a-time reference (so the 16-byte fast path is exercised at every
 * alignment and buffer boundary). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jsonw.h"
#include "tap.h"

#define FFFD "\xEF\xBF\xBD"

/* jsonw_str of n bytes, as a C string (static storage). */
static const char *js(const char *s, size_t n)
{
	static struct buf b = BUF_INIT;
	buf_reset(&b);
	jsonw_str(&b, s, n);
	return b.p;
}

#define JS(lit) js(lit, sizeof(lit) - 1)

/* The reference: code points decoded one at a time, no tables, no blocks. */
static void ref_str(struct buf *b, const unsigned char *s, size_t n)
{
	buf_addc(b, '"');
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (c == '"' || c == '\\') {
				buf_addc(b, '\\');
				buf_addc(b, (char)c);
			} else if (c == '\n') {
				buf_add(b, "\\n", 2);
			} else if (c == '\t') {
				buf_add(b, "\\t", 2);
			} else if (c == '\r') {
				buf_add(b, "\\r", 2);
			} else if (c == '\b') {
				buf_add(b, "\\b", 2);
			} else if (c == '\f') {
				buf_add(b, "\\f", 2);
			} else if (c < 0x20 || c == 0x7f) {
				buf_printf(b, "\\u%04x", c);
			} else {
				buf_addc(b, (char)c);
			}
			i++;
			continue;
		}
		/* Expected length and smallest code point from the lead byte. */
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
		unsigned cp = need == 4 ? c & 7 : need == 3 ? c & 15 : c & 31;
		size_t k = 1;
		int good = need != 0 && c <= 0xF4;
		/* Take continuation bytes while the prefix can still be valid. */
		while (good && k < need && i + k < n && (s[i + k] & 0xC0) == 0x80) {
			unsigned next = (cp << 6) | (s[i + k] & 0x3F);
			/* After the second byte, the range is decided. */
			if (k == 1) {
				unsigned hi = next << (6 * (need - 2));
				if ((need == 2 && next < 0x80) || (need == 3 && hi < 0x800) ||
				    (need == 4 && hi < 0x10000) || (need == 4 && hi > 0x10FFFF) ||
				    (need == 3 && hi >= 0xD800 && hi <= 0xDFFF))
					break;
			}
			cp = next;
			k++;
		}
		if (good && k == need) {
			buf_add(b, s + i, need);
			i += need;
		} else {
			buf_add(b, FFFD, 3);
			i += k;
		}
	}
	buf_addc(b, '"');
}

/* Strictly valid UTF-8 with no raw control character or DEL. */
static int clean_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (s[i] < 0x20 || s[i] == 0x7f)
			return 0;
		size_t v = utf8_valid_len(s + i, n - i);
		if (!v)
			return 0;
		i += v;
	}
	return 1;
}

static void test_escapes(void)
{
	is_str(JS(""), "\"\"", "empty string");
	is_str(JS("plain text / with slash"), "\"plain text / with slash\"", "plain ASCII and '/' as is");
	is_str(JS("a\"b"), "\"a\\\"b\"", "quote escaped");
	is_str(JS("a\\b"), "\"a\\\\b\"", "backslash escaped");
	is_str(JS("\n\t\r\b\f"), "\"\\n\\t\\r\\b\\f\"", "short escapes \\n \\t \\r \\b \\f");
	is_str(js("\0", 1), "\"\\u0000\"", "NUL as \\u0000");
	is_str(JS("\x01\x1f"), "\"\\u0001\\u001f\"", "other C0 controls as \\u00XX");
	is_str(JS("\x1b[31mred"), "\"\\u001b[31mred\"", "ESC escaped (no terminal sequences out)");
	is_str(JS("\x7f"), "\"\\u007f\"", "DEL escaped");
	is_str(JS("\x0b"), "\"\\u000b\"", "vertical tab as \\u000b");

	struct buf b = BUF_INIT;
	int bad = 0;
	for (unsigned c = 0; c < 0x80; c++) {
		char in = (char)c;
		buf_reset(&b);
		jsonw_str_body(&b, &in, 1);
		struct buf r = BUF_INIT;
		ref_str(&r, (const unsigned char *)&in, 1);
		if (b.len != r.len - 2 || memcmp(b.p, r.p + 1, b.len) != 0)
			bad++;
		buf_free(&r);
	}
	is_int(bad, 0, "every ASCII byte escaped as the reference says (jsonw_str_body)");

	buf_reset(&b);
	buf_add(&b, "{\"k\":", 5);
	jsonw_str(&b, "v\n", 2);
	is_str(b.p, "{\"k\":\"v\\n\"", "appends after existing content");
	buf_free(&b);
}

static void test_utf8(void)
{
	is_str(JS("caf\xC3\xA9"), "\"caf\xC3\xA9\"", "2-byte sequence kept");
	is_str(JS("\xE2\x82\xAC 5"), "\"\xE2\x82\xAC 5\"", "3-byte sequence kept");
	is_str(JS("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"", "4-byte sequence kept");
	is_str(JS("\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"),
	       "\"\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\"",
	       "boundaries U+0080 U+07FF U+0800 U+D7FF U+E000 U+FFFF U+10000 U+10FFFF kept");

	is_str(JS("\xC0\xAF"), "\"" FFFD FFFD "\"", "overlong 2-byte: one U+FFFD per byte");
	is_str(JS("\xC1\xBF"), "\"" FFFD FFFD "\"", "C1 lead is never valid");
	is_str(JS("\xE0\x80\xAF"), "\"" FFFD FFFD FFFD "\"", "overlong 3-byte: three U+FFFD");
	is_str(JS("\xF0\x80\x80\xAF"), "\"" FFFD FFFD FFFD FFFD "\"", "overlong 4-byte: four U+FFFD");
	is_str(JS("\xED\xA0\x80"), "\"" FFFD FFFD FFFD "\"", "surrogate U+D800: three U+FFFD");
	is_str(JS("\xED\xBF\xBF"), "\"" FFFD FFFD FFFD "\"", "surrogate U+DFFF: three U+FFFD");
	is_str(JS("\xF4\x90\x80\x80"), "\"" FFFD FFFD FFFD FFFD "\"", "over U+10FFFF: four U+FFFD");
	is_str(JS("\xF5\x80"), "\"" FFFD FFFD "\"", "F5 lead is never valid");
	is_str(JS("\xFF\xFE"), "\"" FFFD FFFD "\"", "FF and FE are never valid");
	is_str(JS("\x80"), "\"" FFFD "\"", "lone continuation byte");
	is_str(JS("\xE2\x82"), "\"" FFFD "\"", "truncated 3-byte at the end: one U+FFFD");
	is_str(JS("\xF0\x9F\x98"), "\"" FFFD "\"", "truncated 4-byte at the end: one U+FFFD");
	is_str(JS("\xE2\x82x"), "\"" FFFD "x\"", "truncated 3-byte before ASCII: one U+FFFD");
	is_str(JS("\xC3\""), "\"" FFFD "\\\"\"", "truncated 2-byte before a quote: the quote still escaped");
	/* Unicode 15, table 3-11 (U+FFFD substitution of maximal subparts). */
	is_str(JS("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64"),
	       "\"a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d\"", "Unicode table 3-11 example");
	is_int(utf8_valid_len((const unsigned char *)"\xF0\x9F\x98\x80", 3), 0,
	       "utf8_valid_len respects n (no read past the end)");
	is_int(utf8_invalid_len((const unsigned char *)"\xF0\x9F\x98\x80", 3), 3,
	       "utf8_invalid_len of a cut 4-byte sequence is 3");
}

/* Random strings biased toward the interesting bytes, in growing lengths
 * and at every offset into the 16-byte blocks. */
static void test_random(void)
{
	static const unsigned char pool[] = { 'a', 'z', ' ', '"', '\\', '\n', 0, 0x1b, 0x7f, 0x1f,
		0x80, 0xBF, 0xC2, 0xC3, 0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x90, 0x8F };
	srand(12345);
	struct buf got = BUF_INIT, want = BUF_INIT;
	unsigned char s[300];
	int mismatch = 0, unclean = 0;
	for (int iter = 0; iter < 200000; iter++) {
		size_t n = (size_t)(rand() % 80);
		if (iter % 97 == 0)
			n = 200 + (size_t)(rand() % 100);
		int plain = rand() % 4;   /* mostly plain ASCII runs, sometimes dense */
		for (size_t i = 0; i < n; i++)
			s[i] = plain && rand() % 8 ? (unsigned char)(' ' + 1 + rand() % 90)
						   : pool[rand() % sizeof pool];
		buf_reset(&got);
		buf_reset(&want);
		/* Start with a varying amount already in the buffer. */
		for (int k = iter % 19; k > 0; k--)
			buf_addc(&got, 'x'), buf_addc(&want, 'x');
		jsonw_str(&got, (const char *)s, n);
		ref_str(&want, s, n);
		if (got.len != want.len || memcmp(got.p, want.p, got.len) != 0) {
			if (mismatch++ < 3)
				printf("# mismatch at iteration %d, n=%zu\n", iter, n);
		}
		if (!clean_utf8((const unsigned char *)got.p, got.len) || got.p[got.len] != 0)
			unclean++;
	}
	is_int(mismatch, 0, "200000 random strings match the byte-at-a-time reference");
	is_int(unclean, 0, "and the output is always valid UTF-8 without raw controls, NUL-terminated");

	/* Large inputs: all escapes (output 6x the input) and all invalid (3x). */
	size_t big = 1u << 20;
	char *p = malloc(big);
	memset(p, 0x01, big);
	buf_free(&got);
	jsonw_str(&got, p, big);
	is_int(got.len, 6 * big + 2, "1 MB of control bytes grows the buffer to 6 MB + 2");
	ok(memcmp(got.p + got.len - 7, "\\u0001\"", 7) == 0, "and ends with the last escape");
	memset(p, 0xFF, big);
	buf_reset(&got);
	jsonw_str(&got, p, big);
	is_int(got.len, 3 * big + 2, "1 MB of 0xFF becomes 1M U+FFFD");
	for (size_t i = 0; i < big; i++)
		p[i] = "abc\"\xC3\xA9\x7f"[i % 7];
	buf_reset(&got);
	buf_reset(&want);
	jsonw_str(&got, p, big);
	ref_str(&want, (const unsigned char *)p, big);
	ok(got.len == want.len && memcmp(got.p, want.p, got.len) == 0, "1 MB mixed text matches the reference");
	free(p);
	buf_free(&got);
	buf_free(&want);
}

/* Strings that end right before an unreadable page: the fast path may load
 * past the end of a string only within its page. */
static void test_page_end(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || mprotect(m + pg, (size_t)pg, PROT_NONE) != 0) {
		ok(0, "mmap a guard page");
		return;
	}
	struct buf got = BUF_INIT, want = BUF_INIT;
	int bad = 0;
	for (size_t n = 0; n <= 40; n++) {
		for (int variant = 0; variant < 3; variant++) {
			char *s = m + pg - n;
			for (size_t i = 0; i < n; i++)
				s[i] = variant == 0 ? 'a' + (char)(i % 26) : variant == 1 ? "x\"\x01\xC3\xA9"[i % 5] : "\xE2\x82\xAC"[i % 3];
			buf_reset(&got);
			buf_reset(&want);
			jsonw_str(&got, s, n);
			ref_str(&want, (const unsigned char *)s, n);
			if (got.len != want.len || memcmp(got.p, want.p, got.len) != 0)
				bad++;
		}
	}
	is_int(bad, 0, "strings ending at a page boundary (next page unreadable) are read correctly");
	buf_free(&got);
	buf_free(&want);
	munmap(m, (size_t)pg * 2);
}

int main(void)
{
	test_escapes();
	test_utf8();
	test_random();
	test_page_end();
	return tap_done();
}
