#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "xalloc.h"

/* ---- masking: one token at a time ---- */

#define WILD "<*>"

static inline bool is_digit(int c) { return c >= '0' && c <= '9'; }
static inline bool is_alpha(int c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static inline bool is_hexc(int c) { return is_digit(c) || ((c | 32) >= 'a' && (c | 32) <= 'f'); }
static inline bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* c is one of the bytes of SET (never true for NUL). */
static inline bool in_set(const char *set, int c)
{
	return c && strchr(set, c) != NULL;
}

static size_t digits(const char *p, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && is_digit((unsigned char)p[j]))
		j++;
	return j - i;
}

/* 1-3 digits, at most 255. */
static size_t octet(const char *p, size_t n, size_t i)
{
	size_t d = digits(p, n, i);
	if (d == 0 || d > 3)
		return 0;
	int v = 0;
	for (size_t k = 0; k < d; k++)
		v = v * 10 + (p[i + k] - '0');
	return v <= 255 ? d : 0;
}

/* a.b.c.d, then optionally :port or /prefix. */
static bool is_ipv4(const char *p, size_t n)
{
	size_t i = 0;
	for (int k = 0; k < 4; k++) {
		if (k) {
			if (i >= n || p[i] != '.')
				return false;
			i++;
		}
		size_t d = octet(p, n, i);
		if (!d)
			return false;
		i += d;
	}
	if (i < n && (p[i] == ':' || p[i] == '/')) {
		size_t d = digits(p, n, i + 1);
		if (!d)
			return false;
		i += 1 + d;
	}
	return i == n;
}

/* Hex groups and colons with "::" or seven colons; [v6]:port; %zone. */
static bool is_ipv6(const char *p, size_t n)
{
	if (n && p[0] == '[') {
		const char *e = memchr(p, ']', n);
		if (!e)
			return false;
		size_t rest = n - (size_t)(e - p) - 1;
		if (rest && (e[1] != ':' || digits(e, rest + 1, 2) != rest - 1 || rest < 2))
			return false;
		return is_ipv6(p + 1, (size_t)(e - p) - 1);
	}
	const char *z = memchr(p, '%', n);
	if (z)
		n = (size_t)(z - p);
	if (n < 2)
		return false;
	int colons = 0, hex = 0, run = 0;
	bool dbl = false;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)p[i];
		if (c == ':') {
			colons++;
			if (i && p[i - 1] == ':')
				dbl = true;
			run = 0;
		} else if (is_hexc(c)) {
			hex++;
			if (++run > 4)
				return false;
		} else if (c == '.') {
			/* an embedded IPv4 tail: ::ffff:1.2.3.4 */
			size_t s = i;
			while (s && p[s - 1] != ':')
				s--;
			return colons >= 2 && is_ipv4(p + s, n - s);
		} else {
			return false;
		}
	}
	return hex && (dbl ? colons >= 2 : colons == 7);
}

static bool is_mac(const char *p, size_t n)
{
	if (n != 17)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (i % 3 == 2) {
			if (p[i] != ':' && p[i] != '-')
				return false;
		} else if (!is_hexc((unsigned char)p[i])) {
			return false;
		}
	}
	return true;
}

static bool is_uuid(const char *p, size_t n)
{
	if (n != 36)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (p[i] != '-')
				return false;
		} else if (!is_hexc((unsigned char)p[i])) {
			return false;
		}
	}
	return true;
}

/* 0x1f, or 8+ hex digits mixing digits and letters (hashes, ids). */
static bool is_hex(const char *p, size_t n)
{
	if (n > 2 && p[0] == '0' && (p[1] | 32) == 'x') {
		for (size_t i = 2; i < n; i++)
			if (!is_hexc((unsigned char)p[i]))
				return false;
		return true;
	}
	if (n < 8)
		return false;
	bool dig = false, let = false;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)p[i];
		if (is_digit(c))
			dig = true;
		else if (is_hexc(c))
			let = true;
		else
			return false;
	}
	return dig && let;
}

