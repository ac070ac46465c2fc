/* Unit tests of lib/rules: the rule-file format, errors, matching, groups, limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "tap.h"

static int load(struct ruleset *rs, const char *text, char *err, size_t n)
{
	return rules_load_text(rs, "t.rules", text, strlen(text), err, n);
}

static void test_format(void)
{
	struct ruleset *rs = rules_new();
	char err[256] = "";
	int n = load(rs,
		     "# a comment\n"
		     "\n"
		     "   # indented comment\n"
		     "sqli-1\tsql_injection\thigh\tpath,referer\t(?i)union\\s+select\tUNION SELECT\r\n"
		     "ssh.fail\tssh_failed\tmedium\t*\tFailed password for (?<user>\\S+) from (?<ip>\\S+)\t\n"
		     "x:1\tother\tlow\tmessage\tab\tdesc\twith\ttabs\n",
		     err, sizeof err);
	is_int(n, 3, "three rules loaded, comments and blanks skipped");
	is_str(err, "", "no error");
	is_int(rules_count(rs), 3, "count");
	const struct rule *r = rules_at(rs, 0);
	is_str(r->id, "sqli-1", "id");
	is_str(r->type, "sql_injection", "type");
	is_int(r->severity, RSEV_HIGH, "severity");
	is_str(r->fields, "path,referer", "fields");
	is_str(r->pattern, "(?i)union\\s+select", "pattern");
	is_str(r->desc, "UNION SELECT", "description, CR dropped");
	is_str(r->origin, "t.rules:4", "origin names file and line");
	ok(rules_has_field(r, "path", 4), "has field path");
	ok(rules_has_field(r, "referer", 7), "has field referer");
	ok(!rules_has_field(r, "pat", 3), "no prefix match of field names");
	ok(rules_has_field(rules_at(rs, 1), "anything", 8), "* takes every field");
	is_str(rules_at(rs, 1)->desc, "", "empty description allowed");
	is_str(rules_at(rs, 2)->desc, "desc\twith\ttabs", "description keeps TABs");
	ok(rules_find(rs, "ssh.fail") == rules_at(rs, 1), "find by id");
	ok(rules_find(rs, "nope") == NULL, "find unknown id");
	is_str(rules_sev_name(RSEV_CRITICAL), "critical", "severity name");
	is_int(rules_sev_parse("medium", 6), RSEV_MEDIUM, "severity parse");
	is_int(rules_sev_parse("Medium", 6), -1, "severity names are lower case");
	rules_free(rs);
}

static void expect_error(const char *text, const char *want, const char *what)
{
	struct ruleset *rs = rules_new();
	char err[256] = "";
	int n = load(rs, text, err, sizeof err);
	if (!ok(n == -1 && strstr(err, want) != NULL, what))
		printf("#   n=%d err='%s' want '%s'\n", n, err, want);
	rules_free(rs);
}

static void test_errors(void)
{
	expect_error("a\tt\thigh\t*\n", "t.rules:1: expected 6", "too few fields");
	expect_error("# c\n\nbad id\tt\thigh\t*\tx\td\n", "t.rules:3: bad rule id", "bad id, line counted");
	expect_error("a\tT\thigh\t*\tx\td\n", "bad type", "upper-case type");
	expect_error("a\tt\tsevere\t*\tx\td\n", "bad severity 'severe'", "bad severity");
	expect_error("a\tt\thigh\tpath,,x\tx\td\n", "bad fields list", "empty field name");
	expect_error("a\tt\thigh\t*\t\td\n", "empty pattern", "empty pattern");
	expect_error("a\tt\thigh\t*\t(unclosed\td\n", "t.rules:1: pattern error at offset 9",
		     "pattern error with offset");
	expect_error("a\tt\thigh\t*\tx\td\na\tt\thigh\t*\ty\td\n", "t.rules:2: duplicate rule id 'a'",
		     "duplicate id");

	struct ruleset *rs = rules_new();
	char err[256];
	int n = load(rs, "a\tt\thigh\t*\tx\td\nb\tt\thigh\t*\t[\td\n", err, sizeof err);
	is_int(n, -1, "error after a good line");
	is_int(rules_count(rs), 1, "rules before the bad line stay loaded");
	rules_free(rs);
}

static void test_file(void)
{
	char path[] = "/tmp/t_rules.XXXXXX";
	int fd = mkstemp(path);
	const char *text = "r1\tscanner\tlow\tuser_agent\t(?i)sqlmap\tsqlmap UA\n";
	ok(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text), "temp file");
	close(fd);
	struct ruleset *rs = rules_new();
	char err[256] = "";
	is_int(rules_load_file(rs, path, err, sizeof err), 1, "load file");
	char want[64];
	snprintf(want, sizeof want, "%s:1", path);
	is_str(rules_at(rs, 0)->origin, want, "origin from file name");
	unlink(path);
	is_int(rules_load_file(rs, path, err, sizeof err), -1, "missing file");
	ok(strstr(err, "No such file") != NULL && strncmp(err, path, strlen(path)) == 0,
	   "missing file: 'PATH: reason'");
	rules_free(rs);
}

static void test_match(void)
{
	struct ruleset *rs = rules_new();
	char err[256];
	load(rs,
	     "s\tsql_injection\thigh\t*\t(?i)union\\s+select\td\n"
	     "f\tssh_failed\tmedium\t*\tFailed password for (?:invalid user )?(?<user>\\S+) from (?<ip>[0-9.]+)\td\n"
	     "dup\tt\tlow\t*\t(?J)(?:a(?<x>1)|b(?<x>2))\td\n",
	     err, sizeof err);
	struct span w;
	const char *s = "id=1 UNION  SELECT pass";
	is_int(rules_match(rs, 0, s, strlen(s), &w), RULES_MATCH, "match");
	ok(w.len == 13 && memcmp(w.p, "UNION  SELECT", 13) == 0, "whole match span");
	is_int(rules_match(rs, 0, "union all", 9, NULL), RULES_NOMATCH, "no match");

	const char nul[] = "x\0union select";
	is_int(rules_match(rs, 0, nul, sizeof nul - 1, NULL), RULES_MATCH, "NUL bytes in subject");
	const char bin[] = "\xff\xfe union\xc0 select";
	is_int(rules_match(rs, 0, bin, sizeof bin - 1, NULL), RULES_NOMATCH, "invalid UTF-8 is fine");

	const char *m = "Failed password for invalid user admin from 203.0.113.9 port 22";
	struct span u, ip;
	is_int(rules_match(rs, 1, m, strlen(m), NULL), RULES_MATCH, "auth line matches");
	ok(rules_group(rs, 1, m, "user", &u) && u.len == 5 && memcmp(u.p, "admin", 5) == 0,
	   "named group user");
	ok(rules_group(rs, 1, m, "ip", &ip) && ip.len == 11 && memcmp(ip.p, "203.0.113.9", 11) == 0,
	   "named group ip");
	ok(!rules_group(rs, 1, m, "host", &u), "unknown group");
	is_int(rules_match(rs, 2, "b2", 2, NULL), RULES_MATCH, "duplicate names");
	ok(rules_group(rs, 2, "b2", "x", &u) && u.len == 1 && u.p[0] == '2',
	   "duplicate names: the one that took part");
	rules_free(rs);
}

static void test_limits(void)
{
	struct ruleset *rs = rules_new();
	char err[256];
	is_int(load(rs, "evil\tt\tlow\t*\t^(a+)+$\tcatastrophic\n"
			"evil2\tt\tlow\t*\t^(\\w+\\s?)*$\tnested\n", err, sizeof err), 2, "evil patterns load");
	size_t n = 40000;
	char *s = malloc(n + 2);
	memset(s, 'a', n);
	s[n] = '!';
	s[n + 1] = '\0';
	is_int(rules_match(rs, 0, s, n + 1, NULL), RULES_LIMIT, "(a+)+$ on a^n! hits the limit");
	for (size_t i = 0; i < n; i++)
		s[i] = (i % 7 == 6) ? ' ' : 'x';
	is_int(rules_match(rs, 1, s, n + 1, NULL), RULES_LIMIT, "(\\w+\\s?)*$ hits the limit");
	is_int(rules_limit_hits(rs), 2, "limit hits counted");
	is_int(rules_match(rs, 0, "aaaa", 4, NULL), RULES_MATCH, "still matches after a limit");
	is_int(rules_match(rs, 0, "aaaaaaaaaaaa!", 13, NULL), RULES_NOMATCH, "short subject: no match");
	rules_set_limits(rs, 50, 0);
	is_int(rules_match(rs, 0, "aaaaaaaaaaaa!", 13, NULL), RULES_LIMIT, "lower match limit applies");
	free(s);
	rules_free(rs);
}

int main(void)
{
	test_format();
	test_errors();
	test_file();
	test_match();
	test_limits();
	return tap_done();
}
