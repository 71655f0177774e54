#!/bin/sh
# The reader's view and caret (issue 9): a reopened article fills the pane
# instead of showing its last line under empty rows; the caret's cell is
# part of a selection; `$` stops at the last character of a wrapped row;
# a search from the caret's own match does not say it wrapped; a terminal
# that cannot move the cursor is refused with a message and status 1.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

# The text shown in reverse video on the first screen line matching $1
# (SGR codes inside it dropped): what the selection / caret covers.
reversed() {
	tmux -L "$SOCK" capture-pane -p -e -t 0 | grep -F -- "$1" | head -1 |
		sed -n 's/.*\x1b\[7m\(.*\)/\1/p' | sed 's/\x1b\[0m.*//; s/\x1b\[27m.*//; s/\x1b\[[0-9;]*m//g'
}
# The reader's first text row (the screen's second line, right of the list).
top_row() { screen | sed -n 2p | sed 's/^[^│]*│ //'; }

ui_import "$DEMO"
need $? "import the demo corpus"
restart 100 30
keys_sync Enter / b a l t i c Enter J K
[ "$(top_row)" = "GDAŃSK, February 3. The container terminal at the mouth of the" ]
ok $? "reopened after /baltic J K: the article is shown from its first line ($(top_row))"
status | grep -q "cp 794/817"; ok $? "with the caret where it was"
keys_sync G J K
[ "$(top_row)" = "GDAŃSK, February 3. The container terminal at the mouth of the" ]
ok $? "reopened at its very end (G J K): the pane is not blank"
status | grep -q "cp 817/817"; ok $? "caret at the end"
keys_sync :10 Enter G
keys q
wait_for "EXITED 0"
restart 100 30
keys_sync :10 Enter
[ "$(top_row)" = "VIENNA, February 27. The Vienna Philharmonic will tour Japan and" ]
ok $? "after a restart :10 (last position at its end) shows the whole article"
# A long article reopened at its end shows the same last page as G did.
reader_rows() { screen | sed -n '2,29p' | sed 's/^[^│]*│//'; }
keys_sync :7 Enter G
before=$(reader_rows)
keys_sync J K
[ "$(reader_rows)" = "$before" ]; ok $? "a long article reopened at its end shows the same last page as G"
reader_rows | sed -n 27p | grep -q "could hold together through a difficult spring."
ok $? "its last line is at the bottom (one empty row for the final line break)"

# Selection: the caret's cluster is selected too (v e on Nordlys: 7 cells).
keys_sync :1 Enter g / n o r d l y s Enter v e
[ "$(reversed feeder)" = "Nordlys" ]; ok $? "v e: all of Nordlys is drawn selected ($(reversed feeder))"
status | grep -q "sel 7 "; ok $? "and the status bar says sel 7"
# $ on a wrapped row: the last character, not the space the row broke at.
keys_sync Escape 0 '$'
[ "$(reversed feeder)" = "y" ]; ok $? "\$ lands on the row's last letter (caret on '$(reversed feeder)')"
status | grep -q "cp 316/"; ok $? "\$: cp 316, the y of 'shortly'"
# A search finds a match at the caret without wrapping; n does wrap.
keys_sync g / g d a n s k Enter
status | grep -q "wrapped"; [ $? -ne 0 ]; ok $? "/gdansk from the start: no 'wrapped' message ($(status))"
status | grep -q "cp 0/817"; ok $? "and the caret stays on the match at 0"
keys_sync n
status | grep -q "search wrapped to the top"; ok $? "n: the only match again, after wrapping"
# Letters without a decomposition fold for search too (ł, ø, æ).
keys_sync g / m a l g o r z a t a Enter
status | grep -q "cp 202/817"; ok $? "/malgorzata finds Małgorzata ($(status))"
keys_sync / s o r e n Enter
status | grep -q "cp 474/817"; ok $? "/soren finds Søren"
keys_sync / a e k j a e r Enter
status | grep -q "cp 480/817"; ok $? "/aekjaer finds Ækjær"
keys q
wait_for "EXITED 0"; ok $? "quit"

# TERM=dumb cannot address the cursor: a message and status 1, no blank screen.
tmux -L "$SOCK" kill-server 2>/dev/null
TERM=dumb timeout 20 "$GLOSS" --db "$DB" </dev/null >"$WORK/out" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "^gloss: the terminal (TERM=dumb) cannot move the cursor" "$WORK/err"
ok $? "TERM=dumb: exit 1 with a message (status $st: $(cat "$WORK/err"))"
done_testing
