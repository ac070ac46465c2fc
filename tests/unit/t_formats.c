/* Unit tests of the format parsers (lib/fmt_*.c), the detector
 * (lib/format.c) and entry helpers (lib/entry.c). */
#include <stdlib.h>

#include "format.h"
#include "tap.h"

static struct entry E;

static bool parse(const struct format *f, const char *line)
{
	entry_clear(&E);
	return f->parse(span_str(line), &E);
}

/* A field's value as a C string (static copy), or NULL when absent. */
static const char *field(const char *key)
{
	static char v[4][1024];
	static int k;
	for (int i = 0; i < E.nfields; i++)
		if (strcmp(E.fields[i].key, key) == 0) {
			char *s = v[k++ & 3];
			size_t n = E.fields[i].val.len < 1023 ? E.fields[i].val.len : 1023;
			memcpy(s, E.fields[i].val.p, n);
			s[n] = '\0';
			return s;
		}
	return NULL;
}

static bool is_num(const char *key)
{
	for (int i = 0; i < E.nfields; i++)
		if (strcmp(E.fields[i].key, key) == 0)
			return E.fields[i].type == FIELD_NUM;
	return false;
}

static const char *message(void)
{
	static char m[4096];
	if (!E.has_message)
		return NULL;
	size_t n = E.message.len < sizeof m - 1 ? E.message.len : sizeof m - 1;
	memcpy(m, E.message.p, n);
	m[n] = '\0';
	return m;
}

