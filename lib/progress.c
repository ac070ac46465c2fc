#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "human.h"
#include "xalloc.h"

#define PROGRESS_INTERVAL 0.1   /* seconds between two lines, at least */

struct progress_state {
	struct progress pub;    /* first: progress_tick's counts */
	size_t width;
	char *name;
	uint64_t total;
	double start;           /* of the current file */
	double drawn;           /* when the last line was due */
	struct buf line;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress *progress_new(size_t width)
{
	struct progress_state *s = xcalloc(1, sizeof *s);
	s->width = width ? width : 80;
	s->name = xstrdup("");
	s->start = s->drawn = now();
	return &s->pub;
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	struct progress_state *s = (struct progress_state *)p;
	buf_free(&s->line);
	free(s->name);
	free(s);
}

void progress_file(struct progress *p, const char *name, uint64_t total)
{
	struct progress_state *s = (struct progress_state *)p;
	free(s->name);
	s->name = xstrdup(name);
	s->total = total;
	s->start = now();
	p->lines = 0;
	p->bytes = 0;
}

/* "999 B", "12.3 kB", "4.5 MB", "1.23 GB" */
static void add_bytes(struct buf *b, uint64_t v)
{
	if (v < 1000)
		buf_printf(b, "%llu B", (unsigned long long)v);
	else if (v < 1000000)
		buf_printf(b, "%.1f kB", (double)v / 1e3);
	else if (v < 1000000000)
		buf_printf(b, "%.1f MB", (double)v / 1e6);
	else
		buf_printf(b, "%.2f GB", (double)v / 1e9);
}

/* "850", "12.3k", "2.1M" */
static void add_rate(struct buf *b, double r)
{
	if (r < 1e3)
		buf_printf(b, "%.0f", r);
	else if (r < 1e6)
		buf_printf(b, "%.1fk", r / 1e3);
	else
		buf_printf(b, "%.1fM", r / 1e6);
}

/* "0:07", "12:34", "1:02:03"; "--:--" when unknown */
static void add_eta(struct buf *b, double left)
{
	if (!(left >= 0) || left > 99 * 3600.0) {
		buf_adds(b, "--:--");
		return;
	}
	unsigned long t = (unsigned long)(left + 0.5);
	if (t >= 3600)
		buf_printf(b, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
	else
		buf_printf(b, "%lu:%02lu", t / 60, t % 60);
}

/* "12.3 MB of 1.00 GB (1%), 2.1M records/s, 0:07 left", or on a narrow
 * terminal "1%, 2.1M rec/s, 0:07 left" */
static void add_stats(struct buf *b, const struct progress_state *s, uint64_t done,
		      uint64_t records, double seconds, bool narrow)
{
	int pct = s->total ? (int)(done * 100 / s->total) : 100;
	if (!narrow) {
		add_bytes(b, done);
		buf_adds(b, " of ");
		add_bytes(b, s->total);
		buf_printf(b, " (%d%%), ", pct);
	} else {
		buf_printf(b, "%d%%, ", pct);
	}
	add_rate(b, seconds > 0 ? (double)records / seconds : 0);
	buf_adds(b, narrow ? " rec/s, " : " records/s, ");
	add_eta(b, done && seconds > 0 ? (double)(s->total - done) * seconds / (double)done : -1);
	buf_adds(b, " left");
}

const char *progress_line(struct progress *p, uint64_t done, uint64_t records, double seconds,
			  size_t *len)
{
	struct progress_state *s = (struct progress_state *)p;
	if (done > s->total)   /* the file grew since it was opened */
		done = s->total;
	/* never wider than the terminal less one column: no wrap, no scroll;
	 * the name, cut as needed, gets at least 12 columns when it can */
	size_t room = s->width > 1 ? s->width - 1 : 1;
	size_t name = strlen(s->name), want = name < 12 ? name : 12;
	struct buf st = BUF_INIT;
	add_stats(&st, s, done, records, seconds, false);
	if (st.len + 2 + want > room) {
		buf_reset(&st);
		add_stats(&st, s, done, records, seconds, true);
	}
	buf_reset(&s->line);
	buf_addc(&s->line, '\r');
	if (name && st.len + 2 + 2 <= room) {
		human_str_max(&s->line, s->name, name, room - st.len - 2);
		buf_add(&s->line, ": ", 2);
	}
	buf_add(&s->line, st.p, st.len < room ? st.len : room);
	buf_adds(&s->line, "\033[K");
	buf_free(&st);
	*len = s->line.len;
	return s->line.p;
}

const char *progress_poll(struct progress *p, uint64_t done, uint64_t records, size_t *len)
{
	struct progress_state *s = (struct progress_state *)p;
	double t = now();
	if (t - s->drawn < PROGRESS_INTERVAL)
		return NULL;
	s->drawn = t;
	return progress_line(p, done, records, t - s->start, len);
}
