#!/bin/sh
# iqdue: the five end-to-end cases of shared/fsrs/e2e byte for byte, the
# FSRS vectors through the whole program, every option, the review log's
# rules, bad input on the log and on the records, output errors.
. "$(dirname "$0")/lib.sh"

MAN=$TESTS/../man/iqdue.1
TRY="Try 'iqdue --help' for more information."
E2E=$SHARED/fsrs/e2e
have_fsrs() { [ -d "$SHARED/fsrs/e2e" ] && [ -f "$SHARED/fsrs/vectors.jsonl" ]; }

# --- shared/fsrs/e2e, byte for byte ---------------------------------------
if have_fsrs; then
	mkdir -p "$W/e2e"
	cp "$E2E/records.jsonl" "$E2E/reviews.jsonl" "$W/e2e/"
	for case in plain all by-new by-all by-far; do
		t "e2e $case: $(cat "$E2E/$case.cmd")" "$(cat "$E2E/$case.status")" \
			"cd e2e && $(cat "$E2E/$case.cmd")" '' < "$E2E/$case.stdout"
	done
else
	for case in plain all by-new by-all by-far; do
		skip "e2e $case" '../shared/fsrs is absent'
	done
fi

# --- the FSRS vectors through iqdue ---------------------------------------
# vec.py VECTORS: for each vector, a log and a record, iqdue --all at its
# --now; S, D, recall within 1e-4 (as printed, %.4f), due, interval, reps,
# lapses, last exactly.  Prints how many agree, then each that does not.
cat > "$W/vec.py" <<'PY'
import json, subprocess, sys, datetime
ok, bad = 0, []
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    v = json.loads(line)
    log = "".join(json.dumps({"id": "00000000000000ab", "t": r["t"], "grade": r["grade"]}) + "\n"
                  for r in reversed(v["reviews"]))
    open("vec.log", "w").write(log)
    p = subprocess.run(["iqdue", "--all", "--now", v["now"], "-l", "vec.log"],
                       input=b'{"id":"00000000000000AB"}\n', capture_output=True)
    o = json.loads(p.stdout) if p.returncode == 0 and not p.stderr else {}
    due = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")
    good = (o and abs(o["stability"] - v["S"]) <= 1e-4 + 1e-9 * v["S"]
            and abs(o["difficulty"] - v["D"]) <= 1e-4 and abs(o["recall"] - v["recall"]) <= 1e-4
            and o["due"] == v["due"] and o["last"] == v["last"] and o["reps"] == v["reps"]
            and o["lapses"] == v["lapses"]
            and (due(o["due"]) - due(o["last"])).days == v["interval"])
    if good: ok += 1
    else: bad.append("line %d (%s): %s" % (n, v["case"], p.stdout[:300]))
print(ok, "agree")
for b in bad: print(b)
PY
t 'vectors copied into tests/fsrs, through iqdue' 0 "python3 vec.py '$TESTS/fsrs/vectors.jsonl'" '' <<'EOF'
18 agree
EOF
if have_fsrs; then
	t 'shared/fsrs/vectors.jsonl, all 200, through iqdue' 0 "python3 vec.py '$SHARED/fsrs/vectors.jsonl'" '' <<'EOF'
200 agree
EOF
else
	skip 'shared/fsrs/vectors.jsonl through iqdue' '../shared/fsrs is absent'
fi

