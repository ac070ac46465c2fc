#!/bin/sh
# lstat: every section of the report in JSON (exact figures on a small
# hand-counted file), the text and TSV forms, --only, --by, --top,
# --bucket, the key bound, hostile input and the exit status.
. "${0%/*}/lib.sh"

R=$DATA/lstat/records.ndjson

test_expect_success 'summary: totals, levels, period, records without timestamp' '
	lstat --json $R >out.json && test_json_lines out.json &&
	test "$(jq -c .summary.level_distribution out.json)" = \
		"{\"DEBUG\":1,\"INFO\":4,\"WARNING\":1,\"ERROR\":5,\"CRITICAL\":1}" &&
	test "$(jq .summary.total_entries out.json)" = 12 &&
	test "$(jq .summary.without_timestamp out.json)" = 1 &&
	test "$(jq .summary.errors out.json)" = 6 &&
	test "$(jq -r .period.start out.json)" = 2026-11-23T09:59:59.5Z &&
	test "$(jq -r .period.end out.json)" = 2026-11-23T11:10:00Z
'

test_expect_success 'period compares instants, not text (offsets)' '
	printf "%s\n" "{\"timestamp\":\"2026-11-23T12:00:00+05:00\",\"level\":\"INFO\"}" \
		"{\"timestamp\":\"2026-11-23T08:00:00Z\",\"level\":\"INFO\"}" >tz.ndjson &&
	lstat --json tz.ndjson >out.json &&
	test "$(jq -r .period.start out.json)" = 2026-11-23T12:00:00+05:00 &&
	test "$(jq -r .period.end out.json)" = 2026-11-23T08:00:00Z
'

test_expect_success 'sources: counts and errors, most frequent first, --top' '
	lstat --json $R >out.json &&
	test "$(jq -c "[.summary.top_sources[] | [.source, .count, .errors]]" out.json)" = \
		"[[\"auth\",5,3],[\"web\",5,2],[\"app\",2,1]]" &&
	lstat --json --top 1 $R >out.json &&
	test "$(jq ".summary.top_sources | length" out.json)" = 1
'

test_expect_success 'errors: by source and level, top messages' '
	lstat --json $R >out.json &&
	test "$(jq -c .errors.error_by_source out.json)" = \
		"{\"auth\":{\"ERROR\":3},\"web\":{\"ERROR\":2},\"app\":{\"CRITICAL\":1}}" &&
	test "$(jq -r ".errors.top_errors[0].message" out.json)" = "POST /api/login HTTP/1.1" &&
	test "$(jq ".errors.top_errors[0].count" out.json)" = 2 &&
	test "$(jq -r ".errors.top_errors[0].first_seen" out.json)" = 2026-11-23T10:05:00.250Z &&
	test "$(jq -r ".errors.top_errors[0].last_seen" out.json)" = 2026-11-23T10:06:00.000Z
'

test_expect_success 'errors: templates group the three failed passwords' '
	lstat --json $R >out.json &&
	jq -e ".errors.error_patterns[0] | .pattern == \"Failed password for <*> from <IP> port <NUM> ssh2\"
		and .count == 3 and .share == 0.5
		and .example == \"Failed password for root from 10.9.8.7 port 22 ssh2\"
		and .first_seen == \"2026-11-23T10:30:00.000Z\"
		and .last_seen == \"2026-11-23T10:32:00.000Z\"" out.json &&
	test "$(jq "[.errors.error_patterns[].count] | add" out.json)" = 6
'

test_expect_success 'errors: a record'"'"'s own template field is used as is' '
	printf "%s\n" "{\"level\":\"ERROR\",\"message\":\"x 1\",\"template\":\"x <NUM>\"}" \
		"{\"level\":\"ERROR\",\"message\":\"totally different\",\"template\":\"x <NUM>\"}" >t.ndjson &&
	lstat --json --only errors t.ndjson >out.json &&
	test "$(jq -c "[.errors.error_patterns[] | [.pattern, .count]]" out.json)" = "[[\"x <NUM>\",2]]"
'

test_expect_success 'http: status distribution and classes' '
	lstat --json $R >out.json &&
	test "$(jq -c .performance.status_distribution out.json)" = \
		"{\"200\":2,\"404\":1,\"500\":1,\"503\":1}" &&
	test "$(jq -c .performance.status_classes out.json)" = \
		"{\"1xx\":0,\"2xx\":2,\"3xx\":0,\"4xx\":1,\"5xx\":2}" &&
	test "$(jq .performance.requests out.json)" = 5
'

