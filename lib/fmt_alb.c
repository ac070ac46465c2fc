/*
 * fmt_alb: AWS load balancer access logs.
 *
 *   http 2018-07-02T22:23:00.186641Z app/my-lb/50dc 192.168.131.39:2817 10.0.0.1:80
 *     0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1"
 *     "curl/7.46.0" - - arn:... "Root=1-..." ...                       (ALB, "alb")
 *   2015-05-13T23:39:43.945958Z my-lb 192.168.131.39:2817 10.0.0.1:80
 *     0.000073 0.001048 0.000057 200 200 0 29 "GET http://... HTTP/1.1" "curl/7.38.0" - -
 *                                                          (classic ELB, "elb")
 *
 * Fields: type (ALB), elb, ip (client without the port), target,
 * request_processing_time, target_processing_time, response_processing_time
 * (seconds; -1 is left out), status (the load balancer's), target_status,
 * received_bytes, size (sent bytes), method, path, protocol, user_agent,
 * ssl_cipher, ssl_protocol; and for ALB target_group_arn, trace_id,
 * domain_name.  A "-" is no field.  The level comes from the status.
 */
#include "fmtkit.h"
#include "format.h"
#include "scan.h"

/* The next space-separated field, a quoted one without its quotes. */
static bool next(struct scan *s, struct span *v)
{
	if (scan_done(s))
		return false;
	if (*s->p == '"') {
		s->p++;
		if (!scan_until(s, '"', v))
			return false;
	} else {
		*v = scan_token(s);
	}
	if (!scan_done(s) && !scan_char(s, ' '))
		return false;
	return true;
}

static bool dash(struct span v) { return v.len == 0 || (v.len == 1 && v.p[0] == '-'); }

static void opt_str(struct entry *e, const char *k, struct span v)
{
	if (!dash(v))
		entry_str(e, k, v);
}

static void opt_num(struct entry *e, const char *k, struct span v)
{
	if (!dash(v) && !span_eq(v, "-1"))
		entry_num(e, k, v);
}

/* METHOD TARGET PROTO; a "-" method or protocol is left out. */
static void request(struct entry *e, struct span r)
{
	const char *a = memchr(r.p, ' ', r.len);
	if (!a)
		return;
	const char *b = r.p + r.len;
	while (b > a && b[-1] != ' ')
		b--;
	if (b - 1 <= a)
		return;
	struct span m = span_make(r.p, (size_t)(a - r.p));
	struct span path = span_make(a + 1, (size_t)(b - 1 - (a + 1)));
	struct span proto = span_make(b, (size_t)(r.p + r.len - b));
	opt_str(e, "method", m);
	entry_str(e, "path", path);
	opt_str(e, "protocol", proto);
}

static bool is_addr(struct span v)
{
	if (dash(v))
		return true;
	return v.len >= 3 && memchr(v.p, ':', v.len) && (is_digit(v.p[0]) || (v.p[0] >= 'a' && v.p[0] <= 'f') ||
							 (v.p[0] >= 'A' && v.p[0] <= 'F') || v.p[0] == '[');
}

static bool lb_parse(struct span line, struct entry *e, bool alb)
{
	line = span_chomp(line);
	struct scan s = scan_make(line);
	struct span type = SPAN_NULL, ts, elb, client, target, t1, t2, t3, st, tst, rb, sb, req, ua;
	if (alb) {
		if (!next(&s, &type) ||
		    !(span_eq(type, "http") || span_eq(type, "https") || span_eq(type, "h2") ||
		      span_eq(type, "ws") || span_eq(type, "wss") || span_eq(type, "grpcs")))
			return false;
	}
	if (!next(&s, &ts) || ltime_parse_iso(ts.p, ts.len, &e->ts) != ts.len || !next(&s, &elb) ||
	    !next(&s, &client) || !is_addr(client) || !next(&s, &target) || !is_addr(target) ||
	    !next(&s, &t1) || !next(&s, &t2) || !next(&s, &t3) || !next(&s, &st) ||
	    !next(&s, &tst) || !next(&s, &rb) || !next(&s, &sb))
		return false;
	if (scan_done(&s) || *s.p != '"' || !next(&s, &req))
		return false;
	if (!span_all_digits(st) && !dash(st))
		return false;
	e->format = alb ? "alb" : "elb";
	e->has_ts = true;
	if (alb)
		entry_str(e, "type", type);
	entry_str(e, "elb", elb);
	if (!dash(client))
		entry_str(e, "ip", fk_strip_port(client));
	opt_str(e, "target", target);
	opt_num(e, "request_processing_time", t1);
	opt_num(e, "target_processing_time", t2);
	opt_num(e, "response_processing_time", t3);
	if (!dash(st)) {
		entry_num(e, "status", st);
		int code = 0;
		for (size_t i = 0; i < st.len && i < 4; i++)
			code = code * 10 + (st.p[i] - '0');
		e->level = level_from_status(code);
	} else {
		e->level = LV_INFO;
	}
	opt_num(e, "target_status", tst);
	opt_num(e, "received_bytes", rb);
	opt_num(e, "size", sb);
	request(e, req);
	if (next(&s, &ua))
		opt_str(e, "user_agent", ua);
	struct span v;
	if (next(&s, &v))
		opt_str(e, "ssl_cipher", v);
	if (next(&s, &v))
		opt_str(e, "ssl_protocol", v);
	if (alb) {
		if (next(&s, &v))
			opt_str(e, "target_group_arn", v);
		if (next(&s, &v))
			opt_str(e, "trace_id", v);
		if (next(&s, &v))
			opt_str(e, "domain_name", v);
	}
	return true;
}

static bool alb_parse(struct span line, struct entry *e)
{
	if (line.len < 60 || !(line.p[0] == 'h' || line.p[0] == 'w' || line.p[0] == 'g'))
		return false;
	return lb_parse(line, e, true);
}

static bool elb_parse(struct span line, struct entry *e)
{
	if (line.len < 60 || !is_digit(line.p[0]) || line.p[10] != 'T')
		return false;
	return lb_parse(line, e, false);
}

const struct format fmt_alb = {
	.name = "alb",
	.writes = "alb",
	.desc = "AWS Application Load Balancer access log",
	.parse = alb_parse,
};

const struct format fmt_elb = {
	.name = "elb",
	.writes = "elb",
	.desc = "AWS Classic Load Balancer access log",
	.parse = elb_parse,
};
