/*
 * fmt_syslog: syslog as files and collectors hold it.
 *
 *   syslog   BSD (RFC 3164) and rsyslog's high-precision layout:
 *            [<PRI>]Mmm dd [yyyy] hh:mm:ss [HOST] TAG[PID]: MSG
 *            [<PRI>]2026-11-23T10:15:32.123456+01:00 HOST TAG[PID]: MSG
 *            HOST TAG[PID]: MSG   (no time: journald output, collectors)
 *            also journalctl -o short-iso (an ISO time with a +hhmm offset)
 *
 * A BSD time may be followed by a tag with no host: "[sshd]: MSG",
 * "[sshd] MSG" and "sogod [26818]: MSG" are tags (process, pid), and a
 * word no host name looks like ("auth(user,ip)<id>:", dovecot's own log)
 * starts the message.
 *   rfc5424  <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG
 *
 * Fields, in this order: hostname, process, pid (a number; a PROCID that
 * is not one is "procid"), facility and severity (names) when a PRI is
 * given, msgid, and structured data as sd.ID.PARAM.  rsyslog's "[origin ...]" block
 * after a BSD tag is structured data too.  The PRI severity gives the
 * level; without a PRI the message's keywords do.
 */
#include "format.h"
#include "scan.h"

static const char *const facilities[24] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};
static const char *const severities[8] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

/* "<PRI>" with PRI 0-191; returns the value or -1 (cursor unmoved). */
static int pri(struct scan *s)
{
	const char *b = s->p;
	if (!scan_char(s, '<'))
		return -1;
	int v = 0, nd = 0;
	while (s->p < s->end && is_digit(*s->p) && nd < 3) {
		v = v * 10 + (*s->p++ - '0');
		nd++;
	}
	if (nd == 0 || v > 191 || !scan_char(s, '>')) {
		s->p = b;
		return -1;
	}
	return v;
}

static void add_pri(struct entry *e, int p)
{
	if (p < 0)
		return;
	entry_str(e, "facility", span_str(facilities[p >> 3]));
	entry_str(e, "severity", span_str(severities[p & 7]));
	e->level = level_from_syslog(p & 7);
}

static void add_procid(struct entry *e, struct span v)
{
	if (v.len == 0 || span_eq(v, "-"))
		return;
	if (v.len <= 10 && span_all_digits(v) && (v.p[0] != '0' || v.len == 1))
		entry_num(e, "pid", v);
	else
		entry_str(e, "procid", v);
}

/* Build "sd.ID.PARAM" in the entry's scratch space. */
static const char *sd_key(struct entry *e, struct span id, struct span param)
{
	size_t n = 3 + id.len + 1 + param.len + 1;
	char *k = entry_scratch(e, n);
	if (!k)
		return NULL;
	memcpy(k, "sd.", 3);
	memcpy(k + 3, id.p, id.len);
	k[3 + id.len] = '.';
	memcpy(k + 4 + id.len, param.p, param.len);
	k[n - 1] = '\0';
	/* Keys are written without escaping: the one SD-NAME byte JSON would
	 * need escaped, '\\', becomes '_'. */
	for (char *q = k; *q; q++)
		if (*q == '\\')
			*q = '_';
	return k;
}

static bool sd_name_char(char c)
{
	return c > ' ' && c < 127 && c != '=' && c != ']' && c != '"';
}

/*
 * One or more SD-ELEMENTs "[ID k="v" ...]".  With add set, params become
 * fields.  Returns false (cursor unmoved) if the text is not structured
 * data; an element without an SD-ID is not.  With strict set (text after
 * a BSD tag, which is usually message), every element must be well formed
 * and hold at least one PARAM="VALUE": "[CLOUDINIT]" or "[Tue Jun 08 ...]"
 * stay in the message.
 */
