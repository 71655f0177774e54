#!/bin/sh
# The interface on a database whose undo root page is damaged (defect 8).
# It looks for damage just before its first write, not at start-up (the
# first screen does not wait for it): the list and the article show (their
# reads do not touch undo), and the first write, marking the opened
# article started, is refused with the `gloss check` advice. The file is
# never written.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

ui_import "$DEMO/01-harbour-reopens.txt"; need $? "import"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; need $? "checkpoint"
root=$(sqlite3 "$DB" "SELECT rootpage FROM sqlite_schema WHERE name = 'undo'")
ps=$(sqlite3 "$DB" "PRAGMA page_size")
printf '\377\377\377\377\377\377\377\377' | dd of="$DB" bs=1 seek=$(( (root - 1) * ps )) conv=notrunc 2>/dev/null
need $? "damage the undo root page"
restart 100 30
sum=$(sha256sum <"$DB")
on_screen "Articles"; ok $? "the list shows"
keys_sync Enter
on_screen "not marked started: database damaged (table undo): run \`gloss check\`"
ok $? "opening an article: the first write looks for damage, is refused and says so"
on_screen "The container terminal"; ok $? "the article's text shows"
sql_is "SELECT status FROM articles WHERE id = 1" unread; ok $? "the article is still unread"
keys q
wait_for "EXITED"; ok $? "quit"
[ "$(sha256sum <"$DB")" = "$sum" ]; ok $? "the file was never written"

done_testing