test_expect_success 'http: response times exact count/min/avg/max, percentiles within 1%' '
	lstat --json $R >out.json &&
	jq -e ".performance.response_times | .count == 5 and .min == 0.02 and .max == 2.5
		and (.avg - 0.912 | fabs) < 1e-9
		and (.p50 - 0.5 | fabs) <= 0.005 and (.p99 - 1.5 | fabs) <= 0.015
		and .relative_error == 0.01" out.json
'

test_expect_success 'http: percentiles of 10000 values within 1% of the exact ones' '
	awk "BEGIN { for (i = 1; i <= 10000; i++) printf \"{\\\"status\\\":200,\\\"response_time\\\":%.6f}\\n\", i / 1000 }" >rt.ndjson &&
	lstat --json --only http rt.ndjson >out.json &&
	jq -e ".performance.response_times | ((.p50 - 5.0) / 5.0 | fabs) <= 0.01
		and ((.p90 - 9.0) / 9.0 | fabs) <= 0.01 and ((.p95 - 9.5) / 9.5 | fabs) <= 0.01
		and ((.p99 - 9.9) / 9.9 | fabs) <= 0.01 and .min == 0.001 and .max == 10" out.json
'

test_expect_success 'http: top paths with their 5xx, and top paths by 5xx' '
	lstat --json $R >out.json &&
	test "$(jq -c "[.performance.top_paths[] | [.path, .count, .errors_5xx]]" out.json)" = \
		"[[\"/\",2,0],[\"/api/login\",2,2],[\"/admin\",1,0]]" &&
	test "$(jq -c "[.performance.top_paths_5xx[] | [.path, .count]]" out.json)" = "[[\"/api/login\",2]]"
'

test_expect_success 'ips: requests, errors (status >= 400), error rate, bytes' '
	lstat --json $R >out.json &&
	test "$(jq -c "[.top_ips[] | [.ip, .count, .errors, .error_rate, .bytes]]" out.json)" = \
		"[[\"10.0.0.1\",2,0,0,1512],[\"203.0.113.9\",2,2,1,100],[\"2001:db8::7\",1,1,1,10]]"
'

test_expect_success 'timeline: 1h buckets in UTC with errors; --bucket 30m' '
	lstat --json $R >out.json &&
	test "$(jq -c "[.timeline.buckets[] | [.start, .count, .errors]]" out.json)" = \
		"[[\"2026-11-23T09:00:00Z\",1,0],[\"2026-11-23T10:00:00Z\",9,6],[\"2026-11-23T11:00:00Z\",1,0]]" &&
	test "$(jq .timeline.bucket_seconds out.json)" = 3600 &&
	lstat --json --bucket 30m --only timeline $R >out.json &&
	test "$(jq -c "[.timeline.buckets[] | .count]" out.json)" = "[1,5,4,1]"
'

test_expect_success '--by one field, two fields, missing values as null' '
	lstat --json --by status $R >out.json &&
	test "$(jq -c "[.by[0].top[] | [.values[0], .count]]" out.json)" = \
		"[[null,7],[\"200\",2],[\"404\",1],[\"500\",1],[\"503\",1]]" &&
	test "$(jq -c keys out.json)" = "[\"by\",\"sketch\"]" &&
	lstat --json --by hostname,process --by level -n 2 $R >out.json &&
	test "$(jq -c ".by[0].fields, .by[0].top[0].values, .by[0].top[0].count" out.json | tr "\n" " ")" = \
		"[\"hostname\",\"process\"] [null,null] 7 " &&
	test "$(jq -c ".by[0].top[1].values" out.json)" = "[\"gw\",\"sshd\"]" &&
	test "$(jq ".by[1].distinct" out.json)" = 5
'

test_expect_success '--by template: the record field, else the masked message' '
	lstat --json --by template -n 20 $R >out.json &&
	jq -e ".by[0].top[0] | .values == [\"GET <PATH> HTTP/1.1\"] and .count == 3" out.json &&
	jq -e ".by[0].top[] | select(.values == [\"debug1: <*>\"]) | .count == 1" out.json &&
	jq -e ".by[0].top[] | select(.values == [\"Failed password for root from <IP> port <NUM> ssh2\"]) | .count == 1" out.json
'

test_expect_success '--by a nested field (dotted path)' '
	printf "%s\n" "{\"http\":{\"code\":1}}" "{\"http\":{\"code\":1}}" "{\"http\":{\"code\":2}}" >n.ndjson &&
	lstat --json --by http.code n.ndjson >out.json &&
	test "$(jq -c "[.by[0].top[] | [.values[0], .count]]" out.json)" = "[[\"1\",2],[\"2\",1]]"
'