static bool structured_data(struct scan *s, struct entry *e, bool add, bool strict)
{
	const char *b = s->p;
	int elements = 0;
	while (s->p < s->end && *s->p == '[') {
		s->p++;
		const char *id0 = s->p;
		while (s->p < s->end && sd_name_char(*s->p))
			s->p++;
		struct span id = span_make(id0, (size_t)(s->p - id0));
		if (id.len == 0)
			goto fail;
		int params = 0;
		for (;;) {
			scan_spaces(s);
			if (scan_char(s, ']')) {
				if (strict && params == 0)
					goto fail;
				break;
			}
			const char *k0 = s->p;
			while (s->p < s->end && sd_name_char(*s->p))
				s->p++;
			struct span k = span_make(k0, (size_t)(s->p - k0));
			if (k.len == 0)
				goto fail;
			if (!scan_char(s, '=')) {
				if (strict)
					goto fail;
				/* "[incorrect x]": skip to the end of the element */
				while (s->p < s->end && *s->p != ']')
					s->p++;
				if (!scan_char(s, ']'))
					goto fail;
				break;
			}
			scan_spaces(s);
			if (!scan_char(s, '"')) {
				if (strict)
					goto fail;
				while (s->p < s->end && *s->p != ']')
					s->p++;
				if (!scan_char(s, ']'))
					goto fail;
				break;
			}
			/* The value, with \" \\ \] unescaped into scratch when needed. */
			const char *v0 = s->p;
			bool esc;
			scan_to_quote(s, &esc);
			if (!scan_char(s, '"'))
				goto fail;
			struct span v = span_make(v0, (size_t)(s->p - 1 - v0));
			params++;
			if (add) {
				const char *key = sd_key(e, id, k);
				if (esc) {
					char *u = entry_scratch(e, v.len);
					size_t n = 0;
					for (size_t i = 0; u && i < v.len; i++) {
						if (v.p[i] == '\\' && i + 1 < v.len &&
						    (v.p[i + 1] == '"' || v.p[i + 1] == '\\' || v.p[i + 1] == ']'))
							i++;
						u[n++] = v.p[i];
					}
					v = u ? span_make(u, n) : SPAN_NULL;
				}
				if (key && v.p)
					entry_str(e, key, v);
			}
		}
		elements++;
	}
	if (elements)
		return true;
fail:
	s->p = b;
	return false;
}

/* Letters, digits, "._-:" (IPv6) and UTF-8: what a syslog HOSTNAME holds. */
static bool host_name(struct span h)
{
	if (h.len == 0)
		return false;
	for (size_t i = 0; i < h.len; i++) {
		unsigned char c = (unsigned char)h.p[i];
		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit((char)c) ||
		      c == '.' || c == '-' || c == '_' || c == ':'))
			return false;
	}
	return true;
}

/* INFO, WARN, ERROR, ...: a level word in capitals. */
static bool upper_level_word(struct span w)
{
	for (size_t i = 0; i < w.len; i++)
		if (w.p[i] < 'A' || w.p[i] > 'Z')
			return false;
	return level_from_word(w.p, w.len) != LV_NONE;
}

static void message(struct entry *e, struct scan *s)
{
	struct span m = scan_rest(s);
	/* A UTF-8 BOM starts RFC 5424 messages that declare their encoding. */
	if (span_starts(m, "\xEF\xBB\xBF")) {
		m.p += 3;
		m.len -= 3;
	}
	entry_message(e, m);
}

