#!/bin/sh
# lparse -m: the records of several inputs in one timeline (lib/merge.c).
. "${0%/*}/lib.sh"

py() { printf '2026-11-23 10:15:%02d,000 INFO %s %s\n' "$1" "$2" "$3"; }

test_expect_success 'two files interleave by time, each record keeps its source' '
	{ py 1 web a1; py 3 web a3; py 5 web a5; } >a.log &&
	{ py 2 app b2; py 4 app b4; py 6 app b6; } >b.log &&
	lparse -m --tz UTC a.log b.log >out && test_json_lines out &&
	jq -r "[.source, .message] | join(\" \")" out >got &&
	printf "%s\n" "a.log a1" "b.log b2" "a.log a3" "b.log b4" "a.log a5" "b.log b6" >expect &&
	test_cmp expect got
'

test_expect_success 'times are compared as instants, offsets and all' '
	printf "%s\n" "{\"time\":\"2026-11-23T10:00:00+01:00\",\"msg\":\"paris 09:00Z\"}" \
		"{\"time\":\"2026-11-23T11:00:00+01:00\",\"msg\":\"paris 10:00Z\"}" >p.log &&
	printf "%s\n" "{\"time\":\"2026-11-23T09:30:00Z\",\"msg\":\"utc 09:30Z\"}" >u.log &&
	lparse -m p.log u.log >out &&
	jq -r .message out >got &&
	printf "%s\n" "paris 09:00Z" "utc 09:30Z" "paris 10:00Z" >expect && test_cmp expect got
'

test_expect_success 'a record without a time stays after the one before it in its input' '
	{ py 1 web a1; echo "no time here"; py 5 web a5; } >a.log &&
	{ py 2 app b2; py 3 app b3; } >b.log &&
	lparse -m --tz UTC a.log b.log >out &&
	jq -r .message out >got &&
	printf "%s\n" a1 "no time here" b2 b3 a5 >expect && test_cmp expect got
'

test_expect_success 'equal times: the input named first first; a late record goes out when it is read' '
	{ py 5 web a5; py 1 web a1; } >a.log &&
	{ py 5 app b5; py 6 app b6; } >b.log &&
	lparse -m --tz UTC a.log b.log >out &&
	jq -r .message out >got &&
	printf "%s\n" a5 a1 b5 b6 >expect && test_cmp expect got
'

test_expect_success 'a traceback still joins its record' '
	{ py 1 web a1; echo "Traceback (most recent call last):"; echo "  File \"x\", line 1"; echo "ValueError: v"; py 9 web a9; } >a.log &&
	{ py 2 app b2; } >b.log &&
	lparse -m --tz UTC a.log b.log >out &&
	jq -r .message out >got && printf "%s\n" a1 b2 a9 >expect && test_cmp expect got &&
	test "$(jq -r "select(.traceback) | .traceback" out | wc -l)" = 3
'

test_expect_success 'many lines from three inputs come out sorted, none lost' '
	for f in x y z; do
		seq 0 1999 | awk -v f=$f "{ s = \$1 * 3 + (f == \"y\") + 2 * (f == \"z\");
			printf \"{\\\"ts\\\":%d,\\\"msg\\\":\\\"%s\\\"}\\n\", 1763892932 + s, f }" >$f.log || return 1
	done &&
	lparse -m x.log y.log z.log >out &&
	test "$(wc -l <out)" = 6000 &&
	jq -s "[.[].timestamp] | . == sort" out >got && echo true >expect && test_cmp expect got &&
	jq -r .message out | head -6 | tr -d "\n" >got && test "$(cat got)" = xyzxyz
'

test_expect_success 'a missing input: a message, status 2, the others merged' '
	{ py 1 web a1; } >a.log &&
	test_status 2 lparse -m --tz UTC a.log missing.log >out 2>err &&
	grep "missing.log" err && test "$(jq -r .message out)" = a1
'

test_expect_success '-m -r takes the files of a directory; stdin is an input too' '
	mkdir -p d && { py 1 web a1; } >d/a.log && { py 3 web a3; } >d/c.log &&
	py 2 app s2 | lparse -m -r --tz UTC d - >out &&
	jq -r .message out >got && printf "%s\n" a1 s2 a3 >expect && test_cmp expect got
'

test_expect_success '-m -v: counts for each input' '
	{ py 1 web a1; } >a.log && { py 2 app b2; } >b.log &&
	lparse -m -v --tz UTC a.log b.log >out 2>err &&
	test "$(grep -c "lines=1 " err)" = 2
'
test_done
