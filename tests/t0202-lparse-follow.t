#!/bin/sh
# lparse -f: tail -F semantics (lib/follow.c): start at the end unless
# --from-start, a partial last line waits, rotation by rename and create
# while a writer writes, copytruncate, a file that appears later, several
# files at once; issue 9: a writer writing fast through rotations both
# ways loses no line and doubles none; standard input and gzip with -f.
# lparse runs in the background and is killed by its pid.
. "${0%/*}/lib.sh"

# wait_lines N FILE [SECONDS]: until FILE has N lines (5 s at most).
wait_lines() {
	w=0
	while [ "$(wc -l <"$2")" -lt "$1" ] && [ $w -lt $((${3:-5} * 20)) ]; do
		sleep 0.05
		w=$((w + 1))
	done
	[ "$(wc -l <"$2")" -ge "$1" ]
}

# wait_pos PID FD OFFSET: until descriptor FD of process PID is at OFFSET (5 s at most).
wait_pos() {
	w=0
	until grep -qx "pos:[[:space:]]*$3" /proc/$1/fdinfo/$2 2>/dev/null; do
		[ $w -lt 100 ] || return 1
		sleep 0.05
		w=$((w + 1))
	done
}

# wait_open PID PATH: until process PID holds PATH open (5 s at most).
wait_open() {
	w=0
	until ls -l /proc/$1/fd 2>/dev/null | grep -q " -> $2\$"; do
		[ $w -lt 100 ] || return 1
		sleep 0.05
		w=$((w + 1))
	done
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

# The writer of issue 9: numbered lines in bursts (sed writes 4 KiB
# blocks, so lines are cut across writes), through an O_APPEND descriptor
# kept open, as a daemon does.  Three times rename and create: the file is
# renamed, the writer goes on writing 1000 lines into the renamed file (a
# daemon before its SIGHUP), the last 700 once lparse has seen the rename
# (it has read the 300 written after it), then opens a new one.  Three times
# copytruncate: copy, then truncate, then on at once; the writer waits
# first until lparse has read everything, because lines written between
# the copy and the truncation, or not read before it, are lost to any
# reader (logrotate's documented race, see lparse(1) CAVEATS).
writer() {
	n=0
	burst() { seq $((n + 1)) $((n + $1)) | sed "s/^/line /" >&3; n=$((n + $1)); }
	exec 3>>a.log
	for round in 1 2 3 4 5 6; do
		burst 5000
		case $round in
		1|3|5)
			mv a.log a.log.$round &&
			burst 300 && wait_lines $n out 10 && burst 300 && wait_lines $n out 10 &&
			burst 400 && exec 3>>a.log ;;
		*)
			wait_lines $n out 30 && cp a.log a.log.$round && : >a.log ;;
		esac
	done
	burst 5000
	exec 3>&-
}

test_expect_success 'issue 9: fast writes through rotations both ways: every line exactly once, in order' '
	: >a.log &&
	follow a.log &&
	writer &&
	wait_lines 38000 out 30; stop &&
	seq 1 38000 | sed "s/^/line /" >expect && messages >got && test_cmp expect got
'

test_expect_success 'a file rotated away in turn while the one before is read out is not missed' '
	: >a.log &&
	follow a.log &&
	exec 3>>a.log && echo "line 1" >&3 &&
	mv a.log a.log.1 && echo "line 2" >&3 && exec 3>&- &&
	echo "line 3" >a.log && wait_open $pid "$PWD/a.log" &&
	mv a.log a.log.2 && echo "line 4" >a.log &&
	wait_lines 4 out; stop &&
	printf "line %s\n" 1 2 3 4 >expect && messages >got && test_cmp expect got
'

test_expect_success 'copytruncate then writes past the old size before a poll: read from the start' '
	: >a.log &&
	follow a.log &&
	seq 1 10 | sed "s/^/old /" >>a.log && wait_lines 10 out &&
	kill -STOP $pid &&
	: >a.log && seq 1 20 | sed "s/^/new /" >>a.log &&
	kill -CONT $pid &&
	wait_lines 30 out; stop &&
	{ seq 1 10 | sed "s/^/old /"; seq 1 20 | sed "s/^/new /"; } >expect &&
	messages >got && test_cmp expect got
'

test_expect_success 'standard input, a pipe: read as it comes, to its end; then lparse ends' '
	rm -f fifo && mkfifo fifo &&
	{ lparse -f -F raw <fifo >out 2>err & } && pid=$! &&
	exec 4>fifo && echo "first" >&4 &&
	wait_lines 1 out &&
	echo "second" >&4 && exec 4>&- &&
	wait $pid &&
	printf "first\nsecond\n" >expect && messages >got && test_cmp expect got &&
	jq -r .source out | sort -u >got && echo - >expect && test_cmp expect got &&
	printf "a\nb\n" | lparse -f -F raw - >out && test_line_count 2 out
'

test_expect_success 'standard input, a pipe, with a file: the file is still followed after the pipe ends' '
	: >a.log && rm -f fifo && mkfifo fifo &&
	{ lparse -f -F raw - a.log <fifo >out 2>err & } && pid=$! &&
	echo "from the pipe" >fifo &&
	wait_lines 1 out &&
	echo "to a" >>a.log && wait_lines 2 out &&
	kill -0 $pid && stop &&
	printf "from the pipe\nto a\n" >expect && messages >got && test_cmp expect got
'

test_expect_success 'standard input, a file: followed as it grows (from its end; --from-start)' '
	printf "old\n" >a.log &&
	{ lparse -f -F raw <a.log >out 2>err & } && pid=$! &&
	wait_pos $pid 0 4 && echo "new" >>a.log &&
	wait_lines 1 out; stop &&
	echo new >expect && messages >got && test_cmp expect got &&
	{ lparse -f --from-start -F raw <a.log >out 2>err & } && pid=$! &&
	wait_lines 2 out && echo "newer" >>a.log && wait_lines 3 out; stop &&
	printf "old\nnew\nnewer\n" >expect && messages >got && test_cmp expect got
'

test_expect_success 'gzip with -f: read whole (it does not grow); alone, lparse then ends' '
	seq 1 5 | gzip -c >z.log.gz &&
	lparse -f -F raw z.log.gz >out &&
	seq 1 5 >expect && messages >got && test_cmp expect got &&
	: >a.log &&
	follow z.log.gz a.log &&
	echo "to a" >>a.log && wait_lines 6 out; stop &&
	{ seq 1 5; echo "to a"; } >expect && messages >got && test_cmp expect got
'

test_expect_success '-f with no file follows standard input' '
	printf "x\n" | lparse -f -F raw >out && test_line_count 1 out
'
test_done
