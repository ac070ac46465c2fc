#!/bin/sh
# lstat --html: one self-contained page (no script, no external reference,
# a CSP), every string from the logs HTML-escaped (hostile user agents and
# paths), and a real browser renders it: headless Chromium takes a
# screenshot, reports no console error, and its DOM has no script element
# (skipped where Chromium is absent: Debian's package is chromium); with
# findings in the input, the security section, its chart and its hostile
# strings escaped too.
. "${0%/*}/lib.sh"

S=$DATA/samples

test_expect_success 'setup: the samples and a hostile access log' '
	lparse --templates $S/access.log $S/app.log $S/auth.log >recs.ndjson &&
	cat >evil.log <<-\EOF &&
	203.0.113.66 - - [23/Nov/2026:10:00:00 +0100] "GET /<script>alert(1)</script> HTTP/1.1" 500 12 "-" "<img src=x onerror=alert(2)>"
	203.0.113.66 - - [23/Nov/2026:10:00:01 +0100] "GET /\"><svg/onload=alert(3)> HTTP/1.1" 500 12 "-" "Mozilla</title><script>alert(4)</script>"
	203.0.113.66 - - [23/Nov/2026:10:00:02 +0100] "GET /a?x=1&y=<b>2</b> HTTP/1.1" 404 12 "-" "curl/8.0 '\''quoted'\''"
	EOF
	lparse evil.log >evil.ndjson
'

test_expect_success 'lstat --html FILE writes one page, nothing on stdout' '
	lstat --html report.html recs.ndjson >out &&
	test_line_count 0 out &&
	head -1 report.html | grep -x "<!DOCTYPE html>" &&
	tail -1 report.html | grep "</html>" &&
	for s in Summary Timeline Levels "Status codes" "Top sources" "Top IPs" "Top paths" \
		"Response time" "Error patterns" "Top error messages"; do
		grep -q "<h2>$s" report.html || { echo "no section $s"; exit 1; }
	done &&
	grep -q "<svg" report.html
'

test_expect_success 'the page is self-contained: no script, no external reference, a CSP' '
	! grep -i "<script" report.html &&
	! grep -iE "(src|href)=\"(https?:)?//" report.html &&
	! grep -i "@import\|url(" report.html &&
	grep -q "Content-Security-Policy\" content=\"default-src .none." report.html
'

test_expect_success 'hostile user agents and paths are escaped' '
	lstat --html evil.html evil.ndjson &&
	lstat --html ua.html --by user_agent evil.ndjson &&
	! grep -i "<script\|<img\|<svg/onload\|y=<b>2" evil.html ua.html &&
	grep -F "/&lt;script&gt;alert(1)&lt;/script&gt;" evil.html &&
	grep -F "&gt;&lt;svg/onload=alert(3)&gt;" evil.html &&
	grep -F "/a?x=1&amp;y=&lt;b&gt;2&lt;/b&gt;" evil.html &&
	grep -F "&lt;img src=x onerror=alert(2)&gt;" ua.html &&
	grep -F "Mozilla&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;" ua.html &&
	grep -F "curl/8.0 &#39;quoted&#39;" ua.html
'

test_expect_success 'findings give a security section; records alone give none' '
	! grep -q "<h2>Security" report.html && ! grep -q "findings by type" report.html &&
	lparse $S/access.log | lthreat --annotate >ann.ndjson &&
	lparse $S/auth.log | lbrute >brute.ndjson &&
	lparse $S/access.log | lthreat >thr.ndjson &&
	cat recs.ndjson ann.ndjson brute.ndjson thr.ndjson >sec.ndjson &&
	lstat --html sec.html sec.ndjson &&
	for s in Security "Findings by type" "Findings by severity" "Findings by type and severity" \
		"Top attacking IPs" "Top targeted paths" "Brute-force sources" "Brute-force users"; do
		grep -q "<h2>$s</h2>" sec.html || { echo "no section $s"; exit 1; }
	done &&
	grep -q "aria-label=\"findings by type and severity\"" sec.html &&
	grep -q "<rect x=\"300\" .* fill=\"#9e1b32\"/>" sec.html &&
	grep -F "<td class=\"s\">185.220.101.34</td><td class=\"n\">" sec.html &&
	lstat --json sec.ndjson >sec.json &&
	n=$(jq .security.findings sec.json) && test "$n" -gt 0 &&
	grep -F "<div>findings<b>$n</b></div>" sec.html &&
	lstat --html only.html --only security sec.ndjson &&
	grep -q "<h2>Security</h2>" only.html && ! grep -q "<h2>Summary</h2>" only.html
'

