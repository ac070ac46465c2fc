/*
 * Unit tests of lib/match: every kind of condition, on records with and
 * without the fields tested.
 */
#include <string.h>

#include "match.h"
#include "tap.h"

static const char *rec_txt =
	"{\"timestamp\":\"2026-11-23T10:15:32Z\",\"level\":\"WARNING\",\"source\":\"web\","
	"\"message\":\"GET /api/v1/Users HTTP/1.1\",\"ip\":\"10.1.2.3\",\"method\":\"GET\","
	"\"path\":\"/api/v1/Users\",\"status\":404,\"size\":0,\"user_agent\":\"curl/8.5.0\","
	"\"response_time\":1.75,\"pid\":\"123\",\"bot\":true,\"note\":\"tab\\there \\u00e9\","
	"\"ctx\":{\"user\":{\"id\":42}},\"sd.origin.ip\":\"192.0.2.1\"}";

static struct json_obj rec = JSON_OBJ_INIT;

/* Build a matcher from "kind:arg" conditions and run it on rec. */
static int run(const char *const *conds, bool icase)
{
	struct match *m = match_new();
	char err[256];
	int res = -1;
	match_set_icase(m, icase);
	for (; *conds; conds++) {
		const char *c = *conds;
		const char *a = c + 2;
		bool okc = true;
		switch (c[0]) {
		case 'q': match_add_grep(m, a); break;
		case 'e': match_add_regex(m, a); break;
		case 'n': match_add_in(m, a); break;
		case 'l': okc = match_add_level(m, a, err, sizeof err); break;
		case 's': match_add_source(m, a); break;
		case 'w': okc = match_add_where(m, a, err, sizeof err); break;
		case 'i': okc = match_add_ip(m, a, err, sizeof err); break;
		}
		if (!okc)
			goto out;
	}
	if (!match_finish(m, err, sizeof err))
		goto out;
	res = match_record(m, &rec);
out:
	match_free(m);
	return res;
}

#define T(want, what, ...)                                                  \
	do {                                                                \
		const char *c_[] = { __VA_ARGS__, NULL };                   \
		is_int(run(c_, false), want, what);                         \
	} while (0)
#define TI(want, what, ...)                                                 \
	do {                                                                \
		const char *c_[] = { __VA_ARGS__, NULL };                   \
		is_int(run(c_, true), want, what);                          \
	} while (0)

