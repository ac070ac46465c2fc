#!/bin/sh
# lstat's security section: findings of lthreat, lbrute and lanomaly and
# lthreat --annotate's threats, counted exactly on a hand-counted file (text,
# JSON, TSV), absent without findings, checked against lthreat --summary on
# the samples, hostile type names escaped, and bounded by --max-keys.
. "${0%/*}/lib.sh"

S=$DATA/samples

test_expect_success 'setup: one of each kind of finding, and records that are none' '
	cat >sec.ndjson <<-\EOF
	{"timestamp":"2026-11-23T10:00:00Z","level":"WARNING","source":"access.log","format":"combined","message":"GET /search?q=1 HTTP/1.1","ip":"192.0.2.1","path":"/search?q=1","status":404,"threats":[{"type":"sql_injection","severity":"high","rule":"r1","field":"path"},{"type":"scanner","severity":"medium","rule":"r2","field":"user_agent"}]}
	{"timestamp":"2026-11-23T10:01:00Z","level":"INFO","source":"access.log","format":"combined","message":"GET / HTTP/1.1","ip":"192.0.2.9","path":"/","status":200,"threats":[]}
	{"timestamp":"2026-11-23T10:02:00Z","level":"ERROR","source":"syslog","format":"syslog","message":"x","severity":"err","type":"y"}
	{"timestamp":"2026-11-23T10:03:00Z","level":"ERROR","source":"app","format":"json","message":"x","severity":"high","type":"payment"}
	{"type":"xss_attempt","severity":"medium","rule":"x1","field":"path","match":"<script>","timestamp":"2026-11-23T10:05:00Z","ip":"192.0.2.1","source":"access.log","message":"GET /a?<script> HTTP/1.1","status":200}
	{"type":"multi_threat_source","severity":"critical","ip":"192.0.2.1","threat_count":3,"threat_types":["sql_injection","scanner","xss_attempt"],"first_seen":"2026-11-23T10:00:00Z","last_seen":"2026-11-23T10:05:00Z","final":false}
	{"type":"multi_threat_source","severity":"critical","ip":"192.0.2.1","threat_count":3,"threat_types":["sql_injection","scanner","xss_attempt"],"first_seen":"2026-11-23T10:00:00Z","last_seen":"2026-11-23T10:05:00Z","final":true}
	{"type":"brute_force","severity":"high","timestamp":"2026-11-23T09:00:00Z","episode":"start","ip":"198.51.100.7","attempts":10,"window":"5m","first_attempt":"2026-11-23T08:58:00Z","reason":"r"}
	{"type":"brute_force","severity":"high","timestamp":"2026-11-23T09:20:00Z","episode":"end","ip":"198.51.100.7","attempts":30,"window":"5m","first_attempt":"2026-11-23T08:58:00Z","last_attempt":"2026-11-23T09:14:00Z","reason":"r"}
	{"type":"success_after_failures","severity":"critical","timestamp":"2026-11-23T09:10:00Z","ip":"198.51.100.7","user":"deploy","attempts":12,"window":"5m","first_attempt":"2026-11-23T08:58:00Z","success":"2026-11-23T09:10:00Z","reason":"r"}
	{"type":"error_spike","severity":"critical","timestamp":"2026-11-23T11:00:00Z","start":"2026-11-23T11:00:00Z","end":"2026-11-23T11:05:00Z","window":"5m","source":"api","observed":41,"expected":1.8,"reason":"r"}
	EOF
	test_line_count 11 sec.ndjson
'

test_expect_success 'JSON: totals, programs, severities, first and last' '
	lstat --json sec.ndjson >out.json && test_json_lines out.json &&
	jq -e ".security | .findings == 7 and .finding_records == 5 and .annotated_records == 1 and .updates == 2" out.json &&
	test "$(jq -c .security.by_program out.json)" = "{\"lthreat\":2,\"lbrute\":2,\"lanomaly\":1}" &&
	test "$(jq -c .security.by_severity out.json)" = "{\"critical\":3,\"high\":2,\"medium\":2,\"low\":0}" &&
	test "$(jq -r .security.first_seen out.json)" = 2026-11-23T09:00:00.000Z &&
	test "$(jq -r .security.last_seen out.json)" = 2026-11-23T11:00:00.000Z
'

