# bash completion for ltools: lparse lfilter lstat lthreat lbrute lanomaly.
#
# Options come from the program's own --help (so they never drift from
# it); values are completed for formats, fields, sections, detectors,
# colours and durations.  Install this file as each program's name under
# /usr/share/bash-completion/completions/ (or source it from ~/.bashrc).

# Fields of the record format, ltools(7), and of findings.
_ltools_fields="timestamp level source format message hostname process pid facility
severity ip user method path protocol status size referer user_agent response_time
vhost module traceback template template_id line raw type rule field match event
service threats"

_ltools_options()
{
	local prog=$1
	"$prog" --help 2>/dev/null | grep -E '^ +-' |
		grep -oE -- '(^|[ ,])-(-[a-z][a-z0-9-]*|[a-zA-Z])' | sed 's/^[ ,]*//' | sort -u
}

_ltools()
{
	local cur prev prog words cword
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	prog=${COMP_WORDS[0]##*/}
	local values=""
	local list=""   # comma-separated list value

	# --opt=value
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi

	case $prog:$prev in
	*:--color|*:--colour)
		values="auto always never" ;;
	lparse:-F|lparse:--format)
		values=$("$prog" --list-formats 2>/dev/null | awk -F '  +' '{ print $1; print $2 }' | tr ' ' '\n' | sort -u) ;;
	lparse:--tz)
		values="UTC +00:00 +01:00 -05:00" ;;
	lstat:-f|lstat:--format)
		values="text json tsv" ;;
	lthreat:--format|lbrute:--format|lanomaly:--format)
		values="text json" ;;
	lfilter:-l|lfilter:--level)
		values="DEBUG INFO WARNING ERROR CRITICAL >=WARNING >=ERROR" ;;
	lfilter:--in|lfilter:--key|lstat:-b|lstat:--by)
		values=$_ltools_fields; list=1 ;;
	lfilter:-o|lfilter:--fields)
		values=$_ltools_fields; list=1 ;;
	lfilter:-w|lfilter:--where)
		values=$(printf '%s= ' $_ltools_fields; printf 'has:%s ' $_ltools_fields) ;;
	lfilter:-p|lfilter:--print)
		values="'{timestamp} {level} {source}: {message}'" ;;
	lstat:-o|lstat:--only)
		values="summary sources errors http ips timeline by security all"; list=1 ;;
	lanomaly:-t|lanomaly:--type)
		values="error_spike volume_spike silence new_template suspicious_ip"; list=1 ;;
	lanomaly:--mode)
		values="baseline fixed" ;;
	*:--bucket|lanomaly:-b|lbrute:-w|*:--window|*:--since|*:--until|*:--lag|*:--silence|*:--learn)
		values="30s 1m 5m 15m 1h 1d" ;;
	lthreat:-r|*:--rules|*:--baseline|*:--html)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	lfilter:-x|lfilter:--exec)
		COMPREPLY=($(compgen -c -- "$cur"))
		return ;;
	*:--glob|*:--source|lfilter:-s|lfilter:-q|*:--grep|lfilter:-e|*:--regex|*:--ip|\
	*:--ignore|lfilter:-n|lstat:-n|*:--top|*:--limit|*:--last|*:--multi|lthreat:-m|\
	*:--max-*|*:--threshold|lbrute:-t|*:--spray-users|\
	*:--distributed-ips|*:--subnet|*:--login-path|*:--shard|*:--year|*:--exec-rate|\
	*:--min-*|*:--max-p|*:--ip-*|*:--errors|*:--silence-expected)
		# a value of the user's own
		return ;;
	esac

	if [[ -n $values ]]; then
		if [[ -n $list && $cur == *,* ]]; then
			local head=${cur%,*},
			COMPREPLY=($(compgen -P "$head" -W "$values" -- "${cur##*,}"))
		else
			COMPREPLY=($(compgen -W "$values" -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_ltools_options "$prog")" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}

complete -o filenames -o bashdefault -F _ltools lparse lfilter lstat lthreat lbrute lanomaly
