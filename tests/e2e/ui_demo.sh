#!/bin/sh
# ui_demo.sh: `gloss --demo`, the README's first command, opens a per-user
# database filled from the demo corpus built into the binary, from any
# directory.
. "$srcdir/tests/e2e/lib.sh"
need_tmux
export XDG_CACHE_HOME="$WORK/cache"
cd "$WORK" || exit 1

tmux -L "$SOCK" -f /dev/null new-session -d -x 120 -y 30 \
	"env LC_ALL=C.UTF-8 TERM=xterm-256color GLOSS_TEST_KEYS=1 XDG_CACHE_HOME='$XDG_CACHE_HOME' '$GLOSS' --demo; printf '\r\nEXITED %s\r\n' \$?; sleep 30"
wait_ready
on_screen "Articles 10"; ok $? "the list shows the ten demo articles"
on_screen "café"; ok $? "their titles, accents and all"
keys_sync Enter
on_screen "Małgorzata Wójcik"; ok $? "Enter opens the first article"
keys q
wait_for "EXITED 0"; need $? "gloss --demo quits"
[ -f "$WORK/cache/gloss/demo.db" ]; ok $? "the database is in \$XDG_CACHE_HOME/gloss/demo.db"
[ "$("$GLOSS" --db "$WORK/cache/gloss/demo.db" list | wc -l)" -eq 10 ]
ok $? "gloss list sees the same ten articles"
grep -q "^2	[a-z]*	0	0	2026-02-05	" <<EOT
$("$GLOSS" --db "$WORK/cache/gloss/demo.db" list)
EOT
ok $? "dates come from the seed-style headers"

done_testing
