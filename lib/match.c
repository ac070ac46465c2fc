/*
 * match: lfilter's record tests.  See match.h.
 */
#include "match.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"   /* json_number_valid */
#include "ipaddr.h"
#include "level.h"
#include "xalloc.h"

#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_RE, OP_NRE, OP_HAS, OP_NHAS };

struct where {
	char *field;
	size_t flen;
	enum op op;
	char *lit;
	size_t llen;
	bool lit_num;
	double num;
	pcre2_code *re;     /* ~ and !~, once compiled */
};

/* A -q or -e condition. */
struct text {
	char *s;            /* -q: the text (lowered with -i); -e: the pattern */
	size_t len;
	bool is_re;         /* -e */
	pcre2_code *re;     /* -e, once compiled */
};

struct match {
	struct text *texts;
	size_t ntexts;
	bool *hit;          /* per text, for the current record */
	char **in;
	size_t nin;
	bool in_all;        /* --in '*' */
	bool icase;

	unsigned level_set; /* bit per level; 0 = no level test */
	char **sources;
	size_t nsources;
	struct where *wh;
	size_t nwh;
	struct ipnet *nets;
	size_t nnets;

	pcre2_match_data *md;
	pcre2_match_context *mctx;
	struct buf scratch;
	uint64_t limit_hits;
};

struct match *match_new(void)
{
	return xcalloc(1, sizeof(struct match));
}

void match_free(struct match *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->ntexts; i++) {
		free(m->texts[i].s);
		pcre2_code_free(m->texts[i].re);
	}
	free(m->texts);
	free(m->hit);
	for (size_t i = 0; i < m->nin; i++)
		free(m->in[i]);
	free(m->in);
	for (size_t i = 0; i < m->nsources; i++)
		free(m->sources[i]);
	free(m->sources);
	for (size_t i = 0; i < m->nwh; i++) {
		free(m->wh[i].field);
		free(m->wh[i].lit);
		pcre2_code_free(m->wh[i].re);
	}
	free(m->wh);
	free(m->nets);
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	buf_free(&m->scratch);
	free(m);
}

static void add_text(struct match *m, const char *s, bool regex)
{
	m->texts = xrealloc(m->texts, (m->ntexts + 1) * sizeof *m->texts);
	struct text *t = &m->texts[m->ntexts++];
	t->s = xstrdup(s);
	t->len = strlen(s);
	t->is_re = regex;
	t->re = NULL;
}

void match_add_grep(struct match *m, const char *text)
{
	add_text(m, text, false);
}

void match_add_regex(struct match *m, const char *re)
{
	add_text(m, re, true);
}

void match_add_in(struct match *m, const char *field)
{
	if (strcmp(field, "*") == 0) {
		m->in_all = true;
		return;
	}
	m->in = xrealloc(m->in, (m->nin + 1) * sizeof *m->in);
	m->in[m->nin++] = xstrdup(field);
}

void match_set_icase(struct match *m, bool icase)
{
	m->icase = icase;
}

bool match_add_level(struct match *m, const char *spec, char *err, size_t errlen)
{
	const char *s = spec;
	int cmp = 0;   /* 0 exact, 1 >=, 2 <=, 3 >, 4 < */
	if (s[0] == '>' && s[1] == '=')
		cmp = 1, s += 2;
	else if (s[0] == '<' && s[1] == '=')
		cmp = 2, s += 2;
	else if (s[0] == '>')
		cmp = 3, s += 1;
	else if (s[0] == '<')
		cmp = 4, s += 1;
	else if (s[0] == '=')
		s += 1;
	unsigned set = 0;
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		int lv = level_from_word(s, n);
		if (lv == LV_NONE || (cmp && comma)) {
			snprintf(err, errlen,
				 "level '%s': use a level (DEBUG, INFO, WARNING, ERROR, CRITICAL), a list "
				 "A,B, or >=L, <=L, >L, <L", spec);
			return false;
		}
		for (int l = LV_DEBUG; l <= LV_CRITICAL; l++) {
			bool in = cmp == 0 ? l == lv : cmp == 1 ? l >= lv : cmp == 2 ? l <= lv
				: cmp == 3 ? l > lv : l < lv;
			if (in)
				set |= 1u << l;
		}
		if (!comma)
			break;
		s = comma + 1;
	}
	/* several -l narrow each other (AND) */
	m->level_set = m->level_set ? (m->level_set & set) | 0x80000000u : set | 0x80000000u;
	return true;
}

