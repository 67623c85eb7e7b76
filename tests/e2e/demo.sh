#!/bin/bash
# salondesk --demo: its own PostgreSQL with the demo data, no server to set up, and nothing left
# behind after q (the cluster's folder and processes are gone).
set -u
. "$(dirname "$0")/../lib.sh"
. "$top_srcdir/tests/tmux.sh"
unset SALONDESK_FIXTURE_DIR PGHOST PGPORT PGDATABASE PGUSER DATABASE_URL

tm_start 120 30 "SALONDESK_DATADIR=$top_srcdir" -- --demo
tm_wait_for 'Espaço Ação & Cor' 40
# The console runs under the fixture, so it is not the shell's child: find ours by its state dir.
dir=""
for p in $(pgrep -x salondesk); do
    env=$(tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null)
    echo "$env" | grep -qx "XDG_STATE_HOME=$XDG_STATE_HOME" || continue
    dir=$(echo "$env" | sed -n 's/^SALONDESK_FIXTURE_DIR=//p')
done
[ -n "$dir" ] && [ -d "$dir" ] || fail "no fixture folder for the demo"
tm_keys q
[ "$(tm_wait_exit 10)" = 0 ] || fail "exit status"
tm_check_stty
for i in $(seq 50); do [ -d "$dir" ] || break; sleep 0.1; done
[ -d "$dir" ] && fail "the demo database was left in $dir"
pgrep -f "postgres.*$dir" >/dev/null && fail "the demo server is still running"
exit 0
