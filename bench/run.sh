#!/bin/sh
# run.sh: gloss side by side with its anchors (issue 12, GUIDE §10).
#
# Each measure runs RUNS times (default 5) with its anchor in the same run,
# gloss and anchor back to back; the table gives medians. CPU time is the
# primary figure (/proc/PID/task/*/schedstat in the interface, wait4's
# rusage for commands), instructions (callgrind, one run each: the count
# repeats within a fraction of a percent) beside it, then wall time. The
# table goes to bench/results.md and between the bench markers of
# README.md; a profile (callgrind_annotate) is noted under it for every
# target not met.
#
# Data are generated once into BENCH_CACHE (default bench/cache) with
# ../shared/bench/gen_corpus.py (GEN_CORPUS), databases imported once too.
# Anchors: less and the sqlite3 shell always; SLATE (slate.py) and brat's
# anntoconll.py when found under BENCH_ANCHORS.
#   GLOSS=./gloss srcdir=. top_builddir=. sh bench/run.sh   (make bench)
#   QUICK=1: one run, 10k articles instead of 100k, 15k spans, for iterating
#   CALLGRIND=0: no instruction counts; ONLY="article tag": some measures
set -u
: "${GLOSS:?set GLOSS to the gloss binary}"
srcdir=${srcdir:-.}
top_builddir=${top_builddir:-.}
case $GLOSS in /*) ;; *) GLOSS=$(pwd)/$GLOSS ;; esac
GEN=${GEN_CORPUS:-$srcdir/../shared/bench/gen_corpus.py}
CACHE=${BENCH_CACHE:-$srcdir/bench/cache}
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then RUNS=${RUNS:-1} BIG=${BIG:-10000} NSPANS=${NSPANS:-15000}
else RUNS=${RUNS:-5} BIG=${BIG:-100000} NSPANS=${NSPANS:-150000}; fi
OUT=${BENCH_RESULTS:-$srcdir/bench/results.md}
README=${BENCH_README:-$srcdir/README.md}
ONLY=${ONLY:-article list import tag conll corpus gazetteer tagger}
ANCH=${BENCH_ANCHORS:-}
for tool in python3 tmux less sqlite3; do
	command -v $tool >/dev/null || { echo "run.sh: $tool not installed, skipped"; exit 0; }
done
[ -f "$GEN" ] || { echo "run.sh: $GEN not found, skipped"; exit 0; }
HAVE_CG=0
[ "${CALLGRIND:-1}" = 1 ] && command -v valgrind >/dev/null && command -v callgrind_control >/dev/null && HAVE_CG=1
HAVE_STRACE=0
command -v strace >/dev/null && HAVE_STRACE=1
. "$srcdir/bench/lib.sh"
case $CACHE in /*) ;; *) CACHE=$(pwd)/$CACHE ;; esac
mkdir -p "$CACHE"
W=$(mktemp -d "${TMPDIR:-/tmp}/gloss-bench.XXXXXX")
trap 'pane_stop 2>/dev/null; rm -rf "$W"' EXIT
trap 'exit 1' INT TERM HUP
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
k() { echo $(($1 / 1000))k; } # 100000 -> 100k
say() { echo "-- $*" >&2; }

# --- data (once) ----------------------------------------------------------
gen() { python3 "$GEN" "$@" >/dev/null || { echo "run.sh: gen_corpus.py $* failed" >&2; exit 1; }; }
say "data in $CACHE"
[ -f "$CACHE/t10k.txt" ] || gen textfile "$CACHE/t10k.txt" --bytes 10000
[ -f "$CACHE/t10m.txt" ] || gen textfile "$CACHE/t10m.txt" --bytes 10000000
[ -f "$CACHE/c$(k $BIG).jsonl" ] || { gen corpus -n "$BIG" --jsonl "$CACHE/tmp.jsonl" && mv "$CACHE/tmp.jsonl" "$CACHE/c$(k $BIG).jsonl"; }
for n in 1000 10000; do # the first N articles of a corpus are the N-article corpus
	[ $n -lt "$BIG" ] && [ ! -f "$CACHE/c$(k $n).jsonl" ] && head -n $n "$CACHE/c$(k $BIG).jsonl" >"$CACHE/c$(k $n).jsonl"
done
if [ ! -d "$CACHE/txt$(k $BIG)" ]; then # one file per article, 1000 per directory
	rm -rf "$CACHE/tmp.d" && gen corpus -n "$BIG" --dir "$CACHE/tmp.d" && mv "$CACHE/tmp.d" "$CACHE/txt$(k $BIG)"
fi
for n in 1000 10000; do # hard links to the first N files
	d="$CACHE/txt$(k $n)"
	[ $n -lt "$BIG" ] && [ ! -d "$d" ] && mkdir -p "$d.tmp" &&
		for i in $(seq 0 $((n / 1000 - 1))); do cp -al "$CACHE/txt$(k $BIG)/$(printf %03d "$i")" "$d.tmp/"; done &&
		mv "$d.tmp" "$d"
done
[ -f "$CACHE/gaz/gazetteer.tsv" ] || gen gazetteer "$CACHE/gaz"
[ -f "$CACHE/b1m.ann" ] || gen brat "$CACHE/b1m" --bytes 1000000 --max-ents 4000
if [ ! -f "$CACHE/s10m.jsonl" ]; then # the 10 MB article with NSPANS spans
	python3 - "$CACHE/t10m.txt" "$NSPANS" >"$CACHE/tmp.jsonl" <<'PY' && mv "$CACHE/tmp.jsonl" "$CACHE/s10m.jsonl"
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
n = int(sys.argv[2])
words = [m.span() for m in re.finditer(r"\w+", text)]
step = max(1, len(words) // n)
labels = ["PER", "ORG", "LOC", "MISC"]
spans = [{"start": s, "end": e, "label": labels[i % 4], "kind": "entity", "status": "confirmed",
          "source": "import"} for i, (s, e) in enumerate(words[::step][:n])]
print(json.dumps({"title": "10 MB with spans", "text": text, "spans": spans}, ensure_ascii=False))
PY
fi
# gloss databases, imported once and brought to the current schema
gdb() { # NAME IMPORT-ARGS...
	db="$CACHE/$1.db"; shift
	if [ ! -f "$db" ]; then
		say "importing $db"
		rm -f "$db.tmp"*
		"$GLOSS" --db "$db.tmp" import "$@" >/dev/null 2>&1 && mv "$db.tmp" "$db"
	fi
	"$GLOSS" --db "$db" list --status done >/dev/null 2>&1 # migrates an older database
}
gdb t10k "$CACHE/t10k.txt"
gdb t10m "$CACHE/t10m.txt"
gdb s10m --format jsonl "$CACHE/s10m.jsonl"
gdb "c$(k $BIG)" "$CACHE/c$(k $BIG).jsonl"
gdb b1m --format brat "$CACHE/b1m.txt"
[ -f "$CACHE/titles$(k $BIG).txt" ] || python3 -c '
import json, sys
for i, l in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    d = json.loads(l)
    print("%7d  %s  %s" % (i, d.get("date", ""), d["title"]))' "$CACHE/c$(k $BIG).jsonl" >"$CACHE/titles$(k $BIG).txt"

# The sqlite3 shell's load: JSONL lines -> articles + FTS5 with JSON1.
sq_jsonl() { # DB FILE
	sqlite3 "$1" "PRAGMA journal_mode=WAL;" "CREATE TABLE raw(line TEXT);" \
		".mode ascii" ".separator $(printf '\037') \\n" ".import $2 raw" \
		"CREATE TABLE articles(id INTEGER PRIMARY KEY, title TEXT, date TEXT, text TEXT);" \
		"CREATE VIRTUAL TABLE fts USING fts5(title, text);" \
		"BEGIN; INSERT INTO articles(title, date, text) SELECT line->>'title', line->>'date', line->>'text' FROM raw;" \
		"INSERT INTO fts(rowid, title, text) SELECT id, title, text FROM articles; DROP TABLE raw; COMMIT;"
}
# ... and a directory of .txt files ("Title: ...", "Date: ...", text) with fsdir().
sq_txt() { # DB DIR
	sqlite3 "$1" "PRAGMA journal_mode=WAL;" \
		"CREATE TABLE articles(id INTEGER PRIMARY KEY, title TEXT, date TEXT, text TEXT);" \
		"CREATE VIRTUAL TABLE fts USING fts5(title, text);" \
		"BEGIN; INSERT INTO articles(title, date, text) SELECT substr(t, 8, instr(t, char(10)) - 8),
			substr(t, instr(t, 'Date: ') + 6, 10), substr(t, instr(t, char(10) || char(10)) + 2)
			FROM (SELECT CAST(data AS TEXT) AS t FROM fsdir('$2') WHERE name LIKE '%.txt' ORDER BY name);" \
		"INSERT INTO fts(rowid, title, text) SELECT id, title, text FROM articles; COMMIT;"
}
[ -f "$CACHE/sq$(k $BIG).db" ] || { sq_jsonl "$CACHE/sqtmp.db" "$CACHE/c$(k $BIG).jsonl" >/dev/null && mv "$CACHE/sqtmp.db" "$CACHE/sq$(k $BIG).db"; }

# timed OUT CMD...: CMD's CPU ms, wall ms and peak RSS KiB (wait4) into OUT,
# by bench/timed (why not Python: see timed.c); under CG=1 its
# instructions instead.
timed() {
	local o=$1
	shift
	if [ "${CG:-0}" = 1 ]; then
		rm -f "$W/cgc.out"
		valgrind --tool=callgrind --callgrind-out-file="$W/cgc.out" "$@" >/dev/null 2>&1
		sed -n 's/^totals: *//p' "$W/cgc.out" >"$o"
		return
	fi
	"$top_builddir/bench/timed" "$o" "$@"
}
# cg_keep NAME FILE: keep a callgrind output for the profile notes.
cg_keep() { [ -f "$2" ] && cp "$2" "$W/prof-$1.cg"; }
# profile MEASURE NAME: a note with the top functions of the kept profile.
PROFILED=" "
profile() {
	local f="$W/prof-$2.cg"
	[ -f "$f" ] || { note "- **$1**: no profile (valgrind not run)."; return; }
	case $PROFILED in *" $2 "*) note "- **$1**: the profile above (the same run)."; return ;; esac
	PROFILED="$PROFILED$2 "
	note "- **$1** (callgrind, one run${3:+, $3}): inclusive: $(ir_top "$f" 7 incl); self: $(ir_top "$f" 6 self)."
}
# judge MEASURE GCELL ACELL G A TARGET [PROFILE [WHAT]]: a row, and the
# profile's note (WHAT: which phase it covers) when the target is not met.
judge() {
	local r m
	r=$(ratio "$4" "$5")
	m=$(met "$4" "$r" "$6")
	row "$1" "$2" "$3" "$r" "$6" "$m"
	[ "$m" = no ] && [ -n "${7:-}" ] && profile "$1" "$7" "${8:-}"
	return 0
}
SLATE=""
ATC=""
[ -n "$ANCH" ] && [ -d "$ANCH" ] && {
	SLATE=$(find "$ANCH" -name slate.py -o -name annotate.py -path '*slate*' 2>/dev/null | head -n 1)
	ATC=$(find "$ANCH" -name anntoconll.py 2>/dev/null | head -n 1)
}
SKIP="skipped: not in BENCH_ANCHORS"

