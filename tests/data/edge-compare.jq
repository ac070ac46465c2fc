# edge-compare.jq: the record(s) lparse wrote for one row of the corpus's
# formats/edge-cases.tsv ($got) against the row's expected fields ($exp);
# one line per disagreement, nothing when they agree.  Used by
# edge_cases in tests/lib.sh.
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
