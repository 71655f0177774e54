#!/bin/sh
# cli_db.sh: the database path. SQLite opens an empty path as a temporary
# database that is deleted at exit, so `--db=` would report an import as
# done and lose it: gloss refuses it as a usage error, wherever --db is.
. "$srcdir/tests/e2e/lib.sh"

printf 'date 2024-01-02\nA short wire story.\n' >"$WORK/a.txt"

empty_db() { # empty_db NAME ARGS...
	local name=$1; shift
	# the interface would wait for a terminal: never hang the suite
	timeout 20 "$GLOSS" "$@" </dev/null >"$WORK/out" 2>"$WORK/err"; st=$?
	[ $st -eq 2 ] && [ ! -s "$WORK/out" ] && grep -q -- '--db needs a path' "$WORK/err"
	ok $? "$name: exit 2, says --db needs a path"
}
empty_db "--db= before import" --db= import "$WORK/a.txt"
empty_db "--db '' before import" --db '' import "$WORK/a.txt"
empty_db "--db= after import" import --db= "$WORK/a.txt"
empty_db "--db= before list" --db= list
empty_db "--db= alone (the interface)" --db=

# A real path still works, and the refused runs wrote nothing to it.
"$GLOSS" --db "$WORK/real.db" import "$WORK/a.txt" 2>/dev/null &&
	[ "$("$GLOSS" --db "$WORK/real.db" list | wc -l)" -eq 1 ]
ok $? "--db PATH imports into PATH"

done_testing
