#!/bin/sh
# iqpick: the pick (SPEC §3) against goldens and an independent Python
# model of the formula, its properties, uniformity, input handling, errors.
. "$(dirname "$0")/lib.sh"

TRY="Try 'iqpick --help' for more information."

seq 5 > "$W/five"
seq 6 10 > "$W/five2"
for i in $(seq 1 20); do printf 'line %02d\n' "$i"; done > "$W/twenty"
cp "$TESTS/catalogue.expected.jsonl" "$W/cat.jsonl"
printf '{"a":1}\n{bad\n{"a":3}\n' > "$W/bad.jsonl"

# An independent model of iqpick: libxxhash through ctypes, every key
# computed and sorted, no heap.  ref.py [-n N] [-r] [--per F] [--keep-order]
# --seed S FILE...
cat > "$W/ref.py" <<'EOF'
import ctypes, json, sys
x = ctypes.CDLL("libxxhash.so.0")
x.XXH3_64bits.restype = ctypes.c_uint64
x.XXH3_64bits.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
x.XXH3_64bits_withSeed.restype = ctypes.c_uint64
x.XXH3_64bits_withSeed.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64]
n, replace, per, keep, seed, files = 1, False, None, False, None, []
a = sys.argv[1:]
while a:
    o = a.pop(0)
    if o == "-n": n = int(a.pop(0))
    elif o == "-r": replace = True
    elif o == "--per": per = a.pop(0)
    elif o == "--keep-order": keep = True
    elif o == "--seed": seed = a.pop(0).encode()
    else: files.append(o)
