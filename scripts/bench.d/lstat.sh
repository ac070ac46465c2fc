# bench.d/lstat.sh: lstat on a generated combined access log (at least
# 1 GB): the raw log through `lparse | lstat` against goaccess building its
# JSON report from the same file; then lstat alone on the NDJSON, against
# `mlr --ijson count -g status`, and as a map-reduce over both cores.
# Sourced by scripts/bench with scripts/bench-lib.sh loaded.

access=$(bench_data access 1G)
nd=$access.ndjson
if [ ! -s "$nd" ] || [ "$nd" -ot "$access" ]; then
	echo "bench: making $nd" >&2
	lparse "$access" >"$nd.tmp.$$" && mv "$nd.tmp.$$" "$nd" || bench_die "lparse failed"
fi

bench_begin "lstat: the report from a raw combined access log (MB/s of raw log)" "$access"
bench_run "lparse | lstat --json" "lparse '$access' | lstat --json >/dev/null"
bench_run "lparse | lstat -f text" "lparse '$access' | lstat -f text >/dev/null"
if command -v goaccess >/dev/null; then
	bench_run "goaccess -o json" \
		"goaccess '$access' --log-format=COMBINED --no-progress --no-global-config -o json >/dev/null 2>&1"
	bench_note "both stages of the pipeline run at once on two cores; on a busy machine compare CPU s"
	bench_end "goaccess -o json"
else
	bench_note "goaccess not installed (apt-get install goaccess): no comparison"
	bench_end
fi

bench_begin "lstat: alone on the NDJSON of that log (MB/s of NDJSON)" "$nd"
bench_run "lstat --json" "lstat --json '$nd' >/dev/null"
bench_run "lstat --only http,ips" "lstat --json --only http,ips '$nd' >/dev/null"
bench_run "lstat --by status" "lstat --json --by status '$nd' >/dev/null"
bench_run "lstat --partial" "lstat --partial '$nd' >/dev/null"
if command -v parallel >/dev/null; then
	bench_run "parallel lstat --partial | lstat --merge" \
		"parallel --pipe-part -a '$nd' --block 64M lstat --partial | lstat --merge --json >/dev/null"
else
	bench_note "GNU parallel not installed (apt-get install parallel): no map-reduce row"
fi
bench_note "targets: lstat >= 300 MB/s of NDJSON on one core, peak RSS < 200 MB"
if command -v mlr >/dev/null; then
	bench_run "mlr count -g status" "mlr --ijson --ojson count -g status '$nd' >/dev/null"
	bench_end "mlr count -g status"
else
	bench_note "mlr not installed (apt-get install miller): no comparison"
	bench_end
fi
