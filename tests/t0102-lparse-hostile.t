#!/bin/sh
# lparse on hostile input: random bytes, NULs, invalid UTF-8, escape
# sequences, a 50 MB line, empty and truncated files, write errors, and a
# reader that goes away.  No crash, valid JSON out, clear errors.
. "${0%/*}/lib.sh"

G=$DATA/golden

# Deterministic pseudo-random bytes: random_bytes SEED COUNT
random_bytes() {
	awk -v seed="$1" -v n="$2" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++) printf "%c", int(rand() * 256)
	}'
}

test_expect_success 'random bytes: valid JSON, every line accounted for' '
	random_bytes 42 400000 >rand &&
	lparse -v rand >out 2>err && test_json_lines out &&
	lines=$(sed -n "s/.* lines=\([0-9]*\) .*/\1/p" err) &&
	test "$lines" -eq $(( $(wc -l <rand) + 1 )) &&
	grep -q " records=$(wc -l <out) " err
'

test_expect_success 'random bytes with syslog and access prefixes: valid JSON' '
	for s in 1 2 3 4 5 6 7 8; do
		random_bytes $s 300 | tr -d "\n" >junk
		printf "<13>Oct 11 22:14:15 host app[1]: " && cat junk && echo
		printf "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /" && cat junk && echo "\" 200 1"
		printf "<13>1 2019-02-13T19:48:34Z h a p m [x k=\"" && cat junk && echo "\"] msg"
		printf "2026-11-23 10:15:32,123 ERROR app " && cat junk && echo
		echo "Traceback (most recent call last):" && printf "  " && cat junk && echo
	done >prefixed &&
	lparse prefixed >out && test_json_lines out
'

test_expect_success 'NUL bytes stay in the record as \u0000' '
	printf "a\000b\nOct 11 22:14:15 host app: x\000y\n" >nul.log &&
	lparse nul.log >out && test_json_lines out && test_line_count 2 out &&
	jq -r .message out | od -An -c | tr -s " " >got &&
	printf " a \\\\0 b \\\\n x \\\\0 y \\\\n\n" >expect && test_cmp expect got
'

test_expect_success 'invalid UTF-8 becomes U+FFFD, valid UTF-8 is kept' '
	printf "bad \377\376 overlong \300\257 surrogate \355\240\200 cut \342\202 ok \303\251\n" >utf.log &&
	lparse utf.log >out && test_json_lines out &&
	msg=$(jq -r .message out) &&
	case $msg in *"$(printf "\357\277\275")"*) ;; *) echo "no U+FFFD: $msg"; false ;; esac &&
	case $msg in *"$(printf "ok \303\251")") ;; *) echo "lost valid UTF-8: $msg"; false ;; esac &&
	! grep -q "$(printf "\377")" out
'

test_expect_success 'ANSI escape sequences are escaped, never written raw' '
	printf "Oct 11 22:14:15 host app: \033[31mred\033[0m \033]0;title\007 done\r\n" >ansi.log &&
	lparse ansi.log >out && test_json_lines out &&
	! grep -q "$(printf "\033")" out && ! grep -q "$(printf "\007")" out &&
	grep -q "u001b\[31mred" out &&
	test "$(jq -r .message out | od -An -c | grep -c 033)" -ge 1
'

test_expect_success 'control characters in every field position are escaped' '
	printf "1.2.3.4 - u\001 [10/Oct/2000:13:55:36 -0700] \"GET /\002 HTTP/1.1\" 200 1 \"\003\" \"\004\"\n" >ctl.log &&
	lparse ctl.log >out && test_json_lines out &&
	test "$(jq -r .format out)" = combined &&
	! LC_ALL=C grep -q "[[:cntrl:]]" out
'

test_expect_success 'structured-data names with backslashes and quotes: valid JSON keys' '
	printf "%s\n" "<13>1 2019-02-13T19:48:34Z h a p m [id\\x k\\=\"v\" q\\\\=\"w\"] msg" \
		"<13>Oct 11 22:14:15 h app: [o\\ k\\=\"v\"] msg" >sd.log &&
	lparse sd.log >out && test_json_lines out && test_line_count 2 out
'

test_expect_success 'an empty file: no output, status 0, zero counts' '
	: >empty.log &&
	lparse -v empty.log >out 2>err && ! test -s out &&
	grep -q "lines=0 records=0 " err
'

test_expect_success 'a file of newlines only: one raw record per line' '
	printf "\n\n\n" >nl.log && lparse nl.log >out && test_json_lines out && test_line_count 3 out
'

test_expect_success 'a last line without a newline is still read' '
	printf "Oct 11 22:14:15 host app: no newline" >nonl.log &&
	lparse nonl.log >out && test_json_lines out &&
	test "$(jq -r .message out)" = "no newline"
'

test_expect_success 'a 50 MB single line: one record, the whole line, valid JSON' '
	{ head -c 52428800 /dev/zero | tr "\000" x; echo; echo "Oct 11 22:14:15 host app: after"; } >long.log &&
	lparse -v long.log >out 2>err && test_json_lines out && test_line_count 2 out &&
	test "$(head -1 out | jq ".message | length")" -eq 52428800 &&
	test "$(tail -1 out | jq -r .message)" = after &&
	grep -q " lines=2 records=2 " err
'

test_expect_success 'a 50 MB line of random bytes (no newline): no crash, valid JSON' '
	head -c 52428800 /dev/urandom | tr -d "\n" >longr.log &&
	lparse longr.log >out && test_json_lines out && test_line_count 1 out
'

