/*
 * lfilter: keep the records that match, byte for byte.
 * Options and wiring only; the tests are in lib/match.c, the reader in
 * lib/ndjson.c, the --last heap in lib/newest.c, TSV cells in lib/tsv.c.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "hash.h"
#include "match.h"
#include "ndjson.h"
#include "newest.h"
#include "optval.h"
#include "out.h"
#include "recloop.h"
#include "runcmd.h"
#include "tmpl.h"
#include "tsv.h"
#include "tspec.h"
#include "xalloc.h"

/* Messages about lines that are not records, per input, before going quiet. */
/* Messages about --exec runs that failed, before going quiet. */
#define EXEC_SHOWN 5

static struct {
	bool count, invert, header, strict, stats;
	bool has_since, has_until;
	struct instant since, until;
	uint64_t limit;       /* 0: none */
	uint64_t last;        /* 0: none */
	char **fields;        /* -o */
	size_t nfields;
	uint64_t shard_i, shard_n;   /* shard_n 0: none */
	const char *key;
	struct tmpl *print;   /* --print */
	const char *exec;     /* --exec */
	bool exec_shell;
	char **exec_argv;     /* words of --exec (or sh -c) */
	struct tmpl **exec_words;   /* a template per word holding '{', else NULL */
	uint64_t exec_rate;
} opt = { .key = "ip", .exec_rate = 60 };

/* The fields --exec passes as LT_<FIELD> variables. */
static const char *const env_fields[] = {
	"timestamp", "level", "source", "format", "message", "hostname", "process", "pid",
	"ip", "user", "method", "path", "status", "vhost", "type", "severity", "rule",
};
#define NENV (sizeof env_fields / sizeof env_fields[0])

struct run {
	struct out out;
	struct match *m;
	struct newest *last;
	struct buf scratch;
	uint64_t matched, untimed;
	uint64_t runs, failed, skipped;   /* --exec */
	struct runcmd_rate rate;
	bool done;            /* --limit reached */
	int status;
};

static void usage(void)
{
	printf("usage: lfilter [options] [FILE|-]...\n"
	       "Read NDJSON records (plain or gzip) and write the ones that match, unchanged.\n"
	       "\n"
	       "Tests (all must hold):\n"
	       "  -q, --grep TEXT       TEXT occurs in the message (repeatable: all of them)\n"
	       "  -e, --regex RE        the PCRE2 regex RE matches the message (repeatable)\n"
	       "      --in FIELD        search FIELD instead of message; '*' for every string\n"
	       "                        field (repeatable: any of them)\n"
	       "  -i, --ignore-case     -q and -e ignore case\n"
	       "  -l, --level L         level L, L1,L2, or >=L, <=L, >L, <L\n"
	       "                        (DEBUG < INFO < WARNING < ERROR < CRITICAL)\n"
	       "  -s, --source NAME     source is NAME (repeatable: any of them)\n"
	       "  -w, --where EXPR      FIELD=V, !=, <, <=, >, >=, FIELD~RE, FIELD!~RE,\n"
	       "                        has:FIELD, !has:FIELD (repeatable: all of them)\n"
	       "      --ip CIDR         ip is in CIDR (repeatable: any of them)\n"
	       "  -v, --invert          keep the records that fail the tests above\n"
	       "Window and partition (not inverted by -v):\n"
	       "      --since T         timestamp at or after T: RFC 3339, a date, or 15m/2h/7d ago\n"
	       "      --until T         timestamp before T\n"
	       "      --shard I/N       keep shard I (0..N-1) of N by the FNV-1a hash of --key\n"
	       "      --key FIELD       the shard key (default ip)\n"
	       "Output:\n"
	       "  -p, --print FORMAT    one line per match from FORMAT: {field} is the field,\n"
	       "                        empty when missing; {{ and }} are braces\n"
	       "  -c, --count           print only the number of matching records\n"
	       "  -n, --limit N         stop after N matching records\n"
	       "      --last N          the N most recent matching records, newest first\n"
	       "  -o, --fields A,B,...  print these fields as tab-separated values\n"
	       "      --header          with -o, a first line naming the fields\n"
	       "      --strict          a line that is not a JSON object is fatal (exit 2)\n"
	       "      --stats           print counts on stderr at the end\n"
	       "Actions:\n"
	       "  -x, --exec CMD        run CMD for each match, the record on its stdin and\n"
	       "                        LT_TIMESTAMP, LT_LEVEL, LT_IP, ... in its environment;\n"
	       "                        {field} in a word of CMD is the field; no shell; the\n"
	       "                        records are not written (add --print or -o)\n"
	       "      --exec-shell      run CMD with /bin/sh -c (no {field}: use \"$LT_IP\")\n"
	       "      --exec-rate N     at most N runs a minute, the rest skipped (default 60)\n"
	       "  -h, --help            show this help\n"
	       "  -V, --version         show the version\n"
	       "\n"
	       "Exit status: 0 when a record matched, 1 when none did, 2 on an error.\n"
	       "\n"
	       "Examples:\n"
	       "  lparse access.log | lfilter -w 'status>=500' --since 1h\n"
	       "  lparse auth.log | lfilter -l '>=WARNING' -q 'failed password' -i -c\n"
	       "  lfilter --ip 10.0.0.0/8 -v -o ip,path,status records.ndjson | sort | uniq -c\n"
	       "  lfilter -w 'path~^/api/' -w 'response_time>1.5' --last 20 records.ndjson.gz\n"
	       "  lparse -f app.log | lfilter -l '>=ERROR' -p '{timestamp} {level} {source}: {message}'\n"
	       "  lparse auth.log | lfilter -w type=brute_force -x 'logger -t ltools {ip}'\n");
	exit(0);
}

