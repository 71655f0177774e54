#!/bin/sh
# cli_basic.sh: the command-line contract (GUIDE §2) without a terminal:
# --help/--version, help for each command, exit status 2 with a hint on
# usage errors, 1 when the database cannot be opened.
. "$srcdir/tests/e2e/lib.sh"

# One case: --help exits 0 and names every command, variable and section.
out=$("$GLOSS" --help); st=$?
missing=""
for w in import export list stats labels check GLOSS_DB XDG_DATA_HOME NO_COLOR --annotator --demo \
    "Exit status" "FILE:LINE:BYTE"; do
	echo "$out" | grep -qF -- "$w" || missing="$missing $w"
done
[ $st -eq 0 ] && [ -z "$missing" ]; ok $? "--help exits 0 and covers the commands, variables, exit status${missing:+ (missing:$missing)}"

[ "$("$GLOSS" --version)" = "gloss 0.1.0" ]; ok $? "--version prints gloss 0.1.0"

for c in import export list search feeds stats labels check; do
	out=$("$GLOSS" "$c" --help); st=$?
	[ $st -eq 0 ] && echo "$out" | head -1 | grep -q "^Usage: gloss \[OPTIONS\] $c" &&
		[ "$("$GLOSS" help "$c")" = "$out" ]
	ok $? "$c --help: usage, exit 0, the same as help $c"
done

# Usage errors: status 2, the problem and a one-line hint on stderr, nothing on stdout.
usage() { # usage NAME ARGS...
	local name=$1; shift
	"$GLOSS" "$@" >"$WORK/out" 2>"$WORK/err"; st=$?
	[ $st -eq 2 ] && [ ! -s "$WORK/out" ] && head -1 "$WORK/err" | grep -q '^gloss: ' &&
		[ "$(wc -l <"$WORK/err")" -eq 2 ] && tail -1 "$WORK/err" | grep -q -- "--help"
	ok $? "usage error ($name) exits 2 with a hint"
}
usage "unknown option" --frobnicate
usage "unknown command" frobnicate
usage "--db without value" --db
usage "import without PATH" import
usage "import bad --as" import --as maybe x.txt
usage "import unknown format" import --format nope x.txt
usage "import bad --offsets" import --offsets bytes x.txt
usage "export without --format" export
usage "export unknown format" export --format nope
usage "export bad --status" export --format jsonl --status some
usage "list bad --status" list --status finished
usage "list extra argument" list extra
usage "stats extra argument" stats extra
usage "help unknown command" help frobnicate

# A database that cannot be opened is a data error (1), not a usage error.
"$GLOSS" --db /proc/nonexistent/x.db labels 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "cannot open database" "$WORK/err"
ok $? "unopenable database exits 1"

# A mistyped --db: commands that only read say there is no database there
# and create nothing (no folders, no empty database); import creates one.
for c in list stats check "export --format jsonl"; do
	# shellcheck disable=SC2086
	"$GLOSS" --db "$WORK/nonexist/dir/x.db" $c >"$WORK/out" 2>"$WORK/err"; st=$?
	[ $st -eq 1 ] && [ ! -e "$WORK/nonexist" ] && [ ! -s "$WORK/out" ] &&
		grep -qx "gloss: there is no database at $WORK/nonexist/dir/x.db (gloss import creates one)" "$WORK/err"
	ok $? "$c on a missing --db: exit 1, says so, creates nothing"
done
printf 'date 2026-01-02 A short note.\n' >"$WORK/note.txt"
"$GLOSS" --db "$WORK/made/x.db" import "$WORK/note.txt" 2>/dev/null && [ -f "$WORK/made/x.db" ]
ok $? "import creates the database and its folders"

# --db after the command works too, and an empty database lists nothing.
"$GLOSS" --db "$WORK/other.db" labels >/dev/null
out=$("$GLOSS" list --db "$WORK/other.db"); st=$?
[ $st -eq 0 ] && [ -z "$out" ] && [ -f "$WORK/other.db" ]
ok $? "--db after the command; empty list"

# The default path: $GLOSS_DB, else $XDG_DATA_HOME/gloss/gloss.db, else ~/.local/share/...
env -u GLOSS_DB XDG_DATA_HOME="$WORK/xdg" "$GLOSS" import "$WORK/note.txt" 2>/dev/null && [ -f "$WORK/xdg/gloss/gloss.db" ]
ok $? "XDG_DATA_HOME default path (parents created)"
env -u GLOSS_DB -u XDG_DATA_HOME HOME="$WORK/home" "$GLOSS" import "$WORK/note.txt" 2>/dev/null &&
	[ -f "$WORK/home/.local/share/gloss/gloss.db" ]
ok $? "HOME default path"

# What a format cannot hold is said, not dropped silently.
printf '%s\n' '{"text":"Zoë Lefèvre met Jean.","spans":[{"start":0,"end":11,"label":"PER","kind":"entity","status":"confirmed"},{"start":4,"end":11,"label":"ORG","kind":"entity","status":"confirmed"}]}' >"$WORK/ov.jsonl"
"$GLOSS" --db "$WORK/ov.db" import "$WORK/ov.jsonl" 2>/dev/null
"$GLOSS" --db "$WORK/ov.db" export --format conll -o "$WORK/ov.conll" 2>"$WORK/err"
grep -q "^note: CoNLL: 1 overlapping" "$WORK/err" && grep -q "^Zoë B-PER$" "$WORK/ov.conll"
ok $? "export names the overlapping span CoNLL cannot hold"

# With $USER unset the annotator is the account's name, not "(unknown)".
printf '%s\n' '{"text":"Zoë Berg visited Oslo.","spans":[{"start":0,"end":8,"label":"PER"}]}' >"$WORK/user.jsonl"
env -u USER "$GLOSS" --db "$WORK/user.db" import "$WORK/user.jsonl" 2>/dev/null
env -u USER "$GLOSS" --db "$WORK/user.db" stats | grep -Eq "^  $(id -un) +1$"
ok $? "without \$USER the annotator is the account name ($(id -un))"

done_testing
