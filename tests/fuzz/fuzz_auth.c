/*
 * Fuzz target: lbrute's recogniser (lib/auth.h over lib/rules.h) with the
 * built-in rules.  The input is split at '\n' into message, process,
 * hostname, ip, user, method and path; its first byte picks the status
 * and pid.  Events must be of a known kind, with NUL-terminated, bounded
 * strings; an address flagged as one must normalise to itself.  The
 * connection table is bounded to 8 so eviction runs too.
 */
#include <stdint.h>
#include <string.h>

#include "auth.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct auth *rec;

static void check_str(const char *s, size_t cap)
{
	FUZZ_CHECK(memchr(s, 0, cap) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!rec) {
		rec = auth_new();
		auth_set_max_conns(rec, 8);
	}
	char *p = malloc(size ? size : 1);
	memcpy(p, data, size);
	struct auth_in in = AUTH_IN_INIT;
	struct span *f[] = { &in.message, &in.process, &in.hostname, &in.ip,
			     &in.user, &in.method, &in.path };
	const char *q = p, *end = p + size;
	for (size_t i = 0; i < sizeof f / sizeof *f && q <= end; i++) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
		*f[i] = span_make(q, n);
		q += n + 1;
		if (!nl)
			break;
	}
	if (size) {
		unsigned c = (unsigned char)p[0];
		in.status = c & 1 ? 401 : c & 2 ? 200 : -1;
		in.pid = c & 4 ? (long long)c : -1;
	}
	struct auth_event ev[2];
	int n = auth_recognise(rec, &in, ev);
	FUZZ_CHECK(n >= 0 && n <= 2);
	for (int i = 0; i < n; i++) {
		FUZZ_CHECK(ev[i].kind == AUTH_FAILURE || ev[i].kind == AUTH_SUCCESS);
		check_str(ev[i].service, sizeof ev[i].service);
		check_str(ev[i].ip, sizeof ev[i].ip);
		check_str(ev[i].user, sizeof ev[i].user);
		FUZZ_CHECK(ev[i].rule != NULL);
		if (ev[i].ip_is_addr) {
			char again[AUTH_IP_MAX];
			FUZZ_CHECK(auth_norm_ip(ev[i].ip, strlen(ev[i].ip), again) == 1);
			FUZZ_CHECK(strcmp(again, ev[i].ip) == 0);
		}
	}
	char ip[AUTH_IP_MAX];
	int k = auth_norm_ip(p, size, ip);
	FUZZ_CHECK(k >= 0 && k <= 2);
	if (k)
		check_str(ip, sizeof ip);
	free(p);
	return 0;
}
