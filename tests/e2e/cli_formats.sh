#!/bin/sh
# cli_formats.sh: the command line around the formats (issue 11): what the
# import summary says about records whose text was already there, and
# options that mean nothing for a format. Fixtures: tests/data/tools/README.
. "$srcdir/tests/e2e/lib.sh"
D="$srcdir/tests/data/tools"

"$GLOSS" import "$D/prodigy_ner_teach.jsonl" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -qx "imported 1 article (1 span) from 1 file; 0 duplicates skipped; 3 records with the text of an article already imported merged into it (3 spans added)" "$WORK/err"
ok $? "Prodigy binary answers: merged into one article, said so"
"$GLOSS" list | grep -q "^1	unread	3	" ; ok $? "the article has the three accepted spans"

"$GLOSS" import "$D/prodigy_ner_teach.jsonl" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -qx "4 articles from 1 file already in the database, nothing imported; 4 spans already there not added again" "$WORK/err"
ok $? "again: nothing new, said so"

"$GLOSS" --db "$WORK/skip.db" import --duplicates skip "$D/doccano_twice.jsonl" 2>"$WORK/err"
grep -qx "imported 1 article (2 spans) from 1 file; 1 duplicate skipped; 2 spans already there not added again" "$WORK/err"
ok $? "--duplicates skip: the second record left out, its spans counted"
"$GLOSS" --db "$WORK/keep.db" import --duplicates keep "$D/doccano_twice.jsonl" 2>"$WORK/err"
grep -qx "imported 2 articles (4 spans) from 1 file; 0 duplicates skipped; 1 of the articles has the text of another, kept apart" "$WORK/err"
ok $? "--duplicates keep: two articles"
"$GLOSS" import --duplicates twice "$D/doccano_twice.jsonl" 2>"$WORK/err"; st=$?
[ $st -eq 2 ]; ok $? "--duplicates with another word: usage error"

# A file with no records says so; Label Studio's CSV export is named.
printf '[]\n' >"$WORK/empty.json"
: >"$WORK/empty.conll"
"$GLOSS" import "$WORK/empty.json" "$WORK/empty.conll" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -q "^$WORK/empty.json: note: no articles in the file (.*), nothing imported$" "$WORK/err" \
	&& grep -qx "$WORK/empty.conll: note: no articles in the file (conll), nothing imported" "$WORK/err"
ok $? "empty JSON and CoNLL files: a note each"
"$GLOSS" import "$D/ls_export.csv" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -qx "$D/ls_export.csv: a Label Studio CSV/TSV export cannot be imported: export the project as JSON or JSON-MIN" "$WORK/err"
ok $? "Label Studio CSV: refused, naming the format"
"$GLOSS" --db "$WORK/min.db" import "$D/ls_min.json" 2>"$WORK/err"
grep -qx "imported 3 articles (4 spans) from 1 file; 0 duplicates skipped" "$WORK/err"
ok $? "Label Studio JSON-MIN: detected and read"

# Options a format has no use for: a usage error when the format is given,
# a note per file when it was detected.
"$GLOSS" import --format conll --offsets utf16 "$WORK/empty.conll" 2>"$WORK/err"; st=$?
[ $st -eq 2 ] && grep -qx "gloss: import: --offsets means nothing for conll (it counts tokens, not characters)" "$WORK/err"
ok $? "import --format conll --offsets: exit 2, said why"
"$GLOSS" export --format spacy --scheme bilou 2>"$WORK/err"; st=$?
[ $st -eq 2 ] && grep -qx "gloss: export: --scheme means nothing for spacy (only conll has tag schemes)" "$WORK/err"
ok $? "export --format spacy --scheme: exit 2"
"$GLOSS" export --format brat --offsets utf16 -o "$WORK/b" 2>"$WORK/err"; st=$?
[ $st -eq 2 ] && [ ! -e "$WORK/b" ]; ok $? "export --format brat --offsets: exit 2, nothing written"
"$GLOSS" --db "$WORK/sch.db" import --scheme iob1 "$D/ls_min.json" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -qx "$D/ls_min.json: note: read as labelstudio, which has no use for --scheme: ignored" "$WORK/err"
ok $? "a detected format that has no use for --scheme: a note"

# spaCy: articles nobody annotated are not training data that says "no entities".
printf 'Nobody read this one.\n' >"$WORK/plain.txt"
"$GLOSS" --db "$WORK/sp.db" import "$D/prodigy_ner_manual.jsonl" "$WORK/plain.txt" 2>/dev/null
"$GLOSS" --db "$WORK/sp.db" export --format spacy -o "$WORK/sp.jsonl" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && [ "$(wc -l <"$WORK/sp.jsonl")" -eq 3 ] && ! grep -q "Nobody" "$WORK/sp.jsonl" \
	&& grep -qx "note: 1 article nobody annotated (not done, no confirmed span) left out: spacy would read them as having no entities; --status all writes them too" "$WORK/err"
ok $? "spacy export: the unannotated article left out, counted"
"$GLOSS" --db "$WORK/sp.db" export --format spacy --status all -o "$WORK/all.jsonl" 2>"$WORK/err"
[ "$(wc -l <"$WORK/all.jsonl")" -eq 4 ] && ! grep -q "left out" "$WORK/err"; ok $? "--status all writes it"

