#!/bin/sh
# make install puts programs, pages and completions under DESTDIR/PREFIX;
# make uninstall takes them all away again.
. "${0%/*}/lib.sh"

command -v make >/dev/null || skip_all "make is not installed"
build=${LTOOLS_TESTBIN:+${LTOOLS_TESTBIN%/tests}}
# (paths hold no spaces)
mk="make -s -C $TOP OUT=$LTOOLS_BIN ${build:+BUILD=$build} DESTDIR=$TRASH/inst PREFIX=/opt/lt"

test_expect_success 'make install: programs, manual pages, completions' '
	$mk install >out 2>&1 &&
	for p in $(cd "$LTOOLS_BIN" && ls); do
		test -x inst/opt/lt/bin/$p &&
		test -f inst/opt/lt/share/man/man1/$p.1 &&
		test -f inst/opt/lt/share/bash-completion/completions/$p || exit 1
	done &&
	test -f inst/opt/lt/share/man/man7/ltools.7 &&
	test -f inst/opt/lt/share/zsh/site-functions/_ltools &&
	inst/opt/lt/bin/lparse --version | grep -q "^lparse (ltools) "
'
test_expect_success 'make uninstall leaves no file behind' '
	$mk uninstall >out 2>&1 &&
	test -z "$(find inst -type f)"
'
test_done
