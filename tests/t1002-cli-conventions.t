#!/bin/sh
# Every program: --help (a synopsis, options grouped under headings, two or
# more examples, on stdout, status 0), --version, and usage errors as one
# line "prog: what" plus a pointer to --help on stderr, status 2, nothing
# on stdout.
. "${0%/*}/lib.sh"

PROGS="lparse lfilter lstat lthreat lbrute lanomaly"

# usage_error PROG ARGS...: one "PROG: " line, the pointer, status 2, no stdout.
usage_error() {
	p=$1
	test_status 2 "$@" </dev/null >out 2>err || return 1
	test_line_count 0 out || return 1
	test_line_count 2 err || return 1
	head -1 err | grep "^$p: " >/dev/null || { echo "first line: $(head -1 err)"; return 1; }
	tail -1 err | grep -x "Try '$p --help' for more information." >/dev/null
}

for p in $PROGS; do
	test_expect_success "$p --help: synopsis, grouped options, examples" "
		$p --help >out 2>err &&
		test_line_count 0 err &&
		head -1 out | grep '^usage: $p \[options\]' &&
		test \$(grep -c '^[A-Z][A-Za-z -]*:\$' out) -ge 3 &&
		grep -q '^  -h, --help' out &&
		grep -q '^Examples:\$' out &&
		test \$(sed -n '/^Examples:\$/,\$p' out | grep -c '^  [a-z]') -ge 2 &&
		$p -h >out2 && test_cmp out out2
	"
	test_expect_success "$p --version" "
		$p --version >out && grep -x '$p (ltools) [0-9][0-9.]*' out &&
		$p -V >out2 && test_cmp out out2
	"
	test_expect_success "$p: unknown options, a missing argument" "
		usage_error $p --no-such-option &&
		grep \"^$p: unrecognized option '--no-such-option'\" err &&
		usage_error $p -Z &&
		grep \"^$p: invalid option -- 'Z'\" err
	"
done

test_expect_success 'missing arguments' '
	usage_error lparse --tz && grep "requires an argument" err &&
	usage_error lfilter --where &&
	usage_error lstat --top &&
	usage_error lthreat --rules &&
	usage_error lbrute --window &&
	usage_error lanomaly --bucket
'

test_expect_success 'bad values' '
	usage_error lparse --max-templates abc && grep "abc" err &&
	usage_error lparse -F no-such-format &&
	usage_error lfilter --limit abc &&
	usage_error lfilter -l SOMETIMES &&
	usage_error lfilter --shard 3/2 &&
	usage_error lfilter -p "{oops" &&
	usage_error lstat --top abc &&
	usage_error lstat --format xml &&
	usage_error lstat --color=pink &&
	usage_error lthreat --top -3 &&
	usage_error lthreat --format xml &&
	usage_error lthreat --color=pink &&
	usage_error lbrute --threshold abc &&
	usage_error lbrute --window forever &&
	usage_error lbrute --subnet 99 &&
	usage_error lbrute --format yaml &&
	usage_error lanomaly --max-keys abc &&
	usage_error lanomaly --mode x
'

test_done
