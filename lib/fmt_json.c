/*
 * fmt_json: JSON-lines application logs, the systemd journal's
 * "journalctl -o json", and Docker's json-file driver.
 *
 * json: one object a line, as bunyan, pino, zap, logrus, structlog, ECS
 * and most libraries write it.  The first key found of each list is ours:
 *   timestamp  @timestamp time timestamp ts t date datetime asctime
 *              timestamp_ns timeUnixNano time_unix_nano (RFC 3339 text, or
 *              epoch seconds, ms, us or ns as a number or a string of digits)
 *   level      level log.level lvl severity levelname loglevel
 *              (a word, or bunyan/pino's 10 20 30 40 50 60)
 *   message    msg message @message event body
 * Every other member is kept under its own name; nested objects are
 * flattened to dotted keys ("req.method"), arrays are kept as their JSON
 * text, null is left out, true and false stay booleans.  A member whose
 * name is one of the record's own keys (source, format, ...) is written
 * as "json.NAME".
 *
 * journal: a line with __REALTIME_TIMESTAMP; PRIORITY gives the level,
 * _HOSTNAME hostname, SYSLOG_IDENTIFIER (else _COMM) process, _PID pid,
 * _SYSTEMD_UNIT unit, MESSAGE the message (a byte array too).
 *
 * docker: {"log":"...\n","stream":"stdout","time":"..."}: message is the
 * log text without its newline, and stream is kept.
 */
#include <stdlib.h>

#include "fmtkit.h"
#include "format.h"
#include "json.h"
#include "scan.h"
#include "stamp.h"

/* The flattened object depth kept; deeper objects are kept as text. */
#define FLAT_DEPTH 6

static const char *const ts_keys[] = { "@timestamp", "time", "timestamp", "ts", "t", "date",
				       "datetime", "asctime", "timestamp_ns", "timeUnixNano",
				       "time_unix_nano", NULL };
static const char *const lv_keys[] = { "level", "log.level", "lvl", "severity", "levelname",
				       "loglevel", NULL };
static const char *const msg_keys[] = { "msg", "message", "@message", "event", "body", NULL };
static const char *const reserved[] = { "timestamp", "level", "source", "format", "message",
					"line", "raw", "template", "template_id", NULL };

struct jctx {
	struct entry *e;
	struct buf tmp;             /* json_str's scratch */
	const char *used[3];        /* the keys mapped to ours */
};

/* Copy S into the entry's scratch (decoded strings do not live in the line). */
static struct span keep(struct entry *e, struct span s, const struct buf *tmp)
{
	if (!tmp->p || s.p < tmp->p || s.p >= tmp->p + tmp->len)
		return s;   /* points into the line already */
	char *p = entry_scratch(e, s.len ? s.len : 1);
	if (!p)
		return SPAN_NULL;
	memcpy(p, s.p, s.len);
	return span_make(p, s.len);
}

static struct span str_of(struct jctx *c, struct json_val v)
{
	struct span s = json_str(v, &c->tmp);
	if (!s.p)
		return SPAN_NULL;
	return keep(c->e, s, &c->tmp);
}

static bool find(const struct json_obj *o, const char *const *keys, struct json_val *v,
		 const char **which)
{
	for (int i = 0; keys[i]; i++)
		if (json_obj_path(o, keys[i], strlen(keys[i]), v)) {
			*which = keys[i];
			return true;
		}
	return false;
}

/* Epoch digits (and a fraction), the unit told by their count. */
static bool epoch_digits(struct span s, struct ltime *t)
{
	size_t d = 0;
	while (d < s.len && is_digit(s.p[d]))
		d++;
	int scale = d <= 11 ? 0 : d <= 14 ? 3 : d <= 17 ? 6 : 9;
	return stamp_parse_epoch(s.p, s.len, scale, t) == s.len;
}

/* A time as text, as an epoch number, or as epoch digits in a string
 * (OpenTelemetry's JSON writes 64-bit integers so: "1700000000000000000"). */
