/*
 * lparse: raw log lines in, one JSON record per log entry out.
 * Options and wiring only; the work is in lib/ingest.c and lib/fmt_*.c.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "follow.h"
#include "custom.h"
#include "format.h"
#include "ingest.h"
#include "merge.h"
#include "input.h"
#include "out.h"
#include "progress.h"
#include "state.h"
#include "template.h"
#include "walk.h"
#include "xalloc.h"

static struct {
	const struct format *format;
	const char *source;
	const char *glob;
	bool tz_fixed;
	int tz_off;
	int year;
	bool line_numbers, raw, recursive, stats, templates;
	bool follow, from_start, merge, progress;
	const char *state;
	const char *format_name, *pattern, *time_format, *formats;
	bool list;
	size_t max_templates;
} opt = { .glob = "*.log*", .max_templates = 100000 };

struct run {
	struct out out;
	struct tpl_miner *miner;  /* --templates: one for all inputs */
	struct ingest *ing;   /* the input being read */
	int in_fd;            /* 0 while reading stdin, else -1 (see wait_hook) */
	struct state *state;  /* --state */
	struct progress *progress;  /* --progress on a terminal, else NULL */
	bool progress_shown;  /* a progress line is on the terminal */
	int status;
};

static void usage(void)
{
	printf("usage: lparse [options] [FILE|DIR|-]...\n"
	       "Read log lines (plain or gzip) and write one JSON record per entry.\n"
	       "\n"
	       "Formats:\n"
	       "  -F, --format NAME     parse every line as NAME (see --list-formats)\n"
	       "      --list-formats    list the formats and exit\n"
	       "  -p, --pattern REGEX   a PCRE2 pattern with named groups (timestamp, level,\n"
	       "                        message, any other name a field), tried first\n"
	       "      --time-format F   how -p's timestamp is written: %%Y-%%m-%%d %%H:%%M:%%S.%%f %%z ...\n"
	       "      --formats FILE    more formats (format NAME / pattern REGEX / time-format F);\n"
	       "                        $XDG_CONFIG_HOME/ltools/formats is read when present\n"
	       "Inputs:\n"
	       "  -f, --follow          keep reading the files as they grow, across rotation\n"
	       "                        (gzip files are read whole, a pipe to its end)\n"
	       "      --from-start      with -f, read the files from their start, not their end\n"
	       "  -m, --merge           interleave the records of all inputs by timestamp\n"
	       "      --progress        when stderr is a terminal, a line of progress through\n"
	       "                        each file (bytes, records/s, time left), erased at the end\n"
	       "  -r, --recursive       read the files under directories\n"
	       "      --state FILE      remember in FILE how far each file was read; read only what is new\n"
	       "      --glob PATTERN    files to take from directories (default '*.log*')\n"
	       "      --source NAME     the \"source\" label (default: file name, '-' for stdin)\n"
	       "Time:\n"
	       "      --tz ZONE         zone for times without an offset: UTC, +01:00, Europe/Paris\n"
	       "      --year YEAR       year for syslog times that have none\n"
	       "Output:\n"
	       "  -n, --line-number     add \"line\", the line number in its input\n"
	       "      --raw             add \"raw\", the original line\n"
	       "      --templates       add \"template\" and \"template_id\", mined over messages\n"
	       "      --max-templates N templates kept (least recently seen dropped; default 100000)\n"
	       "  -v, --stats           per input, print counts on stderr at the end\n"
	       "  -h, --help            show this help\n"
	       "  -V, --version         show the version\n"
	       "\n"
	       "Examples:\n"
	       "  lparse /var/log/auth.log | jq -c 'select(.level == \"ERROR\")'\n"
	       "  zcat access.log.*.gz | lparse --source web | lthreat\n"
	       "  lparse -r --glob '*.log' /var/log/nginx > nginx.ndjson\n");
	exit(0);
}

