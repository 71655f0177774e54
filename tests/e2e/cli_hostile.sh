#!/bin/sh
# cli_hostile.sh: the command line never lets data act on the terminal
# (issue 10, defect 3), refuses at the door what it could not read back
# (defect 6), and fails loudly when standard output cannot be written
# (defect 10).
. "$srcdir/tests/e2e/lib.sh"

ESC=$(printf '\033')
# no_raw FILE: FILE holds nothing that acts on a terminal: no C0 control
# but TAB and LF, no DEL, no C1 control (as UTF-8 or as a raw byte), no
# bidi override or isolate, no U+200B.
no_raw() {
	python3 - "$1" <<'PY'
import re, sys
t = open(sys.argv[1], 'rb').read().decode('utf-8', 'surrogateescape')
bad = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\udc80-\udcff]')
sys.exit(1 if bad.search(t) else 0)
PY
}

# A label name with an OSC title sequence is refused by labels --set.
printf '1 PER red People\n2 X%s]0;pwned\007 blue bad\n' "$ESC" >"$WORK/esc.labels"
"$GLOSS" labels --set "$WORK/esc.labels" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "esc.labels:2: label name holds a control character U+001B" "$WORK/err"
ok $? "labels --set refuses a label name with ESC"
"$GLOSS" labels >"$WORK/out"; st=$?
[ $st -eq 0 ] && grep -q "^1 PER red " "$WORK/out" && ! grep -q pwned "$WORK/out"; ok $? "refused: the scheme is unchanged"

# ... and so is a span label with one, in any imported format.
printf '{"text":"Zoe went home.","spans":[{"start":0,"end":3,"label":"X\\u001b]0;pwned\\u0007"}]}\n' >"$WORK/esc.jsonl"
"$GLOSS" import --format spacy "$WORK/esc.jsonl" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "esc.jsonl:1: article 1: span 1: label name holds a control character" "$WORK/err" \
	&& no_raw "$WORK/err"
ok $? "import refuses a span label with ESC"

# A file name with escape sequences and a bad byte: the error line shows them.
bad="$WORK/x${ESC}]0;pwned$(printf '\007')${ESC}[2Jy.txt"
printf 'caf\351\n' >"$bad"
"$GLOSS" import "$bad" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "x␛]0;pwned␇␛\[2Jy.txt:1:4: " "$WORK/err" && no_raw "$WORK/err"
ok $? "a file name's escape sequences are shown, not sent"
"$GLOSS" import "$WORK/none$(printf '\302\233')2J" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "none<U+009B>2J: No such file" "$WORK/err" && no_raw "$WORK/err"
ok $? "No such file: U+009B shown as <U+009B>"
"$GLOSS" "x${ESC}]0;pwned$(printf '\007')" 2>"$WORK/err"; st=$?
[ $st -eq 2 ] && grep -q "unknown command 'x␛]0;pwned␇'" "$WORK/err" && no_raw "$WORK/err"
ok $? "unknown command: shown, not sent"

# Titles with bidi overrides, zero-width spaces and C1 controls in list.
printf 'Title: Evil \342\200\256txt.exe\342\200\213 \302\233 2J\n\nBody.\n' >"$WORK/bidi.txt"
"$GLOSS" import "$WORK/bidi.txt" 2>/dev/null
"$GLOSS" list >"$WORK/out"
grep -q "Evil <U+202E>txt.exe<U+200B> <U+009B> 2J" "$WORK/out" && no_raw "$WORK/out"
ok $? "list: bidi override, U+200B and U+009B shown as <U+XXXX>"

# A label stored before gloss refused such names (an old database) still
# prints safely in labels and stats.
printf '{"text":"Zoe went home.","spans":[{"start":0,"end":3,"label":"MISC"}]}\n' >"$WORK/misc.jsonl"
OLD="$WORK/old.db"
GLOSS_DB="$OLD" "$GLOSS" import --format spacy "$WORK/misc.jsonl" >/dev/null 2>&1
sqlite3 "$OLD" "UPDATE labels SET name = 'X' || char(27) || ']0;pwned' || char(7) || char(155) WHERE name = 'MISC'" \
	2>/dev/null
GLOSS_DB="$OLD" "$GLOSS" labels >"$WORK/out" 2>&1 && GLOSS_DB="$OLD" "$GLOSS" stats >>"$WORK/out" 2>&1
grep -q "X␛]0;pwned␇<U+009B>" "$WORK/out" && no_raw "$WORK/out"
ok $? "labels and stats: an old label's controls are shown, not sent"

# Defect 6: what gloss accepts it exports and reads back, or refuses at the door.
printf 'a\000b\n' >"$WORK/nul.txt"
"$GLOSS" import "$WORK/nul.txt" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "nul.txt:1: article 1: the text holds a NUL byte" "$WORK/err"
ok $? "a text with a NUL byte is refused at the door"
long=$(printf 'L%.0s' $(seq 70))
printf '{"text":"Zoe went.","spans":[{"start":0,"end":3,"label":"%s"}]}\n' "$long" >"$WORK/long.jsonl"
"$GLOSS" import --format spacy "$WORK/long.jsonl" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "label name longer than 64 bytes" "$WORK/err"
ok $? "a span label over 64 bytes is refused at the door"
"$GLOSS" export --format jsonl -o "$WORK/all.jsonl" 2>/dev/null &&
	GLOSS_DB="$WORK/again.db" "$GLOSS" import "$WORK/all.jsonl" 2>"$WORK/err"
ok $? "the database's jsonl export imports again"

# Defect 10: a write error on standard output is an error.
if [ -w /dev/full ]; then
	"$GLOSS" stats >/dev/full 2>"$WORK/err"; st=$?
	[ $st -eq 1 ] && grep -q "gloss: cannot write standard output: No space left" "$WORK/err"
	ok $? "stats > /dev/full: exit 1 and a message"
	for c in "list" "labels" "export --format jsonl" "--help" "help stats" "--version"; do
		"$GLOSS" $c >/dev/full 2>"$WORK/err"; st=$?
		[ $st -eq 1 ] && [ "$(grep -c 'No space left' "$WORK/err")" -eq 1 ]
		ok $? "$c > /dev/full: exit 1 and one message"
	done
fi

done_testing