static void run_exec(struct run *r, const struct json_obj *rec)
{
	if (!runcmd_rate_take(&r->rate, runcmd_now_ms())) {
		r->skipped++;
		return;
	}
	struct buf vals[NENV];
	char *env[NENV + 1];
	size_t ne = 0;
	for (size_t i = 0; i < NENV; i++) {
		struct buf *v = &vals[ne];
		*v = (struct buf)BUF_INIT;
		buf_adds(v, "LT_");
		for (const char *c = env_fields[i]; *c; c++)
			buf_addc(v, (char)(*c - 'a' + 'A'));
		buf_addc(v, '=');
		if (tmpl_field(rec, env_fields[i], strlen(env_fields[i]), v, &r->scratch))
			env[ne++] = v->p;
		else
			buf_free(v);
	}
	env[ne] = NULL;
	size_t nw = 0;
	while (opt.exec_argv[nw])
		nw++;
	char **argv = xcalloc(nw + 1, sizeof *argv);
	struct buf *words = xcalloc(nw, sizeof *words);
	for (size_t i = 0; i < nw; i++) {
		if (opt.exec_words && opt.exec_words[i]) {
			tmpl_render(opt.exec_words[i], rec, &words[i], &r->scratch);
			argv[i] = words[i].p ? words[i].p : (char *)"";
		} else {
			argv[i] = opt.exec_argv[i];
		}
	}
	out_flush(&r->out);
	char err[256];
	/* the record as an NDJSON line */
	struct buf line = BUF_INIT;
	buf_add(&line, rec->text.p, rec->text.len);
	buf_addc(&line, '\n');
	int st = runcmd_run(argv, env, line.p, line.len, err, sizeof err);
	buf_free(&line);
	r->runs++;
	if (st != 0) {
		if (r->failed++ < EXEC_SHOWN) {
			if (st < 0)
				diag("--exec: %s", err);
			else if (st > 128)
				diag("--exec: %s: killed by signal %d", argv[0], st - 128);
			else
				diag("--exec: %s: exit status %d", argv[0], st);
		}
	}
	for (size_t i = 0; i < nw; i++)
		buf_free(&words[i]);
	free(words);
	free(argv);
	for (size_t i = 0; i < ne; i++)
		free(env[i]);
}

static void emit(struct run *r, const struct json_obj *rec);

static void print_line(struct span line, void *arg)
{
	struct run *r = arg;
	struct buf *b = &r->out.b;
	if (opt.print || opt.exec) {
		struct json_obj o = JSON_OBJ_INIT;
		if (json_obj_parse(&o, line, 0) == NULL)
			emit(r, &o);
		json_obj_free(&o);
		return;
	}
	if (opt.nfields) {
		struct json_obj o = JSON_OBJ_INIT;
		if (json_obj_parse(&o, line, 0) == NULL) {
			for (size_t i = 0; i < opt.nfields; i++) {
				struct json_val v = { JSON_NONE, SPAN_NULL };
				if (i)
					buf_addc(b, '\t');
				if (json_obj_path(&o, opt.fields[i], strlen(opt.fields[i]), &v))
					tsv_value(b, v, &r->scratch);
			}
		}
		json_obj_free(&o);
	} else {
		buf_add(b, line.p, line.len);
	}
	buf_addc(b, '\n');
	out_commit(&r->out);
}

