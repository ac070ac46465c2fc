#!/bin/sh
# lfilter: lines that are not records, --strict, hostile input, gzip,
# streaming (output before stdin closes) and quiet ends of pipes.
. "${0%/*}/lib.sh"

printf '%s\n' '{"level":"INFO","message":"one"}' 'not json' '' \
	'{"level":"ERROR","message":"two"' '[1,2]' '   ' '{"level":"ERROR","message":"three"}' >mixed.ndjson

test_expect_success 'bad lines are reported with file, line and reason, and skipped' '
	lfilter mixed.ndjson >out 2>err &&
	printf "%s\n" "{\"level\":\"INFO\",\"message\":\"one\"}" "{\"level\":\"ERROR\",\"message\":\"three\"}" >expect &&
	test_cmp expect out &&
	cat >expect <<-\EOT &&
	lfilter: mixed.ndjson:2: not a JSON object (not an object)
	lfilter: mixed.ndjson:4: not a JSON object (unexpected end)
	lfilter: mixed.ndjson:5: not a JSON object (not an object)
	EOT
	test_cmp expect err
'

test_expect_success 'bad lines do not change the exit status without --strict' '
	test_status 0 lfilter -l ERROR mixed.ndjson >out 2>/dev/null &&
	test_status 1 lfilter -l DEBUG mixed.ndjson 2>/dev/null
'

test_expect_success '--stats accounts for every line' '
	lfilter --stats -l ERROR mixed.ndjson >out 2>err &&
	grep -q "^lfilter: lines=7 records=2 not_json=3 blank=2 matched=1 untimed=0" err
'

test_expect_success '--strict: the first bad line is fatal, exit 2, output so far kept' '
	test_status 2 lfilter --strict mixed.ndjson >out 2>err &&
	echo "{\"level\":\"INFO\",\"message\":\"one\"}" >expect && test_cmp expect out &&
	echo "lfilter: mixed.ndjson:2: not a JSON object (not an object)" >expect &&
	test_cmp expect err
'

test_expect_success '--strict stops before later files' '
	test_status 2 lfilter --strict mixed.ndjson mixed.ndjson >out 2>err &&
	test_line_count 1 out && test_line_count 1 err
'

test_expect_success 'messages stop after 20 bad lines per input, then one summary' '
	i=0; while [ $i -lt 50 ]; do echo "garbage $i"; i=$((i+1)); done >bad.txt &&
	test_status 1 lfilter bad.txt >out 2>err &&
	test_line_count 21 err &&
	tail -n 1 err | grep -q "^lfilter: bad.txt: 50 lines were not JSON objects (the first 20 shown)"
'

test_expect_success 'stdin is named (stdin) in messages' '
	echo nope | test_must_fail lfilter 2>err &&
	grep -q "^lfilter: (stdin):1: not a JSON object" err
'

test_expect_success 'random bytes: no crash, only messages' '
	head -c 200000 /dev/urandom >rand.bin &&
	test_must_fail lfilter rand.bin >out 2>err &&
	test_line_count 0 out
'

test_expect_success 'NULs, raw escape sequences, invalid UTF-8: reported, no crash' '
	printf "{\"a\":\"x\0y\"}\n{\"a\":1}\0\n{\"ua\":\"caf\351 \033[31m\"}\n\0\0\0\n{\"ua\":\"caf\351\"}\n" >hostile.ndjson &&
	lfilter hostile.ndjson >out 2>err &&
	printf "{\"ua\":\"caf\351\"}\n" >expect && cmp expect out &&
	cat >expect <<-\EOT &&
	lfilter: hostile.ndjson:1: not a JSON object (control character in string)
	lfilter: hostile.ndjson:2: not a JSON object (trailing characters)
	lfilter: hostile.ndjson:3: not a JSON object (control character in string)
	lfilter: hostile.ndjson:4: not a JSON object (not an object)
	EOT
	test_cmp expect err
'

