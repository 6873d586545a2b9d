#!/bin/sh
# iqquiz on a real terminal: tmux panes on a private server, keys sent with
# send-keys, screens read with capture-pane (waiting by polling for the
# text expected, never by fixed sleeps).  Skipped where tmux is missing.
. "$(dirname "$0")/lib.sh"

NOW=2026-12-01T10:00:00Z
NAMES='width 40 CJK wrapping;width 120;Ctrl-C restores the mode and keeps every grade;Ctrl-Z then fg resumes;SIGTERM exits 143 restored;kill -9 loses no graded review'
if ! command -v tmux >/dev/null || ! command -v bash >/dev/null; then
	IFS=';'
	for n in $NAMES; do skip "tty: $n" 'tmux (or bash) is not installed'; done
	exit 0
fi

cat > "$W/recs.jsonl" <<'EOF'
{"id":"00000000000000a1","section":"RAG","topic":"What is RAG?","title":"RAG explained","url":"https://e.com/rag","desc":"a short intro","headings":["LLM","RAG"]}
{"id":"00000000000000a2","section":"RAG","topic":"What is chunking?","title":"Chunking","url":"https://e.com/chunk","desc":"","headings":["LLM","RAG"]}
{"id":"00000000000000a3","section":"RAG","topic":"What is reranking?","title":"Reranking","url":"https://e.com/rerank","desc":"","headings":["LLM","RAG"]}
EOF
printf '{"id":"00000000000000c1","section":"大模型基础","topic":"大语言模型开发各阶段的常见面试问题与回答要点，以及每个阶段最容易被追问的细节","title":"KV Cache 与 PagedAttention：显存管理","url":"https://e.com/c","headings":["面试","大模型基础"]}\n' > "$W/cjk.jsonl"

# A private server per pane (a server being killed may still hold its
# socket), none of them the user's: TMUX unset, no configuration file.
servers=0
SOCK=iqquiz-test-$$-0
tm() { env -u TMUX tmux -L "$SOCK" -f /dev/null "$@"; }

# start WIDTH: a fresh pane running an interactive bash in $W.
start() {
	tm kill-server 2>/dev/null
	servers=$((servers + 1))
	SOCK=iqquiz-test-$$-$servers
	tm new-session -d -x "$1" -y 40 -s quiz \
		"env -i PATH='$PATH' LANG=C.UTF-8 TERM=screen HOME='$W' HISTFILE=/dev/null PS1='$ ' bash --norc --noprofile -i"
	tm set-option -g status off >/dev/null
	wait_for '^\$'
}
screen() { tm capture-pane -p -t quiz; }
# wait_for REGEX [COUNT]: until the pane shows COUNT lines matching (10 s).
wait_for() {
	i=0
	while [ "$(screen | grep -c -e "$1")" -lt "${2:-1}" ]; do
		i=$((i + 1))
		if [ $i -ge 200 ]; then
			echo "timed out waiting for '$1'" >&2
			screen >&2
			return 1
		fi
		sleep 0.05
	done
}
# The command each test types: the mode before and after, the exit status.
# (A script, so that a stopped job does not let the list go on.)
cat > "$W/run.sh" <<EOF
rm -f log status
stty -g > before
cat recs.jsonl | iqquiz --now $NOW -l log
echo "exit \$?" > status
stty -g > after
EOF
RUN="cd '$W' && bash run.sh"
# The pid of iqquiz under run.sh in the pane.
quiz_pid() { pgrep -n -x -P "$(pgrep -n -x -P "$(tm display -p -t quiz '#{pane_pid}')" bash)" iqquiz; }
typed() { tm send-keys -t quiz -l "$1"; tm send-keys -t quiz Enter; }
quiz_screen() { screen | sed -n '/^\[1\//,$p' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }

