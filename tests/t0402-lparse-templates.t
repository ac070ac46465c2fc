#!/bin/sh
# lparse --templates: "template" and "template_id" mined over messages,
# their place in the record, stable ids, the bound; and scripts/template-ga,
# the grouping-accuracy scorer, on the labelled fixtures.
. "${0%/*}/lib.sh"

cat >auth.log <<'IN'
Nov 23 10:00:01 gw sshd[101]: Failed password for root from 203.0.113.1 port 50122 ssh2
Nov 23 10:00:02 gw sshd[102]: Failed password for admin from 203.0.113.2 port 50123 ssh2
Nov 23 10:00:03 gw sshd[103]: Connection closed by 203.0.113.3 port 50124 [preauth]
Nov 23 10:00:04 gw sshd[104]: Failed password for bob from 2001:db8::1 port 22 ssh2
Nov 23 10:00:05 gw sshd[105]: Connection closed by 203.0.113.9 port 1 [preauth]
IN

test_expect_success 'template and template_id on every record' '
	lparse --templates auth.log >out && test_json_lines out &&
	test "$(jq -r .template out | sed -n 4p)" = "Failed password for <*> from <IP> port <NUM> ssh2" &&
	test "$(jq -r .template out | sed -n 5p)" = "Connection closed by <IP> port <NUM> [preauth]" &&
	test "$(jq -r .template_id out | sort -u | wc -l)" = 2 &&
	test "$(jq -r .template_id out | sed -n 1p)" = "$(jq -r .template_id out | sed -n 4p)"
'

test_expect_success 'ids have 16 hex digits and are the same in every run' '
	lparse --templates auth.log | jq -r .template_id >a &&
	lparse --templates auth.log | jq -r .template_id >b &&
	test_cmp a b && ! grep -vqE "^[0-9a-f]{16}$" a
'

test_expect_success 'the fields come after the format fields, before line and raw' '
	lparse --templates -n --raw auth.log | head -1 | jq -r "keys_unsorted | join(\",\")" >keys &&
	echo "timestamp,level,source,format,message,hostname,process,pid,template,template_id,line,raw" >expect &&
	test_cmp expect keys
'

test_expect_success 'without --templates there are none' '
	lparse auth.log >out && ! grep -q template out
'

test_expect_success 'one miner across inputs: the same template id in two files' '
	sed -n 1p auth.log >one.log && sed -n 2p auth.log >two.log &&
	lparse --templates one.log two.log | jq -r .template_id | sort -u >ids &&
	test_line_count 1 ids
'

test_expect_success 'a Python record keeps its template before the traceback' '
	printf "%s\n" "2026-11-23 10:15:32,123 ERROR app.db query 42 failed" \
		"Traceback (most recent call last):" "  File \"x.py\", line 1, in <module>" "ValueError: x" >app.log &&
	lparse --templates app.log >out && test_line_count 1 out &&
	test "$(jq -r .template out)" = "query <NUM> failed" &&
	jq -r "keys_unsorted | join(\",\")" out | grep -q "template,template_id,traceback$"
'

test_expect_success '--max-templates bounds the clusters (least recently seen dropped)' '
	lparse --templates --max-templates 1 auth.log | jq -r .template_id >ids &&
	test "$(sed -n 1p ids)" != "$(sed -n 4p ids)" &&
	test_status 2 lparse --templates --max-templates 0 auth.log 2>err &&
	test_status 2 lparse --templates --max-templates x auth.log 2>err
'

test_expect_success 'hostile messages: binary, NULs, escapes, a long line' '
	head -c 100000 /dev/urandom >junk.log &&
	awk "BEGIN { for (i = 0; i < 100000; i++) printf \"w%d \", i; print \"\" }" >>junk.log &&
	lparse --templates -F raw junk.log >out && test_json_lines out
'

test_expect_success 'template-ga: mean grouping accuracy on the fixtures is at least 0.90' '
	"$TOP"/scripts/template-ga --min 0.90 "$DATA"/templates/*.tsv >ga &&
	cat ga | sed "s/^/# /" >&3 &&
	grep -q "^mean .* GA " ga && test "$(grep -c " GA " ga)" = "$(($(ls "$DATA"/templates/*.tsv | wc -l) + 1))"
' 3>&1

test_expect_success 'template-ga: the score is right on a known grouping' '
	printf "template\tmessage\nA <*>\tA 1\nA <*>\tA 2\nB\tB\nC <*>\tC x\nC <*>\tC y\n" >t.tsv &&
	printf "1\n1\n2\n3\n4\n" >pred &&
	"$TOP"/scripts/template-ga --miner "cat $PWD/pred" t.tsv >ga &&
	grep -q "^t.tsv .* GA 0.600 " ga &&
	printf "1\n1\n1\n3\n3\n" >pred &&
	"$TOP"/scripts/template-ga --miner "cat $PWD/pred" t.tsv >ga &&
	grep -q "^t.tsv .* GA 0.400 " ga &&
	test_must_fail "$TOP"/scripts/template-ga --min 0.5 --miner "cat $PWD/pred" t.tsv >ga
'

test_expect_success 'template-ga reads Loghub structured CSV (quoted fields)' '
	cat >x_structured.csv <<-\CSV &&
	LineId,Date,Content,EventId,EventTemplate
	1,a,"Got 3 items, ok",E1,"Got <*> items, ok"
	2,b,"Got 7 items, ok",E1,"Got <*> items, ok"
	3,c,"say ""hi"" now",E2,"say <*> now"
	CSV
	"$TOP"/scripts/template-ga x_structured.csv >ga &&
	grep -q "GA 1.000  (3 lines, 2 true templates, 2 found)" ga
'

test_done
