#!/bin/sh
# Every program on failing output (issue 9): /dev/full as stdout (write
# error, status 2), a closed stdout, and a reader that goes away (| head -1:
# quiet).
. "${0%/*}/lib.sh"
. "$TESTS_DIR/hostile.sh"

# Output that fails: /dev/full, closed stdout, a reader that goes away.
for p in $PROGS; do
	f=$(input_for $p)
	args=
	case $p in lanomaly) args="--mode fixed --errors 1" ;; lbrute) args="-t 2" ;; esac
	if [ -w /dev/full ]; then
		test_expect_success "$p: /dev/full as stdout: write error, status 2, one line" "
			timeout $T $p $args $f >/dev/full 2>err; st=\$? &&
			test \$st -eq 2 && check_run $p && test_line_count 1 err &&
			grep -q '^$p: .*No space left on device' err
		"
	fi
	test_expect_success "$p: closed stdout: status 2, one line, no crash" "
		timeout $T $p $args $f >&- 2>err; st=\$?
		test \$st -eq 2 && check_run $p && test_line_count 1 err
	"
done
awk 'BEGIN { for (i = 0; i < 200000; i++)
	printf "Oct 11 22:14:15 host sshd[%d]: Failed password for u%d from 10.%d.%d.%d port 22 ssh2\n", i, i % 50, i % 200, i % 100, i % 250 }' >big.log
lparse big.log >big.ndjson
lthreat --annotate big.ndjson >/dev/null 2>&1
for p in lparse lfilter lthreat lbrute; do
	f=big.ndjson
	[ $p = lparse ] && f=big.log
	args=
	case $p in lbrute) args="-e" ;; lthreat) args="--annotate" ;; esac
	test_expect_success "$p | head -1: quiet exit" "
		{ timeout $T $p $args $f 2>err; echo \$? >st; } | head -1 >out &&
		test_line_count 1 out && ! test -s err &&
		st=\$(cat st) && { [ \$st -eq 0 ] || [ \$st -eq 141 ]; }
	"
done
test_done