static void test_syslog(void)
{
	ok(parse(&fmt_syslog, "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick"),
	   "syslog: RFC 3164 with PRI");
	is_str(E.format, "syslog", "syslog: format");
	ok(E.has_ts && E.ts.mon == 10 && E.ts.day == 11 && E.ts.year == 0 && !E.ts.has_off,
	   "syslog: yearless, zone-less time");
	is_str(field("facility"), "auth", "syslog: facility from PRI 34");
	is_str(field("severity"), "crit", "syslog: severity from PRI 34");
	is_int(E.level, LV_CRITICAL, "syslog: level from the severity");
	is_str(field("hostname"), "mymachine", "syslog: hostname");
	is_str(field("process"), "su", "syslog: process");
	ok(field("pid") == NULL, "syslog: no pid without [pid]");
	is_str(message(), "'su root' failed for lonvick", "syslog: message");

	ok(parse(&fmt_syslog, "Jun  3 16:33:35 web1 sshd[4242]: Accepted publickey\r"),
	   "syslog: without PRI, CRLF");
	is_str(field("pid"), "4242", "syslog: pid");
	ok(is_num("pid"), "syslog: pid is a number");
	is_int(E.level, LV_NONE, "syslog: no PRI, level left to the message");
	ok(field("facility") == NULL && field("severity") == NULL, "syslog: no PRI, no facility");
	is_str(message(), "Accepted publickey", "syslog: the CR is not in the message");

	ok(parse(&fmt_syslog, "2026-11-23T10:15:32.123456+01:00 web1 CRON[77]: (root) CMD (x)"),
	   "syslog: rsyslog high-precision time");
	ok(E.ts.year == 2026 && E.ts.ndigits == 6 && E.ts.off == 60, "syslog: RFC 3339 time kept");
	is_str(field("process"), "CRON", "syslog: rsyslog process");

	ok(parse(&fmt_syslog, "<13>Feb 13 20:07:26 host root[8539]:syslog message"),
	   "syslog: colon glued to the message");
	ok(strcmp(field("process"), "root") == 0 && strcmp(message(), "syslog message") == 0,
	   "syslog: glued tag split");
	ok(parse(&fmt_syslog, "Jan  4 10:23:26 mac Setup Assistant[1173]: Creating connection"),
	   "syslog: process name with a space");
	is_str(field("process"), "Setup Assistant", "syslog: multi-word process before [pid]");
	ok(parse(&fmt_syslog, "Jun 13 16:33:35 haproxy[73411]: Proxy started."),
	   "syslog: no hostname");
	ok(field("hostname") == NULL && strcmp(field("process"), "haproxy") == 0,
	   "syslog: tag without host");
	ok(parse(&fmt_syslog, "<34>Oct 11 22:14:15 : a message") && field("hostname") == NULL &&
	   field("process") == NULL && strcmp(message(), "a message") == 0,
	   "syslog: neither host nor tag");
	ok(parse(&fmt_syslog, "Oct 11 22:14:15 host") && strcmp(field("hostname"), "host") == 0 &&
	   E.message.len == 0, "syslog: header only");
	ok(parse(&fmt_syslog, "Oct 11 22:14:15 host app[0123]: x") && field("pid") == NULL &&
	   strcmp(field("procid"), "0123") == 0, "syslog: a pid with a leading zero is a procid");
	ok(parse(&fmt_syslog, "Oct 11 22:14:15 host app[12345678901]: x") && field("pid") == NULL,
	   "syslog: an 11-digit pid is not a number");

	ok(parse(&fmt_syslog, "<190>Feb 13 21:31:56 h liblogging-stdlog:  [origin software=\"rsyslogd\" "
			      "x-pid=\"8979\"] start"), "syslog: rsyslog SD after the tag");
	is_str(field("sd.origin.software"), "rsyslogd", "syslog: SD param as a field");
	is_str(message(), "start", "syslog: SD block taken out of the message");
	ok(parse(&fmt_syslog, "<46>Jan  5 15:33:03 h rsyslogd:  [software=\"r\" v=\"8\"] start") &&
	   strcmp(message(), "[software=\"r\" v=\"8\"] start") == 0,
	   "syslog: a block with no SD-ID stays in the message");
	ok(parse(&fmt_syslog, "<131>Jun 8 11:54:08 master apache_error [Tue Jun 08 11:54:08 2021] x") &&
	   strcmp(message(), "[Tue Jun 08 11:54:08 2021] x") == 0,
	   "syslog: bracketed text that is not SD stays in the message");

	ok(parse(&fmt_syslog, "srv sshd[13709]: error: PAM: Authentication failure") && !E.has_ts &&
	   strcmp(field("hostname"), "srv") == 0 && strcmp(field("pid"), "13709") == 0 &&
	   strcmp(message(), "error: PAM: Authentication failure") == 0,
	   "syslog: HOST TAG[PID]: MSG without a time");
	ok(!parse(&fmt_syslog, "srv sshd: no pid"), "syslog: without a time, a [pid] is needed");
	ok(!parse(&fmt_syslog, "ERROR main[12]: x"), "syslog: without a time, no host is ERROR");
	ok(!parse(&fmt_syslog, "a b[12] c"), "syslog: without a time, the tag ends with ':'");
	ok(!parse(&fmt_syslog, "<13>srv sshd[1]: x"), "syslog: a PRI needs a time");
	ok(parse(&fmt_syslog, "Oct 27 2015 09:24:46 mac.example screensharingd[1170]: FAILED") &&
	   E.ts.year == 2015 && strcmp(field("process"), "screensharingd") == 0,
	   "syslog: macOS's time with a year");
	ok(!parse(&fmt_syslog, "not a syslog line"), "syslog: rejects text");
	ok(!parse(&fmt_syslog, "Oct 11 22:14:15x host"), "syslog: rejects a time glued to text");
	ok(!parse(&fmt_syslog, "Oct 32 22:14:15 host x"), "syslog: rejects day 32");
	ok(!parse(&fmt_syslog, "<999>Oct 11 22:14:15 host x"), "syslog: rejects PRI 999");
	ok(!parse(&fmt_syslog, "2026-11-23 10:15:32,123 INFO app x"),
	   "syslog: rejects a space-separated ISO time (that is Python's)");
	ok(!parse(&fmt_syslog, ""), "syslog: rejects an empty line");
	ok(!parse(&fmt_syslog, "2026-11-23T10:15:32.123Z ERROR [main] boom"),
	   "syslog: rejects 'TS LEVEL msg' (no host is called ERROR)");
	ok(!parse(&fmt_syslog, "Nov 23 10:15:32 WARN something odd"),
	   "syslog: rejects a level word where the host goes, without PRI");
	ok(!parse(&fmt_syslog, "2015-11-17T05:45:24.077255Z elb 54.161.222.121:40909 10.0.0.1:443 0.1 200"),
	   "syslog: an RFC 3339 line without PRI needs a tag (ELB log)");
	ok(!parse(&fmt_syslog, "2022-06-02T12:25:11.537Z info wcp [util.go:148] x"),
	   "syslog: an RFC 3339 line without PRI needs a tag with a colon or [pid]");
	ok(!parse(&fmt_syslog, "2020-08-06T14:25:02.835618Z 0 [Note] DDL log recovery"),
	   "syslog: an RFC 3339 line without PRI: '[Note]' is no tag");
	ok(!parse(&fmt_syslog, "2025-01-14T16:10:44.175-07:00  INFO 93649 --- [main] x"),
	   "syslog: an RFC 3339 line without PRI has a host");
	ok(!parse(&fmt_syslog, "2022-06-02T05:34:23Z In(14)[+] hostprofile[1001430319]: x"),
	   "syslog: an RFC 3339 line without PRI: a [pid] is digits");
	ok(!parse(&fmt_syslog, "2022-06-02T02:16:57.414Z cpu31:1001392590 opID=827cfaf)<unk>: x"),
	   "syslog: an RFC 3339 line without PRI: a tag of name characters");
	ok(parse(&fmt_syslog, "2026-11-23T10:15:32Z web1 postfix/smtpd[9]: x") &&
	   strcmp(field("process"), "postfix/smtpd") == 0, "syslog: rsyslog tag with a slash");
	ok(parse(&fmt_syslog, "Nov 23 10:15:32 warn-gw01 sshd[1]: x") &&
	   strcmp(field("hostname"), "warn-gw01") == 0, "syslog: a host that starts like a level");
}

