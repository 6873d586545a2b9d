# The manual pages (man/*.1, man/*.7, whatever pages there are):
# - mandoc -Tlint is clean;
# - every program's usage (the "usage:" line of PROG --help and the lines
#   indented under it) equals the SYNOPSIS mandoc renders, white space
#   folded;
# - every .Dl example in EXAMPLES runs: exit 0 or 1, nothing on stderr, and
#   where the page shows its output, exactly that output.
#
# How a page talks to this test (roff comments and a literal block; none of
# it shows in the rendered page except the output, which a reader wants):
# - Output: a ".Bd -literal" block right after a .Dl line is that
#   example's standard output, line for line (roff escapes \-, \e, \(aq,
#   \& undone, as for the example itself).
# - Not run: a comment line ".\" test: skip REASON" right before a .Dl
#   (an interactive example, say) leaves that example out; it is reported
#   as a SKIP with the reason, and each page's count of them is printed.
# - Clock: every program whose --help offers --now runs with
#   "--now 2026-12-01T09:00:00Z" put first, so examples of the review log
#   give the same output every day; ".\" test: now TIME" right before a .Dl
#   sets another TIME for that example.  An example's own --now, later on
#   the line, wins.
#
# Each example runs with sh -c in a fresh copy of a scratch folder that
# holds the files the examples name (all.jsonl, seen.jsonl, catalogue.md),
# with HOME, XDG_STATE_HOME and IQ_LOG inside it, no terminal (setsid, in
# a session of its own), and no standard input.
. "$(dirname "$0")/lib.sh"
MAN=$TESTS/../man
NOW=2026-12-01T09:00:00Z

# The folder every example starts from.
mkdir -p "$T/base/home" "$T/base/state"
iqcat > "$T/base/all.jsonl" 2>/dev/null
head -n 5 "$T/base/all.jsonl" > "$T/base/seen.jsonl"
cp "$TESTS/../data/catalogue.md" "$T/base/catalogue.md"

# clock_wrappers DIR TIME: DIR holds, for each program offering --now, a
# script that runs it with "--now TIME" first.
clock_wrappers() {
	rm -rf "$1" && mkdir -p "$1"
	for p in $(cd "$IQ_BIN" && ls); do
		real=$(command -v "$p") || continue
		if "$real" --help 2>/dev/null | grep -q -e '--now'; then
			printf '#!/bin/sh\nexec "%s" --now "%s" "$@"\n' "$real" "$2" > "$1/$p"
			chmod 755 "$1/$p"
		fi
	done
}

# \[uXXXX] (a character by its code point) becomes the character itself.
unroff() {
	sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\&//g' -e 's/\\e/\\/g' |
		python3 -c 'import re,sys; sys.stdout.write(re.sub(r"\\\[u([0-9A-F]{4,6})\]", lambda m: chr(int(m.group(1), 16)), sys.stdin.read()))'
}

for page in "$MAN"/*.[1-9]; do
	page_name=$(basename "$page")
	if command -v mandoc >/dev/null; then
		t "mandoc -Tlint $page_name" 0 "mandoc -Tlint -Wwarning '$page' && echo clean" '' <<'OUT'
clean
OUT
	else
		skip "mandoc -Tlint $page_name" 'mandoc is not installed'
	fi

	# usage() is the SYNOPSIS, for a section-1 page whose program is built.
	prog=${page_name%.1}
	if [ "$prog" != "$page_name" ]; then
		if [ ! -x "$IQ_BIN/$prog" ]; then
			skip "$page_name: SYNOPSIS is usage()" "$prog is not built"
		elif ! command -v mandoc >/dev/null; then
			skip "$page_name: SYNOPSIS is usage()" 'mandoc is not installed'
		else
			mandoc -Tascii "$page" | col -bx | awk '/^SYNOPSIS/ { f = 1; next } /^[A-Z]/ { f = 0 } f' |
				tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//' > "$T/syn"
			echo >> "$T/syn"
			t "$page_name: SYNOPSIS is usage()" 0 \
				"$prog --help | awk 'NR == 1 { if (sub(/^usage: /, \"\")) { print; next } exit } /^[ \\t]/ { print; next } { exit }' | tr -s ' \\n\\t' '   ' | sed 's/^ *//; s/ *\$//'; echo" \
				'' < "$T/syn"
		fi
	fi

	# The examples: ex.N (the command), ex.N.out (its shown output, if
	# any), ex.N.skip (the reason it is not run), ex.N.now (its clock).
	rm -rf "$T/ex" && mkdir -p "$T/ex"
	sed -n '/^\.Sh EXAMPLES/,/^\.Sh [^E]/p' "$page" | awk -v dir="$T/ex" '
		/^\.\\" test: skip/ { sub(/^\.\\" test: skip */, ""); skip = $0 == "" ? "marked" : $0; next }
		/^\.\\" test: now / { now = $4; next }
		/^\.Dl / {
			n++; sub(/^\.Dl /, ""); print > (dir "/ex." n); close(dir "/ex." n)
			if (skip != "") { print skip > (dir "/ex." n ".skip"); close(dir "/ex." n ".skip") }
			if (now != "") { print now > (dir "/ex." n ".now"); close(dir "/ex." n ".now") }
			skip = ""; now = ""; last = n; next
		}
		/^\.Bd -literal/ && last { inout = 1; out = dir "/ex." last ".out"; printf "" > out; next }
		/^\.Ed/ && inout { inout = 0; close(out); last = 0; next }
		inout { print > out; next }
		{ last = 0 }'
	n=1 skipped=0
	while [ -f "$T/ex/ex.$n" ]; do
		example=$(unroff < "$T/ex/ex.$n")
		name="$page_name example $n: $example"
		if [ -f "$T/ex/ex.$n.skip" ]; then
			skip "$name" "$(cat "$T/ex/ex.$n.skip")"
			skipped=$((skipped + 1))
			n=$((n + 1))
			continue
		fi
		now=$NOW
		[ -f "$T/ex/ex.$n.now" ] && now=$(cat "$T/ex/ex.$n.now")
		if [ "$now" != "${clock_now:-}" ]; then
			clock_wrappers "$T/clock" "$now"
			clock_now=$now
		fi
		rm -rf "$T/run" && cp -R "$T/base" "$T/run"
		(cd "$T/run" && HOME=$T/run/home XDG_STATE_HOME=$T/run/state \
			IQ_LOG=$T/run/state/reviews.jsonl PATH=$T/clock:$PATH \
			setsid -w sh -c "$example") > "$T/ex.out" 2> "$T/ex.err" < /dev/null
		st=$?
		ok=1
		: > "$T/why"
		if [ "$st" -gt 1 ] || [ -s "$T/ex.err" ]; then
			ok=0
			{ echo "example: $example"; echo "exit status $st"; head -5 "$T/ex.err"; } > "$T/why"
		fi
		if [ -f "$T/ex/ex.$n.out" ]; then
			unroff < "$T/ex/ex.$n.out" > "$T/ex.want"
			if ! cmp -s "$T/ex.want" "$T/ex.out"; then
				ok=0
				{ echo "example: $example"; echo "output differs from the page:"; diff "$T/ex.want" "$T/ex.out" | head -20; } >> "$T/why"
			fi
		fi
		report "$name" "$ok" "$T/why"
		n=$((n + 1))
	done
	echo "# $page_name: $((n - 1)) examples, $skipped marked not to run"
done
