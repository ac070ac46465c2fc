# scripts/bench-lib.sh: helpers for the benchmark scripts in scripts/bench.d/.
# Sourced by scripts/bench, which sets $TOP (the source tree) and puts the
# programs ($LTOOLS_BIN, default $TOP/bin) first on PATH.  A bench.d script
# looks like:
#
#   f=$(bench_data access 1G)                  # generated once, then reused
#   bench_begin "lparse, combined access log" "$f"
#   bench_run lparse   "lparse '$f' >/dev/null"
#   bench_run goaccess "goaccess '$f' --log-format=COMBINED -o json >/dev/null"
#   bench_end lparse                           # ratio column relative to lparse
#
# Interface:
#   bench_data KIND SIZE [GENLOG-OPTION...]
#       Print the path of a file made by `scripts/genlog --kind KIND --size
#       SIZE --seed $BENCH_SEED [OPTIONS]`, cached under $BENCH_DIR (default
#       /tmp/ltools-bench) and made only when missing.  $BENCH_SIZE, when
#       set, replaces every SIZE (e.g. BENCH_SIZE=100M for a quick run).
#   bench_data_gz FILE
#       Print the path of FILE.gz (gzip -1), made once.
#   bench_begin TITLE FILE
#       Start a table: throughput is measured against FILE's size and line
#       count (the line count is cached beside the file).
#   bench_run LABEL COMMAND
#       Run COMMAND (a shell string, run by sh -c) under /usr/bin/time -v,
#       $BENCH_REPEAT times (default 1), keeping the fastest run; record
#       wall seconds, CPU seconds (user + system), MB/s, lines/s and peak
#       RSS.  Stdin is /dev/null; redirect
#       output in COMMAND yourself.  A command that fails is reported in
#       the table (status) and makes bench_end return 1.
#       Peak RSS is that of the largest single process (for a pipeline, the
#       largest stage), as getrusage reports it.
#   bench_end [BASELINE-LABEL]
#       Print the aligned table; "ratio" is each row's MB/s divided by the
#       baseline row's (default: the first row).
#   bench_note TEXT
#       Print a comment line (# TEXT) under the table.
#
# MB is 10^6 bytes.  MB/s and lines/s are from wall-clock time, so run on
# an idle machine; the CPU column shows when the machine was not.  Data is
# read once beforehand so the page cache is warm.
# Environment: BENCH_DIR, BENCH_SEED (default 1), BENCH_SIZE, BENCH_REPEAT.

: "${BENCH_DIR:=/tmp/ltools-bench}"
: "${BENCH_SEED:=1}"
: "${BENCH_REPEAT:=1}"
: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
export LC_ALL=C

bench_die() {
	echo "bench: $*" >&2
	exit 2
}

# /usr/bin/time (Debian package "time"), installed when missing.
bench_need_time() {
	[ -x /usr/bin/time ] && return 0
	echo "bench: installing the Debian package 'time' for /usr/bin/time" >&2
	if [ "$(id -u)" -eq 0 ]; then
		apt-get install -y time >&2
	elif command -v sudo >/dev/null; then
		sudo apt-get install -y time >&2
	fi
	[ -x /usr/bin/time ] || bench_die "need /usr/bin/time: apt-get install time"
}

bench_data() {
	_bk=$1 _bs=${BENCH_SIZE:-$2}
	shift 2
	mkdir -p "$BENCH_DIR" || bench_die "cannot create $BENCH_DIR"
	_btag=$(printf '%s' "$*" | tr -c 'A-Za-z0-9.=\n-' '_' | tr -s '_')
	_bf="$BENCH_DIR/$_bk-$_bs-s$BENCH_SEED${_btag:+-$_btag}.log"
	if [ ! -s "$_bf" ]; then
		echo "bench: generating $_bf" >&2
		"$TOP/scripts/genlog" --kind "$_bk" --size "$_bs" --seed "$BENCH_SEED" "$@" \
			>"$_bf.tmp.$$" && mv "$_bf.tmp.$$" "$_bf" || { rm -f "$_bf.tmp.$$"; bench_die "genlog failed"; }
	fi
	printf '%s\n' "$_bf"
}

bench_data_gz() {
	if [ ! -s "$1.gz" ]; then
		echo "bench: compressing $1" >&2
		gzip -1 -c "$1" >"$1.gz.tmp.$$" && mv "$1.gz.tmp.$$" "$1.gz" || bench_die "gzip failed"
	fi
	printf '%s\n' "$1.gz"
}

