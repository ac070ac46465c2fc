#!/bin/sh
# Golden tests: each tests/data/golden/NAME.log and its exact expected
# records, NAME.ndjson.  Fixed --tz and --year keep them stable; Paris
# puts the summer lines at +02:00 and the others at +01:00.
. "${0%/*}/lib.sh"

G=$DATA/golden
for log in "$G"/*.log; do
	name=${log##*/}
	name=${name%.log}
	test_expect_success "golden: $name" "
		lparse --tz Europe/Paris --year 2025 '$log' >out 2>err &&
		test_json_lines out &&
		test_cmp '$G/$name.ndjson' out &&
		! test -s err
	"
done

test_expect_success 'golden: every line of every input is accounted for' '
	for log in "$G"/*.log; do
		lparse -v --tz UTC --year 2025 "$log" >out 2>err || return 1
		n=$(wc -l <"$log")
		# a last line without a newline is a line too
		[ -n "$(tail -c 1 "$log")" ] && n=$((n + 1))
		grep -q " lines=$n " err || { echo "$log: $n lines, stats: $(cat err)"; return 1; }
	done
'

test_expect_success 'golden: the whole set read at once is the files in order' '
	lparse --tz Europe/Paris --year 2025 "$G"/*.log >out &&
	cat "$G"/*.ndjson >expect &&
	test_cmp expect out
'

test_expect_success 'golden: keys come in the order of the record format' '
	lparse -n --raw --tz UTC --year 2025 "$G"/*.log >out &&
	jq -r "[keys_unsorted[] as \$k | [\"timestamp\",\"level\",\"source\",\"format\",
		\"message\",\"hostname\",\"process\",\"pid\",\"facility\",\"severity\",\"vhost\",
		\"ip\",\"user\",\"method\",\"path\",\"protocol\",\"status\",\"size\",\"referer\",
		\"user_agent\",\"response_time\",\"module\",\"traceback\",\"line\",\"raw\"]
		| index([\$k]) | select(. != null)] | . == sort" out | sort -u >got &&
	echo true >expect && test_cmp expect got &&
	test "$(jq -r "[keys_unsorted[] | select(. != \"timestamp\")][0:4] | join(\",\")" out |
		sort -u)" = "level,source,format,message" &&
	test "$(jq -r "(has(\"timestamp\") | not) or keys_unsorted[0] == \"timestamp\"" out |
		sort -u)" = true
'

test_expect_success 'golden: from stdin, with --source' '
	lparse --tz Europe/Paris --year 2025 --source syslog.log <"$G/syslog.log" >out &&
	test_cmp "$G/syslog.ndjson" out
'
test_done
