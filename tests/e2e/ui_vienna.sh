#!/bin/sh
# The annotator's day, counted (issue 9): tag every entity of the VIENNA
# demo article by hand, no suggestions, and count the keys gloss read (the
# key counter, tests/e2e/lib.sh; sync sequences are not keys). 25 spans,
# two ORG-with-LOC nestings; the goal is at most 90 keys (it took 148).
# The spans in the database must be exactly the 25 below.
. "$srcdir/tests/e2e/lib.sh"
. "$srcdir/tests/e2e/ui_lib.sh"

ui_import "$DEMO"
ok $? "import the demo corpus"
restart 120 40
k0=$(hook_field keys)
# Each step is sent as one burst and then synced: a digit before a motion
# is a count (3w), a digit alone tags the word under the caret and moves
# on to the next word; { and > move the start / end of the span just
# tagged by a word.
step() { keys_sync "$@"; }
step G Enter                  # open the last article, VIENNA
step 3                        # LOC VIENNA
step 3 w                      # to Vienna
step 3; step 2; step '{'      # LOC Vienna, ORG Philharmonic, ORG start a word earlier
step w w; step 3              # LOC Japan
step w; step 3; step '>'      # LOC South Korea
step 6 w; step 3; step 3      # LOC Tokyo, LOC Osaka
step w; step 3                # LOC Seoul
step 8 w; step 1              # PER Dvořák (not Dvořák’s)
step 4; step '>'              # MISC Ninth Symphony
step 6 w; step 4              # MISC Korean
step w; step 1                # PER 진은숙
step 1; step '>'              # PER Unsuk Chin
step w w; step 1; step '>'    # PER Andris Nelsons
step w; step 1; step '>'      # PER Hilary Hahn
step 5 w; step 1              # PER Sibelius
step 4; step '>'              # MISC Violin Concerto
step w; step 3                # LOC Tokyo
step 3; step '>'              # LOC Suntory Hall
step w w; step 1; step '>'    # PER Daniel Froschauer
step 9 w; step 2              # ORG Philharmonic
step 3 w; step 3              # LOC Japan
step 7 w; step 2              # ORG Kajimoto
step w w; step 3              # LOC Seoul
step 2; step '{'; step '>'    # ORG Seoul Arts Center
k1=$(hook_field keys)
n=$((k1 - k0))
echo "# keys to tag the VIENNA article by hand: $n"
[ "$n" -le 90 ]; ok $? "every entity tagged in $n keys (goal: at most 90; it took 148)"

got=$(sqlite3 "$DB" "SELECT s.label || ' ' || substr(t.text, s.start + 1, s.\"end\" - s.start)
	FROM spans s JOIN texts t ON t.id = s.article_id JOIN articles a ON a.id = s.article_id
	WHERE json_extract(a.meta, '$.dateline.place') = 'VIENNA' AND s.status = 'confirmed' ORDER BY s.start, s.\"end\" DESC")
want="LOC VIENNA
ORG Vienna Philharmonic
LOC Vienna
LOC Japan
LOC South Korea
LOC Tokyo
LOC Osaka
LOC Seoul
PER Dvořák
MISC Ninth Symphony
MISC Korean
PER 진은숙
PER Unsuk Chin
PER Andris Nelsons
PER Hilary Hahn
PER Sibelius
MISC Violin Concerto
LOC Tokyo
LOC Suntory Hall
PER Daniel Froschauer
ORG Philharmonic
LOC Japan
ORG Kajimoto
ORG Seoul Arts Center
LOC Seoul"
[ "$got" = "$want" ]; ok $? "the database holds exactly the 25 spans"
[ "$got" = "$want" ] || printf '%s\n' "$got" | diff -u - /dev/stdin <<EOT | sed 's/^/#   /'
$want
EOT
[ "$(sqlite3 "$DB" "SELECT count(*) FROM spans")" = 25 ]; ok $? "and nothing else"
keys q
wait_for "EXITED 0"; ok $? "quit"
done_testing