# Wrapping by display width: cjk_shot WIDTH leaves the answer screen in
# $W/shot.
cjk_shot() {
	start "$1"
	typed "cd '$W' && iqquiz --now $NOW -l log cjk.jsonl"
	wait_for 'keys: space'
	tm send-keys -t quiz ' '
	wait_for 'keys: 1 again'
	quiz_screen > "$W/shot"
	tm send-keys -t quiz q
	wait_for '^session:'
}
cjk_shot 40
t 'tty: width 40 CJK wrapping' 0 'cat shot' '' <<'EOF'
[1/1] 面试 › 大模型基础
  Q: 大语言模型开发各阶段的常见面试问题
     与回答要点，以及每个阶段最容易被追
     问的细节
  keys: space answer, s skip, q quit
  A: KV Cache 与 PagedAttention：显存管
     理
     https://e.com/c
  keys: 1 again, 2 hard, 3 good, 4 easy,
        o open, s skip, q quit
EOF
cjk_shot 120
t 'tty: width 120' 0 'cat shot' '' <<'EOF'
[1/1] 面试 › 大模型基础
  Q: 大语言模型开发各阶段的常见面试问题与回答要点，以及每个阶段最容易被追问的细节
  keys: space answer, s skip, q quit
  A: KV Cache 与 PagedAttention：显存管理
     https://e.com/c
  keys: 1 again, 2 hard, 3 good, 4 easy, o open, s skip, q quit
EOF

# Ctrl-C: the summary, exit 130, the terminal as it was, the grades kept.
start 80
typed "$RUN"
wait_for 'keys: space'
tm send-keys -t quiz ' ' 3 ' ' 1
wait_for '^  -> 1 again'
tm send-keys -t quiz C-c
wait_for '^session:'
wait_for '^\$' 2
screen > "$W/shot"
t 'tty: Ctrl-C restores the mode and keeps every grade' 0 \
	'cat status; cmp before after && echo same mode; grep "^session:" shot; cat log' '' <<EOF
exit 130
same mode
session: 2 reviewed (again 1, hard 0, good 1, easy 0), 0 skipped, 2 not asked
{"id":"00000000000000a1","t":"2026-12-01T10:00:00Z","grade":3,"topic":"What is RAG?","title":"RAG explained"}
{"id":"00000000000000a2","t":"2026-12-01T10:00:01Z","grade":1,"topic":"What is chunking?","title":"Chunking"}
EOF

# Ctrl-Z: the mode given back while stopped; fg shows the question again.
start 80
typed "$RUN"
wait_for 'keys: space'
tm send-keys -t quiz C-z
wait_for 'Stopped'
typed "stty -g > during"
wait_for '^\$' 3
typed fg
wait_for '^\[1/3\]' 2
tm send-keys -t quiz ' ' 4 q
wait_for '^session:'
wait_for '^\$' 4
t 'tty: Ctrl-Z then fg resumes' 0 'cat status; cmp before during && cmp before after && echo same mode; cat log' '' <<EOF
exit 0
same mode
{"id":"00000000000000a1","t":"2026-12-01T10:00:00Z","grade":4,"topic":"What is RAG?","title":"RAG explained"}
EOF

# SIGTERM: exit 128 + 15 after restoring the terminal.
start 80
typed "$RUN"
wait_for 'keys: space'
pid=$(quiz_pid)
[ -n "$pid" ] && kill -TERM "$pid"
wait_for '^\$' 2
t 'tty: SIGTERM exits 143 restored' 0 'cat status; cmp before after && echo same mode' '' <<'EOF'
exit 143
same mode
EOF

# kill -9 mid-session: every graded review is in the log already.
start 80
typed "$RUN"
wait_for 'keys: space'
tm send-keys -t quiz ' ' 2 ' ' 3
wait_for '^  -> 3 good'
pid=$(quiz_pid)
[ -n "$pid" ] && kill -KILL "$pid"
wait_for '^\$' 2
t 'tty: kill -9 loses no graded review' 0 'cat status; cat log' '' <<'EOF'
exit 137
{"id":"00000000000000a1","t":"2026-12-01T10:00:00Z","grade":2,"topic":"What is RAG?","title":"RAG explained"}
{"id":"00000000000000a2","t":"2026-12-01T10:00:01Z","grade":3,"topic":"What is chunking?","title":"Chunking"}
EOF
tm kill-server 2>/dev/null
