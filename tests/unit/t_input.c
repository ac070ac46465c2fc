/* Unit tests of lib/input: line splitting, the line cap, gzip (single,
 * multi-member, truncated, corrupt, trailing garbage), pipes and the wait
 * hook. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "input.h"
#include "tap.h"

static char tmpdir[] = "/tmp/t_input.XXXXXX";
static int nfile;

/* Write n bytes to a new file in tmpdir; return its path (static storage per call). */
static const char *put_file(const void *p, size_t n)
{
	static char paths[64][96];
	char *path = paths[nfile % 64];
	snprintf(path, 96, "%s/f%d", tmpdir, nfile++);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(99);
	}
	return path;
}

/* Gzip n bytes into a malloc'd buffer (one member); *zn gets its size. */
static unsigned char *gz(const void *p, size_t n, size_t *zn)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		exit(99);
	size_t cap = deflateBound(&z, n) + 64;
	unsigned char *out = malloc(cap);
	z.next_in = (unsigned char *)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		exit(99);
	*zn = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

/* What reading a whole input gave. */
struct got {
	int lines, toolong, error;
	int last;            /* status that ended the loop */
	char text[4096];     /* lines joined with '|', truncated */
	size_t longest;
	uint64_t bytes, lineno;
	char err[160];
};

static void drain(struct input *in, struct got *g)
{
	memset(g, 0, sizeof *g);
	struct span l;
	int st;
	size_t used = 0;
	while ((st = input_getline(in, &l)) > 0) {
		if (st == INPUT_TOOLONG) {
			g->toolong++;
			if (used + 2 < sizeof g->text)
				used += (size_t)snprintf(g->text + used, sizeof g->text - used, "%s#", used ? "|" : "");
			continue;
		}
		g->lines++;
		if (l.len > g->longest)
			g->longest = l.len;
		size_t room = sizeof g->text - used - 1;
		if (used && room) {
			g->text[used++] = '|';
			room--;
		}
		size_t n = l.len < room ? l.len : room;
		for (size_t i = 0; i < n; i++)  /* NUL shown as '0' */
			g->text[used++] = l.p[i] ? l.p[i] : '0';
		g->text[used] = 0;
	}
	g->last = st;
	g->error = st == INPUT_ERROR;
	g->bytes = input_bytes(in);
	g->lineno = input_lineno(in);
	snprintf(g->err, sizeof g->err, "%s", g->error ? input_error(in) : "");
}

static void read_path(const char *path, struct got *g, size_t cap)
{
	char err[128];
	struct input *in = input_open(path, err, sizeof err);
	if (!in) {
		printf("# open %s: %s\n", path, err);
		memset(g, 0, sizeof *g);
		g->last = 99;
		return;
	}
	if (cap)
		input_set_max_line(in, cap);
	drain(in, g);
	input_close(in);
}

static void read_bytes(const void *p, size_t n, struct got *g, size_t cap)
{
	read_path(put_file(p, n), g, cap);
}

#define S(lit) lit, sizeof(lit) - 1

static void test_plain(void)
{
	struct got g;
	read_bytes(S("one\ntwo\nthree\n"), &g, 0);
	is_int(g.lines, 3, "three lines with a final newline");
	is_str(g.text, "one|two|three", "their text");
	is_int(g.bytes, 14, "bytes counted with newlines");
	is_int(g.lineno, 3, "lineno is the last line's number");
	is_int(g.last, INPUT_EOF, "ends with INPUT_EOF");

	read_bytes(S("one\ntwo"), &g, 0);
	is_int(g.lines, 2, "a last line without newline is a line");
	is_str(g.text, "one|two", "and keeps its text");
	is_int(g.bytes, 7, "bytes of a file without final newline");

	read_bytes(S("a\r\nb\r\n"), &g, 0);
	is_str(g.text, "a\r|b\r", "CR before LF is kept");

	read_bytes("", 0, &g, 0);
	is_int(g.lines + g.toolong, 0, "empty file: no lines");
	is_int(g.last, INPUT_EOF, "empty file: EOF, not an error");

	read_bytes(S("\n\n\n"), &g, 0);
	is_int(g.lines, 3, "empty lines are lines");

	read_bytes(S("a\0b\nc\0\n"), &g, 0);
	is_int(g.lines, 2, "NULs do not split lines");
	is_str(g.text, "a0b|c0", "NULs are kept inside lines");

	char err[128];
	ok(input_open(tmpdir, err, sizeof err) == NULL && strcmp(err, "is a directory") == 0,
	   "a directory is refused with a reason");
	ok(input_open("/nonexistent/x", err, sizeof err) == NULL && strstr(err, "No such file"),
	   "a missing file is refused with a reason");
}

