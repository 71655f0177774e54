#!/bin/sh
# The mouse (xterm button-event tracking, SGR 1006 reports): a click moves
# the caret, a drag selects, the wheel scrolls, clicks in the list select
# and open. Reports are sent as raw bytes with send-keys -H.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

# sgr B X Y M|m: one SGR mouse report, X and Y 1-based terminal cells.
sgr() {
	keys -H $(printf '\033[<%s;%s;%s%s' "$1" "$2" "$3" "$4" | od -An -tx1)
}

ui_import "$UI_DATA/lines.txt" "$DEMO/01-harbour-reopens.txt"
need $? "import"
restart 100 30
keys_sync Enter
on_screen "row 028"; need $? "article open"
# The reader's text starts at terminal column 33 (list 30, separator, margin)
# and row 2 (under the header): "row 003" is on row 4.
sgr 0 37 4 M; sgr 0 37 4 m
wait_cp 20; ok $? "a click puts the caret on the cell clicked (row 003, column 4)"
# A click and a key in one read (a quick hand, a slow machine): curses
# hands the press and the release over unmerged; both must count.
keys -H $(printf '\033[<0;37;5M\033[<0;37;5ml' | od -An -tx1)
wait_cp 29; ok $? "a click then a key in one burst: the click counts (row 004, column 4), then l"
sgr 0 33 5 M; sgr 32 34 5 M; sgr 32 35 6 M; sgr 0 35 6 m
wait_for "sel 11 cp 34/"; ok $? "a drag selects from the press to the release, across rows"
keys 1
wait_for "saved: PER “row 004 row”"; ok $? "the dragged selection is tagged"
[ "$(sqlite3 "$DB" "SELECT start || '-' || \"end\" FROM spans")" = "24-35" ]; ok $? "with the dragged range"
# (Tagging dropped the selection: make one first.)
keys_sync v l l
status | grep -qF "sel "; need $? "a keyboard selection to drop ($(status | tr -s " "))"
sgr 0 38 10 M; sgr 0 38 10 m
keys_sync
! status | grep -qF "sel " && cp_is 69; ok $? "a plain click drops the selection and moves the caret (row 009, offset 5)"
sgr 65 50 10 M
wait_gone "row 001"; ok $? "the wheel scrolls down"
wait_for "row 031"; ok $? "by three rows"
sgr 64 50 10 M
wait_for "row 001"; ok $? "and back up"
# The annotations pane (left column after Tab at 100 columns): a click
# selects an entry, a second click puts the caret on its span. Both
# clicks in one read (a quick hand on a busy machine): curses makes them
# one double click, which must count as the two clicks it was.
keys g 1
wait_for "saved: PER “row”"
keys Tab
wait_for "Annotations 2"; ok $? "the annotations pane lists both spans"
keys -H $(printf '\033[<0;5;4M\033[<0;5;4m\033[<0;5;4M\033[<0;5;4m' | od -An -tx1)
wait_cp 24; ok $? "clicking an entry twice puts the caret on its span"
keys Tab Tab
wait_for "Articles 2"
sgr 0 5 3 M; sgr 0 5 3 m
wait_for "article 2/2"; ok $? "a click in the list selects an article"
sgr 0 5 3 M; sgr 0 5 3 m
wait_for "GDAŃSK, February 3. The container"; ok $? "a second click opens it"
keys q
wait_for "EXITED 0"; ok $? "quit"
done_testing
