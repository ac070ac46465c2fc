#!/bin/sh
# lfilter end to end on the JSONTestSuite (shared corpus): every one-line
# y_ object passes through byte for byte, every one-line n_ file is
# reported as not a JSON object; nothing crashes on any file.
. "${0%/*}/lib.sh"

need_corpus json/test_parsing || skip_all "no shared corpus at ${CORPUS:-../shared/corpus}/json/test_parsing"
dir=$CORPUS/json/test_parsing

# The files of one line (a final newline allowed) and not blank, one per
# line (awk reads them all in one process).
one_line() {
	awk '{ n[FILENAME]++; l[FILENAME] = $0 }
	     END { for (f in n) if (n[f] == 1 && l[f] ~ /[^ \t\r]/) print l[f] }' "$dir"/$1*.json
}

test_expect_success 'every y_ object of one line passes through unchanged' '
	one_line y_ | grep "^{" >objects &&
	cnt=$(wc -l <objects) && test "$cnt" -ge 10 &&
	lfilter objects >out 2>err && test_cmp objects out && test_line_count 0 err
'

test_expect_success 'every one-line n_ file is reported as not a JSON object' '
	one_line n_ >bad &&
	cnt=$(wc -l <bad) && test "$cnt" -ge 100 &&
	test_status 1 lfilter --stats bad >out 2>err &&
	test_line_count 0 out &&
	tail -n 1 err | grep "^lfilter: lines=$cnt records=0 not_json=$cnt " &&
	test "$(grep -c "^lfilter: bad:[0-9]*: not a JSON object (" err)" -eq 20
'

test_expect_success 'no file of the suite crashes lfilter' '
	lfilter --stats "$dir"/*.json >/dev/null 2>err
	st=$?
	[ $st -le 2 ] && tail -n 1 err | grep -q "^lfilter: lines="
'

test_expect_success 'the suite as one stream: records counted, the rest accounted for' '
	cat "$dir"/*.json >all.txt && echo >>all.txt &&
	lfilter --stats all.txt >out 2>err
	st=$?
	[ $st -le 1 ] &&
	tail -n 1 err | grep -q "^lfilter: lines=[0-9]* records=[0-9]* not_json=[0-9]* blank=[0-9]*" &&
	lines=$(tail -n 1 err | sed "s/.*lines=\([0-9]*\).*/\1/") &&
	test "$lines" -eq "$(wc -l <all.txt)"
'

test_done
