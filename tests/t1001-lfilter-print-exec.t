#!/bin/sh
# lfilter --print (templates) and --exec (a command per match: the record
# on stdin, LT_* variables, no shell unless asked, --exec-rate, failures).
. "${0%/*}/lib.sh"

ESC=$(printf '\033')

test_expect_success 'setup' '
	cat >in.ndjson <<-\EOF
	{"timestamp":"2026-11-23T03:10:06Z","level":"ERROR","source":"auth.log","message":"Failed password for root","ip":"192.0.2.7","status":401}
	{"level":"INFO","source":"app.log","message":"all fine"}
	{"timestamp":"2026-11-23T03:11:00Z","level":"CRITICAL","source":"app.log","message":"bad \u001b[2J\u0007 and \u202e here","extra":{"a":1}}
	EOF
	printf "{\"level\":\"ERROR\",\"message\":\"x\\\\u00ff\",\"raw\":\"bad \377 byte\"}\n" >>in.ndjson
'

test_expect_success '--print: fields, missing ones empty, braces' '
	lfilter -l ">=WARNING" -p "{timestamp} {level} {source}: {message} <{ip}> {{x}} {status}" in.ndjson >out &&
	head -1 out >first &&
	echo "2026-11-23T03:10:06Z ERROR auth.log: Failed password for root <192.0.2.7> {x} 401" >expect &&
	test_cmp expect first &&
	sed -n 2p out | grep "^2026-11-23T03:11:00Z CRITICAL app.log: bad " &&
	test_line_count 3 out
'

test_expect_success '--print: control characters, bidi overrides and bad UTF-8 are escaped' '
	lfilter -p "{message}|{raw}|{extra}" in.ndjson >out &&
	! grep "$ESC" out &&
	grep -F "bad \\x1b[2J\\x07 and \\u{202e} here||{\"a\":1}" out &&
	grep -a "^x.*|bad .xff byte|$" out
'

test_expect_success '--print goes with --last (newest first)' '
	lfilter --last 2 -p "{message}" in.ndjson >out &&
	printf "bad \\\\x1b[2J\\\\x07 and \\\\u{202e} here\nFailed password for root\n" >expect &&
	test_cmp expect out
'

test_expect_success '--print errors: an unclosed brace, a stray one, with -o' '
	test_status 2 lfilter -p "{message" in.ndjson 2>err &&
	grep "^lfilter: --print .{message.: .{. at offset 0 is not closed" err &&
	grep "lfilter --help" err &&
	test_status 2 lfilter -p "a}b" in.ndjson &&
	test_status 2 lfilter -p "{}" in.ndjson &&
	test_status 2 lfilter -p "{m}" -o message in.ndjson
'

test_expect_success '--exec: the record on stdin, LT_* variables, no output of its own' '
	cat >hook <<-\EOF &&
	#!/bin/sh
	printf "%s|%s|%s|%s|%s|" "$LT_TIMESTAMP" "$LT_LEVEL" "$LT_IP" "$LT_STATUS" "$1" >>calls
	cat >>calls
	EOF
	chmod +x hook &&
	lfilter -l ERROR -x "./hook {source}" in.ndjson >out &&
	test_line_count 0 out &&
	head -1 calls >first &&
	echo "2026-11-23T03:10:06Z|ERROR|192.0.2.7|401|auth.log|$(head -1 in.ndjson)" >expect &&
	test_cmp expect first &&
	test_line_count 2 calls &&
	lfilter -l ERROR -x true -o level,source in.ndjson >out &&
	printf "ERROR\tauth.log\nERROR\t\n" >expect &&
	test_cmp expect out
'

test_expect_success '--exec: no shell: metacharacters in fields stay arguments' '
	printf "{\"message\":\"; touch pwned; \$(touch pwned2)\"}\n" >evil.ndjson &&
	lfilter -x "printf %s\\\\n {message}" -p "" evil.ndjson >out &&
	! test -e pwned && ! test -e pwned2 &&
	grep -F "; touch pwned; \$(touch pwned2)" out
'

test_expect_success '--exec with quotes and --exec-shell' '
	lfilter -q fine -x "sh -c '"'"'echo \"\$LT_SOURCE says \$LT_MESSAGE\" >said'"'"'" in.ndjson &&
	echo "app.log says all fine" >expect && test_cmp expect said &&
	lfilter -q fine --exec-shell -x "echo \"\$LT_LEVEL\" >said2" in.ndjson &&
	echo INFO >expect && test_cmp expect said2
'

test_expect_success '--exec-rate: the runs over the rate are skipped and counted' '
	for i in 1 2 3 4 5 6 7 8 9 10; do echo "{\"message\":\"m$i\"}"; done >ten.ndjson &&
	lfilter -x "./hook" --exec-rate 4 ten.ndjson 2>err &&
	rm -f calls && lfilter -x "./hook" --exec-rate 4 ten.ndjson 2>err &&
	test_line_count 4 calls &&
	grep "^lfilter: --exec: 4 runs, 0 failed, 6 skipped over --exec-rate 4 a minute$" err
'

test_expect_success '--exec: failures are counted, reported and make status 2' '
	test_status 2 lfilter -x false ten.ndjson 2>err &&
	test $(grep -c "exit status 1$" err) -eq 5 &&
	grep "^lfilter: --exec: 10 runs, 10 failed, 0 skipped" err &&
	test_status 2 lfilter -x ./no-such-program ten.ndjson 2>err &&
	grep "^lfilter: --exec: ./no-such-program: No such file or directory" err
'

test_expect_success '--exec usage errors' '
	test_status 2 lfilter -x "echo \"open" in.ndjson 2>err &&
	grep "unbalanced" err &&
	test_status 2 lfilter -x "" in.ndjson &&
	test_status 2 lfilter --exec-shell in.ndjson &&
	test_status 2 lfilter -x true --exec-rate 0 in.ndjson &&
	test_status 2 lfilter -x true -c in.ndjson
'

test_done
