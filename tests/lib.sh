# tests/lib.sh: a small TAP harness for the command-line tests, in the
# style of git's t/test-lib.sh.  Source it from a tests/tNNNN-*.t script:
#
#   . "${0%/*}/lib.sh"
#   test_expect_success 'what it checks' '
#       lparse data/x.log >out && test_cmp expect out
#   '
#   test_done
#
# Each test runs in a subshell inside a scratch directory ($TRASH); the
# programs come from $LTOOLS_BIN (bin/ by default) and are on PATH.
# test_must_fail accepts only exit status 1 or 2: a crash never passes.

TESTS_DIR=$(cd "${0%/*}" && pwd)
TOP=$(cd "$TESTS_DIR/.." && pwd)
DATA=$TESTS_DIR/data
SHARED=$(cd "$TOP/../shared" 2>/dev/null && pwd || echo "")
CORPUS=${SHARED:+$SHARED/corpus}
: "${LTOOLS_BIN:=$TOP/bin}"
: "${LTOOLS_HELPER:=$TOP/build/release/tests/lt-helper}"
PATH=$LTOOLS_BIN:$PATH
export PATH LC_ALL=C TZ=UTC NO_COLOR=1
unset LTOOLS_OPTS

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/ltools-test.XXXXXX")
trap 'rm -rf "$TRASH"' EXIT
cd "$TRASH" || exit 1

test_count=0
test_failed=0

say() { printf '# %s\n' "$*"; }

test_expect_success() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TRASH/.log" 2>&1; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$TRASH/.log" | head -n 40
	fi
}

# A known gap: reported as TODO, never deleted.
test_expect_failure() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TRASH/.log" 2>&1; then
		echo "ok $test_count - $1 # TODO known breakage vanished"
	else
		echo "not ok $test_count - $1 # TODO known breakage"
	fi
}

test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1 ($2)"
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

test_done() {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
}

# Run a command that must fail cleanly: status 1 or 2, not a crash or signal.
test_must_fail() {
	"$@"
	st=$?
	case $st in
	1|2) return 0 ;;
	0) echo "test_must_fail: '$*' succeeded" >&2 ;;
	*) echo "test_must_fail: '$*' died with status $st" >&2 ;;
	esac
	return 1
}

# Expect an exact exit status.
test_status() {
	want=$1
	shift
	"$@"
	st=$?
	[ "$st" -eq "$want" ] && return 0
	echo "test_status: '$*' exited $st, wanted $want" >&2
	return 1
}

test_cmp() {
	diff -u "$1" "$2"
}

# Every line of the file is one valid JSON value (checked with jq).
test_json_lines() {
	n=$(wc -l <"$1")
	m=$(jq -c . <"$1" 2>&1 | wc -l) || return 1
	jq -e . <"$1" >/dev/null || { echo "invalid JSON in $1" >&2; return 1; }
	[ "$n" -eq "$m" ] || { echo "$1: $n lines but $m JSON values" >&2; return 1; }
}

test_line_count() {
	n=$(wc -l <"$2")
	[ "$n" -eq "$1" ] || { echo "$2: $n lines, wanted $1" >&2; return 1; }
}

# The shared corpus, or a skip with the reason.
need_corpus() {
	[ -n "$CORPUS" ] && [ -d "$CORPUS/$1" ]
}

# edge_cases: one test per row of $CORPUS/formats/edge-cases.tsv, lparse's
# record against the row's expected fields (tests/data/edge-compare.jq).
# The calling test defines:
#   edge_want      sets want to the format wanted for the row ($lineno,
#                  $fmt, $line, $exp; it may correct them), or returns 1
#                  to leave the row out;
#   known_failure  LINENO: prints the reason when the row is a known
#                  failure (a TODO test), else returns 1.
# Sets edge_rows and edge_agree.
edge_cases() {
	edge_rows=0 edge_agree=0
	lineno=1
	_tab=$(printf '\t')
	_now=$(date +%s)
	while IFS= read -r _row; do
		lineno=$((lineno + 1))
		fmt=${_row%%"$_tab"*}
		_rest=${_row#*"$_tab"}
		line=${_rest%%"$_tab"*}
		exp=${_rest#*"$_tab"}
		edge_want || continue
		edge_rows=$((edge_rows + 1))
		_mis=$TRASH/mis.$lineno
		if printf '%s\n' "$line" | lparse --tz UTC >"$TRASH/row.out" 2>"$TRASH/row.err" &&
		   test_json_lines "$TRASH/row.out" >/dev/null 2>&1; then
			jq -rn --argjson exp "$exp" --slurpfile got "$TRASH/row.out" --arg fmt "$fmt" \
				--arg line "$line" --arg want_format "$want" --argjson now "$_now" \
				-f "$DATA/edge-compare.jq" >"$_mis" 2>&1 || echo "jq failed" >>"$_mis"
		else
			{ echo "lparse failed or wrote invalid JSON"; cat "$TRASH/row.err"; } >"$_mis"
		fi
		[ -s "$_mis" ] || edge_agree=$((edge_agree + 1))
		_what="edge-cases.tsv:$lineno ($fmt) $(printf "%.40s" "$line")"
		if _reason=$(known_failure "$lineno"); then
			test_expect_failure "$_what: $_reason" "cat '$_mis' && ! test -s '$_mis'"
		else
			test_expect_success "$_what" "cat '$_mis' && ! test -s '$_mis'"
		fi
	done <"$CORPUS/formats/edge-cases.tsv"
}
