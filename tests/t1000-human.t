#!/bin/sh
# Human output of lthreat and lbrute (lib/human): --format text lines and
# the summary table, --color and NO_COLOR, log strings escaped for the
# terminal, and NDJSON unchanged on a pipe.
. "${0%/*}/lib.sh"

S=$DATA/samples
ESC=$(printf '\033')

test_expect_success 'setup' '
	lparse $S/access.log >access.ndjson &&
	lparse $S/auth.log >auth.ndjson
'

test_expect_success 'lthreat: a pipe gets NDJSON, the same as --format json and --json' '
	lthreat access.ndjson >default &&
	lthreat --format json access.ndjson >fj &&
	lthreat --json access.ndjson >j &&
	test_cmp default fj && test_cmp default j &&
	jq -e .type default >/dev/null
'

test_expect_success 'lthreat --format text: one aligned line per finding, then a table' '
	lthreat --format text access.ndjson >text &&
	n=$(jq -c "select(.final != true)" default | grep -c .) &&
	test $(grep -c "^2026-" text) -eq $n &&
	grep "^2026-11-23T10:00:00+01:00  high      sql_injection             45.146.164.110   sqli-quote-logic path: " text &&
	grep "findings in 83 records, 1 multi-threat sources" text &&
	grep "^type  *severity  *findings$" text &&
	grep "^scanner  *medium  *8$" text &&
	! grep "$ESC" text
'

test_expect_success 'lthreat: --color=always colours severities, NO_COLOR does not stop it' '
	NO_COLOR=1 lthreat --format text --color=always access.ndjson >col &&
	grep "$ESC\[1;31mcritical$ESC\[0m" col &&
	grep "$ESC\[1mtype" col &&
	lthreat --format text --color=auto access.ndjson >auto &&
	! grep "$ESC" auto
'

test_expect_success 'lthreat text: escape sequences and bad UTF-8 from a log are shown escaped' '
	printf "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"ip\":\"10.0.0.1\\\\u001b]0;pwn\\\\u0007\",\"path\":\"/a/../../etc/passwd\\\\u001b[2J\",\"user_agent\":\"x\\\\u009b31m\"}\n" >evil.ndjson &&
	lthreat --format text evil.ndjson >out &&
	! grep "$ESC" out &&
	grep "10.0.0.1.x1b]0;pwn.x07" out &&
	! grep "$(printf "\302\233")" out
'

test_expect_success 'lthreat --summary: addresses and paths escaped by lib/human, as in the lines' '
	printf "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"ip\":\"10.0.0.1\\\\u001b]0;pwn\\\\u0007\",\"path\":\"/../etc/passwd\\\\u001b[2J\\\\u202e\\\\u009b\"}\n" >evil.ndjson &&
	lthreat --summary evil.ndjson >sum &&
	grep "^  10.0.0.1.x1b]0;pwn.x07  *1$" sum &&
	grep -F "  /../etc/passwd\x1b[2J\u{202e}\u{009b}  " sum &&
	! grep "$ESC" sum && ! grep -F "u001b" sum &&
	! grep "$(printf "\342\200\256")" sum && ! grep "$(printf "\302\233")" sum &&
	lthreat --format text evil.ndjson >lines &&
	grep -F "10.0.0.1\x1b]0;pwn\x07" lines
'

test_expect_success 'lthreat --summary: severities coloured on demand, never on a pipe' '
	lthreat --summary --color=always evil.ndjson >col &&
	grep "^  $ESC\[[0-9;]*m[a-z]*$ESC\[0m  *1$" col &&
	lthreat --summary evil.ndjson >plain && ! grep "$ESC" plain
'

test_expect_success 'lanomaly --summary: the subject escaped by lib/human, columns kept' '
	lanomaly --summary --format text --color=never --learn 0 $DATA/anomaly/esc.ndjson >out &&
	grep -F "  new_template   boom \x1b]0;owned\x07                     ERROR" out &&
	! grep "$ESC" out && ! grep -F "u001b" out
'

test_expect_success 'usage errors: bad --format and --color, text with --annotate' '
	test_status 2 lthreat --format xml </dev/null 2>err &&
	grep "^lthreat: --format: .xml. is not text or json" err &&
	grep "lthreat --help" err &&
	test_status 2 lthreat --color=blue </dev/null 2>err &&
	grep "^lthreat: --color: .blue." err &&
	test_status 2 lthreat --format text --annotate </dev/null &&
	test_status 2 lbrute --format text --ips </dev/null &&
	test_status 2 lbrute --json --format text </dev/null &&
	test_status 2 lbrute --color=sometimes </dev/null
'

test_expect_success 'lbrute: a pipe gets NDJSON, the same as --json' '
	lbrute auth.ndjson >default &&
	lbrute --json auth.ndjson >j &&
	test_cmp default j &&
	jq -e .type default >/dev/null
'

test_expect_success 'lbrute --format text: lines, totals, table by type' '
	lbrute --format text auth.ndjson >text &&
	test $(grep -c "^2026-" text) -eq $(grep -c . default) &&
	grep "^2026-11-23T03:10:38Z       high      brute_force               185.220.101.34   10 failures within 5m" text &&
	grep "critical  success_after_failures    185.220.101.34   login succeeded after 23 failures, user deploy" text &&
	grep "^3 findings; 30 failed and 2 successful logins in 37 records$" text &&
	grep "^success_after_failures  critical         1$" text &&
	! grep "$ESC" text &&
	lbrute --format text --color=always auth.ndjson >col &&
	grep "$ESC\[31mhigh$ESC\[0m" col
'

test_expect_success 'lbrute text: a hostile user name is escaped' '
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		printf "{\"timestamp\":\"2026-01-01T00:00:%02dZ\",\"process\":\"sshd\",\"message\":\"Failed password for r\\\\u001b[31moot from 192.0.2.7 port 22 ssh2\"}\n" $i
	done >evil.ndjson &&
	printf "{\"timestamp\":\"2026-01-01T00:00:30Z\",\"process\":\"sshd\",\"message\":\"Accepted password for r\\\\u001b[31moot from 192.0.2.7 port 22 ssh2\"}\n" >>evil.ndjson &&
	lbrute --format text evil.ndjson >out &&
	grep "user r.x1b\[31moot" out &&
	! grep "$ESC" out
'

test_expect_success 'lanomaly: text lines with coloured severities, NDJSON on a pipe' '
	A=$DATA/anomaly &&
	lanomaly $A/spike.ndjson >default &&
	lanomaly --json $A/spike.ndjson >j && test_cmp default j &&
	jq -e .type default >/dev/null &&
	lanomaly --format text $A/spike.ndjson >text &&
	test $(grep -c . text) -eq $(grep -c . default) &&
	grep "^2026-11-18T03:00:00Z  critical  error_spike    source api: " text &&
	! grep "$ESC" text &&
	lanomaly --format text --color=always $A/spike.ndjson >col &&
	grep "  $ESC\[1;31mcritical$ESC\[0m  error_spike" col &&
	test_status 2 lanomaly --json --format text </dev/null &&
	test_status 2 lanomaly --color=often </dev/null
'

test_expect_success 'lanomaly text: escape sequences from the input are shown escaped' '
	lanomaly --format text --color=always --learn 0 $DATA/anomaly/esc.ndjson >out &&
	grep -F "source x\\x1b[2J: first ERROR of a new template: boom \\x1b]0;owned\\x07" out &&
	! grep "$ESC\]\|$ESC\[2J" out
'

test_done
