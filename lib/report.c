#include "report.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "level.h"
#include "ltime.h"
#include "xalloc.h"

/* ---- small helpers ---- */

void report_thousands(struct buf *b, unsigned long long v)
{
	char d[32];
	int n = snprintf(d, sizeof d, "%llu", v);
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf_addc(b, ',');
		buf_addc(b, d[i]);
	}
}

size_t report_escape(struct buf *b, const char *s, size_t n, size_t maxw, bool utf8)
{
	size_t w = 0, i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		char tmp[16];
		size_t len, cw;
		const char *out = tmp;
		if (c == '\n' || c == '\t' || c == '\\' || c == '\r') {
			tmp[0] = '\\';
			tmp[1] = c == '\n' ? 'n' : c == '\t' ? 't' : c == '\r' ? 'r' : '\\';
			len = cw = 2;
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(tmp, sizeof tmp, "\\x%02x", c);
			len = cw = 4;
			i++;
		} else if (c < 0x80) {
			out = s + i;
			len = cw = 1;
			i++;
		} else {
			size_t v = utf8_valid_len((const unsigned char *)s + i, n - i);
			/* C1 controls (U+0080-U+009F) are escaped too. */
			if (v == 2 && c == 0xc2 && (unsigned char)s[i + 1] < 0xa0)
				v = 0;
			/* Bidirectional overrides and isolates (U+202A-U+202E,
			 * U+2066-U+2069) as lib/human writes them: they would
			 * reorder what the terminal shows. */
			unsigned char c1 = v == 3 ? (unsigned char)s[i + 1] : 0;
			unsigned char c2 = v == 3 ? (unsigned char)s[i + 2] : 0;
			if (c == 0xe2 && ((c1 == 0x80 && c2 >= 0xaa && c2 <= 0xae) ||
					  (c1 == 0x81 && c2 >= 0xa6 && c2 <= 0xa9))) {
				snprintf(tmp, sizeof tmp, "\\u{%04x}",
					 (unsigned)((c1 & 0x3f) << 6 | (c2 & 0x3f)) | 0x2000u);
				out = tmp;
				len = cw = 8;
				i += 3;
			} else if (v) {
				out = s + i;
				len = v;
				cw = 1;
				i += v;
			} else {
				snprintf(tmp, sizeof tmp, "\\x%02x", c);
				len = cw = 4;
				i++;
			}
		}
		if (maxw && w + cw > maxw - 1 && (i < n || w + cw > maxw)) {
			buf_adds(b, utf8 ? "\xe2\x80\xa6" : "~");
			return w + 1;
		}
		buf_add(b, out, len);
		w += cw;
	}
	return w;
}

/* Display width of text already escaped (valid UTF-8, no controls). */
static size_t width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

static void fmt_time_ms(struct buf *b, int64_t ms)
{
	struct ltime t;
	int64_t sec = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	ltime_from_instant(sec, 0, &t);
	t.nsec = (uint32_t)(ms - sec * 1000) * 1000000u;
	t.ndigits = 3;
	t.has_off = true;
	t.off = 0;
	ltime_format(b, &t);
}

static void fmt_time_s(struct buf *b, int64_t sec)
{
	struct ltime t;
	ltime_from_instant(sec, 0, &t);
	t.nsec = 0;
	t.ndigits = 0;
	t.has_off = true;
	t.off = 0;
	ltime_format(b, &t);
}

static double share(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / (double)whole : 0;
}

/* Split a --by or err_by key at the separators. */
static int split_key(const char *k, size_t kl, struct span *parts, int max)
{
	int n = 0;
	size_t s = 0;
	for (size_t i = 0; i <= kl && n < max; i++)
		if (i == kl || k[i] == STATS_SEP) {
			parts[n++] = span_make(k + s, i - s);
			s = i + 1;
		}
	return n;
}

static bool missing(struct span v)
{
	return v.len == 1 && v.p[0] == STATS_MISSING;
}

/* ---- text tables ---- */

#define TAB_MAXCOL 10

struct tab {
	int ncol;
	const char *head[TAB_MAXCOL];
	bool right[TAB_MAXCOL];
	char **cell;
	size_t *w;
	size_t n, cap;
	const struct report_opts *o;
};

static void tab_init(struct tab *t, const struct report_opts *o, const char *cols)
{
	/* cols: "NAME|>COUNT|..." where '>' marks a right-aligned column. */
	memset(t, 0, sizeof *t);
	t->o = o;
	const char *p = cols;
	while (t->ncol < TAB_MAXCOL) {
		const char *e = strchr(p, '|');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		bool r = n && p[0] == '>';
		t->right[t->ncol] = r;
		t->head[t->ncol++] = xstrndup(p + r, n - r);
		if (!e)
			break;
		p = e + 1;
	}
}

static void tab_push(struct tab *t, char *s, size_t w)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cell = xrealloc(t->cell, t->cap * sizeof *t->cell);
		t->w = xrealloc(t->w, t->cap * sizeof *t->w);
	}
	t->cell[t->n] = s;
	t->w[t->n++] = w;
}

static void tab_buf(struct tab *t, struct buf *c)
{
	buf_add(c, "", 0);     /* a NUL-terminated string, even when empty */
	tab_push(t, c->p, width(c->p, c->len));
	*c = (struct buf)BUF_INIT;
}

static void tab_text(struct tab *t, const char *s, size_t n, size_t maxw)
{
	struct buf c = BUF_INIT;
	report_escape(&c, s, n, maxw, t->o->utf8);
	tab_buf(t, &c);
}

static void tab_lit(struct tab *t, const char *s)
{
	struct buf c = BUF_INIT;
	buf_adds(&c, s);
	tab_buf(t, &c);
}

static void tab_num(struct tab *t, uint64_t v)
{
	struct buf c = BUF_INIT;
	report_thousands(&c, v);
	tab_buf(t, &c);
}

static void tab_pct(struct tab *t, double f)
{
	struct buf c = BUF_INIT;
	buf_printf(&c, "%.1f%%", 100 * f);
	tab_buf(t, &c);
}

static void tab_bar(struct tab *t, double f)
{
	struct buf c = BUF_INIT;
	int n = (int)lround(f * 30);
	if (n == 0 && f > 0)
		n = 1;
	for (int i = 0; i < n; i++)
		buf_adds(&c, t->o->utf8 ? "\xe2\x96\x88" : "#");
	tab_buf(t, &c);
}

static void color(struct buf *b, const struct report_opts *o, const char *code)
{
	if (o->color)
		buf_printf(b, "\033[%sm", code);
}

static void tab_render(struct buf *b, struct tab *t, const char *indent)
{
	size_t colw[TAB_MAXCOL];
	for (int c = 0; c < t->ncol; c++)
		colw[c] = strlen(t->head[c]);
	for (size_t i = 0; i < t->n; i++)
		if (t->w[i] > colw[i % t->ncol])
			colw[i % t->ncol] = t->w[i];
	for (size_t r = 0; r <= t->n / t->ncol; r++) {
		bool head = r == 0;
		if (!head && (r - 1) * t->ncol >= t->n)
			break;
		buf_adds(b, indent);
		if (head)
			color(b, t->o, "1");
		for (int c = 0; c < t->ncol; c++) {
			const char *s = head ? t->head[c] : t->cell[(r - 1) * t->ncol + c];
			size_t w = head ? strlen(s) : t->w[(r - 1) * t->ncol + c];
			size_t pad = colw[c] - w;
			bool last = c == t->ncol - 1;
			if (c)
				buf_adds(b, "  ");
			if (t->right[c])
				for (size_t k = 0; k < pad; k++)
					buf_addc(b, ' ');
			buf_adds(b, s);
			if (!t->right[c] && !last)
				for (size_t k = 0; k < pad; k++)
					buf_addc(b, ' ');
		}
		if (head)
			color(b, t->o, "0");
		/* No trailing blanks. */
		while (b->len && b->p[b->len - 1] == ' ')
			b->len--;
		buf_addc(b, '\n');
	}
	for (size_t i = 0; i < t->n; i++)
		free(t->cell[i]);
	for (int c = 0; c < t->ncol; c++)
		free((char *)t->head[c]);
	free(t->cell);
	free(t->w);
}

