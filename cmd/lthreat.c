/*
 * lthreat: web attack detection on NDJSON access-log records.
 * Options and wiring only; the engine is lib/threat.c, the decoding
 * lib/decode.c, the rule files lib/rules.c.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"
#include "diag.h"
#include "hash.h"
#include "human.h"
#include "json.h"
#include "jsonw.h"
#include "ndjson.h"
#include "optval.h"
#include "out.h"
#include "recloop.h"
#include "threat.h"
#include "xalloc.h"

#define MESSAGE_MAX 200

static struct {
	const char **rules;       /* --rules files, in order */
	int nrules;
	bool no_builtin, list_rules, annotate, summary, json;
	unsigned long multi;
	unsigned long max_ips;
	unsigned long top;
	enum human_format format;
	enum human_color color;
} opt = { .multi = 5, .max_ips = 100000, .top = 10 };

/* Text output: one line per finding, then a table by type. */
struct tally {
	uint64_t count;
	int sev;                  /* the highest seen (enum rsev) */
};

struct run {
	struct out out;
	struct threat *eng;
	struct threat_track *track;
	struct buf scratch[TF_COUNT];   /* decoded field values */
	struct buf sip, sts;            /* decoded ip and timestamp */
	uint64_t findings, records, multis;
	bool text, color;
	struct hmap tally;              /* type name -> struct tally (text) */
	int status;
};

static void usage(void)
{
	printf("usage: lthreat [options] [FILE|-]...\n"
	       "Read NDJSON records (from lparse) and report web attacks in them.\n"
	       "\n"
	       "Rules:\n"
	       "  -r, --rules FILE      add the rules of FILE (see lthreat(1) for the format)\n"
	       "      --no-builtin      do not use the built-in rules\n"
	       "      --list-rules      print the rules in rule-file format and exit\n"
	       "Output (default: one finding per attack type per record):\n"
	       "      --format F        text (aligned lines and a table at the end) or json\n"
	       "                        (NDJSON); default: text on a terminal, else json\n"
	       "      --json            NDJSON even on a terminal; with --summary, one JSON object\n"
	       "      --color WHEN      auto, always or never (text; default auto: a terminal\n"
	       "                        and NO_COLOR unset)\n"
	       "  -a, --annotate        pass every record through, adding \"threats\" to those that match\n"
	       "  -s, --summary         at the end, a table of counts (no findings)\n"
	       "      --top N           rows of the summary's top tables (default 10)\n"
	       "Sources:\n"
	       "  -m, --multi N         report an IP with more than N findings (default 5)\n"
	       "      --max-ips N       addresses kept in memory (default 100000)\n"
	       "  -h, --help            show this help\n"
	       "  -V, --version         show the version\n"
	       "\n"
	       "Exit status: 0 when something was found, 1 when nothing was, 2 on error.\n"
	       "\n"
	       "Examples:\n"
	       "  lparse access.log | lthreat --format text --color=always | less -R\n"
	       "  lparse access.log | lthreat | lstat --by type,severity\n"
	       "  lparse access.log | lthreat --annotate | jq -c 'select(.threats)'\n"
	       "  zcat access.log.*.gz | lparse | lthreat --summary\n"
	       "  lthreat --rules site.rules --list-rules\n");
	exit(0);
}

/* Copy member KEY of REC as "key":value when it is a string (or a number, with NUM). */
static void copy_member(struct buf *b, const struct json_obj *rec, const char *key, bool num)
{
	struct json_val v;
	if (!json_obj_get(rec, key, strlen(key), &v))
		return;
	if (v.type != JSON_STRING && !(num && v.type == JSON_NUMBER))
		return;
	buf_printf(b, ",\"%s\":", key);
	/* A finding is a new record: a string with bytes over 0x7f or \u
	 * escapes is decoded and written again, so invalid UTF-8 and lone
	 * surrogates come out repaired (U+FFFD), never copied. */
	bool plain = v.type == JSON_NUMBER;
	if (!plain) {
		plain = true;
		for (size_t i = 0; i < v.raw.len && plain; i++)
			plain = (unsigned char)v.raw.p[i] < 0x80 &&
				!(v.raw.p[i] == '\\' && i + 1 < v.raw.len && v.raw.p[i + 1] == 'u');
	}
	if (plain) {
		buf_add(b, v.raw.p, v.raw.len);
		return;
	}
	struct buf tmp = BUF_INIT;
	struct span s = json_str(v, &tmp);
	jsonw_str(b, s.p, s.len);
	buf_free(&tmp);
}