/* 2026-11-23, 2026-11-23T10:15:32.1+01:00, 10:15:32, 10:15:32,123. */
static bool is_time(const char *p, size_t n)
{
	size_t i;
	if (n >= 10 && digits(p, n, 0) == 4 && p[4] == '-' && digits(p, n, 5) == 2 &&
	    p[7] == '-' && digits(p, n, 8) == 2) {
		i = 10;
	} else {
		/* H:MM:SS at least; "22:11" alone is more often a port and code. */
		size_t d = digits(p, n, 0);
		if (d < 1 || d > 2 || d + 5 >= n + 0 || p[d] != ':' || digits(p, n, d + 1) != 2 ||
		    p[d + 3] != ':' || digits(p, n, d + 4) != 2)
			return false;
		i = d + 6;
	}
	for (; i < n; i++) {
		int c = (unsigned char)p[i];
		if (!is_digit(c) && !in_set("T:.,+-Z", c))
			return false;
	}
	return true;
}

/* -12, 3.5, 1,234, 1e-3, with a unit of up to 3 letters or a %: 10ms, 3KB. */
static bool is_number(const char *p, size_t n)
{
	size_t i = 0;
	if (i < n && (p[i] == '-' || p[i] == '+'))
		i++;
	size_t d = digits(p, n, i);
	if (!d)
		return false;
	i += d;
	while (i + 1 < n && (p[i] == '.' || p[i] == ',') && is_digit((unsigned char)p[i + 1]))
		i += 1 + digits(p, n, i + 1);
	if (i + 1 < n && (p[i] | 32) == 'e') {
		size_t j = i + 1;
		if (j < n && (p[j] == '-' || p[j] == '+'))
			j++;
		size_t e = digits(p, n, j);
		if (e)
			i = j + e;
	}
	if (i < n && p[i] == '%')
		return i + 1 == n;
	size_t u = 0;
	while (i + u < n && is_alpha((unsigned char)p[i + u]))
		u++;
	return u <= 3 && i + u == n;
}

static bool is_url(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && (is_alpha((unsigned char)p[i]) || p[i] == '+' || p[i] == '-' || p[i] == '.'))
		i++;
	return i > 0 && i + 3 < n && memcmp(p + i, "://", 3) == 0;
}

static bool is_email(const char *p, size_t n)
{
	const char *at = memchr(p, '@', n);
	if (!at || at == p)
		return false;
	size_t a = (size_t)(at - p);
	const char *dot = memchr(at, '.', n - a);
	if (!dot || dot == at + 1 || (size_t)(dot - p) + 1 >= n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)p[i];
		if (!is_alpha(c) && !is_digit(c) && !in_set("._%+-@", c))
			return false;
		if (c == '@' && i != a)
			return false;
	}
	/* The top-level domain: 2 to 6 letters (not "service", not "1"). */
	size_t t = n;
	while (t > a && p[t - 1] != '.')
		t--;
	if (n - t < 2 || n - t > 6)
		return false;
	for (size_t i = t; i < n; i++)
		if (!is_alpha((unsigned char)p[i]))
			return false;
	return true;
}

static bool is_path(const char *p, size_t n)
{
	if (n == 1 && p[0] == '/')
		return true;
	if (n >= 2 && p[0] == '/' && p[1] != '/')
		return true;
	if (n >= 3 && (memcmp(p, "~/", 2) == 0 || memcmp(p, "./", 2) == 0))
		return true;
	if (n >= 4 && memcmp(p, "../", 3) == 0)
		return true;
	return n >= 4 && is_alpha((unsigned char)p[0]) && p[1] == ':' && p[2] == '\\';
}

