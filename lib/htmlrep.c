#include "htmlrep.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "json.h"
#include "jsonw.h"
#include "ltime.h"

void htmlrep_escape(struct buf *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c >= 0x80) {
			size_t len = utf8_valid_len(s + i, n - i);
			if (len) {
				buf_add(out, s + i, len);
				i += len;
			} else {
				buf_adds(out, "\xef\xbf\xbd");
				i++;
			}
			continue;
		}
		switch (c) {
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_adds(out, "\xef\xbf\xbd");
			else
				buf_addc(out, (char)c);
		}
		i++;
	}
}

/* ---- reading the report ---- */

/* Elements of an array value, one at a time (the text was validated). */
struct arr {
	const char *p, *end;
};

static void arr_init(struct arr *a, struct json_val v)
{
	a->p = v.type == JSON_ARRAY ? v.raw.p + 1 : NULL;
	a->end = v.type == JSON_ARRAY ? v.raw.p + v.raw.len - 1 : NULL;
}

static bool arr_next(struct arr *a, struct span *elem)
{
	if (!a->p)
		return false;
	while (a->p < a->end && (*a->p == ' ' || *a->p == ',' || *a->p == '\n' || *a->p == '\t' ||
				 *a->p == '\r'))
		a->p++;
	if (a->p >= a->end)
		return false;
	const char *s = a->p;
	int depth = 0;
	bool str = false;
	for (; a->p < a->end; a->p++) {
		char c = *a->p;
		if (str) {
			if (c == '\\')
				a->p++;
			else if (c == '"')
				str = false;
			continue;
		}
		if (c == '"')
			str = true;
		else if (c == '[' || c == '{')
			depth++;
		else if (c == ']' || c == '}')
			depth--;
		else if (c == ',' && depth == 0)
			break;
	}
	size_t len = (size_t)(a->p - s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\n'))
		len--;
	*elem = span_make(s, len);
	return true;
}

static bool get(struct span obj, const char *path, struct json_val *v)
{
	return obj.p && json_path(obj, path, strlen(path), v);
}

static double num(struct span obj, const char *path)
{
	struct json_val v;
	double d = 0;
	if (get(obj, path, &v))
		json_num(v, &d);
	return d;
}

/* The string at PATH of OBJ, escaped into out ("" when absent). */
static void str(struct buf *out, struct span obj, const char *path)
{
	struct json_val v;
	if (!get(obj, path, &v))
		return;
	if (v.type == JSON_STRING) {
		struct buf tmp = BUF_INIT;
		struct span s = json_str(v, &tmp);
		htmlrep_escape(out, s.p, s.len);
		buf_free(&tmp);
	} else if (v.type == JSON_NULL) {
		buf_adds(out, "<i>none</i>");
	} else {
		htmlrep_escape(out, v.raw.p, v.raw.len);
	}
}

static void fmt_num(struct buf *out, double d)
{
	if (d == floor(d) && fabs(d) < 1e15)
		buf_printf(out, "%.0f", d);
	else
		buf_printf(out, "%.4g", d);
}

/* ---- pieces of the page ---- */

static const char css[] =
	"body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;background:#f6f7f9;color:#1d232a}"
	"header{background:#1d232a;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}"
	"header p{margin:4px 0 0;color:#c8ced6}main{padding:16px 24px;display:grid;"
	"grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:16px}"
	"section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px 16px;overflow:auto}"
	"section.wide{grid-column:1/-1}h2{font-size:15px;margin:0 0 8px}"
	"table{border-collapse:collapse;width:100%}td,th{padding:3px 6px;text-align:left;vertical-align:top}"
	"th{border-bottom:1px solid #dde1e6;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
	"td.s{word-break:break-all;font-family:ui-monospace,monospace;font-size:12px}"
	".kpi{display:flex;gap:24px;flex-wrap:wrap}.kpi div{min-width:110px}.kpi b{display:block;font-size:22px}"
	".bar{height:10px;background:#4c78a8;border-radius:2px}.bar.err{background:#e45756}"
	"svg text{font:11px system-ui,sans-serif;fill:#555}.legend span{margin-right:12px}"
	".sw{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}";

static void section_open(struct buf *o, const char *title, bool wide)
{
	buf_printf(o, "<section%s><h2>%s</h2>\n", wide ? " class=\"wide\"" : "", title);
}

static void kpi(struct buf *o, const char *label, double v)
{
	buf_printf(o, "<div>%s<b>", label);
	fmt_num(o, v);
	buf_adds(o, "</b></div>");
}

/* A bar as wide as v of max (a CSS width in percent). */
static void bar(struct buf *o, double v, double max, bool err)
{
	double pct = max > 0 ? 100.0 * v / max : 0;
	buf_printf(o, "<div class=\"bar%s\" style=\"width:%.1f%%\"></div>", err ? " err" : "", pct);
}

/* An object of name -> number as a table with bars. */
static void distribution(struct buf *o, struct span rep, const char *path, const char *title,
			 const char *what)
{
	struct json_val v;
	if (!get(rep, path, &v) || v.type != JSON_OBJECT)
		return;
	double max = 0, total = 0;
	struct json_iter it;
	struct span k;
	struct json_val x;
	json_iter_init(&it, v.raw);
	while (json_iter_next(&it, &k, &x)) {
		double d = 0;
		json_num(x, &d);
		max = d > max ? d : max;
		total += d;
	}
	section_open(o, title, false);
	buf_printf(o, "<table><tr><th>%s</th><th class=\"n\">count</th><th class=\"n\">share</th>"
		      "<th style=\"width:45%%\"></th></tr>\n", what);
	json_iter_init(&it, v.raw);
	while (json_iter_next(&it, &k, &x)) {
		double d = 0;
		json_num(x, &d);
		struct buf key = BUF_INIT;
		json_unescape(&key, k.p, k.len);
		buf_adds(o, "<tr><td class=\"s\">");
		htmlrep_escape(o, key.p ? key.p : "", key.len);
		buf_adds(o, "</td><td class=\"n\">");
		fmt_num(o, d);
		buf_printf(o, "</td><td class=\"n\">%.1f%%</td><td>", total > 0 ? 100 * d / total : 0);
		bool err = (key.len && (strstr(key.p, "ERROR") || strstr(key.p, "CRITICAL") ||
					key.p[0] == '5'));
		bar(o, d, max, err);
		buf_adds(o, "</td></tr>\n");
		buf_free(&key);
	}
	buf_adds(o, "</table></section>\n");
}

/* A column of a table: its title, the member of each row, and its kind. */
struct col {
	const char *title, *key;
	char kind;     /* 's' string, 'n' number, 'p' percent of a 0..1 ratio, 'b' bar of key */
};

static void table(struct buf *o, struct span rep, const char *path, const char *title,
		  const struct col *cols, size_t ncol, bool wide)
{
	struct json_val v;
	if (!get(rep, path, &v) || v.type != JSON_ARRAY)
		return;
	struct arr a;
	struct span e;
	double max = 0;
	size_t rows = 0;
	arr_init(&a, v);
	while (arr_next(&a, &e)) {
		rows++;
		for (size_t c = 0; c < ncol; c++)
			if (cols[c].kind == 'b' && num(e, cols[c].key) > max)
				max = num(e, cols[c].key);
	}
	if (!rows)
		return;
	section_open(o, title, wide);
	buf_adds(o, "<table><tr>");
	for (size_t c = 0; c < ncol; c++)
		buf_printf(o, "<th%s>%s</th>", cols[c].kind == 's' ? "" : " class=\"n\"", cols[c].title);
	buf_adds(o, "</tr>\n");
	arr_init(&a, v);
	while (arr_next(&a, &e)) {
		buf_adds(o, "<tr>");
		for (size_t c = 0; c < ncol; c++) {
			switch (cols[c].kind) {
			case 's':
				buf_adds(o, "<td class=\"s\">");
				str(o, e, cols[c].key);
				break;
			case 'p':
				buf_printf(o, "<td class=\"n\">%.1f%%", 100 * num(e, cols[c].key));
				break;
			case 'b':
				buf_adds(o, "<td style=\"width:25%\">");
				bar(o, num(e, cols[c].key), max, false);
				break;
			default:
				buf_adds(o, "<td class=\"n\">");
				fmt_num(o, num(e, cols[c].key));
			}
			buf_adds(o, "</td>");
		}
		buf_adds(o, "</tr>\n");
	}
	buf_adds(o, "</table></section>\n");
}

/* Seconds since the epoch of the RFC 3339 string at KEY of OBJ. */
static bool instant(struct span obj, const char *key, int64_t *secs)
{
	struct json_val v;
	struct ltime t;
	if (!get(obj, key, &v) || v.type != JSON_STRING || v.raw.len < 3)
		return false;
	if (ltime_parse_iso(v.raw.p + 1, v.raw.len - 2, &t) != v.raw.len - 2 || !t.has_off ||
	    !t.year)
		return false;
	*secs = ltime_instant(&t);
	return true;
}

/* The timeline as an SVG bar chart: records, and errors over them.  Bars
 * stand at their time (an empty bucket is a gap) when the starts can be
 * read and there are at most 2000 buckets from first to last; otherwise
 * side by side. */
static void timeline(struct buf *o, struct span rep)
{
	struct json_val v;
	if (!get(rep, "timeline.buckets", &v) || v.type != JSON_ARRAY)
		return;
	struct arr a;
	struct span e;
	size_t n = 0;
	double max = 0;
	arr_init(&a, v);
	while (arr_next(&a, &e)) {
		n++;
		max = num(e, "count") > max ? num(e, "count") : max;
	}
	if (!n)
		return;
	int64_t first = 0, last = 0, t, step = (int64_t)num(rep, "timeline.bucket_seconds");
	bool timed = step > 0;
	arr_init(&a, v);
	for (size_t k = 0; timed && arr_next(&a, &e); k++) {
		timed = instant(e, "start", &t);
		if (k == 0)
			first = t;
		timed = timed && t >= last && t >= first;
		last = t;
	}
	size_t slots = n;
	if (timed && (last - first) / step < 2000)
		slots = (size_t)((last - first) / step) + 1;
	else
		timed = false;
	const double W = 1000, H = 180, left = 40, bottom = 20;
	double bw = (W - left) / (double)slots;
	section_open(o, "Timeline", true);
	buf_adds(o, "<p class=\"legend\"><span><i class=\"sw\" style=\"background:#4c78a8\"></i>records</span>"
		    "<span><i class=\"sw\" style=\"background:#e45756\"></i>errors</span></p>\n");
	buf_printf(o, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" "
		      "aria-label=\"records and errors per bucket\">\n", W, H + bottom);
	buf_printf(o, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#999\"/>\n",
		   left, H, W, H);
	buf_printf(o, "<text x=\"0\" y=\"12\">");
	fmt_num(o, max);
	buf_printf(o, "</text><text x=\"0\" y=\"%.0f\">0</text>\n", H);
	/* a time label (20 characters) where it fits: after the last one, inside the chart */
	const double label_w = 150;
	double free_x = 0;
	size_t i = 0;
	arr_init(&a, v);
	while (arr_next(&a, &e)) {
		double c = num(e, "count"), er = num(e, "errors");
		size_t slot = i;
		if (timed && instant(e, "start", &t))
			slot = (size_t)((t - first) / step);
		double x = left + (double)slot * bw, h = max > 0 ? (H - 16) * c / max : 0;
		double he = max > 0 ? (H - 16) * er / max : 0;
		buf_printf(o, "<g><title>");
		str(o, e, "start");
		buf_printf(o, ": %.0f records, %.0f errors</title>", c, er);
		buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4c78a8\"/>",
			   x + 1, H - h, bw > 3 ? bw - 2 : bw, h);
		if (he > 0)
			buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#e45756\"/>",
				   x + 1, H - he, bw > 3 ? bw - 2 : bw, he);
		buf_adds(o, "</g>\n");
		if (x >= free_x && x + label_w <= W) {
			free_x = x + label_w;
			buf_printf(o, "<text x=\"%.1f\" y=\"%.0f\">", x + 1, H + 14);
			str(o, e, "start");
			buf_adds(o, "</text>\n");
		}
		i++;
	}
	buf_adds(o, "</svg></section>\n");
}