static bool json_time(struct jctx *c, struct json_val v)
{
	struct ltime *t = &c->e->ts;
	if (v.type == JSON_NUMBER)
		return epoch_digits(v.raw, t);
	struct span s = json_str(v, &c->tmp);
	if (!s.p || !s.len)
		return false;
	if (s.len >= 10 && span_all_digits(s))
		return epoch_digits(s, t);
	size_t u = stamp_parse(s.p, s.len, t);
	return u && (u == s.len || s.p[u] == ' ');
}

static int json_level(struct jctx *c, struct json_val v)
{
	int64_t n;
	if (v.type == JSON_NUMBER && json_int(v, &n)) {
		/* bunyan and pino: 10 trace 20 debug 30 info 40 warn 50 error 60 fatal */
		if (n <= 20)
			return LV_DEBUG;
		return n <= 30 ? LV_INFO : n <= 40 ? LV_WARNING : n <= 50 ? LV_ERROR : LV_CRITICAL;
	}
	struct span s = json_str(v, &c->tmp);
	return s.p ? fk_level(s, true) : LV_NONE;
}

static bool is_used(const struct jctx *c, const char *key)
{
	for (int i = 0; i < 3; i++)
		if (c->used[i] && strcmp(c->used[i], key) == 0)
			return true;
	return false;
}

static bool is_reserved(const char *key)
{
	for (int i = 0; reserved[i]; i++)
		if (strcmp(reserved[i], key) == 0)
			return true;
	return false;
}

static void add_member(struct jctx *c, const char *prefix, struct span rawkey, bool escaped,
		       struct json_val v, int depth)
{
	struct entry *e = c->e;
	struct span k = rawkey;
	if (escaped) {
		buf_reset(&c->tmp);
		json_unescape(&c->tmp, rawkey.p, rawkey.len);
		k = span_make(c->tmp.p, c->tmp.len);
	}
	const char *key = fk_key(e, prefix, k);
	if (!key || is_used(c, key))
		return;
	if (!prefix && is_reserved(key) && !(key = fk_key(e, "json", k)))
		return;
	switch (v.type) {
	case JSON_OBJECT:
		if (depth < FLAT_DEPTH) {
			struct json_iter it;
			struct span mk;
			struct json_val mv;
			json_iter_init(&it, v.raw);
			while (json_iter_next(&it, &mk, &mv))
				add_member(c, key, mk, memchr(mk.p, '\\', mk.len) != NULL, mv, depth + 1);
			return;
		}
		entry_str(e, key, v.raw);
		return;
	case JSON_ARRAY:
		entry_str(e, key, v.raw);
		return;
	case JSON_NUMBER:
		entry_add(e, key, v.raw, FIELD_NUM);
		return;
	case JSON_TRUE:
	case JSON_FALSE:
		entry_add(e, key, v.raw, FIELD_LIT);
		return;
	case JSON_STRING: {
		struct span s = str_of(c, v);
		if (s.p)
			entry_str(e, key, s);
		return;
	}
	default:
		return;
	}
}

static bool start_obj(struct span line)
{
	size_t i = 0;
	while (i < line.len && (line.p[i] == ' ' || line.p[i] == '\t'))
		i++;
	return i < line.len && line.p[i] == '{';
}

/* MESSAGE as an array of bytes (journald writes non-UTF-8 messages so). */
static struct span byte_array(struct entry *e, struct json_val v)
{
	struct json_iter it;
	(void)it;
	size_t n = 0;
	char *out = entry_scratch(e, v.raw.len / 2 + 1);
	if (!out)
		return SPAN_NULL;
	const char *p = v.raw.p + 1, *end = v.raw.p + v.raw.len - 1;
	while (p < end) {
		while (p < end && (*p == ' ' || *p == ',' || *p == '\n' || *p == '\t' || *p == '\r'))
			p++;
		if (p >= end)
			break;
		int x = 0, d = 0;
		while (p < end && is_digit(*p) && d < 4) {
			x = x * 10 + (*p++ - '0');
			d++;
		}
		if (d == 0 || x > 255)
			return SPAN_NULL;
		out[n++] = (char)x;
	}
	if (n && out[n - 1] == '\n')
		n--;
	return span_make(out, n);
}

