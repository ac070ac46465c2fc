# tests/hostile.sh: what the t080x-hostile-*.t tests share (sourced after
# lib.sh): the programs, a timeout, inputs every program has something to
# say about, and the checks made of every run.

PROGS="lparse lfilter lstat lanomaly lthreat lbrute"
T=${LTOOLS_HOSTILE_TIMEOUT:-60}

# Records every consumer has something to say about: samples, auth
# failures, web attacks.
cat "$DATA"/samples/*.log "$DATA"/brute/auth.log "$DATA"/threat/own.log >raw.log
lparse raw.log >rec.ndjson 2>/dev/null

# The input a program reads: raw lines for lparse, records for the others.
input_for() {
	case $1 in lparse) echo raw.log ;; *) echo rec.ndjson ;; esac
}

# run PROG ARGS...: the program under timeout; status in $st, out, err.
run() {
	timeout "$T" "$@" >out 2>err
	st=$?
}

# The promises for one run: no crash or hang, stderr lines all "PROG: ".
check_run() {
	p=$1
	if [ "$st" -gt 2 ]; then
		echo "$p: status $st (crash, signal or timeout)" >&2
		head -5 err >&2
		return 1
	fi
	if grep -qv "^$p: " err; then
		echo "$p: a diagnostic that is not one line 'PROG: ...':" >&2
		grep -v "^$p: " err | head -3 | cut -c1-200 >&2
		return 1
	fi
}

# hostile NAME FILE [PRE-ARGS]: every program on FILE, output valid JSON.
hostile() {
	name=$1 file=$2
	for p in $PROGS; do
		test_expect_success "$p: $name" "
			run $p $file && check_run $p && test_json_lines out
		"
	done
}

# Deterministic pseudo-random bytes: random_bytes SEED COUNT
random_bytes() {
	awk -v seed="$1" -v n="$2" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++) printf "%c", int(rand() * 256)
	}'
}


# Output checked as JSON: whole when small, else its first and last lines
# (jq over millions of lines would be most of the test's time).
json_ok() {
	if [ "$(wc -c <"$1")" -lt 2000000 ]; then
		test_json_lines "$1"
	else
		head -1 "$1" | jq -e . >/dev/null && tail -1 "$1" | jq -e . >/dev/null
	fi
}
