#!/bin/sh
# Durability: a tag the screen calls saved survives SIGKILL at once; two
# gloss processes tagging one database keep both tags and a sound file.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

SOCK2="$SOCK-b"
trap 'tmux -L "$SOCK2" kill-server 2>/dev/null; cleanup' EXIT
on2() { # run a lib.sh helper against the second tmux server
	local s=$SOCK rc
	SOCK=$SOCK2
	"$@"
	rc=$?
	SOCK=$s
	return $rc
}
count() { sqlite3 "$DB" "SELECT count(*) FROM spans WHERE label = '$1' AND status = 'confirmed'"; }

ui_import "$DEMO/01-harbour-reopens.txt" "$DEMO/02-cafe-zoe.txt"
need $? "import"
restart 100 30
keys Down Enter
wait_for "Croix-Rousse"
keys / r e m i Enter 1
wait_for "saved: PER “Rémi”"; ok $? "tagged, the screen says saved"
kill -9 "$(gloss_pid)"
wait_for "EXITED 137"; ok $? "SIGKILL right after the screen said saved"
[ "$(count PER)" = 1 ]; ok $? "the tag is in the database"
restart 100 30
keys Down Enter
wait_for "Croix-Rousse"
keys Tab
wait_for "Rémi"; ok $? "after a restart the annotations pane lists the tag"
keys Tab Tab
sqlite3 "$DB" "PRAGMA integrity_check" | grep -qx ok; ok $? "integrity_check ok after SIGKILL"

# Two processes on one database, both tagging.
keys_sync # the first has handled its keys (and saved where it is)
sqlite3 "$DB" "DELETE FROM meta WHERE key = 'ui.session'" # the second starts fresh
on2 start_gloss 100 30
on2 wait_for "Articles 2"; ok $? "a second gloss on the same database"
on2 keys Enter
on2 wait_for "GDAŃSK, February 3. The container"
on2 keys / g d a n s k Enter 3
on2 wait_for "saved: LOC “GDAŃSK”"; ok $? "the second process tags"
keys / z o e Enter 1
wait_for "saved: PER “"; ok $? "the first process tags"
on2 keys / w o j c i k Enter 1
on2 wait_for "saved: PER “Wójcik”"; ok $? "the second again"
keys / l y o n Enter 3
wait_for "saved: LOC “LYON”"; ok $? "the first again"
[ "$(count PER)" = 3 ] && [ "$(count LOC)" = 2 ]; ok $? "all four tags are in the database"
on2 keys q
on2 wait_for "EXITED 0"; ok $? "the second quits cleanly"
keys q
wait_for "EXITED 0"; ok $? "the first quits cleanly"
sqlite3 "$DB" "PRAGMA integrity_check" | grep -qx ok; ok $? "PRAGMA integrity_check says ok"
"$GLOSS" --db "$DB" check >/dev/null 2>&1; ok $? "gloss check passes"
"$GLOSS" --db "$DB" list | grep -q "^1	started	2	0	"; ok $? "gloss list: article 1 has 2 confirmed"
"$GLOSS" --db "$DB" list | grep -q "^2	started	3	0	"; ok $? "gloss list: article 2 has 3 confirmed"
done_testing
