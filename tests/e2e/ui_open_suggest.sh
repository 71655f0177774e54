#!/bin/sh
# Opening an article draws its text and spans first; the engines run at
# the first pause after that (a key typed at once is not held up), and
# their suggestions then show. The test hook counts the sync sent after
# Enter only once they are made (it holds syncs while work waits for a
# pause), so a test after keys_sync sees them.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"
GLOSS_SUGGEST=on
export GLOSS_SUGGEST

sugg() { sqlite3 "$DB" "SELECT count(*) FROM spans WHERE status = 'suggested'"; }

printf 'PARIS, Feb. 5 (Reuters) - Angela Merkel met Emmanuel Macron in Berlin on January 28, 2024, agreeing to spend $5 million with Siemens AG.\n' >"$WORK/wire.txt"
ui_import "$WORK/wire.txt"
need $? "import a wire story"
restart 100 30
[ "$(sugg)" = 0 ]; ok $? "nothing suggested before the article is opened"
keys_sync Enter
n=$(sugg)
[ "$n" -gt 0 ]; ok $? "Enter handled: the opened article's suggestions are made ($n)"
keys_sync ]
status | grep -qF "pattern" || status | grep -qF "gazetteer" || status | grep -qF "model"
ok $? "] finds one in the reader, named by its engine ($(status | cut -c1-60))"
keys q
wait_for "EXITED 0"; ok $? "quit"
done_testing
