#include "merge.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ltime.h"
#include "xalloc.h"

struct msrc {
	struct input *in;
	struct ingest *ing;
	struct buf recs;        /* records written by the ingest, newline-ended */
	size_t head;            /* offset of the first record not yet merged */
	size_t head_len;        /* its length with the newline; 0: none ready */
	int64_t sec;            /* its key */
	uint32_t nsec;
	bool eof;
};

struct merge {
	struct msrc *s;
	int n, cap;
};

struct merge *merge_new(void)
{
	return xcalloc(1, sizeof(struct merge));
}

void merge_free(struct merge *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->n; i++)
		buf_free(&m->s[i].recs);
	free(m->s);
	free(m);
}

int merge_add(struct merge *m, struct input *in, struct ingest *ing)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 8;
		m->s = xrealloc(m->s, (size_t)m->cap * sizeof *m->s);
	}
	struct msrc *s = &m->s[m->n];
	memset(s, 0, sizeof *s);
	s->in = in;
	s->ing = ing;
	s->sec = INT64_MIN;
	return m->n++;
}

bool merge_key(const char *rec, size_t len, int64_t *sec, uint32_t *nsec)
{
	static const char pre[] = "{\"timestamp\":\"";
	size_t pl = sizeof pre - 1;
	if (len <= pl || memcmp(rec, pre, pl) != 0)
		return false;
	struct ltime t;
	if (!ltime_parse_iso(rec + pl, len - pl, &t) || !t.has_off)
		return false;
	*sec = ltime_instant(&t);
	*nsec = t.nsec;
	return true;
}

/* Make the next record of S ready (head_len > 0), or reach its end. */
static void fill(struct msrc *s, merge_diag diag, void *arg, int idx)
{
	if (s->head_len)
		return;
	if (s->head == s->recs.len) {
		buf_reset(&s->recs);
		s->head = 0;
	}
	for (;;) {
		const char *p = s->recs.p ? s->recs.p + s->head : NULL;
		const char *nl = p ? memchr(p, '\n', s->recs.len - s->head) : NULL;
		if (nl) {
			s->head_len = (size_t)(nl - p) + 1;
			int64_t sec;
			uint32_t nsec;
			if (merge_key(p, s->head_len, &sec, &nsec)) {
				s->sec = sec;
				s->nsec = nsec;
			}
			return;
		}
		if (s->eof)
			return;
		struct span line;
		int st = input_getline(s->in, &line);
		if (st == INPUT_LINE) {
			ingest_line(s->ing, line, input_lineno(s->in), &s->recs);
		} else if (st == INPUT_TOOLONG) {
			ingest_skip(s->ing);
			diag(arg, idx, st);
		} else {
			if (st == INPUT_ERROR)
				diag(arg, idx, st);
			ingest_flush(s->ing, &s->recs);
			s->eof = true;
		}
	}
}

void merge_run(struct merge *m, struct out *o, merge_diag diag, void *arg)
{
	for (;;) {
		int best = -1;
		for (int i = 0; i < m->n; i++) {
			struct msrc *s = &m->s[i];
			fill(s, diag, arg, i);
			if (!s->head_len)
				continue;
			if (best < 0 || s->sec < m->s[best].sec ||
			    (s->sec == m->s[best].sec && s->nsec < m->s[best].nsec))
				best = i;
		}
		if (best < 0)
			return;
		struct msrc *s = &m->s[best];
		buf_add(&o->b, s->recs.p + s->head, s->head_len);
		out_commit(o);
		s->head += s->head_len;
		s->head_len = 0;
	}
}
