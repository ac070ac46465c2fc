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

# compare.jq: $exp (expected subset) against the record(s) lparse wrote;
# prints one line per disagreement, nothing when they agree.
cat >"$TRASH/compare.jq" <<'EOF'
def ts_parts:
  capture("^(?<y>--|[0-9]{4}-)(?<mo>[0-9]{2})-(?<d>[0-9]{2})[T ](?<h>[0-9]{2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})(?<f>[.,][0-9]+)?(?<z>Z|[+-][0-9]{2}:?[0-9]{2})?$");
def off_secs: if . == null or . == "Z" then 0
  else (.[0:1]) as $sg | (gsub(":"; "")) as $o
  | (($o[1:3] | tonumber) * 3600 + ($o[3:5] | tonumber) * 60) * (if $sg == "-" then -1 else 1 end) end;
def instant($year): ts_parts as $t
  | ([($year // ($t.y[0:4] | tonumber)), ($t.mo | tonumber) - 1, ($t.d | tonumber),
      ($t.h | tonumber), ($t.mi | tonumber), ($t.s | tonumber), 0, 0] | mktime) - ($t.z | off_secs);
def frac: ts_parts | (.f // "") | .[1:];
def neutral: ["timestamp","hostname","process","pid","ip","method","path","protocol",
              "status","size","referer","user_agent","message"];

($got | length) as $n
| if $n != 1 then "wrote \($n) records, wanted 1"
  else $got[0] as $g
  | (if $fmt == "none" then
       (if $g.format != "raw" then "format \($g.format), wanted raw" else empty end),
       ($g | keys[] | select(. as $k | ["level","source","format","message"] | index($k) | not)
           | "invented field \(.)")
     else
       (if $want_format != "" and ($exp | length) > 0 and $g.format != $want_format
        then "format \($g.format), wanted \($want_format)" else empty end),
       (neutral[] as $k | select($exp | has($k)) | select($k != "timestamp")
        | select($g[$k] != $exp[$k])
        | "\($k): got \($g[$k] | tojson), wanted \($exp[$k] | tojson)"),
       (if ($exp | has("timestamp")) then
          if ($g | has("timestamp") | not) then "timestamp missing"
          else ($exp.timestamp | startswith("--")) as $yearless
          | ($g.timestamp | ts_parts | .y[0:4] | tonumber) as $gy
          | ($g.timestamp | instant(null)) as $gi
          | ($exp.timestamp | instant(if $yearless then $gy else null end)) as $ei
          | (if $gi != $ei then "timestamp: got \($g.timestamp), wanted \($exp.timestamp)" else empty end),
            (if ($g.timestamp | frac) != ($exp.timestamp | frac)
             then "timestamp fraction: got \($g.timestamp), wanted \($exp.timestamp)" else empty end),
            (if $yearless and ($gi > $now + 60 or $gi < $now - 366 * 86400)
             then "inferred year: \($g.timestamp) is not the last year before now" else empty end)
          end
        else empty end),
       (if ($fmt | startswith("syslog")) and ($exp | has("level")) and $g.severity != $exp.level
        then "severity: got \($g.severity), wanted \($exp.level)" else empty end),
       (if ($fmt | startswith("syslog")) and ($line | test("^<[0-9]+>") | not) and ($g | has("severity"))
        then "severity \($g.severity) without a PRI" else empty end)
     end)
  end
EOF

# Known disagreements, by line number in edge-cases.tsv, with the reason.
known_failure() {
	case $1 in
	26) echo "a bracketed time and no [level] block is no Apache error line: generic reads it, with the right time" ;;
	*) return 1 ;;
	esac
}

rows=0 agree=0
lineno=1
TAB=$(printf '\t')
now=$(date +%s)
while IFS= read -r row; do
	lineno=$((lineno + 1))
	fmt=${row%%"$TAB"*}
	rest=${row#*"$TAB"}
	line=${rest%%"$TAB"*}
	exp=${rest#*"$TAB"}
	# the format wanted (every one auto-detected)
	case $fmt in
	apache-error) want=apache_error ;;
	nginx-error) want=nginx_error ;;
	aws-alb) want=alb ;;
	klog) want=klog ;;
	glog) want=glog ;;
	logfmt) want=logfmt ;;
	*) continue ;;
	esac
	rows=$((rows + 1))
	mis=$TRASH/mis.$lineno
	if printf '%s\n' "$line" | lparse --tz UTC >"$TRASH/row.out" 2>"$TRASH/row.err" &&
	   test_json_lines "$TRASH/row.out" >/dev/null 2>&1; then
		jq -rn --argjson exp "$exp" --slurpfile got "$TRASH/row.out" --arg fmt "$fmt" --arg line "$line" \
			--arg want_format "$want" --argjson now "$now" \
			-f "$TRASH/compare.jq" >"$mis" 2>&1 || echo "jq failed" >>"$mis"
	else
		{ echo "lparse failed or wrote invalid JSON"; cat "$TRASH/row.err"; } >"$mis"
	fi
	[ -s "$mis" ] || agree=$((agree + 1))
	what="edge-cases.tsv:$lineno ($fmt) $(printf "%.40s" "$line")"
	if reason=$(known_failure "$lineno"); then
		test_expect_failure "$what: $reason" "cat '$mis' && ! test -s '$mis'"
	else
		test_expect_success "$what" "cat '$mis' && ! test -s '$mis'"
	fi
done <"$F/edge-cases.tsv"
say "edge-cases.tsv agreement: $agree/$rows rows for apache-error, nginx-error, aws-alb, klog, glog, logfmt"

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
