/*
 * lbrute: brute force, password spraying and compromise detection over
 * lparse records.  Options and wiring only; recognition is lib/auth.c,
 * detection lib/brute.c.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "brute.h"
#include "diag.h"
#include "hash.h"
#include "human.h"
#include "ipaddr.h"
#include "jsonw.h"
#include "ndjson.h"
#include "optval.h"
#include "out.h"
#include "recloop.h"
#include "xalloc.h"

static struct {
	struct brute_opts b;
	bool events, ips, json, list_rules, stats;
	const char **rules;
	size_t nrules;
	const char **paths;
	size_t npaths;
	struct ipnet *ignore;
	size_t nignore;
	enum human_format format;
	enum human_color color;
} opt;

#define NFIELDS_MAX 9   /* the fields below, and one for auth_in.field */

struct run {
	struct out out;
	struct auth *auth;
	struct brute *brute;
	struct hmap printed;       /* --ips: addresses already written */
	struct buf sc[NFIELDS_MAX]; /* scratch for fields with escapes */
	int64_t last_t;            /* time of the last record that had one */
	uint64_t records, failures, successes, findings;
	bool text, color;                /* text output, in colour */
	uint64_t by_type[4];             /* text: findings (not closing updates) by type */
	int status;
};

static void usage(void)
{
	printf("usage: lbrute [options] [FILE|-]...\n"
	       "Find brute force, password spraying, distributed attacks and logins that\n"
	       "succeed after failures, in records from lparse.\n"
	       "\n"
	       "Detection:\n"
	       "  -t, --threshold N         failures from one address in the window (default 10)\n"
	       "  -w, --window D            sliding window: 90s, 5m, 1h (default 5m)\n"
	       "      --spray-users N       distinct users from one address (default 5)\n"
	       "      --distributed-ips N   distinct addresses failing one user (default 10)\n"
	       "      --subnet V4[,V6]      count IPv4 by /V4 and IPv6 by /V6 networks (e.g. 24,64)\n"
	       "      --ignore CIDR         never report these addresses (repeatable)\n"
	       "      --max-keys N          bound on tracked addresses and users (default 200000)\n"
	       "Recognition:\n"
	       "      --rules FILE          add rules (tried before the built-in ones; repeatable)\n"
	       "      --login-path PATH     a login endpoint for access logs (repeatable; replaces\n"
	       "                            the defaults: /wp-login.php, /xmlrpc.php, /login, ...)\n"
	       "      --list-rules          list the rules and login endpoints, and exit\n"
	       "Output:\n"
	       "      --format F            text (aligned lines and a table at the end) or json\n"
	       "                            (NDJSON); default: text on a terminal, else json\n"
	       "      --json                NDJSON even on a terminal\n"
	       "      --color WHEN          auto, always or never (text; default auto)\n"
	       "  -e, --events              write each recognised event instead of findings\n"
	       "      --ips                 write only the offending addresses, one per line\n"
	       "  -v, --stats               print counts on stderr at the end\n"
	       "  -h, --help                show this help\n"
	       "  -V, --version             show the version\n"
	       "\n"
	       "Examples:\n"
	       "  lparse /var/log/auth.log | lbrute --format text\n"
	       "  tail -F /var/log/auth.log | lparse | lbrute --subnet 24,64\n"
	       "  lparse -n auth.log | lbrute --events | lstat --by service\n"
	       "  lparse auth.log | lbrute --ips >block.txt   (for ipset or nftables: lbrute(1))\n");
	exit(0);
}

static void parse_subnet(const char *v)
{
	char *end;
	long a = strtol(v, &end, 10), b = 0;
	if (end == v || a < 1 || a > 32)
		diag_usage("--subnet: '%s': give the IPv4 prefix (1-32), then optionally ',' and the IPv6 prefix (1-128)", v);
	if (*end == ',') {
		const char *p = end + 1;
		b = strtol(p, &end, 10);
		if (end == p || b < 1 || b > 128)
			diag_usage("--subnet: '%s': the IPv6 prefix must be 1-128", v);
	}
	if (*end)
		diag_usage("--subnet: '%s' is not V4[,V6]", v);
	opt.b.v4_prefix = (int)a;
	opt.b.v6_prefix = (int)b;
}

