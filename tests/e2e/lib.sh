# lib.sh: shared helpers for the tmux end-to-end tests. Each test script
# sources this, speaks TAP (ok / not ok lines, a 1..N plan at the end) and
# drives the real binary in its own tmux server (-L) with its own database.
#
#   start_gloss W H [ARGS...]   run "$GLOSS --db $DB ARGS" in a W x H pane
#                               (with GLOSS_SUGGEST=off unless the test sets
#                               it: the engines' suggestions would change the
#                               counts other tests check)
#   screen                      print the pane now
#   keys K...                   tmux send-keys (key names as tmux spells them)
#   ok COND-STATUS NAME         record a TAP result
#
# Key counter. gloss runs with GLOSS_TEST_KEYS=1: before each wait for input
# it reports "gloss-test keys=K sync=S size=WxH paints=P" as the pane's path (OSC 7,
# tui/testhook.c), in the same byte stream as the screen, so once tmux shows
# it the screen for every key before it is drawn and captured by tmux.
#
#   keys_sync [K...]            send the keys, then a sync sequence, and wait
#                               until gloss has read it: every key before it
#                               was handled and its screen is drawn. With no
#                               keys: wait until gloss is idle. Then assert on
#                               screen / the database directly (no wait_for).
#   wait_ready                  wait for gloss's first idle screen after start
#   wait_keys N                 wait until gloss has read N keys in all
#   resize_sync W H             resize the pane and wait until the layout for
#                               W x H is on screen (W x H must differ from the
#                               size before)
#   hook_field keys|sync|size   the value gloss last published
#   golden NAME [TEXT]          compare the screen (or TEXT) with
#                               tests/data/ui/golden/NAME.txt (cmp); with
#                               GLOSS_GOLDEN_UPDATE=1, write it instead
# Waits give up after $GLOSS_TEST_WAIT seconds (default 30: the machine may be
# loaded); a timeout is reported as a failed test case.
#
#   wait_for TEXT [SECS]        keys_sync if gloss runs, then poll capture-pane
#   wait_gone TEXT [SECS]       until TEXT appears / is gone. Prefer keys_sync
#                               then a direct check: polling only helps output
#                               not caused by a key (start-up, "EXITED 0").
#   on_screen TEXT              the screen shows TEXT now (fixed string)
#   need_tmux                   skip the whole script when tmux is missing
#   need STATUS WHAT            a setup step: on failure "Bail out!" (not a
#                               test case: setup steps are not behaviours)
set -u
: "${GLOSS:?GLOSS must point at the gloss binary}"
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
export LC_ALL=C.UTF-8 TERM=xterm-256color
# No starter tagger: what engines propose must not depend on where gloss
# was built or installed (a test that wants one sets GLOSS_STARTER).
export GLOSS_STARTER="${GLOSS_STARTER:-none}"
unset TMUX
T_N=0
T_FAIL=0
T_WAIT=${GLOSS_TEST_WAIT:-30}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gloss-e2e.XXXXXX")
SOCK="gloss-e2e-$$"
DB="$WORK/test.db"
export GLOSS_DB="$DB"
# In a sanitizer build a report from gloss in the pane (or a leak report at
# exit) would be seen by nobody: they go to files, and done_testing fails
# the script when there is one (and shows it).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$WORK/sanitizer"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$WORK/sanitizer"
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

# need_tmux: the interface tests skip (TAP "1..0 # SKIP") without tmux, as
# configure says. Call it before any test case.
need_tmux() {
	command -v tmux >/dev/null 2>&1 && return 0
	echo "1..0 # SKIP tmux not found (apt-get install tmux)"
	exit 0
}

need() {
	[ "$1" -eq 0 ] && return 0
	sanitizer_reports
	echo "Bail out! setup failed: $2"
	exit 1
}

# Sanitizer reports as failed cases (shown as comments).
sanitizer_reports() {
	local f
	for f in "$WORK"/sanitizer.*; do
		[ -f "$f" ] || continue
		ok 1 "gloss ran without sanitizer reports ($(basename "$f")):"
		head -n 40 "$f" | sed 's/^/#   /'
	done
}

done_testing() {
	sanitizer_reports
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
	exit $?
}

start_gloss() { # start_gloss W H ARGS...
	local w=$1 h=$2; shift 2
	tmux -L "$SOCK" kill-server 2>/dev/null
	# A server started while the old one is still exiting dies at once
	# ("server exited unexpectedly"): wait until it has gone.
	poll "$T_WAIT" no_server
	local cmd="$GLOSS --db '$DB'"
	for a in "$@"; do cmd="$cmd '$a'"; done
	tmux -L "$SOCK" -f /dev/null new-session -d -x "$w" -y "$h" \
		"env LC_ALL=C.UTF-8 TERM=xterm-256color GLOSS_TEST_KEYS=${GLOSS_TEST_KEYS:-1} GLOSS_SUGGEST=${GLOSS_SUGGEST:-off} $cmd; printf '\r\nEXITED %s\r\n' \$?; sleep 30"
}

