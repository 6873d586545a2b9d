#!/bin/sh
# The completions of completions/ loaded in their shells: bash (complete -p,
# then the function called with a simulated COMP_WORDS and COMP_CWORD),
# zsh (a real interactive zsh on a pseudo-terminal: type, Tab, read the
# line back) and fish (complete -C).  Each checks options, -t formats,
# --color words, sections (regex-escaped, quoted, CJK) and field names;
# a shell that is not installed is skipped.
. "$(dirname "$0")/lib.sh"
COMP=$TESTS/../completions

# ---- bash ----

if command -v bash >/dev/null; then
	cat > "$W/comp.bash" <<'EOF'
source "$COMP/iqtools.bash"
Q=\'
# comp WORD...: COMPREPLY for the last word, one a line in brackets.
comp() {
	COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMP_LINE="$*" COMPREPLY=()
	_iqtools
	printf '[%s]\n' "${COMPREPLY[@]}"
}
EOF
	export COMP
	b() { # NAME 'BASH COMMANDS' <<EXPECTED
		printf '. ./comp.bash\n%s\n' "$2" > "$W/case.bash"
		t "bash: $1" 0 'bash --norc --noprofile case.bash' ''
	}
	b 'complete -p names the function for all six' 'for p in iqcat iqgrep iqpick iqfmt iqdue iqquiz; do complete -p $p; done' <<'EOF'
complete -F _iqtools iqcat
complete -F _iqtools iqgrep
complete -F _iqtools iqpick
complete -F _iqtools iqfmt
complete -F _iqtools iqdue
complete -F _iqtools iqquiz
EOF
	b 'every section, regex-escaped and quoted' 'comp iqgrep -s ""' <<'EOF'
[大模型基础]
['Transformer 和 Attention']
[强化学习相关]
['Retrieval Augmented Generation \(RAG\)相关']
[训练优化]
[模型压缩]
[疑难问题]
[大模型开源框架]
[知乎参考]
EOF
	b 'a section by its prefix, and after a quote' 'comp iqgrep --section Retr; comp iqgrep -s "${Q}Tr"' <<'EOF'
['Retrieval Augmented Generation \(RAG\)相关']
['Transformer 和 Attention']
EOF
	b 'a CJK section, also after --section=' 'comp iqgrep -s 大模型开; comp iqgrep --section = 强' <<'EOF'
[大模型开源框架]
[强化学习相关]
EOF
	b 'iqgrep -t is the topic: no formats there' 'comp iqgrep -t s' <<'EOF'
[]
EOF
	b 'formats of iqfmt -t and --to=' 'comp iqfmt -t s; comp iqfmt --to = a; comp iqfmt -t j' <<'EOF'
[summary]
[anki]
[json]
[jsonl]
EOF
	b '--color words' 'comp iqpick --color = ""' <<'EOF'
[always]
[yes]
[force]
[never]
[no]
[none]
[auto]
[tty]
[if-tty]
EOF
	b 'field names for --per, -f and the last of a -F list' 'comp iqpick --per t; comp iqgrep -f u; comp iqfmt -F id,se' <<'EOF'
[topic]
[title]
[url]
[id,section]
EOF
	b 'options of each program' 'comp iqcat --l; comp iqgrep --ig; comp iqgrep --id; comp iqpick --k; comp iqfmt --d; comp iqdue --re; comp iqquiz --k; comp iqfmt --s' <<'EOF'
[--links]
[--line-buffered]
[--ignore-case]
[--id]
[--ids]
[--keep-order]
[--deck]
[--retention]
[--keys]
[--spreadsheet]
EOF
	b 'every option of iqdue' 'comp iqdue -' <<'EOF'
[-n]
[--count]
[--new]
[--all]
[--now]
[--retention]
[--by]
[--target]
[-l]
[--log]
[--help]
[--version]
EOF
	b 'no sections when iqcat is not on PATH' 'PATH=/nonexistent; comp iqgrep -s ""; comp iqpick --per ""' <<'EOF'
[]
[]
EOF
	b 'file names for operands and file options' ': > notes.md; comp iqcat no; comp iqdue -l no' <<'EOF'
[notes.md]
[notes.md]
EOF
	b 'a value with a quote is quoted' '_iqtools_quote "it${Q}s (x)"' <<'EOF'
'it'\''s (x)'
EOF
	# Every option --help lists is offered (iqdue and iqquiz: SPEC §3a).
	for p in iqcat iqgrep iqpick iqfmt; do
		"$p" --help | grep -oE '(^|[ ,])--?[A-Za-z][-A-Za-z]*' | sed 's/^[ ,]//' | sort -u > "$W/$p.help"
		t "bash: $p offers every option of its --help" 0 \
			"bash --norc --noprofile -c '. ./comp.bash; comp $p -' | tr -d '[]' | sort -u | comm -23 $p.help -" '' < /dev/null
	done