static bool journal(struct jctx *c, const struct json_obj *o, struct json_val rt)
{
	struct entry *e = c->e;
	struct span s = json_str(rt, &c->tmp);
	if (!s.p || stamp_parse_epoch(s.p, s.len, 6, &e->ts) != s.len)
		return false;
	e->format = "journal";
	e->has_ts = true;
	struct json_val v;
	if (json_obj_get(o, "PRIORITY", 8, &v)) {
		struct span p = json_str(v, &c->tmp);
		if (p.p && p.len == 1 && p.p[0] >= '0' && p.p[0] <= '7')
			e->level = level_from_syslog(p.p[0] - '0');
	}
	if (json_obj_get(o, "MESSAGE", 7, &v)) {
		struct span m = v.type == JSON_ARRAY ? byte_array(e, v) : str_of(c, v);
		if (m.p)
			entry_message(e, m);
	}
	static const struct { const char *from, *to; } map[] = {
		{ "_HOSTNAME", "hostname" }, { "SYSLOG_IDENTIFIER", "process" },
		{ "_PID", "pid" }, { "_SYSTEMD_UNIT", "unit" }, { "_TRANSPORT", "transport" },
	};
	bool have_process = false;
	for (size_t i = 0; i < sizeof map / sizeof *map; i++) {
		if (!json_obj_get(o, map[i].from, strlen(map[i].from), &v))
			continue;
		struct span x = str_of(c, v);
		if (!x.p)
			continue;
		if (i == 1)
			have_process = true;
		if (i == 2)
			fk_value(e, map[i].to, x);
		else
			entry_str(e, map[i].to, x);
	}
	if (!have_process && json_obj_get(o, "_COMM", 5, &v)) {
		struct span x = str_of(c, v);
		if (x.p)
			entry_str(e, "process", x);
	}
	return true;
}

static bool docker(struct jctx *c, const struct json_obj *o, struct json_val log)
{
	struct entry *e = c->e;
	struct json_val v;
	if (!json_obj_get(o, "time", 4, &v) || !json_time(c, v))
		return false;
	struct span m = str_of(c, log);
	if (!m.p)
		return false;
	while (m.len && (m.p[m.len - 1] == '\n' || m.p[m.len - 1] == '\r'))
		m.len--;
	e->format = "docker";
	e->has_ts = true;
	entry_message(e, m);
	if (json_obj_get(o, "stream", 6, &v)) {
		struct span st = str_of(c, v);
		if (st.p)
			entry_str(e, "stream", st);
	}
	return true;
}

static bool json_parse(struct span line, struct entry *e)
{
	if (!start_obj(line))
		return false;
	struct json_obj o = JSON_OBJ_INIT;
	struct jctx c = { .e = e };
	bool ok = false;
	if (json_obj_parse(&o, span_chomp(line), 0))
		goto out;
	struct json_val v;
	if (json_obj_get(&o, "__REALTIME_TIMESTAMP", 20, &v)) {
		ok = journal(&c, &o, v);
		goto out;
	}
	if (o.n <= 4 && json_obj_get(&o, "log", 3, &v) && v.type == JSON_STRING &&
	    json_obj_get(&o, "stream", 6, &v)) {
		json_obj_get(&o, "log", 3, &v);
		ok = docker(&c, &o, v);
		goto out;
	}
	e->format = "json";
	ok = true;
	const char *which;
	if (find(&o, ts_keys, &v, &which) && json_time(&c, v)) {
		e->has_ts = true;
		c.used[0] = which;
	}
	if (find(&o, lv_keys, &v, &which)) {
		int lv = json_level(&c, v);
		if (lv != LV_NONE) {
			e->level = lv;
			c.used[1] = which;
		}
	}
	if (find(&o, msg_keys, &v, &which) && v.type == JSON_STRING) {
		struct span m = str_of(&c, v);
		if (m.p) {
			entry_message(e, m);
			c.used[2] = which;
		}
	}
	for (size_t i = 0; i < o.n; i++)
		add_member(&c, NULL, o.m[i].key, o.m[i].key_escaped, o.m[i].val, 1);
out:
	buf_free(&c.tmp);
	json_obj_free(&o);
	return ok;
}

const struct format fmt_json = {
	.name = "json",
	.writes = "json journal docker",
	.desc = "JSON lines (bunyan, pino, zap, logrus, structlog, ECS), journalctl -o json, Docker",
	.parse = json_parse,
};