test_expect_success 'invalid UTF-8 records pass byte for byte; -o repairs them' '
	printf "{\"ua\":\"caf\351\",\"n\":\"\\\\u001b\"}\n" >u.ndjson &&
	lfilter u.ndjson >out && cmp u.ndjson out &&
	lfilter -o ua,n u.ndjson >out &&
	printf "caf\357\277\275\t\\\\x1b\n" >expect && cmp expect out
'

test_expect_success 'deep nesting is a bad line, not a crash' '
	{ printf "{\"a\":"; i=0; while [ $i -lt 2000 ]; do printf "[["; i=$((i+1)); done; echo; } >deep.ndjson &&
	test_must_fail lfilter deep.ndjson 2>err &&
	grep -q "too deeply nested" err
'

test_expect_success 'a 5 MB record is handled whole' '
	{ printf "{\"message\":\""; head -c 5000000 /dev/zero | tr "\0" a; printf "\",\"status\":500}\n"; } >big.ndjson &&
	lfilter -w status=500 big.ndjson >out && cmp big.ndjson out
'

test_expect_success 'empty input: no output, status 1' '
	: >empty.ndjson &&
	test_status 1 lfilter empty.ndjson >out && test_line_count 0 out
'

test_expect_success 'a truncated gzip: the records before it, one error, status 2' '
	i=0; while [ $i -lt 3000 ]; do echo "{\"n\":$i,\"message\":\"record number $i\"}"; i=$((i+1)); done >many.ndjson &&
	gzip -c many.ndjson >many.gz &&
	size=$(wc -c <many.gz) && head -c $((size / 2)) many.gz >trunc.gz &&
	test_status 2 lfilter trunc.gz >out 2>err &&
	tail -n 1 err | grep -q "^lfilter: trunc.gz: truncated gzip" &&
	n=$(wc -l <out) && test "$n" -gt 0 && head -n "$n" many.ndjson | cmp - out
'

test_expect_success 'an unreadable input among others: the rest is read, status 2' '
	test_status 2 lfilter -c many.ndjson /nonexistent many.ndjson >out 2>err &&
	echo 6000 >expect && test_cmp expect out &&
	grep -q "^lfilter: /nonexistent: " err
'

# The writers hold the FIFO open with a long sleep (exec'd, so $! is the
# sleep and killing it closes the FIFO); the reader must show its output
# while the writer still holds its end, within a generous 20 s.
test_expect_success 'streaming: a match is written before stdin closes' '
	mkfifo in.fifo || exit 1
	{ echo "{\"message\":\"first\"}"; exec sleep 60; } >in.fifo &
	w=$!
	lfilter <in.fifo >out.stream &
	pid=$!
	i=0 && while [ $i -lt 200 ] && ! grep -q first out.stream; do sleep 0.1; i=$((i+1)); done
	grep -q first out.stream
	st=$?
	kill $w
	wait $pid && test $st -eq 0 && test_line_count 1 out.stream
'

test_expect_success 'streaming with -o and through lparse' '
	mkfifo raw.fifo || exit 1
	{ echo "Nov 23 10:00:00 gw sshd[1]: Failed password for root from 10.0.0.5 port 22 ssh2"; exec sleep 60; } >raw.fifo &
	w=$!
	lparse --year 2026 <raw.fifo | lfilter -q Failed -o process,pid >lp.stream &
	i=0 && while [ $i -lt 200 ] && ! test -s lp.stream; do sleep 0.1; i=$((i+1)); done
	printf "sshd\t1\n" >expect && test_cmp expect lp.stream
	st=$?
	kill $w
	wait
	test $st -eq 0
'

test_expect_success 'lfilter | head -1 exits quietly' '
	i=0; while [ $i -lt 20 ]; do cat many.ndjson; i=$((i+1)); done >lots.ndjson &&
	lfilter lots.ndjson 2>err | head -n 1 >out &&
	test_line_count 1 out && test_line_count 0 err
'

test_expect_success 'a write error is reported, status 2' '
	if test -w /dev/full; then
		test_status 2 lfilter many.ndjson >/dev/full 2>err &&
		grep -q "^lfilter: write error: No space left on device" err
	fi
'

test_done