static void emit(struct run *r, const struct json_obj *rec)
{
	if (opt.print) {
		tmpl_render(opt.print, rec, &r->out.b, &r->scratch);
		buf_addc(&r->out.b, '\n');
		out_commit(&r->out);
	} else if (opt.nfields) {
		struct buf *b = &r->out.b;
		for (size_t i = 0; i < opt.nfields; i++) {
			struct json_val v;
			if (i)
				buf_addc(b, '\t');
			if (json_obj_path(rec, opt.fields[i], strlen(opt.fields[i]), &v))
				tsv_value(b, v, &r->scratch);
		}
		buf_addc(b, '\n');
		out_commit(&r->out);
	} else if (!opt.exec) {
		/* with --exec the command gets the record; stdout only what
		 * --print or --fields ask for */
		buf_add(&r->out.b, rec->text.p, rec->text.len);
		buf_addc(&r->out.b, '\n');
		out_commit(&r->out);
	}
	if (opt.exec)
		run_exec(r, rec);
}

static bool in_shard(struct run *r, const struct json_obj *rec)
{
	struct json_val v;
	struct span s = span_make("", 0);
	if (json_obj_path(rec, opt.key, strlen(opt.key), &v))
		s = v.type == JSON_STRING ? json_str(v, &r->scratch) : v.raw;
	return hash_bytes(s.p, s.len) % opt.shard_n == opt.shard_i;
}

static void one_record(struct run *r, const struct json_obj *rec)
{
	struct instant t;
	bool has_t = false;
	if (opt.has_since || opt.has_until) {
		if (!(has_t = ndjson_timestamp(rec, &t))) {
			r->untimed++;
			return;
		}
		if ((opt.has_since && tspec_cmp(t, opt.since) < 0) ||
		    (opt.has_until && tspec_cmp(t, opt.until) >= 0))
			return;
	}
	if (opt.shard_n && !in_shard(r, rec))
		return;
	if (match_record(r->m, rec) == opt.invert)
		return;
	if (r->last) {
		if (!has_t && !ndjson_timestamp(rec, &t)) {
			r->untimed++;
			return;
		}
		newest_add(r->last, t, rec->text);
		return;
	}
	r->matched++;
	if (!opt.count)
		emit(r, rec);
	if (opt.limit && r->matched >= opt.limit)
		r->done = true;
}

static bool on_record(void *ctx, const struct json_obj *rec, struct ndjson *nd)
{
	struct run *r = ctx;
	(void)nd;
	one_record(r, rec);
	return !r->done;
}

static void set_fields(const char *list)
{
	const char *s = list;
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		if (n == 0)
			diag_usage("--fields '%s': empty field name", list);
		opt.fields = xrealloc(opt.fields, (opt.nfields + 1) * sizeof *opt.fields);
		opt.fields[opt.nfields++] = xstrndup(s, n);
		if (!comma)
			break;
		s = comma + 1;
	}
}

static void set_shard(const char *v)
{
	unsigned long long i, n;
	char tail;
	if (sscanf(v, "%llu/%llu%c", &i, &n, &tail) != 2 || v[0] < '0' || v[0] > '9' ||
	    n == 0 || i >= n)
		diag_usage("--shard '%s': use I/N with 0 <= I < N, e.g. 0/4", v);
	opt.shard_i = i;
	opt.shard_n = n;
}

