#!/bin/sh
# Tagging: 1-9 on the word under the caret or a selection, nesting,
# relabel, delete, the annotations pane, list counts; undo / redo, also
# after a restart. Every action is in the database when the screen says so.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

Z=$(printf 'Zoe\314\210')            # 02-cafe-zoe.txt writes Zoë decomposed (4 code points)
L=Lefèvre                             # composed there
wait_spans() { # after the keys sent: the confirmed spans are $1 (no polling:
	sync_if_running  # an action is committed before its screen is drawn)
	[ "$(spans)" = "$1" ]
}
spans() {
	sqlite3 "$DB" "SELECT coalesce(group_concat(x, ' '), '-') FROM (SELECT label || ':' || start || '-' || \"end\" AS x
	    FROM spans WHERE status = 'confirmed' ORDER BY start, \"end\" DESC, id)"
}

ui_import "$DEMO/01-harbour-reopens.txt" "$DEMO/02-cafe-zoe.txt" "$UI_DATA/lines.txt"
need $? "import"
restart 100 30
keys Down Enter
wait_for "Croix-Rousse"; ok $? "article open"
keys / z o e Enter
wait_cp 179
keys 1
wait_for "saved: PER “$Z”"; ok $? "1 tags the word under the caret: the status bar says saved"
wait_spans "PER:179-183"; ok $? "the span is in the database ($(spans))"
screen | grep -Eq "A small caf.* 1/0"; ok $? "the list shows the confirmed count"
"$GLOSS" --db "$DB" list | grep -q "^2	started	1	0	"; ok $? "gloss list counts it"
keys v e 2
wait_for "saved: ORG “$L”"; ok $? "v e 2 tags a selection"
keys b b v e e 1
wait_for "saved: PER “$Z $L”"; ok $? "a selection across two words, nesting the others"
wait_spans "PER:179-191 PER:179-183 ORG:184-191"; ok $? "three spans, nested ($(spans))"
keys b
wait_for "PER “$Z $L”  ORG “$L”"; ok $? "the status bar names every span under the caret"
keys r 3
wait_for "saved: LOC “$L”"; ok $? "r 3 relabels the innermost span"
wait_spans "PER:179-191 PER:179-183 LOC:184-191"; ok $? "relabelled in the database"
keys r x
wait_for "relabel: cancelled"; ok $? "r then a non-digit cancels"
keys d
wait_for "deleted: LOC “$L”"; ok $? "d deletes the innermost span"
wait_spans "PER:179-191 PER:179-183"; ok $? "deleted in the database"
keys d
wait_for "deleted: PER “$Z $L”"; ok $? "d again deletes the next one out"
keys u
wait_for "undone"; ok $? "u undoes"
wait_spans "PER:179-191 PER:179-183"; ok $? "undo restored the outer span"
keys u h l
wait_for "PER “$Z $L”  LOC “$L”"; ok $? "second undo: the inner span is back on screen"
wait_spans "PER:179-191 PER:179-183 LOC:184-191"; ok $? "and in the database"
keys C-r
wait_for "redone"; ok $? "Ctrl-R redoes"
wait_spans "PER:179-191 PER:179-183"; ok $? "redo deleted it again"
keys Tab
wait_for "Annotations 2"; ok $? "Tab: the annotations pane lists the article's spans"
wait_for "1:PER 2  2:ORG 0  3:LOC 0  4:"; ok $? "with per-label counts and their digits"
screen | grep -Eq "PER +$Z $L +✓"; ok $? "covered text of the outer span"
screen | grep -Eq "PER +$Z +✓"; ok $? "and of the inner one"
keys j Enter
wait_cp 179; ok $? "Enter in the pane puts the caret on the span"
keys q
wait_for "EXITED 0"; ok $? "quit"

# Undo and redo survive a restart.
restart 100 30
keys Down Enter
wait_for "Croix-Rousse"
keys u
wait_for "undone"; ok $? "after a restart u still undoes"
wait_spans "PER:179-191 PER:179-183 LOC:184-191"; ok $? "the delete from the last session is undone"
keys u
wait_spans "PER:179-191 PER:179-183 ORG:184-191"; ok $? "one more: the relabel is undone, back to ORG"
keys C-r
wait_for "redone"; ok $? "redo after a restart"
wait_spans "PER:179-191 PER:179-183 LOC:184-191"; ok $? "LOC again"
# Tagging a word that is not one, and a label without a key.
keys 0 9
wait_for "no label on key 9"; ok $? "a digit without a label says so"
# A keyboard selection across paragraphs survives a resize.
keys J
wait_for "row 001"
keys g v j j
wait_for "sel 17 cp 16/"; ok $? "v j j: a selection across paragraphs"
resize_sync 60 20
! on_screen "Articles" && on_screen "sel 17 cp 16/"; ok $? "a resize keeps the selection"
resize_sync 100 30
keys e e 4
wait_for "saved: MISC “row 001 row 002 row 003”"; ok $? "e extends it; 4 tags it"
[ "$(sqlite3 "$DB" "SELECT start || '-' || \"end\" FROM spans WHERE label = 'MISC'")" = "0-23" ]; ok $? "stored as 0-23"
"$GLOSS" --db "$DB" check >/dev/null 2>&1; ok $? "gloss check: the database is sound"
done_testing
