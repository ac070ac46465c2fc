#include "rec.h"

#include "jsonw.h"
#include "ltime.h"

static inline void key(struct buf *b, const char *k)
{
	/* Keys are the program's own ASCII names: no escaping needed. */
	buf_add(b, ",\"", 2);
	buf_adds(b, k);
	buf_add(b, "\":", 2);
}

void rec_str(struct buf *b, const char *k, const char *s, size_t n)
{
	key(b, k);
	jsonw_str(b, s, n);
}

void rec_int(struct buf *b, const char *k, long long v)
{
	key(b, k);
	buf_add_int(b, v);
}

void rec_open(struct buf *b, struct entry *e, struct span source, struct lzone *zone)
{
	buf_addc(b, '{');
	if (e->has_ts && ltime_resolve(&e->ts, zone)) {
		buf_add(b, "\"timestamp\":\"", 13);
		ltime_format(b, &e->ts);
		buf_add(b, "\",", 2);
	}
	int lv = e->level;
	if (lv == LV_NONE && e->has_message)
		lv = level_from_message(e->message.p, e->message.len);
	if (lv == LV_NONE)
		lv = LV_INFO;
	buf_add(b, "\"level\":\"", 9);
	buf_adds(b, level_name(lv));
	buf_addc(b, '"');
	rec_str(b, "source", source.p, source.len);
	key(b, "format");
	buf_addc(b, '"');
	buf_adds(b, e->format ? e->format : "raw");
	buf_addc(b, '"');
	if (e->has_message)
		rec_str(b, "message", e->message.p, e->message.len);
	for (int i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if (f->type == FIELD_NUM) {
			key(b, f->key);
			buf_add(b, f->val.p, f->val.len);
		} else {
			rec_str(b, f->key, f->val.p, f->val.len);
		}
	}
}
