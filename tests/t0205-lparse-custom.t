#!/bin/sh
# Custom formats (lib/custom.c): -p with named groups, --time-format,
# --formats FILE and $XDG_CONFIG_HOME/ltools/formats, bad patterns.
. "${0%/*}/lib.sh"

# the seed's example: "[LEVEL] message"
P='^\[(?<level>\w+)\] (?<message>.*?)(?: code=(?<code>\d+))?(?: user=(?<user>\S+))?$'

test_expect_success '-p: timestamp, level, message mapped; other groups are fields, numbers typed' '
	printf "%s\n" "[ERROR] disk full code=42 user=bob" "[warn] slow" "no brackets" |
		lparse -p "$P" >out && test_json_lines out &&
	jq -c "[.level, .format, .message, .code, .user]" out >got &&
	cat >expect <<-\EOF &&
	["ERROR","pattern","disk full",42,"bob"]
	["WARNING","pattern","slow",null,null]
	["INFO","raw","no brackets",null,null]
	EOF
	test_cmp expect got
'

test_expect_success '--time-format reads the timestamp group (%d/%b/%Y, %f, %z)' '
	echo "23/Nov/2026 10:15:32.5 +0100 | hello" |
		lparse -p "^(?<timestamp>.+?) \\| (?<message>.*)" --time-format "%d/%b/%Y %H:%M:%S.%f %z" >out &&
	test "$(jq -r .timestamp out)" = 2026-11-23T10:15:32.5+01:00
'

test_expect_success '--time-format %s: epoch seconds; without it, any known layout' '
	echo "1763892932.25 up" | lparse -p "^(?<timestamp>\\S+) (?<message>.*)" --time-format %s >out &&
	test "$(jq -r .timestamp out)" = 2025-11-23T10:15:32.25Z &&
	echo "2026-11-23T10:15:32Z up" | lparse -p "^(?<timestamp>\\S+) (?<message>.*)" >out &&
	test "$(jq -r .timestamp out)" = 2026-11-23T10:15:32Z
'

test_expect_success 'a timestamp that does not fit the layout is left out, the line still parsed' '
	echo "yesterday up" | lparse -p "^(?<timestamp>\\S+) (?<message>.*)" --time-format "%Y-%m-%d" >out &&
	test "$(jq -r "has(\"timestamp\"), .format" out | tr "\n" " ")" = "false pattern "
'

test_expect_success 'a bad pattern: one clear message, status 2, no output' '
	test_status 2 lparse -p "(?<a" </dev/null >out 2>err &&
	grep "^lparse: -p: pattern: .* at offset" err && ! test -s out &&
	test_status 2 lparse -p "(?<m>x)" --time-format "%Q" </dev/null 2>err &&
	grep "%Q is not supported" err &&
	test_status 2 lparse --time-format "%Y" </dev/null
'

test_expect_success '--formats FILE: named formats join detection, -F and --list-formats know them' '
	cat >fm <<-\EOF &&
	# two formats
	format bracket
	pattern ^\[(?<level>\w+)\] (?<message>.*)$
	format stamped
	pattern ^(?<timestamp>\d{8}T\d{6}) (?<message>.*)$
	time-format %Y%m%dT%H%M%S
	EOF
	printf "%s\n" "[ERROR] a" "20261123T101532 b" | lparse --formats fm --tz UTC >out &&
	jq -r "[.format, .level, .message, .timestamp // \"-\"] | join(\" \")" out >got &&
	printf "%s\n" "bracket ERROR a -" "stamped INFO b 2026-11-23T10:15:32Z" >expect && test_cmp expect got &&
	lparse --formats fm --list-formats | grep -q "^bracket " &&
	echo "[ERROR] a" | lparse --formats fm -F stamped >out && test "$(jq -r .format out)" = raw
'

test_expect_success '$XDG_CONFIG_HOME/ltools/formats is read when present' '
	mkdir -p cfg/ltools && cp fm cfg/ltools/formats &&
	echo "[ERROR] a" | XDG_CONFIG_HOME=$PWD/cfg lparse >out && test "$(jq -r .format out)" = bracket &&
	echo "[ERROR] a" | XDG_CONFIG_HOME=$PWD/none lparse >out && test "$(jq -r .format out)" = raw
'

test_expect_success 'a formats file with errors: FILE:LINE and status 2' '
	printf "format x\npattern (\n" >bad &&
	test_status 2 lparse --formats bad </dev/null 2>err && grep "bad:1: pattern:" err &&
	printf "pattern x\n" >bad2 &&
	test_status 2 lparse --formats bad2 </dev/null 2>err && grep "bad2:1: expected" err &&
	printf "format syslog\npattern x\n" >bad3 &&
	test_status 2 lparse --formats bad3 </dev/null 2>err && grep "is taken" err
'
test_done
