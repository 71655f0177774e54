# lib.sh: what bench/run.sh's measures share (sourced, not run).
#
# A program in the interface runs in a tmux pane of its own server (one
# per run, 160x50). Its CPU is read from /proc/PID/task/*/schedstat
# (nanoseconds, every thread); under callgrind (CG=1) each mark dumps the
# counters instead (callgrind_control -d), so the same script gives
# instructions. gloss runs with GLOSS_TEST_KEYS=1 and tells how many keys
# it has handled (tui/testhook.c), so a mark is taken exactly when the
# screen for those keys is drawn; less and SLATE say nothing, so a mark
# waits for them to go quiet (sleeping, no CPU for 3 polls).

# now_ms: wall clock in ms.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# cpu_ns PID: CPU so far of every thread of PID, in ns.
cpu_ns() {
	cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f\n", s }'
}

# --- panes ----------------------------------------------------------------
SEQ=0
# pane_start CMD...: a new tmux server with CMD in its pane; sets SOCK, PID,
# T0 (wall ms), MARK (cumulative figure at the last mark), NDUMP.
pane_start() {
	local pre
	SEQ=$((SEQ + 1))
	SOCK="gloss-bench-$$-$SEQ"
	NDUMP=0 MARK=0
	pre=""
	[ "${CG:-0}" = 1 ] && pre="valgrind --tool=callgrind --callgrind-out-file=$W/cg.%p"
	T0=$(now_ms)
	tmux -L "$SOCK" -f /dev/null new-session -d -x 160 -y 50 \
		"cd '$W' && GLOSS_TEST_KEYS=1 ${PANE_ENV:-} LC_ALL=C.UTF-8 TERM=xterm-256color exec $pre $*"
	PID=$(tmux -L "$SOCK" display -p '#{pane_pid}')
}
pane_stop() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	[ "${CG:-0}" = 1 ] && rm -f "$W"/cg."$PID"*
	return 0
}

# Bounded waits: ~60 s, ~20 min under callgrind.
wait_limit() { [ "${CG:-0}" = 1 ] && echo 120000 || echo 6000; }

# wait_keys N: until gloss says it has handled N keys.
wait_keys() {
	local n=0 lim
	lim=$(wait_limit)
	until tmux -L "$SOCK" display -p '#{pane_path}' 2>/dev/null | grep -q "^gloss-test keys=$1 "; do
		n=$((n + 1)); [ $n -gt "$lim" ] && return 1
		sleep 0.01
	done
}
# wait_screen REGEX: until the pane shows a line matching REGEX.
wait_screen() {
	local n=0 lim
	lim=$(wait_limit)
	until tmux -L "$SOCK" capture-pane -p 2>/dev/null | grep -q -- "$1"; do
		n=$((n + 1)); [ $n -gt "$lim" ] && return 1
		sleep 0.01
	done
}
# hook_cpu: the CPU ns gloss had used when it wrote its last report (the
# cpu= of its key counter): exact where gloss goes on working after the
# screen it reports (the spans after an article's text).
hook_cpu() {
	tmux -L "$SOCK" display -p '#{pane_path}' 2>/dev/null | sed -n 's/^gloss-test.* cpu=\([0-9]*\).*/\1/p'
}
# wait_quiet: until PID sleeps and its CPU has not moved for 3 polls 50 ms
# apart (for programs that do not say when they are done).
wait_quiet() {
	local q=0 n=0 last=-1 lim c st
	lim=$(wait_limit)
	[ "${CG:-0}" = 1 ] && lim=$((lim / 10))
	while [ $q -lt 3 ]; do
		c=$(cpu_ns "$PID")
		st=$(awk '{ print $3 }' /proc/"$PID"/stat 2>/dev/null)
		if [ "$c" = "$last" ] && [ "$st" = S ]; then q=$((q + 1)); else q=0 QWALL=$(now_ms); fi
		last=$c
		n=$((n + 1)); [ $n -gt "$lim" ] && return 1
		sleep 0.05
	done
}

# mark: sets MARK to the figure so far (CPU ns, or callgrind instructions
# when CG=1) and WALL to the ms since pane_start (for a program that does
# not say when it is done: when its CPU last moved). Not in a subshell:
# the dump count and the running sum live in the caller's variables.
mark() {
	local f n ir
	WALL=$(( ${QWALL:-$(now_ms)} - T0 ))
	QWALL=""
	if [ "${CG:-0}" = 1 ]; then
		callgrind_control -d "$PID" >/dev/null 2>&1
		NDUMP=$((NDUMP + 1))
		f="$W/cg.$PID.$NDUMP"
		n=0
		while ! grep -q '^totals:' "$f" 2>/dev/null; do
			n=$((n + 1)); [ $n -gt 600 ] && break
			sleep 0.1
		done
		ir=$(sed -n 's/^totals: *//p' "$f" | head -n 1)
		MARK=$((MARK + ${ir:-0}))
	else
		MARK=$(cpu_ns "$PID")
	fi
}
# settle: before a phase of keys, let the work gloss does between keys
# (spans loaded after the text, suggestions at the first pause of 150 ms,
# propagation slices) finish: until it spends under 2 ms of CPU in 400 ms
# (its idle poll), at most ~160 s; then mark. That CPU belongs to no key.
settle() {
	local lim=400 n=0 a b eps=2000000
	[ "${CG:-0}" = 1 ] && eps=100000000 # valgrind's own idle ticks
	a=$(cpu_ns "$PID")
	while [ "$n" -lt "$lim" ]; do # 400 ms windows; gloss polls every 300 ms
		sleep 0.4; b=$(cpu_ns "$PID")
		[ $((b - a)) -lt $eps ] && break
		a=$b n=$((n + 1))
	done
	mark
}
# hwm: peak RSS of PID in KiB.
hwm() { awk '/^VmHWM:/ { print $2 }' /proc/"$PID"/status 2>/dev/null; }