. "$srcdir/bench/run_ui.sh"
. "$srcdir/bench/run_batch.sh"

for m in $ONLY; do
	say "measure: $m ($(date +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg))"
	"m_$m"
done

# --- the table ------------------------------------------------------------
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
{
	echo "Made by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M') UTC at $(git -C "$srcdir" rev-parse --short HEAD 2>/dev/null || echo '?'),"
	echo "$(nproc) cores, load average $LOAD0 at the start and $LOAD1 at the end"
	echo "(the machine is shared: CPU figures are noisy, ratios measured back to back are what counts);"
	echo "$(($(date +%s) - START)) s. Medians of $RUNS runs, gloss and anchor back to back;"
	echo "CPU = user + system of the whole process; instructions from callgrind (one run each);"
	[ $HAVE_CG = 1 ] || echo "**valgrind not installed (or CALLGRIND=0): no instruction counts**;"
	echo "targets from issues 8 and 12 and GUIDE §10; \"met\" judges the CPU figure."
	echo
	echo "| measure | gloss median | anchor median | ratio | target | met |"
	echo "|---|---|---|---|---|---|"
	printf '%s' "$ROWS"
	if [ -n "$NOTES" ]; then
		echo
		echo "Where a target is not met, what the profile shows (top functions by instructions):"
		echo
		printf '%s' "$NOTES"
	fi
} >"$W/table.md"
{ echo "# gloss benchmarks"; echo; cat "$W/table.md"; } >"$OUT"
if [ -f "$README" ] && grep -q '^<!-- bench:begin -->' "$README"; then
	awk -v t="$W/table.md" '/^<!-- bench:begin -->/ { print; while ((getline l < t) > 0) print l; skip = 1; next }
		/^<!-- bench:end -->/ { skip = 0 } !skip' "$README" >"$W/readme" && cat "$W/readme" >"$README"
fi
echo "table written to $OUT"