/* One line a format: name, the format names its records carry, what it reads. */
static void list_formats(void)
{
	const struct format *all[256];
	int n = 0, wn = 0, ww = 0;
	for (int i = 0; format_registered(i) && n < 255; i++)
		all[n++] = format_registered(i);
	for (int i = 0; format_table[i] && n < 255; i++)
		all[n++] = format_table[i];
	for (int i = 0; i < n; i++) {
		int a = (int)strlen(all[i]->name), b = (int)strlen(all[i]->writes);
		wn = a > wn ? a : wn;
		ww = b > ww ? b : ww;
	}
	for (int i = 0; i < n; i++)
		printf("%-*s  %-*s  %s\n", wn, all[i]->name, ww, all[i]->writes, all[i]->desc);
	exit(0);
}

/*
 * The input is about to block: write what is complete at once.  A record
 * that may still grow (a Python line whose traceback may follow) waits
 * up to 100 ms more on stdin, so that a producer writing in bursts
 * (zcat, a busy pipe) does not see its tracebacks cut off by timing.
 */
static void wait_hook(void *arg)
{
	struct run *r = arg;
	out_flush(&r->out);
	if (r->in_fd >= 0) {
		struct pollfd p = { .fd = r->in_fd, .events = POLLIN };
		if (poll(&p, 1, 100) > 0)
			return;
	}
	if (r->ing)
		ingest_flush(r->ing, &r->out.b);
	out_flush(&r->out);
}

/* ---- --progress: the line on stderr (lib/progress.c) ---- */

static void write_stderr(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(STDERR_FILENO, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;   /* a terminal that fails: the line is not worth an error */
		p += w;
		n -= (size_t)w;
	}
}

static void progress_draw(struct run *r, const struct input *in)
{
	size_t n;
	const char *line = progress_poll(r->progress, input_raw_bytes(in), r->ing->records, &n);
	if (line) {
		write_stderr(line, n);
		r->progress_shown = true;
	}
}

/* Take the line away: at the end, and before any other message. */
static void progress_hide(struct run *r)
{
	if (r->progress_shown)
		write_stderr(PROGRESS_ERASE, strlen(PROGRESS_ERASE));
	r->progress_shown = false;
}

/*
 * Progress only where it can be seen and means something: stderr is a
 * terminal that stdout is not (records there would scroll it away), the
 * input is read once through (not -f or -m).  Each file then needs a size.
 */
static struct progress *progress_open(void)
{
	if (!opt.progress || opt.follow || opt.merge || !isatty(STDERR_FILENO) ||
	    isatty(STDOUT_FILENO))
		return NULL;
	struct winsize ws;
	size_t width = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0;
	return progress_new(width);
}

static void print_stats(const char *name, const struct ingest *ing, const struct input *in)
{
	char fm[512];
	size_t n = 0;
	unsigned long long unparsed = 0;
	fm[0] = '\0';
	for (int i = 0; i < ing->nformats && n < sizeof fm; i++) {
		n += (size_t)snprintf(fm + n, sizeof fm - n, " %s=%llu", ing->formats[i].format,
				      (unsigned long long)ing->formats[i].n);
		if (strcmp(ing->formats[i].format, "raw") == 0)
			unparsed += ing->formats[i].n;
	}
	/* lines = records + joined + skipped; unparsed: records no format recognised */
	diag_file(name, "lines=%llu records=%llu joined=%llu skipped=%llu unparsed=%llu bytes=%llu%s%s",
		  (unsigned long long)ing->lines, (unsigned long long)ing->records,
		  (unsigned long long)ing->joined, (unsigned long long)ing->skipped, unparsed,
		  (unsigned long long)input_bytes(in), input_is_gzip(in) ? " gzip" : "", fm);
}

/* The default source label: the base name without ".gz". */
static const char *label(const char *path, char *tmp, size_t len)
{
	if (opt.source)
		return opt.source;
	if (strcmp(path, "-") == 0)
		return "-";
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	snprintf(tmp, len, "%s", base);
	size_t n = strlen(tmp);
	if (n > 3 && strcmp(tmp + n - 3, ".gz") == 0)
		tmp[n - 3] = '\0';
	return tmp;
}

