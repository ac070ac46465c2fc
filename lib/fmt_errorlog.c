/*
 * fmt_errorlog: the error logs of Apache httpd and nginx.
 *
 *   [Sun Nov 23 10:15:32.123456 2026] [core:error] [pid 1:tid 2] [client 1.2.3.4:5678] msg
 *   [Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] msg        (Apache 2.2)
 *   2026/11/23 10:15:32 [error] 1#2: *3 msg, client: 1.2.3.4, server: x, request: "GET / HTTP/1.1"
 *
 * Apache: the time in brackets (ctime, also ISO, CLF or YYYY/MM/DD), then
 * "[module:level]" or "[level]", then optional [pid P:tid T], [client A]
 * and [remote A] blocks.  Fields: module, pid, tid, ip; a trailing
 * ", referer: URL" becomes referer.
 *
 * nginx: fields pid, tid, connection, and the ", key: value" pairs nginx
 * appends: client (ip), request (method, path, protocol), referrer
 * (referer), and the others (server, upstream, host, ...) by their name.
 * The message is the text before the first such pair.
 */
#include "fmtkit.h"
#include "format.h"
#include "scan.h"
#include "stamp.h"

/* "[body]" at s, brackets inside kept ("[client [2001:db8::1]:5678]"). */
static bool apache_block(struct scan *s, struct span *body)
{
	if (scan_left(s) < 3 || s->p[0] != '[')
		return false;
	int depth = 0;
	for (const char *q = s->p + 1; q < s->end; q++) {
		if (*q == '[') {
			depth++;
		} else if (*q == ']' && depth-- == 0) {
			*body = span_make(s->p + 1, (size_t)(q - s->p - 1));
			s->p = q + 1;
			scan_spaces(s);
			return true;
		}
	}
	return false;
}

static bool apache_error_parse(struct span line, struct entry *e)
{
	line = span_chomp(line);
	if (line.len < 24 || line.p[0] != '[')
		return false;
	size_t u = stamp_parse(line.p + 1, line.len - 1, &e->ts);
	if (!u || 1 + u >= line.len || line.p[1 + u] != ']')
		return false;
	struct scan s = scan_make(line);
	s.p += u + 2;
	scan_spaces(&s);
	struct span b, mod = SPAN_NULL;
	if (!apache_block(&s, &b))
		return false;
	const char *colon = memchr(b.p, ':', b.len);
	struct span lv = b;
	if (colon) {
		mod = span_make(b.p, (size_t)(colon - b.p));
		lv = span_make(colon + 1, b.len - mod.len - 1);
	}
	int level = fk_level(lv, false);
	if (level == LV_NONE)
		return false;
	e->format = "apache_error";
	e->has_ts = true;
	e->level = level;
	if (mod.len)
		entry_str(e, "module", mod);
	for (;;) {
		struct scan save = s;
		if (!apache_block(&s, &b))
			break;
		if (span_starts(b, "pid ")) {
			struct span v = span_make(b.p + 4, b.len - 4);
			const char *c = memchr(v.p, ':', v.len);
			struct span pid = c ? span_make(v.p, (size_t)(c - v.p)) : v;
			if (!entry_num(e, "pid", pid)) {
				s = save;
				break;
			}
			if (c && span_starts(span_make(c + 1, v.len - pid.len - 1), "tid "))
				entry_num(e, "tid", span_make(c + 5, v.len - pid.len - 5));
		} else if (span_starts(b, "client ") || span_starts(b, "remote ")) {
			struct span a = fk_strip_port(span_make(b.p + 7, b.len - 7));
			entry_str(e, b.p[0] == 'c' ? "ip" : "remote", a);
		} else {
			s = save;
			break;
		}
	}
	struct span msg = scan_rest(&s);
	for (size_t i = msg.len; i >= 11; i--)
		if (memcmp(msg.p + i - 11, ", referer: ", 11) == 0) {
			entry_str(e, "referer", span_make(msg.p + i, msg.len - i));
			msg.len = i - 11;
			break;
		}
	entry_message(e, msg);
	return true;
}