bench_begin() {
	bench_need_time
	BENCH_TITLE=$1 BENCH_FILE=$2 BENCH_FAILED=0
	[ -r "$BENCH_FILE" ] || bench_die "$BENCH_FILE: cannot read"
	BENCH_BYTES=$(stat -L -c %s "$BENCH_FILE")
	if [ ! -s "$BENCH_FILE.lines" ] || [ "$BENCH_FILE.lines" -ot "$BENCH_FILE" ]; then
		case $BENCH_FILE in
		*.gz) gzip -dc "$BENCH_FILE" | wc -l >"$BENCH_FILE.lines" ;;
		*) wc -l <"$BENCH_FILE" >"$BENCH_FILE.lines" ;;
		esac
	fi
	BENCH_LINES=$(cat "$BENCH_FILE.lines")
	BENCH_ROWS=$(mktemp "${TMPDIR:-/tmp}/bench-rows.XXXXXX")
	BENCH_NOTES=""
	cat "$BENCH_FILE" >/dev/null	# warm the page cache
}

bench_run() {
	_bl=$1 _bc=$2
	_bt=$(mktemp "${TMPDIR:-/tmp}/bench-time.XXXXXX")
	_bbest="" _brss="" _bst=0 _bi=0
	while [ "$_bi" -lt "$BENCH_REPEAT" ]; do
		_bi=$((_bi + 1))
		/usr/bin/time -v -o "$_bt" sh -c "$_bc" </dev/null
		_bst=$?
		[ "$_bst" -eq 0 ] || break
		# "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23"
		_bsec=$(awk -F': ' '/Elapsed \(wall clock\)/ {
			n = split($2, a, ":"); s = 0
			for (j = 1; j <= n; j++) s = s * 60 + a[j]
			print s }' "$_bt")
		_br=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$_bt")
		_bcpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { print s }' "$_bt")
		if [ -z "$_bbest" ] || awk "BEGIN { exit !($_bsec < $_bbest) }"; then
			_bbest=$_bsec _brss=$_br _bbcpu=$_bcpu
		fi
	done
	rm -f "$_bt"
	if [ "$_bst" -ne 0 ]; then
		BENCH_FAILED=1
		printf '%s\tFAILED(status %s)\n' "$_bl" "$_bst" >>"$BENCH_ROWS"
		echo "bench: $_bl: exit status $_bst: $_bc" >&2
		return 1
	fi
	printf '%s\t%s\t%s\t%s\n' "$_bl" "$_bbest" "$_brss" "$_bbcpu" >>"$BENCH_ROWS"
}

bench_note() {
	BENCH_NOTES="$BENCH_NOTES# $*
"
}

bench_end() {
	echo
	printf '## %s\n' "$BENCH_TITLE"
	printf '# input: %s (%.1f MB, %d lines)\n' "${BENCH_FILE##*/}" \
		"$(awk "BEGIN { print $BENCH_BYTES / 1e6 }")" "$BENCH_LINES"
	awk -F'\t' -v bytes="$BENCH_BYTES" -v lines="$BENCH_LINES" -v base="$1" '
	{ label[NR] = $1; sec[NR] = $2; rss[NR] = $3; cpu[NR] = $4; n = NR }
	END {
		b = 0
		for (i = 1; i <= n; i++)
			if (sec[i] !~ /FAILED/ && (base == "" ? b == 0 : label[i] == base)) b = i
		w = 7
		for (i = 1; i <= n; i++) if (length(label[i]) > w) w = length(label[i])
		printf "%-*s %8s %8s %9s %11s %11s %8s\n", w, "program", "seconds", "CPU s", "MB/s", "lines/s", "peak RSS", "ratio"
		for (i = 1; i <= n; i++) {
			if (sec[i] ~ /FAILED/) { printf "%-*s %s\n", w, label[i], sec[i]; continue }
			s = sec[i] > 0 ? sec[i] : 0.005
			mbs = bytes / 1e6 / s
			r = (b && sec[b] > 0) ? sprintf("%.2fx", sec[b] / s) : "-"
			printf "%-*s %8.2f %8.2f %9.1f %11.0f %8.1f MB %8s\n", w, label[i], sec[i], cpu[i], mbs, lines / s, rss[i] / 1024, r
		}
	}' "$BENCH_ROWS"
	printf '%s' "$BENCH_NOTES"
	rm -f "$BENCH_ROWS"
	[ "$BENCH_FAILED" -eq 0 ]
}
