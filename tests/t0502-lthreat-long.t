#!/bin/sh
# lthreat on values longer than THREAT_SCAN_MAX (64 KiB): the head and
# the tail are scanned, and the record is counted as cut in the summary.
# (Time and memory on a 100 MB line: scripts/torture.)

. "${0%/*}/lib.sh"

# rec PAD HEAD TAIL: a record whose path is HEAD, PAD bytes of "a", TAIL
rec() {
	printf '{"ip":"10.0.0.1","path":"/%s' "$2"
	head -c "$1" /dev/zero | tr '\0' a
	printf '%s"}\n' "$3"
}

test_expect_success 'a value just under the cap is scanned whole and not counted' '
	rec 65000 "" "?id=1%27%20OR%201=1--" >short.ndjson &&
	lthreat --summary --json short.ndjson >sum &&
	jq -e ".truncated == 0 and .by_type.sql_injection == 1" sum
'

test_expect_success 'a payload at the end of a 1 MB path is found, the record counted as cut' '
	rec 1000000 "" "?id=1%27%20OR%201=1--" >tail.ndjson &&
	lthreat tail.ndjson >out &&
	jq -e ".type == \"sql_injection\" and .field == \"path\"" out &&
	lthreat --summary --json tail.ndjson >sum &&
	jq -e ".truncated == 1 and .by_type.sql_injection == 1" sum &&
	lthreat --summary tail.ndjson >text &&
	grep "^values cut  *1 records" text
'

test_expect_success 'a payload at the start of a 1 MB path is found' '
	rec 1000000 "..%2f..%2f..%2fetc%2fpasswd" "" >head.ndjson &&
	lthreat head.ndjson >out &&
	jq -e ".type == \"path_traversal\"" out
'

test_expect_success 'only the middle of a long value is missed (the documented cost), and counted' '
	rec 1000000 "$(head -c 40000 /dev/zero | tr "\\0" a)%27%20OR%201=1--" "" >mid.ndjson &&
	test_status 1 lthreat mid.ndjson >out &&
	test_line_count 0 out &&
	test_status 1 lthreat --summary --json mid.ndjson >sum &&
	jq -e ".truncated == 1 and .flagged == 0" sum
'

test_done
