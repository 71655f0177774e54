#!/bin/sh
# Help and messages (issue 9): the help wraps and scrolls at every size
# down to 40x12 and lists every key, the labels, the mouse actions and the
# : commands in full; a message too long for the status bar keeps its end,
# and :messages shows every message in full.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

# The whole help (or any pager) as text, whatever its size: page through
# with Space, placing each screen's rows by the "first-last/total" range in
# its header; continuation rows have an empty key column, so normalising
# white space joins every wrapped description back into one line.
pager_text() {
	: >"$WORK/rows"
	local i=0 range a b t
	while [ $i -lt 60 ]; do
		range=$(screen | head -1 | grep -o '[0-9]*-[0-9]*/[0-9]*' | tail -1)
		a=${range%%-*}; b=${range#*-}; b=${b%%/*}; t=${range#*/}
		screen | sed -n "2,$((b - a + 2))p" | awk -v a="$a" '{ printf "%06d\t%s\n", a + NR - 1, $0 }' >>"$WORK/rows"
		[ "$b" -ge "$t" ] && break
		keys_sync Space
		i=$((i + 1))
	done
	sort -u -k1,1n "$WORK/rows" | cut -f2- | tr -s ' \n' '  '
}
# Every description of the key table (tui/keymap.c), the single source.
descriptions() { sed -n 's/^[[:space:]]*{ ACT_[A-Z_]*, "\(.*\)" },$/\1/p' "$srcdir/tui/keymap.c"; }

ui_import "$DEMO"
restart 100 30
keys_sync '?'
screen | grep -q "^ q  *quit (everything is already saved)$"; ok $? "100x30: a description is shown in full"
for size in "100 30" "60 20" "40 12"; do
	set -- $size
	keys_sync q
	resize_sync "$1" "$2"
	keys_sync '?'
	text=$(pager_text)
	miss=$(descriptions | while IFS= read -r d; do
		printf '%s' "$text" | grep -qF -- "$d" || echo "$d"; done)
	[ -n "$(descriptions)" ] && [ -z "$miss" ]; ok $? "$1x$2: every key's description is there in full (missing: $miss)"
	for want in "1 PER" "4 MISC" "Mouse" "click reader: move the caret there" "drag select text" \
		"wheel scroll" "Commands (after :)" ":import PATH... import files" \
		":export FORMAT PATH write the corpus" ":messages the last messages" ":N open the article"; do
		printf '%s' "$text" | grep -qF -- "$want"; ok $? "$1x$2: the help has '$want'"
	done
done
# At 40x12 the help scrolls back too; any other key closes it.
keys_sync g
screen | head -1 | grep -q " 1-11/"; ok $? "g goes back to the top ($(screen | head -1))"
keys_sync j
screen | head -1 | grep -q " 2-12/"; ok $? "j scrolls by one row"
keys_sync k
screen | head -1 | grep -q " 1-11/"; ok $? "k back"
keys_sync q
screen | grep -q "Help (j k"; [ $? -ne 0 ]; ok $? "q closes the help"
resize_sync 100 30

# A long :import problem: the end (file:line:byte) and "1 problem" stay.
D="$WORK/a/rather/long/path/to/some/folder/of/articles/that/were/sent/over"
mkdir -p "$D"
printf 'date 2026-01-01 fine\nline two \377 bad\n' >"$D/bad.txt"
keys_sync : i m p o r t Space "$D/bad.txt" Enter
status | grep -q "^ 1 problem (imported 0 art"; ok $? "the status bar starts with '1 problem' ($(status))"
status | grep -q "….*/sent/over/bad.txt:2:10: invalid UTF-8 byte 0xff "; ok $? "and keeps the end: file:line:byte and why"
keys_sync : m e s s a g e s Enter
text=$(pager_text)
printf '%s' "$text" | grep -qF "1 problem (imported 0 articles, 0 duplicates): $D/bad.txt:2:10: invalid UTF-8 byte 0xff" ||
	printf '%s' "$text" | tr -d ' ' | grep -qF "$(printf '%s' "1 problem (imported 0 articles, 0 duplicates): $D/bad.txt:2:10: invalid UTF-8 byte 0xff" | tr -d ' ')"
ok $? ":messages shows the whole message"
keys_sync q
keys_sync : n o p e Enter : m e s s a g e s Enter
screen | grep -q "unknown command: nope"; ok $? ":messages lists later messages too, newest last"
keys q q
wait_for "EXITED 0"; ok $? "quit"
done_testing