/* The length of s cut to at most max bytes at a UTF-8 boundary. */
static size_t cut_utf8(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

static void write_encodings(struct buf *b, unsigned f)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ DECODE_LOGESC, "log_escape" }, { DECODE_URL, "url" },
		{ DECODE_MULTI, "multiple_url" }, { DECODE_PLUS, "plus" },
		{ DECODE_HTML, "html_entity" }, { DECODE_UTF8, "utf8_fold" },
		{ DECODE_NUL, "nul_bytes" },
	};
	if (!f)
		return;
	buf_adds(b, ",\"encodings\":[");
	bool first = true;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(f & names[i].bit))
			continue;
		buf_printf(b, "%s\"%s\"", first ? "" : ",", names[i].name);
		first = false;
	}
	buf_addc(b, ']');
}

/* One aligned text line: time, severity, type, who, and a reason. */
static void text_line(struct run *r, struct span ts, const char *sev, const char *type,
		      struct span who, struct span reason_label, struct span reason)
{
	struct buf *b = &r->out.b;
	size_t w = ts.p ? human_str_max(b, ts.p, ts.len, 25) : (buf_addc(b, '-'), 1);
	human_pad(b, w, 25);
	buf_adds(b, "  ");
	const char *sgr = human_sev_sgr(sev);
	human_begin(b, r->color, sgr);
	buf_adds(b, sev);
	human_end(b, r->color, sgr);
	human_pad(b, strlen(sev), 8);
	buf_adds(b, "  ");
	w = human_str_max(b, type, strlen(type), 24);
	human_pad(b, w, 24);
	buf_adds(b, "  ");
	w = who.p && who.len ? human_str_max(b, who.p, who.len, 39) : (buf_addc(b, '-'), 1);
	human_pad(b, w, 15);
	buf_adds(b, "  ");
	buf_add(b, reason_label.p, reason_label.len);
	human_str_max(b, reason.p ? reason.p : "", reason.len, 80);
	buf_addc(b, '\n');
	out_commit(&r->out);
}

static void tally_add(struct run *r, const char *type, int sev, uint64_t n)
{
	bool created;
	struct tally *t = hmap_put(&r->tally, type, strlen(type), &created);
	t->count += n;
	if (created || sev > t->sev)
		t->sev = sev;
}

static void text_finding(struct run *r, const struct threat_hit *h, struct span ts, struct span who)
{
	struct buf label = BUF_INIT;
	buf_printf(&label, "%s %s: ", h->rule->id, threat_field_name(h->field));
	const char *sev = rules_sev_name(h->severity);
	/* rule ids come from rule files: escaped like any input */
	struct buf safe = BUF_INIT;
	human_str(&safe, label.p, label.len);
	text_line(r, ts, sev, h->rule->type, who, span_make(safe.p, safe.len), h->match);
	tally_add(r, h->rule->type, (int)h->severity, 1);
	buf_free(&label);
	buf_free(&safe);
}

static void text_multi(struct run *r, const struct threat_src *s, struct span ip)
{
	struct buf why = BUF_INIT;
	buf_printf(&why, "%llu findings, types ", (unsigned long long)s->count);
	bool first = true;
	for (int i = 0; i < threat_type_count(r->eng); i++)
		if (s->types >> i & 1) {
			buf_adds(&why, first ? "" : ",");
			buf_adds(&why, threat_type_name(r->eng, i));
			first = false;
		}
	struct span last = span_make(s->last, strlen(s->last));
	text_line(r, last.len ? last : SPAN_NULL, "critical", "multi_threat_source", ip,
		  span_make("", 0), span_make(why.p, why.len));
	buf_free(&why);
}