static void list_rules(struct auth *a)
{
	for (size_t i = 0; i < auth_rule_count(a); i++) {
		const char *id, *type, *pat, *desc;
		auth_rule_info(a, i, &id, &type, &pat, &desc);
		printf("%s\t%s\t%s\t%s\n", id, type, desc, pat);
	}
	printf("http.401\tauth_failure\tan access-log record with status 401 for a request that named a user\t(status, user)\n");
	printf("http.login_post\tauth_failure\ta POST to a login endpoint answered with other than a redirect\t(method, path, status)\n");
	for (size_t i = 0; i < auth_login_path_count(a); i++)
		printf("login-path\t%s\n", auth_login_path(a, i));
}

/* ---- output ---- */

static void add_key(struct buf *o, const char *k)
{
	buf_addc(o, ',');
	buf_addc(o, '"');
	buf_adds(o, k);
	buf_adds(o, "\":");
}

static bool skip_key(struct span k)
{
	return span_eq(k, "event") || span_eq(k, "service") || span_eq(k, "ip") ||
	       span_eq(k, "user") || span_eq(k, "rule");
}

/* The record's own members (less the ones the event sets), then the event. */
static void write_event(struct run *r, const struct json_obj *rec, const struct auth_event *ev)
{
	struct buf *o = &r->out.b;
	buf_addc(o, '{');
	bool first = true;
	for (size_t i = 0; i < rec->n; i++) {
		const struct json_member *m = &rec->m[i];
		if (skip_key(m->key))
			continue;
		if (!first)
			buf_addc(o, ',');
		first = false;
		buf_addc(o, '"');
		buf_add(o, m->key.p, m->key.len);
		buf_adds(o, "\":");
		buf_add(o, m->val.raw.p, m->val.raw.len);
	}
	if (first)
		buf_adds(o, "\"event\":\"");
	else
		buf_adds(o, ",\"event\":\"");
	buf_adds(o, auth_kind_name(ev->kind));
	buf_addc(o, '"');
	add_key(o, "service");
	jsonw_str(o, ev->service, strlen(ev->service));
	if (ev->ip[0]) {
		add_key(o, "ip");
		jsonw_str(o, ev->ip, strlen(ev->ip));
	}
	if (ev->user[0]) {
		add_key(o, "user");
		jsonw_str(o, ev->user, strlen(ev->user));
	}
	add_key(o, "rule");
	jsonw_str(o, ev->rule, strlen(ev->rule));
	buf_adds(o, "}\n");
	out_commit(&r->out);
}

static void print_ip(struct run *r, const char *ip)
{
	struct ipnet net;
	/* addresses and networks only: a host name would break a firewall set */
	if (!ip || !*ip || !ipaddr_parse_net(ip, strlen(ip), &net))
		return;
	bool created;
	hmap_put(&r->printed, ip, strlen(ip), &created);
	if (!created)
		return;
	buf_adds(&r->out.b, ip);
	buf_addc(&r->out.b, '\n');
}

static void add_list(struct buf *b, const char *what, const char *const *v, size_t n, size_t total)
{
	if (!n)
		return;
	buf_printf(b, ", %s ", what);
	for (size_t i = 0; i < n && i < 3; i++) {
		if (i)
			buf_addc(b, ',');
		buf_adds(b, v[i]);
	}
	if (total > 3)
		buf_printf(b, " (+%zu)", total - 3);
}

/* One aligned line: time, severity, type, who, why. */
static void text_finding(struct run *r, const struct brute_finding *f)
{
	struct buf *b = &r->out.b;
	struct buf t = BUF_INIT, why = BUF_INIT;
	brute_format_time(&t, f->t_ns);
	buf_adds(b, t.p);
	human_pad(b, t.len, 25);
	buf_adds(b, "  ");
	const char *sev = brute_severity(f->type), *sgr = human_sev_sgr(sev);
	human_begin(b, r->color, sgr);
	buf_adds(b, sev);
	human_end(b, r->color, sgr);
	human_pad(b, strlen(sev), 8);
	buf_adds(b, "  ");
	const char *type = brute_type_name(f->type);
	buf_adds(b, type);
	human_pad(b, strlen(type), 24);
	buf_adds(b, "  ");
	const char *who = f->ip && *f->ip ? f->ip : f->user && *f->user ? f->user
			: f->service ? f->service : "-";
	size_t w = human_str_max(b, who, strlen(who), 39);
	human_pad(b, w, 15);
	buf_adds(b, "  ");
	if (f->closing) {
		buf_printf(&why, "ended: %llu failures from ", (unsigned long long)f->attempts);
		brute_format_time(&why, f->first_ns);
		buf_adds(&why, " to ");
		brute_format_time(&why, f->last_ns);
	} else if (f->type == BRUTE_SUCCESS_AFTER) {
		buf_printf(&why, "login succeeded after %llu failures", (unsigned long long)f->attempts);
		if (f->user && *f->user)
			buf_printf(&why, ", user %s", f->user);
	} else {
		buf_printf(&why, "%llu failures within ", (unsigned long long)f->attempts);
		brute_format_duration(&why, opt.b.window_ns);
	}
	if (!f->closing) {
		add_list(&why, "users", f->users, f->nusers, f->users_total);
		add_list(&why, "ips", f->ips, f->nips, f->ips_total);
		add_list(&why, "services", f->services, f->nservices, f->services_total);
	}
	human_str_max(b, why.p, why.len, 100);
	buf_addc(b, '\n');
	buf_free(&t);
	buf_free(&why);
}

