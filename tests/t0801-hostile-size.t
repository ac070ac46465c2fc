#!/bin/sh
# Every program on big inputs (issue 9): a 20 MB line and a million tiny
# lines (the 100 MB line and 10 million lines are in scripts/torture).
. "${0%/*}/lib.sh"
. "$TESTS_DIR/hostile.sh"

# A 20 MB line (the 100 MB one is in scripts/torture): a record whose
# message is 20 MB, between two ordinary records.
{
	head -2 rec.ndjson
	printf '{"timestamp":"2026-11-23T10:00:00Z","level":"ERROR","source":"big","format":"combined","ip":"10.9.9.9","path":"/'
	head -c 20000000 /dev/zero | tr '\0' a
	printf '","status":500,"message":"'
	head -c 1000000 /dev/zero | tr '\0' 'x'
	printf ' %s"}\n' "' OR 1=1 --"
	tail -2 rec.ndjson
} >bigline.ndjson
{ head -c 20000000 /dev/zero | tr '\0' 'y'; echo; head -3 raw.log; } >bigline.log
for p in $PROGS; do
	f=bigline.ndjson
	[ $p = lparse ] && f=bigline.log
	test_expect_success "$p: a 20 MB line" "
		run $p $f && check_run $p && json_ok out
	"
done
test_expect_success 'lfilter passes the 20 MB record through whole' '
	run lfilter -s big bigline.ndjson && check_run lfilter &&
	test_line_count 1 out && sed -n 3p bigline.ndjson | cmp - out
'

# One million tiny lines.
awk 'BEGIN { for (i = 0; i < 1000000; i++) print "{}" }' >tiny.ndjson
awk 'BEGIN { for (i = 0; i < 1000000; i++) print "x" }' >tiny.log
for p in $PROGS; do
	f=tiny.ndjson
	[ $p = lparse ] && f=tiny.log
	test_expect_success "$p: a million tiny lines" "
		run $p $f && check_run $p && json_ok out
	"
done
test_expect_success 'lfilter -c counts the million tiny records' '
	run lfilter -c tiny.ndjson && check_run lfilter && test "$(cat out)" -eq 1000000
'
test_expect_success 'lparse -v counts the million tiny lines' '
	run lparse -v tiny.log && check_run lparse && test_line_count 1000000 out &&
	grep -q " lines=1000000 records=1000000 " err
'

# Many distinct keys (issue 9; scripts/memory-bounds runs 10 million):
# past the bounds each program keeps going and says it became approximate.
awk 'BEGIN { for (i = 0; i < 3000; i++)
	printf "{\"timestamp\":\"2026-11-23T10:%02d:%02dZ\",\"level\":\"ERROR\",\"source\":\"gen\",\"message\":\"m%d Failed password for u%d from 10.1.%d.%d port 22 ssh2\",\"ip\":\"10.1.%d.%d\",\"user\":\"u%d\",\"path\":\"/p%d\",\"status\":500,\"process\":\"sshd\"}\n",
		int(i / 60) % 60, i % 60, i, i, int(i / 256), i % 256, int(i / 256), i % 256, i, i }' >keys.ndjson
test_expect_success 'lstat --max-keys 100 on 3000 distinct keys: the tables say approximate' '
	run lstat --max-keys 100 -f json keys.ndjson && check_run lstat &&
	jq -e ".sketch.max_keys == 100 and
		([.sketch.tables | to_entries[] | select(.value.exact | not) | .key] | sort) ==
		[\"error_patterns\", \"top_errors\", \"top_ips\", \"top_paths\", \"top_paths_5xx\"] and
		([.sketch.tables[] | select(.value.exact | not) | .error_bound] | all(. > 0)) and
		.summary.total == 3000" out ||
	jq -c .sketch out
'
test_expect_success 'lstat: the same 3000 keys under the default bound stay exact' '
	run lstat -f json keys.ndjson && check_run lstat &&
	jq -e "[.sketch.tables[].exact] | all" out
'
test_expect_success 'lstat: 50 messages of 4 KB with --max-keys 100 go over the key bytes, not the keys' '
	awk "BEGIN { s = sprintf(\"%4000s\", \"\"); gsub(/ /, \"x\", s);
		for (i = 0; i < 50; i++) printf \"{\\\"level\\\":\\\"ERROR\\\",\\\"message\\\":\\\"%d%s\\\"}\\n\", i, s }" >long.ndjson &&
	test_line_count 50 long.ndjson &&
	run lstat --max-keys 100 -f json long.ndjson && check_run lstat &&
	jq -e ".sketch.tables.top_errors.exact == false and
		.sketch.tables.top_errors.distinct <= 100 * 256 / 4000 + 1" out
'
test_expect_success 'lanomaly --max-keys 100: records of keys beyond it are counted as left out' '
	run lanomaly --max-keys 100 --summary keys.ndjson && test $st -le 1 &&
	grep -E "^[1-9][0-9]* times an address, template or source over --max-keys was not tracked" err
'
test_expect_success 'lthreat --max-ips 100 on 3000 addresses: dropped and error bounds said' '
	sed "s,/p\([0-9]*\),/p\1/../../etc/passwd," keys.ndjson >tkeys.ndjson &&
	run lthreat --max-ips 100 --summary --json tkeys.ndjson && check_run lthreat &&
	jq -e ".records == 3000 and .ips_dropped == 2900 and .top_ips_error_bound > 0" out
'
test_expect_success 'lbrute --max-keys 100 -t 1000 on 3000 users: keeps going and counts evictions' '
	sed "s/,\"status\":500//" keys.ndjson >akeys.ndjson &&
	run lbrute -v --max-keys 100 -t 1000 akeys.ndjson && check_run lbrute &&
	grep -E "^lbrute: records=3000 .* evicted=[1-9]" err
'

test_done
