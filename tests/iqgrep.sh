# iqgrep: every criterion and modifier, their combinations, Unicode, each
# error path, and the raw-line pre-filter (which must never change what is
# selected: the same runs with --no-prefilter give the same bytes).
. "$(dirname "$0")/lib.sh"

cp "$TESTS/catalogue.expected.jsonl" "$W/cat.jsonl"
head -n 5 "$W/cat.jsonl" > "$W/seen.jsonl"
printf '  756802702a88d9ca  \r\n\n8673ef9392e0f141\n' > "$W/ids.txt"
: > "$W/empty"
# ns: the "n" of each record read, on one line (records start with "n").
printf '#!/bin/sh\nsed -n '\''s/^{ *"n" *: *\\([0-9]*\\).*/\\1/p'\'' | paste -sd " " -\n' > "$W/ns"
chmod +x "$W/ns"

# --- criteria ------------------------------------------------------------

t 'PATTERN searches the text fields' 0 'iqgrep RAG cat.jsonl | ./ns' <<'EOF'
30 31 32 33 34
EOF
t '-s prints the lines byte for byte' 0 'iqgrep -s RAG cat.jsonl > o && sed -n 30,34p cat.jsonl | cmp - o && echo same' <<'EOF'
same
EOF
t '-s matches a parent heading' 0 'iqgrep -c -s "^Awesome-LLM-Interview" cat.jsonl' <<'EOF'
58
EOF
t '-s section text' 0 'iqgrep --section 训练优化 cat.jsonl | ./ns' <<'EOF'
35 36 37 38 39 40
EOF
t '-t topic' 0 'iqgrep -t "^PPO" cat.jsonl | ./ns' <<'EOF'
24 25
EOF
t '-t is case-sensitive by default' 1 'iqgrep -t "ppo|dpo" cat.jsonl' </dev/null
t '-i -t ppo|dpo' 0 'iqgrep -i -t "ppo|dpo" cat.jsonl | ./ns' <<'EOF'
24 25
EOF
t '-e is repeatable and ORed' 0 'iqgrep -e LoRA --regexp PEFT cat.jsonl | ./ns' <<'EOF'
38 39
EOF
t 'kinds are ANDed' 0 'iqgrep -s 训练优化 -t 参数 cat.jsonl | ./ns' <<'EOF'
38 39
EOF
t 'kinds are ANDed (pattern and section)' 0 'iqgrep -s RAG -e 重排 cat.jsonl | ./ns' <<'EOF'
33
EOF
t 'default fields include section and headings' 0 'iqgrep Transformer cat.jsonl | ./ns' <<'EOF'
16 17 18 19 20 21 22 23
EOF
t 'PATTERN does not search url (its slugs make false hits)' 1 'iqgrep -i rl cat.jsonl' '' </dev/null
t '-e does not search url' 1 'iqgrep -e AKbb4h cat.jsonl' '' </dev/null
t '-f url searches urls' 0 'iqgrep -i -f url rl cat.jsonl | ./ns; iqgrep -f url -e AKbb4h cat.jsonl | ./ns' '' <<'EOF'
3
3
EOF
t '-f narrows to one field' 0 'iqgrep -f title Transformer cat.jsonl | ./ns' <<'EOF'
16 17
EOF
t '-f is repeatable' 0 'iqgrep -f title -f url -e "Transformer 深入|sIIaJudZd7lC7ASLlH" cat.jsonl | ./ns' <<'EOF'
2 17
EOF
t '-f a number field' 0 'iqgrep -f n "^5" cat.jsonl | ./ns' <<'EOF'
5 50 51 52 53 54 55 56 57 58
EOF
t '-f line -x' 0 'iqgrep -x -f line 23 cat.jsonl | ./ns' <<'EOF'
1
EOF
t '-f an array field' 0 'iqgrep -c -f headings "^Awesome" cat.jsonl' <<'EOF'
58
EOF
t '-f a missing field: one warning at the end' 1 'iqgrep -f nothing -f nothing . cat.jsonl' "iqgrep: warning: no record has a field 'nothing'" </dev/null
t '-f a misspelt field among good ones, status unchanged' 0 'iqgrep -c -f titel -f title Transformer cat.jsonl' "iqgrep: warning: no record has a field 'titel'" <<'EOF'
2
EOF
t '-f a field some record has: no warning' 0 'printf "{\"a\":1}\n{\"b\":true}\n" | iqgrep -c -v -f b x' '' <<'EOF'
2
EOF
t '-f: no warning when -m stopped before the end' 0 'iqgrep -m 1 -f titel -f title Transformer cat.jsonl | ./ns' '' <<'EOF'
16
EOF
t '--id' 0 'iqgrep --id 756802702a88d9ca cat.jsonl | ./ns' <<'EOF'
2
EOF
t '--id is repeatable' 0 'iqgrep --id 756802702a88d9ca --id d8451ff7d3227517 cat.jsonl | ./ns' <<'EOF'
1 2
EOF
t '--id and a pattern are ANDed' 1 'iqgrep --id 756802702a88d9ca -s RAG cat.jsonl' </dev/null
t '--ids with one id a line' 0 'iqgrep --ids ids.txt cat.jsonl | ./ns' <<'EOF'
2 3
EOF
t '--ids with records' 0 'iqgrep --ids seen.jsonl cat.jsonl | ./ns' <<'EOF'
1 2 3 4 5
EOF
t '--ids empty selects nothing' 1 'iqgrep --ids empty cat.jsonl' </dev/null
t '-X drops listed records' 0 'iqgrep -X seen.jsonl < cat.jsonl | ./ns' <<'EOF'
6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58
EOF
t '-X with one id a line' 0 'iqgrep --exclude-ids ids.txt -s 大模型基础 cat.jsonl | ./ns' <<'EOF'
1 4 5 6 7 8 9 10 11 12 13 14 15
EOF
t '-X and --ids together' 0 'iqgrep --ids seen.jsonl -X ids.txt cat.jsonl | ./ns' <<'EOF'
1 4 5
EOF
t '-X from standard input' 0 'printf "d8451ff7d3227517\n" | iqgrep -X - -s 大模型基础 cat.jsonl | ./ns' <<'EOF'
2 3 4 5 6 7 8 9 10 11 12 13 14 15
EOF

# --- modifiers -------------------------------------------------------------

t '-F takes the pattern literally' 0 'iqgrep -F -t "&" cat.jsonl | ./ns' <<'EOF'
3
EOF
t '-F: a dot is a dot' 1 'iqgrep -F -t "R." cat.jsonl' </dev/null
t '-F with regex characters' 0 'iqgrep -F "(RAG)" cat.jsonl | ./ns' <<'EOF'
30 31 32 33 34
EOF
t '-w whole words' 0 'iqgrep -w -t PPO cat.jsonl | ./ns' <<'EOF'
24 25
EOF
t '-w rejects part of a word' 1 'iqgrep -w -t PP cat.jsonl' </dev/null
t '-w -F with punctuation at the end' 0 'iqgrep -w -F -t "REINFORCE++" cat.jsonl | ./ns' <<'EOF'
26 27 28
EOF
t '-w: CJK letters are word characters' 1 'iqgrep -w -s 大模型 cat.jsonl' </dev/null
t '-x whole field' 0 'iqgrep -x -t Transformer cat.jsonl | ./ns' <<'EOF'
16 17
EOF
t '-x rejects a part' 1 'iqgrep --whole-field -t Trans cat.jsonl' </dev/null
t '-x wins over -w' 0 'iqgrep -w -x -s ".*RAG.*" cat.jsonl | ./ns' <<'EOF'
30 31 32 33 34
EOF
t '-v inverts' 0 'iqgrep -v -s 大模型 cat.jsonl | ./ns' <<'EOF'
16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 55 56 57 58
EOF
t '-v with -X: listed records stay out' 0 'iqgrep -v -s RAG -X seen.jsonl -c cat.jsonl' <<'EOF'
48
EOF
t '-c counts' 0 'iqgrep -c -s RAG cat.jsonl' <<'EOF'
5
EOF
t '-c with nothing selected' 1 'iqgrep --count -s nothing-here cat.jsonl' <<'EOF'
0
EOF
t '-c -v' 0 'iqgrep -c -v -s RAG cat.jsonl' <<'EOF'
53
EOF
t '-q prints nothing, exit 0' 0 'iqgrep -q -s RAG cat.jsonl' </dev/null
t '-q, nothing selected' 1 'iqgrep --quiet -s nothing-here cat.jsonl' </dev/null
t '-q with a match wins over an error' 0 'iqgrep -q -s RAG missing cat.jsonl' 'iqgrep: missing: No such file or directory' </dev/null
t '-m stops' 0 'iqgrep -m 2 -s RAG cat.jsonl | ./ns' <<'EOF'
30 31
EOF
t '-m 0 reads nothing' 1 'iqgrep -m 0 -s RAG cat.jsonl' </dev/null
t '-m with -c' 0 'iqgrep -c --max-count=3 -s RAG cat.jsonl' <<'EOF'
3
EOF
t '-m with -v' 0 'iqgrep -m 3 -v -s 大模型基础 cat.jsonl | ./ns' <<'EOF'
16 17 18
EOF
t '--line-buffered output' 0 'iqgrep --line-buffered -s RAG cat.jsonl | ./ns' <<'EOF'
30 31 32 33 34
EOF
t '--line-buffered flushes each record' 0 '
	rm -f lb; { head -n 1 cat.jsonl; sleep 5; } | iqgrep --line-buffered . > lb &
	i=0; while [ ! -s lb ] && [ $i -lt 40 ]; do sleep 0.1; i=$((i + 1)); done
	./ns < lb' <<'EOF'
1
EOF
t 'several files, and - for standard input' 0 'head -n 2 cat.jsonl | iqgrep -s 大模型基础 seen.jsonl - | ./ns' <<'EOF'
1 2 3 4 5 1 2
EOF
t 'empty pattern selects every record' 0 'iqgrep -c "" cat.jsonl' <<'EOF'
58
EOF
t '--color is accepted' 0 'iqgrep --color=never -c -s RAG cat.jsonl' <<'EOF'
5
EOF

# --- foreign JSON Lines and byte-for-byte output ---------------------------

t 'lines are passed through unchanged' 0 'printf "%s\n" "{ \"a\" : \"x\\u00e9\" ,\"b\":1.50}" "{\"a\":\"y\"}" | iqgrep -f a "xé"' <<'EOF'
{ "a" : "x\u00e9" ,"b":1.50}
EOF
t 'CRLF, BOM and blank lines' 0 'printf "\357\273\277{\"a\":\"x\"}\r\n\n  \n{\"a\":\"y\"}\r\n" | iqgrep -f a .' <<'EOF'
{"a":"x"}
{"a":"y"}
EOF
t 'last line without a newline' 0 'printf "{\"a\":\"x\"}" | iqgrep -f a x' <<'EOF'
{"a":"x"}
EOF
t 'strings, numbers and arrays of any key' 0 'printf "%s\n" "{\"tags\":[\"alpha\",\"beta\"],\"score\":3.5}" "{\"tags\":\"beta\",\"score\":35}" "{\"tags\":true,\"score\":null}" > f
	iqgrep -x -f tags beta f; echo $?; iqgrep -f score "^3\\.5$" f; echo $?; iqgrep -c -f tags true f; echo $?' <<'EOF'
{"tags":["alpha","beta"],"score":3.5}
{"tags":"beta","score":35}
0
{"tags":["alpha","beta"],"score":3.5}
0
0
1
EOF
t 'reals in their shortest form' 0 'printf "{\"r\":1.0,\"s\":1e2,\"t\":0.1}\n" | iqgrep -x -f r 1 | iqgrep -x -f s 100 | iqgrep -x -f t 0.1' <<'EOF'
{"r":1.0,"s":1e2,"t":0.1}
EOF
t 'integers beyond 64 bits keep the record' 0 'printf "{\"id\":18446744073709551616,\"a\":\"x\"}\n" | iqgrep -f a x' 'iqgrep: -:1: warning: integer beyond 64 bits read as a real number' <<'EOF'
{"id":18446744073709551616,"a":"x"}
EOF
t 'integers beyond 64 bits: matched as the real, one warning an input' 0 'printf "{\"a\":\"x\"}\n{\"v\":18446744073709551617,\"w\":1}\n{\"v\":99999999999999999999}\n" > big
	iqgrep -x -f v "1\.8446744073709552e\+19" big - < big; iqgrep -x -f w 1 big' 'iqgrep: big:2: warning: integer beyond 64 bits read as a real number
iqgrep: -:2: warning: integer beyond 64 bits read as a real number
iqgrep: big:2: warning: integer beyond 64 bits read as a real number' <<'EOF'
{"v":18446744073709551617,"w":1}
{"v":18446744073709551617,"w":1}
{"v":18446744073709551617,"w":1}
EOF
t 'duplicate keys: the last wins' 1 'printf "{\"a\":\"x\",\"a\":\"y\"}\n" > f; iqgrep -x -f a y f; iqgrep -c -x -f a x f' <<'EOF'
{"a":"x","a":"y"}
0
EOF
t '\u0000 in a field' 0 'printf "{\"a\":\"x\\\\u0000y\"}\n" | iqgrep -f a "x\\x{0}y"' <<'EOF'
{"a":"x\u0000y"}
EOF
t '-x does not take a final newline as the end' 1 'printf "{\"a\":\"abc\\\\n\"}\n" | iqgrep -x -f a abc' </dev/null
t 'numeric ids' 0 'printf "{\"id\":42}\n{\"id\":7}\n" | iqgrep --id 42' <<'EOF'
{"id":42}
EOF

# --- Unicode ---------------------------------------------------------------

printf '%s\n' '{"title":"CAFÉ au lait"}' '{"title":"café"}' '{"title":"cafe"}' '{"title":"٣"}' '{"title":"Straße"}' > "$W/uni.jsonl"
t '-i café selects CAFÉ' 0 'iqgrep -i café uni.jsonl' <<'EOF'
{"title":"CAFÉ au lait"}
{"title":"café"}
EOF
t 'without -i, café is not CAFÉ' 0 'iqgrep café uni.jsonl' <<'EOF'
{"title":"café"}
EOF
t '-i -F CAFÉ' 0 'iqgrep -i -F CAFÉ uni.jsonl' <<'EOF'
{"title":"CAFÉ au lait"}
{"title":"café"}
EOF
t '-w: É is a word character' 1 'iqgrep -w -i caf uni.jsonl' </dev/null
t '-w -i café' 0 'iqgrep -w -i café uni.jsonl' <<'EOF'
{"title":"CAFÉ au lait"}
{"title":"café"}
EOF
t '. is one character' 0 'iqgrep -x "caf." uni.jsonl' <<'EOF'
{"title":"café"}
{"title":"cafe"}
EOF
t '\d matches any script digit (UCP)' 0 'iqgrep -x "\d" uni.jsonl' <<'EOF'
{"title":"٣"}
EOF
t '\w knows ß' 0 'iqgrep -x "Stra\w+" uni.jsonl' <<'EOF'
{"title":"Straße"}
EOF

# --- errors ----------------------------------------------------------------

t 'invalid pattern' 2 'iqgrep "(" cat.jsonl' "iqgrep: missing closing parenthesis (offset 1) in pattern '('" </dev/null
t 'invalid pattern: before reading input' 2 'iqgrep -s "a{2,1}" missing' "iqgrep: numbers out of order in {} quantifier (offset 5) in pattern 'a{2,1}'" </dev/null
t 'invalid -t pattern' 2 'iqgrep -t "[a" cat.jsonl' "iqgrep: missing terminating ] for character class (offset 2) in pattern '[a'" </dev/null
t 'invalid UTF-8 in a pattern' 2 "iqgrep -F \"\$(printf 'ab\\377')\" cat.jsonl" "iqgrep: UTF-8 error: illegal byte (0xfe or 0xff) (offset 2) in pattern 'ab\\xff'" </dev/null
t '(*NO_JIT) runs the interpreter' 0 'iqgrep -c "(*NO_JIT)Trans.*er" cat.jsonl' '' <<'EOF'
8
EOF
t '(*NOTEMPTY), as grep -P' 1 'printf "{\"title\":\"ab\"}\n{\"title\":\"\"}\n" | iqgrep -c "(*NOTEMPTY)"' '' <<'EOF'
0
EOF
t '(*NOTEMPTY_ATSTART), as grep -P' 0 'printf "{\"title\":\"\"}\n{\"title\":\"b\"}\n" | iqgrep "(*NOTEMPTY_ATSTART)x*"' '' <<'EOF'
{"title":"b"}
EOF
t '(*NO_JIT)(*NOTEMPTY) with -w' 0 'printf "{\"title\":\"a b\"}\n{\"title\":\"\"}\n" | iqgrep -w "(*NO_JIT)(*NOTEMPTY)b?"' '' <<'EOF'
{"title":"a b"}
EOF
t '\C is refused' 2 'iqgrep "a\C" cat.jsonl' "iqgrep: using \\C is disabled by the application (offset 3) in pattern 'a\\C'" </dev/null
t 'a bad line is reported, the rest selected' 2 'printf "{\"a\":\"x\"}\n{bad\n{\"a\":\"x\"}\n" | iqgrep -f a x' "iqgrep: -:2: string or '}' expected near 'bad'" <<'EOF'
{"a":"x"}
{"a":"x"}
EOF
t 'a bad line that could not match is still reported' 2 'printf "{\"a\":\"zzz\"\n" | iqgrep -s RAG' "iqgrep: -:1: '}' expected near end of file" </dev/null
t 'a plain-looking bad line the pattern rules out is still reported' 2 'printf "{\"a\":1,}\n" | iqgrep -s RAG' "iqgrep: -:1: string or '}' expected near '}'" </dev/null
t 'the exit status does not depend on the prefilter' 2 'printf "{\"section\":\"RAG\",}\n" | iqgrep -s zzz' "iqgrep: -:1: string or '}' expected near '}'" </dev/null
t '... but it is with --no-prefilter' 2 'printf "{\"a\":1,}\n" | iqgrep --no-prefilter -s RAG' "iqgrep: -:1: string or '}' expected near '}'" </dev/null
t '... and when the pattern could match it' 2 'printf "{\"a\":\"RAG\",}\n" | iqgrep -s RAG' "iqgrep: -:1: string or '}' expected near '}'" </dev/null
t '... and under -v' 2 'printf "{\"a\":1,}\n" | iqgrep -v -s RAG' "iqgrep: -:1: string or '}' expected near '}'" </dev/null
t '... and with a pattern that is not regular' 2 'printf "{\"a\":1,}\n" | iqgrep -s "^RAG"' "iqgrep: -:1: string or '}' expected near '}'" </dev/null
t 'a bad line under -v' 2 'printf "{\"a\":\"zzz\"}\n[1]\n" | iqgrep -v -s RAG' 'iqgrep: -:2: not a JSON object' <<'EOF'
{"a":"zzz"}
EOF
t 'invalid UTF-8 in a line' 2 "printf '{\"t\":\"caf\\351 abc\"}\n' | iqgrep -f t abc" "iqgrep: -:1: unable to decode byte 0xe9 near '\"caf'" </dev/null
t 'invalid UTF-8 in a line the pattern cannot match' 2 "printf '{\"t\":\"caf\\351\"}\n' | iqgrep -s RAG" "iqgrep: -:1: unable to decode byte 0xe9 near '\"caf'" </dev/null
t 'a raw NUL byte' 2 "printf '{\"t\":\"a\\0b\"}\n' | iqgrep -f t a" 'iqgrep: -:1: NUL byte at byte 8' </dev/null
t 'a missing file among others' 2 'iqgrep -s RAG missing cat.jsonl > o; st=$?; ./ns < o; exit $st' 'iqgrep: missing: No such file or directory' <<'EOF'
30 31 32 33 34
EOF
t 'a directory' 2 'iqgrep -s RAG . seen.jsonl' 'iqgrep: .: Is a directory' </dev/null
t 'catastrophic pattern' 2 'printf "{\"t\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"}\n" | iqgrep -f t "((a+)*)+\$"' "iqgrep: -:1: exceeded PCRE's backtracking limit" </dev/null
t 'catastrophic pattern, and the rest flows' 2 'printf "{\"t\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"}\n{\"t\":\"aa\"}\n" | iqgrep -f t "((a+)*)+\$"' "iqgrep: -:1: exceeded PCRE's backtracking limit" <<'EOF'
{"t":"aa"}
EOF
t 'the JIT stack grows for a 1 MB field' 0 '{ printf "{\"t\":\""; yes ab | head -n 500000 | tr -d "\n"; printf "\"}\n"; } | iqgrep -c -f t "^(a|b)*\$"' <<'EOF'
1
EOF
t '-c still counts after a bad line' 2 'printf "{\"a\":\"x\"}\n{bad\n" | iqgrep -c -f a x' "iqgrep: -:2: string or '}' expected near 'bad'" <<'EOF'
1
EOF
t '-X with a missing file: an empty list' 0 'iqgrep -X nothing -c < cat.jsonl' '' <<'EOF'
58
EOF
t '--ids with a missing file is fatal' 2 'iqgrep --ids nothing cat.jsonl' 'iqgrep: nothing: No such file or directory' </dev/null
t '-X with a file it cannot read is fatal' 2 'iqgrep -X . cat.jsonl' 'iqgrep: .: Is a directory' </dev/null
t '-X with a bad line is fatal' 2 'printf "d8451ff7d3227517\n{\"id\":\n" > bad; iqgrep -X bad cat.jsonl' 'iqgrep: bad:2: not an id or a record' </dev/null
t '--ids with a record without id' 2 'printf "{\"n\":1}\n" > noid; iqgrep --ids noid cat.jsonl' 'iqgrep: noid:1: not an id or a record' </dev/null
t '--ids with a number as id' 2 'printf "{\"id\":42}\n" > numid; iqgrep --ids numid cat.jsonl' 'iqgrep: numid:1: not an id or a record' </dev/null
t '-X with a file of titles: fatal, before any input' 2 'printf "RAG 系统评测\n" > titles; iqgrep -X titles -s RAG cat.jsonl' 'iqgrep: titles:1: not an id or a record' </dev/null
t '-X with iqfmt text output: fatal' 2 'iqgrep -s RAG cat.jsonl | iqfmt -t text > text; iqgrep -X text cat.jsonl' 'iqgrep: text:1: not an id or a record' </dev/null
t '-X: only the first bad line of a file' 2 'printf "x\ny\n" > two; iqgrep -X two cat.jsonl' 'iqgrep: two:1: not an id or a record' </dev/null
t '-X: 15 hex digits are not an id' 2 'printf "756802702a88d9c\n" > short; iqgrep -X short cat.jsonl' 'iqgrep: short:1: not an id or a record' </dev/null
t '-X: a JSON array is not a record' 2 'printf "[\"756802702a88d9ca\"]\n" > arr; iqgrep -X arr cat.jsonl' 'iqgrep: arr:1: not an id or a record' </dev/null
t '-X takes review-log lines' 0 'printf "%s\n" "{\"id\":\"756802702a88d9ca\",\"t\":\"2026-11-30T10:00:00Z\",\"grade\":3}" "{\"id\":\"d8451ff7d3227517\",\"t\":\"2026-11-30T10:01:00Z\",\"grade\":1}" > log.jsonl
	iqgrep -X log.jsonl -s 大模型基础 cat.jsonl | ./ns' '' <<'EOF'
3 4 5 6 7 8 9 10 11 12 13 14 15
EOF
t 'ids are compared without regard to case' 0 'printf "756802702A88D9CA\n" > upper; iqgrep --ids upper cat.jsonl | ./ns; iqgrep --id D8451FF7D3227517 cat.jsonl | ./ns' '' <<'EOF'
2
1
EOF
t '-X does not take the place of the pattern' 0 'iqgrep -X seen.jsonl RAG cat.jsonl | ./ns' '' <<'EOF'
30 31 32 33 34
EOF
t '-X alone selects every record not listed' 0 'iqgrep -c -X ids.txt < cat.jsonl' '' <<'EOF'
56
EOF
# The seen-list pipeline of the README: a question on the first day, a
# different one on the second, and on a catalogue of two, nothing left on
# the third.
t 'seen-list: the first run shows a question' 0 'rm -f s.jsonl; iqcat | iqgrep -X s.jsonl | iqpick -n 1 | tee -a s.jsonl | iqfmt > shown; test -s shown && wc -l < s.jsonl' '' <<'EOF'
1
EOF
t 'seen-list: the second run a different one' 0 'iqcat | iqgrep -X s.jsonl | iqpick -n 1 | tee -a s.jsonl > /dev/null; sort -u s.jsonl | wc -l' '' <<'EOF'
2
EOF
t 'seen-list: two questions, two days, then none' 0 'head -n 2 cat.jsonl > two.jsonl; rm -f s2.jsonl
	for day in 1 2 3; do iqgrep -X s2.jsonl < two.jsonl | iqpick -n 1 >> s2.jsonl; echo $?; done
	sort s2.jsonl | cmp - two.jsonl && echo both' '' <<'EOF'
0
0
1
both
EOF
t 'no pattern' 2 'iqgrep' "iqgrep: no pattern given
Try 'iqgrep --help' for more information." </dev/null
t 'a bad -m' 2 'iqgrep -m x RAG' "iqgrep: invalid max count 'x'
Try 'iqgrep --help' for more information." </dev/null
t '-m -1 is no limit, as in GNU grep' 0 'iqgrep -c -m -1 -s RAG cat.jsonl' '' <<'EOF'
5
EOF
t '-m with a huge count' 0 'iqgrep -c -m 99999999999999999999999 -s RAG cat.jsonl' '' <<'EOF'
5
EOF
t 'a bad -m: a sign alone' 2 'iqgrep -m - RAG' "iqgrep: invalid max count '-'
Try 'iqgrep --help' for more information." </dev/null
t 'a bad --color' 2 'iqgrep --color=pink RAG' "iqgrep: invalid --color argument 'pink' (auto, always or never)
Try 'iqgrep --help' for more information." </dev/null
t 'an unknown option' 2 'iqgrep -z RAG' "iqgrep: invalid option -- 'z'
Try 'iqgrep --help' for more information." </dev/null
t 'a missing argument' 2 'iqgrep -e' "iqgrep: option requires an argument -- 'e'
Try 'iqgrep --help' for more information." </dev/null
t 'write error' 2 'iqgrep -s RAG cat.jsonl > /dev/full' 'iqgrep: write error: No space left on device' </dev/null
t 'write error with --line-buffered' 2 'iqgrep --line-buffered -s RAG cat.jsonl > /dev/full' 'iqgrep: write error: No space left on device' </dev/null
t 'closed pipe: quiet' 0 'yes "{\"a\":\"x\"}" | head -n 100000 | iqgrep -f a x 2> e | head -n 1; cat e' <<'EOF'
{"a":"x"}
EOF
t 'empty input selects nothing' 1 'iqgrep RAG' </dev/null
t '--help' 0 'iqgrep --help | head -n 1' <<'EOF'
usage: iqgrep [-cFiqvwx] [-e PATTERN] [-f NAME] [-m NUM] [-s PATTERN]
EOF
# The man page's SYNOPSIS is usage() word for word.
MAN=$TESTS/../man/iqgrep.1
if command -v mandoc > /dev/null && [ -f "$MAN" ]; then
	mandoc -Tascii "$MAN" | col -bx | awk '/^SYNOPSIS/ { f = 1; next } /^[A-Z]/ { f = 0 } f' |
		tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//' > "$T/syn"
	echo >> "$T/syn"
	t 'man: SYNOPSIS is usage()' 0 'iqgrep --help | sed -n 1,3p | sed "s/^usage: //" | tr -s " \n" "  " | sed "s/^ *//; s/ *\$//"; echo' '' < "$T/syn"
else
	skip 'man: SYNOPSIS is usage()' 'mandoc or man/iqgrep.1 missing'
fi
t '--version' 0 'iqgrep --version' <<'EOF'
iqgrep (iqtools) 0.1.0
EOF

# --- the pre-filter never changes a result ---------------------------------
# It never changes what is printed, what is reported or the exit status:
# every line is proven valid JSON, by lib/jsonscan or by jansson.

# Lines made to trip a raw-line check: escapes, reals, huge numbers, bad
# JSON of every kind, deep nesting, duplicate keys, raw DEL.
{
	printf '%s\n' '{"n":1,"id":"a1","section":"RAG basics","topic":"What is RAG?","headings":["Top","RAG basics"]}'
	printf '%s\n' '{"n":2,"id":"a2","section":"R\u0041G escaped","topic":"x","headings":["Top"]}'
	printf '%s\n' '{"n":3,"id":"a3","section":"quote \" inside RAG","topic":"x","headings":[]}'
	printf '%s\n' '{"n":4.0,"id":"a4","section":"real n","topic":"RAG"}'
	printf '%s\n' '{"n":5,"id":"a5","section":"big","big":18446744073709551616}'
	printf '%s\n' '{"n":6,"id":"a6","section":"zzz"'
	printf '{"n":7,"id":"a7","section":"caf\351"}\n'
	printf '{"n":8,"id":"a8","section":"tab\there"}\n'
	printf '{"n":9,"id":"a9","section":"deep","d":'; yes '[' | head -n 1100 | tr -d '\n'; yes ']' | head -n 1100 | tr -d '\n'; printf '}\n'
	printf '{"n":10,"id":"b0","d":'; yes '[' | head -n 2100 | tr -d '\n'; yes ']' | head -n 2100 | tr -d '\n'; printf '}\n'
	printf '%s\n' '{"n":11,"id":"b1","section":"x","v":1e999}'
	printf '%s\n' '{"n":12,"id":"b2","section":"x","v":01}'
	printf '%s\n' '{"n":13,"id":"b3","section":"x"} trailing'
	printf '%s\n' '[{"section":"RAG"}]'
	printf '%s\n' '{"n":15,"id":"b5","section":"x","t":true,"f":false,"z":null,"e":[],"o":{}}'
	printf '%s\n' '{ "n" : 16 , "id" : "b6" , "section" : "spaced RAG" , "headings" : [ "RAG" ] }'
	printf '%s\n' '{"n":17,"id":"b7","section":"(RAG)相关","topic":"大模型 CAFÉ"}'
	printf '%s\n' '{"n":18,"id":"b8","section":"x\u0000y","topic":"nul"}'
	printf '%s\n' '{"n":19,"id":"b9","section":"RAG$","topic":"\"RAG\""}'
	printf '%s\n' '{"n":20,"id":"c0","section":"\ud800"}'
	printf '%s\n' '{"n":21,"id":"c1","section":"a\u00e9b","topic":"\u00c9","title":"RAG"}'
	printf '{"n":22,"id":"c2","section":"nul raw\000x"}\n'
	printf '%s\n' '{"n":23,"id":"c3","section":"x","v":-0,"w":-12,"r":1.5e3,"e":2E-2}'
	printf '%s\n' '{"n":24,"id":"c4","headings":["a","RAG"],"section":"a"}'
	printf '%s\n' '{"n":25,"id":"c5","section":"RAG","section":"dup"}'
	printf '%s\n' '{"n":26,"id":"c6","section":"dup","section":"RAG"}'
	printf '%s\n' '{"n":27,"id":"c7","x":tru}'
	printf '%s\n' '{"n":28,"id":"c8","x":true1}'
	printf '{"n":29,"id":"c9","x":"\177 del RAG"}\n'
	printf '%s\n' '{"n":30,"id":"d0","x":"ok"}{"y":1}'
	printf '%s\n' '{"n":31,"id":"d1","section":"RAG","v":-0}'
	printf '%s\n' '{"n":32,"id":"d2","section":"xRAGx","topic":"RAGE"}'
	printf '%s\n' '{"n":33,"id":"d3","section":"","topic":"","title":"-RAG-"}'
	printf '%s\n' '{"n":34,"id":"d4","v":12345678901234567890,"section":"RAG"}'
	printf '%s\n' '{"n":35,"id":"d5","v":123456789012345678,"section":"18"}'
	printf '{"n":36,"id":"d6","section":"RAG"}\r\n'
	printf '%s\n' '{"n":37,"id":"d7","section":"R","x":"AG"}'
	printf '%s\n' '{"n":38,"id":"d8","section":"a\\b","topic":"RAG"}'
	printf '%s\n' '{"n":39,"id":"d9" "section":"RAG"}'
	printf '%s\n' '{"n":40,"id":"e0","section":"RAG",}'
	printf '%s\n' '{"n":41,"id":"e1","section":"RAG","a":[1,]}'
	printf '%s\n' '{"n":42,"id":"e2","section":"RAG","a":-}'
	printf '%s\n' '{"n":43,"id":"e3","section":"RAG","a":1.}'
	printf '%s\n' '{"n":44,"id":"e4","section":"RAG","a":.5}'
	printf '%s\n' '{"n":45,"id":"e5","section":"RAG","a":1e}'
	printf '%s\n' '{"n":46,"id":"e6","section":"RAG","a":[1 2]}'
	printf '%s\n' '{"n":47,"id":"e7","section":"RAG","a":{"b"}}'
	printf '%s\n' '{"n":48,"id":"e8","section":"RAG" "a":1}'
	printf '%s\n' '{"n":49,"id":"e9","section":"RAG","a":nul}'
	printf '\f{"n":50,"id":"f0","section":"RAG"}\n'
	printf '%s\n' '{"n":51,"id":"f1",1:"RAG"}'
	printf '%s\n' '{"n":52,"id":"f2","sec\u0074ion":"RAG"}'
	printf '{"n":53,"id":"f3","section":"\300\257RAG"}\n'
	printf '{"n":54,"id":"f4","section":"\355\240\200RAG"}\n'
	printf '{"n":55,"id":"f5","section":"\364\220\200\200RAG"}\n'
	printf '{"n":56,"id":"f6","section":"\342\202"}\n'
	printf '%s\n' '{"n":57,"id":"f7","section":"RAG","v":-1e999}'
	printf '%s\n' '{"n":58,"id":"f8","section":"RAG","v":1e-999}'
} > "$W/tricky.jsonl"

# One set of arguments a line; each runs with and without the pre-filter
# over the tricky lines, the catalogue and (when there) the corpus: the same
# output and status, and on valid input the same (empty) error output.
cat > "$W/argsets" <<'EOF'
RAG
-s RAG
-t RAG
-s R.G
-s '^RAG'
-s 'RAG$'
-s '(?<!")RAG'
-s '(?<!\w)RAG(?!\w)'
-s '\bRAG\b'
-s '\BAG'
-w RAG
-w -s RAG
-x -s RAG
-x -s 'RAG|dup'
-x -t ''
-i -s rag
-i -s 'rag|top'
-F -s 'RAG$'
-F -w -s '(RAG)'
-f v 0
-f v '^-?0$'
-f n '^4$'
-f n 4
-f r 1500
-f e 0.02
-f big 1.8
-f v 1234
-f section -e 'x.y'
-f section -e 'x\x{0}y'
-f section -e 'x\x00y'
-s 'AG|zz' -t x
-s RAG -t RAG
-v -s RAG
-v -s RAG -X seen.jsonl
-v -t 'x|nul'
-c -s RAG
-s é
-i -t café
-i É
-s '[^x]AG'
-s 'R(?=A)'
-s '(?>R|RA)G'
-s 'R\x{41}G'
-s 'R\x41G'
-e '"RAG"'
-e '":"RAG'
-s '[[:upper:]]AG'
-s '[]R]AG'
-s '[\]R]AG'
-t '\d'
-f x del
-f x '\x{7f}'
-f d '^$'
--id b6
--id a1 -s RAG
-i -e top
-s 'R(A)\1'
-s '(?i)rag'
-s '(?x) R A G'
-s '(?x)RAG # c'
-w -s '(?x)RAG # c'
-s '(*UCP)RAG'
-s 'RAG\z'
-s 'RAG\Z'
-s '\ARAG'
-s '\GRAG'
-s 'RA++G'
-s 'RA*+G'
-s 'R\QAG\E'
-s 'R{1}AG'
-s 'R{1}+AG'
-s '(?<n>R)AG'
-s '(?|R)AG'
-s '(?:R|X)AG'
-s 'R\KAG'
-s 'R\p{Lu}G'
-s 'R\pLG'
-s '相关'
-w -s '相关'
-e '大模型|CAFÉ'
-s "A"
-s '18'
-f v 1
-m 2 -s RAG
-F '"'
-F ','
-F '{'
-F '\'
-e '\\'
-e 'a\\b'
EOF
inputs="tricky.jsonl cat.jsonl"
if have_shared; then
	cat "$SHARED"/corpus/expected-v2/*.jsonl > "$W/corpus.jsonl"
	inputs="$inputs corpus.jsonl"
fi
while IFS= read -r args; do
	for f in $inputs; do
		errs='cmp -s ae be'
		t "pre-filter: iqgrep $args $f" 0 "
			iqgrep $args $f > a 2> ae; echo \$? >> a
			iqgrep --no-prefilter $args $f > b 2> be; echo \$? >> b
			cmp -s a b && $errs && echo same" <<'EOF'
same
EOF
	done
done < "$W/argsets"

# The tricky lines with a common pattern, in full: every bad line reported.
t 'pre-filter: tricky lines in full' 2 'iqgrep -s RAG tricky.jsonl > o 2> e; st=$?; ./ns < o; cat -v e; exit $st' <<'EOF'
1 2 3 16 17 19 24 26 31 32 34 36 52 58
iqgrep: tricky.jsonl:5: warning: integer beyond 64 bits read as a real number
iqgrep: tricky.jsonl:6: '}' expected near end of file
iqgrep: tricky.jsonl:7: unable to decode byte 0xe9 near '"caf'
iqgrep: tricky.jsonl:8: control character 0x9 near '"tab'
iqgrep: tricky.jsonl:10: maximum parsing depth reached near '['
iqgrep: tricky.jsonl:11: real number overflow near '1e999'
iqgrep: tricky.jsonl:12: invalid token near '0'
iqgrep: tricky.jsonl:13: end of file expected near 'trailing'
iqgrep: tricky.jsonl:14: not a JSON object
iqgrep: tricky.jsonl:20: invalid Unicode '\uD800' near '"\ud800"'
iqgrep: tricky.jsonl:22: NUL byte at byte 37
iqgrep: tricky.jsonl:27: invalid token near 'tru'
iqgrep: tricky.jsonl:28: '}' expected near '1'
iqgrep: tricky.jsonl:30: end of file expected near '{'
iqgrep: tricky.jsonl:39: '}' expected near '"section"'
iqgrep: tricky.jsonl:40: string or '}' expected near '}'
iqgrep: tricky.jsonl:41: unexpected token near ']'
iqgrep: tricky.jsonl:42: invalid token near '-'
iqgrep: tricky.jsonl:43: invalid token near '1.'
iqgrep: tricky.jsonl:44: invalid token near '.'
iqgrep: tricky.jsonl:45: invalid token near '1e'
iqgrep: tricky.jsonl:46: ']' expected near '2'
iqgrep: tricky.jsonl:47: ':' expected near '}'
iqgrep: tricky.jsonl:48: '}' expected near '"a"'
iqgrep: tricky.jsonl:49: invalid token near 'nul'
iqgrep: tricky.jsonl:50: invalid token near '\x0c'
iqgrep: tricky.jsonl:51: string or '}' expected near '1'
iqgrep: tricky.jsonl:53: unable to decode byte 0xc0 near '"'
iqgrep: tricky.jsonl:54: unable to decode byte 0xed near '"'
iqgrep: tricky.jsonl:55: unable to decode byte 0xf4 near '"'
iqgrep: tricky.jsonl:56: unable to decode byte 0xe2 near '"'
iqgrep: tricky.jsonl:57: real number overflow near '-1e999'
EOF
t '--no-prefilter reports every bad line' 2 'iqgrep --no-prefilter -s RAG tricky.jsonl > o 2> e; st=$?; ./ns < o; cat -v e; exit $st' <<'EOF'
1 2 3 16 17 19 24 26 31 32 34 36 52 58
iqgrep: tricky.jsonl:5: warning: integer beyond 64 bits read as a real number
iqgrep: tricky.jsonl:6: '}' expected near end of file
iqgrep: tricky.jsonl:7: unable to decode byte 0xe9 near '"caf'
iqgrep: tricky.jsonl:8: control character 0x9 near '"tab'
iqgrep: tricky.jsonl:10: maximum parsing depth reached near '['
iqgrep: tricky.jsonl:11: real number overflow near '1e999'
iqgrep: tricky.jsonl:12: invalid token near '0'
iqgrep: tricky.jsonl:13: end of file expected near 'trailing'
iqgrep: tricky.jsonl:14: not a JSON object
iqgrep: tricky.jsonl:20: invalid Unicode '\uD800' near '"\ud800"'
iqgrep: tricky.jsonl:22: NUL byte at byte 37
iqgrep: tricky.jsonl:27: invalid token near 'tru'
iqgrep: tricky.jsonl:28: '}' expected near '1'
iqgrep: tricky.jsonl:30: end of file expected near '{'
iqgrep: tricky.jsonl:39: '}' expected near '"section"'
iqgrep: tricky.jsonl:40: string or '}' expected near '}'
iqgrep: tricky.jsonl:41: unexpected token near ']'
iqgrep: tricky.jsonl:42: invalid token near '-'
iqgrep: tricky.jsonl:43: invalid token near '1.'
iqgrep: tricky.jsonl:44: invalid token near '.'
iqgrep: tricky.jsonl:45: invalid token near '1e'
iqgrep: tricky.jsonl:46: ']' expected near '2'
iqgrep: tricky.jsonl:47: ':' expected near '}'
iqgrep: tricky.jsonl:48: '}' expected near '"a"'
iqgrep: tricky.jsonl:49: invalid token near 'nul'
iqgrep: tricky.jsonl:50: invalid token near '\x0c'
iqgrep: tricky.jsonl:51: string or '}' expected near '1'
iqgrep: tricky.jsonl:53: unable to decode byte 0xc0 near '"'
iqgrep: tricky.jsonl:54: unable to decode byte 0xed near '"'
iqgrep: tricky.jsonl:55: unable to decode byte 0xf4 near '"'
iqgrep: tricky.jsonl:56: unable to decode byte 0xe2 near '"'
iqgrep: tricky.jsonl:57: real number overflow near '-1e999'
EOF

# Runs of lines passed over at once (matcher_pass): 6000 records, 540 KB
# (several reads of 128 KiB, and of a pipe), with matches, CR-LF lines and
# bad lines among them; every number and message as line by line.
awk 'BEGIN { for (i = 1; i <= 6000; i++)
	if (i % 1500 == 0) printf "{\"n\":%d,\"section\":\"bad\",}\n", i
	else if (i % 1499 == 0) printf "{\"n\":%d,\"section\":\"RLHF\"}\r\n", i
	else if (i % 997 == 0) printf "{\"n\":%d,\"section\":\"x\",\"headings\":[\"Top\",\"RLHF %d\"]}\n", i, i
	else printf "{\"n\":%d,\"id\":\"%016x\",\"section\":\"S%d\",\"topic\":\"t\",\"headings\":[\"Top\",\"S%d\"]}\n", i, i, i % 7, i % 7 }' > "$W/runs.jsonl"
for input in runs.jsonl -; do
	name=$input; [ "$input" = - ] && name='standard input'
	t "runs of lines: $name" 2 "iqgrep -s RLHF $input < runs.jsonl > o 2> e; st=\$?; ./ns < o; cat e; exit \$st" <<EOF
997 1499 1994 2991 2998 3988 4497 4985 5982 5996
iqgrep: $input:1500: string or '}' expected near '}'
iqgrep: $input:3000: string or '}' expected near '}'
iqgrep: $input:4500: string or '}' expected near '}'
iqgrep: $input:6000: string or '}' expected near '}'
EOF
done
t 'runs of lines: -c' 2 'iqgrep -c -s RLHF runs.jsonl 2> /dev/null' <<'EOF'
10
EOF
t 'runs of lines: -m 2 stops at the second, before the bad line 1500' 0 'iqgrep -m 2 -s RLHF runs.jsonl | ./ns' <<'EOF'
997 1499
EOF
t 'runs of lines: as with --no-prefilter' 0 '
	iqgrep -s S3 runs.jsonl > a 2> ae; echo $? >> a
	iqgrep --no-prefilter -s S3 runs.jsonl > b 2> be; echo $? >> b
	cmp -s a b && cmp -s ae be && wc -l < a' <<'EOF'
856
EOF

# On generated data, big enough for the pre-filter's trial to end.
if have_shared && command -v python3 >/dev/null; then
	python3 "$SHARED/bench/gen-catalogue" --links 6000 "$W/g.md" "$W/g.jsonl"
	for args in "-s RAG" "-i -t 'ppo|dpo'" "-s ." "-v -s RAG" "-c -e LoRA -e GQA" "-w -t RoPE" "-x -s '大模型 基础'"; do
		t "pre-filter: iqgrep $args g.jsonl" 0 "
			iqgrep $args g.jsonl > a 2> ae; echo \$? >> a
			iqgrep --no-prefilter $args g.jsonl > b 2> be; echo \$? >> b
			cmp -s a b && cmp -s ae be && echo same" <<'EOF'
same
EOF
	done
else
	skip 'pre-filter on generated data' 'needs ../shared and python3'
fi

# Against jq, where jq is installed: the same records for the same section
# and topic patterns over the corpus.
if have_shared && command -v jq >/dev/null; then
	for re in RAG Agent '[0-9]' 'Trans.*er'; do
		t "agrees with jq: -s '$re'" 0 "
			iqgrep -s '$re' corpus.jsonl | jq -r .url > a
			jq -r 'select((.headings + [.section]) | any(test(\"$re\"))) | .url' corpus.jsonl > b
			cmp a b && wc -l < a | tr -d ' ' | sed 's/^0\$/none/;s/^[1-9].*/some/'" <<'EOF'
some
EOF
		t "agrees with jq: -i -t '$re'" 0 "
			iqgrep -i -t '$re' corpus.jsonl | jq -r .url > a
			jq -r 'select(.topic | test(\"$re\"; \"i\")) | .url' corpus.jsonl > b
			cmp a b && echo same" <<'EOF'
same
EOF
	done
else
	skip 'agrees with jq' 'needs ../shared and jq'
fi
