#!/bin/sh
# Shell completions (completions/): bash completes every long option of
# each program's --help, and values (formats, fields, sections, colours);
# the zsh function builds a spec for every option, with the same values.
. "${0%/*}/lib.sh"

C=$TOP/completions
PROGS="lparse lfilter lstat lthreat lbrute lanomaly"

# bash_complete WORD...: the completions bash offers for the last word.
bash_complete() {
	bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_ltools
		printf "%s\n" "${COMPREPLY[@]}"
	' - "$C/ltools.bash" "$@"
}

command -v bash >/dev/null || skip_all "bash is not installed"

for p in $PROGS; do
	test_expect_success "bash: $p completes every long option of its --help" "
		$p --help | grep -E '^ +-' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u >want &&
		bash_complete $p -- | sort -u >got &&
		comm -23 want got >missing &&
		test_line_count 0 missing
	"
done

test_expect_success 'bash: option values' '
	bash_complete lparse -F sys >got && grep -x syslog got &&
	bash_complete lparse -F "" >got && grep -x combined got && grep -x rfc5424 got &&
	bash_complete lfilter -o tim >got && grep -x timestamp got &&
	bash_complete lfilter -o timestamp,le >got && grep -x timestamp,level got &&
	bash_complete lstat --only sum >got && grep -x summary got &&
	bash_complete lanomaly -t error_spike,sil >got && grep -x error_spike,silence got &&
	bash_complete lthreat --color "" >got && test_line_count 3 got &&
	bash_complete lbrute --color=al >got && grep -x always got &&
	bash_complete lthreat --format "" >got && grep -x text got && grep -x json got
'

# The sections lstat --only takes, from its own message, one a line.
lstat_sections() {
	lstat --only nosuch </dev/null 2>&1 | sed -n 's/.*unknown section .nosuch. (\(.*\)).*/\1/p' |
		tr -d ' ' | tr , '\n' | sort
}

test_expect_success 'bash and zsh offer exactly the sections lstat --only takes' '
	lstat_sections >want &&
	test_line_count 9 want &&
	bash_complete lstat --only "" | sort >got &&
	test_cmp want got &&
	sed -n "s/.*_values -s , section \(.*\)'"'"' ;;/\1/p" "$C/_ltools" | tr " " "\n" | sort >got &&
	test_cmp want got
'

test_expect_success 'bash: an option without a value is followed by files' '
	: >somefile.log &&
	bash_complete lparse -r some >got && grep -x somefile.log got
'

if command -v zsh >/dev/null; then
	for p in $PROGS; do
		test_expect_success "zsh: $p gets a spec for every long option" "
			zsh -c '_arguments() { print -l -- \"\$@\" }; _files() { }; service=$p; . $C/_ltools' >specs &&
			$p --help | grep -E '^ +-' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u >want &&
			sed -n 's/^\\(([^)]*)\\)\\{0,1\\}\\(--[a-z][a-z0-9-]*\\)\\[.*/\\2/p' specs | sort -u >got &&
			comm -23 want got >missing &&
			test_line_count 0 missing
		"
	done
	test_expect_success 'zsh: values for formats, colours, fields' '
		zsh -c "_arguments() { print -l -- \"\$@\" }; _files() { }; service=lparse; . $C/_ltools" >specs &&
		grep -- "^(-F --format)--format\[.*:format:(.* combined .* syslog" specs &&
		zsh -c "_arguments() { print -l -- \"\$@\" }; _files() { }; service=lthreat; . $C/_ltools" >specs &&
		grep -- "^--color\[.*:when:(auto always never)$" specs &&
		zsh -c "_arguments() { print -l -- \"\$@\" }; _files() { }; service=lfilter; . $C/_ltools" >specs &&
		grep -- "--fields\[.*:fields:_values -s , field timestamp level" specs
	'
else
	test_skip "zsh completion" "zsh is not installed"
fi

test_done
