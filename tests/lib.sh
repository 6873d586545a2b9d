# Test helpers, sourced by every tests/*.sh file.  Each case prints one TAP
# line ("ok N - name" or "not ok N - name", with a diff after a failure);
# tests/run adds them up.
#
#   t NAME STATUS 'COMMAND' ['EXPECTED STDERR'] <<'EOF'
#   expected stdout
#   EOF
#
# COMMAND runs under sh -c in the scratch folder $W, with the programs under
# test first on PATH and no standard input unless it makes its own.  Stdout
# must equal t's standard input byte for byte, the exit status STATUS, and
# stderr the fourth argument (newline added); without one, stderr must be
# empty.  A case that lets stderr be anything redirects it itself.  At the
# end the file prints its TAP plan, "1..N"; tests/run checks it.
set -u
: "${IQ_BIN:?IQ_BIN must name the folder of the programs under test}"
TESTS=$(cd "$(dirname "$0")" && pwd)
SHARED=${IQ_SHARED:-$TESTS/../../shared}
PATH=$IQ_BIN:$PATH
export PATH LC_ALL=C.UTF-8 TESTS SHARED
unset NO_COLOR
W=$(mktemp -d "${TMPDIR:-/tmp}/iqtest.XXXXXX")
case_no=0
trap 'echo "1..$case_no"; rm -rf "$W"' EXIT
T=$W/.t
mkdir -p "$T"

# Root's tests drop privileges (runuser -u nobody) to meet EACCES; where
# nobody cannot reach the programs (a clone under /root, a mode-700 home, a
# mktemp -d folder), copies that nobody can execute go first on PATH.
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null &&
	! runuser -u nobody -- sh -c 'test -x "$1"' _ "$IQ_BIN/iqcat" 2>/dev/null; then
	mkdir -p "$W/.bin" && cp "$IQ_BIN"/* "$W/.bin/" && chmod 755 "$W" "$W/.bin" "$W/.bin"/* &&
		PATH=$W/.bin:$PATH
fi

# IQ_VALGRIND=1 (make check VALGRIND=1): every program runs under valgrind,
# and any memory error turns into exit status 99, which fails the case.
if [ "${IQ_VALGRIND:-}" = 1 ]; then
	mkdir -p "$T/vg"
	for p in "$(dirname "$(command -v iqcat)")"/*; do
		printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=no "%s" "$@"\n' "$p" > "$T/vg/${p##*/}"
		chmod +x "$T/vg/${p##*/}"
	done
	PATH=$T/vg:$PATH
fi

report() { # NAME OK DETAIL_FILE
	case_no=$((case_no + 1))
	if [ "$2" = 1 ]; then
		printf 'ok %s - %s\n' "$case_no" "$1"
	else
		printf 'not ok %s - %s\n' "$case_no" "$1"
		sed 's/^/# /' "$3"
	fi
}

t() {
	name=$1 status=$2 cmd=$3
	cat > "$T/expected"
	(cd "$W" && sh -c "$cmd") > "$T/out" 2> "$T/err" < /dev/null
	st=$?
	ok=1
	: > "$T/why"
	if ! cmp -s "$T/expected" "$T/out"; then
		ok=0
		{ echo "command: $cmd"; echo "stdout differs:"; diff "$T/expected" "$T/out" | head -40 | cut -c1-300; } >> "$T/why"
	fi
	if [ "$st" != "$status" ]; then
		ok=0
		{ echo "command: $cmd"; echo "exit status $st, expected $status"; head -5 "$T/err" | cut -c1-300; } >> "$T/why"
	fi
	if [ -n "${4:-}" ]; then printf '%s\n' "$4"; fi > "$T/experr"
	if ! cmp -s "$T/experr" "$T/err"; then
		ok=0
		{ echo "command: $cmd"; echo "stderr differs:"; diff "$T/experr" "$T/err" | head -20 | cut -c1-300; } >> "$T/why"
	fi
	report "$name" "$ok" "$T/why"
}

skip() { # NAME REASON
	case_no=$((case_no + 1))
	printf 'ok %s - %s # SKIP %s\n' "$case_no" "$1" "$2"
}

# have_shared: ../shared is there (a user's clone has none).
have_shared() { [ -d "$SHARED/corpus" ]; }
