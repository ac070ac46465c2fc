#!/bin/sh
# Every fuzz target, built without libFuzzer, over its seeds, its saved
# regressions (crashes found once) and the sample logs: no crash, no failed
# check (each check aborts, which fails the test).
. "${0%/*}/lib.sh"

[ -n "${LTOOLS_TESTBIN:-}" ] || LTOOLS_TESTBIN=$TOP/build/release/tests
ls "$LTOOLS_TESTBIN"/replay-fuzz_* >/dev/null 2>&1 || skip_all "no replay binaries in $LTOOLS_TESTBIN (run through make check)"

for r in "$LTOOLS_TESTBIN"/replay-fuzz_*; do
	name=${r##*/replay-fuzz_}
	# (test paths hold no spaces)
	inputs=$(ls -d "$TOP/tests/fuzz/seeds/$name"/* "$TOP/tests/fuzz/regress/$name"/* 2>/dev/null)
	case $name in
	lparse|jsonw) inputs="$inputs $(ls -d "$DATA"/samples/*)" ;;
	esac
	n=$(echo $inputs | wc -w)
	if [ "$n" -eq 0 ]; then
		test_skip "$name replay" "no seeds or regressions"
		continue
	fi
	test_expect_success "fuzz target $name replays $n inputs cleanly" '
		"$r" $inputs >out && ! grep -q "^not ok" out
	'
done
if need_corpus formats; then
	test_expect_success 'fuzz target lparse replays the shared format and auth corpora' '
		"$LTOOLS_TESTBIN/replay-fuzz_lparse" "$CORPUS"/formats/*.log "$CORPUS"/auth/*.log "$CORPUS"/web/*.log >out
	'
else
	test_skip 'lparse replay of the shared corpora' "../shared/corpus not present"
fi
test_done