static void test_rfc5424(void)
{
	ok(parse(&fmt_rfc5424, "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
			       "[exampleSDID@32473 iut=\"3\" key=\"a \\\"q\\\" \\\\ \\]\"] \xEF\xBB\xBF"
			       "An application event"),
	   "rfc5424: full line");
	is_str(E.format, "rfc5424", "rfc5424: format");
	ok(E.ts.year == 2003 && E.ts.ndigits == 3 && E.ts.has_off && E.ts.off == 0, "rfc5424: time");
	is_str(field("hostname"), "mymachine.example.com", "rfc5424: hostname");
	is_str(field("process"), "evntslog", "rfc5424: APP-NAME is process");
	ok(field("pid") == NULL && field("procid") == NULL, "rfc5424: '-' PROCID gives nothing");
	is_str(field("msgid"), "ID47", "rfc5424: msgid");
	is_str(field("facility"), "local4", "rfc5424: facility");
	is_str(field("severity"), "notice", "rfc5424: severity");
	is_str(field("sd.exampleSDID@32473.iut"), "3", "rfc5424: SD param");
	is_str(field("sd.exampleSDID@32473.key"), "a \"q\" \\ ]", "rfc5424: SD escapes undone");
	is_str(message(), "An application event", "rfc5424: BOM dropped from the message");

	ok(parse(&fmt_rfc5424, "<14>1 - 10.0.4.87 Serial-Debugger - - - Serializer started!") &&
	   !E.has_ts && strcmp(field("hostname"), "10.0.4.87") == 0 &&
	   strcmp(message(), "Serializer started!") == 0, "rfc5424: '-' time gives no timestamp");
	ok(parse(&fmt_rfc5424, "1 2020-05-22T14:59:09.250-03:00 H A:rpd 6589 - - msg") &&
	   field("facility") == NULL && strcmp(field("pid"), "6589") == 0 && E.ts.off == -180,
	   "rfc5424: without PRI");
	ok(parse(&fmt_rfc5424, "<13>1 1970-01-01T00:00:00.000000+00:00 h u - - [] Hello!") &&
	   strcmp(message(), "Hello!") == 0, "rfc5424: malformed '[]' SD skipped");
	ok(parse(&fmt_rfc5424, "<13>1 2019-02-13T19:48:34+00:00 h root 8449 - [incorrect x] qwerty") &&
	   strcmp(message(), "qwerty") == 0, "rfc5424: param without value skipped");
	ok(parse(&fmt_rfc5424, "<13>1 2019-02-13T19:48:34+00:00 h root 8449 - [a x=\"1\"][b] q") &&
	   strcmp(field("sd.a.x"), "1") == 0 && strcmp(message(), "q") == 0,
	   "rfc5424: two elements, one empty");
	ok(parse(&fmt_rfc5424, "<13>1 2019-02-13T19:48:34Z h a p m -") && E.message.len == 0,
	   "rfc5424: no message");

	/* Many SD params: the scratch space runs out, fields are dropped, nothing breaks. */
	struct buf b = BUF_INIT;
	buf_adds(&b, "<13>1 2019-02-13T19:48:34Z h a p m [id");
	for (int i = 0; i < 3000; i++)
		buf_printf(&b, " k%d=\"v\\\"%d\"", i, i);
	buf_adds(&b, "] end");
	buf_addc(&b, '\0');
	ok(parse(&fmt_rfc5424, b.p), "rfc5424: 3000 SD params parse");
	ok(E.nfields <= ENTRY_MAX_FIELDS && E.dropped > 0 && strcmp(message(), "end") == 0,
	   "rfc5424: fields past the limit are dropped and counted");
	buf_free(&b);

	ok(parse(&fmt_rfc5424, "2022-08-27T17:22:01.694554+03:00 host.example CRON 20856 - -  (root) CMD") &&
	   strcmp(field("process"), "CRON") == 0 && strcmp(field("pid"), "20856") == 0 &&
	   strcmp(message(), "(root) CMD") == 0, "rfc5424: without PRI and VERSION");
	ok(parse(&fmt_rfc5424, "2022-08-27T14:22:01.888Z h NSX 4828 SWITCHING [abc@6876 comp=\"e\"] x") &&
	   strcmp(field("sd.abc@6876.comp"), "e") == 0, "rfc5424: without PRI and VERSION, with SD");
	ok(!parse(&fmt_rfc5424, "2015-11-17T05:45:24Z elb 54.1.2.3:40909 10.0.0.1:443 0.000031 0.009 200"),
	   "rfc5424: without PRI and VERSION, SD must be '-' or [...]");
	ok(!parse(&fmt_rfc5424, "2022-06-02T12:23:44.070Z INFO tokenservice[83] [CorId=x OpId=y] msg"),
	   "rfc5424: without PRI and VERSION, no host is called INFO");
	ok(!parse(&fmt_rfc5424, "2014-01-17T04:55:50.347Z [7F03 verbose 'Default' opID=2] [V] x"),
	   "rfc5424: without PRI and VERSION, a host of host characters");
	ok(!parse(&fmt_rfc5424, "- h a p m - x"), "rfc5424: without PRI and VERSION, a time is needed");
	ok(parse(&fmt_rfc5424, "<13>1 2019-02-13T19:48:34Z h a p m [i\\d k\\=\"v\"] x") &&
	   E.nfields > 0 && strcmp(E.fields[E.nfields - 1].key, "sd.i_d.k_") == 0,
	   "rfc5424: a backslash in an SD name does not reach the JSON key");
	ok(!parse(&fmt_rfc5424, "<13>1 "), "rfc5424: an empty time is no time (no read past it)");
	{
		/* the line ends right after "MSGID ": exact-size copy so ASan sees a read past it */
		static const char l[] = "<13>1 2019-02-13T19:48:34Z h a p m ";
		char *c = malloc(sizeof l - 1);
		memcpy(c, l, sizeof l - 1);
		entry_clear(&E);
		ok(fmt_rfc5424.parse(span_make(c, sizeof l - 1), &E) && E.message.len == 0,
		   "rfc5424: a line that ends after the MSGID and a space");
		free(c);
	}
	ok(!parse(&fmt_rfc5424, ""), "rfc5424: an empty line");
	ok(!parse(&fmt_rfc5424, "<13>2 2019-02-13T19:48:34Z h a p m - x"), "rfc5424: version 2");
	ok(!parse(&fmt_rfc5424, "<13>1 2019-02-13 19:48:34 h a p m - x"), "rfc5424: time with a space");
	ok(!parse(&fmt_rfc5424, "<13>1 2019-02-13T19:48:34Z h a"), "rfc5424: header cut short");
	ok(!parse(&fmt_rfc5424, "<13>Oct 11 22:14:15 host x"), "rfc5424: a BSD line");
}

