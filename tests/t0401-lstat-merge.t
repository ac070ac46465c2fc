#!/bin/sh
# lstat --partial / --merge: a file split into chunks gives the report of
# one pass (exact sections equal; sketched tables within their bounds).
. "${0%/*}/lib.sh"

GENLOG=$TOP/scripts/genlog
[ -x "$GENLOG" ] || skip_all "scripts/genlog is missing"

"$GENLOG" --kind access --lines 6000 --seed 7 --request-time >access.log &&
"$GENLOG" --kind auth --lines 3000 --seed 8 >auth.log &&
"$GENLOG" --kind app --lines 2000 --seed 9 >app.log &&
lparse access.log auth.log app.log >all.ndjson &&
split -n l/5 -d all.ndjson chunk. || skip_all "cannot make the test data"

# The report without the mined templates (which depend on the order the
# messages are seen in) and with the template counts summed.
exact() {
	jq -S 'del(.errors.error_patterns, .sketch.tables.error_patterns)' "$1"
}

test_expect_success 'five partials merged = one pass (every exact section)' '
	for f in chunk.0*; do lstat --partial "$f" || return 1; done >partials.ndjson &&
	test_line_count 5 partials.ndjson && test_json_lines partials.ndjson &&
	lstat --merge --json partials.ndjson >merged.json &&
	lstat --json all.ndjson >one.json &&
	exact merged.json >m && exact one.json >o && test_cmp o m
'

test_expect_success 'merged templates account for every error' '
	test "$(jq "[.errors.error_patterns[].count] | add" merged.json)" -le \
		"$(jq .summary.errors one.json)" &&
	lstat --merge --json -n 100000 partials.ndjson >all.json &&
	test "$(jq "[.errors.error_patterns[].count] | add" all.json)" = "$(jq .summary.errors one.json)"
'

test_expect_success 'merge order does not matter' '
	tac partials.ndjson | lstat --merge --json >rev.json &&
	exact rev.json >r && test_cmp o r
'

test_expect_success 'partials of partials: merge is associative' '
	lstat --partial chunk.00 chunk.01 >p1 && lstat --partial chunk.02 chunk.03 chunk.04 >p2 &&
	cat p1 p2 | lstat --merge --json >two.json &&
	exact two.json >t && test_cmp o t
'

test_expect_success '--by and --bucket travel in the partial state' '
	for f in chunk.0*; do lstat --partial --by status --by source,level --bucket 5m "$f" || return 1; done >pb.ndjson &&
	lstat --merge --json pb.ndjson >m.json &&
	lstat --json --by status --by source,level --bucket 5m all.ndjson >o.json &&
	jq -S . m.json >m && jq -S . o.json >o2 && test_cmp o2 m
'

test_expect_success 'text and tsv from merged partials equal one pass' '
	lstat --merge -f tsv --only summary,sources,http,ips,timeline partials.ndjson >m.tsv &&
	lstat -f tsv --only summary,sources,http,ips,timeline all.ndjson >o.tsv &&
	test_cmp o.tsv m.tsv &&
	lstat --merge -f text --only http partials.ndjson >m.txt &&
	lstat -f text --only http all.ndjson >o.txt && test_cmp o.txt m.txt
'

test_expect_success 'sketched tables stay within their bound after a merge' '
	for f in chunk.0*; do lstat --partial --max-keys 50 "$f" || return 1; done >ps.ndjson &&
	lstat --merge --json --max-keys 50 -n 20 ps.ndjson >s.json &&
	lstat --json -n 100000 all.ndjson >exact.json &&
	jq -e ".sketch.tables.top_ips.exact == false" s.json &&
	bound=$(jq .sketch.tables.top_ips.error_bound s.json) &&
	jq -c ".top_ips[] | [.ip, .count]" s.json >got &&
	while read -r row; do
		ip=$(echo "$row" | jq -r ".[0]") && n=$(echo "$row" | jq ".[1]") &&
		t=$(jq --arg ip "$ip" "[.top_ips[] | select(.ip == \$ip) | .count] | add // 0" exact.json) &&
		test "$n" -ge "$t" && test $((n - t)) -le "$bound" || return 1
	done <got &&
	test "$(jq .summary.total_entries s.json)" = "$(jq .summary.total_entries exact.json)"