/* The parser state of one input: REF is the year reference (-1: now). */
static struct ingest *new_ingest(struct run *r, const char *path, int64_t ref)
{
	char tmp[4096];
	struct ingest_opts io = {
		.forced = opt.format,
		.source = label(path, tmp, sizeof tmp),
		.tz_fixed = opt.tz_fixed,
		.tz_off = opt.tz_off,
		.ref_time = ref >= 0 ? ref : -1,
		.year = opt.year,
		.line_numbers = opt.line_numbers,
		.raw = opt.raw,
		.templates = r->miner,
	};
	return ingest_new(&io);
}

static void parse_file(const char *path, struct run *r)
{
	char err[160];
	struct input *in = input_open(path, err, sizeof err);
	if (!in) {
		progress_hide(r);
		diag_file(path, "%s", err);
		r->status = 2;
		return;
	}
	input_set_wait_hook(in, wait_hook, r);
	r->in_fd = strcmp(path, "-") == 0 ? STDIN_FILENO : -1;
	/* The year reference: a file's mtime; for stdin and pipes, "now" as it moves. */
	int64_t ref = input_mtime(in);
	r->ing = new_ingest(r, path, ref);
	bool progress = r->progress && input_size(in) > 0;
	if (progress)
		progress_file(r->progress, input_name(in), (uint64_t)input_size(in));
	/* --state: the bytes of content read by earlier runs are passed over */
	int64_t seen = 0;
	uint64_t done = 0;
	bool stated = r->state && strcmp(path, "-") != 0;
	if (stated) {
		int e = 0;
		if ((seen = state_begin(r->state, path, &e)) < 0) {
			progress_hide(r);
			diag_file(path, "--state: %s", strerror(e));
			r->status = 2;
			seen = 0;
			stated = false;
		}
	}
	struct span line;
	int st;
	while ((st = input_getline(in, &line)) != INPUT_EOF) {
		if (progress && progress_tick(r->progress, line.len))
			progress_draw(r, in);
		done += line.len + 1;
		if (st == INPUT_LINE && done <= (uint64_t)seen)
			continue;
		if (st == INPUT_LINE) {
			ingest_line(r->ing, line, input_lineno(in), &r->out.b);
			out_commit(&r->out);
		} else if (st == INPUT_TOOLONG) {
			ingest_skip(r->ing);
			progress_hide(r);
			diag_line(input_name(in), input_lineno(in), "line too long, skipped");
			r->status = 2;
		} else {
			progress_hide(r);
			diag_file(input_name(in), "%s", input_error(in));
			r->status = 2;
			break;
		}
	}
	ingest_flush(r->ing, &r->out.b);
	out_commit(&r->out);
	if (stated)
		state_end(r->state, done);
	if (opt.stats) {
		progress_hide(r);
		print_stats(input_name(in), r->ing, in);
	}
	ingest_free(r->ing);
	r->ing = NULL;
	input_close(in);
}

static void walk_cb(const char *path, int err, void *arg)
{
	struct run *r = arg;
	if (err) {
		progress_hide(r);
		diag_file(path, "%s", strerror(err));
		r->status = 2;
		return;
	}
	parse_file(path, r);
}

/* ---- -f: follow the files (lib/follow.c) ---- */

struct follower {
	struct run *r;
	struct ingest **ing;
	uint64_t *lineno;
};

static void follow_event(void *arg, int i, enum follow_event ev, struct span line)
{
	struct follower *fw = arg;
	struct run *r = fw->r;
	switch (ev) {
	case FOLLOW_LINE:
		ingest_line(fw->ing[i], line, ++fw->lineno[i], &r->out.b);
		out_commit(&r->out);
		break;
	case FOLLOW_TOOLONG:
		ingest_skip(fw->ing[i]);
		diag_line(fw->ing[i]->source, ++fw->lineno[i], "line too long, skipped");
		break;
	case FOLLOW_ROTATED:
	case FOLLOW_TRUNCATED:
	case FOLLOW_END:
		ingest_flush(fw->ing[i], &r->out.b);
		out_commit(&r->out);
		fw->lineno[i] = 0;
		break;
	case FOLLOW_ERROR:
		diag_file(fw->ing[i]->source, "%.*s", (int)line.len, line.p);
		r->status = 2;
		break;
	}
}