static void test_access(void)
{
	ok(parse(&fmt_access, "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif "
			      "HTTP/1.0\" 200 2326"), "access: common");
	is_str(E.format, "common", "access: common format");
	is_str(field("ip"), "127.0.0.1", "access: ip");
	is_str(field("user"), "frank", "access: user");
	is_str(field("method"), "GET", "access: method");
	is_str(field("path"), "/apache_pb.gif", "access: path");
	is_str(field("protocol"), "HTTP/1.0", "access: protocol");
	ok(strcmp(field("status"), "200") == 0 && is_num("status"), "access: status number");
	ok(strcmp(field("size"), "2326") == 0 && is_num("size"), "access: size number");
	is_str(message(), "GET /apache_pb.gif HTTP/1.0", "access: message is the request line");
	is_int(E.level, LV_INFO, "access: level from 200");
	ok(E.ts.off == -420 && E.ts.year == 2000, "access: time");

	ok(parse(&fmt_access, "1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] \"POST /x HTTP/1.1\" 503 - "
			      "\"http://ref/\" \"Mozilla/5.0 (X11)\""), "access: combined");
	is_str(E.format, "combined", "access: combined format");
	is_str(field("size"), "0", "access: size '-' is 0");
	ok(field("user") == NULL, "access: user '-' omitted");
	is_str(field("referer"), "http://ref/", "access: referer");
	is_str(field("user_agent"), "Mozilla/5.0 (X11)", "access: user agent");
	is_int(E.level, LV_ERROR, "access: level from 503");

	ok(parse(&fmt_access, "www.example.com:443 1.2.3.4 - - [10/Feb/2012:16:41:07 -0500] \"GET / "
			      "HTTP/1.0\" 404 368 \"-\" \"-\""), "access: vhost_combined");
	is_str(E.format, "vhost_combined", "access: vhost_combined format");
	is_str(field("vhost"), "www.example.com:443", "access: vhost");
	ok(field("referer") == NULL && field("user_agent") == NULL, "access: '-' referer/agent omitted");
	is_int(E.level, LV_WARNING, "access: level from 404");

	ok(parse(&fmt_access, "172.17.0.1 - alice [01/Apr/2021:12:02:31 +0000] \"POST /nf HTTP/1.1\" "
			      "404 153 \"-\" \"curl/7\" 0.005 \"1.2.3.4, 10.10.1.1\""),
	   "access: nginx with request time and forwarded-for");
	ok(strcmp(field("response_time"), "0.005") == 0 && is_num("response_time"),
	   "access: response_time in seconds");
	is_str(field("forwarded_for"), "1.2.3.4, 10.10.1.1", "access: forwarded_for");
	ok(parse(&fmt_access, "1.1.1.1 - - [01/Apr/2021:12:02:31 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" "
			      "\"ua\" upstream=abc") && strcmp(field("extra"), "upstream=abc") == 0,
	   "access: unknown extras kept as extra");
	ok(parse(&fmt_access, "1.1.1.1 - - [01/Apr/2021:12:02:31 +0000] \"GET /a b HTTP/1.1\" 200 1") &&
	   strcmp(field("path"), "/a b") == 0, "access: a target with a space");
	ok(parse(&fmt_access, "1.1.1.1 - - [01/Jun/1995:00:00:59 -0600] \"GET /~scottp/publish.html\" "
			      "200 271") && strcmp(field("path"), "/~scottp/publish.html") == 0 &&
	   field("protocol") == NULL, "access: HTTP/0.9 request");
	ok(parse(&fmt_access, "0.0.0.0 - - [04/Oct/2022:03:07:27 +0000] \"\\x16\\x03\\x01\" 400 150 "
			      "\"-\" \"-\"") && field("method") == NULL && field("path") == NULL,
	   "access: a binary request is not split");
	ok(parse(&fmt_access, "0.0.0.0 - - [04/Oct/2022:04:34:49 +0000] \"\" 400 0 \"\" \"\"") &&
	   strcmp(field("referer"), "") == 0 && strcmp(field("user_agent"), "") == 0,
	   "access: empty quoted fields are kept as empty strings");
	ok(parse(&fmt_access, "1.1.1.1 - - [01/Apr/2021:12:02:31 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" "
			      "\"a \\\"quoted\\\" agent\"") &&
	   strcmp(field("user_agent"), "a \\\"quoted\\\" agent") == 0,
	   "access: escaped quotes do not end a field");
	ok(parse(&fmt_access, "10.1.10.51 -  -  [23/Dec/2014:21:20:35 +0000] \"POST /a HTTP/1.1\" 200 - "
			      "\"-\" \"-\"  293") && strcmp(E.format, "combined") == 0,
	   "access: padded fields");
	ok(parse(&fmt_access, "224.92.49.50 bob frank [25/Feb/2021:12:44:08 +0000] \"PATCH / HTTP/1.1\" "
			      "401 84170 - -") && strcmp(E.format, "combined") == 0,
	   "access: bare '-' referer and agent");
	ok(parse(&fmt_access, "1.1.1.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 000 0042") &&
	   strcmp(field("status"), "0") == 0 && strcmp(field("size"), "42") == 0,
	   "access: leading zeros do not make an invalid JSON number");
	ok(parse(&fmt_access, "- - - [-] \"-\" - -") && !E.has_ts && field("status") == NULL,
	   "access: all placeholders");

	ok(!parse(&fmt_access, "- - - - - - -"), "access: no bracketed time");
	ok(!parse(&fmt_access, "- - - [1234] - - -"), "access: a bad time");
	ok(!parse(&fmt_access, "1.1.1.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 20 1"),
	   "access: a two-digit status");
	ok(!parse(&fmt_access, "1.1.1.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 x"),
	   "access: a size that is not a number");
	ok(!parse(&fmt_access, "1.1.1.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0 200 1"),
	   "access: an unterminated request");
	ok(!parse(&fmt_access, "1.1.1.1 [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1"),
	   "access: ident and user missing");
	ok(!parse(&fmt_access, "Oct 11 22:14:15 host x"), "access: a syslog line");
}