static void percentiles(struct buf *o, struct span rep)
{
	struct json_val v;
	if (!get(rep, "performance.response_times", &v) || v.type != JSON_OBJECT)
		return;
	static const char *const keys[] = { "min", "p50", "avg", "p90", "p95", "p99", "max" };
	double max = num(v.raw, "max");
	section_open(o, "Response time (seconds)", false);
	buf_adds(o, "<table><tr><th></th><th class=\"n\">seconds</th><th style=\"width:55%\"></th></tr>\n");
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		double d = num(v.raw, keys[i]);
		buf_printf(o, "<tr><td>%s</td><td class=\"n\">%.3f</td><td>", keys[i], d);
		bar(o, d, max, i >= 5);
		buf_adds(o, "</td></tr>\n");
	}
	buf_printf(o, "</table><p>%.0f requests timed</p></section>\n", num(v.raw, "count"));
}

/* The --by tables: values joined with " / ". */
static void by_tables(struct buf *o, struct span rep)
{
	struct json_val v;
	if (!get(rep, "by", &v) || v.type != JSON_ARRAY)
		return;
	struct arr a, f, t, vals;
	struct span e, x, y;
	arr_init(&a, v);
	while (arr_next(&a, &e)) {
		struct json_val fields, top, values;
		if (!get(e, "fields", &fields) || !get(e, "top", &top))
			continue;
		struct buf title = BUF_INIT;
		buf_adds(&title, "By ");
		arr_init(&f, fields);
		bool first = true;
		while (arr_next(&f, &x)) {
			struct json_val fv = { JSON_STRING, x };
			struct buf tmp = BUF_INIT;
			struct span s = json_str(fv, &tmp);
			buf_adds(&title, first ? "" : ", ");
			htmlrep_escape(&title, s.p ? s.p : "", s.len);
			buf_free(&tmp);
			first = false;
		}
		double max = 0;
		arr_init(&t, top);
		while (arr_next(&t, &x))
			max = num(x, "count") > max ? num(x, "count") : max;
		section_open(o, title.p, false);
		buf_adds(o, "<table><tr><th>value</th><th class=\"n\">count</th><th class=\"n\">errors</th>"
			    "<th style=\"width:30%\"></th></tr>\n");
		arr_init(&t, top);
		while (arr_next(&t, &x)) {
			buf_adds(o, "<tr><td class=\"s\">");
			if (get(x, "values", &values)) {
				arr_init(&vals, values);
				bool f1 = true;
				while (arr_next(&vals, &y)) {
					buf_adds(o, f1 ? "" : " / ");
					if (y.len && y.p[0] == '"') {
						struct json_val sv = { JSON_STRING, y };
						struct buf tmp = BUF_INIT;
						struct span s = json_str(sv, &tmp);
						htmlrep_escape(o, s.p ? s.p : "", s.len);
						buf_free(&tmp);
					} else if (y.len == 4 && !memcmp(y.p, "null", 4)) {
						buf_adds(o, "<i>none</i>");
					} else {
						htmlrep_escape(o, y.p, y.len);
					}
					f1 = false;
				}
			}
			buf_adds(o, "</td><td class=\"n\">");
			fmt_num(o, num(x, "count"));
			buf_adds(o, "</td><td class=\"n\">");
			fmt_num(o, num(x, "errors"));
			buf_adds(o, "</td><td>");
			bar(o, num(x, "count"), max, false);
			buf_adds(o, "</td></tr>\n");
		}
		buf_adds(o, "</table></section>\n");
		buf_free(&title);
	}
}


