#!/bin/sh
# The formats of issue 8 against the shared corpus ($CORPUS/formats):
# the edge-cases.tsv rows of apache-error, nginx-error, aws-alb, klog,
# glog and logfmt (expected fields, compared as t0110 does), and the lnav
# sample files that come out with a timestamp on every record and the
# level lnav states.  Agreement figures are printed as TAP comments;
# known failures stay as TODO tests.
. "${0%/*}/lib.sh"

need_corpus formats || skip_all "shared corpus not found (looked for ../shared/corpus/formats)"
F=$CORPUS/formats

# Known disagreements, by line number in edge-cases.tsv, with the reason.
known_failure() {
	case $1 in
	26) echo "a bracketed time and no [level] block is no Apache error line: generic reads it, with the right time" ;;
	*) return 1 ;;
	esac
}

edge_want() {
	# the format wanted (every one auto-detected)
	case $fmt in
	apache-error) want=apache_error ;;
	nginx-error) want=nginx_error ;;
	aws-alb) want=alb ;;
	klog) want=klog ;;
	glog) want=glog ;;
	logfmt) want=logfmt ;;
	*) return 1 ;;
	esac
}

edge_cases
say "edge-cases.tsv agreement: $edge_agree/$edge_rows rows for apache-error, nginx-error, aws-alb, klog, glog, logfmt"

# --- lnav samples: a timestamp on every record, and lnav's level -------

# lnav's level names to ours.
cat >"$TRASH/lnav.awk" <<'AWK'
function norm(l) {
	l = tolower(l)
	if (l == "trace" || l == "debug") return "DEBUG"
	if (l == "info" || l == "notice") return "INFO"
	if (l == "warning" || l == "warn") return "WARNING"
	if (l == "error") return "ERROR"
	return "CRITICAL"
}
BEGIN { FS = "\t"; while ((getline row < idx) > 0) { split(row, a, "\t"); if (a[1] == file && a[5] != "") want[a[3]] = norm(a[5]) } }
{ n++; if ($2 == "true") ts++; if ($1 in want) { chk++; if (want[$1] == $3) ok++ } }
END { print (n > 0 && ts == n && ok == chk) ? "yes" : "no" }
AWK

good=0 files=0
for f in "$F"/lnav-*.log; do
	b=${f##*/}
	files=$((files + 1))
	lparse -n --tz UTC "$f" 2>/dev/null | jq -r '[.line, has("timestamp"), .level] | @tsv' >"$TRASH/lnav.rec"
	r=$(awk -v idx="$F/lnav-index.tsv" -v file="$b" -f "$TRASH/lnav.awk" "$TRASH/lnav.rec")
	[ "$r" = yes ] && good=$((good + 1))
	case $b in
	lnav-alb_log.log | lnav-elb_log.log | lnav-glog_log.log | lnav-idea_log.log | \
	lnav-rust_tracing_log.log | lnav-vmw_vc_svc_log.log | lnav-error_log.log | \
	lnav-cups_log.log | lnav-env_logger_log.log | lnav-otel_collector_log.log | \
	lnav-rails_log.log | lnav-robot_fwk_log.log | lnav-syslog_log.log | lnav-xmlrpc_log.log)
		test_expect_success "$b: every record has a timestamp and lnav's level" "test '$r' = yes" ;;
	esac
done
say "lnav samples with a timestamp on every record and the right level: $good/$files files"
test_expect_success 'at least 34 lnav sample files have a timestamp on every record' "test $good -ge 34"
test_done
