/* Unit tests of lib/htmlrep: escaping, sections from a JSON report,
 * hostile strings never becoming markup, no external references. */
#include <stdio.h>
#include <string.h>

#include "htmlrep.h"
#include "tap.h"

static const char report[] =
	"{\"period\":{\"start\":\"2026-11-23T03:00:00Z\",\"end\":\"2026-11-23T04:00:00Z\"},"
	"\"summary\":{\"total_entries\":12,\"without_timestamp\":0,\"errors\":3,"
	"\"level_distribution\":{\"INFO\":9,\"ERROR\":3},"
	"\"top_sources\":[{\"source\":\"<script>alert(1)</script>\",\"count\":12,\"errors\":3}]},"
	"\"errors\":{\"total\":3,\"top_errors\":[{\"message\":\"\\\"><img src=x onerror=alert(2)>\\u001b[31m\","
	"\"count\":3,\"first_seen\":\"2026-11-23T03:00:00Z\",\"last_seen\":null}],"
	"\"error_patterns\":[{\"pattern\":\"fail <NUM> & co\",\"count\":3,\"share\":1}]},"
	"\"performance\":{\"requests\":12,\"response_times\":{\"count\":12,\"min\":0.001,\"avg\":0.2,"
	"\"max\":2.5,\"p50\":0.1,\"p90\":0.3,\"p95\":0.4,\"p99\":2.4},"
	"\"status_distribution\":{\"200\":9,\"500\":3},"
	"\"top_paths\":[{\"path\":\"/a?q=</title><script src=//evil>\",\"count\":12,\"errors_5xx\":3}]},"
	"\"top_ips\":[{\"ip\":\"192.0.2.1\",\"count\":12,\"errors\":3,\"error_rate\":0.25,\"bytes\":100}],"
	"\"timeline\":{\"bucket_seconds\":3600,\"buckets\":[{\"start\":\"2026-11-23T03:00:00Z\",\"count\":12,\"errors\":3}]},"
	"\"by\":[{\"fields\":[\"user_agent\"],\"top\":[{\"values\":[\"Mozilla' onload='x\"],\"count\":2,\"errors\":0},"
	"{\"values\":[null],\"count\":1,\"errors\":0}]}]}";

int main(void)
{
	struct buf b = BUF_INIT;
	htmlrep_escape(&b, "<a href=\"x\">&'\x01\xff", 16);
	is_str(b.p, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\xef\xbf\xbd\xef\xbf\xbd", "escaping");
	buf_reset(&b);

	const char *why = htmlrep_write(&b, span_make(report, strlen(report)), "report <&>");
	ok(why == NULL, "a report renders");
	ok(strncmp(b.p, "<!DOCTYPE html>", 15) == 0, "a document");
	ok(strstr(b.p, "Content-Security-Policy\" content=\"default-src 'none'") != NULL, "CSP forbids scripts");
	ok(strstr(b.p, "<title>report &lt;&amp;&gt;</title>") != NULL, "title escaped");
	ok(strstr(b.p, "<script") == NULL, "no script element from the logs");
	ok(strstr(b.p, "<img") == NULL, "no img element from the logs");
	ok(strstr(b.p, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL, "source shown escaped");
	ok(strstr(b.p, "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\xef\xbf\xbd[31m") != NULL,
	   "message escaped, ESC replaced");
	ok(strstr(b.p, "Mozilla&#39; onload=&#39;x") != NULL, "--by value escaped");
	ok(strstr(b.p, "/a?q=&lt;/title&gt;&lt;script src=//evil&gt;") != NULL, "path escaped");
	ok(strstr(b.p, "http://") == NULL && strstr(b.p, "https://") == NULL && strstr(b.p, "src=\"") == NULL,
	   "no external reference");
	const char *sections[] = { "Summary", "Timeline", "Levels", "Status codes", "Top sources", "Top IPs",
				   "Top paths", "Response time", "Error patterns", "Top error messages",
				   "By user_agent", "<svg" };
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		char what[64];
		snprintf(what, sizeof what, "section %s", sections[i]);
		ok(strstr(b.p, sections[i]) != NULL, what);
	}
	buf_reset(&b);
	/* buckets at 03:00 and 05:00 of one hour: three slots, the second bar at slot 2 */
	static const char gaps[] = "{\"timeline\":{\"bucket_seconds\":3600,\"buckets\":["
		"{\"start\":\"2026-11-23T03:00:00Z\",\"count\":4,\"errors\":0},"
		"{\"start\":\"2026-11-23T05:00:00Z\",\"count\":2,\"errors\":0}]}}";
	ok(htmlrep_write(&b, span_make(gaps, strlen(gaps)), "t") == NULL, "timeline with a gap");
	ok(strstr(b.p, "<rect x=\"41.0\"") != NULL, "first bar at the start");
	ok(strstr(b.p, "<rect x=\"681.0\"") != NULL, "second bar after an empty slot");
	buf_reset(&b);
	/* 24 hourly buckets: time labels where they fit, never overlapping or past the edge */
	struct buf day = BUF_INIT;
	buf_adds(&day, "{\"timeline\":{\"bucket_seconds\":3600,\"buckets\":[");
	for (int h = 0; h < 24; h++)
		buf_printf(&day, "%s{\"start\":\"2026-11-23T%02d:00:00Z\",\"count\":%d,\"errors\":0}",
			   h ? "," : "", h, h + 1);
	buf_adds(&day, "]}}");
	ok(htmlrep_write(&b, span_make(day.p, day.len), "t") == NULL, "a day of buckets");
	int labels = 0;
	double prev = -1e9, x;
	bool apart = true;
	char c;
	for (const char *p = b.p; (p = strstr(p, "<text x=\"")); p++)
		if (sscanf(p, "<text x=\"%lf\" y=\"194\">2026-%c", &x, &c) == 2) {
			apart = apart && x - prev >= 150 && x + 150 <= 1001;
			prev = x;
			labels++;
		}
	ok(labels >= 5 && apart, "time labels apart and inside the chart");
	printf("# %d time labels\n", labels);
	buf_free(&day);
	buf_reset(&b);
	ok(htmlrep_write(&b, span_make("not json", 8), "x") != NULL, "not a report: a reason");
	buf_free(&b);
	return tap_done();
}