test_expect_success 'hostile strings in threat fields are escaped in the security section' '
	cat >evilsec.ndjson <<-\EOF &&
	{"timestamp":"2026-11-23T10:00:00Z","level":"INFO","source":"a","format":"combined","message":"m","ip":"<img src=x onerror=alert(5)>","path":"/<svg/onload=alert(6)>?q=1","threats":[{"type":"<script>alert(7)</script>","severity":"high","rule":"r","field":"path"}]}
	{"type":"x\"><script>alert(8)</script>","severity":"critical","timestamp":"2026-11-23T10:00:01Z","ip":"10.0.0.1","user":"</td><script>alert(9)</script>","attempts":5,"window":"5m","reason":"r"}
	{"type":"error_spike</title><b>","severity":"low","timestamp":"2026-11-23T10:00:02Z","source":"s","observed":5,"expected":1,"reason":"r"}
	EOF
	lstat --html evilsec.html evilsec.ndjson &&
	grep -q "<h2>Security</h2>" evilsec.html &&
	! grep -i "<script\|<img\|<svg/onload\|</title><b>" evilsec.html &&
	grep -F "&lt;script&gt;alert(7)&lt;/script&gt;" evilsec.html &&
	grep -F "&lt;img src=x onerror=alert(5)&gt;" evilsec.html &&
	grep -F "/&lt;svg/onload=alert(6)&gt;" evilsec.html &&
	grep -F "x&quot;&gt;&lt;script&gt;alert(8)&lt;/script&gt;" evilsec.html &&
	grep -F "&lt;/td&gt;&lt;script&gt;alert(9)&lt;/script&gt;" evilsec.html &&
	grep -F "error_spike&lt;/title&gt;&lt;b&gt;" evilsec.html
'

test_expect_success '--html - writes the page on stdout; usage errors' '
	lstat --html - recs.ndjson >page && cmp page report.html &&
	test_status 2 lstat --html x.html --partial recs.ndjson 2>err &&
	grep "^lstat: --html" err &&
	test_status 2 lstat --html /nonexistent/dir/x.html recs.ndjson 2>err &&
	grep "^lstat: /nonexistent/dir/x.html: " err
'

CHROMIUM=
for c in chromium chromium-browser google-chrome; do
	command -v $c >/dev/null && { CHROMIUM=$c; break; }
done

# chrome FLAGS...: headless Chromium with a fresh profile, no network services.
chrome() {
	rm -rf "$TRASH/profile"
	timeout 60 $CHROMIUM --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage \
		--user-data-dir="$TRASH/profile" "$@"
}

if [ -z "$CHROMIUM" ]; then
	test_skip "headless Chromium renders the report" "chromium is not installed (Debian: apt-get install chromium)"
	test_skip "headless Chromium renders the security section" "chromium is not installed"
	test_skip "headless Chromium: no script runs from the hostile page" "chromium is not installed"
else
	test_expect_success 'headless Chromium renders the report: a screenshot, no console error' '
		chrome --window-size=1280,2400 --screenshot="$TRASH/shot.png" \
			--enable-logging=stderr --v=0 "file://$TRASH/report.html" >log 2>&1 &&
		test -s shot.png &&
		test $(wc -c <shot.png) -gt 20000 &&
		head -c 8 shot.png | od -An -c | grep -q "P   N   G" &&
		! grep -i "CONSOLE\|Uncaught\|Refused to" log
	'
	test_expect_success 'headless Chromium renders the security section: a screenshot, no console error' '
		chrome --window-size=1280,2400 --screenshot="$TRASH/sec.png" \
			--enable-logging=stderr --v=0 "file://$TRASH/only.html" >log 2>&1 &&
		test -s sec.png && test $(wc -c <sec.png) -gt 20000 &&
		head -c 8 sec.png | od -An -c | grep -q "P   N   G" &&
		! grep -i "CONSOLE\|Uncaught\|Refused to" log &&
		chrome --dump-dom "file://$TRASH/evilsec.html" >dom 2>log &&
		grep -q "<h2>Security</h2>" dom &&
		! grep -i "<script\|<img\|<svg/onload" dom &&
		grep -F "&lt;script&gt;alert(7)&lt;/script&gt;" dom
	'
	test_expect_success 'headless Chromium: no script runs from the hostile page' '
		chrome --dump-dom "file://$TRASH/evil.html" >dom 2>log &&
		grep -q "<h2>Top paths" dom &&
		! grep -i "<script\|<img\|<svg/onload" dom &&
		grep -F "&lt;script&gt;alert(1)&lt;/script&gt;" dom &&
		chrome --dump-dom "file://$TRASH/ua.html" >dom 2>log &&
		grep -q "<h2>By user_agent" dom &&
		! grep -i "<script\|<img" dom &&
		grep -F "&lt;img src=x onerror=alert(2)&gt;" dom
	'
fi

test_done
