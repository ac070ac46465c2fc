#include "format.h"
#include "scan.h"

#include <string.h>

const struct format *const format_table[] = {
	&fmt_rfc5424, &fmt_access, &fmt_python, &fmt_syslog, &fmt_raw, NULL,
};

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
		for (int i = 0; format_table[i]; i++) {
			const struct format *f = format_table[i];
			if (f == d->last)
				continue;
			entry_clear(e);
			if (f->parse(line, e)) {
				if (f != &fmt_raw)
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
};
