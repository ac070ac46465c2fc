#!/bin/sh
# lparse -f: tail -F semantics (lib/follow.c): start at the end unless
# --from-start, a partial last line waits, rotation by rename and create
# while a writer writes, copytruncate, a file that appears later, several
# files at once.  lparse runs in the background and is killed by its pid.
. "${0%/*}/lib.sh"

# wait_lines N FILE: until FILE has N lines (5 s at most).
wait_lines() {
	i=0
	while [ "$(wc -l <"$2")" -lt "$1" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(wc -l <"$2")" -ge "$1" ]
}

# follow ARGS...: lparse -f -F raw ARGS in the background, output in out.
follow() {
	: >out
	lparse -f -F raw "$@" >out 2>err &
	pid=$!
	sleep 0.3
}
stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; true; }
messages() { jq -r .message out; }

test_expect_success 'starts at the end of a file; new lines come as they are written' '
	printf "old 1\nold 2\n" >a.log &&
	follow a.log &&
	echo "new 1" >>a.log && echo "new 2" >>a.log &&
	wait_lines 2 out; stop &&
	printf "new 1\nnew 2\n" >expect && messages >got && test_cmp expect got
'

test_expect_success '--from-start reads what is there first' '
	printf "old 1\n" >a.log &&
	follow --from-start a.log &&
	echo "new 1" >>a.log &&
	wait_lines 2 out; stop &&
	printf "old 1\nnew 1\n" >expect && messages >got && test_cmp expect got
'

test_expect_success 'a partial last line waits for its newline' '
	: >a.log &&
	follow a.log &&
	printf "abc" >>a.log && sleep 0.5 &&
	test "$(wc -l <out)" = 0 &&
	printf "def\nnext\n" >>a.log &&
	wait_lines 2 out; stop &&
	printf "abcdef\nnext\n" >expect && messages >got && test_cmp expect got
'

test_expect_success 'rotation by rename and create while a writer writes: every line once, in order' '
	: >a.log &&
	follow a.log &&
	( for i in $(seq 1 300); do
		echo "line $i" >>a.log
		[ $i = 100 ] && mv a.log a.log.1
		[ $i = 200 ] && mv a.log a.log.2
		[ $((i % 20)) = 0 ] && sleep 0.05
	  done ) &&
	wait_lines 300 out; stop &&
	seq 1 300 | sed "s/^/line /" >expect && messages >got && test_cmp expect got
'

test_expect_success 'copytruncate: after the truncation the file is read from its start' '
	: >a.log &&
	follow a.log &&
	seq 1 50 >>a.log && wait_lines 50 out &&
	cp a.log a.log.1 && : >a.log && sleep 0.3 &&
	seq 51 60 >>a.log &&
	wait_lines 60 out; stop &&
	seq 1 60 >expect && messages >got && test_cmp expect got
'

test_expect_success 'a file that appears later is read from its start' '
	rm -f late.log &&
	follow late.log &&
	printf "first\nsecond\n" >late.log &&
	wait_lines 2 out; stop &&
	printf "first\nsecond\n" >expect && messages >got && test_cmp expect got
'

test_expect_success 'several files at once, each with its source' '
	: >a.log && : >b.log &&
	follow a.log b.log &&
	echo "to a" >>a.log && echo "to b" >>b.log &&
	wait_lines 2 out; stop &&
	jq -r "[.source, .message] | join(\" \")" out | sort >got &&
	printf "a.log to a\nb.log to b\n" >expect && test_cmp expect got
'

test_expect_success 'a traceback joins its record, written once the file is idle' '
	: >p.log &&
	lparse -f --tz UTC p.log >out 2>err & pid=$!; sleep 0.3 &&
	printf "%s\n" "ERROR:app:boom" "Traceback (most recent call last):" "  File \"x\", line 1" "ValueError: x" >>p.log &&
	wait_lines 1 out; stop &&
	test "$(jq -r .traceback out | wc -l)" = 3
'

test_expect_success '-f with standard input or no file is a usage error' '
	test_status 2 lparse -f </dev/null &&
	test_status 2 lparse -f - </dev/null
'
test_done
