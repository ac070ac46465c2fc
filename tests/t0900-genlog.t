#!/bin/sh
# scripts/genlog: deterministic, well-formed benchmark data.
. "${0%/*}/lib.sh"
GENLOG=$TOP/scripts/genlog

command -v perl >/dev/null || skip_all "perl is not installed"

for k in access auth app; do
	test_expect_success "$k: same seed, same bytes" "
		$GENLOG --kind $k --lines 3000 --seed 7 >a &&
		$GENLOG --kind $k --lines 3000 --seed 7 >b &&
		cmp a b
	"
	test_expect_success "$k: another seed, other bytes" "
		$GENLOG --kind $k --lines 3000 --seed 7 >a &&
		$GENLOG --kind $k --lines 3000 --seed 8 >b &&
		! cmp -s a b
	"
	test_expect_success "$k: --lines N writes exactly N lines" "
		$GENLOG --kind $k --lines 2345 >out && test_line_count 2345 out
	"
	test_expect_success "$k: --size stops at the first line past the size" "
		$GENLOG --kind $k --size 200K >out &&
		n=\$(wc -c <out) && [ \$n -ge 204800 ] && [ \$n -lt 206800 ] &&
		[ \"\$(tail -c1 out | od -An -c | tr -d ' ')\" = '\n' ]
	"
	test_expect_success "$k: every line parses with its own format" "
		$GENLOG --kind $k --lines 5000 --seed 3 >in.log &&
		lparse --stats in.log >out 2>stats &&
		cat stats &&
		! grep -q '\"format\":\"raw\"' out
	"
done

test_expect_success 'a fixed seed gives a fixed first line (stable across runs and machines)' '
	$GENLOG --kind access --lines 1 --seed 1 >out &&
	cat >expect <<-\EOT &&
	126.0.48.252 - - [01/Nov/2026:00:00:00 +0000] "GET /blog/2026/05/post-4 HTTP/1.1" 200 9415 "-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
	EOT
	test_cmp expect out
'

test_expect_success 'access: statuses 2xx-5xx, bots, attacks and login bursts are present' '
	$GENLOG --kind access --lines 100000 --seed 1 >in.log &&
	for s in 200 304 301 404 500 503; do grep -q "\" $s " in.log || { echo "no $s"; exit 1; }; done &&
	grep -q Googlebot in.log && grep -q "jndi:ldap" in.log &&
	grep -q "etc/passwd" in.log && grep -q "GET /.env " in.log && grep -q sqlmap in.log &&
	grep -q "UNION" in.log && grep -qi "script" in.log &&
	n=$(grep -c "\"POST /wp-login.php \|\"POST /login " in.log) && [ "$n" -gt 100 ]
'

test_expect_success 'access: client IPs are heavy-tailed (the top IP is far above the median)' '
	$GENLOG --kind access --lines 50000 --seed 2 >in.log &&
	cut -d" " -f1 in.log | sort | uniq -c | sort -rn >ips &&
	top=$(head -1 ips | awk "{print \$1}") &&
	mid=$(awk "NR == int($(wc -l <ips) / 2) {print \$1}" ips) &&
	echo "top $top median $mid" && [ "$top" -ge $((20 * mid)) ]
'

test_expect_success 'access: --attack-rate 0 has no attack lines; --attack-rate 0.05 has about 5%' '
	$GENLOG --kind access --lines 20000 --attack-rate 0 --burst-rate 0 >none &&
	! grep -q "jndi\|etc/passwd\|sqlmap\|Nikto\|/.env " none &&
	$GENLOG --kind access --lines 20000 --attack-rate 0.05 --burst-rate 0 >many &&
	n=$(grep -c "jndi\|etc/\|win.ini\|sqlmap\|Nikto\|/.env \|/.git/\|UNION\|DROP\|script\|onerror\|phpunit\|phpmyadmin\|wp-config\|luci\|wget\|%27\|AND%20" many) &&
	echo "$n attack lines" && [ "$n" -ge 800 ] && [ "$n" -le 1200 ]
'

test_expect_success 'access: --request-time appends a number of seconds' '
	$GENLOG --kind access --lines 100 --request-time >out &&
	! grep -qv "\" [0-9]*\.[0-9][0-9][0-9]$" out
'

test_expect_success '--start sets the first timestamp and timestamps never go back' '
	$GENLOG --kind app --lines 5000 --start 2025-03-04T05:06:07Z >out &&
	head -1 out | grep -q "^2025-03-04 05:06:07," &&
	grep "^20" out | cut -c1-23 >ts && sort -c ts
'

test_expect_success '--start keeps a UTC offset' '
	$GENLOG --kind access --lines 1 --start 2026-11-01T10:00:00+01:00 >out &&
	grep -q "\[01/Nov/2026:10:00:00 +0100\]" out
'

test_expect_success 'auth: fail-rate and brute-force bursts' '
	$GENLOG --kind auth --lines 50000 --seed 4 >in.log &&
	grep -q "sshd\[[0-9]*\]: Accepted " in.log && grep -q "sudo\[" in.log &&
	grep -q "CRON\[" in.log && grep -q "preauth" in.log &&
	$GENLOG --kind auth --lines 50000 --seed 4 --fail-rate 0.9 --burst-rate 0 >hi &&
	$GENLOG --kind auth --lines 50000 --seed 4 --fail-rate 0.1 --burst-rate 0 >lo &&
	h=$(grep -c "Failed password" hi) && l=$(grep -c "Failed password" lo) &&
	echo "$h vs $l" && [ "$h" -gt $((3 * l)) ]
'

test_expect_success 'app: tracebacks follow ERROR lines' '
	$GENLOG --kind app --lines 20000 >in.log &&
	grep -B1 "^Traceback (most recent call last):" in.log | grep -q " \(ERROR\|CRITICAL\) " &&
	grep -q "^  File \"" in.log
'

test_expect_success 'bad options fail with status 2 and a message' '
	test_status 2 $GENLOG --kind nope 2>err && grep -q "^genlog: unknown --kind" err &&
	test_status 2 $GENLOG --size lots 2>err && grep -q "^genlog: bad --size" err &&
	test_status 2 $GENLOG --start yesterday 2>err && grep -q "^genlog: bad --start" err
'
# The benchmark helpers, on tiny data.
if [ -x /usr/bin/time ]; then
	test_expect_success 'bench-lib: data is generated once, then reused' '
		BENCH_DIR=$PWD/bd TOP=$TOP && . "$TOP/scripts/bench-lib.sh" &&
		f=$(bench_data access 50K) && [ -s "$f" ] &&
		test_line_count $(wc -l <"$f") "$f" &&
		touch -d "2000-01-01" "$f" && g=$(bench_data access 50K) && [ "$f" = "$g" ] &&
		[ -z "$(find "$f" -newer "$TOP/scripts/genlog")" ] &&
		h=$(bench_data access 50K --request-time) && [ "$h" != "$f" ] &&
		grep -q " [0-9]*\.[0-9][0-9][0-9]\$" "$h"
	'
	test_expect_success 'bench-lib: aligned table with MB/s, lines/s, peak RSS and ratio' '
		BENCH_DIR=$PWD/bd TOP=$TOP && . "$TOP/scripts/bench-lib.sh" &&
		f=$(bench_data app 200K) &&
		bench_begin "tiny" "$f" &&
		bench_run fast "cat $f >/dev/null" &&
		bench_run slow "sleep 0.5; cat $f >/dev/null" &&
		bench_end fast >out && cat out &&
		grep -q "^## tiny" out &&
		grep -q "^# input: app-200K-s1.log (0.2 MB, [0-9]* lines)" out &&
		grep -q "^program  *seconds  *CPU s  *MB/s  *lines/s  *peak RSS  *ratio$" out &&
		grep -q "^fast .* MB  *1.00x$" out &&
		awk "/^slow/ { exit !(\$2 >= 0.5) }" out &&
		awk "/^fast/ { f = \$2 } /^slow/ { s = \$2; r = \$NF + 0 }
		     END { d = f / s - r; exit !(d < 0.02 && d > -0.02) }" out &&
		[ "$(awk "NR > 3 { print length }" out | sort -u | wc -l)" -eq 1 ]
	'
	test_expect_success 'bench-lib: a failing command is reported and fails bench_end' '
		BENCH_DIR=$PWD/bd TOP=$TOP && . "$TOP/scripts/bench-lib.sh" &&
		f=$(bench_data app 50K) &&
		bench_begin "failing" "$f" &&
		! bench_run bad "exit 3" 2>err && grep -q "bad: exit status 3" err &&
		! bench_end >out && grep -q "^bad .*FAILED(status 3)" out
	'
	test_expect_success 'scripts/bench lparse runs end to end on tiny data' '
		BENCH_SIZE=100K BENCH_DIR=$PWD/bd "$TOP/scripts/bench" lparse >out 2>err &&
		cat out &&
		test "$(grep -c "^## lparse" out)" -eq 4 &&
		grep -q "^lparse  .* MB  *1.00x$" out &&
		grep -q "^lparse FILE.gz " out &&
		! grep -q FAILED out
	'
	test_expect_success 'scripts/bench rejects an unknown benchmark' '
		test_status 2 "$TOP/scripts/bench" no-such-bench 2>err &&
		grep -q "no benchmark .no-such-bench." err
	'
else
	test_skip 'bench-lib tests' '/usr/bin/time is not installed'
fi
test_done