/* The mask for a whole token core, or NULL when it is not a typed value. */
static const char *classify(const char *p, size_t n)
{
	if (!n)
		return NULL;
	int c = (unsigned char)p[0];
	if (is_digit(c) || c == '-' || c == '+' || c == '[' || is_hexc(c) || c == ':') {
		if (is_time(p, n))
			return "<TS>";
		if (is_ipv4(p, n))
			return "<IP>";
		if (is_uuid(p, n))
			return "<UUID>";
		if (is_mac(p, n))
			return "<HEX>";
		if (is_number(p, n))
			return "<NUM>";
		if (is_hex(p, n))
			return "<HEX>";
		if (is_ipv6(p, n))
			return "<IP>";
	}
	if (is_url(p, n))
		return "<URL>";
	if (is_path(p, n))
		return "<PATH>";
	if (is_email(p, n))
		return "<EMAIL>";
	return NULL;
}

/* Mask digit runs that follow a separator inside a word: worker-12,
 * blk_-1608, job#7, id:42; not HTTP/1.1 or v1.2. */
static bool mask_digit_runs(struct buf *b, const char *p, size_t n)
{
	size_t start = b->len;
	bool any = false;
	size_t i = 0;
	while (i < n) {
		if (is_digit((unsigned char)p[i]) && i > 0 && in_set("-_#:", p[i - 1])) {
			size_t d = digits(p, n, i);
			if (i + d == n || !is_alpha((unsigned char)p[i + d])) {
				buf_adds(b, "<NUM>");
				any = true;
				i += d;
				continue;
			}
		}
		buf_addc(b, p[i++]);
	}
	if (!any)
		b->len = start;
	return any;
}

static bool is_key(const char *p, size_t n)
{
	if (!n || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)p[i];
		if (!is_alpha(c) && !is_digit(c) && !in_set("_.-", c))
			return false;
	}
	return true;
}

static const char LEAD[] = "([{<\"'";
static const char TRAIL[] = ")]}>\"',;:.!?";

static void mask_core(struct buf *b, const char *p, size_t n)
{
	const char *m = classify(p, n);
	if (m) {
		buf_adds(b, m);
		return;
	}
	const char *eq = memchr(p, '=', n);
	if (eq && is_key(p, (size_t)(eq - p)) && (size_t)(eq - p) + 1 < n) {
		size_t k = (size_t)(eq - p) + 1;
		buf_add(b, p, k);
		const char *v = p + k;
		size_t vn = n - k;
		/* Quotes around a value were handled by the tokenizer. */
		m = classify(v, vn);
		buf_adds(b, m ? m : WILD);
		return;
	}
	if (!mask_digit_runs(b, p, n))
		buf_add(b, p, n);
}

/* Mask one token (no white space in it) onto b. */
static void mask_token(struct buf *b, const char *p, size_t n)
{
	if (n > TPL_MAX_TOKEN) {
		buf_adds(b, WILD);
		return;
	}
	/* A quoted string, possibly in brackets and followed by punctuation. */
	size_t qs = 0;
	while (qs < n && in_set("([{", p[qs]))
		qs++;
	if (qs < n && (p[qs] == '"' || p[qs] == '\'')) {
		size_t qe = n;
		while (qe > qs + 1 && in_set(")]}>,;:.!?", p[qe - 1]))
			qe--;
		if (qe > qs + 1 && p[qe - 1] == p[qs]) {
			buf_add(b, p, qs);
			buf_adds(b, "<STR>");
			buf_add(b, p + qe, n - qe);
			return;
		}
	}
	/* key="quoted value" */
	const char *eq = memchr(p, '=', n);
	if (eq && (size_t)(eq - p) + 2 < n && (eq[1] == '"' || eq[1] == '\'') &&
	    is_key(p, (size_t)(eq - p))) {
		size_t qe = n;
		while (qe > 0 && in_set(")]}>,;:.!?", p[qe - 1]))
			qe--;
		if (qe > (size_t)(eq - p) + 2 && p[qe - 1] == eq[1]) {
			buf_add(b, p, (size_t)(eq - p) + 1);
			buf_adds(b, "<STR>");
			buf_add(b, p + qe, n - qe);
			return;
		}
	}
	/* The whole token first: [fe80::1]:8080 */
	const char *m = classify(p, n);
	if (m) {
		buf_adds(b, m);
		return;
	}
	size_t lead = 0, trail = 0;
	while (lead < n && in_set(LEAD, p[lead]))
		lead++;
	while (trail < n - lead && in_set(TRAIL, p[n - 1 - trail]))
		trail++;
	buf_add(b, p, lead);
	mask_core(b, p + lead, n - lead - trail);
	buf_add(b, p + n - trail, trail);
}