static int by_count(const void *a, const void *b)
{
	const struct tally *x = *(const struct tally *const *)a, *y = *(const struct tally *const *)b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	size_t xl, yl;
	const char *xk = hmap_key(x, &xl), *yk = hmap_key(y, &yl);
	int c = memcmp(xk, yk, xl < yl ? xl : yl);
	return c ? c : (xl > yl) - (xl < yl);
}

/* The end of text output: findings by type, with totals. */
static void text_summary(struct run *r)
{
	struct buf *b = &r->out.b;
	buf_printf(b, "\n%llu findings in %llu records", (unsigned long long)r->findings,
		   (unsigned long long)r->records);
	if (r->multis)
		buf_printf(b, ", %llu multi-threat sources", (unsigned long long)r->multis);
	buf_adds(b, "\n");
	if (!r->findings)
		return;
	size_t n = 0, i = 0;
	struct tally *t;
	while ((t = hmap_next(&r->tally, &i)))
		n++;
	struct tally **v = xmalloc(n * sizeof *v);
	n = 0;
	i = 0;
	while ((t = hmap_next(&r->tally, &i)))
		v[n++] = t;
	qsort(v, n, sizeof *v, by_count);
	static const char *const head[] = { "type", "severity", "findings" };
	struct human_table *tab = human_table_new(3, head, "llr");
	for (size_t k = 0; k < n; k++) {
		size_t kl;
		const char *key = hmap_key(v[k], &kl);
		const char *sev = rules_sev_name((enum rsev)v[k]->sev);
		human_table_cell(tab, NULL, key, kl);
		human_table_cell(tab, human_sev_sgr(sev), sev, strlen(sev));
		human_table_cellf(tab, NULL, "%llu", (unsigned long long)v[k]->count);
	}
	buf_addc(b, '\n');
	human_table_render(tab, b, r->color);
	human_table_free(tab);
	free(v);
}

static void write_finding(struct run *r, const struct json_obj *rec, const struct threat_hit *h,
			  struct span msg)
{
	struct buf *b = &r->out.b;
	buf_adds(b, "{\"type\":");
	const char *type = h->rule->type;
	jsonw_str(b, type, strlen(type));
	buf_printf(b, ",\"severity\":\"%s\",\"rule\":", rules_sev_name(h->severity));
	jsonw_str(b, h->rule->id, strlen(h->rule->id));
	buf_printf(b, ",\"field\":\"%s\",\"match\":", threat_field_name(h->field));
	jsonw_str(b, h->match.p, h->match.len);
	write_encodings(b, h->decoded);
	copy_member(b, rec, "timestamp", false);
	copy_member(b, rec, "ip", false);
	copy_member(b, rec, "source", false);
	if (msg.p) {
		buf_adds(b, ",\"message\":");
		jsonw_str(b, msg.p, cut_utf8(msg.p, msg.len, MESSAGE_MAX));
	}
	copy_member(b, rec, "status", true);
	buf_adds(b, "}\n");
	out_commit(&r->out);
}

static void write_multi(struct run *r, const struct threat_src *s, struct span ip, bool final)
{
	struct buf *b = &r->out.b;
	if (r->text) {
		/* one line per source: when it crosses, not again at the end */
		if (!final) {
			r->multis++;
			text_multi(r, s, ip);
		}
		return;
	}
	buf_adds(b, "{\"type\":\"multi_threat_source\",\"severity\":\"critical\",\"ip\":");
	jsonw_str(b, ip.p, ip.len);
	buf_printf(b, ",\"threat_count\":%llu,\"threat_types\":", (unsigned long long)s->count);
	threat_track_types_json(r->track, s->types, b);
	buf_adds(b, ",\"first_seen\":");
	jsonw_str(b, s->first, strlen(s->first));
	buf_adds(b, ",\"last_seen\":");
	jsonw_str(b, s->last, strlen(s->last));
	buf_printf(b, ",\"final\":%s}\n", final ? "true" : "false");
	out_commit(&r->out);
}

