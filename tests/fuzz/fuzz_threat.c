/*
 * Fuzz target: lthreat's rule matching (lib/threat.h over lib/rules.h and
 * lib/decode.h) with the built-in rules.  The input is split at '\n' into
 * the scanned fields (path, referer, user_agent, user, message, raw), the
 * first byte choosing the status.  Every hit must name a known type and a
 * scanned field, report each type once, and carry a match of at most
 * THREAT_MATCH_MAX bytes; the per-source tracker takes the hits with a
 * bound of 4 addresses and its summaries are clean UTF-8.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "threat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct threat *eng;
static struct threat_track *track;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!eng) {
		char err[256];
		eng = threat_new();
		FUZZ_CHECK(threat_load_builtin(eng, err, sizeof err) > 0);
		track = threat_track_new(eng, 4, 2);
	}
	char *p = malloc(size ? size : 1);
	memcpy(p, data, size);
	struct threat_record r;
	for (int f = 0; f < TF_COUNT; f++)
		r.field[f] = SPAN_NULL;
	r.status = size ? (p[0] & 1 ? 404 : 200 + (unsigned char)p[0]) : -1;
	const char *q = p, *end = p + size;
	for (int f = 0; f < TF_COUNT && q <= end; f++) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
		r.field[f] = span_make(q, n);
		q += n + 1;
		if (!nl)
			break;
	}
	const struct threat_hit *hits;
	size_t n = threat_scan(eng, &r, &hits);
	uint64_t seen = 0;
	for (size_t i = 0; i < n; i++) {
		const struct threat_hit *h = &hits[i];
		FUZZ_CHECK(h->type >= 0 && h->type < threat_type_count(eng));
		FUZZ_CHECK(!(seen & (1ull << h->type)));
		seen |= 1ull << h->type;
		FUZZ_CHECK(h->field < TF_COUNT && r.field[h->field].p != NULL);
		FUZZ_CHECK(h->match.len <= THREAT_MATCH_MAX);
		FUZZ_CHECK(h->rule != NULL && h->severity <= RSEV_CRITICAL);
	}
	struct span ip = r.field[TF_USER].p ? r.field[TF_USER] : span_make("", 0);
	threat_track_add(track, ip, span_make("2026-11-23T00:00:00Z", 20), r.field[TF_PATH], hits, n);
	if (size && p[0] == 'S') {
		struct buf b = BUF_INIT;
		threat_track_summary_json(track, 3, &b);
		fuzz_check_clean_utf8(b.p ? b.p : "", b.len);
		buf_free(&b);
	}
	free(p);
	return 0;
}
