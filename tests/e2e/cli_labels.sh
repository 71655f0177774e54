#!/bin/sh
# cli_labels.sh: gloss labels (print, --set, refusal to drop a label in use),
# gloss stats, and export's command-line wiring.
. "$srcdir/tests/e2e/lib.sh"

"$GLOSS" labels >"$WORK/labels"; st=$?
[ $st -eq 0 ] && grep -q "^1 PER red " "$WORK/labels" && grep -q "^4 MISC magenta " "$WORK/labels"
ok $? "labels prints the default scheme"

# Spans from a spaCy JSONL file (offsets in code points: Zoë is 3).
printf '%s\n' '{"text":"Zoë Berg visited Oslo.","spans":[{"start":0,"end":8,"label":"PER"},{"start":17,"end":21,"label":"LOC"}]}' \
	'{"text":"Acme hired Zoë Berg.","spans":[{"start":0,"end":4,"label":"ORG"},{"start":11,"end":19,"label":"PER"}]}' \
	>"$WORK/spans.jsonl"
"$GLOSS" --annotator tester import --format spacy "$WORK/spans.jsonl" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -q "^imported 2 articles (4 spans) from 1 file" "$WORK/err"
ok $? "import spans"

"$GLOSS" stats >"$WORK/stats"; st=$?
[ $st -eq 0 ]; ok $? "stats exits 0"
grep -q "^  PER  *2 #\{40\}$" "$WORK/stats" && grep -q "^  ORG  *1 #\{20\}$" "$WORK/stats" &&
	grep -q "^  MISC  *0$" "$WORK/stats"
ok $? "stats: confirmed spans per label, bars to scale"
grep -q "^  \[\.\{40\}\] 0% done, 0% started$" "$WORK/stats"; ok $? "stats: the progress bar"
grep -q "^  unread  *2$" "$WORK/stats"; ok $? "stats: articles by status"
sed -n '/^confirmed spans per annotator:$/,$p' "$WORK/stats" | grep -q "^  tester  *4$"
ok $? "stats: confirmed spans per annotator (tester: 4)"

printf '%s\n' '{"text":"Suggested only: Oslo.","spans":[{"start":16,"end":20,"label":"LOC"}]}' >"$WORK/sugg.jsonl"
"$GLOSS" import --as suggested --format spacy "$WORK/sugg.jsonl" 2>/dev/null
"$GLOSS" list | grep -q "^3	unread	0	1		Suggested only: Oslo\.$"; ok $? "import --as suggested"

printf '# no PER any more\n1 ORG blue Organisations\n2 LOC green Places\n3 MISC magenta Other\n' >"$WORK/nope.labels"
"$GLOSS" labels --set "$WORK/nope.labels" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -qx "gloss: cannot drop label PER: 2 spans use it" "$WORK/err"
ok $? "labels --set refuses to drop a label in use"
"$GLOSS" labels | grep -q "^1 PER red "; ok $? "refused: scheme unchanged"

printf '1 PER red People\n2 ORG blue Organisations\n3 LOC green Places\n5 EVENT yellow Events\n' >"$WORK/new.labels"
"$GLOSS" labels --set "$WORK/new.labels" 2>/dev/null; st=$?
[ $st -eq 0 ] && "$GLOSS" labels | grep -q "^5 EVENT yellow Events$" && ! "$GLOSS" labels | grep -q MISC
ok $? "labels --set replaces the scheme"

printf '1 PER mauve People\n' >"$WORK/bad.labels"
"$GLOSS" labels --set "$WORK/bad.labels" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "^$WORK/bad.labels:1: " "$WORK/err"; ok $? "a bad scheme file: file:line: message"

"$GLOSS" export --format jsonl -o "$WORK/out.jsonl" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && [ -s "$WORK/out.jsonl" ] && grep -q "^exported 3 articles" "$WORK/err"
ok $? "export -o writes the file and a summary"

done_testing
