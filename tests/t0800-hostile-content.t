#!/bin/sh
# Every program on hostile content (issue 9): random bytes, NULs, invalid
# and overlong UTF-8, lone surrogates, escape sequences in fields (human
# output shows them escaped), deep nesting, 1e999999, duplicate keys.
# Each run: no crash (status <= 2), no hang (timeout), every diagnostic
# one line "PROG: ...", JSON output valid.  Sizes: t0801; files: t0802;
# output faults: t0803; full-size cases: scripts/torture.
. "${0%/*}/lib.sh"
. "$TESTS_DIR/hostile.sh"

random_bytes 7 100000 >rand.bin
hostile 'random bytes' rand.bin

{ head -5 rec.ndjson; printf '\000\000\000\n{"message":"a\000b"}\n\000{"message":"x"}\n'; tail -5 rec.ndjson; } >nul.bin
hostile 'NUL bytes in and around records' nul.bin

# Invalid, overlong and surrogate UTF-8 as raw bytes inside strings, and
# lone surrogates written as JSON escapes, in every text field.
{
	printf '{"timestamp":"2026-11-23T10:00:00Z","level":"ERROR","source":"x\377","format":"combined","message":"GET /\300\257 HTTP/1.1","ip":"10.0.0.1\355\240\200","method":"GET","path":"/\340\200\257etc/passwd\377","status":404,"user":"\302","user_agent":"\370\210\200\200\200"}\n'
	printf '{"timestamp":"2026-11-23T10:00:01Z","level":"ERROR","source":"\\ud800","format":"syslog","message":"Failed password for \\udc00 from 10.0.0.2 port 22 ssh2 \\ud83d","process":"sshd","hostname":"\\udfff\\ud800"}\n'
	printf '{"timestamp":"2026-11-23T10:00:02Z","level":"INFO","source":"s","message":"\\u0000\\ud800\\u0041","path":"/\\ud800?q=\\udc00","ip":"\\ud800"}\n'
} >utf8.ndjson
printf 'Oct 11 22:14:15 h\377st sshd[1]: Failed password for \300\257\355\240\200 from 10.0.0.1 port 22 ssh2\n' >utf8.log
for p in $PROGS; do
	f=utf8.ndjson
	[ $p = lparse ] && f=utf8.log
	test_expect_success "$p: invalid, overlong and surrogate UTF-8; lone surrogate escapes" "
		run $p $f && check_run $p &&
		if [ $p != lfilter ]; then
			test_json_lines out &&
			! grep -q \"\$(printf '\\377')\" out && ! grep -q \"\$(printf '\\300')\" out
		else
			test_line_count 3 out && cmp out $f
		fi
	"
done

# Escape sequences (CSI colours, OSC title, BEL, backspace, CR) in every
# field a human table shows.
E=$(printf '\\u001b[31m')
O=$(printf '\\u001b]0;pwned\\u0007')
{
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		printf '{"timestamp":"2026-11-23T10:00:%02dZ","level":"ERROR","source":"%ssrc","format":"combined","message":"GET /admin%s HTTP/1.1","ip":"10.0.0.%d%s","user":"root%s","method":"GET","path":"/etc/passwd%s/../../%s","status":401,"user_agent":"sqlmap%s\\b\\r","hostname":"h%s","process":"sshd%s"}\n' \
			$i "$E" "$O" $i "$E" "$O" "$E" "$O" "$O" "$E" "$O"
		printf '{"timestamp":"2026-11-23T10:00:%02dZ","level":"ERROR","source":"%ssrc","format":"syslog","message":"Failed password for invalid user %sadmin%s from 10.0.0.%d port 22 ssh2","hostname":"h%s","process":"sshd","pid":%d}\n' \
			$i "$E" "$E" "$O" $i "$O" $i
	done
} >ansi.ndjson
printf 'Oct 11 22:14:15 host app: \033[31mred\033[0m \033]0;title\007 done\r\n' >ansi.log
# human (text) output of each program that has one
human_cmds='lstat -f text ansi.ndjson
lstat -f text --by user,hostname ansi.ndjson
lstat -f tsv --by user ansi.ndjson
lthreat --summary ansi.ndjson
lanomaly --summary --mode fixed --errors 1 ansi.ndjson
lbrute -t 2 -v ansi.ndjson
lbrute --ips -t 2 ansi.ndjson
lfilter -o ip,user,path ansi.ndjson
lparse --stats ansi.log'
echo "$human_cmds" >human.cmds
while read -r cmd; do
	p=${cmd%% *}
	test_expect_success "escape sequences in fields: '$cmd' writes none raw" "
		run $cmd && test \$st -le 2 &&
		cat out err >both &&
		! grep -q \"\$(printf '\\033')\" both && ! grep -q \"\$(printf '\\007')\" both &&
		! grep -q \"\$(printf '\\010')\" both
	"