static void test_long(void)
{
	/* A 3 MB line (many read chunks) between two short ones. */
	size_t big = 3u << 20;
	char *p = malloc(big + 32);
	memcpy(p, "x\n", 2);
	memset(p + 2, 'L', big);
	memcpy(p + 2 + big, "\ny\n", 3);
	struct got g;
	read_bytes(p, big + 5, &g, 0);
	is_int(g.lines, 3, "a line longer than the read chunk is one line");
	is_int(g.longest, big, "and has its full length");

	/* Over a lowered cap: reported as too long, not split. */
	char buf[1024];
	size_t n = 0;
	n += (size_t)sprintf(buf + n, "short\n");
	memset(buf + n, 'a', 150), n += 150, buf[n++] = '\n';
	n += (size_t)sprintf(buf + n, "after\n");
	memset(buf + n, 'b', 100), n += 100, buf[n++] = '\n';
	memset(buf + n, 'c', 101), n += 101;   /* last, no newline */
	read_bytes(buf, n, &g, 100);
	is_int(g.lines, 3, "lines up to the cap are read");
	is_int(g.toolong, 2, "lines over the cap are INPUT_TOOLONG");
	ok(strncmp(g.text, "short|#|after|bbb", 17) == 0 && g.text[strlen(g.text) - 1] == '#',
	   "the long lines are skipped whole, in place");
	is_int(g.lineno, 5, "skipped lines still count as lines");
	is_int(g.bytes, n, "and their bytes are counted");

	/* Over the cap and over several read chunks. */
	memset(p + 2, 'L', big);
	read_bytes(p, big + 5, &g, 1000);
	is_int(g.toolong, 1, "a 3 MB line over a 1000-byte cap is one INPUT_TOOLONG");
	is_str(g.text, "x|#|y", "and the lines around it are intact");
	is_int(g.bytes, big + 5, "all bytes accounted for");
	free(p);
}

static void test_gzip(void)
{
	struct got g;
	size_t zn, zn2;
	unsigned char *z = gz(S("alpha\nbeta\n"), &zn);
	read_bytes(z, zn, &g, 0);
	is_str(g.text, "alpha|beta", "gzip is decompressed");
	is_int(g.last, INPUT_EOF, "gzip ends cleanly");
	is_int(g.bytes, 11, "bytes are decompressed bytes");

	unsigned char *z2 = gz(S("gamma\ndelta"), &zn2);
	unsigned char *both = malloc(zn + zn2 + 16);
	memcpy(both, z, zn);
	memcpy(both + zn, z2, zn2);
	read_bytes(both, zn + zn2, &g, 0);
	is_str(g.text, "alpha|beta|gamma|delta", "multi-member gzip is read to the end");
	is_int(g.last, INPUT_EOF, "multi-member gzip ends cleanly");

	{
		char err[128];
		struct input *in = input_open(put_file(z, zn), err, sizeof err);
		struct span l;
		input_getline(in, &l);
		ok(input_is_gzip(in), "input_is_gzip is true for gzip");
		input_close(in);
		in = input_open(put_file(S("plain\n")), err, sizeof err);
		input_getline(in, &l);
		ok(!input_is_gzip(in), "and false for plain text");
		input_close(in);
	}

	memcpy(both + zn + zn2, "garbage!", 8);
	read_bytes(both, zn + zn2 + 8, &g, 0);
	is_str(g.text, "alpha|beta|gamma|delta", "trailing garbage: the lines come first");
	ok(g.error && strstr(g.err, "trailing garbage"), "then an error naming trailing garbage");

	/* A big, varied stream truncated in the middle. */
	size_t tn = 4u << 20, used = 0;
	char *text = malloc(tn);
	for (int i = 0; used + 40 < tn; i++)
		used += (size_t)sprintf(text + used, "line %d %x\n", i, (unsigned)i * 2654435761u);
	size_t zbn;
	unsigned char *zb = gz(text, used, &zbn);
	read_bytes(zb, zbn / 2, &g, 0);
	ok(g.error && strstr(g.err, "truncated"), "truncated gzip is an error naming truncation");
	ok(g.lines > 1000, "after the lines before the cut");
	ok(strncmp(g.text, "line 0 0|line 1 9e3779b1|", 25) == 0, "which are intact");

	/* Corrupt: damage the deflate data after the header. */
	memcpy(both, z, zn);
	both[10] = 0x07;   /* first deflate block: final, reserved type 3 */
	read_bytes(both, zn, &g, 0);
	ok(g.error && strstr(g.err, "corrupt gzip"), "corrupt gzip is an error naming corruption");
	printf("# corrupt: %s\n", g.err);

	/* A damaged CRC: data decodes but the check fails. */
	memcpy(both, z, zn);
	both[zn - 8] ^= 1;
	read_bytes(both, zn, &g, 0);
	ok(g.error, "a bad gzip CRC is an error");

	/* A gzip with a long line: more output than one read buffer. */
	memset(text, 'G', 1u << 20);
	text[1u << 20] = '\n';
	free(zb);
	zb = gz(text, (1u << 20) + 1, &zbn);
	read_bytes(zb, zbn, &g, 0);
	is_int(g.longest, 1u << 20, "a 1 MB line inside gzip is one line");
	is_int(g.last, INPUT_EOF, "and the stream ends cleanly");

	/* A gzip whose first read is larger than the inflate buffer. */
	srand(7);
	for (size_t i = 0; i < tn; i++)
		text[i] = (rand() % 64 == 0) ? '\n' : (char)(' ' + rand() % 90);
	free(zb);
	zb = gz(text, tn, &zbn);
	read_bytes(zb, zbn, &g, 0);
	is_int(g.bytes, tn, "an incompressible 4 MB gzip is read whole");
	is_int(g.last, INPUT_EOF, "without error");

	free(text);
	free(zb);
	free(z);
	free(z2);
	free(both);
}

