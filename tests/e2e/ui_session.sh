#!/bin/sh
# Restart where I left off (issue 9): the interface reopens the last
# article, in the last focused pane, at the last position; also after
# SIGKILL (the session is written when it changes, not only on quit).
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

# start_gloss and wait, keeping the session (restart forgets it)
resume() { server_gone; start_gloss "$@"; wait_ready; }
reader_title() { screen | sed -n 1p | sed 's/^[^│]*│ //; s/  .*//'; }

ui_import "$DEMO"
restart 100 30
keys_sync Down Down Enter / c a f e Enter w w
cp=$(status | grep -o "cp [0-9]*/[0-9]*")
keys q
wait_for "EXITED 0"
resume 100 30
reader_title | grep -q "^A delegation of European"; ok $? "the last article is open again ($(reader_title))"
status | grep -q "$cp"; ok $? "at the last position ($cp)"
keys_sync j
status | grep -q "$cp"; [ $? -ne 0 ]; ok $? "with the reader focused: j moves the caret"
# The annotations pane, left by SIGKILL.
keys_sync 1 Tab
kill -9 "$(gloss_pid)"
wait_for "EXITED 137"
resume 100 30
screen | grep -q "Annotations 1"; ok $? "after SIGKILL: the annotations pane is back"
keys_sync d
[ "$(sqlite3 "$DB" "SELECT count(*) FROM spans")" = 0 ]; ok $? "and has the focus: d deletes its selected entry"
# The list focused, another article open.
keys_sync Tab J
keys_sync Tab Tab Tab
reader_title | grep -q "^Jordan’s water"; ok $? "J opened the next article"
keys q
wait_for "EXITED 0"
resume 100 30
status | grep -q "article 4/10"; ok $? "the list has the focus again, on that article ($(status))"
reader_title | grep -q "^Jordan’s water"; ok $? "and the reader shows it"
keys_sync Down Enter
reader_title | grep -q "^The city council voted"; ok $? "Down Enter opens the next one from there"
keys q
wait_for "EXITED 0"; ok $? "quit"
done_testing