/*
 * Follow the files named until killed; a record that may still grow (a
 * traceback) is written once the files have been idle for a poll.  A gzip
 * file does not grow: it is read whole first.  Standard input is followed
 * too: a regular file as it grows, a pipe to its end, as tail -f does; when
 * only pipes were followed and all have ended, so does lparse.
 */
static void follow_files(char **paths, int n, struct run *r)
{
	struct follow *f = follow_new();
	struct follower fw = { r, xcalloc((size_t)n, sizeof *fw.ing), xcalloc((size_t)n, sizeof *fw.lineno) };
	int k = 0;   /* inputs followed: fw.ing[k] for follow's number k */
	for (int i = 0; i < n; i++) {
		if (strcmp(paths[i], "-") != 0 && input_file_is_gzip(paths[i])) {
			parse_file(paths[i], r);
			out_flush(&r->out);
			continue;
		}
		if (strcmp(paths[i], "-") == 0)
			follow_add_fd(f, STDIN_FILENO, "-", opt.from_start);
		else
			follow_add(f, paths[i], opt.from_start);
		fw.ing[k++] = new_ingest(r, paths[i], -1);
	}
	while (k > 0) {
		if (follow_poll(f, follow_event, &fw) == 0) {
			for (int i = 0; i < k; i++)
				ingest_flush(fw.ing[i], &r->out.b);
			out_flush(&r->out);
			if (r->out.err || follow_done(f))
				break;
			usleep(100000);
		}
		out_flush(&r->out);
	}
	for (int i = 0; i < k; i++)
		ingest_free(fw.ing[i]);
	free(fw.ing);
	free(fw.lineno);
	follow_free(f);
}

/* ---- -m: one timeline from all inputs (lib/merge.c) ---- */

struct merger {
	struct run *r;
	char **paths;
	struct input **in;
	struct ingest **ing;
	int n, cap;
};

static void merge_collect(const char *path, int err, void *arg)
{
	struct merger *mg = arg;
	if (err) {
		diag_file(path, "%s", strerror(err));
		mg->r->status = 2;
		return;
	}
	if (mg->n == mg->cap) {
		mg->cap = mg->cap ? 2 * mg->cap : 16;
		mg->paths = xrealloc(mg->paths, (size_t)mg->cap * sizeof *mg->paths);
	}
	mg->paths[mg->n++] = xstrdup(path);
}

static void merge_problem(void *arg, int i, int status)
{
	struct merger *mg = arg;
	if (status == INPUT_TOOLONG)
		diag_line(input_name(mg->in[i]), input_lineno(mg->in[i]), "line too long, skipped");
	else
		diag_file(input_name(mg->in[i]), "%s", input_error(mg->in[i]));
	mg->r->status = 2;
}

static void merge_inputs(struct merger *mg)
{
	struct run *r = mg->r;
	struct merge *m = merge_new();
	mg->in = xcalloc((size_t)mg->n + 1, sizeof *mg->in);
	mg->ing = xcalloc((size_t)mg->n + 1, sizeof *mg->ing);
	char err[160];
	for (int i = 0; i < mg->n; i++) {
		if (!(mg->in[i] = input_open(mg->paths[i], err, sizeof err))) {
			diag_file(mg->paths[i], "%s", err);
			r->status = 2;
			continue;
		}
		mg->ing[i] = new_ingest(r, mg->paths[i], input_mtime(mg->in[i]));
		merge_add(m, mg->in[i], mg->ing[i]);
	}
	/* merge_add numbers the opened inputs only: compact the arrays to match */
	int k = 0;
	for (int i = 0; i < mg->n; i++)
		if (mg->in[i]) {
			mg->in[k] = mg->in[i];
			mg->ing[k++] = mg->ing[i];
		}
	merge_run(m, &r->out, merge_problem, mg);
	for (int i = 0; i < k; i++) {
		if (opt.stats)
			print_stats(input_name(mg->in[i]), mg->ing[i], mg->in[i]);
		ingest_free(mg->ing[i]);
		input_close(mg->in[i]);
	}
	for (int i = 0; i < mg->n; i++)
		free(mg->paths[i]);
	free(mg->paths);
	free(mg->in);
	free(mg->ing);
	merge_free(m);
}