static bool rfc5424_parse(struct span line, struct entry *e)
{
	line = span_chomp(line);
	struct scan s = scan_make(line);
	int p = pri(&s);
	/* VERSION: "1" (RFC 5424), followed by a timestamp or "-".  Without
	 * PRI and VERSION ("TS HOST APP PROCID MSGID SD MSG", as VMware
	 * appliances write) the line must be exact: a time, and SD that is
	 * "-" or well formed. */
	bool bare = false;
	if (!scan_char(&s, '1') || !scan_char(&s, ' ')) {
		if (p >= 0)
			return false;
		s = scan_make(line);
		bare = true;
	}
	struct span ts = scan_token(&s);
	if (span_eq(ts, "-") && !bare)
		e->has_ts = false;
	else if (ts.len >= 19 && ltime_parse_iso(ts.p, ts.len, &e->ts) == ts.len && ts.p[10] == 'T')
		e->has_ts = true;
	else
		return false;
	struct span f[4];
	for (int i = 0; i < 4; i++) {
		if (!scan_char(&s, ' '))
			return false;
		f[i] = scan_token(&s);
		if (f[i].len == 0)
			return false;
	}
	if (bare) {
		if (!host_name(f[0]) || level_from_word(f[0].p, f[0].len) != LV_NONE)
			return false;
		struct scan probe = s;
		if (!scan_char(&probe, ' '))
			return false;
		bool nil = scan_char(&probe, '-') && (scan_done(&probe) || *probe.p == ' ');
		if (!nil && !structured_data(&probe, e, false, false))
			return false;
	}
	e->format = "rfc5424";
	if (!span_eq(f[0], "-"))
		entry_str(e, "hostname", f[0]);
	if (!span_eq(f[1], "-"))
		entry_str(e, "process", f[1]);
	add_procid(e, f[2]);
	add_pri(e, p);
	if (!span_eq(f[3], "-"))
		entry_str(e, "msgid", f[3]);
	if (scan_char(&s, ' ')) {
		struct scan probe = s;
		if (structured_data(&probe, e, false, false))
			structured_data(&s, e, true, false);
		else if (!scan_char(&s, '-')) {
			/* Malformed SD ("[]"): skip the bracket group, keep going. */
			if (!scan_done(&s) && *s.p == '[') {
				struct span junk;
				scan_until(&s, ']', &junk);
			}
		}
		scan_spaces(&s);
	}
	message(e, &s);
	return true;
}

const struct format fmt_rfc5424 = {
	.name = "rfc5424",
	.writes = "rfc5424",
	.desc = "syslog RFC 5424: <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG",
	.parse = rfc5424_parse,
};

enum { TAG_BARE = 1, TAG_SPACES = 2, TAG_NEED_PID = 4, TAG_STRICT = 8 };

/* With TAG_STRICT: a name of word characters, '.', '/', '-', '(', ')',
 * '@', spaces or UTF-8, and a [pid] of digits. */
static bool strict_tag(struct span name, struct span pid)
{
	for (size_t i = 0; i < name.len; i++) {
		unsigned char c = (unsigned char)name.p[i];
		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit((char)c) ||
		      c == '.' || c == '_' || c == '-' || c == '/' || c == '(' || c == ')' || c == '@' ||
		      c == ' '))
			return false;
	}
	for (size_t i = 0; i < pid.len; i++)
		if (!is_digit(pid.p[i]))
			return false;
	return true;
}

/*
 * A BSD tag at the start of p..p+n: "name[pid]:", "name[pid]" before a
 * space, "name:" before a space or the end, and with TAG_BARE a lone
 * "name" before a space.  The colon may be glued to the message after a
 * [pid] ("root[8539]:msg").  With TAG_SPACES the name may hold spaces
 * when a [pid] closes it ("Setup Assistant[1173]: ..."); with
 * TAG_NEED_PID only the [pid] forms count.  Adds process and pid and
 * returns the bytes used, or 0 (nothing added) when there is no tag.
 */
