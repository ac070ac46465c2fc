#!/bin/sh
# Regex safety (issue 9): catastrophic patterns from the user (lfilter -e
# and -w FIELD~RE, lthreat --rules, lbrute --rules), run on lines crafted
# to make them backtrack, end quickly with the match counted as a limit
# hit (regex_limit, limit_hits, regex_limit_hits), never a hang; broken
# patterns are one-line errors with status 2.
. "${0%/*}/lib.sh"

# 150 records whose message and path are 20000 'a's then "!b" (the
# classic subject for nested quantifiers, with the 'b' some patterns need
# before PCRE2 even tries), a few with other shapes.
awk 'BEGIN {
	a = "aaaaaaaaaaaaaaaaaaaa"; for (i = 0; i < 10; i++) a = a a;   # 20480
	for (i = 0; i < 150; i++)
		printf "{\"timestamp\":\"2026-11-23T10:%02d:00Z\",\"level\":\"ERROR\",\"message\":\"Failed %s!b\",\"path\":\"%s!b\",\"ip\":\"10.0.0.%d\"}\n", i % 60, a, a, i % 250
	s = ""; for (i = 0; i < 2000; i++) s = s "ab ";
	printf "{\"message\":\"Failed %s\",\"path\":\"/%s\"}\n", s, s
}' >crafted.ndjson
nrec=$(wc -l <crafted.ndjson)

# Each pattern: a name, then the PCRE2 pattern (with a leading "Failed "
# where lbrute needs one to be run at all).
cat >patterns <<'EOF'
nested-plus	(a+)+!$
alternation	(a|aa)+!$
overlap	(a|a)*b
star-star	(?:a*)*b
dot-groups	(.*a){12}b
words	(\w+\s?)*$
backref	(a*)*\1b
lookahead	(?=(a+)+b)a
EOF

# a rule file for lthreat (TYPE redos) and for lbrute (named group ip)
while IFS='	' read -r name re; do
	printf 'evil.%s\tredos\thigh\t*\t%s\tcatastrophic\n' "$name" "$re" >"$name.threat"
	printf 'evil.%s\tauth_failure\thigh\tmessage\t^Failed (?<ip>%s)\tcatastrophic\n' "$name" "$re" >"$name.brute"
done <patterns

stat_of() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$2"; }

while IFS='	' read -r name re; do
	test_expect_success "lfilter -e '$re': counted limit hits, quick" "
		timeout 60 lfilter --stats -e '$re' crafted.ndjson >out 2>err; st=\$? &&
		test \$st -le 1 && test \$(stat_of regex_limit err) -ge 1
	"
	test_expect_success "lfilter -w 'path~$re': counted limit hits, quick" "
		timeout 60 lfilter --stats -w 'path~$re' crafted.ndjson >out 2>err; st=\$? &&
		test \$st -le 1 && test \$(stat_of regex_limit err) -ge 1
	"
	test_expect_success "lthreat --rules with '$re': counted limit hits, quick" "
		timeout 60 lthreat --no-builtin --rules $name.threat --summary --json crafted.ndjson >sum 2>err; st=\$? &&
		test \$st -le 1 && jq -e '.limit_hits >= 1' sum && ! test -s err
	"
	test_expect_success "lbrute --rules with '^Failed (?<ip>$re)': counted limit hits, quick" "
		timeout 60 lbrute -v --rules $name.brute crafted.ndjson >out 2>err; st=\$? &&
		test \$st -le 1 && test \$(stat_of regex_limit_hits err) -ge 1
	"
done <patterns

test_expect_success 'the built-in rules of lthreat and lbrute on the crafted lines: quick, clean' '
	timeout 60 lthreat --summary --json crafted.ndjson >sum 2>err; st=$? &&
	test $st -le 1 && jq -e .records sum && ! test -s err &&
	timeout 60 lbrute -v crafted.ndjson >out 2>err; st=$? && test $st -le 1
'

# The whole run stays quick: 150 records x 8 patterns x 4 programs took
# well under a second each; a missing limit would take hours.
test_expect_success 'all patterns at once in one lthreat run: under 60 s' '
	cat *.threat >all.rules &&
	timeout 60 lthreat --no-builtin --rules all.rules --summary --json crafted.ndjson >sum &&
	jq -e ".limit_hits >= 8" sum
'

# Broken patterns: one line, status 2, before any input is read.
for re in '(' 'a{2,1}' '(?<ip>a)(?<ip>b)' '\' '[z-a]' 'a{99999999}' '(?<=a+)b'; do
	test_expect_success "lfilter -e '$re': a usage error naming the regex, status 2" "
		test_status 2 lfilter -e '$re' crafted.ndjson </dev/null >out 2>err &&
		head -1 err | grep -q '^lfilter: regex ' && ! test -s out &&
		test $(wc -l <err) -le 2
	"
	printf 'bad\tredos\thigh\t*\t%s\tbroken\n' "$re" >bad.threat
	test_expect_success "lthreat --rules with '$re': one-line error naming FILE:LINE, status 2" "
		test_status 2 lthreat --rules bad.threat crafted.ndjson </dev/null >out 2>err &&
		test_line_count 1 err && grep -q '^lthreat: bad.threat:1: ' err && ! test -s out
	"
	printf 'x.bad\tauth_failure\thigh\tmessage\t%s\tbroken\n' "$re" >bad.brute
	test_expect_success "lbrute --rules with '$re': one-line error naming FILE:LINE, status 2" "
		test_status 2 lbrute --rules bad.brute crafted.ndjson </dev/null >out 2>err &&
		test_line_count 1 err && grep -q '^lbrute: bad.brute:1: ' err && ! test -s out
	"
done
test_done
