#!/bin/sh
# Every program answers --help and --version, and rejects unknown options.
. "${0%/*}/lib.sh"

for p in $(cd "$LTOOLS_BIN" && ls); do
	test_expect_success "$p --help prints usage on stdout, exit 0" "
		$p --help >out && grep -q '^usage: $p' out
	"
	test_expect_success "$p --version" "
		$p --version >out && grep -q '^$p (ltools) ' out
	"
	test_expect_success "$p rejects an unknown option with status 2" "
		test_status 2 $p --no-such-option 2>err </dev/null && test_line_count 2 err &&
		grep -q \"Try '$p --help'\" err
	"
done
test_done
