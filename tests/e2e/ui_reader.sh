#!/bin/sh
# The reader: list, open, scrolling, caret motions, next/previous article,
# one pane at a time below 80 columns.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

ui_import "$UI_DATA/lines.txt" "$DEMO/01-harbour-reopens.txt" "$DEMO/02-cafe-zoe.txt"
need $? "import three articles"

# 100 columns: list | reader side by side.
restart 100 30
wait_for "Articles 3"; ok $? "the list pane shows the article count"
wait_for "Numbered rows"; ok $? "the list shows titles"
wait_for "café"; ok $? "the list shows non-ASCII titles"
keys_sync Enter
golden reader-open; ok $? "Enter opens the article: the whole screen as expected (golden)"
on_screen "row 028"; ok $? "Enter opens the article: text on screen"
screen | grep -q "│ Numbered rows"; ok $? "the reader's header shows the title"
screen | grep -q "row 029"; [ $? -ne 0 ]; ok $? "28 text rows, no more"
wait_cp 0; ok $? "caret at the start"
keys j j j
wait_cp 24; ok $? "j moves the caret one row down"
keys k
wait_cp 16; ok $? "k moves it one row up"
keys Down Down Up
wait_cp 24; ok $? "arrow keys move rows too"
keys Space
wait_for "row 055"; ok $? "Space pages down"
wait_gone "row 027"; ok $? "the old page is gone (one row overlap)"
wait_cp 216; ok $? "the caret follows to the top of the new page"
keys C-f
wait_for "row 082"; ok $? "Ctrl-F pages down"
keys PPage
wait_for "row 028"; ok $? "PgUp pages up"
wait_gone "row 082"; ok $? "PgUp: the later rows are gone"
keys C-b
wait_for "row 001"; ok $? "Ctrl-B back at the top"
keys NPage
wait_for "row 055"; ok $? "PgDn pages down"
keys G
wait_for "row 200"; ok $? "G shows the end"
wait_cp 1600; ok $? "G puts the caret on the last row"
keys g
wait_for "row 001"; ok $? "g back to the top"
wait_cp 0; ok $? "g puts the caret at 0"
keys k
wait_cp 0; ok $? "k at the top stays"

# Caret motions inside a row: "row 001".
keys l
wait_cp 1; ok $? "l: one grapheme right"
keys Right Right Left
wait_cp 2; ok $? "arrows move by grapheme"
keys w
wait_cp 4; ok $? "w: next word"
keys e
wait_cp 6; ok $? "e: end of word"
keys 0
wait_cp 0; ok $? "0: start of the row"
keys '$'
wait_cp 6; ok $? "\$: end of the row"
keys b
wait_cp 4; ok $? "b: start of word"
keys h
wait_cp 3; ok $? "h: one grapheme left"

# Scrolling row by row shifts the kept rows: the screen must equal a full
# repaint (Ctrl-L) afterwards.
keys_sync J K g
cp_is 0 || echo "# not at the top before scrolling"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32; do keys j; done
wait_cp 256; ok $? "32 j: the caret on row 033"
wait_for "row 033"; ok $? "the view scrolled row by row"
keys k k k k k k k k k k k k k k k k k k k k k k k k k k k k k k
wait_cp 16; ok $? "30 k back"
on_screen "row 003" || echo "# row 003 not on screen"
before=$(screen)
keys_sync C-l
after=$(screen)
[ "$before" = "$after" ]; ok $? "the incrementally scrolled screen equals a full repaint"
keys g

# J / K: next / previous article; the list follows.
keys J
wait_for "GDAŃSK, February 3. The container"; ok $? "J opens the next article"
keys J
wait_for "Croix-Rousse"; ok $? "J again"
keys K K
wait_for "row 001"; ok $? "K K back to the first"
keys q
wait_for "EXITED 0"; ok $? "q quits with status 0"

# Below 80 columns: one pane at a time, Tab cycles.
restart 60 20
wait_for "Articles 3"; ok $? "narrow: the list"
screen | grep -q "│"; [ $? -ne 0 ]; ok $? "narrow: no second pane"
keys Down Enter
wait_for "GDAŃSK, February 3. The"; ok $? "narrow: Enter shows the reader alone"
wait_gone "Articles 3"; ok $? "narrow: the list is hidden"
keys Tab
wait_for "Annotations"; ok $? "narrow: Tab shows the annotations pane"
keys Tab
wait_for "Articles 3"; ok $? "narrow: Tab back to the list"
keys Tab
wait_for "GDAŃSK, February 3. The"; ok $? "narrow: and to the reader"
before=$(screen)
keys_sync '?'
on_screen "Help (j k Space; q closes)"; ok $? "? shows the help"
screen | grep -q "quit (everything is already saved)"; ok $? "the help lists keys"
keys Space
wait_for "start or drop a selection"; ok $? "Space scrolls the help"
keys_sync x
[ "$(screen)" = "$before" ]; ok $? "a key closes the help: the screen is as before it"
keys : q Enter
wait_for "EXITED 0"; ok $? ":q quits"
done_testing
