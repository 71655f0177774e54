#!/bin/sh
# ui_config.sh: the config file ($XDG_CONFIG_HOME/gloss/config): [keys]
# rebinding (the help shows the live keys), [general] width and
# annotator, :set width=N, and mistakes reported with file and line while
# gloss starts with the rest.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

printf 'Title: Oslo talks\n\nAnna met Bert in Oslo on Monday and they talked for a long time about ships.\n' >"$WORK/a.txt"
ui_import "$WORK/a.txt"
ok $? "import"
mkdir -p "$WORK/cfg/gloss"
export XDG_CONFIG_HOME="$WORK/cfg"
CFG="$WORK/cfg/gloss/config"
cat >"$CFG" <<'INI'
# test config
[general]
annotator = maria
width = 30

[keys]
quit = Q
accept = a
frobnicate = z
page-down = NotAKey

[colours]
PER = purple
match = black on yellow
INI

restart 100 30
status | grep -qF "(and 2 more problems in the config file: :messages)"; ok $? "the status bar says there are problems"
keys_sync : m e s s a g e s Enter
screen | grep -qF "$CFG:9: [keys] frobnicate: no such action"; ok $? "an unknown action: file, line and what"
screen | grep -qF "$CFG:10: [keys] page-down: 'NotAKey' is not a key"; ok $? "a bad key"
screen | grep -qF "$CFG:13: [colours] PER: 'purple' is not COLOUR"; ok $? "a bad colour"
keys_sync q

keys_sync ?
screen | grep -Eq "^ *Q +quit"; ok $? "the help shows the rebound quit key"
! screen | grep -Eq "^ *q +quit"; ok $? "and not the old one"
keys_sync Space
screen | grep -Eq "^ *a +accept the suggestion"; ok $? "accept on a (next page)"
keys_sync Escape

keys_sync q
! exited; ok $? "q no longer quits"
keys_sync Enter
# width = 30: the text wraps within 30 columns.
screen | grep -q "Anna met Bert in Oslo on" && ! screen | grep -q "Anna met Bert in Oslo on Monday and"
ok $? "width = 30 wraps the text"
keys_sync / o s l o Enter
tmux -L "$SOCK" capture-pane -e -p -t 0 | grep -q "30m.\[43mslo"; ok $? "match = black on yellow colours the search match (after the caret cell)"
keys_sync : s e t Space w i d t h = 0 Enter
screen | grep -q "Anna met Bert in Oslo on Monday and they talked"; ok $? ":set width=0: as wide as the pane"
keys_sync : s e t Space w i d t h = x Enter
status | grep -q "set: width=x is not a number"; ok $? ":set width=x is refused"
keys_sync 1
sql_is "SELECT annotator FROM spans" "maria"; ok $? "annotator from the config"
keys Q
wait_for "EXITED 0"; ok $? "Q quits"

# A line inih cannot read at all.
printf '[general]\nthis line is not an entry\nwidth = 0\n' >"$CFG"
restart 100 30
screen | grep -qF "$CFG:2: not KEY = VALUE"; ok $? "a syntax error names the line"
keys_sync q
wait_for "EXITED 0"; ok $? "defaults again: q quits"

# labels = FILE: the scheme a database without articles starts with.
printf '1 PERSON red People\n2 PLACE green Places\n' >"$WORK/my.labels"
printf '[general]\nlabels = %s\n' "$WORK/my.labels" >"$CFG"
DB="$WORK/new.db"
restart 100 30
keys_sync q
wait_for "EXITED 0"
"$GLOSS" --db "$DB" labels | grep -q "^1 PERSON red People$"; ok $? "labels = FILE: a new database takes the scheme"

done_testing
