/* Unit tests of lib/template: masking of each typed variable, clustering
 * and generalisation, stable ids, the LRU bound, hostile input, and the
 * grouping accuracy on the labelled fixtures in tests/data/templates. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "tap.h"
#include "template.h"

static const char *masked(const char *msg)
{
	static struct buf b;
	buf_reset(&b);
	tpl_mask(&b, msg, strlen(msg));
	return b.p ? b.p : "";
}

static void masks(void)
{
	static const char *cases[][2] = {
		{ "port 22 ssh2", "port <NUM> ssh2" },
		{ "from 10.0.0.1 port 5", "from <IP> port <NUM>" },
		{ "dest: /10.1.2.3:50010", "dest: <PATH>" },
		{ "peer 10.1.2.3:443,", "peer <IP>," },
		{ "v6 2001:db8::1 [fe80::1]:8080 ::1", "v6 <IP> <IP> <IP>" },
		{ "id 123e4567-e89b-12d3-a456-426614174000", "id <UUID>" },
		{ "mac 00:1a:2b:3c:4d:5e", "mac <HEX>" },
		{ "at 0x7ffd1234 hash deadbeef12", "at <HEX> hash <HEX>" },
		{ "took 15ms (3.5s) 99% -12 1,234", "took <NUM> (<NUM>) <NUM> <NUM> <NUM>" },
		{ "open /var/log/x.log ~/a ./b", "open <PATH> <PATH> <PATH>" },
		{ "GET https://a.example.com/x?y=1 ok", "GET <URL> ok" },
		{ "mail bob@example.com.", "mail <EMAIL>." },
		{ "at 2026-11-23T10:15:32.123Z and 10:15:32,5", "at <TS> and <TS>" },
		{ "user=root uid=0 mode=fast", "user=<*> uid=<NUM> mode=<*>" },
		{ "msg=\"a b c\" next", "msg=<STR> next" },
		{ "said \"hello there\" and 'x y'.", "said <STR> and <STR>." },
		{ "worker-12 blk_-1608 job#7 ssh2 HTTP/1.1", "worker-<NUM> blk_-<NUM> job#<NUM> ssh2 HTTP/1.1" },
		{ "  spaced\tout  ", "spaced out" },
		{ "", "" },
		{ "don't stop", "don't stop" },
		{ "unterminated \"quote here", "unterminated \"quote here" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char what[160];
		snprintf(what, sizeof what, "mask: %s", cases[i][0]);
		is_str(masked(cases[i][0]), cases[i][1], what);
	}
}

static void clusters(void)
{
	struct tpl_miner *m = tpl_new(NULL);
	struct tpl_match a, b, c;
	tpl_add(m, "Failed password for root from 1.2.3.4 port 22 ssh2", 50, &a);
	ok(a.created && a.changed, "first message creates a cluster");
	is_str(a.text, "Failed password for root from <IP> port <NUM> ssh2", "template of one message");
	uint64_t id = a.id;
	tpl_add(m, "Failed password for admin from 5.6.7.8 port 2222 ssh2", 53, &b);
	ok(!b.created && b.changed, "a similar message joins and generalises");
	is_int(b.id == id, 1, "the id is stable when the template generalises");
	is_str(b.text, "Failed password for <*> from <IP> port <NUM> ssh2", "differing token became <*>");
	is_int(b.count, 2, "cluster count");
	tpl_add(m, "Failed password for bob from 9.9.9.9 port 1 ssh2", 48, &c);
	ok(!c.changed && c.id == id, "a third one matches without change");
	tpl_add(m, "Connection closed by 1.2.3.4 port 22 [preauth]", 46, &c);
	ok(c.created && c.id != id, "a different message starts another cluster");
	size_t len;
	const char *t = tpl_lookup(m, id, &len);
	is_str(t, "Failed password for <*> from <IP> port <NUM> ssh2", "lookup by id");
	is_int(tpl_count(m), 2, "two clusters");
	char hx[17];
	tpl_id_hex(0x0123456789abcdefULL, hx);
	is_str(hx, "0123456789abcdef", "id as hex");
	tpl_free(m);

	/* Same input, same ids. */
	struct tpl_miner *m1 = tpl_new(NULL), *m2 = tpl_new(NULL);
	tpl_add(m1, "Connection closed by 1.2.3.4 port 22 [preauth]", 46, &a);
	tpl_add(m2, "Connection closed by 1.2.3.4 port 22 [preauth]", 46, &b);
	ok(a.id == b.id, "ids are the same across runs");
	tpl_free(m1);
	tpl_free(m2);

	/* The LRU bound. */
	struct tpl_opts o = TPL_OPTS_DEFAULT;
	o.max_templates = 10;
	m = tpl_new(&o);
	char msg[64];
	uint64_t first = 0;
	for (int i = 0; i < 100; i++) {
		int n = snprintf(msg, sizeof msg, "event%c%c happened to nobody", 'a' + i % 26, 'a' + i / 26);
		tpl_add(m, msg, (size_t)n, &a);
		if (i == 0)
			first = a.id;
	}
	is_int(tpl_count(m), 10, "never more clusters than max_templates");
	is_int(tpl_evictions(m), 90, "the rest were evicted");
	ok(tpl_lookup(m, first, NULL) == NULL, "the least recently used one went first");
	tpl_add(m, "eventzz happened to nobody", 26, &a);
	ok(tpl_lookup(m, a.id, NULL) != NULL, "a new one is there");
	tpl_free(m);
}