test_expect_success 'JSON: types, attacking IPs with their types, paths' '
	lstat --json sec.ndjson >out.json &&
	test "$(jq -c "[.security.by_type[] | [.type, .severity, .count]] | sort" out.json)" = \
		"$(printf "%s" "[[\"brute_force\",\"high\",1],[\"error_spike\",\"critical\",1],[\"multi_threat_source\",\"critical\",1],[\"scanner\",\"medium\",1],[\"sql_injection\",\"high\",1],[\"success_after_failures\",\"critical\",1],[\"xss_attempt\",\"medium\",1]]")" &&
	test "$(jq -c ".security.by_type[] | select(.type == \"multi_threat_source\") | .first_seen" out.json)" = "\"2026-11-23T10:05:00.000Z\"" &&
	test "$(jq -c "[.security.top_ips[] | [.ip, .count, ([.types[].type] | sort)]]" out.json)" = \
		"[[\"192.0.2.1\",4,[\"multi_threat_source\",\"scanner\",\"sql_injection\",\"xss_attempt\"]],[\"198.51.100.7\",2,[\"brute_force\",\"success_after_failures\"]]]" &&
	test "$(jq -c "[.security.top_paths[] | [.path, .count]]" out.json)" = "[[\"/search\",2],[\"/a\",1]]"
'

test_expect_success 'JSON: brute-force sources and users, anomalies by kind' '
	lstat --json sec.ndjson >out.json &&
	test "$(jq -c .security.brute_force out.json)" = \
		"{\"findings\":2,\"sources\":[{\"ip\":\"198.51.100.7\",\"count\":2,\"success_after_failures\":1}],\"users\":[{\"user\":\"deploy\",\"count\":1,\"success_after_failures\":1}]}" &&
	test "$(jq -c "[.security.anomalies.findings, (.security.anomalies.by_kind[] | [.kind, .count, .first_seen])]" out.json)" = \
		"[1,[\"error_spike\",1,\"2026-11-23T11:00:00.000Z\"]]" &&
	jq -e ".sketch.tables.security_types.exact and .sketch.tables.security_ips.distinct == 2" out.json
'

test_expect_success 'text and TSV carry the same figures' '
	lstat -f text --only security sec.ndjson >out &&
	grep "^SECURITY$" out &&
	grep "^  Findings      7 (5 finding records, 2 threats in 1 annotated records)$" out &&
	grep "^  By program    lthreat 2, lbrute 2, lanomaly 1, other 0$" out &&
	grep "^  Updates       2 closing updates" out &&
	grep "^  Period        2026-11-23T09:00:00.000Z .. 2026-11-23T11:00:00.000Z$" out &&
	grep "^    critical  *3  *42.9%" out &&
	grep "^    192.0.2.1  *4  [a-z_]* 1, " out &&
	grep "^    198.51.100.7  *2  *1$" out &&
	grep "^    deploy  *1  *1$" out &&
	grep "^    error_spike  *1  2026-11-23T11:00:00.000Z" out &&
	! grep "^SUMMARY" out &&
	lstat -f tsv sec.ndjson >out.tsv &&
	grep -x "security	findings	7" out.tsv &&
	grep -x "severity	critical	3" out.tsv &&
	grep -x "threat_paths	/search	2" out.tsv &&
	grep -x "brute_users	deploy	1	1" out.tsv &&
	grep "^threat_types	xss_attempt	medium	1	2026-11-23T10:05:00.000Z	" out.tsv
'

test_expect_success 'no findings, no section (text, JSON, TSV)' '
	grep -v "threats\|rule\|attempts\|observed\|multi" sec.ndjson >plain.ndjson &&
	test_line_count 2 plain.ndjson &&
	lstat --json plain.ndjson >out.json &&
	jq -e "has(\"security\") | not" out.json &&
	jq -e ".sketch.tables | has(\"security_types\") | not" out.json &&
	lstat -f text plain.ndjson >out && ! grep -i "security" out &&
	lstat -f tsv plain.ndjson >out && ! grep "^security" out &&
	lstat --json $S/../lstat/records.ndjson >out.json &&
	jq -e "has(\"security\") | not" out.json
'

test_expect_success '--only security counts nothing else; a bad --only names it' '
	lstat --json --only security sec.ndjson >out.json &&
	test "$(jq -c keys out.json)" = "[\"security\",\"sketch\"]" &&
	test_status 2 lstat --only securty sec.ndjson 2>err &&
	grep "security, all" err
'

test_expect_success 'the samples: lthreat --annotate | lstat agrees with lthreat --summary' '
	lparse $S/access.log >acc.ndjson &&
	lthreat --summary --json acc.ndjson >sum.json &&
	lthreat --annotate acc.ndjson | lstat --json >out.json &&
	test "$(jq .security.findings out.json)" = "$(jq .findings sum.json)" &&
	test "$(jq .security.annotated_records out.json)" = "$(jq .flagged sum.json)" &&
	test "$(jq -S -c "reduce .security.by_type[] as \$t ({}; .[\$t.type] += \$t.count)" out.json)" = \
		"$(jq -S -c .by_type sum.json)" &&
	test "$(jq -S -c "[.security.by_severity | to_entries[] | select(.value > 0)] | from_entries" out.json)" = \
		"$(jq -S -c .by_severity sum.json)" &&
	test "$(jq -c ".security.top_ips[0] | [.ip, .count]" out.json)" = "$(jq -c ".top_ips[0] | [.ip, .count]" sum.json)"
'

test_expect_success 'the samples: findings of all three programs in one report' '
	lparse $S/auth.log >auth.ndjson &&
	{ lthreat acc.ndjson; lbrute auth.ndjson; lanomaly $DATA/anomaly/spike.ndjson; } >all.ndjson &&
	lstat --json all.ndjson >out.json &&
	n_thr=$(lthreat acc.ndjson | jq -c "select(.final != true)" | grep -c .) &&
	n_br=$(lbrute auth.ndjson | jq -c "select(.episode != \"end\")" | grep -c .) &&
	n_an=$(lanomaly $DATA/anomaly/spike.ndjson | grep -c .) &&
	test "$(jq .security.finding_records out.json)" = $((n_thr + n_br + n_an)) &&
	test "$(jq -c .security.by_program out.json)" = "{\"lthreat\":$n_thr,\"lbrute\":$n_br,\"lanomaly\":$n_an}" &&
	jq -e ".security.brute_force.sources[0].ip == \"185.220.101.34\" and .security.anomalies.by_kind[0].kind == \"error_spike\"" out.json
'

test_expect_success 'hostile type names and addresses are escaped in the text report' '
	printf "%s\n" "{\"type\":\"sqli\\u001b]0;pwn\\u0007\",\"severity\":\"high\",\"rule\":\"r\",\"ip\":\"10.0.0.1\\u001b[2J\",\"message\":\"GET /x\\u001b[31m HTTP/1.1\"}" >evil.ndjson &&
	lstat -f text evil.ndjson >out &&
	! grep -q "$(printf "\033")" out && ! grep -q "$(printf "\007")" out &&
	grep -F "sqli\\x1b]0;pwn\\x07" out &&
	grep -F "10.0.0.1\\x1b[2J" out &&
	lstat --json evil.ndjson >out.json &&
	test "$(jq -r ".security.by_type[0].type" out.json)" = "$(printf "sqli\033]0;pwn\007")"
'

test_expect_success '--max-keys bounds the security tables, with their bound' '
	awk "BEGIN { for (i = 0; i < 3000; i++) printf \"{\\\"type\\\":\\\"t%d\\\",\\\"severity\\\":\\\"low\\\",\\\"rule\\\":\\\"r\\\",\\\"ip\\\":\\\"10.0.%d.%d\\\"}\\n\", i % 700, i / 256 % 256, i % 256;
		for (i = 0; i < 500; i++) print \"{\\\"type\\\":\\\"big\\\",\\\"severity\\\":\\\"high\\\",\\\"rule\\\":\\\"r\\\",\\\"ip\\\":\\\"10.9.9.9\\\"}\" }" >many.ndjson &&
	lstat --json --max-keys 100 many.ndjson >out.json &&
	jq -e ".security.findings == 3500" out.json &&
	jq -e ".sketch.tables.security_ips | .exact == false and .distinct <= 100 and .error_bound > 0" out.json &&
	jq -e ".security.top_ips[0].ip == \"10.9.9.9\" and .security.top_ips[0].count >= 500" out.json &&
	jq -e ".security.by_type[0].type == \"big\"" out.json
'

test_done