/* The record with "threats" added before its closing brace. */
static void write_annotated(struct run *r, const struct json_obj *rec,
			    const struct threat_hit *hits, size_t n)
{
	struct buf *b = &r->out.b;
	struct span t = rec->text;
	if (n == 0) {
		buf_add(b, t.p, t.len);
		buf_addc(b, '\n');
		out_commit(&r->out);
		return;
	}
	size_t end = t.len;
	while (end > 0 && t.p[end - 1] != '}')
		end--;
	buf_add(b, t.p, end - 1);
	buf_adds(b, rec->n ? ",\"threats\":[" : "\"threats\":[");
	for (size_t i = 0; i < n; i++) {
		buf_adds(b, i ? ",{\"type\":" : "{\"type\":");
		jsonw_str(b, hits[i].rule->type, strlen(hits[i].rule->type));
		buf_printf(b, ",\"severity\":\"%s\",\"rule\":", rules_sev_name(hits[i].severity));
		jsonw_str(b, hits[i].rule->id, strlen(hits[i].rule->id));
		buf_printf(b, ",\"field\":\"%s\"}", threat_field_name(hits[i].field));
	}
	buf_adds(b, "]}\n");
	out_commit(&r->out);
}

/* The member of REC named KEY: a lookup when some key is escaped, else the index. */
static bool member(const struct json_obj *rec, const struct json_val *idx, int k, const char *key,
		   bool escaped, struct json_val *v)
{
	if (escaped)
		return json_obj_get(rec, key, strlen(key), v);
	*v = idx[k];
	return v->type != JSON_NONE;
}

static void scan_record(struct run *r, const struct json_obj *rec)
{
	/* one pass over the members finds every field we read (the last of
	 * duplicates wins, as json_obj_get does) */
	enum { K_STATUS = TF_COUNT, K_IP, K_TS, K_N };
	static const char *const keys[K_N] = {
		"path", "referer", "user_agent", "user", "message", "raw", "status", "ip", "timestamp",
	};
	struct json_val idx[K_N];
	memset(idx, 0, sizeof idx);
	bool escaped = false;
	for (size_t i = 0; i < rec->n; i++) {
		const struct json_member *m = &rec->m[i];
		escaped |= m->key_escaped;
		for (int k = 0; k < K_N; k++)
			if (m->key.len == strlen(keys[k]) && memcmp(m->key.p, keys[k], m->key.len) == 0) {
				idx[k] = m->val;
				break;
			}
	}
	struct threat_record tr;
	struct json_val v;
	for (int f = 0; f < TF_COUNT; f++) {
		tr.field[f] = SPAN_NULL;
		if (member(rec, idx, f, keys[f], escaped, &v) && v.type == JSON_STRING)
			tr.field[f] = json_str(v, &r->scratch[f]);
	}
	tr.status = -1;
	int64_t st;
	if (member(rec, idx, K_STATUS, "status", escaped, &v) && json_int(v, &st) && st >= 0 &&
	    st < 1000)
		tr.status = (int)st;

	const struct threat_hit *hits;
	size_t n = threat_scan(r->eng, &tr, &hits);
	r->findings += n;
	struct span ip = SPAN_NULL, ts = SPAN_NULL;
	if (member(rec, idx, K_IP, "ip", escaped, &v) && v.type == JSON_STRING)
		ip = json_str(v, &r->sip);
	if (member(rec, idx, K_TS, "timestamp", escaped, &v) && v.type == JSON_STRING)
		ts = json_str(v, &r->sts);
	const struct threat_src *crossed =
		threat_track_add(r->track, ip, ts, tr.field[TF_PATH], hits, n);

	if (opt.annotate) {
		write_annotated(r, rec, hits, n);
		return;
	}
	if (opt.summary)
		return;
	if (n && r->text) {
		struct span who = ip;
		if (!who.p && json_obj_get(rec, "source", 6, &v) && v.type == JSON_STRING)
			who = json_str(v, &r->sip);
		for (size_t i = 0; i < n; i++)
			text_finding(r, &hits[i], ts, who);
	} else if (n) {
		struct span msg = tr.field[TF_MESSAGE];
		for (size_t i = 0; i < n; i++)
			write_finding(r, rec, &hits[i], msg);
	}
	if (crossed)
		write_multi(r, crossed, ip, false);
}

