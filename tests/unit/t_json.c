/*
 * Unit tests of lib/json: validation (including the whole JSONTestSuite
 * from the shared corpus), lookups, paths, iteration and decoding.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "tap.h"

static bool valid(const char *s)
{
	return json_validate(span_str(s), 0) == NULL;
}

static bool valid_any(const char *s)
{
	return json_validate(span_str(s), JSON_ANY) == NULL;
}

static void test_validate(void)
{
	ok(valid("{}"), "empty object");
	ok(valid(" {\"a\":1} \r"), "whitespace and CR around an object");
	ok(valid("{\"a\":[1,{\"b\":null}],\"c\":\"x\\u00e9\"}"), "nested values");
	ok(!valid("[1]"), "an array is not an object");
	ok(valid_any("[1]"), "an array with JSON_ANY");
	ok(!valid(""), "empty line rejected");
	is_str(json_validate(span_str(""), 0), "empty line", "reason: empty line");
	is_str(json_validate(span_str("[]"), 0), "not an object", "reason: not an object");
	is_str(json_validate(span_str("{\"a\":\"x}"), 0), "unterminated string",
	       "reason: unterminated string");
	is_str(json_validate(span_str("{\"a\":\"\\x\"}"), 0), "invalid escape", "reason: invalid escape");
	is_str(json_validate(span_str("{\"a\":\"\t\"}"), 0), "control character in string",
	       "reason: raw tab in a string");
	is_str(json_validate(span_str("{\"a\":01}"), 0), "expected ',' or '}'",
	       "leading zero: the 0 ends the number");
	is_str(json_validate(span_str("{\"a\":-}"), 0), "invalid number", "reason: invalid number");
	is_str(json_validate(span_str("{\"a\" 1}"), 0), "expected ':'", "reason: expected ':'");
	is_str(json_validate(span_str("{\"a\":1} x"), 0), "trailing characters",
	       "reason: trailing characters");
	is_str(json_validate(span_str("{\"a\":1,}"), 0), "expected a key", "trailing comma");
	is_str(json_validate(span_str("{\"a\":1"), 0), "unexpected end", "reason: unexpected end");
	ok(!valid("{\"a\":1}{\"b\":2}"), "two objects on one line rejected");
	ok(!valid("{\"a\":tru}"), "truncated literal rejected");
	ok(!valid("{'a':1}"), "single quotes rejected");
	ok(!valid("{\"a\":1}\f"), "form feed is not JSON whitespace");

	/* a NUL inside and after */
	const char nul_in[] = "{\"a\":\"x\0y\"}";
	ok(json_validate(span_make(nul_in, sizeof nul_in - 1), 0) != NULL, "raw NUL in a string rejected");
	const char nul_after[] = "{\"a\":1}\0";
	ok(json_validate(span_make(nul_after, sizeof nul_after - 1), 0) != NULL,
	   "NUL after the object rejected");

	/* invalid UTF-8: accepted by default, rejected with JSON_UTF8 */
	const char *bad8 = "{\"ua\":\"caf\xe9 \xff\"}";
	ok(json_validate(span_str(bad8), 0) == NULL, "invalid UTF-8 in a string accepted by default");
	is_str(json_validate(span_str(bad8), JSON_UTF8), "invalid UTF-8", "rejected with JSON_UTF8");
	ok(json_validate(span_str("{\"ua\":\"caf\xc3\xa9\"}"), JSON_UTF8) == NULL,
	   "valid UTF-8 accepted with JSON_UTF8");
	ok(!valid("{\"a\":1,\xff:2}"), "high byte outside a string rejected");

	/* depth */
	struct buf b = BUF_INIT;
	buf_adds(&b, "{\"a\":");
	for (int i = 0; i < JSON_MAX_DEPTH - 1; i++)
		buf_addc(&b, '[');
	for (int i = 0; i < JSON_MAX_DEPTH - 1; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '}');
	ok(json_validate(span_make(b.p, b.len), 0) == NULL, "nesting at JSON_MAX_DEPTH accepted");
	buf_reset(&b);
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, '[');
	is_str(json_validate(span_make(b.p, b.len), JSON_ANY), "too deeply nested",
	       "100000 open brackets: too deeply nested, no crash");
	/* a long string crossing many SIMD blocks, with escapes at the edges */
	buf_reset(&b);
	buf_adds(&b, "{\"s\":\"");
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, (char)('a' + i % 26));
	buf_adds(&b, "\\\"\"}");
	ok(json_validate(span_make(b.p, b.len), 0) == NULL, "100 kB string accepted");
	buf_free(&b);
}

static struct span val_text(const struct json_obj *o, const char *key)
{
	struct json_val v;
	if (!json_obj_get(o, key, strlen(key), &v))
		return span_str("(missing)");
	return v.raw;
}

