# bench.d/lfilter.sh: lfilter against jq on NDJSON that lparse made from a
# generated combined access log (1 GB of log, about 2 GB of NDJSON).
# Sourced by scripts/bench with scripts/bench-lib.sh loaded.

access=$(bench_data access 1G)
nd=${access%.log}.ndjson
if [ ! -s "$nd" ] || [ "$nd" -ot "$access" ]; then
	echo "bench: making $nd with lparse" >&2
	lparse "$access" >"$nd.tmp.$$" && mv "$nd.tmp.$$" "$nd" || { rm -f "$nd.tmp.$$"; bench_die "lparse failed"; }
fi

bench_begin "lfilter: server errors from NDJSON, lfilter -w 'status>=500' vs jq" "$nd"
if command -v jq >/dev/null; then
	bench_run "jq -c 'select(.status>=500)'" "jq -c 'select(.status>=500)' '$nd' >/dev/null"
else
	bench_note "jq not installed (apt-get install jq): no comparison"
fi
bench_run "lfilter -w status>=500" "lfilter -w 'status>=500' '$nd' >/dev/null"
bench_run "lfilter -w status>=500 | cat" "lfilter -w 'status>=500' '$nd' | cat >/dev/null"
bench_run "lfilter -c (validate all)" "lfilter -c '$nd' >/dev/null"
bench_run "lfilter -q checkout" "lfilter -q checkout '$nd' >/dev/null"
bench_run "lfilter -e 'wp-login|xmlrpc'" "lfilter -e 'wp-login|xmlrpc' '$nd' >/dev/null"
bench_run "lfilter --ip 12.0.0.0/8" "lfilter --ip 12.0.0.0/8 '$nd' >/dev/null"
bench_run "lfilter --since 2026-01-01" "lfilter --since 2026-01-01 '$nd' >/dev/null"
bench_run "lfilter --shard 0/4" "lfilter --shard 0/4 '$nd' >/dev/null"
bench_run "lfilter -o ip,status,path" "lfilter -w 'status>=400' -o ip,status,path '$nd' >/dev/null"
bench_note "every line is validated (RFC 8259) and indexed in one pass; ratio is against jq"
bench_note "lfilter is single-threaded: MB/s is on one core"
bench_end "jq -c 'select(.status>=500)'"

ndgz=$(bench_data_gz "$nd")
bench_begin "lfilter: the same NDJSON gzipped (MB/s of decompressed text)" "$nd"
bench_run "gzip -dc FILE.gz" "gzip -dc '$ndgz' >/dev/null"
bench_run "lfilter -w status>=500 FILE.gz" "lfilter -w 'status>=500' '$ndgz' >/dev/null"
bench_end "gzip -dc FILE.gz"
