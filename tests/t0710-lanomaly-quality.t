#!/bin/sh
# lanomaly against a synthetic week with labelled anomalies
# (scripts/anomaly-week, scored by scripts/anomaly-score): the default mode
# must keep precision >= 0.9 and recall >= 0.85; the seed's fixed rules are
# scored beside it and must do worse.
. "${0%/*}/lib.sh"
S=$TOP/scripts

perl -MJSON::PP -e 1 2>/dev/null || skip_all "perl with JSON::PP is needed"

test_expect_success 'the generator is deterministic' '
	$S/anomaly-week --seed 7 --days 3 --scale 0.2 --labels l1 >w1 &&
	$S/anomaly-week --seed 7 --days 3 --scale 0.2 --labels l2 >w2 &&
	cmp w1 w2 && cmp l1 l2 && test_json_lines l1 && head -n 1000 w1 >w1.head &&
	test_json_lines w1.head
'

test_expect_success 'the scorer counts matches by type, subject and time' '
	cat >labels <<-\EOF &&
	{"type":"error_spike","source":"api","start":"2026-11-18T03:00:00Z","end":"2026-11-18T04:00:00Z"}
	{"type":"silence","source":"db","start":"2026-11-18T05:00:00Z","end":"2026-11-18T05:30:00Z"}
	EOF
	cat >findings <<-\EOF &&
	{"type":"error_spike","source":"api","start":"2026-11-18T04:05:00Z","end":"2026-11-18T04:10:00Z"}
	{"type":"error_spike","source":"web","start":"2026-11-18T03:05:00Z","end":"2026-11-18T03:10:00Z"}
	{"type":"silence","source":"db","start":"2026-11-18T06:00:00Z","end":"2026-11-18T06:10:00Z"}
	EOF
	$S/anomaly-score labels findings >table &&
	grep -q "^error_spike  *1  *1  *1.00  *2  *1  *0.50$" table &&
	grep -q "^silence  *1  *0  *0.00  *1  *0  *0.00$" table &&
	grep -q "^all  *2  *1  *0.50  *3  *1  *0.33$" table &&
	test_status 1 $S/anomaly-score --min-precision 0.5 labels findings >/dev/null 2>err &&
	grep -q "precision 0.33" err
'

# One week, seed 1: both modes on the same records, the tables in the output.
$S/anomaly-week --seed 1 --labels labels >week.ndjson
lanomaly --json week.ndjson >found
lanomaly --json --mode fixed week.ndjson >fixed
$S/anomaly-score labels found | sed 's/^/# baseline: /'
$S/anomaly-score labels fixed | sed 's/^/# fixed:    /'

test_expect_success 'a week: baseline mode precision >= 0.9, recall >= 0.85' '
	test $(wc -l <labels) -ge 20 && test_json_lines found &&
	$S/anomaly-score --min-precision 0.9 --min-recall 0.85 labels found >/dev/null
'

test_expect_success 'every detector finds at least one of its labels' '
	$S/anomaly-score labels found >table &&
	for t in error_spike volume_spike silence new_template suspicious_ip; do
		grep -q "^$t  *[1-9][0-9]*  *[1-9]" table || { echo "$t: none found"; exit 1; }
	done
'

test_expect_success 'the seed rules (--mode fixed) score far lower on the same week' '
	test_status 1 $S/anomaly-score --min-precision 0.5 labels fixed >/dev/null 2>&1 &&
	test_status 1 $S/anomaly-score --min-recall 0.5 labels fixed >/dev/null 2>&1
'
test_done
