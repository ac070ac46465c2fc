#!/bin/sh
# lanomaly: findings, options, exit status, hostile input, streaming.
. "${0%/*}/lib.sh"
A=$DATA/anomaly

# An hour of web records: 40 clients, 4% errors; 203.0.113.5 fails 36 of
# its 40 requests; 198.51.100.1 makes 360 healthy ones.
make_ips() {
	awk "BEGIN { for (i = 0; i < 3600; i++) {
		printf \"{\\\"timestamp\\\":\\\"2026-11-18T%02d:%02d:%02dZ\\\",\\\"level\\\":\\\"INFO\\\",\\\"source\\\":\\\"web\\\",\\\"ip\\\":\\\"10.0.0.%d\\\",\\\"status\\\":%d}\\n\", i/3600, (i/60)%60, i%60, i%40, (i%25 ? 200 : 404);
		if (i % 90 == 0) printf \"{\\\"timestamp\\\":\\\"2026-11-18T00:%02d:%02dZ\\\",\\\"level\\\":\\\"WARNING\\\",\\\"source\\\":\\\"web\\\",\\\"ip\\\":\\\"203.0.113.5\\\",\\\"path\\\":\\\"/wp-login.php\\\",\\\"status\\\":%d}\\n\", (i/60)%60, i%60, (i%900 ? 401 : 200);
		if (i % 10 == 0) printf \"{\\\"timestamp\\\":\\\"2026-11-18T00:%02d:%02dZ\\\",\\\"level\\\":\\\"INFO\\\",\\\"source\\\":\\\"web\\\",\\\"ip\\\":\\\"198.51.100.1\\\",\\\"status\\\":200}\\n\", (i/60)%60, i%60 } }" >ips.ndjson
}

test_expect_success 'an error burst is one error_spike, exactly as expected' '
	lanomaly --json $A/spike.ndjson >out &&
	test_cmp $A/spike.expect out
'