test_expect_success 'memory stays proportional to the line' '
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M lparse long.log >/dev/null 2>rss &&
		kb=$(tail -1 rss) && echo "# peak RSS for a 50 MB line: $kb KB" &&
		test "$kb" -lt 400000
	fi
'

test_expect_success 'an endless traceback stops growing at 4 MiB; every line still accounted' '
	{ echo "2026-11-23 10:15:32,123 ERROR app x" &&
	  echo "Traceback (most recent call last):" &&
	  awk "BEGIN { for (i = 0; i < 100000; i++)
		printf \"  File \\\"/srv/app/module_%d.py\\\", line %d, in f%d\\n\", i, i, i }" &&
	  echo "ValueError: x"; } >tb.log &&
	lparse -v tb.log >out 2>err && test_json_lines out &&
	tb=$(jq "select(.format == \"python\") | .traceback | length" out) &&
	test "$tb" -le 4194304 && test "$tb" -gt 4000000 &&
	grep -q " lines=100003 records=$(wc -l <out) " err &&
	eval "$(sed -n "s/.* records=\([0-9]*\) joined=\([0-9]*\) skipped=\([0-9]*\) .*/r=\1 j=\2 s=\3/p" err)" &&
	test $((r + j + s)) -eq 100003
'

test_expect_success 'a truncated .gz: records before it stay written, one-line error, status 2' '
	gzip -c "$G/common.log" >t.gz && size=$(wc -c <t.gz) &&
	head -c $((size - 8)) t.gz >trunc.gz &&
	test_status 2 lparse trunc.gz "$G/nginx.log" >out 2>err &&
	test_json_lines out && test_line_count 1 err &&
	grep -q "^lparse: trunc.gz: " err &&
	test "$(jq -r .source out | uniq -c | sed "s/^ *//" | tr "\n" " ")" = "5 trunc 4 nginx.log "
'

test_expect_success 'a gzip cut in the middle: what was read is written, status 2' '
	head -c 300 /dev/urandom >rnd && gzip -c "$G/python.log" >p.gz &&
	head -c 150 p.gz >mid.gz &&
	test_status 2 lparse mid.gz >out 2>err && test_json_lines out &&
	test_line_count 1 err && grep -q "^lparse: mid.gz: " err
'

test_expect_success 'a corrupt gzip body: one-line error, status 2' '
	gzip -c "$G/syslog.log" >c.gz &&
	{ head -c 20 c.gz; printf "garbage garbage garbage"; tail -c +44 c.gz; } >corrupt.gz &&
	test_status 2 lparse corrupt.gz >out 2>err && test_json_lines out &&
	test_line_count 1 err && grep -q "^lparse: corrupt.gz: " err
'

test_expect_success 'gzip magic alone (2 bytes): an error, not a crash' '
	printf "\037\213" >magic.gz &&
	test_must_fail lparse magic.gz >out 2>err && test_line_count 1 err
'

test_expect_success '/dev/full as stdout: write error, status 2' '
	if [ -w /dev/full ]; then
		test_status 2 lparse "$G/syslog.log" >/dev/full 2>err &&
		test_line_count 1 err && grep -q "^lparse: write error: No space left on device" err
	fi
'

test_expect_success '/dev/full with a big input: still one message, status 2' '
	if [ -w /dev/full ]; then
		test_status 2 lparse rand >/dev/full 2>err && test_line_count 1 err
	fi
'

test_expect_success 'lparse big | head -1: quiet, no stderr, quick' '
	awk "BEGIN { for (i = 0; i < 400000; i++)
		printf \"Oct 11 22:14:15 host sshd[%d]: Accepted publickey for u%d\\n\", i, i }" >big.log &&
	{ lparse big.log 2>err; echo $? >st; } | head -1 >out &&
	test_json_lines out && test_line_count 1 out && ! test -s err &&
	st=$(cat st) && { [ "$st" -eq 0 ] || [ "$st" -eq 141 ]; }
'

test_expect_success 'zcat big.gz | lparse | head -1: quiet' '
	gzip -c big.log >big.gz &&
	{ lparse big.gz 2>err; } | head -1 >out && test_line_count 1 out && ! test -s err
'

# wait_lines N FILE: up to 4 s for FILE to hold N lines
wait_lines() {
	i=0
	while [ "$i" -lt 40 ] && [ "$(wc -l <"$2")" -lt "$1" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	test_line_count "$1" "$2"
}

test_expect_success 'a pipe that stays open: records come out before input ends' '
	mkfifo fifo || exit 1
	{ echo "Oct 11 22:14:15 host app: first"; sleep 6; echo "Oct 11 22:14:16 host app: second"; } >fifo &
	lparse <fifo >out &
	pid=$! &&
	wait_lines 1 out &&
	wait $pid && test_line_count 2 out && test_json_lines out
'

test_expect_success 'a pending Python record is written while the pipe is idle' '
	mkfifo fifo2 || exit 1
	{ echo "2026-11-23 10:15:32,123 ERROR app x"; sleep 6; echo "Traceback (most recent call last):"; } >fifo2 &
	lparse <fifo2 >out &
	pid=$! &&
	wait_lines 1 out &&
	wait $pid && test_json_lines out
'
test_expect_success 'a traceback a moment after its record on stdin still joins it' '
	{ echo "2026-11-23 10:15:32,123 ERROR app x"; sleep 0.02
	  printf "Traceback (most recent call last):\n  File \"x\"\nValueError: y\n"; } |
	lparse >out && test_json_lines out && test_line_count 1 out &&
	test "$(jq -r .traceback out | tail -1)" = "ValueError: y"
'
test_done
