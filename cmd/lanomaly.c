/*
 * lanomaly: records in, findings out: error and volume spikes against a
 * per-source baseline, silent sources, new error templates and suspicious
 * IPs, each explained.  Options and wiring only; the detectors are in
 * lib/anomaly.c and the probabilities in lib/prob.c.
 */
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "anomaly.h"
#include "diag.h"
#include "human.h"
#include "json.h"
#include "jsonw.h"
#include "level.h"
#include "ltime.h"
#include "ndjson.h"
#include "optval.h"
#include "out.h"
#include "recloop.h"
#include "xalloc.h"

#define SUMMARY_ROWS 200

static struct {
	struct anomaly_opts a;
	const char *baseline;
	bool json, summary, strict;
	enum human_format format;
	enum human_color color;
} opt = { .a = ANOMALY_OPTS_DEFAULT };

/* One row of the --summary table. */
struct row {
	int64_t start;
	enum anomaly_type type;
	enum anomaly_severity sev;
	char subject[161];        /* escaped (lib/human), at most 40 columns */
	size_t subject_w;         /* its columns */
	char figures[40];
};

struct run {
	struct out out;
	bool human;              /* one readable line per finding, not NDJSON */
	bool color;              /* ... in colour (lib/human) */
	struct anomaly *an;
	struct buf fields[6];    /* scratch for decoded strings */
	struct row *rows;
	size_t nrows, cap;
	uint64_t findings, by_sev[AN_CRITICAL + 1];
	int status;
};

static void usage(void)
{
	printf("usage: lanomaly [options] [FILE|-]...\n"
	       "Read records (NDJSON, as lparse writes them) and report anomalies, one JSON\n"
	       "finding per line: error_spike, volume_spike, silence, new_template, suspicious_ip.\n"
	       "\n"
	       "Mode:\n"
	       "      --mode MODE       baseline (default): against each source's own history;\n"
	       "                        fixed: the old fixed thresholds (see --errors)\n"
	       "  -t, --type LIST       only these detectors (comma-separated)\n"
	       "Baseline mode:\n"
	       "  -b, --bucket DUR      bucket length, dividing 1h (default 5m)\n"
	       "      --lag DUR         wait this long past a bucket's end for late records (1m)\n"
	       "      --min-ratio X     spike when observed >= X times expected (3)\n"
	       "      --min-excess N    ... and at least N above expected (5)\n"
	       "      --max-p P         ... and the Poisson tail probability <= P (1e-6)\n"
	       "      --silence DUR     silence: quiet for at least DUR (5m) ...\n"
	       "      --silence-expected N   ... while at least N records were expected (12)\n"
	       "      --learn DUR       templates seen in the first DUR are known (24h)\n"
	       "      --baseline FILE   learn baselines and templates from earlier records first\n"
	       "      --ip-min N        suspicious_ip: at least N records in an hour (20)\n"
	       "      --ip-ratio X      ... an error ratio of at least X (0.5) ...\n"
	       "      --ip-rel X        ... and X times the overall ratio (5)\n"
	       "      --max-keys N      IPs and templates held (100000; sources: N/10)\n"
	       "Fixed mode:\n"
	       "      --errors N        error_spike: an hour with more than N errors (100)\n"
	       "      --ip-requests N   suspicious_ip: more than N records (100) ...\n"
	       "      --ip-rate X       ... and an error rate above X (0.5)\n"
	       "Output:\n"
	       "      --format F        text (aligned lines) or json (NDJSON); default: text on\n"
	       "                        a terminal, else json\n"
	       "      --json            NDJSON even on a terminal\n"
	       "      --color WHEN      auto, always or never (text; default auto)\n"
	       "  -s, --summary         a table of the findings at the end\n"
	       "      --strict          a line that is not a JSON object is fatal (exit 2)\n"
	       "  -h, --help            show this help\n"
	       "  -V, --version         show the version\n"
	       "\n"
	       "Exit status: 0 findings reported, 1 none, 2 error.\n"
	       "\n"
	       "Examples:\n"
	       "  lparse /var/log/app/*.log | lanomaly --summary\n"
	       "  tail -F /var/log/nginx/access.log | lparse | lanomaly -t error_spike,suspicious_ip\n"
	       "  lanomaly --baseline last-week.ndjson today.ndjson | jq -r .reason\n");
	exit(0);
}

/* ---- option values ---- */

/* Whole seconds, as lib/anomaly counts them. */
static int64_t seconds(const char *name, const char *v)
{
	int64_t ns = optval_duration(name, v, 0, 366 * 86400 * OPTVAL_SEC);
	return (ns + OPTVAL_SEC / 2) / OPTVAL_SEC;
}

