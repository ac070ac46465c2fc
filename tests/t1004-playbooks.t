#!/bin/sh
# The README's "Triage playbooks": every ```sh block of that section runs
# as written against the sample logs (with stand-ins for logger and curl,
# which must be called as the playbook says), exits 0 and prints what the
# question asks for.  Blocks that need sqlite3 or GNU parallel are skipped
# where those are missing.
. "${0%/*}/lib.sh"

README=${PB_README:-$TOP/README.md}
grep -q '^## Triage playbooks' "$README" || skip_all "README.md has no Triage playbooks section"

cp "$DATA"/samples/access.log "$DATA"/samples/auth.log "$DATA"/samples/app.log . || exit 1

# Stand-ins that record how they were called (the playbooks' actions).
mkdir shims
cat >shims/logger <<\EOF
#!/bin/sh
echo "logger $*" >>"$TRASH/actions"
EOF
cat >shims/curl <<\EOF
#!/bin/sh
{ echo "curl $*"; cat; } >>"$TRASH/actions"
EOF
chmod +x shims/*
export TRASH

# Blocks, one file each (pb.1, pb.2, ...), and their titles (titles).
awk '
	/^## Triage playbooks/ { on = 1; next }
	on && /^## / { on = 0 }
	!on { next }
	/^### / { title = substr($0, 5) }
	/^```sh$/ { n++; file = "pb." n; print title >"titles"; inblock = 1; next }
	/^```$/ && inblock { inblock = 0; close(file); next }
	inblock { print >file }
' "$README"

test_expect_success 'the section has a dozen playbooks' '
	test $(wc -l <titles) -ge 12
'

n=0
while read -r title; do
	n=$((n + 1))
	f=pb.$n
	need=
	grep -q 'sqlite3 ' $f && need=sqlite3
	grep -q 'parallel ' $f && need=parallel
	if [ -n "$need" ] && ! command -v $need >/dev/null; then
		test_skip "playbook: $title" "$need is not installed"
		continue
	fi
	# what the output (out) or the actions must show, per playbook
	case $title in
	Is\ this*) check='grep "findings *17" out && grep "multi-threat sources" out' ;;
	Who\ is*) check='grep "critical  success_after_failures" out && grep -x "185.220.101.34 got in as deploy" out' ;;
	What\ broke*) check='grep "^2026-11-23T03:.* ERROR app.log: charge failed for order 1942" out' ;;
	The\ top\ error*) check='grep "TEMPLATE" out && grep "connection pool exhausted" out' ;;
	The\ slowest*) check='test $(wc -l <out) -eq 10 && sort -rnc out' ;;
	Web,*) check='test $(wc -l <out) -eq 30 && grep -q " app.log " out && grep -q " auth.log " out' ;;
	A\ daily*) check='test -s report.txt && test $(wc -l <out) -eq 20' ;;
	Live*) check='grep "^logger -t ltools-alert " actions && grep "^curl .*hooks.example.com" actions && grep "success_after_failures" actions' ;;
	Every\ finding*) check='grep "^SECURITY" out && grep "^    185.220.101.34  *3  brute_force" out && grep "Brute-force users" out' ;;
	Blocklists*) check='grep -x "add element inet filter blocklist { 185.220.101.34 }" out' ;;
	jq*) check='test $(wc -l <out) -eq 10' ;;
	Scaling*) check='grep -i "records" out' ;;
	Ad-hoc*) check='test -s out && ! grep -i error out' ;;
	*) check='test -s out' ;;
	esac
	test_expect_success "playbook: $title" "
		rm -f actions &&
		PATH=\$TRASH/shims:\$PATH sh -e $f >out 2>err &&
		cat out && $check
	"
done <titles

# The live form of the alerting playbook: lparse -f on logs that grow.
if ! command -v setsid >/dev/null; then
	test_skip "playbook: Live alerting, live (lparse -f)" "setsid is not installed"
else
	test_expect_success 'playbook: Live alerting, live: lparse -f follows growing logs, actions fire' '
		test -f rules.sh && rm -f actions && : >live-access.log && : >live-auth.log || exit 1
		# alone in the background (an && list would be a subshell), in a
		# session of its own, ended as a group (timeout: should the test die)
		PATH=$TRASH/shims:$PATH timeout 60 setsid sh rules.sh -f --from-start \
			live-access.log live-auth.log >live.out 2>live.err &
		pid=$!
		sleep 0.5 && cat access.log >>live-access.log && cat auth.log >>live-auth.log &&
		i=0 &&
		while [ $i -lt 150 ] && ! { grep -q "^logger" actions && grep -q "^curl" actions; } 2>/dev/null; do
			sleep 0.2; i=$((i + 1))
		done
		leader=$(pgrep -P $pid)    # the sh of rules.sh: its own process group
		[ -n "$leader" ] && kill -TERM -$leader
		wait $pid
		cat live.err &&
		grep "^logger -t ltools-alert " actions && grep "success_after_failures" actions
	'
fi

test_done
