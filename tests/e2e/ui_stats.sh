#!/bin/sh
# ui_stats.sh: annotation sessions measured from the times the store
# records with each action, with the clock fixed by GLOSS_TEST_NOW: two
# tags a minute apart in the interface, gloss killed in between, then
# gloss stats and the :stats view show the active time and the rate.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

printf 'Title: Oslo talks\n\nAnna met Bert in Oslo on Monday.\n' >"$WORK/a.txt"
ui_import "$WORK/a.txt"
ok $? "import"

export GLOSS_TEST_NOW=1767600000   # 2026-01-05 08:00:00 UTC
restart 100 30 --annotator ann
keys_sync Enter 1
sql_is "SELECT count(*) FROM spans WHERE status = 'confirmed'" 1; ok $? "first tag committed"
# Killed, not quit: the time is already in the database.
P=$(gloss_pid)
kill -9 "$P"
dead() { ! kill -0 "$1" 2>/dev/null; }
poll 10 dead "$P"; ok $? "killed (SIGKILL)"
export GLOSS_TEST_NOW=1767600060   # one minute later
restart 100 30 --annotator ann
keys_sync Enter g w w 1
sql_is "SELECT count(*) FROM spans WHERE status = 'confirmed'" 2; ok $? "second tag, a minute later"
quit_gloss
export GLOSS_TEST_NOW=1767600900   # after a 14-minute pause
restart 100 30 --annotator ann
keys_sync Enter g w w w w 1
sql_is "SELECT count(*) FROM spans WHERE status = 'confirmed'" 3; ok $? "third tag, after a pause"

"$GLOSS" stats >"$WORK/stats"; st=$?
[ $st -eq 0 ]; ok $? "gloss stats"
grep -q "^  2026-01-05  ann          0:01:00      3 confirmed   180.0/h$" "$WORK/stats"
ok $? "per day: one minute active (the pause left out), 3 confirmed, 180 per hour"
grep -q "^  ann                      0:01:00      3 confirmed   180.0/h$" "$WORK/stats"; ok $? "per annotator"
grep -q "^  0:01:00     3 actions  ann          #1 Oslo talks$" "$WORK/stats"; ok $? "time per article"
grep -q "^  PER  *3 #\{40\}$" "$WORK/stats"; ok $? "label bars"

keys_sync : s t a t s Enter
screen | grep -q "Statistics"; ok $? ":stats opens the statistics view"
screen | grep -q "2026-01-05  ann          0:01:00      3 confirmed   180.0/h"; ok $? "with the sessions"
keys_sync q
! screen | grep -q "Statistics"; ok $? "q closes it"

done_testing
