/*
 * Fuzz target: the template miner (lib/template.h).  Each input line is a
 * message mined by a miner bounded to 16 clusters (so eviction runs).  The
 * template given back must be clean text of at most TPL_MAX_TOKENS tokens,
 * and looking its id up must give the same template; the masked form of
 * a message is clean too.  A small depth and similarity from the first
 * byte vary the tree's shape.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t tokens(const char *p, size_t n)
{
	size_t t = n ? 1 : 0;
	for (size_t i = 0; i < n; i++)
		t += p[i] == ' ';
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpl_opts o = TPL_OPTS_DEFAULT;
	if (size) {
		o.depth = data[0] & 3;
		o.sim = (data[0] >> 2 & 7) / 7.0;
		o.max_children = 1 + (data[0] >> 5);
	}
	o.max_templates = 16;
	struct tpl_miner *m = tpl_new(&o);
	struct buf b = BUF_INIT;
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *msg = malloc(n ? n : 1);
		memcpy(msg, p, n);
		struct tpl_match t;
		tpl_add(m, msg, n, &t);
		FUZZ_CHECK(t.text != NULL);
		FUZZ_CHECK(tokens(t.text, t.len) <= TPL_MAX_TOKENS);
		FUZZ_CHECK(t.count >= 1 && (!t.created || t.changed));
		size_t ln;
		const char *s = tpl_lookup(m, t.id, &ln);
		FUZZ_CHECK(s && ln == t.len && memcmp(s, t.text, ln) == 0);
		FUZZ_CHECK(tpl_count(m) <= 16);
		buf_reset(&b);
		tpl_mask(&b, msg, n);
		FUZZ_CHECK(tokens(b.p ? b.p : "", b.len) <= TPL_MAX_TOKENS);
		free(msg);
		p += n + (nl != NULL);
	}
	buf_free(&b);
	tpl_free(m);
	return 0;
}
