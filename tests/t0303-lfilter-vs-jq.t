#!/bin/sh
# lfilter against jq on lparse's records of the bundled samples: the same
# tests written both ways must keep the same records.
. "${0%/*}/lib.sh"

command -v jq >/dev/null || skip_all "jq is not installed (scripts/install-deps installs it)"

lparse -n "$DATA"/samples/* >recs.ndjson 2>/dev/null
[ -s recs.ndjson ] || skip_all "lparse wrote no records from $DATA/samples"

# same 'LFILTER ARGS' 'JQ FILTER': both keep the same records (by source and line)
same() {
	eval "lfilter $1 recs.ndjson" | jq -r '"\(.source):\(.line)"' >lf &&
	jq -r "select($2) | \"\(.source):\(.line)\"" recs.ndjson >jq &&
	test_cmp jq lf && test -s jq
}

test_expect_success 'the samples give records of several kinds' '
	test "$(wc -l <recs.ndjson)" -ge 50 &&
	jq -r .format recs.ndjson | sort -u >formats && test "$(wc -l <formats)" -ge 3
'
test_expect_success '-w status>=400' 'same "-w status\>=400" ".status >= 400"'
test_expect_success '-w status=404' 'same "-w status=404" ".status == 404"'
test_expect_success '-w response_time>1.5' 'same "-w response_time\>1.5" ".response_time > 1.5"'
test_expect_success '-w method=POST' 'same "-w method=POST" ".method == \"POST\""'
test_expect_success '-w method!=GET (only records with a method)' \
	'same "-w method!=GET" "has(\"method\") and .method != \"GET\""'
test_expect_success '-w path~^/api/' 'same "-w \"path~^/api/\"" "(.path // \"\") | test(\"^/api/\")"'
test_expect_success '-w has:pid' 'same "-w has:pid" "has(\"pid\")"'
test_expect_success '-w !has:ip' 'same "-w !has:ip" "has(\"ip\") | not"'
test_expect_success '-l >=WARNING' \
	'same "-l \">=WARNING\"" ".level == \"WARNING\" or .level == \"ERROR\" or .level == \"CRITICAL\""'
test_expect_success '-l INFO -v' 'same "-l INFO -v" ".level != \"INFO\""'
test_expect_success '-q Failed' 'same "-q Failed" ".message | contains(\"Failed\")"'
test_expect_success '-i -q failed' 'same "-i -q failed" ".message | ascii_downcase | contains(\"failed\")"'
test_expect_success '-e regex' 'same "-e \"^(GET|POST) /\"" ".message | test(\"^(GET|POST) /\")"'
test_expect_success '-s access.log' 'same "-s access.log" ".source == \"access.log\""'
# RFC 3339 to epoch seconds in jq (fraction dropped, offset applied)
cat >since.jq <<'JQ'
def epoch: capture("^(?<d>[0-9-]+T[0-9:]+)(?<f>[.][0-9]+)?(?<z>Z|[+-][0-9][0-9]:[0-9][0-9])$")
	| (.d + "Z" | fromdate) - (if .z == "Z" then 0 else
		((.z[1:3] | tonumber) * 3600 + (.z[4:6] | tonumber) * 60) * (if .z[0:1] == "+" then 1 else -1 end) end);
select(has("timestamp") and (.timestamp | epoch) >= 1795424430) | "\(.source):\(.line)"
JQ
test_expect_success '--since (an instant, whatever the offset)' '
	lfilter --since 2026-11-23T10:00:30+01:00 recs.ndjson | jq -r "\"\(.source):\(.line)\"" >lf &&
	jq -r -f since.jq recs.ndjson >jq && test_cmp jq lf && test -s jq &&
	test "$(wc -l <jq)" -lt "$(jq -r "select(has(\"timestamp\"))" recs.ndjson | wc -l)"
'
test_expect_success 'combined' \
	'same "-s access.log -w status\>=200 -w status\<300 -q GET" ".source == \"access.log\" and .status >= 200 and .status < 300 and (.message | contains(\"GET\"))"'
test_done
