# bash completion for iqtools: iqcat, iqgrep, iqpick, iqfmt, iqdue, iqquiz.
# Installed as share/bash-completion/completions/iqcat, with the other five
# names linked to it (bash-completion loads a file by the command's name).
#
# Options of every program; values of -t/--to (iqfmt), --color, of
# -s/--section (iqgrep: the built-in catalogue's sections, regex-escaped
# since -s takes a pattern, and quoted for the shell) and of --per, -F and
# -f (field names), both asked of iqcat when completing; file names for
# the options that take a file and for operands.

# The sections of the built-in catalogue, one a line, regex-escaped.
_iqtools_sections()
{
	command -v iqcat > /dev/null 2>&1 && command -v iqfmt > /dev/null 2>&1 || return 0
	iqcat 2> /dev/null | iqfmt -f '{section}' 2> /dev/null |
		awk 'NF && !seen[$0]++' | sed 's/[][\\^$.|?*+(){}]/\\&/g'
}

# The field names of a record, one a line.
_iqtools_fields()
{
	command -v iqcat > /dev/null 2>&1 || return 0
	iqcat 2> /dev/null | head -n 1 | grep -oE '"([^"\\]|\\.)*":' | sed 's/^"//; s/":$//'
}

# $1 as one shell word: as it is when it holds nothing the shell reads
# specially, else in single quotes.
_iqtools_quote()
{
	case $1 in
	*[[:space:]\\\'\"\$\`\(\)\<\>\|\&\;\*\?\[\]\{\}\~\#\!=]*)
		printf "'%s'\n" "${1//\'/\'\\\'\'}" ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# COMPREPLY: the lines of stdin that start with $1 (a leading quote
# dropped), each quoted for the shell, after the prefix $2.
_iqtools_values()
{
	local want=${1#[\'\"]} v
	while IFS= read -r v; do
		[[ $v == "$want"* ]] && COMPREPLY+=("$2$(_iqtools_quote "$v")")
	done
}

_iqtools()
{
	local cmd=${COMP_WORDS[0]##*/} cur=${COMP_WORDS[COMP_CWORD]} prev= opt= attached=1
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	# --opt=value: bash splits the word at "=" (see COMP_WORDBREAKS).
	if [[ $cur == = ]]; then
		opt=$prev cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*} cur=${cur#*=}
	else
		opt=$prev attached=0
	fi

	local opts args
	case $cmd in
	iqcat)
		opts='-a --all -b --builtin --links --check --color --line-buffered --help --version'
		args= ;;
	iqgrep)
		opts='-c --count -F --fixed-strings -i --ignore-case -q --quiet -v --invert-match
		      -w --word-regexp -x --whole-field -e --regexp -f --field -m --max-count
		      -s --section -t --topic -X --exclude-ids --id --ids --line-buffered --color
		      --no-prefilter --help --version'
		args='-e --regexp -f --field -m --max-count -s --section -t --topic -X --exclude-ids --id --ids' ;;
	iqpick)
		opts='-r --replace -n --count --seed --daily --per --keep-order --line-buffered --color
		      --help --version'
		args='-n --count --seed --per' ;;
	iqfmt)
		opts='-t --to -F --fields -f --template -w --width --color --line-buffered --deck --lang
		      --spreadsheet --help --version'
		args='-t --to -F --fields -f --template -w --width --deck --lang' ;;
	iqdue)
		opts='-n --count --new --all --now --retention --by --target -l --log --help --version'
		args='-n --count --new --now --retention --by --target -l --log' ;;
	iqquiz)
		opts='--keys --now -l --log --color --help --version'
		args='--keys --now -l --log' ;;
	*) return 0 ;;
	esac

	# Is cur the value of opt?  Always after "=", and after a separate
	# option only when that option takes an argument.
	if ((attached)) || [[ " ${args//[[:space:]]/ } " == *" $opt "* ]]; then
		case $cmd:$opt in
		iqfmt:-t | iqfmt:--to)
			COMPREPLY=($(compgen -W 'text markdown csv tsv html json jsonl summary anki' -- "$cur")) ;;
		*:--color)
			COMPREPLY=($(compgen -W 'always yes force never no none auto tty if-tty' -- "$cur")) ;;
		iqgrep:-s | iqgrep:--section)
			_iqtools_values "$cur" '' < <(_iqtools_sections) ;;
		iqfmt:-F | iqfmt:--fields)
			# a comma-separated list: complete its last element
			local head=
			[[ $cur == *,* ]] && head=${cur%,*},
			_iqtools_values "${cur##*,}" "$head" < <(_iqtools_fields)
			compopt -o nospace 2> /dev/null ;;
		iqpick:--per | iqgrep:-f | iqgrep:--field)
			_iqtools_values "$cur" '' < <(_iqtools_fields) ;;
		iqgrep:-X | iqgrep:--exclude-ids | iqgrep:--ids | iqdue:-l | iqdue:--log | \
		iqquiz:-l | iqquiz:--log | iqquiz:--keys)
			compopt -o filenames 2> /dev/null
			COMPREPLY=($(compgen -f -- "$cur")) ;;
		esac
		return 0
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		compopt -o filenames 2> /dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
	return 0
}

complete -F _iqtools iqcat iqgrep iqpick iqfmt iqdue iqquiz
