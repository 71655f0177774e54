#!/bin/sh
# A decision in a long article (over SUGUI_SYNC_MAX code points, which
# opening does not suggest on) makes its suggestions again around the
# decision only (suggester_article_near): over all of a 10 MB article the
# engines took seconds and the next key waited for them. Suggestions
# stored farther away stay as they are. GLOSS_TEST_KEYS=pause: one sync
# is one pause (see ui_resuggest.sh).
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"
GLOSS_SUGGEST=on
GLOSS_TEST_KEYS=pause
export GLOSS_SUGGEST GLOSS_TEST_KEYS

# 6000 lines of 56 code points: 336,000, the name twice on each line
{
	printf 'Title: Long\n\n'
	awk 'BEGIN { for (i = 0; i < 6000; i++) print "Zoë Lefèvre met Ann Berg. Later Zoë Lefèvre left town." }'
} >"$WORK/long.txt"
ui_import "$WORK/long.txt"
need $? "import"
# what `gloss suggest` would have stored at the far end: the last name
last=$((5999 * 56 + 32))
sqlite3 "$DB" "INSERT INTO spans(article_id, start, \"end\", label, kind, status, source, confidence, created, updated)
	VALUES (1, $last, $((last + 11)), 'PER', 'entity', 'suggested', 'propagate', 0.5, 1, 1)"
need $? "a suggestion far away"
far=$(sqlite3 "$DB" "SELECT id FROM spans WHERE start = $last")

restart 100 30
keys_sync Enter
cp_is 0; need $? "the long article open, caret at 0"
keys_sync v e e 1
[ "$(sqlite3 "$DB" "SELECT label || ':' || start || '-' || \"end\" FROM spans WHERE status = 'confirmed'")" = PER:0-11 ]
ok $? "the tag is committed when its key is answered"
keys_sync
n=$(sqlite3 "$DB" "SELECT count(*) FROM spans WHERE status = 'suggested' AND source = 'propagate' AND start < 10000")
[ "$n" -gt 100 ] && [ "$n" -lt 200 ]; ok $? "at the pause the names near it are proposed ($n)"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM spans WHERE status = 'suggested' AND start >= 10000 AND start < $last")" = 0 ]
ok $? "not those farther than the window"
[ "$(sqlite3 "$DB" "SELECT id FROM spans WHERE start = $last AND status = 'suggested'")" = "$far" ]
ok $? "the suggestion stored far away stays as it was"
keys_sync ]
cp_is 32; ok $? "and the next one is drawn: ] jumps to it"
quit_gloss
done_testing
