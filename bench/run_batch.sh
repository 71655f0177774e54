# run_batch.sh: bench/run.sh's measures of whole commands (sourced):
# import, CoNLL export, corpus search, gazetteer, tagger.

# dbsize DB: bytes of the database and its -wal.
dbsize() { cat "$1" "$1-wal" 2>/dev/null | wc -c; }
mib() { awk -v x="$1" 'BEGIN { if (x == "-" || x == "") print "-"; else printf "%.1f", x / 1024 }'; }
mb() { awk -v x="$1" 'BEGIN { if (x == "-" || x == "") print "-"; else printf "%.1f", x / 1e6 }'; }

# import N FORMAT into a fresh database with gloss and with the sqlite3
# shell (JSON1 + FTS5, or fsdir() for the txt files), back to back.
m_import() {
	for n in $(printf '%s\n' 1000 10000 "$BIG" | sort -nu); do
		[ "$n" -gt "$BIG" ] && continue
		for fmt in jsonl txt; do
			if [ $fmt = jsonl ]; then src="$CACHE/c$(k "$n").jsonl"; sqf=sq_jsonl
			else src="$CACHE/txt$(k "$n")"; sqf=sq_txt; fi
			# the sqlite3 shell's script, fed on standard input
			( sqlite3() { shift; printf '%s\n' "$@"; }; $sqf "$W/sq.db" "$src" ) >"$W/sq.sql"
			: >"$W/g"; : >"$W/l"; : >"$W/gs"; : >"$W/ls"; : >"$W/gi"; : >"$W/li"
			for i in $(seq "$RUNS"); do
				rm -f "$W"/imp.db*
				timed "$W/t" "$GLOSS" --db "$W/imp.db" import "$src"; cat "$W/t" >>"$W/g"
				dbsize "$W/imp.db" >>"$W/gs"
				rm -f "$W"/sq.db*
				timed "$W/t" sqlite3 "$W/sq.db" <"$W/sq.sql"; cat "$W/t" >>"$W/l"
				dbsize "$W/sq.db" >>"$W/ls"
			done
			if [ $HAVE_CG = 1 ] && [ "$n" = 1000 ]; then
				rm -f "$W"/imp.db*; CG=1 timed "$W/gi" "$GLOSS" --db "$W/imp.db" import "$src"
				cg_keep "import-$n-$fmt" "$W/cgc.out"
				rm -f "$W"/sq.db*; CG=1 timed "$W/li" sqlite3 "$W/sq.db" <"$W/sq.sql"
			fi
			rm -f "$W"/imp.db* "$W"/sq.db*
			what="import $(k "$n") articles, $([ $fmt = jsonl ] && echo "JSONL ($(mb "$(wc -c <"$src")") MB)" || echo "txt files")"
			g=$(med "$W/g" 1) l=$(med "$W/l" 1)
			judge "$what: CPU" "$(cell "$g" "$(med "$W/gi" 1)" "$(med "$W/g" 2)")" \
				"sqlite3 shell: $(cell "$l" "$(med "$W/li" 1)" "$(med "$W/l" 2)")" "$g" "$l" "<=1.0x" \
				"$([ "$n" = 1000 ] && echo "import-$n-$fmt")"
			g=$(med "$W/g" 3) l=$(med "$W/l" 3)
			judge "$what: peak RSS; database size" "$(mib "$g") MiB; $(mb "$(med "$W/gs" 1)") MB" \
				"sqlite3 shell: $(mib "$l") MiB; $(mb "$(med "$W/ls" 1)") MB" "$g" "$l" "<=30720" ""
		done
	done
	note "- Imports: instructions and profiles are of the 1k imports only (callgrind takes ~60× the CPU time); the larger ones spend theirs alike."
}

# CoNLL export of ~1 MB with ~4k entities (gen_corpus.py brat), against
# brat's own converter (anntoconll.py) when BENCH_ANCHORS has it.
m_conll() {
	: >"$W/g"; : >"$W/l"; : >"$W/gi"
	cp "$CACHE/b1m.txt" "$CACHE/b1m.ann" "$W/"
	for i in $(seq "$RUNS"); do
		timed "$W/t" "$GLOSS" --db "$CACHE/b1m.db" export --format conll -o "$W/out.conll"; cat "$W/t" >>"$W/g"
		[ -n "$ATC" ] && { timed "$W/t" python3 "$ATC" "$W/b1m.txt"; cat "$W/t" >>"$W/l"; }
	done
	[ $HAVE_CG = 1 ] && { CG=1 timed "$W/gi" "$GLOSS" --db "$CACHE/b1m.db" export --format conll -o "$W/out.conll";
		cg_keep conll "$W/cgc.out"; }
	ne=$(grep -c '^T' "$CACHE/b1m.ann")
	what="CoNLL export, $(mb "$(wc -c <"$CACHE/b1m.txt")") MB with $ne entities"
	g=$(med "$W/g" 1)
	if [ -n "$ATC" ]; then
		l=$(med "$W/l" 1)
		judge "$what" "$(cell "$g" "$(med "$W/gi" 1)" "$(med "$W/g" 2)")" "anntoconll.py: $(cell "$l" "" "$(med "$W/l" 2)")" \
			"$g" "$l" "<=1x" conll
	else
		row "$what" "$(cell "$g" "$(med "$W/gi" 1)" "$(med "$W/g" 2)")" "anntoconll.py $SKIP" - "<=1x" n/a
	fi
}

