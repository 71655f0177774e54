#!/bin/sh
# Resizing keeps the caret and the top row (anchored by the code point at
# its start), through a narrow one-pane layout and back.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

ui_import "$DEMO/07-budget-longread.txt" "$UI_DATA/lines.txt"
need $? "import"
restart 100 30
keys_sync Enter
on_screen "OSLO, February 20"; need $? "long article open"
keys / n o r d e a Enter
wait_cp 873; ok $? "caret on Nordea"
keys_sync Space j j
top1=$(screen | sed -n 2p | sed 's/^[^│]*│//')
cp1=$(status | grep -o 'cp [0-9]*/')
full1=$(screen)
resize_sync 60 20
! on_screen "Articles"; ok $? "60x20: one pane"
on_screen "$cp1"; ok $? "60x20: the caret is kept ($cp1)"
resize_sync 100 30
on_screen "Articles"; ok $? "100x30 again: list and reader"
on_screen "$cp1"; ok $? "100x30: the caret is kept"
top2=$(screen | sed -n 2p | sed 's/^[^│]*│//')
[ "$top1" = "$top2" ]; ok $? "100x30: the same top row as before ($top1)"
[ "$(screen)" = "$full1" ]; ok $? "100x30: the whole screen as before the resize"
# A burst of resizes is drained into one reflow; still consistent.
# (From 80x24, so that gloss saying 100x30 means the last one was handled.)
resize_sync 80 24
resize 90 25; resize 70 22; resize 120 40; resize 100 30
resize_sync 100 30
on_screen "$cp1"; ok $? "after a burst: the caret is kept"
top3=$(screen | sed -n 2p | sed 's/^[^│]*│//')
[ "$top1" = "$top3" ]; ok $? "after a burst: the same top row"
[ "$(screen)" = "$full1" ]; ok $? "after a burst: the whole screen as before"
# A tiny terminal does not crash, and coming back restores everything.
resize_sync 12 4
golden resize-12x4; ok $? "12x4: the reader's header, two rows and the caret (golden)"
resize_sync 100 30
on_screen "$cp1"; ok $? "after 12x4: the caret is kept"
[ "$(screen)" = "$full1" ]; ok $? "after 12x4: the whole screen as before"
keys_sync j
! on_screen "$cp1"; ok $? "and keys still work"
keys q
wait_for "EXITED 0"; ok $? "clean exit"
done_testing
