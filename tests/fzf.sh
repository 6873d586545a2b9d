#!/bin/sh
# The fzf example of iqtools(7), run without a terminal: the listing part
# with fzf --filter in place of the interactive screen, then the preview
# command for the line it selects, {1} replaced by that line's id.
. "$(dirname "$0")/lib.sh"

if ! command -v fzf >/dev/null; then
	skip 'the fzf example of iqtools(7)' 'fzf is not installed'
	exit 0
fi
# The example, roff escapes undone.
grep '^iqcat | iqfmt -t tsv .* fzf ' "$TESTS/../man/iqtools.7" | sed 's/\\e/\\/g' > "$W/example"
list=$(sed "s/ --preview '.*//" "$W/example")
preview=$(sed "s/.* --preview '\\(.*\\)'\$/\\1/" "$W/example")
printf '%s\n' "$list" > "$W/list.sh"
printf '%s\n' "$preview" > "$W/preview"

t 'the example is found, with its preview' 0 'cat list.sh preview' '' <<'EOF'
iqcat | iqfmt -t tsv -F id,section,topic,title | fzf -d '\t' --with-nth 2.. --header-lines 1
iqcat | iqgrep --id {1} | iqfmt
EOF

t 'fzf --filter finds a question by title, section or topic' 0 \
	'{ cat list.sh; echo " --filter LoRA"; } | tr -d "\n" > q.sh; sh q.sh' '' <<'EOF'
ef1c74d61f396bdd	训练优化	参数高效微调	LoRA
EOF

# (sorted: fzf's ranking is its own business, and changes between versions.)
t 'the search runs over fields 2.., CJK and fzf syntax too' 0 \
	'{ cat list.sh; echo " --filter 显存"; } | tr -d "\n" > q.sh; sh q.sh | cut -f2- | sort; { cat list.sh; echo " --filter \"^强化学习 REINFORCE !++\$\""; } | tr -d "\n" > q.sh; sh q.sh | cut -f2- | sort' '' <<'EOF'
强化学习相关	显存占用	强化学习的显存占用
训练优化	显存和时间估算	深入显存估算
训练优化	显存和时间估算	训练显存和时间估算
强化学习相关	REINFORCE, REINFORCE++	REINFORCE 基础
强化学习相关	REINFORCE, REINFORCE++	REINFORCE 深入
EOF

t 'the id (field 1) and the header line are not searched' 0 \
	'{ cat list.sh; echo " --filter ef1c74d61f396bdd"; } | tr -d "\n" > q.sh; sh q.sh; echo "$?"; { cat list.sh; echo " --filter \"^section\""; } | tr -d "\n" > q.sh; sh q.sh; echo "$?"' '' <<'EOF'
1
1
EOF

t 'the preview of the selected line shows its record' 0 \
	'{ cat list.sh; echo " --filter LoRA"; } | tr -d "\n" > q.sh; id=$(sh q.sh | cut -f1); sed "s/{1}/$id/" preview > p.sh; sh p.sh' '' <<'EOF'
  1. 参数高效微调
     LoRA
     训练优化 · #38
     https://poe.com/s/mFE7z9iy4ooqIzjze
EOF
