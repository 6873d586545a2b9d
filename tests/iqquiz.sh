#!/bin/sh
# iqquiz driven by --keys (SPEC §3a): the exact screens and log lines of
# every key path, the log's failure modes, and two sessions on one log.
. "$(dirname "$0")/lib.sh"

TRY="Try 'iqquiz --help' for more information."
NOW=2026-12-01T10:00:00Z
cat > "$W/recs.jsonl" <<'EOF'
{"n":1,"id":"00000000000000a1","section":"RAG","topic":"What is RAG?","title":"RAG explained","url":"https://e.com/rag","desc":"a short intro","headings":["LLM","RAG"],"file":"t.md","line":1}
{"n":2,"id":"00000000000000a2","section":"RAG","topic":"","title":"Chunking","url":"javascript:alert(1)","desc":"","headings":["LLM","RAG"],"file":"t.md","line":2}
{"n":3,"id":"00000000000000A1","section":"RAG","topic":"dup","title":"dup","url":"https://e.com/dup","desc":"","headings":[],"file":"t.md","line":3}
{"n":4,"id":"00000000000000a3","section":"","topic":"Why \u001b[31mred\u202e?","title":"Why \"this\"?","url":"","desc":"","headings":[],"file":"t.md","line":4,"last":"2026-11-28T10:00:00Z","recall":0.8734}
EOF
head -n 1 "$W/recs.jsonl" > "$W/one.jsonl"
printf '{"id":"00000000000000b1","topic":"new one","title":"T","url":"https://e.com/b","last":"","recall":null}\n' > "$W/new.jsonl"
printf '{"id":"00000000000000c1","section":"大模型基础","topic":"大语言模型开发各阶段的常见面试问题与回答要点","title":"KV Cache 与 PagedAttention：显存管理","url":"https://e.com/c","headings":["面试","大模型基础"]}\n' > "$W/cjk.jsonl"
# quiz KEYS [OPTION]...: a session on recs.jsonl logged to $W/log, keys KEYS
# (printf escapes), then the log.
cat > "$W/quiz" <<'EOF'
#!/bin/sh
keys=$1; shift
printf "$keys" > keys
rm -f log
iqquiz --keys keys --now 2026-12-01T10:00:00Z -l log "$@"
st=$?
echo "-- log"
cat log 2>/dev/null
exit $st
EOF
chmod +x "$W/quiz"

Q1='[1/3] LLM › RAG
  Q: What is RAG?
  keys: space answer, s skip, q quit'
A1='  A: RAG explained
     https://e.com/rag
     a short intro
  keys: 1 again, 2 hard, 3 good, 4 easy, o open, s skip, q quit'

t 'version' 0 'iqquiz --version' '' <<'EOF'
iqquiz (iqtools) 0.1.0
EOF
t 'help starts with the usage line' 0 'iqquiz --help | head -n 2' '' <<'EOF'
usage: iqquiz [-l log] [--keys file] [--now time] [--color[=when]]
              [file ...]
EOF
t 'unknown option' 2 'iqquiz --bogus' "iqquiz: unrecognized option '--bogus'
$TRY" <<'EOF'
EOF
t 'bad --now' 2 'iqquiz --keys /dev/null --now yesterday' "iqquiz: invalid --now time: 'yesterday'
$TRY" <<'EOF'
EOF
t 'no terminal: exit 2 before reading anything' 0 \
	'printf "unread\n" | { setsid -w iqquiz -l log; echo "exit $?"; cat; } 2>&1; ls' '' <<'EOF'
iqquiz: no terminal: /dev/tty: No such device or address
exit 2
unread
cjk.jsonl
new.jsonl
one.jsonl
quiz
recs.jsonl
EOF
t 'nothing to ask' 1 './quiz " 3" /dev/null' 'iqquiz: nothing to ask' <<'EOF'
-- log
EOF

t 'reveal then 3 good, end of keys' 0 './quiz " 3" one.jsonl' '' <<EOF
[1/1] LLM › RAG
  Q: What is RAG?
  keys: space answer, s skip, q quit
$A1
  -> 3 good

