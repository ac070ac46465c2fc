#include "custom.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmtkit.h"
#include "scan.h"
#include "stamp.h"
#include "xalloc.h"

struct group {
	int num;
	const char *name;       /* owned */
};

struct custom {
	struct format fmt;      /* name and writes owned */
	pcre2_code *re;
	pcre2_match_data *md;
	char *timefmt;          /* owned, or NULL */
	struct group *g;
	int ng;
	int ts, lv, msg;        /* group numbers, 0 when absent */
};

static struct custom slots[CUSTOM_MAX];
static int nslots;

static bool digits(const char *p, size_t n, size_t want, int *v, size_t *used)
{
	size_t i = 0;
	int x = 0;
	while (i < n && i < want && is_digit(p[i]))
		x = x * 10 + (p[i++] - '0');
	if (!i)
		return false;
	*v = x;
	*used = i;
	return true;
}

size_t custom_strptime(const char *layout, const char *p, size_t n, struct ltime *t)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	memset(t, 0, sizeof *t);
	t->mon = 1;
	t->day = 1;
	size_t i = 0, u;
	for (const char *l = layout; *l; l++) {
		if (*l == ' ') {
			if (i >= n || p[i] != ' ')
				return 0;
			while (i < n && p[i] == ' ')
				i++;
			continue;
		}
		if (*l != '%' || !l[1]) {
			if (i >= n || p[i] != *l)
				return 0;
			i++;
			continue;
		}
		l++;
		int v;
		switch (*l) {
		case 'Y': if (!digits(p + i, n - i, 4, &t->year, &u)) return 0; i += u; break;
		case 'y': if (!digits(p + i, n - i, 2, &v, &u)) return 0; t->year = 2000 + v; i += u; break;
		case 'm': if (!digits(p + i, n - i, 2, &t->mon, &u)) return 0; i += u; break;
		case 'e': while (i < n && p[i] == ' ') i++; /* fall through */
		case 'd': if (!digits(p + i, n - i, 2, &t->day, &u)) return 0; i += u; break;
		case 'H': if (!digits(p + i, n - i, 2, &t->hour, &u)) return 0; i += u; break;
		case 'M': if (!digits(p + i, n - i, 2, &t->min, &u)) return 0; i += u; break;
		case 'S': if (!digits(p + i, n - i, 2, &t->sec, &u)) return 0; i += u; break;
		case 'b': case 'h': {
			if (n - i < 3)
				return 0;
			char m[3] = { (char)(p[i] | 0x20), (char)(p[i + 1] | 0x20), (char)(p[i + 2] | 0x20) };
			const char *f = NULL;
			for (int k = 0; k < 12 && !f; k++)
				if (memcmp(months + 3 * k, m, 3) == 0)
					f = months + 3 * k;
			if (!f)
				return 0;
			t->mon = (int)(f - months) / 3 + 1;
			i += 3;
			while (i < n && ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z'))
				i++;   /* a full month name */
			break;
		}
		case 'f': {
			uint32_t x = 0;
			int nd = 0;
			while (i < n && is_digit(p[i])) {
				if (nd < 9) {
					x = x * 10 + (uint32_t)(p[i] - '0');
					nd++;
				}
				i++;
			}
			if (!nd)
				return 0;
			t->ndigits = nd;
			for (int k = nd; k < 9; k++)
				x *= 10;
			t->nsec = x;
			break;
		}
		case 's': {
			struct ltime e;
			if (!(u = stamp_parse_epoch(p + i, n - i, 0, &e)))
				return 0;
			*t = e;
			i += u;
			break;
		}
		case 'z': {
			char z[8] = { 0 };
			size_t k = 0;
			while (i + k < n && k < 6 && (p[i + k] == '+' || p[i + k] == '-' || p[i + k] == ':' ||
						   p[i + k] == 'Z' || is_digit(p[i + k])))
				k++;
			memcpy(z, p + i, k);
			if (!k || !ltime_parse_offset(z, &t->off))
				return 0;
			t->has_off = true;
			i += k;
			break;
		}
		case '%':
			if (i >= n || p[i] != '%')
				return 0;
			i++;
			break;
		default:
			return 0;
		}
	}
	if (!ltime_valid_date(t->year, t->mon, t->day) || t->hour > 23 || t->min > 59 || t->sec > 60)
		return 0;
	return i;
}