static void text_summary(struct run *r)
{
	struct buf *b = &r->out.b;
	buf_printf(b, "\n%llu findings; %llu failed and %llu successful logins in %llu records\n",
		   (unsigned long long)(r->by_type[0] + r->by_type[1] + r->by_type[2] + r->by_type[3]),
		   (unsigned long long)r->failures, (unsigned long long)r->successes,
		   (unsigned long long)r->records);
	static const char *const head[] = { "type", "severity", "findings" };
	struct human_table *tab = human_table_new(3, head, "llr");
	static const enum brute_type order[] = { BRUTE_SUCCESS_AFTER, BRUTE_DISTRIBUTED, BRUTE_FORCE,
						 BRUTE_SPRAY };
	for (int i = 0; i < 4; i++) {
		enum brute_type ty = order[i];
		if (!r->by_type[ty])
			continue;
		const char *name = brute_type_name(ty), *sev = brute_severity(ty);
		human_table_cell(tab, NULL, name, strlen(name));
		human_table_cell(tab, human_sev_sgr(sev), sev, strlen(sev));
		human_table_cellf(tab, NULL, "%llu", (unsigned long long)r->by_type[ty]);
	}
	if (human_table_rows(tab)) {
		buf_addc(b, '\n');
		human_table_render(tab, b, r->color);
	}
	human_table_free(tab);
}

static void sink(void *arg, const struct brute_finding *f)
{
	struct run *r = arg;
	r->findings++;
	if (r->text) {
		if (!f->closing && (unsigned)f->type < 4)
			r->by_type[f->type]++;
		text_finding(r, f);
	} else if (opt.ips) {
		if (f->ip)
			print_ip(r, f->ip);
		if (f->type == BRUTE_DISTRIBUTED)
			for (size_t i = 0; i < f->nips; i++)
				print_ip(r, f->ips[i]);
	} else {
		brute_format(&r->out.b, f, opt.b.window_ns);
		buf_addc(&r->out.b, '\n');
	}
	out_commit(&r->out);
}

/* ---- the record loop ---- */

/* The fields recognition reads, in one pass over the record's members
 * (the last of duplicate keys wins, as json_obj_get does). */
static const char *const fields[] = { "message", "process", "hostname", "ip", "user", "method", "path",
				       "format" };
#define NFIELDS 8
static const size_t field_len[NFIELDS] = { 7, 7, 8, 2, 4, 6, 4, 6 };

static struct span *field_slot(struct auth_in *in, int i)
{
	struct span *slots[NFIELDS] = { &in->message, &in->process, &in->hostname, &in->ip,
					&in->user, &in->method, &in->path, &in->format };
	return slots[i];
}

/* auth_in.field: any other string field of the record (parsed formats'
 * remote, remote_addr, module, ...). */
struct field_ctx {
	struct run *r;
	const struct json_obj *rec;
};

static struct span other_field(void *arg, const char *name)
{
	const struct field_ctx *fc = arg;
	struct json_val v;
	if (!json_obj_get(fc->rec, name, strlen(name), &v) || v.type != JSON_STRING)
		return SPAN_NULL;
	return json_str(v, &fc->r->sc[NFIELDS]);
}

