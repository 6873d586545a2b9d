# fish completion for iqtools, installed once per program as
# share/fish/vendor_completions.d/PROG.fish (fish loads a file by the
# command's name; each copy defines all six, which is harmless).
#
# Options of every program; values of -t/--to (iqfmt), --color, of
# -s/--section (iqgrep: the built-in catalogue's sections, regex-escaped
# since -s takes a pattern; fish quotes them for the shell) and of --per,
# -F and -f (field names), both asked of iqcat when completing.

function __iqtools_sections
    command -q iqcat; and command -q iqfmt; or return 0
    iqcat 2>/dev/null | iqfmt -f '{section}' 2>/dev/null | awk 'NF && !seen[$0]++' |
        sed 's/[][\\^$.|?*+(){}]/\\\\&/g'
end

function __iqtools_fields
    command -q iqcat; or return 0
    iqcat 2>/dev/null | head -n 1 | grep -oE '"([^"\\\\]|\\\\.)*":' | sed 's/^"//; s/":$//'
end

# A comma-separated list of fields: the last one completed after the others.
function __iqtools_field_list
    set -l token (commandline -ct)
    set -l head (string replace -r '[^,]*$' '' -- $token)
    for f in (__iqtools_fields)
        echo $head$f
    end
end

set -l colors 'always yes force never no none auto tty if-tty'
for p in iqcat iqgrep iqpick iqfmt iqquiz
    complete -c $p -f -l color -a "$colors" -d 'when to colour'
end
for p in iqcat iqgrep iqpick iqfmt iqdue iqquiz
    complete -c $p -l help -d 'print help and exit'
    complete -c $p -l version -d 'print the version and exit'
end

complete -c iqcat -s a -l all -d 'keep in-page anchors, mailto links, badges and images'
complete -c iqcat -s b -l builtin -d 'read the built-in catalogue too, before the files'
complete -c iqcat -l links -d 'link records only, no question records'
complete -c iqcat -l check -d 'report problems instead of printing records'
complete -c iqcat -l line-buffered -d 'flush after every record'

complete -c iqgrep -s e -l regexp -x -d 'a pattern to match the text fields'
complete -c iqgrep -s f -l field -x -a '(__iqtools_fields)' -d 'match patterns against this field'
complete -c iqgrep -s s -l section -x -a '(__iqtools_sections)' -d 'a pattern for a heading or section'
complete -c iqgrep -s t -l topic -x -d 'a pattern to match the topic'
complete -c iqgrep -l id -x -d 'select the record with this id'
complete -c iqgrep -l ids -r -F -d 'select the ids listed in FILE'
complete -c iqgrep -s X -l exclude-ids -r -F -d 'drop the ids listed in FILE'
complete -c iqgrep -s i -l ignore-case -d 'ignore case (Unicode)'
complete -c iqgrep -s F -l fixed-strings -d 'patterns are plain strings'
complete -c iqgrep -s w -l word-regexp -d 'match whole words only'
complete -c iqgrep -s x -l whole-field -d 'match whole fields only'
complete -c iqgrep -s v -l invert-match -d 'select the records that do not match'
complete -c iqgrep -s c -l count -d 'print only the number selected'
complete -c iqgrep -s q -l quiet -d 'print nothing'
complete -c iqgrep -s m -l max-count -x -d 'stop after NUM selected records'
complete -c iqgrep -l line-buffered -d 'flush after every record'
complete -c iqgrep -l no-prefilter -d 'parse every line, report every bad one'

complete -c iqpick -s n -l count -x -d 'pick NUM lines'
complete -c iqpick -l seed -x -d 'seed with a string'
complete -c iqpick -l daily -f -d 'seed with a date, default today'
complete -c iqpick -l per -x -a '(__iqtools_fields)' -d 'pick NUM per value of a field'
complete -c iqpick -s r -l replace -d 'independent draws, with replacement'
complete -c iqpick -l keep-order -d 'print the pick in input order'
complete -c iqpick -l line-buffered -d 'flush after every line'

complete -c iqfmt -s t -l to -x -a 'text markdown csv tsv html json jsonl summary anki' -d 'the output format'
complete -c iqfmt -s F -l fields -x -a '(__iqtools_field_list)' -d 'columns; summary: the field to group by'
complete -c iqfmt -s f -l template -x -d 'a line per record from a template'
complete -c iqfmt -s w -l width -x -d 'wrap text at COLS columns'
complete -c iqfmt -l deck -x -d 'anki: the deck'
complete -c iqfmt -l lang -x -d 'html: the language of the page'
complete -c iqfmt -l spreadsheet -d 'csv for spreadsheets'
complete -c iqfmt -l line-buffered -d 'write out every record at once'

complete -c iqdue -s n -l count -x -d 'at most NUM records'
complete -c iqdue -l new -x -d 'at most NUM new records'
complete -c iqdue -l all -d 'every record, due or not'
complete -c iqdue -l now -x -d 'the clock: RFC 3339 time or YYYY-MM-DD'
complete -c iqdue -l retention -x -d 'desired retention, 0.70 to 0.99'
complete -c iqdue -l by -x -d 'the day of the interview, YYYY-MM-DD'
complete -c iqdue -l target -x -d 'the recall wanted on that day'
complete -c iqdue -s l -l log -r -F -d 'the review log'

complete -c iqquiz -l keys -r -F -d 'read keys from FILE, screen to standard output'
complete -c iqquiz -l now -x -d 'stamp the reviews with this time'
complete -c iqquiz -s l -l log -r -F -d 'the review log'
