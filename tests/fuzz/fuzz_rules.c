/*
 * Fuzz target: the rule-file loader and matcher (lib/rules.h).  The input
 * up to the first NUL is loaded as a rule file (any bytes: every line
 * either loads or stops the load with "NAME:LINE: what"); every rule that
 * loaded then runs, under tight match and depth limits, over the rest of
 * the input and over the rule text itself.  A match lies inside its
 * subject, named groups too.  No input may crash, hang or leak.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool inside(struct span s, const char *p, size_t n)
{
	return s.p >= p && s.p + s.len <= p + n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, 0, size);
	size_t tn = nul ? (size_t)(nul - (const char *)data) : size;
	char *text = malloc(tn ? tn : 1);
	memcpy(text, data, tn);
	size_t sn = nul ? size - tn - 1 : 0;
	char *subj = malloc(sn ? sn : 1);
	if (sn)
		memcpy(subj, nul + 1, sn);

	struct ruleset *rs = rules_new();
	rules_set_limits(rs, 20000, 200);
	char err[512];
	err[0] = 0;
	int n = rules_load_text(rs, "fuzz", text, tn, err, sizeof err);
	if (n < 0)
		FUZZ_CHECK(strncmp(err, "fuzz:", 5) == 0 && memchr(err, '\n', strlen(err)) == NULL);
	for (size_t i = 0; i < rules_count(rs) && i < 8; i++) {
		const struct rule *r = rules_at(rs, i);
		FUZZ_CHECK(r && r->id && r->pattern && r->severity <= RSEV_CRITICAL);
		FUZZ_CHECK(rules_find(rs, r->id) != NULL);
		struct span w, g;
		const char *s[2] = { subj, text };
		size_t len[2] = { sn, tn };
		for (int k = 0; k < 2; k++) {
			if (rules_match(rs, i, s[k], len[k], &w) == RULES_MATCH) {
				FUZZ_CHECK(inside(w, s[k], len[k]));
				if (rules_group(rs, i, s[k], "ip", &g))
					FUZZ_CHECK(inside(g, s[k], len[k]));
				if (rules_group(rs, i, s[k], "user", &g))
					FUZZ_CHECK(inside(g, s[k], len[k]));
			}
		}
	}
	rules_free(rs);
	free(text);
	free(subj);
	return 0;
}