static void hostile(void)
{
	struct tpl_miner *m = tpl_new(NULL);
	struct tpl_match a;
	uint64_t x = 12345;
	char *junk = malloc(1 << 20);
	for (int r = 0; r < 200; r++) {
		size_t n = (size_t)(r * 37 % 4000);
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			junk[i] = (char)(x >> 24);
		}
		tpl_add(m, junk, n, &a);
	}
	ok(1, "random bytes, NULs and quotes do not crash");
	/* More token counts than max_children: lengths never share a leaf. */
	int bad = 0;
	for (int k = 1; k <= 180; k++) {
		size_t n = 0;
		for (int i = 0; i < k; i++)
			n += (size_t)snprintf(junk + n, 16, "w%c ", 'a' + i % 26);
		tpl_add(m, junk, n, &a);
		size_t words = 1;
		for (size_t i = 0; i < a.len; i++)
			words += a.text[i] == ' ';
		bad += words != (size_t)k;
	}
	is_int(bad, 0, "180 message lengths: every template keeps its length");
	memset(junk, 'a', 1 << 20);
	for (size_t i = 0; i < (1 << 20); i += 7)
		junk[i] = ' ';
	tpl_add(m, junk, 1 << 20, &a);
	ok(a.len < TPL_MAX_TOKENS * (TPL_MAX_TOKEN + 1), "a 1 MB line makes a bounded template");
	memset(junk, '"', 1 << 20);
	tpl_add(m, junk, 1 << 20, &a);
	is_str(a.text, "<*>", "a 1 MB token is masked");
	tpl_free(m);
	free(junk);
}

/* Grouping accuracy (Loghub's GA): a line is right when the lines sharing
 * its predicted cluster are exactly the lines sharing its true template. */
static double grouping_accuracy(const char *path, int *nlines)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	enum { MAXL = 20000 };
	uint64_t *truth = calloc(MAXL, sizeof *truth), *pred = calloc(MAXL, sizeof *pred);
	struct tpl_miner *m = tpl_new(NULL);
	char line[8192];
	int n = 0;
	if (!fgets(line, sizeof line, f))
		n = 0;
	while (n < MAXL && fgets(line, sizeof line, f)) {
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		size_t len = strcspn(tab + 1, "\n");
		truth[n] = hash_bytes(line, (size_t)(tab - line));
		struct tpl_match a;
		tpl_add(m, tab + 1, len, &a);
		pred[n++] = a.id;
	}
	fclose(f);
	tpl_free(m);
	/* For each line: its true group must equal its predicted group. */
	int right = 0;
	for (int i = 0; i < n; i++) {
		int same = 1;
		for (int j = 0; j < n && same; j++)
			if ((truth[j] == truth[i]) != (pred[j] == pred[i]))
				same = 0;
		right += same;
	}
	free(truth);
	free(pred);
	*nlines = n;
	return n ? (double)right / n : 0;
}

static void accuracy(void)
{
	const char *dir = getenv("LTOOLS_TEMPLATES");
	if (!dir)
		dir = "tests/data/templates";
	DIR *d = opendir(dir);
	if (!d) {
		printf("ok %d # skip no fixtures at %s\n", ++tap_n, dir);
		return;
	}
	struct dirent *e;
	double sum = 0;
	int files = 0;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".tsv"))
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		int n = 0;
		double ga = grouping_accuracy(path, &n);
		printf("# GA %-20s %5.3f (%d lines)\n", e->d_name, ga, n);
		sum += ga;
		files++;
	}
	closedir(d);
	ok(files >= 5, "at least five labelled fixtures");
	double mean = files ? sum / files : 0;
	printf("# mean GA %.3f over %d fixtures\n", mean, files);
	ok(mean >= 0.90, "mean grouping accuracy at least 0.90");
}

int main(void)
{
	masks();
	clusters();
	hostile();
	accuracy();
	return tap_done();
}
