#!/bin/sh
# Notes and highlights: c edits a one-line note with a line editor that
# takes any Unicode input, places the cursor by display width and deletes
# whole graphemes; H highlights the selection (or the caret's sentence).
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

note() { sqlite3 "$DB" "SELECT coalesce(note, '-') FROM spans WHERE label = 'PER'"; }
cursor_x() { tmux -L "$SOCK" display -p -t 0 '#{cursor_x}'; }
wait_cursor() { # after the keys sent: the terminal cursor is in column $1
	sync_if_running
	[ "$(cursor_x)" = "$1" ]
}

ui_import "$DEMO/02-cafe-zoe.txt"
need $? "import"
restart 100 30
keys Enter
wait_for "Croix-Rousse"
keys c
wait_for "no annotation under the caret"; ok $? "c with nothing under the caret says so"
keys / r e m i Enter 1
wait_for "saved: PER “Rémi”"; ok $? "tagged"
keys b c
wait_for "note:"; ok $? "c opens the note editor"
keys a b 王
wait_for "note: ab王"; ok $? "wide characters are accepted"
wait_cursor 10; ok $? "the cursor sits after them by display width (got $(cursor_x))"
keys c
wait_cursor 11; ok $? "one more cell after c"
keys Left
wait_cursor 10; ok $? "Left moves back over one cell-wide character"
keys Left
wait_cursor 8; ok $? "Left over the wide character moves two cells"
keys Right
keys BSpace
wait_for "note: abc"; ok $? "Backspace deletes the wide character before the cursor"
keys 小 Home X End
wait_for "note: Xab小c"; ok $? "typing in the middle, Home, End"
keys Space e "$(printf '\314\201')"
wait_for "$(printf 'Xab小c e\314\201')"; ok $? "a combining mark joins its base"
keys BSpace
wait_gone "$(printf 'e\314\201')"; ok $? "Backspace deletes the whole grapheme (base and mark)"
keys ! Enter
wait_for "saved: note ✎ Xab小c !"; ok $? "Enter saves the note"
[ "$(note)" = "Xab小c !" ]; ok $? "the note is in the database"
keys c
wait_for "note: Xab小c !"; ok $? "c again edits the existing note"
keys z z Escape
wait_gone "note:"; ok $? "Esc closes the editor"
[ "$(note)" = "Xab小c !" ]; ok $? "and leaves the note unchanged"
keys Tab
wait_for "Rémi"; screen | grep -q "Rémi.*✎"; ok $? "the annotations pane marks the note"
keys Tab Tab
# Highlights.
keys / h e l e n e Enter v e e e H
wait_for "saved: highlight “Hélène Dubois-Nguyễn”"; ok $? "v ... H highlights the selection"
[ "$(sqlite3 "$DB" "SELECT kind || ':' || coalesce(label, '-') FROM spans WHERE kind = 'highlight'")" = "highlight:-" ]
ok $? "stored as a highlight without a label"
keys / m a y o r Enter H
wait_for "saved: highlight “Mayor François Bérard is expected"; ok $? "H without a selection highlights the sentence"
keys c
wait_for "note:"
keys t o d o Enter
wait_for "saved: note ✎ todo"; ok $? "a note on a highlight"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM spans WHERE kind = 'highlight' AND note = 'todo'")" = 1 ]; ok $? "in the database"
keys d
wait_for "deleted: highlight"; ok $? "d deletes a highlight"
keys q
wait_for "EXITED 0"; ok $? "quit"
done_testing
