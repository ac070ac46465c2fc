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

test_done
