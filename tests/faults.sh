# The bad-input matrix (LIBRARY-FACTS §E) for every program that reads
# JSON Lines.  Each program is run so that it passes every good record on
# unchanged, in order, so one expected output serves all three:
#   iqgrep -f a ''                       every record with a field "a"
#   iqpick -n 1000000 --keep-order --per a  all of them, in input order
#   iqfmt -t jsonl                       canonical form (= the input here)
. "$(dirname "$0")/lib.sh"

# What differs: how each names itself and its empty-input status.
for P in "iqgrep -f a ''" "iqpick -n 1000000 --keep-order --seed s --per a" "iqfmt -t jsonl"; do
	prog=${P%% *}
	case $prog in
	iqfmt) empty=0 ;;
	*) empty=1 ;;
	esac

	t "$prog: bad line in the middle" 2 "printf '{\"a\":1}\n{bad\n{\"a\":3}\n' | $P" \
		"$prog: -:2: string or '}' expected near 'bad'" <<'OUT'
{"a":1}
{"a":3}
OUT

	t "$prog: Markdown input: the first bad line gets the hint, once" 2 "printf '# Questions\n\n- [a](http://a)\n' | $P" \
		"$prog: -:1: invalid token near '#' (Markdown? convert it with iqcat first)
$prog: -:3: invalid token near '-'" </dev/null

	t "$prog: no hint when the first bad line is not Markdown" 2 "printf 'x\n# Questions\n' | $P" \
		"$prog: -:1: invalid token near 'x'
$prog: -:2: invalid token near '#'" </dev/null

	t "$prog: blank, white-space-only and CRLF lines" 0 "printf '{\"a\":1}\r\n\n  \n{\"a\":2}\n' | $P" '' <<'OUT'
{"a":1}
{"a":2}
OUT

	t "$prog: last line without a newline" 0 "printf '{\"a\":1}' | $P" '' <<'OUT'
{"a":1}
OUT

	t "$prog: truncated last line" 2 "printf '{\"a\":1}\n{\"a\":' | $P" \
		"$prog: -:2: unexpected token near end of file" <<'OUT'
{"a":1}
OUT

	t "$prog: raw NUL byte" 2 "printf '{}\0{}\n' | $P" "$prog: -:1: NUL byte at byte 3" </dev/null

	t "$prog: \\u0000 in a value is kept, in a key is an error" 2 \
		"printf '{\"a\":\"x\\\\u0000y\"}\n{\"\\\\u0000\":1}\n' | $P" \
		"$prog: -:2: NUL byte in object key not supported near '\"\\u0000\"'" <<'OUT'
{"a":"x\u0000y"}
OUT

	t "$prog: invalid UTF-8" 2 "printf '{\"a\":\"\\377\"}\n{\"a\":2}\n' | $P" \
		"$prog: -:1: unable to decode byte 0xff near '\"'" <<'OUT'
{"a":2}
OUT

	t "$prog: lone surrogates" 2 "printf '{\"a\":\"\\\\ud800\"}\n{\"a\":\"\\\\udc00\"}\n' | $P 2> err; s=\$?; sed 's/near.*//' err; exit \$s" '' <<OUT
$prog: -:1: invalid Unicode '\\uD800' 
$prog: -:2: invalid Unicode '\\uDC00' 
OUT

	t "$prog: a byte-order mark on the first line" 0 "printf '\357\273\277{\"a\":1}\n' | $P" '' <<'OUT'
{"a":1}
OUT

	# Kept, with one warning (iqfmt writes it as the real it became;
	# iqgrep passes lines through).
	big='{"a":18446744073709551615}' bigwarn="$prog: -:1: warning: integer beyond 64 bits read as a real number"
	case $prog in
	iqfmt) big='{"a":1.8446744073709552e+19}' ;;
	esac
	t "$prog: integers beyond 64 bits keep the record" 0 \
		"printf '{\"a\":18446744073709551615}\n' | $P" "$bigwarn" <<OUT
$big
OUT

	t "$prog: nesting deeper than 2048" 2 \
		"python3 -c 'print(\"{\\\"a\\\":\" + \"[\" * 2049 + \"]\" * 2049 + \"}\")' | $P" \
		"$prog: -:1: maximum parsing depth reached near '['" </dev/null

	t "$prog: a million [ without a crash" 2 \
		"python3 -c 'print(\"[\" * 1000000)' | $P" \
		"$prog: -:1: maximum parsing depth reached near '['" </dev/null

	t "$prog: duplicate keys, the last wins" 0 "printf '{\"a\":1,\"a\":2}\n' | $P | sed 's/{\"a\":1,\"a\":2}/{\"a\":2}/'" '' <<'OUT'
{"a":2}
OUT

	t "$prog: a 64 MB line" 0 \
		"python3 -c 'print(\"{\\\"a\\\":\\\"\" + \"x\" * (64 << 20) + \"\\\"}\")' > long.jsonl && $P long.jsonl | cmp - long.jsonl && echo same" '' <<'OUT'