static unsigned types(const char *v)
{
	unsigned t = 0;
	while (*v) {
		size_t n = strcspn(v, ",");
		int k = anomaly_type_from_name(v, n);
		if (k < 0)
			diag_usage("--type: '%.*s' is not one of error_spike, volume_spike, "
				   "silence, new_template, suspicious_ip", (int)n, v);
		t |= 1u << k;
		v += n;
		if (*v == ',')
			v++;
	}
	if (!t)
		diag_usage("--type: empty list");
	return t;
}

/* ---- output ---- */

static void add_row(struct run *r, const struct anomaly_finding *f)
{
	if (r->nrows == SUMMARY_ROWS)
		return;
	if (r->nrows == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->rows = xrealloc(r->rows, r->cap * sizeof *r->rows);
	}
	struct row *w = &r->rows[r->nrows++];
	w->start = f->start;
	w->type = f->type;
	w->sev = f->severity;
	struct span subj = f->ip.p ? f->ip : f->source.p ? f->source : span_str("(all)");
	if (f->type == AN_NEW_TEMPLATE && f->tmpl.p)
		subj = f->tmpl;
	struct buf b = BUF_INIT;
	w->subject_w = human_str_max(&b, subj.p, subj.len, 40);
	snprintf(w->subject, sizeof w->subject, "%s", b.p ? b.p : "");
	buf_free(&b);
	if (f->type == AN_NEW_TEMPLATE)
		snprintf(w->figures, sizeof w->figures, "%s", level_name(f->level));
	else
		snprintf(w->figures, sizeof w->figures, "%.0f / %.1f", f->observed, f->expected);
}

static void put_time(struct buf *b, int64_t sec)
{
	struct ltime t;
	ltime_from_instant(sec, 0, &t);
	t.ndigits = 0;
	t.off = 0;
	ltime_format(b, &t);
}

static void on_finding(const struct anomaly_finding *f, void *arg)
{
	struct run *r = arg;
	r->findings++;
	r->by_sev[f->severity]++;
	if (opt.summary)
		add_row(r, f);
	struct buf *b = &r->out.b;
	if (r->human) {
		put_time(b, f->start);
		const char *sev = anomaly_severity_name(f->severity), *sgr = human_sev_sgr(sev);
		buf_adds(b, "  ");
		human_begin(b, r->color, sgr);
		buf_adds(b, sev);
		human_end(b, r->color, sgr);
		human_pad(b, strlen(sev), 8);
		buf_printf(b, "  %-13s  ", anomaly_type_name(f->type));
		human_str(b, f->reason, strlen(f->reason));
		buf_addc(b, '\n');
	} else {
		anomaly_finding_json(b, f);
	}
	out_commit(&r->out);
}

static void print_summary(struct run *r)
{
	struct buf b = BUF_INIT;
	struct anomaly_stats st;
	anomaly_stats(r->an, &st);
	buf_printf(&b, "%-20s  %-8s  %-13s  %-40s  %s\n", "start", "severity", "type", "subject",
		   "observed / expected");
	for (size_t i = 0; i < r->nrows; i++) {
		struct row *w = &r->rows[i];
		put_time(&b, w->start);
		buf_printf(&b, "  %-8s  %-13s  %s", anomaly_severity_name(w->sev),
			   anomaly_type_name(w->type), w->subject);
		human_pad(&b, w->subject_w, 40);
		buf_printf(&b, "  %s\n", w->figures);
	}
	if (r->findings > r->nrows)
		buf_printf(&b, "... %llu more\n", (unsigned long long)(r->findings - r->nrows));
	buf_printf(&b, "%llu findings:", (unsigned long long)r->findings);
	for (int t = 0; t < AN_NTYPES; t++)
		buf_printf(&b, " %s %llu%s", anomaly_type_name(t),
			   (unsigned long long)st.findings[t], t + 1 < AN_NTYPES ? "," : "");
	buf_printf(&b, "\n%llu records (%llu without a time, %llu late), %llu sources\n",
		   (unsigned long long)st.records, (unsigned long long)st.untimed,
		   (unsigned long long)st.late, (unsigned long long)st.sources);
	if (st.dropped_keys)
		buf_printf(&b, "%llu times an address, template or source over --max-keys was not tracked\n",
			   (unsigned long long)st.dropped_keys);
	if (r->human) {
		if (r->findings)
			buf_addc(&r->out.b, '\n');
		buf_add(&r->out.b, b.p, b.len);
	} else {
		out_flush(&r->out);
		fwrite(b.p, 1, b.len, stderr);
	}
	buf_free(&b);
}

/* ---- reading ---- */

