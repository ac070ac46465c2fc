#!/bin/sh
# lbrute's command line: options, errors, exit status, rule files, access
# logs, hostile input, bounded memory.
. "${0%/*}/lib.sh"

GEN="awk -f $DATA/brute/gen.awk"
fails() { # ip user n step
	awk -v ip="$1" -v u="$2" -v n="$3" -v st="$4" \
		'BEGIN { for (i = 0; i < n; i++) print i * st, "F", ip, u }'
}

test_expect_success 'exit status: 0 with findings, 1 without' '
	fails 192.0.2.1 root 10 1 | $GEN >in &&
	test_status 0 lbrute in >out &&
	fails 192.0.2.1 root 3 1 | $GEN >in3 &&
	test_status 1 lbrute in3 >out
'

test_expect_success 'reads stdin, and several files in turn' '
	fails 192.0.2.1 root 5 1 | $GEN >a &&
	fails 192.0.2.1 root 5 1 | $GEN | awk "{ sub(/10:00:0/, \"10:00:1\") } 1" >b &&
	lbrute a b >out &&
	test $(jq -r .type out | sort -u) = brute_force &&
	lbrute <in >out2 &&
	test -s out2
'

test_expect_success 'bad options: status 2 and a one-line message' '
	test_status 2 lbrute --threshold 0 </dev/null 2>err &&
	grep "^lbrute: --threshold: .0. is not a number" err &&
	test_status 2 lbrute --window 5x </dev/null 2>err &&
	grep "^lbrute: --window" err &&
	test_status 2 lbrute --subnet 33 </dev/null 2>err &&
	test_status 2 lbrute --subnet 24,200 </dev/null 2>err &&
	test_status 2 lbrute --ignore 10.0.0.0/99 </dev/null 2>err &&
	grep "^lbrute: --ignore" err &&
	test_status 2 lbrute --events --ips </dev/null 2>err
'

test_expect_success 'a missing file: status 2, the others are still read' '
	fails 192.0.2.1 root 10 1 | $GEN >in &&
	test_status 2 lbrute nosuch in >out 2>err &&
	grep "^lbrute: nosuch: No such file" err &&
	test $(jq -r .type out | wc -l) -eq 2
'

test_expect_success 'lines that are not JSON: FILE:LINE message, status 2, the rest is read' '
	{ echo "not json"; fails 192.0.2.1 root 10 1 | $GEN; printf "{\"a\":\n"; } >in &&
	test_status 2 lbrute in >out 2>err &&
	grep "^lbrute: in:1: not a JSON object" err &&
	grep "^lbrute: in:12: not a JSON object" err &&
	test $(jq -r .type out | wc -l) -eq 2
'

test_expect_success 'hostile input: binary, NULs, escapes, invalid UTF-8, a 5 MB line' '
	head -c 200000 /dev/urandom >bin &&
	printf "{\"message\":\"Failed password for \\\\u0000\\\\u001b[31m\\\\udc00\\377 from 192.0.2.1 port 1 ssh2\",\"process\":\"sshd\"}\n" >esc &&
	awk "BEGIN { printf \"{\\\"message\\\":\\\"Failed password for \"; for (i = 0; i < 500000; i++) printf \"from from \"; print \"\\\"}\" }" >big &&
	test_status 2 lbrute bin >out 2>err &&
	lbrute --events esc big >out 2>err;
	test $? -le 1 &&
	test_json_lines out
'

test_expect_success 'hostile timestamps: far future and far past' '
	for ts in 9999-12-31T23:59:59Z 0001-01-01T00:00:00Z 2026-11-23T10:00:00Z; do
		for i in 1 2 3 4 5 6 7 8 9 10; do
			echo "{\"timestamp\":\"$ts\",\"message\":\"Failed password for root from 192.0.2.1 port 1 ssh2\"}"
		done
	done >in &&
	lbrute in >out &&
	test_json_lines out
'

test_expect_success '--events on a gzip input' '
	fails 192.0.2.1 root 3 1 | $GEN | gzip >in.gz &&
	lbrute --events in.gz >out &&
	test_line_count 3 out
'

test_expect_success '--rules: more rules, tried first' '
	printf "# local\nmyapp.refused\tauth_failure\tmedium\tmessage\tLOGIN REFUSED user=(?<user>\\\\S+) addr=(?<ip>\\\\S+)\tmy app\n" >my.rules &&
	echo "{\"message\":\"LOGIN REFUSED user=eve addr=192.0.2.77\"}" >in &&
	lbrute --rules my.rules --events in >out &&
	jq -c "[.event, .service, .ip, .user, .rule]" out >got &&
	echo "[\"auth_failure\",\"myapp\",\"192.0.2.77\",\"eve\",\"myapp.refused\"]" >want &&
	test_cmp want got
'

test_expect_success '--rules: a bad rule is FILE:LINE and status 2' '
	printf "# x\nbad\tauth_failure\thigh\tmessage\t(unclosed\tx\n" >bad.rules &&
	test_status 2 lbrute --rules bad.rules </dev/null 2>err &&
	grep "^lbrute: bad.rules:2: " err &&
	test_status 2 lbrute --rules nosuch.rules </dev/null 2>err &&
	grep "nosuch.rules" err
'

