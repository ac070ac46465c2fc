#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "xalloc.h"

/* Set once at start-up by main; read-only afterwards. */
static const char *prog = "ltools";

void diag_init(const char *progname)
{
	const char *slash = progname;
	for (const char *p = progname; *p; p++)
		if (*p == '/')
			slash = p + 1;
	prog = slash;
	xalloc_set_progname(prog);
}

const char *diag_prog(void) { return prog; }

/* Append text with control characters shown as \xHH. */
static void add_safe(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
}

static void emit(const char *file, uint64_t line, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, prog);
	buf_add(&b, ": ", 2);
	if (file) {
		add_safe(&b, file);
		if (line)
			buf_printf(&b, ":%llu", (unsigned long long)line);
		buf_add(&b, ": ", 2);
	}
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	add_safe(&b, msg);
	buf_addc(&b, '\n');
	fwrite(b.p, 1, b.len, stderr);
	buf_free(&b);
}

void diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(NULL, 0, fmt, ap);
	va_end(ap);
}

void diag_file(const char *file, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(file, 0, fmt, ap);
	va_end(ap);
}

void diag_line(const char *file, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(file, line ? line : 0, fmt, ap);
	va_end(ap);
}

void diag_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(NULL, 0, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	exit(2);
}
