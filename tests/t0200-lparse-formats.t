#!/bin/sh
# The formats of issue 8 (fmt_json.c, fmt_errorlog.c, fmt_alb.c, fmt_glog.c,
# fmt_java.c, fmt_logfmt.c, fmt_generic.c): golden files in tests/data/fleet
# (NAME.log and its exact records NAME.ndjson), then the properties the
# golden files only show by example.  Every golden file is auto-detected.
. "${0%/*}/lib.sh"

D=$DATA/fleet
for log in "$D"/*.log; do
	name=${log##*/}
	name=${name%.log}
	test_expect_success "golden: $name" "
		lparse --tz UTC --year 2025 '$log' >out 2>err &&
		test_json_lines out &&
		test_cmp '$D/$name.ndjson' out &&
		! test -s err
	"
done

test_expect_success 'every line of the golden inputs is accounted for' '
	for log in "$D"/*.log; do
		lparse -v --tz UTC "$log" >out 2>err || return 1
		n=$(wc -l <"$log")
		grep -q " lines=$n " err || { echo "$log: $n lines, stats: $(cat err)"; return 1; }
	done
'

test_expect_success '-F takes each new format, and other lines become raw' '
	for f in json journal docker apache_error nginx_error alb elb glog klog golog java logfmt generic; do
		lparse -F "$f" </dev/null >/dev/null || { echo "-F $f refused"; return 1; }
	done &&
	cat "$D/apache_error.log" "$D/nginx_error.log" | lparse -F nginx_error --tz UTC >out &&
	jq -r .format out | sort | uniq -c | sed "s/^ *//" >got &&
	printf "%s\n" "4 nginx_error" "5 raw" >expect && test_cmp expect got
'

test_expect_success 'json: pino and bunyan numeric levels map to ours' '
	for n in 10 20 30 40 50 60; do
		printf "{\"level\":%s,\"time\":1763892932000,\"msg\":\"m\"}\n" $n
	done | lparse --tz UTC >out &&
	test "$(jq -r .level out | tr "\n" " ")" = "DEBUG DEBUG INFO WARNING ERROR CRITICAL "
'

test_expect_success 'json: epoch seconds, ms, us and ns by magnitude' '
	printf "%s\n" "{\"ts\":1763892932}" "{\"ts\":1763892932123}" "{\"ts\":1763892932123456}" \
		"{\"ts\":1763892932123456789}" | lparse >out &&
	jq -r .timestamp out >got &&
	printf "%s\n" 2025-11-23T10:15:32Z 2025-11-23T10:15:32.123Z 2025-11-23T10:15:32.123456Z \
		2025-11-23T10:15:32.123456789Z >expect && test_cmp expect got
'

test_expect_success 'json: escaped and hostile keys give valid JSON with plain keys' '
	cat >in <<-\EOF &&
	{"a\"b":1,"c\u0000d":2,"\u00e9":3,"msg":"x"}
	EOF
	lparse in >out &&
	test_json_lines out &&
	jq -r "keys_unsorted[4:] | join(\" \")" out >got &&
	echo "a_b c_d __" >expect && test_cmp expect got
'

test_expect_success 'json: nested objects flatten; deep ones stop at a depth, still valid' '
	deep=$(printf "{\"a\":%.0s" $(seq 1 40))1$(printf "}%.0s" $(seq 1 40)) &&
	printf "{\"msg\":\"m\",\"x\":%s}\n" "$deep" | lparse >out && test_json_lines out &&
	jq -r "keys_unsorted[4]" out >got &&
	echo "x.a.a.a.a.a" >expect && test_cmp expect got
'

test_expect_success 'json: a record of many keys keeps 64 and writes valid JSON' '
	{ printf "{\"msg\":\"m\""; for i in $(seq 1 200); do printf ",\"k%d\":%d" $i $i; done; echo "}"; } |
		lparse >out && test_json_lines out &&
	test "$(jq "keys | length" out)" -le 70
