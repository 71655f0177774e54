# run_ui.sh: bench/run.sh's measures in the interface (sourced): first
# screen, keys, the article list, the tag action. See lib.sh for panes.

# gloss_article DB NAME: one session on a copy of DB: start, Enter on the
# first article, 200 w, 200 j, then PACED j one at a time. Prints "done
# rss w j wall_done wall_w wall_j text wall_text paced" (ms of CPU, or
# instructions under CG=1; per key for w, j and paced; text = when gloss
# reports the Enter handled, which it does once the text is drawn
# (testhook_drawn); done = when the work opening starts after that
# (spans, the suggestions at the first pause) is over). The 200 keys
# come in one burst, and gloss handles motions typed ahead before it
# repaints; the paced ones each wait for their screen (a held key, a
# slow hand): one repaint per key.
PACED=20
gloss_article() {
	rm -f "$W"/a.db*
	cp "$1" "$W/a.db"
	pane_start "$GLOSS" --db a.db
	wait_keys 0 || { pane_stop; echo "- - - - - - - - -"; return; }
	mark
	tmux -L "$SOCK" send-keys Enter
	wait_keys 1 || { pane_stop; echo "- - - - - - - - -"; return; }
	mark; tx=$MARK wt=$WALL
	[ "${CG:-0}" = 1 ] && cg_keep "text-$2" "$W/cg.$PID.2"
	# the CPU when the text was drawn, from gloss's report: MARK came a
	# poll later, with part of the spans' loading in it
	[ "${CG:-0}" = 1 ] || { c=$(hook_cpu); [ -n "$c" ] && tx=$c; }
	settle; c1=$MARK w1=$((WALL - 400)) kw1=$WALL rss=$(hwm) # settle waited 400 ms past the work
	[ "${CG:-0}" = 1 ] && { cg_keep "rest-$2" "$W/cg.$PID.3"; rss=-; }
	k1=$c1
	tmux -L "$SOCK" send-keys -N 200 w
	wait_keys 201 || { pane_stop; echo "- - - - - - - - -"; return; }
	mark; c2=$MARK w2=$WALL
	[ "${CG:-0}" = 1 ] && cg_keep "w-$2" "$W/cg.$PID.$NDUMP"
	settle; k2=$MARK kw2=$WALL
	tmux -L "$SOCK" send-keys -N 200 j
	wait_keys 401 || { pane_stop; echo "- - - - - - - - -"; return; }
	mark; c3=$MARK w3=$WALL
	[ "${CG:-0}" = 1 ] && cg_keep "j-$2" "$W/cg.$PID.$NDUMP"
	settle; k3=$MARK
	n=401
	for i in $(seq $PACED); do
		n=$((n + 1))
		tmux -L "$SOCK" send-keys j
		wait_keys $n || { pane_stop; echo "- - - - - - - - - -"; return; }
	done
	mark; c4=$MARK
	[ "${CG:-0}" = 1 ] && cg_keep "paced-$2" "$W/cg.$PID.$NDUMP"
	pane_stop
	[ "${CG:-0}" = 1 ] || { c1=$(ms "$c1"); tx=$(ms "$tx"); }
	echo "$c1 $rss $(per "$c2" "$k1" 200) $(per "$c3" "$k2" 200) $w1 $(dw "$w2" "$kw1" 200) $(dw "$w3" "$kw2" 200) $tx $wt" \
		"$(per "$c4" "$k3" $PACED)"
}
# less_file FILE: the same with less: first screen, then 200 j (less has
# no word move: its j is the anchor for both). Same columns.
less_file() {
	pane_start less "$1"
	{ wait_screen . && wait_quiet; } || { pane_stop; echo "- - - - - - -"; return; }
	mark; c1=$MARK w1=$WALL rss=$(hwm)
	[ "${CG:-0}" = 1 ] && rss=-
	tmux -L "$SOCK" send-keys -N 200 j
	wait_quiet || { pane_stop; echo "- - - - - - -"; return; }
	mark; c2=$MARK w2=$WALL
	pane_stop
	[ "${CG:-0}" = 1 ] && { j=$(per "$c2" "$c1" 200); echo "$c1 - $j $j $w1 - - $c1 $w1"; return; }
	j=$(per "$c2" "$c1" 200)
	echo "$(ms "$c1") $rss $j $j $w1 $(dw "$w2" "$w1" 200) $(dw "$w2" "$w1" 200) $(ms "$c1") $w1"
}
# slate_file FILE: SLATE (when in BENCH_ANCHORS) on the same text: first
# screen, 200 Right (next token), 200 Down. Not tried on this machine when
# SLATE is absent.
slate_file() {
	cp "$1" "$W/slate.txt"
	pane_start python3 "$SLATE" slate.txt -t categorical -s token -o -hh
	{ wait_screen . && wait_quiet; } || { pane_stop; echo "- - - - - - -"; return; }
	mark; c1=$MARK w1=$WALL rss=$(hwm)
	tmux -L "$SOCK" send-keys -N 200 Right
	wait_quiet; mark; c2=$MARK w2=$WALL
	tmux -L "$SOCK" send-keys -N 200 Down
	wait_quiet; mark; c3=$MARK w3=$WALL
	pane_stop
	[ "${CG:-0}" = 1 ] || c1=$(ms "$c1")
	echo "$c1 $rss $(per "$c2" "$c1" 200) $(per "$c3" "$c2" 200) $w1 $(dw "$w2" "$w1" 200) $(dw "$w3" "$w2" 200)"
}

