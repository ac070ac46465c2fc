#!/bin/sh
# lparse's command line: every option, exit codes, inputs (files, stdin,
# directories, gzip by magic), and the --stats accounting.
. "${0%/*}/lib.sh"

G=$DATA/golden

# --- -F / --list-formats ------------------------------------------------

test_expect_success '--list-formats lists each format, status 0, and -F takes every name' '
	lparse --list-formats >out && test_line_count 15 out &&
	for f in syslog rfc5424 access python raw combined common vhost_combined; do
		grep -qw "$f" out || { echo "$f not listed"; return 1; }
		lparse -F "$f" </dev/null >/dev/null || { echo "-F $f refused"; return 1; }
	done
'

test_expect_success '-F syslog: other lines of a mixed file (RFC 5424 too) become raw' '
	lparse -F syslog --year 2025 "$G/mixed.log" >out && test_json_lines out &&
	jq -r .format out | sort | uniq -c | sed "s/^ *//" >got &&
	printf "%s\n" "9 raw" "2 syslog" >expect && test_cmp expect got
'

test_expect_success '-F combined is the access parser (common lines too)' '
	lparse -F combined "$G/common.log" "$G/combined.log" >out && test_json_lines out &&
	test "$(jq -r .format out | sort -u | tr "\n" " ")" = "combined common "
'

test_expect_success '-F raw: every line is a raw record whose message is the line' '
	lparse -F raw "$G/syslog.log" >out && test_json_lines out &&
	test_line_count 11 out &&
	test "$(jq -r .format out | sort -u)" = raw &&
	jq -r .message out >got && test_cmp "$G/syslog.log" got &&
	test "$(jq -c "del(.level,.source,.format,.message)" out | sort -u)" = "{}"
'

test_expect_success '-F with an unknown format: status 2, two lines on stderr, no output' '
	test_status 2 lparse -F nosuch "$G/syslog.log" >out 2>err &&
	test_line_count 2 err && ! test -s out &&
	grep -q "^lparse: unknown format .nosuch." err &&
	grep -q "^Try .lparse --help." err
'

test_expect_success 'a missing option argument is a usage error' '
	test_status 2 lparse -F 2>err && grep -q "Try .lparse --help." err
'

# --- inputs: files, stdin, errors ---------------------------------------

test_expect_success 'no file: stdin, source "-"' '
	lparse --year 2025 <"$G/syslog.log" >out && test_json_lines out &&
	test_line_count 11 out && test "$(jq -r .source out | sort -u)" = "-"
'

test_expect_success '"-" reads stdin between files' '
	lparse --year 2025 "$G/common.log" - "$G/nginx.log" <"$G/rsyslog.log" >out &&
	test_json_lines out &&
	jq -r .source out | uniq -c | sed "s/^ *//" >got &&
	printf "%s\n" "5 common.log" "4 -" "4 nginx.log" >expect && test_cmp expect got
'

test_expect_success 'a missing file among good ones: the others are parsed, status 2' '
	test_status 2 lparse "$G/common.log" no-such-file "$G/nginx.log" >out 2>err &&
	test_json_lines out && test_line_count 9 out &&
	test_line_count 1 err &&
	grep -qx "lparse: no-such-file: No such file or directory" err
'

test_expect_success 'an unreadable file: one line naming it, status 2' '
	cp "$G/common.log" locked.log && chmod 000 locked.log &&
	if cat locked.log >/dev/null 2>&1; then
		echo "# running as root: cannot test permissions"
	else
		test_status 2 lparse locked.log "$G/nginx.log" >out 2>err &&
		test_line_count 4 out && grep -q "^lparse: locked.log: Permission denied" err
	fi
'

test_expect_success 'a directory without -r: one line, status 2, other files still parsed' '
	mkdir dir &&
	test_status 2 lparse dir "$G/common.log" >out 2>err &&
	test_line_count 5 out && test_line_count 1 err &&
	grep -q "^lparse: dir: .*directory" err
'

test_expect_success 'gzip is recognised by magic, not by name' '
	gzip -c "$G/common.log" >plain-name.log &&
	cp "$G/nginx.log" not-really.gz &&
	lparse -v plain-name.log not-really.gz >out 2>err && test_json_lines out &&
	jq -r .format out | sort | uniq -c | sed "s/^ *//" >got &&
	printf "%s\n" "4 combined" "5 common" >expect && test_cmp expect got &&
	grep "plain-name.log:" err | grep -q " gzip" &&
	! grep "not-really.gz:" err | grep -q " gzip"
'

test_expect_success 'multi-member gzip (cat a.gz b.gz) is read whole' '
	gzip -c "$G/common.log" >m.gz && gzip -c "$G/python.log" >>m.gz &&
	gzip -c "$G/nginx.log" >>m.gz &&
	lparse m.gz >out && test_json_lines out &&
	cat "$G/common.ndjson" "$G/python.ndjson" "$G/nginx.ndjson" | jq -c "del(.timestamp,.source)" >expect &&
	jq -c "del(.timestamp,.source)" out >got && test_cmp expect got &&
	test "$(jq -r .source out | sort -u)" = m
