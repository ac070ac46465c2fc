/* Unit tests of lib/decode: each transformation, then the whole chain. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "tap.h"

typedef bool (*step_fn)(struct buf *, const char *, size_t);

static struct buf out = BUF_INIT;

/* Compare a buffer with an expected byte string (NULs allowed), printably. */
static void is_bytes(const struct buf *b, const char *want, size_t wn, const char *what)
{
	if (!ok(b->len == wn && memcmp(b->p ? b->p : "", want, wn) == 0, what)) {
		printf("#   got  '");
		for (size_t i = 0; i < b->len; i++)
			printf((unsigned char)b->p[i] < 0x20 || (unsigned char)b->p[i] > 0x7e ? "\\x%02x" : "%c",
			       (unsigned char)b->p[i]);
		printf("'\n#   want '%.*s'\n", (int)wn, want);
	}
}

static void step(step_fn f, const char *in, const char *want, int changed, const char *what)
{
	buf_reset(&out);
	bool c = f(&out, in, strlen(in));
	is_bytes(&out, want, strlen(want), what);
	is_int(c, changed, what);
}

static bool url_plus(struct buf *b, const char *s, size_t n) { return decode_url(b, s, n, true); }
static bool url_noplus(struct buf *b, const char *s, size_t n) { return decode_url(b, s, n, false); }

static void test_log_escapes(void)
{
	step(decode_log_escapes, "GET /a\\\"b\\\\c", "GET /a\"b\\c", 1, "apache \\\" and \\\\");
	step(decode_log_escapes, "x\\xe2\\x91\\xA0y", "x\xe2\x91\xa0y", 1, "\\xHH either case");
	step(decode_log_escapes, "a\\tb\\nc", "a\tb\nc", 1, "\\t \\n");
	step(decode_log_escapes, "\\q \\x4 \\", "\\q \\x4 \\", 0, "unknown and truncated escapes stay");
	step(decode_log_escapes, "plain", "plain", 0, "nothing to undo");
	buf_reset(&out);
	decode_log_escapes(&out, "\\x00z", 5);
	is_bytes(&out, "\0z", 2, "\\x00 gives a NUL byte");
}

static void test_url(void)
{
	step(url_noplus, "%3Cscript%3e", "<script>", 1, "%HH both cases");
	step(url_noplus, "a+b", "a+b", 0, "+ kept outside the query");
	step(url_plus, "a+b", "a b", 1, "+ is a space in the query");
	step(url_noplus, "%u0027%U003C", "'<", 1, "%uHHHH");
	step(url_noplus, "%uFF1C", "\xef\xbc\x9c", 1, "%uFF1C as UTF-8");
	step(url_noplus, "%uD800x", "%uD800x", 0, "%u surrogate stays literal");
	step(url_noplus, "%zz %4 %", "%zz %4 %", 0, "invalid sequences stay literal");
	step(url_noplus, "%252e", "%2e", 1, "one round only");
	step(url_noplus, "%u00", "%u00", 0, "truncated %u");
	buf_reset(&out);
	decode_url(&out, "a%00b", 5, false);
	is_bytes(&out, "a\0b", 3, "%00 is a NUL");
}

static void test_html(void)
{
	step(decode_html, "&lt;script&GT;", "<script>", 1, "named entities, any case");
	step(decode_html, "&#60;&#x3C;&#X3c", "<<<", 1, "numeric, ';' optional");
	step(decode_html, "&#0000060;", "<", 1, "leading zeros");
	step(decode_html, "java&Tab;script&colon;", "java\tscript:", 1, "&Tab; is &tab; (case-insensitive)");
	step(decode_html, "a&b c&#;d &unknown; &lt", "a&b c&#;d &unknown; &lt", 0,
	     "unknown or incomplete references stay");
	step(decode_html, "&#99999999999;", "\xef\xbf\xbd", 1, "huge code point is U+FFFD");
	step(decode_html, "&#xd800;", "\xef\xbf\xbd", 1, "surrogate is U+FFFD");
	step(decode_html, "&#233;", "\xc3\xa9", 1, "non-ASCII as UTF-8");
}

