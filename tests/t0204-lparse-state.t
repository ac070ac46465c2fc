#!/bin/sh
# lparse --state FILE (lib/state.c): a second run reads only what is new,
# a file read whole is skipped, and rotation (rename, then gzip of the
# rotated file) does not make old lines new again.
. "${0%/*}/lib.sh"

msgs() { jq -r .message out | tr "\n" " "; }

test_expect_success 'a second run reads only the lines added since' '
	printf "one\ntwo\n" >app.log &&
	lparse -F raw --state st app.log >out && test "$(msgs)" = "one two " &&
	printf "three\n" >>app.log &&
	lparse -F raw --state st app.log >out && test "$(msgs)" = "three " &&
	lparse -F raw --state st app.log >out && ! test -s out
'

test_expect_success 'line numbers go on from where the last run stopped' '
	printf "four\n" >>app.log &&
	lparse -n -F raw --state st app.log >out && test "$(jq .line out)" = 4
'

test_expect_success 'rotation by rename, then gzip of the rotated file: nothing is read twice' '
	rm -f st a.log* &&
	seq 1 100 | sed "s/^/old /" >a.log &&
	lparse -F raw --state st a.log >out && test "$(wc -l <out)" = 100 &&
	echo "old 101" >>a.log &&
	mv a.log a.log.1 && seq 1 3 | sed "s/^/new /" >a.log &&
	lparse -F raw --state st a.log.1 a.log >out &&
	test "$(msgs)" = "old 101 new 1 new 2 new 3 " &&
	gzip a.log.1 && echo "new 4" >>a.log &&
	lparse -F raw --state st a.log.1.gz a.log >out &&
	test "$(msgs)" = "new 4 "
'

test_expect_success 'a file whose start changed is a new file' '
	rm -f st && printf "x1\nx2\n" >b.log &&
	lparse -F raw --state st b.log >out &&
	printf "y1\n" >b.log &&
	lparse -F raw --state st b.log >out && test "$(msgs)" = "y1 "
'

test_expect_success 'the state file is replaced whole, no temporary left; a failed write is status 2' '
	rm -f st && printf "a\n" >c.log &&
	lparse -F raw --state st c.log >/dev/null &&
	head -1 st | grep -q "^# lparse state 1" && test "$(grep -vc "^#" st)" = 1 &&
	! ls st.tmp.* 2>/dev/null &&
	test_status 2 lparse -F raw --state no/such/dir/st c.log >/dev/null 2>err &&
	grep "cannot write the state" err
'

test_expect_success 'a state file that does not parse loses only its bad lines' '
	printf "garbage\n" >>st &&
	printf "c\n" >>c.log &&
	lparse -F raw --state st c.log >out && test "$(msgs)" = "c "
'

test_expect_success '--state with -f or -m is a usage error; stdin is read whole' '
	test_status 2 lparse --state st -m c.log </dev/null &&
	printf "s1\n" | lparse -F raw --state st >out && test "$(msgs)" = "s1 " &&
	printf "s1\n" | lparse -F raw --state st >out && test "$(msgs)" = "s1 "
'
test_done
