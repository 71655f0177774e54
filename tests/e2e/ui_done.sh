#!/bin/sh
# D marks the article done and opens the next one not done; the list and
# gloss list show statuses; an undo that changes another article opens it.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

st() { sqlite3 "$DB" "SELECT group_concat(status, ' ') FROM (SELECT status FROM articles ORDER BY id)"; }

ui_import "$DEMO/01-harbour-reopens.txt" "$DEMO/02-cafe-zoe.txt" "$UI_DATA/lines.txt"
need $? "import"
restart 100 30
keys Enter
wait_for "GDAŃSK, February 3. The container"; ok $? "first article open"
keys D
wait_for "Croix-Rousse"; ok $? "D opens the next article not done"
wait_for "saved: done"; ok $? "the status bar says it was saved"
screen | grep -Eq "✓ The container"; ok $? "the list marks the first done"
[ "$(st)" = "done started unread" ]; ok $? "statuses in the store: $(st)"
"$GLOSS" --db "$DB" list | grep -q "^1	done	"; ok $? "gloss list says done"
keys D
wait_for "row 001"; ok $? "D again: the third"
keys D
wait_for "every article is done"; ok $? "D on the last: every article is done"
[ "$(st)" = "done done done" ]; ok $? "all done in the store"
keys u
wait_for "undone"; ok $? "u undoes the last D"
[ "$(st)" = "done done started" ]; ok $? "the third is started again"
# Tag in the third article, go to another, undo: the third opens first.
keys 1
wait_for "saved: PER “row”"; ok $? "tag in the third article"
keys K
wait_for "Croix-Rousse"; ok $? "K: back to the second"
keys u
wait_for "row 001"; ok $? "undo of a tag in another article opens that article"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM spans")" = 0 ]; ok $? "and the tag is gone"
keys C-r
wait_for "redone"; ok $? "redo"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM spans")" = 1 ]; ok $? "redo put the tag back"
keys g
wait_for "PER “row”"; ok $? "the status bar names it under the caret"
keys D
wait_for "every article is done"; ok $? "done again"
keys q
wait_for "EXITED 0"; ok $? "quit"
done_testing
