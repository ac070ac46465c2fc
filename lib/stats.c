#include "stats.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "level.h"
#include "ndjson.h"
#include "xalloc.h"

/* Times a partial state may hold: years 1 to 9999, as RFC 3339 has them. */
#define TIME_MIN (-62135596800LL)
#define TIME_MAX 253402300799LL

static const char *const section_names[] = {
	"summary", "sources", "errors", "http", "ips", "timeline", "by", "security",
};

static const char *const sev_names[SEC_NSEV] = { "low", "medium", "high", "critical", "other" };

const char *stats_sev_name(int sev)
{
	return sev >= 0 && sev < SEC_NSEV ? sev_names[sev] : "other";
}

/* The severity of a finding, or SEC_OTHER. */
static int sev_parse(struct span v)
{
	for (int i = 0; i < SEC_OTHER; i++)
		if (v.len == strlen(sev_names[i]) && memcmp(v.p, sev_names[i], v.len) == 0)
			return i;
	return SEC_OTHER;
}

/* The tables of the security section, for init, free and partial states. */
static const struct {
	const char *name;
	size_t off;
} sec_tabs[] = {
	{ "types", offsetof(struct stats_sec, types) },
	{ "ips", offsetof(struct stats_sec, ips) },
	{ "ip_types", offsetof(struct stats_sec, ip_types) },
	{ "paths", offsetof(struct stats_sec, paths) },
	{ "brute_ips", offsetof(struct stats_sec, brute_ips) },
	{ "brute_users", offsetof(struct stats_sec, brute_users) },
	{ "anomaly", offsetof(struct stats_sec, anomaly) },
};
#define NSEC_TABS (sizeof sec_tabs / sizeof *sec_tabs)

static struct topk *sec_tab(struct stats_sec *x, size_t i)
{
	return (struct topk *)((char *)x + sec_tabs[i].off);
}

const char *stats_section_name(unsigned bit)
{
	for (unsigned i = 0; i < sizeof section_names / sizeof *section_names; i++)
		if (bit == 1u << i)
			return section_names[i];
	return NULL;
}

unsigned stats_section(const char *name, size_t n)
{
	for (unsigned i = 0; i < sizeof section_names / sizeof *section_names; i++)
		if (strlen(section_names[i]) == n && memcmp(section_names[i], name, n) == 0)
			return 1u << i;
	return 0;
}

bool stats_parse_duration(const char *s, int64_t *secs)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || v <= 0 || v > 100LL * 365 * 86400)
		return false;
	long long mul = 1;
	if (*end == 's' || *end == '\0')
		mul = 1;
	else if (*end == 'm')
		mul = 60;
	else if (*end == 'h')
		mul = 3600;
	else if (*end == 'd')
		mul = 86400;
	else if (*end == 'w')
		mul = 7 * 86400;
	else
		return false;
	if (*end && end[1])
		return false;
	*secs = (int64_t)(v * mul);
	return *secs <= 100LL * 365 * 86400;
}

struct stats *stats_new(const struct stats_opts *opt)
{
	struct stats *s = xcalloc(1, sizeof *s);
	s->opt = *opt;
	if (!s->opt.max_keys)
		s->opt.max_keys = 200000;
	if (s->opt.bucket <= 0)
		s->opt.bucket = 3600;
	size_t k = s->opt.max_keys;
	topk_init(&s->sources, k);
	topk_init(&s->err_by, k);
	topk_init(&s->top_errors, k);
	topk_init(&s->patterns, k);
	topk_init(&s->paths, k);
	topk_init(&s->paths_5xx, k);
	topk_init(&s->ips, k);
	topk_init(&s->timeline, k);
	qsk_init(&s->rt);
	for (size_t i = 0; i < NSEC_TABS; i++)
		topk_init(sec_tab(&s->sec, i), k);
	s->sec.first = s->sec.last = TOPK_NO_TIME;
	struct tpl_opts to = TPL_OPTS_DEFAULT;
	to.max_templates = k < 100000 ? k : 100000;
	s->miner = tpl_new(&to);
	return s;
}

void stats_free(struct stats *s)
{
	if (!s)
		return;
	topk_free(&s->sources);
	topk_free(&s->err_by);
	topk_free(&s->top_errors);
	topk_free(&s->patterns);
	topk_free(&s->paths);
	topk_free(&s->paths_5xx);
	topk_free(&s->ips);
	topk_free(&s->timeline);
	qsk_free(&s->rt);
	for (size_t i = 0; i < NSEC_TABS; i++)
		topk_free(sec_tab(&s->sec, i));
	tpl_free(s->miner);
	for (int i = 0; i < s->nby; i++) {
		for (int f = 0; f < s->by[i].nfields; f++)
			free(s->by[i].fields[f]);
		topk_free(&s->by[i].t);
	}
	buf_free(&s->first_s);
	buf_free(&s->last_s);
	buf_free(&s->s1);
	buf_free(&s->s2);
	buf_free(&s->s3);
	buf_free(&s->key);
	buf_free(&s->s4);
	buf_free(&s->s5);
	free(s);
}

const char *stats_add_by(struct stats *s, const char *spec)
{
	if (s->nby == STATS_MAX_BY)
		return "too many --by groupings";
	struct stats_by *b = &s->by[s->nby];
	memset(b, 0, sizeof *b);
	const char *p = spec;
	for (;;) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		if (n == 0) {
			for (int f = 0; f < b->nfields; f++)
				free(b->fields[f]);
			return "empty field name in --by";
		}
		if (b->nfields == STATS_MAX_BY_FIELDS) {
			for (int f = 0; f < b->nfields; f++)
				free(b->fields[f]);
			return "too many fields in one --by";
		}
		b->fields[b->nfields++] = xstrndup(p, n);
		if (!c)
			break;
		p = c + 1;
	}
	topk_init(&b->t, s->opt.max_keys);
	s->nby++;
	return NULL;
}

