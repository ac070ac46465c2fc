/*
 * rec: writing records.  Called once per input line, so the fixed parts
 * are written with as few calls as possible: each key goes in with one
 * reservation and copy, the level as one pre-built literal, and strings
 * through jsonw_str, which reserves its own room.
 */
#include "rec.h"

#include "jsonw.h"
#include "ltime.h"

/*
 * Append ,"K": where K is one of the program's own ASCII names (no
 * escaping).  Keys are short: they are copied byte by byte into room
 * reserved once, which beats a strlen and a memcpy call per key.
 */
static inline void key(struct buf *b, const char *k)
{
	if (b->cap - b->len <= 64)
		buf_grow(b, 64);
	char *o = b->p + b->len, *stop = b->p + b->cap - 3;
	*o++ = ',';
	*o++ = '"';
	while (*k) {
		if (o == stop) {   /* a long key */
			b->len = (size_t)(o - b->p);
			buf_grow(b, strlen(k) + 3);
			o = b->p + b->len;
			stop = b->p + b->cap - 3;
		}
		*o++ = *k++;
	}
	*o++ = '"';
	*o++ = ':';
	*o = '\0';
	b->len = (size_t)(o - b->p);
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

#define LIT(s) { s, sizeof(s) - 1 }
/* "level":"NAME" for LV_DEBUG .. LV_CRITICAL (the names of level_name). */
static const struct {
	const char *s;
	size_t n;
} level_lit[] = {
	LIT("\"level\":\"DEBUG\""), LIT("\"level\":\"INFO\""), LIT("\"level\":\"WARNING\""),
	LIT("\"level\":\"ERROR\""), LIT("\"level\":\"CRITICAL\""),
};

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
	if (lv < LV_DEBUG || lv > LV_CRITICAL)
		lv = LV_INFO;
	buf_add(b, level_lit[lv].s, level_lit[lv].n);
	rec_str(b, "source", source.p, source.len);
	key(b, "format");
	const char *fmt = e->format ? e->format : "raw";
	if (b->cap - b->len <= 32)
		buf_grow(b, 32);
	b->p[b->len++] = '"';
	for (; *fmt; fmt++) {    /* format names are short ASCII literals */
		if (b->cap - b->len <= 2)
			buf_grow(b, 32);
		b->p[b->len++] = *fmt;
	}
	b->p[b->len++] = '"';
	b->p[b->len] = '\0';
	if (e->has_message)
		rec_str(b, "message", e->message.p, e->message.len);
	for (int i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if (f->type != FIELD_STR) {
			key(b, f->key);
			buf_add(b, f->val.p, f->val.len);
		} else {
			rec_str(b, f->key, f->val.p, f->val.len);
		}
	}
}