static void heading(struct buf *b, const struct report_opts *o, const char *title)
{
	if (b->len)
		buf_addc(b, '\n');
	color(b, o, "1;4");
	buf_adds(b, title);
	color(b, o, "0");
	buf_addc(b, '\n');
}

static void sub(struct buf *b, const struct report_opts *o, const char *title)
{
	buf_adds(b, "  ");
	color(b, o, "1");
	buf_adds(b, title);
	color(b, o, "0");
	buf_addc(b, '\n');
}

/* The "exact or bounded" note under a table. */
static void bound_note(struct buf *b, const struct topk *t)
{
	if (topk_exact(t))
		return;
	buf_adds(b, "    (table over --max-keys: counts may exceed the truth by at most ");
	report_thousands(b, t->base);
	buf_adds(b, ")\n");
}

static void label_line(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "  %-14s%s\n", name, value);
}

/* ---- text sections ---- */

static void t_summary(struct buf *b, struct stats *s, const struct report_opts *o)
{
	heading(b, o, "SUMMARY");
	struct buf v = BUF_INIT;
	if (s->has_period) {
		report_escape(&v, s->first_s.p, s->first_s.len, 60, o->utf8);
		buf_adds(&v, " .. ");
		report_escape(&v, s->last_s.p, s->last_s.len, 60, o->utf8);
	} else {
		buf_adds(&v, "-");
	}
	label_line(b, "Period", v.p);
	buf_reset(&v);
	report_thousands(&v, s->total);
	label_line(b, "Records", v.p);
	buf_reset(&v);
	report_thousands(&v, s->no_ts);
	label_line(b, "No timestamp", v.p);
	buf_reset(&v);
	report_thousands(&v, s->errors);
	buf_printf(&v, " (%.2f%%)", 100 * share(s->errors, s->total));
	label_line(b, "Errors", v.p);
	buf_free(&v);
	struct tab t;
	tab_init(&t, o, "LEVEL|>RECORDS|>SHARE|");
	for (int l = LV_CRITICAL; l >= LV_DEBUG; l--) {
		tab_lit(&t, level_name(l));
		tab_num(&t, s->levels[l]);
		tab_pct(&t, share(s->levels[l], s->total));
		tab_bar(&t, share(s->levels[l], s->total));
	}
	if (s->level_other) {
		tab_lit(&t, "(other)");
		tab_num(&t, s->level_other);
		tab_pct(&t, share(s->level_other, s->total));
		tab_bar(&t, share(s->level_other, s->total));
	}
	tab_render(b, &t, "  ");
}

static size_t top_of(const struct topk *t, size_t k, struct topk_item ***out)
{
	size_t n = topk_size(t);
	*out = xmalloc((n ? n : 1) * sizeof **out);
	return topk_top(t, k, *out);
}

static void t_sources(struct buf *b, struct stats *s, const struct report_opts *o)
{
	heading(b, o, "SOURCES");
	struct topk_item **it;
	size_t n = top_of(&s->sources, o->top, &it);
	struct tab t;
	tab_init(&t, o, "SOURCE|>RECORDS|>SHARE|>ERRORS|");
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		tab_text(&t, k, kl, 40);
		tab_num(&t, it[i]->count);
		tab_pct(&t, share(it[i]->count, s->total));
		tab_num(&t, it[i]->err);
		tab_bar(&t, share(it[i]->count, s->total));
	}
	tab_render(b, &t, "  ");
	bound_note(b, &s->sources);
	free(it);
}

static void t_errors(struct buf *b, struct stats *s, const struct report_opts *o)
{
	heading(b, o, "ERRORS");
	struct buf v = BUF_INIT;
	report_thousands(&v, s->errors);
	buf_adds(&v, " records at ERROR or CRITICAL");
	buf_printf(b, "  %s\n", v.p);
	buf_free(&v);
	struct topk_item **it;
	size_t n = top_of(&s->err_by, o->top, &it);
	sub(b, o, "By source and level");
	struct tab t;
	tab_init(&t, o, "SOURCE|LEVEL|>RECORDS");
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		struct span p[2] = { { k, kl }, { "", 0 } };
		split_key(k, kl, p, 2);
		tab_text(&t, p[0].p, p[0].len, 40);
		tab_text(&t, p[1].p, p[1].len, 10);
		tab_num(&t, it[i]->count);
	}
	tab_render(b, &t, "    ");
	bound_note(b, &s->err_by);
	free(it);

	sub(b, o, "Top messages");
	n = top_of(&s->top_errors, o->top, &it);
	tab_init(&t, o, ">RECORDS|MESSAGE");
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		tab_num(&t, it[i]->count);
		tab_text(&t, k, kl, 100);
	}
	tab_render(b, &t, "    ");
	bound_note(b, &s->top_errors);
	free(it);

	sub(b, o, "Top templates");
	n = top_of(&s->patterns, o->top, &it);
	tab_init(&t, o, ">RECORDS|>SHARE|FIRST SEEN|LAST SEEN|TEMPLATE");
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		struct buf c = BUF_INIT;
		tab_num(&t, it[i]->count);
		tab_pct(&t, share(it[i]->count, s->errors));
		if (it[i]->first != TOPK_NO_TIME)
			fmt_time_ms(&c, it[i]->first);
		else
			buf_adds(&c, "-");
		tab_buf(&t, &c);
		if (it[i]->last != TOPK_NO_TIME)
			fmt_time_ms(&c, it[i]->last);
		else
			buf_adds(&c, "-");
		tab_buf(&t, &c);
		report_escape(&c, k, kl, 90, o->utf8);
		tab_buf(&t, &c);
	}
	tab_render(b, &t, "    ");
	bound_note(b, &s->patterns);
	/* Examples, listed after the table to keep it aligned. */
	if (n)
		sub(b, o, "Template examples");
	for (size_t i = 0; i < n; i++) {
		if (!it[i]->example)
			continue;
		buf_printf(b, "    %zu. ", i + 1);
		report_escape(b, it[i]->example, strlen(it[i]->example), 110, o->utf8);
		buf_addc(b, '\n');
	}
	free(it);
}