/* The end of a quoted run starting at q (p[q] is the quote): the index
 * just past the closing quote when it is followed by white space,
 * punctuation or the end; else 0. */
static size_t quote_end(const char *p, size_t n, size_t q)
{
	char c = p[q];
	for (size_t i = q + 1; i < n; i++) {
		if (p[i] != c)
			continue;
		if (i + 1 == n || is_space((unsigned char)p[i + 1]) ||
		    in_set(")]}>,;:.!?", p[i + 1]))
			return i + 1;
	}
	return 0;
}

struct toks {
	struct buf b;            /* masked tokens, joined by ' ' */
	uint32_t *off, *len;
	size_t n, cap;
	bool cut;                /* the message had more than TPL_MAX_TOKENS */
};

static void toks_push(struct toks *t, size_t off)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->off = xrealloc(t->off, t->cap * sizeof *t->off);
		t->len = xrealloc(t->len, t->cap * sizeof *t->len);
	}
	t->off[t->n] = (uint32_t)off;
	t->len[t->n] = (uint32_t)(t->b.len - off);
	t->n++;
}

/* Split and mask MSG into t. */
static void tokenize(struct toks *t, const char *p, size_t n)
{
	buf_reset(&t->b);
	t->n = 0;
	t->cut = false;
	size_t i = 0;
	while (i < n) {
		while (i < n && is_space((unsigned char)p[i]))
			i++;
		if (i == n)
			break;
		size_t s = i;
		/* A token runs to white space, except across a quoted run that
		 * starts it (after brackets) or follows an '='. */
		while (i < n && !is_space((unsigned char)p[i])) {
			char c = p[i];
			if ((c == '"' || c == '\'') &&
			    (i == s || p[i - 1] == '=' || in_set("([{", p[i - 1]))) {
				size_t e = quote_end(p, n, i);
				if (e) {
					i = e;
					continue;
				}
			}
			i++;
		}
		if (t->n == TPL_MAX_TOKENS) {
			t->cut = true;
			break;
		}
		if (t->n)
			buf_addc(&t->b, ' ');
		size_t off = t->b.len;
		mask_token(&t->b, p + s, i - s);
		toks_push(t, off);
	}
	if (t->cut) {
		/* The last kept token stands for the rest. */
		t->b.len = t->off[t->n - 1];
		buf_adds(&t->b, WILD);
		t->len[t->n - 1] = (uint32_t)(t->b.len - t->off[t->n - 1]);
	}
}

void tpl_mask(struct buf *b, const char *msg, size_t n)
{
	struct toks t = { BUF_INIT, NULL, NULL, 0, 0, false };
	tokenize(&t, msg, n);
	buf_add(b, t.b.p ? t.b.p : "", t.b.len);
	buf_free(&t.b);
	free(t.off);
	free(t.len);
}

/* ---- clusters and the tree ---- */

struct node;

struct cluster {
	uint64_t id, count;
	struct cluster *prev, *next;    /* LRU list, most recent first */
	struct node *leaf;
	char *text;                     /* tokens joined by ' ', NUL-terminated */
	size_t textlen;
	uint32_t ntok;
	uint32_t *off, *len;            /* token i is text[off[i]..+len[i]] */
	uint64_t used;                  /* m->clock when last matched */
};

