/*
 * rules: the rule-file loader and the guarded PCRE2 matcher (see rules.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <errno.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

#define JIT_STACK_MIN (32 * 1024)
#define JIT_STACK_MAX (512 * 1024)
#define HEAP_LIMIT_KIB 16384u

struct ruleset {
	struct rule **v;
	pcre2_general_context *gctx;  /* routes PCRE2's allocations through xmalloc */
	pcre2_compile_context *cctx;
	size_t n, cap;
	pcre2_match_data *md;
	uint32_t md_pairs;            /* ovector pairs md was made with */
	pcre2_match_context *mctx;
	pcre2_jit_stack *jstack;
	uint64_t limit_hits;
};

/* PCRE2's allocator: out of memory ends the program in xmalloc, as everywhere. */
static void *pcre_alloc(PCRE2_SIZE n, void *data)
{
	(void)data;
	return xmalloc(n);
}

static void pcre_free(void *p, void *data)
{
	(void)data;
	free(p);
}

struct ruleset *rules_new(void)
{
	struct ruleset *rs = xcalloc(1, sizeof *rs);
	rs->gctx = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
	if (!rs->gctx)
		abort();   /* unreachable: the allocator never returns NULL */
	rs->cctx = pcre2_compile_context_create(rs->gctx);
	rs->mctx = pcre2_match_context_create(rs->gctx);
	pcre2_set_match_limit(rs->mctx, RULES_MATCH_LIMIT);
	pcre2_set_depth_limit(rs->mctx, RULES_DEPTH_LIMIT);
	pcre2_set_heap_limit(rs->mctx, HEAP_LIMIT_KIB);
	rs->jstack = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, rs->gctx);
	if (rs->jstack)
		pcre2_jit_stack_assign(rs->mctx, NULL, rs->jstack);
	return rs;
}

static void rule_free(struct rule *r)
{
	pcre2_code_free(r->re);
	free((char *)r->id);
	free((char *)r->type);
	free((char *)r->fields);
	free((char *)r->pattern);
	free((char *)r->desc);
	free((char *)r->origin);
	free(r);
}

void rules_free(struct ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		rule_free(rs->v[i]);
	free(rs->v);
	pcre2_match_data_free(rs->md);
	pcre2_match_context_free(rs->mctx);
	pcre2_jit_stack_free(rs->jstack);
	pcre2_compile_context_free(rs->cctx);
	pcre2_general_context_free(rs->gctx);
	free(rs);
}

size_t rules_count(const struct ruleset *rs) { return rs->n; }

const struct rule *rules_at(const struct ruleset *rs, size_t i)
{
	return i < rs->n ? rs->v[i] : NULL;
}

const struct rule *rules_find(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i]->id, id) == 0)
			return rs->v[i];
	return NULL;
}

uint64_t rules_limit_hits(const struct ruleset *rs) { return rs->limit_hits; }

void rules_set_limits(struct ruleset *rs, uint32_t match_limit, uint32_t depth_limit)
{
	if (match_limit)
		pcre2_set_match_limit(rs->mctx, match_limit);
	if (depth_limit)
		pcre2_set_depth_limit(rs->mctx, depth_limit);
}

static const char *const sev_names[] = { "low", "medium", "high", "critical" };

const char *rules_sev_name(enum rsev s)
{
	return (unsigned)s < 4 ? sev_names[s] : "unknown";
}

int rules_sev_parse(const char *p, size_t n)
{
	for (int i = 0; i < 4; i++)
		if (strlen(sev_names[i]) == n && memcmp(sev_names[i], p, n) == 0)
			return i;
	return -1;
}

bool rules_has_field(const struct rule *r, const char *name, size_t len)
{
	const char *f = r->fields;
	if (strcmp(f, "*") == 0)
		return true;
	while (*f) {
		const char *c = strchr(f, ',');
		size_t n = c ? (size_t)(c - f) : strlen(f);
		if (n == len && memcmp(f, name, len) == 0)
			return true;
		if (!c)
			break;
		f = c + 1;
	}
	return false;
}

/* ---- loading ---- */

static bool all_in(const char *p, size_t n, const char *extra)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr(extra, c)))
			return false;
		if (c == '\0')
			return false;
	}
	return true;
}

static bool valid_fields(const char *p, size_t n)
{
	if (n == 1 && p[0] == '*')
		return true;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || p[i] == ',') {
			if (!all_in(p + start, i - start, "_."))
				return false;
			start = i + 1;
		}
	}
	return true;
}