int main(void)
{
	ok(json_obj_parse(&rec, span_str(rec_txt), 0) == NULL, "the test record parses");
	{
		const char *none[] = { NULL };
		is_int(run(none, false), 1, "no condition: every record matches");
	}
	/* text */
	T(1, "-q substring of message", "q:/api/v1");
	T(0, "-q is case-sensitive", "q:/API/");
	TI(1, "-q -i folds ASCII case", "q:/API/V1/users");
	T(1, "-q twice: both present", "q:GET", "q:HTTP");
	T(0, "-q twice: one missing", "q:GET", "q:POST");
	T(0, "-q looks in message only by default", "q:curl");
	T(1, "--in user_agent", "q:curl", "n:user_agent");
	T(1, "--in '*' searches every string field", "q:curl", "n:*");
	T(1, "--in '*': texts may be found in different fields", "q:curl", "q:Users", "n:*");
	T(0, "--in '*' skips numbers", "q:404", "n:*");
	T(1, "--in a number field searches its text", "q:40", "n:status");
	T(1, "--in a dotted path", "q:42", "n:ctx.user.id");
	T(0, "--in a missing field", "q:x", "n:nothing");
	T(1, "-q sees decoded text (tab)", "q:tab\there", "n:note");
	T(1, "-q sees decoded text (\\u00e9)", "q:\xc3\xa9", "n:note");
	T(1, "-e regex on message", "e:^GET /api/v[0-9]+/");
	T(0, "-e regex mismatch", "e:^POST");
	TI(1, "-e -i caseless", "e:users HTTP");
	T(1, "-e with UTF-8", "e:\xc3\xa9$", "n:note");
	T(-1, "-e invalid regex is an error", "e:(unclosed");
	T(1, "-q empty text matches", "q:");

	/* level */
	T(1, "-l exact", "l:WARNING");
	T(1, "-l lower case and alias", "l:warn");
	T(0, "-l exact other", "l:ERROR");
	T(1, "-l >=INFO", "l:>=INFO");
	T(1, "-l >=WARNING", "l:>=WARNING");
	T(0, "-l >=ERROR", "l:>=ERROR");
	T(1, "-l <=WARNING", "l:<=WARNING");
	T(0, "-l <WARNING", "l:<WARNING");
	T(1, "-l >INFO", "l:>INFO");
	T(1, "-l list", "l:ERROR,WARNING");
	T(1, "-l range by two", "l:>=INFO", "l:<=ERROR");
	T(0, "-l disjoint twice", "l:ERROR", "l:WARNING");
	T(-1, "-l bad word", "l:LOUD");
	T(-1, "-l comparison with a list", "l:>=INFO,ERROR");

	/* source */
	T(1, "-s", "s:web");
	T(1, "-s several: any", "s:db", "s:web");
	T(0, "-s other", "s:db");

	/* where */
	T(1, "status>=400", "w:status>=400");
	T(0, "status>=500", "w:status>=500");
	T(1, "status=404", "w:status=404");
	T(1, "status==404", "w:status==404");
	T(1, "status=404.0 numerically", "w:status=404.0");
	T(1, "status!=200", "w:status!=200");
	T(1, "status<500", "w:status<500");
	T(1, "status<=404", "w:status<=404");
	T(0, "status>404", "w:status>404");
	T(1, "response_time>1.5", "w:response_time>1.5");
	T(0, "response_time>2", "w:response_time>2");
	T(1, "response_time>.5", "w:response_time>.5");
	T(1, "size=0", "w:size=0");
	T(1, "a string that is a number compares numerically", "w:pid>99");
	T(1, "method=GET", "w:method=GET");
	T(0, "method=POST", "w:method=POST");
	T(1, "method!=POST", "w:method!=POST");
	T(1, "ip!=10.0.0.1", "w:ip!=10.0.0.1");
	T(1, "path~^/api/", "w:path~^/api/");
	T(0, "path~^/admin", "w:path~^/admin");
	T(1, "path!~^/admin", "w:path!~^/admin");
	T(1, "user_agent~(?i)CURL", "w:user_agent~(?i)CURL");
	T(1, "status~^4 on a number's text", "w:status~^4");
	T(1, "bot=true", "w:bot=true");
	T(1, "timestamp>=2026-11-23 compares bytes", "w:timestamp>=2026-11-23");
	T(0, "timestamp<2026-11-23", "w:timestamp<2026-11-23");
	T(1, "string compare of decoded text", "w:note=tab\there \xc3\xa9");
	T(1, "nested path", "w:ctx.user.id=42");
	T(1, "flat dotted key", "w:sd.origin.ip=192.0.2.1");
	T(1, "has:ip", "w:has:ip");
	T(0, "has:traceback", "w:has:traceback");
	T(1, "!has:traceback", "w:!has:traceback");
	T(0, "!has:ip", "w:!has:ip");
	T(1, "has: nested", "w:has:ctx.user");
	T(0, "missing field: = is false", "w:user=bob");
	T(0, "missing field: != is false too", "w:user!=bob");
	T(0, "missing field: > is false", "w:bytes>0");
	T(0, "missing field: !~ is false", "w:user!~x");
	T(1, "several -w: all", "w:status>=400", "w:method=GET");
	T(0, "several -w: one fails", "w:status>=400", "w:method=POST");
	T(1, "empty value", "w:method!=");
	T(-1, "no operator", "w:status");
	T(-1, "no field", "w:=3");
	T(-1, "empty has:", "w:has:");
	T(-1, "bad regex in -w", "w:path~(");

	/* ip */
	T(1, "--ip 10.0.0.0/8", "i:10.0.0.0/8");
	T(0, "--ip 192.168.0.0/16", "i:192.168.0.0/16");
	T(1, "--ip several: any", "i:192.168.0.0/16", "i:10.1.2.0/24");
	T(1, "--ip a host", "i:10.1.2.3");
	T(-1, "--ip bad", "i:10.0.0.0/40");
	T(-1, "--ip garbage", "i:example.com");

	/* all together */
	T(1, "everything at once", "q:api", "l:>=WARNING", "s:web", "w:status=404", "i:10.0.0.0/8");
	T(0, "everything but one", "q:api", "l:>=WARNING", "s:web", "w:status=404", "i:11.0.0.0/8");

	/* a record without level, source, ip or message */
	ok(json_obj_parse(&rec, span_str("{\"x\":1}"), 0) == NULL, "a bare record parses");
	T(0, "-q on a record without message", "q:");
	T(0, "-l on a record without level", "l:>=DEBUG");
	T(0, "-s on a record without source", "s:web");
	T(0, "--ip on a record without ip", "i:0.0.0.0/0");
	T(1, "!has:message", "w:!has:message");
	ok(json_obj_parse(&rec, span_str("{\"ip\":\"not-an-ip\",\"level\":7}"), 0) == NULL, "odd record");
	T(0, "--ip on an unparsable ip", "i:0.0.0.0/0");
	T(0, "-l on a level that is not a string", "l:>=DEBUG");

	/* regex limit: catastrophic backtracking ends, counted */
	{
		struct buf b = BUF_INIT;
		buf_adds(&b, "{\"message\":\"");
		for (int i = 0; i < 5000; i++)
			buf_addc(&b, 'a');
		buf_adds(&b, "!\"}");
		ok(json_obj_parse(&rec, span_make(b.p, b.len), 0) == NULL, "long record parses");
		struct match *m = match_new();
		char err[256];
		match_add_regex(m, "^(a+)+$");
		ok(match_finish(m, err, sizeof err), "backtracking regex compiles");
		ok(!match_record(m, &rec), "catastrophic regex: no match, no hang");
		is_int(match_limit_hits(m), 1, "the limit hit is counted");
		match_free(m);
		buf_free(&b);
	}
	json_obj_free(&rec);
	return tap_done();
}
