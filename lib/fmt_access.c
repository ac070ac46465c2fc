/*
 * fmt_access: web server access logs (Apache and nginx).
 *
 *   common          %h %l %u %t "%r" %>s %b  (fields may be padded with spaces)
 *   combined        common "%{Referer}i" "%{User-Agent}i" [extras]
 *   vhost_combined  %v:%p before combined
 *
 * Extras after the user agent (nginx appends them): a number with a
 * fraction is $request_time in seconds (response_time); a quoted address
 * list is $http_x_forwarded_for (forwarded_for); anything else is kept as
 * "extra" so nothing is lost.  The request line is split into method,
 * path and protocol when it has that shape (the first word is the method,
 * the last the protocol, the target may hold spaces).  %t may also be
 * RFC 3339 or Python http.server's "[29/Aug/2023 22:02:58]" (no zone);
 * an unquoted "-" stands for an empty referer or user agent; status and
 * size lose leading zeros so they stay JSON numbers.
 */
#include "format.h"
#include "scan.h"

/* A quoted field: '"' ... '"' with backslash escapes left in place.
 * (Speed, the hot loop of lparse: quotes are found with memchr; a quote is
 * escaped when an odd run of backslashes precedes it, which is what a
 * byte-by-byte scan that skips the byte after each backslash decides.) */
static bool quoted(struct scan *s, struct span *out)
{
	if (!scan_char(s, '"'))
		return false;
	const char *b = s->p, *from = s->p, *q;
	while ((q = memchr(from, '"', (size_t)(s->end - from))) != NULL) {
		const char *k = q;
		while (k > from && k[-1] == '\\')
			k--;
		/* A closing quote ends the field or the line. */
		if ((q - k) % 2 == 0 && (q + 1 == s->end || q[1] == ' ')) {
			*out = span_make(b, (size_t)(q - b));
			s->p = q + 1;
			return true;
		}
		from = q + 1;
	}
	s->p = s->end;
	return false;
}

/* One or more spaces (some configurations pad fields: "-  -  [ts]"). */
static bool gap(struct scan *s)
{
	if (!scan_char(s, ' '))
		return false;
	scan_spaces(s);
	return true;
}

/* A quoted field, or an unquoted "-" (a placeholder some servers leave bare). */
static bool quoted_or_dash(struct scan *s, struct span *out)
{
	if (scan_left(s) >= 1 && *s->p == '-' && (scan_left(s) == 1 || s->p[1] == ' ')) {
		*out = span_make(s->p, 1);
		s->p++;
		return true;
	}
	return quoted(s, out);
}

/* Digits without their leading zeros ("0123" -> "123", "000" -> "0"), so
 * that they are a JSON number. */
static struct span no_leading_zeros(struct span v)
{
	while (v.len > 1 && v.p[0] == '0') {
		v.p++;
		v.len--;
	}
	return v;
}

static bool is_method_char(char c) { return (c >= 'A' && c <= 'Z') || c == '_' || c == '-'; }

static void request(struct entry *e, struct span r)
{
	entry_message(e, r);
	const char *sp1 = memchr(r.p, ' ', r.len);
	if (!sp1 || sp1 == r.p || sp1 - r.p > 24)
		return;
	for (const char *q = r.p; q < sp1; q++)
		if (!is_method_char(*q))
			return;
	const char *last = r.p + r.len;
	const char *sp2 = last;
	while (sp2 > sp1 && sp2[-1] != ' ')
		sp2--;
	struct span method = span_make(r.p, (size_t)(sp1 - r.p));
	if (sp2 - 1 > sp1 && span_starts(span_make(sp2, (size_t)(last - sp2)), "HTTP/")) {
		struct span path = span_make(sp1 + 1, (size_t)(sp2 - 1 - (sp1 + 1)));
		entry_str(e, "method", method);
		entry_str(e, "path", path);
		entry_str(e, "protocol", span_make(sp2, (size_t)(last - sp2)));
	} else if (memchr(sp1 + 1, ' ', (size_t)(last - sp1 - 1)) == NULL && sp1 + 1 < last) {
		/* HTTP/0.9: "GET /path" */
		entry_str(e, "method", method);
		entry_str(e, "path", span_make(sp1 + 1, (size_t)(last - sp1 - 1)));
	}
}

