#!/bin/sh
# The `:` prompt: import and export from the interface, open by id, quit.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

ui_import "$DEMO/02-cafe-zoe.txt"
need $? "import one article"
mkdir -p "$WORK/in"
cp "$DEMO/01-harbour-reopens.txt" "$DEMO/09-rail-strike.txt" "$WORK/in/"
restart 100 30
wait_for "Articles 1"; ok $? "one article listed"
keys : "import $WORK/in" Enter
wait_for "imported 2 articles"; ok $? ":import PATH imports a directory"
wait_for "Articles 3"; ok $? "the list shows the new articles"
keys : "import $WORK/in" Enter
wait_for "2 duplicates"; ok $? "importing again finds duplicates"
keys Enter / z o e Enter 1
wait_for "saved: PER"
keys : "export spacy $WORK/out.jsonl" Enter
wait_for "2 unannotated left out, to $WORK/out.jsonl"; ok $? ":export FORMAT PATH (spacy: the 2 unannotated left out)"
grep -q '"label": *"PER"' "$WORK/out.jsonl"; ok $? "the exported file has the tag"
keys : "export nosuch $WORK/x" Enter
wait_for "cannot export format 'nosuch'"; ok $? "an unknown format is refused"
keys : 3 Enter
wait_for "MADRID, February 25. Train drivers"; ok $? ":3 opens article 3"
keys : 99 Enter
wait_for "no article 99"; ok $? "a missing id says so"
keys : "frob" Enter
wait_for "unknown command: frob"; ok $? "an unknown command says so"
keys : q Enter
wait_for "EXITED 0"; ok $? ":q quits"
done_testing