session: 1 reviewed (again 0, hard 0, good 1, easy 0), 0 skipped
-- log
{"id":"00000000000000a1","t":"2026-12-01T10:00:00Z","grade":3,"topic":"What is RAG?","title":"RAG explained"}
EOF
for g in 2 4; do
	case $g in 2) name=hard ;; 4) name=easy ;; esac
	t "enter then $g $name" 0 "./quiz '\\n$g' one.jsonl | tail -n 5" '' <<EOF
  -> $g $name

session: 1 reviewed (again 0, hard $((g == 2)), good 0, easy $((g == 4))), 0 skipped
-- log
{"id":"00000000000000a1","t":"2026-12-01T10:00:00Z","grade":$g,"topic":"What is RAG?","title":"RAG explained"}
EOF
done

t 'every path: ignored keys, o refused, again, re-ask, no url, iqdue fields' 0 \
	'./quiz " x\\n3 \\033[A\\033OPé\\377o1 3 3" recs.jsonl' '' <<EOF
$Q1
$A1
  -> 3 good

[2/3] LLM › RAG
  Q: Chunking
  keys: space answer, s skip, q quit
  A: Chunking
     javascript:alert(1)
  keys: 1 again, 2 hard, 3 good, 4 easy, o open, s skip, q quit
  -> not opened: only http and https urls are opened
  -> 1 again