static bool on_record(void *ctx, const struct json_obj *rec, struct ndjson *nd)
{
	struct run *r = ctx;
	(void)nd;
	r->records++;
	scan_record(r, rec);
	return true;
}

static void load_rules(struct threat *eng)
{
	char err[512];
	if (!opt.no_builtin && threat_load_builtin(eng, err, sizeof err) < 0) {
		diag("built-in rules: %s", err);   /* a bug, not a user error */
		exit(2);
	}
	for (int i = 0; i < opt.nrules; i++)
		if (threat_load_file(eng, opt.rules[i], err, sizeof err) < 0) {
			diag("%s", err);
			exit(2);
		}
	if (threat_rule_count(eng) == 0)
		diag_usage("no rules: --no-builtin needs --rules FILE");
}

/* ---- --summary as text ---- */

static uint64_t sum_u64(const struct json_obj *o, const char *key)
{
	struct json_val v;
	int64_t i;
	return json_obj_get(o, key, strlen(key), &v) && json_int(v, &i) && i > 0 ? (uint64_t)i : 0;
}

/* "  NAME" padded to WIDTH, then the count: NAME from the input, escaped. */
static void sum_row(struct run *r, struct span name, size_t width, const char *sgr, uint64_t n)
{
	struct buf *b = &r->out.b;
	buf_adds(b, "  ");
	human_begin(b, r->color, sgr);
	size_t w = human_str_max(b, name.p, name.len, width);
	human_end(b, r->color, sgr);
	human_pad(b, w, width);
	buf_printf(b, " %llu\n", (unsigned long long)n);
}

/* An object of name -> count, one row each, in its order. */
static void sum_counts(struct run *r, const struct json_obj *o, const char *key, bool sev)
{
	struct json_val obj, v;
	if (!json_obj_get(o, key, strlen(key), &obj) || obj.type != JSON_OBJECT)
		return;
	struct json_iter it;
	struct span k;
	struct buf name = BUF_INIT;
	json_iter_init(&it, obj.raw);
	while (json_iter_next(&it, &k, &v)) {
		int64_t n = 0;
		json_int(v, &n);
		buf_reset(&name);
		json_unescape(&name, k.p, k.len);
		buf_add(&name, "", 0);
		sum_row(r, span_make(name.p, name.len), 24, sev ? human_sev_sgr(name.p) : NULL,
			n > 0 ? (uint64_t)n : 0);
	}
	buf_free(&name);
}

/* A top table: [{KEY: text, "count": n}, ...] with its bound. */
static void sum_top(struct run *r, const struct json_obj *o, const char *name, const char *key,
		    const char *title)
{
	struct buf *b = &r->out.b;
	buf_printf(b, "\n%s\n", title);
	struct buf bound = BUF_INIT, tmp = BUF_INIT;
	buf_printf(&bound, "%s_error_bound", name);
	uint64_t base = sum_u64(o, bound.p);
	if (base)
		buf_printf(b, "  (over --max-ips: counts may exceed the truth by %llu)\n",
			   (unsigned long long)base);
	struct json_val arr, el, v;
	struct json_iter it;
	if (json_obj_get(o, name, strlen(name), &arr) && arr.type == JSON_ARRAY) {
		json_array_init(&it, arr.raw);
		while (json_array_next(&it, &el)) {
			struct span text = SPAN_NULL;
			int64_t n = 0;
			if (json_get(el.raw, key, strlen(key), &v))
				text = json_str(v, &tmp);
			if (json_get(el.raw, "count", 5, &v))
				json_int(v, &n);
			sum_row(r, text.p ? text : span_make("", 0), 40, NULL, n > 0 ? (uint64_t)n : 0);
		}
	}
	buf_free(&bound);
	buf_free(&tmp);
}