static int hook_calls;
static int hook_wfd = -1;

/* The wait hook: record the call, then feed the pipe and close it. */
static void hook(void *arg)
{
	hook_calls++;
	*(int *)arg += 1;
	if (hook_wfd >= 0) {
		if (write(hook_wfd, "late\n", 5) != 5)
			exit(99);
		close(hook_wfd);
		hook_wfd = -1;
	}
}

static void test_pipe(void)
{
	int fds[2];
	if (pipe(fds) != 0)
		exit(99);
	if (write(fds[1], "p1\np2\n", 6) != 6)
		exit(99);
	close(fds[1]);
	struct input *in = input_fdopen(fds[0], "pipe");
	struct got g;
	drain(in, &g);
	is_str(g.text, "p1|p2", "lines from a pipe");
	is_str(input_name(in), "pipe", "the name given to input_fdopen");
	ok(input_mtime(in) == -1, "a pipe has no mtime");
	input_close(in);
	close(fds[0]);

	/* The hook runs before a read that would block, and only then. */
	if (pipe(fds) != 0)
		exit(99);
	if (write(fds[1], "first\n", 6) != 6)
		exit(99);
	hook_wfd = fds[1];
	hook_calls = 0;
	int count = 0;
	in = input_fdopen(fds[0], "pipe");
	input_set_wait_hook(in, hook, &count);
	struct span l;
	int st = input_getline(in, &l);
	ok(st == INPUT_LINE && l.len == 5, "first line read without waiting");
	is_int(hook_calls, 0, "no hook call while data is ready");
	st = input_getline(in, &l);
	ok(st == INPUT_LINE && l.len == 4 && memcmp(l.p, "late", 4) == 0,
	   "the line written by the hook is read");
	is_int(hook_calls, 1, "the hook ran once, before blocking");
	is_int(count, 1, "with its argument");
	is_int(input_getline(in, &l), INPUT_EOF, "then EOF");
	input_close(in);
	close(fds[0]);

	/* Gzip through a pipe (gzip detection must not need a seekable file). */
	size_t zn;
	unsigned char *z = gz(S("g1\ng2\n"), &zn);
	if (pipe(fds) != 0)
		exit(99);
	if (write(fds[1], z, 1) != 1)  /* the magic arrives split across reads */
		exit(99);
	hook_wfd = -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(20000);
		if (write(fds[1], z + 1, zn - 1) != (ssize_t)(zn - 1))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	in = input_fdopen(fds[0], "gzpipe");
	drain(in, &g);
	is_str(g.text, "g1|g2", "gzip from a pipe, magic split across reads");
	input_close(in);
	close(fds[0]);
	free(z);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 99;
	}
	test_plain();
	test_long();
	test_gzip();
	test_pipe();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return tap_done();
}
