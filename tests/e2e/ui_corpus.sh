#!/bin/sh
# ui_corpus.sh: the list as a corpus reader: :filter and :sort with the
# count in the header and the status bar, / in the list searching the
# corpus with snippets, Enter putting the caret on the first match and n
# going on from there.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"
D="$srcdir/tests/data/feeds"

# 1-2 rss (2026-01-05, -06), 3-4 atom (2026-02), 5 the page (2026-03-02).
ui_import "$D/rss.xml" "$D/atom.xml" "$D/page.html"
need $? "import"
restart 100 30
screen | head -1 | grep -q " Articles 5 "; ok $? "header: Articles 5"

keys_sync : f i l t e r Space d a t e = 2 0 2 6 - 0 1 Enter
screen | head -1 | grep -q " 2 of 5 articles"; ok $? ":filter date=2026-01: header says 2 of 5"
screen | grep -q "Ferry strike" && ! screen | grep -q "Øresund"; ok $? "only January's articles listed"
keys_sync j
status | grep -qF "filter: date=2026-01  (2 of 5 articles)"; ok $? "the status bar shows the filter"

keys_sync : s o r t Space t i t l e Space d e s c Enter
[ "$(screen | sed -n 2p | grep -c "Małgorzata")" -eq 1 ] && [ "$(screen | sed -n 3p | grep -c "Ferry")" -eq 1 ]
ok $? ":sort title desc reorders the list"

keys_sync : f i l t e r Space c o l o u r = r e d Enter
status | grep -qF "unknown filter 'colour'"; ok $? "a bad filter is reported"
screen | head -1 | grep -q " 2 of 5 articles"; ok $? "and the filter stays as it was"

keys_sync : f i l t e r Enter : s o r t Space i d Enter
screen | head -1 | grep -q " Articles 5 "; ok $? ":filter alone shows all articles again"

keys_sync / p o r t Enter
screen | head -1 | grep -q " 2 of 5 articles"; ok $? "/port in the list: 2 of 5"
screen | sed -n 3p | grep -q "GDAŃSK – Małgorzata Nowak"; ok $? "a snippet under each title"
# The matched word is drawn in the match style (the snippet's other words are dim).
tmux -L "$SOCK" capture-pane -e -p -t 0 | sed -n 5p | grep -q "46mPort.*2m.* talks resume GDAŃSK"
ok $? "the matched word is highlighted, line breaks are single spaces"
keys_sync j Enter
screen | grep -q "Port talks resume in Gdańsk"; ok $? "Enter opens the page"
cp_is 0; ok $? "the caret is on the first match (the text's first word)"
keys_sync n
cp_is 46; ok $? "n goes on to the next match in the article"

done_testing
