#!/bin/sh
# lbrute: each finding type, its threshold and window edges, IPv6 and
# --subnet, out-of-order input, --ignore, --ips, episodes, streaming.
. "${0%/*}/lib.sh"

GEN="awk -f $DATA/brute/gen.awk"

# n failures from IP for USER, one every STEP seconds from START.
fails() { # ip user n step [start]
	awk -v ip="$1" -v u="$2" -v n="$3" -v st="$4" -v s0="${5:-0}" \
		'BEGIN { for (i = 0; i < n; i++) print s0 + i * st, "F", ip, u }'
}

count() { # type file
	jq -r --arg t "$1" 'select(.type == $t) | .type' "$2" | wc -l
}

test_expect_success 'brute_force: 9 failures in the window are not enough' '
	fails 203.0.113.5 root 9 10 | $GEN >in &&
	test_status 1 lbrute in >out &&
	test_line_count 0 out
'

test_expect_success 'brute_force: the 10th failure within 5m is found at once' '
	fails 203.0.113.5 root 10 10 | $GEN >in &&
	lbrute in >out &&
	test_json_lines out &&
	jq -c "select(.episode == \"start\") | [.type, .severity, .ip, .attempts, .window, .first_attempt, .timestamp, .services, .users, .user_count]" out >got &&
	echo "[\"brute_force\",\"high\",\"203.0.113.5\",10,\"5m\",\"2026-11-23T10:00:00Z\",\"2026-11-23T10:01:30Z\",[\"sshd\"],[\"root\"],1]" >want &&
	test_cmp want got
'

test_expect_success 'brute_force: the episode closes with totals and last_attempt' '
	fails 203.0.113.5 root 25 10 | $GEN >in &&
	lbrute in >out &&
	test $(count brute_force out) -eq 2 &&
	jq -c "select(.episode == \"end\") | [.attempts, .first_attempt, .last_attempt]" out >got &&
	echo "[25,\"2026-11-23T10:00:00Z\",\"2026-11-23T10:04:00Z\"]" >want &&
	test_cmp want got
'

test_expect_success 'window edge: the 10th failure exactly 5m after the first does not count' '
	{ fails 203.0.113.5 root 9 1; echo "300 F 203.0.113.5 root"; } | $GEN >in &&
	test_status 1 lbrute in >out
'

test_expect_success 'window edge: 299.999s after the first still counts' '
	{ fails 203.0.113.5 root 9 1; echo "299.999 F 203.0.113.5 root"; } | $GEN >in &&
	lbrute in >out &&
	test $(count brute_force out) -eq 2
'

test_expect_success '--threshold and --window change the edges' '
	fails 203.0.113.5 root 3 20 | $GEN >in &&
	test_status 1 lbrute -t 3 -w 30s in >out &&
	lbrute -t 3 -w 41s in >out &&
	test "$(jq -r "select(.episode == \"start\") | .window" out | head -n 1)" = "41s"
'

test_expect_success 'a quiet window ends an episode; a new attack is a new episode' '
	{ fails 203.0.113.5 root 10 1; fails 203.0.113.5 root 10 1 1000; } | $GEN >in &&
	lbrute in >out &&
	test $(jq -r "select(.episode == \"start\") | .type" out | wc -l) -eq 2 &&
	test $(jq -r "select(.episode == \"end\") | .type" out | wc -l) -eq 2
'

test_expect_success 'the closing update comes when the next event shows the quiet window' '
	{ fails 203.0.113.5 root 10 1; echo "900 F 198.51.100.1 bob"; } | $GEN >in &&
	lbrute in >out &&
	jq -r ".episode" out >got &&
	printf "start\nend\n" >want &&
	test_cmp want got
'

test_expect_success 'password_spray: 5 distinct users from one address' '
	for u in a b c d e; do echo "1 F 192.0.2.9 $u"; done | $GEN >in &&
	lbrute in >out &&
	jq -c "select(.type == \"password_spray\" and .episode == \"start\") | [.severity, .ip, .user_count, .users]" out >got &&
	echo "[\"high\",\"192.0.2.9\",5,[\"a\",\"b\",\"c\",\"d\",\"e\"]]" >want &&
	test_cmp want got
'

test_expect_success 'password_spray: 4 users are not enough, --spray-users 4 is' '
	for u in a b c d; do echo "1 F 192.0.2.9 $u"; done | $GEN >in &&
	test_status 1 lbrute in >out &&
	lbrute --spray-users 4 in >out &&
	test $(count password_spray out) -eq 2
'

test_expect_success 'distributed_brute_force: one user from 10 addresses' '
	for i in 1 2 3 4 5 6 7 8 9 10; do echo "$i F 198.51.100.$i admin"; done | $GEN >in &&
	lbrute in >out &&
	jq -c "select(.type == \"distributed_brute_force\" and .episode == \"start\") | [.severity, .user, .ip_count, .attempts]" out >got &&
	echo "[\"critical\",\"admin\",10,10]" >want &&
	test_cmp want got
'

