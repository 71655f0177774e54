#!/bin/sh
# Control characters in titles and text never reach the terminal raw: an
# OSC title sequence does not retitle the pane, ESC [ 2 J does not clear
# the screen, and both show as visible placeholders (GUIDE §7).
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

ui_import "$UI_DATA/hostile.txt" "$DEMO/01-harbour-reopens.txt"
need $? "import"
restart 100 30
tmux -L "$SOCK" select-pane -t 0 -T keep-this-title
wait_for "Articles 2"; ok $? "list shown"
wait_for "Hostile ␛]0;ttl␇ contr"; ok $? "the title's controls show as placeholders in the list"
[ "$(tmux -L "$SOCK" display -p -t 0 '#{pane_title}')" = keep-this-title ]
ok $? "the list did not retitle the pane"
keys_sync Enter
golden hostile-open; ok $? "the opened article's whole screen (golden)"
on_screen "Before the title ␛]0;pwned␇ after the title."; ok $? "OSC 0 ... BEL drawn as placeholders"
[ "$(tmux -L "$SOCK" display -p -t 0 '#{pane_title}')" = keep-this-title ]
ok $? "the article did not retitle the pane"
on_screen "Before the clear ␛[2J␛[H after the clear."; ok $? "ESC [ 2 J drawn as placeholders"
screen | grep -q "Articles 2"; ok $? "the screen was not cleared: the list is still there"
screen | grep -q "The container"; ok $? "and its rows"
screen | grep -q "Bell ␇ and CSI"; ok $? "a lone BEL is a placeholder too"
screen | grep -q "Tab     here."; ok $? "a tab expands to the next multiple of 8"
# Moving the caret over the controls repaints those rows: still safe.
keys_sync j j l l l l l l l l l l l l l l l l l l l
cp_is 65; ok $? "the caret moves over the controls (each a cluster of its own)"
[ "$(tmux -L "$SOCK" display -p -t 0 '#{pane_title}')" = keep-this-title ]
ok $? "repainting did not retitle the pane"
screen | grep -q "Articles 2"; ok $? "nor clear the screen"
keys q
wait_for "EXITED 0"; ok $? "clean exit"
done_testing