# A Prodigy dataset comes back whole: meta, its own "_" members, tokens, span members.
same_json() { # same_json A B: the same JSON values line by line, member order aside
	python3 -c 'import json,sys
a=[json.loads(l) for l in open(sys.argv[1])]; b=[json.loads(l) for l in open(sys.argv[2])]
sys.exit(0 if a == b else 1)' "$1" "$2"
}
"$GLOSS" --db "$WORK/pm.db" import "$D/prodigy_ner_manual.jsonl" 2>/dev/null
"$GLOSS" --db "$WORK/pm.db" export --format spacy -o "$WORK/pm.jsonl" 2>/dev/null
same_json "$D/prodigy_ner_manual.jsonl" "$WORK/pm.jsonl"; ok $? "Prodigy ner.manual dataset: export equals the file imported"
"$GLOSS" --db "$WORK/pt.db" import --duplicates keep "$D/prodigy_ner_teach.jsonl" 2>/dev/null
"$GLOSS" --db "$WORK/pt.db" export --format spacy --status all -o "$WORK/pt.jsonl" 2>/dev/null
same_json "$D/prodigy_ner_teach.jsonl" "$WORK/pt.jsonl"; ok $? "Prodigy ner.teach answers kept apart: export equals the file"

"$GLOSS" export --format jsonl --offsets graphemes 2>"$WORK/err"; st=$?
[ $st -eq 2 ] && grep -q "^gloss: export: --offsets graphemes is for doccano only" "$WORK/err"
ok $? "--offsets graphemes for another format: exit 2"

# brat: a collection brat opens, files named after the article.
"$GLOSS" --db "$WORK/min.db" export --format brat -o "$WORK/bratout" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && [ -f "$WORK/bratout/0001-Ceasefire-talks-in-Geneva-ended-on.txt" ] \
	&& [ -f "$WORK/bratout/0002-Zoë-Ball-met-Angela-Merkel.ann" ] && [ -f "$WORK/bratout/0003-Nothing-to-see-here.txt" ]
ok $? "brat export: files named id-slug of the title"
grep -q "^\[entities\]$" "$WORK/bratout/annotation.conf" && grep -qx "MISC" "$WORK/bratout/annotation.conf" \
	&& grep -qx "PER	bgColor:#ff9090" "$WORK/bratout/visual.conf"
ok $? "brat export: annotation.conf lists the types, visual.conf the colours"

# Label Studio: suggestions go out as predictions by default; --config
# writes the labelling config that matches the export.
"$GLOSS" --db "$WORK/ls.db" import --as suggested "$D/doccano_twice.jsonl" 2>/dev/null
"$GLOSS" --db "$WORK/ls.db" export --format labelstudio --config "$WORK/ls.xml" -o "$WORK/ls.json" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && python3 -c 'import json,sys
t=json.load(open(sys.argv[1]))[0]
p=t["predictions"][0]["result"]
sys.exit(0 if len(p) == 3 and t["annotations"] == [] and p[0]["from_name"] == "label" else 1)' "$WORK/ls.json"
ok $? "labelstudio export: suggested spans as predictions without --status all"
grep -q '^  <Labels name="label" toName="text">$' "$WORK/ls.xml" && grep -q '^    <Label value="ORG"' "$WORK/ls.xml" \
	&& grep -q '^  <Text name="text" value="\$text"/>$' "$WORK/ls.xml"
ok $? "--config: the labelling config"
"$GLOSS" --db "$WORK/ls.db" export --format doccano --config "$WORK/x.xml" 2>"$WORK/err"; st=$?
[ $st -eq 2 ] && [ ! -e "$WORK/x.xml" ]; ok $? "--config for another format: exit 2"

# CoNLL columns: Universal NER's layout is found and said; --columns chooses.
"$GLOSS" --db "$WORK/uner.db" import "$D/uner_en.iob2" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -q "^$D/uner_en.iob2: note: read as Universal NER (# sent_id comments, ID TOKEN TAG columns): token from column 2, tag from column 3" "$WORK/err" \
	&& grep -qx "imported 1 article (3 spans) from 1 file; 0 duplicates skipped" "$WORK/err"
ok $? "UNER .iob2: tag from column 3, said so"
"$GLOSS" --db "$WORK/uner.db" export --format conll 2>/dev/null | grep -q "^Leyen I-PER$"
ok $? "UNER: the tokens and tags, not the ID and '-' columns"
"$GLOSS" --db "$WORK/col.db" import --format conll "$D/tag_middle.conll" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "tag_middle.conll:1:.*invalid tag \"0.99\"" "$WORK/err"
ok $? "a tag that is not the last column: refused with its line"
"$GLOSS" --db "$WORK/col.db" import --format conll --columns 1,2 "$D/tag_middle.conll" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -qx "imported 1 article (2 spans) from 1 file; 0 duplicates skipped" "$WORK/err"
ok $? "--columns 1,2 reads it"
"$GLOSS" --db "$WORK/col.db" import --format doccano --columns 1,2 "$D/tag_middle.conll" 2>"$WORK/err"; st=$?
[ $st -eq 2 ]; ok $? "--columns for another format: exit 2"

done_testing
