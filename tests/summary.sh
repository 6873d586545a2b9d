#!/bin/sh
# iqfmt -t summary: the table of where a reader stands, exactly, plain and
# coloured, with CJK names aligned by display width, on plain records and
# on records carrying iqdue's keys (SPEC §3a, written here by hand).
. "$(dirname "$0")/lib.sh"

# Four records as iqdue --all --by DATE writes them: two sections, one
# new, two due, one later.
cat > "$W/due.jsonl" <<'IN'
{"n":1,"id":"0000000000000001","section":"RAG","topic":"a","title":"A","url":"https://e.com/1","desc":"","headings":["RAG"],"file":"x.md","line":1,"state":"due","due":"2026-11-30T00:00:00Z","recall":0.8500,"stability":2.3065,"difficulty":2.1181,"reps":1,"lapses":0,"last":"2026-11-27T00:00:00Z","recall_by":0.6000}
{"n":2,"id":"0000000000000002","section":"大模型基础","topic":"b","title":"B","url":"https://e.com/2","desc":"","headings":["大模型基础"],"file":"x.md","line":2,"state":"new","due":"","recall":null,"stability":null,"difficulty":null,"reps":0,"lapses":0,"last":"","recall_by":null}
{"n":3,"id":"0000000000000003","section":"RAG","topic":"c","title":"C","url":"https://e.com/3","desc":"","headings":["RAG"],"file":"x.md","line":3,"state":"later","due":"2026-12-20T00:00:00Z","recall":0.9700,"stability":20.1000,"difficulty":3.0000,"reps":3,"lapses":0,"last":"2026-11-29T00:00:00Z","recall_by":0.9100}
{"n":4,"id":"0000000000000004","section":"大模型基础","topic":"d","title":"D","url":"https://e.com/4","desc":"","headings":["大模型基础"],"file":"x.md","line":4,"state":"due","due":"2026-11-30T00:00:00Z","recall":0.4000,"stability":1.0000,"difficulty":7.0000,"reps":2,"lapses":1,"last":"2026-11-20T00:00:00Z","recall_by":0.2000}
IN
# The same without --by: no recall_by key.
sed 's/,"recall_by":[^}]*}/}/' "$W/due.jsonl" > "$W/nob.jsonl"

t 'iqdue keys: counts, means and bars, CJK aligned' 0 'iqfmt -t summary due.jsonl' '' <<'EOF'
section     questions  new  due  later  recall           recall_by
RAG                 2    0    1      1   91% █████████▏   76% ███████▌
大模型基础          2    1    1      0   40% ████         20% ██
total               4    1    2      1   74% ███████▍     57% █████▊
EOF

t 'without --by there is no recall_by column' 0 'iqfmt -t summary nob.jsonl' '' <<'EOF'
section     questions  new  due  later  recall
RAG                 2    0    1      1   91% █████████▏
大模型基础          2    1    1      0   40% ████
total               4    1    2      1   74% ███████▍
EOF

# Forced colour, escapes shown as <E>.
t 'colour: bold header and total, a mean green, yellow or red' 0 \
	'iqfmt -t summary --color=always due.jsonl | sed "s/\x1b/<E>/g"' '' <<'EOF'
