# iqcat against catalogues written by other people, and generated ones:
# the records must equal the reference records byte for byte.  These need
# ../shared (the project's reference data), and skip where it is absent.
. "$(dirname "$0")/lib.sh"

if ! have_shared; then
	skip 'corpus catalogues' "no $SHARED/corpus"
	skip 'seed catalogue file' "no $SHARED/seed"
	skip 'generated catalogue of 5000 links' "no $SHARED/bench"
	exit 0
fi

for md in "$SHARED"/corpus/*.md; do
	name=$(basename "$md" .md)
	expected=$SHARED/corpus/expected-v2/$name.jsonl
	[ -f "$expected" ] || continue
	t "corpus $name" 0 "cd '$SHARED/corpus' && iqcat '$name.md' | cmp - '$expected' && echo same" <<'OUT'
same
OUT
done

t 'seed catalogue file equals the built-in records but for the file name' 0 \
	"cd '$SHARED/seed' && iqcat 000_f5a95bac647d9930.txt | sed 's/\"file\":\"000_f5a95bac647d9930.txt\"/\"file\":\"catalogue.md\"/' | cmp - '$TESTS/catalogue.expected.jsonl' && echo same" <<'OUT'
same
OUT

if command -v python3 >/dev/null; then
	python3 "$SHARED/bench/gen-catalogue" --links 5000 --name gen.md "$W/gen.md" "$W/gen.jsonl"
	t 'generated catalogue of 5000 links' 0 'iqcat gen.md | cmp - gen.jsonl && echo same' <<'OUT'
same
OUT
else
	skip 'generated catalogue of 5000 links' 'no python3'
fi