m_article() {
	for a in t10k t10m s10m; do
		case $a in
		t10k) what="10 KB article" txt=t10k.txt t1=15 ;;
		t10m) what="10 MB article" txt=t10m.txt t1=1.5x ;;
		s10m) what="10 MB article with $(k "$NSPANS") spans" txt=t10m.txt t1=1.5x ;;
		esac
		: >"$W/g" ; : >"$W/l"; : >"$W/s"; : >"$W/gi"; : >"$W/li"; : >"$W/si"
		for i in $(seq "$RUNS"); do
			gloss_article "$CACHE/$a.db" "$a" >>"$W/g"
			less_file "$CACHE/$txt" >>"$W/l"
			[ -n "$SLATE" ] && slate_file "$CACHE/$txt" >>"$W/s"
		done
		if [ $HAVE_CG = 1 ]; then
			CG=1 gloss_article "$CACHE/$a.db" "$a" >"$W/gi"
			CG=1 less_file "$CACHE/$txt" >"$W/li"
		fi
		# first screen against less (and SLATE): the text, then all done
		g=$(med "$W/g" 8) l=$(med "$W/l" 1)
		judge "open the $what: text on screen (start-up included)" \
			"$(cell "$g" "$(med "$W/gi" 8)" "$(med "$W/g" 9)")" \
			"less: $(cell "$l" "$(med "$W/li" 1)" "$(med "$W/l" 5)")" "$g" "$l" "<=$t1" "text-$a" "Enter to the text drawn"
		g=$(med "$W/g" 1)
		judge "open the $what: all done on open (spans, suggestions at the first pause)" \
			"$(cell "$g" "$(med "$W/gi" 1)" "$(med "$W/g" 5)")" \
			"less: $(cell "$l" "$(med "$W/li" 1)" "$(med "$W/l" 5)")" "$g" "$l" "<=50" "rest-$a" \
			"the work after the text is drawn"
		if [ -n "$SLATE" ]; then
			s=$(med "$W/s" 1)
			row "open the $what, against SLATE" "$(cell "$g")" "SLATE: $(cell "$s" "" "$(med "$W/s" 5)")" \
				"$(ratio "$g" "$s")" "<=1x" "$(met "$g" "$(ratio "$g" "$s")" "<=1x")"
		else
			row "open the $what, against SLATE" "$(cell "$g")" "$SKIP" - "<=1x" n/a
		fi
		[ $a != t10k ] && judge "open the $what: peak RSS" "$(med "$W/g" 2) KiB" "less: $(med "$W/l" 2) KiB" \
			"$(med "$W/g" 2)" "$(med "$W/l" 2)" "<=20000" ""
		# keys: per key, against less's j (GUIDE: 200 moves <= 30 ms)
		for key in w j; do
			col=$([ $key = w ] && echo 3 || echo 4)
			wc=$([ $key = w ] && echo 6 || echo 7)
			g=$(med "$W/g" $col) l=$(med "$W/l" $col)
			sa="$SKIP"
			[ -n "$SLATE" ] && sa="SLATE: $(cell "$(med "$W/s" $col)" "" "")"
			judge "200 \`$key\` on the $what, per key" \
				"$(cell "$g" "$(med "$W/gi" $col)" "$(med "$W/g" $wc)")" \
				"less j: $(cell "$l" "$(med "$W/li" $col)" "$(med "$W/l" $wc)"); $sa" "$g" "$l" "<=0.15" "$key-$a"
		done
		# (the 10 KB article ends within the 200 j: more j move nothing)
		g=$(med "$W/g" 10) l=$(med "$W/l" 4)
		[ $a != t10k ] && judge "$PACED \`j\` one at a time on the $what after those (each scrolls and waits for its screen), per key" \
			"$(cell "$g" "$(med "$W/gi" 10)" "")" "less j: $(cell "$l" "$(med "$W/li" 4)" "")" "$g" "$l" "<=0.15" \
			"paced-$a"
	done
}

