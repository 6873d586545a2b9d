# The manual pages: mandoc -Tlint is clean, and every .Dl example in
# EXAMPLES runs (exit 0 or 1, nothing on stderr) in a folder that holds the
# files the examples name.
. "$(dirname "$0")/lib.sh"
MAN=$TESTS/../man

# Files the examples may use.
iqcat > "$W/all.jsonl" 2>/dev/null
head -n 5 "$W/all.jsonl" > "$W/seen.jsonl"
cp "$TESTS/../data/catalogue.md" "$W/catalogue.md"

for page in "$MAN"/*.[1-9]; do
	page_name=$(basename "$page")
	if command -v mandoc >/dev/null; then
		t "mandoc -Tlint $page_name" 0 "mandoc -Tlint -Wwarning '$page' && echo clean" <<'OUT'
clean
OUT
	else
		skip "mandoc -Tlint $page_name" 'mandoc is not installed'
	fi
	# .Dl lines between ".Sh EXAMPLES" and the next .Sh, roff escapes undone.
	sed -n '/^\.Sh EXAMPLES/,/^\.Sh [^E]/p' "$page" | sed -n 's/^\.Dl //p' |
		sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\&//g' -e 's/\\e/\\/g' > "$T/examples"
	n=0
	while IFS= read -r example; do
		n=$((n + 1))
		(cd "$W" && sh -c "$example") > "$T/ex.out" 2> "$T/ex.err" < /dev/null
		st=$?
		ok=1
		: > "$T/why"
		if [ "$st" -gt 1 ] || [ -s "$T/ex.err" ]; then
			ok=0
			{ echo "example: $example"; echo "exit status $st"; head -5 "$T/ex.err"; } > "$T/why"
		fi
		report "$page_name example $n: $example" "$ok" "$T/why"
	done < "$T/examples"
done
