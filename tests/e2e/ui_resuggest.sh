#!/bin/sh
# A decision is answered first and its suggestions follow (issue 12 item 3,
# issue 8 item 3): the tag is committed and its screen drawn ("saved")
# before the open article's suggestions are made again; those are made as
# soon as no key waits. GLOSS_TEST_KEYS=pause: one sync is one pause (no
# timeouts), so the screen and the database can be looked at in between
# without a race.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"
GLOSS_SUGGEST=on
GLOSS_TEST_KEYS=pause
export GLOSS_SUGGEST GLOSS_TEST_KEYS

sug() { # what propagation suggests in article 1, as start-end:LABEL
	sqlite3 "$DB" "SELECT coalesce(group_concat(x, ' '), '-') FROM (SELECT start || '-' || \"end\" || ':' || label AS x
	    FROM spans WHERE article_id = 1 AND status = 'suggested' AND source = 'propagate' ORDER BY start)"
}

printf 'Title: One\n\nZoë Lefèvre met Ann Berg. Later Zoë Lefèvre left town.\n' >"$WORK/1.txt"
ui_import "$WORK/1.txt"
need $? "import"

restart 100 30
keys_sync Enter
cp_is 0; need $? "article 1 open, caret at 0 (its suggestions made at the sync)"
[ "$(sug)" = - ]; ok $? "nothing propagated before a decision"
# v e e: select the name; 1: PER. The sync is the pause that makes the
# digit a tag; the tag's suggestions wait for the next one.
keys_sync v e e 1
# (sqlite3 directly: sql_is sends a sync, which here is a pause)
[ "$(sqlite3 "$DB" "SELECT label || ':' || start || '-' || \"end\" FROM spans WHERE status = 'confirmed'")" = PER:0-11 ]
ok $? "the tag is committed when its key is answered"
status | grep -qF "saved: PER"; ok $? "and the screen says saved ($(status | cut -c1-60))"
[ "$(sug)" = - ]; ok $? "its suggestions are not made yet ($(sug))"
keys_sync
[ "$(sug)" = "32-43:PER" ]; ok $? "at the pause the next occurrence is proposed ($(sug))"
keys_sync ]
cp_is 32; ok $? "and drawn: ] jumps to it"
status | grep -Eq "PER\? “Zoë Lefèvre” propagate"; ok $? "the status bar names it ($(status | cut -c1-60))"
# Another decision replaces that suggestion: the interface takes the rows
# the store deleted and inserted (store_suggestions_changes), not all
# of the article's spans again; what it shows must be what is stored.
old=$(sqlite3 "$DB" "SELECT id FROM spans WHERE start = 32 AND status = 'suggested'")
keys_sync g r 2
keys_sync
row=$(sqlite3 "$DB" "SELECT id || ' ' || label FROM spans WHERE start = 32 AND status = 'suggested'")
[ -n "$row" ] && [ "${row%% *}" != "$old" ]; need $? "the relabel replaced the suggestion ($old -> $row)"
n=$(sqlite3 "$DB" "SELECT count(*) FROM spans WHERE article_id = 1 AND status <> 'rejected'")
keys_sync Tab
screen | grep -qF "Annotations $n"; ok $? "the annotations pane holds what the store holds ($n)"
keys_sync Tab Tab g ]
cp_is 32 && status | grep -Eq "${row#* }\? “Zoë Lefèvre” propagate"
ok $? "and the reader shows the new one ($(status | cut -c1-60))"
quit_gloss
done_testing