/* -p, --formats and the user's formats file join detection (lib/custom.c). */
static void load_formats(void)
{
	char err[512], path[4096];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(path, sizeof path, "%s/ltools/formats", xdg);
	else if (home && *home)
		snprintf(path, sizeof path, "%s/.config/ltools/formats", home);
	else
		path[0] = '\0';
	if (opt.pattern && !custom_define("pattern", opt.pattern, opt.time_format, err, sizeof err))
		diag_usage("-p: %s", err);
	if (opt.time_format && !opt.pattern)
		diag_usage("--time-format goes with -p");
	if (opt.formats && !custom_load(opt.formats, err, sizeof err))
		diag_usage("--formats: %s", err);
	if (path[0] && access(path, F_OK) == 0 && !custom_load(path, err, sizeof err))
		diag_usage("%s", err);
}

static void set_tz(const char *v)
{
	if (ltime_parse_offset(v, &opt.tz_off)) {
		opt.tz_fixed = true;
		return;
	}
	char path[512];
	struct stat st;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", v);
	if (strstr(v, "..") || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		diag_usage("unknown time zone '%s' (use UTC, +HH:MM or a zone name such as Europe/Paris)", v);
	setenv("TZ", v, 1);
	tzset();
}

int main(int argc, char **argv)
{
	enum { OPT_LIST = 256, OPT_GLOB, OPT_SOURCE, OPT_TZ, OPT_YEAR, OPT_RAW, OPT_TEMPLATES,
	       OPT_MAXTPL, OPT_FROMSTART, OPT_STATE, OPT_TIMEFMT, OPT_FORMATS, OPT_PROGRESS };
	static const struct option longopts[] = {
		{ "follow", no_argument, NULL, 'f' },
		{ "formats", required_argument, NULL, OPT_FORMATS },
		{ "pattern", required_argument, NULL, 'p' },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "time-format", required_argument, NULL, OPT_TIMEFMT },
		{ "format", required_argument, NULL, 'F' },
		{ "from-start", no_argument, NULL, OPT_FROMSTART },
		{ "help", no_argument, NULL, 'h' },
		{ "line-number", no_argument, NULL, 'n' },
		{ "merge", no_argument, NULL, 'm' },
		{ "recursive", no_argument, NULL, 'r' },
		{ "stats", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "glob", required_argument, NULL, OPT_GLOB },
		{ "list-formats", no_argument, NULL, OPT_LIST },
		{ "max-templates", required_argument, NULL, OPT_MAXTPL },
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "templates", no_argument, NULL, OPT_TEMPLATES },
		{ "tz", required_argument, NULL, OPT_TZ },
		{ "year", required_argument, NULL, OPT_YEAR },
		{ NULL, 0, NULL, 0 },
	};
	diag_init(argv[0]);
	argv[0] = (char *)diag_prog();   /* getopt names the program as diag does */
	int c;
	while ((c = getopt_long(argc, argv, "fF:hmnp:rvV", longopts, NULL)) != -1) {
		switch (c) {
		case 'F': opt.format_name = optarg; break;  /* resolved once custom formats are in */
		case 'f': opt.follow = true; break;
		case 'h': usage(); break;
		case 'm': opt.merge = true; break;
		case OPT_FROMSTART: opt.from_start = true; break;
		case 'n': opt.line_numbers = true; break;
		case 'r': opt.recursive = true; break;
		case 'v': opt.stats = true; break;
		case 'V': printf("lparse (ltools) %s\n", LT_VERSION); return 0;
		case OPT_GLOB: opt.glob = optarg; break;
		case OPT_LIST: opt.list = true; break;
		case 'p': opt.pattern = optarg; break;
		case OPT_PROGRESS: opt.progress = true; break;
		case OPT_TIMEFMT: opt.time_format = optarg; break;
		case OPT_FORMATS: opt.formats = optarg; break;
		case OPT_RAW: opt.raw = true; break;
		case OPT_MAXTPL: {
			char *end;
			unsigned long long n = strtoull(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || n < 1 || n > 100000000)
				diag_usage("--max-templates: '%s' is not a number from 1 to 100000000", optarg);
			opt.max_templates = (size_t)n;
			break;
		}
		case OPT_SOURCE: opt.source = optarg; break;
		case OPT_STATE: opt.state = optarg; break;
		case OPT_TEMPLATES: opt.templates = true; break;
		case OPT_TZ: set_tz(optarg); break;
		case OPT_YEAR: {
			char *end;
			long y = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || y < 1 || y > 9999)
				diag_usage("--year: '%s' is not a year", optarg);
			opt.year = (int)y;
			break;
		}
		default:
			fprintf(stderr, "Try 'lparse --help' for more information.\n");
			return 2;
		}
	}
	load_formats();
	if (opt.list)
		list_formats();
	if (opt.format_name && !(opt.format = format_find(opt.format_name)))
		diag_usage("unknown format '%s' (see --list-formats)", opt.format_name);
	struct run r = { .status = 0 };
	if (opt.templates) {
		struct tpl_opts to = TPL_OPTS_DEFAULT;
		to.max_templates = opt.max_templates;
		r.miner = tpl_new(&to);
	}
	out_init(&r.out, STDOUT_FILENO);
	r.progress = progress_open();
	if (opt.state) {
		int e = 0;
		if (opt.follow || opt.merge)
			diag_usage("--state goes with neither -f nor -m");
		if (!(r.state = state_open(opt.state, &e))) {
			diag_file(opt.state, "%s", strerror(e));
			return 2;
		}
	}
	if (opt.follow) {
		char stdin_name[] = "-", *dash[] = { stdin_name };
		if (optind == argc)
			follow_files(dash, 1, &r);
		else
			follow_files(argv + optind, argc - optind, &r);
	} else if (opt.merge) {
		struct merger mg = { .r = &r };
		if (optind == argc)
			merge_collect("-", 0, &mg);
		for (int i = optind; i < argc; i++) {
			struct stat st;
			if (opt.recursive && strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 &&
			    S_ISDIR(st.st_mode))
				walk_dir(argv[i], opt.glob, merge_collect, &mg);
			else
				merge_collect(argv[i], 0, &mg);
		}
		merge_inputs(&mg);
	} else if (optind == argc)
		parse_file("-", &r);
	for (int i = optind; !opt.follow && !opt.merge && i < argc; i++) {
		struct stat st;
		if (opt.recursive && strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 &&
		    S_ISDIR(st.st_mode))
			walk_dir(argv[i], opt.glob, walk_cb, &r);
		else
			parse_file(argv[i], &r);
	}
	progress_hide(&r);
	progress_free(r.progress);
	tpl_free(r.miner);
	custom_free_all();
	int werr = out_close(&r.out);
	if (r.state) {
		/* only once the records are out: a failed write reads them again next time */
		int e = werr ? 0 : state_save(r.state);
		if (e) {
			diag_file(opt.state, "cannot write the state: %s", strerror(e));
			r.status = 2;
		}
		state_close(r.state);
	}
	if (werr) {
		diag("write error: %s", strerror(werr));
		return 2;
	}
	return r.status;
}
