#!/bin/sh
# lparse --progress (issue 8): on a terminal (a pty made by script(1)) a
# line of progress through each file that overwrites itself and is erased
# at the end and before any message; records byte for byte the same as
# without it; nothing when stderr is not a terminal, with -f, or on a pipe.
. "${0%/*}/lib.sh"

command -v script >/dev/null || skip_all "script(1) (util-linux) is not installed"

# pty CMD: CMD with stdin, stdout and stderr on a pseudo-terminal of 70
# columns; what the terminal showed goes to tty.
pty() {
	script -qfec "stty cols 70; $1" /dev/null </dev/null >tty
}

# 80 MB of text as 40 gzip members of 2 MB, cheap to make, read with
# --templates (4 times the work per line): close to a second of CPU here,
# so well over the 100 ms before a first line on a much faster machine.
yes '2026-11-23T10:15:32Z host app[12]: an ordinary log message with some words in it' |
	head -c 2000000 | gzip -c >chunk.gz
for i in $(seq 40); do cat chunk.gz; done >big.gz
lparse --templates big.gz | cksum >want.sum

# lines: the pieces of tty between carriage returns, one a line
lines() { tr '\r' '\n' <tty | sed '/^$/d'; }

test_expect_success 'on a terminal: progress lines, then erased; the records the same' '
	pty "lparse --templates --progress big.gz | cksum >got.sum" &&
	test_cmp want.sum got.sum &&
	lines >shown &&
	grep -q "^big.gz: [0-9.]* [kMG]*B of [0-9.]* kB ([0-9]*%), [0-9.]*[kM]* records/s, [0-9:-]* left.\[K$" shown &&
	test "$(tail -c 4 tty | od -An -c | tr -d " ")" = "\r033[K"
'

test_expect_success 'every line overwrites the one before, fits the terminal; ten a second at most' '
	start=$(date +%s%N) &&
	pty "lparse --templates --progress big.gz >/dev/null" &&
	ms=$(( ($(date +%s%N) - start) / 1000000 )) &&
	lines >shown &&
	n=$(grep -c records/s shown) && echo "$n lines in $ms ms" &&
	test "$n" -ge 2 && test "$n" -le $((ms / 100 + 2)) &&
	! grep -v ".\[K$" shown &&
	sed "s/.\[K$//" shown | awk "length > 69 { bad = 1 } END { exit bad }" &&
	test "$(tr -cd "\n" <tty | wc -c)" = 0
'

test_expect_success 'a message in the middle starts on a clean line' '
	pty "lparse --templates --progress big.gz missing.log chunk.gz >/dev/null; echo status \$?" &&
	grep -q "status 2" tty &&
	tr "\r" "\n" <tty | grep -q "^$(printf "\033")\[Klparse: missing.log: No such file or directory$"
'

test_expect_success 'stdin redirected from a file has a size: progress shown' '
	pty "lparse --templates --source big --progress <big.gz | cksum >got.sum" &&
	test_cmp want.sum got.sum &&
	lines | grep -q "^(stdin): .* records/s"
'

test_expect_success 'nothing on a pipe, with -f, or when stdout is the terminal too' '
	pty "cat big.gz | lparse --templates --source big --progress | cksum >got.sum" &&
	test_cmp want.sum got.sum && ! grep -q records/s tty &&
	for i in 1 2 3 4 5; do cat chunk.gz; done >mid.gz && gzip -dc mid.gz >mid.log &&
	pty "timeout -s INT 1 lparse -f --from-start --progress -F raw mid.log >out; true" &&
	test -s out && ! grep -q records/s tty &&
	pty "lparse --progress -F raw mid.gz" &&
	grep -q "an ordinary log message" tty && ! grep -q records/s tty
'

test_expect_success 'stderr not a terminal: --progress is a no-op, records the same' '
	lparse --templates --progress big.gz 2>err | cksum >got.sum &&
	test_cmp want.sum got.sum && test_line_count 0 err
'
test_done