static void t_http(struct buf *b, struct stats *s, const struct report_opts *o)
{
	heading(b, o, "HTTP");
	struct buf v = BUF_INIT;
	report_thousands(&v, s->http);
	buf_printf(b, "  %s requests (records with a status)\n", v.p);
	buf_free(&v);
	if (!s->http)
		return;
	sub(b, o, "Status classes");
	struct tab t;
	tab_init(&t, o, "CLASS|>REQUESTS|>SHARE|");
	for (int c = 1; c <= 5; c++) {
		uint64_t n = 0;
		for (int k = c * 100; k < c * 100 + 100; k++)
			n += s->status[k];
		char name[8];
		snprintf(name, sizeof name, "%dxx", c);
		tab_lit(&t, name);
		tab_num(&t, n);
		tab_pct(&t, share(n, s->http));
		tab_bar(&t, share(n, s->http));
	}
	tab_render(b, &t, "    ");

	sub(b, o, "Status codes");
	tab_init(&t, o, "STATUS|>REQUESTS|>SHARE|");
	for (int c = 0; c < STATS_STATUS_MAX; c++) {
		if (!s->status[c])
			continue;
		char name[8];
		snprintf(name, sizeof name, "%d", c);
		tab_lit(&t, name);
		tab_num(&t, s->status[c]);
		tab_pct(&t, share(s->status[c], s->http));
		tab_bar(&t, share(s->status[c], s->http));
	}
	if (s->status_other) {
		tab_lit(&t, "other");
		tab_num(&t, s->status_other);
		tab_pct(&t, share(s->status_other, s->http));
		tab_bar(&t, share(s->status_other, s->http));
	}
	tab_render(b, &t, "    ");

	sub(b, o, "Response time (seconds; percentiles within 1%)");
	tab_init(&t, o, ">COUNT|>MIN|>MEAN|>MAX|>P50|>P90|>P95|>P99");
	const struct qsketch *q = &s->rt;
	tab_num(&t, q->count);
	double vals[7] = { q->min, q->count ? q->sum / (double)q->count : 0, q->max,
			   qsk_quantile(q, 0.5), qsk_quantile(q, 0.9), qsk_quantile(q, 0.95),
			   qsk_quantile(q, 0.99) };
	for (int i = 0; i < 7; i++) {
		struct buf c = BUF_INIT;
		if (q->count)
			buf_printf(&c, "%.4g", vals[i]);
		else
			buf_adds(&c, "-");
		tab_buf(&t, &c);
	}
	tab_render(b, &t, "    ");

	struct topk_item **it;
	for (int pass = 0; pass < 2; pass++) {
		const struct topk *tk = pass ? &s->paths_5xx : &s->paths;
		sub(b, o, pass ? "Top paths by 5xx" : "Top paths");
		size_t n = top_of(tk, o->top, &it);
		tab_init(&t, o, pass ? ">5XX|PATH" : ">REQUESTS|>5XX|PATH");
		for (size_t i = 0; i < n; i++) {
			size_t kl;
			const char *k = topk_key(it[i], &kl);
			tab_num(&t, it[i]->count);
			if (!pass)
				tab_num(&t, it[i]->err);
			tab_text(&t, k, kl, 80);
		}
		tab_render(b, &t, "    ");
		bound_note(b, tk);
		free(it);
	}
}

static void t_ips(struct buf *b, struct stats *s, const struct report_opts *o)
{
	heading(b, o, "IPS");
	struct topk_item **it;
	size_t n = top_of(&s->ips, o->top, &it);
	struct tab t;
	tab_init(&t, o, "IP|>REQUESTS|>ERRORS|>ERROR RATE|>BYTES");
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		tab_text(&t, k, kl, 45);
		tab_num(&t, it[i]->count);
		tab_num(&t, it[i]->err);
		tab_pct(&t, share(it[i]->err, it[i]->count));
		tab_num(&t, it[i]->bytes);
	}
	tab_render(b, &t, "  ");
	bound_note(b, &s->ips);
	free(it);
}

static int by_bucket(const void *a, const void *b)
{
	int64_t x = stats_bucket_start(topk_key(*(struct topk_item *const *)a, NULL));
	int64_t y = stats_bucket_start(topk_key(*(struct topk_item *const *)b, NULL));
	return x < y ? -1 : x > y;
}

static size_t timeline_items(struct stats *s, struct topk_item ***out, uint64_t *max)
{
	size_t n = top_of(&s->timeline, 0, out);
	qsort(*out, n, sizeof **out, by_bucket);
	*max = 0;
	for (size_t i = 0; i < n; i++)
		if ((*out)[i]->count > *max)
			*max = (*out)[i]->count;
	return n;
}

static void t_timeline(struct buf *b, struct stats *s, const struct report_opts *o)
{
	heading(b, o, "TIMELINE");
	buf_printf(b, "  bucket %" PRId64 "s, times in UTC\n", s->opt.bucket);
	struct topk_item **it;
	uint64_t max;
	size_t n = timeline_items(s, &it, &max);
	struct tab t;
	tab_init(&t, o, "START|>RECORDS|>ERRORS|");
	for (size_t i = 0; i < n; i++) {
		struct buf c = BUF_INIT;
		fmt_time_s(&c, stats_bucket_start(topk_key(it[i], NULL)));
		tab_buf(&t, &c);
		tab_num(&t, it[i]->count);
		tab_num(&t, it[i]->err);
		tab_bar(&t, share(it[i]->count, max));
	}
	tab_render(b, &t, "  ");
	bound_note(b, &s->timeline);
	free(it);
}

static void by_title(struct buf *b, const struct stats_by *by)
{
	for (int f = 0; f < by->nfields; f++) {
		if (f)
			buf_addc(b, ',');
		buf_adds(b, by->fields[f]);
	}
}

static void t_by(struct buf *b, struct stats *s, const struct report_opts *o)
{
	for (int i = 0; i < s->nby; i++) {
		struct stats_by *by = &s->by[i];
		struct buf title = BUF_INIT, cols = BUF_INIT;
		buf_adds(&title, "BY ");
		by_title(&title, by);
		heading(b, o, title.p);
		for (int f = 0; f < by->nfields; f++) {
			struct buf up = BUF_INIT;
			for (const char *c = by->fields[f]; *c && c - by->fields[f] < 30; c++)
				buf_addc(&up, (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c == '|' ? '/' : *c));
			buf_printf(&cols, "%s|", up.p);
			buf_free(&up);
		}
		buf_adds(&cols, ">RECORDS|>SHARE|>ERRORS");
		struct tab t;
		tab_init(&t, o, cols.p);
		struct topk_item **it;
		size_t n = top_of(&by->t, o->top, &it);
		for (size_t r = 0; r < n; r++) {
			size_t kl;
			const char *k = topk_key(it[r], &kl);
			struct span p[STATS_MAX_BY_FIELDS];
			int np = split_key(k, kl, p, by->nfields);
			for (int f = 0; f < by->nfields; f++) {
				if (f >= np || missing(p[f]))
					tab_lit(&t, "-");
				else
					tab_text(&t, p[f].p, p[f].len, 60);
			}
			tab_num(&t, it[r]->count);
			tab_pct(&t, share(it[r]->count, s->total));
			tab_num(&t, it[r]->err);
		}
		tab_render(b, &t, "  ");
		buf_printf(b, "  %zu distinct\n", topk_size(&by->t));
		bound_note(b, &by->t);
		free(it);
		buf_free(&title);
		buf_free(&cols);
	}
}


/* ---- the security section: shared pieces ---- */

static bool sec_present(const struct stats *s, const struct report_opts *o)
{
	return (o->sections & ST_SECURITY) && (s->sec.threats || s->sec.updates);
}