test_expect_success 'findings are valid JSON with the documented keys' '
	lanomaly --json $A/spike.ndjson >out && test_json_lines out &&
	jq -e "select(.type == \"error_spike\") | .severity and .timestamp and .start and .end and
	       .source == \"api\" and .observed == 41 and (.expected > 1 and .expected < 3) and
	       .ratio > 20 and .p_value < 1e-30 and (.templates | length) == 2 and
	       (.reason | startswith(\"source api: 41 errors in 5 min, expected 1.8\"))" out
'

test_expect_success 'exit status 0 with findings, 1 without' '
	test_status 0 lanomaly --json $A/spike.ndjson >/dev/null &&
	head -n 1800 $A/spike.ndjson >quiet.ndjson &&
	test_status 1 lanomaly --json quiet.ndjson >out && test_line_count 0 out
'

test_expect_success 'reads stdin and gzip' '
	gzip -c $A/spike.ndjson >spike.ndjson.gz &&
	lanomaly --json spike.ndjson.gz >a && lanomaly --json <$A/spike.ndjson >b &&
	test_cmp $A/spike.expect a && test_cmp $A/spike.expect b
'

test_expect_success '--type keeps only the named detectors' '
	test_status 1 lanomaly --json -t volume_spike,silence $A/spike.ndjson >out &&
	test_line_count 0 out &&
	lanomaly --json --type error_spike $A/spike.ndjson >out && test_line_count 1 out
'

test_expect_success 'the thresholds are options' '
	test_status 1 lanomaly --json --min-ratio 30 $A/spike.ndjson >out &&
	test_status 1 lanomaly --json --min-excess 50 $A/spike.ndjson >out &&
	test_status 1 lanomaly --json --max-p 1e-50 $A/spike.ndjson >out &&
	lanomaly --json --max-p 1e-30 $A/spike.ndjson >out && test_line_count 1 out
'

test_expect_success '--lag: a file gives the same findings whatever the lag' '
	lanomaly --json --lag 0 $A/spike.ndjson >a && test_cmp $A/spike.expect a &&
	lanomaly --json --lag 30m $A/spike.ndjson >b && test_cmp $A/spike.expect b
'

test_expect_success '--bucket 1h judges hours' '
	lanomaly --json --bucket 1h $A/spike.ndjson >out && test_line_count 1 out &&
	jq -e ".window == \"1h\" and .observed == 52" out
'

test_expect_success 'bad option values are usage errors (status 2)' '
	test_status 2 lanomaly --bucket 7m $A/spike.ndjson 2>err && grep -q "dividing an hour" err &&
	test_status 2 lanomaly --bucket 30s $A/spike.ndjson 2>err && grep -q "whole number of minutes" err &&
	test_status 2 lanomaly --bucket 5x $A/spike.ndjson 2>err && grep -q "not a duration" err &&
	test_status 2 lanomaly --lag 1h $A/spike.ndjson 2>err && grep -q "at most 6 buckets" err &&
	test_status 2 lanomaly --mode magic $A/spike.ndjson 2>err &&
	test_status 2 lanomaly --type nonsense $A/spike.ndjson 2>err && grep -q "not one of" err &&
	test_status 2 lanomaly --max-p 2 $A/spike.ndjson 2>err &&
	test_status 2 lanomaly --ip-min 0 $A/spike.ndjson 2>err
'

test_expect_success 'a missing file: one line, status 2, the other files still read' '
	test_status 2 lanomaly --json no-such-file $A/spike.ndjson >out 2>err &&
	test_line_count 1 err && grep -q "^lanomaly: no-such-file: " err &&
	test_cmp $A/spike.expect out
'

test_expect_success 'hostile input: no crash, every bad line named, valid JSON out' '
	lanomaly --json $A/hostile.ndjson $A/spike.ndjson >out 2>err &&
	test_json_lines out && test_line_count 6 err &&
	grep -q "^lanomaly: .*hostile.ndjson:2: not a JSON object (not an object)$" err &&
	test_cmp $A/spike.expect out
'

test_expect_success 'random bytes and a 2 MB record: no crash, clean output' '
	head -c 300000 /dev/urandom >rand &&
	test_must_fail lanomaly --json rand >out 2>err && test_line_count 0 out &&
	perl -e "print qq({\"timestamp\":\"2026-11-18T00:00:00Z\",\"level\":\"ERROR\",\"source\":\"a\",\"message\":\"), qq(x\\\\u0000 ) x 300000, qq(\"}\n)" >big &&
	test $(wc -c <big) -gt 2000000 &&
	lanomaly --json --learn 0 big >out && test_line_count 1 out && test_json_lines out &&
	jq -e ".template | length <= 512" out
'

test_expect_success '--strict makes a bad line fatal' '
	test_status 2 lanomaly --json --strict $A/hostile.ndjson >out 2>err &&
	test_line_count 1 err
'

test_expect_success 'a write error is reported with status 2' '
	test -w /dev/full || exit 0
	test_status 2 lanomaly --json $A/spike.ndjson >/dev/full 2>err &&
	grep -q "write error" err
'

test_expect_success 'new_template: learnt from --baseline, then reported' '
	test_status 1 lanomaly --json $A/today.ndjson >out && test_line_count 0 out &&
	lanomaly --json --baseline $A/baseline.ndjson $A/today.ndjson >out &&
	test_line_count 1 out &&
	jq -e ".type == \"new_template\" and .level == \"CRITICAL\" and .severity == \"high\" and
	       .template == \"checksum mismatch in segment <HEX>: expected <NUM> got <NUM>\"" out
'

test_expect_success 'new_template: --learn 0 reports every new WARNING-or-worse template' '
	lanomaly --json --learn 0 -t new_template $A/baseline.ndjson >out &&
	jq -r .level out >levels && printf "ERROR\nWARNING\n" >expect && test_cmp expect levels
'

test_expect_success 'suspicious_ip: a client failing 90% in an hour, not a busy healthy one' '
	make_ips &&
	lanomaly --json -t suspicious_ip ips.ndjson >out && test_line_count 1 out &&
	jq -e ".ip == \"203.0.113.5\" and .records == 40 and .observed == 36 and .severity == \"medium\"" out &&
	jq -e ".paths == [{\"path\": \"/wp-login.php\", \"count\": 36}]" out &&
	test_status 1 lanomaly --json -t suspicious_ip --ip-min 41 ips.ndjson
'

# Records of source $1 every 10 s from minute $2 to minute $3 of 2026-11-18.
make_src() {
	awk -v s="$1" -v from="$2" -v to="$3" "BEGIN { for (m = from; m < to; m++) for (k = 0; k < 60; k += 10)
		printf \"{\\\"timestamp\\\":\\\"2026-11-%02dT%02d:%02d:%02dZ\\\",\\\"level\\\":\\\"INFO\\\",\\\"source\\\":\\\"%s\\\",\\\"message\\\":\\\"tick\\\"}\\n\", 18 + int(m / 1440), int(m / 60) % 24, m % 60, k, s }"
}

test_expect_success 'silence: a source stops while another goes on; the end of a file is not an outage' '
	make_src a 0 1500 >a.ndjson && make_src b 0 1560 >b.ndjson &&
	sort -m a.ndjson b.ndjson >merged.ndjson &&
	lanomaly --json -t silence merged.ndjson >out && test_line_count 1 out &&
	jq -e ".type == \"silence\" and .source == \"a\" and .start == \"2026-11-19T00:59:50Z\"" out &&
	test_status 1 lanomaly --json -t silence a.ndjson b.ndjson >out &&
	test_status 1 lanomaly --json -t silence --silence 2h merged.ndjson >out
'

test_expect_success '--max-keys bounds the IPs held, and says so' '
	make_ips &&
	lanomaly --json --summary --max-keys 10 ips.ndjson >out 2>err;
	grep -q "over --max-keys was not tracked" err
'

test_expect_success '--mode fixed: the seed rules, thresholds as options' '
	make_ips &&
	test_status 1 lanomaly --json --mode fixed $A/spike.ndjson >out &&
	lanomaly --json --mode fixed --errors 50 $A/spike.ndjson >out && test_line_count 1 out &&
	jq -e ".type == \"error_spike\" and .severity == \"high\" and .observed == 52 and
	       .start == \"2026-11-18T03:00:00Z\" and .end == \"2026-11-18T04:00:00Z\"" out &&
	lanomaly --json --mode fixed --ip-requests 39 ips.ndjson >out && test_line_count 1 out &&
	jq -e ".type == \"suspicious_ip\" and .ip == \"203.0.113.5\" and .records == 40" out &&
	test_status 1 lanomaly --json --mode fixed --ip-requests 39 --ip-rate 0.95 ips.ndjson
'

test_expect_success '--summary: a table at the end (stderr when the output is JSON)' '
	lanomaly --json --summary $A/spike.ndjson >out 2>err &&
	test_cmp $A/spike.expect out &&
	grep -q "^start  *severity  *type" err &&
	grep -q "^2026-11-18T03:00:00Z  critical  error_spike  *api  *41 / 1.8$" err &&
	grep -q "^1 findings: error_spike 1, volume_spike 0" err &&
	grep -q "^3640 records (0 without a time, 0 late), 2 sources$" err
'

if command -v script >/dev/null; then
test_expect_success 'on a terminal: readable lines, control characters escaped' '
	script -qec "lanomaly --learn 0 -s $A/esc.ndjson" /dev/null >out &&
	tr -d "\r" <out >lines &&
	grep -qF "2026-11-18T00:00:00Z  medium    new_template   source x\\x1b[2J: first ERROR of a new template: boom \\x1b]0;owned\\x07" lines &&
	grep -q "^1 findings: " lines &&
	! grep -q "$(printf "\033")" out &&
	script -qec "lanomaly --json --learn 0 $A/esc.ndjson" /dev/null >out &&
	tr -d "\r" <out >lines && test_json_lines lines
'
else
	test_skip 'on a terminal: readable lines' 'script(1) is not installed'
fi

test_expect_success 'streaming: a finding comes out while the input is still open' '
	mkfifo pipe &&
	{ lanomaly --json <pipe >out & } &&
	exec 3>pipe &&
	head -n 2850 $A/spike.ndjson >&3 &&
	n=0; while [ ! -s out ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done &&
	test_line_count 1 out &&
	exec 3>&- && wait
'

test_expect_success 'a real pipeline: lparse | lanomaly' '
	lparse $DATA/samples/* >recs.ndjson 2>/dev/null;
	lanomaly --json recs.ndjson >out; st=$?
	[ $st -le 1 ] && test_json_lines out
'
test_done
