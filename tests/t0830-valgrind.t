#!/bin/sh
# valgrind memcheck on a subset (issue 9): each program over a small mixed
# input and a hostile one, and a few unit tests: no memory errors, and no
# leak (definite, indirect or possible) at exit.  Skipped without valgrind
# and for sanitizer builds (ASan and valgrind do not mix).
. "${0%/*}/lib.sh"

command -v valgrind >/dev/null || skip_all "valgrind not installed"
grep -qE "AddressSanitizer|__asan_init|libasan" "$LTOOLS_BIN/lparse" 2>/dev/null && skip_all "sanitizer build"

vg() {
	valgrind -q --suppressions="$DATA/hostile/valgrind.supp" --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible "$@"
}

cat "$DATA"/samples/*.log "$DATA"/brute/auth.log "$DATA"/threat/own.log >raw.log
printf 'bad \377\300\257 \033[31m x\000y\n{"message":"\\ud800"}\n' >>raw.log
cp "$DATA"/samples/access.log.1.gz raw2.log.gz
lparse raw.log >rec.ndjson
printf 'not json\n{"message":"\\ud800","ip":"1.2.3.4\377","status":1e999999}\n\n' >>rec.ndjson
gzip -c rec.ndjson | head -c 2000 >trunc.gz

while read -r cmd; do
	p=${cmd%% *}
	test_expect_success "valgrind: $cmd" "
		vg $cmd >out 2>err; st=\$? &&
		test \$st -le 2 || { cat err; false; }
	"
done <<'EOF'
lparse -v --templates raw.log raw2.log.gz
lparse trunc.gz
lfilter -e fail -i -w status>=400 --stats rec.ndjson
lfilter --last 5 -o ip,message rec.ndjson trunc.gz
lstat -f text -b ip rec.ndjson
lstat --partial rec.ndjson
lanomaly --summary rec.ndjson
lanomaly --mode fixed --errors 1 rec.ndjson
lthreat rec.ndjson
lthreat --summary --json rec.ndjson
lthreat --annotate rec.ndjson
lbrute -v -t 2 rec.ndjson
lbrute --events rec.ndjson
EOF

test_expect_success 'valgrind: lstat --merge of partial states' '
	lstat --partial rec.ndjson >p1 && lstat --partial "$DATA"/golden/mixed.ndjson >p2 &&
	cat p1 p2 | vg lstat --merge -f json >out 2>err || { cat err; false; }
'

if [ -n "${LTOOLS_TESTBIN:-}" ]; then
	for u in t_template t_decode t_rules t_ndjson; do
		[ -x "$LTOOLS_TESTBIN/$u" ] || continue
		test_expect_success "valgrind: unit test $u" "
			vg '$LTOOLS_TESTBIN/$u' >out 2>err || { tail -20 err; false; }
		"
	done
fi
test_done
