#!/bin/sh
# cli_check.sh: a database from a newer gloss is refused before anything
# changes (issue 10, defect 7); gloss check works on a read-only database
# and reports damage in any table (defect 8).
. "$srcdir/tests/e2e/lib.sh"
cd "$WORK" || exit 1
chmod 755 "$WORK"

printf 'Zoe Berg visited Oslo.\n' >a.txt
"$GLOSS" import a.txt 2>/dev/null

# Defect 7: user_version 999 in rollback-journal mode.
cp "$DB" new.db
sqlite3 new.db "PRAGMA journal_mode = DELETE; PRAGMA user_version = 999" >/dev/null
sum=$(sha256sum <new.db)
for c in list stats check "export --format jsonl" "import a.txt" "labels"; do
	# shellcheck disable=SC2086
	GLOSS_DB="$WORK/new.db" "$GLOSS" $c >/dev/null 2>err; st=$?
	[ $st -eq 1 ] && grep -q "schema version 999" err && [ "$(sha256sum <new.db)" = "$sum" ] && [ ! -e new.db-wal ] \
		&& [ "$(sqlite3 new.db 'PRAGMA journal_mode')" = delete ]
	ok $? "$c on a newer database: refused, the file untouched (journal mode still delete)"
done

# Defect 8: check on a database this user may not write.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	mkdir ro; cp "$DB" ro/y.db; chmod 755 ro; chmod 644 ro/y.db
	sum=$(sha256sum <ro/y.db)
	out=$(as_nobody "$GLOSS" --db "$WORK/ro/y.db" check 2>&1); st=$?
	[ $st -eq 0 ] && [ "$out" = "ok: 1 article checked" ] && [ "$(sha256sum <ro/y.db)" = "$sum" ]
	ok $? "check on a read-only database: ok, the file unchanged"
	sqlite3 ro/y.db "UPDATE texts SET text = 'Something else entirely.'"
	as_nobody "$GLOSS" --db "$WORK/ro/y.db" check 2>err; st=$?
	[ $st -eq 1 ] && grep -q "full-text index does not match" err
	ok $? "check on a read-only database still checks the full-text index"
fi

# A damaged page in the undo table (its root page overwritten).
cp "$DB" bad.db
root=$(sqlite3 bad.db "SELECT rootpage FROM sqlite_schema WHERE name = 'undo'")
ps=$(sqlite3 bad.db "PRAGMA page_size")
printf '\377\377\377\377\377\377\377\377' | dd of=bad.db bs=1 seek=$(( (root - 1) * ps )) conv=notrunc 2>/dev/null
GLOSS_DB="$WORK/bad.db" "$GLOSS" check >/dev/null 2>err; st=$?
[ $st -eq 1 ] && grep -q "database file damaged: table undo: " err
ok $? "check names the damaged table (undo)"

# The other commands notice it before they print or write anything: one
# line, exit 1, the file unchanged (defect 8). (The interface and search
# look just before their first write: ui_damage.sh, test_store_damage.)
sum=$(sha256sum <bad.db)
for cmd in list stats "export --format jsonl" "import $srcdir/assets/demo/03-shanghai-trade.txt" labels \
    suggest; do
	# shellcheck disable=SC2086
	GLOSS_DB="$WORK/bad.db" timeout 20 "$GLOSS" $cmd >out 2>err </dev/null; st=$?
	[ $st -eq 1 ] && [ ! -s out ] && [ "$(wc -l <err)" -eq 1 ] &&
	    grep -q "database damaged (table undo): run \`gloss check\`" err && [ "$(sha256sum <bad.db)" = "$sum" ]
	ok $? "$(echo "$cmd" | cut -d' ' -f1) on a damaged undo page: exit 1, one line, nothing written: $(cat err)"
done

done_testing