else
	skip 'bash completion' 'bash is not installed'
fi

# ---- zsh: type on a pseudo-terminal, press Tab, read the line ----

if command -v zsh >/dev/null && zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
	mkdir -p "$W/zfunc"
	cp "$COMP/_iqtools" "$W/zfunc/"
	cat > "$W/drive.zsh" <<'EOF'
# zsh drive.zsh LINE: an interactive zsh types LINE and Tab, bound to
# complete and then write the edited line to a file, which is printed.
# (One key: input typed while completion runs its commands may be lost.)
zmodload zsh/zpty
out=$PWD/line.$$
# LeakSanitizer's exit-time scan (make check SANITIZE=1) can stall for
# long in a process on a pseudo-terminal; the programs are only helpers
# of the completion here, and leaks are checked by every other test.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
zpty z zsh -f -i
zpty -w z "PS1=''; fpath=($PWD/zfunc \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "tab() { zle complete-word; print -r -- \"\$BUFFER\" > $out.tmp && mv $out.tmp $out; }; zle -N tab; bindkey '^I' tab"
# Type only once the line editor waits for keys: the next line it starts
# prints READY (the echo of this command says REA''DY).
zpty -w z "zle-line-init() { print -n REA''DY }; zle -N zle-line-init"
zpty -r z ready '*READY*'
zpty -w -n z "$1"$'\t'
for i in {1..400}; do [[ -e $out ]] && break; sleep 0.05; done
zpty -d z
cat $out && rm -f $out
EOF
	z() { # NAME LINE <<EXPECTED
		t "zsh: $1" 0 "zsh -f drive.zsh '$2'" ''
	}
	z 'a section, regex-escaped and quoted' 'iqgrep -s Retr' <<'EOF'
iqgrep -s Retrieval\ Augmented\ Generation\ \\\(RAG\\\)相关 
EOF
	z 'a CJK section' 'iqgrep -s 大模型开' <<'EOF'
iqgrep -s 大模型开源框架 
EOF
	z 'a section after --section=' 'iqgrep --section=Tra' <<'EOF'
iqgrep --section=Transformer\ 和\ Attention 
EOF
	z 'a format' 'iqfmt -t su' <<'EOF'
iqfmt -t summary 
EOF
	z 'a --color word' 'iqfmt --color=ne' <<'EOF'
iqfmt --color=never 
EOF
	z 'a field for --per' 'iqpick --per to' <<'EOF'
iqpick --per topic 
EOF
	z 'the last field of a -F list' 'iqfmt -F id,ti' <<'EOF'
iqfmt -F id,title,
EOF
	z 'an option of iqdue' 'iqdue --ret' <<'EOF'
iqdue --retention=
EOF
	z 'an option of iqquiz' 'iqquiz --ke' <<'EOF'
iqquiz --keys=
EOF
	z 'an option of iqcat' 'iqcat --bu' <<'EOF'
iqcat --builtin 
EOF
else
	skip 'zsh completion' 'zsh (with zsh/zpty) is not installed'
fi

# ---- fish ----

if command -v fish >/dev/null; then
	f() { # NAME 'COMMAND LINES' <<EXPECTED
		t "fish: $1" 0 "fish --no-config -c 'source $COMP/iqtools.fish; for l in $2; complete -C\$l; end' | cut -f1" ''
	}
	f 'sections, regex-escaped, CJK among them' '"iqgrep -s "' <<'EOF'
Retrieval Augmented Generation \(RAG\)相关
Transformer 和 Attention
大模型基础
大模型开源框架
强化学习相关
模型压缩
疑难问题
知乎参考
训练优化
EOF
	f 'a section by prefix and after --section=' '"iqgrep -s Retr" "iqgrep --section=大模型开"' <<'EOF'
Retrieval Augmented Generation \(RAG\)相关
--section=大模型开源框架
EOF
	f 'formats and --color words' '"iqfmt -t s" "iqfmt --to a" "iqpick --color=n"' <<'EOF'
summary
anki
--color=never
--color=no
--color=none
EOF
	f 'field names' '"iqpick --per t" "iqfmt -F id,se"' <<'EOF'
title
topic
id,section
EOF
	f 'options of every program' '"iqcat --li" "iqdue --re" "iqquiz --k" "iqfmt --de"' <<'EOF'
--line-buffered
--links
--retention
--keys
--deck
EOF
	t 'fish: nothing when iqcat is not on PATH' 0 \
		"fish --no-config -c 'set PATH /nonexistent; source $COMP/iqtools.fish; complete -C\"iqgrep -s \"; complete -C\"iqpick --per \"'" '' < /dev/null
else
	skip 'fish completion' 'fish is not installed'
fi
