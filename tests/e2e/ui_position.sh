#!/bin/sh
# The reading position of each article survives a restart (saved on
# leaving an article, on quitting, and when the caret rests), and opening
# an article moves it from unread to started.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

ui_import "$UI_DATA/lines.txt" "$DEMO/01-harbour-reopens.txt" "$DEMO/02-cafe-zoe.txt"
need $? "import"
restart 100 30
wait_for "• Numbered rows"; ok $? "unread articles are marked •"
keys Enter
wait_for "› Numbered rows"; ok $? "opening an article marks it started (›) in the list"
sql_is "SELECT status FROM articles WHERE id = 1" started; ok $? "... and in the store"
keys / r o w space 1 2 0 Enter
wait_cp 952; ok $? "caret on row 120"
keys q
wait_for "EXITED 0"; ok $? "quit"
sql_is "SELECT position FROM articles WHERE id = 1" 952; ok $? "quitting saved the position (before exiting)"
restart 100 30
keys Enter
wait_cp 952; ok $? "after a restart the caret is where it was"
screen | sed -n 2p | grep -q "row 120"; ok $? "and the caret's row is on top"
# Leaving an article (J) saves its position too.
keys j j
wait_cp 968
keys J
wait_for "GDAŃSK, February 3. The container"; ok $? "J opens the next article"
sql_is "SELECT position FROM articles WHERE id = 1" 968; ok $? "leaving the article saved its position"
# A resting caret is saved without leaving: SIGKILL cannot lose it.
keys w w w
wait_cp 20
wait_sql "SELECT position FROM articles WHERE id = 2" 20; ok $? "the resting caret was saved"
kill -9 "$(gloss_pid)"
wait_for "EXITED 137"; ok $? "killed"
restart 100 30
keys Down Enter
wait_cp 20; ok $? "after SIGKILL the second article reopens at its position"
keys K
wait_cp 968; ok $? "and the first one at its own"
wait_sql "SELECT status FROM articles WHERE id = 3" unread; ok $? "an article never opened stays unread"
done_testing
