#!/bin/sh
# iqfmt: every format against exact output and a standard parser (Python's
# csv and json, html5lib in strict mode), the Markdown round trip through
# iqcat, display-width alignment, templates, colour, input and output errors.
. "$(dirname "$0")/lib.sh"

TRY="Try 'iqfmt --help' for more information."
cp "$TESTS/catalogue.expected.jsonl" "$W/cat.jsonl"

# Records with everything Markdown and HTML could misread.
cat > "$W/tricky.jsonl" <<'EOF'
{"n":1,"id":"0000000000000001","section":"C# & <HTML> *basics*","topic":"What is `x`?","title":"<script>alert(1)</script>","url":"https://e.com/a b?x=1&amp;y=<2>","desc":"see a@b.com, www.e.com","headings":["Top [1]","C# & <HTML> *basics*"],"file":"t.md","line":1}
{"n":2,"id":"0000000000000002","section":"C# & <HTML> *basics*","topic":"What is `x`?","title":"http://bare.example/x_y","url":"javascript:alert(1)","desc":"","headings":["Top [1]","C# & <HTML> *basics*"],"file":"t.md","line":2}
{"n":3,"id":"0000000000000003","section":"C# & <HTML> *basics*","topic":"Ends with colon:","title":"x","url":"rel/path","desc":"","headings":["Top [1]","C# & <HTML> *basics*"],"file":"t.md","line":3}
{"n":4,"id":"0000000000000004","section":"Top [1]","topic":"Back\\slash ~~strike~~ | pipe","title":"Back\\slash ~~strike~~ | pipe","url":"https://e.com/\\","desc":"","headings":["Top [1]"],"file":"t.md","line":4}
{"n":5,"id":"0000000000000005","section":"","topic":"no heading","title":"no heading","url":"https://e.com/5","desc":"","headings":[],"file":"t.md","line":5}
EOF
# Fields that CSV and TSV must quote or escape.
cat > "$W/fields.jsonl" <<'EOF'
{"n":1,"title":"a, \"b\"\nc","url":"u\tv\\w\r","headings":["H1","H2"],"x":1.5,"y":null,"z":true}
{"n":2,"title":"plain","url":"","headings":[],"x":-7,"y":{"k":[1]},"z":false}
EOF
cat > "$W/cjk.jsonl" <<'EOF'
{"title":"大语言模型开发各阶段与常见面试问题","section":"大模型基础","url":"https://e.com/1"}
{"title":"KV Cache 与 PagedAttention：显存管理的原理，和它的代价","section":"推理优化","topic":"KV Cache","url":"https://e.com/2"}
{"title":"What is Retrieval Augmented Generation, and when does it help?","section":"RAG","url":"https://e.com/3"}
EOF
printf '{"title":"Q","section":"S","topic":"T","url":"https://e.com/q"}\n' > "$W/ascii.jsonl"
printf '{"title":"a"}\n{bad\n[1]\n{"title":"c"}\n' > "$W/bad.jsonl"

# A Python that has html5lib: Debian's python3-html5lib serves /usr/bin/python3.
HTMLPY=
for py in python3 /usr/bin/python3; do
	if command -v "$py" >/dev/null && "$py" -c 'import html5lib' 2>/dev/null; then
		HTMLPY=$py
		break
	fi
done
HAVE_PY=
command -v python3 >/dev/null && HAVE_PY=1

# ---- options ----

t 'version' 0 'iqfmt --version' <<'EOF'
iqfmt (iqtools) 0.1.0
EOF
t 'help starts with the usage line' 0 'iqfmt --help | head -n 1' <<'EOF'
usage: iqfmt [-t format] [-F list] [-f template] [-w cols] [--color=when]
EOF
t 'unknown option' 2 'iqfmt --bogus 2>&1' <<EOF
iqfmt: unrecognized option '--bogus'
$TRY
EOF
t 'unknown format' 2 'iqfmt -t xml 2>&1' <<EOF
iqfmt: unknown format 'xml' (text, markdown, csv, tsv, html, json, jsonl, summary, anki)
$TRY
EOF
t '-t and -f together' 2 'iqfmt -t csv -f x 2>&1' <<EOF
iqfmt: -t and -f cannot be used together
$TRY
EOF
t '-F needs a format with columns' 2 'iqfmt -t json -F n 2>&1' <<EOF
iqfmt: -F does not apply to format 'json'
$TRY
EOF
t '-F with an empty name' 2 'iqfmt -t csv -F n,,title 2>&1' <<EOF
iqfmt: empty field name in field list 'n,,title'
$TRY
EOF
t 'missing argument' 2 'iqfmt -t 2>&1' <<EOF
iqfmt: option requires an argument -- 't'
$TRY
EOF
t 'bad width' 2 'iqfmt -w wide 2>&1' <<EOF
iqfmt: invalid width 'wide'
$TRY
EOF
t 'bad --color' 2 'iqfmt --color=sometimes 2>&1' <<EOF
iqfmt: invalid --color argument 'sometimes' (auto, always or never)
$TRY
EOF

# ---- malformed templates: usage errors before any input is read ----

t 'template: unclosed {' 2 'iqfmt -f "{title" 2>&1' <<EOF
iqfmt: template: missing '}' after '{title'
$TRY
EOF
t 'template: lone }' 2 'iqfmt -f "a}b" 2>&1' <<EOF
iqfmt: template: single '}' (write '}}' for a brace)
$TRY
EOF
t 'template: empty {}' 2 'iqfmt -f "{}" 2>&1' <<EOF
iqfmt: template: empty field name '{}'
$TRY
EOF
t 'template: unknown escape' 2 'iqfmt -f "a\\qb" 2>&1' <<EOF
iqfmt: template: unknown escape '\\q' (use \\n, \\t or \\\\)
$TRY
EOF
t 'template: trailing backslash' 2 'iqfmt -f "x\\" 2>&1' <<EOF
iqfmt: template: '\\' at the end
$TRY
EOF

