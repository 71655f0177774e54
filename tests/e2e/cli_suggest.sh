#!/bin/sh
# cli_suggest.sh: gloss suggest (engines, one suggestion per place, never
# over a decision, a rejected place not proposed again, resuming), gloss
# gazetteer add/list (file:line errors), and acceptance in gloss stats.
. "$srcdir/tests/e2e/lib.sh"

sql() { sqlite3 "$DB" "$@"; }
# every span as export shows it (batch suggestions are merged in there):
# article,ext_id,title,date,start,end,text,label,kind,status,source,...
ex() { "$GLOSS" export --format csv --status all 2>/dev/null; }

printf 'Title: One\n\nThe United Nations met in Paris. Officials from Kenya and NATO came.\n' >"$WORK/a1.txt"
printf 'Title: Two\n\nPARIS, May 3. The Harbour Authority of Paris said little.\n' >"$WORK/a2.txt"
printf 'Title: Three\n\nNothing here at all.\n' >"$WORK/a3.txt"
"$GLOSS" import "$WORK/a1.txt" "$WORK/a2.txt" "$WORK/a3.txt" 2>/dev/null
need $? "import"

"$GLOSS" suggest >"$WORK/out" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -q "^suggest: 3 articles, [0-9]* suggestions (propagate,gazetteer,pattern,model)$" "$WORK/out"
ok $? "suggest runs every engine over the corpus"
[ "$(ex | awk -F, '$1 == 1 && $11 == "gazetteer" { printf "%s%s=%s", s, $7, $8; s = ";" }')" = \
	"United Nations=ORG;Paris=LOC;Kenya=LOC;NATO=ORG" ]
ok $? "built-in gazetteers: organisations, capitals, countries, acronyms"
[ "$(ex | awk -F, '$11 == "pattern"' | wc -l)" = 0 ]
ok $? "pattern proposes nothing under the CoNLL scheme (no DATE label)"
[ "$(ex | awk -F, '$10 == "suggested" { if ($1 == a && $5 < e) n++; a = $1; e = $6 } END { print n + 0 }')" = 0 ] &&
	[ "$(ex | awk -F, '$10 == "suggested"' | wc -l)" -ge 6 ]
ok $? "one suggestion per place"

printf 'Harbour Authority\tORG\nbad line without a tab\n' >"$WORK/bad.tsv"
"$GLOSS" gazetteer add "$WORK/bad.tsv" 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -qx "$WORK/bad.tsv:2: no TAB between term and label" "$WORK/err" &&
	[ "$(sql "SELECT count(*) FROM gazetteers")" = 0 ]
ok $? "gazetteer add: a bad line is named by file:line and nothing is kept"
printf '# ports\nHarbour Authority of Paris\tORG\nPort thing\tNOPE|ALSONOT\n' >"$WORK/ports.tsv"
"$GLOSS" gazetteer add "$WORK/ports.tsv" >"$WORK/out"; st=$?
[ $st -eq 0 ] && grep -qx "gazetteer: ports.tsv: 1 term (1 left out: no label of theirs in the scheme)" "$WORK/out"
ok $? "gazetteer add keeps the file, says what the scheme cannot use"
"$GLOSS" gazetteer list | grep -qx "ports.tsv	1"; ok $? "gazetteer list"

# a person confirms Paris (article 1) and rejects the capitals' PARIS
# (article 2), as the interface stores it
sql "INSERT INTO spans(article_id, start, \"end\", label, status, source, confidence, created, updated)
	VALUES (1, 26, 31, 'LOC', 'confirmed', 'gazetteer', 0.8, 0, 0), (2, 0, 5, 'LOC', 'rejected', 'gazetteer', 0.6, 0, 0)"
