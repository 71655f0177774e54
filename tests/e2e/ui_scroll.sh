#!/bin/sh
# Scrolling the reader a row at a time (issue 12): j on the last row and k
# on the top row shift the rows still on screen and ask the layout only
# for the rows that come in (pane_reader.c: rows_below, rows_to), and
# curses scrolls the window's lines. Each view must equal the one drawn
# from scratch: C-l recomputes the visible rows from the anchor and
# repaints the whole screen. Wrapped paragraphs, empty lines (one and
# two), wide characters, a token longer than the row, tabs and combining
# marks; the list beside the reader is full, so the terminal cannot
# scroll whole lines and every reader row is repainted in place. The
# bursts are typed ahead: each is drawn once (ui.c typed_ahead).
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

# The long article first (id 1), then enough short ones to fill the list.
awk 'BEGIN {
	srand(7);
	split("alpha beta gamma delta epsilon zeta eta theta iota kappa café naïve", w, " ");
	for (p = 1; p <= 60; p++) {
		n = 1 + int(rand() * 9); s = "P" p ":";
		for (i = 0; i < n * 7; i++) s = s " " w[1 + int(rand() * 12)];
		if (p % 11 == 3) s = s " 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字";
		if (p % 13 == 5) s = s " https://example.org/a/very/long/path/without/any/space/at/all/that/must/be/cut/somewhere";
		if (p % 7 == 2) s = s "\tend\tof\ttabs";
		if (p % 9 == 4) s = s " éééé done";
		print s "."; print "";
		if (p % 5 == 0) print "";
	}
}' >"$WORK/long.txt"
mkdir -p "$WORK/short"
for i in $(seq 10 49); do printf 'Short article %s. Body.\n' "$i" >"$WORK/short/s$i.txt"; done
ui_import "$WORK/long.txt" && ui_import "$WORK/short"
need $? "import the long article and 40 short ones"

H=24
restart 130 $H
keys_sync : 1 Enter
on_screen "P1: "; need $? "the long article is open"

ESC=$(printf '\033')
# The screen line (1-based) of the reader's reversed cell: the caret.
caret_line() {
	tmux -L "$SOCK" capture-pane -p -e -t 0 |
		awk -F'│' -v rev="$ESC[7m" 'NR >= 2 && index($2, rev) { print NR; exit }'
}
# After keys, the view equals the one C-l draws from scratch.
same_after_redraw() {
	local before after
	before=$(screen)
	keys_sync C-l
	after=$(screen)
	[ "$before" = "$after" ] && return 0
	printf '%s\n' "$before" >"$WORK/before"
	printf '%s\n' "$after" >"$WORK/after"
	diff "$WORK/before" "$WORK/after" | sed 's/^/#   /'
	return 1
}
last=$((H - 1)) # the status bar is line H
step() { # step WHAT KEY N WANT-LINE
	local what=$1 key=$2 n=$3 want=$4 i ks=""
	for i in $(seq "$n"); do ks="$ks $key"; done
	# shellcheck disable=SC2086
	keys_sync $ks
	[ "$(caret_line)" = "$want" ]; ok $? "$what: the caret is on screen line $want ($(caret_line), $(status | sed 's/.* cp/cp/'))"
	same_after_redraw; ok $? "$what: the view equals the one drawn from scratch"
}
step "30 j (scrolls past the bottom)" j 30 $last
step "1 j more" j 1 $last
for i in 1 2 3 4 5 6; do keys_sync j; done
step "7 j, one key at a time" j 1 $last
step "k back up 5 (no scroll)" k 5 $((last - 5))
step "k 40 (scrolls past the top)" k 40 2
step "1 k more" k 1 2
step "60 j over empty lines, CJK, the long token" j 60 $last
keys_sync Space
same_after_redraw; ok $? "Space: the view equals the one drawn from scratch"
step "j after a page" j 25 $last
step "k to the top of a page above" k 30 2
keys_sync G
step "k from the end" k 30 2
step "j to the end again" j 40 $last
keys_sync g
step "g then j" j 40 $last

# A burst of motions is drawn once (ui.c typed_ahead); a key that is not a
# motion is kept and handled after the repaint, in order.
panes() { screen | sed '$d'; } # all but the status bar
keys_sync g
p0=$(hook_field paints)
keys_sync j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j
p1=$(hook_field paints)
[ $((p1 - p0)) -lt 30 ]; ok $? "30 j typed ahead are drawn with fewer repaints than keys ($((p1 - p0)))"
keys_sync g
keys_sync j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j :
burst=$(panes)
keys_sync Escape C-l
[ "$burst" = "$(panes)" ]; ok $? "a prompt opened after 30 j shows the panes as the 30 j left them"
sel_cp() { status | sed 's/.*\(sel [0-9]* cp [0-9]*\).*/\1/'; }
keys_sync g
keys_sync j j j j j v j j j w w
one=$(sel_cp)
keys_sync Escape g
for k in j j j j j v j j j w w; do keys_sync "$k"; done
[ "$one" = "$(sel_cp)" ]; ok $? "motions and v typed ahead select what they do one key at a time ($one)"
done_testing
