#include "tmpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "human.h"
#include "xalloc.h"

/* A piece is literal text or a field path. */
struct piece {
	bool field;
	char *s;
	size_t n;
};

struct tmpl {
	struct piece *p;
	size_t n;
};

static void add(struct tmpl *t, bool field, struct buf *b)
{
	t->p = xrealloc(t->p, (t->n + 1) * sizeof *t->p);
	t->p[t->n].field = field;
	t->p[t->n].n = b->len;
	t->p[t->n].s = xstrndup(b->p ? b->p : "", b->len);
	t->n++;
	buf_reset(b);
}

struct tmpl *tmpl_new(const char *text, char *err, size_t errlen)
{
	struct tmpl *t = xcalloc(1, sizeof *t);
	struct buf lit = BUF_INIT;
	for (const char *s = text; *s; s++) {
		if (s[0] == '{' && s[1] == '{') {
			buf_addc(&lit, '{');
			s++;
		} else if (s[0] == '}' && s[1] == '}') {
			buf_addc(&lit, '}');
			s++;
		} else if (*s == '}') {
			snprintf(err, errlen, "'}' at offset %zu closes nothing (write '}}')",
				 (size_t)(s - text));
			goto fail;
		} else if (*s == '{') {
			const char *end = strchr(s + 1, '}');
			if (!end) {
				snprintf(err, errlen, "'{' at offset %zu is not closed", (size_t)(s - text));
				goto fail;
			}
			if (end == s + 1 || memchr(s + 1, '{', (size_t)(end - s - 1))) {
				snprintf(err, errlen, "'{' at offset %zu: no field name", (size_t)(s - text));
				goto fail;
			}
			if (lit.len)
				add(t, false, &lit);
			buf_add(&lit, s + 1, (size_t)(end - s - 1));
			add(t, true, &lit);
			s = end;
		} else {
			buf_addc(&lit, *s);
		}
	}
	if (lit.len)
		add(t, false, &lit);
	buf_free(&lit);
	return t;
fail:
	buf_free(&lit);
	tmpl_free(t);
	return NULL;
}

void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->p[i].s);
	free(t->p);
	free(t);
}

bool tmpl_field(const struct json_obj *rec, const char *path, size_t plen, struct buf *out,
		struct buf *scratch)
{
	struct json_val v;
	if (!json_obj_path(rec, path, plen, &v) || v.type == JSON_NULL)
		return false;
	struct span s = v.type == JSON_STRING ? json_str(v, scratch) : v.raw;
	human_str(out, s.p ? s.p : "", s.len);
	return true;
}

void tmpl_render(const struct tmpl *t, const struct json_obj *rec, struct buf *out,
		 struct buf *scratch)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->p[i].field)
			tmpl_field(rec, t->p[i].s, t->p[i].n, out, scratch);
		else
			buf_add(out, t->p[i].s, t->p[i].n);
	}
}