static void test_python(void)
{
	ok(parse(&fmt_python, "2026-11-23 10:15:32,123 ERROR app.db connection lost"),
	   "python: default layout");
	is_str(E.format, "python", "python: format");
	is_int(E.level, LV_ERROR, "python: level");
	is_str(field("module"), "app.db", "python: module");
	is_str(message(), "connection lost", "python: message");
	ok(E.ts.ndigits == 3 && E.ts.nsec == 123000000 && !E.ts.has_off, "python: ',123' fraction");

	ok(parse(&fmt_python, "2026-11-23 10:15:32,123 - app.db - WARNING - disk low") &&
	   E.level == LV_WARNING && strcmp(field("module"), "app.db") == 0 &&
	   strcmp(message(), "disk low") == 0, "python: cookbook layout");
	ok(parse(&fmt_python, "[2026-11-23 10:15:32,123] CRITICAL in views: boom") &&
	   E.level == LV_CRITICAL && strcmp(field("module"), "views") == 0 &&
	   strcmp(message(), "boom") == 0, "python: Flask layout");
	ok(parse(&fmt_python, "DEBUG:urllib3.connectionpool:Starting new HTTPS connection") &&
	   E.level == LV_DEBUG && !E.has_ts && strcmp(field("module"), "urllib3.connectionpool") == 0,
	   "python: basicConfig layout");
	ok(parse(&fmt_python, "2026-11-23 10:15:32,123 INFO     app.db padded") &&
	   strcmp(field("module"), "app.db") == 0 && strcmp(message(), "padded") == 0,
	   "python: a level padded by %(levelname)-8s");
	ok(parse(&fmt_python, "2025-04-24 22:09:15,968 INFO [main] [server.py:47] - Receive") &&
	   strcmp(field("module"), "main") == 0, "python: '[%(name)s]' gives the name");
	ok(parse(&fmt_python, "2026-11-23 10:15:32,123 NOTSET root x") && E.level == LV_NONE,
	   "python: NOTSET leaves the level to the message");
	ok(parse(&fmt_python, "2026-11-23 10:15:32,123 FATAL root x") && E.level == LV_CRITICAL,
	   "python: FATAL is CRITICAL");

	ok(!parse(&fmt_python, "2026-11-23 10:15:32,123 BOGUS app x"), "python: unknown level");
	ok(!parse(&fmt_python, "INFO:has space:x"), "python: a logger name with a space");
	ok(!parse(&fmt_python, "2026-11-23T10:15:32 INFO app x"), "python: a 'T' time is not Python's");
	ok(!parse(&fmt_python, "Hello: world"), "python: a colon line");

	/* tracebacks join the record, chained ones too */
	static const char *const tb[] = {
		"Traceback (most recent call last):",
		"  File \"app.py\", line 3, in <module>",
		"    f()",
		"KeyError: 'x'",
		"",
		"During handling of the above exception, another exception occurred:",
		"",
		"Traceback (most recent call last):",
		"  File \"app.py\", line 5, in <module>",
		"ValueError: bad",
		"",
		"The above exception was the direct cause of the following exception:",
		"",
		"Traceback (most recent call last):",
		"\tFile \"x\"",
		"app.errors.Fatal",
		NULL,
	};
	int st = 0, joined = 0;
	for (int i = 0; tb[i]; i++)
		joined += fmt_python.join(span_str(tb[i]), &st);
	is_int(joined, 16, "python: a chained traceback joins whole");
	ok(!fmt_python.join(span_str("2026-11-23 10:15:33,000 INFO app next"), &st),
	   "python: the next record is not joined");
	st = 0;
	ok(!fmt_python.join(span_str("  indented but no traceback"), &st),
	   "python: no join without a traceback");
	st = 0;
	fmt_python.join(span_str("Traceback (most recent call last):"), &st);
	fmt_python.join(span_str("  File \"x\""), &st);
	ok(!fmt_python.join(span_str("ERROR:app:next record"), &st),
	   "python: a basicConfig record after a traceback is not an exception line");
	st = 0;
	fmt_python.join(span_str("Traceback (most recent call last):"), &st);
	fmt_python.join(span_str("ValueError: x"), &st);
	fmt_python.join(span_str(""), &st);
	ok(!fmt_python.join(span_str("Note: an unrelated line"), &st),
	   "python: after the exception and a blank line, text is not joined");
	is_str(fmt_python.join_key, "traceback", "python: joined into traceback");
}