static void test_fold(void)
{
	step(decode_fold_utf8, "\xc0\xae\xc0\xae\xc0\xaf", "../", 1, "overlong 2-byte");
	step(decode_fold_utf8, "\xe0\x80\xae\xf0\x80\x80\xaf", "./", 1, "overlong 3 and 4 bytes");
	step(decode_fold_utf8, "\xc1\x1c", "\\", 1, "IIS bad continuation byte");
	step(decode_fold_utf8, "\xef\xbc\x9cscript\xef\xbc\x9e", "<script>", 1, "full-width < >");
	step(decode_fold_utf8, "\xef\xbd\x81\xe3\x80\x80", "a ", 1, "full-width a, ideographic space");
	step(decode_fold_utf8, "caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac", 0,
	     "ordinary UTF-8 kept");
	step(decode_fold_utf8, "\xc0", "\xc0", 0, "truncated lead byte kept");
	step(decode_fold_utf8, "\xef\xbc", "\xef\xbc", 0, "truncated full-width kept");
}

static void test_small_steps(void)
{
	struct buf b = BUF_INIT;
	buf_add(&b, "a\0b\0\0c", 6);
	ok(decode_strip_nul(&b), "NULs found");
	is_bytes(&b, "abc", 3, "NULs removed");
	ok(!decode_strip_nul(&b), "no NULs left");
	buf_free(&b);

	char s[] = "SeLeCt 1";
	ok(decode_lower(s, 8), "lower changed");
	is_str(s, "select 1", "lower");
	ok(!decode_lower(s, 8), "already lower");
}

static void sql(const char *in, const char *want, const char *what)
{
	buf_reset(&out);
	decode_sql(&out, in, strlen(in));
	is_bytes(&out, want, strlen(want), what);
}

static void path(const char *in, const char *want, const char *what)
{
	buf_reset(&out);
	decode_path(&out, in, strlen(in));
	is_bytes(&out, want, strlen(want), what);
}

static void test_sql_path(void)
{
	sql("union/**/select", "union select", "comment is a space");
	sql("union/*x*/ /*y*/  select", "union select", "comments and spaces collapse");
	sql("/*!50000union*/select", " union select", "MySQL version comment keeps content");
	sql("1 /* open", "1 ", "unterminated comment runs to the end");
	sql("a\t\n\r\v\f\xa0" "b", "a b", "whitespace kinds");

	path("/a/b/../c", "/a/c", "resolve ..");
	path("/a/../../etc/passwd", "/../etc/passwd", "excess .. kept visible");
	path("..\\..\\windows\\win.ini", "../../windows/win.ini", "backslashes");
	path("/x/..;/..;/etc/shadow", "/../etc/shadow", "Tomcat ..;");
	path("/./a//b/./", "/a/b/", "dot and empty segments, trailing slash");
	path("", "", "empty");
	path("/", "/", "root");
	path("....//etc", "..../etc", "four dots are a name");
}

static void cmdline(const char *in, const char *want, const char *what)
{
	buf_reset(&out);
	decode_cmdline(&out, in, strlen(in));
	is_bytes(&out, want, strlen(want), what);
}

static void test_cmdline(void)
{
	cmdline("c\\a't'\"\" /e^tc/passwd", "cat /etc/passwd", "quotes, backslashes, carets");
	cmdline("c$@at c$*at c$?at c$-at c$!at", "cat cat cat cat cat", "special parameters");
	cmdline("ca$()t ca``t pi<()ng pi>()ng", "cat cat ping ping", "empty substitutions");
	cmdline("cat$u /etc${x}/passwd sh$XX", "cat /etc/passwd sh", "unset variables inside words");
	cmdline("$SHELL -c id ${SHELL} -c id", "$SHELL -c id ${SHELL} -c id", "word-initial variables stay");
	cmdline("a \t\v b", "a b", "whitespace runs");
	cmdline("a \r\n b\nc", "a\nb\nc", "line breaks kept as one newline");
	cmdline("$", "$", "lone dollar");
	cmdline("x${unterminated", "x${unterminated", "unterminated ${ kept");
}