static bool is_decimal(struct span v)
{
	const char *dot = memchr(v.p, '.', v.len);
	return dot && json_number_valid(v.p, v.len);
}

static bool looks_like_addresses(struct span v)
{
	if (v.len == 0)
		return false;
	for (size_t i = 0; i < v.len; i++) {
		char c = v.p[i];
		if (!(is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' ||
		      c == ':' || c == ',' || c == ' '))
			return false;
	}
	return true;
}

/* The nginx/Apache fields after the user agent. */
static void extras(struct scan *s, struct entry *e)
{
	bool have_rt = false, have_fwd = false;
	while (!scan_done(s)) {
		scan_spaces(s);
		if (scan_done(s))
			break;
		const char *start = s->p;
		struct span v;
		bool q = *s->p == '"';
		if (!(q ? quoted(s, &v) : (v = scan_token(s), true))) {
			entry_str(e, "extra", scan_rest(s));
			return;
		}
		if (span_eq(v, "-"))
			continue;
		if (!have_rt && is_decimal(v)) {
			have_rt = true;
			entry_num(e, "response_time", v);
		} else if (!have_fwd && q && looks_like_addresses(v)) {
			have_fwd = true;
			entry_str(e, "forwarded_for", v);
		} else {
			s->p = start;
			entry_str(e, "extra", scan_rest(s));
			return;
		}
	}
}

static bool access_parse(struct span line, struct entry *e)
{
	line = span_chomp(line);
	struct scan s = scan_make(line);
	struct span tok[5];
	int ntok = 0;
	/* Up to four tokens before the bracketed time: [vhost] host ident user. */
	while (ntok < 5 && !scan_done(&s) && *s.p != '[') {
		tok[ntok++] = scan_token(&s);
		if (!gap(&s))
			return false;
	}
	if (ntok != 3 && ntok != 4)
		return false;
	if (tok[ntok - 3].len == 0)
		return false;
	struct span ts;
	if (!scan_char(&s, '[') || !scan_until(&s, ']', &ts) || !gap(&s))
		return false;
	struct span req;
	if (!quoted(&s, &req) || !gap(&s))
		return false;
	struct span status = scan_token(&s), size;
	if (!(status.len == 3 && span_all_digits(status)) && !span_eq(status, "-"))
		return false;
	if (!gap(&s))
		return false;
	size = scan_token(&s);
	if (!span_all_digits(size) && !span_eq(size, "-"))
		return false;

	e->has_ts = false;
	if (!span_eq(ts, "-")) {
		size_t used = ltime_parse_clf(ts.p, ts.len, &e->ts);
		if (!used)
			used = ltime_parse_iso(ts.p, ts.len, &e->ts);
		if (!used || used != ts.len)
			return false;
		e->has_ts = true;
	}
	struct span ref = SPAN_NULL, ua = SPAN_NULL;
	bool combined = false;
	if (gap(&s) && !scan_done(&s)) {
		if (!quoted_or_dash(&s, &ref))
			return false;
		if (!gap(&s) || !quoted_or_dash(&s, &ua))
			return false;
		combined = true;
	} else if (!scan_done(&s)) {
		return false;
	}

	e->format = ntok == 4 ? "vhost_combined" : combined ? "combined" : "common";
	if (ntok == 4)
		entry_str(e, "vhost", tok[0]);
	struct span host = tok[ntok - 3], user = tok[ntok - 1];
	if (!span_eq(host, "-"))
		entry_str(e, "ip", host);
	if (!span_eq(user, "-") && user.len)
		entry_str(e, "user", user);
	request(e, req);
	if (!span_eq(status, "-")) {
		entry_num(e, "status", no_leading_zeros(status));
		e->level = level_from_status((status.p[0] - '0') * 100 + (status.p[1] - '0') * 10 +
					     (status.p[2] - '0'));
	}
	entry_num(e, "size", span_eq(size, "-") ? span_str("0") : no_leading_zeros(size));
	if (combined) {
		if (!span_eq(ref, "-"))
			entry_str(e, "referer", ref);
		if (!span_eq(ua, "-"))
			entry_str(e, "user_agent", ua);
		extras(&s, e);
	}
	return true;
}

const struct format fmt_access = {
	.name = "access",
	.writes = "combined common vhost_combined",
	.desc = "Apache/nginx access logs: common, combined, vhost_combined, nginx extras",
	.parse = access_parse,
};