void match_add_source(struct match *m, const char *name)
{
	m->sources = xrealloc(m->sources, (m->nsources + 1) * sizeof *m->sources);
	m->sources[m->nsources++] = xstrdup(name);
}

/* The whole of S reads as a number (JSON, or with a leading '+' or '.'). */
static bool read_num(const char *s, size_t n, double *d)
{
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789.eE+-", s[i]))
			return false;
	char tmp[72];
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	char *end;
	*d = strtod(tmp, &end);
	return end == tmp + n;
}

bool match_add_where(struct match *m, const char *expr, char *err, size_t errlen)
{
	struct where w = { 0 };
	const char *f = expr;
	if (strncmp(expr, "has:", 4) == 0 || strncmp(expr, "!has:", 5) == 0) {
		w.op = expr[0] == '!' ? OP_NHAS : OP_HAS;
		f = expr + (expr[0] == '!' ? 5 : 4);
		w.flen = strlen(f);
		w.lit = xstrdup("");
	} else {
		size_t k = strcspn(expr, "=!<>~");
		if (!expr[k])
			goto bad;
		w.flen = k;
		const char *o = expr + k;
		size_t ol = 1;
		if (o[0] == '=' && o[1] == '=')
			w.op = OP_EQ, ol = 2;
		else if (o[0] == '=')
			w.op = OP_EQ;
		else if (o[0] == '!' && o[1] == '=')
			w.op = OP_NE, ol = 2;
		else if (o[0] == '!' && o[1] == '~')
			w.op = OP_NRE, ol = 2;
		else if (o[0] == '<' && o[1] == '=')
			w.op = OP_LE, ol = 2;
		else if (o[0] == '>' && o[1] == '=')
			w.op = OP_GE, ol = 2;
		else if (o[0] == '<')
			w.op = OP_LT;
		else if (o[0] == '>')
			w.op = OP_GT;
		else if (o[0] == '~')
			w.op = OP_RE;
		else
			goto bad;
		w.lit = xstrdup(o + ol);
		w.llen = strlen(w.lit);
		w.lit_num = read_num(w.lit, w.llen, &w.num);
	}
	if (w.flen == 0) {
		free(w.lit);
		goto bad;
	}
	w.field = xstrndup(f, w.flen);
	m->wh = xrealloc(m->wh, (m->nwh + 1) * sizeof *m->wh);
	m->wh[m->nwh++] = w;
	return true;
bad:
	snprintf(err, errlen,
		 "--where '%s': use FIELD=V, FIELD!=V, FIELD<V, <=, >, >=, FIELD~RE, FIELD!~RE, "
		 "has:FIELD or !has:FIELD", expr);
	return false;
}

bool match_add_ip(struct match *m, const char *cidr, char *err, size_t errlen)
{
	struct ipnet net;
	if (!ipaddr_parse_net(cidr, strlen(cidr), &net)) {
		snprintf(err, errlen, "--ip '%s': not an address or a network (10.0.0.0/8, 2001:db8::/32)",
			 cidr);
		return false;
	}
	m->nets = xrealloc(m->nets, (m->nnets + 1) * sizeof *m->nets);
	m->nets[m->nnets++] = net;
	return true;
}