same
OUT
	rm -f "$W/long.jsonl"

	t "$prog: empty input" "$empty" ": | $P" '' </dev/null

	t "$prog: empty input to a full disk writes nothing, succeeds as usual" "$empty" ": | $P > /dev/full" '' </dev/null

	t "$prog: disk full" 2 "yes '{\"a\":1}' | head -n 50000 | $P > /dev/full" \
		"$prog: write error: No space left on device" </dev/null

	t "$prog: disk full, one record" 2 "printf '{\"a\":1}\n' | $P > /dev/full" \
		"$prog: write error: No space left on device" </dev/null

	t "$prog: closed standard output" 2 "printf '{\"a\":1}\n' | $P >&-" \
		"$prog: write error: Bad file descriptor" </dev/null

	# The reader closes its end before the writer starts (the gate FIFO
	# opens only then), so no pipe size lets the writer finish first.
	rm -f "$W/gate"; mkfifo "$W/gate"
	yes '{"a":1}' | head -n 1000 > "$W/many.jsonl"
	t "$prog: closed pipe: killed by SIGPIPE, nothing said" 0 \
		"{ read go < gate; $P < many.jsonl; echo \$? > status; } | { exec 0<&-; echo go > gate; }; cat status" '' <<'OUT'
141
OUT

	t "$prog: closed pipe with SIGPIPE ignored: stops anyway, nothing said" 0 \
		"trap '' PIPE; { read go < gate; timeout 10 $P < many.jsonl; echo \$? > status; } | { exec 0<&-; echo go > gate; }; cat status" '' <<'OUT'
2
OUT

	printf '{"a":1}\n' > "$W/ok.jsonl"
	t "$prog: missing file among others" 2 "$P ok.jsonl missing ok.jsonl" \
		"$prog: missing: No such file or directory" <<'OUT'
{"a":1}
{"a":1}
OUT

	t "$prog: a file name with control characters is shown escaped" 2 \
		"$P \"\$(printf 'a\\033]0;x\\007\\302\\233b')\"" \
		"$prog: a\\x1b]0;x\\x07\\u009bb: No such file or directory" </dev/null

	mkdir -p "$W/dir"
	t "$prog: a directory operand" 2 "$P dir ok.jsonl" "$prog: dir: Is a directory" <<'OUT'
{"a":1}
OUT

	t "$prog: input file is also the output" 2 \
		"cp ok.jsonl same.jsonl && $P same.jsonl >> same.jsonl; s=\$?; cmp -s ok.jsonl same.jsonl && exit \$s" \
		"$prog: same.jsonl: input file is also the output" </dev/null

	if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
		cp "$W/ok.jsonl" "$W/noperm.jsonl" && chmod 000 "$W/noperm.jsonl" && chmod 755 "$W"
		t "$prog: unreadable file (as nobody)" 2 "runuser -u nobody -- $P noperm.jsonl ok.jsonl" \
			"$prog: noperm.jsonl: Permission denied" <<'OUT'
{"a":1}
OUT
	else
		skip "$prog: unreadable file (as nobody)" 'needs root to drop privileges'
	fi

	if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null && [ "${IQ_VALGRIND:-}" != 1 ]; then
		t "$prog: read error (EIO)" 2 \
			"ASAN_OPTIONS=detect_leaks=0 strace -f -o /dev/null -P '$W/ok.jsonl' -e inject=read:error=EIO $P ok.jsonl" \
			"$prog: ok.jsonl: Input/output error" </dev/null
	else
		skip "$prog: read error (EIO)" 'needs strace fault injection'
	fi

	# Memory exhaustion is a message, never a crash.  Sanitizers and
	# valgrind reserve more address space than any such limit allows.
	case "${IQ_BIN}${IQ_VALGRIND:-}" in
	*/san/*|*1)
		skip "$prog: memory exhausted" 'not under sanitizers or valgrind' ;;
	*)
		# Either the right answer, or "memory exhausted" and exit 2.
		t "$prog: memory exhausted under ulimit -v" 0 \
			"python3 -c 'print(\"{\\\"a\\\":\\\"\" + \"x\" * (256 << 20) + \"\\\"}\")' > huge.jsonl; (ulimit -v 600000; $P huge.jsonl > out 2> err); s=\$?; if [ \$s = 0 ] && cmp -s out huge.jsonl && [ ! -s err ]; then echo fine; elif [ \$s = 2 ] && [ ! -s out ] && [ \"\$(cat err)\" = '$prog: memory exhausted' ]; then echo fine; else echo status \$s; head -c 300 err; fi" \
			'' <<'OUT'
fine
OUT
		rm -f "$W/huge.jsonl"
		t "$prog: /dev/zero, one endless line: memory exhausted (iqtools(7) LIMITS)" 2 \
			"(ulimit -v 400000; $P /dev/zero)" "$prog: memory exhausted" </dev/null ;;
	esac
done

# The program's own name, however long, is no danger to the message:
# iqfmt names itself by argv[0] (5,000 bytes here), with a file to quote.
t 'a 5,000-byte argv[0] in a message about a file' 2 \
	"python3 -c 'import os, sys; os.execv(sys.argv[1], [\"x\" * 5000, \"missing\"])' \"\$(command -v iqfmt)\" 2> err; s=\$?; python3 -c 'import sys; sys.exit(open(\"err\").read() != \"x\" * 5000 + \": missing: No such file or directory\\n\")' && exit \$s" \
	'' </dev/null
t 'a 5,000-byte argv[0] with control characters, in a usage error' 2 \
	"python3 -c 'import os, sys; os.execv(sys.argv[1], [\"\\x1b\" * 5000, \"--bogus\"])' \"\$(command -v iqfmt)\" 2> err; s=\$?; python3 -c 'import sys; e = \"\\\\x1b\" * 5000; sys.exit(open(\"err\").read() != e + \": unrecognized option \\x27--bogus\\x27\\nTry \\x27\" + e + \" --help\\x27 for more information.\\n\")' && exit \$s" \
	'' </dev/null