static size_t bsd_tag(struct entry *e, const char *p, size_t n, int flags)
{
	size_t i = 0, first_sp = 0;
	while (i < n && i < 64 && p[i] != '[' && p[i] != ']' && p[i] != ':') {
		if (p[i] == ' ' && !first_sp)
			first_sp = i;
		i++;
	}
	if (i == 0 || p[0] == ' ')
		return 0;
	if (i < n && p[i] == '[' && (!first_sp || (flags & TAG_SPACES))) {
		size_t j = i + 1;
		while (j < n && j - i <= 21 && p[j] != ']' && p[j] != ' ' && p[j] != '[')
			j++;
		size_t end = j + 1;
		if (j < n && p[j] == ']' && j > i + 1) {
			bool colon = end < n && p[end] == ':';
			if ((colon || (!first_sp && (end == n || p[end] == ' '))) &&
			    (!(flags & TAG_STRICT) ||
			     strict_tag(span_make(p, i), span_make(p + i + 1, j - i - 1)))) {
				entry_str(e, "process", span_make(p, i));
				add_procid(e, span_make(p + i + 1, j - i - 1));
				return end + colon;
			}
		}
	}
	if (flags & TAG_NEED_PID)
		return 0;
	if (!first_sp && i < n && p[i] == ':' && (i + 1 == n || p[i + 1] == ' ') &&
	    (!(flags & TAG_STRICT) || strict_tag(span_make(p, i), SPAN_NULL))) {
		entry_str(e, "process", span_make(p, i));
		return i + 1;
	}
	if (flags & TAG_BARE) {
		/* "name" up to the next space, with no brackets or colon in it */
		size_t k = 0;
		while (k < n && p[k] != ' ') {
			if (p[k] == '[' || p[k] == ']' || p[k] == ':')
				return 0;
			k++;
		}
		if (k < n) {
			entry_str(e, "process", span_make(p, k));
			return k;
		}
	}
	return 0;
}

/*
 * A tag that is not glued to its [pid]: "[name]:" or "[name] " (a tag in
 * brackets, as some daemons' own log files have it) and "name [pid]:"
 * (a space before the pid).  Adds process and pid; returns the bytes
 * used, or 0 (nothing added).
 */