struct node {
	struct node *parent;
	char *key;                      /* this node's key in parent->kids */
	size_t klen;
	struct hmap kids;               /* token -> struct node * */
	struct cluster **cl;            /* clusters, in a leaf */
	size_t ncl, capcl;
};

struct tpl_miner {
	struct tpl_opts opt;
	struct node root;               /* kids keyed by token count */
	struct hmap ids;                /* id (8 bytes) -> struct cluster * */
	struct cluster *head, *tail;
	size_t nclusters;
	uint64_t evictions;
	uint64_t clock;                 /* messages mined (orders cl->used) */
	struct toks t;
};

struct tpl_miner *tpl_new(const struct tpl_opts *opt)
{
	struct tpl_miner *m = xcalloc(1, sizeof *m);
	struct tpl_opts def = TPL_OPTS_DEFAULT;
	m->opt = opt ? *opt : def;
	if (m->opt.max_templates == 0)
		m->opt.max_templates = 1;
	if (m->opt.max_children < 1)
		m->opt.max_children = 1;
	if (m->opt.depth < 0)
		m->opt.depth = 0;
	hmap_init(&m->root.kids, sizeof(struct node *));
	hmap_init(&m->ids, sizeof(struct cluster *));
	return m;
}

static void node_free(struct node *nd)
{
	size_t i = 0;
	struct node **k;
	while ((k = hmap_next(&nd->kids, &i))) {
		node_free(*k);
		free((*k)->key);
		free(*k);
	}
	hmap_free(&nd->kids);
	free(nd->cl);
}

static void cluster_free(struct cluster *c)
{
	free(c->text);
	free(c->off);
	free(c);
}

void tpl_free(struct tpl_miner *m)
{
	if (!m)
		return;
	for (struct cluster *c = m->head, *nx; c; c = nx) {
		nx = c->next;
		cluster_free(c);
	}
	node_free(&m->root);
	hmap_free(&m->ids);
	buf_free(&m->t.b);
	free(m->t.off);
	free(m->t.len);
	free(m);
}

size_t tpl_count(const struct tpl_miner *m) { return m->nclusters; }
uint64_t tpl_evictions(const struct tpl_miner *m) { return m->evictions; }

void tpl_id_hex(uint64_t id, char out[17])
{
	static const char hx[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--, id >>= 4)
		out[i] = hx[id & 15];
	out[16] = '\0';
}

const char *tpl_lookup(const struct tpl_miner *m, uint64_t id, size_t *len)
{
	struct cluster **c = hmap_get(&m->ids, &id, sizeof id);
	if (!c)
		return NULL;
	if (len)
		*len = (*c)->textlen;
	return (*c)->text;
}

static void lru_unlink(struct tpl_miner *m, struct cluster *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		m->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		m->tail = c->prev;
	c->prev = c->next = NULL;
}

static void lru_front(struct tpl_miner *m, struct cluster *c)
{
	c->next = m->head;
	c->prev = NULL;
	if (m->head)
		m->head->prev = c;
	m->head = c;
	if (!m->tail)
		m->tail = c;
}

/* Drop empty nodes from a leaf up (the root stays). */
static void prune_up(struct node *nd)
{
	while (nd->parent && nd->ncl == 0 && nd->kids.count == 0) {
		struct node *p = nd->parent;
		hmap_del(&p->kids, nd->key, nd->klen);
		hmap_free(&nd->kids);
		free(nd->cl);
		free(nd->key);
		free(nd);
		nd = p;
	}
}

/*
 * Clusters compared per message are bounded: a leaf holds at most
 * LEAF_MAX (its least recently matched one goes for a new one), so
 * messages that all start a template of their own cost LEAF_MAX
 * comparisons each, not max_templates (quadratic time on adversarial
 * input: 10^5 clusters in the <*> leaf).
 */
#define LEAF_MAX 256