static void read_fields(struct run *r, const struct json_obj *rec, struct auth_in *in)
{
	for (size_t k = 0; k < rec->n; k++) {
		const struct json_member *m = &rec->m[k];
		struct span key = m->key;
		struct buf kb = BUF_INIT;
		if (m->key_escaped) {
			json_unescape(&kb, key.p, key.len);
			key = span_make(kb.p ? kb.p : "", kb.len);
		}
		int64_t n;
		if (key.len == 3 && memcmp(key.p, "pid", 3) == 0) {
			in->pid = json_int(m->val, &n) ? n : -1;
		} else if (key.len == 6 && memcmp(key.p, "status", 6) == 0) {
			in->status = json_int(m->val, &n) && n >= 0 && n < 1000 ? (int)n : -1;
		} else {
			for (int i = 0; i < NFIELDS; i++) {
				if (key.len != field_len[i] || memcmp(key.p, fields[i], key.len) != 0)
					continue;
				/* decoding escapes needs a scratch buffer per field */
				*field_slot(in, i) = m->val.type == JSON_STRING ? json_str(m->val, &r->sc[i]) : SPAN_NULL;
				break;
			}
		}
		buf_free(&kb);
	}
}

static void record(struct run *r, const struct json_obj *rec)
{
	struct auth_in in = AUTH_IN_INIT;
	read_fields(r, rec, &in);
	struct field_ctx fc = { r, rec };
	in.field = other_field;
	in.field_arg = &fc;
	struct auth_event ev[2];
	int nev = auth_recognise(r->auth, &in, ev);
	if (nev == 0)
		return;
	struct instant t;
	/* years past 2262 do not fit in nanoseconds: clamped (brute.h) */
	if (ndjson_timestamp(rec, &t))
		r->last_t = t.sec > 4000000000LL ? 4000000000LL * 1000000000LL
			  : t.sec < -4000000000LL ? -4000000000LL * 1000000000LL
			  : t.sec * 1000000000LL + t.nsec;
	for (int i = 0; i < nev; i++) {
		if (ev[i].kind == AUTH_SUCCESS)
			r->successes++;
		else
			r->failures++;
		if (opt.events) {
			write_event(r, rec, &ev[i]);
			continue;
		}
		struct brute_event be = {
			.t_ns = r->last_t,
			.success = ev[i].kind == AUTH_SUCCESS,
			.ip = ev[i].ip,
			.ip_is_addr = ev[i].ip_is_addr,
			.user = ev[i].user,
			.service = ev[i].service,
		};
		brute_add(r->brute, &be);
	}
}

static bool on_record(void *ctx, const struct json_obj *rec, struct ndjson *nd)
{
	struct run *r = ctx;
	(void)nd;
	r->records++;
	record(r, rec);
	return true;
}