static size_t bracket_tag(struct entry *e, const char *p, size_t n)
{
	size_t i = 0;
	if (n > 2 && p[0] == '[') {
		for (i = 1; i < n && i <= 64 && p[i] != ']'; i++)
			if (!(is_digit(p[i]) || (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
			      p[i] == '-' || p[i] == '_' || p[i] == '.' || p[i] == '/'))
				return 0;
		if (i == 1 || i >= n || p[i] != ']' || span_all_digits(span_make(p + 1, i - 1)))
			return 0;
		size_t end = i + 1;
		if (end < n && p[end] == ':')
			end++;
		if (end < n && p[end] != ' ')
			return 0;
		entry_str(e, "process", span_make(p + 1, i - 1));
		return end;
	}
	/* name [pid]: */
	while (i < n && i <= 64 && p[i] != ' ' && p[i] != '[' && p[i] != ']' && p[i] != ':')
		i++;
	if (i == 0 || i + 4 > n || p[i] != ' ' || p[i + 1] != '[')
		return 0;
	size_t j = i + 2;
	while (j < n && j - i <= 12 && is_digit(p[j]))
		j++;
	if (j == i + 2 || j + 1 >= n || p[j] != ']' || p[j + 1] != ':' ||
	    !strict_tag(span_make(p, i), SPAN_NULL))
		return 0;
	entry_str(e, "process", span_make(p, i));
	add_procid(e, span_make(p + i + 2, j - i - 2));
	return j + 2;
}

/* "HOST TAG[PID]: MSG" with no time (journalctl -o cat with the host, or
 * a collector that strips the time): exact, or it is not syslog. */
static bool syslog_untimed(struct scan *s, struct entry *e)
{
	struct span host = scan_token(s);
	if (!host_name(host) || level_from_word(host.p, host.len) != LV_NONE || !scan_char(s, ' '))
		return false;
	e->format = "syslog";
	e->has_ts = false;
	entry_str(e, "hostname", host);
	size_t used = bsd_tag(e, s->p, scan_left(s), TAG_NEED_PID | TAG_STRICT);
	if (!used || s->p[used - 1] != ':')
		return false;
	s->p += used;
	scan_spaces(s);
	message(e, s);
	return true;
}

static bool syslog_parse(struct span line, struct entry *e)
{
	line = span_chomp(line);
	struct scan s = scan_make(line);
	int p = pri(&s);
	if (p >= 0)
		scan_char(&s, ' ');
	size_t used = ltime_parse_bsd(s.p, scan_left(&s), &e->ts);
	/* An RFC 3339 time without a PRI could start any application's line:
	 * then demand rsyslog's whole header, "TS HOST TAG[PID]: ". */
	bool strict = false;
	if (!used) {
		used = ltime_parse_iso(s.p, scan_left(&s), &e->ts);
		if (!used || s.p[10] != 'T')
			return p < 0 && syslog_untimed(&s, e);
		strict = p < 0;
	}
	e->has_ts = true;
	s.p += used;
	/* Without a PRI, demand the header a syslog daemon writes: "TS HOST ". */
	if (!scan_char(&s, ' ') && !scan_done(&s))
		return false;
	e->format = "syslog";

	size_t used_tag = bsd_tag(e, s.p, scan_left(&s), TAG_NEED_PID | (strict ? TAG_STRICT : 0));
	if (used_tag) {
		/* "TS tag[pid]: msg": no host */
		s.p += used_tag;
	} else if (strict && (scan_done(&s) || *s.p == ' ' || *s.p == ':')) {
		return false;  /* rsyslog always writes a host */
	} else if (scan_char(&s, ':')) {
		/* "TS : msg": neither host nor tag */
	} else if (!scan_done(&s) && *s.p != ' ') {
		const char *t1_at = s.p;
		struct span t1 = scan_token(&s);
		struct span host = t1;
		if (host.p[host.len - 1] == ':')
			host.len--;  /* "TS host: msg" */
		size_t tag_used;
		if (!strict && (tag_used = bracket_tag(e, t1_at, (size_t)(s.end - t1_at)))) {
			/* "TS [sshd]: msg", "TS sogod [26818]: msg": a tag, no host */
			s.p = t1_at + tag_used;
			goto header_done;
		}
		if (!strict && !host_name(host)) {
			/* "TS auth(user,ip)<id>: msg" (dovecot's own log): no host
			 * is written like that; the message starts after the time */
			s.p = t1_at;
			goto header_done;
		}
		/* "2026-11-23T10:15:32Z ERROR [main] boom" is an application's
		 * "TS LEVEL msg", not syslog: no host is called ERROR. */
		if (p < 0 && upper_level_word(host))
			return false;
		if (strict && (!host_name(host) || host.len != t1.len ||
			       level_from_word(host.p, host.len) != LV_NONE))
			return false;
		if (host.len)
			entry_str(e, "hostname", host);
		tag_used = 0;
		if (t1.p[t1.len - 1] != ':' && scan_char(&s, ' ') && !scan_done(&s)) {
			if (*s.p == ':' && (scan_left(&s) == 1 || s.p[1] == ' '))
				s.p++;  /* "TS host : msg": an empty tag */
			else if (*s.p != ' ' && *s.p != '[')
				s.p += tag_used = bsd_tag(e, s.p, scan_left(&s),
							  strict ? TAG_SPACES | TAG_STRICT
								 : TAG_BARE | TAG_SPACES);
		}
		if (strict && !tag_used)
			return false;
	}
header_done:
	/* The contract's order: hostname, process, pid, then facility, severity. */
	add_pri(e, p);
	scan_spaces(&s);
	/* rsyslog puts "[origin ...]" structured data after the tag. */
	if (!scan_done(&s) && *s.p == '[') {
		struct scan probe = s;
		if (structured_data(&probe, e, false, true) && (scan_done(&probe) || *probe.p == ' ')) {
			structured_data(&s, e, true, true);
			scan_spaces(&s);
		}
	}
	message(e, &s);
	return true;
}

const struct format fmt_syslog = {
	.name = "syslog",
	.writes = "syslog",
	.desc = "BSD syslog (RFC 3164) and rsyslog's RFC 3339 layout: TS HOST TAG[PID]: MSG",
	.parse = syslog_parse,
};
