#!/bin/sh
# The manual: every program has a page, every page is mandoc-lint clean
# and has EXAMPLES, and the record format page lists every key lparse writes.
. "${0%/*}/lib.sh"

command -v mandoc >/dev/null || skip_all "mandoc is not installed (scripts/install-deps installs it)"

for m in "$TOP"/man/*.[0-9]; do
	name=${m##*/}
	test_expect_success "$name is mandoc-lint clean" "
		mandoc -T lint -W warning '$m'
	"
	test_expect_success "$name has EXAMPLES and SEE ALSO" "
		grep -q '^\.Sh EXAMPLES' '$m' && grep -q '^\.Sh SEE ALSO' '$m'
	"
done

for p in $(cd "$LTOOLS_BIN" && ls); do
	test_expect_success "$p has a manual page" "
		test -f '$TOP/man/$p.1'
	"
done

test_expect_success 'ltools(7) documents every key lparse writes on the samples' '
	lparse -n --raw "$DATA"/samples/* >recs &&
	jq -r "keys_unsorted[]" <recs | sort -u >keys &&
	while read -r k; do
		case $k in sd.*) continue ;; esac
		grep -qE "Cm $k([^a-z_]|\$)" "$TOP/man/ltools.7" ||
			{ echo "undocumented key: $k"; exit 1; }
	done <keys
'
test_done