'

test_expect_success 'gzip from stdin' '
	gzip -c "$G/python.log" | lparse --tz Europe/Paris >out &&
	jq -c "del(.source)" out >got &&
	jq -c "del(.source)" "$G/python.ndjson" >expect && test_cmp expect got
'

test_expect_success 'source label: base name without directories and .gz' '
	mkdir -p sub && gzip -c "$G/common.log" >sub/access.log.gz &&
	lparse sub/access.log.gz >out &&
	test "$(jq -r .source out | sort -u)" = access.log
'

test_expect_success '--source NAME labels files and stdin' '
	lparse --source web "$G/common.log" - <"$G/nginx.log" >out &&
	test_line_count 9 out && test "$(jq -r .source out | sort -u)" = web
'

test_expect_success '--source with odd bytes still gives valid JSON' '
	lparse --source "$(printf "a\"b\\\\c\tq\033x")" "$G/common.log" >out && test_json_lines out &&
	jq -c .source out | sort -u >got &&
	printf "%s\n" "\"a\\\"b\\\\c\\tq\\u001bx\"" >expect && test_cmp expect got
'

# --- -r / --glob --------------------------------------------------------

mk_tree() {
	mkdir -p tree/a/b tree/c &&
	cp "$G/syslog.log" tree/z.log &&
	cp "$G/common.log" tree/a/access.log.1 &&
	gzip -c "$G/nginx.log" >tree/a/b/nginx.log.2.gz &&
	cp "$G/python.log" tree/c/app.txt &&
	cp "$G/rfc5424.log" tree/c/README
}

test_expect_success '-r takes *.log* files below a directory, in a stable order' '
	mk_tree &&
	lparse -r --year 2025 tree >out && test_json_lines out &&
	jq -r .source out | uniq >got &&
	printf "%s\n" access.log.1 nginx.log.2 z.log >expect && test_cmp expect got
'

test_expect_success '-r --glob PATTERN chooses the files' '
	mk_tree &&
	lparse -r --glob "*.txt" tree >out && test_json_lines out &&
	test "$(jq -r .source out | sort -u)" = app.txt &&
	lparse --recursive --glob "README" tree >out && test_line_count 5 out
'

test_expect_success '-r does not follow symbolic links to directories (no loops)' '
	mk_tree &&
	ln -s .. tree/a/loop && ln -s ../c tree/a/clink &&
	ln -s ../z.log tree/a/zlink.log &&
	lparse -r --year 2025 tree >out && test_json_lines out &&
	jq -r .source out | uniq >got &&
	printf "%s\n" access.log.1 nginx.log.2 zlink.log z.log >expect && test_cmp expect got
'

test_expect_success '-r with a file argument reads the file' '
	lparse -r "$G/common.log" >out && test_line_count 5 out
'

test_expect_success '-r on a missing directory: status 2' '
	test_status 2 lparse -r no-such-dir >out 2>err && test_line_count 1 err
'

# --- --tz / --year ------------------------------------------------------

test_expect_success '--tz UTC, +05:30, Europe/Paris for times without an offset' '
	printf "2026-07-01 12:00:00,000 INFO app x\n" >py.log &&
	lparse --tz UTC py.log | jq -r .timestamp >got &&
	lparse --tz +05:30 py.log | jq -r .timestamp >>got &&
	lparse --tz -0800 py.log | jq -r .timestamp >>got &&
	lparse --tz Europe/Paris py.log | jq -r .timestamp >>got &&
	TZ=America/New_York lparse py.log | jq -r .timestamp >>got &&
	printf "%s\n" 2026-07-01T12:00:00.000Z 2026-07-01T12:00:00.000+05:30 \
		2026-07-01T12:00:00.000-08:00 2026-07-01T12:00:00.000+02:00 \
		2026-07-01T12:00:00.000-04:00 >expect &&
	test_cmp expect got
'

test_expect_success '--tz does not change times that carry an offset' '
	lparse --tz Asia/Tokyo "$G/rfc5424.log" | jq -r .timestamp >got &&
	jq -r .timestamp "$G/rfc5424.ndjson" >expect && test_cmp expect got
'

test_expect_success '--tz with an unknown zone: status 2, one message' '
	test_status 2 lparse --tz Mars/Olympus "$G/common.log" >out 2>err &&
	! test -s out && grep -q "^lparse: unknown time zone .Mars/Olympus." err &&
	test_status 2 lparse --tz ../../etc/passwd "$G/common.log" 2>err &&
	test_status 2 lparse --tz +25:00 "$G/common.log" 2>err &&
	test_status 2 lparse --tz "" "$G/common.log" 2>err
