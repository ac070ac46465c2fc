#!/bin/sh
# Every program on hostile files (issue 9): truncated and corrupt gzip,
# a missing file, a directory, a read error, a FIFO, an unreadable file,
# a file removed or truncated while read.  One-line errors, status 2, the
# other inputs still read.
. "${0%/*}/lib.sh"
. "$TESTS_DIR/hostile.sh"

# Gzip: truncated, corrupt, magic only.
for p in $PROGS; do
	f=$(input_for $p)
	gzip -c $f >$p.gz
	size=$(wc -c <$p.gz)
	head -c $((size - 8)) $p.gz >$p-trunc.gz
	{ head -c 20 $p.gz; printf 'garbage garbage garbage'; tail -c +44 $p.gz; } >$p-corrupt.gz
	test_expect_success "$p: a truncated gzip: one-line error, status 2" "
		run $p $p-trunc.gz && test \$st -eq 2 && check_run $p &&
		test_line_count 1 err && grep -q '^$p: $p-trunc.gz' err && test_json_lines out
	"
	test_expect_success "$p: a corrupt gzip: one-line error, status 2" "
		run $p $p-corrupt.gz && test \$st -eq 2 && check_run $p &&
		test_line_count 1 err && grep -q '^$p: $p-corrupt.gz' err && test_json_lines out
	"
	# zero padding after the last member (tape and block tools): gzip -d
	# ignores it, and so do we, across reads (100000 zeros); a byte that
	# is not zero after it is still trailing garbage.
	mkdir -p padded && { cat $p.gz; head -c 100000 /dev/zero; } >padded/$p.gz
	{ cat $p.gz; head -c 512 /dev/zero; printf x; } >$p-padgarbage.gz
	test_expect_success "$p: a gzip padded with zeros reads as the plain file, status 0" "
		gzip -dc padded/$p.gz >/dev/null &&
		run $p $p.gz && mv out want &&
		run $p padded/$p.gz && test \$st -eq 0 && check_run $p &&
		test_line_count 0 err && test -s out && test_cmp want out
	"
	test_expect_success "$p: zeros then a byte after gzip: trailing garbage, status 2" "
		run $p $p-padgarbage.gz && test \$st -eq 2 && check_run $p &&
		test_line_count 1 err && grep -q '^$p: $p-padgarbage.gz: trailing garbage' err &&
		test_json_lines out
	"
done
printf '\037\213' >magic.gz
hostile 'gzip magic alone' magic.gz

# Files that are not there, not files, or not readable.
mkdir adir
for p in $PROGS; do
	f=$(input_for $p)
	test_expect_success "$p: a missing file among others: one-line error, the rest read, status 2" "
		run $p gone.ndjson $f && test \$st -eq 2 && check_run $p &&
		test_line_count 1 err && grep -q '^$p: gone.ndjson: No such file' err
	"
	test_expect_success "$p: a directory as a file: one-line error, status 2" "
		run $p adir && test \$st -eq 2 && check_run $p && test_line_count 1 err &&
		grep -q '^$p: adir: .*[Dd]irectory' err
	"
	test_expect_success "$p: a read error (EIO from /proc/self/mem): one-line error, status 2" "
		run $p /proc/self/mem && test \$st -eq 2 && check_run $p && test_line_count 1 err
	"
	test_expect_success "$p: a FIFO is read like a pipe" "
		rm -f fifo && mkfifo fifo && { cat $f >fifo & } &&
		run $p fifo && check_run $p && test_json_lines out && test -s out
	"
done
# Root reads everything, so drop to nobody for the permission test.
chmod 000 raw.log 2>/dev/null
cp rec.ndjson locked.ndjson && chmod 000 locked.ndjson
if [ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null; then
	as_user=
	[ "$(id -u)" -eq 0 ] && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	chmod 755 "$TRASH"
	for p in $PROGS; do
		test_expect_success "$p: an unreadable file: one-line error, status 2" "
			run $as_user $LTOOLS_BIN/$p locked.ndjson && test \$st -eq 2 && check_run $p &&
			test_line_count 1 err && grep -q '^$p: locked.ndjson: Permission denied' err
		"
	done
else
	test_skip 'unreadable files' 'running as root without setpriv'
fi
chmod 644 raw.log

# A file that vanishes: removed after the program opened it (still read
# whole), and one truncated under the reader (copytruncate): no crash.
awk 'BEGIN { for (i = 0; i < 300000; i++) print "{\"message\":\"m" i "\",\"level\":\"INFO\"}" }' >grow.ndjson
for p in $PROGS; do
	test_expect_success "$p: a file removed and one truncated while read: no crash" "
		cp grow.ndjson v.ndjson && cp grow.ndjson w.ndjson &&
		{ sleep 0.2; rm -f v.ndjson; : >w.ndjson; } &
		run $p v.ndjson w.ndjson; wait; check_run $p
	"
done

test_done