# The article list of BIG articles: first screen (start-up included), G,
# then two :filter first screens; against less on a file with one line per
# article (id, date, title) and the sqlite3 shell doing the filter's query.
gloss_list() {
	rm -f "$W"/a.db*
	cp "$CACHE/c$(k $BIG).db" "$W/a.db"
	pane_start "$GLOSS" --db a.db
	wait_keys 0 || { pane_stop; echo "- - - - - - - - -"; return; }
	mark; c0=$MARK w0=$WALL rss=$(hwm)
	[ "${CG:-0}" = 1 ] && { cg_keep list-first "$W/cg.$PID.1"; rss=-; }
	tmux -L "$SOCK" send-keys G
	wait_keys 1 || { pane_stop; echo "- - - - - - - - -"; return; }
	mark; c1=$MARK w1=$WALL
	[ "${CG:-0}" = 1 ] && cg_keep list-G "$W/cg.$PID.2"
	out="$(per "$c1" "$c0" 1) $w0 $((w1 - w0))"
	nk=1 n=3
	for f in "text=yelverton" "date=2017-01..2017-03"; do
		s=":filter $f"
		tmux -L "$SOCK" send-keys -l "$s"
		tmux -L "$SOCK" send-keys Enter
		nk=$((nk + ${#s} + 1))
		wait_keys $nk || { pane_stop; echo "- - - - - - - - -"; return; }
		mark; c2=$MARK w2=$WALL
		[ "${CG:-0}" = 1 ] && cg_keep "filter-$f" "$W/cg.$PID.$n"
		out="$out $(per "$c2" "$c1" 1) $((w2 - w1))"
		c1=$c2 w1=$w2 n=$((n + 1))
	done
	pane_stop
	[ "${CG:-0}" = 1 ] || c0=$(ms "$c0")
	echo "$c0 $rss $out"
}
less_list() {
	pane_start less "$CACHE/titles$(k $BIG).txt"
	{ wait_screen . && wait_quiet; } || { pane_stop; echo "- - - - -"; return; }
	mark; c0=$MARK w0=$WALL rss=$(hwm)
	[ "${CG:-0}" = 1 ] && rss=-
	tmux -L "$SOCK" send-keys G
	{ wait_screen "$BIG " && wait_quiet; } || { pane_stop; echo "- - - - -"; return; }
	mark; c1=$MARK w1=$WALL
	pane_stop
	g=$(per "$c1" "$c0" 1)
	[ "${CG:-0}" = 1 ] || c0=$(ms "$c0")
	echo "$c0 $rss $g $w0 $((w1 - w0))"
}
# The sqlite3 shell on its own import of the same articles: count + first
# 50 rows of the filter, whole process.
sq_filter() { # OUT N
	case $2 in
	1) q="SELECT count(*) FROM fts WHERE fts MATCH 'yelverton'; SELECT a.id, a.date, a.title FROM articles a
		WHERE a.id IN (SELECT rowid FROM fts WHERE fts MATCH 'yelverton') ORDER BY a.id LIMIT 50;" ;;
	2) q="SELECT count(*) FROM articles WHERE date BETWEEN '2017-01' AND '2017-03-99'; SELECT id, date, title
		FROM articles WHERE date BETWEEN '2017-01' AND '2017-03-99' ORDER BY id LIMIT 50;" ;;
	esac
	timed "$1" sqlite3 "$CACHE/sq$(k $BIG).db" "$q"
}

m_list() {
	: >"$W/g"; : >"$W/l"; : >"$W/gi"; : >"$W/li"; : >"$W/f1"; : >"$W/f2"; : >"$W/f1i"; : >"$W/f2i"
	for i in $(seq "$RUNS"); do
		gloss_list >>"$W/g"
		less_list >>"$W/l"
		sq_filter "$W/t" 1; cat "$W/t" >>"$W/f1"
		sq_filter "$W/t" 2; cat "$W/t" >>"$W/f2"
	done
	if [ $HAVE_CG = 1 ]; then
		CG=1 gloss_list >"$W/gi"
		CG=1 less_list >"$W/li"
		CG=1 sq_filter "$W/f1i" 1
		CG=1 sq_filter "$W/f2i" 2
	fi
	what="list of $(k "$BIG") articles"
	g=$(med "$W/g" 1) l=$(med "$W/l" 1)
	judge "$what: first screen (start-up included)" "$(cell "$g" "$(med "$W/gi" 1)" "$(med "$W/g" 4)")" \
		"less: $(cell "$l" "$(med "$W/li" 1)" "$(med "$W/l" 4)")" "$g" "$l" "<=50" list-first
	judge "$what: peak RSS" "$(med "$W/g" 2) KiB" "less: $(med "$W/l" 2) KiB" "$(med "$W/g" 2)" "$(med "$W/l" 2)" \
		"<=30720" ""
	g=$(med "$W/g" 3) l=$(med "$W/l" 3)
	judge "$what: \`G\` (to the last)" "$(cell "$g" "$(med "$W/gi" 3)" "$(med "$W/g" 5)")" \
		"less G: $(cell "$l" "$(med "$W/li" 3)" "$(med "$W/l" 5)")" "$g" "$l" "<=1x" list-G
	n=1
	for f in "text=yelverton" "date=2017-01..2017-03"; do
		g=$(med "$W/g" $((4 + 2 * n))) s=$(med "$W/f$n" 1)
		judge "$what: \`:filter $f\`, first screen" "$(cell "$g" "$(med "$W/gi" $((4 + 2 * n)))" "$(med "$W/g" $((5 + 2 * n)))")" \
			"sqlite3 shell: $(cell "$s" "$(med "$W/f${n}i" 1)" "$(med "$W/f$n" 2)")" "$g" "$s" "<=50" "filter-$f"
		n=$((n + 1))
	done
}

# One tag action (1: tag the word under the caret as the first label; the
# caret moves on) in the interface, TAGS (10) in a row on the 10 KB article (fewer than
# SQLite's 1000-frame checkpoint):
# CPU and WAL frames per action (WAL growth / (page size + 24)); fsyncs
# per action with strace in a run of its own (strace slows the process).
TAGS=10
gloss_tag() { # [ENV=VALUE]: prints "cpu_ms frames wall_ms"
	rm -f "$W"/a.db*
	cp "$CACHE/t10k.db" "$W/a.db"
	PANE_ENV=${1:-} pane_start "$GLOSS" --db a.db
	wait_keys 0 && tmux -L "$SOCK" send-keys Enter && wait_keys 1 || { pane_stop; echo "- - -"; return; }
	# the opening's work (spans, suggestions at the first pause, which
	# builds the engines) is the open rows' figure, not the tags'
	settle
	# an empty WAL to start from (gloss is idle, holds no transaction)
	sqlite3 "$W/a.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null 2>&1
	wal0=$(stat -c %s "$W/a.db-wal" 2>/dev/null || echo 0)
	mark; c1=$MARK w1=$WALL
	if [ "${STRACE:-0}" = 1 ]; then
		strace -f -c -e trace=fsync,fdatasync -o "$W/st.out" -p "$PID" 2>"$W/st.err" &
		spid=$!
		n=0
		until grep -q attached "$W/st.err" 2>/dev/null || [ $n -gt 500 ]; do sleep 0.01; n=$((n + 1)); done
	fi
	tmux -L "$SOCK" send-keys -N $TAGS 1
	wait_keys $((TAGS + 1)) || { pane_stop; echo "- - -"; return; }
	mark; c2=$MARK w2=$WALL
	[ "${CG:-0}" = 1 ] && cg_keep "tag${1:+-off}" "$W/cg.$PID.$NDUMP"
	wal1=$(stat -c %s "$W/a.db-wal" 2>/dev/null || echo 0)
	if [ "${STRACE:-0}" = 1 ]; then
		kill -INT $spid; wait $spid
		awk -v n=$TAGS '/total$/ { print $4 / n; f = 1 } END { if (!f) print "-" }' "$W/st.out"
		pane_stop
		return
	fi
	pane_stop
	ps=$(sqlite3 "$CACHE/t10k.db" 'PRAGMA page_size')
	fr=$(awk -v a="$wal0" -v b="$wal1" -v p="$ps" -v n=$TAGS 'BEGIN { if (b < a) print "-"; else printf "%.1f\n", (b - a) / (p + 24) / n }')
	echo "$(per "$c2" "$c1" $TAGS) $fr $(dw "$w2" "$w1" $TAGS)"
}
# The anchor: the sqlite3 shell, WAL, synchronous=FULL, TAGS single-row
# inserts each committed alone, less the same shell with none; frames from
# wal_checkpoint's log count.
sq_tag() { # OUT [strace]
	rm -f "$W"/q.db*
	sqlite3 "$W/q.db" "PRAGMA journal_mode=WAL; CREATE TABLE spans(id INTEGER PRIMARY KEY, article INT, s INT, e INT,
		label TEXT, status INT); CREATE INDEX spans_pos ON spans(article, s);" >/dev/null
	ins=""
	for i in $(seq $TAGS); do ins="$ins INSERT INTO spans(article, s, e, label, status) VALUES(1, $((i * 7)), $((i * 7 + 5)), 'PER', 1);"; done
	if [ "${2:-}" = strace ]; then
		strace -f -c -e trace=fsync,fdatasync -o "$W/st.out" sqlite3 "$W/q.db" "PRAGMA synchronous=FULL; $ins" >/dev/null 2>&1
		a=$(awk '/total$/ { print $4 }' "$W/st.out")
		strace -f -c -e trace=fsync,fdatasync -o "$W/st.out" sqlite3 "$W/q.db" "PRAGMA synchronous=FULL;" >/dev/null 2>&1
		b=$(awk '/total$/ { print $4 }' "$W/st.out")
		awk -v a="${a:-0}" -v b="${b:-0}" -v n=$TAGS 'BEGIN { print (a - b) / n }' >"$1"
		return
	fi
	timed "$W/sq1" sqlite3 "$W/q.db" "PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0; $ins PRAGMA wal_checkpoint(PASSIVE);"
	timed "$W/sq0" sqlite3 "$W/q.db" "PRAGMA synchronous=FULL;"
	fr=$(sqlite3 "$W/q.db" "PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0; $ins PRAGMA wal_checkpoint(PASSIVE);" |
		tail -n 1 | awk -F'|' -v n=$TAGS '{ printf "%.1f\n", $2 / n }')
	if [ "${CG:-0}" = 1 ]; then
		echo "$(( ($(cat "$W/sq1") - $(cat "$W/sq0")) / TAGS ))" >"$1"
	else
		awk -v n=$TAGS -v fr="$fr" 'NR == FNR { a = $1; aw = $2; next } { printf "%.4f %s %.3f\n", (a - $1) / n, fr, (aw - $2) / n }' \
			"$W/sq1" "$W/sq0" >"$1"
	fi
}

