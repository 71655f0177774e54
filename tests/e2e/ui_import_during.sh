#!/bin/sh
# ui_import_during.sh: tagging while `gloss import` of a large JSONL file
# runs in another process (issue 10, defect 4). Every action ends "saved":
# while the import holds the write lock the interface waits for it (and
# says "waiting for the import…") instead of failing with "locked".
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

ui_import "$DEMO/01-harbour-reopens.txt"
ok $? "import one article"
# One large file: one transaction (a file is never split across commits).
python3 - "${ARTICLES:-6000}" <<'PY' >"$WORK/big.jsonl"
import json, sys
for i in range(int(sys.argv[1])):
    t = "Report %d. " % i + "Zoe Berg visited Oslo and met Acme people in the harbour. " * 20
    print(json.dumps({"text": t, "spans": [{"start": 0, "end": 6, "label": "MISC"}]}))
PY
restart 100 30
keys_sync Enter

"$GLOSS" --db "$DB" import --format spacy "$WORK/big.jsonl" >"$WORK/import.err" 2>&1 &
imp=$!
saved=0 n=0
while kill -0 $imp 2>/dev/null && [ $n -lt 40 ]; do
	n=$((n + 1))
	keys_sync w 1
	status | grep -q "saved: PER\|already: PER" && saved=$((saved + 1))
	status | grep -q "locked\|not saved" && { echo "# $(status)"; break; }
done
wait $imp; st=$?
[ $st -eq 0 ]; ok $? "the import finished (exit 0)"
[ $n -gt 0 ] && [ $saved -eq $n ]; ok $? "every one of $n actions during the import said saved"
want=$(sqlite3 "$DB" "SELECT count(*) FROM spans WHERE article_id = 1 AND label = 'PER'")
[ "$want" -ge 1 ] && sql_is "SELECT count(*) > 0 FROM articles WHERE id > 1" 1
ok $? "the tags ($want) and the import are both in the database"
sqlite3 "$DB" "PRAGMA integrity_check" | grep -qx ok; ok $? "integrity_check ok"

done_testing
