#!/bin/sh
# lfilter: every test option, alone and combined; byte-identical output;
# records without the tested field; exit status.
. "${0%/*}/lib.sh"

cat >recs.ndjson <<'IN'
{"timestamp":"2026-11-23T10:00:00Z","level":"INFO","source":"web","format":"combined","message":"GET / HTTP/1.1","ip":"10.0.0.1","method":"GET","path":"/","status":200,"size":512,"user_agent":"Mozilla/5.0","response_time":0.02}
{"timestamp":"2026-11-23T10:05:00.250Z","level":"ERROR","source":"web","format":"combined","message":"POST /api/login HTTP/1.1","ip":"203.0.113.9","method":"POST","path":"/api/login","status":503,"size":0,"user_agent":"curl/8.5.0","response_time":2.5}
{"timestamp":"2026-11-23T11:05:00+01:00","level":"WARNING","source":"web","format":"combined","message":"GET /admin HTTP/1.1","ip":"2001:db8::7","method":"GET","path":"/admin","status":404,"size":10,"user_agent":"Curl/7.1","response_time":0.5}
{"timestamp":"2026-11-23T10:20:00Z","level":"CRITICAL","source":"app","format":"python","message":"Database connection lost","module":"app.db","traceback":"Traceback (most recent call last):\n  File \"x.py\"\nError"}
{"level":"INFO","source":"app","format":"raw","message":"no time on this line"}
{"timestamp":"2026-11-23T10:30:00Z","level":"DEBUG","source":"auth","format":"syslog","message":"Failed password for root from 10.9.8.7 port 22","hostname":"gw","process":"sshd","pid":4242}
{ "timestamp" : "2026-11-23T10:40:00Z", "level" : "INFO", "source" : "other", "message" : "spaced \u00e9 record", "user" : "bob" }
IN

test_expect_success 'no test: every record, byte for byte' '
	lfilter recs.ndjson >out && test_cmp recs.ndjson out
'

test_expect_success 'kept lines are byte-identical to the input lines' '
	lfilter -w "status>=400" recs.ndjson >out &&
	grep -F "\"status\":503" recs.ndjson >expect &&
	grep -F "\"status\":404" recs.ndjson >>expect &&
	test_cmp expect out
'

test_expect_success 'CRLF lines and odd spacing pass through unchanged' '
	printf "{\"a\":1}\r\n{ \"a\" :2 }\n\t{\"a\":3}  \n" >crlf.ndjson &&
	lfilter crlf.ndjson >out && cmp crlf.ndjson out
'

test_expect_success '-w status>=500 (numeric)' '
	lfilter -w "status>=500" recs.ndjson >out && test_line_count 1 out &&
	grep -q "/api/login" out
'

test_expect_success '-w status=404, method=POST, path~, ip!=' '
	test "$(lfilter -c -w status=404 recs.ndjson)" = 1 &&
	test "$(lfilter -c -w method=POST recs.ndjson)" = 1 &&
	test "$(lfilter -c -w "path~^/a" recs.ndjson)" = 2 &&
	test "$(lfilter -c -w ip!=10.0.0.1 recs.ndjson)" = 2
'

test_expect_success '-w user_agent~(?i)curl and response_time>1.5' '
	test "$(lfilter -c -w "user_agent~(?i)curl" recs.ndjson)" = 2 &&
	test "$(lfilter -c -w "response_time>1.5" recs.ndjson)" = 1 &&
	test "$(lfilter -c -w "response_time>=0.5" recs.ndjson)" = 2
'

test_expect_success '-w has:traceback and !has:user' '
	test "$(lfilter -c -w has:traceback recs.ndjson)" = 1 &&
	test "$(lfilter -c -w !has:user recs.ndjson)" = 6
'

test_expect_success 'records without the tested field never match a comparison' '
	test "$(lfilter -c -w status!=200 recs.ndjson)" = 2 &&
	test_status 1 lfilter -w "user=alice" recs.ndjson
'

test_expect_success 'several -w are combined with AND' '
	test "$(lfilter -c -w "status>=400" -w method=GET recs.ndjson)" = 1
'

test_expect_success '-q in message, -i folds case' '
	test "$(lfilter -c -q login recs.ndjson)" = 1 &&
	test "$(lfilter -c -q DATABASE recs.ndjson)" = 0 &&
	test "$(lfilter -c -i -q DATABASE recs.ndjson)" = 1
'

test_expect_success '-q finds decoded text (\u00e9)' '
	test "$(lfilter -c -q "spaced é" recs.ndjson)" = 1
'

test_expect_success '-e regex, --in another field, --in *' '
	test "$(lfilter -c -e "^(GET|POST) /a" recs.ndjson)" = 2 &&
	test "$(lfilter -c -q curl --in user_agent recs.ndjson)" = 1 &&
	test "$(lfilter -c -i -q curl --in user_agent recs.ndjson)" = 2 &&
	test "$(lfilter -c -q sshd --in "*" recs.ndjson)" = 1 &&
	test "$(lfilter -c -q sshd recs.ndjson)" = 0
