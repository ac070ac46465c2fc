/*
 * Unit tests of lib/ndjson: the record loop over plain and gzip input,
 * bad lines with reasons, blank lines, counts, timestamps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include "ndjson.h"
#include "tap.h"

static const char text[] =
	"{\"timestamp\":\"2026-11-23T10:15:32.250+01:00\",\"level\":\"INFO\",\"message\":\"a\"}\n"
	"\n"
	"not json\n"
	"  \t\n"
	"[1,2]\n"
	"{\"level\":\"ERROR\",\"message\":\"b\"}\r\n"
	"{\"message\":\"c\"\n"
	"{\"timestamp\":\"yesterday\",\"message\":\"d\"}";

static void check(const char *path, const char *what)
{
	char err[160], msg[200];
	struct ndjson *r = ndjson_open(path, err, sizeof err);
	snprintf(msg, sizeof msg, "%s: opens", what);
	if (!ok(r != NULL, msg))
		return;
	const struct json_obj *rec;
	struct instant t;
	int st;

	st = ndjson_next(r, &rec);
	snprintf(msg, sizeof msg, "%s: first record", what);
	ok(st == NDJSON_RECORD && rec->text.len == 74 && rec->text.p[0] == '{', msg);
	snprintf(msg, sizeof msg, "%s: timestamp as an instant with nanoseconds", what);
	ok(ndjson_timestamp(rec, &t) && t.sec == 1795425332 && t.nsec == 250000000, msg);
	is_int(ndjson_lineno(r), 1, "line 1");

	st = ndjson_next(r, &rec);
	snprintf(msg, sizeof msg, "%s: 'not json' is a bad line, blank line skipped", what);
	ok(st == NDJSON_BAD && ndjson_lineno(r) == 3, msg);
	is_str(ndjson_reason(r), "not an object", "reason for 'not json'");

	st = ndjson_next(r, &rec);
	ok(st == NDJSON_BAD && ndjson_lineno(r) == 5, "an array is bad (whitespace line skipped)");
	is_str(ndjson_reason(r), "not an object", "reason for an array");

	st = ndjson_next(r, &rec);
	ok(st == NDJSON_RECORD && ndjson_lineno(r) == 6, "CRLF record");
	ok(rec->text.len && rec->text.p[rec->text.len - 1] == '\r', "the CR is kept (byte-exact)");
	ok(!ndjson_timestamp(rec, &t), "no timestamp: false");

	st = ndjson_next(r, &rec);
	ok(st == NDJSON_BAD && ndjson_lineno(r) == 7, "unterminated object is bad");
	is_str(ndjson_reason(r), "unexpected end", "reason for an unterminated object");

	st = ndjson_next(r, &rec);
	ok(st == NDJSON_RECORD && ndjson_lineno(r) == 8, "last line without a newline");
	ok(!ndjson_timestamp(rec, &t), "a non-RFC 3339 timestamp: false");
	ok(ndjson_next(r, &rec) == NDJSON_EOF, "then EOF");

	struct ndjson_counts c;
	ndjson_counts(r, &c);
	ok(c.lines == 8 && c.records == 3 && c.bad == 3 && c.blank == 2 && c.toolong == 0,
	   "counts: 8 lines = 3 records + 3 bad + 2 blank");
	is_int(c.bytes, sizeof text - 1, "bytes counted");
	ndjson_close(r);
}

int main(void)
{
	char plain[] = "/tmp/t_ndjson.XXXXXX";
	int fd = mkstemp(plain);
	if (fd < 0 || write(fd, text, sizeof text - 1) != (ssize_t)(sizeof text - 1))
		return 1;
	close(fd);
	check(plain, "plain");

	char gz[] = "/tmp/t_ndjson_gz.XXXXXX";
	fd = mkstemp(gz);
	gzFile g = gzdopen(fd, "wb");
	gzwrite(g, text, sizeof text - 1);
	gzclose(g);
	check(gz, "gzip");

	char err[160];
	ok(ndjson_open("/nonexistent/x", err, sizeof err) == NULL && err[0], "open failure has a reason");

	/* JSON_UTF8 via ndjson_set_flags */
	fd = open(plain, O_WRONLY | O_TRUNC);
	const char bad8[] = "{\"ua\":\"\xff\"}\n";
	if (write(fd, bad8, sizeof bad8 - 1) < 0)
		return 1;
	close(fd);
	struct ndjson *r = ndjson_open(plain, err, sizeof err);
	const struct json_obj *rec;
	ok(ndjson_next(r, &rec) == NDJSON_RECORD, "invalid UTF-8 accepted by default");
	ndjson_close(r);
	r = ndjson_open(plain, err, sizeof err);
	ndjson_set_flags(r, JSON_UTF8);
	ok(ndjson_next(r, &rec) == NDJSON_BAD && !strcmp(ndjson_reason(r), "invalid UTF-8"),
	   "invalid UTF-8 bad with JSON_UTF8");
	ndjson_close(r);
	ndjson_close(NULL);
	unlink(plain);
	unlink(gz);
	return tap_done();
}