# gloss search on the BIG-article database, the whole process, against
# the sqlite3 shell's FTS5 query on its own import of the same articles.
m_corpus() {
	for q in yelverton '"security risks"' 'robot*'; do
		: >"$W/g"; : >"$W/l"; : >"$W/gi"; : >"$W/li"
		sql="SELECT rowid, title, snippet(fts, 1, '[', ']', '…', 12) FROM fts WHERE fts MATCH '$q' ORDER BY rank LIMIT 20;"
		for i in $(seq "$RUNS"); do
			timed "$W/t" "$GLOSS" --db "$CACHE/c$(k "$BIG").db" search --limit 20 "$q"; cat "$W/t" >>"$W/g"
			timed "$W/t" sqlite3 "$CACHE/sq$(k "$BIG").db" "$sql"; cat "$W/t" >>"$W/l"
		done
		if [ $HAVE_CG = 1 ]; then
			CG=1 timed "$W/gi" "$GLOSS" --db "$CACHE/c$(k "$BIG").db" search --limit 20 "$q"
			cg_keep "search-$q" "$W/cgc.out"
			CG=1 timed "$W/li" sqlite3 "$CACHE/sq$(k "$BIG").db" "$sql"
		fi
		g=$(med "$W/g" 1) l=$(med "$W/l" 1)
		judge "\`gloss search --limit 20 $q\` on $(k "$BIG") articles (whole process)" \
			"$(cell "$g" "$(med "$W/gi" 1)" "$(med "$W/g" 2)")" \
			"sqlite3 shell, FTS5 + snippet: $(cell "$l" "$(med "$W/li" 1)" "$(med "$W/l" 2)")" "$g" "$l" "<=10" "search-$q"
	done
}

# bench/bench_gazetteer: 10k terms over the BIG-article corpus, suggestions
# written to the database, against grep -F -o -f on the same text, back to
# back in one process run (GAZ_RUNS runs, default RUNS).
m_gazetteer() {
	b="$top_builddir/bench/bench_gazetteer"
	[ -x "$b" ] || { row "gazetteer over $(k "$BIG") articles" "not built (make bench builds it)" - - "<=2x" n/a; return; }
	: >"$W/g"
	for i in $(seq "${GAZ_RUNS:-$RUNS}"); do
		(cd "$top_builddir" && BENCH_N=$BIG BENCH_CORPUS="$CACHE/c$(k "$BIG").jsonl" BENCH_GAZ="$CACHE/gaz" \
			BENCH_DB="$CACHE/c$(k "$BIG").db" "$b") >"$W/gz.out" 2>&1
		awk '/^gazetteer_grep_F_o:/ { gw = $2; gc = $5 } /^gazetteer_gloss_suggest:/ { sw = $2; sc = $5; n = $8; sub(/\(/, "", n) }
			END { if (gc == "") print "- - - - -"; else print sc * 1000, gc * 1000, sw * 1000, gw * 1000, n }' "$W/gz.out" >>"$W/g"
	done
	g=$(med "$W/g" 1) l=$(med "$W/g" 2)
	if [ "$g" != - ] && [ $HAVE_CG = 1 ] && [ "$(met "$g" "$(ratio "$g" "$l")" "<=2x")" = no ]; then
		# where a suggest run's instructions go, on 200 articles
		head -n 200 "$CACHE/c1k.jsonl" >"$W/c200.jsonl"
		(cd "$top_builddir" && BENCH_N=200 BENCH_CORPUS="$W/c200.jsonl" BENCH_GAZ="$CACHE/gaz" \
			valgrind --tool=callgrind --callgrind-out-file="$W/gz.cg" --toggle-collect='suggester_article' \
			--toggle-collect='store_action_end' "$b") >/dev/null 2>&1
		cg_keep gazetteer "$W/gz.cg"
	fi
	judge "gazetteer, 10k terms over $(k "$BIG") articles, $(med "$W/g" 5) suggestions written" \
		"$(cell "$g" "" "$(med "$W/g" 3)")" "grep -F -o -f: $(cell "$l" "" "$(med "$W/g" 4)")" "$g" "$l" "<=2x" gazetteer
}

# bench/bench_tagger: learning and tagging rates on the shipped gold data.
m_tagger() {
	b="$top_builddir/bench/bench_tagger"
	[ -x "$b" ] || { row "tagger" "not built (make bench builds it)" - - - n/a; return; }
	: >"$W/g"
	for i in $(seq "$RUNS"); do
		(cd "$top_builddir" && "$b") 2>/dev/null |
			awk '/^tagger_learn:/ { l = $2 } /^tagger_tag:/ { t = $2 } END { print (l == "" ? "-" : l), (t == "" ? "-" : t) }' >>"$W/g"
	done
	unmet=0
	for c in 1 2; do
		g=$(med "$W/g" $c) t=$([ $c = 1 ] && echo 50000 || echo 200000)
		[ "$(met "$g" - ">=$t")" = no ] && unmet=1
	done
	[ $unmet = 1 ] && [ $HAVE_CG = 1 ] && { (cd "$top_builddir" && valgrind --tool=callgrind \
		--callgrind-out-file="$W/tg.cg" "$b") >/dev/null 2>&1; cg_keep tagger "$W/tg.cg"; }
	g=$(med "$W/g" 1)
	judge "tagger learns (tokens/s, one core, gold data)" "$g tokens/s" "- (no anchor)" "$g" - ">=50000" tagger
	g=$(med "$W/g" 2)
	judge "tagger tags (tokens/s)" "$g tokens/s" "- (no anchor)" "$g" - ">=200000" tagger
}
