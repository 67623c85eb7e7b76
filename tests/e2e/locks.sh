#!/bin/bash
# A table locked by someone else: the refresh waits at most lock_timeout (2 s), the status line
# gives the server's own words, keys are answered meanwhile, Ctrl-C cancels the waiting query,
# and once the lock is gone the data comes back by itself.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

# Hold the lock in the background for 8 s.
hold() {
    psql -X -q -h "$SALONDESK_FIXTURE_DIR" -p "$SALONDESK_FIXTURE_PORT" -U postgres -d whatsapp_saas \
        -c "begin; lock table salons in access exclusive mode; select pg_sleep($1); commit;" >/dev/null 2>&1 &
    for i in $(seq 50); do
        [ "$(psql_fixture "select count(*) from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'salons' and l.mode = 'AccessExclusiveLock' and l.granted")" = 1 ] && return 0
        sleep 0.1
    done
    fail "could not take the lock"
}

tm_start 120 30 -- --refresh 1
tm_wait_for 'Espaço Ação & Cor' 10
hold 8
t0=$(date +%s)
tm_wait_for 'lock timeout' 5
[ $(( $(date +%s) - t0 )) -le 4 ] || fail "the lock timeout took more than lock_timeout + 1 s to show"
tm_keys 4; tm_wait_for '4 Health'; tm_keys 1
tm_screen | grep -q 'Espaço Ação & Cor' || fail "data left the screen during the lock"
wait
tm_keys r
tm_wait_gone 'lock timeout' 6

# Ctrl-C while a refresh waits on a lock: the server's cancel message, and the console stays.
tm_keys : 'refresh 60' Enter
hold 6
tm_keys r; sleep 0.5
tm_keys C-c
tm_wait_for 'canceling statement due to user request' 3
tm_keys 2; tm_wait_for 'Today,|Bookings'
wait
tm_keys 1 q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
tm_check_stty
exit 0
