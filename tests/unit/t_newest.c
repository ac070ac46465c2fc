/*
 * Unit tests of lib/newest (lfilter --last).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newest.h"
#include "tap.h"

static char got[4096];

struct order {
	int prev, n, min;
	bool sorted;
};

static void check_order(struct span line, void *arg)
{
	struct order *st = arg;
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%.*s", (int)line.len, line.p);
	int v = atoi(tmp);
	if (v > st->prev)
		st->sorted = false;
	st->prev = v;
	if (v < st->min)
		st->min = v;
	st->n++;
}

static void collect(struct span line, void *arg)
{
	(void)arg;
	strncat(got, line.p, line.len);
	strcat(got, " ");
}

int main(void)
{
	struct newest *k = newest_new(3);
	const int secs[] = { 5, 1, 9, 7, 3, 9, 2 };
	const char *names[] = { "a", "b", "c", "d", "e", "f", "g" };
	for (int i = 0; i < 7; i++)
		newest_add(k, (struct instant){ secs[i], 0 }, span_str(names[i]));
	is_int(newest_count(k), 3, "keeps N");
	got[0] = '\0';
	newest_drain(k, collect, NULL);
	is_str(got, "f c d ", "newest first; on a tie the later record is newer");
	is_int(newest_count(k), 0, "empty after drain");
	newest_free(k);

	k = newest_new(10);
	newest_add(k, (struct instant){ 1, 500 }, span_str("x"));
	newest_add(k, (struct instant){ 1, 400 }, span_str("y"));
	newest_add(k, (struct instant){ 0, 999999999 }, span_str("z"));
	got[0] = '\0';
	newest_drain(k, collect, NULL);
	is_str(got, "x y z ", "fewer than N: all, ordered by nanoseconds too");
	newest_free(k);

	/* many records, large N: the result is the top N sorted */
	k = newest_new(2000);
	srand(7);
	static int cnt[100001];
	for (int i = 0; i < 100000; i++) {
		int s = rand() % 100000;
		cnt[s]++;
		char b[16];
		snprintf(b, sizeof b, "%d", s);
		newest_add(k, (struct instant){ s, 0 }, span_str(b));
	}
	/* the 2000th largest value */
	int need = 2000, cut = 100000;
	while (cut > 0 && need > cnt[cut - 1])
		need -= cnt[--cut];
	struct order st = { 1 << 30, 0, 1 << 30, true };
	newest_drain(k, check_order, &st);
	is_int(st.n, 2000, "2000 of 100000 kept");
	ok(st.sorted, "in descending order");
	ok(st.min >= cut - 1, "all from the top of the distribution");
	newest_free(k);
	newest_free(NULL);
	return tap_done();
}

