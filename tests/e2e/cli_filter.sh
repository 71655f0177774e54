#!/bin/sh
# cli_filter.sh: gloss list FILTER... and --sort: the same filter words as
# the interface's :filter, usage errors naming the bad word.
. "$srcdir/tests/e2e/lib.sh"
D="$srcdir/tests/data/feeds"

"$GLOSS" import "$D/rss.xml" "$D/atom.xml" "$D/page.html" 2>/dev/null
ok $? "import the feed fixtures"
ids() { "$GLOSS" list "$@" | cut -f1 | tr '\n' ' '; }

[ "$(ids)" = "1 2 3 4 5 " ]; ok $? "no filter: all, id order"
[ "$(ids date=2026-01)" = "1 2 " ]; ok $? "date=2026-01 (a month)"
[ "$(ids date=2026-01-06..2026-02)" = "2 3 4 " ]; ok $? "date range, inclusive"
[ "$(ids 'source=Baltic Wire')" = "1 2 " ]; ok $? "source with a space (one argument)"
[ "$(ids 'source="Nordic Desk"' --sort 'date desc')" = "4 3 " ]; ok $? "quoted source, sort date desc"
[ "$(ids text=gdansk --sort id)" = "1 5 " ]; ok $? "text= (folded like search)"
[ "$(ids text=talks date=2026-03)" = "5 " ]; ok $? "text and date combined"
[ "$(ids --sort title)" = "2 1 4 5 3 " ]; ok $? "sort title"
[ "$(ids --status unread source=AP)" = "" ]; ok $? "--status and filter words combine"

"$GLOSS" list colour=red 2>"$WORK/err"; st=$?
[ $st -eq 2 ] && grep -q "unknown filter 'colour'" "$WORK/err"; ok $? "unknown filter key: usage error naming it"
"$GLOSS" list --sort sideways 2>"$WORK/err"; st=$?
[ $st -eq 2 ] && grep -q "not 'sideways'" "$WORK/err"; ok $? "bad sort key: usage error"
"$GLOSS" list status=new 2>/dev/null; [ $? -eq 2 ]; ok $? "bad status value: usage error"

done_testing
