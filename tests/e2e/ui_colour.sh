#!/bin/sh
# Spans are drawn in their label's colour, highlights in their own, and
# NO_COLOR turns every colour off (attributes only: bold, underline,
# standout, reverse). Checked on the escape sequences tmux keeps per cell.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

cells() { tmux -L "$SOCK" capture-pane -e -p -t 0; }
ESC=$(printf '\033')
colour_codes() { cells | grep -E "$ESC\[([34][0-7]|[34]8;5;[0-9]+)m" | wc -l; }

ui_import "$DEMO/02-cafe-zoe.txt"
need $? "import"
unset NO_COLOR
restart 100 12
keys Enter / z o e Enter 1
wait_for "saved: PER"
keys v e H
wait_for "saved: highlight"; ok $? "a tag and a highlight"
cells | grep -q "$ESC\[41mZ"; ok $? "PER (red in the default scheme) is drawn on red"
cells | grep -Eq "$ESC\[(48;5;229|43)mLef"; ok $? "the highlight has its own colour"
# Bold (then colours) on Z, everything reset before the o that follows.
sgr="($ESC\[[34][0-9;]*m)*"
cells | grep -Eq "$ESC\[1m${sgr}Z$ESC\[0m${sgr}o"; ok $? "the span's first cell is bold, the next is not (a visible boundary)"
keys q
wait_for "EXITED 0"

NO_COLOR=1
export NO_COLOR
restart 100 12
keys_sync Enter
on_screen "her brother R"; need $? "NO_COLOR: the article opens"
[ "$(colour_codes)" -eq 0 ]; ok $? "NO_COLOR: no colour sequences at all"
cells | grep -q "$ESC\[1;4mZ"; ok $? "NO_COLOR: an entity is bold and underlined"
cells | grep -q "$ESC\[7m"; ok $? "NO_COLOR: reverse video (status bar, caret) still used"
golden colour-nocolor "$(cells | cat -v)"; ok $? "NO_COLOR: every cell's attributes as expected (golden, cat -v)"
keys q
wait_for "EXITED 0"; ok $? "quit"
done_testing
