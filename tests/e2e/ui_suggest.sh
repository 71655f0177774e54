#!/bin/sh
# Reviewing suggestions: ] and [ jump between them, y accepts, x rejects
# (hidden from then on, remembered by the store), Y accepts the rest in one
# undoable action.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

st() { sqlite3 "$DB" "SELECT group_concat(status, ' ') FROM (SELECT status FROM spans ORDER BY start)"; }

"$GLOSS" --db "$DB" import --format spacy --as suggested "$UI_DATA/suggest.jsonl" >/dev/null 2>&1
need $? "import five suggestions"
restart 100 30
wait_for "0/5"; ok $? "the list counts them as suggested"
keys Enter
wait_for "Anna Berg"
keys ]
wait_cp 16; ok $? "] jumps to the next suggestion"
keys y
wait_for "accepted: PER “Rémi Martin”"; ok $? "y accepts it"
[ "$(st)" = "suggested confirmed suggested suggested suggested" ]; ok $? "confirmed in the database"
keys [
wait_cp 0; ok $? "[ jumps back"
keys x
wait_for "rejected: PER “Zoë Lefèvre”"; ok $? "x rejects it"
[ "$(st)" = "rejected confirmed suggested suggested suggested" ]; ok $? "rejected in the database"
keys h l
wait_gone "Zoë Lefèvre”"; ok $? "a rejected span is no longer named under the caret"
keys ] ]
wait_cp 53; ok $? "] skips decided spans"
keys ] ]
wait_for "no suggestion after the caret"; ok $? "] at the last says so"
keys Y
wait_for "saved: 3 suggestions accepted"; ok $? "Y accepts the rest"
[ "$(st)" = "rejected confirmed confirmed confirmed confirmed" ]; ok $? "all decided in the database"
wait_for "4/0"; ok $? "the list shows 4 confirmed, 0 suggested"
keys u
wait_for "undone"; ok $? "u undoes Y as one action"
[ "$(st)" = "rejected confirmed suggested suggested suggested" ]; ok $? "the three are suggestions again"
keys g y
wait_for "no suggestion under the caret"; ok $? "y on a rejected span: there is no suggestion under the caret"
keys q
wait_for "EXITED 0"; ok $? "quit"
done_testing