# per VALUE-AFTER VALUE-BEFORE N: ms per item from ns (CPU), or
# instructions per item (CG=1).
per() {
	if [ "${CG:-0}" = 1 ]; then echo $(( ($1 - $2) / $3 ))
	else awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.4f\n", (a - b) / n / 1e6 }'; fi
}
ms() { per "$1" 0 1; }
# dw A B N: wall ms per item.
dw() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.3f\n", (a - b) / n }'; }

# --- figures --------------------------------------------------------------
# med FILE [COLUMN]: median of a column (default 1), "-" lines skipped.
med() {
	awk -v c="${2:-1}" '$c != "-" && $c != "" { print $c }' "$1" 2>/dev/null | sort -g |
		awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }'
}
# fmt_n X: 3 significant digits (or "-").
fmt_n() {
	awk -v x="$1" 'BEGIN { if (x == "-" || x == "") { print "-"; exit }
		if (x >= 100) printf "%.0f\n", x; else if (x >= 10) printf "%.1f\n", x;
		else if (x >= 1) printf "%.2f\n", x; else printf "%.3g\n", x }'
}
# fmt_ir N: instructions as "31.2 M Ir" (or "").
fmt_ir() {
	[ -z "$1" ] || [ "$1" = - ] && return 0
	awk -v x="$1" 'BEGIN { if (x >= 1e9) printf "%.2f G Ir", x / 1e9; else if (x >= 1e6) printf "%.1f M Ir", x / 1e6;
		else if (x >= 1e3) printf "%.1f k Ir", x / 1e3; else printf "%d Ir", x }'
}
# cell CPU_MS IR WALL_MS: "25.1 ms CPU · 31.2 M Ir · 40 ms wall".
cell() {
	local s
	[ "$1" = - ] && [ "${2:--}" = - ] && { echo "-"; return; }
	[ "$1" = - ] && { echo "$(fmt_ir "$2")${3:+ · $(fmt_n "$3") ms wall}"; return; }
	s="$(fmt_n "$1") ms CPU"
	[ -n "${2:-}" ] && [ "$2" != - ] && s="$s · $(fmt_ir "$2")"
	[ -n "${3:-}" ] && [ "$3" != - ] && s="$s · $(fmt_n "$3") ms wall"
	echo "$s"
}
# ratio A B: A / B to 2 decimals, "-" when either is missing.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "" || b + 0 <= 0) print "-";
		else printf "%.2f\n", a / b }'
}
# met VALUE RATIO TARGET: TARGET "<=1.5x" compares RATIO, "<=15" or ">=50000"
# compares VALUE; prints yes / no / n/a.
met() {
	awk -v v="$1" -v r="$2" -v t="$3" 'BEGIN {
		x = v; if (t ~ /x$/) { x = r; sub(/x$/, "", t) }
		if (x == "-" || x == "") { print "n/a"; exit }
		if (t ~ /^<=/) { sub(/^<=/, "", t); print (x + 0 <= t + 0) ? "yes" : "no" }
		else if (t ~ /^>=/) { sub(/^>=/, "", t); print (x + 0 >= t + 0) ? "yes" : "no" }
		else print "n/a" }'
}

ROWS=""
NOTES=""
# row MEASURE GLOSS-CELL ANCHOR-CELL RATIO TARGET MET
row() {
	local t
	t=$(echo "$5" | sed 's/^<=/≤ /; s/^>=/≥ /')
	ROWS="$ROWS| $1 | $2 | $3 | $4 | $t | $6 |
"
	echo "$1: gloss $2; anchor $3; ratio $4; target $t: $6"
}
# note TEXT: a line under the table.
note() { NOTES="$NOTES$*
"; }

# ir_top FILE N self|incl: the top N functions of a callgrind output by
# instructions: self cost, or inclusive cost of gloss's own functions
# (below the frames that hold everything); "name 12.3%" pairs on one line.
ir_top() {
	callgrind_annotate --inclusive=$([ "$3" = incl ] && echo yes || echo no) --threshold=100 "$1" 2>/dev/null |
	awk -v n="$2" -v mode="$3" '
		/^ *[0-9,]+ +\( *[0-9.]+%\) +[^ ]/ && k < n {
			pct = $0; sub(/^[^(]*\( */, "", pct); sub(/%.*$/, "", pct)
			if (pct + 0 >= 95) next
			if (mode == "incl" && $0 !~ /\/(gloss|bench_[a-z]+)\]$/) next
			lib = $0; sub(/^.*\[/, "", lib); sub(/\]$/, "", lib); sub(/^.*\//, "", lib); sub(/\.so.*$/, "", lib)
			fn = $0; sub(/^[^)]*\) +/, "", fn); sub(/ \[.*$/, "", fn); sub(/^.*:/, "", fn)
			if (fn ~ /^(\(below main\)|main|cli_run|cli_interface|run_ui|ui_run)$/) next
			if (fn ~ /^0x/) { sub(/^0x0*/, "0x", fn); fn = lib "@" fn }
			printf "%s%s %s%%", (k ? ", " : ""), fn, pct; k++ }
		END { print "" }'
}