int main(int argc, char **argv)
{
	enum { OPT_SPRAY = 256, OPT_DIST, OPT_SUBNET, OPT_IGNORE, OPT_MAXKEYS, OPT_RULES,
	       OPT_LOGIN, OPT_LIST, OPT_IPS, OPT_FORMAT, OPT_JSON, OPT_COLOR };
	static const struct option longopts[] = {
		{ "events", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "threshold", required_argument, NULL, 't' },
		{ "stats", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "window", required_argument, NULL, 'w' },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "distributed-ips", required_argument, NULL, OPT_DIST },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "ignore", required_argument, NULL, OPT_IGNORE },
		{ "ips", no_argument, NULL, OPT_IPS },
		{ "list-rules", no_argument, NULL, OPT_LIST },
		{ "login-path", required_argument, NULL, OPT_LOGIN },
		{ "max-keys", required_argument, NULL, OPT_MAXKEYS },
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "spray-users", required_argument, NULL, OPT_SPRAY },
		{ "subnet", required_argument, NULL, OPT_SUBNET },
		{ NULL, 0, NULL, 0 },
	};
	diag_init(argv[0]);
	argv[0] = (char *)diag_prog();   /* getopt names the program as diag does */
	xalloc_set_progname("lbrute");
	brute_opts_default(&opt.b);
	int c;
	while ((c = getopt_long(argc, argv, "eht:vVw:", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': opt.events = true; break;
		case 'h': usage(); break;
		case 't': opt.b.threshold = (unsigned)optval_count("--threshold", optarg, 1, 1000000000); break;
		case 'v': opt.stats = true; break;
		case 'V': printf("lbrute (ltools) %s\n", LT_VERSION); return 0;
		case 'w':
			opt.b.window_ns = optval_duration("--window", optarg, 1, 366 * 86400 * OPTVAL_SEC);
			break;
		case OPT_COLOR:
			if (!human_color_arg(optarg, &opt.color))
				diag_usage("--color: '%s' is not auto, always or never", optarg);
			break;
		case OPT_FORMAT:
			if (!human_format_arg(optarg, &opt.format))
				diag_usage("--format: '%s' is not text or json", optarg);
			break;
		case OPT_JSON: opt.json = true; break;
		case OPT_DIST: opt.b.distributed_ips = (unsigned)optval_count("--distributed-ips", optarg, 2, 1000000000); break;
		case OPT_IGNORE:
			opt.ignore = xrealloc(opt.ignore, (opt.nignore + 1) * sizeof *opt.ignore);
			if (!ipaddr_parse_net(optarg, strlen(optarg), &opt.ignore[opt.nignore]))
				diag_usage("--ignore: '%s' is not an address or network (10.0.0.0/8, 2001:db8::/32)", optarg);
			opt.nignore++;
			break;
		case OPT_IPS: opt.ips = true; break;
		case OPT_LIST: opt.list_rules = true; break;
		case OPT_LOGIN:
			opt.paths = xrealloc(opt.paths, (opt.npaths + 1) * sizeof *opt.paths);
			opt.paths[opt.npaths++] = optarg;
			break;
		case OPT_MAXKEYS: opt.b.max_keys = (unsigned)optval_count("--max-keys", optarg, 16, 1000000000); break;
		case OPT_RULES:
			opt.rules = xrealloc(opt.rules, (opt.nrules + 1) * sizeof *opt.rules);
			opt.rules[opt.nrules++] = optarg;
			break;
		case OPT_SPRAY: opt.b.spray_users = (unsigned)optval_count("--spray-users", optarg, 2, 1000000000); break;
		case OPT_SUBNET: parse_subnet(optarg); break;
		default:
			fprintf(stderr, "Try 'lbrute --help' for more information.\n");
			return 2;
		}
	}
	if (opt.events && opt.ips)
		diag_usage("--events and --ips do not go together");
	if (opt.json && opt.format == HUMAN_FORMAT_TEXT)
		diag_usage("--json and --format text do not go together");
	if (opt.json)
		opt.format = HUMAN_FORMAT_JSON;
	if (opt.format == HUMAN_FORMAT_TEXT && (opt.events || opt.ips))
		diag_usage("--format text goes with findings, not --events or --ips");
	opt.b.ignore = opt.ignore;
	opt.b.nignore = opt.nignore;

	struct run r = { .status = 0 };
	r.auth = auth_new();
	for (size_t i = 0; i < opt.nrules; i++) {
		char err[512];
		if (auth_add_rules(r.auth, opt.rules[i], err, sizeof err) < 0) {
			diag("%s", err);
			auth_free(r.auth);
			return 2;
		}
	}
	if (opt.npaths) {
		auth_clear_login_paths(r.auth);
		for (size_t i = 0; i < opt.npaths; i++)
			auth_add_login_path(r.auth, opt.paths[i]);
	}
	if (opt.list_rules) {
		list_rules(r.auth);
		auth_free(r.auth);
		return 0;
	}
	out_init(&r.out, STDOUT_FILENO);
	r.text = !opt.events && !opt.ips && human_use_text(opt.format, STDOUT_FILENO);
	r.color = r.text && human_use_color(opt.color, STDOUT_FILENO);
	hmap_init(&r.printed, 0);
	r.brute = brute_new(&opt.b, sink, &r);
	struct recloop loop = {
		.record = on_record, .ctx = &r, .bad_fails = true,
		.wait_hook = out_flush_hook, .wait_arg = &r.out,
	};
	if (optind == argc)
		r.status = recloop_file(&loop, "-");
	for (int i = optind; i < argc; i++)
		if (recloop_file(&loop, argv[i]))
			r.status = 2;
	brute_finish(r.brute);
	if (r.text)
		text_summary(&r);
	if (opt.stats)
		diag("records=%llu failures=%llu successes=%llu findings=%llu bad=%llu keys=%zu evicted=%llu regex_limit_hits=%llu",
		     (unsigned long long)r.records, (unsigned long long)r.failures,
		     (unsigned long long)r.successes, (unsigned long long)r.findings,
		     (unsigned long long)loop.counts.bad, brute_keys(r.brute),
		     (unsigned long long)brute_evicted(r.brute),
		     (unsigned long long)auth_limit_hits(r.auth));
	brute_free(r.brute);
	auth_free(r.auth);
	hmap_free(&r.printed);
	for (int i = 0; i < NFIELDS_MAX; i++)
		buf_free(&r.sc[i]);
	free(opt.rules);
	free(opt.paths);
	free(opt.ignore);
	int werr = out_close(&r.out);
	if (werr) {
		diag("write error: %s", strerror(werr));
		return 2;
	}
	if (r.status)
		return r.status;
	if (opt.events)
		return r.failures + r.successes ? 0 : 1;
	return r.findings ? 0 : 1;
}