/* Split a key of sec.types ("type\x1fseverity") at its last separator. */
static void split_type(const char *k, size_t kl, struct span *type, struct span *sev)
{
	size_t i = kl;
	while (i > 0 && k[i - 1] != STATS_SEP)
		i--;
	*type = span_make(k, i ? i - 1 : kl);
	*sev = i ? span_make(k + i, kl - i) : span_make("", 0);
}

static int key_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	return c ? c : (al > bl) - (al < bl);
}

static int by_key(const void *a, const void *b)
{
	size_t al, bl;
	const char *ak = topk_key(*(struct topk_item *const *)a, &al);
	const char *bk = topk_key(*(struct topk_item *const *)b, &bl);
	return key_cmp(ak, al, bk, bl);
}

static int by_count_desc(const void *a, const void *b)
{
	const struct topk_item *x = *(struct topk_item *const *)a, *y = *(struct topk_item *const *)b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return by_key(a, b);
}

/* The "ip\x1ftype" items in key order, to find an address's types. */
struct ip_types {
	struct topk_item **v;
	size_t n;
	struct buf want;
};

static void ip_types_init(struct ip_types *p, const struct topk *t)
{
	p->n = top_of(t, 0, &p->v);
	qsort(p->v, p->n, sizeof *p->v, by_key);
	p->want = (struct buf)BUF_INIT;
}

static void ip_types_free(struct ip_types *p)
{
	free(p->v);
	buf_free(&p->want);
}

/* The items of address IP (most findings first) into *out (owned by the
 * caller); each type is its key after the first il + 1 bytes. */
static size_t ip_types_of(struct ip_types *p, const char *ip, size_t il, struct topk_item ***out)
{
	buf_reset(&p->want);
	buf_add(&p->want, ip, il);
	buf_addc(&p->want, STATS_SEP);
	size_t lo = 0, hi = p->n, wl = p->want.len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, kl;
		const char *k = topk_key(p->v[mid], &kl);
		if (key_cmp(k, kl, p->want.p, wl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	for (; end < p->n; end++) {
		size_t kl;
		const char *k = topk_key(p->v[end], &kl);
		if (kl < wl || memcmp(k, p->want.p, wl) != 0)
			break;
	}
	size_t n = end - lo;
	*out = xmalloc((n ? n : 1) * sizeof **out);
	memcpy(*out, p->v + lo, n * sizeof **out);
	qsort(*out, n, sizeof **out, by_count_desc);
	return n;
}

/* Severities from the most severe. */
static const int sev_order[SEC_NSEV] = { SEC_CRITICAL, SEC_HIGH, SEC_MEDIUM, SEC_LOW, SEC_OTHER };

/* ---- text: security ---- */

static void tab_time(struct tab *t, int64_t ms)
{
	struct buf c = BUF_INIT;
	if (ms != TOPK_NO_TIME)
		fmt_time_ms(&c, ms);
	else
		buf_adds(&c, "-");
	tab_buf(t, &c);
}

static void t_security(struct buf *b, struct stats *s, const struct report_opts *o)
{
	const struct stats_sec *x = &s->sec;
	heading(b, o, "SECURITY");
	struct buf v = BUF_INIT;
	report_thousands(&v, x->threats);
	buf_adds(&v, " (");
	report_thousands(&v, x->finding_recs);
	buf_adds(&v, " finding records, ");
	report_thousands(&v, x->threats - x->finding_recs);
	buf_adds(&v, " threats in ");
	report_thousands(&v, x->annotated);
	buf_adds(&v, " annotated records)");
	label_line(b, "Findings", v.p);
	if (x->finding_recs) {
		buf_reset(&v);
		buf_printf(&v, "lthreat %" PRIu64 ", lbrute %" PRIu64 ", lanomaly %" PRIu64
			   ", other %" PRIu64, x->threat_recs, x->brute, x->anomalies,
			   x->finding_recs - x->threat_recs - x->brute - x->anomalies);
		label_line(b, "By program", v.p);
	}
	if (x->updates) {
		buf_reset(&v);
		report_thousands(&v, x->updates);
		buf_adds(&v, " closing updates, not counted again");
		label_line(b, "Updates", v.p);
	}
	buf_reset(&v);
	if (x->first != TOPK_NO_TIME) {
		fmt_time_ms(&v, x->first);
		buf_adds(&v, " .. ");
		fmt_time_ms(&v, x->last);
	} else {
		buf_adds(&v, "-");
	}
	label_line(b, "Period", v.p);
	buf_free(&v);

	struct tab t;
	sub(b, o, "By severity");
	tab_init(&t, o, "SEVERITY|>FINDINGS|>SHARE|");
	for (int i = 0; i < SEC_NSEV; i++) {
		int sv = sev_order[i];
		if (sv == SEC_OTHER && !x->sev[sv])
			continue;
		tab_lit(&t, stats_sev_name(sv));
		tab_num(&t, x->sev[sv]);
		tab_pct(&t, share(x->sev[sv], x->threats));
		tab_bar(&t, share(x->sev[sv], x->threats));
	}
	tab_render(b, &t, "    ");

	struct topk_item **it;
	sub(b, o, "By type");
	size_t n = top_of(&x->types, o->top, &it);
	tab_init(&t, o, "TYPE|SEVERITY|>FINDINGS|>SHARE|FIRST SEEN|LAST SEEN");
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		struct span type, sev;
		split_type(k, kl, &type, &sev);
		tab_text(&t, type.p, type.len, 40);
		tab_text(&t, sev.p, sev.len, 10);
		tab_num(&t, it[i]->count);
		tab_pct(&t, share(it[i]->count, x->threats));
		tab_time(&t, it[i]->first);
		tab_time(&t, it[i]->last);
	}
	tab_render(b, &t, "    ");
	bound_note(b, &x->types);
	free(it);

	sub(b, o, "Top attacking IPs");
	struct ip_types ipt;
	ip_types_init(&ipt, &x->ip_types);
	n = top_of(&x->ips, o->top, &it);
	tab_init(&t, o, "IP|>FINDINGS|TYPES");
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		tab_text(&t, k, kl, 45);
		tab_num(&t, it[i]->count);
		struct topk_item **ty;
		size_t nt = ip_types_of(&ipt, k, kl, &ty);
		struct buf c = BUF_INIT;
		for (size_t j = 0; j < nt; j++) {
			size_t tl;
			const char *tk = topk_key(ty[j], &tl);
			buf_adds(&c, j ? ", " : "");
			report_escape(&c, tk + kl + 1, tl - kl - 1, 40, o->utf8);
			buf_printf(&c, " %" PRIu64, ty[j]->count);
		}
		if (!nt)
			buf_adds(&c, "-");
		tab_buf(&t, &c);
		free(ty);
	}
	tab_render(b, &t, "    ");
	bound_note(b, &x->ips);
	bound_note(b, &x->ip_types);
	ip_types_free(&ipt);
	free(it);

	sub(b, o, "Top targeted paths");
	n = top_of(&x->paths, o->top, &it);
	tab_init(&t, o, ">FINDINGS|PATH");
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		tab_num(&t, it[i]->count);
		tab_text(&t, k, kl, 80);
	}
	tab_render(b, &t, "    ");
	bound_note(b, &x->paths);
	free(it);

	if (x->brute) {
		for (int pass = 0; pass < 2; pass++) {
			const struct topk *tk = pass ? &x->brute_users : &x->brute_ips;
			sub(b, o, pass ? "Brute-force users (lbrute)" : "Brute-force sources (lbrute)");
			n = top_of(tk, o->top, &it);
			tab_init(&t, o, pass ? "USER|>FINDINGS|>SUCCESS AFTER FAILURES"
					     : "IP|>FINDINGS|>SUCCESS AFTER FAILURES");
			for (size_t i = 0; i < n; i++) {
				size_t kl;
				const char *k = topk_key(it[i], &kl);
				tab_text(&t, k, kl, 45);
				tab_num(&t, it[i]->count);
				tab_num(&t, it[i]->err);
			}
			tab_render(b, &t, "    ");
			bound_note(b, tk);
			free(it);
		}
	}
	if (x->anomalies) {
		sub(b, o, "Anomalies (lanomaly)");
		n = top_of(&x->anomaly, o->top, &it);
		tab_init(&t, o, "KIND|>FINDINGS|FIRST SEEN|LAST SEEN");
		for (size_t i = 0; i < n; i++) {
			size_t kl;
			const char *k = topk_key(it[i], &kl);
			tab_text(&t, k, kl, 40);
			tab_num(&t, it[i]->count);
			tab_time(&t, it[i]->first);
			tab_time(&t, it[i]->last);
		}
		tab_render(b, &t, "    ");
		bound_note(b, &x->anomaly);
		free(it);
	}
}