static bool span_is(struct span s, const char *lit)
{
	return s.p && span_eq(s, lit);
}

static void test_lookup(void)
{
	struct json_obj o = JSON_OBJ_INIT;
	const char *line =
		"{\"timestamp\":\"2026-11-23T10:15:32.123+01:00\",\"level\":\"ERROR\",\"status\":503,"
		"\"msg\":\"he said \\\"status\\\":200\",\"nested\":{\"status\":404,\"a\":{\"b\":true}},"
		"\"arr\":[1,{\"status\":1}],\"sd.origin.ip\":\"10.0.0.1\",\"n\":null}";
	ok(json_obj_parse(&o, span_str(line), 0) == NULL, "record parses");
	is_int(o.n, 8, "eight top-level members indexed");
	ok(span_is(val_text(&o, "status"), "503"), "status is the top-level 503, not nested or quoted");
	ok(span_is(val_text(&o, "level"), "\"ERROR\""), "string value raw with quotes");
	ok(span_is(val_text(&o, "nested"), "{\"status\":404,\"a\":{\"b\":true}}"), "object value raw");
	ok(span_is(val_text(&o, "arr"), "[1,{\"status\":1}]"), "array value raw");
	ok(span_is(val_text(&o, "n"), "null"), "null value raw");
	ok(span_is(val_text(&o, "nope"), "(missing)"), "a missing key is not found");
	ok(span_is(val_text(&o, "statu"), "(missing)"), "a key prefix does not match");

	struct json_val v;
	ok(json_obj_get(&o, "n", 1, &v) && json_is_null(v), "null type");
	ok(json_obj_path(&o, "nested.status", 13, &v) && span_is(v.raw, "404"), "dotted path a.b");
	ok(json_obj_path(&o, "nested.a.b", 10, &v) && v.type == JSON_TRUE, "dotted path a.b.c");
	ok(json_obj_path(&o, "sd.origin.ip", 12, &v) && span_is(v.raw, "\"10.0.0.1\""),
	   "a flat key with dots is found first");
	ok(!json_obj_path(&o, "nested.zz", 9, &v), "missing nested key");
	ok(!json_obj_path(&o, "level.x", 7, &v), "path through a string is not found");
	ok(!json_obj_path(&o, "nested.", 7, &v), "path with an empty last part");

	/* the same through the tree-free walker */
	struct span text = span_str(line);
	ok(json_get(text, "status", 6, &v) && span_is(v.raw, "503"), "json_get on raw text");
	ok(json_path(text, "nested.a.b", 10, &v) && v.type == JSON_TRUE, "json_path on raw text");
	ok(json_path(text, "sd.origin.ip", 12, &v), "json_path finds the flat dotted key");

	/* flat dotted keys inside a nested object */
	ok(json_obj_parse(&o, span_str("{\"a\":{\"b.c\":{\"d\":7}}}"), 0) == NULL, "parse nested flat");
	ok(json_obj_path(&o, "a.b.c.d", 7, &v) && span_is(v.raw, "7"), "a.b.c.d through a flat b.c");

	/* duplicates: the last wins */
	ok(json_obj_parse(&o, span_str("{\"a\":1,\"a\":2}"), 0) == NULL, "duplicate keys accepted");
	ok(json_obj_get(&o, "a", 1, &v) && span_is(v.raw, "2"), "duplicate key: the last one");
	ok(json_get(span_str("{\"a\":1,\"a\":2}"), "a", 1, &v) && span_is(v.raw, "2"),
	   "json_get duplicate: the last one");

	/* escaped keys compare decoded */
	ok(json_obj_parse(&o, span_str("{\"st\\u0061tus\":500}"), 0) == NULL, "escaped key parses");
	ok(json_obj_get(&o, "status", 6, &v) && span_is(v.raw, "500"), "escaped key found decoded");
	ok(json_obj_parse(&o, span_str("{\"a\\\"b\":1}"), 0) == NULL, "key with escaped quote");
	ok(json_obj_get(&o, "a\"b", 3, &v), "key with escaped quote found");

	/* whitespace everywhere */
	ok(json_obj_parse(&o, span_str(" { \"a\" : [ 1 , 2 ] , \"b\" : \"x\" } "), 0) == NULL,
	   "spaced record parses");
	ok(span_is(val_text(&o, "a"), "[ 1 , 2 ]"), "spaced array raw");
	ok(span_is(val_text(&o, "b"), "\"x\""), "spaced string raw");
	ok(json_get(span_str(" { \"a\" : [ 1 , 2 ] , \"b\" : \"x\" } "), "b", 1, &v) &&
	   span_is(v.raw, "\"x\""), "json_get with spaces");

	/* an invalid record leaves nothing indexed */
	ok(json_obj_parse(&o, span_str("{\"a\":1,\"b\":}"), 0) != NULL, "invalid record rejected");
	is_int(o.n, 0, "no members after a rejected record");

	/* many members: the index grows */
	struct buf b = BUF_INIT;
	buf_addc(&b, '{');
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
	buf_addc(&b, '}');
	ok(json_obj_parse(&o, span_make(b.p, b.len), 0) == NULL, "1000 members parse");
	is_int(o.n, 1000, "1000 members indexed");
	ok(json_obj_get(&o, "k999", 4, &v) && span_is(v.raw, "999"), "the last of 1000 members");
	buf_free(&b);
	json_obj_free(&o);

	/* the walker never leaves the text on garbage */
	const char *junk[] = { "{\"a", "{\"a\":", "{\"a\":\"", "{\"a\":[[[", "{\"a\":\"\\", "x", "",
			       "{\"a\"", "{,", "{\"a\":1 \"b\":2}" };
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		json_get(span_str(junk[i]), "a", 1, &v);
		json_path(span_str(junk[i]), "a.b", 3, &v);
	}
	ok(1, "json_get/json_path on truncated text do not crash");
}

