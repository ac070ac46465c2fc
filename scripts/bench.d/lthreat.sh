# bench.d/lthreat.sh: lthreat on NDJSON that lparse made from a generated
# combined access log (1 GB of log, 0.5% attacks: genlog's default
# --attack-rate), and the whole chain against grep -E running a pattern
# list of the same kind over the raw log.
# Sourced by scripts/bench with scripts/bench-lib.sh loaded.

access=$(bench_data access 1G)   # genlog default: --attack-rate 0.005
nd=${access%.log}.ndjson
if [ ! -s "$nd" ] || [ "$nd" -ot "$access" ]; then
	echo "bench: making $nd with lparse" >&2
	lparse "$access" >"$nd.tmp.$$" && mv "$nd.tmp.$$" "$nd" || { rm -f "$nd.tmp.$$"; bench_die "lparse failed"; }
fi

bench_begin "lthreat: web attack detection on NDJSON (MB/s of NDJSON)" "$nd"
bench_run "lthreat" "lthreat '$nd' >/dev/null; test \$? -le 1"
bench_run "lthreat --annotate" "lthreat --annotate '$nd' >/dev/null; test \$? -le 1"
bench_run "lthreat --summary" "lthreat --summary '$nd' >/dev/null; test \$? -le 1"
bench_note "target: at least 300 MB/s of NDJSON on one core (lthreat is single-threaded)"
bench_note "every record is validated and indexed; values without attack bytes take the fast path"
bench_end lthreat

# A grep -E list of the same kind of signatures, caseless, on the raw log:
# no decoding, no fields, no per-type report; the floor for a signature scan.
pat='union[ +/*%0-9a-f]+select|<script|javascript:|on(error|load)=|\.\./|%2e%2e|/etc/passwd|win\.ini'
pat="$pat"'|\$\{jndi|%24%7bjndi|sleep\(|benchmark\(|;(cat|wget|curl|id|uname)|\|\s*sh|<\?php'
pat="$pat"'|/\.env|/\.git/|wp-config|sqlmap|nikto|nmap|masscan|zgrab|nuclei|\(\) \{'
bench_begin "lthreat: the chain on the raw log vs grep -E over it (MB/s of raw log)" "$access"
# (GNU grep stops at the first match when its output is /dev/null: go through cat)
bench_run "grep -Ei patterns" "grep -Ei '$pat' '$access' | cat >/dev/null"
bench_run "lparse | lthreat" "lparse '$access' | lthreat >/dev/null; test \$? -le 1"
bench_note "grep prints matching lines only; lthreat decodes, scans each field and reports findings"
bench_note "on a loaded machine compare CPU seconds: MB/s is from wall-clock time"
bench_end "grep -Ei patterns"
