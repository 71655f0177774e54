#!/bin/sh
# Faster tagging (issue 9): after a tag the caret moves to the next word;
# a digit before a motion is a count (3w 2e 5j); { } ( ) < > , . move the
# start or end of the span just tagged (or under the caret) by a word or a
# character, each one undoable action; in the annotations pane Enter goes
# to the span and focuses the reader, span keys act on the selected entry,
# and a key that cannot act says why.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

spans() {
	sqlite3 "$DB" "SELECT coalesce(group_concat(x, ' '), '-') FROM (SELECT label || ':' || start || '-' || \"end\" AS x
	    FROM spans WHERE status = 'confirmed' ORDER BY start, \"end\" DESC, id)"
}
cp_is() { status | grep -q " cp $1/"; }

ui_import "$DEMO/01-harbour-reopens.txt" "$UI_DATA/lines.txt"
restart 100 30
keys_sync Enter
# Counts: 3w, 2e, then (in lines.txt) 5j.
keys_sync 3 w
cp_is 20; ok $? "3w: three words on (cp 20, 'February 3. The': $(status))"
keys_sync 2 e
cp_is 32; ok $? "2e: to the end of the second word on (container)"
[ "$(spans)" = "-" ]; ok $? "a count tags nothing"
# A digit alone tags the word under the caret and moves to the next word.
keys_sync / n o r d l y s Enter 2
[ "$(spans)" = "ORG:284-291" ]; ok $? "2 tags Nordlys ($(spans))"
cp_is 292; ok $? "and the caret moved on to Shipping"
status | grep -q "saved: ORG “Nordlys”"; ok $? "the status bar says saved"
# Edge keys on the span just tagged.
keys_sync '>'
[ "$(spans)" = "ORG:284-300" ]; ok $? "> : its end a word later (Nordlys Shipping)"
status | grep -q "saved: ORG “Nordlys Shipping”"; ok $? "and says so"
cp_is 302; ok $? "the caret moved on past it"
keys_sync '<'
[ "$(spans)" = "ORG:284-291" ]; ok $? "< : a word earlier again"
keys_sync '{'
[ "$(spans)" = "ORG:281-291" ]; ok $? "{ : start a word earlier (by Nordlys)"
keys_sync '}'
[ "$(spans)" = "ORG:284-291" ]; ok $? "} : a word later again"
keys_sync '(' '(' ')' . . ,
[ "$(spans)" = "ORG:283-292" ]; ok $? "( ) . , : by one character ($(spans))"
keys_sync u
[ "$(spans)" = "ORG:283-293" ]; ok $? "u undoes one edge move"
keys_sync u u u
[ "$(spans)" = "ORG:282-291" ]; ok $? "each edge move is its own undo step ($(spans))"
keys_sync C-r C-r C-r C-r
[ "$(spans)" = "ORG:283-292" ]; ok $? "and redo brings them back"
# Edge keys on the span under the caret (moved into it).
keys_sync / n o r d l y s Enter l '>'
[ "$(spans)" = "ORG:283-300" ]; ok $? "> on the span under the caret ($(spans))"
cp_is 285; ok $? "the caret stays where it was, inside it"
keys_sync '<'
[ "$(spans)" = "ORG:283-291" ]; ok $? "< back"
keys_sync '<'
status | grep -q "cannot move that edge"; ok $? "a span cannot shrink to nothing ($(status))"
[ "$(spans)" = "ORG:283-291" ]; ok $? "and is left as it was"

# The annotations pane: Enter goes to the span and focuses the reader;
# span keys act on the selected entry; other keys say why.
keys_sync g 1
[ "$(spans)" = "PER:0-6 ORG:283-291" ]; ok $? "1 on GDAŃSK"
keys_sync Tab d
[ "$(spans)" = "PER:0-6" ]; ok $? "d in the annotations pane deletes the selected entry (ORG)"
keys_sync u
[ "$(spans)" = "PER:0-6 ORG:283-291" ]; ok $? "u brings it back"
keys_sync 3
[ "$(spans)" = "PER:0-6 LOC:283-291" ]; ok $? "a digit relabels the selected entry"
keys_sync Enter
cp_is 283; ok $? "Enter puts the caret on the span"
keys_sync l 4
[ "$(spans)" = "PER:0-6 LOC:283-291 MISC:284-291" ]; ok $? "and focuses the reader: l 4 tags there"
keys_sync Tab Tab d
status | grep -q "d works in the reader: Tab goes there"; ok $? "d in the list says why it does nothing ($(status))"
keys_sync x
status | grep -q "x works in the reader"; ok $? "so does x"
keys_sync Tab Tab / d o c k Enter
cp_is 627; ok $? "/ in the annotations pane searches the article, in the reader"
keys q
wait_for "EXITED 0"; ok $? "quit"

# 5j in the numbered rows: as far as five j.
restart 100 30
keys_sync j Enter j j j j j
five=$(status | grep -o "cp [0-9]*/")
keys_sync g 5 j
status | grep -q "$five"; ok $? "5j: five rows down, as j j j j j ($five)"
[ "$five" != "cp 0/" ]; ok $? "(which moved)"
keys q
wait_for "EXITED 0"
# Undo and redo say what they did, and where.
rm -f "$DB" "$DB-wal" "$DB-shm"
ui_import "$DEMO/01-harbour-reopens.txt" "$DEMO/02-cafe-zoe.txt"
restart 100 30
keys_sync Enter / n o r d l y s Enter 2
keys_sync '>'
keys_sync u
status | grep -q "^ undone: edges of ORG “Nordlys” (article 1) "; ok $? "u says which change it undid ($(status))"
keys_sync u
status | grep -q "^ undone: tag ORG “Nordlys” (article 1) "; ok $? "u on a tag: undone: tag ORG “Nordlys” ($(status))"
keys_sync C-r
status | grep -q "^ redone: tag ORG “Nordlys” (article 1) "; ok $? "redo says it too"
keys_sync C-r
status | grep -q "^ redone: edges of ORG “Nordlys Shipping” (article 1) "; ok $? "redo of the edges"
keys_sync J u
status | grep -q "^ undone: change to ORG “Nordlys” (opened article 1, The container terminal a…) "
ok $? "an undo that opens another article names it ($(status))"
keys_sync J u
status | grep -q "^ undone: tag ORG “Nordlys” (opened article 1, The container terminal a…) "
ok $? "a tag undone in another article is named by label and text ($(status))"
keys_sync d
status | grep -q "^ deleted: " ; [ $? -ne 0 ]; ok $? "(nothing left to delete there)"
keys_sync u
status | grep -q "^ nothing to undo "; ok $? "nothing to undo says so"
keys q
wait_for "EXITED 0"
done_testing