test_expect_success '--list-rules lists rules and login endpoints' '
	lbrute --list-rules >out &&
	grep "^sshd.failed	auth_failure	" out &&
	grep "^http.401	" out &&
	grep "^login-path	/wp-login.php$" out &&
	lbrute --login-path /sso --list-rules >out &&
	grep "^login-path	/sso$" out &&
	! grep "wp-login" out
'

test_expect_success 'access logs: 401 with a user, POSTs to login endpoints' '
	cat >access.log <<-\EOF &&
	203.0.113.9 - bob [23/Nov/2026:10:00:00 +0000] "GET /admin HTTP/1.1" 401 0 "-" "curl"
	203.0.113.9 - - [23/Nov/2026:10:00:01 +0000] "GET /admin HTTP/1.1" 401 0 "-" "curl"
	203.0.113.9 - - [23/Nov/2026:10:00:02 +0000] "POST /wp-login.php HTTP/1.1" 200 512 "-" "curl"
	203.0.113.9 - - [23/Nov/2026:10:00:03 +0000] "POST /wp-login.php HTTP/1.1" 302 0 "-" "curl"
	203.0.113.9 - - [23/Nov/2026:10:00:04 +0000] "POST /xmlrpc.php HTTP/1.1" 200 512 "-" "curl"
	EOF
	lparse access.log | lbrute --events >out &&
	jq -r "[.rule, .ip, .user // \"-\"] | @tsv" out >got &&
	printf "http.401\t203.0.113.9\tbob\nhttp.login_post\t203.0.113.9\t-\nhttp.login_post\t203.0.113.9\t-\n" >want &&
	test_cmp want got
'

test_expect_success 'a login burst on wp-login.php is brute force' '
	awk "BEGIN { for (i = 0; i < 12; i++) printf \"198.51.100.4 - - [23/Nov/2026:10:00:%02d +0000] \\\"POST /wp-login.php HTTP/1.1\\\" 200 512 \\\"-\\\" \\\"x\\\"\\n\", i }" >access.log &&
	lparse access.log | lbrute >out &&
	jq -c "select(.episode == \"start\") | [.type, .ip, .services]" out >got &&
	echo "[\"brute_force\",\"198.51.100.4\",[\"http\"]]" >want &&
	test_cmp want got
'

test_expect_success '--max-keys bounds memory under many addresses' '
	awk "BEGIN { for (i = 0; i < 50000; i++) printf \"%d F 10.%d.%d.%d u%d\\n\", i / 1000, int(i / 65536), int(i / 256) % 256, i % 256, i }" | $GEN >many &&
	lbrute --max-keys 1000 --stats many >out 2>err;
	test $? -le 1 &&
	sed -n "s/.* keys=\\([0-9]*\\) evicted=\\([0-9]*\\).*/\\1 \\2/p" err >kv &&
	read keys evicted <kv &&
	test "$keys" -le 1000 && test "$evicted" -gt 0
'

test_expect_success '--stats counts records, failures and successes' '
	{ fails 192.0.2.1 root 3 1; echo "9 A 192.0.2.1 root"; echo "9 S - root"; } | $GEN >in &&
	lbrute --stats in >out 2>err;
	grep "^lbrute: records=5 failures=3 successes=1 findings=0 bad=0" err
'

test_expect_success 'a broken pipe ends quietly' '
	fails 192.0.2.1 root 20000 0.01 | $GEN >in &&
	lbrute --events in 2>err | head -n 1 >out &&
	test_line_count 1 out &&
	test ! -s err
'

test_expect_success '--ips leaves host names out, writes networks with --subnet' '
	{ fails attacker.example.com root 10 1; fails 192.0.2.1 root 10 1; } | $GEN >in &&
	lbrute --ips in >out &&
	echo 192.0.2.1 >want &&
	test_cmp want out &&
	lbrute --ips --subnet 24 in >out &&
	echo 192.0.2.0/24 >want &&
	test_cmp want out
'

test_expect_success 'golden: the findings on a small auth.log' '
	lparse --year 2026 "$DATA/brute/auth.log" | lbrute >out &&
	test_json_lines out &&
	test_cmp "$DATA/brute/auth.expect" out
'

test_expect_success 'man page example: --events into lstat --by service' '
	lparse --year 2026 "$DATA/brute/auth.log" | lbrute --events | lstat --by service -f json >out &&
	test_json_lines out &&
	grep -q sshd out
'

test_expect_success 'man page example: --ips into nft commands (IPv4 only)' '
	lparse --year 2026 "$DATA/brute/auth.log" | lbrute --ips --ignore 10.0.0.0/8 |
		grep -v : | sed "s/.*/add element inet filter lbrute { & }/" >out &&
	head -n 1 out >got &&
	echo "add element inet filter lbrute { 203.0.113.77 }" >want &&
	test_cmp want got &&
	test_line_count 11 out
'

test_expect_success 'man page example: live input through tail -F' '
	cp "$DATA/brute/auth.log" live.log &&
	mkfifo live || return 1
	tail -n +1 -F live.log >live 2>/dev/null &
	tp=$!
	lparse --year 2026 <live | lbrute >out &
	sleep 2
	grep -q "\"type\":\"brute_force\"" out
	found=$?
	kill $tp
	wait
	test $found -eq 0
'

test_done
