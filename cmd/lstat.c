/*
 * lstat: records in, a report out (summary, sources, errors and their
 * templates, HTTP, client IPs, timeline, --by groupings, and the security
 * section when the input carries findings or threats), or the state of
 * the count as one JSON line (--partial) for a later --merge.
 * Options and wiring only; the counting is in lib/stats.c, the rendering
 * in lib/report.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "ndjson.h"
#include "optval.h"
#include "out.h"
#include "recloop.h"
#include "htmlrep.h"
#include "report.h"
#include "stats.h"


static struct {
	unsigned only;            /* sections asked with --only, 0: default */
	const char *by[STATS_MAX_BY];
	int nby;
	size_t top;
	size_t max_keys;
	int64_t bucket;
	enum report_format format;
	bool format_set;
	int color;                /* -1 auto, 0 never, 1 always */
	bool partial, merge, strict;
	const char *html;         /* --html FILE, "-" for stdout */
} opt = { .top = 10, .max_keys = 200000, .bucket = 3600, .color = -1 };

struct run {
	struct stats *st;
	uint64_t records;
	int status;
};

static void usage(void)
{
	printf("usage: lstat [options] [FILE|-]...\n"
	       "Read records (NDJSON, plain or gzip) and print a report.\n"
	       "\n"
	       "Report:\n"
	       "  -o, --only LIST       sections: summary,sources,errors,http,ips,timeline,by,\n"
	       "                        security (findings of lthreat, lbrute, lanomaly)\n"
	       "  -b, --by FIELD[,FIELD]  count records grouped by fields (repeatable)\n"
	       "  -n, --top N           rows per table (default 10)\n"
	       "      --bucket DUR      timeline bucket: 30s, 5m, 1h (default), 1d\n"
	       "      --max-keys N      keys counted exactly per table, then a sketch (200000)\n"
	       "Output:\n"
	       "  -f, --format FMT      text, json or tsv (default: text on a tty, else json)\n"
	       "  -j, --json            the same as --format json\n"
	       "      --color WHEN      auto (default), always or never; NO_COLOR turns it off\n"
	       "      --html FILE       the report as one self-contained HTML page in FILE\n"
	       "                        ('-': stdout) instead of on stdout\n"
	       "Map-reduce:\n"
	       "      --partial         write the state of the count as one JSON line\n"
	       "      --merge           read --partial lines and report on them all\n"
	       "Input:\n"
	       "      --strict          stop at the first line that is not a JSON object\n"
	       "  -h, --help            show this help\n"
	       "  -V, --version         show the version\n"
	       "\n"
	       "Examples:\n"
	       "  lparse /var/log/nginx/access.log | lstat\n"
	       "  lparse auth.log | lstat --only errors --top 20\n"
	       "  lstat --by status --by hostname,process records.ndjson\n"
	       "  lparse access.log | lthreat --annotate | lstat --only security\n"
	       "  parallel --pipe-part -a big.ndjson lstat --partial | lstat --merge\n");
	exit(0);
}

static void only(const char *list)
{
	const char *p = list;
	for (;;) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		unsigned bit = n == 3 && memcmp(p, "all", 3) == 0 ? ST_ALL : stats_section(p, n);
		if (!bit)
			diag_usage("--only: unknown section '%.*s' (summary, sources, errors, http, ips, "
				   "timeline, by, security, all)", (int)n, p);
		opt.only |= bit;
		if (!c)
			break;
		p = c + 1;
	}
}

static bool one_line(void *ctx, const struct json_obj *rec, struct ndjson *nd)
{
	struct run *r = ctx;
	r->records++;
	if (!opt.merge) {
		stats_add(r->st, rec);
		return true;
	}
	const char *why = stats_load_partial(r->st, rec);
	if (why) {
		diag_line(ndjson_name(nd), ndjson_lineno(nd), "%s", why);
		r->status = 2;
	}
	return true;
}

static bool want_color(void)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	if (opt.color >= 0)
		return opt.color;
	return isatty(STDOUT_FILENO);
}

static bool utf8_locale(void)
{
	const char *v = getenv("LC_ALL");
	if (!v || !*v)
		v = getenv("LC_CTYPE");
	if (!v || !*v)
		v = getenv("LANG");
	return v && (strstr(v, "UTF-8") || strstr(v, "utf8") || strstr(v, "UTF8") ||
		     strstr(v, "utf-8"));
}

/* Replace the JSON report in out with the HTML page, and write it to
 * --html's file (or leave it for stdout).  Returns nonzero on an error. */
static int write_html(struct out *out, int nfiles, char **files)
{
	struct buf page = BUF_INIT, title = BUF_INIT;
	buf_adds(&title, "lstat: ");
	for (int i = 0; i < nfiles && i < 4; i++)
		buf_printf(&title, "%s%s", i ? ", " : "", files[i]);
	if (nfiles > 4)
		buf_printf(&title, " and %d more", nfiles - 4);
	if (nfiles == 0)
		buf_adds(&title, "standard input");
	const char *why = htmlrep_write(&page, span_make(out->b.p ? out->b.p : "", out->b.len),
					title.p);
	buf_free(&title);
	buf_reset(&out->b);
	if (why) {
		diag("--html: the report is not JSON (%s)", why);   /* a bug */
		buf_free(&page);
		return 1;
	}
	int rc = 0;
	if (strcmp(opt.html, "-") == 0) {
		buf_add(&out->b, page.p, page.len);
	} else {
		FILE *f = fopen(opt.html, "w");
		bool ok = f != NULL;
		if (ok) {
			ok = fwrite(page.p, 1, page.len, f) == page.len;
			if (fclose(f) != 0)
				ok = false;
		}
		if (!ok) {
			diag_file(opt.html, "%s", strerror(errno));
			rc = 1;
		}
	}
	buf_free(&page);
	return rc;
}

