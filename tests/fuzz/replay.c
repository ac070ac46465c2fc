/*
 * replay: a main() for the fuzz targets without libFuzzer, so `make check`
 * (gcc, with or without sanitizers) runs every target over the seed and
 * regression inputs: `replay-fuzz_X FILE...` feeds each file whole, then
 * each of its lines alone, and prints one TAP line per file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *p = malloc(cap);
	size_t r;
	while (p && (r = fread(p + len, 1, cap - len, f)) > 0) {
		len += r;
		if (len == cap)
			p = realloc(p, cap *= 2);
	}
	fclose(f);
	*n = len;
	return p;
}

int main(int argc, char **argv)
{
	int fail = 0;
	for (int i = 1; i < argc; i++) {
		size_t n;
		char *p = slurp(argv[i], &n);
		if (!p) {
			printf("not ok %d - %s: cannot read\n", i, argv[i]);
			fail = 1;
			continue;
		}
		/* Targets see at most 64 KiB at a time, as the fuzzer does. */
		size_t whole = n < 65536 ? n : 65536;
		LLVMFuzzerTestOneInput((const uint8_t *)p, whole);
		for (char *q = p, *end = p + n; q < end;) {
			char *nl = memchr(q, '\n', (size_t)(end - q));
			size_t len = nl ? (size_t)(nl - q) : (size_t)(end - q);
			LLVMFuzzerTestOneInput((const uint8_t *)q, len);
			q += len + 1;
		}
		free(p);
		printf("ok %d - %s\n", i, argv[i]);
	}
	printf("1..%d\n", argc - 1);
	return fail;
}