test_expect_success '--only picks sections; all keys documented are there by default' '
	lstat --json --only http,ips $R >out.json &&
	test "$(jq -c keys out.json)" = "[\"performance\",\"sketch\",\"top_ips\"]" &&
	lstat --json $R >out.json &&
	test "$(jq -c keys out.json)" = \
		"[\"errors\",\"performance\",\"period\",\"sketch\",\"summary\",\"timeline\",\"top_ips\"]"
'

test_expect_success 'the key bound: past --max-keys the table is a sketch with its bound' '
	awk "BEGIN { for (i = 0; i < 3000; i++) printf \"{\\\"ip\\\":\\\"10.0.%d.%d\\\"}\\n\", i % 50, i % 700;
	             for (i = 0; i < 500; i++) print \"{\\\"ip\\\":\\\"198.51.100.1\\\"}\" }" >ips.ndjson &&
	lstat --json --only ips --max-keys 100 ips.ndjson >out.json &&
	jq -e ".sketch.tables.top_ips | .exact == false and .error_bound > 0 and .distinct <= 100" out.json &&
	test "$(jq -r ".top_ips[0].ip" out.json)" = 198.51.100.1 &&
	jq -e "(.top_ips[0].count - 500) <= .sketch.tables.top_ips.error_bound and .top_ips[0].count >= 500" out.json &&
	lstat --json --only ips ips.ndjson >out.json &&
	jq -e ".sketch.tables.top_ips | .exact == true and .error_bound == 0" out.json &&
	test "$(jq ".top_ips[0].count" out.json)" = 500
'

test_expect_success 'text: aligned tables, thousands separators, bars, no colour with NO_COLOR' '
	awk "BEGIN { for (i = 0; i < 1234; i++) print \"{\\\"level\\\":\\\"INFO\\\",\\\"source\\\":\\\"big\\\"}\" }" >big.ndjson &&
	cat $R >>big.ndjson &&
	lstat -f text big.ndjson >out &&
	grep -q "^  Records       1,246$" out &&
	grep -q "^  big  *1,234  *99.0%  *0  *#\{30\}$" out &&
	grep -q "^  INFO *1,238 .*#####" out &&
	! grep -q "$(printf "\033")" out &&
	grep -q "^SUMMARY$" out && grep -q "^TIMELINE$" out && grep -q "^IPS$" out
'

test_expect_success 'text: colour only when asked and NO_COLOR is unset' '
	lstat -f text --color always $R >out && ! grep -q "$(printf "\033")" out &&
	env -u NO_COLOR lstat -f text --color always $R >out && grep -q "$(printf "\033")\[1" out &&
	env -u NO_COLOR lstat -f text $R >out && ! grep -q "$(printf "\033")" out &&
	NO_COLOR= lstat -f text --color never $R >out && ! grep -q "$(printf "\033")" out
'

test_expect_success 'text: control characters from the log are escaped' '
	printf "{\"level\":\"ERROR\",\"source\":\"ev\\\\u001b]0;pwn\\\\u0007il\",\"message\":\"a\\\\u001b[31mred\\\\r\\\\n\",\"ip\":\"\\\\u009b6n\"}\n" >esc.ndjson &&
	lstat -f text esc.ndjson >out &&
	! grep -q "$(printf "\033")" out && ! grep -q "$(printf "\007")" out &&
	! grep -q "$(printf "\r")" out &&
	grep -q "ev\\\\x1b\]0;pwn\\\\x07il" out && grep -q "a\\\\x1b\[31mred\\\\r\\\\n" out &&
	grep -q "\\\\xc2\\\\x9b6n" out
'

test_expect_success 'text: bidirectional overrides are escaped as lib/human writes them' '
	printf "{\"level\":\"ERROR\",\"source\":\"s\",\"message\":\"admin\\\\u202egnp.exe\\\\u2066x\\\\u2069\"}\n" >bidi.ndjson &&
	lstat -f text --only errors bidi.ndjson >out &&
	grep -F "admin\u{202e}gnp.exe\u{2066}x\u{2069}" out &&
	! grep -q "$(printf "\342\200\256")" out && ! grep -q "$(printf "\342\201\246")" out
'

test_expect_success 'tsv: one table per section, header rows, escaped values' '
	lstat -f tsv $R >out &&
	grep -q "^#sources	source	count	errors$" out &&
	grep -q "^sources	auth	5	3$" out &&
	grep -q "^status	503	1$" out &&
	grep -q "^summary	total	12$" out &&
	grep -q "^timeline	2026-11-23T10:00:00Z	9	6$" out &&
	printf "{\"source\":\"a\\\\tb\\\\nc\"}\n" >tab.ndjson &&
	lstat -f tsv --only sources tab.ndjson >out &&
	grep -q "^sources	a\\\\tb\\\\nc	1	0$" out
'

test_expect_success 'default format: JSON when stdout is not a terminal' '
	lstat $R >out && test_json_lines out && test_line_count 1 out