int main(int argc, char **argv)
{
	enum { OPT_BUCKET = 256, OPT_COLOR, OPT_MAXKEYS, OPT_PARTIAL, OPT_MERGE, OPT_STRICT,
	       OPT_HTML };
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "top", required_argument, NULL, 'n' },
		{ "only", required_argument, NULL, 'o' },
		{ "version", no_argument, NULL, 'V' },
		{ "bucket", required_argument, NULL, OPT_BUCKET },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "html", required_argument, NULL, OPT_HTML },
		{ "max-keys", required_argument, NULL, OPT_MAXKEYS },
		{ "merge", no_argument, NULL, OPT_MERGE },
		{ "partial", no_argument, NULL, OPT_PARTIAL },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ NULL, 0, NULL, 0 },
	};
	diag_init(argv[0]);
	argv[0] = (char *)diag_prog();   /* getopt names the program as diag does */
	int c;
	while ((c = getopt_long(argc, argv, "b:f:hjn:o:V", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (opt.nby == STATS_MAX_BY)
				diag_usage("--by: at most %d groupings", STATS_MAX_BY);
			opt.by[opt.nby++] = optarg;
			break;
		case 'f':
			opt.format_set = true;
			if (strcmp(optarg, "text") == 0)
				opt.format = REPORT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				opt.format = REPORT_JSON;
			else if (strcmp(optarg, "tsv") == 0)
				opt.format = REPORT_TSV;
			else
				diag_usage("--format: '%s' is not text, json or tsv", optarg);
			break;
		case 'h': usage(); break;
		case 'j': opt.format = REPORT_JSON; opt.format_set = true; break;
		case 'n': opt.top = optval_count("--top", optarg, 1, 1000000000); break;
		case 'o': only(optarg); break;
		case 'V': printf("lstat (ltools) %s\n", LT_VERSION); return 0;
		case OPT_BUCKET:
			if (!stats_parse_duration(optarg, &opt.bucket))
				diag_usage("--bucket: '%s' is not a duration (30s, 5m, 1h, 1d)", optarg);
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				opt.color = -1;
			else if (strcmp(optarg, "always") == 0)
				opt.color = 1;
			else if (strcmp(optarg, "never") == 0)
				opt.color = 0;
			else
				diag_usage("--color: '%s' is not auto, always or never", optarg);
			break;
		case OPT_MAXKEYS: opt.max_keys = optval_count("--max-keys", optarg, 1, 1000000000); break;
		case OPT_MERGE: opt.merge = true; break;
		case OPT_PARTIAL: opt.partial = true; break;
		case OPT_STRICT: opt.strict = true; break;
		case OPT_HTML: opt.html = optarg; break;
		default:
			fprintf(stderr, "Try 'lstat --help' for more information.\n");
			return 2;
		}
	}
	if (opt.html && opt.partial)
		diag_usage("--html and --partial do not go together");
	if (opt.merge && opt.nby)
		diag_usage("--merge takes the --by groupings from the partial states; drop --by");

	/* What to count is what a single pass would show, partial or not. */
	unsigned shown = opt.only ? opt.only : opt.nby ? ST_BY : ST_ALL;
	if (opt.nby)
		shown |= ST_BY;
	struct stats_opts so = {
		.sections = shown,
		.max_keys = opt.max_keys,
		.bucket = opt.bucket,
	};
	struct run r = { .st = stats_new(&so) };
	for (int i = 0; i < opt.nby; i++) {
		const char *why = stats_add_by(r.st, opt.by[i]);
		if (why)
			diag_usage("--by %s: %s", opt.by[i], why);
	}

	/* a line that is no partial state spoils a --merge: status 2 */
	struct recloop loop = { .record = one_line, .ctx = &r, .strict = opt.strict,
				.bad_fails = opt.merge };
	if (optind == argc && recloop_file(&loop, "-"))
		r.status = 2;
	for (int i = optind; i < argc && !loop.stopped; i++)
		if (recloop_file(&loop, argv[i]))
			r.status = 2;

	struct out out;
	out_init(&out, STDOUT_FILENO);
	if (opt.partial) {
		stats_write_partial(r.st, &out.b);
	} else {
		struct report_opts ro = {
			.format = opt.format_set ? opt.format
						 : isatty(STDOUT_FILENO) ? REPORT_TEXT : REPORT_JSON,
			.sections = shown,
			.top = opt.top,
			.utf8 = utf8_locale(),
		};
		ro.color = ro.format == REPORT_TEXT && want_color();
		if (opt.merge && !opt.only)
			ro.sections = r.st->opt.sections | (r.st->nby ? ST_BY : 0);
		if (opt.html) {
			ro.format = REPORT_JSON;
			ro.color = false;
		}
		report_write(&out.b, r.st, &ro);
		if (opt.html && write_html(&out, argc - optind, argv + optind))
			r.status = 2;
	}
	stats_free(r.st);
	int werr = out_close(&out);
	if (werr) {
		diag("write error: %s", strerror(werr));
		return 2;
	}
	if (r.status)
		return r.status;
	return r.records ? 0 : 1;
}