static struct span str_field(const struct json_obj *rec, const char *key, struct buf *scratch)
{
	struct json_val v;
	if (!json_obj_get(rec, key, strlen(key), &v) || v.type != JSON_STRING)
		return span_make("", 0);
	struct span s = json_str(v, scratch);
	return s.p ? s : span_make("", 0);
}

static bool hex_id(struct span s, uint64_t *id)
{
	if (s.len == 0 || s.len > 16)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	*id = v;
	return true;
}

static void one_record(struct run *r, const struct json_obj *rec)
{
	struct anomaly_rec ar;
	memset(&ar, 0, sizeof ar);
	struct instant t;
	if (ndjson_timestamp(rec, &t)) {
		ar.has_time = true;
		ar.sec = t.sec;
	}
	struct span lv = str_field(rec, "level", &r->fields[0]);
	ar.level = lv.len ? level_from_word(lv.p, lv.len) : LV_NONE;
	if (ar.level == LV_NONE)
		ar.level = LV_INFO;
	ar.source = str_field(rec, "source", &r->fields[1]);
	ar.ip = str_field(rec, "ip", &r->fields[2]);
	ar.message = str_field(rec, "message", &r->fields[3]);
	ar.tmpl = str_field(rec, "template", &r->fields[4]);
	ar.path = str_field(rec, "path", &r->fields[5]);
	struct json_val v;
	int64_t n;
	if (json_obj_get(rec, "template_id", 11, &v)) {
		if (v.type == JSON_STRING && v.raw.len >= 2)
			ar.has_tmpl_id = hex_id(span_make(v.raw.p + 1, v.raw.len - 2), &ar.tmpl_id);
		else if (json_int(v, &n))
			ar.has_tmpl_id = true, ar.tmpl_id = (uint64_t)n;
	}
	if (json_obj_get(rec, "status", 6, &v) && json_int(v, &n) && n > 0 && n < 1000)
		ar.status = (int)n;
	anomaly_add(r->an, &ar);
}

static bool on_record(void *ctx, const struct json_obj *rec, struct ndjson *nd)
{
	(void)nd;
	one_record(ctx, rec);
	return true;
}

static void read_file(struct run *r, struct recloop *loop, const char *path)
{
	int st = recloop_file(loop, path);
	if (st)
		r->status = st;
	anomaly_input_end(r->an);
}