# Which pages a tag action writes (bench/bench_store tag: b-tree:page per
# commit, frames per action on a 3000-article corpus), for the notes.
tag_pages() {
	b="$top_builddir/bench/bench_store"
	[ -x "$b" ] || return 0
	(cd "$W" && "$b" tag) >"$W/tp.out" 2>/dev/null
	note "- **WAL frames per tag action**: the pages one commit writes (bench/bench_store tag, 3000 articles,
  gloss's store without the interface): $(sed -n 's/^tag_pages_add: /add: /p; s/^tag_frames: /frames: /p' "$W/tp.out" |
		tr '\n' ';' | sed 's/;$//; s/;/; /g'). With suggestions on, the suggestions written after each tag add their own commit."
}

m_tag() {
	: >"$W/g"; : >"$W/go"; : >"$W/l"; : >"$W/gi"; : >"$W/goi"; : >"$W/li"
	for i in $(seq "$RUNS"); do
		gloss_tag >>"$W/g"
		gloss_tag GLOSS_SUGGEST=off >>"$W/go"
		sq_tag "$W/t"; cat "$W/t" >>"$W/l"
	done
	if [ $HAVE_CG = 1 ]; then
		CG=1 gloss_tag >"$W/gi"
		CG=1 gloss_tag GLOSS_SUGGEST=off >"$W/goi"
		CG=1 sq_tag "$W/li"
	fi
	fs=- fso=- fsl=-
	if [ $HAVE_STRACE = 1 ]; then
		fs=$(STRACE=1 gloss_tag) fso=$(STRACE=1 gloss_tag GLOSS_SUGGEST=off)
		sq_tag "$W/t" strace; fsl=$(cat "$W/t")
	fi
	for v in on off; do
		f=$([ $v = on ] && echo g || echo go)
		what="one tag action (\`1\`, repaint included), suggestions $v$([ $v = off ] && echo ' (GLOSS_SUGGEST=off)')"
		g=$(med "$W/$f" 1) l=$(med "$W/l" 1)
		judge "$what: CPU" "$(cell "$g" "$(med "$W/${f}i" 1)" "$(med "$W/$f" 3)")" \
			"sqlite3 shell, insert + commit: $(cell "$l" "$(med "$W/li" 1)" "$(med "$W/l" 3)")" "$g" "$l" "<=1" \
			"tag$([ $v = off ] && echo -off)"
		g=$(med "$W/$f" 2)
		judge "$what: WAL frames per commit" "$g" "sqlite3 shell: $(med "$W/l" 2)" "$g" "$(med "$W/l" 2)" "<=3" ""
		[ "$(met "$g" - "<=3")" = no ] && [ -z "${tagpages:-}" ] && tagpages=1 && tag_pages
		g=$([ $v = on ] && echo "$fs" || echo "$fso")
		[ $HAVE_STRACE = 1 ] || g="- (strace not installed)"
		judge "$what: fsyncs per action (strace, 1 run)" "$g" "sqlite3 shell: $fsl" "$g" "$fsl" "<=1" ""
	done
}