static pcre2_code *compile(const char *pat, bool icase, char *err, size_t errlen)
{
	int ec;
	PCRE2_SIZE eo;
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (icase ? PCRE2_CASELESS : 0);
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, opts, &ec, &eo, NULL);
	if (!re) {
		char msg[256];
		pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, sizeof msg);
		snprintf(err, errlen, "regex '%s': %s at offset %zu", pat, msg, (size_t)eo);
		return NULL;
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);   /* the interpreter when JIT is missing */
	return re;
}

bool match_finish(struct match *m, char *err, size_t errlen)
{
	for (size_t i = 0; i < m->ntexts; i++) {
		struct text *t = &m->texts[i];
		if (t->is_re) {
			if (!(t->re = compile(t->s, m->icase, err, errlen)))
				return false;
		} else if (m->icase) {
			for (size_t k = 0; k < t->len; k++)
				if (t->s[k] >= 'A' && t->s[k] <= 'Z')
					t->s[k] = (char)(t->s[k] - 'A' + 'a');
		}
	}
	for (size_t i = 0; i < m->nwh; i++)
		if ((m->wh[i].op == OP_RE || m->wh[i].op == OP_NRE) &&
		    !(m->wh[i].re = compile(m->wh[i].lit, false, err, errlen)))
			return false;
	m->hit = xcalloc(m->ntexts + 1, sizeof *m->hit);
	if (m->nin == 0 && !m->in_all)
		match_add_in(m, "message");
	m->md = pcre2_match_data_create(1, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(m->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, DEPTH_LIMIT);
	return true;
}

bool match_any(const struct match *m)
{
	return m->ntexts || m->level_set || m->nsources || m->nwh || m->nnets;
}

uint64_t match_limit_hits(const struct match *m)
{
	return m->limit_hits;
}

static bool re_match(struct match *m, pcre2_code *re, struct span s)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)(s.p ? s.p : ""), s.len, 0, 0, m->md, m->mctx);
	if (rc >= 0)
		return true;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_JIT_STACKLIMIT)
		m->limit_hits++;
	return false;
}

static inline char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* NEEDLE (already lowered) in HAY, ASCII letters compared without case. */
static bool find_icase(struct span hay, const char *needle, size_t n)
{
	if (n == 0)
		return true;
	if (hay.len < n)
		return false;
	char c0 = needle[0], c1 = c0 >= 'a' && c0 <= 'z' ? (char)(c0 - 'a' + 'A') : c0;
	const char *p = hay.p, *last = hay.p + hay.len - n;
	while (p <= last) {
		/* the next place the first byte occurs, in either case */
		const char *a = memchr(p, c0, (size_t)(last - p) + 1);
		const char *b = c1 != c0 ? memchr(p, c1, (size_t)(a ? a - p : last - p + 1)) : NULL;
		const char *q = b ? b : a;
		if (!q)
			return false;
		size_t k = 1;
		while (k < n && lower(q[k]) == needle[k])
			k++;
		if (k == n)
			return true;
		p = q + 1;
	}
	return false;
}

/* The text of a value for text tests: a string decoded, else the raw JSON. */
static struct span value_text(struct match *m, struct json_val v)
{
	if (v.type == JSON_STRING)
		return json_str(v, &m->scratch);
	return v.raw;
}

/* Run the text conditions not yet satisfied on S; true when all are. */
static bool texts_on(struct match *m, struct span s, size_t *left)
{
	for (size_t i = 0; i < m->ntexts; i++) {
		if (m->hit[i])
			continue;
		struct text *t = &m->texts[i];
		bool h;
		if (t->re)
			h = re_match(m, t->re, s);
		else if (m->icase)
			h = find_icase(s, t->s, t->len);
		else
			h = t->len == 0 || (s.len >= t->len && memmem(s.p, s.len, t->s, t->len));
		if (h) {
			m->hit[i] = true;
			(*left)--;
		}
	}
	return *left == 0;
}