const struct format fmt_apache_error = {
	.name = "apache_error",
	.writes = "apache_error",
	.desc = "Apache httpd 2.2/2.4 error log: [time] [module:level] [pid] [client]",
	.parse = apache_error_parse,
};

static inline bool is_keych(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

/* At p: ", key: " with a lower-case key; its length (up to the value) or 0. */
static size_t nginx_key_at(const char *p, const char *end, struct span *key)
{
	if (end - p < 5 || p[0] != ',' || p[1] != ' ' || !is_keych(p[2]))
		return 0;
	const char *q = p + 2;
	while (q < end && is_keych(*q))
		q++;
	if (end - q < 2 || q[0] != ':' || q[1] != ' ')
		return 0;
	*key = span_make(p + 2, (size_t)(q - p - 2));
	return (size_t)(q + 2 - p);
}

static void nginx_pair(struct entry *e, struct span k, struct span v)
{
	if (v.len >= 2 && v.p[0] == '"' && v.p[v.len - 1] == '"') {
		v.p++;
		v.len -= 2;
	}
	if (span_eq(k, "client"))
		entry_str(e, "ip", v);
	else if (span_eq(k, "request"))
		fk_request(e, v);
	else if (span_eq(k, "referrer"))
		entry_str(e, "referer", v);
	else if (v.len) {
		const char *key = fk_key(e, NULL, k);
		if (key)
			entry_str(e, key, v);
	}
}

static bool nginx_error_parse(struct span line, struct entry *e)
{
	line = span_chomp(line);
	if (line.len < 24 || line.p[4] != '/' || line.p[19] != ' ' || line.p[20] != '[')
		return false;
	size_t u = stamp_parse_slash(line.p, line.len, &e->ts);
	if (u != 19)
		return false;
	struct scan s = scan_make(line);
	s.p += 21;
	struct span lv, pid, tid;
	if (!scan_until(&s, ']', &lv) || (e->level = fk_level(lv, false)) == LV_NONE ||
	    !scan_char(&s, ' ') || !scan_until(&s, '#', &pid) || !span_all_digits(pid) ||
	    !scan_until(&s, ':', &tid) || !span_all_digits(tid) || !scan_char(&s, ' '))
		return false;
	e->format = "nginx_error";
	e->has_ts = true;
	entry_num(e, "pid", pid);
	entry_num(e, "tid", tid);
	if (scan_left(&s) > 1 && s.p[0] == '*') {
		struct scan t = s;
		t.p++;
		struct span c = scan_token(&t);
		if (span_all_digits(c)) {
			entry_num(e, "connection", c);
			s = t;
			scan_spaces(&s);
		}
	}
	struct span rest = scan_rest(&s), k, nk;
	const char *end = rest.p + rest.len, *p = rest.p;
	size_t kl = 0;
	/* the message ends at the first ", key: " */
	for (; p < end; p++) {
		if (*p == '"') {  /* a quoted name in the message is not a key */
			const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
			if (q)
				p = q;
			continue;
		}
		if ((kl = nginx_key_at(p, end, &k)))
			break;
	}
	entry_message(e, span_make(rest.p, (size_t)(p - rest.p)));
	while (p < end && kl) {
		const char *v = p + kl, *q = v;
		size_t nkl = 0;
		if (q < end && *q == '"') {
			const char *cq = memchr(q + 1, '"', (size_t)(end - q - 1));
			q = cq ? cq + 1 : end;
		}
		for (; q < end; q++)
			if ((nkl = nginx_key_at(q, end, &nk)))
				break;
		nginx_pair(e, k, span_make(v, (size_t)(q - v)));
		p = q;
		kl = nkl;
		k = nk;
	}
	return true;
}

const struct format fmt_nginx_error = {
	.name = "nginx_error",
	.writes = "nginx_error",
	.desc = "nginx error log: time [level] pid#tid: *conn msg, client: ..., request: ...",
	.parse = nginx_error_parse,
};
