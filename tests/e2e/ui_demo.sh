#!/bin/sh
# ui_demo.sh: `gloss --demo`, the README's first command, opens a per-user
# database filled from the demo corpus built into the binary, from any
# directory.
. "$srcdir/tests/e2e/lib.sh"
export XDG_CACHE_HOME="$WORK/cache"
cd "$WORK" || exit 1

tmux -L "$SOCK" -f /dev/null new-session -d -x 120 -y 30 \
	"env LC_ALL=C.UTF-8 TERM=xterm-256color XDG_CACHE_HOME='$XDG_CACHE_HOME' '$GLOSS' --demo; sleep 30"
wait_for "Articles 10"; ok $? "the list shows the ten demo articles"
wait_for "GDAŃSK"; ok $? "their titles, accents and all"
keys Enter
wait_for "Małgorzata Wójcik"; ok $? "Enter opens the first article"
keys q
sleep 0.2
[ -f "$WORK/cache/gloss/demo.db" ]; ok $? "the database is in \$XDG_CACHE_HOME/gloss/demo.db"
[ "$("$GLOSS" --db "$WORK/cache/gloss/demo.db" list | wc -l)" -eq 10 ]
ok $? "gloss list sees the same ten articles"
grep -q "^2	[a-z]*	0	0	2026-02-05	" <<EOT
$("$GLOSS" --db "$WORK/cache/gloss/demo.db" list)
EOT
ok $? "dates come from the seed-style headers"

done_testing
