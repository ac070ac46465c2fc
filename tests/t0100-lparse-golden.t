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

test_expect_success 'golden: from stdin, with --source' '
	lparse --tz Europe/Paris --year 2025 --source syslog.log <"$G/syslog.log" >out &&
	test_cmp "$G/syslog.ndjson" out
'
test_done
