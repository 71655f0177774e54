# lib.sh: shared helpers for the tmux end-to-end tests. Each test script
# sources this, speaks TAP (ok / not ok lines, a 1..N plan at the end) and
# drives the real binary in its own tmux server (-L) with its own database.
#
#   start_gloss W H [ARGS...]   run "$GLOSS --db $DB ARGS" in a W x H pane
#   wait_for TEXT [SECS]        poll capture-pane until TEXT appears
#   wait_gone TEXT [SECS]       poll until TEXT is no longer on screen
#   screen                      print the pane now
#   keys K...                   tmux send-keys (key names as tmux spells them)
#   ok COND-STATUS NAME         record a TAP result
set -u
: "${GLOSS:?GLOSS must point at the gloss binary}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
export LC_ALL=C.UTF-8 TERM=xterm-256color
unset TMUX
T_N=0
T_FAIL=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gloss-e2e.XXXXXX")
SOCK="gloss-e2e-$$"
DB="$WORK/test.db"
export GLOSS_DB="$DB"
cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

ok() { # ok STATUS NAME...
	local st=$1; shift
	T_N=$((T_N + 1))
	if [ "$st" -eq 0 ]; then
		echo "ok $T_N - $*"
	else
		echo "not ok $T_N - $*"
		T_FAIL=$((T_FAIL + 1))
		echo "# screen at failure:"; screen 2>/dev/null | sed 's/^/#   /'
	fi
}

done_testing() {
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
	exit $?
}

start_gloss() { # start_gloss W H ARGS...
	local w=$1 h=$2; shift 2
	tmux -L "$SOCK" kill-server 2>/dev/null
	# A server started while the old one is still exiting dies at once
	# ("server exited unexpectedly"): wait until it has gone.
	local i=0
	while tmux -L "$SOCK" has-session 2>/dev/null && [ $i -lt 250 ]; do sleep 0.02; i=$((i + 1)); done
	local cmd="$GLOSS --db '$DB'"
	for a in "$@"; do cmd="$cmd '$a'"; done
	tmux -L "$SOCK" -f /dev/null new-session -d -x "$w" -y "$h" \
		"env LC_ALL=C.UTF-8 TERM=xterm-256color $cmd; echo EXITED \$?; sleep 30"
}

screen() { tmux -L "$SOCK" capture-pane -p -t 0 2>/dev/null; }
keys() { tmux -L "$SOCK" send-keys -t 0 "$@"; }
resize() { tmux -L "$SOCK" resize-window -t 0 -x "$1" -y "$2"; }

# Poll the screen until TEXT (a fixed string) shows, up to SECS (default 5).
wait_for() {
	local text=$1 secs=${2:-5}
	local end=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
	while :; do
		screen | grep -qF -- "$text" && return 0
		[ $(( $(date +%s%N) / 1000000 )) -ge $end ] && return 1
		sleep 0.02
	done
}

wait_gone() {
	local text=$1 secs=${2:-5}
	local end=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
	while :; do
		screen | grep -qF -- "$text" || return 0
		[ $(( $(date +%s%N) / 1000000 )) -ge $end ] && return 1
		sleep 0.02
	done
}
