#!/bin/sh
# Search in the article: case- and accent-insensitive, composed or
# decomposed, caret at the start of the match, n / N, wrapping, not found.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

# 02-cafe-zoe.txt writes "Zoë" decomposed (e + U+0308) at 179 and 273.
ui_import "$DEMO/02-cafe-zoe.txt"
need $? "import"
restart 100 30
keys Enter
wait_for "Croix-Rousse"; ok $? "article open"
keys / z o e Enter
wait_cp 179; ok $? "/zoe finds the decomposed Zoë: caret at its start"
keys n
wait_cp 273; ok $? "n: the next match"
keys n
wait_cp 179; ok $? "n wraps around to the first match"
wait_for "search wrapped"; ok $? "the status bar says it wrapped"
keys N
wait_cp 273; ok $? "N: previous match (wrapping backwards)"
keys N
wait_cp 179; ok $? "N again"
keys / Z O Ë Enter
wait_cp 273; ok $? "a composed, upper-case needle finds the decomposed text"
keys / l e f e v r e Enter
wait_cp 278; ok $? "accents ignored: lefevre finds Lefèvre"
keys / h e l e n e Enter
wait_cp 385; ok $? "hélène without accents"
keys / n o w h e r e x Enter
wait_for "not found: nowherex"; ok $? "not found is reported"
wait_cp 385; ok $? "and the caret stays"
keys / z o e Escape
wait_gone "/zoe"; ok $? "Esc cancels the prompt"
wait_cp 385; ok $? "a cancelled search does not move the caret"
# The line editor: Backspace and arrows inside the search prompt.
keys / z x BSpace o e Left Left Left Right Enter
wait_cp 179; ok $? "editing the needle (Backspace, arrows) searches the edited text"
done_testing