static void text(struct buf *b, struct stats *s, const struct report_opts *o)
{
	unsigned sec = o->sections;
	if (sec & ST_SUMMARY)
		t_summary(b, s, o);
	if (sec & ST_SOURCES)
		t_sources(b, s, o);
	if (sec & ST_ERRORS)
		t_errors(b, s, o);
	if (sec & ST_HTTP)
		t_http(b, s, o);
	if (sec & ST_IPS)
		t_ips(b, s, o);
	if (sec & ST_TIMELINE)
		t_timeline(b, s, o);
	if (sec & ST_BY)
		t_by(b, s, o);
	if (sec_present(s, o))
		t_security(b, s, o);
}

/* ---- JSON ---- */

static void j_key(struct buf *b, bool *first, const char *k)
{
	if (!*first)
		buf_addc(b, ',');
	*first = false;
	buf_printf(b, "\"%s\":", k);
}

static void j_num(struct buf *b, double d)
{
	if (!isfinite(d))
		buf_adds(b, "null");
	else
		buf_printf(b, "%.6g", d);
}

static void j_table_info(struct buf *b, const char *name, const struct topk *t, bool *first)
{
	j_key(b, first, name);
	buf_printf(b, "{\"exact\":%s,\"error_bound\":%" PRIu64 ",\"distinct\":%zu}",
		   topk_exact(t) ? "true" : "false", t->base, topk_size(t));
}

static void j_time(struct buf *b, int64_t ms)
{
	if (ms == TOPK_NO_TIME) {
		buf_adds(b, "null");
		return;
	}
	buf_addc(b, '"');
	fmt_time_ms(b, ms);
	buf_addc(b, '"');
}

static void j_summary(struct buf *b, struct stats *s, const struct report_opts *o)
{
	buf_adds(b, "\"summary\":{");
	buf_printf(b, "\"total_entries\":%" PRIu64 ",\"without_timestamp\":%" PRIu64
		   ",\"errors\":%" PRIu64 ",\"level_distribution\":{", s->total, s->no_ts, s->errors);
	for (int l = LV_DEBUG; l <= LV_CRITICAL; l++)
		buf_printf(b, "%s\"%s\":%" PRIu64, l ? "," : "", level_name(l), s->levels[l]);
	if (s->level_other)
		buf_printf(b, ",\"other\":%" PRIu64, s->level_other);
	buf_addc(b, '}');
	if (o->sections & ST_SOURCES) {
		buf_adds(b, ",\"top_sources\":[");
		struct topk_item **it;
		size_t n = top_of(&s->sources, o->top, &it);
		for (size_t i = 0; i < n; i++) {
			size_t kl;
			const char *k = topk_key(it[i], &kl);
			buf_adds(b, i ? ",{\"source\":" : "{\"source\":");
			jsonw_str(b, k, kl);
			buf_printf(b, ",\"count\":%" PRIu64 ",\"errors\":%" PRIu64 "}", it[i]->count,
				   it[i]->err);
		}
		buf_addc(b, ']');
		free(it);
	}
	buf_addc(b, '}');
}

static void j_errors(struct buf *b, struct stats *s, const struct report_opts *o)
{
	buf_printf(b, "\"errors\":{\"total\":%" PRIu64 ",\"error_by_source\":{", s->errors);
	/* {source: {LEVEL: n}}: gather the keys of one source together. */
	struct topk_item **it;
	size_t n = top_of(&s->err_by, 0, &it);
	bool *done = xcalloc(n ? n : 1, sizeof *done);
	size_t shown = 0;
	for (size_t i = 0; i < n && shown < o->top; i++) {
		if (done[i])
			continue;
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		struct span p[2] = { { k, kl }, { "", 0 } };
		split_key(k, kl, p, 2);
		if (shown++)
			buf_addc(b, ',');
		jsonw_str(b, p[0].p, p[0].len);
		buf_adds(b, ":{");
		int nl = 0;
		for (size_t j = i; j < n; j++) {
			size_t jl;
			const char *jk = topk_key(it[j], &jl);
			struct span q[2] = { { jk, jl }, { "", 0 } };
			split_key(jk, jl, q, 2);
			if (q[0].len != p[0].len || memcmp(q[0].p, p[0].p, p[0].len))
				continue;
			done[j] = true;
			if (nl++)
				buf_addc(b, ',');
			jsonw_str(b, q[1].p, q[1].len);
			buf_printf(b, ":%" PRIu64, it[j]->count);
		}
		buf_addc(b, '}');
	}
	buf_adds(b, "},\"top_errors\":[");
	free(done);
	free(it);
	n = top_of(&s->top_errors, o->top, &it);
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		buf_adds(b, i ? ",{\"message\":" : "{\"message\":");
		jsonw_str(b, k, kl);
		buf_printf(b, ",\"count\":%" PRIu64 ",\"first_seen\":", it[i]->count);
		j_time(b, it[i]->first);
		buf_adds(b, ",\"last_seen\":");
		j_time(b, it[i]->last);
		buf_addc(b, '}');
	}
	free(it);
	buf_adds(b, "],\"error_patterns\":[");
	n = top_of(&s->patterns, o->top, &it);
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		buf_adds(b, i ? ",{\"pattern\":" : "{\"pattern\":");
		jsonw_str(b, k, kl);
		buf_printf(b, ",\"count\":%" PRIu64 ",\"share\":", it[i]->count);
		j_num(b, share(it[i]->count, s->errors));
		buf_adds(b, ",\"first_seen\":");
		j_time(b, it[i]->first);
		buf_adds(b, ",\"last_seen\":");
		j_time(b, it[i]->last);
		buf_adds(b, ",\"example\":");
		if (it[i]->example)
			jsonw_str(b, it[i]->example, strlen(it[i]->example));
		else
			buf_adds(b, "null");
		buf_addc(b, '}');
	}
	free(it);
	buf_adds(b, "]}");
}