'

test_expect_success 'json: a line that is not one valid object is raw' '
	printf "%s\n" "{\"a\":1} trailing" "{\"a\":01}" "[1,2]" "{}" | lparse >out &&
	test "$(jq -r .format out | tr "\n" " ")" = "raw raw raw json "
'

test_expect_success 'java: a stack trace joins its record; the next record stands alone' '
	lparse --tz UTC "$D/java.log" >out &&
	test "$(jq -s length out)" = 6 &&
	test "$(jq -r "select(.stacktrace) | .stacktrace | split(\"\n\") | length" out | tr "\n" " ")" = "6 2 "
'

test_expect_success 'java: an exception line without a record before it stays its own' '
	printf "%s\n" "java.lang.IllegalStateException: boom" "	at a.B.c(B.java:1)" | lparse >out &&
	test "$(jq -s length out)" = 2
'

test_expect_success 'python lines stay python (java is tried first)' '
	printf "%s\n" "2026-11-23 10:15:32,123 ERROR app.db message" \
		"2026-11-23 10:15:32,123 - app.db - ERROR - message" \
		"2026-11-23 10:15:32,123 ERROR [app.db] message" | lparse >out &&
	jq -r .format out | sort -u >got && echo python >expect && test_cmp expect got
'

test_expect_success 'nginx error: message ends at the first ", key: ", not inside quotes' '
	echo "2026/11/23 10:15:32 [error] 1#2: open() \"/a, b: c\" failed, client: 1.2.3.4" |
		lparse -F nginx_error >out &&
	test "$(jq -r .message out)" = "open() \"/a, b: c\" failed" &&
	test "$(jq -r .ip out)" = 1.2.3.4
'

test_expect_success 'generic: a stamp glued to a word is not a stamp' '
	printf "%s\n" "2026-11-23 10:15:32xyz msg" "1763892932abc" | lparse -F generic >out &&
	jq -r .format out | sort -u >got && echo raw >expect && test_cmp expect got
'

test_expect_success 'generic is not sticky: a line it takes leaves the next to the formats that know them' '
	printf "%s\n" "2026-11-23 10:15:32,123 ERROR app.db connection lost" \
		"2026-11-23 10:15:33 something else entirely" \
		"2026-11-23 10:15:34,123 INFO app.db reconnected" \
		"Nov 23 10:15:35 web01 sshd[1]: x" "2026-11-23 10:15:36 plain" \
		"Nov 23 10:15:37 web01 sshd[1]: y" | lparse >out &&
	jq -r "[.format, .module // .hostname // \"-\"] | @tsv" out >got &&
	printf "%s\t%s\n" python app.db generic - python app.db syslog web01 generic - syslog web01 >expect &&
	test_cmp expect got
'

test_expect_success '-F generic: lines another format takes first are generic too' '
	printf "%s\n" "[2026-11-23 10:15:32] [warning] disk almost full" "Nov 23 10:15:36 just a bsd stamp" |
		lparse -F generic --tz UTC --year 2025 >out &&
	jq -c "[.format, .timestamp, .level, .message]" out >got &&
	cat >expect <<-\EOF &&
	["generic","2026-11-23T10:15:32Z","WARNING","disk almost full"]
	["generic","2025-11-23T10:15:36Z","INFO","just a bsd stamp"]
	EOF
	test_cmp expect got
'

test_expect_success 'detection is sticky per input: a mixed file keeps each line right' '
	cat "$D/alb.log" "$D/glog.log" "$D/json.log" "$D/java.log" | lparse --tz UTC --year 2025 >out &&
	cat "$D/alb.ndjson" "$D/glog.ndjson" "$D/json.ndjson" "$D/java.ndjson" |
		jq -c "del(.source)" >expect &&
	jq -c "del(.source)" out >got && test_cmp expect got
'
test_done