static void test_detect(void)
{
	struct detector d = { 0 };
	const struct format *f;
	f = format_parse(&d, span_str("Oct 11 22:14:15 host app: x"), &E);
	ok(f == &fmt_syslog && d.last == &fmt_syslog, "detect: syslog, and it sticks");
	f = format_parse(&d, span_str("1.1.1.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1"),
			 &E);
	ok(f == &fmt_access && strcmp(E.format, "common") == 0, "detect: falls back per line (mixed)");
	f = format_parse(&d, span_str("<13>1 2019-02-13T19:48:34Z h a p m - x"), &E);
	ok(f == &fmt_rfc5424, "detect: rfc5424");
	f = format_parse(&d, span_str("2026-11-23 10:15:32,123 INFO app x"), &E);
	ok(f == &fmt_python, "detect: python");
	f = format_parse(&d, span_str("hello world"), &E);
	ok(f == &fmt_raw && strcmp(E.format, "raw") == 0 && d.last == &fmt_python,
	   "detect: raw does not stick");
	is_str(message(), "hello world", "detect: raw message is the line");
	f = format_parse(&d, span_str("\r"), &E);
	ok(f == &fmt_raw && E.message.len == 0, "detect: a lone CR is an empty raw line");

	struct detector forced = { .forced = &fmt_syslog };
	f = format_parse(&forced, span_str("1.1.1.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" "
					   "200 1"), &E);
	ok(f == &fmt_raw, "detect: -F syslog makes an access line raw");
	struct detector rawd = { .forced = &fmt_raw };
	f = format_parse(&rawd, span_str("Oct 11 22:14:15 host app: x"), &E);
	ok(f == &fmt_raw && E.nfields == 0 && !E.has_ts, "detect: -F raw makes every line raw");

	/* binary input never crashes a parser */
	char junk[4096];
	unsigned x = 12345;
	int crashes = 0;
	for (int round = 0; round < 2000; round++) {
		size_t n = (x = x * 1103515245 + 12345) % sizeof junk;
		for (size_t i = 0; i < n; i++)
			junk[i] = (char)((x = x * 1103515245 + 12345) >> 16);
		struct detector dd = { 0 };
		f = format_parse(&dd, span_make(junk, n), &E);
		crashes += f == NULL;
	}
	is_int(crashes, 0, "detect: 2000 random lines give a format each");
}

