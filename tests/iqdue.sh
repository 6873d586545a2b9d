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