# ---- empty input: a filter prints what it is given, and exits 0 ----

t 'empty input: text' 0 'iqfmt < /dev/null' <<'EOF'
EOF
t 'empty input: json' 0 'iqfmt -t json < /dev/null' <<'EOF'
[]
EOF
t 'empty input: csv has its header' 0 'iqfmt -t csv < /dev/null | tr "\r" "^"' <<'EOF'
n,section,topic,title,url^
EOF
t 'empty input: markdown, jsonl, template' 0 'iqfmt -t markdown < /dev/null; iqfmt -t jsonl < /dev/null; iqfmt -f x < /dev/null' <<'EOF'
EOF

# ---- text ----

t 'text: catalogue records' 0 'head -n 2 cat.jsonl | iqfmt' <<'EOF'
  1. 大语言模型开发各阶段
     大模型基础 · #1
     https://poe.com/s/ZA30ztgmME6mBOWmuZ

  2. 模型微调和通用能力
     大模型基础 · #2
     https://poe.com/s/sIIaJudZd7lC7ASLlH
EOF
t 'text: titles of 9 and 10 start in one column' 0 'head -n 10 cat.jsonl | iqfmt | sed -n "/^  9\\./,\$p"' <<'EOF'
  9. Optimizers
     大模型基础 · #9
     https://poe.com/s/FoXHLxqTiH5OCnQTTd

 10. BERT, MLM, NSP
     大模型基础 · #10
     https://poe.com/s/sjndlhFBOPU10smVGr
EOF
# At 24 columns a CJK character is two: 5 + 9 x 2 = 23 fits, a tenth would
# not; "：" and "，" stay with the character before them.
t 'text: CJK titles wrap by display width' 0 'iqfmt -w 24 cjk.jsonl' <<'EOF'
  1. 大语言模型开发各阶
     段与常见面试问题
     大模型基础
     https://e.com/1

  2. KV Cache
     KV Cache 与
     PagedAttention：显
     存管理的原理，和它
     的代价
     推理优化
     https://e.com/2

  3. What is Retrieval
     Augmented
     Generation, and
     when does it help?
     RAG
     https://e.com/3
EOF
t 'text: widths do not depend on the locale' 0 \
	'LC_ALL=C LANG=C iqfmt -w 24 cjk.jsonl > c; iqfmt -w 24 cjk.jsonl | cmp - c && echo same' <<'EOF'