/*
 * Every prefix of every layout, and every one-byte change of it, parsed
 * from an exact-size heap copy: under ASan (make check SANITIZE=1) any
 * read past the end of a line is caught here.
 */
static void test_prefixes(void)
{
	static const char *const lines[] = {
		"<165>1 2003-10-11T22:14:15.003Z host.example evntslog 12 ID47 [ex@1 a=\"x\\\"y\" b=\"\"][c] \xEF\xBB\xBFmsg",
		"2022-08-27T14:22:01.888Z h NSX 4828 SW [abc@6876 comp=\"e\"] x",
		"<34>Oct 11 22:14:15 mymachine su[12]: 'su root' failed",
		"Oct 27 2015 09:24:46 mac Setup Assistant[1173]:msg",
		"<190>2019-02-13T21:53:30.605850+00:00 h liblogging-stdlog:  [origin software=\"r\"] start",
		"srv sshd[13709]: error: PAM",
		"Oct 11 22:14:15 host : x",
		"www.example.com:443 1.2.3.4 - bob [10/Feb/2012:16:41:07 -0500] \"GET /a b HTTP/1.0\" 404 368 \"-\" \"ua \\\"q\\\"\" 0.004 \"1.2.3.4, 5.6.7.8\" x=1",
		"1.1.1.1 - - [29/Aug/2023 22:02:58] \"GET / HTTP/1.1\" 200 - - -",
		"2026-11-23 10:15:32,123 - app.db - WARNING - disk low",
		"[2026-11-23 10:15:32,123] CRITICAL in views: boom",
		"2026-11-23 10:15:32,123 INFO     [main] padded",
		"WARNING:urllib3.connectionpool:Retrying",
		"Traceback (most recent call last):",
		"ValueError: bad",
		NULL,
	};
	const char subst[] = " \"[]\\=:-<>0T.,Z+\r";
	long calls = 0;
	for (int i = 0; lines[i]; i++) {
		size_t len = strlen(lines[i]);
		for (size_t n = 0; n <= len; n++) {
			for (size_t m = 0; m <= n + sizeof subst - 1; m++) {
				/* m == 0: the prefix as it is; else one byte changed */
				char *c = malloc(n ? n : 1);
				memcpy(c, lines[i], n);
				if (m > 0 && n > 0)
					c[(m * 7) % n] = subst[(m - 1) % (sizeof subst - 1)];
				for (int f = 0; format_table[f]; f++) {
					entry_clear(&E);
					format_table[f]->parse(span_make(c, n), &E);
					calls++;
				}
				int st = 1;
				fmt_python.join(span_make(c, n), &st);
				free(c);
				if (m > 0 && n == 0)
					break;
			}
		}
	}
	ok(calls > 100000, "prefixes: every parser on every prefix and one-byte change, no crash");
}

