#!/bin/sh
# Wide, combining and emoji clusters land in the right cells: the marker
# after each lands in the column the terminal's widths predict, the ZWJ
# and skin-tone emoji drawn as their first code point (2 cells).
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

ui_import "$UI_DATA/wide.txt"
need $? "import"
restart 60 20
keys_sync Enter
golden wide-open; ok $? "article open: the whole screen, cell for cell (golden)"
# margin 1; 王小明 = 6 cells, then a space
[ "$(col_of MARKA)" -eq 8 ]; ok $? "after a CJK name: column 8 (got $(col_of MARKA))"
# 👩‍💻 drawn as 👩: 2 cells
[ "$(col_of MARKB)" -eq 4 ]; ok $? "after a ZWJ emoji: column 4 (got $(col_of MARKB))"
[ "$(col_of MARKC)" -eq 4 ]; ok $? "after a skin-tone emoji: column 4 (got $(col_of MARKC))"
# Zoë Lefèvre with combining marks: 3 + 1 + 7 + 1 cells
[ "$(col_of MARKD)" -eq 13 ]; ok $? "after combining marks: column 13 (got $(col_of MARKD))"
[ "$(col_of MARKE)" -eq 9 ]; ok $? "after a tab: column 9 (got $(col_of MARKE))"
screen | grep -q "$(printf "Zoe\314\210 Lefe\314\200vre MARKD")"; ok $? "combining marks stay on their base"
# The caret walks over each cluster in one step; repaints keep the columns.
keys l
wait_cp 1; ok $? "l over 王"
keys j 0
wait_cp 10; ok $? "j 0: start of the emoji row"
keys l
wait_cp 13; ok $? "l steps over the whole ZWJ sequence (3 code points)"
keys j 0 l
wait_cp 22; ok $? "l steps over emoji + skin tone"
keys j 0 l l l
wait_cp 33; ok $? "the caret counts Zoë (decomposed) as 3 graphemes"
[ "$(col_of MARKA)" -eq 8 ] && [ "$(col_of MARKB)" -eq 4 ] && [ "$(col_of MARKD)" -eq 13 ]
ok $? "after repaints the columns are unchanged"
screen | grep -q "王小明 MARKA"; ok $? "no stray cells after the CJK name"
keys q
wait_for "EXITED 0"; ok $? "clean exit"
done_testing