static int fail(char *err, size_t errlen, const char *name, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(char *err, size_t errlen, const char *name, size_t line, const char *fmt, ...)
{
	int k = snprintf(err, errlen, "%s:%zu: ", name, line);
	if (k >= 0 && (size_t)k < errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err + k, errlen - (size_t)k, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void ensure_md(struct ruleset *rs, uint32_t pairs)
{
	if (rs->md && rs->md_pairs >= pairs)
		return;
	pcre2_match_data_free(rs->md);
	rs->md = pcre2_match_data_create(pairs, rs->gctx);
	rs->md_pairs = pairs;
}

/* Parse and add one non-comment line; returns 0 or -1 with err set. */
static int add_line(struct ruleset *rs, const char *name, size_t lineno, const char *p,
		    size_t n, char *err, size_t errlen)
{
	struct span f[6];
	size_t nf = 0, start = 0;
	for (size_t i = 0; i <= n && nf < 6; i++) {
		if (nf == 5) {          /* the description takes the rest */
			f[nf++] = span_make(p + start, n - start);
			break;
		}
		if (i == n || p[i] == '\t') {
			f[nf++] = span_make(p + start, i - start);
			start = i + 1;
			if (i == n)
				break;
		}
	}
	if (nf < 5)
		return fail(err, errlen, name, lineno,
			    "expected 6 TAB-separated fields (id, type, severity, fields, "
			    "pattern, description), found %zu", nf);
	if (nf == 5)
		f[5] = span_make(p + n, 0);
	if (!all_in(f[0].p, f[0].len, "_.:-ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
		return fail(err, errlen, name, lineno, "bad rule id '%.*s'",
			    (int)(f[0].len > 60 ? 60 : f[0].len), f[0].p);
	char *id = xstrndup(f[0].p, f[0].len);
	if (rules_find(rs, id)) {
		fail(err, errlen, name, lineno, "duplicate rule id '%s'", id);
		free(id);
		return -1;
	}
	free(id);
	if (!all_in(f[1].p, f[1].len, "_"))
		return fail(err, errlen, name, lineno,
			    "bad type '%.*s' (lower-case letters, digits, '_')",
			    (int)(f[1].len > 60 ? 60 : f[1].len), f[1].p);
	int sev = rules_sev_parse(f[2].p, f[2].len);
	if (sev < 0)
		return fail(err, errlen, name, lineno,
			    "bad severity '%.*s' (low, medium, high, critical)",
			    (int)(f[2].len > 60 ? 60 : f[2].len), f[2].p);
	if (!valid_fields(f[3].p, f[3].len))
		return fail(err, errlen, name, lineno, "bad fields list '%.*s'",
			    (int)(f[3].len > 60 ? 60 : f[3].len), f[3].p);
	if (f[4].len == 0)
		return fail(err, errlen, name, lineno, "empty pattern");

	int ec;
	PCRE2_SIZE eoff;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)f[4].p, f[4].len, 0, &ec, &eoff, rs->cctx);
	if (!re) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof msg);
		return fail(err, errlen, name, lineno, "pattern error at offset %zu: %s",
			    (size_t)eoff, (const char *)msg);
	}
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);  /* interpreter if no JIT */

	struct rule *r = xcalloc(1, sizeof *r);
	r->id = xstrndup(f[0].p, f[0].len);
	r->type = xstrndup(f[1].p, f[1].len);
	r->severity = (enum rsev)sev;
	r->fields = xstrndup(f[3].p, f[3].len);
	r->pattern = xstrndup(f[4].p, f[4].len);
	r->desc = xstrndup(f[5].p, f[5].len);
	struct buf o = BUF_INIT;
	buf_printf(&o, "%s:%zu", name, lineno);
	r->origin = o.p;
	r->re = re;
	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &r->ncaptures);
	ensure_md(rs, r->ncaptures + 1);

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 32;
		rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
	}
	rs->v[rs->n++] = r;
	return 0;
}

int rules_load_text(struct ruleset *rs, const char *name, const char *text, size_t len,
		    char *err, size_t errlen)
{
	size_t lineno = 0, pos = 0;
	int added = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *p = text + pos;
		size_t n = end - pos;
		pos = end + 1;
		lineno++;
		if (n && p[n - 1] == '\r')
			n--;
		size_t b = 0;
		while (b < n && (p[b] == ' ' || p[b] == '\t'))
			b++;
		if (b == n || p[b] == '#')
			continue;
		if (add_line(rs, name, lineno, p, n, err, errlen) < 0)
			return -1;
		added++;
	}
	return added;
}

int rules_load_file(struct ruleset *rs, const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct buf b = BUF_INIT;
	char tmp[8192];
	size_t k;
	while ((k = fread(tmp, 1, sizeof tmp, fp)) > 0)
		buf_add(&b, tmp, k);
	int rc;
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
		rc = -1;
	} else {
		rc = rules_load_text(rs, path, b.p ? b.p : "", b.len, err, errlen);
	}
	fclose(fp);
	buf_free(&b);
	return rc;
}

/* ---- matching ---- */

enum rules_result rules_match(struct ruleset *rs, size_t i, const char *s, size_t n,
			      struct span *whole)
{
	const struct rule *r = rs->v[i];
	int rc = pcre2_match(r->re, (PCRE2_SPTR)(s ? s : ""), n, 0, 0, rs->md, rs->mctx);
	if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
		return RULES_NOMATCH;
	if (rc < 0) {
		rs->limit_hits++;
		return RULES_LIMIT;
	}
	if (whole) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rs->md);
		if (ov[0] <= ov[1] && ov[1] <= n)
			*whole = span_make(s + ov[0], ov[1] - ov[0]);
		else    /* \K tricks can give start > end: report the empty match */
			*whole = span_make(s + (ov[1] <= n ? ov[1] : n), 0);
	}
	return RULES_MATCH;
}

bool rules_group(const struct ruleset *rs, size_t i, const char *s, const char *name,
		 struct span *out)
{
	const struct rule *r = rs->v[i];
	PCRE2_SPTR first, last;
	int esz = pcre2_substring_nametable_scan(r->re, (PCRE2_SPTR)name, &first, &last);
	if (esz < 0)
		return false;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rs->md);
	uint32_t pairs = pcre2_get_ovector_count(rs->md);
	for (PCRE2_SPTR e = first; e <= last; e += esz) {
		uint32_t num = ((uint32_t)e[0] << 8) | e[1];
		if (num >= pairs || ov[2 * num] == PCRE2_UNSET)
			continue;
		*out = span_make(s + ov[2 * num], ov[2 * num + 1] - ov[2 * num]);
		return true;
	}
	return false;
}