static void evict_cluster(struct tpl_miner *m, struct cluster *c)
{
	lru_unlink(m, c);
	struct node *leaf = c->leaf;
	for (size_t i = 0; i < leaf->ncl; i++)
		if (leaf->cl[i] == c) {
			leaf->cl[i] = leaf->cl[--leaf->ncl];
			break;
		}
	hmap_del(&m->ids, &c->id, sizeof c->id);
	cluster_free(c);
	m->nclusters--;
	m->evictions++;
	prune_up(leaf);
}

static void evict(struct tpl_miner *m)
{
	if (m->tail)
		evict_cluster(m, m->tail);
}

/* Make room in a full leaf; the leaf keeps clusters, so it is not pruned. */
static void evict_from_leaf(struct tpl_miner *m, struct node *leaf)
{
	struct cluster *old = leaf->cl[0];
	for (size_t i = 1; i < leaf->ncl; i++)
		if (leaf->cl[i]->used < old->used)
			old = leaf->cl[i];
	evict_cluster(m, old);
}

static struct node *child(struct tpl_miner *m, struct node *nd, const char *k, size_t kl,
			  bool create)
{
	struct node **pp = hmap_get(&nd->kids, k, kl);
	if (pp)
		return *pp;
	if (!create)
		return NULL;
	/* The root's children are token counts: never shared, since a leaf's
	 * clusters must all have its token count (at most TPL_MAX_TOKENS + 1
	 * of them). */
	if (nd != &m->root && nd->kids.count >= m->opt.max_children &&
	    !(kl == 3 && !memcmp(k, WILD, 3))) {
		/* Full: new tokens share the wildcard branch. */
		return child(m, nd, WILD, 3, true);
	}
	struct node *c = xcalloc(1, sizeof *c);
	c->parent = nd;
	c->key = xstrndup(k, kl);
	c->klen = kl;
	hmap_init(&c->kids, sizeof(struct node *));
	bool created;
	*(struct node **)hmap_put(&nd->kids, k, kl, &created) = c;
	return c;
}

/* Only plain words route the tree (a trailing ':' or ',' allowed);
 * anything with digits, masks or other punctuation goes to <*>, since
 * such tokens are the likely variables. */
static bool routes_wild(const char *p, size_t n)
{
	if (n && (p[n - 1] == ':' || p[n - 1] == ','))
		n--;
	if (!n)
		return true;
	for (size_t i = 0; i < n; i++)
		if (!is_alpha((unsigned char)p[i]) && p[i] != '-' && p[i] != '_')
			return true;
	return false;
}

static struct node *leaf_for(struct tpl_miner *m, const struct toks *t)
{
	char nb[24];
	int nl = snprintf(nb, sizeof nb, "%zu", t->n);
	struct node *nd = child(m, &m->root, nb, (size_t)nl, true);
	/* Leave at least one token to the similarity test. */
	size_t depth = (size_t)m->opt.depth < t->n ? (size_t)m->opt.depth : t->n ? t->n - 1 : 0;
	for (size_t i = 0; i < depth; i++) {
		const char *k = t->b.p + t->off[i];
		size_t kl = t->len[i];
		if (routes_wild(k, kl))
			k = WILD, kl = 3;
		nd = child(m, nd, k, kl, true);
	}
	return nd;
}

static inline bool tok_eq(const struct cluster *c, uint32_t i, const struct toks *t)
{
	return c->len[i] == t->len[i] && memcmp(c->text + c->off[i], t->b.p + t->off[i], t->len[i]) == 0;
}

static inline bool tok_wild(const struct cluster *c, uint32_t i)
{
	return c->len[i] == 3 && memcmp(c->text + c->off[i], WILD, 3) == 0;
}

/* Share of equal tokens (wildcards do not count) and the wildcard count. */
static double similarity(const struct cluster *c, const struct toks *t, size_t *wild)
{
	size_t same = 0, w = 0;
	for (uint32_t i = 0; i < c->ntok; i++) {
		if (tok_wild(c, i))
			w++;
		else if (tok_eq(c, i, t))
			same++;
	}
	*wild = w;
	return c->ntok ? (double)same / (double)c->ntok : 1.0;
}

