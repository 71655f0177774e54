#!/bin/sh
# ui_import_during.sh: tagging while another process holds the write lock
# (issue 10, defect 4). First a sqlite3 process holds it (BEGIN IMMEDIATE)
# for as long as the test wants: the keyboard is still read (keys_sync
# returns), the screen says "waiting for the import…", nothing is called
# saved before it is, and once the lock is released the action and the
# keys typed meanwhile are applied exactly once, in order. Then the same
# while `gloss import` of a large JSONL file runs: every action ends
# "saved", none "locked".
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

# hold_lock: a sqlite3 shell takes the write lock and keeps it until
# release_lock writes to the fifo it reads.
mkfifo "$WORK/release"
locked_now() { ! sqlite3 "$DB" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null; }
hold_lock() {
	{ echo "BEGIN IMMEDIATE;"; cat "$WORK/release"; echo "COMMIT;"; } | sqlite3 "$DB" &
	holder=$!
	poll "$T_WAIT" locked_now
}
release_lock() { echo >"$WORK/release"; wait $holder; }
spans() { sqlite3 "$DB" "SELECT label || ' ' || start || '-' || \"end\" FROM spans WHERE article_id = 1 ORDER BY start"; }

before=$(spans)
hold_lock; need $? "a sqlite3 process holds the write lock"
keys_sync 1; ok $? "while the lock is held the keyboard is read (1 handled up to the wait)"
status | grep -q "waiting for the import"; ok $? "the status bar says it waits for the import"
[ "$(spans)" = "$before" ] && ! status | grep -q "saved"
ok $? "nothing is on disk yet and nothing is called saved"
keys_sync w 2; ok $? "keys typed during the wait are read too"
poll "$T_WAIT" on_screen "2 keys kept"; ok $? "the status bar counts the keys kept for after"
release_lock
wait_sql "SELECT count(*) FROM spans WHERE article_id = 1 AND label IN ('PER', 'ORG')" 2
ok $? "after the lock is released the tag and the kept keys' tag are saved"
keys_sync
got=$(spans | grep -c "^PER ") org=$(spans | grep -c "^ORG ")
[ "$got" = 1 ] && [ "$org" = 1 ]; ok $? "each exactly once (PER $got, ORG $org)"
per_end=$(spans | sed -n 's/^PER [0-9]*-//p') org_start=$(spans | sed -n 's/^ORG \([0-9]*\)-.*/\1/p')
[ "$org_start" -gt "$per_end" ]; ok $? "in the order typed: w moved past the first tag before 2 ($per_end < $org_start)"
! status | grep -q "waiting\|locked"; ok $? "the waiting line is gone: $(status)"

"$GLOSS" --db "$DB" import --format spacy "$WORK/big.jsonl" >"$WORK/import.err" 2>&1 &
imp=$!
# An action may still wait when keys_sync returns: sync until the status
# bar says how it ended (each w clears the last action's message).
ended() { keys_sync && status | grep -q "saved: PER\|already: PER\|locked\|not saved"; }
saved=0 n=0 waited=0
while kill -0 $imp 2>/dev/null && [ $n -lt 40 ]; do
	n=$((n + 1))
	keys_sync w 1
	status | grep -q "waiting for the import" && waited=$((waited + 1))
	poll "$T_WAIT" ended || { echo "# action $n never ended: $(status)"; break; }
	status | grep -q "saved: PER\|already: PER" && saved=$((saved + 1))
	status | grep -q "locked\|not saved" && { echo "# $(status)"; break; }
done
echo "# $n actions during the import, $waited seen waiting"
wait $imp; st=$?
[ $st -eq 0 ]; ok $? "the import finished (exit 0)"
[ $n -gt 0 ] && [ $saved -eq $n ]; ok $? "every one of $n actions during the import said saved"
want=$(sqlite3 "$DB" "SELECT count(*) FROM spans WHERE article_id = 1 AND label = 'PER'")
[ "$want" -ge 1 ] && sql_is "SELECT count(*) > 0 FROM articles WHERE id > 1" 1
ok $? "the tags ($want) and the import are both in the database"
sqlite3 "$DB" "PRAGMA integrity_check" | grep -qx ok; ok $? "integrity_check ok"

done_testing
