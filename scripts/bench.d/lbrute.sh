# bench.d/lbrute.sh: lparse | lbrute on a generated auth.log (about 1M
# lines, 30% of the ssh attempts outside bursts failing), lbrute alone on
# the records, and the installed peers: sshguard's parser (sshg-parser)
# and fail2ban-regex with its sshd filter.
# Sourced by scripts/bench with scripts/bench-lib.sh loaded.

auth=$(bench_data auth 100M --fail-rate 0.3)
records="$auth.ndjson"
[ -s "$records" ] || lparse "$auth" >"$records" || bench_die "lparse failed on $auth"

bench_begin "lbrute: lparse auth.log | lbrute (findings), on about 1M lines" "$auth"
bench_run "lparse | lbrute" "lparse '$auth' | lbrute >/dev/null"
bench_run "lparse | lbrute --events" "lparse '$auth' | lbrute --events >/dev/null"
bench_run "lbrute < records" "lbrute '$records' >/dev/null"
bench_run "lparse alone" "lparse '$auth' >/dev/null"
if [ -x /usr/libexec/sshguard/sshg-parser ]; then
	bench_run "sshg-parser (sshguard)" "/usr/libexec/sshguard/sshg-parser <'$auth' >/dev/null"
else
	bench_note "sshguard not installed (apt-get install sshguard): no sshg-parser row"
fi
bench_note "a pipeline runs its stages on two cores; lbrute's own share is the 'lbrute < records' row"
bench_end "lparse | lbrute"

# fail2ban-regex is about 25k lines/s: a tenth of the data is enough.
if command -v fail2ban-regex >/dev/null; then
	small=$(bench_data auth 10M --fail-rate 0.3)
	bench_begin "lbrute vs fail2ban-regex (sshd filter), about 100k lines" "$small"
	bench_run "lparse | lbrute" "lparse '$small' | lbrute >/dev/null"
	bench_run "fail2ban-regex sshd" "fail2ban-regex '$small' sshd >/dev/null 2>&1"
	bench_end "lparse | lbrute"
else
	bench_note "fail2ban not installed (apt-get install fail2ban): no fail2ban-regex row"
fi
