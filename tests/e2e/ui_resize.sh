#!/bin/sh
# Resizing keeps the caret and the top row (anchored by the code point at
# its start), through a narrow one-pane layout and back.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

ui_import "$DEMO/07-budget-longread.txt" "$UI_DATA/lines.txt"
ok $? "import"
restart 100 30
keys Enter
wait_for "OSLO, February 20"; ok $? "long article open"
keys / n o r d e a Enter
wait_cp 873; ok $? "caret on Nordea"
keys Space j j
wait_gone "cp 873/"
top1=$(screen | sed -n 2p | sed 's/^[^│]*│//')
cp1=$(status | grep -o 'cp [0-9]*/')
resize 60 20
wait_gone "Articles"; ok $? "60x20: one pane"
wait_for "$cp1"; ok $? "60x20: the caret is kept ($cp1)"
resize 100 30
wait_for "Articles"; ok $? "100x30 again: list and reader"
wait_for "$cp1"; ok $? "100x30: the caret is kept"
top2=$(screen | sed -n 2p | sed 's/^[^│]*│//')
[ "$top1" = "$top2" ]; ok $? "100x30: the same top row as before ($top1)"
# A burst of resizes is drained into one reflow; still consistent.
resize 90 25; resize 70 22; resize 120 40; resize 100 30
wait_for "Articles"; wait_for "$cp1"; ok $? "after a burst: the caret is kept"
top3=$(screen | sed -n 2p | sed 's/^[^│]*│//')
[ "$top1" = "$top3" ]; ok $? "after a burst: the same top row"
# A tiny terminal does not crash, and coming back restores everything.
resize 12 4
resize 100 30
wait_for "$cp1"; ok $? "after 12x4: the caret is kept"
keys j
wait_gone "$cp1"; ok $? "and keys still work"
keys q
wait_for "EXITED 0"; ok $? "clean exit"
done_testing