static bool texts_match(struct match *m, const struct json_obj *rec)
{
	size_t left = m->ntexts;
	memset(m->hit, 0, m->ntexts * sizeof *m->hit);
	if (m->in_all) {
		for (size_t i = 0; i < rec->n; i++) {
			struct json_val v = rec->m[i].val;
			if (v.type == JSON_STRING && texts_on(m, json_str(v, &m->scratch), &left))
				return true;
		}
	}
	for (size_t i = 0; i < m->nin; i++) {
		struct json_val v;
		if (json_obj_path(rec, m->in[i], strlen(m->in[i]), &v) &&
		    texts_on(m, value_text(m, v), &left))
			return true;
	}
	return false;
}

static int cmp_bytes(struct span a, const char *b, size_t bn)
{
	size_t n = a.len < bn ? a.len : bn;
	int c = n ? memcmp(a.p, b, n) : 0;
	if (c)
		return c;
	return a.len < bn ? -1 : a.len > bn;
}

static bool where_one(struct match *m, const struct where *w, const struct json_obj *rec)
{
	struct json_val v;
	bool found = json_obj_path(rec, w->field, w->flen, &v);
	if (w->op == OP_HAS)
		return found;
	if (w->op == OP_NHAS)
		return !found;
	if (!found)
		return false;
	if (w->op == OP_RE || w->op == OP_NRE)
		return re_match(m, w->re, value_text(m, v)) == (w->op == OP_RE);
	int c;
	double d;
	if (w->lit_num && v.type == JSON_NUMBER && json_num(v, &d)) {
		c = d < w->num ? -1 : d > w->num;
	} else {
		struct span s = value_text(m, v);
		if (w->lit_num && v.type == JSON_STRING && read_num(s.p, s.len, &d))
			c = d < w->num ? -1 : d > w->num;
		else
			c = cmp_bytes(s, w->lit, w->llen);
	}
	switch (w->op) {
	case OP_EQ: return c == 0;
	case OP_NE: return c != 0;
	case OP_LT: return c < 0;
	case OP_LE: return c <= 0;
	case OP_GT: return c > 0;
	case OP_GE: return c >= 0;
	default: return false;
	}
}

static bool level_match(struct match *m, const struct json_obj *rec)
{
	struct json_val v;
	if (!json_obj_get(rec, "level", 5, &v) || v.type != JSON_STRING)
		return false;
	struct span s = json_str(v, &m->scratch);
	int lv = level_from_word(s.p, s.len);
	return lv != LV_NONE && (m->level_set & (1u << lv));
}

static bool source_match(struct match *m, const struct json_obj *rec)
{
	struct json_val v;
	if (!json_obj_get(rec, "source", 6, &v) || v.type != JSON_STRING)
		return false;
	struct span s = json_str(v, &m->scratch);
	for (size_t i = 0; i < m->nsources; i++)
		if (span_eq(s, m->sources[i]))
			return true;
	return false;
}

static bool ip_match(struct match *m, const struct json_obj *rec)
{
	struct json_val v;
	struct ipaddr a;
	if (!json_obj_get(rec, "ip", 2, &v) || v.type != JSON_STRING)
		return false;
	struct span s = json_str(v, &m->scratch);
	if (!ipaddr_parse(s.p, s.len, &a))
		return false;
	for (size_t i = 0; i < m->nnets; i++)
		if (ipaddr_in_net(&a, &m->nets[i]))
			return true;
	return false;
}

bool match_record(struct match *m, const struct json_obj *rec)
{
	for (size_t i = 0; i < m->nwh; i++)
		if (!where_one(m, &m->wh[i], rec))
			return false;
	if (m->level_set && !level_match(m, rec))
		return false;
	if (m->nsources && !source_match(m, rec))
		return false;
	if (m->nnets && !ip_match(m, rec))
		return false;
	if (m->ntexts && !texts_match(m, rec))
		return false;
	return true;
}
