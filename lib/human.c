#include "human.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonw.h"
#include "xalloc.h"

bool human_color_arg(const char *v, enum human_color *c)
{
	if (!strcmp(v, "auto") || !strcmp(v, "tty"))
		*c = HUMAN_COLOR_AUTO;
	else if (!strcmp(v, "always") || !strcmp(v, "yes") || !strcmp(v, "force"))
		*c = HUMAN_COLOR_ALWAYS;
	else if (!strcmp(v, "never") || !strcmp(v, "no") || !strcmp(v, "none"))
		*c = HUMAN_COLOR_NEVER;
	else
		return false;
	return true;
}

bool human_format_arg(const char *v, enum human_format *f)
{
	if (!strcmp(v, "text"))
		*f = HUMAN_FORMAT_TEXT;
	else if (!strcmp(v, "json") || !strcmp(v, "ndjson"))
		*f = HUMAN_FORMAT_JSON;
	else
		return false;
	return true;
}

bool human_use_color(enum human_color c, int fd)
{
	if (c != HUMAN_COLOR_AUTO)
		return c == HUMAN_COLOR_ALWAYS;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	const char *term = getenv("TERM");
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fd);
}

bool human_use_text(enum human_format f, int fd)
{
	if (f != HUMAN_FORMAT_AUTO)
		return f == HUMAN_FORMAT_TEXT;
	return isatty(fd);
}

const char *human_sev_sgr(const char *sev)
{
	static const struct { const char *name, *sgr; } tab[] = {
		{ "critical", "1;31" }, { "CRITICAL", "1;31" },
		{ "high", "31" }, { "ERROR", "31" },
		{ "medium", "33" }, { "WARNING", "33" },
		{ "low", "36" }, { "INFO", "" },
		{ "info", "2" }, { "DEBUG", "2" },
	};
	for (size_t i = 0; sev && i < sizeof tab / sizeof tab[0]; i++)
		if (!strcmp(sev, tab[i].name))
			return tab[i].sgr;
	return "";
}

void human_begin(struct buf *b, bool color, const char *sgr)
{
	if (color && sgr && *sgr)
		buf_printf(b, "\033[%sm", sgr);
}

void human_end(struct buf *b, bool color, const char *sgr)
{
	if (color && sgr && *sgr)
		buf_adds(b, "\033[0m");
}

/* The code point of a valid sequence of len bytes. */
static unsigned decode(const unsigned char *s, size_t len)
{
	if (len == 1)
		return s[0];
	unsigned cp = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

static bool hidden(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

size_t human_str_max(struct buf *b, const char *str, size_t n, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t cols = 0, i = 0;
	size_t cut = b->len, cutcols = 0;
	while (i < n) {
		size_t w;
		const unsigned char *p = s + i;
		size_t len = p[0] < 0x80 ? 1 : utf8_valid_len(p, n - i);
		if (p[0] < 0x20 || p[0] == 0x7f || len == 0) {
			buf_printf(b, "\\x%02x", p[0]);
			w = 4;
			len = 1;
		} else if (len > 1 && hidden(decode(p, len))) {
			buf_printf(b, "\\u{%04x}", decode(p, len));
			w = 8;
		} else {
			buf_add(b, p, len);
			w = 1;
		}
		cols += w;
		i += len;
		if (max && cols <= max - 1) {
			cut = b->len;
			cutcols = cols;
		}
	}
	if (max && cols > max) {
		b->len = cut;
		b->p[cut] = '\0';
		buf_adds(b, "\xe2\x80\xa6");
		return cutcols + 1;
	}
	return cols;
}

size_t human_str(struct buf *b, const char *s, size_t n)
{
	return human_str_max(b, s, n, 0);
}

void human_pad(struct buf *b, size_t have, size_t want)
{
	for (; have < want; have++)
		buf_addc(b, ' ');
}

struct cell {
	char *text;        /* escaped */
	size_t w;
	const char *sgr;   /* static */
};

struct human_table {
	size_t ncol;
	char *align;
	struct cell *cells;
	size_t n, cap;
	const char *const *head;
};

struct human_table *human_table_new(size_t ncol, const char *const *head, const char *align)
{
	struct human_table *t = xcalloc(1, sizeof *t);
	t->ncol = ncol;
	t->head = head;
	t->align = xstrdup(align ? align : "");
	return t;
}

static void add_cell(struct human_table *t, const char *sgr, struct buf *text, size_t w)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->cells = xrealloc(t->cells, t->cap * sizeof *t->cells);
	}
	t->cells[t->n].text = text->p ? text->p : xstrdup("");
	t->cells[t->n].w = w;
	t->cells[t->n].sgr = sgr;
	t->n++;
}

void human_table_cell(struct human_table *t, const char *sgr, const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	size_t w = human_str(&b, s, n);
	add_cell(t, sgr, &b, w);
}

void human_table_cellf(struct human_table *t, const char *sgr, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	human_table_cell(t, sgr, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

size_t human_table_rows(const struct human_table *t)
{
	return t->n / t->ncol;
}

static void put(struct buf *b, const struct human_table *t, size_t c, const char *text, size_t w,
		size_t width, const char *sgr, bool color, bool last)
{
	bool right = c < strlen(t->align) && t->align[c] == 'r';
	if (c)
		buf_adds(b, "  ");
	if (right)
		human_pad(b, w, width);
	human_begin(b, color, sgr);
	buf_adds(b, text);
	human_end(b, color, sgr);
	if (!right && !last)
		human_pad(b, w, width);
}

void human_table_render(const struct human_table *t, struct buf *b, bool color)
{
	size_t *width = xcalloc(t->ncol, sizeof *width);
	for (size_t c = 0; c < t->ncol; c++)
		width[c] = t->head ? strlen(t->head[c]) : 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->cells[i].w > width[i % t->ncol])
			width[i % t->ncol] = t->cells[i].w;
	if (t->head) {
		for (size_t c = 0; c < t->ncol; c++)
			put(b, t, c, t->head[c], strlen(t->head[c]), width[c], "1", color,
			    c + 1 == t->ncol);
		buf_addc(b, '\n');
	}
	size_t rows = human_table_rows(t);
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < t->ncol; c++) {
			const struct cell *x = &t->cells[r * t->ncol + c];
			put(b, t, c, x->text, x->w, width[c], x->sgr, color, c + 1 == t->ncol);
		}
		buf_addc(b, '\n');
	}
	free(width);
}

void human_table_free(struct human_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->cells[i].text);
	free(t->cells);
	free(t->align);
	free(t);
}