'

test_expect_success '-e with --in * and -i' '
	test "$(lfilter -c -e "^Curl/" --in "*" recs.ndjson)" = 1 &&
	test "$(lfilter -c -i -e "^curl/" --in "*" recs.ndjson)" = 2 &&
	test "$(lfilter -c -e "^gw$" --in "*" recs.ndjson)" = 1
'

test_expect_success '-q and -e together must both hold' '
	test "$(lfilter -c -q GET -e "/admin" recs.ndjson)" = 1 &&
	test "$(lfilter -c -q POST -e "/admin" recs.ndjson)" = 0
'

test_expect_success '-l exact, >=, <=, list' '
	test "$(lfilter -c -l ERROR recs.ndjson)" = 1 &&
	test "$(lfilter -c -l ">=WARNING" recs.ndjson)" = 3 &&
	test "$(lfilter -c -l "<=INFO" recs.ndjson)" = 4 &&
	test "$(lfilter -c -l error,critical recs.ndjson)" = 2
'

test_expect_success '-s repeated is OR' '
	test "$(lfilter -c -s app recs.ndjson)" = 2 &&
	test "$(lfilter -c -s app -s auth recs.ndjson)" = 3
'

test_expect_success '--ip IPv4 and IPv6 networks, repeated is OR' '
	test "$(lfilter -c --ip 10.0.0.0/8 recs.ndjson)" = 1 &&
	test "$(lfilter -c --ip 2001:db8::/32 recs.ndjson)" = 1 &&
	test "$(lfilter -c --ip 10.0.0.0/8 --ip 203.0.113.0/24 --ip 2001:db8::/32 recs.ndjson)" = 3
'

test_expect_success '-v inverts the tests' '
	test "$(lfilter -c -v -s web recs.ndjson)" = 4 &&
	lfilter -v -w "status>=0" recs.ndjson >out && test_line_count 4 out
'

test_expect_success '--since and --until with RFC 3339, offsets and fractions' '
	test "$(lfilter -c --since 2026-11-23T10:05:00Z recs.ndjson)" = 5 &&
	test "$(lfilter -c --since 2026-11-23T10:05:00.250Z recs.ndjson)" = 4 &&
	test "$(lfilter -c --since 2026-11-23T10:05:00.251Z recs.ndjson)" = 3 &&
	test "$(lfilter -c --since 2026-11-23T11:05:00.1+01:00 recs.ndjson)" = 4 &&
	test "$(lfilter -c --until "2026-11-23 10:05:00" recs.ndjson)" = 1 &&
	test "$(lfilter -c --since 2026-11-23T10:04Z --until 2026-11-23T10:21Z recs.ndjson)" = 3
'

test_expect_success '--since a date alone, and relative times' '
	test "$(lfilter -c --since 2026-11-23 recs.ndjson)" = 6 &&
	test "$(lfilter -c --since 2026-11-24 recs.ndjson)" = 0 &&
	test "$(lfilter -c --since 100000d recs.ndjson)" = 6 &&
	test "$(lfilter -c --since 1h recs.ndjson)" = 0
'

test_expect_success 'a time filter drops records without a timestamp and counts them' '
	lfilter --stats --since 2000-01-01 recs.ndjson >out 2>err &&
	test_line_count 6 out && grep -q "untimed=1" err
'

test_expect_success '-v does not invert the time window' '
	test "$(lfilter -c -v -s web --since 2026-11-23T10:10:00Z recs.ndjson)" = 3
'

test_expect_success '-n stops after N, --last gives the N newest, newest first' '
	lfilter -n 2 recs.ndjson >out && head -n 2 recs.ndjson >expect && test_cmp expect out &&
	lfilter --last 2 -o timestamp recs.ndjson >out &&
	printf "2026-11-23T10:40:00Z\n2026-11-23T10:30:00Z\n" >expect && test_cmp expect out &&
	lfilter --last 3 -s web recs.ndjson >out &&
	{ sed -n 2p recs.ndjson; sed -n 3p recs.ndjson; sed -n 1p recs.ndjson; } >expect &&
	test_cmp expect out
'

test_expect_success '--last with -c counts what it keeps' '
	test "$(lfilter -c --last 4 recs.ndjson)" = 4 &&
	test "$(lfilter -c --last 100 recs.ndjson)" = 6
'

test_expect_success '-o prints TSV, --header names the fields, missing fields are empty' '
	lfilter -o ip,status,user --header -s web recs.ndjson >out &&
	printf "ip\tstatus\tuser\n10.0.0.1\t200\t\n203.0.113.9\t503\t\n2001:db8::7\t404\t\n" >expect &&
	test_cmp expect out
