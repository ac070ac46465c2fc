#include "format.h"
#include "scan.h"

#include <string.h>

/*
 * Detection order: formats whose lines begin with something only they
 * write come first; syslog before the looser layouts that would also take
 * its lines (golog, logfmt); generic, which takes any line that begins
 * with a time, is the last before raw.
 */
const struct format *const format_table[] = {
	&fmt_rfc5424, &fmt_access, &fmt_json, &fmt_apache_error, &fmt_nginx_error, &fmt_alb,
	&fmt_elb, &fmt_glog, &fmt_java, &fmt_python, &fmt_syslog, &fmt_golog, &fmt_logfmt,
	&fmt_generic, &fmt_raw, NULL,
};

static const struct format *extra[FORMAT_EXTRA_MAX + 1];
static int nextra;

bool format_register(const struct format *f)
{
	if (nextra == FORMAT_EXTRA_MAX)
		return false;
	extra[nextra++] = f;
	return true;
}

const struct format *format_registered(int i)
{
	return i >= 0 && i < nextra ? extra[i] : NULL;
}

static bool name_in(const char *name, const char *list)
{
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		if (len == n && memcmp(p, name, n) == 0)
			return true;
		if (!sp)
			break;
		p = sp + 1;
	}
	return false;
}

const struct format *format_find(const char *name)
{
	for (int i = 0; i < nextra; i++)
		if (strcmp(extra[i]->name, name) == 0)
			return extra[i];
	for (int i = 0; format_table[i]; i++)
		if (strcmp(format_table[i]->name, name) == 0 || name_in(name, format_table[i]->writes))
			return format_table[i];
	return NULL;
}

const struct format *format_parse(struct detector *d, struct span line, struct entry *e)
{
	if (d->forced) {
		entry_clear(e);
		if (d->forced->parse(line, e))
			return d->forced;
	} else {
		if (d->last) {
			entry_clear(e);
			if (d->last->parse(line, e))
				return d->last;
		}
		for (int i = 0; i < nextra; i++) {
			const struct format *f = extra[i];
			if (f == d->last)
				continue;
			entry_clear(e);
			if (f->parse(line, e)) {
				d->last = f;
				return f;
			}
		}
		for (int i = 0; format_table[i]; i++) {
			const struct format *f = format_table[i];
			if (f == d->last)
				continue;
			entry_clear(e);
			if (f->parse(line, e)) {
				if (!f->fallback)
					d->last = f;
				return f;
			}
		}
	}
	entry_clear(e);
	fmt_raw.parse(line, e);
	return &fmt_raw;
}

static bool raw_parse(struct span line, struct entry *e)
{
	e->format = "raw";
	entry_message(e, span_chomp(line));
	return true;
}

const struct format fmt_raw = {
	.name = "raw",
	.writes = "raw",
	.desc = "any line, as it is: the message is the whole line",
	.parse = raw_parse,
	.fallback = true,
};
