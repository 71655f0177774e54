#!/bin/sh
# run.sh: gloss side by side with its anchors (issue 12, GUIDE §10). Each
# measure runs RUNS times (default 5) with its anchor in the same run,
# gloss and anchor back to back; the figure is the median of the user +
# system CPU time (/usr/bin/time), peak RSS beside it. Prints a table and
# writes it to bench/results.md. Data are generated once into BENCH_CACHE
# (default bench/cache) with ../shared/bench/gen_corpus.py.
#   GLOSS=./gloss sh bench/run.sh     (make bench runs it)
set -u
: "${GLOSS:?set GLOSS to the gloss binary}"
srcdir=${srcdir:-.}
GEN=${GEN_CORPUS:-$srcdir/../shared/bench/gen_corpus.py}
CACHE=${BENCH_CACHE:-$srcdir/bench/cache}
RUNS=${RUNS:-5}
OUT=${BENCH_RESULTS:-$srcdir/bench/results.md}
for tool in python3 tmux less sqlite3; do
	command -v $tool >/dev/null || { echo "run.sh: $tool not installed, skipped"; exit 0; }
done
/usr/bin/time true 2>/dev/null || { echo "run.sh: /usr/bin/time missing, skipped"; exit 0; }
[ -f "$GEN" ] || { echo "run.sh: $GEN not found, skipped"; exit 0; }
mkdir -p "$CACHE"
W=$(mktemp -d "${TMPDIR:-/tmp}/gloss-bench.XXXXXX")
S="gloss-bench-$$"
trap 'rm -rf "$W"' EXIT

# --- data (once) ----------------------------------------------------------
[ -f "$CACHE/t10k.txt" ] || python3 "$GEN" textfile "$CACHE/t10k.txt" --bytes 10000 >/dev/null
[ -f "$CACHE/t10m.txt" ] || python3 "$GEN" textfile "$CACHE/t10m.txt" --bytes 10000000 >/dev/null
[ -f "$CACHE/c10k.jsonl" ] || python3 "$GEN" corpus -n 10000 --jsonl "$CACHE/c10k.jsonl" >/dev/null
for a in t10k t10m; do
	[ -f "$CACHE/$a.db" ] || "$GLOSS" --db "$CACHE/$a.db" import "$CACHE/$a.txt" >/dev/null 2>&1
done

# cpu_ms FILE: "user sys maxrss" from /usr/bin/time -> "ms kib"
cpu_of() { awk '{ printf "%d %d\n", ($1 + $2) * 1000 + 0.5, $3 }' "$1"; }
median() { grep -v -- - | sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }'; }

# In a 160x50 tmux pane (its own server per run): exec CMD, wait for
# READY on screen, send KEYS, wait for PROBE; then print the process's CPU
# so far in ms (/proc/PID/schedstat, ns resolution) and its peak RSS in
# KiB, and end the server. Waits give up after ~30 s ("- -").
RUN=0
pane() { # READY KEYS PROBE CMD...
	ready=$1 keys=$2 probe=$3
	shift 3
	RUN=$((RUN + 1))
	sock="$S-$RUN"
	tmux -L "$sock" -f /dev/null new-session -d -x 160 -y 50 \
		"LC_ALL=C.UTF-8 TERM=xterm-256color exec $*"
	pid=$(tmux -L "$sock" display -p '#{pane_pid}')
	ok=1
	wait_screen "$sock" "$ready" || ok=0
	[ $ok = 1 ] && [ -n "$keys" ] && tmux -L "$sock" send-keys $keys
	[ $ok = 1 ] && { wait_screen "$sock" "$probe" || ok=0; }
	if [ $ok = 1 ] && [ -r "/proc/$pid/schedstat" ]; then
		ns=$(cut -d' ' -f1 "/proc/$pid/schedstat")
		kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
		echo "$((ns / 1000000)) $kib"
	else
		echo "- -"
	fi
	tmux -L "$sock" kill-server 2>/dev/null
}
wait_screen() { # SOCK TEXT
	n=0
	until tmux -L "$1" capture-pane -p 2>/dev/null | grep -qF -- "$2"; do
		n=$((n + 1))
		[ $n -gt 3000 ] && return 1
		sleep 0.01
	done
}