static void set_exec(void)
{
	char err[256];
	if (opt.exec_shell) {
		opt.exec_argv = xcalloc(5, sizeof *opt.exec_argv);
		opt.exec_argv[0] = xstrdup("/bin/sh");
		opt.exec_argv[1] = xstrdup("-c");
		opt.exec_argv[2] = xstrdup(opt.exec);
		opt.exec_argv[3] = xstrdup("lfilter");
		return;
	}
	opt.exec_argv = runcmd_split(opt.exec, err, sizeof err);
	if (!opt.exec_argv)
		diag_usage("--exec '%s': %s", opt.exec, err);
	size_t n = 0;
	while (opt.exec_argv[n])
		n++;
	opt.exec_words = xcalloc(n, sizeof *opt.exec_words);
	for (size_t i = 0; i < n; i++) {
		if (!strchr(opt.exec_argv[i], '{') && !strchr(opt.exec_argv[i], '}'))
			continue;
		opt.exec_words[i] = tmpl_new(opt.exec_argv[i], err, sizeof err);
		if (!opt.exec_words[i])
			diag_usage("--exec: word '%s': %s", opt.exec_argv[i], err);
	}
}

static void free_exec(void)
{
	size_t n = 0;
	while (opt.exec_argv && opt.exec_argv[n])
		n++;
	for (size_t i = 0; opt.exec_words && i < n; i++)
		tmpl_free(opt.exec_words[i]);
	free(opt.exec_words);
	runcmd_free_argv(opt.exec_argv);
}

static void set_time(const char *name, const char *v, struct instant *t, bool *has)
{
	const char *why = tspec_parse(v, tspec_now(), t);
	if (why)
		diag_usage("%s '%s': %s", name, v, why);
	*has = true;
}