static void value(enum decode_kind k, const char *in, const char *want, unsigned flags,
		  const char *what)
{
	struct decoder d = DECODER_INIT;
	unsigned f = decode_value(&d, k, in, strlen(in), &out);
	is_bytes(&out, want, strlen(want), what);
	if (!ok((f & flags) == flags, what))
		printf("#   flags %#x, want at least %#x\n", f, flags);
	decode_free(&d);
}

static void test_value(void)
{
	value(DECODE_TARGET, "/search?q=a+b&x=%2527OR%25201%3D1", "/search?q=a b&x='or 1=1",
	      DECODE_URL | DECODE_MULTI | DECODE_PLUS | DECODE_CASE, "query: + and double encoding");
	value(DECODE_TARGET, "/a+b/c%20d?e", "/a+b/c d?e", DECODE_URL, "+ kept in the path");
	value(DECODE_TARGET, "/p?a%3Db=c%26d", "/p?a=b=c&d", DECODE_URL, "names and values apart");
	value(DECODE_TARGET, "/p?x=%25252e%25252e", "/p?x=..", DECODE_MULTI, "three rounds");
	value(DECODE_TARGET, "/p?x=%2525252e", "/p?x=%2e", DECODE_MULTI, "no fourth round");
	value(DECODE_TARGET, "/p?x=%c0%ae%c0%ae/", "/p?x=../", DECODE_UTF8, "overlong after %");
	value(DECODE_TARGET, "/p?x=%26lt;svg%26gt;", "/p?x=<svg>", DECODE_HTML, "entity after %");
	value(DECODE_TARGET, "/etc/passwd%00.png", "/etc/passwd.png", DECODE_NUL, "NUL stripped");
	value(DECODE_TARGET, "/q?a=\\x22\\\"b", "/q?a=\"\"b", DECODE_LOGESC, "log escapes first");
	value(DECODE_TEXT, "Mozilla%2F5.0+(X)", "mozilla/5.0+(x)", DECODE_URL, "text: + kept");
	value(DECODE_TEXT, "${JNDI:ldap://x}", "${jndi:ldap://x}", DECODE_CASE, "text lowered");
	value(DECODE_TARGET, "", "", 0, "empty value");
	value(DECODE_TARGET, "?", "?", 0, "lone ?");
	value(DECODE_TARGET, "/a?&&=", "/a?&&=", 0, "empty parameters");
}

/* Random bytes never crash and never make the output longer than the input. */
static void test_hostile(void)
{
	struct decoder d = DECODER_INIT;
	unsigned seed = 12345;
	int bad = 0;
	char s[512];
	const char alpha[] = "%u+&=?/\\.;#x0aF\xc0\xae\xef\xbc\x00";
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(round % 97) * 5 % sizeof s;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (seed >> 16) & 1 ? alpha[(seed >> 8) % (sizeof alpha - 1)] : (char)(seed >> 3);
		}
		decode_value(&d, round & 1 ? DECODE_TARGET : DECODE_TEXT, s, n, &out);
		if (out.len > n)
			bad++;
		struct buf t = BUF_INIT;
		decode_sql(&t, s, n);
		decode_path(&t, s, n);
		decode_cmdline(&t, s, n);
		if (t.len > 3 * n + 1)
			bad++;
		buf_free(&t);
	}
	is_int(bad, 0, "20000 random values: no growth, no crash");
	decode_free(&d);
}

int main(void)
{
	test_log_escapes();
	test_url();
	test_html();
	test_fold();
	test_small_steps();
	test_sql_path();
	test_cmdline();
	test_value();
	test_hostile();
	buf_free(&out);
	return tap_done();
}