ROWS=""
# row MEASURE GLOSS ANCHOR UNIT TARGET ANCHOR_NAME; TARGET "1.5x" is a
# ratio to the anchor, a plain number an absolute bound in UNIT.
row() {
	ratio=$(awk -v g="$2" -v a="$3" 'BEGIN { if (a > 0) printf "%.2f", g / a; else print "-" }')
	met=$(awk -v r="$ratio" -v g="$2" -v t="$5" 'BEGIN {
		if (t ~ /x$/) { sub(/x$/, "", t); print (r != "-" && r + 0 <= t + 0) ? "yes" : "no" }
		else print (g != "" && g + 0 <= t + 0) ? "yes" : "no" }')
	ROWS="$ROWS| $1 | $2 $4 | $3 $4 ($6) | $ratio | <= $5 | $met |
"
	echo "$1: gloss $2 $4, $6 $3 $4, ratio $ratio (target <= $5): $met"
}

# --- first screen of an article: whole process (start, screen, quit) -----
for a in t10k t10m; do
	probe=$(sed -n '3p' "$CACHE/$a.txt" | cut -d' ' -f2)
	: >"$W/g" ; : >"$W/gm"; : >"$W/l"; : >"$W/lm"
	for i in $(seq "$RUNS"); do
		cp "$CACHE/$a.db" "$W/db"
		pane Articles Enter "$probe" "$GLOSS" --db "$W/db" >"$W/r"
		read ms kib <"$W/r"; echo "$ms" >>"$W/g"; echo "$kib" >>"$W/gm"
		pane "$probe" "" "$probe" less "$CACHE/$a.txt" >"$W/r"
		read ms kib <"$W/r"; echo "$ms" >>"$W/l"; echo "$kib" >>"$W/lm"
	done
	size=$([ $a = t10k ] && echo "10 KB" || echo "10 MB")
	target=$([ $a = t10k ] && echo 15 || echo 1.5x)          # issue 12
	rss=$([ $a = t10k ] && echo 20000 || echo 20000)          # <= 2x the 10 MB article
	row "open a $size article: CPU to first screen (start-up included)" "$(median <"$W/g")" "$(median <"$W/l")" ms "$target" less
	row "open a $size article, peak RSS" "$(median <"$W/gm")" "$(median <"$W/lm")" KiB "$rss" less
done

# --- import 10k articles (JSONL): gloss vs the sqlite3 shell, JSON1 + FTS5 --
: >"$W/g"; : >"$W/gm"; : >"$W/l"; : >"$W/lm"
for i in $(seq "$RUNS"); do
	rm -f "$W"/imp.db*
	/usr/bin/time -f '%U %S %M' -o "$W/t.out" "$GLOSS" --db "$W/imp.db" import "$CACHE/c10k.jsonl" >/dev/null 2>&1
	cpu_of "$W/t.out" >"$W/r"; read ms kib <"$W/r"; echo "$ms" >>"$W/g"; echo "$kib" >>"$W/gm"
	rm -f "$W"/sq.db*
	/usr/bin/time -f '%U %S %M' -o "$W/t.out" sqlite3 "$W/sq.db" \
		"PRAGMA journal_mode=WAL;" \
		"CREATE TABLE raw(line TEXT);" \
		".mode ascii" ".separator $(printf '\037') \\n" ".import $CACHE/c10k.jsonl raw" \
		"CREATE TABLE articles(id INTEGER PRIMARY KEY, title TEXT, date TEXT, text TEXT);" \
		"CREATE VIRTUAL TABLE fts USING fts5(title, text);" \
		"BEGIN; INSERT INTO articles(title, date, text) SELECT line->>'title', line->>'date', line->>'text' FROM raw;" \
		"INSERT INTO fts(rowid, title, text) SELECT id, title, text FROM articles; DROP TABLE raw; COMMIT;" \
		>/dev/null 2>&1
	cpu_of "$W/t.out" >"$W/r"; read ms kib <"$W/r"; echo "$ms" >>"$W/l"; echo "$kib" >>"$W/lm"
done
row "import 10k articles (21 MB JSONL), CPU" "$(median <"$W/g")" "$(median <"$W/l")" ms 1.0x "sqlite3 shell"
row "import 10k articles, peak RSS" "$(median <"$W/gm")" "$(median <"$W/lm")" KiB 30720 "sqlite3 shell"

{
	echo "# gloss benchmarks"
	echo
	echo "Made by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d), $(nproc) cores;"
	echo "medians of $RUNS runs, gloss and anchor back to back; CPU = user + system."
	echo
	echo "| measure | gloss | anchor | ratio | target | met |"
	echo "|---|---|---|---|---|---|"
	printf '%s' "$ROWS"
} >"$OUT"
echo "table written to $OUT"
