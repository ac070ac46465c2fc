/*
 * ndjson: the record reader, input.h lines through json_obj_parse.
 * See ndjson.h.
 */
#include "ndjson.h"

#include <stdlib.h>

#include "input.h"
#include "xalloc.h"

struct ndjson {
	struct input *in;
	struct json_obj obj;
	unsigned flags;
	const char *reason;
	struct ndjson_counts n;
};

struct ndjson *ndjson_open(const char *path, char *err, size_t errlen)
{
	struct input *in = input_open(path, err, errlen);
	if (!in)
		return NULL;
	struct ndjson *r = xcalloc(1, sizeof *r);
	r->in = in;
	return r;
}

void ndjson_close(struct ndjson *r)
{
	if (!r)
		return;
	input_close(r->in);
	json_obj_free(&r->obj);
	free(r);
}

void ndjson_set_flags(struct ndjson *r, unsigned flags)
{
	r->flags = flags;
}

void ndjson_set_wait_hook(struct ndjson *r, void (*hook)(void *), void *arg)
{
	input_set_wait_hook(r->in, hook, arg);
}

static bool blank(struct span l)
{
	for (size_t i = 0; i < l.len; i++)
		if (l.p[i] != ' ' && l.p[i] != '\t' && l.p[i] != '\r')
			return false;
	return true;
}

int ndjson_next(struct ndjson *r, const struct json_obj **rec)
{
	struct span line;
	for (;;) {
		int st = input_getline(r->in, &line);
		switch (st) {
		case INPUT_EOF:
			return NDJSON_EOF;
		case INPUT_ERROR:
			return NDJSON_ERROR;
		case INPUT_TOOLONG:
			r->n.lines++;
			r->n.toolong++;
			return NDJSON_TOOLONG;
		default:
			break;
		}
		r->n.lines++;
		/* a record starts with '{': no need to look for a blank line */
		if (line.len && line.p[0] == '{') {
			r->reason = json_obj_parse(&r->obj, line, r->flags);
		} else if (blank(line)) {
			r->n.blank++;
			continue;
		} else {
			r->reason = json_obj_parse(&r->obj, line, r->flags);
		}
		if (r->reason) {
			r->n.bad++;
			return NDJSON_BAD;
		}
		r->n.records++;
		*rec = &r->obj;
		return NDJSON_RECORD;
	}
}

const char *ndjson_reason(const struct ndjson *r)
{
	return r->reason ? r->reason : "";
}

const char *ndjson_error(const struct ndjson *r)
{
	return input_error(r->in);
}

const char *ndjson_name(const struct ndjson *r)
{
	return input_name(r->in);
}

uint64_t ndjson_lineno(const struct ndjson *r)
{
	return input_lineno(r->in);
}

void ndjson_counts(const struct ndjson *r, struct ndjson_counts *c)
{
	*c = r->n;
	c->bytes = input_bytes(r->in);
}

bool ndjson_timestamp(const struct json_obj *rec, struct instant *t)
{
	struct json_val v;
	if (!json_obj_get(rec, "timestamp", 9, &v) || v.type != JSON_STRING)
		return false;
	/* a timestamp never needs escapes; one that has them is not RFC 3339 */
	return tspec_from_rfc3339(v.raw.p + 1, v.raw.len - 2, t);
}