static void j_paths(struct buf *b, const struct topk *t, size_t top, bool with5xx)
{
	struct topk_item **it;
	size_t n = top_of(t, top, &it);
	buf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		buf_adds(b, i ? ",{\"path\":" : "{\"path\":");
		jsonw_str(b, k, kl);
		if (with5xx)
			buf_printf(b, ",\"count\":%" PRIu64 ",\"errors_5xx\":%" PRIu64 "}", it[i]->count,
				   it[i]->err);
		else
			buf_printf(b, ",\"count\":%" PRIu64 "}", it[i]->count);
	}
	buf_addc(b, ']');
	free(it);
}

static void j_http(struct buf *b, struct stats *s, const struct report_opts *o)
{
	const struct qsketch *q = &s->rt;
	buf_printf(b, "\"performance\":{\"requests\":%" PRIu64 ",\"response_times\":{\"count\":%" PRIu64,
		   s->http, q->count);
	static const char *const names[] = { "min", "avg", "max", "p50", "p90", "p95", "p99" };
	double vals[7] = { q->min, q->count ? q->sum / (double)q->count : 0, q->max,
			   qsk_quantile(q, 0.5), qsk_quantile(q, 0.9), qsk_quantile(q, 0.95),
			   qsk_quantile(q, 0.99) };
	for (int i = 0; i < 7; i++) {
		buf_printf(b, ",\"%s\":", names[i]);
		if (q->count)
			j_num(b, vals[i]);
		else
			buf_adds(b, "null");
	}
	buf_printf(b, ",\"relative_error\":%g}", QSK_ALPHA);
	buf_adds(b, ",\"status_distribution\":{");
	int n = 0;
	for (int c = 0; c < STATS_STATUS_MAX; c++)
		if (s->status[c])
			buf_printf(b, "%s\"%d\":%" PRIu64, n++ ? "," : "", c, s->status[c]);
	if (s->status_other)
		buf_printf(b, "%s\"other\":%" PRIu64, n++ ? "," : "", s->status_other);
	buf_adds(b, "},\"status_classes\":{");
	for (int c = 1; c <= 5; c++) {
		uint64_t k = 0;
		for (int x = c * 100; x < c * 100 + 100; x++)
			k += s->status[x];
		buf_printf(b, "%s\"%dxx\":%" PRIu64, c > 1 ? "," : "", c, k);
	}
	buf_adds(b, "},\"top_paths\":");
	j_paths(b, &s->paths, o->top, true);
	buf_adds(b, ",\"top_paths_5xx\":");
	j_paths(b, &s->paths_5xx, o->top, false);
	buf_addc(b, '}');
}

static void j_ips(struct buf *b, struct stats *s, const struct report_opts *o)
{
	buf_adds(b, "\"top_ips\":[");
	struct topk_item **it;
	size_t n = top_of(&s->ips, o->top, &it);
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		buf_adds(b, i ? ",{\"ip\":" : "{\"ip\":");
		jsonw_str(b, k, kl);
		buf_printf(b, ",\"count\":%" PRIu64 ",\"errors\":%" PRIu64 ",\"error_rate\":", it[i]->count,
			   it[i]->err);
		j_num(b, share(it[i]->err, it[i]->count));
		buf_printf(b, ",\"bytes\":%" PRIu64 "}", it[i]->bytes);
	}
	buf_addc(b, ']');
	free(it);
}

static void j_timeline(struct buf *b, struct stats *s)
{
	buf_printf(b, "\"timeline\":{\"bucket_seconds\":%" PRId64 ",\"buckets\":[", s->opt.bucket);
	struct topk_item **it;
	uint64_t max;
	size_t n = timeline_items(s, &it, &max);
	for (size_t i = 0; i < n; i++) {
		buf_adds(b, i ? ",{\"start\":\"" : "{\"start\":\"");
		fmt_time_s(b, stats_bucket_start(topk_key(it[i], NULL)));
		buf_printf(b, "\",\"count\":%" PRIu64 ",\"errors\":%" PRIu64 "}", it[i]->count, it[i]->err);
	}
	buf_adds(b, "]}");
	free(it);
}

static void j_by(struct buf *b, struct stats *s, const struct report_opts *o)
{
	buf_adds(b, "\"by\":[");
	for (int i = 0; i < s->nby; i++) {
		struct stats_by *by = &s->by[i];
		buf_adds(b, i ? ",{\"fields\":[" : "{\"fields\":[");
		for (int f = 0; f < by->nfields; f++) {
			if (f)
				buf_addc(b, ',');
			jsonw_str(b, by->fields[f], strlen(by->fields[f]));
		}
		buf_printf(b, "],\"distinct\":%zu,\"exact\":%s,\"error_bound\":%" PRIu64 ",\"top\":[",
			   topk_size(&by->t), topk_exact(&by->t) ? "true" : "false", by->t.base);
		struct topk_item **it;
		size_t n = top_of(&by->t, o->top, &it);
		for (size_t r = 0; r < n; r++) {
			size_t kl;
			const char *k = topk_key(it[r], &kl);
			struct span p[STATS_MAX_BY_FIELDS];
			int np = split_key(k, kl, p, by->nfields);
			buf_adds(b, r ? ",{\"values\":[" : "{\"values\":[");
			for (int f = 0; f < by->nfields; f++) {
				if (f)
					buf_addc(b, ',');
				if (f >= np || missing(p[f]))
					buf_adds(b, "null");
				else
					jsonw_str(b, p[f].p, p[f].len);
			}
			buf_printf(b, "],\"count\":%" PRIu64 ",\"errors\":%" PRIu64 "}", it[r]->count,
				   it[r]->err);
		}
		buf_adds(b, "]}");
		free(it);
	}
	buf_addc(b, ']');
}


static void j_named_counts(struct buf *b, const struct topk *t, size_t top, const char *name,
			   const char *errname)
{
	struct topk_item **it;
	size_t n = top_of(t, top, &it);
	buf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		buf_printf(b, "%s{\"%s\":", i ? "," : "", name);
		jsonw_str(b, k, kl);
		buf_printf(b, ",\"count\":%" PRIu64, it[i]->count);
		if (errname)
			buf_printf(b, ",\"%s\":%" PRIu64, errname, it[i]->err);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
	free(it);
}