test_expect_success 'distributed_brute_force: 9 addresses are not enough' '
	for i in 1 2 3 4 5 6 7 8 9; do echo "$i F 198.51.100.$i admin"; done | $GEN >in &&
	test_status 1 lbrute in >out
'

test_expect_success 'success_after_failures: a login after 10 failures from the address' '
	{ fails 203.0.113.7 root 10 5; echo "60 A 203.0.113.7 root"; } | $GEN >in &&
	lbrute in >out &&
	jq -c "select(.type == \"success_after_failures\") | [.severity, .ip, .user, .by, .attempts, .success]" out >got &&
	echo "[\"critical\",\"203.0.113.7\",\"root\",\"ip\",10,\"2026-11-23T10:01:00Z\"]" >want &&
	test_cmp want got
'

test_expect_success 'success_after_failures: 9 failures then a login is no finding' '
	{ fails 203.0.113.7 root 9 5; echo "60 A 203.0.113.7 root"; } | $GEN >in &&
	test_status 1 lbrute in >out
'

test_expect_success 'success_after_failures: by user, from one of the failing addresses' '
	{ for i in 1 2 3 4 5 6 7 8 9 10; do echo "$i F 198.51.100.$i alice"; done
	  echo "20 A 198.51.100.4 alice"; } | $GEN >in &&
	lbrute --distributed-ips 50 in >out &&
	jq -c "select(.type == \"success_after_failures\") | [.ip, .user, .by, .attempts, .ip_count]" out >got &&
	echo "[\"198.51.100.4\",\"alice\",\"user\",10,10]" >want &&
	test_cmp want got
'

test_expect_success 'success_after_failures: not for the user logging in from a clean address' '
	{ for i in 1 2 3 4 5 6 7 8 9 10; do echo "$i F 198.51.100.$i alice"; done
	  echo "20 A 192.0.2.200 alice"; } | $GEN >in &&
	test_status 1 lbrute --distributed-ips 50 in >out
'

test_expect_success 'success_after_failures: the failures must be in the window' '
	{ fails 203.0.113.7 root 10 1; echo "400 A 203.0.113.7 root"; } | $GEN >in &&
	lbrute in >out &&
	test $(count success_after_failures out) -eq 0
'

test_expect_success 'IPv6: addresses are counted as written, in RFC 5952 form' '
	{ fails 2001:DB8:0:0::5 root 5 1; fails 2001:db8::5 root 5 1 10; } | $GEN >in &&
	lbrute in >out &&
	test "$(jq -r "select(.episode == \"start\") | .ip" out | head -n 1)" = "2001:db8::5"
'

test_expect_success 'IPv6: a /64 of rotating addresses is found only with --subnet' '
	for i in 1 2 3 4 5 6 7 8 9 a; do echo "1 F 2001:db8:1:2::$i root"; done | $GEN >in &&
	lbrute --spray-users 100 --distributed-ips 100 in >out;
	test $(count brute_force out) -eq 0 &&
	lbrute --subnet 24,64 in >out &&
	test "$(jq -r "select(.type == \"brute_force\" and .episode == \"start\") | .ip" out | head -n 1)" = "2001:db8:1:2::/64"
'

test_expect_success '--subnet 24 groups IPv4 networks' '
	for i in 1 2 3 4 5 6 7 8 9 10; do echo "$i F 192.0.2.$i root"; done | $GEN >in &&
	lbrute --subnet 24 in >out &&
	test "$(jq -r "select(.type == \"brute_force\" and .episode == \"start\") | .ip" out | head -n 1)" = "192.0.2.0/24"
'

test_expect_success '::ffff: mapped addresses are the IPv4 address' '
	fails ::ffff:192.0.2.44 root 10 1 | $GEN >in &&
	lbrute in >out &&
	test "$(jq -r "select(.episode == \"start\") | .ip" out | head -n 1)" = "192.0.2.44"
'

test_expect_success 'out of order by a few seconds: found, first_attempt is the earliest' '
	printf "%s\n" "5 F 203.0.113.9 r" "3 F 203.0.113.9 r" "4 F 203.0.113.9 r" "1 F 203.0.113.9 r" \
		"9 F 203.0.113.9 r" "2 F 203.0.113.9 r" "8 F 203.0.113.9 r" "6 F 203.0.113.9 r" \
		"0 F 203.0.113.9 r" "7 F 203.0.113.9 r" | $GEN >in &&
	lbrute in >out &&
	jq -c "select(.episode == \"start\") | [.attempts, .first_attempt]" out >got &&
	echo "[10,\"2026-11-23T10:00:00Z\"]" >want &&
	test_cmp want got
'

test_expect_success 'records without a timestamp take the time of the one before' '
	{ echo "0 F 203.0.113.3 r"; for i in 1 2 3 4 5 6 7 8 9; do echo "0 N 203.0.113.3 r"; done; } | $GEN >in &&
	lbrute in >out &&
	test "$(jq -r "select(.episode == \"start\") | .first_attempt" out | head -n 1)" = "2026-11-23T10:00:00Z"
'

