#!/bin/sh
# cli_simulate.sh: gloss train writes a starter model that gloss simulate
# starts from; simulate prints per-engine rows and ends with the line
# scripts read; bad models and unknown engines are refused (issue 8).
. "$srcdir/tests/e2e/lib.sh"
cd "$WORK" || exit 1

# the first 100 sentences of the shipped BTC gold, and of Wikigold
awk 'BEGIN { RS = ""; ORS = "\n\n" } NR <= 100' "$srcdir/assets/gold/btc_section_g.conll" >btc.conll
awk 'BEGIN { RS = ""; ORS = "\n\n" } NR <= 100' "$srcdir/assets/gold/wikigold.conll" >wiki.conll

"$GLOSS" train --format conll wiki.conll -o wiki.tagger 2>err; st=$?
[ $st -eq 0 ] && [ -s wiki.tagger ] && [ ! -e wiki.tagger.tmp ] && grep -q "^train: .* wrote wiki.tagger" err
ok $? "train writes the model and says so"

"$GLOSS" simulate --starter wiki.tagger btc.conll >out 2>err; st=$?
[ $st -eq 0 ] && tail -n 1 out | grep -Eq '^simulate: P=[01]\.[0-9]{3} R=[01]\.[0-9]{3} F1=[01]\.[0-9]{3}$'
ok $? "simulate ends with simulate: P=... R=... F1=..."
st=0
for row in propagate model combined "learning curve" "accepted with one key" "wrong suggestions to reject"; do
	grep -q "^$row" out || st=1
done
ok $st "simulate prints each engine, the combination, the learning curve and the key counts"
grep -q "^replayed 5 documents, 100 sentences" out
ok $? "100 sentences without -DOCSTART- make 5 documents"

"$GLOSS" simulate --engine propagate --starter none btc.conll >out1 2>/dev/null &&
	"$GLOSS" simulate --engine propagate --starter none btc.conll >out2 2>/dev/null && cmp -s out1 out2 &&
	! grep -q "^model" out1
ok $? "simulate --engine propagate: only that engine, the same result twice"

printf 'not a model' >bad.tagger
"$GLOSS" simulate --starter bad.tagger btc.conll >/dev/null 2>err; st=$?
[ $st -eq 1 ] && grep -q "bad.tagger: not a gloss tagger model" err
ok $? "a file that is not a model: exit 1, named"
"$GLOSS" simulate --engine nosuch btc.conll >/dev/null 2>err; st=$?
[ $st -eq 2 ] && grep -q "unknown engine 'nosuch'" err
ok $? "an unknown engine is a usage error"
"$GLOSS" train btc.conll >/dev/null 2>err; st=$?
[ $st -eq 2 ] && grep -q "no -o FILE" err
ok $? "train without -o is a usage error"

done_testing