static void j_security(struct buf *b, struct stats *s, const struct report_opts *o)
{
	const struct stats_sec *x = &s->sec;
	buf_printf(b, "\"security\":{\"findings\":%" PRIu64 ",\"finding_records\":%" PRIu64
		   ",\"annotated_records\":%" PRIu64 ",\"updates\":%" PRIu64
		   ",\"by_program\":{\"lthreat\":%" PRIu64 ",\"lbrute\":%" PRIu64
		   ",\"lanomaly\":%" PRIu64 "},\"first_seen\":",
		   x->threats, x->finding_recs, x->annotated, x->updates, x->threat_recs, x->brute,
		   x->anomalies);
	j_time(b, x->first);
	buf_adds(b, ",\"last_seen\":");
	j_time(b, x->last);
	buf_adds(b, ",\"by_severity\":{");
	for (int i = 0; i < SEC_NSEV; i++) {
		int sv = sev_order[i];
		if (sv == SEC_OTHER && !x->sev[sv])
			continue;
		buf_printf(b, "%s\"%s\":%" PRIu64, i ? "," : "", stats_sev_name(sv), x->sev[sv]);
	}
	buf_adds(b, "},\"by_type\":[");
	struct topk_item **it;
	size_t n = top_of(&x->types, o->top, &it);
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		struct span type, sev;
		split_type(k, kl, &type, &sev);
		buf_adds(b, i ? ",{\"type\":" : "{\"type\":");
		jsonw_str(b, type.p, type.len);
		buf_adds(b, ",\"severity\":");
		jsonw_str(b, sev.p, sev.len);
		buf_printf(b, ",\"count\":%" PRIu64 ",\"first_seen\":", it[i]->count);
		j_time(b, it[i]->first);
		buf_adds(b, ",\"last_seen\":");
		j_time(b, it[i]->last);
		buf_addc(b, '}');
	}
	free(it);
	buf_adds(b, "],\"top_ips\":[");
	struct ip_types ipt;
	ip_types_init(&ipt, &x->ip_types);
	n = top_of(&x->ips, o->top, &it);
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		buf_adds(b, i ? ",{\"ip\":" : "{\"ip\":");
		jsonw_str(b, k, kl);
		buf_printf(b, ",\"count\":%" PRIu64 ",\"types\":[", it[i]->count);
		struct topk_item **ty;
		size_t nt = ip_types_of(&ipt, k, kl, &ty);
		for (size_t j = 0; j < nt; j++) {
			size_t tl;
			const char *tk = topk_key(ty[j], &tl);
			buf_adds(b, j ? ",{\"type\":" : "{\"type\":");
			jsonw_str(b, tk + kl + 1, tl - kl - 1);
			buf_printf(b, ",\"count\":%" PRIu64 "}", ty[j]->count);
		}
		buf_adds(b, "]}");
		free(ty);
	}
	free(it);
	ip_types_free(&ipt);
	buf_adds(b, "],\"top_paths\":");
	j_named_counts(b, &x->paths, o->top, "path", NULL);
	buf_printf(b, ",\"brute_force\":{\"findings\":%" PRIu64 ",\"sources\":", x->brute);
	j_named_counts(b, &x->brute_ips, o->top, "ip", "success_after_failures");
	buf_adds(b, ",\"users\":");
	j_named_counts(b, &x->brute_users, o->top, "user", "success_after_failures");
	buf_printf(b, "},\"anomalies\":{\"findings\":%" PRIu64 ",\"by_kind\":[", x->anomalies);
	n = top_of(&x->anomaly, o->top, &it);
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		buf_adds(b, i ? ",{\"kind\":" : "{\"kind\":");
		jsonw_str(b, k, kl);
		buf_printf(b, ",\"count\":%" PRIu64 ",\"first_seen\":", it[i]->count);
		j_time(b, it[i]->first);
		buf_adds(b, ",\"last_seen\":");
		j_time(b, it[i]->last);
		buf_addc(b, '}');
	}
	free(it);
	buf_adds(b, "]}}");
}

static void json(struct buf *b, struct stats *s, const struct report_opts *o)
{
	unsigned sec = o->sections;
	bool first = true;
	buf_addc(b, '{');
	if (sec & ST_SUMMARY) {
		j_key(b, &first, "period");
		if (s->has_period) {
			buf_adds(b, "{\"start\":");
			jsonw_str(b, s->first_s.p, s->first_s.len);
			buf_adds(b, ",\"end\":");
			jsonw_str(b, s->last_s.p, s->last_s.len);
			buf_addc(b, '}');
		} else {
			buf_adds(b, "{\"start\":null,\"end\":null}");
		}
	}
	if (sec & (ST_SUMMARY | ST_SOURCES)) {
		buf_adds(b, first ? "" : ",");
		first = false;
		j_summary(b, s, o);
	}
	if (sec & ST_ERRORS) {
		buf_adds(b, first ? "" : ",");
		first = false;
		j_errors(b, s, o);
	}
	if (sec & ST_HTTP) {
		buf_adds(b, first ? "" : ",");
		first = false;
		j_http(b, s, o);
	}
	if (sec & ST_IPS) {
		buf_adds(b, first ? "" : ",");
		first = false;
		j_ips(b, s, o);
	}
	if (sec & ST_TIMELINE) {
		buf_adds(b, first ? "" : ",");
		first = false;
		j_timeline(b, s);
	}
	if ((sec & ST_BY) && s->nby) {
		buf_adds(b, first ? "" : ",");
		first = false;
		j_by(b, s, o);
	}
	if (sec_present(s, o)) {
		buf_adds(b, first ? "" : ",");
		first = false;
		j_security(b, s, o);
	}
	j_key(b, &first, "sketch");
	buf_printf(b, "{\"max_keys\":%zu,\"tables\":{", s->opt.max_keys);
	bool tf = true;
	j_table_info(b, "sources", &s->sources, &tf);
	j_table_info(b, "error_by_source", &s->err_by, &tf);
	j_table_info(b, "top_errors", &s->top_errors, &tf);
	j_table_info(b, "error_patterns", &s->patterns, &tf);
	j_table_info(b, "top_paths", &s->paths, &tf);
	j_table_info(b, "top_paths_5xx", &s->paths_5xx, &tf);
	j_table_info(b, "top_ips", &s->ips, &tf);
	j_table_info(b, "timeline", &s->timeline, &tf);
	if (sec_present(s, o)) {
		j_table_info(b, "security_types", &s->sec.types, &tf);
		j_table_info(b, "security_ips", &s->sec.ips, &tf);
		j_table_info(b, "security_ip_types", &s->sec.ip_types, &tf);
		j_table_info(b, "security_paths", &s->sec.paths, &tf);
		j_table_info(b, "brute_sources", &s->sec.brute_ips, &tf);
		j_table_info(b, "brute_users", &s->sec.brute_users, &tf);
		j_table_info(b, "anomalies", &s->sec.anomaly, &tf);
	}
	buf_adds(b, "}}}\n");
}

/* ---- TSV ---- */

static void v_str(struct buf *b, const char *s, size_t n)
{
	buf_addc(b, '\t');
	report_escape(b, s, n, 0, true);
}

static void v_u64(struct buf *b, uint64_t v)
{
	buf_printf(b, "\t%" PRIu64, v);
}

enum { V_ERR = 1, V_TIMES = 2, V_BYTES = 4 };

static void v_table(struct buf *b, const char *section, const struct topk *t, size_t top,
		    const char *cols, int nfields, unsigned extra)
{
	buf_printf(b, "#%s\t%s\n", section, cols);
	struct topk_item **it;
	size_t n = top_of(t, top, &it);
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		buf_adds(b, section);
		if (nfields > 0) {
			struct span p[STATS_MAX_BY_FIELDS];
			int np = split_key(k, kl, p, nfields);
			for (int f = 0; f < nfields; f++) {
				if (f >= np || missing(p[f]))
					buf_adds(b, "\t");
				else
					v_str(b, p[f].p, p[f].len);
			}
		}
		v_u64(b, it[i]->count);
		if (extra & V_ERR)
			v_u64(b, it[i]->err);
		if (extra & V_TIMES) {
			buf_addc(b, '\t');
			if (it[i]->first != TOPK_NO_TIME)
				fmt_time_ms(b, it[i]->first);
			buf_addc(b, '\t');
			if (it[i]->last != TOPK_NO_TIME)
				fmt_time_ms(b, it[i]->last);
			if (it[i]->example) {
				buf_addc(b, '\t');
				report_escape(b, it[i]->example, strlen(it[i]->example), 0, true);
			}
		}
		if (extra & V_BYTES)
			v_u64(b, it[i]->bytes);
		buf_addc(b, '\n');
	}
	free(it);
}