test_expect_success '--ignore: those addresses are never reported' '
	fails 203.0.113.5 root 20 1 | $GEN >in &&
	test_status 1 lbrute --ignore 203.0.113.0/24 in >out &&
	test_line_count 0 out &&
	lbrute --ignore 2001:db8::/32 --ignore 10.0.0.1 in >out &&
	test $(count brute_force out) -eq 2
'

test_expect_success '--ips: each offending address once, for nftables or ipset' '
	{ fails 203.0.113.5 root 30 1; fails 2001:db8::66 root 10 1; echo "40 A 203.0.113.5 root"; } | $GEN >in &&
	lbrute --ips in >out &&
	printf "203.0.113.5\n2001:db8::66\n" >want &&
	test_cmp want out
'

test_expect_success 'the PAM line of an sshd attempt is not counted twice' '
	for i in 1 2 3 4 5; do echo "$i P 203.0.113.5 root $i"; echo "$i F 203.0.113.5 root $i"; done | $GEN >in &&
	lbrute --events in >out &&
	test_line_count 5 out &&
	test $(jq -r .rule out | sort -u) = sshd.failed
'

test_expect_success 'a failure whose address comes later on the same connection' '
	printf "%s\n" "1 T 0 root 77" "2 S 0 root 78" "3 C 198.51.100.7 - 77" | $GEN >in &&
	lbrute --events in >out &&
	jq -c "[.event, .ip, .user, .rule]" out >got &&
	echo "[\"auth_failure\",\"198.51.100.7\",\"root\",\"sshd.too_many\"]" >want &&
	test_cmp want got
'

test_expect_success '--events keeps the record fields and adds the event' '
	echo "1 I 192.0.2.1 guest" | $GEN | jq -c ". + {line: 7}" >in &&
	lbrute --events in >out &&
	test_json_lines out &&
	jq -c "[.timestamp, .source, .line, .event, .service, .ip, .user, .rule]" out >got &&
	echo "[\"2026-11-23T10:00:01Z\",\"auth.log\",7,\"auth_failure\",\"sshd\",\"192.0.2.1\",\"guest\",\"sshd.invalid_user\"]" >want &&
	test_cmp want got
'

test_expect_success 'parsed error-log and logfmt records: address and user from their fields' '
	cat >in.log <<-\EOF &&
	[Thu Jul 11 01:21:43 2013] [error] [client 194.228.20.113] user dsfasdf not found: /
	[Sat Jul 20 22:11:44.147674 2013] [authz_owner:error] [pid 17540:tid 1] [client [2001:db8::8b2c]:51548] AH01637: Authorization of user t6 to access /x failed, reason: owner
	[Mon Nov 06 13:39:56.637868 2023] [auth_basic:error] [pid 3175001:tid 1] [remote 192.0.2.111:35924] AH01618: user whatever not found: /admin
	[Thu Oct 17 18:43:40.160521 2019] [evasive20:error] [pid 22589] [client 192.0.2.1:56175] client denied by server configuration: /p/index.php
	2012/04/09 11:53:36 [error] 2865#0: *66647 user "xyz": password mismatch, client: 192.0.43.10, server: www.myhost.com, request: "GET / HTTP/1.1"
	t=2020-10-19T17:44:33+0200 lvl=eror msg="Invalid username or password" logger=context uname=admin remote_addr=182.56.23.12
	t=2020-10-19T17:44:34+0200 lvl=eror msg="Invalid username or password" logger=context uname=admin
	EOF
	lparse in.log >recs &&
	jq -r .format recs | uniq >formats &&
	printf "%s\n" apache_error nginx_error logfmt >want &&
	test_cmp want formats &&
	lbrute --events recs | jq -c "[.rule, .ip // \"\", .user]" >got &&
	cat >want <<-\EOF &&
	["apache.user_not_found.parsed","194.228.20.113","dsfasdf"]
	["apache.authz.parsed","2001:db8::8b2c","t6"]
	["apache.user_not_found.parsed","192.0.2.111","whatever"]
	["nginx.basic.parsed","192.0.43.10","xyz"]
	["grafana.failed.parsed","182.56.23.12","admin"]
	["grafana.failed.parsed","","admin"]
	EOF
	test_cmp want got
'

test_expect_success 'a rule for parsed records reads only records of its format' '
	printf "%s\n" "{\"format\":\"syslog\",\"message\":\"user bob not found: /\",\"ip\":\"192.0.2.9\"}" \
		"{\"message\":\"Invalid username or password\",\"remote_addr\":\"192.0.2.9\"}" >in &&
	test_status 1 lbrute --events in >out &&
	test_line_count 0 out
'

test_expect_success 'streaming: a finding is written while the input is still open' '
	mkfifo fifo || return 1
	{ fails 203.0.113.5 root 10 1 | $GEN; sleep 3; } >fifo &
	lbrute <fifo >out &
	pid=$!

	sleep 1.5 &&
	test $(count brute_force out) -eq 1 &&
	wait $pid;
	test $(count brute_force out) -eq 2
'

test_done
