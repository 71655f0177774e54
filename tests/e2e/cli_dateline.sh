#!/bin/sh
# cli_dateline.sh: wire stories are titled by their first sentence after
# the dateline, which goes into the metadata (place, agency); a database
# from before (titled by datelines) gets its titles recomputed by a
# migration, and titles given by a header are left alone.
. "$srcdir/tests/e2e/lib.sh"

"$GLOSS" import "$srcdir/assets/demo" 2>/dev/null; ok $? "import the demo corpus"
"$GLOSS" list | cut -f6 >"$WORK/titles"
grep -qx "The container terminal at the mouth of the Vistula reopened on Tuesday after a three-week closure caused by ice damage…" "$WORK/titles"
ok $? "GDAŃSK, February 3.: the title is the first sentence after it, cut at a word with …"
grep -q "^[A-ZŃ ]*, February [0-9]*\.$" "$WORK/titles"; [ $? -ne 0 ]; ok $? "no title is a dateline"
long=0
while IFS= read -r t; do [ "$(printf '%s' "$t" | wc -m)" -le 120 ] || long=$((long + 1)); done <"$WORK/titles"
[ $long -eq 0 ]; ok $? "titles are at most 120 characters"
[ "$(sqlite3 "$DB" "SELECT json_extract(meta, '$.dateline.place') FROM articles WHERE id = 1")" = "GDAŃSK" ]
ok $? "the dateline's place is in the metadata"
printf 'date 2026-01-28 MOSCOW, January 28. /TASS/. Russian President Vladimir Putin will hold talks on Wednesday. More.\n' >"$WORK/seed.txt"
printf "LONDON (AP) - Britain's ports reopened. Later text.\n" >"$WORK/ap.txt"
"$GLOSS" import "$WORK/seed.txt" "$WORK/ap.txt" 2>/dev/null
[ "$(sqlite3 "$DB" "SELECT title || '|' || json_extract(meta, '$.dateline.place') || '|' || json_extract(meta, '$.dateline.agency') FROM articles WHERE id = 11")" = "Russian President Vladimir Putin will hold talks on Wednesday.|MOSCOW|TASS" ]
ok $? "a seed-style story: title after /TASS/, place and agency kept"
[ "$(sqlite3 "$DB" "SELECT title || '|' || json_extract(meta, '$.dateline.agency') FROM articles WHERE id = 12")" = "Britain's ports reopened.|AP" ]
ok $? "CITY (AGENCY) - too"
"$GLOSS" search vistula | grep -q "^1	"; ok $? "the new title is searchable"

# A database from before: titles were the datelines, no meta. Schema 7.
printf 'Title: Harbour news\n\nGDAŃSK, February 3. A header gave this title.\n' >"$WORK/titled.txt"
"$GLOSS" import "$WORK/titled.txt" 2>/dev/null
sqlite3 "$DB" "UPDATE articles SET title = substr(title, 1, 0) || (SELECT substr(t.text, 1, instr(t.text, '.') + 0) FROM texts t WHERE t.id = articles.id) WHERE id <= 10;
	UPDATE articles SET meta = NULL; PRAGMA user_version = 7; INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');"
[ "$(sqlite3 "$DB" "SELECT title FROM articles WHERE id = 2")" = "LYON, February 5." ]
ok $? "(set up: an old database, titled by datelines)"
"$GLOSS" list | cut -f6 >"$WORK/new"; st=$?
[ $st -eq 0 ] && [ "$(sqlite3 "$DB" "PRAGMA user_version")" -ge 8 ]; ok $? "opening it migrates it"
sed -n 2p "$WORK/new" | grep -q "^A small café in the Croix-Rousse district has won"; ok $? "the titles are recomputed ($(sed -n 2p "$WORK/new"))"
[ "$(sqlite3 "$DB" "SELECT json_extract(meta, '$.dateline.place') FROM articles WHERE id = 2")" = "LYON" ]
ok $? "and the dateline is in the metadata"
[ "$(sqlite3 "$DB" "SELECT title FROM articles WHERE id = 13")" = "Harbour news" ]
ok $? "a title a header gave is left alone"
"$GLOSS" search croix | grep -q "^2	A small café"; ok $? "the full-text index has the new titles"
"$GLOSS" check >/dev/null; ok $? "gloss check: sound"
done_testing