static void v_security(struct buf *b, struct stats *s, const struct report_opts *o)
{
	const struct stats_sec *x = &s->sec;
	buf_printf(b, "#security\tkey\tvalue\nsecurity\tfindings\t%" PRIu64
		   "\nsecurity\tfinding_records\t%" PRIu64 "\nsecurity\tannotated_records\t%" PRIu64
		   "\nsecurity\tupdates\t%" PRIu64 "\nsecurity\tlthreat\t%" PRIu64
		   "\nsecurity\tlbrute\t%" PRIu64 "\nsecurity\tlanomaly\t%" PRIu64 "\n",
		   x->threats, x->finding_recs, x->annotated, x->updates, x->threat_recs, x->brute,
		   x->anomalies);
	if (x->first != TOPK_NO_TIME) {
		buf_adds(b, "security\tfirst_seen\t");
		fmt_time_ms(b, x->first);
		buf_adds(b, "\nsecurity\tlast_seen\t");
		fmt_time_ms(b, x->last);
		buf_addc(b, '\n');
	}
	buf_adds(b, "#severity\tseverity\tcount\n");
	for (int i = 0; i < SEC_NSEV; i++) {
		int sv = sev_order[i];
		if (sv != SEC_OTHER || x->sev[sv])
			buf_printf(b, "severity\t%s\t%" PRIu64 "\n", stats_sev_name(sv), x->sev[sv]);
	}
	buf_adds(b, "#threat_types\ttype\tseverity\tcount\tfirst_seen\tlast_seen\n");
	struct topk_item **it;
	size_t n = top_of(&x->types, o->top, &it);
	for (size_t i = 0; i < n; i++) {
		size_t kl;
		const char *k = topk_key(it[i], &kl);
		struct span type, sev;
		split_type(k, kl, &type, &sev);
		buf_adds(b, "threat_types");
		v_str(b, type.p, type.len);
		v_str(b, sev.p, sev.len);
		v_u64(b, it[i]->count);
		buf_addc(b, '\t');
		if (it[i]->first != TOPK_NO_TIME)
			fmt_time_ms(b, it[i]->first);
		buf_addc(b, '\t');
		if (it[i]->last != TOPK_NO_TIME)
			fmt_time_ms(b, it[i]->last);
		buf_addc(b, '\n');
	}
	free(it);
	v_table(b, "threat_ips", &x->ips, o->top, "ip\tcount", 1, 0);
	v_table(b, "threat_ip_types", &x->ip_types, o->top, "ip\ttype\tcount", 2, 0);
	v_table(b, "threat_paths", &x->paths, o->top, "path\tcount", 1, 0);
	v_table(b, "brute_sources", &x->brute_ips, o->top, "ip\tcount\tsuccess_after_failures", 1,
		V_ERR);
	v_table(b, "brute_users", &x->brute_users, o->top, "user\tcount\tsuccess_after_failures", 1,
		V_ERR);
	v_table(b, "anomalies", &x->anomaly, o->top, "kind\tcount\tfirst_seen\tlast_seen", 1, V_TIMES);
}

static void tsv(struct buf *b, struct stats *s, const struct report_opts *o)
{
	unsigned sec = o->sections;
	if (sec & ST_SUMMARY) {
		buf_adds(b, "#summary\tkey\tvalue\n");
		if (s->has_period) {
			buf_adds(b, "summary\tstart");
			v_str(b, s->first_s.p, s->first_s.len);
			buf_adds(b, "\nsummary\tend");
			v_str(b, s->last_s.p, s->last_s.len);
			buf_addc(b, '\n');
		}
		buf_printf(b, "summary\ttotal\t%" PRIu64 "\nsummary\twithout_timestamp\t%" PRIu64
			   "\nsummary\terrors\t%" PRIu64 "\n", s->total, s->no_ts, s->errors);
		buf_adds(b, "#levels\tlevel\tcount\n");
		for (int l = LV_DEBUG; l <= LV_CRITICAL; l++)
			buf_printf(b, "levels\t%s\t%" PRIu64 "\n", level_name(l), s->levels[l]);
		if (s->level_other)
			buf_printf(b, "levels\tother\t%" PRIu64 "\n", s->level_other);
	}
	if (sec & ST_SOURCES)
		v_table(b, "sources", &s->sources, o->top, "source\tcount\terrors", 1, V_ERR);
	if (sec & ST_ERRORS) {
		v_table(b, "errors_by_source", &s->err_by, o->top, "source\tlevel\tcount", 2, 0);
		v_table(b, "top_errors", &s->top_errors, o->top,
			"message\tcount\tfirst_seen\tlast_seen", 1, V_TIMES);
		v_table(b, "error_patterns", &s->patterns, o->top,
			"pattern\tcount\tfirst_seen\tlast_seen\texample", 1, V_TIMES);
	}
	if (sec & ST_HTTP) {
		buf_adds(b, "#status\tstatus\tcount\n");
		for (int c = 0; c < STATS_STATUS_MAX; c++)
			if (s->status[c])
				buf_printf(b, "status\t%d\t%" PRIu64 "\n", c, s->status[c]);
		const struct qsketch *q = &s->rt;
		buf_adds(b, "#response_time\tcount\tmin\tavg\tmax\tp50\tp90\tp95\tp99\n");
		buf_printf(b, "response_time\t%" PRIu64 "\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\n",
			   q->count, q->min, q->count ? q->sum / (double)q->count : 0, q->max,
			   qsk_quantile(q, 0.5), qsk_quantile(q, 0.9), qsk_quantile(q, 0.95),
			   qsk_quantile(q, 0.99));
		v_table(b, "paths", &s->paths, o->top, "path\tcount\terrors_5xx", 1, V_ERR);
		v_table(b, "paths_5xx", &s->paths_5xx, o->top, "path\tcount", 1, 0);
	}
	if (sec & ST_IPS)
		v_table(b, "ips", &s->ips, o->top, "ip\tcount\terrors\tbytes", 1, V_ERR | V_BYTES);
	if (sec & ST_TIMELINE) {
		buf_adds(b, "#timeline\tstart\tcount\terrors\n");
		struct topk_item **it;
		uint64_t max;
		size_t n = timeline_items(s, &it, &max);
		for (size_t i = 0; i < n; i++) {
			buf_adds(b, "timeline\t");
			fmt_time_s(b, stats_bucket_start(topk_key(it[i], NULL)));
			buf_printf(b, "\t%" PRIu64 "\t%" PRIu64 "\n", it[i]->count, it[i]->err);
		}
		free(it);
	}
	if (sec & ST_BY) {
		for (int i = 0; i < s->nby; i++) {
			struct buf name = BUF_INIT, cols = BUF_INIT;
			buf_adds(&name, "by:");
			by_title(&name, &s->by[i]);
			for (int f = 0; f < s->by[i].nfields; f++)
				buf_printf(&cols, "%s\t", s->by[i].fields[f]);
			buf_adds(&cols, "count\terrors");
			v_table(b, name.p, &s->by[i].t, o->top, cols.p, s->by[i].nfields, V_ERR);
			buf_free(&name);
			buf_free(&cols);
		}
	}
	if (sec_present(s, o))
		v_security(b, s, o);
}

void report_write(struct buf *b, struct stats *s, const struct report_opts *o)
{
	stats_finish(s);
	switch (o->format) {
	case REPORT_JSON:
		json(b, s, o);
		break;
	case REPORT_TSV:
		tsv(b, s, o);
		break;
	default:
		text(b, s, o);
		break;
	}
}