static bool custom_parse(struct custom *c, struct span line, struct entry *e)
{
	line = span_chomp(line);
	int rc = pcre2_match(c->re, (PCRE2_SPTR)line.p, line.len, 0, 0, c->md, NULL);
	if (rc < 0)
		return false;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
	uint32_t count = pcre2_get_ovector_count(c->md);
	e->format = c->fmt.name;
	for (int k = 0; k < c->ng; k++) {
		int g = c->g[k].num;
		if ((uint32_t)g >= count || ov[2 * g] == PCRE2_UNSET)
			continue;
		struct span v = span_make(line.p + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
		if (g == c->ts) {
			size_t u = c->timefmt ? custom_strptime(c->timefmt, v.p, v.len, &e->ts)
					      : stamp_parse(v.p, v.len, &e->ts);
			if (u == v.len && u)
				e->has_ts = true;
		} else if (g == c->lv) {
			e->level = fk_level(v, true);
		} else if (g == c->msg) {
			entry_message(e, v);
		} else {
			fk_value(e, c->g[k].name, v);
		}
	}
	return true;
}

#define SLOT(i) \
	static bool slot##i(struct span l, struct entry *e) { return custom_parse(&slots[i], l, e); }
SLOT(0) SLOT(1) SLOT(2) SLOT(3) SLOT(4) SLOT(5) SLOT(6) SLOT(7)
SLOT(8) SLOT(9) SLOT(10) SLOT(11) SLOT(12) SLOT(13) SLOT(14) SLOT(15)
static bool (*const slot_fn[CUSTOM_MAX])(struct span, struct entry *) = {
	slot0, slot1, slot2, slot3, slot4, slot5, slot6, slot7,
	slot8, slot9, slot10, slot11, slot12, slot13, slot14, slot15,
};

const struct format *custom_define(const char *name, const char *pattern, const char *timefmt,
				   char *err, size_t errlen)
{
	if (nslots == CUSTOM_MAX) {
		snprintf(err, errlen, "more than %d custom formats", CUSTOM_MAX);
		return NULL;
	}
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || is_digit(*p) || *p == '_' || *p == '-')) {
			snprintf(err, errlen, "format name '%s': letters, digits, '_' and '-' only", name);
			return NULL;
		}
	if (!*name || format_find(name)) {
		snprintf(err, errlen, "format name '%s' is %s", name, *name ? "taken" : "empty");
		return NULL;
	}
	if (timefmt) {
		for (const char *l = timefmt; *l; l++)
			if (*l == '%' && !strchr("YymdeHMSbhfsz%", l[1])) {
				snprintf(err, errlen, "--time-format: %%%c is not supported", l[1] ? l[1] : ' ');
				return NULL;
			} else if (*l == '%') {
				l++;
			}
	}
	int ec;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
				       &ec, &off, NULL);
	if (!re) {
		char m[160];
		pcre2_get_error_message(ec, (PCRE2_UCHAR *)m, sizeof m);
		snprintf(err, errlen, "pattern: %s at offset %zu", m, (size_t)off);
		return NULL;
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	struct custom *c = &slots[nslots];
	memset(c, 0, sizeof *c);
	c->re = re;
	c->md = pcre2_match_data_create_from_pattern(re, NULL);
	c->timefmt = timefmt ? xstrdup(timefmt) : NULL;
	uint32_t nn = 0, esz = 0;
	PCRE2_SPTR tab = NULL;
	pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &nn);
	pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &esz);
	pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &tab);
	c->g = xcalloc(nn + 1, sizeof *c->g);
	for (uint32_t k = 0; k < nn; k++) {
		const unsigned char *ent = tab + k * esz;
		int num = (ent[0] << 8) | ent[1];
		const char *gn = (const char *)ent + 2;
		c->g[c->ng].num = num;
		c->g[c->ng++].name = xstrdup(gn);
		if (strcmp(gn, "timestamp") == 0)
			c->ts = num;
		else if (strcmp(gn, "level") == 0)
			c->lv = num;
		else if (strcmp(gn, "message") == 0)
			c->msg = num;
	}
	char *nm = xstrdup(name);
	c->fmt.name = nm;
	c->fmt.writes = nm;
	c->fmt.desc = "custom: a pattern with named groups";
	c->fmt.parse = slot_fn[nslots];
	if (!format_register(&c->fmt)) {
		snprintf(err, errlen, "too many formats");
		return NULL;
	}
	nslots++;
	return &c->fmt;
}

bool custom_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return false;
	}
	char *line = NULL, *name = NULL, *pat = NULL, *tf = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, start = 0;
	bool ok = true;
	char e2[256];
	for (;;) {
		n = getline(&line, &cap, f);
		lineno++;
		char *v = NULL;
		bool flush = n < 0;
		if (n >= 0) {
			while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
			char *p = line;
			while (*p == ' ' || *p == '\t')
				p++;
			if (!*p || *p == '#')
				continue;
			v = strchr(p, ' ');
			if (v)
				*v++ = '\0';
			if (!v || !*v) {
				snprintf(err, errlen, "%s:%d: '%s' needs a value", path, lineno, p);
				ok = false;
				break;
			}
			if (strcmp(p, "format") == 0) {
				flush = name != NULL;
			} else if (strcmp(p, "pattern") == 0 && name) {
				free(pat);
				pat = xstrdup(v);
				continue;
			} else if (strcmp(p, "time-format") == 0 && name) {
				free(tf);
				tf = xstrdup(v);
				continue;
			} else {
				snprintf(err, errlen, "%s:%d: expected 'format NAME', 'pattern REGEX' or 'time-format LAYOUT'",
					 path, lineno);
				ok = false;
				break;
			}
		}
		if (flush && name) {
			if (!pat) {
				snprintf(err, errlen, "%s:%d: format %s has no pattern", path, start, name);
				ok = false;
				break;
			}
			if (!custom_define(name, pat, tf, e2, sizeof e2)) {
				snprintf(err, errlen, "%s:%d: %s", path, start, e2);
				ok = false;
				break;
			}
			free(name);
			free(pat);
			free(tf);
			name = pat = tf = NULL;
		}
		if (n < 0)
			break;
		name = xstrdup(v);
		start = lineno;
	}
	free(name);
	free(pat);
	free(tf);
	free(line);
	fclose(f);
	return ok;
}

void custom_free_all(void)
{
	for (int i = 0; i < nslots; i++) {
		struct custom *c = &slots[i];
		pcre2_match_data_free(c->md);
		pcre2_code_free(c->re);
		for (int k = 0; k < c->ng; k++)
			free((char *)c->g[k].name);
		free(c->g);
		free(c->timefmt);
		free((char *)c->fmt.name);
	}
	nslots = 0;
}
