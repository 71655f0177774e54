#!/bin/sh
# The annotations pane repaints only the rows a key changed (issue 12): after
# each tag, delete, relabel, undo and selection move, the screen must be
# what a whole repaint (C-l) draws. A row left stale would differ.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

GLOSS_SUGGEST=off; export GLOSS_SUGGEST # suggestions would redraw it whole
ui_import "$DEMO/01-harbour-reopens.txt"
need $? "import"
restart 160 30
keys_sync Enter
on_screen "Vistula"; need $? "article open"
on_screen "Annotations"; need $? "the annotations pane is shown"

# same_as_whole WHAT: the screen now equals the screen after C-l (but for
# the status bar's message, which a key clears)
same_as_whole() {
	local before after
	before=$(screen | sed '$d')
	keys_sync C-l
	after=$(screen | sed '$d')
	[ "$before" = "$after" ]
	ok $? "$1: as a whole repaint draws it"
	[ "$before" = "$after" ] || printf '%s\n---\n%s\n' "$before" "$after" | sed 's/^/# /'
}

keys_sync w w 1
same_as_whole "a first tag"
keys_sync w w 2 # (a digit then a pause: a tag, not a count)
keys_sync w 3
same_as_whole "two tags after it (rows added at the end)"
keys_sync g w 4
same_as_whole "a tag before the others (a row inserted at the top)"
keys_sync w w w w w 1
same_as_whole "a tag between others (a row inserted in the middle)"
keys_sync b d
same_as_whole "a delete (a row removed)"
keys_sync r 2
same_as_whole "a relabel (one row's label)"
keys_sync u
same_as_whole "undo"
keys_sync u
same_as_whole "undo of the delete (the row back)"
keys_sync C-r
same_as_whole "redo"
keys_sync Tab Tab j j
same_as_whole "the selection moved down in the pane"
keys_sync k G
same_as_whole "up and to the bottom"
keys_sync d
same_as_whole "a delete from the pane"
n=$(sqlite3 "$DB" "SELECT count(*) FROM spans WHERE status <> 'rejected'")
[ "$n" -ge 4 ] && on_screen "Annotations $n"; ok $? "the pane counts the $n stored spans"
quit_gloss
done_testing