lines = []
for f in files:
    data = open(f, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"): data = data[3:]
    parts = data.split(b"\n")
    if parts and parts[-1] == b"": parts.pop()
    for p in parts:
        if p.endswith(b"\r"): p = p[:-1]
        if p.strip(b" \t\r\f\v"): lines.append(p)
s = x.XXH3_64bits(seed, len(seed))
key = lambda l, sd: x.XXH3_64bits_withSeed(l, len(l), sd % 2**64)
groups = {}
for pos, l in enumerate(lines):
    g = None
    if per is not None:
        try: obj = json.loads(l)
        except ValueError: continue
        if not isinstance(obj, dict): continue
        v = obj.get(per)
        g = v if v is None or isinstance(v, str) else \
            "\0" + json.dumps(v, separators=(",", ":"), sort_keys=True)
    groups.setdefault(g, []).append((pos, l))
out = []
for members in groups.values():
    if replace:
        picks = [min((key(l, s + j), pos, j, l) for pos, l in members)
                 for j in range(1, n + 1)]
        picks = [(k, pos, j, l) for k, pos, j, l in picks]
    else:
        picks = sorted((key(l, s), pos, 0, l) for pos, l in members)[:n]
    out.append(picks)
if keep:
    flat = sorted((p for g in out for p in g), key=lambda p: (p[1], p[2]))
else:
    flat = [p for g in sorted(out, key=lambda g: (g[0][0], g[0][1])) for p in g]
sys.stdout.buffer.write(b"".join(p[3] + b"\n" for p in flat))
EOF
have_ref() { python3 -c 'import ctypes; ctypes.CDLL("libxxhash.so.0")' 2>/dev/null; }
ref() { (cd "$W" && python3 ref.py "$@"); }

# Goldens, worked out by hand from the keys in iqpick(1) (seed "demo") and
# checked against the Python model.
t 'golden: seq 5, seed demo, all five in key order' 0 'seq 5 | iqpick -n 5 --seed demo' <<'EOF'
4
2
1
5
3
EOF
t 'golden: default count is 1' 0 'seq 5 | iqpick --seed demo' <<'EOF'
4
EOF
t 'golden: -r draws 1, 3, 3' 0 'seq 5 | iqpick -r -n 3 --seed demo' <<'EOF'
1
3
3
EOF
t 'golden: --keep-order' 0 'seq 5 | iqpick -n 2 --seed demo --keep-order' <<'EOF'
2
4
EOF
t 'golden: letters, seed x' 0 'printf "a\nb\nc\nd\ne\n" | iqpick -n 5 --seed x' <<'EOF'
a
c
b
e
d
EOF
t 'golden: --count= and options after operands' 0 'iqpick five --count=2 --seed=demo' <<'EOF'
4
2
EOF
t 'golden: equal lines tie by position (file then stdin)' 0 'seq 5 | iqpick -n 5 --seed demo five -' <<'EOF'
4
4
2
2
1
EOF
t 'golden: empty seed string is a seed' 0 'seq 5 | iqpick -n 5 --seed ""' <<'EOF'
2
1
4
3
5
EOF

if have_ref; then
	ref -n 10 --seed pin cat.jsonl > "$T/r"
	t 'model: -n 10 from a file' 0 'iqpick -n 10 --seed pin cat.jsonl' < "$T/r"
	t 'model: from a pipe' 0 'cat cat.jsonl | iqpick -n 10 --seed pin' < "$T/r"
	t 'model: reversed input' 0 'tac cat.jsonl | iqpick -n 10 --seed pin' < "$T/r"
	t 'model: sorted input' 0 'sort cat.jsonl | iqpick -n 10 --seed pin' < "$T/r"
	t 'model: shuffled input' 0 'shuf cat.jsonl | iqpick -n 10 --seed pin' < "$T/r"
	t 'model: split over two files and stdin' 0 \
		'head -20 cat.jsonl > a; tail -n +41 cat.jsonl > b; sed -n 21,40p cat.jsonl | iqpick -n 10 --seed pin b - a' < "$T/r"
	head -3 "$T/r" > "$T/r3"
	t 'property: -n 3 is the start of -n 10' 0 'iqpick -n 3 --seed pin cat.jsonl' < "$T/r3"
	ref -n 58 --seed all cat.jsonl > "$T/r"
	t 'model: -n beyond the input prints all of it in key order' 0 'iqpick -n 1000 --seed all cat.jsonl' < "$T/r"
	(cd "$W" && sort cat.jsonl) > "$T/sorted"
	t 'property: ... and that is every line' 0 'iqpick -n 1000 --seed all cat.jsonl | sort' < "$T/sorted"
	ref -n 4 --seed 2024-05-01 cat.jsonl > "$T/r"
	t 'property: --daily=D picks what --seed D picks' 0 'iqpick -n 4 --daily=2024-05-01 cat.jsonl' < "$T/r"
	t 'property: --seed D' 0 'iqpick -n 4 --seed 2024-05-01 cat.jsonl' < "$T/r"
	ref -n 4 --seed "$(date +%F)" cat.jsonl > "$T/r"
	t 'property: --daily alone is today in local time' 0 'iqpick -n 4 --daily cat.jsonl' < "$T/r"
	ref -n 2 --per section --seed sec cat.jsonl > "$T/r"
	t 'model: --per section -n 2' 0 'iqpick --per section -n 2 --seed sec cat.jsonl' < "$T/r"
	t 'model: --per from shuffled input' 0 'shuf cat.jsonl | iqpick --per section -n 2 --seed sec' < "$T/r"
	ref -n 2 --per section --seed sec --keep-order cat.jsonl > "$T/r"
	t 'model: --per --keep-order' 0 'iqpick --per section -n 2 --keep-order --seed sec cat.jsonl' < "$T/r"
	ref -n 25 -r --seed draw cat.jsonl > "$T/r"
	t 'model: -r follows s + j' 0 'iqpick -r -n 25 --seed draw cat.jsonl' < "$T/r"
	ref -n 25 -r --keep-order --seed draw cat.jsonl > "$T/r"
	t 'model: -r --keep-order' 0 'iqpick -r -n 25 --keep-order --seed draw cat.jsonl' < "$T/r"
	ref -n 3 -r --per section --seed draw cat.jsonl > "$T/r"
	t 'model: -r --per section' 0 'iqpick -r -n 3 --per section --seed draw cat.jsonl' < "$T/r"
	ref -n 7 --keep-order --seed keep cat.jsonl > "$T/r"
	t 'model: --keep-order' 0 'iqpick -n 7 --keep-order --seed keep cat.jsonl' < "$T/r"
	for s in 1 2 3 4 5 6 7 8 9 10 11 12; do ref -n 3 --seed "$s" twenty; done > "$T/r"
	t 'model: twelve seeds on twenty lines' 0 \
		'for s in 1 2 3 4 5 6 7 8 9 10 11 12; do iqpick -n 3 --seed "$s" twenty; done' < "$T/r"
	printf '{"s":null,"i":1}\n{"i":2}\n{"s":"x","i":3}\n{"s":1,"i":4}\n{"s":"1","i":5}\n{"s":[1],"i":6}\n{"i":7}\n' > "$W/grp"
	ref -n 5 --per s --seed g grp > "$T/r"
	t 'model: --per groups absent with null, 1 apart from "1"' 0 'iqpick --per s -n 5 --seed g grp' < "$T/r"
	t 'property: --per: absent and null are one group' 0 \
		'iqpick --per s -n 1 --seed g grp | grep -c "\"i\":[127]"' <<'EOF'
1
EOF
	if have_shared; then
		for f in "$SHARED"/corpus/expected-v2/*.jsonl; do
			ref -n 2 --per section --seed corpus "$f" > "$T/r"
			t "model: --per section on $(basename "$f")" 0 \
				"iqpick -n 2 --per section --seed corpus '$f'" < "$T/r"
		done
	else
		skip 'model: shared corpus' 'no shared folder'
	fi
else
	skip 'model: Python model of the formula' 'python3 with ctypes and libxxhash.so.0 needed'
fi

# Two from every section (one where a section has one record): counted
# with Python's json, not with iqpick's grouping.
t 'property: --per section -n 2 gives min(2, size) per section' 0 \
	'iqpick --per section -n 2 --seed count cat.jsonl | python3 -c "
import json, sys, collections
got = collections.Counter(json.loads(l)[\"section\"] for l in sys.stdin)
have = collections.Counter(json.loads(l)[\"section\"] for l in open(\"cat.jsonl\"))
print(\"ok\" if got == {k: min(2, v) for k, v in have.items()} else (got, have))"' <<'EOF'
ok
EOF

# Uniformity.  Chi-square with 19 degrees of freedom: 43.82 is the 0.999
# quantile, so a correct sampler fails it for one seed set in a thousand;
# these fixed seeds give 15.9, 12.3 and 18.6 (mean 19), so they pass with
# margin, while a skewed sampler fails (the last case below).
cat > "$W/chi.py" <<'EOF'
import collections, sys
c = collections.Counter(sys.stdin.read().split("\n")[:-1])
n = sum(c.values()); e = n / 20
chi = sum((c.get("line %02d" % i, 0) - e) ** 2 / e for i in range(1, 21))
print("ok" if len(c) == 20 and chi < 43.82 else "chi2 %.2f over %d keys" % (chi, len(c)))
sys.stderr.write("chi2 %.2f\n" % chi)
EOF
if [ "${IQ_VALGRIND:-}" = 1 ]; then
	skip 'uniform: over many seeds' 'a thousand runs are too slow under valgrind'
else
	t 'uniform: -n 1 over 1000 seeds, chi2 < 43.82' 0 \
		'i=0; while [ $i -lt 1000 ]; do iqpick --seed "u$i" twenty; i=$((i + 1)); done | python3 chi.py 2>/dev/null' <<'EOF'
ok
EOF
	t 'uniform: -n 3 over 500 seeds, each line as often' 0 \
		'i=0; while [ $i -lt 500 ]; do iqpick -n 3 --seed "v$i" twenty; i=$((i + 1)); done | python3 chi.py 2>/dev/null' <<'EOF'
ok
EOF
fi
t 'uniform: -r -n 4000 draws, chi2 < 43.82' 0 'iqpick -r -n 4000 --seed w twenty | python3 chi.py 2>/dev/null' <<'EOF'
ok
EOF
t 'uniform: all-first-line sampler would fail (the test can fail)' 0 \
	'i=0; while [ $i -lt 100 ]; do head -1 twenty; i=$((i + 1)); done | python3 chi.py 2>/dev/null | cut -c1-4' <<'EOF'
chi2
EOF

# Without a seed: getrandom.
t 'random: a permutation of the input' 0 'iqpick -n 20 twenty | sort' < "$W/twenty"
t 'random: two runs differ (fails once in 20!)' 0 \
	'iqpick -n 20 twenty > x; iqpick -n 20 twenty > y; cmp -s x y || echo differ' <<'EOF'
differ
EOF

# Lines: CRLF, no final newline, blank lines, BOM, bytes.
t 'lines: CRLF in, LF out, same key as LF' 0 'printf "a\r\nb\r\n" | iqpick -n 2 --seed x | od -An -c | tr -s " "' <<'EOF'
 a \n b \n
EOF
t 'lines: a last line without newline gets one' 0 'printf "a\nb" | iqpick -n 2 --seed x' <<'EOF'
a
b
EOF
t 'lines: blank and white-space-only lines are skipped' 0 'printf "\n  \n\t\r\na\n\n" | iqpick -n 5 --seed x' <<'EOF'
a
EOF
t 'lines: a BOM at the start of a file is ignored' 0 'printf "\357\273\277a\nb\n" | iqpick -n 2 --seed x' <<'EOF'
a
b
EOF
t 'lines: bytes pass through (invalid UTF-8, NUL, CR inside)' 0 \
	'printf "caf\351\n\000x\ny\rz\n" > bin; iqpick -n 5 --seed x bin | sort | od -An -c | tr -s " "' <<'EOF'
 \0 x \n c a f 351 \n y \r z \n
EOF
t 'lines: a 4 MB line is kept whole' 0 \
	'python3 -c "print(\"q\" * 4000000); print(\"r\")" > long; iqpick -n 2 --seed x long | wc -c' <<'EOF'
4000003
EOF

# Exit status and errors.
t 'status: empty input is 1' 1 ': | iqpick --seed x 2>&1' < /dev/null
t 'status: only blank lines is 1' 1 'printf "\n \n" | iqpick --seed x 2>&1' < /dev/null
t 'status: -r on empty input is 1' 1 'iqpick -r -n 3 < /dev/null 2>&1' < /dev/null
t 'status: -n 0 picks nothing and reads nothing' 1 'iqpick -n 0 --seed x five missing 2>&1' < /dev/null
t 'status: -n beyond 2^64 means all' 0 'iqpick -n 99999999999999999999999 --seed demo five' <<'EOF'
4
2
1
5
3
EOF
t 'error: missing file among others' 2 'iqpick -n 20 --seed demo five missing five2 > o; s=$?; sort -n o; exit $s' \
	'iqpick: missing: No such file or directory' <<'EOF'
1
2
3
4
5
6
7
8
9
10
EOF
t 'error: a directory' 2 'mkdir -p d; iqpick --seed demo d five' 'iqpick: d: Is a directory' <<'EOF'
4
EOF
t 'error: --per, bad line in the middle' 2 'iqpick --per a -n 5 --seed x bad.jsonl > o; s=$?; sort o; exit $s' \
	"iqpick: bad.jsonl:2: string or '}' expected near 'bad'" <<'EOF'
{"a":1}
{"a":3}
EOF
t 'error: --per, bad line from stdin' 2 'iqpick --per a -n 5 --seed x < bad.jsonl > o; s=$?; wc -l < o; exit $s' \
	"iqpick: -:2: string or '}' expected near 'bad'" <<'EOF'
2
EOF
t 'error: --per, truncated last line' 2 'printf "{\"a\":1}\n{\"a\":" | iqpick --per a --seed x' \
	'iqpick: -:2: unexpected token near end of file' <<'EOF'
{"a":1}
EOF
t 'error: --per, not an object' 2 'printf "[1]\n" | iqpick --per a --seed x' 'iqpick: -:1: not a JSON object' < /dev/null
t 'error: --per, raw NUL' 2 'printf "{}\000{}\n" | iqpick --per a --seed x 2> e; s=$?; cut -d: -f1-3 e; exit $s' <<'EOF'
iqpick: -:1
EOF
t 'error: without --per a bad JSON line is just a line' 0 'iqpick -n 5 --seed x bad.jsonl 2>&1 | wc -l' <<'EOF'
3
EOF
t 'error: write error' 2 'iqpick --seed x five > /dev/full' 'iqpick: write error: No space left on device' < /dev/null
t 'error: nothing written, no write error' 1 'iqpick < /dev/null 2>&1 > /dev/full' < /dev/null
t 'error: closed stdout' 2 'iqpick --seed x five >&-' 'iqpick: write error: Bad file descriptor' < /dev/null
t 'error: closed pipe is quiet' 0 'seq 100000 | iqpick -n 100000 --seed x 2>&1 | head -1 | wc -l' <<'EOF'
1
EOF
t 'error: input file is also the output' 2 'cp five f; iqpick --seed x f >> f; s=$?; wc -l < f; exit $s' \
	'iqpick: f: input file is also the output' <<'EOF'
5
EOF

t 'usage: unknown long option' 2 'iqpick --bogus' "iqpick: unrecognized option '--bogus'
$TRY"
t 'usage: unknown short option' 2 'iqpick -x' "iqpick: invalid option -- 'x'
$TRY"
t 'usage: -n without a number' 2 'iqpick -n' "iqpick: option requires an argument -- 'n'
$TRY"
t 'usage: --seed without a string' 2 'iqpick --seed' "iqpick: option '--seed' requires an argument
$TRY"
t 'usage: -n not a number' 2 'iqpick -n 3x five' "iqpick: invalid count: '3x'
$TRY"
t 'usage: -n negative' 2 'iqpick -n -1 five' "iqpick: invalid count: '-1'
$TRY"
t 'usage: --keep-order takes no argument' 2 'iqpick --keep-order=1' "iqpick: option '--keep-order' doesn't allow an argument
$TRY"
t 'usage: not a date' 2 'iqpick --daily=2023-02-29 five' "iqpick: invalid date: '2023-02-29' (expected YYYY-MM-DD)
$TRY"
t 'usage: --seed with --daily' 2 'iqpick --seed a --daily five' "iqpick: --seed and --daily cannot be used together
$TRY"
t 'usage: --help on a full disk' 2 'iqpick --help > /dev/full' 'iqpick: write error: No space left on device' < /dev/null
t 'usage: --version' 0 'iqpick --version 2>&1' <<'EOF'
iqpick (iqtools) 0.1.0
EOF
t 'usage: --line-buffered changes nothing in the output' 0 'seq 5 | iqpick --line-buffered -n 5 --seed demo | paste -sd " "' <<'EOF'
4 2 1 5 3
EOF

t 'usage: --daily DATE without "=" and no such file: a hint' 2 'iqpick --daily 2025-01-01' \
	'iqpick: 2025-01-01: No such file or directory; did you mean --daily=2025-01-01?' </dev/null
t 'usage: --daily=DATE with a missing file: no hint' 2 'iqpick --daily=2025-01-01 2025-01-02' \
	'iqpick: 2025-01-02: No such file or directory' </dev/null
t 'usage: --daily with a file that is not a date: no hint' 2 'iqpick --daily missing' \
	'iqpick: missing: No such file or directory' </dev/null
printf '{"a":1}\n' > "$W/2025-01-03"
t 'usage: --daily with a file named as a date that exists: read' 0 'iqpick --daily 2025-01-03' '' <<'EOF'
{"a":1}
EOF

t '--per a field no record has: one warning at the end' 0 'iqpick --per sectoin -n 1 --seed s cat.jsonl | wc -l' \
	"iqpick: warning: no record has a field 'sectoin'" <<'EOF'
1
EOF
t '--per a field some record has, even as null: no warning' 0 'printf "{\"b\":1}\n{\"a\":null}\n" | iqpick --per a -n 2 --seed s --keep-order' '' <<'EOF'
{"b":1}
{"a":null}
EOF
printf 'x\033]0;t\007' > "$W/evil-field"
t '--per: the warning shows control characters escaped' 0 'echo "{\"a\":1}" | iqpick --per "$(cat evil-field)" > /dev/null' \
	"iqpick: warning: no record has a field 'x\\x1b]0;t\\x07'" </dev/null

# Integers beyond 64 bits: every number of that line is read as a real, so
# 18446744073709551615 and 18446744073709551616 (the same double) are one
# group, and {"a":1} beside a big integer groups with {"a":1.0}, not {"a":1}.
printf '{"a":18446744073709551615}\n{"a":18446744073709551616}\n{"a":1}\n{"a":1,"b":18446744073709551616}\n{"a":1.0}\n' > "$W/big.jsonl"
t '--per: integers beyond 64 bits are kept, one warning per input' 0 \
	'iqpick --per a -n 9 --keep-order --seed s big.jsonl big.jsonl | uniq -c | sed "s/^ *//"' \
	"iqpick: big.jsonl:1: warning: integer beyond 64 bits read as a real number
iqpick: big.jsonl:1: warning: integer beyond 64 bits read as a real number" <<'EOF'
1 {"a":18446744073709551615}
1 {"a":18446744073709551616}
1 {"a":1}
1 {"a":1,"b":18446744073709551616}
1 {"a":1.0}
1 {"a":18446744073709551615}
1 {"a":18446744073709551616}
1 {"a":1}
1 {"a":1,"b":18446744073709551616}
1 {"a":1.0}
EOF
t '--per: three groups (the big reals, 1, 1.0)' 0 'iqpick --per a -n 1 --seed s big.jsonl | wc -l' \
	"iqpick: big.jsonl:1: warning: integer beyond 64 bits read as a real number" <<'EOF'
3
EOF
t '--per: the two big integers are one group' 0 'sed -n 1,2p big.jsonl | iqpick --per a -n 1 --seed s | wc -l' \
	"iqpick: -:1: warning: integer beyond 64 bits read as a real number" <<'EOF'
1
EOF
t '--per: {"a":1} beside a big integer groups with {"a":1.0}' 0 'sed -n 4,5p big.jsonl | iqpick --per a -n 1 --seed s | wc -l' \
	"iqpick: -:1: warning: integer beyond 64 bits read as a real number" <<'EOF'
1
EOF

# The groups' table is seeded at random per process: the same seed must
# give the same output every time.
t '--per: a random table seed never changes the output' 0 \
	'for i in 1 2 3 4 5 6 7 8; do iqpick --per section -n 2 --seed s cat.jsonl | cksum; done | sort | uniq -c | sed "s/^ *//" | cut -d" " -f1' '' <<'EOF'
8
EOF

case "${IQ_BIN}${IQ_VALGRIND:-}" in
*/san/*|*1) skip '-r -n 1000000000 on empty input allocates nothing' 'not under sanitizers or valgrind' ;;
*) t '-r -n 1000000000 on empty input allocates nothing' 0 '(ulimit -v 200000; : | iqpick -r -n 1000000000; echo "status $?")' '' <<'EOF'
status 1
EOF
	# Three lines are held and each draw made as it is written, so memory
	# grows with the input, not with NUM (24 GB once); the first draws are
	# those of -n 6, and the closed pipe ends it by SIGPIPE, quietly.
	printf '{"q":"one"}\n{"q":"two"}\n{"q":"three"}\n' > "$W/three.jsonl"
	t '-r -n 1000000000 on three lines: memory of the lines, draws as written' 0 \
		'(ulimit -v 2000000; { iqpick -r -n 1000000000 --seed 1 three.jsonl 2> err; echo "status $?" > status; } | head -n 6 > big; iqpick -r -n 6 --seed 1 three.jsonl | cmp - big && cat big status err)' '' <<'EOF'
{"q":"one"}
{"q":"two"}
{"q":"three"}
{"q":"two"}
{"q":"three"}
{"q":"two"}
status 141
EOF
	t '-r -n 1000000000 --per on three lines: by group, as written' 0 \
		'(ulimit -v 2000000; { iqpick -r -n 1000000000 --per q --seed 1 three.jsonl 2> err; echo "status $?" > status; } | head -n 2; cat status err)' '' <<'EOF'
{"q":"one"}
{"q":"one"}
status 141
EOF
	;;
esac

# The man page's SYNOPSIS is usage(): tests/man.sh, for every program.
