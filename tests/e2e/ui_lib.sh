# ui_lib.sh: helpers for the interface's tmux tests (sourced after lib.sh).
#
#   ui_import FILES...     $GLOSS --db $DB import FILES (quietly)
#   restart W H [ARGS]     stop the running gloss (if any) and start a new one
#   quit_gloss             press q and wait for the process to exit
#   gloss_pid              pid of the gloss process in the pane
#   status                 the status bar (last line of the pane)
#   wait_cp N              keys_sync, then: the status bar shows the caret at N
#   cp_is N                the status bar shows the caret at N now
#   sql_is SQL WANT        keys_sync, then: sqlite3 $DB SQL prints WANT now
#                          (an action is committed before its screen is drawn)
#   col_of TEXT            display column where TEXT starts on screen
#                          (measured by wc -L on the captured line's prefix)
need_tmux
UI_DATA="$srcdir/tests/data/ui"
DEMO="$srcdir/assets/demo"

ui_import() {
	"$GLOSS" --db "$DB" import "$@" >"$WORK/import.out" 2>&1
}

server_gone() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	poll "$T_WAIT" no_server
}

# restart: a fresh interface (where the last one was left is forgotten;
# tests/e2e/ui_session.sh tests coming back to it).
restart() {
	server_gone
	[ -f "$DB" ] && sqlite3 "$DB" "DELETE FROM meta WHERE key = 'ui.session'" 2>/dev/null
	start_gloss "$@"
	wait_ready
}

quit_gloss() {
	keys q
	wait_for "EXITED"
}

gloss_pid() {
	local sh
	sh=$(tmux -L "$SOCK" display -p -t 0 '#{pane_pid}')
	ps -o pid= --ppid "$sh" | tr -d ' ' | head -1
}

status() { screen | tail -1; }

cp_is() { status | grep -qF "cp $1/"; }
wait_cp() { sync_if_running; cp_is "$1"; }
sql_is() { sync_if_running; [ "$(sqlite3 "$DB" "$1" 2>/dev/null)" = "$2" ]; }

col_of() {
	local line prefix
	line=$(screen | grep -F -- "$1" | head -1)
	[ -n "$line" ] || { echo -1; return; }
	prefix=${line%%"$1"*}
	printf '%s' "$prefix" | wc -L
}

# Poll the database until the SQL query prints EXPECTED (SECS, default
# $T_WAIT): for what gloss does on its own (the idle save of the position).
# After a key use sql_is.
wait_sql() {
	local sql=$1 want=$2 secs=${3:-$T_WAIT}
	local end=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
	while :; do
		[ "$(sqlite3 "$DB" "$sql" 2>/dev/null)" = "$want" ] && return 0
		[ $(( $(date +%s%N) / 1000000 )) -ge $end ] && return 1
		sleep 0.05
	done
}