static void test_iter(void)
{
	struct json_iter it;
	struct span k;
	struct json_val v;
	int n = 0;
	bool order = true;
	const char *keys[] = { "a", "b", "c" };
	json_iter_init(&it, span_str("{\"a\":{\"x\":[1,\"]\"]},\"b\":\"}\",\"c\":-1.5e3}"));
	while (json_iter_next(&it, &k, &v)) {
		if (n >= 3 || !span_eq(k, keys[n]))
			order = false;
		n++;
	}
	is_int(n, 3, "iterate three members");
	ok(order, "members in order, brackets inside strings skipped");
	json_iter_init(&it, span_str("{}"));
	ok(!json_iter_next(&it, &k, &v), "empty object: no members");

	/* arrays */
	enum json_type want[] = { JSON_OBJECT, JSON_STRING, JSON_NUMBER, JSON_ARRAY, JSON_NULL };
	n = 0;
	order = true;
	json_array_init(&it, span_str("[{\"t\":\"]\"}, \"x,y\", 2e3, [1,[2]], null]"));
	while (json_array_next(&it, &v)) {
		if (n >= 5 || v.type != want[n])
			order = false;
		n++;
	}
	is_int(n, 5, "iterate five array elements");
	ok(order, "elements in order with their types, nested brackets skipped");
	json_array_init(&it, span_str("[ ]"));
	ok(!json_array_next(&it, &v), "empty array: no elements");
	json_array_init(&it, span_str("{\"a\":1}"));
	ok(!json_array_next(&it, &v), "an object is not iterated as an array");
}

static void test_decode(void)
{
	struct buf s = BUF_INIT;
	struct json_val v = { JSON_STRING, span_str("\"plain\"") };
	struct span r = json_str(v, &s);
	ok(span_is(r, "plain") && r.p == v.raw.p + 1, "no escapes: a direct span, no copy");
	v.raw = span_str("\"a\\n\\t\\\"\\\\\\/\\b\\f\\r\"");
	r = json_str(v, &s);
	ok(r.len == 9 && memcmp(r.p, "a\n\t\"\\/\b\f\r", 9) == 0, "simple escapes decoded");
	v.raw = span_str("\"\\u00e9\\u20ac\\ud83d\\ude00\"");
	r = json_str(v, &s);
	ok(span_is(r, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), "\\u escapes and a surrogate pair");
	v.raw = span_str("\"\\ud800x\"");
	ok(span_is(json_str(v, &s), "\xef\xbf\xbdx"), "lone high surrogate -> U+FFFD");
	v.raw = span_str("\"\\udc00\"");
	ok(span_is(json_str(v, &s), "\xef\xbf\xbd"), "lone low surrogate -> U+FFFD");
	v.raw = span_str("\"\\ud800\\u0041\"");
	ok(span_is(json_str(v, &s), "\xef\xbf\xbd" "A"), "high surrogate then a non-surrogate");
	v.raw = span_str("\"\\ude00\\ud83d\"");
	ok(span_is(json_str(v, &s), "\xef\xbf\xbd\xef\xbf\xbd"), "inverted pair -> two U+FFFD");
	v.raw = span_str("\"a\\u0000b\"");
	r = json_str(v, &s);
	ok(r.len == 3 && memcmp(r.p, "a\0b", 3) == 0, "\\u0000 decodes to a NUL byte");
	v.type = JSON_NUMBER;
	v.raw = span_str("12");
	ok(json_str(v, &s).p == NULL, "json_str of a number: SPAN_NULL");
	buf_free(&s);

	double d;
	int64_t i;
	bool b;
	v.type = JSON_NUMBER;
	v.raw = span_str("503");
	ok(json_num(v, &d) && d == 503, "json_num integer");
	ok(json_int(v, &i) && i == 503, "json_int integer");
	v.raw = span_str("-0.25");
	ok(json_num(v, &d) && d == -0.25, "json_num fraction");
	ok(!json_int(v, &i), "json_int refuses a fraction");
	v.raw = span_str("1e3");
	ok(json_int(v, &i) && i == 1000, "json_int of 1e3");
	v.raw = span_str("1e999");
	ok(json_num(v, &d) && d > 1e308, "1e999 is huge, not an error");
	ok(!json_int(v, &i), "json_int refuses 1e999");
	v.raw = span_str("9223372036854775807");
	ok(json_int(v, &i) && i == INT64_MAX, "json_int INT64_MAX");
	v.raw = span_str("-9223372036854775808");
	ok(json_int(v, &i) && i == INT64_MIN, "json_int INT64_MIN");
	v.raw = span_str("9223372036854775808");
	ok(!json_int(v, &i), "json_int refuses INT64_MAX+1");
	v.raw = span_str("123456789012345678901234567890");
	ok(json_num(v, &d) && d > 1.2e29 && d < 1.3e29, "json_num of a 30-digit number");
	v.raw = span_str("12abc");
	ok(!json_num(v, &d), "json_num refuses a non-number");
	v.type = JSON_STRING;
	v.raw = span_str("\"12\"");
	ok(!json_num(v, &d), "json_num refuses a string");
	v.type = JSON_TRUE;
	v.raw = span_str("true");
	ok(json_bool(v, &b) && b, "json_bool true");
	v.type = JSON_FALSE;
	ok(json_bool(v, &b) && !b, "json_bool false");
	v.type = JSON_NULL;
	ok(!json_bool(v, &b), "json_bool refuses null");
	is_str(json_type_name(JSON_OBJECT), "object", "type name");
	is_str(json_type_name((enum json_type)99), "none", "type name out of range");
}

