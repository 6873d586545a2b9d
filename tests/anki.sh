#!/bin/sh
# iqfmt -t anki: an Anki (2.1.55+) text import.  The exact rows, and what
# Anki's CSV reader needs: Python's csv with a tab delimiter reads every
# row as the plain split on tabs (no field starts with a quote), five
# fields a row, one row per id, every record on one line.
. "$(dirname "$0")/lib.sh"

HEADER='#separator:tab
#html:true
#notetype:Basic
#guid column:1
#deck column:4
#tags column:5'

cat > "$W/tricky.jsonl" <<'IN'
{"n":1,"id":"0000000000000001","section":"C# & <HTML>","topic":"What is \"x\"?","title":"<script>alert(1)</script>","url":"https://e.com/a b?x=1&y=\"2\"","desc":"see\tthis\nline","headings":["Top \"1\"","C# & <HTML>"],"file":"t.md","line":1}
{"n":2,"id":"0000000000000002","section":"","topic":"","title":"js","url":"javascript:alert(1)","desc":"","headings":[]}
{"n":3,"id":"0000000000000001","section":"dup","topic":"dup","title":"dup","url":"x","desc":"","headings":["dup"]}
{"n":4,"id":"0000000000000003","section":"S","topic":"Q?","title":"Q?","url":"","desc":"","headings":["A  B\u3000C","S"]}
{"n":5,"id":"0000000000000004","section":"\"quoted\"","topic":"\"starts with a quote","title":"a\ttab\r\nand\u2028lines","url":"rel/path","desc":"","headings":["\"quoted\""]}
{"n":6,"id":"0000000000000005","section":"T","topic":"data","title":"d","url":" DATA:text/html,x","desc":"","headings":["T"]}
IN

t 'the exact file: header lines, escaped HTML, safe links, decks, tags' 0 'iqfmt -t anki tricky.jsonl | sed "s/\t/<T>/g"' '' <<EOF
$HEADER
0000000000000001<T>What is &quot;x&quot;?<T><a href="https://e.com/a%20b?x=1&amp;y=%222%22">&lt;script&gt;alert(1)&lt;/script&gt;</a><br>see this line<br>Top &quot;1&quot; &gt; C# &amp; &lt;HTML&gt;<T>Interview::C# & <HTML><T>Top_1 C#_&_<HTML>
0000000000000002<T>js<T>js<T>Interview<T>
0000000000000003<T>Q?<T>Q?<br>A  B　C &gt; S<T>Interview::S<T>A__B_C S
0000000000000004<T>&quot;starts with a quote<T><a href="rel/path">a tab  and lines</a><br>&quot;quoted&quot;<T>Interview::quoted<T>quoted
0000000000000005<T>data<T>d<br>T<T>Interview::T<T>T
EOF

if command -v python3 >/dev/null; then
	cat > "$W/check.py" <<'PY'
import csv, sys
lines = sys.stdin.read().split("\n")
assert lines[-1] == "", "no newline at the end"
body = [l for l in lines[:-1] if not l.startswith("#")]
rows = list(csv.reader(body, delimiter="\t"))
assert len(rows) == len(body), "a record spans lines"
ids = set()
for line, row in zip(body, rows):
    assert row == line.split("\t"), "csv reads %r differently" % line
    assert len(row) == 5, "%d fields in %r" % (len(row), line)
    for f in row:
        assert not f.startswith('"'), "field starts with a quote: %r" % f
    assert row[0] not in ids, "id twice: " + row[0]
    ids.add(row[0])
print(len(rows), "rows of 5 fields")
PY
	t 'python csv (tab): every row 5 fields, none starts with a quote' 0 'iqfmt -t anki tricky.jsonl | python3 check.py' '' <<'EOF'
5 rows of 5 fields
EOF
	t 'the built-in catalogue parses likewise, one row per record' 0 'iqcat | iqfmt -t anki | python3 check.py' '' <<'EOF'
58 rows of 5 fields
EOF
	t 'the catalogue twice: still one row per id' 0 'iqcat > a; cat a a | iqfmt -t anki | python3 check.py' '' <<'EOF'
58 rows of 5 fields
EOF
else
	skip 'python csv (tab): every row 5 fields, none starts with a quote' 'python3 is not installed'
	skip 'the built-in catalogue parses likewise, one row per record' 'python3 is not installed'
	skip 'the catalogue twice: still one row per id' 'python3 is not installed'
fi

t 'HTML in titles escaped' 0 'iqfmt -t anki tricky.jsonl | grep -o "<script>\\|&lt;script&gt;"' '' <<'EOF'
&lt;script&gt;
EOF

t 'a javascript: or data: url is not a link' 0 'iqfmt -t anki tricky.jsonl | grep -oE "href=[^>]*|javascript|DATA"' '' <<'EOF'
href="https://e.com/a%20b?x=1&amp;y=%222%22"
href="rel/path"
EOF

t 'a title with a tab or a newline stays on one row' 0 \
	'printf "%s\n" "{\"id\":\"1\",\"topic\":\"t\",\"title\":\"a\\tb\\nc\\rd\"}" | iqfmt -t anki | tail -n 1 | sed "s/\t/<T>/g"' '' <<'EOF'
1<T>t<T>a b c d<T>Interview<T>
EOF

t 'a repeated id gives one row, the first' 0 \
	'printf "%s\n" "{\"id\":\"a\",\"topic\":\"first\"}" "{\"id\":\"a\",\"topic\":\"second\"}" "{\"topic\":\"no id\"}" "{\"topic\":\"no id again\"}" | iqfmt -t anki | sed 1,6d | sed "s/\t/<T>/g"' '' <<'EOF'
a<T>first<T><T>Interview<T>
<T>no id<T><T>Interview<T>
<T>no id again<T><T>Interview<T>
EOF

t '--deck names the deck, " removed' 0 \
	'iqcat | iqgrep --id d8451ff7d3227517 | iqfmt -t anki --deck "My \"LLM\" deck" | tail -n 1 | sed "s/\t/<T>/g"' '' <<'EOF'
d8451ff7d3227517<T>大语言模型开发各阶段<T><a href="https://poe.com/s/ZA30ztgmME6mBOWmuZ">大语言模型开发各阶段</a><br>Awesome-LLM-Interview-Questions-and-Answers &gt; 大模型基础<T>My LLM deck::大模型基础<T>Awesome-LLM-Interview-Questions-and-Answers 大模型基础
EOF

t 'no record: the header lines alone' 0 'iqfmt -t anki < /dev/null' '' <<EOF
$HEADER
EOF

t 'an empty deck name is refused' 2 'iqfmt -t anki --deck "" 2>&1' <<'EOF'
iqfmt: empty deck name
Try 'iqfmt --help' for more information.
EOF

t 'a bad line is reported, the rest written' 2 'printf "{bad\n{\"id\":\"x\",\"topic\":\"t\"}\n" | iqfmt -t anki > o; st=$?; tail -n 1 o; exit $st' \
	"iqfmt: -:1: string or '}' expected near 'bad'" <<'EOF'
x	t		Interview	
EOF