'

test_expect_success 'input: gzip, stdin, several files' '
	gzip -c $R >r.ndjson.gz &&
	lstat --json r.ndjson.gz - <$R >out.json &&
	test "$(jq .summary.total_entries out.json)" = 24
'

test_expect_success 'lines that are not JSON objects: warned, counted out, exit 0' '
	printf "not json\n{\"level\":\"INFO\"}\n[1]\n\n" >bad.ndjson &&
	lstat --json bad.ndjson >out.json 2>err &&
	test "$(jq .summary.total_entries out.json)" = 1 &&
	grep -q "^lstat: bad.ndjson:1: not a JSON object" err &&
	grep -q "^lstat: bad.ndjson:3: not a JSON object" err
'

test_expect_success '--strict: the first bad line is fatal (exit 2)' '
	test_status 2 lstat --strict --json bad.ndjson >out.json 2>err &&
	grep -q "bad.ndjson:1:" err
'

test_expect_success 'exit 1 when there were no records; 2 for a missing file' '
	: >empty.ndjson &&
	test_status 1 lstat --json empty.ndjson >out.json &&
	test "$(jq .summary.total_entries out.json)" = 0 &&
	test_status 2 lstat --json nosuch.ndjson >out.json 2>err &&
	grep -q "^lstat: nosuch.ndjson: " err
'

test_expect_success 'bad options are usage errors (exit 2)' '
	test_status 2 lstat --top 0 $R 2>err && grep -q "top" err &&
	test_status 2 lstat --bucket 5x $R 2>err && grep -q "bucket" err &&
	test_status 2 lstat --only nothing $R 2>err && grep -q "unknown section" err &&
	test_status 2 lstat --format xml $R 2>err &&
	test_status 2 lstat --color sometimes $R 2>err &&
	test_status 2 lstat --by "a,,b" $R 2>err && grep -q "empty field" err &&
	test_status 2 lstat --max-keys x $R 2>err
'

test_expect_success 'hostile input: random bytes, NULs, a 2 MB line' '
	head -c 200000 /dev/urandom >junk.ndjson &&
	printf "{\"level\":\"ERROR\",\"message\":\"nul\\\\u0000in\"}\n" >>junk.ndjson &&
	awk "BEGIN { printf \"{\\\"level\\\":\\\"ERROR\\\",\\\"message\\\":\\\"\"; for (i = 0; i < 200000; i++) printf \"word%d \", i; print \"\\\"}\" }" >>junk.ndjson &&
	lstat --json junk.ndjson >out.json 2>/dev/null; st=$?; test $st -le 2 &&
	test_json_lines out.json &&
	test "$(jq .summary.errors out.json)" = 2 &&
	lstat -f text junk.ndjson >out 2>/dev/null; st=$?; test $st -le 2
'

test_expect_success 'a real pipeline: lparse | lstat over the bundled samples' '
	lparse $DATA/samples/* 2>/dev/null | lstat --json >out.json &&
	test "$(jq .summary.total_entries out.json)" = "$(lparse $DATA/samples/* 2>/dev/null | wc -l)"
'

if need_corpus web; then
	test_expect_success 'corpus: the web logs through lparse | lstat' '
		lparse $CORPUS/web/benign.log $CORPUS/web/attacks.log | lstat --json --only all --by status -n 1000 >out.json &&
		test_json_lines out.json &&
		test "$(jq ".performance.status_distribution | add" out.json)" = \
			"$(jq ".performance.requests" out.json)" &&
		test "$(jq "[.by[0].top[] | select(.values[0] != null) | .count] | add" out.json)" = \
			"$(jq ".performance.requests" out.json)" &&
		test "$(jq .summary.total_entries out.json)" = "$(cat $CORPUS/web/benign.log $CORPUS/web/attacks.log | wc -l)"
	'
else
	test_skip 'corpus: the web logs through lparse | lstat' 'no shared corpus'
fi

test_expect_success '--by through an array of objects counts each element (lthreat --annotate)' '
	cat >arr.ndjson <<-\EOF &&
	{"level":"INFO","message":"a","threats":[{"type":"xss_attempt"},{"type":"scanner"}]}
	{"level":"INFO","message":"b","threats":[{"type":"scanner"}]}
	{"level":"INFO","message":"c"}
	{"level":"INFO","message":"d","threats":[]}
	EOF
	lstat --by threats.type --only by --json arr.ndjson >out &&
	jq -c "[.by[0].top[] | [.values[0], .count]] | sort" out >got &&
	echo "[[null,2],[\"scanner\",2],[\"xss_attempt\",1]]" >expect &&
	test_cmp expect got
'

test_done
