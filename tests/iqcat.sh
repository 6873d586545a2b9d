# iqcat: records from Markdown (SPEC §1, §3).
. "$(dirname "$0")/lib.sh"

# A catalogue that exercises every topic rule and field.
cat > "$W/rules.md" <<'MD'
# Guide

## Basics

- **Bold topic**:
  [First answer](https://a.example/1) - the first description
  [Second answer](https://a.example/2)
- What is RAG?
  See [rag](https://a.example/rag) and [more](https://a.example/more)
- [Parent](https://a.example/parent)
  - [Child](https://a.example/child) — child desc
  - plain text child with [link](https://a.example/c2)

### Table

| Topic | Link |
|-------|------|
| Attention | [paper](https://a.example/attn): why it works |
| [First cell](https://a.example/fc) | text |

Paragraph with <https://a.example/auto> and www.example.com/bare here.
MD

t 'topic rules 1 to 5, desc, headings, autolinks' 0 'iqcat rules.md' <<'OUT'
{"n":1,"id":"c43c529714c5d935","section":"Basics","topic":"Bold topic","title":"First answer","url":"https://a.example/1","desc":"the first description","headings":["Guide","Basics"],"file":"rules.md","line":6}
{"n":2,"id":"c43c4f9714c5d41c","section":"Basics","topic":"Bold topic","title":"Second answer","url":"https://a.example/2","desc":"","headings":["Guide","Basics"],"file":"rules.md","line":7}
{"n":3,"id":"ab7907282ca2ca40","section":"Basics","topic":"What is RAG?","title":"rag","url":"https://a.example/rag","desc":"","headings":["Guide","Basics"],"file":"rules.md","line":9}
{"n":4,"id":"1f04e3fb80329587","section":"Basics","topic":"What is RAG?","title":"more","url":"https://a.example/more","desc":"","headings":["Guide","Basics"],"file":"rules.md","line":9}
{"n":5,"id":"fbc3a72de6acb346","section":"Basics","topic":"Parent","title":"Parent","url":"https://a.example/parent","desc":"","headings":["Guide","Basics"],"file":"rules.md","line":10}
{"n":6,"id":"d92bf87e862efee4","section":"Basics","topic":"Parent","title":"Child","url":"https://a.example/child","desc":"child desc","headings":["Guide","Basics"],"file":"rules.md","line":11}
{"n":7,"id":"3742edb84b4369b7","section":"Basics","topic":"plain text child with","title":"link","url":"https://a.example/c2","desc":"","headings":["Guide","Basics"],"file":"rules.md","line":12}
{"n":8,"id":"4080ddd7ad6f9ae1","section":"Table","topic":"Attention","title":"paper","url":"https://a.example/attn","desc":"why it works","headings":["Guide","Basics","Table"],"file":"rules.md","line":18}
{"n":9,"id":"373184b84b344419","section":"Table","topic":"First cell","title":"First cell","url":"https://a.example/fc","desc":"","headings":["Guide","Basics","Table"],"file":"rules.md","line":19}
{"n":10,"id":"391d93d7a99cb219","section":"Table","topic":"https://a.example/auto","title":"https://a.example/auto","url":"https://a.example/auto","desc":"","headings":["Guide","Basics","Table"],"file":"rules.md","line":21}
{"n":11,"id":"5dbc6cc2571eddf2","section":"Table","topic":"www.example.com/bare","title":"www.example.com/bare","url":"http://www.example.com/bare","desc":"","headings":["Guide","Basics","Table"],"file":"rules.md","line":21}
OUT

# One small catalogue for the cases below; its record, computed by hand.
printf '# T\n- [a](u)\n' > "$W/ok.md"
REC='{"n":1,"id":"af63e84c860200f0","section":"T","topic":"a","title":"a","url":"u","desc":"","headings":["T"],"file":"ok.md","line":2}'
REC2=$(printf '%s\n' "$REC" | sed 's/"n":1/"n":2/')

t 'built-in catalogue with no operand' 0 'iqcat | cmp - "$TESTS/catalogue.expected.jsonl" && echo same' <<'OUT'
same
OUT

t 'numbering continues across files' 0 'iqcat ok.md ok.md' <<OUT
$REC
$REC2
OUT

t 'missing file among others: reported, the rest converted' 2 'iqcat ok.md missing.md ok.md' 'iqcat: missing.md: No such file or directory' <<OUT
$REC
$REC2
OUT

mkdir -p "$W/dir"
t 'a directory operand' 2 'iqcat dir ok.md' 'iqcat: dir: Is a directory' <<OUT
$REC
OUT

: > "$W/empty.md"
t 'empty file: no records, success' 0 'iqcat empty.md' '' </dev/null

t 'standard input as -' 0 'printf "# T\n- [a](u)\n" | iqcat -' <<'OUT'
{"n":1,"id":"af63e84c860200f0","section":"T","topic":"a","title":"a","url":"u","desc":"","headings":["T"],"file":"-","line":2}
OUT

t 'CRLF line ends and a BOM' 0 'printf "\357\273\277# T\r\n\r\n- **Top**\r\n  [a](u) - d\r\n" | iqcat -' <<'OUT'
{"n":1,"id":"af63e84c860200f0","section":"T","topic":"Top","title":"a","url":"u","desc":"d","headings":["T"],"file":"-","line":4}
OUT

t 'invalid UTF-8 and NUL become U+FFFD, output stays valid' 0 'printf "# H\377\n- [a\000b \377 c](u\376)\n" | iqcat -' <<'OUT'
{"n":1,"id":"17d3c3e215ad9711","section":"H�","topic":"a�b � c","title":"a�b � c","url":"u�","desc":"","headings":["H�"],"file":"-","line":2}
OUT

t 'a truncated sequence is one U+FFFD' 0 'printf "[x\342\202y](u)\n" | iqcat -' <<'OUT'
{"n":1,"id":"af63e84c860200f0","section":"","topic":"x�y","title":"x�y","url":"u","desc":"","headings":[],"file":"-","line":1}
OUT

t '100000 nested block quotes' 0 'python3 -c "print(\">\" * 100000 + \" [x](y)\")" | iqcat -' <<'OUT'
{"n":1,"id":"af63f44c86021554","section":"","topic":"x","title":"x","url":"y","desc":"","headings":[],"file":"-","line":1}
OUT

t 'anchors, mailto, badges and images are left out' 0 'printf "[](e) [x]() ![i](s) [![b](s)](t) [a](#x) <me@x.org> [m](MAILTO:y)\n" | iqcat -' <<'OUT'
{"n":1,"id":"af63d84c8601e5c0","section":"","topic":"","title":"","url":"e","desc":"","headings":[],"file":"-","line":1}
{"n":2,"id":"6812967e8b0e6c25","section":"","topic":"x","title":"x","url":"","desc":"","headings":[],"file":"-","line":1}
OUT

t '--all keeps them, images too' 0 'printf "![i](s) [![b](s)](t) [a](#x) <me@x.org>\n" | iqcat --all -' <<'OUT'
{"n":1,"id":"af63ee4c86020b22","section":"","topic":"i","title":"i","url":"s","desc":"","headings":[],"file":"-","line":1}
{"n":2,"id":"af63e94c860202a3","section":"","topic":"","title":"","url":"t","desc":"","headings":[],"file":"-","line":1}
{"n":3,"id":"af63ee4c86020b22","section":"","topic":"b","title":"b","url":"s","desc":"","headings":[],"file":"-","line":1}
{"n":4,"id":"07c94607b49216be","section":"","topic":"a","title":"a","url":"#x","desc":"","headings":[],"file":"-","line":1}
{"n":5,"id":"c0c44ea824323cfd","section":"","topic":"me@x.org","title":"me@x.org","url":"mailto:me@x.org","desc":"","headings":[],"file":"-","line":1}
OUT

cat > "$W/text.md" <<'MD'
[a &amp; b\_c `x  y`](u?a=1&amp;b=&#50;)<BR/>next

- a　b<br>cut [t](v) : d
MD
t 'entities, escapes, code spans, <br> and white space' 0 'iqcat text.md' <<'OUT'
{"n":1,"id":"0daf05a56e3592e1","section":"","topic":"a & b_c x y","title":"a & b_c x y","url":"u?a=1&b=2","desc":"","headings":[],"file":"text.md","line":1}
{"n":2,"id":"af63eb4c86020609","section":"","topic":"a b","title":"t","url":"v","desc":"d","headings":[],"file":"text.md","line":3}
OUT

t 'links in a heading take the heading as section' 0 'printf "# Top\n## [Sub](s) - note\n- [a](u)\n" | iqcat -' <<'OUT'
{"n":1,"id":"af63ee4c86020b22","section":"Sub - note","topic":"Sub","title":"Sub","url":"s","desc":"note","headings":["Top","Sub - note"],"file":"-","line":2}
{"n":2,"id":"af63e84c860200f0","section":"Sub - note","topic":"a","title":"a","url":"u","desc":"","headings":["Top","Sub - note"],"file":"-","line":3}
OUT

t 'md4c bare URL ending a table cell is closed at the cell' 0 'printf "| a | b |\n|---|---|\n| x | https://e.com/a|\n| y | [t](u) |\n\n[after](v)\n" | iqcat -' <<'OUT'
{"n":1,"id":"3365ef88c380c3de","section":"","topic":"x","title":"https://e.com/a","url":"https://e.com/a","desc":"","headings":[],"file":"-","line":3}
{"n":2,"id":"af63e84c860200f0","section":"","topic":"y","title":"t","url":"u","desc":"","headings":[],"file":"-","line":4}
{"n":3,"id":"af63eb4c86020609","section":"","topic":"after","title":"after","url":"v","desc":"","headings":[],"file":"-","line":6}
OUT

printf '# A\n\n## Empty\n\n## Full\n- **No link here**\n- [x](u)\n- [](v)\n- [y](u)\n- [z]()\n' > "$W/faults.md"
t '--check reports faults, sorted by line, exit 1' 1 'iqcat --check faults.md' <<'OUT'
faults.md:3: warning: empty section 'Empty'
faults.md:6: warning: item without a link 'No link here'
faults.md:8: warning: link with empty text
faults.md:9: warning: duplicate URL u (first at faults.md:7)
faults.md:10: warning: link with empty destination
OUT

t '--check on a clean catalogue: nothing, exit 0' 0 'iqcat --check ok.md' </dev/null

t 'write error: message and exit 2' 2 'iqcat > /dev/full' 'iqcat: write error: No space left on device' </dev/null

t 'closed pipe: quiet' 0 'iqcat | head -c 8; echo' '' <<'OUT'
{"n":1,"
OUT

t 'closed stdout' 2 'iqcat >&-' 'iqcat: write error: Bad file descriptor' </dev/null

t 'input file is also the output' 2 'cp ok.md same.md && iqcat same.md >> same.md; s=$?; cmp -s ok.md same.md && exit $s' 'iqcat: same.md: input file is also the output' </dev/null

t 'unknown option' 2 'iqcat --bogus' "iqcat: unrecognized option '--bogus'
Try 'iqcat --help' for more information." </dev/null

t '--version' 0 'iqcat --version' <<'OUT'
iqcat (iqtools) 0.1.0
OUT

t '--help names every option' 0 'iqcat --help | grep -o -e "--all" -e "--check" -e "--line-buffered" -e "--version" | sort -u' <<'OUT'
--all
--check
--line-buffered
--version
OUT

if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
	cp "$W/ok.md" "$W/noperm.md" && chmod 000 "$W/noperm.md" && chmod 755 "$W"
	t 'unreadable file (as nobody)' 2 'runuser -u nobody -- iqcat noperm.md ok.md' 'iqcat: noperm.md: Permission denied' <<OUT
$REC
OUT
else
	skip 'unreadable file (as nobody)' 'needs root to drop privileges'
fi

# About 100 MB of Markdown in one file: every link comes out, numbered.
yes -- '- **Topic** [question](https://example.com/q) - answer' | head -n 1800000 > "$W/big.md"
t 'a 100 MB catalogue' 0 'iqcat big.md | tail -n 1' <<'OUT'
{"n":1800000,"id":"046a3934057f369f","section":"","topic":"Topic","title":"question","url":"https://example.com/q","desc":"answer","headings":[],"file":"big.md","line":1800000}
OUT
rm -f "$W/big.md"

t '--color is accepted, and checked' 2 'iqcat --color=never ok.md && iqcat --color=pink ok.md' "iqcat: invalid --color argument 'pink' (auto, always or never)
Try 'iqcat --help' for more information." <<OUT
$REC
OUT

# md4c 0.4.8 reads the byte after a document (found by fuzzing: on this input
# it read past the end and, with garbage there, asked for gigabytes).
printf '# AweAwesomsomeues-LLM [![Awesome](https://awesome.a name="breaome-LLM [![Awesome](https://aisoe' > "$W/overread.md"
t 'a document md4c reads one byte past' 0 'iqcat -a overread.md' <<'OUT'
{"n":1,"id":"79853899f492c900","section":"AweAwesomsomeues-LLM [![Awesome](https://awesome.a name=\"breaome-LLM [![Awesome](https://aisoe","topic":"https://awesome.a","title":"https://awesome.a","url":"https://awesome.a","desc":"","headings":["AweAwesomsomeues-LLM [![Awesome](https://awesome.a name=\"breaome-LLM [![Awesome](https://aisoe"],"file":"overread.md","line":1}
OUT

# Record rules 2: question records, --links, -b.
printf '## Why decoder-only?\n\n- What is KV cache?\n- [a](u)\n' > "$W/q.md"
t 'question records: an item without a link, in order' 0 'iqcat q.md' <<'OUT'
{"n":1,"id":"3a51e897c3107e85","section":"Why decoder-only?","topic":"What is KV cache?","title":"What is KV cache?","url":"","desc":"","headings":["Why decoder-only?"],"file":"q.md","line":3}
{"n":2,"id":"af63e84c860200f0","section":"Why decoder-only?","topic":"a","title":"a","url":"u","desc":"","headings":["Why decoder-only?"],"file":"q.md","line":4}
OUT
t '--links leaves question records out' 0 'iqcat --links q.md' <<'OUT'
{"n":1,"id":"af63e84c860200f0","section":"Why decoder-only?","topic":"a","title":"a","url":"u","desc":"","headings":["Why decoder-only?"],"file":"q.md","line":4}
OUT
t '-b reads the built-in catalogue before the files' 0 'iqcat -b ok.md | sed -n "58,59p" | cut -c1-20' <<'OUT'
{"n":58,"id":"0fa147
{"n":59,"id":"af63e8
OUT
t '--check: an item that became a question record is no warning; lines are real' 1 "printf '## S\n\n- plain item\n- What?\n' | iqcat --check -" <<'OUT'
-:3: warning: item without a link 'plain item'
OUT
t '--check: a table of contents is not an empty section' 0 "printf '## 目录\n1. [A](#a)\n## A\n[x](u)\n' | iqcat --check -" </dev/null

# Linear time: inputs on which the quadratic code of version 1 needed
# minutes (a hang detector, not a speed test).
python3 -c "print('http://a.b/ '*40000)" > "$W/bare.md"
python3 -c "print('[aN](uN) - d '*16000)" > "$W/descs.md"
python3 -c "print('：http://a'*200000)" > "$W/punct.md"
t 'one paragraph of 40,000 bare URLs' 0 'timeout 20 iqcat bare.md | wc -l' <<'OUT'
40000
OUT
t 'a desc ends at the next link: output linear in input' 0 'timeout 20 iqcat descs.md | wc -c' <<'OUT'
2196894
OUT
t 'many URL starts after punctuation, none a link' 0 'timeout 20 iqcat punct.md | wc -c' <<'OUT'
0
OUT
python3 -c "print('## '+'a'*9000000+'\n\ntext')" > "$W/long-heading.md"
t '--check quotes a 9 MB heading in a warning, no crash' 0 'iqcat --check long-heading.md > o; echo $?; wc -c < o' <<'OUT'
1
9000045
OUT

if command -v mandoc >/dev/null; then
	cat > "$W/synopsis.sh" <<'SH'
mandoc -Tascii "$1" | col -b | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
	tr -s ' \t\n' '   ' | sed 's/^ *//; s/ *$//'
echo
SH
	t 'usage equals the SYNOPSIS of iqcat(1)' 0 "sh synopsis.sh '$TESTS/../man/iqcat.1' > syn; iqcat --help | head -n 1 | sed 's/^usage: //' | cmp - syn && echo same" <<'OUT'
same
OUT
fi
t '--check shows an OSC 52 sequence in a heading as escapes' 1 "printf '## a\033]52;c;cm0gLXJmIH4=\007b\n\ntext\n' | iqcat --check -" <<'OUT'
-:1: warning: empty section 'a\x1b]52;c;cm0gLXJmIH4=\x07b'
OUT
python3 -c "print('## Why?\n\n' + '- What?\n' * 50000)" > "$W/held.md"
t 'records held behind an undecided question heading come out in order' 0 'timeout 20 iqcat held.md | sed -n "1p;50001p" | cut -c1-40' <<'OUT'
{"n":1,"id":"457487fcd4ccf723","section"
{"n":50001,"id":"dacd2f596d8047dd","sect
OUT