int main(int argc, char **argv)
{
	enum {
		OPT_MODE = 256, OPT_LAG, OPT_MIN_RATIO, OPT_MIN_EXCESS, OPT_MAX_P, OPT_SILENCE,
		OPT_SILENCE_EXP, OPT_LEARN, OPT_BASELINE, OPT_IP_MIN, OPT_IP_RATIO, OPT_IP_REL,
		OPT_MAX_KEYS, OPT_ERRORS, OPT_IP_REQ, OPT_IP_RATE, OPT_JSON, OPT_STRICT,
		OPT_FORMAT, OPT_COLOR,
	};
	static const struct option longopts[] = {
		{ "bucket", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "summary", no_argument, NULL, 's' },
		{ "type", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "errors", required_argument, NULL, OPT_ERRORS },
		{ "ip-min", required_argument, NULL, OPT_IP_MIN },
		{ "ip-rate", required_argument, NULL, OPT_IP_RATE },
		{ "ip-ratio", required_argument, NULL, OPT_IP_RATIO },
		{ "ip-rel", required_argument, NULL, OPT_IP_REL },
		{ "ip-requests", required_argument, NULL, OPT_IP_REQ },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "lag", required_argument, NULL, OPT_LAG },
		{ "learn", required_argument, NULL, OPT_LEARN },
		{ "max-keys", required_argument, NULL, OPT_MAX_KEYS },
		{ "max-p", required_argument, NULL, OPT_MAX_P },
		{ "min-excess", required_argument, NULL, OPT_MIN_EXCESS },
		{ "min-ratio", required_argument, NULL, OPT_MIN_RATIO },
		{ "mode", required_argument, NULL, OPT_MODE },
		{ "silence", required_argument, NULL, OPT_SILENCE },
		{ "silence-expected", required_argument, NULL, OPT_SILENCE_EXP },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ NULL, 0, NULL, 0 },
	};
	diag_init(argv[0]);
	argv[0] = (char *)diag_prog();   /* getopt names the program as diag does */
	xalloc_set_progname("lanomaly");
	int c;
	while ((c = getopt_long(argc, argv, "b:hst:V", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			opt.a.bucket = seconds("--bucket", optarg);
			if (opt.a.bucket < 60 || 3600 % opt.a.bucket)
				diag_usage("--bucket: '%s' is not a whole number of minutes dividing "
					   "an hour (1m, 5m, 10m, 15m, 1h)", optarg);
			break;
		case 'h': usage(); break;
		case 's': opt.summary = true; break;
		case 't': opt.a.types = types(optarg); break;
		case 'V': printf("lanomaly (ltools) %s\n", LT_VERSION); return 0;
		case OPT_BASELINE: opt.baseline = optarg; break;
		case OPT_ERRORS: opt.a.fixed_errors = optval_count("--errors", optarg, 0, UINT64_MAX); break;
		case OPT_IP_MIN: opt.a.ip_min = optval_count("--ip-min", optarg, 1, UINT64_MAX); break;
		case OPT_IP_RATE: opt.a.fixed_ip_rate = optval_real("--ip-rate", optarg, 0, 1); break;
		case OPT_IP_RATIO: opt.a.ip_min_ratio = optval_real("--ip-ratio", optarg, 0, 1); break;
		case OPT_IP_REL: opt.a.ip_rel = optval_real("--ip-rel", optarg, 0, 1e9); break;
		case OPT_IP_REQ: opt.a.fixed_ip_requests = optval_count("--ip-requests", optarg, 0, UINT64_MAX); break;
		case OPT_JSON: opt.json = true; break;
		case OPT_COLOR:
			if (!human_color_arg(optarg, &opt.color))
				diag_usage("--color: '%s' is not auto, always or never", optarg);
			break;
		case OPT_FORMAT:
			if (!human_format_arg(optarg, &opt.format))
				diag_usage("--format: '%s' is not text or json", optarg);
			break;
		case OPT_LAG: opt.a.lag = seconds("--lag", optarg); break;
		case OPT_LEARN: opt.a.learn = seconds("--learn", optarg); break;
		case OPT_MAX_KEYS: opt.a.max_keys = optval_count("--max-keys", optarg, 1, UINT64_MAX); break;
		case OPT_MAX_P: opt.a.max_p = optval_real("--max-p", optarg, 1e-300, 1); break;
		case OPT_MIN_EXCESS: opt.a.min_excess = optval_real("--min-excess", optarg, 0, 1e12); break;
		case OPT_MIN_RATIO: opt.a.min_ratio = optval_real("--min-ratio", optarg, 1, 1e12); break;
		case OPT_MODE:
			if (strcmp(optarg, "baseline") == 0)
				opt.a.mode = ANOMALY_BASELINE;
			else if (strcmp(optarg, "fixed") == 0)
				opt.a.mode = ANOMALY_FIXED;
			else
				diag_usage("--mode: '%s' is not baseline or fixed", optarg);
			break;
		case OPT_SILENCE: opt.a.silence = seconds("--silence", optarg); break;
		case OPT_SILENCE_EXP:
			opt.a.silence_expected = optval_real("--silence-expected", optarg, 0, 1e12);
			break;
		case OPT_STRICT: opt.strict = true; break;
		default:
			fprintf(stderr, "Try 'lanomaly --help' for more information.\n");
			return 2;
		}
	}
	if (opt.a.lag > 6 * opt.a.bucket)
		diag_usage("--lag: at most 6 buckets (%llds)", (long long)(6 * opt.a.bucket));

	struct run r = { .status = 0 };
	out_init(&r.out, STDOUT_FILENO);
	if (opt.json && opt.format == HUMAN_FORMAT_TEXT)
		diag_usage("--json and --format text do not go together");
	r.human = human_use_text(opt.json ? HUMAN_FORMAT_JSON : opt.format, STDOUT_FILENO);
	r.color = r.human && human_use_color(opt.color, STDOUT_FILENO);
	r.an = anomaly_new(&opt.a, on_finding, &r);
	struct recloop loop = {
		.record = on_record, .ctx = &r, .strict = opt.strict,
		.wait_hook = out_flush_hook, .wait_arg = &r.out,
	};
	if (opt.baseline) {
		anomaly_set_learning(r.an, true);
		read_file(&r, &loop, opt.baseline);
		anomaly_set_learning(r.an, false);
	}
	if (optind == argc)
		read_file(&r, &loop, "-");
	for (int i = optind; !loop.stopped && i < argc; i++)
		read_file(&r, &loop, argv[i]);
	anomaly_finish(r.an);
	if (opt.summary)
		print_summary(&r);
	anomaly_free(r.an);
	free(r.rows);
	for (size_t i = 0; i < sizeof r.fields / sizeof *r.fields; i++)
		buf_free(&r.fields[i]);
	int werr = out_close(&r.out);
	if (werr) {
		diag("write error: %s", strerror(werr));
		return 2;
	}
	if (r.status)
		return r.status;
	return r.findings ? 0 : 1;
}
