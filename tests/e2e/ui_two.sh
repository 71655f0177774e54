#!/bin/sh
# ui_two.sh: two annotators, two interfaces, one database (issue 10,
# defect 1). A's undo never removes B's work; each has their own undo and
# redo; an interface notices what the other committed and redraws, so a
# digit on a span the other deleted tags it again instead of "already".
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

SOCK_A=$SOCK
SOCK_B="$SOCK-b"
as_b() { local SOCK=$SOCK_B; "$@"; }
cleanup_b() { tmux -L "$SOCK_B" kill-server 2>/dev/null; cleanup; }
trap cleanup_b EXIT
spans() { # label:start-end:annotator of article $1's confirmed spans
	sqlite3 "$DB" "SELECT coalesce(group_concat(x, ' '), '-') FROM (SELECT label || ':' || start || '-' || \"end\"
	    || ':' || annotator AS x FROM spans WHERE article_id = $1 AND status = 'confirmed' ORDER BY start, id)"
}

ui_import "$DEMO/01-harbour-reopens.txt" "$DEMO/02-cafe-zoe.txt"
need $? "import two articles"
restart 100 30 --annotator a
as_b restart 100 30 --annotator b

# A tags in article 2; B tags GDAŃSK in article 1.
keys_sync Down Enter / z o e Enter 1
status | grep -qF "saved: PER"; ok $? "A: saved in article 2"
as_b keys_sync Enter 3
as_b status | grep -qF "saved: LOC “GDAŃSK”"; ok $? "B: saved LOC “GDAŃSK” in article 1"
[ "$(spans 1)" = "LOC:0-6:b" ]; ok $? "B's span is in the database"

keys_sync u
status | grep -qF "undone"; ok $? "A: u undoes A's own tag"
[ "$(spans 2)" = "-" ] && [ "$(spans 1)" = "LOC:0-6:b" ]; ok $? "A's span gone, B's kept ($(spans 1))"
keys_sync u
status | grep -qF "nothing to undo"; ok $? "A: nothing more to undo (B's action is B's)"
[ "$(spans 1)" = "LOC:0-6:b" ]; ok $? "B's span still there"

# B acts: A's redo stack is A's own.
as_b keys_sync w 4
keys_sync C-r
status | grep -qF "redone"; ok $? "A: Ctrl-R redoes after B's action"
[ "$(spans 2 | cut -d: -f1,3)" = "PER:a" ]; ok $? "A's span is back"

# A opens article 1 and deletes B's GDAŃSK; B notices without a key.
keys_sync K 0 d
status | grep -qF "deleted: LOC “GDAŃSK”"; ok $? "A deletes B's span"
poll "$T_WAIT" sh -c "tmux -L '$SOCK_B' capture-pane -p -t 0 | grep -Eq 'The container.* 1/0'"
ok $? "B's interface notices the change and redraws (the list counts 1)"
# B's caret is on GDAŃSK's first letter again; a digit tags it anew.
as_b keys_sync 0 3
as_b status | grep -qF "saved: LOC “GDAŃSK”"; ok $? "B: a digit on the span A deleted tags it (not \"already\")"

# A's undo of the delete is refused: B has tagged the same text again.
keys_sync u
status | grep -qF "not undone: someone else changed that since"; ok $? "A: undo refused, and said so"
[ "$(spans 1 | grep -o 'LOC:0-6' | wc -l)" -eq 1 ]; ok $? "A's undo neither duplicates nor removes B's span ($(spans 1))"
as_b keys_sync u u
[ "$(spans 1)" = "-" ] && [ "$(spans 2 | cut -d: -f1,3)" = "PER:a" ]
ok $? "B's undo takes back B's own two tags, not A's ($(spans 1) / $(spans 2))"

done_testing
