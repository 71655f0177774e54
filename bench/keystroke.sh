#!/bin/sh
# keystroke.sh: instructions per keystroke in the real interface, counted by
# callgrind (repeatable, unlike wall time on a shared machine), on an
# article with 10 spans and on one with 100,000 spans.
#
# For each article gloss runs twice under callgrind in tmux: once opening
# the article and quitting, once doing the same with N keys in between.
# (Ir(N keys) - Ir(0 keys)) / N is the cost of one key, start-up and the
# loading of the spans cancelled out. Keys: caret moves (l, w, j), and tag +
# undo pairs (1 u), each of which commits to SQLite.
set -u
: "${GLOSS:?}"
command -v valgrind >/dev/null || { echo "keystroke: valgrind not installed, skipped"; exit 0; }
command -v tmux >/dev/null || { echo "keystroke: tmux not installed, skipped"; exit 0; }
W=$(mktemp -d "${TMPDIR:-/tmp}/gloss-ks.XXXXXX")
S="gloss-ks-$$"
trap 'tmux -L $S kill-server 2>/dev/null; rm -rf "$W"' EXIT
N=${KEYS_N:-200}

# article NAME NSPANS: a jsonl article with NSPANS PER spans on its words.
article() {
	python3 - "$2" >"$W/$1.jsonl" <<'PY'
import json, sys
n = int(sys.argv[1])
words = ["Zoë", "Lefèvre", "met", "王小明", "in", "Lyon", "on", "Monday", "and", "said"]
out, spans, pos, i = [], [], 0, 0
while len(spans) < n or pos < 2000:
    w = words[i % len(words)]
    if i % 2 == 0 and len(spans) < n:
        spans.append({"start": pos, "end": pos + len(w), "label": "PER", "kind": "entity",
                      "status": "confirmed", "source": "import"})
    sep = "\n" if i % 12 == 11 else " "
    out.append(w + sep)
    pos += len(w) + 1
    i += 1
print(json.dumps({"text": "".join(out), "title": "bench", "spans": spans}, ensure_ascii=False))
PY
	"$GLOSS" --db "$W/$1.db" import --format jsonl "$W/$1.jsonl" 2>/dev/null
}

# run DB KEYS...: Ir of gloss opening the article in a copy of DB, typing
# KEYS, quitting.
run() {
	db="$W/run.db"
	rm -f "$db" "$db-wal" "$db-shm"
	cp "$1" "$db"; shift # the same starting state for every run
	out="$W/cg.out"
	rm -f "$out"
	tmux -L "$S" kill-server 2>/dev/null
	while tmux -L "$S" has-session 2>/dev/null; do sleep 0.02; done
	tmux -L "$S" -f /dev/null new-session -d -x 120 -y 40 \
		"LC_ALL=C.UTF-8 TERM=xterm-256color valgrind --tool=callgrind --callgrind-out-file=$out $GLOSS --db $db; sleep 60"
	wait_screen "bench"
	tmux -L "$S" send-keys Enter
	wait_screen "Lyon"
	for k in "$@"; do tmux -L "$S" send-keys "$k"; done
	tmux -L "$S" send-keys q
	i=0
	while [ ! -s "$out" ] && [ $i -lt 600 ]; do sleep 0.5; i=$((i + 1)); done
	sleep 0.5
	sed -n 's/^summary: *//p; s/^totals: *//p' "$out" | head -n 1
}

wait_screen() {
	i=0
	while ! tmux -L "$S" capture-pane -p 2>/dev/null | grep -qF "$1"; do
		sleep 0.2; i=$((i + 1)); [ $i -gt 600 ] && return 1
	done
}

keys() { # keys K COUNT: COUNT copies of the key sequence K (space-separated)
	k=$1 c=$2 r=""
	while [ "$c" -gt 0 ]; do r="$r $k"; c=$((c - 1)); done
	echo "$r"
}

for spec in small:10 large:100000; do
	name=${spec%%:*}; n=${spec#*:}
	article "$name" "$n"
	base=$(run "$W/$name.db")
	for mix in "l" "w" "j" "1 u"; do
		per=$(echo "$mix" | wc -w)
		# shellcheck disable=SC2046
		ir=$(run "$W/$name.db" $(keys "$mix" "$N"))
		echo "keystroke[$name, $n spans, '$mix']: $(( (ir - base) / (N * per) )) instructions/key"
	done
done