/* Read a whole file into b. */
static bool slurp(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	buf_reset(b);
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(b, tmp, n);
	fclose(f);
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_suite(void)
{
	const char *corpus = getenv("CORPUS");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/json/test_parsing", corpus && *corpus ? corpus : "../shared/corpus");
	DIR *d = opendir(dir);
	if (!d) {
		tap_n++;
		printf("ok %d # skip JSONTestSuite: %s not found (set CORPUS)\n", tap_n, dir);
		return;
	}
	char **names = NULL;
	size_t nn = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strlen(e->d_name) < 3 || e->d_name[1] != '_')
			continue;
		if (nn == cap) {
			cap = cap ? cap * 2 : 512;
			names = realloc(names, cap * sizeof *names);
		}
		names[nn++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof *names, cmp_str);
	int y = 0, y_ok = 0, n = 0, n_ok = 0, i = 0, i_acc = 0;
	struct buf b = BUF_INIT;
	struct json_obj o = JSON_OBJ_INIT;
	for (size_t k = 0; k < nn; k++) {
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, names[k]);
		if (!slurp(path, &b)) {
			ok(0, names[k]);
			continue;
		}
		struct span t = span_make(b.p ? b.p : "", b.len);
		const char *why = json_validate(t, JSON_ANY);
		/* the record parser must agree with the validator on objects */
		const char *owhy = json_obj_parse(&o, t, 0);
		bool obj_ok = !why == !owhy || (!why && owhy && strcmp(owhy, "not an object") == 0);
		char what[600];
		switch (names[k][0]) {
		case 'y':
			y++;
			y_ok += !why;
			snprintf(what, sizeof what, "accept %s%s%s", names[k], why ? ": " : "", why ? why : "");
			ok(!why && obj_ok, what);
			break;
		case 'n':
			n++;
			n_ok += !!why;
			snprintf(what, sizeof what, "reject %s (%s)", names[k], why ? why : "accepted!");
			ok(why && obj_ok, what);
			break;
		case 'i':
			i++;
			i_acc += !why;
			printf("# i_ %s: %s%s\n", names[k], why ? "rejected: " : "accepted", why ? why : "");
			break;
		}
		free(names[k]);
	}
	free(names);
	buf_free(&b);
	json_obj_free(&o);
	printf("# JSONTestSuite: y_ %d/%d accepted, n_ %d/%d rejected, i_ %d files: %d accepted, %d rejected\n",
	       y_ok, y, n_ok, n, i, i_acc, i - i_acc);
	ok(y == 95 && n == 188 && i == 35, "the whole suite was read (95 y_, 188 n_, 35 i_)");
}

int main(void)
{
	test_validate();
	test_lookup();
	test_iter();
	test_decode();
	test_suite();
	return tap_done();
}
