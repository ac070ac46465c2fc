# bench.d/lparse.sh: lparse against goaccess on a generated combined access
# log (at least 1 GB), then lparse alone on auth.log and Python app logs.
# Sourced by scripts/bench with scripts/bench-lib.sh loaded.
# BENCH_LPARSE_OLD=/path/to/lparse adds rows for another build of lparse
# (before/after comparisons of an optimisation).

access=$(bench_data access 1G)
bench_begin "lparse: combined access log, lparse -> /dev/null vs goaccess JSON report" "$access"
bench_run "lparse" "lparse '$access' >/dev/null"
bench_run "lparse -F combined" "lparse -F combined '$access' >/dev/null"
[ -n "$BENCH_LPARSE_OLD" ] && bench_run "old lparse" "'$BENCH_LPARSE_OLD' '$access' >/dev/null"
bench_run "lparse | cat" "lparse '$access' | cat >/dev/null"
if command -v goaccess >/dev/null; then
	bench_run "goaccess -o json" \
		"goaccess '$access' --log-format=COMBINED --no-progress --no-global-config -o json >/dev/null 2>&1"
else
	bench_note "goaccess not installed (apt-get install goaccess): no comparison"
fi
bench_note "lparse is single-threaded: MB/s is on one core; goaccess builds its report in memory"
bench_end lparse

accessgz=$(bench_data_gz "$access")
bench_begin "lparse: the same log gzipped (MB/s of decompressed text)" "$access"
bench_run "lparse FILE.gz" "lparse '$accessgz' >/dev/null"
bench_run "gzip -dc FILE.gz" "gzip -dc '$accessgz' >/dev/null"
bench_end "lparse FILE.gz"

auth=$(bench_data auth 1G)
bench_begin "lparse: syslog auth.log" "$auth"
bench_run "lparse" "lparse '$auth' >/dev/null"
[ -n "$BENCH_LPARSE_OLD" ] && bench_run "old lparse" "'$BENCH_LPARSE_OLD' '$auth' >/dev/null"
bench_end

app=$(bench_data app 1G)
bench_begin "lparse: Python app log with tracebacks" "$app"
bench_run "lparse" "lparse '$app' >/dev/null"
[ -n "$BENCH_LPARSE_OLD" ] && bench_run "old lparse" "'$BENCH_LPARSE_OLD' '$app' >/dev/null"
bench_end
