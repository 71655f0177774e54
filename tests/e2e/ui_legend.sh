#!/bin/sh
# Labels on screen (issue 9): label names of any width are shown whole or
# visibly shortened and apart from the span's text in the annotations
# pane, whose counts carry the digits; the reader's header says which digit
# is which label at every width from 60 columns; nested spans are visible;
# with NO_COLOR each label keeps a look of its own.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

ESC=$(printf '\033')
cells() { tmux -L "$SOCK" capture-pane -p -e -t 0; }
ui_import "$DEMO"
printf '1 PERSONNE red Personnes\n2 ORGANISATION blue Organisations\n3 ÉVÉNEMENT green Événements\n4 人名 magenta Noms\n' >"$WORK/fr.labels"
"$GLOSS" --db "$DB" labels --set "$WORK/fr.labels" >/dev/null 2>&1
ok $? "a scheme with long and wide label names"
restart 120 30
keys_sync G Enter / p h i l Enter 2
keys_sync / d v o Enter 1
keys_sync / u n s u k Enter 4
keys_sync Tab
screen | grep -q "│ ORGANISAT… Philharmonic  *✓"; ok $? "120 columns: ORGANISATION shortened with …, then a blank, then the text"
screen | grep -q "│ PERSONNE   Dvořák  *✓"; ok $? "PERSONNE whole, the text after a blank"
screen | grep -q "│ 人名       Unsuk  *✓"; ok $? "a wide name (人名) whole, the text in the same column"
screen | grep -q "│ 1:PERSONNE 1  2:ORGANIS"; ok $? "the counts show the digits"
keys q
wait_for "EXITED 0"
restart 170 30
keys_sync G Enter Tab
screen | grep -q "│ ORGANISATION Philharmonic  *✓"; ok $? "170 columns: ORGANISATION whole"
keys q
wait_for "EXITED 0"
# A fresh database with the default scheme from here on.
rm -f "$DB" "$DB-wal" "$DB-shm"
ui_import "$DEMO"
# The legend, at 60, 80 and 120 columns.
for w in 60 80 120; do
	restart $w 20
	keys_sync G Enter
	screen | sed -n 1p | grep -q " 1 PER 2 ORG 3 LOC 4 MISC "; ok $? "$w columns: the reader's header has the digit legend ($(screen | sed -n 1p))"
	keys q
	wait_for "EXITED 0"
done
# Nesting: the inner span of two is underlined; the outer part is not.
restart 120 30
keys_sync G Enter 4 w
keys_sync 3; keys_sync 2; keys_sync '{'
line=$(cells | grep "tour Japan" | head -1)
printf '%s' "$line" | grep -q "$ESC\[1;4m[^V]*V$ESC\[0;4m[^i]*ienna"; ok $? "Vienna inside Vienna Philharmonic is underlined"
printf '%s' "$line" | grep -q "$ESC\[4[0-9]m Philharmonic"; ok $? "the outer span's own part is in its colour, not underlined"
keys_sync b b
status | grep -q "LOC “Vienna”.*ORG “Vienna Philharmonic”\|ORG “Vienna Philharmonic”.*LOC “Vienna”"
ok $? "the status bar lists both spans under the caret ($(status))"
keys q
wait_for "EXITED 0"
# NO_COLOR: each label its own attributes, shown in the legend too.
NO_COLOR=1
export NO_COLOR
restart 120 30
keys_sync G Enter
keys_sync / j a p a n Enter 3
keys_sync / p h i l Enter 2
keys_sync / d v o Enter 1
# look ATTRS TEXT: TEXT drawn with exactly the SGR attributes ATTRS (1 bold,
# 3 italic, 4 underline), colour resets between allowed.
look() { grep -Eq "$ESC\[(0;)?$1m($ESC\[[0-9;]*m)*$2"; }
cells | look "1;4" "Dvořák" && cells | look "3;4" "Philharmonic" && cells | look "1;3" "Japan"
ok $? "NO_COLOR: PER bold+underline, ORG italic+underline, LOC bold+italic"
cells | sed -n 1p >"$WORK/head"
look "1;4" "PER" <"$WORK/head" && look "3;4" "ORG" <"$WORK/head" && look "1;3" "LOC" <"$WORK/head" && look "1;3;4" "MISC" <"$WORK/head"
ok $? "NO_COLOR: the legend shows each label in its look"
keys q
wait_for "EXITED 0"; ok $? "quit"
done_testing