<E>[1msection<E>[0m     <E>[1mquestions<E>[0m  <E>[1mnew<E>[0m  <E>[1mdue<E>[0m  <E>[1mlater<E>[0m  <E>[1mrecall<E>[0m           <E>[1mrecall_by<E>[0m
RAG                 2    0    1      1  <E>[32m 91% █████████▏<E>[0m  <E>[33m 76% ███████▌<E>[0m
大模型基础          2    1    1      0  <E>[31m 40% ████<E>[0m        <E>[31m 20% ██<E>[0m
<E>[1mtotal<E>[0m               <E>[1m4<E>[0m    <E>[1m1<E>[0m    <E>[1m2<E>[0m      <E>[1m1<E>[0m  <E>[1;33m 74% ███████▍<E>[0m    <E>[1;31m 57% █████▊<E>[0m
EOF

t 'colour on plain records: bold header and total, dim (none)' 0 \
	'printf "%s\n" "{\"section\":\"s\"}" "{\"section\":\"\"}" | iqfmt -t summary --color | sed "s/\x1b/<E>/g"' '' <<'EOF'
<E>[1msection<E>[0m  <E>[1mquestions<E>[0m
s                1
<E>[2m(none)<E>[0m           1
<E>[1mtotal<E>[0m            <E>[1m2<E>[0m
EOF

t 'NO_COLOR, or no terminal: plain' 0 \
	'NO_COLOR=1 iqfmt -t summary due.jsonl > a; iqfmt -t summary --color=never due.jsonl > b; iqfmt -t summary due.jsonl | cmp - a && cmp a b && ! grep -q "$(printf "\033")" a && echo plain' '' <<'EOF'
plain
EOF

t 'group by another field, -F topic' 0 'iqfmt -t summary -F topic due.jsonl' '' <<'EOF'
topic  questions  new  due  later  recall           recall_by
a              1    0    1      0   85% ████████▌    60% ██████
b              1    1    0      0     -                -
c              1    0    0      1   97% █████████▊   91% █████████▏
d              1    0    1      0   40% ████         20% ██
total          4    1    2      1   74% ███████▍     57% █████▊
EOF

t 'bars: 0 and 100 percent, one eighth; an unknown state counts as a question only' 0 \
	'printf "%s\n" "{\"state\":\"due\",\"recall\":0}" "{\"section\":\"b\",\"state\":\"later\",\"recall\":1}" "{\"section\":\"c\",\"state\":\"due\",\"recall\":0.0125}" "{\"section\":\"c\",\"state\":\"odd\",\"recall\":0.5}" | iqfmt -t summary' '' <<'EOF'
section  questions  new  due  later  recall
(none)           1    0    1      0    0%
b                1    0    0      1  100% ██████████
c                2    0    1      0    1% ▏
total            4    0    2      1   34% ███▍
EOF

# ---- plain records: counts only ----

t 'the built-in catalogue: a row per section in order, CJK aligned' 0 'iqcat | iqfmt -t summary' '' <<'EOF'
section                                   questions
大模型基础                                       15
Transformer 和 Attention                          8
强化学习相关                                      6
Retrieval Augmented Generation (RAG)相关          5
训练优化                                          6
模型压缩                                          6
疑难问题                                          5
大模型开源框架                                    3
知乎参考                                          4
total                                            58
EOF

t 'rows in order of first appearance, not sorted' 0 \
	'printf "%s\n" "{\"section\":\"b\"}" "{\"section\":\"a\"}" "{\"section\":\"b\"}" | iqfmt -t summary' '' <<'EOF'
section  questions
b                2
a                1
total            3
EOF

t 'controls in names made visible; empty and missing as (none); other values as text' 0 \
	'printf "%s\n" "{\"section\":\"a\\u001b]0;x\\u0007b\\u202e\"}" "{\"section\":\"\"}" "{\"x\":1}" "{\"section\":[\"p\",\"q\"]}" "{\"section\":2.5}" | iqfmt -t summary' '' <<'EOF'
section               questions
a\x1b]0;x\x07b\u202e          1
(none)                        2
p > q                         1
2.5                           1
total                         5
EOF

t 'many groups (a hash, not a list)' 0 \
	'awk "BEGIN { for (i = 0; i < 30000; i++) printf \"{\\\"section\\\":\\\"s%d\\\"}\n\", i % 20000 }" | iqfmt -t summary | sed -n "2p;20001,\$p"' '' <<'EOF'
s0               2
s19999           1
total        30000
EOF

t 'no record: header and a zero total' 0 'iqfmt -t summary < /dev/null' '' <<'EOF'
section  questions
total            0
EOF

t 'a field no record has: warned once, status unchanged' 0 'iqcat | iqfmt -t summary -F titel' \
	"iqfmt: warning: no record has a field 'titel'" <<'EOF'
titel   questions
(none)         58
total          58
EOF

t 'a bad line is reported, the rest counted' 2 'printf "{\"section\":\"s\"}\n{bad\n" | iqfmt -t summary' \
	"iqfmt: -:2: string or '}' expected near 'bad'" <<'EOF'
section  questions
s                1
total            1
EOF

t '--deck with another format is refused' 2 'iqfmt -t summary --deck x 2>&1' <<'EOF'
iqfmt: --deck applies to anki only
Try 'iqfmt --help' for more information.
EOF
