#include "ingest.h"

#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "rec.h"
#include "xalloc.h"

/* The most text joined into one record (a traceback); 4 MiB holds any
 * real one, and keeps a hostile file from making one record of it all. */
#define JOIN_MAX ((size_t)4 << 20)

struct ingest *ingest_new(const struct ingest_opts *opt)
{
	struct ingest *ing = xcalloc(1, sizeof *ing);
	ing->opt = *opt;
	ing->source = xstrdup(opt->source);
	ing->opt.source = ing->source;
	ing->det.forced = opt->forced;
	lzone_init(&ing->zone, opt->tz_fixed, opt->tz_off, opt->ref_time, opt->year);
	return ing;
}

void ingest_free(struct ingest *ing)
{
	if (!ing)
		return;
	buf_free(&ing->pend_head);
	buf_free(&ing->pend_join);
	buf_free(&ing->pend_raw);
	free(ing->source);
	free(ing);
}

static void count_format(struct ingest *ing, const char *name)
{
	for (int i = 0; i < ing->nformats; i++)
		if (ing->formats[i].format == name || strcmp(ing->formats[i].format, name) == 0) {
			ing->formats[i].n++;
			return;
		}
	if (ing->nformats < (int)(sizeof ing->formats / sizeof *ing->formats))
		ing->formats[ing->nformats++] = (struct ingest_count){ name, 1 };
}

/* With --templates: the message's template and its cluster id. */
static void add_template(struct ingest *ing, struct buf *out)
{
	if (!ing->opt.templates || !ing->entry.has_message)
		return;
	struct tpl_match m;
	char id[17];
	tpl_add(ing->opt.templates, ing->entry.message.p, ing->entry.message.len, &m);
	tpl_id_hex(m.id, id);
	rec_str(out, "template", m.text, m.len);
	rec_str(out, "template_id", id, 16);
}

static void tail(struct ingest *ing, struct buf *out, uint64_t lineno, const char *raw, size_t rawlen)
{
	if (ing->opt.line_numbers)
		rec_int(out, "line", (long long)lineno);
	if (ing->opt.raw)
		rec_str(out, "raw", raw, rawlen);
	rec_close(out);
}

void ingest_flush(struct ingest *ing, struct buf *out)
{
	if (!ing->pend_fmt)
		return;
	buf_add(out, ing->pend_head.p, ing->pend_head.len);
	if (ing->pend_join.len) {
		/* Joined text without the blank lines that trail it. */
		size_t n = ing->pend_join.len;
		while (n && (ing->pend_join.p[n - 1] == '\n' || ing->pend_join.p[n - 1] == '\r'))
			n--;
		rec_str(out, ing->pend_fmt->join_key, ing->pend_join.p, n);
	}
	tail(ing, out, ing->pend_line, ing->pend_raw.p, ing->pend_raw.len);
	ing->pend_fmt = NULL;
	buf_reset(&ing->pend_head);
	buf_reset(&ing->pend_join);
	buf_reset(&ing->pend_raw);
}

void ingest_skip(struct ingest *ing)
{
	ing->lines++;
	ing->skipped++;
}

void ingest_line(struct ingest *ing, struct span line, uint64_t lineno, struct buf *out)
{
	ing->lines++;
	ing->bytes += line.len + 1;
	if (ing->pend_fmt) {
		/* A record stops growing at JOIN_MAX bytes; what follows stands alone. */
		if (ing->pend_join.len + line.len <= JOIN_MAX &&
		    ing->pend_fmt->join(line, &ing->pend_state)) {
			ing->joined++;
			struct span l = span_chomp(line);
			if (ing->pend_join.len)
				buf_addc(&ing->pend_join, '\n');
			buf_add(&ing->pend_join, l.p, l.len);
			if (ing->opt.raw) {
				buf_addc(&ing->pend_raw, '\n');
				buf_add(&ing->pend_raw, line.p, line.len);
			}
			return;
		}
		ingest_flush(ing, out);
	}
	const struct format *f = format_parse(&ing->det, line, &ing->entry);
	ing->records++;
	count_format(ing, ing->entry.format);
	struct span source = span_str(ing->source);
	if (f->join) {
		ing->pend_fmt = f;
		ing->pend_state = 0;
		ing->pend_line = lineno;
		rec_open(&ing->pend_head, &ing->entry, source, &ing->zone);
		add_template(ing, &ing->pend_head);
		if (ing->opt.raw)
			buf_add(&ing->pend_raw, line.p, line.len);
		return;
	}
	rec_open(out, &ing->entry, source, &ing->zone);
	add_template(ing, out);
	tail(ing, out, lineno, line.p, line.len);
}