'

test_expect_success '-o escapes TAB and newline inside values' '
	lfilter -o traceback -w has:traceback recs.ndjson >out &&
	printf "%s\n" "Traceback (most recent call last):\\n  File \"x.py\"\\nError" >expect &&
	test_cmp expect out
'

test_expect_success '-o with a dotted path and a flat dotted key' '
	echo "{\"a\":{\"b\":1},\"sd.x.y\":\"v\"}" >n.ndjson &&
	test "$(lfilter -o a.b,sd.x.y n.ndjson)" = "1	v"
'

test_expect_success '--shard splits records into N disjoint parts that add up' '
	for i in 0 1 2; do lfilter --shard $i/3 recs.ndjson; done | sort >all &&
	sort recs.ndjson >expect && test_cmp expect all &&
	lfilter --shard 0/3 recs.ndjson >s0 && lfilter --shard 0/3 recs.ndjson >s0b && test_cmp s0 s0b
'

test_expect_success '--shard is the documented FNV-1a 64 hash of the key, modulo N' '
	echo "{\"ip\":\"a\"}" >k.ndjson &&
	# fnv1a64("a") = 0xaf63dc4c8601ec8c: 0 mod 2, 1 mod 3
	test "$(lfilter -c --shard 0/2 k.ndjson)" = 1 &&
	test "$(lfilter -c --shard 1/2 k.ndjson)" = 0 &&
	test "$(lfilter -c --shard 1/3 k.ndjson)" = 1 &&
	test "$(lfilter -c --shard 0/3 k.ndjson)" = 0 &&
	test "$(lfilter -c --shard 0/1 k.ndjson)" = 1
'

test_expect_success '--key chooses the shard key; a missing key hashes as empty' '
	# mod 4: web 1, app 0, auth 3, other 1; "" (no source) 1
	test "$(lfilter -c --shard 1/4 --key source recs.ndjson)" = 4 &&
	test "$(lfilter -c --shard 0/4 --key source recs.ndjson)" = 2 &&
	test "$(lfilter -c --shard 3/4 --key source recs.ndjson)" = 1 &&
	echo "{\"x\":1}" >nokey.ndjson &&
	test "$(lfilter -c --shard 1/4 --key source nokey.ndjson)" = 1 &&
	for i in 0 1 2 3; do lfilter --shard $i/4 --key source recs.ndjson; done | sort >all &&
	sort recs.ndjson >expect && test_cmp expect all
'

test_expect_success 'everything combined' '
	lfilter -s web -l ">=WARNING" -w "status>=400" --ip 0.0.0.0/0 -q POST -i \
		--since 2026-11-23 --until 2026-11-24 -o path recs.ndjson >out &&
	echo /api/login >expect && test_cmp expect out
'

test_expect_success 'exit status: 0 matched, 1 none, 2 bad option or file' '
	test_status 0 lfilter -q GET recs.ndjson >/dev/null &&
	test_status 1 lfilter -q nothing-like-this recs.ndjson &&
	test_status 1 lfilter -c -q nothing-like-this recs.ndjson >out &&
	echo 0 >expect && test_cmp expect out &&
	test_status 2 lfilter -w "status" recs.ndjson 2>err && grep -q "^lfilter: --where" err &&
	test_status 2 lfilter recs.ndjson no-such-file >out 2>err &&
	test_cmp recs.ndjson out && grep -q "^lfilter: no-such-file: " err
'

test_expect_success 'usage errors: bad values name the option' '
	test_status 2 lfilter -l LOUD </dev/null 2>err && grep -q "level .LOUD." err &&
	test_status 2 lfilter --ip 300.1.1.1 </dev/null 2>err && grep -q "^lfilter: --ip" err &&
	test_status 2 lfilter --since yesterdayish </dev/null 2>err && grep -q "^lfilter: --since" err &&
	test_status 2 lfilter --shard 3/3 </dev/null 2>err && grep -q "^lfilter: --shard" err &&
	test_status 2 lfilter -n 0 </dev/null 2>err && grep -q "^lfilter: --limit" err &&
	test_status 2 lfilter -n 2 --last 2 </dev/null 2>err &&
	test_status 2 lfilter -c -o a </dev/null 2>err &&
	test_status 2 lfilter --header </dev/null 2>err &&
	test_status 2 lfilter -e "(" </dev/null 2>err && grep -q "regex" err &&
	test_status 2 lfilter -o a,,b </dev/null 2>err
'

test_expect_success 'reads stdin, several files, and gzip' '
	lfilter -s app <recs.ndjson >out && test_line_count 2 out &&
	gzip -c recs.ndjson >recs.ndjson.gz &&
	lfilter -s app recs.ndjson.gz - <recs.ndjson >out && test_line_count 4 out
'

test_done