no_server() { ! tmux -L "$SOCK" has-session 2>/dev/null; }
screen() { tmux -L "$SOCK" capture-pane -p -t 0 2>/dev/null; }
keys() { tmux -L "$SOCK" send-keys -t 0 "$@"; }
resize() { tmux -L "$SOCK" resize-window -t 0 -x "$1" -y "$2"; }

# wait_for TEXT [SECS]: when gloss is running, first wait until it has
# handled every key sent so far (keys_sync), then poll the screen until TEXT
# (a fixed string) shows, up to SECS (default $T_WAIT). wait_gone: until it
# does not. The sync makes "keys X; wait_for Y" mean "after X, Y"; whether Y
# proves anything (was it on screen before X?) is the test's business.
wait_for() {
	sync_if_running
	poll "${2:-$T_WAIT}" on_screen "$1"
}
wait_gone() {
	sync_if_running
	poll "${2:-$T_WAIT}" not_on_screen "$1"
}
on_screen() { screen | grep -qF -- "$1"; }
not_on_screen() { ! screen | grep -qF -- "$1"; }

# ---- key counter (see the header) -------------------------------------------

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# poll SECS CMD...: run CMD every 20 ms until it succeeds or SECS pass.
poll() {
	local end=$(( $(now_ms) + $1 * 1000 )); shift
	until "$@"; do
		[ "$(now_ms)" -ge $end ] && return 1
		sleep 0.02
	done
}

hook() { tmux -L "$SOCK" display -p -t 0 '#{pane_path}' 2>/dev/null; }
hook_field() { hook | sed -n "s/^gloss-test.* $1=\([^ ]*\).*/\1/p"; }

# A failed wait is a failed test case, with what gloss last said.
hook_timeout() {
	ok 1 "gloss handled the input within ${T_WAIT}s ($*; gloss said: $(hook))"
	return 1
}

hook_ge() { local v; v=$(hook_field "$1"); [ -n "$v" ] && [ "$v" -ge "$2" ]; }
hook_is() { [ "$(hook_field "$1")" = "$2" ]; }

# gloss has exited: start_gloss's shell printed "EXITED status".
exited() { screen | grep -q 'EXITED [0-9]'; }
synced_or_exited() { hook_ge sync "$1" || exited; }

# keys_sync [K...]: 0 once gloss has handled the keys; 2 if it exited first
# (no test case recorded); 1 on a timeout (a failed test case recorded).
keys_sync() {
	local n
	n=$(hook_field sync)
	[ $# -gt 0 ] && keys "$@"
	tmux -L "$SOCK" send-keys -t 0 -H 1b 5b 39 39 39 39 7e
	poll "$T_WAIT" synced_or_exited $(( ${n:-0} + 1 )) || { hook_timeout "keys_sync $*"; return 1; }
	hook_ge sync $(( ${n:-0} + 1 )) || return 2
}

# Sync only when a gloss started with the hook is still running.
sync_if_running() {
	[ -n "$(hook_field sync)" ] && ! exited && keys_sync
	return 0
}

wait_ready() { poll "$T_WAIT" synced_or_exited 0 || hook_timeout "start"; }

wait_keys() { poll "$T_WAIT" hook_ge keys "$1" || hook_timeout "wait_keys $1"; }

resize_sync() {
	hook_is size "$1x$2" && echo "# resize_sync $1 $2: already that size, proves nothing"
	resize "$1" "$2"
	poll "$T_WAIT" hook_is size "$1x$2" || hook_timeout "resize_sync $1 $2"
	keys_sync
}

# golden NAME [TEXT]: the screen (or TEXT) equals tests/data/ui/golden/NAME.txt.
# Prints a diff as TAP comments when it does not.
golden() {
	local want="$srcdir/tests/data/ui/golden/$1.txt" got="$WORK/golden-$1.txt"
	if [ $# -ge 2 ]; then printf '%s\n' "$2" >"$got"; else screen >"$got"; fi
	if [ "${GLOSS_GOLDEN_UPDATE:-}" = 1 ]; then
		mkdir -p "$(dirname "$want")" && cp "$got" "$want"
		return 0
	fi
	cmp -s "$want" "$got" && return 0
	diff -u "$want" "$got" 2>&1 | sed 's/^/#   /'
	return 1
}