# --- the log ----------------------------------------------------------------
cp "$TESTS/catalogue.expected.jsonl" "$W/cat.jsonl"
head -n 3 "$W/cat.jsonl" > "$W/three.jsonl"
A=d8451ff7d3227517
B=$(sed -n 2p "$W/cat.jsonl" | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
NOW='--now 2026-12-10T12:00:00Z'
TZ=UTC; export TZ
# st: each record's n, state, reps, lapses, recall, recall_by on one line.
cat > "$W/st" <<'EOF'
#!/bin/sh
python3 -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    print(o.get("n"), o["state"], o["reps"], o["lapses"], o["recall"], o.get("recall_by", "-"))'
EOF
chmod +x "$W/st"
printf '{"id":"%s","t":"2026-12-01T10:00:00Z","grade":3}\n' "$A" > "$W/a.log"

t 'no log at all: every question new' 0 "IQ_LOG= XDG_STATE_HOME= HOME=\$PWD/nohome iqdue $NOW three.jsonl | ./st" '' <<'EOF'
1 new 0 0 None -
2 new 0 0 None -
3 new 0 0 None -
EOF
t 'iqcat | iqdue with no log: 20 new by default' 0 "IQ_LOG=\$PWD/missing.jsonl iqcat | iqdue | wc -l" '' <<'EOF'
20
EOF
t '$IQ_LOG is read' 0 "IQ_LOG=a.log iqdue --all $NOW three.jsonl | ./st" '' <<'EOF'
1 due 1 0 0.7836 -
2 new 0 0 None -
3 new 0 0 None -
EOF
t '$XDG_STATE_HOME/iqtools/reviews.jsonl is read' 0 "mkdir -p xdg/iqtools && cp a.log xdg/iqtools/reviews.jsonl && IQ_LOG= XDG_STATE_HOME=\$PWD/xdg iqdue --all -n 1 $NOW three.jsonl | ./st" '' <<'EOF'
1 due 1 0 0.7836 -
EOF
printf '{"id":"%s","t":"2026-12-01T10:00:00Z","grade":3}\n{bad\n{"id":"%s","t":"2026-12-09T10:00:00Z","grade":5}\n{"id":"%s","t":"2026-12-11T10:00:00Z","grade":1}\n{"t":"2026-12-01T10:00:00Z","grade":1}\n{"id":"%s","t":"2026-12-01","grade":1}\n{"id":"%s","t":"2026-12-02T10:00:00Z","grade":4}\n' "$A" "$A" "$A" "$B" "$B" > "$W/bad.log"
t 'bad log lines skipped, a future review ignored, exit 2' 2 "iqdue --all $NOW -l bad.log three.jsonl 2>/dev/null > o; s=\$?; ./st < o; exit \$s" <<'EOF'
1 due 1 0 0.7836 -
2 due 1 0 0.9018 -
3 new 0 0 None -
EOF
t 'bad log lines reported as FILE:LINE' 2 "iqdue --all $NOW -l bad.log three.jsonl 2>&1 >/dev/null" <<'EOF'
iqdue: bad.log:2: string or '}' expected near 'bad'
iqdue: bad.log:3: "grade" is not an integer from 1 to 4
iqdue: bad.log:5: no "id" of 16 hex digits
iqdue: bad.log:6: "t" is not an RFC 3339 date-time
EOF
printf '\357\273\277{"id":"%s","t":"2026-12-01T10:00:00Z","grade":3}\r\n\r\n  \n{"id":"%s","t":"2026-12-01T12:00:00+02:00","grade":3}\r\n' "$A" "$(echo $A | tr a-f A-F)" > "$W/crlf.log"
t 'a BOM, CRLF, blank lines; a duplicate in another notation and case counts once' 0 "iqdue --all -n 1 $NOW -l crlf.log three.jsonl | ./st" '' <<'EOF'
1 due 1 0 0.7836 -
EOF
printf '{"id":"%s","t":"2026-12-01T10:00:00.000Z","grade":1}\n' "$A" > "$W/b.log"
t 'several logs are one log; equal instants in line order' 0 "iqdue --all -n 1 $NOW -l a.log -l b.log three.jsonl | ./st && iqdue --all -n 1 $NOW -l b.log -l a.log three.jsonl | ./st" '' <<'EOF'
1 due 2 1 0.6775 -
1 due 2 0 0.5728 -
EOF
t '-l - reads the log from standard input' 0 "iqdue --all -n 1 $NOW -l - three.jsonl < a.log | ./st" '' <<'EOF'
1 due 1 0 0.7836 -
EOF
t '-l - with records on standard input is a usage error' 2 "iqdue -l - < a.log" "iqdue: -l - and records on standard input cannot both be read
$TRY" < /dev/null
t 'a missing log is an empty history' 0 "iqdue --all -n 1 $NOW -l nope.log three.jsonl | ./st" '' <<'EOF'
1 new 0 0 None -
EOF
t 'an unreadable log is an error' 2 "iqdue --all -n 1 $NOW -l . three.jsonl > o; s=\$?; ./st < o; exit \$s" 'iqdue: .: Is a directory' <<'EOF'
1 new 0 0 None -
EOF
t 'a 64 MB log line is one bad line, the rest counts' 2 "{ yes x | head -c 67108864 | tr -d '\\n'; echo; cat a.log; } > big.log; iqdue --all -n 1 $NOW -l big.log three.jsonl 2>err > o; s=\$?; ./st < o; cut -c1-31 err; exit \$s" <<'EOF'
1 due 1 0 0.7836 -
iqdue: big.log:1: invalid token
EOF

# --- the records --------------------------------------------------------------
printf '{"n":1,"id":"%s"}\n{bad\n{"n":3}\n{"n":4,"id":"%s"}\n{"n":5,"id":"%s"}\n{"n":6,"id":7}\n' "$A" "$B" "$(echo $A | tr a-f A-F)" > "$W/recs.jsonl"
t 'bad records, a missing id, a repeated id (case folded)' 2 "iqdue --all $NOW -l a.log recs.jsonl > o; s=\$?; ./st < o; exit \$s" "iqdue: recs.jsonl:2: string or '}' expected near 'bad'
iqdue: recs.jsonl:3: no string \"id\"
iqdue: recs.jsonl:5: warning: repeated id 'D8451FF7D3227517': this and every later record with an id seen before are left out
iqdue: recs.jsonl:6: no string \"id\"" <<'EOF'
1 due 1 0 0.7836 -
4 new 0 0 None -
EOF
t 'a Markdown line gets the hint' 2 "printf '# Title\n' | iqdue $NOW -l a.log" "iqdue: -:1: invalid token near '#' (Markdown? convert it with iqcat first)"
t 'keys appended after the record bytes, white space around dropped' 0 "printf ' {\"id\" : \"%s\"}  \r\n' $A | iqdue $NOW -l a.log" '' <<'EOF'
{"id" : "d8451ff7d3227517","state":"due","due":"2026-12-03T10:00:00Z","recall":0.7836,"stability":2.3065,"difficulty":2.1181,"reps":1,"lapses":0,"last":"2026-12-01T10:00:00Z"}
EOF
t 'own output fed back: rewritten without the old keys, then appended' 0 "iqdue --all -n 2 $NOW -l a.log three.jsonl | iqdue --all $NOW --by 2026-12-20 -l a.log > twice && iqdue --all -n 2 $NOW --by 2026-12-20 -l a.log three.jsonl | cmp - twice && ./st < twice" '' <<'EOF'
1 due 1 0 0.7836 0.7139
2 new 0 0 None None
EOF
t 'a record with iqdue keys only is rewritten as jansson writes it' 0 "printf '{\"id\": \"%s\", \"x\": [1, 2.5], \"state\":\"new\"}\n' $A | iqdue $NOW -l nope.log | cut -c1-60" '' <<'EOF'
{"id":"d8451ff7d3227517","x":[1,2.5],"state":"new","due":"",
EOF
t 'iqgrep -X reviews.jsonl drops every reviewed question' 0 "iqgrep -X crlf.log < three.jsonl | sed 's/^{\"n\":\\([0-9]*\\),.*/\\1/'" '' <<'EOF'
2
3
EOF

# --- order and counts -----------------------------------------------------------
# reviews: n1 due long ago (low recall), n2 due recently, n3 first seen today.
printf '{"id":"%s","t":"2026-11-20T10:00:00Z","grade":1}\n{"id":"%s","t":"2026-12-05T10:00:00Z","grade":2}\n{"id":"%s","t":"2026-12-10T08:00:00Z","grade":3}\n' "$A" "$B" "$(sed -n 3p "$W/cat.jsonl" | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')" > "$W/order.log"
t 'due by lowest recall, then new; first reviewed today counts against --new' 0 "iqdue $NOW --new 3 -l order.log cat.jsonl | ./st" '' <<'EOF'
1 due 1 0 0.4964 -
2 due 1 0 0.7838 -
4 new 0 0 None -
5 new 0 0 None -
EOF
t '-n limits the whole output' 0 "iqdue $NOW -n 3 -l order.log cat.jsonl | ./st" '' <<'EOF'
1 due 1 0 0.4964 -
2 due 1 0 0.7838 -
4 new 0 0 None -
EOF
t '--new 0 and nothing due: exit 1' 1 "iqdue --now 2026-12-02T10:00:00Z --new 0 -l a.log three.jsonl" '' < /dev/null
t '--all prints later ones too' 0 "iqdue --all $NOW -l order.log three.jsonl | ./st" '' <<'EOF'
1 due 1 0 0.4964 -
2 due 1 0 0.7838 -
3 later 1 0 0.9895 -
EOF
t '--by paces new questions: 55 fresh over 10 days is 6, less the 1 seen today' 0 "iqdue $NOW --by 2026-12-20 -l order.log cat.jsonl | ./st | grep -c new" '' <<'EOF'
5
EOF
t '--retention changes the interval' 0 "iqdue --all -n 1 $NOW --retention 0.95 -l a.log three.jsonl | sed 's/.*\"due\":\"\([^\"]*\)\".*/\1/'" '' <<'EOF'
2026-12-02T10:00:00Z
EOF

# --- options ----------------------------------------------------------------------
t 'bad -n' 2 'iqdue -n -1' "iqdue: invalid count: '-1'
$TRY" < /dev/null
t 'bad --new' 2 'iqdue --new 2x' "iqdue: invalid number of new records: '2x'
$TRY" < /dev/null
t 'bad --retention' 2 'iqdue --retention 0.5' "iqdue: invalid retention: '0.5' (a decimal from 0.70 to 0.99)
$TRY" < /dev/null
t '--retention takes plain decimals only' 2 'iqdue --retention 9e-1' "iqdue: invalid retention: '9e-1' (a decimal from 0.70 to 0.99)
$TRY" < /dev/null
t '--target below --retention' 2 'iqdue --by 2027-01-01 --retention 0.97 --target 0.96' "iqdue: the target 0.96 is below the retention 0.97
$TRY" < /dev/null
t '--by takes YYYY-MM-DD only' 2 'iqdue --by 2027-01-01T00:00:00Z' "iqdue: invalid date: '2027-01-01T00:00:00Z' (expected YYYY-MM-DD)
$TRY" < /dev/null
t 'bad --now' 2 'iqdue --now yesterday' "iqdue: invalid time: 'yesterday' (RFC 3339, or YYYY-MM-DD)
$TRY" < /dev/null
t 'unknown option' 2 'iqdue --frobnicate' "iqdue: unrecognized option '--frobnicate'
$TRY" < /dev/null
t '--version' 0 'iqdue --version' '' <<'EOF'
iqdue (iqtools) 0.1.0
EOF

# --- output errors ------------------------------------------------------------------
t 'a full disk is a write error' 2 "iqdue --all $NOW -l a.log cat.jsonl > /dev/full" 'iqdue: write error: No space left on device' < /dev/null
t 'a closed pipe ends it quietly' 0 "for i in \$(seq 300); do cat cat.jsonl; done | awk '{ sub(/\"id\":\"[0-9a-f]*\"/, sprintf(\"\\\"id\\\":\\\"%016x\\\"\", NR)); print }' > many.jsonl; iqdue --all $NOW -l a.log many.jsonl 2>err | head -1 | cut -c1-6; cat err" <<'EOF'
{"n":1
EOF

# The man page's SYNOPSIS is usage() word for word.
if command -v mandoc > /dev/null && [ -f "$MAN" ]; then
	mandoc -Tascii "$MAN" | col -bx | awk '/^SYNOPSIS/ { f = 1; next } /^[A-Z]/ { f = 0 } f' |
		tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//' > "$T/syn"
	echo >> "$T/syn"
	t 'man: SYNOPSIS is usage()' 0 "iqdue --help | sed -n 1,2p | sed 's/^usage: //' | tr -s ' \\n' '  ' | sed 's/^ *//; s/ *\$//'; echo" < "$T/syn"
else
	skip 'man: SYNOPSIS is usage()' 'mandoc or man/iqdue.1 missing'
fi