/*
 * --summary as text: the summary lib/threat writes as JSON, rendered with
 * lib/human, so type names, addresses and paths from the input are
 * escaped as in every other human output.
 */
static void summary_text(struct run *r)
{
	struct buf js = BUF_INIT;
	threat_track_summary_json(r->track, opt.top, &js);
	struct json_obj o = JSON_OBJ_INIT;
	size_t len = js.len && js.p[js.len - 1] == '\n' ? js.len - 1 : js.len;
	const char *why = json_obj_parse(&o, span_make(js.p ? js.p : "", len), 0);
	if (why) {
		diag("--summary: %s", why);   /* a bug: lib/threat writes valid JSON */
		r->status = 2;
	} else {
		struct buf *b = &r->out.b;
		uint64_t records = sum_u64(&o, "records"), flagged = sum_u64(&o, "flagged");
		uint64_t dropped = sum_u64(&o, "ips_dropped"), limits = sum_u64(&o, "limit_hits");
		buf_printf(b, "records           %llu\n", (unsigned long long)records);
		buf_printf(b, "flagged records   %llu (%.2f%%)\n", (unsigned long long)flagged,
			   records ? 100.0 * (double)flagged / (double)records : 0.0);
		buf_printf(b, "findings          %llu\n", (unsigned long long)sum_u64(&o, "findings"));
		buf_printf(b, "multi-threat IPs  %llu\n",
			   (unsigned long long)sum_u64(&o, "multi_threat_sources"));
		if (dropped)
			buf_printf(b, "IPs dropped       %llu (least recently seen, over --max-ips)\n",
				   (unsigned long long)dropped);
		if (limits)
			buf_printf(b, "pattern limits    %llu (runs stopped by the match limits)\n",
				   (unsigned long long)limits);
		uint64_t cut = sum_u64(&o, "truncated");
		if (cut)
			buf_printf(b, "values cut        %llu records (a value over %d KiB: its first and last %d KiB examined)\n",
				   (unsigned long long)cut, THREAT_SCAN_MAX / 1024, THREAT_SCAN_MAX / 2048);
		buf_adds(b, "\nby type\n");
		sum_counts(r, &o, "by_type", false);
		buf_adds(b, "\nby severity\n");
		sum_counts(r, &o, "by_severity", true);
		sum_top(r, &o, "top_ips", "ip", "top attacking IPs (findings)");
		sum_top(r, &o, "top_paths", "path", "top targeted paths (flagged records)");
	}
	json_obj_free(&o);
	buf_free(&js);
}

static void finish(struct run *r)
{
	if (opt.summary) {
		if (opt.json)
			threat_track_summary_json(r->track, opt.top, &r->out.b);
		else
			summary_text(r);
		return;
	}
	if (opt.annotate)
		return;
	size_t i = 0;
	const struct threat_src *s;
	struct span ip;
	while ((s = threat_track_next_crossed(r->track, &i, &ip)))
		write_multi(r, s, ip, true);
	if (r->text)
		text_summary(r);
}