'

test_expect_success 'findings and threat annotations: merged partials = one pass (security)' '
	{ lthreat --annotate all.ndjson; lthreat all.ndjson; lbrute all.ndjson; } >sec.ndjson &&
	jq -e -s "[.[] | select(.threats)] | length > 100" sec.ndjson >/dev/null &&
	split -n l/4 -d sec.ndjson sec. &&
	for f in sec.0*; do lstat --partial "$f" || return 1; done >psec.ndjson &&
	lstat --merge --json -n 50 psec.ndjson >m.json &&
	lstat --json -n 50 sec.ndjson >o.json &&
	jq -e ".security.findings > 100 and .security.brute_force.findings > 0 and .security.updates > 0" o.json &&
	exact m.json >m && exact o.json >o3 && test_cmp o3 m &&
	lstat --merge -f text --only security psec.ndjson >m.txt &&
	lstat -f text --only security sec.ndjson >o.txt && test_cmp o.txt m.txt &&
	grep -q "^SECURITY" o.txt
'

test_expect_success 'a corrupt security state is refused' '
	head -1 psec.ndjson | sed "s/\"severity\":\[[0-9]*,/\"severity\":[-1,/" >bad &&
	grep -q "\"severity\":\[-1," bad &&
	test_status 2 lstat --merge --json bad >/dev/null 2>err && grep -q "bad security state" err
'

test_expect_success 'an empty input makes a partial that merges as nothing' '
	: >empty && lstat --partial empty >pe; test $? -le 1 &&
	cat pe partials.ndjson | lstat --merge --json >me.json &&
	exact me.json >e && test_cmp o e
'

test_expect_success 'refused: a line that is not a partial, another --bucket, --by with --merge' '
	printf "{\"level\":\"INFO\"}\n" >notp &&
	test_status 2 lstat --merge --json notp >/dev/null 2>err &&
	grep -q "^lstat: notp:1: not an lstat --partial line" err &&
	lstat --partial --bucket 1m chunk.00 >pm &&
	cat partials.ndjson pm | test_must_fail lstat --merge --json >/dev/null 2>err &&
	grep -q "another --bucket" err &&
	test_status 2 lstat --merge --by status partials.ndjson 2>err
'

test_expect_success 'a corrupt partial is refused, not trusted' '
	sed "s/\"keys\":{/\"keys\":{\"x\":[1,2],/" partials.ndjson | head -1 >bad &&
	test_status 2 lstat --merge --json bad >/dev/null 2>err && grep -q "bad table" err
'

test_expect_success 'a partial with times out of range is refused (no overflow)' '
	printf "{\"level\":\"INFO\"}\n" | lstat --partial >p1 &&
	sed "s/\"timeline\":{\"total\":0,\"base\":0,\"evictions\":0,\"keys\":{}/\"timeline\":{\"total\":1,\"base\":0,\"evictions\":0,\"keys\":{\"9223372036854775807\":[1,0,0,0,null,null]}/" p1 >p2 &&
	grep -q 9223372036854775807 p2 &&
	test_status 2 lstat --merge -f text p2 >/dev/null 2>err && grep -q "bad table" err
'

test_expect_success 'records from year 1 to 9999 survive a partial and a merge' '
	printf "%s\n" "{\"timestamp\":\"0001-01-01T00:00:00Z\",\"level\":\"ERROR\",\"message\":\"x\"}" \
		"{\"timestamp\":\"9999-12-31T23:59:59Z\",\"level\":\"INFO\"}" >ext.ndjson &&
	lstat --partial --bucket 1w ext.ndjson | lstat --merge --json >m.json &&
	lstat --json --bucket 1w ext.ndjson >o.json && test_cmp o.json m.json &&
	test "$(jq -r .period.start m.json)" = 0001-01-01T00:00:00Z
'

test_done
