/* Unit tests of lib/report's helpers and of lib/stats on records built in
 * memory: thousands separators, terminal escaping (controls, C1, invalid
 * UTF-8, cutting), durations, sections, and a partial round trip. */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "level.h"
#include "report.h"
#include "stats.h"
#include "tap.h"

static const char *thousands(unsigned long long v)
{
	static struct buf b;
	buf_reset(&b);
	report_thousands(&b, v);
	return b.p;
}

static const char *esc(const char *s, size_t n, size_t maxw, bool utf8)
{
	static struct buf b;
	buf_reset(&b);
	buf_add(&b, "", 0);
	report_escape(&b, s, n, maxw, utf8);
	return b.p;
}

static void add(struct stats *s, const char *line)
{
	struct json_obj o = JSON_OBJ_INIT;
	const char *why = json_obj_parse(&o, span_str(line), 0);
	if (!why)
		stats_add(s, &o);
	json_obj_free(&o);
}

int main(void)
{
	is_str(thousands(0), "0", "0");
	is_str(thousands(999), "999", "999");
	is_str(thousands(1000), "1,000", "1,000");
	is_str(thousands(1234567), "1,234,567", "1,234,567");
	is_str(thousands(18446744073709551615ULL), "18,446,744,073,709,551,615", "max");

	is_str(esc("plain", 5, 0, true), "plain", "plain text unchanged");
	is_str(esc("a\033[31mb", 7, 0, true), "a\\x1b[31mb", "ESC escaped");
	is_str(esc("t\tn\nr\r\\", 7, 0, true), "t\\tn\\nr\\r\\\\", "tab, newline, CR, backslash");
	is_str(esc("\x7f", 1, 0, true), "\\x7f", "DEL escaped");
	is_str(esc("\xc2\x9b" "6n", 4, 0, true), "\\xc2\\x9b6n", "C1 control (CSI) escaped");
	is_str(esc("caf\xc3\xa9", 5, 0, true), "caf\xc3\xa9", "valid UTF-8 kept");
	is_str(esc("\xff\xfe", 2, 0, true), "\\xff\\xfe", "invalid UTF-8 escaped");
	is_str(esc("a\0b", 3, 0, true), "a\\x00b", "NUL escaped");
	is_str(esc("abcdefghij", 10, 5, true), "abcd\xe2\x80\xa6", "cut with an ellipsis");
	is_str(esc("abcdefghij", 10, 5, false), "abcd~", "cut with ~ outside UTF-8");
	is_str(esc("abcde", 5, 5, true), "abcde", "exactly the width: not cut");

	int64_t d;
	ok(stats_parse_duration("1h", &d) && d == 3600, "1h");
	ok(stats_parse_duration("90", &d) && d == 90, "plain seconds");
	ok(stats_parse_duration("5m", &d) && d == 300, "5m");
	ok(stats_parse_duration("2d", &d) && d == 172800, "2d");
	ok(!stats_parse_duration("0s", &d), "zero refused");
	ok(!stats_parse_duration("1x", &d), "unknown unit refused");
	ok(!stats_parse_duration("1hh", &d), "trailing junk refused");
	ok(!stats_parse_duration("-1h", &d), "negative refused");
	is_int(stats_section("http", 4), ST_HTTP, "section by name");
	is_int(stats_section("nope", 4), 0, "unknown section");
	is_str(stats_section_name(ST_TIMELINE), "timeline", "section name");

	struct stats_opts so = { .sections = ST_ALL, .max_keys = 100, .bucket = 60 };
	struct stats *s = stats_new(&so);
	ok(stats_add_by(s, "status,method") == NULL, "--by accepted");
	ok(stats_add_by(s, ",x") != NULL, "--by with an empty field refused");
	add(s, "{\"timestamp\":\"2026-11-23T10:00:30Z\",\"level\":\"ERROR\",\"source\":\"w\","
	       "\"message\":\"GET /a HTTP/1.1\",\"ip\":\"1.2.3.4\",\"path\":\"/a\",\"status\":502,"
	       "\"size\":7,\"response_time\":0.25,\"method\":\"GET\"}");
	add(s, "{\"timestamp\":\"2026-11-23T10:01:30Z\",\"level\":\"warn\",\"source\":\"w\","
	       "\"ip\":\"1.2.3.4\",\"path\":\"/b\",\"status\":404,\"size\":3}");
	add(s, "{\"level\":\"bogus\"}");
	is_int(s->total, 3, "three records");
	is_int(s->levels[LV_ERROR], 1, "ERROR counted");
	is_int(s->levels[LV_WARNING], 1, "level words mapped (warn)");
	is_int(s->level_other, 1, "unknown level counted apart");
	is_int(s->no_ts, 1, "record without timestamp");
	is_int(s->status[502] + s->status[404], 2, "status codes");
	is_int(s->rt.count, 1, "response time");
	is_int(topk_size(&s->timeline), 2, "two one-minute buckets");
	struct topk_item *ip = hmap_get(&s->ips.map, "1.2.3.4", 7);
	ok(ip && ip->count == 2 && ip->err == 2 && ip->bytes == 10, "ip: requests, errors >= 400, bytes");
	is_int(topk_size(&s->by[0].t), 3, "--by status,method: three groups (missing is a value)");

	/* Partial round trip: write, load into a fresh state, same JSON report. */
	struct buf p = BUF_INIT, r1 = BUF_INIT, r2 = BUF_INIT;
	stats_write_partial(s, &p);
	struct report_opts ro = { .format = REPORT_JSON, .sections = ST_ALL, .top = 10 };
	report_write(&r1, s, &ro);
	struct stats *m = stats_new(&so);
	struct json_obj o = JSON_OBJ_INIT;
	p.len--; /* the newline */
	ok(json_obj_parse(&o, span_make(p.p, p.len), 0) == NULL, "the partial state is one JSON object");
	ok(stats_load_partial(m, &o) == NULL, "it loads");
	report_write(&r2, m, &ro);
	is_str(r2.p, r1.p, "the loaded state reports the same");
	json_obj_free(&o);
	ok(json_obj_parse(&o, span_str("{\"level\":\"INFO\"}"), 0) == NULL &&
	   stats_load_partial(m, &o) != NULL, "a record is not a partial state");
	json_obj_free(&o);
	buf_free(&p);
	buf_free(&r1);
	buf_free(&r2);
	stats_free(m);
	stats_free(s);
	return tap_done();
}