/* ---- one record ---- */

static bool get_str(const struct json_obj *rec, const char *key, struct buf *scratch,
		    struct span *out)
{
	struct json_val v;
	if (!json_obj_get(rec, key, strlen(key), &v) || v.type != JSON_STRING)
		return false;
	*out = json_str(v, scratch);
	return out->p != NULL;
}

static int record_level(const struct json_obj *rec, struct buf *scratch)
{
	struct span l;
	if (!get_str(rec, "level", scratch, &l))
		return LV_NONE;
	switch (l.len) {
	case 4:
		if (memcmp(l.p, "INFO", 4) == 0)
			return LV_INFO;
		break;
	case 5:
		if (memcmp(l.p, "ERROR", 5) == 0)
			return LV_ERROR;
		if (memcmp(l.p, "DEBUG", 5) == 0)
			return LV_DEBUG;
		break;
	case 7:
		if (memcmp(l.p, "WARNING", 7) == 0)
			return LV_WARNING;
		break;
	case 8:
		if (memcmp(l.p, "CRITICAL", 8) == 0)
			return LV_CRITICAL;
		break;
	}
	return level_from_word(l.p, l.len);
}

static int64_t to_ms(struct instant t)
{
	return t.sec * 1000 + (int64_t)(t.nsec / 1000000);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Whether text a sorts before b (the tie-break between equal instants, so
 * the period does not depend on the order records come in). */
static bool text_before(struct span a, const struct buf *b)
{
	size_t n = a.len < b->len ? a.len : b->len;
	int c = memcmp(a.p, b->p, n);
	return c < 0 || (c == 0 && a.len < b->len);
}

static void set_bound(struct buf *dst, struct instant *at, struct instant t, struct span text)
{
	*at = t;
	buf_reset(dst);
	buf_add(dst, text.p, text.len);
}

/* Fold a timestamp (instant and text) into the period. */
static void period_add(struct stats *s, struct instant t, struct span text)
{
	if (!s->has_period) {
		set_bound(&s->first_s, &s->first, t, text);
		set_bound(&s->last_s, &s->last, t, text);
		s->has_period = true;
		return;
	}
	int lo = tspec_cmp(t, s->first), hi = tspec_cmp(t, s->last);
	if (lo < 0 || (lo == 0 && text_before(text, &s->first_s)))
		set_bound(&s->first_s, &s->first, t, text);
	if (hi > 0 || (hi == 0 && text_before(text, &s->last_s)))
		set_bound(&s->last_s, &s->last, t, text);
}

static void period(struct stats *s, const struct json_obj *rec, struct instant t)
{
	if (s->has_period && tspec_cmp(t, s->first) > 0 && tspec_cmp(t, s->last) < 0)
		return;
	struct span ts;
	if (get_str(rec, "timestamp", &s->s3, &ts))
		period_add(s, t, ts);
}

/* Append the text of a string, or the JSON of any other value, to the key. */
static void add_value(struct stats *s, struct json_val v)
{
	if (v.type == JSON_STRING) {
		struct span t = json_str(v, &s->s3);
		buf_add(&s->key, t.p, t.len);
	} else {
		buf_add(&s->key, v.raw.p, v.raw.len);
	}
}

/* The text of any scalar or structure, for --by keys. */
static void by_value(struct stats *s, const struct json_obj *rec, const char *field)
{
	struct json_val v;
	if (json_obj_path(rec, field, strlen(field), &v)) {
		add_value(s, v);
		return;
	}
	struct span msg;
	if (strcmp(field, "template") == 0 && get_str(rec, "message", &s->s3, &msg)) {
		/* No mined template in the record: group by the masked message. */
		tpl_mask(&s->key, msg.p, msg.len);
		return;
	}
	buf_addc(&s->key, STATS_MISSING);
}

/*
 * A one-field grouping whose path goes through an array of objects
 * ("threats.type" over lthreat --annotate's "threats"): one count per
 * element that has the rest of the path.  False when the path does not
 * go through an array (the caller groups as usual).
 */
static bool by_array(struct stats *s, const struct json_obj *rec, struct stats_by *b, bool is_err)
{
	const char *field = b->fields[0];
	struct json_val v;
	if (json_obj_path(rec, field, strlen(field), &v))
		return false;
	for (const char *dot = strchr(field, '.'); dot; dot = strchr(dot + 1, '.')) {
		struct json_val arr;
		if (!json_obj_path(rec, field, (size_t)(dot - field), &arr) || arr.type != JSON_ARRAY)
			continue;
		const char *rest = dot + 1;
		struct json_iter it;
		struct json_val el;
		bool any = false;
		json_array_init(&it, arr.raw);
		while (json_array_next(&it, &el)) {
			if (el.type != JSON_OBJECT || !json_path(el.raw, rest, strlen(rest), &v))
				continue;
			buf_reset(&s->key);
			add_value(s, v);
			topk_add(&b->t, s->key.p ? s->key.p : "", s->key.len, 1)->err += is_err;
			any = true;
		}
		return any;
	}
	return false;
}

static void errors(struct stats *s, const struct json_obj *rec, int lv, struct span src,
		   bool has_ts, struct instant t)
{
	int64_t ms = has_ts ? to_ms(t) : TOPK_NO_TIME;
	buf_reset(&s->key);
	buf_add(&s->key, src.p, src.len);
	buf_addc(&s->key, STATS_SEP);
	buf_adds(&s->key, level_name(lv));
	topk_add(&s->err_by, s->key.p, s->key.len, 1);

	struct span msg;
	if (!get_str(rec, "message", &s->s2, &msg))
		msg = span_make("", 0);
	struct topk_item *it = topk_add(&s->top_errors, msg.p, msg.len, 1);
	topk_seen(it, ms);

	struct span tpl;
	if (get_str(rec, "template", &s->s3, &tpl)) {
		/* Mined upstream (lparse --templates): key "T" + text. */
		buf_reset(&s->key);
		buf_addc(&s->key, 'T');
		buf_add(&s->key, tpl.p, tpl.len);
		it = topk_add(&s->patterns, s->key.p, s->key.len, 1);
		if (!it->label)
			topk_set_str(&it->label, tpl.p, tpl.len);
	} else {
		struct tpl_match m;
		tpl_add(s->miner, msg.p, msg.len, &m);
		char k[9];
		k[0] = 'I';
		memcpy(k + 1, &m.id, 8);
		it = topk_add(&s->patterns, k, sizeof k, 1);
		if (m.changed || !it->label)
			topk_set_str(&it->label, m.text, m.len);
	}
	if (!it->example)
		topk_set_str(&it->example, msg.p, msg.len);
	topk_seen(it, ms);
}

static void http(struct stats *s, const struct json_obj *rec, int64_t status)
{
	s->http++;
	if (status >= 0 && status < STATS_STATUS_MAX)
		s->status[status]++;
	else
		s->status_other++;
	struct json_val v;
	double d;
	if (json_obj_get(rec, "response_time", 13, &v) && json_num(v, &d))
		qsk_add(&s->rt, d);
	struct span path;
	if (get_str(rec, "path", &s->s3, &path)) {
		struct topk_item *it = topk_add(&s->paths, path.p, path.len, 1);
		if (status >= 500 && status <= 599) {
			it->err++;
			topk_add(&s->paths_5xx, path.p, path.len, 1);
		}
	}
}

/* ---- the security section ---- */

static void sec_time(struct stats_sec *x, int64_t ms)
{
	if (ms == TOPK_NO_TIME)
		return;
	if (x->first == TOPK_NO_TIME || ms < x->first)
		x->first = ms;
	if (x->last == TOPK_NO_TIME || ms > x->last)
		x->last = ms;
}

/* The path of a request line ("GET /a?b HTTP/1.1"), or SPAN_NULL. */
static struct span request_path(struct span m)
{
	size_t i = 0;
	while (i < m.len && m.p[i] >= 'A' && m.p[i] <= 'Z')
		i++;
	if (i == 0 || i + 1 >= m.len || m.p[i] != ' ' || m.p[i + 1] != '/')
		return SPAN_NULL;
	size_t start = ++i;
	while (i < m.len && m.p[i] != ' ')
		i++;
	return span_make(m.p + start, i - start);
}

/* Count one threat or finding: its type, severity, address and path. */
static void sec_threat(struct stats *s, struct span type, int sev, struct span ip,
		       struct span path, int64_t ms)
{
	struct stats_sec *x = &s->sec;
	x->threats++;
	x->sev[sev]++;
	sec_time(x, ms);
	buf_reset(&s->key);
	buf_add(&s->key, type.p, type.len);
	buf_addc(&s->key, STATS_SEP);
	buf_adds(&s->key, sev_names[sev]);
	topk_seen(topk_add(&x->types, s->key.p, s->key.len, 1), ms);
	if (ip.p) {
		topk_add(&x->ips, ip.p, ip.len, 1);
		buf_reset(&s->key);
		buf_add(&s->key, ip.p, ip.len);
		buf_addc(&s->key, STATS_SEP);
		buf_add(&s->key, type.p, type.len);
		topk_add(&x->ip_types, s->key.p, s->key.len, 1);
	}
	if (path.p) {
		const char *q = memchr(path.p, '?', path.len);
		topk_add(&x->paths, path.p, q ? (size_t)(q - path.p) : path.len, 1);
	}
}

/* A record annotated by lthreat --annotate: one threat per element. */
static void sec_annotated(struct stats *s, const struct json_obj *rec, struct span arr, int64_t ms)
{
	struct span ip = SPAN_NULL, path = SPAN_NULL, type, sev;
	get_str(rec, "ip", &s->s2, &ip);
	get_str(rec, "path", &s->s3, &path);
	struct json_iter it;
	struct json_val el, v;
	bool any = false;
	json_array_init(&it, arr);
	while (json_array_next(&it, &el)) {
		if (el.type != JSON_OBJECT || !json_get(el.raw, "type", 4, &v) ||
		    (type = json_str(v, &s->s1)).p == NULL)
			continue;
		int sv = SEC_OTHER;
		if (json_get(el.raw, "severity", 8, &v) && (sev = json_str(v, &s->s4)).p)
			sv = sev_parse(sev);
		sec_threat(s, type, sv, ip, path, ms);
		any = true;
	}
	s->sec.annotated += any;
}

static bool has(const struct json_obj *rec, const char *key)
{
	struct json_val v;
	return json_obj_get(rec, key, strlen(key), &v);
}

static bool str_is(const struct json_obj *rec, const char *key, struct buf *scratch,
		   const char *want)
{
	struct span v;
	return get_str(rec, key, scratch, &v) && v.len == strlen(want) && memcmp(v.p, want, v.len) == 0;
}

/* A finding of lthreat, lbrute or lanomaly (see stats.h). */
static void sec_finding(struct stats *s, const struct json_obj *rec, int64_t ms)
{
	struct stats_sec *x = &s->sec;
	struct span type, sev, ip = SPAN_NULL, path = SPAN_NULL, user;
	if (!get_str(rec, "severity", &s->s4, &sev) || sev_parse(sev) == SEC_OTHER ||
	    !get_str(rec, "type", &s->s1, &type) || has(rec, "format"))
		return;
	int sv = sev_parse(sev);
	bool multi = type.len == 19 && memcmp(type.p, "multi_threat_source", 19) == 0;
	struct json_val v;
	bool final = false;
	if ((multi && json_obj_get(rec, "final", 5, &v) && json_bool(v, &final) && final) ||
	    str_is(rec, "episode", &s->s5, "end")) {
		x->updates++;
		return;
	}
	x->finding_recs++;
	struct instant at;
	if (ms == TOPK_NO_TIME && multi && get_str(rec, "last_seen", &s->s5, &user) &&
	    tspec_from_rfc3339(user.p, user.len, &at))
		ms = to_ms(at);   /* when the address crossed the threshold */
	get_str(rec, "ip", &s->s2, &ip);
	if (!get_str(rec, "path", &s->s3, &path))
		path = SPAN_NULL;
	if (multi || has(rec, "rule")) {
		x->threat_recs++;
		struct span msg;
		if (!path.p && get_str(rec, "message", &s->s3, &msg))
			path = request_path(msg);
	} else if (has(rec, "attempts")) {
		x->brute++;
		bool success = type.len == 22 && memcmp(type.p, "success_after_failures", 22) == 0;
		if (ip.p)
			topk_add(&x->brute_ips, ip.p, ip.len, 1)->err += success;
		if (get_str(rec, "user", &s->s5, &user))
			topk_add(&x->brute_users, user.p, user.len, 1)->err += success;
	} else if (has(rec, "observed") || has(rec, "expected")) {
		x->anomalies++;
		topk_seen(topk_add(&x->anomaly, type.p, type.len, 1), ms);
	}
	sec_threat(s, type, sv, ip, path, ms);
}

static void security(struct stats *s, const struct json_obj *rec, bool has_ts, struct instant t)
{
	int64_t ms = has_ts ? to_ms(t) : TOPK_NO_TIME;
	struct json_val v;
	if (json_obj_get(rec, "threats", 7, &v) && v.type == JSON_ARRAY)
		sec_annotated(s, rec, v.raw, ms);
	else
		sec_finding(s, rec, ms);
}

void stats_add(struct stats *s, const struct json_obj *rec)
{
	unsigned sec = s->opt.sections;
	s->total++;
	int lv = record_level(rec, &s->s1);
	if (lv >= LV_DEBUG && lv <= LV_CRITICAL)
		s->levels[lv]++;
	else
		s->level_other++;
	bool is_err = lv >= LV_ERROR;
	if (is_err)
		s->errors++;

	struct instant t;
	bool has_ts = ndjson_timestamp(rec, &t);
	if (!has_ts)
		s->no_ts++;
	else if (sec & ST_SUMMARY)
		period(s, rec, t);

	struct span src = span_make("-", 1);
	if (sec & (ST_SOURCES | ST_ERRORS)) {
		if (!get_str(rec, "source", &s->s1, &src))
			src = span_make("-", 1);
	}
	if (sec & ST_SOURCES) {
		struct topk_item *it = topk_add(&s->sources, src.p, src.len, 1);
		it->err += is_err;
	}
	if ((sec & ST_ERRORS) && is_err)
		errors(s, rec, lv, src, has_ts, t);

	int64_t status = -1;
	struct json_val v;
	bool has_status = json_obj_get(rec, "status", 6, &v) && json_int(v, &status);
	if ((sec & ST_HTTP) && has_status)
		http(s, rec, status);

	if (sec & ST_IPS) {
		struct span ip;
		if (get_str(rec, "ip", &s->s2, &ip)) {
			struct topk_item *it = topk_add(&s->ips, ip.p, ip.len, 1);
			it->err += has_status ? status >= 400 : is_err;
			int64_t size;
			if (json_obj_get(rec, "size", 4, &v) && json_int(v, &size) && size > 0)
				it->bytes += (uint64_t)size;
		}
	}
	if ((sec & ST_TIMELINE) && has_ts) {
		int64_t b = floor_div(t.sec, s->opt.bucket) * s->opt.bucket;
		if (b < TIME_MIN)
			b = TIME_MIN;   /* a bucket before year 1: kept printable */
		struct topk_item *it = topk_add(&s->timeline, &b, sizeof b, 1);
		it->err += is_err;
	}
	if (sec & ST_BY) {
		for (int i = 0; i < s->nby; i++) {
			struct stats_by *b = &s->by[i];
			if (b->nfields == 1 && by_array(s, rec, b, is_err))
				continue;
			buf_reset(&s->key);
			for (int f = 0; f < b->nfields; f++) {
				if (f)
					buf_addc(&s->key, STATS_SEP);
				by_value(s, rec, b->fields[f]);
			}
			struct topk_item *it = topk_add(&b->t, s->key.p ? s->key.p : "", s->key.len, 1);
			it->err += is_err;
		}
	}
	if (sec & ST_SECURITY)
		security(s, rec, has_ts, t);
}

int64_t stats_bucket_start(const char *key)
{
	int64_t b;
	memcpy(&b, key, sizeof b);
	return b;
}

void stats_finish(struct stats *s)
{
	if (s->patterns_by_text)
		return;
	/* Re-key the templates by their final text (two clusters that ended
	 * with the same text are one pattern). */
	topk_rekey_by_label(&s->patterns);
	s->patterns_by_text = true;
}

/* ---- partial state: write ---- */

static void w_u64(struct buf *b, const char *key, uint64_t v)
{
	buf_printf(b, ",\"%s\":%" PRIu64, key, v);
}

static void w_time(struct buf *b, int64_t ms)
{
	if (ms == TOPK_NO_TIME)
		buf_adds(b, "null");
	else
		buf_add_int(b, ms);
}

enum { KEY_BYTES, KEY_BUCKET };

static void w_table(struct buf *b, const char *name, const struct topk *t, int keytype)
{
	buf_printf(b, "\"%s\":{\"total\":%" PRIu64 ",\"base\":%" PRIu64 ",\"evictions\":%" PRIu64
		   ",\"keys\":{", name, t->total, t->base, t->evictions);
	size_t i = 0, n = 0;
	struct topk_item *it;
	char kb[32];
	while ((it = hmap_next(&t->map, &i))) {
		size_t kl;
		const char *k = topk_key(it, &kl);
		if (n++)
			buf_addc(b, ',');
		if (keytype == KEY_BUCKET) {
			snprintf(kb, sizeof kb, "%" PRId64, stats_bucket_start(k));
			jsonw_str(b, kb, strlen(kb));
		} else {
			jsonw_str(b, k, kl);
		}
		buf_printf(b, ":[%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",", it->count,
			   it->over, it->err, it->bytes);
		w_time(b, it->first);
		buf_addc(b, ',');
		w_time(b, it->last);
		buf_addc(b, ']');
	}
	buf_addc(b, '}');
	for (int pass = 0; pass < 2; pass++) {
		buf_adds(b, pass ? ",\"labels\":{" : ",\"examples\":{");
		i = n = 0;
		while ((it = hmap_next(&t->map, &i))) {
			const char *str = pass ? it->label : it->example;
			if (!str)
				continue;
			size_t kl;
			const char *k = topk_key(it, &kl);
			if (n++)
				buf_addc(b, ',');
			jsonw_str(b, k, kl);
			buf_addc(b, ':');
			jsonw_str(b, str, strlen(str));
		}
		buf_addc(b, '}');
	}
	buf_addc(b, '}');
}

static const struct {
	const char *name;
	size_t off;
} sec_counts[] = {
	{ "threats", offsetof(struct stats_sec, threats) },
	{ "finding_records", offsetof(struct stats_sec, finding_recs) },
	{ "annotated", offsetof(struct stats_sec, annotated) },
	{ "updates", offsetof(struct stats_sec, updates) },
	{ "lthreat", offsetof(struct stats_sec, threat_recs) },
	{ "lbrute", offsetof(struct stats_sec, brute) },
	{ "lanomaly", offsetof(struct stats_sec, anomalies) },
};

static uint64_t *sec_count(struct stats_sec *x, size_t i)
{
	return (uint64_t *)((char *)x + sec_counts[i].off);
}

static void w_security(struct buf *b, struct stats_sec *x)
{
	buf_adds(b, ",\"security\":{\"first\":");
	w_time(b, x->first);
	buf_adds(b, ",\"last\":");
	w_time(b, x->last);
	for (size_t i = 0; i < sizeof sec_counts / sizeof *sec_counts; i++)
		w_u64(b, sec_counts[i].name, *sec_count(x, i));
	buf_adds(b, ",\"severity\":[");
	for (int i = 0; i < SEC_NSEV; i++)
		buf_printf(b, "%s%" PRIu64, i ? "," : "", x->sev[i]);
	buf_adds(b, "],\"tables\":{");
	for (size_t i = 0; i < NSEC_TABS; i++) {
		if (i)
			buf_addc(b, ',');
		w_table(b, sec_tabs[i].name, sec_tab(x, i), KEY_BYTES);
	}
	buf_adds(b, "}}");
}

void stats_write_partial(struct stats *s, struct buf *b)
{
	stats_finish(s);
	buf_printf(b, "{\"lstat_partial\":1,\"bucket\":%" PRId64 ",\"sections\":%u", s->opt.bucket,
		   s->opt.sections);
	w_u64(b, "total", s->total);
	w_u64(b, "no_timestamp", s->no_ts);
	w_u64(b, "errors", s->errors);
	w_u64(b, "http", s->http);
	w_u64(b, "status_other", s->status_other);
	w_u64(b, "level_other", s->level_other);
	buf_adds(b, ",\"levels\":{");
	for (int l = LV_DEBUG; l <= LV_CRITICAL; l++)
		buf_printf(b, "%s\"%s\":%" PRIu64, l ? "," : "", level_name(l), s->levels[l]);
	buf_addc(b, '}');
	if (s->has_period) {
		buf_printf(b, ",\"period\":{\"first\":[%" PRId64 ",%u],\"last\":[%" PRId64 ",%u],"
			   "\"first_text\":", s->first.sec, s->first.nsec, s->last.sec, s->last.nsec);
		jsonw_str(b, s->first_s.p ? s->first_s.p : "", s->first_s.len);
		buf_adds(b, ",\"last_text\":");
		jsonw_str(b, s->last_s.p ? s->last_s.p : "", s->last_s.len);
		buf_addc(b, '}');
	}
	buf_adds(b, ",\"status\":{");
	int n = 0;
	for (int c = 0; c < STATS_STATUS_MAX; c++)
		if (s->status[c])
			buf_printf(b, "%s\"%d\":%" PRIu64, n++ ? "," : "", c, s->status[c]);
	buf_adds(b, "},\"response_time\":");
	qsk_write_json(b, &s->rt);
	buf_adds(b, ",\"tables\":{");
	w_table(b, "sources", &s->sources, KEY_BYTES);
	buf_addc(b, ',');
	w_table(b, "err_by", &s->err_by, KEY_BYTES);
	buf_addc(b, ',');
	w_table(b, "top_errors", &s->top_errors, KEY_BYTES);
	buf_addc(b, ',');
	w_table(b, "patterns", &s->patterns, KEY_BYTES);
	buf_addc(b, ',');
	w_table(b, "paths", &s->paths, KEY_BYTES);
	buf_addc(b, ',');
	w_table(b, "paths_5xx", &s->paths_5xx, KEY_BYTES);
	buf_addc(b, ',');
	w_table(b, "ips", &s->ips, KEY_BYTES);
	buf_addc(b, ',');
	w_table(b, "timeline", &s->timeline, KEY_BUCKET);
	buf_adds(b, "},\"by\":[");
	for (int i = 0; i < s->nby; i++) {
		buf_adds(b, i ? ",{\"fields\":[" : "{\"fields\":[");
		for (int f = 0; f < s->by[i].nfields; f++) {
			if (f)
				buf_addc(b, ',');
			jsonw_str(b, s->by[i].fields[f], strlen(s->by[i].fields[f]));
		}
		buf_adds(b, "],");
		w_table(b, "table", &s->by[i].t, KEY_BYTES);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
	if (s->opt.sections & ST_SECURITY)
		w_security(b, &s->sec);
	buf_adds(b, "}\n");
}

/* ---- partial state: read ---- */

static bool r_u64(struct json_val v, uint64_t *out)
{
	int64_t i;
	if (!json_int(v, &i) || i < 0)
		return false;
	*out = (uint64_t)i;
	return true;
}

static bool get_u64(struct span obj, const char *key, uint64_t *out)
{
	struct json_val v;
	return json_get(obj, key, strlen(key), &v) && r_u64(v, out);
}

/*
 * Read up to MAX numbers (or nulls, as NULLV) from the raw text of a JSON
 * array; returns how many, or -1 when it is not such an array.
 */
static int numbers(struct span arr, int64_t *out, int max, int64_t nullv)
{
	const char *p = arr.p, *e = arr.p + arr.len;
	if (arr.len < 2 || *p != '[')
		return -1;
	p++;
	int n = 0;
	char tmp[32];
	while (p < e) {
		while (p < e && (*p == ' ' || *p == ','))
			p++;
		if (p < e && *p == ']')
			return n;
		if (n == max)
			return -1;
		if (e - p >= 4 && memcmp(p, "null", 4) == 0) {
			out[n++] = nullv;
			p += 4;
			continue;
		}
		size_t k = 0;
		while (p < e && k < sizeof tmp - 1 && (*p == '-' || (*p >= '0' && *p <= '9')))
			tmp[k++] = *p++;
		if (!k)
			return -1;
		tmp[k] = '\0';
		out[n++] = strtoll(tmp, NULL, 10);
	}
	return -1;
}

static bool ms_ok(int64_t ms)
{
	return ms == TOPK_NO_TIME || (ms >= TIME_MIN * 1000 && ms <= TIME_MAX * 1000 + 999);
}

static const char *r_table(struct topk *dst, struct span obj, int keytype, struct buf *kb)
{
	struct topk t;
	topk_init(&t, (size_t)-1);
	const char *bad = "bad table in partial state";
	struct json_val keys, v;
	if (!json_get(obj, "keys", 4, &keys) || keys.type != JSON_OBJECT) {
		topk_free(&t);
		return bad;
	}
	struct json_iter it;
	struct span k;
	json_iter_init(&it, keys.raw);
	while (json_iter_next(&it, &k, &v)) {
		int64_t n[6];
		if (v.type != JSON_ARRAY || numbers(v.raw, n, 6, TOPK_NO_TIME) != 6 || n[0] < 0 ||
		    n[1] < 0 || n[2] < 0 || n[3] < 0 || !ms_ok(n[4]) || !ms_ok(n[5])) {
			topk_free(&t);
			return bad;
		}
		buf_reset(kb);
		json_unescape(kb, k.p, k.len);
		if (keytype == KEY_BUCKET) {
			int64_t b = strtoll(kb->p ? kb->p : "0", NULL, 10);
			if (b < TIME_MIN || b > TIME_MAX) {
				topk_free(&t);
				return bad;
			}
			buf_reset(kb);
			buf_add(kb, &b, sizeof b);
		}
		struct topk_item src = {
			.count = (uint64_t)n[0], .over = (uint64_t)n[1], .err = (uint64_t)n[2],
			.bytes = (uint64_t)n[3], .first = n[4], .last = n[5],
		};
		topk_put_item(&t, kb->p ? kb->p : "", kb->len, &src);
	}
	for (int pass = 0; pass < 2; pass++) {
		struct json_val strs;
		if (!json_get(obj, pass ? "labels" : "examples", pass ? 6 : 8, &strs) ||
		    strs.type != JSON_OBJECT)
			continue;
		json_iter_init(&it, strs.raw);
		while (json_iter_next(&it, &k, &v)) {
			if (v.type != JSON_STRING)
				continue;
			buf_reset(kb);
			json_unescape(kb, k.p, k.len);
			struct topk_item *item = hmap_get(&t.map, kb->p ? kb->p : "", kb->len);
			if (!item)
				continue;
			buf_reset(kb);
			json_unescape(kb, v.raw.p + 1, v.raw.len - 2);
			topk_set_str(pass ? &item->label : &item->example, kb->p ? kb->p : "", kb->len);
		}
	}
	get_u64(obj, "total", &t.total);
	get_u64(obj, "base", &t.base);
	get_u64(obj, "evictions", &t.evictions);
	topk_merge(dst, &t);
	topk_free(&t);
	return NULL;
}

static const char *r_sketch(struct qsketch *dst, struct span obj)
{
	struct qsketch q;
	qsk_init(&q);
	struct json_val v;
	double d;
	if (!get_u64(obj, "count", &q.count) || !get_u64(obj, "zero", &q.zero))
		return "bad response_time sketch";
	get_u64(obj, "rejected", &q.rejected);
	if (json_get(obj, "min", 3, &v) && json_num(v, &d))
		q.min = d;
	if (json_get(obj, "max", 3, &v) && json_num(v, &d))
		q.max = d;
	if (json_get(obj, "sum", 3, &v) && json_num(v, &d))
		q.sum = d;
	bool c;
	if (json_get(obj, "collapsed", 9, &v) && json_bool(v, &c))
		q.collapsed = c;
	for (int sign = 1; sign >= -1; sign -= 2) {
		if (!json_get(obj, sign > 0 ? "pos" : "neg", 3, &v) || v.type != JSON_ARRAY)
			continue;
		/* [off, c0, c1, ...], at most QSK_MAX_BUCKETS counts. */
		int64_t *nums = xmalloc((QSK_MAX_BUCKETS + 1) * sizeof *nums);
		int n = numbers(v.raw, nums, QSK_MAX_BUCKETS + 1, 0);
		for (int i = 1; i < n; i++)
			if (nums[i] > 0 && nums[0] > -2000000000 && nums[0] < 2000000000)
				qsk_load_bucket(&q, sign, (int32_t)(nums[0] + i - 1), (uint64_t)nums[i]);
		free(nums);
		if (n < 0) {
			qsk_free(&q);
			return "bad response_time sketch";
		}
	}
	qsk_merge(dst, &q);
	qsk_free(&q);
	return NULL;
}

static const char *r_by(struct stats *s, struct span arr, bool fresh, struct buf *kb)
{
	const char *bad = "partial state made with other --by groupings";
	/* Walk the array of {"fields":[...],"table":{...}} objects by hand:
	 * each element is an object; json_iter works on objects only. */
	const char *p = arr.p + 1, *e = arr.p + arr.len - 1;
	int i = 0;
	while (p < e) {
		while (p < e && *p != '{')
			p++;
		if (p >= e)
			break;
		/* Find the matching brace with json_get on the remainder. */
		const char *q = p;
		int depth = 0;
		bool str = false;
		for (; q < e; q++) {
			if (str) {
				if (*q == '\\')
					q++;
				else if (*q == '"')
					str = false;
			} else if (*q == '"') {
				str = true;
			} else if (*q == '{' || *q == '[') {
				depth++;
			} else if (*q == '}' || *q == ']') {
				if (--depth == 0)
					break;
			}
		}
		if (q >= e)
			return "bad --by state in partial";
		struct span el = span_make(p, (size_t)(q - p) + 1);
		p = q + 1;
		struct json_val fields, table;
		if (!json_get(el, "fields", 6, &fields) || !json_get(el, "table", 5, &table) ||
		    table.type != JSON_OBJECT)
			return "bad --by state in partial";
		/* The field names, joined with ',' as --by takes them. */
		struct buf spec = BUF_INIT;
		const char *f = fields.raw.p + 1, *fe = fields.raw.p + fields.raw.len - 1;
		while (f < fe) {
			const char *qs = memchr(f, '"', (size_t)(fe - f));
			if (!qs)
				break;
			const char *qe = qs + 1;
			while (qe < fe && *qe != '"')
				qe += *qe == '\\' ? 2 : 1;
			if (spec.len)
				buf_addc(&spec, ',');
			json_unescape(&spec, qs + 1, (size_t)(qe - qs - 1));
			f = qe + 1;
		}
		const char *why = NULL;
		if (fresh) {
			why = stats_add_by(s, spec.p ? spec.p : "");
		} else {
			struct buf mine = BUF_INIT;
			if (i < s->nby)
				for (int k = 0; k < s->by[i].nfields; k++) {
					if (k)
						buf_addc(&mine, ',');
					buf_adds(&mine, s->by[i].fields[k]);
				}
			if (i >= s->nby || !spec.p || !mine.p || strcmp(spec.p, mine.p))
				why = bad;
			buf_free(&mine);
		}
		buf_free(&spec);
		if (why)
			return why;
		why = r_table(&s->by[i].t, table.raw, KEY_BYTES, kb);
		if (why)
			return why;
		i++;
	}
	if (!fresh && i != s->nby)
		return bad;
	return NULL;
}

static const char *r_security(struct stats_sec *x, struct span obj, struct buf *kb)
{
	const char *bad = "bad security state in partial";
	struct json_val v;
	int64_t n[SEC_NSEV];
	for (int i = 0; i < 2; i++) {
		if (!json_get(obj, i ? "last" : "first", i ? 4 : 5, &v))
			return bad;
		if (v.type == JSON_NULL)
			continue;
		if (!json_int(v, &n[0]) || !ms_ok(n[0]) || n[0] == TOPK_NO_TIME)
			return bad;
		sec_time(x, n[0]);
	}
	if (!json_get(obj, "severity", 8, &v) || numbers(v.raw, n, SEC_NSEV, -1) != SEC_NSEV)
		return bad;
	for (int i = 0; i < SEC_NSEV; i++) {
		if (n[i] < 0)
			return bad;
		x->sev[i] += (uint64_t)n[i];
	}
	for (size_t i = 0; i < sizeof sec_counts / sizeof *sec_counts; i++) {
		uint64_t c;
		if (!get_u64(obj, sec_counts[i].name, &c))
			return bad;
		*sec_count(x, i) += c;
	}
	struct json_val tabs, t;
	if (!json_get(obj, "tables", 6, &tabs) || tabs.type != JSON_OBJECT)
		return bad;
	for (size_t i = 0; i < NSEC_TABS; i++) {
		if (!json_get(tabs.raw, sec_tabs[i].name, strlen(sec_tabs[i].name), &t) ||
		    t.type != JSON_OBJECT)
			return bad;
		const char *why = r_table(sec_tab(x, i), t.raw, KEY_BYTES, kb);
		if (why)
			return why;
	}
	return NULL;
}

const char *stats_load_partial(struct stats *s, const struct json_obj *rec)
{
	struct json_val v;
	struct span o = rec->text;
	uint64_t u;
	if (!json_obj_get(rec, "lstat_partial", 13, &v) || !r_u64(v, &u) || u != 1)
		return "not an lstat --partial line";
	bool fresh = s->partials++ == 0;
	int64_t bucket;
	if (!json_obj_get(rec, "bucket", 6, &v) || !json_int(v, &bucket) || bucket <= 0)
		return "bad bucket in partial state";
	if (fresh)
		s->opt.bucket = bucket;
	else if (bucket != s->opt.bucket)
		return "partial state made with another --bucket";
	uint64_t sec = ST_ALL;
	get_u64(o, "sections", &sec);
	s->opt.sections = fresh ? (unsigned)sec : s->opt.sections & (unsigned)sec;
	stats_finish(s);

	uint64_t x;
	if (get_u64(o, "total", &x))
		s->total += x;
	if (get_u64(o, "no_timestamp", &x))
		s->no_ts += x;
	if (get_u64(o, "errors", &x))
		s->errors += x;
	if (get_u64(o, "http", &x))
		s->http += x;
	if (get_u64(o, "status_other", &x))
		s->status_other += x;
	if (get_u64(o, "level_other", &x))
		s->level_other += x;
	if (json_obj_get(rec, "levels", 6, &v) && v.type == JSON_OBJECT)
		for (int l = LV_DEBUG; l <= LV_CRITICAL; l++)
			if (get_u64(v.raw, level_name(l), &x))
				s->levels[l] += x;
	if (json_obj_get(rec, "period", 6, &v) && v.type == JSON_OBJECT) {
		struct json_val a, ft, lt;
		int64_t n[2];
		struct instant f = { 0, 0 }, l = { 0, 0 };
		bool ok = json_get(v.raw, "first", 5, &a) && numbers(a.raw, n, 2, 0) == 2;
		if (ok)
			f = (struct instant){ n[0], (uint32_t)n[1] };
		ok = ok && json_get(v.raw, "last", 4, &a) && numbers(a.raw, n, 2, 0) == 2;
		if (ok)
			l = (struct instant){ n[0], (uint32_t)n[1] };
		ok = ok && json_get(v.raw, "first_text", 10, &ft) && ft.type == JSON_STRING &&
		     json_get(v.raw, "last_text", 9, &lt) && lt.type == JSON_STRING;
		ok = ok && f.sec >= TIME_MIN && f.sec <= TIME_MAX && l.sec >= TIME_MIN && l.sec <= TIME_MAX;
		if (!ok)
			return "bad period in partial state";
		struct buf tb = BUF_INIT;
		json_unescape(&tb, ft.raw.p + 1, ft.raw.len - 2);
		period_add(s, f, span_make(tb.p ? tb.p : "", tb.len));
		buf_reset(&tb);
		json_unescape(&tb, lt.raw.p + 1, lt.raw.len - 2);
		period_add(s, l, span_make(tb.p ? tb.p : "", tb.len));
		buf_free(&tb);
	}
	if (json_obj_get(rec, "status", 6, &v) && v.type == JSON_OBJECT) {
		struct json_iter it;
		struct span k;
		struct json_val c;
		json_iter_init(&it, v.raw);
		while (json_iter_next(&it, &k, &c)) {
			long code = strtol(k.p, NULL, 10);
			if (code >= 0 && code < STATS_STATUS_MAX && r_u64(c, &x))
				s->status[code] += x;
		}
	}
	const char *why;
	if (json_obj_get(rec, "response_time", 13, &v) && v.type == JSON_OBJECT &&
	    (why = r_sketch(&s->rt, v.raw)))
		return why;
	if (!json_obj_get(rec, "tables", 6, &v) || v.type != JSON_OBJECT)
		return "no tables in partial state";
	static const struct {
		const char *name;
		size_t off;
		int keytype;
	} tabs[] = {
		{ "sources", offsetof(struct stats, sources), KEY_BYTES },
		{ "err_by", offsetof(struct stats, err_by), KEY_BYTES },
		{ "top_errors", offsetof(struct stats, top_errors), KEY_BYTES },
		{ "patterns", offsetof(struct stats, patterns), KEY_BYTES },
		{ "paths", offsetof(struct stats, paths), KEY_BYTES },
		{ "paths_5xx", offsetof(struct stats, paths_5xx), KEY_BYTES },
		{ "ips", offsetof(struct stats, ips), KEY_BYTES },
		{ "timeline", offsetof(struct stats, timeline), KEY_BUCKET },
	};
	for (size_t i = 0; i < sizeof tabs / sizeof *tabs; i++) {
		struct json_val t;
		if (!json_get(v.raw, tabs[i].name, strlen(tabs[i].name), &t) || t.type != JSON_OBJECT)
			return "missing table in partial state";
		why = r_table((struct topk *)((char *)s + tabs[i].off), t.raw, tabs[i].keytype, &s->key);
		if (why)
			return why;
	}
	if (json_obj_get(rec, "security", 8, &v) && v.type == JSON_OBJECT &&
	    (why = r_security(&s->sec, v.raw, &s->key)))
		return why;
	if (json_obj_get(rec, "by", 2, &v) && v.type == JSON_ARRAY)
		return r_by(s, v.raw, fresh, &s->key);
	return NULL;
}