int main(int argc, char **argv)
{
	enum { OPT_IN = 256, OPT_SINCE, OPT_UNTIL, OPT_IP, OPT_LAST, OPT_HEADER, OPT_SHARD, OPT_KEY,
	       OPT_STRICT, OPT_STATS, OPT_EXEC_SHELL, OPT_EXEC_RATE };
	static const struct option longopts[] = {
		{ "count", no_argument, NULL, 'c' },
		{ "regex", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "ignore-case", no_argument, NULL, 'i' },
		{ "level", required_argument, NULL, 'l' },
		{ "limit", required_argument, NULL, 'n' },
		{ "fields", required_argument, NULL, 'o' },
		{ "grep", required_argument, NULL, 'q' },
		{ "source", required_argument, NULL, 's' },
		{ "invert", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "where", required_argument, NULL, 'w' },
		{ "print", required_argument, NULL, 'p' },
		{ "exec", required_argument, NULL, 'x' },
		{ "exec-rate", required_argument, NULL, OPT_EXEC_RATE },
		{ "exec-shell", no_argument, NULL, OPT_EXEC_SHELL },
		{ "header", no_argument, NULL, OPT_HEADER },
		{ "in", required_argument, NULL, OPT_IN },
		{ "ip", required_argument, NULL, OPT_IP },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "last", required_argument, NULL, OPT_LAST },
		{ "shard", required_argument, NULL, OPT_SHARD },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ NULL, 0, NULL, 0 },
	};
	diag_init(argv[0]);
	argv[0] = (char *)diag_prog();   /* getopt names the program as diag does */
	xalloc_set_progname("lfilter");
	struct run r = { .status = 0 };
	r.m = match_new();
	char err[512];
	int c;
	while ((c = getopt_long(argc, argv, "ce:hil:n:o:p:q:s:vVw:x:", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': opt.count = true; break;
		case 'e': match_add_regex(r.m, optarg); break;
		case 'h': usage(); break;
		case 'i': match_set_icase(r.m, true); break;
		case 'l':
			if (!match_add_level(r.m, optarg, err, sizeof err))
				diag_usage("%s", err);
			break;
		case 'n': opt.limit = optval_count("--limit", optarg, 1, UINT64_MAX); break;
		case 'o': set_fields(optarg); break;
		case 'p':
			tmpl_free(opt.print);
			if (!(opt.print = tmpl_new(optarg, err, sizeof err)))
				diag_usage("--print '%s': %s", optarg, err);
			break;
		case 'x': opt.exec = optarg; break;
		case OPT_EXEC_RATE: opt.exec_rate = optval_count("--exec-rate", optarg, 1, UINT64_MAX); break;
		case OPT_EXEC_SHELL: opt.exec_shell = true; break;
		case 'q': match_add_grep(r.m, optarg); break;
		case 's': match_add_source(r.m, optarg); break;
		case 'v': opt.invert = true; break;
		case 'V':
			printf("lfilter (ltools) %s\n", LT_VERSION);
			match_free(r.m);
			return 0;
		case 'w':
			if (!match_add_where(r.m, optarg, err, sizeof err))
				diag_usage("%s", err);
			break;
		case OPT_HEADER: opt.header = true; break;
		case OPT_IN: match_add_in(r.m, optarg); break;
		case OPT_IP:
			if (!match_add_ip(r.m, optarg, err, sizeof err))
				diag_usage("%s", err);
			break;
		case OPT_KEY: opt.key = optarg; break;
		case OPT_LAST: opt.last = optval_count("--last", optarg, 1, UINT64_MAX); break;
		case OPT_SHARD: set_shard(optarg); break;
		case OPT_SINCE: set_time("--since", optarg, &opt.since, &opt.has_since); break;
		case OPT_STATS: opt.stats = true; break;
		case OPT_STRICT: opt.strict = true; break;
		case OPT_UNTIL: set_time("--until", optarg, &opt.until, &opt.has_until); break;
		default:
			fprintf(stderr, "Try 'lfilter --help' for more information.\n");
			match_free(r.m);
			return 2;
		}
	}
	if (opt.limit && opt.last)
		diag_usage("--limit and --last cannot be combined");
	if (opt.count && opt.nfields)
		diag_usage("--count and --fields cannot be combined");
	if (opt.header && !opt.nfields)
		diag_usage("--header needs --fields");
	if (opt.print && (opt.nfields || opt.count))
		diag_usage("--print goes with neither --fields nor --count");
	if (opt.exec && opt.count)
		diag_usage("--exec and --count cannot be combined");
	if (opt.exec_shell && !opt.exec)
		diag_usage("--exec-shell needs --exec");
	if (opt.exec)
		set_exec();
	r.rate.max = opt.exec_rate;
	r.rate.window_start_ms = -1;
	if (!match_finish(r.m, err, sizeof err))
		diag_usage("%s", err);

	out_init(&r.out, STDOUT_FILENO);
	if (opt.last)
		r.last = newest_new(opt.last);
	if (opt.header) {
		for (size_t i = 0; i < opt.nfields; i++) {
			if (i)
				buf_addc(&r.out.b, '\t');
			tsv_cell(&r.out.b, opt.fields[i], strlen(opt.fields[i]));
		}
		buf_addc(&r.out.b, '\n');
	}
	struct recloop loop = {
		.record = on_record, .ctx = &r, .strict = opt.strict,
		.wait_hook = out_flush_hook, .wait_arg = &r.out,
	};
	if (optind == argc)
		r.status = recloop_file(&loop, "-");
	for (int i = optind; i < argc && !loop.stopped; i++)
		if (recloop_file(&loop, argv[i]))
			r.status = 2;
	if (r.last) {
		r.matched = newest_count(r.last);
		if (!opt.count)
			newest_drain(r.last, print_line, &r);
		newest_free(r.last);
	}
	if (opt.count) {
		buf_add_int(&r.out.b, (long long)r.matched);
		buf_addc(&r.out.b, '\n');
	}
	if (opt.stats)
		diag("lines=%llu records=%llu not_json=%llu blank=%llu matched=%llu untimed=%llu "
		     "regex_limit=%llu",
		     (unsigned long long)loop.counts.lines, (unsigned long long)loop.counts.records,
		     (unsigned long long)loop.counts.bad, (unsigned long long)loop.counts.blank,
		     (unsigned long long)r.matched, (unsigned long long)r.untimed,
		     (unsigned long long)match_limit_hits(r.m));
	if (opt.exec && (r.failed || r.skipped || opt.stats))
		diag("--exec: %llu runs, %llu failed, %llu skipped over --exec-rate %llu a minute",
		     (unsigned long long)r.runs, (unsigned long long)r.failed,
		     (unsigned long long)r.skipped, (unsigned long long)opt.exec_rate);
	int werr = out_close(&r.out);
	match_free(r.m);
	tmpl_free(opt.print);
	free_exec();
	buf_free(&r.scratch);
	for (size_t i = 0; i < opt.nfields; i++)
		free(opt.fields[i]);
	free(opt.fields);
	if (werr) {
		diag("write error: %s", strerror(werr));
		return 2;
	}
	if (r.status)
		return r.status;
	if (r.failed)
		return 2;
	return r.matched ? 0 : 1;
}