[3/4]
  Q: Why \\x1b[31mred\\u202e?
  keys: space answer, s skip, q quit
  A: Why "this"?
     last seen 2026-11-28T10:00:00Z, recall 87%
  keys: 1 again, 2 hard, 3 good, 4 easy, o open, s skip, q quit
  -> 3 good

[4/4] (again) LLM › RAG
  Q: Chunking
  keys: space answer, s skip, q quit
  A: Chunking
     javascript:alert(1)
  keys: 1 again, 2 hard, 3 good, 4 easy, o open, s skip, q quit
  -> 3 good

session: 4 reviewed (again 1, hard 0, good 3, easy 0), 0 skipped
-- log
{"id":"00000000000000a1","t":"2026-12-01T10:00:00Z","grade":3,"topic":"What is RAG?","title":"RAG explained"}
{"id":"00000000000000a2","t":"2026-12-01T10:00:01Z","grade":1,"topic":"","title":"Chunking"}
{"id":"00000000000000a3","t":"2026-12-01T10:00:02Z","grade":3,"topic":"Why \\u001B[31mred‮?","title":"Why \\"this\\"?"}
{"id":"00000000000000a2","t":"2026-12-01T10:00:03Z","grade":3,"topic":"","title":"Chunking"}
EOF
t 'a re-ask graded 1 again comes back no more' 0 './quiz " 1 1" one.jsonl | tail -n 4' '' <<'EOF'
session: 2 reviewed (again 2, hard 0, good 0, easy 0), 0 skipped
-- log
{"id":"00000000000000a1","t":"2026-12-01T10:00:00Z","grade":1,"topic":"What is RAG?","title":"RAG explained"}
{"id":"00000000000000a1","t":"2026-12-01T10:00:01Z","grade":1,"topic":"What is RAG?","title":"RAG explained"}
EOF
t 'skip on the question and on the answer' 0 './quiz "s s" recs.jsonl | grep -e "->" -e session -e log' '' <<'EOF'
  -> skipped
  -> skipped
session: 0 reviewed (again 0, hard 0, good 0, easy 0), 2 skipped, 1 not asked
-- log
EOF
t 'q on the question' 0 './quiz "q3" recs.jsonl' '' <<EOF
$Q1

session: 0 reviewed (again 0, hard 0, good 0, easy 0), 0 skipped, 3 not asked
-- log
EOF
t 'Q on the answer, enter there does nothing' 0 './quiz " \\nQ" recs.jsonl' '' <<EOF
$Q1
$A1

session: 0 reviewed (again 0, hard 0, good 0, easy 0), 0 skipped, 3 not asked
-- log
EOF
t 'Ctrl-D quits' 0 './quiz " 2\\004 3" recs.jsonl | tail -n 3' '' <<'EOF'
session: 1 reviewed (again 0, hard 1, good 0, easy 0), 0 skipped, 2 not asked
-- log
{"id":"00000000000000a1","t":"2026-12-01T10:00:00Z","grade":2,"topic":"What is RAG?","title":"RAG explained"}
EOF
t 'Ctrl-C: the summary, exit 130' 130 './quiz " 4\\003 3" recs.jsonl > o; s=$?; tail -n 3 o; exit $s' '' <<'EOF'
session: 1 reviewed (again 0, hard 0, good 0, easy 1), 0 skipped, 2 not asked
-- log
{"id":"00000000000000a1","t":"2026-12-01T10:00:00Z","grade":4,"topic":"What is RAG?","title":"RAG explained"}
EOF
t 'an escape sequence cut by the end of the keys' 0 './quiz " \\033[1;" one.jsonl | tail -n 2' '' <<'EOF'
session: 0 reviewed (again 0, hard 0, good 0, easy 0), 0 skipped, 1 not asked
-- log
EOF

# o: the browser runs detached with the url as its one argument.
cat > "$W/browser" <<'EOF'
#!/bin/sh
in=$(readlink /proc/$$/fd/0) out=$(readlink /proc/$$/fd/1)
printf '%s\n' "$#:$1" "$in" "$out" > "$(dirname "$0")/opened.tmp"
mv "$(dirname "$0")/opened.tmp" "$(dirname "$0")/opened"
EOF
chmod +x "$W/browser"
t 'o opens the url with $BROWSER, detached' 0 \
	'BROWSER=$PWD/browser ./quiz " o3" one.jsonl | grep -e "->"; i=0; while [ ! -f opened ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; cat opened' '' <<EOF
  -> opened with $W/browser
  -> 3 good
1:https://e.com/rag
/dev/null
/dev/null
EOF
t 'o with a browser that is not there' 0 'BROWSER=/nonexistent ./quiz " o" one.jsonl | grep -e "->"' '' <<'EOF'
  -> not opened: /nonexistent: No such file or directory
EOF
t 'o on a record with no url' 0 './quiz "ss o" recs.jsonl | grep -e "->" -e "A:"' '' <<'EOF'
  -> skipped
  -> skipped
  A: Why "this"?
  -> not opened: the record has no url
EOF
t 'a question record: no answer in it' 0 \
	'printf "{\"id\":\"00000000000000d1\",\"topic\":\"Why?\",\"title\":\"Why?\",\"url\":\"\"}\n" | ./quiz " 3" | sed -n 4p' '' <<'EOF'
  A: (no answer in the record)
EOF
t 'from iqdue, never reviewed' 0 './quiz " " new.jsonl | sed -n 4,6p' '' <<'EOF'
  A: T
     https://e.com/b
     never seen before
EOF
t 'wrapped by display width at 40 columns' 0 'COLUMNS=40 ./quiz " 3" cjk.jsonl | head -n 8' '' <<'EOF'
[1/1] 面试 › 大模型基础
  Q: 大语言模型开发各阶段的常见面试问题
     与回答要点
  keys: space answer, s skip, q quit
  A: KV Cache 与 PagedAttention：显存管
     理
     https://e.com/c
  keys: 1 again, 2 hard, 3 good, 4 easy,
EOF
t 'colour: --color=always' 0 './quiz " 3" --color=always one.jsonl | head -n 8 | od -c | sed -n 1p' '' <<'EOF'
0000000 033   [   3   3   m   [   1   /   1   ] 033   [   0   m     033
EOF
t 'colour: NO_COLOR and auto, not a terminal' 0 'NO_COLOR=1 ./quiz " 3" --color=auto one.jsonl | tr -d -c "\\033" | wc -c' '' <<'EOF'
0
EOF

# Input edges.
t 'bad lines are reported and not asked; exit 2 after the session' 2 \
	'printf "{bad\n{\"id\":\"xyz\",\"topic\":\"t\"}\n\n{\"id\":\"00000000000000e1\",\"topic\":\"ok\"}\n" | ./quiz " 3" > o; s=$?; sed -n 2p o; exit $s' \
	"iqquiz: -:1: string or '}' expected near 'bad'
iqquiz: -:2: no \"id\" of 16 hex digits" <<'EOF'
  Q: ok
EOF
t 'only bad lines: nothing to ask, exit 2' 2 'printf "{}\n" | ./quiz " 3"' 'iqquiz: -:1: no "id" of 16 hex digits
iqquiz: nothing to ask' <<'EOF'
-- log
EOF

# The log.
t 'a torn last line gets its newline first' 0 \
	'printf "{\"id\":\"00000000000000a1\",\"t\":\"2026-" > torn; iqquiz --keys /dev/stdin --now 2026-12-01T10:00:00Z -l torn one.jsonl <<K >/dev/null; cat torn
 3
K' '' <<'EOF'
{"id":"00000000000000a1","t":"2026-
{"id":"00000000000000a1","t":"2026-12-01T10:00:00Z","grade":3,"topic":"What is RAG?","title":"RAG explained"}
EOF
t 'the default log: IQ_LOG unset, XDG_STATE_HOME made 0700, the log 0600' 0 \
	'printf " 3" > k; env -u IQ_LOG XDG_STATE_HOME=$PWD/st iqquiz --keys k one.jsonl >/dev/null; stat -c "%a %n" st/iqtools st/iqtools/reviews.jsonl; grep -c "\"ms\":[0-9]*," st/iqtools/reviews.jsonl' '' <<'EOF'
700 st/iqtools
600 st/iqtools/reviews.jsonl
1
EOF
t 'a log that cannot be opened is fatal before the first question' 2 \
	'printf " 3" > k; iqquiz --keys k -l /dev/null/x one.jsonl' \
	'iqquiz: /dev/null/x: cannot open: Not a directory' <<'EOF'
EOF
t 'a directory as the log' 2 'mkdir -p d; iqquiz --keys /dev/null -l d one.jsonl' \
	'iqquiz: d: cannot open: Is a directory' <<'EOF'
EOF
if [ "$(id -u)" != 0 ]; then
	t 'an unwritable log' 2 'touch ro; chmod 444 ro; iqquiz --keys /dev/null -l ro one.jsonl' \
		'iqquiz: ro: cannot open: Permission denied' <<'EOF'
EOF
elif command -v runuser >/dev/null; then
	t 'an unwritable log' 2 'touch ro; chmod 444 ro; runuser -u nobody -- iqquiz --keys /dev/null -l $PWD/ro < one.jsonl' \
		"iqquiz: $W/ro: cannot open: Permission denied" <<'EOF'
EOF
else
	skip 'an unwritable log' 'root without runuser'
fi
t '/dev/full: the session stops with the line not saved' 2 \
	'printf " 3 3" > k; iqquiz --keys k --now 2026-12-01T10:00:00Z -l /dev/full one.jsonl > o; s=$?; tail -n 1 o; exit $s' \
	'iqquiz: /dev/full: write error: No space left on device
iqquiz: not saved: {"id":"00000000000000a1","t":"2026-12-01T10:00:00Z","grade":3,"topic":"What is RAG?","title":"RAG explained"}' <<EOF
  keys: 1 again, 2 hard, 3 good, 4 easy, o open, s skip, q quit
EOF
t 'standard output full' 2 'printf " 3" > k; iqquiz --keys k -l log one.jsonl > /dev/full' \
	'iqquiz: write error: No space left on device' <<'EOF'
EOF

# Two sessions append to one log at once: every line whole, none lost.
if command -v python3 >/dev/null; then
	(cd "$W" && python3 -c '
for s in "ab":
    with open(s + ".jsonl", "w") as f:
        for i in range(400):
            f.write("{\"id\":\"%s%015x\",\"topic\":\"%s\",\"title\":\"%s\"}\n" % (s, i, s * 300, s))
    with open(s + ".keys", "w") as f:
        f.write(" 3" * 400)')
	t 'two sessions on one log never interleave' 0 \
		'iqquiz --keys a.keys -l shared a.jsonl > /dev/null & iqquiz --keys b.keys -l shared b.jsonl > /dev/null; wait; python3 -c "
import json, collections
c = collections.Counter(json.loads(l)[\"id\"][0] for l in open(\"shared\"))
print(c[\"a\"], c[\"b\"])"' '' <<'EOF'
400 400
EOF
else
	skip 'two sessions on one log never interleave' 'python3 is not installed'
fi