int main(int argc, char **argv)
{
	enum { OPT_JSON = 256, OPT_LIST, OPT_MAXIPS, OPT_NOBUILTIN, OPT_TOP, OPT_FORMAT, OPT_COLOR };
	static const struct option longopts[] = {
		{ "annotate", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "multi", required_argument, NULL, 'm' },
		{ "rules", required_argument, NULL, 'r' },
		{ "summary", no_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "list-rules", no_argument, NULL, OPT_LIST },
		{ "max-ips", required_argument, NULL, OPT_MAXIPS },
		{ "no-builtin", no_argument, NULL, OPT_NOBUILTIN },
		{ "top", required_argument, NULL, OPT_TOP },
		{ NULL, 0, NULL, 0 },
	};
	diag_init(argv[0]);
	argv[0] = (char *)diag_prog();   /* getopt names the program as diag does */
	opt.rules = xcalloc((size_t)argc, sizeof *opt.rules);
	int c;
	while ((c = getopt_long(argc, argv, "ahm:r:sV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': opt.annotate = true; break;
		case 'h': usage(); break;
		case 'm': opt.multi = optval_count("--multi", optarg, 0, 1000000000); break;
		case 'r': opt.rules[opt.nrules++] = optarg; break;
		case 's': opt.summary = true; break;
		case 'V': printf("lthreat (ltools) %s\n", LT_VERSION); return 0;
		case OPT_COLOR:
			if (!human_color_arg(optarg, &opt.color))
				diag_usage("--color: '%s' is not auto, always or never", optarg);
			break;
		case OPT_FORMAT:
			if (!human_format_arg(optarg, &opt.format))
				diag_usage("--format: '%s' is not text or json", optarg);
			break;
		case OPT_JSON: opt.json = true; break;
		case OPT_LIST: opt.list_rules = true; break;
		case OPT_MAXIPS: opt.max_ips = optval_count("--max-ips", optarg, 1, 1000000000); break;
		case OPT_NOBUILTIN: opt.no_builtin = true; break;
		case OPT_TOP: opt.top = optval_count("--top", optarg, 1, 1000000000); break;
		default:
			fprintf(stderr, "Try 'lthreat --help' for more information.\n");
			return 2;
		}
	}
	if (opt.annotate && opt.summary)
		diag_usage("--annotate and --summary do not go together");
	if (opt.json && opt.format == HUMAN_FORMAT_TEXT)
		diag_usage("--json and --format text do not go together");
	if (opt.json)
		opt.format = HUMAN_FORMAT_JSON;
	if (opt.format == HUMAN_FORMAT_TEXT && opt.annotate)
		diag_usage("--format text and --annotate do not go together");
	if (opt.format == HUMAN_FORMAT_TEXT && opt.summary)
		opt.json = false;

	struct run r = { .status = 0 };
	/* text only for findings: --annotate passes records, --summary has its own */
	r.text = !opt.annotate && !opt.summary && !opt.list_rules &&
		 human_use_text(opt.format, STDOUT_FILENO);
	r.color = (r.text || (opt.summary && !opt.json)) && human_use_color(opt.color, STDOUT_FILENO);
	hmap_init(&r.tally, sizeof(struct tally));
	r.eng = threat_new();
	load_rules(r.eng);
	out_init(&r.out, STDOUT_FILENO);
	if (opt.list_rules) {
		threat_list_rules(r.eng, &r.out.b);
	} else {
		r.track = threat_track_new(r.eng, opt.max_ips, (unsigned)opt.multi);
		struct recloop loop = {
			.record = on_record, .ctx = &r, .bad_fails = true,
			.wait_hook = out_flush_hook, .wait_arg = &r.out,
		};
		if (optind == argc && recloop_file(&loop, "-"))
			r.status = 2;
		for (int i = optind; i < argc; i++)
			if (recloop_file(&loop, argv[i]))
				r.status = 2;
		finish(&r);
	}
	int werr = out_close(&r.out);
	threat_track_free(r.track);
	threat_free(r.eng);
	hmap_free(&r.tally);
	for (int f = 0; f < TF_COUNT; f++)
		buf_free(&r.scratch[f]);
	buf_free(&r.sip);
	buf_free(&r.sts);
	free(opt.rules);
	if (werr) {
		diag("write error: %s", strerror(werr));
		return 2;
	}
	if (r.status)
		return r.status;
	if (opt.list_rules)
		return 0;
	return r.findings ? 0 : 1;
}