"$GLOSS" suggest --engine gazetteer 2 >"$WORK/out"; st=$?
[ $st -eq 0 ] && grep -q "^suggest: 1 article, [0-9]* suggestions* (gazetteer)$" "$WORK/out"
ok $? "suggest for one article with one engine"
[ "$(ex | awk -F, '$1 == 2 { printf "%s%s-%s:%s:%s", s, $5, $6, $8, $10; s = " " }')" = \
	"0-5:LOC:rejected 18-44:ORG:suggested" ]
ok $? "the rejected place is not proposed again; the user's longer term wins"
[ "$(ex | awk -F, '$1 == 1 && $5 == 26 { print $10 }')" = confirmed ]
ok $? "a confirmed span stays as it was"

"$GLOSS" stats >"$WORK/stats"
grep -q "^suggestions accepted per engine:" "$WORK/stats" &&
	grep -Eq "^  gazetteer +1 accepted +1 rejected +[0-9]+ open +50%$" "$WORK/stats"
ok $? "stats: acceptance rate per engine"

# an interrupted run resumes: fake one that did article 1 only
sql "INSERT OR REPLACE INTO meta(key, value) VALUES ('suggest.run', '7 0 gazetteer,pattern');
	INSERT OR REPLACE INTO suggest_done(article_id, run) VALUES (1, 7)"
"$GLOSS" suggest --engine pattern,gazetteer >"$WORK/out" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -qx "gloss: suggest: resuming (2 articles left)" "$WORK/err" &&
	grep -q "^suggest: 2 articles" "$WORK/out"
ok $? "an interrupted run resumes where it stopped"
"$GLOSS" suggest --engine pattern,gazetteer >"$WORK/out" 2>"$WORK/err"
grep -q "^suggest: 3 articles" "$WORK/out" && ! grep -q resuming "$WORK/err"
ok $? "a finished run starts over"

# a list named in the config file ([suggest] gazetteer = FILE) is read too
mkdir -p "$WORK/cfg/gloss"
printf 'Officials from Kenya\tORG\n' >"$WORK/cfg.tsv"
printf '[suggest]\ngazetteer = %s\n' "$WORK/cfg.tsv" >"$WORK/cfg/gloss/config"
XDG_CONFIG_HOME="$WORK/cfg" "$GLOSS" suggest --engine gazetteer 1 >/dev/null 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && [ "$(ex | awk -F, '$1 == 1 && $5 == 33 && $10 == "suggested" { print $8 }')" = ORG ]
ok $? "a gazetteer named in the config file is used ($(cat "$WORK/err"))"
printf '[suggest]\ngazetteer = %s\n' "$WORK/nonesuch.tsv" >"$WORK/cfg/gloss/config"
XDG_CONFIG_HOME="$WORK/cfg" "$GLOSS" suggest --engine gazetteer 1 >/dev/null 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "nonesuch.tsv: No such file" "$WORK/err"; ok $? "a missing config gazetteer is named"

"$GLOSS" suggest --engine nosuch 2>"$WORK/err"; st=$?
[ $st -eq 2 ] && grep -q "unknown engine 'nosuch'" "$WORK/err"; ok $? "unknown engine: usage error"
"$GLOSS" suggest 99 2>"$WORK/err"; st=$?
[ $st -eq 1 ] && grep -q "no article 99" "$WORK/err"; ok $? "unknown article: data error"

# A tagger state an older gloss saved (BIO, format 1) or a damaged one: the
# tagger starts again from the starter and says so; the other engines run.
sql "INSERT OR REPLACE INTO engine_state(name, data, updated) VALUES('model', x'676c6f737374616700010000', 0)"
"$GLOSS" suggest --engine model,gazetteer >"$WORK/out" 2>"$WORK/err"; st=$?
[ $st -eq 0 ] && grep -q "saved state is from another gloss version" "$WORK/err" &&
	grep -q "^suggest: 3 articles, [0-9]* suggestions (gazetteer,model)$" "$WORK/out"
ok $? "an unreadable tagger state: the starter is used, with a note ($(head -c 200 "$WORK/err"))"

echo "1..$T_N"
[ "$T_FAIL" -eq 0 ]