/* ---- the security section ---- */

static const char *sev_color(struct span sev)
{
	static const struct {
		const char *name, *color;
	} c[] = {
		{ "critical", "#9e1b32" }, { "high", "#e45756" }, { "medium", "#f58518" },
		{ "low", "#4c78a8" },
	};
	for (size_t i = 0; i < sizeof c / sizeof *c; i++)
		if (sev.len == strlen(c[i].name) && memcmp(sev.p, c[i].name, sev.len) == 0)
			return c[i].color;
	return "#8c8c8c";
}

/* The string at KEY of OBJ, decoded into tmp (SPAN_NULL when not a string). */
static struct span text_of(struct span obj, const char *key, struct buf *tmp)
{
	struct json_val v;
	if (!get(obj, key, &v) || v.type != JSON_STRING)
		return SPAN_NULL;
	return json_str(v, tmp);
}

/* At most MAX bytes of s, cut on a character boundary. */
static size_t cut(struct span s, size_t max)
{
	if (s.len <= max)
		return s.len;
	size_t n = max;
	while (n > 0 && ((unsigned char)s.p[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* Findings by type as an SVG bar chart, one bar a row, coloured by severity. */
static void security_chart(struct buf *o, struct json_val types)
{
	struct arr a;
	struct span e;
	size_t n = 0;
	double max = 0;
	arr_init(&a, types);
	while (arr_next(&a, &e)) {
		n++;
		max = num(e, "count") > max ? num(e, "count") : max;
	}
	if (!n)
		return;
	const double W = 1000, row = 22, left = 300, right = 60;
	static const char *const sevs[] = { "critical", "high", "medium", "low" };
	buf_adds(o, "<p class=\"legend\">");
	for (size_t k = 0; k < sizeof sevs / sizeof *sevs; k++)
		buf_printf(o, "<span><i class=\"sw\" style=\"background:%s\"></i>%s</span>",
			   sev_color(span_make(sevs[k], strlen(sevs[k]))), sevs[k]);
	buf_adds(o, "</p>\n");
	buf_printf(o, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" "
		      "aria-label=\"findings by type and severity\">\n", W, row * (double)n + 4);
	size_t i = 0;
	struct buf t1 = BUF_INIT, t2 = BUF_INIT;
	arr_init(&a, types);
	while (arr_next(&a, &e)) {
		struct span type = text_of(e, "type", &t1), sev = text_of(e, "severity", &t2);
		if (!type.p)
			type = span_make("", 0);
		if (!sev.p)
			sev = span_make("", 0);
		double c = num(e, "count"), y = row * (double)i + 2;
		double w = max > 0 ? (W - left - right) * c / max : 0;
		buf_adds(o, "<g><title>");
		htmlrep_escape(o, type.p, type.len);
		buf_adds(o, " (");
		htmlrep_escape(o, sev.p, sev.len);
		buf_adds(o, "): ");
		fmt_num(o, c);
		buf_printf(o, "</title><text x=\"0\" y=\"%.1f\">", y + 14);
		htmlrep_escape(o, type.p, cut(type, 36));
		buf_adds(o, type.len > 36 ? "&#8230; &#183; " : " &#183; ");
		htmlrep_escape(o, sev.p, cut(sev, 10));
		buf_printf(o, "</text><rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" "
			      "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">", left, y + 3, w > 1 ? w : 1,
			   row - 6, sev_color(sev), left + (w > 1 ? w : 1) + 6, y + 14);
		fmt_num(o, c);
		buf_adds(o, "</text></g>\n");
		i++;
	}
	buf_free(&t1);
	buf_free(&t2);
	buf_adds(o, "</svg>\n");
}

/* The attacking addresses, each with its types ("sqli 3, xss 1"). */
static void security_ips(struct buf *o, struct json_val ips)
{
	struct arr a, ta;
	struct span e, t;
	double max = 0;
	size_t rows = 0;
	arr_init(&a, ips);
	while (arr_next(&a, &e)) {
		rows++;
		max = num(e, "count") > max ? num(e, "count") : max;
	}
	if (!rows)
		return;
	section_open(o, "Top attacking IPs", true);
	buf_adds(o, "<table><tr><th>IP</th><th class=\"n\">findings</th><th>types</th>"
		    "<th style=\"width:20%\"></th></tr>\n");
	struct buf tmp = BUF_INIT;
	arr_init(&a, ips);
	while (arr_next(&a, &e)) {
		buf_adds(o, "<tr><td class=\"s\" style=\"white-space:nowrap\">");
		str(o, e, "ip");
		buf_adds(o, "</td><td class=\"n\">");
		fmt_num(o, num(e, "count"));
		buf_adds(o, "</td><td class=\"s\">");
		struct json_val types;
		if (get(e, "types", &types)) {
			bool first = true;
			arr_init(&ta, types);
			while (arr_next(&ta, &t)) {
				struct span ty = text_of(t, "type", &tmp);
				buf_adds(o, first ? "" : ", ");
				if (ty.p)
					htmlrep_escape(o, ty.p, ty.len);
				buf_addc(o, ' ');
				fmt_num(o, num(t, "count"));
				first = false;
			}
		}
		buf_adds(o, "</td><td>");
		bar(o, num(e, "count"), max, true);
		buf_adds(o, "</td></tr>\n");
	}
	buf_free(&tmp);
	buf_adds(o, "</table></section>\n");
}

static void security(struct buf *o, struct span rep)
{
	struct json_val sec, v;
	if (!get(rep, "security", &sec) || sec.type != JSON_OBJECT)
		return;
	section_open(o, "Security", true);
	buf_adds(o, "<div class=\"kpi\">");
	kpi(o, "findings", num(sec.raw, "findings"));
	kpi(o, "critical", num(sec.raw, "by_severity.critical"));
	kpi(o, "high", num(sec.raw, "by_severity.high"));
	kpi(o, "finding records", num(sec.raw, "finding_records"));
	kpi(o, "annotated records", num(sec.raw, "annotated_records"));
	buf_adds(o, "</div>\n<p>");
	str(o, sec.raw, "first_seen");
	buf_adds(o, " &ndash; ");
	str(o, sec.raw, "last_seen");
	buf_adds(o, "</p>\n");
	if (get(sec.raw, "by_type", &v) && v.type == JSON_ARRAY) {
		buf_adds(o, "<h2>Findings by type</h2>\n");
		security_chart(o, v);
	}
	buf_adds(o, "</section>\n");
	distribution(o, sec.raw, "by_severity", "Findings by severity", "severity");
	static const struct col types[] = {
		{ "type", "type", 's' }, { "severity", "severity", 's' }, { "findings", "count", 'n' },
		{ "first seen", "first_seen", 's' }, { "last seen", "last_seen", 's' },
	};
	table(o, sec.raw, "by_type", "Findings by type and severity", types, 5, true);
	if (get(sec.raw, "top_ips", &v))
		security_ips(o, v);
	static const struct col paths[] = {
		{ "path", "path", 's' }, { "findings", "count", 'n' }, { "", "count", 'b' },
	};
	table(o, sec.raw, "top_paths", "Top targeted paths", paths, 3, false);
	static const struct col brute_ips[] = {
		{ "IP", "ip", 's' }, { "findings", "count", 'n' },
		{ "success after failures", "success_after_failures", 'n' }, { "", "count", 'b' },
	};
	table(o, sec.raw, "brute_force.sources", "Brute-force sources", brute_ips, 4, false);
	static const struct col brute_users[] = {
		{ "user", "user", 's' }, { "findings", "count", 'n' },
		{ "success after failures", "success_after_failures", 'n' }, { "", "count", 'b' },
	};
	table(o, sec.raw, "brute_force.users", "Brute-force users", brute_users, 4, false);
	static const struct col anomalies[] = {
		{ "kind", "kind", 's' }, { "findings", "count", 'n' },
		{ "first seen", "first_seen", 's' }, { "last seen", "last_seen", 's' },
		{ "", "count", 'b' },
	};
	table(o, sec.raw, "anomalies.by_kind", "Anomalies", anomalies, 5, false);
}

const char *htmlrep_write(struct buf *o, struct span rep, const char *title)
{
	const char *why = json_validate(rep, 0);
	if (why)
		return why;
	buf_adds(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		    "style-src 'unsafe-inline'; img-src data:\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	htmlrep_escape(o, title, strlen(title));
	buf_printf(o, "</title>\n<style>%s</style></head>\n<body>\n<header><h1>", css);
	htmlrep_escape(o, title, strlen(title));
	buf_adds(o, "</h1><p>");
	struct json_val v;
	if (get(rep, "period", &v)) {
		str(o, rep, "period.start");
		buf_adds(o, " &ndash; ");
		str(o, rep, "period.end");
	}
	buf_adds(o, "</p></header>\n<main>\n");
	if (get(rep, "summary", &v)) {
		section_open(o, "Summary", true);
		buf_adds(o, "<div class=\"kpi\">");
		kpi(o, "records", num(rep, "summary.total_entries"));
		kpi(o, "errors", num(rep, "summary.errors"));
		kpi(o, "without time", num(rep, "summary.without_timestamp"));
		if (get(rep, "performance.requests", &v))
			kpi(o, "requests", num(rep, "performance.requests"));
		if (get(rep, "performance.response_times.p95", &v))
			kpi(o, "p95 seconds", num(rep, "performance.response_times.p95"));
		buf_adds(o, "</div></section>\n");
	}
	timeline(o, rep);
	security(o, rep);
	distribution(o, rep, "summary.level_distribution", "Levels", "level");
	distribution(o, rep, "performance.status_classes", "Status classes", "class");
	distribution(o, rep, "performance.status_distribution", "Status codes", "status");
	static const struct col sources[] = {
		{ "source", "source", 's' }, { "records", "count", 'n' }, { "errors", "errors", 'n' },
		{ "", "count", 'b' },
	};
	table(o, rep, "summary.top_sources", "Top sources", sources, 4, false);
	static const struct col ips[] = {
		{ "IP", "ip", 's' }, { "records", "count", 'n' }, { "errors", "errors", 'n' },
		{ "error rate", "error_rate", 'p' }, { "bytes", "bytes", 'n' }, { "", "count", 'b' },
	};
	table(o, rep, "top_ips", "Top IPs", ips, 6, false);
	static const struct col paths[] = {
		{ "path", "path", 's' }, { "requests", "count", 'n' }, { "5xx", "errors_5xx", 'n' },
		{ "", "count", 'b' },
	};
	table(o, rep, "performance.top_paths", "Top paths", paths, 4, false);
	percentiles(o, rep);
	static const struct col patterns[] = {
		{ "pattern", "pattern", 's' }, { "count", "count", 'n' }, { "share", "share", 'p' },
		{ "first seen", "first_seen", 's' }, { "last seen", "last_seen", 's' },
	};
	table(o, rep, "errors.error_patterns", "Error patterns", patterns, 5, true);
	static const struct col errs[] = {
		{ "message", "message", 's' }, { "count", "count", 'n' },
		{ "first seen", "first_seen", 's' }, { "last seen", "last_seen", 's' },
	};
	table(o, rep, "errors.top_errors", "Top error messages", errs, 4, true);
	by_tables(o, rep);
	buf_adds(o, "</main>\n<footer style=\"padding:8px 24px;color:#777\">ltools lstat</footer>\n"
		    "</body></html>\n");
	return NULL;
}
