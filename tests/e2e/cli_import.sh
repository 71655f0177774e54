#!/bin/sh
# cli_import.sh: gloss import of txt files and directories, the summary
# lines, error lines naming file:line:byte, --lossy, stdin, re-import as a
# no-op, and `gloss list` columns.
. "$srcdir/tests/e2e/lib.sh"
D="$srcdir/tests/data/import"

"$GLOSS" import "$D/tree" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -qx "imported 6 articles (0 spans) from 6 files; 0 duplicates skipped" "$WORK/err"
ok $? "import a directory: exit 0 and the summary"

"$GLOSS" list >"$WORK/list"; st=$?
[ $st -eq 0 ] && [ "$(wc -l <"$WORK/list")" -eq 6 ]; ok $? "list: exit 0, one line per article"
[ "$(awk -F'\t' 'NF != 6' "$WORK/list" | wc -l)" -eq 0 ]; ok $? "list: six tab-separated columns"
[ "$(cut -f6 "$WORK/list" | tr '\n' '|')" = \
	"Alpha article.|Beta one.|Beta two.|Gamma article.|Mail style header|A BOM comes first.|" ]
ok $? "list: files in name order, dot files skipped"
grep -q "^5	unread	0	0	2025-03-04	Mail style header$" "$WORK/list"; ok $? "list: id status counts date title"

"$GLOSS" import "$D/tree" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -qx "6 articles from 6 files already in the database, nothing imported" "$WORK/err"
ok $? "re-import: a no-op, said so"

"$GLOSS" import "$D/seed/000_c1304e6a4ac36b08.txt" 2>/dev/null
"$GLOSS" list | grep -q "^7	unread	0	0	2026-01-28	Russian President Vladimir Putin will hold talks"
ok $? "seed article: date 2026-01-28, body from MOSCOW"

# A batch with one bad file: the others import, the bad one leaves nothing.
mkdir "$WORK/batch"
printf 'First good file.\n' >"$WORK/batch/a.txt"
printf 'Fine line.\nbad \377 byte\n' >"$WORK/batch/b.txt"
printf 'Last good file.\n' >"$WORK/batch/c.txt"
"$GLOSS" import "$WORK/batch" 2>"$WORK/err"; st=$?
[ $st -eq 1 ]; ok $? "a bad file: exit 1"
grep -q "^$WORK/batch/b.txt:2:5: invalid UTF-8" "$WORK/err"; ok $? "error line is file:line:byte: message"
grep -q "^imported 2 articles (0 spans) from 3 files; 0 duplicates skipped; 1 file failed$" "$WORK/err"
ok $? "the rest of the batch imported"
[ "$("$GLOSS" list | wc -l)" -eq 9 ]; ok $? "nothing from the bad file"

# A README or LICENSE beside the articles is not an article.
mkdir "$WORK/withreadme"
printf 'An article.\n' >"$WORK/withreadme/a.txt"
printf 'Notes about this corpus.\n' >"$WORK/withreadme/README"
printf 'MIT\n' >"$WORK/withreadme/LICENSE.md"
"$GLOSS" --db "$WORK/readme.db" import "$WORK/withreadme" 2>"$WORK/err"
grep -qx "imported 1 article (0 spans) from 1 file; 0 duplicates skipped; 2 files of no known format ignored" "$WORK/err"
ok $? "directory walk: files no format claims are ignored and counted"
"$GLOSS" --db "$WORK/readme.db" import "$WORK/withreadme/README" 2>"$WORK/err"
grep -q "^imported 1 article" "$WORK/err"; ok $? "a file named explicitly is read as txt"

"$GLOSS" import --lossy "$WORK/batch/b.txt" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -qx "replaced 1 invalid byte with U+FFFD" "$WORK/err"
ok $? "--lossy imports and counts the replaced byte"

printf 'Title: Piped in\n\nFrom standard input.\n' | "$GLOSS" import - 2>/dev/null
"$GLOSS" list | tail -1 | grep -q "	Piped in$"; ok $? "import - reads stdin"

printf 'Title: Tab\there \033[2J and\001bell\n\nBody.\n' >"$WORK/ctl.txt"
"$GLOSS" import "$WORK/ctl.txt" 2>/dev/null
"$GLOSS" list >"$WORK/list"; st=$?
line=$(tail -1 "$WORK/list")
[ $st -eq 0 ] && [ "$(printf '%s\n' "$line" | awk -F'\t' '{print NF}')" -eq 6 ]; ok $? "list: a tab in a title stays one field"
[ $st -eq 0 ] && [ -s "$WORK/list" ] && ! grep -q "$(printf '\033')" "$WORK/list"; ok $? "list: no raw ESC written"
printf '%s' "$line" | grep -q "Tab here ␛\[2J and␁bell"; ok $? "list: controls made visible"

sqlite3 "$DB" "UPDATE articles SET status = 'started' WHERE id = 2"; need $? "mark article 2 started"
out=$("$GLOSS" list --status started); st=$?
[ $st -eq 0 ] && [ "$(printf '%s\n' "$out" | cut -f1,2)" = "2	started" ]; ok $? "list --status started lists only the started article"

"$GLOSS" import "$WORK/nope.txt" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "^$WORK/nope.txt: No such file or directory" "$WORK/err"
ok $? "a missing path: exit 1 naming it"

out=$("$GLOSS" check); st=$?
[ $st -eq 0 ] && [ "$out" = "ok: 12 articles checked" ]; ok $? "check: ok"

done_testing
