#!/bin/bash
# A server that goes away and comes back: the screen keeps the last data marked stale, keys are
# answered the whole time, the console does not spin, and it reconnects by itself. Then its
# backend is terminated from outside and it comes back on a new one. Uses its own fixture, since
# it stops the server.
set -u
. "$(dirname "$0")/../lib.sh"
need_private_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

tm_start 110 30 -- --refresh 0.5
tm_wait_for 'Espaço Ação & Cor' 10
tm_wait_for '^ connected ' 5
pid=$(tm_app_pid)

"$top_srcdir/tests/fixture/pgfixture" stop -m immediate >/dev/null
tm_wait_for 'STALE' 5
tm_wait_for 'reconnecting|connecting' 5
tm_screen | grep -q 'Espaço Ação & Cor' || fail "last data not kept on screen"

# Keys are answered during the outage.
t0=$(date +%s%N)
tm_keys 2; tm_wait_for 'waiting for the database|loading' 2
tm_keys 1; tm_wait_for 'Espaço Ação & Cor' 2
t1=$(date +%s%N)
[ $(( (t1 - t0) / 1000000 )) -lt 2000 ] || fail "keys took $(( (t1 - t0) / 1000000 )) ms during the outage"

# And it does not busy-loop while it waits (CPU over 4 s, in clock ticks of 10 ms).
c0=$(cpu_ticks "$pid"); sleep 4; c1=$(cpu_ticks "$pid")
[ $(( c1 - c0 )) -lt 40 ] || fail "used $(( c1 - c0 )) ticks of CPU in 4 s while disconnected"

"$top_srcdir/tests/fixture/pgfixture" start >/dev/null
tm_wait_for '^ connected ' 10
tm_wait_gone 'STALE' 5

# Terminated from outside: reconnects on a different backend, session settings applied again.
old=$(psql_fixture "select pid from pg_stat_activity where application_name = 'salondesk'")
[ -n "$old" ] || fail "no salondesk session on the server"
psql_fixture "select pg_terminate_backend($old)" >/dev/null
new=""
for i in $(seq 50); do
    new=$(psql_fixture "select pid from pg_stat_activity where application_name = 'salondesk' and pid <> $old")
    [ -n "$new" ] && break
    sleep 0.1
done
[ -n "$new" ] || fail "did not reconnect within 5 s after its backend was terminated"
tm_wait_for '^ connected ' 5
log=$("$top_srcdir/tests/fixture/pgfixture" log)
n=$(grep -c "set_config('statement_timeout'" "$log")
[ "$n" -ge 3 ] || fail "session settings applied $n times for 3 connections"

tm_keys q
rc=$(tm_wait_exit 5)
[ "$rc" = 0 ] || fail "exit status $rc"
tm_check_stty
[ -s "$TM_DIR/stderr" ] && fail "wrote to stderr: $(cat "$TM_DIR/stderr")"
exit 0