same
EOF
cat > "$W/widest.py" <<'EOF'
import sys, unicodedata
cols = lambda l: sum(0 if unicodedata.combining(c) else
                     2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
print(max(cols(l.rstrip("\n")) for l in sys.stdin))
EOF
if [ -n "$HAVE_PY" ]; then
	t 'text: no line is wider than -w' 0 'iqfmt -w 30 cat.jsonl cjk.jsonl | grep -v "^     https:" | python3 widest.py' <<'EOF'
30
EOF
fi
t 'text: no wrapping without -w off a terminal' 0 'head -n 3 cjk.jsonl | iqfmt | sed -n 6p' <<'EOF'
     KV Cache 与 PagedAttention：显存管理的原理，和它的代价
EOF
t 'text: -w 1 still ends' 0 'iqfmt -w 1 ascii.jsonl' <<'EOF'
  1. T
     Q
     S
     https://e.com/q
EOF
t 'text: desc, topic, markup shown as it is' 0 'head -n 2 tricky.jsonl | iqfmt' <<'EOF'
  1. What is `x`?
     <script>alert(1)</script>
     see a@b.com, www.e.com
     C# & <HTML> *basics* · #1
     https://e.com/a b?x=1&amp;y=<2>

  2. What is `x`?
     http://bare.example/x_y
     C# & <HTML> *basics* · #2
     javascript:alert(1)
EOF
t 'text: control characters never reach the terminal' 0 \
	'printf "{\"title\":\"a\\\\u001b[2Jb\\\\u0007\",\"url\":\"u\\\\u009b\"}\n" | iqfmt' <<'EOF'
  1. a\x1b[2Jb\x07
     u\u009b
EOF
t 'text: foreign objects' 0 'printf "{\"x\":1,\"y\":[true]}\n{\"url\":\"https://e.com\"}\n" | iqfmt' <<'EOF'
  1. {"x":1,"y":[true]}

  2. https://e.com
EOF

# ---- colour ----

t 'colour: --color=always' 0 'iqfmt --color=always ascii.jsonl | cat -v' <<'EOF'
^[[33m  1.^[[0m ^[[1mT^[[0m
     Q
     ^[[36mS^[[0m
     ^[[34mhttps://e.com/q^[[0m
EOF
t 'colour: --color alone is always' 0 'iqfmt --color ascii.jsonl | tr -cd "\033" | wc -c' <<'EOF'
8
EOF
t 'colour: none into a pipe' 0 'iqfmt ascii.jsonl | tr -cd "\033" | wc -c' <<'EOF'
0
EOF
t 'colour: --color=always overrides NO_COLOR' 0 'NO_COLOR=1 iqfmt --color=always ascii.jsonl | tr -cd "\033" | wc -c' <<'EOF'
8
EOF
t 'colour: never in csv' 0 'iqfmt --color=always -t csv ascii.jsonl | tr -cd "\033" | wc -c' <<'EOF'
0
EOF
# On a terminal (a pseudo-terminal from script(1)).
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
	t 'colour: auto on a terminal' 0 \
		'TERM=xterm script -qec "iqfmt ascii.jsonl" /dev/null | tr -cd "\033" | wc -c' <<'EOF'
8
EOF
	t 'colour: NO_COLOR=1 on a terminal' 0 \
		'TERM=xterm NO_COLOR=1 script -qec "iqfmt ascii.jsonl" /dev/null | tr -cd "\033" | wc -c' <<'EOF'
0
EOF
	t 'colour: an empty NO_COLOR is unset' 0 \
		'TERM=xterm NO_COLOR= script -qec "iqfmt ascii.jsonl" /dev/null | tr -cd "\033" | wc -c' <<'EOF'
8
EOF
	t 'colour: TERM=dumb' 0 \
		'TERM=dumb script -qec "iqfmt ascii.jsonl" /dev/null | tr -cd "\033" | wc -c' <<'EOF'
0
EOF
	t 'colour: --color=never on a terminal' 0 \
		'TERM=xterm script -qec "iqfmt --color=never ascii.jsonl" /dev/null | tr -cd "\033" | wc -c' <<'EOF'
0
EOF
else
	for c in 'auto on a terminal' 'NO_COLOR=1 on a terminal' 'an empty NO_COLOR is unset' \
		'TERM=dumb' '--color=never on a terminal'; do
		skip "colour: $c" 'script(1) cannot make a terminal here'
	done
fi

# ---- markdown ----

t 'markdown: catalogue' 0 'sed -n 12,22p cat.jsonl | iqfmt -t markdown' <<'EOF'
# Awesome-LLM-Interview-Questions-and-Answers

## 大模型基础

- [KL Divergence](<https://poe.com/s/RTYZWZpNYY0Efe8ueP>)
- **增量预训练（Continual Pretraining）**
  - [增量预训练](<https://poe.com/s/lMtcu6SA95doDq1qSb>)
- [不同阶段损失函数](<https://poe.com/s/brzTnZIwa0szT5vwGe>)
- [AI 领域常见公式](<https://poe.com/s/btAIolBXgHJoDivOSh>)

## Transformer 和 Attention

- **Transformer**
  - [Transformer 基础](<https://poe.com/s/ieIDlCnOqtM2WfrIUz>)
  - [Transformer 深入](<https://poe.com/s/uGVXOWAgtExTPiHcR>)
- **Attention**
  - [Attention 机制](<https://poe.com/s/ZkgZPm5tp3WGfHqn8>)
- [MHA, MQA, GQA, MLA](<https://poe.com/s/GrrSvbD1EZbvNnle2>)
- [Encoder, Decoder, Encoder-Decoder](<https://poe.com/s/NZSMlHxUBpmIsmvnUC>)
- **Position Encoding**
  - [Position Encoding 基础](<https://poe.com/s/wGM5G2YrPpGK3Z2rZ>)
  - [Position Encoding 深入](<https://poe.com/s/5FE2iK0B1Tw7MxgXP>)
EOF
t 'markdown: escapes, topic forms, an empty section' 0 'iqfmt -t markdown tricky.jsonl' <<'EOF'
# Top \[1\]

- [Back\\slash \~\~strike\~\~ | pipe](<https://e.com/\\>)

## C\# & \<HTML> \*basics\*

- **What is \`x\`?**
  - [\<script>alert(1)\</script>](<https://e.com/a b?x=1\&amp;y=\<2\>>) - see a\@b.com, www\.e.com
  - [http\://bare.example/x\_y](<javascript:alert(1)>)
- [Ends with colon:](#)
  - [x](<rel/path>)

#

- [no heading](<https://e.com/5>)
EOF

# iqcat X | iqfmt -t markdown | iqcat - gives X's section, topic, title, url
# (and desc) records back, grouped: the same lines as X, and the Markdown
# of the result gives the result again, line for line (the grouping is
# stable).  Where X repeats a heading path or topic after others, grouping
# moves the later records up to the first, so the order is not X's.
roundtrip() { # NAME FILE
	t "markdown round trip: $1" 0 "iqfmt -t tsv -F section,topic,title,url,desc '$2' | sort > a.tsv
		iqfmt -t markdown '$2' | iqcat - > b.jsonl
		iqfmt -t tsv -F section,topic,title,url,desc b.jsonl > b.tsv
		sort b.tsv | cmp - a.tsv &&
		iqfmt -t markdown b.jsonl | iqcat - | iqfmt -t tsv -F section,topic,title,url,desc | cmp - b.tsv &&
		wc -l < a.tsv" <<EOF
$(($(grep -c . "$2") + 1))
EOF
}
if command -v iqcat >/dev/null; then
	roundtrip 'built-in catalogue' "$W/cat.jsonl"
	roundtrip 'escapes' "$W/tricky.jsonl"
	if have_shared; then
		for f in "$SHARED"/corpus/expected-v2/*.jsonl; do
			roundtrip "$(basename "$f" .jsonl)" "$f"
		done
		if [ -n "$HAVE_PY" ]; then
			python3 "$SHARED/bench/gen-catalogue" --links 5000 "$W/gen.md" "$W/gen.jsonl"
			roundtrip 'generated catalogue of 5000 links' "$W/gen.jsonl"
		fi
	else
		skip 'markdown round trip: corpus' 'no ../shared'
	fi
else
	skip 'markdown round trip' 'iqcat is not built'
fi

# ---- csv and tsv ----

t 'csv: catalogue, CRLF line ends' 0 'head -n 3 cat.jsonl | iqfmt -t csv | tr "\r" "^"' <<'EOF'
n,section,topic,title,url^
1,大模型基础,大语言模型开发各阶段,大语言模型开发各阶段,https://poe.com/s/ZA30ztgmME6mBOWmuZ^
2,大模型基础,模型微调和通用能力,模型微调和通用能力,https://poe.com/s/sIIaJudZd7lC7ASLlH^
3,大模型基础,Function Call & MCP,Function Call & MCP,https://poe.com/s/AKbb4hRLDj1gJbaxVZ^
EOF
t 'csv: quoting, arrays, numbers, null, objects' 0 'iqfmt -t csv -F "n,title,url,headings,x,y,z,none" fields.jsonl | tr "\r" "^"' "iqfmt: warning: no record has a field 'none'" <<'EOF'
n,title,url,headings,x,y,z,none^
1,"a, ""b""
c","u	v\w^",H1 > H2,1.5,,true,^
2,plain,,,-7,"{""k"":[1]}",false,^
EOF
t 'tsv: escapes' 0 'iqfmt -t tsv -F n,title,url,headings fields.jsonl' <<'EOF'
n	title	url	headings
1	a, "b"\nc	u\tv\\w\r	H1 > H2
2	plain		
EOF
t 'tsv: catalogue' 0 'head -n 2 cat.jsonl | iqfmt -t tsv -F n,id,headings' <<'EOF'
n	id	headings
1	d8451ff7d3227517	Awesome-LLM-Interview-Questions-and-Answers > 大模型基础
2	756802702a88d9ca	Awesome-LLM-Interview-Questions-and-Answers > 大模型基础
EOF

# Python's csv module reads every field back as JSON Lines has it.
cat > "$W/csvcheck.py" <<'EOF'
import csv, io, json, sys
fields = sys.argv[1].split(",")
def text(v):
    if v is None: return ""
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, str): return v
    if isinstance(v, list): return " > ".join(text(e) for e in v)
    if isinstance(v, dict): return json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(v)
want = [fields] + [[text(json.loads(l).get(f)) for f in fields]
                   for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
data = sys.stdin.buffer.read().decode("utf-8")
assert all(l.endswith("\r") for l in data.split("\n")[:-1] if l and '"' not in l), "CRLF"
got = list(csv.reader(io.StringIO(data, newline=""), strict=True))
assert got == want, (got[:3], want[:3])
print("ok", len(got) - 1)
EOF
if [ -n "$HAVE_PY" ]; then
	t 'csv: Python csv reads the catalogue back' 0 'iqfmt -t csv -F n,id,section,topic,title,url,desc,headings,line cat.jsonl | python3 csvcheck.py n,id,section,topic,title,url,desc,headings,line cat.jsonl' <<'EOF'
ok 58
EOF
	t 'csv: Python csv reads quoted fields back' 0 'iqfmt -t csv -F n,title,url,headings,y,z fields.jsonl | python3 csvcheck.py n,title,url,headings,y,z fields.jsonl' <<'EOF'
ok 2
EOF
	if have_shared; then
		t 'csv: Python csv reads the corpus back' 0 'for f in "'"$SHARED"'"/corpus/expected-v2/*.jsonl; do iqfmt -t csv -F n,section,topic,title,url,desc "$f" | python3 csvcheck.py n,section,topic,title,url,desc "$f" || echo "$f"; done | grep -v "^ok" | wc -l' <<'EOF'
0
EOF
	fi
else
	skip 'csv: Python csv reads it back' 'no python3'
fi

# ---- json and jsonl ----

t 'json: a pretty array' 0 'printf "{\"a\":1,\"b\":[\"x\",{}]}\n\n{\"c\":null}\n" | iqfmt -t json' <<'EOF'
[
  {
    "a": 1,
    "b": [
      "x",
      {}
    ]
  },
  {
    "c": null
  }
]
EOF
cat > "$W/jsoncheck.py" <<'EOF'
import json, sys
lines = sys.argv[1] == "-l"
want = [json.loads(l) for f in sys.argv[1 + lines:] for l in open(f, encoding="utf-8") if l.strip()]
got = [json.loads(l) for l in sys.stdin] if lines else json.load(sys.stdin)
assert got == want
print("ok", len(got))
EOF
printf '{"i":-9223372036854775808,"r":0.1,"t":3.0,"z":-0.0,"e":1e300,"f":1.5e-7,"g":1.0000000000000002}\n' > "$W/reals.jsonl"
if [ -n "$HAVE_PY" ]; then
	t 'json: Python json reads it back' 0 'iqfmt -t json cat.jsonl tricky.jsonl fields.jsonl reals.jsonl | python3 jsoncheck.py cat.jsonl tricky.jsonl fields.jsonl reals.jsonl' <<'EOF'
ok 66
EOF
	t 'jsonl: Python json reads the reals back equal' 0 'iqfmt -t jsonl reals.jsonl cat.jsonl | python3 jsoncheck.py -l reals.jsonl cat.jsonl' <<'EOF'
ok 59
EOF
fi
t 'json: bad lines leave a valid array' 2 'iqfmt -t json bad.jsonl 2>/dev/null' <<'EOF'
[
  {
    "title": "a"
  },
  {
    "title": "c"
  }
]
EOF
t 'jsonl: records come out unchanged' 0 'iqfmt -t jsonl cat.jsonl | cmp - cat.jsonl && echo same' <<'EOF'
same
EOF
if have_shared; then
	t 'jsonl: corpus records come out unchanged' 0 'for f in "'"$SHARED"'"/corpus/expected-v2/*.jsonl; do iqfmt -t jsonl "$f" | cmp - "$f"; done && echo same' <<'EOF'
same
EOF
fi
t 'jsonl: integers kept, reals shortest' 0 'iqfmt -t jsonl reals.jsonl' <<'EOF'
{"i":-9223372036854775808,"r":0.1,"t":3.0,"z":-0.0,"e":1e+300,"f":1.5e-07,"g":1.0000000000000002}
EOF
t 'jsonl: canonical order for records, own order for others' 0 \
	'printf "%s\n" "{\"z\":1,\"a\":2}" "{\"line\":1,\"x\":0,\"file\":\"f\",\"headings\":[],\"desc\":\"\",\"url\":\"u\",\"title\":\"t\",\"topic\":\"o\",\"section\":\"s\",\"id\":\"i\",\"n\":1}" | iqfmt -t jsonl' <<'EOF'
{"z":1,"a":2}
{"n":1,"id":"i","section":"s","topic":"o","title":"t","url":"u","desc":"","headings":[],"file":"f","line":1,"x":0}
EOF

# ---- html ----

t 'html: a whole page' 0 'head -n 1 ascii.jsonl | iqfmt -t html | sed -n "/^<\/style>/,\$p"' <<'EOF'
</style>
</head>
<body>
<main>
<h1>S</h1>
<ul>
<li><span class="topic">T</span>
<ul>
<li><a href="https://e.com/q">Q</a></li>
</ul></li>
</ul>
</main>
</body>
</html>
EOF
t 'html: escapes and no javascript: link' 0 'iqfmt -t html tricky.jsonl | sed -n "/^<main>/,/^<\/main>/p"' <<'EOF'
<main>
<h1>Top [1]</h1>
<ul>
<li><a href="https://e.com/\">Back\slash ~~strike~~ | pipe</a></li>
</ul>
<h2>C# &amp; &lt;HTML&gt; *basics*</h2>
<ul>
<li><span class="topic">What is `x`?</span>
<ul>
<li><a href="https://e.com/a%20b?x=1&amp;amp;y=%3C2%3E">&lt;script&gt;alert(1)&lt;/script&gt;</a> <span class="desc">— see a@b.com, www.e.com</span></li>
<li><span class="unsafe">http://bare.example/x_y</span> <code>javascript:alert(1)</code></li>
</ul></li>
<li><span class="topic">Ends with colon:</span>
<ul>
<li><a href="rel/path">x</a></li>
</ul></li>
</ul>
<ul>
<li><a href="https://e.com/5">no heading</a></li>
</ul>
</main>
EOF
# Strict HTML5: html5lib raises on any parse error.  The checks: no script
# element, the <script> title is text, every href is http, https or relative.
cat > "$W/htmlcheck.py" <<'EOF'
import re, sys, html5lib
for f in sys.argv[1:]:
    doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(open(f, "rb").read())
    assert doc.find("head/title") is not None and doc.find("head/meta[@charset]") is not None
    assert not doc.findall(".//script"), f
    for a in doc.findall(".//a"):
        href = re.sub(r"[\t\n\r]", "", a.get("href").lstrip("".join(map(chr, range(33)))))
        scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", href)
        assert not scheme or scheme.group().lower() in ("http:", "https:"), href
    texts = ["".join(a.itertext()) for a in doc.findall(".//a")]
    if "tricky" in f:
        assert "<script>alert(1)</script>" in texts, texts
        assert "javascript:alert(1)" in ["".join(c.itertext()) for c in doc.findall(".//code")]
print("ok")
EOF
if [ -n "$HTMLPY" ]; then
	t 'html: strict HTML5 with html5lib, script stays text' 0 \
		"iqfmt -t html cat.jsonl > cat.html; iqfmt -t html tricky.jsonl > tricky.html
		iqfmt -t html fields.jsonl bad.jsonl > odd.html 2>/dev/null; iqfmt -t html < /dev/null > empty.html
		printf '{\"title\":\"\\\\u0000\\\\u0001\\\\u007f\\\\u0085\\\\ufdd0\",\"url\":\" JaVa\\\\tScRiPt:x\"}\n' | iqfmt -t html > ctl.html
		$HTMLPY htmlcheck.py cat.html tricky.html odd.html empty.html ctl.html" <<'EOF'
ok
EOF
	if have_shared; then
		t 'html: strict HTML5 for every corpus file' 0 \
			"for f in '$SHARED'/corpus/expected-v2/*.jsonl; do iqfmt -t html \"\$f\" > \"\$(basename \"\$f\").html\"; done
			$HTMLPY htmlcheck.py *.jsonl.html" <<'EOF'
ok
EOF
	fi
else
	skip 'html: strict HTML5 with html5lib' 'no python3 with html5lib (apt-get install python3-html5lib)'
fi

# ---- templates ----

t 'template: catalogue' 0 "head -n 2 cat.jsonl | iqfmt -f '{n}. {title} <{url}>'" <<'EOF'
1. 大语言模型开发各阶段 <https://poe.com/s/ZA30ztgmME6mBOWmuZ>
2. 模型微调和通用能力 <https://poe.com/s/sIIaJudZd7lC7ASLlH>
EOF
t 'template: arrays, numbers, unknown keys, braces, escapes' 0 \
	"iqfmt --template='{{{n}}} [{headings}] x={x} y={y} z={z} none={none}\\t|\\\\|\\nnext' fields.jsonl" "iqfmt: warning: no record has a field 'none'" <<'EOF'
{1} [H1 > H2] x=1.5 y= z=true none=	|\|
next
{2} [] x=-7 y={"k":[1]} z=false none=	|\|
next
EOF
t 'template: foreign JSON Lines' 0 \
	"printf '%s\n' '{\"user\":\"ann\",\"score\":9.5,\"tags\":[\"a\",\"b\"]}' '{\"user\":\"bob\"}' | iqfmt -f '{user}: {score} ({tags})'" <<'EOF'
ann: 9.5 (a > b)
bob:  ()
EOF

# ---- input and output ----

t 'bad lines are reported and skipped' 2 'iqfmt -f "{title}" bad.jsonl 2>&1' <<'EOF'
iqfmt: bad.jsonl:2: string or '}' expected near 'bad'
iqfmt: bad.jsonl:3: not a JSON object
a
c
EOF
t 'a missing file, the others still rendered' 2 'iqfmt -f "{title}" ascii.jsonl missing ascii.jsonl' \
	'iqfmt: missing: No such file or directory' <<'EOF'
Q
Q
EOF
t 'CRLF, a BOM, blank lines and no final newline' 0 \
	'printf "\357\273\277{\"title\":\"a\"}\r\n\n  \n{\"title\":\"b\"}" | iqfmt -f "{title}|"' <<'EOF'
a|
b|
EOF
t 'standard input as -' 0 'iqfmt -f "{title}" - < ascii.jsonl' <<'EOF'
Q
EOF
t 'write error' 2 'iqfmt cat.jsonl > /dev/full' 'iqfmt: write error: No space left on device' <<'EOF'
EOF
t 'closed pipe: quiet' 0 'yes "{\"title\":\"a\"}" | head -n 100000 | iqfmt -t csv | head -n 1 | tr -d "\r"' '' <<'EOF'
n,section,topic,title,url
EOF
if command -v timeout >/dev/null; then
	# The first record must come out while the input is still open.
	t '--line-buffered writes each record at once' 0 \
		'{ cat ascii.jsonl; sleep 3; } | iqfmt --line-buffered -f "{title}" | timeout 2 head -n 1' <<'EOF'
Q
EOF
fi

t 'an integer beyond 64 bits: kept as a real, with a warning' 0 \
	"printf '{\"a\":18446744073709551615,\"b\":1}\n' | iqfmt -t jsonl" \
	'iqfmt: -:1: warning: integer beyond 64 bits read as a real number' <<'OUT'
{"a":1.8446744073709552e+19,"b":1.0}
OUT

# ---- grouped formats: first appearance, whatever the input order ----

cat > "$W/mixed.jsonl" <<'EOF'
{"n":1,"section":"A","topic":"T1","title":"a1","url":"u1","headings":["A"]}
{"n":2,"section":"B","topic":"T2","title":"b1","url":"u2","headings":["B"]}
{"n":3,"section":"A","topic":"T3","title":"T3","url":"u3","headings":["A"]}
{"n":4,"section":"A","topic":"T1","title":"a2","url":"u4","headings":["A"]}
{"n":5,"section":"C","topic":"T4","title":"c1","url":"u5","headings":["A","C"]}
{"n":6,"section":"A","topic":"T5","title":"a5","url":"u6","headings":["A"]}
EOF
t 'markdown: grouped by first appearance' 0 'iqfmt -t markdown mixed.jsonl' <<'EOF'
# A

- **T1**
  - [a1](<u1>)
  - [a2](<u4>)
- [T3](<u3>)
- **T5**
  - [a5](<u6>)

## C

- **T4**
  - [c1](<u5>)

# B

- **T2**
  - [b1](<u2>)
EOF
t 'html: grouped by first appearance' 0 'iqfmt -t html mixed.jsonl | sed -n "/^<main>/,/^<\/main>/p"' <<'EOF'
<main>
<h1>A</h1>
<ul>
<li><span class="topic">T1</span>
<ul>
<li><a href="u1">a1</a></li>
<li><a href="u4">a2</a></li>
</ul></li>
<li><a href="u3">T3</a></li>
<li><span class="topic">T5</span>
<ul>
<li><a href="u6">a5</a></li>
</ul></li>
</ul>
<h2>C</h2>
<ul>
<li><span class="topic">T4</span>
<ul>
<li><a href="u5">c1</a></li>
</ul></li>
</ul>
<h1>B</h1>
<ul>
<li><span class="topic">T2</span>
<ul>
<li><a href="u2">b1</a></li>
</ul></li>
</ul>
</main>
EOF
t 'markdown: a random pick shows each section once' 0 \
	'iqpick --seed 7 -n 20 cat.jsonl | iqfmt -t markdown | grep "^#" | sort | uniq -d | wc -l' <<'EOF'
0
EOF
t 'html: a random pick shows each section once' 0 \
	'iqpick --seed 7 -n 20 cat.jsonl | iqfmt -t html | grep "^<h[1-6]>" | sort | uniq -d | wc -l' <<'EOF'
0
EOF
if command -v iqcat >/dev/null; then
	t 'markdown round trip in order: built-in catalogue' 0 \
		'iqfmt -t markdown cat.jsonl | iqcat - | iqfmt -t tsv -F section,topic,title,url,desc > b.tsv; iqfmt -t tsv -F section,topic,title,url,desc cat.jsonl | cmp - b.tsv && echo same' <<'EOF'
same
EOF
fi

# ---- html: the page's language ----

t 'html: lang from Chinese text' 0 'iqfmt -t html cat.jsonl | sed -n 2p' <<'EOF'
<html lang="zh">
EOF
t 'html: lang from Japanese text' 0 'printf "{\"title\":\"\\u6f22\\u5b57\\u3068\\u304b\\u306a\"}\n" | iqfmt -t html | sed -n 2p' <<'EOF'
<html lang="ja">
EOF
t 'html: lang from Korean text' 0 'printf "{\"title\":\"\\ud55c\\uad6d\\uc5b4\"}\n" | iqfmt -t html | sed -n 2p' <<'EOF'
<html lang="ko">
EOF
t 'html: lang en otherwise' 0 'iqfmt -t html ascii.jsonl | sed -n 2p' <<'EOF'
<html lang="en">
EOF
t 'html: --lang wins' 0 'iqfmt -t html --lang=zh-Hant cat.jsonl | sed -n 2p' <<'EOF'
<html lang="zh-Hant">
EOF
t 'html: --lang must be a language tag' 2 'iqfmt -t html --lang="x\"y" 2>&1' <<EOF
iqfmt: invalid language tag 'x"y' (such as en, zh, ja, ko)
$TRY
EOF
t 'html: --lang with another format' 2 'iqfmt --lang=en 2>&1' <<EOF
iqfmt: --lang applies to html only
$TRY
EOF

# ---- field names no record had ----

t 'warning: -F names a field no record has' 0 'iqfmt -t csv -F n,titel,x,titel ascii.jsonl fields.jsonl | tr "\r" "^"' \
	"iqfmt: warning: no record has a field 'titel'" <<'EOF'
n,titel,x,titel^
,,,^
1,,1.5,^
2,,-7,^
EOF
t 'warning: none for the default columns' 0 'printf "{\"a\":1}\n" | iqfmt -t tsv' '' <<'EOF'
n	section	topic	title	url
				
EOF
t 'warning: none without records' 0 'iqfmt -t tsv -F titel < /dev/null' '' <<'EOF'
titel
EOF
t 'warning: a template names a field no record has' 0 'iqfmt -f "{titel} {title}" ascii.jsonl 2>&1' <<'EOF'
 Q
iqfmt: warning: no record has a field 'titel'
EOF
t 'warning: a field null in a record is a field it had' 0 'iqfmt -f "{y}" fields.jsonl' '' <<'EOF'

{"k":[1]}
EOF
t 'warning: also after a bad line, exit status unchanged' 0 'iqfmt -f "{nope}" bad.jsonl 2>err >/dev/null; echo $?; tail -n 1 err' <<'EOF'
2
iqfmt: warning: no record has a field 'nope'
EOF

# ---- usage is the SYNOPSIS ----

MANPAGE=$TESTS/../man/iqfmt.1
if command -v mandoc > /dev/null && [ -f "$MANPAGE" ]; then
	mandoc -Tascii "$MANPAGE" | col -bx | awk '/^SYNOPSIS/ { f = 1; next } /^[A-Z]/ { f = 0 } f' |
		tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//' > "$T/syn"
	echo >> "$T/syn"
	t 'man: SYNOPSIS is usage()' 0 'iqfmt --help | sed -n 1,2p | sed "s/^usage: //" | tr -s " \n" "  " | sed "s/^ *//; s/ *$//"; echo' < "$T/syn"
else
	skip 'man: SYNOPSIS is usage()' 'mandoc or man/iqfmt.1 missing'
fi
t 'usage: spelled usage:' 0 'iqfmt --help | grep -c "^usage: iqfmt "' <<'EOF'
1
EOF

# ---- question records and empty urls (SPEC §3 iqfmt) ----

cat > "$W/q.jsonl" <<'EOF'
{"n":1,"id":"0000000000000001","section":"S","topic":"What is KV cache?","title":"What is KV cache?","url":"","desc":"","headings":["S"],"file":"q.md","line":3}
{"n":2,"id":"0000000000000002","section":"S","topic":"Empty link","title":"Empty link","url":"","desc":"","headings":["S"],"file":"q.md","line":4}
{"n":3,"id":"0000000000000003","section":"S","topic":"1. Why decoder-only? 🤔","title":"1. Why decoder-only? 🤔","url":"","desc":"","headings":["S"],"file":"q.md","line":5}
{"n":4,"id":"0000000000000004","section":"S","topic":"What is KV cache?","title":"blog","url":"https://e.com/kv","desc":"","headings":["S"],"file":"q.md","line":6}
{"n":5,"id":"0000000000000005","section":"S","topic":"# Not a heading?","title":"# Not a heading?","url":"","desc":"","headings":["S"],"file":"q.md","line":7}
EOF
t 'question records: markdown plain items, [t](<>) for an empty link' 0 'iqfmt -t markdown q.jsonl' <<'EOF'
# S

- What is KV cache?
- **What is KV cache?**
  - [blog](<https://e.com/kv>)
- [Empty link](<>)
- 1\. Why decoder-only? 🤔
- \# Not a heading?
EOF
t 'question records: html without a link' 0 'iqfmt -t html q.jsonl | sed -n "/^<main>/,/^<\/main>/p"' <<'EOF'
<main>
<h1>S</h1>
<ul>
<li><span class="topic">What is KV cache?</span>
<ul>
<li><a href="https://e.com/kv">blog</a></li>
</ul></li>
<li>Empty link</li>
<li><span class="topic">1. Why decoder-only? 🤔</span></li>
<li><span class="topic"># Not a heading?</span></li>
</ul>
</main>
EOF
t 'question records: no empty href' 1 'iqfmt -t html q.jsonl | grep -c "href=\"\""' <<'EOF'
0
EOF
t 'question records: text without a url line' 0 'iqfmt q.jsonl' <<'EOF'
  1. What is KV cache?
     S · #1

  2. Empty link
     S · #2

  3. 1. Why decoder-only? 🤔
     S · #3

  4. What is KV cache?
     blog
     S · #4
     https://e.com/kv

  5. # Not a heading?
     S · #5
EOF
t 'question records: csv with an empty url' 0 'iqfmt -t csv q.jsonl | tr "\r" "^"' <<'EOF'
n,section,topic,title,url^
1,S,What is KV cache?,What is KV cache?,^
2,S,Empty link,Empty link,^
3,S,1. Why decoder-only? 🤔,1. Why decoder-only? 🤔,^
4,S,What is KV cache?,blog,https://e.com/kv^
5,S,# Not a heading?,# Not a heading?,^
EOF
if command -v iqcat >/dev/null; then
	t 'empty url: [t](<>) reads back as the same link' 0 \
		'grep "Empty link" q.jsonl | iqfmt -t markdown | iqcat - | iqfmt -t tsv -F section,topic,title,url' <<'EOF'
section	topic	title	url
S	Empty link	Empty link	
EOF
fi

# ---- text is safe for a terminal; data formats stay faithful ----

printf '{"n":1,"section":"S\\u001b]0;pwned\\u0007","topic":"t\\u202e","title":"a\\u001b[2Jb \\u2066x\\u2069 \\u0085","url":"https://e.com/\\u202egnp.exe","desc":"d\\u007f"}\n' > "$W/evil.jsonl"
t 'text: control and BiDi characters shown as escapes' 0 'iqfmt evil.jsonl' <<'EOF'
  1. t\u202e
     a\x1b[2Jb \u2066x\u2069 \u0085
     d\x7f
     S\x1b]0;pwned\x07 · #1
     https://e.com/\u202egnp.exe
EOF
t 'text: nothing unsafe reaches the terminal' 1 "iqfmt evil.jsonl | LC_ALL=C grep -c \"\$(printf '\\033\\|\\342\\200\\256\\|\\342\\201\\246\\|\\302\\205\\|\\177')\"" <<'EOF'
0
EOF
if [ -n "$HAVE_PY" ]; then
	t 'jsonl, json: control and BiDi characters kept' 0 \
		"{ iqfmt -t jsonl evil.jsonl; iqfmt -t json evil.jsonl | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)[0]))'; } | python3 -c 'import json,sys; a=[json.loads(l) for l in sys.stdin]; b=json.loads(open(\"evil.jsonl\").read()); print(a[0] == b == a[1])'" <<'EOF'
True
EOF
fi
t 'csv, tsv, template, markdown: BiDi and controls kept' 0 \
	"for f in csv tsv markdown; do iqfmt -t \$f evil.jsonl; done > all.out; iqfmt -f '{title}{url}' evil.jsonl >> all.out; LC_ALL=C grep -c \"\$(printf '\\342\\200\\256')\" all.out; LC_ALL=C grep -c \"\$(printf '\\033')\" all.out" <<'EOF'
5
5
EOF

# ---- csv for spreadsheets ----

cat > "$W/formula.jsonl" <<'EOF'
{"n":1,"title":"=HYPERLINK(\"http://x\",\"y\")","url":"+cmd|' /C calc'!A0","topic":"@SUM(A1)","section":"-2+3"}
{"n":-2,"title":"\tx","url":"\ry","topic":"a=b","section":"大模型"}
EOF
t 'csv: faithful by default' 0 'iqfmt -t csv formula.jsonl | tr "\r\t" "^~"' <<'EOF'
n,section,topic,title,url^
1,-2+3,@SUM(A1),"=HYPERLINK(""http://x"",""y"")",+cmd|' /C calc'!A0^
-2,大模型,a=b,~x,"^y"^
EOF
t 'csv: --spreadsheet: a byte-order mark, formulas defused' 0 'iqfmt -t csv --spreadsheet formula.jsonl | tr "\r\t" "^~"' <<'EOF'
﻿n,section,topic,title,url^
1,'-2+3,'@SUM(A1),"'=HYPERLINK(""http://x"",""y"")",'+cmd|' /C calc'!A0^
-2,大模型,a=b,'~x,"'^y"^
EOF
t 'csv: --spreadsheet with another format' 2 'iqfmt -t tsv --spreadsheet 2>&1' <<EOF
iqfmt: --spreadsheet applies to csv only
$TRY
EOF

# ---- markdown: a backtick in a url; an empty topic ----

printf '%s\n' '{"section":"S","headings":["S"],"topic":"a","title":"a","url":"https://e.com/`x"}' \
	'{"section":"S","headings":["S"],"topic":"b `c","title":"b `c","url":"https://e.com/y`"}' \
	'{"section":"S","headings":["S"],"topic":"","title":"e","url":"https://e.com/e"}' > "$W/tick.jsonl"
t 'markdown: a backtick in a url is escaped' 0 'iqfmt -t markdown tick.jsonl' <<'EOF'
# S

- [a](<https://e.com/\`x>)
- [b \`c](<https://e.com/y\`>)
- [](#)
  - [e](<https://e.com/e>)
EOF
if command -v iqcat >/dev/null; then
	t 'markdown: a backtick in a url reads back' 0 \
		'head -n 2 tick.jsonl | iqfmt -t markdown | iqcat - | iqfmt -t tsv -F section,topic,title,url' <<'EOF'
section	topic	title	url
S	a	a	https://e.com/`x
S	b `c	b `c	https://e.com/y`
EOF
fi
# SANITIZE=1: an empty topic once copied NULL with memcpy (UBSan aborted).
t 'markdown: an empty topic' 0 'tail -n 1 tick.jsonl | iqfmt -t markdown' '' <<'EOF'
# S

- [](#)
  - [e](<https://e.com/e>)
EOF

# The output iqfmt(1)'s EXAMPLES shows is the real one.
if command -v mandoc > /dev/null && [ -f "$MANPAGE" ] && command -v iqcat > /dev/null && command -v iqpick > /dev/null; then
	mandoc -Tutf8 "$MANPAGE" | col -bx | sed -n '/iqpick --seed demo -n 2 | iqfmt$/,/^     [A-Z]/p' |
		sed '1,2d;$d' | sed '$d' | sed 's/^           //' > "$T/example"
	t 'man: the EXAMPLES output is real' 0 'iqcat | iqpick --seed demo -n 2 | iqfmt' < "$T/example"
else
	skip 'man: the EXAMPLES output is real' 'mandoc, iqcat or iqpick missing'
fi