static void test_find(void)
{
	ok(format_find("syslog") == &fmt_syslog, "find: syslog");
	ok(format_find("rfc5424") == &fmt_rfc5424, "find: rfc5424");
	ok(format_find("access") == &fmt_access, "find: access");
	ok(format_find("combined") == &fmt_access, "find: combined is the access parser");
	ok(format_find("vhost_combined") == &fmt_access, "find: vhost_combined");
	ok(format_find("common") == &fmt_access, "find: common");
	ok(format_find("python") == &fmt_python, "find: python");
	ok(format_find("raw") == &fmt_raw, "find: raw");
	ok(format_find("nope") == NULL, "find: unknown");
	ok(format_find("") == NULL, "find: empty");
	ok(format_find("comb") == NULL, "find: a prefix is not a name");
	int n = 0;
	for (int i = 0; format_table[i]; i++)
		n++;
	ok(n >= 5 && format_table[n - 1] == &fmt_raw, "table: raw comes last");
}

static void test_numbers(void)
{
	static const char *const good[] = { "0", "-1", "1.5", "2.75", "1e5", "1E+5", "-0.0e-3", NULL };
	static const char *const bad[] = { "", "-", "01", "1.", ".5", "1e", "+1", "0x1", "1 ", "NaN", NULL };
	int g = 0, b = 0;
	for (int i = 0; good[i]; i++)
		g += json_number_valid(good[i], strlen(good[i]));
	for (int i = 0; bad[i]; i++)
		b += json_number_valid(bad[i], strlen(bad[i]));
	is_int(g, 7, "json_number_valid: accepts JSON numbers");
	is_int(b, 0, "json_number_valid: rejects what JSON does not allow");
	entry_clear(&E);
	ok(!entry_num(&E, "n", span_str("12a")) && E.nfields == 0, "entry_num: refuses a non-number");
	ok(entry_num(&E, "n", span_str("12")) && E.nfields == 1, "entry_num: adds a number");
}

int main(void)
{
	test_syslog();
	test_rfc5424();
	test_access();
	test_python();
	test_detect();
	test_prefixes();
	test_find();
	test_numbers();
	return tap_done();
}
