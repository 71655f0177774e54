#!/bin/sh
# Batch suggestions in the interface (issue 8): what `gloss suggest` keeps
# compactly is counted in the list, shown when the article opens (even with
# the engines off in the interface), reviewed with ] y x like any other,
# and a place rejected there is not proposed again by the next batch run.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"
# GLOSS_SUGGEST=off (lib.sh): only what gloss suggest stored can show

# Paris at 22 and 51, NATO at 42 (built-in gazetteers)
printf 'Title: One\n\nThe ministers meet in Paris. Officials of NATO and Paris.\n' >"$WORK/1.txt"
printf 'Title: Two\n\nNothing to see.\n' >"$WORK/2.txt"
ui_import "$WORK/1.txt" "$WORK/2.txt"
need $? "import"
"$GLOSS" --db "$DB" suggest --engine gazetteer >"$WORK/out" 2>&1
need $? "gloss suggest ($(cat "$WORK/out"))"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM spans")" = 0 ] &&
	[ "$(sqlite3 "$DB" "SELECT sum(n) FROM suggest_batch")" = 3 ]
ok $? "gloss suggest keeps them compactly"

restart 100 30
on_screen " 0/3"; ok $? "the list counts them ($(screen | grep -F One))"
keys_sync Enter
sql_is "SELECT count(*) FROM spans WHERE article_id = 1 AND status = 'suggested'" 3
ok $? "opening the article makes them spans"
keys_sync ]
cp_is 22; ok $? "] finds the first"
status | grep -Eq "LOC\? “Paris” gazetteer [0-9]+%"; ok $? "the status bar names it ($(status))"
keys_sync y
sql_is "SELECT status FROM spans WHERE article_id = 1 AND start = 22" confirmed; ok $? "y accepts it"
keys_sync ]
cp_is 42; ok $? "] finds the next"
keys_sync x
sql_is "SELECT status || ':' || label FROM spans WHERE article_id = 1 AND start = 42" "rejected:ORG"
ok $? "x rejects it"
quit_gloss

"$GLOSS" --db "$DB" suggest --engine gazetteer >"$WORK/out" 2>&1
need $? "gloss suggest again"
[ "$("$GLOSS" --db "$DB" export --format csv --status all |
	awk -F, '$1 == 1 { printf "%s%s:%s:%s", s, $5, $8, $10; s = " " }')" = "22:LOC:confirmed 42:ORG:rejected 51:LOC:suggested" ]
ok $? "the next batch run does not propose the rejected place again"
restart 100 30
keys_sync Enter
sql_is "SELECT group_concat(start || ':' || status, ' ') FROM (SELECT * FROM spans WHERE article_id = 1 ORDER BY start)" \
	"22:confirmed 42:rejected 51:suggested"
ok $? "opened again: one suggestion per place, the decisions kept"

# gloss suggest while the article is open: they show without reopening
printf 'Title: Three\n\nDelegates from Kenya came.\n' >"$WORK/3.txt"
ui_import "$WORK/3.txt"
need $? "import 3"
restart 100 30
keys_sync / K e n y a Enter Enter
sql_is "SELECT count(*) FROM spans WHERE article_id = 3" 0; need $? "article 3 open, no spans"
"$GLOSS" --db "$DB" suggest --engine gazetteer 3 >"$WORK/out" 2>&1
need $? "gloss suggest 3 ($(cat "$WORK/out"))"
keys_sync l
sql_is "SELECT group_concat(start || ':' || label || ':' || status) FROM spans WHERE article_id = 3" "15:LOC:suggested"
ok $? "a batch run for the open article becomes its spans at the next key"
quit_gloss
done_testing