'

test_expect_success '--year sets the year of yearless syslog lines only' '
	lparse --year 2019 "$G/syslog.log" "$G/common.log" >out &&
	jq -r "select(.format == \"syslog\" and has(\"timestamp\")) | .timestamp[0:4]" out | sort -u >got &&
	echo 2019 >expect && test_cmp expect got &&
	jq -r "select(.format == \"common\") | .timestamp[0:4]" out | sort -u >got &&
	printf "%s\n" 1995 2000 2026 >expect && test_cmp expect got
'

test_expect_success '--year: Feb 29 in a common year gives no timestamp' '
	echo "Feb 29 12:00:00 h p: x" | lparse --year 2025 >out &&
	test "$(jq -c "has(\"timestamp\")" out)" = false &&
	echo "Feb 29 12:00:00 h p: x" | lparse --year 2024 --tz UTC >out &&
	test "$(jq -r .timestamp out)" = 2024-02-29T12:00:00Z
'

test_expect_success '--year rejects what is not a year' '
	for y in 0 -1 10000 abc 20x ""; do
		test_status 2 lparse --year "$y" </dev/null 2>err || return 1
		grep -q "^lparse: --year" err || return 1
	done
'

test_expect_success 'without --year, the year comes from the file modification time' '
	printf "%s\n" "Dec 31 23:00:00 h p: old" "Jan  5 10:00:00 h p: new" >y.log &&
	touch -d "2020-01-05 12:00:00 UTC" y.log &&
	lparse --tz UTC y.log | jq -r .timestamp >got &&
	printf "%s\n" 2019-12-31T23:00:00Z 2020-01-05T10:00:00Z >expect && test_cmp expect got
'

test_expect_success 'from stdin, the year makes the time not later than now' '
	year=$(date -u +%Y) &&
	echo "Jan  1 00:00:00 h p: x" | lparse --tz UTC | jq -r .timestamp >got &&
	echo "${year}-01-01T00:00:00Z" >expect && test_cmp expect got
'

# --- -n / --raw ---------------------------------------------------------

test_expect_success '-n numbers records by their first line, per input' '
	lparse -n "$G/python.log" "$G/common.log" | jq -c .line >got &&
	printf "%s\n" 1 2 14 15 16 17 1 2 3 4 5 >expect && test_cmp expect got
'

test_expect_success '--raw keeps the original line, CR and joined lines included' '
	lparse --raw "$G/crlf.log" >out && test_json_lines out &&
	jq -j ".raw + \"\\n\"" out >got &&
	# crlf.log ends without a newline; each raw here is followed by one
	{ cat "$G/crlf.log" && echo; } >expect && cmp expect got
'

test_expect_success '-n and --raw come last, in that order' '
	lparse -n --raw "$G/common.log" | head -1 | jq -r "keys_unsorted | .[-2:] | join(\",\")" >got &&
	echo line,raw >expect && test_cmp expect got
'

# --- -v / --stats -------------------------------------------------------

test_expect_success '--stats: one line per input; lines = records + joined + skipped' '
	lparse --stats "$G/python.log" "$G/mixed.log" >out 2>err && test_line_count 2 err &&
	while read -r _ file rest; do
		eval "$(echo "$rest" | tr " " "\n" | grep "^[a-z]*=[0-9]*$")"
		test $((records + joined + skipped)) -eq "$lines" || return 1
	done <err &&
	grep -q "python.log: lines=17 records=6 joined=11 skipped=0 unparsed=0 bytes=$(wc -c <"$G/python.log") python=6$" err &&
	grep -q "mixed.log: lines=11 records=8 joined=3 skipped=0 unparsed=3 " err &&
	test "$(wc -l <out)" -eq 14
'

test_expect_success '-v: records written match the output, bytes match the input' '
	lparse -v --year 2025 "$G/syslog.log" >out 2>err &&
	grep -q " records=$(wc -l <out) " err &&
	grep -q " bytes=$(wc -c <"$G/syslog.log") " err
'

test_expect_success '-v on gzip counts the decompressed bytes' '
	gzip -c "$G/nginx.log" >n.gz && lparse -v n.gz >/dev/null 2>err &&
	grep -q " bytes=$(wc -c <"$G/nginx.log") gzip combined=4$" err
'

test_expect_success 'without -v, stderr stays empty' '
	lparse "$G/mixed.log" >out 2>err && ! test -s err
'

# --- exit codes ----------------------------------------------------------

test_expect_success 'exit 0 when all input was read' '
	test_status 0 lparse "$G/common.log" >/dev/null &&
	test_status 0 lparse </dev/null >/dev/null
'

test_expect_success 'exit 2 on a bad option, with the hint' '
	test_status 2 lparse --frobnicate 2>err && grep -q "Try .lparse --help." err
'
test_done
