#!/bin/sh
# cli_search.sh: gloss search: tab-separated hits best first with marked
# snippets, --limit, --json, FTS5 syntax, accent and case folding (the
# feed fixtures carry Małgorzata, Gdańsk, Søren), usage errors.
. "$srcdir/tests/e2e/lib.sh"
D="$srcdir/tests/data/feeds"

"$GLOSS" import "$D/rss.xml" "$D/atom.xml" "$D/page.html" 2>/dev/null
ok $? "import the feed fixtures"

"$GLOSS" search gdansk >"$WORK/out"; st=$?
[ $st -eq 0 ] && [ "$(wc -l <"$WORK/out")" -eq 2 ]; ok $? "gdansk: two articles"
[ "$(awk -F'\t' 'NF != 3' "$WORK/out" | wc -l)" -eq 0 ]; ok $? "id, title, snippet"
head -1 "$WORK/out" | grep -q "^1	Małgorzata Nowak opens the Gdańsk port talks	\[GDAŃSK\] – Małgorzata"
ok $? "the snippet marks the stored word"

"$GLOSS" search MALGORZATA | grep -q "^1	Małgorzata Nowak.*\[Małgorzata\] Nowak"
ok $? "malgorzata finds Małgorzata (ł folded)"
"$GLOSS" search soren | grep -q "^3	Øresund"; ok $? "soren finds Søren"

[ "$("$GLOSS" search '"port talks"' | cut -f1 | tr '\n' ' ')" = "1 5 " ]; ok $? "phrase"
[ "$("$GLOSS" search '"talks port"' | cut -f1)" = "" ]; ok $? "phrase in order only"
[ "$("$GLOSS" search 'NEAR(ferry days, 6)' | cut -f1)" = "2" ]; ok $? "NEAR"
[ "$("$GLOSS" search 'NEAR(gdansk authority, 1)' | cut -f1)" = "" ]; ok $? "NEAR too far"
[ "$("$GLOSS" search 'kierk*' | cut -f1)" = "3" ]; ok $? "prefix"
[ "$("$GLOSS" search 'title:strike' | cut -f1)" = "2" ]; ok $? "title: column"
[ "$("$GLOSS" search 'title:days' | cut -f1)" = "" ]; ok $? "title: ignores the text"
[ "$("$GLOSS" search --limit 1 port | wc -l)" -eq 1 ]; ok $? "--limit 1"
[ "$("$GLOSS" search "AT&T" | cut -f1)" = "5" ]; ok $? "a query FTS5 refuses is searched as words"

"$GLOSS" search --json talks >"$WORK/json"
python3 - "$WORK/json" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert sorted(r["id"] for r in rows) == [1, 5], rows
for r in rows:
    for s, e in r["matches"]:
        assert r["snippet"][s:e].lower() == "talks", (r["snippet"], s, e)
    assert "\x02" not in r["snippet"]
PY
ok $? "--json: matches are code point ranges of the word in the snippet"

"$GLOSS" search nosuchwordanywhere >"$WORK/out"; st=$?
[ $st -eq 0 ] && [ ! -s "$WORK/out" ]; ok $? "no hit: exit 0, no output"

"$GLOSS" search 2>/dev/null; [ $? -eq 2 ]; ok $? "no query: usage error"
"$GLOSS" search --limit x port 2>/dev/null; [ $? -eq 2 ]; ok $? "bad --limit: usage error"
"$GLOSS" --db "$WORK/none/x.db" search port 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && [ ! -e "$WORK/none" ]; ok $? "missing database: exit 1, nothing created"

# An old database (schema 7: migration 8 rebuilds the full-text index) is
# upgraded on first open and says so: stderr not a terminal, one line
# before and one after; a terminal, a line at once. Search (prefix
# included) finds what it found before.
"$GLOSS" search --limit 0 'kierk* OR port*' >"$WORK/before"
old_db() { # PATH: a copy of the database at schema 7
	sqlite3 "$DB" "VACUUM INTO '$1'" && sqlite3 "$1" "PRAGMA user_version = 7"
}
old_db "$WORK/old.db"; need $? "a schema 7 database"
"$GLOSS" --db "$WORK/old.db" search --limit 0 'kierk* OR port*' >"$WORK/after" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && [ "$(wc -l <"$WORK/err")" -eq 2 ] &&
	grep -q "^gloss: upgrading the database $WORK/old.db from schema 7 to [0-9]*$" "$WORK/err" &&
	grep -q "^gloss: database upgraded in [0-9.]* s$" "$WORK/err"; ok $? "upgrade: a line before, a line after"
[ -s "$WORK/after" ] && cmp -s "$WORK/before" "$WORK/after"; ok $? "upgraded: the same hits, prefix included"
"$GLOSS" --db "$WORK/old.db" search port >/dev/null 2>"$WORK/err"
[ ! -s "$WORK/err" ]; ok $? "upgraded once: nothing said the next time"
if command -v script >/dev/null; then
	old_db "$WORK/old2.db"; need $? "another schema 7 database"
	script -qc "'$GLOSS' --db '$WORK/old2.db' search port >/dev/null" /dev/null >"$WORK/tty" 2>&1
	grep -q "upgrading the database (once" "$WORK/tty" && ! grep -q "^gloss: upgrading" "$WORK/tty"
	ok $? "upgrade on a terminal: said at once, as a progress line"
fi

done_testing
