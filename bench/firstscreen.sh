#!/bin/sh
# firstscreen.sh: wall time from Enter on the article list to the first full
# screen of a 10 MB article (GUIDE §10: <= 50 ms), and gloss's peak memory
# with that article open (<= 80 MB), in a real terminal (tmux). The time
# includes tmux's own capture latency, so it is an upper bound.
set -u
: "${GLOSS:?}"
GEN=${GEN_CORPUS:-$srcdir/../shared/bench/gen_corpus.py}
command -v tmux >/dev/null || { echo "firstscreen: tmux not installed, skipped"; exit 0; }
[ -f "$GEN" ] || { echo "firstscreen: $GEN not found, skipped"; exit 0; }
W=$(mktemp -d "${TMPDIR:-/tmp}/gloss-fs.XXXXXX")
S="gloss-fs-$$"
trap 'tmux -L $S kill-server 2>/dev/null; rm -rf "$W"' EXIT
BYTES=${FS_BYTES:-10000000}

python3 "$GEN" textfile "$W/big.txt" --bytes "$BYTES" >/dev/null 2>&1
"$GLOSS" --db "$W/db" import "$W/big.txt" 2>/dev/null
# A word from the article's third line: on screen only once the text is drawn.
probe=$(sed -n '3p' "$W/big.txt" | cut -d' ' -f2)

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
best=""
for try in 1 2 3 4 5; do
	tmux -L "$S" kill-server 2>/dev/null
	while tmux -L "$S" has-session 2>/dev/null; do sleep 0.02; done
	tmux -L "$S" -f /dev/null new-session -d -x 160 -y 50 \
		"LC_ALL=C.UTF-8 TERM=xterm-256color $GLOSS --db $W/db"
	until tmux -L "$S" capture-pane -p | grep -q "Articles"; do sleep 0.01; done
	t0=$(now_ms)
	tmux -L "$S" send-keys Enter
	until tmux -L "$S" capture-pane -p | grep -qF -- "$probe"; do :; done
	t=$(( $(now_ms) - t0 ))
	[ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
	pid=$(tmux -L "$S" display -p '#{pane_pid}')
	hwm=$(sed -n 's/^VmHWM: *//p' "/proc/$pid/status")
	tmux -L "$S" send-keys G
	sleep 0.5
	hwm2=$(sed -n 's/^VmHWM: *//p' "/proc/$pid/status")
done
echo "first screen, $(( BYTES / 1000000 )) MB article: $best ms (best of 5, Enter to text on screen)"
echo "peak memory, article open: $hwm; after G (bottom): $hwm2"