done <human.cmds
for p in $PROGS; do
	f=ansi.ndjson
	[ $p = lparse ] && f=ansi.log
	test_expect_success "$p: escape sequences in fields, JSON output" "
		run $p $f && check_run $p && test_json_lines out &&
		! grep -q \"\$(printf '\\033')\" out
	"
done

# Deep nesting: 200000 levels of arrays and of objects, inside a record.
awk 'BEGIN {
	printf "{\"message\":\"deep\",\"a\":"; for (i = 0; i < 200000; i++) printf "[";
	for (i = 0; i < 200000; i++) printf "]"; print "}"
	printf "{\"message\":\"deep\",\"a\":"; for (i = 0; i < 200000; i++) printf "{\"a\":";
	printf "1"; for (i = 0; i < 200000; i++) printf "}"; print "}"
	printf "{\"message\":\"open\",\"a\":"; for (i = 0; i < 200000; i++) printf "["; print ""
	print "{\"message\":\"after\"}"
}' >deep.ndjson
# (jq stops at depth 10000, so lfilter's output, the records themselves,
# is checked by count.)
PROGS="lparse lstat lanomaly lthreat lbrute" hostile 'deeply nested JSON (200000 levels)' deep.ndjson
test_expect_success 'lfilter: records nested too deep are one-line errors, the next one is kept' '
	run lfilter deep.ndjson && check_run lfilter && test_line_count 1 out &&
	test "$(cat out)" = "{\"message\":\"after\"}" &&
	test_line_count 3 err && grep -q "^lfilter: deep.ndjson:1: .*nested" err
'

# Numbers JSON allows but doubles do not hold.
{
	printf '{"timestamp":"2026-11-23T10:00:00Z","level":"ERROR","message":"n","status":1e999999,"size":-1e999999,"response_time":1e-999999,"pid":123456789012345678901234567890,"ip":"10.0.0.1","path":"/"}\n'
	printf '{"timestamp":"2026-11-23T10:00:01Z","level":"INFO","message":"n","status":-0,"size":1E+400,"response_time":0.0000000000000000000000000001,"ip":"10.0.0.1","path":"/x"}\n'
} >num.ndjson
hostile 'numbers like 1e999999' num.ndjson
test_expect_success 'lfilter compares 1e999999 without a crash, as infinity or as bytes' '
	run lfilter -w "status>500" -w "size<0" num.ndjson && check_run lfilter &&
	test_json_lines out
'

# Duplicate keys: read consistently (the first or the last, never both).
printf '{"timestamp":"2026-11-23T10:00:00Z","level":"ERROR","level":"INFO","message":"a","message":"b","ip":"1.2.3.4","ip":"5.6.7.8","path":"/x","path":"/etc/passwd","status":200,"status":"x"}\n' >dup.ndjson
hostile 'duplicate keys' dup.ndjson
test_expect_success 'lfilter: a duplicate key matches as one value, not both' '
	run lfilter -c -w message=a dup.ndjson && a=$(cat out) &&
	run lfilter -c -w message=b dup.ndjson && b=$(cat out) &&
	test $((a + b)) -eq 1
'

# The template miner (lparse --templates, lstat, lanomaly) on messages of
# every token count (a leaf once mixed lengths: UBSan in check-asan) and
# on 50000 messages that each start a template (once compared with every
# cluster: quadratic time).
awk 'BEGIN { for (n = 1; n <= 230; n++) { printf "Oct 11 22:14:15 host app:"; for (i = 0; i < n; i++) printf " w%c", 97 + (n + i) % 26; print "" } }' >lengths.log
awk 'function w(i,   s) { s = ""; do { s = s sprintf("%c", 97 + i % 26); i = int(i / 26) } while (i > 0); return s }
BEGIN { for (i = 0; i < 50000; i++) { x = w(i); printf "Oct 11 22:14:15 host app: %sa %sb %sc %sd %se %sf\n", x, x, x, x, x, x } }' >distinct.log
test_expect_success 'lparse --templates: messages of 1 to 230 tokens' '
	run lparse --templates lengths.log && check_run lparse && test_json_lines out &&
	test_line_count 230 out
'
test_expect_success 'lparse --templates, lstat, lanomaly: 50000 new templates in seconds' '
	run lparse --templates distinct.log && check_run lparse && test_line_count 50000 out &&
	test "$(jq -r .template_id out | sort -u | wc -l)" -gt 40000 &&
	lparse distinct.log >distinct.ndjson &&
	run lstat -f json distinct.ndjson && check_run lstat &&
	run lanomaly distinct.ndjson && check_run lanomaly
'
test_done
