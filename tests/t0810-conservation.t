#!/bin/sh
# Nothing lost (issue 9).  lparse: over every log of the suite, the shared
# corpus and hostile inputs, the lines read are the lines in the file, and
# lines = records + joined + skipped, with one output line per record.
# lfilter: lines = records + not_json + blank; with and without --invert
# the two outputs partition the records (each kept exactly once).
. "${0%/*}/lib.sh"

# The inputs: every .log and .log.gz under tests/data and the corpus, and
# a few hostile ones made here.
awk 'BEGIN { srand(3); for (i = 0; i < 50000; i++) printf "%c", int(rand() * 256) }' >rand.log
printf 'a\000b\r\n\n\nno final newline' >nul.log
{ echo "2026-11-23 10:15:32,123 ERROR app x"; echo "Traceback (most recent call last):";
  echo '  File "x.py", line 1, in f'; echo "ValueError: x"; echo "   "; printf '\t\n'; } >tb.log
find "$DATA" -name '*.log' -o -name '*.log.gz' | sort >inputs
if need_corpus formats; then
	find "$CORPUS" -name '*.log' | sort >>inputs
fi
ls "$TRASH"/*.log >>inputs

# lines in a file as a reader counts them (a last line without '\n' counts)
file_lines() {
	case $1 in
	*.gz) gzip -dc "$1" | awk 'END { print NR }' ;;
	*) awk 'END { print NR }' "$1" ;;
	esac
}

test_expect_success "lparse: lines = records + joined + skipped, per input ($(wc -l <inputs) inputs)" '
	bad=0
	while read -r f; do
		lparse -v "$f" >out 2>err || { echo "status $? on $f"; bad=1; continue; }
		eval "$(sed -n "s/.* lines=\([0-9]*\) records=\([0-9]*\) joined=\([0-9]*\) skipped=\([0-9]*\) .*/l=\1 r=\2 j=\3 s=\4/p" err)"
		want=$(file_lines "$f")
		n=$(wc -l <out)
		if [ "$l" -ne "$want" ] || [ $((r + j + s)) -ne "$l" ] || [ "$n" -ne "$r" ]; then
			echo "$f: file $want lines; read $l = $r + $j + $s; $n written"
			bad=1
		fi
	done <inputs
	test $bad -eq 0
'

test_expect_success 'lparse: the same over all inputs at once, from a directory tree (-r)' '
	mkdir -p tree/a/b && i=0 &&
	while read -r f; do i=$((i + 1)); cp "$f" "tree/a/b/$i-${f##*/}"; done <inputs &&
	lparse -r -v tree >out 2>err &&
	total=0 && for f in $(find tree -type f); do total=$((total + $(file_lines $f))); done &&
	l=$(sed -n "s/.* lines=\([0-9]*\) .*/\1/p" err | paste -sd+ | bc) &&
	r=$(sed -n "s/.* records=\([0-9]*\) .*/\1/p" err | paste -sd+ | bc) &&
	j=$(sed -n "s/.* joined=\([0-9]*\) .*/\1/p" err | paste -sd+ | bc) &&
	s=$(sed -n "s/.* skipped=\([0-9]*\) .*/\1/p" err | paste -sd+ | bc) &&
	echo "# $total lines: $r records, $j joined, $s skipped" &&
	test "$l" -eq "$total" && test $((r + j + s)) -eq "$l" && test_line_count "$r" out
'

# lfilter over all of those records, plus lines that are not records.
lparse -r tree >rec.ndjson 2>/dev/null
{ cat rec.ndjson; printf 'not json\n\n  \n[1,2]\n{"unterminated":\n'; } >mixed.ndjson
nrec=$(wc -l <rec.ndjson)

# partition TEST...: lfilter TEST and lfilter -v TEST split the records.
partition() {
	lfilter --stats "$@" mixed.ndjson >kept 2>err1
	st1=$?
	lfilter --stats -v "$@" mixed.ndjson >dropped 2>err2
	st2=$?
	[ $st1 -le 1 ] && [ $st2 -le 1 ] || { echo "status $st1 $st2"; cat err1 err2; return 1; }
	k=$(wc -l <kept) d=$(wc -l <dropped)
	[ $((k + d)) -eq "$nrec" ] || { echo "kept $k + dropped $d != $nrec"; return 1; }
	cat kept dropped | sort >both && sort rec.ndjson | cmp - both || return 1
	for e in err1 err2; do
		l=$(sed -n "s/.* lines=\([0-9]*\) records=\([0-9]*\) not_json=\([0-9]*\) blank=\([0-9]*\) matched=\([0-9]*\) .*/\1 \2 \3 \4 \5/p" $e)
		set -- $l
		[ "$1" -eq $((nrec + 5)) ] && [ "$1" -eq $(($2 + $3 + $4)) ] && [ "$2" -eq "$nrec" ] ||
			{ echo "$e: $(cat $e)"; return 1; }
	done
	m1=$(sed -n "s/.* matched=\([0-9]*\) .*/\1/p" err1)
	[ "$m1" -eq "$k" ] || { echo "matched=$m1 but $k written"; return 1; }
}

# (stdin is /dev/null throughout, so a mistake can never wait on it)
for t in "-l '>=WARNING'" "-q fail -i" "-e '^[A-Z][a-z]+' -i" "-w 'status>=400'" \
	"-w 'ip!=10.0.0.1'" "-w has:traceback" "-w 'path~^/(admin|wp-)'" \
	"--ip 10.0.0.0/8 --ip 2001:db8::/32" "-s auth.log -s access" \
	"--in '*' -q root" "-e '(a|aa)+\$' --in '*'"; do
	test_expect_success "lfilter $t and -v $t partition the $nrec records" "
		partition $t </dev/null
	"
done

test_expect_success 'lfilter --strict stops at the first bad line with status 2, what came before written' '
	test_status 2 lfilter --strict mixed.ndjson >out 2>err &&
	test_line_count "$nrec" out && test_line_count 1 err &&
	grep -q "^lfilter: mixed.ndjson:$((nrec + 1)): not a JSON object" err
'
test_done