/* Set a cluster's template from the tokens in t (some replaced by <*>). */
static void set_template(struct cluster *c, const struct toks *t, const bool *wild)
{
	struct buf b = BUF_INIT;
	uint32_t *off = xmalloc(2 * (t->n ? t->n : 1) * sizeof *off), *len = off + (t->n ? t->n : 1);
	for (size_t i = 0; i < t->n; i++) {
		if (i)
			buf_addc(&b, ' ');
		off[i] = (uint32_t)b.len;
		if (wild && wild[i])
			buf_adds(&b, WILD);
		else if (c->text && i < c->ntok)
			buf_add(&b, c->text + c->off[i], c->len[i]);
		else
			buf_add(&b, t->b.p + t->off[i], t->len[i]);
		len[i] = (uint32_t)(b.len - off[i]);
	}
	if (!b.p)
		buf_grow(&b, 1);
	free(c->text);
	free(c->off);
	c->text = b.p;
	c->textlen = b.len;
	c->off = off;
	c->len = len;
	c->ntok = (uint32_t)t->n;
}

static struct cluster *create(struct tpl_miner *m, const struct toks *t)
{
	while (m->nclusters >= m->opt.max_templates)
		evict(m);
	/* Route after evicting: eviction may free empty nodes. */
	struct node *leaf = leaf_for(m, t);
	while (leaf->ncl >= LEAF_MAX)
		evict_from_leaf(m, leaf);
	struct cluster *c = xcalloc(1, sizeof *c);
	set_template(c, t, NULL);
	c->leaf = leaf;
	uint64_t id = hash_bytes(c->text, c->textlen);
	for (uint64_t salt = 1; hmap_get(&m->ids, &id, sizeof id); salt++)
		id = (hash_bytes(&salt, sizeof salt) ^ hash_bytes(c->text, c->textlen)) + salt;
	c->id = id;
	bool created;
	*(struct cluster **)hmap_put(&m->ids, &id, sizeof id, &created) = c;
	if (leaf->ncl == leaf->capcl) {
		leaf->capcl = leaf->capcl ? leaf->capcl * 2 : 4;
		leaf->cl = xrealloc(leaf->cl, leaf->capcl * sizeof *leaf->cl);
	}
	leaf->cl[leaf->ncl++] = c;
	m->nclusters++;
	return c;
}

void tpl_add(struct tpl_miner *m, const char *msg, size_t n, struct tpl_match *out)
{
	struct toks *t = &m->t;
	tokenize(t, msg, n);
	struct node *leaf = leaf_for(m, t);

	struct cluster *best = NULL;
	double bsim = -1;
	size_t bwild = 0;
	for (size_t i = 0; i < leaf->ncl; i++) {
		size_t w;
		double s = similarity(leaf->cl[i], t, &w);
		if (s > bsim || (s == bsim && w > bwild)) {
			best = leaf->cl[i];
			bsim = s;
			bwild = w;
		}
	}
	bool created = false, changed = false;
	if (best && bsim >= m->opt.sim) {
		/* Generalise: differing tokens become <*>. */
		bool stackw[64], *wild = t->n <= 64 ? stackw : xmalloc(t->n);
		for (uint32_t i = 0; i < best->ntok; i++) {
			wild[i] = !tok_wild(best, i) && !tok_eq(best, i, t);
			changed |= wild[i];
		}
		if (changed)
			set_template(best, t, wild);
		if (wild != stackw)
			free(wild);
		lru_unlink(m, best);
	} else {
		best = create(m, t);
		created = changed = true;
	}
	lru_front(m, best);
	best->used = ++m->clock;
	best->count++;
	out->id = best->id;
	out->text = best->text;
	out->len = best->textlen;
	out->count = best->count;
	out->created = created;
	out->changed = changed;
}
